#include "metric_options.h"

#include "command.h"
#include "data/date_validation.h"

#include <QFileInfo>
#include <cmath>

namespace ts::cli {

std::optional<MetricsParams> MetricOptions::read(const QCommandLineParser& p, const QString& command) const {
    auto bad = [&](const QString& msg) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(command, msg));
        return std::nullopt;
    };
    if (p.isSet(rf) && p.isSet(rfSeries)) return bad(QStringLiteral("give --rf or --rf-series, not both"));
    if (p.isSet(rfSeries) && p.value(rfSeries).isEmpty())
        return bad(QStringLiteral("--rf-series needs a file or a symbol"));
    MetricsParams m;
    bool ok = false;
    m.rf = p.value(rf).toDouble(&ok);
    if (!ok || !std::isfinite(m.rf) || m.rf <= -1 || m.rf > 1)
        return bad(QStringLiteral("--rf must be an annual rate as a fraction between -1 and 1, got \"%1\"")
                       .arg(p.value(rf)));
    m.periods = p.value(periods).toDouble(&ok);
    if (!ok || !(m.periods >= 1 && m.periods <= 100000))
        return bad(QStringLiteral("--periods must be a positive number of periods per year, got \"%1\"")
                       .arg(p.value(periods)));
    m.periodsExplicit = p.isSet(periods);
    m.compounded = !p.isSet(simple);
    const auto conv = conventionFromName(p.value(convention));
    if (!conv)
        return bad(QStringLiteral("unknown convention \"%1\" (available: standard, quantstats)")
                       .arg(p.value(convention)));
    m.convention = *conv;
    return m;
}

bool MetricOptions::rfSeriesIsSymbol(const QCommandLineParser& p) const {
    return p.isSet(rfSeries) && !QFileInfo::exists(p.value(rfSeries));
}

std::optional<RiskFreeSource> MetricOptions::riskFree(const QCommandLineParser& p,
                                                      const QString& cachePath) const {
    if (!p.isSet(rfSeries)) return std::nullopt;
    if (rfSeriesIsSymbol(p)) return RiskFreeSource::cached(p.value(rfSeries), cachePath);
    return RiskFreeSource::file(p.value(rfSeries));
}

bool readDate(const QCommandLineParser& p, const QCommandLineOption& o, const QString& command, QDate& out) {
    if (!p.isSet(o)) return true;
    out = parseIsoDate(p.value(o));
    if (out.isValid()) return true;
    err(QStringLiteral("tearsheet-cli %1: --%2 must be a date YYYY-MM-DD, got \"%3\"\n")
            .arg(command, o.names().first(), p.value(o)));
    return false;
}

} // namespace ts::cli

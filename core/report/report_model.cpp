#include "report/report_model.h"

#include "analytics/numeric.h"

#include <QCryptographicHash>
#include <cmath>

namespace ts {
namespace {

QString percent(double v) {
    return QString::number(v * 100, 'f', 2) + QLatin1Char('%');
}

} // namespace

Result<ReportModel> buildReport(const ReportSpec& spec, const Progress& progress) {
    auto analysis = runAnalysis(spec.analysis, progress);
    if (!analysis) return analysis.error();
    ReportModel m;
    m.analysis = std::move(analysis).value();
    m.analysis.chart.colors = spec.colors;
    const AlignedReturns& al = m.analysis.aligned;
    m.title = spec.title.isEmpty() ? al.names.front() : spec.title;
    m.start = al.dates.front();
    m.end = al.dates.back();
    m.version = QStringLiteral(TEARSHEET_VERSION);
    m.generated = QDateTime::currentDateTimeUtc();

    QStringList strategies;
    for (std::size_t i = 0; i < al.strategyCount(); ++i)
        strategies << al.names[i];
    const auto& mp = m.analysis.params.metrics; // as used: detected periods, the rf series' average
    m.parameters.emplace_back(QStringLiteral("Strategies"), strategies.join(QStringLiteral(", ")));
    m.parameters.emplace_back(QStringLiteral("Benchmark"),
                              al.hasBenchmark ? al.names.back() : QStringLiteral("none"));
    for (const auto& p : spec.extraParameters)
        m.parameters.push_back(p);
    // Rows are days only on daily data: 120 monthly returns are not "120 days".
    const Frequency freq = m.analysis.frequency.frequency;
    const QString rowUnit = freq == Frequency::Weekly      ? QStringLiteral("weeks")
                            : freq == Frequency::Monthly   ? QStringLiteral("months")
                            : freq == Frequency::Quarterly ? QStringLiteral("quarters")
                                                           : QStringLiteral("days");
    m.parameters.emplace_back(QStringLiteral("Date range"),
                              QStringLiteral("%1 to %2 (%3 %4)")
                                  .arg(m.start.toString(Qt::ISODate), m.end.toString(Qt::ISODate))
                                  .arg(al.rows())
                                  .arg(rowUnit));
    if (const auto& rf = m.analysis.riskFree)
        m.parameters.emplace_back(QStringLiteral("Risk-free rate"),
                                  QStringLiteral("series %1 (%2 to %3): average %4, range %5 to %6 a year")
                                      .arg(rf->source, rf->first.toString(Qt::ISODate),
                                           rf->last.toString(Qt::ISODate), percent(rf->average),
                                           percent(rf->min), percent(rf->max)));
    else
        m.parameters.emplace_back(QStringLiteral("Risk-free rate"),
                                  percent(mp.rf) + QStringLiteral(" a year"));
    m.parameters.emplace_back(
        QStringLiteral("Periods per year"),
        QStringLiteral("%1 (%2; dates: %3)")
            .arg(mp.periods)
            .arg(mp.periodsExplicit ? QStringLiteral("set") : QStringLiteral("from the dates"),
                 frequencyName(freq)));
    m.parameters.emplace_back(QStringLiteral("Returns"), mp.compounded ? QStringLiteral("compounded")
                                                                       : QStringLiteral("simple (summed)"));
    m.parameters.emplace_back(QStringLiteral("Convention"), conventionName(mp.convention));
    m.parameters.emplace_back(QStringLiteral("Missing returns"), spec.analysis.missing == MissingPolicy::Drop
                                                                     ? QStringLiteral("dropped")
                                                                     : QStringLiteral("treated as flat"));
    for (const auto& s : spec.dataSources)
        m.parameters.emplace_back(QStringLiteral("Data source"), s);
    for (const auto& s : m.analysis.sources)
        m.parameters.emplace_back(QStringLiteral("Data source"), s);

    // A fingerprint of exactly what was analysed.
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (std::size_t i = 0; i < al.rows(); ++i) {
        const qint64 jd = al.dates[i].toJulianDay();
        h.addData(QByteArrayView(reinterpret_cast<const char*>(&jd), sizeof jd));
        for (const auto& col : al.columns)
            h.addData(QByteArrayView(reinterpret_cast<const char*>(&col[i]), sizeof(double)));
    }
    m.inputHash = QString::fromLatin1(h.result().toHex());
    m.parameters.emplace_back(QStringLiteral("Input hash (SHA-256)"), m.inputHash);
    m.parameters.emplace_back(QStringLiteral("Tearsheet"), m.version);

    // First, because it explains the date range every number in the report is computed over.
    if (const QString cut = alignmentNotice(al.summary); !cut.isEmpty()) m.dataQuality.push_back(cut);
    m.dataQuality.insert(m.dataQuality.end(), spec.dataQuality.begin(), spec.dataQuality.end());
    m.fundamentals = spec.fundamentals;
    for (const auto& n : m.analysis.notes)
        m.dataQuality.push_back(n);
    // Gaps: more than a week between two consecutive observations (half again the usual gap on weekly
    // or slower data, so that monthly data is not one gap per row).
    const double usualGap = freq == Frequency::Unknown ? 0 : 365.25 / periodsPerYear(freq);
    const qint64 maxGap = std::max<qint64>(7, std::llround(1.5 * usualGap));
    for (std::size_t i = 1; i < al.rows(); ++i) {
        const qint64 gap = al.dates[i - 1].daysTo(al.dates[i]);
        if (gap > maxGap)
            m.dataQuality.push_back(
                QStringLiteral("gap of %1 calendar days between %2 and %3")
                    .arg(gap)
                    .arg(al.dates[i - 1].toString(Qt::ISODate), al.dates[i].toString(Qt::ISODate)));
    }
    // Flat stretches at the end look like stale prices.
    for (std::size_t c = 0; c < al.columns.size(); ++c) {
        int flat = 0;
        for (std::size_t i = al.rows(); i-- > 0 && al.columns[c][i] == 0.0;)
            ++flat;
        if (flat >= 5)
            m.dataQuality.push_back(QStringLiteral("%1: the last %2 returns are exactly 0 (stale prices?)")
                                        .arg(al.names[c])
                                        .arg(flat));
    }
    if (m.dataQuality.empty())
        m.dataQuality.push_back(QStringLiteral("no gaps over a week, no stale last prices, nothing dropped"));

    m.worstDrawdowns = worstDrawdowns(m.analysis.metrics.drawdowns.front().episodes, 10);
    m.correlationNames = al.names;
    const std::size_t n = al.columns.size();
    m.correlation.assign(n, std::vector<double>(n, 1.0));
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = a + 1; b < n; ++b)
            m.correlation[a][b] = m.correlation[b][a] = num::pearson(al.columns[a], al.columns[b]);
    if (spec.monteCarloSims > 0) {
        const MetricsParams& used = m.analysis.params.metrics;
        auto mc = reportMonteCarlo(al, spec.monteCarloSims, used.periods, used.rf, spec.monteCarloMethod);
        if (!mc) return mc.error();
        m.monteCarlo = std::move(mc).value();
    }
    return m;
}

} // namespace ts

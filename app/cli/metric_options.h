#pragma once
// The metric options `metrics` and `report` share: --rf, --rf-series, --periods, --no-compound,
// --convention, read into MetricsParams with the same checks and messages.

#include "analytics/metrics_table.h"
#include "data/risk_free.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <optional>

namespace ts::cli {

struct MetricOptions {
    QCommandLineOption rf{QStringLiteral("rf"),
                          QStringLiteral("Annual risk-free rate as a fraction (0.02 = 2%). Default 0."),
                          QStringLiteral("R"), QStringLiteral("0")};
    QCommandLineOption rfSeries{
        QStringLiteral("rf-series"),
        QStringLiteral("Risk-free series instead of --rf: a CSV of annual yields (date and one column, in "
                       "percent when any value is above 1, else fractions), or a cached symbol such as ^IRX "
                       "(percent closes). The yield on each date is the last one published."),
        QStringLiteral("FILE|SYM")};
    QCommandLineOption periods{
        QStringLiteral("periods"),
        QStringLiteral("Periods per year (252 trading days, 365 calendar days, 52, 12, 4). "
                       "Default: detected from the dates (252 when irregular)."),
        QStringLiteral("N"), QStringLiteral("252")};
    QCommandLineOption simple{QStringLiteral("no-compound"),
                              QStringLiteral("Sum returns instead of compounding them.")};
    QCommandLineOption convention{QStringLiteral("convention"),
                                  QStringLiteral("Metric convention: standard (textbook definitions, the "
                                                 "default) or quantstats (QuantStats 0.0.81 exactly)."),
                                  QStringLiteral("NAME"), QStringLiteral("standard")};
    void addTo(QCommandLineParser& p) const { p.addOptions({rf, rfSeries, periods, simple, convention}); }

    // The parameters, or nothing after printing what is wrong (exit code 2).
    std::optional<MetricsParams> read(const QCommandLineParser& p, const QString& command) const;
    // --rf-series names a symbol (no such file): the price cache is needed.
    bool rfSeriesIsSymbol(const QCommandLineParser& p) const;
    // The --rf-series source: a file when the path exists, else a symbol in `cachePath`.
    std::optional<RiskFreeSource> riskFree(const QCommandLineParser& p, const QString& cachePath) const;
};

// --start/--end style dates: false after printing what is wrong.
bool readDate(const QCommandLineParser& p, const QCommandLineOption& o, const QString& command, QDate& out);

} // namespace ts::cli

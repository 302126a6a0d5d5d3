#pragma once
// The metric options `metrics` and `report` share: --rf, --periods, --no-compound, --convention,
// read into MetricsParams with the same checks and messages.

#include "analytics/metrics_table.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <optional>

namespace ts::cli {

struct MetricOptions {
    QCommandLineOption rf{QStringLiteral("rf"),
                          QStringLiteral("Annual risk-free rate as a fraction (0.02 = 2%). Default 0."),
                          QStringLiteral("R"), QStringLiteral("0")};
    QCommandLineOption periods{
        QStringLiteral("periods"),
        QStringLiteral("Periods per year (252 daily, 365 crypto, 52, 12). Default 252."), QStringLiteral("N"),
        QStringLiteral("252")};
    QCommandLineOption simple{QStringLiteral("no-compound"),
                              QStringLiteral("Sum returns instead of compounding them.")};
    QCommandLineOption convention{QStringLiteral("convention"),
                                  QStringLiteral("Metric convention: standard (textbook definitions, the "
                                                 "default) or quantstats (QuantStats 0.0.81 exactly)."),
                                  QStringLiteral("NAME"), QStringLiteral("standard")};
    void addTo(QCommandLineParser& p) const { p.addOptions({rf, periods, simple, convention}); }

    // The parameters, or nothing after printing what is wrong (exit code 2).
    std::optional<MetricsParams> read(const QCommandLineParser& p, const QString& command) const;
};

// --start/--end style dates: false after printing what is wrong.
bool readDate(const QCommandLineParser& p, const QCommandLineOption& o, const QString& command, QDate& out);

} // namespace ts::cli

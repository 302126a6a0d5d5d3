#pragma once
// What POST /api/v1/reports may hold, as one JSON Schema (published at GET /api/v1/schema), and the
// one sanitiser that applies it to a request as a whole: every series, wherever the schema allows
// one (top level, `defaults`, `reports[]`, strategies, benchmarks), is a cached symbol, a portfolio
// of cached symbols or inline CSV text. Nothing in a request names a file the server would open.

#include "util/result.h"

#include <QJsonObject>
#include <QString>

namespace ts::server {

struct ReportLimits {
    int maxStrategies = 50; // per report
    int maxSymbols = 200;   // per portfolio
    int maxCsvRows = 100'000; // per inline CSV
    int maxMonteCarloSims = 10'000; // per report's Monte Carlo section (block: ~0.15 s on 2 cores)
};

QJsonObject reportRequestSchema(const ReportLimits& limits);

struct SanitisedReport {
    QJsonObject defaults; // without formats
    QJsonObject report;   // inline CSV already written to the folder and referenced by our own paths
    QString title;
    // Which limit refused the request, if one did (for the metrics): "strategies", "symbols", "csv_rows".
    QString limitHit;
};

// Checks `body` against the schema and the limits and writes inline series into `folder` as
// series-N.csv. Inline series are named by position ("strategy 2", "benchmark") unless named.
// On refusal, `limitHit` (when given) names the limit that fired.
Result<SanitisedReport> sanitiseReportRequest(const QJsonObject& body, const ReportLimits& limits,
                                              const QString& folder, QString* limitHit = nullptr);

} // namespace ts::server

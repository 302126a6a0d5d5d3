#pragma once
// Presenting an analysis: the metrics table as text (QuantStats' printed layout), CSV, and the JSON
// contract the QuantStats oracle checks (tests/data/oracle/README.md: metrics by key, drawdowns,
// monthly returns) plus the EOY tables and the parameters used.

#include "report/analysis.h"

#include <QJsonObject>
#include <QString>

namespace ts {

// A value as QuantStats prints it: percentages x100 with "%", 2 decimals, "-" when undefined.
QString formatMetric(const MetricDef& def, const MetricValue& v);

QString metricsText(const Analysis& a);
QString metricsCsv(const Analysis& a);
// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
QString csvField(QString s);
QJsonObject metricsJson(const Analysis& a);

} // namespace ts

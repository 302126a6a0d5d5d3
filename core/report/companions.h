#pragma once
// CSV and JSON companions of a report: every table and every chart's series, plus metrics.json in
// the oracle's schema, so numbers behind a picture can be read by any tool.

#include "report/report_model.h"

#include <QStringList>

namespace ts {

// Writes into `dir` (created); returns the files written. Each file is written atomically.
Result<QStringList> writeCompanions(const ReportModel& m, const QString& dir);

} // namespace ts

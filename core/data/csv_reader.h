#pragma once
// Reads date-indexed CSV files: a header row, a date in the first column (ISO YYYY-MM-DD, optionally
// followed by a time, or US M/D/YYYY) and one or more numeric columns. An empty cell, "NaN", "NA" or
// "null" is a missing value; anything else that is not a finite number is an error naming file and line.

#include "data/series.h"
#include "util/result.h"

#include <QByteArray>

namespace ts {

Result<Frame> parseCsv(const QByteArray& text, const QString& sourceName);
Result<Frame> readCsvFile(const QString& path);

// Parses one date cell; invalid QDate when it is not a supported format.
QDate parseDateCell(QByteArrayView cell);

} // namespace ts

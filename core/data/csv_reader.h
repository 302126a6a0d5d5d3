#pragma once
// Reads date-indexed CSV files: a header row, a date in the first column (ISO YYYY-MM-DD, optionally
// followed by a time, or US M/D/YYYY) and one or more numeric columns. An empty cell, "NaN", "NA" or
// "null" is a missing value; anything else that is not a finite number is an error naming file and line.
// Input is hostile until read: UTF-8 only (UTF-16 and NUL bytes are named), dates in years 1-9999
// (data/date_validation.h), and lines, fields, columns and values within util/input_limits.h.

#include "data/series.h"
#include "util/result.h"

#include <QByteArray>

namespace ts {

Result<Frame> parseCsv(const QByteArray& text, const QString& sourceName);
Result<Frame> readCsvFile(const QString& path);

// Parses one date cell; invalid QDate when it is not a supported format or outside years 1-9999.
QDate parseDateCell(QByteArrayView cell);

} // namespace ts

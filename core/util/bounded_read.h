#pragma once
// Reads a whole input file, refusing one larger than a ceiling before holding it in memory (a
// regular file by its size, a pipe or device by reading at most one chunk past the ceiling).

#include "util/result.h"

#include <QByteArray>

namespace ts {

// `what` names the kind of file in the message ("a CSV file", "a report config").
Result<QByteArray> readFileBounded(const QString& path, qint64 maxBytes, const QString& what);

} // namespace ts

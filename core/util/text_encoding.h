#pragma once
// Text files are read as UTF-8 (with or without a BOM). A UTF-16 or UTF-32 file, or one with NUL
// bytes, would otherwise fail later with a message whose invisible characters hide the cause.

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace ts {

// What is wrong with the encoding of `data`, as a message naming it ("UTF-16 is not supported; save
// as UTF-8"); nothing when it can be read as UTF-8. Only the BOM and the NUL bytes are examined.
std::optional<QString> textEncodingProblem(QByteArrayView data);

} // namespace ts

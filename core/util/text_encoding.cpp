#include "util/text_encoding.h"

namespace ts {

std::optional<QString> textEncodingProblem(QByteArrayView data) {
    auto starts = [&](const char* bom, qsizetype n) {
        return data.size() >= n && data.first(n) == QByteArrayView(bom, n);
    };
    if (starts("\xFF\xFE\x00\x00", 4) || starts("\x00\x00\xFE\xFF", 4))
        return QStringLiteral("UTF-32 is not supported; save as UTF-8");
    if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2))
        return QStringLiteral("UTF-16 is not supported; save as UTF-8");
    const qsizetype nul = data.indexOf('\0');
    if (nul < 0) return std::nullopt;
    // UTF-16 without a BOM: ASCII text with every other byte NUL.
    if (data.size() >= 4 && nul <= 1 && (data[nul + 2] == '\0'))
        return QStringLiteral("UTF-16 is not supported; save as UTF-8 (NUL bytes between the characters)");
    const qsizetype line = data.first(nul).count('\n') + 1;
    return QStringLiteral("NUL byte at line %1 (byte %2): not a text file, or not UTF-8")
        .arg(line)
        .arg(nul + 1);
}

} // namespace ts

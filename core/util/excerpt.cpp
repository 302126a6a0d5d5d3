#include "util/excerpt.h"

namespace ts {
namespace {

bool invisible(char32_t c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xad || (c >= 0x200b && c <= 0x200f) ||
           (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || c == 0xfeff || c == 0xfffd;
}

} // namespace

QString excerpt(QStringView text, qsizetype maxChars) {
    QString out;
    qsizetype shown = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (shown >= maxChars) {
            out += QStringLiteral("...");
            break;
        }
        const QChar c = text[i];
        const char32_t u = c.unicode();
        if (u == '\t')
            out += QStringLiteral("\\t");
        else if (u == '\n')
            out += QStringLiteral("\\n");
        else if (u == '\r')
            out += QStringLiteral("\\r");
        else if (u < 0x100 && invisible(u))
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else if (invisible(u))
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
        ++shown;
    }
    return out;
}

QString excerpt(QByteArrayView bytes, qsizetype maxChars) {
    // Four bytes per character at most in UTF-8; decoding more than that would only be cut off.
    const qsizetype take = std::min<qsizetype>(bytes.size(), maxChars * 4 + 4);
    QString s = QString::fromUtf8(bytes.first(take));
    if (take < bytes.size() && s.size() <= maxChars) s += QStringLiteral("..."); // cut inside a character
    return excerpt(QStringView(s), maxChars);
}

} // namespace ts

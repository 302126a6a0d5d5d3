#pragma once
// Untrusted text quoted in a message: at most a short excerpt, with control and invisible
// characters shown escaped (\t, \n, \x00, \u200b, ...) so that what hides the problem is visible.

#include "util/input_limits.h"

#include <QByteArrayView>
#include <QString>

namespace ts {

QString excerpt(QStringView text, qsizetype maxChars = limits::kExcerptChars);
// Bytes taken as UTF-8 (invalid sequences shown as U+FFFD); only the first bytes are decoded.
QString excerpt(QByteArrayView bytes, qsizetype maxChars = limits::kExcerptChars);

} // namespace ts

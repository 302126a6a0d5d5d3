#include "util/names.h"

#include "util/excerpt.h"

namespace ts {
namespace {

bool hasControl(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format) return true;
    return false;
}

std::optional<Error> common(const QString& name, const QString& what) {
    if (name.size() > limits::kMaxNameChars)
        return Error::badInput(QStringLiteral("%1: the name is longer than %2 characters (%3 given): \"%4\"")
                                   .arg(what)
                                   .arg(limits::kMaxNameChars)
                                   .arg(name.size())
                                   .arg(excerpt(name)));
    if (hasControl(name))
        return Error::badInput(
            QStringLiteral("%1: the name \"%2\" contains control characters").arg(what, excerpt(name)));
    return std::nullopt;
}

} // namespace

Result<QString> checkFileStem(const QString& name, const QString& what) {
    if (name.trimmed().isEmpty()) return Error::badInput(QStringLiteral("%1: the name is empty").arg(what));
    if (auto e = common(name, what)) return *e;
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) ||
        name.startsWith(QLatin1Char('.')))
        return Error::badInput(
            QStringLiteral("%1: the name \"%2\" must be a plain file name (no '/', '\\' or "
                           "leading '.')")
                .arg(what, excerpt(name)));
    return name;
}

Result<QString> checkDisplayName(const QString& name, const QString& what) {
    if (auto e = common(name, what)) return *e;
    return name;
}

} // namespace ts

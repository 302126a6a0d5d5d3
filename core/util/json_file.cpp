#include "util/json_file.h"

#include "util/bounded_read.h"
#include "util/text_encoding.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace ts {

Result<QJsonObject> readJsonObjectFile(const QString& path, const QString& what, qint64 maxBytes) {
    auto bytes = readFileBounded(path, maxBytes, what);
    if (!bytes) return bytes.error();
    if (auto problem = textEncodingProblem(*bytes))
        return Error::badInput(QStringLiteral("%1: %2").arg(path, *problem));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error::badInput(QStringLiteral("%1: not a JSON object (%2 at byte %3)")
                                   .arg(path, pe.error != QJsonParseError::NoError
                                                  ? pe.errorString()
                                                  : QStringLiteral("no object"))
                                   .arg(pe.offset));
    return doc.object();
}

} // namespace ts

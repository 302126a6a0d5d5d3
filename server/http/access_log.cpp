#include "access_log.h"

#include "util/logging.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ts::server::http {

QString escapeForLog(const QString& s, int max) {
    QString out;
    out.reserve(std::min<qsizetype>(s.size(), max) + 8);
    for (const QChar c : s) {
        if (out.size() >= max) {
            out += QStringLiteral("...");
            break;
        }
        const char16_t u = c.unicode();
        if (u == u'\n')
            out += QStringLiteral("\\n");
        else if (u == u'\r')
            out += QStringLiteral("\\r");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u == u'\\')
            out += QStringLiteral("\\\\");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            out += QStringLiteral("\\x%1").arg(static_cast<int>(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QByteArray formatAccess(const AccessRecord& r, LogFormat format) {
    if (format == LogFormat::Json) {
        // QJsonDocument escapes every control character; the length bound still applies.
        const QJsonObject o{{QStringLiteral("type"), QStringLiteral("access")},
                            {QStringLiteral("client"), r.client.left(64)},
                            {QStringLiteral("method"), r.method.left(16)},
                            {QStringLiteral("path"), r.path.left(512)},
                            {QStringLiteral("route"), r.route},
                            {QStringLiteral("status"), r.status},
                            {QStringLiteral("bytes"), r.bytes},
                            {QStringLiteral("ms"), qRound(r.ms * 10) / 10.0},
                            {QStringLiteral("request_id"), r.requestId}};
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    return QStringLiteral("%1 %2 %3 %4 %5 bytes %6 ms id=%7")
        .arg(escapeForLog(r.client, 64), escapeForLog(r.method, 16), escapeForLog(r.path))
        .arg(r.status)
        .arg(r.bytes)
        .arg(r.ms, 0, 'f', 1)
        .arg(escapeForLog(r.requestId, 64))
        .toUtf8();
}

void logAccess(const AccessRecord& r, LogFormat format) {
    logger("server.access")->info("{}", formatAccess(r, format).toStdString());
}

} // namespace ts::server::http

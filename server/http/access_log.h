#pragma once
// One line per answered request on the "server.access" logger, as text or as JSON lines
// (TEARSHEET_LOG_FORMAT=json). Anything a client sent is escaped, so a request cannot forge lines.

#include <QByteArray>
#include <QString>

namespace ts::server::http {

struct AccessRecord {
    QString client, method, path, route, requestId;
    int status = 0;
    qint64 bytes = 0;
    double ms = 0;
};

enum class LogFormat { Text, Json };

// "\n" → "\\n", other control and non-ASCII-printable bytes as \xNN; at most `max` characters.
QString escapeForLog(const QString& s, int max = 512);
QByteArray formatAccess(const AccessRecord& r, LogFormat format);
void logAccess(const AccessRecord& r, LogFormat format);

} // namespace ts::server::http

#pragma once
// gzip for answers: in memory for small bodies, file to file for results (done off the server
// thread, once per result).

#include <QByteArray>
#include <QString>

namespace ts::server::http {

QByteArray gzipBytes(const QByteArray& data);
// Writes `to` (a temporary name first, renamed when complete); false when it could not.
bool gzipFile(const QString& from, const QString& to);

} // namespace ts::server::http

#pragma once
// Qt 6.4's HTTP server reads a whole request into memory before any handler sees it and has no
// size limit. The guard watches each connection's raw bytes first and refuses an oversized header
// or body, or a body of unknown length, before the server buffers it.

#include <QByteArray>
#include <QByteArrayView>

namespace ts::server {

class RequestGuard {
public:
    enum class Verdict { Continue, HeaderTooLarge, BodyTooLarge, LengthRequired };

    RequestGuard(qint64 maxHeaderBytes, qint64 maxBodyBytes)
        : m_maxHeader(maxHeaderBytes)
        , m_maxBody(maxBodyBytes) {}

    // The next bytes received on the connection, in order; requests may follow one another.
    Verdict feed(QByteArrayView data);

private:
    Verdict headerComplete();

    qint64 m_maxHeader, m_maxBody;
    QByteArray m_header; // the header block being received
    qint64 m_bodyLeft = 0;
};

} // namespace ts::server

#pragma once
// A QTcpServer whose sockets pass through a RequestGuard before the HTTP server reads them: an
// oversized request is answered (413/431/411) and closed without being buffered.

#include "request_guard.h"

#include <QTcpServer>
#include <functional>

namespace ts::server {

class GuardedTcpServer : public QTcpServer {
public:
    GuardedTcpServer(qint64 maxHeaderBytes, qint64 maxBodyBytes, QObject* parent = nullptr)
        : QTcpServer(parent)
        , m_maxHeader(maxHeaderBytes)
        , m_maxBody(maxBodyBytes) {}

    // Told about every refusal (status), for the metrics.
    std::function<void(int status)> onRefused;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    qint64 m_maxHeader, m_maxBody;
};

// The bytes of a complete JSON error response with the server's headers (also used by the API).
QByteArray rawErrorResponse(int status, const QByteArray& reason, const QString& code,
                            const QString& message);

} // namespace ts::server

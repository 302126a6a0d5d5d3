#include "guarded_tcp_server.h"

#include "security_headers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

namespace ts::server {

namespace {

// Lives as a child of its socket, so it goes when the socket goes.
class SocketGuard : public QObject {
public:
    SocketGuard(QTcpSocket* socket, qint64 maxHeader, qint64 maxBody)
        : QObject(socket)
        , guard(maxHeader, maxBody) {}
    RequestGuard guard;
};

} // namespace

QByteArray rawErrorResponse(int status, const QByteArray& reason, const QString& code,
                            const QString& message) {
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                                       QJsonObject{{QStringLiteral("status"), status},
                                                                   {QStringLiteral("code"), code},
                                                                   {QStringLiteral("message"), message}}}})
                                .toJson(QJsonDocument::Compact);
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto& [k, v] : securityHeaders())
        r += k + ": " + v + "\r\n";
    r += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
         QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return r;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto* g = new SocketGuard(socket, m_maxHeader, m_maxBody);
    // Connected before the HTTP server's own slot, so it sees each chunk first, unread.
    connect(socket, &QTcpSocket::readyRead, g, [this, socket, g] {
        const QByteArray chunk = socket->peek(socket->bytesAvailable());
        const RequestGuard::Verdict v = g->guard.feed(chunk);
        if (v == RequestGuard::Verdict::Continue) return;
        // Nothing more of this connection reaches the HTTP server.
        disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
        int status = 413;
        QByteArray response;
        if (v == RequestGuard::Verdict::BodyTooLarge)
            response =
                rawErrorResponse(413, "Payload Too Large", QStringLiteral("payload_too_large"),
                                 QStringLiteral("the request body is larger than %1 bytes").arg(m_maxBody));
        else if (v == RequestGuard::Verdict::HeaderTooLarge)
            status = 431, response = rawErrorResponse(
                              431, "Request Header Fields Too Large", QStringLiteral("header_too_large"),
                              QStringLiteral("the request header is larger than %1 bytes").arg(m_maxHeader));
        else
            status = 411,
            response = rawErrorResponse(
                411, "Length Required", QStringLiteral("length_required"),
                QStringLiteral("send the body with Content-Length (chunked bodies are not accepted)"));
        socket->write(response);
        // Closing while the client still sends would reset the connection and lose the answer:
        // read and drop what keeps arriving (up to a bound) until the client closes, then close.
        auto* dropped = new qint64(0);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, dropped] {
            *dropped += socket->readAll().size();
            if (*dropped > (64 << 20)) socket->abort();
        });
        connect(socket, &QObject::destroyed, [dropped] { delete dropped; });
        socket->readAll();
        QTimer::singleShot(2000, socket, [socket] { socket->disconnectFromHost(); });
        QTimer::singleShot(10000, socket, [socket] { socket->abort(); });
        if (onRefused) onRefused(status);
    });
    addPendingConnection(socket);
}

} // namespace ts::server

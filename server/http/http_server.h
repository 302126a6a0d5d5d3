#pragma once
// The transport under `serve`: libmicrohttpd (one epoll thread, suspend/resume, TLS through GnuTLS)
// with every bound of HttpLimits. Probes are answered on the transport's own thread; everything
// else is handed to the API's thread and answered from there (or from any thread) through the
// Exchange, while the connection is suspended. A watch thread closes connections that outstay
// the header, body or idle timeout and notices clients that leave while their answer is prepared.

#include "access_log.h"
#include "http_exchange.h"
#include "limits.h"
#include "util/result.h"

#include <QHostAddress>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace ts::server::http {

struct ServerHooks {
    // Transport thread: an answer that needs no application state (probes), else nullopt; it may
    // set the exchange's route label.
    std::function<std::optional<HttpResponse>(Exchange&)> immediate;
    // The API's thread: answer through x->respond().
    std::function<void(const ExchangePtr&)> handle;
    // Transport thread, once per request that reached the handler stage: metrics.
    std::function<void(const Exchange&, int status, double seconds)> completed;
    // Any thread: a bound fired ("header_timeout", "rate", ...).
    std::function<void(const char* limit)> limitHit;
};

struct ListenOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;
    QByteArray tlsCertPem, tlsKeyPem; // both set: HTTPS
    bool metricsListener = false;     // marks requests, so the API answers only /metrics there
    LogFormat logFormat = LogFormat::Text;
};

class HttpServer {
public:
    HttpServer(ListenOptions listen, HttpLimits limits, ServerHooks hooks, QObject* apiThreadObject);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // The port bound (the option may be 0), or why not.
    Result<quint16> start();
    void stopAccepting();
    // Answers from now on carry Connection: close.
    void setDraining(bool on);
    int openConnections() const;

    struct Impl;

private:
    std::shared_ptr<Impl> m;
};

// The error body every part of the server uses: {"error":{"status","code","message"}}.
HttpResponse errorResponse(int status, const QString& code, const QString& message, Headers headers = {});

} // namespace ts::server::http

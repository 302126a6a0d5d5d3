#pragma once
// One HTTP request and its answer, as the API sees them: the transport (libmicrohttpd) fills in the
// request, the API answers once, from any thread, through respond().

#include <QByteArray>
#include <QString>
#include <QUrlQuery>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace ts::server::http {

using Headers = std::vector<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method;   // as sent; HEAD is answered like GET, without the body
    QString path;        // decoded
    QUrlQuery query;
    Headers headers;     // names lower-case, in the order received
    QByteArray body;
    QString client;      // the peer, or the client a trusted proxy names in X-Forwarded-For
    QByteArray requestId;
    bool metricsListener = false; // arrived on the separate metrics listener

    QByteArray header(QByteArrayView name) const {
        for (const auto& [k, v] : headers)
            if (k == name) return v;
        return {};
    }
    bool acceptsGzip() const;
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    Headers headers;
    QByteArray body;  // the body, unless `file` is set
    QString file;     // a file streamed from disk by the transport
    QString gzipFile; // the same content compressed, sent when the client accepts gzip
    bool compressible = true;
};

// The transport keeps one per request; the API holds it until it has answered.
class Exchange {
public:
    HttpRequest request;
    QString routeLabel = QStringLiteral("(unknown)"); // the route pattern, for metrics
    qint64 startedNs = 0;

    // Exactly once; later calls are ignored. Thread-safe.
    void respond(HttpResponse r) {
        std::function<void(HttpResponse)> f;
        {
            std::lock_guard lock(m_mutex);
            if (m_answered) return;
            m_answered = true;
            f = std::move(m_deliver);
        }
        if (f) f(std::move(r));
    }
    bool answered() const {
        std::lock_guard lock(m_mutex);
        return m_answered;
    }
    // The client closed its connection while waiting (the transport noticed).
    std::atomic<bool> clientGone{false};
    std::function<void()> onClientGone; // set and called on the API's thread

    void setDeliver(std::function<void(HttpResponse)> f) {
        std::lock_guard lock(m_mutex);
        m_deliver = std::move(f);
    }

private:
    mutable std::mutex m_mutex;
    bool m_answered = false;
    std::function<void(HttpResponse)> m_deliver;
};

using ExchangePtr = std::shared_ptr<Exchange>;

} // namespace ts::server::http

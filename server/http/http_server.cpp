#include "http_server.h"

#include "client_limits.h"
#include "gzip.h"
#include "security_headers.h"
#include "util/logging.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <map>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace ts::server::http {

namespace {

using Clock = std::chrono::steady_clock;

// A refused body up to this size is read and dropped so the client gets the answer; a larger one
// is answered at once and the connection closed.
constexpr qint64 kDiscardBytes = 64LL << 20;

qint64 nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

QString addressText(const sockaddr* sa) {
    if (!sa) return QStringLiteral("?");
    QHostAddress a(sa);
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    return ok ? QHostAddress(v4).toString() : a.toString();
}

QByteArray newRequestId() {
    const quint64 a = QRandomGenerator::system()->generate64(), b = QRandomGenerator::system()->generate64();
    return QByteArray::number(a, 16).rightJustified(16, '0') + QByteArray::number(b, 16).rightJustified(16, '0');
}

bool usableRequestId(const QByteArray& id) {
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._:-]{1,64}$"));
    return !id.isEmpty() && re.match(QString::fromLatin1(id)).hasMatch();
}

} // namespace

bool HttpRequest::acceptsGzip() const {
    for (const QByteArray& part : header("accept-encoding").toLower().split(',')) {
        const QList<QByteArray> fields = part.trimmed().split(';');
        if (fields.value(0).trimmed() != "gzip") continue;
        // "gzip;q=0" refuses it.
        for (qsizetype i = 1; i < fields.size(); ++i)
            if (fields[i].trimmed().startsWith("q=") && fields[i].trimmed().mid(2).toDouble() <= 0) return false;
        return true;
    }
    return false;
}

HttpResponse errorResponse(int status, const QString& code, const QString& message, Headers headers) {
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                        QJsonObject{{QStringLiteral("status"), status},
                                                    {QStringLiteral("code"), code},
                                                    {QStringLiteral("message"), message}}}})
                 .toJson(QJsonDocument::Compact);
    return r;
}

// One TCP connection (MHD's socket context).
struct Conn {
    enum class Phase { Header, Body, Processing, Idle };
    MHD_Connection* mhd = nullptr;
    int fd = -1;
    QHostAddress peer;
    QString peerText;
    Phase phase = Phase::Header;
    Clock::time_point since = Clock::now();
    bool closing = false;
    std::weak_ptr<Exchange> waiting; // an exchange the API is preparing while the connection is suspended
};

// One request (MHD's per-request context).
struct Req {
    std::mutex mutex;
    ExchangePtr x = std::make_shared<Exchange>();
    Conn* conn = nullptr;
    MHD_Connection* mhd = nullptr;
    QByteArray rawUri;
    bool started = false, answeredEarly = false, dispatched = false, suspended = false, queued = false;
    bool discard = false; // the answer is decided: the rest of the body is read and dropped
    qint64 discarded = 0;
    std::optional<HttpResponse> ready;
    int status = 0;
    qint64 bytes = 0;
};

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    ListenOptions listen;
    HttpLimits limits;
    ServerHooks hooks;
    QObject* target = nullptr;
    MHD_Daemon* daemon = nullptr;
    ClientLimits clients;
    TrustedProxies proxies;
    std::atomic<bool> draining{false}, stopping{false};

    std::mutex connMutex;
    std::map<Conn*, Conn*> conns;
    std::thread watch;
    std::mutex watchMutex;
    std::condition_variable watchWake;
    bool watchStop = false;

    Impl(ListenOptions l, HttpLimits lim, ServerHooks h, QObject* t)
        : listen(std::move(l))
        , limits(std::move(lim))
        , hooks(std::move(h))
        , target(t)
        , clients(limits.maxConnections, limits.maxClientConnections, limits.requestsPerMinute) {}

    void hit(const char* limit) {
        if (hooks.limitHit) hooks.limitHit(limit);
    }

    void setPhase(Conn* c, Conn::Phase p) {
        std::lock_guard lock(connMutex);
        c->phase = p;
        c->since = Clock::now();
    }

    // --- callbacks from libmicrohttpd -------------------------------------------------------

    static MHD_Result acceptPolicy(void* cls, const sockaddr* addr, socklen_t) {
        auto* self = static_cast<Impl*>(cls);
        const QHostAddress peer(addr);
        switch (self->clients.admit(addressText(addr), self->proxies.contains(peer))) {
        case ClientLimits::Admit::Yes:
            return MHD_YES;
        case ClientLimits::Admit::TooManyConnections:
            self->hit("connections");
            return MHD_NO;
        case ClientLimits::Admit::TooManyFromClient:
            self->hit("client_connections");
            return MHD_NO;
        }
        return MHD_NO;
    }

    static void notifyConnection(void* cls, MHD_Connection* connection, void** socketContext,
                                 MHD_ConnectionNotificationCode code) {
        auto* self = static_cast<Impl*>(cls);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            auto* c = new Conn;
            c->mhd = connection;
            if (const auto* i = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD))
                c->fd = i->connect_fd;
            if (const auto* i = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
                c->peer = QHostAddress(i->client_addr);
                c->peerText = addressText(i->client_addr);
            }
            *socketContext = c;
            self->clients.opened(c->peerText);
            std::lock_guard lock(self->connMutex);
            self->conns[c] = c;
        } else if (auto* c = static_cast<Conn*>(*socketContext)) {
            {
                std::lock_guard lock(self->connMutex);
                self->conns.erase(c);
            }
            self->clients.closed(c->peerText);
            delete c;
            *socketContext = nullptr;
        }
    }

    static void* uriLog(void* cls, const char* uri, MHD_Connection* connection) {
        auto* self = static_cast<Impl*>(cls);
        auto* r = new std::shared_ptr<Req>(std::make_shared<Req>());
        (*r)->mhd = connection;
        (*r)->rawUri = QByteArray(uri ? uri : "");
        if (const auto* i = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT)) {
            (*r)->conn = static_cast<Conn*>(i->socket_context);
            // A new request: its header must now arrive within the header timeout.
            if ((*r)->conn && (*r)->conn->phase == Conn::Phase::Idle) self->setPhase((*r)->conn, Conn::Phase::Header);
        }
        (*r)->x->startedNs = nowNs();
        return r;
    }

    static MHD_Result collectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
        auto* h = static_cast<Headers*>(cls);
        h->emplace_back(QByteArray(key ? key : "").toLower(), QByteArray(value ? value : ""));
        return MHD_YES;
    }

    static MHD_Result collectArgument(void* cls, MHD_ValueKind, const char* key, const char* value) {
        auto* q = static_cast<QList<std::pair<QString, QString>>*>(cls);
        q->append({QString::fromUtf8(key ? key : ""), QString::fromUtf8(value ? value : "")});
        return MHD_YES;
    }

    static void requestCompleted(void* cls, MHD_Connection*, void** requestContext,
                                 MHD_RequestTerminationCode toe) {
        auto* self = static_cast<Impl*>(cls);
        auto* rp = static_cast<std::shared_ptr<Req>*>(*requestContext);
        if (!rp) return;
        std::shared_ptr<Req> r = *rp;
        delete rp;
        *requestContext = nullptr;
        if (r->conn) self->setPhase(r->conn, Conn::Phase::Idle);
        if (!r->started) return;
        const int status = r->queued ? (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? r->status : 499) : 499;
        const double seconds = static_cast<double>(nowNs() - r->x->startedNs) / 1e9;
        if (self->hooks.completed) self->hooks.completed(*r->x, status, seconds);
        AccessRecord rec;
        rec.client = r->x->request.client;
        rec.method = QString::fromLatin1(r->x->request.method);
        // The path as sent (still percent-encoded): what the client wrote, escaped by the logger.
        rec.path = QString::fromUtf8(r->rawUri);
        rec.route = r->x->routeLabel;
        rec.requestId = QString::fromLatin1(r->x->request.requestId);
        rec.status = status;
        rec.bytes = r->bytes;
        rec.ms = seconds * 1000;
        logAccess(rec, self->listen.logFormat);
    }

    static MHD_Result access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                             const char*, const char* upload, size_t* uploadSize, void** requestContext) {
        auto* self = static_cast<Impl*>(cls);
        auto* rp = static_cast<std::shared_ptr<Req>*>(*requestContext);
        if (!rp || self->stopping) return MHD_NO;
        Req& r = **rp;
        if (!r.started) return self->begin(r, connection, url, method);
        if (*uploadSize > 0) {
            const size_t n = *uploadSize;
            *uploadSize = 0;
            if (r.answeredEarly) return MHD_YES; // drained while the early answer goes out
            if (r.discard) {
                // Read and dropped, so the answer reaches a client that is still sending (closing
                // with unread bytes would reset the connection and lose it), up to a bound.
                r.discarded += static_cast<qint64>(n);
                return r.discarded > kDiscardBytes ? MHD_NO : MHD_YES;
            }
            if (r.x->request.body.size() + static_cast<qint64>(n) > self->limits.maxBodyBytes) {
                // A chunked body grew past the limit: the rest is read and dropped (up to
                // kDiscardBytes, within the body timeout) and the answer sent at its end; libmicrohttpd
                // cannot send an answer while a body is still arriving.
                self->hit("body_size");
                r.x->routeLabel = QStringLiteral("(refused)");
                r.x->request.body.clear();
                r.discard = true;
                std::lock_guard lock(r.mutex);
                r.ready = errorResponse(413, QStringLiteral("payload_too_large"),
                                        QStringLiteral("the request body is larger than %1 bytes").arg(self->limits.maxBodyBytes));
                return MHD_YES;
            }
            r.x->request.body.append(upload, static_cast<qsizetype>(n));
            return MHD_YES;
        }
        if (r.answeredEarly) return MHD_YES;
        std::unique_lock lock(r.mutex);
        if (r.ready) {
            HttpResponse resp = std::move(*r.ready);
            r.ready.reset();
            lock.unlock();
            return self->queue(r, std::move(resp));
        }
        if (!r.dispatched) self->dispatch(*rp);
        r.suspended = true;
        if (r.conn) {
            std::lock_guard cl(self->connMutex);
            r.conn->waiting = r.x;
        }
        MHD_suspend_connection(connection);
        return MHD_YES;
    }

    // The header is complete: everything that can be decided before the body is decided here.
    MHD_Result begin(Req& r, MHD_Connection* connection, const char* url, const char* method) {
        r.started = true;
        if (r.conn) setPhase(r.conn, Conn::Phase::Body);
        HttpRequest& q = r.x->request;
        q.method = QByteArray(method ? method : "");
        q.path = QString::fromUtf8(url ? url : "");
        q.metricsListener = listen.metricsListener;
        MHD_get_connection_values(connection, MHD_HEADER_KIND, &collectHeader, &q.headers);
        QList<std::pair<QString, QString>> args;
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &collectArgument, &args);
        q.query.setQueryItems(args);
        const QByteArray givenId = q.header("x-request-id");
        q.requestId = usableRequestId(givenId) ? givenId : newRequestId();
        q.client = proxies.client(r.conn ? r.conn->peer : QHostAddress(), q.header("x-forwarded-for"));
        if (q.client.isEmpty() && r.conn) q.client = r.conn->peerText;

        auto early = [&](HttpResponse resp) {
            r.answeredEarly = true;
            return queue(r, std::move(resp));
        };
        // Decided now, sent once the body has been read and dropped (see kDiscardBytes).
        auto afterBody = [&](HttpResponse resp) {
            r.discard = true;
            std::lock_guard lock(r.mutex);
            r.ready = std::move(resp);
            return MHD_YES;
        };
        // One way to know where the body ends: two lengths (or a length beside chunking) is how
        // requests are smuggled past a proxy, so neither is believed.
        int lengths = 0;
        bool chunked = false;
        qint64 length = -1;
        for (const auto& [k, v] : q.headers) {
            if (k == "content-length") {
                ++lengths;
                bool ok = false;
                length = v.trimmed().toLongLong(&ok);
                if (!ok || length < 0) lengths = 99;
            } else if (k == "transfer-encoding") {
                chunked = true;
            }
        }
        if (lengths > 1 || (lengths == 1 && chunked)) {
            r.x->routeLabel = QStringLiteral("(refused)");
            return early(errorResponse(400, QStringLiteral("bad_request"),
                                       QStringLiteral("send one Content-Length or a chunked body, not both or two")));
        }
        if (length > limits.maxBodyBytes) {
            hit("body_size");
            r.x->routeLabel = QStringLiteral("(refused)");
            if (length > kDiscardBytes)
                return early(errorResponse(413, QStringLiteral("payload_too_large"),
                                           QStringLiteral("the request body is larger than %1 bytes").arg(limits.maxBodyBytes)));
            return afterBody(errorResponse(413, QStringLiteral("payload_too_large"),
                                       QStringLiteral("the request body is larger than %1 bytes").arg(limits.maxBodyBytes)));
        }
        const bool probe = q.path == QLatin1String("/health") || q.path == QLatin1String("/ready");
        if (!probe) {
            if (const auto wait = clients.takeRequest(q.client)) {
                hit("rate");
                r.x->routeLabel = QStringLiteral("(rate limited)");
                return afterBody(errorResponse(429, QStringLiteral("rate_limited"),
                                           QStringLiteral("more than %1 requests a minute from %2; try again in %3 s")
                                               .arg(limits.requestsPerMinute)
                                               .arg(q.client)
                                               .arg(*wait),
                                           {{"Retry-After", QByteArray::number(*wait)}}));
            }
        }
        if (hooks.immediate) {
            // Answered at the end of the (empty) body, so the connection stays open for the next one.
            if (auto resp = hooks.immediate(*r.x)) {
                std::lock_guard lock(r.mutex);
                r.ready = std::move(*resp);
            }
        }
        return MHD_YES;
    }

    void dispatch(const std::shared_ptr<Req>& r) {
        r->dispatched = true;
        if (r->conn) setPhase(r->conn, Conn::Phase::Processing);
        std::weak_ptr<Impl> weak = weak_from_this();
        std::weak_ptr<Req> wr = r;
        r->x->setDeliver([weak, wr](HttpResponse resp) {
            auto self = weak.lock();
            auto req = wr.lock();
            if (!self || !req || self->stopping) return;
            std::lock_guard lock(req->mutex);
            req->ready = std::move(resp);
            if (req->suspended) {
                req->suspended = false;
                MHD_resume_connection(req->mhd);
            }
        });
        ExchangePtr x = r->x;
        auto handle = hooks.handle;
        QMetaObject::invokeMethod(target, [handle, x] { handle(x); }, Qt::QueuedConnection);
    }

    MHD_Result queue(Req& r, HttpResponse resp) {
        const HttpRequest& q = r.x->request;
        const bool gzip = q.acceptsGzip();
        MHD_Response* m = nullptr;
        Headers extra;
        if (!resp.file.isEmpty()) {
            const QString path = gzip && !resp.gzipFile.isEmpty() && QFile::exists(resp.gzipFile) ? resp.gzipFile : resp.file;
            if (path == resp.gzipFile) extra.push_back({"Content-Encoding", "gzip"});
            if (!resp.gzipFile.isEmpty()) extra.push_back({"Vary", "Accept-Encoding"});
            const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
            struct stat st {};
            if (fd < 0 || ::fstat(fd, &st) != 0) {
                if (fd >= 0) ::close(fd);
                resp = errorResponse(410, QStringLiteral("gone"), QStringLiteral("the result is no longer kept"));
                extra.clear();
            } else {
                r.bytes = st.st_size;
                m = MHD_create_response_from_fd64(static_cast<uint64_t>(st.st_size), fd);
            }
        }
        if (!m) {
            QByteArray body = std::move(resp.body);
            const bool text = resp.contentType.startsWith("text/") || resp.contentType.startsWith("application/json");
            if (resp.compressible && text && body.size() > 1024) {
                extra.push_back({"Vary", "Accept-Encoding"});
                if (gzip) {
                    body = gzipBytes(body);
                    extra.push_back({"Content-Encoding", "gzip"});
                }
            }
            r.bytes = body.size();
            m = MHD_create_response_from_buffer(static_cast<size_t>(body.size()), body.data(), MHD_RESPMEM_MUST_COPY);
        }
        if (!m) return MHD_NO;
        for (const auto& [k, v] : securityHeaders())
            MHD_add_response_header(m, k.constData(), v.constData());
        for (const auto& [k, v] : resp.headers)
            MHD_add_response_header(m, k.constData(), v.constData());
        for (const auto& [k, v] : extra)
            MHD_add_response_header(m, k.constData(), v.constData());
        MHD_add_response_header(m, "Content-Type", resp.contentType.constData());
        MHD_add_response_header(m, "X-Request-Id", q.requestId.constData());
        if (draining) MHD_add_response_header(m, "Connection", "close");
        r.status = resp.status;
        r.queued = true;
        const MHD_Result rc = MHD_queue_response(r.mhd, static_cast<unsigned>(resp.status), m);
        MHD_destroy_response(m);
        return rc;
    }

    static void mhdLog(void*, const char* fmt, va_list ap) {
        char buf[512];
        vsnprintf(buf, sizeof buf, fmt, ap);
        QByteArray line(buf);
        logger("server.http")->debug("{}", line.trimmed().toStdString());
    }

    // --- the watch thread --------------------------------------------------------------------

    void watchLoop() {
        std::unique_lock wl(watchMutex);
        while (!watchStop) {
            watchWake.wait_for(wl, std::chrono::milliseconds(100));
            if (watchStop) break;
            std::vector<ExchangePtr> gone;
            {
                std::lock_guard lock(connMutex);
                const auto now = Clock::now();
                for (auto& [key, c] : conns) {
                    if (c->closing || c->fd < 0) continue;
                    const auto age = std::chrono::duration_cast<std::chrono::milliseconds>(now - c->since).count();
                    const char* limit = nullptr;
                    if (c->phase == Conn::Phase::Header && age > limits.headerTimeoutMs) limit = "header_timeout";
                    if (c->phase == Conn::Phase::Body && age > limits.bodyTimeoutMs) limit = "body_timeout";
                    if (c->phase == Conn::Phase::Idle && age > limits.idleTimeoutMs) limit = "idle_timeout";
                    if (limit) {
                        // MHD sees the end of the stream and closes the connection itself.
                        ::shutdown(c->fd, SHUT_RDWR);
                        c->closing = true;
                        hit(limit);
                        continue;
                    }
                    if (c->phase == Conn::Phase::Processing) {
                        auto x = c->waiting.lock();
                        if (!x || x->clientGone) continue;
                        char b;
                        // 0 is an orderly close from the client; a pipelined next request is data.
                        const ssize_t n = ::recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
                        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                            x->clientGone = true;
                            gone.push_back(x);
                        }
                    }
                }
            }
            for (const ExchangePtr& x : gone)
                QMetaObject::invokeMethod(
                    target, [x] { if (x->onClientGone) x->onClientGone(); }, Qt::QueuedConnection);
        }
    }
};

HttpServer::HttpServer(ListenOptions listen, HttpLimits limits, ServerHooks hooks, QObject* apiThreadObject)
    : m(std::make_shared<Impl>(std::move(listen), std::move(limits), std::move(hooks), apiThreadObject)) {}

HttpServer::~HttpServer() {
    m->stopping = true;
    {
        std::lock_guard lock(m->watchMutex);
        m->watchStop = true;
    }
    m->watchWake.notify_all();
    if (m->watch.joinable()) m->watch.join();
    if (m->daemon) MHD_stop_daemon(m->daemon);
}

Result<quint16> HttpServer::start() {
    QString why;
    auto proxies = TrustedProxies::parse(m->limits.trustedProxies, &why);
    if (!proxies) return Error::badInput(QStringLiteral("trusted proxies: %1").arg(why));
    m->proxies = *proxies;

    sockaddr_storage ss{};
    const QHostAddress& a = m->listen.address;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (a.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(m->listen.port);
        const Q_IPV6ADDR v6 = a.toIPv6Address();
        memcpy(&s6->sin6_addr, &v6, sizeof v6);
        flags |= MHD_USE_IPv6;
    } else {
        auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
        s4->sin_family = AF_INET;
        s4->sin_port = htons(m->listen.port);
        s4->sin_addr.s_addr = htonl(a.toIPv4Address());
    }
    const bool tls = !m->listen.tlsCertPem.isEmpty() && !m->listen.tlsKeyPem.isEmpty();
    if (tls) flags |= MHD_USE_TLS;
    // Timeouts are ours (per phase, absolute); MHD's inactivity timeout only catches a client that
    // stops reading its answer.
    const int longest = std::max({m->limits.headerTimeoutMs, m->limits.bodyTimeoutMs, m->limits.idleTimeoutMs});
    const unsigned mhdTimeout = static_cast<unsigned>(longest / 1000 + 5);
    // Room for the header plus MHD's own buffers; a longer header is answered 431 by MHD.
    const size_t memory = static_cast<size_t>(std::max<qint64>(m->limits.maxHeaderBytes * 2, 32 << 10));
    std::vector<MHD_OptionItem> opts{
        {MHD_OPTION_SOCK_ADDR, 0, &ss},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(m->limits.maxConnections + 16), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(mhdTimeout), nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(memory), nullptr},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 511, nullptr},
        {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Impl::requestCompleted), m.get()},
        {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Impl::notifyConnection), m.get()},
        {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&Impl::uriLog), m.get()},
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&Impl::mhdLog), nullptr},
    };
    if (tls) {
        opts.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(m->listen.tlsKeyPem.constData())});
        opts.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(m->listen.tlsCertPem.constData())});
    }
    opts.push_back({MHD_OPTION_END, 0, nullptr});
    m->daemon = MHD_start_daemon(flags, m->listen.port, &Impl::acceptPolicy, m.get(), &Impl::access, m.get(),
                                 MHD_OPTION_ARRAY, opts.data(), MHD_OPTION_END);
    if (!m->daemon)
        return Error::internal(QStringLiteral("cannot listen on %1:%2%3")
                                   .arg(a.toString())
                                   .arg(m->listen.port)
                                   .arg(tls ? QStringLiteral(" (check the TLS certificate and key)") : QString()));
    const MHD_DaemonInfo* info = MHD_get_daemon_info(m->daemon, MHD_DAEMON_INFO_BIND_PORT);
    m->watch = std::thread([impl = m.get()] { impl->watchLoop(); });
    return static_cast<quint16>(info ? info->port : m->listen.port);
}

void HttpServer::stopAccepting() {
    if (!m->daemon) return;
    const MHD_socket s = MHD_quiesce_daemon(m->daemon);
    if (s != MHD_INVALID_SOCKET) ::close(s);
}

void HttpServer::setDraining(bool on) { m->draining = on; }

int HttpServer::openConnections() const { return m->clients.open(); }

} // namespace ts::server::http

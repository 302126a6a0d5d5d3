#include "api_server.h"

#include "cache/price_cache.h"
#include "download_task.h"
#include "guarded_tcp_server.h"
#include "providers/registry.h"
#include "report_task.h"
#include "security_headers.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>
#include <curl/curl.h>
#include <sqlite3.h>

namespace ts::server {

struct ApiServer::Exchange {
    explicit Exchange(QHttpServerResponder&& r)
        : responder(std::move(r))
        , socket(responder.socket()) {}
    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket; // the responder's own pointer dangles once the client is gone
    QElapsedTimer timer;
    QString method, route, path;
    QHostAddress peer;
    bool answered = false;
};

namespace {

QString methodName(QHttpServerRequest::Method m) {
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    default:
        return QStringLiteral("OTHER");
    }
}

QByteArray header(const QHttpServerRequest& r, const QByteArray& name) {
    for (const auto& [k, v] : r.headers())
        if (k.compare(name, Qt::CaseInsensitive) == 0) return v;
    return {};
}

bool constantTimeEqual(const QByteArray& a, const QByteArray& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

const QRegularExpression& idPattern() {
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{32}$"));
    return re;
}

// Route patterns by path: the label for metrics, and the methods each one answers.
struct RouteInfo {
    QString pattern;
    QStringList methods;
    QString id; // the {id} segment, when the pattern has one
};

std::optional<RouteInfo> matchRoute(const QString& path) {
    static const std::vector<std::pair<QString, QStringList>> fixed{
        {QStringLiteral("/health"), {QStringLiteral("GET")}},
        {QStringLiteral("/ready"), {QStringLiteral("GET")}},
        {QStringLiteral("/metrics"), {QStringLiteral("GET")}},
        {QStringLiteral("/api/v1/version"), {QStringLiteral("GET")}},
        {QStringLiteral("/api/v1/symbols"), {QStringLiteral("GET")}},
        {QStringLiteral("/api/v1/download"), {QStringLiteral("POST")}},
        {QStringLiteral("/api/v1/reports"), {QStringLiteral("POST")}},
    };
    for (const auto& [p, m] : fixed)
        if (path == p) return RouteInfo{p, m, {}};
    const QStringList parts = path.split(QLatin1Char('/'));
    // "", "api", "v1", "reports", id [, "result"]
    if (parts.size() >= 5 && parts.size() <= 6 && parts[1] == QLatin1String("api") &&
        parts[2] == QLatin1String("v1")) {
        if (parts[3] == QLatin1String("reports") && parts.size() == 5)
            return RouteInfo{QStringLiteral("/api/v1/reports/{id}"),
                             {QStringLiteral("GET"), QStringLiteral("DELETE")},
                             parts[4]};
        if (parts[3] == QLatin1String("reports") && parts.size() == 6 && parts[5] == QLatin1String("result"))
            return RouteInfo{
                QStringLiteral("/api/v1/reports/{id}/result"), {QStringLiteral("GET")}, parts[4]};
        if (parts[3] == QLatin1String("downloads") && parts.size() == 5)
            return RouteInfo{QStringLiteral("/api/v1/downloads/{id}"),
                             {QStringLiteral("GET"), QStringLiteral("DELETE")},
                             parts[4]};
    }
    return std::nullopt;
}

} // namespace

ApiServer::ApiServer(ServerOptions opts, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_opts(std::move(opts)) {
    m_queue = new JobQueue(m_opts.queue, this);
    m_queue->onFinished = [this](const Job& job) {
        const double seconds =
            job.started.isValid() ? static_cast<double>(job.started.msecsTo(job.finished)) / 1000.0 : 0.0;
        m_metrics.recordJob(job.kind, stateName(job.state), seconds);
        if (job.kind == QLatin1String("download")) {
            const QStringList known = providers::providerNames();
            for (const QJsonValue& v : job.outcome.data.value(QStringLiteral("symbols")).toArray()) {
                const QJsonObject s = v.toObject();
                m_metrics.recordDownload(s.value(QStringLiteral("status")).toString());
                if (s.value(QStringLiteral("status")).toString() != QLatin1String("failed")) continue;
                // "yahoo: not found (HTTP 404); stooq: ..." names each provider that failed.
                for (const QString& part :
                     s.value(QStringLiteral("message")).toString().split(QStringLiteral("; "))) {
                    const QString name = part.section(QLatin1Char(':'), 0, 0).section(QLatin1Char(' '), 0, 0);
                    m_metrics.recordProviderError(known.contains(name) ? name : QStringLiteral("other"));
                }
            }
        }
    };
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::start() {
    if (!m_opts.address.isLoopback() && m_opts.token.isEmpty())
        return Error::badInput(QStringLiteral("binding to %1 exposes the API beyond this machine: set "
                                              "TEARSHEET_API_TOKEN (clients send it as a bearer token)")
                                   .arg(m_opts.address.toString()));
    auto* tcp = new GuardedTcpServer(m_opts.maxHeaderBytes, m_opts.maxBodyBytes, this);
    tcp->onRefused = [this](int status) {
        m_metrics.recordRequest(QStringLiteral("ANY"), QStringLiteral("(refused)"), status, 0);
    };
    if (!tcp->listen(m_opts.address, m_opts.port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return Error::internal(QStringLiteral("cannot listen on %1:%2: %3")
                                   .arg(m_opts.address.toString())
                                   .arg(m_opts.port)
                                   .arg(why));
    }
    bind(tcp);
    auto* probe = new QTimer(this);
    connect(probe, &QTimer::timeout, this, [this] { probeCache(); });
    probe->start(m_opts.readyIntervalMs);
    probeCache();
    return tcp->serverPort();
}

void ApiServer::probeCache() {
    if (m_probing) return;
    m_probing = true;
    const QString path = m_opts.settings.cachePath;
    QPointer<ApiServer> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        QString why;
        cache::CacheStats stats;
        // Opening creates an empty cache on first start; a damaged file is reported, not replaced.
        auto c = cache::PriceCache::open(path);
        if (c)
            stats = (*c)->stats();
        else
            why = c.error().message;
        QMetaObject::invokeMethod(
            qApp,
            [self, why, stats] {
                if (!self) return;
                self->m_probing = false;
                self->m_ready = why.isEmpty();
                self->m_notReadyWhy = why;
                if (why.isEmpty()) {
                    self->m_cacheBytes = stats.fileBytes;
                    self->m_cacheSeries = stats.instruments;
                    self->m_cacheBars = stats.bars;
                    self->m_schemaVersion = stats.schemaVersion;
                }
            },
            Qt::QueuedConnection);
    });
}

Gauges ApiServer::gauges() const {
    Gauges g;
    g.jobsQueued = m_queue->queued();
    g.jobsRunning = m_queue->running();
    g.workers = m_queue->options().workers;
    g.queueCapacity = m_queue->options().capacity;
    g.cacheBytes = m_cacheBytes;
    g.cacheSeries = m_cacheSeries;
    g.cacheBars = m_cacheBars;
    g.ready = m_ready && !m_draining;
    return g;
}

bool ApiServer::authorised(const QHttpServerRequest& request) const {
    if (m_opts.token.isEmpty()) return true;
    const QByteArray auth = header(request, "authorization");
    if (!auth.startsWith("Bearer ")) return false;
    return constantTimeEqual(auth.mid(7).trimmed(), m_opts.token.toUtf8());
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) {
    auto x = std::make_shared<Exchange>(makeResponder(request, socket));
    x->timer.start();
    x->method = methodName(request.method());
    x->path = request.url().path();
    x->peer = request.remoteAddress();
    ++m_open;
    route(x, request);
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) {
    auto x = std::make_shared<Exchange>(makeResponder(request, socket));
    x->timer.start();
    ++m_open;
    respondError(x, 404, QStringLiteral("not_found"), QStringLiteral("no such resource"));
}

void ApiServer::route(const ExchangePtr& x, const QHttpServerRequest& request) {
    const QString path = request.url().path();
    const auto r = matchRoute(path);
    x->route = r ? r->pattern : QStringLiteral("(unknown)");
    if (!r)
        return respondError(x, 404, QStringLiteral("not_found"),
                            QStringLiteral("no such resource: %1").arg(path));
    if (!r->methods.contains(x->method))
        return respondError(x, 405, QStringLiteral("method_not_allowed"),
                            QStringLiteral("%1 does not answer %2").arg(r->pattern, x->method),
                            {{"Allow", r->methods.join(QStringLiteral(", ")).toUtf8()}});

    // Probes stay open so an orchestrator needs no secret; everything else needs the token.
    if (r->pattern == QLatin1String("/health"))
        return respondJson(x, 200, {{QStringLiteral("status"), QStringLiteral("ok")}});
    if (r->pattern == QLatin1String("/ready")) {
        if (m_draining)
            return respondJson(x, 503, {{QStringLiteral("status"), QStringLiteral("shutting_down")}});
        if (!m_ready)
            return respondJson(x, 503,
                               {{QStringLiteral("status"), QStringLiteral("not_ready")},
                                {QStringLiteral("reason"), m_notReadyWhy}});
        return respondJson(x, 200,
                           {{QStringLiteral("status"), QStringLiteral("ready")},
                            {QStringLiteral("queued"), m_queue->queued()},
                            {QStringLiteral("running"), m_queue->running()}});
    }
    if (!authorised(request))
        return respondError(x, 401, QStringLiteral("unauthorized"),
                            QStringLiteral("send Authorization: Bearer <token>"),
                            {{"WWW-Authenticate", "Bearer realm=\"tearsheet\""}});
    if (r->pattern == QLatin1String("/metrics"))
        return respond(x, 200, m_metrics.text(gauges()), "text/plain; version=0.0.4; charset=utf-8");
    if (r->pattern == QLatin1String("/api/v1/version")) {
        return respondJson(
            x, 200,
            {{QStringLiteral("version"), QStringLiteral(TEARSHEET_VERSION)},
             {QStringLiteral("api"), QStringLiteral("v1")},
             {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
             {QStringLiteral("sqlite"), QString::fromLatin1(sqlite3_libversion())},
             {QStringLiteral("curl"), QString::fromLatin1(curl_version_info(CURLVERSION_NOW)->version)},
             {QStringLiteral("cache_schema"), m_schemaVersion},
             {QStringLiteral("providers"), QJsonArray::fromStringList(providers::providerNames())},
             {QStringLiteral("formats"),
              QJsonArray{QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("json")}}});
    }
    if (r->pattern == QLatin1String("/api/v1/symbols")) return getSymbols(x);
    if (m_draining)
        return respondError(x, 503, QStringLiteral("shutting_down"),
                            QStringLiteral("the server is shutting down"), {{"Retry-After", "5"}});
    if (r->pattern == QLatin1String("/api/v1/reports")) return postReport(x, request);
    if (r->pattern == QLatin1String("/api/v1/download")) return postDownload(x, request);

    // A job by id: reports under /reports, downloads under /downloads.
    if (!idPattern().match(r->id).hasMatch())
        return respondError(x, 404, QStringLiteral("not_found"),
                            QStringLiteral("no such job: %1").arg(r->id));
    const QString kind = r->pattern.startsWith(QLatin1String("/api/v1/reports")) ? QStringLiteral("report")
                                                                                 : QStringLiteral("download");
    auto job = m_queue->find(r->id);
    if (!job || job->kind != kind)
        return respondError(x, 404, QStringLiteral("not_found"),
                            QStringLiteral("no such %1 job (results are kept for %2 minutes)")
                                .arg(kind)
                                .arg(m_opts.queue.keepMinutes));
    if (x->method == QLatin1String("DELETE")) {
        if (!m_queue->cancel(job->id))
            return respondError(x, 409, QStringLiteral("already_finished"),
                                QStringLiteral("the job has already finished"));
        return respondJson(x, 202, job->toJson());
    }
    if (r->pattern.endsWith(QLatin1String("/result"))) {
        if (!job->ended())
            return respondError(x, 409, QStringLiteral("not_finished"),
                                QStringLiteral("the job is %1; try again later").arg(stateName(job->state)),
                                {{"Retry-After", "1"}});
        return respondJobResult(x, *job);
    }
    QJsonObject o = job->toJson();
    const QString self = QStringLiteral("/api/v1/%1s/%2").arg(kind, job->id);
    QJsonObject links{{QStringLiteral("self"), self}};
    if (kind == QLatin1String("report") && job->state == JobState::Done)
        links.insert(QStringLiteral("result"), self + QStringLiteral("/result"));
    o.insert(QStringLiteral("links"), links);
    respondJson(x, 200, o);
}

void ApiServer::respondBusy(const ExchangePtr& x, const QString& kind) {
    m_metrics.recordRejected(kind);
    respondError(x, 503, QStringLiteral("busy"),
                 QStringLiteral("%1 jobs are running and %2 waiting; try again later")
                     .arg(m_queue->running())
                     .arg(m_queue->queued()),
                 {{"Retry-After", QByteArray::number(m_queue->retryAfterSeconds())}});
}

void ApiServer::postReport(const ExchangePtr& x, const QHttpServerRequest& request) {
    if (!header(request, "content-type").toLower().startsWith("application/json"))
        return respondError(x, 415, QStringLiteral("unsupported_media_type"),
                            QStringLiteral("send the report as Content-Type: application/json"));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return respondError(
            x, 400, QStringLiteral("bad_json"),
            pe.error != QJsonParseError::NoError
                ? QStringLiteral("the body is not JSON: %1 at byte %2").arg(pe.errorString()).arg(pe.offset)
                : QStringLiteral("the body must be a JSON object"));
    const QJsonObject body = doc.object();
    const QUrlQuery q = request.query();
    const QString format = q.hasQueryItem(QStringLiteral("format"))
                               ? q.queryItemValue(QStringLiteral("format"))
                               : body.value(QStringLiteral("format")).toString(QStringLiteral("html"));
    const QString asyncText = q.queryItemValue(QStringLiteral("async"));
    if (!asyncText.isEmpty() && asyncText != QLatin1String("true") && asyncText != QLatin1String("false"))
        return respondError(x, 400, QStringLiteral("bad_request"),
                            QStringLiteral("async must be true or false"));
    const bool async =
        asyncText == QLatin1String("true") || body.value(QStringLiteral("async")).toBool(false);
    QJsonObject config = body;
    config.remove(QStringLiteral("format"));
    config.remove(QStringLiteral("async"));

    if (m_queue->full()) return respondBusy(x, QStringLiteral("report"));
    Error invalid;
    bool bad = false;
    auto job = m_queue->submit([&](const QString& folder) -> std::unique_ptr<Task> {
        auto spec = prepareReport(config, format, folder, m_opts.settings.cachePath);
        if (!spec) {
            invalid = spec.error();
            bad = true;
            return nullptr;
        }
        return std::make_unique<ReportTask>(
            *spec, m_opts.program,
            QStringList{QStringLiteral("report"), QStringLiteral("--cache"), m_opts.settings.cachePath});
    });
    if (bad)
        return respondError(x, invalid.kind == ErrorKind::BadInput ? 400 : 500,
                            invalid.kind == ErrorKind::BadInput ? QStringLiteral("invalid_report")
                                                                : QStringLiteral("internal"),
                            invalid.message);
    if (!job) return respondBusy(x, QStringLiteral("report"));
    if (async) {
        QJsonObject o = job->toJson();
        o.insert(QStringLiteral("links"),
                 QJsonObject{
                     {QStringLiteral("self"), QStringLiteral("/api/v1/reports/") + job->id},
                     {QStringLiteral("result"), QStringLiteral("/api/v1/reports/%1/result").arg(job->id)}});
        return respondJson(x, 202, o, {{"Location", "/api/v1/reports/" + job->id.toLatin1()}});
    }
    // A client that goes away no longer needs its report.
    const QString id = job->id;
    if (x->socket) connect(x->socket, &QTcpSocket::disconnected, this, [this, id] { m_queue->cancel(id); });
    job->waiters.push_back([this, x](const Job& j) { respondJobResult(x, j); });
}

void ApiServer::postDownload(const ExchangePtr& x, const QHttpServerRequest& request) {
    if (!header(request, "content-type").toLower().startsWith("application/json"))
        return respondError(x, 415, QStringLiteral("unsupported_media_type"),
                            QStringLiteral("send the request as Content-Type: application/json"));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return respondError(x, 400, QStringLiteral("bad_json"),
                            QStringLiteral("the body must be a JSON object"));
    auto params = parseDownloadRequest(doc.object(), providers::providerNames());
    if (!params) return respondError(x, 400, QStringLiteral("invalid_download"), params.error().message);
    if (m_queue->full()) return respondBusy(x, QStringLiteral("download"));
    auto job = m_queue->submit([&](const QString&) -> std::unique_ptr<Task> {
        return std::make_unique<DownloadTask>(*params, m_opts.settings, m_opts.settings.cachePath);
    });
    if (!job) return respondBusy(x, QStringLiteral("download"));
    QJsonObject o = job->toJson();
    o.insert(QStringLiteral("links"),
             QJsonObject{{QStringLiteral("self"), QStringLiteral("/api/v1/downloads/") + job->id}});
    respondJson(x, 202, o, {{"Location", "/api/v1/downloads/" + job->id.toLatin1()}});
}

void ApiServer::getSymbols(const ExchangePtr& x) {
    const QString path = m_opts.settings.cachePath;
    QPointer<ApiServer> self(this);
    QThreadPool::globalInstance()->start([self, x, path] {
        QJsonArray list;
        QString why;
        if (auto c = cache::PriceCache::open(path, false)) {
            for (const auto& s : (*c)->instruments()) {
                QJsonObject o{{QStringLiteral("symbol"), s.instrument.symbol},
                              {QStringLiteral("provider"), s.provider},
                              {QStringLiteral("basis"), basisName(s.basis)},
                              {QStringLiteral("bars"), s.bars},
                              {QStringLiteral("first"), s.first.toString(Qt::ISODate)},
                              {QStringLiteral("last"), s.last.toString(Qt::ISODate)},
                              {QStringLiteral("updated"), s.updatedAt}};
                if (!s.instrument.name.isEmpty()) o.insert(QStringLiteral("name"), s.instrument.name);
                if (!s.instrument.currency.isEmpty())
                    o.insert(QStringLiteral("currency"), s.instrument.currency);
                list.append(o);
            }
        } else {
            why = c.error().message;
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, x, list, why] {
                if (!self) return;
                if (!why.isEmpty())
                    return self->respondError(x, 503, QStringLiteral("cache_unavailable"), why);
                self->respondJson(
                    x, 200, {{QStringLiteral("symbols"), list}, {QStringLiteral("count"), list.size()}});
            },
            Qt::QueuedConnection);
    });
}

void ApiServer::respondJobResult(const ExchangePtr& x, const Job& job) {
    if (job.state != JobState::Done) {
        std::vector<std::pair<QByteArray, QByteArray>> h{{"X-Tearsheet-Job", job.id.toLatin1()}};
        if (job.outcome.httpStatus == 503) h.push_back({"Retry-After", "5"});
        return respondError(x, job.outcome.httpStatus, job.outcome.code, job.outcome.message, h);
    }
    if (job.kind == QLatin1String("download")) return respondJson(x, 200, job.outcome.data);
    QFile f(job.outcome.resultFile);
    if (!f.open(QIODevice::ReadOnly))
        return respondError(x, 410, QStringLiteral("gone"), QStringLiteral("the result is no longer kept"));
    const QByteArray disposition = (job.outcome.contentType == "application/pdf" ? "attachment" : "inline") +
                                   QByteArray("; filename=\"") + job.outcome.downloadName.toLatin1() + '"';
    respond(x, 200, f.readAll(), job.outcome.contentType,
            {{"Content-Disposition", disposition}, {"X-Tearsheet-Job", job.id.toLatin1()}});
}

void ApiServer::respondJson(const ExchangePtr& x, int status, const QJsonObject& body,
                            const std::vector<std::pair<QByteArray, QByteArray>>& headers) {
    respond(x, status, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", headers);
}

void ApiServer::respondError(const ExchangePtr& x, int status, const QString& code, const QString& message,
                             const std::vector<std::pair<QByteArray, QByteArray>>& headers) {
    respondJson(x, status,
                {{QStringLiteral("error"), QJsonObject{{QStringLiteral("status"), status},
                                                       {QStringLiteral("code"), code},
                                                       {QStringLiteral("message"), message}}}},
                headers);
}

void ApiServer::respond(const ExchangePtr& x, int status, const QByteArray& body,
                        const QByteArray& contentType,
                        const std::vector<std::pair<QByteArray, QByteArray>>& headers) {
    if (x->answered) return;
    x->answered = true;
    --m_open;
    const double seconds = static_cast<double>(x->timer.nsecsElapsed()) / 1e9;
    if (!x->socket || x->socket->state() != QAbstractSocket::ConnectedState) {
        m_metrics.recordRequest(x->method, x->route, 499, seconds); // the client left first
    } else {
        m_metrics.recordRequest(x->method, x->route, status, seconds);
        auto& r = x->responder;
        r.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
        for (const auto& [k, v] : securityHeaders())
            r.writeHeader(k, v);
        for (const auto& [k, v] : headers)
            r.writeHeader(k, v);
        r.writeHeader("Content-Type", contentType);
        r.writeHeader("Content-Length", QByteArray::number(body.size()));
        if (m_draining) r.writeHeader("Connection", "close");
        r.writeBody(body);
        if (m_draining) x->socket->disconnectFromHost();
    }
    logger("server.access")
        ->info("{} {} {} {} {} bytes {:.1f} ms", x->peer.toString().toStdString(), x->method.toStdString(),
               x->path.toStdString(), status, body.size(), seconds * 1000);
    if (m_open == 0 && m_whenAnswered) {
        auto f = std::move(m_whenAnswered);
        m_whenAnswered = nullptr;
        QTimer::singleShot(0, this, f);
    }
}

void ApiServer::shutdown(int deadlineMs, std::function<void()> done) {
    m_draining = true;
    for (QTcpServer* s : servers())
        s->close(); // no new connections
    m_queue->drain(deadlineMs, [this, done = std::move(done)] {
        // Waiting clients have been answered by now (their jobs ended); give the bytes a moment.
        auto finish = [done] { QTimer::singleShot(200, qApp, done); };
        if (m_open == 0)
            finish();
        else
            m_whenAnswered = finish;
    });
}

} // namespace ts::server

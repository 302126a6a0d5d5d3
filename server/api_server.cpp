#include "api_server.h"

#include "cache/price_cache.h"
#include "download_task.h"
#include "net/curl_library.h"
#include "providers/registry.h"
#include "report_request_schema.h"
#include "util/logging.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <microhttpd.h>
#include <sqlite3.h>

namespace ts::server {

using http::HttpResponse;

namespace {

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
        {QStringLiteral("/api/v1/schema"), {QStringLiteral("GET")}},
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
    : QObject(parent)
    , m_opts(std::move(opts)) {
    m_queue = new JobQueue(m_opts.queue, this);
    m_queue->onLimit = [this](const QString& limit) { m_metrics.recordLimit(limit); };
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

ApiServer::~ApiServer() {
    // The transports stop before the queue and its jobs go.
    m_http.reset();
    m_metricsHttp.reset();
}

http::ServerHooks ApiServer::hooks() {
    http::ServerHooks h;
    h.immediate = [this](http::Exchange& x) { return immediate(x); };
    h.handle = [this](const ExchangePtr& x) { handle(x); };
    h.completed = [this](const http::Exchange& x, int status, double seconds) {
        m_metrics.recordRequest(QString::fromLatin1(x.request.method), x.routeLabel, status, seconds);
    };
    h.limitHit = [this](const char* limit) { m_metrics.recordLimit(QString::fromLatin1(limit)); };
    return h;
}

Result<quint16> ApiServer::start() {
    // Loading libcurl takes milliseconds: done here, before the first request, not on the API thread.
    m_curlVersion = net::curlVersion();
    if (!m_opts.address.isLoopback() && m_opts.token.isEmpty())
        return Error::badInput(QStringLiteral("binding to %1 exposes the API beyond this machine: set "
                                              "TEARSHEET_API_TOKEN (clients send it as a bearer token)")
                                   .arg(m_opts.address.toString()));
    http::ListenOptions main;
    main.address = m_opts.address;
    main.port = m_opts.port;
    main.tlsCertPem = m_opts.tlsCertPem;
    main.tlsKeyPem = m_opts.tlsKeyPem;
    main.logFormat = m_opts.logFormat;
    m_http = std::make_unique<http::HttpServer>(main, m_opts.http, hooks(), this);
    auto port = m_http->start();
    if (!port) return port.error();
    if (m_opts.metricsPort) {
        http::ListenOptions metrics;
        metrics.address = m_opts.metricsAddress;
        metrics.port = *m_opts.metricsPort;
        metrics.metricsListener = true;
        metrics.logFormat = m_opts.logFormat;
        m_metricsHttp = std::make_unique<http::HttpServer>(metrics, m_opts.http, hooks(), this);
        auto mp = m_metricsHttp->start();
        if (!mp) return Error(mp.error().kind, QStringLiteral("metrics listener: ") + mp.error().message);
        m_metricsPort = *mp;
    }
    auto* probe = new QTimer(this);
    connect(probe, &QTimer::timeout, this, [this] { probeCache(); });
    probe->start(m_opts.readyIntervalMs);
    probeCache();
    return *port;
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
    g.connectionsOpen =
        (m_http ? m_http->openConnections() : 0) + (m_metricsHttp ? m_metricsHttp->openConnections() : 0);
    g.resultsKeptBytes = m_queue->keptBytes();
    return g;
}

bool ApiServer::authorised(const http::HttpRequest& r, bool metrics) const {
    if (m_opts.token.isEmpty() && (!metrics || m_opts.metricsToken.isEmpty())) return true;
    const QByteArray auth = r.header("authorization");
    if (!auth.startsWith("Bearer ")) return false;
    const QByteArray given = auth.mid(7).trimmed();
    if (!m_opts.token.isEmpty() && constantTimeEqual(given, m_opts.token.toUtf8())) return true;
    return metrics && !m_opts.metricsToken.isEmpty() &&
           constantTimeEqual(given, m_opts.metricsToken.toUtf8());
}

// Liveness is answered where the request is read, so nothing queued behind the API's thread can
// delay it.
std::optional<HttpResponse> ApiServer::immediate(http::Exchange& x) const {
    const QByteArray& m = x.request.method;
    if (x.request.path != QLatin1String("/health") || (m != "GET" && m != "HEAD")) return std::nullopt;
    x.routeLabel = QStringLiteral("/health");
    HttpResponse r;
    r.body = R"({"status":"ok"})";
    return r;
}

void ApiServer::handle(const ExchangePtr& x) {
    ++m_open;
    const http::HttpRequest& q = x->request;
    // HEAD is GET without the body; the transport leaves the body out.
    const QString method = q.method == "HEAD" ? QStringLiteral("GET") : QString::fromLatin1(q.method);
    const QString path = q.path;
    auto r = matchRoute(path);
    if (r && q.metricsListener && r->pattern != QLatin1String("/metrics") &&
        r->pattern != QLatin1String("/health"))
        r.reset(); // the metrics listener answers nothing else
    x->routeLabel = r ? r->pattern : QStringLiteral("(unknown)");
    if (!r) return respondError(x, 404, QStringLiteral("not_found"), QStringLiteral("no such resource"));
    if (!r->methods.contains(method)) {
        QStringList allow = r->methods;
        if (allow.contains(QStringLiteral("GET"))) allow << QStringLiteral("HEAD");
        return respondError(
            x, 405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 does not answer %2").arg(r->pattern, QString::fromLatin1(q.method).left(16)),
            {{"Allow", allow.join(QStringLiteral(", ")).toUtf8()}});
    }

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
    const bool metrics = r->pattern == QLatin1String("/metrics");
    if (!(metrics && q.metricsListener) && !authorised(q, metrics))
        return respondError(x, 401, QStringLiteral("unauthorized"),
                            QStringLiteral("send Authorization: Bearer <token>"),
                            {{"WWW-Authenticate", "Bearer realm=\"tearsheet\""}});
    if (metrics) {
        HttpResponse resp;
        resp.body = m_metrics.text(gauges());
        resp.contentType = "text/plain; version=0.0.4; charset=utf-8";
        return respond(x, std::move(resp));
    }
    if (r->pattern == QLatin1String("/api/v1/version")) {
        return respondJson(
            x, 200,
            {{QStringLiteral("version"), QStringLiteral(TEARSHEET_VERSION)},
             {QStringLiteral("api"), QStringLiteral("v1")},
             {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
             {QStringLiteral("sqlite"), QString::fromLatin1(sqlite3_libversion())},
             {QStringLiteral("curl"), m_curlVersion},
             {QStringLiteral("microhttpd"), QString::fromLatin1(MHD_get_version())},
             {QStringLiteral("cache_schema"), m_schemaVersion},
             {QStringLiteral("providers"), QJsonArray::fromStringList(providers::providerNames())},
             {QStringLiteral("formats"),
              QJsonArray{QStringLiteral("html"), QStringLiteral("pdf"), QStringLiteral("json")}}});
    }
    if (r->pattern == QLatin1String("/api/v1/schema"))
        return respondJson(x, 200, reportRequestSchema(m_opts.report));
    if (r->pattern == QLatin1String("/api/v1/symbols")) return getSymbols(x);
    if (m_draining)
        return respondError(x, 503, QStringLiteral("shutting_down"),
                            QStringLiteral("the server is shutting down"), {{"Retry-After", "5"}});
    if (r->pattern == QLatin1String("/api/v1/reports")) return postReport(x);
    if (r->pattern == QLatin1String("/api/v1/download")) return postDownload(x);

    // A job by id: reports under /reports, downloads under /downloads.
    if (!idPattern().match(r->id).hasMatch())
        return respondError(x, 404, QStringLiteral("not_found"), QStringLiteral("no such job"));
    const QString kind = r->pattern.startsWith(QLatin1String("/api/v1/reports")) ? QStringLiteral("report")
                                                                                 : QStringLiteral("download");
    auto job = m_queue->find(r->id);
    if (!job || job->kind != kind)
        return respondError(x, 404, QStringLiteral("not_found"),
                            QStringLiteral("no such %1 job (results are kept for %2 minutes, %3 MiB in all)")
                                .arg(kind)
                                .arg(m_opts.queue.keepMinutes)
                                .arg(m_opts.queue.maxKeptBytes >> 20));
    if (method == QLatin1String("DELETE")) {
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

void ApiServer::postReport(const ExchangePtr& x) {
    const http::HttpRequest& q = x->request;
    if (!q.header("content-type").toLower().startsWith("application/json"))
        return respondError(x, 415, QStringLiteral("unsupported_media_type"),
                            QStringLiteral("send the report as Content-Type: application/json"));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(q.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return respondError(
            x, 400, QStringLiteral("bad_json"),
            pe.error != QJsonParseError::NoError
                ? QStringLiteral("the body is not JSON: %1 at byte %2").arg(pe.errorString()).arg(pe.offset)
                : QStringLiteral("the body must be a JSON object"));
    const QJsonObject body = doc.object();
    for (const auto& [key, value] : q.query.queryItems()) {
        if (key != QLatin1String("format") && key != QLatin1String("async"))
            return respondError(
                x, 400, QStringLiteral("bad_request"),
                QStringLiteral("unknown query parameter \"%1\" (known: format, async)").arg(key.left(40)));
    }
    const QString asyncText = q.query.queryItemValue(QStringLiteral("async"));
    if (q.query.hasQueryItem(QStringLiteral("async")) && asyncText != QLatin1String("true") &&
        asyncText != QLatin1String("false"))
        return respondError(x, 400, QStringLiteral("bad_request"),
                            QStringLiteral("async must be true or false"));
    if (q.query.hasQueryItem(QStringLiteral("format"))) {
        const QString f = q.query.queryItemValue(QStringLiteral("format"));
        if (f != QLatin1String("html") && f != QLatin1String("pdf") && f != QLatin1String("json"))
            return respondError(x, 400, QStringLiteral("bad_request"),
                                QStringLiteral("format must be html, pdf or json"));
    }
    if (m_queue->full()) return respondBusy(x, QStringLiteral("report"));
    Error invalid;
    bool bad = false;
    bool async = false;
    auto job = m_queue->submit([&](const QString& folder) -> std::unique_ptr<Task> {
        QString limit;
        auto spec = prepareReport(body,
                                  q.query.hasQueryItem(QStringLiteral("format"))
                                      ? q.query.queryItemValue(QStringLiteral("format"))
                                      : body.value(QStringLiteral("format")).toString(QStringLiteral("html")),
                                  folder, m_opts.settings.cachePath, m_opts.report, &limit);
        if (!limit.isEmpty()) m_metrics.recordLimit(limit);
        if (!spec) {
            invalid = spec.error();
            bad = true;
            return nullptr;
        }
        async = asyncText == QLatin1String("true") || body.value(QStringLiteral("async")).toBool(false);
        spec->limits = m_opts.child;
        return std::make_unique<ReportTask>(
            *spec, m_opts.program,
            QStringList{QStringLiteral("report"), QStringLiteral("--cache"), m_opts.settings.cachePath});
    });
    if (bad)
        return respondError(x, invalid.kind == ErrorKind::BadInput ? 400 : 500,
                            invalid.kind == ErrorKind::BadInput ? QStringLiteral("invalid_report")
                                                                : QStringLiteral("internal"),
                            invalid.message);
    if (!job && m_queue->refusedForDisk())
        return respondError(
            x, 507, QStringLiteral("insufficient_storage"),
            QStringLiteral("the disk kept for results is full (%1 MiB, --max-kept-mb) with jobs still "
                           "waiting or running; try again later")
                .arg(m_opts.queue.maxKeptBytes >> 20),
            {{"Retry-After", QByteArray::number(m_queue->retryAfterSeconds())}});
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
    x->onClientGone = [this, id] { m_queue->cancel(id); };
    if (x->clientGone) m_queue->cancel(id);
    job->waiters.push_back([this, x](const Job& j) { respondJobResult(x, j); });
}

void ApiServer::postDownload(const ExchangePtr& x) {
    const http::HttpRequest& q = x->request;
    if (!q.header("content-type").toLower().startsWith("application/json"))
        return respondError(x, 415, QStringLiteral("unsupported_media_type"),
                            QStringLiteral("send the request as Content-Type: application/json"));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(q.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return respondError(x, 400, QStringLiteral("bad_json"),
                            QStringLiteral("the body must be a JSON object"));
    // The `file` provider reads the server's own files: never on a request's behalf.
    QStringList providers = providers::providerNames();
    providers.removeAll(QStringLiteral("file"));
    auto params = parseDownloadRequest(doc.object(), providers);
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
            why = QStringLiteral("the cache cannot be opened");
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
        Headers h{{"X-Tearsheet-Job", job.id.toLatin1()}};
        if (job.outcome.httpStatus == 503) h.push_back({"Retry-After", "5"});
        return respondError(x, job.outcome.httpStatus, job.outcome.code, job.outcome.message, h);
    }
    if (job.kind == QLatin1String("download")) return respondJson(x, 200, job.outcome.data);
    const QByteArray disposition = (job.outcome.contentType == "application/pdf" ? "attachment" : "inline") +
                                   QByteArray("; filename=\"") + job.outcome.downloadName.toLatin1() + '"';
    HttpResponse r;
    // Streamed from disk by the transport, compressed when the client accepts it.
    r.file = job.outcome.resultFile;
    r.gzipFile = job.outcome.gzipFile;
    r.contentType = job.outcome.contentType;
    r.headers = {{"Content-Disposition", disposition}, {"X-Tearsheet-Job", job.id.toLatin1()}};
    respond(x, std::move(r));
}

void ApiServer::respondJson(const ExchangePtr& x, int status, const QJsonObject& body, Headers headers) {
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.headers = std::move(headers);
    respond(x, std::move(r));
}

void ApiServer::respondError(const ExchangePtr& x, int status, const QString& code, const QString& message,
                             Headers headers) {
    respond(x, http::errorResponse(status, code, message, std::move(headers)));
}

void ApiServer::respond(const ExchangePtr& x, HttpResponse r) {
    if (x->answered()) return;
    --m_open;
    x->respond(std::move(r));
    if (m_open == 0 && m_whenAnswered) {
        auto f = std::move(m_whenAnswered);
        m_whenAnswered = nullptr;
        QTimer::singleShot(0, this, f);
    }
}

void ApiServer::shutdown(int deadlineMs, std::function<void()> done) {
    m_draining = true;
    for (auto* h : {m_http.get(), m_metricsHttp.get()})
        if (h) {
            h->setDraining(true);
            h->stopAccepting(); // no new connections
        }
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

#pragma once
// `tearsheet-cli serve`: the HTTP API over the engine. The transport (http/, libmicrohttpd) answers
// /health on its own thread and hands every other request to this object's thread, which answers
// from state it holds (readiness, metrics, job status); anything that reads the cache, downloads
// or renders runs elsewhere (the job queue's child processes and threads, or the thread pool) and
// answers when it is done.

#include "config/settings.h"
#include "http/http_server.h"
#include "job_queue.h"
#include "report_task.h"
#include "server_metrics.h"

#include <QHostAddress>
#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

namespace ts::server {

struct ServerOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString token;                      // bearer token; required when `address` is not loopback
    QString metricsToken;               // also accepted for /metrics, so a scraper needs no API token
    std::optional<quint16> metricsPort; // a second, plain listener that answers /metrics only
    QHostAddress metricsAddress = QHostAddress::LocalHost;
    QByteArray tlsCertPem, tlsKeyPem;
    http::HttpLimits http;
    http::LogFormat logFormat = http::LogFormat::Text;
    ReportLimits report;
    ChildLimits child;
    QueueOptions queue;
    Settings settings;          // cache path, providers (keys are never sent to clients)
    QString program;            // tearsheet-render, run as a child for each report
    int readyIntervalMs = 5000; // how often the cache is probed for /ready
};

class ApiServer : public QObject {
public:
    explicit ApiServer(ServerOptions opts, QObject* parent = nullptr);
    ~ApiServer() override;

    // Listens; the port actually bound (the option may be 0), or why not.
    Result<quint16> start();
    // The metrics listener's port, once started with one.
    std::optional<quint16> metricsPort() const { return m_metricsPort; }
    // Stops accepting, lets running jobs finish within `deadlineMs` (then cancels them), answers
    // what is pending and calls `done`.
    void shutdown(int deadlineMs, std::function<void()> done);

private:
    using ExchangePtr = http::ExchangePtr;
    using Headers = http::Headers;

    std::optional<http::HttpResponse> immediate(http::Exchange& x) const;
    void handle(const ExchangePtr& x);
    void respond(const ExchangePtr& x, http::HttpResponse r);
    void respondJson(const ExchangePtr& x, int status, const QJsonObject& body, Headers headers = {});
    void respondError(const ExchangePtr& x, int status, const QString& code, const QString& message,
                      Headers headers = {});
    void respondJobResult(const ExchangePtr& x, const Job& job);
    void respondBusy(const ExchangePtr& x, const QString& kind);

    void postReport(const ExchangePtr& x);
    void postDownload(const ExchangePtr& x);
    void getSymbols(const ExchangePtr& x);
    bool authorised(const http::HttpRequest& r, bool metrics) const;
    void probeCache();
    Gauges gauges() const;
    http::ServerHooks hooks();

    ServerOptions m_opts;
    JobQueue* m_queue = nullptr;
    ServerMetrics m_metrics;
    std::unique_ptr<http::HttpServer> m_http, m_metricsHttp;
    std::optional<quint16> m_metricsPort;
    bool m_ready = false, m_probing = false;
    std::atomic<bool> m_draining{false};
    QString m_notReadyWhy = QStringLiteral("the cache has not been checked yet");
    qint64 m_cacheBytes = -1, m_cacheSeries = -1, m_cacheBars = -1;
    int m_schemaVersion = 0;
    QString m_curlVersion; // for /api/v1/version
    int m_open = 0;        // exchanges not yet answered
    std::function<void()> m_whenAnswered;
};

} // namespace ts::server

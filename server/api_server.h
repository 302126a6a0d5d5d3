#pragma once
// `tearsheet-cli serve`: the HTTP API over the engine. Requests are answered on the server thread
// from state it holds (health, readiness, metrics, job status); anything that reads the cache,
// downloads or renders runs elsewhere (the job queue's child processes and threads, or the thread
// pool) and answers when it is done, so /health stays fast under load.

#include "config/settings.h"
#include "job_queue.h"
#include "server_metrics.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <memory>

namespace ts::server {

struct ServerOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString token; // bearer token; required when `address` is not loopback
    qint64 maxBodyBytes = 8 << 20;
    qint64 maxHeaderBytes = 16 << 10;
    QueueOptions queue;
    Settings settings;          // cache path, providers (keys are never sent to clients)
    QString program;            // this executable, for report child processes
    int readyIntervalMs = 5000; // how often the cache is probed for /ready
};

class ApiServer : public QAbstractHttpServer {
public:
    explicit ApiServer(ServerOptions opts, QObject* parent = nullptr);
    ~ApiServer() override;

    // Listens; the port actually bound (the option may be 0), or why not.
    Result<quint16> start();
    // Stops accepting, lets running jobs finish within `deadlineMs` (then cancels them), answers
    // what is pending and calls `done`.
    void shutdown(int deadlineMs, std::function<void()> done);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Exchange; // one request waiting for its answer
    using ExchangePtr = std::shared_ptr<Exchange>;

    void route(const ExchangePtr& x, const QHttpServerRequest& request);
    void respond(const ExchangePtr& x, int status, const QByteArray& body, const QByteArray& contentType,
                 const std::vector<std::pair<QByteArray, QByteArray>>& headers = {});
    void respondJson(const ExchangePtr& x, int status, const QJsonObject& body,
                     const std::vector<std::pair<QByteArray, QByteArray>>& headers = {});
    void respondError(const ExchangePtr& x, int status, const QString& code, const QString& message,
                      const std::vector<std::pair<QByteArray, QByteArray>>& headers = {});
    void respondJobResult(const ExchangePtr& x, const Job& job);
    void respondBusy(const ExchangePtr& x, const QString& kind);

    void postReport(const ExchangePtr& x, const QHttpServerRequest& request);
    void postDownload(const ExchangePtr& x, const QHttpServerRequest& request);
    void getSymbols(const ExchangePtr& x);
    bool authorised(const QHttpServerRequest& request) const;
    void probeCache();
    Gauges gauges() const;

    ServerOptions m_opts;
    JobQueue* m_queue = nullptr;
    ServerMetrics m_metrics;
    bool m_ready = false, m_probing = false, m_draining = false;
    QString m_notReadyWhy = QStringLiteral("the cache has not been checked yet");
    qint64 m_cacheBytes = -1, m_cacheSeries = -1, m_cacheBars = -1;
    int m_schemaVersion = 0;
    int m_open = 0; // exchanges not yet answered
    std::function<void()> m_whenAnswered;
};

} // namespace ts::server

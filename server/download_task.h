#pragma once
// POST /api/v1/download: the downloader on its own thread; cancel() stops it between whole series
// (the cache stores each series in one transaction, so a stop never leaves half a series).

#include "config/settings.h"
#include "job_queue.h"
#include "net/downloader.h"

#include <QPointer>
#include <atomic>
#include <thread>

namespace ts::server {

// Reads {"symbols": ["AAPL", ...], "providers": ["yahoo"], "start": "2010-01-01", "full": false}.
Result<net::DownloadParams> parseDownloadRequest(const QJsonObject& body, const QStringList& knownProviders);

class DownloadTask : public Task {
public:
    DownloadTask(net::DownloadParams params, Settings settings, QString cachePath);
    ~DownloadTask() override;
    QString kind() const override { return QStringLiteral("download"); }
    void start(std::function<void(TaskOutcome)> done) override;
    void cancel() override { m_cancel = true; }

    // The result as JSON (per-symbol outcomes), as GET /api/v1/downloads/{id} shows it.
    static QJsonObject resultJson(const net::DownloadResult& r);

private:
    net::DownloadParams m_params;
    Settings m_settings;
    QString m_cachePath;
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
    QObject m_context; // delivers the outcome on the server thread
};

} // namespace ts::server

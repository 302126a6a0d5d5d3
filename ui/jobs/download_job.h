#pragma once
// Downloads on the global thread pool with progress (done/total, bytes, symbol) and cancel; the
// cache is opened on the worker's thread (one connection per thread).

#include "net/downloader.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace ts::ui {

class DownloadJob : public QObject {
    Q_OBJECT
public:
    DownloadJob(net::DownloadParams params, Settings settings, QObject* parent = nullptr);
    ~DownloadJob() override;
    void start();
    void cancel();
    bool running() const { return m_running; }

signals:
    void progress(int done, int total, const QString& symbol, const QString& message);
    void finished(const ts::net::DownloadResult& result);
    void failed(const QString& message);

private:
    net::DownloadParams m_params;
    Settings m_settings;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    bool m_running = false;
};

} // namespace ts::ui

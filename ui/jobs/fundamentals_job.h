#pragma once
// Statements for a list of symbols on the global thread pool: the core's runIngest (the same run
// as the CLI's fundamentals download, so it resumes and skips what is fresh), with progress and
// cancel. The store is opened on the worker's thread (one connection per thread).

#include "fundamentals/ingest.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace ts::ui {

class FundamentalsJob : public QObject {
    Q_OBJECT
public:
    FundamentalsJob(fundamentals::IngestParams params, Settings settings, QObject* parent = nullptr);
    ~FundamentalsJob() override;
    void start();
    void cancel(); // seen by the run at its next answer; what was stored stays stored
    bool running() const { return m_running; }

signals:
    void progress(int done, int total, const QString& symbol, const QString& message);
    void finished(const ts::fundamentals::IngestResult& result);
    void failed(const QString& message);

private:
    fundamentals::IngestParams m_params;
    Settings m_settings;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    bool m_running = false;
};

} // namespace ts::ui

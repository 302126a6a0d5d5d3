#pragma once
// The Qt shape of long work: a report request in, a ReportModel out, on the global thread pool.
// Signals arrive on the owner's thread; cancel() stops the job at its next progress step, and a
// job whose owner is gone delivers nothing.

#include "report/report_request.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace ts::ui {

class AnalysisJob : public QObject {
    Q_OBJECT
public:
    explicit AnalysisJob(ReportRequest request, QObject* parent = nullptr);
    ~AnalysisJob() override;

    void start();
    void cancel();
    bool running() const { return m_running; }

signals:
    void progress(int done, int total);
    void finished(std::shared_ptr<const ts::ReportModel> model);
    void failed(const QString& message);

private:
    ReportRequest m_request;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    bool m_running = false;
};

} // namespace ts::ui

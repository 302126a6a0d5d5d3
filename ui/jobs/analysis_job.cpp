#include "jobs/analysis_job.h"

#include <QPointer>
#include <QThreadPool>

namespace ts::ui {

AnalysisJob::AnalysisJob(ReportRequest request, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request)) {}

AnalysisJob::~AnalysisJob() {
    cancel();
}

void AnalysisJob::cancel() {
    *m_cancel = true;
}

void AnalysisJob::start() {
    m_running = true;
    QPointer<AnalysisJob> self(this);
    auto cancelFlag = m_cancel;
    ReportRequest request = m_request;
    QThreadPool::globalInstance()->start([self, cancelFlag, request] {
        auto deliver = [&](auto fn) {
            // Runs on the job's thread; dropped if the job is gone by then.
            if (self) QMetaObject::invokeMethod(self.data(), fn, Qt::QueuedConnection);
        };
        auto spec = resolveReport(request);
        if (!spec) {
            deliver([self, msg = spec.error().message] {
                self->m_running = false;
                emit self->failed(msg);
            });
            return;
        }
        auto model = buildReport(*spec, [&](int done, int total) {
            deliver([self, done, total] { emit self->progress(done, total); });
            return !*cancelFlag;
        });
        if (*cancelFlag) {
            deliver([self] {
                self->m_running = false;
                emit self->failed(tr("cancelled"));
            });
            return;
        }
        if (!model) {
            deliver([self, msg = model.error().message] {
                self->m_running = false;
                emit self->failed(msg);
            });
            return;
        }
        auto shared = std::make_shared<const ReportModel>(std::move(model).value());
        deliver([self, shared] {
            self->m_running = false;
            emit self->finished(shared);
        });
    });
}

} // namespace ts::ui

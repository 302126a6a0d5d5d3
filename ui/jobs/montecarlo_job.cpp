#include "jobs/montecarlo_job.h"

#include <QPointer>
#include <QThreadPool>
#include <algorithm>

namespace ts::ui {

MonteCarloJob::MonteCarloJob(std::vector<double> returns, MonteCarloParams params, QObject* parent)
    : QObject(parent)
    , m_returns(std::move(returns))
    , m_params(params) {}

MonteCarloJob::~MonteCarloJob() {
    cancel();
}

void MonteCarloJob::cancel() {
    *m_cancel = true;
}

void MonteCarloJob::start() {
    m_running = true;
    QPointer<MonteCarloJob> self(this);
    auto cancelFlag = m_cancel;
    QThreadPool::globalInstance()->start([self, cancelFlag, returns = m_returns, params = m_params] {
        auto deliver = [&](auto fn) {
            if (self) QMetaObject::invokeMethod(self.data(), fn, Qt::QueuedConnection);
        };
        int shown = -1;
        auto r = runMonteCarlo(returns, params, [&](int done, int total) {
            // About a hundred updates, not one queued event per simulation.
            if (done == total || done - shown >= std::max(1, total / 100)) {
                shown = done;
                deliver([self, done, total] { emit self->progress(done, total); });
            }
            return !*cancelFlag;
        });
        if (!r) {
            deliver([self, msg = *cancelFlag ? tr("cancelled") : r.error().message] {
                self->m_running = false;
                emit self->failed(msg);
            });
            return;
        }
        auto shared = std::make_shared<const MonteCarloResult>(std::move(r).value());
        deliver([self, shared] {
            self->m_running = false;
            emit self->finished(shared);
        });
    });
}

} // namespace ts::ui

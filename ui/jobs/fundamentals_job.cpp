#include "jobs/fundamentals_job.h"

#include <QPointer>
#include <QThreadPool>

namespace ts::ui {

FundamentalsJob::FundamentalsJob(fundamentals::IngestParams params, Settings settings, QObject* parent)
    : QObject(parent)
    , m_params(std::move(params))
    , m_settings(std::move(settings)) {}

FundamentalsJob::~FundamentalsJob() {
    cancel();
}

void FundamentalsJob::cancel() {
    *m_cancel = true;
}

void FundamentalsJob::start() {
    m_running = true;
    QPointer<FundamentalsJob> self(this);
    QThreadPool::globalInstance()->start([self, cancel = m_cancel, params = m_params, settings = m_settings] {
        auto deliver = [&](auto fn) {
            if (self) QMetaObject::invokeMethod(self.data(), fn, Qt::QueuedConnection);
        };
        auto fail = [&](const QString& msg) {
            deliver([self, msg] {
                self->m_running = false;
                emit self->failed(msg);
            });
        };
        auto store = cache::FundamentalsStore::open(settings.cachePath);
        if (!store) return fail(store.error().message);
        auto result =
            fundamentals::runIngest(params, settings, **store, [&](const fundamentals::IngestProgress& p) {
                deliver([self, p] { emit self->progress(p.done, p.total, p.symbol, p.message); });
                return !*cancel;
            });
        if (!result) return fail(result.error().message);
        deliver([self, r = std::move(result).value()] {
            self->m_running = false;
            emit self->finished(r);
        });
    });
}

} // namespace ts::ui

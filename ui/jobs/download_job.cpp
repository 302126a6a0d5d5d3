#include "jobs/download_job.h"

#include <QPointer>
#include <QThreadPool>

namespace ts::ui {

DownloadJob::DownloadJob(net::DownloadParams params, Settings settings, QObject* parent)
    : QObject(parent)
    , m_params(std::move(params))
    , m_settings(std::move(settings)) {}

DownloadJob::~DownloadJob() {
    cancel();
}

void DownloadJob::cancel() {
    *m_cancel = true;
}

void DownloadJob::start() {
    m_running = true;
    QPointer<DownloadJob> self(this);
    QThreadPool::globalInstance()->start([self, cancel = m_cancel, params = m_params, settings = m_settings] {
        auto deliver = [&](auto fn) {
            if (self) QMetaObject::invokeMethod(self.data(), fn, Qt::QueuedConnection);
        };
        auto cache = cache::PriceCache::open(settings.cachePath);
        if (!cache) {
            deliver([self, msg = cache.error().message] {
                self->m_running = false;
                emit self->failed(msg);
            });
            return;
        }
        auto result = net::runDownload(params, settings, **cache, [&](const net::DownloadProgress& p) {
            if (!p.symbol.isEmpty())
                deliver([self, p] { emit self->progress(p.done, p.total, p.symbol, p.message); });
            return !*cancel;
        });
        if (!result) {
            deliver([self, msg = result.error().message] {
                self->m_running = false;
                emit self->failed(msg);
            });
            return;
        }
        deliver([self, r = std::move(result).value()] {
            self->m_running = false;
            emit self->finished(r);
        });
    });
}

} // namespace ts::ui

#include "job_queue.h"

#include <QDir>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QTimer>
#include <algorithm>
#include <cmath>

namespace ts::server {

QString stateName(JobState s) {
    switch (s) {
    case JobState::Queued:
        return QStringLiteral("queued");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Done:
        return QStringLiteral("done");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::TimedOut:
        return QStringLiteral("timed_out");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QJsonObject Job::toJson() const {
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("status"), stateName(state)},
                  {QStringLiteral("created"), created.toString(Qt::ISODateWithMs)}};
    if (started.isValid()) o.insert(QStringLiteral("started"), started.toString(Qt::ISODateWithMs));
    if (finished.isValid()) {
        o.insert(QStringLiteral("finished"), finished.toString(Qt::ISODateWithMs));
        o.insert(QStringLiteral("seconds"),
                 static_cast<double>(started.isValid() ? started.msecsTo(finished) : 0) / 1000.0);
    }
    if (ended() && state != JobState::Done)
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), outcome.code},
                                                      {QStringLiteral("message"), outcome.message}});
    if (!outcome.data.isEmpty()) o.insert(QStringLiteral("result"), outcome.data);
    return o;
}

namespace {

qint64 folderBytes(const QString& folder) {
    qint64 n = 0;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        n += it.fileInfo().size();
    }
    return n;
}

} // namespace

JobQueue::JobQueue(QueueOptions opts, QObject* parent)
    : QObject(parent)
    , m_opts(std::move(opts)) {
    QDir().mkpath(m_opts.workDir);
    m_expiry = new QTimer(this);
    m_expiry->setInterval(60'000);
    connect(m_expiry, &QTimer::timeout, this, [this] { expire(); });
    m_expiry->start();
}

JobQueue::~JobQueue() {
    for (auto& [id, job] : m_jobs)
        if (job->state == JobState::Running && job->task) job->task->cancel();
}

std::shared_ptr<Job>
JobQueue::submit(const std::function<std::unique_ptr<Task>(const QString& folder)>& makeTask) {
    m_refusedForDisk = false;
    if (m_draining || full()) return nullptr;
    auto job = std::make_shared<Job>();
    const quint64 a = QRandomGenerator::system()->generate64(), b = QRandomGenerator::system()->generate64();
    job->id = QString::number(a, 16).rightJustified(16, QLatin1Char('0')) +
              QString::number(b, 16).rightJustified(16, QLatin1Char('0'));
    job->created = QDateTime::currentDateTimeUtc();
    job->folder = QDir(m_opts.workDir).filePath(job->id);
    if (!QDir().mkpath(job->folder)) return nullptr;
    job->task = makeTask(job->folder);
    if (!job->task) {
        QDir(job->folder).removeRecursively();
        return nullptr;
    }
    job->kind = job->task->kind();
    // Its inputs count against the disk cap from now on, so waiting jobs cannot fill the disk either.
    job->bytes = folderBytes(job->folder);
    m_keptBytes += job->bytes;
    expire();
    if (m_keptBytes > m_opts.maxKeptBytes) {
        m_keptBytes -= job->bytes;
        QDir(job->folder).removeRecursively();
        if (onLimit) onLimit(QStringLiteral("kept_disk"));
        m_refusedForDisk = true;
        return nullptr;
    }
    m_jobs[job->id] = job;
    m_queue.push_back(job);
    // Run on the next turn of the event loop, after the caller registered its waiter.
    QTimer::singleShot(0, this, [this] { pump(); });
    return job;
}

std::shared_ptr<Job> JobQueue::find(const QString& id) const {
    auto it = m_jobs.find(id);
    return it == m_jobs.end() ? nullptr : it->second;
}

bool JobQueue::cancel(const QString& id) {
    auto job = find(id);
    if (!job || job->ended()) return false;
    if (job->state == JobState::Queued) {
        m_queue.erase(std::remove(m_queue.begin(), m_queue.end(), job), m_queue.end());
        finish(job, JobState::Cancelled,
               TaskOutcome::failure(409, QStringLiteral("cancelled"), QStringLiteral("the job was cancelled")));
        return true;
    }
    if (job->stopAs == JobState::Running) {
        job->stopAs = JobState::Cancelled;
        job->task->cancel();
    }
    return true;
}

int JobQueue::retryAfterSeconds() const {
    const double ahead = static_cast<double>(queued() + m_running) / std::max(1, m_opts.workers);
    return std::clamp(static_cast<int>(std::ceil(ahead * m_meanSeconds)), 1, 120);
}

void JobQueue::pump() {
    while (m_running < m_opts.workers && !m_queue.empty()) {
        auto job = m_queue.front();
        m_queue.pop_front();
        job->state = JobState::Running;
        job->started = QDateTime::currentDateTimeUtc();
        ++m_running;
        auto* timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, job] {
            if (job->ended() || job->stopAs != JobState::Running) return;
            job->stopAs = JobState::TimedOut;
            job->task->cancel();
        });
        timer->start(m_opts.timeoutMs);
        m_timers[job->id] = timer;
        std::weak_ptr<Job> weak = job;
        job->task->start([this, weak](TaskOutcome outcome) {
            auto job = weak.lock();
            if (!job || job->ended()) return;
            if (auto it = m_timers.find(job->id); it != m_timers.end()) {
                it->second->deleteLater();
                m_timers.erase(it);
            }
            --m_running;
            JobState state = outcome.ok ? JobState::Done : JobState::Failed;
            if (job->stopAs == JobState::TimedOut) {
                state = JobState::TimedOut;
                outcome = TaskOutcome::failure(504, QStringLiteral("timed_out"), QStringLiteral("the job ran longer than the limit of %1 s")
                               .arg(m_opts.timeoutMs / 1000.0));
            } else if (job->stopAs == JobState::Cancelled) {
                state = JobState::Cancelled;
                outcome = TaskOutcome::failure(503, QStringLiteral("cancelled"), QStringLiteral("the job was cancelled"));
            }
            const double seconds =
                static_cast<double>(job->started.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0;
            m_meanSeconds = 0.8 * m_meanSeconds + 0.2 * std::max(seconds, 0.01);
            finish(job, state, std::move(outcome));
            pump();
            checkIdle();
        });
    }
}

void JobQueue::finish(const std::shared_ptr<Job>& job, JobState state, TaskOutcome outcome) {
    // What this job leaves on disk counts against the cap from now on. A result that alone is over
    // the cap is refused rather than kept; older results make room for one that fits.
    if (!job->folder.isEmpty()) {
        if (!outcome.ok) {
            // Only the result is worth keeping; a failed job's inputs go at once.
            QDir(job->folder).removeRecursively();
        }
        m_keptBytes -= job->bytes; // what it counted while it waited and ran
        job->bytes = folderBytes(job->folder);
        if (job->bytes > m_opts.maxKeptBytes) {
            QDir(job->folder).removeRecursively();
            job->bytes = 0;
            state = JobState::Failed;
            outcome = TaskOutcome::failure(507, QStringLiteral("insufficient_storage"),
                                           QStringLiteral("the result is larger than the disk the server keeps for "
                                                          "results (%1 MiB, --max-kept-mb)")
                                               .arg(m_opts.maxKeptBytes >> 20));
            outcome.limit = QStringLiteral("kept_disk");
        }
        m_keptBytes += job->bytes;
    }
    if (!outcome.limit.isEmpty() && onLimit) onLimit(outcome.limit);
    job->state = state;
    job->finished = QDateTime::currentDateTimeUtc();
    job->outcome = std::move(outcome);
    auto waiters = std::move(job->waiters);
    job->waiters.clear();
    for (auto& w : waiters)
        w(*job);
    if (onFinished) onFinished(*job);
    expire();
}

void JobQueue::expire() {
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(-60LL * m_opts.keepMinutes);
    std::vector<std::shared_ptr<Job>> ended;
    for (auto& [id, job] : m_jobs)
        if (job->ended()) ended.push_back(job);
    std::sort(ended.begin(), ended.end(), [](auto& a, auto& b) { return a->finished < b->finished; });
    std::size_t excess = ended.size() > static_cast<std::size_t>(m_opts.keepMax)
                             ? ended.size() - static_cast<std::size_t>(m_opts.keepMax)
                             : 0;
    for (std::size_t i = 0; i < ended.size(); ++i) {
        if (i >= excess && ended[i]->finished >= cutoff && m_keptBytes <= m_opts.maxKeptBytes) break;
        if (i >= excess && ended[i]->finished >= cutoff && onLimit) onLimit(QStringLiteral("kept_disk"));
        QDir(ended[i]->folder).removeRecursively();
        m_keptBytes -= ended[i]->bytes;
        m_jobs.erase(ended[i]->id);
    }
}

void JobQueue::drain(int deadlineMs, std::function<void()> idle) {
    m_draining = true;
    m_idle = std::move(idle);
    while (!m_queue.empty()) {
        auto job = m_queue.front();
        m_queue.pop_front();
        finish(job, JobState::Cancelled,
               TaskOutcome::failure(503, QStringLiteral("shutting_down"), QStringLiteral("the server is shutting down")));
    }
    QTimer::singleShot(deadlineMs, this, [this] {
        for (auto& [id, job] : m_jobs)
            if (job->state == JobState::Running && job->stopAs == JobState::Running) {
                job->stopAs = JobState::Cancelled;
                job->task->cancel();
            }
    });
    checkIdle();
}

void JobQueue::checkIdle() {
    if (m_draining && m_running == 0 && m_idle) {
        auto idle = std::move(m_idle);
        m_idle = nullptr;
        QTimer::singleShot(0, this, idle);
    }
}

} // namespace ts::server

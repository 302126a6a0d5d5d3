#pragma once
// The server's bounded worker pool. A job waits in a queue of fixed capacity (a full queue refuses
// new work, and the API answers 503 with Retry-After), runs on one of `workers` slots, and is
// stopped when it outlives the time limit. Everything here lives on the server thread; a task does
// its work elsewhere (a child process or a pool thread) and reports back to this thread.

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace ts::server {

struct TaskOutcome {
    bool ok = false;
    int httpStatus = 200;   // for failures: 422 (the request could not be served), 500, ...
    QString code, message;  // failure code ("report_failed") and message for the client
    QString resultFile;     // a file in the job's folder (reports)
    QByteArray contentType; // of resultFile
    QString downloadName;   // suggested file name for Content-Disposition
    QJsonObject data;       // a JSON result (downloads)
    QString gzipFile;       // resultFile compressed, when it was worth it
    QString limit;          // the server limit that stopped the job, if one did (metrics label)

    static TaskOutcome failure(int status, const QString& code, const QString& message) {
        TaskOutcome o;
        o.httpStatus = status;
        o.code = code;
        o.message = message;
        return o;
    }
};

// A unit of work. start() and cancel() are called on the server thread; `done` must be called
// exactly once, on the server thread.
class Task {
public:
    virtual ~Task() = default;
    virtual QString kind() const = 0; // "report", "download"
    virtual void start(std::function<void(TaskOutcome)> done) = 0;
    virtual void cancel() = 0;
};

enum class JobState { Queued, Running, Done, Failed, TimedOut, Cancelled };
QString stateName(JobState s);

struct Job {
    QString id;
    QString kind;
    JobState state = JobState::Queued;
    QDateTime created, started, finished;
    TaskOutcome outcome;
    QString folder; // the job's private folder, removed when the job expires
    qint64 bytes = 0; // what the folder holds once the job has ended
    std::unique_ptr<Task> task;
    JobState stopAs = JobState::Running;                  // TimedOut or Cancelled once a stop was asked for
    std::vector<std::function<void(const Job&)>> waiters; // called once when the job ends

    bool ended() const { return state != JobState::Queued && state != JobState::Running; }
    QJsonObject toJson() const;
};

struct QueueOptions {
    int workers = 2;
    int capacity = 16;       // queued jobs beyond the running ones
    int timeoutMs = 120'000; // per job, from its start
    int keepMinutes = 60;    // finished jobs (and their files) are kept this long
    int keepMax = 1000;      // and at most this many
    qint64 maxKeptBytes = 512LL << 20; // and in all at most this much disk (oldest dropped first)
    QString workDir;         // job folders are made here
};

class JobQueue : public QObject {
public:
    explicit JobQueue(QueueOptions opts, QObject* parent = nullptr);
    ~JobQueue() override;

    // A new job in its own folder; nullptr when the queue is full or draining. makeTask receives the
    // job's folder (the task may write its inputs there).
    std::shared_ptr<Job> submit(const std::function<std::unique_ptr<Task>(const QString& folder)>& makeTask);
    // A job's folder is made before the task, so request inputs can be written into it.
    std::shared_ptr<Job> find(const QString& id) const;
    bool cancel(const QString& id);

    int queued() const { return static_cast<int>(m_queue.size()); }
    int running() const { return m_running; }
    // Jobs about to take a free worker are not waiting: only the rest count against the capacity.
    bool full() const { return queued() - std::max(0, m_opts.workers - m_running) >= m_opts.capacity; }
    // Disk used by the files of jobs still kept (waiting, running and ended).
    qint64 keptBytes() const { return m_keptBytes; }
    // The last submit was refused because the disk cap was reached with nothing left to drop.
    bool refusedForDisk() const { return m_refusedForDisk; }
    bool draining() const { return m_draining; }
    const QueueOptions& options() const { return m_opts; }
    // Seconds a client should wait before trying again: the queue ahead divided by the workers,
    // at the recent mean run time.
    int retryAfterSeconds() const;

    // Called after every job ends (metrics).
    std::function<void(const Job&)> onFinished;
    // Called when a limit stops a job (metrics label, e.g. "kept_disk").
    std::function<void(const QString& limit)> onLimit;

    // Stop taking work; queued jobs are cancelled, running ones get until `deadlineMs` and are then
    // cancelled; `idle` is called once nothing runs any more.
    void drain(int deadlineMs, std::function<void()> idle);

private:
    void pump();
    void finish(const std::shared_ptr<Job>& job, JobState state, TaskOutcome outcome);
    void expire();
    void checkIdle();

    QueueOptions m_opts;
    std::map<QString, std::shared_ptr<Job>> m_jobs;
    std::deque<std::shared_ptr<Job>> m_queue;
    std::map<QString, QTimer*> m_timers; // time limits of running jobs
    int m_running = 0;
    qint64 m_keptBytes = 0;
    bool m_refusedForDisk = false;
    double m_meanSeconds = 1.0;
    bool m_draining = false;
    std::function<void()> m_idle;
    QTimer* m_expiry = nullptr;
};

} // namespace ts::server

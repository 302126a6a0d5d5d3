#pragma once
// A report request run as a child process (`tearsheet-cli report --config job.json`): a crash, a
// runaway computation or a time limit kills that process, never the server, and memory goes back
// to the system when it ends. The child runs under resource limits (address space, CPU time, file
// size), so one request cannot take the machine's memory or disk.

#include "job_queue.h"
#include "report_request_schema.h"
#include "util/result.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStringList>

namespace ts::server {

struct ChildLimits {
    qint64 memoryBytes = 2048LL << 20;    // RLIMIT_AS
    int cpuSeconds = 300;                 // RLIMIT_CPU
    qint64 maxResultBytes = 128LL << 20;  // RLIMIT_FSIZE, and the largest result kept
};

struct ReportJobSpec {
    QString configFile; // the sanitised config, written into the job's folder
    QString outputFile; // what the child writes
    QString format;     // html, pdf, json
    QString title;      // for the download name
    QString cachePath;  // kept out of messages to clients
    ChildLimits limits;
};

// Checks a posted report (sanitiseReportRequest, then the report parser the child uses) and writes
// what the child needs into `folder`. `cachePath` is the server's cache; requests cannot choose
// another one. `limitHit` names the request limit that refused it, if one did.
Result<ReportJobSpec> prepareReport(const QJsonObject& body, const QString& format, const QString& folder,
                                    const QString& cachePath, const ReportLimits& limits,
                                    QString* limitHit = nullptr);

class ReportTask : public Task {
public:
    ReportTask(ReportJobSpec spec, QString program, QStringList args);
    ~ReportTask() override;
    QString kind() const override { return QStringLiteral("report"); }
    void start(std::function<void(TaskOutcome)> done) override;
    void cancel() override;

private:
    void finished(int exitCode, QProcess::ExitStatus status);

    ReportJobSpec m_spec;
    QString m_program;
    QStringList m_args;
    QProcess* m_process = nullptr;
    QElapsedTimer m_clock; // since the child started
    std::function<void(TaskOutcome)> m_done;
};

QByteArray contentTypeOf(const QString& format);

// The exit code of a `tearsheet-cli` child that ran out of memory under its address-space limit.
inline constexpr int kOutOfMemoryExit = 5;

} // namespace ts::server

#pragma once
// A report request run as a child process (`tearsheet-cli report --config job.json`): a crash, a
// runaway computation or a time limit kills that process, never the server, and memory goes back
// to the system when it ends.

#include "job_queue.h"
#include "util/result.h"

#include <QProcess>
#include <QStringList>

namespace ts::server {

struct ReportJobSpec {
    QString configFile; // the sanitised config, written into the job's folder
    QString outputFile; // what the child writes
    QString format;     // html, pdf, json
    QString title;      // for the download name
    QString cachePath;  // kept out of messages to clients
};

// Checks a posted report (the --config format, one report, or a bare report object) and writes
// what the child needs into `folder`. Paths are refused: strategies come from cached symbols,
// portfolios, or inline CSV text ("csv"), which is written into the folder. `cachePath` is the
// server's cache; requests cannot choose another one.
Result<ReportJobSpec> prepareReport(const QJsonObject& body, const QString& format, const QString& folder,
                                    const QString& cachePath);

class ReportTask : public Task {
public:
    ReportTask(ReportJobSpec spec, QString program, QStringList args);
    ~ReportTask() override;
    QString kind() const override { return QStringLiteral("report"); }
    void start(std::function<void(TaskOutcome)> done) override;
    void cancel() override;

private:
    ReportJobSpec m_spec;
    QString m_program;
    QStringList m_args;
    QProcess* m_process = nullptr;
    std::function<void(TaskOutcome)> m_done;
};

QByteArray contentTypeOf(const QString& format);

} // namespace ts::server

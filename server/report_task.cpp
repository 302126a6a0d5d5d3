#include "report_task.h"

#include "http/gzip.h"
#include "report/report_request.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QThreadPool>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>
#include <sys/resource.h>
#include <unistd.h>

namespace ts::server {

namespace {

// A report message as a client may see it: without our job folder, the cache path, or the name we
// gave the report ("report \"report\", strategy 2: ..." → "strategy 2: ...").
QString forClient(QString why, const QString& folder, const QString& cachePath) {
    why.replace(QDir(folder).absolutePath() + QLatin1Char('/'), QString());
    why.replace(QStringLiteral("report \"report\", "), QString());
    why.replace(QStringLiteral(" ") + cachePath, QString());
    why.replace(cachePath, QStringLiteral("the cache"));
    return why;
}

} // namespace

Result<ReportJobSpec> prepareReport(const QJsonObject& body, const QString& format, const QString& folder,
                                    const QString& cachePath, const ReportLimits& limits, QString* limitHit) {
    if (format != QLatin1String("html") && format != QLatin1String("pdf") && format != QLatin1String("json"))
        return Error::badInput(QStringLiteral("format must be html, pdf or json"));
    auto clean = sanitiseReportRequest(body, limits, folder, limitHit);
    if (!clean) return clean.error();
    QJsonObject report = clean->report;
    // The output name is ours: a request never names a file.
    report.insert(QStringLiteral("name"), QStringLiteral("report"));
    report.insert(QStringLiteral("formats"), QJsonArray{format});
    const QJsonObject config{{QStringLiteral("defaults"), clean->defaults},
                             {QStringLiteral("reports"), QJsonArray{report}}};

    // The same parser the child uses, so a malformed request is a 400 here, not a failed job.
    auto parsed = parseReportConfig(config, folder, cachePath);
    if (!parsed) {
        Error e = parsed.error();
        e.message = forClient(e.message, folder, cachePath);
        return e;
    }

    ReportJobSpec spec;
    spec.configFile = QDir(folder).filePath(QStringLiteral("request.json"));
    spec.outputFile = QDir(folder).filePath(QStringLiteral("report.") + format);
    spec.format = format;
    spec.title = clean->title;
    spec.cachePath = cachePath;
    QFile f(spec.configFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(config).toJson(QJsonDocument::Compact)) < 0)
        return Error::internal(QStringLiteral("cannot store the request"));
    return spec;
}

QByteArray contentTypeOf(const QString& format) {
    if (format == QLatin1String("pdf")) return "application/pdf";
    if (format == QLatin1String("html")) return "text/html; charset=utf-8";
    return "application/json";
}

ReportTask::ReportTask(ReportJobSpec spec, QString program, QStringList args)
    : m_spec(std::move(spec))
    , m_program(std::move(program))
    , m_args(std::move(args)) {}

ReportTask::~ReportTask() {
    if (m_process) {
        m_process->disconnect();
        m_process->kill();
        m_process->waitForFinished(2000);
        delete m_process;
    }
}

void ReportTask::start(std::function<void(TaskOutcome)> done) {
    m_done = std::move(done);
    m_process = new QProcess;
    m_process->setProgram(m_program);
    m_process->setArguments(m_args + QStringList{QStringLiteral("--config"), m_spec.configFile,
                                                 QStringLiteral("--out-dir"),
                                                 QFileInfo(m_spec.configFile).absolutePath()});
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    const ChildLimits l = m_spec.limits;
    // Rendering yields the CPU to the server thread, so probes and status requests stay fast when
    // every core is busy with reports; the limits hold a runaway child to its share.
    m_process->setChildProcessModifier([l] {
        [[maybe_unused]] const int n = ::nice(10);
        const rlimit as{static_cast<rlim_t>(l.memoryBytes), static_cast<rlim_t>(l.memoryBytes)};
        const rlimit cpu{static_cast<rlim_t>(l.cpuSeconds), static_cast<rlim_t>(l.cpuSeconds) + 5};
        // One byte past the largest result: a result at the limit is refused by the size check.
        const rlimit fsize{static_cast<rlim_t>(l.maxResultBytes + 1), static_cast<rlim_t>(l.maxResultBytes + 1)};
        ::setrlimit(RLIMIT_AS, &as);
        ::setrlimit(RLIMIT_CPU, &cpu);
        ::setrlimit(RLIMIT_FSIZE, &fsize);
    });
    QObject::connect(m_process, &QProcess::finished, m_process,
                     [this](int code, QProcess::ExitStatus st) { finished(code, st); });
    QObject::connect(m_process, &QProcess::errorOccurred, m_process, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) finished(-1, QProcess::CrashExit);
    });
    m_clock.start();
    m_process->start();
}

void ReportTask::finished(int exitCode, QProcess::ExitStatus status) {
    TaskOutcome o;
    const QString stderrText = QString::fromUtf8(m_process->readAllStandardError());
    const qint64 size = QFileInfo(m_spec.outputFile).size();
    const double seconds = static_cast<double>(m_clock.elapsed()) / 1000.0;
    const bool outOfMemory = exitCode == kOutOfMemoryExit || stderrText.contains(QLatin1String("bad_alloc")) ||
                             stderrText.contains(QLatin1String("out of memory"), Qt::CaseInsensitive) ||
                             stderrText.contains(QLatin1String("Cannot allocate memory")) ||
                             // The loader could not even map the program's libraries under the limit.
                             stderrText.contains(QLatin1String("failed to map segment"));
    if (size > m_spec.limits.maxResultBytes ||
        (status != QProcess::NormalExit && QFileInfo::exists(m_spec.outputFile) && size >= m_spec.limits.maxResultBytes)) {
        o.httpStatus = 507;
        o.code = QStringLiteral("result_too_large");
        o.message = QStringLiteral("the report is larger than the server keeps (%1 MiB, --max-result-mb)")
                        .arg(m_spec.limits.maxResultBytes >> 20);
        o.limit = QStringLiteral("result_size");
        QFile::remove(m_spec.outputFile);
    } else if (status == QProcess::NormalExit && exitCode == 0 && QFile::exists(m_spec.outputFile)) {
        o.ok = true;
        o.resultFile = m_spec.outputFile;
        o.contentType = contentTypeOf(m_spec.format);
        QString stem = m_spec.title;
        stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
        o.downloadName = (stem.isEmpty() ? QStringLiteral("report") : stem.left(80)) + QLatin1Char('.') + m_spec.format;
    } else if (outOfMemory) {
        o.httpStatus = 500;
        o.code = QStringLiteral("report_out_of_memory");
        o.message = QStringLiteral("the report needed more memory than a report may use (%1 MiB, --child-memory-mb)")
                        .arg(m_spec.limits.memoryBytes >> 20);
        o.limit = QStringLiteral("child_memory");
    } else if (status != QProcess::NormalExit && seconds >= m_spec.limits.cpuSeconds) {
        o.httpStatus = 500;
        o.code = QStringLiteral("report_cpu_limit");
        o.message = QStringLiteral("the report used more CPU time than a report may (%1 s, --child-cpu-seconds)")
                        .arg(m_spec.limits.cpuSeconds);
        o.limit = QStringLiteral("child_cpu");
    } else {
        // The child's own message ("tearsheet-cli report: report: unknown symbol ...") is the
        // reason; its prefixes name our file layout, not the client's request.
        QString why;
        for (const QString& line : stderrText.split(QLatin1Char('\n')))
            if (line.startsWith(QLatin1String("tearsheet-cli report: "))) {
                why = line.mid(22);
                if (why.startsWith(QLatin1String("report: "))) why = why.mid(8);
                // Server paths are not the client's business.
                why = forClient(why, QFileInfo(m_spec.configFile).absolutePath(), m_spec.cachePath);
                why.replace(QRegularExpression(QStringLiteral("download it first: tearsheet-cli download [^)]*")),
                            QStringLiteral("download it first: POST /api/v1/download"));
                break;
            }
        if (status != QProcess::NormalExit) {
            o.httpStatus = 500;
            o.code = QStringLiteral("report_crashed");
            o.message = QStringLiteral("the report process stopped unexpectedly");
        } else {
            o.httpStatus = exitCode == 1 ? 500 : 422;
            o.code = QStringLiteral("report_failed");
            o.message = why.isEmpty() ? QStringLiteral("the report could not be rendered") : why;
        }
    }
    m_process->deleteLater();
    m_process = nullptr;
    auto done = std::move(m_done);
    if (!done) return;
    if (!o.ok || m_spec.format == QLatin1String("pdf")) return done(std::move(o));
    // Text results are compressed once, off the server thread, and sent compressed to clients that
    // accept gzip.
    const QString gz = o.resultFile + QStringLiteral(".gz");
    QThreadPool::globalInstance()->start([o = std::move(o), gz, done = std::move(done)]() mutable {
        if (http::gzipFile(o.resultFile, gz)) o.gzipFile = gz;
        QMetaObject::invokeMethod(qApp, [o = std::move(o), done = std::move(done)]() mutable { done(std::move(o)); },
                                  Qt::QueuedConnection);
    });
}

void ReportTask::cancel() {
    if (!m_process) return;
    m_process->terminate();
    // A child that ignores SIGTERM is killed; its output is discarded either way.
    QTimer::singleShot(2000, m_process, [p = m_process] { p->kill(); });
}

} // namespace ts::server

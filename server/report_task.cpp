#include "report_task.h"

#include "report/report_request.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>
#include <unistd.h>

namespace ts::server {

namespace {

// Keys a request may use; anything else is most likely a typo the client wants to hear about.
Result<bool> onlyKeys(const QJsonObject& o, const QStringList& allowed, const QString& where) {
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!allowed.contains(it.key()))
            return Error::badInput(QStringLiteral("%1: unknown key \"%2\" (known: %3)")
                                       .arg(where, it.key(), allowed.join(QStringLiteral(", "))));
    return true;
}

Result<QJsonObject> sanitiseSeries(QJsonObject s, const QString& where, const QString& folder, int& files) {
    static const QStringList keys{
        QStringLiteral("name"),      QStringLiteral("color"),     QStringLiteral("symbol"),
        QStringLiteral("portfolio"), QStringLiteral("rebalance"), QStringLiteral("cost_bps"),
        QStringLiteral("normalize"), QStringLiteral("csv"),       QStringLiteral("values"),
        QStringLiteral("returns"),   QStringLiteral("prices")};
    if (auto ok = onlyKeys(s, keys, where); !ok) return ok.error();
    for (const char* key : {"returns", "prices"})
        if (s.contains(QLatin1String(key)))
            return Error::badInput(QStringLiteral("%1: \"%2\" names a file, which the server does not read; "
                                                  "send the data inline as \"csv\", or use \"symbol\" or "
                                                  "\"portfolio\"")
                                       .arg(where, QLatin1String(key)));
    if (s.contains(QStringLiteral("csv"))) {
        if (!s.value(QStringLiteral("csv")).isString() || s.value(QStringLiteral("csv")).toString().isEmpty())
            return Error::badInput(QStringLiteral("%1: \"csv\" must be the text of a CSV file").arg(where));
        const QString values = s.value(QStringLiteral("values")).toString(QStringLiteral("returns"));
        if (values != QLatin1String("returns") && values != QLatin1String("prices"))
            return Error::badInput(
                QStringLiteral("%1: \"values\" must be \"returns\" or \"prices\", got \"%2\"")
                    .arg(where, values));
        const QString file = QDir(folder).filePath(QStringLiteral("series-%1.csv").arg(files++));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(s.value(QStringLiteral("csv")).toString().toUtf8()) < 0)
            return Error::internal(QStringLiteral("cannot store the inline series"));
        s.remove(QStringLiteral("csv"));
        s.remove(QStringLiteral("values"));
        s.insert(values, file);
    }
    return s;
}

} // namespace

Result<ReportJobSpec> prepareReport(const QJsonObject& body, const QString& format, const QString& folder,
                                    const QString& cachePath) {
    if (format != QLatin1String("html") && format != QLatin1String("pdf") && format != QLatin1String("json"))
        return Error::badInput(QStringLiteral("format must be html, pdf or json, got \"%1\"").arg(format));
    QJsonObject defaults = body.value(QStringLiteral("defaults")).toObject();
    QJsonObject report;
    if (body.contains(QStringLiteral("reports"))) {
        const QJsonArray list = body.value(QStringLiteral("reports")).toArray();
        if (list.size() != 1 || !list.first().isObject())
            return Error::badInput(QStringLiteral("\"reports\" must hold exactly one report per request "
                                                  "(post each report of a batch on its own)"));
        report = list.first().toObject();
    } else {
        report = body;
        report.remove(QStringLiteral("defaults"));
    }
    if (defaults.contains(QStringLiteral("cache")) || report.contains(QStringLiteral("cache")))
        return Error::badInput(QStringLiteral("\"cache\" cannot be chosen by a request"));
    static const QStringList reportKeys{QStringLiteral("name"),       QStringLiteral("title"),
                                        QStringLiteral("strategies"), QStringLiteral("benchmark"),
                                        QStringLiteral("rf"),         QStringLiteral("periods"),
                                        QStringLiteral("compounded"), QStringLiteral("start"),
                                        QStringLiteral("end"),        QStringLiteral("formats")};
    if (auto ok = onlyKeys(report, reportKeys, QStringLiteral("report")); !ok) return ok.error();
    if (auto ok = onlyKeys(defaults, reportKeys, QStringLiteral("defaults")); !ok) return ok.error();
    if (!report.value(QStringLiteral("strategies")).isArray() ||
        report.value(QStringLiteral("strategies")).toArray().isEmpty())
        return Error::badInput(QStringLiteral("a report needs \"strategies\": a non-empty list"));

    int files = 0;
    QJsonArray strategies;
    const QJsonArray given = report.value(QStringLiteral("strategies")).toArray();
    for (qsizetype i = 0; i < given.size(); ++i) {
        if (!given[i].isObject())
            return Error::badInput(QStringLiteral("strategies[%1] must be an object").arg(i));
        auto s = sanitiseSeries(given[i].toObject(), QStringLiteral("strategies[%1]").arg(i), folder, files);
        if (!s) return s.error();
        strategies.append(*s);
    }
    report.insert(QStringLiteral("strategies"), strategies);
    if (report.contains(QStringLiteral("benchmark"))) {
        if (!report.value(QStringLiteral("benchmark")).isObject())
            return Error::badInput(QStringLiteral("benchmark must be an object"));
        auto b = sanitiseSeries(report.value(QStringLiteral("benchmark")).toObject(),
                                QStringLiteral("benchmark"), folder, files);
        if (!b) return b.error();
        report.insert(QStringLiteral("benchmark"), *b);
    }
    const QString title =
        report.value(QStringLiteral("title"))
            .toString(report.value(QStringLiteral("name")).toString(QStringLiteral("report")));
    // The output name is ours: a request never names a file.
    report.insert(QStringLiteral("name"), QStringLiteral("report"));
    report.insert(QStringLiteral("formats"), QJsonArray{format});
    defaults.remove(QStringLiteral("formats"));
    const QJsonObject config{{QStringLiteral("defaults"), defaults},
                             {QStringLiteral("reports"), QJsonArray{report}}};

    // The same parser the child uses, so a malformed request is a 400 here, not a failed job.
    auto parsed = parseReportConfig(config, folder, cachePath);
    if (!parsed) return parsed.error();

    ReportJobSpec spec;
    spec.configFile = QDir(folder).filePath(QStringLiteral("request.json"));
    spec.outputFile = QDir(folder).filePath(QStringLiteral("report.") + format);
    spec.format = format;
    spec.title = title;
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
    // Rendering yields the CPU to the server thread, so probes and status requests stay fast when
    // every core is busy with reports.
    m_process->setChildProcessModifier([] { [[maybe_unused]] const int n = ::nice(10); });
    auto finished = [this](int exitCode, QProcess::ExitStatus status) {
        TaskOutcome o;
        if (status == QProcess::NormalExit && exitCode == 0 && QFile::exists(m_spec.outputFile)) {
            o.ok = true;
            o.resultFile = m_spec.outputFile;
            o.contentType = contentTypeOf(m_spec.format);
            QString stem = m_spec.title;
            stem.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
            o.downloadName = (stem.isEmpty() ? QStringLiteral("report") : stem.left(80)) + QLatin1Char('.') +
                             m_spec.format;
        } else {
            // The child's own message ("tearsheet-cli report: report: unknown symbol ...") is the
            // reason; its prefixes name our file layout, not the client's request.
            QString why;
            const QStringList lines =
                QString::fromUtf8(m_process->readAllStandardError()).split(QLatin1Char('\n'));
            for (const QString& line : lines)
                if (line.startsWith(QLatin1String("tearsheet-cli report: "))) {
                    why = line.mid(22);
                    if (why.startsWith(QLatin1String("report: "))) why = why.mid(8);
                    // Server paths are not the client's business.
                    why.replace(QFileInfo(m_spec.configFile).absolutePath() + QLatin1Char('/'), QString());
                    why.replace(QStringLiteral(" ") + m_spec.cachePath, QString());
                    why.replace(
                        QRegularExpression(QStringLiteral("download it first: tearsheet-cli download [^)]*")),
                        QStringLiteral("download it first: POST /api/v1/download"));
                    break;
                }
            o.ok = false;
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
        if (auto done = std::move(m_done)) done(std::move(o));
    };
    QObject::connect(m_process, &QProcess::finished, m_process, finished);
    QObject::connect(m_process, &QProcess::errorOccurred, m_process,
                     [this, finished](QProcess::ProcessError e) {
                         if (e == QProcess::FailedToStart) finished(-1, QProcess::CrashExit);
                     });
    m_process->start();
}

void ReportTask::cancel() {
    if (!m_process) return;
    m_process->terminate();
    // A child that ignores SIGTERM is killed; its output is discarded either way.
    QTimer::singleShot(2000, m_process, [p = m_process] { p->kill(); });
}

} // namespace ts::server

#include "schedule_command.h"

#include "cache/fundamentals_store.h"
#include "fundamentals/ingest.h"
#include "fundamentals/source.h"
#include "helper_programs.h"
#include "market_options.h"
#include "net/downloader.h"
#include "report/report_request.h"
#include "schedule/cron.h"
#include "signal_watcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTimer>

namespace ts::cli {

namespace {

struct RenderOutcome {
    QJsonArray reports; // name, ok, error, files (names inside the out folder)
    int written = 0, failed = 0;
    bool interrupted = false;
    QString error; // nothing could be rendered
};

// The batch is drawn by tearsheet-render (this process loads no GUI library); its messages go to
// our stderr, its outcome comes back as the --summary JSON. A signal to us is passed on: the
// renderer finishes the report in progress and stops.
RenderOutcome renderInRenderer(const QString& config, const QString& outDir, const QString& shard,
                               const QString& cache) {
    RenderOutcome o;
    const auto program = helperProgram("tearsheet-render");
    if (!program) {
        o.error = program.error().message;
        return o;
    }
    QTemporaryDir tmp;
    const QString summary = tmp.filePath(QStringLiteral("summary.json"));
    QStringList args{QStringLiteral("report"),
                     QStringLiteral("--config"),
                     config,
                     QStringLiteral("--out-dir"),
                     outDir,
                     QStringLiteral("--cache"),
                     cache,
                     QStringLiteral("--summary"),
                     summary};
    if (!shard.isEmpty()) args << QStringLiteral("--shard") << shard;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(*program, args);
    if (!child.waitForStarted()) {
        o.error = QStringLiteral("cannot start %1: %2").arg(*program, child.errorString());
        return o;
    }
    bool passedOn = false;
    while (!child.waitForFinished(200))
        if (SignalWatcher::received() && !passedOn) {
            child.terminate();
            passedOn = true;
        }
    QFile f(summary);
    const QJsonObject s =
        f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
    if (s.isEmpty()) {
        o.error =
            child.exitStatus() == QProcess::CrashExit
                ? QStringLiteral("the renderer crashed")
                : QStringLiteral("the renderer exited with code %1 and no summary").arg(child.exitCode());
        return o;
    }
    o.error = s.value(QStringLiteral("error")).toString();
    o.interrupted = s.value(QStringLiteral("interrupted")).toBool();
    o.written = s.value(QStringLiteral("written")).toInt();
    o.failed = s.value(QStringLiteral("failed")).toInt();
    for (const QJsonValue& v : s.value(QStringLiteral("reports")).toArray()) {
        QJsonObject r = v.toObject();
        QJsonArray names;
        for (const QJsonValue& file : r.value(QStringLiteral("files")).toArray())
            names.append(QFileInfo(file.toString()).fileName());
        r.insert(QStringLiteral("files"), names);
        o.reports.append(r);
    }
    return o;
}

bool isTrue(const QString& v) {
    const QString s = v.trimmed().toLower();
    return s == QLatin1String("1") || s == QLatin1String("true") || s == QLatin1String("yes");
}

} // namespace

int ScheduleCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Runs a report batch on a schedule: refreshes every symbol the config reads (incrementally),\n"
        "then renders each report into --out-dir (temporary file, then rename, so readers never see\n"
        "half a report) and appends one JSON line per run to <out-dir>/schedule-log.jsonl\n"
        "(last-run.json holds the latest). A failed download does not stop the run: reports render\n"
        "from what the cache holds, and the log says what failed. SIGTERM waits for the run in progress\n"
        "to reach a whole series or report, then exits.\n\n"
        "Cron: minute hour day-of-month month day-of-week, in the local time zone (TZ), e.g.\n"
        "\"0 7 * * 1-5\" (07:00 on weekdays), \"*/15 * * * *\", \"@daily\".\n\n"
        "Example:\n"
        "  tearsheet-cli schedule --cron \"0 7 * * 1-5\" --config /config/reports.json --out-dir "
        "/data/reports"));
    p.addHelpOption();
    MarketOptions market; // --cache; settings come from TEARSHEET_CONFIG or the default file
    p.addOption(market.cache);
    const QCommandLineOption cronOpt(QStringLiteral("cron"),
                                     QStringLiteral("When to run (env TEARSHEET_SCHEDULE)."),
                                     QStringLiteral("EXPR"));
    const QCommandLineOption configOpt(QStringLiteral("config"),
                                       QStringLiteral("Report config (JSON batch)."), QStringLiteral("FILE"));
    const QCommandLineOption outDirOpt(QStringLiteral("out-dir"), QStringLiteral("Folder for the reports."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption startupOpt(
        QStringLiteral("run-on-startup"),
        QStringLiteral("Also run once at start (env TEARSHEET_RUN_ON_STARTUP=1)."));
    const QCommandLineOption onceOpt(
        QStringLiteral("once"), QStringLiteral("Run once now and exit (for an external scheduler such as a "
                                               "Kubernetes CronJob); no --cron needed."));
    const QCommandLineOption noDownloadOpt(QStringLiteral("no-download"),
                                           QStringLiteral("Render from the cache without refreshing it."));
    const QCommandLineOption shardOpt(QStringLiteral("shard"),
                                      QStringLiteral("Render only shard I/N of the batch."),
                                      QStringLiteral("I/N"));
    const QCommandLineOption fundamentalsOpt(
        QStringLiteral("fundamentals"),
        QStringLiteral(
            "Also refresh the holdings' statements and ratios from this provider (fmp, alphavantage) when "
            "older than --fundamentals-max-age days: a weekly refresh by default."),
        QStringLiteral("PROVIDER"));
    const QCommandLineOption fundamentalsAgeOpt(
        QStringLiteral("fundamentals-max-age"),
        QStringLiteral("Days before statements are fetched again (default 7)."), QStringLiteral("DAYS"),
        QStringLiteral("7"));
    p.addOptions({cronOpt, configOpt, outDirOpt, startupOpt, onceOpt, noDownloadOpt, shardOpt,
                  fundamentalsOpt, fundamentalsAgeOpt});
    bool done = false;
    if (const int code = parseCommandLine(p, name(), args, done); done) return code;
    auto fail = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli schedule: %1\n").arg(msg));
        return static_cast<int>(BadInput);
    };
    if (!p.isSet(configOpt)) return fail(QStringLiteral("--config FILE is required"));
    if (!p.isSet(outDirOpt)) return fail(QStringLiteral("--out-dir DIR is required"));
    const bool once = p.isSet(onceOpt);
    const QString cronText = p.isSet(cronOpt) ? p.value(cronOpt) : qEnvironmentVariable("TEARSHEET_SCHEDULE");
    std::optional<CronSchedule> cron;
    if (!once) {
        if (cronText.isEmpty())
            return fail(QStringLiteral("give --cron EXPR (or TEARSHEET_SCHEDULE), or --once"));
        auto c = CronSchedule::parse(cronText);
        if (!c) return fail(c.error().message);
        cron = *c;
    }
    int code = Ok;
    auto settings = market.settings(p, name(), code);
    if (!settings) return code;
    // The config is checked now, so a mistake shows at start, not at the first run hours later.
    if (auto r = loadReportConfig(p.value(configOpt), settings->cachePath); !r)
        return fail(r.error().message);
    const QString outDir = p.value(outDirOpt);
    if (!QDir().mkpath(outDir)) return fail(QStringLiteral("%1: cannot create the folder").arg(outDir));
    const QString fundamentalsProvider = p.value(fundamentalsOpt).toLower();
    if (!fundamentalsProvider.isEmpty() && !fundamentals::sourceNames().contains(fundamentalsProvider))
        return fail(QStringLiteral("--fundamentals: no fundamentals from \"%1\" (sources: %2)")
                        .arg(fundamentalsProvider, fundamentals::sourceNames().join(QStringLiteral(", "))));
    bool ageOk = false;
    const int fundamentalsAge = p.value(fundamentalsAgeOpt).toInt(&ageOk);
    if (!ageOk || fundamentalsAge < 0) return fail(QStringLiteral("--fundamentals-max-age must be >= 0"));

    SignalWatcher watcher([](int) { QCoreApplication::exit(Ok); });
    int lastStatus = Ok;
    auto runOnce = [&] {
        QElapsedTimer timer;
        timer.start();
        const QDateTime started = QDateTime::currentDateTimeUtc();
        err(QStringLiteral("tearsheet-cli schedule: run started %1\n").arg(started.toString(Qt::ISODate)));
        QJsonObject log{{QStringLiteral("started"), started.toString(Qt::ISODateWithMs)},
                        {QStringLiteral("config"), QFileInfo(p.value(configOpt)).absoluteFilePath()}};
        auto requests = loadReportConfig(p.value(configOpt), settings->cachePath);
        int downloadFailed = 0;
        bool interrupted = false;
        if (!requests) {
            log.insert(QStringLiteral("error"), requests.error().message);
        } else if (!p.isSet(noDownloadOpt)) {
            net::DownloadParams dp;
            dp.symbols = cachedSymbols(*requests);
            QJsonObject d{{QStringLiteral("symbols"), dp.symbols.size()}};
            if (!dp.symbols.isEmpty()) {
                auto cache = cache::PriceCache::open(settings->cachePath);
                auto r = cache ? net::runDownload(
                                     dp, *settings, **cache,
                                     [](const net::DownloadProgress&) { return !SignalWatcher::received(); })
                               : Result<net::DownloadResult>(cache.error());
                if (!r) {
                    d.insert(QStringLiteral("error"), r.error().message);
                    downloadFailed = static_cast<int>(dp.symbols.size());
                } else {
                    QJsonArray failures, refused;
                    int updated = 0, current = 0;
                    for (const auto& o : r->outcomes) {
                        if (o.status == net::SymbolOutcome::Status::Updated) ++updated;
                        if (o.status == net::SymbolOutcome::Status::UpToDate) ++current;
                        if (o.status == net::SymbolOutcome::Status::Failed)
                            failures.append(QJsonObject{{QStringLiteral("symbol"), o.symbol},
                                                        {QStringLiteral("message"), o.message}});
                        // A scheduled run never shortens a stored history: the refusal is logged.
                        if (o.status == net::SymbolOutcome::Status::Refused)
                            refused.append(QJsonObject{{QStringLiteral("symbol"), o.symbol},
                                                       {QStringLiteral("message"), o.message}});
                    }
                    downloadFailed = r->failed();
                    interrupted = r->cancelled;
                    d.insert(QStringLiteral("updated"), updated);
                    d.insert(QStringLiteral("up_to_date"), current);
                    d.insert(QStringLiteral("failed"), failures);
                    d.insert(QStringLiteral("refused"), refused);
                    d.insert(QStringLiteral("seconds"), r->seconds);
                }
            }
            log.insert(QStringLiteral("download"), d);
            // Statements change quarterly: fetched again only when older than the max age.
            if (!fundamentalsProvider.isEmpty() && !dp.symbols.isEmpty() && !SignalWatcher::received()) {
                QJsonObject f{{QStringLiteral("provider"), fundamentalsProvider}};
                auto store = cache::FundamentalsStore::open(settings->cachePath);
                fundamentals::IngestParams ip;
                ip.symbols = dp.symbols;
                ip.provider = fundamentalsProvider;
                ip.maxAgeDays = fundamentalsAge;
                auto r = store ? fundamentals::runIngest(ip, *settings, **store,
                                                         [](const fundamentals::IngestProgress&) {
                                                             return !SignalWatcher::received();
                                                         })
                               : Result<fundamentals::IngestResult>(store.error());
                if (!r) {
                    f.insert(QStringLiteral("error"), r.error().message);
                } else {
                    f.insert(QStringLiteral("stored"), r->stored);
                    f.insert(QStringLiteral("fresh"), r->skipped);
                    f.insert(QStringLiteral("failed"), r->failed);
                    f.insert(QStringLiteral("requests"), r->requests);
                    if (!r->stoppedBy.isEmpty())
                        f.insert(QStringLiteral("stopped"),
                                 r->stoppedBy + QStringLiteral(": ") + r->stopMessage);
                }
                log.insert(QStringLiteral("fundamentals"), f);
            }
        }
        int written = 0, failed = 0;
        if (requests && !interrupted) {
            const RenderOutcome b =
                renderInRenderer(p.value(configOpt), outDir, p.value(shardOpt), settings->cachePath);
            if (!b.error.isEmpty()) log.insert(QStringLiteral("error"), b.error);
            if (b.interrupted) interrupted = true;
            if (!b.reports.isEmpty()) log.insert(QStringLiteral("reports"), b.reports);
            written = b.written;
            failed = b.failed;
        }
        const bool broken = !requests || log.contains(QStringLiteral("error"));
        const QString status = broken || interrupted ? QStringLiteral("failed")
                               : (failed > 0 || downloadFailed > 0)
                                   ? (written == 0 ? QStringLiteral("failed") : QStringLiteral("partial"))
                                   : QStringLiteral("ok");
        if (interrupted) log.insert(QStringLiteral("interrupted"), true);
        log.insert(QStringLiteral("status"), status);
        log.insert(QStringLiteral("written"), written);
        log.insert(QStringLiteral("failed"), failed);
        log.insert(QStringLiteral("finished"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        log.insert(QStringLiteral("seconds"), static_cast<double>(timer.elapsed()) / 1000.0);
        if (cron)
            log.insert(QStringLiteral("next"),
                       cron->next(QDateTime::currentDateTime()).toString(Qt::ISODate));
        // The run log: one line per run, appended; last-run.json replaced atomically.
        QFile runLog(QDir(outDir).filePath(QStringLiteral("schedule-log.jsonl")));
        if (runLog.open(QIODevice::Append))
            runLog.write(QJsonDocument(log).toJson(QJsonDocument::Compact) + '\n');
        QString error;
        writeFileAtomically(QDir(outDir).filePath(QStringLiteral("last-run.json")),
                            QJsonDocument(log).toJson(QJsonDocument::Indented), error);
        err(QStringLiteral(
                "tearsheet-cli schedule: run %1: %2 written, %3 failed, %4 download failure(s), %5 s\n")
                .arg(status)
                .arg(written)
                .arg(failed)
                .arg(downloadFailed)
                .arg(static_cast<double>(timer.elapsed()) / 1000.0, 0, 'f', 1));
        lastStatus = status == QLatin1String("ok")        ? Ok
                     : status == QLatin1String("partial") ? PartialFailure
                                                          : TotalFailure;
    };

    if (once) {
        runOnce();
        return lastStatus;
    }
    QTimer timer;
    timer.setSingleShot(true);
    std::function<void()> arm = [&] {
        const QDateTime now = QDateTime::currentDateTime();
        const QDateTime next = cron->next(now);
        if (!next.isValid()) {
            err(QStringLiteral("tearsheet-cli schedule: \"%1\" never fires\n").arg(cron->expression()));
            QCoreApplication::exit(BadInput);
            return;
        }
        err(QStringLiteral("tearsheet-cli schedule: next run %1\n").arg(next.toString(Qt::ISODate)));
        // Long waits are re-armed in steps so a suspended machine or a clock change is caught up.
        timer.start(static_cast<int>(std::min<qint64>(now.msecsTo(next), 60'000)));
        timer.setProperty("due", next);
    };
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const QDateTime due = timer.property("due").toDateTime();
        if (QDateTime::currentDateTime() >= due) {
            runOnce();
            if (SignalWatcher::received()) return QCoreApplication::exit(Ok);
            arm();
        } else {
            timer.start(
                static_cast<int>(std::min<qint64>(QDateTime::currentDateTime().msecsTo(due), 60'000)));
        }
    });
    err(QStringLiteral("tearsheet-cli schedule: \"%1\" in %2\n")
            .arg(cron->expression(), QString::fromUtf8(QDateTime::currentDateTime().timeZone().id())));
    if (p.isSet(startupOpt) || isTrue(qEnvironmentVariable("TEARSHEET_RUN_ON_STARTUP"))) runOnce();
    if (SignalWatcher::received()) return Ok;
    arm();
    const int rc = QCoreApplication::exec();
    err(QStringLiteral("tearsheet-cli schedule: stopped\n"));
    return rc;
}

} // namespace ts::cli

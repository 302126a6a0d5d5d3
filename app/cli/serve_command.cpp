#include "serve_command.h"

#include "api_server.h"
#include "market_options.h"
#include "signal_watcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QThread>
#include <unistd.h>

namespace ts::cli {

namespace {

// An option's value, else the environment variable, else the default.
QString optionOrEnv(const QCommandLineParser& p, const QCommandLineOption& o, const char* env) {
    if (p.isSet(o)) return p.value(o);
    if (!qEnvironmentVariableIsEmpty(env)) return qEnvironmentVariable(env);
    return o.defaultValues().value(0);
}

} // namespace

int ServeCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Serves the engine over HTTP.\n\n"
        "  GET  /health                   liveness (always answered at once)\n"
        "  GET  /ready                    readiness: the cache is reachable and work is accepted\n"
        "  GET  /metrics                  Prometheus text\n"
        "  GET  /api/v1/version\n"
        "  GET  /api/v1/symbols           what the cache holds\n"
        "  POST /api/v1/reports           a report (the report --config JSON, one report);\n"
        "                                 ?format=html|pdf|json, ?async=true for a job id\n"
        "  GET  /api/v1/reports/{id}      job status;  GET .../result  the report;  DELETE  cancel\n"
        "  POST /api/v1/download          {\"symbols\": [...]}: refresh the cache (a job)\n"
        "  GET  /api/v1/downloads/{id}    its status and per-symbol outcome\n\n"
        "Reports render in child processes, at most --workers at a time, with --queue more waiting;\n"
        "beyond that requests get 503 with Retry-After. A job running longer than --job-timeout is\n"
        "stopped (504). Binding to a non-loopback address requires TEARSHEET_API_TOKEN, which clients\n"
        "send as 'Authorization: Bearer <token>' (/health and /ready stay open). SIGTERM stops\n"
        "accepting, lets running jobs finish within --shutdown-timeout, then exits."));
    p.addHelpOption();
    MarketOptions market;
    market.addTo(p);
    const QCommandLineOption bindOpt(
        QStringLiteral("bind"),
        QStringLiteral("Address to listen on (env TEARSHEET_BIND; default 127.0.0.1)."),
        QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOpt(
        QStringLiteral("port"),
        QStringLiteral("Port; 0 picks a free one (env TEARSHEET_PORT; default 8080)."),
        QStringLiteral("PORT"), QStringLiteral("8080"));
    const int cores = std::max(1, QThread::idealThreadCount());
    const QCommandLineOption workersOpt(
        QStringLiteral("workers"),
        QStringLiteral("Jobs running at once (env TEARSHEET_WORKERS; default: "
                       "the number of cores)."),
        QStringLiteral("N"), QString::number(cores));
    const QCommandLineOption queueOpt(QStringLiteral("queue"),
                                      QStringLiteral("Jobs that may wait for a worker (default 16)."),
                                      QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption timeoutOpt(QStringLiteral("job-timeout"),
                                        QStringLiteral("Seconds a job may run (default 120)."),
                                        QStringLiteral("SECONDS"), QStringLiteral("120"));
    const QCommandLineOption bodyOpt(QStringLiteral("max-body"),
                                     QStringLiteral("Largest request body in bytes (default 8388608)."),
                                     QStringLiteral("BYTES"), QStringLiteral("8388608"));
    const QCommandLineOption keepOpt(
        QStringLiteral("keep-minutes"),
        QStringLiteral("How long finished jobs and their results are kept (default 60)."),
        QStringLiteral("MINUTES"), QStringLiteral("60"));
    const QCommandLineOption workDirOpt(
        QStringLiteral("work-dir"),
        QStringLiteral("Folder for job files (default: a private temporary folder)."), QStringLiteral("DIR"));
    const QCommandLineOption shutdownOpt(
        QStringLiteral("shutdown-timeout"),
        QStringLiteral("Seconds running jobs get to finish on SIGTERM (default 20)."),
        QStringLiteral("SECONDS"), QStringLiteral("20"));
    p.addOptions(
        {bindOpt, portOpt, workersOpt, queueOpt, timeoutOpt, bodyOpt, keepOpt, workDirOpt, shutdownOpt});
    bool done = false;
    if (const int code = parseCommandLine(p, name(), args, done); done) return code;

    auto fail = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli serve: %1\n").arg(msg));
        return static_cast<int>(BadInput);
    };
    int code = Ok;
    auto settings = market.settings(p, name(), code);
    if (!settings) return code;

    server::ServerOptions o;
    o.settings = *settings;
    o.program = QCoreApplication::applicationFilePath();
    const QString bind = optionOrEnv(p, bindOpt, "TEARSHEET_BIND");
    if (!o.address.setAddress(bind == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : bind))
        return fail(QStringLiteral("--bind: \"%1\" is not an IP address").arg(bind));
    bool ok = false;
    const int port = optionOrEnv(p, portOpt, "TEARSHEET_PORT").toInt(&ok);
    if (!ok || port < 0 || port > 65535) return fail(QStringLiteral("--port must be 0..65535"));
    o.port = static_cast<quint16>(port);
    o.token = qEnvironmentVariable("TEARSHEET_API_TOKEN").trimmed();
    auto positive = [&](const QCommandLineOption& opt, const char* env, double min, double& value) {
        value = (env ? optionOrEnv(p, opt, env) : p.value(opt)).toDouble(&ok);
        return ok && value >= min;
    };
    double workers = 0, queue = 0, timeout = 0, body = 0, keep = 0, shutdownSeconds = 0;
    if (!positive(workersOpt, "TEARSHEET_WORKERS", 1, workers))
        return fail(QStringLiteral("--workers must be >= 1"));
    if (!positive(queueOpt, nullptr, 0, queue)) return fail(QStringLiteral("--queue must be >= 0"));
    if (!positive(timeoutOpt, nullptr, 0.001, timeout))
        return fail(QStringLiteral("--job-timeout must be > 0"));
    if (!positive(bodyOpt, nullptr, 1, body)) return fail(QStringLiteral("--max-body must be >= 1"));
    if (!positive(keepOpt, nullptr, 0, keep)) return fail(QStringLiteral("--keep-minutes must be >= 0"));
    if (!positive(shutdownOpt, nullptr, 0, shutdownSeconds))
        return fail(QStringLiteral("--shutdown-timeout must be >= 0"));
    o.queue.workers = static_cast<int>(workers);
    o.queue.capacity = static_cast<int>(queue);
    o.queue.timeoutMs = static_cast<int>(timeout * 1000);
    o.queue.keepMinutes = static_cast<int>(keep);
    o.maxBodyBytes = static_cast<qint64>(body);
    o.queue.workDir =
        p.isSet(workDirOpt)
            ? p.value(workDirOpt)
            : QDir(QDir::tempPath()).filePath(QStringLiteral("tearsheet-serve-%1").arg(getpid()));
    const bool ownWorkDir = !p.isSet(workDirOpt);
    if (!QDir().mkpath(o.queue.workDir))
        return fail(QStringLiteral("%1: cannot create the folder").arg(o.queue.workDir));
    QFile::setPermissions(o.queue.workDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    server::ApiServer api(o);
    auto port0 = api.start();
    if (!port0) {
        err(QStringLiteral("tearsheet-cli serve: %1\n").arg(port0.error().message));
        return port0.error().kind == ErrorKind::BadInput ? BadInput : Internal;
    }
    // One line a supervisor or a test can wait for.
    err(QStringLiteral("tearsheet-cli serve: listening on http://%1:%2 (workers %3, queue %4, cache %5%6)\n")
            .arg(o.address.protocol() == QAbstractSocket::IPv6Protocol
                     ? QLatin1Char('[') + o.address.toString() + QLatin1Char(']')
                     : o.address.toString())
            .arg(*port0)
            .arg(o.queue.workers)
            .arg(o.queue.capacity)
            .arg(o.settings.cachePath,
                 o.token.isEmpty() ? QString() : QStringLiteral(", bearer token required")));

    int signalCount = 0;
    server::SignalWatcher watcher([&](int sig) {
        if (++signalCount > 1) {
            err(QStringLiteral("tearsheet-cli serve: second signal, exiting now\n"));
            QCoreApplication::exit(Cancelled);
            return;
        }
        err(QStringLiteral("tearsheet-cli serve: signal %1: draining (up to %2 s)\n")
                .arg(sig)
                .arg(shutdownSeconds));
        api.shutdown(static_cast<int>(shutdownSeconds * 1000), [] {
            err(QStringLiteral("tearsheet-cli serve: stopped\n"));
            QCoreApplication::exit(Ok);
        });
    });
    const int rc = QCoreApplication::exec();
    if (ownWorkDir) QDir(o.queue.workDir).removeRecursively();
    return rc;
}

} // namespace ts::cli

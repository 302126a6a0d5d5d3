#include "serve_command.h"

#include "api_server.h"
#include "helper_programs.h"
#include "market_options.h"
#include "signal_watcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QThread>
#include <map>
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
    // The bounds (README: "serve limits"): flag, environment variable, default, smallest value.
    struct Bound {
        QCommandLineOption option;
        const char* env;
        double min;
    };
    auto bound = [](const char* name, const char* env, const char* what, const char* unit, const char* def,
                    double min) {
        return Bound{QCommandLineOption(QLatin1String(name),
                                        QStringLiteral("%1 (env %2; default %3).")
                                            .arg(QLatin1String(what), QLatin1String(env), QLatin1String(def)),
                                        QLatin1String(unit), QLatin1String(def)),
                     env, min};
    };
    std::vector<Bound> bounds{
        bound("max-body", "TEARSHEET_MAX_BODY", "Largest request body in bytes", "BYTES", "8388608", 1),
        bound("header-timeout", "TEARSHEET_HEADER_TIMEOUT",
              "Seconds from a request's first byte to the end of its header", "SECONDS", "10", 0.1),
        bound("body-timeout", "TEARSHEET_BODY_TIMEOUT",
              "Seconds from the end of the header to the end of the body", "SECONDS", "30", 0.1),
        bound("idle-timeout", "TEARSHEET_IDLE_TIMEOUT",
              "Seconds a kept-alive connection may wait for its next request", "SECONDS", "15", 0.1),
        bound("max-connections", "TEARSHEET_MAX_CONNECTIONS", "Open connections in all", "N", "512", 1),
        bound("max-client-connections", "TEARSHEET_MAX_CLIENT_CONNECTIONS",
              "Open connections from one client address", "N", "32", 1),
        bound("rate-limit", "TEARSHEET_RATE_LIMIT",
              "Requests per client address per minute, probes exempt; 0 = no limit", "N", "600", 0),
        bound("max-strategies", "TEARSHEET_MAX_STRATEGIES", "Strategies per report", "N", "50", 1),
        bound("max-symbols", "TEARSHEET_MAX_SYMBOLS", "Symbols per portfolio", "N", "200", 1),
        bound("max-csv-rows", "TEARSHEET_MAX_CSV_ROWS", "Rows per inline CSV series", "N", "100000", 2),
        bound("max-result-mb", "TEARSHEET_MAX_RESULT_MB", "Largest report result, MiB", "MIB", "128", 1),
        bound("max-kept-mb", "TEARSHEET_MAX_KEPT_MB", "Disk for kept results, MiB (oldest dropped first)",
              "MIB", "512", 1),
        bound("child-memory-mb", "TEARSHEET_CHILD_MEMORY_MB", "Address space of a report process, MiB", "MIB",
              "2048", 16),
        bound("child-cpu-seconds", "TEARSHEET_CHILD_CPU_SECONDS", "CPU seconds of a report process",
              "SECONDS", "300", 1),
    };
    const QCommandLineOption tlsCertOpt(
        QStringLiteral("tls-cert"),
        QStringLiteral("PEM certificate (chain): serve HTTPS (env TEARSHEET_TLS_CERT)."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKeyOpt(
        QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert (env TEARSHEET_TLS_KEY)."),
        QStringLiteral("FILE"));
    const QCommandLineOption metricsPortOpt(
        QStringLiteral("metrics-port"),
        QStringLiteral("A second, plain-HTTP listener answering only /metrics (and /health), without the API "
                       "token (env TEARSHEET_METRICS_PORT; 0 picks one). TEARSHEET_METRICS_TOKEN, if set, is "
                       "also accepted for /metrics on the main listener."),
        QStringLiteral("PORT"));
    const QCommandLineOption metricsBindOpt(
        QStringLiteral("metrics-bind"),
        QStringLiteral("Address of the metrics listener (env TEARSHEET_METRICS_BIND; default: --bind)."),
        QStringLiteral("ADDR"));
    const QCommandLineOption proxiesOpt(
        QStringLiteral("trusted-proxies"),
        QStringLiteral("Comma-separated addresses or CIDR blocks whose X-Forwarded-For names the client "
                       "(env TEARSHEET_TRUSTED_PROXIES; default none)."),
        QStringLiteral("LIST"));
    p.addOptions({bindOpt, portOpt, workersOpt, queueOpt, timeoutOpt, keepOpt, workDirOpt, shutdownOpt,
                  tlsCertOpt, tlsKeyOpt, metricsPortOpt, metricsBindOpt, proxiesOpt});
    for (const Bound& b : bounds)
        p.addOption(b.option);
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
    // Reports are drawn by the renderer's child processes; this process stays headless.
    const auto renderer = helperProgram("tearsheet-render");
    if (!renderer) return fail(renderer.error().message);
    o.program = *renderer;
    const QString bind = optionOrEnv(p, bindOpt, "TEARSHEET_BIND");
    if (!o.address.setAddress(bind == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : bind))
        return fail(QStringLiteral("--bind: \"%1\" is not an IP address").arg(bind));
    bool ok = false;
    const int port = optionOrEnv(p, portOpt, "TEARSHEET_PORT").toInt(&ok);
    if (!ok || port < 0 || port > 65535) return fail(QStringLiteral("--port must be 0..65535"));
    o.port = static_cast<quint16>(port);
    o.token = qEnvironmentVariable("TEARSHEET_API_TOKEN").trimmed();
    o.metricsToken = qEnvironmentVariable("TEARSHEET_METRICS_TOKEN").trimmed();
    auto positive = [&](const QCommandLineOption& opt, const char* env, double min, double& value) {
        value = (env ? optionOrEnv(p, opt, env) : p.value(opt)).toDouble(&ok);
        return ok && value >= min;
    };
    double workers = 0, queue = 0, timeout = 0, keep = 0, shutdownSeconds = 0;
    if (!positive(workersOpt, "TEARSHEET_WORKERS", 1, workers))
        return fail(QStringLiteral("--workers must be >= 1"));
    if (!positive(queueOpt, nullptr, 0, queue)) return fail(QStringLiteral("--queue must be >= 0"));
    if (!positive(timeoutOpt, nullptr, 0.001, timeout))
        return fail(QStringLiteral("--job-timeout must be > 0"));
    if (!positive(keepOpt, nullptr, 0, keep)) return fail(QStringLiteral("--keep-minutes must be >= 0"));
    if (!positive(shutdownOpt, nullptr, 0, shutdownSeconds))
        return fail(QStringLiteral("--shutdown-timeout must be >= 0"));
    std::map<QString, double> v;
    for (const Bound& b : bounds) {
        double x = 0;
        if (!positive(b.option, b.env, b.min, x) || x > 1e12)
            return fail(
                QStringLiteral("--%1 must be a number >= %2").arg(b.option.names().first()).arg(b.min));
        v[b.option.names().first()] = x;
    }
    auto ms = [](double s) { return static_cast<int>(s * 1000); };
    auto count = [](double n) { return static_cast<int>(std::min(n, 1e9)); };
    o.queue.workers = static_cast<int>(workers);
    o.queue.capacity = static_cast<int>(queue);
    o.queue.timeoutMs = static_cast<int>(timeout * 1000);
    o.queue.keepMinutes = static_cast<int>(keep);
    o.queue.maxKeptBytes = static_cast<qint64>(v.at(QStringLiteral("max-kept-mb")) * (1 << 20));
    o.http.maxBodyBytes = static_cast<qint64>(v.at(QStringLiteral("max-body")));
    o.http.headerTimeoutMs = ms(v.at(QStringLiteral("header-timeout")));
    o.http.bodyTimeoutMs = ms(v.at(QStringLiteral("body-timeout")));
    o.http.idleTimeoutMs = ms(v.at(QStringLiteral("idle-timeout")));
    o.http.maxConnections = count(v.at(QStringLiteral("max-connections")));
    o.http.maxClientConnections = count(v.at(QStringLiteral("max-client-connections")));
    o.http.requestsPerMinute = count(v.at(QStringLiteral("rate-limit")));
    o.http.trustedProxies =
        optionOrEnv(p, proxiesOpt, "TEARSHEET_TRUSTED_PROXIES").split(QLatin1Char(','), Qt::SkipEmptyParts);
    o.report.maxStrategies = count(v.at(QStringLiteral("max-strategies")));
    o.report.maxSymbols = count(v.at(QStringLiteral("max-symbols")));
    o.report.maxCsvRows = count(v.at(QStringLiteral("max-csv-rows")));
    o.child.maxResultBytes = static_cast<qint64>(v.at(QStringLiteral("max-result-mb")) * (1 << 20));
    o.child.memoryBytes = static_cast<qint64>(v.at(QStringLiteral("child-memory-mb")) * (1 << 20));
    o.child.cpuSeconds = count(v.at(QStringLiteral("child-cpu-seconds")));
    o.logFormat = qEnvironmentVariable("TEARSHEET_LOG_FORMAT") == QLatin1String("json")
                      ? server::http::LogFormat::Json
                      : server::http::LogFormat::Text;
    const QString certFile = optionOrEnv(p, tlsCertOpt, "TEARSHEET_TLS_CERT"),
                  keyFile = optionOrEnv(p, tlsKeyOpt, "TEARSHEET_TLS_KEY");
    if (certFile.isEmpty() != keyFile.isEmpty())
        return fail(QStringLiteral("--tls-cert and --tls-key go together"));
    for (auto [file, pem] : {std::pair{certFile, &o.tlsCertPem}, std::pair{keyFile, &o.tlsKeyPem}}) {
        if (file.isEmpty()) continue;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly) || f.size() > (1 << 20))
            return fail(QStringLiteral("%1: cannot read the PEM file").arg(file));
        *pem = f.readAll();
        if (!pem->contains("-----BEGIN ")) return fail(QStringLiteral("%1: not a PEM file").arg(file));
    }
    const QString metricsPort = optionOrEnv(p, metricsPortOpt, "TEARSHEET_METRICS_PORT");
    if (!metricsPort.isEmpty()) {
        const int mp = metricsPort.toInt(&ok);
        if (!ok || mp < 0 || mp > 65535) return fail(QStringLiteral("--metrics-port must be 0..65535"));
        o.metricsPort = static_cast<quint16>(mp);
        const QString mb = optionOrEnv(p, metricsBindOpt, "TEARSHEET_METRICS_BIND");
        o.metricsAddress = o.address;
        if (!mb.isEmpty() &&
            !o.metricsAddress.setAddress(mb == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : mb))
            return fail(QStringLiteral("--metrics-bind: \"%1\" is not an IP address").arg(mb));
    }
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
    const QString scheme = o.tlsCertPem.isEmpty() ? QStringLiteral("http") : QStringLiteral("https");
    err(QStringLiteral("tearsheet-cli serve: listening on %7://%1:%2 (workers %3, queue %4, cache %5%6)\n")
            .arg(o.address.protocol() == QAbstractSocket::IPv6Protocol
                     ? QLatin1Char('[') + o.address.toString() + QLatin1Char(']')
                     : o.address.toString())
            .arg(*port0)
            .arg(o.queue.workers)
            .arg(o.queue.capacity)
            .arg(o.settings.cachePath,
                 o.token.isEmpty() ? QString() : QStringLiteral(", bearer token required"), scheme));
    if (auto mp = api.metricsPort())
        err(QStringLiteral("tearsheet-cli serve: metrics on http://%1:%2/metrics\n")
                .arg(o.metricsAddress.toString())
                .arg(*mp));

    int signalCount = 0;
    SignalWatcher watcher([&](int sig) {
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

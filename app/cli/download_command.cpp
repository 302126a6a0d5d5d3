#include "download_command.h"

#include "market_options.h"
#include "metric_options.h"
#include "net/downloader.h"
#include "providers/registry.h"

#include <QFile>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace ts::cli {
namespace {

std::atomic<bool> g_interrupted{false};
void onSignal(int) {
    g_interrupted = true;
}

QString bar(int done, int total, int width) {
    const int fill = total > 0 ? done * width / total : width;
    return QString(fill, QLatin1Char('#')) + QString(width - fill, QLatin1Char('.'));
}

} // namespace

int DownloadCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Downloads daily price history into the cache: incremental when a series is stored (from a few days\n"
        "before its last bar, refetching in full when the provider's adjusted history changed), with\n"
        "per-provider rate limits, retries on throttling and failover along the provider list.\n\n"
        "A download never replaces a stored series by one that would lose or change stored history (it\n"
        "starts later, ends earlier, has fewer bars over the stored dates, or another provider's closes\n"
        "differ): the symbol is refused, named on stderr with both histories, and kept as stored;\n"
        "--replace-history takes the new one. A provider that says a symbol does not exist ends the\n"
        "search for it (no failover).\n\n"
        "Exit codes: 0 every symbol updated or up to date; 3 some failed or were refused; 4 all failed\n"
        "or were refused; 2 bad input; 130 interrupted (what was stored stays stored).\n\n"
        "Example:\n"
        "  tearsheet-cli download --provider yahoo,stooq --symbols AAPL,MSFT --start 2010-01-01"));
    p.addHelpOption();
    const QCommandLineOption providerOpt(
        QStringLiteral("provider"),
        QStringLiteral("Provider, or a comma list tried in order (default: the config's provider_order)."),
        QStringLiteral("P"));
    const QCommandLineOption symbolsOpt(QStringLiteral("symbols"), QStringLiteral("Comma-separated symbols."),
                                        QStringLiteral("LIST"));
    const QCommandLineOption fileOpt(QStringLiteral("symbols-file"),
                                     QStringLiteral("File with one symbol per line (# comments)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption startOpt(QStringLiteral("start"),
                                      QStringLiteral("First date, YYYY-MM-DD (default: the whole history)."),
                                      QStringLiteral("DATE"));
    const QCommandLineOption endOpt(QStringLiteral("end"),
                                    QStringLiteral("Last date, YYYY-MM-DD (default: today)."),
                                    QStringLiteral("DATE"));
    const QCommandLineOption jobsOpt(QStringLiteral("jobs"),
                                     QStringLiteral("Requests in flight at once (default 4)."),
                                     QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption fullOpt(QStringLiteral("full"),
                                     QStringLiteral("Refetch whole series and replace what is stored."));
    const QCommandLineOption replaceOpt(
        QStringLiteral("replace-history"),
        QStringLiteral("Replace a stored series even by a shorter or different one (refused otherwise)."));
    const QCommandLineOption quietOpt(QStringLiteral("quiet"), QStringLiteral("No progress output."));
    p.addOptions(
        {providerOpt, symbolsOpt, fileOpt, startOpt, endOpt, jobsOpt, fullOpt, replaceOpt, quietOpt});
    MarketOptions mo;
    mo.addTo(p);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    auto bad = [this](const QString& msg) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), msg));
        return BadInput;
    };

    net::DownloadParams params;
    QString readError;
    if (!readSymbols(p.value(symbolsOpt), p.isSet(fileOpt) ? p.value(fileOpt) : QString(), params.symbols,
                     readError))
        return bad(readError);
    if (params.symbols.isEmpty()) return bad(QStringLiteral("give --symbols or --symbols-file"));
    for (const QString& prov : p.value(providerOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!providers::findProvider(prov.trimmed()))
            return bad(QStringLiteral("unknown provider \"%1\" (known: %2)")
                           .arg(prov, providers::providerNames().join(QStringLiteral(", "))));
        params.providers << prov.trimmed().toLower();
    }
    if (!readDate(p, startOpt, name(), params.start) || !readDate(p, endOpt, name(), params.end))
        return BadInput;
    if (params.start.isValid() && params.end.isValid() && params.start > params.end)
        return bad(QStringLiteral("--start is after --end"));
    bool ok = false;
    params.jobs = p.value(jobsOpt).toInt(&ok);
    if (!ok || params.jobs < 1 || params.jobs > 64)
        return bad(QStringLiteral("--jobs must be between 1 and 64"));
    params.full = p.isSet(fullOpt);
    params.replaceHistory = p.isSet(replaceOpt);

    int rc = Ok;
    auto settings = mo.settings(p, name(), rc);
    if (!settings) return rc;
    auto cache = mo.openCache(*settings, name(), rc);
    if (!cache) return rc;

    // Ctrl-C or SIGTERM cancels between requests: stored series stay whole.
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const bool tty = isatty(fileno(stderr)) && !p.isSet(quietOpt);
    const bool plain = !tty && !p.isSet(quietOpt);
    int lastDone = -1;
    auto progress = [&](const net::DownloadProgress& pr) {
        if (tty) {
            err(QStringLiteral("\r[%1] %2/%3  %4 KiB  %5")
                    .arg(bar(pr.done, pr.total, 30))
                    .arg(pr.done)
                    .arg(pr.total)
                    .arg(pr.bytes / 1024)
                    .arg(pr.symbol.left(20).leftJustified(20)));
        } else if (plain && !pr.symbol.isEmpty() && (pr.done != lastDone || !pr.message.isEmpty())) {
            err(QStringLiteral("[%1/%2] %3 %4\n").arg(pr.done).arg(pr.total).arg(pr.symbol, pr.message));
        }
        lastDone = pr.done;
        return !g_interrupted.load();
    };
    auto result = net::runDownload(params, *settings, *cache, progress);
    if (tty) err(QStringLiteral("\n"));
    if (!result) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), result.error().message));
        return result.error().kind == ErrorKind::BadInput ? BadInput : Internal;
    }

    QString table =
        QStringLiteral("%1  %2  %3  %4  %5\n")
            .arg(QStringLiteral("symbol").leftJustified(12), QStringLiteral("status").leftJustified(10),
                 QStringLiteral("bars added").rightJustified(10),
                 QStringLiteral("provider").leftJustified(12), QStringLiteral("note"));
    for (const auto& o : result->outcomes) {
        QString note = o.message;
        for (const auto& w : o.warnings)
            note += (note.isEmpty() ? QString() : QStringLiteral("; ")) + w;
        table += QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(o.symbol.leftJustified(12), net::statusName(o.status).leftJustified(10),
                          QString::number(o.barsAdded).rightJustified(10),
                          (o.provider.isEmpty() ? QStringLiteral("-") : o.provider).leftJustified(12), note);
    }
    out(table);
    for (const auto& o : result->outcomes)
        if (o.status == net::SymbolOutcome::Status::Refused)
            err(QStringLiteral("tearsheet-cli %1: %2; --replace-history replaces it\n")
                    .arg(name(), o.message));
    const int notStored = result->failed() + result->refused();
    err(QStringLiteral(
            "%1 symbol(s): %2 ok, %3 failed, %4 refused; %5 request(s), %6 KiB in %7 s; cache %8\n")
            .arg(result->outcomes.size())
            .arg(static_cast<int>(result->outcomes.size()) - notStored)
            .arg(result->failed())
            .arg(result->refused())
            .arg(result->requests)
            .arg(result->bytes / 1024)
            .arg(result->seconds, 0, 'f', 1)
            .arg(cache->path()));
    if (result->cancelled) return Cancelled;
    if (notStored == 0) return Ok;
    return notStored == static_cast<int>(result->outcomes.size()) ? TotalFailure : PartialFailure;
}

} // namespace ts::cli

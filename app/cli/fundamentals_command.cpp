#include "fundamentals_command.h"

#include "cache/fundamentals_store.h"
#include "fundamentals/ingest.h"
#include "fundamentals/ratios.h"
#include "fundamentals/screen.h"
#include "fundamentals/source.h"
#include "market_options.h"
#include "report/metrics_output.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <set>
#include <unistd.h>

namespace ts::cli {

using namespace ts::fundamentals;

namespace {

std::atomic<bool> g_stop{false};
void onSignal(int) {
    g_stop = true;
}

QJsonValue jsonNumber(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QString duration(double seconds) {
    if (seconds < 0) return QStringLiteral("?");
    const int s = static_cast<int>(std::lround(seconds));
    return s >= 3600 ? QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// The latest close of a cached symbol (NaN when it has no prices): market ratios need it.
std::pair<double, QDate> latestClose(cache::PriceCache* prices, const QString& symbol) {
    const auto c = prices ? prices->lastClose(symbol) : std::nullopt;
    return c ? std::pair{c->second, c->first} : std::pair{std::nan(""), QDate()};
}

// The price cache, when there is one (fundamentals alone still give the non-market ratios).
std::unique_ptr<cache::PriceCache> openPrices(const Settings& settings) {
    auto c = cache::PriceCache::open(settings.cachePath, false);
    return c ? std::move(*c) : nullptr;
}

} // namespace

int FundamentalsCommand::run(const QStringList& args) {
    const QString usage = QStringLiteral(
        "Usage: tearsheet-cli fundamentals <download|show|screen> [options]\n\n"
        "  download  statements and ratios for a universe into the cache (resumable, rate-limited)\n"
        "  show      a symbol's ratios (with definitions) or one statement across periods\n"
        "  screen    the symbols whose ratios satisfy an expression, e.g. \"pe < 15 and roe > 15%\"\n\n"
        "'tearsheet-cli fundamentals <subcommand> --help' for options.\n");
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        out(usage);
        return args.isEmpty() ? BadInput : Ok;
    }
    const QString sub = args.first();
    if (sub == QLatin1String("download")) return download(args.mid(1));
    if (sub == QLatin1String("show")) return show(args.mid(1));
    if (sub == QLatin1String("screen")) return screen(args.mid(1));
    err(QStringLiteral("tearsheet-cli fundamentals: unknown subcommand \"%1\"\n%2").arg(sub, usage));
    return BadInput;
}

int FundamentalsCommand::download(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Downloads income statements, balance sheets, cash flows and the provider's ratios/key metrics\n"
        "for every symbol, one request per (symbol, statement, period type), under the provider's rate\n"
        "limit (providers.<name>.rate_per_minute in the settings). Each statement is stored in one\n"
        "transaction; what was fetched within --max-age days is skipped, so after a kill, Ctrl-C or a\n"
        "quota stop the same command continues where it stopped. A quota or key answer stops the run.\n\n"
        "Example:\n"
        "  tearsheet-cli fundamentals download --provider fmp --symbols-file universe.txt --period both"));
    p.addHelpOption();
    MarketOptions mo;
    mo.addTo(p);
    const QCommandLineOption providerOpt(QStringLiteral("provider"),
                                         QStringLiteral("fmp (default) or alphavantage."),
                                         QStringLiteral("NAME"), QStringLiteral("fmp"));
    const QCommandLineOption symbolsOpt(QStringLiteral("symbols"), QStringLiteral("Comma-separated symbols."),
                                        QStringLiteral("LIST"));
    const QCommandLineOption fileOpt(QStringLiteral("symbols-file"),
                                     QStringLiteral("One symbol per line (# comments)."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption periodOpt(QStringLiteral("period"),
                                       QStringLiteral("annual (default), quarter or both."),
                                       QStringLiteral("PERIOD"), QStringLiteral("annual"));
    const QCommandLineOption statementsOpt(
        QStringLiteral("statements"),
        QStringLiteral(
            "Comma list of income, balance, cashflow, ratios, metrics (default: all the provider has)."),
        QStringLiteral("LIST"));
    const QCommandLineOption limitOpt(QStringLiteral("limit"),
                                      QStringLiteral("Periods per statement (default 5)."),
                                      QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption ageOpt(
        QStringLiteral("max-age"), QStringLiteral("Skip what was fetched within this many days (default 7)."),
        QStringLiteral("DAYS"), QStringLiteral("7"));
    const QCommandLineOption forceOpt(QStringLiteral("force"), QStringLiteral("Fetch even what is fresh."));
    const QCommandLineOption jobsOpt(QStringLiteral("jobs"),
                                     QStringLiteral("Requests in flight (default 4)."), QStringLiteral("N"),
                                     QStringLiteral("4"));
    const QCommandLineOption quietOpt(QStringLiteral("quiet"), QStringLiteral("No progress output."));
    p.addOptions({providerOpt, symbolsOpt, fileOpt, periodOpt, statementsOpt, limitOpt, ageOpt, forceOpt,
                  jobsOpt, quietOpt});
    bool done = false;
    if (const int rc = parseCommandLine(p, QStringLiteral("fundamentals download"), args, done); done)
        return rc;
    auto bad = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli fundamentals download: %1\n").arg(msg));
        return BadInput;
    };
    IngestParams params;
    QString readError;
    if (!readSymbols(p.value(symbolsOpt), p.isSet(fileOpt) ? p.value(fileOpt) : QString(), params.symbols,
                     readError))
        return bad(readError);
    if (params.symbols.isEmpty()) return bad(QStringLiteral("give --symbols or --symbols-file"));
    params.provider = p.value(providerOpt).toLower();
    if (!sourceNames().contains(params.provider))
        return bad(QStringLiteral("no fundamentals from \"%1\" (sources: %2)")
                       .arg(params.provider, sourceNames().join(QStringLiteral(", "))));
    const QString period = p.value(periodOpt).toLower();
    if (period == QLatin1String("annual"))
        params.periods = {PeriodType::Annual};
    else if (period == QLatin1String("quarter"))
        params.periods = {PeriodType::Quarter};
    else if (period == QLatin1String("both"))
        params.periods = {PeriodType::Annual, PeriodType::Quarter};
    else
        return bad(QStringLiteral("--period must be annual, quarter or both"));
    for (const QString& s : p.value(statementsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        auto st = statementFromName(s.trimmed().toLower());
        if (!st)
            return bad(QStringLiteral("unknown statement \"%1\" (income, balance, cashflow, ratios, metrics)")
                           .arg(s));
        params.statements.push_back(*st);
    }
    bool ok1 = false, ok2 = false, ok3 = false;
    params.limit = p.value(limitOpt).toInt(&ok1);
    params.maxAgeDays = p.value(ageOpt).toInt(&ok2);
    params.jobs = p.value(jobsOpt).toInt(&ok3);
    if (!ok1 || params.limit < 1 || params.limit > 120) return bad(QStringLiteral("--limit must be 1..120"));
    if (!ok2 || params.maxAgeDays < 0) return bad(QStringLiteral("--max-age must be >= 0"));
    if (!ok3 || params.jobs < 1 || params.jobs > 16) return bad(QStringLiteral("--jobs must be 1..16"));
    params.force = p.isSet(forceOpt);

    int rc = Ok;
    auto settings = mo.settings(p, QStringLiteral("fundamentals download"), rc);
    if (!settings) return rc;
    auto store = cache::FundamentalsStore::open(settings->cachePath);
    if (!store) return bad(store.error().message);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const bool tty = isatty(fileno(stderr)) && !p.isSet(quietOpt);
    const bool plain = !tty && !p.isSet(quietOpt);
    int lastPrinted = -1;
    auto progress = [&](const IngestProgress& pr) {
        const QString line =
            QStringLiteral("%1/%2 (%3 fresh)  %4 requests  %5 elapsed  ETA %6  %7")
                .arg(pr.done)
                .arg(pr.total)
                .arg(pr.skipped)
                .arg(pr.requests)
                .arg(duration(pr.elapsedSeconds), duration(pr.etaSeconds), pr.message.left(60));
        if (tty) {
            const int width = 30, filled = pr.total ? pr.done * width / pr.total : width;
            err(QStringLiteral("\r[%1%2] %3\x1b[K")
                    .arg(QString(filled, QLatin1Char('#')), QString(width - filled, QLatin1Char('.')), line));
        } else if (plain && pr.done != lastPrinted && (pr.done % 25 == 0 || pr.done == pr.total)) {
            err(line + QLatin1Char('\n'));
            lastPrinted = pr.done;
        }
        return !g_stop.load();
    };
    auto r = runIngest(params, *settings, **store, progress);
    if (tty) err(QStringLiteral("\n"));
    if (!r) return bad(r.error().message);
    QString table =
        QStringLiteral("%1  %2  %3  %4\n")
            .arg(QStringLiteral("symbol").leftJustified(12), QStringLiteral("stored").rightJustified(6),
                 QStringLiteral("fresh").rightJustified(5), QStringLiteral("failures"));
    for (const auto& s : r->symbols)
        table += QStringLiteral("%1  %2  %3  %4\n")
                     .arg(s.symbol.leftJustified(12))
                     .arg(s.stored, 6)
                     .arg(s.skipped, 5)
                     .arg(s.failures.join(QStringLiteral("; ")));
    out(table);
    err(QStringLiteral(
            "%1 statement(s): %2 stored (%3 line items), %4 fresh, %5 failed, %6 left; %7 request(s) in "
            "%8 s = %9/min (limit %10/min)\n")
            .arg(r->tasks)
            .arg(r->stored)
            .arg(r->items)
            .arg(r->skipped)
            .arg(r->failed)
            .arg(r->remaining)
            .arg(r->requests)
            .arg(r->seconds, 0, 'f', 1)
            .arg(r->requestsPerMinute, 0, 'f', 1)
            .arg(r->limitPerMinute, 0, 'f', 0));
    if (!r->stoppedBy.isEmpty()) {
        err(QStringLiteral(
                "stopped (%1): %2\nWhat was stored stays stored; run the same command again to continue.\n")
                .arg(r->stoppedBy, r->stopMessage));
        if (r->stoppedBy == QLatin1String("cancelled")) return Cancelled;
        return r->stored + r->skipped > 0 ? PartialFailure : TotalFailure;
    }
    if (r->failed == 0) return Ok;
    return r->stored + r->skipped > 0 ? PartialFailure : TotalFailure;
}

int FundamentalsCommand::show(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "A symbol's computed ratios with their definitions (flows over the trailing twelve months,\n"
        "balances at the latest period end, prices from the price cache), or one statement as a table\n"
        "of line items by period.\n\n"
        "  tearsheet-cli fundamentals show AAPL\n"
        "  tearsheet-cli fundamentals show AAPL --statement income --format csv"));
    p.addHelpOption();
    MarketOptions mo;
    mo.addTo(p);
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table (default), json or csv."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption statementOpt(QStringLiteral("statement"),
                                          QStringLiteral("income, balance, cashflow, ratios or metrics."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption periodOpt(QStringLiteral("period"),
                                       QStringLiteral("annual (default) or quarter."),
                                       QStringLiteral("PERIOD"), QStringLiteral("annual"));
    p.addOptions({formatOpt, statementOpt, periodOpt});
    p.addPositionalArgument(QStringLiteral("SYMBOL"), QStringLiteral("The symbol."));
    bool done = false;
    if (const int rc = parseCommandLine(p, QStringLiteral("fundamentals show"), args, done); done) return rc;
    auto bad = [](const QString& msg, int code = BadInput) {
        err(QStringLiteral("tearsheet-cli fundamentals show: %1\n").arg(msg));
        return code;
    };
    if (p.positionalArguments().size() != 1) return bad(QStringLiteral("give one SYMBOL"));
    const QString symbol = p.positionalArguments().first();
    const QString format = p.value(formatOpt).toLower();
    if (format != QLatin1String("table") && format != QLatin1String("json") && format != QLatin1String("csv"))
        return bad(QStringLiteral("--format must be table, json or csv"));
    int rc = Ok;
    auto settings = mo.settings(p, QStringLiteral("fundamentals show"), rc);
    if (!settings) return rc;
    auto store = cache::FundamentalsStore::open(settings->cachePath, false);
    if (!store) return bad(store.error().message);
    const auto items = (*store)->items(symbol);
    if (items.empty())
        return bad(
            QStringLiteral(
                "%1 has no fundamentals in the cache (tearsheet-cli fundamentals download --symbols %1)")
                .arg(symbol),
            TotalFailure);

    if (p.isSet(statementOpt)) {
        auto st = statementFromName(p.value(statementOpt).toLower());
        if (!st) return bad(QStringLiteral("unknown statement \"%1\"").arg(p.value(statementOpt)));
        const PeriodType period = p.value(periodOpt).toLower() == QLatin1String("quarter")
                                      ? PeriodType::Quarter
                                      : PeriodType::Annual;
        const auto [dates, rows, currency] = statementTable(items, *st, period);
        if (rows.empty())
            return bad(QStringLiteral("no %1 %2 data for %3")
                           .arg(periodTypeName(period), statementName(*st), symbol),
                       TotalFailure);
        if (format == QLatin1String("json")) {
            QJsonObject o{{QStringLiteral("symbol"), symbol},
                          {QStringLiteral("statement"), statementName(*st)},
                          {QStringLiteral("period"), periodTypeName(period)},
                          {QStringLiteral("currency"), currency}};
            QJsonObject byItem;
            for (const auto& [item, values] : rows) {
                QJsonObject v;
                for (const auto& [d, x] : values)
                    v.insert(d.toString(Qt::ISODate), x);
                byItem.insert(item, v);
            }
            o.insert(QStringLiteral("items"), byItem);
            out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
            return Ok;
        }
        const QString sep = format == QLatin1String("csv") ? QStringLiteral(",") : QStringLiteral("  ");
        QString text = format == QLatin1String("csv") ? QStringLiteral("item")
                                                      : QStringLiteral("item").leftJustified(36);
        for (const QDate& d : dates)
            text += sep + (format == QLatin1String("csv") ? d.toString(Qt::ISODate)
                                                          : d.toString(Qt::ISODate).rightJustified(18));
        text += QLatin1Char('\n');
        for (const auto& [item, values] : rows) {
            text += format == QLatin1String("csv") ? csvField(item) : item.leftJustified(36);
            for (const QDate& d : dates) {
                auto it = values.find(d);
                const QString v = it == values.end() ? QString() : QString::number(it->second, 'f', 2);
                text += sep + (format == QLatin1String("csv") ? v : v.rightJustified(18));
            }
            text += QLatin1Char('\n');
        }
        out(text);
        return Ok;
    }

    const auto [price, priceDate] = latestClose(openPrices(*settings).get(), symbol);
    const RatioSnapshot snap = computeRatios(items, price);
    if (format == QLatin1String("json")) {
        QJsonObject ratios;
        for (const auto& info : ratioCatalog())
            ratios.insert(info.key, QJsonObject{{QStringLiteral("name"), info.name},
                                                {QStringLiteral("value"), jsonNumber(snap.value(info.key))},
                                                {QStringLiteral("definition"), info.formula}});
        out(QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("symbol"), symbol},
                            {QStringLiteral("provider"), (*store)->providerOf(symbol)},
                            {QStringLiteral("price"), jsonNumber(price)},
                            {QStringLiteral("price_date"), priceDate.toString(Qt::ISODate)},
                            {QStringLiteral("flows"), snap.flowBasis},
                            {QStringLiteral("flow_end"), snap.flowEnd.toString(Qt::ISODate)},
                            {QStringLiteral("balance_date"), snap.balanceDate.toString(Qt::ISODate)},
                            {QStringLiteral("ratios"), ratios}})
                .toJson(QJsonDocument::Indented)));
        return Ok;
    }
    QString text;
    if (format == QLatin1String("csv")) {
        text = QStringLiteral("ratio,name,value,definition\n");
        for (const auto& info : ratioCatalog()) {
            const double v = snap.value(info.key);
            text +=
                QStringLiteral("%1,%2,%3,%4\n")
                    .arg(info.key, csvField(info.name),
                         std::isfinite(v) ? QString::number(v, 'g', 10) : QString(), csvField(info.formula));
        }
    } else {
        text = QStringLiteral("%1 (%2): flows %3 to %4, balance sheet %5, price %6 on %7\n\n")
                   .arg(symbol, (*store)->providerOf(symbol), snap.flowBasis,
                        snap.flowEnd.toString(Qt::ISODate), snap.balanceDate.toString(Qt::ISODate),
                        std::isfinite(price) ? QString::number(price, 'f', 2)
                                             : QStringLiteral("- (not in the price cache)"),
                        priceDate.isValid() ? priceDate.toString(Qt::ISODate) : QStringLiteral("-"));
        for (const auto& info : ratioCatalog())
            text += QStringLiteral("%1  %2  %3\n")
                        .arg(info.name.leftJustified(22),
                             formatRatio(info, snap.value(info.key)).rightJustified(12), info.formula);
    }
    out(text);
    return Ok;
}

int FundamentalsCommand::screen(const QStringList& args) {
    QCommandLineParser p;
    QStringList keys;
    for (const auto& r : ratioCatalog())
        keys << r.key;
    p.setApplicationDescription(
        QStringLiteral("Lists the symbols whose computed ratios satisfy --where. The language: comparisons\n"
                       "(< <= > >= = !=) of ratios and numbers (15, 0.15, 15%), + - * /, and, or, not,\n"
                       "parentheses. A missing value never passes. Ratios: %1.\n\n"
                       "  tearsheet-cli fundamentals screen --where \"pe < 15 and roe > 15%\" --symbols-file "
                       "universe.txt")
            .arg(keys.join(QStringLiteral(", "))));
    p.addHelpOption();
    MarketOptions mo;
    mo.addTo(p);
    const QCommandLineOption whereOpt(QStringLiteral("where"), QStringLiteral("The condition."),
                                      QStringLiteral("EXPR"));
    const QCommandLineOption symbolsOpt(QStringLiteral("symbols"), QStringLiteral("Comma-separated symbols."),
                                        QStringLiteral("LIST"));
    const QCommandLineOption fileOpt(
        QStringLiteral("symbols-file"),
        QStringLiteral("One symbol per line (default: every symbol with fundamentals)."),
        QStringLiteral("FILE"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table (default), json or csv."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    p.addOptions({whereOpt, symbolsOpt, fileOpt, formatOpt});
    bool done = false;
    if (const int rc = parseCommandLine(p, QStringLiteral("fundamentals screen"), args, done); done)
        return rc;
    auto bad = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli fundamentals screen: %1\n").arg(msg));
        return BadInput;
    };
    if (!p.isSet(whereOpt)) return bad(QStringLiteral("give --where EXPR"));
    auto expr = ScreenExpression::parse(p.value(whereOpt), keys);
    if (!expr) return bad(QStringLiteral("--where: %1").arg(expr.error().message));
    const QString format = p.value(formatOpt).toLower();
    if (format != QLatin1String("table") && format != QLatin1String("json") && format != QLatin1String("csv"))
        return bad(QStringLiteral("--format must be table, json or csv"));
    int rc = Ok;
    auto settings = mo.settings(p, QStringLiteral("fundamentals screen"), rc);
    if (!settings) return rc;
    auto store = cache::FundamentalsStore::open(settings->cachePath, false);
    if (!store) return bad(store.error().message);
    QStringList symbols;
    QString readError;
    if (!readSymbols(p.value(symbolsOpt), p.isSet(fileOpt) ? p.value(fileOpt) : QString(), symbols,
                     readError))
        return bad(readError);
    if (symbols.isEmpty()) symbols = (*store)->symbols();
    QStringList shown = expr->identifiers();
    for (const char* k : {"pe", "roe"})
        if (!shown.contains(QLatin1String(k))) shown << QLatin1String(k);
    QJsonArray matches;
    QString text = format == QLatin1String("csv") ? QStringLiteral("symbol")
                                                  : QStringLiteral("symbol").leftJustified(12);
    for (const QString& k : shown)
        text += format == QLatin1String("csv") ? QLatin1Char(',') + k
                                               : QStringLiteral("  ") + findRatio(k)->name.rightJustified(14);
    text += QLatin1Char('\n');
    int considered = 0, withoutData = 0;
    const auto prices = openPrices(*settings); // once for the whole universe
    for (const QString& s : symbols) {
        const auto items = (*store)->items(s);
        if (items.empty()) {
            ++withoutData;
            continue;
        }
        ++considered;
        const RatioSnapshot snap = computeRatios(items, latestClose(prices.get(), s).first);
        if (!expr->matches([&](const QString& k) { return snap.value(k); })) continue;
        QJsonObject m{{QStringLiteral("symbol"), s}};
        text += format == QLatin1String("csv") ? s : s.leftJustified(12);
        for (const QString& k : shown) {
            const double v = snap.value(k);
            m.insert(k, jsonNumber(v));
            text += format == QLatin1String("csv")
                        ? QLatin1Char(',') + (std::isfinite(v) ? QString::number(v, 'g', 10) : QString())
                        : QStringLiteral("  ") + formatRatio(*findRatio(k), v).rightJustified(14);
        }
        text += QLatin1Char('\n');
        matches.append(m);
    }
    if (format == QLatin1String("json"))
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("where"), p.value(whereOpt)},
                                                        {QStringLiteral("matches"), matches},
                                                        {QStringLiteral("considered"), considered}})
                                  .toJson(QJsonDocument::Indented)));
    else
        out(text);
    err(QStringLiteral("%1 of %2 symbol(s) match%3\n")
            .arg(matches.size())
            .arg(considered)
            .arg(withoutData ? QStringLiteral(" (%1 without fundamentals)").arg(withoutData) : QString()));
    return Ok;
}

} // namespace ts::cli

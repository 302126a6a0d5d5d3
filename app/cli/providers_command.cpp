#include "providers_command.h"

#include "config/settings.h"
#include "market_options.h"
#include "net/http_client.h"
#include "providers/registry.h"

namespace ts::cli {

int ProvidersCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Market-data providers.\n\n"
        "  list                       name, base URL, key (masked), rate limit\n"
        "  test [--provider P]        fetch the last weeks of a symbol from each (or one) provider,\n"
        "                             store nothing, and say what happened"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list|test"));
    const QCommandLineOption providerOpt(QStringLiteral("provider"),
                                         QStringLiteral("test: only this provider."), QStringLiteral("P"));
    const QCommandLineOption symbolOpt(QStringLiteral("symbol"),
                                       QStringLiteral("test: symbol to fetch (default AAPL; FPT for vci)."),
                                       QStringLiteral("SYM"));
    p.addOptions({providerOpt, symbolOpt});
    MarketOptions mo;
    p.addOption(mo.config);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0, QStringLiteral("list"));
    if (pos.size() > 1 || (action != QLatin1String("list") && action != QLatin1String("test"))) {
        err(QStringLiteral("tearsheet-cli providers: the action is list or test\n"));
        return BadInput;
    }
    int rc = Ok;
    auto settings = mo.settings(p, name(), rc);
    if (!settings) return rc;
    if (p.isSet(providerOpt) && !providers::findProvider(p.value(providerOpt))) {
        err(QStringLiteral("tearsheet-cli providers: unknown provider \"%1\" (known: %2)\n")
                .arg(p.value(providerOpt), providers::providerNames().join(QStringLiteral(", "))));
        return BadInput;
    }
    if (action == QLatin1String("list")) {
        QString t =
            QStringLiteral("%1  %2  %3  %4  %5\n")
                .arg(QStringLiteral("name").leftJustified(12), QStringLiteral("key").leftJustified(10),
                     QStringLiteral("req/min").rightJustified(7),
                     QStringLiteral("base URL").leftJustified(40), QStringLiteral("description"));
        for (const auto& prov : providers::allProviders()) {
            const auto c = settings->provider(prov->name());
            const QString key = prov->needsKey() ? maskKey(c.apiKey) : QStringLiteral("-");
            t += QStringLiteral("%1  %2  %3  %4  %5\n")
                     .arg(prov->name().leftJustified(12), key.leftJustified(10),
                          (c.ratePerMinute > 0 ? QString::number(c.ratePerMinute) : QStringLiteral("-"))
                              .rightJustified(7),
                          c.baseUrl.leftJustified(40), prov->description());
        }
        t += QStringLiteral("order: %1\n").arg(settings->providerOrder.join(QStringLiteral(" > ")));
        out(t);
        return Ok;
    }
    net::HttpClient client(settings->http);
    int failures = 0, tested = 0;
    for (const auto& prov : providers::allProviders()) {
        if (p.isSet(providerOpt) && prov->name() != p.value(providerOpt).toLower()) continue;
        if (prov->name() == QLatin1String("file") && !p.isSet(providerOpt)) continue;
        ++tested;
        providers::FetchContext ctx;
        ctx.config = settings->provider(prov->name());
        const QString symbol = p.isSet(symbolOpt)                     ? p.value(symbolOpt)
                               : prov->name() == QLatin1String("vci") ? QStringLiteral("FPT")
                                                                      : QStringLiteral("AAPL");
        const providers::FetchRange range{QDate::currentDate().addDays(-21), QDate::currentDate()};
        std::vector<net::HttpResponse> rs;
        for (const auto& req : prov->requests(symbol, range, ctx))
            rs.push_back(client.fetch(req));
        auto h = prov->parse(symbol, range, ctx, rs);
        if (h) {
            out(QStringLiteral("%1  ok      %2: %3 bar(s)%4\n")
                    .arg(prov->name().leftJustified(12), symbol)
                    .arg(h->bars.size())
                    .arg(h->bars.empty()
                             ? QString()
                             : QStringLiteral(", last %1").arg(h->bars.back().date.toString(Qt::ISODate))));
        } else {
            ++failures;
            out(QStringLiteral("%1  failed  %2 (%3)\n")
                    .arg(prov->name().leftJustified(12), h.error().message,
                         providers::fetchErrorName(h.error().kind)));
        }
    }
    if (failures == 0) return Ok;
    return failures == tested ? TotalFailure : PartialFailure;
}

} // namespace ts::cli

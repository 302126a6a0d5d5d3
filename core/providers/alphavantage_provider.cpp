#include "providers/alphavantage_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"

#include <QJsonObject>

namespace ts::providers {

std::optional<FetchError> alphaVantageError(const net::HttpResponse& r, const QString& who) {
    if (auto e = genericError(r, who)) return e;
    const QJsonObject root = QJsonDocument::fromJson(r.body).object();
    // Every error is a one-key object with HTTP 200 (providers.md §4).
    if (root.contains(QStringLiteral("Error Message"))) {
        const QString m = root.value(QStringLiteral("Error Message")).toString();
        const FetchErrorKind k =
            m.contains(QLatin1String("apikey")) ? FetchErrorKind::Unauthorized : FetchErrorKind::NotFound;
        return makeError(k, who + QStringLiteral(": ") + m.left(160), r.status);
    }
    for (const auto& key : {QStringLiteral("Information"), QStringLiteral("Note")}) {
        if (!root.contains(key)) continue;
        const QString m = root.value(key).toString();
        const QString text = who + QStringLiteral(": ") + m.left(160);
        if (m.contains(QLatin1String("premium endpoint")) || m.contains(QLatin1String("premium feature")))
            return makeError(FetchErrorKind::NotEntitled, text, r.status);
        if (m.contains(QLatin1String("per day")) || m.contains(QLatin1String("per minute")))
            return makeError(FetchErrorKind::QuotaExhausted, text, r.status);
        if (m.contains(QLatin1String("1 request per second")) || m.contains(QLatin1String("sparingly"))) {
            FetchError e = makeError(FetchErrorKind::Throttled, text, r.status);
            e.retryAfter = 1.5;
            return e;
        }
        return makeError(FetchErrorKind::NotEntitled, text, r.status);
    }
    return std::nullopt;
}

std::vector<net::HttpRequest> AlphaVantageProvider::requests(const QString& symbol, const FetchRange& range,
                                                             const FetchContext& ctx) const {
    // compact = the last 100 bars; enough for an incremental update of under ~4 months.
    const bool compact = range.start.isValid() && range.start.daysTo(QDate::currentDate()) < 130;
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() +
            "/query?function=TIME_SERIES_DAILY_ADJUSTED&symbol=" + urlEncode(symbol) +
            "&outputsize=" + (compact ? "compact" : "full") +
            "&datatype=json&apikey=" + urlEncode(ctx.config.apiKey);
    return {r};
}

Result<PriceHistory, FetchError>
AlphaVantageProvider::parse(const QString& symbol, const FetchRange& range, const FetchContext&,
                            const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("alphavantage %1").arg(symbol);
    if (auto e = alphaVantageError(r, who)) return *e;
    auto doc = parseJson(r, who);
    if (!doc) return doc.error();
    const QJsonObject root = doc->object();
    const QJsonObject series = root.value(QStringLiteral("Time Series (Daily)")).toObject();
    if (series.isEmpty())
        return makeError(FetchErrorKind::Malformed,
                         who + QStringLiteral(": no time series: ") + snippet(r.body), r.status);
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::Raw;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = symbol;
    h.instrument.exchangeTz = zoneLabel(
        root.value(QStringLiteral("Meta Data")).toObject().value(QStringLiteral("5. Time Zone")).toString());
    for (auto it = series.begin(); it != series.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const Bar b = jsonBar(o, parseIsoDate(it.key()), "1. open", "2. high", "3. low", "4. close",
                              "5. adjusted close", "6. volume");
        if (std::isnan(b.close) || !b.date.isValid()) continue;
        if (range.start.isValid() && b.date < range.start) continue;
        h.bars.push_back(b);
        const double div = jsonNumber(o.value(QStringLiteral("7. dividend amount")));
        const double split = jsonNumber(o.value(QStringLiteral("8. split coefficient")));
        if (div > 0) h.actions.push_back({b.date, CorporateAction::Type::Dividend, div});
        if (split > 0 && split != 1.0) h.actions.push_back({b.date, CorporateAction::Type::Split, split});
    }
    normalise(h, range);
    return h;
}

} // namespace ts::providers

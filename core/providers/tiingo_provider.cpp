#include "providers/tiingo_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ts::providers {

std::vector<net::HttpRequest> TiingoProvider::requests(const QString& symbol, const FetchRange& range,
                                                       const FetchContext& ctx) const {
    // Without startDate Tiingo answers with the last bar only.
    const QDate start = range.start.isValid() ? range.start : QDate(1962, 1, 2);
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() + "/tiingo/daily/" + urlEncode(symbol.toLower()) +
            "/prices?startDate=" + isoDate(start).toLatin1() + "&resampleFreq=daily&format=json";
    if (range.end.isValid()) r.url += "&endDate=" + isoDate(range.end).toLatin1();
    r.headers.emplace_back("Authorization", "Token " + ctx.config.apiKey.toUtf8());
    r.headers.emplace_back("Content-Type", "application/json");
    return {r};
}

Result<PriceHistory, FetchError>
TiingoProvider::parse(const QString& symbol, const FetchRange& range, const FetchContext&,
                      const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("tiingo %1").arg(symbol);
    if (r.status == 429 && r.body.contains("allocation")) // hourly/daily/monthly allowance, not a burst limit
        return makeError(FetchErrorKind::QuotaExhausted, who + QStringLiteral(": ") + snippet(r.body),
                         r.status);
    if (auto e = genericError(r, who)) {
        // 404 {"detail":"Error: Ticker 'ZZZZ' not found"}; a 404 without it may be a wrong base URL.
        e->unknownSymbol = r.status == 404 && r.body.contains("not found");
        return *e;
    }
    auto doc = parseJson(r, who);
    if (!doc) return doc.error();
    if (!doc->isArray()) {
        const QString detail = doc->object().value(QStringLiteral("detail")).toString();
        if (detail.contains(QLatin1String("not found"))) {
            auto e = makeError(FetchErrorKind::NotFound, who + QStringLiteral(": ") + detail, r.status);
            e.unknownSymbol = true;
            return e;
        }
        return makeError(FetchErrorKind::Malformed, who + QStringLiteral(": ") + snippet(r.body), r.status);
    }
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::Raw;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = symbol.toLower();
    for (const auto& v : doc->array()) {
        const QJsonObject o = v.toObject();
        const Bar b = jsonBar(o, parseIsoDate(o.value(QStringLiteral("date")).toString()), "open", "high",
                              "low", "close", "adjClose", "volume");
        if (std::isnan(b.close) || !b.date.isValid()) continue;
        h.bars.push_back(b);
        const double div = jsonNumber(o.value(QStringLiteral("divCash"))),
                     split = jsonNumber(o.value(QStringLiteral("splitFactor")));
        if (div > 0) h.actions.push_back({b.date, CorporateAction::Type::Dividend, div});
        if (split > 0 && split != 1.0) h.actions.push_back({b.date, CorporateAction::Type::Split, split});
    }
    normalise(h, range);
    return h;
}

} // namespace ts::providers

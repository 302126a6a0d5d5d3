#include "providers/eodhd_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ts::providers {

QString EodhdProvider::providerSymbol(const QString& symbol) const {
    return symbol.contains(QLatin1Char('.')) ? symbol.toUpper() : symbol.toUpper() + QStringLiteral(".US");
}

std::vector<net::HttpRequest> EodhdProvider::requests(const QString& symbol, const FetchRange& range,
                                                      const FetchContext& ctx) const {
    QByteArray window;
    if (range.start.isValid()) window += "&from=" + isoDate(range.start).toLatin1();
    if (range.end.isValid()) window += "&to=" + isoDate(range.end).toLatin1();
    const QByteArray key = "&api_token=" + urlEncode(ctx.config.apiKey);
    const QByteArray sym = urlEncode(providerSymbol(symbol));
    const QByteArray base = ctx.config.baseUrl.toUtf8();
    net::HttpRequest eod, div, splits;
    eod.url = base + "/api/eod/" + sym + "?period=d&order=a&fmt=json" + window + key;
    div.url = base + "/api/div/" + sym + "?fmt=json" + window + key;
    splits.url = base + "/api/splits/" + sym + "?fmt=json" + window + key;
    return {eod, div, splits};
}

Result<PriceHistory, FetchError> EodhdProvider::parse(const QString& symbol, const FetchRange& range,
                                                      const FetchContext&,
                                                      const std::vector<net::HttpResponse>& responses) const {
    const QString who = QStringLiteral("eodhd %1").arg(symbol);
    std::vector<QJsonArray> arrays;
    for (const auto& r : responses) {
        if (r.status == 402) // EODHD answers 402 when the daily allowance is used up
            return makeError(FetchErrorKind::QuotaExhausted,
                             who + QStringLiteral(": daily API limit: ") + snippet(r.body), r.status);
        if (auto e = genericError(r, who)) return *e;
        auto doc = parseJson(r, who);
        if (!doc) return doc.error();
        if (!doc->isArray())
            return makeError(FetchErrorKind::Malformed,
                             who + QStringLiteral(": expected an array: ") + snippet(r.body), r.status);
        arrays.push_back(doc->array());
    }
    if (arrays.size() != 3)
        return makeError(FetchErrorKind::Malformed, who + QStringLiteral(": missing answers"));
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::Raw;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = providerSymbol(symbol);
    for (const auto& v : arrays[0]) {
        const QJsonObject o = v.toObject();
        const Bar b = jsonBar(o, parseIsoDate(o.value(QStringLiteral("date")).toString()), "open", "high",
                              "low", "close", "adjusted_close", "volume");
        if (!std::isnan(b.close)) h.bars.push_back(b);
    }
    if (h.bars.empty() && !range.start.isValid())
        return makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no data (unknown ticker?)"));
    for (const auto& v : arrays[1]) {
        const QJsonObject o = v.toObject();
        // unadjustedValue is as traded, the basis of the raw close; value is split-adjusted.
        double amount = jsonNumber(o.value(QStringLiteral("unadjustedValue")));
        if (std::isnan(amount)) amount = jsonNumber(o.value(QStringLiteral("value")));
        const QDate d = parseIsoDate(o.value(QStringLiteral("date")).toString());
        if (d.isValid() && amount > 0) h.actions.push_back({d, CorporateAction::Type::Dividend, amount});
    }
    for (const auto& v : arrays[2]) {
        const QJsonObject o = v.toObject();
        const QStringList parts = o.value(QStringLiteral("split")).toString().split(QLatin1Char('/'));
        const QDate d = parseIsoDate(o.value(QStringLiteral("date")).toString());
        if (parts.size() != 2 || !d.isValid()) continue;
        const double num = parts[0].toDouble(), den = parts[1].toDouble();
        if (num > 0 && den > 0) h.actions.push_back({d, CorporateAction::Type::Split, num / den});
    }
    normalise(h, range);
    return h;
}

} // namespace ts::providers

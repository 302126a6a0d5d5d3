#include "providers/fmp_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ts::providers {

std::optional<FetchError> fmpError(const net::HttpResponse& r, const QString& who) {
    // The error object decides, whatever the status (quota comes as 429 or 200).
    if (r.error == net::TransportError::None) {
        const QJsonDocument d = QJsonDocument::fromJson(r.body);
        const QString msg =
            d.isObject() ? d.object().value(QStringLiteral("Error Message")).toString() : QString();
        if (!msg.isEmpty()) {
            const QString text = who + QStringLiteral(": ") + msg.left(120);
            if (msg.contains(QLatin1String("Limit Reach")))
                return makeError(FetchErrorKind::QuotaExhausted, text, r.status);
            if (msg.contains(QLatin1String("Invalid API KEY"), Qt::CaseInsensitive))
                return makeError(FetchErrorKind::Unauthorized, text, r.status);
            if (msg.contains(QLatin1String("Premium")) || msg.contains(QLatin1String("Restricted")) ||
                msg.contains(QLatin1String("Legacy")))
                return makeError(FetchErrorKind::NotEntitled, text, r.status);
        }
    }
    return genericError(r, who);
}

std::vector<net::HttpRequest> FmpProvider::requests(const QString& symbol, const FetchRange& range,
                                                    const FetchContext& ctx) const {
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() + "/stable/historical-price-eod/full?symbol=" + urlEncode(symbol);
    if (range.start.isValid()) r.url += "&from=" + isoDate(range.start).toLatin1();
    if (range.end.isValid()) r.url += "&to=" + isoDate(range.end).toLatin1();
    // The key goes in a header so it never appears in URLs or logs.
    if (!ctx.config.apiKey.isEmpty()) r.headers.emplace_back("apikey", ctx.config.apiKey.toUtf8());
    return {r};
}

Result<PriceHistory, FetchError> FmpProvider::parse(const QString& symbol, const FetchRange& range,
                                                    const FetchContext&,
                                                    const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("fmp %1").arg(symbol);
    if (auto e = fmpError(r, who)) return *e;
    if (auto e = genericError(r, who)) return *e;
    auto doc = parseJson(r, who);
    if (!doc) return doc.error();
    QJsonArray rows;
    if (doc->isArray())
        rows = doc->array();
    else if (doc->object().contains(QStringLiteral("historical")))
        rows = doc->object().value(QStringLiteral("historical")).toArray();
    else
        return makeError(FetchErrorKind::Malformed,
                         who + QStringLiteral(": unexpected payload: ") + snippet(r.body), r.status);

    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::SplitAdjusted;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = symbol;
    if (rows.isEmpty()) {
        if (range.start.isValid()) return h;
        return makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no data (unknown symbol?)"),
                         r.status);
    }
    for (const auto& v : rows) {
        const QJsonObject o = v.toObject();
        const Bar b = jsonBar(o, parseIsoDate(o.value(QStringLiteral("date")).toString()), "open", "high",
                              "low", "close", "adjClose", "volume"); // adjClose: legacy shape only
        if (!std::isnan(b.close)) h.bars.push_back(b);
    }
    normalise(h, range); // newest first on the wire
    return h;
}

} // namespace ts::providers

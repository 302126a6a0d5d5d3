#include "providers/stooq_provider.h"

#include "data/csv_reader.h"
#include "providers/provider_util.h"

namespace ts::providers {

QString StooqProvider::providerSymbol(const QString& symbol) const {
    // Stooq wants lower case with a market suffix; a bare US ticker gets ".us".
    const QString s = symbol.toLower();
    return s.contains(QLatin1Char('.')) || s.startsWith(QLatin1Char('^')) ? s : s + QStringLiteral(".us");
}

std::vector<net::HttpRequest> StooqProvider::requests(const QString& symbol, const FetchRange& range,
                                                      const FetchContext& ctx) const {
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() + "/q/d/l/?s=" + urlEncode(providerSymbol(symbol)) + "&i=d";
    if (range.start.isValid()) {
        const QDate end = range.end.isValid() ? range.end : QDate::currentDate();
        r.url += "&d1=" + range.start.toString(QStringLiteral("yyyyMMdd")).toLatin1() +
                 "&d2=" + end.toString(QStringLiteral("yyyyMMdd")).toLatin1();
    }
    if (!ctx.config.apiKey.isEmpty()) r.url += "&apikey=" + urlEncode(ctx.config.apiKey);
    return {r};
}

Result<PriceHistory, FetchError> StooqProvider::parse(const QString& symbol, const FetchRange& range,
                                                      const FetchContext&,
                                                      const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("stooq %1").arg(symbol);
    if (auto e = genericError(r, who)) return *e;
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::Adjusted;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = providerSymbol(symbol);
    const QByteArray body = r.body.trimmed();
    if (!body.startsWith("Date,")) {
        if (body.startsWith("No data")) {
            // Unknown symbol, or nothing in a short window of a known one.
            if (range.start.isValid()) return h;
            return makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no data (unknown symbol?)"),
                             r.status);
        }
        if (body.contains("Exceeded the daily hits limit"))
            return makeError(FetchErrorKind::QuotaExhausted,
                             who + QStringLiteral(": daily hits limit exceeded"), r.status);
        if (body.contains("apikey") || body.contains("get_apikey"))
            return makeError(
                FetchErrorKind::Unauthorized,
                who + QStringLiteral(": an API key is required (config: providers.stooq.api_key)"), r.status);
        return makeError(FetchErrorKind::Malformed,
                         who + QStringLiteral(": not a price CSV: ") + snippet(r.body), r.status);
    }
    auto frame = parseCsv(r.body, who);
    if (!frame) return makeError(FetchErrorKind::Malformed, frame.error().message, r.status);
    auto col = [&](const char* n) { return frame->columnIndex(QString::fromLatin1(n)); };
    const int io = col("Open"), ih = col("High"), il = col("Low"), ic = col("Close"), iv = col("Volume");
    if (ic < 0)
        return makeError(FetchErrorKind::Malformed, who + QStringLiteral(": no Close column"), r.status);
    auto at = [&](int c, std::size_t i) {
        return c < 0 ? NAN : frame->columns[static_cast<std::size_t>(c)][i];
    };
    for (std::size_t i = 0; i < frame->dates.size(); ++i) {
        Bar b;
        b.date = frame->dates[i];
        b.open = at(io, i);
        b.high = at(ih, i);
        b.low = at(il, i);
        b.close = at(ic, i);
        b.providerAdjClose = NAN;
        b.volume = at(iv, i); // absent for FX and some indices
        if (!std::isnan(b.close)) h.bars.push_back(b);
    }
    normalise(h, range);
    return h;
}

} // namespace ts::providers

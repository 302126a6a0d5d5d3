#include "providers/yahoo_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"
#include "util/excerpt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace ts::providers {
namespace {

net::Headers browserHeaders() {
    return {{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
            {"Accept-Language", "en-US,en;q=0.5"}};
}

double roundTo(double v, int decimals) {
    if (std::isnan(v) || decimals < 0 || decimals > 8) return v;
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

std::vector<net::HttpRequest> YahooProvider::requests(const QString& symbol, const FetchRange& range,
                                                      const FetchContext& ctx) const {
    // period2 is exclusive: send end + 1 day. "max" is now - 99 years, as yfinance sends it.
    const QDate end = range.end.isValid() ? range.end : QDate::currentDate();
    const qint64 p2 = QDateTime(end.addDays(1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    const qint64 p1 = range.start.isValid()
                          ? QDateTime(range.start, QTime(0, 0), Qt::UTC).toSecsSinceEpoch()
                          : QDateTime(end.addYears(-99), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() + "/v8/finance/chart/" + urlEncode(symbol) +
            "?period1=" + QByteArray::number(p1) + "&period2=" + QByteArray::number(p2) +
            "&interval=1d&includePrePost=false&events=div%2Csplits%2CcapitalGains";
    if (!ctx.sessionToken.isEmpty())
        r.url += "&crumb=" + QUrl::toPercentEncoding(QString::fromUtf8(ctx.sessionToken));
    r.headers = browserHeaders();
    return {r};
}

std::vector<net::HttpRequest> YahooProvider::sessionRequests(const FetchContext& ctx) const {
    // The cookie host sets A3 (usually with a 404); getcrumb then answers with the crumb.
    const bool live = ctx.config.baseUrl == defaultBaseUrl();
    net::HttpRequest cookie;
    cookie.url = live ? QByteArray("https://fc.yahoo.com/") : ctx.config.baseUrl.toUtf8() + "/";
    cookie.headers = browserHeaders();
    net::HttpRequest crumb;
    crumb.url = ctx.config.baseUrl.toUtf8() + "/v1/test/getcrumb";
    crumb.headers = browserHeaders();
    return {cookie, crumb};
}

Result<QByteArray, FetchError> YahooProvider::sessionToken(const std::vector<net::HttpResponse>& rs) const {
    if (rs.size() < 2) return makeError(FetchErrorKind::Malformed, QStringLiteral("yahoo: no crumb answer"));
    const auto& r = rs.back();
    const QByteArray crumb = r.body.trimmed();
    // Never take "Too Many Requests" for a crumb (yfinance #2448).
    if (r.status == 429 || crumb.contains("Too Many Requests"))
        return makeError(FetchErrorKind::Throttled, QStringLiteral("yahoo: crumb request throttled"),
                         r.status);
    if (auto e = genericError(r, QStringLiteral("yahoo crumb"))) return *e;
    if (crumb.isEmpty() || crumb.contains('<') || crumb.size() > 64)
        return makeError(FetchErrorKind::Malformed,
                         QStringLiteral("yahoo: no usable crumb: %1").arg(snippet(r.body)), r.status);
    return crumb;
}

Result<PriceHistory, FetchError> YahooProvider::parse(const QString& symbol, const FetchRange& range,
                                                      const FetchContext&,
                                                      const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("yahoo %1").arg(symbol);
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::SplitAdjusted;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = symbol;

    if (r.status == 400 && r.body.contains("Data doesn't exist")) return h; // window before the first trade
    if (r.status == 404) {
        auto e =
            makeError(FetchErrorKind::NotFound, who + QStringLiteral(": unknown or delisted symbol"), 404);
        // Only the chart API's own answer is definitive; a bare 404 may be a proxy or a wrong base URL.
        const QJsonObject error = QJsonDocument::fromJson(r.body)
                                      .object()
                                      .value(QStringLiteral("chart"))
                                      .toObject()
                                      .value(QStringLiteral("error"))
                                      .toObject();
        e.unknownSymbol = error.value(QStringLiteral("code")).toString() == QLatin1String("Not Found");
        return e;
    }
    if (r.error == net::TransportError::None && r.status == 200 && r.body.contains("Will be right back"))
        return makeError(FetchErrorKind::Transient, who + QStringLiteral(": Yahoo outage page"), 200);
    if (auto e = genericError(r, who)) return *e;
    auto doc = parseJson(r, who);
    if (!doc) return doc.error();
    const QJsonObject chart = doc->object().value(QStringLiteral("chart")).toObject();
    if (chart.isEmpty())
        return makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no chart in the answer"),
                         r.status);
    const QJsonArray results = chart.value(QStringLiteral("result")).toArray();
    if (results.isEmpty()) {
        const QString desc =
            chart.value(QStringLiteral("error")).toObject().value(QStringLiteral("description")).toString();
        return makeError(FetchErrorKind::NotFound,
                         who + QStringLiteral(": ") + (desc.isEmpty() ? QStringLiteral("no result") : desc),
                         r.status);
    }
    const QJsonObject res = results.at(0).toObject();
    const QJsonObject meta = res.value(QStringLiteral("meta")).toObject();
    h.instrument.name =
        meta.value(QStringLiteral("longName")).toString(meta.value(QStringLiteral("shortName")).toString());
    h.instrument.currency = meta.value(QStringLiteral("currency")).toString();
    h.instrument.assetType = meta.value(QStringLiteral("instrumentType")).toString();
    // Remote input: only an id the system lists is used, else Yahoo's own offset; kept as a label.
    const QString tzName = meta.value(QStringLiteral("exchangeTimezoneName")).toString();
    h.instrument.exchangeTz = zoneLabel(tzName);
    const double offset = jsonNumber(meta.value(QStringLiteral("gmtoffset")));
    const QTimeZone zone = exchangeZone(tzName, std::abs(offset) <= 86400 ? static_cast<qint64>(offset) : 0);
    const int priceHint = meta.value(QStringLiteral("priceHint")).toInt(-1);
    // Minor currency units (LSE pence): prices and dividends in the major unit.
    double unit = 1.0;
    const QString cur = h.instrument.currency;
    if (cur == QLatin1String("GBp") || cur == QLatin1String("ILA") || cur == QLatin1String("ZAc")) {
        unit = 0.01;
        h.instrument.currency = cur == QLatin1String("GBp")   ? QStringLiteral("GBP")
                                : cur == QLatin1String("ILA") ? QStringLiteral("ILS")
                                                              : QStringLiteral("ZAR");
    }

    const QJsonArray ts = res.value(QStringLiteral("timestamp")).toArray();
    const QJsonObject ind = res.value(QStringLiteral("indicators")).toObject();
    const QJsonObject quote = ind.value(QStringLiteral("quote")).toArray().at(0).toObject();
    const QJsonArray adj = ind.value(QStringLiteral("adjclose"))
                               .toArray()
                               .at(0)
                               .toObject()
                               .value(QStringLiteral("adjclose"))
                               .toArray();
    if (ts.isEmpty() || quote.isEmpty()) return h; // no bars in range
    const QJsonArray o = quote.value(QStringLiteral("open")).toArray(),
                     hi = quote.value(QStringLiteral("high")).toArray(),
                     lo = quote.value(QStringLiteral("low")).toArray(),
                     c = quote.value(QStringLiteral("close")).toArray(),
                     v = quote.value(QStringLiteral("volume")).toArray();
    if (c.size() != ts.size())
        return makeError(FetchErrorKind::Malformed,
                         who + QStringLiteral(": close and timestamp lengths differ"), r.status);

    // A bar stamped today while the session is open is a live quote, not a daily close.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 sessionEnd = meta.value(QStringLiteral("currentTradingPeriod"))
                                  .toObject()
                                  .value(QStringLiteral("regular"))
                                  .toObject()
                                  .value(QStringLiteral("end"))
                                  .toInteger(0);
    const QDate today = tradingDate(now, zone);
    for (qsizetype i = 0; i < ts.size(); ++i) {
        const double close = jsonNumber(c.at(i));
        if (std::isnan(close)) continue; // null bar: no trade or a data hole
        Bar b;
        const auto date = tradingDate(ts.at(i), zone);
        if (!date)
            return makeError(FetchErrorKind::Malformed,
                             QStringLiteral("%1: timestamp %2 of bar %3 is not a date in years %4-%5")
                                 .arg(who, excerpt(QString::number(jsonNumber(ts.at(i)), 'g', 17)))
                                 .arg(i + 1)
                                 .arg(kMinYear)
                                 .arg(kMaxYear),
                             r.status);
        b.date = *date;
        if (b.date == today && sessionEnd > 0 && now < sessionEnd) continue;
        b.open = roundTo(jsonNumber(o.at(i)), priceHint) * unit;
        b.high = roundTo(jsonNumber(hi.at(i)), priceHint) * unit;
        b.low = roundTo(jsonNumber(lo.at(i)), priceHint) * unit;
        b.close = roundTo(close, priceHint) * unit;
        b.providerAdjClose = i < adj.size() ? jsonNumber(adj.at(i)) * unit : NAN;
        b.volume = jsonNumber(v.at(i));
        h.bars.push_back(b);
    }
    normalise(h, range);

    const QJsonObject events = res.value(QStringLiteral("events")).toObject();
    for (const auto& kind : {QStringLiteral("dividends"), QStringLiteral("capitalGains")}) {
        const QJsonObject m = events.value(kind).toObject();
        for (auto it = m.begin(); it != m.end(); ++it) {
            const QJsonObject e = it.value().toObject();
            const double amount = jsonNumber(e.value(QStringLiteral("amount")));
            const auto date = tradingDate(e.value(QStringLiteral("date")), zone);
            if (std::isnan(amount) || !date) continue; // an event without a usable date is not applied
            h.actions.push_back({*date, CorporateAction::Type::Dividend, amount * unit});
        }
    }
    const QJsonObject splits = events.value(QStringLiteral("splits")).toObject();
    for (auto it = splits.begin(); it != splits.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        const double num = jsonNumber(e.value(QStringLiteral("numerator"))),
                     den = jsonNumber(e.value(QStringLiteral("denominator")));
        const auto date = tradingDate(e.value(QStringLiteral("date")), zone);
        if (!(num > 0) || !(den > 0) || !date) continue;
        h.actions.push_back({*date, CorporateAction::Type::Split, num / den});
    }
    return h;
}

} // namespace ts::providers

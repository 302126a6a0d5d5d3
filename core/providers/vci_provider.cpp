#include "providers/vci_provider.h"

#include "data/date_validation.h"
#include "providers/provider_util.h"
#include "util/excerpt.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace ts::providers {
namespace {
const QTimeZone& vietnam() {
    static const QTimeZone z = [] {
        QTimeZone t("Asia/Ho_Chi_Minh");
        return t.isValid() ? t : QTimeZone(7 * 3600); // no DST since 1975
    }();
    return z;
}
} // namespace

QString VciProvider::providerSymbol(const QString& symbol) const {
    // User index names -> VCI's wire names (vnstock's _VCI_INDEX_MAPPING).
    const QString s = symbol.toUpper();
    if (s == QLatin1String("VNI")) return QStringLiteral("VNINDEX");
    if (s == QLatin1String("HNX") || s == QLatin1String("HNXINDEX")) return QStringLiteral("HNXIndex");
    if (s == QLatin1String("UPCOM") || s == QLatin1String("UPCOMINDEX"))
        return QStringLiteral("HNXUpcomIndex");
    if (s == QLatin1String("VNMID")) return QStringLiteral("VNMIDCAP");
    if (s == QLatin1String("VNSML")) return QStringLiteral("VNSMALLCAP");
    if (s == QLatin1String("VNALL")) return QStringLiteral("VNALLSHARE");
    return s;
}

std::vector<net::HttpRequest> VciProvider::requests(const QString& symbol, const FetchRange& range,
                                                    const FetchContext& ctx) const {
    const QDate end = range.end.isValid() ? range.end : QDate::currentDate();
    const qint64 to = QDateTime(end.addDays(1), QTime(0, 0), vietnam()).toSecsSinceEpoch(); // exclusive
    // No "from": ask for enough bars to cover the window (weekdays + 1), then trim.
    qint64 count = 5000;
    if (range.start.isValid()) {
        count = 1;
        for (QDate d = range.start; d <= end; d = d.addDays(1))
            count += d.dayOfWeek() <= 5;
    }
    QJsonObject body{{QStringLiteral("timeFrame"), QStringLiteral("ONE_DAY")},
                     {QStringLiteral("symbols"), QJsonArray{providerSymbol(symbol)}},
                     {QStringLiteral("to"), to},
                     {QStringLiteral("countBack"), count}};
    net::HttpRequest r;
    r.method = "POST";
    r.url = ctx.config.baseUrl.toUtf8() + "/api/chart/OHLCChart/gap-chart";
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    r.headers = {{"Content-Type", "application/json"},
                 {"Accept", "application/json, text/plain, */*"},
                 {"Accept-Language", "en-US,en;q=0.9,vi-VN;q=0.8,vi;q=0.7"},
                 {"Referer", "https://trading.vietcap.com.vn/"},
                 {"Origin", "https://trading.vietcap.com.vn/"}};
    return {r};
}

Result<PriceHistory, FetchError> VciProvider::parse(const QString& symbol, const FetchRange& range,
                                                    const FetchContext&,
                                                    const std::vector<net::HttpResponse>& responses) const {
    const auto& r = responses.at(0);
    const QString who = QStringLiteral("vci %1").arg(symbol);
    if (auto e = genericError(r, who)) return *e;
    auto doc = parseJson(r, who);
    if (!doc) return doc.error();
    QJsonArray items = doc->isArray() ? doc->array() : doc->object().value(QStringLiteral("data")).toArray();
    PriceHistory h;
    h.provider = name();
    h.basis = PriceBasis::Adjusted;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = providerSymbol(symbol);
    h.instrument.exchangeTz = QStringLiteral("Asia/Ho_Chi_Minh");
    const bool index = h.instrument.providerSymbol.contains(QLatin1String("INDEX"), Qt::CaseInsensitive) ||
                       h.instrument.providerSymbol.startsWith(QLatin1String("VN")) ||
                       h.instrument.providerSymbol.startsWith(QLatin1String("HNX"));
    h.instrument.currency = index ? QStringLiteral("points") : QStringLiteral("VND");
    h.instrument.assetType = index ? QStringLiteral("INDEX") : QStringLiteral("EQUITY");
    if (items.isEmpty()) {
        if (range.start.isValid()) return h;
        return makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no data (unknown symbol?)"),
                         r.status);
    }
    const QJsonObject o = items.at(0).toObject();
    const QJsonArray t = o.value(QStringLiteral("t")).toArray(), op = o.value(QStringLiteral("o")).toArray(),
                     hi = o.value(QStringLiteral("h")).toArray(), lo = o.value(QStringLiteral("l")).toArray(),
                     c = o.value(QStringLiteral("c")).toArray(), v = o.value(QStringLiteral("v")).toArray();
    if (c.size() != t.size())
        return makeError(FetchErrorKind::Malformed, who + QStringLiteral(": column lengths differ"),
                         r.status);
    for (qsizetype i = 0; i < t.size(); ++i) {
        const double secs = jsonNumber(t.at(i)); // a number or a numeric string
        if (std::isnan(secs)) continue;
        const auto date = tradingDate(t.at(i), vietnam());
        if (!date)
            return makeError(FetchErrorKind::Malformed,
                             QStringLiteral("%1: timestamp %2 of bar %3 is not a date in years %4-%5")
                                 .arg(who, excerpt(QString::number(secs, 'g', 17)))
                                 .arg(i + 1)
                                 .arg(kMinYear)
                                 .arg(kMaxYear),
                             r.status);
        Bar b;
        b.date = *date;
        b.open = jsonNumber(op.at(i));
        b.high = jsonNumber(hi.at(i));
        b.low = jsonNumber(lo.at(i));
        b.close = jsonNumber(c.at(i));
        b.providerAdjClose = NAN;
        b.volume = jsonNumber(v.at(i));
        if (!std::isnan(b.close)) h.bars.push_back(b);
    }
    normalise(h, range);
    return h;
}

} // namespace ts::providers

#include "fundamentals/fmp_source.h"

#include "data/date_validation.h"
#include "providers/fmp_provider.h"
#include "providers/provider_util.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ts::fundamentals {

using providers::FetchErrorKind;

namespace {
const char* endpoint(Statement s) {
    switch (s) {
    case Statement::Income:
        return "income-statement";
    case Statement::Balance:
        return "balance-sheet-statement";
    case Statement::CashFlow:
        return "cash-flow-statement";
    case Statement::Ratios:
        return "ratios";
    case Statement::Metrics:
        return "key-metrics";
    }
    return "";
}
} // namespace

net::HttpRequest FmpSource::request(const QString& symbol, Statement s, PeriodType p, int limit,
                                    const providers::FetchContext& ctx) const {
    net::HttpRequest r;
    r.url =
        ctx.config.baseUrl.toUtf8() + "/stable/" + endpoint(s) + "?symbol=" + providers::urlEncode(symbol) +
        "&period=" + (p == PeriodType::Annual ? "annual" : "quarter") + "&limit=" + QByteArray::number(limit);
    if (!ctx.config.apiKey.isEmpty()) r.headers.emplace_back("apikey", ctx.config.apiKey.toUtf8());
    return r;
}

Result<StatementSet, providers::FetchError> FmpSource::parse(const QString& symbol, Statement s, PeriodType p,
                                                             const net::HttpResponse& r) const {
    const QString who = QStringLiteral("fmp %1 %2").arg(symbol, statementName(s));
    if (auto e = providers::fmpError(r, who)) return *e;
    auto doc = providers::parseJson(r, who);
    if (!doc) return doc.error();
    if (!doc->isArray())
        return providers::makeError(
            FetchErrorKind::Malformed,
            who + QStringLiteral(": unexpected payload: ") + providers::snippet(r.body), r.status);
    StatementSet set{symbol, name(), s, p, {}, {}};
    const QJsonArray rows = doc->array();
    if (rows.isEmpty())
        return providers::makeError(FetchErrorKind::NotFound,
                                    who + QStringLiteral(": no statements (unknown symbol, or not covered)"),
                                    r.status);
    static const QStringList skip{
        QStringLiteral("date"),         QStringLiteral("symbol"),           QStringLiteral("cik"),
        QStringLiteral("fiscalYear"),   QStringLiteral("calendarYear"),     QStringLiteral("filingDate"),
        QStringLiteral("acceptedDate"), QStringLiteral("reportedCurrency"), QStringLiteral("period"),
        QStringLiteral("link"),         QStringLiteral("finalLink")};
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        const QDate end = parseIsoDate(o.value(QStringLiteral("date")).toString());
        if (!end.isValid())
            return providers::makeError(FetchErrorKind::Malformed,
                                        who + QStringLiteral(": a period without a date"), r.status);
        const QString fiscal = o.value(QStringLiteral("period"))
                                   .toString(p == PeriodType::Annual ? QStringLiteral("FY") : QString());
        const QString currency = o.value(QStringLiteral("reportedCurrency")).toString();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (skip.contains(it.key()) || !it.value().isDouble()) continue;
            set.items.push_back({end, p, fiscal, s, it.key(), it.value().toDouble(), currency});
        }
    }
    return set;
}

} // namespace ts::fundamentals

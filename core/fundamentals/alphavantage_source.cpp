#include "fundamentals/alphavantage_source.h"

#include "data/date_validation.h"
#include "providers/alphavantage_provider.h"
#include "providers/provider_util.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace ts::fundamentals {

using providers::FetchErrorKind;

namespace {

const char* function(Statement s) {
    switch (s) {
    case Statement::Income:
        return "INCOME_STATEMENT";
    case Statement::Balance:
        return "BALANCE_SHEET";
    case Statement::CashFlow:
        return "CASH_FLOW";
    default:
        return "OVERVIEW";
    }
}

// Alpha Vantage name -> (canonical name, sign). Unlisted names are kept as they come.
const QHash<QString, std::pair<QString, double>>& names() {
    static const QHash<QString, std::pair<QString, double>> m{
        {QStringLiteral("totalRevenue"), {item::revenue, 1}},
        {QStringLiteral("costOfRevenue"), {item::costOfRevenue, 1}},
        {QStringLiteral("grossProfit"), {item::grossProfit, 1}},
        {QStringLiteral("operatingIncome"), {item::operatingIncome, 1}},
        {QStringLiteral("ebitda"), {item::ebitda, 1}},
        {QStringLiteral("interestExpense"), {item::interestExpense, 1}},
        {QStringLiteral("incomeBeforeTax"), {item::incomeBeforeTax, 1}},
        {QStringLiteral("incomeTaxExpense"), {item::incomeTaxExpense, 1}},
        {QStringLiteral("netIncome"), {item::netIncome, 1}},
        {QStringLiteral("totalAssets"), {item::totalAssets, 1}},
        {QStringLiteral("totalCurrentAssets"), {item::totalCurrentAssets, 1}},
        {QStringLiteral("totalCurrentLiabilities"), {item::totalCurrentLiabilities, 1}},
        {QStringLiteral("inventory"), {item::inventory, 1}},
        {QStringLiteral("cashAndCashEquivalentsAtCarryingValue"), {item::cash, 1}},
        {QStringLiteral("shortLongTermDebtTotal"), {item::totalDebt, 1}},
        {QStringLiteral("totalShareholderEquity"), {item::equity, 1}},
        {QStringLiteral("commonStockSharesOutstanding"), {item::sharesOutstanding, 1}},
        {QStringLiteral("operatingCashflow"), {item::operatingCashFlow, 1}},
        {QStringLiteral("capitalExpenditures"), {item::capitalExpenditure, -1}},
        {QStringLiteral("dividendPayout"), {item::dividendsPaid, -1}},
    };
    return m;
}

} // namespace

net::HttpRequest AlphaVantageSource::request(const QString& symbol, Statement s, PeriodType, int,
                                             const providers::FetchContext& ctx) const {
    net::HttpRequest r;
    r.url = ctx.config.baseUrl.toUtf8() + "/query?function=" + function(s) +
            "&symbol=" + providers::urlEncode(symbol) + "&apikey=" + providers::urlEncode(ctx.config.apiKey);
    return r;
}

Result<StatementSet, providers::FetchError> AlphaVantageSource::parse(const QString& symbol, Statement s,
                                                                      PeriodType p,
                                                                      const net::HttpResponse& r) const {
    const QString who = QStringLiteral("alphavantage %1 %2").arg(symbol, statementName(s));
    if (auto e = providers::alphaVantageError(r, who)) return *e;
    auto doc = providers::parseJson(r, who);
    if (!doc) return doc.error();
    const QJsonObject root = doc->object();
    StatementSet set{symbol, name(), s, p, {}, {}};
    auto add = [&](const QJsonObject& o, const QDate& end, const QString& fiscal, PeriodType period) {
        const QString currency = o.value(QStringLiteral("reportedCurrency"))
                                     .toString(o.value(QStringLiteral("Currency")).toString());
        for (auto it = o.begin(); it != o.end(); ++it) {
            const double v = providers::jsonNumber(it.value()); // "None" -> NaN
            if (std::isnan(v)) continue;
            const auto mapped = names().value(it.key(), {it.key(), 1.0});
            // Cash outflows are negative, as FMP reports them.
            set.items.push_back(
                {end, period, fiscal, s, mapped.first, mapped.second < 0 ? -std::abs(v) : v, currency});
        }
    };
    if (s == Statement::Ratios || s == Statement::Metrics) {
        // OVERVIEW: the latest figures, dated by the latest quarter.
        if (root.isEmpty() || !root.contains(QStringLiteral("Symbol")))
            return providers::makeError(FetchErrorKind::NotFound,
                                        who + QStringLiteral(": no overview (unknown symbol?)"), r.status);
        const QDate end = parseIsoDate(root.value(QStringLiteral("LatestQuarter")).toString());
        add(root, end.isValid() ? end : QDate::currentDate(), QStringLiteral("TTM"), PeriodType::Quarter);
        for (const auto& [from, to] :
             {std::pair{"Name", "name"}, std::pair{"Sector", "sector"}, std::pair{"Industry", "industry"},
              std::pair{"Currency", "currency"}}) {
            const QString v = root.value(QLatin1String(from)).toString();
            if (!v.isEmpty() && v != QLatin1String("None")) set.profile[QLatin1String(to)] = v;
        }
        return set;
    }
    const QString key =
        p == PeriodType::Annual ? QStringLiteral("annualReports") : QStringLiteral("quarterlyReports");
    if (!root.value(key).isArray())
        return providers::makeError(FetchErrorKind::Malformed,
                                    who + QStringLiteral(": no %1: ").arg(key) + providers::snippet(r.body),
                                    r.status);
    const QJsonArray rows = root.value(key).toArray();
    if (rows.isEmpty())
        return providers::makeError(FetchErrorKind::NotFound, who + QStringLiteral(": no statements"),
                                    r.status);
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        const QDate end = parseIsoDate(o.value(QStringLiteral("fiscalDateEnding")).toString());
        if (!end.isValid())
            return providers::makeError(FetchErrorKind::Malformed,
                                        who + QStringLiteral(": a period without a date"), r.status);
        add(o, end, p == PeriodType::Annual ? QStringLiteral("FY") : QString(), p);
    }
    return set;
}

} // namespace ts::fundamentals

#include "fundamentals/ratios.h"

#include <algorithm>
#include <set>

namespace ts::fundamentals {

const std::vector<RatioInfo>& ratioCatalog() {
    static const std::vector<RatioInfo> c{
        {QStringLiteral("pe"), QStringLiteral("P/E"),
         QStringLiteral("price / EPS, EPS = TTM net income / shares"), false, true},
        {QStringLiteral("pb"), QStringLiteral("P/B"), QStringLiteral("market cap / shareholders' equity"),
         false, true},
        {QStringLiteral("ps"), QStringLiteral("P/S"), QStringLiteral("market cap / TTM revenue"), false,
         true},
        {QStringLiteral("ev_ebitda"), QStringLiteral("EV/EBITDA"),
         QStringLiteral("(market cap + total debt - cash) / TTM EBITDA"), false, true},
        {QStringLiteral("roe"), QStringLiteral("ROE"),
         QStringLiteral("TTM net income / shareholders' equity"), true, false},
        {QStringLiteral("roa"), QStringLiteral("ROA"), QStringLiteral("TTM net income / total assets"), true,
         false},
        {QStringLiteral("roic"), QStringLiteral("ROIC"),
         QStringLiteral(
             "TTM operating income x (1 - tax rate) / (total debt + equity - cash); tax rate = TTM tax / "
             "TTM pre-tax income, within 0..1"),
         true, false},
        {QStringLiteral("gross_margin"), QStringLiteral("Gross margin"),
         QStringLiteral("TTM gross profit / TTM revenue"), true, false},
        {QStringLiteral("operating_margin"), QStringLiteral("Operating margin"),
         QStringLiteral("TTM operating income / TTM revenue"), true, false},
        {QStringLiteral("net_margin"), QStringLiteral("Net margin"),
         QStringLiteral("TTM net income / TTM revenue"), true, false},
        {QStringLiteral("debt_equity"), QStringLiteral("Debt/Equity"),
         QStringLiteral("total debt / shareholders' equity"), false, false},
        {QStringLiteral("current_ratio"), QStringLiteral("Current ratio"),
         QStringLiteral("current assets / current liabilities"), false, false},
        {QStringLiteral("quick_ratio"), QStringLiteral("Quick ratio"),
         QStringLiteral("(current assets - inventory) / current liabilities"), false, false},
        {QStringLiteral("interest_cover"), QStringLiteral("Interest cover"),
         QStringLiteral("TTM operating income / TTM interest expense"), false, false},
        {QStringLiteral("fcf_yield"), QStringLiteral("FCF yield"),
         QStringLiteral(
             "(TTM operating cash flow + TTM capital expenditure) / market cap (capex is negative)"),
         true, false},
        {QStringLiteral("dividend_yield"), QStringLiteral("Dividend yield"),
         QStringLiteral("TTM dividends paid / market cap"), true, false},
        {QStringLiteral("payout"), QStringLiteral("Payout ratio"),
         QStringLiteral("TTM dividends paid / TTM net income"), true, false},
        {QStringLiteral("revenue_growth"), QStringLiteral("Revenue growth (YoY)"),
         QStringLiteral(
             "TTM revenue / revenue of the 4 quarters a year earlier - 1 (fiscal years without quarters)"),
         true, false},
        {QStringLiteral("eps_growth"), QStringLiteral("EPS growth (YoY)"),
         QStringLiteral("as revenue growth, on net income per share"), true, false},
        {QStringLiteral("revenue_cagr_3y"), QStringLiteral("Revenue CAGR (3y)"),
         QStringLiteral("(revenue of the last fiscal year / revenue three years earlier)^(1/3) - 1"), true,
         false},
        {QStringLiteral("eps_cagr_3y"), QStringLiteral("EPS CAGR (3y)"),
         QStringLiteral("as revenue CAGR, on net income per share; both years must be profitable"), true,
         false},
        {QStringLiteral("market_cap"), QStringLiteral("Market cap"), QStringLiteral("price x shares"), false,
         false},
    };
    return c;
}

const RatioInfo* findRatio(const QString& key) {
    for (const auto& r : ratioCatalog())
        if (r.key == key) return &r;
    return nullptr;
}

QString formatRatio(const RatioInfo& info, double v) {
    if (!std::isfinite(v)) return QStringLiteral("-");
    if (info.percent) return QString::number(v * 100, 'f', 2) + QLatin1Char('%');
    if (info.key == QLatin1String("market_cap")) {
        const double a = std::abs(v);
        if (a >= 1e12) return QString::number(v / 1e12, 'f', 2) + QLatin1Char('T');
        if (a >= 1e9) return QString::number(v / 1e9, 'f', 2) + QLatin1Char('B');
        if (a >= 1e6) return QString::number(v / 1e6, 'f', 2) + QLatin1Char('M');
    }
    return QString::number(v, 'f', 2);
}

namespace {

const double kNaN = std::nan("");

double div(double a, double b) {
    return (std::isfinite(a) && std::isfinite(b) && b != 0) ? a / b : kNaN;
}
double divPositive(double a, double b) {
    return b > 0 ? div(a, b) : kNaN;
}

// item -> period end -> value, for one period type.
using Table = std::map<QString, std::map<QDate, double>>;

struct Periods {
    Table annual, quarter;
    std::vector<QDate> annualEnds, quarterEnds; // ascending, distinct
};

Periods tabulate(const std::vector<LineItem>& items) {
    Periods p;
    std::set<QDate> a, q;
    for (const auto& li : items) {
        if (li.statement == Statement::Ratios || li.statement == Statement::Metrics) continue; // our own
        // Flow windows are made of the periods that report flows; a balance sheet alone (a newer
        // quarter) updates the balances without opening an empty window.
        const bool flows = li.statement == Statement::Income || li.statement == Statement::CashFlow;
        if (li.period == PeriodType::Annual) {
            p.annual[li.item][li.periodEnd] = li.value;
            if (flows) a.insert(li.periodEnd);
        } else {
            p.quarter[li.item][li.periodEnd] = li.value;
            if (flows) q.insert(li.periodEnd);
        }
    }
    p.annualEnds.assign(a.begin(), a.end());
    p.quarterEnds.assign(q.begin(), q.end());
    return p;
}

double at(const Table& t, const QString& item, const QDate& d) {
    auto it = t.find(item);
    if (it == t.end()) return kNaN;
    auto v = it->second.find(d);
    return v == it->second.end() ? kNaN : v->second;
}

// Four quarters ending at index `last` (inclusive) are consecutive: 80-100 days apart.
bool consecutive(const std::vector<QDate>& ends, std::size_t last) {
    if (last < 3) return false;
    for (std::size_t i = last - 2; i <= last; ++i) {
        const qint64 gap = ends[i - 1].daysTo(ends[i]);
        if (gap < 80 || gap > 100) return false;
    }
    return true;
}

} // namespace

RatioSnapshot computeRatios(const std::vector<LineItem>& items, double price) {
    RatioSnapshot s;
    const Periods p = tabulate(items);
    const bool ttm = p.quarterEnds.size() >= 4 && consecutive(p.quarterEnds, p.quarterEnds.size() - 1);
    const bool ttmPrev =
        p.quarterEnds.size() >= 8 && ttm && consecutive(p.quarterEnds, p.quarterEnds.size() - 5);
    s.flowBasis = ttm ? QStringLiteral("TTM (4 quarters)") : QStringLiteral("FY");
    if (ttm)
        s.flowEnd = p.quarterEnds.back();
    else if (!p.annualEnds.empty())
        s.flowEnd = p.annualEnds.back();

    // The flow over the window ending at the latest (offset 0) or previous (offset 1) year.
    auto flow = [&](const QString& item, int offset) {
        if (ttm && (offset == 0 || ttmPrev)) {
            double sum = 0;
            const std::size_t last = p.quarterEnds.size() - 1 - static_cast<std::size_t>(4 * offset);
            for (std::size_t i = last - 3; i <= last; ++i)
                sum += at(p.quarter, item, p.quarterEnds[i]);
            return sum;
        }
        if (p.annualEnds.size() <= static_cast<std::size_t>(offset)) return kNaN;
        return at(p.annual, item, p.annualEnds[p.annualEnds.size() - 1 - static_cast<std::size_t>(offset)]);
    };
    // Balances and the share count: the latest period end that has the item.
    auto latest = [&](const QString& item) {
        double v = kNaN;
        QDate when;
        for (const Table* t : {&p.annual, &p.quarter}) {
            auto it = t->find(item);
            if (it == t->end() || it->second.empty()) continue;
            const auto& [d, value] = *it->second.rbegin();
            if (!when.isValid() || d > when) when = d, v = value;
        }
        return std::pair{v, when};
    };
    const auto [equity, balanceDate] = latest(item::equity);
    s.balanceDate = balanceDate;
    const double assets = latest(item::totalAssets).first, debt = latest(item::totalDebt).first,
                 cash = latest(item::cash).first, currentAssets = latest(item::totalCurrentAssets).first,
                 currentLiabilities = latest(item::totalCurrentLiabilities).first,
                 inventory = latest(item::inventory).first, shares = latest(item::sharesOutstanding).first;
    const double revenue = flow(item::revenue, 0), gross = flow(item::grossProfit, 0),
                 operating = flow(item::operatingIncome, 0), ebitda = flow(item::ebitda, 0),
                 interest = flow(item::interestExpense, 0), preTax = flow(item::incomeBeforeTax, 0),
                 tax = flow(item::incomeTaxExpense, 0), net = flow(item::netIncome, 0),
                 ocf = flow(item::operatingCashFlow, 0), capex = flow(item::capitalExpenditure, 0),
                 dividends = flow(item::dividendsPaid, 0);

    const double marketCap = price * shares;
    const double eps = div(net, shares);
    const double cashOrZero = std::isfinite(cash) ? cash : 0.0;
    const double debtOrZero = std::isfinite(debt) ? debt : 0.0;
    const double taxRate = preTax > 0 && std::isfinite(tax) ? std::clamp(tax / preTax, 0.0, 1.0) : 0.0;
    auto& v = s.values;
    v[QStringLiteral("market_cap")] = marketCap;
    v[QStringLiteral("pe")] = divPositive(price, eps);
    v[QStringLiteral("pb")] = divPositive(marketCap, equity);
    v[QStringLiteral("ps")] = divPositive(marketCap, revenue);
    v[QStringLiteral("ev_ebitda")] = divPositive(marketCap + debtOrZero - cashOrZero, ebitda);
    v[QStringLiteral("roe")] = divPositive(net, equity);
    v[QStringLiteral("roa")] = divPositive(net, assets);
    v[QStringLiteral("roic")] = divPositive(operating * (1 - taxRate), debtOrZero + equity - cashOrZero);
    v[QStringLiteral("gross_margin")] = divPositive(gross, revenue);
    v[QStringLiteral("operating_margin")] = divPositive(operating, revenue);
    v[QStringLiteral("net_margin")] = divPositive(net, revenue);
    v[QStringLiteral("debt_equity")] = divPositive(debt, equity);
    v[QStringLiteral("current_ratio")] = divPositive(currentAssets, currentLiabilities);
    v[QStringLiteral("quick_ratio")] =
        divPositive(currentAssets - (std::isfinite(inventory) ? inventory : 0.0), currentLiabilities);
    v[QStringLiteral("interest_cover")] = divPositive(operating, interest);
    v[QStringLiteral("fcf_yield")] = divPositive(ocf + (std::isfinite(capex) ? capex : 0.0), marketCap);
    v[QStringLiteral("dividend_yield")] =
        std::isfinite(dividends) ? divPositive(-dividends, marketCap) : kNaN;
    v[QStringLiteral("payout")] = std::isfinite(dividends) ? divPositive(-dividends, net) : kNaN;
    // EPS of a past window uses that window's share count when stored.
    // TTM EPS of the window `offset` years back (used when eight quarters are stored).
    auto ttmEps = [&](int offset) {
        const std::size_t last = p.quarterEnds.size() - 1 - static_cast<std::size_t>(4 * offset);
        const double sh = at(p.quarter, item::sharesOutstanding, p.quarterEnds[last]);
        return div(flow(item::netIncome, offset), std::isfinite(sh) ? sh : shares);
    };
    // Three-year growth from fiscal years only.
    auto annualAt = [&](const QString& item, std::size_t back) {
        return p.annualEnds.size() > back ? at(p.annual, item, p.annualEnds[p.annualEnds.size() - 1 - back])
                                          : kNaN;
    };
    auto annualEps = [&](std::size_t back) {
        if (p.annualEnds.size() <= back) return kNaN;
        const QDate d = p.annualEnds[p.annualEnds.size() - 1 - back];
        const double sh = at(p.annual, item::sharesOutstanding, d);
        return div(at(p.annual, item::netIncome, d), std::isfinite(sh) ? sh : shares);
    };
    auto cagr = [](double last, double first) {
        return (last > 0 && first > 0) ? std::pow(last / first, 1.0 / 3.0) - 1 : kNaN;
    };
    // Year-on-year: TTM against the four quarters before when eight are stored, else fiscal years
    // (never a TTM against a fiscal year).
    if (ttmPrev) {
        v[QStringLiteral("revenue_growth")] = div(revenue, flow(item::revenue, 1)) - 1;
        const double e1 = ttmEps(1);
        v[QStringLiteral("eps_growth")] = e1 > 0 ? ttmEps(0) / e1 - 1 : kNaN;
    } else {
        v[QStringLiteral("revenue_growth")] = div(annualAt(item::revenue, 0), annualAt(item::revenue, 1)) - 1;
        const double e1 = annualEps(1);
        v[QStringLiteral("eps_growth")] = e1 > 0 ? annualEps(0) / e1 - 1 : kNaN;
    }
    v[QStringLiteral("revenue_cagr_3y")] = cagr(annualAt(item::revenue, 0), annualAt(item::revenue, 3));
    v[QStringLiteral("eps_cagr_3y")] = cagr(annualEps(0), annualEps(3));
    for (auto& [k, x] : v)
        if (!std::isfinite(x)) x = kNaN;
    return s;
}

double portfolioRatio(const RatioInfo& info, const std::vector<std::pair<double, double>>& weightAndValue) {
    double wsum = 0, acc = 0;
    for (const auto& [w, x] : weightAndValue) {
        if (!std::isfinite(x) || !(w > 0)) continue;
        if (info.harmonic) {
            if (x <= 0) continue;
            acc += w / x;
        } else {
            acc += w * x;
        }
        wsum += w;
    }
    if (wsum <= 0) return kNaN;
    return info.harmonic ? wsum / acc : acc / wsum;
}

} // namespace ts::fundamentals

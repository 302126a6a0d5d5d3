// Fundamentals without the network: every ratio of a small company computed by hand, TTM from
// quarters and the fall-back to fiscal years, the cases where a ratio has no meaning, portfolio
// means, and the screen language (what it accepts, what it refuses, how missing data behaves).

#include "fundamentals/ratios.h"
#include "fundamentals/screen.h"

#include <QTest>
#include <cmath>

using namespace ts::fundamentals;

namespace {

// Hand Inc., fiscal years ending Dec 31 (the same numbers as tests/data/fundamentals).
std::vector<LineItem> handAnnual() {
    std::vector<LineItem> v;
    auto add = [&](int year, Statement s, const QString& item, double value) {
        v.push_back({QDate(year, 12, 31), PeriodType::Annual, QStringLiteral("FY"), s, item, value,
                     QStringLiteral("USD")});
    };
    const std::map<int, std::pair<double, double>> years{
        {2024, {1000, 144}}, {2023, {800, 120}}, {2022, {640, 100}}, {2021, {500, 80}}};
    for (const auto& [y, rn] : years) {
        const auto [revenue, ni] = rn;
        add(y, Statement::Income, item::revenue, revenue);
        add(y, Statement::Income, item::grossProfit, revenue * 0.4);
        add(y, Statement::Income, item::operatingIncome, revenue * 0.2);
        add(y, Statement::Income, item::ebitda, revenue * 0.25);
        add(y, Statement::Income, item::interestExpense, revenue * 0.02);
        add(y, Statement::Income, item::incomeBeforeTax, ni / 0.8);
        add(y, Statement::Income, item::incomeTaxExpense, ni / 0.8 - ni);
        add(y, Statement::Income, item::netIncome, ni);
        add(y, Statement::Income, item::sharesOutstanding, 100);
        add(y, Statement::Balance, item::totalAssets, 2000);
        add(y, Statement::Balance, item::totalCurrentAssets, 500);
        add(y, Statement::Balance, item::totalCurrentLiabilities, 250);
        add(y, Statement::Balance, item::inventory, 100);
        add(y, Statement::Balance, item::cash, 150);
        add(y, Statement::Balance, item::totalDebt, 400);
        add(y, Statement::Balance, item::equity, 1200);
        add(y, Statement::CashFlow, item::operatingCashFlow, 220);
        add(y, Statement::CashFlow, item::capitalExpenditure, -70);
        add(y, Statement::CashFlow, item::dividendsPaid, -48);
    }
    return v;
}

} // namespace

class TestFundamentals : public QObject {
    Q_OBJECT

private slots:
    void everyRatioByHand_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("expected");
        // price 28.80, 100 shares: market cap 2,880; EPS = 144 / 100 = 1.44.
        QTest::newRow("market cap") << "market_cap" << 2880.0;
        QTest::newRow("P/E = 28.8 / 1.44") << "pe" << 20.0;
        QTest::newRow("P/B = 2880 / 1200") << "pb" << 2.4;
        QTest::newRow("P/S = 2880 / 1000") << "ps" << 2.88;
        QTest::newRow("EV/EBITDA = (2880 + 400 - 150) / 250") << "ev_ebitda" << 12.52;
        QTest::newRow("ROE = 144 / 1200") << "roe" << 0.12;
        QTest::newRow("ROA = 144 / 2000") << "roa" << 0.072;
        // tax rate 36 / 180 = 20%; NOPAT = 200 x 0.8 = 160; invested = 400 + 1200 - 150 = 1450.
        QTest::newRow("ROIC = 160 / 1450") << "roic" << 160.0 / 1450.0;
        QTest::newRow("gross margin = 400 / 1000") << "gross_margin" << 0.4;
        QTest::newRow("operating margin = 200 / 1000") << "operating_margin" << 0.2;
        QTest::newRow("net margin = 144 / 1000") << "net_margin" << 0.144;
        QTest::newRow("debt/equity = 400 / 1200") << "debt_equity" << 1.0 / 3.0;
        QTest::newRow("current = 500 / 250") << "current_ratio" << 2.0;
        QTest::newRow("quick = (500 - 100) / 250") << "quick_ratio" << 1.6;
        QTest::newRow("interest cover = 200 / 20") << "interest_cover" << 10.0;
        QTest::newRow("FCF yield = (220 - 70) / 2880") << "fcf_yield" << 150.0 / 2880.0;
        QTest::newRow("dividend yield = 48 / 2880") << "dividend_yield" << 48.0 / 2880.0;
        QTest::newRow("payout = 48 / 144") << "payout" << 1.0 / 3.0;
        QTest::newRow("revenue growth = 1000 / 800 - 1") << "revenue_growth" << 0.25;
        QTest::newRow("EPS growth = 1.44 / 1.20 - 1") << "eps_growth" << 0.2;
        QTest::newRow("revenue CAGR = (1000 / 500)^(1/3) - 1") << "revenue_cagr_3y" << std::cbrt(2.0) - 1;
        QTest::newRow("EPS CAGR = (1.44 / 0.80)^(1/3) - 1") << "eps_cagr_3y" << std::cbrt(1.8) - 1;
    }
    void everyRatioByHand() {
        QFETCH(QString, key);
        QFETCH(double, expected);
        const RatioSnapshot s = computeRatios(handAnnual(), 28.8);
        QCOMPARE(s.flowBasis, QStringLiteral("FY"));
        QCOMPARE(s.flowEnd, QDate(2024, 12, 31));
        QCOMPARE(s.balanceDate, QDate(2024, 12, 31));
        QVERIFY2(
            std::abs(s.value(key) - expected) < 1e-12,
            qPrintable(
                QStringLiteral("%1 = %2, expected %3").arg(key).arg(s.value(key), 0, 'g', 15).arg(expected)));
    }

    void catalogCoversEveryRatio() {
        const RatioSnapshot s = computeRatios(handAnnual(), 28.8);
        QCOMPARE(s.values.size(), ratioCatalog().size());
        for (const auto& r : ratioCatalog()) {
            QVERIFY2(s.values.count(r.key), qPrintable(r.key));
            QVERIFY(!r.formula.isEmpty() && !r.name.isEmpty());
        }
    }

    void ttmFromFourQuarters() {
        std::vector<LineItem> v = handAnnual();
        // 2023: 200 a quarter (800); 2024: 240, 250, 250, 260 (1000). Net income 14.4% of revenue.
        const std::vector<std::pair<QDate, double>> quarters{
            {QDate(2023, 3, 31), 200},  {QDate(2023, 6, 30), 200}, {QDate(2023, 9, 30), 200},
            {QDate(2023, 12, 31), 200}, {QDate(2024, 3, 31), 240}, {QDate(2024, 6, 30), 250},
            {QDate(2024, 9, 30), 250},  {QDate(2024, 12, 31), 260}};
        for (const auto& [d, r] : quarters) {
            v.push_back({d, PeriodType::Quarter, {}, Statement::Income, item::revenue, r, {}});
            v.push_back({d, PeriodType::Quarter, {}, Statement::Income, item::netIncome, r * 0.144, {}});
            v.push_back({d, PeriodType::Quarter, {}, Statement::Income, item::sharesOutstanding, 100, {}});
        }
        // A later balance sheet wins over the fiscal year's.
        v.push_back(
            {QDate(2025, 3, 31), PeriodType::Quarter, {}, Statement::Balance, item::equity, 1440, {}});
        const RatioSnapshot s = computeRatios(v, 28.8);
        QCOMPARE(s.flowBasis, QStringLiteral("TTM (4 quarters)"));
        QCOMPARE(s.flowEnd, QDate(2024, 12, 31));
        QCOMPARE(s.balanceDate, QDate(2025, 3, 31));
        QCOMPARE(s.value(QStringLiteral("ps")), 2.88);                               // TTM revenue 1000
        QVERIFY(std::abs(s.value(QStringLiteral("pe")) - 20.0) < 1e-12);             // TTM net income 144
        QVERIFY(std::abs(s.value(QStringLiteral("revenue_growth")) - 0.25) < 1e-12); // 1000 vs 800
        QVERIFY(std::abs(s.value(QStringLiteral("roe")) - 0.1) < 1e-12); // 144 / 1440 (quarter's equity)
        // Three quarters only: back to fiscal years.
        std::vector<LineItem> few = handAnnual();
        for (int i = 5; i < 8; ++i)
            few.push_back({quarters[static_cast<std::size_t>(i)].first,
                           PeriodType::Quarter,
                           {},
                           Statement::Income,
                           item::revenue,
                           999,
                           {}});
        QCOMPARE(computeRatios(few, 28.8).flowBasis, QStringLiteral("FY"));
        // A gap in the quarters (a missing one) is not a twelve-month window either.
        std::vector<LineItem> gap = handAnnual();
        for (int i : {3, 5, 6, 7})
            gap.push_back({quarters[static_cast<std::size_t>(i)].first,
                           PeriodType::Quarter,
                           {},
                           Statement::Income,
                           item::revenue,
                           999,
                           {}});
        QCOMPARE(computeRatios(gap, 28.8).flowBasis, QStringLiteral("FY"));
    }

    void meaninglessRatiosAreMissing() {
        std::vector<LineItem> v = handAnnual();
        for (auto& li : v)
            if (li.periodEnd.year() == 2024 && (li.item == item::netIncome)) li.value = -50; // a loss
        RatioSnapshot s = computeRatios(v, 28.8);
        QVERIFY(std::isnan(s.value(QStringLiteral("pe"))));     // no P/E on a loss
        QVERIFY(std::isnan(s.value(QStringLiteral("payout")))); // nor a payout ratio
        QVERIFY(std::isnan(s.value(QStringLiteral("eps_cagr_3y"))));
        QVERIFY(s.value(QStringLiteral("roe")) < 0 || std::isnan(s.value(QStringLiteral("roe"))));
        // Without a price, market ratios are missing and the rest stay.
        s = computeRatios(handAnnual(), std::nan(""));
        QVERIFY(std::isnan(s.value(QStringLiteral("pe"))));
        QVERIFY(std::isnan(s.value(QStringLiteral("market_cap"))));
        QCOMPARE(s.value(QStringLiteral("current_ratio")), 2.0);
        // Nothing stored: everything missing, nothing crashes.
        s = computeRatios({}, 10);
        for (const auto& [k, x] : s.values)
            QVERIFY2(std::isnan(x), qPrintable(k));
    }

    void portfolioMeans() {
        const RatioInfo& pe = *findRatio(QStringLiteral("pe"));
        const RatioInfo& roe = *findRatio(QStringLiteral("roe"));
        QVERIFY(pe.harmonic && !roe.harmonic);
        // 50% at P/E 10 and 50% at P/E 40: harmonic 1 / (0.5/10 + 0.5/40) = 16 (the arithmetic 25
        // overstates).
        QCOMPARE(portfolioRatio(pe, {{0.5, 10}, {0.5, 40}}), 16.0);
        // A loss-maker and a holding without data drop out; the rest are renormalised.
        QCOMPARE(portfolioRatio(pe, {{0.25, 10}, {0.25, -5}, {0.5, std::nan("")}}), 10.0);
        QCOMPARE(portfolioRatio(roe, {{0.6, 0.10}, {0.4, 0.20}}), 0.14);
        QVERIFY(std::isnan(portfolioRatio(pe, {{1.0, std::nan("")}})));
    }

    void screenLanguage_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<bool>("passes");
        // Hand Inc. at 28.80: P/E 20, ROE 12%, D/E 0.33, dividend yield 1.67%.
        QTest::newRow("simple") << "pe < 25" << true;
        QTest::newRow("and") << "pe < 25 and roe > 15%" << false;
        QTest::newRow("or") << "pe < 15 or roe >= 0.12" << true;
        QTest::newRow("not") << "not (debt_equity >= 2)" << true;
        QTest::newRow("precedence") << "pe > 100 and roe > 0 or current_ratio = 2" << true;
        QTest::newRow("parentheses") << "pe > 100 and (roe > 0 or current_ratio = 2)" << false;
        QTest::newRow("arithmetic") << "pe * roe > 2.3 and pe / 2 - 10 == 0" << true;
        QTest::newRow("negative number") << "roe > -0.5" << true;
        QTest::newRow("symbols") << "pe <= 20 && !(roe < 0.1) || pe > 1000" << true;
        QTest::newRow("percent") << "dividend_yield > 1.5% and dividend_yield < 2%" << true;
        QTest::newRow("case") << "PE < 25 AND ROE > 10%" << true;
        QTest::newRow("missing never passes") << "eps_missing_ratio < 1" << false;
        QTest::newRow("missing under not") << "not (eps_missing_ratio < 1)" << true;
    }
    void screenLanguage() {
        QFETCH(QString, expr);
        QFETCH(bool, passes);
        QStringList keys;
        for (const auto& r : ratioCatalog())
            keys << r.key;
        keys << QStringLiteral("eps_missing_ratio");
        auto e = ScreenExpression::parse(expr, keys);
        QVERIFY2(e.ok(), e.ok() ? "" : qPrintable(e.error().message));
        const RatioSnapshot s = computeRatios(handAnnual(), 28.8);
        QCOMPARE(e->matches([&](const QString& k) { return s.value(k); }), passes);
    }

    void screenErrors_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << "  "
                               << "empty";
        QTest::newRow("unknown name") << "pee < 15"
                                      << "unknown name \"pee\"";
        QTest::newRow("no comparison") << "pe and roe"
                                       << "comparison";
        QTest::newRow("dangling") << "pe <"
                                  << "ends too early";
        QTest::newRow("unbalanced") << "(pe < 15"
                                    << "missing \")\"";
        QTest::newRow("extra") << "pe < 15)"
                               << "unexpected";
        QTest::newRow("chained") << "1 < pe < 20"
                                 << "unexpected";
        QTest::newRow("no code") << "__import__('os')"
                                 << "unexpected";
        QTest::newRow("bad char") << "pe < 15; drop"
                                  << "unexpected \";\"";
        QTest::newRow("bad number") << "pe < 1.2.3"
                                    << "not a number";
    }
    void screenErrors() {
        QFETCH(QString, expr);
        QFETCH(QString, mentions);
        QStringList keys;
        for (const auto& r : ratioCatalog())
            keys << r.key;
        auto e = ScreenExpression::parse(expr, keys);
        QVERIFY(!e.ok());
        QVERIFY2(e.error().message.contains(mentions), qPrintable(e.error().message));
    }
};

QTEST_APPLESS_MAIN(TestFundamentals)
#include "test_fundamentals.moc"

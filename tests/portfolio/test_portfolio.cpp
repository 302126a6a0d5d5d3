// Portfolio returns on a 3-asset example small enough to check by hand (numbers in the comments).

#include "portfolio/portfolio.h"

#include <QTest>
#include <cmath>

using namespace ts;

namespace {

Series prices(std::vector<double> v, std::vector<QDate> d) {
    Series s;
    s.dates = std::move(d);
    s.values = std::move(v);
    return s;
}

const std::vector<QDate> kDays{QDate(2024, 1, 30), QDate(2024, 1, 31), QDate(2024, 2, 1), QDate(2024, 2, 2)};
// A: +10%, 0, +10%; B: 0, -10%, 0; C: flat. Targets 50/30/20.
std::vector<Series> threeAssets() {
    return {prices({100, 110, 110, 121}, kDays), prices({100, 100, 90, 90}, kDays),
            prices({100, 100, 100, 100}, kDays)};
}
PortfolioSpec spec(Rebalance r, double costBps = 0) {
    PortfolioSpec s;
    s.holdings = {{QStringLiteral("A"), 0.5}, {QStringLiteral("B"), 0.3}, {QStringLiteral("C"), 0.2}};
    s.rebalance = r;
    s.costBps = costBps;
    return s;
}
bool near(double a, double b, double tol = 1e-12) {
    return std::abs(a - b) <= tol;
}
double growth(const Series& r) {
    double g = 1;
    for (double v : r.values)
        g *= 1 + v;
    return g;
}

} // namespace

class TestPortfolio : public QObject {
    Q_OBJECT
private slots:
    void buyAndHoldDrifts() {
        auto p = buildPortfolio(spec(Rebalance::None), threeAssets());
        QVERIFY(p.ok());
        QCOMPARE(p->returns.size(), std::size_t(3));
        QVERIFY(near(p->returns.values[0], 0.05));              // 0.5 * 10%
        QVERIFY(near(p->returns.values[1], -0.3 / 1.05 * 0.1)); // B's drifted weight 0.2857 * -10%
        // Buy and hold ends at 0.5*1.21 + 0.3*0.9 + 0.2 = 1.075.
        QVERIFY(near(growth(p->returns), 1.075));
        // Weights path: after day 1, A = 0.55 / 1.05.
        QVERIFY(near(p->weights[1][0], 0.55 / 1.05));
        QVERIFY(near(p->weights.back()[0] + p->weights.back()[1] + p->weights.back()[2], 1.0));
        QVERIFY(p->rebalances.empty());
    }

    void monthlyRebalancesAtTheLastDayOfTheMonth() {
        auto p = buildPortfolio(spec(Rebalance::Monthly), threeAssets());
        QVERIFY(p.ok());
        QCOMPARE(p->rebalances.size(), std::size_t(1));
        QCOMPARE(p->rebalances[0].date, QDate(2024, 1, 31));
        // Turnover back to 50/30/20 from 0.5238/0.2857/0.1905 = 1/21.
        QVERIFY(near(p->rebalances[0].turnover, 1.0 / 21.0));
        QVERIFY(near(p->returns.values[1], -0.03)); // 0.3 * -10% with the weights reset
        QVERIFY(near(p->returns.values[2], 0.5 / 0.97 * 0.1));
        QVERIFY(near(growth(p->returns), 1.05 * 0.97 * (1 + 0.5 / 0.97 * 0.1)));
        QVERIFY(near(p->weights[1][0], 0.5)); // end of 01-31: back at target
    }

    void costsComeOffTheRebalanceDay() {
        auto p = buildPortfolio(spec(Rebalance::Monthly, 10), threeAssets()); // 10 bp
        QVERIFY(p.ok());
        const double cost = 1.0 / 21.0 * 0.001;
        QVERIFY(near(p->rebalances[0].cost, cost));
        QVERIFY(near(p->returns.values[0], 1.05 * (1 - cost) - 1));
        QVERIFY(near(p->returns.values[1], -0.03)); // other days untouched
    }

    void dailyAndBandRules() {
        auto daily = buildPortfolio(spec(Rebalance::Daily), threeAssets());
        QCOMPARE(daily->rebalances.size(), std::size_t(3)); // every day the weights drifted
        QVERIFY(near(daily->returns.values[2], 0.5 * 0.1)); // 02-02 starts from the targets again
        PortfolioSpec band = spec(Rebalance::Band);
        band.band = 0.02; // A drifts to 0.5238 after day 1: over 2 points
        auto b = buildPortfolio(band, threeAssets());
        QVERIFY(!b->rebalances.empty());
        QCOMPARE(b->rebalances.front().date, QDate(2024, 1, 31));
        band.band = 0.2;
        QVERIFY(buildPortfolio(band, threeAssets())->rebalances.empty());
    }

    void aMissingPriceNeverBecomesAZeroReturn() {
        auto assets = threeAssets();
        assets[1].values[2] = NAN; // B has no close on 02-01: the day is dropped for all
        auto p = buildPortfolio(spec(Rebalance::None), assets);
        QVERIFY(p.ok());
        QCOMPARE(p->droppedDays, 1);
        QCOMPARE(p->returns.size(), std::size_t(2));
        QCOMPARE(p->returns.dates[1], QDate(2024, 2, 2));
        // 01-31 -> 02-02: A +10%, B -10%, C 0 on the drifted weights.
        QVERIFY(near(p->returns.values[1], (0.55 * 0.1 + 0.3 * -0.1) / 1.05));
        QVERIFY(near(growth(p->returns), 1.075));
    }

    void weightsMustSumToOneUnlessNormalised() {
        PortfolioSpec s = spec(Rebalance::None);
        s.holdings[2].weight = 0.4;
        auto bad = buildPortfolio(s, threeAssets());
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(QStringLiteral("--normalize")));
        s.normalize = true;
        auto ok = buildPortfolio(s, threeAssets());
        QVERIFY(ok.ok());
        QVERIFY(near(ok->targetWeights[0], 0.5 / 1.2));
    }

    void parsing() {
        auto h = parseHoldings(QStringLiteral("NVDA:0.4, ORCL:0.3,YHOO:0.3"));
        QVERIFY(h.ok());
        QCOMPARE(h->size(), std::size_t(3));
        QCOMPARE(h->at(1).symbol, QStringLiteral("ORCL"));
        QVERIFY(!parseHoldings(QStringLiteral("NVDA")).ok());
        QVERIFY(!parseHoldings(QStringLiteral("NVDA:-1")).ok());
        QVERIFY(!parseHoldings(QStringLiteral("A:0.5,A:0.5")).ok());
        QCOMPARE(parseRebalance(QStringLiteral("monthly"))->first, Rebalance::Monthly);
        const auto band = parseRebalance(QStringLiteral("5%"));
        QCOMPARE(band->first, Rebalance::Band);
        QVERIFY(near(band->second, 0.05));
        QVERIFY(!parseRebalance(QStringLiteral("fortnightly")).ok());
    }
};

QTEST_GUILESS_MAIN(TestPortfolio)
#include "test_portfolio.moc"

// The deflated Sharpe ratio and its parts against the worked example of Bailey & López de Prado,
// "The Deflated Sharpe Ratio" (2014), and cases small enough to follow by hand.

#include "analytics/multiple_testing.h"
#include "analytics/numeric.h"
#include "analytics/return_stats.h"

#include <QTest>
#include <cmath>

using namespace ts;

class TestMultipleTesting : public QObject {
    Q_OBJECT
private slots:
    // The paper's example: N = 100 trials whose annualised Sharpe ratios have variance 1/2, the best
    // one 2.5 annualised over T = 1250 daily returns (250 a year) with skewness -3 and kurtosis 10.
    // The expected maximum is about 0.1132 a day and DSR about 0.9004.
    void papersWorkedExample() {
        const double daily = std::sqrt(250.0);
        const double v = 0.5 / 250.0; // variance of daily Sharpe ratios
        const double hurdle = stats::expectedMaxSharpe(100, v);
        QVERIFY2(std::abs(hurdle - 0.1132) < 5e-5, qPrintable(QString::number(hurdle, 'g', 10)));
        const auto d = stats::deflatedSharpe(2.5 / daily, -3, 10, 1250, 100, v);
        QCOMPARE(d.expectedMax, hurdle);
        QVERIFY2(std::abs(d.probability - 0.9004) < 5e-4, qPrintable(QString::number(d.probability, 'g', 10)));
    }

    // By hand: with 2 trials, Z(1 - 1/2) = 0, so the hurdle is sqrt(V) e Z(1 - 1/(2e)).
    void twoTrialsByHand() {
        const double z = num::normPpf(1 - 1 / (2 * std::exp(1.0)));
        QCOMPARE(stats::expectedMaxSharpe(2, 0.04), 0.2 * stats::kEulerMascheroni * z);
        // No spread among the trials: no luck to deflate, DSR is the PSR against 0.
        QCOMPARE(stats::expectedMaxSharpe(50, 0.0), 0.0);
        const auto d = stats::deflatedSharpe(0.1, 0, 3, 101, 50, 0.0);
        QCOMPARE(d.probability, stats::probabilisticSharpeBailey(0.1, 0, 3, 101, 0.0));
        // Normal returns (skew 0, kurtosis 3): Phi(SR sqrt(T-1) / sqrt(1 + SR^2 / 2)).
        QVERIFY(std::abs(d.probability - num::normCdf(0.1 * 10 / std::sqrt(1 + 0.005))) < 1e-15);
    }

    // More trials, a higher hurdle: the same best Sharpe is worth less.
    void moreTrialsDeflateMore() {
        double last = 1;
        for (std::size_t n : {2u, 10u, 100u, 1000u, 10000u}) {
            const auto d = stats::deflatedSharpe(0.06, 0, 3, 2520, n, 0.0004);
            QVERIFY(d.probability < last);
            last = d.probability;
        }
        QVERIFY(last < 0.5);
    }

    void fromTheTrialsSharpes() {
        const std::vector<double> trials{0.01, 0.03, -0.02, 0.05, 0.00};
        const auto d = stats::deflatedSharpe(0.05, 0, 3, 1000, trials);
        QCOMPARE(d.expectedMax, stats::expectedMaxSharpe(5, num::variance(trials)));
        QVERIFY(std::isnan(stats::expectedMaxSharpe(1, 0.1)));
        QVERIFY(std::isnan(stats::deflatedSharpe(0.05, 0, 3, 1000, std::vector<double>{0.05}).probability));
    }
};

QTEST_GUILESS_MAIN(TestMultipleTesting)
#include "test_multiple_testing.moc"

// Numeric primitives against values computed by hand or by numpy/scipy (noted per row).

#include "analytics/chart_data.h"
#include "analytics/numeric.h"
#include "oracle.h"

#include <QTest>
#include <vector>

using namespace ts;

class TestNumeric : public QObject {
    Q_OBJECT
private slots:
    void quantile_data() {
        QTest::addColumn<std::vector<double>>("data");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("want");
        const std::vector<double> v{1, 2, 3, 4, 10};
        QTest::newRow("median odd") << v << 0.5 << 3.0;
        QTest::newRow("p0 is min") << v << 0.0 << 1.0;
        QTest::newRow("p1 is max") << v << 1.0 << 10.0;
        QTest::newRow("interpolated 0.95") << v << 0.95 << 8.8; // h = 3.8 -> 4 + 0.8*6
        QTest::newRow("interpolated 0.1") << v << 0.1 << 1.4;
        QTest::newRow("single value") << std::vector<double>{7} << 0.3 << 7.0;
    }
    void quantile() {
        QFETCH(std::vector<double>, data);
        QFETCH(double, p);
        QFETCH(double, want);
        TS_COMPARE_NUM(num::quantileSorted(num::sortedCopy(data), p), want);
    }

    // The nested selection must pick exactly the order statistics a full sort picks, including
    // probabilities that share an index and tiny or tied inputs.
    void quantilesSelectMatchesSort_data() {
        QTest::addColumn<std::vector<double>>("data");
        QTest::addColumn<std::vector<double>>("probs");
        std::vector<double> ramp(1000), ties(257), shuffled(10436);
        for (std::size_t i = 0; i < ramp.size(); ++i)
            ramp[i] = static_cast<double>((i * 7919) % 1000) / 1000.0 - 0.5;
        for (std::size_t i = 0; i < ties.size(); ++i)
            ties[i] = static_cast<double>(i % 5);
        std::uint64_t x = 42;
        for (double& v : shuffled) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            v = static_cast<double>(x >> 11) / 9007199254740992.0 - 0.5;
        }
        const std::vector<double> tails{0.01, 0.05, 0.95, 0.99}, quartiles{0.25, 0.5, 0.75};
        QTest::newRow("tails, 1000 values") << ramp << tails;
        QTest::newRow("quartiles, 1000 values") << ramp << quartiles;
        QTest::newRow("tails, ties") << ties << tails;
        QTest::newRow("tails, 10436 values") << shuffled << tails;
        QTest::newRow("tails, 3 values share indices") << std::vector<double>{3, 1, 2} << tails;
        QTest::newRow("quartiles, 2 values") << std::vector<double>{5, -5} << quartiles;
        QTest::newRow("one value") << std::vector<double>{7} << tails;
        QTest::newRow("ends") << ramp << std::vector<double>{0.0, 0.5, 1.0};
    }
    void quantilesSelectMatchesSort() {
        QFETCH(std::vector<double>, data);
        QFETCH(std::vector<double>, probs);
        const std::vector<double> sorted = num::sortedCopy(data);
        std::vector<double> scratch = data, got(probs.size());
        num::quantilesSelect(scratch, probs, got);
        for (std::size_t i = 0; i < probs.size(); ++i)
            QVERIFY2(got[i] == num::quantileSorted(sorted, probs[i]),
                     qPrintable(QString("p=%1: %2 vs %3")
                                    .arg(probs[i])
                                    .arg(got[i], 0, 'g', 17)
                                    .arg(num::quantileSorted(sorted, probs[i]), 0, 'g', 17)));
    }

    // The return-quantile chart's boxes: 1.5 IQR whiskers clipped to data points (seaborn's rule).
    void boxStatsWhiskers() {
        const BoxStats b = boxStats(std::vector<double>{4, 100, 2, 1, 3}); // q1 2, q3 4, fences -1 and 7
        TS_COMPARE_NUM(b.min, 1.0);
        TS_COMPARE_NUM(b.q1, 2.0);
        TS_COMPARE_NUM(b.median, 3.0);
        TS_COMPARE_NUM(b.q3, 4.0);
        TS_COMPARE_NUM(b.max, 100.0);
        TS_COMPARE_NUM(b.whiskerLow, 1.0);
        TS_COMPARE_NUM(b.whiskerHigh, 4.0); // 100 is an outlier
        const BoxStats two = boxStats(std::vector<double>{-1, 1}); // interpolated quartiles, no data inside
        TS_COMPARE_NUM(two.q1, -0.5);
        TS_COMPARE_NUM(two.whiskerLow, -1.0);
        TS_COMPARE_NUM(two.whiskerHigh, 1.0);
        QCOMPARE(boxStats(std::vector<double>{}).count, std::size_t(0));
    }

    void moments_data() {
        QTest::addColumn<std::vector<double>>("data");
        QTest::addColumn<double>("var");
        QTest::addColumn<double>("skew");
        QTest::addColumn<double>("kurt");
        // pandas Series.var()/.skew()/.kurt() (bias-corrected formulas, evaluated exactly)
        QTest::newRow("five values") << std::vector<double>{1, 2, 3, 4, 10} << 12.5 << 1.697056274847714
                                     << 3.1519999999999992;
        QTest::newRow("symmetric") << std::vector<double>{-2, -1, 0, 1, 2} << 2.5 << 0.0 << -1.2;
        QTest::newRow("constant") << std::vector<double>{3, 3, 3, 3} << 0.0 << 0.0 << 0.0;
    }
    void moments() {
        QFETCH(std::vector<double>, data);
        QFETCH(double, var);
        QFETCH(double, skew);
        QFETCH(double, kurt);
        TS_COMPARE_NUM(num::variance(data), var);
        TS_COMPARE_NUM(num::skew(data), skew);
        TS_COMPARE_NUM(num::kurtosis(data), kurt);
    }

    void tooFewForMoments() {
        QVERIFY(std::isnan(num::skew(std::vector<double>{1, 2})));
        QVERIFY(std::isnan(num::kurtosis(std::vector<double>{1, 2, 3})));
        QVERIFY(std::isnan(num::variance(std::vector<double>{1})));
        QVERIFY(std::isnan(num::mean(std::vector<double>{})));
    }

    void pairwiseSumIsAccurate() {
        // 1e6 copies of 0.1: naive summation drifts by ~1e-6, pairwise stays within a few ulps.
        std::vector<double> v(1000000, 0.1);
        QVERIFY(std::abs(num::sum(v) - 100000.0) < 1e-8);
    }

    void normal_data() {
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("x");
        // scipy.stats.norm.ppf
        QTest::newRow("5%") << 0.05 << -1.6448536269514722;
        QTest::newRow("1%") << 0.01 << -2.3263478740408408;
        QTest::newRow("50%") << 0.5 << 0.0;
        QTest::newRow("97.5%") << 0.975 << 1.9599639845400536;
        QTest::newRow("1e-10") << 1e-10 << -6.361340902404056;
    }
    void normal() {
        QFETCH(double, p);
        QFETCH(double, x);
        QVERIFY2(std::abs(num::normPpf(p) - x) < 1e-13,
                 qPrintable(QString::number(num::normPpf(p), 'g', 17)));
        QVERIFY(std::abs(num::normCdf(x) - p) < 1e-15);
    }

    void pearsonOfConstantIsUndefined() {
        const std::vector<double> a{1, 2, 3}, c{5, 5, 5};
        QVERIFY(std::isnan(num::pearson(a, c)));
        TS_COMPARE_NUM(num::pearson(a, std::vector<double>{2, 4, 6}), 1.0);
        TS_COMPARE_NUM(num::pearson(a, std::vector<double>{3, 2, 1}), -1.0);
    }
};

QTEST_GUILESS_MAIN(TestNumeric)
#include "test_numeric.moc"

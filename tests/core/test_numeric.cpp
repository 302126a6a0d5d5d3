// Numeric primitives against values computed by hand or by numpy/scipy (noted per row).

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

    void moments_data() {
        QTest::addColumn<std::vector<double>>("data");
        QTest::addColumn<double>("var");
        QTest::addColumn<double>("skew");
        QTest::addColumn<double>("kurt");
        // pandas Series.var()/.skew()/.kurt() (bias-corrected formulas, evaluated exactly)
        QTest::newRow("five values") << std::vector<double>{1, 2, 3, 4, 10} << 12.5 << 1.697056274847714 << 3.1519999999999992;
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
        QVERIFY2(std::abs(num::normPpf(p) - x) < 1e-13, qPrintable(QString::number(num::normPpf(p), 'g', 17)));
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

// The backward dividend/split adjustment of providers.md §8 on its worked example, in each basis.

#include "data/adjustment.h"

#include <QTest>
#include <cmath>

using namespace ts;

namespace {
Bar bar(int day, double close) {
    Bar b;
    b.date = QDate(2024, 6, day);
    b.open = b.high = b.low = b.close = close;
    b.providerAdjClose = NAN;
    b.volume = 1;
    return b;
}
const double kDivFactor = 1.0 - 0.5 / 101.0; // Yahoo basis: 0.50 against the split-adjusted close 101
} // namespace

class TestAdjustment : public QObject {
    Q_OBJECT
private slots:
    void yahooBasisAppliesDividendsOnly() {
        // Split-adjusted closes 100, 101, 100, 102, 103; dividend 0.50 ex 06-05; 2:1 split ex 06-07.
        const std::vector<Bar> bars{bar(3, 100), bar(4, 101), bar(5, 100), bar(7, 102), bar(10, 103)};
        const std::vector<CorporateAction> ev{{QDate(2024, 6, 5), CorporateAction::Type::Dividend, 0.5},
                                              {QDate(2024, 6, 7), CorporateAction::Type::Split, 2.0}};
        const auto a = adjustCloses(bars, ev, PriceBasis::SplitAdjusted);
        QCOMPARE(a.closes.size(), std::size_t(5));
        QVERIFY(std::abs(a.closes[0] - 100 * kDivFactor) < 1e-12);
        QVERIFY(std::abs(a.closes[1] - 101 * kDivFactor) < 1e-12); // = 100.5
        QCOMPARE(a.closes[2], 100.0);
        QCOMPARE(a.closes[3], 102.0);
        QCOMPARE(a.closes[4], 103.0);
        QVERIFY(std::abs(a.closes[0] - 99.50495147705078) < 1e-6); // Yahoo's adjclose in the fixture
        QVERIFY(a.warnings.isEmpty());
    }

    void rawBasisAppliesSplitsAndDividends() {
        // As traded: 200, 202, 200 before the split, then 102, 103; dividend 1.00 as traded.
        const std::vector<Bar> bars{bar(3, 200), bar(4, 202), bar(5, 200), bar(7, 102), bar(10, 103)};
        const std::vector<CorporateAction> ev{{QDate(2024, 6, 5), CorporateAction::Type::Dividend, 1.0},
                                              {QDate(2024, 6, 7), CorporateAction::Type::Split, 2.0}};
        const auto a = adjustCloses(bars, ev, PriceBasis::Raw);
        QVERIFY(std::abs(a.closes[1] - 100.5) < 1e-12); // 202 * 0.5 * (1 - 1/202)
        QVERIFY(std::abs(a.closes[0] - 200 * 0.5 * (1 - 1.0 / 202)) < 1e-12);
        QCOMPARE(a.closes[2], 100.0);
        QCOMPARE(a.closes[4], 103.0);
    }

    void adjustedBasisIsUnchanged() {
        const std::vector<Bar> bars{bar(3, 10), bar(4, 11)};
        const auto a = adjustCloses(bars, {{QDate(2024, 6, 4), CorporateAction::Type::Split, 2.0}},
                                    PriceBasis::Adjusted);
        QCOMPARE(a.closes[0], 10.0);
        QCOMPARE(a.closes[1], 11.0);
    }

    void eventOnANonTradingDayStillCounts() {
        // Ex-date on a Saturday (06-08) applies to every bar before it.
        const std::vector<Bar> bars{bar(6, 50), bar(7, 50), bar(10, 50)};
        const auto a = adjustCloses(bars, {{QDate(2024, 6, 8), CorporateAction::Type::Dividend, 1.0}},
                                    PriceBasis::SplitAdjusted);
        QVERIFY(std::abs(a.closes[0] - 49.0) < 1e-12);
        QVERIFY(std::abs(a.closes[1] - 49.0) < 1e-12);
        QCOMPARE(a.closes[2], 50.0);
    }

    void impossibleDividendIsSkippedAndSaid() {
        const std::vector<Bar> bars{bar(3, 1.0), bar(4, 1.0)};
        const auto a = adjustCloses(bars, {{QDate(2024, 6, 4), CorporateAction::Type::Dividend, 5.0}},
                                    PriceBasis::SplitAdjusted);
        QCOMPARE(a.closes[0], 1.0);
        QCOMPARE(a.warnings.size(), 1);
        QVERIFY(a.warnings.first().contains(QStringLiteral("skipped")));
    }

    void mismatchAgainstTheProvider() {
        std::vector<Bar> bars{bar(3, 100), bar(4, 101)};
        bars[0].providerAdjClose = 99.0;
        bars[1].providerAdjClose = 101.0;
        const auto a = adjustCloses(bars, {}, PriceBasis::SplitAdjusted);
        QVERIFY(std::abs(maxAdjustmentMismatch(bars, a) - (100.0 / 99.0 - 1)) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestAdjustment)
#include "test_adjustment.moc"

// The random numbers behind Monte Carlo (core/util/random.h) and the simulation engine.

#include "util/random.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

using namespace ts;

class TestMonteCarlo : public QObject {
    Q_OBJECT
private slots:
    // Known answers worked out from the published algorithms (Vigna's splitmix64.c and
    // xoshiro256starstar.c), step by step in 64-bit modular arithmetic by an independent
    // big-integer implementation, not by this code.
    void splitMix64KnownAnswers() {
        SplitMix64 zero(0);
        QCOMPARE(zero.next(), 0xe220a8397b1dcdafULL);
        QCOMPARE(zero.next(), 0x6e789e6aa1b965f4ULL);
        QCOMPARE(zero.next(), 0x06c45d188009454fULL);
        QCOMPARE(zero.next(), 0xf88bb8a8724c81ecULL);
        SplitMix64 one(1);
        QCOMPARE(one.next(), 0x910a2dec89025cc1ULL);
        QCOMPARE(one.next(), 0xbeeb8da1658eec67ULL);
        QCOMPARE(one.next(), 0xf893a2eefb32555eULL);
    }
    void xoshiroKnownAnswers() {
        // From state {1, 2, 3, 4}: the first output is rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520.
        Rng r = Rng::fromState(1, 2, 3, 4);
        QCOMPARE(r.next(), 11520ULL);
        QCOMPARE(r.next(), 0ULL);
        QCOMPARE(r.next(), 1509978240ULL);
        QCOMPARE(r.next(), 1215971899390074240ULL);
    }
    void seedingIsFourSplitMixOutputs() {
        // Rng(0) is xoshiro started from the four SplitMix64(0) outputs above.
        Rng seeded(0);
        Rng manual = Rng::fromState(0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL, 0x06c45d188009454fULL,
                                    0xf88bb8a8724c81ecULL);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(seeded.next(), manual.next());
    }
    void uniformIsOnTheGridAndInRange() {
        Rng r(7);
        double lo = 1, hi = 0, sum = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double u = r.uniform01();
            QVERIFY(u >= 0 && u < 1);
            QCOMPARE(std::ldexp(u, 53), std::floor(std::ldexp(u, 53))); // a multiple of 2^-53
            lo = std::min(lo, u);
            hi = std::max(hi, u);
            sum += u;
        }
        QVERIFY(lo < 1e-4 && hi > 1 - 1e-4);
        // Mean of n uniforms: standard error sqrt(1/12/n) = 6.5e-4; 4 of them.
        QVERIFY(std::abs(sum / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    }
    void belowCoversTheRangeEvenly_data() {
        QTest::addColumn<quint64>("n");
        QTest::newRow("1") << quint64(1);
        QTest::newRow("2") << quint64(2);
        QTest::newRow("7") << quint64(7);
        QTest::newRow("1000") << quint64(1000);
        // 2^63 + 1: nearly half of all 64-bit words are rejected; the rejection loop must run.
        QTest::newRow("2^63+1") << quint64((1ULL << 63) + 1);
    }
    void belowCoversTheRangeEvenly() {
        QFETCH(quint64, n);
        Rng r(12345);
        if (n > 1000) {
            // Halves: each value lands in [0, n/2) or [n/2, n) with probability ~1/2.
            int low = 0;
            const int draws = 100000;
            for (int i = 0; i < draws; ++i) {
                const std::uint64_t v = r.below(n);
                QVERIFY(v < n);
                low += v < n / 2;
            }
            QVERIFY(std::abs(low - draws / 2) < 4 * std::sqrt(draws * 0.25));
            return;
        }
        std::vector<int> counts(n, 0);
        const int perValue = 2000;
        const int draws = perValue * static_cast<int>(n);
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t v = r.below(n);
            QVERIFY(v < n);
            ++counts[v];
        }
        // Each count is binomial(draws, 1/n): within 5 standard deviations (every value is hit).
        const double sd = std::sqrt(draws * (1.0 / n) * (1 - 1.0 / n));
        for (std::uint64_t v = 0; v < n; ++v)
            QVERIFY2(std::abs(counts[v] - perValue) <= 5 * sd + 1e-9, qPrintable(QString::number(v)));
    }
    void streamsDifferAndRepeat() {
        Rng a = Rng::forStream(42, 0), b = Rng::forStream(42, 1), c = Rng::forStream(43, 0),
            a2 = Rng::forStream(42, 0);
        const std::uint64_t x = a.next();
        QVERIFY(x != b.next());
        QVERIFY(x != c.next());
        QCOMPARE(a2.next(), x);
        // seed + index must not line up: seed 1 stream 0 is not seed 0 stream 1.
        QVERIFY(Rng::forStream(1, 0).next() != Rng::forStream(0, 1).next());
    }
    void shuffleIsAPermutationAndUniform() {
        // All 6 orders of 3 items, each ~1/6 of 60,000 shuffles.
        Rng r(99);
        std::vector<int> counts(6, 0);
        const int draws = 60000;
        for (int i = 0; i < draws; ++i) {
            int v[3] = {0, 1, 2};
            r.shuffle(std::span<int>(v));
            const int code = v[0] * 2 + (v[1] > v[2] ? 1 : 0); // unique per permutation
            QVERIFY(v[0] + v[1] + v[2] == 3 && v[0] != v[1] && v[1] != v[2] && v[0] != v[2]);
            ++counts[code];
        }
        const double sd = std::sqrt(draws * (1.0 / 6) * (5.0 / 6));
        for (int c : counts)
            QVERIFY(std::abs(c - draws / 6) < 5 * sd);
    }
};

QTEST_APPLESS_MAIN(TestMonteCarlo)
#include "test_montecarlo.moc"

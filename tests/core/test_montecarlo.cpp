// The random numbers behind Monte Carlo (core/util/random.h) and the simulation engine.

#include "analytics/drawdown.h"
#include "analytics/montecarlo.h"
#include "analytics/montecarlo_block_length.h"
#include "oracle.h"
#include "util/random.h"

#include <QJsonObject>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

using namespace ts;

namespace {

// Standard normals by Box–Muller from our generator (1 - u keeps the logarithm away from 0).
std::vector<double> normals(std::uint64_t seed, std::size_t n) {
    Rng rng(seed);
    std::vector<double> z;
    z.reserve(n + 1);
    while (z.size() < n) {
        const double u1 = 1.0 - rng.uniform01(), u2 = rng.uniform01();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        z.push_back(radius * std::cos(2 * M_PI * u2));
        z.push_back(radius * std::sin(2 * M_PI * u2));
    }
    z.resize(n);
    return z;
}

// x_t = phi x_{t-1} + 0.01 e_t, started from its stationary law; a small drift keeps 1 + x positive.
std::vector<double> ar1(double phi, std::size_t n, std::uint64_t seed) {
    const std::vector<double> e = normals(seed, n);
    std::vector<double> x(n);
    double prev = e[0] * 0.01 / std::sqrt(1 - phi * phi);
    for (std::size_t t = 0; t < n; ++t) {
        prev = t == 0 ? prev : phi * prev + 0.01 * e[t];
        x[t] = prev;
    }
    for (double& v : x)
        v += 0.0003;
    return x;
}

double lag1Autocorrelation(std::span<const double> x) {
    double mean = 0;
    for (double v : x)
        mean += v;
    mean /= static_cast<double>(x.size());
    double num = 0, den = 0;
    for (std::size_t t = 0; t < x.size(); ++t) {
        den += (x[t] - mean) * (x[t] - mean);
        if (t > 0) num += (x[t] - mean) * (x[t - 1] - mean);
    }
    return num / den;
}

std::vector<double> stratA() {
    const Series s = test::loadSeries(QStringLiteral("oracle/data/strat_a.csv"));
    return s.values;
}

MonteCarloParams params(MonteCarloMethod method, int sims, std::uint64_t seed) {
    MonteCarloParams p;
    p.method = method;
    p.sims = sims;
    p.seed = seed;
    return p;
}

std::vector<double> sortedCopy(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v;
}

double product1pMinus1(std::span<const double> r) {
    double w = 1;
    for (double v : r)
        w *= 1 + v;
    return w - 1;
}

} // namespace

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
    // ---- the engine ----

    void summaryOfAHandCheckableSet() {
        const std::vector<double> v = {5, 1, 4, 2, 3, std::nan("")}; // NaN left out, as pandas
        const DistributionSummary s = summarizeDistribution(v);
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 5.0);
        QCOMPARE(s.mean, 3.0);
        QCOMPARE(s.median, 3.0);
        QCOMPARE(s.std, std::sqrt(2.5)); // ddof = 1: (4+1+0+1+4)/4
        // numpy linear: h = 4p, so 0.05 -> 1 + 0.2, 0.95 -> 4 + 0.8
        QCOMPARE(s.percentile5, 1.2);
        QCOMPARE(s.percentile25, 2.0);
        QCOMPARE(s.percentile75, 4.0);
        QCOMPARE(s.percentile95, 4.8);
    }

    void shuffleInvariants() {
        const std::vector<double> x = stratA();
        const MonteCarloParams p = params(MonteCarloMethod::Shuffle, 50, 3);
        auto mc = runMonteCarlo(x, p);
        QVERIFY2(mc.ok(), qPrintable(mc.ok() ? QString() : mc.error().message));
        QVERIFY(mc->terminalFixedByConstruction);
        QVERIFY(!mc->blockLength);
        const std::vector<double> sorted = sortedCopy(x);
        const double terminal = product1pMinus1(x);
        int reordered = 0;
        for (int s = 0; s < p.sims; ++s) {
            const auto path = monteCarloSample(x, p, s);
            QVERIFY(path.ok());
            QCOMPARE(path->size(), x.size());
            if (s == 0) QVERIFY(*path == x); // sim 0: the observed order
            reordered += *path != x;
            QVERIFY(sortedCopy(*path) == sorted); // a permutation
            QVERIFY(std::abs(mc->terminal[s] - terminal) <= 1e-12 * (1 + terminal));
            // The engine's drawdown agrees with drawdown.h's on the same path.
            const double dd = maxDrawdown(drawdownSeries(*path));
            QVERIFY2(std::abs(mc->maxDrawdown[s] - dd) <= 1e-12, qPrintable(QString::number(s)));
        }
        QCOMPARE(reordered, p.sims - 1);
        QVERIFY(mc->terminalStats.max - mc->terminalStats.min <= 1e-12 * (1 + terminal));
        QVERIFY(mc->maxDrawdownStats.max - mc->maxDrawdownStats.min > 0.05); // the drawdowns do vary
    }

    // QuantStats ran 10,000 shuffles of strat_a (numpy stream, seed 42); ours are another 10,000 draws
    // from the same distribution. Every tolerance is 4 standard errors of the difference of two
    // independent samples of N = 10,000.
    void shuffleMatchesQuantStatsWithinSamplingError() {
        const QJsonObject ref =
            test::loadJson(QStringLiteral("oracle/ref/quantstats_montecarlo_strat_a.json"));
        const std::vector<double> x = stratA();
        QCOMPARE(static_cast<int>(x.size()), ref.value("n").toInt());
        MonteCarloParams p = params(MonteCarloMethod::Shuffle, 10000, 42);
        p.bust = -0.25;
        p.goal = 1.0;
        const auto mc = runMonteCarlo(x, p);
        QVERIFY(mc.ok());
        const double N = p.sims;
        const QJsonObject qdd = ref.value("maxdd").toObject();

        // Exact: the observed path and the terminal value (a permutation keeps the product).
        QVERIFY(std::abs(mc->maxDrawdown[0] - ref.value("original_max_drawdown").toDouble()) < 1e-12);
        const double qsTerminal = ref.value("stats_terminal").toObject().value("median").toDouble();
        QVERIFY(std::abs(mc->terminalStats.median - qsTerminal) < 1e-12 * qsTerminal);
        QCOMPARE(*mc->goalProbability, ref.value("goal_probability").toDouble());

        // Mean: SE of a difference of means = sqrt(s1^2/N + s2^2/N).
        const double s1 = mc->maxDrawdownStats.std, s2 = qdd.value("std").toDouble();
        const double seMean = std::sqrt(s1 * s1 / N + s2 * s2 / N);
        const double dMean = mc->maxDrawdownStats.mean - qdd.value("mean").toDouble();
        QVERIFY2(std::abs(dMean) < 4 * seMean,
                 qPrintable(QStringLiteral("mean differs by %1, 4 SE = %2").arg(dMean).arg(4 * seMean)));

        // Std: SE(s) = s sqrt((kurtosis - 1) / (4N)), kurtosis (raw) from our sample.
        double m2 = 0, m4 = 0;
        for (double d : mc->maxDrawdown) {
            const double c = d - mc->maxDrawdownStats.mean;
            m2 += c * c / N;
            m4 += c * c * c * c / N;
        }
        const double kurt = m4 / (m2 * m2);
        const double seStd = std::sqrt(2.0) * s1 * std::sqrt((kurt - 1) / (4 * N));
        QVERIFY2(std::abs(s1 - s2) < 4 * seStd,
                 qPrintable(QStringLiteral("std %1 vs %2, 4 SE = %3").arg(s1).arg(s2).arg(4 * seStd)));

        // Quantiles, distribution-free: QuantStats' q_p should sit at our empirical CDF ~ p. Both the
        // empirical CDF and QuantStats' quantile carry binomial noise p(1-p)/N in probability terms.
        const QJsonObject qq = ref.value("maxdd_quantiles").toObject();
        QVERIFY(qq.size() >= 9);
        for (auto it = qq.begin(); it != qq.end(); ++it) {
            const double prob = it.key().toDouble(), q = it.value().toDouble();
            const double cdf =
                static_cast<double>(std::count_if(mc->maxDrawdown.begin(), mc->maxDrawdown.end(),
                                                  [&](double d) { return d <= q; })) /
                N;
            const double se = std::sqrt(2 * prob * (1 - prob) / N);
            QVERIFY2(std::abs(cdf - prob) < 4 * se,
                     qPrintable(QStringLiteral("quantile %1: our CDF there %2, 4 SE = %3")
                                    .arg(it.key())
                                    .arg(cdf)
                                    .arg(4 * se)));
        }
        qInfo("max drawdown: mean %.5f (QuantStats %.5f, 4 SE %.5f), std %.5f (%.5f), p5 %.5f (%.5f), "
              "p95 %.5f (%.5f), bust %.4f (%.4f)",
              mc->maxDrawdownStats.mean, qdd.value("mean").toDouble(), 4 * seMean, s1, s2,
              mc->maxDrawdownStats.percentile5, qdd.value("percentile_5").toDouble(),
              mc->maxDrawdownStats.percentile95, qdd.value("percentile_95").toDouble(), *mc->bustProbability,
              ref.value("bust_probability").toDouble());
        // Bust: a share of N, binomial SE sqrt(2 p (1-p) / N).
        const double pb = ref.value("bust_probability").toDouble();
        QVERIFY2(std::abs(*mc->bustProbability - pb) < 4 * std::sqrt(2 * pb * (1 - pb) / N),
                 qPrintable(QStringLiteral("bust %1 vs %2").arg(*mc->bustProbability).arg(pb)));
    }

    // log(1 + terminal) of an i.i.d. resample is a sum of H draws of log(1 + r): mean H m, variance H v.
    void bootstrapLogGrowthMatchesTheory_data() {
        QTest::addColumn<double>("horizonYears");
        QTest::newRow("observed length") << 0.0;
        QTest::newRow("20 years") << 20.0;
    }
    void bootstrapLogGrowthMatchesTheory() {
        QFETCH(double, horizonYears);
        const std::vector<double> x = stratA();
        MonteCarloParams p = params(MonteCarloMethod::Bootstrap, 4000, 11);
        p.horizonYears = horizonYears;
        const auto mc = runMonteCarlo(x, p);
        QVERIFY(mc.ok());
        QVERIFY(!mc->terminalFixedByConstruction);
        const double H = mc->horizonPeriods;
        QCOMPARE(mc->horizonPeriods, horizonYears > 0 ? 5040 : static_cast<int>(x.size()));
        double m = 0, v = 0;
        for (double r : x)
            m += std::log1p(r) / static_cast<double>(x.size());
        for (double r : x)
            v += (std::log1p(r) - m) * (std::log1p(r) - m) / static_cast<double>(x.size());
        double mean = 0;
        for (double t : mc->terminal)
            mean += std::log1p(t) / p.sims;
        const double se = std::sqrt(H * v / p.sims);
        QVERIFY2(
            std::abs(mean - H * m) < 4 * se,
            qPrintable(
                QStringLiteral("mean log growth %1, expected %2 ± %3").arg(mean).arg(H * m).arg(4 * se)));
        double var = 0;
        for (double t : mc->terminal)
            var += (std::log1p(t) - mean) * (std::log1p(t) - mean) / (p.sims - 1);
        // The sample variance of a near-normal sum: relative SE sqrt(2 / (S - 1)).
        QVERIFY(std::abs(var / (H * v) - 1) < 4 * std::sqrt(2.0 / (p.sims - 1)));
    }

    void blockKeepsAutocorrelationBootstrapRemovesIt() {
        const std::vector<double> x = ar1(0.5, 2520, 2024);
        QVERIFY(std::abs(lag1Autocorrelation(x) - 0.5) < 0.08); // the series is what it should be
        auto meanLag1 = [&](MonteCarloMethod method) {
            const MonteCarloParams p = params(method, 200, 5);
            double sum = 0;
            for (int s = 0; s < p.sims; ++s)
                sum += lag1Autocorrelation(*monteCarloSample(x, p, s));
            return sum / p.sims;
        };
        const double block = meanLag1(MonteCarloMethod::Block), iid = meanLag1(MonteCarloMethod::Bootstrap);
        qInfo("mean lag-1 autocorrelation of the resamples: block %.3f, bootstrap %.3f", block, iid);
        QVERIFY2(block > 0.3, qPrintable(QString::number(block)));
        QVERIFY2(std::abs(iid) < 0.05, qPrintable(QString::number(iid)));
    }

    void automaticBlockLengthGrowsWithDependence() {
        double previous = 0;
        for (double phi : {0.0, 0.5, 0.9}) {
            const double b = automaticBlockLength(ar1(phi, 2520, 77));
            qInfo("automatic block length, AR(1) phi %.1f: %.3f", phi, b);
            QVERIFY2(b > previous,
                     qPrintable(QStringLiteral("phi %1: %2 after %3").arg(phi).arg(b).arg(previous)));
            if (phi == 0.0) QVERIFY2(b >= 1 && b <= 3, qPrintable(QString::number(b)));
            // For an AR(1), R(k) = s^2 phi^|k|: G / g = 2 phi / (1 - phi^2), so the population value
            // of the formula is (G / g)^(2/3) n^(1/3) (16.5 at 0.5, 60.9 at 0.9 for n = 2,520). The
            // estimate from one series is noisy; within 35% of it.
            if (phi > 0) {
                const double theory = std::pow(2 * phi / (1 - phi * phi), 2.0 / 3) * std::cbrt(2520.0);
                QVERIFY2(std::abs(b / theory - 1) < 0.35,
                         qPrintable(QStringLiteral("%1 vs %2").arg(b).arg(theory)));
            }
            previous = b;
        }
        // Several white-noise series: all small (the estimate is O(1) when nothing is dependent).
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const double b = automaticBlockLength(normals(seed, 2520));
            qInfo("automatic block length, white noise seed %d: %.3f", int(seed), b);
            QVERIFY2(b >= 1 && b <= 3, qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(b)));
        }
        QCOMPARE(automaticBlockLength(std::vector<double>(100, 0.01)), 1.0); // constant: nothing to keep
        const auto mc = runMonteCarlo(ar1(0.5, 2520, 77), params(MonteCarloMethod::Block, 10, 1));
        QCOMPARE(*mc->blockLength, automaticBlockLength(ar1(0.5, 2520, 77)));
    }

    void resultsDoNotDependOnThreads_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("block") << int(MonteCarloMethod::Block);
        QTest::newRow("bootstrap") << int(MonteCarloMethod::Bootstrap);
        QTest::newRow("shuffle") << int(MonteCarloMethod::Shuffle);
    }
    void resultsDoNotDependOnThreads() {
        QFETCH(int, method);
        const std::vector<double> x = stratA();
        MonteCarloParams p = params(MonteCarloMethod(method), 300, 8);
        p.threads = 1;
        const auto one = runMonteCarlo(x, p);
        p.threads = 3;
        const auto three = runMonteCarlo(x, p);
        QVERIFY(one.ok() && three.ok());
        QVERIFY(one->terminal == three->terminal);
        QVERIFY(one->maxDrawdown == three->maxDrawdown);
        QVERIFY(one->sharpe == three->sharpe);
        QVERIFY(one->cagr == three->cagr);
        for (std::size_t i = 0; i < 5; ++i)
            QVERIFY(one->paths.percentiles[i] == three->paths.percentiles[i]);
        p.seed = 9;
        const auto other = runMonteCarlo(x, p);
        QVERIFY(other->maxDrawdown != one->maxDrawdown);
    }

    void perSimFiguresMatchTheirPaths() {
        const std::vector<double> x = stratA();
        MonteCarloParams p = params(MonteCarloMethod::Block, 20, 4);
        p.rf = 0.02;
        const auto mc = runMonteCarlo(x, p);
        QVERIFY(mc.ok());
        for (int s = 0; s < p.sims; ++s) {
            const std::vector<double> r = *monteCarloSample(x, p, s);
            const double terminal = product1pMinus1(r);
            QVERIFY(std::abs(mc->terminal[s] - terminal) <= 1e-12 * (1 + std::abs(terminal)));
            QVERIFY(std::abs(mc->maxDrawdown[s] - maxDrawdown(drawdownSeries(r))) <= 1e-12);
            const double years = r.size() / 252.0;
            QVERIFY(std::abs(mc->cagr[s] - (std::pow(1 + terminal, 1 / years) - 1)) < 1e-12);
            double mean = 0, var = 0;
            for (double v : r)
                mean += v / r.size();
            for (double v : r)
                var += (v - mean) * (v - mean) / (r.size() - 1);
            const double sharpe = (mean - 0.02 / 252) / std::sqrt(var) * std::sqrt(252.0);
            QVERIFY(std::abs(mc->sharpe[s] - sharpe) < 1e-10);
        }
        // Probabilities count the per-sim figures, inclusive at the threshold.
        MonteCarloParams q = p;
        q.bust = mc->maxDrawdown[7];
        q.goal = mc->terminal[7];
        const auto again = runMonteCarlo(x, q);
        const auto atOrBelow = std::count_if(mc->maxDrawdown.begin(), mc->maxDrawdown.end(),
                                             [&](double d) { return d <= *q.bust; });
        const auto atOrAbove =
            std::count_if(mc->terminal.begin(), mc->terminal.end(), [&](double t) { return t >= *q.goal; });
        QCOMPARE(*again->bustProbability, atOrBelow / double(p.sims));
        QCOMPARE(*again->goalProbability, atOrAbove / double(p.sims));
        QVERIFY(atOrBelow >= 1 && atOrAbove >= 1);
    }

    void percentilePaths() {
        const std::vector<double> x = stratA();
        MonteCarloParams p = params(MonteCarloMethod::Bootstrap, 500, 6);
        p.horizonYears = 5;
        const auto mc = runMonteCarlo(x, p);
        QVERIFY(mc.ok());
        const MonteCarloPaths& paths = mc->paths;
        QCOMPARE(paths.periods.front(), 0);
        QCOMPARE(paths.periods.back(), 1260); // the horizon changes the path length
        QVERIFY(static_cast<int>(paths.periods.size()) <= p.pathPoints);
        QVERIFY(std::is_sorted(paths.periods.begin(), paths.periods.end()));
        QVERIFY(std::adjacent_find(paths.periods.begin(), paths.periods.end()) == paths.periods.end());
        for (std::size_t k = 0; k < paths.periods.size(); ++k)
            for (std::size_t i = 1; i < 5; ++i)
                QVERIFY(paths.percentiles[i - 1][k] <= paths.percentiles[i][k]);
        // The last point is the terminal distribution itself.
        QCOMPARE(paths.percentiles[0].back(), mc->terminalStats.percentile5);
        QCOMPARE(paths.percentiles[2].back(), mc->terminalStats.median);
        QCOMPARE(paths.percentiles[4].back(), mc->terminalStats.percentile95);
        QCOMPARE(paths.percentiles[2].front(), 0.0);
        // The observed path at the same periods (its 2,609 periods reach past 1,260).
        QCOMPARE(paths.original.size(), paths.periods.size());
        const std::size_t mid = paths.periods.size() / 2;
        const auto upTo = std::span<const double>(x).first(static_cast<std::size_t>(paths.periods[mid]));
        QVERIFY(std::abs(paths.original[mid] - product1pMinus1(upTo)) < 1e-12);
        // Every period when there are few.
        MonteCarloParams small = params(MonteCarloMethod::Block, 10, 1);
        const std::vector<double> few(x.begin(), x.begin() + 100);
        const auto full = runMonteCarlo(few, small);
        QCOMPARE(full->paths.periods.size(), std::size_t(101));
        QCOMPARE(full->paths.original.back(), product1pMinus1(few));
    }

    void badParametersAreRefused_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("sims");
        QTest::addColumn<double>("horizon");
        QTest::addColumn<double>("blockLength");
        QTest::addColumn<QString>("message");
        const int block = int(MonteCarloMethod::Block), shuffle = int(MonteCarloMethod::Shuffle),
                  boot = int(MonteCarloMethod::Bootstrap);
        QTest::newRow("shuffle horizon")
            << shuffle << 10 << 5.0 << 0.0 << "shuffle permutes the 2609 observed";
        QTest::newRow("zero sims") << block << 0 << 0.0 << 0.0 << "simulations must be 1 to";
        QTest::newRow("block length for bootstrap") << boot << 10 << 0.0 << 5.0 << "block method only";
        QTest::newRow("block length too long") << block << 10 << 0.0 << 1e6 << "mean block length must be";
        QTest::newRow("negative horizon") << block << 10 << -1.0 << 0.0 << "the horizon must give";
    }
    void badParametersAreRefused() {
        QFETCH(int, method);
        QFETCH(int, sims);
        QFETCH(double, horizon);
        QFETCH(double, blockLength);
        QFETCH(QString, message);
        MonteCarloParams p = params(MonteCarloMethod(method), sims, 1);
        p.horizonYears = horizon;
        p.blockLength = blockLength;
        const auto mc = runMonteCarlo(stratA(), p);
        QVERIFY(!mc.ok());
        QCOMPARE(mc.error().kind, ErrorKind::BadInput);
        QVERIFY2(mc.error().message.contains(message), qPrintable(mc.error().message));
    }

    void progressReportsAndCancels() {
        const std::vector<double> x = stratA();
        int calls = 0, last = 0, otherTotal = 0;
        const auto ok = runMonteCarlo(x, params(MonteCarloMethod::Block, 1000, 1), [&](int done, int total) {
            ++calls;
            otherTotal += total != 1000;
            last = done;
            return true;
        });
        QVERIFY(ok.ok());
        QVERIFY(calls >= 2);
        QCOMPARE(otherTotal, 0);
        QCOMPARE(last, 1000);
        const auto stopped =
            runMonteCarlo(x, params(MonteCarloMethod::Block, 1000, 1), [](int, int) { return false; });
        QVERIFY(!stopped.ok());
        QCOMPARE(stopped.error().kind, ErrorKind::Cancelled);
    }
};

QTEST_APPLESS_MAIN(TestMonteCarlo)
#include "test_montecarlo.moc"

#pragma once
// Monte Carlo of a return series: many resampled paths, and the distributions of their terminal
// return, CAGR, max drawdown and Sharpe ratio. Pure: a span of periodic returns in, numbers out.
//
// Methods:
//  - shuffle: QuantStats 0.0.81 qs.stats.montecarlo. Sim 0 is the observed order, the others are
//    permutations of it. The product of (1 + r) does not depend on order, so every path ends at the
//    same value: terminal return, CAGR, Sharpe and the goal probability are fixed by construction
//    (terminalFixedByConstruction); only the drawdowns (and the bust probability) vary.
//  - bootstrap: i.i.d. draws with replacement. Keeps the distribution, breaks all dependence.
//  - block (default): the stationary bootstrap of Politis & Romano (1994), "The stationary bootstrap",
//    JASA 89(428): a block starts at a uniform position and each next period continues it (wrapping
//    from the last observation to the first) with probability 1 - 1/L, so block lengths are geometric
//    with mean L. L is automatic (montecarlo_block_length.h) unless given. Keeps short-range
//    dependence (volatility clusters, autocorrelation), which drawdowns are sensitive to.
//
// Conventions:
//  - Cumulative return after t periods: prod_{i<t} (1 + r_i) - 1, as QuantStats' mc.data.
//  - Max drawdown: min_t W_t / max_{s<=t} W_s - 1 (a negative fraction) with the running peak starting
//    from W_0 = 1 before the first period, as everywhere else here (drawdown.h). QuantStats' mc.maxdd
//    starts the peak at W_1, so it misses a loss on the first day; over 10,000 shuffles of strat_a that
//    changes 44 sims and the mean by 2.4e-5, against a standard error of 6e-4.
//  - Summary statistics as pandas: std with ddof = 1, quantiles by linear interpolation (numpy's
//    default); keys of QuantStats' mc.stats / mc.maxdd. NaN values (a Sharpe of a flat path) are
//    left out, as pandas skips them.
//  - Sharpe per path: (mean(r) - rf / periods) / std(r, ddof = 1) * sqrt(periods), rf annual, as
//    qs.stats.montecarlo_sharpe subtracts it (that function also drops each path's first return, a
//    side effect of pct_change on the cumulative path; this uses every return).
//  - CAGR: (1 + terminal)^(periods / horizon) - 1; -1 when the path lost everything.
//  - bust_probability: share of sims with max drawdown <= bust; goal_probability: share with terminal
//    cumulative return >= goal (both as QuantStats: inclusive).
//
// Reproducibility: simulation i draws from its own stream Rng::forStream(seed, i), so results are
// identical for any number of threads. The paths use only +, *, / and comparisons (exact in IEEE
// arithmetic); CAGR's pow may differ in the last bit between C libraries.

#include "util/result.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace ts {

enum class MonteCarloMethod { Block, Bootstrap, Shuffle };

const char* monteCarloMethodName(MonteCarloMethod m);
std::optional<MonteCarloMethod> parseMonteCarloMethod(const QString& name);

struct MonteCarloParams {
    MonteCarloMethod method = MonteCarloMethod::Block;
    int sims = 1000;
    std::uint64_t seed = 42;
    double blockLength = 0;  // block only: mean block length; 0 = automatic
    double horizonYears = 0; // 0 = the observed length; shuffle accepts no other
    double periods = 252;    // per year: annualisation and the horizon in periods
    std::optional<double> bust = -0.25;
    std::optional<double> goal = 1.0;
    double rf = 0;        // annual risk-free rate, subtracted as rf / periods per period
    int pathPoints = 512; // most points of each percentile path (the last period is always one)
    int threads = 0;      // 0 = one per core; the numbers do not depend on it
};

inline constexpr int kMonteCarloMaxSims = 100000;

// Keyed as QuantStats' mc.stats and mc.maxdd (which lacks the 25/75 percentiles).
struct DistributionSummary {
    double min = 0, max = 0, mean = 0, median = 0, std = 0;
    double percentile5 = 0, percentile25 = 0, percentile75 = 0, percentile95 = 0;
};

// Cross-sectional percentiles of the cumulative return at selected periods (0 = the start, value 0,
// through the horizon), and the observed path at those periods as far as it reaches.
struct MonteCarloPaths {
    static constexpr std::array<double, 5> kLevels = {0.05, 0.25, 0.50, 0.75, 0.95};
    std::vector<int> periods;
    std::array<std::vector<double>, 5> percentiles; // by kLevels
    std::vector<double> original;                   // original[k] at periods[k], k < original.size()
};

struct MonteCarloResult {
    MonteCarloMethod method = MonteCarloMethod::Block;
    int sims = 0;
    std::uint64_t seed = 0;
    std::optional<double> blockLength; // the mean block length used (block only)
    int observedPeriods = 0, horizonPeriods = 0;
    double periods = 252;
    bool terminalFixedByConstruction = false; // shuffle: terminal, CAGR, Sharpe, goal are constants

    std::vector<double> terminal, cagr, maxDrawdown, sharpe; // per sim
    DistributionSummary terminalStats, cagrStats, maxDrawdownStats, sharpeStats;
    std::optional<double> bust, goal, bustProbability, goalProbability;
    MonteCarloPaths paths;
};

// Returns false to cancel (called on the calling thread only).
using MonteCarloProgress = std::function<bool(int done, int total)>;

// BadInput for unusable parameters or returns (fewer than 2, not finite); Cancelled when asked.
Result<MonteCarloResult> runMonteCarlo(std::span<const double> returns, const MonteCarloParams& params,
                                       const MonteCarloProgress& progress = {});

// The returns of simulation `sim` in order, exactly as runMonteCarlo draws them (to inspect a path).
Result<std::vector<double>> monteCarloSample(std::span<const double> returns, const MonteCarloParams& params,
                                             int sim);

DistributionSummary summarizeDistribution(std::span<const double> values);

} // namespace ts

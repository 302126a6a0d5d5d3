#include "analytics/montecarlo.h"

#include "analytics/montecarlo_block_length.h"
#include "analytics/numeric.h"
#include "util/parallel.h"
#include "util/random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace ts {

const char* monteCarloMethodName(MonteCarloMethod m) {
    switch (m) {
    case MonteCarloMethod::Block:
        return "block";
    case MonteCarloMethod::Bootstrap:
        return "bootstrap";
    case MonteCarloMethod::Shuffle:
        return "shuffle";
    }
    return "block";
}

std::optional<MonteCarloMethod> parseMonteCarloMethod(const QString& name) {
    for (auto m : {MonteCarloMethod::Block, MonteCarloMethod::Bootstrap, MonteCarloMethod::Shuffle})
        if (name.compare(QLatin1String(monteCarloMethodName(m)), Qt::CaseInsensitive) == 0) return m;
    return std::nullopt;
}

DistributionSummary summarizeDistribution(std::span<const double> values) {
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values)
        if (!std::isnan(x)) v.push_back(x);
    DistributionSummary s;
    if (v.empty()) {
        s.min = s.max = s.mean = s.median = s.std = num::kNaN;
        s.percentile5 = s.percentile25 = s.percentile75 = s.percentile95 = num::kNaN;
        return s;
    }
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    s.min = *lo;
    s.max = *hi;
    s.mean = num::mean(v);
    s.std = num::stdev(v, 1);
    static constexpr double probs[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    double q[5];
    num::quantilesSelect(v, probs, q);
    s.percentile5 = q[0];
    s.percentile25 = q[1];
    s.median = q[2];
    s.percentile75 = q[3];
    s.percentile95 = q[4];
    return s;
}

namespace {

// One path's running figures. The drawdown of an episode is taken at its end from the trough, so the
// loop divides once per new peak, not once per period; W/peak is monotone in W, so the result is the
// same as the per-period minimum of W_t / peak_t - 1.
struct PathAccumulator {
    double wealth = 1, peak = 1, trough = 1, maxDrawdown = 0;
    double sum = 0, sumSquares = 0; // of r - shift, shifted by the sample mean for a stable variance
    double shift = 0;

    void closeEpisode() {
        if (trough < peak) maxDrawdown = std::min(maxDrawdown, trough / peak - 1.0);
    }
    void add(double r) {
        wealth *= 1.0 + r;
        if (wealth > peak) {
            closeEpisode();
            peak = trough = wealth;
        } else if (wealth < trough) {
            trough = wealth;
        }
        const double d = r - shift;
        sum += d;
        sumSquares += d * d;
    }
};

// Draws the returns of one simulation. Everything it draws comes from the sim's own stream.
struct Sampler {
    std::span<const double> x;
    MonteCarloMethod method = MonteCarloMethod::Block;
    std::uint64_t seed = 0;
    int horizon = 0;
    double blockLength = 0; // block: the mean block length L
    double restart = 1;     // block: probability that a period starts a new block, 1 / L

    // Calls sink(r) for each of the `horizon` returns of sim `s`, in order.
    template <typename Sink> void run(int s, std::vector<double>& scratch, Sink&& sink) const {
        Rng rng = Rng::forStream(seed, static_cast<std::uint64_t>(s));
        const std::uint64_t n = x.size();
        switch (method) {
        case MonteCarloMethod::Shuffle:
            scratch.assign(x.begin(), x.end());
            if (s > 0) rng.shuffle(std::span<double>(scratch)); // sim 0: the observed order
            for (double r : scratch)
                sink(r);
            break;
        case MonteCarloMethod::Bootstrap:
            for (int t = 0; t < horizon; ++t)
                sink(x[rng.below(n)]);
            break;
        case MonteCarloMethod::Block: {
            std::uint64_t pos = rng.below(n);
            for (int t = 0; t < horizon; ++t) {
                if (t > 0) {
                    if (rng.uniform01() < restart)
                        pos = rng.below(n);
                    else if (++pos == n)
                        pos = 0; // the circle: the last observation is followed by the first
                }
                sink(x[pos]);
            }
            break;
        }
        }
    }
};

struct Job {
    Sampler sampler;
    const MonteCarloParams& params;
    MonteCarloResult& out;
    double shift = 0;          // the sample mean
    std::vector<int> grid;     // path periods, then a sentinel past the horizon
    std::vector<double> store; // store[k * sims + s]: cumulative return of sim s at grid[k]

    void runSim(int s, std::vector<double>& scratch) {
        PathAccumulator acc;
        acc.shift = shift;
        const auto sims = static_cast<std::size_t>(params.sims);
        double* column = store.data() + s;
        column[0] = 0.0; // grid[0] is period 0
        std::size_t k = 1;
        int t = 0;
        sampler.run(s, scratch, [&](double r) {
            acc.add(r);
            if (++t == grid[k]) column[k++ * sims] = acc.wealth - 1.0;
        });
        acc.closeEpisode();
        const double h = sampler.horizon;
        out.terminal[s] = acc.wealth - 1.0;
        out.cagr[s] = acc.wealth > 0 ? std::pow(acc.wealth, params.periods / h) - 1.0 : -1.0;
        out.maxDrawdown[s] = acc.maxDrawdown;
        const double var = (acc.sumSquares - acc.sum * acc.sum / h) / (h - 1);
        const double mean = acc.sum / h + shift;
        out.sharpe[s] = var > 0
                            ? (mean - params.rf / params.periods) / std::sqrt(var) * std::sqrt(params.periods)
                            : num::kNaN;
    }
};

std::vector<int> pathGrid(int horizon, int points) {
    std::vector<int> g(static_cast<std::size_t>(points));
    const auto h = static_cast<long long>(horizon), d = static_cast<long long>(points - 1);
    for (long long k = 0; k < points; ++k)
        g[static_cast<std::size_t>(k)] = static_cast<int>((k * h + d / 2) / d);
    g.back() = horizon;
    g.push_back(horizon + 1); // sentinel: never reached
    return g;
}

Error bad(const QString& msg) {
    return Error::badInput(msg);
}

// Checks the parameters against the returns and settles the horizon and the block length.
Result<Sampler> prepare(std::span<const double> x, const MonteCarloParams& params) {
    const auto nObs = static_cast<int>(x.size());
    if (nObs < 2) return bad(QStringLiteral("at least 2 returns are needed for a Monte Carlo"));
    for (double r : x)
        if (!std::isfinite(r) || r < -1)
            return bad(QStringLiteral("returns must be finite and at least -100% (found %1)").arg(r));
    if (params.sims < 1 || params.sims > kMonteCarloMaxSims)
        return bad(QStringLiteral("the number of simulations must be 1 to %1 (got %2)")
                       .arg(kMonteCarloMaxSims)
                       .arg(params.sims));
    if (!(params.periods > 0) || !std::isfinite(params.periods))
        return bad(QStringLiteral("periods per year must be positive (got %1)").arg(params.periods));
    if (!std::isfinite(params.rf)) return bad(QStringLiteral("the risk-free rate must be a number"));
    if (params.bust && !(*params.bust >= -1 && *params.bust <= 0))
        return bad(QStringLiteral("bust is a drawdown, -1 to 0 (got %1)").arg(*params.bust));
    if (params.goal && !(std::isfinite(*params.goal) && *params.goal >= -1))
        return bad(QStringLiteral("goal is a cumulative return, at least -1 (got %1)").arg(*params.goal));
    if (params.pathPoints < 2) return bad(QStringLiteral("a percentile path needs at least 2 points"));

    int horizon = nObs;
    if (params.horizonYears != 0) {
        const double h = std::round(params.horizonYears * params.periods);
        if (!(params.horizonYears > 0) || !std::isfinite(h) || h < 2 || h > 1e6)
            return bad(QStringLiteral("the horizon must give 2 to 1,000,000 periods (%1 years × %2 periods)")
                           .arg(params.horizonYears)
                           .arg(params.periods));
        horizon = static_cast<int>(h);
    }
    if (params.method == MonteCarloMethod::Shuffle && horizon != nObs)
        return bad(QStringLiteral("shuffle permutes the %1 observed returns, so its horizon is their length; "
                                  "use the bootstrap or block method for %2 periods")
                       .arg(nObs)
                       .arg(horizon));
    if (params.method != MonteCarloMethod::Block && params.blockLength != 0)
        return bad(QStringLiteral("a block length applies to the block method only"));
    if (params.blockLength != 0 && !(params.blockLength >= 1 && params.blockLength <= nObs))
        return bad(QStringLiteral("the mean block length must be 1 to the number of returns (%1), got %2")
                       .arg(nObs)
                       .arg(params.blockLength));
    Sampler sampler{x, params.method, params.seed, horizon, 0.0, 1.0};
    if (params.method == MonteCarloMethod::Block) {
        sampler.blockLength = params.blockLength > 0 ? params.blockLength : automaticBlockLength(x);
        sampler.restart = 1.0 / sampler.blockLength;
    }
    return sampler;
}

} // namespace

Result<std::vector<double>> monteCarloSample(std::span<const double> x, const MonteCarloParams& params,
                                             int sim) {
    auto sampler = prepare(x, params);
    if (!sampler) return sampler.error();
    if (sim < 0 || sim >= params.sims) return bad(QStringLiteral("no simulation %1").arg(sim));
    std::vector<double> out, scratch;
    out.reserve(static_cast<std::size_t>(sampler->horizon));
    sampler->run(sim, scratch, [&](double r) { out.push_back(r); });
    return out;
}

Result<MonteCarloResult> runMonteCarlo(std::span<const double> x, const MonteCarloParams& params,
                                       const MonteCarloProgress& progress) {
    auto prepared = prepare(x, params);
    if (!prepared) return prepared.error();
    const auto nObs = static_cast<int>(x.size());
    const int horizon = prepared->horizon;
    MonteCarloResult out;
    out.method = params.method;
    out.sims = params.sims;
    out.seed = params.seed;
    out.observedPeriods = nObs;
    out.horizonPeriods = horizon;
    out.periods = params.periods;
    out.bust = params.bust;
    out.goal = params.goal;
    out.terminalFixedByConstruction = params.method == MonteCarloMethod::Shuffle;
    const auto sims = static_cast<std::size_t>(params.sims);
    for (auto* v : {&out.terminal, &out.cagr, &out.maxDrawdown, &out.sharpe})
        v->assign(sims, 0.0);

    Job job{*prepared, params, out, num::mean(x), {}, {}};
    if (params.method == MonteCarloMethod::Block) out.blockLength = prepared->blockLength;
    // The paths keep sims × points numbers: at most 8 Mi of them (64 MB), fewer points for many sims.
    const std::size_t budget = std::size_t{1} << 23;
    const int points = static_cast<int>(std::min<std::size_t>({static_cast<std::size_t>(horizon) + 1,
                                                               static_cast<std::size_t>(params.pathPoints),
                                                               std::max<std::size_t>(2, budget / sims)}));
    job.grid = pathGrid(horizon, points);
    job.store.assign(static_cast<std::size_t>(points) * sims, 0.0);

    // Sims in chunks handed out in turn; which thread takes a chunk changes nothing in the numbers.
    const std::size_t threads = params.threads > 0 ? static_cast<std::size_t>(params.threads)
                                                   : std::max(1u, std::thread::hardware_concurrency());
    constexpr int kChunk = 64;
    const int chunks = (params.sims + kChunk - 1) / kChunk;
    std::atomic<int> nextChunk{0}, done{0};
    std::atomic<bool> cancelled{false};
    parallelFor(
        std::min<std::size_t>(threads, static_cast<std::size_t>(chunks)),
        [&](std::size_t worker) {
            std::vector<double> scratch;
            for (int c; !cancelled.load(std::memory_order_relaxed) && (c = nextChunk++) < chunks;) {
                const int end = std::min(params.sims, (c + 1) * kChunk);
                for (int s = c * kChunk; s < end; ++s)
                    job.runSim(s, scratch);
                const int d = done += end - c * kChunk;
                // parallelFor runs worker 0 on the calling thread: the callback stays on the caller's.
                if (worker == 0 && progress && !progress(d, params.sims)) cancelled = true;
            }
        },
        threads);
    if (cancelled) return Error{ErrorKind::Cancelled, QStringLiteral("Monte Carlo cancelled")};

    out.terminalStats = summarizeDistribution(out.terminal);
    out.cagrStats = summarizeDistribution(out.cagr);
    out.maxDrawdownStats = summarizeDistribution(out.maxDrawdown);
    out.sharpeStats = summarizeDistribution(out.sharpe);
    auto share = [&](const std::vector<double>& v, auto pred) {
        return static_cast<double>(std::count_if(v.begin(), v.end(), pred)) / static_cast<double>(sims);
    };
    if (params.bust)
        out.bustProbability = share(out.maxDrawdown, [&](double d) { return d <= *params.bust; });
    if (params.goal) out.goalProbability = share(out.terminal, [&](double t) { return t >= *params.goal; });

    // Percentile paths: each grid point's column on its own; order statistics are exact, so the
    // values do not depend on the selection algorithm or the thread.
    MonteCarloPaths& paths = out.paths;
    paths.periods.assign(job.grid.begin(), job.grid.end() - 1);
    for (auto& p : paths.percentiles)
        p.assign(static_cast<std::size_t>(points), 0.0);
    const std::size_t workers = std::min<std::size_t>(threads, static_cast<std::size_t>(points));
    parallelFor(
        workers,
        [&](std::size_t w) {
            std::vector<double> column;
            double q[5];
            for (std::size_t k = w; k < static_cast<std::size_t>(points); k += workers) {
                const double* first = job.store.data() + k * sims;
                column.assign(first, first + sims);
                num::quantilesSelect(column, MonteCarloPaths::kLevels, q);
                for (std::size_t i = 0; i < 5; ++i)
                    paths.percentiles[i][k] = q[i];
            }
        },
        workers);
    double wealth = 1;
    int t = 0;
    for (int period : paths.periods) {
        if (period > nObs) break;
        for (; t < period; ++t)
            wealth *= 1.0 + x[static_cast<std::size_t>(t)];
        paths.original.push_back(wealth - 1.0);
    }
    if (progress) progress(params.sims, params.sims);
    return out;
}

} // namespace ts

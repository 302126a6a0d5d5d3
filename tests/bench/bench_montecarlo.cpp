// On-demand benchmark: 10,000 simulations x 10 years (2,520 days) of strat_a for each Monte Carlo
// method, with drawdowns, Sharpe, CAGR, the summaries and the percentile paths, as the CLI runs them.
// Prints the median of several runs, on all cores and on one.
//
//   build/bin/bench_montecarlo [returns.csv] [runs]

#include "analytics/montecarlo.h"
#include "data/csv_reader.h"
#include "data/returns.h"
#include "util/allocator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace ts;

int main(int argc, char** argv) {
    tuneAllocator();
    const QString path = argc > 1 ? QString::fromLocal8Bit(argv[1])
                                  : QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_a.csv");
    const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
    auto f = readCsvFile(path);
    if (!f) {
        std::fprintf(stderr, "%s\n", qPrintable(f.error().message));
        return 2;
    }
    std::vector<double> x = applyMissingPolicy(f->column(0), MissingPolicy::Drop).values;
    constexpr int kDays = 2520;
    if (x.size() < kDays) {
        std::fprintf(stderr, "need at least %d returns\n", kDays);
        return 2;
    }
    // Shuffle has no horizon: it permutes exactly 2,520 observed days. The others resample all of them.
    const std::vector<double> tenYears(x.begin(), x.begin() + kDays);

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("bench_montecarlo: 10,000 sims x %d days, median of %d runs (%u cores)\n", kDays, runs,
                cores);
    for (auto method : {MonteCarloMethod::Block, MonteCarloMethod::Bootstrap, MonteCarloMethod::Shuffle}) {
        for (int threads : {0, 1}) {
            MonteCarloParams p;
            p.method = method;
            p.sims = 10000;
            p.seed = 1;
            p.threads = threads;
            if (method != MonteCarloMethod::Shuffle) p.horizonYears = 10;
            const std::vector<double>& input = method == MonteCarloMethod::Shuffle ? tenYears : x;
            std::vector<double> seconds;
            double sink = 0;
            for (int i = 0; i < runs; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                auto r = runMonteCarlo(input, p);
                const auto t1 = std::chrono::steady_clock::now();
                if (!r) {
                    std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
                    return 1;
                }
                sink += r->maxDrawdownStats.mean + r->paths.percentiles[2].back();
                seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
            }
            std::sort(seconds.begin(), seconds.end());
            std::printf("  %-9s %-8s median %.3f s  min %.3f s  (checksum %.6g)\n",
                        monteCarloMethodName(method), threads == 1 ? "1 thread" : "all",
                        seconds[seconds.size() / 2], seconds.front(), sink);
        }
    }
    return 0;
}

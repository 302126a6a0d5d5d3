// On-demand benchmark: the full metrics table + drawdowns + monthly tables + every chart series
// (rolling ones included) for strat_40y vs bench_40y (10,436 days), in process, through the same
// computeOutputs() the analysis job runs. Prints the median of many runs.
//
//   build/bin/bench_metrics [strategy.csv benchmark.csv] [iterations]

#include "data/csv_reader.h"
#include "report/analysis.h"
#include "util/allocator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace ts;

int main(int argc, char** argv) {
    tuneAllocator(); // as the CLI and the desktop app do at start-up
    const QString strat = argc > 2 ? QString::fromLocal8Bit(argv[1])
                                   : QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_40y.csv");
    const QString bench = argc > 2 ? QString::fromLocal8Bit(argv[2])
                                   : QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/bench_40y.csv");
    const int iterations = argc > 3 ? std::atoi(argv[3]) : 200;

    auto load = [](const QString& path) {
        auto f = readCsvFile(path);
        if (!f) {
            std::fprintf(stderr, "%s\n", qPrintable(f.error().message));
            std::exit(2);
        }
        return applyMissingPolicy(f->column(0), MissingPolicy::Drop);
    };
    const Series s = load(strat), b = load(bench);
    auto aligned = alignForMetrics({s}, b, rulesFor(Convention::QuantStats));
    if (!aligned) return 2;

    std::vector<double> ms;
    double sink = 0;
    for (int i = 0; i < iterations; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const AnalysisOutputs out = computeOutputs(*aligned, MetricsParams{});
        const auto t1 = std::chrono::steady_clock::now();
        sink +=
            out.metrics.table.values[10][0].number + out.monthly[0].size() + out.chart.rollingSharpe.back();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "bench_metrics: %zu rows, %d runs: median %.3f ms, min %.3f ms, p90 %.3f ms (checksum %.6g)\n",
        aligned->rows(), iterations, ms[ms.size() / 2], ms.front(), ms[ms.size() * 9 / 10], sink);
    return 0;
}

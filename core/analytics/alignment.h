#pragma once
// Preparing strategy and benchmark returns for the metrics table exactly as QuantStats' metrics()
// does (metrics.md §0.1): drop missing strategy rows, align the benchmark to the strategy dates,
// then, with a benchmark, start both where each has moved at least once.

#include "analytics/convention.h"
#include "data/series.h"
#include "util/result.h"

#include <optional>
#include <vector>

namespace ts {

struct AlignedReturns {
    std::vector<QDate> dates;
    std::vector<QString> names;               // strategy columns, then the benchmark if present
    std::vector<std::vector<double>> columns; // no NaN left
    bool hasBenchmark = false;

    // What the preparation did, for the report's data-quality section.
    int droppedMissingRows = 0;
    int trimmedLeadingRows = 0;
    bool benchmarkRebased = false; // benchmark dates differed and were re-based onto the strategy's

    std::size_t strategyCount() const { return columns.size() - (hasBenchmark ? 1 : 0); }
    std::size_t rows() const { return dates.size(); }
};

// Benchmark returns on the strategy's dates. Same date set: values as given (missing -> 0).
// Otherwise (Q17): wealth on a calendar-daily grid, back-filled, sampled at the strategy dates,
// so a move on a non-strategy date is credited to the next strategy date and day one is 0.
std::vector<double> alignBenchmark(const Series& benchmark, const std::vector<QDate>& dates, bool& rebased);

Result<AlignedReturns> alignForMetrics(const std::vector<Series>& strategies,
                                       const std::optional<Series>& benchmark, const ConventionRules& rules);

} // namespace ts

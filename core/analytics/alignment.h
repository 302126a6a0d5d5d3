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

// One input series as it came in, and what alignment took from it.
struct SeriesCoverage {
    QString name;
    bool benchmark = false;
    QDate first, last;    // its own first and last date with a value
    int observations = 0; // its own returns with a value
    // Strategies: returns not among the analysed rows. Benchmark: returns dated outside the window
    // (inside it, a return on a non-strategy date is credited to the next strategy date, Q17).
    int dropped = 0;
    int flatRows = 0; // benchmark only: analysed rows outside its own dates, counted as no move
};

// Which series limited the analysed window and what each lost, so the window never shrinks
// silently (a 40-year strategy next to a 10-year one is analysed over 10 years).
struct AlignmentSummary {
    std::vector<SeriesCoverage> series; // strategies in input order, then the benchmark
    QDate start, end;                   // the analysed window
    int startSetBy = -1;                // index into `series`; -1: nobody cut the start
    int endSetBy = -1;                  // index into `series`; -1: nobody cut the end
    // The start is where startSetBy first moves, not its first date: with a benchmark QuantStats
    // drops leading rows where strategy or benchmark has not moved yet (Q16, Q17).
    bool startAtFirstMove = false;

    bool cut() const; // some series lost returns or the benchmark was padded
};

// Plain sentences for a status bar or a report's data-quality list; empty when nothing was cut.
// "Cut to the dates all series share, 2015-01-02 … 2024-12-31: A starts 1985-01-02 (7,561 of
// 10,070 days dropped); the window starts with NVDA (2015-01-02)."
QString alignmentNotice(const AlignmentSummary& s);

struct AlignedReturns {
    std::vector<QDate> dates;
    std::vector<QString> names;               // strategy columns, then the benchmark if present
    std::vector<std::vector<double>> columns; // no NaN left
    bool hasBenchmark = false;

    // What the preparation did, for the report's data-quality section.
    int droppedMissingRows = 0;
    int trimmedLeadingRows = 0;
    bool benchmarkRebased = false; // benchmark dates differed and were re-based onto the strategy's
    AlignmentSummary summary;

    std::size_t strategyCount() const { return columns.size() - (hasBenchmark ? 1 : 0); }
    std::size_t rows() const { return dates.size(); }
};

// Benchmark returns on the strategy's dates. Same date set: values as given (missing -> 0).
// Otherwise, with `calendarBackfill` (QuantStats, Q17): wealth on a calendar-daily grid, back-filled,
// sampled at the strategy dates, so a strategy date the benchmark lacks takes the benchmark's next
// date and day one is 0. Without it (standard): the benchmark's returns since the previous strategy
// date compounded onto each strategy date, day one its own return.
std::vector<double> alignBenchmark(const Series& benchmark, const std::vector<QDate>& dates, bool& rebased,
                                   bool calendarBackfill = true);

Result<AlignedReturns> alignForMetrics(const std::vector<Series>& strategies,
                                       const std::optional<Series>& benchmark, const ConventionRules& rules);

} // namespace ts

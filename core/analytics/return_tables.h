#pragma once
// Calendar tables of metrics.md §3: the monthly returns grid with EOY, and the EOY tables with and
// without a benchmark.

#include "analytics/calendar.h"

#include <QDate>
#include <span>
#include <vector>

namespace ts {

struct MonthlyRow {
    int year = 0;
    double months[12] = {}; // a month without data is 0.0, as in QuantStats
    double eoy = 0;
};

// Compounded (or summed) calendar-month returns pivoted by year, with the year's return as EOY.
std::vector<MonthlyRow> monthlyReturns(std::span<const QDate> dates, std::span<const double> r,
                                       bool compounded);
std::vector<MonthlyRow> monthlyReturns(const CalendarIndex& cal, std::span<const double> r, bool compounded);

struct EoyCompareRow {
    int year = 0;
    double benchmark = 0;  // NaN when the benchmark has no data that year
    double strategy = 0;   // NaN when the strategy has no data that year
    double multiplier = 0; // strategy / benchmark, NaN when the benchmark is 0
    bool won = false;      // strategy >= benchmark
};

// "EOY Returns vs Benchmark". QuantStats uses the raw (un-aligned) benchmark here (Q18), so pass
// the benchmark's own dates and returns.
std::vector<EoyCompareRow> eoyVsBenchmark(std::span<const QDate> dates, std::span<const double> r,
                                          std::span<const QDate> benchDates, std::span<const double> b,
                                          bool compounded);

// "EOY Returns" without a benchmark. QuantStats (Q19): `ret` is the simple sum of the year's returns
// and `cumulative` the year compounded, whatever the compounding setting. Standard: `ret` is the year's
// return (compounded unless simple) and `cumulative` the return since the first analysed date through
// the year's last date, so the columns say what their titles say.
struct EoyRow {
    int year = 0;
    double ret = 0;
    double cumulative = 0;
};
std::vector<EoyRow> eoyReturns(const CalendarIndex& cal, std::span<const double> r, bool sumAndCompoundedYear,
                               bool compounded = true);

// Titles of the two value columns and their keys in JSON/CSV, as the convention defines them.
struct EoyColumns {
    const char* returnTitle;
    const char* cumulativeTitle;
    const char* cumulativeKey;
};
EoyColumns eoyColumns(bool sumAndCompoundedYear);

} // namespace ts

#pragma once
// Calendar aggregation of daily returns (QuantStats utils.aggregate_returns with "ME", "QE", "YE"):
// group by (year, month), (year, quarter), year or Monday-based week, then compound or sum each
// group. Partial first and last periods count as full periods.

#include <QDate>
#include <cstdint>
#include <span>
#include <vector>

namespace ts {

enum class Period { Week, Month, Quarter, Year };

// Year and month of every row, computed once so repeated aggregations are integer compares only.
struct CalendarIndex {
    std::vector<QDate> dates;
    std::vector<std::int32_t> year;
    std::vector<std::int8_t> month; // 1..12
    std::vector<std::int64_t> jd;   // Julian day

    // First row of each calendar group, per Period, plus one past the end.
    std::vector<std::uint32_t> groupStarts[4];
    // Per Period and group: the calendar start (Monday for weeks) and the last observed date.
    std::vector<QDate> periodStarts[4];
    std::vector<QDate> lastObs[4];

    explicit CalendarIndex(std::span<const QDate> d);
};

struct PeriodReturns {
    std::vector<QDate> starts;  // first day of each calendar period (Monday for weeks)
    std::vector<QDate> lastObs; // last observed date inside the period
    std::vector<double> values;
};

// Dates must be increasing. Groups are contiguous runs, so this is one O(n) pass.
PeriodReturns aggregate(const CalendarIndex& cal, std::span<const double> r, Period period, bool compounded);
PeriodReturns aggregate(std::span<const QDate> dates, std::span<const double> r, Period period,
                        bool compounded);

} // namespace ts

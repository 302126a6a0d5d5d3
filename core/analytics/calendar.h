#pragma once
// Calendar aggregation of daily returns (QuantStats utils.aggregate_returns with "ME", "QE", "YE"):
// group by (year, month), (year, quarter), year or ISO-less week, then compound or sum each group.
// Partial first and last periods count as full periods.

#include <QDate>

#include <span>
#include <vector>

namespace ts {

enum class Period { Week, Month, Quarter, Year };

struct PeriodReturns {
    std::vector<QDate> starts;  // first day of each calendar period (Monday for weeks)
    std::vector<QDate> lastObs; // last observed date inside the period
    std::vector<double> values;
};

// Dates must be increasing. Groups are contiguous runs, so this is one O(n) pass.
PeriodReturns aggregate(std::span<const QDate> dates, std::span<const double> r, Period period, bool compounded);

QDate periodStart(const QDate& d, Period period);

} // namespace ts

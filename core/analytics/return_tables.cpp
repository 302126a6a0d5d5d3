#include "analytics/return_tables.h"

#include "analytics/calendar.h"

#include <cmath>
#include <map>

namespace ts {

std::vector<MonthlyRow> monthlyReturns(std::span<const QDate> dates, std::span<const double> r,
                                       bool compounded) {
    return monthlyReturns(CalendarIndex(dates), r, compounded);
}

std::vector<MonthlyRow> monthlyReturns(const CalendarIndex& cal, std::span<const double> r, bool compounded) {
    const PeriodReturns months = aggregate(cal, r, Period::Month, compounded);
    const PeriodReturns years = aggregate(cal, r, Period::Year, compounded);
    std::vector<MonthlyRow> rows;
    for (std::size_t i = 0; i < years.starts.size(); ++i) {
        MonthlyRow row;
        row.year = years.starts[i].year();
        row.eoy = years.values[i];
        rows.push_back(row);
    }
    std::size_t y = 0;
    for (std::size_t i = 0; i < months.starts.size(); ++i) {
        // Months and years come from the same index in the same order; the bounds only guard that.
        while (y < rows.size() && rows[y].year != months.starts[i].year())
            ++y;
        const int month = months.starts[i].month();
        if (y == rows.size() || month < 1 || month > 12) break;
        rows[y].months[static_cast<std::size_t>(month - 1)] = months.values[i];
    }
    return rows;
}

std::vector<EoyCompareRow> eoyVsBenchmark(std::span<const QDate> dates, std::span<const double> r,
                                          std::span<const QDate> benchDates, std::span<const double> b,
                                          bool compounded) {
    std::vector<double> bClean(b.begin(), b.end());
    for (double& v : bClean)
        if (!std::isfinite(v)) v = 0.0;
    const PeriodReturns sy = aggregate(dates, r, Period::Year, compounded);
    const PeriodReturns by = aggregate(benchDates, bClean, Period::Year, compounded);
    std::map<int, EoyCompareRow> rows;
    auto row = [&](int year) -> EoyCompareRow& {
        auto [it, inserted] = rows.try_emplace(year);
        if (inserted) {
            it->second.year = year;
            it->second.benchmark = it->second.strategy = std::nan("");
        }
        return it->second;
    };
    for (std::size_t i = 0; i < sy.starts.size(); ++i)
        row(sy.starts[i].year()).strategy = sy.values[i];
    for (std::size_t i = 0; i < by.starts.size(); ++i)
        row(by.starts[i].year()).benchmark = by.values[i];
    std::vector<EoyCompareRow> out;
    for (auto& [year, e] : rows) {
        e.multiplier = e.benchmark == 0 ? std::nan("") : e.strategy / e.benchmark;
        e.won = e.strategy >= e.benchmark;
        out.push_back(e);
    }
    return out;
}

std::vector<EoyRow> eoyReturns(const CalendarIndex& cal, std::span<const double> r, bool sumAndCompoundedYear,
                               bool compounded) {
    const PeriodReturns sums = aggregate(cal, r, Period::Year, false);
    const PeriodReturns comp = aggregate(cal, r, Period::Year, true);
    std::vector<EoyRow> out;
    double wealth = 1.0, total = 0.0; // through the end of each year: compounded, summed
    for (std::size_t i = 0; i < sums.starts.size(); ++i) {
        wealth *= 1.0 + comp.values[i];
        total += sums.values[i];
        if (sumAndCompoundedYear)
            out.push_back({sums.starts[i].year(), sums.values[i], comp.values[i]});
        else
            out.push_back({sums.starts[i].year(), compounded ? comp.values[i] : sums.values[i],
                           compounded ? wealth - 1.0 : total});
    }
    return out;
}

EoyColumns eoyColumns(bool sumAndCompoundedYear) {
    if (sumAndCompoundedYear) return {"Return", "Cumulative", "cumulative"};
    return {"Return", "Cumulative since start", "cumulative_since_start"};
}

} // namespace ts

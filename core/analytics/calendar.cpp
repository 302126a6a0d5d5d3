#include "analytics/calendar.h"

namespace ts {

CalendarIndex::CalendarIndex(std::span<const QDate> d) : dates(d.begin(), d.end()) {
    year.resize(d.size());
    month.resize(d.size());
    jd.resize(d.size());
    for (std::size_t i = 0; i < d.size(); ++i) {
        // Civil date from the Julian day without going through QCalendar for every row.
        const std::int64_t j = d[i].toJulianDay();
        jd[i] = j;
        const std::int64_t a = j + 32044;
        const std::int64_t b = (4 * a + 3) / 146097;
        const std::int64_t c = a - 146097 * b / 4;
        const std::int64_t dd = (4 * c + 3) / 1461;
        const std::int64_t e = c - 1461 * dd / 4;
        const std::int64_t m = (5 * e + 2) / 153;
        month[i] = static_cast<std::int8_t>(m + 3 - 12 * (m / 10));
        year[i] = static_cast<std::int32_t>(100 * b + dd - 4800 + m / 10);
    }
    // Group boundaries from plain integer compares (this runs once per analysis, on every row).
    for (auto& g : groupStarts) g.reserve(d.size() / 4 + 2);
    for (std::size_t i = 0; i < d.size(); ++i) {
        const bool newYear = i == 0 || year[i] != year[i - 1];
        const bool newMonth = newYear || month[i] != month[i - 1];
        const bool newQuarter = newYear || (month[i] - 1) / 3 != (month[i - 1] - 1) / 3;
        const bool newWeek = i == 0 || jd[i] / 7 != jd[i - 1] / 7; // Julian day 0 is a Monday
        const auto row = static_cast<std::uint32_t>(i);
        if (newWeek) groupStarts[static_cast<int>(Period::Week)].push_back(row);
        if (newMonth) groupStarts[static_cast<int>(Period::Month)].push_back(row);
        if (newQuarter) groupStarts[static_cast<int>(Period::Quarter)].push_back(row);
        if (newYear) groupStarts[static_cast<int>(Period::Year)].push_back(row);
    }
    for (auto& g : groupStarts) g.push_back(static_cast<std::uint32_t>(d.size()));
}

QDate periodStart(const QDate& d, Period period) {
    switch (period) {
    case Period::Week:
        return d.addDays(1 - d.dayOfWeek());
    case Period::Month:
        return QDate(d.year(), d.month(), 1);
    case Period::Quarter:
        return QDate(d.year(), ((d.month() - 1) / 3) * 3 + 1, 1);
    case Period::Year:
        return QDate(d.year(), 1, 1);
    }
    return d;
}

PeriodReturns aggregate(const CalendarIndex& cal, std::span<const double> r, Period period, bool compounded) {
    PeriodReturns out;
    const auto& g = cal.groupStarts[static_cast<int>(period)];
    const std::size_t groups = g.size() - 1;
    out.starts.reserve(groups);
    out.lastObs.reserve(groups);
    out.values.reserve(groups);
    for (std::size_t k = 0; k < groups; ++k) {
        double acc = compounded ? 1.0 : 0.0;
        if (compounded)
            for (std::uint32_t i = g[k]; i < g[k + 1]; ++i) acc *= 1.0 + r[i];
        else
            for (std::uint32_t i = g[k]; i < g[k + 1]; ++i) acc += r[i];
        out.values.push_back(compounded ? acc - 1.0 : acc);
        out.starts.push_back(periodStart(cal.dates[g[k]], period));
        out.lastObs.push_back(cal.dates[g[k + 1] - 1]);
    }
    return out;
}

PeriodReturns aggregate(std::span<const QDate> dates, std::span<const double> r, Period period, bool compounded) {
    return aggregate(CalendarIndex(dates), r, period, compounded);
}

} // namespace ts

#include "analytics/calendar.h"

namespace ts {

namespace {
// Civil year and month of a Julian day (Fliegel & Van Flandern), without QCalendar.
void civilFromJulian(std::int64_t j, std::int32_t& year, std::int8_t& month) {
    const std::int64_t a = j + 32044;
    const std::int64_t b = (4 * a + 3) / 146097;
    const std::int64_t c = a - 146097 * b / 4;
    const std::int64_t dd = (4 * c + 3) / 1461;
    const std::int64_t e = c - 1461 * dd / 4;
    const std::int64_t m = (5 * e + 2) / 153;
    month = static_cast<std::int8_t>(m + 3 - 12 * (m / 10));
    const std::int64_t astronomical = 100 * b + dd - 4800 + m / 10;
    // Astronomical year 0 is 1 BC: QDate has no year 0, so its years before 1 are one lower. Such
    // dates are refused where they enter (data/date_validation.h); this keeps the index consistent.
    year = static_cast<std::int32_t>(astronomical <= 0 ? astronomical - 1 : astronomical);
}
} // namespace

CalendarIndex::CalendarIndex(std::span<const QDate> d)
    : dates(d.begin(), d.end()) {
    const std::size_t n = d.size();
    year.resize(n);
    month.resize(n);
    jd.resize(n);
    // Dates increase, so the civil conversion is needed only when a row leaves the current month.
    std::int64_t monthFirst = 1, nextMonthFirst = 0;
    std::int32_t y = 0;
    std::int8_t m = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t j = d[i].toJulianDay();
        jd[i] = j;
        if (j < monthFirst || j >= nextMonthFirst) {
            civilFromJulian(j, y, m);
            monthFirst = QDate(y, m, 1).toJulianDay();
            nextMonthFirst = QDate(y, m, 1).addMonths(1).toJulianDay();
        }
        year[i] = y;
        month[i] = m;
    }
    // Group boundaries from plain integer compares (this runs once per analysis, on every row).
    for (auto& g : groupStarts)
        g.reserve(n / 4 + 2);
    for (std::size_t i = 0; i < n; ++i) {
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
    for (int p = 0; p < 4; ++p) {
        auto& g = groupStarts[p];
        g.push_back(static_cast<std::uint32_t>(n));
        const std::size_t groups = g.size() - 1;
        periodStarts[p].reserve(groups);
        lastObs[p].reserve(groups);
        for (std::size_t k = 0; k < groups; ++k) {
            const std::size_t first = g[k];
            const int mo = month[first];
            QDate start;
            switch (static_cast<Period>(p)) {
            case Period::Week:
                start = QDate::fromJulianDay(jd[first] - jd[first] % 7);
                break;
            case Period::Month:
                start = QDate(year[first], mo, 1);
                break;
            case Period::Quarter:
                start = QDate(year[first], ((mo - 1) / 3) * 3 + 1, 1);
                break;
            case Period::Year:
                start = QDate(year[first], 1, 1);
                break;
            }
            periodStarts[p].push_back(start);
            lastObs[p].push_back(d[g[k + 1] - 1]);
        }
    }
}

PeriodReturns aggregate(const CalendarIndex& cal, std::span<const double> r, Period period, bool compounded) {
    PeriodReturns out;
    const int p = static_cast<int>(period);
    const auto& g = cal.groupStarts[p];
    const std::size_t groups = g.size() - 1;
    out.values.resize(groups);
    for (std::size_t k = 0; k < groups; ++k) {
        double acc = compounded ? 1.0 : 0.0;
        if (compounded)
            for (std::uint32_t i = g[k]; i < g[k + 1]; ++i)
                acc *= 1.0 + r[i];
        else
            for (std::uint32_t i = g[k]; i < g[k + 1]; ++i)
                acc += r[i];
        out.values[k] = compounded ? acc - 1.0 : acc;
    }
    out.starts = cal.periodStarts[p];
    out.lastObs = cal.lastObs[p];
    return out;
}

PeriodReturns aggregate(std::span<const QDate> dates, std::span<const double> r, Period period,
                        bool compounded) {
    return aggregate(CalendarIndex(dates), r, period, compounded);
}

} // namespace ts

#include "analytics/calendar.h"

namespace ts {

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

PeriodReturns aggregate(std::span<const QDate> dates, std::span<const double> r, Period period, bool compounded) {
    PeriodReturns out;
    QDate current;
    double acc = 0.0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        const QDate key = periodStart(dates[i], period);
        if (key != current) {
            if (current.isValid()) out.values.push_back(compounded ? acc - 1.0 : acc);
            current = key;
            out.starts.push_back(key);
            out.lastObs.push_back(dates[i]);
            acc = compounded ? 1.0 : 0.0;
        }
        out.lastObs.back() = dates[i];
        acc = compounded ? acc * (1.0 + r[i]) : acc + r[i];
    }
    if (current.isValid()) out.values.push_back(compounded ? acc - 1.0 : acc);
    return out;
}

} // namespace ts

#include "charts/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace ts::ui {
namespace {

enum class Unit { Day, Week, Month, Year };
struct Step {
    Unit unit;
    int n;
};

// The first boundary of `s` on or after `d`.
QDate firstBoundary(const QDate& d, Step s) {
    switch (s.unit) {
    case Unit::Day: {
        QDate b = d;
        while (b.toJulianDay() % s.n != 0)
            b = b.addDays(1);
        return b;
    }
    case Unit::Week: {
        QDate b = d.addDays((8 - d.dayOfWeek()) % 7); // Monday
        // Fortnights counted from the Julian epoch, so they do not restart with the range.
        if ((b.toJulianDay() / 7) % s.n != 0) b = b.addDays(7);
        return b;
    }
    case Unit::Month: {
        QDate b(d.year(), d.month(), 1);
        if (b < d) b = b.addMonths(1);
        while ((b.month() - 1) % s.n != 0)
            b = b.addMonths(1);
        return b;
    }
    case Unit::Year: {
        int y = QDate(d.year(), 1, 1) < d ? d.year() + 1 : d.year();
        y += (s.n - y % s.n) % s.n;
        return QDate(y, 1, 1);
    }
    }
    return {};
}

QDate next(const QDate& d, Step s) {
    switch (s.unit) {
    case Unit::Day:
        return d.addDays(s.n);
    case Unit::Week:
        return d.addDays(7 * s.n);
    case Unit::Month:
        return d.addMonths(s.n);
    case Unit::Year:
        return d.addYears(s.n);
    }
    return {};
}

QString label(const QDate& d, Step s, bool severalYears) {
    switch (s.unit) {
    case Unit::Year:
        return QString::number(d.year());
    case Unit::Month:
        if (s.n == 3) return QStringLiteral("Q%1 %2").arg((d.month() - 1) / 3 + 1).arg(d.year());
        return d.toString(QStringLiteral("MMM yyyy"));
    case Unit::Day:
    case Unit::Week:
        // Within one calendar year the year is the axis' own; otherwise a day needs it.
        return d.toString(severalYears ? QStringLiteral("d MMM yyyy") : QStringLiteral("d MMM"));
    }
    return {};
}

std::vector<Step> steps(int spanYears) {
    std::vector<Step> out{{Unit::Day, 1},   {Unit::Day, 2},   {Unit::Day, 3},
                          {Unit::Week, 1},  {Unit::Week, 2},  {Unit::Month, 1},
                          {Unit::Month, 2}, {Unit::Month, 3}, {Unit::Month, 6}};
    for (int p = 1; p <= std::max(1, spanYears); p *= 10)
        for (int m : {1, 2, 5})
            out.push_back({Unit::Year, m * p});
    return out;
}

} // namespace

std::vector<DateTick> dateTicks(QDate first, QDate last, int maxTicks) {
    if (!first.isValid() || !last.isValid() || last < first || maxTicks < 1) return {};
    const bool severalYears = first.year() != last.year();
    for (Step s : steps(last.year() - first.year() + 1)) {
        std::vector<QDate> at;
        for (QDate d = firstBoundary(first, s); d <= last && at.size() <= std::size_t(maxTicks);
             d = next(d, s))
            at.push_back(d);
        if (at.size() > std::size_t(maxTicks)) continue;
        std::vector<DateTick> out;
        for (const QDate& d : at)
            out.push_back({d, label(d, s, severalYears)});
        return out;
    }
    return {};
}

ValueTicks valueTicks(double min, double max, int maxTicks) {
    if (!std::isfinite(min) || !std::isfinite(max)) return {};
    if (min > max) std::swap(min, max);
    if (min == max) {
        const double pad = min == 0 ? 1 : std::abs(min) * 0.1;
        min -= pad;
        max += pad;
    }
    maxTicks = std::max(3, maxTicks); // -step, 0, step when the range straddles 0
    const double raw = (max - min) / (maxTicks - 1);
    if (!std::isfinite(raw)) return {};
    constexpr double eps = 1e-9; // in steps: float noise must not add a tick
    for (double mag = std::pow(10, std::floor(std::log10(raw)));; mag *= 10)
        for (int m : {1, 2, 5}) {
            const double step = m * mag;
            const double lo = std::floor(min / step + eps), hi = std::ceil(max / step - eps);
            if (hi - lo + 1 > maxTicks) continue;
            ValueTicks t;
            t.step = step;
            for (double k = lo; k <= hi; ++k)
                t.values.push_back(k == 0 ? 0.0 : k * step);
            return t;
        }
}

QString valueLabel(double value, double step, bool percent) {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    if (std::abs(value) < step * 1e-6) value = 0; // float noise at zero would print "-0"
    QString s = QString::number(value, 'f', decimals);
    if (s.startsWith(QLatin1Char('-')) &&
        s.count(QLatin1Char('0')) + s.count(QLatin1Char('.')) == s.size() - 1)
        s.remove(0, 1);
    return percent ? s + QLatin1Char('%') : s;
}

} // namespace ts::ui

#pragma once
// Axis ticks a reader can trust, without widgets: dates on real calendar boundaries (the "2009"
// tick is 1 Jan 2009, "Q2 2009" is 1 Apr 2009) and values on round 1-2-5 steps. The QtCharts axes
// of tick_axes.h and their tests use these; the step is the finest one that fits the budget.

#include <QDate>
#include <QString>
#include <vector>

namespace ts::ui {

struct DateTick {
    QDate date;    // the first day of the period the label names
    QString label; // "2009", "Q2 2009", "Apr 2009", "12 Apr" (with the year when the range spans two)
};

// Ticks inside [first, last], at most `maxTicks`, strictly increasing and with distinct labels.
std::vector<DateTick> dateTicks(QDate first, QDate last, int maxTicks);

struct ValueTicks {
    double step = 0;            // 1, 2 or 5 times a power of ten
    std::vector<double> values; // multiples of step from at or below min to at or above max
};

// At most `maxTicks` (at least 3) round values covering [min, max]; 0 is one of them when the
// range straddles it.
ValueTicks valueTicks(double min, double max, int maxTicks);

// A tick's label with the decimals its step needs ("12.5%" for a step of 0.5); never "-0".
QString valueLabel(double value, double step, bool percent);

} // namespace ts::ui

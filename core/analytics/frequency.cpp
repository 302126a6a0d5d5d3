#include "analytics/frequency.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

namespace ts {
namespace {

struct Band {
    Frequency frequency;
    int minGap, maxGap; // calendar days between two consecutive observations
};

// A trading-day series has gaps of 1 (weekdays), 3 (weekends) and 4 (a holiday next to a weekend);
// month ends on business days are 28-33 days apart, quarter ends 87-94.
constexpr Band kBands[] = {
    {Frequency::TradingDaily, 1, 4},
    {Frequency::Weekly, 5, 10},
    {Frequency::Monthly, 26, 35},
    {Frequency::Quarterly, 85, 95},
};

// Calendar-day data has 2 weekend dates in 7 (0.29) and ~365 rows a year; trading-day data no weekend
// dates (a stray few) and ~252 rows, or a Sunday in 5 (0.2) where the week runs Sunday to Thursday.
constexpr double kWeekendShareCalendar = 0.15;
constexpr double kRowsPerYearCalendar = 300;
// Holidays and a few missing rows make some gaps irregular; a quarter of them is still a pattern.
constexpr double kMinRegularShare = 0.75;

} // namespace

FrequencyInfo detectFrequency(std::span<const QDate> dates) {
    FrequencyInfo info;
    if (dates.size() < 3) return info;
    std::vector<qint64> gaps;
    gaps.reserve(dates.size() - 1);
    for (std::size_t i = 1; i < dates.size(); ++i)
        gaps.push_back(dates[i - 1].daysTo(dates[i]));
    int weekend = 0;
    for (const QDate& d : dates)
        weekend += d.dayOfWeek() >= 6 ? 1 : 0;
    info.weekendShare = static_cast<double>(weekend) / static_cast<double>(dates.size());
    info.rowsPerYear = static_cast<double>(gaps.size()) * 365.25 /
                       static_cast<double>(std::max<qint64>(1, dates.front().daysTo(dates.back())));

    // The median gap, not the mean: a holiday or a missing row moves the mean but not the median.
    std::vector<qint64> sorted = gaps;
    const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
    std::nth_element(sorted.begin(), mid, sorted.end());
    info.medianGapDays = static_cast<double>(*mid);
    if (sorted.size() % 2 == 0)
        info.medianGapDays =
            (info.medianGapDays + static_cast<double>(*std::max_element(sorted.begin(), mid))) / 2;

    for (const Band& b : kBands) {
        if (info.medianGapDays < b.minGap || info.medianGapDays > b.maxGap) continue;
        const auto regular =
            std::count_if(gaps.begin(), gaps.end(), [&](qint64 g) { return g >= b.minGap && g <= b.maxGap; });
        info.regularShare = static_cast<double>(regular) / static_cast<double>(gaps.size());
        if (info.regularShare < kMinRegularShare) return info;
        info.frequency = b.frequency;
        // Daily gaps, weekends present and as many rows as days: every calendar day (crypto, or a
        // calendar-filled series).
        if (b.frequency == Frequency::TradingDaily && info.weekendShare >= kWeekendShareCalendar &&
            info.rowsPerYear >= kRowsPerYearCalendar)
            info.frequency = Frequency::CalendarDaily;
        return info;
    }
    return info;
}

namespace {

struct Names {
    Frequency frequency;
    const char *key, *name;
    double periods;
};

constexpr Names kNames[] = {
    {Frequency::TradingDaily, "trading_daily", "trading days", 252},
    {Frequency::CalendarDaily, "calendar_daily", "calendar days", 365},
    {Frequency::Weekly, "weekly", "weekly", 52},
    {Frequency::Monthly, "monthly", "monthly", 12},
    {Frequency::Quarterly, "quarterly", "quarterly", 4},
    {Frequency::Unknown, "unknown", "irregular", 0},
};

const Names& namesOf(Frequency f) {
    for (const Names& n : kNames)
        if (n.frequency == f) return n;
    return kNames[std::size(kNames) - 1];
}

} // namespace

QString frequencyName(Frequency f) {
    return QString::fromLatin1(namesOf(f).name);
}

QString frequencyKey(Frequency f) {
    return QString::fromLatin1(namesOf(f).key);
}

double periodsPerYear(Frequency f) {
    return namesOf(f).periods;
}

int rollingWindow(Frequency f, int months) {
    // Rounded down: half a calendar year is 182 days (QuantStats rounds 365 / 2 up to 183).
    return static_cast<int>(std::floor(periodsPerYear(f) * months / 12.0));
}

QString gapText(double days) {
    return days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
}

bool periodsAgree(Frequency f, double periods) {
    const double expected = periodsPerYear(f);
    return expected == 0 || std::abs(periods / expected - 1) <= 0.1;
}

} // namespace ts

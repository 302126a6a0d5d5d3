#pragma once
// The sampling frequency of a return series, read from its dates: trading days, calendar days
// (crypto), weeks, months or quarters. The periods per year and the rolling-window lengths follow
// from it, so weekly or monthly data is never annualised as if it were daily.

#include <QDate>
#include <QString>
#include <span>

namespace ts {

enum class Frequency { Unknown, TradingDaily, CalendarDaily, Weekly, Monthly, Quarterly };

struct FrequencyInfo {
    Frequency frequency = Frequency::Unknown;
    double medianGapDays = 0; // calendar days between consecutive dates
    double weekendShare = 0;  // dates on a Saturday or Sunday
    double regularShare = 0;  // gaps within the detected frequency's band
    double rowsPerYear = 0;   // observations per 365.25 days of the span
};

// Needs at least 3 dates (two gaps); sorted, strictly increasing.
FrequencyInfo detectFrequency(std::span<const QDate> dates);

QString frequencyName(Frequency f); // "trading days", "calendar days", "weekly", ...
QString frequencyKey(Frequency f);  // "trading_daily", "calendar_daily", "weekly", ... "unknown"
double periodsPerYear(Frequency f); // 252, 365, 52, 12, 4; 0 when unknown
// A window of `months` months in rows: 6 -> 126 / 182 / 26 / 6 / 2, 12 -> 252 / 365 / 52 / 12 / 4;
// 0 when unknown.
int rollingWindow(Frequency f, int months);
// "1 day", "31 days", "2.5 days": a median gap for messages.
QString gapText(double days);
// Whether `periods` is (within 10%) the periods per year of a known frequency; true when unknown.
bool periodsAgree(Frequency f, double periods);

} // namespace ts

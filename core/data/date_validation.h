#pragma once
// The one gate every date passes on its way in (CSV cells, provider dates and timestamps, configs,
// requests, the cache): years 1 to 9999. Qt's calendar has no year 0 and the calendar tables assume
// four-digit years, so a date outside this range is refused where it enters, with the source named.

#include "util/result.h"

#include <QDate>
#include <QTimeZone>
#include <optional>

namespace ts {

inline constexpr int kMinYear = 1;
inline constexpr int kMaxYear = 9999;

// Valid and within years 1-9999.
bool isSupportedDate(const QDate& d);

// `d` when it is supported; otherwise a bad-input error "<where>: <what> ... outside years 1-9999".
Result<QDate> checkDate(const QDate& d, const QString& where);

// Strict "YYYY-MM-DD" (a time part after a 'T' or a space is ignored); an invalid QDate for anything
// else, including a sign, a fifth year digit or a date outside years 1-9999.
QDate parseIsoDate(QStringView text);

// "YYYY-MM-DD" of a supported date, as QDate::toString(Qt::ISODate) writes it but without its
// printf: a 40-year report writes thousands of dates. Empty for an invalid date.
QString isoDate(const QDate& d);

// The calendar date of Unix seconds in `zone`, when `secs` is a whole number whose date lies in years
// 1-9999; nothing otherwise (a double beyond int64 or NaN, which a cast would turn into UB).
std::optional<QDate> dateFromUnixSeconds(double secs, const QTimeZone& zone);

} // namespace ts

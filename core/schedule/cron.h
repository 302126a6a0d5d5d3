#pragma once
// Cron expressions for `tearsheet-cli schedule`: the five classic fields (minute hour day-of-month
// month day-of-week) with lists, ranges, steps and names (JAN, MON), 7 as Sunday, and the macros
// @hourly @daily @weekly @monthly @yearly. As in Vixie cron, when both day fields are restricted a
// day matches if either does. Times are wall-clock times in the zone of the QDateTime given.

#include "util/result.h"

#include <QDateTime>
#include <bitset>

namespace ts {

class CronSchedule {
public:
    static Result<CronSchedule> parse(const QString& expression);

    // The first matching minute strictly after `after`; invalid when none within five years
    // (e.g. "0 0 30 2 *").
    QDateTime next(const QDateTime& after) const;
    bool matches(const QDateTime& t) const;
    QString expression() const { return m_text; }

private:
    std::bitset<60> m_minute;
    std::bitset<24> m_hour;
    std::bitset<32> m_dom;   // 1..31
    std::bitset<13> m_month; // 1..12
    std::bitset<7> m_dow;    // 0 = Sunday
    bool m_domRestricted = false, m_dowRestricted = false;
    QString m_text;
};

} // namespace ts

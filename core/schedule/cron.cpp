#include "cron.h"

#include "util/excerpt.h"

#include <QStringList>
#include <QTimeZone>

namespace ts {

namespace {

const QStringList kMonths{QStringLiteral("JAN"), QStringLiteral("FEB"), QStringLiteral("MAR"),
                          QStringLiteral("APR"), QStringLiteral("MAY"), QStringLiteral("JUN"),
                          QStringLiteral("JUL"), QStringLiteral("AUG"), QStringLiteral("SEP"),
                          QStringLiteral("OCT"), QStringLiteral("NOV"), QStringLiteral("DEC")};
const QStringList kDays{QStringLiteral("SUN"), QStringLiteral("MON"), QStringLiteral("TUE"),
                        QStringLiteral("WED"), QStringLiteral("THU"), QStringLiteral("FRI"),
                        QStringLiteral("SAT")};

// One field into the set of values it allows; `names` map to lo, lo+1, ...
template <std::size_t N>
Result<bool> parseField(const QString& field, int lo, int hi, const QStringList& names, const char* what,
                        std::bitset<N>& out, bool& restricted) {
    auto number = [&](const QString& s, int& v) {
        bool ok = false;
        v = s.toInt(&ok);
        if (ok) return true;
        const qsizetype i = names.indexOf(s.toUpper());
        if (i < 0) return false;
        v = lo + static_cast<int>(i);
        return true;
    };
    auto bad = [&](const QString& why) {
        return Error::badInput(
            QStringLiteral("%1 field \"%2\": %3").arg(QLatin1String(what), excerpt(field), why));
    };
    restricted = field != QLatin1String("*") && !field.startsWith(QLatin1String("*/"));
    for (const QString& part : field.split(QLatin1Char(','))) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(QLatin1Char('/')); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            // A step beyond the field's span selects only the first value; anything larger is
            // refused, which also keeps `v += step` below from overflowing.
            if (!ok || step < 1 || step > hi - lo + 1)
                return bad(QStringLiteral("the step must be a number from 1 to %1").arg(hi - lo + 1));
            range = part.left(slash);
        }
        int a = lo, b = hi;
        if (range != QLatin1String("*")) {
            const QStringList ends = range.split(QLatin1Char('-'));
            if (ends.size() > 2 || !number(ends[0], a) || (ends.size() == 2 && !number(ends[1], b)))
                return bad(QStringLiteral("\"%1\" is not a value, range or list").arg(excerpt(part)));
            if (ends.size() == 1) b = part.contains(QLatin1Char('/')) ? hi : a;
        }
        // Day of week 7 is Sunday too.
        const int top = (N == 7) ? 7 : hi;
        if (a < lo || b > top || a > b)
            return bad(QStringLiteral("\"%1\" is outside %2-%3").arg(excerpt(part)).arg(lo).arg(top));
        for (int v = a; v <= b; v += step)
            out.set(static_cast<std::size_t>(N == 7 ? v % 7 : v));
    }
    return true;
}

} // namespace

Result<CronSchedule> CronSchedule::parse(const QString& expression) {
    QString text = expression.simplified();
    static const std::pair<const char*, const char*> macros[] = {
        {"@hourly", "0 * * * *"},  {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
        {"@weekly", "0 0 * * 0"},  {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"},
        {"@annually", "0 0 1 1 *"}};
    for (const auto& [name, value] : macros)
        if (text == QLatin1String(name)) text = QLatin1String(value);
    const QStringList f = text.split(QLatin1Char(' '));
    if (f.size() != 5)
        return Error::badInput(
            QStringLiteral("cron expression \"%1\" must have 5 fields (minute hour day-of-month "
                           "month day-of-week), e.g. \"0 7 * * 1-5\"")
                .arg(excerpt(expression)));
    CronSchedule c;
    c.m_text = expression.simplified();
    bool r = false;
    for (auto res : {parseField(f[0], 0, 59, {}, "minute", c.m_minute, r),
                     parseField(f[1], 0, 23, {}, "hour", c.m_hour, r)})
        if (!res) return Error::badInput(QStringLiteral("cron: ") + res.error().message);
    if (auto res = parseField(f[2], 1, 31, {}, "day-of-month", c.m_dom, c.m_domRestricted); !res)
        return Error::badInput(QStringLiteral("cron: ") + res.error().message);
    if (auto res = parseField(f[3], 1, 12, kMonths, "month", c.m_month, r); !res)
        return Error::badInput(QStringLiteral("cron: ") + res.error().message);
    if (auto res = parseField(f[4], 0, 6, kDays, "day-of-week", c.m_dow, c.m_dowRestricted); !res)
        return Error::badInput(QStringLiteral("cron: ") + res.error().message);
    return c;
}

bool CronSchedule::matches(const QDateTime& t) const {
    const QDate d = t.date();
    const QTime tm = t.time();
    if (!m_minute[static_cast<std::size_t>(tm.minute())] || !m_hour[static_cast<std::size_t>(tm.hour())] ||
        !m_month[static_cast<std::size_t>(d.month())])
        return false;
    const bool dom = m_dom[static_cast<std::size_t>(d.day())];
    const bool dow = m_dow[static_cast<std::size_t>(d.dayOfWeek() % 7)];
    if (m_domRestricted && m_dowRestricted) return dom || dow;
    return dom && dow;
}

QDateTime CronSchedule::next(const QDateTime& after) const {
    // Walk whole days first, then hours and minutes within a matching day: at most a few thousand
    // steps even for rare expressions. Wall-clock times skipped by a DST change do not exist and
    // are passed over, as cron does.
    QDateTime t = after.addSecs(60 - after.time().second());
    t.setTime(QTime(t.time().hour(), t.time().minute()));
    const QDate limit = after.date().addYears(5);
    while (t.date() <= limit) {
        const QDate d = t.date();
        const bool dayOk = [&] {
            if (!m_month[static_cast<std::size_t>(d.month())]) return false;
            const bool dom = m_dom[static_cast<std::size_t>(d.day())];
            const bool dow = m_dow[static_cast<std::size_t>(d.dayOfWeek() % 7)];
            return (m_domRestricted && m_dowRestricted) ? (dom || dow) : (dom && dow);
        }();
        if (!dayOk) {
            t = QDateTime(d.addDays(1), QTime(0, 0), t.timeZone());
            continue;
        }
        for (int h = t.time().hour(); h < 24; ++h) {
            if (!m_hour[static_cast<std::size_t>(h)]) continue;
            for (int m = (h == t.time().hour() ? t.time().minute() : 0); m < 60; ++m) {
                if (!m_minute[static_cast<std::size_t>(m)]) continue;
                const QDateTime candidate(d, QTime(h, m), t.timeZone());
                if (candidate > after && candidate.time() == QTime(h, m)) return candidate;
            }
        }
        t = QDateTime(d.addDays(1), QTime(0, 0), t.timeZone());
    }
    return {};
}

} // namespace ts

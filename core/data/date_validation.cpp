#include "data/date_validation.h"

#include <QDateTime>
#include <cmath>

namespace ts {
namespace {
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, widened by a day for zones east or west of UTC.
constexpr double kMinUnixSeconds = -62135596800.0 - 86400.0;
constexpr double kMaxUnixSeconds = 253402300799.0 + 86400.0;
} // namespace

bool isSupportedDate(const QDate& d) {
    return d.isValid() && d.year() >= kMinYear && d.year() <= kMaxYear;
}

Result<QDate> checkDate(const QDate& d, const QString& where) {
    if (!d.isValid()) return Error::badInput(QStringLiteral("%1: not a valid date").arg(where));
    if (!isSupportedDate(d))
        return Error::badInput(QStringLiteral("%1: year %2 is outside the supported years %3-%4")
                                   .arg(where)
                                   .arg(d.year())
                                   .arg(kMinYear)
                                   .arg(kMaxYear));
    return d;
}

QString isoDate(const QDate& d) {
    if (!isSupportedDate(d)) return {};
    int y = 0, m = 0, day = 0;
    d.getDate(&y, &m, &day);
    const char16_t text[10] = {char16_t(u'0' + y / 1000),
                               char16_t(u'0' + y / 100 % 10),
                               char16_t(u'0' + y / 10 % 10),
                               char16_t(u'0' + y % 10),
                               u'-',
                               char16_t(u'0' + m / 10),
                               char16_t(u'0' + m % 10),
                               u'-',
                               char16_t(u'0' + day / 10),
                               char16_t(u'0' + day % 10)};
    return QString(reinterpret_cast<const QChar*>(text), 10);
}

QDate parseIsoDate(QStringView text) {
    for (qsizetype i = 0; i < text.size(); ++i)
        if (text[i] == QLatin1Char('T') || text[i] == QLatin1Char(' ')) {
            text = text.first(i);
            break;
        }
    if (text.size() != 10 || text[4] != QLatin1Char('-') || text[7] != QLatin1Char('-')) return {};
    int part[3] = {0, 0, 0};
    const int from[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p)
        for (int i = from[p]; i < from[p] + len[p]; ++i) {
            const char16_t c = text[i].unicode();
            if (c < u'0' || c > u'9') return {};
            part[p] = part[p] * 10 + (c - u'0');
        }
    const QDate d(part[0], part[1], part[2]);
    return isSupportedDate(d) ? d : QDate();
}

std::optional<QDate> dateFromUnixSeconds(double secs, const QTimeZone& zone) {
    // The range test comes first: it also rejects NaN, and keeps the cast below defined.
    if (!(secs >= kMinUnixSeconds && secs <= kMaxUnixSeconds) || secs != std::floor(secs))
        return std::nullopt;
    const QDate d = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(secs), zone).date();
    if (!isSupportedDate(d)) return std::nullopt;
    return d;
}

} // namespace ts

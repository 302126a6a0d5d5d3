#include "providers/provider_util.h"

#include "data/date_validation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace ts::providers {

QString fetchErrorName(FetchErrorKind k) {
    switch (k) {
    case FetchErrorKind::NotFound:
        return QStringLiteral("not found");
    case FetchErrorKind::Unauthorized:
        return QStringLiteral("invalid key");
    case FetchErrorKind::NotEntitled:
        return QStringLiteral("not in plan");
    case FetchErrorKind::QuotaExhausted:
        return QStringLiteral("quota exhausted");
    case FetchErrorKind::Throttled:
        return QStringLiteral("throttled");
    case FetchErrorKind::Transient:
        return QStringLiteral("transient");
    case FetchErrorKind::Malformed:
        return QStringLiteral("malformed");
    case FetchErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

bool isRetryable(FetchErrorKind k) {
    return k == FetchErrorKind::Throttled || k == FetchErrorKind::Transient;
}

QString snippet(const QByteArray& body) {
    QString s = QString::fromUtf8(body.left(400)).simplified();
    if (s.size() > 200) s = s.left(197) + QStringLiteral("...");
    return s.isEmpty() ? QStringLiteral("(empty body)") : s;
}

FetchError makeError(FetchErrorKind kind, const QString& message, long status) {
    FetchError e;
    e.kind = kind;
    e.message = message;
    e.httpStatus = status;
    return e;
}

std::optional<FetchError> genericError(const net::HttpResponse& r, const QString& who) {
    using net::TransportError;
    if (r.error == TransportError::Cancelled)
        return makeError(FetchErrorKind::Cancelled, who + QStringLiteral(": cancelled"));
    if (r.error == TransportError::TooLarge)
        return makeError(FetchErrorKind::Malformed, who + QStringLiteral(": response body over the size cap"),
                         r.status);
    if (r.error != TransportError::None)
        return makeError(
            FetchErrorKind::Transient,
            QStringLiteral("%1: %2 (%3)").arg(who, net::transportErrorName(r.error), r.errorText), r.status);
    const long s = r.status;
    if (s >= 200 && s < 300) return std::nullopt;
    FetchError e;
    e.httpStatus = s;
    e.message = QStringLiteral("%1: HTTP %2: %3").arg(who).arg(s).arg(snippet(r.body));
    if (s == 429) {
        e.kind = FetchErrorKind::Throttled;
        if (auto ra = net::retryAfterSeconds(r)) e.retryAfter = *ra;
    } else if (s >= 500) {
        e.kind = FetchErrorKind::Transient;
        if (auto ra = net::retryAfterSeconds(r)) e.retryAfter = *ra;
    } else if (s == 404) {
        e.kind = FetchErrorKind::NotFound;
    } else if (s == 401 || s == 403) {
        e.kind = FetchErrorKind::Unauthorized;
    } else if (s == 402) {
        e.kind = FetchErrorKind::NotEntitled;
    } else {
        e.kind = FetchErrorKind::Malformed;
    }
    return e;
}

Result<QJsonDocument, FetchError> parseJson(const net::HttpResponse& r, const QString& who) {
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return makeError(FetchErrorKind::Malformed,
                         QStringLiteral("%1: not JSON (%2 at byte %3): %4")
                             .arg(who, pe.errorString())
                             .arg(pe.offset)
                             .arg(snippet(r.body)),
                         r.status);
    return doc;
}

QDate tradingDate(qint64 unixSeconds, const QTimeZone& zone) {
    return QDateTime::fromSecsSinceEpoch(unixSeconds, zone).date();
}

std::optional<QDate> tradingDate(const QJsonValue& unixSeconds, const QTimeZone& zone) {
    const double secs = jsonNumber(unixSeconds);
    return dateFromUnixSeconds(secs, zone);
}

bool isAvailableTimeZoneId(const QString& ianaId) {
    // Built once (a few hundred ids); the set is read-only afterwards, so threads share it safely.
    static const QSet<QByteArray> ids = [] {
        const QList<QByteArray> list = QTimeZone::availableTimeZoneIds();
        return QSet<QByteArray>(list.begin(), list.end());
    }();
    return !ianaId.isEmpty() && ianaId.size() <= 64 && ids.contains(ianaId.toUtf8());
}

QString zoneLabel(const QString& name) {
    if (name.size() > 64) return {};
    for (const QChar c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('/') && c != QLatin1Char('_') &&
            c != QLatin1Char('+') && c != QLatin1Char('-'))
            return {};
    return name;
}

QTimeZone exchangeZone(const QString& ianaId, qint64 utcOffsetSeconds) {
    if (isAvailableTimeZoneId(ianaId)) {
        QTimeZone zone(ianaId.toUtf8());
        if (zone.isValid()) return zone;
    }
    // Qt accepts offsets of at most 14 hours either side.
    if (utcOffsetSeconds >= -14 * 3600 && utcOffsetSeconds <= 14 * 3600)
        return QTimeZone(static_cast<int>(utcOffsetSeconds));
    return QTimeZone(0);
}

double jsonNumber(const QJsonValue& v) {
    if (v.isDouble()) return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        return ok && std::isfinite(d) ? d : NAN;
    }
    return NAN;
}

QByteArray urlEncode(const QString& s) {
    return QUrl::toPercentEncoding(s);
}

QString isoDate(const QDate& d) {
    return d.toString(Qt::ISODate);
}

Bar jsonBar(const QJsonObject& o, QDate date, const char* open, const char* high, const char* low,
            const char* close, const char* adjClose, const char* volume) {
    auto field = [&](const char* name) { return *name ? jsonNumber(o.value(QLatin1String(name))) : NAN; };
    Bar b;
    b.date = date;
    b.open = field(open);
    b.high = field(high);
    b.low = field(low);
    b.close = field(close);
    b.providerAdjClose = field(adjClose);
    b.volume = field(volume);
    return b;
}

void normalise(PriceHistory& h, const FetchRange& range) {
    std::stable_sort(h.actions.begin(), h.actions.end(),
                     [](const auto& a, const auto& b) { return a.exDate < b.exDate; });
    std::vector<Bar>& bars = h.bars;
    std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.date < b.date; });
    std::vector<Bar> out;
    out.reserve(bars.size());
    for (const Bar& b : bars) {
        if (!b.date.isValid()) continue;
        if (range.start.isValid() && b.date < range.start) continue;
        if (range.end.isValid() && b.date > range.end) continue;
        if (!out.empty() && out.back().date == b.date)
            out.back() = b; // the provider's last word
        else
            out.push_back(b);
    }
    bars.swap(out);
}

} // namespace ts::providers

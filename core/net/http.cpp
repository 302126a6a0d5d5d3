#include "net/http.h"

#include <QDateTime>
#include <QUrl>
#include <QUrlQuery>

namespace ts::net {

std::optional<QByteArray> HttpResponse::header(const QByteArray& lowerName) const {
    for (const auto& [k, v] : headers)
        if (k == lowerName) return v;
    return std::nullopt;
}

std::optional<double> retryAfterSeconds(const HttpResponse& r) {
    const auto v = r.header("retry-after");
    if (!v) return std::nullopt;
    bool ok = false;
    const double secs = v->trimmed().toDouble(&ok);
    if (ok && secs >= 0) return secs;
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(v->trimmed()), Qt::RFC2822Date);
    if (!when.isValid()) return std::nullopt;
    return std::max(0.0, static_cast<double>(QDateTime::currentDateTimeUtc().msecsTo(when)) / 1000.0);
}

QString redactUrl(const QByteArray& url) {
    QUrl u(QString::fromUtf8(url));
    QUrlQuery q(u);
    const QStringList secret{QStringLiteral("apikey"), QStringLiteral("api_token"), QStringLiteral("token"),
                             QStringLiteral("key"), QStringLiteral("crumb")};
    for (auto& [k, v] : q.queryItems())
        if (secret.contains(k, Qt::CaseInsensitive)) {
            q.removeAllQueryItems(k);
            q.addQueryItem(k, QStringLiteral("***"));
        }
    u.setQuery(q);
    u.setUserInfo({});
    return u.toString();
}

QString transportErrorName(TransportError e) {
    switch (e) {
    case TransportError::None:
        return QStringLiteral("ok");
    case TransportError::Timeout:
        return QStringLiteral("timeout");
    case TransportError::Truncated:
        return QStringLiteral("truncated body");
    case TransportError::TooLarge:
        return QStringLiteral("body over the size cap");
    case TransportError::Connection:
        return QStringLiteral("connection failed");
    case TransportError::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace ts::net

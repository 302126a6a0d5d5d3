#pragma once
// Plain HTTP request/response values shared by the client, the providers and the downloader.

#include <QByteArray>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

namespace ts::net {

using Headers = std::vector<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method = "GET";
    QByteArray url;
    Headers headers;
    QByteArray body; // POST body
};

struct HttpOptions {
    int connectTimeoutMs = 10'000;
    int totalTimeoutMs = 30'000;
    qint64 maxBodyBytes = 64LL * 1024 * 1024;
    QByteArray userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                           "Chrome/131.0.0.0 Safari/537.36";
    bool verifyTls = true;
};

enum class TransportError {
    None,
    Timeout,    // connect or total timeout
    Truncated,  // the body ended before its announced length, or the connection dropped mid-body
    TooLarge,   // over HttpOptions::maxBodyBytes
    Connection, // refused, DNS, TLS, reset
    Cancelled,
};

struct HttpResponse {
    quint64 id = 0;
    long status = 0; // 0 when no HTTP answer arrived
    QByteArray body;
    Headers headers; // lower-case names
    TransportError error = TransportError::None;
    QString errorText; // libcurl's message; never contains the URL
    double seconds = 0;

    std::optional<QByteArray> header(const QByteArray& lowerName) const;
    bool ok() const { return error == TransportError::None && status >= 200 && status < 300; }
};

// Retry-After as seconds from now: delta-seconds or an HTTP date. Empty when absent or unreadable.
std::optional<double> retryAfterSeconds(const HttpResponse& r);

// The URL with credentials removed (apikey, api_token, token, key query values), for logs and messages.
QString redactUrl(const QByteArray& url);

QString transportErrorName(TransportError e);

} // namespace ts::net

#pragma once
// Every bound the transport enforces, each with a flag and an environment variable in `serve`
// (defaults documented in README's server section).

#include <QString>
#include <QStringList>

namespace ts::server::http {

struct HttpLimits {
    int headerTimeoutMs = 10'000;  // first byte of a request to the end of its header
    int bodyTimeoutMs = 30'000;    // end of the header to the end of the body
    int idleTimeoutMs = 15'000;    // a kept-alive connection waiting for its next request
    int maxConnections = 512;      // open connections in all
    int maxClientConnections = 32; // open connections from one address (trusted proxies exempt)
    int requestsPerMinute = 600;   // per client address; 0 turns the limit off
    qint64 maxHeaderBytes = 16 << 10;
    qint64 maxBodyBytes = 8 << 20;
    QStringList trustedProxies; // addresses or CIDR blocks whose X-Forwarded-For is believed
};

} // namespace ts::server::http

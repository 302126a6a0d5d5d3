#pragma once
// Headers on every response: nothing is cached, sniffed, framed or allowed to load anything but
// its own inline styles and images (the HTML reports are self-contained).

#include <QByteArray>
#include <utility>
#include <vector>

namespace ts::server {

inline const std::vector<std::pair<QByteArray, QByteArray>>& securityHeaders() {
    static const std::vector<std::pair<QByteArray, QByteArray>> h{
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Content-Security-Policy",
         "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"}};
    return h;
}

} // namespace ts::server

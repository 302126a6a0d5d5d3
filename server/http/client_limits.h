#pragma once
// Who the client is and how much it may ask: connections per address and requests per minute per
// address (a token bucket), with the address taken from X-Forwarded-For only when the peer is a
// configured proxy. Thread-safe: the transport's threads call it.

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace ts::server::http {

class TrustedProxies {
public:
    // Entries are addresses ("10.0.0.5") or blocks ("10.0.0.0/8"); a bad entry is reported.
    static std::optional<TrustedProxies> parse(const QStringList& entries, QString* why);
    bool contains(const QHostAddress& a) const;
    bool empty() const { return m_blocks.empty(); }
    // The client behind `peer`: the right-most X-Forwarded-For hop that is not a trusted proxy,
    // or the peer itself when it is not trusted (or the header is absent or malformed).
    QString client(const QHostAddress& peer, const QByteArray& forwardedFor) const;

private:
    std::vector<std::pair<QHostAddress, int>> m_blocks;
};

class ClientLimits {
public:
    using Clock = std::chrono::steady_clock;
    ClientLimits(int maxConnections, int maxPerClient, int requestsPerMinute)
        : m_maxConnections(maxConnections)
        , m_maxPerClient(maxPerClient)
        , m_perMinute(requestsPerMinute) {}

    enum class Admit { Yes, TooManyConnections, TooManyFromClient };
    // Checks a new connection from `address`; `exempt` (a trusted proxy) skips the per-client cap.
    Admit admit(const QString& address, bool exempt) const;
    void opened(const QString& address);
    void closed(const QString& address);
    int open() const;

    // Takes one request from the client's bucket; when empty, the seconds until a token is back.
    std::optional<int> takeRequest(const QString& client, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point at;
    };
    int m_maxConnections, m_maxPerClient, m_perMinute;
    mutable std::mutex m_mutex;
    std::map<QString, int> m_connections;
    int m_open = 0;
    std::map<QString, Bucket> m_buckets;
    Clock::time_point m_lastSweep{};
};

} // namespace ts::server::http

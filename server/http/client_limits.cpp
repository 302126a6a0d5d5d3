#include "client_limits.h"

#include <QList>
#include <algorithm>
#include <cmath>

namespace ts::server::http {

std::optional<TrustedProxies> TrustedProxies::parse(const QStringList& entries, QString* why) {
    TrustedProxies t;
    for (QString e : entries) {
        e = e.trimmed();
        if (e.isEmpty()) continue;
        std::pair<QHostAddress, int> block = e.contains(QLatin1Char('/'))
                                                 ? QHostAddress::parseSubnet(e)
                                                 : std::pair<QHostAddress, int>{QHostAddress(e), -1};
        if (block.first.isNull()) {
            if (why) *why = QStringLiteral("\"%1\" is not an address or an address/prefix block").arg(e);
            return std::nullopt;
        }
        if (block.second < 0)
            block.second = block.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
        t.m_blocks.push_back(block);
    }
    return t;
}

bool TrustedProxies::contains(const QHostAddress& a) const {
    // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d.
    bool ok = false;
    const quint32 v4 = a.toIPv4Address(&ok);
    const QHostAddress plain = ok ? QHostAddress(v4) : a;
    return std::any_of(m_blocks.begin(), m_blocks.end(),
                       [&](const auto& b) { return plain.isInSubnet(b.first, b.second); });
}

QString TrustedProxies::client(const QHostAddress& peer, const QByteArray& forwardedFor) const {
    bool ok = false;
    const quint32 v4 = peer.toIPv4Address(&ok);
    const QString self = ok ? QHostAddress(v4).toString() : peer.toString();
    if (forwardedFor.isEmpty() || !contains(peer)) return self;
    const QList<QByteArray> hops = forwardedFor.split(',');
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        const QHostAddress hop(QString::fromLatin1(hops[i].trimmed()));
        if (hop.isNull()) return self; // a forged or broken list: trust nothing in it
        if (!contains(hop)) return hop.toString();
    }
    return self;
}

ClientLimits::Admit ClientLimits::admit(const QString& address, bool exempt) const {
    std::lock_guard lock(m_mutex);
    if (m_open >= m_maxConnections) return Admit::TooManyConnections;
    if (!exempt) {
        const auto it = m_connections.find(address);
        if (it != m_connections.end() && it->second >= m_maxPerClient) return Admit::TooManyFromClient;
    }
    return Admit::Yes;
}

void ClientLimits::opened(const QString& address) {
    std::lock_guard lock(m_mutex);
    ++m_open;
    ++m_connections[address];
}

void ClientLimits::closed(const QString& address) {
    std::lock_guard lock(m_mutex);
    --m_open;
    if (auto it = m_connections.find(address); it != m_connections.end() && --it->second <= 0)
        m_connections.erase(it);
}

int ClientLimits::open() const {
    std::lock_guard lock(m_mutex);
    return m_open;
}

std::optional<int> ClientLimits::takeRequest(const QString& client, Clock::time_point now) {
    if (m_perMinute <= 0) return std::nullopt;
    // A burst of a tenth of a minute's allowance (at least 10) on top of the steady rate.
    const double capacity = std::max(10.0, m_perMinute / 6.0);
    const double perSecond = m_perMinute / 60.0;
    std::lock_guard lock(m_mutex);
    // Buckets of clients gone quiet are full again; forget them so the map stays small.
    if (now - m_lastSweep > std::chrono::seconds(60)) {
        const auto refill = std::chrono::duration<double>(capacity / perSecond);
        std::erase_if(m_buckets, [&](const auto& kv) { return now - kv.second.at > refill; });
        m_lastSweep = now;
    }
    auto [it, fresh] = m_buckets.try_emplace(client, Bucket{capacity, now});
    Bucket& b = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(capacity, b.tokens + elapsed * perSecond);
        b.at = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return std::nullopt;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / perSecond)));
}

} // namespace ts::server::http

#pragma once
// The server's counters, written in Prometheus' text format. Thread-safe: the transport records
// requests and limits from its own threads.

#include <QByteArray>
#include <QString>
#include <array>
#include <map>
#include <mutex>
#include <tuple>

namespace ts::server {

struct Gauges {
    int jobsQueued = 0, jobsRunning = 0, workers = 0, queueCapacity = 0;
    qint64 cacheBytes = -1, cacheSeries = -1, cacheBars = -1; // -1: not known yet
    bool ready = false;
    int connectionsOpen = 0;
    qint64 resultsKeptBytes = 0;
};

class ServerMetrics {
public:
    // `route` is the pattern ("/api/v1/reports/{id}"), so labels stay few.
    void recordRequest(const QString& method, const QString& route, int status, double seconds);
    void recordJob(const QString& kind, const QString& state, double seconds);
    void recordRejected(const QString& kind) { add(m_rejected, kind); }
    void recordDownload(const QString& status, int count = 1) { add(m_downloads, status, count); }
    void recordProviderError(const QString& provider) { add(m_providerErrors, provider); }
    // A server limit fired ("header_timeout", "rate", "kept_disk", ...).
    void recordLimit(const QString& limit) { add(m_limits, limit); }

    QByteArray text(const Gauges& g) const;

    // Upper bounds of the latency buckets, seconds.
    static constexpr std::array<double, 14> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10,   30};

private:
    struct Histogram {
        std::array<quint64, kBuckets.size()> counts{};
        quint64 count = 0;
        double sum = 0;
        void add(double v);
    };
    std::map<std::tuple<QString, QString, int>, quint64> m_requests; // method, route, status
    std::map<QString, Histogram> m_latency;                          // route
    std::map<std::pair<QString, QString>, quint64> m_jobs;           // kind, final state
    std::map<QString, Histogram> m_jobSeconds;                       // kind
    std::map<QString, quint64> m_rejected, m_downloads, m_providerErrors, m_limits;
    mutable std::mutex m_mutex;
    void add(std::map<QString, quint64>& m, const QString& key, int n = 1) {
        std::lock_guard lock(m_mutex);
        m[key] += n;
    }
    qint64 m_startedAt = 0;

public:
    ServerMetrics();
};

} // namespace ts::server

#include "server_metrics.h"

#include <QDateTime>

namespace ts::server {

namespace {

// Prometheus label values escape backslash, quote and newline.
QByteArray label(const QString& v) {
    QByteArray b = v.toUtf8();
    b.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return b;
}

QByteArray num(double v) {
    return QByteArray::number(v, 'g', 10);
}

void header(QByteArray& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

ServerMetrics::ServerMetrics()
    : m_startedAt(QDateTime::currentSecsSinceEpoch()) {}

void ServerMetrics::Histogram::add(double v) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (v <= kBuckets[i]) ++counts[i];
    ++count;
    sum += v;
}

void ServerMetrics::recordRequest(const QString& method, const QString& route, int status, double seconds) {
    std::lock_guard lock(m_mutex);
    ++m_requests[{method, route, status}];
    m_latency[route].add(seconds);
}

void ServerMetrics::recordJob(const QString& kind, const QString& state, double seconds) {
    std::lock_guard lock(m_mutex);
    ++m_jobs[{kind, state}];
    m_jobSeconds[kind].add(seconds);
}

QByteArray ServerMetrics::text(const Gauges& g) const {
    std::lock_guard lock(m_mutex);
    QByteArray o;
    auto histogram = [&o](const char* name, const char* labelName, const std::map<QString, Histogram>& m) {
        for (const auto& [key, h] : m) {
            const QByteArray l = QByteArray(labelName) + "=\"" + label(key) + '"';
            for (std::size_t i = 0; i < kBuckets.size(); ++i)
                o += QByteArray(name) + "_bucket{" + l + ",le=\"" + num(kBuckets[i]) + "\"} " +
                     QByteArray::number(h.counts[i]) + '\n';
            o += QByteArray(name) + "_bucket{" + l + ",le=\"+Inf\"} " + QByteArray::number(h.count) + '\n';
            o += QByteArray(name) + "_sum{" + l + "} " + num(h.sum) + '\n';
            o += QByteArray(name) + "_count{" + l + "} " + QByteArray::number(h.count) + '\n';
        }
    };
    auto counter = [&o](const char* name, const char* labelName, const std::map<QString, quint64>& m) {
        for (const auto& [key, n] : m)
            o += QByteArray(name) + '{' + labelName + "=\"" + label(key) + "\"} " + QByteArray::number(n) +
                 '\n';
    };

    header(o, "tearsheet_build_info", "gauge", "Version of the running server.");
    o += "tearsheet_build_info{version=\"" TEARSHEET_VERSION "\"} 1\n";
    header(o, "tearsheet_start_time_seconds", "gauge", "Start time of the server, Unix seconds.");
    o += "tearsheet_start_time_seconds " + QByteArray::number(m_startedAt) + '\n';
    header(o, "tearsheet_ready", "gauge", "1 when the cache is reachable and the server accepts work.");
    o += "tearsheet_ready " + QByteArray(g.ready ? "1" : "0") + '\n';

    header(o, "tearsheet_http_requests_total", "counter", "HTTP requests by method, route and status.");
    for (const auto& [key, n] : m_requests)
        o += "tearsheet_http_requests_total{method=\"" + label(std::get<0>(key)) + "\",route=\"" +
             label(std::get<1>(key)) + "\",status=\"" + QByteArray::number(std::get<2>(key)) + "\"} " +
             QByteArray::number(n) + '\n';
    header(o, "tearsheet_http_request_duration_seconds", "histogram",
           "Time from a complete request to the response written, by route.");
    histogram("tearsheet_http_request_duration_seconds", "route", m_latency);

    header(o, "tearsheet_jobs_queued", "gauge", "Jobs waiting for a worker.");
    o += "tearsheet_jobs_queued " + QByteArray::number(g.jobsQueued) + '\n';
    header(o, "tearsheet_jobs_running", "gauge", "Jobs running.");
    o += "tearsheet_jobs_running " + QByteArray::number(g.jobsRunning) + '\n';
    header(o, "tearsheet_workers", "gauge", "Size of the worker pool.");
    o += "tearsheet_workers " + QByteArray::number(g.workers) + '\n';
    header(o, "tearsheet_queue_capacity", "gauge", "Jobs that may wait before requests get 503.");
    o += "tearsheet_queue_capacity " + QByteArray::number(g.queueCapacity) + '\n';
    header(o, "tearsheet_jobs_total", "counter", "Finished jobs by kind and final state.");
    for (const auto& [key, n] : m_jobs)
        o += "tearsheet_jobs_total{kind=\"" + label(key.first) + "\",state=\"" + label(key.second) + "\"} " +
             QByteArray::number(n) + '\n';
    header(o, "tearsheet_job_duration_seconds", "histogram", "Run time of finished jobs, by kind.");
    histogram("tearsheet_job_duration_seconds", "kind", m_jobSeconds);
    header(o, "tearsheet_jobs_rejected_total", "counter", "Jobs refused because the queue was full.");
    counter("tearsheet_jobs_rejected_total", "kind", m_rejected);

    header(o, "tearsheet_cache_size_bytes", "gauge", "Size of the price cache file.");
    if (g.cacheBytes >= 0) o += "tearsheet_cache_size_bytes " + QByteArray::number(g.cacheBytes) + '\n';
    header(o, "tearsheet_cache_series", "gauge", "Series stored in the price cache.");
    if (g.cacheSeries >= 0) o += "tearsheet_cache_series " + QByteArray::number(g.cacheSeries) + '\n';
    header(o, "tearsheet_cache_bars", "gauge", "Daily bars stored in the price cache.");
    if (g.cacheBars >= 0) o += "tearsheet_cache_bars " + QByteArray::number(g.cacheBars) + '\n';

    header(o, "tearsheet_http_connections_open", "gauge", "Open client connections.");
    o += "tearsheet_http_connections_open " + QByteArray::number(g.connectionsOpen) + '\n';
    header(o, "tearsheet_limit_hits_total", "counter",
           "Times a server limit refused or stopped something, by limit (see README: serve limits).");
    counter("tearsheet_limit_hits_total", "limit", m_limits);
    header(o, "tearsheet_results_kept_bytes", "gauge", "Disk used by the kept results of finished jobs.");
    o += "tearsheet_results_kept_bytes " + QByteArray::number(g.resultsKeptBytes) + '\n';

    header(o, "tearsheet_download_symbols_total", "counter", "Symbols downloaded, by outcome.");
    counter("tearsheet_download_symbols_total", "status", m_downloads);
    header(o, "tearsheet_provider_errors_total", "counter",
           "Symbols a provider failed to deliver (the last provider tried).");
    counter("tearsheet_provider_errors_total", "provider", m_providerErrors);
    return o;
}

} // namespace ts::server

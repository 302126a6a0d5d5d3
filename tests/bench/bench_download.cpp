// On-demand benchmark of the download job against the loopback provider server: 200 symbols
// with a provider limit of 600 requests a minute (burst 1). Reports whether any window saw more
// than the limit allows and which share of the allowed rate was achieved.
//
//   build/bin/bench_download [symbols] [requests-per-minute]

#include "../net/mock_server.h"
#include "net/downloader.h"
#include "util/allocator.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace ts;

int main(int argc, char** argv) {
    tuneAllocator();
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 200;
    const double rpm = argc > 2 ? std::atof(argv[2]) : 600;
    test::MockServer server;
    if (!server.start()) {
        std::fprintf(stderr, "the loopback provider server did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    auto cache = cache::PriceCache::open(dir.filePath(QStringLiteral("bench.sqlite")));
    if (!cache) return 1;
    Settings s;
    providers::ProviderConfig c;
    c.baseUrl = server.url();
    c.ratePerMinute = rpm;
    c.burst = 1;
    s.providers[QStringLiteral("yahoo")] = c;
    net::DownloadParams p;
    p.providers = {QStringLiteral("yahoo")};
    p.jobs = 8;
    for (int i = 0; i < n; ++i)
        p.symbols << QStringLiteral("BENCH%1").arg(i);
    auto r = net::runDownload(p, s, **cache);
    if (!r || r->failed() > 0) {
        std::fprintf(stderr, "download failed\n");
        return 1;
    }
    std::vector<double> t;
    for (const auto& v : server.log())
        t.push_back(v.toObject().value(QStringLiteral("t")).toDouble());
    std::sort(t.begin(), t.end());
    const double rate = rpm / 60.0;
    // Worst excess over the token-bucket bound (burst + rate * T) across all windows.
    double worst = -1e9;
    for (std::size_t i = 0; i < t.size(); ++i)
        for (std::size_t j = i; j < t.size(); ++j)
            worst = std::max(worst, static_cast<double>(j - i + 1) - (1.0 + rate * (t[j] - t[i])));
    const double achieved = static_cast<double>(t.size() - 1) / (t.back() - t.front());
    // Most requests seen by the server in any 1 s and any 60 s window.
    auto maxIn = [&](double w) {
        std::size_t best = 0;
        for (std::size_t i = 0, j = 0; j < t.size(); ++j) {
            while (t[j] - t[i] >= w)
                ++i;
            best = std::max(best, j - i + 1);
        }
        return best;
    };
    std::printf("bench_download: %zu requests in %.2f s; allowed %.1f/s, achieved %.2f/s (%.1f%%)\n"
                "bench_download: most requests in any 1 s window %zu (limit %.0f + burst 1), in any 60 s "
                "window %zu (limit %.0f); "
                "worst excess over burst + rate*T %.2f requests (server-side arrival jitter)\n",
                t.size(), r->seconds, rate, achieved, 100.0 * achieved / rate, maxIn(1.0), rate, maxIn(60.0),
                rpm, worst);
    return 0;
}

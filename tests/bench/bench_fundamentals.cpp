// On-demand benchmark of fundamentals ingestion against the loopback server: a universe of
// 500 tickers x 3 statements (income, balance sheet, cash flow) + ratios, annual, 5 periods asked
// (the fixture has 4 fiscal years), at FMP's Starter limit of 300 requests a minute (burst 5).
// Reports the request rate achieved against the limit, the busiest 60 s window, and the time spent
// parsing and storing once the responses are in.
//
//   build/bin/bench_fundamentals [tickers] [requests-per-minute]

#include "../net/mock_server.h"
#include "cache/fundamentals_store.h"
#include "fundamentals/ingest.h"
#include "util/allocator.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace ts;
using namespace ts::fundamentals;

int main(int argc, char** argv) {
    tuneAllocator();
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 500;
    const double rpm = argc > 2 ? std::atof(argv[2]) : 300;
    test::MockServer server;
    if (!server.start()) {
        std::fprintf(stderr, "the loopback provider server did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    Settings s;
    s.cachePath = dir.filePath(QStringLiteral("bench.sqlite"));
    providers::ProviderConfig c;
    c.baseUrl = server.url();
    c.apiKey = QStringLiteral("testkey");
    c.ratePerMinute = rpm;
    c.burst = 5;
    s.providers[QStringLiteral("fmp")] = c;
    auto store = cache::FundamentalsStore::open(s.cachePath);
    if (!store) return 1;
    IngestParams p;
    p.statements = {Statement::Income, Statement::Balance, Statement::CashFlow, Statement::Ratios};
    p.limit = 5;
    p.jobs = 5; // FMP's documented concurrency ceiling
    for (int i = 0; i < n; ++i)
        p.symbols << QStringLiteral("U%1").arg(i, 4, 10, QLatin1Char('0'));
    int lastShown = -1;
    auto r = runIngest(p, s, **store, [&](const IngestProgress& pr) {
        if (pr.done / 100 != lastShown) {
            lastShown = pr.done / 100;
            std::fprintf(stderr, "  %d/%d, %.0f s, ETA %.0f s\n", pr.done, pr.total, pr.elapsedSeconds,
                         pr.etaSeconds);
        }
        return true;
    });
    if (!r || r->stored != r->tasks) {
        std::fprintf(stderr, "ingest failed\n");
        return 1;
    }
    std::vector<double> t;
    for (const auto& v : server.log())
        t.push_back(v.toObject().value(QStringLiteral("t")).toDouble());
    std::sort(t.begin(), t.end());
    std::size_t busiest = 0;
    for (std::size_t i = 0, j = 0; j < t.size(); ++j) {
        while (t[j] - t[i] >= 60.0)
            ++i;
        busiest = std::max(busiest, j - i + 1);
    }
    const double achieved =
        t.size() > 1 ? static_cast<double>(t.size() - 1) * 60.0 / (t.back() - t.front()) : 0;
    std::printf("%d tickers x %zu statements = %d requests in %.1f s\n", n, p.statements.size(), r->requests,
                r->seconds);
    std::printf(
        "rate: %.1f requests/min achieved, limit %.0f/min (%.1f%%); busiest 60 s window: %zu requests "
        "(bound: %.0f + burst 5)\n",
        achieved, rpm, 100.0 * achieved / rpm, busiest, rpm);
    std::printf(
        "stored %d line items; parsing + storing once responses are in: %.2f s (%.2f ms a statement)\n",
        r->items, r->processSeconds, 1000.0 * r->processSeconds / std::max(1, r->stored));
    return 0;
}

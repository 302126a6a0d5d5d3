// On-demand benchmark of the SQLite price cache: ingest 500 symbols x 25 years of daily bars
// (about 3.1 M rows), one transaction per series as the downloader stores them, then read one
// symbol's 25 years back (bars, and the adjusted closes) many times.
//
//   build/bin/bench_cache [symbols] [years] [cache-file]

#include "cache/price_cache.h"
#include "util/allocator.h"

#include <QDir>
#include <QFile>
#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace ts;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    tuneAllocator();
    const int symbols = argc > 1 ? std::atoi(argv[1]) : 500;
    const int years = argc > 2 ? std::atoi(argv[2]) : 25;
    const QString path = argc > 3 ? QString::fromLocal8Bit(argv[3])
                                  : QDir::temp().filePath(QStringLiteral("tearsheet-bench-cache.sqlite"));
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QString::fromLatin1(suffix));

    // Synthetic bars: weekdays from 1999, a random-walk close, one dividend a year.
    PriceHistory h;
    h.provider = QStringLiteral("yahoo");
    h.basis = PriceBasis::SplitAdjusted;
    QDate d(1999, 1, 4);
    double p = 50;
    unsigned seed = 12345;
    while (d < QDate(1999 + years, 1, 1)) {
        if (d.dayOfWeek() <= 5) {
            seed = seed * 1103515245u + 12345u;
            p *= 1.0 + (static_cast<double>(seed >> 16 & 0x7fff) / 32768.0 - 0.5) * 0.03;
            h.bars.push_back({d, p, p * 1.01, p * 0.99, p, p, 1e6});
            if (d.month() == 3 && d.day() <= 7 && d.dayOfWeek() == 1)
                h.actions.push_back({d, CorporateAction::Type::Dividend, p * 0.01});
        }
        d = d.addDays(1);
    }
    auto cache = cache::PriceCache::open(path);
    if (!cache) {
        std::fprintf(stderr, "%s\n", qPrintable(cache.error().message));
        return 1;
    }
    const auto t0 = Clock::now();
    for (int s = 0; s < symbols; ++s) {
        h.instrument.symbol = h.instrument.providerSymbol =
            QStringLiteral("SYM%1").arg(s, 3, 10, QLatin1Char('0'));
        auto r = (*cache)->store(h, false, QDateTime::currentDateTimeUtc());
        if (!r) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().message));
            return 1;
        }
    }
    const double ingest = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto rows = static_cast<double>(h.bars.size()) * symbols;
    std::printf(
        "bench_cache: ingest %d symbols x %zu bars = %.2f M rows in %.2f s (%.0f k rows/s), file %.0f MiB\n",
        symbols, h.bars.size(), rows / 1e6, ingest, rows / ingest / 1e3,
        static_cast<double>((*cache)->stats().fileBytes) / 1048576.0);

    std::vector<double> read, adj;
    for (int i = 0; i < 50; ++i) {
        const QString sym = QStringLiteral("SYM%1").arg((i * 37) % symbols, 3, 10, QLatin1Char('0'));
        auto a = Clock::now();
        auto hist = (*cache)->history(sym);
        auto b = Clock::now();
        auto closes = (*cache)->adjustedCloses(sym);
        auto c = Clock::now();
        if (!hist || hist->bars.size() != h.bars.size() || !closes) return 1;
        read.push_back(std::chrono::duration<double, std::milli>(b - a).count());
        adj.push_back(std::chrono::duration<double, std::milli>(c - b).count());
    }
    std::sort(read.begin(), read.end());
    std::sort(adj.begin(), adj.end());
    std::printf("bench_cache: read one symbol's %d years (%zu bars): median %.2f ms; with adjusted closes: "
                "median %.2f ms\n",
                years, h.bars.size(), read[read.size() / 2], adj[adj.size() / 2]);
    return 0;
}

#pragma once
// The download job: symbols in, per-symbol outcomes out, progress that can cancel. One thread runs
// a libcurl multi loop: up to `jobs` requests in flight, each provider behind its token bucket,
// retries with backoff on throttling and transient failures, failover along the provider ranking,
// incremental updates with an overlap check, and every series stored in one cache transaction.

#include "cache/price_cache.h"
#include "config/settings.h"

#include <functional>

namespace ts::net {

struct DownloadParams {
    QStringList symbols;
    QStringList providers; // ranking: the first is tried first; empty = settings' provider order
    QDate start, end;      // invalid start: the whole history (or incremental from the cache)
    int jobs = 4;          // requests in flight at once
    bool full = false;     // ignore what is stored: refetch and replace
    int overlapDays = 7;   // incremental refetch starts this many calendar days before the last bar
    // A replacement of a stored series (full, a re-adjusted history, another provider taking over)
    // is refused when it would lose or change stored history: the offer has no bars, starts after
    // the stored first bar, ends before the stored last bar, has fewer bars between the two, or
    // comes from another provider whose closes on common dates differ by more than 1e-4 (relative;
    // adjusted closes when both have them). Set this to replace anyway. An extension is never refused.
    bool replaceHistory = false;
};

// A series' extent: what is stored, or what a provider offers.
struct SeriesExtent {
    QString provider;
    qint64 bars = 0;
    QDate first, last;
};

struct SymbolOutcome {
    // Refused: a replacement was offered that would lose or change stored history; the cache
    // keeps the stored series and `stored`/`offered` say what was weighed.
    enum class Status { Updated, UpToDate, Refused, Failed, Cancelled };
    QString symbol;
    Status status = Status::Failed;
    QString provider; // who served it (empty when failed)
    int barsAdded = 0, barsUpdated = 0;
    bool fullRefetch = false;
    QString message;              // the failure, or a note (history refetched, ...)
    QStringList warnings;         // adjustment cross-check, skipped events
    bool unknownSymbol = false;   // a provider said the symbol does not exist: no other one was asked
    SeriesExtent stored, offered; // when Refused
};

struct DownloadResult {
    std::vector<SymbolOutcome> outcomes; // in the order of params.symbols
    int requests = 0;
    qint64 bytes = 0;
    double seconds = 0;
    bool cancelled = false;

    int failed() const;  // failed or cancelled
    int refused() const; // kept the stored history
};

struct DownloadProgress {
    int done = 0, total = 0;
    qint64 bytes = 0;
    QString symbol;  // the last symbol that finished or changed state
    QString message; // e.g. "throttled by yahoo, retrying in 2.0 s"
};
// Return false to cancel.
using DownloadProgressFn = std::function<bool(const DownloadProgress&)>;

QString statusName(SymbolOutcome::Status s);

Result<DownloadResult> runDownload(const DownloadParams& params, const Settings& settings,
                                   cache::PriceCache& cache, const DownloadProgressFn& progress = {});

} // namespace ts::net

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
};

struct SymbolOutcome {
    enum class Status { Updated, UpToDate, Failed, Cancelled };
    QString symbol;
    Status status = Status::Failed;
    QString provider; // who served it (empty when failed)
    int barsAdded = 0, barsUpdated = 0;
    bool fullRefetch = false;
    QString message;      // the failure, or a note (history refetched, ...)
    QStringList warnings; // adjustment cross-check, skipped events
};

struct DownloadResult {
    std::vector<SymbolOutcome> outcomes; // in the order of params.symbols
    int requests = 0;
    qint64 bytes = 0;
    double seconds = 0;
    bool cancelled = false;

    int failed() const;
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

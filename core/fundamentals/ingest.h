#pragma once
// Fundamentals for a universe: params in, result out, progress that can cancel. One request per
// (symbol, statement, period type) through the provider's token bucket, a few in flight, retries
// with backoff on throttling and transient failures. Every statement is stored in its own
// transaction with its fetch record, and fetches younger than `maxAgeDays` are skipped, so a run
// stopped by a kill, a cancel or the provider's quota resumes where it stopped. A quota or key
// answer stops the run (every later request would get the same answer).

#include "cache/fundamentals_store.h"
#include "config/settings.h"
#include "fundamentals/statement.h"

#include <functional>

namespace ts::fundamentals {

struct IngestParams {
    QStringList symbols;
    QString provider = QStringLiteral("fmp");
    std::vector<Statement> statements; // empty: everything the source offers
    std::vector<PeriodType> periods{PeriodType::Annual};
    int limit = 5;      // periods per statement
    int maxAgeDays = 7; // a fetch younger than this is not repeated
    bool force = false; // fetch even what is fresh
    int jobs = 4;       // requests in flight
};

struct IngestProgress {
    int done = 0, total = 0, skipped = 0;
    int requests = 0;
    double elapsedSeconds = 0;
    double etaSeconds = -1; // from the rate limit and the latency seen so far
    QString symbol, message;
};
using IngestProgressFn = std::function<bool(const IngestProgress&)>; // false cancels

struct IngestSymbol {
    QString symbol;
    int stored = 0, skipped = 0;
    QStringList failures;
};

struct IngestResult {
    std::vector<IngestSymbol> symbols;
    int tasks = 0, stored = 0, skipped = 0, failed = 0, remaining = 0;
    int requests = 0, items = 0;
    double seconds = 0;
    double requestsPerMinute = 0; // achieved, over the run
    double processSeconds = 0;    // parsing and storing, once the responses are in
    double limitPerMinute = 0;    // the configured rate
    QString stoppedBy;            // "quota", "unauthorized", "cancelled", or empty
    QString stopMessage;
};

Result<IngestResult> runIngest(const IngestParams& params, const Settings& settings,
                               cache::FundamentalsStore& store, const IngestProgressFn& progress = {});

} // namespace ts::fundamentals

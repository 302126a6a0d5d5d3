#pragma once
// The offline store of daily bars: one SQLite file (WAL) shared by the desktop app and CLI runs.
// A fetch is stored in one transaction: all of a series' new bars, its events and the fetch-log
// rows, or nothing. Open one PriceCache per thread.

#include "cache/sqlite_db.h"
#include "data/adjustment.h"
#include "data/price_history.h"
#include "data/series.h"

#include <QDateTime>
#include <memory>
#include <optional>

namespace ts::cache {

struct StoredInstrument {
    Instrument instrument;
    QString provider;
    PriceBasis basis = PriceBasis::Adjusted;
    qint64 bars = 0;
    QDate first, last;
    QString updatedAt;
};

struct FetchLogEntry {
    QDateTime at;
    QString provider, symbol;
    QDate from, to;
    long httpStatus = 0;
    qint64 bytes = 0;
    double seconds = 0;
    int attempt = 1;
    QString error; // empty on success; never contains a key
};

struct CacheStats {
    QString path;
    qint64 fileBytes = 0;
    int schemaVersion = 0;
    qint64 instruments = 0, bars = 0, actions = 0, fetches = 0;
};

struct StoreResult {
    int barsAdded = 0;   // dates not stored before
    int barsUpdated = 0; // dates stored before, values replaced
};

class PriceCache {
public:
    static Result<std::unique_ptr<PriceCache>> open(const QString& path, bool create = true);

    // replace = true drops the series' bars and events first (a full refetch after a corporate
    // action, or another provider taking over); otherwise bars are upserted by date.
    Result<StoreResult> store(const PriceHistory& h, bool replace, const QDateTime& fetchedAt,
                              const std::vector<FetchLogEntry>& log = {});
    Result<bool> logFetch(const FetchLogEntry& e);

    std::optional<StoredInstrument> instrument(const QString& symbol);
    std::vector<StoredInstrument> instruments();
    // Bars and events of a symbol within [from, to] (invalid dates: open ends).
    Result<PriceHistory> history(const QString& symbol, const QDate& from = {}, const QDate& to = {});
    // The total-return close series (providers.md §8), with any adjustment warnings.
    Result<AdjustedCloses> adjustedCloses(const QString& symbol, const QDate& from = {},
                                          const QDate& to = {});
    std::vector<FetchLogEntry> fetchLog(const QString& symbol, int limit = 20);
    // Holes of more than `days` calendar days between consecutive bars: how many, and the longest.
    std::pair<int, int> gaps(const QString& symbol, int days = 7);
    // The latest stored close and its date (nothing when the symbol has no bars); market ratios
    // price a company with it.
    std::optional<std::pair<QDate, double>> lastClose(const QString& symbol);

    Result<bool> remove(const QString& symbol);
    // PRAGMA integrity_check and foreign_key_check; an empty list means healthy.
    Result<QStringList> verify();
    Result<bool> vacuum();
    CacheStats stats();
    QString path() const { return m_db->path(); }

private:
    explicit PriceCache(std::unique_ptr<Db> db)
        : m_db(std::move(db)) {}
    Result<PriceHistory> readBars(const QString& symbol, const QDate& from, const QDate& to, bool closesOnly);
    std::unique_ptr<Db> m_db;
};

} // namespace ts::cache

#pragma once
// Fundamentals in the cache file (schema v2): every fetched statement stored in one transaction
// together with its fetch record, so a killed or quota-stopped run keeps what it stored and the
// next run skips what is fresh.

#include "cache/sqlite_db.h"
#include "fundamentals/statement.h"

#include <QDateTime>
#include <memory>
#include <optional>

namespace ts::cache {

struct FundamentalsFetch {
    QString symbol, provider, statement, periodType;
    QDateTime fetchedAt;
    QString status; // "ok", "not_found", "failed"
    QString message;
};

class FundamentalsStore {
public:
    static Result<std::unique_ptr<FundamentalsStore>> open(const QString& path, bool create = true);

    // Replaces what the set's (symbol, statement, period type) held and records the fetch.
    Result<int> store(const fundamentals::StatementSet& set, const QDateTime& fetchedAt);
    // A fetch that brought nothing to store (not found, not entitled): recorded so it is not retried
    // before it is stale.
    Result<bool> recordFetch(const FundamentalsFetch& f);
    std::optional<FundamentalsFetch> lastFetch(const QString& symbol, const QString& provider,
                                               const QString& statement, const QString& periodType);

    // Every stored line item of a symbol (optionally one statement), oldest period first.
    std::vector<fundamentals::LineItem> items(const QString& symbol,
                                              std::optional<fundamentals::Statement> s = {});
    QString providerOf(const QString& symbol);
    // "name", "sector", "industry", "currency" as a source gave them (empty when none did).
    std::map<QString, QString> profile(const QString& symbol);
    QStringList symbols();

private:
    explicit FundamentalsStore(std::unique_ptr<Db> db)
        : m_db(std::move(db)) {}
    std::unique_ptr<Db> m_db;
};

} // namespace ts::cache

#include "cache/schema.h"

#include <QDir>
#include <QFileInfo>
#include <array>

namespace ts::cache {
namespace {

// Dates are ISO text (YYYY-MM-DD), exchange-local trading dates. Prices of a series keep the
// provider's basis (instruments.price_basis); adjusted closes are derived on read (providers.md §8).
constexpr std::array kMigrations = {
    R"sql(
CREATE TABLE instruments (
  id INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  provider_symbol TEXT NOT NULL,
  name TEXT, currency TEXT, exchange_tz TEXT, asset_type TEXT,
  price_basis TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE daily_bars (
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  open REAL, high REAL, low REAL, close REAL NOT NULL,
  provider_adj_close REAL, volume REAL,
  provider TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (instrument_id, date)
) WITHOUT ROWID;
CREATE TABLE corporate_actions (
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  ex_date TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('dividend', 'split')),
  value REAL NOT NULL,
  provider TEXT NOT NULL,
  PRIMARY KEY (instrument_id, ex_date, type)
) WITHOUT ROWID;
CREATE TABLE fetch_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  provider TEXT NOT NULL,
  symbol TEXT NOT NULL,
  range_from TEXT, range_to TEXT,
  http_status INTEGER,
  bytes INTEGER,
  duration_ms REAL,
  attempt INTEGER,
  error TEXT
);
CREATE INDEX fetch_log_symbol ON fetch_log(symbol, at);
)sql",
    // Fundamentals: one value per line item and period, whatever the provider; and what was fetched
    // when, so a universe run resumes where it stopped.
    R"sql(
CREATE TABLE fundamentals (
  symbol TEXT NOT NULL,
  period_end TEXT NOT NULL,
  period_type TEXT NOT NULL CHECK (period_type IN ('annual', 'quarter')),
  fiscal_period TEXT,
  statement TEXT NOT NULL,
  item TEXT NOT NULL,
  value REAL NOT NULL,
  currency TEXT,
  provider TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  PRIMARY KEY (symbol, statement, period_type, period_end, item)
) WITHOUT ROWID;
CREATE INDEX fundamentals_item ON fundamentals(item, period_end);
CREATE TABLE fundamentals_fetches (
  symbol TEXT NOT NULL,
  provider TEXT NOT NULL,
  statement TEXT NOT NULL,
  period_type TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  status TEXT NOT NULL,
  message TEXT,
  PRIMARY KEY (symbol, provider, statement, period_type)
) WITHOUT ROWID;
CREATE TABLE fundamentals_profile (
  symbol TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  name TEXT, sector TEXT, industry TEXT, currency TEXT,
  fetched_at TEXT NOT NULL
);
)sql",
};

Result<int> currentVersion(Db& db) {
    auto s = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!s) return s.error();
    if (!s->step()) return Error::internal(s->error());
    return static_cast<int>(s->integer(0));
}

} // namespace

int latestSchemaVersion() {
    return static_cast<int>(kMigrations.size());
}

Result<int> migrate(Db& db) {
    if (auto r = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !r)
        return r.error();
    for (;;) {
        auto v = currentVersion(db);
        if (!v) return v.error();
        if (*v > latestSchemaVersion())
            return Error::badInput(
                QStringLiteral("cache %1 has schema version %2, newer than this Tearsheet knows (%3)")
                    .arg(db.path())
                    .arg(*v)
                    .arg(latestSchemaVersion()));
        if (*v == latestSchemaVersion()) return *v;
        Transaction tx(db);
        if (!tx.begun()) return Error::internal(tx.error());
        auto again = currentVersion(db); // another process may have migrated meanwhile
        if (!again) return again.error();
        if (*again != *v) continue;
        if (auto r = db.exec(kMigrations[static_cast<std::size_t>(*v)]); !r) return r.error();
        auto ins = db.prepare("INSERT INTO schema_version(version) VALUES (?)");
        if (!ins) return ins.error();
        ins->bind(1, static_cast<qint64>(*v + 1));
        ins->step();
        if (ins->failed()) return Error::internal(ins->error());
        if (auto r = tx.commit(); !r) return r.error();
    }
}

Result<std::unique_ptr<Db>> openCacheDb(const QString& path, bool create) {
    if (create) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            return Error::badInput(QStringLiteral("cache %1: cannot create folder %2").arg(path, dir));
    } else if (!QFileInfo::exists(path)) {
        return Error::badInput(QStringLiteral("cache %1: no such file").arg(path));
    }
    auto db = Db::open(path, create);
    if (!db) return db.error();
    auto v = migrate(**db);
    if (!v) {
        Error e = v.error();
        if (e.message.contains(QLatin1String("not a database")) ||
            e.message.contains(QLatin1String("malformed")))
            e = Error::badInput(
                QStringLiteral("cache %1 is damaged (%2); nothing was changed").arg(path, e.message));
        return e;
    }
    return std::move(db).value();
}

} // namespace ts::cache

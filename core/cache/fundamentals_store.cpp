#include "cache/fundamentals_store.h"

#include "cache/schema.h"

namespace ts::cache {

using namespace ts::fundamentals;

namespace {
Error sqlError(const QString& what, const QString& msg) {
    return Error::internal(QStringLiteral("fundamentals cache: %1: %2").arg(what, msg));
}
} // namespace

Result<std::unique_ptr<FundamentalsStore>> FundamentalsStore::open(const QString& path, bool create) {
    auto db = openCacheDb(path, create);
    if (!db) return db.error();
    return std::unique_ptr<FundamentalsStore>(new FundamentalsStore(std::move(db).value()));
}

Result<int> FundamentalsStore::store(const StatementSet& set, const QDateTime& fetchedAt) {
    Transaction tx(*m_db);
    if (!tx.begun()) return sqlError(QStringLiteral("begin"), tx.error());
    const QString at = fetchedAt.toUTC().toString(Qt::ISODateWithMs);
    const QString statement = statementName(set.statement), period = periodTypeName(set.period);
    auto del =
        m_db->prepare("DELETE FROM fundamentals WHERE symbol = ?1 AND statement = ?2 AND period_type = ?3");
    if (!del) return del.error();
    del->bind(1, set.symbol).bind(2, statement).bind(3, period);
    del->step();
    if (del->failed()) return sqlError(QStringLiteral("delete"), del->error());
    auto ins =
        m_db->prepare("INSERT OR REPLACE INTO fundamentals(symbol, period_end, period_type, fiscal_period, "
                      "statement, item, value, currency, provider, fetched_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!ins) return ins.error();
    int n = 0;
    for (const LineItem& li : set.items) {
        ins->reset();
        ins->bind(1, set.symbol)
            .bind(2, li.periodEnd.toString(Qt::ISODate))
            .bind(3, periodTypeName(li.period))
            .bind(4, li.fiscalPeriod)
            .bind(5, statement)
            .bind(6, li.item)
            .bind(7, li.value)
            .bind(8, li.currency)
            .bind(9, set.provider)
            .bind(10, at);
        ins->step();
        if (ins->failed()) return sqlError(QStringLiteral("insert"), ins->error());
        ++n;
    }
    if (!set.profile.empty()) {
        auto prof =
            m_db->prepare("INSERT OR REPLACE INTO fundamentals_profile(symbol, provider, name, sector, "
                          "industry, currency, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!prof) return prof.error();
        auto text = [&](const char* key) {
            auto it = set.profile.find(QLatin1String(key));
            return it == set.profile.end() ? QString() : it->second;
        };
        prof->bind(1, set.symbol)
            .bind(2, set.provider)
            .bind(3, text("name"))
            .bind(4, text("sector"))
            .bind(5, text("industry"))
            .bind(6, text("currency"))
            .bind(7, at);
        prof->step();
        if (prof->failed()) return sqlError(QStringLiteral("profile"), prof->error());
    }
    auto log =
        m_db->prepare("INSERT OR REPLACE INTO fundamentals_fetches(symbol, provider, statement, period_type, "
                      "fetched_at, status, message) VALUES (?1, ?2, ?3, ?4, ?5, 'ok', NULL)");
    if (!log) return log.error();
    log->bind(1, set.symbol).bind(2, set.provider).bind(3, statement).bind(4, period).bind(5, at);
    log->step();
    if (log->failed()) return sqlError(QStringLiteral("fetch record"), log->error());
    if (auto c = tx.commit(); !c) return c.error();
    return n;
}

Result<bool> FundamentalsStore::recordFetch(const FundamentalsFetch& f) {
    auto log =
        m_db->prepare("INSERT OR REPLACE INTO fundamentals_fetches(symbol, provider, statement, period_type, "
                      "fetched_at, status, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!log) return log.error();
    log->bind(1, f.symbol)
        .bind(2, f.provider)
        .bind(3, f.statement)
        .bind(4, f.periodType)
        .bind(5, f.fetchedAt.toUTC().toString(Qt::ISODateWithMs))
        .bind(6, f.status)
        .bind(7, f.message);
    log->step();
    if (log->failed()) return sqlError(QStringLiteral("fetch record"), log->error());
    return true;
}

std::optional<FundamentalsFetch> FundamentalsStore::lastFetch(const QString& symbol, const QString& provider,
                                                              const QString& statement,
                                                              const QString& periodType) {
    auto q =
        m_db->prepare("SELECT fetched_at, status, message FROM fundamentals_fetches WHERE symbol = ?1 AND "
                      "provider = ?2 AND statement = ?3 AND period_type = ?4");
    if (!q) return std::nullopt;
    q->bind(1, symbol).bind(2, provider).bind(3, statement).bind(4, periodType);
    if (!q->step()) return std::nullopt;
    return FundamentalsFetch{
        symbol,     provider,  statement, periodType, QDateTime::fromString(q->text(0), Qt::ISODateWithMs),
        q->text(1), q->text(2)};
}

std::vector<LineItem> FundamentalsStore::items(const QString& symbol, std::optional<Statement> s) {
    std::vector<LineItem> out;
    auto q = m_db->prepare(
        s ? "SELECT period_end, period_type, fiscal_period, statement, item, value, currency FROM "
            "fundamentals WHERE symbol = ?1 AND statement = ?2 ORDER BY period_end, item"
          : "SELECT period_end, period_type, fiscal_period, statement, item, value, currency FROM "
            "fundamentals WHERE symbol = ?1 ORDER BY period_end, item");
    if (!q) return out;
    q->bind(1, symbol);
    if (s) q->bind(2, statementName(*s));
    while (q->step()) {
        LineItem li;
        li.periodEnd = QDate::fromString(q->text(0), Qt::ISODate);
        li.period = q->text(1) == QLatin1String("annual") ? PeriodType::Annual : PeriodType::Quarter;
        li.fiscalPeriod = q->text(2);
        li.statement = statementFromName(q->text(3)).value_or(Statement::Income);
        li.item = q->text(4);
        li.value = q->real(5);
        li.currency = q->text(6);
        out.push_back(std::move(li));
    }
    return out;
}

QString FundamentalsStore::providerOf(const QString& symbol) {
    auto q =
        m_db->prepare("SELECT provider FROM fundamentals WHERE symbol = ?1 ORDER BY fetched_at DESC LIMIT 1");
    if (!q) return {};
    q->bind(1, symbol);
    return q->step() ? q->text(0) : QString();
}

std::map<QString, QString> FundamentalsStore::profile(const QString& symbol) {
    std::map<QString, QString> out;
    auto q =
        m_db->prepare("SELECT name, sector, industry, currency FROM fundamentals_profile WHERE symbol = ?1");
    if (!q) return out;
    q->bind(1, symbol);
    if (!q->step()) return out;
    const char* keys[] = {"name", "sector", "industry", "currency"};
    for (int i = 0; i < 4; ++i)
        if (!q->text(i).isEmpty()) out[QLatin1String(keys[i])] = q->text(i);
    return out;
}

QStringList FundamentalsStore::symbols() {
    QStringList out;
    auto q = m_db->prepare("SELECT DISTINCT symbol FROM fundamentals ORDER BY symbol");
    if (!q) return out;
    while (q->step())
        out << q->text(0);
    return out;
}

} // namespace ts::cache

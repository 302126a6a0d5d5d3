#include "cache/price_cache.h"

#include "cache/schema.h"
#include "data/date_validation.h"

#include <QDir>
#include <QFileInfo>

namespace ts::cache {
namespace {

QString iso(const QDate& d) {
    return d.toString(Qt::ISODate);
}

// "YYYY-MM-DD" without going through QDate::fromString (reading 25 years of bars parses 6,000+).
// A cache file is input too: anything but a supported date is an invalid QDate.
QDate parseIso(QByteArrayView v) {
    if (v.size() != 10 || v[4] != '-' || v[7] != '-')
        return parseIsoDate(QString::fromLatin1(v.data(), v.size()));
    auto num = [&](int from, int len) {
        int n = 0;
        for (int i = from; i < from + len; ++i) {
            if (v[i] < '0' || v[i] > '9') return -1;
            n = n * 10 + (v[i] - '0');
        }
        return n;
    };
    const QDate d(num(0, 4), num(5, 2), num(8, 2));
    return isSupportedDate(d) ? d : QDate();
}

QString typeName(CorporateAction::Type t) {
    return t == CorporateAction::Type::Split ? QStringLiteral("split") : QStringLiteral("dividend");
}

Error sqlError(const QString& what, const QString& detail) {
    return Error::internal(QStringLiteral("cache: %1: %2").arg(what, detail));
}

} // namespace

Result<std::unique_ptr<PriceCache>> PriceCache::open(const QString& path, bool create) {
    auto db = openCacheDb(path, create);
    if (!db) return db.error();
    return std::unique_ptr<PriceCache>(new PriceCache(std::move(db).value()));
}

Result<StoreResult> PriceCache::store(const PriceHistory& h, bool replace, const QDateTime& fetchedAt,
                                      const std::vector<FetchLogEntry>& log) {
    Transaction tx(*m_db);
    if (!tx.begun()) return sqlError(QStringLiteral("begin"), tx.error());
    const QString at = fetchedAt.toUTC().toString(Qt::ISODateWithMs);
    auto up =
        m_db->prepare("INSERT INTO instruments(symbol, provider, provider_symbol, name, currency, "
                      "exchange_tz, asset_type, price_basis, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(symbol) DO UPDATE SET "
                      "provider = ?2, provider_symbol = ?3, "
                      "name = COALESCE(NULLIF(?4, ''), name), currency = COALESCE(NULLIF(?5, ''), currency), "
                      "exchange_tz = COALESCE(NULLIF(?6, ''), exchange_tz), asset_type = COALESCE(NULLIF(?7, "
                      "''), asset_type), "
                      "price_basis = ?8, updated_at = ?9 RETURNING id");
    if (!up) return up.error();
    const Instrument& in = h.instrument;
    up->bind(1, in.symbol)
        .bind(2, h.provider)
        .bind(3, in.providerSymbol)
        .bind(4, in.name)
        .bind(5, in.currency);
    up->bind(6, in.exchangeTz).bind(7, in.assetType).bind(8, basisName(h.basis)).bind(9, at);
    if (!up->step()) return sqlError(QStringLiteral("instrument %1").arg(in.symbol), up->error());
    const qint64 id = up->integer(0);
    up->step();

    StoreResult result;
    if (replace) {
        auto del = m_db->prepare("DELETE FROM daily_bars WHERE instrument_id = ?");
        auto delA = m_db->prepare("DELETE FROM corporate_actions WHERE instrument_id = ?");
        if (!del || !delA) return sqlError(QStringLiteral("replace"), m_db->lastError());
        del->bind(1, id).step();
        delA->bind(1, id).step();
        if (del->failed() || delA->failed())
            return sqlError(QStringLiteral("replace %1").arg(in.symbol), m_db->lastError());
    }
    auto exists =
        m_db->prepare("SELECT COUNT(*) FROM daily_bars WHERE instrument_id = ? AND date BETWEEN ? AND ?");
    if (!exists) return exists.error();
    qint64 before = 0;
    if (!h.bars.empty()) {
        exists->bind(1, id).bind(2, iso(h.bars.front().date)).bind(3, iso(h.bars.back().date));
        if (exists->step()) before = exists->integer(0);
    }
    auto ins = m_db->prepare(
        "INSERT INTO daily_bars(instrument_id, date, open, high, low, close, provider_adj_close, volume, "
        "provider, fetched_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(instrument_id, date) DO UPDATE SET open = "
        "excluded.open, "
        "high = excluded.high, low = excluded.low, close = excluded.close, provider_adj_close = "
        "excluded.provider_adj_close, "
        "volume = excluded.volume, provider = excluded.provider, fetched_at = excluded.fetched_at");
    if (!ins) return ins.error();
    for (const Bar& b : h.bars) {
        ins->bind(1, id).bind(2, iso(b.date)).bind(3, b.open).bind(4, b.high).bind(5, b.low).bind(6, b.close);
        ins->bind(7, b.providerAdjClose).bind(8, b.volume).bind(9, h.provider).bind(10, at);
        ins->step();
        if (ins->failed())
            return sqlError(QStringLiteral("bar %1 %2").arg(in.symbol, iso(b.date)), ins->error());
        ins->reset();
    }
    result.barsUpdated = static_cast<int>(before);
    result.barsAdded = static_cast<int>(h.bars.size()) - result.barsUpdated;
    auto act = m_db->prepare(
        "INSERT INTO corporate_actions(instrument_id, ex_date, type, value, provider) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(instrument_id, ex_date, type) DO UPDATE SET value = excluded.value, provider = "
        "excluded.provider");
    if (!act) return act.error();
    for (const auto& a : h.actions) {
        act->bind(1, id)
            .bind(2, iso(a.exDate))
            .bind(3, typeName(a.type))
            .bind(4, a.value)
            .bind(5, h.provider);
        act->step();
        if (act->failed()) return sqlError(QStringLiteral("event %1").arg(in.symbol), act->error());
        act->reset();
    }
    for (const auto& e : log)
        if (auto r = logFetch(e); !r) return r.error();
    if (auto r = tx.commit(); !r) return r.error();
    return result;
}

Result<bool> PriceCache::logFetch(const FetchLogEntry& e) {
    auto s = m_db->prepare("INSERT INTO fetch_log(at, provider, symbol, range_from, range_to, http_status, "
                           "bytes, duration_ms, attempt, error) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return s.error();
    s->bind(1, (e.at.isValid() ? e.at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODateWithMs));
    s->bind(2, e.provider).bind(3, e.symbol);
    if (e.from.isValid())
        s->bind(4, iso(e.from));
    else
        s->bindNull(4);
    if (e.to.isValid())
        s->bind(5, iso(e.to));
    else
        s->bindNull(5);
    s->bind(6, static_cast<qint64>(e.httpStatus))
        .bind(7, e.bytes)
        .bind(8, e.seconds * 1000.0)
        .bind(9, static_cast<qint64>(e.attempt));
    if (e.error.isEmpty())
        s->bindNull(10);
    else
        s->bind(10, e.error);
    s->step();
    if (s->failed()) return sqlError(QStringLiteral("fetch log"), s->error());
    return true;
}

namespace {
constexpr const char* kInstrumentSelect =
    "SELECT i.symbol, i.provider_symbol, i.name, i.currency, i.exchange_tz, i.asset_type, i.provider, "
    "i.price_basis, "
    "i.updated_at, (SELECT COUNT(*) FROM daily_bars b WHERE b.instrument_id = i.id), "
    "(SELECT MIN(date) FROM daily_bars b WHERE b.instrument_id = i.id), "
    "(SELECT MAX(date) FROM daily_bars b WHERE b.instrument_id = i.id) FROM instruments i ";

StoredInstrument readInstrument(const Stmt& s) {
    StoredInstrument si;
    si.instrument = {s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
    si.provider = s.text(6);
    si.basis = basisFromName(s.text(7));
    si.updatedAt = s.text(8);
    si.bars = s.integer(9);
    si.first = parseIso(s.textView(10));
    si.last = parseIso(s.textView(11));
    return si;
}
} // namespace

std::optional<StoredInstrument> PriceCache::instrument(const QString& symbol) {
    auto s = m_db->prepare((std::string(kInstrumentSelect) + "WHERE i.symbol = ?").c_str());
    if (!s) return std::nullopt;
    s->bind(1, symbol);
    if (!s->step()) return std::nullopt;
    return readInstrument(*s);
}

std::vector<StoredInstrument> PriceCache::instruments() {
    std::vector<StoredInstrument> out;
    auto s = m_db->prepare((std::string(kInstrumentSelect) + "ORDER BY i.symbol").c_str());
    if (!s) return out;
    while (s->step())
        out.push_back(readInstrument(*s));
    return out;
}

Result<PriceHistory> PriceCache::history(const QString& symbol, const QDate& from, const QDate& to) {
    return readBars(symbol, from, to, /*closesOnly=*/false);
}

Result<PriceHistory> PriceCache::readBars(const QString& symbol, const QDate& from, const QDate& to,
                                          bool closesOnly) {
    // The instrument row alone (no bar counts): this read is on the analysis path.
    auto i = m_db->prepare(
        "SELECT id, provider_symbol, name, currency, exchange_tz, asset_type, provider, price_basis "
        "FROM instruments WHERE symbol = ?");
    if (!i) return i.error();
    i->bind(1, symbol);
    if (!i->step())
        return Error::badInput(
            QStringLiteral(
                "%1 is not in the cache %2 (download it first: tearsheet-cli download --symbols %1)")
                .arg(symbol, path()));
    const qint64 id = i->integer(0);
    PriceHistory h;
    h.instrument = {symbol, i->text(1), i->text(2), i->text(3), i->text(4), i->text(5)};
    h.provider = i->text(6);
    h.basis = basisFromName(i->text(7));
    auto s = m_db->prepare(
        closesOnly ? "SELECT date, close FROM daily_bars WHERE instrument_id = ? AND date >= ? AND date <= ? "
                     "ORDER BY date"
                   : "SELECT date, close, open, high, low, provider_adj_close, volume FROM daily_bars "
                     "WHERE instrument_id = ? AND date >= ? AND date <= ? ORDER BY date");
    if (!s) return s.error();
    s->bind(1, id)
        .bind(2, from.isValid() ? iso(from) : QStringLiteral("0000"))
        .bind(3, to.isValid() ? iso(to) : QStringLiteral("9999"));
    h.bars.reserve(8192);
    while (s->step()) {
        Bar& b = h.bars.emplace_back();
        b.date = parseIso(s->textView(0));
        b.close = s->real(1);
        if (closesOnly) {
            b.open = b.high = b.low = b.providerAdjClose = b.volume = NAN;
            continue;
        }
        b.open = s->real(2);
        b.high = s->real(3);
        b.low = s->real(4);
        b.providerAdjClose = s->real(5);
        b.volume = s->real(6);
    }
    if (s->failed()) return sqlError(QStringLiteral("read %1").arg(symbol), s->error());
    auto a = m_db->prepare(
        "SELECT ex_date, type, value FROM corporate_actions WHERE instrument_id = ? ORDER BY ex_date");
    if (!a) return a.error();
    a->bind(1, id);
    while (a->step())
        h.actions.push_back({parseIso(a->textView(0)),
                             a->text(1) == QLatin1String("split") ? CorporateAction::Type::Split
                                                                  : CorporateAction::Type::Dividend,
                             a->real(2)});
    return h;
}

Result<AdjustedCloses> PriceCache::adjustedCloses(const QString& symbol, const QDate& from, const QDate& to) {
    // Events after `to` still scale the window's history, so read every close and cut afterwards.
    auto h = readBars(symbol, {}, {}, /*closesOnly=*/true);
    if (!h) return h.error();
    AdjustedCloses all = adjustCloses(h->bars, h->actions, h->basis);
    if (!from.isValid() && !to.isValid()) return all;
    AdjustedCloses cut;
    cut.warnings = all.warnings;
    for (std::size_t i = 0; i < all.dates.size(); ++i) {
        if ((from.isValid() && all.dates[i] < from) || (to.isValid() && all.dates[i] > to)) continue;
        cut.dates.push_back(all.dates[i]);
        cut.closes.push_back(all.closes[i]);
    }
    return cut;
}

std::vector<FetchLogEntry> PriceCache::fetchLog(const QString& symbol, int limit) {
    std::vector<FetchLogEntry> out;
    auto s = m_db->prepare(
        "SELECT at, provider, symbol, range_from, range_to, http_status, bytes, duration_ms, attempt, error "
        "FROM fetch_log WHERE symbol = ? ORDER BY id DESC LIMIT ?");
    if (!s) return out;
    s->bind(1, symbol).bind(2, static_cast<qint64>(limit));
    while (s->step()) {
        FetchLogEntry e;
        e.at = QDateTime::fromString(s->text(0), Qt::ISODateWithMs);
        e.provider = s->text(1);
        e.symbol = s->text(2);
        e.from = parseIso(s->textView(3));
        e.to = parseIso(s->textView(4));
        e.httpStatus = static_cast<long>(s->integer(5));
        e.bytes = s->integer(6);
        e.seconds = s->real(7) / 1000.0;
        e.attempt = static_cast<int>(s->integer(8));
        e.error = s->text(9);
        out.push_back(e);
    }
    return out;
}

std::optional<std::pair<QDate, double>> PriceCache::lastClose(const QString& symbol) {
    auto q =
        m_db->prepare("SELECT b.date, b.close FROM daily_bars b JOIN instruments i ON i.id = b.instrument_id "
                      "WHERE i.symbol = ?1 ORDER BY b.date DESC LIMIT 1");
    if (!q) return std::nullopt;
    q->bind(1, symbol);
    if (!q->step()) return std::nullopt;
    return std::pair{parseIsoDate(q->text(0)), q->real(1)};
}

std::pair<int, int> PriceCache::gaps(const QString& symbol, int days) {
    // One pass in SQLite over the dates; no bars are materialised.
    auto s = m_db->prepare(
        "SELECT COUNT(*), COALESCE(MAX(d), 0) FROM (SELECT julianday(b.date) - julianday(LAG(b.date) OVER "
        "(ORDER BY b.date)) AS d FROM daily_bars b JOIN instruments i ON i.id = b.instrument_id "
        "WHERE i.symbol = ?) WHERE d > ?");
    if (!s) return {0, 0};
    s->bind(1, symbol).bind(2, static_cast<qint64>(days));
    if (!s->step()) return {0, 0};
    return {static_cast<int>(s->integer(0)), static_cast<int>(s->integer(1))};
}

Result<bool> PriceCache::remove(const QString& symbol) {
    Transaction tx(*m_db);
    if (!tx.begun()) return sqlError(QStringLiteral("begin"), tx.error());
    auto s = m_db->prepare("DELETE FROM instruments WHERE symbol = ?");
    if (!s) return s.error();
    s->bind(1, symbol).step();
    if (s->failed()) return sqlError(QStringLiteral("remove %1").arg(symbol), s->error());
    const bool removed = m_db->changes() > 0;
    if (auto r = tx.commit(); !r) return r.error();
    return removed;
}

Result<QStringList> PriceCache::verify() {
    QStringList problems;
    for (const char* sql : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
        auto s = m_db->prepare(sql);
        if (!s) return s.error();
        while (s->step()) {
            const QString row = s->text(0);
            if (row != QLatin1String("ok"))
                problems << QStringLiteral("%1: %2").arg(QString::fromLatin1(sql), row);
        }
        if (s->failed()) problems << s->error();
    }
    // Our own invariant: every bar has a close.
    auto s = m_db->prepare("SELECT COUNT(*) FROM daily_bars WHERE close IS NULL");
    if (s && s->step() && s->integer(0) > 0)
        problems << QStringLiteral("%1 bar(s) without a close").arg(s->integer(0));
    return problems;
}

Result<bool> PriceCache::vacuum() {
    return m_db->exec("VACUUM");
}

CacheStats PriceCache::stats() {
    CacheStats st;
    st.path = path();
    st.fileBytes = QFileInfo(path()).size() + QFileInfo(path() + QStringLiteral("-wal")).size();
    auto count = [&](const char* sql) -> qint64 {
        auto s = m_db->prepare(sql);
        return s && s->step() ? s->integer(0) : 0;
    };
    st.schemaVersion = static_cast<int>(count("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    st.instruments = count("SELECT COUNT(*) FROM instruments");
    st.bars = count("SELECT COUNT(*) FROM daily_bars");
    st.actions = count("SELECT COUNT(*) FROM corporate_actions");
    st.fetches = count("SELECT COUNT(*) FROM fetch_log");
    return st;
}

} // namespace ts::cache

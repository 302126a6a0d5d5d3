#include "cache/sqlite_db.h"

#include <QElapsedTimer>
#include <QThread>
#include <sqlite3.h>

namespace ts::cache {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
    if (this != &o) {
        if (m_s) sqlite3_finalize(m_s);
        m_db = o.m_db;
        m_s = o.m_s;
        o.m_s = nullptr;
    }
    return *this;
}

Stmt::~Stmt() {
    if (m_s) sqlite3_finalize(m_s);
}

Stmt& Stmt::bind(int i, qint64 v) {
    sqlite3_bind_int64(m_s, i, v);
    return *this;
}

Stmt& Stmt::bind(int i, double v) {
    if (std::isnan(v))
        sqlite3_bind_null(m_s, i);
    else
        sqlite3_bind_double(m_s, i, v);
    return *this;
}

Stmt& Stmt::bind(int i, const QString& v) {
    const QByteArray u = v.toUtf8();
    sqlite3_bind_text(m_s, i, u.constData(), static_cast<int>(u.size()), SQLITE_TRANSIENT);
    return *this;
}

Stmt& Stmt::bindNull(int i) {
    sqlite3_bind_null(m_s, i);
    return *this;
}

bool Stmt::step() {
    const int rc = sqlite3_step(m_s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
        m_rc = rc;
        m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    }
    return false;
}

void Stmt::reset() {
    sqlite3_reset(m_s);
    sqlite3_clear_bindings(m_s);
}

qint64 Stmt::integer(int col) const {
    return sqlite3_column_int64(m_s, col);
}

double Stmt::real(int col) const {
    // One API call (one mutex round trip) per column: this runs for every bar read.
    sqlite3_value* v = sqlite3_column_value(m_s, col);
    return sqlite3_value_type(v) == SQLITE_NULL ? NAN : sqlite3_value_double(v);
}

QString Stmt::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_s, col));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_s, col)) : QString();
}

QByteArrayView Stmt::textView(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_s, col));
    return p ? QByteArrayView(p, sqlite3_column_bytes(m_s, col)) : QByteArrayView();
}

bool Stmt::isNull(int col) const {
    return sqlite3_column_type(m_s, col) == SQLITE_NULL;
}

Result<std::unique_ptr<Db>> Db::open(const QString& path, bool create, int busyTimeoutMs) {
    std::unique_ptr<Db> db(new Db);
    db->m_path = path;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db->m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString msg =
            db->m_db ? QString::fromUtf8(sqlite3_errmsg(db->m_db)) : QStringLiteral("out of memory");
        return Error::badInput(QStringLiteral("cache %1: cannot open: %2").arg(path, msg));
    }
    sqlite3_busy_timeout(db->m_db, busyTimeoutMs);
    // The first statement touches the file header: a file that is not a database fails here.
    // Switching a new file to WAL takes an exclusive lock, and SQLite answers BUSY without calling the
    // busy handler when another process is doing the same at that moment (two downloads creating one
    // cache): that is waited for, not reported as a damaged file.
    auto wal = db->exec("PRAGMA journal_mode=WAL");
    QElapsedTimer waited;
    waited.start();
    while (!wal && (sqlite3_errcode(db->m_db) & 0xff) == SQLITE_BUSY && waited.elapsed() < busyTimeoutMs) {
        QThread::msleep(10);
        wal = db->exec("PRAGMA journal_mode=WAL");
    }
    if (!wal && (sqlite3_errcode(db->m_db) & 0xff) == SQLITE_BUSY)
        return Error::internal(QStringLiteral("cache %1 is busy: another process held it for %2 s")
                                   .arg(path)
                                   .arg(busyTimeoutMs / 1000.0));
    if (!wal)
        return Error::badInput(
            QStringLiteral("cache %1 is not a Tearsheet cache or is damaged (%2); move it away "
                           "or point --cache elsewhere; nothing was changed")
                .arg(path, db->lastError()));
    db->exec(
        "PRAGMA synchronous=NORMAL"); // WAL + NORMAL: a crash never corrupts, at worst loses the last commit
    db->exec("PRAGMA foreign_keys=ON");
    // Reads of long series come straight from the mapped file instead of one read() per page.
    db->exec("PRAGMA mmap_size=1073741824");
    db->exec("PRAGMA cache_size=-32768");
    return db;
}

Db::~Db() {
    if (m_db) sqlite3_close_v2(m_db);
}

Result<bool> Db::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const QString msg = QString::fromUtf8(err ? err : "unknown error");
        sqlite3_free(err);
        return Error::internal(QStringLiteral("cache %1: %2").arg(m_path, msg));
    }
    return true;
}

Result<Stmt> Db::prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
        return Error::internal(QStringLiteral("cache %1: %2").arg(m_path, lastError()));
    return Stmt(m_db, s);
}

int Db::changes() const {
    return sqlite3_changes(m_db);
}

QString Db::lastError() const {
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

Transaction::Transaction(Db& db)
    : m_db(db) {
    auto r = db.exec("BEGIN IMMEDIATE");
    m_begun = r.ok();
    if (!r) m_error = r.error().message;
}

Transaction::~Transaction() {
    if (m_begun && !m_done) m_db.exec("ROLLBACK");
}

Result<bool> Transaction::commit() {
    auto r = m_db.exec("COMMIT");
    if (r) m_done = true;
    return r;
}

QString sqliteVersion() {
    return QString::fromLatin1(sqlite3_libversion());
}

} // namespace ts::cache

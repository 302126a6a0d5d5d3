#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements and an IMMEDIATE
// transaction that rolls back unless committed. One Db per thread (SQLite's connections are not
// shared here); WAL mode and a busy timeout let several processes use one file.

#include "util/result.h"

#include <QByteArray>
#include <QString>
#include <cmath>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace ts::cache {

class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, sqlite3_stmt* s)
        : m_db(db)
        , m_s(s) {}
    Stmt(Stmt&& o) noexcept
        : m_db(o.m_db)
        , m_s(o.m_s) {
        o.m_s = nullptr;
    }
    Stmt& operator=(Stmt&& o) noexcept;
    ~Stmt();

    Stmt& bind(int i, qint64 v);
    Stmt& bind(int i, double v); // NaN binds NULL
    Stmt& bind(int i, const QString& v);
    Stmt& bindNull(int i);
    // SQLITE_ROW -> true, SQLITE_DONE -> false; errors land in error().
    bool step();
    void reset();
    bool failed() const { return m_rc != 0; }
    QString error() const { return m_error; }

    qint64 integer(int col) const;
    double real(int col) const; // NULL -> NaN
    QString text(int col) const;
    QByteArrayView textView(int col) const;
    bool isNull(int col) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_s = nullptr;
    int m_rc = 0;
    QString m_error;
};

class Db {
public:
    // Opens (and with `create`, creates) the file; sets WAL, busy_timeout, foreign keys.
    static Result<std::unique_ptr<Db>> open(const QString& path, bool create, int busyTimeoutMs = 10'000);
    ~Db();

    Result<bool> exec(const char* sql);
    Result<Stmt> prepare(const char* sql);
    QString lastError() const;
    int changes() const; // rows changed by the last statement
    QString path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

private:
    Db() = default;
    sqlite3* m_db = nullptr;
    QString m_path;
};

// BEGIN IMMEDIATE now; ROLLBACK on destruction unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    bool begun() const { return m_begun; }
    QString error() const { return m_error; }
    Result<bool> commit();

private:
    Db& m_db;
    bool m_begun = false, m_done = false;
    QString m_error;
};

// The SQLite library's version ("3.40.1"), for About boxes and logs.
QString sqliteVersion();

} // namespace ts::cache

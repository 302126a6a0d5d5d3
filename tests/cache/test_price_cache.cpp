// The SQLite price cache on real files: schema and migrations, one-transaction stores, upserts and
// replacement, reading back, a damaged file, a newer schema, and a reader beside a writer.

#include "cache/price_cache.h"
#include "cache/schema.h"
#include "cache/sqlite_db.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <sqlite3.h>
#include <thread>

using namespace ts;
using namespace ts::cache;

namespace {

PriceHistory makeHistory(const QString& symbol, QDate first, int n, double start = 100.0) {
    PriceHistory h;
    h.provider = QStringLiteral("yahoo");
    h.basis = PriceBasis::SplitAdjusted;
    h.instrument.symbol = symbol;
    h.instrument.providerSymbol = symbol;
    h.instrument.currency = QStringLiteral("USD");
    QDate d = first;
    double p = start;
    while (static_cast<int>(h.bars.size()) < n) {
        if (d.dayOfWeek() <= 5) {
            Bar b;
            b.date = d;
            b.open = b.high = b.low = b.close = p;
            b.providerAdjClose = p;
            b.volume = 1000;
            h.bars.push_back(b);
            p *= 1.001;
        }
        d = d.addDays(1);
    }
    return h;
}

std::unique_ptr<PriceCache> openOrFail(const QString& path) {
    auto c = PriceCache::open(path);
    if (!c) qFatal("%s", qPrintable(c.error().message));
    return std::move(c).value();
}

} // namespace

class TestPriceCache : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void createsSchemaWithVersion() {
        auto c = openOrFail(path("schema.sqlite"));
        const auto st = c->stats();
        QCOMPARE(st.schemaVersion, cache::latestSchemaVersion());
        QCOMPARE(st.instruments, 0);
        QVERIFY(c->verify()->isEmpty());
        // Opening again does not migrate twice.
        c.reset();
        auto again = openOrFail(path("schema.sqlite"));
        QCOMPARE(again->stats().schemaVersion, cache::latestSchemaVersion());
    }

    void storesAndReadsBack() {
        auto c = openOrFail(path("store.sqlite"));
        PriceHistory h = makeHistory(QStringLiteral("AAA"), QDate(2020, 1, 1), 300);
        h.actions.push_back({QDate(2020, 6, 1), CorporateAction::Type::Dividend, 0.5});
        const QDateTime at(QDate(2024, 1, 2), QTime(12, 0), Qt::UTC);
        auto r =
            c->store(h, false, at,
                     {{at, QStringLiteral("yahoo"), QStringLiteral("AAA"), {}, {}, 200, 1234, 0.05, 1, {}}});
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->barsAdded, 300);
        QCOMPARE(r->barsUpdated, 0);
        auto back = c->history(QStringLiteral("AAA"));
        QVERIFY(back.ok());
        QCOMPARE(back->bars.size(), std::size_t(300));
        QCOMPARE(back->bars.front().date, h.bars.front().date);
        QCOMPARE(back->bars.back().close, h.bars.back().close);
        QCOMPARE(back->basis, PriceBasis::SplitAdjusted);
        QCOMPARE(back->actions.size(), std::size_t(1));
        const auto si = c->instrument(QStringLiteral("AAA"));
        QVERIFY(si.has_value());
        QCOMPARE(si->bars, 300);
        QCOMPARE(si->last, h.bars.back().date);
        QCOMPARE(si->provider, QStringLiteral("yahoo"));
        const auto log = c->fetchLog(QStringLiteral("AAA"));
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log[0].httpStatus, 200L);
        // A window reads only its dates.
        auto window = c->history(QStringLiteral("AAA"), h.bars[10].date, h.bars[19].date);
        QCOMPARE(window->bars.size(), std::size_t(10));
        // The adjusted series applies the dividend to the bars before its ex-date.
        auto adj = c->adjustedCloses(QStringLiteral("AAA"));
        QVERIFY(adj->closes.front() < h.bars.front().close);
        QCOMPARE(adj->closes.back(), h.bars.back().close);
    }

    void upsertCountsAddedAndUpdated() {
        auto c = openOrFail(path("upsert.sqlite"));
        PriceHistory h = makeHistory(QStringLiteral("BBB"), QDate(2021, 1, 4), 20);
        QVERIFY(c->store(h, false, QDateTime::currentDateTimeUtc()).ok());
        // Overlap of 5 stored bars plus 5 new ones.
        PriceHistory next = makeHistory(QStringLiteral("BBB"), h.bars[15].date, 10);
        auto r = c->store(next, false, QDateTime::currentDateTimeUtc());
        QCOMPARE(r->barsUpdated, 5);
        QCOMPARE(r->barsAdded, 5);
        QCOMPARE(c->instrument(QStringLiteral("BBB"))->bars, 25);
        // replace drops what was there.
        auto rep = c->store(makeHistory(QStringLiteral("BBB"), QDate(2022, 1, 3), 3), true,
                            QDateTime::currentDateTimeUtc());
        QCOMPARE(rep->barsAdded, 3);
        QCOMPARE(c->instrument(QStringLiteral("BBB"))->bars, 3);
    }

    void failedStoreLeavesPreviousDataIntact() {
        auto c = openOrFail(path("atomic.sqlite"));
        PriceHistory good = makeHistory(QStringLiteral("CCC"), QDate(2021, 1, 4), 50);
        QVERIFY(c->store(good, false, QDateTime::currentDateTimeUtc()).ok());
        // A bar without a close violates NOT NULL halfway through: nothing of this store may remain.
        PriceHistory bad = makeHistory(QStringLiteral("CCC"), QDate(2023, 1, 2), 40);
        bad.bars[30].close = NAN;
        auto r = c->store(bad, true, QDateTime::currentDateTimeUtc());
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("CCC")));
        const auto si = c->instrument(QStringLiteral("CCC"));
        QCOMPARE(si->bars, 50);
        QCOMPARE(si->first, good.bars.front().date);
        QVERIFY(c->verify()->isEmpty());
    }

    void gapsOverAWeek() {
        auto c = openOrFail(path("gaps.sqlite"));
        PriceHistory h = makeHistory(QStringLiteral("GAP"), QDate(2021, 1, 4), 40); // weekdays only: no gap
        QVERIFY(c->store(h, false, QDateTime::currentDateTimeUtc()).ok());
        QCOMPARE(c->gaps(QStringLiteral("GAP")), std::make_pair(0, 0));
        h.bars.erase(h.bars.begin() + 10, h.bars.begin() + 18); // Fri 2021-01-15 to Thu 01-28: 13 days
        QVERIFY(c->store(h, true, QDateTime::currentDateTimeUtc()).ok());
        QCOMPARE(c->gaps(QStringLiteral("GAP")), std::make_pair(1, 13));
    }

    void removeDeletesBarsAndEvents() {
        auto c = openOrFail(path("remove.sqlite"));
        PriceHistory h = makeHistory(QStringLiteral("DDD"), QDate(2021, 1, 4), 10);
        h.actions.push_back({QDate(2021, 1, 6), CorporateAction::Type::Split, 2});
        QVERIFY(c->store(h, false, QDateTime::currentDateTimeUtc()).ok());
        QVERIFY(*c->remove(QStringLiteral("DDD")));
        QVERIFY(!*c->remove(QStringLiteral("DDD")));
        QCOMPARE(c->stats().bars, 0);
        QCOMPARE(c->stats().actions, 0);
        QVERIFY(!c->history(QStringLiteral("DDD")).ok());
    }

    void damagedFileIsRefusedAndLeftAlone() {
        const QString p = path("damaged.sqlite");
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray junk = QByteArray("this is not a database, just bytes\n").repeated(200);
        f.write(junk);
        f.close();
        auto c = PriceCache::open(p);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().kind, ErrorKind::BadInput);
        QVERIFY2(c.error().message.contains(QStringLiteral("damaged")), qPrintable(c.error().message));
        QFile again(p);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), junk); // nothing was written
    }

    void newerSchemaIsRefused() {
        const QString p = path("future.sqlite");
        { auto c = openOrFail(p); }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(p.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "INSERT INTO schema_version VALUES (99)", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto c = PriceCache::open(p);
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.contains(QStringLiteral("newer")));
    }

    void readerBesideAWriter() {
        // One connection per thread on one file: the reader always sees whole series.
        const QString p = path("concurrent.sqlite");
        auto writer = openOrFail(p);
        auto reader = openOrFail(p);
        std::atomic<bool> stop{false};
        std::atomic<int> torn{0}, reads{0};
        std::thread t([&] {
            while (!stop) {
                for (const auto& si : reader->instruments()) {
                    ++reads;
                    if (si.bars != 500) ++torn;
                }
            }
        });
        for (int i = 0; i < 20; ++i)
            QVERIFY(writer
                        ->store(makeHistory(QStringLiteral("S%1").arg(i), QDate(2000, 1, 3), 500), false,
                                QDateTime::currentDateTimeUtc())
                        .ok());
        stop = true;
        t.join();
        QCOMPARE(torn.load(), 0);
        QVERIFY(reads.load() > 0);
        QCOMPARE(writer->stats().instruments, 20);
    }
};

QTEST_GUILESS_MAIN(TestPriceCache)
#include "test_price_cache.moc"

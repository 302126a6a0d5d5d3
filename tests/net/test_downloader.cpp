// The download job end to end: real libcurl against the loopback server, a real SQLite file.
// Each scenario ends with the right data or a clear error, and nothing half-written.

#include "cache/price_cache.h"
#include "mock_server.h"
#include "net/downloader.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace ts;
using namespace ts::net;
using Status = SymbolOutcome::Status;

class TestDownloader : public QObject {
    Q_OBJECT
    test::MockServer m_server;
    QTemporaryDir m_dir;
    int m_n = 0;

    Settings settings(double ratePerMinute = 60000, double burst = 100) {
        Settings s;
        s.providerOrder = {QStringLiteral("yahoo")};
        s.http.totalTimeoutMs = 3000; // the SLOW scenario answers after 5 s
        s.http.connectTimeoutMs = 1000;
        s.retry.maxAttempts = 3;
        s.retry.baseSeconds = 0.05;
        s.retry.maxSeconds = 2;
        for (const char* name : {"yahoo", "stooq", "fmp", "alphavantage", "tiingo", "eodhd", "vci"}) {
            providers::ProviderConfig c;
            c.baseUrl = m_server.url();
            c.apiKey = QStringLiteral("testkey");
            c.ratePerMinute = ratePerMinute;
            c.burst = burst;
            s.providers[QString::fromLatin1(name)] = c;
        }
        return s;
    }
    std::unique_ptr<cache::PriceCache> freshCache() {
        auto c = cache::PriceCache::open(m_dir.filePath(QStringLiteral("cache%1.sqlite").arg(++m_n)));
        if (!c) qFatal("%s", qPrintable(c.error().message));
        return std::move(c).value();
    }
    static DownloadParams params(QStringList symbols, QStringList providers = {QStringLiteral("yahoo")}) {
        DownloadParams p;
        p.symbols = std::move(symbols);
        p.providers = std::move(providers);
        p.jobs = 4;
        return p;
    }
    static double requestTime(const QJsonValue& v) {
        return v.toObject().value(QStringLiteral("t")).toDouble();
    }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), "the loopback provider server did not start"); }
    void init() { m_server.reset(); }

    void downloadsAndStores() {
        auto cache = freshCache();
        auto r = runDownload(params({QStringLiteral("AAPL"), QStringLiteral("MSFT")}), settings(), *cache);
        QVERIFY(r.ok());
        QCOMPARE(r->failed(), 0);
        for (const auto& o : r->outcomes) {
            QCOMPARE(o.status, Status::Updated);
            QCOMPARE(o.provider, QStringLiteral("yahoo"));
            QCOMPARE(o.barsAdded, 5);
        }
        QCOMPARE(cache->instrument(QStringLiteral("MSFT"))->bars, 5);
        // Provenance: every stored fetch is in the log with its status and size.
        const auto log = cache->fetchLog(QStringLiteral("AAPL"));
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log[0].httpStatus, 200L);
        QVERIFY(log[0].bytes > 1000);
        // gzip was offered and used.
        QVERIFY(m_server.log()
                    .first()
                    .toObject()
                    .value(QStringLiteral("accept_encoding"))
                    .toString()
                    .contains(QStringLiteral("gzip")));
    }

    void retriesAfter429HonouringRetryAfter() {
        auto cache = freshCache();
        auto r = runDownload(params({QStringLiteral("FLAKY429A")}), settings(), *cache);
        QVERIFY(r.ok());
        QCOMPARE(r->outcomes[0].status, Status::Updated);
        const auto reqs = m_server.requestsFor(QStringLiteral("FLAKY429A"));
        QCOMPARE(reqs.size(), 2);
        // Retry-After: 1 wins over the 50 ms backoff.
        QVERIFY2(requestTime(reqs[1]) - requestTime(reqs[0]) >= 0.95, "retried before Retry-After");
        const auto log = cache->fetchLog(QStringLiteral("FLAKY429A"));
        QCOMPARE(log.size(), std::size_t(2));
        QCOMPARE(log[1].httpStatus, 429L); // newest first
        QCOMPARE(log[0].attempt, 2);
    }

    void transientFailuresRetryThenFailOver() {
        auto cache = freshCache();
        // yahoo answers 500 every time: three attempts, then stooq serves it.
        auto r = runDownload(
            params({QStringLiteral("ERR500B")}, {QStringLiteral("yahoo"), QStringLiteral("stooq")}),
            settings(), *cache);
        QVERIFY(r.ok());
        const auto& o = r->outcomes[0];
        QCOMPARE(o.status, Status::Failed); // stooq answers 500 for it too
        QCOMPARE(m_server.requestsFor(QStringLiteral("ERR500B")).size(), 3);
        QCOMPARE(m_server.requestsFor(QStringLiteral("err500b.us")).size(), 3);
        QVERIFY(o.message.contains(QStringLiteral("yahoo")) && o.message.contains(QStringLiteral("stooq")));
        QVERIFY(!cache->instrument(QStringLiteral("ERR500B")).has_value());

        auto ok = runDownload(params({QStringLiteral("FLAKY500C")}), settings(), *cache);
        QCOMPARE(ok->outcomes[0].status, Status::Updated);
        QCOMPARE(m_server.requestsFor(QStringLiteral("FLAKY500C")).size(), 2);
    }

    void finalErrorsAreNotRetriedButFailOver() {
        auto cache = freshCache();
        // A malformed body is not retried: one try at yahoo, one at fmp.
        auto r = runDownload(
            params({QStringLiteral("GARBAGEZ")}, {QStringLiteral("yahoo"), QStringLiteral("fmp")}),
            settings(), *cache);
        QCOMPARE(r->outcomes[0].status, Status::Failed);
        QCOMPARE(m_server.requestsFor(QStringLiteral("GARBAGEZ")).size(), 2);
        // An ambiguous "not found" (Stooq's "No data", FMP's []: maybe an empty window) is final per
        // provider: one request each, along the ranking.
        auto nf =
            runDownload(params({QStringLiteral("NOTFOUNDQ")},
                               {QStringLiteral("stooq"), QStringLiteral("fmp"), QStringLiteral("eodhd")}),
                        settings(), *cache);
        QCOMPARE(nf->outcomes[0].status, Status::Failed);
        QVERIFY(!nf->outcomes[0].unknownSymbol);
        QCOMPARE(m_server.requestsFor(QStringLiteral("notfoundq.us")).size(), 1);
        QCOMPARE(m_server.requestsFor(QStringLiteral("NOTFOUNDQ")).size(), 1);    // fmp
        QCOMPARE(m_server.requestsFor(QStringLiteral("NOTFOUNDQ.US")).size(), 3); // eod, div, splits
        const QString msg = nf->outcomes[0].message;
        QVERIFY2(msg.contains(QStringLiteral("stooq")) && msg.contains(QStringLiteral("fmp")) &&
                     msg.contains(QStringLiteral("eodhd")),
                 qPrintable(msg));
        QVERIFY(!msg.contains(QStringLiteral("testkey")));
        QCOMPARE(cache->stats().instruments, 0);
        // The fetch log keeps every failed attempt, without keys.
        const auto log = cache->fetchLog(QStringLiteral("NOTFOUNDQ"));
        QCOMPARE(log.size(), std::size_t(3));
        for (const auto& e : log)
            QVERIFY(!e.error.isEmpty() && !e.error.contains(QStringLiteral("testkey")));
    }

    void unknownSymbolStopsTheProviderChain() {
        auto cache = freshCache();
        // Yahoo's 404 "Not Found" chart error says the symbol does not exist: nobody else is asked.
        auto r =
            runDownload(params({QStringLiteral("NOTFOUNDU")},
                               {QStringLiteral("yahoo"), QStringLiteral("tiingo"), QStringLiteral("stooq")}),
                        settings(), *cache);
        QCOMPARE(r->outcomes[0].status, Status::Failed);
        QVERIFY(r->outcomes[0].unknownSymbol);
        QVERIFY2(r->outcomes[0].message.startsWith(QStringLiteral("yahoo: unknown symbol")),
                 qPrintable(r->outcomes[0].message));
        QCOMPARE(m_server.requestsFor(QStringLiteral("NOTFOUNDU")).size(), 1);
        QCOMPARE(m_server.requestsFor(QStringLiteral("notfoundu")).size(), 0);
        QCOMPARE(m_server.requestsFor(QStringLiteral("notfoundu.us")).size(), 0);
        // Tiingo's "Ticker '…' not found" too, after a provider that failed for another reason.
        auto t =
            runDownload(params({QStringLiteral("NOTFOUNDV")},
                               {QStringLiteral("stooq"), QStringLiteral("tiingo"), QStringLiteral("yahoo")}),
                        settings(), *cache);
        QVERIFY(t->outcomes[0].unknownSymbol);
        QVERIFY2(t->outcomes[0].message.startsWith(QStringLiteral("tiingo: unknown symbol")),
                 qPrintable(t->outcomes[0].message));
        QVERIFY(t->outcomes[0].message.contains(QStringLiteral("stooq")));
        QCOMPARE(m_server.requestsFor(QStringLiteral("NOTFOUNDV")).size(), 0);
        QCOMPARE(cache->stats().instruments, 0);
    }

    void shorterHistoryFromAnotherProviderIsRefused() {
        auto cache = freshCache();
        // 40 years from yahoo, then tiingo (five bars of 2024) for the same symbol: the NVDA case.
        QCOMPARE(runDownload(params({QStringLiteral("GEN5")}), settings(), *cache)->outcomes[0].status,
                 Status::Updated);
        const auto before = *cache->instrument(QStringLiteral("GEN5"));
        QCOMPARE(before.bars, 10437);
        auto r =
            runDownload(params({QStringLiteral("GEN5")}, {QStringLiteral("tiingo")}), settings(), *cache);
        QVERIFY(r.ok());
        const auto& o = r->outcomes[0];
        QCOMPARE(o.status, Status::Refused);
        QCOMPARE(r->refused(), 1);
        QCOMPARE(o.stored.bars, 10437);
        QCOMPARE(o.stored.provider, QStringLiteral("yahoo"));
        QCOMPARE(o.offered.provider, QStringLiteral("tiingo"));
        QCOMPARE(o.offered.bars, 5);
        QCOMPARE(o.offered.first, QDate(2024, 6, 3));
        const QString expected =
            QStringLiteral("GEN5: stored 10,437 bars %1…2024-01-02 (yahoo); tiingo offers 5 bars "
                           "2024-06-03…2024-06-10 — kept the stored history (it starts later)")
                .arg(before.first.toString(Qt::ISODate));
        QCOMPARE(o.message, expected);
        auto after = *cache->instrument(QStringLiteral("GEN5"));
        QCOMPARE(after.bars, before.bars);
        QCOMPARE(after.first, before.first);
        QCOMPARE(after.last, before.last);
        QCOMPARE(after.provider, QStringLiteral("yahoo"));
        QCOMPARE(cache->history(QStringLiteral("GEN5"))->basis, PriceBasis::SplitAdjusted);

        // Told to, it replaces.
        DownloadParams allow = params({QStringLiteral("GEN5")}, {QStringLiteral("tiingo")});
        allow.replaceHistory = true;
        auto replaced = runDownload(allow, settings(), *cache);
        QCOMPARE(replaced->outcomes[0].status, Status::Updated);
        after = *cache->instrument(QStringLiteral("GEN5"));
        QCOMPARE(after.bars, 5);
        QCOMPARE(after.provider, QStringLiteral("tiingo"));
        QCOMPARE(after.first, QDate(2024, 6, 3));
    }

    void fullRefetchMayExtendButNotCut() {
        auto cache = freshCache();
        DownloadParams recent = params({QStringLiteral("GEN6")});
        recent.start = QDate(2020, 1, 1);
        QCOMPARE(runDownload(recent, settings(), *cache)->outcomes[0].status, Status::Updated);
        const qint64 recentBars = cache->instrument(QStringLiteral("GEN6"))->bars;
        // More history, all of the stored dates: replaced without asking.
        DownloadParams whole = params({QStringLiteral("GEN6")});
        whole.full = true;
        QCOMPARE(runDownload(whole, settings(), *cache)->outcomes[0].status, Status::Updated);
        const auto full = *cache->instrument(QStringLiteral("GEN6"));
        QCOMPARE(full.bars, 10437);
        QVERIFY(full.bars > recentBars);
        // A full refetch of only the recent years would drop the rest: refused, nothing changed.
        recent.full = true;
        auto cut = runDownload(recent, settings(), *cache);
        QCOMPARE(cut->outcomes[0].status, Status::Refused);
        QVERIFY2(cut->outcomes[0].message.contains(QStringLiteral("it starts later")),
                 qPrintable(cut->outcomes[0].message));
        QCOMPARE(cache->instrument(QStringLiteral("GEN6"))->bars, 10437);
        QCOMPARE(cache->instrument(QStringLiteral("GEN6"))->first, full.first);
    }

    void quotaStopsTheProviderForTheRun() {
        auto cache = freshCache();
        // The first symbol exhausts stooq's daily quota; the others must not spend stooq requests
        // and are served by yahoo, which the outcome and the stored provenance say.
        DownloadParams p = params({QStringLiteral("QUOTAS"), QStringLiteral("AAPL"), QStringLiteral("MSFT")},
                                  {QStringLiteral("stooq"), QStringLiteral("yahoo")});
        p.jobs = 1;
        auto r = runDownload(p, settings(), *cache);
        QVERIFY(r.ok());
        QCOMPARE(m_server.requestsFor(QStringLiteral("quotas.us")).size(), 1);
        QCOMPARE(m_server.requestsFor(QStringLiteral("aapl.us")).size(), 0);
        QCOMPARE(r->outcomes[1].status, Status::Updated);
        QCOMPARE(r->outcomes[1].provider, QStringLiteral("yahoo"));
        QVERIFY(r->outcomes[1].message.contains(QStringLiteral("daily hits limit")));
        QCOMPARE(cache->instrument(QStringLiteral("MSFT"))->provider, QStringLiteral("yahoo"));
    }

    void timeoutsAndTruncatedBodiesFailCleanly() {
        auto cache = freshCache();
        auto r =
            runDownload(params({QStringLiteral("SLOWT"), QStringLiteral("TRUNCT"), QStringLiteral("AAPL")}),
                        settings(), *cache);
        QVERIFY(r.ok());
        QCOMPARE(r->outcomes[0].status, Status::Failed);
        QVERIFY(r->outcomes[0].message.contains(QStringLiteral("timeout")));
        QCOMPARE(r->outcomes[1].status, Status::Failed);
        QVERIFY(r->outcomes[1].message.contains(QStringLiteral("truncated")));
        QCOMPARE(r->outcomes[2].status, Status::Updated);
        QCOMPARE(cache->stats().instruments, 1); // nothing half-written for the failures
        QVERIFY(cache->verify()->isEmpty());
    }

    void staysUnderTheRateLimit() {
        auto cache = freshCache();
        QStringList symbols;
        for (int i = 0; i < 12; ++i)
            symbols << QStringLiteral("RL%1").arg(i);
        DownloadParams p = params(symbols);
        p.jobs = 8;
        // 600 requests a minute = 10/s, burst 1: 12 requests need at least 1.1 s.
        auto r = runDownload(p, settings(600, 1), *cache);
        QCOMPARE(r->failed(), 0);
        std::vector<double> t;
        for (const auto& v : m_server.log())
            t.push_back(requestTime(v));
        std::sort(t.begin(), t.end());
        QCOMPARE(t.size(), std::size_t(12));
        // In any window of length T there are at most burst + rate * T requests. Times are taken
        // where the server sees the request, so allow 100 ms of arrival jitter on a loaded machine.
        for (std::size_t i = 0; i < t.size(); ++i)
            for (std::size_t j = i + 1; j < t.size(); ++j) {
                const double allowed = 1 + 10.0 * (t[j] - t[i] + 0.1);
                QVERIFY2(static_cast<double>(j - i + 1) <= allowed,
                         qPrintable(QStringLiteral("%1 requests in %2 s").arg(j - i + 1).arg(t[j] - t[i])));
            }
        QVERIFY(t.back() - t.front() >= 1.0);
    }

    void incrementalUpdateRefetchesOnlyTheTail() {
        auto cache = freshCache();
        QVERIFY(runDownload(params({QStringLiteral("AAPL")}), settings(), *cache)->outcomes[0].status ==
                Status::Updated);
        m_server.reset();
        auto again = runDownload(params({QStringLiteral("AAPL")}), settings(), *cache);
        QCOMPARE(again->outcomes[0].status, Status::UpToDate);
        QCOMPARE(again->outcomes[0].barsAdded, 0);
        const QString query = m_server.requestsFor(QStringLiteral("AAPL"))
                                  .first()
                                  .toObject()
                                  .value(QStringLiteral("query"))
                                  .toString();
        // From 7 days before the last stored bar (2024-06-10 -> 2024-06-03 00:00 UTC).
        QVERIFY2(query.contains(QStringLiteral("period1=1717372800")), qPrintable(query));
        QCOMPARE(cache->instrument(QStringLiteral("AAPL"))->bars, 5);
    }

    void changedAdjustedHistoryTriggersAFullRefetch() {
        auto cache = freshCache();
        QCOMPARE(runDownload(params({QStringLiteral("CHANGE1")}), settings(), *cache)->outcomes[0].status,
                 Status::Updated);
        m_server.reset();
        m_server.set("adjscale", 0.98); // the provider re-adjusted its history (a new dividend)
        auto r = runDownload(params({QStringLiteral("CHANGE1")}), settings(), *cache);
        QCOMPARE(r->outcomes[0].status, Status::Updated);
        QVERIFY(r->outcomes[0].fullRefetch);
        const auto reqs = m_server.requestsFor(QStringLiteral("CHANGE1"));
        QCOMPARE(reqs.size(), 2); // the tail, then the whole history
        QVERIFY(!reqs[1]
                     .toObject()
                     .value(QStringLiteral("query"))
                     .toString()
                     .contains(QStringLiteral("period1=1717372800")));
        auto h = cache->history(QStringLiteral("CHANGE1"));
        QVERIFY(std::abs(h->bars.back().providerAdjClose - 103.0 * 0.98) < 1e-9);
        QVERIFY(std::abs(h->bars.front().providerAdjClose - 99.50495147705078 * 0.98) < 1e-9);
    }

    void anotherProviderReplacesTheSeries() {
        auto cache = freshCache();
        QVERIFY(runDownload(params({QStringLiteral("AAPL")}, {QStringLiteral("tiingo")}), settings(), *cache)
                    ->failed() == 0);
        QCOMPARE(cache->history(QStringLiteral("AAPL"))->basis, PriceBasis::Raw);
        auto r = runDownload(params({QStringLiteral("AAPL")}, {QStringLiteral("yahoo")}), settings(), *cache);
        QCOMPARE(r->outcomes[0].status, Status::Updated);
        // Bases are never mixed inside one series.
        const auto h = cache->history(QStringLiteral("AAPL"));
        QCOMPARE(h->basis, PriceBasis::SplitAdjusted);
        QCOMPARE(h->provider, QStringLiteral("yahoo"));
        QCOMPARE(h->bars.front().close, 100.0);
    }

    void cancelLeavesTheCacheConsistent() {
        auto cache = freshCache();
        QStringList symbols;
        for (int i = 0; i < 30; ++i)
            symbols << QStringLiteral("GEN%1").arg(i);
        DownloadParams p = params(symbols);
        p.jobs = 2;
        int seen = 0;
        auto r = runDownload(p, settings(), *cache, [&](const DownloadProgress& pr) {
            seen = std::max(seen, pr.done);
            return pr.done < 3; // cancel once three series are stored
        });
        QVERIFY(r.ok());
        QVERIFY(r->cancelled);
        QVERIFY(r->failed() > 0);
        QVERIFY(seen >= 3);
        // Every stored series is whole; the rest is absent.
        const auto stored = cache->instruments();
        QVERIFY(stored.size() >= 3 && stored.size() < 30);
        for (const auto& si : stored)
            QCOMPARE(si.bars, 10437);
        QVERIFY(cache->verify()->isEmpty());
    }

    void yahooCookieAndCrumb() {
        auto cache = freshCache();
        Settings s = settings();
        s.providers[QStringLiteral("yahoo")].useSession = true;
        auto r = runDownload(params({QStringLiteral("AAPL")}), s, *cache);
        QCOMPARE(r->outcomes[0].status, Status::Updated);
        const auto log = m_server.log();
        QCOMPARE(log.size(), 3); // cookie, crumb, chart
        QVERIFY(log[1].toObject().value(QStringLiteral("cookie")).toString().contains(QStringLiteral("A3=")));
        QVERIFY(log[2]
                    .toObject()
                    .value(QStringLiteral("query"))
                    .toString()
                    .contains(QStringLiteral("crumb=Ab1Cd2Ef3Gh")));
    }

    void missingKeyFailsOverWithoutARequest() {
        auto cache = freshCache();
        Settings s = settings();
        s.providers[QStringLiteral("fmp")].apiKey.clear();
        auto r = runDownload(
            params({QStringLiteral("AAPL")}, {QStringLiteral("fmp"), QStringLiteral("yahoo")}), s, *cache);
        QCOMPARE(r->outcomes[0].provider, QStringLiteral("yahoo"));
        QVERIFY(r->outcomes[0].message.contains(QStringLiteral("API key")));
        for (const auto& v : m_server.log())
            QVERIFY(
                !v.toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/stable")));
    }
};

QTEST_GUILESS_MAIN(TestDownloader)
#include "test_downloader.moc"

// Fundamentals over real HTTP from the loopback server (FMP and Alpha Vantage shapes): a universe
// run stopped by the quota in the middle resumes where it stopped, bad keys stop at once, empty
// answers are recorded and not asked again, transient failures are retried, the rate limit holds,
// cancelling keeps what was stored; then the CLI's download, show and screen on the same data.

#include "../net/mock_server.h"
#include "cache/fundamentals_store.h"
#include "fundamentals/ingest.h"
#include "fundamentals/ratios.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace ts;
using namespace ts::fundamentals;

class TestFundamentalsIngest : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    test::MockServer m_server;
    int m_cacheNo = 0;

    Settings settings(const QString& provider, const QString& key = QStringLiteral("testkey"),
                      double rate = 6000, double burst = 20) {
        Settings s;
        s.cachePath = m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_cacheNo));
        providers::ProviderConfig c;
        c.baseUrl = m_server.url();
        c.apiKey = key;
        c.ratePerMinute = rate;
        c.burst = burst;
        s.providers[provider] = c;
        s.retry.baseSeconds = 0.05;
        s.retry.maxSeconds = 0.2;
        return s;
    }
    std::unique_ptr<cache::FundamentalsStore> open(const Settings& s) {
        auto st = cache::FundamentalsStore::open(s.cachePath);
        return st ? std::move(*st) : nullptr;
    }
    int fundamentalsRequests() {
        int n = 0;
        for (const auto& v : m_server.log())
            if (v.toObject().value(QStringLiteral("path")).toString().startsWith(QLatin1String("/stable/")))
                ++n;
        return n;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
    }
    void init() { m_server.reset(); }

    void quotaInTheMiddleResumes() {
        const Settings s = settings(QStringLiteral("fmp"));
        auto store = open(s);
        QVERIFY(store);
        IngestParams p;
        for (int i = 0; i < 12; ++i)
            p.symbols << QStringLiteral("S%1").arg(i, 2, 10, QLatin1Char('0'));
        p.symbols << QStringLiteral("EMPTY1");
        p.periods = {PeriodType::Annual, PeriodType::Quarter};
        m_server.set("fund_quota_after", 40);
        auto first = runIngest(p, s, *store);
        QVERIFY(first.ok());
        QCOMPARE(first->tasks, 13 * 5 * 2);
        QCOMPARE(first->stoppedBy, QStringLiteral("quota"));
        QVERIFY(first->stopMessage.contains(QStringLiteral("Limit Reach")));
        QVERIFY(first->stored > 0 && first->stored <= 40);
        QVERIFY(first->remaining > 0);
        QCOMPARE(first->stored + first->failed + first->remaining, first->tasks);

        // Later (the quota reset), the same run continues: nothing stored is fetched again.
        m_server.reset();
        auto second = runIngest(p, s, *store);
        QVERIFY(second.ok());
        QVERIFY2(second->stoppedBy.isEmpty(), qPrintable(second->stopMessage));
        QCOMPARE(second->skipped, first->stored + first->failed);
        QCOMPARE(second->requests, first->remaining);
        QCOMPARE(fundamentalsRequests(), first->remaining);
        QCOMPARE(first->stored + second->stored, 12 * 10);
        QCOMPARE(first->failed + second->failed, 10); // EMPTY1: every statement empty, recorded

        // What was stored is the statements as served, under canonical names.
        const auto items = store->items(QStringLiteral("S07"));
        QVERIFY(!items.empty());
        QCOMPARE(store->providerOf(QStringLiteral("S07")), QStringLiteral("fmp"));
        const RatioSnapshot r = computeRatios(items, 28.8);
        QCOMPARE(r.flowBasis, QStringLiteral("TTM (4 quarters)"));
        QVERIFY(std::abs(r.value(QStringLiteral("pe")) - 20.0) < 1e-9);
        QVERIFY(std::abs(r.value(QStringLiteral("revenue_growth")) - 0.25) < 1e-9);
        QVERIFY(std::abs(r.value(QStringLiteral("roe")) - 0.12) < 1e-9);
        auto ratios = store->items(QStringLiteral("S07"), Statement::Ratios);
        QVERIFY(std::any_of(ratios.begin(), ratios.end(), [](const LineItem& li) {
            return li.item == QLatin1String("priceToEarningsRatio");
        }));

        // A third run finds everything fresh and asks nothing.
        m_server.reset();
        auto third = runIngest(p, s, *store);
        QCOMPARE(third->requests, 0);
        QCOMPARE(third->skipped, third->tasks);
    }

    void badKeyStopsAtOnce() {
        const Settings s = settings(QStringLiteral("fmp"), QStringLiteral("not-the-key-1234"));
        auto store = open(s);
        IngestParams p;
        p.symbols = {QStringLiteral("AAA"), QStringLiteral("BBB"), QStringLiteral("CCC")};
        p.jobs = 1;
        auto r = runIngest(p, s, *store);
        QVERIFY(r.ok());
        QCOMPARE(r->stoppedBy, QStringLiteral("unauthorized"));
        QCOMPARE(r->stored, 0);
        QCOMPARE(r->requests, 1);
        QVERIFY(r->stopMessage.contains(QStringLiteral("Invalid API KEY")));
        QVERIFY(!r->stopMessage.contains(QStringLiteral("not-the-key")));
        // No key at all: refused before any request.
        Settings none = settings(QStringLiteral("fmp"), QString());
        auto refused = runIngest(p, none, *store);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("TEARSHEET_FMP_API_KEY")));
    }

    void alphaVantageStatementsAndOverview() {
        const Settings s = settings(QStringLiteral("alphavantage"));
        auto store = open(s);
        IngestParams p;
        p.provider = QStringLiteral("alphavantage");
        p.symbols = {QStringLiteral("HAND"), QStringLiteral("EMPTYAV")};
        auto r = runIngest(p, s, *store);
        QVERIFY(r.ok());
        QCOMPARE(r->tasks, 8);
        QCOMPARE(r->stored, 4);
        QCOMPARE(r->failed, 4);
        const auto items = store->items(QStringLiteral("HAND"));
        auto value = [&](const QString& item, const QDate& d) {
            for (const auto& li : items)
                if (li.item == item && li.periodEnd == d && li.period == PeriodType::Annual) return li.value;
            return std::nan("");
        };
        const QDate fy(2024, 12, 31);
        QCOMPARE(value(item::revenue, fy), 1000.0);           // totalRevenue
        QCOMPARE(value(item::equity, fy), 1200.0);            // totalShareholderEquity
        QCOMPARE(value(item::capitalExpenditure, fy), -70.0); // capitalExpenditures, made an outflow
        QCOMPARE(value(item::dividendsPaid, fy), -48.0);      // dividendPayout, made an outflow
        QVERIFY(std::isnan(value(QStringLiteral("researchAndDevelopment"), fy))); // "None" is not stored
        const RatioSnapshot ratios = computeRatios(items, 28.8);
        QVERIFY(std::abs(ratios.value(QStringLiteral("pe")) - 20.0) < 1e-9);
        QVERIFY(std::abs(ratios.value(QStringLiteral("fcf_yield")) - 150.0 / 2880.0) < 1e-12);
        // The overview's descriptive fields are kept for the reports' sector exposure.
        const auto profile = store->profile(QStringLiteral("HAND"));
        QCOMPARE(profile.at(QStringLiteral("sector")), QStringLiteral("TECHNOLOGY"));
        QCOMPARE(profile.at(QStringLiteral("name")), QStringLiteral("Hand Checked Inc"));
        const auto overview = store->items(QStringLiteral("HAND"), Statement::Ratios);
        QVERIFY(std::any_of(overview.begin(), overview.end(), [](const LineItem& li) {
            return li.item == QLatin1String("PERatio") && li.value == 20 &&
                   li.fiscalPeriod == QLatin1String("TTM");
        }));
    }

    void alphaVantageQuotaAndKey() {
        Settings s = settings(QStringLiteral("alphavantage"));
        auto store = open(s);
        IngestParams p;
        p.provider = QStringLiteral("alphavantage");
        p.jobs = 1;
        p.symbols = {QStringLiteral("QUOTAAV"), QStringLiteral("HAND")};
        auto quota = runIngest(p, s, *store);
        QVERIFY(quota.ok());
        QCOMPARE(quota->stoppedBy, QStringLiteral("quota")); // "25 requests per day": nothing more today
        QVERIFY(quota->stopMessage.contains(QStringLiteral("per day")));
        QCOMPARE(quota->stored, 0);
        p.symbols = {QStringLiteral("BADKEYAV")};
        auto key = runIngest(p, s, *store);
        QCOMPARE(key->stoppedBy, QStringLiteral("unauthorized"));
        QVERIFY(key->stopMessage.contains(QStringLiteral("apikey")));
    }

    void transientFailuresAreRetried() {
        const Settings s = settings(QStringLiteral("fmp"));
        auto store = open(s);
        IngestParams p;
        p.symbols = {QStringLiteral("FLAKY500A"), QStringLiteral("FLAKY429B")};
        p.statements = {Statement::Income};
        auto r = runIngest(p, s, *store);
        QVERIFY(r.ok());
        QCOMPARE(r->stored, 2);
        QCOMPARE(r->failed, 0);
        QCOMPARE(r->requests, 4); // each failed once, then succeeded
    }

    void rateLimitHolds() {
        // 600 a minute with a burst of 1: 11 requests need at least 1 s.
        const Settings s = settings(QStringLiteral("fmp"), QStringLiteral("testkey"), 600, 1);
        auto store = open(s);
        IngestParams p;
        for (int i = 0; i < 11; ++i)
            p.symbols << QStringLiteral("R%1").arg(i);
        p.statements = {Statement::Income};
        QElapsedTimer t;
        t.start();
        std::vector<double> etas;
        auto r = runIngest(p, s, *store, [&](const IngestProgress& pr) {
            etas.push_back(pr.etaSeconds);
            return true;
        });
        QVERIFY(r.ok());
        QCOMPARE(r->stored, 11);
        QVERIFY2(t.elapsed() >= 950, qPrintable(QString::number(t.elapsed())));
        QVERIFY(r->requestsPerMinute <= 600 * 1.1 + 60);
        // The ETA at the start accounts for the limit: 11 requests at 10 a second, about 1 s.
        QVERIFY(etas.size() > 2);
        QVERIFY2(etas.front() >= 1.0, qPrintable(QString::number(etas.front())));
        QCOMPARE(etas.back(), 0.0);
    }

    void cancelKeepsWhatWasStored() {
        const Settings s = settings(QStringLiteral("fmp"), QStringLiteral("testkey"), 600, 1);
        auto store = open(s);
        IngestParams p;
        for (int i = 0; i < 20; ++i)
            p.symbols << QStringLiteral("C%1").arg(i);
        p.statements = {Statement::Income};
        auto r = runIngest(p, s, *store, [](const IngestProgress& pr) { return pr.done < 3; });
        QVERIFY(r.ok());
        QCOMPARE(r->stoppedBy, QStringLiteral("cancelled"));
        QVERIFY(r->stored >= 3 && r->stored < 20);
        auto again = runIngest(p, settings(QStringLiteral("fmp")), *store);
        QCOMPARE(again->skipped, r->stored);
        QCOMPARE(again->stored, 20 - r->stored);
    }

    void cliDownloadShowScreen() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("cfg")));
        env.insert(QStringLiteral("TEARSHEET_CACHE"), m_dir.filePath(QStringLiteral("cli.sqlite")));
        env.insert(QStringLiteral("TEARSHEET_FMP_BASE_URL"), m_server.url());
        env.insert(QStringLiteral("TEARSHEET_FMP_API_KEY"), QStringLiteral("testkey"));
        // FMP's default limit (120/min) would make this test wait; the settings file lifts it.
        QFile cfg(m_dir.filePath(QStringLiteral("config.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write("{\"providers\": {\"fmp\": {\"rate_per_minute\": 6000, \"burst\": 20}}}");
        cfg.close();
        env.insert(QStringLiteral("TEARSHEET_CONFIG"), cfg.fileName());
        // A price for HAND (28.80) through the file provider, so the market ratios have one.
        QDir().mkpath(m_dir.filePath(QStringLiteral("prices")));
        QFile csv(m_dir.filePath(QStringLiteral("prices/HAND.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("Date,Open,High,Low,Close,Adj Close,Volume\n2024-12-30,27,28,26,27.5,27.5,100\n"
                  "2024-12-31,27.5,28,27,28,28,100\n2025-01-02,28,29,27,28.5,28.5,100\n"
                  "2025-01-03,28.5,29,28,28.8,28.8,100\n");
        csv.close();
        env.insert(QStringLiteral("TEARSHEET_FILE_BASE_URL"), m_dir.filePath(QStringLiteral("prices")));
        auto cli = [&](const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(TEARSHEET_CLI), args);
            p.waitForFinished(60000);
            if (out) *out = p.readAllStandardOutput();
            if (err) *err = p.readAllStandardError();
            return p.exitCode();
        };
        QCOMPARE(cli({QStringLiteral("download"), QStringLiteral("--provider"), QStringLiteral("file"),
                      QStringLiteral("--symbols"), QStringLiteral("HAND"), QStringLiteral("--quiet")}),
                 0);
        QFile universe(m_dir.filePath(QStringLiteral("universe.txt")));
        QVERIFY(universe.open(QIODevice::WriteOnly));
        universe.write("# two companies\nHAND\nOTHER\n");
        universe.close();
        QByteArray out, err;
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("download"),
                      QStringLiteral("--symbols-file"), universe.fileName(), QStringLiteral("--period"),
                      QStringLiteral("both"), QStringLiteral("--quiet")},
                     &out, &err),
                 0);
        QVERIFY2(err.contains("20 statement(s): 20 stored"), err.constData());
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("show"), QStringLiteral("HAND"),
                      QStringLiteral("--format"), QStringLiteral("json")},
                     &out),
                 0);
        const QJsonObject show = QJsonDocument::fromJson(out).object();
        QCOMPARE(show.value(QStringLiteral("price")).toDouble(), 28.8);
        const QJsonObject ratios = show.value(QStringLiteral("ratios")).toObject();
        QVERIFY(
            std::abs(ratios.value(QStringLiteral("pe")).toObject().value(QStringLiteral("value")).toDouble() -
                     20) < 1e-9);
        QVERIFY(ratios.value(QStringLiteral("roic"))
                    .toObject()
                    .value(QStringLiteral("definition"))
                    .toString()
                    .contains(QStringLiteral("tax rate")));
        // OTHER has no price: its market ratios are missing (null), the others are there.
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("show"), QStringLiteral("OTHER"),
                      QStringLiteral("--format"), QStringLiteral("json")},
                     &out),
                 0);
        const QJsonObject other =
            QJsonDocument::fromJson(out).object().value(QStringLiteral("ratios")).toObject();
        QVERIFY(other.value(QStringLiteral("pe")).toObject().value(QStringLiteral("value")).isNull());
        QVERIFY(
            std::abs(other.value(QStringLiteral("roe")).toObject().value(QStringLiteral("value")).toDouble() -
                     0.12) < 1e-9);
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("show"), QStringLiteral("HAND"),
                      QStringLiteral("--statement"), QStringLiteral("income"), QStringLiteral("--format"),
                      QStringLiteral("csv")},
                     &out),
                 0);
        QVERIFY(out.startsWith("item,2021-12-31,2022-12-31,2023-12-31,2024-12-31\n"));
        QVERIFY(out.contains("\nrevenue,500.00,640.00,800.00,1000.00\n"));
        // The screen: P/E needs a price, so only HAND can pass a P/E condition.
        QCOMPARE(
            cli({QStringLiteral("fundamentals"), QStringLiteral("screen"), QStringLiteral("--where"),
                 QStringLiteral("pe < 25 and roe > 10%"), QStringLiteral("--format"), QStringLiteral("csv")},
                &out, &err),
            0);
        QCOMPARE(out, QByteArray("symbol,pe,roe\nHAND,20,0.12\n"));
        QVERIFY(err.contains("1 of 2 symbol(s) match"));
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("screen"), QStringLiteral("--where"),
                      QStringLiteral("roe >= 12%")},
                     &out),
                 0);
        QVERIFY(out.contains("HAND") && out.contains("OTHER"));
        QCOMPARE(cli({QStringLiteral("fundamentals"), QStringLiteral("screen"), QStringLiteral("--where"),
                      QStringLiteral("pe < ; rm -rf /")},
                     &out, &err),
                 2);
        QVERIFY(err.contains("unexpected"));
        QCOMPARE(
            cli({QStringLiteral("fundamentals"), QStringLiteral("show"), QStringLiteral("NOPE")}, &out, &err),
            4);
        QVERIFY(err.contains("fundamentals download"));

        // Scheduled mode refreshes the holdings' fundamentals when they are older than the max age
        // (a week by default): fresh ones are left alone.
        QFile batch(m_dir.filePath(QStringLiteral("batch.json")));
        QVERIFY(batch.open(QIODevice::WriteOnly));
        batch.write("{\"defaults\": {\"formats\": [\"json\"]}, \"reports\": [{\"name\": \"hand\", "
                    "\"strategies\": [{\"portfolio\": {\"HAND\": 1}}]}]}");
        batch.close();
        env.insert(QStringLiteral("TEARSHEET_PROVIDERS"), QStringLiteral("file"));
        const QStringList schedule{QStringLiteral("schedule"),       QStringLiteral("--once"),
                                   QStringLiteral("--config"),       batch.fileName(),
                                   QStringLiteral("--out-dir"),      m_dir.filePath(QStringLiteral("runs")),
                                   QStringLiteral("--fundamentals"), QStringLiteral("fmp")};
        auto lastRun = [&] {
            QFile f(m_dir.filePath(QStringLiteral("runs/last-run.json")));
            return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                               : QJsonObject();
        };
        QVERIFY2(cli(schedule, &out, &err) == 0, err.constData());
        QJsonObject f = lastRun().value(QStringLiteral("fundamentals")).toObject();
        QCOMPARE(f.value(QStringLiteral("fresh")).toInt(), 5);
        QCOMPARE(f.value(QStringLiteral("stored")).toInt(), 0);
        QCOMPARE(cli(schedule + QStringList{QStringLiteral("--fundamentals-max-age"), QStringLiteral("0")},
                     &out, &err),
                 0);
        f = lastRun().value(QStringLiteral("fundamentals")).toObject();
        QCOMPARE(f.value(QStringLiteral("stored")).toInt(), 5);
        QCOMPARE(f.value(QStringLiteral("fresh")).toInt(), 0);
        // And the batch was rendered as usual.
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("runs/hand.json"))));
    }
};

QTEST_GUILESS_MAIN(TestFundamentalsIngest)
#include "test_fundamentals_ingest.moc"

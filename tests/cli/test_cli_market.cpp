// The market-data commands as a user runs them: separate tearsheet-cli processes against the
// loopback server and one cache file, including two processes at once and a download killed
// with SIGKILL in the middle of its writes.

#include "../net/mock_server.h"
#include "cache/price_cache.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace ts;

namespace {
struct Run {
    int code = -1;
    QString out, err;
};
} // namespace

class TestCliMarket : public QObject {
    Q_OBJECT
    test::MockServer m_server;
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;

    QString cachePath(const QString& name) const { return m_dir.filePath(name + QStringLiteral(".sqlite")); }

    Run cli(const QStringList& args, int timeoutMs = 60000) {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TEARSHEET_CLI), args);
        p.waitForFinished(timeoutMs);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }
    Run download(const QString& cache, const QString& symbols,
                 const QString& providers = QStringLiteral("yahoo")) {
        return cli({QStringLiteral("download"), QStringLiteral("--cache"), cache,
                    QStringLiteral("--provider"), providers, QStringLiteral("--symbols"), symbols});
    }

private slots:
    void initTestCase() {
        QVERIFY2(m_server.start(), "the loopback provider server did not start");
        m_env = QProcessEnvironment::systemEnvironment();
        const QString config = m_dir.filePath(QStringLiteral("config.json"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"http": {"timeout_ms": 15000}, "retry": {"max_attempts": 3, "base_seconds": 0.05},
                    "providers": {"yahoo": {"rate_per_minute": 60000, "burst": 50}, "stooq": {"rate_per_minute": 60000, "burst": 50},
                                  "fmp": {"rate_per_minute": 60000, "burst": 50}}})");
        f.close();
        m_env.insert(QStringLiteral("TEARSHEET_CONFIG"), config);
        m_env.insert(QStringLiteral("HOME"), m_dir.path()); // never the user's own files
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
        for (const char* p : {"YAHOO", "STOOQ", "FMP", "ALPHAVANTAGE", "TIINGO", "EODHD", "VCI"}) {
            m_env.insert(QStringLiteral("TEARSHEET_%1_BASE_URL").arg(QString::fromLatin1(p)), m_server.url());
            m_env.insert(QStringLiteral("TEARSHEET_%1_API_KEY").arg(QString::fromLatin1(p)),
                         QStringLiteral("testkey-secret-123"));
        }
        m_env.insert(QStringLiteral("TEARSHEET_FMP_API_KEY"), QStringLiteral("testkey"));
    }

    void downloadExitCodesTellSuccessPartialAndTotalFailure() {
        const QString c = cachePath(QStringLiteral("codes"));
        const Run ok = download(c, QStringLiteral("AAPL,MSFT"));
        QCOMPARE(ok.code, 0);
        QVERIFY(ok.out.contains(QStringLiteral("AAPL")) && ok.out.contains(QStringLiteral("updated")) &&
                ok.out.contains(QStringLiteral("yahoo")));
        const Run partial = download(c, QStringLiteral("AAPL,NOTFOUNDA"));
        QCOMPARE(partial.code, 3);
        QVERIFY(partial.out.contains(QStringLiteral("up to date")));
        QVERIFY(partial.out.contains(QStringLiteral("unknown or delisted")));
        const Run total = download(c, QStringLiteral("NOTFOUNDB,NOTFOUNDC"));
        QCOMPARE(total.code, 4);
        QCOMPARE(download(c, QStringLiteral("AAPL"), QStringLiteral("nosuch")).code, 2);
        QCOMPARE(cli({QStringLiteral("download"), QStringLiteral("--cache"), c}).code, 2);
        QCOMPARE(cli({QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--symbols"),
                      QStringLiteral("A"), QStringLiteral("--start"), QStringLiteral("2024-13-01")})
                     .code,
                 2);
    }

    void shorterHistoryIsRefusedUnlessReplaceHistory() {
        const QString c = cachePath(QStringLiteral("shrink"));
        QCOMPARE(download(c, QStringLiteral("GEN8")).code, 0); // 40 years from yahoo
        // fmp offers five bars of 2024 for it: refused, named on stderr with both histories.
        const Run refused = download(c, QStringLiteral("GEN8"), QStringLiteral("fmp"));
        QCOMPARE(refused.code, 4);
        QVERIFY2(refused.err.contains(QStringLiteral("GEN8: stored 10,437 bars")) &&
                     refused.err.contains(QStringLiteral("…2024-01-02 (yahoo); fmp offers 5 bars "
                                                         "2024-06-03…2024-06-10")) &&
                     refused.err.contains(QStringLiteral("--replace-history")),
                 qPrintable(refused.err));
        QVERIFY(refused.out.contains(QStringLiteral("refused")));
        {
            auto cache = cache::PriceCache::open(c, false);
            QVERIFY(cache.ok());
            const auto si = (*cache)->instrument(QStringLiteral("GEN8"));
            QCOMPARE(si->bars, 10437);
            QCOMPARE(si->provider, QStringLiteral("yahoo"));
            QCOMPARE(si->last, QDate(2024, 1, 2));
        }
        // Some stored, one refused: a partial failure.
        QCOMPARE(download(c, QStringLiteral("AAPL,GEN8"), QStringLiteral("fmp")).code, 3);
        const Run replaced =
            cli({QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--provider"),
                 QStringLiteral("fmp"), QStringLiteral("--symbols"), QStringLiteral("GEN8"),
                 QStringLiteral("--replace-history")});
        QVERIFY2(replaced.code == 0, qPrintable(replaced.err));
        auto cache = cache::PriceCache::open(c, false);
        const auto si = (*cache)->instrument(QStringLiteral("GEN8"));
        QCOMPARE(si->bars, 5);
        QCOMPARE(si->provider, QStringLiteral("fmp"));
    }

    void symbolsFileAndFailover() {
        const QString c = cachePath(QStringLiteral("failover"));
        const QString list = m_dir.filePath(QStringLiteral("universe.txt"));
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# my universe\nAAPL\nGARBAGEF   # yahoo answers garbage for this one\n");
        f.close();
        const Run r =
            cli({QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--provider"),
                 QStringLiteral("yahoo,fmp"), QStringLiteral("--symbols-file"), list});
        QCOMPARE(r.code, 3);
        QVERIFY(r.out.contains(QStringLiteral("GARBAGEF")));
        const Run show = cli({QStringLiteral("cache"), QStringLiteral("show"), QStringLiteral("AAPL"),
                              QStringLiteral("--cache"), c});
        QCOMPARE(show.code, 0);
        QVERIFY(show.out.contains(QStringLiteral("provider      yahoo")));
        QVERIFY(show.out.contains(QStringLiteral("dividend")));
    }

    void cacheCommands() {
        const QString c = cachePath(QStringLiteral("cmds"));
        QCOMPARE(download(c, QStringLiteral("AAPL,GEN7")).code, 0);
        const Run stats =
            cli({QStringLiteral("cache"), QStringLiteral("stats"), QStringLiteral("--cache"), c});
        QCOMPARE(stats.code, 0);
        QVERIFY(stats.out.contains(QStringLiteral("instruments   2")));
        const Run list = cli({QStringLiteral("cache"), QStringLiteral("list"), QStringLiteral("--cache"), c});
        QVERIFY(list.out.contains(QStringLiteral("GEN7")) && list.out.contains(QStringLiteral("10437")));
        const Run csv = cli({QStringLiteral("cache"), QStringLiteral("export"), QStringLiteral("AAPL"),
                             QStringLiteral("--cache"), c});
        QCOMPARE(csv.code, 0);
        QVERIFY(csv.out.startsWith(QStringLiteral(
            "Date,Open,High,Low,Close,Adj Close,Volume\n2024-06-03,99,101,98.5,100,99.50495")));
        const Run json =
            cli({QStringLiteral("cache"), QStringLiteral("export"), QStringLiteral("AAPL"),
                 QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--cache"), c});
        QCOMPARE(QJsonDocument::fromJson(json.out.toUtf8())
                     .object()
                     .value(QStringLiteral("bars"))
                     .toArray()
                     .size(),
                 5);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("verify"), QStringLiteral("--cache"), c}).code,
                 0);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("vacuum"), QStringLiteral("--cache"), c}).code,
                 0);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("remove"), QStringLiteral("AAPL"),
                      QStringLiteral("--cache"), c})
                     .code,
                 0);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("show"), QStringLiteral("AAPL"),
                      QStringLiteral("--cache"), c})
                     .code,
                 2);
        QCOMPARE(
            cli({QStringLiteral("cache"), QStringLiteral("frobnicate"), QStringLiteral("--cache"), c}).code,
            2);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("stats"), QStringLiteral("--cache"),
                      cachePath(QStringLiteral("absent"))})
                     .code,
                 2);
    }

    void metricsFromTheCacheMatchTheExportedPrices() {
        const QString c = cachePath(QStringLiteral("metrics"));
        QCOMPARE(download(c, QStringLiteral("GEN1,GEN2")).code, 0);
        const QString csv1 = m_dir.filePath(QStringLiteral("gen1.csv")),
                      csv2 = m_dir.filePath(QStringLiteral("gen2.csv"));
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("export"), QStringLiteral("GEN1"),
                      QStringLiteral("--cache"), c, QStringLiteral("--out"), csv1})
                     .code,
                 0);
        QCOMPARE(cli({QStringLiteral("cache"), QStringLiteral("export"), QStringLiteral("GEN2"),
                      QStringLiteral("--cache"), c, QStringLiteral("--out"), csv2})
                     .code,
                 0);
        const Run fromCache =
            cli({QStringLiteral("metrics"), QStringLiteral("--symbol"), QStringLiteral("GEN1"),
                 QStringLiteral("--benchmark-symbol"), QStringLiteral("GEN2"), QStringLiteral("--cache"), c,
                 QStringLiteral("--format"), QStringLiteral("json")});
        const Run fromFiles =
            cli({QStringLiteral("metrics"), QStringLiteral("--returns"), csv1, QStringLiteral("--benchmark"),
                 csv2, QStringLiteral("--prices"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(fromCache.code, 0);
        QCOMPARE(fromFiles.code, 0);
        const auto a = QJsonDocument::fromJson(fromCache.out.toUtf8())
                           .object()
                           .value(QStringLiteral("metrics"))
                           .toObject();
        const auto b = QJsonDocument::fromJson(fromFiles.out.toUtf8())
                           .object()
                           .value(QStringLiteral("metrics"))
                           .toObject();
        QVERIFY(a.size() > 70);
        for (const char* key : {"cagr", "sharpe", "max_drawdown", "volatility", "beta"}) {
            const double x = a.value(QString::fromLatin1(key)).toArray().at(0).toDouble(),
                         y = b.value(QString::fromLatin1(key)).toArray().at(0).toDouble();
            QVERIFY2(std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(y)), key);
        }
        QVERIFY(fromCache.err.contains(QStringLiteral("GEN1: 10437 daily closes")));
        const Run missing = cli({QStringLiteral("metrics"), QStringLiteral("--symbol"),
                                 QStringLiteral("NOPE"), QStringLiteral("--cache"), c});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QStringLiteral("not in the cache")));
    }

    void providersAndConfigNeverShowKeys() {
        const Run list = cli({QStringLiteral("providers"), QStringLiteral("list")});
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.contains(QStringLiteral("yahoo")) && list.out.contains(QStringLiteral("vci")));
        QVERIFY(!list.out.contains(QStringLiteral("testkey-secret-123")));
        QVERIFY(list.out.contains(QStringLiteral("te****23")));
        const Run cfg = cli({QStringLiteral("config"), QStringLiteral("show")});
        QCOMPARE(cfg.code, 0);
        QVERIFY(!cfg.out.contains(QStringLiteral("testkey-secret-123")));
        QCOMPARE(QJsonDocument::fromJson(cfg.out.toUtf8())
                     .object()
                     .value(QStringLiteral("providers"))
                     .toObject()
                     .value(QStringLiteral("yahoo"))
                     .toObject()
                     .value(QStringLiteral("base_url"))
                     .toString(),
                 m_server.url());
        const Run test = cli({QStringLiteral("providers"), QStringLiteral("test"),
                              QStringLiteral("--provider"), QStringLiteral("yahoo")});
        QCOMPARE(test.code, 0);
        QVERIFY(test.out.contains(QStringLiteral("ok")));
        const Run testFmp =
            cli({QStringLiteral("providers"), QStringLiteral("test"), QStringLiteral("--provider"),
                 QStringLiteral("stooq"), QStringLiteral("--symbol"), QStringLiteral("QUOTAX")});
        QCOMPARE(testFmp.code, 4);
        QVERIFY(testFmp.out.contains(QStringLiteral("quota exhausted")));
    }

    void damagedCacheIsReportedAndKept() {
        const QString c = cachePath(QStringLiteral("damaged"));
        QFile f(c);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        const Run r = download(c, QStringLiteral("AAPL"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("damaged")), qPrintable(r.err));
        QFile again(c);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), QByteArray(8192, 'x'));
    }

    void twoProcessesShareOneCache() {
        const QString c = cachePath(QStringLiteral("shared"));
        QProcess a, b;
        for (auto [p, syms] :
             {std::pair{&a, "GEN20,GEN21,GEN22,GEN23"}, std::pair{&b, "GEN30,GEN31,GEN32,GEN33"}}) {
            p->setProcessEnvironment(m_env);
            p->start(QStringLiteral(TEARSHEET_CLI),
                     {QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--provider"),
                      QStringLiteral("yahoo"), QStringLiteral("--symbols"), QString::fromLatin1(syms)});
        }
        QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
        QVERIFY2(a.exitCode() == 0,
                 qPrintable(QString::fromUtf8(a.readAllStandardOutput() + a.readAllStandardError())));
        QVERIFY2(b.exitCode() == 0,
                 qPrintable(QString::fromUtf8(b.readAllStandardOutput() + b.readAllStandardError())));
        auto cache = cache::PriceCache::open(c, false);
        QVERIFY(cache.ok());
        QCOMPARE((*cache)->stats().instruments, 8);
        QVERIFY((*cache)->verify()->isEmpty());
    }

    void killedDownloadLeavesWholeSeries_data() {
        QTest::addColumn<int>("killAfter"); // stored series seen before SIGKILL
        QTest::newRow("after 1") << 1;
        QTest::newRow("after 4") << 4;
        QTest::newRow("after 9") << 9;
    }
    void killedDownloadLeavesWholeSeries() {
        QFETCH(int, killAfter);
        const QString c = cachePath(QStringLiteral("killed%1").arg(killAfter));
        QCOMPARE(download(c, QStringLiteral("AAPL")).code, 0); // data that must survive
        QStringList symbols;
        for (int i = 0; i < 40; ++i)
            symbols << QStringLiteral("GEN%1").arg(100 + i);
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.start(QStringLiteral(TEARSHEET_CLI),
                {QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--provider"),
                 QStringLiteral("yahoo"), QStringLiteral("--jobs"), QStringLiteral("2"),
                 QStringLiteral("--symbols"), symbols.join(QLatin1Char(','))});
        QVERIFY(p.waitForStarted());
        // Watch from this process (a second connection) and kill the writer mid-run.
        auto watcher = cache::PriceCache::open(c, false);
        QVERIFY(watcher.ok());
        QElapsedTimer timer;
        timer.start();
        while ((*watcher)->stats().instruments < 1 + killAfter && timer.elapsed() < 60000)
            QTest::qWait(2);
        QVERIFY2(p.state() == QProcess::Running, "the download finished before it could be killed");
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        watcher->reset();

        const Run verify =
            cli({QStringLiteral("cache"), QStringLiteral("verify"), QStringLiteral("--cache"), c});
        QCOMPARE(verify.code, 0);
        auto cache = cache::PriceCache::open(c, false);
        QVERIFY(cache.ok());
        const auto all = (*cache)->instruments();
        QVERIFY(static_cast<int>(all.size()) >= 1 + killAfter && all.size() < 41);
        for (const auto& si : all) {
            if (si.instrument.symbol == QLatin1String("AAPL"))
                QCOMPARE(si.bars, 5);
            else
                QCOMPARE(si.bars, 10437); // whole series or nothing
        }
        // The next run completes the job from where it stopped.
        const Run resume =
            cli({QStringLiteral("download"), QStringLiteral("--cache"), c, QStringLiteral("--provider"),
                 QStringLiteral("yahoo"), QStringLiteral("--symbols"), symbols.join(QLatin1Char(','))});
        QCOMPARE(resume.code, 0);
        QCOMPARE((*cache)->stats().instruments, 41);
    }
};

QTEST_GUILESS_MAIN(TestCliMarket)
#include "test_cli_market.moc"

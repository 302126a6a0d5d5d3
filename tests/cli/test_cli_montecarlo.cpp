// tearsheet-cli montecarlo as a user runs it: real process, real files, exit codes and messages.

#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

QString oracle(const char* name) {
    return QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/") + QString::fromLatin1(name);
}

QStringList mc(const QStringList& more) {
    return QStringList{QStringLiteral("montecarlo"), QStringLiteral("--returns"), oracle("strat_a.csv")} +
           more;
}

QJsonObject json(const Run& r) {
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(r.out.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError) qFatal("not JSON: %s", qPrintable(e.errorString()));
    return d.object();
}

} // namespace

class TestCliMonteCarlo : public QObject {
    Q_OBJECT
private slots:
    void listedAndHelped() {
        const Run h = cli({QStringLiteral("--help")});
        QVERIFY(h.out.contains(QStringLiteral("montecarlo")));
        const Run mh = cli({QStringLiteral("montecarlo"), QStringLiteral("--help")});
        QCOMPARE(mh.code, 0);
        for (const char* opt :
             {"--returns", "--column", "--benchmark", "--sims", "--method", "--block-length", "--horizon",
              "--seed", "--bust", "--goal", "--periods", "--rf", "--format", "--out"})
            QVERIFY2(mh.out.contains(QString::fromLatin1(opt)), opt);
    }

    void sameSeedSameBytes_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("block") << "block";
        QTest::newRow("bootstrap") << "bootstrap";
        QTest::newRow("shuffle") << "shuffle";
    }
    void sameSeedSameBytes() {
        QFETCH(QString, method);
        const QStringList args = mc({"--method", method, "--sims", "300", "--format", "json"});
        const Run a = cli(args + QStringList{"--seed", "17"});
        const Run b = cli(args + QStringList{"--seed", "17"});
        const Run c = cli(args + QStringList{"--seed", "18"});
        QCOMPARE(a.code, 0);
        QCOMPARE(c.code, 0);
        QVERIFY(a.out.size() > 1000);
        QVERIFY(a.out == b.out);
        QVERIFY(a.out != c.out);
        QCOMPARE(json(a)["seed"].toInteger(), 17);
        // --out writes the same bytes as stdout.
        QTemporaryDir dir;
        const QString file = dir.filePath("mc.json");
        QCOMPARE(cli(args + QStringList{"--seed", "17", "--out", file}).code, 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll() == a.out.toUtf8());
    }

    void jsonContract() {
        const Run r = cli(mc({"--sims", "500", "--seed", "3", "--format", "json"}));
        QCOMPARE(r.code, 0);
        const QJsonObject j = json(r);
        QCOMPARE(j["method"].toString(), QStringLiteral("block")); // the default
        QCOMPARE(j["sims"].toInt(), 500);
        QVERIFY(j["block_length"].toDouble() >= 1); // automatic, reported
        QCOMPARE(j["horizon_periods"].toInt(), 2609);
        QCOMPARE(j["bust"].toDouble(), -0.25);
        QCOMPARE(j["goal"].toDouble(), 1.0);
        QVERIFY(!j["terminal_fixed_by_construction"].toBool());
        for (const char* key : {"terminal", "maxdd", "cagr", "sharpe"}) {
            const QJsonObject s = j[key].toObject();
            QCOMPARE(s.size(), 9);
            for (const char* k : {"min", "max", "mean", "median", "std", "percentile_5", "percentile_25",
                                  "percentile_75", "percentile_95"})
                QVERIFY2(s[k].isDouble(), qPrintable(QStringLiteral("%1.%2").arg(key, k)));
            QVERIFY(s["min"].toDouble() <= s["percentile_5"].toDouble());
            QVERIFY(s["percentile_95"].toDouble() <= s["max"].toDouble());
        }
        const double bust = j["bust_probability"].toDouble(), goal = j["goal_probability"].toDouble();
        QVERIFY(bust > 0 && bust < 1);
        QVERIFY(goal > 0 && goal < 1);
        const QJsonObject paths = j["paths"].toObject();
        const int points = paths["periods"].toArray().size();
        QVERIFY(points > 100 && points <= 512);
        for (const char* k :
             {"percentile_5", "percentile_25", "percentile_50", "percentile_75", "percentile_95", "original"})
            QCOMPARE(paths[k].toArray().size(), points);
        QCOMPARE(paths["percentile_50"].toArray().last().toDouble(),
                 j["terminal"].toObject()["median"].toDouble());
        QVERIFY(!r.out.contains(QStringLiteral("nan"), Qt::CaseInsensitive));
    }

    void shuffleSaysTerminalIsFixed() {
        const Run r = cli(mc({"--method", "shuffle", "--sims", "200", "--format", "json"}));
        QCOMPARE(r.code, 0);
        const QJsonObject j = json(r);
        QVERIFY(j["terminal_fixed_by_construction"].toBool());
        QVERIFY(j["block_length"].isNull());
        const QJsonObject t = j["terminal"].toObject();
        QVERIFY(t["max"].toDouble() - t["min"].toDouble() < 1e-12 * t["max"].toDouble());
        const QJsonObject dd = j["maxdd"].toObject();
        QVERIFY(dd["max"].toDouble() - dd["min"].toDouble() > 0.05);
        const Run table = cli(mc({"--method", "shuffle", "--sims", "200"}));
        QCOMPARE(table.code, 0);
        QVERIFY(table.out.contains(QStringLiteral("terminal figures are fixed by construction")));
        QVERIFY(!cli(mc({"--sims", "200"})).out.contains(QStringLiteral("fixed by construction")));
    }

    void horizonChangesThePathLength() {
        const Run r =
            cli(mc({"--method", "bootstrap", "--horizon", "2", "--sims", "50", "--format", "json"}));
        QCOMPARE(r.code, 0);
        const QJsonObject j = json(r);
        QCOMPARE(j["horizon_periods"].toInt(), 504);
        QCOMPARE(j["paths"].toObject()["periods"].toArray().last().toInt(), 504);
        // --periods changes it too: 2 years of 52 weeks.
        const Run w = cli(mc({"--horizon", "2", "--periods", "52", "--sims", "50", "--format", "json"}));
        QCOMPARE(json(w)["horizon_periods"].toInt(), 104);
    }

    void csvOneRowPerSim() {
        const QStringList args = mc({"--sims", "40", "--seed", "5"});
        const Run csv = cli(args + QStringList{"--format", "csv"});
        QCOMPARE(csv.code, 0);
        const QStringList lines = csv.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 41);
        QCOMPARE(lines[0], QStringLiteral("sim,terminal,cagr,maxdd,sharpe"));
        double worst = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char(','));
            QCOMPARE(f.size(), 5);
            QCOMPARE(f[0].toInt(), i - 1);
            worst = std::min(worst, f[3].toDouble());
        }
        // The same run as JSON: its worst drawdown is the CSV's.
        const QJsonObject j = json(cli(args + QStringList{"--format", "json"}));
        QCOMPARE(worst, j["maxdd"].toObject()["min"].toDouble());
    }

    void benchmarkUnderItsOwnKey() {
        const Run r = cli(mc({"--benchmark", oracle("bench.csv"), "--sims", "100", "--format", "json"}));
        QCOMPARE(r.code, 0);
        const QJsonObject j = json(r), b = j["benchmark"].toObject();
        QCOMPARE(b["name"].toString(), QStringLiteral("bench"));
        QCOMPARE(b["maxdd"].toObject().size(), 9);
        QVERIFY(b["maxdd"].toObject()["mean"].toDouble() != j["maxdd"].toObject()["mean"].toDouble());
        QVERIFY(!b.contains("paths"));
    }

    void pricesAreDetected() {
        const Run r =
            cli({"montecarlo", "--returns", oracle("strat_a_close.csv"), "--sims", "20", "--format", "json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(json(r)["observed_periods"].toInt(), 2608); // prices give one return fewer
    }

    void badOptionsExitTwoNamingTheOption_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no returns") << QStringList{"montecarlo"} << "--returns FILE is required";
        QTest::newRow("sims zero") << mc({"--sims", "0"})
                                   << "--sims must be a whole number from 1 to 100000 (got \"0\")";
        QTest::newRow("sims text") << mc({"--sims", "many"}) << "--sims must be a whole number";
        QTest::newRow("sims too many") << mc({"--sims", "100001"}) << "(got \"100001\")";
        QTest::newRow("method") << mc({"--method", "magic"})
                                << "--method must be shuffle, bootstrap or block (got \"magic\")";
        QTest::newRow("seed negative") << mc({"--seed", "-1"}) << "--seed must be a whole number";
        QTest::newRow("seed text") << mc({"--seed", "x"}) << "--seed must be";
        QTest::newRow("bust positive") << mc({"--bust", "0.5"}) << "--bust must be a drawdown from -1 to 0";
        QTest::newRow("goal text") << mc({"--goal", "lots"}) << "--goal must be";
        QTest::newRow("periods zero") << mc({"--periods", "0"}) << "--periods must be";
        QTest::newRow("rf text") << mc({"--rf", "two"}) << "--rf must be";
        QTest::newRow("format") << mc({"--format", "xml"})
                                << "--format must be table, json or csv (got \"xml\")";
        QTest::newRow("block length below 1") << mc({"--block-length", "0.5"}) << "--block-length must be";
        QTest::newRow("block length too long")
            << mc({"--block-length", "9999"}) << "--block-length must be at most";
        QTest::newRow("block length, bootstrap") << mc({"--method", "bootstrap", "--block-length", "5"})
                                                 << "--block-length applies to --method block only";
        QTest::newRow("horizon negative") << mc({"--horizon", "-3"}) << "--horizon must be";
        QTest::newRow("horizon with shuffle")
            << mc({"--method", "shuffle", "--horizon", "5"}) << "--horizon 5: shuffle";
        QTest::newRow("returns-are") << mc({"--returns-are", "bits"}) << "--returns-are must be";
        QTest::newRow("missing file")
            << QStringList{"montecarlo", "--returns", oracle("nope.csv")} << "nope.csv: no such file";
        QTest::newRow("unknown option") << mc({"--frobnicate"}) << "Unknown option";
    }
    void badOptionsExitTwoNamingTheOption() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    // A report with --montecarlo SIMS: the section in JSON and HTML, the seed fixed and shown.
    void reportSection() {
#ifndef TEARSHEET_HAS_RENDER
        QSKIP("report needs the GUI build (tearsheet-render)");
#endif
        QTemporaryDir dir;
        const QStringList base{"report", "--returns", oracle("strat_a.csv")};
        auto reportJson = [&](const QString& file, const QStringList& more) {
            const Run r = cli(base + more + QStringList{"--out", dir.filePath(file)});
            if (r.code != 0) qWarning("%s", qPrintable(r.err));
            QFile f(dir.filePath(file));
            if (!f.open(QIODevice::ReadOnly)) return QJsonObject();
            return QJsonDocument::fromJson(f.readAll()).object();
        };
        const QJsonObject a = reportJson("a.json", {"--montecarlo", "300"});
        const QJsonObject mc = a["montecarlo"].toObject();
        QCOMPARE(mc["sims"].toInt(), 300);
        QCOMPARE(mc["method"].toString(), QStringLiteral("block"));
        QCOMPARE(mc["seed"].toInteger(), 42);
        QCOMPARE(mc["maxdd"].toObject().size(), 9);
        QVERIFY(mc["paths"].toObject()["percentile_95"].toArray().size() > 100);
        // Reproducible: a second report has the same section to the bit.
        QVERIFY(reportJson("b.json", {"--montecarlo", "300"})["montecarlo"].toObject() == mc);
        QVERIFY(!reportJson("c.json", {})["montecarlo"].isObject()); // off by default

        QCOMPARE(cli(base + QStringList{"--montecarlo", "300", "--out", dir.filePath("r.html")}).code, 0);
        QFile html(dir.filePath("r.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString h = QString::fromUtf8(html.readAll());
        QVERIFY(h.contains(QStringLiteral("<figure id=\"montecarlo\"><svg")));
        QVERIFY(h.contains(QStringLiteral("Monte Carlo summary")));
        QVERIFY(h.contains(QStringLiteral("seed 42")));
        QCOMPARE(cli(base + QStringList{"--out", dir.filePath("plain.html")}).code, 0);
        QFile plain(dir.filePath("plain.html"));
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!plain.readAll().contains("Monte Carlo"));

        // QuantStats' shuffle: the report says its terminal figures are fixed by construction.
        const QJsonObject s = reportJson("s.json", {"--montecarlo", "100", "--montecarlo-method", "shuffle"});
        QVERIFY(s["montecarlo"].toObject()["terminal_fixed_by_construction"].toBool());
        QCOMPARE(cli(base + QStringList{"--montecarlo", "100", "--montecarlo-method", "shuffle", "--out",
                                        dir.filePath("s.html")})
                     .code,
                 0);
        QFile shuffled(dir.filePath("s.html"));
        QVERIFY(shuffled.open(QIODevice::ReadOnly));
        QVERIFY(shuffled.readAll().contains("terminal figures are fixed by construction"));
        QVERIFY(!h.contains(QStringLiteral("fixed by construction")));

        const Run badMethod = cli(base + QStringList{"--montecarlo", "10", "--montecarlo-method", "x",
                                                     "--out", dir.filePath("x.html")});
        QCOMPARE(badMethod.code, 2);
        QVERIFY2(badMethod.err.contains(QStringLiteral("--montecarlo-method must be")),
                 qPrintable(badMethod.err));
        const Run bad = cli(base + QStringList{"--montecarlo", "lots", "--out", dir.filePath("x.html")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--montecarlo must be")), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestCliMonteCarlo)
#include "test_cli_montecarlo.moc"

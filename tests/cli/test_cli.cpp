// tearsheet-cli as a user runs it: real process, real files, exit codes and messages.

#include "cli_run.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <cmath>
#include <QTest>

namespace {

QString data(const char* name) {
    return QStringLiteral(TEARSHEET_TEST_DATA "/") + QString::fromLatin1(name);
}
QString oracle(const char* name) {
    return QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/") + QString::fromLatin1(name);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp() {
        const Run v = cli({QStringLiteral("--version")});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith(QStringLiteral("tearsheet-cli ")));
        const Run h = cli({QStringLiteral("--help")});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains(QStringLiteral("metrics")));
        const Run mh = cli({QStringLiteral("metrics"), QStringLiteral("--help")});
        QCOMPARE(mh.code, 0);
        for (const char* opt : {"--returns", "--benchmark", "--prices", "--rf", "--periods", "--no-compound",
                                "--convention", "--format"})
            QVERIFY2(mh.out.contains(QString::fromLatin1(opt)), opt);
    }

    void badInputExitsTwoWithAMessage_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString m = QStringLiteral("metrics");
        const QString r = QStringLiteral("--returns");
        QTest::newRow("non-numeric") << QStringList{m, r, data("bad_non_numeric.csv")}
                                     << "bad_non_numeric.csv:3: column \"return\": non-numeric value \"abc\"";
        QTest::newRow("bad date") << QStringList{m, r, data("bad_date.csv")}
                                  << "bad_date.csv:3: unparsable date";
        QTest::newRow("duplicate date")
            << QStringList{m, r, data("bad_duplicate.csv")} << "bad_duplicate.csv:3: duplicate date";
        QTest::newRow("unsorted") << QStringList{m, r, data("bad_unsorted.csv")}
                                  << "bad_unsorted.csv:3: dates are not in increasing order";
        QTest::newRow("empty file") << QStringList{m, r, data("bad_empty.csv")}
                                    << "bad_empty.csv: the file is empty";
        QTest::newRow("one row") << QStringList{m, r, data("one_row.csv")} << "at least 2 returns are needed";
        QTest::newRow("missing file") << QStringList{m, r, data("nope.csv")} << "nope.csv: no such file";
        QTest::newRow("no overlap")
            << QStringList{m, r, oracle("short_1y.csv"), QStringLiteral("--benchmark"), data("old_bench.csv")}
            << "short_1y (2024-01-03 … 2024-12-31) and benchmark old_bench (1990-01-02 "
               "… 1990-01-04) share no dates";
        QTest::newRow("no returns option") << QStringList{m} << "give --returns FILE or --symbol SYM";
        QTest::newRow("bad rf") << QStringList{m, r, oracle("short_1y.csv"), QStringLiteral("--rf"),
                                               QStringLiteral("two")}
                                << "--rf must be";
        QTest::newRow("bad periods") << QStringList{m, r, oracle("short_1y.csv"), QStringLiteral("--periods"),
                                                    QStringLiteral("0")}
                                     << "--periods must be";
        QTest::newRow("bad format") << QStringList{m, r, oracle("short_1y.csv"), QStringLiteral("--format"),
                                                   QStringLiteral("xml")}
                                    << "--format must be";
        QTest::newRow("bad convention")
            << QStringList{m, r, oracle("short_1y.csv"), QStringLiteral("--convention"), QStringLiteral("x")}
            << "unknown convention";
        QTest::newRow("unknown option") << QStringList{m, QStringLiteral("--frobnicate")} << "Unknown option";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << "unknown command";
    }
    void badInputExitsTwoWithAMessage() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty() || args.first() == QStringLiteral("frobnicate"));
    }

    void jsonWithBenchmark() {
        const Run r = cli({QStringLiteral("metrics"), QStringLiteral("--returns"), oracle("strat_a.csv"),
                           QStringLiteral("--benchmark"), oracle("bench.csv"), QStringLiteral("--format"),
                           QStringLiteral("json")});
        QCOMPARE(r.code, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject m = j[QStringLiteral("metrics")].toObject();
        QCOMPARE(m.size(), 81);
        QCOMPARE(m[QStringLiteral("start_period")].toObject()[QStringLiteral("strategy")].toString(),
                 QStringLiteral("2015-01-01"));
        QVERIFY(m[QStringLiteral("beta")].toObject()[QStringLiteral("benchmark")].isNull());
        QVERIFY(!j[QStringLiteral("eoy_vs_benchmark")].toArray().isEmpty());
        QVERIFY(!r.out.contains(QStringLiteral("nan"), Qt::CaseInsensitive));
    }

    // 40 years of strategy against a 10-year benchmark: the cut is reported, never silent.
    void cutToCommonDatesIsReported() {
        // QuantStats' window starts where both have moved (Q16), the standard one where both have data.
        const QStringList standard{QStringLiteral("metrics"), QStringLiteral("--returns"),
                                   oracle("strat_40y.csv"), QStringLiteral("--benchmark"), oracle("bench.csv")};
        const Run st = cli(standard + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(st.code, 0);
        const QJsonObject sal =
            QJsonDocument::fromJson(st.out.toUtf8()).object()[QStringLiteral("alignment")].toObject();
        QCOMPARE(sal[QStringLiteral("start")].toString(), QStringLiteral("2015-01-01"));
        QCOMPARE(sal[QStringLiteral("start_set_by")].toString(), QStringLiteral("bench"));
        QCOMPARE(sal[QStringLiteral("series")].toArray()[0].toObject()[QStringLiteral("dropped")].toInt(),
                 10436 - 2609);
        QVERIFY(sal[QStringLiteral("notice")].toString().startsWith(
            QStringLiteral("Cut to the dates all series share, 2015-01-01 … 2024-12-31")));

        const QStringList base = standard + QStringList{QStringLiteral("--convention"), QStringLiteral("quantstats")};
        const Run r = cli(base + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.code, 0);
        const QJsonObject al =
            QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("alignment")].toObject();
        QCOMPARE(al[QStringLiteral("start")].toString(), QStringLiteral("2015-01-02"));
        QCOMPARE(al[QStringLiteral("start_set_by")].toString(), QStringLiteral("bench"));
        QVERIFY(al[QStringLiteral("end_set_by")].isNull());
        QVERIFY(al[QStringLiteral("cut")].toBool());
        const QJsonArray series = al[QStringLiteral("series")].toArray();
        QCOMPARE(series.size(), 2);
        const QJsonObject strategy = series[0].toObject(), bench = series[1].toObject();
        QCOMPARE(strategy[QStringLiteral("name")].toString(), QStringLiteral("strat_40y"));
        QCOMPARE(strategy[QStringLiteral("first")].toString(), QStringLiteral("1985-01-01"));
        QCOMPARE(strategy[QStringLiteral("observations")].toInt(), 10436);
        QCOMPARE(strategy[QStringLiteral("dropped")].toInt(), 10436 - 2608);
        QVERIFY(bench[QStringLiteral("benchmark")].toBool());
        QCOMPARE(bench[QStringLiteral("observations")].toInt(), 2609);
        const QString notice = al[QStringLiteral("notice")].toString();
        QVERIFY(
            notice.startsWith(QStringLiteral("Cut to the dates all series share, 2015-01-02 … 2024-12-31")));
        QVERIFY2(r.err.contains(QStringLiteral("note: ") + notice), qPrintable(r.err));
        // The table says it in its header, right under the dates it explains.
        const Run t = cli(base);
        QCOMPARE(t.code, 0);
        QCOMPARE(t.out.split(QLatin1Char('\n')).value(2), notice);
        // Same dates: nothing dropped, nothing said.
        const Run same = cli({QStringLiteral("metrics"), QStringLiteral("--returns"), oracle("strat_a.csv"),
                              QStringLiteral("--format"), QStringLiteral("json")});
        const QJsonObject none =
            QJsonDocument::fromJson(same.out.toUtf8()).object()[QStringLiteral("alignment")].toObject();
        QVERIFY(!none.isEmpty());
        QVERIFY(!none[QStringLiteral("cut")].toBool());
        QVERIFY(none[QStringLiteral("notice")].toString().isEmpty());
        QVERIFY(!same.err.contains(QStringLiteral("Cut to")));
    }

    void allZeroSeriesGivesNulls() {
        const Run r = cli({QStringLiteral("metrics"), QStringLiteral("--returns"), data("all_zero.csv"),
                           QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.code, 0);
        const QJsonObject m =
            QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("metrics")].toObject();
        QVERIFY(m[QStringLiteral("sharpe")].toObject()[QStringLiteral("strategy")].isNull());
        QCOMPARE(m[QStringLiteral("cumulative_return")].toObject()[QStringLiteral("strategy")].toDouble(),
                 0.0);
    }

    // Every --returns is a strategy and every value column of a wide file: nothing is dropped, and
    // two of one name are refused with both origins named.
    void severalStrategiesAreAllKept() {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write");
            f.write(text);
            return f.fileName();
        };
        auto json = [](const Run& r) { return QJsonDocument::fromJson(r.out.toUtf8()).object(); };
        const QString m = QStringLiteral("metrics"), ret = QStringLiteral("--returns");
        const QStringList asJson{QStringLiteral("--format"), QStringLiteral("json")};
        const Run two = cli(QStringList{m, ret, oracle("strat_a.csv"), ret, oracle("ends_in_dd.csv")} + asJson);
        QCOMPARE(two.code, 0);
        const QJsonObject sharpe = json(two)[QStringLiteral("metrics")].toObject()[QStringLiteral("sharpe")].toObject();
        QCOMPARE(sharpe.keys(), (QStringList{QStringLiteral("ends_in_dd"), QStringLiteral("strat_a")}));
        // Same dates: the same number as the file alone (standard: no cross-column effects).
        const Run alone = cli(QStringList{m, ret, oracle("ends_in_dd.csv")} + asJson);
        QCOMPARE(json(two)[QStringLiteral("metrics")].toObject()[QStringLiteral("avg_win")].toObject()
                     [QStringLiteral("ends_in_dd")],
                 json(alone)[QStringLiteral("metrics")].toObject()[QStringLiteral("avg_win")].toObject()
                     [QStringLiteral("strategy")]);

        const QString wide = write(QStringLiteral("wide.csv"),
                                   "date,a,b\n2024-01-02,0.01,0.02\n2024-01-03,-0.02,0.01\n2024-01-04,0.03,-0.01\n");
        const Run w = cli(QStringList{m, ret, wide} + asJson);
        QCOMPARE(w.code, 0);
        const QJsonObject total =
            json(w)[QStringLiteral("metrics")].toObject()[QStringLiteral("cumulative_return")].toObject();
        QCOMPARE(total.keys(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QVERIFY(std::abs(total[QStringLiteral("a")].toDouble() - (1.01 * 0.98 * 1.03 - 1)) < 1e-12);
        QVERIFY(std::abs(total[QStringLiteral("b")].toDouble() - (1.02 * 1.01 * 0.99 - 1)) < 1e-12);
        const Run picked = cli(QStringList{m, ret, wide, QStringLiteral("--column"), QStringLiteral("b")} + asJson);
        QCOMPARE(json(picked)[QStringLiteral("metrics")].toObject()[QStringLiteral("cumulative_return")].toObject()
                     [QStringLiteral("strategy")]
                         .toDouble(),
                 total[QStringLiteral("b")].toDouble());

        // A column of one file named like another file: refused, both named.
        QDir().mkpath(dir.filePath(QStringLiteral("x")));
        const QString otherA = write(QStringLiteral("x/a.csv"), "date,r\n2024-01-02,0.01\n2024-01-03,0.02\n");
        const Run dup = cli(QStringList{m, ret, wide, ret, otherA});
        QCOMPARE(dup.code, 2);
        QVERIFY2(dup.err.contains(QStringLiteral("two strategies are named \"a\": %1, column \"a\" and %2").arg(wide, otherA)),
                 qPrintable(dup.err));
        // An empty column is an error naming it, not a strategy quietly left out.
        const QString holes = write(QStringLiteral("holes.csv"), "date,a,b\n2024-01-02,0.01,\n2024-01-03,0.02,\n");
        const Run empty = cli(QStringList{m, ret, holes});
        QCOMPARE(empty.code, 2);
        QVERIFY2(empty.err.contains(QStringLiteral("no values in column \"b\"")), qPrintable(empty.err));
    }

    void csvAndTableFormats() {
        const QStringList base{QStringLiteral("metrics"), QStringLiteral("--returns"), oracle("strat_a.csv"),
                               QStringLiteral("--benchmark"), oracle("bench.csv")};
        const Run c = cli(base + QStringList{QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(c.code, 0);
        const QStringList lines = c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("label,key,strategy,benchmark"));
        QCOMPARE(lines.size(), 82);
        QVERIFY(lines.contains(QStringLiteral("Longest DD Days,longest_dd_days,1367,689")));
        const Run t = cli(base);
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains(QStringLiteral("Max DD Date")));
        QVERIFY(t.out.contains(QStringLiteral("2018-12-05")));
        QVERIFY(t.out.contains(QStringLiteral("-35.16%"))); // max drawdown as QuantStats prints it
    }

    void pricesAndOutFile() {
        QTemporaryDir dir;
        const QString outPath = dir.filePath(QStringLiteral("sub/m.json"));
        const Run r =
            cli({QStringLiteral("metrics"), QStringLiteral("--returns"), oracle("strat_a_close.csv"),
                 QStringLiteral("--prices"), QStringLiteral("--format"), QStringLiteral("json"),
                 QStringLiteral("--out"), outPath});
        QCOMPARE(r.code, 0);
        QFile f(outPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject m =
            QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("metrics")].toObject();
        // Prices -> returns drops the first day (no return) and then matches the return file's Sharpe
        // closely.
        const Run ref = cli({QStringLiteral("metrics"), QStringLiteral("--returns"), oracle("strat_a.csv"),
                             QStringLiteral("--format"), QStringLiteral("json")});
        const double want = QJsonDocument::fromJson(ref.out.toUtf8())
                                .object()[QStringLiteral("metrics")]
                                .toObject()[QStringLiteral("sharpe")]
                                .toObject()[QStringLiteral("strategy")]
                                .toDouble();
        const double got = m[QStringLiteral("sharpe")].toObject()[QStringLiteral("strategy")].toDouble();
        QVERIFY2(std::abs(got - want) < 0.01, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(want)));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"

// Frequency awareness and the risk-free series through the real tearsheet-cli: periods that follow
// the dates (monthly, and weekly resampled here from the oracle's daily strat_a), the loud warning when
// --periods contradicts them, and --rf-series against a hand computation.

#include "../core/irx_cache.h"
#include "cli_run.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>

namespace {

QString data(const char* name) {
    return QStringLiteral(TEARSHEET_TEST_DATA "/") + QString::fromLatin1(name);
}

// The dates and values of a two-column CSV (no missing values in the files used here).
std::pair<QStringList, std::vector<double>> readColumn(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
    QStringList dates;
    std::vector<double> values;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> cells = lines[i].trimmed().split(',');
        if (cells.size() != 2 || cells[1].isEmpty()) continue;
        dates << QString::fromLatin1(cells[0]);
        values.push_back(cells[1].toDouble());
    }
    return {dates, values};
}

double sampleStdev(const std::vector<double>& v) {
    double mean = 0, ss = 0;
    for (double x : v)
        mean += x / static_cast<double>(v.size());
    for (double x : v)
        ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

QJsonObject metricsJson(const QStringList& extra, Run* run = nullptr) {
    const Run r = cli(
        QStringList{QStringLiteral("metrics"), QStringLiteral("--format"), QStringLiteral("json")} + extra);
    if (run) *run = r;
    if (r.code != 0) qWarning("%s", qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

double strategyMetric(const QJsonObject& j, const char* key) {
    return j[QStringLiteral("metrics")][QString::fromLatin1(key)][QStringLiteral("strategy")].toDouble();
}

} // namespace

class TestCliRfFrequency : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    // strat_a's daily returns compounded into weeks (ISO week), dated on each week's last trading day.
    QString weeklyFile() {
        const auto [dates, values] = readColumn(data("oracle/data/strat_a.csv"));
        std::map<std::pair<int, int>, std::pair<QString, double>> weeks;
        for (qsizetype i = 0; i < dates.size(); ++i) {
            int year = 0;
            const int week = QDate::fromString(dates[i], Qt::ISODate).weekNumber(&year);
            auto& w = weeks.try_emplace({year, week}, QString(), 1.0).first->second;
            w.first = dates[i];
            w.second *= 1 + values[static_cast<std::size_t>(i)];
        }
        const QString path = m_dir.filePath(QStringLiteral("strat_a_weekly.csv"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write("date,strat_a\n");
        for (const auto& [key, w] : weeks)
            f.write(QStringLiteral("%1,%2\n").arg(w.first).arg(w.second - 1, 0, 'g', 17).toUtf8());
        return path;
    }

private slots:
    void periodsFollowTheDates_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("frequency");
        QTest::addColumn<double>("periods");
        QTest::newRow("monthly") << data("strat_a_monthly.csv") << "monthly" << 12.0;
        QTest::newRow("weekly") << weeklyFile() << "weekly" << 52.0;
        QTest::newRow("daily") << data("oracle/data/strat_a.csv") << "trading_daily" << 252.0;
    }
    void periodsFollowTheDates() {
        QFETCH(QString, file);
        QFETCH(QString, frequency);
        QFETCH(double, periods);
        Run r;
        const QJsonObject j = metricsJson({QStringLiteral("--returns"), file}, &r);
        QCOMPARE(r.code, 0);
        const QJsonObject p = j[QStringLiteral("parameters")].toObject();
        QCOMPARE(p[QStringLiteral("frequency")].toString(), frequency);
        QCOMPARE(p[QStringLiteral("periods_per_year")].toDouble(), periods);
        QCOMPARE(p[QStringLiteral("periods_source")].toString(), QStringLiteral("detected"));
        QVERIFY2(!r.err.contains(QStringLiteral("warning:")), qPrintable(r.err));
        // Annualised with the detected periods: the sample deviation times sqrt(periods).
        const auto [dates, values] = readColumn(file);
        const double want = sampleStdev(values) * std::sqrt(periods);
        QVERIFY2(
            std::abs(strategyMetric(j, "volatility") - want) < 1e-12,
            qPrintable(
                QStringLiteral("volatility %1, want %2").arg(strategyMetric(j, "volatility")).arg(want)));
        // Slower than daily: the note says which periods the dates gave.
        const QString notes = QJsonDocument(j[QStringLiteral("notes")].toArray()).toJson();
        QCOMPARE(notes.contains(QStringLiteral("the dates are ")), periods != 252.0);
        QCOMPARE(r.err.contains(QStringLiteral("note: the dates are %1").arg(frequency)), periods != 252.0);
    }

    void contradictingPeriodsWarnLoudly_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("dates");  // as the warning names them
        QTest::addColumn<QString>("agrees"); // --periods that agrees with the dates
        const QString monthly = data("strat_a_monthly.csv");
        const QString json = m_dir.filePath(QStringLiteral("report.json"));
        QTest::newRow("metrics json, monthly")
            << QStringList{QStringLiteral("metrics"), QStringLiteral("--format"), QStringLiteral("json"),
                           QStringLiteral("--returns"), monthly}
            << "monthly (12 a year"
            << "12";
        QTest::newRow("metrics table, monthly")
            << QStringList{QStringLiteral("metrics"), QStringLiteral("--returns"), monthly}
            << "monthly (12 a year"
            << "12";
        QTest::newRow("report json, monthly")
            << QStringList{QStringLiteral("report"), QStringLiteral("--returns"), monthly,
                           QStringLiteral("--out"), json}
            << "monthly (12 a year"
            << "12";
        QTest::newRow("metrics json, weekly")
            << QStringList{QStringLiteral("metrics"), QStringLiteral("--format"), QStringLiteral("json"),
                           QStringLiteral("--returns"), weeklyFile()}
            << "weekly (52 a year"
            << "52";
        QTest::newRow("report json, weekly")
            << QStringList{QStringLiteral("report"), QStringLiteral("--returns"), weeklyFile(),
                           QStringLiteral("--out"), json}
            << "weekly (52 a year"
            << "52";
    }
    void contradictingPeriodsWarnLoudly() {
        QFETCH(QStringList, args);
        QFETCH(QString, dates);
        QFETCH(QString, agrees);
        const Run r = cli(args + QStringList{QStringLiteral("--periods"), QStringLiteral("252")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("warning: 252 periods a year were set, but the dates are ") +
                                dates),
                 qPrintable(r.err));
        // Agreeing periods: no warning.
        const Run ok = cli(args + QStringList{QStringLiteral("--periods"), agrees});
        QCOMPARE(ok.code, 0);
        QVERIFY2(!ok.err.contains(QStringLiteral("warning:")), qPrintable(ok.err));
    }

    // QuantStats itself assumes 252 whatever the dates: its convention keeps that default (parity) and
    // says loudly that the dates disagree.
    void quantstatsConventionKeeps252() {
        Run r;
        const QJsonObject j = metricsJson({QStringLiteral("--returns"), data("strat_a_monthly.csv"),
                                           QStringLiteral("--convention"), QStringLiteral("quantstats")},
                                          &r);
        QCOMPARE(r.code, 0);
        const QJsonObject p = j[QStringLiteral("parameters")].toObject();
        QCOMPARE(p[QStringLiteral("periods_per_year")].toDouble(), 252.0);
        QCOMPARE(p[QStringLiteral("periods_source")].toString(), QStringLiteral("default"));
        QCOMPARE(p[QStringLiteral("frequency")].toString(), QStringLiteral("monthly"));
        QVERIFY2(r.err.contains(QStringLiteral("warning: the quantstats convention keeps QuantStats' 252 periods a "
                                               "year, but the dates are monthly")),
                 qPrintable(r.err));
        const auto [dates, values] = readColumn(data("strat_a_monthly.csv"));
        QVERIFY(std::abs(strategyMetric(j, "volatility") - sampleStdev(values) * std::sqrt(252.0)) < 1e-12);
    }

    void warningIsInTheJson() {
        const QJsonObject j = metricsJson({QStringLiteral("--returns"), data("strat_a_monthly.csv"),
                                           QStringLiteral("--periods"), QStringLiteral("252")});
        const QJsonObject p = j[QStringLiteral("parameters")].toObject();
        QCOMPARE(p[QStringLiteral("periods_per_year")].toDouble(), 252.0);
        QCOMPARE(p[QStringLiteral("periods_source")].toString(), QStringLiteral("explicit"));
        QCOMPARE(j[QStringLiteral("warnings")].toArray().size(), 1);
        const QString notes = QJsonDocument(j[QStringLiteral("notes")].toArray()).toJson();
        QVERIFY(notes.contains(QStringLiteral("warning: 252 periods a year were set")));
    }

    void rfSeriesFromAFile() {
        const QJsonObject j = metricsJson({QStringLiteral("--returns"), data("strat_a_monthly.csv"),
                                           QStringLiteral("--rf-series"), data("rf_yields.csv")});
        const QJsonObject rf = j[QStringLiteral("parameters")][QStringLiteral("rf_series")].toObject();
        // rf_yields.csv: 1% from 2014-12-31, 2% from 2017-06-30, 0.5% from 2020-03-31, 4% from 2022-12-30.
        // The 120 month ends of 2015-2024 take them 29, 33, 33 and 25 times.
        const double n[] = {29, 33, 33, 25}, y[] = {0.01, 0.02, 0.005, 0.04};
        double average = 0, meanRate = 0;
        for (int i = 0; i < 4; ++i) {
            average += n[i] * y[i] / 120;
            meanRate += n[i] * (std::pow(1 + y[i], 1.0 / 12) - 1) / 120;
        }
        QVERIFY(std::abs(rf[QStringLiteral("average")].toDouble() - 0.017625) < 1e-15);
        QVERIFY(std::abs(rf[QStringLiteral("average")].toDouble() - average) < 1e-15);
        QCOMPARE(rf[QStringLiteral("min")].toDouble(), 0.005);
        QCOMPARE(rf[QStringLiteral("max")].toDouble(), 0.04);
        QCOMPARE(rf[QStringLiteral("first")].toString(), QStringLiteral("2014-12-31"));
        QCOMPARE(rf[QStringLiteral("last")].toString(), QStringLiteral("2022-12-30"));
        QCOMPARE(rf[QStringLiteral("unit")].toString(), QStringLiteral("percent"));
        QCOMPARE(rf[QStringLiteral("carried_dates")].toInt(), 117); // all but the three yield dates
        QVERIFY(rf[QStringLiteral("source")].toString().endsWith(QStringLiteral("rf_yields.csv")));
        // The single rf number is the series' annualised per-period average.
        const double annualised = std::pow(1 + meanRate, 12) - 1;
        QVERIFY(std::abs(j[QStringLiteral("parameters")][QStringLiteral("rf")].toDouble() - annualised) <
                1e-15);
        // Without a series, no block.
        const QJsonObject none = metricsJson({QStringLiteral("--returns"), data("strat_a_monthly.csv")});
        QVERIFY(none[QStringLiteral("parameters")][QStringLiteral("rf_series")].isNull());
    }

    void rfSeriesErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad value") << QStringList{QStringLiteral("--rf-series"), data("bad_rf_yields.csv")}
                                   << "bad_rf_yields.csv:4: yield 420 read as percent is 420% a year";
        QTest::newRow("with --rf") << QStringList{QStringLiteral("--rf-series"), data("rf_yields.csv"),
                                                  QStringLiteral("--rf"), QStringLiteral("0.02")}
                                   << "give --rf or --rf-series, not both";
        QTest::newRow("neither file nor cached symbol")
            << QStringList{QStringLiteral("--rf-series"), QStringLiteral("^NOPE"), QStringLiteral("--cache"),
                           m_dir.filePath(QStringLiteral("absent.sqlite"))}
            << "risk-free series \"^NOPE\": no such file";
        // The daily returns start in 2015; a series from 2016 has no yield for them.
        QTest::newRow("starts too late")
            << QStringList{QStringLiteral("--rf-series"), m_dir.filePath(QStringLiteral("late.csv"))}
            << "the first yield is on 2016-01-04, but the returns start on 2015-01-30";
    }
    void rfSeriesErrorsExitTwo() {
        QFile late(m_dir.filePath(QStringLiteral("late.csv")));
        QVERIFY(late.open(QIODevice::WriteOnly));
        late.write("date,yield\n2016-01-04,0.02\n");
        late.close();
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        for (const char* command : {"metrics", "report"}) {
            QStringList args{QString::fromLatin1(command), QStringLiteral("--returns"),
                             data("strat_a_monthly.csv")};
            if (QLatin1String(command) == QLatin1String("report"))
                args << QStringLiteral("--out") << m_dir.filePath(QStringLiteral("r.json"));
            const Run r = cli(args + extra);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
        }
    }

    QString irxCache() { return ts::test::writeIrxCache(m_dir.filePath(QStringLiteral("irx.sqlite"))); }

    void rfSeriesFromACachedSymbol() {
        const QJsonObject j = metricsJson({QStringLiteral("--returns"), data("oracle/data/short_1y.csv"),
                                           QStringLiteral("--rf-series"), QStringLiteral("^IRX"),
                                           QStringLiteral("--cache"), irxCache()});
        const QJsonObject rf = j[QStringLiteral("parameters")][QStringLiteral("rf_series")].toObject();
        QCOMPARE(rf[QStringLiteral("source")].toString(), QStringLiteral("^IRX (price cache)"));
        QCOMPARE(rf[QStringLiteral("unit")].toString(), QStringLiteral("percent"));
        // short_1y starts Wednesday 2024-01-03 (Monday 1 January's 5.00%) and ends Tuesday 31 December
        // (Monday 30 December's 5.52%).
        QVERIFY(std::abs(rf[QStringLiteral("min")].toDouble() - 0.05) < 1e-12);
        QVERIFY(std::abs(rf[QStringLiteral("max")].toDouble() - 0.0552) < 1e-12);
        QCOMPARE(rf[QStringLiteral("first")].toString(), QStringLiteral("2024-01-01"));
        QCOMPARE(rf[QStringLiteral("last")].toString(), QStringLiteral("2024-12-30"));
    }

    void aReportBatchWarnsAndTakesASymbol() {
        const QJsonObject config{
            {QStringLiteral("reports"),
             QJsonArray{
                 QJsonObject{
                     {QStringLiteral("name"), QStringLiteral("monthly")},
                     {QStringLiteral("strategies"),
                      QJsonArray{QJsonObject{{QStringLiteral("returns"), data("strat_a_monthly.csv")}}}},
                     {QStringLiteral("periods"), 252},
                     {QStringLiteral("formats"), QJsonArray{QStringLiteral("json")}}},
                 QJsonObject{
                     {QStringLiteral("name"), QStringLiteral("irx")},
                     {QStringLiteral("strategies"),
                      QJsonArray{QJsonObject{{QStringLiteral("returns"), data("oracle/data/short_1y.csv")}}}},
                     {QStringLiteral("rf_series"), QStringLiteral("^IRX")},
                     {QStringLiteral("cache"), irxCache()},
                     {QStringLiteral("formats"), QJsonArray{QStringLiteral("json")}}}}}};
        const QString path = m_dir.filePath(QStringLiteral("batch.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(config).toJson());
        f.close();
        const QString outDir = m_dir.filePath(QStringLiteral("batch"));
        const Run r = cli({QStringLiteral("report"), QStringLiteral("--config"), path,
                           QStringLiteral("--out-dir"), outDir});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("warning: monthly: 252 periods a year were set")),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("warning: irx")), qPrintable(r.err));
        QFile out(outDir + QStringLiteral("/irx.json"));
        QVERIFY(out.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(out.readAll()).object();
        QCOMPARE(
            j[QStringLiteral("parameters")][QStringLiteral("rf_series")][QStringLiteral("source")].toString(),
            QStringLiteral("^IRX (price cache)"));
    }

    void helpNamesTheOption() {
        for (const char* command : {"metrics", "report"}) {
            const Run h = cli({QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(h.code, 0);
            QVERIFY2(h.out.contains(QStringLiteral("--rf-series")), command);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliRfFrequency)
#include "test_cli_rf_frequency.moc"

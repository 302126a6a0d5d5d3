// The risk-free series: yields read from CSV text, files and the price cache (percent or fraction,
// with file:line errors), and their per-period rates on the analysed dates, checked by hand.

#include "cache/price_cache.h"
#include "data/risk_free.h"
#include "irx_cache.h"
#include "oracle.h"
#include "report/analysis.h"
#include "report/report_request.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace ts;

namespace {

YieldSeries yields(std::vector<QDate> d, std::vector<double> y) {
    YieldSeries s;
    s.source = QStringLiteral("test");
    s.dates = std::move(d);
    s.yields = std::move(y);
    return s;
}

double rate(double y, double periods) {
    return std::pow(1 + y, 1 / periods) - 1;
}

QString irxCache(const QTemporaryDir& dir) {
    return test::writeIrxCache(dir.filePath(QStringLiteral("cache.sqlite")));
}

QJsonObject config(const QJsonObject& extra) {
    QJsonObject r{{QStringLiteral("name"), QStringLiteral("x")},
                  {QStringLiteral("strategies"),
                   QJsonArray{QJsonObject{{QStringLiteral("returns"),
                                           test::dataPath(QStringLiteral("oracle/data/short_1y.csv"))}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        r.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("reports"), QJsonArray{r}}};
}

QString errorOf(const QByteArray& text) {
    auto r = parseYieldsCsv(text, QStringLiteral("rf.csv"));
    return r ? QString() : r.error().message;
}

} // namespace

class TestRiskFree : public QObject {
    Q_OBJECT
private slots:
    void percentOrFraction_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("percent");
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("second");
        QTest::newRow("percent") << QByteArray("date,yield\n2024-01-02,4.25\n2024-01-05,4.5\n") << true
                                 << 0.0425 << 0.045;
        QTest::newRow("fraction") << QByteArray("date,yield\n2024-01-02,0.0425\n2024-01-05,0.045\n") << false
                                  << 0.0425 << 0.045;
        // One value above 1 makes the whole file percent: 0.5 is then half a percent.
        QTest::newRow("percent below 1 beside one above")
            << QByteArray("date,yield\n2024-01-02,0.5\n2024-01-05,1.5\n") << true << 0.005 << 0.015;
        QTest::newRow("negative percent")
            << QByteArray("date,yield\n2024-01-02,-0.75\n2024-01-05,1.25\n") << true << -0.0075 << 0.0125;
        QTest::newRow("Yahoo layout: the Close column")
            << QByteArray("Date,Open,Close,Volume\n2024-01-02,5.1,5.2,0\n2024-01-05,5.3,5.4,0\n") << true
            << 0.052 << 0.054;
    }
    void percentOrFraction() {
        QFETCH(QByteArray, text);
        QFETCH(bool, percent);
        QFETCH(double, first);
        QFETCH(double, second);
        auto y = parseYieldsCsv(text, QStringLiteral("rf.csv"));
        QVERIFY2(y.ok(), y ? "" : qPrintable(y.error().message));
        QCOMPARE(y->percent, percent);
        QCOMPARE(y->yields.size(), std::size_t(2));
        TS_COMPARE_NUM(y->yields[0], first);
        TS_COMPARE_NUM(y->yields[1], second);
        QCOMPARE(y->dates[1], QDate(2024, 1, 5));
    }

    void badFilesNameLineAndValue_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("non-numeric") << QByteArray("date,yield\n2024-01-02,4.1\n2024-01-03,abc\n")
                                     << "rf.csv:3: column \"yield\": non-numeric value \"abc\"";
        // The blank line counts: the missing value is on line 4 of the file.
        QTest::newRow("NaN after a blank line")
            << QByteArray("date,yield\n2024-01-02,4.1\n\n2024-01-03,NaN\n")
            << "rf.csv:4: missing yield on 2024-01-03";
        QTest::newRow("empty cell") << QByteArray("date,yield\n2024-01-02,\n") << "rf.csv:2: missing yield";
        QTest::newRow("a fraction of 100%") << QByteArray("date,yield\n2024-01-02,0.05\n2024-01-03,1\n")
                                            << "rf.csv:3: yield 1 read as a fraction is 100% a year";
        QTest::newRow("percent of 150%") << QByteArray("date,yield\r\n2024-01-02,4.1\r\n2024-01-03,150\r\n")
                                         << "rf.csv:3: yield 150 read as percent is 150% a year";
        QTest::newRow("two value columns") << QByteArray("date,a,b\n2024-01-02,4.1,4.2\n")
                                           << "rf.csv: a risk-free file needs a date and one yield column";
        QTest::newRow("unsorted") << QByteArray("date,yield\n2024-01-03,4.1\n2024-01-02,4.2\n")
                                  << "rf.csv:3: dates are not in increasing order";
    }
    void badFilesNameLineAndValue() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const QString got = errorOf(text);
        QVERIFY2(got.startsWith(message), qPrintable(got));
    }

    void alignCarriesOverHolidays() {
        // Yields on Tue 2 Jan (5%) and Fri 5 Jan (2%); returns Tue..Fri and Mon 8 Jan.
        const auto y = yields({QDate(2024, 1, 2), QDate(2024, 1, 5)}, {0.05, 0.02});
        const std::vector<QDate> dates{QDate(2024, 1, 2), QDate(2024, 1, 3), QDate(2024, 1, 4),
                                       QDate(2024, 1, 5), QDate(2024, 1, 8)};
        auto a = alignRiskFree(dates, y, 252);
        QVERIFY(a.ok());
        const std::vector<double> want{rate(0.05, 252), rate(0.05, 252), rate(0.05, 252), rate(0.02, 252),
                                       rate(0.02, 252)};
        QCOMPARE(a->perPeriod.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            TS_COMPARE_NUM(a->perPeriod[i], want[i]);
        QCOMPARE(a->carried, 3); // 3, 4 and 8 January have no yield of their own
        TS_COMPARE_NUM(a->average, (3 * 0.05 + 2 * 0.02) / 5);
        QCOMPARE(a->min, 0.02);
        QCOMPARE(a->max, 0.05);
        const double meanRate = (3 * rate(0.05, 252) + 2 * rate(0.02, 252)) / 5;
        TS_COMPARE_NUM(a->annualised, std::pow(1 + meanRate, 252) - 1);
    }

    void aConstantYieldCompoundsBackToItself() {
        const auto y = yields({QDate(2020, 1, 31), QDate(2020, 2, 28)}, {0.06, 0.06});
        const std::vector<QDate> dates{QDate(2020, 1, 31), QDate(2020, 2, 28)};
        auto a = alignRiskFree(dates, y, 12);
        QVERIFY(a.ok());
        // 6% a year is 0.4868...% a month, not 6% / 12 = 0.5%.
        TS_COMPARE_NUM(a->perPeriod[1], std::pow(1.06, 1.0 / 12) - 1);
        TS_COMPARE_NUM(std::pow(1 + a->perPeriod[0], 12), 1.06);
        TS_COMPARE_NUM(a->annualised, 0.06);
    }

    void carryLimits() {
        const auto y = yields({QDate(2024, 1, 5), QDate(2024, 1, 12)}, {0.04, 0.03});
        // Three days before the first yield: carried back.
        auto early = alignRiskFree(std::vector<QDate>{QDate(2024, 1, 2), QDate(2024, 1, 5)}, y, 252);
        QVERIFY(early.ok());
        TS_COMPARE_NUM(early->perPeriod[0], rate(0.04, 252));
        // Sixteen days before: an error naming both dates.
        auto tooEarly = alignRiskFree(std::vector<QDate>{QDate(2023, 12, 20), QDate(2024, 1, 5)}, y, 252);
        QVERIFY(!tooEarly.ok());
        QVERIFY2(tooEarly.error().message.contains(QStringLiteral("2024-01-05")) &&
                     tooEarly.error().message.contains(QStringLiteral("2023-12-20")),
                 qPrintable(tooEarly.error().message));
        // Forward: up to the series' longest gap (7 days here), not beyond.
        QVERIFY(alignRiskFree(std::vector<QDate>{QDate(2024, 1, 12), QDate(2024, 1, 19)}, y, 252).ok());
        auto late = alignRiskFree(std::vector<QDate>{QDate(2024, 1, 12), QDate(2024, 1, 22)}, y, 252);
        QVERIFY(!late.ok());
        QVERIFY2(late.error().message.contains(QStringLiteral("the last yield is on 2024-01-12")),
                 qPrintable(late.error().message));
    }

    void loadsTheFixtureFile() {
        auto y = loadYields(RiskFreeSource::file(test::dataPath(QStringLiteral("rf_yields.csv"))));
        QVERIFY2(y.ok(), y ? "" : qPrintable(y.error().message));
        QVERIFY(y->percent);
        QCOMPARE(y->dates.front(), QDate(2014, 12, 31));
        QCOMPARE(y->yields.size(), std::size_t(4));
        TS_COMPARE_NUM(y->yields[3], 0.04);
        auto bad = loadYields(RiskFreeSource::file(test::dataPath(QStringLiteral("bad_rf_yields.csv"))));
        QVERIFY(!bad.ok());
        QVERIFY2(
            bad.error().message.endsWith(QStringLiteral("bad_rf_yields.csv:4: yield 420 read as percent is "
                                                        "420% a year, not a risk-free rate")),
            qPrintable(bad.error().message));
        auto none = loadYields(RiskFreeSource::file(test::dataPath(QStringLiteral("no_such_rf.csv"))));
        QVERIFY(!none.ok());
    }

    // Report configs and serve requests name a cached symbol, never a file.
    void aReportConfigTakesASymbol() {
        QTemporaryDir dir;
        const QString cache = irxCache(dir);
        auto reqs = parseReportConfig(config({{QStringLiteral("rf_series"), QStringLiteral("^IRX")}}),
                                      dir.path(), cache);
        QVERIFY2(reqs.ok(), reqs ? "" : qPrintable(reqs.error().message));
        QCOMPARE(reqs->front().rfSeries, QStringLiteral("^IRX"));
        const QJsonObject saved = reportConfigJson(*reqs);
        QCOMPARE(saved[QStringLiteral("reports")][0][QStringLiteral("rf_series")].toString(),
                 QStringLiteral("^IRX"));
        auto spec = resolveReport(reqs->front());
        QVERIFY(spec.ok());
        QVERIFY(spec->analysis.riskFree.has_value());
        QCOMPARE(spec->analysis.riskFree->symbol, QStringLiteral("^IRX"));
        QVERIFY(spec->analysis.riskFree->path.isEmpty());
        // short_1y runs 2024-01-03 to 2024-12-31: the Mondays' yields 5.00% (1 January) to 5.52%
        // (30 December) all apply, each to the days up to the next Monday.
        auto a = runAnalysis(spec->analysis);
        QVERIFY2(a.ok(), a ? "" : qPrintable(a.error().message));
        QVERIFY(a->riskFree.has_value());
        QCOMPARE(a->riskFree->source, QStringLiteral("^IRX (price cache)"));
        TS_COMPARE_NUM(a->riskFree->min, 0.05);
        TS_COMPARE_NUM(a->riskFree->max, 0.0552);
        QCOMPARE(a->params.metrics.rfPerPeriod.size(), a->aligned.rows());
        TS_COMPARE_NUM(a->params.metrics.rfPerPeriod.back(), rate(0.0552, 252));
    }

    void aReportConfigRefusesFilesAndBothRates_data() {
        QTest::addColumn<QJsonObject>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("a path") << QJsonObject{{QStringLiteral("rf_series"), QStringLiteral("/etc/passwd")}}
                                << "\"rf_series\" must be a cached symbol such as ^IRX";
        QTest::newRow("a relative path")
            << QJsonObject{{QStringLiteral("rf_series"), QStringLiteral("../rf.csv")}}
            << "\"rf_series\" must be a cached symbol such as ^IRX";
        QTest::newRow("a number") << QJsonObject{{QStringLiteral("rf_series"), 4.5}}
                                  << "\"rf_series\" must be a string";
        QTest::newRow("with rf") << QJsonObject{{QStringLiteral("rf_series"), QStringLiteral("^IRX")},
                                                {QStringLiteral("rf"), 0.02}}
                                 << "give \"rf\" or \"rf_series\", not both";
    }
    void aReportConfigRefusesFilesAndBothRates() {
        QFETCH(QJsonObject, extra);
        QFETCH(QString, message);
        auto reqs = parseReportConfig(config(extra), QStringLiteral("."), QStringLiteral("cache.sqlite"));
        QVERIFY(!reqs.ok());
        QVERIFY2(reqs.error().message.contains(message), qPrintable(reqs.error().message));
    }

    void readsACachedSymbolAsPercent() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
        PriceHistory h;
        h.provider = QStringLiteral("yahoo");
        h.basis = PriceBasis::SplitAdjusted;
        h.instrument.symbol = h.instrument.providerSymbol = QStringLiteral("^IRX");
        for (auto [d, close] : {std::pair{QDate(2024, 1, 2), 5.2}, std::pair{QDate(2024, 1, 3), 5.25}}) {
            Bar b;
            b.date = d;
            b.open = b.high = b.low = b.close = b.providerAdjClose = close;
            h.bars.push_back(b);
        }
        {
            auto c = cache::PriceCache::open(path);
            QVERIFY(c.ok());
            QVERIFY((*c)->store(h, false, QDateTime::currentDateTimeUtc()).ok());
        }
        auto y = loadYields(RiskFreeSource::cached(QStringLiteral("^IRX"), path));
        QVERIFY2(y.ok(), y ? "" : qPrintable(y.error().message));
        QVERIFY(y->percent);
        QCOMPARE(y->source, QStringLiteral("^IRX (price cache)"));
        QCOMPARE(y->yields.size(), std::size_t(2));
        TS_COMPARE_NUM(y->yields[1], 0.0525);
        auto missing = loadYields(RiskFreeSource::cached(QStringLiteral("^TNX"), path));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.contains(QStringLiteral("no such symbol in the price cache")),
                 qPrintable(missing.error().message));
    }
};

QTEST_APPLESS_MAIN(TestRiskFree)
#include "test_risk_free.moc"

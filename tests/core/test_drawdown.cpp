// Drawdown series, episodes, rolling series and calendar tables against QuantStats' own output
// (quantstats_series_strat_a.json, quantstats_drawdown_details.json), plus hand-checkable edge cases.

#include "analytics/chart_data.h"
#include "analytics/drawdown.h"
#include "analytics/numeric.h"
#include "analytics/return_tables.h"
#include "analytics/rolling.h"
#include "oracle.h"

#include <QJsonArray>
#include <QTest>

using namespace ts;

namespace {
std::vector<double> jsonSeries(const QJsonObject& o, const char* key) {
    std::vector<double> v;
    for (const auto& x : o[QString::fromLatin1(key)].toArray()) v.push_back(x.isNull() ? num::kNaN : x.toDouble());
    return v;
}
std::vector<QDate> days(int n) {
    std::vector<QDate> d;
    for (int i = 0; i < n; ++i) d.push_back(QDate(2020, 1, 1).addDays(i));
    return d;
}
} // namespace

class TestDrawdown : public QObject {
    Q_OBJECT
private slots:
    void seriesMatchQuantStats_data() {
        QTest::addColumn<QString>("key");
        QTest::newRow("compsum") << "qs.stats.compsum(r)";
        QTest::newRow("drawdown") << "qs.stats.to_drawdown_series(r)";
        QTest::newRow("rolling sharpe") << "qs.stats.rolling_sharpe(r)";
        QTest::newRow("rolling sortino") << "qs.stats.rolling_sortino(r)";
        QTest::newRow("rolling volatility") << "qs.stats.rolling_volatility(r)";
        QTest::newRow("rolling beta 12m") << "qs.stats.rolling_greeks(r, b)['beta']";
    }
    void seriesMatchQuantStats() {
        QFETCH(QString, key);
        const QJsonObject ref = test::loadJson(QStringLiteral("oracle/ref/quantstats_series_strat_a.json"));
        const Series r = test::loadSeries(QStringLiteral("oracle/data/strat_a.csv"));
        const Series b = test::restrictTo(test::loadSeries(QStringLiteral("oracle/data/bench.csv")), r);
        AlignedReturns in;
        in.dates = r.dates;
        in.columns = {r.values, b.values};
        in.names = {QStringLiteral("strat_a"), QStringLiteral("bench")};
        in.hasBenchmark = true;
        const ChartData chart = computeChartData(in, 252, true);
        std::vector<double> got;
        if (key.contains(QStringLiteral("compsum"))) got = chart.cumulative[0];
        else if (key.contains(QStringLiteral("drawdown"))) got = chart.drawdown;
        else if (key.contains(QStringLiteral("sharpe"))) got = chart.rollingSharpe;
        else if (key.contains(QStringLiteral("sortino"))) got = chart.rollingSortino;
        else if (key.contains(QStringLiteral("volatility"))) got = chart.rollingVolatility[0];
        else got = chart.rollingBeta12m;
        const std::vector<double> want = jsonSeries(ref, key.toLatin1().constData());
        QCOMPARE(got.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            QVERIFY2(test::closeTo(got[i], want[i], 1e-9, 1e-11),
                     qPrintable(QStringLiteral("%1 at %2: got %3, want %4").arg(key).arg(i).arg(got[i], 0, 'g', 17).arg(want[i], 0, 'g', 17)));
    }

    void episodesMatchQuantStats_data() {
        QTest::addColumn<QString>("series");
        for (const char* s : {"strat_a", "ends_in_dd", "minus100", "flat_zeros", "all_positive", "bench"}) QTest::newRow(s) << s;
    }
    void episodesMatchQuantStats() {
        QFETCH(QString, series);
        const QJsonObject ref = test::loadJson(QStringLiteral("oracle/ref/quantstats_drawdown_details.json"));
        const Series r = applyMissingPolicy(test::loadSeries(QStringLiteral("oracle/data/%1.csv").arg(series)), MissingPolicy::Zero);
        const auto eps = drawdownEpisodes(r.dates, drawdownSeries(r.values));
        const QJsonArray want = ref[series].toObject()[QStringLiteral("records")].toArray();
        QCOMPARE(eps.size(), std::size_t(want.size()));
        for (std::size_t i = 0; i < eps.size(); ++i) {
            const QJsonObject w = want[int(i)].toObject();
            QCOMPARE(eps[i].start.toString(Qt::ISODate), w[QStringLiteral("start")].toString());
            QCOMPARE(eps[i].valley.toString(Qt::ISODate), w[QStringLiteral("valley")].toString());
            QCOMPARE(eps[i].end.toString(Qt::ISODate), w[QStringLiteral("end")].toString());
            QCOMPARE(eps[i].days, w[QStringLiteral("days")].toInt());
            TS_COMPARE_NUM(eps[i].maxDrawdown * 100, w[QStringLiteral("max drawdown")].toDouble());
            const QJsonValue w99 = w[QStringLiteral("99% max drawdown")];
            if (w99.isNull()) QVERIFY(std::isnan(eps[i].maxDrawdown99));
            else QVERIFY(test::closeTo(eps[i].maxDrawdown99 * 100, w99.toDouble(), 1e-8));
        }
    }

    void handChecked() {
        // +10%, -20%, +10%, +50%: wealth 1.1, 0.88, 0.968, 1.452. One episode on days 2-3.
        const std::vector<double> r{0.10, -0.20, 0.10, 0.50};
        const auto dd = drawdownSeries(r);
        TS_COMPARE_NUM(dd[1], 0.88 / 1.1 - 1);
        TS_COMPARE_NUM(dd[2], 0.968 / 1.1 - 1);
        QCOMPARE(dd[3], 0.0);
        const auto eps = drawdownEpisodes(days(4), dd);
        QCOMPARE(eps.size(), std::size_t(1));
        QCOMPARE(eps[0].start, QDate(2020, 1, 2));
        QCOMPARE(eps[0].valley, QDate(2020, 1, 2));
        QCOMPARE(eps[0].end, QDate(2020, 1, 3));
        QCOMPARE(eps[0].days, 2);
        TS_COMPARE_NUM(eps[0].maxDrawdown99, dd[2]); // the deepest point is the outlier that is dropped
    }

    void lossOnDayOneCounts() {
        // The phantom starting wealth of 1.0 makes a first-day loss a drawdown (empyrical agrees).
        const auto dd = drawdownSeries(std::vector<double>{-0.05, 0.10});
        TS_COMPARE_NUM(dd[0], -0.05);
        TS_COMPARE_NUM(maxDrawdown(dd), -0.05);
    }

    void underwaterFromDayOneNeverRecovered() {
        // QuantStats' quirk (metrics.md §2.2): no start is detected, so the episode table is empty.
        const auto dd = drawdownSeries(std::vector<double>{-0.05, -0.01, 0.01});
        QVERIFY(drawdownEpisodes(days(3), dd).empty());
        QVERIFY(maxDrawdown(dd) < 0);
    }

    void worstAndLongest() {
        std::vector<DrawdownEpisode> all(3);
        all[0].maxDrawdown = -0.1, all[0].days = 30;
        all[1].maxDrawdown = -0.3, all[1].days = 5;
        all[2].maxDrawdown = -0.2, all[2].days = 40;
        const auto worst = worstDrawdowns(all, 2);
        QCOMPARE(worst.size(), std::size_t(2));
        QCOMPARE(worst[0].maxDrawdown, -0.3);
        QCOMPARE(worst[1].maxDrawdown, -0.2);
        QCOMPARE(longestDrawdowns(all, 1).front().days, 40);
    }

    void monthlyTableMatchesQuantStats() {
        const QJsonObject ref = test::loadJson(QStringLiteral("oracle/ref/quantstats_monthly_returns.json"));
        const Series r = applyMissingPolicy(test::loadSeries(QStringLiteral("oracle/data/strat_a.csv")), MissingPolicy::Zero);
        const QJsonObject want = ref[QStringLiteral("strat_a")].toObject()[QStringLiteral("compounded")].toObject();
        const auto rows = monthlyReturns(r.dates, r.values, true);
        QCOMPARE(rows.size(), std::size_t(want.size()));
        const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
        for (const auto& row : rows) {
            const QJsonObject y = want[QString::number(row.year)].toObject();
            for (int m = 0; m < 12; ++m) TS_COMPARE_NUM(row.months[m], y[QString::fromLatin1(months[m])].toDouble());
            TS_COMPARE_NUM(row.eoy, y[QStringLiteral("EOY")].toDouble());
        }
    }

    void eoyTables() {
        // Strategy 2020: +10% then -10% -> compounded -1%, summed 0. Benchmark only in 2019 and 2020.
        const std::vector<QDate> d{QDate(2020, 1, 2), QDate(2020, 6, 1)};
        const std::vector<double> r{0.10, -0.10};
        const std::vector<QDate> bd{QDate(2019, 5, 1), QDate(2020, 3, 2)};
        const std::vector<double> b{0.05, 0.02};
        const auto cmp = eoyVsBenchmark(d, r, bd, b, true);
        QCOMPARE(cmp.size(), std::size_t(2));
        QCOMPARE(cmp[0].year, 2019);
        QVERIFY(std::isnan(cmp[0].strategy)); // Q18: benchmark years outside the strategy's range are listed
        TS_COMPARE_NUM(cmp[1].strategy, 1.1 * 0.9 - 1);
        TS_COMPARE_NUM(cmp[1].multiplier, (1.1 * 0.9 - 1) / 0.02);
        QVERIFY(!cmp[1].won);
        const auto plain = eoyReturns(CalendarIndex(d), r, true);
        QCOMPARE(plain.size(), std::size_t(1));
        TS_COMPARE_NUM(plain[0].ret, 0.0); // Q19: "Return" is the sum, "Cumulative" the year compounded
        TS_COMPARE_NUM(plain[0].cumulative, 1.1 * 0.9 - 1);
    }

    // Standard (Q19 corrected): the year's return as compounding says, and the return since the start.
    void eoyStandardColumnsSayWhatTheyHold() {
        const std::vector<QDate> d{QDate(2020, 3, 2), QDate(2020, 3, 3), QDate(2021, 6, 1), QDate(2021, 6, 2)};
        const std::vector<double> r{0.10, -0.10, 0.20, 0.05};
        const auto comp = eoyReturns(CalendarIndex(d), r, false, true);
        QCOMPARE(comp.size(), std::size_t(2));
        TS_COMPARE_NUM(comp[0].ret, 1.1 * 0.9 - 1);
        TS_COMPARE_NUM(comp[0].cumulative, 1.1 * 0.9 - 1);
        TS_COMPARE_NUM(comp[1].ret, 1.2 * 1.05 - 1);
        TS_COMPARE_NUM(comp[1].cumulative, 1.1 * 0.9 * 1.2 * 1.05 - 1);
        const auto simple = eoyReturns(CalendarIndex(d), r, false, false);
        TS_COMPARE_NUM(simple[0].ret, 0.0);
        TS_COMPARE_NUM(simple[1].ret, 0.25);
        TS_COMPARE_NUM(simple[1].cumulative, 0.25);
        QCOMPARE(QString::fromLatin1(eoyColumns(false).cumulativeTitle), QStringLiteral("Cumulative since start"));
    }
};

QTEST_GUILESS_MAIN(TestDrawdown)
#include "test_drawdown.moc"

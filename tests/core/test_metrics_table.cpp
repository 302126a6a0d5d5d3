// The assembled metrics table: catalog integrity, alignment rules, periods-per-year scaling, and the
// edge cases that must give nulls or clear errors rather than NaN tables or crashes.

#include "analytics/alignment.h"
#include "analytics/metrics_table.h"
#include "analytics/return_stats.h"
#include "metrics_test_helpers.h"
#include "oracle.h"
#include "report/analysis.h"
#include "report/metrics_output.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace ts;
using test::cell;
using test::compute;

namespace {
Series make(const QString& name, const std::vector<double>& v, QDate start = QDate(2020, 1, 1)) {
    Series s;
    s.name = name;
    for (std::size_t i = 0; i < v.size(); ++i)
        s.dates.push_back(start.addDays(static_cast<qint64>(i)));
    s.values = v;
    return s;
}
Series strat() {
    return applyMissingPolicy(test::loadSeries(QStringLiteral("oracle/data/strat_a.csv")),
                              MissingPolicy::Drop);
}
Series named(const char* file, const char* name) {
    Series s = test::loadSeries(QStringLiteral("oracle/data/") + QString::fromLatin1(file));
    s.name = QString::fromLatin1(name);
    return s;
}
Result<Analysis> runAnalysisOf(const Series& s) {
    AnalysisParams p;
    p.strategies.push_back(SeriesSource::fromReturns(s));
    return runAnalysis(p);
}
Series oldSeries() { // three returns in January 1990
    Series s = test::loadSeries(QStringLiteral("old_bench.csv"));
    s.name = QStringLiteral("old");
    return s;
}
} // namespace

class TestMetricsTable : public QObject {
    Q_OBJECT
private slots:
    void catalogMatchesOracleKeys() {
        QStringList keys;
        for (const auto& k : test::oracleKeys())
            keys << k.key;
        QCOMPARE(keys.size(), 81);
        QCOMPARE(metricCatalog().size(), std::size_t(81));
        for (std::size_t i = 0; i < metricCatalog().size(); ++i)
            QCOMPARE(QString::fromLatin1(metricCatalog()[i].key), keys[int(i)]);
    }

    void rowCounts_data() {
        QTest::addColumn<bool>("full");
        QTest::addColumn<bool>("bench");
        QTest::addColumn<int>("rows");
        QTest::newRow("full with benchmark") << true << true << 81;
        QTest::newRow("full without benchmark") << true << false << 75;
        QTest::newRow("basic without benchmark")
            << false << false << 39; // §1: rows 1-8, 10, 12, 14-19, 43-60, 67-71
    }
    void rowCounts() {
        QFETCH(bool, full);
        QFETCH(bool, bench);
        QFETCH(int, rows);
        MetricsParams p;
        p.fullMode = full;
        const Series s = strat();
        std::optional<Series> b;
        if (bench) b = test::restrictTo(test::loadSeries(QStringLiteral("oracle/data/bench.csv")), s);
        QCOMPARE(int(compute({s}, b, p).table.rows.size()), rows);
    }

    void periodsScaleAnnualisedRatios_data() {
        QTest::addColumn<double>("periods");
        for (double p : {365.0, 52.0, 12.0})
            QTest::addRow("%g", p) << p;
    }
    void periodsScaleAnnualisedRatios() {
        QFETCH(double, periods);
        MetricsParams p252, pN;
        p252.convention = pN.convention = Convention::QuantStats;
        pN.periods = periods;
        const Series s = strat();
        const auto a = compute({s}, {}, p252), b = compute({s}, {}, pN);
        const double k = std::sqrt(periods / 252.0);
        TS_COMPARE_NUM(cell(b, "sharpe").number, cell(a, "sharpe").number * k);
        TS_COMPARE_NUM(cell(b, "sortino").number, cell(a, "sortino").number * k);
        TS_COMPARE_NUM(cell(b, "volatility").number, cell(a, "volatility").number * k);
        // CAGR: years = N / periods
        const double years = double(s.size()) / periods;
        TS_COMPARE_NUM(cell(b, "cagr").number,
                       std::pow(1 + cell(a, "cumulative_return").number, 1 / years) - 1);
        TS_COMPARE_NUM(cell(b, "risk_adjusted_return").number,
                       cell(a, "risk_adjusted_return").number); // Q5: RAR uses 252
        // Standard: RAR annualises with the configured periods, CAGR / Time in Market.
        MetricsParams sN;
        sN.periods = periods;
        const auto c = compute({s}, {}, sN);
        TS_COMPARE_NUM(cell(c, "risk_adjusted_return").number,
                       cell(c, "cagr").number / cell(c, "time_in_market").number);
        QVERIFY(std::abs(cell(c, "risk_adjusted_return").number - cell(a, "risk_adjusted_return").number) > 1e-3);
    }

    void allZeroSeriesGivesNullsNotNaN() {
        const auto m = compute({make(QStringLiteral("flat"), std::vector<double>(300, 0.0))}, {});
        for (const char* key :
             {"sharpe", "sortino", "smart_sharpe", "omega", "calmar", "max_drawdown", "profit_factor",
              "tail_ratio", "gain_pain_ratio", "avg_win", "kelly_criterion", "serenity_index"})
            QVERIFY2(cell(m, key).isNull(), key);
        QCOMPARE(cell(m, "cumulative_return").number, 0.0);
        QCOMPARE(cell(m, "time_in_market").number, 0.0);
        QCOMPARE(cell(m, "win_days").number, 0.0);
        QCOMPARE(cell(m, "skew").number, 0.0); // pandas: zero variance -> 0
        for (const auto& row : m.table.values)
            for (const auto& v : row)
                QVERIFY(v.isNull() || v.isDate() || std::isfinite(v.number));
    }

    void constantNonZeroSeries() {
        MetricsParams qs;
        qs.convention = Convention::QuantStats;
        const Series c = make(QStringLiteral("c"), std::vector<double>(100, 0.001));
        const auto m = compute({c}, {}, qs);
        QVERIFY(cell(m, "sharpe").isNull()); // sd = 0
        TS_COMPARE_NUM(cell(m, "cumulative_return").number, std::pow(1.001, 100) - 1);
        QCOMPARE(cell(m, "profit_factor").number, 0.0); // Q10: no losing day -> 0
        QCOMPARE(cell(m, "max_consecutive_wins").number, 100.0);
        // Standard: no losing day is an infinite Profit Factor, shown as such, not as 0 or blank.
        const auto st = compute({c}, {});
        QVERIFY(cell(st, "profit_factor").isInfinite());
        QVERIFY(cell(st, "profit_factor").number > 0);
        QCOMPARE(metricsJson(*runAnalysisOf(c))[QStringLiteral("metrics")].toObject()[QStringLiteral("profit_factor")]
                     .toObject()[QStringLiteral("strategy")]
                     .toString(),
                 QStringLiteral("inf"));
    }

    void tooShortAndNoOverlapAreErrors() {
        const auto one =
            alignForMetrics({make(QStringLiteral("one"), {0.01})}, {}, rulesFor(Convention::QuantStats));
        QVERIFY(!one.ok());
        QCOMPARE(one.error().kind, ErrorKind::BadInput);
        QVERIFY(one.error().message.contains(QStringLiteral("at least 2")));
        const auto noOverlap = alignForMetrics({make(QStringLiteral("s"), {0.01, 0.02, -0.01})},
                                               make(QStringLiteral("b"), {0.01, 0.02}, QDate(1990, 1, 1)),
                                               rulesFor(Convention::QuantStats));
        QVERIFY(!noOverlap.ok());
        QVERIFY(noOverlap.error().message.contains(QStringLiteral("share no dates")));
    }

    // 40 years (1985-2024, 10,436 days) next to 10 (2015-2024, 2,609 days on the same calendar).
    void alignmentSummaryNamesWhatCutTheWindow() {
        const auto a = alignForMetrics({named("strat_40y.csv", "Long"), named("strat_a.csv", "Short")}, {},
                                       rulesFor(Convention::QuantStats));
        QVERIFY(a.ok());
        const AlignmentSummary& s = a->summary;
        QVERIFY(s.cut());
        QCOMPARE(s.series.size(), std::size_t(2));
        QCOMPARE(s.series[0].first, QDate(1985, 1, 1));
        QCOMPARE(s.series[0].observations, 10436);
        QCOMPARE(s.series[0].dropped, 10436 - 2609);
        QCOMPARE(s.series[1].dropped, 0);
        QCOMPARE(s.startSetBy, 1);
        QCOMPARE(s.endSetBy, -1);
        QCOMPARE(s.start, QDate(2015, 1, 1));
        QCOMPARE(alignmentNotice(s),
                 QStringLiteral("Cut to the dates all series share, 2015-01-01 … 2024-12-31: Long starts "
                                "1985-01-01 (7,827 of 10,436 returns dropped); the window starts with Short "
                                "(2015-01-01)."));

        // A shorter benchmark cuts through QuantStats' leading-zero trim (Q16) and loses its first
        // return to the re-basing (Q17): the window starts on its second day.
        const auto b = alignForMetrics({named("strat_40y.csv", "Long")}, named("bench.csv", "SPY"),
                                       rulesFor(Convention::QuantStats));
        QVERIFY(b.ok());
        QCOMPARE(b->summary.startSetBy, 1);
        QVERIFY(b->summary.startAtFirstMove);
        QCOMPARE(b->summary.series[0].dropped, 10436 - 2608);
        QCOMPARE(b->summary.series[1].dropped, 1);
        QCOMPARE(b->summary.start, QDate(2015, 1, 2));
        QCOMPARE(
            alignmentNotice(b->summary),
            QStringLiteral("Cut to the dates all series share, 2015-01-02 … 2024-12-31: Long starts "
                           "1985-01-01 (7,828 of 10,436 returns dropped); benchmark SPY starts 2015-01-01 "
                           "(1 of 2,609 returns outside the window); the window starts with benchmark SPY "
                           "(2015-01-01), then at 2015-01-02, the first day strategy and benchmark have "
                           "both moved (QuantStats drops earlier days when there is a benchmark)."));
        // A long benchmark loses only the strategies' first day (Q17): the short strategy set the start.
        const auto c = alignForMetrics({named("strat_40y.csv", "Long"), named("strat_a.csv", "Short")},
                                       named("bench_40y.csv", "SPY"), rulesFor(Convention::QuantStats));
        QVERIFY(c.ok());
        QCOMPARE(c->summary.startSetBy, 1);
        QVERIFY(c->summary.startAtFirstMove);
        QCOMPARE(c->summary.series[2].dropped, 10436 - 2608);
    }

    void noNoticeWhenNothingIsDropped() {
        const Series s = strat();
        const auto a = alignForMetrics(
            {s}, test::restrictTo(test::loadSeries(QStringLiteral("oracle/data/bench.csv")), s),
            rulesFor(Convention::QuantStats));
        QVERIFY(a.ok());
        QVERIFY(!a->summary.cut());
        QCOMPARE(a->summary.startSetBy, -1);
        QCOMPARE(a->summary.endSetBy, -1);
        QCOMPARE(a->summary.series.size(), std::size_t(2));
        QCOMPARE(a->summary.series[0].observations, int(s.size()));
        QVERIFY(alignmentNotice(a->summary).isEmpty());
    }

    // The first strategy overlaps both others; the error names the two that share nothing.
    void noCommonDatesNamesTheSeriesThatDoNotOverlap() {
        const auto rules = rulesFor(Convention::QuantStats);
        const auto three = alignForMetrics(
            {named("strat_40y.csv", "Long"), oldSeries(), named("strat_a.csv", "Short")}, {}, rules);
        QVERIFY(!three.ok());
        QCOMPARE(three.error().message, QStringLiteral("old (1990-01-02 … 1990-01-04) and Short (2015-01-01 "
                                                       "… 2024-12-31) share no dates"));
        const auto bench = alignForMetrics({named("strat_40y.csv", "Long"), oldSeries()},
                                           named("strat_a.csv", "SPY"), rules);
        QVERIFY(!bench.ok());
        QCOMPARE(bench.error().message, QStringLiteral("old (1990-01-02 … 1990-01-04) and benchmark SPY "
                                                       "(2015-01-01 … 2024-12-31) share no dates"));
    }

    void benchmarkOnOtherDatesIsRebased() {
        // Strategy trades Mon/Wed/Fri; the benchmark moves daily. Moves between strategy dates are
        // credited to the next strategy date, and the first day is 0 (Q17).
        const QDate mon(2024, 1, 1);
        Series s{QStringLiteral("s"), {mon, mon.addDays(2), mon.addDays(4)}, {0.01, 0.02, 0.03}};
        Series b{QStringLiteral("b"), {}, {}};
        for (int i = 0; i < 5; ++i) {
            b.dates.push_back(mon.addDays(i));
            b.values.push_back(0.01);
        }
        bool rebased = false;
        const auto r = alignBenchmark(b, s.dates, rebased);
        QVERIFY(rebased);
        QCOMPARE(r[0], 0.0);
        TS_COMPARE_NUM(r[1], 1.01 * 1.01 - 1);
        TS_COMPARE_NUM(r[2], 1.01 * 1.01 - 1);
        // Standard (Q17 corrected): day one keeps its own move.
        const auto st = alignBenchmark(b, s.dates, rebased, false);
        TS_COMPARE_NUM(st[0], 0.01);
        TS_COMPARE_NUM(st[1], 1.01 * 1.01 - 1);
        TS_COMPARE_NUM(st[2], 1.01 * 1.01 - 1);
    }

    // A strategy date the benchmark lacks: QuantStats back-fills it from the benchmark's next date
    // (tomorrow's move shows up today); the standard alignment only ever looks back.
    void benchmarkGapNeverBorrowsTheFuture() {
        const QDate mon(2024, 1, 1);
        const Series s{QStringLiteral("s"), {mon, mon.addDays(1), mon.addDays(2)}, {0.01, 0.02, 0.03}};
        const Series b{QStringLiteral("b"), {mon, mon.addDays(2)}, {0.01, 0.02}};
        bool rebased = false;
        const auto qs = alignBenchmark(b, s.dates, rebased);
        QCOMPARE(qs[0], 0.0);
        TS_COMPARE_NUM(qs[1], 0.02); // Wednesday's move on Tuesday
        QCOMPARE(qs[2], 0.0);
        const auto st = alignBenchmark(b, s.dates, rebased, false);
        TS_COMPARE_NUM(st[0], 0.01);
        QCOMPARE(st[1], 0.0);
        TS_COMPARE_NUM(st[2], 0.02);
    }

    void leadingZerosTrimmedOnlyWithBenchmark() {
        const Series s = make(QStringLiteral("s"), {0, 0, 0.01, -0.02, 0.03});
        const Series b = make(QStringLiteral("b"), {0.01, 0.01, 0.01, 0.01, 0.01});
        const auto alone = alignForMetrics({s}, {}, rulesFor(Convention::QuantStats));
        QCOMPARE(alone->rows(), std::size_t(5));
        const auto withB = alignForMetrics({s}, b, rulesFor(Convention::QuantStats));
        QCOMPARE(withB->rows(), std::size_t(3));
        QCOMPARE(withB->trimmedLeadingRows, 2);
        // Standard (Q16 corrected): adding a benchmark never changes the strategy's rows.
        const auto standard = alignForMetrics({s}, b, rulesFor(Convention::Standard));
        QCOMPARE(standard->rows(), std::size_t(5));
        QCOMPARE(standard->trimmedLeadingRows, 0);
    }

    void negativeRiskFreeRateIsIgnoredForExcessReturns() {
        MetricsParams neg, zero;
        neg.rf = -0.02;
        neg.convention = zero.convention = Convention::QuantStats;
        const Series s = strat();
        TS_COMPARE_NUM(cell(compute({s}, {}, neg), "sharpe").number, cell(compute({s}, {}, zero), "sharpe").number);
        // Standard: a negative rate is a rate; excess returns are r - ((1-0.02)^(1/252) - 1).
        MetricsParams stNeg;
        stNeg.rf = -0.02;
        std::vector<double> x = s.values;
        const double rfp = std::pow(0.98, 1.0 / 252) - 1;
        for (double& v : x)
            v -= rfp;
        double mean = 0, ss = 0;
        for (double v : x)
            mean += v / double(x.size());
        for (double v : x)
            ss += (v - mean) * (v - mean);
        const double want = mean / std::sqrt(ss / double(x.size() - 1)) * std::sqrt(252.0);
        TS_COMPARE_NUM(cell(compute({s}, {}, stNeg), "sharpe").number, want);
    }

    void severalStrategiesShareOneTable() {
        const Series s = strat();
        Series s2 = test::loadSeries(QStringLiteral("oracle/data/ends_in_dd.csv"));
        s2.name = QStringLiteral("ends_in_dd");
        const Series b = test::restrictTo(test::loadSeries(QStringLiteral("oracle/data/bench.csv")), s);
        MetricsParams qs;
        qs.convention = Convention::QuantStats;
        const auto m = compute({s, s2}, b, qs);
        QCOMPARE(m.table.columns.size(), std::size_t(3));
        QVERIFY(!cell(m, "beta", 1).isNull());
        QVERIFY(cell(m, "beta", 2).isNull());      // benchmark column
        QVERIFY(cell(m, "r_squared", 2).isNull()); // per strategy once there are several
        // Q2: the benchmark and second strategy reuse the first column's autocorrelation penalty.
        const double ratio0 = cell(m, "smart_sharpe", 0).number / cell(m, "sharpe", 0).number;
        TS_COMPARE_NUM(cell(m, "smart_sharpe", 1).number / cell(m, "sharpe", 1).number, ratio0);
        // Standard (Q2 corrected): each column's own penalty.
        const auto st = compute({s, s2}, b);
        const auto al = alignForMetrics({s, s2}, b, rulesFor(Convention::Standard));
        for (std::size_t c = 0; c < 3; ++c)
            TS_COMPARE_NUM(cell(st, "smart_sharpe", c).number * stats::autocorrPenalty(al->columns[c]),
                           cell(st, "sharpe", c).number);
        QVERIFY(std::abs(cell(st, "smart_sharpe", 1).number / cell(st, "sharpe", 1).number - ratio0) > 1e-4);
    }

    void jsonHasContractShape() {
        AnalysisParams p;
        p.strategies.push_back(SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/short_1y.csv")),
                                                  ValueKind::Returns));
        const auto a = runAnalysis(p);
        QVERIFY(a.ok());
        const QJsonObject j = metricsJson(*a);
        QCOMPARE(j[QStringLiteral("metrics")].toObject().size(), 75);
        QVERIFY(j[QStringLiteral("metrics")]
                    .toObject()[QStringLiteral("longest_dd_days")]
                    .toObject()[QStringLiteral("strategy")]
                    .isDouble());
        QVERIFY(j[QStringLiteral("drawdowns")].toObject()[QStringLiteral("strategy")].toArray().size() > 0);
        QCOMPARE(j[QStringLiteral("parameters")].toObject()[QStringLiteral("periods_per_year")].toDouble(),
                 252.0);
        QVERIFY(!j[QStringLiteral("eoy_returns")].toArray().isEmpty());
    }

    void cancelStopsTheJob() {
        AnalysisParams p;
        p.strategies.push_back(SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/strat_a.csv")),
                                                  ValueKind::Returns));
        int calls = 0;
        const auto a = runAnalysis(p, [&](int, int) { return ++calls < 2; });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().kind, ErrorKind::Cancelled);
    }

    void displayFormatting_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("percent") << "cagr" << 0.1753051 << "17.53%";
        QTest::newRow("big percent") << "cumulative_return" << 121.0649 << "12,106.49%";
        QTest::newRow("ratio") << "sharpe" << 0.947269 << "0.95";
        QTest::newRow("half to even") << "sharpe" << 0.125 << "0.12";
        QTest::newRow("integer") << "longest_dd_days" << 1367.0 << "1367";
        QTest::newRow("unscaled percent") << "risk_of_ruin" << 0.0 << "0.00%";
        QTest::newRow("null") << "sharpe" << std::nan("") << "-";
    }
    void displayFormatting() {
        QFETCH(QString, key);
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(formatMetric(*findMetric(key.toLatin1().constData()), MetricValue::of(value)), text);
    }
};

QTEST_GUILESS_MAIN(TestMetricsTable)
#include "test_metrics_table.moc"

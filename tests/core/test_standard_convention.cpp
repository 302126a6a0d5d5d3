// The `standard` convention: where its definition and R PerformanceAnalytics 2.0.8's agree, the
// numbers agree to 1e-9 (tests/data/oracle/ref/performanceanalytics.json); each QuantStats quirk it
// corrects has a case small enough to check by hand; the JSON and the EOY table say what they hold.

#include "analytics/alignment.h"
#include "analytics/metrics_table.h"
#include "analytics/numeric.h"
#include "analytics/return_stats.h"
#include "metrics_test_helpers.h"
#include "oracle.h"
#include "report/analysis.h"
#include "report/metrics_output.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using test::cell;
using test::compute;

namespace {



Series oracleSeries(const QString& name) {
    Series s = applyMissingPolicy(test::loadSeries(QStringLiteral("oracle/data/%1.csv").arg(name)),
                                  MissingPolicy::Drop);
    s.name = name;
    return s;
}

Series make(const std::vector<double>& v, QDate start = QDate(2020, 1, 6)) {
    Series s;
    s.name = QStringLiteral("s");
    for (std::size_t i = 0; i < v.size(); ++i)
        s.dates.push_back(start.addDays(static_cast<qint64>(i)));
    s.values = v;
    return s;
}

bool close(double got, double want, double rel = 1e-9) {
    return std::abs(got - want) <= rel * std::max(std::abs(want), 1e-12);
}

// Our row, PerformanceAnalytics' expression, and how its number maps onto ours.
struct PaRow {
    const char* key;
    const char* pa;
    double scale; // ours = scale * PA's
};
// Rows whose standard definition is PerformanceAnalytics' (qs_vs_pa.txt names the others: historical
// vs parametric VaR, Ulcer Index over N vs N-1, Kelly, the information ratio's annualisation).
const PaRow kSingle[] = {
    {"cumulative_return", "Return.cumulative(R, geometric=TRUE)", 1},
    {"cagr", "Return.annualized(R, scale=252, geometric=TRUE)", 1},
    {"volatility", "StdDev.annualized(R, scale=252)", 1},
    {"sharpe", "SharpeRatio.annualized(R, Rf=0, scale=252, geometric=FALSE)", 1},
    {"sortino", "SortinoRatio(R, MAR=0) * sqrt(252)", 1},
    {"max_drawdown", "maxDrawdown(R, geometric=TRUE)", -1},
    {"calmar", "CalmarRatio(R, scale=252)", 1},
    {"omega", "Omega(R, L=0, method='simple')", 1},
    {"skew", "skewness(R, method='moment') * sqrt(n*(n-1))/(n-2)  # = pandas .skew()", 1},
    {"kurtosis", "kurtosis(R, method='sample_excess')", 1},
};
const PaRow kVsBenchmark[] = {
    {"beta", "CAPM.beta(R, Rb, Rf=0)", 1},
    {"alpha", "CAPM.alpha(R, Rb, Rf=0)  # per period", 252},
    {"r_squared", "cor(R, Rb)^2", 1},
    {"correlation", "cor(R, Rb)", 1},
    // QuantStats: total return / beta (Q4, Q13); standard: annualised excess return / beta, as PA.
    {"treynor_ratio", "TreynorRatio(R, Rb, Rf=0, scale=252)", 1},
};

} // namespace

class TestStandardConvention : public QObject {
    Q_OBJECT
private slots:
    void performanceAnalytics_data() {
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("bench");
        // flat_zeros, all_positive and minus100 are left out: their ratios are undefined in both.
        QTest::newRow("strat_a") << "strat_a" << "bench";
        QTest::newRow("bench") << "bench" << "";
        QTest::newRow("short_1y") << "short_1y" << "bench";
        QTest::newRow("ends_in_dd") << "ends_in_dd" << "bench";
        QTest::newRow("strat_40y") << "strat_40y" << "bench_40y";
        QTest::newRow("with_nans") << "with_nans" << "";
    }
    void performanceAnalytics() {
        QFETCH(QString, series);
        QFETCH(QString, bench);
        const QJsonObject pa = test::loadJson(QStringLiteral("oracle/ref/performanceanalytics.json"))[series]
                                   .toObject()[QStringLiteral("values")]
                                   .toObject();
        QVERIFY(!pa.isEmpty());
        const Series s = oracleSeries(series);
        auto check = [&](const MetricsResult& m, const PaRow& row) {
            const QJsonValue want = pa[QString::fromLatin1(row.pa)];
            QVERIFY2(want.isDouble(), row.pa);
            const double got = cell(m, row.key).number;
            QVERIFY2(close(got, row.scale * want.toDouble()),
                     qPrintable(QStringLiteral("%1: %2 vs PerformanceAnalytics %3")
                                    .arg(QLatin1String(row.key))
                                    .arg(got, 0, 'g', 17)
                                    .arg(row.scale * want.toDouble(), 0, 'g', 17)));
        };
        const auto alone = compute({s}, {});
        for (const auto& row : kSingle)
            check(alone, row);
        // A 2% rate de-annualised as (1.02)^(1/252)-1, as both define it.
        MetricsParams rf;
        rf.rf = 0.02;
        QVERIFY(close(cell(compute({s}, {}, rf), "sharpe").number,
                      pa[QStringLiteral("SharpeRatio.annualized(R, Rf=(1.02)^(1/252)-1, scale=252, geometric=FALSE)")]
                          .toDouble()));
        if (!bench.isEmpty()) {
            const auto withBench = compute({s}, oracleSeries(bench));
            for (const auto& row : kVsBenchmark)
                check(withBench, row);
        }
    }

    // PerformanceAnalytics' ProbSharpeRatio defaults to ignore_kurtosis = TRUE (kurtosis 3); with that
    // input the Bailey & López de Prado formula we use gives its number. The table itself uses the
    // observed kurtosis, as the paper does.
    void psrFormulaMatchesPerformanceAnalytics() {
        for (const char* name : {"strat_a", "bench", "ends_in_dd", "strat_40y"}) {
            const Series s = oracleSeries(QString::fromLatin1(name));
            const auto xs = stats::summarize(s.values);
            const double psr = stats::probabilisticSharpeBailey(xs.mean / xs.sd, num::momentSkew(s.values), 3.0,
                                                                s.size());
            const double want = test::loadJson(QStringLiteral("oracle/ref/performanceanalytics.json"))
                                    [QString::fromLatin1(name)]
                                        .toObject()[QStringLiteral("values")]
                                        .toObject()[QStringLiteral("ProbSharpeRatio(R, Rf=0, refSR=0)$sr_prob")]
                                        .toDouble();
            QVERIFY2(close(psr, want), name);
        }
    }

    // Q3 by hand: 0.02, 0, 0.02, 0 has SR = 0.01/sqrt(0.0004/3) = sqrt(3)/2, skewness 0 and raw
    // kurtosis 1, so PSR = Phi(SR * sqrt(3) / sqrt(1 - 0 + 0)) = Phi(1.5).
    void psrByHand() {
        const auto m = compute({make({0.02, 0.0, 0.02, 0.0})}, {});
        QVERIFY(close(cell(m, "prob_sharpe_ratio").number, 0.9331927987311419, 1e-12));
        MetricsParams qs;
        qs.convention = Convention::QuantStats;
        QVERIFY(!close(cell(compute({make({0.02, 0.0, 0.02, 0.0})}, {}, qs), "prob_sharpe_ratio").number,
                       0.9331927987311419, 1e-6));
    }

    // Q4: with rf, UPI, RAR, Serenity and Treynor all use the annualised excess return, the CAGR of
    // r - (1.03^(1/252) - 1); QuantStats subtracts the annual rate from a total (or forgets it).
    void riskFreeInEveryExcessReturnMetric() {
        const Series s = oracleSeries(QStringLiteral("strat_a"));
        const Series b = oracleSeries(QStringLiteral("bench"));
        MetricsParams p;
        p.rf = 0.03;
        const auto m = compute({s}, b, p);
        const double rfp = std::pow(1.03, 1.0 / 252) - 1;
        std::vector<double> x = s.values, xb = b.values;
        double wealth = 1;
        for (double& v : x) {
            v -= rfp;
            wealth *= 1 + v;
        }
        for (double& v : xb)
            v -= rfp;
        const double excessCagr = std::pow(wealth, 252.0 / double(x.size())) - 1;
        const auto& dd = m.drawdowns[0].series;
        QVERIFY(close(cell(m, "ulcer_performance_index").number, excessCagr / stats::ulcerIndex(dd)));
        QVERIFY(close(cell(m, "risk_adjusted_return").number, excessCagr / cell(m, "time_in_market").number));
        const double pitfall = -stats::conditionalValueAtRisk(dd, stats::valueAtRisk(dd)) / num::stdev(s.values);
        QVERIFY(close(cell(m, "serenity_index").number, excessCagr / (stats::ulcerIndex(dd) * pitfall)));
        const double beta = num::covariance(x, xb) / num::variance(xb);
        QVERIFY(close(cell(m, "treynor_ratio").number, excessCagr / beta));
        const double alpha = (num::mean(x) - beta * num::mean(xb)) * 252;
        QVERIFY(close(cell(m, "alpha").number, alpha));
        // The QuantStats convention gives other numbers for each of them.
        MetricsParams qs = p;
        qs.convention = Convention::QuantStats;
        const auto q = compute({s}, b, qs);
        for (const char* key : {"ulcer_performance_index", "risk_adjusted_return", "serenity_index", "treynor_ratio"})
            QVERIFY2(!close(cell(q, key).number, cell(m, key).number, 1e-6), key);
    }

    // Q6: 3Y and 5Y are 36 and 60 months back from the last date (QuantStats: 35 and 59).
    void multiYearWindowsAreWholeYears() {
        const Series s = oracleSeries(QStringLiteral("strat_a"));
        const auto m = compute({s}, {});
        const QDate last = s.dates.back();
        for (auto [key, months] : {std::pair{"cagr_3y", 36}, std::pair{"cagr_5y", 60}}) {
            const QDate from = last.addMonths(-months);
            std::vector<double> tail;
            for (std::size_t i = 0; i < s.size(); ++i)
                if (s.dates[i] >= from) tail.push_back(s.values[i]);
            QVERIFY2(close(cell(m, key).number, stats::cagr(tail, 252, true)), key);
        }
    }

    // A strategy that never draws down: QuantStats blanks the benchmark's drawdown days too; standard
    // shows the benchmark's own.
    void benchmarkDrawdownDaysShown() {
        const Series up = make({0.01, 0.02, 0.01, 0.03, 0.01});
        Series b = make({0.01, -0.05, 0.01, 0.01, 0.05});
        b.name = QStringLiteral("b");
        const auto m = compute({up}, b);
        QCOMPARE(cell(m, "longest_dd_days", 1).number, 3.0); // Jan 7-9 under water, calendar days inclusive
        MetricsParams qs;
        qs.convention = Convention::QuantStats;
        QVERIFY(cell(compute({up}, b, qs), "longest_dd_days", 1).isNull());
    }

    // Q1: each column's Avg. Win over its own positive days, whatever the other columns did.
    void perColumnFiltering() {
        const Series a = make({0.01, 0.03, -0.02, 0.05});
        Series b = make({0.02, -0.01, 0.04, 0.06});
        b.name = QStringLiteral("b");
        const auto m = compute({a, b}, {});
        QVERIFY(close(cell(m, "avg_win", 0).number, (0.01 + 0.03 + 0.05) / 3));
        QVERIFY(close(cell(m, "avg_win", 1).number, (0.02 + 0.04 + 0.06) / 3));
        QVERIFY(close(cell(m, "avg_loss", 1).number, -0.01));
        MetricsParams qs;
        qs.convention = Convention::QuantStats;
        // Joint rows (both positive): days 1 and 4 only.
        QVERIFY(close(cell(compute({a, b}, {}, qs), "avg_win", 0).number, (0.01 + 0.05) / 2));
    }

    // The JSON names the other convention and carries its value wherever it differs, only there.
    void jsonCarriesTheOtherConvention() {
        AnalysisParams p;
        p.strategies.push_back(SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/strat_a.csv"))));
        p.benchmark = SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/bench.csv")));
        const auto a = runAnalysis(p);
        QVERIFY(a.ok());
        const QJsonObject j = metricsJson(*a);
        QCOMPARE(j[QStringLiteral("parameters")].toObject()[QStringLiteral("convention")].toString(),
                 QStringLiteral("standard"));
        const QJsonObject other = j[QStringLiteral("other_convention")].toObject();
        QCOMPARE(other[QStringLiteral("convention")].toString(), QStringLiteral("quantstats"));
        const QJsonObject om = other[QStringLiteral("metrics")].toObject();
        QVERIFY(om.contains(QStringLiteral("prob_sharpe_ratio")));
        QVERIFY(om.contains(QStringLiteral("treynor_ratio")));
        QVERIFY(!om.contains(QStringLiteral("volatility"))); // one definition in both

        AnalysisParams q = p;
        q.metrics.convention = Convention::QuantStats;
        const auto qa = runAnalysis(q);
        QVERIFY(qa.ok());
        const double qsPsr = qa->metrics.table.find("prob_sharpe_ratio")->front().number;
        QCOMPARE(om[QStringLiteral("prob_sharpe_ratio")].toObject()[QStringLiteral("strategy")].toDouble(), qsPsr);
        QCOMPARE(metricsJson(*qa)[QStringLiteral("other_convention")].toObject()[QStringLiteral("convention")].toString(),
                 QStringLiteral("standard"));
    }

    // Q18: the standard EOY table is the analysed window, the same numbers as the yearly bars; a
    // benchmark with more history (40 years beside 10) adds no years. QuantStats lists all 40.
    void eoyTableMatchesItsChart() {
        AnalysisParams p;
        p.strategies.push_back(SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/strat_a.csv"))));
        p.benchmark = SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/bench_40y.csv")));
        const auto a = runAnalysis(p);
        QVERIFY(a.ok());
        const auto& bars = a->chart.yearly;
        QCOMPARE(a->eoyVsBenchmark.size(), bars.front().values.size());
        for (std::size_t i = 0; i < a->eoyVsBenchmark.size(); ++i) {
            const auto& e = a->eoyVsBenchmark[i];
            QCOMPARE(e.year, bars.front().starts[i].year());
            QVERIFY(close(e.strategy, bars.front().values[i], 1e-12));
            QVERIFY(close(e.benchmark, bars.back().values[i], 1e-12));
        }
        const QJsonArray years = metricsJson(*a)[QStringLiteral("eoy_vs_benchmark")].toArray();
        QCOMPARE(years.first().toObject()[QStringLiteral("year")].toInt(), 2015);
        AnalysisParams q = p;
        q.metrics.convention = Convention::QuantStats;
        const auto qa = runAnalysis(q);
        QVERIFY(qa.ok());
        QCOMPARE(qa->eoyVsBenchmark.front().year, 1985);
    }

    // A risk-free series enters row by row: 0% until 2020-01-02, then 6% a year, against strat_a. The
    // Sharpe ratio is the one of r minus each date's own per-period rate, computed here by hand.
    void riskFreeSeriesEntersRowByRow() {
        QTemporaryDir dir;
        const QString yields = dir.filePath(QStringLiteral("yields.csv"));
        QFile f(yields);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("date,yield\n2014-12-31,0\n2020-01-02,6\n"); // percent: a value above 1
        f.close();
        AnalysisParams p;
        p.strategies.push_back(SeriesSource::file(test::dataPath(QStringLiteral("oracle/data/strat_a.csv"))));
        p.riskFree = RiskFreeSource::file(yields);
        const auto a = runAnalysis(p);
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        const Series s = oracleSeries(QStringLiteral("strat_a"));
        const double high = std::pow(1.06, 1.0 / 252) - 1;
        std::vector<double> x;
        for (std::size_t i = 0; i < s.size(); ++i)
            x.push_back(s.values[i] - (s.dates[i] < QDate(2020, 1, 2) ? 0.0 : high));
        const double want = num::mean(x) / num::stdev(x) * std::sqrt(252.0);
        QVERIFY(close(a->metrics.table.find("sharpe")->front().number, want, 1e-12));
        // Not the same as the series' average as one constant rate.
        MetricsParams flat;
        flat.rf = a->params.metrics.rf;
        QVERIFY(!close(cell(compute({s}, {}, flat), "sharpe").number, want, 1e-6));
    }

    // The demo's case (data/demo, bundled Yahoo prices): NVDA from 1999-01-22 against ORCL from 1995.
    // QuantStats' table lists ORCL 1995-1998 and the full calendar 1999; the standard table starts at
    // 1999 with the part of it both cover, the number the yearly bars show.
    void demoEoyTableMatchesItsChart() {
        AnalysisParams p;
        const QString demo = QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo/");
        p.strategies.push_back(SeriesSource::file(demo + QStringLiteral("nvda.csv"), ValueKind::Prices));
        p.benchmark = SeriesSource::file(demo + QStringLiteral("orcl.csv"), ValueKind::Prices);
        const auto a = runAnalysis(p);
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        const auto& bars = a->chart.yearly;
        QCOMPARE(a->eoyVsBenchmark.front().year, 1999);
        QCOMPARE(a->eoyVsBenchmark.size(), bars.back().values.size());
        for (std::size_t i = 0; i < a->eoyVsBenchmark.size(); ++i)
            QVERIFY(close(a->eoyVsBenchmark[i].benchmark, bars.back().values[i], 1e-12));
        AnalysisParams q = p;
        q.metrics.convention = Convention::QuantStats;
        const auto qa = runAnalysis(q);
        QVERIFY(qa.ok());
        QCOMPARE(qa->eoyVsBenchmark.front().year, 1995);
        const auto orcl1999 = std::find_if(qa->eoyVsBenchmark.begin(), qa->eoyVsBenchmark.end(),
                                           [](const EoyCompareRow& r) { return r.year == 1999; });
        QVERIFY(orcl1999 != qa->eoyVsBenchmark.end());
        // The full calendar year, more than the analysed part of it.
        QVERIFY(orcl1999->benchmark > a->eoyVsBenchmark.front().benchmark + 0.1);
    }
};

QTEST_GUILESS_MAIN(TestStandardConvention)
#include "test_standard_convention.moc"

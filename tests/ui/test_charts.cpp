// Every tearsheet chart rendered offscreen and checked as a picture: not blank, the series'
// colours present, and the expected number of series. Set TEARSHEET_KEEP_RENDERS=DIR to keep PNGs.

#include "charts/chart_painter.h"
#include "charts/chart_style.h"
#include "charts/svg_text.h"
#include "report/analysis.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QChart>
#include <QDir>
#include <QTest>
#include <memory>

using namespace ts;
using namespace ts::ui;

Q_DECLARE_METATYPE(ts::ui::ChartId)

namespace {
// Share of pixels close to `c`.
double shareOf(const QImage& img, QColor c, int tol = 40) {
    qint64 n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) +
                    std::abs(p.blue() - c.blue()) <
                tol)
                ++n;
        }
    return static_cast<double>(n) / (static_cast<double>(img.width()) * img.height());
}
} // namespace

class TestCharts : public QObject {
    Q_OBJECT
    Analysis m_a;

private slots:
    // The text clean-up of QSvgGenerator's output, case by case (it replaced regular expressions).
    void svgTextCleanup_data() {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("groups");  // dropEmptyGroups(in)
        QTest::addColumn<QByteArray>("inlined"); // svgForInlining(in)
        QTest::newRow("nested empty groups go, blank lines collapse")
            << QByteArray("<svg>\n<g a=\"1\">\n  <g>\n  </g>\n</g>\n\n  <rect/>\n</svg>")
            << QByteArray("<svg>\n  <rect/>\n</svg>")
            << QByteArray("<svg>\n<g a=\"1\">\n  <g>\n  </g>\n</g>\n\n  <rect/>\n</svg>");
        QTest::newRow("a group with content stays; <gradient> is not a group")
            << QByteArray("<g><gradient/></g><g>\t</g>") << QByteArray("<g><gradient/></g>")
            << QByteArray("<g><gradient/></g><g>\t</g>");
        QTest::newRow("prolog, doctype, namespaces and the fixed size go")
            << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"26mm\" height=\"11mm\"\n "
                          "viewBox=\"0 0 10 4\"\n "
                          "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"x\" "
                          "version=\"1.2\">\n<text>xmlns</text></svg>\n")
            << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"26mm\" height=\"11mm\"\n "
                          "viewBox=\"0 0 10 4\"\n "
                          "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"x\" "
                          "version=\"1.2\">\n<text>xmlns</text></svg>\n")
            << QByteArray("<svg\n viewBox=\"0 0 10 4\" version=\"1.2\">\n<text>xmlns</text></svg>");
        QTest::newRow("width without height and xmlns: without a name stay")
            << QByteArray("<svg width=\"1\" viewBox=\"0 0 1 1\" xmlns:=\"y\"></svg>")
            << QByteArray("<svg width=\"1\" viewBox=\"0 0 1 1\" xmlns:=\"y\"></svg>")
            << QByteArray("<svg width=\"1\" viewBox=\"0 0 1 1\" xmlns:=\"y\"></svg>");
    }
    void svgTextCleanup() {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, groups);
        QFETCH(QByteArray, inlined);
        QCOMPARE(ts::ui::dropEmptyGroups(in), groups);
        QCOMPARE(ts::ui::svgForInlining(in), inlined);
    }

    void initTestCase() {
        AnalysisParams p;
        p.strategies.push_back(
            SeriesSource::file(QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_a.csv"),
                               ValueKind::Returns, QStringLiteral("Strategy A")));
        p.benchmark = SeriesSource::file(QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/bench.csv"),
                                         ValueKind::Returns, QStringLiteral("Bench"));
        auto a = runAnalysis(p);
        QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
        m_a = std::move(a).value();
    }

    void rendersEveryChart_data() {
        QTest::addColumn<ChartId>("id");
        QTest::addColumn<int>("series"); // QtCharts series in the chart (-1: painted, no QChart)
        QTest::newRow("returns") << ChartId::Returns << 3; // strategy, benchmark, zero line
        QTest::newRow("log_returns") << ChartId::LogReturns << 2;
        QTest::newRow("vol_returns") << ChartId::VolMatchedReturns << 2;
        QTest::newRow("eoy_returns") << ChartId::EoyReturns << 2; // bars (2 sets), mean line
        QTest::newRow("monthly_dist") << ChartId::MonthlyDistribution << 1;
        QTest::newRow("daily_returns") << ChartId::DailyReturns << 1;
        QTest::newRow("rolling_beta") << ChartId::RollingBeta << 3;
        QTest::newRow("rolling_vol") << ChartId::RollingVolatility << 3;
        QTest::newRow("rolling_sharpe") << ChartId::RollingSharpe << 2;
        QTest::newRow("rolling_sortino") << ChartId::RollingSortino << 2;
        QTest::newRow("dd_periods") << ChartId::DrawdownPeriods << 6; // 5 shaded spans + the curve
        QTest::newRow("dd_plot") << ChartId::Underwater << 2;
        QTest::newRow("monthly_heatmap") << ChartId::MonthlyHeatmap << -1;
        QTest::newRow("returns_dist") << ChartId::ReturnQuantiles << 1;
    }
    void rendersEveryChart() {
        QFETCH(ChartId, id);
        QFETCH(int, series);
        if (series >= 0) {
            std::unique_ptr<QChart> chart(buildChart(id, m_a.chart));
            QVERIFY(chart);
            QCOMPARE(static_cast<int>(chart->series().size()), series);
            QCOMPARE(chart->title(), chartTitle(id, m_a.chart));
        }
        const QImage img = chartImage(id, m_a.chart, QSize(900, 450));
        QCOMPARE(img.size(), QSize(900, 450));
        const double white = shareOf(img, Qt::white, 10);
        QVERIFY2(white < 0.97, qPrintable(QStringLiteral("almost blank: %1% white").arg(white * 100)));
        if (id != ChartId::MonthlyHeatmap && id != ChartId::ReturnQuantiles && id != ChartId::RollingBeta)
            QVERIFY2(shareOf(img, seriesColor(0, false)) > 0.001, "no strategy-coloured pixels");
        if (const QByteArray keep = qgetenv("TEARSHEET_KEEP_RENDERS"); !keep.isEmpty()) {
            QDir().mkpath(QString::fromLocal8Bit(keep));
            img.save(QString::fromLocal8Bit(keep) + QLatin1Char('/') +
                     QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".png"));
        }
    }

    void userColoursReplaceThePalette() {
        ChartData d = m_a.chart;
        d.colors = {QStringLiteral("#ff00ff"), QString()}; // strategy magenta, benchmark from the palette
        const QImage img = chartImage(ChartId::Returns, d, QSize(900, 450));
        QVERIFY(shareOf(img, QColor(255, 0, 255)) > 0.001);
        QVERIFY(shareOf(img, seriesColor(0, false)) < 0.0005); // the default blue is gone
        QVERIFY(shareOf(img, seriesColor(0, true)) > 0.001);   // the benchmark keeps its yellow
    }

    void svgIsVectorAndSelfContained() {
        const QByteArray svg = chartSvg(ChartId::Returns, m_a.chart, QSize(800, 400));
        QVERIFY(svg.contains("<svg"));
        QVERIFY(svg.contains("<path") || svg.contains("<polyline"));
        QVERIFY(!svg.contains("<image")); // vectors, not an embedded bitmap
        QVERIFY(svg.size() < 400'000);    // long curves are reduced to the drawing's resolution
    }

    void downsamplingKeepsEndsAndPeaks() {
        std::vector<double> x(10000), y(10000);
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = static_cast<double>(i);
            y[i] = std::sin(static_cast<double>(i) / 300.0);
        }
        y[5000] = 50; // a spike must survive
        const auto keep = downsample(x, y, 500);
        QCOMPARE(keep.size(), std::size_t(500));
        QCOMPARE(keep.front(), std::size_t(0));
        QCOMPARE(keep.back(), std::size_t(9999));
        QVERIFY(std::find(keep.begin(), keep.end(), std::size_t(5000)) != keep.end());
    }
};

QTEST_MAIN(TestCharts)
#include "test_charts.moc"

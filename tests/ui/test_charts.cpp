// Every tearsheet chart rendered offscreen and checked as a picture: not blank, the series'
// colours present, and the expected number of series. Set TEARSHEET_KEEP_RENDERS=DIR to keep PNGs.
// The interactive ChartView with real events: the wheel scrolls the page, Ctrl+wheel and keys
// zoom, date labels sit on calendar boundaries and follow the zoom, hover text has the unit.

#include "charts/chart_painter.h"
#include "charts/montecarlo_chart.h"
#include "charts/chart_style.h"
#include "charts/svg_text.h"
#include "report/analysis.h"
#include "widgets/chart_view.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QDir>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QTest>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <cmath>
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

void keepRender(const QImage& img, const QString& name) {
    if (const QByteArray keep = qgetenv("TEARSHEET_KEEP_RENDERS"); !keep.isEmpty()) {
        QDir().mkpath(QString::fromLocal8Bit(keep));
        img.save(QString::fromLocal8Bit(keep) + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
}

// The chart lays its axes out on the next turn of the event loop: grab after it.
void keepView(QWidget& view, const QString& name) {
    if (qEnvironmentVariableIsEmpty("TEARSHEET_KEEP_RENDERS")) return;
    QTest::qWait(50);
    keepRender(view.grab().toImage(), name);
}

// A strategy over weekdays of 2005-03-10 .. 2014-11-20, cumulative returns from -40% to +160%.
ChartData decade() {
    ChartData d;
    d.names = {QStringLiteral("Strategy A")};
    std::vector<double> cum;
    for (QDate day(2005, 3, 10); day <= QDate(2014, 11, 20); day = day.addDays(1))
        if (day.dayOfWeek() <= 5) {
            d.dates.push_back(day);
            const double t = static_cast<double>(d.dates.size());
            cum.push_back(0.4 * std::sin(t / 300.0) + t / 1600.0);
        }
    d.cumulative = {cum};
    return d;
}

// The values at the plot's corners, whatever the axes' types.
QRectF shownRange(QChartView* v) {
    const QRectF plot = v->chart()->plotArea();
    return QRectF(v->chart()->mapToValue(plot.bottomLeft()), v->chart()->mapToValue(plot.topRight()));
}

// A wheel as the window system delivers it: spontaneous, so an ignored one goes up to the parents
// (sendEvent would clear that flag; QTest's mouse events go through notify the same way).
void wheel(QWidget* w, Qt::KeyboardModifiers modifiers, int delta) {
    const QPointF at = QRectF(w->rect()).center();
    QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, modifiers,
                  Qt::NoScrollPhase, false);
    QSpontaneKeyEvent::setSpontaneous(&e);
    qApp->notify(w, &e);
}

QCategoryAxis* dateAxis(QChartView& v) {
    return qobject_cast<QCategoryAxis*>(v.chart()->axes(Qt::Horizontal).value(0));
}

// The first day of the year, quarter or month a label names.
QDate periodStart(const QString& label) {
    static const QRegularExpression quarter(QStringLiteral("^Q([1-4]) (\\d{4})$"));
    if (const auto m = quarter.match(label); m.hasMatch())
        return QDate(m.captured(2).toInt(), 3 * m.captured(1).toInt() - 2, 1);
    const QDate year = QDate::fromString(label, QStringLiteral("yyyy"));
    return year.isValid() ? year : QDate::fromString(label, QStringLiteral("MMM yyyy"));
}

// Every label of the date axis sits on the first day of its period, within the range, once.
void checkDateLabels(QCategoryAxis* x) {
    const QStringList labels = x->categoriesLabels();
    QVERIFY2(labels.size() >= 3, qPrintable(labels.join(QLatin1Char(','))));
    QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), labels.size());
    for (const QString& l : labels) {
        const QDate start = periodStart(l);
        QVERIFY2(start.isValid(), qPrintable(l));
        QCOMPARE(x->endValue(l), chartX(start));
        QVERIFY(x->endValue(l) >= x->min() && x->endValue(l) <= x->max());
    }
}
} // namespace

class TestCharts : public QObject {
    Q_OBJECT
    Analysis m_a;

private slots:
    // The Monte Carlo fan: percent ticks from just below the lowest path for a narrow fan; a log scale
    // of wealth (x1, x10, ...) when the 95th percentile is far above the 5th.
    void monteCarloFanAxis() {
        auto fan = [](double low, double high) {
            MonteCarloResult r;
            r.periods = 252;
            r.paths.periods = {0, 252, 504};
            r.paths.percentiles = {std::vector<double>{0, low / 2, low}, {0, low / 4, low / 2}, {0, 0.1, 0.2},
                                   {0, high / 4, high / 2}, {0, high / 2, high}};
            r.paths.original = {0, 0.1, 0.15};
            return QString::fromUtf8(monteCarloFanSvg(r, QSize(800, 400), QStringLiteral("fan")));
        };
        const QString narrow = fan(-0.05, 13.0);
        QVERIFY(narrow.contains(QStringLiteral(">0%<")));
        QVERIFY(!narrow.contains(QStringLiteral("-500%")));
        QVERIFY(!narrow.contains(QStringLiteral("log scale")));
        const QString wide = fan(-0.5, 300.0);
        QVERIFY(wide.contains(QStringLiteral("log scale")));
        QVERIFY(wide.contains(QStringLiteral(">\u00D710<")));
        QVERIFY(wide.contains(QStringLiteral(">\u00D70.1<")));
        QVERIFY(wide.contains(QStringLiteral(">\u00D71000<")));
    }
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
        keepRender(img, QString::fromLatin1(QTest::currentDataTag()));
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

    // The Charts tab stacks the charts in a scroll area: the wheel scrolls it, Ctrl+wheel zooms.
    void wheelScrollsThePageCtrlWheelZooms() {
        QScrollArea area;
        auto* page = new QWidget;
        auto* layout = new QVBoxLayout(page);
        const ChartData d = decade();
        for (ChartId id : {ChartId::Returns, ChartId::DailyReturns, ChartId::Underwater})
            layout->addWidget(new ChartView(id, d, page));
        area.setWidget(page);
        area.setWidgetResizable(true);
        area.resize(900, 500);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        auto* view = page->findChild<ChartView*>();
        QScrollBar* bar = area.verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), 0);
        const QRectF before = shownRange(view);
        wheel(view->viewport(), Qt::NoModifier, -120);
        QVERIFY2(bar->value() > 0, "a plain wheel over a chart did not scroll the page");
        QCOMPARE(shownRange(view), before);

        const int scrolled = bar->value();
        wheel(view->viewport(), Qt::ControlModifier, 120);
        QCOMPARE(bar->value(), scrolled);
        QVERIFY2(shownRange(view).width() < before.width() * 0.9, "Ctrl+wheel did not zoom");
    }

    // Crosshair values carry the axis' unit and leave out the zero line.
    void crosshairShowsTheUnit() {
        ChartView view(ChartId::Returns, decade());
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseMove(view.viewport(), view.viewport()->rect().center());
        QTRY_VERIFY(!view.crosshairText().isEmpty());
        const QString text = view.crosshairText();
        QVERIFY2(!text.contains(QStringLiteral("zero")), qPrintable(text));
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\d\nStrategy A: -?\\d+\\.\\d\\d%$"))
                     .match(text)
                     .hasMatch(),
                 qPrintable(text));
    }

    // Date labels on 1 January over a decade; after a zoom (Ctrl+wheel, a key after one click)
    // they are made again for what is shown, never repeated; reset brings the years back.
    void dateLabelsFollowTheZoom() {
        ChartView view(ChartId::Returns, decade());
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCategoryAxis* x = dateAxis(view);
        QVERIFY2(x, "the date axis has no labels of its own");
        const QStringList years{"2006", "2007", "2008", "2009", "2010", "2011", "2012", "2013", "2014"};
        QCOMPARE(x->categoriesLabels(), years);
        for (int y = 2006; y <= 2014; ++y)
            QCOMPARE(x->endValue(QString::number(y)), chartX(QDate(y, 1, 1)));
        checkDateLabels(x);
        keepView(view, QStringLiteral("view_decade"));

        for (int i = 0; i < 5; ++i)
            wheel(view.viewport(), Qt::ControlModifier, 120);
        QVERIFY(x->max() - x->min() < (chartX(QDate(2014, 11, 20)) - chartX(QDate(2005, 3, 10))) / 2.5);
        QVERIFY2(x->categoriesLabels() != years, qPrintable(x->categoriesLabels().join(QLatin1Char(','))));
        checkDateLabels(x);
        keepView(view, QStringLiteral("view_zoomed"));

        // One click gives the keys to the chart, and a frame shows it.
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.viewport()->rect().center());
        QVERIFY(view.hasFocus());
        QCOMPARE(view.chart()->backgroundPen().color(), view.palette().color(QPalette::Highlight));
        const double width = x->max() - x->min();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Plus);
        QVERIFY(x->max() - x->min() < width * 0.9);
        checkDateLabels(x);
        keepView(view, QStringLiteral("view_focused_zoomed"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_0);
        QCOMPARE(x->categoriesLabels(), years);
        const QPen unfocused = ChartView(ChartId::Returns, decade()).chart()->backgroundPen();
        view.clearFocus();
        QCOMPARE(view.chart()->backgroundPen(), unfocused);
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

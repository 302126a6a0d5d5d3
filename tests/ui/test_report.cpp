// Reports checked as a reader meets them: the HTML is well-formed, self-contained, escapes what
// users typed, and carries exactly the metrics of `metrics --format json`; the PDF has its pages,
// its text and pictures on every page (pdftotext, pdftoppm).

#include "render/html_report.h"
#include "render/pdf_report.h"
#include "report/metrics_output.h"

#include <QApplication>
#include <QImage>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <cmath>

using namespace ts;

class TestReport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ReportModel m_model;

    static ReportSpec spec(const QString& strategyName) {
        ReportSpec s;
        s.title = QStringLiteral("Strategy A & friends");
        s.analysis.strategies.push_back(
            SeriesSource::file(QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_a.csv"),
                               ValueKind::Returns, strategyName));
        s.analysis.benchmark = SeriesSource::file(
            QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/bench.csv"), ValueKind::Returns);
        s.extraParameters.emplace_back(QStringLiteral("Note"), QStringLiteral("a < b > c"));
        return s;
    }
    static QString run(const QString& program, const QStringList& args) {
        QProcess p;
        p.start(program, args);
        p.waitForFinished(60000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

private slots:
    void initTestCase() {
        auto m = buildReport(spec(QStringLiteral("<script>alert(1)</script>")));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
        m_model = std::move(m).value();
    }

    void htmlIsWellFormedAndSelfContained() {
        const QString html = ui::renderHtml(m_model);
        QXmlStreamReader xml(html);
        int svgs = 0, tables = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("svg")) ++svgs;
            if (xml.isStartElement() && xml.name() == QLatin1String("table")) ++tables;
        }
        QVERIFY2(!xml.hasError(),
                 qPrintable(QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString())));
        QCOMPARE(svgs, 14); // all 14 charts with a benchmark; the painted heatmap is SVG too
        QVERIFY(tables >= 4);
        QVERIFY(!html.contains(QStringLiteral("http:"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("https:"), Qt::CaseInsensitive));
        const qsizetype script = html.indexOf(QStringLiteral("<script"), 0, Qt::CaseInsensitive);
        QVERIFY2(script < 0, qPrintable(html.mid(std::max<qsizetype>(0, script - 120), 200)));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(html.contains(QStringLiteral("Strategy A &amp; friends")));
        QVERIFY(html.contains(QStringLiteral("a &lt; b &gt; c")));
        QVERIFY(html.contains(QStringLiteral("@media (max-width: 1100px)"))); // one column on narrow screens
    }

    void htmlMetricsEqualTheJsonContract() {
        const QString html = ui::renderHtml(m_model);
        const QJsonObject json = metricsJson(m_model.analysis).value(QStringLiteral("metrics")).toObject();
        // A cell the conventions disagree on shows the other convention's number on hover; one they
        // agree on does not.
        const QJsonObject other = metricsJson(m_model.analysis)[QStringLiteral("other_convention")].toObject();
        const double otherPsr =
            other[QStringLiteral("metrics")].toObject()[QStringLiteral("prob_sharpe_ratio")].toObject()
                [QStringLiteral("strategy")]
                    .toDouble();
        QVERIFY(html.contains(QStringLiteral("data-key=\"prob_sharpe_ratio\" data-col=\"0\" data-value=\"%1\" "
                                             "title=\"quantstats: %2%\"")
                                  .arg(QString::number(m_model.analysis.metrics.table.find("prob_sharpe_ratio")
                                                           ->front()
                                                           .number,
                                                       'g', 17),
                                       QString::number(std::nearbyint(otherPsr * 10000) / 100, 'f', 2))));
        QVERIFY(QRegularExpression(QStringLiteral("data-key=\"volatility\" data-col=\"0\" data-value=\"[^\"]*\">"))
                    .match(html)
                    .hasMatch());
        static const QRegularExpression cell(
            QStringLiteral("data-key=\"(\\w+)\" data-col=\"(\\d)\" data-value=\"([^\"]*)\""));
        int compared = 0;
        for (auto it = cell.globalMatch(html); it.hasNext();) {
            const auto mt = it.next();
            // The JSON contract: {"key": {"strategy": v, "benchmark": v}}.
            const QString side = mt.captured(2) == QLatin1String("0") ? QStringLiteral("strategy")
                                                                      : QStringLiteral("benchmark");
            QVERIFY2(json.value(mt.captured(1)).isObject(), qPrintable(mt.captured(1)));
            const QJsonValue want = json.value(mt.captured(1)).toObject().value(side);
            const QString got = mt.captured(3);
            if (want.isNull()) {
                QVERIFY2(got.isEmpty(), qPrintable(mt.captured(1)));
            } else if (want.isString()) {
                QCOMPARE(got, want.toString());
            } else {
                const double w = want.toDouble(), g = got.toDouble();
                QVERIFY2(g == w || std::abs(g - w) <= 1e-15 * std::abs(w),
                         qPrintable(QStringLiteral("%1: %2 vs %3").arg(mt.captured(1), got).arg(w)));
            }
            ++compared;
        }
        QCOMPARE(compared, 2 * static_cast<int>(m_model.analysis.metrics.table.rows.size()));
        QVERIFY(compared > 150);
    }

    void pdfHasPagesTextAndPictures() {
        const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
        auto stats = ui::renderPdf(m_model, path);
        QVERIFY2(stats.ok(), stats.ok() ? "" : qPrintable(stats.error().message));
        QVERIFY(stats->pages >= 5);
        const QString info = run(QStringLiteral("pdfinfo"), {path});
        QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+%1\\b").arg(stats->pages))),
                 qPrintable(info));
        QVERIFY(info.contains(QStringLiteral("A4")) || info.contains(QStringLiteral("595.")));
        const QString text =
            run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
        for (const char* needle : {"Key Performance Metrics", "Cumulative Return", "Sharpe", "Max Drawdown",
                                   "EOY Returns vs Benchmark", "Worst 10 Drawdowns", "Underwater Plot",
                                   "Rolling Sortino (6-Months)", "Strategy A & friends", "Page 1 of",
                                   "Data quality", "Input hash", "Key Performance Metrics (standard convention)",
                                   "EOY Returns vs Benchmark (standard convention)"})
            QVERIFY2(text.contains(QString::fromLatin1(needle)), needle);
        // The Sharpe ratio printed is the one the table holds.
        const auto* sharpe = m_model.analysis.metrics.table.find("sharpe");
        QVERIFY(text.contains(QString::number(std::nearbyint((*sharpe)[0].number * 100) / 100, 'f', 2)));
        // Every page renders to a picture with something on it.
        const QString prefix = m_dir.filePath(QStringLiteral("page"));
        QProcess::execute(QStringLiteral("pdftoppm"),
                          {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"), path, prefix});
        for (int i = 1; i <= stats->pages; ++i) {
            QImage img(QStringLiteral("%1-%2.png")
                           .arg(prefix)
                           .arg(i, stats->pages >= 10 ? 2 : 1, 10, QLatin1Char('0')));
            QVERIFY2(!img.isNull(), qPrintable(QStringLiteral("page %1 did not render").arg(i)));
            qint64 ink = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x)
                    ink += qGray(img.pixel(x, y)) < 200;
            QVERIFY2(ink > img.width() * img.height() / 100,
                     qPrintable(QStringLiteral("page %1 is nearly blank").arg(i)));
        }
    }

    void severalStrategiesSideBySide() {
        ReportSpec s = spec(QStringLiteral("A"));
        s.analysis.strategies.push_back(
            SeriesSource::file(QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/ends_in_dd.csv"),
                               ValueKind::Returns, QStringLiteral("B")));
        auto m = buildReport(s);
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
        QCOMPARE(m->correlation.size(), std::size_t(3));
        QCOMPARE(m->correlation[0][0], 1.0);
        QVERIFY(std::abs(m->correlation[0][1]) < 1);
        const QString html = ui::renderHtml(*m);
        QVERIFY(html.contains(QStringLiteral("Correlation of Daily Returns")));
        QVERIFY(html.contains(QStringLiteral("<th>A</th><th>B</th>")));
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"

// The desktop app driven as a user would, offscreen: open the bundled demo, compute, compare the
// metrics table with the CLI's JSON for the same workspace, select a drawdown, edit a weight,
// recompute, export a PDF; models checked with QAbstractItemModelTester; a download that runs
// while the event loop stays responsive and is then cancelled.

#include "../net/mock_server.h"
#include "cache/fundamentals_store.h"
#include "cache/price_cache.h"
#include "jobs/download_job.h"
#include "models/metrics_table_model.h"
#include "widgets/chart_view.h"
#include "widgets/data_panel.h"
#include "widgets/fundamentals_panel.h"
#include "widgets/main_window.h"
#include "widgets/preferences_dialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <cmath>

using namespace ts;
using namespace ts::ui;

class TestDesktop : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // never the user's own settings or data
        QApplication::setApplicationName(QStringLiteral("TearsheetTest"));
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void cleanupTestCase() {
        QThreadPool::globalInstance()->waitForDone(); // background jobs close their files first
    }

    void demoWorkflow() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy computed(&w, &MainWindow::computed), failed(&w, &MainWindow::computeFailed);
        w.openDemo();
        QVERIFY2(computed.wait(60000),
                 failed.isEmpty() ? "no result" : qPrintable(failed.first().first().toString()));
        auto report = w.report();
        QVERIFY(report);
        QAbstractItemModelTester metricsTester(w.metricsModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester drawdownTester(w.drawdownsModel(),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(w.metricsModel()->rowCount(), static_cast<int>(report->analysis.metrics.table.rows.size()));
        QCOMPARE(w.metricsModel()->columnCount(), 3); // metric, strategy, benchmark

        // The same workspace through the CLI gives the same numbers.
        const QString demoDir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                    .filePath(QStringLiteral("demo"));
        QProcess cli;
        cli.start(QStringLiteral(TEARSHEET_CLI),
                  {QStringLiteral("report"), QStringLiteral("--config"),
                   QStringLiteral(TEARSHEET_SOURCE_DIR "/resources/demo/demo-workspace.json"),
                   QStringLiteral("--cache"), demoDir + QStringLiteral("/demo-cache.sqlite"),
                   QStringLiteral("--out-dir"), m_dir.path()});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("demo.html"))));
        const QJsonObject json = [&] {
            QProcess j;
            j.start(QStringLiteral(TEARSHEET_CLI),
                    {QStringLiteral("report"), QStringLiteral("--portfolio"),
                     QStringLiteral("NVDA:0.4,ORCL:0.3,YHOO:0.3"), QStringLiteral("--rebalance"),
                     QStringLiteral("monthly"), QStringLiteral("--name"),
                     QStringLiteral("NVDA/ORCL/YHOO 40/30/30"), QStringLiteral("--benchmark-symbol"),
                     QStringLiteral("ORCL"), QStringLiteral("--cache"),
                     demoDir + QStringLiteral("/demo-cache.sqlite"), QStringLiteral("--out"),
                     m_dir.filePath(QStringLiteral("demo.json"))});
            j.waitForFinished(60000);
            QFile f(m_dir.filePath(QStringLiteral("demo.json")));
            f.open(QIODevice::ReadOnly);
            return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("metrics")).toObject();
        }();
        QVERIFY(json.size() > 70);
        int compared = 0;
        for (int r = 0; r < w.metricsModel()->rowCount(); ++r) {
            const QString key = w.metricsModel()->index(r, 0).data(MetricsTableModel::KeyRole).toString();
            for (int c = 1; c <= 2; ++c) {
                const QVariant got = w.metricsModel()->index(r, c).data(MetricsTableModel::RawValueRole);
                const QJsonValue want = json.value(key).toObject().value(
                    c == 1 ? QStringLiteral("strategy") : QStringLiteral("benchmark"));
                if (want.isDouble()) {
                    QVERIFY2(std::abs(got.toDouble() - want.toDouble()) <=
                                 1e-12 * std::max(1.0, std::abs(want.toDouble())),
                             qPrintable(key));
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 100);

        // The crosshair names the date and each curve's value under the cursor.
        w.tabWidget()->setCurrentIndex(0);
        QWidget* viewport = w.cumulativeView()->viewport();
        const QPointF at = viewport->rect().center();
        QMouseEvent move(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
        QTRY_VERIFY(!w.cumulativeView()->crosshairText().isEmpty());
        QVERIFY2(w.cumulativeView()->crosshairText().contains(QStringLiteral("ORCL:")),
                 qPrintable(w.cumulativeView()->crosshairText()));
        // Selecting a drawdown shades it on the cumulative chart.
        QVERIFY(w.drawdownsModel()->rowCount() > 0);
        QVERIFY(!w.cumulativeView()->hasHighlight());
        w.drawdownsView()->selectRow(0);
        QVERIFY(w.cumulativeView()->hasHighlight());
        QVERIFY(w.underwaterView() && w.underwaterView()->hasHighlight());

        // Editing a weight: the sum is flagged until normalised, and the result changes.
        const double before = report->analysis.metrics.table.find("cumulative_return")->front().number;
        QTableWidget* holdings = w.holdingsTable();
        QCOMPARE(holdings->rowCount(), 3);
        holdings->item(0, 1)->setText(QStringLiteral("0.6")); // NVDA 60%: 120% in all
        QCOMPARE(w.request().strategies.front().portfolio.holdings.front().weight, 0.6);
        QSignalSpy failedEdit(&w, &MainWindow::computeFailed);
        w.recompute();
        QCOMPARE(failedEdit.count(), 1); // weights must sum to 1: refused before any work starts
        const QString refusal = failedEdit.first().first().toString();
        QVERIFY2(refusal.contains(QStringLiteral("120.00%")) &&
                     refusal.contains(QStringLiteral("Normalise")) && !refusal.contains(QStringLiteral("--")),
                 qPrintable(refusal));
        holdings->item(1, 1)->setText(QStringLiteral("0.2"));
        holdings->item(2, 1)->setText(QStringLiteral("0.2"));
        w.recompute();
        QVERIFY(computed.wait(30000));
        const double after = w.report()->analysis.metrics.table.find("cumulative_return")->front().number;
        QVERIFY2(std::abs(after - before) > 0.01, "the edited weight made no difference");

        // Export goes through the same renderers as the CLI.
        const QString pdf = m_dir.filePath(QStringLiteral("export.pdf"));
        QString error;
        QVERIFY2(w.exportReport(pdf, &error), qPrintable(error));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(5), QByteArray("%PDF-"));
        // "Explain this number": selecting Sharpe shows its definition and the parameters used.
        auto* metricsView = w.findChild<QTableView*>(QStringLiteral("metricsView"));
        QVERIFY(metricsView);
        for (int r = 0; r < metricsView->model()->rowCount(); ++r)
            if (metricsView->model()->index(r, 0).data().toString() == QLatin1String("Sharpe"))
                metricsView->setCurrentIndex(metricsView->model()->index(r, 1));
        QVERIFY2(w.explanation().contains(QStringLiteral("Sharpe")) &&
                     w.explanation().contains(QStringLiteral("periods a year")),
                 qPrintable(w.explanation()));
        // The data view lists the workspace's tickers with what the cache holds.
        QCOMPARE(w.dataPanel()->table()->rowCount(), 3);
        QVERIFY(w.dataPanel()->table()->item(0, 2)->text().toInt() > 3000);
        // A CSV added as a second strategy gets its own column.
        w.addCsvStrategy(QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo/yhoo.csv"));
        QVERIFY(computed.wait(30000));
        QCOMPARE(w.metricsModel()->columnCount(), 4);
        QVERIFY(w.findChild<QTableWidget*>(QStringLiteral("eoyTable")));
        // Any table exports as CSV: the one of the view in front.
        w.tabWidget()->setCurrentIndex(3); // Drawdowns
        QVERIFY(w.exportTable(m_dir.filePath(QStringLiteral("drawdowns.csv"))));
        QFile dd(m_dir.filePath(QStringLiteral("drawdowns.csv")));
        QVERIFY(dd.open(QIODevice::ReadOnly));
        QVERIFY(dd.readLine().startsWith("Started,Recovered,Drawdown,Days"));
        w.tabWidget()->setCurrentIndex(2); // Metrics
        QVERIFY(w.exportTable(m_dir.filePath(QStringLiteral("metrics.csv"))));
        // The convention box, by keyboard: quantstats, and Explain names what standard makes of it.
        QCOMPARE(w.request().metrics.convention, Convention::Standard);
        auto* convention = w.findChild<QComboBox*>(QStringLiteral("convention"));
        QVERIFY(convention);
        convention->setFocus();
        QTest::keyClick(convention, Qt::Key_Down);
        QCOMPARE(convention->currentText(), QStringLiteral("quantstats"));
        QCOMPARE(w.request().metrics.convention, Convention::QuantStats);
        w.recompute();
        QVERIFY(computed.wait(30000));
        QCOMPARE(w.report()->analysis.params.metrics.convention, Convention::QuantStats);
        for (int r = 0; r < metricsView->model()->rowCount(); ++r)
            if (metricsView->model()->index(r, 0).data().toString() == QLatin1String("Prob. Sharpe Ratio"))
                metricsView->setCurrentIndex(metricsView->model()->index(r, 1));
        QVERIFY2(w.explanation().contains(QStringLiteral("convention quantstats")) &&
                     w.explanation().contains(QStringLiteral("Under the standard convention:")) &&
                     w.explanation().contains(QStringLiteral("Bailey")),
                 qPrintable(w.explanation()));
        // The workspace round-trips through its JSON.
        QVERIFY(w.saveWorkspace(m_dir.filePath(QStringLiteral("saved.json"))));
        MainWindow again;
        QSignalSpy againComputed(&again, &MainWindow::computed);
        QVERIFY(again.openWorkspace(m_dir.filePath(QStringLiteral("saved.json"))));
        QCOMPARE(again.request().strategies.front().portfolio.holdings.front().weight, 0.6);
        QCOMPARE(again.request().strategies.size(), std::size_t(2));
        QCOMPARE(again.request().metrics.convention, Convention::QuantStats);
    }

    void preferencesRoundTripThroughTheSettingsFile() {
        Settings s;
        s.cachePath = m_dir.filePath(QStringLiteral("prefs-cache.sqlite"));
        s.providerOrder = {QStringLiteral("stooq"), QStringLiteral("yahoo")};
        s.providers[QStringLiteral("fmp")].apiKey = QStringLiteral("secret-fmp-key");
        s.defaultBenchmark = QStringLiteral("SPY");
        s.defaultRf = 0.02;
        s.theme = QStringLiteral("dark");
        PreferencesDialog dialog(s);
        const QString path = m_dir.filePath(QStringLiteral("config.json"));
        QVERIFY(dialog.settings().save(path).ok());
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        auto back = Settings::load(path);
        QVERIFY(back.ok());
        QCOMPARE(back->cachePath, s.cachePath);
        QCOMPARE(back->providerOrder, s.providerOrder);
        QCOMPARE(back->provider(QStringLiteral("fmp")).apiKey, QStringLiteral("secret-fmp-key"));
        QVERIFY(!QJsonDocument(back->toJson(true)).toJson().contains("secret-fmp-key")); // shown masked
        QCOMPARE(back->theme, QStringLiteral("dark"));
        // A new workspace starts from these defaults.
        qputenv("TEARSHEET_CONFIG", path.toLocal8Bit());
        MainWindow w;
        w.newWorkspace();
        qunsetenv("TEARSHEET_CONFIG");
        QCOMPARE(w.request().metrics.rf, 0.02);
        QVERIFY(w.request().benchmark.has_value());
        QCOMPARE(w.request().benchmark->symbol, QStringLiteral("SPY"));
        MainWindow::applyTheme(QStringLiteral("dark"));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        MainWindow::applyTheme(QStringLiteral("system"));
    }

    void badWorkspaceIsReportedNotLost() {
        MainWindow w;
        const QString path = m_dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"reports\": [{\"strategies\": [{\"portfolio\": {\"NVDA\": \"a lot\"}}]}]}");
        f.close();
        QString error;
        QVERIFY(!w.openWorkspace(path, &error));
        QVERIFY2(error.contains(QStringLiteral("NVDA")), qPrintable(error));
    }

    // The Fundamentals tab: a holding's ratios from the statements in the cache and its latest
    // close, a statement by period, and the history chart of the selected row.
    void fundamentalsTab() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy computed(&w, &MainWindow::computed);
        w.openDemo();
        QVERIFY(computed.wait(60000));
        const QString cachePath = w.request().cachePath;
        {
            using namespace ts::fundamentals;
            auto store = cache::FundamentalsStore::open(cachePath);
            QVERIFY(store.ok());
            // NVDA: net income 144 then 120 on 100 shares; equity 1,200.
            StatementSet inc{
                QStringLiteral("NVDA"), QStringLiteral("fmp"), Statement::Income, PeriodType::Annual, {}, {}};
            for (const auto& [year, ni] : {std::pair{2013, 120.0}, std::pair{2014, 144.0}}) {
                const QDate end(year, 12, 31);
                inc.items.push_back({end, PeriodType::Annual, QStringLiteral("FY"), Statement::Income,
                                     item::netIncome, ni, QStringLiteral("USD")});
                inc.items.push_back({end, PeriodType::Annual, QStringLiteral("FY"), Statement::Income,
                                     item::revenue, ni * 10, QStringLiteral("USD")});
                inc.items.push_back({end, PeriodType::Annual, QStringLiteral("FY"), Statement::Income,
                                     item::sharesOutstanding, 100, QStringLiteral("USD")});
            }
            QVERIFY((*store)->store(inc, QDateTime::currentDateTimeUtc()).ok());
        }
        FundamentalsPanel* panel = w.fundamentalsPanel();
        QSignalSpy loaded(panel, &FundamentalsPanel::loaded);
        panel->reload();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(panel->symbolBox()->count(), 1); // only NVDA has statements
        QCOMPARE(panel->symbolBox()->currentText(), QStringLiteral("NVDA"));
        auto prices = cache::PriceCache::open(cachePath, false);
        QVERIFY(prices.ok());
        const double close = (*prices)->history(QStringLiteral("NVDA"))->bars.back().close;
        QTableWidget* t = panel->table();
        int peRow = -1;
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, 0)->text() == QLatin1String("P/E")) peRow = r;
        QVERIFY(peRow >= 0);
        QCOMPARE(t->item(peRow, 1)->text(), QString::number(close / 1.44, 'f', 2));
        QVERIFY(t->item(peRow, 2)->text().contains(QStringLiteral("EPS")));
        // Selecting P/E charts its history: one bar per fiscal year.
        t->setCurrentCell(peRow, 0);
        auto* chart = panel->chartView()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto* bars = qobject_cast<QBarSeries*>(chart->series().first());
        QVERIFY(bars);
        QCOMPARE(bars->barSets().first()->count(), 2);
        QVERIFY(bars->barSets().first()->at(0) > 0 && bars->barSets().first()->at(1) > 0);
        // The income statement by period.
        panel->viewBox()->setCurrentIndex(1);
        QCOMPARE(t->columnCount(), 3); // line item, 2013, 2014
        QCOMPARE(t->horizontalHeaderItem(2)->text(), QStringLiteral("2014-12-31"));
        bool revenue = false;
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, 0)->text() == QLatin1String("revenue")) {
                revenue = true;
                QCOMPARE(QLocale().toDouble(t->item(r, 2)->text()), 1440.0);
            }
        QVERIFY(revenue);
        // Back to the ratios with P/E's history, as a user would look at it.
        panel->viewBox()->setCurrentIndex(0);
        t->setCurrentCell(peRow, 0);
        w.tabWidget()->setCurrentWidget(panel);
        QTest::qWait(50);
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        // TEARSHEET_SCREENSHOTS=DIR keeps the picture (docs/screenshots/desktop-fundamentals.png).
        if (const QString dir = qEnvironmentVariable("TEARSHEET_SCREENSHOTS"); !dir.isEmpty())
            QVERIFY(shot.save(QDir(dir).filePath(QStringLiteral("desktop-fundamentals.png"))));
    }

    void downloadRunsOffTheUiThreadAndCancels() {
        test::MockServer server;
        QVERIFY(server.start());
        Settings s;
        s.cachePath = m_dir.filePath(QStringLiteral("download.sqlite"));
        providers::ProviderConfig c;
        c.baseUrl = server.url();
        c.ratePerMinute = 300; // 5 a second: the job takes many seconds unless cancelled
        c.burst = 1;
        s.providers[QStringLiteral("yahoo")] = c;
        net::DownloadParams p;
        p.providers = {QStringLiteral("yahoo")};
        for (int i = 0; i < 60; ++i)
            p.symbols << QStringLiteral("GEN%1").arg(200 + i);
        DownloadJob job(p, s);
        QSignalSpy finished(&job, &DownloadJob::finished), progress(&job, &DownloadJob::progress);
        // Event-loop latency while the job runs. A download on the UI thread would stall it for the
        // whole job (12 s at this rate; at least the ~0.6 s measured here); 250 ms leaves room for a
        // busy machine (another build, a container) without letting a blocking download pass.
        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        clock.start();
        tick.start();
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 3, 30000);
        QTest::qWait(300);
        QVERIFY2(worst < 250, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(worst)));
        job.cancel();
        QVERIFY(finished.wait(10000));
        const auto result = finished.first().first().value<net::DownloadResult>();
        QVERIFY(result.cancelled);
        QVERIFY(result.failed() > 0 && result.failed() < 60);
        tick.stop();
    }
};

QTEST_MAIN(TestDesktop)
#include "test_desktop.moc"

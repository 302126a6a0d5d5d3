// The Fundamentals tab downloads statements itself, as a user drives it: the real
// FundamentalsPanel, a click on "Download statements", real HTTP through libcurl against the
// loopback provider server into a real SQLite store, then the tab shows what arrived. A missing key
// is explained in plain words, several keyed sources offer a choice, and a long run cancels while
// the event loop keeps turning.

#include "../net/mock_server.h"
#include "cache/fundamentals_store.h"
#include "widgets/fundamentals_panel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ts;
using ts::ui::FundamentalsPanel;

class TestFundamentalsPanel : public QObject {
    Q_OBJECT
    test::MockServer m_server;
    QTemporaryDir m_dir;
    int m_n = 0;
    QString m_cache; // the latest fresh cache

    QString freshCache() { return m_cache = m_dir.filePath(QStringLiteral("cache%1.sqlite").arg(++m_n)); }
    // A shown panel over a fresh cache, with its first (empty) load done.
    void open(FundamentalsPanel& panel, const QStringList& symbols) {
        panel.resize(1000, 700);
        panel.show();
        QSignalSpy loaded(&panel, &FundamentalsPanel::loaded);
        panel.setSymbols(symbols, freshCache());
        QVERIFY(loaded.wait(10000));
    }
    // Clicks the button and waits until the download ended and the tab read the store again.
    static void clickDownload(FundamentalsPanel& panel, int timeoutMs = 30000) {
        QSignalSpy finished(&panel, &FundamentalsPanel::downloadFinished);
        QSignalSpy loaded(&panel, &FundamentalsPanel::loaded);
        QVERIFY(panel.downloadButton()->isEnabled());
        QTest::mouseClick(panel.downloadButton(), Qt::LeftButton);
        QVERIFY(finished.count() == 1 || finished.wait(timeoutMs));
        QVERIFY(loaded.count() >= 1 || loaded.wait(10000));
    }
    int requestsTo(const QString& pathPrefix) {
        int n = 0;
        for (const auto& v : m_server.log())
            n += v.toObject().value(QStringLiteral("path")).toString().startsWith(pathPrefix);
        return n;
    }
    // Every text the panel shows the user (labels and the status table).
    static QString shownText(const FundamentalsPanel& panel) {
        QStringList texts;
        for (const QLabel* l : panel.findChildren<QLabel*>())
            texts << l->text();
        for (int r = 0; r < panel.statusTable()->rowCount(); ++r)
            texts << panel.statusTable()->item(r, 1)->text();
        return texts.join(QLatin1Char('\n'));
    }
    static int rowOf(const QTableWidget* t, const QString& first) {
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, 0) && t->item(r, 0)->text() == first) return r;
        return -1;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.start(), "the loopback provider server did not start");
        QVERIFY(m_server.configure(m_dir.path(), R"({"retry": {"max_attempts": 2, "base_seconds": 0.05},
            "providers": {"fmp": {"rate_per_minute": 60000, "burst": 50},
                          "alphavantage": {"rate_per_minute": 60000, "burst": 50}}})",
                                   {QStringLiteral("fmp"), QStringLiteral("alphavantage")}));
    }
    void init() {
        m_server.reset();
        qputenv("TEARSHEET_FMP_API_KEY", "testkey");
        qunsetenv("TEARSHEET_ALPHAVANTAGE_API_KEY");
    }

    void downloadFillsTheTab() {
        FundamentalsPanel panel;
        open(panel, {QStringLiteral("AAA"), QStringLiteral("EMPTY1")});
        QCOMPARE(panel.symbolBox()->count(), 0);
        QVERIFY(!shownText(panel).contains(QStringLiteral("tearsheet-cli")));
        QCOMPARE(panel.downloadStatus(QStringLiteral("AAA")), QStringLiteral("none stored"));
        QVERIFY(!panel.sourceBox()->isVisibleTo(&panel)); // one source has a key: nothing to choose
        clickDownload(panel);

        // Five statements, annual and quarterly, over real HTTP into the store.
        QCOMPARE(panel.downloadStatus(QStringLiteral("AAA")), QStringLiteral("downloaded 10 statements"));
        QCOMPARE(panel.downloadStatus(QStringLiteral("EMPTY1")),
                 QStringLiteral("failed: no statements (unknown symbol, or not covered)"));
        QCOMPARE(panel.statusTable()->item(0, 1)->text(), QStringLiteral("downloaded 10 statements"));
        QCOMPARE(requestsTo(QStringLiteral("/stable/")), 20);
        QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum());
        QVERIFY(!panel.downloading());
        QVERIFY(!panel.cancelButton()->isEnabled());
        {
            auto store = cache::FundamentalsStore::open(m_cache, false);
            QVERIFY(store.ok());
            QVERIFY(!(*store)->items(QStringLiteral("AAA")).empty());
        }

        // The tab shows them: AAA is a holding with statements, its ratios and its income statement.
        QCOMPARE(panel.symbolBox()->count(), 1);
        QCOMPARE(panel.symbolBox()->currentText(), QStringLiteral("AAA"));
        QTableWidget* t = panel.table();
        const int roe = rowOf(t, QStringLiteral("ROE"));
        QVERIFY(roe >= 0);
        QVERIFY(!t->item(roe, 1)->text().isEmpty() && t->item(roe, 1)->text() != QStringLiteral("-"));
        panel.viewBox()->setCurrentIndex(1); // income statement, annual
        QCOMPARE(t->horizontalHeaderItem(t->columnCount() - 1)->text(), QStringLiteral("2024-12-31"));
        const int revenue = rowOf(t, QStringLiteral("revenue"));
        QVERIFY(revenue >= 0);
        QCOMPARE(QLocale().toDouble(t->item(revenue, t->columnCount() - 1)->text()), 1000.0);

        // Again: everything is fresh, nothing is asked.
        m_server.reset();
        clickDownload(panel);
        QCOMPARE(requestsTo(QStringLiteral("/stable/")), 0);
        QCOMPARE(panel.downloadStatus(QStringLiteral("AAA")),
                 QStringLiteral("already up to date (10 statements)"));
        QVERIFY(!shownText(panel).contains(QStringLiteral("tearsheet-cli")));
    }

    void missingKeyInPlainWords() {
        qunsetenv("TEARSHEET_FMP_API_KEY");
        FundamentalsPanel panel;
        open(panel, {QStringLiteral("AAA")});
        clickDownload(panel);
        QCOMPARE(panel.downloadStatus(QStringLiteral("AAA")),
                 QStringLiteral("failed: no FMP API key: add one in Preferences"));
        const QString shown = shownText(panel);
        QVERIFY(shown.contains(QStringLiteral("no FMP API key: add one in Preferences")));
        QVERIFY2(!shown.contains(QStringLiteral("TEARSHEET_")) && !shown.contains(QStringLiteral("--")),
                 qPrintable(shown));
        QCOMPARE(requestsTo(QStringLiteral("/stable/")), 0);
        QVERIFY(panel.downloadButton()->isEnabled()); // add the key, try again
    }

    // The provider's own stop answers, told as what to do about them.
    void providerStopsInPlainWords_data() {
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<QString>("status");
        QTest::newRow("key refused") << QStringLiteral("BADKEY1")
                                     << QStringLiteral("not downloaded: FMP refused the API key: check "
                                                       "it in Preferences");
        QTest::newRow("quota") << QStringLiteral("QUOTA1")
                               << QStringLiteral("not downloaded: FMP's request limit is used up; download "
                                                 "again later to continue");
    }
    void providerStopsInPlainWords() {
        QFETCH(QString, symbol);
        QFETCH(QString, status);
        FundamentalsPanel panel;
        open(panel, {symbol});
        clickDownload(panel);
        QCOMPARE(panel.downloadStatus(symbol), status);
        QVERIFY(!shownText(panel).contains(QStringLiteral("TEARSHEET_")));
    }

    void severalSourcesOfferAChoice() {
        qputenv("TEARSHEET_ALPHAVANTAGE_API_KEY", "testkey");
        FundamentalsPanel panel;
        open(panel, {QStringLiteral("HAND")});
        QComboBox* box = panel.sourceBox();
        QVERIFY(box->isVisibleTo(&panel));
        QCOMPARE(box->count(), 2);
        box->setCurrentIndex(box->findData(QStringLiteral("alphavantage")));
        QCOMPARE(box->currentText(), QStringLiteral("Alpha Vantage"));
        clickDownload(panel);
        QCOMPARE(requestsTo(QStringLiteral("/stable/")), 0);
        QCOMPARE(requestsTo(QStringLiteral("/query")), 4); // four statements, annual
        QCOMPARE(panel.downloadStatus(QStringLiteral("HAND")), QStringLiteral("downloaded 4 statements"));
        QCOMPARE(panel.symbolBox()->currentText(), QStringLiteral("HAND"));
    }

    // Every answer takes 0.3 s: 60 statements four at a time would take 4.5 s.
    void cancelWhileTheEventLoopTurns() {
        m_server.set("fund_delay", 0.3);
        FundamentalsPanel panel;
        QStringList symbols;
        for (int i = 1; i <= 6; ++i)
            symbols << QStringLiteral("C%1").arg(i);
        open(panel, symbols);
        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this,
                [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
        QSignalSpy finished(&panel, &FundamentalsPanel::downloadFinished);
        QSignalSpy loaded(&panel, &FundamentalsPanel::loaded);
        sinceTick.start();
        ticker.start();
        QTest::mouseClick(panel.downloadButton(), Qt::LeftButton);
        QVERIFY(panel.downloading());
        QVERIFY(!panel.downloadButton()->isEnabled());
        QVERIFY(panel.cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(panel.progressBar()->value() >= 1, 10000); // the first answers are in
        QVERIFY(panel.downloading());
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
        QVERIFY(finished.wait(5000));
        ticker.stop();
        QVERIFY2(sinceCancel.elapsed() < 2000, qPrintable(QString::number(sinceCancel.elapsed())));
        QVERIFY2(longestGap < 250,
                 qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(longestGap)));
        QVERIFY(!panel.downloading());
        QVERIFY(panel.downloadButton()->isEnabled());
        QVERIFY(requestsTo(QStringLiteral("/stable/")) < 60);
        QVERIFY(shownText(panel).contains(QStringLiteral("Stopped: cancelled")));
        QVERIFY2(panel.downloadStatus(QStringLiteral("C6")).contains(QStringLiteral("cancelled")),
                 qPrintable(panel.downloadStatus(QStringLiteral("C6"))));
        // What arrived before the cancel is kept and shown.
        QVERIFY(loaded.count() >= 1 || loaded.wait(10000));
        QVERIFY(panel.symbolBox()->count() >= 1);
    }
};

QTEST_MAIN(TestFundamentalsPanel)
#include "test_fundamentals_panel.moc"

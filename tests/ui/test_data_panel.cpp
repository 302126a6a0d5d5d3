// The Data view as a user drives it: the real DataPanel, real downloads through libcurl against
// the loopback provider server, a real SQLite cache. Statuses follow symbols when the workspace's
// list changes, and a download that would shrink a stored history asks before replacing it.

#include "../net/mock_server.h"
#include "cache/price_cache.h"
#include "widgets/data_panel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLocale>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ts;
using ts::ui::DataPanel;

class TestDataPanel : public QObject {
    Q_OBJECT
    test::MockServer m_server;
    QTemporaryDir m_dir;
    int m_n = 0;
    static constexpr int StatusColumn = 7;

    QString freshCache() { return m_dir.filePath(QStringLiteral("cache%1.sqlite").arg(++m_n)); }
    static QString status(const DataPanel& panel, int row) {
        const auto* item = panel.table()->item(row, StatusColumn);
        return item ? item->text() : QString();
    }
    static void chooseProvider(DataPanel& panel, const QString& name) {
        auto* box = panel.findChild<QComboBox*>();
        QVERIFY(box);
        box->setCurrentIndex(box->findData(name));
    }
    // Downloads every listed symbol and waits until something is stored.
    static void downloadAll(DataPanel& panel) {
        QSignalSpy stored(&panel, &DataPanel::downloaded);
        panel.download();
        QVERIFY(stored.wait(30000));
    }
    // Downloads again and waits for the question; QTRY_* returns on failure, hence the out parameter.
    static void downloadUntilAsked(DataPanel& panel, QMessageBox*& box) {
        box = nullptr;
        panel.download();
        QTRY_VERIFY_WITH_TIMEOUT(
            (box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) != nullptr, 30000);
    }
    static QAbstractButton* button(QMessageBox* box, const QString& text) {
        for (auto* b : box->buttons())
            if (b->text() == text) return b;
        return nullptr;
    }
    int fmpRequests(const QString& symbol) {
        int n = 0;
        for (const auto& v : m_server.requestsFor(symbol))
            n += v.toObject().value(QStringLiteral("path")).toString().startsWith(QStringLiteral("/stable/"));
        return n;
    }
    // 40 years of GEN<n> from yahoo in a fresh cache (its path in `path`), then fmp is chosen: it
    // offers five bars of 2024.
    void storeLongHistory(DataPanel& panel, const QString& symbol, QString& path) {
        path = freshCache();
        panel.show();
        panel.setSymbols({symbol}, path);
        chooseProvider(panel, QStringLiteral("yahoo"));
        downloadAll(panel);
        QCOMPARE(status(panel, 0), QStringLiteral("updated, 10437 bars added"));
        chooseProvider(panel, QStringLiteral("fmp"));
    }
    static cache::StoredInstrument stored(const QString& cachePath, const QString& symbol) {
        auto c = cache::PriceCache::open(cachePath, false);
        if (!c) qFatal("%s", qPrintable(c.error().message));
        return *(*c)->instrument(symbol);
    }

private slots:
    void initTestCase() {
        QVERIFY2(m_server.start(), "the loopback provider server did not start");
        const QString config = m_dir.filePath(QStringLiteral("config.json"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"retry": {"max_attempts": 2, "base_seconds": 0.05},
                    "providers": {"yahoo": {"rate_per_minute": 60000, "burst": 50},
                                  "fmp": {"rate_per_minute": 60000, "burst": 50}}})");
        f.close();
        qputenv("TEARSHEET_CONFIG", config.toLocal8Bit());
        qputenv("TEARSHEET_PROVIDERS", "yahoo");
        for (const char* p : {"YAHOO", "FMP", "TIINGO"}) {
            qputenv(qPrintable(QStringLiteral("TEARSHEET_%1_BASE_URL").arg(QString::fromLatin1(p))),
                    m_server.url().toUtf8());
            qputenv(qPrintable(QStringLiteral("TEARSHEET_%1_API_KEY").arg(QString::fromLatin1(p))),
                    "testkey");
        }
    }
    void init() { m_server.reset(); }

    // NOPE must not show what NVDA did on its row; a symbol that stays keeps its status.
    void statusesFollowSymbolsNotRows() {
        DataPanel panel;
        const QString cache = freshCache();
        panel.setSymbols({QStringLiteral("NVDA")}, cache);
        QCOMPARE(status(panel, 0), QStringLiteral("not downloaded"));
        downloadAll(panel);
        QCOMPARE(status(panel, 0), QStringLiteral("updated, 5 bars added"));
        panel.setSymbols({QStringLiteral("AAPL"), QStringLiteral("NVDA"), QStringLiteral("NOPE")}, cache);
        QCOMPARE(panel.table()->rowCount(), 3);
        QCOMPARE(status(panel, 0), QStringLiteral("not downloaded"));
        QCOMPARE(status(panel, 1), QStringLiteral("updated, 5 bars added"));
        QCOMPARE(panel.table()->item(1, 2)->text(), QStringLiteral("5"));
        QCOMPARE(status(panel, 2), QStringLiteral("not downloaded"));
        panel.setSymbols({QStringLiteral("AAPL"), QStringLiteral("NOPE")}, cache);
        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.table()->item(1, 0)->text(), QStringLiteral("NOPE"));
        QCOMPARE(status(panel, 1), QStringLiteral("not downloaded"));
        QCOMPARE(panel.table()->item(1, 2)->text(), QString()); // no bars of NVDA's either
    }

    void uncachedSymbolShowsNotDownloaded() {
        DataPanel panel;
        const QString cache = freshCache();
        panel.setSymbols({QStringLiteral("MSFT")}, cache);
        downloadAll(panel);
        DataPanel fresh; // what a restart shows: stored series are "cached"
        fresh.setSymbols({QStringLiteral("MSFT")}, cache);
        QCOMPARE(status(fresh, 0), QStringLiteral("cached"));
        fresh.setSymbols({QStringLiteral("ORCL")}, cache);
        QCOMPARE(status(fresh, 0), QStringLiteral("not downloaded"));
        fresh.setSymbols({QStringLiteral("MSFT")}, freshCache()); // another cache: nothing stored
        QCOMPARE(status(fresh, 0), QStringLiteral("not downloaded"));
    }

    void downloadSymbolsFetchesOnlyThose() {
        DataPanel panel;
        panel.setSymbols({QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("NOTFOUNDD")},
                         freshCache());
        QSignalSpy finished(&panel, &DataPanel::downloadFinished);
        panel.downloadSymbols({QStringLiteral("MSFT"), QStringLiteral("NOTFOUNDD")});
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toStringList(), QStringList{QStringLiteral("MSFT")});
        QCOMPARE(m_server.requestsFor(QStringLiteral("AAPL")).size(), 0);
        QCOMPARE(status(panel, 0), QStringLiteral("not downloaded"));
        QCOMPARE(status(panel, 1), QStringLiteral("updated, 5 bars added"));
        QVERIFY2(status(panel, 2).contains(QStringLiteral("yahoo: unknown symbol")),
                 qPrintable(status(panel, 2)));
        QCOMPARE(panel.statusText(QStringLiteral("MSFT")), status(panel, 1));
    }

    void refusedShrinkAsksAndReplaceReplaces() {
        DataPanel panel;
        QString path;
        storeLongHistory(panel, QStringLiteral("GEN9"), path);
        const auto before = stored(path, QStringLiteral("GEN9"));
        QSignalSpy storedSpy(&panel, &DataPanel::downloaded);
        QMessageBox* box = nullptr;
        downloadUntilAsked(panel, box);
        QVERIFY(box);
        QCOMPARE(box->text(), QStringLiteral("Replace the stored history of GEN9 (%1 bars %2–2024) with "
                                             "fmp's 5 bars 2024?")
                                  .arg(QLocale().toString(10437))
                                  .arg(before.first.year()));
        QVERIFY(!box->text().contains(QStringLiteral("--"))); // plain words, no command-line flags
        QVERIFY2(status(panel, 0).contains(QStringLiteral("kept the stored history")),
                 qPrintable(status(panel, 0)));
        QCOMPARE(stored(path, QStringLiteral("GEN9")).bars, 10437); // nothing replaced while asking
        QAbstractButton* replace = button(box, QStringLiteral("Replace"));
        QVERIFY(replace);
        replace->click();
        QVERIFY(storedSpy.wait(30000));
        const auto after = stored(path, QStringLiteral("GEN9"));
        QCOMPARE(after.provider, QStringLiteral("fmp"));
        QCOMPARE(after.bars, 5);
        QCOMPARE(fmpRequests(QStringLiteral("GEN9")), 2); // the refused offer, then the replacement
        QCOMPARE(status(panel, 0), QStringLiteral("updated, 5 bars added"));
    }

    void refusedShrinkKeptWhenTheUserSaysKeep() {
        DataPanel panel;
        QString path;
        storeLongHistory(panel, QStringLiteral("GEN10"), path);
        const auto before = stored(path, QStringLiteral("GEN10"));
        QMessageBox* box = nullptr;
        downloadUntilAsked(panel, box);
        QVERIFY(box);
        QAbstractButton* keep = button(box, QStringLiteral("Keep"));
        QVERIFY(keep);
        keep->click();
        QTRY_VERIFY(QApplication::activeModalWidget() == nullptr);
        QTest::qWait(300); // a replacement, if one were started, would have asked fmp by now
        QVERIFY(!panel.running());
        QCOMPARE(fmpRequests(QStringLiteral("GEN10")), 1);
        const auto after = stored(path, QStringLiteral("GEN10"));
        QCOMPARE(after.provider, QStringLiteral("yahoo"));
        QCOMPARE(after.bars, before.bars);
        QCOMPARE(after.first, before.first);
        QCOMPARE(after.last, before.last);
        QVERIFY(status(panel, 0).contains(QStringLiteral("kept the stored history")));
    }
};

QTEST_MAIN(TestDataPanel)
#include "test_data_panel.moc"

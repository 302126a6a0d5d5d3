// The workspace as a document, driven as a user would through the real window (offscreen): a
// portfolio typed into a New workspace, downloaded and computed; undo/redo of each kind of edit; the
// save prompt before New, Open and Quit with each answer; the demo and the user's files never
// overwritten; crash recovery after a SIGKILL of a real window process; Normalise then Compute.
// Dialogs are answered the way a user would: the modal box that opens is found and its button
// clicked.

#include "document/recovery_file.h"
#include "document/workspace_document.h"
#include "models/metrics_table_model.h"
#include "widgets/chart_view.h"
#include "widgets/data_panel.h"
#include "widgets/main_window.h"
#include "widgets/workspace_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QColorDialog>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>
#include <cmath>
#include <functional>
#include <signal.h>

using namespace ts;
using namespace ts::ui;

namespace {

const char* kChildEnv = "TS_RECOVERY_CHILD";

// The scripted walk (tests/ui/desktop_walk.sh runs this test under Xvfb on the xcb platform):
// with TEARSHEET_SCREENSHOTS set, the screen is saved at each step of the flows.
void snap(const QString& name) {
    const QString dir = qEnvironmentVariable("TEARSHEET_SCREENSHOTS");
    if (dir.isEmpty()) return;
    QTest::qWait(300); // the window paints what the step changed
    QGuiApplication::primaryScreen()->grabWindow(0).save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Answers the next modal dialog that `act` takes (it returns false for one it leaves to another
// answer, e.g. the file dialog that follows a message box). Gives up after 20 s.
void whenModal(std::function<bool(QWidget*)> act) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    auto* deadline = new QElapsedTimer;
    deadline->start();
    QObject::connect(timer, &QTimer::timeout, [timer, act, deadline] {
        QWidget* w = QApplication::activeModalWidget();
        if (deadline->elapsed() > 20000 || (w && act(w))) {
            timer->stop();
            timer->deleteLater();
            delete deadline;
        }
    });
    timer->start();
}

void clickBox(QMessageBox::StandardButton which, const QString& shot = {}) {
    whenModal([which, shot](QWidget* w) {
        auto* box = qobject_cast<QMessageBox*>(w);
        if (!box || !box->button(which)) return false;
        if (!shot.isEmpty()) snap(shot);
        box->button(which)->click();
        return true;
    });
}

void clickBoxText(const QString& text, const QString& shot = {}) {
    whenModal([text, shot](QWidget* w) {
        auto* box = qobject_cast<QMessageBox*>(w);
        if (!box) return false;
        if (!shot.isEmpty()) snap(shot);
        for (QAbstractButton* b : box->buttons())
            if (b->text() == text) {
                b->click();
                return true;
            }
        return false;
    });
}

// The save dialog answered with `path` (or cancelled when empty); `proposed` gets what it offered.
void answerSaveDialog(const QString& path, QString* proposed = nullptr) {
    whenModal([path, proposed](QWidget* w) {
        auto* dialog = qobject_cast<QFileDialog*>(w);
        if (!dialog) return false;
        if (proposed) *proposed = dialog->selectedFiles().value(0);
        if (path.isEmpty()) {
            dialog->reject();
        } else {
            // Typed into the name field and confirmed, as a user would.
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (!name) return false;
            name->setText(path);
            QTest::keyClick(name, Qt::Key_Return);
        }
        return true;
    });
}

void typeInto(QWidget* editor, const QString& text) {
    QVERIFY(editor);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::sendPostedEvents(); // item views commit an editor's text in a queued call
}

// Edits a holdings cell through its editor, as a double-click and typing would.
void editCell(QTableWidget* t, int row, int column, const QString& text) {
    // After a dialog closed, the window gets the focus back in its own time.
    t->window()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(t->window()));
    t->setCurrentCell(row, column);
    t->editItem(t->item(row, column));
    auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
    QVERIFY2(editor, "no cell editor");
    editor->selectAll();
    typeInto(editor, text);
}

// The next message box's text, then Close.
void readAndClose(QString* text) {
    whenModal([text](QWidget* d) {
        auto* box = qobject_cast<QMessageBox*>(d);
        if (!box) return false;
        *text = box->text();
        box->button(QMessageBox::Close)->click();
        return true;
    });
}

// Right-click on a list row and choose `text` from its menu, by keyboard as a user could.
void contextAction(QListWidget* list, int row, const QString& text) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, text] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu) return;
        timer->stop();
        timer->deleteLater();
        for (QAction* a : menu->actions())
            if (a->text() == text) menu->setActiveAction(a);
        QTest::keyClick(menu, Qt::Key_Return);
    });
    timer->start();
    const QPoint at = list->visualItemRect(list->item(row)).center();
    QContextMenuEvent e(QContextMenuEvent::Mouse, at, list->viewport()->mapToGlobal(at));
    QApplication::sendEvent(list->viewport(), &e);
    QCoreApplication::sendPostedEvents();
}

QByteArray requestJson(const MainWindow& w) {
    return QJsonDocument(reportConfigJson({w.request()})).toJson(QJsonDocument::Compact);
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestWorkspaceDocument : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_prices;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A workspace over the bundled demo prices in a cache of its own, with nothing downloaded.
    QString writeWorkspace(const QString& name, double nvda = 0.5) {
        const QJsonObject w{{QStringLiteral("reports"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("name"), QStringLiteral("mine")},
                                 {QStringLiteral("cache"), path(QStringLiteral("cache.sqlite"))},
                                 {QStringLiteral("strategies"),
                                  QJsonArray{QJsonObject{{QStringLiteral("portfolio"),
                                                          QJsonObject{{QStringLiteral("NVDA"), nvda},
                                                                      {QStringLiteral("ORCL"), 1 - nvda}}},
                                                         {QStringLiteral("name"), QStringLiteral("Mine")}}}},
                                 {QStringLiteral("benchmark"),
                                  QJsonObject{{QStringLiteral("symbol"), QStringLiteral("YHOO")}}}}}}};
        const QString p = path(name);
        writeFile(p, QJsonDocument(w).toJson());
        return p;
    }

    void activate(MainWindow& w) {
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings().clear(); // no window geometry, recent files or last document from an earlier run
        // The "file" provider serves the bundled demo prices: a real download into a real cache.
        m_prices = path(QStringLiteral("prices"));
        QDir().mkpath(m_prices);
        for (const char* n : {"nvda.csv", "orcl.csv", "yhoo.csv"})
            QVERIFY(QFile::copy(QStringLiteral(TEARSHEET_SOURCE_DIR "/data/demo/") + QString::fromLatin1(n),
                                QDir(m_prices).filePath(QString::fromLatin1(n))));
        Settings s;
        s.cachePath = path(QStringLiteral("cache.sqlite"));
        s.providerOrder = {QStringLiteral("file")};
        s.providers[QStringLiteral("file")].baseUrl = m_prices;
        QVERIFY(s.save(path(QStringLiteral("config.json"))).ok());
        qputenv("TEARSHEET_CONFIG", path(QStringLiteral("config.json")).toLocal8Bit());
    }

    void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); }

    void portfolioTypedInANewWorkspace() {
        MainWindow w;
        activate(w);
        QVERIFY(w.newWorkspace());
        QVERIFY(w.request().strategies.empty());
        WorkspacePanel* panel = w.workspacePanel();
        QTableWidget* holdings = w.holdingsTable();
        QVERIFY(holdings->isEnabled());
        // Three tickers typed as a user would; Add proposes the weight that is left.
        for (const char* symbol : {"nvda", "orcl", "yhoo"}) {
            QTest::mouseClick(panel->addHoldingButton(), Qt::LeftButton);
            typeInto(QApplication::focusWidget(), QString::fromLatin1(symbol));
        }
        QCOMPARE(w.request().strategies.size(), std::size_t(1));
        const auto& made = w.request().strategies.front().portfolio.holdings;
        QCOMPARE(made.size(), std::size_t(3));
        QCOMPARE(made[0].symbol, QStringLiteral("NVDA"));
        QCOMPARE(made[2].symbol, QStringLiteral("YHOO"));
        snap(QStringLiteral("desktop-new-portfolio"));
        // The Data view follows the edits: the three typed symbols, none downloaded yet.
        QTableWidget* data = w.dataPanel()->table();
        QTRY_COMPARE(data->rowCount(), 3);
        QCOMPARE(data->item(1, 0)->text(), QStringLiteral("ORCL"));
        QVERIFY2(data->item(1, 7)->text().contains(QStringLiteral("not downloaded")),
                 qPrintable(data->item(1, 7)->text()));
        // Weights typed as percentages, then scaled to 100% by Normalise.
        for (int r = 0; r < 3; ++r)
            editCell(holdings, r, 1, QStringLiteral("50%"));
        QSignalSpy failed(&w, &MainWindow::computeFailed), computed(&w, &MainWindow::computed);
        w.recompute();
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.last().first().toString().contains(QStringLiteral("150.00%")),
                 qPrintable(failed.last().first().toString()));
        QTest::mouseClick(panel->normaliseButton(), Qt::LeftButton);
        // Not downloaded yet: the error offers the download where it appears.
        w.recompute();
        QCOMPARE(failed.count(), 2);
        const QString missing = failed.last().first().toString();
        QVERIFY2(missing.contains(QStringLiteral("NVDA, ORCL, YHOO")) &&
                     !missing.contains(QStringLiteral("tearsheet-cli")),
                 qPrintable(missing));
        auto* download = w.findChild<QPushButton*>(QStringLiteral("downloadMissing"));
        QVERIFY(download && download->isVisible());
        snap(QStringLiteral("desktop-not-downloaded"));
        QTest::mouseClick(download, Qt::LeftButton);
        QVERIFY2(computed.wait(60000), qPrintable(failed.last().first().toString()));
        QCOMPARE(w.report()->analysis.metrics.table.columns.size(), std::size_t(1));
        QVERIFY(data->item(0, 2)->text().toInt() > 3000); // NVDA's bars, now in the cache
        QVERIFY(!download->isVisible());
        w.tabWidget()->setCurrentIndex(0);
        snap(QStringLiteral("desktop-overview"));
        w.tabWidget()->setCurrentIndex(5);
        snap(QStringLiteral("desktop-data"));
        // The title follows the contents until the user sets one.
        QCOMPARE(w.report()->title, QStringLiteral("Portfolio"));
    }

    void normaliseThenComputeSucceeds() {
        MainWindow w;
        activate(w);
        QSignalSpy computed(&w, &MainWindow::computed), failed(&w, &MainWindow::computeFailed);
        QVERIFY(w.openWorkspace(writeWorkspace(QStringLiteral("normalise.json"))));
        QVERIFY(computed.wait(60000));
        // 0.5/0.3/0.3 normalised to 0.454545…: the cells are rounded, the weights are not.
        QTableWidget* holdings = w.holdingsTable();
        editCell(holdings, 1, 1, QStringLiteral("0.3"));
        QTest::mouseClick(w.workspacePanel()->addHoldingButton(), Qt::LeftButton);
        typeInto(QApplication::focusWidget(), QStringLiteral("YHOO"));
        editCell(holdings, 2, 1, QStringLiteral("0.3"));
        QTest::mouseClick(w.workspacePanel()->normaliseButton(), Qt::LeftButton);
        QCOMPARE(holdings->item(0, 1)->text(), QStringLiteral("0.454545"));
        w.recompute();
        QVERIFY2(computed.wait(60000), failed.isEmpty() ? "" : qPrintable(failed.last().first().toString()));
        QCOMPARE(failed.count(), 0);
        const auto& h = w.request().strategies.front().portfolio.holdings;
        QCOMPARE(h.size(), std::size_t(3));
        QCOMPARE(h[0].weight, 0.5 / 1.1);
        QVERIFY(std::abs(h[0].weight + h[1].weight + h[2].weight - 1.0) < 1e-12);
    }

    void periodsFollowTheDatesAndWarn() {
        // Monthly returns with no periods in the workspace: the box says auto, the status the frequency.
        const QJsonObject ws{
            {QStringLiteral("reports"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("name"), QStringLiteral("monthly")},
                 {QStringLiteral("cache"), path(QStringLiteral("cache.sqlite"))},
                 {QStringLiteral("strategies"),
                  QJsonArray{QJsonObject{{QStringLiteral("returns"),
                                          QStringLiteral(TEARSHEET_TEST_DATA "/strat_a_monthly.csv")}}}}}}}};
        writeFile(path(QStringLiteral("monthly.json")), QJsonDocument(ws).toJson());
        MainWindow w;
        activate(w);
        QSignalSpy computed(&w, &MainWindow::computed);
        QVERIFY(w.openWorkspace(path(QStringLiteral("monthly.json"))));
        QVERIFY(computed.wait(60000));
        auto* periods = w.findChild<QSpinBox*>(QStringLiteral("periods"));
        QVERIFY(periods);
        QCOMPARE(periods->text(), QStringLiteral("auto (from the dates)"));
        QString status = w.statusBar()->toolTip();
        QVERIFY2(status.contains(QStringLiteral("monthly, 12 periods a year")) &&
                     !status.contains(QStringLiteral("Warning")),
                 qPrintable(status));
        // 252 typed over monthly dates: kept (the user chose it), and the status warns first.
        periods->setValue(252);
        QVERIFY(w.request().metrics.periodsExplicit);
        w.recompute();
        QVERIFY(computed.wait(60000));
        status = w.statusBar()->toolTip();
        QVERIFY2(status.startsWith(
                     QStringLiteral("Warning: 252 periods a year were set, but the dates are monthly")),
                 qPrintable(status));
        // Back to auto: detection again, no warning.
        periods->setValue(0);
        QVERIFY(!w.request().metrics.periodsExplicit);
        w.recompute();
        QVERIFY(computed.wait(60000));
        QVERIFY2(!w.statusBar()->toolTip().contains(QStringLiteral("Warning")),
                 qPrintable(w.statusBar()->toolTip()));
        w.document()->undoStack()->setIndex(0);
    }

    void viewsFollowTheWorkspace() {
        MainWindow w;
        activate(w);
        QSignalSpy computed(&w, &MainWindow::computed);
        QVERIFY(w.openWorkspace(writeWorkspace(QStringLiteral("views.json"))));
        QVERIFY(computed.wait(60000));
        // Columns carry the strategies' names; QuantStats' groups are marked.
        MetricsTableModel* m = w.metricsModel();
        QCOMPARE(m->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Mine"));
        QCOMPARE(m->headerData(2, Qt::Horizontal).toString(), QStringLiteral("YHOO (benchmark)"));
        int groups = 0;
        for (int r = 0; r < m->rowCount(); ++r)
            groups += m->index(r, 1).data(MetricsTableModel::GroupStartRole).toBool();
        QVERIFY2(groups >= 5, qPrintable(QString::number(groups)));
        // Explain shows the value as the table formats it, and follows the next result.
        auto* view = w.findChild<QTableView*>(QStringLiteral("metricsView"));
        auto selectSharpe = [&] {
            for (int r = 0; r < view->model()->rowCount(); ++r)
                if (view->model()->index(r, 0).data(MetricsTableModel::KeyRole).toString() ==
                    QLatin1String("sharpe"))
                    return view->model()->index(r, 1);
            return QModelIndex();
        };
        view->setCurrentIndex(selectSharpe());
        const QString shown = selectSharpe().data().toString();
        w.tabWidget()->setCurrentIndex(2);
        snap(QStringLiteral("desktop-metrics"));
        QVERIFY2(w.explanation().contains(QStringLiteral("Mine: ") + shown), qPrintable(w.explanation()));
        // The Drawdowns view shades the selected episode on its own charts.
        w.tabWidget()->setCurrentIndex(3);
        w.drawdownsView()->selectRow(0);
        QVERIFY(w.drawdownCumulativeView() && w.drawdownCumulativeView()->hasHighlight());
        QVERIFY(w.tabWidget()->currentWidget()->isAncestorOf(w.drawdownCumulativeView()));
        QVERIFY(w.drawdownCumulativeView()->isVisible());
        snap(QStringLiteral("desktop-drawdowns"));
        // The period picker: three years counted back from the data's last date, undoable.
        const QDate end = w.report()->end;
        QComboBox* period = w.workspacePanel()->periodBox();
        QCOMPARE(period->currentText(), QStringLiteral("All"));
        period->setFocus();
        for (int i = 0; i < 3; ++i) // All → YTD → 1 year → 3 years, each computed as chosen
            QTest::keyClick(period, Qt::Key_Down);
        QCOMPARE(period->currentText(), QStringLiteral("3 years"));
        QVERIFY(computed.wait(60000));
        QVERIFY2(w.report()->start >= end.addYears(-3) && w.report()->start <= end.addYears(-3).addDays(7),
                 qPrintable(w.report()->start.toString(Qt::ISODate)));
        QCOMPARE(w.report()->end, end);
        QCOMPARE(w.request().start, end.addYears(-3).addDays(1));
        w.tabWidget()->setCurrentIndex(1);
        snap(QStringLiteral("desktop-charts"));
        w.tabWidget()->setCurrentIndex(4);
        snap(QStringLiteral("desktop-calendar"));
        w.tabWidget()->setCurrentIndex(6);
        snap(QStringLiteral("desktop-fundamentals"));
        // Explain followed the new result: the same metric, the new value.
        QVERIFY2(w.explanation().contains(QStringLiteral("Mine: ") + selectSharpe().data().toString()),
                 qPrintable(w.explanation()));
        w.tabWidget()->setFocus();
        // Each period chosen is one step back (YTD and 1 year may be the same dates: one step).
        for (int i = 0; i < 3 && w.request().start.isValid(); ++i)
            QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!w.request().start.isValid());
        QCOMPARE(period->currentText(), QStringLiteral("All"));
        // A 40-year CSV next to the 16-year portfolio is cut, and the window says so.
        w.addCsvStrategy(QStringLiteral(TEARSHEET_TEST_DATA "/oracle/data/strat_40y.csv"));
        QVERIFY(computed.wait(60000));
        const QString status = w.statusBar()->toolTip(); // the message in full
        QVERIFY2(status.contains(QStringLiteral("Cut to the dates all series share")) &&
                     status.contains(QStringLiteral("strat_40y runs 1985-01-01")) &&
                     status.contains(QStringLiteral("the window starts with Mine")),
                 qPrintable(status));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("headline"))
                    ->text()
                    .contains(QStringLiteral("Cut to the dates")));
        w.document()->undoStack()->setIndex(0);
    }

    void menusAndShortcuts() {
        MainWindow w;
        activate(w);
        QStringList menus;
        for (QAction* m : w.menuBar()->actions())
            menus << m->text().remove(QLatin1Char('&'));
        QCOMPARE(menus,
                 (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("View"),
                              QStringLiteral("Data"), QStringLiteral("Analysis"), QStringLiteral("Help")}));
        // Explicit keys, so they work without a desktop environment; tooltips teach them.
        const std::pair<const char*, QKeySequence> keys[] = {
            {"save", QKeySequence(Qt::CTRL | Qt::Key_S)},
            {"saveAs", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
            {"preferences", QKeySequence(Qt::CTRL | Qt::Key_Comma)},
            {"undo", QKeySequence(Qt::CTRL | Qt::Key_Z)},
            {"quit", QKeySequence(Qt::CTRL | Qt::Key_Q)},
            {"help", QKeySequence(Qt::Key_F1)}};
        for (const auto& [name, key] : keys) {
            QAction* a = w.action(QString::fromLatin1(name));
            QVERIFY2(a && a->shortcut() == key, name);
            QVERIFY2(a->toolTip().contains(key.toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
        }
        for (QAction* m : w.menuBar()->actions())
            for (QAction* a : m->menu()->actions())
                if (!a->shortcut().isEmpty())
                    QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)),
                             qPrintable(a->text()));
        // Ctrl+1…7 switch the views.
        for (int i = 0; i < w.tabWidget()->count(); ++i) {
            QTest::keyClick(&w, static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(w.tabWidget()->currentIndex(), i);
        }
        // F1 opens the quick help; About names the versions of what the app runs on.
        QString help, about;
        readAndClose(&help);
        QTest::keyClick(&w, Qt::Key_F1);
        QVERIFY2(help.contains(QStringLiteral("F5")), qPrintable(help));
        readAndClose(&about);
        w.action(QStringLiteral("about"))->trigger();
        for (const QString& part : {QStringLiteral(TEARSHEET_VERSION), QString::fromLatin1(qVersion()),
                                    QStringLiteral("SQLite 3."), QStringLiteral("libcurl 7.")})
            QVERIFY2(about.contains(part), qPrintable(about));
    }

    void undoAndRedoEachKindOfEdit() {
        MainWindow w;
        activate(w);
        QVERIFY(w.openWorkspace(writeWorkspace(QStringLiteral("undo.json"))));
        WorkspacePanel* panel = w.workspacePanel();
        struct Edit {
            const char* what;
            std::function<void()> make;
            std::function<bool()> shows; // the editor shows the edit
        };
        const std::vector<Edit> edits = {
            {"holding",
             [&] {
                 QTest::mouseClick(panel->addHoldingButton(), Qt::LeftButton);
                 typeInto(QApplication::focusWidget(), QStringLiteral("AAPL"));
             },
             [&] { return w.holdingsTable()->rowCount() == 3; }},
            {"weight", [&] { editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.7")); },
             [&] { return w.holdingsTable()->item(0, 1)->text() == QLatin1String("0.7"); }},
            {"name",
             [&] {
                 QListWidget* list = panel->strategiesList();
                 list->editItem(list->item(0));
                 auto* e = qobject_cast<QLineEdit*>(QApplication::focusWidget());
                 QVERIFY(e);
                 e->selectAll();
                 typeInto(e, QStringLiteral("Renamed"));
             },
             [&] { return panel->strategiesList()->item(0)->text() == QLatin1String("Renamed"); }},
            {"benchmark",
             [&] {
                 panel->benchmarkEdit()->setFocus();
                 panel->benchmarkEdit()->selectAll();
                 typeInto(panel->benchmarkEdit(), QStringLiteral("spy"));
             },
             [&] { return panel->benchmarkEdit()->text() == QLatin1String("SPY"); }},
            {"rf",
             [&] {
                 panel->rfBox()->setFocus();
                 panel->rfBox()->selectAll();
                 typeInto(panel->rfBox(), QStringLiteral("2.5"));
             },
             [&] { return panel->rfBox()->value() == 2.5; }},
            {"title",
             [&] {
                 panel->titleEdit()->setFocus();
                 typeInto(panel->titleEdit(), QStringLiteral("My title"));
             },
             [&] { return panel->titleEdit()->text() == QLatin1String("My title"); }},
            {"strategy",
             [&] {
                 panel->addSymbolEdit()->setFocus();
                 typeInto(panel->addSymbolEdit(), QStringLiteral("msft"));
             },
             [&] { return panel->strategiesList()->count() == 2; }},
            {"normalise", [&] { QTest::mouseClick(panel->normaliseButton(), Qt::LeftButton); },
             [&] { return w.holdingsTable()->item(0, 1)->text() != QLatin1String("0.7"); }},
            {"colour",
             [&] {
                 whenModal([](QWidget* d) {
                     auto* dialog = qobject_cast<QColorDialog*>(d);
                     if (!dialog) return false;
                     dialog->setCurrentColor(QColor(0x12, 0x34, 0x56));
                     QMetaObject::invokeMethod(dialog, "accept");
                     return true;
                 });
                 contextAction(panel->strategiesList(), 1, QStringLiteral("Colour…"));
             },
             [&] {
                 return panel->strategiesList()->item(1)->foreground().color() == QColor(0x12, 0x34, 0x56);
             }},
            {"rebalancing",
             [&] {
                 auto* rule = panel->findChild<QComboBox*>(QStringLiteral("rebalance"));
                 rule->setFocus();
                 QTest::keyClick(rule, Qt::Key_Down);
             },
             [&] { return panel->findChild<QComboBox*>(QStringLiteral("rebalance"))->currentIndex() == 1; }},
            {"first date",
             [&] {
                 auto* start = panel->findChild<QLineEdit*>(QStringLiteral("startDate"));
                 start->setFocus();
                 typeInto(start, QStringLiteral("2005-01-03"));
             },
             [&] {
                 return panel->findChild<QLineEdit*>(QStringLiteral("startDate"))->text() ==
                        QLatin1String("2005-01-03");
             }},
            {"benchmark from a strategy",
             [&] { contextAction(panel->strategiesList(), 1, QStringLiteral("Use as benchmark")); },
             [&] {
                 return panel->strategiesList()->count() == 1 &&
                        panel->benchmarkEdit()->text() == QLatin1String("MSFT");
             }},
            {"remove", [&] { contextAction(panel->strategiesList(), 0, QStringLiteral("Remove")); },
             [&] { return panel->strategiesList()->count() == 0; }},
        };
        // Make them all first (each one step), then undo them one by one and redo them all.
        editCell(w.holdingsTable(), 1, 1, QStringLiteral("0.2")); // AAPL gets the 0.3 left; NVDA 0.7 then
        std::vector<QByteArray> states{requestJson(w)};
        for (const auto& e : edits) {
            e.make();
            QVERIFY2(e.shows(), e.what);
            QVERIFY2(requestJson(w) != states.back(), e.what);
            states.push_back(requestJson(w));
        }
        QVERIFY(w.isWindowModified());
        QVERIFY(w.windowTitle().contains(QStringLiteral("undo.json")));
        w.activateWindow(); // shortcuts go to the active window; a menu just closed
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.tabWidget()->setFocus(); // a text field's own Ctrl+Z would undo its text instead
        for (std::size_t i = edits.size(); i-- > 0;) {
            QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
            QVERIFY2(requestJson(w) == states[i],
                     (QByteArray(edits[i].what) + "\n" + requestJson(w) + "\n" + states[i]).constData());
            QVERIFY2(!edits[i].shows() || std::string(edits[i].what) == "normalise", edits[i].what);
        }
        QVERIFY(w.isWindowModified()); // the 0.2 edit is still there
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!w.isWindowModified()); // back where the file was
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        for (std::size_t i = 0; i < edits.size(); ++i) {
            QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY2(requestJson(w) == states[i + 1], edits[i].what);
        }
        QVERIFY2(w.action(QStringLiteral("undo"))->text().contains(QStringLiteral("Remove Renamed")),
                 qPrintable(w.action(QStringLiteral("undo"))->text()));
        w.document()->undoStack()->setIndex(0); // closing without a prompt
    }

    void savePromptBeforeNewOpenAndQuit() {
        const QString file = writeWorkspace(QStringLiteral("prompt.json"));
        const QByteArray original = readAll(file);
        MainWindow w;
        activate(w);
        QVERIFY(w.openWorkspace(file));
        editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.6"));
        QVERIFY(w.isWindowModified());
        // New → Cancel: nothing changes.
        clickBox(QMessageBox::Cancel, QStringLiteral("desktop-save-prompt"));
        QVERIFY(!w.newWorkspace());
        QCOMPARE(w.document()->path(), QFileInfo(file).absoluteFilePath());
        QVERIFY(w.isWindowModified());
        // Open → Discard: the other file opens, this one is untouched.
        const QString other = writeWorkspace(QStringLiteral("other.json"), 0.3);
        clickBox(QMessageBox::Discard);
        QVERIFY(w.openWorkspace(other));
        QCOMPARE(w.document()->path(), QFileInfo(other).absoluteFilePath());
        QCOMPARE(readAll(file), original);
        // New → Save: written to its own file first.
        editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.4"));
        clickBox(QMessageBox::Save);
        QVERIFY(w.newWorkspace());
        QVERIFY(readAll(other).contains("0.4"));
        // An untitled workspace: Save asks for a file.
        panelAdd(w, QStringLiteral("NVDA"));
        clickBox(QMessageBox::Save);
        answerSaveDialog(path(QStringLiteral("untitled-saved.json")));
        QVERIFY(w.openWorkspace(file));
        QVERIFY(readAll(path(QStringLiteral("untitled-saved.json"))).contains("NVDA"));
        // Quit → Cancel keeps the window; Quit → Discard closes it without writing.
        editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.9"));
        clickBox(QMessageBox::Cancel);
        w.action(QStringLiteral("quit"))->trigger();
        QVERIFY(w.isVisible());
        clickBox(QMessageBox::Discard);
        w.action(QStringLiteral("quit"))->trigger();
        QVERIFY(!w.isVisible());
        QCOMPARE(readAll(file), original);
    }

    void demoAndUserFilesAreNeverOverwritten() {
        const QString file = writeWorkspace(QStringLiteral("precious.json"));
        const QByteArray original = readAll(file);
        {
            MainWindow w;
            activate(w);
            QSignalSpy computed(&w, &MainWindow::computed);
            QVERIFY(w.openWorkspace(file));
            QVERIFY(computed.wait(60000));
            w.openDemo();
            QVERIFY(computed.wait(60000));
            QVERIFY(w.document()->path().isEmpty()); // an untitled copy of the template
            QVERIFY(w.windowTitle().contains(QStringLiteral("Demo")));
            editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.5"));
            // Save proposes the user's documents, never the demo's folder, and refuses the latter.
            QString proposed;
            answerSaveDialog(QString(), &proposed);
            QVERIFY(!w.save());
            QVERIFY2(proposed.startsWith(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)),
                     qPrintable(proposed));
            const QString demoDir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                                        .filePath(QStringLiteral("demo"));
            answerSaveDialog(QDir(demoDir).filePath(QStringLiteral("mine.json")));
            QVERIFY(!w.save());
            QVERIFY(!QFile::exists(QDir(demoDir).filePath(QStringLiteral("mine.json"))));
            QVERIFY(!QFile::exists(QDir(demoDir).filePath(QStringLiteral("demo-workspace.json"))));
            // The demo again after Discard: the user's file is still what they saved.
            clickBox(QMessageBox::Discard);
            w.openDemo();
            QVERIFY(computed.wait(60000));
            QCOMPARE(readAll(file), original);
            w.openWorkspace(file); // the last document
        }
        // A restart reopens the last document, not the demo.
        MainWindow again;
        again.start({});
        QCOMPARE(again.document()->path(), QFileInfo(file).absoluteFilePath());
        QCOMPARE(readAll(file), original);
    }

    void recoveryAfterSigkill() {
        const QString file = writeWorkspace(QStringLiteral("crash.json"));
        const QByteArray original = readAll(file);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildEnv), file);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += child.readAllStandardOutput()).contains("edited") ||
                                      child.state() == QProcess::NotRunning,
                                  "the child window did not start", 60000);
        QVERIFY2(out.contains("edited"), (out + child.readAllStandardError()).constData());
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished());
        QCOMPARE(readAll(file), original); // the crash wrote nothing to the user's file
        MainWindow w;
        activate(w);
        clickBoxText(QStringLiteral("Restore"), QStringLiteral("desktop-recovery"));
        w.start({});
        QCOMPARE(w.document()->path(), QFileInfo(file).absoluteFilePath());
        QVERIFY(w.document()->isModified());
        QVERIFY(w.isWindowModified());
        QCOMPARE(w.request().strategies.front().portfolio.holdings.front().weight, 0.25);
        // Saved now: the recovery is gone and the next start offers nothing.
        QVERIFY(w.save());
        QVERIFY(readAll(file).contains("0.25"));
        QVERIFY(orphanedRecoveries({}).empty());
    }

private:
    static void panelAdd(MainWindow& w, const QString& symbol) {
        w.workspacePanel()->addSymbolEdit()->setFocus();
        typeInto(w.workspacePanel()->addSymbolEdit(), symbol);
    }
};

// The child of recoveryAfterSigkill: a real window that opens the workspace, makes one edit through
// the holdings table and says so; then it waits to be killed.
static int recoveryChild(const QString& workspace) {
    QStandardPaths::setTestModeEnabled(true);
    MainWindow w;
    w.show();
    w.activateWindow();
    if (!QTest::qWaitForWindowActive(&w) || !w.openWorkspace(workspace)) return 3;
    QTimer::singleShot(100, &w, [&w] {
        editCell(w.holdingsTable(), 0, 1, QStringLiteral("0.25"));
        QTimer::singleShot(0, [] {
            QFile out;
            out.open(stdout, QIODevice::WriteOnly);
            out.write(QFile::exists(QDir(recoveryDir())
                                        .filePath(QString::number(QCoreApplication::applicationPid()) +
                                                  QStringLiteral(".json")))
                          ? "edited\n"
                          : "no recovery file\n");
            out.flush();
        });
    });
    return QApplication::exec();
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("TearsheetDocumentTest"));
    if (const QString child = qEnvironmentVariable(kChildEnv); !child.isEmpty()) return recoveryChild(child);
    TestWorkspaceDocument test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "test_workspace_document.moc"

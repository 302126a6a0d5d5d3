// The window's menus, toolbar and shortcuts. Every action lives in a menu with its shortcut shown;
// shortcuts are explicit key combinations, not platform "standard keys", which are empty without a
// desktop environment (Save As and Preferences were dead under a bare X server).

#include "cache/sqlite_db.h"
#include "document/workspace_document.h"
#include "jobs/analysis_job.h"
#include "jobs/download_job.h"
#include "models/metrics_table_model.h"
#include "net/curl_library.h"
#include "widgets/data_panel.h"
#include "widgets/main_window.h"
#include "widgets/preferences_dialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

namespace ts::ui {

void MainWindow::buildActions() {
    auto* tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolbar"));
    QMenu* menu = nullptr;
    auto add = [&](const QString& name, const QString& text, QList<QKeySequence> keys, auto fn,
                   bool toolbar = false) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        // Tooltips and the toolbar show the shortcut, so it can be learnt where it is used.
        const QString plain = QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
        a->setToolTip(keys.isEmpty()
                          ? plain
                          : tr("%1 (%2)").arg(plain, keys.first().toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, fn);
        menu->addAction(a);
        addAction(a); // shortcuts work while the menu bar is hidden too
        if (toolbar) tb->addAction(a);
        return a;
    };
    using K = QKeySequence;

    menu = menuBar()->addMenu(tr("&File"));
    add(
        QStringLiteral("new"), tr("&New"), {K(Qt::CTRL | Qt::Key_N)}, [this] { newWorkspace(); }, true);
    add(
        QStringLiteral("open"), tr("&Open…"), {K(Qt::CTRL | Qt::Key_O)},
        [this] {
            if (!maybeSave()) return;
            QFileDialog dialog(this, tr("Open workspace"), {}, tr("Workspaces (*.json)"));
            dialog.setOption(QFileDialog::DontUseNativeDialog);
            if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
                openWorkspace(dialog.selectedFiles().first());
        },
        true);
    add(
        QStringLiteral("demo"), tr("Open &demo"), {K(Qt::CTRL | Qt::Key_D)}, [this] { openDemo(); }, true);
    m_recent = menu->addMenu(tr("Open &recent"));
    rememberRecent({});
    menu->addSeparator();
    add(
        QStringLiteral("save"), tr("&Save"), {K(Qt::CTRL | Qt::Key_S)}, [this] { save(); }, true);
    add(QStringLiteral("saveAs"), tr("Save &as…"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
        [this] { saveAs(); });
    add(QStringLiteral("revert"), tr("Re&vert"), {}, [this] { revert(); });
    menu->addSeparator();
    add(
        QStringLiteral("exportReport"), tr("&Export report…"), {K(Qt::CTRL | Qt::Key_E)},
        [this] {
            const QString path =
                QFileDialog::getSaveFileName(this, tr("Export report"), {}, tr("Reports (*.pdf *.html)"));
            if (!path.isEmpty()) exportReport(path);
        },
        true);
    add(QStringLiteral("exportTable"), tr("Export &table…"), {}, [this] {
        if (!m_report) return;
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export the table of this view"), {}, tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportTable(path);
    });
    menu->addSeparator();
    add(QStringLiteral("quit"), tr("&Quit"), {K(Qt::CTRL | Qt::Key_Q)}, [this] { close(); });

    menu = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = add(QStringLiteral("undo"), tr("&Undo"), {K(Qt::CTRL | Qt::Key_Z)},
                        [this] { m_doc->undoStack()->undo(); });
    QAction* redo = add(QStringLiteral("redo"), tr("&Redo"),
                        {K(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), K(Qt::CTRL | Qt::Key_Y)},
                        [this] { m_doc->undoStack()->redo(); });
    // The actions name what they would undo ("Undo Weight of NVDA").
    auto follow = [this, undo, redo] {
        const QUndoStack* s = m_doc->undoStack();
        undo->setEnabled(s->canUndo());
        redo->setEnabled(s->canRedo());
        undo->setText(s->canUndo() ? tr("&Undo %1").arg(s->undoText()) : tr("&Undo"));
        redo->setText(s->canRedo() ? tr("&Redo %1").arg(s->redoText()) : tr("&Redo"));
    };
    connect(m_doc->undoStack(), &QUndoStack::indexChanged, this, follow);
    connect(m_doc->undoStack(), &QUndoStack::cleanChanged, this, follow);
    follow();
    menu->addSeparator();
    add(QStringLiteral("copyTable"), tr("&Copy metrics table"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
        [this] { QApplication::clipboard()->setText(m_metrics->toTsv()); });
    add(QStringLiteral("preferences"), tr("&Preferences…"), {K(Qt::CTRL | Qt::Key_Comma)}, [this] {
        auto settings = Settings::load();
        if (!settings) return setStatus(settings.error().message, true);
        PreferencesDialog dialog(*settings, this);
        if (dialog.exec() != QDialog::Accepted) return;
        auto saved = dialog.settings().save();
        setStatus(saved ? tr("Preferences saved") : saved.error().message, !saved);
        applyTheme(dialog.settings().theme);
    });

    menu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i)
        add(QStringLiteral("view%1").arg(i + 1), m_tabs->tabText(i), {K(Qt::CTRL | (Qt::Key_1 + i))},
            [this, i] { m_tabs->setCurrentIndex(i); });
    menu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        menu->addAction(dock->toggleViewAction());

    menu = menuBar()->addMenu(tr("&Data"));
    add(QStringLiteral("download"), tr("&Download / update the workspace's data"),
        {K(Qt::CTRL | Qt::SHIFT | Qt::Key_D)}, [this] {
            m_tabs->setCurrentWidget(m_data);
            m_data->download();
        });
    add(
        QStringLiteral("cancel"), tr("&Cancel running work"), {K(Qt::Key_Escape)},
        [this] {
            if (m_job) m_job->cancel();
            if (m_download) m_download->cancel();
            m_data->cancel();
        },
        true);

    menu = menuBar()->addMenu(tr("&Analysis"));
    add(
        QStringLiteral("compute"), tr("&Compute"), {K(Qt::Key_F5)}, [this] { recompute(); }, true);
    add(QStringLiteral("addCsv"), tr("Add a &CSV strategy…"), {K(Qt::CTRL | Qt::SHIFT | Qt::Key_A)}, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Returns or prices CSV"), {}, tr("CSV files (*.csv)"));
        if (!path.isEmpty()) addCsvStrategy(path);
    });

    menu = menuBar()->addMenu(tr("&Help"));
    add(QStringLiteral("help"), tr("&Quick help"), {K(Qt::Key_F1)}, [this] { showHelp(false); });
    add(QStringLiteral("shortcuts"), tr("&Keyboard shortcuts"), {K(Qt::CTRL | Qt::Key_Slash)},
        [this] { showHelp(true); });
    add(QStringLiteral("about"), tr("&About Tearsheet"), {}, [this] { showAbout(); });
}

QAction* MainWindow::action(const QString& objectName) const {
    return findChild<QAction*>(objectName);
}

void MainWindow::showHelp(bool shortcuts) {
    QString html;
    if (!shortcuts) {
        html = tr(
            "<h3>Tearsheet in five steps</h3><ol>"
            "<li>Type a ticker under <b>Strategies</b> and press Enter, add a CSV of returns or prices "
            "(or drop it on the window), or press <b>Add</b> under Portfolio and type tickers and "
            "weights.</li>"
            "<li>Choose a benchmark: a ticker, a CSV, a strategy (right-click it) or none.</li>"
            "<li>Symbols not downloaded yet are listed on the <b>Data</b> view: download them there "
            "or from the button that appears next to the message.</li>"
            "<li>Press <b>F5</b>: metrics, charts, drawdowns and the calendar follow.</li>"
            "<li><b>Ctrl+S</b> saves the workspace; every edit can be undone with <b>Ctrl+Z</b>.</li></ol>"
            "<p>Charts: the wheel scrolls the page, Ctrl+wheel or a drag zooms, arrows pan, 0 resets.</p>");
    } else {
        html = tr("<h3>Keyboard shortcuts</h3><table cellpadding='3'>");
        for (QAction* a : findChildren<QAction*>())
            if (!a->shortcut().isEmpty() && !a->objectName().isEmpty())
                html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                            .arg(a->shortcuts().first().toString(QKeySequence::NativeText).toHtmlEscaped(),
                                 QString(a->text()).remove(QLatin1Char('&')).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    QMessageBox box(QMessageBox::Information, shortcuts ? tr("Keyboard shortcuts") : tr("Quick help"), html,
                    QMessageBox::Close, this);
    box.setObjectName(QStringLiteral("helpBox"));
    box.setTextFormat(Qt::RichText);
    box.exec();
}

void MainWindow::showAbout() {
    QMessageBox box(QMessageBox::Information, tr("About Tearsheet"),
                    tr("<h3>Tearsheet %1</h3><p>Portfolio and strategy performance analysis.</p>"
                       "<p>Qt %2 · SQLite %3 · libcurl %4</p>")
                        .arg(QStringLiteral(TEARSHEET_VERSION), QString::fromLatin1(qVersion()),
                             cache::sqliteVersion(), net::curlVersion()),
                    QMessageBox::Close, this);
    box.setObjectName(QStringLiteral("aboutBox"));
    box.exec();
}

} // namespace ts::ui

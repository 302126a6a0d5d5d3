// The window's document life cycle: new, open, demo, save, revert, recent files, the prompts that
// keep unsaved edits from being dropped, the recovery file and what opens at start.

#include "config/settings.h"
#include "document/recovery_file.h"
#include "document/workspace_document.h"
#include "jobs/analysis_job.h"
#include "jobs/download_job.h"
#include "widgets/data_panel.h"
#include "widgets/fundamentals_panel.h"
#include "widgets/main_window.h"
#include "widgets/workspace_panel.h"

#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoStack>

namespace ts::ui {
namespace {

QString demoDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo"));
}

QString settingsCache() {
    auto settings = Settings::load();
    return settings ? settings->cachePath : Settings::defaultCachePath();
}

const QString kLastWorkspace = QStringLiteral("lastWorkspace");

} // namespace

const ReportRequest& MainWindow::request() const {
    return m_doc->request();
}

void MainWindow::start(const QStringList& args) {
    if (auto found = orphanedRecoveries(settingsCache()); !found.empty()) return offerRecovery(found.front());
    if (!args.isEmpty()) {
        openWorkspace(args.first());
        return;
    }
    const QString last = QSettings().value(kLastWorkspace).toString();
    if (!last.isEmpty() && QFileInfo::exists(last) && openWorkspace(last)) return;
    openDemo();
}

void MainWindow::offerRecovery(const Recovery& r) {
    QMessageBox box(QMessageBox::Question, tr("Recover unsaved changes"),
                    tr("Tearsheet closed without saving “%1” (last edit %2). Restore those changes?")
                        .arg(r.name, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat)),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("recoveryBox"));
    QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
    QPushButton* discard = box.addButton(tr("Discard them"), QMessageBox::DestructiveRole);
    box.addButton(tr("Not now"), QMessageBox::RejectRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == restore) {
        m_doc->reset(r.request, r.path, r.name, true);
        discardRecovery(r); // this window's own recovery file holds them from now on
        updateRecovery(*m_doc);
        recompute();
    } else if (box.clickedButton() == discard) {
        discardRecovery(r);
        openDemo();
    } else {
        openDemo(); // kept for the next start
    }
}

bool MainWindow::maybeSave() {
    if (!m_doc->isModified()) return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("“%1” has changes that are not saved. Save them?").arg(m_doc->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("saveChangesBox"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        removeRecovery();
        return true;
    default:
        return false;
    }
}

bool MainWindow::newWorkspace() {
    if (!maybeSave()) return false;
    auto settings = Settings::load();
    ReportRequest r;
    r.name = QStringLiteral("workspace");
    r.formats = {QStringLiteral("html"), QStringLiteral("pdf")};
    r.cachePath = settings ? settings->cachePath : Settings::defaultCachePath();
    if (settings) {
        r.metrics.rf = settings->defaultRf;
        r.metrics.periods = settings->defaultPeriods;
        if (!settings->defaultBenchmark.isEmpty())
            r.benchmark = SeriesRequest{
                SeriesRequest::Kind::Symbol, {}, settings->defaultBenchmark, {}, {}, ValueKind::Auto, {}};
    }
    m_doc->reset(r, {});
    m_report.reset();
    setStatus(tr("Type a ticker under Strategies, add a CSV, or press Add under Portfolio to build one"));
    return true;
}

bool MainWindow::openWorkspace(const QString& path, QString* error) {
    if (!maybeSave()) {
        if (error) *error = tr("cancelled: unsaved changes kept");
        return false;
    }
    auto opened = m_doc->open(path, settingsCache());
    if (!opened) {
        setStatus(opened.error().message, true);
        if (error) *error = opened.error().message;
        return false;
    }
    rememberRecent(m_doc->path());
    QSettings().setValue(kLastWorkspace, m_doc->path());
    recompute();
    return true;
}

bool MainWindow::saveWorkspace(const QString& path, QString* error) {
    auto saved = m_doc->saveAs(path);
    if (!saved) {
        setStatus(saved.error().message, true);
        if (error) *error = saved.error().message;
        return false;
    }
    rememberRecent(m_doc->path());
    QSettings().setValue(kLastWorkspace, m_doc->path());
    setStatus(tr("Saved %1").arg(m_doc->path()));
    return true;
}

bool MainWindow::save() {
    return m_doc->path().isEmpty() ? saveAs() : saveWorkspace(m_doc->path());
}

bool MainWindow::saveAs() {
    // An untitled document is proposed in the user's documents, never in the app's own folders.
    const QString dir = m_doc->path().isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                            : QFileInfo(m_doc->path()).absolutePath();
    QDir().mkpath(dir);
    QFileDialog dialog(this, tr("Save workspace"), QDir(dir).filePath(m_doc->suggestedFileName()),
                       tr("Workspaces (*.json)"));
    dialog.setObjectName(QStringLiteral("saveDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(QStringLiteral("json"));
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return false;
    const QString path = dialog.selectedFiles().first();
    if (QFileInfo(path).absolutePath().startsWith(QDir(demoDir()).absolutePath())) {
        setStatus(tr("The demo's folder belongs to the app: choose another folder"), true);
        return false;
    }
    return saveWorkspace(path);
}

void MainWindow::revert() {
    if (!m_doc->isModified()) return;
    QMessageBox box(QMessageBox::Warning, tr("Revert"),
                    tr("Discard every change to “%1” since it was last saved?").arg(m_doc->displayName()),
                    QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("revertBox"));
    if (box.exec() != QMessageBox::Discard) return;
    removeRecovery();
    if (!m_doc->path().isEmpty()) {
        auto opened = m_doc->open(m_doc->path(), settingsCache());
        if (!opened) return setStatus(opened.error().message, true);
    } else {
        m_doc->undoStack()->setIndex(m_doc->undoStack()->cleanIndex() < 0 ? 0
                                                                          : m_doc->undoStack()->cleanIndex());
    }
    recompute();
}

void MainWindow::openDemo() {
    if (!maybeSave()) return;
    // The demo's prices go to the app's data folder (they are the app's, refreshed each time); its
    // workspace is read from the resources and never written anywhere: it opens untitled.
    const QString dir = demoDir();
    QDir().mkpath(dir);
    for (const char* name : {"nvda.csv", "orcl.csv", "yhoo.csv"}) {
        const QString target = QDir(dir).filePath(QString::fromLatin1(name));
        QFile::remove(target);
        QFile::copy(QStringLiteral(":/demo/") + QString::fromLatin1(name), target);
        QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    Settings s;
    s.cachePath = QDir(dir).filePath(QStringLiteral("demo-cache.sqlite"));
    providers::ProviderConfig file;
    file.baseUrl = dir;
    s.providers[QStringLiteral("file")] = file;
    net::DownloadParams p;
    p.symbols = {QStringLiteral("NVDA"), QStringLiteral("ORCL"), QStringLiteral("YHOO")};
    p.providers = {QStringLiteral("file")};
    p.full = true;
    delete m_download;
    m_download = new DownloadJob(p, s, this);
    m_progress->setRange(0, 3);
    m_progress->setValue(0);
    m_progress->show();
    setStatus(tr("Loading the demo prices…"));
    connect(m_download, &DownloadJob::progress, this,
            [this](int done, int total, const QString& symbol, const QString& msg) {
                m_progress->setRange(0, total);
                m_progress->setValue(done);
                setStatus(tr("%1: %2").arg(symbol, msg));
            });
    connect(m_download, &DownloadJob::failed, this, [this](const QString& msg) {
        m_progress->hide();
        setStatus(msg, true);
        emit computeFailed(msg);
    });
    connect(m_download, &DownloadJob::finished, this,
            [this, cache = s.cachePath](const net::DownloadResult& r) {
                m_progress->hide();
                if (r.failed() > 0) {
                    const QString msg =
                        tr("The demo prices could not be loaded: %1").arg(r.outcomes.front().message);
                    setStatus(msg, true);
                    emit computeFailed(msg);
                    return;
                }
                auto requests = loadReportConfig(QStringLiteral(":/demo/demo-workspace.json"), cache);
                if (!requests) {
                    setStatus(requests.error().message, true);
                    emit computeFailed(requests.error().message);
                    return;
                }
                ReportRequest demo = requests->front();
                demo.title.clear(); // follows the contents as they are edited
                m_doc->reset(demo, {}, tr("Demo (untitled copy)"));
                recompute();
            });
    m_download->start();
}

void MainWindow::documentReplaced() {
    m_panel->setRequest(m_doc->request());
}

void MainWindow::documentChanged() {
    setWindowTitle(tr("%1[*] — Tearsheet").arg(m_doc->displayName()));
    setWindowModified(m_doc->isModified());
    if (QAction* revertAction = action(QStringLiteral("revert")))
        revertAction->setEnabled(m_doc->isModified());
    // The data views follow the document's symbols as they are edited: on the next turn of the
    // event loop, so their cache reads overlap a computation just started instead of delaying it.
    if (!m_viewsPending) {
        m_viewsPending = true;
        QTimer::singleShot(0, this, [this] {
            m_viewsPending = false;
            const ReportRequest& r = m_doc->request();
            const QStringList symbols = cachedSymbols({r});
            if (symbols == m_shownSymbols && r.cachePath == m_shownCache) return;
            m_shownSymbols = symbols;
            m_shownCache = r.cachePath;
            m_data->setSymbols(symbols, r.cachePath);
            m_fundamentals->setSymbols(symbols, r.cachePath);
        });
    }
    if (auto written = updateRecovery(*m_doc); !written) setStatus(written.error().message, true);
}

void MainWindow::addCsvStrategy(const QString& path) {
    ReportRequest after = m_doc->request();
    SeriesRequest s;
    s.kind = SeriesRequest::Kind::File;
    s.path = QFileInfo(path).absoluteFilePath();
    s.name = QFileInfo(path).completeBaseName();
    after.strategies.push_back(s);
    if (after.formats.isEmpty()) after.formats = {QStringLiteral("html")};
    m_doc->edit(tr("Add %1").arg(s.name), after);
    // Otherwise the panel's next edit (a rate, the convention) would start from the request without it.
    m_panel->setRequest(m_doc->request());
    recompute();
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentWorkspaces")).toStringList();
    if (!path.isEmpty()) {
        recent.removeAll(path);
        recent.prepend(path);
        while (recent.size() > 8)
            recent.removeLast();
        settings.setValue(QStringLiteral("recentWorkspaces"), recent);
    }
    m_recent->clear();
    for (const QString& r : recent)
        m_recent->addAction(QFileInfo(r).fileName(), this, [this, r] { openWorkspace(r); })->setToolTip(r);
    m_recent->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (!maybeSave()) return e->ignore();
    // Running work is cancelled; its results, if any still arrive, are dropped with the jobs.
    if (m_job) m_job->cancel();
    if (m_download) m_download->cancel();
    m_data->cancel();
    removeRecovery();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(e);
}

} // namespace ts::ui

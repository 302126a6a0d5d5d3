#include "widgets/main_window.h"

#include "charts/heatmap_chart.h"
#include "jobs/analysis_job.h"
#include "jobs/download_job.h"
#include "models/metrics_table_model.h"
#include "render/html_report.h"
#include "render/pdf_report.h"
#include "render/report_tables.h"
#include "report/metrics_output.h"
#include "util/json_file.h"
#include "widgets/chart_view.h"
#include "widgets/data_panel.h"
#include "widgets/fundamentals_panel.h"
#include "widgets/log_panel.h"
#include "widgets/preferences_dialog.h"
#include "widgets/workspace_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace ts::ui {
namespace {

// Sorts on the raw value, not the formatted text.
class RawSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    bool lessThan(const QModelIndex& a, const QModelIndex& b) const override {
        const QVariant x = a.data(Qt::UserRole + 1), y = b.data(Qt::UserRole + 1);
        if (x.typeId() == QMetaType::Double && y.typeId() == QMetaType::Double)
            return x.toDouble() < y.toDouble();
        return QVariant::compare(x, y) == QPartialOrdering::Less;
    }
};

// The painted monthly heatmap as a widget.
class HeatmapWidget : public QWidget {
public:
    HeatmapWidget(std::shared_ptr<const ReportModel> r, QWidget* parent)
        : QWidget(parent)
        , m_r(std::move(r)) {
        setMinimumHeight(static_cast<int>(heatmapHeight(m_r->analysis.chart, 800)));
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        paintMonthlyHeatmap(p, rect(), m_r->analysis.chart);
    }

private:
    std::shared_ptr<const ReportModel> m_r;
};

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Tearsheet"));
    buildUi();
    buildActions();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1400, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (auto s = Settings::load()) applyTheme(s->theme);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi() {
    // Left: the workspace's strategies, portfolio weights and parameters.
    m_panel = new WorkspacePanel;
    connect(m_panel, &WorkspacePanel::computeRequested, this, &MainWindow::recompute);
    connect(m_panel, &WorkspacePanel::edited, this, &MainWindow::readEdits);
    connect(m_panel, &WorkspacePanel::addCsvRequested, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Returns or prices CSV"), {}, tr("CSV files (*.csv)"));
        if (!path.isEmpty()) addCsvStrategy(path);
    });
    auto* left = m_panel;
    auto* leftDock = new QDockWidget(tr("Workspace"), this);
    leftDock->setObjectName(QStringLiteral("workspaceDock"));
    leftDock->setWidget(left);
    addDockWidget(Qt::LeftDockWidgetArea, leftDock);

    m_tabs = new QTabWidget;
    m_overview = new QWidget;
    auto* ov = new QVBoxLayout(m_overview);
    m_headline = new QLabel(tr("Open a workspace (Ctrl+O) or the demo (Ctrl+D)."));
    m_headline->setObjectName(QStringLiteral("headline"));
    m_headline->setTextFormat(Qt::RichText);
    ov->addWidget(m_headline);
    ov->addStretch(1);
    m_tabs->addTab(m_overview, tr("Overview"));
    auto* chartsScroll = new QScrollArea;
    chartsScroll->setWidgetResizable(true);
    m_chartsPage = new QWidget;
    new QVBoxLayout(m_chartsPage);
    chartsScroll->setWidget(m_chartsPage);
    m_tabs->addTab(chartsScroll, tr("Charts"));

    m_metrics = new MetricsTableModel(this);
    auto* metricsProxy = new RawSortProxy(this);
    metricsProxy->setSourceModel(m_metrics);
    m_metricsView = new QTableView;
    m_metricsView->setObjectName(QStringLiteral("metricsView"));
    m_metricsView->setModel(metricsProxy);
    m_metricsView->setSortingEnabled(true);
    m_metricsView->sortByColumn(-1, Qt::AscendingOrder);
    m_metricsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_metricsView->setAlternatingRowColors(true);
    m_tabs->addTab(m_metricsView, tr("Metrics"));

    m_drawdowns = new DrawdownsModel(this);
    m_drawdownsView = new QTableView;
    m_drawdownsView->setObjectName(QStringLiteral("drawdownsView"));
    m_drawdownsView->setModel(m_drawdowns);
    m_drawdownsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_drawdownsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_drawdownsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    connect(m_drawdownsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) { selectDrawdown(cur.row()); });
    m_tabs->addTab(m_drawdownsView, tr("Drawdowns"));
    auto* calendarScroll = new QScrollArea;
    calendarScroll->setWidgetResizable(true);
    m_calendar = new QWidget;
    new QVBoxLayout(m_calendar);
    calendarScroll->setWidget(m_calendar);
    m_tabs->addTab(calendarScroll, tr("Calendar"));
    m_data = new DataPanel;
    m_tabs->addTab(m_data, tr("Data"));
    m_fundamentals = new FundamentalsPanel;
    m_tabs->addTab(m_fundamentals, tr("Fundamentals"));
    connect(m_data, &DataPanel::downloaded, this, &MainWindow::recompute);
    setCentralWidget(m_tabs);
    setAcceptDrops(true);

    // "Explain this number": the selected metric's definition, value and the parameters used.
    m_explain = new QTextBrowser;
    m_explain->setObjectName(QStringLiteral("explain"));
    m_explain->setPlaceholderText(tr("Select a metric to see how it is computed."));
    auto* explainDock = new QDockWidget(tr("Explain"), this);
    explainDock->setObjectName(QStringLiteral("explainDock"));
    explainDock->setWidget(m_explain);
    addDockWidget(Qt::RightDockWidgetArea, explainDock);
    connect(m_metricsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& i) { explain(i); });

    m_log = new LogPanel;
    m_log->attachToCoreLoggers();
    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    resizeDocks({logDock}, {120}, Qt::Vertical);

    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::buildActions() {
    auto* tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("mainToolbar"));
    auto add = [&](const QString& text, QKeySequence key, auto fn) {
        auto* a = new QAction(text, this);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, fn);
        tb->addAction(a);
        addAction(a);
        return a;
    };
    add(tr("Open…"), QKeySequence::Open, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open workspace"), {}, tr("Workspaces (*.json)"));
        if (!path.isEmpty()) openWorkspace(path);
    });
    m_recent = new QMenu(tr("Recent"), this);
    auto* recentButton = new QToolButton;
    recentButton->setText(tr("Recent"));
    recentButton->setMenu(m_recent);
    recentButton->setPopupMode(QToolButton::InstantPopup);
    tb->addWidget(recentButton);
    rememberRecent({});
    add(tr("Save as…"), QKeySequence::SaveAs, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save workspace"), m_workspacePath,
                                                          tr("Workspaces (*.json)"));
        if (!path.isEmpty()) saveWorkspace(path);
    });
    add(tr("New"), QKeySequence::New, [this] { newWorkspace(); });
    add(tr("Demo"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] { openDemo(); });
    add(tr("Compute"), QKeySequence(Qt::Key_F5), [this] { recompute(); });
    add(tr("Cancel"), QKeySequence(Qt::Key_Escape), [this] {
        if (m_job) m_job->cancel();
        if (m_download) m_download->cancel();
        m_data->cancel();
    });
    add(tr("Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export report"), {}, tr("Reports (*.pdf *.html)"));
        if (!path.isEmpty()) exportReport(path);
    });
    add(tr("Preferences…"), QKeySequence::Preferences, [this] {
        auto settings = Settings::load();
        if (!settings) return setStatus(settings.error().message, true);
        PreferencesDialog dialog(*settings, this);
        if (dialog.exec() != QDialog::Accepted) return;
        auto saved = dialog.settings().save();
        setStatus(saved ? tr("Preferences saved") : saved.error().message, !saved);
        applyTheme(dialog.settings().theme);
    });
    add(tr("Export table…"), QKeySequence(), [this] {
        if (!m_report) return;
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export the table of this view"), {}, tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportTable(path);
    });
    add(tr("Copy table"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        [this] { QApplication::clipboard()->setText(m_metrics->toTsv()); });
}

void MainWindow::setStatus(const QString& text, bool error) {
    statusBar()->showMessage(text);
    statusBar()->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void MainWindow::newWorkspace() {
    auto settings = Settings::load();
    ReportRequest r;
    r.name = QStringLiteral("workspace");
    r.formats = {QStringLiteral("html"), QStringLiteral("pdf")};
    if (settings) {
        r.cachePath = settings->cachePath;
        r.metrics.rf = settings->defaultRf;
        r.metrics.periods = settings->defaultPeriods;
        if (!settings->defaultBenchmark.isEmpty())
            r.benchmark = SeriesRequest{
                SeriesRequest::Kind::Symbol, {}, settings->defaultBenchmark, {}, {}, ValueKind::Auto, {}};
    }
    m_request = r;
    m_workspacePath.clear();
    setWindowTitle(tr("New workspace — Tearsheet"));
    showRequest();
    setStatus(tr("Add a strategy: a CSV (button or drop a file) or save and edit the workspace JSON"));
}

void MainWindow::applyTheme(const QString& theme) {
    // "system" keeps the platform's palette (light or dark as the desktop says).
    static const QPalette system = QApplication::palette();
    if (theme == QLatin1String("dark")) {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Button, QColor(0x3a, 0x3d, 0x41));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Highlight, QColor(0x34, 0x8d, 0xc1));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(0x2b, 0x2d, 0x30));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(p);
    } else if (theme == QLatin1String("light")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setPalette(system);
    }
}

bool MainWindow::openWorkspace(const QString& path, QString* error) {
    auto fail = [&](const QString& msg) {
        setStatus(msg, true);
        if (error) *error = msg;
        return false;
    };
    auto json = readJsonObjectFile(path, tr("a workspace"));
    if (!json) return fail(json.error().message);
    auto settings = Settings::load();
    const QString cache = !m_cacheOverride.isEmpty() ? m_cacheOverride
                          : settings                 ? settings->cachePath
                                                     : QString();
    auto requests = parseReportConfig(*json, QFileInfo(path).absolutePath(), cache);
    if (!requests) return fail(tr("%1: %2").arg(path, requests.error().message));
    m_request = requests->front();
    m_workspacePath = path;
    rememberRecent(path);
    setWindowTitle(tr("%1 — Tearsheet").arg(QFileInfo(path).completeBaseName()));
    showRequest();
    recompute();
    return true;
}

bool MainWindow::saveWorkspace(const QString& path, QString* error) {
    readEdits();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(reportConfigJson({m_request})).toJson()) < 0 ||
        !f.commit()) {
        const QString msg = tr("%1: cannot write: %2").arg(path, f.errorString());
        setStatus(msg, true);
        if (error) *error = msg;
        return false;
    }
    m_workspacePath = path;
    setStatus(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::openDemo() {
    // The bundled demo lives in the app's resources; the cache and workspace go to the data folder.
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                            .filePath(QStringLiteral("demo"));
    QDir().mkpath(dir);
    for (const char* name : {"nvda.csv", "orcl.csv", "yhoo.csv", "demo-workspace.json"}) {
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
            [this, dir, cache = s.cachePath](const net::DownloadResult& r) {
                m_progress->hide();
                if (r.failed() > 0) {
                    const QString msg =
                        tr("The demo prices could not be loaded: %1").arg(r.outcomes.front().message);
                    setStatus(msg, true);
                    emit computeFailed(msg);
                    return;
                }
                m_cacheOverride = cache; // the demo workspace reads the demo cache
                openWorkspace(QDir(dir).filePath(QStringLiteral("demo-workspace.json")));
            });
    m_download->start();
}

void MainWindow::showRequest() {
    m_panel->setRequest(m_request);
    const QStringList symbols = cachedSymbols({m_request});
    m_data->setSymbols(symbols, m_request.cachePath);
    m_fundamentals->setSymbols(symbols, m_request.cachePath);
}

void MainWindow::readEdits() {
    QString problem;
    m_request = m_panel->request(&problem);
    if (!problem.isEmpty()) setStatus(problem, true);
}

bool MainWindow::busy() const {
    return (m_job && m_job->running()) || (m_download && m_download->running());
}

void MainWindow::recompute() {
    readEdits();
    if (m_request.strategies.empty()) return;
    if (m_job) m_job->cancel();
    delete m_job; // a cancelled job's late result is dropped with it
    m_job = new AnalysisJob(m_request, this);
    m_progress->setRange(0, 0);
    m_progress->show();
    setStatus(tr("Computing…"));
    connect(m_job, &AnalysisJob::finished, this, [this](std::shared_ptr<const ReportModel> r) {
        m_progress->hide();
        showReport(std::move(r));
        setStatus(tr("%1 to %2 · %3 days")
                      .arg(m_report->start.toString(Qt::ISODate), m_report->end.toString(Qt::ISODate))
                      .arg(m_report->analysis.aligned.rows()));
        emit computed();
    });
    connect(m_job, &AnalysisJob::failed, this, [this](const QString& msg) {
        m_progress->hide();
        setStatus(msg, true);
        emit computeFailed(msg);
    });
    m_job->start();
}

void MainWindow::showReport(std::shared_ptr<const ReportModel> report) {
    m_report = std::move(report);
    m_metrics->setReport(m_report);
    m_drawdowns->setReport(m_report);
    const ChartData& d = m_report->analysis.chart;
    // Overview: headline figures per column and the cumulative chart.
    const MetricsTable& t = m_report->analysis.metrics.table;
    QString html = QStringLiteral("<h2>%1</h2><table cellpadding='6'><tr><th></th>")
                       .arg(m_report->title.toHtmlEscaped());
    for (const auto& c : t.columns)
        html += QStringLiteral("<th align='right'>%1</th>").arg(c.toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (const char* key : {"cagr", "sharpe", "sortino", "max_drawdown", "volatility", "cumulative_return"}) {
        const auto* row = t.find(key);
        const MetricDef* def = findMetric(key);
        if (!row || !def) continue;
        html += QStringLiteral("<tr><td>%1</td>")
                    .arg(QString::fromUtf8(def->label).replace(QStringLiteral("﹪"), QStringLiteral("%")));
        for (const auto& v : *row)
            html += QStringLiteral("<td align='right'><b>%1</b></td>")
                        .arg(v.isNull() ? QStringLiteral("-")
                             : def->format == MetricFormat::Ratio
                                 ? QString::number(v.number, 'f', 2)
                                 : QString::number(v.number * 100, 'f', 2) + QLatin1Char('%'));
        html += QStringLiteral("</tr>");
    }
    m_headline->setText(html + QStringLiteral("</table>"));
    auto* ov = static_cast<QVBoxLayout*>(m_overview->layout());
    if (m_cumulative) {
        ov->removeWidget(m_cumulative);
        delete m_cumulative;
    }
    m_cumulative = new ChartView(ChartId::Returns, d);
    m_cumulative->setReport(m_report);
    m_cumulative->setObjectName(QStringLiteral("cumulativeChart"));
    ov->insertWidget(1, m_cumulative, 1);
    // Every chart, interactive.
    auto* layout = m_chartsPage->layout();
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_underwater = nullptr;
    for (ChartId id : chartsFor(d)) {
        if (id == ChartId::MonthlyHeatmap)
            layout->addWidget(new HeatmapWidget(m_report, m_chartsPage));
        else {
            auto* view = new ChartView(id, d, m_chartsPage);
            view->setReport(m_report);
            if (id == ChartId::Underwater) m_underwater = view;
            layout->addWidget(view);
        }
    }
    // Calendar: the monthly returns heatmap and the EOY table.
    auto* cal = m_calendar->layout();
    while (QLayoutItem* item = cal->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    cal->addWidget(new HeatmapWidget(m_report, m_calendar));
    const ReportTable eoy = eoyTable(*m_report);
    auto* table =
        new QTableWidget(static_cast<int>(eoy.rows.size()), static_cast<int>(eoy.header.size()), m_calendar);
    table->setObjectName(QStringLiteral("eoyTable"));
    table->setHorizontalHeaderLabels(eoy.header);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int r = 0; r < static_cast<int>(eoy.rows.size()); ++r)
        for (int c = 0; c < eoy.rows[static_cast<std::size_t>(r)].cells.size(); ++c)
            table->setItem(r, c, new QTableWidgetItem(eoy.rows[static_cast<std::size_t>(r)].cells[c]));
    table->setMinimumHeight(300);
    cal->addWidget(table);
}

void MainWindow::explain(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid()) return;
    const QModelIndex first = proxyIndex.siblingAtColumn(0);
    QString text = QStringLiteral("<h3>%1</h3>").arg(first.data().toString().toHtmlEscaped());
    const QModelIndex value = proxyIndex.column() == 0 ? proxyIndex.siblingAtColumn(1) : proxyIndex;
    text += QStringLiteral("<p>%1</p>")
                .arg(value.data(Qt::ToolTipRole)
                         .toString()
                         .toHtmlEscaped()
                         .replace(QLatin1Char('\n'), QStringLiteral("<br/>")));
    m_explain->setHtml(text);
}

QTableWidget* MainWindow::holdingsTable() const {
    return m_panel->holdingsTable();
}

QString MainWindow::explanation() const {
    return m_explain->toPlainText();
}

void MainWindow::addCsvStrategy(const QString& path) {
    SeriesRequest s;
    s.kind = SeriesRequest::Kind::File;
    s.path = path;
    s.name = QFileInfo(path).completeBaseName();
    m_request.strategies.push_back(s);
    if (m_request.formats.isEmpty()) m_request.formats = {QStringLiteral("html")};
    showRequest();
    recompute();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    for (const QUrl& u : e->mimeData()->urls())
        if (u.isLocalFile() && u.toLocalFile().endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
            return e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    for (const QUrl& u : e->mimeData()->urls())
        if (u.isLocalFile() && u.toLocalFile().endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
            addCsvStrategy(u.toLocalFile());
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

void MainWindow::selectDrawdown(int row) {
    const DrawdownEpisode* e = m_drawdowns->episode(row);
    // The period is shaded on the cumulative and the underwater charts.
    for (ChartView* view : {m_cumulative, m_underwater}) {
        if (!view) continue;
        if (e)
            view->highlight(e->start, e->end);
        else
            view->highlight({}, {});
    }
}

bool MainWindow::exportTable(const QString& path) {
    // The table of the view in front: drawdowns, the calendar's EOY table, or the metrics.
    QString csv;
    const auto field = csvField;
    const QWidget* current = m_tabs->currentWidget();
    if (current == m_drawdownsView || current == m_calendar->parentWidget()->parentWidget()) {
        const ReportTable t = current == m_drawdownsView ? drawdownsTable(*m_report) : eoyTable(*m_report);
        QStringList header;
        for (const auto& h : t.header)
            header << field(h);
        csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (const auto& r : t.rows) {
            QStringList cells;
            for (const auto& c : r.cells)
                cells << field(c);
            csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    } else {
        csv = metricsCsv(m_report->analysis);
    }
    QSaveFile f(path);
    const QByteArray bytes = csv.toUtf8();
    const bool ok = f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
    setStatus(ok ? tr("Exported %1").arg(path) : tr("%1: cannot write").arg(path), !ok);
    return ok;
}

bool MainWindow::exportReport(const QString& path, QString* error) {
    auto fail = [&](const QString& msg) {
        setStatus(msg, true);
        if (error) *error = msg;
        return false;
    };
    if (!m_report) return fail(tr("Nothing to export yet: compute first"));
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
        auto r = renderPdf(*m_report, path);
        if (!r) return fail(r.error().message);
    } else {
        QSaveFile f(path);
        const QByteArray html = renderHtml(*m_report).toUtf8();
        if (!f.open(QIODevice::WriteOnly) || f.write(html) != html.size() || !f.commit())
            return fail(tr("%1: cannot write").arg(path));
    }
    setStatus(tr("Exported %1").arg(path));
    return true;
}

void MainWindow::closeEvent(QCloseEvent* e) {
    // Running work is cancelled; its results, if any still arrive, are dropped with the jobs.
    if (m_job) m_job->cancel();
    if (m_download) m_download->cancel();
    m_data->cancel();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(e);
}

} // namespace ts::ui

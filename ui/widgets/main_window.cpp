#include "widgets/main_window.h"

#include "cache/price_cache.h"
#include "charts/heatmap_chart.h"
#include "document/recovery_file.h"
#include "document/workspace_document.h"
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
#include "widgets/montecarlo_panel.h"
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
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QStyledItemDelegate>
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

// QuantStats' metric groups: a line above each group's first row while the table is in its own order.
class GroupSeparatorDelegate : public QStyledItemDelegate {
public:
    explicit GroupSeparatorDelegate(QTableView* view)
        : QStyledItemDelegate(view)
        , m_view(view) {}
    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyledItemDelegate::paint(p, option, index);
        if (m_view->horizontalHeader()->sortIndicatorSection() >= 0) return; // sorted: groups mean nothing
        if (!index.data(MetricsTableModel::GroupStartRole).toBool()) return;
        p->save();
        p->setPen(QPen(option.palette.color(QPalette::Mid), 2));
        p->drawLine(option.rect.topLeft(), option.rect.topRight());
        p->restore();
    }

private:
    QTableView* m_view;
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
    m_doc = new WorkspaceDocument(this);
    buildUi();
    buildActions();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1400, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // A geometry saved on a larger screen (or a stale one) must not put the window off this one.
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QSize room = screen->availableGeometry().size();
        if (width() > room.width() || height() > room.height())
            resize(std::min(width(), room.width()), std::min(height(), room.height()));
    }
    if (auto s = Settings::load()) applyTheme(s->theme);
    connect(m_doc, &WorkspaceDocument::replaced, this, &MainWindow::documentReplaced);
    connect(m_doc, &WorkspaceDocument::changed, this, &MainWindow::documentChanged);
    connect(m_panel, &WorkspacePanel::editRequested, this,
            [this](const QString& text, const ReportRequest& after, int mergeId) {
                m_doc->edit(text, after, mergeId);
            });
}

MainWindow::~MainWindow() {
    // Children go first: an editor committing as it is destroyed must not reach half-deleted views.
    disconnect(m_doc, nullptr, this, nullptr);
    disconnect(m_panel, nullptr, this, nullptr);
}

void MainWindow::buildUi() {
    // Left: the workspace's strategies, portfolio weights and parameters.
    m_panel = new WorkspacePanel;
    connect(m_panel, &WorkspacePanel::computeRequested, this, &MainWindow::recompute);
    connect(m_panel, &WorkspacePanel::benchmarkCsvRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Benchmark returns or prices CSV"), {},
                                                          tr("CSV files (*.csv)"));
        if (path.isEmpty()) return m_panel->setRequest(m_doc->request());
        ReportRequest after = m_doc->request();
        SeriesRequest b;
        b.kind = SeriesRequest::Kind::File;
        b.path = QFileInfo(path).absoluteFilePath();
        b.name = QFileInfo(path).completeBaseName();
        after.benchmark = b;
        m_doc->edit(tr("Benchmark %1").arg(b.name), after);
        // The panel edits from its own copy of the request: it must hold this edit too.
        m_panel->setRequest(m_doc->request());
    });
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
    m_headline->setWordWrap(true); // a long notice must not widen the window
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
    m_metricsView->setItemDelegate(new GroupSeparatorDelegate(m_metricsView));
    m_tabs->addTab(m_metricsView, tr("Metrics"));

    m_drawdowns = new DrawdownsModel(this);
    m_drawdownsView = new QTableView;
    m_drawdownsView->setObjectName(QStringLiteral("drawdownsView"));
    m_drawdownsView->setModel(m_drawdowns);
    m_drawdownsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_drawdownsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_drawdownsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_drawdownsView->horizontalHeader()->setStretchLastSection(true);
    connect(m_drawdownsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) { selectDrawdown(cur.row()); });
    // The table beside its own charts: a selected episode is shaded where it is chosen.
    auto* drawdownsPage = new QSplitter(Qt::Horizontal);
    drawdownsPage->setObjectName(QStringLiteral("drawdownsPage"));
    drawdownsPage->addWidget(m_drawdownsView);
    m_drawdownCharts = new QWidget;
    new QVBoxLayout(m_drawdownCharts);
    drawdownsPage->addWidget(m_drawdownCharts);
    drawdownsPage->setStretchFactor(1, 1);
    drawdownsPage->setSizes({430, 600}); // the table's dates in full beside the charts
    m_drawdownsPage = drawdownsPage;
    m_tabs->addTab(drawdownsPage, tr("Drawdowns"));
    auto* calendarScroll = new QScrollArea;
    calendarScroll->setWidgetResizable(true);
    m_calendar = new QWidget;
    new QVBoxLayout(m_calendar);
    calendarScroll->setWidget(m_calendar);
    m_tabs->addTab(calendarScroll, tr("Calendar"));
    m_montecarlo = new MonteCarloPanel;
    m_tabs->addTab(m_montecarlo, tr("Monte Carlo"));
    m_data = new DataPanel;
    m_tabs->addTab(m_data, tr("Data"));
    m_fundamentals = new FundamentalsPanel;
    m_tabs->addTab(m_fundamentals, tr("Fundamentals"));
    connect(m_data, &DataPanel::downloaded, this, [this] {
        m_downloadMissing->hide();
        m_panel->cacheChanged();
        recompute();
    });
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
    // Offered where the "not downloaded yet" error appears.
    m_downloadMissing = new QPushButton;
    m_downloadMissing->setObjectName(QStringLiteral("downloadMissing"));
    m_downloadMissing->hide();
    statusBar()->addPermanentWidget(m_downloadMissing);
    connect(m_downloadMissing, &QPushButton::clicked, this, [this] {
        m_tabs->setCurrentWidget(m_data);
        m_data->downloadSymbols(m_downloadMissing->property("symbols").toStringList());
    });
}

void MainWindow::setStatus(const QString& text, bool error) {
    // Elided to the bar (a longer message would widen the window); the whole text is the tooltip.
    const int room = std::max(
        200, statusBar()->width() - 40 -
                 (m_downloadMissing && m_downloadMissing->isVisible() ? m_downloadMissing->width() : 0));
    statusBar()->showMessage(statusBar()->fontMetrics().elidedText(text, Qt::ElideRight, room));
    statusBar()->setToolTip(text);
    statusBar()->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
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

bool MainWindow::busy() const {
    return (m_job && m_job->running()) || (m_download && m_download->running());
}

bool MainWindow::missingSymbols(const ReportRequest& r) {
    // Checked here, so the message names every missing ticker and offers the download at once
    // (the core's own message is written for the command line).
    QStringList missing;
    auto cache = cache::PriceCache::open(r.cachePath, false);
    for (const QString& symbol : cachedSymbols({r}))
        if (!cache || !(*cache)->instrument(symbol)) missing << symbol;
    m_downloadMissing->setVisible(!missing.isEmpty());
    if (missing.isEmpty()) return false;
    m_downloadMissing->setText(tr("Download %1").arg(missing.join(QStringLiteral(", "))));
    m_downloadMissing->setProperty("symbols", missing);
    const QString msg = tr("Not downloaded yet: %1. Download them to compute this workspace.")
                            .arg(missing.join(QStringLiteral(", ")));
    setStatus(msg, true);
    emit computeFailed(msg);
    return true;
}

void MainWindow::recompute() {
    if (const QString problem = m_panel->validate(); !problem.isEmpty()) {
        setStatus(problem, true);
        emit computeFailed(problem);
        return;
    }
    ReportRequest r = m_doc->request();
    if (missingSymbols(r)) return;
    if (r.title.isEmpty()) r.title = automaticTitle(r);
    if (m_job) m_job->cancel();
    delete m_job; // a cancelled job's late result is dropped with it
    m_job = new AnalysisJob(r, this);
    m_progress->setRange(0, 0);
    m_progress->show();
    setStatus(tr("Computing…"));
    connect(m_job, &AnalysisJob::finished, this, [this](std::shared_ptr<const ReportModel> r) {
        m_progress->hide();
        showReport(std::move(r));
        m_panel->setDataEnd(m_report->end);
        // Series cut to their common dates are said where the user looks first, not only in reports.
        const Analysis& a = m_report->analysis;
        const QString cut = alignmentNotice(a.aligned.summary);
        // Periods the dates contradict make every annualised number wrong: said first, in red.
        QString warnings;
        for (const auto& w : a.warnings)
            warnings += tr("Warning: %1 · ").arg(w);
        setStatus(warnings +
                      tr("%1 to %2 · %3 rows, %4, %5 periods a year%6")
                          .arg(m_report->start.toString(Qt::ISODate), m_report->end.toString(Qt::ISODate))
                          .arg(a.aligned.rows())
                          .arg(frequencyName(a.frequency.frequency))
                          .arg(a.params.metrics.periods)
                          .arg(cut.isEmpty() ? QString() : QStringLiteral(" · ") + cut),
                  !a.warnings.empty());
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
    const QString explained =
        m_metricsView->currentIndex().siblingAtColumn(0).data(MetricsTableModel::KeyRole).toString();
    m_metrics->setReport(m_report);
    // Explain follows the new result: the same metric again, or nothing.
    m_explain->clear();
    for (int r = 0; !explained.isEmpty() && r < m_metricsView->model()->rowCount(); ++r) {
        const QModelIndex i = m_metricsView->model()->index(r, 0);
        if (i.data(MetricsTableModel::KeyRole).toString() == explained) {
            m_metricsView->setCurrentIndex(i.siblingAtColumn(1));
            explain(i.siblingAtColumn(1));
        }
    }
    m_drawdowns->setReport(m_report);
    m_montecarlo->setReport(m_report);
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
    html += QStringLiteral("</table>");
    if (const QString cut = alignmentNotice(m_report->analysis.aligned.summary); !cut.isEmpty())
        html += QStringLiteral("<p style='color:#8a5a00'>%1</p>").arg(cut.toHtmlEscaped());
    m_headline->setText(html);
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
    auto* ddLayout = m_drawdownCharts->layout();
    while (QLayoutItem* item = ddLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_drawdownCumulative = new ChartView(ChartId::Returns, d, m_drawdownCharts);
    m_drawdownUnderwater = new ChartView(ChartId::Underwater, d, m_drawdownCharts);
    m_drawdownCumulative->setObjectName(QStringLiteral("drawdownCumulative"));
    m_drawdownUnderwater->setObjectName(QStringLiteral("drawdownUnderwater"));
    for (ChartView* v : {m_drawdownCumulative, m_drawdownUnderwater}) {
        v->setReport(m_report);
        ddLayout->addWidget(v);
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

void MainWindow::selectDrawdown(int row) {
    const DrawdownEpisode* e = m_drawdowns->episode(row);
    // The period is shaded on the cumulative and the underwater charts.
    for (ChartView* view : {m_drawdownCumulative, m_drawdownUnderwater, m_cumulative, m_underwater}) {
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
    if (current == m_drawdownsPage || current == m_calendar->parentWidget()->parentWidget()) {
        const ReportTable t = current == m_drawdownsPage ? drawdownsTable(*m_report) : eoyTable(*m_report);
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

} // namespace ts::ui

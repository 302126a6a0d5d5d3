#pragma once
// The desktop window: a workspace document (the same JSON as `report --config`, edited with undo)
// with its strategies and parameters on the left, and the analysis on the right: overview, every
// chart (interactive), the metrics table, drawdowns, monthly returns, data, fundamentals; a log
// panel. Data loading and computation run in background jobs; the window stays responsive and
// closing it cancels what runs. Nothing is lost: New, Open, Demo, Recent and Quit ask before
// dropping unsaved edits, edits are kept in a recovery file until saved, and the demo is a template
// that opens as an untitled copy.

#include "report/report_request.h"

#include <QMainWindow>
#include <memory>

class QDoubleSpinBox;
class QLabel;
class QMenu;
class QTextBrowser;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace ts::ui {

class AnalysisJob;
class ChartView;
class DataPanel;
class FundamentalsPanel;
class DownloadJob;
class DrawdownsModel;
class LogPanel;
class MonteCarloPanel;
class MetricsTableModel;
class WorkspacePanel;
class WorkspaceDocument;
struct Recovery;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // What the app does at start: offer a recovery left by a crash, else open `args`' workspace,
    // else the last document, else the demo.
    void start(const QStringList& args);
    // Loads a workspace and computes it (after asking about unsaved edits). Errors are shown in the
    // status bar and returned.
    bool openWorkspace(const QString& path, QString* error = nullptr);
    bool saveWorkspace(const QString& path, QString* error = nullptr); // Save As to `path`
    bool save();   // to the document's file, or asks for one
    bool saveAs(); // asks for a file (never proposes the demo's folder)
    void revert();
    // Extracts the bundled demo prices (real NVDA/ORCL/YHOO) into the app's data folder, loads them
    // into the demo cache in the background and opens the demo workspace as an untitled copy.
    void openDemo();
    void recompute();
    bool newWorkspace(); // empty, with the preferences' defaults (benchmark, rf, periods)
    // Asks about unsaved edits: true when the caller may go on (saved or discarded).
    bool maybeSave();
    static void applyTheme(const QString& theme);
    bool exportReport(const QString& path, QString* error = nullptr); // .html or .pdf
    bool exportTable(const QString& path); // the table of the view in front, as CSV

    std::shared_ptr<const ReportModel> report() const { return m_report; }
    const ReportRequest& request() const;
    MetricsTableModel* metricsModel() const { return m_metrics; }
    DrawdownsModel* drawdownsModel() const { return m_drawdowns; }
    QTableView* drawdownsView() const { return m_drawdownsView; }
    QTableWidget* holdingsTable() const;
    WorkspacePanel* workspacePanel() const { return m_panel; }
    WorkspaceDocument* document() const { return m_doc; }
    QAction* action(const QString& objectName) const; // menu actions, by object name
    ChartView* cumulativeView() const { return m_cumulative; }
    ChartView* underwaterView() const { return m_underwater; }
    ChartView* drawdownCumulativeView() const { return m_drawdownCumulative; } // on the Drawdowns tab
    QTabWidget* tabWidget() const { return m_tabs; }
    DataPanel* dataPanel() const { return m_data; }
    FundamentalsPanel* fundamentalsPanel() const { return m_fundamentals; }
    MonteCarloPanel* monteCarloPanel() const { return m_montecarlo; }
    // Adds a returns/prices CSV as a strategy (the Add button and drag and drop both end here).
    void addCsvStrategy(const QString& path);
    QString explanation() const; // the explain panel's text
    bool busy() const;

signals:
    void computed();
    void computeFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void buildUi();
    void buildActions();
    void documentChanged();
    void documentReplaced();
    bool missingSymbols(const ReportRequest& r);
    void offerRecovery(const Recovery& r);
    void showHelp(bool shortcuts);
    void showAbout();
    void showReport(std::shared_ptr<const ReportModel> report);
    void selectDrawdown(int row);
    void setStatus(const QString& text, bool error = false);
    void explain(const QModelIndex& index);
    void rememberRecent(const QString& path);

    WorkspaceDocument* m_doc = nullptr;
    QStringList m_shownSymbols; // what the data views list now, from this cache
    QString m_shownCache;
    bool m_viewsPending = false;
    std::shared_ptr<const ReportModel> m_report;
    AnalysisJob* m_job = nullptr;
    DownloadJob* m_download = nullptr;

    QTabWidget* m_tabs = nullptr;
    QLabel* m_headline = nullptr;
    QWidget* m_overview = nullptr;
    QWidget* m_chartsPage = nullptr;
    ChartView* m_cumulative = nullptr;
    ChartView* m_underwater = nullptr;
    MetricsTableModel* m_metrics = nullptr;
    DrawdownsModel* m_drawdowns = nullptr;
    QTableView* m_metricsView = nullptr;
    QTableView* m_drawdownsView = nullptr;
    QWidget* m_drawdownsPage = nullptr;
    QWidget* m_drawdownCharts = nullptr;
    ChartView* m_drawdownCumulative = nullptr;
    ChartView* m_drawdownUnderwater = nullptr;
    WorkspacePanel* m_panel = nullptr;
    QProgressBar* m_progress = nullptr;
    LogPanel* m_log = nullptr;
    FundamentalsPanel* m_fundamentals = nullptr;
    MonteCarloPanel* m_montecarlo = nullptr;
    DataPanel* m_data = nullptr;
    QWidget* m_calendar = nullptr;
    QTextBrowser* m_explain = nullptr;
    QMenu* m_recent = nullptr;
    QPushButton* m_downloadMissing = nullptr;
};

} // namespace ts::ui

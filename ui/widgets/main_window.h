#pragma once
// The desktop window: a workspace (the same JSON as `report --config`) with its strategies and
// parameters on the left, and the analysis on the right: overview, every chart (interactive), the
// metrics table, drawdowns, monthly returns; a log panel. Data loading and computation run in
// background jobs; the window stays responsive and closing it cancels what runs.

#include "report/report_request.h"

#include <QMainWindow>
#include <memory>

class QDoubleSpinBox;
class QLabel;
class QMenu;
class QTextBrowser;
class QProgressBar;
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
class MetricsTableModel;
class WorkspacePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads a workspace and computes it. Errors are shown in the status bar and returned.
    bool openWorkspace(const QString& path, QString* error = nullptr);
    bool saveWorkspace(const QString& path, QString* error = nullptr);
    // Extracts the bundled demo (real NVDA/ORCL/YHOO prices) into the app's data folder, loads it
    // into the cache in the background and opens its workspace.
    void openDemo();
    void recompute();
    void newWorkspace(); // empty, with the preferences' defaults (benchmark, rf, periods)
    static void applyTheme(const QString& theme);
    bool exportReport(const QString& path, QString* error = nullptr); // .html or .pdf
    bool exportTable(const QString& path); // the table of the view in front, as CSV

    std::shared_ptr<const ReportModel> report() const { return m_report; }
    const ReportRequest& request() const { return m_request; }
    MetricsTableModel* metricsModel() const { return m_metrics; }
    DrawdownsModel* drawdownsModel() const { return m_drawdowns; }
    QTableView* drawdownsView() const { return m_drawdownsView; }
    QTableWidget* holdingsTable() const;
    ChartView* cumulativeView() const { return m_cumulative; }
    ChartView* underwaterView() const { return m_underwater; }
    QTabWidget* tabWidget() const { return m_tabs; }
    DataPanel* dataPanel() const { return m_data; }
    FundamentalsPanel* fundamentalsPanel() const { return m_fundamentals; }
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
    void showRequest();
    void readEdits();
    void showReport(std::shared_ptr<const ReportModel> report);
    void selectDrawdown(int row);
    void setStatus(const QString& text, bool error = false);
    void explain(const QModelIndex& index);
    void rememberRecent(const QString& path);

    ReportRequest m_request;
    QString m_workspacePath;
    QString m_cacheOverride; // the demo's own cache
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
    WorkspacePanel* m_panel = nullptr;
    QProgressBar* m_progress = nullptr;
    LogPanel* m_log = nullptr;
    FundamentalsPanel* m_fundamentals = nullptr;
    DataPanel* m_data = nullptr;
    QWidget* m_calendar = nullptr;
    QTextBrowser* m_explain = nullptr;
    QMenu* m_recent = nullptr;
};

} // namespace ts::ui

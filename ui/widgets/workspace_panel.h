#pragma once
// The workspace editor on the left of the window: the title, the strategies (add a CSV, a symbol or a
// portfolio; rename, colour, use as benchmark, remove), the holdings of the selected portfolio (typed
// tickers, weights with a live sum and a Normalise that gives exact weights), its rebalancing rule and
// costs, the benchmark (none, a symbol, a CSV, or a strategy moved there), rf, periods and the date
// range. It never changes the document itself: every edit is offered as the whole request after it
// (editRequested), so the document can record it for undo; setRequest() reloads after undo/redo.
// Problems that block a computation are shown next to their field, in plain words.

#include "report/report_request.h"

#include <QWidget>

class QComboBox;
class QCompleter;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ts::ui {

class WorkspacePanel : public QWidget {
    Q_OBJECT
public:
    explicit WorkspacePanel(QWidget* parent = nullptr);
    void setRequest(const ReportRequest& r);
    // What blocks computing (weights that do not sum to 100%, a bad date, ...), also shown next to
    // the field; empty when the workspace can be computed.
    QString validate();
    // The portfolio the holdings table edits: the selected strategy if it is one, else the first.
    int portfolioIndex() const;
    // The last date of the data, so the period picker (YTD, 1Y, …) can count back from it.
    void setDataEnd(const QDate& end);
    void cacheChanged(); // a download stored symbols: the ticker completions are read again

    QTableWidget* holdingsTable() const { return m_holdings; }
    QListWidget* strategiesList() const { return m_strategies; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* benchmarkEdit() const { return m_benchmark; }
    QLineEdit* addSymbolEdit() const { return m_addSymbol; }
    QPushButton* addHoldingButton() const { return m_addHolding; }
    QPushButton* normaliseButton() const { return m_normalise; }
    QDoubleSpinBox* rfBox() const { return m_rf; }
    QComboBox* periodBox() const { return m_period; }

signals:
    void editRequested(const QString& text, const ts::ReportRequest& after, int mergeId);
    void computeRequested();
    void addCsvRequested();
    void benchmarkCsvRequested();

private:
    void commit(const QString& text, const ReportRequest& after, int mergeId = -1, bool reload = false);
    void showHoldings();
    void addHolding();
    void removeHolding();
    void normaliseWeights();
    void holdingsEdited(int row, int column);
    void updateSum();
    void benchmarkEdited();
    void refreshKnownSymbols();
    void loadKnownSymbols();
    void showPeriod();

    ReportRequest m_base;
    bool m_loading = false;
    QLineEdit* m_title = nullptr;
    QListWidget* m_strategies = nullptr;
    QLineEdit* m_addSymbol = nullptr;
    QTableWidget* m_holdings = nullptr;
    QLabel* m_holdingsLabel = nullptr;
    QLabel* m_sum = nullptr;
    QLabel* m_holdingsError = nullptr;
    QPushButton* m_addHolding = nullptr;
    QPushButton* m_removeHolding = nullptr;
    QPushButton* m_normalise = nullptr;
    QComboBox* m_rebalance = nullptr;
    QDoubleSpinBox* m_band = nullptr;
    QDoubleSpinBox* m_cost = nullptr;
    QComboBox* m_benchKind = nullptr;
    QLineEdit* m_benchmark = nullptr;
    QPushButton* m_benchBrowse = nullptr;
    QLabel* m_benchError = nullptr;
    QCompleter* m_completer = nullptr;
    QString m_completerCache;
    QDoubleSpinBox* m_rf = nullptr;
    QSpinBox* m_periods = nullptr;
    QComboBox* m_convention = nullptr;
    QLineEdit* m_start = nullptr;
    QLineEdit* m_end = nullptr;
    QLabel* m_datesError = nullptr;
    QComboBox* m_period = nullptr;
    QDate m_dataEnd;
    int m_chosenPeriod = -1;
};

} // namespace ts::ui

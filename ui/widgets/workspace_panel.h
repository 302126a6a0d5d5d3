#pragma once
// The workspace editor on the left of the window: the strategies (rename, colour, remove, add a CSV), the
// first portfolio's holdings (add, remove, weights with a live sum and normalise), its rebalancing rule and
// costs, the benchmark, rf and periods per year. It edits a ReportRequest; the window computes.

#include "report/report_request.h"

#include <QWidget>

class QComboBox;
class QCompleter;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace ts::ui {

class WorkspacePanel : public QWidget {
    Q_OBJECT
public:
    explicit WorkspacePanel(QWidget* parent = nullptr);
    void setRequest(const ReportRequest& r);
    // The request with every edit applied; `problem` says what blocks a computation (weights, ...).
    ReportRequest request(QString* problem = nullptr) const;
    QTableWidget* holdingsTable() const { return m_holdings; }

signals:
    void computeRequested();
    void addCsvRequested();
    void edited();

private:
    void updateSum();
    ReportRequest m_base;
    bool m_loading = false;
    QListWidget* m_strategies = nullptr;
    QTableWidget* m_holdings = nullptr;
    QLabel* m_sum = nullptr;
    QComboBox* m_rebalance = nullptr;
    QDoubleSpinBox* m_band = nullptr;
    // The band as loaded and as the spin box showed it: an untouched box gives back the exact band
    // rather than its two-decimal rounding.
    double m_loadedBand = 0, m_loadedBandShown = -1;
    QDoubleSpinBox* m_cost = nullptr;
    QLineEdit* m_benchmark = nullptr;
    QCompleter* m_completer = nullptr;
    QDoubleSpinBox* m_rf = nullptr;
    QSpinBox* m_periods = nullptr;
    QLineEdit* m_start = nullptr;
    QLineEdit* m_end = nullptr;
};

} // namespace ts::ui

#pragma once
// The Monte Carlo view: the analysed first strategy resampled with the method, number of simulations,
// seed, horizon, block length, bust and goal the user picks; a fan chart, the summary table and its
// notes. Runs as a MonteCarloJob (progress, cancel); a new analysis clears the old result.

#include "report/montecarlo_section.h"
#include "report/report_model.h"

#include <QWidget>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ts::ui {

class MonteCarloJob;

// Paints a result's fan (charts/montecarlo_chart.h); empty until there is one.
class MonteCarloFan : public QWidget {
    Q_OBJECT
public:
    explicit MonteCarloFan(QWidget* parent = nullptr);
    void setResult(std::shared_ptr<const MonteCarloResult> r, QString title);
    bool hasResult() const { return m_result != nullptr; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    std::shared_ptr<const MonteCarloResult> m_result;
    QString m_title;
};

class MonteCarloPanel : public QWidget {
    Q_OBJECT
public:
    explicit MonteCarloPanel(QWidget* parent = nullptr);
    ~MonteCarloPanel() override;

    void setReport(std::shared_ptr<const ReportModel> report);
    void run();
    void cancel();

    std::shared_ptr<const MonteCarloResult> result() const { return m_result; }
    QTableWidget* summaryTable() const { return m_table; }
    MonteCarloFan* fan() const { return m_fan; }
    QString notes() const;

signals:
    void finished();
    void failed(const QString& message);

private:
    MonteCarloParams params() const;
    void showResult(std::shared_ptr<const MonteCarloResult> r);
    void clearResult(const QString& why);

    std::shared_ptr<const ReportModel> m_report;
    std::shared_ptr<const MonteCarloResult> m_result;
    MonteCarloJob* m_job = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox *m_sims = nullptr, *m_seed = nullptr;
    QDoubleSpinBox *m_horizon = nullptr, *m_block = nullptr, *m_bust = nullptr, *m_goal = nullptr;
    QPushButton *m_run = nullptr, *m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel *m_status = nullptr, *m_notes = nullptr;
    MonteCarloFan* m_fan = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace ts::ui

#pragma once
// A Monte Carlo run off the UI thread: returns and parameters in, a MonteCarloResult out, with
// progress and cancel (the same shape as AnalysisJob). A job whose owner is gone delivers nothing.

#include "analytics/montecarlo.h"

#include <QObject>
#include <atomic>
#include <memory>
#include <vector>

namespace ts::ui {

class MonteCarloJob : public QObject {
    Q_OBJECT
public:
    MonteCarloJob(std::vector<double> returns, MonteCarloParams params, QObject* parent = nullptr);
    ~MonteCarloJob() override;

    void start();
    void cancel();
    bool running() const { return m_running; }

signals:
    void progress(int done, int total);
    void finished(std::shared_ptr<const ts::MonteCarloResult> result);
    void failed(const QString& message);

private:
    std::vector<double> m_returns;
    MonteCarloParams m_params;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    bool m_running = false;
};

} // namespace ts::ui

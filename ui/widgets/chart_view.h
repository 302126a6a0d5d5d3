#pragma once
// An interactive tearsheet chart: drag a rectangle or use the wheel to zoom, arrow keys to pan,
// double-click or 0 to reset, hover for the value under the cursor, click the legend to toggle a
// series, right-click to save it as PNG or SVG.

#include "charts/chart_catalog.h"
#include "report/report_model.h"

#include <QChartView>
#include <memory>

namespace ts::ui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    ChartView(ChartId id, const ChartData& data, QWidget* parent = nullptr);
    // Keeps the report alive for "Save as PNG/SVG" (the same renderers as the CLI).
    void setReport(std::shared_ptr<const ReportModel> report) { m_report = std::move(report); }
    ChartId chartId() const { return m_id; }
    // Shades [from, to] (a selected drawdown); an invalid range removes the shade.
    void highlight(const QDate& from, const QDate& to);
    bool hasHighlight() const { return m_highlight != nullptr; }

protected:
    void contextMenuEvent(QContextMenuEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override; // arrows pan, +/- zoom, 0 resets

private:
    ChartId m_id;
    QAbstractSeries* m_highlight = nullptr;
    std::shared_ptr<const ReportModel> m_report;
};

} // namespace ts::ui

#pragma once
// An interactive tearsheet chart: drag a rectangle or Ctrl+wheel to zoom, arrow keys to pan and
// +/- to zoom once it has focus (Tab or one click; a frame shows it), double-click or 0 to reset,
// hover for the values under the cursor in the axis' unit, click the legend to toggle a series,
// right-click to save it as PNG or SVG. A plain wheel is left to the page, even over a focused
// chart: the Charts tab stacks 14 of them in a scroll area, and a wheel that zooms whichever chart
// is under the cursor traps the reader. Ticks follow every zoom (charts/tick_axes.h).

#include "charts/chart_catalog.h"
#include "report/report_model.h"

#include <QChartView>
#include <QPen>
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
    QString crosshairText() const; // what the crosshair shows now; empty when hidden

protected:
    void contextMenuEvent(QContextMenuEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override; // Ctrl zooms; otherwise ignored so the page scrolls
    void focusInEvent(QFocusEvent* e) override;
    void focusOutEvent(QFocusEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;    // arrows pan, +/- zoom, 0 resets
    void mouseMoveEvent(QMouseEvent* e) override; // crosshair with the values under the cursor
    void leaveEvent(QEvent* e) override;

private:
    ChartId m_id;
    QAbstractSeries* m_highlight = nullptr;
    std::shared_ptr<const ReportModel> m_report;
    class QGraphicsLineItem* m_crossV = nullptr;
    class QGraphicsSimpleTextItem* m_crossText = nullptr;
    QPen m_backgroundPen; // the chart's own, shown without focus
};

} // namespace ts::ui

#pragma once
// An interactive tearsheet chart: drag a rectangle to zoom, wheel to zoom, right button or
// double-click to reset, hover for the value under the cursor; the legend toggles series.

#include "charts/chart_catalog.h"

#include <QChartView>

namespace ts::ui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    ChartView(ChartId id, const ChartData& data, QWidget* parent = nullptr);
    ChartId chartId() const { return m_id; }
    // Shades [from, to] (a selected drawdown); an invalid range removes the shade.
    void highlight(const QDate& from, const QDate& to);
    bool hasHighlight() const { return m_highlight != nullptr; }

protected:
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;

private:
    ChartId m_id;
    QAbstractSeries* m_highlight = nullptr;
};

} // namespace ts::ui

#pragma once
// "Monthly Returns (%)": years down, months across, each cell coloured on a red-white-green scale
// and labelled with its return. QtCharts has no heatmap, so it is painted directly.

#include "analytics/chart_data.h"

#include <QRectF>

class QPainter;

namespace ts::ui {

void paintMonthlyHeatmap(QPainter& p, const QRectF& rect, const ChartData& d);
// Height that shows every year readable at `width`.
double heatmapHeight(const ChartData& d, double width);

} // namespace ts::ui

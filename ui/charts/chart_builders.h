#pragma once
// One builder per QtCharts tearsheet chart (the heatmap is painted in heatmap_chart).

#include "analytics/chart_data.h"

class QChart;

namespace ts::ui {

// line_charts.cpp
QChart* cumulativeReturnsChart(const ChartData& d, bool logScale);
QChart* volatilityMatchedChart(const ChartData& d);
QChart* dailyReturnsChart(const ChartData& d);
QChart* rollingBetaChart(const ChartData& d);
QChart* rollingVolatilityChart(const ChartData& d);
QChart* rollingSharpeChart(const ChartData& d);
QChart* rollingSortinoChart(const ChartData& d);
// drawdown_charts.cpp
QChart* drawdownPeriodsChart(const ChartData& d);
QChart* underwaterChart(const ChartData& d);
// distribution_charts.cpp
QChart* eoyReturnsChart(const ChartData& d);
QChart* monthlyDistributionChart(const ChartData& d);
QChart* returnQuantilesChart(const ChartData& d);

} // namespace ts::ui

#pragma once
// The 14 tearsheet charts of metrics.md §4, in QuantStats' order: id, stable key (file names,
// CLI --chart), title. One builder per chart lives in the files named after their kind.

#include "analytics/chart_data.h"

#include <QString>
#include <vector>

class QChart;

namespace ts::ui {

enum class ChartId {
    Returns,
    LogReturns,
    VolMatchedReturns,
    EoyReturns,
    MonthlyDistribution,
    DailyReturns,
    RollingBeta,
    RollingVolatility,
    RollingSharpe,
    RollingSortino,
    DrawdownPeriods,
    Underwater,
    MonthlyHeatmap,
    ReturnQuantiles,
};

struct ChartInfo {
    ChartId id;
    const char* key;
    bool needsBenchmark;
};

const std::vector<ChartInfo>& chartCatalog();
const ChartInfo* findChart(const QString& key);
const char* findChartKey(ChartId id);
QString chartTitle(ChartId id, const ChartData& d);
// The charts that apply to this data (benchmark-only ones dropped without a benchmark).
std::vector<ChartId> chartsFor(const ChartData& d);

// Builds the QtCharts chart; the caller owns it. Not for MonthlyHeatmap, which is painted directly.
QChart* buildChart(ChartId id, const ChartData& d);

} // namespace ts::ui

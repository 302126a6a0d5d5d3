#pragma once
// The data behind every tearsheet chart of metrics.md §4, computed once so the desktop charts, the
// HTML/PDF renderers and the JSON companions draw the same numbers. No drawing here.

#include "analytics/alignment.h"
#include "analytics/calendar.h"
#include "analytics/drawdown.h"
#include "analytics/return_tables.h"

#include <cmath>
#include <vector>

namespace ts {

struct BoxStats {
    double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
    double whiskerLow = 0, whiskerHigh = 0; // 1.5 IQR whiskers clipped to data, as seaborn draws them
    std::size_t count = 0;
};

struct ChartData {
    std::vector<QDate> dates;
    std::vector<QString> names;  // strategies, then benchmark
    std::vector<QString> colors; // per column, "#RRGGBB" chosen by the user; empty = the palette
    bool hasBenchmark = false;

    std::vector<std::vector<double>> cumulative; // compsum (cumsum when not compounded), per column
    std::vector<double> volatilityMatched;       // first strategy scaled to the benchmark's sd, cumulated
    std::vector<PeriodReturns> yearly;           // EOY bars per column (aligned benchmark)
    std::vector<PeriodReturns> monthly;          // monthly distribution per column
    std::vector<double> dailyCumSum;             // "Daily Returns (Cumulative Sum)" of the first strategy
    std::vector<double> rollingBeta6m, rollingBeta12m;  // first strategy vs benchmark
    std::vector<std::vector<double>> rollingVolatility; // per column, half-year window
    std::vector<double> rollingSharpe, rollingSortino;  // first strategy, half-year window
    std::vector<double> drawdown;                       // underwater series of the first strategy
    std::vector<DrawdownEpisode> longestDrawdowns;      // the 5 longest episodes (Q23)
    std::vector<MonthlyRow> heatmap;                    // first strategy
    // Return quantiles of the first strategy: daily, weekly, monthly, quarterly, yearly.
    BoxStats quantiles[5];
};

// The rolling charts' window lengths in rows: 6 and 12 months.
struct RollingWindows {
    int halfYear = 126, year = 252;
    // QuantStats' sizes: ceil(periods / 2) and periods.
    static RollingWindows forPeriods(double periods) {
        return {static_cast<int>(std::ceil(periods / 2)), static_cast<int>(periods)};
    }
};

// `firstDrawdowns`, when given, is the first column's drawdowns already computed (the metrics
// table has them), so they are not computed twice. Without `windows`, they follow `periods`.
ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded,
                           const CalendarIndex& cal, const ColumnDrawdowns* firstDrawdowns = nullptr);
ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded,
                           const CalendarIndex& cal, RollingWindows windows,
                           const ColumnDrawdowns* firstDrawdowns = nullptr);
ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded);

BoxStats boxStats(std::span<const double> values);

} // namespace ts

#include "analytics/chart_data.h"

#include "analytics/numeric.h"
#include "analytics/rolling.h"

#include <algorithm>
#include <cmath>

namespace ts {

BoxStats boxStats(std::span<const double> values) {
    BoxStats b;
    b.count = values.size();
    if (values.empty()) return b;
    std::vector<double> v(values.begin(), values.end());
    static constexpr double kQuartiles[] = {0.25, 0.5, 0.75};
    double q[3];
    num::quantilesSelect(v, kQuartiles, q);
    b.q1 = q[0];
    b.median = q[1];
    b.q3 = q[2];
    const double iqr = b.q3 - b.q1;
    const double lo = b.q1 - 1.5 * iqr, hi = b.q3 + 1.5 * iqr;
    b.min = b.max = v.front();
    // Some point is always >= lo (the max) and <= hi (the min), so both whiskers get set.
    b.whiskerLow = HUGE_VAL;
    b.whiskerHigh = -HUGE_VAL;
    for (double x : v) {
        b.min = std::min(b.min, x);
        b.max = std::max(b.max, x);
        if (x >= lo) b.whiskerLow = std::min(b.whiskerLow, x);
        if (x <= hi) b.whiskerHigh = std::max(b.whiskerHigh, x);
    }
    return b;
}

ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded) {
    return computeChartData(in, periods, compounded, CalendarIndex(in.dates));
}

ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded,
                           const CalendarIndex& cal, const ColumnDrawdowns* firstDrawdowns) {
    return computeChartData(in, periods, compounded, cal, RollingWindows::forPeriods(periods),
                            firstDrawdowns);
}

ChartData computeChartData(const AlignedReturns& in, double periods, bool compounded,
                           const CalendarIndex& cal, RollingWindows windows,
                           const ColumnDrawdowns* firstDrawdowns) {
    ChartData d;
    d.dates = in.dates;
    d.names = in.names;
    d.hasBenchmark = in.hasBenchmark;
    const std::size_t n = in.rows();
    const int halfYear = windows.halfYear;
    const int year = windows.year;

    for (const auto& col : in.columns) {
        std::vector<double> cum(n);
        double acc = compounded ? 1.0 : 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            acc = compounded ? acc * (1 + col[i]) : acc + col[i];
            cum[i] = compounded ? acc - 1.0 : acc;
        }
        d.cumulative.push_back(std::move(cum));
        d.yearly.push_back(aggregate(cal, col, Period::Year, compounded));
        d.monthly.push_back(aggregate(cal, col, Period::Month, compounded));
        d.rollingVolatility.push_back(rolling::volatility(col, halfYear, periods));
    }

    const auto& r = in.columns.front();
    if (in.hasBenchmark) {
        const auto& b = in.columns.back();
        const double scale = num::stdev(b) / num::stdev(r);
        d.volatilityMatched.resize(n);
        double acc = 1.0;
        for (std::size_t i = 0; i < n; ++i) {
            acc *= 1 + r[i] * scale;
            d.volatilityMatched[i] = acc - 1.0;
        }
        // QuantStats fills the warm-up with 0 before drawing (and before its mean line, Q24).
        d.rollingBeta6m = rolling::beta(r, b, halfYear);
        d.rollingBeta12m = rolling::beta(r, b, year);
    }
    d.dailyCumSum.resize(n);
    double cs = 0;
    for (std::size_t i = 0; i < n; ++i)
        d.dailyCumSum[i] = cs += r[i];
    d.rollingSharpe = rolling::sharpe(r, halfYear, periods);
    d.rollingSortino = rolling::sortino(r, halfYear, periods);
    if (firstDrawdowns) {
        d.drawdown = firstDrawdowns->series;
        d.longestDrawdowns = longestDrawdowns(firstDrawdowns->episodes, 5);
    } else {
        d.drawdown = drawdownSeries(r);
        d.longestDrawdowns = longestDrawdowns(drawdownEpisodes(in.dates, d.drawdown), 5);
    }
    d.heatmap = monthlyReturns(cal, r, compounded);

    d.quantiles[0] = boxStats(r);
    const Period ps[] = {Period::Week, Period::Month, Period::Quarter, Period::Year};
    for (int i = 0; i < 4; ++i)
        d.quantiles[i + 1] = boxStats(aggregate(cal, r, ps[i], true).values);
    return d;
}

} // namespace ts

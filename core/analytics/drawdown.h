#pragma once
// Drawdowns (metrics.md §2). The wealth path starts from a phantom 1.0 the day before the first
// return, so a loss on day one counts. Episodes run from the first to the last day under water
// (QuantStats Q15): `end` is the last underwater day, or the last date when not recovered.

#include <QDate>
#include <span>
#include <vector>

namespace ts {

struct DrawdownEpisode {
    QDate start, valley, end;
    int days = 0;             // calendar days, inclusive
    double maxDrawdown = 0;   // fraction, <= 0
    double maxDrawdown99 = 0; // depth after dropping values at/above the 99th percentile; NaN if none
};

// A column's underwater series and its episodes, computed once and shared by tables and charts.
struct ColumnDrawdowns {
    std::vector<double> series;
    std::vector<DrawdownEpisode> episodes;
};

// dd_t = W_t / max_{s<=t} W_s - 1 with W = cumulative wealth from 1.0.
std::vector<double> drawdownSeries(std::span<const double> r);
void drawdownSeries(std::span<const double> r, std::vector<double>& out);

// min of the drawdown series; 0 when there is none.
double maxDrawdown(std::span<const double> dd);

std::vector<DrawdownEpisode> drawdownEpisodes(std::span<const QDate> dates, std::span<const double> dd);

// The N deepest episodes, deepest first (ties keep date order).
std::vector<DrawdownEpisode> worstDrawdowns(const std::vector<DrawdownEpisode>& all, std::size_t n);
// The N longest episodes (the "Worst 5 Drawdown Periods" chart shades these, Q23).
std::vector<DrawdownEpisode> longestDrawdowns(const std::vector<DrawdownEpisode>& all, std::size_t n);

} // namespace ts

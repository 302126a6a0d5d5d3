#pragma once
// Rolling statistics behind the report's rolling charts (metrics.md §4, charts 7-10). Windows are
// trailing and full: the first window-1 values are NaN, as in pandas' rolling(window).

#include <span>
#include <vector>

namespace ts::rolling {

std::vector<double> volatility(std::span<const double> r, int window, double periods);
std::vector<double> sharpe(std::span<const double> r, int window, double periods);
std::vector<double> sortino(std::span<const double> r, int window, double periods);
// beta = rolling corr(r,b) * sd_r / sd_b
std::vector<double> beta(std::span<const double> r, std::span<const double> b, int window);

} // namespace ts::rolling

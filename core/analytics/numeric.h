#pragma once
// Numeric building blocks with pandas/numpy semantics: pairwise summation (numpy's add.reduce),
// two-pass sample moments with ddof=1, bias-corrected skew/kurtosis, linear quantiles, the normal law.
// Every function is pure and takes spans; NaN means "undefined".

#include <cstddef>
#include <span>
#include <vector>

namespace ts::num {

inline constexpr double kNaN = __builtin_nan("");

double sum(std::span<const double> x);  // numpy pairwise summation
double mean(std::span<const double> x); // NaN when empty
double variance(std::span<const double> x, int ddof = 1);
double stdev(std::span<const double> x, int ddof = 1);
double covariance(std::span<const double> x, std::span<const double> y, int ddof = 1);
double pearson(std::span<const double> x, std::span<const double> y); // NaN if a side is constant
double skew(std::span<const double> x);                               // pandas Series.skew()
double kurtosis(std::span<const double> x);                           // pandas Series.kurt() (excess)
// Population (moment) estimators m3/m2^1.5 and m4/m2^2 (raw, not excess), as Bailey and López de
// Prado and PerformanceAnalytics' method = "moment" use them.
double momentSkew(std::span<const double> x);
double momentKurtosis(std::span<const double> x);
double product1p(std::span<const double> x); // prod(1 + x)

// Linear-interpolation quantile (numpy "linear", pandas default) of already sorted data.
double quantileSorted(std::span<const double> sorted, double p);
std::vector<double> sortedCopy(std::span<const double> x);
// The same linear quantile by selection (O(n)); reorders `scratch`, which holds the data.
double quantileSelect(std::vector<double>& scratch, double p);
// Several linear quantiles at once by nested selection (about 2n work for the 4 tails); `probs`
// ascending, results in `out`. Same values as quantileSorted; reorders `scratch`.
void quantilesSelect(std::vector<double>& scratch, std::span<const double> probs, std::span<double> out);

double normCdf(double x);
double normPpf(double p); // inverse of normCdf, full double precision

} // namespace ts::num

#pragma once
// Single-series statistics of QuantStats 0.0.81 (quantstats/stats.py), as pure functions over spans.
// `r` is a return series with no missing values; `x` is r minus the per-period risk-free rate.
// Undefined results are NaN; callers decide how to present them.

#include <cstddef>
#include <span>

namespace ts::stats {

// What many ratios share, computed once per series by callers that need several of them.
struct Summary {
    std::size_t n = 0;
    double mean = 0, sd = 0; // sample sd (ddof 1)
    double downsideSq = 0;   // sum of squared negative values
};
Summary summarize(std::span<const double> x);

double comp(std::span<const double> r);                                  // prod(1+r) - 1
double total(std::span<const double> r, bool compounded);                // comp, or the simple sum
double cagr(std::span<const double> r, double periods, bool compounded); // years = n / periods
double cagrFromTotal(double totalReturn, std::size_t n, double periods);
double perPeriodRate(double annualRf, double periods); // (1+rf)^(1/P) - 1

double volatility(std::span<const double> r, double periods); // sd * sqrt(P)
double volatility(const Summary& r, double periods);
double autocorrPenalty(std::span<const double> x); // sqrt(1 + 2 sum (n-k)/n |rho|^k)
double sharpe(std::span<const double> x, double periods, double penalty = 1.0);
double sharpe(const Summary& x, double periods, double penalty = 1.0);
double sortino(std::span<const double> x, double periods, double penalty = 1.0);
double sortino(const Summary& x, double periods, double penalty = 1.0);
double omega(std::span<const double> x, double threshold = 0.0);
// PSR with QuantStats' formula: per-period SR, excess kurtosis in the raw-kurtosis slot (Q3).
double probabilisticSharpe(std::span<const double> r, double rfAnnual);
double probabilisticSharpe(std::span<const double> r, const Summary& s, double rfAnnual);
// PSR of Bailey & López de Prado (2012) against a per-period benchmark Sharpe `refSr`:
// Phi((SR - refSr) sqrt(n-1) / sqrt(1 - g3 SR + (g4-1)/4 SR^2)) with SR = mean(x)/sd(x) per period of
// the excess returns x, g3 and g4 their moment skewness and raw kurtosis.
double probabilisticSharpeBailey(double sr, double skew, double rawKurtosis, std::size_t n, double refSr = 0);
double probabilisticSharpeBailey(std::span<const double> x, const Summary& xs, double refSr = 0);

double exposure(std::span<const double> r);       // share of non-zero days, rounded up to a whole percent
double winRate(std::span<const double> r);        // #>0 / #!=0, 0 when all are zero
double expectedReturn(std::span<const double> r); // geometric mean per period
double riskOfRuin(double winRate, double n);
double valueAtRisk(std::span<const double> r, double confidence = 0.95); // parametric normal
double valueAtRisk(const Summary& r, double confidence = 0.95);
double conditionalValueAtRisk(std::span<const double> r, double var); // mean below var, else var
int maxConsecutive(std::span<const double> r, bool wins);
double gainToPain(std::span<const double> r); // sum / |sum of negatives|
double profitRatio(std::span<const double> r);
double profitFactor(std::span<const double> r); // may be +inf
// Quantiles are passed in so a caller computes them once per series (linear, numpy's default).
double tailRatio(double q95, double q05);                       // |Q(.95)/Q(.05)|
double outlierWinRatio(double q99, std::span<const double> r);  // Q(.99) / mean(r >= 0)
double outlierLossRatio(double q01, std::span<const double> r); // Q(.01) / mean(r < 0)
double ulcerIndex(std::span<const double> dd);
double ulcerPerformanceIndex(std::span<const double> r, std::span<const double> dd,
                             double rfAnnual); // NaN if UI = 0
double ulcerPerformanceIndex(double compounded, std::span<const double> dd, double rfAnnual);
double recoveryFactor(double sumReturns, double maxDrawdown);
double serenityIndex(std::span<const double> r, std::span<const double> dd, double rfAnnual);
double serenityIndex(double sumReturns, double sd, std::span<const double> dd, double rfAnnual);

struct Greeks {
    double beta = 0, alpha = 0;
};
Greeks greeks(std::span<const double> r, std::span<const double> b, double periods); // NaN -> 0 like QS
double rSquared(std::span<const double> r, std::span<const double> b);               // linregress r^2
double informationRatio(std::span<const double> r, std::span<const double> b);       // not annualised

} // namespace ts::stats

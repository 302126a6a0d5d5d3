#pragma once
// Sharpe ratios that account for how many strategies were tried (Bailey & López de Prado):
//  - probabilistic Sharpe ratio PSR(SR*) = Phi((SR - SR*) sqrt(T-1) / sqrt(1 - g3 SR + (g4-1)/4 SR^2)),
//    the probability that the true Sharpe exceeds SR* given T observations with skewness g3 and raw
//    kurtosis g4 ("The Sharpe Ratio Efficient Frontier", 2012);
//  - the expected maximum Sharpe of N independent trials whose true Sharpe is 0, from the variance V
//    of their estimated Sharpe ratios: sqrt(V) ((1-e) Z(1-1/N) + e Z(1-1/(N exp(1)))), e the
//    Euler-Mascheroni constant, Z the standard normal quantile ("The Deflated Sharpe Ratio", 2014);
//  - the deflated Sharpe ratio DSR = PSR(expected maximum): the best of N is judged against what the
//    best of N would show by luck alone.
// All Sharpe ratios here are per period (not annualised), as the formulas want them.

#include <cstddef>
#include <span>

namespace ts::stats {

inline constexpr double kEulerMascheroni = 0.57721566490153286061;

// NaN when N < 2 or V < 0.
double expectedMaxSharpe(std::size_t trials, double sharpeVariance);

struct DeflatedSharpe {
    double expectedMax = 0; // per period: the hurdle the best of the trials must clear
    double probability = 0; // DSR, a probability
};
// `sr`, `skew`, `rawKurtosis` and `observations` describe the strategy judged; `trials` and
// `sharpeVariance` the set it was picked from.
DeflatedSharpe deflatedSharpe(double sr, double skew, double rawKurtosis, std::size_t observations,
                              std::size_t trials, double sharpeVariance);
// The same from every trial's per-period Sharpe: V is their sample variance (ddof 1).
DeflatedSharpe deflatedSharpe(double sr, double skew, double rawKurtosis, std::size_t observations,
                              std::span<const double> trialSharpes);

} // namespace ts::stats

#include "analytics/multiple_testing.h"

#include "analytics/numeric.h"
#include "analytics/return_stats.h"

#include <cmath>

namespace ts::stats {

double expectedMaxSharpe(std::size_t trials, double sharpeVariance) {
    if (trials < 2 || !(sharpeVariance >= 0)) return num::kNaN;
    const auto n = static_cast<double>(trials);
    return std::sqrt(sharpeVariance) * ((1 - kEulerMascheroni) * num::normPpf(1 - 1 / n) +
                                        kEulerMascheroni * num::normPpf(1 - 1 / (n * std::exp(1.0))));
}

DeflatedSharpe deflatedSharpe(double sr, double skew, double rawKurtosis, std::size_t observations,
                              std::size_t trials, double sharpeVariance) {
    DeflatedSharpe d;
    d.expectedMax = expectedMaxSharpe(trials, sharpeVariance);
    d.probability = std::isnan(d.expectedMax)
                        ? num::kNaN
                        : probabilisticSharpeBailey(sr, skew, rawKurtosis, observations, d.expectedMax);
    return d;
}

DeflatedSharpe deflatedSharpe(double sr, double skew, double rawKurtosis, std::size_t observations,
                              std::span<const double> trialSharpes) {
    return deflatedSharpe(sr, skew, rawKurtosis, observations, trialSharpes.size(),
                          num::variance(trialSharpes));
}

} // namespace ts::stats

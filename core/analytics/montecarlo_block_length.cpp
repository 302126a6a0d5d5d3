#include "analytics/montecarlo_block_length.h"

#include "analytics/numeric.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ts {

namespace {

double flatTop(double t) {
    t = std::abs(t);
    return t < 0.5 ? 1.0 : t <= 1.0 ? 2.0 * (1.0 - t) : 0.0;
}

} // namespace

double automaticBlockLength(std::span<const double> x) {
    const std::size_t n = x.size();
    if (n < 4) return 1.0;
    if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; }))
        return 1.0; // a constant series: nothing to keep together (its "mean" can round off it)
    const double nd = static_cast<double>(n);
    const double mu = num::mean(x);
    std::vector<double> e(n);
    for (std::size_t t = 0; t < n; ++t)
        e[t] = x[t] - mu;

    const auto kn = static_cast<std::size_t>(std::max(5.0, std::ceil(std::sqrt(std::log10(nd)))));
    const std::size_t mMax = std::min(n - 1, static_cast<std::size_t>(std::ceil(std::sqrt(nd))) + kn);
    const double bMax = std::ceil(std::min(3 * std::sqrt(nd), nd / 3));

    // R(0..mMax)
    std::vector<double> acv(mMax + 1, 0.0);
    for (std::size_t k = 0; k <= mMax; ++k) {
        double s = 0;
        for (std::size_t t = 0; t + k < n; ++t)
            s += e[t] * e[t + k];
        acv[k] = s / nd;
    }
    if (!(acv[0] > 0)) return 1.0;

    const double band = 2.0 * std::sqrt(std::log10(nd) / nd);
    auto significant = [&](std::size_t k) { return std::abs(acv[k] / acv[0]) >= band; };
    std::size_t mHat = 0;
    for (std::size_t m = 1; m + kn - 1 <= mMax && mHat == 0; ++m) {
        bool allSmall = true;
        for (std::size_t k = m; k < m + kn && allSmall; ++k)
            allSmall = !significant(k);
        if (allSmall) mHat = m;
    }
    if (mHat == 0) { // no run of K_N small ones: the largest significant lag
        for (std::size_t k = mMax; k >= 1 && mHat == 0; --k)
            if (significant(k)) mHat = k;
        if (mHat == 0) mHat = 1;
    }
    const std::size_t M = std::min(2 * mHat, mMax);

    const double md = static_cast<double>(M);
    double G = 0, g = acv[0];
    for (std::size_t k = 1; k <= M; ++k) {
        const double w = flatTop(static_cast<double>(k) / md);
        G += 2 * w * static_cast<double>(k) * acv[k]; // k and -k
        g += 2 * w * acv[k];
    }
    const double dSb = 2 * g * g;
    double b = dSb > 0 ? std::cbrt(2 * G * G / dSb * nd) : bMax;
    if (!std::isfinite(b)) b = bMax;
    b = std::clamp(b, 1.0, std::max(1.0, bMax));
    return std::round(b * 1000) / 1000;
}

} // namespace ts

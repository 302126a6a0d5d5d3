#include "analytics/numeric.h"

#include <algorithm>
#include <cmath>

namespace ts::num {

double sum(std::span<const double> x) {
    // Same blocking as numpy's pairwise_sum so totals agree with QuantStats to the last bits.
    const std::size_t n = x.size();
    if (n < 8) {
        double r = 0.0;
        for (double v : x)
            r += v;
        return r;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = x[static_cast<std::size_t>(j)];
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += x[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += x[i];
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return sum(x.first(n2)) + sum(x.subspan(n2));
}

double mean(std::span<const double> x) {
    return x.empty() ? kNaN : sum(x) / static_cast<double>(x.size());
}

namespace {
// Sum of (x - m)^k for k = 2, pairwise like pandas' nanvar, without allocating for small inputs.
template <typename F> double pairwiseMapped(std::span<const double> x, F f) {
    const std::size_t n = x.size();
    if (n < 8) {
        double r = 0.0;
        for (double v : x)
            r += f(v);
        return r;
    }
    if (n <= 128) {
        double r[8];
        for (std::size_t j = 0; j < 8; ++j)
            r[j] = f(x[j]);
        std::size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (std::size_t j = 0; j < 8; ++j)
                r[j] += f(x[i + j]);
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            res += f(x[i]);
        return res;
    }
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseMapped(x.first(n2), f) + pairwiseMapped(x.subspan(n2), f);
}

double zeroFpErr(double v) {
    return std::abs(v) < 1e-14 ? 0.0 : v;
}
} // namespace

double variance(std::span<const double> x, int ddof) {
    const auto n = static_cast<double>(x.size());
    if (n - ddof <= 0) return kNaN;
    // A constant series has no dispersion; rounding in the mean must not invent some (and with it a
    // Sharpe of 1e16).
    if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x.front(); })) return 0.0;
    const double m = mean(x);
    return pairwiseMapped(x, [m](double v) { return (v - m) * (v - m); }) / (n - ddof);
}

double stdev(std::span<const double> x, int ddof) {
    return std::sqrt(variance(x, ddof));
}

double covariance(std::span<const double> x, std::span<const double> y, int ddof) {
    const std::size_t n = std::min(x.size(), y.size());
    if (static_cast<double>(n) - ddof <= 0) return kNaN;
    const double mx = mean(x.first(n)), my = mean(y.first(n));
    double acc = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        acc += (x[i] - mx) * (y[i] - my);
    return acc / (static_cast<double>(n) - ddof);
}

double pearson(std::span<const double> x, std::span<const double> y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2) return kNaN;
    const double mx = mean(x.first(n)), my = mean(y.first(n));
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) return kNaN;
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double skew(std::span<const double> x) {
    const auto n = static_cast<double>(x.size());
    if (x.size() < 3) return kNaN;
    const double m = mean(x);
    const double m2 = zeroFpErr(pairwiseMapped(x, [m](double v) { return (v - m) * (v - m); }));
    const double m3 = zeroFpErr(pairwiseMapped(x, [m](double v) {
        const double d = v - m;
        return d * d * d;
    }));
    if (m2 == 0) return 0.0;
    return (n * std::sqrt(n - 1) / (n - 2)) * (m3 / std::pow(m2, 1.5));
}

double kurtosis(std::span<const double> x) {
    const auto n = static_cast<double>(x.size());
    if (x.size() < 4) return kNaN;
    const double m = mean(x);
    const double m2 = pairwiseMapped(x, [m](double v) { return (v - m) * (v - m); });
    const double m4 = pairwiseMapped(x, [m](double v) {
        const double d2 = (v - m) * (v - m);
        return d2 * d2;
    });
    const double numer = zeroFpErr(n * (n + 1) * (n - 1) * m4);
    const double denom = zeroFpErr((n - 2) * (n - 3) * m2 * m2);
    if (denom == 0) return 0.0;
    const double adj = 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
    return numer / denom - adj;
}

double momentSkew(std::span<const double> x) {
    if (x.size() < 3) return kNaN;
    const auto n = static_cast<double>(x.size());
    const double m = mean(x);
    const double m2 = pairwiseMapped(x, [m](double v) { return (v - m) * (v - m); }) / n;
    const double m3 = pairwiseMapped(x, [m](double v) { return (v - m) * (v - m) * (v - m); }) / n;
    return m2 == 0 ? kNaN : m3 / std::pow(m2, 1.5);
}

double momentKurtosis(std::span<const double> x) {
    if (x.size() < 4) return kNaN;
    const auto n = static_cast<double>(x.size());
    const double m = mean(x);
    const double m2 = pairwiseMapped(x, [m](double v) { return (v - m) * (v - m); }) / n;
    const double m4 = pairwiseMapped(x,
                                     [m](double v) {
                                         const double d2 = (v - m) * (v - m);
                                         return d2 * d2;
                                     }) /
                      n;
    return m2 == 0 ? kNaN : m4 / (m2 * m2);
}

double product1p(std::span<const double> x) {
    double p = 1.0;
    for (double v : x)
        p *= 1.0 + v;
    return p;
}

double quantileSorted(std::span<const double> s, double p) {
    if (s.empty()) return kNaN;
    const double h = (static_cast<double>(s.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= s.size()) return s.back();
    const double frac = h - static_cast<double>(lo);
    // numpy's lerp form, which keeps exact endpoints
    const double a = s[lo], b = s[lo + 1], d = b - a;
    return frac >= 0.5 ? b - d * (1 - frac) : a + d * frac;
}

std::vector<double> sortedCopy(std::span<const double> x) {
    std::vector<double> v(x.begin(), x.end());
    std::sort(v.begin(), v.end());
    return v;
}

double quantileSelect(std::vector<double>& v, double p) {
    if (v.empty()) return kNaN;
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto nth = v.begin() + static_cast<std::ptrdiff_t>(lo);
    std::nth_element(v.begin(), nth, v.end());
    const double a = *nth;
    if (lo + 1 >= v.size()) return a;
    const double b = *std::min_element(nth + 1, v.end());
    const double frac = h - static_cast<double>(lo), d = b - a;
    return frac >= 0.5 ? b - d * (1 - frac) : a + d * frac;
}

namespace {
// Linear quantiles for probs[pl, ph) whose order statistics lie in v[lo-1, hi]. Indices lo-1 and
// hi (when inside v) hold earlier pivots, already in place; bBelow and bAt are the order statistics
// just after them. Everything in v[lo, hi) lies between those two pivots.
void multiSelect(std::vector<double>& v, std::size_t lo, std::size_t hi, std::span<const double> probs,
                 std::size_t pl, std::size_t ph, std::span<double> out, double bBelow, double bAt) {
    if (pl >= ph) return;
    const std::size_t pm = pl + (ph - pl) / 2;
    const double h = (static_cast<double>(v.size()) - 1) * probs[pm];
    const auto k = static_cast<std::size_t>(std::floor(h));
    double b = kNaN;
    if (k == hi) {
        b = bAt;
    } else if (k + 1 == lo) {
        b = bBelow;
    } else {
        const auto first = v.begin() + static_cast<std::ptrdiff_t>(lo),
                   last = v.begin() + static_cast<std::ptrdiff_t>(hi);
        const auto nth = v.begin() + static_cast<std::ptrdiff_t>(k);
        std::nth_element(first, nth, last);
        if (k + 1 < hi)
            b = *std::min_element(nth + 1, last);
        else if (hi < v.size())
            b = v[hi];
    }
    const double a = v[k];
    if (k + 1 >= v.size()) {
        out[pm] = a;
    } else {
        const double frac = h - static_cast<double>(k), d = b - a;
        out[pm] = frac >= 0.5 ? b - d * (1 - frac) : a + d * frac; // numpy's lerp form
    }
    if (k >= lo && k < hi) {
        multiSelect(v, lo, k, probs, pl, pm, out, bBelow, b);
        multiSelect(v, k + 1, hi, probs, pm + 1, ph, out, b, bAt);
    } else { // k is a boundary pivot: the other probs share the same range
        multiSelect(v, lo, hi, probs, pl, pm, out, bBelow, bAt);
        multiSelect(v, lo, hi, probs, pm + 1, ph, out, bBelow, bAt);
    }
}
} // namespace

void quantilesSelect(std::vector<double>& v, std::span<const double> probs, std::span<double> out) {
    if (v.empty()) {
        for (double& o : out)
            o = kNaN;
        return;
    }
    multiSelect(v, 0, v.size(), probs, 0, probs.size(), out, kNaN, kNaN);
}

double normCdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double normPpf(double p) {
    if (!(p > 0 && p < 1)) return p == 0 ? -HUGE_VAL : p == 1 ? HUGE_VAL : kNaN;
    // Acklam's rational approximation, then one Halley step against erfc for full precision.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double plow = 0.02425;
    double x;
    if (p < plow) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - plow) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    for (int i = 0; i < 2; ++i) {
        const double e = normCdf(x) - p;
        const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return x;
}

} // namespace ts::num

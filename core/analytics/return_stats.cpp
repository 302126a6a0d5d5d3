#include "analytics/return_stats.h"

#include "analytics/numeric.h"

#include <cmath>
#include <vector>

namespace ts::stats {

using num::kNaN;

double comp(std::span<const double> r) {
    return num::product1p(r) - 1.0;
}

double total(std::span<const double> r, bool compounded) {
    return compounded ? comp(r) : num::sum(r);
}

double cagr(std::span<const double> r, double periods, bool compounded) {
    if (r.empty()) return kNaN;
    return cagrFromTotal(total(r, compounded), r.size(), periods);
}

double cagrFromTotal(double totalReturn, std::size_t n, double periods) {
    if (n == 0) return kNaN;
    const double years = static_cast<double>(n) / periods;
    return std::pow(std::abs(totalReturn + 1.0), 1.0 / years) - 1.0;
}

Summary summarize(std::span<const double> x) {
    Summary s;
    s.n = x.size();
    s.mean = num::mean(x);
    s.sd = num::stdev(x);
    for (double v : x)
        if (v < 0) s.downsideSq += v * v;
    return s;
}

double perPeriodRate(double annualRf, double periods) {
    return std::pow(1.0 + annualRf, 1.0 / periods) - 1.0;
}

double volatility(std::span<const double> r, double periods) {
    return volatility(summarize(r), periods);
}
double volatility(const Summary& s, double periods) {
    return s.sd * std::sqrt(periods);
}

double autocorrPenalty(std::span<const double> x) {
    const std::size_t n = x.size();
    if (n < 3) return kNaN;
    const double coef = std::abs(num::pearson(x.first(n - 1), x.subspan(1)));
    if (std::isnan(coef)) return kNaN;
    double acc = 0.0, power = 1.0;
    const auto dn = static_cast<double>(n);
    for (std::size_t k = 1; k < n; ++k) {
        power *= coef;
        if (power == 0.0) break; // the remaining terms vanish
        acc += (dn - static_cast<double>(k)) / dn * power;
    }
    return std::sqrt(1.0 + 2.0 * acc);
}

double sharpe(std::span<const double> x, double periods, double penalty) {
    return sharpe(summarize(x), periods, penalty);
}

double sharpe(const Summary& x, double periods, double penalty) {
    const double sd = x.sd * penalty;
    return x.mean / sd * std::sqrt(periods);
}

double sortino(std::span<const double> x, double periods, double penalty) {
    return sortino(summarize(x), periods, penalty);
}

double sortino(const Summary& x, double periods, double penalty) {
    if (x.n == 0) return kNaN;
    const double downside = std::sqrt(x.downsideSq / static_cast<double>(x.n)) * penalty;
    if (downside == 0 || std::isnan(downside)) return kNaN;
    return x.mean / downside * std::sqrt(periods);
}

double omega(std::span<const double> x, double threshold) {
    if (x.size() < 2) return kNaN;
    double up = 0.0, down = 0.0;
    for (double v : x) {
        const double d = v - threshold;
        if (d > 0)
            up += d;
        else if (d < 0)
            down -= d;
    }
    return down > 0 ? up / down : kNaN;
}

double probabilisticSharpe(std::span<const double> r, double rfAnnual) {
    return probabilisticSharpe(r, summarize(r), rfAnnual);
}

double probabilisticSharpe(std::span<const double> r, const Summary& s, double rfAnnual) {
    const double sr = s.mean / s.sd;
    const double g3 = num::skew(r), g4 = num::kurtosis(r);
    const auto n = static_cast<double>(r.size());
    const double sigma = std::sqrt((1 + 0.5 * sr * sr - g3 * sr + (g4 - 3) / 4 * sr * sr) / (n - 1));
    return num::normCdf((sr - rfAnnual) / sigma);
}

double probabilisticSharpeBailey(double sr, double skew, double rawKurtosis, std::size_t n, double refSr) {
    if (n < 2) return kNaN;
    const double var = 1 - skew * sr + (rawKurtosis - 1) / 4 * sr * sr;
    if (!(var > 0)) return kNaN;
    return num::normCdf((sr - refSr) * std::sqrt(static_cast<double>(n) - 1) / std::sqrt(var));
}

double probabilisticSharpeBailey(std::span<const double> x, const Summary& xs, double refSr) {
    if (!(xs.sd > 0)) return kNaN;
    return probabilisticSharpeBailey(xs.mean / xs.sd, num::momentSkew(x), num::momentKurtosis(x), x.size(),
                                     refSr);
}

double exposure(std::span<const double> r) {
    if (r.empty()) return kNaN;
    std::size_t active = 0;
    for (double v : r)
        active += (v != 0);
    // Q14: computed as QuantStats does, float artefacts included (7/100*100 -> 8%).
    return std::ceil(static_cast<double>(active) / static_cast<double>(r.size()) * 100.0) / 100.0;
}

double winRate(std::span<const double> r) {
    std::size_t wins = 0, nonZero = 0;
    for (double v : r) {
        wins += (v > 0);
        nonZero += (v != 0);
    }
    return nonZero == 0 ? 0.0 : static_cast<double>(wins) / static_cast<double>(nonZero);
}

double expectedReturn(std::span<const double> r) {
    if (r.empty()) return kNaN;
    return std::pow(num::product1p(r), 1.0 / static_cast<double>(r.size())) - 1.0;
}

double riskOfRuin(double w, double n) {
    return std::pow((1 - w) / (1 + w), n);
}

double valueAtRisk(std::span<const double> r, double confidence) {
    return valueAtRisk(summarize(r), confidence);
}

double valueAtRisk(const Summary& s, double confidence) {
    return s.mean + s.sd * num::normPpf(1 - confidence);
}

double conditionalValueAtRisk(std::span<const double> r, double var) {
    double s = 0.0;
    std::size_t k = 0;
    for (double v : r)
        if (v < var) {
            s += v;
            ++k;
        }
    return k == 0 ? var : s / static_cast<double>(k);
}

int maxConsecutive(std::span<const double> r, bool wins) {
    int best = 0, run = 0;
    for (double v : r) {
        run = (wins ? v > 0 : v < 0) ? run + 1 : 0;
        best = std::max(best, run);
    }
    return best;
}

double gainToPain(std::span<const double> r) {
    double all = 0.0, neg = 0.0;
    for (double v : r) {
        all += v;
        if (v < 0) neg += v;
    }
    return neg == 0 ? kNaN : all / std::abs(neg);
}

double profitRatio(std::span<const double> r) {
    double ws = 0, ls = 0;
    std::size_t wn = 0, ln = 0;
    for (double v : r) {
        if (v >= 0) {
            ws += v;
            ++wn;
        } else {
            ls += v;
            ++ln;
        }
    }
    if (wn == 0) return 0.0;
    if (ln == 0) return kNaN;
    const double winRatio = std::abs(ws / wn / wn), lossRatio = std::abs(ls / ln / ln);
    return lossRatio == 0 ? kNaN : winRatio / lossRatio;
}

double profitFactor(std::span<const double> r) {
    double ws = 0, ls = 0;
    for (double v : r) {
        if (v >= 0)
            ws += v;
        else
            ls += v;
    }
    ls = std::abs(ls);
    if (ls == 0) return ws == 0 ? kNaN : HUGE_VAL;
    return ws / ls;
}

double tailRatio(double hi, double lo) {
    if (std::isnan(hi) || std::isnan(lo) || lo == 0) return kNaN;
    return std::abs(hi / lo);
}

namespace {
double meanWhere(std::span<const double> r, bool positive) {
    double s = 0;
    std::size_t k = 0;
    for (double v : r)
        if (positive ? v >= 0 : v < 0) {
            s += v;
            ++k;
        }
    return k ? s / static_cast<double>(k) : kNaN;
}
} // namespace

double outlierWinRatio(double q99, std::span<const double> r) {
    const double m = meanWhere(r, true);
    if (std::isnan(m) || m == 0) return kNaN;
    return q99 / m;
}

double outlierLossRatio(double q01, std::span<const double> r) {
    const double m = meanWhere(r, false);
    if (std::isnan(m) || m == 0) return kNaN;
    return q01 / m;
}

double ulcerIndex(std::span<const double> dd) {
    if (dd.size() < 2) return kNaN;
    double s = 0;
    for (double v : dd)
        s += v * v;
    return std::sqrt(s / static_cast<double>(dd.size() - 1));
}

double ulcerPerformanceIndex(std::span<const double> r, std::span<const double> dd, double rfAnnual) {
    return ulcerPerformanceIndex(comp(r), dd, rfAnnual);
}

double ulcerPerformanceIndex(double compounded, std::span<const double> dd, double rfAnnual) {
    const double ui = ulcerIndex(dd);
    return ui == 0 || std::isnan(ui) ? kNaN : (compounded - rfAnnual) / ui;
}

double recoveryFactor(double sumReturns, double maxDd) {
    return maxDd == 0 ? kNaN : std::abs(sumReturns) / std::abs(maxDd);
}

double serenityIndex(std::span<const double> r, std::span<const double> dd, double rfAnnual) {
    return serenityIndex(num::sum(r), num::stdev(r), dd, rfAnnual);
}

double serenityIndex(double sumReturns, double sd, std::span<const double> dd, double rfAnnual) {
    if (sd == 0 || std::isnan(sd)) return kNaN;
    const double pitfall = -conditionalValueAtRisk(dd, valueAtRisk(dd)) / sd;
    const double denom = ulcerIndex(dd) * pitfall;
    if (denom == 0 || std::isnan(denom)) return kNaN;
    return (sumReturns - rfAnnual) / denom;
}

Greeks greeks(std::span<const double> r, std::span<const double> b, double periods) {
    const double varB = num::variance(b);
    double beta = varB == 0 ? kNaN : num::covariance(r, b) / varB;
    double alpha = (num::mean(r) - beta * num::mean(b)) * periods;
    if (std::isnan(beta)) beta = 0;
    if (std::isnan(alpha)) alpha = 0;
    return {beta, alpha};
}

double rSquared(std::span<const double> r, std::span<const double> b) {
    const double c = num::pearson(r, b);
    return std::isnan(c) ? 0.0 : c * c; // scipy's linregress reports r = 0 for a constant side
}

double informationRatio(std::span<const double> r, std::span<const double> b) {
    std::vector<double> diff(r.size());
    for (std::size_t i = 0; i < r.size(); ++i)
        diff[i] = r[i] - b[i];
    const double sd = num::stdev(diff);
    return sd == 0 || std::isnan(sd) ? 0.0 : num::mean(diff) / sd;
}

} // namespace ts::stats

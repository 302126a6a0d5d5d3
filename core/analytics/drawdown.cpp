#include "analytics/drawdown.h"

#include "analytics/numeric.h"

#include <algorithm>
#include <cmath>

namespace ts {

void drawdownSeries(std::span<const double> r, std::vector<double>& out) {
    out.resize(r.size());
    double growth = 1.0, peak = 1.0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        growth *= 1.0 + r[i];
        // Price as QuantStats forms it (1 + compsum), so "back at the peak" ties exactly as there.
        const double price = 1.0 + (growth - 1.0);
        peak = std::max(peak, price);
        double dd = price / peak - 1.0;
        if (!std::isfinite(dd) || dd == 0.0) dd = 0.0; // also folds -0.0, as QuantStats does
        out[i] = dd;
    }
}

std::vector<double> drawdownSeries(std::span<const double> r) {
    std::vector<double> out;
    drawdownSeries(r, out);
    return out;
}

double maxDrawdown(std::span<const double> dd) {
    double m = 0.0;
    for (double v : dd)
        m = std::min(m, v);
    return m;
}

std::vector<DrawdownEpisode> drawdownEpisodes(std::span<const QDate> dates, std::span<const double> dd) {
    const std::size_t n = dd.size();
    std::vector<std::size_t> starts, ends;
    for (std::size_t t = 0; t < n; ++t) {
        if (dd[t] >= 0) continue;
        if (t > 0 && dd[t - 1] == 0) starts.push_back(t);
        if (t + 1 < n && dd[t + 1] == 0) ends.push_back(t);
    }
    std::vector<DrawdownEpisode> out;
    // QuantStats quirk: underwater from day one and never back to zero yields no episode at all.
    if (starts.empty()) return out;
    if (!ends.empty() && starts.front() > ends.front()) starts.insert(starts.begin(), 0);
    if (ends.empty() || starts.back() > ends.back()) ends.push_back(n - 1);

    std::vector<double> depth, scratch;
    out.reserve(starts.size());
    for (std::size_t i = 0; i < starts.size() && i < ends.size(); ++i) {
        const std::size_t s = starts[i], e = ends[i];
        DrawdownEpisode ep;
        ep.start = dates[s];
        ep.end = dates[e];
        ep.days = static_cast<int>(ep.start.daysTo(ep.end)) + 1;
        std::size_t valley = s;
        for (std::size_t t = s; t <= e; ++t)
            if (dd[t] < dd[valley]) valley = t;
        ep.valley = dates[valley];
        ep.maxDrawdown = dd[valley];
        // 99% max drawdown: drop depths at or beyond the 99th percentile of depth.
        depth.assign(dd.begin() + static_cast<std::ptrdiff_t>(s),
                     dd.begin() + static_cast<std::ptrdiff_t>(e + 1));
        for (double& v : depth)
            v = -v;
        scratch.assign(depth.begin(), depth.end());
        const double cut = num::quantileSelect(scratch, 0.99);
        double worstKept = num::kNaN;
        for (double v : depth)
            if (v < cut && (std::isnan(worstKept) || v > worstKept)) worstKept = v;
        ep.maxDrawdown99 = std::isnan(worstKept) ? num::kNaN : -worstKept;
        out.push_back(ep);
    }
    return out;
}

std::vector<DrawdownEpisode> worstDrawdowns(const std::vector<DrawdownEpisode>& all, std::size_t n) {
    std::vector<DrawdownEpisode> v = all;
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.maxDrawdown < b.maxDrawdown; });
    if (v.size() > n) v.resize(n);
    return v;
}

std::vector<DrawdownEpisode> longestDrawdowns(const std::vector<DrawdownEpisode>& all, std::size_t n) {
    std::vector<DrawdownEpisode> v = all;
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.days > b.days; });
    if (v.size() > n) v.resize(n);
    return v;
}

} // namespace ts

#include "analytics/rolling.h"

#include <cmath>
#include <limits>

namespace ts::rolling {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// O(n) sliding sums over a trailing window. The sums are rebuilt from scratch once per window
// length so rounding never drifts (pandas' online rolling algorithms agree to ~1e-15).
// Static dispatch (CRTP) so add/remove inline into the loop.
template <typename Sums> class Sliding {
public:
    template <typename F> void run(std::size_t n, std::size_t w, F&& onWindow) {
        Sums& self = static_cast<Sums&>(*this);
        for (std::size_t t = 0; t < n; ++t) {
            if (t >= w && (t % w) != 0) self.remove(t - w);
            if (t >= w && (t % w) == 0) {
                self.clear();
                for (std::size_t i = t + 1 - w; i <= t; ++i)
                    self.add(i);
            } else {
                self.add(t);
            }
            if (t + 1 >= w) onWindow(t);
        }
    }
};

struct Moments : Sliding<Moments> {
    std::span<const double> x;
    double s1 = 0, s2 = 0, down = 0;
    explicit Moments(std::span<const double> v)
        : x(v) {}
    void add(std::size_t i) {
        s1 += x[i];
        s2 += x[i] * x[i];
        if (x[i] < 0) down += x[i] * x[i];
    }
    void remove(std::size_t i) {
        s1 -= x[i];
        s2 -= x[i] * x[i];
        if (x[i] < 0) down -= x[i] * x[i];
    }
    void clear() { s1 = s2 = down = 0; }
    double mean(double w) const { return s1 / w; }
    double var(double w) const { return std::max(0.0, (s2 - s1 * s1 / w) / (w - 1)); }
};

struct CoMoments : Sliding<CoMoments> {
    std::span<const double> x, y;
    double sx = 0, sy = 0, sxy = 0, syy = 0;
    CoMoments(std::span<const double> a, std::span<const double> b)
        : x(a)
        , y(b) {}
    void add(std::size_t i) {
        sx += x[i];
        sy += y[i];
        sxy += x[i] * y[i];
        syy += y[i] * y[i];
    }
    void remove(std::size_t i) {
        sx -= x[i];
        sy -= y[i];
        sxy -= x[i] * y[i];
        syy -= y[i] * y[i];
    }
    void clear() { sx = sy = sxy = syy = 0; }
};

} // namespace

std::vector<double> volatility(std::span<const double> r, int window, double periods) {
    std::vector<double> out(r.size(), kNaN);
    if (window < 2) return out;
    const double w = window, ann = std::sqrt(periods);
    Moments m(r);
    m.run(r.size(), static_cast<std::size_t>(window),
          [&](std::size_t t) { out[t] = std::sqrt(m.var(w)) * ann; });
    return out;
}

std::vector<double> sharpe(std::span<const double> r, int window, double periods) {
    std::vector<double> out(r.size(), kNaN);
    if (window < 2) return out;
    const double w = window, ann = std::sqrt(periods);
    Moments m(r);
    m.run(r.size(), static_cast<std::size_t>(window),
          [&](std::size_t t) { out[t] = m.mean(w) / std::sqrt(m.var(w)) * ann; });
    return out;
}

std::vector<double> sortino(std::span<const double> r, int window, double periods) {
    std::vector<double> out(r.size(), kNaN);
    if (window < 1) return out;
    const double w = window, ann = std::sqrt(periods);
    Moments m(r);
    m.run(r.size(), static_cast<std::size_t>(window), [&](std::size_t t) {
        const double down = std::max(0.0, m.down);
        out[t] = m.mean(w) / std::sqrt(down / w) * ann;
    });
    return out;
}

std::vector<double> beta(std::span<const double> r, std::span<const double> b, int window) {
    std::vector<double> out(r.size(), kNaN);
    if (window < 2) return out;
    const double w = window;
    CoMoments m(r, b);
    m.run(r.size(), static_cast<std::size_t>(window), [&](std::size_t t) {
        const double cov = m.sxy - m.sx * m.sy / w, vb = m.syy - m.sy * m.sy / w;
        out[t] = vb <= 0 ? kNaN : cov / vb;
    });
    return out;
}

} // namespace ts::rolling

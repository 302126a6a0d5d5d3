#include "data/adjustment.h"

#include <algorithm>
#include <cmath>

namespace ts {

AdjustedCloses adjustCloses(const std::vector<Bar>& bars, const std::vector<CorporateAction>& actions,
                            PriceBasis basis) {
    AdjustedCloses out;
    const std::size_t n = bars.size();
    out.dates.resize(n);
    out.closes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.dates[i] = bars[i].date;
        out.closes[i] = bars[i].close;
    }
    if (basis == PriceBasis::Adjusted || n == 0) return out;

    // Walk backwards; before writing bar i, apply every event with ex-date in (d_i, d_{i+1}], so
    // events on non-trading days count too. Events after the last bar do not affect history yet.
    std::vector<CorporateAction> ev = actions;
    std::stable_sort(ev.begin(), ev.end(), [](const auto& a, const auto& b) { return a.exDate < b.exDate; });
    auto next = ev.rbegin();
    while (next != ev.rend() && next->exDate > bars.back().date)
        ++next;
    double m = 1.0;
    for (std::size_t k = n; k-- > 0;) {
        const QDate d = bars[k].date;
        for (; next != ev.rend() && next->exDate > d; ++next) {
            if (next->type == CorporateAction::Type::Split) {
                if (basis == PriceBasis::Raw && next->value > 0) m /= next->value;
                continue;
            }
            // The last bar before the ex-date with a close: skip null bars.
            std::size_t j = k + 1;
            while (j-- > 0 && std::isnan(bars[j].close)) {
            }
            const double prev = j < n ? bars[j].close : NAN;
            if (std::isnan(prev) || next->value >= prev || next->value < 0) {
                out.warnings << QStringLiteral(
                                    "dividend %1 on %2 skipped: no usable close before the ex-date")
                                    .arg(next->value)
                                    .arg(next->exDate.toString(Qt::ISODate));
                continue;
            }
            m *= 1.0 - next->value / prev;
        }
        out.closes[k] = bars[k].close * m;
    }
    return out;
}

double maxAdjustmentMismatch(const std::vector<Bar>& bars, const AdjustedCloses& ours) {
    double worst = 0;
    for (std::size_t i = 0; i < bars.size() && i < ours.closes.size(); ++i) {
        const double p = bars[i].providerAdjClose, o = ours.closes[i];
        if (std::isnan(p) || std::isnan(o) || p == 0) continue;
        worst = std::max(worst, std::abs(o / p - 1.0));
    }
    return worst;
}

} // namespace ts

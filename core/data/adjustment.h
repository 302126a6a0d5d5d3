#pragma once
// Total-return (dividend and split adjusted) closes from closes plus corporate actions, the
// standard backward CRSP/Yahoo adjustment of providers.md §8: the latest bar is unchanged and
// history is scaled by the factors of every later event. Dividends are reinvested at the close
// before the ex-date: F_div = 1 - D / C_prev, F_split = 1 / ratio.

#include "data/price_history.h"

#include <QStringList>
#include <vector>

namespace ts {

struct AdjustedCloses {
    std::vector<QDate> dates;
    std::vector<double> closes; // NaN where the bar had no close
    QStringList warnings;       // skipped events (dividend >= close, no close before the ex-date)
};

AdjustedCloses adjustCloses(const std::vector<Bar>& bars, const std::vector<CorporateAction>& actions,
                            PriceBasis basis);

// Largest relative difference between our adjusted closes and the provider's, over bars where
// both exist; 0 when the provider gives none. Providers round (Yahoo to float32), so ~1e-4 is agreement.
double maxAdjustmentMismatch(const std::vector<Bar>& bars, const AdjustedCloses& ours);

} // namespace ts

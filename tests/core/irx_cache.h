#pragma once
// A price cache holding ^IRX for risk-free tests: a close in percent on every Monday of 2024, 5.00
// rising by 0.01 a week (1 January 5.00%, 30 December 5.52%).

#include "cache/price_cache.h"

#include <QDateTime>
#include <QtGlobal>

namespace ts::test {

inline QString writeIrxCache(const QString& path) {
    PriceHistory h;
    h.provider = QStringLiteral("yahoo");
    h.basis = PriceBasis::SplitAdjusted;
    h.instrument.symbol = h.instrument.providerSymbol = QStringLiteral("^IRX");
    double close = 5.0;
    for (QDate d(2024, 1, 1); d.year() == 2024; d = d.addDays(7), close += 0.01) {
        Bar b;
        b.date = d;
        b.open = b.high = b.low = b.close = b.providerAdjClose = close;
        h.bars.push_back(b);
    }
    auto c = cache::PriceCache::open(path);
    if (!c || !(*c)->store(h, true, QDateTime::currentDateTimeUtc())) qFatal("cannot build the ^IRX cache");
    return path;
}

} // namespace ts::test

#include "data/price_history.h"

namespace ts {

QString basisName(PriceBasis b) {
    switch (b) {
    case PriceBasis::Raw:
        return QStringLiteral("raw");
    case PriceBasis::SplitAdjusted:
        return QStringLiteral("split_adjusted");
    case PriceBasis::Adjusted:
        return QStringLiteral("adjusted");
    }
    return QStringLiteral("adjusted");
}

PriceBasis basisFromName(const QString& name) {
    if (name == QLatin1String("raw")) return PriceBasis::Raw;
    if (name == QLatin1String("split_adjusted")) return PriceBasis::SplitAdjusted;
    return PriceBasis::Adjusted;
}

} // namespace ts

#include "fundamentals/source.h"

#include "fundamentals/alphavantage_source.h"
#include "fundamentals/fmp_source.h"

namespace ts::fundamentals {

std::unique_ptr<Source> makeSource(const QString& provider) {
    if (provider == QLatin1String("fmp")) return std::make_unique<FmpSource>();
    if (provider == QLatin1String("alphavantage")) return std::make_unique<AlphaVantageSource>();
    return nullptr;
}

QStringList sourceNames() {
    return {QStringLiteral("fmp"), QStringLiteral("alphavantage")};
}

} // namespace ts::fundamentals

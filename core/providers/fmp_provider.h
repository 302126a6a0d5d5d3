#pragma once
// Financial Modeling Prep /stable/ end-of-day prices (providers.md §3): a newest-first array; any
// object with "Error Message" is an error. Close is split-adjusted; the full endpoint carries no
// dividends, so its series is a price return (stated in the fetch notes).

#include "providers/provider.h"

#include <optional>

namespace ts::providers {

// FMP's error answers, whatever the status (quota comes as 429 or 200); nothing for data.
std::optional<FetchError> fmpError(const net::HttpResponse& r, const QString& who);

class FmpProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("fmp"); }
    QString description() const override { return QStringLiteral("Financial Modeling Prep /stable/ (key)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("https://financialmodelingprep.com"); }
    double defaultRatePerMinute() const override { return 120; }
    bool needsKey() const override { return true; }
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

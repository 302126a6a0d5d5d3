#pragma once
// Tiingo daily prices (providers.md §6.1): raw prices with divCash and splitFactor on every bar.

#include "providers/provider.h"

namespace ts::providers {

class TiingoProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("tiingo"); }
    QString description() const override { return QStringLiteral("Tiingo daily prices (key)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("https://api.tiingo.com"); }
    double defaultRatePerMinute() const override {
        return 50.0 / 60.0;
    } // free plan: about 50 requests an hour
    double defaultBurst() const override { return 5; }
    bool needsKey() const override { return true; }
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

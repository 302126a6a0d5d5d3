#pragma once
// EOD Historical Data (providers.md §6.2): raw prices from /api/eod plus /api/div and /api/splits,
// three requests per fetch; tickers are SYMBOL.EXCHANGE (US by default).

#include "providers/provider.h"

namespace ts::providers {

class EodhdProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("eodhd"); }
    QString description() const override {
        return QStringLiteral("EOD Historical Data: prices, dividends, splits (key)");
    }
    QString defaultBaseUrl() const override { return QStringLiteral("https://eodhd.com"); }
    double defaultRatePerMinute() const override { return 60; }
    double defaultBurst() const override { return 3; } // one fetch is three requests
    bool needsKey() const override { return true; }
    QString providerSymbol(const QString& symbol) const override;
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

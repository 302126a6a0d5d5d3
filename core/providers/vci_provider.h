#pragma once
// Vietcap (VCI) gap-chart for Vietnam (providers.md §5.1): POST with a JSON body, columnar arrays,
// epoch seconds converted to Asia/Ho_Chi_Minh dates. No "from": it over-fetches and trims. Stock
// prices are VND, indices points; treated as provider-adjusted.

#include "providers/provider.h"

namespace ts::providers {

class VciProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("vci"); }
    QString description() const override {
        return QStringLiteral("Vietcap (VCI) OHLC for Vietnamese stocks and indices");
    }
    QString defaultBaseUrl() const override { return QStringLiteral("https://trading.vietcap.com.vn"); }
    double defaultRatePerMinute() const override { return 60; }
    QString providerSymbol(const QString& symbol) const override;
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

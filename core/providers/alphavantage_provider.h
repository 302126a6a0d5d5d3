#pragma once
// Alpha Vantage TIME_SERIES_DAILY_ADJUSTED (providers.md §4): values are strings, OHLC as traded with
// dividend and split columns per day; every error is an HTTP 200 one-key object.

#include "providers/provider.h"

#include <optional>

namespace ts::providers {

// Alpha Vantage's one-key error objects (HTTP 200) and generic failures; nothing for data.
std::optional<FetchError> alphaVantageError(const net::HttpResponse& r, const QString& who);

class AlphaVantageProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("alphavantage"); }
    QString description() const override { return QStringLiteral("Alpha Vantage daily adjusted (key)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("https://www.alphavantage.co"); }
    double defaultRatePerMinute() const override { return 60; }
    bool needsKey() const override { return true; }
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

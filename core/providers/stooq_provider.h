#pragma once
// Stooq daily CSV (providers.md §2). Prices come adjusted, with no raw close and no events; every
// error is an HTTP 200 text body, so the header line decides validity.

#include "providers/provider.h"

namespace ts::providers {

class StooqProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("stooq"); }
    QString description() const override { return QStringLiteral("Stooq CSV download (key since 2026)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("https://stooq.com"); }
    double defaultRatePerMinute() const override { return 30; }
    bool needsKey() const override { return true; }
    QString providerSymbol(const QString& symbol) const override;
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

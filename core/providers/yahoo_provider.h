#pragma once
// Yahoo Finance chart API v8 (keyless, unofficial; providers.md §1). Close is split-adjusted and
// dividends come on the same basis, so only dividend factors are applied on top.

#include "providers/provider.h"

namespace ts::providers {

class YahooProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("yahoo"); }
    QString description() const override { return QStringLiteral("Yahoo Finance chart API v8 (no key)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("https://query2.finance.yahoo.com"); }
    double defaultRatePerMinute() const override { return 60; }
    std::vector<net::HttpRequest> requests(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx) const override;
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
    std::vector<net::HttpRequest> sessionRequests(const FetchContext& ctx) const override;
    Result<QByteArray, FetchError>
    sessionToken(const std::vector<net::HttpResponse>& responses) const override;
};

} // namespace ts::providers

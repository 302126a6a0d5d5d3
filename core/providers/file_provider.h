#pragma once
// Local CSV files as a provider: Yahoo's CSV layout (Date,Open,High,Low,Close,Adj Close,Volume),
// plain date,close, or a column of returns (turned into a price index from 1.0). The "base URL" is
// a folder; SYMBOL reads <folder>/SYMBOL.csv, or the symbol itself when it is a path to a file.

#include "providers/provider.h"

namespace ts::providers {

class FileProvider : public Provider {
public:
    QString name() const override { return QStringLiteral("file"); }
    QString description() const override { return QStringLiteral("Local CSV files (prices or returns)"); }
    QString defaultBaseUrl() const override { return QStringLiteral("."); }
    double defaultRatePerMinute() const override { return 0; }
    std::vector<net::HttpRequest> requests(const QString&, const FetchRange&,
                                           const FetchContext&) const override {
        return {};
    }
    Result<PriceHistory, FetchError> parse(const QString& symbol, const FetchRange& range,
                                           const FetchContext& ctx,
                                           const std::vector<net::HttpResponse>& responses) const override;
    QString pathFor(const QString& symbol, const ProviderConfig& config) const;
};

} // namespace ts::providers

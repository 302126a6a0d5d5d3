#include "providers/registry.h"

#include "providers/alphavantage_provider.h"
#include "providers/eodhd_provider.h"
#include "providers/file_provider.h"
#include "providers/fmp_provider.h"
#include "providers/stooq_provider.h"
#include "providers/tiingo_provider.h"
#include "providers/vci_provider.h"
#include "providers/yahoo_provider.h"

#include <QStringList>

namespace ts::providers {

const std::vector<std::unique_ptr<Provider>>& allProviders() {
    static const auto all = [] {
        std::vector<std::unique_ptr<Provider>> v;
        v.push_back(std::make_unique<YahooProvider>());
        v.push_back(std::make_unique<StooqProvider>());
        v.push_back(std::make_unique<FmpProvider>());
        v.push_back(std::make_unique<AlphaVantageProvider>());
        v.push_back(std::make_unique<TiingoProvider>());
        v.push_back(std::make_unique<EodhdProvider>());
        v.push_back(std::make_unique<VciProvider>());
        v.push_back(std::make_unique<FileProvider>());
        return v;
    }();
    return all;
}

const Provider* findProvider(const QString& name) {
    for (const auto& p : allProviders())
        if (p->name().compare(name, Qt::CaseInsensitive) == 0) return p.get();
    return nullptr;
}

QStringList providerNames() {
    QStringList names;
    for (const auto& p : allProviders())
        names << p->name();
    return names;
}

} // namespace ts::providers

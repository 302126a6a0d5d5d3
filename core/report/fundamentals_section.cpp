#include "report/fundamentals_section.h"

#include "cache/fundamentals_store.h"
#include "cache/price_cache.h"
#include "fundamentals/ratios.h"

#include <QJsonObject>
#include <cmath>

namespace ts {

const QStringList& reportRatioKeys() {
    static const QStringList keys{QStringLiteral("pe"),
                                  QStringLiteral("pb"),
                                  QStringLiteral("ev_ebitda"),
                                  QStringLiteral("roe"),
                                  QStringLiteral("net_margin"),
                                  QStringLiteral("debt_equity"),
                                  QStringLiteral("dividend_yield"),
                                  QStringLiteral("revenue_growth")};
    return keys;
}

std::optional<FundamentalsSection>
fundamentalsSection(const PortfolioSpec& ps, const std::vector<double>& weights, const QString& cachePath) {
    auto store = cache::FundamentalsStore::open(cachePath, false);
    if (!store) return std::nullopt;
    auto prices = cache::PriceCache::open(cachePath, false);
    FundamentalsSection sec;
    sec.portfolio = ps.name;
    bool any = false;
    for (std::size_t i = 0; i < ps.holdings.size(); ++i) {
        HoldingFundamentals h;
        h.symbol = ps.holdings[i].symbol;
        h.weight = i < weights.size() ? weights[i] : 0;
        const auto items = (*store)->items(h.symbol);
        if (!items.empty()) {
            any = true;
            const auto close = prices ? (*prices)->lastClose(h.symbol) : std::nullopt;
            const double price = close ? close->second : std::nan("");
            const auto snap = fundamentals::computeRatios(items, price);
            h.ratios = snap.values;
            h.basis = QStringLiteral("%1 to %2").arg(snap.flowBasis, snap.flowEnd.toString(Qt::ISODate));
            for (auto it = items.rbegin(); it != items.rend(); ++it)
                if (!it->currency.isEmpty()) {
                    h.currency = it->currency;
                    break;
                }
            sec.currencyWeights[h.currency.isEmpty() ? QStringLiteral("?") : h.currency] += h.weight;
            const auto profile = (*store)->profile(h.symbol);
            if (auto it = profile.find(QStringLiteral("sector")); it != profile.end()) {
                h.sector = it->second;
                sec.sectorWeights[h.sector] += h.weight;
            }
        }
        sec.holdings.push_back(std::move(h));
    }
    if (!any) return std::nullopt;
    for (const QString& key : reportRatioKeys()) {
        std::vector<std::pair<double, double>> wv;
        for (const auto& h : sec.holdings) {
            auto it = h.ratios.find(key);
            wv.emplace_back(h.weight, it == h.ratios.end() ? std::nan("") : it->second);
        }
        sec.portfolioRatios[key] = fundamentals::portfolioRatio(*fundamentals::findRatio(key), wv);
    }
    return sec;
}

QJsonArray fundamentalsJson(const std::vector<FundamentalsSection>& sections) {
    auto numbers = [](const std::map<QString, double>& m) {
        QJsonObject o;
        for (const auto& [k, v] : m)
            o.insert(k, std::isfinite(v) ? QJsonValue(v) : QJsonValue());
        return o;
    };
    QJsonArray out;
    for (const auto& sec : sections) {
        QJsonArray holdings;
        for (const auto& h : sec.holdings) {
            QJsonObject o{{QStringLiteral("symbol"), h.symbol}, {QStringLiteral("weight"), h.weight}};
            if (!h.basis.isEmpty()) {
                o.insert(QStringLiteral("basis"), h.basis);
                o.insert(QStringLiteral("currency"), h.currency);
                o.insert(QStringLiteral("ratios"), numbers(h.ratios));
            }
            if (!h.sector.isEmpty()) o.insert(QStringLiteral("sector"), h.sector);
            holdings.append(o);
        }
        out.append(QJsonObject{{QStringLiteral("portfolio"), sec.portfolio},
                               {QStringLiteral("holdings"), holdings},
                               {QStringLiteral("portfolio_ratios"), numbers(sec.portfolioRatios)},
                               {QStringLiteral("currency_weights"), numbers(sec.currencyWeights)},
                               {QStringLiteral("sector_weights"), numbers(sec.sectorWeights)}});
    }
    return out;
}

} // namespace ts

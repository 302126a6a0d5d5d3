#pragma once
// The fundamentals section of a portfolio's report: each holding's weight and key ratios (from the
// statements in the cache and its latest cached close) and the portfolio's weighted ratios
// (harmonic mean for price multiples, arithmetic otherwise; see fundamentals/ratios.h), with the
// currency exposure. Absent when no holding has fundamentals stored.

#include "portfolio/portfolio.h"

#include <QJsonArray>
#include <map>
#include <optional>

namespace ts {

struct HoldingFundamentals {
    QString symbol;
    double weight = 0;
    QString currency; // the statements' reporting currency
    QString sector;   // when a source gave one
    QString basis;    // "TTM (4 quarters) to 2024-12-31" or "FY 2024-12-31"; empty without data
    std::map<QString, double> ratios;
};

struct FundamentalsSection {
    QString portfolio;
    std::vector<HoldingFundamentals> holdings;
    std::map<QString, double> portfolioRatios;
    std::map<QString, double> currencyWeights; // reporting currency -> weight of the holdings with data
    std::map<QString, double> sectorWeights;   // sector -> weight, for the holdings whose source names one
};

// The ratios the report shows, in order.
const QStringList& reportRatioKeys();

// {"portfolio": ..., "holdings": [{"symbol", "weight", "currency", "sector", "basis", "ratios": {...}}],
//  "portfolio_ratios": {...}, "currency_weights": {...}, "sector_weights": {...}}; missing values are null.
QJsonArray fundamentalsJson(const std::vector<FundamentalsSection>& sections);

std::optional<FundamentalsSection>
fundamentalsSection(const PortfolioSpec& ps, const std::vector<double>& weights, const QString& cachePath);

} // namespace ts

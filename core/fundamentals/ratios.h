#pragma once
// Financial ratios computed from stored statements and a price, each defined once here (the
// catalog feeds `fundamentals show`, reports and "explain this number"). Providers disagree on
// these or omit them, so Tearsheet computes its own from the line items:
//  - flows (revenue, income, cash flows) are trailing twelve months: the sum of the latest four
//    consecutive quarters, or the latest fiscal year when four quarters are not stored;
//  - balances (assets, debt, equity, cash) are the latest period end, quarter or year;
//  - market values use the price given (the latest cached close) times the latest share count.
// A ratio whose denominator is zero or negative where that makes it meaningless (P/E on a loss,
// interest cover without interest) is NaN, shown as "-".

#include "fundamentals/statement.h"

#include <QStringList>
#include <cmath>
#include <map>

namespace ts::fundamentals {

struct RatioInfo {
    QString key;     // "pe", "roe", ... (the names `fundamentals screen` understands)
    QString name;    // "P/E"
    QString formula; // "price / (TTM net income / shares)"
    bool percent;    // shown as a percentage
    bool harmonic;   // price multiples: a portfolio's value is the weighted harmonic mean
};
const std::vector<RatioInfo>& ratioCatalog();
const RatioInfo* findRatio(const QString& key);
// A ratio for people: percentages with two decimals, market cap in K/M/B/T, "-" when missing.
QString formatRatio(const RatioInfo& info, double v);

struct RatioSnapshot {
    QDate balanceDate;                // the balance sheet used
    QDate flowEnd;                    // the end of the flow window
    QString flowBasis;                // "TTM (4 quarters)" or "FY"
    std::map<QString, double> values; // key -> value (NaN when it cannot be computed)
    double value(const QString& key) const {
        auto it = values.find(key);
        return it == values.end() ? std::nan("") : it->second;
    }
};

// `items`: one symbol's stored line items (any order); `price`: the latest close (NaN: market
// ratios are NaN).
RatioSnapshot computeRatios(const std::vector<LineItem>& items, double price);

// A portfolio's ratio from its holdings' ratios and weights: harmonic for price multiples,
// arithmetic otherwise, over the holdings that have a value (their weights renormalised); NaN when
// none has. Harmonic means skip holdings with a non-positive multiple (a loss-maker has no P/E).
double portfolioRatio(const RatioInfo& info, const std::vector<std::pair<double, double>>& weightAndValue);

} // namespace ts::fundamentals

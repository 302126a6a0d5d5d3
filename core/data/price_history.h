#pragma once
// Daily bars and corporate actions as a provider delivers them, before any adjustment.
// Dates are exchange-local trading dates; a missing field is NaN.

#include <QDate>
#include <QString>
#include <vector>

namespace ts {

struct Bar {
    QDate date;
    double open = 0, high = 0, low = 0, close = 0;
    double providerAdjClose = 0; // the provider's own adjusted close (cross-check only); NaN if none
    double volume = 0;
};

struct CorporateAction {
    enum class Type { Dividend, Split };
    QDate exDate;
    Type type = Type::Dividend;
    double value = 0; // cash per share on the close's basis, or the split ratio (2:1 -> 2)
};

// What a bar's close already includes. Decides which factors adjustment still has to apply.
enum class PriceBasis {
    Raw,           // as traded: apply split and dividend factors (Tiingo, EODHD, Alpha Vantage)
    SplitAdjusted, // splits already applied: apply dividend factors only (Yahoo close, FMP full)
    Adjusted,      // total-return basis already (Stooq, VCI): use as is
};

QString basisName(PriceBasis b);
PriceBasis basisFromName(const QString& name); // unknown -> Adjusted

struct Instrument {
    QString symbol;         // the user's symbol, the cache key
    QString providerSymbol; // as the provider spells it (aapl.us, AAPL.US, %5EGSPC)
    QString name, currency, exchangeTz, assetType;
};

struct PriceHistory {
    Instrument instrument;
    QString provider;
    PriceBasis basis = PriceBasis::Adjusted;
    std::vector<Bar> bars;                // ascending, unique dates
    std::vector<CorporateAction> actions; // ascending by ex-date
};

} // namespace ts

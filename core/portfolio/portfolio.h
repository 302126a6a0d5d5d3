#pragma once
// A portfolio of tickers with target weights, a rebalancing rule and transaction costs, turned
// into daily returns from total-return (adjusted) closes.
//
// Semantics (stated in every report):
// - Dates: the days on which every holding has a close (an inner join). A day missing for one
//   holding is dropped for all; the next day's move is measured from the last common close, so a
//   missing price never becomes a zero return.
// - The portfolio starts at the target weights at the close of the first common day; returns start
//   the day after. Between rebalances the weights drift with prices (buy and hold in between).
// - A rebalance happens at the close of the last trading day of each period (week, month, quarter,
//   year), or every day, or when any weight drifts more than `band` (absolute) from its target; it
//   sets the weights back to target after that day's return has been earned.
// - Costs: turnover (sum of |weight changes|, one side) times cost_bps / 10,000, deducted from that
//   day's return. The initial purchase is free.

#include "data/series.h"
#include "util/result.h"

#include <QStringList>
#include <vector>

namespace ts {

enum class Rebalance { None, Daily, Weekly, Monthly, Quarterly, Yearly, Band };

struct Holding {
    QString symbol;
    double weight = 0;
};

struct PortfolioSpec {
    QString name = QStringLiteral("Portfolio");
    std::vector<Holding> holdings;
    Rebalance rebalance = Rebalance::None;
    double band = 0.05;     // for Rebalance::Band: absolute drift that triggers a rebalance
    double costBps = 0;     // per unit of one-sided turnover
    bool normalize = false; // scale weights to sum to 1 instead of rejecting them
};

struct RebalanceEvent {
    QDate date;
    double turnover = 0; // sum of |w_target - w_drifted|
    double cost = 0;     // fraction of portfolio value
};

struct PortfolioResult {
    Series returns;                           // daily portfolio returns (first common day excluded)
    std::vector<QDate> dates;                 // every common day, the first included
    std::vector<std::vector<double>> weights; // end-of-day weights per date (after any rebalance)
    std::vector<RebalanceEvent> rebalances;
    std::vector<double> targetWeights; // after normalisation
    int droppedDays = 0;               // days where some holding had no close
};

QString rebalanceName(Rebalance r);
// "none", "daily", "weekly", "monthly", "quarterly", "yearly", or a band like "5%"/"band:0.05".
Result<std::pair<Rebalance, double>> parseRebalance(const QString& text);
// "NVDA:0.4,ORCL:0.3,YHOO:0.3"
Result<std::vector<Holding>> parseHoldings(const QString& text);

// `closes[i]` holds the total-return closes of spec.holdings[i] (dates increasing, NaN = missing).
Result<PortfolioResult> buildPortfolio(const PortfolioSpec& spec, const std::vector<Series>& closes);

} // namespace ts

#include "analytics/metric_catalog.h"

#include <cstring>

namespace ts {
namespace {

using F = MetricFormat;

// clang-format off
constexpr MetricDef kRows[] = {
    {"start_period", "Start Period", F::Date, false, false, false, "First date after alignment."},
    {"end_period", "End Period", F::Date, false, false, false, "Last date."},
    {"risk_free_rate", "Risk-Free Rate", F::RiskFreeRate, false, false, false, "Annual risk-free rate rf; per period (1+rf)^(1/P)-1, applied only when rf > 0."},
    {"time_in_market", "Time in Market", F::Percent, false, false, false, "Share of periods with a non-zero return, rounded up to a whole percent."},
    {"cumulative_return", "Cumulative Return", F::BigPercent, false, false, true, "prod(1+r)-1 (simple sum when not compounded)."},
    {"cagr", "CAGR\xEF\xB9\xAA", F::Percent, false, false, false, "|1+total|^(1/years)-1 with years = N/P; rf ignored."},
    {"sharpe", "Sharpe", F::Ratio, false, false, true, "mean(r-rf)/sd(r-rf)*sqrt(P), sample sd (ddof 1)."},
    {"prob_sharpe_ratio", "Prob. Sharpe Ratio", F::Percent, false, false, false, "Phi((SR-rf)/sigma_SR) with per-period SR, skew and excess kurtosis (QuantStats' formula)."},
    {"smart_sharpe", "Smart Sharpe", F::Ratio, true, false, false, "Sharpe divided by the autocorrelation penalty sqrt(1+2*sum((N-k)/N*|rho|^k))."},
    {"sortino", "Sortino", F::Ratio, false, false, false, "mean(r-rf)/sqrt(sum(min(r-rf,0)^2)/N)*sqrt(P)."},
    {"smart_sortino", "Smart Sortino", F::Ratio, true, false, false, "Sortino divided by the autocorrelation penalty."},
    {"sortino_sqrt2", "Sortino/\xE2\x88\x9A" "2", F::Ratio, false, false, false, "Sortino / sqrt(2), comparable with Sharpe."},
    {"smart_sortino_sqrt2", "Smart Sortino/\xE2\x88\x9A" "2", F::Ratio, true, false, false, "Smart Sortino / sqrt(2)."},
    {"omega", "Omega", F::Ratio, false, false, false, "sum of gains over 0 / sum of losses below 0 (of r-rf)."},
    {"max_drawdown", "Max Drawdown", F::Percent, false, false, true, "Deepest drawdown: min of wealth/peak-1, from a starting wealth of 1."},
    {"max_dd_date", "Max DD Date", F::Date, false, false, false, "Valley date of the deepest episode."},
    {"max_dd_period_start", "Max DD Period Start", F::Date, false, false, false, "First underwater day of the deepest episode."},
    {"max_dd_period_end", "Max DD Period End", F::Date, false, false, false, "Last underwater day of the deepest episode (or the last date)."},
    {"longest_dd_days", "Longest DD Days", F::Integer, false, false, false, "Longest episode in calendar days, inclusive."},
    {"volatility", "Volatility (ann.)", F::Percent, true, false, false, "sd(r)*sqrt(P)."},
    {"r_squared", "R^2", F::Ratio, true, true, false, "Squared correlation of strategy and benchmark returns."},
    {"information_ratio", "Information Ratio", F::Ratio, true, true, false, "mean(r-b)/sd(r-b), not annualised."},
    {"calmar", "Calmar", F::Ratio, true, false, false, "CAGR / |Max Drawdown|."},
    {"skew", "Skew", F::Ratio, true, false, false, "Bias-corrected sample skewness."},
    {"kurtosis", "Kurtosis", F::Ratio, true, false, false, "Bias-corrected sample excess kurtosis."},
    {"ulcer_performance_index", "Ulcer Performance Index", F::Ratio, true, false, false, "(total return - rf) / Ulcer Index."},
    {"risk_adjusted_return", "Risk-Adjusted Return", F::Percent, true, false, false, "CAGR (252 periods) / Time in Market."},
    {"risk_return_ratio", "Risk-Return Ratio", F::Ratio, true, false, false, "mean(r)/sd(r), not annualised."},
    {"avg_return", "Avg. Return", F::Percent, true, false, true, "Mean of non-zero returns (rows where every column is non-zero)."},
    {"avg_win", "Avg. Win", F::Percent, true, false, false, "Mean of positive returns (rows where every column is positive)."},
    {"avg_loss", "Avg. Loss", F::Percent, true, false, false, "Mean of negative returns (rows where every column is negative)."},
    {"win_loss_ratio", "Win/Loss Ratio", F::Ratio, true, false, false, "Avg. Win / |Avg. Loss|."},
    {"profit_ratio", "Profit Ratio", F::Ratio, true, false, false, "(|mean win|/#wins)/(|mean loss|/#losses), zero days count as wins."},
    {"expected_daily", "Expected Daily", F::Percent, true, false, true, "Geometric mean return per period."},
    {"expected_monthly", "Expected Monthly", F::Percent, true, false, false, "Geometric mean of calendar-month returns."},
    {"expected_yearly", "Expected Yearly", F::Percent, true, false, false, "Geometric mean of calendar-year returns."},
    {"kelly_criterion", "Kelly Criterion", F::Percent, true, false, false, "(b*p-(1-p))/b with p = win rate, b = payoff ratio."},
    {"risk_of_ruin", "Risk of Ruin", F::UnscaledPercent, true, false, false, "((1-p)/(1+p))^N."},
    {"daily_var", "Daily Value-at-Risk", F::Percent, true, false, false, "Parametric normal 95% VaR: mean + sd*Phi^-1(0.05), shown negative."},
    {"expected_shortfall", "Expected Shortfall (cVaR)", F::Percent, true, false, false, "Mean of returns below the parametric VaR (VaR if none), shown negative."},
    {"max_consecutive_wins", "Max Consecutive Wins", F::Integer, true, false, true, "Longest run of positive returns."},
    {"max_consecutive_losses", "Max Consecutive Losses", F::Integer, true, false, false, "Longest run of negative returns."},
    {"gain_pain_ratio", "Gain/Pain Ratio", F::Ratio, false, false, false, "sum(r) / |sum of negative daily returns|; rf ignored."},
    {"gain_pain_1m", "Gain/Pain (1M)", F::Ratio, false, false, false, "The same on calendar-month sums."},
    {"payoff_ratio", "Payoff Ratio", F::Ratio, false, false, true, "Avg. Win / |Avg. Loss|."},
    {"profit_factor", "Profit Factor", F::Ratio, false, false, false, "sum(r>=0)/|sum(r<0)|; no losing day shows 0 (QuantStats)."},
    {"common_sense_ratio", "Common Sense Ratio", F::Ratio, false, false, false, "Profit Factor x Tail Ratio."},
    {"cpc_index", "CPC Index", F::Ratio, false, false, false, "Profit Factor x Win Days x Payoff Ratio."},
    {"tail_ratio", "Tail Ratio", F::Ratio, false, false, false, "|95th percentile / 5th percentile| of returns."},
    {"outlier_win_ratio", "Outlier Win Ratio", F::Ratio, false, false, false, "99th percentile / mean of returns >= 0."},
    {"outlier_loss_ratio", "Outlier Loss Ratio", F::Ratio, false, false, false, "1st percentile / mean of returns < 0."},
    {"mtd", "MTD", F::Percent, false, false, true, "Return since the first day of the last date's month."},
    {"ret_3m", "3M", F::Percent, false, false, false, "Return over dates >= last date - 3 months."},
    {"ret_6m", "6M", F::Percent, false, false, false, "Return over dates >= last date - 6 months."},
    {"ytd", "YTD", F::Percent, false, false, false, "Return since January 1 of the last date's year."},
    {"ret_1y", "1Y", F::Percent, false, false, false, "Return over dates >= last date - 1 year."},
    {"cagr_3y", "3Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 35 months (QuantStats' window)."},
    {"cagr_5y", "5Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 59 months (QuantStats' window)."},
    {"cagr_10y", "10Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 10 years."},
    {"cagr_all_time", "All-time (ann.)", F::Percent, false, false, false, "CAGR over all dates."},
    {"best_day", "Best Day", F::Percent, true, false, true, "Highest period return."},
    {"worst_day", "Worst Day", F::Percent, true, false, false, "Lowest period return."},
    {"best_month", "Best Month", F::Percent, true, false, false, "Highest calendar-month return."},
    {"worst_month", "Worst Month", F::Percent, true, false, false, "Lowest calendar-month return (always compounded)."},
    {"best_year", "Best Year", F::Percent, true, false, false, "Highest calendar-year return."},
    {"worst_year", "Worst Year", F::Percent, true, false, false, "Lowest calendar-year return."},
    {"avg_drawdown", "Avg. Drawdown", F::Percent, false, false, true, "Mean depth over all drawdown episodes."},
    {"avg_drawdown_days", "Avg. Drawdown Days", F::Integer, false, false, false, "Mean episode length in calendar days, rounded half to even."},
    {"recovery_factor", "Recovery Factor", F::Ratio, false, false, false, "|sum(r)| / |Max Drawdown|."},
    {"ulcer_index", "Ulcer Index", F::Ratio, false, false, false, "sqrt(sum(dd^2)/(N-1))."},
    {"serenity_index", "Serenity Index", F::Ratio, false, false, false, "(sum(r)-rf) / (Ulcer Index x pitfall), pitfall = -cVaR(dd)/sd(r)."},
    {"avg_up_month", "Avg. Up Month", F::Percent, true, false, true, "Mean of positive calendar-month returns (months where every column is positive)."},
    {"avg_down_month", "Avg. Down Month", F::Percent, true, false, false, "Mean of negative calendar-month returns (months where every column is negative)."},
    {"win_days", "Win Days", F::Percent, true, false, false, "#positive / #non-zero periods."},
    {"win_month", "Win Month", F::Percent, true, false, false, "Share of positive calendar months among non-zero ones."},
    {"win_quarter", "Win Quarter", F::Percent, true, false, false, "Share of positive calendar quarters among non-zero ones."},
    {"win_year", "Win Year", F::Percent, true, false, false, "Share of positive calendar years among non-zero ones."},
    {"beta", "Beta", F::Ratio, true, true, true, "cov(r,b)/var(b)."},
    {"alpha", "Alpha", F::Ratio, true, true, false, "(mean(r) - beta*mean(b)) x P, no rf."},
    {"correlation", "Correlation", F::Percent, true, true, false, "Pearson correlation of r and b."},
    {"treynor_ratio", "Treynor Ratio", F::Percent, true, true, false, "(total return - rf) / beta."},
};
// clang-format on

} // namespace

std::span<const MetricDef> metricCatalog() {
    return kRows;
}

const MetricDef* findMetric(const char* key) {
    for (const auto& d : kRows)
        if (std::strcmp(d.key, key) == 0) return &d;
    return nullptr;
}

} // namespace ts

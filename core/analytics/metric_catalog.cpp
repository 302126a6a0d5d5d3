#include "analytics/metric_catalog.h"

#include <cstring>

namespace ts {
namespace {

using F = MetricFormat;

// clang-format off
constexpr MetricDef kRows[] = {
    {"start_period", "Start Period", F::Date, false, false, false, "First date after alignment: with a benchmark, the first date both cover.", "First date after alignment; with a benchmark, the first day both strategy and benchmark have moved (leading zero days dropped, Q16)."},
    {"end_period", "End Period", F::Date, false, false, false, "Last date.", nullptr},
    {"risk_free_rate", "Risk-Free Rate", F::RiskFreeRate, false, false, false, "Annual risk-free rate rf (a series' annualised average when one is given); per period (1+rf)^(1/P)-1, subtracted in every excess-return metric, negative rates too.", "Annual risk-free rate rf; per period (1+rf)^(1/P)-1, applied only when rf > 0 and only in Sharpe, Sortino and Omega (Q4)."},
    {"time_in_market", "Time in Market", F::Percent, false, false, false, "Share of periods with a non-zero return, rounded up to a whole percent.", nullptr},
    {"cumulative_return", "Cumulative Return", F::BigPercent, false, false, true, "prod(1+r)-1 (simple sum when not compounded).", nullptr},
    {"cagr", "CAGR\xEF\xB9\xAA", F::Percent, false, false, false, "|1+total|^(1/years)-1 with years = N/P; rf ignored.", nullptr},
    {"sharpe", "Sharpe", F::Ratio, false, false, true, "mean(r-rf)/sd(r-rf)*sqrt(P), sample sd (ddof 1).", nullptr},
    {"prob_sharpe_ratio", "Prob. Sharpe Ratio", F::Percent, false, false, false, "Bailey & LÃ³pez de Prado's PSR: Phi(SR*sqrt(N-1)/sqrt(1-g3*SR+(g4-1)/4*SR^2)), SR per period of r-rf, g3 and g4 its moment skewness and raw kurtosis.", "Phi((SR-rf)/sigma_SR) with per-period SR of r, skew and excess kurtosis in the raw-kurtosis slot and the annual rf subtracted (QuantStats' formula, Q3)."},
    {"smart_sharpe", "Smart Sharpe", F::Ratio, true, false, false, "Sharpe divided by the column's own autocorrelation penalty sqrt(1+2*sum((N-k)/N*|rho|^k)).", "Sharpe divided by the autocorrelation penalty sqrt(1+2*sum((N-k)/N*|rho|^k)) of the first column, for every column (Q2)."},
    {"sortino", "Sortino", F::Ratio, false, false, false, "mean(r-rf)/sqrt(sum(min(r-rf,0)^2)/N)*sqrt(P).", nullptr},
    {"smart_sortino", "Smart Sortino", F::Ratio, true, false, false, "Sortino divided by the column's own autocorrelation penalty.", "Sortino divided by the first column's autocorrelation penalty (Q2)."},
    {"sortino_sqrt2", "Sortino/\xE2\x88\x9A" "2", F::Ratio, false, false, false, "Sortino / sqrt(2), comparable with Sharpe.", nullptr},
    {"smart_sortino_sqrt2", "Smart Sortino/\xE2\x88\x9A" "2", F::Ratio, true, false, false, "Smart Sortino / sqrt(2).", nullptr},
    {"omega", "Omega", F::Ratio, false, false, false, "sum of gains over 0 / sum of losses below 0 (of r-rf).", nullptr},
    {"max_drawdown", "Max Drawdown", F::Percent, false, false, true, "Deepest drawdown: min of wealth/peak-1, from a starting wealth of 1.", nullptr},
    {"max_dd_date", "Max DD Date", F::Date, false, false, false, "Valley date of the deepest episode.", nullptr},
    {"max_dd_period_start", "Max DD Period Start", F::Date, false, false, false, "First underwater day of the deepest episode.", nullptr},
    {"max_dd_period_end", "Max DD Period End", F::Date, false, false, false, "Last underwater day of the deepest episode (or the last date).", nullptr},
    {"longest_dd_days", "Longest DD Days", F::Integer, false, false, false, "Longest episode in calendar days, inclusive.", "Longest episode in calendar days, inclusive; blank for the benchmark when the strategy never draws down."},
    {"volatility", "Volatility (ann.)", F::Percent, true, false, false, "sd(r)*sqrt(P).", nullptr},
    {"r_squared", "R^2", F::Ratio, true, true, false, "Squared correlation of strategy and benchmark returns.", nullptr},
    {"information_ratio", "Information Ratio", F::Ratio, true, true, false, "mean(r-b)/sd(r-b), not annualised.", nullptr},
    {"calmar", "Calmar", F::Ratio, true, false, false, "CAGR / |Max Drawdown|.", nullptr},
    {"skew", "Skew", F::Ratio, true, false, false, "Bias-corrected sample skewness.", nullptr},
    {"kurtosis", "Kurtosis", F::Ratio, true, false, false, "Bias-corrected sample excess kurtosis.", nullptr},
    {"ulcer_performance_index", "Ulcer Performance Index", F::Ratio, true, false, false, "Annualised excess return (CAGR of r-rf) / Ulcer Index, Martin's definition.", "(total compounded return - annual rf) / Ulcer Index (Q4, Q12)."},
    {"risk_adjusted_return", "Risk-Adjusted Return", F::Percent, true, false, false, "CAGR of r-rf at P periods a year / Time in Market.", "CAGR at 252 periods a year, rf ignored, / Time in Market (Q4, Q5)."},
    {"risk_return_ratio", "Risk-Return Ratio", F::Ratio, true, false, false, "mean(r)/sd(r), not annualised.", nullptr},
    {"avg_return", "Avg. Return", F::Percent, true, false, true, "Mean of the column's non-zero returns.", "Mean of non-zero returns on rows where every column is non-zero (Q1)."},
    {"avg_win", "Avg. Win", F::Percent, true, false, false, "Mean of the column's positive returns.", "Mean of positive returns on rows where every column is positive (Q1)."},
    {"avg_loss", "Avg. Loss", F::Percent, true, false, false, "Mean of the column's negative returns.", "Mean of negative returns on rows where every column is negative (Q1)."},
    {"win_loss_ratio", "Win/Loss Ratio", F::Ratio, true, false, false, "Avg. Win / |Avg. Loss|.", "Avg. Win / |Avg. Loss|, both on joint rows (Q1)."},
    {"profit_ratio", "Profit Ratio", F::Ratio, true, false, false, "(|mean win|/#wins)/(|mean loss|/#losses), zero days count as wins.", nullptr},
    {"expected_daily", "Expected Daily", F::Percent, true, false, true, "Geometric mean return per period.", nullptr},
    {"expected_monthly", "Expected Monthly", F::Percent, true, false, false, "Geometric mean of calendar-month returns.", nullptr},
    {"expected_yearly", "Expected Yearly", F::Percent, true, false, false, "Geometric mean of calendar-year returns.", nullptr},
    {"kelly_criterion", "Kelly Criterion", F::Percent, true, false, false, "(b*p-(1-p))/b with p = win rate, b = payoff ratio.", "(b*p-(1-p))/b with p = win rate, b = payoff ratio on joint rows (Q1)."},
    {"risk_of_ruin", "Risk of Ruin", F::UnscaledPercent, true, false, false, "((1-p)/(1+p))^N.", nullptr},
    {"daily_var", "Daily Value-at-Risk", F::Percent, true, false, false, "Parametric normal 95% VaR: mean + sd*Phi^-1(0.05), shown negative.", nullptr},
    {"expected_shortfall", "Expected Shortfall (cVaR)", F::Percent, true, false, false, "Mean of returns below the parametric VaR (VaR if none), shown negative.", nullptr},
    {"max_consecutive_wins", "Max Consecutive Wins", F::Integer, true, false, true, "Longest run of positive returns.", nullptr},
    {"max_consecutive_losses", "Max Consecutive Losses", F::Integer, true, false, false, "Longest run of negative returns.", nullptr},
    {"gain_pain_ratio", "Gain/Pain Ratio", F::Ratio, false, false, false, "sum(r) / |sum of negative daily returns|; rf ignored.", nullptr},
    {"gain_pain_1m", "Gain/Pain (1M)", F::Ratio, false, false, false, "The same on calendar-month sums.", nullptr},
    {"payoff_ratio", "Payoff Ratio", F::Ratio, false, false, true, "Avg. Win / |Avg. Loss|.", "Avg. Win / |Avg. Loss|, both on joint rows (Q1)."},
    {"profit_factor", "Profit Factor", F::Ratio, false, false, false, "sum(r>=0)/|sum(r<0)|; infinite when no period loses.", "sum(r>=0)/|sum(r<0)|; no losing day shows 0 (Q10)."},
    {"common_sense_ratio", "Common Sense Ratio", F::Ratio, false, false, false, "Profit Factor x Tail Ratio.", "Profit Factor x Tail Ratio; 0 without a losing day (Q10)."},
    {"cpc_index", "CPC Index", F::Ratio, false, false, false, "Profit Factor x Win Days x Payoff Ratio.", "Profit Factor x Win Days x Payoff Ratio, payoff on joint rows (Q1), 0 without a losing day (Q10)."},
    {"tail_ratio", "Tail Ratio", F::Ratio, false, false, false, "|95th percentile / 5th percentile| of returns.", nullptr},
    {"outlier_win_ratio", "Outlier Win Ratio", F::Ratio, false, false, false, "99th percentile / mean of returns >= 0.", nullptr},
    {"outlier_loss_ratio", "Outlier Loss Ratio", F::Ratio, false, false, false, "1st percentile / mean of returns < 0.", nullptr},
    {"mtd", "MTD", F::Percent, false, false, true, "Return since the first day of the last date's month.", nullptr},
    {"ret_3m", "3M", F::Percent, false, false, false, "Return over dates >= last date - 3 months.", nullptr},
    {"ret_6m", "6M", F::Percent, false, false, false, "Return over dates >= last date - 6 months.", nullptr},
    {"ytd", "YTD", F::Percent, false, false, false, "Return since January 1 of the last date's year.", nullptr},
    {"ret_1y", "1Y", F::Percent, false, false, false, "Return over dates >= last date - 1 year.", nullptr},
    {"cagr_3y", "3Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 36 months.", "CAGR over dates >= last date - 35 months (QuantStats' window, Q6)."},
    {"cagr_5y", "5Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 60 months.", "CAGR over dates >= last date - 59 months (QuantStats' window, Q6)."},
    {"cagr_10y", "10Y (ann.)", F::Percent, false, false, false, "CAGR over dates >= last date - 10 years.", nullptr},
    {"cagr_all_time", "All-time (ann.)", F::Percent, false, false, false, "CAGR over all dates.", nullptr},
    {"best_day", "Best Day", F::Percent, true, false, true, "Highest period return.", nullptr},
    {"worst_day", "Worst Day", F::Percent, true, false, false, "Lowest period return.", nullptr},
    {"best_month", "Best Month", F::Percent, true, false, false, "Highest calendar-month return.", nullptr},
    {"worst_month", "Worst Month", F::Percent, true, false, false, "Lowest calendar-month return (always compounded).", nullptr},
    {"best_year", "Best Year", F::Percent, true, false, false, "Highest calendar-year return.", nullptr},
    {"worst_year", "Worst Year", F::Percent, true, false, false, "Lowest calendar-year return.", nullptr},
    {"avg_drawdown", "Avg. Drawdown", F::Percent, false, false, true, "Mean depth over all drawdown episodes.", nullptr},
    {"avg_drawdown_days", "Avg. Drawdown Days", F::Integer, false, false, false, "Mean episode length in calendar days, rounded half to even.", "Mean episode length in calendar days, rounded half to even; blank for the benchmark when the strategy never draws down."},
    {"recovery_factor", "Recovery Factor", F::Ratio, false, false, false, "|sum(r)| / |Max Drawdown|.", nullptr},
    {"ulcer_index", "Ulcer Index", F::Ratio, false, false, false, "sqrt(sum(dd^2)/(N-1)).", nullptr},
    {"serenity_index", "Serenity Index", F::Ratio, false, false, false, "Annualised excess return (CAGR of r-rf) / (Ulcer Index x pitfall), pitfall = -cVaR(dd)/sd(r).", "(sum(r) - annual rf) / (Ulcer Index x pitfall), pitfall = -cVaR(dd)/sd(r) (Q4, Q11)."},
    {"avg_up_month", "Avg. Up Month", F::Percent, true, false, true, "Mean of the column's positive calendar-month returns.", "Mean of positive calendar-month returns (months where every column is positive, Q1)."},
    {"avg_down_month", "Avg. Down Month", F::Percent, true, false, false, "Mean of the column's negative calendar-month returns.", "Mean of negative calendar-month returns (months where every column is negative, Q1)."},
    {"win_days", "Win Days", F::Percent, true, false, false, "#positive / #non-zero periods.", nullptr},
    {"win_month", "Win Month", F::Percent, true, false, false, "Share of positive calendar months among non-zero ones.", nullptr},
    {"win_quarter", "Win Quarter", F::Percent, true, false, false, "Share of positive calendar quarters among non-zero ones.", nullptr},
    {"win_year", "Win Year", F::Percent, true, false, false, "Share of positive calendar years among non-zero ones.", nullptr},
    {"beta", "Beta", F::Ratio, true, true, true, "cov(x,xb)/var(xb) of the excess returns x = r-rf, xb = b-rf (cov(r,b)/var(b) for a constant rf).", "cov(r,b)/var(b)."},
    {"alpha", "Alpha", F::Ratio, true, true, false, "Jensen's alpha: (mean(x) - beta*mean(xb)) x P on the excess returns.", "(mean(r) - beta*mean(b)) x P, no rf (Q13)."},
    {"correlation", "Correlation", F::Percent, true, true, false, "Pearson correlation of r and b.", nullptr},
    {"treynor_ratio", "Treynor Ratio", F::Percent, true, true, false, "Annualised excess return (CAGR of r-rf) / beta, as PerformanceAnalytics' TreynorRatio.", "(total compounded return - annual rf) / beta (Q4, Q13)."},
};
// clang-format on

} // namespace

std::span<const MetricDef> metricCatalog() {
    return kRows;
}

const char* definitionFor(const MetricDef& def, Convention c) {
    return c == Convention::QuantStats && def.quantstats ? def.quantstats : def.definition;
}

const MetricDef* findMetric(const char* key) {
    for (const auto& d : kRows)
        if (std::strcmp(d.key, key) == 0) return &d;
    return nullptr;
}

} // namespace ts

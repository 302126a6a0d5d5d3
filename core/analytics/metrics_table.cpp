#include "analytics/metrics_table.h"

#include "analytics/calendar.h"
#include "analytics/numeric.h"
#include "analytics/return_stats.h"
#include "util/parallel.h"

#include <algorithm>
#include <functional>

namespace ts {

const std::vector<MetricValue>* MetricsTable::find(std::string_view key) const {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (key == rows[i]->key) return &values[i];
    return nullptr;
}

namespace {

using num::kNaN;
using Span = std::span<const double>;

struct Column {
    Span r;
    Span excess;                     // r - rf per period (r itself when rf is not applied)
    std::vector<double> excessStore; // backs `excess` when rf is applied
    double excessCagr = 0;           // CAGR of the excess returns: the annualised excess return
    double q01 = 0, q05 = 0, q95 = 0, q99 = 0;
    stats::Summary rs, xs;                     // of r and of the excess returns
    double compounded = 0, sum = 0, total = 0; // comp(r), sum(r), and the one the table uses
    PeriodReturns months, monthsCompounded, monthSums, quarters, years;
};

// Rows where every column satisfies `pred` (QuantStats' df[df > 0].dropna(), Q1); per column otherwise.
template <typename Pred>
double filteredMean(const std::vector<Span>& cols, std::size_t c, bool joint, Pred pred) {
    const std::size_t n = cols[c].size();
    double s = 0;
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
        bool keep = pred(cols[c][i]);
        if (joint)
            for (std::size_t o = 0; o < cols.size() && keep; ++o)
                keep = pred(cols[o][i]);
        if (keep) {
            s += cols[c][i];
            ++k;
        }
    }
    return k ? s / static_cast<double>(k) : kNaN;
}

// Sub-range of rows with date >= from (the table's trailing windows, inclusive, Q6).
std::size_t firstOnOrAfter(const std::vector<QDate>& dates, const QDate& from) {
    return static_cast<std::size_t>(std::lower_bound(dates.begin(), dates.end(), from) - dates.begin());
}

} // namespace

MetricsResult computeMetrics(const AlignedReturns& in, const MetricsParams& p) {
    return computeMetrics(in, p, CalendarIndex(in.dates));
}

MetricsResult computeMetrics(const AlignedReturns& in, const MetricsParams& p, const CalendarIndex& cal) {
    const ConventionRules rules = rulesFor(p.convention);
    const std::size_t nCols = in.columns.size();
    const std::size_t n = in.rows();
    const double P = p.periods;
    const auto dn = static_cast<double>(n);

    // A risk-free series is applied as given, row by row; a constant rate as the convention says.
    const bool rfSeries = p.rfPerPeriod.size() == n && n > 0;
    const bool applyRf = rfSeries || p.rf > 0 || (!rules.ignoreNegativeRf && p.rf != 0);
    const double rfPeriod = applyRf && !rfSeries ? stats::perPeriodRate(p.rf, P) : 0.0;

    MetricsResult result;
    std::vector<Column> cols(nCols);
    std::vector<Span> raw(nCols), monthly(nCols);
    result.drawdowns.resize(nCols);
    // Everything per column that the rows below read; columns are independent, so they are
    // prepared concurrently (the rows themselves are cheap).
    auto prepare = [&](std::size_t c) {
        Column& col = cols[c];
        col.r = Span(in.columns[c]);
        if (applyRf) {
            col.excessStore.assign(col.r.begin(), col.r.end());
            for (std::size_t i = 0; i < n; ++i)
                col.excessStore[i] -= rfSeries ? p.rfPerPeriod[i] : rfPeriod;
            col.excess = Span(col.excessStore);
        } else {
            col.excess = col.r;
        }
        col.rs = stats::summarize(col.r);
        col.xs = applyRf ? stats::summarize(col.excess) : col.rs;
        col.compounded = stats::comp(col.r);
        col.sum = num::sum(col.r);
        col.total = p.compounded ? col.compounded : col.sum;
        col.excessCagr = stats::cagrFromTotal(applyRf ? stats::comp(col.excess) : col.compounded, n, P);
        std::vector<double> scratch(col.r.begin(), col.r.end());
        static constexpr double kTails[] = {0.01, 0.05, 0.95, 0.99};
        double q[4];
        num::quantilesSelect(scratch, kTails, q);
        col.q01 = q[0];
        col.q05 = q[1];
        col.q95 = q[2];
        col.q99 = q[3];
        col.months = aggregate(cal, col.r, Period::Month, p.compounded);
        col.monthsCompounded = p.compounded ? PeriodReturns{} : aggregate(cal, col.r, Period::Month, true);
        col.monthSums = aggregate(cal, col.r, Period::Month, false);
        col.quarters = aggregate(cal, col.r, Period::Quarter, p.compounded);
        col.years = aggregate(cal, col.r, Period::Year, p.compounded);
        monthly[c] = Span(col.months.values);
        auto& dd = result.drawdowns[c];
        drawdownSeries(col.r, dd.series);
        dd.episodes = drawdownEpisodes(in.dates, dd.series);
    };
    parallelFor(nCols, prepare);
    for (std::size_t c = 0; c < nCols; ++c)
        raw[c] = cols[c].r;

    MetricsTable& t = result.table;
    t.columns = in.names;
    t.hasBenchmark = in.hasBenchmark;
    const bool joint = rules.jointRowFiltering;
    const std::size_t benchCol = in.hasBenchmark ? nCols - 1 : nCols;
    const std::size_t nStrategies = in.strategyCount();

    // Smart ratios: QuantStats computes the penalty on the first column only (Q2).
    std::vector<double> penalty(nCols);
    for (std::size_t c = 0; c < nCols; ++c)
        penalty[c] =
            rules.smartPenaltyFromFirstColumn && c > 0 ? penalty[0] : stats::autocorrPenalty(cols[c].excess);

    const QDate last = in.dates.back();
    auto trailing = [&](const QDate& from, std::size_t c) {
        return cols[c].r.subspan(firstOnOrAfter(in.dates, from));
    };

    auto add = [&](const char* key, const std::function<MetricValue(std::size_t)>& f) {
        const MetricDef* def = findMetric(key);
        if (!def || (def->fullOnly && !p.fullMode) || (def->needsBenchmark && !in.hasBenchmark)) return;
        std::vector<MetricValue> row(nCols);
        for (std::size_t c = 0; c < nCols; ++c)
            row[c] = f(c);
        t.rows.push_back(def);
        t.values.push_back(std::move(row));
    };
    auto val = [](double v) { return MetricValue::of(v); };

    // Drawdown summary per column (QuantStats' _calc_dd).
    struct DdSummary {
        const DrawdownEpisode* worst = nullptr;
        double longest = kNaN, avgDepth = kNaN, avgDays = kNaN;
    };
    std::vector<DdSummary> dds(nCols);
    for (std::size_t c = 0; c < nCols; ++c) {
        const auto& eps = result.drawdowns[c].episodes;
        if (eps.empty()) continue;
        DdSummary& s = dds[c];
        double depth = 0, days = 0;
        int longest = 0;
        for (const auto& e : eps) {
            if (!s.worst || e.maxDrawdown < s.worst->maxDrawdown) s.worst = &e;
            depth += e.maxDrawdown;
            days += e.days;
            longest = std::max(longest, e.days);
        }
        s.longest = longest;
        s.avgDepth = depth / static_cast<double>(eps.size());
        s.avgDays = std::nearbyint(days / static_cast<double>(eps.size())); // numpy round: half to even
    }
    const bool blankBenchDays = rules.blankBenchmarkDdDaysWithoutStrategyDd && in.hasBenchmark &&
                                result.drawdowns[0].episodes.empty();
    auto ddDays = [&](std::size_t c, double v) {
        return blankBenchDays && c == benchCol ? MetricValue{} : MetricValue::of(v);
    };

    add("start_period", [&](std::size_t) { return MetricValue::ofDate(in.dates.front()); });
    add("end_period", [&](std::size_t) { return MetricValue::ofDate(last); });
    add("risk_free_rate", [&](std::size_t) { return val(p.rf); });
    add("time_in_market", [&](std::size_t c) { return val(stats::exposure(cols[c].r)); });
    auto cagrAll = [&](std::size_t c) { return stats::cagrFromTotal(cols[c].total, n, P); };
    add("cumulative_return", [&](std::size_t c) { return val(cols[c].total); });
    add("cagr", [&](std::size_t c) { return val(cagrAll(c)); });
    add("sharpe", [&](std::size_t c) { return val(stats::sharpe(cols[c].xs, P)); });
    add("prob_sharpe_ratio", [&](std::size_t c) {
        return val(rules.psrExcessKurtosisQuirk
                       ? stats::probabilisticSharpe(cols[c].r, cols[c].rs, p.rf)
                       : stats::probabilisticSharpeBailey(cols[c].excess, cols[c].xs));
    });
    add("smart_sharpe", [&](std::size_t c) { return val(stats::sharpe(cols[c].xs, P, penalty[c])); });
    add("sortino", [&](std::size_t c) { return val(stats::sortino(cols[c].xs, P)); });
    add("smart_sortino", [&](std::size_t c) { return val(stats::sortino(cols[c].xs, P, penalty[c])); });
    add("sortino_sqrt2", [&](std::size_t c) { return val(stats::sortino(cols[c].xs, P) / std::sqrt(2.0)); });
    add("smart_sortino_sqrt2",
        [&](std::size_t c) { return val(stats::sortino(cols[c].xs, P, penalty[c]) / std::sqrt(2.0)); });
    add("omega", [&](std::size_t c) { return val(stats::omega(cols[c].excess)); });

    add("max_drawdown",
        [&](std::size_t c) { return dds[c].worst ? val(dds[c].worst->maxDrawdown) : MetricValue{}; });
    add("max_dd_date", [&](std::size_t c) {
        return dds[c].worst ? MetricValue::ofDate(dds[c].worst->valley) : MetricValue{};
    });
    add("max_dd_period_start", [&](std::size_t c) {
        return dds[c].worst ? MetricValue::ofDate(dds[c].worst->start) : MetricValue{};
    });
    add("max_dd_period_end",
        [&](std::size_t c) { return dds[c].worst ? MetricValue::ofDate(dds[c].worst->end) : MetricValue{}; });
    add("longest_dd_days", [&](std::size_t c) { return ddDays(c, dds[c].longest); });
    add("volatility", [&](std::size_t c) { return val(stats::volatility(cols[c].rs, P)); });

    // R^2 and IR are per strategy; with a single strategy QuantStats prints the value in both columns.
    auto pairStat = [&](std::size_t c, double (*f)(Span, Span)) {
        if (c == benchCol) return nStrategies == 1 ? val(f(cols[0].r, cols[benchCol].r)) : MetricValue{};
        return val(f(cols[c].r, cols[benchCol].r));
    };
    add("r_squared", [&](std::size_t c) { return pairStat(c, &stats::rSquared); });
    add("information_ratio", [&](std::size_t c) { return pairStat(c, &stats::informationRatio); });
    add("calmar", [&](std::size_t c) {
        const double mdd = maxDrawdown(result.drawdowns[c].series);
        return val(stats::cagrFromTotal(cols[c].compounded, n, P) /
                   std::abs(mdd)); // QuantStats: always compounded
    });
    add("skew", [&](std::size_t c) { return val(num::skew(cols[c].r)); });
    add("kurtosis", [&](std::size_t c) { return val(num::kurtosis(cols[c].r)); });
    // Q4: QuantStats subtracts the annual rf from a total return here (UPI, Serenity, Treynor) and
    // forgets it in RAR; the standard convention uses the annualised excess return in all four.
    const bool rfQuirk = rules.rfRoutingQuirk;
    add("ulcer_performance_index", [&](std::size_t c) {
        const auto& dd = result.drawdowns[c].series;
        return val(rfQuirk ? stats::ulcerPerformanceIndex(cols[c].compounded, dd, p.rf)
                           : stats::ulcerPerformanceIndex(cols[c].excessCagr, dd, 0.0));
    });
    add("risk_adjusted_return", [&](std::size_t c) {
        const double periods = rules.rarUses252 ? 252.0 : P;
        const double total = rfQuirk || !applyRf ? cols[c].compounded : stats::comp(cols[c].excess);
        return val(stats::cagrFromTotal(total, n, periods) / stats::exposure(cols[c].r));
    });
    add("risk_return_ratio", [&](std::size_t c) {
        const double sd = cols[c].rs.sd;
        return sd == 0 ? MetricValue{} : val(cols[c].rs.mean / sd);
    });

    const auto nonZero = [](double v) { return v != 0; };
    const auto positive = [](double v) { return v > 0; };
    const auto negative = [](double v) { return v < 0; };
    std::vector<double> avgWin(nCols), avgLoss(nCols), payoff(nCols), winRate(nCols), pf(nCols);
    for (std::size_t c = 0; c < nCols; ++c) {
        avgWin[c] = filteredMean(raw, c, joint, positive);
        avgLoss[c] = filteredMean(raw, c, joint, negative);
        payoff[c] = avgLoss[c] == 0 ? kNaN : avgWin[c] / std::abs(avgLoss[c]);
        winRate[c] = stats::winRate(cols[c].r);
        pf[c] = stats::profitFactor(cols[c].r);
        if (rules.profitFactorInfAsZero && std::isinf(pf[c])) pf[c] = 0.0;
    }
    // Q10 corrected: no losing period gives an infinite Profit Factor, shown as such.
    auto unbounded = [&](double v) {
        return rules.profitFactorInfAsZero ? MetricValue::of(v) : MetricValue::ofUnbounded(v);
    };
    add("avg_return", [&](std::size_t c) { return val(filteredMean(raw, c, joint, nonZero)); });
    add("avg_win", [&](std::size_t c) { return val(avgWin[c]); });
    add("avg_loss", [&](std::size_t c) { return val(avgLoss[c]); });
    add("win_loss_ratio", [&](std::size_t c) { return val(payoff[c]); });
    add("profit_ratio", [&](std::size_t c) { return val(stats::profitRatio(cols[c].r)); });

    add("expected_daily", [&](std::size_t c) { return val(stats::expectedReturn(cols[c].r)); });
    add("expected_monthly", [&](std::size_t c) { return val(stats::expectedReturn(cols[c].months.values)); });
    add("expected_yearly", [&](std::size_t c) { return val(stats::expectedReturn(cols[c].years.values)); });
    add("kelly_criterion", [&](std::size_t c) {
        if (payoff[c] == 0 || std::isnan(payoff[c])) return MetricValue{};
        return val((payoff[c] * winRate[c] - (1 - winRate[c])) / payoff[c]);
    });
    add("risk_of_ruin", [&](std::size_t c) { return val(stats::riskOfRuin(winRate[c], dn)); });
    std::vector<double> var(nCols);
    for (std::size_t c = 0; c < nCols; ++c)
        var[c] = stats::valueAtRisk(cols[c].rs);
    add("daily_var", [&](std::size_t c) { return val(-std::abs(var[c])); });
    add("expected_shortfall",
        [&](std::size_t c) { return val(-std::abs(stats::conditionalValueAtRisk(cols[c].r, var[c]))); });

    add("max_consecutive_wins", [&](std::size_t c) { return val(stats::maxConsecutive(cols[c].r, true)); });
    add("max_consecutive_losses",
        [&](std::size_t c) { return val(stats::maxConsecutive(cols[c].r, false)); });
    add("gain_pain_ratio", [&](std::size_t c) { return val(stats::gainToPain(cols[c].r)); });
    add("gain_pain_1m", [&](std::size_t c) { return val(stats::gainToPain(cols[c].monthSums.values)); });

    add("payoff_ratio", [&](std::size_t c) { return val(payoff[c]); });
    add("profit_factor", [&](std::size_t c) { return unbounded(pf[c]); });
    add("common_sense_ratio",
        [&](std::size_t c) { return unbounded(pf[c] * stats::tailRatio(cols[c].q95, cols[c].q05)); });
    add("cpc_index", [&](std::size_t c) { return val(pf[c] * winRate[c] * payoff[c]); });
    add("tail_ratio", [&](std::size_t c) { return val(stats::tailRatio(cols[c].q95, cols[c].q05)); });
    add("outlier_win_ratio",
        [&](std::size_t c) { return val(stats::outlierWinRatio(cols[c].q99, cols[c].r)); });
    add("outlier_loss_ratio",
        [&](std::size_t c) { return val(stats::outlierLossRatio(cols[c].q01, cols[c].r)); });

    auto windowTotal = [&](const QDate& from, std::size_t c) {
        return val(stats::total(trailing(from, c), p.compounded));
    };
    auto windowCagr = [&](const QDate& from, std::size_t c) {
        return val(stats::cagr(trailing(from, c), P, p.compounded));
    };
    const int m3y = rules.shortMultiYearWindows ? 35 : 36, m5y = rules.shortMultiYearWindows ? 59 : 60;
    add("mtd", [&](std::size_t c) { return windowTotal(QDate(last.year(), last.month(), 1), c); });
    add("ret_3m", [&](std::size_t c) { return windowTotal(last.addMonths(-3), c); });
    add("ret_6m", [&](std::size_t c) { return windowTotal(last.addMonths(-6), c); });
    add("ytd", [&](std::size_t c) { return windowTotal(QDate(last.year(), 1, 1), c); });
    add("ret_1y", [&](std::size_t c) { return windowTotal(last.addYears(-1), c); });
    add("cagr_3y", [&](std::size_t c) { return windowCagr(last.addMonths(-m3y), c); });
    add("cagr_5y", [&](std::size_t c) { return windowCagr(last.addMonths(-m5y), c); });
    add("cagr_10y", [&](std::size_t c) { return windowCagr(last.addYears(-10), c); });
    add("cagr_all_time", [&](std::size_t c) { return val(cagrAll(c)); });

    auto maxOf = [](Span v) { return v.empty() ? kNaN : *std::max_element(v.begin(), v.end()); };
    auto minOf = [](Span v) { return v.empty() ? kNaN : *std::min_element(v.begin(), v.end()); };
    add("best_day", [&](std::size_t c) { return val(maxOf(cols[c].r)); });
    add("worst_day", [&](std::size_t c) { return val(minOf(cols[c].r)); });
    add("best_month", [&](std::size_t c) { return val(maxOf(cols[c].months.values)); });
    add("worst_month", [&](std::size_t c) {
        return val(minOf((p.compounded ? cols[c].months : cols[c].monthsCompounded).values));
    });
    add("best_year", [&](std::size_t c) { return val(maxOf(cols[c].years.values)); });
    add("worst_year", [&](std::size_t c) { return val(minOf(cols[c].years.values)); });

    add("avg_drawdown", [&](std::size_t c) { return val(dds[c].avgDepth); });
    add("avg_drawdown_days", [&](std::size_t c) { return ddDays(c, dds[c].avgDays); });
    add("recovery_factor", [&](std::size_t c) {
        return val(stats::recoveryFactor(cols[c].sum, maxDrawdown(result.drawdowns[c].series)));
    });
    add("ulcer_index", [&](std::size_t c) { return val(stats::ulcerIndex(result.drawdowns[c].series)); });
    add("serenity_index", [&](std::size_t c) {
        const auto& dd = result.drawdowns[c].series;
        return val(rfQuirk ? stats::serenityIndex(cols[c].sum, cols[c].rs.sd, dd, p.rf)
                           : stats::serenityIndex(cols[c].excessCagr, cols[c].rs.sd, dd, 0.0));
    });

    add("avg_up_month", [&](std::size_t c) { return val(filteredMean(monthly, c, joint, positive)); });
    add("avg_down_month", [&](std::size_t c) { return val(filteredMean(monthly, c, joint, negative)); });
    add("win_days", [&](std::size_t c) { return val(winRate[c]); });
    add("win_month", [&](std::size_t c) { return val(stats::winRate(cols[c].months.values)); });
    add("win_quarter", [&](std::size_t c) { return val(stats::winRate(cols[c].quarters.values)); });
    add("win_year", [&](std::size_t c) { return val(stats::winRate(cols[c].years.values)); });

    if (in.hasBenchmark) {
        std::vector<stats::Greeks> g(nCols);
        // Standard: Jensen's alpha and beta on excess returns (QuantStats: raw returns, Q13).
        for (std::size_t c = 0; c < nStrategies; ++c)
            g[c] = rfQuirk ? stats::greeks(cols[c].r, cols[benchCol].r, P)
                           : stats::greeks(cols[c].excess, cols[benchCol].excess, P);
        auto perStrategy = [&](std::size_t c, double v) { return c == benchCol ? MetricValue{} : val(v); };
        add("beta", [&](std::size_t c) { return perStrategy(c, g[c].beta); });
        add("alpha", [&](std::size_t c) { return perStrategy(c, g[c].alpha); });
        add("correlation", [&](std::size_t c) {
            return c == benchCol ? MetricValue{} : val(num::pearson(cols[benchCol].r, cols[c].r));
        });
        add("treynor_ratio", [&](std::size_t c) {
            if (c == benchCol) return MetricValue{};
            if (!rfQuirk) return val(g[c].beta == 0 ? kNaN : cols[c].excessCagr / g[c].beta);
            return val(g[c].beta == 0 ? 0.0 : (cols[c].compounded - p.rf) / g[c].beta);
        });
    }
    return result;
}

} // namespace ts

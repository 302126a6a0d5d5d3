#pragma once
// Metric conventions. `quantstats` reproduces QuantStats 0.0.81 exactly, quirks included, so numbers
// match what the field already sees. `standard` (the default) uses the textbook definition of each.
// Every quirk is one named switch here (spec Qn in the comment); the two conventions differ only in
// these switches, never in forked metric code. docs/conventions.md lists what each switch changes.

#include <QString>
#include <optional>

namespace ts {

enum class Convention { Standard, QuantStats };

struct ConventionRules {
    // §0.1 / Q16: with a benchmark, cut leading zero-return days of either series.
    bool trimLeadingZerosWithBenchmark = true;
    // Q17: a benchmark on other dates is re-based on a calendar-daily grid with back-fill.
    bool backfillBenchmarkOnCalendarGrid = true;
    // Q1: Avg. Return/Win/Loss, payoff, Kelly, CPC, Avg. Up/Down Month use rows where all columns pass.
    bool jointRowFiltering = true;
    // Q2: Smart Sharpe/Sortino of every column reuse the first column's autocorrelation penalty.
    bool smartPenaltyFromFirstColumn = true;
    // Q3: PSR feeds excess kurtosis into a raw-kurtosis formula and subtracts the annual rf.
    bool psrExcessKurtosisQuirk = true;
    // Q4: RAR ignores rf; UPI, Serenity and Treynor subtract the annual rf from a total return.
    bool rfRoutingQuirk = true;
    // Q5: RAR annualises with 252 periods whatever the periods-per-year setting.
    bool rarUses252 = true;
    // Q6: 3Y/5Y windows are 35/59 months, 10Y is 120 months.
    bool shortMultiYearWindows = true;
    // Q10: Profit Factor +inf (no losing day) is reported as 0 (and with it CSR and CPC).
    bool profitFactorInfAsZero = true;
    // Q4/#537: a negative risk-free rate is ignored.
    bool ignoreNegativeRf = true;
    // Observed in 0.0.81: when the strategy never draws down, the benchmark's
    // "Longest DD Days" and "Avg. Drawdown Days" are blank too.
    bool blankBenchmarkDdDaysWithoutStrategyDd = true;
    // Q18: the EOY-vs-benchmark table reads the raw benchmark (full calendar years, years outside the
    // analysed window) while the yearly bars read the aligned one.
    bool eoyTableRawBenchmark = true;
    // Q19: without a benchmark the EOY table's "Return" is the simple sum of the year's returns and
    // "Cumulative" the year compounded, whatever the compounding setting.
    bool eoySumAndCumulativeColumns = true;
    // Rolling charts take ceil(periods / 2) and periods rows whatever the dates are (standard: 6 and 12
    // months of the detected frequency, so 26 weeks on weekly data).
    bool rollingWindowsFromPeriods = true;
};

ConventionRules rulesFor(Convention c);
QString conventionName(Convention c);
std::optional<Convention> conventionFromName(const QString& name);

} // namespace ts

#pragma once
// The full QuantStats metrics table (metrics(mode='full'), 81 rows) for one or more strategies and an
// optional benchmark, computed from aligned returns in one pass per column.

#include "analytics/alignment.h"
#include "analytics/calendar.h"
#include "analytics/convention.h"
#include "analytics/drawdown.h"
#include "analytics/metric_catalog.h"

#include <QDate>
#include <cmath>
#include <string_view>
#include <vector>

namespace ts {

struct MetricsParams {
    double rf = 0.0;      // annual
    double periods = 252; // periods per year
    bool periodsExplicit = false; // the user chose `periods`; otherwise it follows the dates' frequency
    bool compounded = true;
    bool fullMode = true; // false: QuantStats' basic subset
    Convention convention = Convention::Standard;
    // A risk-free series: the per-period rate on each row of the aligned returns (same length as
    // AlignedReturns::dates). Empty: the constant annual `rf` above. When set, `rf` holds the
    // series' annualised average for the rows that want one number (the parameters line, Treynor).
    std::vector<double> rfPerPeriod;
};

// A number, a date, or nothing (undefined: NaN, infinite, or not applicable).
struct MetricValue {
    double number = std::nan("");
    QDate date;

    static MetricValue of(double v) { return {std::isfinite(v) ? v : std::nan(""), {}}; }
    // A ratio whose textbook value can be infinite (Profit Factor without a losing period).
    static MetricValue ofUnbounded(double v) { return {v, {}}; }
    static MetricValue ofDate(QDate d) { return {std::nan(""), d}; }
    bool isDate() const { return date.isValid(); }
    bool isNull() const { return !isDate() && std::isnan(number); }
    bool isInfinite() const { return !isDate() && std::isinf(number); }
};

struct MetricsTable {
    std::vector<QString> columns; // strategies, then the benchmark when present
    bool hasBenchmark = false;
    std::vector<const MetricDef*> rows;
    std::vector<std::vector<MetricValue>> values; // [row][column]

    const std::vector<MetricValue>* find(std::string_view key) const;
};

// Everything the metrics table needs and the report reuses: drawdowns per column come along.
struct MetricsResult {
    MetricsTable table;
    std::vector<ColumnDrawdowns> drawdowns; // per column
};

// `cal` must index in.dates; callers that also build tables or charts pass the same index to all.
MetricsResult computeMetrics(const AlignedReturns& in, const MetricsParams& params, const CalendarIndex& cal);
MetricsResult computeMetrics(const AlignedReturns& in, const MetricsParams& params);

} // namespace ts

#pragma once
// The rows of the metrics table, in QuantStats' order (metrics.md §1), with each row's stable key,
// printed label, how it is formatted and the one-line definition that "explain this number" and the
// reports print. This is the single place that wording lives.

#include "analytics/convention.h"

#include <span>

namespace ts {

enum class MetricFormat {
    Date,
    Percent, // fraction shown x100 with "%"
    Ratio,   // plain number, 2 decimals
    Integer,
    RiskFreeRate,    // always shown x100 with "%"
    BigPercent,      // x100, thousands separator (Cumulative Return)
    UnscaledPercent, // Q7: Risk of Ruin is printed with "%" but not scaled
};

struct MetricDef {
    const char* key;   // JSON key, stable (tests/data/oracle/keys.tsv)
    const char* label; // QuantStats' printed label
    MetricFormat format;
    bool fullOnly;          // only in mode='full'
    bool needsBenchmark;    // only when a benchmark is given
    bool groupStart;        // a separator row precedes it
    const char* definition; // the standard convention's definition
    const char* quantstats; // QuantStats 0.0.81's, where it differs (the quirk named); nullptr: the same
};

std::span<const MetricDef> metricCatalog();
const MetricDef* findMetric(const char* key);
// The definition under a convention: the one place Explain, reports and docs take the words from.
const char* definitionFor(const MetricDef& def, Convention c);

} // namespace ts

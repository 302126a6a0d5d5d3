#pragma once
// The metrics table under the other convention, kept beside the analysis so every place a number
// appears can say what the other convention makes of it (JSON "other_convention", Explain).

#include "analytics/metrics_table.h"
#include "data/series.h"

#include <optional>
#include <vector>

namespace ts {

struct ConventionComparison {
    Convention convention = Convention::QuantStats; // the other one
    MetricsTable table; // same rows and columns as the analysis' table when computed
};

// The same inputs aligned and computed under the convention `params` does not use. A risk-free
// series is reused row by row when the other alignment keeps the same dates, otherwise its
// annualised average stands in (QuantStats itself takes one rate). Nothing on failure.
std::optional<ConventionComparison> compareConventions(const std::vector<Series>& strategies,
                                                       const std::optional<Series>& benchmark,
                                                       const std::vector<QDate>& analysedDates,
                                                       const MetricsParams& params);

// The other convention's value of a cell when it differs from `mine` (relative 1e-12), else nothing.
std::optional<MetricValue> otherValue(const ConventionComparison& c, std::string_view key, std::size_t column,
                                      const MetricValue& mine);

} // namespace ts

#include "report/convention_comparison.h"

#include "analytics/alignment.h"

#include <cmath>

namespace ts {

std::optional<ConventionComparison> compareConventions(const std::vector<Series>& strategies,
                                                       const std::optional<Series>& benchmark,
                                                       const std::vector<QDate>& analysedDates,
                                                       const MetricsParams& params) {
    ConventionComparison c;
    c.convention =
        params.convention == Convention::QuantStats ? Convention::Standard : Convention::QuantStats;
    auto aligned = alignForMetrics(strategies, benchmark, rulesFor(c.convention));
    if (!aligned) return std::nullopt;
    MetricsParams other = params;
    other.convention = c.convention;
    if (aligned->dates != analysedDates) other.rfPerPeriod.clear();
    c.table = computeMetrics(*aligned, other).table;
    return c;
}

std::optional<MetricValue> otherValue(const ConventionComparison& c, std::string_view key, std::size_t column,
                                      const MetricValue& mine) {
    const auto* row = c.table.find(key);
    if (!row || column >= row->size()) return std::nullopt;
    const MetricValue& o = (*row)[column];
    if (o.isDate() || mine.isDate()) {
        if (o.date == mine.date && o.isDate() == mine.isDate()) return std::nullopt;
        return o;
    }
    if (o.isNull() && mine.isNull()) return std::nullopt;
    if (o.isNull() != mine.isNull() || o.isInfinite() != mine.isInfinite()) return o;
    if (o.isInfinite()) return o.number == mine.number ? std::nullopt : std::optional<MetricValue>(o);
    const double scale = std::max({std::abs(o.number), std::abs(mine.number), 1e-300});
    if (std::abs(o.number - mine.number) <= 1e-12 * scale) return std::nullopt;
    return o;
}

} // namespace ts

#pragma once
// What the metrics-table tests share: one cell of a table by key, and a table computed from series
// aligned under the parameters' own convention.

#include "analytics/alignment.h"
#include "analytics/metrics_table.h"

#include <QtGlobal>

namespace ts::test {

inline const MetricValue& cell(const MetricsResult& m, const char* key, std::size_t col = 0) {
    const auto* row = m.table.find(key);
    if (!row) qFatal("no row %s", key);
    return (*row)[col];
}

inline MetricsResult compute(const std::vector<Series>& s, const std::optional<Series>& b, MetricsParams p = {}) {
    auto a = alignForMetrics(s, b, rulesFor(p.convention));
    if (!a) qFatal("%s", qPrintable(a.error().message));
    return computeMetrics(*a, p);
}

} // namespace ts::test

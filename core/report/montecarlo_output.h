#pragma once
// Presenting a Monte Carlo run: the JSON the CLI and the report share, a readable summary, and one
// CSV row per simulation. The summaries are keyed as QuantStats' mc.stats / mc.maxdd.

#include "analytics/montecarlo.h"

#include <QJsonObject>
#include <QString>

namespace ts {

// What was simulated, for the titles: the series' name and its first and last dates.
struct MonteCarloSubject {
    QString name;
    QString first, last; // ISO dates
};

// Everything but the paths; `withPaths` adds "paths" (percentile_5 … percentile_95, original, periods).
QJsonObject monteCarloJson(const MonteCarloResult& r, bool withPaths);
QJsonObject distributionJson(const DistributionSummary& s);

QString monteCarloText(const MonteCarloResult& r, const MonteCarloSubject& subject);
QString monteCarloCsv(const MonteCarloResult& r);

// The sentence a shuffle result carries wherever its terminal figures are shown.
QString fixedByConstructionNote();

} // namespace ts

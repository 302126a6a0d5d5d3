#include "charts/chart_catalog.h"

#include "charts/chart_builders.h"

namespace ts::ui {

const std::vector<ChartInfo>& chartCatalog() {
    static const std::vector<ChartInfo> all{
        {ChartId::Returns, "returns", false},
        {ChartId::LogReturns, "log_returns", false},
        {ChartId::VolMatchedReturns, "vol_returns", true},
        {ChartId::EoyReturns, "eoy_returns", false},
        {ChartId::MonthlyDistribution, "monthly_dist", false},
        {ChartId::DailyReturns, "daily_returns", false},
        {ChartId::RollingBeta, "rolling_beta", true},
        {ChartId::RollingVolatility, "rolling_vol", false},
        {ChartId::RollingSharpe, "rolling_sharpe", false},
        {ChartId::RollingSortino, "rolling_sortino", false},
        {ChartId::DrawdownPeriods, "dd_periods", false},
        {ChartId::Underwater, "dd_plot", false},
        {ChartId::MonthlyHeatmap, "monthly_heatmap", false},
        {ChartId::ReturnQuantiles, "returns_dist", false},
    };
    return all;
}

const ChartInfo* findChart(const QString& key) {
    for (const auto& c : chartCatalog())
        if (key == QLatin1String(c.key)) return &c;
    return nullptr;
}

const char* findChartKey(ChartId id) {
    for (const auto& c : chartCatalog())
        if (c.id == id) return c.key;
    return "";
}

QString chartTitle(ChartId id, const ChartData& d) {
    const QString name = d.names.empty() ? QStringLiteral("Strategy") : d.names.front();
    const QString vs = d.hasBenchmark ? QStringLiteral(" vs Benchmark") : QString();
    switch (id) {
    case ChartId::Returns:
        return QStringLiteral("Cumulative Returns") + vs;
    case ChartId::LogReturns:
        return QStringLiteral("Cumulative Returns%1 (Log Scaled)").arg(vs);
    case ChartId::VolMatchedReturns:
        return QStringLiteral("Cumulative Returns vs Benchmark (Volatility Matched)");
    case ChartId::EoyReturns:
        return QStringLiteral("EOY Returns") + vs;
    case ChartId::MonthlyDistribution:
        return QStringLiteral("Distribution of Monthly Returns");
    case ChartId::DailyReturns:
        return QStringLiteral("Daily Returns (Cumulative Sum)");
    case ChartId::RollingBeta:
        return QStringLiteral("Rolling Beta to Benchmark");
    case ChartId::RollingVolatility:
        return QStringLiteral("Rolling Volatility (6-Months)");
    case ChartId::RollingSharpe:
        return QStringLiteral("Rolling Sharpe (6-Months)");
    case ChartId::RollingSortino:
        return QStringLiteral("Rolling Sortino (6-Months)");
    case ChartId::DrawdownPeriods:
        return QStringLiteral("%1 - Worst 5 Drawdown Periods").arg(name);
    case ChartId::Underwater:
        return QStringLiteral("Underwater Plot");
    case ChartId::MonthlyHeatmap:
        return QStringLiteral("%1 - Monthly Returns (%)").arg(name);
    case ChartId::ReturnQuantiles:
        return QStringLiteral("%1 - Return Quantiles").arg(name);
    }
    return {};
}

std::vector<ChartId> chartsFor(const ChartData& d) {
    std::vector<ChartId> out;
    for (const auto& c : chartCatalog())
        if (d.hasBenchmark || !c.needsBenchmark) out.push_back(c.id);
    return out;
}

QChart* buildChart(ChartId id, const ChartData& d) {
    switch (id) {
    case ChartId::Returns:
        return cumulativeReturnsChart(d, false);
    case ChartId::LogReturns:
        return cumulativeReturnsChart(d, true);
    case ChartId::VolMatchedReturns:
        return volatilityMatchedChart(d);
    case ChartId::EoyReturns:
        return eoyReturnsChart(d);
    case ChartId::MonthlyDistribution:
        return monthlyDistributionChart(d);
    case ChartId::DailyReturns:
        return dailyReturnsChart(d);
    case ChartId::RollingBeta:
        return rollingBetaChart(d);
    case ChartId::RollingVolatility:
        return rollingVolatilityChart(d);
    case ChartId::RollingSharpe:
        return rollingSharpeChart(d);
    case ChartId::RollingSortino:
        return rollingSortinoChart(d);
    case ChartId::DrawdownPeriods:
        return drawdownPeriodsChart(d);
    case ChartId::Underwater:
        return underwaterChart(d);
    case ChartId::ReturnQuantiles:
        return returnQuantilesChart(d);
    case ChartId::MonthlyHeatmap:
        return nullptr;
    }
    return nullptr;
}

} // namespace ts::ui

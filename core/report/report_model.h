#pragma once
// What a tearsheet report shows, built from an analysis: title and dates, the parameters that
// produced it, data quality, the metrics/EOY/drawdown tables, the chart data, and for several
// strategies the correlation of their returns. No drawing here: ui/render draws this model.

#include "report/analysis.h"
#include "report/fundamentals_section.h"
#include "report/montecarlo_section.h"

#include <QDateTime>
#include <utility>
#include <vector>

namespace ts {

struct ReportSpec {
    QString title;           // default: the first strategy's name
    AnalysisParams analysis; // strategies, benchmark, rf, periods, convention
    std::vector<std::pair<QString, QString>> extraParameters; // portfolio weights, rebalancing, costs, ...
    std::vector<QString> dataSources;                         // "NVDA: 3,773 closes from yahoo, fetched ..."
    std::vector<QString> dataQuality; // from the caller (dropped days of a portfolio, ...)
    std::vector<QString> colors;      // per strategy then benchmark, "#RRGGBB" or empty (the palette)
    std::vector<FundamentalsSection> fundamentals; // portfolios whose holdings have statements cached
    int monteCarloSims = 0; // > 0: a Monte Carlo section of that many simulations (fixed seed)
    MonteCarloMethod monteCarloMethod = MonteCarloMethod::Block;
};

struct ReportModel {
    QString title;
    QDate start, end;
    Analysis analysis;
    std::vector<std::pair<QString, QString>> parameters;
    std::vector<QString> dataQuality;
    std::vector<DrawdownEpisode> worstDrawdowns; // 10 deepest of the first strategy
    std::vector<QString> correlationNames;       // strategies then benchmark
    std::vector<std::vector<double>> correlation;
    std::vector<FundamentalsSection> fundamentals;
    std::optional<ReportMonteCarlo> monteCarlo;
    QString inputHash; // SHA-256 over the aligned dates and returns
    QString version;
    QDateTime generated;
};

Result<ReportModel> buildReport(const ReportSpec& spec, const Progress& progress = {});

} // namespace ts

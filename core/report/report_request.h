#pragma once
// A report as data: what the `report` command's options say, and what one entry of a report
// config (the JSON file `report --config` reads and the desktop app saves as a workspace) says.
// resolveReport() turns it into a ReportSpec, building portfolios from cached closes.
//
// {"defaults": {"cache": "...", "rf": 0.02, "periods": 252, "formats": ["html", "pdf"]},
//  "reports": [{"name": "growth", "title": "Growth vs SPY",
//               "strategies": [{"returns": "strat.csv", "name": "Backtest"},
//                              {"symbol": "AAPL"},
//                              {"portfolio": {"NVDA": 0.4, "ORCL": 0.3, "YHOO": 0.3}, "rebalance": "monthly",
//                               "cost_bps": 5, "normalize": false, "name": "Tech"}],
//               "benchmark": {"symbol": "SPY"}, "rf": 0.0, "start": "2010-01-01", "end": "2020-12-31",
//               "formats": ["pdf"]}]}

#include "portfolio/portfolio.h"
#include "report/report_model.h"

#include <QJsonObject>

namespace ts {

struct SeriesRequest {
    enum class Kind { File, Symbol, Portfolio };
    Kind kind = Kind::File;
    QString path;   // File
    QString symbol; // Symbol
    PortfolioSpec portfolio;
    QString name;
    ValueKind values = ValueKind::Auto; // File: returns, prices or auto
    QString color;                      // "#RRGGBB" for charts; empty = the palette
};

struct ReportRequest {
    QString name; // output file stem in a batch
    QString title;
    std::vector<SeriesRequest> strategies;
    std::optional<SeriesRequest> benchmark;
    MetricsParams metrics;
    QDate start, end; // analysis window; invalid = everything
    QString cachePath;
    QStringList formats; // html, pdf, json
    // "montecarlo": {"sims": N, "method": "block"}: the report's Monte Carlo section (0 = none).
    int monteCarloSims = 0;
    MonteCarloMethod monteCarloMethod = MonteCarloMethod::Block;
    // "rf_series": a cached symbol of annual yields in percent (^IRX) instead of "rf". Never a file
    // path: the server hands its requests to the same parser.
    QString rfSeries;
};

// Reads a report config; relative paths are taken from `baseDir` (the config file's folder).
Result<std::vector<ReportRequest>> parseReportConfig(const QJsonObject& root, const QString& baseDir,
                                                     const QString& defaultCache);
// The requests of a config file (the `report --config` format); a non-empty `cacheOverride` (--cache)
// replaces every request's cache, otherwise the settings' cache is the default.
Result<std::vector<ReportRequest>> loadReportConfig(const QString& configPath, const QString& cacheOverride);
Result<ReportSpec> resolveReport(const ReportRequest& r);
// The cached symbols these requests read (symbol strategies, portfolio holdings, benchmarks), each
// once, in order of appearance: what a download must refresh.
QStringList cachedSymbols(const std::vector<ReportRequest>& requests);
// The config JSON of these requests (what the desktop app saves; parseReportConfig reads it back).
QJsonObject reportConfigJson(const std::vector<ReportRequest>& requests);

} // namespace ts

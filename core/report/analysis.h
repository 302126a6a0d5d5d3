#pragma once
// One analysis job: read the strategy and benchmark files, align them, compute the metrics table,
// drawdowns, calendar tables and chart data. Params in, result out, progress that can cancel:
// the CLI calls it directly, the desktop app wraps it in a background job.

#include "analytics/alignment.h"
#include "analytics/chart_data.h"
#include "analytics/frequency.h"
#include "analytics/metrics_table.h"
#include "analytics/return_tables.h"
#include "data/returns.h"
#include "data/risk_free.h"
#include "report/convention_comparison.h"
#include "util/result.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ts {

enum class ValueKind { Auto, Returns, Prices };

// A CSV file, or a symbol in the price cache (its total-return closes).
struct SeriesSource {
    QString path;
    QString column; // empty: the only column, or Adj Close/Close for prices
    ValueKind kind = ValueKind::Auto;
    QString name;   // display name; default: file stem or symbol
    QString symbol; // when set: read from the cache at `cachePath` instead of `path`
    QString cachePath;
    std::optional<Series> returns;      // when set: these returns (a portfolio built by the caller)
    std::shared_ptr<const Frame> frame; // when set: the file's contents, already read (see expandColumns)

    static SeriesSource file(QString path, ValueKind kind = ValueKind::Auto, QString name = {},
                             QString column = {}) {
        SeriesSource s;
        s.path = std::move(path);
        s.kind = kind;
        s.name = std::move(name);
        s.column = std::move(column);
        return s;
    }
    static SeriesSource cached(QString symbol, QString cachePath, QString name = {}) {
        SeriesSource s;
        s.symbol = std::move(symbol);
        s.cachePath = std::move(cachePath);
        s.kind = ValueKind::Prices;
        s.name = std::move(name);
        return s;
    }
    static SeriesSource fromReturns(Series r) {
        SeriesSource s;
        s.name = r.name;
        s.returns = std::move(r);
        return s;
    }
};

struct AnalysisParams {
    std::vector<SeriesSource> strategies;
    std::optional<SeriesSource> benchmark;
    MetricsParams metrics;
    MissingPolicy missing = MissingPolicy::Drop;
    QDate start, end;   // analysis window, inclusive; invalid = open
    bool charts = true; // the chart series too (rolling windows, boxes); `metrics` needs only tables
    bool compareConventions = true;         // also the table under the other convention (where values differ)
    std::optional<RiskFreeSource> riskFree; // a yield series instead of the constant metrics.rf
};

// The risk-free series an analysis used: its source and the yields on the analysed dates.
struct RiskFreeSummary {
    QString source;
    bool percent = false;                 // the values were read as percent
    QDate first, last;                    // the source's first and last yield
    double average = 0, min = 0, max = 0; // annual yields on the analysed dates
    int carried = 0;                      // analysed dates that carry an earlier yield
};

// Everything computed from aligned returns: the metrics table with drawdowns, the monthly tables
// and the data of every chart.
struct AnalysisOutputs {
    MetricsResult metrics;
    std::vector<std::vector<MonthlyRow>> monthly; // per column, compounded
    std::vector<EoyRow> eoy;                      // first strategy, no benchmark
    ChartData chart;
};

// The table and the charts are independent, so they are computed concurrently. Without `charts`
// the chart data stays empty (the monthly and EOY tables are still computed).
AnalysisOutputs computeOutputs(const AlignedReturns& aligned, const MetricsParams& params,
                               bool charts = true);

struct Analysis : AnalysisOutputs {
    AnalysisParams params;
    AlignedReturns aligned;
    std::vector<EoyCompareRow> eoyVsBenchmark; // first strategy vs benchmark (raw under quantstats, Q18)
    std::optional<ConventionComparison> otherConvention; // with params.compareConventions
    std::vector<QString> notes;   // data-quality remarks (prices detected, rows dropped, ...)
    std::vector<QString> sources; // provenance of cached series: provider, range, basis, fetch time
    // `params.metrics` holds what the outputs used: the periods the dates' frequency gave (unless
    // set explicitly) and, with a risk-free series, its per-period rates and annualised average.
    FrequencyInfo frequency; // of the aligned dates
    std::optional<RiskFreeSummary> riskFree;
    std::vector<QString> warnings; // also in `notes`: what may make the numbers wrong (periods vs dates)
};

// Returns false to cancel.
using Progress = std::function<bool(int done, int total)>;

// Loads one source into returns (prices converted), applying the missing-value policy.
Result<Series> loadReturns(const SeriesSource& src, MissingPolicy missing,
                           std::vector<QString>* notes = nullptr, std::vector<QString>* sources = nullptr);

Result<Analysis> runAnalysis(const AnalysisParams& params, const Progress& progress = {});

// A wide file (a date column and several value columns, the header naming the strategies) given
// without a column: one source per column, the file read once. A single value column, a chosen
// column, or a price file with an Adj Close/Close column stays one source.
Result<std::vector<SeriesSource>> expandColumns(const SeriesSource& src);

} // namespace ts

#include "report/analysis.h"

#include "cache/price_cache.h"
#include "data/csv_reader.h"
#include "util/logging.h"
#include "util/parallel.h"

#include <QFileInfo>
#include <cmath>

namespace ts {
namespace {

std::shared_ptr<spdlog::logger> log() {
    static const auto l = logger("core.metrics");
    return l;
}

} // namespace

namespace {

Result<Series> loadCachedReturns(const SeriesSource& src, MissingPolicy missing, std::vector<QString>* notes,
                                 std::vector<QString>* sources) {
    auto cache = cache::PriceCache::open(src.cachePath, /*create=*/false);
    if (!cache) return cache.error();
    auto adj = (*cache)->adjustedCloses(src.symbol);
    if (!adj) return adj.error();
    const auto info = (*cache)->instrument(src.symbol);
    Series prices;
    prices.name = src.name.isEmpty() ? src.symbol : src.name;
    prices.dates = adj->dates;
    prices.values = adj->closes;
    if (sources)
        sources->push_back(QStringLiteral("%1: %2 daily closes %3 to %4 from %5 (%6 basis, adjusted for "
                                          "dividends and splits), fetched %7")
                               .arg(src.symbol)
                               .arg(info->bars)
                               .arg(info->first.toString(Qt::ISODate), info->last.toString(Qt::ISODate),
                                    info->provider, basisName(info->basis), info->updatedAt));
    if (notes)
        for (const auto& w : adj->warnings)
            notes->push_back(src.symbol + QStringLiteral(": ") + w);
    auto r = pricesToReturns(prices, src.symbol);
    if (!r) return r.error();
    return applyMissingPolicy(*r, missing);
}

// Periods per year from the dates unless the user set them; a set value the dates contradict is a
// warning (weekly data at 252 a year misstates every annualised figure).
void followFrequency(Analysis& a) {
    a.frequency = detectFrequency(a.aligned.dates);
    MetricsParams& mp = a.params.metrics;
    const Frequency f = a.frequency.frequency;
    const QString gap = gapText(a.frequency.medianGapDays);
    // QuantStats' own default is 252 whatever the dates: its convention keeps it (and warns below).
    if (!mp.periodsExplicit && mp.convention != Convention::QuantStats) {
        if (f != Frequency::Unknown) mp.periods = periodsPerYear(f);
        // Trading days at 252 is what every analysis assumed before detection: nothing to say.
        if (f != Frequency::TradingDaily && a.aligned.rows() >= 3)
            a.notes.push_back(
                f == Frequency::Unknown
                    ? QStringLiteral("the dates have no regular frequency (median gap %1): %2 periods a "
                                     "year assumed; set the periods per year to override")
                          .arg(gap)
                          .arg(mp.periods)
                    : QStringLiteral("the dates are %1 (median gap %2): %3 periods a year; set the "
                                     "periods per year to override")
                          .arg(frequencyName(f), gap)
                          .arg(mp.periods));
    } else if (!periodsAgree(f, mp.periods)) {
        const QString set =
            mp.periodsExplicit
                ? QStringLiteral("%1 periods a year were set").arg(mp.periods)
                : QStringLiteral("the quantstats convention keeps QuantStats' %1 periods a year")
                      .arg(mp.periods);
        const QString w = QStringLiteral("%1, but the dates are %2 (%3 a year, median "
                                         "gap %4): annualised figures (Sharpe, volatility, CAGR) are "
                                         "scaled for the wrong frequency")
                              .arg(set)
                              .arg(frequencyName(f))
                              .arg(periodsPerYear(f))
                              .arg(gap);
        a.warnings.push_back(w);
        a.notes.push_back(QStringLiteral("warning: ") + w);
        log()->info("{}", w.toStdString());
    }
}

// The yields on the aligned dates become the per-period rates every excess return subtracts.
Result<bool> applyRiskFree(Analysis& a, const RiskFreeSource& src) {
    auto yields = loadYields(src);
    if (!yields) return yields.error();
    MetricsParams& mp = a.params.metrics;
    auto rf = alignRiskFree(a.aligned.dates, *yields, mp.periods);
    if (!rf) return rf.error();
    mp.rfPerPeriod = std::move(rf->perPeriod);
    mp.rf = rf->annualised;
    a.riskFree = RiskFreeSummary{
        yields->source, yields->percent, yields->dates.front(), yields->dates.back(), rf->average, rf->min,
        rf->max,        rf->carried};
    const QString pct = QStringLiteral("%1%");
    a.notes.push_back(
        QStringLiteral("risk-free series %1: values read as %2; yields %3 to %4 a year, average %5; %6 of %7 "
                       "dates carry the last earlier yield")
            .arg(yields->source,
                 yields->percent ? QStringLiteral("percent (a value above 1)")
                                 : QStringLiteral("fractions (no value above 1)"),
                 pct.arg(rf->min * 100), pct.arg(rf->max * 100), pct.arg(rf->average * 100))
            .arg(rf->carried)
            .arg(a.aligned.rows()));
    return true;
}

} // namespace

Result<Series> loadReturns(const SeriesSource& src, MissingPolicy missing, std::vector<QString>* notes,
                           std::vector<QString>* sources) {
    if (src.returns) {
        Series s = *src.returns;
        if (!src.name.isEmpty()) s.name = src.name;
        if (s.size() < 2) return Error::badInput(QStringLiteral("%1: fewer than two returns").arg(s.name));
        return applyMissingPolicy(s, missing);
    }
    if (!src.symbol.isEmpty()) return loadCachedReturns(src, missing, notes, sources);
    auto frame = src.frame ? Result<Frame>(*src.frame) : readCsvFile(src.path);
    if (!frame) return frame.error();
    const bool wantPrices = src.kind == ValueKind::Prices;
    auto column = selectColumn(*frame, src.column, wantPrices || src.kind == ValueKind::Auto);
    if (!column) return column.error();
    Series s = std::move(column).value();
    s.name = src.name.isEmpty() ? QFileInfo(src.path).completeBaseName() : src.name;

    bool isPrices = wantPrices;
    if (src.kind == ValueKind::Auto && looksLikePrices(s)) {
        isPrices = true;
        const QString note =
            QStringLiteral("%1: values look like prices (all >= 0, some > 1); converted to returns "
                           "(pass --returns-are returns to keep them)")
                .arg(src.path);
        if (notes) notes->push_back(note);
        log()->info("{}", note.toStdString());
    }
    if (isPrices) {
        auto r = pricesToReturns(s, src.path);
        if (!r) return r.error();
        s = std::move(r).value();
    }
    bool anyValue = false;
    for (double v : s.values)
        anyValue = anyValue || !std::isnan(v);
    if (!anyValue)
        return Error::badInput(QStringLiteral("%1: no values in column \"%2\"").arg(src.path, s.name));
    return applyMissingPolicy(s, missing);
}

AnalysisOutputs computeOutputs(const AlignedReturns& aligned, const MetricsParams& params, bool charts) {
    AnalysisOutputs out;
    const CalendarIndex cal(aligned.dates);
    RollingWindows windows = RollingWindows::forPeriods(params.periods);
    if (!rulesFor(params.convention).rollingWindowsFromPeriods)
        if (const Frequency f = detectFrequency(aligned.dates).frequency; f != Frequency::Unknown)
            windows = {rollingWindow(f, 6), rollingWindow(f, 12)};
    parallelFor(2, [&](std::size_t part) {
        if (part == 0) {
            out.metrics = computeMetrics(aligned, params, cal);
        } else {
            if (charts)
                out.chart = computeChartData(aligned, params.periods, params.compounded, cal, windows);
            for (const auto& col : aligned.columns)
                out.monthly.push_back(monthlyReturns(cal, col, true));
            out.eoy = eoyReturns(cal, aligned.columns.front(),
                                 rulesFor(params.convention).eoySumAndCumulativeColumns, params.compounded);
        }
    });
    return out;
}

Result<Analysis> runAnalysis(const AnalysisParams& params, const Progress& progress) {
    Analysis a;
    a.params = params;
    const int steps = static_cast<int>(params.strategies.size()) + (params.benchmark ? 1 : 0) + 3;
    int done = 0;
    auto step = [&]() { return !progress || progress(++done, steps); };
    const Error cancelled{ErrorKind::Cancelled, QStringLiteral("cancelled")};

    std::vector<Series> strategies;
    // The window applies to returns: a return dated d is in when start <= d <= end.
    auto window = [&](Series s) {
        if (!params.start.isValid() && !params.end.isValid()) return s;
        Series out;
        out.name = s.name;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if ((params.start.isValid() && s.dates[i] < params.start) ||
                (params.end.isValid() && s.dates[i] > params.end))
                continue;
            out.dates.push_back(s.dates[i]);
            out.values.push_back(s.values[i]);
        }
        return out;
    };
    // Where each strategy came from, to name both when two share a name.
    auto origin = [](const SeriesSource& src) {
        if (!src.symbol.isEmpty()) return src.symbol + QStringLiteral(" (price cache)");
        if (src.returns) return QStringLiteral("a portfolio");
        return src.column.isEmpty() ? src.path
                                    : QStringLiteral("%1, column \"%2\"").arg(src.path, src.column);
    };
    std::vector<const SeriesSource*> origins;
    for (const auto& src : params.strategies) {
        auto s = loadReturns(src, params.missing, &a.notes, &a.sources);
        if (!s) return s.error();
        // Two columns of one name would be one key in every output: refused, never merged or dropped.
        for (std::size_t i = 0; i < strategies.size(); ++i)
            if (strategies[i].name.compare(s->name, Qt::CaseInsensitive) == 0)
                return Error::badInput(
                    QStringLiteral("two strategies are named \"%1\": %2 and %3; give one another name")
                        .arg(s->name, origin(*origins[i]), origin(src)));
        origins.push_back(&src);
        Series w = window(std::move(s).value());
        if ((params.start.isValid() || params.end.isValid()) && w.size() < 2)
            return Error::badInput(
                QStringLiteral("%1: fewer than two returns between %2 and %3")
                    .arg(w.name, params.start.toString(Qt::ISODate), params.end.toString(Qt::ISODate)));
        strategies.push_back(std::move(w));
        if (!step()) return cancelled;
    }
    std::optional<Series> bench;
    if (params.benchmark) {
        // QuantStats treats a missing benchmark return as no move on either alignment path.
        auto b = loadReturns(*params.benchmark, MissingPolicy::Zero, &a.notes, &a.sources);
        if (!b) return b.error();
        bench = window(std::move(b).value());
        if (!step()) return cancelled;
    }

    const ConventionRules rules = rulesFor(params.metrics.convention);
    auto aligned = alignForMetrics(strategies, bench, rules);
    if (!aligned) return aligned.error();
    a.aligned = std::move(aligned).value();
    if (a.aligned.droppedMissingRows > 0)
        a.notes.push_back(QStringLiteral("%1 row(s) with a missing strategy return were dropped")
                              .arg(a.aligned.droppedMissingRows));
    if (a.aligned.trimmedLeadingRows > 0)
        a.notes.push_back(
            QStringLiteral("%1 leading row(s) without a move in strategy or benchmark were trimmed")
                .arg(a.aligned.trimmedLeadingRows));
    if (a.aligned.benchmarkRebased)
        a.notes.push_back(QStringLiteral(
            "benchmark dates differ from the strategy's: benchmark re-based onto strategy dates"));
    followFrequency(a);
    if (params.riskFree)
        if (auto rf = applyRiskFree(a, *params.riskFree); !rf) return rf.error();
    if (!step()) return cancelled;

    static_cast<AnalysisOutputs&>(a) = computeOutputs(a.aligned, a.params.metrics, params.charts);
    if (params.compareConventions)
        a.otherConvention = compareConventions(strategies, bench, a.aligned.dates, a.params.metrics);
    if (!step()) return cancelled;

    const auto& r = a.aligned.columns.front();
    // Q18: QuantStats' table reads the raw benchmark (its full calendar years); the standard table
    // reads the aligned column, the same numbers as the yearly bars.
    if (bench && rules.eoyTableRawBenchmark)
        a.eoyVsBenchmark =
            eoyVsBenchmark(a.aligned.dates, r, bench->dates, bench->values, params.metrics.compounded);
    else if (bench)
        a.eoyVsBenchmark = eoyVsBenchmark(a.aligned.dates, r, a.aligned.dates, a.aligned.columns.back(),
                                          params.metrics.compounded);
    step();
    log()->info("analysis done: {} rows, {} columns", a.aligned.rows(), a.aligned.columns.size());
    return a;
}

Result<std::vector<SeriesSource>> expandColumns(const SeriesSource& src) {
    if (src.path.isEmpty() || !src.column.isEmpty() || !src.symbol.isEmpty() || src.returns)
        return std::vector{src};
    auto frame = readCsvFile(src.path);
    if (!frame) return frame.error();
    auto shared = std::make_shared<const Frame>(std::move(frame).value());
    SeriesSource one = src;
    one.frame = shared;
    const bool pricesWanted = src.kind != ValueKind::Returns;
    bool priceFile = false;
    for (const char* name : {"Adj Close", "Adj_Close", "adjclose", "Close"})
        priceFile = priceFile || (pricesWanted && shared->columnIndex(QString::fromLatin1(name)) >= 0);
    if (shared->names.size() <= 1 || priceFile) return std::vector{one};
    if (!src.name.isEmpty())
        return Error::badInput(QStringLiteral("%1: %2 value columns, one name \"%3\"; the header names them")
                                   .arg(src.path)
                                   .arg(shared->names.size())
                                   .arg(src.name));
    std::vector<SeriesSource> out;
    for (const QString& column : shared->names) {
        SeriesSource c = one;
        c.column = column;
        c.name = column;
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace ts

#include "report_command.h"

#include "market_options.h"
#include "metric_options.h"
#include "portfolio/portfolio.h"
#include "report/companions.h"
#include "report/report_model.h"
#include "report/report_request.h"
#include "report_batch.h"

#include <QFileInfo>
#include <cmath>

namespace ts::cli {

int ReportCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Renders a tearsheet: the 14 charts, the metrics table, EOY returns, worst drawdowns, parameters and "
        "data\n"
        "quality, for one or several strategies against an optional benchmark. The output format follows\n"
        "--out: .html (self-contained), .pdf (paginated), .json (metrics, drawdowns, monthly returns), or\n"
        ".png/.svg for the single chart named by --chart.\n\n"
        "Strategies: --returns FILE and --symbol SYM (repeatable), or --portfolio built from cached closes.\n"
        "Portfolio semantics: dates where every holding has a close; weights drift between rebalances; a\n"
        "rebalance happens at the close of the period's last trading day; costs = turnover x bps.\n\n"
        "Examples:\n"
        "  tearsheet-cli report --returns strat.csv --benchmark bench.csv --out report.html\n"
        "  tearsheet-cli report --portfolio \"NVDA:0.4,ORCL:0.3,YHOO:0.3\" --rebalance monthly "
        "--benchmark-symbol ORCL --out report.pdf\n"
        "  tearsheet-cli report --returns strat.csv --chart rolling_sharpe --out sharpe.png"));
    p.addHelpOption();
    const QCommandLineOption returnsOpt(QStringLiteral("returns"),
                                        QStringLiteral("Strategy CSV (repeatable)."), QStringLiteral("FILE"));
    const QCommandLineOption symbolOpt(QStringLiteral("symbol"),
                                       QStringLiteral("Strategy: a cached symbol (repeatable)."),
                                       QStringLiteral("SYM"));
    const QCommandLineOption portfolioOpt(QStringLiteral("portfolio"),
                                          QStringLiteral("Strategy: SYMBOL:WEIGHT,... from cached closes."),
                                          QStringLiteral("SPEC"));
    const QCommandLineOption rebalanceOpt(
        QStringLiteral("rebalance"),
        QStringLiteral("none (default), daily, weekly, monthly, quarterly, yearly, or a drift band like 5%."),
        QStringLiteral("RULE"), QStringLiteral("none"));
    const QCommandLineOption costOpt(QStringLiteral("cost-bps"),
                                     QStringLiteral("Transaction cost per unit of turnover, basis points."),
                                     QStringLiteral("BPS"), QStringLiteral("0"));
    const QCommandLineOption normalizeOpt(QStringLiteral("normalize"),
                                          QStringLiteral("Scale portfolio weights to sum to 1."));
    const QCommandLineOption nameOpt(QStringLiteral("name"),
                                     QStringLiteral("Name of the portfolio (default Portfolio)."),
                                     QStringLiteral("NAME"), QStringLiteral("Portfolio"));
    const QCommandLineOption benchOpt(QStringLiteral("benchmark"), QStringLiteral("Benchmark CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption benchSymbolOpt(QStringLiteral("benchmark-symbol"),
                                            QStringLiteral("Benchmark: a cached symbol."),
                                            QStringLiteral("SYM"));
    const QCommandLineOption pricesOpt(QStringLiteral("prices"),
                                       QStringLiteral("CSV files hold prices, not returns."));
    MetricOptions metricOpts;
    const QCommandLineOption titleOpt(QStringLiteral("title"), QStringLiteral("Report title."),
                                      QStringLiteral("TEXT"));
    const QCommandLineOption outOpt(
        QStringLiteral("out"), QStringLiteral("Output file: .html, .pdf, .json, .png or .svg (required)."),
        QStringLiteral("FILE"));
    const QCommandLineOption chartOpt(QStringLiteral("chart"),
                                      QStringLiteral("Chart for .png/.svg output (default returns)."),
                                      QStringLiteral("KEY"), QStringLiteral("returns"));
    const QCommandLineOption pageOpt(QStringLiteral("page"),
                                     QStringLiteral("PDF page size: a4 (default) or letter."),
                                     QStringLiteral("SIZE"), QStringLiteral("a4"));
    const QCommandLineOption startOpt(QStringLiteral("start"),
                                      QStringLiteral("First date of the analysis, YYYY-MM-DD."),
                                      QStringLiteral("DATE"));
    const QCommandLineOption endOpt(QStringLiteral("end"),
                                    QStringLiteral("Last date of the analysis, YYYY-MM-DD."),
                                    QStringLiteral("DATE"));
    const QCommandLineOption companionsOpt(
        QStringLiteral("companions"),
        QStringLiteral(
            "Also write CSV/JSON of every table and chart series into DIR (a batch: DIR/<name>/)."),
        QStringLiteral("DIR"));
    const QCommandLineOption configOpt(
        QStringLiteral("config"),
        QStringLiteral("Batch: a report config (JSON; one or many reports), with --out-dir."),
        QStringLiteral("FILE"));
    const QCommandLineOption outDirOpt(QStringLiteral("out-dir"),
                                       QStringLiteral("Batch: folder for <name>.<format> files."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption shardOpt(
        QStringLiteral("shard"),
        QStringLiteral("Batch: render only slice I of N (I/N, 0-based; with just N, I comes from "
                       "JOB_COMPLETION_INDEX)."),
        QStringLiteral("I/N"));
    const QCommandLineOption summaryOpt(
        QStringLiteral("summary"),
        QStringLiteral("Batch: also write each report's outcome and files as JSON to FILE."),
        QStringLiteral("FILE"));
    p.addOptions({returnsOpt,    symbolOpt,      portfolioOpt, rebalanceOpt, costOpt,  normalizeOpt, nameOpt,
                  benchOpt,      benchSymbolOpt, pricesOpt,    titleOpt,     outOpt,   chartOpt,     pageOpt,
                  companionsOpt, configOpt,      outDirOpt,    shardOpt,     startOpt, endOpt});
    p.addOption(summaryOpt);
    const QCommandLineOption monteCarloOpt(
        QStringLiteral("montecarlo"),
        QStringLiteral(
            "Add a Monte Carlo section: SIMS block-bootstrap paths of the first strategy (seed 42)."),
        QStringLiteral("SIMS"));
    const QCommandLineOption monteCarloMethodOpt(
        QStringLiteral("montecarlo-method"),
        QStringLiteral("Method of --montecarlo: block (default), bootstrap or shuffle (QuantStats')."),
        QStringLiteral("METHOD"), QStringLiteral("block"));
    p.addOptions({monteCarloOpt, monteCarloMethodOpt});
    metricOpts.addTo(p);
    MarketOptions mo;
    p.addOption(mo.cache);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    auto bad = [this](const QString& msg) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), msg));
        return BadInput;
    };
    const auto page =
        p.value(pageOpt).toLower() == QLatin1String("letter") ? QPageSize::Letter : QPageSize::A4;
    if (p.isSet(configOpt))
        return runReportBatch({p.value(configOpt), p.value(outDirOpt), p.value(shardOpt), p.value(mo.cache),
                               p.value(companionsOpt), page},
                              p.value(summaryOpt));
    if (!p.isSet(outOpt)) return bad(QStringLiteral("--out FILE is required"));
    const QString out = p.value(outOpt);
    const QString ext = QFileInfo(out).suffix().toLower();
    if (!QStringList{QStringLiteral("html"), QStringLiteral("htm"), QStringLiteral("pdf"),
                     QStringLiteral("json"), QStringLiteral("png"), QStringLiteral("svg")}
             .contains(ext))
        return bad(QStringLiteral("--out must end in .html, .pdf, .json, .png or .svg"));
    if (p.values(returnsOpt).isEmpty() && p.values(symbolOpt).isEmpty() && !p.isSet(portfolioOpt))
        return bad(QStringLiteral("give a strategy: --returns FILE, --symbol SYM or --portfolio SPEC"));
    if (p.isSet(benchOpt) && p.isSet(benchSymbolOpt))
        return bad(QStringLiteral("give --benchmark or --benchmark-symbol, not both"));
    const ui::ChartInfo* chart = ui::findChart(p.value(chartOpt));
    if (!chart) return bad(QStringLiteral("unknown chart \"%1\"").arg(p.value(chartOpt)));
    int monteCarloSims = 0;
    if (p.isSet(monteCarloOpt)) {
        bool valid = false;
        monteCarloSims = p.value(monteCarloOpt).toInt(&valid);
        if (!valid || monteCarloSims < 1 || monteCarloSims > kMonteCarloMaxSims)
            return bad(
                QStringLiteral("--montecarlo must be a number of simulations from 1 to %1 (got \"%2\")")
                    .arg(kMonteCarloMaxSims)
                    .arg(p.value(monteCarloOpt)));
    }
    const auto monteCarloMethod = parseMonteCarloMethod(p.value(monteCarloMethodOpt));
    if (!monteCarloMethod)
        return bad(QStringLiteral("--montecarlo-method must be block, bootstrap or shuffle (got \"%1\")")
                       .arg(p.value(monteCarloMethodOpt)));

    ReportRequest req;
    req.title = p.value(titleOpt);
    req.name = QFileInfo(p.value(outOpt)).completeBaseName();
    const auto metrics = metricOpts.read(p, name());
    if (!metrics) return BadInput;
    req.metrics = *metrics;
    if (!readDate(p, startOpt, name(), req.start) || !readDate(p, endOpt, name(), req.end)) return BadInput;
    bool ok = false;
    const ValueKind kind = p.isSet(pricesOpt) ? ValueKind::Prices : ValueKind::Auto;
    if (p.isSet(symbolOpt) || p.isSet(portfolioOpt) || p.isSet(benchSymbolOpt) ||
        metricOpts.rfSeriesIsSymbol(p)) {
        // --config names a report batch here, so settings come from TEARSHEET_CONFIG or the default file.
        auto settings = Settings::load();
        if (!settings) return bad(settings.error().message);
        req.cachePath = p.isSet(mo.cache) ? p.value(mo.cache) : settings->cachePath;
    }
    for (const QString& f : p.values(returnsOpt))
        req.strategies.push_back({SeriesRequest::Kind::File, f, {}, {}, {}, kind, {}});
    for (const QString& sym : p.values(symbolOpt))
        req.strategies.push_back({SeriesRequest::Kind::Symbol, {}, sym, {}, {}, kind, {}});
    if (p.isSet(portfolioOpt)) {
        SeriesRequest s;
        s.kind = SeriesRequest::Kind::Portfolio;
        s.portfolio.name = s.name = p.value(nameOpt);
        auto holdings = parseHoldings(p.value(portfolioOpt));
        if (!holdings) return bad(holdings.error().message);
        s.portfolio.holdings = *holdings;
        auto rule = parseRebalance(p.value(rebalanceOpt));
        if (!rule) return bad(rule.error().message);
        s.portfolio.rebalance = rule->first;
        s.portfolio.band = rule->second;
        s.portfolio.costBps = p.value(costOpt).toDouble(&ok);
        if (!ok || s.portfolio.costBps < 0) return bad(QStringLiteral("--cost-bps must be >= 0"));
        s.portfolio.normalize = p.isSet(normalizeOpt);
        req.strategies.push_back(s);
    }
    if (p.isSet(benchOpt))
        req.benchmark = SeriesRequest{SeriesRequest::Kind::File, p.value(benchOpt), {}, {}, {}, kind, {}};
    if (p.isSet(benchSymbolOpt))
        req.benchmark =
            SeriesRequest{SeriesRequest::Kind::Symbol, {}, p.value(benchSymbolOpt), {}, {}, kind, {}};
    auto spec = resolveReport(req);
    if (!spec) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), spec.error().message));
        return spec.error().kind == ErrorKind::BadInput ? BadInput : Internal;
    }

    spec->analysis.riskFree = metricOpts.riskFree(p, req.cachePath);

    spec->monteCarloSims = monteCarloSims;
    spec->monteCarloMethod = *monteCarloMethod;
    auto model = buildReport(*spec);
    if (!model) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), model.error().message));
        return model.error().kind == ErrorKind::BadInput ? BadInput : Internal;
    }
    // The report lists it among its notes too; a terminal user should not have to open it to see.
    for (const auto& w : model->analysis.warnings)
        err(QStringLiteral("warning: %1\n").arg(w));
    if (auto rc = writeReportOutput(*model, out, ext, *chart, page); rc != Ok) return rc;
    if (p.isSet(companionsOpt)) {
        auto files = writeCompanions(*model, p.value(companionsOpt));
        if (!files) return bad(files.error().message);
    }
    return Ok;
}

} // namespace ts::cli

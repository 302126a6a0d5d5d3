#include "report_command.h"

#include "charts/chart_painter.h"
#include "market_options.h"
#include "portfolio/portfolio.h"
#include "render/html_report.h"
#include "render/pdf_report.h"
#include "report/metrics_output.h"
#include "report/report_model.h"

#include <QBuffer>
#include <QFileInfo>
#include <QJsonDocument>
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
    const QCommandLineOption rfOpt(QStringLiteral("rf"),
                                   QStringLiteral("Annual risk-free rate as a fraction."),
                                   QStringLiteral("R"), QStringLiteral("0"));
    const QCommandLineOption periodsOpt(QStringLiteral("periods"),
                                        QStringLiteral("Periods per year (default 252)."),
                                        QStringLiteral("N"), QStringLiteral("252"));
    const QCommandLineOption simpleOpt(QStringLiteral("no-compound"),
                                       QStringLiteral("Sum returns instead of compounding them."));
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
    p.addOptions({returnsOpt, symbolOpt, portfolioOpt, rebalanceOpt, costOpt, normalizeOpt, nameOpt, benchOpt,
                  benchSymbolOpt, pricesOpt, rfOpt, periodsOpt, simpleOpt, titleOpt, outOpt, chartOpt,
                  pageOpt});
    MarketOptions mo;
    mo.addTo(p);
    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    auto bad = [this](const QString& msg) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), msg));
        return BadInput;
    };
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

    ReportSpec spec;
    spec.title = p.value(titleOpt);
    bool ok = false;
    spec.analysis.metrics.rf = p.value(rfOpt).toDouble(&ok);
    if (!ok || !std::isfinite(spec.analysis.metrics.rf) || std::abs(spec.analysis.metrics.rf) >= 1)
        return bad(QStringLiteral("--rf must be a fraction"));
    spec.analysis.metrics.periods = p.value(periodsOpt).toDouble(&ok);
    if (!ok || !(spec.analysis.metrics.periods >= 1))
        return bad(QStringLiteral("--periods must be a positive number"));
    spec.analysis.metrics.compounded = !p.isSet(simpleOpt);
    const ValueKind kind = p.isSet(pricesOpt) ? ValueKind::Prices : ValueKind::Auto;

    QString cachePath;
    if (p.isSet(symbolOpt) || p.isSet(portfolioOpt) || p.isSet(benchSymbolOpt)) {
        int rc = Ok;
        auto settings = mo.settings(p, name(), rc);
        if (!settings) return rc;
        cachePath = settings->cachePath;
    }
    for (const QString& f : p.values(returnsOpt))
        spec.analysis.strategies.push_back(SeriesSource::file(f, kind));
    for (const QString& s : p.values(symbolOpt))
        spec.analysis.strategies.push_back(SeriesSource::cached(s, cachePath));
    if (p.isSet(portfolioOpt)) {
        PortfolioSpec ps;
        ps.name = p.value(nameOpt);
        auto holdings = parseHoldings(p.value(portfolioOpt));
        if (!holdings) return bad(holdings.error().message);
        ps.holdings = *holdings;
        auto rule = parseRebalance(p.value(rebalanceOpt));
        if (!rule) return bad(rule.error().message);
        ps.rebalance = rule->first;
        ps.band = rule->second;
        ps.costBps = p.value(costOpt).toDouble(&ok);
        if (!ok || ps.costBps < 0) return bad(QStringLiteral("--cost-bps must be >= 0"));
        ps.normalize = p.isSet(normalizeOpt);
        auto cache = cache::PriceCache::open(cachePath, false);
        if (!cache) return bad(cache.error().message);
        std::vector<Series> closes;
        for (const auto& h : ps.holdings) {
            auto adj = (*cache)->adjustedCloses(h.symbol);
            if (!adj) return bad(adj.error().message);
            const auto info = (*cache)->instrument(h.symbol);
            spec.dataSources.push_back(QStringLiteral("%1: %2 closes %3 to %4 from %5 (%6), fetched %7")
                                           .arg(h.symbol)
                                           .arg(info->bars)
                                           .arg(info->first.toString(Qt::ISODate),
                                                info->last.toString(Qt::ISODate), info->provider,
                                                basisName(info->basis), info->updatedAt));
            for (const auto& w : adj->warnings)
                spec.dataQuality.push_back(h.symbol + QStringLiteral(": ") + w);
            Series s;
            s.name = h.symbol;
            s.dates = adj->dates;
            s.values = adj->closes;
            closes.push_back(std::move(s));
        }
        auto port = buildPortfolio(ps, closes);
        if (!port) return bad(port.error().message);
        QStringList weights;
        for (std::size_t i = 0; i < ps.holdings.size(); ++i)
            weights << QStringLiteral("%1 %2%")
                           .arg(ps.holdings[i].symbol)
                           .arg(port->targetWeights[i] * 100, 0, 'f', 2);
        spec.extraParameters.emplace_back(QStringLiteral("%1 weights").arg(ps.name),
                                          weights.join(QStringLiteral(", ")));
        spec.extraParameters.emplace_back(QStringLiteral("Rebalancing"),
                                          ps.rebalance == Rebalance::Band
                                              ? QStringLiteral("drift band %1%").arg(ps.band * 100)
                                              : rebalanceName(ps.rebalance));
        spec.extraParameters.emplace_back(
            QStringLiteral("Rebalance rule"),
            QStringLiteral("at the close of the period's last trading day; weights drift in between"));
        spec.extraParameters.emplace_back(QStringLiteral("Transaction costs"),
                                          QStringLiteral("%1 bp of turnover; %2 rebalance(s)")
                                              .arg(ps.costBps)
                                              .arg(port->rebalances.size()));
        spec.extraParameters.emplace_back(
            QStringLiteral("Alignment"),
            QStringLiteral("days where every holding has a close; a missing price is never a zero return"));
        if (port->droppedDays > 0)
            spec.dataQuality.push_back(
                QStringLiteral("%1 day(s) dropped because some holding had no close").arg(port->droppedDays));
        spec.analysis.strategies.push_back(SeriesSource::fromReturns(port->returns));
    }
    if (p.isSet(benchOpt)) spec.analysis.benchmark = SeriesSource::file(p.value(benchOpt), kind);
    if (p.isSet(benchSymbolOpt))
        spec.analysis.benchmark = SeriesSource::cached(p.value(benchSymbolOpt), cachePath);

    auto model = buildReport(spec);
    if (!model) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), model.error().message));
        return model.error().kind == ErrorKind::BadInput ? BadInput : Internal;
    }
    QString error;
    if (ext == QLatin1String("pdf")) {
        const auto page =
            p.value(pageOpt).toLower() == QLatin1String("letter") ? QPageSize::Letter : QPageSize::A4;
        auto r = ui::renderPdf(*model, out, page);
        if (!r) return bad(r.error().message);
        return Ok;
    }
    QByteArray body;
    if (ext == QLatin1String("html") || ext == QLatin1String("htm"))
        body = ui::renderHtml(*model).toUtf8();
    else if (ext == QLatin1String("json"))
        body = QJsonDocument(metricsJson(model->analysis)).toJson(QJsonDocument::Indented);
    else {
        const ChartData& d = model->analysis.chart;
        if (chart->needsBenchmark && !d.hasBenchmark)
            return bad(QStringLiteral("chart %1 needs a benchmark").arg(QString::fromLatin1(chart->key)));
        const QSize size(1000, static_cast<int>(ui::chartHeight(chart->id, d, 1000)));
        if (ext == QLatin1String("svg"))
            body = ui::chartSvg(chart->id, d, size);
        else {
            QBuffer buf(&body);
            buf.open(QIODevice::WriteOnly);
            ui::chartImage(chart->id, d, size, 2.0).save(&buf, "PNG");
        }
    }
    if (!writeFileAtomically(out, body, error)) {
        err(QStringLiteral("tearsheet-cli %1: %2\n").arg(name(), error));
        return Internal;
    }
    return Ok;
}

} // namespace ts::cli

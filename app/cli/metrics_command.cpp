#include "metrics_command.h"

#include "market_options.h"
#include "metric_options.h"
#include "report/analysis.h"
#include "report/metrics_output.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <cmath>

namespace ts::cli {
int MetricsCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Computes the full QuantStats metrics table (81 rows), the drawdown episodes and the monthly "
        "returns\n"
        "of a strategy, optionally against a benchmark.\n\n"
        "Input: CSV with a header row, dates in the first column (YYYY-MM-DD) and returns as fractions\n"
        "(0.01 = 1%), or prices with --prices. An empty cell is a missing value.\n\n"
        "Or read total-return closes of downloaded symbols from the price cache with --symbol and\n"
        "--benchmark-symbol (see 'tearsheet-cli download').\n\n"
        "Examples:\n"
        "  tearsheet-cli metrics --returns strat.csv --benchmark spy.csv --rf 0.02 --format table\n"
        "  tearsheet-cli metrics --symbol AAPL --benchmark-symbol SPY"));
    p.addHelpOption();
    const QCommandLineOption returnsOpt(
        QStringLiteral("returns"),
        QStringLiteral("Strategy CSV file; repeat for several. A file with several value columns is one "
                       "strategy per column (the header names them) unless --column picks one."),
        QStringLiteral("FILE"));
    const QCommandLineOption benchOpt(QStringLiteral("benchmark"), QStringLiteral("Benchmark CSV file."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption pricesOpt(QStringLiteral("prices"),
                                       QStringLiteral("Both files hold prices, not returns."));
    const QCommandLineOption valuesOpt(
        QStringLiteral("returns-are"),
        QStringLiteral("How to read values: auto (QuantStats' heuristic: all >= 0 and some > 1 "
                       "means prices), returns, prices. Default auto."),
        QStringLiteral("KIND"), QStringLiteral("auto"));
    const QCommandLineOption columnOpt(QStringLiteral("column"),
                                       QStringLiteral("Value column of the strategy file."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption benchColumnOpt(QStringLiteral("benchmark-column"),
                                            QStringLiteral("Value column of the benchmark file."),
                                            QStringLiteral("NAME"));
    MetricOptions metricOpts;
    const QCommandLineOption missingOpt(
        QStringLiteral("missing"),
        QStringLiteral("Missing strategy returns: drop (default, as QuantStats' metrics()) or zero."),
        QStringLiteral("POLICY"), QStringLiteral("drop"));
    const QCommandLineOption basicOpt(QStringLiteral("basic"),
                                      QStringLiteral("QuantStats' basic subset instead of the full table."));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table (default), json or csv."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QStringLiteral("Write to FILE (atomically) instead of stdout."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption symbolOpt(
        QStringLiteral("symbol"),
        QStringLiteral("Strategy: a symbol from the price cache (instead of --returns)."),
        QStringLiteral("SYM"));
    const QCommandLineOption benchSymbolOpt(QStringLiteral("benchmark-symbol"),
                                            QStringLiteral("Benchmark: a symbol from the price cache."),
                                            QStringLiteral("SYM"));
    MarketOptions mo;
    mo.addTo(p);
    p.addOptions({symbolOpt, benchSymbolOpt});
    p.addOptions({returnsOpt, benchOpt, pricesOpt, valuesOpt, columnOpt, benchColumnOpt, missingOpt, basicOpt,
                  formatOpt, outOpt});
    metricOpts.addTo(p);

    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    auto bad = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli metrics: %1\n").arg(msg));
        return BadInput;
    };
    if (!p.positionalArguments().isEmpty())
        return bad(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    if (!p.isSet(returnsOpt) && !p.isSet(symbolOpt))
        return bad(QStringLiteral("give --returns FILE or --symbol SYM (each may repeat)"));
    if (p.isSet(benchOpt) && p.isSet(benchSymbolOpt))
        return bad(QStringLiteral("give --benchmark or --benchmark-symbol, not both"));
    QString cachePath;
    if (p.isSet(symbolOpt) || p.isSet(benchSymbolOpt) || metricOpts.rfSeriesIsSymbol(p)) {
        int rc = Ok;
        auto settings = mo.settings(p, QStringLiteral("metrics"), rc);
        if (!settings) return rc;
        cachePath = settings->cachePath;
    }

    AnalysisParams params;
    params.charts = false; // tables only: no chart is drawn from this command's output
    ValueKind kind = ValueKind::Auto;
    const QString kindText = p.value(valuesOpt).toLower();
    if (p.isSet(pricesOpt) || kindText == QStringLiteral("prices"))
        kind = ValueKind::Prices;
    else if (kindText == QStringLiteral("returns"))
        kind = ValueKind::Returns;
    else if (kindText != QStringLiteral("auto"))
        return bad(QStringLiteral("--returns-are must be auto, returns or prices"));

    // Every --returns and --symbol is a strategy, and every value column of a wide file: none is dropped.
    for (const QString& file : p.values(returnsOpt)) {
        auto sources = expandColumns(SeriesSource::file(file, kind, {}, p.value(columnOpt)));
        if (!sources) return bad(sources.error().message);
        for (auto& src : *sources)
            params.strategies.push_back(std::move(src));
    }
    for (const QString& symbol : p.values(symbolOpt))
        params.strategies.push_back(SeriesSource::cached(symbol, cachePath));
    if (p.isSet(benchSymbolOpt))
        params.benchmark = SeriesSource::cached(p.value(benchSymbolOpt), cachePath);
    else if (p.isSet(benchOpt))
        params.benchmark = SeriesSource::file(p.value(benchOpt), kind, {}, p.value(benchColumnOpt));

    const auto metrics = metricOpts.read(p, name());
    if (!metrics) return BadInput;
    params.metrics = *metrics;
    params.metrics.fullMode = !p.isSet(basicOpt);
    params.riskFree = metricOpts.riskFree(p, cachePath);
    const QString missing = p.value(missingOpt).toLower();
    if (missing == QStringLiteral("drop"))
        params.missing = MissingPolicy::Drop;
    else if (missing == QStringLiteral("zero"))
        params.missing = MissingPolicy::Zero;
    else
        return bad(QStringLiteral("--missing must be drop or zero"));
    const QString format = p.value(formatOpt).toLower();
    if (format != QStringLiteral("table") && format != QStringLiteral("json") &&
        format != QStringLiteral("csv"))
        return bad(QStringLiteral("--format must be table, json or csv"));
    // Only the JSON carries the other convention's values: the table and the CSV do not pay for them.
    params.compareConventions = format == QStringLiteral("json");

    auto analysis = runAnalysis(params);
    if (!analysis) {
        const Error& e = analysis.error();
        err(QStringLiteral("tearsheet-cli metrics: %1\n").arg(e.message));
        return e.kind == ErrorKind::BadInput ? BadInput : Internal;
    }
    // Whatever the format: numbers annualised for the wrong frequency must not pass unnoticed.
    for (const auto& w : analysis->warnings)
        err(QStringLiteral("warning: %1\n").arg(w));
    if (format != QStringLiteral("table")) {
        // The table carries the notice in its header; JSON and CSV keep stdout machine-readable.
        if (const QString cut = alignmentNotice(analysis->aligned.summary); !cut.isEmpty())
            err(QStringLiteral("note: %1\n").arg(cut));
        for (const auto& lines : {analysis->sources, analysis->notes})
            for (const auto& note : lines)
                if (!note.startsWith(QStringLiteral("warning: ")))
                    err(QStringLiteral("note: %1\n").arg(note));
    }

    QByteArray body;
    if (format == QStringLiteral("json"))
        body = QJsonDocument(metricsJson(*analysis)).toJson(QJsonDocument::Indented);
    else if (format == QStringLiteral("csv"))
        body = metricsCsv(*analysis).toUtf8();
    else
        body = metricsText(*analysis).toUtf8();

    return writeResult(name(), p.value(outOpt), body);
}

} // namespace ts::cli

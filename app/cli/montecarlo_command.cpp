#include "montecarlo_command.h"

#include "report/analysis.h"
#include "report/montecarlo_output.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <cmath>

namespace ts::cli {

namespace {

// Reads a number option; on a bad value `error` names the option and the value.
std::optional<double> readNumber(const QCommandLineParser& p, const QCommandLineOption& o, double lo,
                                 double hi, const QString& range, QString& error) {
    const QString text = p.value(o);
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < lo || v > hi) {
        error = QStringLiteral("--%1 must be %2 (got \"%3\")").arg(o.names().constFirst(), range, text);
        return std::nullopt;
    }
    return v;
}

} // namespace

int MonteCarloCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Simulates many alternative histories of a strategy's returns and reports the distributions of\n"
        "terminal return, CAGR, max drawdown and Sharpe, the bust and goal probabilities and the\n"
        "percentile paths (5/25/50/75/95).\n\n"
        "Methods:\n"
        "  block      stationary bootstrap (Politis & Romano 1994), blocks of geometric length with\n"
        "             mean L, automatic by Politis & White (2004) unless --block-length; keeps\n"
        "             short-range dependence (default)\n"
        "  bootstrap  i.i.d. draws with replacement\n"
        "  shuffle    permutations of the observed returns, sim 0 the observed order (QuantStats'\n"
        "             qs.stats.montecarlo): every path ends at the same value, so its terminal figures\n"
        "             are fixed by construction; only the drawdowns vary\n\n"
        "Input: CSV with a header row, dates in the first column and returns as fractions, or prices\n"
        "(detected as QuantStats does). Missing values are dropped. The same seed gives the same bytes\n"
        "on every machine.\n\n"
        "Examples:\n"
        "  tearsheet-cli montecarlo --returns strat.csv --sims 10000 --seed 7 --format table\n"
        "  tearsheet-cli montecarlo --returns strat.csv --method bootstrap --horizon 10 --format json"));
    p.addHelpOption();
    const QCommandLineOption returnsOpt(
        QStringLiteral("returns"), QStringLiteral("Strategy CSV file (required)."), QStringLiteral("FILE"));
    const QCommandLineOption columnOpt(QStringLiteral("column"),
                                       QStringLiteral("Value column of the strategy file."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption benchOpt(
        QStringLiteral("benchmark"),
        QStringLiteral("Benchmark CSV file: simulated the same way, on its own, under \"benchmark\"."),
        QStringLiteral("FILE"));
    const QCommandLineOption benchColumnOpt(QStringLiteral("benchmark-column"),
                                            QStringLiteral("Value column of the benchmark file."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption valuesOpt(
        QStringLiteral("returns-are"),
        QStringLiteral("auto (default: QuantStats' heuristic), returns or prices."), QStringLiteral("KIND"),
        QStringLiteral("auto"));
    const QCommandLineOption simsOpt(
        QStringLiteral("sims"),
        QStringLiteral("Number of simulations, 1 to %1. Default 1000.").arg(kMonteCarloMaxSims),
        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption methodOpt(QStringLiteral("method"),
                                       QStringLiteral("block (default), bootstrap or shuffle."),
                                       QStringLiteral("METHOD"), QStringLiteral("block"));
    const QCommandLineOption blockOpt(
        QStringLiteral("block-length"),
        QStringLiteral("Mean block length of --method block (default: automatic)."), QStringLiteral("L"));
    const QCommandLineOption horizonOpt(
        QStringLiteral("horizon"),
        QStringLiteral("Years to simulate (default: the observed length; not with shuffle)."),
        QStringLiteral("YEARS"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"),
                                     QStringLiteral("Random seed, 0 to 2^64-1. Default 42."),
                                     QStringLiteral("S"), QStringLiteral("42"));
    const QCommandLineOption bustOpt(QStringLiteral("bust"),
                                     QStringLiteral("Drawdown counted as bust, -1 to 0. Default -0.25."),
                                     QStringLiteral("DD"), QStringLiteral("-0.25"));
    const QCommandLineOption goalOpt(
        QStringLiteral("goal"), QStringLiteral("Cumulative return counted as the goal. Default 1.0 (+100%)."),
        QStringLiteral("RETURN"), QStringLiteral("1.0"));
    const QCommandLineOption periodsOpt(
        QStringLiteral("periods"), QStringLiteral("Periods per year (annualisation, horizon). Default 252."),
        QStringLiteral("N"), QStringLiteral("252"));
    const QCommandLineOption rfOpt(QStringLiteral("rf"),
                                   QStringLiteral("Annual risk-free rate for the Sharpe ratio. Default 0."),
                                   QStringLiteral("RATE"), QStringLiteral("0"));
    const QCommandLineOption formatOpt(QStringLiteral("format"),
                                       QStringLiteral("table (default), json or csv."),
                                       QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption outOpt(QStringLiteral("out"),
                                    QStringLiteral("Write to FILE (atomically) instead of stdout."),
                                    QStringLiteral("FILE"));
    p.addOptions({returnsOpt, columnOpt, benchOpt, benchColumnOpt, valuesOpt, simsOpt, methodOpt, blockOpt,
                  horizonOpt, seedOpt, bustOpt, goalOpt, periodsOpt, rfOpt, formatOpt, outOpt});

    bool done = false;
    if (const int rc = parseCommandLine(p, name(), args, done); done) return rc;
    auto bad = [](const QString& msg) {
        err(QStringLiteral("tearsheet-cli montecarlo: %1\n").arg(msg));
        return BadInput;
    };
    if (!p.positionalArguments().isEmpty())
        return bad(QStringLiteral("unexpected argument \"%1\"").arg(p.positionalArguments().first()));
    if (!p.isSet(returnsOpt)) return bad(QStringLiteral("--returns FILE is required"));

    MonteCarloParams params;
    QString error;
    const auto method = parseMonteCarloMethod(p.value(methodOpt));
    if (!method)
        return bad(QStringLiteral("--method must be shuffle, bootstrap or block (got \"%1\")")
                       .arg(p.value(methodOpt)));
    params.method = *method;
    {
        bool ok = false;
        const int sims = p.value(simsOpt).toInt(&ok);
        if (!ok || sims < 1 || sims > kMonteCarloMaxSims)
            return bad(QStringLiteral("--sims must be a whole number from 1 to %1 (got \"%2\")")
                           .arg(kMonteCarloMaxSims)
                           .arg(p.value(simsOpt)));
        params.sims = sims;
        const qulonglong seed = p.value(seedOpt).toULongLong(&ok);
        if (!ok || p.value(seedOpt).startsWith(QLatin1Char('-')))
            return bad(
                QStringLiteral("--seed must be a whole number from 0 to 18446744073709551615 (got \"%1\")")
                    .arg(p.value(seedOpt)));
        params.seed = seed;
    }
    const auto periods =
        readNumber(p, periodsOpt, 1e-9, 1e6, QStringLiteral("a positive number of periods a year"), error);
    if (!periods) return bad(error);
    params.periods = *periods;
    const auto rf =
        readNumber(p, rfOpt, -1, 1, QStringLiteral("an annual rate from -1 to 1 (0.02 = 2%)"), error);
    if (!rf) return bad(error);
    params.rf = *rf;
    const auto bust =
        readNumber(p, bustOpt, -1, 0, QStringLiteral("a drawdown from -1 to 0 (-0.25 = -25%)"), error);
    if (!bust) return bad(error);
    params.bust = *bust;
    const auto goal = readNumber(p, goalOpt, -1, 1e12,
                                 QStringLiteral("a cumulative return of at least -1 (1.0 = +100%)"), error);
    if (!goal) return bad(error);
    params.goal = *goal;
    if (p.isSet(blockOpt)) {
        if (params.method != MonteCarloMethod::Block)
            return bad(QStringLiteral("--block-length applies to --method block only (got --method %1)")
                           .arg(QString::fromLatin1(monteCarloMethodName(params.method))));
        const auto l =
            readNumber(p, blockOpt, 1, 1e9, QStringLiteral("a mean block length of at least 1"), error);
        if (!l) return bad(error);
        params.blockLength = *l;
    }
    if (p.isSet(horizonOpt)) {
        const auto h =
            readNumber(p, horizonOpt, 1e-9, 1e4, QStringLiteral("a positive number of years"), error);
        if (!h) return bad(error);
        params.horizonYears = *h;
    }
    const QString format = p.value(formatOpt).toLower();
    if (format != QStringLiteral("table") && format != QStringLiteral("json") &&
        format != QStringLiteral("csv"))
        return bad(
            QStringLiteral("--format must be table, json or csv (got \"%1\")").arg(p.value(formatOpt)));
    ValueKind kind = ValueKind::Auto;
    const QString kindText = p.value(valuesOpt).toLower();
    if (kindText == QStringLiteral("prices"))
        kind = ValueKind::Prices;
    else if (kindText == QStringLiteral("returns"))
        kind = ValueKind::Returns;
    else if (kindText != QStringLiteral("auto"))
        return bad(QStringLiteral("--returns-are must be auto, returns or prices (got \"%1\")")
                       .arg(p.value(valuesOpt)));

    std::vector<QString> notes;
    auto failed = [&](const Error& e) {
        err(QStringLiteral("tearsheet-cli montecarlo: %1\n").arg(e.message));
        return e.kind == ErrorKind::BadInput ? BadInput : Internal;
    };
    const auto strategy = loadReturns(SeriesSource::file(p.value(returnsOpt), kind, {}, p.value(columnOpt)),
                                      MissingPolicy::Drop, &notes);
    if (!strategy) return failed(strategy.error());
    // The checks that need the number of returns, named after the option (the core says the same).
    const auto n = static_cast<double>(strategy->size());
    if (params.method == MonteCarloMethod::Shuffle && p.isSet(horizonOpt) &&
        std::round(params.horizonYears * params.periods) != n)
        return bad(
            QStringLiteral("--horizon %1: shuffle permutes the %2 observed returns, so its horizon is their "
                           "length; use --method bootstrap or block")
                .arg(p.value(horizonOpt))
                .arg(n));
    if (params.blockLength > n)
        return bad(QStringLiteral("--block-length must be at most the number of returns, %1 (got \"%2\")")
                       .arg(n)
                       .arg(p.value(blockOpt)));
    auto mc = runMonteCarlo(strategy->values, params);
    if (!mc) return failed(mc.error());

    std::optional<Series> benchmark;
    std::optional<MonteCarloResult> benchMc;
    if (p.isSet(benchOpt)) {
        auto b = loadReturns(SeriesSource::file(p.value(benchOpt), kind, {}, p.value(benchColumnOpt)),
                             MissingPolicy::Drop, &notes);
        if (!b) return failed(b.error());
        auto r = runMonteCarlo(b->values, params);
        if (!r) return failed(Error{r.error().kind, QStringLiteral("benchmark: %1").arg(r.error().message)});
        benchmark = std::move(*b);
        benchMc = std::move(*r);
    }
    for (const auto& note : notes)
        err(QStringLiteral("note: %1\n").arg(note));

    auto subject = [](const Series& s) {
        return MonteCarloSubject{s.name, s.dates.front().toString(Qt::ISODate),
                                 s.dates.back().toString(Qt::ISODate)};
    };
    QByteArray body;
    if (format == QStringLiteral("json")) {
        QJsonObject o = monteCarloJson(*mc, true);
        o.insert(QStringLiteral("name"), strategy->name);
        if (benchMc) {
            QJsonObject b = monteCarloJson(*benchMc, false);
            b.insert(QStringLiteral("name"), benchmark->name);
            o.insert(QStringLiteral("benchmark"), b);
        }
        body = QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (format == QStringLiteral("csv")) {
        body = monteCarloCsv(*mc).toUtf8(); // the strategy's sims; the benchmark has its own run
    } else {
        QString text = monteCarloText(*mc, subject(*strategy));
        if (benchMc) text += QStringLiteral("\nBenchmark\n") + monteCarloText(*benchMc, subject(*benchmark));
        body = text.toUtf8();
    }
    return writeResult(name(), p.value(outOpt), body);
}

} // namespace ts::cli

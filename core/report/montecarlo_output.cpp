#include "report/montecarlo_output.h"

#include <QJsonArray>
#include <cmath>

namespace ts {

namespace {

QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}
QJsonValue optionalNumber(const std::optional<double>& v) {
    return v ? number(*v) : QJsonValue(QJsonValue::Null);
}
QJsonArray numbers(const std::vector<double>& v) {
    QJsonArray a;
    for (double x : v)
        a.append(number(x));
    return a;
}

QString percent(double v) {
    return std::isfinite(v) ? QString::number(v * 100, 'f', 2) + QLatin1Char('%') : QStringLiteral("-");
}
QString plain(double v) {
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("-");
}

QString methodDescription(const MonteCarloResult& r) {
    switch (r.method) {
    case MonteCarloMethod::Shuffle:
        return QStringLiteral("shuffle (permutations of the observed returns, sim 0 "
                              "the observed order; QuantStats' method)");
    case MonteCarloMethod::Bootstrap:
        return QStringLiteral("bootstrap (i.i.d. draws with replacement)");
    case MonteCarloMethod::Block:
        return QStringLiteral("block (stationary bootstrap, mean block length %1)")
            .arg(QString::number(r.blockLength.value_or(0), 'f', 3));
    }
    return {};
}

} // namespace

QString fixedByConstructionNote() {
    return QStringLiteral("terminal figures are fixed by construction: a shuffle reorders the same returns, "
                          "so every path ends at the same value (terminal return, CAGR, Sharpe and the goal "
                          "probability carry no information; the drawdowns do)");
}

QJsonObject distributionJson(const DistributionSummary& s) {
    return {{QStringLiteral("min"), number(s.min)},
            {QStringLiteral("max"), number(s.max)},
            {QStringLiteral("mean"), number(s.mean)},
            {QStringLiteral("median"), number(s.median)},
            {QStringLiteral("std"), number(s.std)},
            {QStringLiteral("percentile_5"), number(s.percentile5)},
            {QStringLiteral("percentile_25"), number(s.percentile25)},
            {QStringLiteral("percentile_75"), number(s.percentile75)},
            {QStringLiteral("percentile_95"), number(s.percentile95)}};
}

QJsonObject monteCarloJson(const MonteCarloResult& r, bool withPaths) {
    QJsonObject o{
        {QStringLiteral("method"), QString::fromLatin1(monteCarloMethodName(r.method))},
        {QStringLiteral("sims"), r.sims},
        // JSON numbers are doubles to most readers: a seed above 2^53 would not survive as one.
        {QStringLiteral("seed"), r.seed < (1ULL << 53) ? QJsonValue(static_cast<qint64>(r.seed))
                                                       : QJsonValue(QString::number(r.seed))},
        {QStringLiteral("block_length"), optionalNumber(r.blockLength)},
        {QStringLiteral("observed_periods"), r.observedPeriods},
        {QStringLiteral("horizon_periods"), r.horizonPeriods},
        {QStringLiteral("periods_per_year"), r.periods},
        {QStringLiteral("terminal"), distributionJson(r.terminalStats)},
        {QStringLiteral("cagr"), distributionJson(r.cagrStats)},
        {QStringLiteral("maxdd"), distributionJson(r.maxDrawdownStats)},
        {QStringLiteral("sharpe"), distributionJson(r.sharpeStats)},
        {QStringLiteral("sharpe_interval_90"),
         QJsonArray{number(r.sharpeStats.percentile5), number(r.sharpeStats.percentile95)}},
        {QStringLiteral("bust"), optionalNumber(r.bust)},
        {QStringLiteral("goal"), optionalNumber(r.goal)},
        {QStringLiteral("bust_probability"), optionalNumber(r.bustProbability)},
        {QStringLiteral("goal_probability"), optionalNumber(r.goalProbability)},
        {QStringLiteral("terminal_fixed_by_construction"), r.terminalFixedByConstruction},
    };
    if (withPaths) {
        QJsonObject paths;
        QJsonArray periods;
        for (int p : r.paths.periods)
            periods.append(p);
        paths.insert(QStringLiteral("periods"), periods);
        static const char* const kKeys[] = {"percentile_5", "percentile_25", "percentile_50", "percentile_75",
                                            "percentile_95"};
        for (std::size_t i = 0; i < 5; ++i)
            paths.insert(QString::fromLatin1(kKeys[i]), numbers(r.paths.percentiles[i]));
        paths.insert(QStringLiteral("original"), numbers(r.paths.original));
        o.insert(QStringLiteral("paths"), paths);
    }
    return o;
}

QString monteCarloText(const MonteCarloResult& r, const MonteCarloSubject& subject) {
    QString t;
    t += QStringLiteral("Monte Carlo: %1, %2 returns (%3 … %4)\n")
             .arg(subject.name)
             .arg(r.observedPeriods)
             .arg(subject.first, subject.last);
    t += QStringLiteral("method %1\n%2 simulations, seed %3, horizon %4 periods (%5 years at %6 a year)\n\n")
             .arg(methodDescription(r))
             .arg(r.sims)
             .arg(r.seed)
             .arg(r.horizonPeriods)
             .arg(QString::number(r.horizonPeriods / r.periods, 'f', 2))
             .arg(r.periods);
    const QStringList head = {QString(),
                              QStringLiteral("min"),
                              QStringLiteral("p5"),
                              QStringLiteral("p25"),
                              QStringLiteral("median"),
                              QStringLiteral("p75"),
                              QStringLiteral("p95"),
                              QStringLiteral("max"),
                              QStringLiteral("mean"),
                              QStringLiteral("std")};
    auto row = [&](const QString& label, const DistributionSummary& s, QString (*fmt)(double)) {
        QString line = label.leftJustified(16);
        for (double v : {s.min, s.percentile5, s.percentile25, s.median, s.percentile75, s.percentile95,
                         s.max, s.mean, s.std})
            line += fmt(v).rightJustified(10);
        return line + QLatin1Char('\n');
    };
    QString header = head[0].leftJustified(16);
    for (int i = 1; i < head.size(); ++i)
        header += head[i].rightJustified(10);
    t += header + QLatin1Char('\n');
    t += row(QStringLiteral("Terminal return"), r.terminalStats, percent);
    t += row(QStringLiteral("CAGR"), r.cagrStats, percent);
    t += row(QStringLiteral("Max drawdown"), r.maxDrawdownStats, percent);
    t += row(QStringLiteral("Sharpe"), r.sharpeStats, plain);
    t += QLatin1Char('\n');
    t += QStringLiteral("Sharpe 90% interval (p5 … p95): %1 … %2\n")
             .arg(plain(r.sharpeStats.percentile5), plain(r.sharpeStats.percentile95));
    if (r.bust)
        t += QStringLiteral("Bust probability (max drawdown <= %1): %2\n")
                 .arg(percent(*r.bust), percent(*r.bustProbability));
    if (r.goal)
        t += QStringLiteral("Goal probability (terminal return >= %1): %2\n")
                 .arg(percent(*r.goal), percent(*r.goalProbability));
    if (r.terminalFixedByConstruction) t += QStringLiteral("\nNote: %1.\n").arg(fixedByConstructionNote());
    return t;
}

QString monteCarloCsv(const MonteCarloResult& r) {
    QString t = QStringLiteral("sim,terminal,cagr,maxdd,sharpe\n");
    auto field = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); };
    for (int s = 0; s < r.sims; ++s) {
        const auto i = static_cast<std::size_t>(s);
        t += QStringLiteral("%1,%2,%3,%4,%5\n")
                 .arg(s)
                 .arg(field(r.terminal[i]), field(r.cagr[i]), field(r.maxDrawdown[i]), field(r.sharpe[i]));
    }
    return t;
}

} // namespace ts

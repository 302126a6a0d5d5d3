#include "report/companions.h"

#include "report/metrics_output.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <cmath>

namespace ts {
namespace {

QString num(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 15) : QString();
}

// A date-indexed CSV of several columns.
QString dated(const std::vector<QDate>& dates, const QStringList& names,
              const std::vector<const std::vector<double>*>& cols) {
    QString s = QStringLiteral("date");
    for (const auto& n : names)
        s += QLatin1Char(',') + csvField(n);
    s += QLatin1Char('\n');
    for (std::size_t i = 0; i < dates.size(); ++i) {
        s += dates[i].toString(Qt::ISODate);
        for (const auto* c : cols)
            s += QLatin1Char(',') + (i < c->size() ? num((*c)[i]) : QString());
        s += QLatin1Char('\n');
    }
    return s;
}

} // namespace

Result<QStringList> writeCompanions(const ReportModel& m, const QString& dir) {
    if (!QDir().mkpath(dir)) return Error::badInput(QStringLiteral("%1: cannot create the folder").arg(dir));
    QStringList written;
    auto write = [&](const QString& name, const QByteArray& data) -> bool {
        QSaveFile f(QDir(dir).filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) return false;
        written << f.fileName();
        return true;
    };
    const Analysis& a = m.analysis;
    const ChartData& d = a.chart;
    QStringList names;
    for (const auto& n : d.names)
        names << n;
    bool ok =
        write(QStringLiteral("metrics.json"), QJsonDocument(metricsJson(a)).toJson(QJsonDocument::Indented));
    ok = ok && write(QStringLiteral("metrics.csv"), metricsCsv(a).toUtf8());

    QString eoy = QStringLiteral("year,benchmark,strategy,multiplier,won\n");
    for (const auto& r : a.eoyVsBenchmark)
        eoy += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(r.year)
                   .arg(num(r.benchmark), num(r.strategy), num(r.multiplier),
                        r.won ? QStringLiteral("1") : QStringLiteral("0"));
    if (a.eoyVsBenchmark.empty()) {
        const EoyColumns cols = eoyColumns(rulesFor(a.params.metrics.convention).eoySumAndCumulativeColumns);
        eoy = QStringLiteral("year,return,%1\n").arg(QString::fromLatin1(cols.cumulativeKey));
        for (const auto& r : a.eoy)
            eoy += QStringLiteral("%1,%2,%3\n").arg(r.year).arg(num(r.ret), num(r.cumulative));
    }
    ok = ok && write(QStringLiteral("eoy.csv"), eoy.toUtf8());

    QString dd = QStringLiteral("column,start,valley,end,days,max_drawdown,max_drawdown_99\n");
    for (std::size_t c = 0; c < a.metrics.drawdowns.size(); ++c)
        for (const auto& e : a.metrics.drawdowns[c].episodes)
            dd += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                      .arg(csvField(names.value(static_cast<qsizetype>(c))), e.start.toString(Qt::ISODate),
                           e.valley.toString(Qt::ISODate), e.end.toString(Qt::ISODate))
                      .arg(e.days)
                      .arg(num(e.maxDrawdown), num(e.maxDrawdown99));
    ok = ok && write(QStringLiteral("drawdowns.csv"), dd.toUtf8());

    QString monthly = QStringLiteral("column,year,JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC,EOY\n");
    for (std::size_t c = 0; c < a.monthly.size(); ++c)
        for (const auto& r : a.monthly[c]) {
            monthly +=
                csvField(names.value(static_cast<qsizetype>(c))) + QLatin1Char(',') + QString::number(r.year);
            for (double v : r.months)
                monthly += QLatin1Char(',') + num(v);
            monthly += QLatin1Char(',') + num(r.eoy) + QLatin1Char('\n');
        }
    ok = ok && write(QStringLiteral("monthly_returns.csv"), monthly.toUtf8());

    std::vector<const std::vector<double>*> cum;
    for (const auto& c : d.cumulative)
        cum.push_back(&c);
    ok = ok && write(QStringLiteral("chart_cumulative_returns.csv"), dated(d.dates, names, cum).toUtf8());
    QStringList rollingNames;
    std::vector<const std::vector<double>*> rolling;
    for (std::size_t c = 0; c < d.rollingVolatility.size(); ++c) {
        rollingNames << QStringLiteral("volatility_6m %1").arg(names.value(static_cast<qsizetype>(c)));
        rolling.push_back(&d.rollingVolatility[c]);
    }
    rollingNames << QStringLiteral("sharpe_6m") << QStringLiteral("sortino_6m");
    rolling.push_back(&d.rollingSharpe);
    rolling.push_back(&d.rollingSortino);
    if (d.hasBenchmark) {
        rollingNames << QStringLiteral("beta_6m") << QStringLiteral("beta_12m")
                     << QStringLiteral("volatility_matched_cumulative");
        rolling.push_back(&d.rollingBeta6m);
        rolling.push_back(&d.rollingBeta12m);
        rolling.push_back(&d.volatilityMatched);
    }
    ok = ok && write(QStringLiteral("chart_rolling.csv"), dated(d.dates, rollingNames, rolling).toUtf8());
    ok = ok && write(QStringLiteral("chart_underwater.csv"),
                     dated(d.dates, {QStringLiteral("drawdown"), QStringLiteral("daily_returns_cumsum")},
                           {&d.drawdown, &d.dailyCumSum})
                         .toUtf8());
    QString q = QStringLiteral("period,count,min,whisker_low,q1,median,q3,whisker_high,max\n");
    static const char* periods[] = {"daily", "weekly", "monthly", "quarterly", "yearly"};
    for (int i = 0; i < 5; ++i) {
        const BoxStats& b = d.quantiles[i];
        q += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                 .arg(QString::fromLatin1(periods[i]))
                 .arg(b.count)
                 .arg(num(b.min), num(b.whiskerLow), num(b.q1), num(b.median), num(b.q3), num(b.whiskerHigh),
                      num(b.max));
    }
    ok = ok && write(QStringLiteral("chart_return_quantiles.csv"), q.toUtf8());
    QString corr = QStringLiteral("series");
    for (const auto& n : m.correlationNames)
        corr += QLatin1Char(',') + csvField(n);
    corr += QLatin1Char('\n');
    for (std::size_t r = 0; r < m.correlation.size(); ++r) {
        corr += csvField(m.correlationNames[r]);
        for (double v : m.correlation[r])
            corr += QLatin1Char(',') + num(v);
        corr += QLatin1Char('\n');
    }
    ok = ok && write(QStringLiteral("correlation.csv"), corr.toUtf8());
    if (!ok) return Error::internal(QStringLiteral("%1: cannot write the companions").arg(dir));
    return written;
}

} // namespace ts

#include "report/metrics_output.h"

#include "data/date_validation.h"

#include <QJsonArray>
#include <QLocale>
#include <cmath>

namespace ts {
namespace {

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

QString fixed2(double v) {
    // Round half to even on the scaled value, as numpy's around() does for the printed table.
    const double r = std::nearbyint(v * 100.0) / 100.0;
    return QString::number(r == 0 ? 0.0 : r, 'f', 2);
}

QJsonValue jsonNumber(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonValue(const MetricDef& def, const MetricValue& v) {
    if (v.isDate()) return isoDate(v.date);
    if (v.isNull()) return QJsonValue(QJsonValue::Null);
    // JSON has no infinity; a string keeps "no losing period" apart from "undefined" (null).
    if (v.isInfinite()) return v.number > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (def.format == MetricFormat::Integer) return QJsonValue(static_cast<qint64>(std::llround(v.number)));
    return v.number;
}

QString columnTitle(const Analysis& a, std::size_t c) {
    const bool bench = a.aligned.hasBenchmark && c + 1 == a.aligned.columns.size();
    const QString& name = a.aligned.names[c];
    if (a.aligned.strategyCount() == 1)
        return bench ? QStringLiteral("Benchmark") : QStringLiteral("Strategy");
    return name;
}

QString periodsSource(const Analysis& a) {
    if (a.params.metrics.periodsExplicit) return QStringLiteral("explicit");
    // QuantStats' fixed 252, kept by its convention whatever the dates say.
    if (a.params.metrics.convention == Convention::QuantStats) return QStringLiteral("default");
    return a.frequency.frequency == Frequency::Unknown ? QStringLiteral("default")
                                                       : QStringLiteral("detected");
}

QString frequencyLine(const Analysis& a) {
    return QStringLiteral("frequency: %1 (median gap %2) · periods/year %3 (%4)")
        .arg(frequencyName(a.frequency.frequency), gapText(a.frequency.medianGapDays))
        .arg(a.params.metrics.periods)
        .arg(periodsSource(a));
}

QJsonValue riskFreeJson(const Analysis& a) {
    if (!a.riskFree) return QJsonValue(QJsonValue::Null);
    const RiskFreeSummary& r = *a.riskFree;
    return QJsonObject{
        {QStringLiteral("source"), r.source},
        {QStringLiteral("unit"), r.percent ? QStringLiteral("percent") : QStringLiteral("fraction")},
        {QStringLiteral("average"), r.average},
        {QStringLiteral("min"), r.min},
        {QStringLiteral("max"), r.max},
        {QStringLiteral("first"), isoDate(r.first)},
        {QStringLiteral("last"), isoDate(r.last)},
        {QStringLiteral("carried_dates"), r.carried}};
}

} // namespace

QString formatMetric(const MetricDef& def, const MetricValue& v) {
    if (v.isDate()) return isoDate(v.date);
    if (v.isNull()) return QStringLiteral("-");
    if (v.isInfinite()) return v.number > 0 ? QStringLiteral("\u221E") : QStringLiteral("-\u221E");
    switch (def.format) {
    case MetricFormat::Date:
        return QStringLiteral("-");
    case MetricFormat::Percent:
    case MetricFormat::RiskFreeRate:
        return fixed2(v.number * 100) + QLatin1Char('%');
    case MetricFormat::BigPercent: {
        QLocale en(QLocale::English);
        return en.toString(std::nearbyint(v.number * 10000) / 100, 'f', 2) + QLatin1Char('%');
    }
    case MetricFormat::UnscaledPercent:
        return fixed2(v.number) + QLatin1Char('%');
    case MetricFormat::Integer:
        return QString::number(std::llround(v.number));
    case MetricFormat::Ratio:
        return fixed2(v.number);
    }
    return {};
}

QString metricsText(const Analysis& a) {
    const MetricsTable& t = a.metrics.table;
    const std::size_t nCols = t.columns.size();
    std::vector<QString> titles;
    for (std::size_t c = 0; c < nCols; ++c)
        titles.push_back(columnTitle(a, c));
    std::vector<QStringList> cells;
    qsizetype labelWidth = 0;
    std::vector<qsizetype> width(nCols, 0);
    for (std::size_t c = 0; c < nCols; ++c)
        width[c] = titles[c].size();
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        QStringList row;
        for (std::size_t c = 0; c < nCols; ++c) {
            QString s = formatMetric(*t.rows[i], t.values[i][c]);
            width[c] = std::max(width[c], s.size());
            row << s;
        }
        labelWidth = std::max(labelWidth, QString::fromUtf8(t.rows[i]->label).size());
        cells.push_back(row);
    }
    QString out;
    const auto& mp = a.params.metrics;
    out += QStringLiteral("%1 to %2 · rf %3% · %4 periods/year · %5 · convention %6\n\n")
               .arg(isoDate(a.aligned.dates.front()), isoDate(a.aligned.dates.back()))
               .arg(mp.rf * 100)
               .arg(mp.periods)
               .arg(mp.compounded ? QStringLiteral("compounded") : QStringLiteral("simple"),
                    conventionName(mp.convention));
    // Next to the dates it explains, so a shortened window is never read as the full history.
    if (const QString cut = alignmentNotice(a.aligned.summary); !cut.isEmpty())
        out += cut + QStringLiteral("\n\n");
    out += frequencyLine(a) + QLatin1Char('\n');
    if (a.riskFree)
        out += QStringLiteral("risk-free series %1: average %2%, range %3% to %4% a year\n")
                   .arg(a.riskFree->source)
                   .arg(a.riskFree->average * 100)
                   .arg(a.riskFree->min * 100)
                   .arg(a.riskFree->max * 100);
    for (const auto& w : a.warnings)
        out += QStringLiteral("WARNING: ") + w + QLatin1Char('\n');
    out += QLatin1Char('\n');
    QString header = QString(labelWidth, QLatin1Char(' '));
    QString rule = QString(labelWidth, QLatin1Char('-'));
    for (std::size_t c = 0; c < nCols; ++c) {
        header += QStringLiteral("  ") + titles[c].rightJustified(width[c]);
        rule += QStringLiteral("  ") + QString(width[c], QLatin1Char('-'));
    }
    out += header + QLatin1Char('\n') + rule + QLatin1Char('\n');
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.rows[i]->groupStart && i > 0) out += QLatin1Char('\n');
        out += QString::fromUtf8(t.rows[i]->label).leftJustified(labelWidth);
        for (std::size_t c = 0; c < nCols; ++c)
            out += QStringLiteral("  ") + cells[i][static_cast<int>(c)].rightJustified(width[c]);
        out += QLatin1Char('\n');
    }
    for (const auto& note : a.notes)
        out += QStringLiteral("\nnote: ") + note;
    if (!a.notes.empty()) out += QLatin1Char('\n');
    return out;
}

QString csvField(QString s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
}

QString metricsCsv(const Analysis& a) {
    const MetricsTable& t = a.metrics.table;
    const auto quote = csvField;
    QString out = QStringLiteral("label,key");
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const bool bench = t.hasBenchmark && c + 1 == t.columns.size();
        out += QLatin1Char(',') + (a.aligned.strategyCount() == 1
                                       ? (bench ? QStringLiteral("benchmark") : QStringLiteral("strategy"))
                                       : quote(t.columns[c]));
    }
    out += QLatin1Char('\n');
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        out += quote(QString::fromUtf8(t.rows[i]->label)) + QLatin1Char(',') +
               QString::fromLatin1(t.rows[i]->key);
        for (const auto& v : t.values[i]) {
            out += QLatin1Char(',');
            if (v.isDate())
                out += isoDate(v.date);
            else if (!v.isNull())
                out += t.rows[i]->format == MetricFormat::Integer ? QString::number(std::llround(v.number))
                                                                  : QString::number(v.number, 'g', 17);
        }
        out += QLatin1Char('\n');
    }
    return out;
}

QJsonObject metricsJson(const Analysis& a) {
    const MetricsTable& t = a.metrics.table;
    const std::size_t nCols = t.columns.size();
    // One strategy keeps the "strategy" key; several are keyed by their names, as in the CSV.
    auto key = [&](std::size_t c) {
        const bool bench = t.hasBenchmark && c + 1 == nCols;
        if (bench) return QStringLiteral("benchmark");
        return a.aligned.strategyCount() == 1 ? QStringLiteral("strategy") : t.columns[c];
    };

    QJsonObject metrics;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        QJsonObject row;
        for (std::size_t c = 0; c < nCols; ++c)
            row.insert(key(c), jsonValue(*t.rows[i], t.values[i][c]));
        metrics.insert(QString::fromLatin1(t.rows[i]->key), row);
    }
    // Where the other convention gives another value: that value, per metric and column.
    QJsonValue other;
    if (a.otherConvention) {
        QJsonObject differing, definitions;
        const Convention mine = a.params.metrics.convention, theirs = a.otherConvention->convention;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const MetricDef& def = *t.rows[i];
            QJsonObject row;
            for (std::size_t c = 0; c < nCols; ++c)
                if (const auto o = otherValue(*a.otherConvention, def.key, c, t.values[i][c]))
                    row.insert(key(c), jsonValue(def, *o));
            if (row.isEmpty()) continue;
            differing.insert(QString::fromLatin1(def.key), row);
            definitions.insert(
                QString::fromLatin1(def.key),
                QJsonObject{{conventionName(mine), QString::fromUtf8(definitionFor(def, mine))},
                            {conventionName(theirs), QString::fromUtf8(definitionFor(def, theirs))}});
        }
        other = QJsonObject{{QStringLiteral("convention"), conventionName(theirs)},
                            {QStringLiteral("metrics"), differing},
                            {QStringLiteral("definitions"), definitions}};
    }

    QJsonObject drawdowns, monthly;
    for (std::size_t c = 0; c < nCols; ++c) {
        QJsonArray eps;
        for (const auto& e : a.metrics.drawdowns[c].episodes)
            eps.append(QJsonObject{{QStringLiteral("start"), isoDate(e.start)},
                                   {QStringLiteral("valley"), isoDate(e.valley)},
                                   {QStringLiteral("end"), isoDate(e.end)},
                                   {QStringLiteral("days"), e.days},
                                   {QStringLiteral("max_drawdown"), jsonNumber(e.maxDrawdown)},
                                   {QStringLiteral("max_drawdown_99"), jsonNumber(e.maxDrawdown99)}});
        drawdowns.insert(key(c), eps);
        QJsonObject years;
        for (const auto& row : a.monthly[c]) {
            QJsonObject m;
            for (int k = 0; k < 12; ++k)
                m.insert(QString::fromLatin1(kMonths[k]), jsonNumber(row.months[k]));
            m.insert(QStringLiteral("EOY"), jsonNumber(row.eoy));
            years.insert(QString::number(row.year), m);
        }
        monthly.insert(key(c), years);
    }

    QJsonArray eoy;
    if (t.hasBenchmark)
        for (const auto& e : a.eoyVsBenchmark)
            eoy.append(QJsonObject{{QStringLiteral("year"), e.year},
                                   {QStringLiteral("benchmark"), jsonNumber(e.benchmark)},
                                   {QStringLiteral("strategy"), jsonNumber(e.strategy)},
                                   {QStringLiteral("multiplier"), jsonNumber(e.multiplier)},
                                   {QStringLiteral("won"), e.won}});
    else {
        const EoyColumns cols = eoyColumns(rulesFor(a.params.metrics.convention).eoySumAndCumulativeColumns);
        for (const auto& e : a.eoy)
            eoy.append(QJsonObject{{QStringLiteral("year"), e.year},
                                   {QStringLiteral("return"), jsonNumber(e.ret)},
                                   {QString::fromLatin1(cols.cumulativeKey), jsonNumber(e.cumulative)}});
    }

    const auto& mp = a.params.metrics;
    QJsonArray strategies;
    for (const auto& s : a.params.strategies)
        strategies.append(s.path);
    QJsonObject params{{QStringLiteral("strategies"), strategies},
                       {QStringLiteral("benchmark"),
                        a.params.benchmark ? QJsonValue(a.params.benchmark->path) : QJsonValue()},
                       {QStringLiteral("rf"), mp.rf},
                       {QStringLiteral("periods_per_year"), mp.periods},
                       {QStringLiteral("compounded"), mp.compounded},
                       {QStringLiteral("convention"), conventionName(mp.convention)},
                       {QStringLiteral("missing"), a.params.missing == MissingPolicy::Drop
                                                       ? QStringLiteral("drop")
                                                       : QStringLiteral("zero")},
                       {QStringLiteral("start"), isoDate(a.aligned.dates.front())},
                       {QStringLiteral("end"), isoDate(a.aligned.dates.back())},
                       {QStringLiteral("rows"), static_cast<qint64>(a.aligned.rows())},
                       {QStringLiteral("version"), QStringLiteral(TEARSHEET_VERSION)},
                       {QStringLiteral("frequency"), frequencyKey(a.frequency.frequency)},
                       {QStringLiteral("frequency_median_gap_days"), a.frequency.medianGapDays},
                       {QStringLiteral("periods_source"), periodsSource(a)},
                       {QStringLiteral("rf_series"), riskFreeJson(a)}};
    QJsonArray warnings;
    for (const auto& w : a.warnings)
        warnings.append(w);
    QJsonArray notes;
    for (const auto& n : a.notes)
        notes.append(n);
    const AlignmentSummary& al = a.aligned.summary;
    QJsonArray series;
    for (const auto& c : al.series)
        series.append(QJsonObject{{QStringLiteral("name"), c.name},
                                  {QStringLiteral("benchmark"), c.benchmark},
                                  {QStringLiteral("first"), isoDate(c.first)},
                                  {QStringLiteral("last"), isoDate(c.last)},
                                  {QStringLiteral("observations"), c.observations},
                                  {QStringLiteral("dropped"), c.dropped},
                                  {QStringLiteral("flat_rows"), c.flatRows}});
    auto seriesName = [&](int i) {
        return i < 0 ? QJsonValue() : QJsonValue(al.series[static_cast<std::size_t>(i)].name);
    };
    const QJsonObject alignment{{QStringLiteral("start"), isoDate(al.start)},
                                {QStringLiteral("end"), isoDate(al.end)},
                                {QStringLiteral("cut"), al.cut()},
                                {QStringLiteral("start_set_by"), seriesName(al.startSetBy)},
                                {QStringLiteral("start_at_first_move"), al.startAtFirstMove},
                                {QStringLiteral("end_set_by"), seriesName(al.endSetBy)},
                                {QStringLiteral("series"), series},
                                {QStringLiteral("notice"), alignmentNotice(al)}};

    return QJsonObject{
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("other_convention"), other},
        {QStringLiteral("drawdowns"), drawdowns},
        {QStringLiteral("monthly_returns"), monthly},
        {t.hasBenchmark ? QStringLiteral("eoy_vs_benchmark") : QStringLiteral("eoy_returns"), eoy},
        {QStringLiteral("parameters"), params},
        {QStringLiteral("notes"), notes},
        {QStringLiteral("warnings"), warnings},
        {QStringLiteral("alignment"), alignment}};
}

} // namespace ts

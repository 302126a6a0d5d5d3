#include "render/report_tables.h"

#include "report/metrics_output.h"

#include <cmath>

namespace ts::ui {
namespace {
QString pct(double v) {
    return std::isfinite(v) ? QString::number(v * 100, 'f', 2) + QLatin1Char('%') : QStringLiteral("-");
}
} // namespace

QStringList columnTitles(const ReportModel& m) {
    const auto& al = m.analysis.aligned;
    QStringList t;
    for (std::size_t c = 0; c < al.columns.size(); ++c) {
        const bool bench = al.hasBenchmark && c + 1 == al.columns.size();
        if (al.strategyCount() == 1)
            t << (bench ? QStringLiteral("Benchmark") : QStringLiteral("Strategy"));
        else
            t << al.names[c];
    }
    return t;
}

ReportTable metricsTable(const ReportModel& m) {
    ReportTable t;
    t.title = QStringLiteral("Key Performance Metrics");
    t.header << QStringLiteral("Metric") << columnTitles(m);
    const MetricsTable& mt = m.analysis.metrics.table;
    for (std::size_t i = 0; i < mt.rows.size(); ++i) {
        TableRow r;
        r.metric = mt.rows[i];
        r.separatorBefore = mt.rows[i]->groupStart && i > 0;
        r.cells << QString::fromUtf8(mt.rows[i]->label).replace(QStringLiteral("﹪"), QStringLiteral("%"));
        for (const auto& v : mt.values[i])
            r.cells << formatMetric(*mt.rows[i], v);
        t.rows.push_back(r);
    }
    return t;
}

ReportTable eoyTable(const ReportModel& m) {
    ReportTable t;
    const auto& a = m.analysis;
    if (a.aligned.hasBenchmark) {
        t.title = QStringLiteral("EOY Returns vs Benchmark");
        t.header = {QStringLiteral("Year"), QStringLiteral("Benchmark"), QStringLiteral("Strategy"),
                    QStringLiteral("Multiplier"), QStringLiteral("Won")};
        for (const auto& r : a.eoyVsBenchmark)
            t.rows.push_back(
                {{QString::number(r.year), pct(r.benchmark), pct(r.strategy),
                  std::isfinite(r.multiplier) ? QString::number(r.multiplier, 'f', 2) : QStringLiteral("-"),
                  r.won ? QStringLiteral("+") : QStringLiteral("-")}});
    } else {
        t.title = QStringLiteral("EOY Returns");
        t.header = {QStringLiteral("Year"), QStringLiteral("Return"), QStringLiteral("Cumulative")};
        for (const auto& r : a.eoy)
            t.rows.push_back({{QString::number(r.year), pct(r.sum), pct(r.cumulative)}});
    }
    return t;
}

ReportTable drawdownsTable(const ReportModel& m) {
    ReportTable t;
    t.title = QStringLiteral("Worst 10 Drawdowns");
    t.header = {QStringLiteral("Started"), QStringLiteral("Recovered"), QStringLiteral("Drawdown"),
                QStringLiteral("Days")};
    for (const auto& e : m.worstDrawdowns)
        t.rows.push_back({{e.start.toString(Qt::ISODate), e.end.toString(Qt::ISODate), pct(e.maxDrawdown),
                           QString::number(e.days)}});
    return t;
}

ReportTable correlationTable(const ReportModel& m) {
    ReportTable t;
    t.title = QStringLiteral("Correlation of Daily Returns");
    if (m.correlationNames.size() < 2 || m.analysis.aligned.strategyCount() < 2) return t;
    t.header = {QString()};
    for (const auto& n : m.correlationNames)
        t.header << n;
    for (std::size_t a = 0; a < m.correlation.size(); ++a) {
        TableRow r;
        r.cells << m.correlationNames[a];
        for (double v : m.correlation[a])
            r.cells << (std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("-"));
        t.rows.push_back(r);
    }
    return t;
}

ReportTable parametersTable(const ReportModel& m) {
    ReportTable t;
    t.title = QStringLiteral("Parameters");
    for (const auto& [k, v] : m.parameters)
        t.rows.push_back({{k, v}});
    return t;
}

} // namespace ts::ui

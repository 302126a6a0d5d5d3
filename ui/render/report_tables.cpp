#include "render/report_tables.h"

#include "fundamentals/ratios.h"
#include "report/metrics_output.h"

#include <cmath>

namespace ts::ui {
namespace {
QString pct(double v) {
    return std::isfinite(v) ? QString::number(v * 100, 'f', 2) + QLatin1Char('%') : QStringLiteral("-");
}
// Tables whose numbers depend on the convention say which one they follow.
QString conventionSuffix(const ReportModel& m) {
    return QStringLiteral(" (%1 convention)").arg(conventionName(m.analysis.params.metrics.convention));
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
    t.title = QStringLiteral("Key Performance Metrics") + conventionSuffix(m);
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
        t.title = QStringLiteral("EOY Returns vs Benchmark") + conventionSuffix(m);
        t.header = {QStringLiteral("Year"), QStringLiteral("Benchmark"), QStringLiteral("Strategy"),
                    QStringLiteral("Multiplier"), QStringLiteral("Won")};
        for (const auto& r : a.eoyVsBenchmark)
            t.rows.push_back(
                {{QString::number(r.year), pct(r.benchmark), pct(r.strategy),
                  std::isfinite(r.multiplier) ? QString::number(r.multiplier, 'f', 2) : QStringLiteral("-"),
                  r.won ? QStringLiteral("+") : QStringLiteral("-")}});
    } else {
        const EoyColumns cols = eoyColumns(rulesFor(a.params.metrics.convention).eoySumAndCumulativeColumns);
        t.title = QStringLiteral("EOY Returns") + conventionSuffix(m);
        t.header = {QStringLiteral("Year"), QString::fromLatin1(cols.returnTitle),
                    QString::fromLatin1(cols.cumulativeTitle)};
        for (const auto& r : a.eoy)
            t.rows.push_back({{QString::number(r.year), pct(r.ret), pct(r.cumulative)}});
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

std::vector<ReportTable> fundamentalsTables(const ReportModel& m) {
    std::vector<ReportTable> out;
    auto cell = [](const QString& key, double v) {
        const auto* info = fundamentals::findRatio(key);
        if (!std::isfinite(v)) return QStringLiteral("-");
        return info && info->percent ? QString::number(v * 100, 'f', 1) + QLatin1Char('%')
                                     : QString::number(v, 'f', 2);
    };
    for (const FundamentalsSection& f : m.fundamentals) {
        ReportTable t;
        t.title = QStringLiteral("Fundamentals: %1").arg(f.portfolio);
        t.header << QStringLiteral("Holding") << QStringLiteral("Weight");
        // Short labels: eight ratio columns share the page width with the holding and its weight.
        t.header << QStringLiteral("P/E") << QStringLiteral("P/B") << QStringLiteral("EV/EBITDA")
                 << QStringLiteral("ROE") << QStringLiteral("Net mgn") << QStringLiteral("D/E")
                 << QStringLiteral("Div yld") << QStringLiteral("Rev YoY");
        for (const auto& h : f.holdings) {
            TableRow r;
            r.cells << h.symbol << QString::number(h.weight * 100, 'f', 1) + QLatin1Char('%');
            for (const QString& k : reportRatioKeys()) {
                auto it = h.ratios.find(k);
                r.cells << (it == h.ratios.end() ? QStringLiteral("-") : cell(k, it->second));
            }
            t.rows.push_back(r);
        }
        TableRow total;
        total.separatorBefore = true;
        total.cells << QStringLiteral("Portfolio") << QStringLiteral("100%");
        for (const QString& k : reportRatioKeys())
            total.cells << cell(k, f.portfolioRatios.at(k));
        t.rows.push_back(total);
        out.push_back(t);

        ReportTable notes;
        notes.title = QStringLiteral("Fundamentals: basis and exposure");
        notes.rows.push_back(
            {{QStringLiteral("Missing values"),
              QStringLiteral("holdings without one (or loss-makers, for multiples) are left out, "
                             "the other weights rescaled")}});
        notes.rows.push_back(
            {{QStringLiteral("Portfolio ratios"),
              QStringLiteral("weighted harmonic mean for P/E, P/B, EV/EBITDA; weighted mean otherwise")}});
        for (const auto& h : f.holdings)
            notes.rows.push_back(
                {{h.symbol, h.basis.isEmpty() ? QStringLiteral("no fundamentals in the cache")
                                              : QStringLiteral("%1 flows, latest balance sheet, %2")
                                                    .arg(h.basis, h.currency.isEmpty() ? QStringLiteral("?")
                                                                                       : h.currency)}});
        for (const auto& [sector, w] : f.sectorWeights)
            notes.rows.push_back({{QStringLiteral("Sector %1").arg(sector),
                                   QString::number(w * 100, 'f', 1) + QLatin1Char('%')}});
        for (const auto& [cur, w] : f.currencyWeights)
            notes.rows.push_back({{QStringLiteral("Currency %1").arg(cur),
                                   QString::number(w * 100, 'f', 1) + QLatin1Char('%')}});
        out.push_back(notes);
    }
    return out;
}

} // namespace ts::ui

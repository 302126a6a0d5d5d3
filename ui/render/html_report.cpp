#include "render/html_report.h"

#include "charts/chart_painter.h"
#include "charts/svg_text.h"
#include "render/montecarlo_report.h"
#include "render/report_tables.h"
#include "report/metrics_output.h"

#include <cmath>

namespace ts::ui {
namespace {

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

const char* const kCss = R"css(
:root { --fg: #222; --muted: #666; --line: #ddd; --accent: #348dc1; --bg: #fff; --zebra: #f7f9fb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --muted: #a0a0a0; --line: #444; --bg: #1b1d20; --zebra: #24272b; }
  figure svg { background: #fff; border-radius: 4px; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 13px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) 440px; gap: 32px; margin-top: 20px; }
@media (max-width: 1100px) { .grid { grid-template-columns: minmax(0, 1fr); } }
figure { margin: 0 0 24px; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
h2 { font-size: 15px; margin: 24px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
th:first-child, td:first-child { text-align: left; }
thead th { font-weight: 600; border-bottom: 2px solid var(--line); }
tbody tr:nth-child(even) { background: var(--zebra); }
tr.sep td { border-top: 2px solid var(--line); }
table.params td { white-space: normal; word-break: break-word; text-align: left; }
.scroll { overflow-x: auto; }
table.wide { font-size: 11px; }
table.wide th, table.wide td { padding: 2px 4px; }
ul.quality { padding-left: 18px; margin: 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 11px; }
)css";

QString tableHtml(const ReportTable& t, const QString& cls = {}) {
    if (t.rows.empty()) return {};
    // Wide tables scroll inside the narrow column instead of spilling out of the page.
    QString h = QStringLiteral("<h2>%1</h2>\n<div class=\"scroll\"><table%2>")
                    .arg(esc(t.title), cls.isEmpty() ? QString() : QStringLiteral(" class=\"%1\"").arg(cls));
    if (!t.header.isEmpty()) {
        h += QStringLiteral("<thead><tr>");
        for (const auto& c : t.header)
            h += QStringLiteral("<th>%1</th>").arg(esc(c));
        h += QStringLiteral("</tr></thead>");
    }
    h += QStringLiteral("<tbody>\n");
    for (const auto& r : t.rows) {
        h += r.separatorBefore ? QStringLiteral("<tr class=\"sep\">") : QStringLiteral("<tr>");
        for (const auto& c : r.cells)
            h += QStringLiteral("<td>%1</td>").arg(esc(c));
        h += QStringLiteral("</tr>\n");
    }
    return h + QStringLiteral("</tbody></table></div>\n");
}

// The metrics table with each value's key, column and exact number.
QString metricsHtml(const ReportModel& m) {
    const ReportTable t = metricsTable(m);
    const MetricsTable& mt = m.analysis.metrics.table;
    QString h = QStringLiteral("<h2>%1</h2>\n<table class=\"metrics\"><thead><tr>").arg(esc(t.title));
    for (const auto& c : t.header)
        h += QStringLiteral("<th>%1</th>").arg(esc(c));
    h += QStringLiteral("</tr></thead><tbody>\n");
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        h += QStringLiteral("<tr%1 title=\"%2\"><td>%3</td>")
                 .arg(r.separatorBefore ? QStringLiteral(" class=\"sep\"") : QString(),
                      esc(QString::fromUtf8(definitionFor(*r.metric, m.analysis.params.metrics.convention))),
                      esc(r.cells[0]));
        for (std::size_t c = 0; c < mt.values[i].size(); ++c) {
            const MetricValue& v = mt.values[i][c];
            QString data;
            if (v.isDate())
                data = v.date.toString(Qt::ISODate);
            else if (!v.isNull())
                data = QString::number(v.number, 'g', 17);
            // Where the other convention disagrees, the cell says so on hover.
            QString other;
            if (const auto& cmp = m.analysis.otherConvention)
                if (const auto o = otherValue(*cmp, r.metric->key, c, v))
                    other = QStringLiteral(" title=\"%1: %2\"")
                                .arg(esc(conventionName(cmp->convention)), esc(formatMetric(*r.metric, *o)));
            h += QStringLiteral("<td data-key=\"%1\" data-col=\"%2\" data-value=\"%3\"%4>%5</td>")
                     .arg(QString::fromLatin1(r.metric->key))
                     .arg(c)
                     .arg(data, other, esc(r.cells[static_cast<qsizetype>(c) + 1]));
        }
        h += QStringLiteral("</tr>\n");
    }
    return h + QStringLiteral("</tbody></table>\n");
}

} // namespace

QString inlineSvg(const QByteArray& svg) {
    return QString::fromUtf8(svgForInlining(svg));
}

QString renderHtml(const ReportModel& m) {
    const ChartData& d = m.analysis.chart;
    QString h;
    h.reserve(1 << 20);
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                        "<meta name=\"generator\" content=\"Tearsheet "
                        "%1\"/>\n<title>%2</title>\n<style>%3</style>\n</head>\n<body>\n")
             .arg(esc(m.version), esc(m.title), QString::fromLatin1(kCss));
    const auto& al = m.analysis.aligned;
    h += QStringLiteral("<header><h1>%1</h1><p>%2 to %3 · %4%5 · generated %6 UTC</p></header>\n")
             .arg(esc(m.title), m.start.toString(Qt::ISODate), m.end.toString(Qt::ISODate))
             .arg(al.hasBenchmark ? QStringLiteral("Benchmark: ") + esc(al.names.back())
                                  : QStringLiteral("no benchmark"))
             .arg(al.strategyCount() > 1 ? QStringLiteral(" · %1 strategies").arg(al.strategyCount())
                                         : QString())
             .arg(m.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    h += QStringLiteral("<main class=\"grid\">\n<section class=\"charts\">\n");
    for (ChartId id : chartsFor(d)) {
        const QSize size(960, static_cast<int>(chartHeight(id, d, 960)));
        h += QStringLiteral("<figure id=\"%1\">%2</figure>\n")
                 .arg(QString::fromLatin1(findChartKey(id)), inlineSvg(chartSvg(id, d, size)));
    }
    if (m.monteCarlo)
        h += monteCarloFigureHtml(*m.monteCarlo) + tableHtml(monteCarloTable(*m.monteCarlo)) +
             monteCarloNotesHtml(*m.monteCarlo);
    h += QStringLiteral("</section>\n<aside class=\"tables\">\n");
    h += metricsHtml(m);
    h += tableHtml(eoyTable(m));
    h += tableHtml(drawdownsTable(m));
    h += tableHtml(correlationTable(m));
    for (const ReportTable& t : fundamentalsTables(m))
        h += tableHtml(t);
    h += tableHtml(parametersTable(m), QStringLiteral("params"));
    h += QStringLiteral("<h2>Data quality</h2>\n<ul class=\"quality\">");
    for (const auto& q : m.dataQuality)
        h += QStringLiteral("<li>%1</li>").arg(esc(q));
    h += QStringLiteral("</ul>\n</aside>\n</main>\n");
    h +=
        QStringLiteral("<footer>Tearsheet %1 · convention %2 · input SHA-256 %3</footer>\n</body>\n</html>\n")
            .arg(esc(m.version), esc(conventionName(m.analysis.params.metrics.convention)), m.inputHash);
    return h;
}

} // namespace ts::ui

#include "render/montecarlo_report.h"

#include "charts/montecarlo_chart.h"
#include "charts/svg_text.h"

#include <cmath>

namespace ts::ui {
namespace {

QString percent(double v) {
    return std::isfinite(v) ? QString::number(v * 100, 'f', 2) + QLatin1Char('%') : QStringLiteral("-");
}
QString plain(double v) {
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("-");
}

} // namespace

QString monteCarloTitle(const ReportMonteCarlo& mc) {
    return QStringLiteral("Monte Carlo: %1, %2 simulations").arg(mc.subject.name).arg(mc.result.sims);
}

ReportTable monteCarloTable(const ReportMonteCarlo& mc) {
    const MonteCarloResult& r = mc.result;
    ReportTable t;
    t.title = QStringLiteral("Monte Carlo summary");
    t.header = {QString(),
                QStringLiteral("p5"),
                QStringLiteral("p25"),
                QStringLiteral("median"),
                QStringLiteral("p75"),
                QStringLiteral("p95"),
                QStringLiteral("mean")};
    auto row = [&](const QString& label, const DistributionSummary& s, QString (*fmt)(double)) {
        t.rows.push_back({{label, fmt(s.percentile5), fmt(s.percentile25), fmt(s.median), fmt(s.percentile75),
                           fmt(s.percentile95), fmt(s.mean)}});
    };
    row(QStringLiteral("Terminal return"), r.terminalStats, percent);
    row(QStringLiteral("CAGR"), r.cagrStats, percent);
    row(QStringLiteral("Max drawdown"), r.maxDrawdownStats, percent);
    row(QStringLiteral("Sharpe"), r.sharpeStats, plain);
    return t;
}

std::vector<QString> monteCarloNotes(const ReportMonteCarlo& mc) {
    const MonteCarloResult& r = mc.result;
    std::vector<QString> notes;
    QString method = QString::fromLatin1(monteCarloMethodName(r.method));
    if (r.blockLength)
        method =
            QStringLiteral("stationary block bootstrap (Politis & Romano), mean block length %1 (automatic, "
                           "Politis & White)")
                .arg(QString::number(*r.blockLength, 'f', 3));
    notes.push_back(QStringLiteral("%1 simulations of %2 periods (%3 … %4 resampled), method %5, seed %6 "
                                   "(reproducible bit for bit)")
                        .arg(r.sims)
                        .arg(r.horizonPeriods)
                        .arg(mc.subject.first, mc.subject.last, method)
                        .arg(r.seed));
    if (r.bust)
        notes.push_back(QStringLiteral("bust probability (max drawdown ≤ %1): %2")
                            .arg(percent(*r.bust), percent(*r.bustProbability)));
    if (r.goal)
        notes.push_back(QStringLiteral("goal probability (terminal return ≥ %1): %2")
                            .arg(percent(*r.goal), percent(*r.goalProbability)));
    notes.push_back(QStringLiteral("Sharpe 90% interval (5th to 95th percentile): %1 to %2")
                        .arg(plain(r.sharpeStats.percentile5), plain(r.sharpeStats.percentile95)));
    if (r.terminalFixedByConstruction) notes.push_back(fixedByConstructionNote());
    return notes;
}

QString monteCarloFigureHtml(const ReportMonteCarlo& mc) {
    const QString title = monteCarloTitle(mc);
    return QStringLiteral("<h2>%1</h2>\n<figure id=\"montecarlo\">%2</figure>\n")
        .arg(title.toHtmlEscaped(),
             QString::fromUtf8(svgForInlining(monteCarloFanSvg(mc.result, QSize(960, 420), title))));
}

QString monteCarloNotesHtml(const ReportMonteCarlo& mc) {
    QString h = QStringLiteral("<ul class=\"quality\">");
    for (const QString& n : monteCarloNotes(mc))
        h += QStringLiteral("<li>%1</li>").arg(n.toHtmlEscaped());
    return h + QStringLiteral("</ul>\n");
}

} // namespace ts::ui

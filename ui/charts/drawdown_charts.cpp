#include "charts/chart_builders.h"
#include "charts/chart_style.h"
#include "charts/tick_axes.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <algorithm>
#include <cmath>

namespace ts::ui {

QChart* drawdownPeriodsChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("%1 - Worst 5 Drawdown Periods").arg(d.names.front()));
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, true);
    std::vector<double> cum(d.cumulative.front().size());
    double lo = 0, hi = 0;
    for (std::size_t i = 0; i < cum.size(); ++i) {
        cum[i] = d.cumulative.front()[i] * 100;
        if (std::isfinite(cum[i])) {
            lo = std::min(lo, cum[i]);
            hi = std::max(hi, cum[i]);
        }
    }
    // The 5 longest episodes (Q23) shaded from start to end, under the curve.
    for (const auto& e : d.longestDrawdowns) {
        auto* upper = new QLineSeries;
        auto* lower = new QLineSeries;
        upper->append(chartX(e.start), hi);
        upper->append(chartX(e.end), hi);
        lower->append(chartX(e.start), lo);
        lower->append(chartX(e.end), lo);
        auto* band = new QAreaSeries(upper, lower);
        band->setColor(QColor(255, 0, 0, 26));
        band->setBorderColor(Qt::transparent);
        attach(c, band, x, y);
        markHelper(c, band);
    }
    attach(c, lineSeries(QStringLiteral("Backtest"), d.dates, cum, columnColor(d, 0)), x, y);
    y->setRange(lo, hi);
    return c;
}

QChart* underwaterChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("Underwater Plot"));
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, true);
    std::vector<double> dd(d.drawdown.size());
    double sum = 0;
    for (std::size_t i = 0; i < dd.size(); ++i) {
        dd[i] = d.drawdown[i] * 100;
        sum += dd[i];
    }
    auto* upper = lineSeries(QStringLiteral("Drawdown"), d.dates, dd, columnColor(d, 0), 1.0);
    auto* lower = new QLineSeries;
    for (const QPointF& p : upper->points())
        lower->append(p.x(), 0);
    auto* area = new QAreaSeries(upper, lower);
    area->setName(QStringLiteral("Drawdown"));
    QColor fill = columnColor(d, 0);
    fill.setAlphaF(0.25);
    area->setColor(fill);
    area->setBorderColor(columnColor(d, 0));
    attach(c, area, x, y);
    attach(c,
           levelLine(QStringLiteral("Average"), d.dates,
                     dd.empty() ? 0 : sum / static_cast<double>(dd.size()), Qt::red, true),
           x, y);
    return c;
}

} // namespace ts::ui

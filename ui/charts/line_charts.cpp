#include "charts/chart_builders.h"
#include "charts/chart_style.h"
#include "charts/tick_axes.h"

#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <cmath>

namespace ts::ui {
namespace {

std::vector<double> scaled(std::span<const double> v, double k, double add = 0) {
    std::vector<double> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        out[i] = (v[i] + add) * k;
    return out;
}

double meanOf(std::span<const double> v, bool nanAsZero) {
    double s = 0;
    std::size_t n = 0;
    for (double x : v) {
        if (std::isnan(x)) {
            if (!nanAsZero) continue;
            x = 0;
        }
        s += x;
        ++n;
    }
    return n ? s / static_cast<double>(n) : NAN;
}

bool isBenchmark(const ChartData& d, std::size_t c) {
    return d.hasBenchmark && c + 1 == d.cumulative.size();
}

// Strategy curves (and the benchmark) of per-column series, in percent.
QChart* perColumnChart(const QString& title, const ChartData& d, const std::vector<std::vector<double>>& cols,
                       bool percent) {
    QChart* c = newChart(title);
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, percent);
    // Benchmark first so the strategies draw over it, as QuantStats does.
    if (d.hasBenchmark)
        attach(c,
               lineSeries(d.names.back(), d.dates, scaled(cols.back(), percent ? 100 : 1),
                          columnColor(d, d.names.size() - 1)),
               x, y);
    for (std::size_t k = 0; k < cols.size(); ++k) {
        if (isBenchmark(d, k)) continue;
        attach(c, lineSeries(d.names[k], d.dates, scaled(cols[k], percent ? 100 : 1), columnColor(d, k)), x,
               y);
    }
    return c;
}

} // namespace

QChart* cumulativeReturnsChart(const ChartData& d, bool logScale) {
    const QString title = logScale ? QStringLiteral("Cumulative Returns%1 (Log Scaled)")
                                         .arg(d.hasBenchmark ? QStringLiteral(" vs Benchmark") : QString())
                                   : QStringLiteral("Cumulative Returns") +
                                         (d.hasBenchmark ? QStringLiteral(" vs Benchmark") : QString());
    if (!logScale) {
        QChart* c = perColumnChart(title, d, d.cumulative, true);
        auto* zero = levelLine(QStringLiteral("zero"), d.dates, 0, Qt::black, false);
        attach(c, zero, c->axes(Qt::Horizontal).first(), c->axes(Qt::Vertical).first());
        markHelper(c, zero);
        return c;
    }
    // Log scale of wealth (1 + cumulative return): equal ratios look equal.
    QChart* c = newChart(title);
    auto* x = addDateAxis(c, d.dates);
    auto* y = new QLogValueAxis;
    y->setLabelFormat(QStringLiteral("%.3g"));
    y->setLabelsFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    y->setBase(2); // ticks at every doubling
    y->setMinorTickCount(-1);
    y->setTitleText(QStringLiteral("growth of 1"));
    y->setTitleFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    c->addAxis(y, Qt::AlignLeft);
    auto add = [&](std::size_t k) {
        std::vector<double> wealth = scaled(d.cumulative[k], 1.0, 1.0);
        for (double& w : wealth)
            if (!(w > 0)) w = NAN; // a total loss has no logarithm
        auto* s = lineSeries(d.names[k], d.dates, wealth, columnColor(d, k));
        c->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    };
    if (d.hasBenchmark) add(d.cumulative.size() - 1);
    for (std::size_t k = 0; k < d.cumulative.size(); ++k)
        if (!isBenchmark(d, k)) add(k);
    return c;
}

QChart* volatilityMatchedChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("Cumulative Returns vs Benchmark (Volatility Matched)"));
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, true);
    attach(c,
           lineSeries(d.names.back(), d.dates, scaled(d.cumulative.back(), 100),
                      columnColor(d, d.names.size() - 1)),
           x, y);
    attach(c, lineSeries(d.names.front(), d.dates, scaled(d.volatilityMatched, 100), columnColor(d, 0)), x,
           y);
    return c;
}

QChart* dailyReturnsChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("Daily Returns (Cumulative Sum)"));
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, true);
    attach(c, lineSeries(d.names.front(), d.dates, scaled(d.dailyCumSum, 100), columnColor(d, 0), 1.0), x, y);
    return c;
}

QChart* rollingBetaChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("Rolling Beta to Benchmark"));
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, false);
    // QuantStats fills the warm-up with 0 before drawing and before its mean line (Q24).
    auto filled = [](const std::vector<double>& v) {
        std::vector<double> out(v);
        for (double& b : out)
            if (std::isnan(b)) b = 0;
        return out;
    };
    attach(c, lineSeries(QStringLiteral("6-Months"), d.dates, filled(d.rollingBeta6m), columnColor(d, 0)), x,
           y);
    attach(
        c,
        lineSeries(QStringLiteral("12-Months"), d.dates, filled(d.rollingBeta12m), QColor(0x88, 0x88, 0x88)),
        x, y);
    attach(c, levelLine(QStringLiteral("Average"), d.dates, meanOf(d.rollingBeta6m, true), Qt::red, true), x,
           y);
    return c;
}

QChart* rollingVolatilityChart(const ChartData& d) {
    QChart* c =
        perColumnChart(QStringLiteral("Rolling Volatility (6-Months)"), d, d.rollingVolatility, false);
    attach(c,
           levelLine(QStringLiteral("Average"), d.dates, meanOf(d.rollingVolatility.front(), false), Qt::red,
                     true),
           c->axes(Qt::Horizontal).first(), c->axes(Qt::Vertical).first());
    return c;
}

namespace {
QChart* singleRolling(const QString& title, const ChartData& d, const std::vector<double>& v) {
    QChart* c = newChart(title);
    auto* x = addDateAxis(c, d.dates);
    auto* y = addValueAxis(c, false);
    attach(c, lineSeries(d.names.front(), d.dates, v, columnColor(d, 0)), x, y);
    attach(c, levelLine(QStringLiteral("Average"), d.dates, meanOf(v, false), Qt::red, true), x, y);
    return c;
}
} // namespace

QChart* rollingSharpeChart(const ChartData& d) {
    return singleRolling(QStringLiteral("Rolling Sharpe (6-Months)"), d, d.rollingSharpe);
}
QChart* rollingSortinoChart(const ChartData& d) {
    return singleRolling(QStringLiteral("Rolling Sortino (6-Months)"), d, d.rollingSortino);
}

} // namespace ts::ui

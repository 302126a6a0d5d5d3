#include "charts/montecarlo_chart.h"

#include "charts/axis_ticks.h"
#include "charts/chart_painter.h"
#include "charts/chart_style.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace ts::ui {

void paintMonteCarloFan(QPainter& p, const QRectF& rect, const MonteCarloResult& r, const QString& title) {
    const MonteCarloPaths& paths = r.paths;
    p.save();
    p.fillRect(rect, Qt::white);
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(13);
    f.setBold(true);
    p.setFont(f);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, 20),
               Qt::AlignLeft | Qt::AlignVCenter, title);
    if (paths.periods.size() < 2) {
        p.restore();
        return;
    }
    const QRectF plot(rect.left() + 60, rect.top() + 32, rect.width() - 76, rect.height() - 62);
    const double years = paths.periods.back() / r.periods;
    double lo = 0, hi = 0;
    for (const auto* v : {&paths.percentiles[0], &paths.percentiles[4], &paths.original})
        for (double x : *v) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    // A wide fan (a volatile strategy over years: the 95th percentile a hundred times the 5th) is drawn
    // on a log scale of wealth, so the median and the observed path are not flattened against zero.
    const bool logScale = (1 + hi) / std::max(1 + lo, 1e-9) > 20;
    auto tf = [&](double v) { return logScale ? std::log10(std::max(1 + v, 1e-9)) : v; };
    struct Tick {
        double at; // in plotted units
        QString label;
    };
    std::vector<Tick> ticks;
    double y0 = 0, y1 = 0;
    if (logScale) {
        const int e0 = static_cast<int>(std::floor(std::log10(1 + lo))),
                  e1 = static_cast<int>(std::ceil(std::log10(1 + hi)));
        y0 = e0;
        y1 = e1;
        for (int e = e0; e <= e1; ++e)
            for (double m : {1.0, 2.0, 5.0}) {
                const double w = m * std::pow(10.0, e);
                if (std::log10(w) > y1 + 1e-12) break;
                if (e1 - e0 > 3 && m != 1.0) continue; // decades only when there are many
                ticks.push_back({std::log10(w), QStringLiteral("\u00D7") + QString::number(w, 'g', 6)});
            }
    } else {
        // Ticks in percent (valueLabel prints the number as it is). A cumulative return is never below
        // -100%: the axis starts just below the lowest path, not at a round tick far under it.
        const ValueTicks yt = valueTicks(lo * 100, hi * 100, 6);
        y0 = std::max(yt.values.front() / 100, std::floor(lo * 10) / 10);
        y1 = yt.values.back() / 100;
        for (double tick : yt.values)
            if (tick / 100 >= y0 - 1e-12) ticks.push_back({tick / 100, valueLabel(tick, yt.step, true)});
    }
    const ValueTicks xt = valueTicks(0, years, 10);
    auto px = [&](int period) { return plot.left() + plot.width() * (period / r.periods) / years; };
    auto py = [&](double v) { return plot.bottom() - plot.height() * (tf(v) - y0) / (y1 - y0); };
    auto pyAt = [&](double at) { return plot.bottom() - plot.height() * (at - y0) / (y1 - y0); };

    f.setPixelSize(11);
    f.setBold(false);
    p.setFont(f);
    for (const Tick& t : ticks) {
        const bool base = logScale ? std::abs(t.at) < 1e-12 : t.at == 0;
        p.setPen(QPen(QColor(0xE5, 0xE5, 0xE5), base ? 1.5 : 0.8));
        p.drawLine(QPointF(plot.left(), pyAt(t.at)), QPointF(plot.right(), pyAt(t.at)));
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(QRectF(rect.left(), pyAt(t.at) - 8, 56, 16), Qt::AlignRight | Qt::AlignVCenter, t.label);
    }
    if (logScale)
        p.drawText(QRectF(plot.left(), plot.bottom() + 18, plot.width(), 14),
                   Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("growth of 1, log scale"));
    for (double v : xt.values) {
        if (v > years * (1 + 1e-9)) continue;
        const double x = plot.left() + plot.width() * v / years;
        p.drawText(QRectF(x - 30, plot.bottom() + 4, 60, 16), Qt::AlignHCenter | Qt::AlignTop,
                   valueLabel(v, xt.step, false) + QLatin1Char('y'));
    }

    const QColor accent = seriesColor(0, false);
    auto band = [&](const std::vector<double>& low, const std::vector<double>& high, int alpha) {
        QPainterPath path;
        path.moveTo(px(paths.periods[0]), py(high[0]));
        for (std::size_t k = 1; k < high.size(); ++k)
            path.lineTo(px(paths.periods[k]), py(high[k]));
        for (std::size_t k = low.size(); k-- > 0;)
            path.lineTo(px(paths.periods[k]), py(low[k]));
        path.closeSubpath();
        QColor c = accent;
        c.setAlpha(alpha);
        p.fillPath(path, c);
    };
    auto line = [&](const std::vector<double>& v, QColor c, double width) {
        QPainterPath path;
        path.moveTo(px(paths.periods[0]), py(v[0]));
        for (std::size_t k = 1; k < v.size(); ++k)
            path.lineTo(px(paths.periods[k]), py(v[k]));
        p.strokePath(path, QPen(c, width));
    };
    p.setRenderHint(QPainter::Antialiasing);
    band(paths.percentiles[0], paths.percentiles[4], 50);
    band(paths.percentiles[1], paths.percentiles[3], 90);
    line(paths.percentiles[2], accent.darker(130), 2);
    const QColor observed(0xE2, 0x4A, 0x33);
    if (paths.original.size() >= 2) line(paths.original, observed, 1.5);

    // Legend, top left inside the plot.
    const struct {
        QString label;
        QColor color;
        bool fill;
    } items[] = {{QStringLiteral("5–95%"), QColor(accent.red(), accent.green(), accent.blue(), 50), true},
                 {QStringLiteral("25–75%"), QColor(accent.red(), accent.green(), accent.blue(), 140), true},
                 {QStringLiteral("median"), accent.darker(130), false},
                 {QStringLiteral("observed"), observed, false}};
    double x = plot.left() + 8;
    const double y = plot.top() + 6;
    p.setPen(QColor(0x33, 0x33, 0x33));
    for (const auto& it : items) {
        if (it.fill)
            p.fillRect(QRectF(x, y + 2, 16, 9), it.color);
        else
            p.fillRect(QRectF(x, y + 5, 16, 2.5), it.color);
        p.drawText(QRectF(x + 20, y, 90, 14), Qt::AlignLeft | Qt::AlignVCenter, it.label);
        x += 28 + p.fontMetrics().horizontalAdvance(it.label);
    }
    p.restore();
}

QByteArray monteCarloFanSvg(const MonteCarloResult& r, QSize size, const QString& title) {
    return paintedSvg(size, title,
                      [&](QPainter& p, const QRectF& rect) { paintMonteCarloFan(p, rect, r, title); });
}

} // namespace ts::ui

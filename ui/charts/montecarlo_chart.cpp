#include "charts/montecarlo_chart.h"

#include "charts/axis_ticks.h"
#include "charts/chart_style.h"
#include "charts/svg_text.h"

#include <QBuffer>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>
#include <algorithm>

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
    // Ticks in percent (valueLabel prints the number as it is); the x axis ends at the horizon.
    const ValueTicks yt = valueTicks(lo * 100, hi * 100, 6);
    // A cumulative return is never below -100%: with a large step the first tick would sit far
    // under the data (-500% for a fan reaching +1,300%), so the axis starts just below the lowest path.
    const double y0 = std::max(yt.values.front() / 100, std::floor(lo * 10) / 10), y1 = yt.values.back() / 100;
    const ValueTicks xt = valueTicks(0, years, 10);
    auto px = [&](int period) { return plot.left() + plot.width() * (period / r.periods) / years; };
    auto py = [&](double v) { return plot.bottom() - plot.height() * (v - y0) / (y1 - y0); };

    f.setPixelSize(11);
    f.setBold(false);
    p.setFont(f);
    for (double tick : yt.values) {
        const double v = tick / 100;
        if (v < y0 - 1e-12) continue;
        p.setPen(QPen(QColor(0xE5, 0xE5, 0xE5), tick == 0 ? 1.5 : 0.8));
        p.drawLine(QPointF(plot.left(), py(v)), QPointF(plot.right(), py(v)));
        p.setPen(QColor(0x55, 0x55, 0x55));
        p.drawText(QRectF(rect.left(), py(v) - 8, 56, 16), Qt::AlignRight | Qt::AlignVCenter,
                   valueLabel(tick, yt.step, true));
    }
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
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buf);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setResolution(96);
    gen.setTitle(title.toHtmlEscaped()); // written verbatim: the title holds a strategy name
    {
        QPainter p(&gen);
        paintMonteCarloFan(p, QRectF(QPointF(0, 0), QSizeF(size)), r, title);
    }
    return dropEmptyGroups(buf.data());
}

} // namespace ts::ui

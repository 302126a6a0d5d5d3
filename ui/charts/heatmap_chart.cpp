#include "charts/heatmap_chart.h"

#include "charts/chart_catalog.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace ts::ui {
namespace {
constexpr double kTitle = 28, kHeader = 16, kRow = 14;

QColor cellColor(double v, double scale) {
    // Diverging: red for losses, green for gains, white at zero (RdYlGn-like, capped at `scale`).
    const double t = std::clamp(v / scale, -1.0, 1.0);
    const QColor neg(0xD7, 0x30, 0x27), pos(0x1A, 0x98, 0x50), mid(0xFF, 0xFF, 0xFF);
    const QColor& end = t < 0 ? neg : pos;
    const double a = std::abs(t);
    return QColor::fromRgbF(mid.redF() + (end.redF() - mid.redF()) * a,
                            mid.greenF() + (end.greenF() - mid.greenF()) * a,
                            mid.blueF() + (end.blueF() - mid.blueF()) * a);
}
} // namespace

double heatmapHeight(const ChartData& d, double) {
    return kTitle + kHeader + kRow * static_cast<double>(d.heatmap.size()) + 8;
}

void paintMonthlyHeatmap(QPainter& p, const QRectF& rect, const ChartData& d) {
    p.save();
    p.fillRect(rect, Qt::white);
    QFont title(QStringLiteral("DejaVu Sans"), 11);
    title.setBold(true);
    p.setFont(title);
    p.setPen(Qt::black);
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), kTitle), Qt::AlignCenter,
               chartTitle(ChartId::MonthlyHeatmap, d));
    const double labelW = 40;
    const double cellW = (rect.width() - labelW - 4) / 13.0; // 12 months + EOY
    const double rowH = std::min(kRow, (rect.height() - kTitle - kHeader) /
                                           std::max<double>(1, static_cast<double>(d.heatmap.size())));
    QFont small(QStringLiteral("DejaVu Sans"), 6);
    p.setFont(small);
    static const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
                                   "AUG", "SEP", "OCT", "NOV", "DEC", "EOY"};
    const double top = rect.top() + kTitle;
    for (int m = 0; m < 13; ++m)
        p.drawText(QRectF(rect.left() + labelW + m * cellW, top, cellW, kHeader), Qt::AlignCenter,
                   QString::fromLatin1(months[m]));
    double scale = 1e-9;
    for (const auto& row : d.heatmap)
        for (double v : row.months)
            scale = std::max(scale, std::abs(v));
    for (std::size_t i = 0; i < d.heatmap.size(); ++i) {
        const auto& row = d.heatmap[i];
        const double y = top + kHeader + static_cast<double>(i) * rowH;
        p.setPen(Qt::black);
        p.drawText(QRectF(rect.left(), y, labelW - 4, rowH), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(row.year));
        for (int m = 0; m < 13; ++m) {
            const double v = m < 12 ? row.months[m] : row.eoy;
            const QRectF cell(rect.left() + labelW + m * cellW, y, cellW, rowH);
            p.fillRect(cell.adjusted(0.5, 0.5, -0.5, -0.5),
                       cellColor(v, m < 12 ? scale : std::max(scale, std::abs(v))));
            p.setPen(std::abs(v) / scale > 0.7 ? Qt::white : Qt::black);
            p.drawText(cell, Qt::AlignCenter, QString::number(v * 100, 'f', 2));
        }
    }
    p.restore();
}

} // namespace ts::ui

#include "charts/chart_painter.h"

#include "charts/heatmap_chart.h"

#include <QBuffer>
#include <QChart>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>
#include <QValueAxis>
#include <memory>

namespace ts::ui {

void paintChart(QPainter& p, const QRectF& rect, ChartId id, const ChartData& d) {
    if (id == ChartId::MonthlyHeatmap) {
        paintMonthlyHeatmap(p, rect, d);
        return;
    }
    QGraphicsScene scene;
    QChart* chart = buildChart(id, d);
    // Round axis ends and steps (0%, 100%, 200% rather than 93%, 186%).
    for (QAbstractAxis* axis : chart->axes(Qt::Vertical))
        if (auto* v = qobject_cast<QValueAxis*>(axis)) v->applyNiceNumbers();
    scene.addItem(chart); // the scene owns it
    chart->setGeometry(QRectF(QPointF(0, 0), rect.size()));
    scene.setSceneRect(QRectF(QPointF(0, 0), rect.size()));
    scene.render(&p, rect, scene.sceneRect());
}

double chartHeight(ChartId id, const ChartData& d, double width) {
    if (id == ChartId::MonthlyHeatmap) return heatmapHeight(d, width);
    return width * 0.5;
}

QImage chartImage(ChartId id, const ChartData& d, QSize size, qreal dpr) {
    QImage img(size * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)), id, d);
    return img;
}

QByteArray chartSvg(ChartId id, const ChartData& d, QSize size, const QString& title) {
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buf);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setResolution(96); // 1 px = 1 px
    gen.setTitle(title.isEmpty() ? chartTitle(id, d) : title);
    {
        QPainter p(&gen);
        p.setRenderHint(QPainter::Antialiasing);
        paintChart(p, QRectF(QPointF(0, 0), QSizeF(size)), id, d);
    }
    return buf.data();
}

} // namespace ts::ui

#include "charts/chart_painter.h"

#include "charts/axis_ticks.h"
#include "charts/heatmap_chart.h"
#include "charts/svg_text.h"
#include "charts/tick_axes.h"

#include <QAreaSeries>
#include <QBarSeries>
#include <QBarSet>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QBuffer>
#include <QChart>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QSvgGenerator>
#include <QValueAxis>
#include <QXYSeries>
#include <cmath>
#include <memory>

namespace ts::ui {

// The vertical range from every value drawn (a chart that is never shown does not always merge
// its series' domains), widened to the round ticks around it: 0%, 100%, 200% rather than 93%, 186%.
void fitVerticalAxis(QChart* chart) {
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    auto take = [&](double v) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    };
    for (QAbstractSeries* s : chart->series()) {
        if (auto* xy = qobject_cast<QXYSeries*>(s))
            for (const QPointF& pt : xy->points())
                take(pt.y());
        else if (auto* area = qobject_cast<QAreaSeries*>(s)) {
            for (const QPointF& pt : area->upperSeries()->points())
                take(pt.y());
            if (area->lowerSeries())
                for (const QPointF& pt : area->lowerSeries()->points())
                    take(pt.y());
        } else if (auto* bars = qobject_cast<QBarSeries*>(s)) {
            take(0);
            for (QBarSet* set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    take(set->at(i));
        } else if (auto* box = qobject_cast<QBoxPlotSeries*>(s)) {
            for (QBoxSet* set : box->boxSets())
                for (int i = 0; i < 5; ++i)
                    take(set->at(i));
        }
    }
    if (!(hi >= lo)) return;
    if (hi == lo) {
        lo -= 1;
        hi += 1;
    }
    for (QAbstractAxis* axis : chart->axes(Qt::Vertical)) {
        if (auto* v = qobject_cast<RoundValueAxis*>(axis)) {
            const ValueTicks t = valueTicks(lo, hi, v->maxTicks());
            v->setRange(t.values.front(), t.values.back());
        } else if (auto* v = qobject_cast<QValueAxis*>(axis)) {
            v->setRange(lo, hi);
            v->applyNiceNumbers();
        } else if (auto* l = qobject_cast<QLogValueAxis*>(axis)) {
            l->setRange(std::max(lo, 1e-6) * 0.95, hi * 1.05);
        }
    }
}

void paintChart(QPainter& p, const QRectF& rect, ChartId id, const ChartData& d) {
    if (id == ChartId::MonthlyHeatmap) {
        paintMonthlyHeatmap(p, rect, d);
        return;
    }
    QGraphicsScene scene;
    QChart* chart = buildChart(id, d);
    fitVerticalAxis(chart);
    scene.addItem(chart); // the scene owns it
    chart->setGeometry(QRectF(QPointF(0, 0), rect.size()));
    scene.setSceneRect(QRectF(QPointF(0, 0), rect.size()));
    scene.render(&p, rect, scene.sceneRect());
}

double chartHeight(ChartId id, const ChartData& d, double width) {
    if (id == ChartId::MonthlyHeatmap) return heatmapHeight(d, width);
    return width * 0.42;
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

QByteArray paintedSvg(QSize size, const QString& title,
                      const std::function<void(QPainter&, const QRectF&)>& paint) {
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&buf);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setResolution(96); // 1 px = 1 px
    // QSvgGenerator writes the title verbatim: escape what users typed (strategy names).
    gen.setTitle(title.toHtmlEscaped());
    {
        QPainter p(&gen);
        paint(p, QRectF(QPointF(0, 0), QSizeF(size)));
    }
    // QSvgGenerator opens a group for every painter state change, most of them empty: drop those
    // (a 40-year report shrinks several-fold) and the blank lines they leave.
    return dropEmptyGroups(buf.data());
}

QByteArray chartSvg(ChartId id, const ChartData& d, QSize size, const QString& title) {
    return paintedSvg(size, title.isEmpty() ? chartTitle(id, d) : title,
                      [&](QPainter& p, const QRectF& rect) {
                          p.setRenderHint(QPainter::Antialiasing);
                          paintChart(p, rect, id, d);
                      });
}

} // namespace ts::ui

#include "widgets/chart_view.h"

#include "charts/chart_painter.h"
#include "charts/chart_style.h"
#include "charts/tick_axes.h"

#include <QAreaSeries>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QSaveFile>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>

namespace ts::ui {
namespace {

// The x of a point as its axis shows it: the day on date axes.
QString xText(QXYSeries* s, double x) {
    if (qobject_cast<const CalendarAxis*>(s->attachedAxes().value(0)))
        return dateFromChartX(x).toString(Qt::ISODate);
    return QString::number(x);
}

// "name: value" in the unit of the series' value axis ("12.34%" on percent axes).
QString valueText(QXYSeries* s, double y) {
    for (const QAbstractAxis* a : s->attachedAxes())
        if (auto* v = qobject_cast<const RoundValueAxis*>(a))
            return QStringLiteral("%1: %2").arg(s->name(), v->valueText(y));
    return QStringLiteral("%1: %2").arg(s->name()).arg(y, 0, 'f', 2);
}

} // namespace

ChartView::ChartView(ChartId id, const ChartData& data, QWidget* parent)
    : QChartView(parent)
    , m_id(id) {
    QChart* c = buildChart(id, data);
    fitVerticalAxis(c);
    setChart(c);
    m_backgroundPen = c->backgroundPen();
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMinimumHeight(320);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    for (QLegendMarker* m : c->legend()->markers())
        connect(m, &QLegendMarker::clicked, this, [m] {
            m->series()->setVisible(!m->series()->isVisible());
            m->setVisible(true);
            QFont f = m->font();
            f.setStrikeOut(!m->series()->isVisible());
            m->setFont(f);
        });
    for (QAbstractSeries* s : c->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s); xy && !isHelper(xy))
            connect(xy, &QXYSeries::hovered, this, [this, xy](const QPointF& p, bool state) {
                if (!state) return QToolTip::hideText();
                QToolTip::showText(QCursor::pos(),
                                   xText(xy, p.x()) + QLatin1Char('\n') + valueText(xy, p.y()), this);
            });
    // As many date labels as the plot's width holds, so they never crowd each other out.
    if (auto* x = qobject_cast<CalendarAxis*>(c->axes(Qt::Horizontal).value(0)))
        connect(c, &QChart::plotAreaChanged, x, [x](const QRectF& plot) {
            x->setMaxTicks(std::clamp(static_cast<int>(plot.width() / 70), 2, 12));
        });
}

void ChartView::focusInEvent(QFocusEvent* e) {
    // A focus frame: the keys act on this chart.
    chart()->setBackgroundPen(QPen(palette().color(QPalette::Highlight), 2));
    QChartView::focusInEvent(e);
}

void ChartView::focusOutEvent(QFocusEvent* e) {
    chart()->setBackgroundPen(m_backgroundPen);
    QChartView::focusOutEvent(e);
}

void ChartView::contextMenuEvent(QContextMenuEvent* e) {
    QMenu menu(this);
    menu.addAction(tr("Reset zoom"), this, [this] { chart()->zoomReset(); });
    if (m_report) {
        menu.addAction(tr("Save as PNG…"), this, [this] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Save chart"), QString::fromLatin1(findChartKey(m_id)) + QStringLiteral(".png"),
                tr("PNG (*.png)"));
            const ChartData& d = m_report->analysis.chart;
            if (!path.isEmpty())
                chartImage(m_id, d, QSize(1000, static_cast<int>(chartHeight(m_id, d, 1000))), 2.0)
                    .save(path, "PNG");
        });
        menu.addAction(tr("Save as SVG…"), this, [this] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Save chart"), QString::fromLatin1(findChartKey(m_id)) + QStringLiteral(".svg"),
                tr("SVG (*.svg)"));
            const ChartData& d = m_report->analysis.chart;
            QSaveFile f(path);
            if (!path.isEmpty() && f.open(QIODevice::WriteOnly)) {
                f.write(chartSvg(m_id, d, QSize(1000, static_cast<int>(chartHeight(m_id, d, 1000)))));
                f.commit();
            }
        });
    }
    menu.exec(e->globalPos());
}

void ChartView::mouseMoveEvent(QMouseEvent* e) {
    QChartView::mouseMoveEvent(e);
    const QPointF scenePos = mapToScene(e->position().toPoint());
    const QRectF plot = chart()->plotArea();
    const bool inside = plot.contains(chart()->mapFromScene(scenePos));
    if (!m_crossV) {
        m_crossV = scene()->addLine(QLineF(), QPen(QColor(0x88, 0x88, 0x88), 0.8, Qt::DashLine));
        m_crossText = scene()->addSimpleText(QString());
        m_crossText->setBrush(QColor(0x22, 0x22, 0x22));
        m_crossV->setZValue(20);
        m_crossText->setZValue(21);
    }
    m_crossV->setVisible(inside);
    m_crossText->setVisible(inside);
    if (!inside) return;
    const QPointF local = chart()->mapFromScene(scenePos);
    const QPointF top = chart()->mapToScene(QPointF(local.x(), plot.top())),
                  bottom = chart()->mapToScene(QPointF(local.x(), plot.bottom()));
    m_crossV->setLine(QLineF(top, bottom));
    // The value of each visible line at the cursor's x (nearest point).
    QStringList lines;
    for (QAbstractSeries* s : chart()->series()) {
        auto* xy = qobject_cast<QXYSeries*>(s);
        if (!xy || !xy->isVisible() || xy->count() < 2 || xy->name().isEmpty() || isHelper(xy)) continue;
        const double x = chart()->mapToValue(local, xy).x();
        const auto pts = xy->points();
        auto it =
            std::lower_bound(pts.begin(), pts.end(), x, [](const QPointF& p, double v) { return p.x() < v; });
        if (it == pts.end()) --it;
        if (lines.isEmpty()) lines << xText(xy, it->x());
        lines << valueText(xy, it->y());
    }
    m_crossText->setText(lines.join(QLatin1Char('\n')));
    const QRectF box = m_crossText->boundingRect();
    const bool right = top.x() + 8 + box.width() < chart()->mapToScene(plot.topRight()).x();
    m_crossText->setPos(right ? top.x() + 8 : top.x() - 8 - box.width(), top.y() + 4);
}

QString ChartView::crosshairText() const {
    return m_crossText && m_crossText->isVisible() ? m_crossText->text() : QString();
}

void ChartView::leaveEvent(QEvent* e) {
    if (m_crossV) {
        m_crossV->hide();
        m_crossText->hide();
    }
    QChartView::leaveEvent(e);
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* e) {
    chart()->zoomReset();
    QChartView::mouseDoubleClickEvent(e);
}

void ChartView::keyPressEvent(QKeyEvent* e) {
    const qreal step = 40;
    switch (e->key()) {
    case Qt::Key_Left:
        chart()->scroll(-step, 0);
        break;
    case Qt::Key_Right:
        chart()->scroll(step, 0);
        break;
    case Qt::Key_Up:
        chart()->scroll(0, step);
        break;
    case Qt::Key_Down:
        chart()->scroll(0, -step);
        break;
    case Qt::Key_Plus:
        chart()->zoomIn();
        break;
    case Qt::Key_Minus:
        chart()->zoomOut();
        break;
    case Qt::Key_0:
        chart()->zoomReset();
        break;
    default:
        QChartView::keyPressEvent(e);
        return;
    }
    e->accept();
}

void ChartView::wheelEvent(QWheelEvent* e) {
    if (!(e->modifiers() & Qt::ControlModifier)) {
        e->ignore(); // the page scrolls
        return;
    }
    // Dates only, around the cursor: the curve under it stays in view.
    const QRectF plot = chart()->plotArea();
    const double f = e->angleDelta().y() > 0 ? 0.8 : 1.25;
    const double at =
        std::clamp(chart()->mapFromScene(mapToScene(e->position().toPoint())).x(), plot.left(), plot.right());
    chart()->zoomIn(QRectF(at - (at - plot.left()) * f, plot.top(), plot.width() * f, plot.height()));
    e->accept();
}

void ChartView::highlight(const QDate& from, const QDate& to) {
    if (m_highlight) {
        chart()->removeSeries(m_highlight);
        delete m_highlight;
        m_highlight = nullptr;
    }
    if (!from.isValid() || !to.isValid()) return;
    auto* y = qobject_cast<QValueAxis*>(chart()->axes(Qt::Vertical).value(0));
    QAbstractAxis* x = chart()->axes(Qt::Horizontal).value(0);
    if (!y || !x) return;
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    upper->append(chartX(from), y->max());
    upper->append(chartX(to), y->max());
    lower->append(chartX(from), y->min());
    lower->append(chartX(to), y->min());
    auto* band = new QAreaSeries(upper, lower);
    band->setName(tr("selected drawdown"));
    band->setColor(QColor(220, 40, 40, 50));
    band->setBorderColor(Qt::transparent);
    attach(chart(), band, x, y);
    markHelper(chart(), band);
    m_highlight = band;
}

} // namespace ts::ui

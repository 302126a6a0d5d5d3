#include "widgets/chart_view.h"

#include "charts/chart_painter.h"
#include "charts/chart_style.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

namespace ts::ui {

ChartView::ChartView(ChartId id, const ChartData& data, QWidget* parent)
    : QChartView(parent)
    , m_id(id) {
    QChart* c = buildChart(id, data);
    fitVerticalAxis(c);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMinimumHeight(320);
    for (QLegendMarker* m : c->legend()->markers())
        connect(m, &QLegendMarker::clicked, this, [m] {
            m->series()->setVisible(!m->series()->isVisible());
            m->setVisible(true);
            QFont f = m->font();
            f.setStrikeOut(!m->series()->isVisible());
            m->setFont(f);
        });
    for (QAbstractSeries* s : c->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s))
            connect(xy, &QXYSeries::hovered, this, [this, xy](const QPointF& p, bool state) {
                if (!state) return QToolTip::hideText();
                const QAbstractAxis* x = xy->attachedAxes().value(0);
                const QString when = x && x->type() == QAbstractAxis::AxisTypeDateTime
                                         ? QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(p.x()), Qt::UTC)
                                               .date()
                                               .toString(Qt::ISODate)
                                         : QString::number(p.x());
                QToolTip::showText(QCursor::pos(),
                                   QStringLiteral("%1\n%2: %3").arg(xy->name(), when).arg(p.y(), 0, 'f', 2),
                                   this);
            });
}

void ChartView::mouseDoubleClickEvent(QMouseEvent* e) {
    chart()->zoomReset();
    QChartView::mouseDoubleClickEvent(e);
}

void ChartView::wheelEvent(QWheelEvent* e) {
    chart()->zoom(e->angleDelta().y() > 0 ? 1.25 : 0.8);
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
    chart()->addSeries(band);
    band->attachAxis(x);
    band->attachAxis(y);
    m_highlight = band;
}

} // namespace ts::ui

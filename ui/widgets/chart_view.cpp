#include "widgets/chart_view.h"

#include "charts/chart_painter.h"
#include "charts/chart_style.h"

#include <QAreaSeries>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QFileDialog>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QSaveFile>
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
    setFocusPolicy(Qt::StrongFocus);
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

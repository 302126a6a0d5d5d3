#pragma once
// Draws any tearsheet chart onto a QPainter (a PDF page, an SVG generator, an image), and the
// PNG/SVG of a single chart. Needs a QApplication (QtCharts does), offscreen is fine.

#include "charts/chart_catalog.h"

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <functional>

class QPainter;
class QChart;

namespace ts::ui {

void paintChart(QPainter& p, const QRectF& rect, ChartId id, const ChartData& d);
QImage chartImage(ChartId id, const ChartData& d, QSize size, qreal devicePixelRatio = 1.0);
// SVG document of the chart; `inlineable` strips the XML prologue and namespaces' URLs are kept
// only where SVG requires them.
QByteArray chartSvg(ChartId id, const ChartData& d, QSize size, const QString& title = {});
// Whatever `paint` draws into a rect of `size`, as compact SVG (empty groups dropped) with `title`,
// escaped here: every SVG chart is made this way.
QByteArray paintedSvg(QSize size, const QString& title,
                      const std::function<void(QPainter&, const QRectF&)>& paint);
// Height a chart wants at `width` (the heatmap grows with the years).
double chartHeight(ChartId id, const ChartData& d, double width);
// Sets every vertical axis to the range of the values drawn, with round steps.
void fitVerticalAxis(QChart* chart);

} // namespace ts::ui

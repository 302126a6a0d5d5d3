#pragma once
// The Monte Carlo fan chart: the 5-95% and 25-75% bands of the simulated cumulative return, the
// median path and the observed path, over years from the start. Painted directly (no QtCharts): a
// fan is two filled bands and two lines.

#include "analytics/montecarlo.h"

#include <QByteArray>
#include <QRectF>
#include <QSize>

class QPainter;

namespace ts::ui {

void paintMonteCarloFan(QPainter& p, const QRectF& rect, const MonteCarloResult& r, const QString& title);
QByteArray monteCarloFanSvg(const MonteCarloResult& r, QSize size, const QString& title);

} // namespace ts::ui

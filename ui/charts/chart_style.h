#pragma once
// What every tearsheet chart shares: QuantStats' palette, fonts, axes and series helpers. Long
// curves are reduced to about the drawing's width with largest-triangle-three-buckets (the shape,
// peaks included, stays the same) so a 40-year chart stays light in SVG and PDF.

#include "analytics/chart_data.h"

#include <QColor>
#include <QDate>
#include <QString>
#include <span>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QLineSeries;

namespace ts::ui {

QColor seriesColor(std::size_t column, bool benchmark); // #348DC1 strategy, #FEDD78 benchmark, then more
// A column's colour: the one the user chose (ChartData::colors), else the palette's.
QColor columnColor(const ChartData& d, std::size_t column);
QChart* newChart(const QString& title);
class CalendarAxis;
class RoundValueAxis;
CalendarAxis* addDateAxis(QChart* chart, const std::vector<QDate>& dates);
// Percent labels when `percent` (values are percent points).
RoundValueAxis* addValueAxis(QChart* chart, bool percent);
// A line of (date, value) with NaN gaps skipped, reduced to at most `maxPoints`.
QLineSeries* lineSeries(const QString& name, const std::vector<QDate>& dates, std::span<const double> values,
                        QColor color, double width = 1.5, int maxPoints = 1200);
// A horizontal reference line across the date range (mean lines, zero line).
QLineSeries* levelLine(const QString& name, const std::vector<QDate>& dates, double level, QColor color,
                       bool dashed);
void attach(QChart* chart, QAbstractSeries* s, QAbstractAxis* x, QAbstractAxis* y);
// A series drawn only to help the eye (the zero line, shaded spans): no legend entry, and hover
// and crosshair leave it out. Call after the series is in `chart`.
void markHelper(QChart* chart, QAbstractSeries* s);
bool isHelper(const QAbstractSeries* s);
// A date as the x value of a date axis: noon UTC, so every time zone labels it with the same day,
// computed from the Julian day (QDateTime's local-time conversion is slow on 10,000 points).
double chartX(const QDate& d);
QDate dateFromChartX(double x); // the day whose chartX is nearest

// Indices kept by largest-triangle-three-buckets over (x, y); NaNs are kept out.
std::vector<std::size_t> downsample(std::span<const double> x, std::span<const double> y,
                                    std::size_t maxPoints);

} // namespace ts::ui

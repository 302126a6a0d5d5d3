#include "charts/chart_style.h"

#include "charts/tick_axes.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <cmath>

namespace ts::ui {
namespace {
constexpr qint64 kUnixEpochJulianDay = 2440588;
constexpr double kDayMs = 86'400'000.0;
constexpr char kHelperProperty[] = "tearsheetHelper";
} // namespace

double chartX(const QDate& d) {
    return static_cast<double>(d.toJulianDay() - kUnixEpochJulianDay) * kDayMs + kDayMs / 2;
}

QDate dateFromChartX(double x) {
    return QDate::fromJulianDay(kUnixEpochJulianDay + static_cast<qint64>(std::floor(x / kDayMs)));
}

QColor seriesColor(std::size_t column, bool benchmark) {
    if (benchmark) return QColor(0xFE, 0xDD, 0x78);
    static const QColor palette[] = {QColor(0x34, 0x8D, 0xC1), QColor(0xBA, 0x51, 0x6B),
                                     QColor(0x4F, 0xA4, 0x87), QColor(0x9B, 0x59, 0xB6),
                                     QColor(0xE6, 0x7E, 0x22), QColor(0x34, 0x49, 0x5E)};
    return palette[column % std::size(palette)];
}

QColor columnColor(const ChartData& d, std::size_t column) {
    if (column < d.colors.size() && QColor::isValidColorName(d.colors[column]))
        return QColor::fromString(d.colors[column]);
    const bool bench = d.hasBenchmark && column + 1 == d.names.size();
    return seriesColor(column, bench);
}

QChart* newChart(const QString& title) {
    auto* c = new QChart;
    c->setTitle(title);
    QFont f(QStringLiteral("DejaVu Sans"), 11);
    f.setBold(true);
    c->setTitleFont(f);
    c->legend()->setFont(QFont(QStringLiteral("DejaVu Sans"), 8));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setBackgroundRoundness(0);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->setAnimationOptions(QChart::NoAnimation);
    return c;
}

CalendarAxis* addDateAxis(QChart* chart, const std::vector<QDate>& dates) {
    auto* x = new CalendarAxis;
    chart->addAxis(x, Qt::AlignBottom);
    if (!dates.empty()) x->setRange(chartX(dates.front()), chartX(dates.back()));
    return x;
}

RoundValueAxis* addValueAxis(QChart* chart, bool percent) {
    auto* y = new RoundValueAxis(percent);
    chart->addAxis(y, Qt::AlignLeft);
    return y;
}

std::vector<std::size_t> downsample(std::span<const double> x, std::span<const double> y,
                                    std::size_t maxPoints) {
    std::vector<std::size_t> valid;
    valid.reserve(y.size());
    for (std::size_t i = 0; i < y.size(); ++i)
        if (std::isfinite(y[i])) valid.push_back(i);
    if (valid.size() <= maxPoints || maxPoints < 3) return valid;
    std::vector<std::size_t> out;
    out.reserve(maxPoints);
    out.push_back(valid.front());
    const double every = static_cast<double>(valid.size() - 2) / static_cast<double>(maxPoints - 2);
    std::size_t a = 0; // index into valid of the last kept point
    for (std::size_t i = 0; i < maxPoints - 2; ++i) {
        // The next bucket's average is the third corner of the triangle.
        const auto nextStart = static_cast<std::size_t>(std::floor((i + 1) * every)) + 1;
        const auto nextEnd =
            std::min(valid.size(), static_cast<std::size_t>(std::floor((i + 2) * every)) + 1);
        double ax = 0, ay = 0;
        for (std::size_t j = nextStart; j < nextEnd; ++j) {
            ax += x[valid[j]];
            ay += y[valid[j]];
        }
        const double cnt = std::max<double>(1, static_cast<double>(nextEnd - nextStart));
        ax /= cnt;
        ay /= cnt;
        const auto start = static_cast<std::size_t>(std::floor(i * every)) + 1;
        const auto end = static_cast<std::size_t>(std::floor((i + 1) * every)) + 1;
        double best = -1;
        std::size_t pick = start;
        const double px = x[valid[a]], py = y[valid[a]];
        for (std::size_t j = start; j < end && j < valid.size(); ++j) {
            const double area = std::abs((px - ax) * (y[valid[j]] - py) - (px - x[valid[j]]) * (ay - py));
            if (area > best) {
                best = area;
                pick = j;
            }
        }
        out.push_back(valid[pick]);
        a = pick;
    }
    out.push_back(valid.back());
    return out;
}

QLineSeries* lineSeries(const QString& name, const std::vector<QDate>& dates, std::span<const double> values,
                        QColor color, double width, int maxPoints) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(width);
    s->setPen(pen);
    std::vector<double> x(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        x[i] = chartX(dates[i]);
    QList<QPointF> pts;
    for (std::size_t i : downsample(x, values, static_cast<std::size_t>(maxPoints)))
        pts.append(QPointF(x[i], values[i]));
    s->replace(pts);
    return s;
}

QLineSeries* levelLine(const QString& name, const std::vector<QDate>& dates, double level, QColor color,
                       bool dashed) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(1.0);
    if (dashed) pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    if (!dates.empty() && std::isfinite(level)) {
        s->append(chartX(dates.front()), level);
        s->append(chartX(dates.back()), level);
    }
    return s;
}

void attach(QChart* chart, QAbstractSeries* s, QAbstractAxis* x, QAbstractAxis* y) {
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
}

void markHelper(QChart* chart, QAbstractSeries* s) {
    s->setProperty(kHelperProperty, true);
    for (QLegendMarker* m : chart->legend()->markers(s))
        m->setVisible(false);
}

bool isHelper(const QAbstractSeries* s) {
    return s->property(kHelperProperty).toBool();
}

} // namespace ts::ui

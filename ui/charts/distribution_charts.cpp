#include "charts/chart_builders.h"
#include "charts/chart_style.h"
#include "charts/tick_axes.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace ts::ui {

QChart* eoyReturnsChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("EOY Returns") +
                         (d.hasBenchmark ? QStringLiteral(" vs Benchmark") : QString()));
    auto* series = new QBarSeries;
    QStringList years;
    for (const QDate& s : d.yearly.front().starts)
        years << QString::number(s.year());
    auto addSet = [&](std::size_t k) {
        auto* set = new QBarSet(d.names[k]);
        set->setColor(columnColor(d, k));
        set->setBorderColor(columnColor(d, k));
        for (double v : d.yearly[k].values)
            set->append(v * 100);
        series->append(set);
    };
    if (d.hasBenchmark) addSet(d.yearly.size() - 1);
    for (std::size_t k = 0; k + (d.hasBenchmark ? 1 : 0) < d.yearly.size(); ++k)
        addSet(k);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    // More than 10 years: label every n/10-th year, as QuantStats does.
    const int step = years.size() > 10 ? static_cast<int>(years.size() / 10) : 1;
    QStringList shown;
    for (int i = 0; i < years.size(); ++i)
        shown << (i % step == 0 ? years[i] : QString(i, QLatin1Char(' ')));
    x->append(shown);
    x->setLabelsFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    c->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = addValueAxis(c, true);
    series->attachAxis(y);
    // Red dashed line at the mean of the strategy's yearly returns.
    const auto& v = d.yearly.front().values;
    double mean = 0;
    for (double r : v)
        mean += r;
    mean = v.empty() ? 0 : mean / static_cast<double>(v.size()) * 100;
    auto* line = new QLineSeries;
    line->setName(QStringLiteral("Average"));
    QPen pen(Qt::red);
    pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    line->append(-0.5, mean);
    line->append(static_cast<double>(years.size()) - 0.5, mean);
    c->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
    return c;
}

QChart* monthlyDistributionChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("Distribution of Monthly Returns"));
    // 20 equal bins over the range of all monthly returns; bars show the share of months per bin.
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (const auto& m : d.monthly)
        for (double v : m.values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!(hi > lo)) hi = lo + 1e-9;
    const int bins = 20;
    const double width = (hi - lo) / bins;
    auto* series = new QBarSeries;
    series->setBarWidth(0.9);
    auto addSet = [&](std::size_t k) {
        std::vector<double> count(bins, 0);
        for (double v : d.monthly[k].values)
            count[static_cast<std::size_t>(std::clamp(static_cast<int>((v - lo) / width), 0, bins - 1))] += 1;
        auto* set = new QBarSet(d.names[k]);
        QColor col = columnColor(d, k);
        set->setColor(col);
        set->setBorderColor(col);
        const double n = std::max<double>(1, static_cast<double>(d.monthly[k].values.size()));
        for (double x : count)
            set->append(x / n * 100);
        series->append(set);
    };
    if (d.hasBenchmark) addSet(d.monthly.size() - 1);
    addSet(0);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    QStringList labels;
    for (int b = 0; b < bins; ++b)
        labels << (b % 4 == 0 ? QString::number((lo + b * width) * 100, 'f', 0) + QLatin1Char('%')
                              : QString(b, QLatin1Char(' ')));
    x->append(labels);
    x->setLabelsFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    c->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = addValueAxis(c, true);
    y->setTitleText(QStringLiteral("share of months"));
    y->setTitleFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    series->attachAxis(y);
    return c;
}

QChart* returnQuantilesChart(const ChartData& d) {
    QChart* c = newChart(QStringLiteral("%1 - Return Quantiles").arg(d.names.front()));
    auto* series = new QBoxPlotSeries;
    series->setName(d.names.front());
    static const char* names[] = {"Daily", "Weekly", "Monthly", "Quarterly", "Yearly"};
    static const QColor colors[] = {QColor(0xFE, 0xDD, 0x78), QColor(0x34, 0x8D, 0xC1),
                                    QColor(0xBA, 0x51, 0x6B), QColor(0x4F, 0xA4, 0x87),
                                    QColor(0x9B, 0x59, 0xB6)};
    for (int i = 0; i < 5; ++i) {
        const BoxStats& b = d.quantiles[i];
        auto* set = new QBoxSet(QString::fromLatin1(names[i]));
        set->setValue(QBoxSet::LowerExtreme, b.whiskerLow * 100);
        set->setValue(QBoxSet::LowerQuartile, b.q1 * 100);
        set->setValue(QBoxSet::Median, b.median * 100);
        set->setValue(QBoxSet::UpperQuartile, b.q3 * 100);
        set->setValue(QBoxSet::UpperExtreme, b.whiskerHigh * 100);
        set->setBrush(colors[i]);
        series->append(set);
    }
    auto* x = new QBarCategoryAxis;
    for (const char* n : names)
        x->append(QString::fromLatin1(n));
    x->setLabelsFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    c->addAxis(x, Qt::AlignBottom);
    attach(c, series, x, addValueAxis(c, true));
    c->legend()->hide();
    return c;
}

} // namespace ts::ui

#include "charts/tick_axes.h"

#include "charts/axis_ticks.h"
#include "charts/chart_style.h"

#include <cmath>

namespace ts::ui {

void setTickLabels(QCategoryAxis* axis, const std::vector<double>& at, const QStringList& labels) {
    for (const QString& old : axis->categoriesLabels())
        axis->remove(old);
    // The first category starts at the axis' edge, so its label, on its end value, is the first tick.
    axis->setStartValue(axis->min());
    const double tol = (axis->max() - axis->min()) * 1e-9; // a tick on the edge is still shown
    for (std::size_t i = 0; i < at.size(); ++i)
        if (at[i] >= axis->min() - tol && at[i] <= axis->max() + tol) axis->append(labels[int(i)], at[i]);
}

namespace {
void styleAxis(QCategoryAxis* a) {
    a->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    a->setLabelsFont(QFont(QStringLiteral("DejaVu Sans"), 7));
    a->setGridLineColor(QColor(0xE0, 0xE0, 0xE0));
}
} // namespace

CalendarAxis::CalendarAxis(QObject* parent)
    : QCategoryAxis(parent) {
    styleAxis(this);
    connect(this, &QValueAxis::rangeChanged, this, &CalendarAxis::relabel);
}

void CalendarAxis::setMaxTicks(int n) {
    if (n == m_maxTicks) return;
    m_maxTicks = n;
    relabel();
}

void CalendarAxis::relabel() {
    // The days whose x (noon) lies in the range.
    QDate first = dateFromChartX(min()), last = dateFromChartX(max());
    if (chartX(first) < min()) first = first.addDays(1);
    if (chartX(last) > max()) last = last.addDays(-1);
    std::vector<double> at;
    QStringList labels;
    for (const DateTick& t : dateTicks(first, last, m_maxTicks)) {
        at.push_back(chartX(t.date));
        labels << t.label;
    }
    setTickLabels(this, at, labels);
}

RoundValueAxis::RoundValueAxis(bool percent, QObject* parent)
    : QCategoryAxis(parent)
    , m_percent(percent) {
    styleAxis(this);
    connect(this, &QValueAxis::rangeChanged, this, &RoundValueAxis::relabel);
}

QString RoundValueAxis::valueText(double v) const {
    return QString::number(v, 'f', 2) + (m_percent ? QStringLiteral("%") : QString());
}

void RoundValueAxis::relabel() {
    const ValueTicks t = valueTicks(min(), max(), m_maxTicks);
    QStringList labels;
    for (double v : t.values)
        labels << valueLabel(v, t.step, m_percent);
    setTickLabels(this, t.values, labels);
}

} // namespace ts::ui

#pragma once
// The two QtCharts axes every tearsheet chart uses, interactive or painted into a report. Their
// labels are the ticks of axis_ticks.h for the range shown: they follow every range change
// (zoom, pan, fitting), so a zoomed chart never repeats a label. Both are QCategoryAxis, whose
// labels sit exactly on the values given (QDateTimeAxis and QValueAxis only split the range
// evenly), and so also QValueAxis for code that only needs the range.

#include <QCategoryAxis>

namespace ts::ui {

// x values are chartX(date) (chart_style.h).
class CalendarAxis : public QCategoryAxis {
    Q_OBJECT
public:
    explicit CalendarAxis(QObject* parent = nullptr);
    int maxTicks() const { return m_maxTicks; }
    void setMaxTicks(int n); // how many labels fit the axis' width

private:
    void relabel();
    int m_maxTicks = 10;
};

class RoundValueAxis : public QCategoryAxis {
    Q_OBJECT
public:
    // `percent`: the values are already percent points and labels end in "%".
    explicit RoundValueAxis(bool percent, QObject* parent = nullptr);
    bool percent() const { return m_percent; }
    int maxTicks() const { return m_maxTicks; }
    // A value as this axis labels it, with two decimals: "12.34%" or "0.52".
    QString valueText(double v) const;

private:
    void relabel();
    bool m_percent;
    int m_maxTicks = 8;
};

// Puts `labels` at `at` (increasing) within [min(), max()] of `axis`, replacing what it had.
void setTickLabels(QCategoryAxis* axis, const std::vector<double>& at, const QStringList& labels);

} // namespace ts::ui

#include "models/metrics_table_model.h"

#include "render/report_tables.h"
#include "report/metrics_output.h"

namespace ts::ui {

void MetricsTableModel::setReport(std::shared_ptr<const ReportModel> report) {
    beginResetModel();
    m_report = std::move(report);
    endResetModel();
}

int MetricsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_report ? 0 : static_cast<int>(m_report->analysis.metrics.table.rows.size());
}

int MetricsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_report
               ? 0
               : 1 + static_cast<int>(m_report->analysis.metrics.table.columns.size());
}

QVariant MetricsTableModel::data(const QModelIndex& index, int role) const {
    if (!m_report || !index.isValid()) return {};
    const MetricsTable& t = m_report->analysis.metrics.table;
    const auto row = static_cast<std::size_t>(index.row());
    const MetricDef& def = *t.rows[row];
    if (role == KeyRole) return QString::fromLatin1(def.key);
    if (role == GroupStartRole) return def.groupStart && row > 0;
    if (index.column() == 0) {
        if (role == Qt::DisplayRole || role == RawValueRole)
            return QString::fromUtf8(def.label).replace(QStringLiteral("﹪"), QStringLiteral("%"));
        if (role == Qt::ToolTipRole)
            return QString::fromUtf8(definitionFor(def, m_report->analysis.params.metrics.convention));
        return {};
    }
    const MetricValue& v = t.values[row][static_cast<std::size_t>(index.column() - 1)];
    switch (role) {
    case Qt::DisplayRole:
        return formatMetric(def, v);
    case RawValueRole:
        return v.isDate() ? QVariant(v.date) : v.isNull() ? QVariant() : QVariant(v.number);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        const auto& mp = m_report->analysis.params.metrics;
        // The value as the table shows it, and unrounded when that differs.
        const QString shown = formatMetric(def, v);
        const QString exact = v.isNull() || v.isDate() ? QString() : QString::number(v.number, 'g', 10);
        const QString value = v.isNull()                          ? tr("undefined")
                              : exact.isEmpty() || exact == shown ? shown
                                                                  : tr("%1 (unrounded %2)").arg(shown, exact);
        QString text =
            tr("%1\n\n%2: %3\nParameters: rf %4%, %5 periods a year, %6, convention %7")
                .arg(QString::fromUtf8(definitionFor(def, mp.convention)),
                     headerData(index.column(), Qt::Horizontal).toString(), value)
                .arg(mp.rf * 100)
                .arg(mp.periods)
                .arg(mp.compounded ? tr("compounded") : tr("simple"), conventionName(mp.convention));
        // Both conventions, where they disagree on this number.
        if (const auto& cmp = m_report->analysis.otherConvention)
            if (const auto o = otherValue(*cmp, def.key, static_cast<std::size_t>(index.column() - 1), v))
                text += tr("\n\nUnder the %1 convention: %2 (%3)")
                            .arg(conventionName(cmp->convention), formatMetric(def, *o),
                                 QString::fromUtf8(definitionFor(def, cmp->convention)));
        return text;
    }
    default:
        return {};
    }
}

QVariant MetricsTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if ((role != Qt::DisplayRole && role != Qt::ToolTipRole) || o != Qt::Horizontal || !m_report) return {};
    if (section == 0) return tr("Metric");
    const auto& al = m_report->analysis.aligned;
    const auto c = static_cast<std::size_t>(section - 1);
    if (c >= al.names.size()) return {};
    const bool bench = al.hasBenchmark && c + 1 == al.columns.size();
    // The window names its columns; the reports keep QuantStats' "Strategy"/"Benchmark" for one.
    if (role == Qt::ToolTipRole)
        return bench ? tr("Benchmark: %1").arg(al.names[c]) : tr("Strategy: %1").arg(al.names[c]);
    return bench ? tr("%1 (benchmark)").arg(al.names[c]) : al.names[c];
}

QString MetricsTableModel::toTsv() const {
    QString s;
    for (int c = 0; c < columnCount(); ++c)
        s += (c ? QStringLiteral("\t") : QString()) + headerData(c, Qt::Horizontal).toString();
    s += QLatin1Char('\n');
    for (int r = 0; r < rowCount(); ++r) {
        for (int c = 0; c < columnCount(); ++c)
            s += (c ? QStringLiteral("\t") : QString()) + data(index(r, c)).toString();
        s += QLatin1Char('\n');
    }
    return s;
}

void DrawdownsModel::setReport(std::shared_ptr<const ReportModel> report) {
    beginResetModel();
    m_report = std::move(report);
    endResetModel();
}

int DrawdownsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_report ? 0 : static_cast<int>(m_report->worstDrawdowns.size());
}

int DrawdownsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const DrawdownEpisode* DrawdownsModel::episode(int row) const {
    if (!m_report || row < 0 || row >= rowCount()) return nullptr;
    return &m_report->worstDrawdowns[static_cast<std::size_t>(row)];
}

QVariant DrawdownsModel::data(const QModelIndex& index, int role) const {
    const DrawdownEpisode* e = index.isValid() ? episode(index.row()) : nullptr;
    if (!e) return {};
    if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != RawValueRole) return {};
    const bool raw = role == RawValueRole;
    switch (index.column()) {
    case Start:
        return raw ? QVariant(e->start) : QVariant(e->start.toString(Qt::ISODate));
    case Valley:
        return raw ? QVariant(e->valley) : QVariant(e->valley.toString(Qt::ISODate));
    case End:
        return raw ? QVariant(e->end) : QVariant(e->end.toString(Qt::ISODate));
    case Days:
        return e->days;
    case Depth:
        return raw ? QVariant(e->maxDrawdown)
                   : QVariant(QString::number(e->maxDrawdown * 100, 'f', 2) + QLatin1Char('%'));
    default:
        return {};
    }
}

QVariant DrawdownsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (role != Qt::DisplayRole || o != Qt::Horizontal) return {};
    static const char* names[] = {"Started", "Valley", "Recovered", "Days", "Drawdown"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace ts::ui

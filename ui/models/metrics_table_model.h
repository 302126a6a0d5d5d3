#pragma once
// The metrics table for views: one row per metric, one column per strategy and the benchmark.
// DisplayRole is the formatted text; RawValueRole the number (or date) for sorting and copying;
// ToolTipRole explains the number: its definition, the value as shown and unrounded, and the
// parameters used. Columns are headed by the strategies' own names; GroupStartRole marks the first
// row of each of QuantStats' groups (the views draw a separator above it).

#include "report/report_model.h"

#include <QAbstractTableModel>
#include <memory>

namespace ts::ui {

class MetricsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { RawValueRole = Qt::UserRole + 1, KeyRole, GroupStartRole };
    using QAbstractTableModel::QAbstractTableModel;

    void setReport(std::shared_ptr<const ReportModel> report);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // Tab-separated text of the whole table (labels, header, formatted values), for the clipboard.
    QString toTsv() const;

private:
    std::shared_ptr<const ReportModel> m_report;
};

// The worst drawdowns of the first strategy: start, valley, end, days, depth.
class DrawdownsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Start, Valley, End, Days, Depth, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole + 1 };
    using QAbstractTableModel::QAbstractTableModel;

    void setReport(std::shared_ptr<const ReportModel> report);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    const DrawdownEpisode* episode(int row) const;

private:
    std::shared_ptr<const ReportModel> m_report;
};

} // namespace ts::ui

#pragma once
// The report's tables as rows of formatted cells, shared by the HTML and PDF renderers so both
// print the same text.

#include "report/report_model.h"

#include <QStringList>
#include <vector>

namespace ts::ui {

struct TableRow {
    QStringList cells;
    bool separatorBefore = false;
    const MetricDef* metric = nullptr; // metrics table rows
};

struct ReportTable {
    QString title;
    QStringList header;
    std::vector<TableRow> rows;
};

QStringList
columnTitles(const ReportModel& m); // "Strategy"/"Benchmark", or the names with several strategies
ReportTable metricsTable(const ReportModel& m);
ReportTable eoyTable(const ReportModel& m);
ReportTable drawdownsTable(const ReportModel& m);
ReportTable correlationTable(const ReportModel& m); // empty rows with a single strategy and no benchmark
ReportTable parametersTable(const ReportModel& m);
// One table per portfolio with fundamentals: holdings, weights, key ratios, the weighted portfolio
// row, then the currency exposure.
std::vector<ReportTable> fundamentalsTables(const ReportModel& m);

} // namespace ts::ui

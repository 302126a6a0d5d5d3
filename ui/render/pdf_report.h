#pragma once
// The report as a paginated PDF (A4 or Letter): a header with title and dates and a footer with
// page numbers on every page, vector charts, real (selectable) text, and no chart or table block
// split across pages: the metrics table breaks only at its group separators.

#include "report/report_model.h"

#include <QPageSize>

namespace ts::ui {

struct PdfStats {
    int pages = 0;
};

// Written atomically (temporary file, then rename).
Result<PdfStats> renderPdf(const ReportModel& m, const QString& path,
                           QPageSize::PageSizeId page = QPageSize::A4);

} // namespace ts::ui

#pragma once
// One self-contained HTML file: inline CSS, charts as inline SVG, no external request. QuantStats'
// layout (charts left; metrics, EOY and drawdown tables right) on a wide screen, one column on a
// narrow one. Every user-supplied string is escaped. Metric cells carry their exact value in
// data-value so tools (and tests) can read numbers without parsing formatted text. The markup is
// also well-formed XML (XHTML syntax), so any XML tool can read it.

#include "report/report_model.h"

#include <QString>

namespace ts::ui {

QString renderHtml(const ReportModel& m);
// An SVG document made fit for inlining in HTML: no XML prologue, DOCTYPE or namespace URLs, and it
// scales with its container.
QString inlineSvg(const QByteArray& svg);

} // namespace ts::ui

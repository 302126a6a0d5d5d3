#pragma once
// Plain scans over QSvgGenerator's text: what regular expressions did here cost a quarter of a
// 40-year HTML report (each pass ran PCRE2 over every chart's few hundred kilobytes).

#include <QByteArray>

namespace ts::ui {

// Drops every <g ...> group that holds only whitespace (nested ones too: QSvgGenerator opens a
// group for each painter state change, most of them empty), then every run of blank lines.
QByteArray dropEmptyGroups(const QByteArray& svg);

// The SVG as an element inside HTML: no XML prolog or DOCTYPE, no xmlns attributes, and no fixed
// width/height on <svg> (its viewBox lets it scale with the page); trimmed.
QByteArray svgForInlining(const QByteArray& svg);

} // namespace ts::ui

#pragma once
// The report's Monte Carlo section as the HTML and PDF renderers share it: its title, the summary
// table (terminal return, CAGR, max drawdown, Sharpe by percentile; bust and goal probabilities),
// and the lines under it (method, seed, and for a shuffle that terminal figures are fixed).

#include "render/report_tables.h"

namespace ts::ui {

QString monteCarloTitle(const ReportMonteCarlo& mc);
ReportTable monteCarloTable(const ReportMonteCarlo& mc);
std::vector<QString> monteCarloNotes(const ReportMonteCarlo& mc);
// HTML pieces: the section heading with the fan chart inline, and the notes as a list.
QString monteCarloFigureHtml(const ReportMonteCarlo& mc);
QString monteCarloNotesHtml(const ReportMonteCarlo& mc);

} // namespace ts::ui

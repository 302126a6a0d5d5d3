#pragma once
// Report batches: every report of a config file (the `report --config` format) written into a
// folder, optionally one shard of them. Shared by `report --config` and `schedule`.

#include "charts/chart_catalog.h"
#include "report/report_model.h"
#include "report/report_request.h"

#include <QPageSize>
#include <functional>

namespace ts::cli {

struct BatchOptions {
    QString configPath, outDir;
    QString shard;         // "I/N", or "N" with JOB_COMPLETION_INDEX; empty = everything
    QString cacheOverride; // --cache
    QString companions;    // folder for CSV/JSON companions; empty = none
    QPageSize::PageSizeId page = QPageSize::A4;
};

struct BatchReport {
    QString name;
    bool ok = false;
    QString error;
    QStringList files;
};

struct BatchResult {
    int index = 0, count = 1; // the shard
    std::vector<BatchReport> reports;
    bool interrupted = false; // stopped before the shard's last report
    int done() const;
    int failed() const;
};

// Renders the batch; an error means nothing could start (bad config, bad shard, no folder).
// Each report's files are written atomically before the next report starts; `stopRequested` is
// asked before each report.
Result<BatchResult> renderBatch(const BatchOptions& o, const std::function<bool()>& stopRequested);
// renderBatch for the report command: messages on stderr, exit code by outcome (130 when a signal
// stopped it), and the outcome as JSON in `summaryPath` when one is given (what `schedule` logs).
int runReportBatch(const BatchOptions& o, const QString& summaryPath);

// One output file in the format its extension names (html, pdf, json, png, svg); returns an exit code.
int writeReportOutput(const ReportModel& model, const QString& out, const QString& ext,
                      const ui::ChartInfo& chart, QPageSize::PageSizeId page);

} // namespace ts::cli

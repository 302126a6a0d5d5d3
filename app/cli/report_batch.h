#pragma once
// Report batches: every report of a config file (the `report --config` format) written into a
// folder, optionally one shard of them. Shared by `report --config` and `schedule`.

#include "charts/chart_catalog.h"
#include "report/report_model.h"
#include "report/report_request.h"

#include <QPageSize>

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
    int done() const;
    int failed() const;
};

// The requests of a config file, with --cache applied.
Result<std::vector<ReportRequest>> loadReportConfig(const QString& configPath, const QString& cacheOverride);
// Renders the batch; an error means nothing could start (bad config, bad shard, no folder).
// Each report's files are written atomically before the next report starts.
// `loaded`: the config's requests when the caller has read them already (configPath is then not read).
Result<BatchResult> renderBatch(const BatchOptions& o, const std::vector<ReportRequest>* loaded = nullptr);
// renderBatch for the report command: messages on stderr, exit code by outcome.
int runReportBatch(const BatchOptions& o);

// One output file in the format its extension names (html, pdf, json, png, svg); returns an exit code.
int writeReportOutput(const ReportModel& model, const QString& out, const QString& ext,
                      const ui::ChartInfo& chart, QPageSize::PageSizeId page);

} // namespace ts::cli

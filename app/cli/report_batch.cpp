#include "report_batch.h"

#include "charts/chart_painter.h"
#include "command.h"
#include "config/settings.h"
#include "render/html_report.h"
#include "render/pdf_report.h"
#include "report/companions.h"
#include "report/metrics_output.h"
#include "util/json_file.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace ts::cli {

int BatchResult::done() const {
    return static_cast<int>(std::count_if(reports.begin(), reports.end(), [](auto& r) { return r.ok; }));
}
int BatchResult::failed() const {
    return static_cast<int>(reports.size()) - done();
}

int writeReportOutput(const ReportModel& model, const QString& out, const QString& ext,
                      const ui::ChartInfo& chart, QPageSize::PageSizeId page) {
    auto fail = [](const QString& msg, int code) {
        err(QStringLiteral("tearsheet-cli report: %1\n").arg(msg));
        return code;
    };
    if (ext == QLatin1String("pdf")) {
        auto r = ui::renderPdf(model, out, page);
        return r ? Ok : fail(r.error().message, BadInput);
    }
    QByteArray body;
    if (ext == QLatin1String("html") || ext == QLatin1String("htm")) {
        body = ui::renderHtml(model).toUtf8();
    } else if (ext == QLatin1String("json")) {
        QJsonObject o = metricsJson(model.analysis);
        if (!model.fundamentals.empty())
            o.insert(QStringLiteral("fundamentals"), fundamentalsJson(model.fundamentals));
        body = QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        const ChartData& d = model.analysis.chart;
        if (chart.needsBenchmark && !d.hasBenchmark)
            return fail(QStringLiteral("chart %1 needs a benchmark").arg(QString::fromLatin1(chart.key)),
                        BadInput);
        const QSize size(1000, static_cast<int>(ui::chartHeight(chart.id, d, 1000)));
        if (ext == QLatin1String("svg")) {
            body = ui::chartSvg(chart.id, d, size);
        } else {
            QBuffer buf(&body);
            buf.open(QIODevice::WriteOnly);
            ui::chartImage(chart.id, d, size, 2.0).save(&buf, "PNG");
        }
    }
    QString error;
    return writeFileAtomically(out, body, error) ? Ok : fail(error, Internal);
}

Result<std::vector<ReportRequest>> loadReportConfig(const QString& configPath, const QString& cacheOverride) {
    auto json = readJsonObjectFile(configPath, QStringLiteral("a report config"));
    if (!json) return json.error();
    QString cache = cacheOverride;
    if (cache.isEmpty()) {
        auto settings = Settings::load();
        if (!settings) return settings.error();
        cache = settings->cachePath;
    }
    auto requests = parseReportConfig(*json, QFileInfo(configPath).absolutePath(), cache);
    if (!requests) return Error::badInput(QStringLiteral("%1: %2").arg(configPath, requests.error().message));
    if (!cacheOverride.isEmpty())
        for (auto& r : *requests)
            r.cachePath = cacheOverride;
    return requests;
}

Result<BatchResult> renderBatch(const BatchOptions& o, const std::vector<ReportRequest>* loaded) {
    if (o.outDir.isEmpty()) return Error::badInput(QStringLiteral("--config needs --out-dir DIR"));
    if (!QDir().mkpath(o.outDir))
        return Error::badInput(QStringLiteral("%1: cannot create the folder").arg(o.outDir));
    BatchResult result;
    if (!o.shard.isEmpty()) {
        const QStringList parts = o.shard.split(QLatin1Char('/'));
        bool ok1 = true, ok2 = false;
        if (parts.size() == 2 && !parts[0].isEmpty())
            result.index = parts[0].toInt(&ok1);
        else
            result.index = qEnvironmentVariable("JOB_COMPLETION_INDEX").toInt(&ok1);
        result.count = parts.last().toInt(&ok2);
        if (!ok1 || !ok2 || result.count < 1 || result.index < 0 || result.index >= result.count)
            return Error::badInput(
                QStringLiteral(
                    "--shard must be I/N with 0 <= I < N (or N with JOB_COMPLETION_INDEX set), got \"%1\"")
                    .arg(o.shard));
    }
    auto requests = loaded ? Result<std::vector<ReportRequest>>(*loaded)
                           : loadReportConfig(o.configPath, o.cacheOverride);
    if (!requests) return requests.error();
    for (std::size_t i = 0; i < requests->size(); ++i) {
        if (static_cast<int>(i % static_cast<std::size_t>(result.count)) != result.index) continue;
        const ReportRequest& r = (*requests)[i];
        BatchReport br{r.name, false, {}, {}};
        auto spec = resolveReport(r);
        auto model = spec ? buildReport(*spec) : Result<ReportModel>(spec.error());
        if (!model) {
            br.error = model.error().message;
            err(QStringLiteral("tearsheet-cli report: %1: %2\n").arg(r.name, br.error));
            result.reports.push_back(br);
            continue;
        }
        br.ok = true;
        for (const QString& fmt : r.formats) {
            const QString out = QDir(o.outDir).filePath(r.name + QLatin1Char('.') + fmt);
            if (writeReportOutput(*model, out, fmt, *ui::findChart(QStringLiteral("returns")), o.page) == Ok)
                br.files << out;
            else
                br.ok = false, br.error = QStringLiteral("could not write %1").arg(out);
        }
        if (br.ok && !o.companions.isEmpty()) {
            auto files = writeCompanions(*model, QDir(o.companions).filePath(r.name));
            if (!files) {
                br.error = files.error().message;
                err(QStringLiteral("tearsheet-cli report: %1: %2\n").arg(r.name, br.error));
                br.ok = false;
            }
        }
        err(QStringLiteral("%1 %2\n").arg(br.ok ? QStringLiteral("ok    ") : QStringLiteral("failed"),
                                          r.name));
        result.reports.push_back(br);
    }
    return result;
}

int runReportBatch(const BatchOptions& o) {
    auto r = renderBatch(o);
    if (!r) {
        err(QStringLiteral("tearsheet-cli report: %1\n").arg(r.error().message));
        return BadInput;
    }
    err(QStringLiteral("%1 report(s) written, %2 failed, shard %3/%4\n")
            .arg(r->done())
            .arg(r->failed())
            .arg(r->index)
            .arg(r->count));
    if (r->failed() == 0) return Ok;
    return r->done() == 0 ? TotalFailure : PartialFailure;
}

} // namespace ts::cli

#include "report_batch.h"

#include "charts/chart_painter.h"
#include "command.h"
#include "render/html_report.h"
#include "render/pdf_report.h"
#include "report/companions.h"
#include "report/metrics_output.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>

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
        if (model.monteCarlo)
            o.insert(QStringLiteral("montecarlo"), monteCarloJson(model.monteCarlo->result, true));
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

Result<BatchResult> renderBatch(const BatchOptions& o, const std::function<bool()>& stopRequested) {
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
    auto requests = loadReportConfig(o.configPath, o.cacheOverride);
    if (!requests) return requests.error();
    for (std::size_t i = 0; i < requests->size(); ++i) {
        if (static_cast<int>(i % static_cast<std::size_t>(result.count)) != result.index) continue;
        if (stopRequested && stopRequested()) {
            result.interrupted = true;
            break;
        }
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
        for (const auto& w : model->analysis.warnings)
            err(QStringLiteral("warning: %1: %2\n").arg(r.name, w));
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

namespace {

volatile std::sig_atomic_t g_stop = 0;

QJsonObject summaryJson(const BatchResult& r) {
    QJsonArray reports;
    for (const auto& b : r.reports) {
        QJsonObject o{{QStringLiteral("name"), b.name}, {QStringLiteral("ok"), b.ok}};
        if (!b.error.isEmpty()) o.insert(QStringLiteral("error"), b.error);
        o.insert(QStringLiteral("files"), QJsonArray::fromStringList(b.files));
        reports.append(o);
    }
    QJsonObject o{{QStringLiteral("shard"), QStringLiteral("%1/%2").arg(r.index).arg(r.count)},
                  {QStringLiteral("written"), r.done()},
                  {QStringLiteral("failed"), r.failed()},
                  {QStringLiteral("reports"), reports}};
    if (r.interrupted) o.insert(QStringLiteral("interrupted"), true);
    return o;
}

} // namespace

int runReportBatch(const BatchOptions& o, const QString& summaryPath) {
    // SIGTERM or SIGINT during a batch: the report in progress is finished, the rest are not started.
    for (int sig : {SIGTERM, SIGINT})
        std::signal(sig, [](int) { g_stop = 1; });
    auto r = renderBatch(o, [] { return g_stop != 0; });
    QString error;
    if (!summaryPath.isEmpty() &&
        !writeFileAtomically(
            summaryPath,
            QJsonDocument(r ? summaryJson(*r) : QJsonObject{{QStringLiteral("error"), r.error().message}})
                .toJson(QJsonDocument::Indented),
            error))
        err(QStringLiteral("tearsheet-cli report: %1\n").arg(error));
    if (!r) {
        err(QStringLiteral("tearsheet-cli report: %1\n").arg(r.error().message));
        return BadInput;
    }
    err(QStringLiteral("%1 report(s) written, %2 failed, shard %3/%4%5\n")
            .arg(r->done())
            .arg(r->failed())
            .arg(r->index)
            .arg(r->count)
            .arg(r->interrupted ? QStringLiteral(", interrupted") : QString()));
    if (r->interrupted) return Cancelled;
    if (r->failed() == 0) return Ok;
    return r->done() == 0 ? TotalFailure : PartialFailure;
}

} // namespace ts::cli

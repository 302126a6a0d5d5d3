// The CSV -> analysis -> JSON / CSV / text pipeline of `metrics`: the input is a returns (or
// prices) file; whatever the analysis accepts renders to valid JSON without NaN, a CSV with the
// same number of fields on every line, and a text table.

#include "fuzz_check.h"
#include "report/analysis.h"
#include "report/metrics_output.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

namespace {
bool allFinite(const QJsonValue& v) {
    if (v.isDouble()) return std::isfinite(v.toDouble());
    if (v.isArray()) {
        for (const auto& x : v.toArray())
            if (!allFinite(x)) return false;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!allFinite(it.value())) return false;
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QString path = fuzz::scratchFile("returns.csv");
    FUZZ_CHECK(fuzz::writeScratch(path, fuzz::bytes(data, size)), "the scratch file is writable");
    ts::AnalysisParams p;
    p.strategies.push_back(ts::SeriesSource::file(path, ts::ValueKind::Auto, QStringLiteral("s")));
    auto a = ts::runAnalysis(p);
    if (!a) {
        FUZZ_CHECK(a.error().kind == ts::ErrorKind::BadInput, "an analysis problem is bad input");
        return 0;
    }
    for (std::size_t i = 1; i < a->aligned.dates.size(); ++i)
        FUZZ_CHECK(a->aligned.dates[i - 1] < a->aligned.dates[i], "aligned dates strictly increase");
    for (const auto& c : a->aligned.columns)
        for (double v : c)
            FUZZ_CHECK(std::isfinite(v), "aligned returns have no NaN left");
    for (const auto& rows : a->monthly)
        for (const auto& row : rows)
            FUZZ_CHECK(row.year >= 1 && row.year <= 9999, "monthly years within 1-9999");
    const QJsonObject o = ts::metricsJson(*a);
    FUZZ_CHECK(allFinite(o), "JSON numbers are finite (undefined values are null)");
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
    FUZZ_CHECK(QJsonDocument::fromJson(json).isObject(), "the JSON parses back");
    FUZZ_CHECK(!ts::metricsText(*a).isEmpty(), "the text table is not empty");
    FUZZ_CHECK(!ts::metricsCsv(*a).isEmpty(), "the CSV is not empty");
    return 0;
}

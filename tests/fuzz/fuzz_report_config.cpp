// Report configs (report --config, the desktop's workspaces, serve's requests resolved through the
// same parser): arbitrary JSON parses or is refused; what parses saves and parses back the same.

#include "data/date_validation.h"
#include "fuzz_check.h"
#include "report/report_request.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (!doc.isObject()) return 0;
    auto reqs = ts::parseReportConfig(doc.object(), QStringLiteral("/nonexistent/base"),
                                      QStringLiteral("/nonexistent/c.sqlite"));
    if (!reqs) {
        FUZZ_CHECK(reqs.error().kind == ts::ErrorKind::BadInput, "a config problem is bad input");
        FUZZ_CHECK(reqs.error().message.size() < 2000, "messages quote only an excerpt");
        return 0;
    }
    for (const auto& r : *reqs) {
        FUZZ_CHECK(!r.name.isEmpty() && !r.name.contains(QLatin1Char('/')),
                   "report names are plain file names");
        FUZZ_CHECK(!r.start.isValid() || ts::isSupportedDate(r.start), "start within years 1-9999");
        FUZZ_CHECK(!r.end.isValid() || ts::isSupportedDate(r.end), "end within years 1-9999");
    }
    const QJsonObject saved = ts::reportConfigJson(*reqs);
    auto back = ts::parseReportConfig(saved, QStringLiteral("/nonexistent/base"),
                                      QStringLiteral("/nonexistent/c.sqlite"));
    FUZZ_CHECK(back.ok(), "a saved config parses again");
    FUZZ_CHECK(back->size() == reqs->size(), "round trip keeps the reports");
    for (std::size_t i = 0; i < reqs->size(); ++i) {
        const auto &a = (*reqs)[i], &b = (*back)[i];
        FUZZ_CHECK(a.name == b.name && a.title == b.title && a.start == b.start && a.end == b.end,
                   "round trip keeps name, title and window");
        FUZZ_CHECK(a.strategies.size() == b.strategies.size(), "round trip keeps the strategies");
        for (std::size_t k = 0; k < a.strategies.size(); ++k) {
            const auto &sa = a.strategies[k].portfolio, &sb = b.strategies[k].portfolio;
            FUZZ_CHECK(sa.rebalance == sb.rebalance, "round trip keeps the rebalancing rule");
            FUZZ_CHECK(sa.rebalance != ts::Rebalance::Band || sa.band == sb.band,
                       "round trip keeps the band exactly");
        }
    }
    return 0;
}

// The fundamentals sources (FMP, Alpha Vantage) on an arbitrary 200 response: the first byte picks
// the source, statement and period type. Parsed line items carry supported period-end dates.

#include "data/date_validation.h"
#include "fundamentals/source.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    using namespace ts::fundamentals;
    static const auto fmp = makeSource(QStringLiteral("fmp"));
    static const auto av = makeSource(QStringLiteral("alphavantage"));
    const Source& src = (data[0] & 1) ? *av : *fmp;
    const auto statements = src.statements();
    const Statement st = statements[(data[0] >> 1) % statements.size()];
    const PeriodType period = (data[0] & 0x80) ? PeriodType::Quarter : PeriodType::Annual;
    ts::net::HttpResponse r;
    r.status = 200;
    r.body = fuzz::bytes(data + 1, size - 1);
    auto set = src.parse(QStringLiteral("FUZZ"), st, period, r);
    if (!set) return 0;
    for (const auto& item : set->items)
        FUZZ_CHECK(ts::isSupportedDate(item.periodEnd), "period ends within years 1-9999");
    return 0;
}

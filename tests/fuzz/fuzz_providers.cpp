// Every market-data provider's parser on arbitrary 200 responses: the first byte picks the provider,
// the rest is the body, split at 0x1E bytes for a provider that makes several requests (EODHD's
// eod, dividends, splits). Whatever parses has supported, strictly increasing bar dates.

#include "data/date_validation.h"
#include "fuzz_check.h"
#include "providers/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    static const char* const names[] = {"yahoo", "stooq", "fmp", "alphavantage", "tiingo", "eodhd", "vci"};
    const auto* p = ts::providers::findProvider(QLatin1String(names[data[0] % 7]));
    FUZZ_CHECK(p, "the provider exists");
    ts::providers::FetchContext ctx;
    ctx.config.apiKey = QStringLiteral("fuzzkey");
    ctx.config.baseUrl = QStringLiteral("http://127.0.0.1:9");
    const std::size_t wanted = p->requests(QStringLiteral("FUZZ"), {}, ctx).size();
    const QList<QByteArray> parts = fuzz::bytes(data + 1, size - 1).split('\x1e');
    std::vector<ts::net::HttpResponse> rs(wanted);
    for (std::size_t i = 0; i < wanted; ++i) {
        rs[i].status = 200;
        if (i < static_cast<std::size_t>(parts.size())) rs[i].body = parts[static_cast<qsizetype>(i)];
    }
    auto h = p->parse(QStringLiteral("FUZZ"), {}, ctx, rs);
    if (!h) {
        FUZZ_CHECK(h.error().message.size() < 2000, "messages quote only an excerpt");
        return 0;
    }
    for (std::size_t i = 0; i < h->bars.size(); ++i) {
        FUZZ_CHECK(ts::isSupportedDate(h->bars[i].date), "bar dates within years 1-9999");
        FUZZ_CHECK(i == 0 || h->bars[i - 1].date < h->bars[i].date, "bar dates strictly increase");
    }
    for (const auto& a : h->actions)
        FUZZ_CHECK(ts::isSupportedDate(a.exDate), "event dates within years 1-9999");
    FUZZ_CHECK(h->instrument.exchangeTz.size() <= 64 && !h->instrument.exchangeTz.contains(QLatin1Char('.')),
               "a zone name is kept only as a short, plain label");
    return 0;
}

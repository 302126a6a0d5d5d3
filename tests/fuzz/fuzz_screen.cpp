// The screen language: any text either parses or is refused with a message; what parses names only
// known identifiers and evaluates (with arbitrary values, NaN included) to a yes or no.

#include "fundamentals/ratios.h"
#include "fundamentals/screen.h"
#include "fuzz_check.h"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QStringList keys = [] {
        QStringList k;
        for (const auto& r : ts::fundamentals::ratioCatalog())
            k << r.key;
        return k;
    }();
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    auto e = ts::fundamentals::ScreenExpression::parse(text, keys);
    if (!e) {
        FUZZ_CHECK(!e.error().message.isEmpty(), "a refusal says why");
        return 0;
    }
    for (const QString& id : e->identifiers())
        FUZZ_CHECK(keys.contains(id), "only known identifiers");
    // The same values twice give the same answer; the values depend on the input's bytes.
    auto value = [&](const QString& id) {
        const std::size_t i = static_cast<std::size_t>(id.size()) % (size + 1);
        return i < size && data[i] % 5 == 0 ? std::nan("") : double(i < size ? data[i] : 0) - 100;
    };
    FUZZ_CHECK(e->matches(value) == e->matches(value), "evaluation is deterministic");
    return 0;
}

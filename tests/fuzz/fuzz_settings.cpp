// The settings file (config.json): arbitrary bytes load or are refused as bad input, never more.

#include "config/settings.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const QString path = fuzz::scratchFile("config.json");
    static const bool clean = [] {
        for (const char* v : {"TEARSHEET_CONFIG", "TEARSHEET_CACHE", "TEARSHEET_PROVIDERS"})
            qunsetenv(v);
        return true;
    }();
    (void)clean;
    FUZZ_CHECK(fuzz::writeScratch(path, fuzz::bytes(data, size)), "the scratch file is writable");
    auto s = ts::Settings::load(path);
    if (!s) {
        FUZZ_CHECK(s.error().kind == ts::ErrorKind::BadInput, "a settings problem is bad input");
        FUZZ_CHECK(s.error().message.size() < 2000, "messages quote only an excerpt");
        return 0;
    }
    FUZZ_CHECK(!s->cachePath.isEmpty(), "a cache path always results");
    return 0;
}

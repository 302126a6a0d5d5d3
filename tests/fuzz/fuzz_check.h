#pragma once
// What every fuzz target shares: an invariant check that aborts (so libFuzzer keeps the input as a
// crash), and the input as Qt types.

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                               \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "invariant failed: %s (%s) at %s:%d\n", what, #cond, __FILE__, __LINE__);   \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (0)

namespace fuzz {

inline QByteArray bytes(const uint8_t* data, size_t size) {
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

// A path under /dev/shm (or /tmp) private to this process, for parsers that read files.
QString scratchFile(const char* name);
bool writeScratch(const QString& path, const QByteArray& content);

} // namespace fuzz

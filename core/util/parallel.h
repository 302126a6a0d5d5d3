#pragma once
// Small fork-join helpers for independent pieces of one computation (columns of a table, the
// table and its charts). The calling thread takes a share; nothing outlives the call.

#include <algorithm>
#include <cstddef>
#include <future>
#include <thread>
#include <vector>

namespace ts {

// Runs f(0) .. f(n-1), at most `maxThreads` at once, and returns when all are done.
template <typename F> void parallelFor(std::size_t n, F&& f, std::size_t maxThreads = 0) {
    if (maxThreads == 0) maxThreads = std::max(1u, std::thread::hardware_concurrency());
    if (n <= 1 || maxThreads <= 1) {
        for (std::size_t i = 0; i < n; ++i)
            f(i);
        return;
    }
    const std::size_t workers = std::min(n, maxThreads);
    std::vector<std::future<void>> others;
    others.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w)
        others.push_back(std::async(std::launch::async, [&f, w, n, workers] {
            for (std::size_t i = w; i < n; i += workers)
                f(i);
        }));
    for (std::size_t i = 0; i < n; i += workers)
        f(i);
    for (auto& o : others)
        o.get();
}

} // namespace ts

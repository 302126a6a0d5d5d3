#pragma once
// The core's named spdlog loggers (core.data, core.cache, core.metrics). The shells register
// them with their own sinks at start-up; until then a clone of the default logger stands in.

#include <memory>
#include <spdlog/spdlog.h>

namespace ts {

inline std::shared_ptr<spdlog::logger> logger(const char* name) {
    auto l = spdlog::get(name);
    return l ? l : spdlog::default_logger()->clone(name);
}

} // namespace ts

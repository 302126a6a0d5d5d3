#include "shell_setup.h"

#include "util/allocator.h"

#include <QCoreApplication>
#include <exception>
#include <new>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace ts::cli {

void prepareProcess() {
    std::set_new_handler([] {
        static const char msg[] = "tearsheet: out of memory (the address-space limit was reached)\n";
        [[maybe_unused]] const auto n = ::write(2, msg, sizeof msg - 1);
        ::_exit(5);
    });
    tuneAllocator();
}

void setUpApplication(bool withAccessLog) {
    QCoreApplication::setApplicationName(QStringLiteral("tearsheet-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TEARSHEET_VERSION));
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    for (const char* name : {"core.metrics", "core.data"}) {
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_level(qEnvironmentVariableIsSet("TEARSHEET_DEBUG") ? spdlog::level::debug
                                                                       : spdlog::level::warn);
        spdlog::register_logger(logger);
    }
    if (!withAccessLog) return;
    auto access = std::make_shared<spdlog::logger>("server.access", sink);
    access->set_level(qgetenv("TEARSHEET_ACCESS_LOG") == "0" ? spdlog::level::off : spdlog::level::info);
    // JSON lines are whole lines: no time/logger/level prefix in front of the object.
    if (qgetenv("TEARSHEET_LOG_FORMAT") == "json") access->set_pattern("%v");
    spdlog::register_logger(access);
}

int runCommand(Command& c, const QStringList& args) {
    try {
        return c.run(args);
    } catch (const std::exception& e) {
        err(QStringLiteral("tearsheet-cli %1: internal error: %2\n")
                .arg(c.name(), QString::fromUtf8(e.what())));
        return Internal;
    }
}

int runHelper(Command& c, const char* program) {
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() != c.name()) {
        err(QStringLiteral(
                "Usage: %1 %2 [options]  (behind 'tearsheet-cli %2'; see 'tearsheet-cli %2 --help')\n")
                .arg(QLatin1String(program), c.name()));
        return BadInput;
    }
    return runCommand(c, args.mid(1));
}

} // namespace ts::cli

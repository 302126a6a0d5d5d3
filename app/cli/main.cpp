// tearsheet-cli: the headless shell over the Tearsheet engine.

#include "command.h"
#include "util/allocator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#ifdef TEARSHEET_HAS_REPORT
#include <QApplication>
#endif
#include <exception>
#include <memory>
#include <new>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

using namespace ts::cli;

namespace {

QString usage(const std::vector<std::unique_ptr<Command>>& commands) {
    QString s =
        QStringLiteral("Usage: tearsheet-cli <command> [options]\n\n"
                       "Portfolio and strategy performance analysis (QuantStats-compatible metrics).\n\n"
                       "Commands:\n");
    for (const auto& c : commands)
        s += QStringLiteral("  %1  %2\n").arg(c->name().leftJustified(12), c->summary());
    s +=
        QStringLiteral("\nOptions:\n  -h, --help     This help; '<command> --help' for a command's options.\n"
                       "  -v, --version  Print the version.\n");
    return s;
}

} // namespace

int main(int argc, char** argv) {
    // Under serve's address-space limit an allocation can fail: say so and exit with the code the
    // server reads as "out of memory" (5) instead of an abort that looks like a crash.
    std::set_new_handler([] {
        static const char msg[] = "tearsheet-cli: out of memory (the address-space limit was reached)\n";
        [[maybe_unused]] const auto n = ::write(2, msg, sizeof msg - 1);
        ::_exit(5);
    });
    ts::tuneAllocator();
    const auto commands = allCommands();
    // Drawing commands get a QApplication (QtCharts needs one) on the offscreen platform unless the
    // user chose another; the rest stay headless with QCoreApplication.
    std::unique_ptr<QCoreApplication> app;
    for (const auto& c : commands)
        if (argc > 1 && c->name() == QString::fromLocal8Bit(argv[1]) && c->needsGui()) {
#ifdef TEARSHEET_HAS_REPORT
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
            // Qt wants a private runtime folder; a headless shell often has none.
            if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
                const QByteArray dir =
                    QDir::tempPath().toLocal8Bit() + "/tearsheet-runtime-" + QByteArray::number(getuid());
                QDir().mkpath(QString::fromLocal8Bit(dir));
                QFile::setPermissions(QString::fromLocal8Bit(dir), QFileDevice::ReadOwner |
                                                                       QFileDevice::WriteOwner |
                                                                       QFileDevice::ExeOwner);
                qputenv("XDG_RUNTIME_DIR", dir);
            }
            app = std::make_unique<QApplication>(argc, argv);
#endif
        }
    if (!app) app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tearsheet-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TEARSHEET_VERSION));

    // Diagnostics go to stderr so stdout stays clean for tables and JSON.
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    for (const char* name : {"core.metrics", "core.data"}) {
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_level(qEnvironmentVariableIsSet("TEARSHEET_DEBUG") ? spdlog::level::debug
                                                                       : spdlog::level::warn);
        spdlog::register_logger(logger);
    }
    // The server's access log: one line per answered request (TEARSHEET_ACCESS_LOG=0 turns it off).
    auto access = std::make_shared<spdlog::logger>("server.access", sink);
    access->set_level(qEnvironmentVariable("TEARSHEET_ACCESS_LOG") == QLatin1String("0")
                          ? spdlog::level::off
                          : spdlog::level::info);
    // JSON lines are whole lines: no time/logger/level prefix in front of the object.
    if (qEnvironmentVariable("TEARSHEET_LOG_FORMAT") == QLatin1String("json")) access->set_pattern("%v");
    spdlog::register_logger(access);

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == QStringLiteral("--help") || args.first() == QStringLiteral("-h") ||
        args.first() == QStringLiteral("help")) {
        out(usage(commands));
        return args.isEmpty() ? BadInput : Ok;
    }
    if (args.first() == QStringLiteral("--version") || args.first() == QStringLiteral("-v")) {
        out(QStringLiteral("tearsheet-cli %1\n").arg(QStringLiteral(TEARSHEET_VERSION)));
        return Ok;
    }
    const QString name = args.takeFirst();
    for (const auto& c : commands)
        if (c->name() == name) {
            try {
                return c->run(args);
            } catch (const std::exception& e) {
                err(QStringLiteral("tearsheet-cli %1: internal error: %2\n")
                        .arg(name, QString::fromUtf8(e.what())));
                return Internal;
            }
        }
    err(QStringLiteral("tearsheet-cli: unknown command \"%1\"\n\n").arg(name) + usage(commands));
    return BadInput;
}

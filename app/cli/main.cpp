// tearsheet-cli: the headless shell over the Tearsheet engine.

#include "cache_command.h"
#include "command.h"
#include "config_command.h"
#include "download_command.h"
#include "fundamentals_command.h"
#include "helper_programs.h"
#include "metrics_command.h"
#include "montecarlo_command.h"
#include "providers_command.h"
#include "schedule_command.h"
#include "shell_setup.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>
#include <memory>

using namespace ts::cli;

namespace {

std::vector<std::unique_ptr<Command>> allCommands() {
    std::vector<std::unique_ptr<Command>> v;
    v.push_back(std::make_unique<MetricsCommand>());
    v.push_back(std::make_unique<MonteCarloCommand>());
    v.push_back(std::make_unique<DownloadCommand>());
    v.push_back(std::make_unique<CacheCommand>());
    v.push_back(std::make_unique<ProvidersCommand>());
    v.push_back(std::make_unique<ConfigCommand>());
    v.push_back(std::make_unique<FundamentalsCommand>());
    v.push_back(std::make_unique<HandOffCommand>(
        QStringLiteral("report"),
        QStringLiteral("Tearsheet report as HTML, PDF, JSON, or one chart as PNG/SVG"), "tearsheet-render"));
    v.push_back(std::make_unique<ScheduleCommand>());
    v.push_back(std::make_unique<HandOffCommand>(
        QStringLiteral("serve"),
        QStringLiteral("HTTP API: reports on request, downloads, health and metrics"), "tearsheet-serve"));
    return v;
}

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
    // The version needs nothing set up: answered before the application object exists.
    if (argc >= 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-v") == 0)) {
        std::fputs("tearsheet-cli " TEARSHEET_VERSION "\n", stdout);
        return Ok;
    }
    prepareProcess();
    // No GUI or server library is linked into this program (helper_programs.h).
    QCoreApplication app(argc, argv);
    setUpApplication(/*withAccessLog=*/false);
    const auto commands = allCommands();

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == QStringLiteral("--help") || args.first() == QStringLiteral("-h") ||
        args.first() == QStringLiteral("help")) {
        out(usage(commands));
        return args.isEmpty() ? BadInput : Ok;
    }
    const QString name = args.takeFirst();
    for (const auto& c : commands)
        if (c->name() == name) return runCommand(*c, args);
    err(QStringLiteral("tearsheet-cli: unknown command \"%1\"\n\n").arg(name) + usage(commands));
    return BadInput;
}

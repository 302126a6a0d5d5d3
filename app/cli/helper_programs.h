#pragma once
// tearsheet-cli is the front of three programs, so a command maps only the libraries it uses:
//   tearsheet-cli     metrics, download, cache, providers, config, fundamentals, schedule's refresh
//                     (Qt Core, SQLite; libcurl loaded on the first download)
//   tearsheet-render  report, and every batch or report that schedule and serve draw
//                     (Qt Gui, Widgets, Charts, Svg, PrintSupport)
//   tearsheet-serve   serve (libmicrohttpd, Qt Network)
// `tearsheet-cli report|serve ...` becomes the other program in the same process (exec): same
// options, output, exit codes and process id.

#include "command.h"
#include "util/result.h"

#include <QString>

namespace ts::cli {

// A helper program: beside this executable (the build tree, an image, the helpers themselves),
// else ../libexec/tearsheet/ (an installed package); an error saying so when neither has it.
Result<QString> helperProgram(const char* name);

// A command of tearsheet-cli that another program runs: run() replaces this process by
// `<program> <name> ARGS...`; it returns only when the program cannot start.
class HandOffCommand : public Command {
public:
    HandOffCommand(QString name, QString summary, const char* program)
        : m_name(std::move(name))
        , m_summary(std::move(summary))
        , m_program(program) {}
    QString name() const override { return m_name; }
    QString summary() const override { return m_summary; }
    int run(const QStringList& args) override;

private:
    QString m_name, m_summary;
    const char* m_program;
};

} // namespace ts::cli

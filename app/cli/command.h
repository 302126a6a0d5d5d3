#pragma once
// The headless CLI is a set of command objects, one file each; main() dispatches on the first word.

#include <QStringList>

class QCommandLineParser;

namespace ts::cli {

// Exit codes shared by every command.
enum Exit { Ok = 0, Internal = 1, BadInput = 2, PartialFailure = 3, TotalFailure = 4, Cancelled = 130 };

class Command {
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    // args excludes the program and command name.
    virtual int run(const QStringList& args) = 0;
};

// Writes to stdout/stderr as UTF-8.
void out(const QString& text);
void err(const QString& text);

// Temporary file, then rename: a reader never sees half a file. Creates the folder.
bool writeFileAtomically(const QString& path, const QByteArray& data, QString& error);

// A command's result: to `outPath` (atomically) when one is given, else to stdout. Ok or Internal.
int writeResult(const QString& command, const QString& outPath, const QByteArray& body);

// Parses `args` for command `name` and handles --help; `done` says the command should return the code.
int parseCommandLine(QCommandLineParser& p, const QString& name, const QStringList& args, bool& done);

} // namespace ts::cli

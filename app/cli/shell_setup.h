#pragma once
// What every command-line program does around its command: shared by tearsheet-cli and its
// helpers tearsheet-render and tearsheet-serve, so all three exit and log the same way.

#include "command.h"

namespace ts::cli {

// Before the application object exists: an allocation that fails (serve runs report children
// under an address-space limit) prints one line and exits with 5, the code the server reads as
// "out of memory", instead of an abort; and the allocator setting (util/allocator.h).
void prepareProcess();

// After it: the application's name and version, and the core's loggers on stderr (stdout stays
// clean for tables and JSON; TEARSHEET_DEBUG lowers their level). `withAccessLog` adds serve's
// access log (TEARSHEET_ACCESS_LOG=0 turns it off, TEARSHEET_LOG_FORMAT=json writes bare JSON lines).
void setUpApplication(bool withAccessLog);

// c.run(args); an exception escaping it becomes "tearsheet-cli <name>: internal error: ..." (exit 1).
int runCommand(Command& c, const QStringList& args);

// The rest of a helper's main(): `<program> <c.name()> ARGS...` runs c, anything else is refused.
int runHelper(Command& c, const char* program);

} // namespace ts::cli

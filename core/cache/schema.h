#pragma once
// The cache's schema, as ordered migrations. Each runs in its own IMMEDIATE transaction that
// re-reads the version first, so two processes opening a new file at once apply it only once.

#include "cache/sqlite_db.h"

namespace ts::cache {

int latestSchemaVersion();
Result<int> migrate(Db& db); // returns the version now in force

} // namespace ts::cache

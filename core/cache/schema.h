#pragma once
// The cache's schema, as ordered migrations. Each runs in its own IMMEDIATE transaction that
// re-reads the version first, so two processes opening a new file at once apply it only once.

#include "cache/sqlite_db.h"

#include <memory>

namespace ts::cache {

int latestSchemaVersion();
Result<int> migrate(Db& db); // returns the version now in force
// Opens (or creates) a cache file and brings its schema up to date; a damaged or newer file is
// refused and left as it is.
Result<std::unique_ptr<Db>> openCacheDb(const QString& path, bool create);

} // namespace ts::cache

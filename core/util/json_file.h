#pragma once
// A JSON object read from a file a user names (settings, report configs, workspaces): bounded in
// size before it is read, its encoding checked, and a parse error given with its byte offset.

#include "util/input_limits.h"
#include "util/result.h"

#include <QJsonObject>

namespace ts {

// `what` names the kind of file in messages ("a report config").
Result<QJsonObject> readJsonObjectFile(const QString& path, const QString& what,
                                       qint64 maxBytes = limits::kMaxConfigFileBytes);

} // namespace ts

#pragma once
// Names that come from input, checked once where they enter. A report name becomes a file stem in
// a batch (with companions beside it), so it must be a plain, visible file name; a display name
// (a series or column label) only needs to stay short and printable.

#include "util/result.h"

namespace ts {

// Non-empty, at most limits::kMaxNameChars, no '/' or '\', no control characters, not starting
// with '.'. `what` names it in the message ("report 2").
Result<QString> checkFileStem(const QString& name, const QString& what);

// At most limits::kMaxNameChars and no control characters (an empty name is allowed).
Result<QString> checkDisplayName(const QString& name, const QString& what);

} // namespace ts

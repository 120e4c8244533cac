#pragma once
/// @file atomic_file.h
/// Files that are either complete or absent.

#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// Writes `content` to "<path>.tmp-<pid>" and renames it to `path`, so a reader never sees a half-written
/// file and a failure leaves the old file (if any) in place. @throws Error(ErrorCode::Output) naming the
/// path.
CITYTWIN_CORE_API void writeFileAtomically(const std::string& path, const std::string& content);

}  // namespace citytwin::core

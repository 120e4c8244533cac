#pragma once
/// @file hash.h
/// SHA-256 (FIPS 180-4), for recording input files in run manifests.

#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// Lowercase hex SHA-256 of a byte string.
CITYTWIN_CORE_API std::string sha256Hex(const std::string& bytes);
/// Lowercase hex SHA-256 of a file's content, read in blocks. @throws Error(FileNotFound) naming the file.
CITYTWIN_CORE_API std::string sha256File(const std::string& path);

}  // namespace citytwin::core

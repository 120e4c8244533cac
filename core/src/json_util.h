#pragma once
// Parsing JSON from files users give us (scenarios, CityJSON, manifests): every failure a clean Error naming the
// file, line and key; documents nested absurdly deep refused before they can exhaust the stack; a key given twice
// in one object refused instead of silently keeping the last (private to core).

#include <nlohmann/json.hpp>
#include <string>

#include "citytwin/core/error.h"

namespace citytwin::core::detail {

/// Deepest nesting accepted. CityJSON boundaries of a composite solid reach about 10 levels.
constexpr int kMaxJsonDepth = 100;

/// Parses `text`. @throws Error(`code`) with context file = `file` for invalid JSON (with the line), numbers out of
/// range (with the key), nesting deeper than kMaxJsonDepth, and a key repeated in one object (with its path).
nlohmann::json parseJson(const std::string& text, const std::string& file, ErrorCode code);

}  // namespace citytwin::core::detail

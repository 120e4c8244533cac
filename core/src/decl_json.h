#pragma once
// JSON forms of output declarations, shared by `describe --json` and the run folder's manifest (private to core).

#include <nlohmann/json.hpp>

#include "citytwin/sdk/outputs.h"

namespace citytwin::core::detail {

/// {"id", "label", "kind", "unit", "description", "style": {...}} as documented in docs/results-format.md.
nlohmann::ordered_json outputDeclJson(const sdk::OutputDecl& decl);
/// The inverse; missing members keep their defaults. `where` names the file for messages.
/// @throws Error(FileFormat) naming `where` for members of the wrong type or unknown kinds.
sdk::OutputDecl outputDeclFromJson(const nlohmann::json& j, const std::string& where);

}  // namespace citytwin::core::detail

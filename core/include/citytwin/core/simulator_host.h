#pragma once
/// @file simulator_host.h
/// What every host (CLI, GUI, tests) does with simulator declarations: check them, turn scenario blocks and
/// --set overrides into checked parameter values, and describe simulators (text, JSON, Markdown).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/export.h"
#include "citytwin/sdk/simulator.h"

namespace citytwin::core {

/// Problems with a simulator's own declarations (ids not snake_case or repeated, defaults of the wrong type
/// or out of range, choices without a default among them, ...). Empty when sane.
CITYTWIN_CORE_API std::vector<std::string> checkDescription(const sdk::Description& description);

/// Parses a value written as JSON (in a scenario's simulator block) for a declaration. On failure returns
/// monostate and sets `problem`.
CITYTWIN_CORE_API sdk::ParamValue parseParamJson(const sdk::ParamDecl& decl, const std::string& json,
                                                 std::string& problem);
/// Parses a value typed on the command line (--set): JSON, or bare text for strings, choices and layers, and
/// yes/no/on/off for booleans.
CITYTWIN_CORE_API sdk::ParamValue parseParamText(const sdk::ParamDecl& decl, const std::string& text,
                                                 std::string& problem);
/// Checks a value against its declaration: type, range (also of series values), choices, strictly increasing
/// series times. Returns "" when fine.
CITYTWIN_CORE_API std::string checkParamValue(const sdk::ParamDecl& decl, const sdk::ParamValue& value);

/// The parameter set of one run: defaults, then the scenario's block for this simulator (a JSON object as
/// text, may be empty), then the overrides (parameter id, text as typed on a command line or in a form).
/// Every problem is appended to `problems` (unknown parameter, wrong type, out of range, missing required
/// value), with
/// "(in the scenario)" or `overridesWhere` ("in --set", "in the form") saying where the value came from;
/// nothing throws. File parameters become absolute paths: relative to `scenarioDir` for values in the scenario
/// (the scenario file's folder; the current folder when empty), to the current folder for overrides; a file that
/// does not exist or is not a regular file is a problem naming the path.
CITYTWIN_CORE_API sdk::ParameterSet resolveParameters(
    const sdk::Description& description, const std::string& scenarioBlockJson,
    const std::vector<std::pair<std::string, std::string>>& overrides, std::vector<sdk::Problem>& problems,
    const std::string& overridesWhere = "in --set", const std::string& scenarioDir = "");

/// Checks Layer parameters against the model: the layer must exist ("terrain", "buildings", "roads", a
/// scenario layer, or one of `coupled`: outputs of earlier simulators, name "<sim>.<output>" -> "raster" or
/// "vector") and be of the declared kind.
CITYTWIN_CORE_API void checkLayerParameters(const sdk::Description& description,
                                            const sdk::ParameterSet& params, const CityModel& model,
                                            std::vector<sdk::Problem>& problems,
                                            const std::map<std::string, std::string>& coupled = {});

/// `citytwin-cli describe --json`: the stable JSON form documented in docs/sdk.md.
CITYTWIN_CORE_API std::string describeJson(const sdk::Description& description, const std::string& file);
/// `citytwin-cli describe`: a human-readable page.
CITYTWIN_CORE_API std::string describeText(const sdk::Description& description, const std::string& file);
/// The parameter and output tables for a simulator's README (Markdown).
CITYTWIN_CORE_API std::string describeMarkdown(const sdk::Description& description);

}  // namespace citytwin::core

#pragma once
/// @file declare.h
/// Short helpers for writing a simulator's declarations (parameters.h) and reading list-like parameters.
/// Header-only; everything here is also reachable by filling the structs by hand.

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/sdk/parameters.h"

namespace citytwin::sdk {

/// A parameter of any type. `defaultValue` monostate = required; `min`/`max` bound numbers and series values.
inline ParamDecl param(std::string id, std::string label, std::string help, ParamType type, std::string unit,
                       ParamValue defaultValue, std::optional<double> min, std::optional<double> max,
                       std::string group, bool advanced = false) {
    ParamDecl d;
    d.id = std::move(id);
    d.label = std::move(label);
    d.help = std::move(help);
    d.type = type;
    d.unit = std::move(unit);
    d.defaultValue = std::move(defaultValue);
    d.min = min;
    d.max = max;
    d.group = std::move(group);
    d.advanced = advanced;
    return d;
}

/// One of `choices`, defaulting to `defaultChoice`.
inline ParamDecl choiceParam(std::string id, std::string label, std::string help,
                             std::vector<std::string> choices, std::string defaultChoice, std::string group,
                             bool advanced = false) {
    ParamDecl d = param(std::move(id), std::move(label), std::move(help), ParamType::Choice, "",
                        std::move(defaultChoice), {}, {}, std::move(group), advanced);
    d.choices = std::move(choices);
    return d;
}

/// An optional layer of the city model ("" = none) of kind "raster", "vector" or "" (either).
inline ParamDecl layerParam(std::string id, std::string label, std::string help, std::string kind,
                            std::string group, bool advanced = false) {
    ParamDecl d = param(std::move(id), std::move(label), std::move(help), ParamType::Layer, "", std::string(),
                        {}, {}, std::move(group), advanced);
    d.layerKind = std::move(kind);
    return d;
}

/// An optional time series (empty = none) of non-negative values in `unit`.
inline ParamDecl seriesParam(std::string id, std::string label, std::string help, std::string unit,
                             std::string group, bool advanced = false) {
    return param(std::move(id), std::move(label), std::move(help), ParamType::Series, std::move(unit),
                 std::vector<TimeValue>{}, 0.0, {}, std::move(group), advanced);
}

/// An optional list of points in the project CRS (empty = none).
inline ParamDecl pointsParam(std::string id, std::string label, std::string help, std::string group,
                             bool advanced = false) {
    return param(std::move(id), std::move(label), std::move(help), ParamType::Points, "m",
                 std::vector<core::Point>{}, {}, {}, std::move(group), advanced);
}

/// The items of a comma-separated string parameter, trimmed, empty items dropped ("a, b,,c" -> a, b, c).
inline std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, item.find_last_not_of(" \t") - b + 1));
    }
    return out;
}

}  // namespace citytwin::sdk

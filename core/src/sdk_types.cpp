// Small functions of the SDK types (parameters.h, outputs.h).

#include <cstdio>
#include <nlohmann/json.hpp>

#include "citytwin/core/error.h"
#include "citytwin/sdk/outputs.h"
#include "citytwin/sdk/parameters.h"

namespace citytwin::sdk {

const char* toString(ParamType type) {
    switch (type) {
        case ParamType::Bool:
            return "bool";
        case ParamType::Integer:
            return "integer";
        case ParamType::Real:
            return "real";
        case ParamType::String:
            return "string";
        case ParamType::Choice:
            return "choice";
        case ParamType::Series:
            return "series";
        case ParamType::Points:
            return "points";
        case ParamType::Layer:
            return "layer";
    }
    return "?";
}

const char* toString(OutputKind kind) {
    switch (kind) {
        case OutputKind::Raster:
            return "raster";
        case OutputKind::RasterSeries:
            return "raster_series";
        case OutputKind::Vector:
            return "vector";
        case OutputKind::Table:
            return "table";
        case OutputKind::Scalar:
            return "scalar";
    }
    return "?";
}

bool ParameterSet::has(const std::string& id) const {
    auto it = values_.find(id);
    return it != values_.end() && !std::holds_alternative<std::monostate>(it->second);
}

const ParamValue& ParameterSet::get(const std::string& id) const {
    auto it = values_.find(id);
    if (it == values_.end() || std::holds_alternative<std::monostate>(it->second))
        throw core::Error(core::ErrorCode::Validation, "parameter has no value",
                          core::Error::Context{{}, {}, id});
    return it->second;
}

namespace {
[[noreturn]] void wrongType(const std::string& id, const char* wanted) {
    throw core::Error(core::ErrorCode::Validation, std::string("parameter is not ") + wanted,
                      core::Error::Context{{}, {}, id});
}
}  // namespace

bool ParameterSet::getBool(const std::string& id) const {
    const ParamValue& v = get(id);
    if (!std::holds_alternative<bool>(v)) wrongType(id, "a boolean");
    return std::get<bool>(v);
}

std::int64_t ParameterSet::getInteger(const std::string& id) const {
    const ParamValue& v = get(id);
    if (!std::holds_alternative<std::int64_t>(v)) wrongType(id, "an integer");
    return std::get<std::int64_t>(v);
}

double ParameterSet::getReal(const std::string& id) const {
    const ParamValue& v = get(id);
    if (std::holds_alternative<double>(v)) return std::get<double>(v);
    if (std::holds_alternative<std::int64_t>(v)) return static_cast<double>(std::get<std::int64_t>(v));
    wrongType(id, "a number");
}

const std::string& ParameterSet::getString(const std::string& id) const {
    const ParamValue& v = get(id);
    if (!std::holds_alternative<std::string>(v)) wrongType(id, "text");
    return std::get<std::string>(v);
}

const std::vector<TimeValue>& ParameterSet::getSeries(const std::string& id) const {
    const ParamValue& v = get(id);
    if (!std::holds_alternative<std::vector<TimeValue>>(v)) wrongType(id, "a time series");
    return std::get<std::vector<TimeValue>>(v);
}

const std::vector<core::Point>& ParameterSet::getPoints(const std::string& id) const {
    const ParamValue& v = get(id);
    if (!std::holds_alternative<std::vector<core::Point>>(v)) wrongType(id, "a list of points");
    return std::get<std::vector<core::Point>>(v);
}

std::string toJson(const ParamValue& value) {
    using nlohmann::json;
    json j;
    if (std::holds_alternative<bool>(value))
        j = std::get<bool>(value);
    else if (std::holds_alternative<std::int64_t>(value))
        j = std::get<std::int64_t>(value);
    else if (std::holds_alternative<double>(value))
        j = std::get<double>(value);
    else if (std::holds_alternative<std::string>(value))
        j = std::get<std::string>(value);
    else if (std::holds_alternative<std::vector<TimeValue>>(value)) {
        j = json::array();
        for (const TimeValue& tv : std::get<std::vector<TimeValue>>(value))
            j.push_back({tv.timeS, tv.value});
    } else if (std::holds_alternative<std::vector<core::Point>>(value)) {
        j = json::array();
        for (const core::Point& p : std::get<std::vector<core::Point>>(value))
            j.push_back({p.x, p.y});
    }
    return j.dump();
}

}  // namespace citytwin::sdk

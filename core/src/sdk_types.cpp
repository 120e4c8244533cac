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
        case ParamType::File:
            return "file";
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

void ParameterSet::set(const std::string& id, ParamValue value) {
    auto it = index_.find(id);
    if (it != index_.end()) {
        entries_[it->second].second = std::move(value);
        return;
    }
    index_[id] = entries_.size();
    entries_.emplace_back(id, std::move(value));
}

bool ParameterSet::has(const std::string& id) const {
    auto it = index_.find(id);
    return it != index_.end() && !std::holds_alternative<std::monostate>(entries_[it->second].second);
}

const ParamValue& ParameterSet::get(const std::string& id) const {
    auto it = index_.find(id);
    if (it == index_.end() || std::holds_alternative<std::monostate>(entries_[it->second].second))
        throw core::Error(core::ErrorCode::Validation, "parameter has no value",
                          core::Error::Context{{}, {}, id});
    return entries_[it->second].second;
}

namespace {
[[noreturn]] void wrongType(const std::string& id, const char* wanted) {
    throw core::Error(core::ErrorCode::Validation, std::string("parameter is not ") + wanted,
                      core::Error::Context{{}, {}, id});
}
const char* alternativeName(std::size_t alternative) {
    switch (alternative) {
        case 1:
            return "a boolean";
        case 2:
            return "an integer";
        case 3:
            return "a number";
        case 4:
            return "text";
        case 5:
            return "a time series";
        case 6:
            return "a list of points";
        default:
            return "of the declared type";
    }
}
}  // namespace

const ParamValue& ParameterSet::typed(const std::string& id, std::size_t index, std::size_t alternative) const {
    // The host resolves values in declaration order, so the handle's index is the position; the id check
    // keeps a set built by hand (tests, another order) correct through the look-up below.
    const ParamValue* v = nullptr;
    if (index < entries_.size() && entries_[index].first == id)
        v = &entries_[index].second;
    else
        v = &get(id);
    if (std::holds_alternative<std::monostate>(*v))
        throw core::Error(core::ErrorCode::Validation, "parameter has no value", core::Error::Context{{}, {}, id});
    if (v->index() == alternative || (alternative == 3 && v->index() == 2)) return *v;
    wrongType(id, alternativeName(alternative));
}

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

const char* toString(DrawAs d) {
    switch (d) {
        case DrawAs::Default:
            return "default";
        case DrawAs::DrapedRaster:
            return "draped_raster";
        case DrawAs::WaterSurface:
            return "water_surface";
        case DrawAs::ExtrudedPolygons:
            return "extruded_polygons";
        case DrawAs::FlatPolygons:
            return "flat_polygons";
        case DrawAs::Lines:
            return "lines";
        case DrawAs::Lines3D:
            return "lines_3d";
        case DrawAs::Points:
            return "points";
        case DrawAs::Hidden:
            return "hidden";
    }
    return "default";
}

bool drawAsFromString(const std::string& text, DrawAs& out) {
    for (DrawAs d : {DrawAs::Default, DrawAs::DrapedRaster, DrawAs::WaterSurface, DrawAs::ExtrudedPolygons,
                     DrawAs::FlatPolygons, DrawAs::Lines, DrawAs::Lines3D, DrawAs::Points, DrawAs::Hidden})
        if (text == toString(d)) {
            out = d;
            return true;
        }
    return false;
}

const char* toString(TableRole r) {
    switch (r) {
        case TableRole::Plain:
            return "plain";
        case TableRole::TimeSeries:
            return "time_series";
        case TableRole::Profile:
            return "profile";
        case TableRole::Matrix:
            return "matrix";
    }
    return "plain";
}

bool tableRoleFromString(const std::string& text, TableRole& out) {
    for (TableRole r : {TableRole::Plain, TableRole::TimeSeries, TableRole::Profile, TableRole::Matrix})
        if (text == toString(r)) {
            out = r;
            return true;
        }
    return false;
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

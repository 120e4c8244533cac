#include "citytwin/core/simulator_host.h"

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "citytwin/sdk/version.h"
#include "decl_json.h"
#include "text_util.h"

namespace citytwin::core {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using sdk::ParamDecl;
using sdk::ParamType;
using sdk::ParamValue;

namespace {

using detail::lower;
std::string num(double v) {
    return detail::number(v);
}

bool isSnakeCase(const std::string& s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

/// Converts parsed JSON to a value of the declared type, or explains why not.
ParamValue fromJson(const ParamDecl& d, const json& j, std::string& problem) {
    auto expected = [&](const std::string& what) {
        problem = "expected " + what + ", got " + j.dump();
        return ParamValue{};
    };
    switch (d.type) {
        case ParamType::Bool:
            if (!j.is_boolean()) return expected("true or false");
            return j.get<bool>();
        case ParamType::Integer:
            if (j.is_number_integer()) return j.get<std::int64_t>();
            if (j.is_number_float() && std::floor(j.get<double>()) == j.get<double>() &&
                std::abs(j.get<double>()) < 9e15)
                return static_cast<std::int64_t>(j.get<double>());
            return expected("a whole number");
        case ParamType::Real:
            if (!j.is_number())
                return expected("a number" + (d.unit.empty() ? std::string() : " in " + d.unit));
            return j.get<double>();
        case ParamType::String:
        case ParamType::Choice:
        case ParamType::Layer:
        case ParamType::File:
            if (!j.is_string()) return expected(d.type == ParamType::File ? "a file path" : "text");
            return j.get<std::string>();
        case ParamType::Series: {
            if (!j.is_array()) return expected("a series [[time_s, value], ...]");
            std::vector<sdk::TimeValue> s;
            for (const json& row : j) {
                if (!row.is_array() || row.size() != 2 || !row[0].is_number() || !row[1].is_number())
                    return expected("a series [[time_s, value], ...]");
                s.push_back({row[0].get<double>(), row[1].get<double>()});
            }
            return s;
        }
        case ParamType::Points: {
            if (!j.is_array()) return expected("points [[x, y], ...]");
            std::vector<Point> pts;
            for (const json& row : j) {
                if (!row.is_array() || row.size() != 2 || !row[0].is_number() || !row[1].is_number())
                    return expected("points [[x, y], ...]");
                pts.push_back({row[0].get<double>(), row[1].get<double>()});
            }
            return pts;
        }
    }
    problem = "unsupported parameter type";
    return {};
}

/// What a value of this declaration looks like, for messages.
std::string typeDescription(const ParamDecl& d) {
    switch (d.type) {
        case ParamType::Bool:
            return "true or false";
        case ParamType::Integer:
            return "a whole number";
        case ParamType::Real:
            return "a number" + (d.unit.empty() ? std::string() : " in " + d.unit);
        case ParamType::String:
            return "text";
        case ParamType::Choice:
            return "one of the choices";
        case ParamType::Series:
            return "a series [[time_s, value], ...]";
        case ParamType::Points:
            return "points [[x, y], ...]";
        case ParamType::Layer:
            return "a layer name";
        case ParamType::File:
            return "a file path";
    }
    return "a value";
}

std::string rangeText(const ParamDecl& d) {
    return d.range.text();
}

std::string valueText(const ParamValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return "(required)";
    if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
    if (std::holds_alternative<double>(v)) return num(std::get<double>(v));
    return sdk::toJson(v);
}

}  // namespace

std::vector<std::string> checkDescription(const sdk::Description& d) {
    std::vector<std::string> out;
    if (!isSnakeCase(d.info.id)) out.push_back("simulator id '" + d.info.id + "' is not snake_case");
    if (d.info.name.empty()) out.push_back("simulator has no name");
    if (d.info.version.empty()) out.push_back("simulator has no version");
    std::set<std::string> ids;
    for (const ParamDecl& p : d.parameters) {
        if (!isSnakeCase(p.id)) out.push_back("parameter id '" + p.id + "' is not snake_case");
        if (!ids.insert(p.id).second) out.push_back("parameter '" + p.id + "' is declared twice");
        if (p.label.empty()) out.push_back("parameter '" + p.id + "' has no label");
        if (p.type == ParamType::Choice && p.choices.empty())
            out.push_back("parameter '" + p.id + "' is a choice without choices");
        if (p.range.min && p.range.max && *p.range.min > *p.range.max)
            out.push_back("parameter '" + p.id + "' has min > max");
        if (p.type == ParamType::Choice && !p.choiceHelp.empty() && p.choiceHelp.size() != p.choices.size())
            out.push_back("parameter '" + p.id + "' has help for " + std::to_string(p.choiceHelp.size()) +
                          " of its " + std::to_string(p.choices.size()) + " choices");
        if (p.help.empty()) out.push_back("parameter '" + p.id + "' has no help text");
        if (!p.required()) {
            const std::string why = checkParamValue(p, p.defaultValue);
            if (!why.empty()) out.push_back("parameter '" + p.id + "' default: " + why);
        }
    }
    std::set<std::string> outs;
    for (const sdk::OutputDecl& o : d.outputs) {
        if (!isSnakeCase(o.id)) out.push_back("output id '" + o.id + "' is not snake_case");
        if (!outs.insert(o.id).second) out.push_back("output '" + o.id + "' is declared twice");
        if (o.label.empty()) out.push_back("output '" + o.id + "' has no label");
        if (o.description.empty()) out.push_back("output '" + o.id + "' has no description");
        using sdk::DrawAs;
        using sdk::OutputKind;
        const DrawAs da = o.style.drawAs;
        const bool grid = o.kind == OutputKind::Raster || o.kind == OutputKind::RasterSeries;
        const bool rasterDraw = da == DrawAs::DrapedRaster || da == DrawAs::WaterSurface;
        const bool vectorDraw = da == DrawAs::ExtrudedPolygons || da == DrawAs::FlatPolygons ||
                                da == DrawAs::Lines || da == DrawAs::Lines3D || da == DrawAs::Points;
        if ((grid && vectorDraw) || (o.kind == OutputKind::Vector && rasterDraw) ||
            ((o.kind == OutputKind::Table || o.kind == OutputKind::Scalar) && da != DrawAs::Hidden &&
             da != DrawAs::Default))
            out.push_back("output '" + o.id + "' is a " + sdk::toString(o.kind) + " but is declared to be drawn as " +
                          sdk::toString(da));
        if (o.kind != OutputKind::Table && o.style.tableRole != sdk::TableRole::Plain)
            out.push_back("output '" + o.id + "' is not a table but declares a table role");
        if (o.style.tableRole != sdk::TableRole::Plain && o.style.xColumn.empty())
            out.push_back("output '" + o.id + "' is a " + sdk::toString(o.style.tableRole) +
                          " table without its x column");
        if (o.style.tableRole == sdk::TableRole::Matrix && o.style.groupColumn.empty())
            out.push_back("output '" + o.id + "' is a matrix table without its destination column");
    }
    return out;
}

ParamValue parseParamJson(const ParamDecl& decl, const std::string& text, std::string& problem) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception&) {  // parse errors and number overflow (1e309)
        problem = "expected " + typeDescription(decl) + ", got '" + text + "'";
        return {};
    }
    return fromJson(decl, j, problem);
}

ParamValue parseParamText(const ParamDecl& decl, const std::string& text, std::string& problem) {
    switch (decl.type) {
        case ParamType::String:
        case ParamType::Choice:
        case ParamType::Layer:
        case ParamType::File:
            // Bare text, or a quoted JSON string.
            if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
                return parseParamJson(decl, text, problem);
            return text;
        case ParamType::Bool: {
            const std::string l = lower(text);
            if (l == "true" || l == "yes" || l == "on" || l == "1") return true;
            if (l == "false" || l == "no" || l == "off" || l == "0") return false;
            problem = "expected true or false, got '" + text + "'";
            return {};
        }
        default:
            return parseParamJson(decl, text, problem);
    }
}

std::string checkParamValue(const ParamDecl& d, const ParamValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return "no value";
    auto inRange = [&](double x) { return d.range.contains(x); };
    auto outOfRange = [&](double x) {
        return "value " + num(x) + (d.unit.empty() ? "" : " " + d.unit) + " is out of range (" +
               rangeText(d) + ")";
    };
    switch (d.type) {
        case ParamType::Bool:
            return std::holds_alternative<bool>(v) ? "" : "expected true or false";
        case ParamType::Integer:
            if (!std::holds_alternative<std::int64_t>(v)) return "expected a whole number";
            return inRange(static_cast<double>(std::get<std::int64_t>(v)))
                       ? ""
                       : outOfRange(static_cast<double>(std::get<std::int64_t>(v)));
        case ParamType::Real: {
            double x = 0;
            if (std::holds_alternative<double>(v))
                x = std::get<double>(v);
            else if (std::holds_alternative<std::int64_t>(v))
                x = static_cast<double>(std::get<std::int64_t>(v));
            else
                return "expected a number";
            return inRange(x) ? "" : outOfRange(x);
        }
        case ParamType::String:
        case ParamType::Layer:
        case ParamType::File:
            return std::holds_alternative<std::string>(v) ? "" : "expected text";
        case ParamType::Choice: {
            if (!std::holds_alternative<std::string>(v)) return "expected one of the choices";
            const std::string& s = std::get<std::string>(v);
            if (std::find(d.choices.begin(), d.choices.end(), s) != d.choices.end()) return "";
            std::string list;
            for (const std::string& c : d.choices)
                list += (list.empty() ? "" : ", ") + c;
            return "'" + s + "' is not one of: " + list;
        }
        case ParamType::Series: {
            if (!std::holds_alternative<std::vector<sdk::TimeValue>>(v)) return "expected a time series";
            const auto& s = std::get<std::vector<sdk::TimeValue>>(v);
            // An empty series means "none" (an optional hyetograph, say); the simulator decides what that
            // means.
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (!std::isfinite(s[i].timeS) || s[i].timeS < 0)
                    return "time " + num(s[i].timeS) + " s at row " + std::to_string(i + 1) +
                           " is negative or not a number";
                if (i > 0 && !(s[i].timeS > s[i - 1].timeS))
                    return "times must increase strictly: row " + std::to_string(i + 1) + " has " +
                           num(s[i].timeS) + " s after " + num(s[i - 1].timeS) + " s";
                if (!inRange(s[i].value))
                    return "row " + std::to_string(i + 1) + ": " + outOfRange(s[i].value);
            }
            return "";
        }
        case ParamType::Points: {
            if (!std::holds_alternative<std::vector<Point>>(v)) return "expected a list of points";
            for (const Point& p : std::get<std::vector<Point>>(v))
                if (!std::isfinite(p.x) || !std::isfinite(p.y))
                    return "a point has a coordinate that is not a number";
            return "";
        }
    }
    return "unsupported type";
}

namespace {

/// A file parameter's value made absolute and checked; "" stays "" (none).
std::string resolveFile(const std::string& value, const std::string& base, std::string& problem) {
    namespace fs = std::filesystem;
    if (value.empty()) return value;
    fs::path p(value);
    std::error_code ec;
    if (p.is_relative()) p = (base.empty() ? fs::current_path(ec) : fs::absolute(base, ec)) / p;
    p = p.lexically_normal();
    if (!fs::exists(p, ec))
        problem = "file not found: " + p.string();
    else if (!fs::is_regular_file(p, ec))
        problem = "not a regular file: " + p.string();
    return p.string();
}

}  // namespace

sdk::ParameterSet resolveParameters(const sdk::Description& d, const std::string& blockJson,
                                    const std::vector<std::pair<std::string, std::string>>& overrides,
                                    std::vector<sdk::Problem>& problems, const std::string& overridesWhere,
                                    const std::string& scenarioDir) {
    const std::string& sim = d.info.id;
    sdk::ParameterSet set;
    for (const ParamDecl& p : d.parameters)
        set.set(p.id, p.defaultValue);
    auto findDecl = [&](const std::string& id) -> const ParamDecl* {
        for (const ParamDecl& p : d.parameters)
            if (p.id == id) return &p;
        return nullptr;
    };
    auto unknown = [&](const std::string& id, const std::string& where) {
        std::string list;
        for (const ParamDecl& p : d.parameters)
            list += (list.empty() ? "" : ", ") + p.id;
        problems.push_back({sim, id, "unknown parameter (" + where + "); '" + sim + "' has: " + list});
    };
    if (!blockJson.empty()) {
        json block;
        try {
            block = json::parse(blockJson);
        } catch (const json::exception&) {
            problems.push_back({sim, {}, "the scenario's simulator block is not valid JSON"});
        }
        if (block.is_object()) {
            for (auto it = block.begin(); it != block.end(); ++it) {
                const ParamDecl* decl = findDecl(it.key());
                if (!decl) {
                    unknown(it.key(), "in the scenario");
                    continue;
                }
                std::string problem;
                ParamValue v = fromJson(*decl, it.value(), problem);
                if (problem.empty()) problem = checkParamValue(*decl, v);
                if (problem.empty() && decl->type == ParamType::File)
                    v = resolveFile(std::get<std::string>(v), scenarioDir, problem);
                if (!problem.empty()) {
                    problems.push_back({sim, decl->id, problem + " (in the scenario)"});
                    continue;
                }
                set.set(decl->id, std::move(v));
            }
        }
    }
    for (const auto& [id, text] : overrides) {
        const ParamDecl* decl = findDecl(id);
        if (!decl) {
            unknown(id, overridesWhere);
            continue;
        }
        std::string problem;
        ParamValue v = parseParamText(*decl, text, problem);
        if (problem.empty()) problem = checkParamValue(*decl, v);
        if (problem.empty() && decl->type == ParamType::File)
            v = resolveFile(std::get<std::string>(v), std::string(), problem);
        if (!problem.empty()) {
            problems.push_back({sim, decl->id, problem + " (" + overridesWhere + ")"});
            continue;
        }
        set.set(decl->id, std::move(v));
    }
    for (const ParamDecl& p : d.parameters)
        if (!set.has(p.id)) problems.push_back({sim, p.id, "required parameter has no value"});
    return set;
}

void checkLayerParameters(const sdk::Description& d, const sdk::ParameterSet& params, const CityModel& model,
                          std::vector<sdk::Problem>& problems, const std::map<std::string, std::string>& coupled) {
    for (const ParamDecl& p : d.parameters) {
        if (p.type != ParamType::Layer || !params.has(p.id)) continue;
        const std::string& name = params.getString(p.id);
        if (name.empty()) continue;  // an optional layer left unset
        const auto c = coupled.find(name);
        const bool raster = name == "terrain"                ? model.hasTerrain()
                            : c != coupled.end()             ? c->second == "raster"
                                                             : model.rasters.count(name) > 0;
        const bool vector = (name == "buildings" && !model.buildings.empty()) ||
                            (name == "roads" && !model.roads.empty()) || model.vectors.count(name) > 0 ||
                            (c != coupled.end() && c->second == "vector");
        if (!raster && !vector) {
            std::string list;
            if (model.hasTerrain()) list += "terrain";
            if (!model.buildings.empty()) list += std::string(list.empty() ? "" : ", ") + "buildings";
            if (!model.roads.empty()) list += std::string(list.empty() ? "" : ", ") + "roads";
            for (const auto& [n, r] : model.rasters)
                list += (list.empty() ? "" : ", ") + n;
            for (const auto& [n, v] : model.vectors)
                list += (list.empty() ? "" : ", ") + n;
            for (const auto& [n, kind] : coupled)
                list += (list.empty() ? "" : ", ") + n;
            problems.push_back({d.info.id, p.id,
                                "input layer '" + name + "' is not in the city model (layers: " +
                                    (list.empty() ? "none" : list) + ")"});
        } else if (p.layerKind == "raster" && !raster) {
            problems.push_back(
                {d.info.id, p.id, "layer '" + name + "' is a vector layer; a raster is needed"});
        } else if (p.layerKind == "vector" && !vector) {
            problems.push_back(
                {d.info.id, p.id, "layer '" + name + "' is a raster layer; a vector layer is needed"});
        }
    }
}

namespace {
ojson valueJson(const ParamValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return nullptr;
    return ojson::parse(sdk::toJson(v));
}
}  // namespace

std::string describeJson(const sdk::Description& d, const std::string& file) {
    ojson o;
    o["id"] = d.info.id;
    o["name"] = d.info.name;
    o["version"] = d.info.version;
    o["summary"] = d.info.summary;
    o["references"] = d.info.references;
    o["file"] = file;
    o["sdk_version"] = CITYTWIN_SDK_VERSION;
    ojson params = ojson::array();
    for (const ParamDecl& p : d.parameters) {
        ojson j;
        j["id"] = p.id;
        j["label"] = p.label;
        j["help"] = p.help;
        j["type"] = sdk::toString(p.type);
        j["unit"] = p.unit;
        j["default"] = valueJson(p.defaultValue);
        j["required"] = p.required();
        j["min"] = p.range.min ? ojson(*p.range.min) : ojson(nullptr);
        j["max"] = p.range.max ? ojson(*p.range.max) : ojson(nullptr);
        j["choices"] = p.choices;
        j["choice_help"] = p.choiceHelp;
        j["layer_kind"] = p.layerKind;
        j["file_filter"] = p.fileFilter;
        j["group"] = p.group;
        j["advanced"] = p.advanced;
        params.push_back(j);
    }
    o["parameters"] = params;
    ojson outs = ojson::array();
    for (const sdk::OutputDecl& out : d.outputs)
        outs.push_back(detail::outputDeclJson(out));
    o["outputs"] = outs;
    return o.dump(2) + "\n";
}

std::string describeText(const sdk::Description& d, const std::string& file) {
    std::ostringstream o;
    o << d.info.id << " " << d.info.version << " — " << d.info.name << "\n";
    if (!d.info.summary.empty()) o << d.info.summary << "\n";
    if (!file.empty()) o << "module: " << file << "\n";
    if (!d.info.references.empty()) {
        o << "references:\n";
        for (const std::string& r : d.info.references)
            o << "  - " << r << "\n";
    }
    o << "\nparameters (--set " << d.info.id << ".<id>=<value>):\n";
    std::string group = "\x01";
    for (const ParamDecl& p : d.parameters) {
        if (p.group != group) {
            group = p.group;
            if (!group.empty()) o << "  [" << group << "]\n";
        }
        o << "  " << p.id << "  (" << sdk::toString(p.type) << (p.unit.empty() ? "" : ", " + p.unit) << ")"
          << (p.advanced ? "  advanced" : "") << "\n";
        o << "      " << p.label << ". " << p.help << "\n";
        o << "      default: " << valueText(p.defaultValue);
        if (!rangeText(p).empty()) o << "; range: " << rangeText(p);
        if (!p.choices.empty()) {
            o << "; choices:";
            for (const std::string& c : p.choices)
                o << " " << c;
        }
        if (!p.layerKind.empty()) o << "; a " << p.layerKind << " layer";
        o << "\n";
    }
    o << "\noutputs:\n";
    for (const sdk::OutputDecl& out : d.outputs)
        o << "  " << out.id << "  (" << sdk::toString(out.kind) << (out.unit.empty() ? "" : ", " + out.unit)
          << ")\n      " << out.label << ". " << out.description << "\n";
    return o.str();
}

std::string describeMarkdown(const sdk::Description& d) {
    std::ostringstream o;
    o << "| id | type | unit | default | range / choices | description |\n|---|---|---|---|---|---|\n";
    for (const ParamDecl& p : d.parameters) {
        std::string range = rangeText(p);
        for (const std::string& c : p.choices)
            range += (range.empty() ? "" : ", ") + c;
        std::string text = p.label + ". " + p.help;
        std::replace(text.begin(), text.end(), '|', '/');
        o << "| `" << p.id << "` | " << sdk::toString(p.type) << " | " << p.unit << " | "
          << valueText(p.defaultValue) << " | " << range << " | " << text << (p.advanced ? " (advanced)" : "")
          << " |\n";
    }
    o << "\n| output | kind | unit | description |\n|---|---|---|---|\n";
    for (const sdk::OutputDecl& out : d.outputs) {
        std::string text = out.label + ". " + out.description;
        std::replace(text.begin(), text.end(), '|', '/');
        o << "| `" << out.id << "` | " << sdk::toString(out.kind) << " | " << out.unit << " | " << text
          << " |\n";
    }
    return o.str();
}

}  // namespace citytwin::core

namespace citytwin::sdk {

ParamValue parseValue(const ParamDecl& decl, const std::string& json, std::string& problem) {
    ParamValue v = core::parseParamJson(decl, json, problem);
    if (problem.empty()) problem = core::checkParamValue(decl, v);
    return problem.empty() ? v : ParamValue{};
}

}  // namespace citytwin::sdk

// Layer styles as JSON.

#include "citytwin/render/style_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/render/color_map.h"

namespace citytwin::render {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw core::Error(core::ErrorCode::FileFormat, where + ": " + what);
}

std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

json toJson(const LayerStyle& s) {
    json j;
    j["visible"] = s.visible;
    j["opacity"] = s.opacity;
    j["color_map"] = s.colorMap;
    j["attribute"] = s.attribute;
    if (s.autoRange)
        j["range"] = "auto";
    else
        j["range"] = {s.min, s.max};
    if (s.transparentBelow > -1e299)
        j["hide_below"] = s.transparentBelow;
    else
        j["hide_below"] = nullptr;
    j["water"] = s.asWater;
    j["label"] = s.labelAttribute;
    return j;
}

LayerStyle fromJson(const json& j, LayerStyle s, const LayerInfo* layer, const std::string& where) {
    if (!j.is_object()) bad(where, "a layer's style is a JSON object");
    for (const auto& [key, value] : j.items()) {
        const std::string at = where + "." + key;
        if (key == "visible" || key == "water") {
            if (!value.is_boolean()) bad(at, "expects true or false");
            (key == "visible" ? s.visible : s.asWater) = value.get<bool>();
        } else if (key == "opacity") {
            if (!value.is_number() || !(value.get<double>() >= 0.0 && value.get<double>() <= 1.0))
                bad(at, "expects a number from 0 to 1, got " + value.dump());
            s.opacity = value.get<double>();
        } else if (key == "color_map") {
            bool known = false;
            if (value.is_string()) ColorMap::byName(value.get<std::string>(), &known);
            if (!known)
                bad(at, "unknown colour map " + value.dump() + " (known: " + list(ColorMap::names()) + ")");
            s.colorMap = value.get<std::string>();
        } else if (key == "attribute" || key == "label") {
            if (!value.is_string()) bad(at, "expects an attribute name (text), got " + value.dump());
            const std::string name = value.get<std::string>();
            const std::vector<std::string>* names =
                layer ? (key == "attribute" ? &layer->attributes : &layer->labelAttributes) : nullptr;
            if (!name.empty() && names && std::find(names->begin(), names->end(), name) == names->end())
                bad(at, "the layer '" + layer->id + "' has no attribute '" + name +
                            "' (it has: " + list(*names) + ")");
            (key == "attribute" ? s.attribute : s.labelAttribute) = name;
        } else if (key == "range") {
            if (value.is_string() && value.get<std::string>() == "auto") {
                s.autoRange = true;
            } else if (value.is_array() && value.size() == 2 && value[0].is_number() &&
                       value[1].is_number() && value[0].get<double>() < value[1].get<double>()) {
                s.autoRange = false;
                s.min = value[0].get<double>();
                s.max = value[1].get<double>();
            } else {
                bad(at, "expects \"auto\" or [min, max] with min < max, got " + value.dump());
            }
        } else if (key == "hide_below") {
            if (value.is_null())
                s.transparentBelow = -1e300;
            else if (value.is_number() && std::isfinite(value.get<double>()))
                s.transparentBelow = value.get<double>();
            else
                bad(at, "expects a number or null, got " + value.dump());
        } else {
            bad(at,
                "unknown key (known: visible, opacity, color_map, attribute, range, hide_below, water, "
                "label)");
        }
    }
    return s;
}

}  // namespace

std::string styleToJson(const LayerStyle& style) {
    return toJson(style).dump();
}

LayerStyle styleFromJson(const std::string& text, const LayerStyle& base, const LayerInfo* layer,
                         const std::string& where) {
    json j;
    try {
        j = json::parse(text);
    } catch (const std::exception& e) {
        bad(where, std::string("not valid JSON: ") + e.what());
    }
    return fromJson(j, base, layer, where);
}

std::vector<std::string> applyStyleFile(Scene& scene, const std::string& path) {
    std::ifstream in(path);
    if (!in) throw core::fileError(core::ErrorCode::FileNotFound, path, "cannot open the style file");
    json j;
    try {
        in >> j;
    } catch (const std::exception& e) {
        throw core::fileError(core::ErrorCode::FileFormat, path, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("citytwin_styles") || j["citytwin_styles"] != 1)
        throw core::fileError(core::ErrorCode::FileFormat, path,
                              "a style file is a JSON object with \"citytwin_styles\": 1 and \"layers\"");
    for (const auto& [key, value] : j.items())
        if (key != "citytwin_styles" && key != "layers")
            throw core::fileError(core::ErrorCode::FileFormat, path,
                                  "unknown key '" + key + "' (known: citytwin_styles, layers)");
    if (!j.contains("layers") || !j["layers"].is_object())
        throw core::fileError(core::ErrorCode::FileFormat, path,
                              "\"layers\" must be an object of layer id -> style");
    // Everything is checked before anything is applied.
    std::vector<std::pair<std::string, LayerStyle>> changes;
    std::vector<std::string> unmatched;
    const std::vector<LayerInfo> layers = scene.layers();
    for (const auto& [key, value] : j["layers"].items()) {
        bool matched = false;
        for (const LayerInfo& l : layers) {
            const bool same = l.id == key || (l.id.size() > key.size() + 1 &&
                                              l.id.compare(l.id.size() - key.size(), key.size(), key) == 0 &&
                                              l.id[l.id.size() - key.size() - 1] == '/');
            if (!same) continue;
            matched = true;
            changes.emplace_back(l.id, fromJson(value, scene.style(l.id), &l, path + ": layers." + key));
        }
        if (!matched) unmatched.push_back(key);
    }
    for (const auto& [id, style] : changes)
        scene.setStyle(id, style);
    return unmatched;
}

std::string styleFileText(const Scene& scene) {
    json j;
    j["citytwin_styles"] = 1;
    j["layers"] = json::object();
    for (const LayerInfo& l : scene.layers())
        j["layers"][l.id] = toJson(scene.style(l.id));
    return j.dump(2) + "\n";
}

}  // namespace citytwin::render

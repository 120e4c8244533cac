#include "citytwin/core/attribute_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "citytwin/core/error.h"
#include "text_util.h"

namespace citytwin::core {

namespace {

using detail::lower;
using detail::trim;

/// Reads a leading decimal number (a comma is accepted as the decimal mark). Sets `rest` to what follows.
std::optional<double> leadingNumber(const std::string& text, std::string& rest) {
    std::string s = trim(text);
    std::size_t i = 0;
    std::string digits;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) digits += s[i++];
    bool any = false, dot = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
            any = true;
        } else if ((c == '.' || c == ',') && !dot) {
            digits += '.';
            dot = true;
        } else {
            break;
        }
    }
    if (!any) return std::nullopt;
    rest = trim(s.substr(i));
    return std::strtod(digits.c_str(), nullptr);
}

constexpr double kFoot = 0.3048;
constexpr double kInch = 0.0254;
constexpr double kMaxHeightM = 1000.0;  // taller than any building (Burj Khalifa 828 m): a data error
constexpr double kMaxLevels = 250.0;

}  // namespace

const std::vector<std::string>& knownHeightFields() {
    static const std::vector<std::string> names = {
        "height", "height_m", "building:height", "building_height", "bldg_height", "measuredHeight",
        "hgt",    "높이",     "건물높이"};
    return names;
}

const std::vector<std::string>& knownLevelsFields() {
    static const std::vector<std::string> names = {
        "building:levels", "building_levels", "osm_building:levels", "levels",   "storeys",    "stories",
        "floors",          "num_floors",      "floor_count",         "grnd_flr", "gro_flo_co", "지상층수"};
    return names;
}

std::optional<double> parseHeight(const std::string& text) {
    std::string rest;
    const std::optional<double> v = leadingNumber(text, rest);
    if (!v) return std::nullopt;
    const std::string unit = lower(rest);
    if (unit.empty() || unit == "m" || unit == "meter" || unit == "meters" || unit == "metre" ||
        unit == "metres")
        return *v;
    if (unit == "ft" || unit == "feet" || unit == "foot") return *v * kFoot;
    // Imperial OSM notation: 40' or 12'6"
    if (!unit.empty() && unit[0] == '\'') {
        std::string inchesText = trim(unit.substr(1));
        if (inchesText.empty()) return *v * kFoot;
        std::string after;
        const std::optional<double> inches = leadingNumber(inchesText, after);
        if (inches && after == "\"") return *v * kFoot + *inches * kInch;
        return std::nullopt;
    }
    if (unit == "cm") return *v / 100.0;
    return std::nullopt;
}

std::optional<double> parseLevels(const std::string& text) {
    std::string rest;
    const std::optional<double> v = leadingNumber(text, rest);
    if (!v) return std::nullopt;
    // Accept "3", "3;4" (OSM multiple values), "12층", "12F" / "12 floors".
    const std::string r = lower(rest);
    if (r.empty() || r[0] == ';' || r == "층" || r == "f" || r == "floors" || r == "storeys" ||
        r == "stories")
        return *v;
    return std::nullopt;
}

HeightFields resolveHeightFields(const FieldList& fields, const HeightRules& rules) {
    HeightFields out;
    if (!rules.heightField.empty()) {
        const int i = fields.indexOf(rules.heightField);
        if (i < 0)
            throw Error(ErrorCode::Data, "height field '" + rules.heightField + "' is not in the layer",
                        Error::Context{{}, {}, "height_field"});
        out.height.push_back(i);
    } else {
        for (const std::string& name : knownHeightFields())
            if (int i = fields.indexOf(name); i >= 0) out.height.push_back(i);
    }
    if (!rules.levelsField.empty()) {
        const int i = fields.indexOf(rules.levelsField);
        if (i < 0)
            throw Error(ErrorCode::Data, "levels field '" + rules.levelsField + "' is not in the layer",
                        Error::Context{{}, {}, "levels_field"});
        out.levels.push_back(i);
    } else {
        for (const std::string& name : knownLevelsFields())
            if (int i = fields.indexOf(name); i >= 0) out.levels.push_back(i);
    }
    return out;
}

namespace {
std::optional<double> attributeNumber(const AttributeValue& v, bool levels) {
    if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
    if (std::holds_alternative<std::string>(v)) {
        const std::string& s = std::get<std::string>(v);
        if (trim(s).empty()) return std::nullopt;
        auto parsed = levels ? parseLevels(s) : parseHeight(s);
        if (!parsed) return NAN;  // present but unreadable
        return parsed;
    }
    return toNumber(v);
}
}  // namespace

HeightResult normaliseHeight(const std::vector<AttributeValue>& attributes, const HeightFields& fields,
                             const HeightRules& rules, double geometryHeight) {
    HeightResult r;
    auto value = [&](int index) -> const AttributeValue& {
        static const AttributeValue null{};
        return index >= 0 && static_cast<std::size_t>(index) < attributes.size()
                   ? attributes[static_cast<std::size_t>(index)]
                   : null;
    };
    for (int i : fields.levels) {
        const std::optional<double> lv = attributeNumber(value(i), true);
        if (!lv) continue;
        if (std::isfinite(*lv) && *lv > 0.0 && *lv <= kMaxLevels) {
            r.levels = *lv;
            break;
        }
        ++r.invalidValues;
    }
    if (std::isfinite(geometryHeight) && geometryHeight > 0.0) {
        r.heightM = geometryHeight;
        r.source = HeightSource::SourceGeometry;
        return r;
    }
    for (int i : fields.height) {
        const std::optional<double> h = attributeNumber(value(i), false);
        if (!h) continue;
        if (std::isfinite(*h) && *h > 0.0 && *h <= kMaxHeightM) {
            r.heightM = *h;
            r.source = HeightSource::HeightAttribute;
            return r;
        }
        ++r.invalidValues;
    }
    if (std::isfinite(r.levels)) {
        r.heightM = r.levels * rules.storeyHeightM;
        r.source = HeightSource::Levels;
        return r;
    }
    r.heightM = rules.defaultHeightM;
    r.source = HeightSource::Default;
    return r;
}

const std::vector<RoadClassDefaults>& roadClassTable() {
    // Lanes follow OSM: in total for two-way roads, per carriageway for one-way roads.
    // Speeds [km/h] are typical urban limits (Korea's "safe speed 5030": 50 on arterials, 30 in residential
    // streets); a scenario can override any row.
    static const std::vector<RoadClassDefaults> table = {
        {"motorway", 2, 100.0, true, true},      {"motorway_link", 1, 60.0, true, true},
        {"trunk", 4, 80.0, false, true},         {"trunk_link", 1, 50.0, true, true},
        {"primary", 4, 60.0, false, true},       {"primary_link", 1, 50.0, false, true},
        {"secondary", 2, 50.0, false, true},     {"secondary_link", 1, 40.0, false, true},
        {"tertiary", 2, 50.0, false, true},      {"tertiary_link", 1, 40.0, false, true},
        {"unclassified", 2, 40.0, false, true},  {"residential", 2, 30.0, false, true},
        {"living_street", 1, 20.0, false, true}, {"service", 1, 20.0, false, true},
        {"road", 2, 40.0, false, true},          {"busway", 2, 50.0, false, true},
        {"track", 1, 20.0, false, true},         {"pedestrian", 1, 5.0, false, false},
        {"footway", 1, 5.0, false, false},       {"path", 1, 5.0, false, false},
        {"steps", 1, 3.0, false, false},         {"cycleway", 1, 15.0, false, false},
        {"bridleway", 1, 5.0, false, false},     {"corridor", 1, 5.0, false, false},
    };
    return table;
}

const RoadClassDefaults& roadClassDefaults(const std::string& roadClass) {
    static const RoadClassDefaults unknown{"", 2, 40.0, false, true};
    const std::string c = lower(trim(roadClass));
    for (const RoadClassDefaults& row : roadClassTable())
        if (row.roadClass == c) return row;
    return unknown;
}

std::optional<double> parseMaxspeed(const std::string& text) {
    const std::string t = lower(trim(text));
    if (t.empty() || t == "none" || t == "signals" || t == "variable") return std::nullopt;
    if (t == "walk") return 7.0;
    // Zone codes such as "KR:urban", "DE:zone30", "RU:living_street".
    if (const auto colon = t.find(':'); colon != std::string::npos && colon <= 3) {
        const std::string zone = t.substr(colon + 1);
        if (zone == "urban") return 50.0;
        if (zone == "rural") return 80.0;
        if (zone == "motorway") return 100.0;
        if (zone == "living_street") return 20.0;
        if (zone.rfind("zone", 0) == 0) {
            std::string rest;
            if (auto v = leadingNumber(zone.substr(4), rest); v && rest.empty()) return *v;
        }
        return std::nullopt;
    }
    std::string rest;
    const std::optional<double> v = leadingNumber(t, rest);
    if (!v || *v <= 0.0) return std::nullopt;
    if (rest.empty() || rest == "km/h" || rest == "kmh" || rest == "kph") return *v;
    if (rest == "mph") return *v * 1.609344;
    if (rest == "knots") return *v * 1.852;
    if (rest[0] == ';') return *v;  // "50;30": first value
    return std::nullopt;
}

std::optional<int> parseLanes(const std::string& text) {
    std::string rest;
    const std::optional<double> v = leadingNumber(text, rest);
    if (!v || *v < 1.0 || *v > 50.0) return std::nullopt;
    if (!rest.empty() && rest[0] != ';') return std::nullopt;
    return static_cast<int>(std::lround(*v));
}

std::optional<Oneway> parseOneway(const std::string& text) {
    const std::string t = trim(text);
    const std::string l = lower(t);
    if (l == "yes" || l == "true" || l == "1") return Oneway::Forward;
    if (l == "-1" || l == "reverse") return Oneway::Backward;
    if (l == "no" || l == "false" || l == "0") return Oneway::No;
    // Geofabrik shapefiles: F = forward only, T = backward only (against digitising), B = both.
    if (t == "F") return Oneway::Forward;
    if (t == "T") return Oneway::Backward;
    if (t == "B") return Oneway::No;
    return std::nullopt;
}

}  // namespace citytwin::core

#include "decl_json.h"

#include "citytwin/core/error.h"

namespace citytwin::core::detail {

using ojson = nlohmann::ordered_json;

ojson outputDeclJson(const sdk::OutputDecl& out) {
    ojson j;
    j["id"] = out.id;
    j["label"] = out.label;
    j["kind"] = sdk::toString(out.kind);
    j["unit"] = out.unit;
    j["description"] = out.description;
    const sdk::StyleHint& s = out.style;
    ojson style;
    style["draw_as"] = sdk::toString(s.drawAs);
    style["color_map"] = s.colorMap;
    style["min"] = s.min;
    style["max"] = s.max;
    style["attribute"] = s.attribute;
    style["width_attribute"] = s.widthAttribute;
    style["height_attribute"] = s.heightAttribute;
    style["label_attribute"] = s.labelAttribute;
    style["symbol"] = s.symbol;
    style["width_m"] = s.widthM;
    style["class_names"] = s.classNames;
    style["transparent_below"] = s.transparentBelow < -1e299 ? ojson(nullptr) : ojson(s.transparentBelow);
    style["table_role"] = sdk::toString(s.tableRole);
    style["x_column"] = s.xColumn;
    style["group_column"] = s.groupColumn;
    j["style"] = style;
    return j;
}

namespace {
sdk::OutputKind kindFromString(const std::string& s, const std::string& where) {
    for (sdk::OutputKind k : {sdk::OutputKind::Raster, sdk::OutputKind::RasterSeries, sdk::OutputKind::Vector,
                              sdk::OutputKind::Table, sdk::OutputKind::Scalar})
        if (s == sdk::toString(k)) return k;
    throw fileError(ErrorCode::FileFormat, where, "unknown output kind '" + s + "'");
}
}  // namespace

sdk::OutputDecl outputDeclFromJson(const nlohmann::json& j, const std::string& where) {
    sdk::OutputDecl d;
    try {
        d.id = j.at("id").get<std::string>();
        d.kind = kindFromString(j.at("kind").get<std::string>(), where);
        d.label = j.value("label", d.id);
        d.unit = j.value("unit", std::string());
        d.description = j.value("description", std::string());
        if (j.contains("style") && j.at("style").is_object()) {
            const nlohmann::json& s = j.at("style");
            sdk::StyleHint& h = d.style;
            if (s.contains("draw_as") && !sdk::drawAsFromString(s.at("draw_as").get<std::string>(), h.drawAs))
                throw fileError(ErrorCode::FileFormat, where,
                                "output '" + d.id + "': unknown draw_as '" + s.at("draw_as").get<std::string>() +
                                    "'");
            h.colorMap = s.value("color_map", std::string());
            h.min = s.value("min", 0.0);
            h.max = s.value("max", 0.0);
            h.attribute = s.value("attribute", std::string());
            h.widthAttribute = s.value("width_attribute", std::string());
            h.heightAttribute = s.value("height_attribute", std::string());
            h.labelAttribute = s.value("label_attribute", std::string());
            h.symbol = s.value("symbol", std::string());
            h.widthM = s.value("width_m", 0.0);
            if (s.contains("class_names")) h.classNames = s.at("class_names").get<std::vector<std::string>>();
            if (s.contains("transparent_below") && s.at("transparent_below").is_number())
                h.transparentBelow = s.at("transparent_below").get<double>();
            if (s.contains("table_role") &&
                !sdk::tableRoleFromString(s.at("table_role").get<std::string>(), h.tableRole))
                throw fileError(ErrorCode::FileFormat, where, "output '" + d.id + "': unknown table_role");
            h.xColumn = s.value("x_column", std::string());
            h.groupColumn = s.value("group_column", std::string());
        }
    } catch (const nlohmann::json::exception& e) {
        throw fileError(ErrorCode::FileFormat, where, std::string("malformed output declaration: ") + e.what());
    }
    return d;
}

}  // namespace citytwin::core::detail

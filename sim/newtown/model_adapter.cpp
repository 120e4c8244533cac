// The city model as new-town engine input and the engine's results as layers and tables. See model_adapter.h.
#include "model_adapter.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "citytwin/core/crs.h"
#include "citytwin/core/error.h"
#include "citytwin/core/text.h"

namespace citytwin::newtown {

namespace {

namespace fs = std::filesystem;
constexpr double kPi = 3.14159265358979323846;
constexpr const char* kSim = "newtown";

std::string num(double v) {
    return core::number(v, 6);
}

const char* statusName(BuildingLoad::Status s) {
    switch (s) {
        case BuildingLoad::Status::New:
            return "new";
        case BuildingLoad::Status::Kept:
            return "kept";
        case BuildingLoad::Status::Replaced:
            return "replaced";
    }
    return "new";
}

bool hasTables(const fs::path& dir) {
    std::error_code ec;
    return !dir.empty() && fs::exists(dir / "zoning_decree.csv", ec);
}

/// A NULL or empty attribute is "not given".
bool given(const core::AttributeValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return false;
    if (const auto* s = std::get_if<std::string>(&v)) return !core::trim(*s).empty();
    if (const auto* d = std::get_if<double>(&v)) return !std::isnan(*d);
    return true;
}

/// Reads an optional numeric attribute; a value that is not a number is a problem naming the parcel.
double optionalNumber(const core::VectorLayer& layer, std::size_t f, const char* field, const std::string& id,
                      std::vector<core::Problem>& problems) {
    const int k = layer.fields.indexOf(field);
    if (k < 0) return NAN;
    const core::AttributeValue& v = layer.features[f].attribute(k);
    if (!given(v)) return NAN;
    const double x = core::toNumber(v);
    if (std::isnan(x))
        problems.push_back(
            {kSim, "parcel_layer",
             "parcel '" + id + "' [" + field + "]: '" + core::toText(v) + "' is not a number"});
    return x;
}

std::string optionalText(const core::VectorLayer& layer, std::size_t f, const char* field) {
    const int k = layer.fields.indexOf(field);
    if (k < 0) return {};
    return core::trim(core::toText(layer.features[f].attribute(k)));
}

/// The OSM-style tag a traffic model understands, for a building's floor-area split.
std::string tagOf(double gfaResidential, double gfaNonResidential, LandUse nonResidentialUse) {
    if (gfaResidential >= gfaNonResidential && gfaResidential > 0.0) return "apartments";
    switch (nonResidentialUse) {
        case LandUse::Retail:
            return "retail";
        case LandUse::Office:
            return "office";
        case LandUse::Industrial:
            return "industrial";
        case LandUse::Public:
            return "public";
        case LandUse::Residential:
            break;
    }
    return "apartments";
}

std::string rulesFailed(const ParcelCompliance& c) {
    std::string s;
    auto add = [&](bool pass, const char* name) {
        if (!pass) s += (s.empty() ? "" : ",") + std::string(name);
    };
    add(c.bcrPass, "bcr");
    add(c.farPass, "far");
    add(c.heightPass, "height");
    add(c.northPass, "north_setback");
    add(c.spacingPass, "spacing");
    add(c.lotLinePass, "lot_line");
    return s;
}

core::AttributeValue real(double v) {
    return std::isnan(v) ? core::AttributeValue{} : core::AttributeValue{v};
}
core::AttributeValue integer(long long v) {
    return core::AttributeValue{static_cast<std::int64_t>(v)};
}

/// 0 passes, 1 fails, 2 newly fails (an existing home that passed before).
int facadeResult(const FacadeResult& f) {
    if (f.sun.after.pass) return 0;
    return f.status == BuildingLoad::Status::Kept && f.sun.before.pass ? 2 : 1;
}

void facadeFields(core::FieldList& fields) {
    for (const char* n : {"building_id", "status", "blamed_building"})
        fields.ensure(n, core::FieldType::String);
    for (const char* n : {"floor", "passes", "passes_before", "result"})
        fields.ensure(n, core::FieldType::Integer);
    for (const char* n : {"z_m", "households", "hours_total", "hours_continuous", "hours_total_before"})
        fields.ensure(n, core::FieldType::Real);
}

std::vector<core::AttributeValue> facadeAttributes(const FacadeResult& f) {
    const bool kept = f.status == BuildingLoad::Status::Kept;
    return {f.buildingId,
            std::string(statusName(f.status)),
            f.causeBuildingId,
            integer(f.point.floor),
            integer(f.sun.after.pass ? 1 : 0),
            kept ? integer(f.sun.before.pass ? 1 : 0) : core::AttributeValue{},
            integer(facadeResult(f)),
            f.point.zM,
            f.point.households,
            f.sun.after.totalH,
            f.sun.after.continuousH,
            kept ? real(f.sun.before.totalH) : core::AttributeValue{}};
}

sdk::Table table(std::vector<sdk::TableColumn> columns) {
    sdk::Table t;
    t.columns = std::move(columns);
    return t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------

std::string defaultTablesDir() {
    // The plug-in module's own folder (this library is linked into it): installed tables lie at a fixed
    // relative path from there; a build tree has none and falls back to the source tree.
    static const char marker = 0;
    Dl_info info{};
    if (dladdr(&marker, &info) != 0 && info.dli_fname) {
        const fs::path installed = fs::path(info.dli_fname).parent_path() / CITYTWIN_NEWTOWN_TABLES_REL;
        if (hasTables(installed)) return installed.lexically_normal().string();
    }
    const fs::path source = CITYTWIN_NEWTOWN_SOURCE_TABLES;
    if (hasTables(source)) return source.string();
    return {};
}

// ---------------------------------------------------------------------------------------------------------

std::vector<Parcel> parcelsFromLayer(const core::VectorLayer& layer, const ParcelFields& fields,
                                     std::vector<core::Problem>& problems) {
    std::vector<Parcel> out;
    const int zoningField = layer.fields.indexOf(fields.zoning);
    if (zoningField < 0) {
        std::string names;
        for (const core::Field& f : layer.fields)
            names += (names.empty() ? "" : ", ") + f.name;
        problems.push_back({kSim, "zoning_field",
                            "the parcel layer has no attribute '" + fields.zoning +
                                "' with the zoning class (attributes: " + (names.empty() ? "none" : names) +
                                "); set zoning_field"});
        return out;
    }
    const int idField = layer.fields.indexOf(fields.id);
    const int blockField = fields.block.empty() ? -1 : layer.fields.indexOf(fields.block);
    for (std::size_t f = 0; f < layer.features.size(); ++f) {
        const core::VectorFeature& feat = layer.features[f];
        Parcel p;
        p.id = idField >= 0 ? core::trim(core::toText(feat.attribute(idField))) : std::to_string(f + 1);
        const std::string name = p.id.empty() ? "#" + std::to_string(f + 1) : p.id;
        if (feat.kind != core::GeometryKind::Polygon || feat.polygons.empty()) {
            problems.push_back({kSim, "parcel_layer", "parcel '" + name + "' [geometry]: not a polygon"});
            continue;
        }
        if (feat.polygons.size() > 1) {
            problems.push_back({kSim, "parcel_layer",
                                "parcel '" + name + "' [geometry]: " + std::to_string(feat.polygons.size()) +
                                    " separate parts; a parcel is one polygon (split it into parcels)"});
            continue;
        }
        p.shape = feat.polygons.front();
        p.zoningClass = core::trim(core::toText(feat.attribute(zoningField)));
        if (p.zoningClass.empty())
            problems.push_back({kSim, "parcel_layer",
                                "parcel '" + name + "' [" + fields.zoning + "]: no zoning class given"});
        if (blockField >= 0) p.blockId = core::trim(core::toText(feat.attribute(blockField)));
        p.farPct = optionalNumber(layer, f, "far_pct", name, problems);
        p.bcrPct = optionalNumber(layer, f, "bcr_pct", name, problems);
        p.heightLimitM = optionalNumber(layer, f, "height_limit_m", name, problems);
        p.residentialShare = optionalNumber(layer, f, "residential_share", name, problems);
        p.lotLineOffsetM = optionalNumber(layer, f, "lot_line_offset_m", name, problems);
        p.typology = optionalText(layer, f, "typology");
        p.nonResidentialUse = optionalText(layer, f, "nonresidential_use");
        const std::string redevelop = core::lower(optionalText(layer, f, "redevelop"));
        if (redevelop.empty() || redevelop == "yes" || redevelop == "y" || redevelop == "true" ||
            redevelop == "1")
            p.redevelop = true;
        else if (redevelop == "no" || redevelop == "n" || redevelop == "false" || redevelop == "0")
            p.redevelop = false;
        else
            problems.push_back({kSim, "parcel_layer",
                                "parcel '" + name + "' [redevelop]: '" + redevelop + "' is not yes or no"});
        out.push_back(std::move(p));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------

LandUse classifyBuildingTag(const std::string& tag, LandUse untagged, bool* known) {
    std::string value;
    for (const std::string& part : core::splitList(core::lower(tag), ';'))
        if (part != "yes") {
            value = part;
            break;
        }
    static const std::map<std::string, LandUse> uses = {{"residential", LandUse::Residential},
                                                        {"apartments", LandUse::Residential},
                                                        {"house", LandUse::Residential},
                                                        {"detached", LandUse::Residential},
                                                        {"semidetached_house", LandUse::Residential},
                                                        {"terrace", LandUse::Residential},
                                                        {"dormitory", LandUse::Residential},
                                                        {"bungalow", LandUse::Residential},
                                                        {"officetel", LandUse::Residential},
                                                        {"farm", LandUse::Residential},
                                                        {"retail", LandUse::Retail},
                                                        {"commercial", LandUse::Retail},
                                                        {"supermarket", LandUse::Retail},
                                                        {"kiosk", LandUse::Retail},
                                                        {"hotel", LandUse::Retail},
                                                        {"office", LandUse::Office},
                                                        {"industrial", LandUse::Industrial},
                                                        {"warehouse", LandUse::Industrial},
                                                        {"factory", LandUse::Industrial},
                                                        {"manufacture", LandUse::Industrial},
                                                        {"service", LandUse::Industrial},
                                                        {"public", LandUse::Public},
                                                        {"civic", LandUse::Public},
                                                        {"government", LandUse::Public},
                                                        {"townhall", LandUse::Public},
                                                        {"school", LandUse::Public},
                                                        {"kindergarten", LandUse::Public},
                                                        {"university", LandUse::Public},
                                                        {"college", LandUse::Public},
                                                        {"hospital", LandUse::Public},
                                                        {"church", LandUse::Public},
                                                        {"temple", LandUse::Public},
                                                        {"religious", LandUse::Public},
                                                        {"train_station", LandUse::Public},
                                                        {"transportation", LandUse::Public},
                                                        {"sports_hall", LandUse::Public},
                                                        {"stadium", LandUse::Public}};
    const auto it = uses.find(value);
    if (known) *known = it != uses.end();
    return it != uses.end() ? it->second : untagged;
}

namespace {
void setUse(ExistingBuilding& b, const std::string& tag, LandUse untagged) {
    const LandUse use = classifyBuildingTag(tag, untagged);
    b.residential = use == LandUse::Residential;
    b.nonResidentialUse = b.residential ? LandUse::Retail : use;
}
}  // namespace

std::vector<ExistingBuilding> existingFromModel(const core::CityModel& model, const ExistingOptions& o,
                                                std::vector<std::string>* tags) {
    std::vector<ExistingBuilding> out;
    out.reserve(model.buildings.size());
    const int tagField = model.buildingFields.indexOf(o.useField);
    for (const core::Building& b : model.buildings) {
        ExistingBuilding e;
        e.id = b.id;
        e.footprint = b.footprint;
        e.heightM = b.heightM;
        e.baseM = b.baseM;
        e.floors = b.levels;
        const std::string tag = tagField >= 0 && static_cast<std::size_t>(tagField) < b.attributes.size()
                                    ? core::toText(b.attributes[static_cast<std::size_t>(tagField)])
                                    : std::string();
        setUse(e, tag, o.untaggedUse);
        if (tags) tags->push_back(tag);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<ExistingBuilding> existingFromLayer(const core::VectorLayer& layer, const ExistingOptions& o,
                                                std::vector<core::Problem>& problems,
                                                std::vector<std::string>* tags) {
    std::vector<ExistingBuilding> out;
    auto field = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (const int k = layer.fields.indexOf(n); k >= 0) return k;
        return -1;
    };
    const int idF = field({"id"}), hF = field({"height_m", "height"}),
              lF = field({"levels", "building:levels"}), bF = field({"base_m"}),
              tagF = layer.fields.indexOf(o.useField);
    if (hF < 0) {
        problems.push_back({kSim, "existing_buildings",
                            "the layer '" + layer.name + "' has no attribute height_m (or height) [m]"});
        return out;
    }
    for (std::size_t f = 0; f < layer.features.size(); ++f) {
        const core::VectorFeature& feat = layer.features[f];
        if (feat.kind != core::GeometryKind::Polygon || feat.polygons.empty()) continue;
        ExistingBuilding e;
        e.id = idF >= 0 ? core::toText(feat.attribute(idF)) : std::to_string(f + 1);
        e.footprint = feat.polygons;
        e.heightM = core::toNumber(feat.attribute(hF));
        if (!(e.heightM > 0.0) || !std::isfinite(e.heightM)) {
            problems.push_back({kSim, "existing_buildings",
                                "building '" + e.id + "' [" +
                                    layer.fields[static_cast<std::size_t>(hF)].name + "]: '" +
                                    core::toText(feat.attribute(hF)) + "' is not a positive height"});
            continue;
        }
        if (lF >= 0) e.floors = core::toNumber(feat.attribute(lF));
        if (bF >= 0) e.baseM = core::toNumber(feat.attribute(bF));
        const std::string tag = tagF >= 0 ? core::toText(feat.attribute(tagF)) : std::string();
        setUse(e, tag, o.untaggedUse);
        if (tags) tags->push_back(tag);
        out.push_back(std::move(e));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------

Site siteOf(const core::Crs& crs, const core::Point& centre) {
    const core::Crs wgs84 = core::Crs::wgs84();
    const core::CoordinateTransformer toGeo(crs, wgs84);
    const core::CoordinateTransformer fromGeo(wgs84, crs);
    Site s;
    s.centre = centre;
    const core::Point g = toGeo.transform(centre);
    const core::Point north = fromGeo.transform({g.x, g.y + 0.01});
    if (!std::isfinite(g.x) || !std::isfinite(g.y) || !std::isfinite(north.x) || !std::isfinite(north.y))
        throw core::Error(core::ErrorCode::Crs, "the site (" + num(centre.x) + ", " + num(centre.y) +
                                                    ") of " + crs.describe() +
                                                    " cannot be taken to latitude/longitude");
    s.longitudeDeg = g.x;
    s.latitudeDeg = g.y;
    s.trueNorthGridAzimuthDeg = std::atan2(north.x - centre.x, north.y - centre.y) * 180.0 / kPi;
    return s;
}

core::Point parcelsCentre(const std::vector<Parcel>& parcels) {
    core::Box b;
    for (const Parcel& p : parcels)
        for (const core::Point& q : p.shape.outer)
            b.expand(q);
    if (b.empty()) return {0.0, 0.0};
    return {0.5 * (b.minX + b.maxX), 0.5 * (b.minY + b.maxY)};
}

// ---------------------------------------------------------------------------------------------------------

core::VectorLayer newBuildingsLayer(const NewtownResult& r, const core::Crs& crs) {
    core::VectorLayer v;
    v.name = "buildings";
    v.crs = crs;
    for (const char* n : {"id", "parcel_id", "use", "building", "typology", "nonresidential_use"})
        v.fields.ensure(n, core::FieldType::String);
    for (const char* n : {"floors", "levels"})
        v.fields.ensure(n, core::FieldType::Integer);
    for (const char* n : {"height_m", "base_m", "footprint_m2", "gfa_m2", "gfa_residential_m2",
                          "gfa_nonresidential_m2", "households", "population", "jobs", "daily_trip_ends",
                          "peak_productions_veh_h", "peak_attractions_veh_h", "parcel_far_pct"})
        v.fields.ensure(n, core::FieldType::Real);
    std::map<std::string, const Load*> loads;
    for (const BuildingLoad& l : r.loads)
        if (l.status == BuildingLoad::Status::New) loads[l.buildingId] = &l.load;
    std::map<std::string, double> far;
    for (const ParcelCompliance& c : r.compliance)
        far[c.parcelId] = c.farAchievedPct;
    for (const NewBuilding& b : r.buildings) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = {b.footprint};
        const auto it = loads.find(b.id);
        const Load l = it != loads.end() ? *it->second : Load{};
        const auto fa = far.find(b.parcelId);
        f.attributes = {
            b.id,
            b.parcelId,
            b.use,
            tagOf(b.gfaResidentialM2, b.gfaNonResidentialM2, b.nonResidentialUse),
            b.typology,
            b.gfaNonResidentialM2 > 0.0 ? std::string(toString(b.nonResidentialUse)) : std::string(),
            integer(b.floors),
            integer(b.floors),
            b.heightM,
            b.baseM,
            b.footprintM2,
            b.gfaM2,
            b.gfaResidentialM2,
            b.gfaNonResidentialM2,
            l.households,
            l.population,
            l.jobs,
            l.dailyTripEnds,
            l.peakProductions,
            l.peakAttractions,
            fa != far.end() ? real(fa->second) : core::AttributeValue{}};
        v.features.push_back(std::move(f));
    }
    return v;
}

core::VectorLayer buildingsAfterLayer(const NewtownInputs& in, const NewtownResult& r, const core::Crs& crs,
                                      const std::vector<std::string>& existingTags, bool before) {
    core::VectorLayer v;
    v.name = before ? "buildings_before" : "buildings_after";
    v.crs = crs;
    for (const char* n : {"id", "status", "building", "use"})
        v.fields.ensure(n, core::FieldType::String);
    v.fields.ensure("levels", core::FieldType::Integer);
    // What the non-residential floor area is used for (traffic and others split a mixed building by it).
    v.fields.ensure("nonresidential_use", core::FieldType::String);
    for (const char* n :
         {"height_m", "base_m", "gfa_m2", "gfa_residential_m2", "gfa_nonresidential_m2", "households",
          "population", "jobs", "peak_productions_veh_h", "peak_attractions_veh_h"})
        v.fields.ensure(n, core::FieldType::Real);
    const std::size_t nNew = r.buildings.size();
    // New buildings first (the first category a viewer colours), then the kept ones.
    std::map<std::string, const Load*> newLoads;
    for (const BuildingLoad& l : r.loads)
        if (l.status == BuildingLoad::Status::New) newLoads[l.buildingId] = &l.load;
    for (const NewBuilding& b : r.buildings) {
        if (before) break;
        const auto it = newLoads.find(b.id);
        const Load l = it != newLoads.end() ? *it->second : Load{};
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = {b.footprint};
        f.attributes = {b.id,
                        std::string("new"),
                        tagOf(b.gfaResidentialM2, b.gfaNonResidentialM2, b.nonResidentialUse),
                        b.use,
                        integer(b.floors),
                        std::string(toString(b.nonResidentialUse)),
                        b.heightM,
                        b.baseM,
                        b.gfaM2,
                        b.gfaResidentialM2,
                        b.gfaNonResidentialM2,
                        l.households,
                        l.population,
                        l.jobs,
                        l.peakProductions,
                        l.peakAttractions};
        v.features.push_back(std::move(f));
    }
    // r.loads holds the new buildings, then every existing building in input order.
    for (std::size_t i = 0; i < in.existing.size() && nNew + i < r.loads.size(); ++i) {
        const BuildingLoad& bl = r.loads[nNew + i];
        const bool replaced = bl.status == BuildingLoad::Status::Replaced;
        if (bl.status != BuildingLoad::Status::Kept && !(before && replaced)) continue;
        const ExistingBuilding& e = in.existing[i];
        const Load& l = bl.load;
        const double gfa = l.gfaResidentialM2 + l.gfaNonResidentialM2;
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = e.footprint;
        // The building's own tag when it says what the building is (traffic has more classes: hotel,
        // hospital); "yes" and unknown tags are replaced by the use this run gave them
        // (untagged_building_use).
        std::string ownTag = i < existingTags.size() ? core::trim(existingTags[i]) : std::string();
        bool known = false;
        classifyBuildingTag(ownTag, LandUse::Residential, &known);
        if (!known) ownTag.clear();
        f.attributes = {
            e.id,
            std::string(replaced ? "replaced" : "kept"),
            !ownTag.empty() ? ownTag : tagOf(l.gfaResidentialM2, l.gfaNonResidentialM2, e.nonResidentialUse),
            std::string(e.residential ? "residential" : toString(e.nonResidentialUse)),
            std::isfinite(e.floors) && e.floors >= 1 ? integer(std::llround(e.floors))
                                                     : core::AttributeValue{},
            std::string(toString(e.nonResidentialUse)),
            e.heightM,
            real(e.baseM),
            gfa,
            l.gfaResidentialM2,
            l.gfaNonResidentialM2,
            l.households,
            l.population,
            l.jobs,
            l.peakProductions,
            l.peakAttractions};
        v.features.push_back(std::move(f));
    }
    return v;
}

core::VectorLayer parcelsLayer(const NewtownInputs& in, const NewtownResult& r, const core::Crs& crs) {
    core::VectorLayer v;
    v.name = "parcels";
    v.crs = crs;
    for (const char* n : {"id", "zoning", "typology", "binding", "failed_rules"})
        v.fields.ensure(n, core::FieldType::String);
    for (const char* n : {"redevelop", "buildings", "result"})
        v.fields.ensure(n, core::FieldType::Integer);
    for (const char* n :
         {"area_m2", "bcr_limit_pct", "bcr_pct", "far_limit_pct", "far_target_pct", "far_pct",
          "height_limit_m", "max_height_m", "north_required_m", "north_achieved_m", "spacing_required",
          "spacing_achieved", "lot_line_required", "lot_line_achieved", "households", "population"})
        v.fields.ensure(n, core::FieldType::Real);
    std::map<std::string, const ParcelCompliance*> byId;
    for (const ParcelCompliance& c : r.compliance)
        byId[c.parcelId] = &c;
    std::map<std::string, Load> after;
    for (const BuildingLoad& l : r.loads)
        if (l.status != BuildingLoad::Status::Replaced && !l.parcelId.empty()) after[l.parcelId] += l.load;
    for (const Parcel& p : in.parcels) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = {p.shape};
        const auto it = byId.find(p.id);
        const Load& l = after[p.id];
        const double area = std::fabs(core::area(p.shape));
        if (it == byId.end()) {
            f.attributes = {p.id,          p.zoningClass,          p.typology,
                            std::string(), std::string(),          integer(p.redevelop ? 1 : 0),
                            integer(0),    core::AttributeValue{}, area};
            f.attributes.resize(v.fields.size());
            f.attributes[static_cast<std::size_t>(v.fields.indexOf("households"))] = l.households;
            f.attributes[static_cast<std::size_t>(v.fields.indexOf("population"))] = l.population;
        } else {
            const ParcelCompliance& c = *it->second;
            f.attributes = {p.id,
                            c.zoningClass,
                            c.typology,
                            std::string(toString(c.binding)),
                            rulesFailed(c),
                            integer(p.redevelop ? 1 : 0),
                            integer(c.buildings),
                            integer(c.pass() ? 0 : 1),
                            c.areaM2,
                            c.bcrLimitPct,
                            c.bcrAchievedPct,
                            c.farLimitPct,
                            c.farTargetPct,
                            c.farAchievedPct,
                            real(c.heightLimitM),
                            c.maxHeightM,
                            c.northSetbackApplies ? real(c.northRequiredM) : core::AttributeValue{},
                            c.northSetbackApplies ? real(c.northAchievedM) : core::AttributeValue{},
                            c.spacingApplies ? real(c.spacingRequiredRatio) : core::AttributeValue{},
                            c.spacingApplies ? real(c.spacingAchievedRatio) : core::AttributeValue{},
                            c.lotLineApplies ? real(c.lotLineRequiredRatio) : core::AttributeValue{},
                            c.lotLineApplies ? real(c.lotLineAchievedRatio) : core::AttributeValue{},
                            l.households,
                            l.population};
        }
        v.features.push_back(std::move(f));
    }
    return v;
}

core::VectorLayer facadePointsLayer(const NewtownResult& r, const core::Crs& crs) {
    core::VectorLayer v;
    v.name = "facade_points";
    v.crs = crs;
    facadeFields(v.fields);
    for (const FacadeResult& fr : r.facade) {
        if (fr.status == BuildingLoad::Status::Replaced) continue;
        core::VectorFeature f;
        f.kind = core::GeometryKind::Point;
        f.points = {fr.point.position};
        f.attributes = facadeAttributes(fr);
        v.features.push_back(std::move(f));
    }
    return v;
}

core::VectorLayer failingWindowsLayer(const NewtownResult& r, const core::Crs& crs, double lengthM) {
    core::VectorLayer v;
    v.name = "failing_windows";
    v.crs = crs;
    facadeFields(v.fields);
    const double out = 0.4;  // the mark's centre in front of the wall, so that a tube drawn along it shows
    for (const FacadeResult& fr : r.facade) {
        if (fr.status == BuildingLoad::Status::Replaced || fr.sun.after.pass) continue;
        const FacadePoint& p = fr.point;
        const double cx = p.position.x + out * p.normalX, cy = p.position.y + out * p.normalY;
        const double ax = -p.normalY * 0.5 * lengthM, ay = p.normalX * 0.5 * lengthM;  // along the wall
        core::VectorFeature f;
        f.kind = core::GeometryKind::Line;
        f.lines = {core::LineString{{cx - ax, cy - ay}, {cx + ax, cy + ay}}};
        f.lineZ = {{p.zM, p.zM}};
        f.attributes = facadeAttributes(fr);
        v.features.push_back(std::move(f));
    }
    return v;
}

// ---------------------------------------------------------------------------------------------------------

sdk::Table complianceTable(const NewtownResult& r) {
    sdk::Table t = table({{"parcel", ""},
                          {"zoning", ""},
                          {"typology", ""},
                          {"area", "m2"},
                          {"buildings", ""},
                          {"bcr_limit", "%"},
                          {"bcr", "%"},
                          {"bcr_pass", ""},
                          {"far_limit", "%"},
                          {"far_target", "%"},
                          {"far", "%"},
                          {"far_pass", ""},
                          {"height_limit", "m"},
                          {"max_height", "m"},
                          {"height_pass", ""},
                          {"north_setback_applies", ""},
                          {"north_required", "m"},
                          {"north_achieved", "m"},
                          {"north_pass", ""},
                          {"spacing_applies", ""},
                          {"spacing_required", "distance/height"},
                          {"spacing_achieved", "distance/height"},
                          {"side_gap_required", "m"},
                          {"side_gap_achieved", "m"},
                          {"spacing_pass", ""},
                          {"lot_line_applies", ""},
                          {"lot_line_required", "distance/height"},
                          {"lot_line_achieved", "distance/height"},
                          {"lot_line_pass", ""},
                          {"pass", ""},
                          {"binding_rule", ""},
                          {"note", ""}});
    auto b = [](bool x) { return integer(x ? 1 : 0); };
    for (const ParcelCompliance& c : r.compliance)
        t.rows.push_back({c.parcelId,
                          c.zoningClass,
                          c.typology,
                          c.areaM2,
                          integer(c.buildings),
                          c.bcrLimitPct,
                          c.bcrAchievedPct,
                          b(c.bcrPass),
                          c.farLimitPct,
                          c.farTargetPct,
                          c.farAchievedPct,
                          b(c.farPass),
                          real(c.heightLimitM),
                          c.maxHeightM,
                          b(c.heightPass),
                          b(c.northSetbackApplies),
                          real(c.northRequiredM),
                          real(c.northAchievedM),
                          b(c.northPass),
                          b(c.spacingApplies),
                          real(c.spacingRequiredRatio),
                          real(c.spacingAchievedRatio),
                          real(c.sideGapRequiredM),
                          real(c.sideGapAchievedM),
                          b(c.spacingPass),
                          b(c.lotLineApplies),
                          real(c.lotLineRequiredRatio),
                          real(c.lotLineAchievedRatio),
                          b(c.lotLinePass),
                          b(c.pass()),
                          std::string(toString(c.binding)),
                          c.note});
    return t;
}

LoadTotals loadTotals(const NewtownResult& r) {
    LoadTotals t;
    for (const BuildingLoad& l : r.loads) {
        if (l.status != BuildingLoad::Status::New) t.before += l.load;
        if (l.status != BuildingLoad::Status::Replaced) t.after += l.load;
    }
    t.added = t.after - t.before;
    return t;
}

sdk::Table comparisonTable(const NewtownResult& r) {
    sdk::Table t = table({{"quantity", ""}, {"before", ""}, {"after", ""}, {"added", ""}, {"unit", ""}});
    const LoadTotals lt = loadTotals(r);
    auto row = [&](const std::string& q, double before, double after, const std::string& unit) {
        t.rows.push_back({q, before, after, after - before, unit});
    };
    auto rowL = [&](const std::string& q, double Load::*m, const std::string& unit) {
        row(q, lt.before.*m, lt.after.*m, unit);
    };
    row("floor area", lt.before.gfaResidentialM2 + lt.before.gfaNonResidentialM2,
        lt.after.gfaResidentialM2 + lt.after.gfaNonResidentialM2, "m2");
    rowL("residential floor area", &Load::gfaResidentialM2, "m2");
    rowL("households", &Load::households, "households");
    rowL("population", &Load::population, "persons");
    rowL("jobs", &Load::jobs, "jobs");
    rowL("daily vehicle trip ends", &Load::dailyTripEnds, "veh/day");
    rowL("peak-hour productions", &Load::peakProductions, "veh/h");
    rowL("peak-hour attractions", &Load::peakAttractions, "veh/h");
    rowL("water demand", &Load::waterM3PerDay, "m3/day");
    rowL("elementary-school children", &Load::pupilsElementary, "persons");
    rowL("middle-school children", &Load::pupilsMiddle, "persons");
    rowL("high-school children", &Load::pupilsHigh, "persons");
    const Comparison& c = r.comparison;
    if (!r.facade.empty()) {
        row("households failing the sunlight test", c.failingHouseholdsBefore, c.failingHouseholdsAfter,
            "households");
        t.rows.push_back({std::string("new households failing the sunlight test"), core::AttributeValue{},
                          c.failingNewHouseholds, core::AttributeValue{}, std::string("households")});
        t.rows.push_back({std::string("existing households newly failing"), core::AttributeValue{},
                          c.newlyFailingExisting, c.newlyFailingExisting, std::string("households")});
        t.rows.push_back({std::string("  of which blamed on a new building"), core::AttributeValue{},
                          c.newlyFailingByNewBuildings, c.newlyFailingByNewBuildings,
                          std::string("households")});
    }
    t.rows.push_back({std::string("persons per household"), r.summary.personsPerHousehold,
                      r.summary.personsPerHousehold, 0.0, std::string("persons")});
    return t;
}

sdk::Table loadsTable(const NewtownResult& r) {
    sdk::Table t = table({{"building", ""},
                          {"status", ""},
                          {"parcel", ""},
                          {"x", "m"},
                          {"y", "m"},
                          {"gfa_residential", "m2"},
                          {"gfa_nonresidential", "m2"},
                          {"households", ""},
                          {"population", "persons"},
                          {"jobs", ""},
                          {"daily_trip_ends", "veh/day"},
                          {"peak_productions", "veh/h"},
                          {"peak_attractions", "veh/h"},
                          {"water", "m3/day"},
                          {"pupils_elementary", "persons"},
                          {"pupils_middle", "persons"},
                          {"pupils_high", "persons"}});
    for (const BuildingLoad& b : r.loads) {
        const Load& l = b.load;
        t.rows.push_back({b.buildingId, std::string(statusName(b.status)), b.parcelId, b.centroid.x,
                          b.centroid.y, l.gfaResidentialM2, l.gfaNonResidentialM2, l.households, l.population,
                          l.jobs, l.dailyTripEnds, l.peakProductions, l.peakAttractions, l.waterM3PerDay,
                          l.pupilsElementary, l.pupilsMiddle, l.pupilsHigh});
    }
    return t;
}

sdk::Table parcelTripsTable(const NewtownInputs& in, const NewtownResult& r) {
    sdk::Table t = table({{"parcel", ""},
                          {"x", "m"},
                          {"y", "m"},
                          {"households_added", ""},
                          {"peak_productions_after", "veh/h"},
                          {"peak_attractions_after", "veh/h"},
                          {"peak_productions_added", "veh/h"},
                          {"peak_attractions_added", "veh/h"},
                          {"daily_trip_ends_after", "veh/day"},
                          {"daily_trip_ends_added", "veh/day"}});
    std::map<std::string, Load> before, after;
    for (const BuildingLoad& l : r.loads) {
        if (l.parcelId.empty()) continue;
        if (l.status != BuildingLoad::Status::New) before[l.parcelId] += l.load;
        if (l.status != BuildingLoad::Status::Replaced) after[l.parcelId] += l.load;
    }
    for (const Parcel& p : in.parcels) {
        const core::Point c = core::centroid(core::MultiPolygon{p.shape});
        const Load& a = after[p.id];
        const Load& b = before[p.id];
        t.rows.push_back({p.id, c.x, c.y, a.households - b.households, a.peakProductions, a.peakAttractions,
                          a.peakProductions - b.peakProductions, a.peakAttractions - b.peakAttractions,
                          a.dailyTripEnds, a.dailyTripEnds - b.dailyTripEnds});
    }
    return t;
}

sdk::Table blocksTable(const NewtownResult& r) {
    sdk::Table t = table({{"block", ""},
                          {"area", "ha"},
                          {"residential_area", "ha"},
                          {"households", ""},
                          {"population", "persons"},
                          {"gross_density", "persons/ha"},
                          {"net_density", "persons/ha"},
                          {"far", "%"}});
    for (const BlockDensity& b : r.blocks)
        t.rows.push_back({b.blockId, b.areaHa, b.residentialAreaHa, b.households, b.population,
                          b.grossDensityPerHa, b.netDensityPerHa, b.farPct});
    return t;
}

sdk::Table referenceTownsTable(const NewtownResult& r) {
    sdk::Table t = table({{"town", ""},
                          {"reference_gross_density", "persons/ha"},
                          {"reference_far", "%"},
                          {"gross_density", "persons/ha"},
                          {"ratio", ""}});
    for (const ReferenceComparison& c : r.references)
        t.rows.push_back({c.name, c.referenceDensityPerHa,
                          c.referenceFarPct > 0 ? real(c.referenceFarPct) : core::AttributeValue{},
                          r.summary.grossDensityPerHa, c.densityRatio});
    return t;
}

sdk::Table sunPathTable(const NewtownResult& r) {
    sdk::Table t = table({{"time", "s"},
                          {"clock", ""},
                          {"azimuth", "deg"},
                          {"grid_azimuth", "deg"},
                          {"elevation", "deg"},
                          {"up", ""}});
    for (const SunStep& s : r.sunPath) {
        const double mid = s.startMin + 0.5 * s.durationMin;
        const int hh = static_cast<int>(mid / 60.0);
        const double mm = mid - 60.0 * hh;
        char clock[16];
        std::snprintf(clock, sizeof clock, "%02d:%04.1f", hh, mm);
        t.rows.push_back({mid * 60.0, std::string(clock), s.azimuthDeg, s.gridAzimuthDeg, s.elevationDeg,
                          integer(s.up ? 1 : 0)});
    }
    return t;
}

sdk::Table sourcesTable(const NewtownResult& r) {
    sdk::Table t = table({{"file", ""}, {"source", ""}, {"date", ""}});
    for (const TableInfo& i : r.provenance)
        t.rows.push_back({fs::path(i.file).filename().string(), i.source, i.date});
    return t;
}

}  // namespace citytwin::newtown

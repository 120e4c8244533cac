// City model -> subsidence scenario. See model_adapter.h.

#include "model_adapter.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <utility>

#include "citytwin/core/error.h"
#include "citytwin/core/text.h"
#include "citytwin/subsidence/engine.h"
#include "citytwin/subsidence/limits.h"
#include "citytwin/subsidence/observations.h"

namespace citytwin::subsidence {

namespace {

namespace fs = std::filesystem;

std::string num(double v) {
    return core::number(v, 6);
}

const char* geometryWord(core::GeometryKind k) {
    switch (k) {
        case core::GeometryKind::Point:
            return "a point";
        case core::GeometryKind::Line:
            return "a line";
        case core::GeometryKind::Polygon:
            return "a polygon";
        case core::GeometryKind::None:
            break;
    }
    return "without geometry";
}

/// Reads the attributes of one feature of a layer named by a parameter; every value that cannot be read is a
/// problem naming the parameter, the layer, the feature and the value.
class FeatureReader {
public:
    FeatureReader(const LayerRef& ref, const core::VectorLayer& layer, std::size_t index,
                  std::vector<core::Problem>& problems)
        : ref_(ref), layer_(layer), feature_(layer.features[index]), problems_(problems) {
        for (const char* key : {"id", "name"}) {
            const int f = layer.fields.indexOf(key);
            if (f >= 0) {
                const std::string t = core::trim(core::toText(feature_.attribute(f)));
                if (!t.empty()) {
                    id_ = t;
                    break;
                }
            }
        }
        const std::string number = "#" + std::to_string(index + 1);
        label_ = (id_.empty() ? "feature " + number : "feature '" + id_ + "' (" + number + ")") +
                 " of layer '" + ref.name + "'";
        if (id_.empty()) id_ = ref.name + " " + number;
    }

    const std::string& id() const { return id_; }
    const std::string& label() const { return label_; }
    const core::VectorFeature& feature() const { return feature_; }

    void problem(const std::string& message) {
        problems_.push_back({"subsidence", ref_.parameter, label_ + ": " + message});
    }

    /// True when the attribute exists and is not NULL or blank.
    bool has(const std::string& attribute) const {
        const int f = layer_.fields.indexOf(attribute);
        return f >= 0 && !core::trim(core::toText(feature_.attribute(f))).empty();
    }

    /// The attribute as a number; `fallback` when it is missing. A value that is not a number is a problem
    /// (and gives `fallback`, so that it is not reported twice).
    double number(const std::string& attribute, double fallback) {
        if (!has(attribute)) return fallback;
        const core::AttributeValue& v = feature_.attribute(layer_.fields.indexOf(attribute));
        const double x = core::toNumber(v);
        if (!std::isfinite(x)) {
            problem("attribute " + attribute + " '" + core::toText(v) + "' is not a number");
            return fallback;
        }
        return x;
    }

    std::string text(const std::string& attribute, const std::string& fallback) const {
        if (!has(attribute)) return fallback;
        return core::trim(core::toText(feature_.attribute(layer_.fields.indexOf(attribute))));
    }

    /// One of a few words (case-insensitive); `fallback` when missing; a problem listing the words otherwise.
    template <class E>
    E word(const std::string& attribute, E fallback, const std::vector<std::pair<std::string, E>>& words) {
        if (!has(attribute)) return fallback;
        const std::string t = core::lower(text(attribute, {}));
        std::string list;
        for (const auto& [w, value] : words) {
            if (w == t) return value;
            list += (list.empty() ? "" : ", ") + w;
        }
        problem("attribute " + attribute + " '" + t + "' is not one of " + list);
        return fallback;
    }

    /// A day from a number attribute `dayAttribute` or an ISO date attribute `dateAttribute`.
    double day(const std::string& dayAttribute, const std::string& dateAttribute, double fallback,
               const std::string& originDate) {
        if (has(dayAttribute)) return number(dayAttribute, fallback);
        if (dateAttribute.empty() || !has(dateAttribute)) return fallback;
        double d = fallback;
        std::string why;
        if (!parseDay(text(dateAttribute, {}), originDate, d, why)) {
            problem("attribute " + dateAttribute + ": " + why);
            return fallback;
        }
        return d;
    }

private:
    const LayerRef& ref_;
    const core::VectorLayer& layer_;
    const core::VectorFeature& feature_;
    std::vector<core::Problem>& problems_;
    std::string id_;
    std::string label_;
};

const std::vector<std::pair<std::string, Drainage>> kDrainageWords = {{"double", Drainage::Double},
                                                                      {"single", Drainage::Single}};

/// The vector layer a parameter names; a problem when it is missing (the host checks this too, but the
/// adapter may run without the host, e.g. on an empty model).
const core::VectorLayer* vectorLayer(const core::CityModel& model, const LayerRef& ref,
                                     std::vector<core::Problem>& problems) {
    if (ref.name.empty()) return nullptr;
    const auto it = model.vectors.find(ref.name);
    if (it == model.vectors.end()) {
        problems.push_back(
            {"subsidence", ref.parameter, "'" + ref.name + "' is not a vector layer of the model"});
        return nullptr;
    }
    return &it->second;
}

const core::Raster* rasterLayer(const core::CityModel& model, const std::string& parameter,
                                const std::string& name, std::vector<core::Problem>& problems) {
    if (name.empty()) return nullptr;
    const auto it = model.rasters.find(name);
    if (it == model.rasters.end()) {
        problems.push_back({"subsidence", parameter, "'" + name + "' is not a raster layer of the model"});
        return nullptr;
    }
    return &it->second;
}

/// True when the feature has the geometry `want`; else a problem.
bool expectGeometry(FeatureReader& r, core::GeometryKind want, const char* what) {
    if (r.feature().kind == want) return true;
    r.problem(std::string("is ") + geometryWord(r.feature().kind) + "; " + what + " are " +
              (want == core::GeometryKind::Polygon ? "polygons"
               : want == core::GeometryKind::Line  ? "lines"
                                                   : "points"));
    return false;
}

/// The id of part k of a multi-part feature.
std::string partId(const std::string& id, std::size_t k, std::size_t parts) {
    return parts > 1 ? id + " part " + std::to_string(k + 1) : id;
}

/// Compressibility from attributes: the index form (cc, e0, cr, ocr) when the feature gives cc, else m_v.
Compressibility compressibilityOf(FeatureReader& r, double mvDefault) {
    Compressibility c;
    if (r.has("cc")) {
        c.compressionIndex = r.number("cc", kUnset);
        c.initialVoidRatio = r.number("e0", kUnset);
        c.recompressionIndex = r.number("cr", kUnset);
        c.overconsolidationRatio = r.number("ocr", 1.0);
    } else {
        c.mvPerKPa = r.number("mv_per_kpa", mvDefault);
    }
    return c;
}

void addTunnels(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                std::vector<core::Problem>& problems) {
    const core::VectorLayer* layer = vectorLayer(model, o.tunnels, problems);
    if (!layer) return;
    const TunnelDefaults& d = o.tunnel;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
        FeatureReader r(o.tunnels, *layer, i, problems);
        if (!expectGeometry(r, core::GeometryKind::Line, "tunnels")) continue;
        Tunnel t;
        t.axisDepthM = r.has("axis_depth_m") ? r.number("axis_depth_m", d.axisDepthM)
                                             : r.number("depth_m", d.axisDepthM);
        t.diameterM = r.number("diameter_m", d.diameterM);
        t.volumeLossPercent = r.number("volume_loss_percent", d.volumeLossPercent);
        t.troughWidthFactor = r.number("trough_width_factor", d.troughWidthFactor);
        t.soilType = r.text("soil_type", d.soilType);
        t.method = r.word<TroughWidthMethod>(
            "method", d.method,
            {{"factor", TroughWidthMethod::Factor}, {"regression", TroughWidthMethod::Regression}});
        t.startDay = r.day("start_day", "start_date", d.startDay, o.originDate);
        t.advanceRateMPerDay = r.number("advance_rate_m_per_day", d.advanceRateMPerDay);
        const auto& lines = r.feature().lines;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            Tunnel part = t;
            part.id = partId(r.id(), k, lines.size());
            part.alignment = lines[k];
            out.origins["tunnels[" + std::to_string(out.scenario.tunnels.size()) + "]"] = {
                o.tunnels.parameter, r.label()};
            out.scenario.tunnels.push_back(std::move(part));
        }
    }
}

void addExcavations(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                    std::vector<core::Problem>& problems) {
    const core::VectorLayer* layer = vectorLayer(model, o.excavations, problems);
    if (!layer) return;
    const ExcavationDefaults& d = o.excavation;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
        FeatureReader r(o.excavations, *layer, i, problems);
        if (!expectGeometry(r, core::GeometryKind::Polygon, "excavations")) continue;
        Excavation e;
        e.depthM = r.number("depth_m", d.depthM);
        e.wallType = r.text("wall_type", d.wallType);
        e.envelope = r.text("envelope", d.envelope);
        e.maxSettlementRatio = r.number("max_settlement_ratio", d.maxSettlementRatio);
        e.startDay = r.day("start_day", "start_date", d.startDay, o.originDate);
        e.constructionDays = r.number("construction_days", d.constructionDays);
        e.drawdownInsideM = r.number("drawdown_inside_m", d.drawdownInsideM);
        e.leakageFactor = r.number("leakage_factor", kUnset);
        e.radiusOfInfluenceM = r.number("radius_of_influence_m", d.radiusOfInfluenceM);
        e.hydraulicConductivityMPerS = r.number("hydraulic_conductivity_m_per_s", d.conductivityMPerS);
        e.aquifer = r.word<AquiferType>(
            "aquifer", d.aquifer,
            {{"confined", AquiferType::Confined}, {"unconfined", AquiferType::Unconfined}});
        e.saturatedThicknessM = r.number("saturated_thickness_m", d.saturatedThicknessM);
        e.dewateringStartDay = r.day("dewatering_start_day", "dewatering_start_date", kUnset, o.originDate);
        // One compressible layer under the drawdown cone, from attributes or the defaults; none when its
        // thickness is 0.
        const double thickness = r.number("clay_thickness_m", o.clay.thicknessM);
        if (thickness != 0.0) {
            SoilLayer l;
            l.name = "compressible layer";
            l.thicknessM = thickness;
            l.compressibility = compressibilityOf(r, o.clay.mvPerKPa);
            l.initialEffectiveStressKPa = r.number("initial_effective_stress_kpa", kUnset);
            l.cvM2PerDay = r.number("cv_m2_per_day", o.clay.cvM2PerDay);
            l.drainage = r.word<Drainage>("drainage", o.clay.drainage, kDrainageWords);
            e.layers.layers.push_back(l);
        }
        const core::MultiPolygon& parts = r.feature().polygons;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            Excavation part = e;
            part.id = partId(r.id(), k, parts.size());
            part.outline = parts[k].outer;
            out.origins["excavations[" + std::to_string(out.scenario.excavations.size()) + "]"] = {
                o.excavations.parameter, r.label()};
            out.scenario.excavations.push_back(std::move(part));
        }
    }
}

SoftGround softGroundFrom(const SoftGroundDefaults& d) {
    SoftGround s;
    s.thicknessM = d.thicknessM;
    s.compressibility.mvPerKPa = d.mvPerKPa;
    s.cvM2PerDay = d.cvM2PerDay;
    s.drainage = d.drainage;
    s.loadKPa = d.loadKPa;
    s.drawdownM = d.drawdownM;
    s.startDay = d.startDay;
    if (d.drainSpacingM > 0.0) {
        s.hasDrains = true;
        s.drains.spacingM = d.drainSpacingM;
        s.drains.pattern = d.drainPattern;
    }
    return s;
}

void addSoftGround(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                   std::vector<core::Problem>& problems) {
    const LayerRef& ref = o.softGround;
    if (ref.name.empty()) return;
    const SoftGroundDefaults& d = o.soft;
    if (const auto raster = model.rasters.find(ref.name); raster != model.rasters.end()) {
        SoftGround s = softGroundFrom(d);
        s.id = ref.name;
        s.thicknessRaster = std::make_shared<core::Raster>(raster->second);
        out.origins["soft_ground[" + std::to_string(out.scenario.softGround.size()) + "]"] = {
            ref.parameter, "thickness raster '" + ref.name + "'"};
        out.scenario.softGround.push_back(std::move(s));
        return;
    }
    const auto vector = model.vectors.find(ref.name);
    if (vector == model.vectors.end()) {
        problems.push_back({"subsidence", ref.parameter,
                            "'" + ref.name +
                                "' is neither a vector layer of soft-ground polygons nor a raster of "
                                "their thickness in the model"});
        return;
    }
    const core::VectorLayer& layer = vector->second;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        FeatureReader r(ref, layer, i, problems);
        if (!expectGeometry(r, core::GeometryKind::Polygon, "soft-ground areas")) continue;
        SoftGround s = softGroundFrom(d);
        s.thicknessM = r.number("thickness_m", d.thicknessM);
        s.compressibility = compressibilityOf(r, d.mvPerKPa);
        s.cvM2PerDay = r.number("cv_m2_per_day", d.cvM2PerDay);
        s.drainage = r.word<Drainage>("drainage", d.drainage, kDrainageWords);
        s.topEffectiveStressKPa = r.number("top_effective_stress_kpa", 0.0);
        s.effectiveUnitWeightKNPerM3 = r.number("effective_unit_weight_kn_per_m3", kUnset);
        s.loadKPa = r.number("load_kpa", d.loadKPa);
        s.drawdownM = r.number("drawdown_m", d.drawdownM);
        s.startDay = r.day("start_day", "start_date", d.startDay, o.originDate);
        const double spacing = r.number("drain_spacing_m", d.drainSpacingM);
        s.hasDrains = spacing != 0.0;
        if (s.hasDrains) {
            s.drains.spacingM = spacing;
            s.drains.pattern = r.word<DrainPattern>(
                "drain_pattern", d.drainPattern,
                {{"triangular", DrainPattern::Triangular}, {"square", DrainPattern::Square}});
            s.drains.drainDiameterM = r.number("drain_diameter_m", s.drains.drainDiameterM);
            s.drains.smearRatio = r.number("smear_ratio", 1.0);
            s.drains.permeabilityRatio = r.number("permeability_ratio", 1.0);
            s.drains.chM2PerDay = r.number("ch_m2_per_day", kUnset);
        }
        const core::MultiPolygon& parts = r.feature().polygons;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            SoftGround part = s;
            part.id = partId(r.id(), k, parts.size());
            part.area = parts[k];
            out.origins["soft_ground[" + std::to_string(out.scenario.softGround.size()) + "]"] = {
                ref.parameter, r.label()};
            out.scenario.softGround.push_back(std::move(part));
        }
    }
}

void addReservoirs(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                   std::vector<core::Problem>& problems) {
    const core::VectorLayer* layer = vectorLayer(model, o.reservoirs, problems);
    if (!layer) return;
    const ReservoirDefaults& d = o.reservoir;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
        FeatureReader r(o.reservoirs, *layer, i, problems);
        if (!expectGeometry(r, core::GeometryKind::Point, "reservoirs")) continue;
        Reservoir res;
        // No default for the geometry and the depletion of a reservoir: they must be given.
        for (const char* required :
             {"depth_m", "radius_m", "thickness_m", "pressure_drop_mpa", "young_modulus_mpa"})
            if (!r.has(required))
                r.problem(std::string("has no attribute ") + required + " (a reservoir needs it)");
        res.depthM = r.number("depth_m", 0.0);
        res.radiusM = r.number("radius_m", 0.0);
        res.thicknessM = r.number("thickness_m", 0.0);
        res.pressureDropMPa = r.number("pressure_drop_mpa", 0.0);
        res.youngModulusMPa = r.number("young_modulus_mpa", 0.0);
        res.poissonRatio = r.number("poisson_ratio", d.poissonRatio);
        res.biotCoefficient = r.number("biot_coefficient", d.biotCoefficient);
        res.startDay = r.day("start_day", "start_date", d.startDay, o.originDate);
        res.rampDays = r.number("ramp_days", d.rampDays);
        bool complete = true;
        for (const char* required :
             {"depth_m", "radius_m", "thickness_m", "pressure_drop_mpa", "young_modulus_mpa"})
            complete = complete && r.has(required);
        if (!complete) continue;  // reported above; the engine would only repeat it
        const auto& pts = r.feature().points;
        for (std::size_t k = 0; k < pts.size(); ++k) {
            Reservoir part = res;
            part.id = partId(r.id(), k, pts.size());
            part.centre = pts[k];
            out.origins["reservoirs[" + std::to_string(out.scenario.reservoirs.size()) + "]"] = {
                o.reservoirs.parameter, r.label()};
            out.scenario.reservoirs.push_back(std::move(part));
        }
    }
}

void addDrawdown(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                 std::vector<core::Problem>& problems) {
    const core::Raster* raster = rasterLayer(model, o.drawdown.parameter, o.drawdown.name, problems);
    if (!raster) return;
    if (o.clay.thicknessM == 0.0) {
        problems.push_back(
            {"subsidence", o.drawdown.parameter,
             "the drawdown raster '" + o.drawdown.name +
                 "' needs a compressible layer under it: set clay_thickness_m (and its m_v and c_v)"});
        return;
    }
    DrawdownField f;
    f.id = o.drawdown.name;
    f.drawdownM = std::make_shared<core::Raster>(*raster);
    f.startDay = o.drawdownStartDay;
    SoilLayer l;
    l.name = "compressible layer";
    l.thicknessM = o.clay.thicknessM;
    l.compressibility.mvPerKPa = o.clay.mvPerKPa;
    l.cvM2PerDay = o.clay.cvM2PerDay;
    l.drainage = o.clay.drainage;
    f.layers.layers.push_back(l);
    out.origins["drawdown_fields[" + std::to_string(out.scenario.drawdownFields.size()) + "]"] = {
        o.drawdown.parameter, "drawdown raster '" + o.drawdown.name + "'"};
    out.scenario.drawdownFields.push_back(std::move(f));
}

void addLevelling(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                  std::vector<core::Problem>& problems) {
    if (const core::VectorLayer* layer = vectorLayer(model, o.levelling, problems)) {
        for (std::size_t i = 0; i < layer->features.size(); ++i) {
            FeatureReader r(o.levelling, *layer, i, problems);
            if (!expectGeometry(r, core::GeometryKind::Point, "levelling points")) continue;
            LevellingObservation l;
            l.id = r.id();
            l.origin = r.label();
            if (r.has("settlement_mm"))
                l.settlementMm = r.number("settlement_mm", 0.0);
            else if (r.has("displacement_mm"))
                l.settlementMm =
                    -r.number("displacement_mm", 0.0);  // up positive -> settlement down positive
            else {
                r.problem("has neither settlement_mm nor displacement_mm");
                continue;
            }
            if (!r.has("t_days") && !r.has("date")) {
                r.problem("has neither t_days nor date (when it was observed)");
                continue;
            }
            l.timeDays = r.day("t_days", "date", 0.0, o.originDate);
            l.referenceDay = r.day("reference_t_days", "reference_date", 0.0, o.originDate);
            for (const core::Point& p : r.feature().points) {
                l.position = p;
                out.origins["levelling[" + std::to_string(out.scenario.levelling.size()) + "]"] = {
                    o.levelling.parameter, r.label()};
                out.scenario.levelling.push_back(l);
            }
        }
    }
    if (!o.levellingCsv.empty()) {
        const std::string path = resolvePath(o.levellingCsv, model);
        if (path.empty()) {
            problems.push_back(
                {"subsidence", o.levellingCsvParameter,
                 "levelling file '" + o.levellingCsv +
                     "' not found (looked in the working directory and beside the scenario's data)"});
            return;
        }
        try {
            for (LevellingObservation& l : readLevellingCsv(path, o.originDate)) {
                out.origins["levelling[" + std::to_string(out.scenario.levelling.size()) + "]"] = {
                    o.levellingCsvParameter, "levelling point '" + l.id + "' (" + l.origin + ")"};
                out.scenario.levelling.push_back(std::move(l));
            }
        } catch (const core::Error& e) {
            problems.push_back({"subsidence", o.levellingCsvParameter, e.what()});
        }
    }
}

void addInsar(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
              std::vector<core::Problem>& problems) {
    const InsarOptions& in = o.insar;
    if (in.layers.empty()) return;
    if (in.dates.size() != in.layers.size()) {
        problems.push_back({"subsidence", o.insarParameter,
                            std::to_string(in.layers.size()) + " InSAR layers but " +
                                std::to_string(in.dates.size()) +
                                " dates: give one date per layer (insar_dates)"});
        return;
    }
    double reference = 0.0;
    std::string why;
    if (!in.referenceDate.empty() && !parseDay(in.referenceDate, o.originDate, reference, why)) {
        problems.push_back({"subsidence", o.insarParameter, "insar_reference_date: " + why});
        return;
    }
    std::shared_ptr<const core::Raster> incidence;
    if (!in.incidenceLayer.empty())
        if (const core::Raster* r = rasterLayer(model, o.insarParameter, in.incidenceLayer, problems))
            incidence = std::make_shared<core::Raster>(*r);
    double previous = -HUGE_VAL;
    for (std::size_t i = 0; i < in.layers.size(); ++i) {
        const core::Raster* los = rasterLayer(model, o.insarParameter, in.layers[i], problems);
        double t = 0.0;
        if (!parseDay(in.dates[i], o.originDate, t, why)) {
            problems.push_back(
                {"subsidence", o.insarParameter, "date of InSAR layer '" + in.layers[i] + "': " + why});
            continue;
        }
        if (!(t > previous))
            problems.push_back(
                {"subsidence", o.insarParameter,
                 "InSAR layer '" + in.layers[i] + "' (day " + num(t) +
                     ") is not later than the one before it: list the layers in date order, one per date"});
        previous = t;
        if (!los) continue;
        InsarBand b;
        b.id = in.layers[i];
        b.los = std::make_shared<core::Raster>(*los);
        b.unitToMetres = in.unitToMetres;
        b.sign = in.sign;
        b.kind = in.kind;
        b.incidenceDeg = in.incidenceDeg;
        b.incidence = incidence;
        b.timeDays = t;
        b.referenceDay = reference;
        out.origins["insar[" + std::to_string(out.scenario.insar.size()) + "]"] = {
            o.insarParameter, "InSAR layer '" + in.layers[i] + "'"};
        out.scenario.insar.push_back(std::move(b));
    }
}

void addProfiles(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
                 std::vector<core::Problem>& problems) {
    const core::VectorLayer* layer = vectorLayer(model, o.profiles, problems);
    if (!layer) return;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
        FeatureReader r(o.profiles, *layer, i, problems);
        if (!expectGeometry(r, core::GeometryKind::Line, "profiles")) continue;
        const auto& lines = r.feature().lines;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const std::string path = "profiles[" + std::to_string(out.scenario.options.profiles.size()) + "]";
            out.origins[path] = {o.profiles.parameter, r.label()};
            out.scenario.options.profiles.push_back(ProfileLine{partId(r.id(), k, lines.size()), lines[k]});
        }
    }
}

/// Everything the run evaluates, for the "sources" grid extent.
core::Box sourcesExtent(const Scenario& s) {
    core::Box b;
    for (const Tunnel& t : s.tunnels)
        b.expand(core::bounds(t.alignment));
    for (const Excavation& e : s.excavations)
        for (const core::Point& p : e.outline)
            b.expand(p);
    for (const SoftGround& g : s.softGround) {
        if (g.thicknessRaster)
            b.expand(g.thicknessRaster->extent());
        else
            for (const core::Point& p : g.area.outer)
                b.expand(p);
    }
    for (const Reservoir& r : s.reservoirs)
        b.expand(core::Box{r.centre.x - r.radiusM, r.centre.y - r.radiusM, r.centre.x + r.radiusM,
                           r.centre.y + r.radiusM});
    for (const DrawdownField& f : s.drawdownFields)
        b.expand(f.drawdownM->extent());
    for (const LevellingObservation& l : s.levelling)
        b.expand(l.position);
    for (const ProfileLine& p : s.options.profiles)
        b.expand(core::bounds(p.line));
    for (const NamedPoint& p : s.options.seriesPoints)
        b.expand(p.position);
    return b;
}

void makeGrid(const core::CityModel& model, const AdapterOptions& o, Adapted& out,
              std::vector<core::Problem>& problems) {
    core::Box box = model.hasTerrain() ? model.terrain.extent() : model.extent;
    if (o.extent == GridExtent::Sources) {
        core::Box s = sourcesExtent(out.scenario);
        if (!s.empty())
            box = core::Box{s.minX - o.marginM, s.minY - o.marginM, s.maxX + o.marginM, s.maxY + o.marginM};
    }
    Grid& g = out.scenario.grid;
    g.crs = model.crs;
    if (box.empty() || !(box.width() > 0.0) || !(box.height() > 0.0)) {
        problems.push_back(
            {"subsidence", "grid_extent",
             "the grid has no extent: the model has no terrain, buildings or roads" +
                 std::string(o.extent == GridExtent::Sources ? " and there are no sources" : "")});
        return;
    }
    if (!limits::cellSizeM.contains(o.cellSizeM)) return;  // the engine says so
    const double nx = std::max(1.0, std::ceil(box.width() / o.cellSizeM));
    const double ny = std::max(1.0, std::ceil(box.height() / o.cellSizeM));
    if (nx * ny > limits::maxGridCells) {
        problems.push_back({"subsidence", "cell_size_m",
                            "a grid of " + num(o.cellSizeM) + " m cells over " + num(box.width()) + " x " +
                                num(box.height()) + " m has " + num(nx * ny) + " cells, more than " +
                                num(limits::maxGridCells) + ": use larger cells or grid_extent = sources"});
        return;
    }
    g.transform = core::GeoTransform{box.minX, box.maxY, o.cellSizeM, o.cellSizeM};
    g.nx = static_cast<int>(nx);
    g.ny = static_cast<int>(ny);
}

/// Replaces the engine's "<kind> '<id>' (<path>)" at the start of a message by the feature's origin and drops
/// the nested engine paths ("(excavations[0].layers[0])").
std::string reword(const std::string& message, const std::string& path, const SourceOrigin& origin) {
    std::string m = message;
    const std::string tag = "(" + path + ")";
    const auto at = m.find(tag);
    if (at == std::string::npos) return m;
    m = origin.text + m.substr(at + tag.size());
    for (auto k = m.find(" (" + path); k != std::string::npos; k = m.find(" (" + path)) {
        const auto close = m.find(')', k);
        if (close == std::string::npos) break;
        m.erase(k, close - k + 1);
    }
    return m;
}

}  // namespace

bool parseDay(const std::string& text, const std::string& originDate, double& day, std::string& why) {
    const std::string t = core::trim(text);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (!t.empty() && end && *end == '\0' && std::isfinite(v)) {
        day = v;
        return true;
    }
    long d = 0;
    if (!parseIsoDate(t, d)) {
        why = "'" + t + "' is neither a day number nor a date YYYY-MM-DD";
        return false;
    }
    long origin = 0;
    if (originDate.empty()) {
        why = "the date '" + t + "' needs origin_date (the date of day 0)";
        return false;
    }
    if (!parseIsoDate(core::trim(originDate), origin)) {
        why = "origin_date '" + originDate + "' is not a date YYYY-MM-DD";
        return false;
    }
    day = static_cast<double>(d - origin);
    return true;
}

std::string resolvePath(const std::string& path, const core::CityModel& model) {
    std::error_code ec;
    if (path.empty()) return {};
    if (fs::exists(path, ec)) return path;
    if (fs::path(path).is_absolute()) return {};
    for (const core::DataSource& s : model.sources) {
        if (s.file.empty()) continue;
        const fs::path candidate = fs::path(s.file).parent_path() / path;
        if (fs::exists(candidate, ec)) return candidate.string();
    }
    return {};
}

Tables loadTablesWithOverrides(const std::string& folder, const std::string& defaultFolder) {
    auto pick = [&](const char* name) {
        if (!folder.empty()) {
            const fs::path p = fs::path(folder) / name;
            std::error_code ec;
            if (fs::exists(p, ec)) return p.string();
        }
        return (fs::path(defaultFolder) / name).string();
    };
    Tables t;
    t.damage = readDamageCategories(pick("damage_categories.csv"));
    t.risk = readRiskCategories(pick("rankin_risk_categories.csv"));
    t.assessment = readAssessmentParameters(pick("assessment_parameters.csv"));
    t.envelopes = readExcavationEnvelopes(pick("excavation_envelopes.csv"));
    t.wallTypes = readWallTypes(pick("wall_types.csv"));
    t.troughWidth = readTroughWidth(pick("tunnel_trough_width.csv"));
    return t;
}

Adapted adaptModel(const core::CityModel& model, const AdapterOptions& o,
                   std::vector<core::Problem>& problems) {
    Adapted out;
    Scenario& s = out.scenario;
    s.options = o.options;
    addTunnels(model, o, out, problems);
    addExcavations(model, o, out, problems);
    addSoftGround(model, o, out, problems);
    addReservoirs(model, o, out, problems);
    addDrawdown(model, o, out, problems);
    addLevelling(model, o, out, problems);
    addInsar(model, o, out, problems);
    addProfiles(model, o, out, problems);
    for (std::size_t i = 0; i < o.seriesPoints.size(); ++i)
        s.options.seriesPoints.push_back(NamedPoint{"P" + std::to_string(i + 1), o.seriesPoints[i]});
    s.options.seriesTimesDays.clear();
    const int steps = std::max(1, o.seriesSteps);
    for (int k = 0; k <= steps; ++k)
        s.options.seriesTimesDays.push_back(s.options.endDay * k / steps);
    for (const core::Building& b : model.buildings)
        s.buildings.push_back(Building{b.id, b.footprint, b.heightM > 0.0 ? b.heightM : kUnset});
    makeGrid(model, o, out, problems);
    return out;
}

std::vector<core::Problem> engineProblems(const Adapted& adapted, const Tables& tables) {
    std::vector<core::Problem> out;
    std::vector<core::Problem> raw;
    try {
        raw = validate(adapted.scenario, tables);
    } catch (const std::exception& e) {
        out.push_back({"subsidence", "", std::string("checking the inputs failed: ") + e.what()});
        return out;
    }
    for (core::Problem p : raw) {
        p.simulator = "subsidence";
        const auto bracket = p.parameter.find(']');
        if (bracket != std::string::npos) {
            const std::string path = p.parameter.substr(0, bracket + 1);
            const auto it = adapted.origins.find(path);
            if (it != adapted.origins.end()) {
                p.message = reword(p.message, path, it->second);
                p.parameter = it->second.parameter;
            } else if (path.rfind("buildings[", 0) == 0) {
                p.parameter = "buildings";
            }
        } else if (p.parameter.rfind("grid", 0) == 0) {
            p.parameter = "cell_size_m";
        } else if (p.parameter.rfind("tables.", 0) == 0) {
            p.parameter = "tables_folder";
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace citytwin::subsidence

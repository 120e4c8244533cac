// Input checks: every problem at once, each naming the feature (kind, id, index), the parameter id and the
// value.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "citytwin/subsidence/consolidation.h"
#include "citytwin/subsidence/engine.h"
#include "citytwin/subsidence/limits.h"

namespace citytwin::subsidence {

namespace {

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string pt(const core::Point& p) {
    return "(" + num(p.x) + ", " + num(p.y) + ")";
}

bool finite(double v) {
    return std::isfinite(v);
}

class Checker {
public:
    std::vector<core::Problem> problems;

    void add(const std::string& parameter, const std::string& message) {
        problems.push_back(core::Problem{"subsidence", parameter, message});
    }

    // "tunnel 'T1' (tunnels[0])"
    static std::string feature(const char* kind, const std::string& id, const std::string& path) {
        return std::string(kind) + (id.empty() ? std::string() : " '" + id + "'") + " (" + path + ")";
    }

    // value must be > 0 (and finite)
    void positive(const std::string& what, const std::string& path, const char* param, double v,
                  const char* unit) {
        if (!(finite(v) && v > 0.0))
            add(path + "." + param, what + ": " + param + " " + num(v) + unit + " must be > 0");
    }
    void nonNegative(const std::string& what, const std::string& path, const char* param, double v,
                     const char* unit) {
        if (!(finite(v) && v >= 0.0))
            add(path + "." + param, what + ": " + param + " " + num(v) + unit + " must be >= 0");
    }
    // value must lie in the declared range (limits.h); non-finite values never do.
    void inRange(const std::string& what, const std::string& path, const char* param, double v,
                 const core::Range& range, const char* unit) {
        if (!range.contains(v))
            add(path + "." + param,
                what + ": " + param + " " + num(v) + unit + " is out of range (" + range.text() + ")");
    }
    void isFinite(const std::string& what, const std::string& path, const char* param, double v) {
        if (!finite(v)) add(path + "." + param, what + ": " + param + " " + num(v) + " is not a number");
    }

    void ring(const std::string& what, const std::string& path, const char* param, const core::Ring& r) {
        const std::string p = path + "." + param;
        if (r.size() < 4) {
            add(p, what + ": " + param + " has " + std::to_string(r.size()) +
                       " points; a closed ring needs at least 4 (first == last)");
            return;
        }
        for (const core::Point& q : r)
            if (!finite(q.x) || !finite(q.y)) {
                add(p, what + ": " + param + " has a non-finite coordinate " + pt(q));
                return;
            }
        if (r.front() != r.back()) {
            add(p, what + ": " + param + " is not closed: first point " + pt(r.front()) +
                       " differs from last " + pt(r.back()));
            return;
        }
        if (!(std::abs(core::signedArea(r)) > 0.0)) {
            add(p, what + ": " + param + " has zero area");
            return;
        }
        if (selfIntersects(r)) add(p, what + ": " + param + " crosses itself");
    }

    void compressibility(const std::string& what, const std::string& path, const Compressibility& c,
                         bool needsSigma0, double sigma0) {
        const bool hasMv = !std::isnan(c.mvPerKPa);
        const bool hasCc = !std::isnan(c.compressionIndex);
        if (hasMv && hasCc) {
            add(path + ".mv_per_kpa", what + ": give m_v or Cc, not both");
            return;
        }
        if (!hasMv && !hasCc) {
            add(path + ".mv_per_kpa", what + ": no compressibility (give mv_per_kpa, or cc with e0)");
            return;
        }
        if (hasMv) {
            inRange(what, path, "mv_per_kpa", c.mvPerKPa, limits::mvPerKPa, " 1/kPa");
            return;
        }
        inRange(what, path, "cc", c.compressionIndex, limits::compressionIndex, "");
        inRange(what, path, "e0", c.initialVoidRatio, limits::voidRatio, "");
        if (!std::isnan(c.recompressionIndex))
            inRange(what, path, "cr", c.recompressionIndex, limits::recompressionIndex, "");
        if (!limits::overconsolidationRatio.contains(c.overconsolidationRatio))
            inRange(what, path, "ocr", c.overconsolidationRatio, limits::overconsolidationRatio, "");
        else if (c.overconsolidationRatio > 1.0 && std::isnan(c.recompressionIndex))
            add(path + ".cr", what + ": ocr " + num(c.overconsolidationRatio) + " > 1 needs cr");
        if (needsSigma0 && !limits::effectiveStressKPa.contains(sigma0))
            add(path + ".initial_effective_stress_kpa", what + ": initial_effective_stress_kpa " +
                                                            num(sigma0) + " kPa is needed with cc, in (" +
                                                            limits::effectiveStressKPa.text() + ")");
    }

    void stack(const std::string& owner, const std::string& path, const LayerStack& s) {
        for (std::size_t j = 0; j < s.layers.size(); ++j) {
            const SoilLayer& l = s.layers[j];
            const std::string p = path + ".layers[" + std::to_string(j) + "]";
            const std::string what =
                owner + " layer" + (l.name.empty() ? "" : " '" + l.name + "'") + " (" + p + ")";
            inRange(what, p, "thickness_m", l.thicknessM, limits::layerThicknessM, " m");
            inRange(what, p, "cv_m2_per_day", l.cvM2PerDay, limits::cvM2PerDay, " m²/day");
            compressibility(what, p, l.compressibility, true, l.initialEffectiveStressKPa);
        }
        for (std::size_t j = 0; j < s.interbeds.size(); ++j) {
            const DelayInterbeds& b = s.interbeds[j];
            const std::string p = path + ".interbeds[" + std::to_string(j) + "]";
            const std::string what =
                owner + " interbeds" + (b.name.empty() ? "" : " '" + b.name + "'") + " (" + p + ")";
            if (!(finite(b.count) && b.count >= 1.0))
                add(p + ".count", what + ": count " + num(b.count) + " must be >= 1");
            positive(what, p, "thickness_m", b.thicknessM, " m");
            positive(what, p, "kv_m_per_day", b.kvMPerDay, " m/day");
            positive(what, p, "ske_per_m", b.elasticSpecificStoragePerM, " 1/m");
            positive(what, p, "skv_per_m", b.inelasticSpecificStoragePerM, " 1/m");
            nonNegative(what, p, "preconsolidation_margin_m", b.preconsolidationMarginM, " m");
            if (b.cells < 4 || b.cells > 1000)
                add(p + ".cells", what + ": cells " + std::to_string(b.cells) + " must be in [4, 1000]");
        }
    }

private:
    static bool segmentsCross(const core::Point& a, const core::Point& b, const core::Point& c,
                              const core::Point& d) {
        auto orient = [](const core::Point& p, const core::Point& q, const core::Point& r) {
            const double v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
            return (v > 0.0) - (v < 0.0);
        };
        auto onSegment = [](const core::Point& p, const core::Point& q, const core::Point& r) {
            return std::min(p.x, r.x) <= q.x && q.x <= std::max(p.x, r.x) && std::min(p.y, r.y) <= q.y &&
                   q.y <= std::max(p.y, r.y);
        };
        const int o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
        if (o1 != o2 && o3 != o4) return true;
        return (o1 == 0 && onSegment(a, c, b)) || (o2 == 0 && onSegment(a, d, b)) ||
               (o3 == 0 && onSegment(c, a, d)) || (o4 == 0 && onSegment(c, b, d));
    }

    // Non-adjacent edges of a closed ring that touch or cross (O(n²): rings of pits are small).
    static bool selfIntersects(const core::Ring& r) {
        const std::size_t edges = r.size() - 1;
        if (edges > 2000) return false;
        for (std::size_t i = 0; i < edges; ++i)
            for (std::size_t j = i + 1; j < edges; ++j) {
                const bool adjacent = j == i + 1 || (i == 0 && j == edges - 1);
                if (adjacent) continue;
                if (segmentsCross(r[i], r[i + 1], r[j], r[j + 1])) return true;
            }
        return false;
    }
};

}  // namespace

std::vector<core::Problem> validate(const Scenario& sc, const Tables& tables) {
    Checker ck;
    // Tables (normally from loadTables(), whose readers check them; hand-made ones may be incomplete).
    if (tables.damage.rows.empty()) ck.add("tables.damage_categories", "tables: no damage categories");
    if (tables.risk.rows.empty()) ck.add("tables.rankin_risk_categories", "tables: no risk categories");
    if (!(tables.assessment.stage1MaxSettlementMm > 0.0 && tables.assessment.stage1MaxSlope > 0.0 &&
          tables.assessment.eOverG > 0.0 && tables.assessment.poissonRatio >= 0.0 &&
          tables.assessment.poissonRatio < 0.5))
        ck.add("tables.assessment_parameters", "tables: assessment parameters missing or out of range");

    // Grid
    const Grid& g = sc.grid;
    if (g.nx <= 0 || g.ny <= 0)
        ck.add("grid",
               "grid: " + std::to_string(g.nx) + " x " + std::to_string(g.ny) + " cells; both must be > 0");
    if (!limits::cellSizeM.contains(g.transform.cellWidth) ||
        !limits::cellSizeM.contains(g.transform.cellHeight))
        ck.add("grid.cell_size_m", "grid: cell size " + num(g.transform.cellWidth) + " x " +
                                       num(g.transform.cellHeight) + " m is out of range (" +
                                       limits::cellSizeM.text() + ")");
    if (g.nx > 0 && g.ny > 0 && static_cast<double>(g.nx) * static_cast<double>(g.ny) > limits::maxGridCells)
        ck.add("grid", "grid: " + std::to_string(g.nx) + " x " + std::to_string(g.ny) +
                           " cells is more than " + num(limits::maxGridCells) +
                           ": use larger cells or a smaller extent");
    if (!finite(g.transform.originX) || !finite(g.transform.originY))
        ck.add("grid", "grid: origin " + num(g.transform.originX) + ", " + num(g.transform.originY) +
                           " is not finite");
    if (!g.crs.empty() && !g.crs.isProjected())
        ck.add("grid.crs", "grid: CRS " + g.crs.describe() + " is not projected (metres needed)");

    // Options
    const Options& o = sc.options;
    if (!limits::endDay.contains(o.endDay))
        ck.add("end_day",
               "end_day " + num(o.endDay) + " day is out of range (" + limits::endDay.text() + ")");
    for (double t : o.outputTimesDays)
        if (!(finite(t) && t >= 0.0 && t <= o.endDay))
            ck.add("output_times_days",
                   "output time " + num(t) + " day must be in [0, end_day = " + num(o.endDay) + "]");
    for (double t : o.seriesTimesDays)
        if (!(finite(t) && t >= 0.0))
            ck.add("series_times_days", "series time " + num(t) + " day must be >= 0");
    for (double l : o.contourLevelsMm)
        if (!finite(l)) ck.add("contour_levels_mm", "contour level " + num(l) + " mm is not a number");
    if (!limits::worstBuildings.contains(o.worstBuildings))
        ck.add("worst_buildings", "worst_buildings " + std::to_string(o.worstBuildings) +
                                      " is out of range (" + limits::worstBuildings.text() + ")");
    if (!(finite(o.unitWeightWaterKNPerM3) && o.unitWeightWaterKNPerM3 > 0.0))
        ck.add("unit_weight_water_kn_per_m3",
               "unit_weight_water_kn_per_m3 " + num(o.unitWeightWaterKNPerM3) + " must be > 0");
    if (!(finite(o.defaultBuildingHeightM) && o.defaultBuildingHeightM > 0.0))
        ck.add("default_building_height_m",
               "default_building_height_m " + num(o.defaultBuildingHeightM) + " m must be > 0");
    if (!std::isnan(o.profileSpacingM) && !limits::profileSpacingM.contains(o.profileSpacingM))
        ck.add("profile_spacing_m", "profile_spacing_m " + num(o.profileSpacingM) + " m is out of range (" +
                                        limits::profileSpacingM.text() + ")");
    for (std::size_t i = 0; i < o.profiles.size(); ++i) {
        const ProfileLine& p = o.profiles[i];
        const std::string path = "profiles[" + std::to_string(i) + "]";
        if (p.line.size() < 2 || !(core::length(p.line) > 0.0))
            ck.add(path, Checker::feature("profile", p.id, path) + ": needs two or more distinct points");
    }
    for (std::size_t i = 0; i < o.seriesPoints.size(); ++i) {
        const NamedPoint& p = o.seriesPoints[i];
        if (!finite(p.position.x) || !finite(p.position.y))
            ck.add("series_points",
                   Checker::feature("point", p.id, "series_points[" + std::to_string(i) + "]") +
                       ": position " + pt(p.position) + " is not finite");
    }

    // Excavations
    for (std::size_t i = 0; i < sc.excavations.size(); ++i) {
        const Excavation& e = sc.excavations[i];
        const std::string path = "excavations[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("excavation", e.id, path);
        ck.ring(what, path, "outline", e.outline);
        ck.inRange(what, path, "depth_m", e.depthM, limits::excavationDepthM, " m");
        if (!tables.envelope(e.envelope))
            ck.add(path + ".envelope",
                   what + ": envelope '" + e.envelope + "' is not in excavation_envelopes.csv");
        const WallType* wall = tables.wallType(e.wallType);
        if (!wall)
            ck.add(path + ".wall_type", what + ": wall_type '" + e.wallType + "' is not in wall_types.csv");
        if (!std::isnan(e.maxSettlementRatio))
            ck.inRange(what, path, "max_settlement_ratio", e.maxSettlementRatio, limits::maxSettlementRatio,
                       "");
        ck.inRange(what, path, "start_day", e.startDay, limits::day, " day");
        ck.inRange(what, path, "construction_days", e.constructionDays, limits::durationDays, " day");
        ck.inRange(what, path, "drawdown_inside_m", e.drawdownInsideM, limits::drawdownInsideM, " m");
        if (!std::isnan(e.dewateringStartDay))
            ck.inRange(what, path, "dewatering_start_day", e.dewateringStartDay, limits::day, " day");
        if (e.drawdownInsideM > 0.0) {
            double leak = e.leakageFactor;
            if (!std::isnan(leak)) ck.inRange(what, path, "leakage_factor", leak, limits::leakageFactor, "");
            if (std::isnan(leak) && wall) leak = wall->defaultLeakageFactor;
            if (!std::isnan(e.radiusOfInfluenceM))
                ck.inRange(what, path, "radius_of_influence_m", e.radiusOfInfluenceM,
                           limits::radiusOfInfluenceM, " m");
            else if (!limits::conductivityMPerS.contains(e.hydraulicConductivityMPerS))
                ck.add(path + ".hydraulic_conductivity_m_per_s",
                       what + ": hydraulic_conductivity_m_per_s " + num(e.hydraulicConductivityMPerS) +
                           " m/s is out of range (" + limits::conductivityMPerS.text() +
                           ") for Sichardt's radius (or give radius_of_influence_m)");
            if (e.aquifer == AquiferType::Unconfined)
                ck.inRange(what, path, "saturated_thickness_m", e.saturatedThicknessM,
                           limits::saturatedThicknessM, " m");
            if (e.aquifer == AquiferType::Unconfined && finite(leak) && finite(e.saturatedThicknessM) &&
                !(finite(e.saturatedThicknessM) && e.saturatedThicknessM > leak * e.drawdownInsideM))
                ck.add(path + ".saturated_thickness_m",
                       what + ": saturated_thickness_m " + num(e.saturatedThicknessM) +
                           " m must exceed the drawdown at the wall " + num(leak * e.drawdownInsideM) + " m");
            ck.stack(what, path, e.layers);
        }
    }

    // Tunnels
    for (std::size_t i = 0; i < sc.tunnels.size(); ++i) {
        const Tunnel& t = sc.tunnels[i];
        const std::string path = "tunnels[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("tunnel", t.id, path);
        bool finitePoints = true;
        for (const core::Point& p : t.alignment)
            finitePoints = finitePoints && finite(p.x) && finite(p.y);
        if (t.alignment.size() < 2 || !finitePoints || !(core::length(t.alignment) > 0.0))
            ck.add(path + ".alignment", what + ": alignment needs two or more distinct finite points");
        ck.inRange(what, path, "axis_depth_m", t.axisDepthM, limits::axisDepthM, " m");
        ck.inRange(what, path, "diameter_m", t.diameterM, limits::diameterM, " m");
        if (t.axisDepthM > 0.0 && t.diameterM > 0.0 && !(t.axisDepthM > 0.5 * t.diameterM))
            ck.add(path + ".axis_depth_m", what + ": axis_depth_m " + num(t.axisDepthM) +
                                               " m puts the crown above ground (diameter " +
                                               num(t.diameterM) + " m)");
        ck.inRange(what, path, "volume_loss_percent", t.volumeLossPercent, limits::volumeLossPercent, " %");
        if (!std::isnan(t.troughWidthFactor)) {
            ck.inRange(what, path, "trough_width_factor", t.troughWidthFactor, limits::troughWidthFactor, "");
        } else if (!tables.troughWidthSoil(t.soilType)) {
            ck.add(path + ".soil_type",
                   what + ": soil_type '" + t.soilType + "' is not in tunnel_trough_width.csv");
        } else if (t.method == TroughWidthMethod::Regression && t.axisDepthM > 0.0) {
            const TroughWidthSoil& s = *tables.troughWidthSoil(t.soilType);
            if (!(s.regressionSlope * t.axisDepthM + s.regressionInterceptM > 0.0))
                ck.add(path + ".axis_depth_m",
                       what + ": the O'Reilly-New regression gives no trough width at axis_depth_m " +
                           num(t.axisDepthM) + " m");
        }
        ck.inRange(what, path, "start_day", t.startDay, limits::day, " day");
        if (!std::isnan(t.advanceRateMPerDay))
            ck.inRange(what, path, "advance_rate_m_per_day", t.advanceRateMPerDay, limits::advanceRateMPerDay,
                       " m/day");
    }

    // Soft ground
    for (std::size_t i = 0; i < sc.softGround.size(); ++i) {
        const SoftGround& s = sc.softGround[i];
        const std::string path = "soft_ground[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("soft ground", s.id, path);
        if (s.thicknessRaster) {
            if (s.thicknessRaster->empty())
                ck.add(path + ".thickness_raster", what + ": thickness raster is empty");
        } else {
            ck.ring(what, path, "area", s.area.outer);
            ck.inRange(what, path, "thickness_m", s.thicknessM, limits::layerThicknessM, " m");
        }
        ck.inRange(what, path, "cv_m2_per_day", s.cvM2PerDay, limits::cvM2PerDay, " m²/day");
        const bool sigmaKnown = (finite(s.topEffectiveStressKPa) && s.topEffectiveStressKPa > 0.0) ||
                                (finite(s.effectiveUnitWeightKNPerM3) && s.effectiveUnitWeightKNPerM3 > 0.0);
        ck.compressibility(what, path, s.compressibility, false, 0.0);
        if (s.compressibility.usesIndices() && !sigmaKnown)
            ck.add(path + ".effective_unit_weight_kn_per_m3",
                   what +
                       ": cc needs the initial effective stress: give effective_unit_weight_kn_per_m3 (> 0) "
                       "or top_effective_stress_kpa (> 0)");
        ck.inRange(what, path, "top_effective_stress_kpa", s.topEffectiveStressKPa,
                   limits::topEffectiveStressKPa, " kPa");
        if (!std::isnan(s.effectiveUnitWeightKNPerM3))
            ck.inRange(what, path, "effective_unit_weight_kn_per_m3", s.effectiveUnitWeightKNPerM3,
                       limits::effectiveUnitWeightKNPerM3, " kN/m³");
        ck.inRange(what, path, "load_kpa", s.loadKPa, limits::loadKPa, " kPa");
        ck.inRange(what, path, "drawdown_m", s.drawdownM, limits::drawdownM, " m");
        ck.inRange(what, path, "start_day", s.startDay, limits::day, " day");
        if (s.hasDrains) {
            const VerticalDrains& d = s.drains;
            ck.inRange(what, path, "drain_spacing_m", d.spacingM, limits::drainSpacingM, " m");
            ck.inRange(what, path, "drain_diameter_m", d.drainDiameterM, limits::drainDiameterM, " m");
            if (d.spacingM > 0.0 && d.drainDiameterM > 0.0) {
                const double n = drainInfluenceDiameter(d.spacingM, d.pattern) / d.drainDiameterM;
                if (!(n > 1.0))
                    ck.add(path + ".drain_spacing_m", what + ": drain_spacing_m " + num(d.spacingM) +
                                                          " m leaves no soil between drains of diameter " +
                                                          num(d.drainDiameterM) + " m");
                else if (!(d.smearRatio >= 1.0 && d.smearRatio < n))
                    ck.add(path + ".smear_ratio", what + ": smear_ratio " + num(d.smearRatio) +
                                                      " must be in [1, " + num(n) +
                                                      ") (the drain's unit cell)");
            }
            ck.inRange(what, path, "permeability_ratio", d.permeabilityRatio, limits::permeabilityRatio, "");
            if (!std::isnan(d.chM2PerDay))
                ck.inRange(what, path, "ch_m2_per_day", d.chM2PerDay, limits::cvM2PerDay, " m²/day");
        }
    }

    // Reservoirs
    for (std::size_t i = 0; i < sc.reservoirs.size(); ++i) {
        const Reservoir& r = sc.reservoirs[i];
        const std::string path = "reservoirs[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("reservoir", r.id, path);
        if (!finite(r.centre.x) || !finite(r.centre.y))
            ck.add(path + ".centre", what + ": centre " + pt(r.centre) + " is not finite");
        ck.inRange(what, path, "depth_m", r.depthM, limits::reservoirDepthM, " m");
        ck.inRange(what, path, "radius_m", r.radiusM, limits::reservoirRadiusM, " m");
        ck.inRange(what, path, "thickness_m", r.thicknessM, limits::reservoirThicknessM, " m");
        ck.inRange(what, path, "young_modulus_mpa", r.youngModulusMPa, limits::youngModulusMPa, " MPa");
        ck.inRange(what, path, "poisson_ratio", r.poissonRatio, limits::poissonRatio, "");
        ck.inRange(what, path, "biot_coefficient", r.biotCoefficient, limits::biotCoefficient, "");
        ck.inRange(what, path, "pressure_drop_mpa", r.pressureDropMPa, limits::pressureDropMPa, " MPa");
        ck.inRange(what, path, "start_day", r.startDay, limits::day, " day");
        ck.inRange(what, path, "ramp_days", r.rampDays, limits::durationDays, " day");
    }

    // Drawdown rasters
    for (std::size_t i = 0; i < sc.drawdownFields.size(); ++i) {
        const DrawdownField& f = sc.drawdownFields[i];
        const std::string path = "drawdown_fields[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("drawdown raster", f.id, path);
        if (!f.drawdownM || f.drawdownM->empty()) ck.add(path + ".drawdown", what + ": no drawdown raster");
        if (f.layers.empty()) ck.add(path + ".layers", what + ": no compressible layers under the drawdown");
        ck.inRange(what, path, "start_day", f.startDay, limits::day, " day");
        ck.stack(what, path, f.layers);
    }

    // Buildings
    for (std::size_t i = 0; i < sc.buildings.size(); ++i) {
        const Building& b = sc.buildings[i];
        const std::string path = "buildings[" + std::to_string(i) + "]";
        if (b.footprint.empty()) {
            ck.add(path + ".footprint", Checker::feature("building", b.id, path) + ": empty footprint");
            continue;
        }
        for (std::size_t k = 0; k < b.footprint.size(); ++k)
            ck.ring(Checker::feature("building", b.id, path), path, "footprint", b.footprint[k].outer);
        if (!std::isnan(b.heightM) && !(finite(b.heightM) && b.heightM > 0.0))
            ck.add(path + ".height_m", Checker::feature("building", b.id, path) + ": height_m " +
                                           num(b.heightM) + " m must be > 0");
    }

    // Observations
    for (std::size_t i = 0; i < sc.levelling.size(); ++i) {
        const LevellingObservation& l = sc.levelling[i];
        const std::string path = "levelling[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("levelling point", l.id, path) +
                                 (l.origin.empty() ? std::string() : " at " + l.origin);
        if (!finite(l.position.x) || !finite(l.position.y) || !finite(l.timeDays) ||
            !finite(l.referenceDay) || !finite(l.settlementMm))
            ck.add(path, what + ": position, time or value is not a number");
    }
    for (std::size_t i = 0; i < sc.insar.size(); ++i) {
        const InsarBand& b = sc.insar[i];
        const std::string path = "insar[" + std::to_string(i) + "]";
        const std::string what = Checker::feature("InSAR band", b.id, path);
        if (!b.los || b.los->empty()) {
            ck.add(path + ".los", what + ": no line-of-sight raster");
            continue;
        }
        if (b.los->crs().empty())
            ck.add(path + ".crs",
                   what + ": the raster has no CRS (its pixels cannot be placed on the model)");
        else if (!g.crs.empty() && !b.los->crs().isEquivalentTo(g.crs))
            ck.add(path + ".crs", what + ": the raster's CRS " + b.los->crs().describe() +
                                      " is not the project's " + g.crs.describe() + " (reproject at import)");
        if (b.incidence) {
            if (!b.incidence->sameGrid(*b.los))
                ck.add(path + ".incidence", what + ": the incidence raster is not on the LOS raster's grid");
        } else if (std::isnan(b.incidenceDeg)) {
            ck.add(path + ".incidence_deg",
                   what + ": no incidence angle (give incidence_deg or an incidence raster)");
        } else {
            ck.inRange(what, path, "incidence_deg", b.incidenceDeg, limits::incidenceDeg, " deg");
        }
        ck.positive(what, path, "unit_to_metres", b.unitToMetres, "");
        ck.isFinite(what, path, "time_days", b.timeDays);
        ck.isFinite(what, path, "reference_day", b.referenceDay);
        if (b.kind == InsarKind::Velocity && !(b.timeDays > b.referenceDay))
            ck.add(path + ".time_days", what + ": a velocity band needs time_days " + num(b.timeDays) +
                                            " after reference_day " + num(b.referenceDay));
    }
    return ck.problems;
}

}  // namespace citytwin::subsidence

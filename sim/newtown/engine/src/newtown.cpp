#include "citytwin/newtown/newtown.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "citytwin/core/error.h"
#include "citytwin/core/geometry_boost.h"
#include "citytwin/newtown/limits.h"
#include "geometry_util.h"

namespace citytwin::newtown {

namespace {

namespace bg = boost::geometry;

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void range(std::vector<core::Problem>& out, double v, const core::Range& r, const std::string& id,
           const std::string& what) {
    if (!r.contains(v))
        out.push_back({"newtown", id, what + " " + num(v) + " is outside " + limits::text(r)});
}

/// Lowest terrain under a footprint (vertices and centroid, bilinear); 0 without terrain.
double groundUnder(const core::Raster* terrain, const core::MultiPolygon& fp) {
    if (!terrain || terrain->empty()) return 0.0;
    double best = INFINITY;
    auto sample = [&](const core::Point& p) {
        const double v = terrain->sampleBilinear(p);
        if (!std::isnan(v)) best = std::min(best, v);
    };
    for (const core::Polygon& p : fp)
        for (const core::Point& q : p.outer)
            sample(q);
    sample(core::centroid(fp));
    return std::isfinite(best) ? best : 0.0;
}

SunlightOptions sunOptions(const NewtownInputs& in, const NewtownParams& p) {
    SunlightOptions o = p.sun;
    o.latitudeDeg = in.latitudeDeg;
    o.longitudeDeg = in.longitudeDeg;
    o.trueNorthGridAzimuthDeg = p.massing.trueNorthGridAzimuthDeg;
    return o;
}

}  // namespace

ParcelChecks validate(const NewtownInputs& in, const NewtownParams& p, const NewtownTables& tables) {
    ParcelChecks out = checkParcels(in.parcels, tables, p.massing);
    auto& e = out.errors;
    if (in.parcels.empty()) e.push_back({"newtown", "parcels", "there are no parcels"});
    const auto pop = validate(p.population);
    e.insert(e.end(), pop.begin(), pop.end());
    // The decree's least spacing factor (building_rules.csv) may be stricter than the declared range.
    core::Range spacing = limits::spacingFactor;
    if (spacing.min) spacing.min = std::max(*spacing.min, tables.rules.spacingFactorMin);
    range(e, p.massing.spacingFactor, spacing, "spacing_factor",
          "spacing factor (at least the decree's " + num(tables.rules.spacingFactorMin) + ")");
    range(e, p.massing.farBonusFactor, limits::farBonusFactor, "far_bonus_factor", "FAR bonus factor");
    range(e, p.massing.trueNorthGridAzimuthDeg, limits::trueNorthGridAzimuthDeg,
          "true_north_grid_azimuth_deg", "grid bearing of true north [deg]");
    range(e, p.massing.phaseCandidates, limits::phaseCandidates, "phase_candidates", "phase candidates");
    range(e, p.massing.lotLineOffsetM, limits::lotLineOffsetM, "lot_line_offset_m", "lot-line offset [m]");
    range(e, p.replaceShare, limits::replaceShare, "replace_share", "replace share");
    range(e, p.facade.windowHeightM, limits::windowHeightM, "window_height_m", "window height [m]");
    range(e, p.facade.gridSpacingM, limits::facadeGridSpacingM, "facade_grid_spacing_m",
          "facade grid spacing [m]");
    if (p.computeSunlight) {
        if (!std::isfinite(in.latitudeDeg) || !std::isfinite(in.longitudeDeg))
            e.push_back({"newtown", "site", "the site has no latitude/longitude for the sun"});
        else
            try {
                sunSteps(sunOptions(in, p));
            } catch (const core::Error& err) {
                e.push_back({"newtown", err.context().parameter, err.detail()});
            }
    }
    for (std::size_t i = 0; i < in.existing.size(); ++i) {
        const ExistingBuilding& b = in.existing[i];
        const std::string id = b.id.empty() ? "#" + std::to_string(i + 1) : b.id;
        if (!(b.heightM > 0.0) || !std::isfinite(b.heightM))
            e.push_back({"newtown", "buildings",
                         "building '" + id + "': height " + num(b.heightM) + " m is not positive"});
        if (b.footprint.empty() || core::area(b.footprint) <= 0.0)
            e.push_back({"newtown", "buildings", "building '" + id + "': empty footprint"});
    }
    return out;
}

NewtownResult run(const NewtownInputs& in, const NewtownParams& p, const NewtownTables& tables,
                  const core::Progress& progress) {
    const ParcelChecks checks = validate(in, p, tables);
    if (!checks.errors.empty())
        throw core::Error(core::ErrorCode::Validation, checks.errors.front().message,
                          {{}, {}, checks.errors.front().parameter});
    NewtownResult res;
    res.warnings = checks.warnings;
    res.provenance = tables.provenance();

    // 1. Massing.
    MassingResult m = massParcels(in.parcels, tables, p.massing, progress.sub(0.0, 0.1, "massing"));
    if (m.cancelled) {
        res.status = NewtownResult::Status::Cancelled;
        return res;
    }
    res.warnings.insert(res.warnings.end(), m.warnings.begin(), m.warnings.end());
    res.buildings = std::move(m.buildings);
    res.compliance = std::move(m.compliance);
    for (NewBuilding& b : res.buildings)
        b.baseM = groundUnder(in.terrain, core::MultiPolygon{b.footprint});
    progress(0.1, "households and loads");

    // 2. Existing buildings: replaced where a redeveloped parcel holds enough of the footprint.
    std::vector<core::Polygon> shapes;
    std::vector<core::Box> boxes;
    for (const Parcel& q : in.parcels) {
        core::Polygon s = q.shape;
        bg::correct(s);
        boxes.push_back(detail::bounds(s));
        shapes.push_back(std::move(s));
    }
    struct ExistingInfo {
        bool replaced = false;
        std::string parcelId;
        int floors = 1;
        double area = 0.0;
        double baseM = 0.0;
    };
    std::vector<ExistingInfo> info(in.existing.size());
    for (std::size_t i = 0; i < in.existing.size(); ++i) {
        const ExistingBuilding& b = in.existing[i];
        ExistingInfo& x = info[i];
        x.area = core::area(b.footprint);
        x.floors =
            std::isfinite(b.floors) && b.floors >= 1.0
                ? static_cast<int>(std::lround(b.floors))
                : std::max(1, static_cast<int>(std::lround(b.heightM / p.population.existingStoreyHeightM)));
        x.baseM = std::isfinite(b.baseM) ? b.baseM : groundUnder(in.terrain, b.footprint);
        const core::Box bb = core::bounds(b.footprint);
        const core::Point c = core::centroid(b.footprint);
        for (std::size_t k = 0; k < in.parcels.size(); ++k) {
            if (!bb.intersects(boxes[k])) continue;
            if (in.parcels[k].redevelop && x.area > 0.0 &&
                detail::intersectionArea(b.footprint, shapes[k]) >= p.replaceShare * x.area) {
                x.replaced = true;
                x.parcelId = in.parcels[k].id;
                break;
            }
            if (x.parcelId.empty() && detail::inside(shapes[k], c)) x.parcelId = in.parcels[k].id;
        }
        if (x.replaced) res.replacedExisting.push_back(b.id);
    }

    // 3. Loads.
    const PopulationOptions& po = p.population;
    std::map<std::string, const Parcel*> parcelById;
    for (const Parcel& q : in.parcels)
        parcelById[q.id] = &q;
    Load replacedLoad, keptOnParcels;
    for (const NewBuilding& b : res.buildings) {
        BuildingLoad l;
        l.buildingId = b.id;
        l.status = BuildingLoad::Status::New;
        l.parcelId = b.parcelId;
        l.centroid = core::centroid(core::MultiPolygon{b.footprint});
        l.load = loadOf(b.gfaResidentialM2, b.gfaNonResidentialM2, b.nonResidentialUse, b.meanUnitGrossM2,
                        tables, po);
        res.summary.newBuildings += l.load;
        res.summary.gfaM2 += b.gfaM2;
        res.loads.push_back(l);
    }
    res.summary.buildings = static_cast<int>(res.buildings.size());
    for (std::size_t i = 0; i < in.existing.size(); ++i) {
        const ExistingBuilding& b = in.existing[i];
        BuildingLoad l;
        l.buildingId = b.id;
        l.status = info[i].replaced ? BuildingLoad::Status::Replaced : BuildingLoad::Status::Kept;
        l.parcelId = info[i].parcelId;
        l.centroid = core::centroid(b.footprint);
        const double gfa = info[i].area * info[i].floors;
        l.load = b.residential ? loadOf(gfa, 0.0, LandUse::Retail, po.existingUnitGrossM2, tables, po)
                               : loadOf(0.0, gfa, b.nonResidentialUse, po.existingUnitGrossM2, tables, po);
        if (info[i].replaced)
            replacedLoad += l.load;
        else if (!l.parcelId.empty())
            keptOnParcels += l.load;
        res.loads.push_back(l);
    }
    res.summary.added = res.summary.newBuildings - replacedLoad;
    res.summary.after = res.summary.newBuildings;
    res.summary.after += keptOnParcels;
    res.summary.personsPerHousehold = po.personsPerHousehold;

    // 4. Densities per block and in total.
    std::map<std::string, BlockDensity> blocks;
    std::map<std::string, double> blockGfa;
    std::vector<std::string> blockOrder;
    double resArea = 0.0, resParcelArea = 0.0, resParcelGfa = 0.0;
    std::map<std::string, std::string> blockOfParcel;
    std::map<std::string, double> gfaOfParcel;
    for (const BuildingLoad& l : res.loads)
        if (l.status != BuildingLoad::Status::Replaced && !l.parcelId.empty())
            gfaOfParcel[l.parcelId] += l.load.gfaResidentialM2 + l.load.gfaNonResidentialM2;
    for (std::size_t k = 0; k < in.parcels.size(); ++k) {
        const Parcel& q = in.parcels[k];
        const std::string block = q.blockId.empty() ? q.id : q.blockId;
        blockOfParcel[q.id] = block;
        if (!blocks.count(block)) blockOrder.push_back(block);
        BlockDensity& d = blocks[block];
        d.blockId = block;
        const double area = core::area(shapes[k]);
        const double share = parcelLimits(q, tables).residentialShare;
        d.areaHa += area / 1e4;
        d.residentialAreaHa += area * share / 1e4;
        resArea += area * share;
        blockGfa[block] += gfaOfParcel[q.id];
        if (share > 0.0) {
            resParcelArea += area;
            resParcelGfa += gfaOfParcel[q.id];
        }
    }
    for (const BuildingLoad& l : res.loads) {
        if (l.status == BuildingLoad::Status::Replaced || l.parcelId.empty()) continue;
        BlockDensity& d = blocks[blockOfParcel[l.parcelId]];
        d.households += l.load.households;
        d.population += l.load.population;
    }
    for (const std::string& id : blockOrder) {
        BlockDensity& d = blocks[id];
        d.grossDensityPerHa = d.areaHa > 0 ? d.population / d.areaHa : 0.0;
        d.netDensityPerHa = d.residentialAreaHa > 0 ? d.population / d.residentialAreaHa : 0.0;
        d.farPct = d.areaHa > 0 ? 100.0 * blockGfa[id] / (d.areaHa * 1e4) : 0.0;
        res.blocks.push_back(d);
    }
    double planning = po.planningAreaHa;
    if (!(planning > 0.0)) {
        bg::model::multi_point<core::Point> pts;
        for (const core::Polygon& s : shapes)
            for (const core::Point& q : s.outer)
                pts.push_back(q);
        core::Polygon hull;
        bg::convex_hull(pts, hull);
        planning = std::fabs(core::area(hull)) / 1e4;
    }
    res.summary.planningAreaHa = planning;
    res.summary.grossDensityPerHa = planning > 0 ? res.summary.after.population / planning : 0.0;
    res.summary.netDensityPerHa = resArea > 0 ? res.summary.after.population / (resArea / 1e4) : 0.0;
    res.summary.residentialFarPct = resParcelArea > 0 ? 100.0 * resParcelGfa / resParcelArea : 0.0;
    for (const ReferenceTown& t : tables.referenceTowns)
        res.references.push_back(
            {t.name, t.grossDensityPerHa, t.farPct,
             t.grossDensityPerHa > 0 ? res.summary.grossDensityPerHa / t.grossDensityPerHa : 0.0});

    Comparison& cmp = res.comparison;
    Load before, after;
    for (const BuildingLoad& l : res.loads) {
        if (l.status != BuildingLoad::Status::New) before += l.load;
        if (l.status != BuildingLoad::Status::Replaced) after += l.load;
    }
    cmp.householdsBefore = before.households;
    cmp.householdsAfter = after.households;
    cmp.householdsAdded = after.households - before.households;
    cmp.populationBefore = before.population;
    cmp.populationAfter = after.population;
    cmp.populationAdded = after.population - before.population;
    cmp.peakTripsAdded =
        (after.peakProductions + after.peakAttractions) - (before.peakProductions + before.peakAttractions);
    cmp.dailyTripsAdded = after.dailyTripEnds - before.dailyTripEnds;
    progress(0.15, "households and loads");
    if (!p.computeSunlight) return res;

    // 5. Sunlight of homes and ground, before and after.
    const SunlightOptions so = sunOptions(in, p);
    const std::vector<SunStep> steps = sunSteps(so);
    double azMin = 360.0, azMax = 0.0;
    for (const SunStep& s : steps)
        if (s.up) {
            azMin = std::min(azMin, s.azimuthDeg);
            azMax = std::max(azMax, s.azimuthDeg);
        }
    std::vector<Obstacle> obstacles;
    struct Owner {
        std::string id;
        BuildingLoad::Status status;
    };
    std::vector<Owner> owners;  // per obstacle
    std::vector<FacadePoint> points;
    for (std::size_t i = 0; i < in.existing.size(); ++i) {
        const ExistingBuilding& b = in.existing[i];
        const double total = info[i].area;
        const double households =
            b.residential ? info[i].area * info[i].floors / po.existingUnitGrossM2 : 0.0;
        for (const core::Polygon& part : b.footprint) {
            Obstacle o;
            o.id = b.id;
            o.footprint = part;
            o.baseM = info[i].baseM;
            o.topM = info[i].baseM + b.heightM;
            o.kind = info[i].replaced ? Obstacle::Kind::Removed : Obstacle::Kind::Kept;
            obstacles.push_back(o);
            owners.push_back(
                {b.id, info[i].replaced ? BuildingLoad::Status::Replaced : BuildingLoad::Status::Kept});
            if (b.residential && total > 0.0) {
                auto pts = facadeGridPoints(part, info[i].baseM, b.heightM / info[i].floors, info[i].floors,
                                            households * core::area(part) / total,
                                            static_cast<int>(obstacles.size()) - 1,
                                            so.trueNorthGridAzimuthDeg, azMin, azMax, p.facade);
                points.insert(points.end(), pts.begin(), pts.end());
            }
        }
    }
    for (std::size_t i = 0; i < res.buildings.size(); ++i) {
        const NewBuilding& b = res.buildings[i];
        Obstacle o;
        o.id = b.id;
        o.footprint = b.footprint;
        o.baseM = b.baseM;
        o.topM = b.baseM + b.heightM;
        o.kind = Obstacle::Kind::New;
        obstacles.push_back(o);
        owners.push_back({b.id, BuildingLoad::Status::New});
        const double households = res.loads[i].load.households;
        if (households > 0.0) {
            const double share = b.gfaM2 > 0 ? b.gfaResidentialM2 / b.gfaM2 : 0.0;
            const int nonResFloors = static_cast<int>(std::lround(b.floors * (1.0 - share)));
            auto pts =
                windowPoints(b.footprint, b.baseM, b.storeyHeightM, b.floors, nonResFloors, households,
                             static_cast<int>(obstacles.size()) - 1, so.trueNorthGridAzimuthDeg, p.facade);
            points.insert(points.end(), pts.begin(), pts.end());
        }
    }
    points = dropEnclosedPoints(points, obstacles);
    SunlightResult sun =
        computeSunlight(obstacles, points, in.terrain, so, progress.sub(0.15, 1.0, "sunlight"));
    if (sun.cancelled) {
        res.status = NewtownResult::Status::Cancelled;
        return res;
    }
    res.sunPath = sun.steps;
    res.sunHours = std::move(sun.groundHoursAfter);
    res.sunHoursBefore = std::move(sun.groundHoursBefore);
    res.facade.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        FacadeResult f;
        f.point = points[i];
        const Owner& o = owners[static_cast<std::size_t>(points[i].obstacle)];
        f.buildingId = o.id;
        f.status = o.status;
        f.sun = sun.points[i];
        if (f.sun.cause >= 0) f.causeBuildingId = owners[static_cast<std::size_t>(f.sun.cause)].id;
        const double hh = points[i].households;
        if (o.status != BuildingLoad::Status::New && !f.sun.before.pass) cmp.failingHouseholdsBefore += hh;
        if (o.status != BuildingLoad::Status::Replaced && !f.sun.after.pass) cmp.failingHouseholdsAfter += hh;
        if (o.status == BuildingLoad::Status::New && !f.sun.after.pass) cmp.failingNewHouseholds += hh;
        if (o.status == BuildingLoad::Status::Kept && f.sun.before.pass && !f.sun.after.pass) {
            cmp.newlyFailingExisting += hh;
            if (f.sun.cause >= 0) cmp.newlyFailingByNewBuildings += hh;
        }
        res.facade.push_back(std::move(f));
    }
    progress(1.0, "done");
    return res;
}

}  // namespace citytwin::newtown

// The city model as UAM corridor inputs, and the engine's results as layers (city_adapter.h).

#include "city_adapter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "citytwin/core/rasterise.h"
#include "citytwin/core/text.h"
#include "citytwin/uam/limits.h"

namespace citytwin::uam {

namespace {

constexpr double kPi = 3.14159265358979323846;

using core::number;

/// "layer 'uam_vertiports', feature 'Jamsil'" (or "feature 3" when it has no name).
std::string featureLabel(const std::string& layer, const std::string& name, std::size_t index) {
    return "layer '" + layer + "', feature " + (name.empty() ? std::to_string(index + 1) : "'" + name + "'");
}

/// An optional number attribute: `fallback` when the field is absent or NULL; a problem naming the value when
/// it is there but not a number.
double numberOr(const core::VectorLayer& layer, std::size_t i, const char* field, double fallback,
                const std::string& who, const std::string& parameter, std::vector<core::Problem>& problems) {
    const core::AttributeValue& v = layer.value(i, field);
    if (std::holds_alternative<std::monostate>(v)) return fallback;
    if (std::holds_alternative<std::string>(v) && core::trim(std::get<std::string>(v)).empty())
        return fallback;
    const double x = core::toNumber(v);
    if (!std::isfinite(x)) {
        problems.push_back(
            {"uam", parameter, who + ": " + field + " is '" + core::toText(v) + "', not a number"});
        return fallback;
    }
    return x;
}

double groundAt(const core::Raster& terrain, const core::Point& p) {
    if (terrain.empty()) return 0.0;
    const double z = terrain.sampleBilinear(p);
    return std::isnan(z) ? 0.0 : z;
}

bool pointInRing(const core::Ring& r, double x, double y) {
    bool in = false;
    for (std::size_t a = 0, b = r.size() - 1; a < r.size(); b = a++) {
        if ((r[a].y > y) != (r[b].y > y) && x < (r[b].x - r[a].x) * (y - r[a].y) / (r[b].y - r[a].y) + r[a].x)
            in = !in;
    }
    return in;
}

bool pointInPolygon(const core::Polygon& p, double x, double y) {
    if (p.outer.size() < 3 || !pointInRing(p.outer, x, y)) return false;
    for (const core::Ring& h : p.inners)
        if (h.size() >= 3 && pointInRing(h, x, y)) return false;
    return true;
}

SensitiveUse sensitiveUse(core::BuildingUse use) {
    if (use == core::BuildingUse::Education) return SensitiveUse::School;
    if (use == core::BuildingUse::Hospital) return SensitiveUse::Hospital;
    return SensitiveUse::None;
}

/// The vector layer named by a parameter, or null with a problem (the host checks existence; this guards
/// validate() on other models).
const core::VectorLayer* vectorLayer(const core::CityModel& model, const std::string& name,
                                     const std::string& parameter, std::vector<core::Problem>& problems) {
    const auto it = model.vectors.find(name);
    if (it != model.vectors.end()) return &it->second;
    problems.push_back({"uam", parameter, "the city model has no vector layer '" + name + "'"});
    return nullptr;
}

void readVertiports(const core::CityModel& model, const CityUamOptions& o, std::vector<Vertiport>& out,
                    std::vector<core::Problem>& problems) {
    const std::string& param = o.ids.vertiportLayer;
    if (o.vertiportLayer.empty()) {
        problems.push_back(
            {"uam", param,
             "no vertiport layer: name a point layer with the attribute 'name' (and optionally "
             "pad_elevation_m, fato_size_m, approach_bearing_deg, departure_bearing_deg)"});
        return;
    }
    const core::VectorLayer* layer = vectorLayer(model, o.vertiportLayer, param, problems);
    if (!layer) return;
    namespace f = vertiport_fields;
    for (std::size_t i = 0; i < layer->features.size(); ++i) {
        const core::VectorFeature& feature = layer->features[i];
        const std::string name = core::trim(core::toText(layer->value(i, f::kName)));
        const std::string who = featureLabel(o.vertiportLayer, name, i);
        if (feature.kind != core::GeometryKind::Point || feature.points.empty()) {
            problems.push_back({"uam", param, who + " is not a point: vertiports are points"});
            continue;
        }
        if (name.empty()) {
            problems.push_back({"uam", param, who + " has no 'name': routes name their vertiports"});
            continue;
        }
        Vertiport v;
        v.name = name;
        v.position = feature.points.front();
        v.padElevationM =
            numberOr(*layer, i, f::kPadElevation, groundAt(model.terrain, v.position), who, param, problems);
        v.fatoSizeM = numberOr(*layer, i, f::kFatoSize, o.fatoSizeM, who, param, problems);
        v.approachBearingDeg = numberOr(*layer, i, f::kApproach, o.approachBearingDeg, who, param, problems);
        v.departureBearingDeg =
            numberOr(*layer, i, f::kDeparture, o.departureBearingDeg, who, param, problems);
        out.push_back(v);
    }
    if (layer->features.empty())
        problems.push_back({"uam", param, "layer '" + o.vertiportLayer + "' is empty"});
}

/// floor_m, ceiling_m and reference of a no-fly feature.
void readLimits(const core::VectorLayer& layer, std::size_t i, const CityUamOptions& o,
                const std::string& who, const std::string& param, NoFlyVolume& n,
                std::vector<core::Problem>& problems) {
    namespace f = nofly_fields;
    n.floorM = numberOr(layer, i, f::kFloor, n.floorM, who, param, problems);
    n.ceilingM = numberOr(layer, i, f::kCeiling, n.ceilingM, who, param, problems);
    n.reference = o.noFlyReference;
    const std::string ref = core::lower(core::trim(core::toText(layer.value(i, f::kReference))));
    if (ref == "agl")
        n.reference = AltitudeReference::AboveGround;
    else if (ref == "msl")
        n.reference = AltitudeReference::AboveSeaLevel;
    else if (!ref.empty())
        problems.push_back({"uam", param, who + ": reference is '" + ref + "', must be 'agl' or 'msl'"});
}

void readNoFly(const core::CityModel& model, const CityUamOptions& o, std::vector<NoFlyVolume>& out,
               std::vector<core::Problem>& problems) {
    namespace f = nofly_fields;
    if (!o.noFlyLayer.empty())
        if (const core::VectorLayer* layer = vectorLayer(model, o.noFlyLayer, o.ids.noFlyLayer, problems)) {
            for (std::size_t i = 0; i < layer->features.size(); ++i) {
                const core::VectorFeature& feature = layer->features[i];
                const std::string name = core::trim(core::toText(layer->value(i, f::kName)));
                const std::string who = featureLabel(o.noFlyLayer, name, i);
                if (feature.kind != core::GeometryKind::Polygon || feature.polygons.empty()) {
                    problems.push_back({"uam", o.ids.noFlyLayer,
                                        who +
                                            " is not a polygon (circles go in the circle layer, points with "
                                            "radius_m)"});
                    continue;
                }
                for (std::size_t part = 0; part < feature.polygons.size(); ++part) {
                    NoFlyVolume n;
                    n.name = name.empty() ? "no-fly " + std::to_string(i + 1) : name;
                    if (feature.polygons.size() > 1) n.name += " (part " + std::to_string(part + 1) + ")";
                    n.polygon = feature.polygons[part];
                    readLimits(*layer, i, o, who, o.ids.noFlyLayer, n, problems);
                    out.push_back(std::move(n));
                }
            }
        }
    if (!o.noFlyCircleLayer.empty())
        if (const core::VectorLayer* layer =
                vectorLayer(model, o.noFlyCircleLayer, o.ids.noFlyCircleLayer, problems)) {
            for (std::size_t i = 0; i < layer->features.size(); ++i) {
                const core::VectorFeature& feature = layer->features[i];
                const std::string name = core::trim(core::toText(layer->value(i, f::kName)));
                const std::string who = featureLabel(o.noFlyCircleLayer, name, i);
                if (feature.kind != core::GeometryKind::Point || feature.points.empty()) {
                    problems.push_back(
                        {"uam", o.ids.noFlyCircleLayer, who + " is not a point (a circle's centre)"});
                    continue;
                }
                const core::AttributeValue& r = layer->value(i, f::kRadius);
                if (std::holds_alternative<std::monostate>(r)) {
                    problems.push_back({"uam", o.ids.noFlyCircleLayer, who + " has no 'radius_m'"});
                    continue;
                }
                for (std::size_t part = 0; part < feature.points.size(); ++part) {
                    NoFlyVolume n;
                    n.name = name.empty() ? "no-fly circle " + std::to_string(i + 1) : name;
                    if (feature.points.size() > 1) n.name += " (part " + std::to_string(part + 1) + ")";
                    n.circle = true;
                    n.centre = feature.points[part];
                    n.radiusM = numberOr(*layer, i, f::kRadius, NAN, who, o.ids.noFlyCircleLayer, problems);
                    if (std::isfinite(n.radiusM) && !limits::noFlyRadiusM.contains(n.radiusM))
                        problems.push_back({"uam", o.ids.noFlyCircleLayer,
                                            who + ": radius_m is " + number(n.radiusM) +
                                                " m, out of range (" + limits::noFlyRadiusM.text() + " m)"});
                    readLimits(*layer, i, o, who, o.ids.noFlyCircleLayer, n, problems);
                    out.push_back(std::move(n));
                }
            }
        }
}

}  // namespace

std::vector<RouteRequest> parseRoutes(const std::string& text, const std::vector<Vertiport>& vertiports,
                                      const FlightsPerDay& flights, bool& network,
                                      const std::string& parameter, std::vector<core::Problem>& problems) {
    std::set<std::string> names;
    for (const Vertiport& v : vertiports)
        names.insert(v.name);
    std::vector<RouteRequest> out;
    network = false;
    for (const std::string& item : core::splitList(text)) {
        if (core::lower(item) == "network") {
            network = true;
            continue;
        }
        std::vector<std::pair<std::string, std::string>> splits;
        for (std::size_t p = item.find('-'); p != std::string::npos; p = item.find('-', p + 1)) {
            const std::string a = core::trim(item.substr(0, p)), b = core::trim(item.substr(p + 1));
            if (names.count(a) && names.count(b)) splits.emplace_back(a, b);
        }
        if (splits.size() == 1) {
            out.push_back({splits[0].first, splits[0].second, flights});
            continue;
        }
        std::string known;
        for (const std::string& n : names)
            known += (known.empty() ? "" : ", ") + n;
        problems.push_back({"uam", parameter,
                            splits.empty()
                                ? "route '" + item + "' is not FROM-TO with two vertiport names (known: " +
                                      (known.empty() ? std::string("none") : known) + ") or 'network'"
                                : "route '" + item + "' can be read in " + std::to_string(splits.size()) +
                                      " ways: rename the vertiports so that '-' splits it once"});
    }
    if (out.empty() && !network)
        problems.push_back({"uam", parameter, "no routes: list pairs such as 'A-B, A-C' or write 'network'"});
    return out;
}

core::Raster populationDensity(const core::CityModel& model, const std::vector<BuildingInput>& buildings,
                               const core::Box& extent, double cellM) {
    if (extent.empty() || !(cellM > 0)) return {};
    const int w = std::max(1, static_cast<int>(std::ceil(extent.width() / cellM)));
    const int h = std::max(1, static_cast<int>(std::ceil(extent.height() / cellM)));
    core::Raster r(w, h, core::GeoTransform{extent.minX, extent.maxY, cellM, cellM}, model.crs, 0.0f);
    r.name = "population_density";
    r.unit = "persons/km2";
    const double cellKm2 = cellM * cellM * 1e-6;
    std::vector<double> people(r.cellCount(), 0.0);
    for (const BuildingInput& b : buildings) {
        if (!(b.population > 0)) continue;
        const std::vector<std::size_t> cells = core::cellsInside(r, b.footprint);
        if (!cells.empty()) {
            for (std::size_t c : cells)
                people[c] += b.population / static_cast<double>(cells.size());
        } else {
            int col = 0, row = 0;
            if (r.cellOf(core::centroid(b.footprint), col, row)) people[r.index(col, row)] += b.population;
        }
    }
    for (std::size_t c = 0; c < people.size(); ++c)
        r.data()[c] = static_cast<float>(people[c] / cellKm2);
    return r;
}

void fillFromModel(const core::CityModel& model, const core::OccupancyRules& rules, const CityUamOptions& o,
                   CorridorScenario& sc, std::vector<core::Problem>& problems) {
    sc.terrain = model.terrain;
    sc.airspace.extent = !model.extent.empty() ? model.extent : model.terrain.extent();
    // Buildings with their residents and use, from the shared occupancy estimate.
    const std::vector<core::Occupancy> occ = core::estimateOccupancy(model, rules, o.occupancy);
    sc.buildings.clear();
    sc.buildings.reserve(model.buildings.size());
    for (std::size_t i = 0; i < model.buildings.size(); ++i) {
        const core::Building& b = model.buildings[i];
        BuildingInput in;
        in.id = b.id;
        in.footprint = b.footprint;
        in.heightM = b.heightM;
        in.baseM = b.baseM;
        in.population = i < occ.size() ? occ[i].residents : 0.0;
        in.use = i < occ.size() ? sensitiveUse(occ[i].use) : SensitiveUse::None;
        sc.buildings.push_back(std::move(in));
    }
    // Residential density: a raster layer, or from the buildings.
    if (!o.populationLayer.empty()) {
        const auto it = model.rasters.find(o.populationLayer);
        if (it == model.rasters.end())
            problems.push_back({"uam", o.ids.populationLayer,
                                "the city model has no raster layer '" + o.populationLayer + "'"});
        else
            sc.population = it->second;
    } else if (!sc.airspace.extent.empty() && o.populationCellM > 0) {
        const double cells = std::ceil(sc.airspace.extent.width() / o.populationCellM) *
                             std::ceil(sc.airspace.extent.height() / o.populationCellM);
        if (cells > 4e8)
            problems.push_back({"uam", o.ids.populationCell,
                                "a density grid of " + number(o.populationCellM) + " m over the " +
                                    number(sc.airspace.extent.width() / 1000, 4) + " x " +
                                    number(sc.airspace.extent.height() / 1000, 4) + " km area has " +
                                    number(cells, 3) + " cells, more than the 400 million supported"});
        else
            sc.population = populationDensity(model, sc.buildings, sc.airspace.extent, o.populationCellM);
    }
    sc.vertiports.clear();
    readVertiports(model, o, sc.vertiports, problems);
    sc.noFly.clear();
    readNoFly(model, o, sc.noFly, problems);
    if (!sc.vertiports.empty())
        sc.routes = parseRoutes(o.routes, sc.vertiports, o.flights, sc.network, o.ids.routes, problems);
    sc.networkFlights = o.flights;
}

core::VectorLayer routeLayer(const CorridorResult& r, const core::Crs& crs) {
    core::VectorLayer out;
    out.name = "routes";
    out.crs = crs;
    for (const char* f : {"route", "from", "to"})
        out.fields.ensure(f, core::FieldType::String);
    for (const char* f : {"length_m", "horizontal_length_m", "flight_time_s", "cost", "min_altitude_m",
                          "max_altitude_m", "people_overflown", "max_lamax_dba", "casualties_per_flight_hour",
                          "flights_day", "flights_evening", "flights_night"})
        out.fields.ensure(f, core::FieldType::Real);
    for (const char* f : {"max_igrc", "within_limits"})
        out.fields.ensure(f, core::FieldType::Integer);
    for (const RouteResult& rr : r.routes) {
        if (!rr.found || rr.centreline.size() < 2) continue;
        core::VectorFeature f;
        f.kind = core::GeometryKind::Line;
        core::LineString line;
        std::vector<double> z;
        double lo = 1e300, hi = -1e300;
        for (const Point3& p : rr.centreline) {
            line.push_back({p.x, p.y});
            z.push_back(p.z);
            lo = std::min(lo, p.z);
            hi = std::max(hi, p.z);
        }
        f.lines.push_back(std::move(line));
        f.lineZ.push_back(std::move(z));
        const RouteMetrics& m = rr.metrics;
        f.attributes = {rr.from + "-" + rr.to,
                        rr.from,
                        rr.to,
                        m.lengthM,
                        m.horizontalLengthM,
                        m.flightTimeS,
                        m.cost,
                        lo,
                        hi,
                        m.peopleOverflown,
                        m.maxLamaxDbA,
                        m.casualtiesPerFlightHour,
                        rr.flights.day,
                        rr.flights.evening,
                        rr.flights.night,
                        static_cast<std::int64_t>(m.maxIgrc),
                        static_cast<std::int64_t>(rr.check.ok() ? 1 : 0)};
        out.features.push_back(std::move(f));
    }
    return out;
}

core::VectorLayer vertiportLayer(const std::vector<Vertiport>& vertiports, const core::Crs& crs) {
    core::VectorLayer out;
    out.name = "vertiports";
    out.crs = crs;
    out.fields.ensure("name", core::FieldType::String);
    for (const char* f : {"pad_elevation_m", "fato_size_m", "approach_bearing_deg", "departure_bearing_deg"})
        out.fields.ensure(f, core::FieldType::Real);
    for (const Vertiport& v : vertiports) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Point;
        f.points = {v.position};
        f.attributes = {v.name, v.padElevationM, v.fatoSizeM, v.approachBearingDeg, v.departureBearingDeg};
        out.features.push_back(std::move(f));
    }
    return out;
}

core::VectorLayer funnelLayer(const CorridorScenario& sc, const core::Crs& crs, double sliceM) {
    core::VectorLayer out;
    out.name = "funnels";
    out.crs = crs;
    for (const char* f : {"vertiport", "kind"})
        out.fields.ensure(f, core::FieldType::String);
    for (const char* f : {"from_m", "to_m", "surface_m", "height_m"})
        out.fields.ensure(f, core::FieldType::Real);
    const FunnelShape& fs = sc.airspace.funnel;
    for (const Vertiport& vp : sc.vertiports) {
        const double ground = groundAt(sc.terrain, vp.position);
        const double bandFloor = sc.airspace.band.reference == AltitudeReference::AboveGround
                                     ? ground + sc.airspace.band.minM
                                     : sc.airspace.band.minM;
        const double half = 0.5 * vp.fatoSizeM;
        const double zTop = vp.padElevationM + fs.verticalSegmentM;
        const double uEnd =
            std::min(half + std::max(0.0, (bandFloor - zTop) / fs.slope), half + fs.maxLengthM);
        for (int which = 0; which < 2; ++which) {
            const double br = (which == 0 ? vp.departureBearingDeg : vp.approachBearingDeg) * kPi / 180.0;
            const double ux = std::sin(br), uy = std::cos(br), vx = uy, vy = -ux;
            auto at = [&](double s, double w) {
                return core::Point{vp.position.x + s * ux + w * vx, vp.position.y + s * uy + w * vy};
            };
            auto halfWidth = [&](double s) { return s <= half ? half : half + fs.divergence * (s - half); };
            auto add = [&](double s0, double s1, double surface) {
                core::Polygon p;
                p.outer = {at(s0, -halfWidth(s0)), at(s1, -halfWidth(s1)), at(s1, halfWidth(s1)),
                           at(s0, halfWidth(s0)), at(s0, -halfWidth(s0))};
                if (core::signedArea(p.outer) < 0) std::reverse(p.outer.begin(), p.outer.end());
                core::VectorFeature f;
                f.kind = core::GeometryKind::Polygon;
                f.polygons.push_back(std::move(p));
                f.attributes = {vp.name, std::string(which == 0 ? "departure" : "approach"),
                                s0,      s1,
                                surface, std::max(0.1, surface - ground)};
                out.features.push_back(std::move(f));
            };
            // The FATO (the vertical segment), then slices of the sloped surface out to the band floor.
            add(-half, half, zTop);
            const int n = std::max(1, static_cast<int>(std::ceil((uEnd - half) / sliceM)));
            for (int k = 0; k < n && uEnd > half; ++k) {
                const double s0 = half + (uEnd - half) * k / n, s1 = half + (uEnd - half) * (k + 1) / n;
                add(s0, s1, std::min(bandFloor, zTop + fs.slope * (s1 - half)));
            }
        }
    }
    return out;
}

core::VectorLayer noFlyLayer(const CorridorScenario& sc, const core::Crs& crs) {
    core::VectorLayer out;
    out.name = "nofly_volumes";
    out.crs = crs;
    for (const char* f : {"name", "reference"})
        out.fields.ensure(f, core::FieldType::String);
    for (const char* f : {"floor_m", "ceiling_m", "height_m"})
        out.fields.ensure(f, core::FieldType::Real);
    for (const NoFlyVolume& n : sc.noFly) {
        core::Polygon p;
        core::Point centre = n.centre;
        if (n.circle) {
            for (int k = 0; k <= 64; ++k)
                p.outer.push_back({n.centre.x + n.radiusM * std::cos(2 * kPi * (k % 64) / 64),
                                   n.centre.y + n.radiusM * std::sin(2 * kPi * (k % 64) / 64)});
        } else {
            p = n.polygon;
            centre = core::centroid(core::MultiPolygon{p});
        }
        const double ground = groundAt(sc.terrain, centre);
        const double bandTop = sc.airspace.band.reference == AltitudeReference::AboveGround
                                   ? ground + sc.airspace.band.maxM
                                   : sc.airspace.band.maxM;
        const double off = n.reference == AltitudeReference::AboveGround ? ground : 0.0;
        const double top = std::min(n.ceilingM + off, bandTop + 100.0);
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons.push_back(std::move(p));
        f.attributes = {n.name, std::string(n.reference == AltitudeReference::AboveGround ? "agl" : "msl"),
                        n.floorM <= -1e5 ? core::AttributeValue{} : core::AttributeValue{n.floorM},
                        n.ceilingM >= 1e5 ? core::AttributeValue{} : core::AttributeValue{n.ceilingM},
                        std::max(0.1, top - ground)};
        out.features.push_back(std::move(f));
    }
    return out;
}

core::VectorLayer contourLayer(const std::vector<ContourLevel>& levels, const core::Crs& crs) {
    core::VectorLayer out;
    out.name = "contours";
    out.crs = crs;
    out.fields.ensure("level_db", core::FieldType::Real);
    for (const ContourLevel& c : levels)
        for (const core::LineString& l : c.lines) {
            if (l.size() < 2) continue;
            core::VectorFeature f;
            f.kind = core::GeometryKind::Line;
            f.lines.push_back(l);
            f.attributes = {c.level};
            out.features.push_back(std::move(f));
        }
    return out;
}

double noFlyLengthM(const std::vector<Point3>& line, const std::vector<NoFlyVolume>& noFly,
                    const core::Raster& terrain, double stepM) {
    double inside = 0.0;
    for (std::size_t n = 1; n < line.size(); ++n) {
        const Point3 &a = line[n - 1], &b = line[n];
        const double len =
            std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y) + (b.z - a.z) * (b.z - a.z));
        const int k = std::max(1, static_cast<int>(std::ceil(len / stepM)));
        for (int s = 0; s < k; ++s) {
            const double t = (s + 0.5) / k;
            const double x = a.x + t * (b.x - a.x), y = a.y + t * (b.y - a.y), z = a.z + t * (b.z - a.z);
            for (const NoFlyVolume& v : noFly) {
                const bool in2d = v.circle ? std::hypot(x - v.centre.x, y - v.centre.y) <= v.radiusM
                                           : pointInPolygon(v.polygon, x, y);
                if (!in2d) continue;
                const double off =
                    v.reference == AltitudeReference::AboveGround ? groundAt(terrain, {x, y}) : 0.0;
                if (z >= v.floorM + off && z <= v.ceilingM + off) {
                    inside += len / k;
                    break;
                }
            }
        }
    }
    return inside;
}

}  // namespace citytwin::uam

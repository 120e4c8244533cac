// The corridor engine's run: airspace, routes, smoothing, metrics, noise, ground risk, drawing geometry.

#include "citytwin/uam/corridor.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include <omp.h>

#include "checks.h"
#include "citytwin/core/error.h"
#include "citytwin/uam/limits.h"
#include "citytwin/uam/line_of_sight.h"
#include "citytwin/uam/search.h"
#include "geometry2d.h"

namespace citytwin::uam {

namespace {

using core::Problem;

constexpr double kPi = 3.14159265358979323846;

std::string num(double v, int precision = 6) {
    std::ostringstream s;
    s.precision(precision);
    s << v;
    return s.str();
}

std::string metres(double m) {
    std::ostringstream s;
    s.precision(m >= 1000 ? 1 : 0);
    s << std::fixed;
    if (m >= 1000)
        s << m / 1000 << " km";
    else
        s << m << " m";
    return s.str();
}

/// The extra cost per metre of the route cost (README, "Route cost").
class CorridorCost : public VoxelCostField {
public:
    CorridorCost(const Airspace& air, const CostWeights& w, const std::vector<float>& density,
                 const std::vector<float>& tubeDensity, double tubeHalfWidthM, double riskPerMetrePerDensity,
                 double thresholdRadiusM)
        : air_(air),
          w_(w),
          density_(density),
          tube_(tubeDensity),
          halfWidth_(tubeHalfWidthM),
          risk_(riskPerMetrePerDensity),
          r2_(thresholdRadiusM * thresholdRadiusM) {}

    double perMetre(int i, int j, int k) const override {
        const std::size_t c = air_.grid().columnIndex(i, j);
        double q = 0.0;
        // People under the tube per metre: density [1/km²] x tube width [m] / 1e6 [m²/km²].
        if (w_.people > 0) q += w_.people * tube_[c] * 2.0 * halfWidth_ * 1e-6;
        if (w_.risk > 0) q += w_.risk * risk_ * density_[c];
        if (w_.noise > 0 && r2_ > 0) {
            // People newly exposed to L_Amax >= threshold per metre: the strip where the slant distance from
            // the aircraft is below the threshold radius.
            const VoxelGeometry& g = air_.grid().geometry();
            const double h = g.z0M + (k + 0.5) * g.dzM - air_.groundM(i, j);
            const double b2 = r2_ - h * h;
            if (b2 > 0) q += w_.noise * tube_[c] * 2.0 * std::sqrt(b2) * 1e-6;
        }
        return q;
    }

private:
    const Airspace& air_;
    const CostWeights& w_;
    const std::vector<float>& density_;
    const std::vector<float>& tube_;
    double halfWidth_, risk_, r2_;
};

/// The terminal areas of a route: within the funnel length of its departure or arrival pad (horizontally),
/// where the aircraft flies the funnels at terminal speed and may turn on the terminal radius.
class TerminalAreas : public TerminalZone {
public:
    void add(const core::Point& pad, double radiusM) { areas_.push_back({pad, radiusM}); }
    bool contains(const Point3& p) const override {
        for (const auto& [c, r] : areas_)
            if (std::hypot(p.x - c.x, p.y - c.y) <= r) return true;
        return false;
    }

private:
    std::vector<std::pair<core::Point, double>> areas_;
};

/// Horizontal length of a vertiport's funnel below the band: where its surface reaches the band floor.
double funnelReach(const Airspace& air, const Vertiport& v, const FunnelShape& f) {
    const VoxelGeometry& g = air.grid().geometry();
    const int i = std::clamp(static_cast<int>(std::floor((v.position.x - g.originX) / g.cellM)), 0,
                             air.grid().nx() - 1);
    const int j = std::clamp(static_cast<int>(std::floor((g.originY - v.position.y) / g.cellM)), 0,
                             air.grid().ny() - 1);
    const double rise = air.bandFloorM(i, j) - v.padElevationM - f.verticalSegmentM;
    return 0.5 * v.fatoSizeM + std::max(0.0, rise) / f.slope;
}

/// Blocked voxels of the route's space cost `penalty` per metre; everything inside the grid is passable.
class PenaltyCost : public VoxelCostField {
public:
    PenaltyCost(const SearchSpace& space, double penalty) : space_(space), penalty_(penalty) {}
    double perMetre(int i, int j, int k) const override { return space_.isFree(i, j, k) ? 0.0 : penalty_; }

private:
    const SearchSpace& space_;
    double penalty_;
};

/// Density [people/km²] of the population raster at (x, y); 0 outside or NaN.
double densityAt(const core::Raster& pop, double x, double y) {
    if (pop.empty()) return 0.0;
    const float v = pop.sampleNearest({x, y});
    return std::isnan(v) ? 0.0 : std::max(0.0, static_cast<double>(v));
}

double thresholdRadius(const NoiseSource& s, double threshold) {
    if (levelAtDistance(s, s.minDistanceM) < threshold) return 0.0;
    double lo = s.minDistanceM, hi = 1e6;
    for (int n = 0; n < 200; ++n) {
        const double mid = 0.5 * (lo + hi);
        (levelAtDistance(s, mid) >= threshold ? lo : hi) = mid;
    }
    return lo;
}

/// Why no route exists: a least-violation search through everything, naming what its path crosses.
std::string diagnose(const Airspace& air, const SearchSpace& space, const Voxel& s, const Voxel& g,
                     const std::string& from, const std::string& to, std::size_t maxExpansions,
                     const core::Progress& progress) {
    const VoxelGrid& grid = air.grid();
    std::vector<std::uint32_t> offsets;
    offsets.reserve(static_cast<std::size_t>(grid.nx()) * grid.ny() + 1);
    std::vector<LevelRun> runs(static_cast<std::size_t>(grid.nx()) * grid.ny(),
                               LevelRun{0, static_cast<std::uint16_t>(grid.nz())});
    for (std::size_t c = 0; c <= runs.size(); ++c)
        offsets.push_back(static_cast<std::uint32_t>(c));
    const VoxelGrid open(grid.nx(), grid.ny(), grid.nz(), grid.geometry(),
                         ColumnRuns(grid.nx(), grid.ny(), std::move(offsets), std::move(runs)));
    SearchSpace all(open);
    // Crossing blocked airspace costs 10 metres per metre: the path avoids it where a detour up to ten times
    // longer exists, so what it still crosses is what really separates the vertiports.
    const PenaltyCost penalty(space, 10.0);
    SearchOptions o;
    o.extraCost = &penalty;
    o.maxExpansions = maxExpansions;
    const SearchResult r = aStar(all, s, g, o, progress);
    const std::string head = "no route from '" + from + "' to '" + to + "': the free airspace from '" + from +
                             "' does not reach '" + to + "'";
    if (r.status != SearchStatus::Found)
        return head + " (the search for the blocking constraint stopped: " + toString(r.status) + ")";
    std::map<std::pair<int, std::string>, double> crossed;
    const VoxelGeometry& geo = grid.geometry();
    for (std::size_t n = 0; n < r.path.size(); ++n) {
        const Voxel& v = r.path[n];
        if (space.isFree(v)) continue;
        // Half of each adjacent move lies in this voxel.
        double len = 0.0;
        for (int d : {-1, 1}) {
            const long m = static_cast<long>(n) + d;
            if (m < 0 || m >= static_cast<long>(r.path.size())) continue;
            const Voxel& w = r.path[static_cast<std::size_t>(m)];
            len += 0.5 * std::sqrt(std::pow((w.i - v.i) * geo.cellM, 2) +
                                   std::pow((w.j - v.j) * geo.cellM, 2) + std::pow((w.k - v.k) * geo.dzM, 2));
        }
        const Blocker b = air.blockerOf(v);
        crossed[{static_cast<int>(b.cause), b.name}] += len;
    }
    std::vector<std::pair<double, std::string>> list;
    for (const auto& [key, len] : crossed) {
        const BlockCause cause = static_cast<BlockCause>(key.first);
        std::string what;
        switch (cause) {
            case BlockCause::NoFly:
                what = "no-fly volume '" + key.second + "'";
                break;
            case BlockCause::Building:
                what = "building '" + key.second + "' and its clearance";
                break;
            case BlockCause::Terrain:
                what = "terrain and its clearance";
                break;
            case BlockCause::BandFloor:
                what = "the airspace below the altitude band";
                break;
            case BlockCause::BandCeiling:
                what = "the airspace above the altitude band";
                break;
            default:
                what = toString(cause);
                break;
        }
        list.push_back({len, what});
    }
    std::sort(list.rbegin(), list.rend());
    std::string msg = head + "; the least-violating path crosses ";
    for (std::size_t n = 0; n < list.size() && n < 4; ++n)
        msg += (n ? ", " : "") + list[n].second + " (" + metres(list[n].first) + ")";
    if (list.size() > 4) msg += " and " + std::to_string(list.size() - 4) + " more";
    return msg;
}

/// Douglas-Peucker in 3D with tolerance tol [m], for the noise computation.
void simplify3(const std::vector<Point3>& p, std::size_t a, std::size_t b, double tol,
               std::vector<bool>& keep) {
    if (b <= a + 1) return;
    const double dx = p[b].x - p[a].x, dy = p[b].y - p[a].y, dz = p[b].z - p[a].z;
    const double l2 = dx * dx + dy * dy + dz * dz;
    double worst = -1;
    std::size_t at = a;
    for (std::size_t n = a + 1; n < b; ++n) {
        double t =
            l2 > 0 ? ((p[n].x - p[a].x) * dx + (p[n].y - p[a].y) * dy + (p[n].z - p[a].z) * dz) / l2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const double d =
            std::hypot(p[a].x + t * dx - p[n].x, p[a].y + t * dy - p[n].y, p[a].z + t * dz - p[n].z);
        if (d > worst) {
            worst = d;
            at = n;
        }
    }
    if (worst > tol) {
        keep[at] = true;
        simplify3(p, a, at, tol, keep);
        simplify3(p, at, b, tol, keep);
    }
}

/// Ear-clipping triangulation of a simple ring (counter-clockwise or not); fan for degenerate cases.
std::vector<std::array<int, 3>> triangulate(const std::vector<core::Point>& ring) {
    std::vector<int> idx(ring.size());
    for (std::size_t n = 0; n < ring.size(); ++n)
        idx[n] = static_cast<int>(n);
    double area = 0;
    for (std::size_t n = 0; n < ring.size(); ++n) {
        const auto& a = ring[n];
        const auto& b = ring[(n + 1) % ring.size()];
        area += a.x * b.y - b.x * a.y;
    }
    if (area < 0) std::reverse(idx.begin(), idx.end());
    std::vector<std::array<int, 3>> tri;
    auto cross = [&](int a, int b, int c) {
        return (ring[b].x - ring[a].x) * (ring[c].y - ring[a].y) -
               (ring[b].y - ring[a].y) * (ring[c].x - ring[a].x);
    };
    int guard = 0;
    while (idx.size() > 3 && guard++ < 100000) {
        bool clipped = false;
        for (std::size_t n = 0; n < idx.size(); ++n) {
            const int a = idx[(n + idx.size() - 1) % idx.size()], b = idx[n], c = idx[(n + 1) % idx.size()];
            if (cross(a, b, c) <= 0) continue;
            bool inside = false;
            for (int q : idx) {
                if (q == a || q == b || q == c) continue;
                if (cross(a, b, q) >= 0 && cross(b, c, q) >= 0 && cross(c, a, q) >= 0) {
                    inside = true;
                    break;
                }
            }
            if (inside) continue;
            tri.push_back({a, b, c});
            idx.erase(idx.begin() + static_cast<long>(n));
            clipped = true;
            break;
        }
        if (!clipped) break;
    }
    for (std::size_t n = 1; n + 1 < idx.size(); ++n)
        tri.push_back({idx[0], idx[n], idx[n + 1]});
    return tri;
}

/// A prism over a ring between two elevations.
Solid prism(const std::string& name, const std::string& kind, std::vector<core::Point> ring, double z0,
            double z1) {
    if (ring.size() > 1 && ring.front() == ring.back()) ring.pop_back();
    Solid s;
    s.name = name;
    s.kind = kind;
    const int n = static_cast<int>(ring.size());
    for (const auto& p : ring)
        s.vertices.push_back({p.x, p.y, z0});
    for (const auto& p : ring)
        s.vertices.push_back({p.x, p.y, z1});
    const auto caps = triangulate(ring);
    for (const auto& t : caps) {
        s.triangles.push_back({t[0] + n, t[1] + n, t[2] + n});  // top, counter-clockwise from above
        s.triangles.push_back({t[2], t[1], t[0]});              // bottom
    }
    double area = 0;
    for (int a = 0; a < n; ++a)
        area += ring[a].x * ring[(a + 1) % n].y - ring[(a + 1) % n].x * ring[a].y;
    for (int a = 0; a < n; ++a) {
        int b = (a + 1) % n;
        int p = a, q = b;
        if (area < 0) std::swap(p, q);
        s.triangles.push_back({p, q, q + n});
        s.triangles.push_back({p, q + n, p + n});
    }
    return s;
}

}  // namespace

FlightPath flightPathFor(const std::vector<Point3>& centreline, const std::vector<double>& speeds) {
    // Douglas-Peucker to 0.5 m: moves any level by at most 20 log10((d + 0.5) / d), under 0.015 dB at the
    // 300 m of the band (README).
    FlightPath p;
    if (centreline.size() < 2) return p;
    std::vector<bool> keep(centreline.size(), false);
    keep.front() = keep.back() = true;
    simplify3(centreline, 0, centreline.size() - 1, 0.5, keep);
    std::size_t prev = 0;
    p.points.push_back(centreline.front());
    for (std::size_t n = 1; n < centreline.size(); ++n) {
        if (!keep[n]) continue;
        // The slowest speed over the merged stretch, so that exposure time is not underestimated.
        double v = std::numeric_limits<double>::infinity();
        for (std::size_t m = prev; m < n; ++m)
            v = std::min(v, speeds[m]);
        p.speedsMps.push_back(v);
        p.points.push_back(centreline[n]);
        prev = n;
    }
    return p;
}

NoiseMaps noiseMaps(const std::vector<FlightPath>& paths, const std::vector<FlightsPerDay>& flights,
                    const NoiseSource& source, const LdenDefinition& def, const core::Raster& terrain,
                    const core::Box& extent, double cellM, double receiverHeightM, int threadCount,
                    const core::Progress& progress, std::vector<core::Raster>* routeSelOut,
                    std::vector<core::Raster>* routeLamaxOut) {
    const int nx = std::max(1, static_cast<int>(std::ceil(extent.width() / cellM - 1e-9)));
    const int ny = std::max(1, static_cast<int>(std::ceil(extent.height() / cellM - 1e-9)));
    const core::GeoTransform ngt{extent.minX, extent.maxY, cellM, cellM};
    const core::Crs crs = terrain.empty() ? core::Crs{} : terrain.crs();
    const std::size_t R = paths.size();
    std::vector<core::Raster> routeSel(R, core::Raster(nx, ny, ngt, crs)),
        routeLamax(R, core::Raster(nx, ny, ngt, crs));
    NoiseMaps nm;
    nm.lamax = core::Raster(nx, ny, ngt, crs);
    nm.sel = core::Raster(nx, ny, ngt, crs);
    nm.lden = core::Raster(nx, ny, ngt, crs);
    nm.lday = core::Raster(nx, ny, ngt, crs);
    nm.levening = core::Raster(nx, ny, ngt, crs);
    nm.lnight = core::Raster(nx, ny, ngt, crs);
    std::atomic<bool> stop{false};
    std::atomic<int> rowsDone{0};
    double weight[3];
    for (int p = 0; p < 3; ++p)
        weight[p] = std::pow(10.0, def.periods[static_cast<std::size_t>(p)].penaltyDb / 10.0);
    const int threads = threadCount > 0 ? threadCount : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 2) num_threads(threads)
    for (int j = 0; j < ny; ++j) {
        if (stop.load(std::memory_order_relaxed)) continue;
        for (int i = 0; i < nx; ++i) {
            const core::Point ce = nm.lden.cellCentre(i, j);
            double ground = terrain.empty() ? 0.0 : terrain.sampleBilinear(ce);
            if (std::isnan(ground)) ground = 0.0;
            const Point3 rcv{ce.x, ce.y, ground + receiverHeightM};
            double eDen = 0, ePeriod[3] = {0, 0, 0}, lmax = -1e300, smax = -1e300;
            for (std::size_t r = 0; r < R; ++r) {
                const FlightNoise fn = flightNoise(source, paths[r], rcv);
                routeSel[r].at(i, j) = static_cast<float>(fn.selDbA);
                routeLamax[r].at(i, j) = static_cast<float>(fn.lamaxDbA);
                lmax = std::max(lmax, fn.lamaxDbA);
                smax = std::max(smax, fn.selDbA);
                const double e = std::pow(10.0, fn.selDbA / 10.0);
                const double counts[3] = {flights[r].day, flights[r].evening, flights[r].night};
                for (int p = 0; p < 3; ++p) {
                    ePeriod[p] += counts[p] * e;
                    eDen += counts[p] * e * weight[p];
                }
            }
            if (R > 0) {
                nm.lamax.at(i, j) = static_cast<float>(lmax);
                nm.sel.at(i, j) = static_cast<float>(smax);
            }
            auto level = [](double e, double seconds) {
                return e > 0 ? static_cast<float>(10.0 * std::log10(e / seconds)) : core::Raster::kNoData;
            };
            nm.lden.at(i, j) = level(eDen, 86400.0);
            nm.lday.at(i, j) = level(ePeriod[0], def.periods[0].hours * 3600.0);
            nm.levening.at(i, j) = level(ePeriod[1], def.periods[1].hours * 3600.0);
            nm.lnight.at(i, j) = level(ePeriod[2], def.periods[2].hours * 3600.0);
        }
        rowsDone.fetch_add(1, std::memory_order_relaxed);
        if (omp_get_thread_num() == 0) {
            progress(double(rowsDone.load()) / ny, "noise");
            if (progress.cancelled()) stop = true;
        }
    }
    nm.lamax.name = "uam.lamax";
    nm.lamax.unit = "dBA";
    nm.sel.name = "uam.sel";
    nm.sel.unit = "dBA";
    nm.lden.name = "uam.lden";
    nm.lden.unit = "dB";
    nm.lday.name = "uam.lday";
    nm.levening.name = "uam.levening";
    nm.lnight.name = "uam.lnight";
    nm.lday.unit = nm.levening.unit = nm.lnight.unit = "dB";
    if (routeSelOut) *routeSelOut = std::move(routeSel);
    if (routeLamaxOut) *routeLamaxOut = std::move(routeLamax);
    return nm;
}

DataTables loadDataTables(const std::string& dir) {
    DataTables t;
    t.lden = readLdenDefinition(dir + "/lden_periods_kr.csv");
    t.noiseClasses = readNoiseClasses(dir + "/noise_classes_kr.csv");
    t.sora = readSoraTable(dir + "/sora_2_5_igrc.csv");
    return t;
}

std::vector<Problem> validateScenario(const CorridorScenario& sc) {
    AirspaceInputs in{&sc.terrain, &sc.buildings, &sc.noFly, &sc.vertiports};
    std::vector<Problem> out = validateAirspace(in, sc.airspace);
    auto add = [&](const std::string& p, const std::string& m) { out.push_back({"uam", p, m}); };
    using detail::checkRange;
    const AircraftSpec& a = sc.aircraft;
    checkRange(out, "cruise_speed_mps", "the cruise speed", a.cruiseSpeedMps, limits::speedMps, "m/s");
    checkRange(out, "fine_heuristic_weight", "the fine search's heuristic weight",
               sc.twoLevel.fineHeuristicWeight, limits::heuristicWeight);
    if (sc.twoLevel.coarseFactor < 1 || sc.twoLevel.coarseLevels < 1 || sc.twoLevel.corridorHalfWidth < 1)
        add("two_level_columns",
            "the two-level search needs a coarse factor, coarse levels and a corridor half-width >= 1");
    checkRange(out, "terminal_speed_mps", "the terminal speed", a.terminalSpeedMps, limits::speedMps, "m/s");
    checkRange(out, "max_climb_gradient", "the climb gradient limit", a.limits.maxClimbGradient,
               limits::gradient);
    checkRange(out, "max_descent_gradient", "the descent gradient limit", a.limits.maxDescentGradient,
               limits::gradient);
    checkRange(out, "min_turn_radius_m", "the minimum turn radius", a.limits.minTurnRadiusM,
               limits::turnRadiusM, "m");
    checkRange(out, "terminal_turn_radius_m", "the terminal turn radius", a.limits.terminalTurnRadiusM,
               limits::turnRadiusM, "m");
    checkRange(out, "aircraft_dimension_m", "the aircraft dimension", a.dimensionM,
               limits::aircraftDimensionM, "m");
    checkRange(out, "aircraft_max_speed_mps", "the aircraft's maximum speed", a.maxSpeedMps, limits::speedMps,
               "m/s");
    checkRange(out, "failure_rate_per_hour", "the failure rate", a.failureRatePerHour,
               limits::failureRatePerHour, "per hour");
    checkRange(out, "critical_area_m2", "the critical area", a.criticalAreaM2, limits::criticalAreaM2, "m²");
    const CostWeights& w = sc.weights;
    const std::pair<const char*, double> weights[] = {{"weight_length", w.length},
                                                      {"weight_people", w.people},
                                                      {"weight_noise", w.noise},
                                                      {"weight_risk", w.risk}};
    for (const auto& [id, v] : weights)
        checkRange(out, id, "the weight", v, limits::costWeight);
    if (w.length == 0 && w.people == 0 && w.noise == 0 && w.risk == 0)
        add("weight_length", "all cost weights are 0: nothing to minimise");
    checkRange(out, "noise_threshold_dba", "the noise threshold", w.noiseThresholdDbA, limits::levelDbA,
               "dBA");
    const NoiseSettings& n = sc.noise;
    checkRange(out, "air_temperature_c", "the air temperature", n.air.temperatureC, limits::temperatureC,
               "°C");
    checkRange(out, "air_humidity_pct", "the relative humidity", n.air.relativeHumidityPct,
               limits::humidityPct, "%");
    checkRange(out, "air_pressure_kpa", "the air pressure", n.air.pressureKPa, limits::pressureKPa, "kPa");
    checkRange(out, "noise_reference_distance_m", "the reference distance", n.referenceDistanceM,
               limits::referenceDistanceM, "m");
    checkRange(out, "noise_reference_level_dba", "the reference level", n.referenceLevelDbA, limits::levelDbA,
               "dBA");
    checkRange(out, "noise_absorption_frequency_hz", "the absorption frequency", n.absorptionFrequencyHz,
               limits::frequencyHz, "Hz");
    checkRange(out, "noise_min_distance_m", "the minimum source distance", n.minDistanceM,
               limits::minDistanceM, "m");
    checkRange(out, "noise_cell_m", "the noise grid cell", n.cellM, limits::noiseCellM, "m");
    checkRange(out, "noise_receiver_height_m", "the receiver height", n.receiverHeightM,
               limits::receiverHeightM, "m");
    for (double level : n.lamaxContours)
        checkRange(out, "noise_lamax_contours_dba", "an L_Amax contour level", level, limits::levelDbA,
                   "dBA");
    if (sc.tables.lden.periods.size() != 3)
        add("data", "the L_den periods table is not loaded (loadDataTables)");
    if (sc.tables.noiseClasses.empty()) add("data", "the noise classes table is not loaded (loadDataTables)");
    if (sc.tables.sora.columns.empty()) add("data", "the SORA iGRC table is not loaded (loadDataTables)");
    if (!sc.population.empty()) {
        const core::RasterStats st = sc.population.stats();
        if (st.validCount > 0 && st.min < 0)
            add("population",
                "the population density has negative values (min " + num(st.min) + " persons/km²)");
    }
    auto known = [&](const std::string& name) {
        for (const Vertiport& v : sc.vertiports)
            if (v.name == name) return true;
        return false;
    };
    for (const RouteRequest& r : sc.routes) {
        if (!known(r.from))
            add("routes", "route '" + r.from + "' -> '" + r.to + "': no vertiport named '" + r.from + "'");
        if (!known(r.to))
            add("routes", "route '" + r.from + "' -> '" + r.to + "': no vertiport named '" + r.to + "'");
        if (r.from == r.to)
            add("routes", "route '" + r.from + "' -> '" + r.to + "' starts and ends at the same vertiport");
        for (double f : {r.flights.day, r.flights.evening, r.flights.night})
            if (!limits::flightsPerPeriod.contains(f))
                add("routes", "route '" + r.from + "' -> '" + r.to + "': flights per period must lie in " +
                                  limits::flightsPerPeriod.text() + ", got " + num(f));
    }
    if (sc.network)
        for (double f : {sc.networkFlights.day, sc.networkFlights.evening, sc.networkFlights.night})
            if (!limits::flightsPerPeriod.contains(f))
                add("routes", "network routes: flights per period must lie in " +
                                  limits::flightsPerPeriod.text() + ", got " + num(f));
    if (sc.routes.empty() && !(sc.network && sc.vertiports.size() >= 2))
        add("routes",
            "no routes to plan: list pairs of vertiports or turn on the network with two vertiports or more");
    return out;
}

CorridorResult planCorridors(const CorridorScenario& sc, const core::Progress& progress) {
    CorridorResult res;
    res.problems = validateScenario(sc);
    if (!res.problems.empty()) {
        res.status = RunStatus::Invalid;
        return res;
    }
    // --- Airspace.
    const AirspaceInputs inputs{&sc.terrain, &sc.buildings, &sc.noFly, &sc.vertiports};
    const Airspace air = Airspace::build(inputs, sc.airspace, progress.sub(0.0, 0.25, "airspace"));
    if (air.cancelled()) {
        res.status = RunStatus::Cancelled;
        return res;
    }
    res.notes = air.notes();
    res.airspaceBytes = air.memoryBytes();
    const VoxelGrid& grid = air.grid();
    const VoxelGeometry& geo = grid.geometry();
    const std::size_t columns = static_cast<std::size_t>(grid.nx()) * grid.ny();
    {
        std::size_t withFree = 0;
        for (std::size_t c = 0; c < columns; ++c)
            if (grid.runs().end(c) != grid.runs().begin(c)) ++withFree;
        res.freeShareOfBand = double(withFree) / double(columns);
        if (res.freeShareOfBand < 0.5)
            res.notes.push_back(
                {"uam", "band_min_m",
                 "the altitude band leaves free airspace over only " + num(100 * res.freeShareOfBand, 3) +
                     " % of the area: terrain and buildings with their clearances, or no-fly volumes, fill "
                     "it elsewhere"});
    }

    // --- Population per column and its mean over the tube's width (summed-area table).
    const double W = sc.airspace.tubeHalfWidthM;
    std::vector<float> density(columns, 0.0f), tube(columns, 0.0f);
    if (!sc.population.empty()) {
        for (int j = 0; j < grid.ny(); ++j)
            for (int i = 0; i < grid.nx(); ++i)
                density[grid.columnIndex(i, j)] = static_cast<float>(densityAt(
                    sc.population, geo.originX + (i + 0.5) * geo.cellM, geo.originY - (j + 0.5) * geo.cellM));
        const int r = static_cast<int>(std::floor(W / geo.cellM + 0.5));
        std::vector<double> sat(static_cast<std::size_t>(grid.nx() + 1) * (grid.ny() + 1), 0.0);
        auto S = [&](int i, int j) -> double& {
            return sat[static_cast<std::size_t>(j) * (grid.nx() + 1) + i];
        };
        for (int j = 0; j < grid.ny(); ++j)
            for (int i = 0; i < grid.nx(); ++i)
                S(i + 1, j + 1) = density[grid.columnIndex(i, j)] + S(i, j + 1) + S(i + 1, j) - S(i, j);
        for (int j = 0; j < grid.ny(); ++j)
            for (int i = 0; i < grid.nx(); ++i) {
                const int a = std::max(0, i - r), b = std::min(grid.nx(), i + r + 1);
                const int c = std::max(0, j - r), d = std::min(grid.ny(), j + r + 1);
                tube[grid.columnIndex(i, j)] =
                    static_cast<float>((S(b, d) - S(a, d) - S(b, c) + S(a, c)) / double((b - a) * (d - c)));
            }
    }
    NoiseSource source = noiseSourceFor(sc.noise.air, sc.noise.referenceLevelDbA, sc.noise.referenceDistanceM,
                                        sc.noise.absorptionFrequencyHz);
    source.minDistanceM = sc.noise.minDistanceM;
    const double criticalArea = sc.aircraft.criticalAreaM2 > 0
                                    ? sc.aircraft.criticalAreaM2
                                    : verticalFallCriticalAreaM2(sc.aircraft.dimensionM);
    // Expected casualties per metre flown per unit density [people/km²], in 1e-9 casualties.
    const double riskPerMetre =
        sc.aircraft.failureRatePerHour / (sc.aircraft.cruiseSpeedMps * 3600.0) * criticalArea * 1e-6 / 1e-9;
    const CorridorCost cost(air, sc.weights, density, tube, W, riskPerMetre,
                            thresholdRadius(source, sc.weights.noiseThresholdDbA));
    const bool weighted = sc.weights.people > 0 || sc.weights.noise > 0 || sc.weights.risk > 0;

    // --- Routes: the requests, then (network) every other pair.
    std::vector<RouteRequest> requests = sc.routes;
    if (sc.network)
        for (std::size_t a = 0; a < sc.vertiports.size(); ++a)
            for (std::size_t b = a + 1; b < sc.vertiports.size(); ++b) {
                bool listed = false;
                for (const RouteRequest& r : sc.routes)
                    listed = listed || (r.from == sc.vertiports[a].name && r.to == sc.vertiports[b].name) ||
                             (r.from == sc.vertiports[b].name && r.to == sc.vertiports[a].name);
                if (!listed)
                    requests.push_back({sc.vertiports[a].name, sc.vertiports[b].name, sc.networkFlights});
            }
    auto indexOf = [&](const std::string& name) {
        for (std::size_t v = 0; v < sc.vertiports.size(); ++v)
            if (sc.vertiports[v].name == name) return v;
        return std::size_t{0};
    };
    const int soraColumnIndex = soraColumn(sc.tables.sora, sc.aircraft.dimensionM, sc.aircraft.maxSpeedMps);
    for (std::size_t q = 0; q < requests.size(); ++q) {
        const core::Progress part =
            progress.sub(0.25 + 0.4 * q / requests.size(), 0.25 + 0.4 * (q + 1) / requests.size(),
                         "route " + requests[q].from + " - " + requests[q].to);
        RouteResult rr;
        rr.from = requests[q].from;
        rr.to = requests[q].to;
        rr.flights = requests[q].flights;
        const std::size_t a = indexOf(rr.from), b = indexOf(rr.to);
        TerminalAreas terminal;
        terminal.add(sc.vertiports[a].position, funnelReach(air, sc.vertiports[a], sc.airspace.funnel));
        terminal.add(sc.vertiports[b].position, funnelReach(air, sc.vertiports[b], sc.airspace.funnel));
        SearchSpace space(grid);
        space.addPatch(&air.departureFunnel(a));
        space.addPatch(&air.approachFunnel(b));
        const Voxel s = air.padVoxel(a), g = air.padVoxel(b);
        for (const auto& [v, name] : {std::make_pair(s, rr.from), std::make_pair(g, rr.to)}) {
            if (space.isFree(v)) continue;
            const Blocker bl = air.blockerOf(v);
            rr.blockedReason = "no route from '" + rr.from + "' to '" + rr.to + "': the pad of vertiport '" +
                               name + "' is not free (" + toString(bl.cause) +
                               (bl.name.empty() ? "" : " '" + bl.name + "'") + ")";
        }
        if (rr.blockedReason.empty()) {
            SearchOptions o;
            o.lengthWeight = sc.weights.length;
            o.extraCost = weighted ? &cost : nullptr;
            o.maxExpansions = sc.maxExpansions;
            const bool twoLevel = sc.twoLevelColumns > 0 && columns > sc.twoLevelColumns;
            CorridorSearchOptions co = sc.twoLevel;
            co.anyAngle = sc.planner == Planner::AnyAngle;
            const SearchResult r = twoLevel ? corridorSearch(space, s, g, o, co, part.sub(0, 0.7))
                                   : sc.planner == Planner::AnyAngle
                                       ? thetaStar(space, s, g, o, part.sub(0, 0.7))
                                       : aStar(space, s, g, o, part.sub(0, 0.7));
            rr.metrics.expansions = r.expansions;
            if (r.status == SearchStatus::Cancelled) {
                res.status = RunStatus::Cancelled;
                return res;
            }
            if (r.status == SearchStatus::Found) {
                rr.found = true;
                rr.metrics.cost = r.cost;
                for (const Voxel& v : r.path)
                    rr.anyAnglePath.push_back(geo.centre(v));
                if (sc.smooth) {
                    const Trajectory t =
                        smoothTrajectory(space, rr.anyAnglePath, sc.aircraft.limits, &terminal);
                    rr.centreline = t.points;
                    rr.check = t.check;
                    rr.notes = t.notes;
                } else {
                    rr.centreline = rr.anyAnglePath;
                    rr.check = checkTrajectory(space, rr.centreline, sc.aircraft.limits, &terminal);
                }
                for (const std::string& n : rr.notes)
                    res.notes.push_back(
                        {"uam", "routes", "route '" + rr.from + "' -> '" + rr.to + "': " + n});
            } else {
                rr.blockedReason =
                    r.status == SearchStatus::LimitReached
                        ? "no route from '" + rr.from + "' to '" + rr.to + "' within " +
                              std::to_string(sc.maxExpansions) + " expansions"
                        : diagnose(air, space, s, g, rr.from, rr.to, sc.maxExpansions, part.sub(0.7, 1.0));
                if (part.cancelled()) {
                    res.status = RunStatus::Cancelled;
                    return res;
                }
            }
        }
        // --- Speeds, length, time, profile, people and risk along the route.
        if (rr.found) {
            RouteMetrics& m = rr.metrics;
            const std::vector<Point3>& c = rr.centreline;
            auto columnOf = [&](double x, double y, int& i, int& j) {
                i = std::clamp(static_cast<int>(std::floor((x - geo.originX) / geo.cellM)), 0, grid.nx() - 1);
                j = std::clamp(static_cast<int>(std::floor((geo.originY - y) / geo.cellM)), 0, grid.ny() - 1);
            };
            for (std::size_t n = 1; n < c.size(); ++n) {
                const double h = std::hypot(c[n].x - c[n - 1].x, c[n].y - c[n - 1].y);
                const double len = std::hypot(h, c[n].z - c[n - 1].z);
                const bool slow = h <= 1e-6 || terminal.contains(c[n - 1]) || terminal.contains(c[n]);
                const double v = slow ? sc.aircraft.terminalSpeedMps : sc.aircraft.cruiseSpeedMps;
                rr.segmentSpeedsMps.push_back(v);
                m.lengthM += len;
                m.horizontalLengthM += h;
                m.flightTimeS += len / v;
            }
            // Profile every grid cell along the horizontal track.
            const double step = geo.cellM;
            double along = 0.0;
            const int reach = static_cast<int>(std::ceil(W / geo.cellM));
            auto sample = [&](double x, double y, double z, double dist) {
                int i, j;
                columnOf(x, y, i, j);
                ProfileSample p;
                p.distanceM = dist;
                p.altitudeM = z;
                p.terrainM = air.groundM(i, j);
                for (int dj = -reach; dj <= reach; ++dj)
                    for (int di = -reach; di <= reach; ++di) {
                        const int a2 = i + di, b2 = j + dj;
                        if (!grid.insideColumns(a2, b2) ||
                            std::hypot(di, dj) * geo.cellM > W + 0.5 * geo.cellM)
                            continue;
                        const float t = air.buildingTopM(a2, b2);
                        if (!std::isnan(t) && (std::isnan(p.buildingTopM) || t > p.buildingTopM))
                            p.buildingTopM = t;
                    }
                p.bandFloorM = air.bandFloorM(i, j);
                p.bandCeilingM = air.bandCeilingM(i, j);
                p.densityPerKm2 = densityAt(sc.population, x, y);
                for (double ang = 0; ang < 2 * kPi - 1e-9; ang += kPi / 4)
                    p.densityPerKm2 =
                        std::max(p.densityPerKm2,
                                 densityAt(sc.population, x + W * std::cos(ang), y + W * std::sin(ang)));
                p.igrc = intrinsicGrc(sc.tables.sora, p.densityPerKm2, soraColumnIndex);
                rr.profile.push_back(p);
            };
            for (std::size_t n = 1; n < c.size(); ++n) {
                const double h = std::hypot(c[n].x - c[n - 1].x, c[n].y - c[n - 1].y);
                const int k = std::max(1, static_cast<int>(std::ceil(h / step)));
                for (int s2 = (n == 1 ? 0 : 1); s2 <= k; ++s2) {
                    const double t = double(s2) / k;
                    sample(c[n - 1].x + t * (c[n].x - c[n - 1].x), c[n - 1].y + t * (c[n].y - c[n - 1].y),
                           c[n - 1].z + t * (c[n].z - c[n - 1].z), along + t * h);
                }
                along += h;
            }
            // People overflown: population cells whose centre lies within the tube's half-width of the track.
            const core::Raster& pop = sc.population;
            m.soraBandShare.assign(sc.tables.sora.bands.size(), 0.0);
            if (!pop.empty()) {
                const core::GeoTransform& pg = pop.geoTransform();
                std::vector<std::uint8_t> seen(pop.cellCount(), 0);
                const double cellKm2 = pg.cellWidth * pg.cellHeight * 1e-6;
                for (std::size_t n = 1; n < c.size(); ++n) {
                    const core::Point a2{c[n - 1].x, c[n - 1].y}, b2{c[n].x, c[n].y};
                    const int q0 = std::max(
                        0,
                        static_cast<int>(std::floor((std::min(a2.x, b2.x) - W - pg.originX) / pg.cellWidth)));
                    const int q1 = std::min(
                        pop.width() - 1,
                        static_cast<int>(std::floor((std::max(a2.x, b2.x) + W - pg.originX) / pg.cellWidth)));
                    const int r0 = std::max(0, static_cast<int>(std::floor(
                                                   (pg.originY - std::max(a2.y, b2.y) - W) / pg.cellHeight)));
                    const int r1 = std::min(pop.height() - 1,
                                            static_cast<int>(std::floor(
                                                (pg.originY - std::min(a2.y, b2.y) + W) / pg.cellHeight)));
                    for (int r2 = r0; r2 <= r1; ++r2)
                        for (int q2 = q0; q2 <= q1; ++q2) {
                            const std::size_t id = pop.index(q2, r2);
                            if (seen[id]) continue;
                            const core::Point ce = pop.cellCentre(q2, r2);
                            if (detail::pointSegmentDistance(ce.x, ce.y, a2, b2) > W) continue;
                            seen[id] = 1;
                            const float v = pop.at(q2, r2);
                            if (!std::isnan(v) && v > 0) m.peopleOverflown += v * cellKm2;
                        }
                }
            }
            // SORA bands, iGRC and casualties: the highest density within the tube at samples along the
            // track.
            double rhoTime = 0.0, time = 0.0;
            for (std::size_t n = 1; n < c.size(); ++n) {
                const double h = std::hypot(c[n].x - c[n - 1].x, c[n].y - c[n - 1].y);
                const double len = std::hypot(h, c[n].z - c[n - 1].z);
                const double dt = len / rr.segmentSpeedsMps[n - 1];
                const int k = std::max(1, static_cast<int>(std::ceil(h / step)));
                for (int s2 = 0; s2 < k; ++s2) {
                    const double t = (s2 + 0.5) / k;
                    const double x = c[n - 1].x + t * (c[n].x - c[n - 1].x),
                                 y = c[n - 1].y + t * (c[n].y - c[n - 1].y);
                    double maxRho = densityAt(pop, x, y);
                    for (double ang = 0; ang < 2 * kPi - 1e-9; ang += kPi / 4)
                        maxRho =
                            std::max(maxRho, densityAt(pop, x + W * std::cos(ang), y + W * std::sin(ang)));
                    const int band = soraBand(sc.tables.sora, maxRho);
                    if (band >= 0 && h > 0) m.soraBandShare[static_cast<std::size_t>(band)] += h / k;
                    m.maxIgrc = std::max(m.maxIgrc, intrinsicGrc(sc.tables.sora, maxRho, soraColumnIndex));
                    rhoTime += densityAt(pop, x, y) * dt / k;
                }
                time += dt;
            }
            if (m.horizontalLengthM > 0)
                for (double& share : m.soraBandShare)
                    share /= m.horizontalLengthM;
            m.casualtiesPerFlightHour = casualtiesPerFlightHour(sc.aircraft.failureRatePerHour, criticalArea,
                                                                time > 0 ? rhoTime / time : 0.0);
        } else {
            res.notes.push_back({"uam", "routes", rr.blockedReason});
        }
        res.routes.push_back(std::move(rr));
        if (progress.cancelled()) {
            res.status = RunStatus::Cancelled;
            return res;
        }
    }

    // --- Noise grid.
    const core::Box nb = sc.noise.extent.empty() ? core::Box{geo.originX, geo.originY - grid.ny() * geo.cellM,
                                                             geo.originX + grid.nx() * geo.cellM, geo.originY}
                                                 : sc.noise.extent;
    std::vector<std::size_t> flown;
    std::vector<FlightPath> paths;
    std::vector<FlightsPerDay> schedules;
    for (std::size_t r = 0; r < res.routes.size(); ++r) {
        if (!res.routes[r].found) continue;
        paths.push_back(flightPathFor(res.routes[r].centreline, res.routes[r].segmentSpeedsMps));
        schedules.push_back(res.routes[r].flights);
        flown.push_back(r);
    }
    const std::size_t R = paths.size();
    std::vector<core::Raster> routeSel, routeLamax;
    res.noise = noiseMaps(paths, schedules, source, sc.tables.lden, sc.terrain, nb, sc.noise.cellM,
                          sc.noise.receiverHeightM, sc.noise.threads, progress.sub(0.65, 0.95, "noise"),
                          &routeSel, &routeLamax);
    if (progress.cancelled()) {
        res.status = RunStatus::Cancelled;
        return res;
    }
    NoiseMaps& nm = res.noise;
    const int nx = nm.lden.width(), ny = nm.lden.height();
    const LdenDefinition& def = sc.tables.lden;
    std::vector<double> classBounds;
    for (const NoiseClass& c : sc.tables.noiseClasses)
        classBounds.push_back(c.lowerDb);
    nm.ldenContours = contourLines(nm.lden, classBounds);
    nm.lamaxContours = contourLines(nm.lamax, sc.noise.lamaxContours);

    // --- Noise per route under the tube, and exposure per class (all routes, and each route alone).
    const std::size_t K = sc.tables.noiseClasses.size();
    for (std::size_t r = 0; r < R; ++r) {
        RouteResult& rr = res.routes[flown[r]];
        const core::Raster& lm = routeLamax[r];
        double mx = -1e300, sum = 0.0;
        std::size_t cnt = 0;
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const float v = lm.at(i, j);
                if (std::isnan(v)) continue;
                mx = std::max(mx, static_cast<double>(v));
                const core::Point ce = lm.cellCentre(i, j);
                bool under = false;
                for (std::size_t n = 1; n < rr.centreline.size() && !under; ++n)
                    under = detail::pointSegmentDistance(ce.x, ce.y,
                                                         {rr.centreline[n - 1].x, rr.centreline[n - 1].y},
                                                         {rr.centreline[n].x, rr.centreline[n].y}) <= W;
                if (under) {
                    sum += v;
                    ++cnt;
                }
            }
        rr.metrics.maxLamaxDbA = mx > -1e299 ? mx : NAN;
        rr.metrics.meanLamaxDbA = cnt > 0 ? sum / cnt : NAN;
        rr.metrics.peoplePerLdenClass.assign(K, 0.0);
        rr.metrics.buildingsPerLdenClass.assign(K, 0);
    }
    res.exposure.resize(K);
    for (std::size_t k = 0; k < K; ++k)
        res.exposure[k].className = sc.tables.noiseClasses[k].name;
    for (const BuildingInput& b : sc.buildings) {
        const core::Point ce = core::centroid(b.footprint);
        const double lden = nm.lden.sampleBilinear(ce);
        const int k = std::isnan(lden) ? -1 : noiseClassOf(sc.tables.noiseClasses, lden);
        if (k >= 0) {
            NoiseExposureRow& row = res.exposure[static_cast<std::size_t>(k)];
            row.people += b.population;
            ++row.buildings;
            if (b.use == SensitiveUse::School) ++row.schools;
            if (b.use == SensitiveUse::Hospital) ++row.hospitals;
            if (b.use != SensitiveUse::None)
                res.sensitive.push_back(
                    {b.id, b.use, lden, sc.tables.noiseClasses[static_cast<std::size_t>(k)].name});
        }
        for (std::size_t r = 0; r < R; ++r) {
            RouteResult& rr = res.routes[flown[r]];
            const double sel = routeSel[r].sampleBilinear(ce);
            if (std::isnan(sel)) continue;
            const int kr = noiseClassOf(sc.tables.noiseClasses, ldenFromSel({sel}, {rr.flights}, def));
            if (kr < 0) continue;
            rr.metrics.peoplePerLdenClass[static_cast<std::size_t>(kr)] += b.population;
            ++rr.metrics.buildingsPerLdenClass[static_cast<std::size_t>(kr)];
        }
    }

    // --- Ground risk rasters on the population grid.
    if (!sc.population.empty()) {
        res.groundRiskIgrc = core::Raster(sc.population.width(), sc.population.height(),
                                          sc.population.geoTransform(), sc.population.crs());
        res.casualtyRate = res.groundRiskIgrc;
        for (std::size_t c = 0; c < sc.population.cellCount(); ++c) {
            const float v = sc.population.data()[c];
            if (std::isnan(v)) continue;
            const int g = intrinsicGrc(sc.tables.sora, v, soraColumnIndex);
            res.groundRiskIgrc.data()[c] = g >= 0 ? static_cast<float>(g) : core::Raster::kNoData;
            res.casualtyRate.data()[c] =
                static_cast<float>(casualtiesPerFlightHour(sc.aircraft.failureRatePerHour, criticalArea, v));
        }
        res.groundRiskIgrc.name = "uam.ground_risk_igrc";
        res.casualtyRate.name = "uam.casualty_rate";
        res.casualtyRate.unit = "1/h";
    }

    // --- Solids: funnels (below the band) and no-fly volumes.
    for (std::size_t v = 0; v < sc.vertiports.size(); ++v) {
        const Vertiport& vp = sc.vertiports[v];
        const FunnelShape& f = sc.airspace.funnel;
        int pi = 0, pj = 0;
        detail::ColumnGrid cg{grid.nx(), grid.ny(), geo.originX, geo.originY, geo.cellM};
        cg.columnOf(vp.position.x, vp.position.y, pi, pj);
        const double bandFloor = air.bandFloorM(pi, pj);
        for (int which = 0; which < 2; ++which) {
            const double br = (which == 0 ? vp.departureBearingDeg : vp.approachBearingDeg) * kPi / 180.0;
            const double ux = std::sin(br), uy = std::cos(br), vx = uy, vy = -ux;
            const double half = 0.5 * vp.fatoSizeM;
            const double zt = vp.padElevationM + f.verticalSegmentM;
            const double uEnd = half + std::max(0.0, (bandFloor - zt) / f.slope);
            const double wEnd = half + f.divergence * (uEnd - half);
            auto at = [&](double s, double w, double z) {
                return Point3{vp.position.x + s * ux + w * vx, vp.position.y + s * uy + w * vy, z};
            };
            Solid s;
            s.name = vp.name;
            s.kind = which == 0 ? "departure funnel" : "approach funnel";
            // The shaft over the FATO: a box from the pad to the top of the vertical segment.
            for (double z : {vp.padElevationM, zt})
                for (const auto& [a2, b2] :
                     {std::pair{-half, -half}, {half, -half}, {half, half}, {-half, half}})
                    s.vertices.push_back(at(a2, b2, z));
            const int box[12][3] = {{0, 2, 1}, {0, 3, 2}, {4, 5, 6}, {4, 6, 7}, {0, 1, 5}, {0, 5, 4},
                                    {1, 2, 6}, {1, 6, 5}, {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}};
            for (const auto& t : box)
                s.triangles.push_back({t[0], t[1], t[2]});
            // The sloped part up to the band floor: near edge at the FATO edge, far edge where it meets the
            // band.
            if (bandFloor > zt) {
                const int b0 = static_cast<int>(s.vertices.size());
                s.vertices.push_back(at(half, -half, zt));         // b0 near bottom right
                s.vertices.push_back(at(half, half, zt));          // b0+1 near bottom left
                s.vertices.push_back(at(half, -half, bandFloor));  // b0+2 near top right
                s.vertices.push_back(at(half, half, bandFloor));   // b0+3 near top left
                s.vertices.push_back(at(uEnd, -wEnd, bandFloor));  // b0+4 far right
                s.vertices.push_back(at(uEnd, wEnd, bandFloor));   // b0+5 far left
                const int wedge[8][3] = {{0, 1, 5}, {0, 5, 4}, {2, 4, 5}, {2, 5, 3},
                                         {0, 3, 1}, {0, 2, 3}, {0, 4, 2}, {1, 3, 5}};
                for (const auto& t : wedge)
                    s.triangles.push_back({b0 + t[0], b0 + t[1], b0 + t[2]});
            }
            res.solids.push_back(std::move(s));
        }
    }
    const double drawTop = geo.z0M + grid.nz() * geo.dzM + 100.0;
    for (const NoFlyVolume& n : sc.noFly) {
        std::vector<core::Point> ring;
        core::Point centre = n.centre;
        if (n.circle) {
            for (int k = 0; k < 64; ++k)
                ring.push_back({n.centre.x + n.radiusM * std::cos(2 * kPi * k / 64),
                                n.centre.y + n.radiusM * std::sin(2 * kPi * k / 64)});
        } else {
            ring = n.polygon.outer;
            centre = core::centroid(core::MultiPolygon{n.polygon});
        }
        const double off = n.reference == AltitudeReference::AboveGround
                               ? (sc.terrain.empty() ? 0.0 : std::max(0.0, sc.terrain.sampleBilinear(centre)))
                               : 0.0;
        const double z0 = std::max(n.floorM + off, geo.z0M);
        const double z1 = std::min(n.ceilingM + off, drawTop);
        if (z1 > z0) res.solids.push_back(prism(n.name, "no-fly volume", ring, z0, z1));
    }
    progress(1.0, "done");
    return res;
}

}  // namespace citytwin::uam

// UAM corridor benchmarks. Prints the machine load next to the figures; never run by ctest.
//   citytwin_bench_uam [astar|route|noise|all]

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/uam/corridor.h"
#include "citytwin/uam/search.h"

using namespace citytwin;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

/// CPU time of this thread [s]: robust to other processes sharing the cores (the build machine is shared).
double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

void printLoad() {
    std::ifstream in("/proc/loadavg");
    std::string s;
    std::getline(in, s);
    std::printf("# load average: %s\n", s.c_str());
}

struct Tally {
    double expansions = 0, wall = 0, cpu = 0;
    int found = 0, queries = 0;
    void print(const char* name) const {
        std::printf(
            "astar %-34s: %d/%d found, %.0f expansions, wall %.3f s, cpu %.3f s = %.2f M expansions per "
            "cpu-second (%.2f M/s wall)\n",
            name, found, queries, expansions, wall, cpu, expansions / cpu / 1e6, expansions / wall / 1e6);
    }
};

Tally runAStar(const uam::VoxelGrid& grid, const std::vector<std::pair<uam::Voxel, uam::Voxel>>& queries) {
    uam::SearchSpace space(grid);
    Tally t;
    for (const auto& q : queries) {
        const auto w0 = Clock::now();
        const double c0 = cpuSeconds();
        const uam::SearchResult r = uam::aStar(space, q.first, q.second);
        t.cpu += cpuSeconds() - c0;
        t.wall += seconds(w0, Clock::now());
        t.expansions += static_cast<double>(r.expansions);
        t.found += r.status == uam::SearchStatus::Found;
        ++t.queries;
    }
    return t;
}

std::vector<std::pair<uam::Voxel, uam::Voxel>> randomQueries(const uam::VoxelGrid& grid, std::mt19937& rng,
                                                             int n, double minColumns) {
    std::uniform_int_distribution<int> ux(0, grid.nx() - 1), uy(0, grid.ny() - 1), uz(0, grid.nz() - 1);
    auto freeVoxel = [&] {
        for (;;) {
            uam::Voxel v{ux(rng), uy(rng), uz(rng)};
            if (grid.isFree(v)) return v;
        }
    };
    std::vector<std::pair<uam::Voxel, uam::Voxel>> q;
    while (static_cast<int>(q.size()) < n) {
        const uam::Voxel a = freeVoxel(), b = freeVoxel();
        if (std::hypot(a.i - b.i, a.j - b.j) >= minColumns) q.push_back({a, b});
    }
    return q;
}

/// A* expansions per second on one core, on a 256 x 256 x 64 map with 20 % random blocked voxels (a maze:
/// most neighbours blocked, many equal-cost ties), read through the runs and through the dense bit cache.
void benchAStarMaze() {
    const int nx = 256, ny = 256, nz = 64;
    std::vector<std::uint8_t> blocked(static_cast<std::size_t>(nx) * ny * nz, 0);
    std::mt19937 rng(42);
    std::bernoulli_distribution b(0.2);
    for (auto& v : blocked)
        v = b(rng) ? 1 : 0;
    uam::VoxelGrid grid = uam::VoxelGrid::fromBlockedMask(nx, ny, nz, blocked);
    const auto queries = randomQueries(grid, rng, 40, 0);
    runAStar(grid, queries).print("maze 20% blocked, runs");
    grid.buildBitCache(64u << 20);
    runAStar(grid, queries).print("maze 20% blocked, bit cache");
}

/// A city-like airspace: 1000 x 1000 columns x 60 levels (10 km at 10 m, 600 m high); per column the space
/// above the obstacle top is free (one run): blocks of buildings 10-60 m, 1 % towers to 450 m, a 300 m hill,
/// and (with `wall`) a no-fly cylinder of 2 km radius in the middle, open only above 500 m, which forces wide
/// searches. Queries between random points at least 3 km apart.
uam::VoxelGrid cityGrid(bool wall) {
    const int nx = 1000, ny = 1000, nz = 60;
    std::mt19937 rng(7);
    std::vector<int> top(static_cast<std::size_t>(nx) * ny, 1);
    std::uniform_int_distribution<int> h(1, 6), tower(20, 45);
    std::bernoulli_distribution isTower(0.01), built(0.6);
    for (int bj = 0; bj < ny / 10; ++bj)
        for (int bi = 0; bi < nx / 10; ++bi) {
            if (!built(rng)) continue;
            const int t = isTower(rng) ? tower(rng) : h(rng);
            for (int j = bj * 10 + 2; j < bj * 10 + 8; ++j)
                for (int i = bi * 10 + 2; i < bi * 10 + 8; ++i)
                    top[static_cast<std::size_t>(j) * nx + i] = t;
        }
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const double r = std::hypot(i - 700.0, j - 300.0);
            const int hill = static_cast<int>(30.0 * std::exp(-r * r / (2 * 120.0 * 120.0)));
            int& t = top[static_cast<std::size_t>(j) * nx + i];
            t = std::max(t, hill);
            if (wall && std::hypot(i - 500.0, j - 500.0) < 200) t = std::max(t, 50);
        }
    std::vector<std::uint32_t> offsets{0};
    std::vector<uam::LevelRun> runs;
    for (std::size_t c = 0; c < top.size(); ++c) {
        uam::appendRun(runs, runs.size(), top[c], nz);
        offsets.push_back(static_cast<std::uint32_t>(runs.size()));
    }
    uam::VoxelGeometry geo;
    geo.cellM = 10;
    geo.dzM = 10;
    return uam::VoxelGrid(nx, ny, nz, geo, uam::ColumnRuns(nx, ny, std::move(offsets), std::move(runs)));
}

void benchAStarCity(const std::string& what) {
    for (bool wall : {false, true}) {
        const uam::VoxelGrid grid = cityGrid(wall);
        std::mt19937 rng(11);
        auto queries = randomQueries(grid, rng, 20, 300);
        if (wall)  // across the cylinder, low down: the search has to climb or go round
            for (auto& q : queries) {
                q.first = {100 + static_cast<int>(rng() % 50), 500 + static_cast<int>(rng() % 50), 12};
                q.second = {900 - static_cast<int>(rng() % 50), 500 - static_cast<int>(rng() % 50), 12};
            }
        runAStar(grid, queries)
            .print(wall ? "city 10 km, across a no-fly cylinder" : "city 10 km, open band");
        if (what == "cache") {
            uam::VoxelGrid cached = cityGrid(wall);
            cached.buildBitCache(64u << 20);
            runAStar(cached, queries).print(wall ? "... with the bit cache" : "... with the bit cache");
        }
    }
}

/// A synthetic city of w x h metres: rolling terrain (20-140 m) with a 250 m hill, 100 m blocks of two
/// buildings each (10-80 m, 0.3 % towers of 200-450 m), population 2000-20000 /km² on 100 m cells with an
/// empty river strip, terrain at 10 m. Deterministic (seeded).
struct SyntheticCity {
    core::Raster terrain;
    core::Raster population;
    std::vector<uam::BuildingInput> buildings;
};

SyntheticCity syntheticCity(double w, double h, unsigned seed) {
    SyntheticCity c;
    const int tw = static_cast<int>(w / 10), th = static_cast<int>(h / 10);
    c.terrain = core::Raster(tw, th, core::GeoTransform{0.0, h, 10.0, 10.0}, core::Crs{}, 0.0f);
    for (int r = 0; r < th; ++r)
        for (int q = 0; q < tw; ++q) {
            const double x = (q + 0.5) * 10, y = h - (r + 0.5) * 10;
            const double hill = 250.0 * std::exp(-(std::pow(x - 0.3 * w, 2) + std::pow(y - 0.8 * h, 2)) /
                                                 (2 * 1500.0 * 1500.0));
            c.terrain.at(q, r) =
                static_cast<float>(20 + 60 * (std::sin(x / 3000) * std::cos(y / 2500) + 1) + hill);
        }
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    for (double bx = 0; bx + 100 <= w; bx += 100)
        for (double by = 0; by + 100 <= h; by += 100) {
            if (std::fabs(by + 50 - 0.35 * h) < 150) continue;  // the river
            for (int n = 0; n < 2; ++n) {
                uam::BuildingInput b;
                b.id = "b" + std::to_string(c.buildings.size());
                const double x0 = bx + 10 + n * 45, y0 = by + 10 + 40 * u(rng);
                core::Polygon p;
                p.outer = {{x0, y0}, {x0 + 35, y0}, {x0 + 35, y0 + 35}, {x0, y0 + 35}, {x0, y0}};
                b.footprint.push_back(p);
                b.heightM = u(rng) < 0.003 ? 200 + 250 * u(rng) : 10 + 70 * u(rng) * u(rng);
                b.population = 20 + 200 * u(rng);
                c.buildings.push_back(std::move(b));
            }
        }
    const int pw = static_cast<int>(w / 100), ph = static_cast<int>(h / 100);
    c.population = core::Raster(pw, ph, core::GeoTransform{0.0, h, 100.0, 100.0}, core::Crs{}, 0.0f);
    for (int r = 0; r < ph; ++r)
        for (int q = 0; q < pw; ++q) {
            const double y = h - (r + 0.5) * 100;
            c.population.at(q, r) =
                std::fabs(y - 0.35 * h) < 150 ? 0.0f : static_cast<float>(2000 + 18000 * u(rng));
        }
    return c;
}

uam::AirspaceSpec cityAirspace() {
    uam::AirspaceSpec a;
    a.cellM = 10;
    a.dzM = 10;
    a.band = {300, 600, uam::AltitudeReference::AboveGround};
    a.verticalClearanceM = 30;
    a.lateralClearanceM = 30;
    a.tubeHalfWidthM = 50;
    a.funnel = {30, 0.125, 0.15, 15000};
    return a;
}

uam::Vertiport vertiport(const SyntheticCity& c, const std::string& name, double x, double y,
                         double bearing) {
    uam::Vertiport v;
    v.name = name;
    v.position = {x, y};
    v.padElevationM = c.terrain.sampleBilinear(v.position);
    v.fatoSizeM = 30;
    v.departureBearingDeg = v.approachBearingDeg = bearing;
    return v;
}

/// Within `radius` of either pad: the terminal areas (as the corridor engine defines them).
class NearPads : public uam::TerminalZone {
public:
    NearPads(core::Point a, core::Point b, double radius) : a_(a), b_(b), r_(radius) {}
    bool contains(const uam::Point3& p) const override {
        return std::hypot(p.x - a_.x, p.y - a_.y) <= r_ || std::hypot(p.x - b_.x, p.y - b_.y) <= r_;
    }

private:
    core::Point a_, b_;
    double r_;
};

/// An any-angle route across a 20 km synthetic city at 10 m (22 km x 6 km, 2200 x 600 columns), around a
/// no-fly circle of 1.5 km radius on the straight line; times the airspace build, Theta*, the smoothing, and
/// A* for comparison.
void benchRoute20km() {
    const SyntheticCity c = syntheticCity(22000, 6000, 5);
    std::vector<uam::NoFlyVolume> noFly(1);
    noFly[0].name = "circle";
    noFly[0].circle = true;
    noFly[0].centre = {13000, 3000};
    noFly[0].radiusM = 1500;
    std::vector<uam::Vertiport> vps = {vertiport(c, "A", 1000, 3000, 90),
                                       vertiport(c, "B", 21000, 3000, 270)};
    const uam::AirspaceInputs in{&c.terrain, &c.buildings, &noFly, &vps};
    const uam::AirspaceSpec spec = cityAirspace();
    auto t0 = Clock::now();
    const uam::Airspace air = uam::Airspace::build(in, spec);
    auto t1 = Clock::now();
    uam::SearchSpace space(air.grid());
    space.addPatch(&air.departureFunnel(0));
    space.addPatch(&air.approachFunnel(1));
    const double c0 = cpuSeconds();
    uam::CorridorSearchOptions co;
    co.fineHeuristicWeight = std::getenv("UAM_W") ? std::atof(std::getenv("UAM_W")) : 1.1;
    const uam::SearchResult th = uam::corridorSearch(space, air.padVoxel(0), air.padVoxel(1), {}, co);
    const double c1 = cpuSeconds();
    auto t2 = Clock::now();
    std::vector<uam::Point3> pts;
    for (const auto& v : th.path)
        pts.push_back(air.grid().geometry().centre(v));
    // Terminal areas: the funnel's length, 15 + (300 - 30) / 0.125 m.
    const NearPads near(vps[0].position, vps[1].position, 15 + 270 / 0.125);
    const uam::Trajectory traj = uam::smoothTrajectory(space, pts, {0.2, 0.2, 500, 50}, &near);
    auto t3 = Clock::now();
    for (const auto& i : traj.check.issues)
        std::printf("  issue: %s\n", i.c_str());
    for (const auto& n : traj.notes)
        std::printf("  note: %s\n", n.c_str());
    const uam::SearchResult as = uam::aStar(space, air.padVoxel(0), air.padVoxel(1));
    auto t4 = Clock::now();
    std::printf("route 20 km: %zu buildings, %d x %d x %d voxels, airspace %.1f MB built in %.2f s\n",
                c.buildings.size(), air.grid().nx(), air.grid().ny(), air.grid().nz(),
                air.memoryBytes() / 1e6, seconds(t0, t1));
    std::printf(
        "route 20 km: two-level Theta* %s, %.0f m, %zu expansions, %.3f s (cpu %.3f s); smoothing %.3f s "
        "(%s); "
        "any-angle total %.3f s\n",
        uam::toString(th.status), th.lengthM, th.expansions, seconds(t1, t2), c1 - c0, seconds(t2, t3),
        traj.check.ok() ? "within limits" : "NOT within limits", seconds(t1, t3));
    std::printf("route 20 km: A* %.0f m, %zu expansions, %.3f s = %.2f M expansions/s\n", as.lengthM,
                as.expansions, seconds(t3, t4), as.expansions / seconds(t3, t4) / 1e6);
}

/// A noise map of 1000 flights per day over 10 km x 10 km at 20 m (500 x 500 receivers): four routes between
/// four vertiports of a 10 km synthetic city, smoothed, 250 flights a day each (70 % day, 20 % evening, 10 %
/// night); the noise grid timed on two threads.
void benchNoise() {
    const SyntheticCity c = syntheticCity(10000, 10000, 9);
    std::vector<uam::NoFlyVolume> noFly;
    std::vector<uam::Vertiport> vps = {
        vertiport(c, "SW", 1500, 1500, 45), vertiport(c, "NE", 8500, 8500, 225),
        vertiport(c, "NW", 1500, 8500, 135), vertiport(c, "SE", 8500, 1500, 315)};
    const uam::AirspaceInputs in{&c.terrain, &c.buildings, &noFly, &vps};
    auto t0 = Clock::now();
    const uam::Airspace air = uam::Airspace::build(in, cityAirspace());
    const std::pair<int, int> pairs[4] = {{0, 1}, {2, 3}, {0, 2}, {3, 1}};
    std::vector<uam::FlightPath> paths;
    std::vector<uam::FlightsPerDay> flights;
    for (const auto& [a, b] : pairs) {
        uam::SearchSpace space(air.grid());
        space.addPatch(&air.departureFunnel(a));
        space.addPatch(&air.approachFunnel(b));
        const uam::SearchResult th = uam::corridorSearch(space, air.padVoxel(a), air.padVoxel(b), {}, {});
        std::vector<uam::Point3> pts;
        for (const auto& v : th.path)
            pts.push_back(air.grid().geometry().centre(v));
        const uam::Trajectory t = uam::smoothTrajectory(space, pts, {0.2, 0.2, 500, 50});
        std::vector<double> speeds(t.points.size() - 1, 50.0);
        paths.push_back(uam::flightPathFor(t.points, speeds));
        flights.push_back({175, 50, 25});
    }
    auto t1 = Clock::now();
    const uam::NoiseSource source = uam::noiseSourceFor(uam::Atmosphere{});
    uam::LdenDefinition def;
    def.periods = {{"day", 12, 0, "07-19"}, {"evening", 3, 5, "19-22"}, {"night", 9, 10, "22-07"}};
    std::size_t segments = 0;
    for (const auto& p : paths)
        segments += p.points.size() - 1;
    const auto t2 = Clock::now();
    const uam::NoiseMaps m =
        uam::noiseMaps(paths, flights, source, def, c.terrain, core::Box{0, 0, 10000, 10000}, 20.0, 4.0, 2);
    const auto t3 = Clock::now();
    const core::RasterStats st = m.lden.stats();
    std::printf(
        "noise: 4 routes (%zu segments after simplification) planned in %.2f s; 1000 flights/day on "
        "%d x %d receivers, 2 threads: %.2f s (L_den %.1f-%.1f dB)\n",
        segments, seconds(t0, t1), m.lden.width(), m.lden.height(), seconds(t2, t3), st.min, st.max);
}

/// Memory of the airspace of a 30 km x 30 km synthetic city at 10 m x 10 m x 10 m.
void benchMemory() {
    const SyntheticCity c = syntheticCity(30000, 30000, 3);
    std::vector<uam::NoFlyVolume> noFly;
    std::vector<uam::Vertiport> vps;
    const uam::AirspaceInputs in{&c.terrain, &c.buildings, &noFly, &vps};
    const auto t0 = Clock::now();
    const uam::Airspace air = uam::Airspace::build(in, cityAirspace());
    const auto t1 = Clock::now();
    const double mb = air.memoryBytes() / 1e6;
    std::printf(
        "memory 30 km: %zu buildings, %d x %d x %d voxels, %zu runs; airspace %.1f MB = %.1f kB/km² "
        "(voxel runs %.1f MB), built in %.1f s\n",
        c.buildings.size(), air.grid().nx(), air.grid().ny(), air.grid().nz(), air.grid().runs().runCount(),
        mb, mb * 1000 / 900, air.grid().memoryBytes() / 1e6, seconds(t0, t1));
}

}  // namespace

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "all";
    printLoad();
    if (what == "cache") benchAStarCity(what);
    if (what == "astar" || what == "all") {
        benchAStarMaze();
        benchAStarCity(what);
    }
    if (what == "route" || what == "all") benchRoute20km();
    if (what == "noise" || what == "all") benchNoise();
    if (what == "memory" || what == "all") benchMemory();
    printLoad();
    return 0;
}

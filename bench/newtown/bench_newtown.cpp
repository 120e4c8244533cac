// New-town engine benchmarks (issue 12): sunlight of 10,000 facade points against 2,000 buildings every
// minute from 08:00 to 16:00 (target < 10 s on two cores), the ground grid, and the massing of 1,000 parcels
// (target < 2 s). Synthetic but city-like scenes, seeded, so runs compare.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cmath>
#include <random>

#include "citytwin/newtown/massing.h"
#include "citytwin/newtown/sunlight.h"
#include "citytwin/newtown/tables.h"

namespace nt = citytwin::newtown;

namespace {

citytwin::core::Polygon rect(double x0, double y0, double x1, double y1) {
    citytwin::core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

/// 2,000 slabs and towers on a 45 m grid (about 2 x 2 km), 10-90 m high; one in five is new.
std::vector<nt::Obstacle> city(std::mt19937& rng) {
    std::vector<nt::Obstacle> obs;
    std::uniform_real_distribution<double> height(10.0, 90.0), jitter(-5.0, 5.0);
    for (int i = 0; i < 2000; ++i) {
        const double cx = (i % 45) * 45.0 + jitter(rng), cy = (i / 45) * 45.0 + jitter(rng);
        nt::Obstacle o;
        o.id = "b" + std::to_string(i);
        const bool tower = i % 3 == 0;
        o.footprint =
            tower ? rect(cx - 12, cy - 12, cx + 12, cy + 12) : rect(cx - 18, cy - 7, cx + 18, cy + 7);
        o.baseM = 0.0;
        o.topM = height(rng);
        o.kind = i % 5 == 0 ? nt::Obstacle::Kind::New : nt::Obstacle::Kind::Kept;
        obs.push_back(o);
    }
    return obs;
}

/// 10,000 windows on the south walls, at random floors.
std::vector<nt::FacadePoint> windows(const std::vector<nt::Obstacle>& obs, std::mt19937& rng) {
    std::vector<nt::FacadePoint> pts;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int k = 0; k < 10000; ++k) {
        const int i = static_cast<int>(u(rng) * obs.size()) % static_cast<int>(obs.size());
        const auto& o = obs[static_cast<std::size_t>(i)];
        const double x0 = o.footprint.outer[0].x, x1 = o.footprint.outer[1].x, y0 = o.footprint.outer[0].y;
        nt::FacadePoint p;
        p.position = {x0 + u(rng) * (x1 - x0), y0 - 0.05};
        p.zM = std::floor(u(rng) * (o.topM / 2.9)) * 2.9 + 1.5;
        p.normalX = 0.0;
        p.normalY = -1.0;
        p.obstacle = i;
        pts.push_back(p);
    }
    return pts;
}

nt::SunlightOptions solstice() {
    nt::SunlightOptions o;
    o.latitudeDeg = 37.6584;
    o.longitudeDeg = 126.8320;
    o.groundCellM = 0.0;
    return o;
}

void BM_SunlightFacades(benchmark::State& state) {
    omp_set_num_threads(static_cast<int>(state.range(0)));
    std::mt19937 rng(12);
    const auto obs = city(rng);
    const auto pts = windows(obs, rng);
    const auto opt = solstice();
    double failing = 0.0;
    for (auto _ : state) {
        const auto r = nt::computeSunlight(obs, pts, nullptr, opt);
        failing = 0.0;
        for (const auto& p : r.points)
            failing += p.after.pass ? 0.0 : 1.0;
        benchmark::DoNotOptimize(failing);
    }
    state.counters["points"] = static_cast<double>(pts.size());
    state.counters["buildings"] = static_cast<double>(obs.size());
    state.counters["steps"] = 480;
    state.counters["failing"] = failing;
    state.counters["rays/s"] = benchmark::Counter(static_cast<double>(pts.size()) * 480.0,
                                                  benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SunlightFacades)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SunlightGround(benchmark::State& state) {
    omp_set_num_threads(2);
    std::mt19937 rng(12);
    const auto obs = city(rng);
    auto opt = solstice();
    opt.groundCellM = 2.0;
    opt.groundExtent = {500.0, 500.0, 1500.0, 1500.0};  // 1 km2, 250,000 cells
    for (auto _ : state) {
        const auto r = nt::computeSunlight(obs, {}, nullptr, opt);
        benchmark::DoNotOptimize(r.groundHoursAfter.data().data());
    }
    state.counters["cells"] = 250000;
}
BENCHMARK(BM_SunlightGround)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

std::vector<nt::Parcel> thousandParcels() {
    std::vector<nt::Parcel> parcels;
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> w(80.0, 220.0), h(60.0, 180.0);
    const char* classes[] = {"general_residential_2", "general_residential_3", "semi_residential",
                             "general_residential_1"};
    const char* typs[] = {"slab", "slab", "tower", "houses", "perimeter", "tower"};
    for (int i = 0; i < 1000; ++i) {
        nt::Parcel p;
        p.id = "p" + std::to_string(i);
        const double x = (i % 40) * 260.0, y = (i / 40) * 220.0;
        p.shape = rect(x, y, x + w(rng), y + h(rng));
        p.zoningClass = classes[i % 4];
        p.typology = i % 4 == 3 ? "houses" : typs[i % 6];
        p.lotLineOffsetM = 10.0;
        parcels.push_back(p);
    }
    return parcels;
}

void BM_Massing1000(benchmark::State& state) {
    omp_set_num_threads(static_cast<int>(state.range(0)));
    const nt::NewtownTables tables =
        nt::loadTables(std::string(CITYTWIN_SOURCE_DIR) + "/data/newtown", "seoul");
    const std::vector<nt::Parcel> parcels = thousandParcels();
    nt::MassingOptions opt;
    std::size_t buildings = 0;
    for (auto _ : state) {
        const auto r = nt::massParcels(parcels, tables, opt);
        buildings = r.buildings.size();
        benchmark::DoNotOptimize(buildings);
    }
    state.counters["parcels"] = 1000;
    state.counters["buildings"] = static_cast<double>(buildings);
}
BENCHMARK(BM_Massing1000)->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The parcel checks before a run (validity, overlaps, "too small").
void BM_CheckParcels1000(benchmark::State& state) {
    const nt::NewtownTables tables =
        nt::loadTables(std::string(CITYTWIN_SOURCE_DIR) + "/data/newtown", "seoul");
    const std::vector<nt::Parcel> parcels = thousandParcels();
    for (auto _ : state) {
        const auto c = nt::checkParcels(parcels, tables, {});
        benchmark::DoNotOptimize(c.errors.size());
    }
}
BENCHMARK(BM_CheckParcels1000)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

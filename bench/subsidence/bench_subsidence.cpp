// Subsidence engine, the size: a 10 km x 10 km grid at 5 m (4 M cells), 20 km of tunnel driven during
// the run, 50 dewatered excavations over two clay layers, 20 settlement grids, 100 000 buildings assessed -
// the whole run() (sources, frames, slope and strain, contours, buildings, time series, profiles), on 1 and 2
// threads.
//
// Run: build/bin/citytwin_bench_subsidence   (results: sim/subsidence/README.md, "Speed")

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <map>
#include <string>

#include "citytwin/subsidence/engine.h"

namespace {

using namespace citytwin::subsidence;
using citytwin::core::Point;

constexpr double kPi = 3.14159265358979323846;

Tables makeTables() {
    return loadTables(std::string(CITYTWIN_SOURCE_DIR) + "/data/subsidence");
}

Scenario makeScenario(int threads) {
    Scenario s;
    s.grid.nx = 2000;
    s.grid.ny = 2000;
    s.grid.transform.cellWidth = 5.0;
    s.grid.transform.cellHeight = 5.0;
    s.grid.transform.originX = 0.0;
    s.grid.transform.originY = 10000.0;
    s.options.threads = threads;
    s.options.endDay = 400.0;
    for (int k = 1; k < 20; ++k)
        s.options.outputTimesDays.push_back(20.0 * k);  // 19 + the end = 20 grids

    // Four 5 km drives (20 km), gently curved (25 segments each), 12 m/day from staggered starts.
    for (int t = 0; t < 4; ++t) {
        Tunnel tu;
        tu.id = "line " + std::to_string(t + 1);
        const double y0 = 1500.0 + 2300.0 * t;
        for (int k = 0; k <= 25; ++k) {
            const double x = 2500.0 + 200.0 * k;
            tu.alignment.push_back({x, y0 + 150.0 * std::sin(x / 900.0)});
        }
        tu.axisDepthM = 18.0 + 3.0 * t;
        tu.diameterM = 7.0;
        tu.volumeLossPercent = 1.2;
        tu.soilType = t % 2 ? "granular" : "cohesive";
        tu.startDay = 10.0 * t;
        tu.advanceRateMPerDay = 15.0;
        s.tunnels.push_back(tu);
    }

    // 50 excavations on a 10 x 5 lattice: L-shaped (concave) pits 40-70 m, 12-24 m deep, dewatered.
    for (int e = 0; e < 50; ++e) {
        Excavation ex;
        ex.id = "pit " + std::to_string(e + 1);
        const double cx = 700.0 + 950.0 * (e % 10), cy = 1000.0 + 1900.0 * (e / 10) + 600.0;
        const double a = 40.0 + 3.0 * (e % 11), b = 30.0 + 4.0 * (e % 7);
        ex.outline = {
            {cx, cy},     {cx + a, cy}, {cx + a, cy + b / 2}, {cx + a / 2, cy + b / 2}, {cx + a / 2, cy + b},
            {cx, cy + b}, {cx, cy}};
        ex.depthM = 12.0 + (e % 5) * 3.0;
        ex.wallType = e % 3 ? "diaphragm" : "sheet_pile";
        ex.envelope = e % 2 ? "clough_orourke_stiff_clay" : "clough_orourke_soft_clay";
        ex.startDay = 5.0 * (e % 8);
        ex.constructionDays = 90.0;
        ex.drawdownInsideM = 8.0 + (e % 4);
        ex.hydraulicConductivityMPerS = 1e-4;
        SoilLayer upper;
        upper.name = "upper clay";
        upper.thicknessM = 6.0;
        upper.compressibility.mvPerKPa = 2e-4;
        upper.cvM2PerDay = 0.05;
        SoilLayer lower;
        lower.name = "lower clay";
        lower.thicknessM = 8.0;
        lower.compressibility.compressionIndex = 0.35;
        lower.compressibility.initialVoidRatio = 1.1;
        lower.initialEffectiveStressKPa = 150.0;
        lower.cvM2PerDay = 0.02;
        lower.drainage = Drainage::Single;
        ex.layers.layers = {upper, lower};
        s.excavations.push_back(ex);
    }

    // 100 000 buildings: 10 x 16 m blocks on a 316 x 317 lattice, turned by varying angles.
    for (int j = 0; j < 317; ++j)
        for (int i = 0; i < 316; ++i) {
            Building b;
            b.id = std::to_string(j) + "-" + std::to_string(i);
            const double cx = 15.0 + 31.5 * i, cy = 15.0 + 31.5 * j;
            const double ang = 0.37 * ((i * 7 + j * 13) % 17), c = std::cos(ang), sn = std::sin(ang);
            citytwin::core::Polygon p;
            for (auto [u, v] : {std::pair{-5.0, -8.0}, {5.0, -8.0}, {5.0, 8.0}, {-5.0, 8.0}, {-5.0, -8.0}})
                p.outer.push_back({cx + c * u - sn * v, cy + sn * u + c * v});
            b.footprint.push_back(p);
            b.heightM = 6.0 + 3.0 * ((i + j) % 10);
            s.buildings.push_back(std::move(b));
            if (s.buildings.size() == 100000) break;
        }
    s.options.seriesPoints = {{"centre", {5000.0, 5000.0}}};
    s.options.worstBuildings = 20;
    s.options.profiles.push_back({"south-north", {{5000.0, 0.0}, {5000.0, 10000.0}}});
    (void)kPi;
    return s;
}

void BM_FullRun(benchmark::State& state) {
    const Tables tables = makeTables();
    const Scenario s = makeScenario(static_cast<int>(state.range(0)));
    Results r;
    for (auto _ : state) {
        r = run(s, tables);
        // (DoNotOptimize on a copy: applied to the member itself, this Google Benchmark's "+m,r" constraint
        // was seen to leave a zero behind in the double.)
        double peak = r.scalars.maxSettlementMm;
        benchmark::DoNotOptimize(peak);
    }
    state.counters["cells"] = static_cast<double>(s.grid.cellCount());
    state.counters["frames"] = static_cast<double>(r.frames.size());
    state.counters["buildings"] = static_cast<double>(r.buildings.size());
    state.counters["max_mm"] = r.scalars.maxSettlementMm;
    state.counters["cat2plus"] =
        static_cast<double>(r.scalars.buildingsPerCategory[2] + r.scalars.buildingsPerCategory[3] +
                            r.scalars.buildingsPerCategory[4]);
}
BENCHMARK(BM_FullRun)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

// The same run on 2 threads, timed stage by stage through the progress reports (seconds per stage as
// counters).
void BM_Stages(benchmark::State& state) {
    const Tables tables = makeTables();
    const Scenario s = makeScenario(2);
    std::map<std::string, double> seconds;
    for (auto _ : state) {
        seconds.clear();
        std::string stage;
        auto last = std::chrono::steady_clock::now();
        citytwin::core::Progress progress(
            [&](double, const std::string& now) {
                // Frames report "settlement at day ..." each: one bucket for all of them.
                const std::string name = now.rfind("settlement at day", 0) == 0 ? "frames" : now;
                if (name == stage) return;
                const auto t = std::chrono::steady_clock::now();
                if (!stage.empty()) seconds[stage] += std::chrono::duration<double>(t - last).count();
                stage = name;
                last = t;
            },
            {});
        const Results r = run(s, tables, progress);
        double peak = r.scalars.maxSettlementMm;
        benchmark::DoNotOptimize(peak);
    }
    for (const auto& [name, t] : seconds)
        state.counters[name] = t / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Stages)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

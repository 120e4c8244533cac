// Flood solver throughput: wet-cell updates per second on a fully wet 2000 x 2000 grid (1 and 2 threads), a
// mostly dry grid (dry regions must cost next to nothing), and the machine's memory bandwidth measured with a
// STREAM-like triad in the same program, to express the solver's traffic as a fraction of what the machine
// can move.
//
// Run: build-flood/bench/flood/citytwin_bench_flood  (results: docs/benchmarks.md, "Flood solver").

#include <benchmark/benchmark.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

#include "citytwin/flood/solver.h"

namespace {

using citytwin::flood::Setup;
using citytwin::flood::Solver;

constexpr int kSize = 2000;

/// Memory traffic of one wet-cell update in the default configuration (theta 0.7, 2D friction, uniform
/// Manning n, no sinks), counted from the kernels' loads and stores of each cell's own data (the neighbouring
/// rows and faces that the stencil also reads come from cache, and so does the row the accumulators re-read
/// right after the continuity update):
///   momentum:     z 4 + h 8 + previous qx, qy 4 + 4 read; new qx, qy 4 + 4 written             = 28 B
///   continuity:   qx, qy 4 + 4, h 8, active mask 1 read; h 8 written                           = 25 B
///   accumulators: max depth, speed, hazard 3 x 4 B read and written, state 1 B read             = 25 B
///                 (duration and first inundation are written only when a cell changes state)
/// Write-allocate reads of written lines are not counted, as STREAM does not count them for its triad (24 B
/// per element), so the fraction of bandwidth below compares like with like.
constexpr double kBytesPerCellUpdate = 28.0 + 25.0 + 25.0;

/// A fully wet basin: a gently sloping, undulating bed under 0.5 to 1.5 m of water with a tilted surface, so
/// that every face carries flow from the first step and keeps carrying it (closed walls: it sloshes).
enum class Variant {
    Default,  ///< local-inertial, theta 0.7, 2D friction, cfl 0.5: what the validation tests run
    Plain,    ///< local-inertial as LISFLOOD-FP runs it (theta 1, cfl 0.7, semi-implicit friction)
    Fv1,      ///< FV1 full shallow water, cfl 0.5
};

Setup wetBasin(int threads, Variant variant) {
    Setup s;
    s.grid = {kSize, kSize, 2.0, 0.0, 2.0 * kSize};
    const std::size_t cells = s.grid.cellCount();
    s.bedElevationM.resize(cells);
    s.initialLevelM.resize(cells);
    for (int r = 0; r < kSize; ++r)
        for (int c = 0; c < kSize; ++c) {
            const double x = c * 2.0, y = r * 2.0;
            s.bedElevationM[s.grid.index(c, r)] =
                static_cast<float>(0.0002 * x + 0.2 * std::sin(x / 37.0) * std::cos(y / 53.0));
            s.initialLevelM[s.grid.index(c, r)] = static_cast<float>(2.0 - 0.0001 * y);
        }
    s.manningN = 0.03;
    s.options.threads = threads;
    if (variant == Variant::Plain) {  // Bates et al. (2010) as LISFLOOD-FP runs it: theta 1, 1D friction
        s.options.theta = 1.0;
        s.options.friction2d = false;
        s.options.friction = citytwin::flood::Friction::SemiImplicit;
        s.options.cfl = 0.7;
        s.options.allowUnstableSettings = true;  // outside the stable range: for the comparison only
    }
    if (variant == Variant::Fv1) s.options.scheme = citytwin::flood::Scheme::Fv1;
    s.options.seriesIntervalS = 1.0e6;
    s.durationS = 1.0e6;
    return s;
}

/// A dry 2000 x 2000 plain with one 100 x 100 pond spreading in its middle: the active region is a few
/// percent of the grid.
Setup dryPlainWithPond(int threads) {
    Setup s;
    s.grid = {kSize, kSize, 2.0, 0.0, 2.0 * kSize};
    const std::size_t cells = s.grid.cellCount();
    s.bedElevationM.assign(cells, 10.0f);
    s.initialDepthM.assign(cells, 0.0f);
    for (int r = kSize / 2 - 50; r < kSize / 2 + 50; ++r)
        for (int c = kSize / 2 - 50; c < kSize / 2 + 50; ++c)
            s.initialDepthM[s.grid.index(c, r)] = 1.0f;
    s.manningN = 0.03;
    s.options.threads = threads;
    s.options.seriesIntervalS = 1.0e6;
    s.durationS = 1.0e6;
    return s;
}

void reportCommon(benchmark::State& state, const Solver& solver, double cellsPerStep) {
    const auto stats = solver.results().statistics;
    state.counters["wet_cell_updates_per_s"] = benchmark::Counter(
        cellsPerStep * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["state_bytes_per_cell"] = static_cast<double>(stats.stateBytesPerCell);
    state.counters["output_bytes_per_cell"] = static_cast<double>(stats.outputBytesPerCell);
}

void wet2000(benchmark::State& state, Variant variant) {
    const int threads = static_cast<int>(state.range(0));
    Solver solver(wetBasin(threads, variant));
    for (int i = 0; i < 3; ++i)
        solver.step();  // warm the caches and the OpenMP pool
    for (auto _ : state)
        solver.step();
    const double cells = static_cast<double>(kSize) * kSize;
    reportCommon(state, solver, cells);
    if (variant == Variant::Fv1) return;  // the byte count below is the local-inertial kernels'
    state.counters["bytes_per_cell_update"] = kBytesPerCellUpdate;
    state.counters["bytes_per_s"] = benchmark::Counter(
        kBytesPerCellUpdate * cells * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

/// The default scheme (theta 0.7, 2D friction, CFL 0.5): what the validation tests run.
void BM_FloodWet2000(benchmark::State& state) {
    wet2000(state, Variant::Default);
}
BENCHMARK(BM_FloodWet2000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

/// Bates et al. (2010) as published (theta 1, semi-implicit friction from the face's own discharge), as the
/// reference open solver runs it, for comparison.
void BM_FloodWet2000Plain(benchmark::State& state) {
    wet2000(state, Variant::Plain);
}
BENCHMARK(BM_FloodWet2000Plain)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

/// FV1 (full shallow water) on the same basin: bound by arithmetic (two HLL fluxes per cell), not by memory.
void BM_FloodWet2000Fv1(benchmark::State& state) {
    wet2000(state, Variant::Fv1);
}
BENCHMARK(BM_FloodWet2000Fv1)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

void BM_FloodMostlyDry2000(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    Solver solver(dryPlainWithPond(threads));
    for (int i = 0; i < 3; ++i)
        solver.step();
    for (auto _ : state)
        solver.step();
    const auto stats = solver.results().statistics;
    // Grid cells per second: how fast the whole 4 M-cell grid advances when only the pond is active.
    state.counters["grid_cells_per_s"] =
        benchmark::Counter(static_cast<double>(kSize) * kSize * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
    state.counters["active_fraction"] =
        stats.wetCellUpdates / static_cast<double>(stats.steps) / (double(kSize) * kSize);
}
BENCHMARK(BM_FloodMostlyDry2000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

/// STREAM triad a[i] = b[i] + s c[i] on 3 x 128 MiB of doubles: bytes counted as 24 per element (two loads,
/// one store), as STREAM reports them.
void BM_StreamTriad(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    const std::size_t n = std::size_t{1} << 24;
    std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
    double* pa = a.get();
    double* pb = b.get();
    double* pc = c.get();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) {  // first touch by the threads that use the pages
        pa[i] = 0.0;
        pb[i] = 1.0;
        pc[i] = 2.0;
    }
    for (auto _ : state) {
#pragma omp parallel for schedule(static) num_threads(threads)
        for (std::size_t i = 0; i < n; ++i)
            pa[i] = pb[i] + 3.0 * pc[i];
        benchmark::DoNotOptimize(pa);
        benchmark::ClobberMemory();
    }
    state.counters["bytes_per_s"] = benchmark::Counter(
        24.0 * static_cast<double>(n) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamTriad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();

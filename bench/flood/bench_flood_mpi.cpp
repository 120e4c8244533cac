// Strong scaling of the flood solver across MPI ranks, and the inputs of the scaling model in
// docs/scale-out.md: the time of one wet-cell update, the halo bytes and messages per step, the latency of
// the reductions and the neighbour exchange of this machine's MPI. Never run by ctest.
//
//   mpirun -n 1 build/bin/citytwin_bench_flood_mpi [--size 2000] [--steps 40] [--threads 1]
//   mpirun -n 2 --oversubscribe build/bin/citytwin_bench_flood_mpi ...
//
// The case is bench_flood's fully wet basin (every face carries flow every step): a square grid of --size
// cells of 2 m under 0.5 to 1.5 m of water, sloshing between closed walls. Rank 0 prints one line of figures
// per run (a JSON object, for docs/scale-out.md).

#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "citytwin/flood/distributed.h"
#include "citytwin/flood/mpi_communicator.h"
#include "citytwin/flood/solver.h"

namespace {

using namespace citytwin;

flood::Setup wetBasin(int size, int threads) {
    flood::Setup s;
    s.grid = {size, size, 2.0, 0.0, 2.0 * size};
    const std::size_t cells = s.grid.cellCount();
    s.bedElevationM.resize(cells);
    s.initialLevelM.resize(cells);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            const double x = c * 2.0, y = r * 2.0;
            s.bedElevationM[s.grid.index(c, r)] =
                static_cast<float>(0.0002 * x + 0.2 * std::sin(x / 37.0) * std::cos(y / 53.0));
            s.initialLevelM[s.grid.index(c, r)] = static_cast<float>(2.0 - 0.0001 * y);
        }
    s.manningN = 0.03;
    s.options.threads = threads;
    s.options.seriesIntervalS = 1.0e6;
    s.options.oscillationCheckIntervalS = 0.0;  // measured separately: it runs once a simulated minute
    s.durationS = 1.0e6;
    return s;
}

/// CPU time of this process [s] (one solver thread per rank: its compute, plus MPI's polling while it waits).
double cpuNow() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
    flood::MpiSession mpi(&argc, &argv);
    int size = 2000, steps = 40, threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--size") size = std::atoi(argv[i + 1]);
        if (a == "--steps") steps = std::atoi(argv[i + 1]);
        if (a == "--threads") threads = std::atoi(argv[i + 1]);
    }
    auto comm = flood::worldCommunicator();
    const int rank = comm->rank(), ranks = comm->size();

    // --- the latencies of this MPI: a reduction of 3 doubles (the step's), and the neighbour exchange of one
    // halo message of a row of this grid (depth: 8 B a cell) ------------------------------------------------
    const int reps = 2000;
    double v[3] = {1.0, 2.0, 3.0};
    comm->maxAll(v, 3);
    double t0 = now();
    for (int i = 0; i < reps; ++i)
        comm->maxAll(v, 3);
    const double allreduceUs = (now() - t0) / reps * 1e6;
    std::vector<double> up(static_cast<std::size_t>(size)), down(up), fromUp(up), fromDown(up);
    const bool hasUp = rank > 0, hasDown = rank + 1 < ranks;
    auto exchange = [&] {
        comm->exchangeNeighbours(up.data(), hasUp ? up.size() * 8 : 0, fromUp.data(),
                                 hasUp ? up.size() * 8 : 0, down.data(), hasDown ? down.size() * 8 : 0,
                                 fromDown.data(), hasDown ? down.size() * 8 : 0);
    };
    exchange();
    t0 = now();
    for (int i = 0; i < reps / 4; ++i)
        exchange();
    const double exchangeUs = (now() - t0) / (reps / 4) * 1e6;

    // --- the solver: `steps` steps on this rank's strip (after 2 warm-up steps)
    // ---------------------------------
    const flood::Setup whole = wetBasin(size, threads);
    std::vector<double> weights(static_cast<std::size_t>(size), 1.0);
    const flood::Partition part =
        flood::partitionOf(flood::balanceRows(weights, ranks), rank, size, comm.get());
    flood::Solver solver(flood::windowOf(whole, part), part);
    solver.step();
    solver.step();
    const flood::Results warm = solver.results();
    const flood::RankLoad w = warm.ranks.front();
    double start = now();
    const double cpu0 = cpuNow();
    for (int i = 0; i < steps; ++i)
        solver.step();
    double wall = now() - start;
    double cpu = cpuNow() - cpu0;
    comm->maxAll(&wall, 1);
    comm->maxAll(&cpu, 1);
    const flood::Results r = flood::gatherResults(solver.results(), part);
    if (rank != 0) return 0;
    double computeMax = 0.0, commMax = 0.0, bytes = 0.0, updates = 0.0;
    for (const flood::RankLoad& l : r.ranks) {
        computeMax = std::max(computeMax, l.computeS);
        commMax = std::max(commMax, l.communicationS);
        bytes = std::max(bytes, l.haloBytes);
        updates += l.cellUpdates;
    }
    // The warm-up steps' share (rank 0's; every rank did the same) is taken off.
    const double perStep = wall / steps;
    std::printf(
        "{\"ranks\": %d, \"threads\": %d, \"cells\": %lld, \"steps\": %d, \"wall_per_step_ms\": %.3f, "
        "\"updates_per_s\": %.4g, \"cpu_per_step_ms_max_rank\": %.3f, \"compute_per_step_ms_max_rank\": %.3f, \"comm_per_step_ms_max_rank\": "
        "%.3f, "
        "\"halo_bytes_per_step_per_rank\": %.0f, \"allreduce_3_doubles_us\": %.2f, "
        "\"neighbour_exchange_row_us\": %.2f, "
        "\"row_bytes\": %d, \"load\": \"%s\"}\n",
        ranks, threads, static_cast<long long>(whole.grid.cellCount()), steps, perStep * 1e3,
        (updates - w.cellUpdates * ranks) / wall, cpu / steps * 1e3, (computeMax - w.computeS) / steps * 1e3,
        (commMax - w.communicationS) / steps * 1e3, (bytes - w.haloBytes) / steps, allreduceUs, exchangeUs,
        size * 8, flood::loadBalanceText(r.ranks).c_str());
    return 0;
}

// UAM corridor benchmarks. Prints the machine load next to the figures; never run by ctest.
//   citytwin_bench_uam [astar|route|noise|all]

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <utility>
#include <vector>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

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
        std::printf("astar %-34s: %d/%d found, %.0f expansions, wall %.3f s, cpu %.3f s = %.2f M expansions per "
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

std::vector<std::pair<uam::Voxel, uam::Voxel>> randomQueries(const uam::VoxelGrid& grid, std::mt19937& rng, int n,
                                                             double minColumns) {
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
        runAStar(grid, queries).print(wall ? "city 10 km, across a no-fly cylinder" : "city 10 km, open band");
        if (what == "cache") {
            uam::VoxelGrid cached = cityGrid(wall);
            cached.buildBitCache(64u << 20);
            runAStar(cached, queries).print(wall ? "... with the bit cache" : "... with the bit cache");
        }
    }
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
    printLoad();
    return 0;
}

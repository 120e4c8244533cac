// Exact A* against an independent exhaustive Dijkstra; Theta* bounds and collision-freedom; the
// no-corner-cutting rule move by move; the exact supercover traversal against a brute-force rational
// intersection test.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <tuple>

#include "citytwin/uam/line_of_sight.h"
#include "citytwin/uam/search.h"
#include "uam_test_util.h"

namespace citytwin::uam {
namespace {

using test::DenseMap;

Voxel randomFree(std::mt19937& rng, const DenseMap& m) {
    std::uniform_int_distribution<int> x(0, m.nx - 1), y(0, m.ny - 1), z(0, m.nz - 1);
    for (;;) {
        Voxel v{x(rng), y(rng), z(rng)};
        if (m.free(v.i, v.j, v.k)) return v;
    }
}

/// Cost of a grid path recomputed from its moves; -1 when a step is not a legal move.
double gridPathCost(const DenseMap& m, const std::vector<Voxel>& path, bool strict, double w) {
    double c = 0.0;
    for (std::size_t n = 1; n < path.size(); ++n) {
        const int di = path[n].i - path[n - 1].i, dj = path[n].j - path[n - 1].j,
                  dk = path[n].k - path[n - 1].k;
        if (std::abs(di) > 1 || std::abs(dj) > 1 || std::abs(dk) > 1 || (di | dj | dk) == 0) return -1;
        if (!test::moveAllowed(m, path[n - 1].i, path[n - 1].j, path[n - 1].k, di, dj, dk, strict)) return -1;
        const double len = std::sqrt((di * di + dj * dj) * m.cellM * m.cellM + dk * dk * m.dzM * m.dzM);
        c += len * (w + 0.5 * (m.q(path[n - 1].i, path[n - 1].j, path[n - 1].k) +
                               m.q(path[n].i, path[n].j, path[n].k)));
    }
    return c;
}

class ExtraFromMap : public VoxelCostField {
public:
    explicit ExtraFromMap(const DenseMap& m) : m_(m) {}
    double perMetre(int i, int j, int k) const override { return m_.q(i, j, k); }

private:
    const DenseMap& m_;
};

struct Case {
    double cellM, dzM;
    bool strict;
    bool weighted;
};

void runRandomComparison(const Case& c, int maps, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> size(4, 11);
    std::uniform_real_distribution<double> share(0.1, 0.45);
    int found = 0, unreachable = 0;
    for (int t = 0; t < maps; ++t) {
        DenseMap m = test::randomMap(rng, size(rng), size(rng), size(rng), share(rng));
        m.cellM = c.cellM;
        m.dzM = c.dzM;
        if (c.weighted) {
            std::uniform_real_distribution<double> q(0.0, 3.0);
            m.extra.resize(m.blocked.size());
            for (auto& v : m.extra)
                v = q(rng);
        }
        if (std::count(m.blocked.begin(), m.blocked.end(), 0) < 2) continue;
        const Voxel s = randomFree(rng, m);
        const Voxel g = randomFree(rng, m);
        const VoxelGrid grid = m.grid();
        SearchSpace space(grid);
        ExtraFromMap extra(m);
        SearchOptions o;
        o.cornerRule = c.strict ? CornerRule::NoCornerCutting : CornerRule::CornerCutting;
        o.lengthWeight = 1.0;
        if (c.weighted) o.extraCost = &extra;
        const std::vector<double> dist = test::dijkstra(m, s, c.strict, 1.0);
        const double ref = dist[m.index(g.i, g.j, g.k)];
        const SearchResult r = aStar(space, s, g, o);
        // Tolerance 1e-9 (relative to the voxel size): the two searches add the same move costs in different
        // orders, so they may differ by rounding only (~1e-14 here).
        const double tol = 1e-9 * std::max(c.cellM, c.dzM);
        if (!std::isfinite(ref)) {
            EXPECT_EQ(r.status, SearchStatus::NoPath) << "map " << t;
            ++unreachable;
            continue;
        }
        ASSERT_EQ(r.status, SearchStatus::Found) << "map " << t;
        ++found;
        EXPECT_NEAR(r.cost, ref, tol) << "map " << t;
        ASSERT_FALSE(r.path.empty());
        EXPECT_EQ(r.path.front(), s);
        EXPECT_EQ(r.path.back(), g);
        EXPECT_NEAR(gridPathCost(m, r.path, c.strict, 1.0), r.cost, tol)
            << "the path is not a legal grid path";

        // Theta*: never costlier than the optimal grid path, never shorter than the straight line, and every
        // segment of its polyline free under the matching line-of-sight rule (brute-force exact check).
        const SearchResult th = thetaStar(space, s, g, o);
        ASSERT_EQ(th.status, SearchStatus::Found) << "map " << t;
        EXPECT_LE(th.cost, r.cost + tol) << "map " << t;
        const double straight =
            std::sqrt(std::pow((g.i - s.i) * c.cellM, 2) + std::pow((g.j - s.j) * c.cellM, 2) +
                      std::pow((g.k - s.k) * c.dzM, 2));
        EXPECT_GE(th.lengthM, straight - tol);
        if (!c.weighted) {
            EXPECT_NEAR(th.cost, th.lengthM, tol);
        }
        EXPECT_EQ(th.path.front(), s);
        EXPECT_EQ(th.path.back(), g);
        for (std::size_t n = 1; n < th.path.size(); ++n) {
            const Voxel a = th.path[n - 1], b = th.path[n];
            if (!c.strict) continue;
            {
                for (const Voxel& v : test::bruteSupercover(a, b))
                    EXPECT_TRUE(m.free(v.i, v.j, v.k))
                        << "map " << t << ": segment (" << a.i << "," << a.j << "," << a.k << ")-(" << b.i
                        << "," << b.j << "," << b.k << ") touches blocked voxel (" << v.i << "," << v.j << ","
                        << v.k << ")";
            }
        }
    }
    EXPECT_GT(found, maps / 3);
    EXPECT_GT(found + unreachable, maps / 2);
}

TEST(AStar, MatchesDijkstraOnRandomMapsCubic) {
    runRandomComparison({1.0, 1.0, true, false}, 400, 1);
}

TEST(AStar, MatchesDijkstraWithCornerCutting) {
    runRandomComparison({1.0, 1.0, false, false}, 300, 2);
}

TEST(AStar, MatchesDijkstraWithTenMetreVoxels) {
    runRandomComparison({10.0, 10.0, true, false}, 200, 3);
}

TEST(AStar, MatchesDijkstraWithFlatVoxels) {
    // Anisotropic voxels use the Euclidean heuristic.
    runRandomComparison({10.0, 4.0, true, false}, 200, 4);
}

TEST(AStar, MatchesDijkstraWithExtraCosts) {
    runRandomComparison({10.0, 10.0, true, true}, 200, 5);
    runRandomComparison({10.0, 5.0, true, true}, 100, 6);
}

// The no-corner-cutting rule move by move: a face diagonal needs the two voxels beside it; a body diagonal
// the seven other voxels of its 2x2x2 cube.
TEST(AStar, DiagonalMovesNeedEveryVoxelTheySweepPast) {
    for (int di : {-1, 1})
        for (int dk : {-1, 1}) {
            // Body diagonal from the centre voxel (1,1,1) of a 3x3x3 map to (1+di, 1+1, 1+dk).
            const Voxel s{1, 1, 1};
            const Voxel g{1 + di, 2, 1 + dk};
            for (int block = 0; block < 8; ++block) {
                const int ei = block & 1, ej = (block >> 1) & 1, ek = (block >> 2) & 1;
                if (block == 0 || block == 7) continue;  // the start and the goal themselves
                DenseMap m;
                m.nx = m.ny = m.nz = 3;
                // Everything outside the 2x2x2 cube blocked, so the only way is the single diagonal move or a
                // detour inside the cube.
                m.blocked.assign(27, 1);
                for (int c = 0; c < 8; ++c)
                    m.blocked[m.index(1 + (c & 1) * di, 1 + ((c >> 1) & 1), 1 + ((c >> 2) & 1) * dk)] = 0;
                m.blocked[m.index(1 + ei * di, 1 + ej, 1 + ek * dk)] = 1;
                const VoxelGrid grid = m.grid();
                SearchSpace space(grid);
                SearchOptions strict;
                const SearchResult r = aStar(space, s, g, strict);
                ASSERT_EQ(r.status, SearchStatus::Found);
                // Without the diagonal the best is a face diagonal plus a straight move (√2 + 1).
                EXPECT_NEAR(r.cost, std::sqrt(2.0) + 1.0, 1e-12) << "blocked " << ei << ej << ek;
                SearchOptions loose;
                loose.cornerRule = CornerRule::CornerCutting;
                EXPECT_NEAR(aStar(space, s, g, loose).cost, std::sqrt(3.0), 1e-12);
            }
        }
    // Face diagonal in the x-y plane: blocked by either side voxel, so the path takes the two straight moves
    // around the other side.
    for (int side = 0; side < 2; ++side) {
        DenseMap m;
        m.nx = 2;
        m.ny = 2;
        m.nz = 1;
        m.blocked.assign(4, 0);
        m.blocked[m.index(side == 0 ? 1 : 0, side == 0 ? 0 : 1, 0)] = 1;
        const VoxelGrid grid = m.grid();
        SearchSpace space(grid);
        EXPECT_NEAR(aStar(space, {0, 0, 0}, {1, 1, 0}).cost, 2.0, 1e-12);
        SearchOptions loose;
        loose.cornerRule = CornerRule::CornerCutting;
        EXPECT_NEAR(aStar(space, {0, 0, 0}, {1, 1, 0}, loose).cost, std::sqrt(2.0), 1e-12);
    }
}

TEST(AStar, ReportsBlockedEndpointsAndUnreachableGoals) {
    DenseMap m;
    m.nx = 5;
    m.ny = 5;
    m.nz = 5;
    m.blocked.assign(125, 0);
    // A closed shell around (2,2,2).
    for (int k = 1; k <= 3; ++k)
        for (int j = 1; j <= 3; ++j)
            for (int i = 1; i <= 3; ++i)
                if (!(i == 2 && j == 2 && k == 2)) m.blocked[m.index(i, j, k)] = 1;
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    EXPECT_EQ(aStar(space, {0, 0, 0}, {2, 2, 2}).status, SearchStatus::NoPath);
    EXPECT_EQ(thetaStar(space, {0, 0, 0}, {2, 2, 2}).status, SearchStatus::NoPath);
    EXPECT_EQ(aStar(space, {0, 0, 0}, {1, 1, 1}).status, SearchStatus::InvalidEndpoint);
    EXPECT_EQ(aStar(space, {0, 0, 0}, {7, 0, 0}).status, SearchStatus::InvalidEndpoint);
    const SearchResult same = aStar(space, {0, 0, 0}, {0, 0, 0});
    EXPECT_EQ(same.status, SearchStatus::Found);
    EXPECT_EQ(same.cost, 0.0);
}

TEST(AStar, OpenSpaceLengthIsOctile) {
    // Obstacle-free: the optimal lattice path length is the octile distance.
    DenseMap m;
    m.nx = 40;
    m.ny = 30;
    m.nz = 20;
    m.blocked.assign(static_cast<std::size_t>(40) * 30 * 20, 0);
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    const SearchResult r = aStar(space, {1, 2, 3}, {38, 20, 15});
    ASSERT_EQ(r.status, SearchStatus::Found);
    // 37, 18, 12: 12 body diagonals, 6 face diagonals, 19 straight.
    EXPECT_NEAR(r.cost, 12 * std::sqrt(3.0) + 6 * std::sqrt(2.0) + 19, 1e-12);
    // With ties broken towards the deepest node the search runs straight at the goal.
    EXPECT_LE(r.expansions, 200u);
    const SearchResult th = thetaStar(space, {1, 2, 3}, {38, 20, 15});
    EXPECT_NEAR(th.cost, std::sqrt(37.0 * 37 + 18 * 18 + 12 * 12), 1e-9);
    EXPECT_EQ(th.path.size(), 2u);
}

TEST(AStar, CancelStopsTheSearch) {
    DenseMap m;
    m.nx = 300;
    m.ny = 300;
    m.nz = 60;
    m.cellM = 1.0;
    // A wall with no gap forces the search to exhaust a large region.
    m.blocked.assign(static_cast<std::size_t>(300) * 300 * 60, 0);
    for (int k = 0; k < 60; ++k)
        for (int j = 0; j < 300; ++j)
            m.blocked[m.index(150, j, k)] = 1;
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    std::atomic<int> calls{0};
    core::Progress progress([&](double, const std::string&) { ++calls; }, [&] { return calls.load() > 0; });
    const SearchResult r = aStar(space, {0, 0, 0}, {299, 299, 59}, {}, progress);
    EXPECT_EQ(r.status, SearchStatus::Cancelled);
    EXPECT_LT(r.expansions, 5'400'000u / 2) << "the search ran on after cancel";
    SearchOptions limited;
    limited.maxExpansions = 1000;
    EXPECT_EQ(aStar(space, {0, 0, 0}, {299, 299, 59}, limited).status, SearchStatus::LimitReached);
}

TEST(CorridorSearch, FindsAPathWheneverAStarDoes) {
    // Small coarse factors so that the coarse grid, the corridor and both fallbacks all get exercised.
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> size(6, 14);
    int found = 0;
    for (int t = 0; t < 150; ++t) {
        DenseMap m = test::randomMap(rng, size(rng), size(rng), size(rng), 0.3);
        if (std::count(m.blocked.begin(), m.blocked.end(), 0) < 2) continue;
        const Voxel s = randomFree(rng, m), g = randomFree(rng, m);
        const VoxelGrid grid = m.grid();
        SearchSpace space(grid);
        const SearchResult exact = aStar(space, s, g);
        CorridorSearchOptions c;
        c.coarseFactor = 3;
        c.coarseLevels = 2;
        c.corridorHalfWidth = 1;
        c.fineHeuristicWeight = t % 2 ? 1.0 : 1.2;
        const SearchResult r = corridorSearch(space, s, g, {}, c);
        ASSERT_EQ(r.status == SearchStatus::Found, exact.status == SearchStatus::Found) << "map " << t;
        if (r.status != SearchStatus::Found) continue;
        ++found;
        EXPECT_EQ(r.path.front(), s);
        EXPECT_EQ(r.path.back(), g);
        const double straight = std::sqrt(
            double((g.i - s.i) * (g.i - s.i) + (g.j - s.j) * (g.j - s.j) + (g.k - s.k) * (g.k - s.k)));
        EXPECT_GE(r.cost, straight - 1e-9);
        for (std::size_t n = 1; n < r.path.size(); ++n)
            for (const Voxel& v : test::bruteSupercover(r.path[n - 1], r.path[n]))
                EXPECT_TRUE(m.free(v.i, v.j, v.k)) << "map " << t;
    }
    EXPECT_GT(found, 50);
}

// The exact supercover traversal against the brute-force rational test, on random segments.
TEST(LineOfSight, SupercoverTraversalMatchesBruteForce) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> c(-6, 6);
    for (int t = 0; t < 3000; ++t) {
        const Voxel a{c(rng), c(rng), c(rng)};
        Voxel b{c(rng), c(rng), c(rng)};
        if (t % 5 == 0) b = {a.i + (c(rng) / 2) * 2, a.j + (c(rng) / 2) * 2, a.k};  // many exact ties
        if (t % 7 == 0) b = {a.i + 3, a.j + 3, a.k + 3};                            // through corners
        const std::vector<Voxel> got = centreTraversal(a, b, LosRule::Supercover);
        std::set<std::tuple<int, int, int>> gs, bs;
        for (const Voxel& v : got)
            gs.insert({v.i, v.j, v.k});
        for (const Voxel& v : test::bruteSupercover(a, b))
            bs.insert({v.i, v.j, v.k});
        EXPECT_EQ(gs, bs) << "segment (" << a.i << "," << a.j << "," << a.k << ")-(" << b.i << "," << b.j
                          << "," << b.k << ")";
        EXPECT_EQ(got.size(), gs.size()) << "a voxel was visited twice";
        EXPECT_EQ(got.front(), a);
        EXPECT_EQ(got.back(), b);
    }
}

TEST(LineOfSight, InteriorRuleSkipsEdgeAndCornerContacts) {
    // (0,0,0)-(2,2,0) passes through the edge at (1,1): supercover adds (1,0,0) and (0,1,0), interior does
    // not.
    const auto sc = centreTraversal({0, 0, 0}, {2, 2, 0}, LosRule::Supercover);
    const auto in = centreTraversal({0, 0, 0}, {2, 2, 0}, LosRule::Interior);
    EXPECT_EQ(in.size(), 3u);  // (0,0,0), (1,1,0), (2,2,0)
    EXPECT_EQ(sc.size(), 3u + 4u);
    // A body diagonal through two corners: 2 corners x 6 touched voxels.
    EXPECT_EQ(centreTraversal({0, 0, 0}, {2, 2, 2}, LosRule::Supercover).size(), 3u + 12u);
}

TEST(LineOfSight, ConservativeSegmentCheckSeesTouchedVoxels) {
    DenseMap m;
    m.nx = m.ny = m.nz = 4;
    m.blocked.assign(64, 0);
    m.blocked[m.index(1, 0, 0)] = 1;
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    // Through the edge shared by (0,0,0), (1,0,0), (0,1,0), (1,1,0): touches the blocked voxel.
    EXPECT_FALSE(segmentFree(space, {0.5, -0.5, 0.5}, {1.5, -1.5, 0.5}));
    EXPECT_FALSE(lineOfSight(space, {0, 0, 0}, {1, 1, 0}, LosRule::Supercover));
    EXPECT_TRUE(lineOfSight(space, {0, 0, 0}, {1, 1, 0}, LosRule::Interior));
    // Slightly off the edge, on the free side: free.
    EXPECT_TRUE(segmentFree(space, {0.5, -0.5, 0.5}, {0.99, -1.5, 0.5}));
    // World y runs opposite to the row index: (x 1.5, y -0.5) is voxel (1, 0).
    EXPECT_FALSE(segmentFree(space, {1.5, -0.5, 0.5}, {1.5, -0.5, 0.6}));
}

}  // namespace
}  // namespace citytwin::uam

// Smoothing: the result stays collision-free (independent slab test) and within the gradient and turn limits
// (recomputed here); the check itself catches each kind of violation.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/uam/search.h"
#include "citytwin/uam/trajectory.h"
#include "uam_test_util.h"

namespace citytwin::uam {
namespace {

/// An open 10 m grid of nx x ny columns and nz levels with a box of blocked voxels.
test::DenseMap box(int nx, int ny, int nz, int i0, int i1, int j0, int j1, int k0, int k1) {
    test::DenseMap m;
    m.nx = nx;
    m.ny = ny;
    m.nz = nz;
    m.cellM = 10;
    m.dzM = 10;
    m.blocked.assign(static_cast<std::size_t>(nx) * ny * nz, 0);
    for (int k = k0; k < k1; ++k)
        for (int j = j0; j < j1; ++j)
            for (int i = i0; i < i1; ++i)
                m.blocked[m.index(i, j, k)] = 1;
    return m;
}

/// Gradients and turn radii recomputed from the points (independently of checkTrajectory).
void expectWithinLimits(const std::vector<Point3>& p, const TrajectoryLimits& lim) {
    // Gradient of every non-vertical segment; vertical ones only first and last.
    for (std::size_t n = 1; n < p.size(); ++n) {
        const double h = std::hypot(p[n].x - p[n - 1].x, p[n].y - p[n - 1].y);
        if (h < 1e-6) {
            EXPECT_TRUE(n == 1 || n == p.size() - 1) << "vertical segment " << n;
            continue;
        }
        const double g = (p[n].z - p[n - 1].z) / h;
        EXPECT_LE(g, lim.maxClimbGradient + 1e-9) << "segment " << n;
        EXPECT_GE(g, -lim.maxDescentGradient - 1e-9) << "segment " << n;
    }
    // Turns: the horizontal polyline with collinear points dropped; every vertex turns at most 10 degrees and
    // its legs are chords of a circle of at least the radius (0.1 % tolerance, see trajectory.h).
    std::vector<std::pair<double, double>> t;
    for (const Point3& q : p) {
        if (!t.empty() && std::hypot(q.x - t.back().first, q.y - t.back().second) < 1e-6) continue;
        while (t.size() >= 2) {
            const auto& a = t[t.size() - 2];
            const auto& b = t.back();
            const double cross =
                (b.first - a.first) * (q.y - b.second) - (b.second - a.second) * (q.x - b.first);
            if (std::fabs(cross) > 1e-9 * std::hypot(b.first - a.first, b.second - a.second) *
                                       std::hypot(q.x - b.first, q.y - b.second))
                break;
            t.pop_back();
        }
        t.push_back({q.x, q.y});
    }
    for (std::size_t v = 1; v + 1 < t.size(); ++v) {
        const double ax = t[v].first - t[v - 1].first, ay = t[v].second - t[v - 1].second;
        const double bx = t[v + 1].first - t[v].first, by = t[v + 1].second - t[v].second;
        const double theta = std::fabs(std::atan2(ax * by - ay * bx, ax * bx + ay * by));
        EXPECT_LE(theta, 10.0 * M_PI / 180 + 1e-9) << "vertex " << v;
        const double r = 0.5 * (std::hypot(ax, ay) + std::hypot(bx, by)) / (2 * std::sin(0.5 * theta));
        EXPECT_GE(r, lim.minTurnRadiusM * (1 - 1e-3))
            << "vertex " << v << " at " << t[v].first << "," << t[v].second;
    }
}

TEST(Trajectory, SmoothsAroundAnObstacleWithinLimits) {
    // 150 x 150 columns (1.5 km), 20 levels; a block from column 40 to 110 and row 0 to 100, all levels:
    // the path from the south-west to the north-west... goes round its north end.
    test::DenseMap m = box(150, 150, 20, 40, 110, 0, 100, 0, 20);
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    const Voxel s{10, 20, 5}, g{140, 20, 8};
    const SearchResult r = thetaStar(space, s, g);
    ASSERT_EQ(r.status, SearchStatus::Found);
    std::vector<Point3> path;
    for (const Voxel& v : r.path)
        path.push_back(grid.geometry().centre(v));
    const TrajectoryLimits lim{0.2, 0.2, 150.0, 50.0};
    const Trajectory t = smoothTrajectory(space, path, lim);
    EXPECT_TRUE(t.check.ok()) << (t.check.issues.empty() ? "" : t.check.issues.front());
    EXPECT_TRUE(t.notes.empty()) << t.notes.front();
    std::string why;
    EXPECT_TRUE(test::polylineFree(space, t.points, why)) << why;
    expectWithinLimits(t.points, lim);
    EXPECT_EQ(t.appliedTurnRadiusM, 150.0);
    // Same ends.
    EXPECT_NEAR(t.points.front().x, path.front().x, 1e-9);
    EXPECT_NEAR(t.points.back().z, path.back().z, 1e-9);
}

TEST(Trajectory, ClimbsEarlyEnoughOverAWall) {
    // A wall across the grid (columns 60-62, every row) up to level 12 (120 m): from level 1 at column 5 to
    // level 1 at column 115, the aircraft has to be above 120 m over the wall with at most 15 % gradient.
    test::DenseMap m = box(120, 20, 30, 60, 63, 0, 20, 0, 12);
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    const Voxel s{5, 10, 1}, g{115, 10, 1};
    const SearchResult r = thetaStar(space, s, g);
    ASSERT_EQ(r.status, SearchStatus::Found);
    std::vector<Point3> path;
    for (const Voxel& v : r.path)
        path.push_back(grid.geometry().centre(v));
    const TrajectoryLimits lim{0.15, 0.15, 500.0, 50.0};
    const Trajectory t = smoothTrajectory(space, path, lim);
    ASSERT_TRUE(t.check.ok()) << (t.check.issues.empty() ? "" : t.check.issues.front());
    std::string why;
    EXPECT_TRUE(test::polylineFree(space, t.points, why)) << why;
    expectWithinLimits(t.points, lim);
    double top = 0;
    for (const Point3& p : t.points)
        top = std::max(top, p.z);
    EXPECT_GE(top, 120.0);
}

TEST(Trajectory, ReportsWhatCannotBeSmoothed) {
    // A wall (columns 8-9, up to 120 m) right after a low overhang (columns 3-6 blocked from 30 m up): the
    // start at column 5 cannot climb over its pad, and column 7 is the only place to climb, 10 m wide: far
    // beyond a 15 % gradient.
    test::DenseMap m = box(60, 10, 14, 8, 10, 0, 10, 0, 12);
    for (int k = 3; k < 14; ++k)
        for (int j = 0; j < 10; ++j)
            for (int i = 3; i < 7; ++i)
                m.blocked[m.index(i, j, k)] = 1;
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    const SearchResult r = thetaStar(space, {5, 5, 0}, {55, 5, 0});
    ASSERT_EQ(r.status, SearchStatus::Found);
    std::vector<Point3> path;
    for (const Voxel& v : r.path)
        path.push_back(grid.geometry().centre(v));
    const Trajectory t = smoothTrajectory(space, path, {0.15, 0.15, 500.0, 50.0});
    EXPECT_FALSE(t.check.ok());
    ASSERT_FALSE(t.notes.empty());
    EXPECT_NE(t.notes.back().find("could not be smoothed"), std::string::npos) << t.notes.back();
}

TEST(Trajectory, CheckFindsEachViolation) {
    test::DenseMap m = box(50, 50, 10, 20, 22, 20, 22, 0, 10);
    const VoxelGrid grid = m.grid();
    SearchSpace space(grid);
    const TrajectoryLimits lim{0.2, 0.2, 100.0, 50.0};
    // A clean straight climb.
    EXPECT_TRUE(checkTrajectory(space, {{50, -50, 15}, {450, -50, 55}}, lim).ok());
    // Too steep.
    const auto steep = checkTrajectory(space, {{50, -50, 15}, {150, -50, 55}}, lim);
    EXPECT_FALSE(steep.withinGradients);
    EXPECT_NEAR(steep.maxClimbGradient, 0.4, 1e-12);
    // A vertical segment in the middle.
    EXPECT_FALSE(checkTrajectory(space, {{50, -50, 15}, {150, -50, 15}, {150, -50, 45}, {250, -50, 45}}, lim)
                     .withinGradients);
    // A 90 degree corner.
    const auto corner =
        checkTrajectory(space, {{50, -50, 15}, {150, -50, 15}, {150, -150, 15}, {160, -160, 15}}, lim);
    EXPECT_FALSE(corner.withinTurnRadius);
    EXPECT_TRUE(corner.withinGradients);
    // Through the blocked column block (x 200-220, y -200..-220).
    const auto hit = checkTrajectory(space, {{150, -210, 15}, {300, -210, 15}}, lim);
    EXPECT_FALSE(hit.collisionFree);
    ASSERT_FALSE(hit.issues.empty());
    EXPECT_NE(hit.issues.front().find("blocked voxel (20, 20, 1)"), std::string::npos) << hit.issues.front();
    // Touching the block's edge only (x 200 at y -200): still a collision under the conservative test.
    EXPECT_FALSE(checkTrajectory(space, {{150, -150, 15}, {250, -250, 15}}, lim).collisionFree);
    // A chord polyline of a 120 m circle passes a 100 m limit; of an 80 m circle it does not.
    for (double radius : {120.0, 80.0}) {
        std::vector<Point3> arc;
        for (int k = 0; k <= 18; ++k) {
            const double a = k * 5.0 * M_PI / 180;
            arc.push_back({250 + radius * std::cos(a), -400 + radius * std::sin(a), 15});
        }
        arc.insert(arc.begin(), {arc.front().x, arc.front().y - 50, 15});
        EXPECT_EQ(checkTrajectory(space, arc, lim).withinTurnRadius, radius > 100) << radius;
    }
}

}  // namespace
}  // namespace citytwin::uam

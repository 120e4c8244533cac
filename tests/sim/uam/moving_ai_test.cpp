// The Moving AI voxel benchmark readers (own small maps; the published maps are not bundled) and the solver.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/uam/moving_ai.h"
#include "test_util.h"

namespace citytwin::uam {
namespace {

using core::ErrorCode;
using test::expectError;

class MovingAi : public test::TempDirTest {};

// A 6x5x4 map with a wall at x = 2 (all y, z < 3): paths go over it at z = 3.
std::string wallMap() {
    std::string s = "voxel 6 5 4\n";
    for (int y = 0; y < 5; ++y)
        for (int z = 0; z < 3; ++z)
            s += "2 " + std::to_string(y) + " " + std::to_string(z) + "\n";
    return s;
}

TEST_F(MovingAi, ReadsMapAndSolvesQueries) {
    const std::string map = write("wall.3dmap", wallMap());
    // Query 1: (0,0,0) -> (5,0,0) must cross x = 2 at z = 3. By hand (corner cutting, target-only rule): any
    // path visits some (2, y, 3); octile (0,0,0)-(2,0,3) = 1 + 2√2 and (2,0,3)-(5,0,0) = 3√2, and that lower
    // bound is reached by (0,0,1), (1,0,2), (2,0,3), (3,0,2), (4,0,1): optimum 1 + 5√2 = 8.0710678119.
    const std::string scen = write("wall.3dmap.3dscen",
                                   "version 1\nwall.3dmap\n"
                                   "0 0 0 5 0 0 8.0710678119 1.0\n"
                                   "0 0 3 5 4 3 6.6568542495 1.0\n");
    const VoxelGrid grid = readVoxelMap(map);
    EXPECT_EQ(grid.nx(), 6);
    EXPECT_EQ(grid.ny(), 5);
    EXPECT_EQ(grid.nz(), 4);
    EXPECT_FALSE(grid.isFree(2, 3, 1));
    EXPECT_TRUE(grid.isFree(2, 3, 3));
    EXPECT_EQ(grid.freeVoxelCount(), 6u * 5 * 4 - 15);
    const VoxelScenario s = readVoxelScenario(scen);
    EXPECT_EQ(s.version, "1");
    EXPECT_EQ(s.mapName, "wall.3dmap");
    ASSERT_EQ(s.queries.size(), 2u);
    EXPECT_EQ(s.queries[1].goal, (Voxel{5, 4, 3}));
    EXPECT_EQ(s.queries[1].line, 4u);

    const auto results = solveVoxelScenario(grid, s, CornerRule::CornerCutting);
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].exact.status, SearchStatus::Found);
    EXPECT_EQ(results[0].anyAngle.status, SearchStatus::Found);
    EXPECT_NEAR(results[0].exact.cost, 1 + 5 * std::sqrt(2.0), 1e-12);
    EXPECT_NEAR(results[0].exact.cost, results[0].query.expectedLength, 1e-9);  // the file's 10 digits
    EXPECT_LE(results[0].anyAngle.cost, results[0].exact.cost + 1e-9);
    // Query 2 is in the free layer z = 3: octile (5, 4, 0) = 4√2 + 1.
    EXPECT_NEAR(results[1].exact.cost, 4 * std::sqrt(2.0) + 1, 1e-12);
    EXPECT_NEAR(results[1].anyAngle.cost, std::sqrt(41.0), 1e-12);
}

TEST_F(MovingAi, MalformedMapsNameFileAndLine) {
    const std::string noHeader = write("a.3dmap", "6 5 4\n1 1 1\n");
    expectError([&] { readVoxelMap(noHeader); }, ErrorCode::FileFormat, {"a.3dmap", "line 1", "voxel X Y Z"});
    const std::string badSize = write("b.3dmap", "voxel 6 0 4\n");
    expectError([&] { readVoxelMap(badSize); }, ErrorCode::FileFormat, {"b.3dmap", "line 1", "positive"});
    const std::string outside = write("c.3dmap", "voxel 6 5 4\n1 1 1\n\n6 1 1\n");
    expectError([&] { readVoxelMap(outside); }, ErrorCode::FileFormat,
                {"c.3dmap", "line 4", "(6, 1, 1)", "outside the map of 6 x 5 x 4"});
    const std::string text = write("d.3dmap", "voxel 6 5 4\n1 1 x\n");
    expectError([&] { readVoxelMap(text); }, ErrorCode::FileFormat, {"d.3dmap", "line 2", "'x'"});
    const std::string fields = write("e.3dmap", "voxel 6 5 4\n1 1\n");
    expectError([&] { readVoxelMap(fields); }, ErrorCode::FileFormat, {"e.3dmap", "line 2", "3 integers"});
    const std::string empty = write("f.3dmap", "\n\n");
    expectError([&] { readVoxelMap(empty); }, ErrorCode::FileFormat, {"f.3dmap", "empty"});
    expectError([&] { readVoxelMap(path("missing.3dmap")); }, ErrorCode::FileNotFound, {"missing.3dmap"});
}

TEST_F(MovingAi, MalformedScenariosNameFileAndLine) {
    const std::string v = write("a.3dscen", "versio 1\nm.3dmap\n");
    expectError([&] { readVoxelScenario(v); }, ErrorCode::FileFormat, {"a.3dscen", "line 1", "version"});
    const std::string fields = write("b.3dscen", "version 1\nm.3dmap\n0 0 0 1 1 1 1.7\n");
    expectError([&] { readVoxelScenario(fields); }, ErrorCode::FileFormat,
                {"b.3dscen", "line 3", "8 numbers"});
    const std::string neg = write("c.3dscen", "version 1\nm.3dmap\n0 0 0 1 1 1 1.7 1\n0 -1 0 1 1 1 1.7 1\n");
    expectError([&] { readVoxelScenario(neg); }, ErrorCode::FileFormat, {"c.3dscen", "line 4", "field 2"});
    const std::string len = write("d.3dscen", "version 1\nm.3dmap\n0 0 0 1 1 1 abc 1\n");
    expectError([&] { readVoxelScenario(len); }, ErrorCode::FileFormat,
                {"d.3dscen", "line 3", "optimal length"});
    const std::string noMap = write("e.3dscen", "version 1\n");
    expectError([&] { readVoxelScenario(noMap); }, ErrorCode::FileFormat, {"e.3dscen", "map name"});
}

TEST_F(MovingAi, QueriesOutsideTheMapAreReportedNotThrown) {
    const VoxelGrid grid = readVoxelMap(write("m.3dmap", "voxel 3 3 3\n1 1 1\n"));
    VoxelScenario s;
    s.queries.push_back({{0, 0, 0}, {9, 0, 0}, 9.0, 1.0, 3});
    s.queries.push_back({{0, 0, 0}, {1, 1, 1}, 1.7, 1.0, 4});
    const auto r = solveVoxelScenario(grid, s, CornerRule::NoCornerCutting);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].exact.status, SearchStatus::InvalidEndpoint);
    EXPECT_EQ(r[1].anyAngle.status, SearchStatus::InvalidEndpoint);
}

}  // namespace
}  // namespace citytwin::uam

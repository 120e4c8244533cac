// Flood extent polygons and the comparison with an observed flood, against figures worked by hand on small grids.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/core/geometry.h"
#include "extent_compare.h"

namespace {

using namespace citytwin;
using flood::Grid;

Grid grid(int nx, int ny, double cell, double x0, double y0) {
    Grid g;
    g.nx = nx;
    g.ny = ny;
    g.cellSizeM = cell;
    g.originX = x0;
    g.originY = y0;
    return g;
}

core::MultiPolygon box(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return {p};
}

}  // namespace

TEST(FloodExtent, PolygonsFollowCellEdgesWithHolesAndOnePerThreshold) {
    // 10 x 10 cells of 2 m from (1000, 2000) down: a ring of 0.6 m deep water (cols 1-5, rows 1-5 without the
    // centre cell 3,3) and a 2-cell puddle of 0.2 m (cols 7-8, row 7).
    const Grid g = grid(10, 10, 2.0, 1000.0, 2000.0);
    std::vector<float> d(g.cellCount(), 0.0f);
    for (int r = 1; r <= 5; ++r)
        for (int c = 1; c <= 5; ++c)
            if (!(r == 3 && c == 3)) d[g.index(c, r)] = 0.6f;
    d[g.index(7, 7)] = d[g.index(8, 7)] = 0.2f;
    d[g.index(0, 9)] = NAN;  // a wall: dry
    const auto ext = flood::floodExtents(g, d, {0.1, 0.5, 1.0});
    ASSERT_EQ(ext.size(), 3u);

    // 0.1 m: both regions, 24 + 2 cells of 4 m2.
    EXPECT_EQ(ext[0].area.size(), 2u);
    EXPECT_DOUBLE_EQ(ext[0].areaM2, 104.0);
    EXPECT_NEAR(core::area(ext[0].area), 104.0, 1e-9);

    // 0.5 m: the ring alone, with its one-cell hole; its outline on the cell edges x 1002..1012, y 1988..1998.
    ASSERT_EQ(ext[1].area.size(), 1u);
    const core::Polygon& ring = ext[1].area.front();
    ASSERT_EQ(ring.inners.size(), 1u);
    EXPECT_NEAR(std::fabs(core::signedArea(ring.inners.front())), 4.0, 1e-9);
    EXPECT_GT(core::signedArea(ring.outer), 0.0) << "exterior counter-clockwise";
    EXPECT_LT(core::signedArea(ring.inners.front()), 0.0) << "hole clockwise";
    const core::Box b = core::bounds(ext[1].area);
    EXPECT_DOUBLE_EQ(b.minX, 1002.0);
    EXPECT_DOUBLE_EQ(b.maxX, 1012.0);
    EXPECT_DOUBLE_EQ(b.minY, 1988.0);
    EXPECT_DOUBLE_EQ(b.maxY, 1998.0);
    EXPECT_NEAR(core::area(ext[1].area), 96.0, 1e-9);

    // 1 m: nothing.
    EXPECT_TRUE(ext[2].area.empty());
    EXPECT_DOUBLE_EQ(ext[2].areaM2, 0.0);
}

TEST(FloodObserved, ContingencyAndDepthErrorsAsWorkedByHand) {
    // 10 x 10 cells of 1 m, y from 10 down to 0. The model floods columns 0-4 (0.3 m); cell (9, 9) is a wall.
    const Grid g = grid(10, 10, 1.0, 0.0, 10.0);
    std::vector<float> d(g.cellCount(), 0.0f);
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 5; ++c)
            d[g.index(c, r)] = 0.3f;
    d[g.index(9, 9)] = NAN;

    core::VectorLayer obs;
    obs.name = "traces";
    const int id = obs.fields.ensure("id", core::FieldType::Integer);
    const int depth = obs.fields.ensure("depth_m", core::FieldType::Real);
    auto add = [&](core::MultiPolygon p, std::int64_t i, double dep) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = std::move(p);
        f.attributes.resize(obs.fields.size());
        f.attributes[static_cast<std::size_t>(id)] = i;
        f.attributes[static_cast<std::size_t>(depth)] = dep;
        obs.features.push_back(std::move(f));
    };
    add(box(3, 8, 7, 10), 11, 0.5);        // rows 0-1, cols 3-6: 4 hits (cols 3-4), 4 misses (cols 5-6)
    add(box(8.4, 4.4, 8.6, 4.6), 12, 0.2);  // inside cell (8, 5), no centre: that cell, a miss
    add(box(50, 50, 60, 60), 13, 1.0);      // off the grid
    add(box(4.2, 3.2, 4.4, 3.4), 14, 0.0);  // in cell (4, 6), a hit; depth 0 = unknown

    const flood::ObservedComparison c = flood::compareWithObserved(g, d, 0.1, obs, "depth_m");
    // A = 4 + 1, C = 4 + 1; B = 50 modelled wet - 5 hits = 45; D = 99 comparable cells - 55.
    EXPECT_EQ(c.hits, 5u);
    EXPECT_EQ(c.misses, 5u);
    EXPECT_EQ(c.falseAlarms, 45u);
    EXPECT_EQ(c.correctNegatives, 44u);
    EXPECT_DOUBLE_EQ(c.hitRate, 5.0 / 10.0);
    EXPECT_DOUBLE_EQ(c.falseAlarmRatio, 45.0 / 50.0);
    EXPECT_DOUBLE_EQ(c.criticalSuccessIndex, 5.0 / 55.0);
    EXPECT_EQ(c.featuresOutside, 1u);
    EXPECT_EQ(c.featuresObserved, 3u);
    // Depths: trace 11 modelled 0.3 against 0.5, trace 12 modelled 0 against 0.2: both -0.2 m.
    EXPECT_EQ(c.depthPairs, 2u);
    EXPECT_NEAR(c.depthBiasM, -0.2, 1e-6);
    EXPECT_NEAR(c.depthMaeM, 0.2, 1e-6);
    EXPECT_NEAR(c.depthRmseM, 0.2, 1e-6);
    ASSERT_EQ(c.features.size(), 3u);
    EXPECT_EQ(c.features[0].id, "11");
    EXPECT_EQ(c.features[0].cells, 8u);
    EXPECT_DOUBLE_EQ(c.features[0].wetShare, 0.5);
    EXPECT_EQ(c.features[1].cells, 1u);
    EXPECT_DOUBLE_EQ(c.features[1].wetShare, 0.0);
    EXPECT_TRUE(std::isnan(c.features[2].observedDepthM));
    // The class map: a hit, a false alarm, a miss, and the wall left out.
    EXPECT_EQ(c.classes[g.index(3, 0)], 1);
    EXPECT_EQ(c.classes[g.index(0, 5)], 2);
    EXPECT_EQ(c.classes[g.index(6, 1)], 3);
    EXPECT_EQ(c.classes[g.index(9, 9)], 0);
}

TEST(FloodObserved, NothingObservedOrNothingModelledGivesUndefinedScoresNotZeros) {
    const Grid g = grid(4, 4, 1.0, 0.0, 4.0);
    const std::vector<float> dry(g.cellCount(), 0.0f);
    core::VectorLayer none;
    const flood::ObservedComparison c = flood::compareWithObserved(g, dry, 0.1, none, "depth_m");
    EXPECT_TRUE(std::isnan(c.hitRate));
    EXPECT_TRUE(std::isnan(c.falseAlarmRatio));
    EXPECT_TRUE(std::isnan(c.criticalSuccessIndex));
    EXPECT_EQ(c.correctNegatives, 16u);
}

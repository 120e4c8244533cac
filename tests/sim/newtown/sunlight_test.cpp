// Shadows and the sunlight test: a single prism's shadow against hand geometry, an infinite wall and a
// terrain ridge against the threshold ratios derived with PyEphem (../shared/data/newtown/PROVENANCE.md), the
// ground grid against the exact tracer, the case-law rule itself, before/after and the blame of a new
// building.
#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/core/error.h"
#include "citytwin/newtown/sunlight.h"
#include "newtown_test_util.h"

namespace nt = citytwin::newtown;
using nt::test::rect;

namespace {

constexpr double kPi = 3.14159265358979323846;

nt::SunlightOptions goyang() {
    nt::SunlightOptions o;
    o.latitudeDeg = 37.6584;  // Goyang City Hall, as the korea_sun table
    o.longitudeDeg = 126.8320;
    o.year = 2024;
    o.month = 12;
    o.day = 21;
    o.pressureHPa = 1000.0;
    o.temperatureC = 10.0;
    o.groundCellM = 0.0;
    o.minSpanMin = 0.0;
    return o;
}

nt::Obstacle box(const std::string& id, double x0, double y0, double x1, double y1, double base, double top,
                 nt::Obstacle::Kind kind = nt::Obstacle::Kind::Kept) {
    nt::Obstacle o;
    o.id = id;
    o.footprint = rect(x0, y0, x1, y1);
    o.baseM = base;
    o.topM = top;
    o.kind = kind;
    return o;
}

nt::FacadePoint point(double x, double y, double z, double nx, double ny) {
    nt::FacadePoint p;
    p.position = {x, y};
    p.zM = z;
    p.normalX = nx;
    p.normalY = ny;
    return p;
}

/// One window facing south at the origin behind an east-west wall of height `h` at distance `d` (20 km long).
nt::PointSunlight wallCase(double h, double d, const nt::SunlightOptions& o) {
    const std::vector<nt::Obstacle> wall = {box("wall", -10000, -d - 1.0, 10000, -d, -5.0, h)};
    const auto r = nt::computeSunlight(wall, {point(0, 0, 0, 0, -1)}, nullptr, o);
    return r.points.at(0);
}

}  // namespace

TEST(Shadow, SingleBoxLengthAndDirection) {
    // A 1 x 1 m pole 30 m high at the origin, the sun at 12:00:30 KST on the solstice in Goyang. By hand: the
    // shadow points away from the sun's azimuth A and ends H / tan(e) beyond the pole's far face, i.e. at
    // L = H / tan(e) + 0.5 m from the centre along the ray. Points 5 cm inside and outside the tip (of ~57 m)
    // must be dark and lit; points 0.6 m to either side of the axis, and one on the sunny side, lit.
    nt::SunlightOptions o = goyang();
    o.startMin = 720.0;
    o.endMin = 721.0;
    o.criteria.totalStartMin = o.criteria.continuousStartMin = 720.0;
    o.criteria.totalEndMin = o.criteria.continuousEndMin = 721.0;
    const auto steps = nt::sunSteps(o);
    ASSERT_EQ(steps.size(), 1u);
    const double az = steps[0].azimuthDeg * kPi / 180.0, e = steps[0].elevationDeg * kPi / 180.0;
    const double h = 30.0;
    const double len = h / std::tan(e) + 0.5;
    const double ux = std::sin(az), uy = std::cos(az);  // toward the sun
    const double px = -uy, py = ux;                     // across the shadow
    const std::vector<nt::Obstacle> pole = {box("pole", -0.5, -0.5, 0.5, 0.5, 0.0, h)};
    // Ground points; the normal faces the sun so that only the pole can shade them.
    std::vector<nt::FacadePoint> pts = {
        point(-ux * (len - 0.05), -uy * (len - 0.05), 0, ux, uy),    // in the shadow's tip
        point(-ux * (len + 0.05), -uy * (len + 0.05), 0, ux, uy),    // just beyond
        point(-ux * 20 + px * 0.6, -uy * 20 + py * 0.6, 0, ux, uy),  // beside the shadow
        point(-ux * 20 - px * 0.6, -uy * 20 - py * 0.6, 0, ux, uy),  // other side
        point(-ux * 20 + px * 0.4, -uy * 20 + py * 0.4, 0, ux, uy),  // inside its width
        point(ux * 20, uy * 20, 0, ux, uy),                          // on the sunny side
    };
    const auto r = nt::computeSunlight(pole, pts, nullptr, o);
    ASSERT_EQ(r.points.size(), pts.size());
    const bool lit[] = {false, true, true, true, false, true};
    for (std::size_t i = 0; i < pts.size(); ++i)
        EXPECT_EQ(r.points[i].after.totalH > 0.0, lit[i])
            << "point " << i << " (shadow length " << len << " m)";
    // The shadow runs north-ish at noon: the tip lies north of the pole, a little east of it after transit.
    EXPECT_GT(-uy * len, 50.0);
}

TEST(Shadow, InfiniteWallMatchesTheDerivedThresholds) {
    // PROVENANCE.md: a window behind an infinite east-west wall due south passes iff H/d < 0.5361 in Goyang
    // (0.5935 in Gwangju); on the 4-h total alone iff H/d < 0.4830 (0.5378). We test 1.5-3 % either side: the
    // 1-minute step moves the threshold by well under 1 % (hand estimate from the sun's rate near noon).
    nt::SunlightOptions o = goyang();
    EXPECT_TRUE(wallCase(52.0, 100.0, o).after.pass);
    EXPECT_FALSE(wallCase(55.0, 100.0, o).after.pass);
    nt::SunlightOptions totalOnly = o;
    totalOnly.criteria.continuousMinH = 99.0;  // only the 4 hours in total
    EXPECT_TRUE(wallCase(47.0, 100.0, totalOnly).after.pass);
    EXPECT_FALSE(wallCase(49.5, 100.0, totalOnly).after.pass);
    nt::SunlightOptions gwangju = o;
    gwangju.latitudeDeg = 35.1601;
    gwangju.longitudeDeg = 126.8514;
    EXPECT_TRUE(wallCase(58.0, 100.0, gwangju).after.pass);
    EXPECT_FALSE(wallCase(61.0, 100.0, gwangju).after.pass);
    gwangju.criteria.continuousMinH = 99.0;
    EXPECT_TRUE(wallCase(52.5, 100.0, gwangju).after.pass);
    EXPECT_FALSE(wallCase(55.0, 100.0, gwangju).after.pass);
}

TEST(Shadow, TerrainRidgeLikeAWall) {
    // The same threshold with the terrain as the wall: a DEM (5 m cells) with a plateau 100 m high starting
    // d = 195..200 m south of the window (the edge is smeared over one cell by the bilinear field).
    nt::SunlightOptions o = goyang();
    auto run = [&](double plateauEdgeY) {
        const int w = 200, h = 200;
        citytwin::core::GeoTransform g{-500.0, 200.0, 5.0, 5.0};
        citytwin::core::Raster dem(w, h, g, citytwin::core::Crs(), 0.0f);
        for (int r = 0; r < h; ++r)
            for (int c = 0; c < w; ++c)
                if (dem.cellCentre(c, r).y < plateauEdgeY) dem.at(c, r) = 100.0f;
        return nt::computeSunlight({}, {point(0, 0, 0, 0, -1)}, &dem, o).points.at(0);
    };
    EXPECT_TRUE(run(-100.0 / 0.51).after.pass);   // H/d = 0.51
    EXPECT_FALSE(run(-100.0 / 0.56).after.pass);  // H/d = 0.56
}

TEST(Shadow, GroundGridAgreesWithTheExactTracer) {
    // Ground hours north of a 20 x 20 x 40 m block from the shadow sweep against the exact tracer at the same
    // cell centres (at least 4 m from the block): within 0.35 h. The sweep places building and shadow edges
    // to about one cell (2 m), and a shadow edge seen 10 m behind a corner takes up to ~20 min to cross 2 m
    // at the solstice's azimuth rate (worst found: 0.28 h, 9 m behind the block; mostly below 0.1 h).
    nt::SunlightOptions o = goyang();
    o.groundCellM = 2.0;
    o.groundStepMin = 1.0;  // the same sun steps as the tracer
    o.groundExtent = {-100.0, -40.0, 100.0, 160.0};
    const std::vector<nt::Obstacle> blk = {box("block", -10, -10, 10, 10, 0, 40)};
    std::vector<nt::FacadePoint> pts;
    std::vector<std::pair<int, int>> cells;
    for (int r = 0; r < 100; r += 7)
        for (int c = 0; c < 100; c += 7) {
            const auto p = citytwin::core::Point{-100.0 + (c + 0.5) * 2.0, 160.0 - (r + 0.5) * 2.0};
            if (std::fabs(p.x) < 14.0 && std::fabs(p.y) < 14.0) continue;
            // A point that sees the whole sky: a normal facing the sun at every step of the window (south).
            pts.push_back(point(p.x, p.y, 0.0, 0.0, -1.0));
            cells.push_back({c, r});
        }
    const auto res = nt::computeSunlight(blk, pts, nullptr, o);
    double worst = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const double g = res.groundHoursAfter.at(cells[i].first, cells[i].second);
        ASSERT_FALSE(std::isnan(g));
        // The exact tracer without the sliver rule and with the normal test always true for the sun south of
        // east-west: total hours in the 08-16 window.
        worst = std::max(worst, std::fabs(g - res.points[i].after.totalH));
        EXPECT_NEAR(g, res.points[i].after.totalH, 0.35) << pts[i].position.x << "," << pts[i].position.y;
    }
    std::printf("ground grid vs exact: worst %.3f h over %zu cells\n", worst, pts.size());
    // Under the block: NaN.
    EXPECT_TRUE(std::isnan(res.groundHoursAfter.at(50, 80)));
}

TEST(Sunlight, CaseLawRuleAndSlivers) {
    nt::SunlightOptions o = goyang();
    const auto steps = nt::sunSteps(o);
    ASSERT_EQ(steps.size(), 480u);
    const nt::SunlightCriteria c = o.criteria;
    auto litBetween = [&](std::vector<std::uint8_t>& lit, double a, double b) {
        for (std::size_t k = 0; k < steps.size(); ++k)
            if (steps[k].startMin >= a && steps[k].startMin < b) lit[k] = 1;
    };
    std::vector<std::uint8_t> lit(steps.size(), 0);
    litBetween(lit, 600, 720);  // 10:00-12:00 continuous
    auto r = nt::evaluateCaseLaw(lit, steps, c, 5.0);
    EXPECT_DOUBLE_EQ(r.continuousH, 2.0);
    EXPECT_TRUE(r.pass);
    lit.assign(steps.size(), 0);
    litBetween(lit, 600, 719);  // one minute short of 2 h, and 118 min more + a 3-min sliver = 4 h in total
    litBetween(lit, 480, 540);
    litBetween(lit, 900, 958);
    litBetween(lit, 840, 843);
    r = nt::evaluateCaseLaw(lit, steps, c, 0.0);
    EXPECT_NEAR(r.totalH, 4.0, 1e-12);
    EXPECT_TRUE(r.pass);
    r = nt::evaluateCaseLaw(lit, steps, c, 5.0);  // the sliver no longer counts
    EXPECT_NEAR(r.totalH, 4.0 - 3.0 / 60.0, 1e-12);
    EXPECT_FALSE(r.pass);
    // Runs are clipped to the continuous window: 08:00-10:30 counts 1.5 h of continuity.
    lit.assign(steps.size(), 0);
    litBetween(lit, 480, 630);
    r = nt::evaluateCaseLaw(lit, steps, c, 5.0);
    EXPECT_DOUBLE_EQ(r.continuousH, 1.5);
    EXPECT_DOUBLE_EQ(r.totalH, 2.5);
}

TEST(Sunlight, BeforeAfterAndBlame) {
    // A south-facing window with a new 60 m slab 40 m to its south (it fails after, passed before), a removed
    // slab in front of another window, and a kept wide block shading a third window nearly all day.
    nt::SunlightOptions o = goyang();
    using K = nt::Obstacle::Kind;
    const std::vector<nt::Obstacle> obs = {
        box("kept", 300, -60, 730, -30, 0, 120, K::Kept),
        box("removed", 1000, -40, 1060, -30, 0, 60, K::Removed),
        box("new", -30, -54, 30, -40, 0, 60, K::New),
    };
    const std::vector<nt::FacadePoint> pts = {point(0, 0, 1.5, 0, -1), point(1030, 0, 1.5, 0, -1),
                                              point(515, 0, 1.5, 0, -1)};
    const auto r = nt::computeSunlight(obs, pts, nullptr, o);
    EXPECT_TRUE(r.points[0].before.pass);
    EXPECT_FALSE(r.points[0].after.pass);
    EXPECT_EQ(r.points[0].cause, 2);
    EXPECT_GT(r.points[0].causeMin, 120.0);
    EXPECT_FALSE(r.points[1].before.pass);
    EXPECT_TRUE(r.points[1].after.pass);
    EXPECT_EQ(r.points[1].cause, -1);
    EXPECT_FALSE(r.points[2].before.pass);
    EXPECT_FALSE(r.points[2].after.pass);
    EXPECT_EQ(r.points[2].cause, -1);  // the kept block, not a new building
}

TEST(Sunlight, WindowsOnePerHouseholdOnTheSouthWalls) {
    const auto fp = rect(0, 0, 60, 14);
    const auto pts = nt::windowPoints(fp, 10.0, 2.9, 12, 2, 80.4, 3, 0.0, nt::FacadeSampling{});
    ASSERT_EQ(pts.size(), 80u);  // round(80.4) households over 10 residential floors
    for (const auto& p : pts) {
        EXPECT_NEAR(p.position.y, -0.05, 1e-9);  // on the south wall, 5 cm out
        EXPECT_NEAR(p.normalY, -1.0, 1e-12);
        EXPECT_GE(p.floor, 3);
        EXPECT_NEAR(p.zM, 10.0 + (p.floor - 1) * 2.9 + 1.5, 1e-9);
        EXPECT_EQ(p.obstacle, 3);
    }
    // A grid on an existing building: no wall facing due north (the solstice sun never reaches it).
    const auto grid = nt::facadeGridPoints(fp, 0.0, 3.0, 2, 10.0, 0, 0.0, 120.0, 240.0, nt::FacadeSampling{});
    double sum = 0.0;
    for (const auto& p : grid) {
        EXPECT_LT(p.normalY, 0.5);
        sum += p.households;
    }
    EXPECT_NEAR(sum, 10.0, 1e-9);
    EXPECT_EQ(grid.size(), 2u * (6 + 1 + 1));  // south wall 6 points, east and west walls 1 each, two floors
}

TEST(Sunlight, DateOutsideTheAlgorithmsRange) {
    nt::SunlightOptions o = goyang();
    o.year = 7000;
    citytwin::test::expectError([&] { nt::sunSteps(o); }, citytwin::core::ErrorCode::Validation,
                                {"7000", "-2000..6000"});
    o = goyang();
    o.stepMin = 0.0;
    citytwin::test::expectError([&] { nt::sunSteps(o); }, citytwin::core::ErrorCode::Validation,
                                {"time step", "0"});
}

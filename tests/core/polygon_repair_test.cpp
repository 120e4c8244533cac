#include "citytwin/core/polygon_repair.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace citytwin::core;

namespace {
MultiPolygon one(std::initializer_list<Point> pts) {
    MultiPolygon mp(1);
    mp[0].outer = Ring(pts);
    return mp;
}
// Large projected coordinates, as in EPSG:5186.
constexpr double X = 200000.0, Y = 550000.0;
}  // namespace

TEST(PolygonRepair, ValidSquareIsKept) {
    const RepairResult r = repairFootprint(one({{X, Y}, {X + 10, Y}, {X + 10, Y + 10}, {X, Y + 10}, {X, Y}}));
    EXPECT_EQ(r.outcome, RepairOutcome::Valid);
    EXPECT_NEAR(area(r.geometry), 100.0, 1e-9);
}

TEST(PolygonRepair, ClockwiseAndOpenRingsAreReoriented) {
    RepairResult r = repairFootprint(one({{X, Y}, {X, Y + 10}, {X + 10, Y + 10}, {X + 10, Y}, {X, Y}}));
    EXPECT_EQ(r.outcome, RepairOutcome::Reoriented);
    EXPECT_GT(signedArea(r.geometry[0].outer), 0.0);
    r = repairFootprint(one({{X, Y}, {X + 10, Y}, {X + 10, Y + 10}, {X, Y + 10}}));  // not closed
    EXPECT_NE(r.outcome, RepairOutcome::Degenerate);
    EXPECT_EQ(r.geometry[0].outer.front(), r.geometry[0].outer.back());
    EXPECT_NEAR(area(r.geometry), 100.0, 1e-9);
}

TEST(PolygonRepair, BowTieBecomesTwoTriangles) {
    // Crossing at (X+5, Y+5): two triangles of 25 m² each.
    const RepairResult r = repairFootprint(one({{X, Y}, {X + 10, Y + 10}, {X + 10, Y}, {X, Y + 10}, {X, Y}}));
    EXPECT_EQ(r.outcome, RepairOutcome::Repaired);
    EXPECT_EQ(r.geometry.size(), 2u);
    EXPECT_NEAR(area(r.geometry), 50.0, 1e-6);
    for (const Polygon& p : r.geometry)
        EXPECT_GT(signedArea(p.outer), 0.0);
}

TEST(PolygonRepair, SelfTouchingLoopIsSplit) {
    // A ring that passes through (X+10, Y+5) twice: a square with a triangular ear, 100 + 25 m².
    const RepairResult r = repairFootprint(one({{X, Y},
                                                {X + 10, Y},
                                                {X + 10, Y + 5},
                                                {X + 15, Y},
                                                {X + 15, Y + 10},
                                                {X + 10, Y + 5},
                                                {X + 10, Y + 10},
                                                {X, Y + 10},
                                                {X, Y}}));
    EXPECT_NE(r.outcome, RepairOutcome::Unrepairable);
    EXPECT_NE(r.outcome, RepairOutcome::Degenerate);
    EXPECT_NEAR(area(r.geometry), 125.0, 1e-6);
}

TEST(PolygonRepair, OverlappingPartsAreMerged) {
    MultiPolygon mp(2);
    mp[0].outer = {{X, Y}, {X + 10, Y}, {X + 10, Y + 10}, {X, Y + 10}, {X, Y}};
    mp[1].outer = {{X + 5, Y}, {X + 15, Y}, {X + 15, Y + 10}, {X + 5, Y + 10}, {X + 5, Y}};
    const RepairResult r = repairFootprint(mp);
    EXPECT_EQ(r.outcome, RepairOutcome::Repaired);
    EXPECT_EQ(r.geometry.size(), 1u);
    EXPECT_NEAR(area(r.geometry), 150.0, 1e-6);
}

TEST(PolygonRepair, HolesSurvive) {
    MultiPolygon mp(1);
    mp[0].outer = {{X, Y}, {X + 10, Y}, {X + 10, Y + 10}, {X, Y + 10}, {X, Y}};
    mp[0].inners = {{{X + 2, Y + 2}, {X + 2, Y + 4}, {X + 4, Y + 4}, {X + 4, Y + 2}, {X + 2, Y + 2}}};
    const RepairResult r = repairFootprint(mp);
    EXPECT_EQ(r.outcome, RepairOutcome::Valid);
    EXPECT_NEAR(area(r.geometry), 96.0, 1e-9);
}

TEST(PolygonRepair, DegenerateAndNonFiniteAreRejected) {
    EXPECT_EQ(repairFootprint(one({{X, Y}, {X + 10, Y}, {X + 20, Y}, {X, Y}})).outcome,
              RepairOutcome::Degenerate);
    EXPECT_EQ(repairFootprint(one({{X, Y}, {X, Y}})).outcome, RepairOutcome::Degenerate);
    EXPECT_EQ(repairFootprint(MultiPolygon{}).outcome, RepairOutcome::Degenerate);
    EXPECT_EQ(repairFootprint(one({{X, Y}, {NAN, Y}, {X + 10, Y + 10}, {X, Y}})).outcome,
              RepairOutcome::Unrepairable);
    // 1.8e19 m overflowed a determinant inside Boost.Geometry (UBSan) and was reported "repaired".
    EXPECT_EQ(repairFootprint(one({{X, Y}, {1.8e19, Y}, {X + 10, Y + 10}, {X, Y}})).outcome,
              RepairOutcome::Unrepairable);
}

TEST(PolygonRepair, RepeatedPointsAreDropped) {
    const RepairResult r =
        repairFootprint(one({{X, Y}, {X + 10, Y}, {X + 10, Y}, {X + 10, Y + 10}, {X, Y + 10}, {X, Y}}));
    EXPECT_EQ(r.outcome, RepairOutcome::Valid);
    EXPECT_EQ(r.geometry[0].outer.size(), 5u);
}

TEST(PolygonRepair, AHugeSelfCrossingFootprintIsRepairedCorrectly) {
    // 99,990 vertices once took 25 s in an all-pairs crossing search; the sweep must find the same crossing. A
    // lemniscate of Bernoulli, (x^2 + y^2)^2 = a^2 (x^2 - y^2), crosses itself at the origin; repaired, its two
    // lobes together have the analytic area a^2 (r^2 = a^2 cos 2 theta integrated over both lobes; tolerance: the
    // polygon's discretisation, relative 1e-7).
    const int n = 99990;
    const double a = 1000.0;
    Ring r;
    for (int i = 0; i < n; ++i) {
        const double t = 2.0 * M_PI * (i + 0.25) / n;
        const double d = 1.0 + std::sin(t) * std::sin(t);
        r.push_back({a * std::cos(t) / d, a * std::sin(t) * std::cos(t) / d});
    }
    r.push_back(r.front());
    const RepairResult rr = repairFootprint(MultiPolygon{Polygon{r, {}}});
    ASSERT_EQ(rr.outcome, RepairOutcome::Repaired);
    EXPECT_EQ(rr.geometry.size(), 2u);
    EXPECT_NEAR(area(rr.geometry), a * a, a * a * 1e-7);
}

// The engine end to end: superposition and symmetry, grids against the analytic sources, consolidation in
// time, delay interbeds under a drawdown raster, contours, buildings, observations, validation, cancel.

#include "citytwin/subsidence/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "citytwin/subsidence/consolidation.h"
#include "citytwin/subsidence/contours.h"
#include "citytwin/subsidence/excavation.h"
#include "citytwin/subsidence/geertsma.h"
#include "citytwin/subsidence/observations.h"
#include "citytwin/subsidence/tunnel.h"
#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using core::Point;

const Tables& tables() {
    return test::shippedTables();
}

// A grid of nx x ny cells of `cell` m centred on the origin.
Scenario emptyScenario(int nx, int ny, double cell) {
    Scenario s;
    s.grid.nx = nx;
    s.grid.ny = ny;
    s.grid.transform.cellWidth = cell;
    s.grid.transform.cellHeight = cell;
    s.grid.transform.originX = -0.5 * nx * cell;
    s.grid.transform.originY = 0.5 * ny * cell;
    s.options.endDay = 100.0;
    s.options.tunnelCrossSections = false;
    return s;
}

Tunnel straightTunnel(const std::string& id, Point a, Point b) {
    Tunnel t;
    t.id = id;
    t.alignment = {a, b};
    t.axisDepthM = 20.0;
    t.diameterM = 6.0;
    t.volumeLossPercent = 1.0;
    t.troughWidthFactor = 0.5;
    return t;
}

Excavation squarePit(const std::string& id, double half) {
    Excavation e;
    e.id = id;
    e.outline = {{-half, -half}, {half, -half}, {half, half}, {-half, half}, {-half, -half}};
    e.depthM = 10.0;
    e.wallType = "diaphragm";
    e.envelope = "clough_orourke_sand";
    return e;
}

double at(const core::Raster& r, double x, double y) {
    int c = 0, row = 0;
    EXPECT_TRUE(r.cellOf(Point{x, y}, c, row)) << x << ", " << y;
    return r.at(c, row);
}

TEST(Engine, StraightTunnelGridMatchesPecksTrough) {
    // A 2 km tunnel along x through a 200 x 100 m grid of 0.5 m cells: far from its ends the grid is Peck's
    // trough, the strain grid its analytic strain.
    Scenario s = emptyScenario(400, 200, 0.5);
    s.tunnels.push_back(straightTunnel("T", {-1000, 0.25}, {1000, 0.25}));  // axis on a row of cell centres
    const Results r = run(s, tables());
    ASSERT_EQ(r.status, RunStatus::Completed);
    const Trough t = makeTrough(6.0, 20.0, 1.0, 10.0);
    for (double x : {0.0, 5.0, 10.0, 17.0, 30.0}) {
        const double y = 0.25 - x;
        // Float storage of mm: 1e-7 relative of 11 mm is 1.2e-9 m.
        EXPECT_NEAR(at(r.settlementMm, 20.25, y) * 1e-3, troughSettlement(t, x), 2e-9) << x;
    }
    // Strain by central differences of the displacement grid: truncation h² ε''/6 with h = 0.5 m, i = 10 m is
    // below 1e-6 (ε ~ 2.5e-4).
    EXPECT_NEAR(at(r.tensileStrain, 20.25, 0.25 - 17.0), troughHorizontalStrain(t, 17.0), 1e-6);
    EXPECT_NEAR(at(r.compressiveStrain, 20.25, 0.25), troughHorizontalStrain(t, 0.0), 1e-6);
    // Slope: truncation h² S'''/6 = 0.25 x 2 S/i³ / 6 = 5.7e-7 at x = i.
    EXPECT_NEAR(at(r.slope, 20.25, 0.25 - 10.0), std::abs(troughSlope(t, 10.0)), 1e-6);
    EXPECT_NEAR(r.scalars.maxSettlementMm, 1e3 * t.maxSettlementM, 1e-5);
    // Volume per metre of tunnel: V_s over the 200 m long grid, less the tails beyond ±50 m
    // (erfc(5/sqrt2)/2).
    EXPECT_NEAR(r.scalars.settledVolumeM3, 200.0 * t.volumeM3PerM, 1e-3 * 200.0 * t.volumeM3PerM);
}

TEST(Engine, TwoTroughsAddAndSymmetricCasesStaySymmetric) {
    Scenario a = emptyScenario(120, 120, 1.0);
    a.tunnels.push_back(straightTunnel("A", {-500, 12}, {500, 12}));
    Scenario b = emptyScenario(120, 120, 1.0);
    b.tunnels.push_back(straightTunnel("B", {-500, -12}, {500, -12}));
    Scenario both = a;
    both.tunnels.push_back(b.tunnels[0]);
    const Results ra = run(a, tables()), rb = run(b, tables()), rab = run(both, tables());
    const auto& va = ra.settlementMm.data();
    const auto& vb = rb.settlementMm.data();
    const auto& vab = rab.settlementMm.data();
    for (std::size_t i = 0; i < vab.size(); ++i)
        ASSERT_NEAR(vab[i], va[i] + vb[i], 1e-5) << i;  // float sums
    // Exactly at points.
    const Point p{3.0, 4.0};
    const double sa = evaluatePoints(a, tables(), {p}, {100.0})[0][0].settlementM;
    const double sb = evaluatePoints(b, tables(), {p}, {100.0})[0][0].settlementM;
    EXPECT_NEAR(evaluatePoints(both, tables(), {p}, {100.0})[0][0].settlementM, sa + sb, 1e-16);
    // The pair is symmetric about y = 0 and (far from the ends) about x = 0.
    const Grid& g = both.grid;
    for (int row = 0; row < g.ny; ++row)
        for (int c = 0; c < g.nx; ++c) {
            const float v = rab.settlementMm.at(c, row);
            // Two float ulps of ~10 mm.
            ASSERT_NEAR(v, rab.settlementMm.at(c, g.ny - 1 - row), 2e-6) << c << ", " << row;
            ASSERT_NEAR(v, rab.settlementMm.at(g.nx - 1 - c, row), 2e-6) << c << ", " << row;
        }
}

TEST(Engine, SquarePitIsSymmetricInEveryDirectionAndFollowsTheEnvelope) {
    Scenario s = emptyScenario(100, 100, 1.0);
    Excavation e = squarePit("P", 20.0);
    s.excavations.push_back(e);
    const Results r = run(s, tables());
    const Grid& g = s.grid;
    for (int row = 0; row < g.ny; ++row)
        for (int c = 0; c < g.nx; ++c) {
            const float v = r.settlementMm.at(c, row);
            // Mirrored points take the same arithmetic up to round-off: 1e-5 mm.
            ASSERT_NEAR(v, r.settlementMm.at(g.nx - 1 - c, row), 1e-5);
            ASSERT_NEAR(v, r.settlementMm.at(c, g.ny - 1 - row), 1e-5);
            ASSERT_NEAR(v, r.settlementMm.at(row, c), 1e-5);  // the diagonal
        }
    // Clough & O'Rourke sand, H = 10 m: 0.3 % H = 30 mm at the wall, linear to 0 at 20 m.
    EXPECT_NEAR(at(r.settlementMm, 25.5, 0.5), 30.0 * (1.0 - 5.5 / 20.0), 1e-4);
    EXPECT_NEAR(at(r.settlementMm, 45.5, 0.5), 0.0, 1e-9);
    // Inside the pit: masked, and no settlement from its own wall.
    EXPECT_EQ(at(r.pitMask, 0.5, 0.5), 1.0f);
    EXPECT_TRUE(std::isnan(at(r.pitMask, 30.5, 0.5)));
    EXPECT_EQ(at(r.settlementMm, 0.5, 0.5), 0.0f);
    // Ground moves towards the pit: east of it, westward.
    EXPECT_LT(at(r.displacementEastMm, 25.5, 0.5), 0.0f);
    EXPECT_NEAR(at(r.displacementEastMm, 25.5, 0.5), -at(r.settlementMm, 25.5, 0.5), 1e-4);
}

TEST(Engine, DewateringConsolidatesTheLayersInTime) {
    Scenario s = emptyScenario(80, 80, 2.0);
    Excavation e = squarePit("P", 10.0);
    e.envelope = "clough_orourke_sand";
    e.maxSettlementRatio = 1e-6;  // negligible wall settlement: look at the consolidation alone
    e.drawdownInsideM = 8.0;
    e.leakageFactor = 0.5;
    e.radiusOfInfluenceM = 60.0;
    SoilLayer clay;
    clay.name = "clay";
    clay.thicknessM = 4.0;
    clay.compressibility.mvPerKPa = 3e-4;
    clay.cvM2PerDay = 0.02;
    clay.initialEffectiveStressKPa = 60.0;
    e.layers.layers.push_back(clay);
    e.startDay = 10.0;
    s.excavations.push_back(e);
    s.options.outputTimesDays = {5.0, 50.0};
    s.options.endDay = 400.0;
    const Results r = run(s, tables());
    ASSERT_EQ(r.frames.size(), 3u);
    // By hand: r0 = sqrt(400/π), Thiem between r0 and r0 + 60 with 4 m at the wall; Δσ' = 9.81 s;
    // S = m_v Δσ' H U(c_v t / (H/2)²).
    const Point p{21.0, 1.0};  // 11 m east of the east wall
    const double r0 = std::sqrt(400.0 / 3.14159265358979323846);
    const double dd = 4.0 * std::log((r0 + 60.0) / (r0 + 11.0)) / std::log((r0 + 60.0) / r0);
    const double wall = 1e-6 * 10.0 * (1.0 - 11.0 / 20.0);
    for (double t : {5.0, 50.0, 400.0}) {
        const double u = terzaghiDegree(0.02 * (t - 10.0) / 4.0);
        const double expected = (t >= 10.0 ? wall : 0.0) + 3e-4 * 9.81 * dd * 4.0 * u;
        EXPECT_NEAR(evaluatePoints(s, tables(), {p}, {t})[0][0].settlementM, expected, 1e-12) << t;
    }
    EXPECT_EQ(at(r.frames[0].settlementMm, 21.0, 1.0), 0.0f);  // before the dig
    EXPECT_GT(at(r.frames[2].settlementMm, 21.0, 1.0), at(r.frames[1].settlementMm, 21.0, 1.0));
}

TEST(Engine, ContoursStayOutOfPitsAndDoNotStackAlongTheirWalls) {
    // A 20 m square pit 10 m deep (sand: 30 mm at the wall, zero at 20 m) on 1 m cells. The settlement jumps
    // from 0 inside to 30 mm at the wall; no level may be drawn along that step: each level is one closed
    // ring around the pit, at the envelope's distance d = 20 (1 - level / 30) m from the wall.
    Scenario s = emptyScenario(100, 100, 1.0);
    s.excavations.push_back(squarePit("P", 10.0));
    s.options.contourLevelsMm = {5.0, 25.0};
    const Results r = run(s, tables());
    ASSERT_EQ(r.contours.size(), 2u);
    for (const ContourLine& c : r.contours) {
        EXPECT_TRUE(c.closed()) << c.level;
        const double d = 20.0 * (1.0 - c.level / 30.0);
        for (const Point& p : c.points) {
            const double dist =
                std::hypot(std::max(std::abs(p.x) - 10.0, 0.0), std::max(std::abs(p.y) - 10.0, 0.0));
            // Tolerance: marching squares interpolates linearly between cell centres 1 m apart; the envelope
            // is linear along a side's normal, so exact there, and within 0.25 m where the corner's round-off
            // meets the grid's diagonals.
            EXPECT_NEAR(dist, d, 0.25) << c.level << " at " << p.x << ", " << p.y;
        }
    }
}

TEST(Engine, SlopeBesideAPitIsTheGroundsNotTheWallsStep) {
    // Sand envelope of a 10 m deep pit: 30 mm at the wall falling linearly to 0 at 20 m, a slope of 1.5e-3.
    // Differencing across the wall (0 inside) would give 15e-3 in the first ring of cells.
    Scenario s = emptyScenario(100, 100, 1.0);
    s.excavations.push_back(squarePit("P", 10.0));
    const Results r = run(s, tables());
    // One-sided differences of a linear profile are exact; float storage leaves 1e-7 relative.
    EXPECT_NEAR(at(r.slope, 10.5, 0.5), 1.5e-3, 1e-9);  // the first cell outside the east wall
    // Anywhere: the envelope's 1.5e-3 up to the central differences' error where the isolines turn round the
    // corners (0.5 % measured; 10 times the step if the wall were differenced).
    EXPECT_NEAR(r.scalars.maxSlope, 1.5e-3, 1.5e-5);
    EXPECT_TRUE(std::isnan(at(r.slope, 0.5, 0.5)));  // no ground inside the pit
    EXPECT_TRUE(std::isnan(at(r.tensileStrain, 9.5, 0.5)));
}

TEST(Engine, ConcavePitUsesTheDistanceToTheNearestEdge) {
    Scenario s = emptyScenario(120, 120, 1.0);
    Excavation e;
    e.id = "U";
    e.outline = {{-30, -20}, {30, -20}, {30, 20},  {10, 20},  {10, -10},
                 {-10, -10}, {-10, 20}, {-30, 20}, {-30, -20}};
    e.depthM = 10.0;
    e.wallType = "diaphragm";
    e.envelope = "clough_orourke_stiff_clay";  // 0.3 % H at the wall to zero at 3H = 30 m
    s.excavations.push_back(e);
    // In the notch at (0, 15): 10 m from the notch walls; the hull edge y = 20 is only 5 m away but is not
    // wall.
    const double v = evaluatePoints(s, tables(), {{0.0, 15.0}}, {100.0})[0][0].settlementM;
    EXPECT_NEAR(v, 0.03 * (1.0 - 10.0 / 30.0), 1e-12);
}

TEST(Engine, SoftGroundWithDrainsFollowsCarrillo) {
    Scenario s = emptyScenario(40, 40, 5.0);
    SoftGround g;
    g.id = "reclaimed";
    g.area.outer = {{-50, -50}, {50, -50}, {50, 50}, {-50, 50}, {-50, -50}};
    g.thicknessM = 10.0;
    g.compressibility.compressionIndex = 0.6;
    g.compressibility.initialVoidRatio = 1.5;
    g.effectiveUnitWeightKNPerM3 = 6.0;
    g.topEffectiveStressKPa = 10.0;
    g.cvM2PerDay = 0.01;
    g.loadKPa = 60.0;
    g.hasDrains = true;
    g.drains.spacingM = 1.5;
    g.drains.pattern = DrainPattern::Triangular;
    g.drains.smearRatio = 2.0;
    g.drains.permeabilityRatio = 2.0;
    g.drains.chM2PerDay = 0.02;
    s.softGround.push_back(g);
    s.options.endDay = 90.0;
    // By hand: σ'0 = 10 + 6 x 5 = 40 kPa; S_ult = 10/2.5 x 0.6 x log10(100/40); U_v at T = 0.01 x 90 / 25;
    // U_h = 1 - exp(-8 T_h / μ), d_e = 1.05 x 1.5, μ = ln(n/2) + 2 ln 2 - 0.75, n = d_e / 0.066.
    const double sult = 10.0 / 2.5 * 0.6 * std::log10(100.0 / 40.0);
    const double uv = terzaghiDegree(0.01 * 90.0 / 25.0);
    const double de = 1.5 * std::sqrt(2.0 * std::sqrt(3.0) / 3.14159265358979323846);
    const double n = de / 0.066;
    const double mu = std::log(n / 2.0) + 2.0 * std::log(2.0) - 0.75;
    const double uh = 1.0 - std::exp(-8.0 * 0.02 * 90.0 / (de * de) / mu);
    const double expected = sult * (1.0 - (1.0 - uv) * (1.0 - uh));
    EXPECT_NEAR(evaluatePoints(s, tables(), {{2.0, 3.0}}, {90.0})[0][0].settlementM, expected, 1e-12);
    const Results r = run(s, tables());
    // The grid uses the tabulated U_v (1e-9): float storage dominates.
    EXPECT_NEAR(at(r.settlementMm, 2.5, 2.5) * 1e-3, expected, 1e-7);
    EXPECT_EQ(at(r.settlementMm, 80.0, 80.0), 0.0f);
}

TEST(Engine, DrawdownRasterOverDelayInterbedsReproducesCsubP02) {
    Scenario s = emptyScenario(10, 10, 10.0);
    auto raster = std::make_shared<core::Raster>(10, 10, s.grid.transform, core::Crs(), 1.0f);  // 1 m decline
    DrawdownField f;
    f.id = "gw model";
    f.drawdownM = raster;
    DelayInterbeds ib;
    ib.name = "silt lenses";
    ib.thicknessM = 1.0;
    ib.kvMPerDay = 2.5e-6;
    ib.elasticSpecificStoragePerM = 1e-5;
    ib.inelasticSpecificStoragePerM = 1e-2;
    f.layers.interbeds.push_back(ib);
    s.drawdownFields.push_back(f);
    s.options.outputTimesDays = {100.0};
    s.options.endDay = 1000.0;
    const Results r = run(s, tables());
    ASSERT_EQ(r.frames.size(), 2u);
    // 1 % of the ultimate 10 mm, as the USGS compares.
    EXPECT_NEAR(at(r.frames[0].settlementMm, 5.0, 5.0), 3.5682, 0.1);
    EXPECT_NEAR(at(r.frames[1].settlementMm, 5.0, 5.0), 9.3126, 0.1);
}

TEST(Engine, ReservoirContoursAreCirclesOfTheAnalyticRadius) {
    Scenario s = emptyScenario(160, 160, 25.0);  // 4 x 4 km
    Reservoir res;
    res.id = "gas";
    res.depthM = 500.0;
    res.radiusM = 500.0;
    res.thicknessM = 10.0;
    res.pressureDropMPa = 10.0;
    res.youngModulusMPa = 2000.0;
    res.poissonRatio = 0.25;
    s.reservoirs.push_back(res);
    s.options.contourLevelsMm = {5.0, 10.0};
    const Results r = run(s, tables());
    // The radius where u_z = 10 mm, by bisection on the direct integrals.
    double lo = 0.0, hi = 2000.0;
    for (int it = 0; it < 60; ++it) {
        const double mid = 0.5 * (lo + hi);
        (geertsmaSurface(res, mid).settlementM > 0.01 ? lo : hi) = mid;
    }
    int rings = 0;
    for (const ContourLine& c : r.contours) {
        if (c.level != 10.0) continue;
        ++rings;
        EXPECT_TRUE(c.closed());
        for (const Point& p : c.points) {
            // Linear interpolation between centres 25 m apart on a curve of radius ~500 m: within 0.5 m.
            EXPECT_NEAR(std::hypot(p.x, p.y), lo, 0.5);
        }
    }
    EXPECT_EQ(rings, 1);
    // Area above 10 mm: π r² within the cells cut by the circle (perimeter x half a cell).
    const ContourArea& a10 = r.scalars.areaAboveLevel[1];
    EXPECT_EQ(a10.levelMm, 10.0);
    EXPECT_NEAR(a10.areaM2, 3.14159265358979323846 * lo * lo, 2.0 * 3.14159 * lo * 12.5);
    EXPECT_NEAR(r.scalars.maxSettlementMm, 18.3, 0.1);
}

TEST(Engine, BuildingsAreScreenedAssessedAndSorted) {
    Scenario s = emptyScenario(200, 160, 1.0);
    Tunnel t = straightTunnel("T", {-1000, 0.5}, {1000, 0.5});  // axis on a row of cell centres
    t.volumeLossPercent = 3.0;                                  // a bad drive: 34 mm over the axis
    s.tunnels.push_back(t);
    auto box = [](const std::string& id, double x0, double y0, double w, double h, double height) {
        Building b;
        b.id = id;
        b.footprint.push_back(
            core::Polygon{{{x0, y0}, {x0 + w, y0}, {x0 + w, y0 + h}, {x0, y0 + h}, {x0, y0}}, {}});
        b.heightM = height;
        return b;
    };
    s.buildings.push_back(box("far", 60, 50, 10, 10, 10));      // beyond the trough: screened out
    s.buildings.push_back(box("over", -10, -15, 20, 30, 12));   // straddling the axis: hogging-free sag
    s.buildings.push_back(box("shoulder", -10, 8, 20, 14, 9));  // in the tension zone
    s.options.worstBuildings = 2;
    const Results r = run(s, tables());
    ASSERT_EQ(r.buildings.size(), 3u);
    const BuildingResult* far = nullptr;
    for (const BuildingResult& b : r.buildings)
        if (b.id == "far") far = &b;
    ASSERT_NE(far, nullptr);
    EXPECT_EQ(far->rule, DecisionRule::Stage1Screening);
    EXPECT_EQ(far->damageCategory, 0);
    EXPECT_LT(far->maxSettlementMm, 10.0);
    // Sorted by risk; the far building last.
    EXPECT_EQ(r.buildings.back().id, "far");
    EXPECT_GE(r.buildings[0].damageCategory, r.buildings[1].damageCategory);
    for (const BuildingResult& b : r.buildings) {
        if (b.rule == DecisionRule::Stage1Screening) continue;
        EXPECT_EQ(b.damageCategory, tables().damage.classify(100.0 * b.limitingStrain).category) << b.id;
        EXPECT_GT(b.limitingStrain, 0.0) << b.id;
    }
    // The building over the axis: its largest settlement is the trough's peak (sampled on the 1 m grid).
    const Trough tr = makeTrough(6.0, 20.0, 3.0, 10.0);
    const BuildingResult* over = nullptr;
    for (const BuildingResult& b : r.buildings)
        if (b.id == "over") over = &b;
    ASSERT_NE(over, nullptr);
    EXPECT_NEAR(over->maxSettlementMm, 1e3 * tr.maxSettlementM, 0.01);
    EXPECT_GE(over->riskCategory, 2);  // 34 mm: Rankin "slight"
    // Counts and the worst buildings' time series.
    std::size_t total = 0;
    for (std::size_t c : r.scalars.buildingsPerCategory)
        total += c;
    EXPECT_EQ(total, 3u);
    ASSERT_EQ(r.series.size(), 2u);
    EXPECT_EQ(r.series[0].id, "building:" + r.buildings[0].id);
}

TEST(Engine, DriveAdvancesAndTheTroughGrowsAlongIt) {
    Scenario s = emptyScenario(400, 40, 5.0);  // 2 km x 200 m
    Tunnel t = straightTunnel("drive", {-1000, 0}, {1000, 0});
    t.startDay = 10.0;
    t.advanceRateMPerDay = 10.0;
    s.tunnels.push_back(t);
    s.options.endDay = 200.0;
    s.options.seriesPoints = {{"mid", {0.0, 0.0}}};
    s.options.seriesTimesDays = {0.0, 100.0, 110.0, 200.0};
    const Results r = run(s, tables());
    const double smax = makeTrough(6.0, 20.0, 1.0, 10.0).maxSettlementM * 1e3;
    ASSERT_EQ(r.series.size(), 1u);
    EXPECT_EQ(r.series[0].settlementMm[0], 0.0);
    // Day 110: the face is at chainage 1000 m, right under the point: half the trough.
    EXPECT_NEAR(r.series[0].settlementMm[2], 0.5 * smax, 1e-9);
    EXPECT_NEAR(r.series[0].settlementMm[3], smax, 1e-9);
    EXPECT_LT(r.series[0].settlementMm[1], 1e-3);  // 100 m before the face arrives
}

TEST(Engine, ResidualsAgainstLevellingAndInsar) {
    Scenario s = emptyScenario(60, 60, 2.0);
    s.grid.crs = core::Crs::fromEpsg(5186);
    s.tunnels.push_back(straightTunnel("T", {-500, 0}, {500, 0}));
    s.tunnels[0].startDay = 1.0;  // after the observations' zero reading at day 0
    s.options.endDay = 30.0;
    LevellingObservation l;
    l.id = "BM1";
    l.position = {0.0, 0.0};
    l.timeDays = 30.0;
    l.settlementMm = 10.0;
    s.levelling.push_back(l);
    // A synthetic InSAR band made from the model itself (towards the satellite positive, 34° incidence, mm):
    // the residual must vanish to float precision; a sign mistake would double it.
    const Trough tr = makeTrough(6.0, 20.0, 1.0, 10.0);
    auto los = std::make_shared<core::Raster>(60, 60, s.grid.transform, s.grid.crs, 0.0f);
    const double cosInc = std::cos(34.0 * 3.14159265358979323846 / 180.0);
    for (int row = 0; row < 60; ++row)
        for (int c = 0; c < 60; ++c) {
            const double y = s.grid.centreY(row);
            los->at(c, row) = static_cast<float>(-1e3 * troughSettlement(tr, y) * cosInc);
        }
    InsarBand b;
    b.id = "S1 2014-09-04";
    b.los = los;
    b.incidenceDeg = 34.0;
    b.timeDays = 30.0;
    s.insar.push_back(b);
    const Results r = run(s, tables());
    ASSERT_EQ(r.levelling.size(), 1u);
    EXPECT_NEAR(r.levelling[0].modelMm, 1e3 * tr.maxSettlementM, 1e-9);
    EXPECT_NEAR(r.levelling[0].residualMm, 1e3 * tr.maxSettlementM - 10.0, 1e-9);
    ASSERT_EQ(r.insar.size(), 1u);
    EXPECT_EQ(r.insar[0].count, 3600u);
    EXPECT_LT(r.insar[0].maxAbsMm, 1e-5);
    // Declared the other way round, the same numbers are read as uplift: residual twice the settlement.
    s.insar[0].sign = LosSign::PositiveAwayFromSatellite;
    const Results flipped = run(s, tables());
    // (largest at the pixels next to the axis, 1 m off it)
    EXPECT_NEAR(flipped.insar[0].maxAbsMm, 2e3 * troughSettlement(tr, 1.0), 1e-4);
}

TEST(Engine, ProfilesAlongUserLinesAndAcrossTunnels) {
    Scenario s = emptyScenario(100, 100, 1.0);
    s.tunnels.push_back(straightTunnel("T", {-500, 0}, {500, 0}));
    s.options.tunnelCrossSections = true;
    s.options.profiles.push_back(ProfileLine{"N-S", core::LineString{{3.0, -40.0}, {3.0, 40.0}}});
    s.options.profileSpacingM = 0.5;
    const Results r = run(s, tables());
    ASSERT_EQ(r.profiles.size(), 2u);
    const Profile& p = r.profiles[0];
    EXPECT_EQ(p.id, "N-S");
    ASSERT_EQ(p.points.size(), 161u);
    const Trough tr = makeTrough(6.0, 20.0, 1.0, 10.0);
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        const double y = p.points[i].y;
        EXPECT_NEAR(p.settlementMm[i], 1e3 * troughSettlement(tr, y), 1e-9);
        // Central difference over ±0.25 m: truncation (0.25)² ε''/6 <= 0.0625 x 3 S_max/(z0 i²) / 6 = 1.8e-7.
        EXPECT_NEAR(p.horizontalStrain[i], troughHorizontalStrain(tr, y), 2e-7) << y;
    }
    EXPECT_EQ(r.profiles[1].id, "tunnel:T");
    EXPECT_NEAR(*std::max_element(r.profiles[1].settlementMm.begin(), r.profiles[1].settlementMm.end()),
                1e3 * tr.maxSettlementM, 1e-6);
}

// ---- Bad input: each a clear problem naming the feature, the parameter and the value.
// --------------------------

bool hasProblem(const std::vector<core::Problem>& ps, const std::string& parameter,
                std::initializer_list<std::string> parts) {
    for (const core::Problem& p : ps) {
        if (p.parameter != parameter) continue;
        bool all = true;
        for (const std::string& part : parts)
            all = all && p.message.find(part) != std::string::npos;
        if (all) return true;
    }
    return false;
}

std::string dump(const std::vector<core::Problem>& ps) {
    std::string s;
    for (const core::Problem& p : ps)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

TEST(Validation, BadTunnels) {
    Scenario s = emptyScenario(10, 10, 1.0);
    Tunnel a = straightTunnel("T1", {0, 0}, {10, 0});
    a.axisDepthM = -5.0;
    Tunnel b = straightTunnel("T2", {0, 0}, {10, 0});
    b.diameterM = 0.0;
    Tunnel c = straightTunnel("T3", {0, 0}, {10, 0});
    c.volumeLossPercent = 120.0;
    s.tunnels = {a, b, c};
    const auto ps = validate(s, tables());
    EXPECT_TRUE(hasProblem(ps, "tunnels[0].axis_depth_m",
                           {"tunnel 'T1'", "axis_depth_m -5 m", "out of range (1 to 300)"}))
        << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "tunnels[1].diameter_m",
                           {"tunnel 'T2'", "diameter_m 0 m", "out of range (0.5 to 30)"}))
        << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "tunnels[2].volume_loss_percent",
                           {"tunnel 'T3'", "120 %", "out of range (0.001 to 100)"}))
        << dump(ps);
    EXPECT_EQ(ps.size(), 3u) << dump(ps);
    // run() refuses with all of them.
    citytwin::test::expectError([&] { run(s, tables()); }, core::ErrorCode::Validation,
                                {"3 problem(s)", "T1", "T2", "T3"});
}

TEST(Validation, ExcavationOutlineNotClosedAndUnknownTypes) {
    Scenario s = emptyScenario(10, 10, 1.0);
    Excavation e = squarePit("E1", 5.0);
    e.outline.pop_back();
    e.envelope = "swamp";
    s.excavations.push_back(e);
    Excavation f = squarePit("E2", 5.0);
    f.outline = {{0, 0}, {10, 10}, {10, 0}, {0, 5}, {0, 0}};  // edges 1 and 3 cross
    s.excavations.push_back(f);
    const auto ps = validate(s, tables());
    EXPECT_TRUE(
        hasProblem(ps, "excavations[0].outline", {"excavation 'E1'", "not closed", "(-5, -5)", "(-5, 5)"}))
        << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "excavations[0].envelope", {"'swamp'", "excavation_envelopes.csv"}))
        << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "excavations[1].outline", {"excavation 'E2'", "crosses itself"})) << dump(ps);
}

TEST(Validation, SoilLayerWithZeroCv) {
    Scenario s = emptyScenario(10, 10, 1.0);
    Excavation e = squarePit("E1", 5.0);
    e.drawdownInsideM = 5.0;
    e.radiusOfInfluenceM = 50.0;
    SoilLayer l;
    l.name = "marine clay";
    l.thicknessM = 5.0;
    l.compressibility.mvPerKPa = 1e-4;
    l.cvM2PerDay = 0.0;
    e.layers.layers.push_back(l);
    s.excavations.push_back(e);
    const auto ps = validate(s, tables());
    EXPECT_TRUE(hasProblem(ps, "excavations[0].layers[0].cv_m2_per_day",
                           {"excavation 'E1'", "layer 'marine clay'", "cv_m2_per_day 0", "out of range"}))
        << dump(ps);
    EXPECT_EQ(ps.size(), 1u) << dump(ps);
}

TEST(Validation, InsarWithoutIncidenceOrCrs) {
    Scenario s = emptyScenario(10, 10, 1.0);
    s.grid.crs = core::Crs::fromEpsg(5186);
    InsarBand a;
    a.id = "asc 2019-07-01";
    a.los = std::make_shared<core::Raster>(10, 10, s.grid.transform, s.grid.crs, 0.0f);
    InsarBand b = a;
    b.id = "desc";
    b.incidenceDeg = 39.0;
    b.los = std::make_shared<core::Raster>(10, 10, s.grid.transform, core::Crs(), 0.0f);
    s.insar = {a, b};
    const auto ps = validate(s, tables());
    EXPECT_TRUE(
        hasProblem(ps, "insar[0].incidence_deg", {"InSAR band 'asc 2019-07-01'", "no incidence angle"}))
        << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "insar[1].crs", {"InSAR band 'desc'", "no CRS"})) << dump(ps);
    EXPECT_EQ(ps.size(), 2u) << dump(ps);
}

TEST(Validation, IncompleteTablesAreProblemsNotCrashes) {
    Scenario s = emptyScenario(10, 10, 1.0);
    const auto ps = validate(s, Tables{});
    EXPECT_TRUE(hasProblem(ps, "tables.damage_categories", {"no damage categories"})) << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "tables.rankin_risk_categories", {"no risk categories"})) << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "tables.assessment_parameters", {"assessment parameters"})) << dump(ps);
    EXPECT_TRUE(validate(s, tables()).empty()) << dump(validate(s, tables()));
}

TEST(Validation, OtherSourcesAndOptions) {
    Scenario s = emptyScenario(0, 10, 1.0);
    s.options.endDay = -1.0;
    Reservoir r;
    r.id = "field";
    r.depthM = 1000.0;
    r.radiusM = 0.0;
    r.thicknessM = 10.0;
    r.youngModulusMPa = 1000.0;
    r.poissonRatio = 0.5;
    s.reservoirs.push_back(r);
    SoftGround g;
    g.id = "fill";
    g.area.outer = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
    g.thicknessM = 5.0;
    g.cvM2PerDay = 0.1;
    g.compressibility.compressionIndex = 0.5;
    g.compressibility.initialVoidRatio = 1.0;
    s.softGround.push_back(g);
    const auto ps = validate(s, tables());
    EXPECT_TRUE(hasProblem(ps, "grid", {"0 x 10"})) << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "end_day", {"-1"})) << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "reservoirs[0].radius_m", {"reservoir 'field'", "radius_m 0 m"})) << dump(ps);
    EXPECT_TRUE(hasProblem(ps, "reservoirs[0].poisson_ratio", {"0.5", "out of range (0 to 0.499)"}))
        << dump(ps);
    EXPECT_TRUE(
        hasProblem(ps, "soft_ground[0].effective_unit_weight_kn_per_m3", {"soft ground 'fill'", "cc needs"}))
        << dump(ps);
}

TEST(Engine, CancelReturnsPromptlyWithCancelledStatus) {
    Scenario s = emptyScenario(400, 400, 1.0);
    s.tunnels.push_back(straightTunnel("T", {-1000, 0}, {1000, 0}));
    s.options.outputTimesDays = {10, 20, 30, 40, 50};
    // Cancel while the second frame is being computed: the run stops there.
    std::atomic<int> reportsAfterCancel{0};
    std::atomic<bool> cancel{false};
    core::Progress progress(
        [&](double, const std::string& stage) {
            if (cancel) ++reportsAfterCancel;
            if (stage.find("settlement at day 20") != std::string::npos) cancel = true;
        },
        [&] { return cancel.load(); });
    const Results r = run(s, tables(), progress);
    EXPECT_EQ(r.status, RunStatus::Cancelled);
    EXPECT_EQ(r.frames.size(), 1u);
    EXPECT_LE(reportsAfterCancel.load(), 1);
}

TEST(Engine, ProgressGoesFromZeroToOne) {
    Scenario s = emptyScenario(50, 50, 1.0);
    s.tunnels.push_back(straightTunnel("T", {-100, 0}, {100, 0}));
    std::vector<double> seen;
    core::Progress progress([&](double f, const std::string&) { seen.push_back(f); }, {});
    run(s, tables(), progress);
    ASSERT_GE(seen.size(), 2u);
    EXPECT_EQ(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i)
        EXPECT_GE(seen[i], seen[i - 1]);
}

}  // namespace
}  // namespace citytwin::subsidence

namespace citytwin::subsidence {
namespace {

TEST(Engine, AlignmentSplitIntoCollinearLegsEqualsOneLegWhileDriving) {
    // The same 2 km drive as one leg and as three collinear legs, driven at 10 m/day: the cumulative normals
    // of the legs telescope, so the two agree at every time (to round-off).
    Scenario one = emptyScenario(10, 10, 1.0);
    Tunnel t = straightTunnel("one", {-1000, 0}, {1000, 0});
    t.advanceRateMPerDay = 10.0;
    one.tunnels.push_back(t);
    Scenario three = one;
    three.tunnels[0].alignment = {{-1000, 0}, {-300, 0}, {200, 0}, {1000, 0}};
    const std::vector<Point> pts = {{-310, 3}, {-295, -8}, {150, 12}, {205, 0}, {600, 5}};
    const std::vector<double> times = {30.0, 69.0, 70.0, 71.0, 119.0, 121.0, 150.0, 250.0};
    const auto a = evaluatePoints(one, tables(), pts, times);
    const auto b = evaluatePoints(three, tables(), pts, times);
    for (std::size_t i = 0; i < pts.size(); ++i)
        for (std::size_t k = 0; k < times.size(); ++k) {
            EXPECT_NEAR(a[i][k].settlementM, b[i][k].settlementM, 1e-15) << i << " at day " << times[k];
            EXPECT_NEAR(a[i][k].eastM, b[i][k].eastM, 1e-15) << i << " at day " << times[k];
            EXPECT_NEAR(a[i][k].northM, b[i][k].northM, 1e-15) << i << " at day " << times[k];
        }
    // An L-shaped drive: the second leg settles nothing before the face turns the corner (day 100).
    Scenario bent = one;
    bent.tunnels[0].alignment = {{-1000, 0}, {0, 0}, {0, 1000}};
    const auto c = evaluatePoints(bent, tables(), {{0.0, 500.0}}, {90.0, 150.0})[0];
    EXPECT_EQ(c[0].settlementM, 0.0);
    EXPECT_NEAR(c[1].settlementM, 0.5 * makeTrough(6.0, 20.0, 1.0, 10.0).maxSettlementM, 1e-12);
}

TEST(Contours, SaddlesFollowTheBlockMean) {
    // One 2 x 2 block: corners (0,0) and (1,1) high (1), the others low (0); mean 0.5.
    Grid g;
    g.nx = 2;
    g.ny = 2;
    g.transform.originX = 0.0;
    g.transform.originY = 2.0;
    const std::vector<float> v = {1.0f, 0.0f, 0.0f,
                                  1.0f};  // row-major: top-left, top-right, bottom-left, ...
    auto nearestCornerValue = [&](const Point& p) {
        double best = 1e9;
        float value = 0.0f;
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                const double d = std::hypot(p.x - g.centreX(c), p.y - g.centreY(r));
                if (d < best) {
                    best = d;
                    value = v[g.index(c, r)];
                }
            }
        return value;
    };
    // Level 0.4 (< mean): the high corners are joined through the middle, each line cuts off a low corner.
    auto lines = traceContours(g, v, {0.4});
    ASSERT_EQ(lines.size(), 2u);
    for (const ContourLine& l : lines) {
        ASSERT_EQ(l.points.size(), 2u);
        const Point mid{0.5 * (l.points[0].x + l.points[1].x), 0.5 * (l.points[0].y + l.points[1].y)};
        EXPECT_EQ(nearestCornerValue(mid), 0.0f);
    }
    // Level 0.6 (> mean): the low corners are joined, each line cuts off a high corner.
    lines = traceContours(g, v, {0.6});
    ASSERT_EQ(lines.size(), 2u);
    for (const ContourLine& l : lines) {
        const Point mid{0.5 * (l.points[0].x + l.points[1].x), 0.5 * (l.points[0].y + l.points[1].y)};
        EXPECT_EQ(nearestCornerValue(mid), 1.0f);
    }
}

TEST(Contours, VerticesLieOnTheLevelAndLinesAreContinuous) {
    Grid g;
    g.nx = 60;
    g.ny = 45;
    g.transform.originX = 100.0;
    g.transform.originY = 500.0;
    g.transform.cellWidth = 2.0;
    g.transform.cellHeight = 2.0;
    std::vector<float> v(g.cellCount());
    for (int r = 0; r < g.ny; ++r)
        for (int c = 0; c < g.nx; ++c)
            v[g.index(c, r)] = static_cast<float>(std::sin(c / 5.0) * std::cos(r / 4.0) + 0.02 * c);
    v[g.index(30, 20)] = std::numeric_limits<float>::quiet_NaN();  // a hole: lines end at it
    const auto lines = traceContours(g, v, {-0.3, 0.0, 0.45});
    ASSERT_GT(lines.size(), 5u);
    for (const ContourLine& l : lines) {
        ASSERT_GE(l.points.size(), 2u);
        for (std::size_t k = 0; k < l.points.size(); ++k) {
            const Point& p = l.points[k];
            // On a side between two centres the field is linear: the vertex's value is the level.
            const double fx = (p.x - g.transform.originX) / 2.0 - 0.5,
                         fy = (g.transform.originY - p.y) / 2.0 - 0.5;
            const int c0 = static_cast<int>(std::floor(fx + 1e-9)),
                      r0 = static_cast<int>(std::floor(fy + 1e-9));
            const double tx = fx - c0, ty = fy - r0;
            double value = 0.0;
            if (tx < 1e-9) {  // on a vertical side
                const double a = v[g.index(c0, r0)], b = v[g.index(c0, std::min(r0 + 1, g.ny - 1))];
                value = a + ty * (b - a);
            } else {  // on a horizontal side
                const double a = v[g.index(c0, r0)], b = v[g.index(std::min(c0 + 1, g.nx - 1), r0)];
                value = a + tx * (b - a);
            }
            EXPECT_NEAR(value, l.level, 1e-6);
            // Consecutive vertices lie in one block: at most a block diagonal apart.
            if (k > 0) {
                EXPECT_LE(std::hypot(p.x - l.points[k - 1].x, p.y - l.points[k - 1].y),
                          2.0 * std::sqrt(2.0) + 1e-9);
            }
        }
    }
}

}  // namespace
}  // namespace citytwin::subsidence

namespace citytwin::subsidence {
namespace {

TEST(Engine, SoftGroundThicknessRasterVariesTheMagnitudeAndTheRate) {
    // Thickness growing eastward from 2 to 20 m: both the ultimate settlement (m_v q H) and the time factor
    // (c_v t / (H/2)²) vary cell by cell.
    Scenario s = emptyScenario(20, 4, 10.0);
    auto h = std::make_shared<core::Raster>(20, 4, s.grid.transform, core::Crs(), 0.0f);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 20; ++c)
            h->at(c, r) = static_cast<float>(2.0 + c * (18.0 / 19.0));
    h->at(0, 0) = std::numeric_limits<float>::quiet_NaN();  // no soft layer there
    SoftGround g;
    g.id = "alluvium";
    g.thicknessRaster = h;
    g.compressibility.mvPerKPa = 5e-4;
    g.cvM2PerDay = 0.05;
    g.loadKPa = 40.0;
    g.drawdownM = 1.0;  // adds 9.81 kPa
    s.softGround.push_back(g);
    s.options.endDay = 200.0;
    const Results r = run(s, tables());
    for (int c : {1, 7, 19}) {
        const double H = 2.0 + c * (18.0 / 19.0);
        const double expected = 5e-4 * (40.0 + 9.81) * H * terzaghiDegree(0.05 * 200.0 / (0.25 * H * H));
        EXPECT_NEAR(r.settlementMm.at(c, 2) * 1e-3, expected, 1e-7 * expected + 1e-9) << "H = " << H;
    }
    EXPECT_EQ(r.settlementMm.at(0, 0), 0.0f);
}

TEST(Engine, InsarVelocityWithAnIncidenceRaster) {
    Scenario s = emptyScenario(30, 30, 2.0);
    s.grid.crs = core::Crs::fromEpsg(5186);
    Tunnel t = straightTunnel("T", {-500, 0}, {500, 0});
    t.startDay = 10.0;
    s.tunnels.push_back(t);
    s.options.endDay = 100.0;
    // Mean velocity over days 0..100 of a trough that appeared on day 10, in mm/yr, LOS away from the
    // satellite positive, with incidence varying across the scene.
    const Trough tr = makeTrough(6.0, 20.0, 1.0, 10.0);
    auto los = std::make_shared<core::Raster>(30, 30, s.grid.transform, s.grid.crs, 0.0f);
    auto inc = std::make_shared<core::Raster>(30, 30, s.grid.transform, s.grid.crs, 0.0f);
    for (int row = 0; row < 30; ++row)
        for (int c = 0; c < 30; ++c) {
            const double incidence = 30.0 + 0.3 * c;
            inc->at(c, row) = static_cast<float>(incidence);
            const double mmPerYear = 1e3 * troughSettlement(tr, s.grid.centreY(row)) / (100.0 / 365.25);
            los->at(c, row) =
                static_cast<float>(mmPerYear * std::cos(incidence * 3.14159265358979323846 / 180.0));
        }
    los->at(3, 3) = std::numeric_limits<float>::quiet_NaN();
    InsarBand b;
    b.id = "velocity";
    b.los = los;
    b.incidence = inc;
    b.kind = InsarKind::Velocity;
    b.sign = LosSign::PositiveAwayFromSatellite;
    b.referenceDay = 0.0;
    b.timeDays = 100.0;
    s.insar.push_back(b);
    const Results r = run(s, tables());
    ASSERT_EQ(r.insar.size(), 1u);
    EXPECT_EQ(r.insar[0].count, 899u);
    EXPECT_EQ(r.insar[0].residualMm.unit, "mm/yr");
    // Float storage of ~41 mm/yr values and of the incidence angle.
    EXPECT_LT(r.insar[0].maxAbsMm, 1e-4);
    EXPECT_TRUE(std::isnan(r.insar[0].residualMm.at(3, 3)));
}

}  // namespace
}  // namespace citytwin::subsidence

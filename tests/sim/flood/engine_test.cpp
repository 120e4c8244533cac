// Flood engine: forcing series, hazard, parameter validation, no-data policy, lake at rest, mass balance,
// boundaries, outputs, determinism, progress, cancellation and time-step collapse.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/flood/solver.h"
#include "flood_test_util.h"
#include "kernels.h"  // engine-internal: the Green-Ampt step, checked against its closed form

namespace citytwin::test {
namespace {

using flood::Boundary;
using flood::BoundaryKind;
using flood::Edge;
using flood::Extrapolation;
using flood::HazardClass;
using flood::Interpolation;
using flood::Results;
using flood::RunStatus;
using flood::Solver;
using flood::TimeSeries;

TimeSeries series(std::vector<double> t, std::vector<double> v, Interpolation i = Interpolation::Linear,
                  Extrapolation e = Extrapolation::Zero) {
    TimeSeries s;
    s.timesS = std::move(t);
    s.values = std::move(v);
    s.interpolation = i;
    s.extrapolation = e;
    return s;
}

/// The worst relative mass-balance error of a run.
double worstMassError(const Results& r) {
    double worst = 0.0;
    for (const auto& m : r.massBalance)
        worst = std::max(worst, m.relativeError);
    return worst;
}

/// Three humps (Liang & Borthwick 2009; LISFLOOD-FP 8 test T01-T03): 75 m x 30 m at 1 m.
flood::Setup threeHumps() {
    return setupOn(readFloodGrid("three_humps/humps.dem"));
}

// --- series and hazard
// ------------------------------------------------------------------------------------------

TEST(FloodSeries, StepAndLinearValuesAndExactIntegrals) {
    const TimeSeries step = series({0, 3600, 7200}, {100, 50, 0}, Interpolation::Step);
    EXPECT_EQ(step.valueAt(-1), 0.0);
    EXPECT_EQ(step.valueAt(0), 100.0);
    EXPECT_EQ(step.valueAt(3599.9), 100.0);
    EXPECT_EQ(step.valueAt(3600), 50.0);
    EXPECT_EQ(step.valueAt(7200), 0.0);  // the last point closes the series
    EXPECT_DOUBLE_EQ(step.integral(1800, 5400), 100.0 * 1800 + 50.0 * 1800);
    EXPECT_DOUBLE_EQ(step.integral(-100, 10000), 100.0 * 3600 + 50.0 * 3600);

    const TimeSeries lin = series({0, 10, 20}, {0, 10, 0});
    EXPECT_DOUBLE_EQ(lin.valueAt(5), 5.0);
    EXPECT_DOUBLE_EQ(lin.valueAt(15), 5.0);
    EXPECT_DOUBLE_EQ(lin.valueAt(20), 0.0);
    EXPECT_DOUBLE_EQ(lin.integral(0, 20), 100.0);  // triangle
    EXPECT_DOUBLE_EQ(lin.integral(5, 15), 75.0);
    EXPECT_DOUBLE_EQ(lin.integral(0, 1) + lin.integral(1, 2.5) + lin.integral(2.5, 20), 100.0);

    const TimeSeries level = series({100, 200}, {1.0, 2.0}, Interpolation::Linear, Extrapolation::Hold);
    EXPECT_DOUBLE_EQ(level.valueAt(0), 1.0);
    EXPECT_DOUBLE_EQ(level.valueAt(150), 1.5);
    EXPECT_DOUBLE_EQ(level.valueAt(1000), 2.0);
    EXPECT_DOUBLE_EQ(level.integral(0, 300), 100.0 * 1.0 + 150.0 + 100.0 * 2.0);
}

TEST(FloodHazard, RatingAndClassesFollowFd2321) {
    EXPECT_DOUBLE_EQ(flood::hazardRating(0.2, 1.0, 1.0, 0.25), 0.2 * 1.5);        // no debris below 0.25 m
    EXPECT_DOUBLE_EQ(flood::hazardRating(0.5, 1.0, 1.0, 0.25), 0.5 * 1.5 + 1.0);  // urban debris factor
    EXPECT_DOUBLE_EQ(flood::hazardRating(0.0, 3.0, 1.0, 0.25), 0.0);
    EXPECT_EQ(flood::hazardClassOf(0.74), HazardClass::Low);
    EXPECT_EQ(flood::hazardClassOf(0.75), HazardClass::Moderate);
    EXPECT_EQ(flood::hazardClassOf(1.25), HazardClass::Significant);
    EXPECT_EQ(flood::hazardClassOf(2.0), HazardClass::Extreme);
    EXPECT_STREQ(flood::toString(HazardClass::Significant), "significant");
}

// --- validation
// -------------------------------------------------------------------------------------------------

/// True when validate() reports a problem for `parameter` whose message contains `text`.
::testing::AssertionResult hasProblem(const flood::Setup& s, const std::string& parameter,
                                      const std::string& text) {
    const auto problems = flood::validate(s);
    std::string all;
    for (const auto& p : problems) {
        if (p.parameter == parameter && p.message.find(text) != std::string::npos)
            return ::testing::AssertionSuccess();
        all += "\n  " + p.parameter + ": " + p.message;
    }
    return ::testing::AssertionFailure()
           << "no problem (" << parameter << ", \"" << text << "\") among:" << all;
}

TEST(FloodValidation, ValidSetupHasNoProblem) {
    flood::Setup s = setupOn(10, 10, 1.0);
    s.rain.hyetograph = series({0, 3600}, {100, 0}, Interpolation::Step);
    EXPECT_TRUE(flood::validate(s).empty());
}

TEST(FloodValidation, EveryBadValueIsNamedWithItsParameter) {
    const flood::Setup good = setupOn(10, 10, 1.0);
    {
        flood::Setup s = good;
        s.grid.nx = 0;
        EXPECT_TRUE(hasProblem(s, "terrain", "at least one cell"));
    }
    {
        flood::Setup s = good;
        s.bedElevationM.resize(50);
        EXPECT_TRUE(hasProblem(s, "terrain", "50 values for a grid of 100 cells"));
    }
    {
        flood::Setup s = good;
        s.bedElevationM[3] = -9999.0f * 1e3f;
        EXPECT_TRUE(hasProblem(s, "terrain", "NoData not converted"));
    }
    {
        flood::Setup s = good;
        s.manningN = -0.1;
        EXPECT_TRUE(hasProblem(s, "manning_n", "must lie in 0 to 1"));
    }
    {
        flood::Setup s = good;
        s.rain.hyetograph = series({0, 600, 600, 1200}, {10, 20, 30, 0});
        EXPECT_TRUE(hasProblem(s, "rain_hyetograph",
                               "times must increase strictly, but time 2 (600 s) follows 600 s"));
    }
    {
        flood::Setup s = good;
        s.rain.hyetograph = series({0, 600}, {-5, 0});
        EXPECT_TRUE(hasProblem(s, "rain_hyetograph", "negative"));
    }
    {
        flood::Setup s = good;  // 100 mm/h written in m/s
        s.rain.hyetograph = series({0, 3600}, {2.8e-5, 0}, Interpolation::Step);
        EXPECT_TRUE(hasProblem(s, "rain_hyetograph", "m/s"));
    }
    {
        flood::Setup s = good;  // 100 mm in one hour written as mm/day
        s.rain.hyetograph = series({0, 3600}, {2400, 0}, Interpolation::Step);
        EXPECT_TRUE(hasProblem(s, "rain_hyetograph", "plausible"));
    }
    {
        flood::Setup s = good;
        s.rain.hyetograph = series({0, 3600}, {50, 0});
        s.rain.frames.push_back({0.0, std::vector<float>(100, 10.0f)});
        s.rain.framesEndS = 600;
        EXPECT_TRUE(hasProblem(s, "rain_frames", "not both"));
    }
    {
        flood::Setup s = good;
        s.inflows.push_back({"river", {{50.0, 5.0}}, series({0, 60}, {1, 1})});
        EXPECT_TRUE(
            hasProblem(s, "inflow_points", "inflow 0 (river): point 0 (50, 5) lies outside the grid"));
    }
    {
        flood::Setup s = good;
        s.bedElevationM[s.grid.index(0, 0)] = std::numeric_limits<float>::quiet_NaN();
        s.inflows.push_back({"manhole", {{0.5, 9.5}}, series({0, 60}, {1, 1})});
        EXPECT_TRUE(hasProblem(s, "inflow_points", "outside the domain"));
    }
    {
        flood::Setup s = good;
        s.inflows.push_back({"manhole", {{5, 5}}, series({0, 60, 30}, {1, 2, 1})});
        EXPECT_TRUE(hasProblem(s, "inflow_hydrographs", "times must increase strictly"));
    }
    {
        flood::Setup s = good;
        s.inflows.push_back({"manhole", {{5, 5}}, series({0, 60}, {1, -2})});
        EXPECT_TRUE(hasProblem(s, "inflow_hydrographs", "is negative (-2 m3/s)"));
    }
    {
        flood::Setup s = good;
        s.options.theta = 0.3;
        EXPECT_TRUE(hasProblem(s, "theta", "theta is 0.3, must lie in 0.5 to 0.8"));
    }
    {
        flood::Setup s = good;
        s.options.cfl = 1.5;
        EXPECT_TRUE(hasProblem(s, "cfl", "CFL number is 1.5, must lie in (0, 0.532] for theta 0.7"));
    }
    {
        flood::Setup s = good;
        s.durationS = -1;
        EXPECT_TRUE(hasProblem(s, "duration_s", "must lie in (0, 1e8] s"));
    }
    {
        flood::Setup s = good;
        s.options.depthThresholdM = 0.0;
        EXPECT_TRUE(hasProblem(s, "depth_threshold_m", "depth threshold"));
    }
    {
        flood::Setup s = good;
        Boundary b;
        b.kind = BoundaryKind::FreeOutflow;
        b.slope = 0.0;
        s.boundaries.push_back(b);
        EXPECT_TRUE(hasProblem(s, "boundaries", "free-outflow slope"));
    }
    {
        flood::Setup s = good;
        s.gauges.push_back({"G1", {-5.0, 5.0}});
        EXPECT_TRUE(hasProblem(s, "gauges", "gauge 0 (G1)"));
    }
    {
        flood::Setup s = good;
        s.losses.model = flood::LossModel::GreenAmpt;
        s.losses.hydraulicConductivityMmPerH = 0.0;
        EXPECT_TRUE(hasProblem(s, "ga_conductivity_mm_per_h", "hydraulic conductivity"));
    }
    {
        flood::Setup s = good;
        s.drainage.rateMmPerH = -3;
        EXPECT_TRUE(hasProblem(s, "drainage_mm_per_h", "drainage capacity"));
    }
    {
        flood::Setup s = good;
        s.options.outputIntervalS = 1.0;
        s.durationS = 1.0e7;
        s.grid = {2000, 2000, 1.0, 0.0, 2000.0};
        s.bedElevationM.assign(s.grid.cellCount(), 0.0f);
        EXPECT_TRUE(hasProblem(s, "output_interval_s", "longer interval"));
    }
}

TEST(FloodValidation, AllProblemsAtOnceAndTheSolverRefusesWithTheFirst) {
    flood::Setup s = setupOn(10, 10, 1.0);
    s.manningN = 5.0;
    s.options.cfl = 0.0;
    s.inflows.push_back({"outside", {{100, 100}}, series({0, 60}, {1, 1})});
    EXPECT_GE(flood::validate(s).size(), 3u);
    expectError([&] { Solver solver(s); }, core::ErrorCode::Validation,
                {"manning_n", "Manning n is 5", "2 more"});
    try {
        Solver solver(s);
    } catch (const core::Error& e) {
        EXPECT_EQ(e.context().parameter, "manning_n");
    }
}

// --- no-data (NaN) policy
// ----------------------------------------------------------------------------------------

TEST(FloodNoData, HolesWhereWaterFlowsAreRefusedWallsAndFillOnRequest) {
    flood::Setup s = setupOn(8, 8, 1.0, 2.0f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // A NaN border strip (outside the domain: fine) and a 2-cell hole inside.
    for (int c = 0; c < 8; ++c)
        s.bedElevationM[s.grid.index(c, 0)] = nan;
    s.bedElevationM[s.grid.index(3, 4)] = nan;
    s.bedElevationM[s.grid.index(4, 4)] = 4.0f;
    s.bedElevationM[s.grid.index(4, 4)] = nan;
    s.bedElevationM[s.grid.index(5, 4)] = 4.0f;
    s.initialDepthM.assign(s.grid.cellCount(), 0.5f);
    EXPECT_TRUE(hasProblem(s, "terrain", "2 no-data cells in holes inside the domain"));
    EXPECT_TRUE(hasProblem(s, "terrain", "cell (3, 4) at x = 3.5, y = 3.5"));
    expectError([&] { Solver solver(s); }, core::ErrorCode::Validation, {"nodata_policy = fill"});

    s.options.noDataPolicy = flood::NoDataPolicy::Wall;
    s.durationS = 10.0;
    const Results walls = flood::simulate(s);
    EXPECT_TRUE(std::isnan(walls.maxDepthM[s.grid.index(3, 4)]));
    EXPECT_TRUE(std::isnan(walls.maxDepthM[s.grid.index(2, 0)]));
    EXPECT_LT(worstMassError(walls), 1e-9);

    s.options.noDataPolicy = flood::NoDataPolicy::Fill;
    Solver filled(s);
    // One layer (both cells touch data): (3,4) sees 2, 2, 2 -> 2; (4,4) sees 4, 2, 2 -> 8/3.
    EXPECT_FLOAT_EQ(filled.setup().bedElevationM[s.grid.index(3, 4)], 2.0f);
    EXPECT_FLOAT_EQ(filled.setup().bedElevationM[s.grid.index(4, 4)], 8.0f / 3.0f);
    EXPECT_TRUE(std::isnan(filled.setup().bedElevationM[s.grid.index(0, 0)]));  // the border strip stays out
}

// --- lake at rest
// -------------------------------------------------------------------------------------------------

void expectLakeAtRest(flood::Setup s, const char* label) {
    s.initialLevelM.assign(s.grid.cellCount(), 0.875f);  // T01: humps critically wet, the big one emerging
    s.durationS = 600.0;
    s.options.seriesIntervalS = 100.0;
    Solver solver(s);
    std::vector<double> before(s.grid.cellCount());
    for (int r = 0; r < s.grid.ny; ++r)
        for (int c = 0; c < s.grid.nx; ++c)
            before[s.grid.index(c, r)] = solver.depthAt(c, r);
    const Results res = solver.run();
    EXPECT_FALSE(res.oscillation.detected()) << label << ": " << res.oscillation.warning;
    double maxSpeed = 0.0, maxChange = 0.0;
    for (std::size_t k = 0; k < before.size(); ++k) {
        if (std::isnan(res.maxDepthM[k])) continue;
        maxSpeed = std::max(maxSpeed, static_cast<double>(res.maxSpeedMPerS[k]));
        maxChange = std::max(maxChange, std::fabs(res.finalDepthM[k] - before[k]));
    }
    std::printf(
        "[figures] lake at rest (%s), 600 s: max speed %.3g m/s, max level change %.3g m, %lld steps\n",
        label, maxSpeed, maxChange, res.statistics.steps);
    EXPECT_EQ(maxSpeed, 0.0) << label;
    EXPECT_LT(maxChange, 1e-7) << label;  // float output of a double state
    EXPECT_LT(worstMassError(res), 1e-12) << label;
    EXPECT_GT(res.statistics.steps, 1000);
}

TEST(FloodLakeAtRest, ThreeHumpsStayAtRest) {
    flood::Setup s = threeHumps();
    s.manningN = 0.04;
    s.options.theta = 1.0;  // Bates et al. (2010) as published: outside the stable range, still well-balanced
    s.options.allowUnstableSettings = true;
    s.options.friction2d = false;
    expectLakeAtRest(s, "theta 1, 1D friction, n 0.04");
    s.options.allowUnstableSettings = false;
    s.options.friction2d = true;
    s.options.theta = 0.7;
    expectLakeAtRest(s, "theta 0.7");
    s.manningN = 0.0;
    s.manningGridN.assign(s.grid.cellCount(), 0.02f);
    for (std::size_t k = 0; k < s.manningGridN.size(); k += 3)
        s.manningGridN[k] = 0.1f;
    expectLakeAtRest(s, "frictionless / per-cell n");
    // Walls (a blocked building) and raised cells (a building raised by its height) inside the lake.
    flood::Setup b = threeHumps();
    b.blocked.assign(b.grid.cellCount(), 0);
    for (int r = 10; r < 15; ++r)
        for (int c = 5; c < 12; ++c)
            b.blocked[b.grid.index(c, r)] = 1;
    for (int r = 20; r < 25; ++r)
        for (int c = 5; c < 12; ++c)
            b.bedElevationM[b.grid.index(c, r)] += 3.0f;
    expectLakeAtRest(b, "blocked and raised buildings");
}

TEST(FloodLakeAtRest, ThreeHumpsStayAtRestWithFv1) {
    // The hydrostatic reconstruction (Audusse et al. 2004) keeps the lake exactly at rest: emerging humps
    // (wet/dry fronts), walls, raised cells, per-cell n.
    flood::Setup s = threeHumps();
    s.options.scheme = flood::Scheme::Fv1;
    s.manningN = 0.04;
    expectLakeAtRest(s, "FV1, n 0.04");
    s.manningN = 0.0;
    s.manningGridN.assign(s.grid.cellCount(), 0.02f);
    for (std::size_t k = 0; k < s.manningGridN.size(); k += 3)
        s.manningGridN[k] = 0.1f;
    expectLakeAtRest(s, "FV1, frictionless / per-cell n");
    flood::Setup b = threeHumps();
    b.options.scheme = flood::Scheme::Fv1;
    b.blocked.assign(b.grid.cellCount(), 0);
    for (int r = 10; r < 15; ++r)
        for (int c = 5; c < 12; ++c)
            b.blocked[b.grid.index(c, r)] = 1;
    for (int r = 20; r < 25; ++r)
        for (int c = 5; c < 12; ++c)
            b.bedElevationM[b.grid.index(c, r)] += 3.0f;
    expectLakeAtRest(b, "FV1, blocked and raised buildings");
}

// --- friction
// ----------------------------------------------------------------------------------------------------

TEST(FloodFriction, ImplicitAndSemiImplicitFollowTheirFormulas) {
    // Two cells of still-level water 1 m deep between walls, moving at 1 m/s: the one inner face starts with
    // q0 = 1 m²/s, no surface slope, n = 0.1; one step of 0.1 s. The cell speed is |q| / 2 / h (the wall
    // face carries nothing). Implicit: q (1 + a q) = q0; semi-implicit (Bates et al. 2010, eq. 8):
    // q = q0 / (1 + a q0); a = g dt n² / h^{7/3}.
    flood::Setup s = setupOn(2, 1, 1.0);
    s.initialDepthM.assign(2, 1.0f);
    s.initialVelocityXMPerS.assign(2, 1.0f);
    s.initialVelocityYMPerS.assign(2, 0.0f);
    s.manningN = 0.1;
    s.durationS = 0.1;
    s.options.theta = 1.0;  // no weighting with the (wall) neighbours
    s.options.allowUnstableSettings = true;
    s.options.friction2d = false;
    const double a = flood::kGravity * 0.1 * 0.01;  // h = 1
    for (flood::Friction f : {flood::Friction::Implicit, flood::Friction::SemiImplicit}) {
        s.options.friction = f;
        Solver solver(s);
        solver.step();
        ASSERT_DOUBLE_EQ(solver.timeS(), 0.1);
        const double q = 2.0 * solver.speedAt(0, 0) * solver.depthAt(0, 0);
        const double expected =
            f == flood::Friction::Implicit ? 2.0 / (1.0 + std::sqrt(1.0 + 4.0 * a)) : 1.0 / (1.0 + a);
        // float discharges: 1e-6 relative
        EXPECT_NEAR(q, expected, 2e-6) << (f == flood::Friction::Implicit ? "implicit" : "semi-implicit");
    }
}

// --- mass balance
// ------------------------------------------------------------------------------------------------

/// T03: dam break over the dry three humps (n = 0.018), closed, plus rain, a point inflow and a line inflow.
flood::Setup closedBasinWithForcing() {
    flood::Setup s = threeHumps();
    const core::Raster start = readFloodGrid("three_humps/T03/humps_db_orig.wd");
    s.initialDepthM = start.data();
    s.manningN = 0.018;
    s.rain.hyetograph = series({0, 30, 90, 120}, {0, 150, 150, 0});  // mm/h, linear
    s.inflows.push_back({"manhole", {{40.5, 15.5}}, series({10, 40, 80}, {0, 2.0, 0.5})});
    s.inflows.push_back({"channel", {{70.0, 2.0}, {70.0, 28.0}}, series({0, 200}, {1.5, 1.5})});
    s.options.seriesIntervalS = 10.0;
    s.durationS = 200.0;
    return s;
}

void expectBooksClose(const flood::Setup& s, const char* label, double rainMm, double inflowM3,
                      double tolerance = 1e-6) {
    const Results res = flood::simulate(s);
    // The oscillation check stays silent within the stable range; theta = 1 (allowed on request) on this dam
    // break over dry humps does oscillate, and the check says so: the books close all the same.
    EXPECT_EQ(res.oscillation.detected(), s.options.theta > flood::kMaxTheta)
        << label << ": " << res.oscillation.warning;
    const double worst = worstMassError(res);
    const auto& last = res.massBalance.back();
    std::printf(
        "[figures] mass balance (%s): worst relative error %.2e over %zu records, %lld positivity "
        "corrections\n",
        label, worst, res.massBalance.size(), res.statistics.positivityCorrections);
    EXPECT_LT(worst, tolerance) << label;
    EXPECT_DOUBLE_EQ(last.timeS, s.durationS);
    std::size_t active = 0;
    for (std::size_t k = 0; k < s.grid.cellCount(); ++k)
        active += !std::isnan(s.bedElevationM[k]) && (s.blocked.empty() || !s.blocked[k]);
    // What entered is booked exactly as the series say.
    EXPECT_NEAR(last.rainM3,
                rainMm / 1000.0 * static_cast<double>(active) * s.grid.cellSizeM * s.grid.cellSizeM,
                1e-9 * last.rainM3)
        << label;
    EXPECT_NEAR(last.inflowM3, inflowM3, 1e-9 * inflowM3) << label;
    EXPECT_EQ(last.boundaryOutflowM3, 0.0) << label;
}

TEST(FloodMassBalance, ClosedDomainWithRainAndInflowsClosesTo1e6) {
    // Rain 0 -> 150 mm/h over 30 s, 60 s at 150, down over 30 s: 150/3600 * (15 + 60 + 15) = 3.75 mm.
    const double rainMm = 150.0 / 3600.0 * 90.0;
    const double inflow = 0.5 * 30 * 2.0 + 0.5 * 40 * (2.0 + 0.5) + 1.5 * 200.0;
    flood::Setup s = closedBasinWithForcing();
    expectBooksClose(s, "defaults: theta 0.7, 2D friction", rainMm, inflow);
    s.options.theta = 1.0;  // outside the stable range (allowed on request): the books still close
    s.options.allowUnstableSettings = true;
    s.options.friction2d = false;
    expectBooksClose(s, "theta 1, 1D friction", rainMm, inflow);
    s.options.allowUnstableSettings = false;
    s.options.friction2d = true;
    s.options.theta = 0.7;
    s.losses.model = flood::LossModel::InitialContinuing;
    s.losses.initialLossMm = 2.0;
    s.losses.continuingLossMmPerH = 20.0;
    s.drainage.rateMmPerH = 30.0;
    expectBooksClose(s, "initial + continuing loss, drainage", rainMm, inflow);
    s.losses = {};
    s.losses.model = flood::LossModel::GreenAmpt;
    s.losses.hydraulicConductivityMmPerH = 10.0;
    s.losses.suctionHeadMm = 110.0;
    s.losses.moistureDeficit = 0.3;
    s.drainage = {};
    s.drainage.rateGridMmPerH.assign(s.grid.cellCount(), 0.0f);
    for (std::size_t k = 0; k < s.grid.cellCount(); k += 7)
        s.drainage.rateGridMmPerH[k] = 100.0f;
    expectBooksClose(s, "Green-Ampt, gridded drainage", rainMm, inflow);
}

TEST(FloodMassBalance, Fv1ClosedDomainWithRainAndInflowsClosesTo1e12) {
    const double rainMm = 150.0 / 3600.0 * 90.0;
    const double inflow = 0.5 * 30 * 2.0 + 0.5 * 40 * (2.0 + 0.5) + 1.5 * 200.0;
    flood::Setup s = closedBasinWithForcing();
    s.options.scheme = flood::Scheme::Fv1;
    expectBooksClose(s, "FV1", rainMm, inflow, 1e-12);
    s.losses.model = flood::LossModel::InitialContinuing;
    s.losses.initialLossMm = 2.0;
    s.losses.continuingLossMmPerH = 20.0;
    s.drainage.rateMmPerH = 30.0;
    expectBooksClose(s, "FV1, initial + continuing loss, drainage", rainMm, inflow, 1e-12);
    s.losses = {};
    s.losses.model = flood::LossModel::GreenAmpt;
    s.drainage = {};
    s.drainage.rateGridMmPerH.assign(s.grid.cellCount(), 0.0f);
    for (std::size_t k = 0; k < s.grid.cellCount(); k += 7)
        s.drainage.rateGridMmPerH[k] = 100.0f;
    expectBooksClose(s, "FV1, Green-Ampt, gridded drainage", rainMm, inflow, 1e-12);
}

TEST(FloodMassBalance, LossesTakeWhatTheModelsSay) {
    // A flat closed basin under steady rain: the initial loss, then the continuing rate.
    flood::Setup s = setupOn(20, 20, 2.0);
    s.rain.hyetograph = series({0, 1800}, {60, 0}, Interpolation::Step);  // 30 mm in 30 min
    s.losses.model = flood::LossModel::InitialContinuing;
    s.losses.initialLossMm = 10.0;
    s.losses.continuingLossMmPerH = 5.0;
    s.durationS = 3600.0;
    const Results r = flood::simulate(s);
    const double areaM2 = 400 * 4.0;
    const auto& m = r.massBalance.back();
    // The first 10 mm of rain (10 min at 60 mm/h) fill the initial loss; then 5 mm/h for the 50 min left
    // (the water stays on the flat): 14.17 mm taken, 15.83 mm left.
    EXPECT_NEAR(m.lossesM3 / areaM2 * 1000.0, 10.0 + 5.0 * 50.0 / 60.0, 0.05);
    EXPECT_NEAR(r.finalDepthM[0] * 1000.0, 30.0 - 10.0 - 5.0 * 50.0 / 60.0, 0.05);
    EXPECT_LT(worstMassError(r), 1e-6);

    // Green-Ampt potential infiltration against the closed form at F: t = (F - S ln(1 + F/S)) / Ks.
    const double ks = 10.0 / 1000 / 3600, suction = 0.11 * 0.3;
    double f = 0.0;
    for (int i = 0; i < 360; ++i)
        f += flood::detail::greenAmptIncrement(f, ks * 10.0, suction);
    const double t = (f - suction * std::log(1.0 + f / suction)) / ks;
    EXPECT_NEAR(t, 3600.0, 1e-6);
}

// --- boundaries
// --------------------------------------------------------------------------------------------------

/// Free outflow drains, a fixed level fills, a level series is followed, a discharge is delivered: with
/// either scheme, the books closing to `tolerance`.
void checkBoundaries(flood::Scheme scheme, double tolerance) {
    // A 40 m x 10 m plane falling 1:100 to the east with 0.3 m of water; free outflow on the east edge.
    flood::Setup s = setupOn(40, 10, 1.0);
    s.options.scheme = scheme;
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 40; ++c)
            s.bedElevationM[s.grid.index(c, r)] = static_cast<float>(0.4 - 0.01 * c);
    s.initialDepthM.assign(s.grid.cellCount(), 0.3f);
    s.manningN = 0.03;
    Boundary out;
    out.edge = Edge::East;
    out.kind = BoundaryKind::FreeOutflow;
    out.slope = 0.01;
    s.boundaries.push_back(out);
    s.durationS = 600.0;
    const Results drained = flood::simulate(s);
    const auto& m = drained.massBalance.back();
    EXPECT_GT(m.boundaryOutflowM3, 0.5 * m.initialM3);
    EXPECT_LT(worstMassError(drained), tolerance);

    // A dry closed basin with a fixed level of 0.5 m on a stretch of its west edge: it fills to that level.
    flood::Setup f = setupOn(20, 20, 1.0);
    f.options.scheme = scheme;
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 20; ++c)
            f.bedElevationM[f.grid.index(c, r)] = static_cast<float>(0.1 + 0.01 * c);
    Boundary level;
    level.edge = Edge::West;
    level.kind = BoundaryKind::FixedLevel;
    level.levelM = 0.5;
    level.fromM = 5.0;
    level.toM = 15.0;
    f.boundaries.push_back(level);
    f.manningN = 0.03;
    f.durationS = 3600.0;
    const Results filled = flood::simulate(f);
    for (int c : {0, 10, 19})
        EXPECT_NEAR(f.bedElevationM[f.grid.index(c, 10)] + filled.finalDepthM[f.grid.index(c, 10)], 0.5,
                    2e-3);
    EXPECT_GT(filled.massBalance.back().boundaryInflowM3, 0.0);
    EXPECT_LT(worstMassError(filled), tolerance);

    // A level rising in time: the basin follows it.
    f.boundaries[0].kind = BoundaryKind::LevelSeries;
    f.boundaries[0].levelSeriesM = series({0, 1800}, {0.0, 0.4}, Interpolation::Linear, Extrapolation::Hold);
    const Results rising = flood::simulate(f);
    EXPECT_NEAR(f.bedElevationM[f.grid.index(10, 10)] + rising.finalDepthM[f.grid.index(10, 10)], 0.4, 2e-3);
    EXPECT_LT(worstMassError(rising), tolerance);

    // A discharge through a stretch of the north edge (QVAR): every m³ of the hydrograph enters, as face
    // flow.
    f.boundaries[0] = Boundary{};
    f.boundaries[0].edge = Edge::North;
    f.boundaries[0].kind = BoundaryKind::Discharge;
    f.boundaries[0].fromM = 8.0;
    f.boundaries[0].toM = 12.0;
    f.boundaries[0].dischargeM3PerS = series({0, 600, 1200}, {0.0, 0.5, 0.0});
    f.durationS = 1500.0;
    const Results fed = flood::simulate(f);
    EXPECT_NEAR(fed.massBalance.back().boundaryInflowM3, 300.0, 1e-9 * 300.0);
    EXPECT_NEAR(fed.massBalance.back().storedM3, 300.0, 1e-9 * 300.0);
    EXPECT_LT(worstMassError(fed), tolerance);
}

TEST(FloodBoundaries, FreeOutflowDrainsAndFixedLevelFills) {
    checkBoundaries(flood::Scheme::LocalInertial, 1e-6);
}

TEST(FloodBoundaries, Fv1FreeOutflowDrainsAndFixedLevelFills) {
    checkBoundaries(flood::Scheme::Fv1, 1e-12);
}

// --- gridded rain and outputs
// --------------------------------------------------------------------------------------

TEST(FloodOutputs, GriddedRainFramesGaugesHazardAndTiming) {
    flood::Setup s = setupOn(30, 20, 5.0);
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 30; ++c)
            s.bedElevationM[s.grid.index(c, r)] = static_cast<float>(0.02 * std::abs(c - 15));
    // Two frames: rain on the western half for 10 min, then everywhere for 5 min; the eastern third never
    // rains in frame 1.
    std::vector<float> west(s.grid.cellCount(), 0.0f), all(s.grid.cellCount(), 40.0f);
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 15; ++c)
            west[s.grid.index(c, r)] = 120.0f;
    all[0] = std::numeric_limits<float>::quiet_NaN();  // no data: no rain there
    s.rain.frames = {{60.0, west}, {660.0, all}};
    s.rain.framesEndS = 960.0;
    s.gauges = {{"valley", {77.5, 52.5}}, {"ridge", {2.5, 97.5}}};
    s.options.outputIntervalS = 300.0;
    s.options.seriesIntervalS = 30.0;
    s.options.inundationThresholdM = 0.01;
    s.durationS = 1200.0;
    const Results r = flood::simulate(s);
    const double cellArea = 25.0;
    const double expected =
        (300.0 * 120.0 / 3600.0 / 1000.0 * 600.0 + (600.0 - 1) * 40.0 / 3600.0 / 1000.0 * 300.0) * cellArea;
    EXPECT_NEAR(r.massBalance.back().rainM3, expected, 1e-9 * expected);
    EXPECT_LT(worstMassError(r), 1e-6);
    // Frames every 5 minutes.
    ASSERT_EQ(r.frames.size(), 4u);
    EXPECT_DOUBLE_EQ(r.frames[0].timeS, 300.0);
    EXPECT_DOUBLE_EQ(r.frames[3].timeS, 1200.0);
    // Gauges every 30 s from 0, both series aligned.
    ASSERT_EQ(r.gauges.size(), 2u);
    EXPECT_EQ(r.gauges[0].timesS.size(), 41u);
    EXPECT_EQ(r.gauges[0].col, 15);
    EXPECT_EQ(r.gauges[0].row, 9);
    EXPECT_GT(r.gauges[0].peakDepthM, r.gauges[1].peakDepthM);  // water collects in the valley
    EXPECT_GE(r.gauges[0].peakDepthM,
              *std::max_element(r.gauges[0].depthM.begin(), r.gauges[0].depthM.end()));
    // The valley floods first and longest; time of inundation falls in the first frame.
    const std::size_t valley = s.grid.index(15, 9);
    EXPECT_GT(r.timeOfInundationS[valley], 60.0);
    EXPECT_LT(r.timeOfInundationS[valley], 660.0);
    EXPECT_GT(r.durationAboveThresholdS[valley], 0.0f);
    // Duration counts whole steps whose end state is inundated: at most one step (max_dt_s) more.
    EXPECT_LE(r.durationAboveThresholdS[valley], 1200.0f - r.timeOfInundationS[valley] + s.options.maxDtS);
    EXPECT_NE(r.hazardClass[valley], static_cast<std::uint8_t>(HazardClass::None));
    EXPECT_FLOAT_EQ(r.maxLevelM[valley], s.bedElevationM[valley] + r.maxDepthM[valley]);
    // A ridge cell that never holds 1 cm: never inundated, class None.
    const std::size_t ridge = s.grid.index(29, 0);
    EXPECT_TRUE(std::isnan(r.timeOfInundationS[ridge]));
    EXPECT_EQ(r.hazardClass[ridge], static_cast<std::uint8_t>(HazardClass::None));
}

TEST(FloodOutputs, FramesStreamToACallbackInsteadOfMemory) {
    // The same run twice: frames kept in memory, and frames handed to a callback as they are produced (the
    // host writes them to disk). The callback sees every frame, in order, with the same data; nothing is
    // kept.
    flood::Setup s = setupOn(30, 20, 5.0);
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 30; ++c)
            s.bedElevationM[s.grid.index(c, r)] = static_cast<float>(0.02 * std::abs(c - 15));
    s.rain.hyetograph = series({0, 600}, {80, 0}, Interpolation::Step);
    s.options.outputIntervalS = 300.0;
    s.durationS = 1200.0;
    const Results kept = flood::simulate(s);
    std::vector<flood::Frame> streamed;
    s.options.onFrame = [&](const flood::Frame& f) { streamed.push_back(f); };
    const Results r = flood::simulate(s);
    EXPECT_TRUE(r.frames.empty());
    ASSERT_EQ(kept.frames.size(), 4u);
    ASSERT_EQ(streamed.size(), kept.frames.size());
    EXPECT_EQ(r.statistics.framesProduced, 4u);
    EXPECT_EQ(kept.statistics.framesProduced, 4u);
    for (std::size_t i = 0; i < streamed.size(); ++i) {
        EXPECT_DOUBLE_EQ(streamed[i].timeS, kept.frames[i].timeS);
        EXPECT_EQ(streamed[i].depthM.size(), s.grid.cellCount());
        EXPECT_EQ(std::memcmp(streamed[i].depthM.data(), kept.frames[i].depthM.data(),
                              streamed[i].depthM.size() * sizeof(float)),
                  0);
        EXPECT_EQ(std::memcmp(streamed[i].speedMPerS.data(), kept.frames[i].speedMPerS.data(),
                              streamed[i].speedMPerS.size() * sizeof(float)),
                  0);
    }
    // A frame volume that would not fit in memory is refused when kept, accepted when streamed.
    flood::Setup big = setupOn(2000, 2000, 1.0);
    big.options.outputIntervalS = 1.0;
    big.durationS = 1.0e6;
    EXPECT_TRUE(hasProblem(big, "output_interval_s", "stream the frames"));
    big.options.onFrame = [](const flood::Frame&) {};
    EXPECT_TRUE(flood::validate(big).empty());
}

TEST(FloodOutputs, RunStatisticsDescribeTheSteps) {
    flood::Setup s = closedBasinWithForcing();
    const Results r = flood::simulate(s);
    const flood::RunStatistics& st = r.statistics;
    EXPECT_DOUBLE_EQ(st.simulatedS, s.durationS);
    EXPECT_GT(st.steps, 10);
    EXPECT_NEAR(st.meanDtS, st.simulatedS / static_cast<double>(st.steps), 1e-9);
    EXPECT_LE(st.minDtS, st.meanDtS);
    EXPECT_LE(st.meanDtS, st.maxDtS);
    EXPECT_LE(st.maxDtS, s.options.maxDtS);
    EXPECT_EQ(st.scheme, flood::Scheme::LocalInertial);
    // Every oscillation_check_interval_s (60 s) and at the end: 60, 120, 180, 200 s.
    EXPECT_EQ(st.oscillationChecks, 4);
    EXPECT_EQ(st.oscillationDetections, 0);
    EXPECT_GT(st.maxFroude, 0.0);
    EXPECT_GT(st.positivityCorrections, 0);  // a dam break over dry humps
    EXPECT_TRUE(r.warnings.empty());
}

// --- determinism, progress, cancel, collapse
// ------------------------------------------------------------------------

TEST(FloodRun, SameInputsGiveBitIdenticalResultsForAnyThreadCount) {
    flood::Setup s = closedBasinWithForcing();
    s.grid = {300, 120, 0.25, 0.0, 30.0};  // the humps at 0.25 m: 36000 cells, run on several threads
    const core::Raster humps = readFloodGrid("three_humps/humps.dem");
    s.bedElevationM.resize(s.grid.cellCount());
    s.initialDepthM.resize(s.grid.cellCount());
    const core::Raster start = readFloodGrid("three_humps/T03/humps_db_orig.wd");
    for (int r = 0; r < 120; ++r)
        for (int c = 0; c < 300; ++c) {
            s.bedElevationM[s.grid.index(c, r)] = humps.at(c / 4, r / 4);
            s.initialDepthM[s.grid.index(c, r)] = start.at(c / 4, r / 4);
        }
    s.durationS = 30.0;
    s.options.threads = 2;
    const Results a = flood::simulate(s);
    const Results b = flood::simulate(s);
    s.options.threads = 1;
    const Results one = flood::simulate(s);
    ASSERT_EQ(a.finalDepthM.size(), b.finalDepthM.size());
    EXPECT_EQ(std::memcmp(a.finalDepthM.data(), b.finalDepthM.data(), a.finalDepthM.size() * sizeof(float)),
              0);
    EXPECT_EQ(
        std::memcmp(a.maxSpeedMPerS.data(), b.maxSpeedMPerS.data(), a.maxSpeedMPerS.size() * sizeof(float)),
        0);
    EXPECT_EQ(a.massBalance.back().storedM3, b.massBalance.back().storedM3);
    EXPECT_EQ(a.statistics.steps, b.statistics.steps);
    // The depth field does not depend on the number of threads at all.
    EXPECT_EQ(std::memcmp(a.finalDepthM.data(), one.finalDepthM.data(), a.finalDepthM.size() * sizeof(float)),
              0);
    EXPECT_EQ(std::memcmp(a.maxDepthM.data(), one.maxDepthM.data(), a.maxDepthM.size() * sizeof(float)), 0);
}

TEST(FloodRun, Fv1SameInputsGiveBitIdenticalResultsForAnyThreadCount) {
    flood::Setup s = closedBasinWithForcing();
    s.options.scheme = flood::Scheme::Fv1;
    s.grid = {300, 120, 0.25, 0.0, 30.0};
    const core::Raster humps = readFloodGrid("three_humps/humps.dem");
    const core::Raster start = readFloodGrid("three_humps/T03/humps_db_orig.wd");
    s.bedElevationM.resize(s.grid.cellCount());
    s.initialDepthM.resize(s.grid.cellCount());
    for (int r = 0; r < 120; ++r)
        for (int c = 0; c < 300; ++c) {
            s.bedElevationM[s.grid.index(c, r)] = humps.at(c / 4, r / 4);
            s.initialDepthM[s.grid.index(c, r)] = start.at(c / 4, r / 4);
        }
    s.durationS = 10.0;
    s.options.threads = 2;
    const Results a = flood::simulate(s);
    s.options.threads = 1;
    const Results one = flood::simulate(s);
    EXPECT_EQ(std::memcmp(a.finalDepthM.data(), one.finalDepthM.data(), a.finalDepthM.size() * sizeof(float)),
              0);
    EXPECT_EQ(
        std::memcmp(a.maxSpeedMPerS.data(), one.maxSpeedMPerS.data(), a.maxSpeedMPerS.size() * sizeof(float)),
        0);
    EXPECT_EQ(a.statistics.steps, one.statistics.steps);
    EXPECT_LT(worstMassError(a), 1e-12);
    EXPECT_FALSE(a.oscillation.detected()) << a.oscillation.warning;
}

TEST(FloodRun, ProgressIsReportedAndCancelFromAnotherThreadReturnsPromptly) {
    flood::Setup s = setupOn(400, 400, 1.0);
    s.rain.hyetograph = series({0, 36000}, {50, 0}, Interpolation::Step);
    s.durationS = 36000.0;  // far longer than the test waits
    std::atomic<bool> stop{false};
    std::atomic<int> calls{0};
    std::chrono::steady_clock::time_point stopAt;
    std::vector<double> fractions;
    std::thread canceller([&] {
        while (calls.load() < 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        stopAt = std::chrono::steady_clock::now();
        stop = true;
    });
    Solver solver(s);
    const Results r = solver.run(
        [&](double fraction, const std::string& stage) {
            fractions.push_back(fraction);
            EXPECT_FALSE(stage.empty());
            ++calls;
        },
        [&] { return stop.load(); });
    const auto returned = std::chrono::steady_clock::now();
    canceller.join();
    EXPECT_EQ(r.status, RunStatus::Cancelled);
    EXPECT_LT(r.statistics.simulatedS, s.durationS);
    EXPECT_FALSE(r.massBalance.empty());
    EXPECT_DOUBLE_EQ(r.massBalance.back().timeS, r.statistics.simulatedS);
    EXPECT_LT(worstMassError(r), 1e-6);
    // Cancel is polled every step; a step of this grid takes milliseconds. A generous bound, not a speed
    // test.
    EXPECT_LT(std::chrono::duration<double>(returned - stopAt).count(), 10.0);
    ASSERT_GE(fractions.size(), 2u);
    for (std::size_t i = 1; i < fractions.size(); ++i)
        EXPECT_GE(fractions[i], fractions[i - 1]);
}

TEST(FloodRun, CompletedRunReportsFullProgress) {
    flood::Setup s = setupOn(10, 10, 1.0);
    s.initialDepthM.assign(100, 0.1f);
    s.durationS = 30.0;
    double last = -1.0;
    const Results r = flood::simulate(s, [&](double f, const std::string&) { last = f; });
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_DOUBLE_EQ(last, 1.0);
    EXPECT_DOUBLE_EQ(r.statistics.simulatedS, 30.0);
}

TEST(FloodRun, SdkProgressReportsWithinItsSpanAndCancels) {
    flood::Setup s = setupOn(10, 10, 1.0);
    s.initialDepthM.assign(100, 0.1f);
    s.durationS = 30.0;
    double lo = 1.0, hi = 0.0;
    bool stop = false;
    const core::Progress whole(
        [&](double f, const std::string&) { lo = std::min(lo, f), hi = std::max(hi, f); },
        [&] { return stop; });
    const Results r = flood::simulate(s, whole.sub(0.5, 0.75, "flood"));
    EXPECT_EQ(r.status, RunStatus::Completed);
    EXPECT_DOUBLE_EQ(lo, 0.5);
    EXPECT_DOUBLE_EQ(hi, 0.75);
    stop = true;
    EXPECT_EQ(flood::simulate(s, whole).status, RunStatus::Cancelled);
}

TEST(FloodRun, CollapsingTimeStepStopsWithWhereAndWhen) {
    flood::Setup s = setupOn(10, 10, 1.0);
    s.initialDepthM.assign(100, 0.1f);
    s.initialDepthM[s.grid.index(6, 3)] = 50.0f;  // 50 m of water: dt = 0.7 / sqrt(g 50) = 0.03 s
    s.options.minDtS = 0.05;
    expectError([&] { flood::simulate(s); }, core::ErrorCode::Simulation,
                {"time step collapsed", "min_dt_s", "at t = 0 s", "cell (6, 3) at x = 6.5, y = 6.5"});
}

}  // namespace
}  // namespace citytwin::test

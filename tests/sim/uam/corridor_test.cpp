// The corridor run end to end on the small synthetic city: routes, smoothing within limits, the blocking
// constraint named when no route exists, cost weights, noise and risk outputs, validation and cancel.

#include <gtest/gtest.h>

#include <atomic>

#include "city_fixture.h"
#include "citytwin/uam/corridor.h"
#include "uam_test_util.h"

namespace citytwin::uam {
namespace {

std::string all(const std::vector<core::Problem>& ps) {
    std::string s;
    for (const auto& p : ps)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

TEST(Corridor, PlansAFlyableRouteAroundTheTower) {
    CorridorScenario s = test::smallCity();
    const CorridorResult r = planCorridors(s);
    ASSERT_EQ(r.status, RunStatus::Completed) << all(r.problems);
    ASSERT_EQ(r.routes.size(), 1u);
    const RouteResult& rr = r.routes[0];
    ASSERT_TRUE(rr.found) << rr.blockedReason;
    // The centre line passes the collision, gradient and turn checks...
    std::string issues;
    for (const auto& i : rr.check.issues)
        issues += i + "\n";
    for (const auto& i : rr.notes)
        issues += "note: " + i + "\n";
    EXPECT_TRUE(rr.check.ok()) << issues;
    EXPECT_LE(rr.check.maxClimbGradient, 0.3 + 1e-9);
    EXPECT_LE(rr.check.maxDescentGradient, 0.3 + 1e-9);
    // Turns near the pads may use the terminal radius; none is tighter.
    EXPECT_GE(rr.check.minTurnRadiusM, s.aircraft.limits.terminalTurnRadiusM * (1 - 1e-9));
    // ... and an independent collision check, in the route's own free space (base grid + the two funnels).
    const AirspaceInputs in{&s.terrain, &s.buildings, &s.noFly, &s.vertiports};
    const Airspace air = Airspace::build(in, s.airspace);
    SearchSpace space(air.grid());
    space.addPatch(&air.departureFunnel(0));
    space.addPatch(&air.approachFunnel(1));
    std::string why;
    EXPECT_TRUE(test::polylineFree(space, rr.centreline, why)) << why;
    EXPECT_TRUE(test::polylineFree(space, rr.anyAnglePath, why)) << why;
    // From pad to pad: starts and ends over the pads' columns.
    EXPECT_NEAR(rr.centreline.front().x, 310.0, 1e-9);
    EXPECT_NEAR(rr.centreline.back().x, 2710.0, 1e-9);
    // Longer than the straight line between the pads, the any-angle path no longer than the smoothed one
    // by more than the detours smoothing adds (both checked loosely: within 20 %).
    const double straight = std::hypot(2400.0, 24.0);
    EXPECT_GT(rr.metrics.lengthM, straight);
    EXPECT_LT(rr.metrics.lengthM, 1.2 * (straight + 2 * 150));
    // Flight time: at most all at cruise speed, at least all at the terminal speed.
    EXPECT_GE(rr.metrics.flightTimeS, rr.metrics.lengthM / s.aircraft.cruiseSpeedMps);
    EXPECT_LE(rr.metrics.flightTimeS, rr.metrics.lengthM / s.aircraft.terminalSpeedMps);
    // The profile: distances increasing, the route inside the band or below its floor only near the pads.
    ASSERT_GT(rr.profile.size(), 100u);
    for (std::size_t n = 1; n < rr.profile.size(); ++n)
        EXPECT_GE(rr.profile[n].distanceM, rr.profile[n - 1].distanceM);
    for (const ProfileSample& p : rr.profile) {
        EXPECT_LE(p.altitudeM, p.bandCeilingM + 1e-6);
        EXPECT_GE(p.altitudeM, p.terrainM);
        if (p.distanceM > 700 && p.distanceM < rr.metrics.horizontalLengthM - 700) {
            EXPECT_GE(p.altitudeM, p.bandFloorM - 1e-6);
        }
    }
    // People: the route crosses the dense half (10000 /km²); the tube is 80 m wide over about 2.4 km: of the
    // order of 10000 x 0.08 x 2.4 = 1900 people (cells counted whole, so within a factor of two).
    EXPECT_GT(rr.metrics.peopleOverflown, 900.0);
    EXPECT_LT(rr.metrics.peopleOverflown, 4000.0);
    // SORA: 10000 /km² is the "< 50000" band; the shares add up to 1.
    double share = 0;
    for (double v : rr.metrics.soraBandShare)
        share += v;
    EXPECT_NEAR(share, 1.0, 1e-9);
    EXPECT_GT(rr.metrics.soraBandShare[5], 0.5);
    EXPECT_EQ(rr.metrics.maxIgrc, 9);  // 15 m / 90 m/s -> the 20 m / 120 m/s column, < 50000 row
    EXPECT_EQ(rr.profile[rr.profile.size() / 2].igrc, 9);
    EXPECT_GE(rr.profile[rr.profile.size() / 2].densityPerKm2, 10000.0);
    EXPECT_GT(rr.metrics.casualtiesPerFlightHour, 0.0);
    // Noise: L_Amax right under a route at 150-300 m AGL is 67 - 20 log10(h / 76.2) - absorption: 60-62 dBA.
    EXPECT_GT(rr.metrics.maxLamaxDbA, 58.0);
    EXPECT_LT(rr.metrics.maxLamaxDbA, 80.0);
    EXPECT_LT(rr.metrics.meanLamaxDbA, rr.metrics.maxLamaxDbA);
    EXPECT_FALSE(r.noise.lden.empty());
    EXPECT_FALSE(r.noise.ldenContours.empty());
    EXPECT_FALSE(r.groundRiskIgrc.empty());
    EXPECT_EQ(r.groundRiskIgrc.at(0, 19), 9.0f);  // 10000 /km²
    EXPECT_EQ(r.groundRiskIgrc.at(0, 0), 7.0f);   // 100 /km² -> "< 500"
    EXPECT_EQ(r.solids.size(), 6u);               // two funnels per vertiport
    EXPECT_GT(r.airspaceBytes, 0u);
}

TEST(Corridor, NoFlyVolumeAcrossTheCityBlocksAndIsNamed) {
    CorridorScenario s = test::smallCity();
    NoFlyVolume wall;
    wall.name = "Restricted R-75";
    wall.polygon = test::rect(1900, -100, 2000, 2100);  // a strip across the whole area, every altitude
    s.noFly.push_back(wall);
    const CorridorResult r = planCorridors(s);
    ASSERT_EQ(r.status, RunStatus::Completed) << all(r.problems);
    ASSERT_EQ(r.routes.size(), 1u);
    EXPECT_FALSE(r.routes[0].found);
    EXPECT_NE(r.routes[0].blockedReason.find("no route from 'West' to 'East'"), std::string::npos)
        << r.routes[0].blockedReason;
    EXPECT_NE(r.routes[0].blockedReason.find("no-fly volume 'Restricted R-75'"), std::string::npos)
        << r.routes[0].blockedReason;
    // With a ceiling the route goes over it.
    s.noFly[0].ceilingM = 250.0;
    const CorridorResult over = planCorridors(s);
    ASSERT_TRUE(over.routes[0].found) << over.routes[0].blockedReason;
    std::string issues;
    for (const auto& i : over.routes[0].check.issues)
        issues += i + "\n";
    for (const auto& i : over.routes[0].notes)
        issues += "note: " + i + "\n";
    EXPECT_TRUE(over.routes[0].check.ok()) << issues;
}

TEST(Corridor, BandBelowTheBuildingsIsNamed) {
    CorridorScenario s = test::smallCity();
    // A ring of 200 m buildings around East; the band MSL 100-200 m lies below their tops plus clearance.
    s.buildings.push_back(test::building("wall_n", 2400, 1200, 2990, 1220, 200.0));
    s.buildings.push_back(test::building("wall_s", 2400, 700, 2990, 720, 200.0));
    s.buildings.push_back(test::building("wall_w", 2400, 720, 2420, 1200, 200.0));
    s.buildings.push_back(test::building("wall_e", 2970, 720, 2990, 1200, 200.0));
    s.airspace.band = {100.0, 200.0, AltitudeReference::AboveSeaLevel};
    s.vertiports[1].approachBearingDeg = s.vertiports[1].departureBearingDeg = 270;
    const CorridorResult r = planCorridors(s);
    ASSERT_EQ(r.status, RunStatus::Completed) << all(r.problems);
    ASSERT_FALSE(r.routes[0].found);
    EXPECT_NE(r.routes[0].blockedReason.find("building 'wall_"), std::string::npos)
        << r.routes[0].blockedReason;
}

TEST(Corridor, PeopleWeightMovesTheRouteOffTheDenseHalf) {
    CorridorScenario s = test::smallCity();
    s.buildings.resize(1);  // only the tower
    const CorridorResult shortest = planCorridors(s);
    s.weights.people = 2.0;  // 2 m of detour per person overflown
    const CorridorResult quiet = planCorridors(s);
    ASSERT_TRUE(shortest.routes[0].found && quiet.routes[0].found);
    EXPECT_LT(quiet.routes[0].metrics.peopleOverflown, 0.7 * shortest.routes[0].metrics.peopleOverflown);
    EXPECT_GT(quiet.routes[0].metrics.lengthM, shortest.routes[0].metrics.lengthM);
}

TEST(Corridor, NoiseExposureCountsPeopleAndFlagsSensitiveBuildings) {
    CorridorScenario s = test::smallCity();
    s.routes[0].flights = {3000, 600, 200};  // busy enough to reach the noise classes under the route
    s.buildings.push_back(
        test::building("under_school", 1000, 930, 1040, 970, 12.0, 0.0, SensitiveUse::School));
    s.buildings.push_back(test::building("under_flats", 2200, 930, 2240, 970, 30.0, 150.0));
    const CorridorResult r = planCorridors(s);
    ASSERT_TRUE(r.routes[0].found);
    double people = 0;
    int buildings = 0;
    for (const auto& row : r.exposure) {
        people += row.people;
        buildings += row.buildings;
    }
    EXPECT_GT(buildings, 0);
    EXPECT_GE(people, 150.0);
    bool school = false;
    for (const auto& sb : r.sensitive)
        school = school || (sb.id == "under_school" && sb.use == SensitiveUse::School);
    EXPECT_TRUE(school);
    // The route table counts the same people for its own schedule (one route: the same totals).
    double routePeople = 0;
    for (double v : r.routes[0].metrics.peoplePerLdenClass)
        routePeople += v;
    EXPECT_NEAR(routePeople, people, 1e-9);
}

TEST(Corridor, InvalidScenariosReportEveryProblem) {
    CorridorScenario s = test::smallCity();
    s.airspace.band.minM = 400;  // above the ceiling
    s.aircraft.cruiseSpeedMps = 0;
    s.routes.push_back({"West", "Nowhere", {}});
    s.routes.push_back({"East", "East", {}});
    s.weights.people = -1;
    s.noise.air.temperatureC = 60;
    s.noise.air.relativeHumidityPct = 5;
    s.noise.cellM = 0;
    s.noise.absorptionFrequencyHz = 20000;
    s.aircraft.failureRatePerHour = 2;
    s.aircraft.limits.terminalTurnRadiusM = -1;
    s.airspace.funnel.slope = 0;
    s.airspace.tubeHalfWidthM = -5;
    s.twoLevel.fineHeuristicWeight = 0.5;
    const CorridorResult r = planCorridors(s);
    EXPECT_EQ(r.status, RunStatus::Invalid);
    const std::string text = all(r.problems);
    // Each problem names its parameter id and the bad value or item.
    for (const char* expected :
         {"band_min_m: the altitude band's floor 400 m AGL is not below its ceiling",
          "cruise_speed_mps: the cruise speed is 0",
          "routes: route 'West' -> 'Nowhere': no vertiport named 'Nowhere'",
          "routes: route 'East' -> 'East' starts and ends at the same vertiport",
          "weight_people: the weight is -1", "air_temperature_c: the air temperature is 60",
          "air_humidity_pct: the relative humidity is 5", "noise_cell_m: the noise grid cell is 0",
          "noise_absorption_frequency_hz: the absorption frequency is 20000",
          "failure_rate_per_hour: the failure rate is 2",
          "terminal_turn_radius_m: the terminal turn radius is -1", "funnel_slope: the funnel slope is 0",
          "tube_half_width_m: the tube half-width is -5",
          "fine_heuristic_weight: the fine search's heuristic weight is 0.5"})
        EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
    // All weights zero: nothing to minimise.
    CorridorScenario z = test::smallCity();
    z.weights.length = 0;
    EXPECT_NE(all(validateScenario(z)).find("all cost weights are 0"), std::string::npos);
    // Tables not loaded.
    CorridorScenario t = test::smallCity();
    t.tables = {};
    EXPECT_NE(all(validateScenario(t)).find("SORA iGRC table is not loaded"), std::string::npos);
}

TEST(Corridor, NetworkPlansEveryPair) {
    CorridorScenario s = test::smallCity();
    s.network = true;
    s.networkFlights = {50, 10, 2};
    const CorridorResult r = planCorridors(s);
    ASSERT_EQ(r.routes.size(), 3u);  // West-East (listed), West-North, East-North
    for (const auto& rr : r.routes) {
        EXPECT_TRUE(rr.found) << rr.from << "-" << rr.to << ": " << rr.blockedReason;
        EXPECT_TRUE(rr.check.ok()) << rr.from << "-" << rr.to << ": "
                                   << (rr.check.issues.empty() ? "" : rr.check.issues.front());
    }
}

TEST(Corridor, GridPlannerAndTwoLevelSearchAlsoGiveFlyableRoutes) {
    CorridorScenario s = test::smallCity();
    const CorridorResult theta = planCorridors(s);
    s.planner = Planner::Grid;
    const CorridorResult grid = planCorridors(s);
    ASSERT_TRUE(theta.routes[0].found && grid.routes[0].found);
    EXPECT_TRUE(grid.routes[0].check.ok());
    // The exact grid optimum is never cheaper than the any-angle path (Theta* <= A*).
    EXPECT_GE(grid.routes[0].metrics.cost, theta.routes[0].metrics.cost - 1e-9);
    s.planner = Planner::AnyAngle;
    s.twoLevelColumns = 1;  // force the two-level search on this small grid
    const CorridorResult two = planCorridors(s);
    ASSERT_TRUE(two.routes[0].found) << two.routes[0].blockedReason;
    EXPECT_TRUE(two.routes[0].check.ok());
    std::string why;
    const AirspaceInputs in{&s.terrain, &s.buildings, &s.noFly, &s.vertiports};
    const Airspace air = Airspace::build(in, s.airspace);
    SearchSpace space(air.grid());
    space.addPatch(&air.departureFunnel(0));
    space.addPatch(&air.approachFunnel(1));
    EXPECT_TRUE(test::polylineFree(space, two.routes[0].centreline, why)) << why;
}

TEST(Corridor, CancelStopsTheRun) {
    CorridorScenario s = test::smallCity();
    std::atomic<int> calls{0};
    core::Progress p([&](double, const std::string&) { ++calls; }, [&] { return calls.load() > 2; });
    const CorridorResult r = planCorridors(s, p);
    EXPECT_EQ(r.status, RunStatus::Cancelled);
}

}  // namespace
}  // namespace citytwin::uam

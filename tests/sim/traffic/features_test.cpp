// The engine's planning features against independent references: odd but legal inputs (solved by bisection
// here), road and access totals, vehicle classes (analytic), warm starts, select-link and select-zone
// (exact on a tree, identities on Sioux Falls), GEH and R2 (worked by hand), the matrix adjustment (known
// answers), turn bans and node delays (path costs by hand), and time-of-day totals (identities).

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "citytwin/core/error.h"
#include "citytwin/traffic/analysis.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/junctions.h"
#include "citytwin/traffic/periods.h"
#include "citytwin/traffic/tntp.h"
#include "test_util.h"

using namespace citytwin::traffic;
using citytwin::core::ErrorCode;
using citytwin::test::expectError;
using citytwin::test::sharedData;

namespace {

Link link(int tail, int head, double t0, double capacity = 1000, double alpha = 0.0, double beta = 1.0) {
    Link l;
    l.tail = tail;
    l.head = head;
    l.freeFlowTime = t0;
    l.capacity = capacity;
    l.alpha = alpha;
    l.beta = beta;
    l.length = t0;
    return l;
}

/// Root of a decreasing-minus-increasing function on [a, b] by bisection (an independent solver).
double bisect(const std::function<double(double)>& f, double a, double b) {
    for (int k = 0; k < 200; ++k) {
        const double m = 0.5 * (a + b);
        (f(a) * f(m) <= 0 ? b : a) = m;
    }
    return 0.5 * (a + b);
}

/// A tree: zones 1, 2, 3 (nodes 0..2) around a hub (node 3); trips 1->2, 1->3 and 2->3 each have one route.
struct Tree {
    Network net;
    OdMatrix od;
    int l14 = 0, l41 = 1, l24 = 2, l42 = 3, l34 = 4, l43 = 5;
};
Tree tree(double q12 = 100, double q13 = 200, double q23 = 100) {
    Tree t;
    t.net.nodeCount = 4;
    t.net.zoneCount = 3;
    t.net.firstThroughNode = 3;  // zones are centroids
    t.net.links = {link(0, 3, 1), link(3, 0, 1), link(1, 3, 1), link(3, 1, 1), link(2, 3, 1), link(3, 2, 1)};
    t.od = OdMatrix::fromPairs(3, {{0, 1, q12}, {0, 2, q13}, {1, 2, q23}});
    return t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Odd inputs

class OddInputs : public citytwin::test::TempDirTest {};

TEST_F(OddInputs, LargePowersSelfLoopsDuplicatesAndZeroCapacityAreHandled) {
    // Route a: 1 -> 3 -> 2 (power 16.83 as in a public network), route b: 1 -> 2 twice (a duplicate), a
    // self-loop at node 3 and a link of capacity 0 that would be the cheapest at zero flow.
    const std::string net =
        write("odd_net.tntp",
              "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 6\n"
              "<END OF METADATA>\n"
              "1 3 1000 1 10 0.15 16.83 0 0 1 ;\n"
              "3 2 1e9 0 0 0 1 0 0 1 ;\n"
              "1 2 1000 1 12 0.15 16.83 0 0 1 ;\n"
              "1 2 1000 1 12 0.15 16.83 0 0 1 ;\n"
              "3 3 100 1 1 0.15 4 0 0 1 ;\n"
              "1 2 0 1 1 0.15 4 0 0 1 ;\n");
    const Network n = readTntpNetwork(net);
    const NetworkNotes notes = inspectNetwork(n);
    EXPECT_EQ(notes.selfLoops, 1u);
    EXPECT_EQ(notes.duplicates, 2u);  // link 3 repeats link 2, link 5 repeats link 2's nodes too
    EXPECT_EQ(notes.zeroCapacity, 1u);
    EXPECT_EQ(notes.highPowers, 3u);
    EXPECT_DOUBLE_EQ(notes.largestPower, 16.83);
    EXPECT_TRUE(checkNetwork(n).empty());
    const double q = 3000;
    const OdMatrix od = OdMatrix::fromPairs(2, {{0, 1, q}});
    AssignmentOptions o;
    o.maxRelativeGap = 1e-13;
    const AssignmentResult r = assign(n, od, o);
    EXPECT_EQ(r.status, AssignmentStatus::Converged);
    // Reference: t_a(x) = t_b((q - x) / 2) with the two parallel copies sharing route b equally.
    const auto ta = [](double x) { return 10 * (1 + 0.15 * std::pow(x / 1000, 16.83)); };
    const auto tb = [](double y) { return 12 * (1 + 0.15 * std::pow(y / 1000, 16.83)); };
    const double x = bisect([&](double v) { return ta(v) - tb((q - v) / 2); }, 0, q);
    // Tolerance: a relative gap of 1e-13 leaves flow errors far below 1e-6 veh on two routes.
    EXPECT_NEAR(r.flow[0], x, 1e-6);
    EXPECT_NEAR(r.flow[1], x, 1e-6);
    EXPECT_NEAR(r.flow[2], (q - x) / 2, 1e-6);
    EXPECT_NEAR(r.flow[3], (q - x) / 2, 1e-6);
    EXPECT_EQ(r.flow[4], 0.0);  // the self-loop
    EXPECT_EQ(r.flow[5], 0.0);  // capacity 0: impassable
    bool said = false;
    for (const std::string& m : r.messages)
        said = said || m.find("capacity 0") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST_F(OddInputs, PowersBetweenZeroAndOneAndNegativeCapacitiesAreRefused) {
    const std::string a =
        write("a_net.tntp",
              "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<END OF METADATA>\n1 2 100 1 1 0.15 0.5 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(a); }, ErrorCode::FileFormat,
                {a, "line 4", "power 0.5 is not 0 or >= 1"});
    Network n;
    n.nodeCount = 2;
    n.zoneCount = 2;
    n.links = {link(0, 1, 1, -1)};
    const auto p = checkNetwork(n);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].message.find("capacity -1 is not >= 0"), std::string::npos) << p[0].message;
}

// ---------------------------------------------------------------------------------------------------------
// Totals and classes

TEST(Totals, RoadAndAccessAddUpAndFollowTheAccessLinks) {
    const Network n = readTntpNetwork(sharedData("traffic/Anaheim/Anaheim_net.tntp"));
    const OdMatrix od = readTntpTrips(sharedData("traffic/Anaheim/Anaheim_trips.tntp"), n.zoneCount);
    std::size_t access = 0;
    for (const Link& l : n.links)
        access += l.access;
    EXPECT_GT(access, 0u);  // FIRST THRU NODE 39: zones 1..38 are centroids
    const AssignmentResult r = assign(n, od, AssignmentOptions{});
    double acc = 0.0, road = 0.0, accKm = 0.0;
    for (std::size_t a = 0; a < n.links.size(); ++a) {
        const double v = r.flow[a] * r.travelTime[a];
        (n.links[a].access ? acc : road) += v;
        if (n.links[a].access) accKm += r.flow[a] * n.links[a].length;
    }
    // Tolerance: the same sums in another order (rounding of ~1e-16 relative per term).
    EXPECT_NEAR(r.accessTravelTime, acc, 1e-9 * r.totalTravelTime);
    EXPECT_NEAR(r.roadTravelTime, road, 1e-9 * r.totalTravelTime);
    EXPECT_NEAR(r.accessTravelTime + r.roadTravelTime, r.totalTravelTime, 1e-9 * r.totalTravelTime);
    EXPECT_NEAR(r.accessDistance, accKm, 1e-9 * r.vehicleDistance);
    EXPECT_GT(r.accessTravelTime, 0.0);
}

TEST(Classes, TrucksBannedFromOneRouteAndCountedInPce) {
    // Link a: t = 10 (1 + 0.5 x / 1000), link b: t = 15 (1 + 0.2 x / 1000), x in PCE/h. 500 trucks (PCE 2)
    // may not use a, so they load 1000 PCE on b; 2000 cars share: 10 + 0.005 x = 15 + 0.003 (1000 + 2000 -
    // x), x = 1750 on a, 250 on b, both at 18.75 min.
    Network n;
    n.nodeCount = 2;
    n.zoneCount = 2;
    n.links = {link(0, 1, 10, 1000, 0.5), link(0, 1, 15, 1000, 0.2)};
    std::vector<ClassDemand> classes(2);
    classes[0].demand = OdMatrix::fromPairs(2, {{0, 1, 2000}});
    classes[1].vehicleClass = {"truck", 2.0, {0}};
    classes[1].demand = OdMatrix::fromPairs(2, {{0, 1, 500}});
    AssignmentOptions o;
    o.maxRelativeGap = 1e-14;
    const AssignmentResult r = assign(n, classes, o);
    ASSERT_EQ(r.classFlow.size(), 2u);
    EXPECT_NEAR(r.classFlow[0][0], 1750, 1e-7);
    EXPECT_NEAR(r.classFlow[0][1], 250, 1e-7);
    EXPECT_EQ(r.classFlow[1][0], 0.0);
    EXPECT_NEAR(r.classFlow[1][1], 500, 1e-9);
    EXPECT_NEAR(r.flow[1], 1250, 1e-7);  // PCE
    EXPECT_NEAR(r.travelTime[0], 18.75, 1e-9);
    EXPECT_NEAR(r.travelTime[1], 18.75, 1e-9);
    EXPECT_NEAR(r.totalTravelTime, 2500 * 18.75, 1e-6);  // vehicles, not PCE
    EXPECT_NEAR(r.demandAssigned, 2500, 1e-9);
    // A ban that leaves no route is reported for that class.
    classes[1].vehicleClass.bannedLinks = {0, 1};
    const AssignmentResult u = assign(n, classes, o);
    ASSERT_EQ(u.unreachable.size(), 1u);
    EXPECT_EQ(u.unreachable[0].vehicleClass, 1);
    EXPECT_NEAR(u.unreachable[0].demand, 500, 1e-12);
    EXPECT_NEAR(u.classFlow[0][0], (5 + 0.003 * 2000) / 0.008, 1e-7);  // cars alone
}

TEST(Classes, BadClassesAreReported) {
    Network n;
    n.nodeCount = 2;
    n.zoneCount = 2;
    n.links = {link(0, 1, 10)};
    std::vector<ClassDemand> c(2);
    c[0].demand = OdMatrix::fromPairs(2, {});
    c[1].vehicleClass = {"car", 0.0, {7}};
    c[1].demand = OdMatrix::fromPairs(2, {});
    const auto p = validate(n, c, AssignmentOptions{});
    const auto has = [&](const std::string& t) {
        for (const Problem& q : p)
            if (q.parameter == "vehicle_classes" && q.message.find(t) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("is given twice"));
    EXPECT_TRUE(has("PCE 0 is not > 0"));
    EXPECT_TRUE(has("banned link 7 does not exist"));
}

// ---------------------------------------------------------------------------------------------------------
// Warm starts

TEST(WarmStart, SameEquilibriumFromAnEarlierSolution) {
    const Network n = readTntpNetwork(sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp"));
    const OdMatrix od = readTntpTrips(sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp"), n.zoneCount);
    std::vector<OdPair> cells = od.pairs();
    for (OdPair& c : cells)
        c.demand *= 0.8;
    const OdMatrix lower = OdMatrix::fromPairs(n.zoneCount, cells);
    AssignmentOptions o;
    o.keepOriginFlows = true;
    const AssignmentResult full = assign(n, od, o);
    const AssignmentResult cold = assign(n, lower, AssignmentOptions{});
    AssignmentOptions w;
    w.warmStart = full.origins;
    const AssignmentResult warm = assign(n, lower, w);
    EXPECT_EQ(warm.warmOrigins, 24u);
    EXPECT_LE(warm.relativeGap, 1e-10);
    // Tolerance: both are within a gap of 1e-10 of the unique optimum (Sioux Falls is strictly convex).
    EXPECT_NEAR(warm.objective, cold.objective, 1e-9 * cold.objective);
    for (std::size_t a = 0; a < n.links.size(); ++a)
        EXPECT_NEAR(warm.flow[a], cold.flow[a], 0.01) << a;
    EXPECT_LE(warm.iterations, cold.iterations);
    // The same demand again: the bushes in their shares are the solution already, converged before any
    // iteration (the gap measured at the start is the earlier run's final one).
    AssignmentOptions again;
    again.warmStart = full.origins;
    const AssignmentResult same = assign(n, od, again);
    EXPECT_EQ(same.iterations, 0);
    EXPECT_LE(same.relativeGap, 1e-10);
    EXPECT_NEAR(same.objective, full.objective, 1e-12 * full.objective);
}

// ---------------------------------------------------------------------------------------------------------
// Select link and select zone

TEST(SelectLink, ExactOnSingleRoutes) {
    const Tree t = tree();
    AssignmentOptions o;
    o.keepOriginFlows = true;
    const AssignmentResult r = assign(t.net, t.od, o);
    const SelectLinkResult s = selectLink(r, {t.l14});
    // Link 1 -> hub carries the trips of zone 1: 1 -> 2 (100) and 1 -> 3 (200).
    EXPECT_NEAR(s.total, 300, 1e-9);
    EXPECT_NEAR(s.demand.at(0, 1), 100, 1e-9);
    EXPECT_NEAR(s.demand.at(0, 2), 200, 1e-9);
    EXPECT_EQ(s.demand.at(1, 2), 0.0);
    EXPECT_NEAR(s.flow[static_cast<std::size_t>(t.l14)], 300, 1e-9);
    EXPECT_NEAR(s.flow[static_cast<std::size_t>(t.l42)], 100, 1e-9);
    EXPECT_NEAR(s.flow[static_cast<std::size_t>(t.l43)], 200, 1e-9);
    EXPECT_EQ(s.flow[static_cast<std::size_t>(t.l24)], 0.0);
    // Selecting the hub's exit to zone 3 finds what arrives there from both origins.
    const SelectLinkResult e = selectLink(r, {t.l43});
    EXPECT_NEAR(e.demand.at(0, 2), 200, 1e-9);
    EXPECT_NEAR(e.demand.at(1, 2), 100, 1e-9);
    EXPECT_NEAR(e.flow[static_cast<std::size_t>(t.l24)], 100, 1e-9);
    expectError([&] { selectLink(assign(t.net, t.od, AssignmentOptions{}), {0}); }, ErrorCode::Validation,
                {"select_links", "keepOriginFlows"});
    expectError([&] { selectLink(r, {99}); }, ErrorCode::Validation,
                {"select_links", "link 99 does not exist"});
}

TEST(SelectLink, IdentitiesOnSiouxFalls) {
    const Network n = readTntpNetwork(sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp"));
    const OdMatrix od = readTntpTrips(sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp"), n.zoneCount);
    AssignmentOptions o;
    o.keepOriginFlows = true;
    const AssignmentResult r = assign(n, od, o);
    const int busiest = static_cast<int>(std::max_element(r.flow.begin(), r.flow.end()) - r.flow.begin());
    const SelectLinkResult s = selectLink(r, {busiest});
    const double f = r.flow[static_cast<std::size_t>(busiest)];
    // Every trip on the selected link is selected there, and (bushes are acyclic) passes it once: the
    // selected demand is the link's flow. Tolerance: rounding over 24 bushes.
    EXPECT_NEAR(s.flow[static_cast<std::size_t>(busiest)], f, 1e-9 * f);
    EXPECT_NEAR(s.total, f, 1e-9 * f);
    for (const OdPair& c : s.demand.pairs())
        EXPECT_LE(c.demand, od.at(c.origin, c.destination) * (1 + 1e-12));
    for (std::size_t a = 0; a < n.links.size(); ++a)
        EXPECT_LE(s.flow[a], r.flow[a] * (1 + 1e-9) + 1e-9);
}

TEST(SelectZone, ZonesAddUpToTheFlows) {
    const Network n = readTntpNetwork(sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp"));
    const OdMatrix od = readTntpTrips(sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp"), n.zoneCount);
    AssignmentOptions o;
    o.keepOriginFlows = true;
    const AssignmentResult r = assign(n, od, o);
    std::vector<double> from(n.links.size(), 0.0), to(n.links.size(), 0.0);
    for (int z = 0; z < n.zoneCount; ++z) {
        const SelectZoneResult a = selectZone(r, z, ZoneDirection::From);
        const SelectZoneResult b = selectZone(r, z, ZoneDirection::To);
        EXPECT_NEAR(
            a.demand.total(),
            [&] {
                double s = 0;
                for (std::size_t k = od.begin(z); k < od.end(z); ++k)
                    s += od.demands()[k];
                return s;
            }(),
            1e-6);
        for (std::size_t l = 0; l < n.links.size(); ++l) {
            from[l] += a.flow[l];
            to[l] += b.flow[l];
        }
    }
    // Every trip starts in one zone and ends in one: both sums are the link flows (rounding tolerance).
    for (std::size_t l = 0; l < n.links.size(); ++l) {
        EXPECT_NEAR(from[l], r.flow[l], 1e-6 * std::max(1.0, r.flow[l]));
        EXPECT_NEAR(to[l], r.flow[l], 1e-6 * std::max(1.0, r.flow[l]));
    }
    expectError([&] { selectZone(r, 24, ZoneDirection::From); }, ErrorCode::Validation,
                {"select_zone", "zone 25 does not exist"});
}

// ---------------------------------------------------------------------------------------------------------
// Counts

TEST(Counts, GehAndRegressionWorkedByHand) {
    // GEH = sqrt(2 (M - C)^2 / (M + C)): (1100, 1000) -> sqrt(20000 / 2100) = 3.0861; (150, 100) -> sqrt(20)
    // = 4.4721; (500, 300) -> sqrt(80000 / 800) = 10.
    EXPECT_NEAR(geh(1100, 1000), 3.086067, 1e-6);
    EXPECT_NEAR(geh(150, 100), 4.472136, 1e-6);
    EXPECT_NEAR(geh(500, 300), 10.0, 1e-12);
    EXPECT_EQ(geh(0, 0), 0.0);
    // Counts 100, 200, 300 against flows 110, 190, 420: GEH 0.976, 0.713, 6.325 -> 2 of 3 below 5.
    // Regression of flows on counts: mean C = 200, mean M = 240; Sxx = 20000, Sxy = (-100)(-130) + 0 +
    // (100)(180) = 31000, Syy = 16900 + 2500 + 32400 = 51800 -> slope 1.55, intercept 240 - 310 = -70,
    // R2 = 31000^2 / (20000 x 51800) = 0.927606. RMSE = sqrt((100 + 100 + 14400) / 3) = 69.76 -> 34.88 %.
    const std::vector<double> flow = {110, 190, 420};
    const CountComparison c = compareCounts(flow, {{"a", {0}, 100}, {"b", {1}, 200}, {"c", {2}, 300}});
    EXPECT_NEAR(c.rows[0].geh, 0.975900, 1e-6);
    EXPECT_NEAR(c.rows[2].geh, 6.324555, 1e-6);
    EXPECT_NEAR(c.gehBelow5Share, 2.0 / 3.0, 1e-15);
    EXPECT_NEAR(c.slope, 1.55, 1e-12);
    EXPECT_NEAR(c.intercept, -70, 1e-9);
    EXPECT_NEAR(c.r2, 0.927606, 1e-6);
    EXPECT_NEAR(c.rmsePercent, 34.880749, 1e-5);
    // A count on two links adds them up (both directions of a road).
    const CountComparison two = compareCounts(flow, {{"ab", {0, 1}, 300}});
    EXPECT_NEAR(two.rows[0].modelled, 300, 1e-12);
    expectError(
        [&] {
            compareCounts(flow, {{"x", {5}, 1}});
        },
        ErrorCode::Validation, {"counts", "count 'x' is on link 5"});
    expectError(
        [&] {
            compareCounts(flow, {{"y", {0}, -1}});
        },
        ErrorCode::Validation, {"counts", "count 'y'"});
}

TEST(MatrixAdjustment, OneCountedCorridorScalesInOneStep) {
    // Link 1 -> hub carries 1 -> 2 (100) and 1 -> 3 (200) and is counted at 600: Spiess's first step with the
    // optimal length is lambda = 1 / v, which scales both cells by c / v = 2 (worked out in
    // sim/traffic/README).
    const Tree t = tree();
    MatrixAdjustmentOptions m;
    m.iterations = 1;
    const MatrixAdjustmentResult r =
        adjustToCounts(t.net, t.od, {{"hub in", {t.l14}, 600}}, AssignmentOptions{}, m);
    EXPECT_NEAR(r.adjusted.at(0, 1), 200, 1e-9);
    EXPECT_NEAR(r.adjusted.at(0, 2), 400, 1e-9);
    EXPECT_NEAR(r.adjusted.at(1, 2), 100, 1e-12);  // not counted: unchanged
    EXPECT_NEAR(r.before.rows[0].modelled, 300, 1e-9);
    EXPECT_NEAR(r.after.rows[0].modelled, 600, 1e-9);
    EXPECT_NEAR(r.after.rows[0].geh, 0.0, 1e-6);
    ASSERT_EQ(r.objective.size(), 2u);
    EXPECT_NEAR(r.objective[0], 0.5 * 300 * 300, 1e-6);
    EXPECT_NEAR(r.objective[1], 0.0, 1e-6);
}

TEST(MatrixAdjustment, TwoCorridorsConvergeToTheirCounts) {
    // Counts 600 on 1 -> hub (cells 1 -> 2, 1 -> 3, now 300) and 300 on 2 -> hub (cell 2 -> 3, now 100). Each
    // step scales each corridor's cells by one factor, so the answer keeps their ratios: 1 -> 2 = 200, 1 -> 3
    // = 400, 2 -> 3 = 300.
    const Tree t = tree();
    MatrixAdjustmentOptions m;
    m.iterations = 60;
    const MatrixAdjustmentResult r =
        adjustToCounts(t.net, t.od, {{"1 in", {t.l14}, 600}, {"2 in", {t.l24}, 300}}, AssignmentOptions{}, m);
    // Tolerance: the optimal steps converge fast (worked out step by step: within 1e-8 after 20 steps).
    EXPECT_NEAR(r.adjusted.at(0, 1), 200, 1e-6);
    EXPECT_NEAR(r.adjusted.at(0, 2), 400, 1e-6);
    EXPECT_NEAR(r.adjusted.at(1, 2), 300, 1e-6);
    EXPECT_NEAR(r.adjusted.at(0, 2) / r.adjusted.at(0, 1), 2.0, 1e-12);  // structure kept
    for (std::size_t k = 1; k < r.objective.size(); ++k)
        EXPECT_LE(r.objective[k], r.objective[k - 1] * (1 + 1e-12));
    EXPECT_EQ(r.after.gehBelow5Share, 1.0);
    expectError([&] { adjustToCounts(t.net, t.od, {}, AssignmentOptions{}, m); }, ErrorCode::Validation,
                {"counts", "no counts"});
    m.iterations = 0;
    expectError(
        [&] {
            adjustToCounts(t.net, t.od, {{"c", {0}, 1}}, AssignmentOptions{}, m);
        },
        ErrorCode::Validation, {"adjustment_iterations"});
}

// ---------------------------------------------------------------------------------------------------------
// Junctions

namespace {

/// Zone 1 west of junction C, zone 2 north of it; the direct route turns left at C (2 min), the other goes
/// on east and round by NE (4 min). E has a dead-end spur to S, which makes it a junction (no U-turn there).
/// Nodes: zones 0, 1; W 2, C 3, N 4, E 5, NE 6, S 7. Links are uncongested.
Network junctionNet() {
    Network n;
    n.nodeCount = 8;
    n.zoneCount = 2;
    n.firstThroughNode = 2;
    n.timeUnitMinutes = 1.0;
    n.lengthUnitKm = 1.0;
    n.nodeX = {-2, 0, -1, 0, 0, 1, 1, 1};
    n.nodeY = {0, 2, 0, 0, 1, 0, 1, -1};
    const auto both = [&](int a, int b, double t0, bool access = false) {
        Link l = link(a, b, t0);
        l.access = access;
        n.links.push_back(l);
        std::swap(l.tail, l.head);
        n.links.push_back(l);
    };
    both(0, 2, 0.0, true);  // zone 1 - W
    both(1, 4, 0.0, true);  // zone 2 - N
    both(2, 3, 1.0);        // W - C   (links 4, 5)
    both(3, 4, 1.0);        // C - N   (links 6, 7)
    both(3, 5, 1.0);        // C - E   (links 8, 9)
    both(5, 6, 1.0);        // E - NE  (links 10, 11)
    both(6, 4, 1.0);        // NE - N  (links 12, 13)
    both(5, 7, 1.0);        // E - S   (links 14, 15): a dead end
    return n;
}

}  // namespace

TEST(Junctions, ABannedTurnChangesThePath) {
    const Network n = junctionNet();
    const OdMatrix od = OdMatrix::fromPairs(2, {{0, 1, 100}});
    JunctionOptions jo;
    ExpandedNetwork free = expandJunctions(n, jo);
    EXPECT_EQ(free.junctions, 3u);  // C (W, N, E), N (C, NE, zone 2) and E (C, NE, S)
    AssignmentResult r = assign(free.network, od, AssignmentOptions{});
    std::vector<double> f = originalFlows(free, r.flow);
    EXPECT_NEAR(f[6], 100, 1e-9);  // C -> N: the left turn
    EXPECT_NEAR(r.skimTime[1], 2.0, 1e-12);
    // Ban the left turn W -> C -> N: the trips go round by E and NE.
    jo.rules = {{2, 3, 4, true, 0.0}};
    ExpandedNetwork banned = expandJunctions(n, jo);
    EXPECT_EQ(banned.bannedTurns, free.bannedTurns + 1);
    r = assign(banned.network, od, AssignmentOptions{});
    f = originalFlows(banned, r.flow);
    EXPECT_EQ(f[6], 0.0);
    EXPECT_NEAR(f[8], 100, 1e-9);
    EXPECT_NEAR(f[10], 100, 1e-9);
    EXPECT_NEAR(f[12], 100, 1e-9);
    EXPECT_NEAR(r.skimTime[1], 4.0, 1e-12);
    // A penalty of 3 min on the left turn does the same (2 + 3 > 4); one of 1 min does not (3 < 4).
    jo.rules = {{2, 3, 4, false, 3.0}};
    r = assign(expandJunctions(n, jo).network, od, AssignmentOptions{});
    EXPECT_NEAR(r.skimTime[1], 4.0, 1e-12);
    jo.rules = {{2, 3, 4, false, 1.0}};
    r = assign(expandJunctions(n, jo).network, od, AssignmentOptions{});
    EXPECT_NEAR(r.skimTime[1], 3.0, 1e-12);
    jo.rules = {{2, 5, 4, true, 0.0}};  // W -> E does not exist
    expectError([&] { expandJunctions(n, jo); }, ErrorCode::Validation, {"turns", "no such links"});
}

TEST(Junctions, NodeDelaysByControlAndTurn) {
    const Network n = junctionNet();
    const OdMatrix od = OdMatrix::fromPairs(2, {{0, 1, 100}});
    JunctionOptions jo;
    jo.control.assign(8, JunctionControl::Uncontrolled);
    jo.control[3] = JunctionControl::Signal;
    for (int c = 0; c < 4; ++c)
        for (int a = 0; a < 2; ++a)
            for (int t = 0; t < 4; ++t)
                jo.delays.seconds[c][a][t] = 0.0;
    jo.delays.seconds[2][0][0] = 25;  // signal, through
    jo.delays.seconds[2][0][2] = 35;  // signal, left
    jo.delays.seconds[2][0][1] = 15;  // signal, right
    jo.delays.seconds[0][0][2] = 5;   // uncontrolled, left
    const ExpandedNetwork x = expandJunctions(n, jo);
    const AssignmentResult r = assign(x.network, od, AssignmentOptions{});
    // Left at the signal: 2 min + 35 s, against 4 min + 25 s straight on at C + 5 s turning left at E (NE has
    // two neighbours: not a junction; at N the turn into the zone is free): the left turn stays the better
    // path.
    EXPECT_NEAR(r.skimTime[1], 2.0 + 35.0 / 60.0, 1e-12);
    // The turn classification: W -> C -> N is a left turn, W -> C -> E through, N -> C -> W (heading south,
    // turning west) a right turn.
    int checked = 0;
    for (const ExpandedNetwork::Turn& t : x.turns) {
        if (t.node != 3) continue;
        const Link& a = n.links[static_cast<std::size_t>(t.fromLink)];
        const Link& b = n.links[static_cast<std::size_t>(t.toLink)];
        if (a.tail == 2 && b.head == 4) {
            EXPECT_EQ(t.kind, TurnKind::Left);
            ++checked;
        }
        if (a.tail == 2 && b.head == 5) {
            EXPECT_EQ(t.kind, TurnKind::Through);
            ++checked;
        }
        if (a.tail == 4 && b.head == 2) {
            EXPECT_EQ(t.kind, TurnKind::Right);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 3);
    // Left-hand traffic swaps the near and far turns.
    jo.rightHandTraffic = false;
    const ExpandedNetwork lh = expandJunctions(n, jo);
    for (const ExpandedNetwork::Turn& t : lh.turns)
        if (t.node == 3 && n.links[static_cast<std::size_t>(t.fromLink)].tail == 2 &&
            n.links[static_cast<std::size_t>(t.toLink)].head == 4) {
            EXPECT_EQ(t.kind, TurnKind::Right);
        }
    // U-turns at junctions are banned by default: none is among the turns.
    for (const ExpandedNetwork::Turn& t : x.turns)
        if (!n.links[static_cast<std::size_t>(t.fromLink)].access &&
            !n.links[static_cast<std::size_t>(t.toLink)].access) {
            EXPECT_NE(t.kind, TurnKind::UTurn);
        }
    Network unknown = n;
    unknown.timeUnitMinutes = 0.0;
    expectError([&] { expandJunctions(unknown, jo); }, ErrorCode::Validation, {"junctions", "time unit"});
}

// ---------------------------------------------------------------------------------------------------------
// Time of day

TEST(Periods, PeriodTotalsAddUpToTheDay) {
    const Network n = readTntpNetwork(sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp"));
    const OdMatrix daily = readTntpTrips(sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp"), n.zoneCount);
    // Sioux Falls' matrix taken as a "daily" one over 4 periods: hourly demand = daily x share / hours.
    const std::vector<Period> periods = {
        {"am", 2, 0.2, "am"}, {"ip", 6, 0.3, "daily"}, {"pm", 3, 0.3, "pm"}, {"op", 13, 0.2, "daily"}};
    std::vector<std::vector<ClassDemand>> hourly;
    for (const Period& p : periods) {
        std::vector<OdPair> cells = daily.pairs();
        for (OdPair& c : cells)
            c.demand *= p.hourlyFactor();
        hourly.push_back({ClassDemand{VehicleClass{}, OdMatrix::fromPairs(n.zoneCount, cells)}});
    }
    const PeriodResults r = assignPeriods(n, hourly, periods, AssignmentOptions{});
    ASSERT_EQ(r.results.size(), 4u);
    double vkt = 0.0, vht = 0.0, demand = 0.0;
    for (std::size_t p = 0; p < 4; ++p) {
        vkt += periods[p].hours * r.results[p].vehicleDistance;
        vht += periods[p].hours * r.results[p].totalTravelTime;
        demand += periods[p].hours * r.results[p].demandTotal;
        if (p > 0) {
            EXPECT_EQ(r.results[p].warmOrigins, 24u);
        }
        EXPECT_LE(r.results[p].relativeGap, 1e-10);
    }
    // Identities (tolerance: rounding of sums in another order).
    EXPECT_NEAR(r.dailyDistance, vkt, 1e-9 * vkt);
    EXPECT_NEAR(r.dailyTravelTime, vht, 1e-9 * vht);
    EXPECT_NEAR(r.dailyDemand, demand, 1e-9 * demand);
    EXPECT_NEAR(r.dailyDemand, daily.total(), 1e-9 * daily.total());  // the shares add up to 1
    double sumDaily = 0.0, sumWeighted = 0.0;
    for (std::size_t a = 0; a < n.links.size(); ++a) {
        sumDaily += r.dailyFlow[a];
        for (std::size_t p = 0; p < 4; ++p)
            sumWeighted += periods[p].hours * r.results[p].flow[a];
    }
    EXPECT_NEAR(sumDaily, sumWeighted, 1e-9 * sumDaily);
    // Each period is the equilibrium of its own demand: as a cold start would find it (Sioux Falls is
    // strictly convex; tolerance: both within a gap of 1e-10).
    const AssignmentResult cold = assign(n, hourly[2][0].demand, AssignmentOptions{});
    EXPECT_NEAR(r.results[2].objective, cold.objective, 1e-9 * cold.objective);
    expectError(
        [&] {
            assignPeriods(n, hourly, {{"am", 2, 0.2, "am"}}, AssignmentOptions{});
        },
        ErrorCode::Validation, {"periods", "1 periods, 4 demand sets"});
}

TEST(Periods, BadPeriodsAreListed) {
    const auto p = validate(std::vector<Period>{{"am", 0, 0.5, "am"}, {"am", 30, 1.5, "noon"}});
    const auto has = [&](const std::string& t) {
        for (const Problem& q : p)
            if (q.message.find(t) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("0 hours is not within (0, 24]"));
    EXPECT_TRUE(has("is given twice"));
    EXPECT_TRUE(has("daily share 1.5"));
    EXPECT_TRUE(has("direction 'noon'"));
    EXPECT_TRUE(has("more than a day"));
}

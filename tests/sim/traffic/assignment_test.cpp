// The assignment engine: analytic cases, conservation under closures, unreachable demand, system optimum,
// validation, determinism, cancel and progress.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "citytwin/core/error.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/tntp.h"
#include "test_util.h"

using namespace citytwin::traffic;
using citytwin::core::ErrorCode;
using citytwin::test::expectError;
using citytwin::test::sharedData;

namespace {

struct Case {
    Network net;
    OdMatrix od;
};

Case tntp(const std::string& name, const std::string& prefix) {
    Case c;
    c.net = readTntpNetwork(sharedData("traffic/" + name + "/" + prefix + "_net.tntp"));
    c.od = readTntpTrips(sharedData("traffic/" + name + "/" + prefix + "_trips.tntp"), c.net.zoneCount);
    return c;
}

/// Two zones joined by two parallel links with linear BPR costs t = t0 (1 + alpha x / c).
Case twoRoutes(double demand) {
    Case c;
    c.net.nodeCount = 2;
    c.net.zoneCount = 2;
    Link a;
    a.tail = 0;
    a.head = 1;
    a.capacity = 1000;
    a.freeFlowTime = 10;
    a.alpha = 0.5;
    a.beta = 1;
    a.length = 5;
    Link b = a;
    b.freeFlowTime = 15;
    b.alpha = 0.2;
    b.length = 8;
    c.net.links = {a, b};
    c.od = OdMatrix::fromPairs(2, {{0, 1, demand}});
    return c;
}

/// Flow conservation: at every node, inflow - outflow = demand arriving - demand leaving (assigned only).
void expectConservation(const Network& net, const OdMatrix& od, const AssignmentResult& r, double tol) {
    std::vector<double> balance(static_cast<std::size_t>(net.nodeCount), 0.0);
    for (std::size_t a = 0; a < net.links.size(); ++a) {
        balance[static_cast<std::size_t>(net.links[a].head)] += r.flow[a];
        balance[static_cast<std::size_t>(net.links[a].tail)] -= r.flow[a];
    }
    for (const OdPair& p : od.pairs()) {
        if (p.origin == p.destination) continue;
        bool unreachable = false;
        for (const UnreachablePair& u : r.unreachable)
            unreachable = unreachable || (u.origin == p.origin && u.destination == p.destination);
        if (unreachable) continue;
        balance[static_cast<std::size_t>(p.destination)] -= p.demand;
        balance[static_cast<std::size_t>(p.origin)] += p.demand;
    }
    for (std::size_t v = 0; v < balance.size(); ++v)
        EXPECT_NEAR(balance[v], 0.0, tol) << "node " << v + 1;
    EXPECT_NEAR(r.demandAssigned + r.demandIntrazonal + r.demandUnreachable, r.demandTotal,
                1e-9 * r.demandTotal);
}

int busiestLink(const AssignmentResult& r) {
    return static_cast<int>(std::max_element(r.flow.begin(), r.flow.end()) - r.flow.begin());
}

}  // namespace

TEST(Assignment, TwoRoutesUserEquilibriumIsAnalytic) {
    const double q = 3000;
    const Case c = twoRoutes(q);
    AssignmentOptions o;
    o.maxRelativeGap = 1e-14;
    const AssignmentResult r = assign(c.net, c.od, o);
    EXPECT_EQ(r.status, AssignmentStatus::Converged);
    // t_a = 10 + 0.005 x, t_b = 15 + 0.003 (q - x): equal costs at x = (5 + 0.003 q) / 0.008.
    const double xa = (5 + 0.003 * q) / 0.008;
    EXPECT_NEAR(r.flow[0], xa, 1e-7);
    EXPECT_NEAR(r.flow[1], q - xa, 1e-7);
    EXPECT_NEAR(r.travelTime[0], r.travelTime[1], 1e-9);
    const double beckmann = 10 * xa + 0.0025 * xa * xa + 15 * (q - xa) + 0.0015 * (q - xa) * (q - xa);
    EXPECT_NEAR(r.objective, beckmann, 1e-9 * beckmann);
    EXPECT_NEAR(r.totalTravelTime, xa * r.travelTime[0] + (q - xa) * r.travelTime[1], 1e-6);
    EXPECT_NEAR(r.vehicleDistance, 5 * xa + 8 * (q - xa), 1e-6);
    EXPECT_NEAR(r.volumeCapacity[0], xa / 1000, 1e-12);
    EXPECT_NEAR(r.speed[0], 5 / r.travelTime[0], 1e-12);
    EXPECT_TRUE(std::isnan(r.speedKmh[0]));  // units unknown
    ASSERT_EQ(r.skimTime.size(), 4u);
    EXPECT_NEAR(r.skimCost[1], r.travelTime[0], 1e-9);
    EXPECT_EQ(r.skimCost[0], 0.0);
    EXPECT_TRUE(std::isnan(r.skimCost[2]));  // zone 2 to zone 1: no link
}

TEST(Assignment, TwoRoutesSystemOptimumIsAnalytic) {
    const double q = 3000;
    const Case c = twoRoutes(q);
    AssignmentOptions o;
    o.objective = Objective::SystemOptimum;
    o.maxRelativeGap = 1e-14;
    const AssignmentResult r = assign(c.net, c.od, o);
    EXPECT_EQ(r.status, AssignmentStatus::Converged);
    // Equal marginal costs: 10 + 0.01 x = 15 + 0.006 (q - x).
    const double xa = (5 + 0.006 * q) / 0.016;
    EXPECT_NEAR(r.flow[0], xa, 1e-7);
    EXPECT_NEAR(r.generalizedCost[0], r.generalizedCost[1], 1e-9);  // marginal costs
    const double total = xa * (10 + 0.005 * xa) + (q - xa) * (15 + 0.003 * (q - xa));
    EXPECT_NEAR(r.objective, total, 1e-9 * total);
    const AssignmentResult ue = assign(c.net, c.od, AssignmentOptions{});
    EXPECT_LT(r.totalTravelTime, ue.totalTravelTime);
}

TEST(Assignment, TollAndDistanceWeightsShiftTheEquilibrium) {
    Case c = twoRoutes(3000);
    c.net.links[0].toll = 100;  // route a costs 0.02 * 100 = 2 more
    AssignmentOptions o;
    o.maxRelativeGap = 1e-14;
    o.tollWeight = 0.02;
    o.distanceWeight = 0.1;  // a: +0.5, b: +0.8
    const AssignmentResult r = assign(c.net, c.od, o);
    // 10 + 2 + 0.5 + 0.005 x = 15 + 0.8 + 0.003 (q - x)
    const double xa = (15.8 - 12.5 + 0.003 * 3000) / 0.008;
    EXPECT_NEAR(r.flow[0], xa, 1e-7);
    EXPECT_NEAR(r.generalizedCost[0], r.generalizedCost[1], 1e-9);
    EXPECT_NEAR(r.generalizedCost[0] - r.travelTime[0], 2.5, 1e-12);
}

TEST(Assignment, ClosingALinkMovesItsFlowAndKeepsAllDemand) {
    const Case c = tntp("SiouxFalls", "SiouxFalls");
    AssignmentOptions o;
    o.maxRelativeGap = 1e-10;
    const AssignmentResult before = assign(c.net, c.od, o);
    expectConservation(c.net, c.od, before, 1e-6);
    const int busiest = busiestLink(before);
    ASSERT_GT(before.flow[static_cast<std::size_t>(busiest)], 1000.0);

    NetworkEdits edits;
    edits.closedLinks = {busiest};
    const Network closed = applyEdits(c.net, edits);
    EXPECT_TRUE(closed.links[static_cast<std::size_t>(busiest)].closed);
    const AssignmentResult after = assign(closed, c.od, o);
    EXPECT_EQ(after.status, AssignmentStatus::Converged);
    EXPECT_EQ(after.flow[static_cast<std::size_t>(busiest)], 0.0);
    EXPECT_TRUE(std::isnan(after.travelTime[static_cast<std::size_t>(busiest)]));
    EXPECT_TRUE(after.unreachable.empty());
    EXPECT_DOUBLE_EQ(after.demandAssigned, before.demandAssigned);
    expectConservation(closed, c.od, after, 1e-6);
    // Its traffic went elsewhere: the alternatives carry more, and the optimum of a smaller feasible set is
    // no better.
    double moved = 0.0;
    for (std::size_t a = 0; a < after.flow.size(); ++a)
        if (static_cast<int>(a) != busiest) moved += std::max(0.0, after.flow[a] - before.flow[a]);
    EXPECT_GT(moved, before.flow[static_cast<std::size_t>(busiest)]);
    EXPECT_GT(after.objective, before.objective);
    EXPECT_GT(after.totalTravelTime, before.totalTravelTime);
}

TEST(Assignment, UnreachableDestinationsAreReportedNotDropped) {
    const Case c = tntp("SiouxFalls", "SiouxFalls");
    NetworkEdits edits;
    double toZone13 = 0.0;
    for (std::size_t a = 0; a < c.net.links.size(); ++a)
        if (c.net.links[a].head == 12) edits.closedLinks.push_back(static_cast<int>(a));
    for (int o = 0; o < 24; ++o)
        toZone13 += c.od.at(o, 12);
    ASSERT_FALSE(edits.closedLinks.empty());
    const Network closed = applyEdits(c.net, edits);
    AssignmentOptions o;
    o.maxRelativeGap = 1e-10;
    const AssignmentResult r = assign(closed, c.od, o);
    EXPECT_EQ(r.status, AssignmentStatus::Converged);
    EXPECT_EQ(r.unreachable.size(), 23u);
    for (const UnreachablePair& p : r.unreachable)
        EXPECT_EQ(p.destination, 12);
    EXPECT_NEAR(r.demandUnreachable, toZone13, 1e-9);
    EXPECT_NEAR(r.demandAssigned, c.od.total() - toZone13, 1e-6);
    expectConservation(closed, c.od, r, 1e-6);
    bool mentioned = false;
    for (const std::string& m : r.messages)
        mentioned = mentioned || m.find("23 OD pairs") != std::string::npos;
    EXPECT_TRUE(mentioned);
    // As an error when asked to.
    o.unreachable = UnreachablePolicy::Fail;
    expectError([&] { assign(closed, c.od, o); }, ErrorCode::Data,
                {"23 OD pairs", "have no path", "-> zone 13"});
}

TEST(Assignment, CapacityChangesAndAddedLinks) {
    const Case c = twoRoutes(3000);
    NetworkEdits halve;
    halve.capacityFactors = {{0, 0.5}};
    const Network narrow = applyEdits(c.net, halve);
    EXPECT_DOUBLE_EQ(narrow.links[0].capacity, 500);
    const AssignmentResult base = assign(c.net, c.od, AssignmentOptions{});
    const AssignmentResult less = assign(narrow, c.od, AssignmentOptions{});
    EXPECT_LT(less.flow[0], base.flow[0]);

    NetworkEdits bypass;
    Link l = c.net.links[1];
    l.freeFlowTime = 12;
    bypass.addedLinks = {{l, "bypass"}};
    const Network wider = applyEdits(c.net, bypass);
    ASSERT_EQ(wider.links.size(), 3u);
    const AssignmentResult more = assign(wider, c.od, AssignmentOptions{});
    EXPECT_GT(more.flow[2], 0.0);
    EXPECT_LT(more.totalTravelTime, base.totalTravelTime);
}

TEST(Assignment, BadEditsAreRefused) {
    const Case c = twoRoutes(10);
    NetworkEdits e;
    e.closedLinks = {7};
    expectError([&] { applyEdits(c.net, e); }, ErrorCode::Validation,
                {"closed_links", "closed link 7 does not exist"});
    NetworkEdits f;
    f.capacityFactors = {{0, -1.0}};
    expectError([&] { applyEdits(c.net, f); }, ErrorCode::Validation,
                {"capacity_changes", "capacity factor -1"});
    NetworkEdits g;
    Link bad = c.net.links[0];
    bad.capacity = -3;
    g.addedLinks = {{bad, "new"}};
    const auto problems = checkEdits(c.net, g);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].parameter, "added_links");
    EXPECT_NE(problems[0].message.find("capacity -3 is not >= 0"), std::string::npos) << problems[0].message;
}

TEST(Assignment, ValidateListsEveryProblemAtOnce) {
    Case c = twoRoutes(10);
    c.net.links[0].capacity = -5;
    c.net.links[1].freeFlowTime = -1;
    c.net.links[1].head = 7;
    AssignmentOptions o;
    o.maxRelativeGap = -1;
    o.maxIterations = 0;
    o.threads = 0;
    o.tollWeight = -2;
    const OdMatrix od3 = OdMatrix::fromPairs(3, {{0, 2, 5.0}});
    const std::vector<Problem> p = validate(c.net, od3, o);
    const auto has = [&](const std::string& parameter, const std::string& text) {
        for (const Problem& q : p)
            if (q.parameter == parameter && q.message.find(text) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("max_relative_gap", "max_relative_gap -1 is not within"));
    EXPECT_TRUE(has("max_iterations", "max_iterations 0"));
    EXPECT_TRUE(has("threads", "threads 0"));
    EXPECT_TRUE(has("toll_weight", "toll_weight -2"));
    EXPECT_TRUE(has("network", "link 0 (1->2): capacity -5 is not >= 0"));
    EXPECT_TRUE(has("network", "free-flow time -1 is not >= 0"));
    EXPECT_TRUE(has("network", "a node is not within 1..2"));
    EXPECT_TRUE(has("demand", "the demand matrix has 3 zones, the network 2"));
    EXPECT_EQ(p.size(), 7u);  // the two problems of link 1 share one message
    expectError([&] { assign(c.net, od3, o); }, ErrorCode::Validation,
                {"'max_relative_gap'", "more problems"});
}

TEST(Assignment, DemandToAZoneThatDoesNotExist) {
    expectError(
        [] {
            OdMatrix::fromPairs(24, {{0, 30, 5.0}});
        },
        ErrorCode::Data, {"demand from zone 1 to zone 31", "zones 1..24"});
    expectError(
        [] {
            OdMatrix::fromPairs(24, {{0, 3, -5.0}});
        },
        ErrorCode::Data, {"is -5, not a number >= 0"});
}

TEST(Assignment, NoPathForSomeDemand) {
    // Zone 3 is only reachable from zone 1 through zone 2, which carries no through traffic.
    Network n;
    n.nodeCount = 3;
    n.zoneCount = 3;
    n.firstThroughNode = 3;
    Link a;
    a.tail = 0;
    a.head = 1;
    a.freeFlowTime = 1;
    Link b = a;
    b.tail = 1;
    b.head = 2;
    n.links = {a, b};
    const OdMatrix od = OdMatrix::fromPairs(3, {{0, 1, 5.0}, {0, 2, 7.0}, {1, 2, 2.0}});
    const AssignmentResult r = assign(n, od, AssignmentOptions{});
    ASSERT_EQ(r.unreachable.size(), 1u);
    EXPECT_EQ(r.unreachable[0].origin, 0);
    EXPECT_EQ(r.unreachable[0].destination, 2);
    EXPECT_DOUBLE_EQ(r.demandUnreachable, 7.0);
    EXPECT_DOUBLE_EQ(r.flow[0], 5.0);
    EXPECT_DOUBLE_EQ(r.flow[1], 2.0);
}

TEST(Assignment, NothingToAssign) {
    const Case c = twoRoutes(10);
    const OdMatrix none = OdMatrix::fromPairs(2, {{0, 0, 5.0}});  // intrazonal only
    const AssignmentResult r = assign(c.net, none, AssignmentOptions{});
    EXPECT_EQ(r.status, AssignmentStatus::Converged);
    EXPECT_EQ(r.relativeGap, 0.0);
    EXPECT_EQ(r.flow, std::vector<double>(2, 0.0));
    EXPECT_DOUBLE_EQ(r.demandIntrazonal, 5.0);
    EXPECT_DOUBLE_EQ(r.demandAssigned, 0.0);
}

TEST(Assignment, DeterministicForAThreadCountAndAcrossThem) {
    const Case c = tntp("Anaheim", "Anaheim");
    AssignmentOptions o;
    o.maxRelativeGap = 1e-11;
    const AssignmentResult a = assign(c.net, c.od, o);
    const AssignmentResult b = assign(c.net, c.od, o);
    o.threads = 2;
    const AssignmentResult t1 = assign(c.net, c.od, o);
    const AssignmentResult t2 = assign(c.net, c.od, o);
    EXPECT_EQ(a.flow, b.flow);  // bit for bit
    EXPECT_EQ(t1.flow, t2.flow);
    EXPECT_EQ(a.flow,
              t1.flow);  // the worker threads only take over work whose result does not depend on them
    EXPECT_EQ(a.iterations, t1.iterations);
    EXPECT_EQ(a.skimCost, t1.skimCost);
}

TEST(Assignment, ChainContractionIsExact) {
    const Case c = tntp("Anaheim", "Anaheim");
    AssignmentOptions o;
    o.maxRelativeGap = 1e-13;
    const AssignmentResult contracted = assign(c.net, c.od, o);
    o.contractChains = false;
    const AssignmentResult plain = assign(c.net, c.od, o);
    EXPECT_LT(contracted.solverNodes, plain.solverNodes);
    EXPECT_NEAR(contracted.objective, plain.objective, 1e-11 * plain.objective);
    for (std::size_t a = 0; a < plain.flow.size(); ++a)
        EXPECT_NEAR(contracted.flow[a], plain.flow[a], 1e-4) << a;
}

TEST(Assignment, SystemOptimumOfSiouxFalls) {
    const Case c = tntp("SiouxFalls", "SiouxFalls");
    AssignmentOptions o;
    o.maxRelativeGap = 1e-10;
    const AssignmentResult ue = assign(c.net, c.od, o);
    o.objective = Objective::SystemOptimum;
    const AssignmentResult so = assign(c.net, c.od, o);
    EXPECT_EQ(so.status, AssignmentStatus::Converged);
    EXPECT_LE(so.relativeGap, 1e-10);
    EXPECT_LT(so.totalTravelTime, ue.totalTravelTime);
    EXPECT_NEAR(so.objective, so.totalGeneralizedCost, 1e-9 * so.objective);
    // The system optimum measured as a UE is not one, and vice versa.
    AssignmentOptions asUe;
    EXPECT_GT(evaluate(c.net, c.od, so.flow, asUe).relativeGap, 1e-4);
    expectConservation(c.net, c.od, so, 1e-6);
}

TEST(Assignment, EvaluateMeasuresAPublishedSolution) {
    const Case c = tntp("SiouxFalls", "SiouxFalls");
    const std::vector<double> bks =
        flowsByLink(c.net, readTntpFlows(sharedData("traffic/SiouxFalls/SiouxFalls_flow.tntp")));
    const AssignmentResult r = evaluate(c.net, c.od, bks);
    // PROVENANCE.md: objective of the BKS flows 4,231,335.2871074, TSTT 7,480,225.3449, gap ~ 0.
    EXPECT_NEAR(r.objective, 4231335.2871074, 1e-6);
    EXPECT_NEAR(r.totalGeneralizedCost, 7480225.3449, 1e-3);
    EXPECT_LT(std::abs(r.relativeGap), 1e-12);
    EXPECT_DOUBLE_EQ(beckmannObjective(c.net, bks, 0, 0), r.objective);
}

TEST(Assignment, CancelFromAnotherThreadReturnsPromptly) {
    const Case c = tntp("Chicago-Sketch", "ChicagoSketch");
    AssignmentOptions o;
    o.maxRelativeGap = 1e-15;  // out of reach: the run only ends by the cancel
    o.maxIterations = 100000;
    o.threads = 2;
    std::atomic<bool> stop{false};
    std::chrono::steady_clock::time_point asked;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        asked = std::chrono::steady_clock::now();
        stop = true;
    });
    const AssignmentResult r = assign(c.net, c.od, o, {}, [&] { return stop.load(); });
    const auto returned = std::chrono::steady_clock::now();
    canceller.join();
    EXPECT_EQ(r.status, AssignmentStatus::Cancelled);
    // Promptly: the cancel is polled between origins. The bound is generous for loaded CI machines.
    EXPECT_LT(std::chrono::duration<double>(returned - asked).count(), 10.0);
    EXPECT_EQ(r.flow.size(), c.net.links.size());
}

TEST(Assignment, ProgressIsReportedAndMonotonic) {
    const Case c = tntp("Anaheim", "Anaheim");
    std::vector<double> fractions;
    std::vector<std::string> stages;
    AssignmentOptions o;
    o.maxRelativeGap = 1e-12;
    const AssignmentResult r = assign(c.net, c.od, o, [&](double f, const std::string& s) {
        fractions.push_back(f);
        stages.push_back(s);
    });
    ASSERT_GE(fractions.size(), 3u);
    for (std::size_t k = 1; k < fractions.size(); ++k)
        EXPECT_GE(fractions[k], fractions[k - 1]);
    EXPECT_GE(fractions.front(), 0.0);
    EXPECT_EQ(fractions.back(), 1.0);
    EXPECT_EQ(stages.back(), "converged");
    EXPECT_EQ(r.convergence.front().iteration, 0);
    for (std::size_t k = 1; k < r.convergence.size(); ++k)
        EXPECT_GE(r.convergence[k].seconds, r.convergence[k - 1].seconds);
}

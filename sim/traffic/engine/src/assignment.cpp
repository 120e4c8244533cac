#include "citytwin/traffic/assignment.h"

#include "citytwin/traffic/limits.h"

#include <cmath>
#include <set>
#include <sstream>

#include "bush_solver.h"
#include "citytwin/core/error.h"
#include "origin_flows.h"
#include "solver_graph.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

double weightOr(double option, double network) {
    return std::isnan(option) ? network : option;
}

void throwFirst(const std::vector<Problem>& problems) {
    if (problems.empty()) return;
    std::string message = problems.front().message;
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    throw Error(ErrorCode::Validation, message, {{}, {}, problems.front().parameter});
}

/// Per-link outputs, totals and the objective at the given flows (per original link). `vehicles` (same
/// size, or null = `flow`) are the vehicle flows the totals count when flows are in PCE.
void fillLinkOutputs(const Network& net, const std::vector<double>& flow, double tollWeight,
                     double distanceWeight, bool systemOptimum, AssignmentResult& r,
                     const std::vector<double>* vehicles = nullptr) {
    const std::size_t m = net.links.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.flow = flow;
    r.volumeCapacity.assign(m, nan);
    r.travelTime.assign(m, nan);
    r.generalizedCost.assign(m, nan);
    r.speed.assign(m, nan);
    r.speedKmh.assign(m, nan);
    const bool units = net.timeUnitMinutes > 0 && net.lengthUnitKm > 0;
    r.totalTravelTime = r.totalGeneralizedCost = r.vehicleDistance = r.beckmann = 0.0;
    r.roadTravelTime = r.accessTravelTime = r.roadDistance = r.accessDistance = 0.0;
    for (std::size_t a = 0; a < m; ++a) {
        const Link& l = net.links[a];
        if (l.closed) {
            r.flow[a] = 0.0;
            continue;
        }
        const double x = flow[a];
        const double t = bprTime(l, x);
        const double fixed = tollWeight * l.toll + distanceWeight * l.length;
        r.volumeCapacity[a] = l.capacity > 0 ? x / l.capacity : nan;
        r.travelTime[a] = t;
        r.generalizedCost[a] = t + fixed + (systemOptimum ? x * bprTimeDerivative(l, x) : 0.0);
        r.speed[a] = t > 0 ? l.length / t : nan;
        if (units) r.speedKmh[a] = r.speed[a] * net.lengthUnitKm * 60.0 / net.timeUnitMinutes;
        const double v = vehicles ? (*vehicles)[a] : x;
        r.totalTravelTime += v * t;
        r.totalGeneralizedCost += v * (t + fixed);
        r.vehicleDistance += v * l.length;
        (l.access ? r.accessTravelTime : r.roadTravelTime) += v * t;
        (l.access ? r.accessDistance : r.roadDistance) += v * l.length;
        r.beckmann += bprTimeIntegral(l, x) + fixed * x;
    }
    r.objective = systemOptimum ? r.totalGeneralizedCost : r.beckmann;
}

/// Costs per solver link at given original-link flows: the sum of its members' costs (user costs, or
/// marginal costs for the system optimum), and their travel times and lengths.
void solverLinkCosts(const detail::SolverGraph& g, const Network& net, const std::vector<double>& flow,
                     double tollWeight, double distanceWeight, bool marginal, std::vector<double>& cost,
                     std::vector<double>& time, std::vector<double>& length) {
    const auto ls = static_cast<std::size_t>(g.linkCount());
    cost.assign(ls, 0.0);
    time.assign(ls, 0.0);
    length.assign(ls, 0.0);
    for (std::size_t s = 0; s < ls; ++s) {
        for (std::int32_t k = g.memberStart[s]; k < g.memberStart[s + 1]; ++k) {
            const auto a = static_cast<std::size_t>(g.member[static_cast<std::size_t>(k)]);
            const Link& l = net.links[a];
            const double t = bprTime(l, flow[a]);
            cost[s] += t + tollWeight * l.toll + distanceWeight * l.length +
                       (marginal ? flow[a] * bprTimeDerivative(l, flow[a]) : 0.0);
            time[s] += t;
            length[s] += l.length;
        }
    }
}

void accountDemand(const OdMatrix& demand, AssignmentResult& r) {
    for (int o = 0; o < demand.zoneCount(); ++o)
        for (std::size_t k = demand.begin(o); k < demand.end(o); ++k) {
            r.demandTotal += demand.demands()[k];
            if (demand.destinations()[k] == o) r.demandIntrazonal += demand.demands()[k];
        }
}

std::string unreachableSummary(const std::vector<UnreachablePair>& pairs, double total) {
    std::ostringstream s;
    s << pairs.size() << " OD pair" << (pairs.size() == 1 ? "" : "s") << " with " << number(total)
      << " veh/h of demand have no path (e.g. zone " << pairs.front().origin + 1 << " -> zone "
      << pairs.front().destination + 1 << ")";
    return s.str();
}

}  // namespace

const char* toString(AssignmentStatus status) {
    switch (status) {
        case AssignmentStatus::Converged:
            return "converged";
        case AssignmentStatus::IterationLimit:
            return "iteration limit";
        case AssignmentStatus::TimeLimit:
            return "time limit";
        case AssignmentStatus::Cancelled:
            return "cancelled";
    }
    return "unknown";
}

namespace {

std::vector<Problem> validateOptions(const AssignmentOptions& o) {
    std::vector<Problem> problems;
    limits::check(problems, "max_relative_gap", o.maxRelativeGap, limits::relativeGap);
    limits::check(problems, "max_iterations", o.maxIterations, limits::iterations);
    if (!(std::isfinite(o.maxSeconds) && o.maxSeconds >= 0))
        problems.push_back({"max_seconds", "max_seconds " + number(o.maxSeconds) + " is not >= 0"});
    if (!std::isnan(o.tollWeight) && !(std::isfinite(o.tollWeight) && o.tollWeight >= 0))
        problems.push_back({"toll_weight", "toll_weight " + number(o.tollWeight) + " is not >= 0"});
    if (!std::isnan(o.distanceWeight) && !(std::isfinite(o.distanceWeight) && o.distanceWeight >= 0))
        problems.push_back(
            {"distance_weight", "distance_weight " + number(o.distanceWeight) + " is not >= 0"});
    if (o.threads < 1 || o.threads > 64)
        problems.push_back({"threads", "threads " + std::to_string(o.threads) + " is not within 1..64"});
    if (o.sweepsPerIteration < 0 || o.sweepsPerIteration > 1000)
        problems.push_back(
            {"sweeps_per_iteration",
             "sweeps per iteration " + std::to_string(o.sweepsPerIteration) + " is not within 0..1000"});
    if (o.passesPerSweep < 1 || o.passesPerSweep > 1000)
        problems.push_back({"passes_per_sweep", "passes per sweep " + std::to_string(o.passesPerSweep) +
                                                    " is not within 1..1000"});
    return problems;
}

}  // namespace

std::vector<Problem> validate(const Network& network, const OdMatrix& demand, const AssignmentOptions& o) {
    std::vector<Problem> problems = validateOptions(o);
    for (const Problem& p : checkNetwork(network))
        problems.push_back(p);
    for (const Problem& p : checkDemand(network, demand))
        problems.push_back(p);
    return problems;
}

std::vector<Problem> validate(const Network& network, const std::vector<ClassDemand>& classes,
                              const AssignmentOptions& o) {
    std::vector<Problem> problems = validateOptions(o);
    for (const Problem& p : checkNetwork(network))
        problems.push_back(p);
    if (classes.empty()) problems.push_back({"demand", "no vehicle class to assign"});
    std::set<std::string> ids;
    const int links = static_cast<int>(network.links.size());
    for (const ClassDemand& c : classes) {
        const VehicleClass& v = c.vehicleClass;
        const std::string name = "vehicle class '" + v.id + "'";
        if (!ids.insert(v.id).second) problems.push_back({"vehicle_classes", name + " is given twice"});
        if (!(std::isfinite(v.pce) && v.pce > 0))
            problems.push_back({"vehicle_classes", name + ": PCE " + number(v.pce) + " is not > 0"});
        for (int a : v.bannedLinks)
            if (a < 0 || a >= links) {
                problems.push_back({"vehicle_classes", name + ": banned link " + std::to_string(a) +
                                                           " does not exist (links are 0.." +
                                                           std::to_string(links - 1) + ")"});
                break;
            }
        for (Problem p : checkDemand(network, c.demand)) {
            if (classes.size() > 1) p.message = name + ": " + p.message;
            problems.push_back(p);
        }
    }
    return problems;
}

AssignmentResult assign(const Network& network, const OdMatrix& demand, const AssignmentOptions& options,
                        const ProgressFunction& progress, const CancelFunction& cancel) {
    std::vector<ClassDemand> one(1);
    one[0].demand = demand;
    return assign(network, one, options, progress, cancel);
}

AssignmentResult assign(const Network& network, const std::vector<ClassDemand>& classes,
                        const AssignmentOptions& options, const ProgressFunction& progress,
                        const CancelFunction& cancel) {
    throwFirst(validate(network, classes, options));
    const double tollWeight = weightOr(options.tollWeight, network.tollWeight);
    const double distanceWeight = weightOr(options.distanceWeight, network.distanceWeight);
    const bool so = options.objective == Objective::SystemOptimum;

    AssignmentResult r;
    for (const ClassDemand& c : classes) {
        accountDemand(c.demand, r);
        r.classes.push_back(c.vehicleClass);
    }
    for (const std::string& m : inspectNetwork(network).messages)
        r.messages.push_back(m);
    const detail::SolverGraph g =
        detail::buildSolverGraph(network, tollWeight, distanceWeight, so, options.contractChains);
    r.solverLinks = g.linkCount();
    r.solverNodes = network.nodeCount - g.contractedNodes;
    if (g.contractedNodes > 0 || g.prunedLinks > 0)
        r.messages.push_back("solver graph: " + std::to_string(g.contractedNodes) +
                             " nodes inside chains merged, " + std::to_string(g.prunedLinks) +
                             " links that no trip can use set aside; " + std::to_string(g.linkCount()) +
                             " solver links");

    // Classes on the solver graph: a solver link is banned when one of its member links is.
    std::vector<detail::SolverClass> solverClasses(classes.size());
    for (std::size_t c = 0; c < classes.size(); ++c) {
        detail::SolverClass& sc = solverClasses[c];
        sc.demand = &classes[c].demand;
        sc.pce = classes[c].vehicleClass.pce;
        if (classes[c].vehicleClass.bannedLinks.empty()) continue;
        sc.banned.assign(static_cast<std::size_t>(g.linkCount()), 0);
        for (int a : classes[c].vehicleClass.bannedLinks) {
            const std::int32_t l = g.solverLinkOf[static_cast<std::size_t>(a)];
            if (l >= 0) sc.banned[static_cast<std::size_t>(l)] = 1;
        }
    }

    if (options.unreachable == UnreachablePolicy::Fail) {
        std::vector<double> cost(static_cast<std::size_t>(g.linkCount()));
        for (std::size_t l = 0; l < cost.size(); ++l)
            cost[l] = detail::evalCostOnly(g.cost[l], 0.0);
        ProgressFunction checking;
        if (progress)
            checking = [&](double, const std::string&) {
                progress(0.0, "checking that every trip has a path");
            };
        for (std::size_t c = 0; c < classes.size(); ++c) {
            const detail::SkimOutput check = detail::shortestPathSkim(
                g, classes[c].demand, cost, nullptr, nullptr, false, options.threads, checking, cancel,
                solverClasses[c].banned.empty() ? nullptr : solverClasses[c].banned.data());
            if (check.unreachable.empty()) continue;
            double q = 0.0;
            for (const UnreachablePair& p : check.unreachable)
                q += p.demand;
            std::string message = unreachableSummary(check.unreachable, q);
            if (classes.size() > 1)
                message = "vehicle class '" + classes[c].vehicleClass.id + "': " + message;
            throw Error(ErrorCode::Data, message, {{}, {}, "unreachable_demand"});
        }
    }

    detail::SolverSettings settings;
    settings.targetGap = options.maxRelativeGap;
    settings.maxIterations = options.maxIterations;
    settings.maxSeconds = options.maxSeconds;
    settings.threads = options.threads;
    settings.sweeps = options.sweepsPerIteration;
    settings.passes = options.passesPerSweep;
    settings.keepBushes = options.keepOriginFlows;
    if (options.warmStart) settings.warm = &options.warmStart->bushes;
    detail::SolverOutcome s = detail::solveEquilibrium(g, solverClasses, settings, progress, cancel);

    r.status = s.status;
    r.iterations = s.iterations;
    r.relativeGap = s.relativeGap;
    r.averageExcessCost = s.averageExcessCost;
    r.shortestPathCost = s.sptt;
    r.convergence = s.curve;
    r.unreachable = s.unreachable;
    r.classAssigned = s.assignedByClass;
    r.demandAssigned = 0.0;
    for (double q : s.assignedByClass)
        r.demandAssigned += q;
    for (const UnreachablePair& p : r.unreachable)
        r.demandUnreachable += p.demand;
    r.bushLinks = s.bushLinks;
    r.warmOrigins = s.warmOrigins;
    if (options.warmStart)
        r.messages.push_back(std::to_string(s.warmOrigins) + " origins started from the earlier solution");
    if (!r.unreachable.empty()) r.messages.push_back(unreachableSummary(r.unreachable, r.demandUnreachable));
    if (r.demandIntrazonal > 0)
        r.messages.push_back(
            number(r.demandIntrazonal) +
            " veh/h of intrazonal demand (origin = destination) is not loaded on the network");

    const std::size_t m = network.links.size();
    std::vector<double> flow(m, 0.0), vehicles(m, 0.0);
    r.classFlow.assign(classes.size(), std::vector<double>(m, 0.0));
    for (std::size_t a = 0; a < m; ++a) {
        const std::int32_t l = g.solverLinkOf[a];
        if (l < 0) continue;
        flow[a] = std::max(0.0, s.flow[static_cast<std::size_t>(l)]);
        for (std::size_t c = 0; c < classes.size() && s.classFlow.size() == classes.size(); ++c) {
            const double v =
                std::max(0.0, s.classFlow[c][static_cast<std::size_t>(l)]) / solverClasses[c].pce;
            r.classFlow[c][a] = v;
            vehicles[a] += v;
        }
    }
    const bool pceFlows = classes.size() > 1 || classes[0].vehicleClass.pce != 1.0;
    fillLinkOutputs(network, flow, tollWeight, distanceWeight, so, r, pceFlows ? &vehicles : nullptr);

    if (options.computeSkim && r.status != AssignmentStatus::Cancelled) {
        if (progress) progress(0.99, "skim");
        std::vector<double> cost, time, length;
        solverLinkCosts(g, network, flow, tollWeight, distanceWeight, false, cost, time, length);
        detail::SkimOutput skim = detail::shortestPathSkim(
            g, classes[0].demand, cost, &time, &length, true, options.threads, progress, cancel,
            solverClasses[0].banned.empty() ? nullptr : solverClasses[0].banned.data());
        if (skim.cancelled) {
            r.status = AssignmentStatus::Cancelled;
        } else {
            r.skimCost = std::move(skim.cost);
            r.skimTime = std::move(skim.attrA);
            r.skimLength = std::move(skim.attrB);
        }
    }
    if (options.keepOriginFlows && r.status != AssignmentStatus::Cancelled) {
        auto kept = std::make_shared<OriginFlows>();
        kept->graph = g;
        kept->bushes = std::move(s.bushes);
        for (const detail::SolverClass& c : solverClasses)
            kept->pce.push_back(c.pce);
        kept->linkCount = m;
        kept->zoneCount = network.zoneCount;
        r.origins = std::move(kept);
    }
    r.seconds = s.seconds;
    if (progress) progress(1.0, toString(r.status));
    return r;
}

AssignmentResult evaluate(const Network& network, const OdMatrix& demand, const std::vector<double>& flows,
                          const AssignmentOptions& options) {
    throwFirst(validate(network, demand, options));
    if (flows.size() != network.links.size())
        throw Error(ErrorCode::Validation,
                    "flows are given for " + std::to_string(flows.size()) + " links, the network has " +
                        std::to_string(network.links.size()),
                    {{}, {}, "flows"});
    const double tollWeight = weightOr(options.tollWeight, network.tollWeight);
    const double distanceWeight = weightOr(options.distanceWeight, network.distanceWeight);
    const bool so = options.objective == Objective::SystemOptimum;
    AssignmentResult r;
    accountDemand(demand, r);
    fillLinkOutputs(network, flows, tollWeight, distanceWeight, so, r);
    const detail::SolverGraph g = detail::buildSolverGraph(network, tollWeight, distanceWeight, so, false);
    std::vector<double> cost, time, length;
    solverLinkCosts(g, network, flows, tollWeight, distanceWeight, so, cost, time, length);
    const detail::SkimOutput skim =
        detail::shortestPathSkim(g, demand, cost, &time, &length, options.computeSkim, options.threads);
    double tstt = 0.0;
    for (std::size_t a = 0; a < network.links.size(); ++a)
        if (!network.links[a].closed) tstt += flows[a] * r.generalizedCost[a];
    r.shortestPathCost = skim.sptt;
    r.relativeGap = (tstt - skim.sptt) / tstt;
    r.averageExcessCost = (tstt - skim.sptt) / skim.assignedDemand;
    r.demandAssigned = skim.assignedDemand;
    r.unreachable = skim.unreachable;
    for (const UnreachablePair& p : r.unreachable)
        r.demandUnreachable += p.demand;
    r.skimCost = skim.cost;
    r.skimTime = skim.attrA;
    r.skimLength = skim.attrB;
    r.status = AssignmentStatus::Converged;
    return r;
}

double beckmannObjective(const Network& network, const std::vector<double>& flows, double tollWeight,
                         double distanceWeight) {
    double z = 0.0;
    for (std::size_t a = 0; a < network.links.size() && a < flows.size(); ++a) {
        const Link& l = network.links[a];
        if (l.closed) continue;
        z += bprTimeIntegral(l, flows[a]) + (tollWeight * l.toll + distanceWeight * l.length) * flows[a];
    }
    return z;
}

}  // namespace citytwin::traffic

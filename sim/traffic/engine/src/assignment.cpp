#include "citytwin/traffic/assignment.h"

#include "citytwin/traffic/limits.h"

#include <cmath>
#include <sstream>

#include "bush_solver.h"
#include "citytwin/core/error.h"
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

/// Per-link outputs, totals and the objective at the given flows (per original link).
void fillLinkOutputs(const Network& net, const std::vector<double>& flow, double tollWeight,
                     double distanceWeight, bool systemOptimum, AssignmentResult& r) {
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
    for (std::size_t a = 0; a < m; ++a) {
        const Link& l = net.links[a];
        if (l.closed) {
            r.flow[a] = 0.0;
            continue;
        }
        const double x = flow[a];
        const double t = bprTime(l, x);
        const double fixed = tollWeight * l.toll + distanceWeight * l.length;
        r.volumeCapacity[a] = x / l.capacity;
        r.travelTime[a] = t;
        r.generalizedCost[a] = t + fixed + (systemOptimum ? x * bprTimeDerivative(l, x) : 0.0);
        r.speed[a] = t > 0 ? l.length / t : nan;
        if (units) r.speedKmh[a] = r.speed[a] * net.lengthUnitKm * 60.0 / net.timeUnitMinutes;
        r.totalTravelTime += x * t;
        r.totalGeneralizedCost += x * (t + fixed);
        r.vehicleDistance += x * l.length;
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
    r.demandTotal = 0.0;
    r.demandIntrazonal = 0.0;
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

std::vector<Problem> validate(const Network& network, const OdMatrix& demand, const AssignmentOptions& o) {
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
    for (const Problem& p : checkNetwork(network))
        problems.push_back(p);
    for (const Problem& p : checkDemand(network, demand))
        problems.push_back(p);
    return problems;
}

AssignmentResult assign(const Network& network, const OdMatrix& demand, const AssignmentOptions& options,
                        const ProgressFunction& progress, const CancelFunction& cancel) {
    throwFirst(validate(network, demand, options));
    const double tollWeight = weightOr(options.tollWeight, network.tollWeight);
    const double distanceWeight = weightOr(options.distanceWeight, network.distanceWeight);
    const bool so = options.objective == Objective::SystemOptimum;

    AssignmentResult r;
    accountDemand(demand, r);
    const detail::SolverGraph g =
        detail::buildSolverGraph(network, tollWeight, distanceWeight, so, options.contractChains);
    r.solverLinks = g.linkCount();
    r.solverNodes = network.nodeCount - g.contractedNodes;
    if (g.contractedNodes > 0 || g.prunedLinks > 0)
        r.messages.push_back("solver graph: " + std::to_string(g.contractedNodes) +
                             " nodes inside chains merged, " + std::to_string(g.prunedLinks) +
                             " links that no trip can use set aside; " + std::to_string(g.linkCount()) +
                             " solver links");

    if (options.unreachable == UnreachablePolicy::Fail) {
        std::vector<double> cost(static_cast<std::size_t>(g.linkCount()));
        for (std::size_t l = 0; l < cost.size(); ++l)
            cost[l] = detail::evalCostOnly(g.cost[l], 0.0);
        ProgressFunction checking;
        if (progress)
            checking = [&](double, const std::string&) {
                progress(0.0, "checking that every trip has a path");
            };
        const detail::SkimOutput check = detail::shortestPathSkim(g, demand, cost, nullptr, nullptr, false,
                                                                  options.threads, checking, cancel);
        if (!check.unreachable.empty()) {
            double q = 0.0;
            for (const UnreachablePair& p : check.unreachable)
                q += p.demand;
            throw Error(ErrorCode::Data, unreachableSummary(check.unreachable, q),
                        {{}, {}, "unreachable_demand"});
        }
    }

    detail::SolverSettings settings;
    settings.targetGap = options.maxRelativeGap;
    settings.maxIterations = options.maxIterations;
    settings.maxSeconds = options.maxSeconds;
    settings.threads = options.threads;
    settings.sweeps = options.sweepsPerIteration;
    settings.passes = options.passesPerSweep;
    const detail::SolverOutcome s = detail::solveEquilibrium(g, demand, settings, progress, cancel);

    r.status = s.status;
    r.iterations = s.iterations;
    r.relativeGap = s.relativeGap;
    r.averageExcessCost = s.averageExcessCost;
    r.shortestPathCost = s.sptt;
    r.convergence = s.curve;
    r.unreachable = s.unreachable;
    r.demandAssigned = s.assignedDemand;
    for (const UnreachablePair& p : r.unreachable)
        r.demandUnreachable += p.demand;
    r.bushLinks = s.bushLinks;
    if (!r.unreachable.empty()) r.messages.push_back(unreachableSummary(r.unreachable, r.demandUnreachable));
    if (r.demandIntrazonal > 0)
        r.messages.push_back(
            number(r.demandIntrazonal) +
            " veh/h of intrazonal demand (origin = destination) is not loaded on the network");

    std::vector<double> flow(network.links.size(), 0.0);
    for (std::size_t a = 0; a < flow.size(); ++a) {
        const std::int32_t l = g.solverLinkOf[a];
        if (l >= 0) flow[a] = std::max(0.0, s.flow[static_cast<std::size_t>(l)]);
    }
    fillLinkOutputs(network, flow, tollWeight, distanceWeight, so, r);

    if (options.computeSkim && r.status != AssignmentStatus::Cancelled) {
        if (progress) progress(0.99, "skim");
        std::vector<double> cost, time, length;
        solverLinkCosts(g, network, flow, tollWeight, distanceWeight, false, cost, time, length);
        detail::SkimOutput skim = detail::shortestPathSkim(g, demand, cost, &time, &length, true,
                                                           options.threads, progress, cancel);
        if (skim.cancelled) {
            r.status = AssignmentStatus::Cancelled;
        } else {
            r.skimCost = std::move(skim.cost);
            r.skimTime = std::move(skim.attrA);
            r.skimLength = std::move(skim.attrB);
        }
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

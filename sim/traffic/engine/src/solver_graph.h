#pragma once
// The graph the equilibrium solver works on: the open links of a network in compressed sparse row form,
// with chains of degree-2 nodes merged into single links and dead ends removed. Both are exact for the
// equilibrium: a node with one way in and one way out (or, on a two-way street, two ways in and the two
// opposite ways out) passes all its flow on unchanged, so the links of a chain carry the same flow and the
// chain's cost is the sum of theirs; a link into a node that leads nowhere (or out of one nothing reaches)
// can carry no trip.

#include <cmath>
#include <cstdint>
#include <vector>

#include "citytwin/traffic/network.h"

namespace citytwin::traffic::detail {

/// Cost of a solver link: c(x) = fixed + coef * x^beta (the sum of its member links' BPR terms, which share
/// one beta). For the system optimum coef is (beta+1) times larger (the marginal cost).
struct LinkCost {
    double fixed = 0.0;  ///< free-flow time + toll and distance terms [time unit]
    double coef = 0.0;   ///< [time unit / (veh/h)^beta]
    double beta = 4.0;
    bool quartic = true;  ///< beta == 4: evaluated without pow()
};

/// Cost and derivative of a solver link at flow x (x < 0 counts as 0).
inline void evalCost(const LinkCost& p, double x, double& cost, double& deriv) {
    if (x < 0) x = 0;
    if (p.quartic) {
        const double x2 = x * x;
        cost = p.fixed + p.coef * x2 * x2;
        deriv = 4.0 * p.coef * x2 * x;
    } else if (p.beta == 0.0) {
        cost = p.fixed + p.coef;
        deriv = 0.0;
    } else if (p.beta == 1.0) {
        cost = p.fixed + p.coef * x;
        deriv = p.coef;
    } else {
        const double xb1 = x > 0 ? std::pow(x, p.beta - 1.0) : 0.0;
        cost = p.fixed + p.coef * xb1 * x;
        deriv = p.beta * p.coef * xb1;
    }
}

inline double evalCostOnly(const LinkCost& p, double x) {
    double c, d;
    evalCost(p, x, c, d);
    return c;
}

struct SolverGraph {
    int nodeCount = 0;
    int zoneCount = 0;
    int firstThroughNode = 0;

    std::vector<std::int32_t> tail;  ///< per solver link
    std::vector<std::int32_t> head;
    std::vector<LinkCost> cost;
    std::vector<std::int32_t> outStart;  ///< forward star: links out of node v are outLink[outStart[v]..]
    std::vector<std::int32_t> outLink;
    std::vector<std::int32_t> memberStart;  ///< original links of solver link l: member[memberStart[l]..]
    std::vector<std::int32_t> member;
    std::vector<std::int32_t> solverLinkOf;  ///< per original link: its solver link, or -1 (closed, dead end)

    int contractedNodes = 0;  ///< nodes merged away in chains
    int prunedLinks = 0;      ///< open links that can carry no trip (dead ends, isolated loops)

    int linkCount() const { return static_cast<int>(tail.size()); }
    /// Whether trips may pass through node v on their way from origin `origin`.
    bool passable(int v, int origin) const { return v >= firstThroughNode || v == origin; }
};

/// Builds the solver graph. Weights are the generalized-cost weights in use; `systemOptimum` turns the
/// link costs into marginal costs.
SolverGraph buildSolverGraph(const Network& network, double tollWeight, double distanceWeight,
                             bool systemOptimum, bool contract);

}  // namespace citytwin::traffic::detail

#pragma once
// Bush-based user equilibrium (Dial 2006, "Algorithm B") on a SolverGraph. Internal to the engine.

#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/traffic/assignment.h"
#include "solver_graph.h"

namespace citytwin::traffic::detail {

/// One link of a bush: the solver link, the topological position of its tail in the bush, the origin's flow.
struct BushEdge {
    std::int32_t link;  ///< solver link
    std::int32_t tail;  ///< topological position of the link's tail in the bush
    double flow;        ///< this origin's flow [PCE/h]
};

/// An acyclic subgraph rooted at one origin that carries all of that origin's flow.
struct Bush {
    std::vector<std::int32_t> node;     ///< nodes in topological order; node[0] is the origin
    std::vector<std::int32_t> inStart;  ///< edges into node k: edge[inStart[k] .. inStart[k+1])
    std::vector<BushEdge> edge;
};

/// The demand of one vehicle class: its matrix [veh/h], passenger-car equivalents, links it may not use.
struct SolverClass {
    const OdMatrix* demand = nullptr;
    double pce = 1.0;
    std::vector<std::uint8_t> banned;  ///< per solver link (1 = banned); empty = none
};

/// The bushes of a solution, by (class, origin): a solver can start from them (warm start).
struct BushSet {
    int linkCount = 0;  ///< solver links of the graph they belong to
    int nodeCount = 0;
    std::vector<std::int32_t> tail, head;  ///< the graph's solver links (a warm start needs the same graph)
    std::vector<Bush> bushes;
    std::vector<int> origin;  ///< zone of each bush
    std::vector<int> cls;     ///< class of each bush
};

struct SolverSettings {
    double targetGap = 1e-10;
    int maxIterations = 500;
    double maxSeconds = 0.0;
    int threads = 1;
    int sweeps = 0;                 ///< equilibration sweeps per bush update; 0 = adaptive
    int passes = 1;                 ///< passes per bush per sweep
    const BushSet* warm = nullptr;  ///< start from these bushes where they carry the new demand
    bool keepBushes = false;        ///< return the bushes in the outcome
};

struct SolverOutcome {
    AssignmentStatus status = AssignmentStatus::IterationLimit;
    int iterations = 0;
    double relativeGap = 0.0;
    double averageExcessCost = 0.0;
    double tstt = 0.0;  ///< sum x c at the final flows (solver costs)
    double sptt = 0.0;
    std::vector<double> flow;  ///< per solver link
    std::vector<ConvergencePoint> curve;
    std::vector<UnreachablePair> unreachable;
    double assignedDemand = 0.0;
    std::size_t bushLinks = 0;
    double seconds = 0.0;
    std::vector<std::vector<double>> classFlow;  ///< per class, per solver link [PCE/h]
    std::vector<double> assignedByClass;         ///< [veh/h]
    std::size_t warmOrigins = 0;                 ///< origins started from a warm bush
    BushSet bushes;                              ///< when keepBushes
};

/// Solves; every class's demand must be for graph.zoneCount zones (flows are PCE/h). Intrazonal cells are
/// skipped (the caller reports them); unreachable pairs are listed in the outcome and not loaded.
SolverOutcome solveEquilibrium(const SolverGraph& graph, const std::vector<SolverClass>& classes,
                               const SolverSettings& settings, const ProgressFunction& progress,
                               const CancelFunction& cancel);

/// Least-cost trees from every origin for fixed link costs (per solver link): SPTT = sum q * cost and,
/// optionally, the skim (zoneCount^2, row-major; NaN unreachable) of cost and of two additive link
/// attributes (time, length) along the least-cost path. `threads` workers. The callbacks are called from
/// the calling thread only, every ~50 ms.
struct SkimOutput {
    bool cancelled = false;  ///< the cancel callback stopped it: the skim is incomplete
    double sptt = 0.0;
    double assignedDemand = 0.0;
    std::vector<UnreachablePair> unreachable;
    std::vector<double> cost, attrA, attrB;
};
SkimOutput shortestPathSkim(const SolverGraph& graph, const OdMatrix& demand, const std::vector<double>& cost,
                            const std::vector<double>* attrA, const std::vector<double>* attrB, bool fullSkim,
                            int threads, const ProgressFunction& progress = {},
                            const CancelFunction& cancel = {}, const std::uint8_t* banned = nullptr);

}  // namespace citytwin::traffic::detail

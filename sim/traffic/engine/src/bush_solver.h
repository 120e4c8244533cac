#pragma once
// Bush-based user equilibrium (Dial 2006, "Algorithm B") on a SolverGraph. Internal to the engine.

#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/traffic/assignment.h"
#include "solver_graph.h"

namespace citytwin::traffic::detail {

struct SolverSettings {
    double targetGap = 1e-10;
    int maxIterations = 500;
    double maxSeconds = 0.0;
    int threads = 1;
    int sweeps = 0;  ///< equilibration sweeps per bush update; 0 = adaptive
    int passes = 1;  ///< passes per bush per sweep
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
};

/// Solves; `demand` must be for graph.zoneCount zones. Intrazonal cells are skipped (the caller reports
/// them); unreachable pairs are listed in the outcome and not loaded.
SolverOutcome solveEquilibrium(const SolverGraph& graph, const OdMatrix& demand,
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
                            const CancelFunction& cancel = {});

}  // namespace citytwin::traffic::detail

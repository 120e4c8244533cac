#pragma once
// The solution by origin kept by an assignment (AssignmentOptions::keepOriginFlows): the solver graph it was
// computed on and every origin's bush. Internal to the engine; analysis.cpp reads it.

#include <cstddef>
#include <vector>

#include "bush_solver.h"
#include "citytwin/traffic/assignment.h"
#include "solver_graph.h"

namespace citytwin::traffic {

struct OriginFlows {
    detail::SolverGraph graph;
    detail::BushSet bushes;     ///< flows in PCE/h
    std::vector<double> pce;    ///< per class
    std::size_t linkCount = 0;  ///< links of the assigned network
    int zoneCount = 0;
};

}  // namespace citytwin::traffic

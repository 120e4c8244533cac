#pragma once
/// @file engine.h
/// The subsidence engine's entry points: check a scenario, run it, and evaluate the superposed displacement
/// field at points. Thread safety: all functions are re-entrant; a run uses OpenMP threads internally.

#include <vector>

#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/subsidence/results.h"
#include "citytwin/subsidence/scenario.h"
#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence {

/// Every problem with the scenario at once (never throws): grid, each source, layer, building, observation
/// and option, each naming the feature (kind, id and index), the parameter id and the bad value.
std::vector<core::Problem> validate(const Scenario& scenario, const Tables& tables);

/// Runs the scenario: settlement frames, end-time slope/strain/displacement rasters, contours, building
/// assessment, time series, profiles, residuals against observations, scalars.
/// Reports progress at least every ~100 ms and returns promptly with RunStatus::Cancelled once
/// `progress.cancelled()`. @throws core::Error(Validation) listing the problems when validate() finds any;
/// core::Error(Simulation) for failures while running.
Results run(const Scenario& scenario, const Tables& tables, const core::Progress& progress = {});

/// Displacement at one point and time, all sources superposed.
struct PointDisplacement {
    double settlementM = 0.0;  ///< positive down
    double eastM = 0.0;
    double northM = 0.0;
};

/// Evaluates the scenario's sources at points and times (exactly, not from a grid). Validates first.
/// @throws core::Error(Validation) as run().
std::vector<std::vector<PointDisplacement>> evaluatePoints(const Scenario& scenario, const Tables& tables,
                                                           const std::vector<core::Point>& points,
                                                           const std::vector<double>& timesDays);

}  // namespace citytwin::subsidence

#pragma once
/// @file results.h
/// What the viewer adds to core's results model (core/results.h, core/run_directory.h): which outputs to show
/// first, and the data credit line of a scenario. Plain C++: no VTK types.

#include <string>
#include <vector>

#include "citytwin/core/results.h"
#include "citytwin/core/run_directory.h"

namespace citytwin::render {

using core::differenceOutput;
using core::Frame;
using core::isDrawable;
using core::OutputData;
using core::RunResults;

/// The simulators' results of a run folder (core::readRunDirectory), in run order.
/// @throws core::Error as core::readRunDirectory.
std::vector<RunResults> readRunDirectory(const std::string& dir);

/// Which outputs of a run to show at first (aligned with run.outputs), from their declared drawing: the first
/// water surface and every vector layer that is drawn (draped flat polygons only when there is no water surface:
/// they would cover it); when there is neither, the first drawable output.
/// Tables, scalars and outputs declared Hidden are never layers.
std::vector<bool> defaultVisibility(const RunResults& run);

/// A one-line data credit for images of a scenario: the copyright or "provided by" line of the ATTRIBUTION.md
/// beside the scenario file, or "" when there is none.
std::string dataAttribution(const std::string& scenarioFile);

}  // namespace citytwin::render

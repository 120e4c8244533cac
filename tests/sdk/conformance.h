#pragma once
// The conformance checks every simulator plug-in must pass (tests/sdk/conformance_test.cpp runs them over every
// plug-in found). Each check returns what is wrong; an empty list is a pass. Kept apart from the test so that a
// deliberately broken plug-in can be shown to fail them.

#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/plugin_registry.h"

namespace citytwin::test {

struct Violation {
    std::string check;    ///< "declarations", "describe", "validate", "cancel", "outputs", "determinism"
    std::string message;  ///< what was seen
};

/// describe() declarations are sane (core::checkDescription) and describe() gives the same answer twice.
std::vector<Violation> checkDeclarations(const core::LoadedSimulator& sim);

/// validate() returns problems and never throws: on `model` with `params`, and on an empty city model.
std::vector<Violation> checkValidateNeverThrows(const core::LoadedSimulator& sim, const core::CityModel& model,
                                                const sdk::ParameterSet& params);

/// Cancel is honoured and reported by the simulator itself: asked before it starts, and asked from another thread
/// as soon as it reports its first progress, it must return Outcome::Cancelled (not complete, not throw) within
/// `limitS` seconds (a hang detector, not a speed check).
std::vector<Violation> checkCancel(const core::LoadedSimulator& sim, const core::CityModel& model,
                                   const sdk::ParameterSet& params, double limitS = 60.0);

/// A completed run emits only declared outputs of their declared kinds, rasters and vectors in the model's CRS,
/// frames in increasing time, tables with rows as wide as their columns; and running again gives identical
/// outputs (bit for bit for rasters, exactly for numbers and text).
std::vector<Violation> checkOutputsAndDeterminism(const core::LoadedSimulator& sim, const core::CityModel& model,
                                                  const sdk::ParameterSet& params);

}  // namespace citytwin::test

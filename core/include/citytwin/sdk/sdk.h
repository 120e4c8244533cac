#pragma once
/// @file sdk.h
/// Everything a simulator plug-in needs: include this one header.
///
/// - city_model.h: the city model (terrain, buildings, roads, layers) the simulator reads (const).
/// - parameters.h / outputs.h: declarations of parameters and outputs, and the result types; declare.h:
///   short helpers to write declarations.
/// - simulator.h: the Simulator interface and the RunContext it runs with.
/// - plugin.h: CITYTWIN_PLUGIN(Class), the module's entry point.
/// - error.h: citytwin::core::Error, the exception to throw on failure.
/// Geometry algorithms: include "citytwin/core/geometry_boost.h" in .cpp files (Boost.Geometry).
/// Documentation: docs/sdk.md.

#include "citytwin/core/city_model.h"
#include "citytwin/core/error.h"
#include "citytwin/sdk/declare.h"
#include "citytwin/sdk/outputs.h"
#include "citytwin/sdk/parameters.h"
#include "citytwin/sdk/plugin.h"
#include "citytwin/sdk/simulator.h"
#include "citytwin/sdk/version.h"

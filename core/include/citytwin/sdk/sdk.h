#pragma once
/// @file sdk.h
/// Everything a simulator plug-in needs: include this one header. The SDK is exactly the headers this one
/// includes (and what they include); they are installed for plug-in authors, versioned by
/// CITYTWIN_SDK_VERSION, and a test fails when one changes without a version bump. Host-only headers (the
/// plug-in registry, the run service, scenario files, the results folder) are not part of it.
///
/// - city_model.h: the city model (terrain, buildings, roads, layers) the simulator reads (const).
/// - parameters.h / outputs.h: parameters and outputs declared once as typed handles, with drawing intent.
/// - simulator.h: the Simulator interface and the RunContext it runs with.
/// - plugin.h: CITYTWIN_PLUGIN(Class), the module's entry point.
/// - error.h, problem.h: citytwin::core::Error (throw on failure) and Problem (validation findings).
/// - progress.h: core::Progress with scaled sub-steps and cancel, for engines.
/// - range.h, text.h, rasterise.h: shared helpers (ranges, number formatting and text, polygon rasterisation).
/// - occupancy.h: building use, floors, households, residents, jobs and trips from rates in data/occupancy.
/// - data_dir.h: where data tables live (dataDirectory()/<simulator>/...).
/// Geometry algorithms: include "citytwin/core/geometry_boost.h" in .cpp files (Boost.Geometry).
/// Documentation: docs/sdk.md.

#include "citytwin/core/city_model.h"
#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "citytwin/core/occupancy.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/progress.h"
#include "citytwin/core/range.h"
#include "citytwin/core/rasterise.h"
#include "citytwin/core/text.h"
#include "citytwin/sdk/outputs.h"
#include "citytwin/sdk/parameters.h"
#include "citytwin/sdk/plugin.h"
#include "citytwin/sdk/simulator.h"
#include "citytwin/sdk/version.h"

#pragma once
/// @file model_builder.h
/// Builds the city model from a scenario: reads every dataset, chooses the project CRS, reprojects, repairs,
/// normalises and reports.

#include <functional>
#include <string>

#include "citytwin/core/city_model.h"
#include "citytwin/core/crs.h"
#include "citytwin/core/export.h"
#include "citytwin/core/scenario.h"

namespace citytwin::core {

/// Progress of a long operation: fraction in [0,1] and the stage. Return false to cancel.
using ProgressCallback = std::function<bool(double fraction, const std::string& stage)>;

struct BuildOptions {
    ProgressCallback progress;  ///< called at every stage and every few thousand features; may be empty
};

/// The project CRS for data centred at (lon, lat): EPSG:5186 inside South Korea, else the WGS 84 UTM zone.
/// `reason` receives a sentence saying why.
CITYTWIN_CORE_API Crs chooseProjectCrs(double lon, double lat, std::string& reason);

/// Builds the model.
/// @throws Error: FileNotFound / FileFormat (naming the file), Crs (no CRS, unknown CRS, geographic project
/// CRS;
///         parameter "crs"), Data (empty layer, terrain that does not overlap the buildings, no data in the
///         extent), Scenario (bad filter or resampling), Cancelled (progress returned false).
CITYTWIN_CORE_API CityModel buildCityModel(const Scenario& scenario, const BuildOptions& options = {});

}  // namespace citytwin::core

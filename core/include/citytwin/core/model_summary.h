#pragma once
/// @file model_summary.h
/// Figures that describe a city model (for `citytwin-cli info`, the GUI and tests).

#include <map>
#include <string>

#include "citytwin/core/city_model.h"
#include "citytwin/core/export.h"

namespace citytwin::core {

struct ValueStats {
    std::size_t count = 0;
    double min = 0.0;
    double max = 0.0;
    double mean = 0.0;
    double median = 0.0;
};

struct ModelSummary {
    ValueStats buildingHeights;                       ///< heightM of all buildings [m]
    double footprintAreaM2 = 0.0;                     ///< total footprint area [m²]
    std::map<std::string, double> roadLengthByClass;  ///< [m]; "(none)" for roads without a class
    double roadLengthM = 0.0;
    RasterStats terrain;
};

/// Computes the summary. O(buildings log buildings + roads + terrain cells).
CITYTWIN_CORE_API ModelSummary summarise(const CityModel& model);

/// The human-readable report printed by `citytwin-cli info`: CRS, extent, terrain, buildings with height
/// statistics and how heights were obtained, road length by class, layers, sources, and every import warning.
CITYTWIN_CORE_API std::string formatModelReport(const CityModel& model);

}  // namespace citytwin::core

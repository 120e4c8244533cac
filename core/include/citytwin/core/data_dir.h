#pragma once
/// @file data_dir.h
/// Where CityTwin's data tables live (occupancy rates, damage classes, zoning tables, ...): tables a user may edit,
/// never constants in code.

#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// The data folder: $CITYTWIN_DATA_DIR when set; else <bin>/../share/citytwin/data of an installation; else the
/// source tree's data/ (a build tree). Simulators find their tables under "<dataDirectory()>/<simulator>/".
CITYTWIN_CORE_API std::string dataDirectory();

}  // namespace citytwin::core

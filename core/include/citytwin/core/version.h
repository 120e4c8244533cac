#pragma once
/// @file version.h
/// Versions of CityTwin and the libraries it runs on, for manifests and `version` output.

#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// "0.1.0"
CITYTWIN_CORE_API const char* citytwinVersion();
/// GDAL's release name, e.g. "3.6.2".
CITYTWIN_CORE_API std::string gdalVersion();
/// PROJ's version, e.g. "9.1.1".
CITYTWIN_CORE_API std::string projVersion();

}  // namespace citytwin::core

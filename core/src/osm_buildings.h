#pragma once
/// OpenStreetMap's Simple 3D Buildings scheme in the buildings read from an OSM file.
#include <string>
#include "citytwin/core/vector_layer.h"

namespace citytwin::core::detail {

/// The GDAL OSM driver configuration that also reads `building:part` ways as polygons (with a `building_part`
/// column): GDAL's own osmconf.ini with those two additions, written once into the temporary folder. Empty when
/// GDAL's file cannot be found (then parts are not read, and the caller says so).
std::string osmConfigWithBuildingParts();

/// Where `building:part` features (column `building_part`, any value but "no") lie inside a building outline
/// (`building`), the parts stand for the building in 3D and the outline is dropped: in OSM the outline is for 2D
/// maps and the parts carry the heights (a 555 m tower is a part inside a low podium outline). Parts take the
/// outline's use (`building`), name and address where they have none; a part outside every outline keeps its own
/// tags, with use "yes" when it has none. Returns a note for the import report, or "" when there were no parts.
std::string resolveOsmBuildingParts(VectorLayer& layer);

}  // namespace citytwin::core::detail

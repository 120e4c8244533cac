#pragma once
/// @file cityjson.h
/// A CityJSON (1.0, 1.1, 2.0) reader for buildings and terrain TINs. GDAL 3.6 has no CityJSON driver.

#include <array>
#include <string>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/vector_layer.h"

namespace citytwin::core {

struct CityJsonReadResult {
    std::string version;
    /// One polygon feature per Building / BuildingPart with geometry, in the file's CRS. Footprints are the
    /// GroundSurface faces, else the horizontal faces at the lowest height, else the plan projection of all
    /// non-vertical faces; they may overlap and are made valid later (polygon_repair.h).
    /// Attributes: "cityjson_id", "cityjson_type", "lod" and every scalar attribute of the object (parts
    /// inherit their parent's).
    VectorLayer layer;
    std::vector<double> heightM;  ///< per feature: top minus bottom of the chosen geometry [m]
    std::vector<double> groundM;  ///< per feature: bottom of the chosen geometry [m]
    std::size_t cityObjects = 0;  ///< all city objects in the file
    std::size_t buildingsWithoutGeometry =
        0;  ///< Building objects with neither geometry nor parts with geometry
    std::size_t footprintsFromProjection =
        0;  ///< footprints from the plan projection (no ground faces found)
    /// Triangles of TINRelief objects, in the file's CRS: x0,y0,z0, x1,y1,z1, x2,y2,z2.
    std::vector<std::array<double, 9>> terrainTriangles;
    std::vector<std::string> warnings;
};

/// True when the file starts like a CityJSON document ("type": "CityJSON" in its first 64 KiB).
CITYTWIN_CORE_API bool looksLikeCityJson(const std::string& path);

/// Reads buildings and terrain triangles. `crsOverride` replaces metadata.referenceSystem.
/// @throws Error: FileNotFound; FileFormat (not JSON, not CityJSON, vertex index out of range, malformed
///         boundaries; the message gives the object id); Crs (no referenceSystem and no override).
CITYTWIN_CORE_API CityJsonReadResult readCityJson(const std::string& path,
                                                  const std::string& crsOverride = {});

}  // namespace citytwin::core

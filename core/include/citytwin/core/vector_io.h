#pragma once
/// @file vector_io.h
/// Reading vector layers through GDAL/OGR (GeoPackage, Shapefile, GeoJSON, OSM XML/PBF, ...) and writing
/// GeoPackage.

#include <string>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/vector_layer.h"

namespace citytwin::core {

/// What a layer is read for; it decides the default layer choice (and for OSM files the filter).
enum class VectorRole { Any, Buildings, Roads };

struct VectorReadOptions {
    std::string layer;        ///< layer name; empty = choose by role (see readVector)
    std::string where;        ///< OGR SQL attribute filter, e.g. "building IS NOT NULL"
    std::string crsOverride;  ///< CRS to assume instead of the file's
    VectorRole role = VectorRole::Any;
    /// Encoding of the file's text ("CP949", "EUC-KR", "UTF-8", any name iconv knows); empty = as the file
    /// declares it, or detected. Shapefiles without a .cpg file are detected (detectShapefileEncoding in
    /// text_encoding.h); for other formats a declared encoding recodes the text values and field names that
    /// are not already valid UTF-8.
    std::string encoding;
};

struct VectorReadResult {
    VectorLayer layer;                  ///< in the file's CRS, attributes as typed by the driver
    std::size_t withoutGeometry = 0;    ///< features skipped for having no usable geometry
    std::vector<std::string> warnings;  ///< GDAL warnings
    std::vector<std::string> notes;     ///< what was done to the features on the way (for the import report)
};

/// Layer names of a vector file. @throws Error FileNotFound / FileFormat.
CITYTWIN_CORE_API std::vector<std::string> listVectorLayers(const std::string& path);

/// True for OpenStreetMap XML/PBF files (by the driver GDAL picks).
CITYTWIN_CORE_API bool isOsmFile(const std::string& path);

/// Reads one layer. Layer choice when none is named: the only layer; else for buildings a layer whose name
/// contains "build" (or the only polygon layer), for roads one whose name contains "road", "street" or
/// "highway" (or the only line layer). OpenStreetMap files: buildings are the "multipolygons" with a building
/// tag, roads the "lines" with a highway tag, and the tags GDAL packs into "other_tags" become ordinary
/// attributes. Text comes back as UTF-8 whatever the file's encoding (see VectorReadOptions::encoding); the
/// encoding used for a Shapefile without a .cpg is noted in the warnings.
/// @throws Error: FileNotFound, FileFormat, Data (no such layer, ambiguous layer, empty layer),
///         Crs (no CRS and no override), Scenario (bad "where" filter, unknown encoding).
CITYTWIN_CORE_API VectorReadResult readVector(const std::string& path, const VectorReadOptions& options);

/// Parses an OSM "other_tags" hstore string ("k"=>"v","k2"=>"v2") into pairs.
CITYTWIN_CORE_API std::vector<std::pair<std::string, std::string>> parseHstore(const std::string& text);

/// Writes a layer as a GeoPackage (one layer, named after `layer.name`), through a temporary file and a
/// rename.
/// @throws Error(ErrorCode::Output) naming the path.
CITYTWIN_CORE_API void writeGeoPackage(const VectorLayer& layer, const std::string& path);

}  // namespace citytwin::core

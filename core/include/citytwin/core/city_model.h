#pragma once
/// @file city_model.h
/// The city model: one projected CRS, terrain, buildings, roads and extra layers, plus the import report.
/// Simulators read it through a const reference; it holds no Qt or VTK types.

#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "citytwin/core/crs.h"
#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/raster.h"
#include "citytwin/core/vector_layer.h"

namespace citytwin::core {

/// How a building's height was obtained (the import report counts each).
enum class HeightSource {
    HeightAttribute,  ///< a height attribute (height, height_m, building:height, ...)
    Levels,           ///< a floor count (building:levels, storeys, 지상층수, ...) x storey height
    SourceGeometry,   ///< measured from 3D geometry (CityJSON LoD1/LoD2: top minus bottom)
    Default,          ///< nothing usable: the configured default height
};
CITYTWIN_CORE_API const char* toString(HeightSource source);

/// Where a building's base elevation came from.
enum class BaseSource {
    Terrain,  ///< lowest terrain value sampled at the footprint's vertices and centroid (bilinear)
    Source,   ///< the source's own ground height (CityJSON) when there is no terrain
    None,     ///< unknown: no terrain under the footprint and none in the source (baseM is NaN)
};

struct Building {
    std::string id;          ///< source identifier (OSM id, feature id, CityJSON object id)
    MultiPolygon footprint;  ///< valid, counter-clockwise, in the project CRS [m]
    double heightM = 0.0;    ///< height from base to top [m], > 0
    HeightSource heightSource = HeightSource::Default;
    double levels = NAN;  ///< floors above ground when known
    double baseM = NAN;   ///< base (ground) elevation [m]
    BaseSource baseSource = BaseSource::None;
    int source = -1;                         ///< index into CityModel::sources
    std::vector<AttributeValue> attributes;  ///< aligned with CityModel::buildingFields
};

enum class Oneway { No, Forward, Backward };
CITYTWIN_CORE_API const char* toString(Oneway oneway);

struct Road {
    std::string id;
    LineString line;        ///< in the project CRS [m]
    std::string roadClass;  ///< OSM highway value or the source's class ("residential", "primary", ...)
    std::string name;
    int lanes = 1;           ///< lanes in total (both directions for two-way roads)
    double speedKmh = 30.0;  ///< speed limit [km/h]
    Oneway oneway = Oneway::No;
    bool lanesDefaulted = true;   ///< lanes came from the per-class default
    bool speedDefaulted = true;   ///< speed came from the per-class default
    bool onewayDefaulted = true;  ///< one-way came from the per-class rule (e.g. motorway) or "no"
    int source = -1;
    std::vector<AttributeValue> attributes;  ///< aligned with CityModel::roadFields
};

/// An input dataset as it was imported.
struct DataSource {
    std::string role;  ///< "terrain", "buildings", "roads", or "layer:<name>"
    std::string file;
    std::string layer;     ///< layer inside the file (empty for rasters)
    std::string crs;       ///< the source CRS, described
    std::size_t read = 0;  ///< features read (vector sources)
    std::size_t kept = 0;  ///< features kept in the model (vector sources)
    bool raster = false;   ///< a raster (or TIN) source: read/kept are not counted
};

struct ImportMessage {
    enum class Severity { Info, Warning } severity = Severity::Warning;
    std::string source;  ///< file (and layer) concerned, may be empty
    std::string text;
};

/// What the import did and everything it had to work around.
struct CITYTWIN_CORE_API ImportReport {
    std::vector<ImportMessage> messages;

    struct Heights {
        std::size_t fromAttribute = 0;
        std::size_t fromLevels = 0;
        std::size_t fromGeometry = 0;
        std::size_t fromDefault = 0;
        std::size_t invalidValues =
            0;  ///< unparseable or non-positive height/levels values that were passed over
    } heights;

    struct Repairs {
        std::size_t valid = 0;               ///< footprints that were valid as read
        std::size_t reoriented = 0;          ///< fixed by closing rings / reversing orientation
        std::size_t repaired = 0;            ///< self-intersections or overlapping parts resolved
        std::size_t duplicates = 0;          ///< exact duplicate footprints dropped
        std::size_t degenerate = 0;          ///< fewer than 3 distinct points or zero area: skipped
        std::size_t unrepairable = 0;        ///< could not be made valid: skipped
        std::size_t outsideExtent = 0;       ///< centroid outside the clip extent: skipped
        std::size_t reprojectionFailed = 0;  ///< had points PROJ could not transform: skipped
        std::size_t outliers = 0;  ///< coordinates beyond 1e8 m, not numbers, or over 10 km across: skipped
    } repairs;

    struct Bases {
        std::size_t fromTerrain = 0;
        std::size_t fromSource = 0;
        std::size_t unknown = 0;
    } bases;

    struct Roads {
        std::size_t lanesDefaulted = 0;
        std::size_t speedDefaulted = 0;
        std::size_t outsideExtent = 0;
        std::size_t invalidValues = 0;  ///< unparseable lanes/maxspeed/oneway values
    } roads;

    std::size_t terrainSentinelCells = 0;  ///< undeclared NoData sentinels (-9999, -32768, ±3.4e38) made NaN

    /// Adds a warning unless the same text was reported already (GDAL repeats itself across steps).
    void warn(std::string source, std::string text) { add(ImportMessage::Severity::Warning, source, text); }
    void info(std::string source, std::string text) { add(ImportMessage::Severity::Info, source, text); }
    void add(ImportMessage::Severity severity, std::string& source, std::string& text) {
        for (const ImportMessage& m : messages)
            if (m.text == text) return;
        messages.push_back({severity, std::move(source), std::move(text)});
    }
    std::size_t warningCount() const;
};

/// The city model. Plain data: build it with buildCityModel() (model_builder.h); read it anywhere.
struct CITYTWIN_CORE_API CityModel {
    std::string name;
    Crs crs;                ///< projected, metric
    std::string crsReason;  ///< why this CRS ("set in the scenario", "chosen: data centre in South Korea")
    Box extent;             ///< clip extent if one was given, else the union of the data
    Raster terrain;         ///< empty() when the scenario has none

    FieldList buildingFields;
    std::vector<Building> buildings;
    FieldList roadFields;
    std::vector<Road> roads;

    std::map<std::string, Raster> rasters;       ///< extra raster layers by name (land use, roughness, ...)
    std::map<std::string, VectorLayer> vectors;  ///< extra vector layers by name (parcels, zones, ...)

    std::vector<DataSource> sources;
    ImportReport report;

    bool hasTerrain() const { return !terrain.empty(); }
    /// Bounding box of all buildings.
    Box buildingExtent() const;
    /// Bounding box of all roads.
    Box roadExtent() const;
};

}  // namespace citytwin::core

#pragma once
/// @file scenario.h
/// Scenario files: which data make the city model, in which CRS, extent and resolution, and which simulators
/// run with which parameters. The format is documented in docs/scenario-format.md.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/attribute_rules.h"
#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"

namespace citytwin::core {

/// One dataset entry of a scenario.
struct DatasetSpec {
    std::string key;  ///< where it sits in the scenario ("terrain", "buildings[1]", "layers.zones")
    std::vector<std::string> files;    ///< resolved paths (relative paths joined to the scenario's folder,
                                       ///< glob patterns expanded, sorted)
    std::vector<std::string> written;  ///< the paths as written in the file
    std::string layer;                 ///< vector layer name
    std::string where;                 ///< OGR SQL attribute filter
    std::string crs;                   ///< CRS to assume for the data instead of the file's own
    std::string encoding;  ///< text encoding of vector data ("CP949"); empty = declared or detected
    // buildings
    std::string heightField;
    std::string levelsField;
    std::optional<double> storeyHeightM;
    std::optional<double> defaultHeightM;
    // rasters (terrain and raster layers)
    std::string resampling;               ///< empty = bilinear for terrain, nearest for layers
    std::optional<bool> nodataSentinels;  ///< treat -9999/-32768/±3.4e38 as NoData (default: on for terrain)
    // extra layers
    std::string name;  ///< layer name in the model (layers only): any Unicode text, see isValidLayerName()
    std::string kind;  ///< "raster" or "vector" (layers only; empty = decided by the file)
    std::string unit;  ///< unit of a raster layer's values
};

/// A parsed scenario. Paths are resolved; everything else is as written.
struct CITYTWIN_CORE_API Scenario {
    static constexpr int kFormatVersion = 1;

    std::string file;     ///< the scenario file ("" when built in memory)
    std::string baseDir;  ///< folder relative paths are resolved against
    std::string name;
    std::string description;
    std::string crs;            ///< project CRS as written; empty = chosen from the data
    std::optional<Box> extent;  ///< clip extent
    std::string extentCrs;      ///< CRS of `extent`; empty = the project CRS
    double resolution = 0.0;    ///< terrain cell size [m]; 0 = native
    HeightRules heightRules;    ///< defaults for every buildings entry
    std::optional<DatasetSpec> terrain;
    std::vector<DatasetSpec> buildings;
    std::vector<DatasetSpec> roads;
    std::vector<DatasetSpec> layers;
    /// Simulator blocks: simulator id -> JSON object text of its parameter values, as written.
    std::map<std::string, std::string> simulators;
    /// The "run" key: simulator ids in the order they run (an earlier one's outputs can feed a later one as
    /// layers "<sim>.<output>"). Empty: the simulators with blocks, in alphabetical order.
    std::vector<std::string> runOrder;

    bool hasData() const { return terrain || !buildings.empty() || !roads.empty() || !layers.empty(); }
};

/// Reads and checks a scenario file: JSON syntax, format version, unknown keys, types, value ranges, and that
/// every named file exists.
/// @throws Error(ErrorCode::FileNotFound) for the scenario or a dataset file (naming the key),
///         Error(ErrorCode::Scenario) naming the key for everything else.
CITYTWIN_CORE_API Scenario loadScenario(const std::string& path);

/// As loadScenario, from text; `fileName` is used in messages, `baseDir` to resolve paths.
CITYTWIN_CORE_API Scenario parseScenario(const std::string& text, const std::string& baseDir,
                                         const std::string& fileName = "<scenario>");

/// Serialises a scenario (paths as written, or relative to `relativeTo` when given).
CITYTWIN_CORE_API std::string scenarioToJson(const Scenario& scenario, const std::string& relativeTo = {});

/// Writes a scenario file atomically (temporary file + rename); paths become relative to its folder.
/// @throws Error(ErrorCode::Output).
CITYTWIN_CORE_API void saveScenario(const Scenario& scenario, const std::string& path);

/// True when `name` can name a layer of a scenario: 1 to 64 characters of UTF-8 text in any script
/// ("우수관측점", "land_use", "Zone A"), without control characters, without blanks at either end, and
/// without
/// '.', ',', '/' or '\\' (they separate "<sim>.<output>" names, lists and paths). Otherwise false, with the
/// reason in `why` when given.
CITYTWIN_CORE_API bool isValidLayerName(const std::string& name, std::string* why = nullptr);

/// True when the file is a CityTwin scenario (a JSON object with "citytwin_scenario").
CITYTWIN_CORE_API bool looksLikeScenario(const std::string& path);

/// A scenario describing one data file on its own (for `citytwin-cli info <file>`): a raster becomes the
/// terrain, a CityJSON file buildings (and terrain from its TIN when it has one), an OSM file buildings and
/// roads, a vector file buildings and/or roads by its layers' geometry.
/// @throws Error FileNotFound / FileFormat.
CITYTWIN_CORE_API Scenario scenarioForDataFile(const std::string& path);

}  // namespace citytwin::core

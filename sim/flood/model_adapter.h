#pragma once
/// @file model_adapter.h
/// From the city model to a flood set-up, and from flood results back to the city: terrain resampled to the
/// run resolution, buildings as walls or raised blocks, Manning roughness from a value, a raster, a land-use
/// table or polygons; per-building maximum depth and flooded flag, flooded road length, gauges from a point
/// layer. The engine itself (citytwin/flood/solver.h) knows nothing of GIS.
///
/// No-data policy: terrain NaN cells stay NaN in the resampled grid. Cells connected to the grid's border are
/// outside the domain (walls); holes enclosed by terrain are refused by the engine (parameter `terrain`,
/// with the first hole's position) unless `nodata_policy` is `fill` (filled from their neighbours) or `wall`.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/progress.h"
#include "citytwin/flood/results.h"
#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// How buildings enter the terrain (`building_mode`).
enum class BuildingMode {
    Ignore,  ///< "ignore": bare terrain, water flows through buildings
    Block,   ///< "block": cells whose centre lies in a footprint are walls (default; ARR Project 15 "blocked
             ///< out")
    Raise,   ///< "raise": those cells are raised by the building's height, so deep water can overtop them
};

/// Stable id of a mode ("ignore", "block", "raise").
const char* toString(BuildingMode mode);
/// Parses an id. @throws core::Error(ErrorCode::Validation) naming `building_mode`.
BuildingMode parseBuildingMode(const std::string& text);

/// Where Manning's n comes from (`manning_source`).
enum class ManningSource {
    Uniform,       ///< "uniform": `manning_n` everywhere
    Raster,        ///< "raster": a raster layer of n values (NaN: `manning_n`)
    LandUseTable,  ///< "land_use": a raster layer of integer class codes and a code -> n table
    Polygons,  ///< "polygons": a polygon layer; n from an attribute or one value inside, `manning_n` outside
};

const char* toString(ManningSource source);
/// @throws core::Error(ErrorCode::Validation) naming `manning_source`.
ManningSource parseManningSource(const std::string& text);

/// Roughness specification.
struct ManningSpec {
    ManningSource source = ManningSource::Uniform;
    double uniformN = 0.03;  ///< `manning_n` [s/m^(1/3)]: everywhere, or where the layer says nothing
    std::string layer;  ///< `manning_layer`: raster layer (Raster, LandUseTable) or vector layer (Polygons)
    std::map<int, double> classTable;  ///< `manning_classes`: land-use code -> n (LandUseTable)
    std::string polygonField;          ///< `manning_field`: attribute with n (Polygons); empty: polygonN
    double polygonN = 0.02;            ///< n inside the polygons when there is no field or it is empty
};

/// How to turn the city model into a grid.
struct ModelGridOptions {
    double resolutionM = 0.0;  ///< `resolution_m`: run cell size [m]; 0 = the terrain's own
    BuildingMode buildingMode = BuildingMode::Block;
    ManningSpec manning;
};

/// Every problem with the options for this model (empty: fine). Never throws.
std::vector<Problem> validateModelOptions(const core::CityModel& model, const ModelGridOptions& options);

/// The run grid: the terrain's extent at the run resolution (cells snapped inwards), same origin. Within 0.1
/// % of the terrain's cell size the terrain grid itself is used.
Grid runGrid(const core::Raster& terrain, double resolutionM);

/// Terrain on another grid of the same CRS: block mean of the source cells whose centres fall in each target
/// cell when coarser (NaN when fewer than half of them have data), bilinear interpolation when finer (NaN
/// where the source cell under the centre is NaN), an exact copy on the same grid.
std::vector<float> resampleTerrain(const core::Raster& terrain, const Grid& grid);

/// Cells whose centre lies inside the polygon (core/rasterise.h's rule for centres on an edge), as grid indices
/// in row-major order.
std::vector<std::size_t> cellsInside(const Grid& grid, const core::MultiPolygon& polygon);

/// Builds grid, bed (with buildings) and roughness. Forcing, boundaries, gauges and options are left at
/// their defaults for the caller to fill. Reports on `progress` and polls its cancel.
/// @throws core::Error(ErrorCode::Validation) with the first problem of validateModelOptions();
///         core::Error(ErrorCode::Cancelled) when cancelled.
Setup setupFromModel(const core::CityModel& model, const ModelGridOptions& options,
                     const core::Progress& progress = {});

/// Gauges at the points of a vector layer, named by `nameField` (or "<layer> <index>").
/// @throws core::Error(ErrorCode::Validation) naming `gauge_layer` when the layer is missing or has no
/// points.
std::vector<Gauge> gaugesFromLayer(const core::CityModel& model, const std::string& layer,
                                   const std::string& nameField = {});

/// Flood at one building.
struct BuildingImpact {
    std::size_t building = 0;  ///< index into CityModel::buildings
    std::string id;
    double maxDepthM =
        0.0;  ///< deepest water in the cells around the footprint (its own cells when ignored) [m]
    bool flooded = false;  ///< maxDepthM > threshold
    int cellsSampled = 0;  ///< domain cells looked at (0: the building lies outside the grid)
};

/// For every building: the largest of `maxDepthM` over the cells within one cell of its footprint, walls and
/// (in Block/Raise mode) its own cells excluded; flooded when above `thresholdM`
/// (`building_flood_threshold_m`).
std::vector<BuildingImpact> buildingImpacts(const core::CityModel& model, const Grid& grid,
                                            const std::vector<float>& maxDepthM, BuildingMode mode,
                                            double thresholdM);

/// Flood along one road.
struct RoadImpact {
    std::size_t road = 0;  ///< index into CityModel::roads
    std::string id;
    double lengthM = 0.0;
    double floodedLengthM = 0.0;  ///< length of the line over cells deeper than the threshold [m]
    double maxDepthM = 0.0;
};

struct RoadImpacts {
    std::vector<RoadImpact> roads;
    double totalLengthM = 0.0;
    double floodedLengthM = 0.0;  ///< `flooded_road_length_m`
};

/// Lengths of road over cells whose `maxDepthM` exceeds `thresholdM` (`road_flood_threshold_m`), measured
/// by walking each line in steps of a quarter cell.
RoadImpacts roadImpacts(const core::CityModel& model, const Grid& grid, const std::vector<float>& maxDepthM,
                        double thresholdM);

}  // namespace citytwin::flood

#pragma once
/// @file city_adapter.h
/// The city model as UAM corridor inputs, and the engine's results as layers: vertiports and no-fly volumes
/// from vector layers, buildings with their residents (core's occupancy estimate), a residential density
/// grid, the routes to plan from a text list; and back, routes as 3D lines, funnels and no-fly volumes as
/// extrudable polygons, contours as lines. Plain C++ and core types: the plug-in stays a thin declaration
/// layer. Layer attribute names are documented in sim/uam/README.md ("Layers").

#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/occupancy.h"
#include "citytwin/core/problem.h"
#include "citytwin/uam/corridor.h"

namespace citytwin::uam {

/// Attribute names read from the vertiport layer (points).
namespace vertiport_fields {
inline constexpr const char* kName = "name";                        ///< required, unique
inline constexpr const char* kPadElevation = "pad_elevation_m";     ///< [m MSL]; default: the ground
inline constexpr const char* kFatoSize = "fato_size_m";             ///< [m]; default: a parameter
inline constexpr const char* kApproach = "approach_bearing_deg";    ///< [deg]; default: a parameter
inline constexpr const char* kDeparture = "departure_bearing_deg";  ///< [deg]; default: a parameter
}  // namespace vertiport_fields

/// Attribute names read from the no-fly layers (polygons; points for circles).
namespace nofly_fields {
inline constexpr const char* kName = "name";            ///< default: "no-fly <feature id>"
inline constexpr const char* kFloor = "floor_m";        ///< [m]; default: from the ground
inline constexpr const char* kCeiling = "ceiling_m";    ///< [m]; default: unlimited
inline constexpr const char* kReference = "reference";  ///< "agl" or "msl"; default: a parameter
inline constexpr const char* kRadius = "radius_m";      ///< circles: [m], required
}  // namespace nofly_fields

/// What the adapter reads from the model and how.
struct CityUamOptions {
    std::string vertiportLayer;  ///< vector layer of points (parameter `vertiport_layer`)
    std::string noFlyLayer;      ///< vector layer of polygons, may be empty (`nofly_layer`)
    std::string
        noFlyCircleLayer;  ///< vector layer of points with radius_m, may be empty (`nofly_circle_layer`)
    std::string populationLayer;  ///< raster [persons/km²]; empty: from the buildings (`population_layer`)
    AltitudeReference noFlyReference = AltitudeReference::AboveSeaLevel;  ///< where `reference` is missing
    double fatoSizeM = 30.0;                                              ///< where fato_size_m is missing
    double approachBearingDeg = 0.0;     ///< where approach_bearing_deg is missing
    double departureBearingDeg = 180.0;  ///< where departure_bearing_deg is missing
    std::string routes;                  ///< "A-B, A-C" and/or "network" (`routes`)
    FlightsPerDay flights;               ///< per route (`flights_day`, ...)
    double populationCellM = 100.0;  ///< density grid cell when computed from buildings (`population_cell_m`)
    core::OccupancyOptions occupancy;  ///< storey height, default use
    /// Parameter ids the problems name (the plug-in's declarations).
    struct Ids {
        std::string vertiportLayer = "vertiport_layer";
        std::string noFlyLayer = "nofly_layer";
        std::string noFlyCircleLayer = "nofly_circle_layer";
        std::string populationLayer = "population_layer";
        std::string populationCell = "population_cell_m";
        std::string routes = "routes";
    } ids;
};

/// Fills `scenario`'s model-derived inputs: terrain, planning extent (the model's extent), buildings with
/// residents and use (school, hospital) from `rules`, the population density, vertiports, no-fly volumes, the
/// routes (and `network`). Every problem found is appended, naming the parameter, the layer, the feature (its
/// name, else its number) and the value; never throws for bad data.
void fillFromModel(const core::CityModel& model, const core::OccupancyRules& rules,
                   const CityUamOptions& options, CorridorScenario& scenario,
                   std::vector<core::Problem>& problems);

/// Parses a route list: items separated by commas, each "FROM-TO" (names may contain '-': the split that
/// names two known vertiports is taken) or the word "network" (every pair). Problems name the item.
std::vector<RouteRequest> parseRoutes(const std::string& text, const std::vector<Vertiport>& vertiports,
                                      const FlightsPerDay& flights, bool& network,
                                      const std::string& parameter, std::vector<core::Problem>& problems);

/// Residential density [persons/km²] on a grid of `cellM` over `extent`: each building's residents spread
/// evenly over the cells whose centres lie in its footprint (the cell of its centroid when none does).
core::Raster populationDensity(const core::CityModel& model, const std::vector<BuildingInput>& buildings,
                               const core::Box& extent, double cellM);

/// One feature per found route: the centre line with altitudes [m MSL] in VectorFeature::lineZ, and its
/// figures.
core::VectorLayer routeLayer(const CorridorResult& result, const core::Crs& crs);

/// The vertiports as points with their attributes.
core::VectorLayer vertiportLayer(const std::vector<Vertiport>& vertiports, const core::Crs& crs);

/// The approach and departure funnels below the band as slices (every `sliceM` along the bearing) of the
/// region under the funnel's sloped surface: polygons with height_m (surface above the ground at the slice's
/// far edge), for an extruding viewer; the aircraft flies above the surface.
core::VectorLayer funnelLayer(const CorridorScenario& scenario, const core::Crs& crs, double sliceM = 100.0);

/// No-fly volumes as polygons (circles as 64-gons) with floor_m, ceiling_m, reference and height_m (the
/// ceiling above the ground, at most 100 m above the band's ceiling, for an extruding viewer).
core::VectorLayer noFlyLayer(const CorridorScenario& scenario, const core::Crs& crs);

/// Ground footprints for maps: each found route's tube (its horizontal track buffered by `tube_half_width_m`,
/// the corridor's true width), each no-fly volume, each approach and departure funnel (the FATO and the
/// surface out to the band floor); attributes kind ("corridor", "no-fly volume", "departure funnel",
/// "approach funnel"), name, note.
core::VectorLayer footprintLayer(const CorridorScenario& scenario, const CorridorResult& result,
                                 const core::Crs& crs);

/// Contour lines with their level [dB].
core::VectorLayer contourLayer(const std::vector<ContourLevel>& levels, const core::Crs& crs);

/// Length [m] of a 3D polyline inside any no-fly volume (without buffers), sampled every `stepM`: 0 for a
/// route that keeps out, an independent check of the planner.
double noFlyLengthM(const std::vector<Point3>& line, const std::vector<NoFlyVolume>& noFly,
                    const core::Raster& terrain, double stepM = 1.0);

}  // namespace citytwin::uam

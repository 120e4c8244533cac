// The UAM corridor simulator plug-in: the SDK face of the corridor engine and its city-model adapter.
// Parameters and outputs are documented in sim/uam/README.md (the table there is generated from describe()
// and a test keeps it in sync); layer attributes in its "Layers" section.

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>

#include "city_adapter.h"
#include "citytwin/sdk/sdk.h"
#include "citytwin/uam/corridor.h"
#include "citytwin/uam/limits.h"

namespace citytwin::uam {
namespace {

constexpr const char* kId = "uam";

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h. Defaults are the engine's (corridor.h, airspace.h).
struct UamParams {
    sdk::ParamList list;

    // --- Vertiports and routes.
    sdk::LayerParam vertiportLayer =
        list.group("Vertiports and routes")
            .layer("vertiport_layer")
            .label("Vertiports")
            .help(
                "A point layer of vertiports with the attribute name (required) and optionally "
                "pad_elevation_m "
                "(m MSL; default the ground), fato_size_m, approach_bearing_deg and departure_bearing_deg "
                "(defaults below).")
            .layerKind("vector");
    sdk::TextParam routes =
        list.text("routes")
            .label("Routes")
            .help(
                "Pairs of vertiport names to plan, e.g. 'Jamsil-Suseo, Jamsil-Olympic Park', "
                "and/or 'network' for every pair.")
            .byDefault(std::string("network"));
    sdk::RealParam flightsDay = list.real("flights_day")
                                    .label("Flights by day")
                                    .help(
                                        "Flights of each route in the day period (07-19 in the Korean L_den "
                                        "definition, data/uam); an illustrative schedule: set yours.")
                                    .unit("1/period")
                                    .range(limits::flightsPerPeriod)
                                    .byDefault(100.0);
    sdk::RealParam flightsEvening = list.real("flights_evening")
                                        .label("Flights in the evening")
                                        .help("Flights of each route in the evening period (19-22).")
                                        .unit("1/period")
                                        .range(limits::flightsPerPeriod)
                                        .byDefault(20.0);
    sdk::RealParam flightsNight = list.real("flights_night")
                                      .label("Flights at night")
                                      .help("Flights of each route in the night period (22-07).")
                                      .unit("1/period")
                                      .range(limits::flightsPerPeriod)
                                      .byDefault(0.0);
    sdk::RealParam fatoSize =
        list.real("fato_size_m")
            .label("FATO size")
            .help(
                "Side of the square final approach and take-off area where the vertiport "
                "layer gives no fato_size_m.")
            .unit("m")
            .range(limits::fatoSizeM)
            .byDefault(30.0)
            .advanced();
    sdk::RealParam approachBearing = list.real("approach_bearing_deg")
                                         .label("Approach bearing")
                                         .help(
                                             "Compass bearing from the pad towards the outer end of the "
                                             "approach funnel where the layer gives "
                                             "no approach_bearing_deg.")
                                         .unit("deg")
                                         .range(limits::bearingDeg)
                                         .byDefault(0.0)
                                         .advanced();
    sdk::RealParam departureBearing =
        list.real("departure_bearing_deg")
            .label("Departure bearing")
            .help(
                "Compass bearing from the pad towards the outer end of the departure funnel where the layer "
                "gives no departure_bearing_deg.")
            .unit("deg")
            .range(limits::bearingDeg)
            .byDefault(180.0)
            .advanced();

    // --- Airspace.
    sdk::RealParam bandMin = list.group("Airspace")
                                 .real("band_min_m")
                                 .label("Band floor")
                                 .help("Lowest altitude of the corridors (K-UAM ConOps 2021: 300 m).")
                                 .unit("m")
                                 .range(limits::bandM)
                                 .byDefault(300.0);
    sdk::RealParam bandMax = list.real("band_max_m")
                                 .label("Band ceiling")
                                 .help("Highest altitude of the corridors (K-UAM ConOps 2021: 600 m).")
                                 .unit("m")
                                 .range(limits::bandM)
                                 .byDefault(600.0);
    sdk::ChoiceParam<AltitudeReference> bandReference =
        list.choice<AltitudeReference>(
                "band_reference",
                {{AltitudeReference::AboveGround, "agl", "Above the ground of each column."},
                 {AltitudeReference::AboveSeaLevel, "msl", "Above the terrain's vertical datum."}})
            .label("Band reference")
            .help("What the band's altitudes are measured from.");
    sdk::RealParam clearanceVertical = list.real("clearance_vertical_m")
                                           .label("Vertical clearance")
                                           .help("Kept above buildings and terrain.")
                                           .unit("m")
                                           .range(limits::clearanceM)
                                           .byDefault(30.0);
    sdk::RealParam clearanceLateral =
        list.real("clearance_lateral_m")
            .label("Lateral clearance")
            .help("Kept beside buildings and terrain, beyond the tube's half-width.")
            .unit("m")
            .range(limits::clearanceM)
            .byDefault(30.0);
    sdk::RealParam tubeHalfWidth =
        list.real("tube_half_width_m")
            .label("Tube half-width")
            .help(
                "Lateral half-width of the corridor tube (navigation performance plus "
                "a buffer); obstacles and no-fly volumes are kept this far away.")
            .unit("m")
            .range(limits::tubeHalfWidthM)
            .byDefault(50.0);
    sdk::RealParam gridCell = list.real("grid_cell_m")
                                  .label("Horizontal voxel size")
                                  .help("Side of the airspace grid's columns.")
                                  .unit("m")
                                  .range(limits::gridCellM)
                                  .byDefault(10.0);
    sdk::RealParam gridDz = list.real("grid_dz_m")
                                .label("Vertical voxel size")
                                .help("Height of the airspace grid's levels.")
                                .unit("m")
                                .range(limits::gridDzM)
                                .byDefault(10.0);
    sdk::RealParam funnelVertical =
        list.real("funnel_vertical_m")
            .label("Vertical segment")
            .help("Height of the vertical take-off and landing segment over the FATO (at least two voxels).")
            .unit("m")
            .range(limits::funnelVerticalM)
            .byDefault(30.0)
            .advanced();
    sdk::RealParam funnelSlope =
        list.real("funnel_slope")
            .label("Funnel slope")
            .help(
                "Rise over run of the funnel surface beyond the FATO (ICAO Annex 14 Vol II "
                "steepest category: 12.5 %).")
            .range(limits::funnelSlope)
            .byDefault(0.125)
            .advanced();
    sdk::RealParam funnelDivergence = list.real("funnel_divergence")
                                          .label("Funnel divergence")
                                          .help("Widening of the funnel per side per metre out.")
                                          .range(limits::funnelDivergence)
                                          .byDefault(0.15)
                                          .advanced();

    // --- No-fly airspace.
    sdk::LayerParam noFlyLayer =
        list.group("No-fly airspace")
            .layer("nofly_layer")
            .label("No-fly volumes")
            .help(
                "A polygon layer of no-fly volumes with optional attributes name, floor_m (default: from the "
                "ground), ceiling_m (default: unlimited) and reference ('agl' or 'msl').")
            .layerKind("vector");
    sdk::LayerParam noFlyCircleLayer = list.layer("nofly_circle_layer")
                                           .label("No-fly circles")
                                           .help(
                                               "A point layer of circular no-fly volumes: radius_m "
                                               "(required), and name, floor_m, ceiling_m, "
                                               "reference as for the polygons.")
                                           .layerKind("vector");
    sdk::ChoiceParam<AltitudeReference> noFlyReference =
        list.choice<AltitudeReference>(
                "nofly_reference",
                {{AltitudeReference::AboveSeaLevel, "msl", "Floors and ceilings above the datum."},
                 {AltitudeReference::AboveGround, "agl", "Floors and ceilings above the ground."}})
            .label("No-fly reference")
            .help("Reference of no-fly floors and ceilings without a reference attribute.");
    sdk::RealParam noFlyBuffer = list.real("nofly_vertical_buffer_m")
                                     .label("No-fly vertical buffer")
                                     .help("Kept above and below no-fly volumes.")
                                     .unit("m")
                                     .range(limits::noFlyBufferM)
                                     .byDefault(0.0)
                                     .advanced();

    // --- Aircraft.
    sdk::RealParam cruiseSpeed = list.group("Aircraft")
                                     .real("cruise_speed_mps")
                                     .label("Cruise speed")
                                     .help("Speed in the band (Uber Elevate 2016: about 180 km/h).")
                                     .unit("m/s")
                                     .range(limits::speedMps)
                                     .byDefault(50.0);
    sdk::RealParam terminalSpeed = list.real("terminal_speed_mps")
                                       .label("Terminal speed")
                                       .help("Speed within the funnels' reach of the pads.")
                                       .unit("m/s")
                                       .range(limits::speedMps)
                                       .byDefault(15.0);
    sdk::RealParam climbGradient = list.real("max_climb_gradient")
                                       .label("Climb gradient")
                                       .help("Steepest climb, rise over horizontal run.")
                                       .range(limits::gradient)
                                       .byDefault(0.25);
    sdk::RealParam descentGradient = list.real("max_descent_gradient")
                                         .label("Descent gradient")
                                         .help("Steepest descent, drop over horizontal run.")
                                         .range(limits::gradient)
                                         .byDefault(0.25);
    sdk::RealParam turnRadius =
        list.real("min_turn_radius_m")
            .label("Turn radius")
            .help(
                "Smallest horizontal turn radius at cruise speed (50 m/s at 25 degrees of "
                "bank: 547 m).")
            .unit("m")
            .range(limits::turnRadiusM)
            .byDefault(500.0);
    sdk::RealParam terminalTurnRadius = list.real("terminal_turn_radius_m")
                                            .label("Terminal turn radius")
                                            .help("Smallest turn radius near the pads at terminal speed.")
                                            .unit("m")
                                            .range(limits::turnRadiusM)
                                            .byDefault(50.0)
                                            .advanced();
    sdk::RealParam dimension =
        list.real("aircraft_dimension_m")
            .label("Aircraft dimension")
            .help(
                "Largest characteristic dimension (span or rotor-to-rotor), for the SORA "
                "column and the critical area.")
            .unit("m")
            .range(limits::aircraftDimensionM)
            .byDefault(15.0);
    sdk::RealParam maxSpeed = list.real("aircraft_max_speed_mps")
                                  .label("Aircraft maximum speed")
                                  .help("Maximum speed, for the SORA column.")
                                  .unit("m/s")
                                  .range(limits::speedMps)
                                  .byDefault(90.0);
    sdk::RealParam failureRate = list.real("failure_rate_per_hour")
                                     .label("Failure rate")
                                     .help(
                                         "Failures per flight hour that end in a ground impact (an order of "
                                         "magnitude, not a certified value: set the aircraft's).")
                                     .unit("1/h")
                                     .range(limits::failureRatePerHour)
                                     .byDefault(1e-6);
    sdk::RealParam criticalArea =
        list.real("critical_area_m2")
            .label("Critical area")
            .help(
                "Ground area a falling aircraft endangers; 0 = pi (D/2 + 0.3 m)^2 from "
                "the dimension.")
            .unit("m2")
            .range(limits::criticalAreaM2)
            .byDefault(0.0)
            .advanced();

    // --- Route cost.
    sdk::RealParam weightLength = list.group("Route cost")
                                      .real("weight_length")
                                      .label("Length weight")
                                      .help("Cost per metre flown.")
                                      .range(limits::costWeight)
                                      .byDefault(1.0);
    sdk::RealParam weightPeople = list.real("weight_people")
                                      .label("People weight")
                                      .help("Metres of detour worth avoiding one resident under the tube.")
                                      .unit("m/person")
                                      .range(limits::costWeight)
                                      .byDefault(0.0);
    sdk::RealParam weightNoise =
        list.real("weight_noise")
            .label("Noise weight")
            .help(
                "Metres of detour worth not exposing one resident to L_Amax above the "
                "noise threshold.")
            .unit("m/person")
            .range(limits::costWeight)
            .byDefault(0.0);
    sdk::RealParam weightRisk = list.real("weight_risk")
                                    .label("Risk weight")
                                    .help("Metres of detour worth 1e-9 expected ground casualties.")
                                    .unit("m/1e-9")
                                    .range(limits::costWeight)
                                    .byDefault(0.0);
    sdk::RealParam noiseThreshold = list.real("noise_threshold_dba")
                                        .label("Noise threshold")
                                        .help("L_Amax above which the noise weight counts a resident.")
                                        .unit("dBA")
                                        .range(limits::levelDbA)
                                        .byDefault(65.0);

    // --- Noise.
    sdk::RealParam referenceLevel =
        list.group("Noise")
            .real("noise_reference_level_dba")
            .label("Reference level")
            .help(
                "Flyover L_A at the reference distance (Uber Elevate 2016 target: 67 "
                "dBA at 250 ft).")
            .unit("dBA")
            .range(limits::levelDbA)
            .byDefault(67.0);
    sdk::RealParam referenceDistance = list.real("noise_reference_distance_m")
                                           .label("Reference distance")
                                           .help("Slant distance of the reference level.")
                                           .unit("m")
                                           .range(limits::referenceDistanceM)
                                           .byDefault(76.2);
    sdk::RealParam absorptionFrequency = list.real("noise_absorption_frequency_hz")
                                             .label("Absorption frequency")
                                             .help(
                                                 "Frequency whose ISO 9613-1 absorption stands for the "
                                                 "A-weighted spectrum (the 500 Hz octave's "
                                                 "exact mid-band).")
                                             .unit("Hz")
                                             .range(limits::frequencyHz)
                                             .byDefault(501.18723362727224)
                                             .advanced();
    sdk::RealParam temperature = list.real("air_temperature_c")
                                     .label("Air temperature")
                                     .help("For ISO 9613-1 absorption.")
                                     .unit("degC")
                                     .range(limits::temperatureC)
                                     .byDefault(20.0);
    sdk::RealParam humidity = list.real("air_humidity_pct")
                                  .label("Relative humidity")
                                  .help("For ISO 9613-1 absorption.")
                                  .unit("%")
                                  .range(limits::humidityPct)
                                  .byDefault(70.0);
    sdk::RealParam pressure = list.real("air_pressure_kpa")
                                  .label("Air pressure")
                                  .help("For ISO 9613-1 absorption.")
                                  .unit("kPa")
                                  .range(limits::pressureKPa)
                                  .byDefault(101.325)
                                  .advanced();
    sdk::RealParam minDistance = list.real("noise_min_distance_m")
                                     .label("Near-field distance")
                                     .help("Receivers closer to the flight path are taken at this distance.")
                                     .unit("m")
                                     .range(limits::minDistanceM)
                                     .byDefault(10.0)
                                     .advanced();
    sdk::RealParam noiseCell = list.real("noise_cell_m")
                                   .label("Noise grid cell")
                                   .help("Cell of the noise rasters.")
                                   .unit("m")
                                   .range(limits::noiseCellM)
                                   .byDefault(20.0);
    sdk::RealParam receiverHeight = list.real("noise_receiver_height_m")
                                        .label("Receiver height")
                                        .help("Height of the receivers above the ground (EU END: 4 m).")
                                        .unit("m")
                                        .range(limits::receiverHeightM)
                                        .byDefault(4.0)
                                        .advanced();
    sdk::TextParam lamaxContours =
        list.text("noise_lamax_contours_dba")
            .label("L_Amax contours")
            .help(
                "Comma-separated L_Amax levels to draw contours at (L_den contours are "
                "at the noise class bounds of data/uam).")
            .byDefault(std::string("55, 60, 65, 70"));

    // --- Population.
    sdk::LayerParam populationLayer =
        list.group("Population")
            .layer("population_layer")
            .label("Population density")
            .help(
                "A raster of residential density [persons/km2]; empty = from the buildings' residents (core "
                "occupancy estimate: use, floor area and the rates in data/occupancy).")
            .layerKind("raster");
    sdk::RealParam populationCell = list.real("population_cell_m")
                                        .label("Population grid cell")
                                        .help("Cell of the density grid made from the buildings.")
                                        .unit("m")
                                        .range(limits::noiseCellM)
                                        .byDefault(100.0);
    sdk::RealParam storeyHeight = list.real("storey_height_m")
                                      .label("Storey height")
                                      .help("Floors = height / this where the data have no floor count.")
                                      .unit("m")
                                      .range({2.0, 10.0})
                                      .byDefault(3.0)
                                      .advanced();
    sdk::ChoiceParam<core::BuildingUse> defaultUse =
        list.choice<core::BuildingUse>(
                "default_building_use",
                {{core::BuildingUse::Residential, "residential", "Homes."},
                 {core::BuildingUse::Office, "office", "Offices."},
                 {core::BuildingUse::Retail, "retail", "Shops."},
                 {core::BuildingUse::Hotel, "hotel", "Hotels."},
                 {core::BuildingUse::Education, "education", "Schools and universities."},
                 {core::BuildingUse::Hospital, "hospital", "Hospitals."},
                 {core::BuildingUse::Industrial, "industrial", "Industry."},
                 {core::BuildingUse::Other, "other", "Anything else."}})
            .label("Default building use")
            .help("Use of buildings whose tags say nothing (OSM building=yes).")
            .advanced();

    // --- Planner.
    sdk::ChoiceParam<Planner> planner =
        list.group("Planner")
            .choice<Planner>("planner",
                             {{Planner::AnyAngle, "any_angle", "Theta* any-angle paths, then smoothing."},
                              {Planner::Grid, "grid",
                               "Exact A* on the 26-neighbour voxel graph, then "
                               "smoothing."}})
            .label("Planner")
            .help("Which search draws the centre lines.");
    sdk::BoolParam smooth =
        list.boolean("smooth")
            .label("Smooth")
            .help("Fillet the turns and fit the profile within the climb and turn limits.")
            .byDefault(true);
    sdk::IntParam twoLevelColumns =
        list.integer("two_level_columns")
            .label("Two-level threshold")
            .help(
                "Grids with more columns are searched coarse first, then in a corridor; "
                "0 = always the whole grid.")
            .range(core::Range::atLeast(0.0))
            .byDefault(250000)
            .advanced();
    sdk::RealParam fineWeight =
        list.real("fine_heuristic_weight")
            .label("Fine heuristic weight")
            .help(
                "Weight of the fine stage's heuristic in the two-level search (1 = exact in "
                "its corridor).")
            .range(limits::heuristicWeight)
            .byDefault(1.1)
            .advanced();
    sdk::IntParam maxExpansions = list.integer("max_expansions")
                                      .label("Search limit")
                                      .help("Most voxels one route search may expand.")
                                      .range({1000.0, 2.0e9})
                                      .byDefault(50000000)
                                      .advanced();
};

struct UamOutputs {
    sdk::OutputList list;
    sdk::VectorOutput routes =
        list.vector("routes")
            .label("Corridors")
            .unit("m")
            .description(
                "Each planned route's centre line in 3D (altitudes m MSL), drawn as a tube as wide as the "
                "default corridor (2 x 50 m), coloured by route cost; with length, flight time, people "
                "overflown, maximum iGRC, maximum L_Amax and casualties per flight hour.")
            .style(sdk::Style::lines3d("cost", "viridis", 100.0))
            .labelBy("route");
    sdk::VectorOutput vertiports =
        list.vector("vertiports")
            .label("Vertiports")
            .description("The vertiports with their pad elevation, FATO size and bearings.")
            .style(sdk::Style::points("diamond"))
            .labelBy("name");
    sdk::VectorOutput funnels =
        list.vector("funnels")
            .label("Approach and departure funnels")
            .unit("m")
            .description(
                "The funnels below the band in slices: each slice rises to the funnel surface (height_m "
                "above the ground); aircraft fly above it.")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("surface_m", "blues");
                s.heightAttribute = "height_m";
                return s;
            }());
    sdk::VectorOutput noFly =
        list.vector("nofly_volumes")
            .label("No-fly volumes")
            .unit("m")
            .description(
                "No-fly volumes with floor_m, ceiling_m and reference, extruded from the ground to the "
                "ceiling (at most 100 m above the band).")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("ceiling_m", "rdylgn_r");
                s.heightAttribute = "height_m";
                return s;
            }())
            .labelBy("name");
    sdk::VectorOutput footprints =
        list.vector("footprints")
            .label("Airspace footprints")
            .description(
                "On the ground: each corridor's tube at its true width (2 x tube_half_width_m), each no-fly "
                "volume and each approach and departure funnel, by kind, with a note (limits, slope).")
            .style(sdk::Style::polygons("kind", "categorical"))
            .labelBy("name");
    sdk::RasterOutput lamax = list.raster("lamax")
                                  .label("L_Amax (one flight)")
                                  .unit("dBA")
                                  .description("Loudest level of one flight of any route at each receiver.")
                                  .style(sdk::Style::draped("rdylgn_r", 45.0, 75.0))
                                  .hideBelow(45.0);
    sdk::RasterOutput sel =
        list.raster("sel")
            .label("SEL (one flight)")
            .unit("dBA")
            .description("Sound exposure level of one flight, the loudest route at each receiver.")
            .style(sdk::Style::draped("rdylgn_r", 55.0, 85.0))
            .hideBelow(55.0);
    sdk::RasterOutput lden = list.raster("lden")
                                 .label("L_den")
                                 .unit("dB")
                                 .description(
                                     "Day-evening-night level of every route's schedule (Korean periods and "
                                     "penalties, data/uam); drawn from 45 dB, the WHO (2018) guideline level "
                                     "for aircraft noise.")
                                 .style(sdk::Style::draped("rdylgn_r", 45.0, 70.0))
                                 .hideBelow(45.0);
    sdk::RasterOutput lday = list.raster("lday")
                                 .label("L_day")
                                 .unit("dB")
                                 .description("Equivalent level over the day period.")
                                 .style(sdk::Style::draped("rdylgn_r", 45.0, 70.0))
                                 .hideBelow(45.0);
    sdk::RasterOutput levening = list.raster("levening")
                                     .label("L_evening")
                                     .unit("dB")
                                     .description("Equivalent level over the evening period.")
                                     .style(sdk::Style::draped("rdylgn_r", 45.0, 70.0))
                                     .hideBelow(45.0);
    sdk::RasterOutput lnight = list.raster("lnight")
                                   .label("L_night")
                                   .unit("dB")
                                   .description("Equivalent level over the night period.")
                                   .style(sdk::Style::draped("rdylgn_r", 45.0, 70.0))
                                   .hideBelow(45.0);
    sdk::VectorOutput ldenContours = list.vector("lden_contours")
                                         .label("L_den contours")
                                         .unit("dB")
                                         .description(
                                             "L_den contours at the Korean noise class bounds (57, 61, 75, "
                                             "79 dB).")
                                         .style(sdk::Style::lines("level_db", "magma", 55.0, 80.0));
    sdk::VectorOutput lamaxContours = list.vector("lamax_contours")
                                          .label("L_Amax contours")
                                          .unit("dBA")
                                          .description("L_Amax contours at noise_lamax_contours_dba.")
                                          .style(sdk::Style::lines("level_db", "magma", 50.0, 75.0));
    sdk::RasterOutput population = list.raster("population_density")
                                       .label("Population density")
                                       .unit("persons/km2")
                                       .description(
                                           "Residential density the route cost, people overflown and ground "
                                           "risk use.")
                                       .style(sdk::Style::draped("viridis"))
                                       .hideBelow(1.0);
    sdk::RasterOutput igrc =
        list.raster("ground_risk_igrc")
            .label("Intrinsic ground risk class")
            .description(
                "SORA 2.5 iGRC of each population cell for the aircraft (Table 3, "
                "data/uam); NoData outside the table.")
            .style(sdk::Style::categories({"-", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}))
            .hideBelow(0.5);
    sdk::RasterOutput casualtyRate = list.raster("casualty_rate")
                                         .label("Casualty rate")
                                         .unit("1/h")
                                         .description(
                                             "Expected ground casualties per flight hour over each cell: "
                                             "failure rate x critical area x density.")
                                         .style(sdk::Style::draped("magma"))
                                         .hideBelow(1e-15);
    sdk::TableOutput profiles =
        list.table("profiles")
            .label("Vertical profiles")
            .description(
                "Along each route every grid cell: altitude, terrain, highest building within the tube, "
                "clearance, band floor and ceiling, density and iGRC.")
            .style(sdk::Style::profile("distance_m", "route"));
    sdk::TableOutput comparison =
        list.table("route_comparison")
            .label("Route comparison")
            .description(
                "One row per requested route: length, flight time, people overflown, share per SORA "
                "band, maximum iGRC, L_Amax, people and buildings per L_den class, casualties per flight "
                "hour, clearance; why a route was not found.");
    sdk::TableOutput exposure = list.table("noise_exposure")
                                    .label("Noise exposure")
                                    .description(
                                        "People, buildings, schools and hospitals per L_den class (all "
                                        "routes).");
    sdk::TableOutput sensitive =
        list.table("sensitive_buildings")
            .label("Schools and hospitals in noise classes")
            .description("Each school or hospital inside an L_den class, with its L_den.");
    sdk::ScalarOutput routesFound = list.scalar("routes_found")
                                        .label("Routes found")
                                        .description("Routes planned within every constraint.");
    sdk::ScalarOutput routesBlocked =
        list.scalar("routes_blocked")
            .label("Routes blocked")
            .description("Requested routes without a solution (see route_comparison).");
    sdk::ScalarOutput totalLength = list.scalar("total_length")
                                        .label("Total corridor length")
                                        .unit("m")
                                        .description("Sum of the routes' 3D lengths.");
    sdk::ScalarOutput peopleOverflown = list.scalar("people_overflown")
                                            .label("People overflown")
                                            .unit("persons")
                                            .description("Residents under the tubes, summed over routes.");
    sdk::ScalarOutput maxLamax = list.scalar("max_lamax")
                                     .label("Highest L_Amax")
                                     .unit("dBA")
                                     .description("Highest L_Amax of one flight on the noise grid.");
    sdk::ScalarOutput maxLden = list.scalar("max_lden")
                                    .label("Highest L_den")
                                    .unit("dB")
                                    .description("Highest L_den on the noise grid.");
    sdk::ScalarOutput peopleInNoiseClasses =
        list.scalar("people_in_noise_classes")
            .label("People in noise classes")
            .unit("persons")
            .description("Residents of buildings inside any L_den class (all routes).");
    sdk::ScalarOutput freeShare =
        list.scalar("free_airspace_share")
            .label("Free airspace")
            .description("Share of the area's columns with free airspace in the band.");
};

const UamParams& P() {
    static const UamParams p;
    return p;
}
const UamOutputs& O() {
    static const UamOutputs o;
    return o;
}

/// The engine's item names as the plug-in's parameter ids (problems must name what the user can change).
std::string parameterFor(const std::string& engineId) {
    if (engineId == "vertiports") return P().vertiportLayer.id();
    if (engineId == "nofly_volumes") return P().noFlyLayer.id();
    if (engineId == "population") return P().populationLayer.id();
    if (engineId == "buildings" || engineId == "extent" || engineId == "data") return {};
    return engineId;
}

/// The scenario for the engine: the parameters and the model through the adapter. Problems name the
/// parameter, layer, feature and value.
CorridorScenario makeScenario(const core::CityModel& model, const sdk::ParameterSet& p,
                              std::vector<sdk::Problem>& problems) {
    const UamParams& k = P();
    CorridorScenario sc;
    AirspaceSpec& a = sc.airspace;
    a.cellM = p[k.gridCell];
    a.dzM = p[k.gridDz];
    a.band = {p[k.bandMin], p[k.bandMax], p[k.bandReference]};
    a.verticalClearanceM = p[k.clearanceVertical];
    a.lateralClearanceM = p[k.clearanceLateral];
    a.tubeHalfWidthM = p[k.tubeHalfWidth];
    a.noFlyVerticalBufferM = p[k.noFlyBuffer];
    a.funnel.verticalSegmentM = p[k.funnelVertical];
    a.funnel.slope = p[k.funnelSlope];
    a.funnel.divergence = p[k.funnelDivergence];
    AircraftSpec& ac = sc.aircraft;
    ac.cruiseSpeedMps = p[k.cruiseSpeed];
    ac.terminalSpeedMps = p[k.terminalSpeed];
    ac.limits.maxClimbGradient = p[k.climbGradient];
    ac.limits.maxDescentGradient = p[k.descentGradient];
    ac.limits.minTurnRadiusM = p[k.turnRadius];
    ac.limits.terminalTurnRadiusM = p[k.terminalTurnRadius];
    ac.dimensionM = p[k.dimension];
    ac.maxSpeedMps = p[k.maxSpeed];
    ac.failureRatePerHour = p[k.failureRate];
    ac.criticalAreaM2 = p[k.criticalArea];
    sc.weights = {p[k.weightLength], p[k.weightPeople], p[k.weightNoise], p[k.weightRisk],
                  p[k.noiseThreshold]};
    NoiseSettings& n = sc.noise;
    n.air = {p[k.temperature], p[k.humidity], p[k.pressure]};
    n.referenceLevelDbA = p[k.referenceLevel];
    n.referenceDistanceM = p[k.referenceDistance];
    n.absorptionFrequencyHz = p[k.absorptionFrequency];
    n.minDistanceM = p[k.minDistance];
    n.cellM = p[k.noiseCell];
    n.receiverHeightM = p[k.receiverHeight];
    n.lamaxContours.clear();
    for (const std::string& item : core::splitList(p[k.lamaxContours])) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (!end || *end != '\0' || !limits::levelDbA.contains(v))
            problems.push_back({kId, k.lamaxContours.id(),
                                "'" + item + "' is not a level in dBA (" + limits::levelDbA.text() + ")"});
        else
            n.lamaxContours.push_back(v);
    }
    sc.planner = p[k.planner];
    sc.smooth = p[k.smooth];
    sc.twoLevelColumns = static_cast<std::size_t>(p[k.twoLevelColumns]);
    sc.twoLevel.fineHeuristicWeight = p[k.fineWeight];
    sc.maxExpansions = static_cast<std::size_t>(p[k.maxExpansions]);
    try {
        sc.tables = loadDataTables(core::dataDirectory() + "/uam");
    } catch (const core::Error& e) {
        problems.push_back({kId, {}, std::string("the UAM data tables cannot be read: ") + e.what()});
    }
    core::OccupancyRules rules;
    try {
        rules = core::defaultOccupancyRules();
    } catch (const core::Error& e) {
        problems.push_back({kId, {}, std::string("the occupancy table cannot be read: ") + e.what()});
    }

    CityUamOptions o;
    o.vertiportLayer = p[k.vertiportLayer];
    o.noFlyLayer = p[k.noFlyLayer];
    o.noFlyCircleLayer = p[k.noFlyCircleLayer];
    o.populationLayer = p[k.populationLayer];
    o.noFlyReference = p[k.noFlyReference];
    o.fatoSizeM = p[k.fatoSize];
    o.approachBearingDeg = p[k.approachBearing];
    o.departureBearingDeg = p[k.departureBearing];
    o.routes = p[k.routes];
    o.flights = {p[k.flightsDay], p[k.flightsEvening], p[k.flightsNight]};
    o.populationCellM = p[k.populationCell];
    o.occupancy.storeyHeightM = p[k.storeyHeight];
    o.occupancy.defaultUse = p[k.defaultUse];
    if (!rules.rates.empty()) fillFromModel(model, rules, o, sc, problems);
    return sc;
}

/// Every problem: the adapter's, then the engine's (named by the plug-in's parameter ids, the layer
/// prefixed). An engine problem about the routes is left out when the adapter found the route list wrong (it
/// would say the same twice: "no routes" after a route that names an unknown vertiport).
std::vector<sdk::Problem> check(const core::CityModel& model, const sdk::ParameterSet& p,
                                CorridorScenario& sc) {
    std::vector<sdk::Problem> out;
    sc = makeScenario(model, p, out);
    bool routesReported = false;
    for (const sdk::Problem& pr : out)
        routesReported = routesReported || pr.parameter == P().routes.id();
    for (const core::Problem& pr : validateScenario(sc)) {
        const std::string param = parameterFor(pr.parameter);
        if (param == P().routes.id() && routesReported) continue;
        if (pr.parameter == "data" && !out.empty())
            continue;  // tables that failed to load are reported already
        std::string message = pr.message;
        if (param == P().vertiportLayer.id()) message = "layer '" + p[P().vertiportLayer] + "': " + message;
        if (param == P().noFlyLayer.id()) {
            std::string layers = p[P().noFlyLayer];
            if (!p[P().noFlyCircleLayer].empty())
                layers += (layers.empty() ? "" : "' or '") + p[P().noFlyCircleLayer];
            message = "layer '" + layers + "': " + message;
        }
        out.push_back({kId, param, message});
    }
    return out;
}

/// Progress for the engine: ctx.asProgress() over [from, to] of the run, which also times the engine's stages
/// (planCorridors spends [0, 0.25] on the airspace, [0.25, 0.65] on the routes, [0.65, 0.95] on the noise
/// maps) for the run statistics.
class StageClock {
public:
    StageClock(sdk::RunContext& ctx, double from, double to)
        : ctx_(ctx), span_(ctx.asProgress().sub(from, to)), last_(std::chrono::steady_clock::now()) {}
    core::Progress progress() {
        return core::Progress(
            [this](double f, const std::string& stage) {
                const char* group = f < 0.25   ? "airspace"
                                    : f < 0.65 ? "routes"
                                    : f < 0.95 ? "noise"
                                               : "results";
                {
                    std::lock_guard<std::mutex> l(m_);
                    const auto now = std::chrono::steady_clock::now();
                    if (!current_.empty())
                        seconds_[current_] += std::chrono::duration<double>(now - last_).count();
                    last_ = now;
                    current_ = group;
                }
                span_(f, stage);
            },
            [this] { return span_.cancelled(); });
    }
    /// Records time_<stage>_s for every stage seen.
    void report() {
        std::lock_guard<std::mutex> l(m_);
        const auto now = std::chrono::steady_clock::now();
        if (!current_.empty()) seconds_[current_] += std::chrono::duration<double>(now - last_).count();
        current_.clear();
        for (const auto& [stage, s] : seconds_)
            ctx_.statistic("time_" + stage + "_s", s);
    }

private:
    sdk::RunContext& ctx_;
    core::Progress span_;  ///< the run's share of ctx.asProgress()
    std::mutex m_;
    std::chrono::steady_clock::time_point last_;
    std::string current_;
    std::map<std::string, double> seconds_;
};

std::string routeName(const RouteResult& r) {
    return r.from + "-" + r.to;
}

class UamSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "UAM corridors (3D routes, noise, ground risk)";
        d.info.version = "1.0.0";
        d.info.summary =
            "Urban air mobility corridors between vertiports through the city's airspace: any-angle 3D "
            "routes "
            "clear of buildings and no-fly volumes, their flyover noise (L_Amax, SEL, L_den) and SORA ground "
            "risk.";
        d.info.references = {
            "K-UAM Concept of Operations 1.0 (2021), MOLIT",
            "Hart, Nilsson & Raphael (1968), A formal basis for the heuristic determination of minimum cost "
            "paths",
            "Daniel, Nash, Koenig & Felner (2010), Theta*: any-angle path planning on grids, JAIR 39",
            "ISO 9613-1:1993, Attenuation of sound during propagation outdoors, Part 1",
            "JARUS (2024), SORA 2.5 Main Body, Table 3",
            "ICAO Annex 14 Volume II, Heliports",
            "Uber Elevate (2016), Fast-forwarding to a future of on-demand urban air transportation"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        CorridorScenario sc;
        return check(model, p, sc);
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p,
                     sdk::RunContext& ctx) const override {
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        ctx.progress(0.0, "reading the city model");
        const auto t0 = std::chrono::steady_clock::now();
        CorridorScenario sc;
        const std::vector<sdk::Problem> problems = check(model, p, sc);
        if (!problems.empty()) {
            std::string all;
            for (const sdk::Problem& pr : problems)
                all += (all.empty() ? "" : "; ") + (pr.parameter.empty() ? "" : pr.parameter + ": ") +
                       pr.message;
            throw core::Error(core::ErrorCode::Validation, all,
                              core::Error::Context{{}, {}, problems.front().parameter});
        }
        sc.noise.threads = std::max(1, ctx.threads());
        ctx.statistic("time_inputs_s",
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;

        StageClock clock(ctx, 0.02, 0.97);
        const CorridorResult r = planCorridors(sc, clock.progress());
        clock.report();
        if (r.status == RunStatus::Cancelled || ctx.isCancelled()) return sdk::Outcome::Cancelled;
        if (r.status == RunStatus::Invalid) {
            std::string all;
            for (const core::Problem& pr : r.problems)
                all += (all.empty() ? "" : "; ") + pr.parameter + ": " + pr.message;
            throw core::Error(core::ErrorCode::Validation, all);
        }

        // Notes: obstacles in funnels, tightened turns, terrain gaps; blocked routes are warnings.
        std::size_t found = 0, expansions = 0;
        std::string blocked;
        for (const RouteResult& rr : r.routes) {
            expansions += rr.metrics.expansions;
            if (rr.found) {
                ++found;
                if (!rr.check.ok())
                    ctx.log(sdk::LogLevel::Warning,
                            "route " + routeName(rr) + " is outside its limits at " +
                                std::to_string(rr.check.issues.size()) + " places, first: " +
                                (rr.check.issues.empty() ? std::string("?") : rr.check.issues.front()));
            } else {
                blocked += (blocked.empty() ? "" : "; ") + rr.blockedReason;
            }
        }
        for (const core::Problem& n : r.notes)
            ctx.log(n.parameter == "routes" && n.message.rfind("no route", 0) == 0 ? sdk::LogLevel::Warning
                                                                                   : sdk::LogLevel::Info,
                    n.message);
        ctx.statistic("expansions", static_cast<double>(expansions));
        ctx.statistic("airspace_bytes", static_cast<double>(r.airspaceBytes));
        ctx.statistic("routes_requested", static_cast<double>(r.routes.size()));
        if (found == 0)
            throw core::Error(
                core::ErrorCode::Validation,
                "no route could be planned: " + (blocked.empty() ? std::string("no routes") : blocked),
                core::Error::Context{{}, {}, P().routes.id()});

        ctx.progress(0.97, "writing results");
        if (!emit(model, sc, r, ctx))
            return ctx.isCancelled() ? sdk::Outcome::Cancelled : sdk::Outcome::Completed;
        ctx.statistic("time_total_s",
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        ctx.progress(1.0, "done");
        return sdk::Outcome::Completed;
    }

private:
    /// Emits every output; false when the host refused one (then stop).
    static bool emit(const core::CityModel& model, const CorridorScenario& sc, const CorridorResult& r,
                     sdk::RunContext& ctx) {
        const UamOutputs& o = O();
        const core::Crs& crs = model.crs;
        // A raster without a single value (L_night without night flights) is not emitted: it says nothing,
        // and the run-folder reader refuses a GeoTIFF without valid cells (see the README's limits).
        auto raster = [&](const sdk::RasterOutput& h, core::Raster g) {
            if (g.empty()) return true;
            if (g.stats().validCount == 0) {
                ctx.log(sdk::LogLevel::Info,
                        h.id() + ": no value anywhere (e.g. no flights in the period), not written");
                return true;
            }
            g.setCrs(crs);
            return ctx.output(h, g);
        };
        bool ok = ctx.output(o.routes, routeLayer(r, crs)) &&
                  ctx.output(o.vertiports, vertiportLayer(sc.vertiports, crs)) &&
                  ctx.output(o.funnels, funnelLayer(sc, crs)) && ctx.output(o.noFly, noFlyLayer(sc, crs)) &&
                  ctx.output(o.footprints, footprintLayer(sc, r, crs)) && raster(o.lamax, r.noise.lamax) &&
                  raster(o.sel, r.noise.sel) && raster(o.lden, r.noise.lden) &&
                  raster(o.lday, r.noise.lday) && raster(o.levening, r.noise.levening) &&
                  raster(o.lnight, r.noise.lnight) &&
                  ctx.output(o.ldenContours, contourLayer(r.noise.ldenContours, crs)) &&
                  ctx.output(o.lamaxContours, contourLayer(r.noise.lamaxContours, crs)) &&
                  raster(o.population, sc.population) && raster(o.igrc, r.groundRiskIgrc) &&
                  raster(o.casualtyRate, r.casualtyRate);
        if (!ok) return false;
        ok = ctx.output(o.profiles, profileTable(r)) && ctx.output(o.comparison, comparisonTable(sc, r)) &&
             ctx.output(o.exposure, exposureTable(sc, r)) && ctx.output(o.sensitive, sensitiveTable(r));
        if (!ok) return false;
        std::size_t found = 0;
        double length = 0.0, people = 0.0, exposed = 0.0;
        for (const RouteResult& rr : r.routes)
            if (rr.found) {
                ++found;
                length += rr.metrics.lengthM;
                people += rr.metrics.peopleOverflown;
            }
        for (const NoiseExposureRow& row : r.exposure)
            exposed += row.people;
        auto maxOf = [](const core::Raster& g) {
            const core::RasterStats s = g.stats();
            return s.validCount > 0 ? s.max : NAN;
        };
        return ctx.output(o.routesFound, static_cast<double>(found)) &&
               ctx.output(o.routesBlocked, static_cast<double>(r.routes.size() - found)) &&
               ctx.output(o.totalLength, length) && ctx.output(o.peopleOverflown, people) &&
               ctx.output(o.maxLamax, maxOf(r.noise.lamax)) && ctx.output(o.maxLden, maxOf(r.noise.lden)) &&
               ctx.output(o.peopleInNoiseClasses, exposed) && ctx.output(o.freeShare, r.freeShareOfBand);
    }

    static sdk::Table profileTable(const CorridorResult& r) {
        sdk::Table t;
        t.columns = {{"route", ""},         {"distance_m", "m"},     {"altitude_m", "m"},
                     {"terrain_m", "m"},    {"building_top_m", "m"}, {"clearance_m", "m"},
                     {"band_floor_m", "m"}, {"band_ceiling_m", "m"}, {"density_per_km2", "persons/km2"},
                     {"igrc", ""}};
        auto val = [](double v) { return std::isnan(v) ? core::AttributeValue{} : core::AttributeValue{v}; };
        for (const RouteResult& rr : r.routes)
            for (const ProfileSample& s : rr.profile) {
                const double top =
                    std::isnan(s.buildingTopM) ? s.terrainM : std::max(s.buildingTopM, s.terrainM);
                t.rows.push_back({routeName(rr), s.distanceM, s.altitudeM, s.terrainM, val(s.buildingTopM),
                                  s.altitudeM - top, s.bandFloorM, s.bandCeilingM, s.densityPerKm2,
                                  s.igrc >= 0 ? core::AttributeValue{static_cast<std::int64_t>(s.igrc)}
                                              : core::AttributeValue{}});
            }
        return t;
    }

    static sdk::Table comparisonTable(const CorridorScenario& sc, const CorridorResult& r) {
        sdk::Table t;
        t.columns = {{"route", ""},
                     {"from", ""},
                     {"to", ""},
                     {"found", ""},
                     {"blocked_reason", ""},
                     {"straight_distance_m", "m"},
                     {"length_m", "m"},
                     {"horizontal_length_m", "m"},
                     {"flight_time_s", "s"},
                     {"cost", "m"},
                     {"max_altitude_m", "m"},
                     {"min_clearance_m", "m"},
                     {"nofly_length_m", "m"},
                     {"within_limits", ""},
                     {"people_overflown", "persons"}};
        for (const auto& band : sc.tables.sora.bands)
            t.columns.push_back({"share_" + band.name, ""});
        t.columns.push_back({"max_igrc", ""});
        t.columns.push_back({"max_lamax_dba", "dBA"});
        t.columns.push_back({"mean_lamax_dba", "dBA"});
        for (const auto& c : sc.tables.noiseClasses)
            t.columns.push_back({"people_" + c.name, "persons"});
        for (const auto& c : sc.tables.noiseClasses)
            t.columns.push_back({"buildings_" + c.name, ""});
        t.columns.push_back({"casualties_per_flight_hour", "1/h"});
        auto val = [](double v) { return std::isnan(v) ? core::AttributeValue{} : core::AttributeValue{v}; };
        auto pad = [&](const std::string& name) {
            for (const Vertiport& v : sc.vertiports)
                if (v.name == name) return v.position;
            return core::Point{NAN, NAN};
        };
        for (const RouteResult& rr : r.routes) {
            const core::Point a = pad(rr.from), b = pad(rr.to);
            std::vector<core::AttributeValue> row{routeName(rr),
                                                  rr.from,
                                                  rr.to,
                                                  static_cast<std::int64_t>(rr.found ? 1 : 0),
                                                  rr.blockedReason,
                                                  std::hypot(b.x - a.x, b.y - a.y)};
            const RouteMetrics& m = rr.metrics;
            const std::size_t width = t.columns.size();
            if (rr.found) {
                double top = -1e300, clearance = 1e300;
                for (const Point3& q : rr.centreline)
                    top = std::max(top, q.z);
                for (const ProfileSample& s : rr.profile)
                    if (!std::isnan(s.buildingTopM))
                        clearance = std::min(clearance, s.altitudeM - s.buildingTopM);
                row.insert(row.end(),
                           {m.lengthM, m.horizontalLengthM, m.flightTimeS, m.cost, top,
                            clearance < 1e299 ? core::AttributeValue{clearance} : core::AttributeValue{},
                            noFlyLengthM(rr.centreline, sc.noFly, sc.terrain),
                            static_cast<std::int64_t>(rr.check.ok() ? 1 : 0), m.peopleOverflown});
                for (std::size_t b2 = 0; b2 < sc.tables.sora.bands.size(); ++b2)
                    row.push_back(b2 < m.soraBandShare.size() ? m.soraBandShare[b2] : 0.0);
                row.push_back(m.maxIgrc >= 0 ? core::AttributeValue{static_cast<std::int64_t>(m.maxIgrc)}
                                             : core::AttributeValue{});
                row.push_back(val(m.maxLamaxDbA));
                row.push_back(val(m.meanLamaxDbA));
                for (std::size_t c = 0; c < sc.tables.noiseClasses.size(); ++c)
                    row.push_back(c < m.peoplePerLdenClass.size() ? m.peoplePerLdenClass[c] : 0.0);
                for (std::size_t c = 0; c < sc.tables.noiseClasses.size(); ++c)
                    row.push_back(static_cast<std::int64_t>(
                        c < m.buildingsPerLdenClass.size() ? m.buildingsPerLdenClass[c] : 0));
                row.push_back(m.casualtiesPerFlightHour);
            }
            row.resize(width);  // a blocked route leaves its figures empty (NULL)
            t.rows.push_back(std::move(row));
        }
        return t;
    }

    static sdk::Table exposureTable(const CorridorScenario& sc, const CorridorResult& r) {
        sdk::Table t;
        t.columns = {{"class", ""},     {"lower_db", "dB"}, {"upper_db", "dB"}, {"people", "persons"},
                     {"buildings", ""}, {"schools", ""},    {"hospitals", ""}};
        for (std::size_t k = 0; k < r.exposure.size(); ++k) {
            const NoiseExposureRow& e = r.exposure[k];
            const NoiseClass& c = sc.tables.noiseClasses[k];
            t.rows.push_back(
                {e.className, c.lowerDb,
                 std::isfinite(c.upperDb) ? core::AttributeValue{c.upperDb} : core::AttributeValue{},
                 e.people, static_cast<std::int64_t>(e.buildings), static_cast<std::int64_t>(e.schools),
                 static_cast<std::int64_t>(e.hospitals)});
        }
        return t;
    }

    static sdk::Table sensitiveTable(const CorridorResult& r) {
        sdk::Table t;
        t.columns = {{"building", ""}, {"use", ""}, {"lden_db", "dB"}, {"class", ""}};
        for (const SensitiveBuilding& s : r.sensitive)
            t.rows.push_back({s.id, std::string(s.use == SensitiveUse::School ? "school" : "hospital"),
                              s.ldenDb, s.className});
        return t;
    }
};

}  // namespace
}  // namespace citytwin::uam

CITYTWIN_PLUGIN(citytwin::uam::UamSimulator)

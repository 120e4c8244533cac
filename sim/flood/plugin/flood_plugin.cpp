// The flood simulator plug-in: the SDK face of the local-inertial engine and its city-model adapter.
// Parameters and outputs are documented in sim/flood/README.md (the table there is generated from describe()
// and a test keeps it in sync).

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <tuple>

#include "citytwin/flood/limits.h"
#include "citytwin/flood/solver.h"
#include "citytwin/sdk/sdk.h"
#include "extent_compare.h"
#include "model_adapter.h"
#include "storm_adapter.h"

namespace citytwin::flood {
namespace {

using sdk::Choice;

constexpr const char* kId = "flood";

enum class RainShape { Step, Linear };

/// The storm_station choices: none, the shipped stations (data/flood/rainfall/stations, by file name), custom.
/// Read from the data folder when the plug-in is loaded, so a station added there appears in the form.
std::vector<Choice<int>> stationChoices() {
    std::vector<Choice<int>> c{{0, "none", "No probability-rainfall table."}};
    int k = 1;
    for (const std::string& s : shippedStations(core::dataDirectory()))
        if (s != "none" && s != "custom")
            c.push_back({k++, s, "The shipped table " + s + ".csv (see its header for the source)."});
    c.push_back({k, "custom", "The table in rainfall_table."});
    return c;
}

enum class OnOscillation { Fail, Warn };
enum class InitialLevel { None, Uniform, Layer };

/// Hazard classes in their names, green (low) to red (extreme): the order of danger, not of first appearance.
sdk::StyleHint hazardStyle() {
    sdk::StyleHint s = sdk::Style::categories({"none", "low", "moderate", "significant", "extreme"});
    s.colorMap = "rdylgn_r";
    return s;
}
enum class EdgeCondition { Closed, FreeOutflow, FixedLevel, LevelSeries, Discharge };

const std::vector<Choice<EdgeCondition>> kEdgeChoices = {
    {EdgeCondition::Closed, "closed", "A wall: no water crosses."},
    {EdgeCondition::FreeOutflow, "free_outflow", "Water leaves at normal depth for boundary_slope."},
    {EdgeCondition::FixedLevel, "fixed_level", "A water level boundary_level_m outside the edge."},
    {EdgeCondition::LevelSeries, "level_series", "A water level over time, boundary_level_series."},
    {EdgeCondition::Discharge, "discharge", "Water enters at boundary_discharge over time."}};

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h.
struct FloodParams {
    sdk::ParamList list;
    sdk::ParamBuilder<sdk::RealParam> stretch(const std::string& edge, const std::string& end, const std::string& axis);

    sdk::RealParam durationS = list.group("Run").real("duration_s").label("Duration").help("Simulated time.")
                                   .unit("s").range(limits::durationS).byDefault(3600.0);
    sdk::RealParam resolutionM = list.real("resolution_m").label("Resolution")
                                     .help("Cell size of the run; 0 = the terrain's own.").unit("m")
                                     .range(limits::resolutionM).byDefault(0.0);
    sdk::ChoiceParam<BuildingMode> buildingMode =
        list.choice<BuildingMode>("building_mode",
                                  {{BuildingMode::Block, "block", "Buildings are walls."},
                                   {BuildingMode::Raise, "raise",
                                    "Cells raised by the building height: deep water overtops them."},
                                   {BuildingMode::Ignore, "ignore", "Bare terrain: water flows through."}})
            .label("Buildings").help("How buildings stand in the water's way.");
    sdk::RealParam outputIntervalS =
        list.real("output_interval_s").label("Frame interval")
            .help("Depth and speed maps every this; 0 = none (maxima and timing are always kept).").unit("s")
            .range(limits::intervalS).byDefault(600.0);

    sdk::RealParam rainIntensity =
        list.group("Rain").real("rain_intensity_mm_per_h").label("Rain intensity")
            .help("A uniform cloudburst of this intensity. 0 = no rain: rain is never assumed. One rain source at "
                  "a time (cloudburst, hyetograph, rain series file, design storm or gridded frames).")
            .unit("mm/h").range(limits::rainIntensityMmPerH).byDefault(0.0);
    sdk::RealParam rainStartS = list.real("rain_start_s").label("Rain start").help("When the cloudburst begins.")
                                    .unit("s").range(limits::rainTimeS).byDefault(0.0);
    sdk::RealParam rainDurationS = list.real("rain_duration_s").label("Rain duration")
                                       .help("How long the cloudburst lasts.").unit("s")
                                       .range(limits::rainDurationS).byDefault(3600.0);
    sdk::SeriesParam rainHyetograph = list.series("rain_hyetograph").label("Hyetograph")
                                          .help("Rain intensity over time (instead of the cloudburst).")
                                          .unit("mm/h").range(limits::rainIntensityMmPerH);
    sdk::ChoiceParam<RainShape> rainInterpolation =
        list.choice<RainShape>("rain_interpolation",
                               {{RainShape::Step, "step", "Each value holds until the next time."},
                                {RainShape::Linear, "linear", "Straight lines between the points."}})
            .label("Hyetograph steps").help("How the hyetograph is read between its points.").advanced();
    sdk::TextParam rainFrameLayers =
        list.text("rain_frame_layers").label("Gridded rain layers")
            .help("Comma-separated raster layers of intensity [mm/h], one per frame, instead of uniform rain (radar); "
                  "'radar_*' stands for every raster layer named radar_..., in name order.")
            .advanced();
    sdk::RealParam rainFrameIntervalS = list.real("rain_frame_interval_s").label("Gridded rain interval")
                                            .help("Time each rain frame lasts.").unit("s")
                                            .range(limits::rainDurationS).byDefault(300.0).advanced();
    // ---- design storms, rain files and drainage by design frequency (sim/flood/storm_adapter.h) ----
    sdk::FileParam rainSeriesCsv =
        list.file("rain_series_csv").label("Rain series file")
            .help("A CSV of rain over time: a column time_s, time_min, time_h or time (date-time) and one of "
                  "intensity_mm_per_h, depth_mm (per interval) or cumulative_mm (path as written, or beside the "
                  "scenario's data).");
    sdk::ChoiceParam<int> stormStation =
        list.group("Design storm").choice<int>("storm_station", stationChoices())
            .label("Station").help("Probability rainfall (design depth by return period and duration) of a station or "
                                   "region, shipped in data/flood/rainfall/stations (sources in its README), or custom: "
                                   "the file rainfall_table. Also sizes drainage by design frequency.");
    sdk::RealParam stormReturnPeriod = list.real("storm_return_period_years").label("Return period")
                                           .help("Return period of the design storm.").unit("years")
                                           .range(limits::returnPeriodYears).byDefault(30.0);
    sdk::RealParam stormDurationMin = list.real("storm_duration_min").label("Storm duration")
                                          .help("Duration of the design storm.").unit("min")
                                          .range(limits::stormDurationMin).byDefault(60.0);
    sdk::ChoiceParam<StormPattern> stormPattern =
        list.choice<StormPattern>(
                "storm_pattern",
                {{StormPattern::None, "none", "No design storm."},
                 {StormPattern::HuffQ1, "huff_q1", "Huff first-quartile median curve (heaviest rain early)."},
                 {StormPattern::HuffQ2, "huff_q2", "Huff second-quartile median curve."},
                 {StormPattern::HuffQ3, "huff_q3", "Huff third-quartile median curve (common in Korean practice)."},
                 {StormPattern::HuffQ4, "huff_q4", "Huff fourth-quartile median curve (heaviest rain late)."},
                 {StormPattern::AlternatingBlock, "alternating_block",
                  "Alternating block method from the station's depth-duration relation."},
                 {StormPattern::User, "user", "A mass curve from storm_pattern_table."}})
            .label("Pattern").help("How the design storm's depth is spread over its duration; none = no design storm.");
    sdk::FileParam rainfallTable =
        list.file("rainfall_table").label("Rainfall table")
            .help("CSV of probability rainfall (duration_min, return_period_years, depth_mm; source, method and date "
                  "in '# key: value' header lines) for storm_station custom.")
            .advanced();
    sdk::RealParam stormStepMin = list.real("storm_time_step_min").label("Block length")
                                      .help("Length of the hyetograph's blocks; the duration must be a whole number "
                                            "of them.")
                                      .unit("min").range(limits::stormStepMin).byDefault(10.0).advanced();
    sdk::RealParam stormPeakPosition = list.real("storm_peak_position").label("Peak position")
                                           .help("Where the alternating block storm peaks, as a fraction of its "
                                                 "duration (0.5 = the middle).")
                                           .range(limits::fraction).byDefault(0.5).advanced();
    sdk::FileParam stormPatternTable =
        list.file("storm_pattern_table").label("Pattern table")
            .help("CSV mass curve (time_fraction, depth_fraction) for storm_pattern user, e.g. a station's own Huff "
                  "curve.")
            .advanced();
    sdk::RealParam stormStartS = list.real("storm_start_s").label("Storm start").help("When the design storm begins.")
                                     .unit("s").range(limits::rainTimeS).byDefault(0.0).advanced();
    sdk::ChoiceParam<ArealReductionMode> stormArealReduction =
        list.choice<ArealReductionMode>(
                "storm_areal_reduction",
                {{ArealReductionMode::None, "none", "Point rainfall over the whole domain."},
                 {ArealReductionMode::Area, "area", "Reduced for a catchment of storm_area_km2."},
                 {ArealReductionMode::Domain, "domain", "Reduced for the area of the run's domain."}})
            .label("Areal reduction").help("Areal reduction factor of the point rainfall (UK FEH form; "
                                           "data/flood/rainfall/arf_feh.csv).")
            .advanced();
    sdk::RealParam stormAreaKm2 = list.real("storm_area_km2").label("Catchment area")
                                      .help("Area for the areal reduction factor (storm_areal_reduction area).")
                                      .unit("km2").range(limits::catchmentAreaKm2).byDefault(0.0).advanced();
    // ---- end of design storms ----

    sdk::ChoiceParam<LossModel> lossModel =
        list.group("Losses")
            .choice<LossModel>("loss_model",
                               {{LossModel::None, "none", "No losses: all rain runs off."},
                                {LossModel::InitialContinuing, "initial_continuing",
                                 "An initial loss, then a constant rate."},
                                {LossModel::GreenAmpt, "green_ampt", "Green-Ampt infiltration."}})
            .label("Losses").help("Water that soaks away.");
    sdk::RealParam initialLossMm = list.real("initial_loss_mm").label("Initial loss")
                                       .help("Rain absorbed before any runs off.").unit("mm")
                                       .range(limits::lossMm).byDefault(0.0);
    sdk::RealParam continuingLoss = list.real("continuing_loss_mm_per_h").label("Continuing loss")
                                        .help("Constant loss rate after the initial loss.").unit("mm/h")
                                        .range(limits::lossRateMmPerH).byDefault(0.0);
    sdk::RealParam gaConductivity = list.real("ga_conductivity_mm_per_h").label("Green-Ampt conductivity")
                                        .help("Saturated hydraulic conductivity Ks.").unit("mm/h")
                                        .range(limits::conductivityMmPerH).byDefault(10.9).advanced();
    sdk::RealParam gaSuction = list.real("ga_suction_mm").label("Green-Ampt suction")
                                   .help("Wetting-front suction head.").unit("mm").range(limits::lossMm)
                                   .byDefault(110.1).advanced();
    sdk::RealParam gaDeficit = list.real("ga_moisture_deficit").label("Green-Ampt moisture deficit")
                                   .help("Porosity minus initial moisture.").range(limits::fraction)
                                   .byDefault(0.3).advanced();

    sdk::RealParam drainageRate =
        list.group("Drainage").real("drainage_mm_per_h").label("Drainage capacity")
            .help("The sewer network as a sink: water removed from every wet cell up to this rate (or give a design "
                  "frequency below, not both).")
            .unit("mm/h").range(limits::lossRateMmPerH).byDefault(0.0);
    sdk::LayerParam drainageLayer = list.layer("drainage_layer").label("Drainage capacity layer")
                                        .help("A raster of capacity [mm/h]; replaces the uniform rate.")
                                        .layerKind("raster").advanced();
    // ---- drainage by design frequency (sim/flood/storm_adapter.h) ----
    sdk::RealParam drainageDesignReturnPeriod =
        list.real("drainage_design_return_period_years").label("Sewer design frequency")
            .help("The return period the sewers were designed for (KDS 61 10 00: 10 to 30 years); the capacity is "
                  "the station's design intensity for it. 0 = not used.")
            .unit("years").range(limits::designReturnPeriodYears).byDefault(0.0);
    sdk::RealParam drainageDesignDuration = list.real("drainage_design_duration_min").label("Sewer design duration")
                                                .help("Design duration of the sewers (where a catchment or class says "
                                                      "nothing).")
                                                .unit("min").range(limits::stormDurationMin).byDefault(60.0);
    sdk::RealParam drainageInletCapacity =
        list.real("drainage_inlet_capacity_mm_per_h").label("Inlet capacity")
            .help("Most the inlets can take in, capping the design capacity; 0 = not limited.").unit("mm/h")
            .range(limits::lossRateMmPerH).byDefault(0.0);
    sdk::LayerParam drainageCatchments =
        list.layer("drainage_catchment_layer").label("Sewer catchments")
            .help("Polygons with design_return_period_years or sewer_class, optionally design_duration_min and "
                  "inlet_capacity_mm_per_h.")
            .layerKind("vector");
    sdk::LayerParam drainageClassLayer = list.layer("drainage_class_layer").label("Sewer class layer")
                                             .help("A raster of sewer-class codes (drainage_class_table).")
                                             .layerKind("raster").advanced();
    sdk::FileParam drainageClassTable =
        list.file("drainage_class_table").label("Sewer class table")
            .help("CSV of sewer classes (class, code, design_return_period_years, ...); empty = "
                  "data/flood/drainage/sewer_design_frequency.csv.")
            .advanced();
    // ---- end of drainage by design frequency ----

    sdk::PointsParam inflowPoints =
        list.group("Inflows").points("inflow_points").label("Inflow points")
            .help("Points where water enters (surcharging manholes, culverts), each with the inflow hydrograph.");
    sdk::SeriesParam inflowHydrograph = list.series("inflow_hydrograph").label("Inflow hydrograph")
                                            .help("Discharge at each inflow point over time.").unit("m3/s")
                                            .range(limits::dischargeM3PerS);
    sdk::PointsParam inflowLine = list.points("inflow_line").label("Inflow line")
                                      .help("A line along which a river or an inlet enters.");
    sdk::SeriesParam inflowLineHydrograph = list.series("inflow_line_hydrograph").label("Line hydrograph")
                                                .help("Total discharge along the inflow line over time.")
                                                .unit("m3/s").range(limits::dischargeM3PerS);
    sdk::LayerParam inflowLayer =
        list.layer("inflow_layer").label("Inflow layer")
            .help("Points or lines, each with an attribute 'hydrograph' = [[t_s, m3/s], ...] (and optionally "
                  "'name').")
            .layerKind("vector").advanced();

    // Free outflow by default: a model's edge is rarely a wall, and closed edges made lakes along a Seoul
    // district's borders. Closed edges that hold water are warned about by name after the run.
    sdk::ChoiceParam<EdgeCondition> boundaryNorth =
        list.group("Boundaries").choice<EdgeCondition>("boundary_north", kEdgeChoices).label("North edge")
            .help("Condition on the north edge (free outflow unless the terrain really ends there).")
            .byDefault(EdgeCondition::FreeOutflow);
    sdk::ChoiceParam<EdgeCondition> boundarySouth =
        list.choice<EdgeCondition>("boundary_south", kEdgeChoices).label("South edge")
            .help("Condition on the south edge.").byDefault(EdgeCondition::FreeOutflow);
    sdk::ChoiceParam<EdgeCondition> boundaryEast = list.choice<EdgeCondition>("boundary_east", kEdgeChoices)
                                                       .label("East edge").help("Condition on the east edge.")
                                                       .byDefault(EdgeCondition::FreeOutflow);
    sdk::ChoiceParam<EdgeCondition> boundaryWest = list.choice<EdgeCondition>("boundary_west", kEdgeChoices)
                                                       .label("West edge").help("Condition on the west edge.")
                                                       .byDefault(EdgeCondition::FreeOutflow);
    /// The stretch of each edge a condition applies to, in the project CRS (x along north and south, y along east
    /// and west); both 0 = the whole edge. EA Test 4 and the Merewether inlet are 20-40 m stretches.
    sdk::RealParam northFrom = stretch("north", "from", "x");
    sdk::RealParam northTo = stretch("north", "to", "x");
    sdk::RealParam southFrom = stretch("south", "from", "x");
    sdk::RealParam southTo = stretch("south", "to", "x");
    sdk::RealParam eastFrom = stretch("east", "from", "y");
    sdk::RealParam eastTo = stretch("east", "to", "y");
    sdk::RealParam westFrom = stretch("west", "from", "y");
    sdk::RealParam westTo = stretch("west", "to", "y");
    sdk::RealParam boundarySlope = list.real("boundary_slope").label("Outflow slope")
                                       .help("Water-surface slope at free-outflow edges (normal depth).")
                                       .range(limits::outflowSlope).byDefault(0.001);
    sdk::RealParam boundaryLevel = list.real("boundary_level_m").label("Boundary level")
                                       .help("Water level outside fixed-level edges.").unit("m")
                                       .range(limits::levelM).byDefault(0.0);
    sdk::SeriesParam boundaryLevelSeries = list.series("boundary_level_series").label("Boundary level series")
                                               .help("Water level over time at level-series edges (may be "
                                                     "negative: tides, a datum-0 sea).")
                                               .unit("m").range(limits::levelM).advanced();
    sdk::SeriesParam boundaryDischarge = list.series("boundary_discharge").label("Boundary discharge")
                                             .help("Discharge entering through each discharge edge.")
                                             .unit("m3/s").range(limits::dischargeM3PerS).advanced();
    sdk::LayerParam initialDepthLayer = list.layer("initial_depth_layer").label("Initial depth")
                                            .help("A raster of water depth [m] at the start.")
                                            .layerKind("raster").advanced();
    sdk::ChoiceParam<InitialLevel> initialLevel =
        list.choice<InitialLevel>("initial_level",
                                  {{InitialLevel::None, "none", "The ground starts dry (or as initial_depth_layer says)."},
                                   {InitialLevel::Uniform, "uniform",
                                    "Water stands at initial_level_m wherever the ground is lower (a lake, a sea at "
                                    "a tide level, a river at its stage)."},
                                   {InitialLevel::Layer, "layer",
                                    "Water stands at the level a raster gives (initial_level_layer), where the "
                                    "ground is lower."}})
            .label("Initial water level")
            .help("Water present before the rain starts: none, a flat level (a lake, the sea, a river at its stage) "
                  "or a level raster; flood-filled from initial_level_seeds when given, so only connected water "
                  "is placed.")
            .byDefault(InitialLevel::None).advanced();
    sdk::RealParam initialLevelM = list.real("initial_level_m").label("Initial level")
                                       .help("Water-surface elevation at the start for initial_level uniform (may be "
                                             "negative: a datum-0 sea).")
                                       .unit("m").range(limits::levelM).byDefault(0.0).advanced();
    sdk::LayerParam initialLevelLayer = list.layer("initial_level_layer").label("Initial level layer")
                                            .help("A raster of water-surface elevation [m] for initial_level layer; "
                                                  "no-data = dry.")
                                            .layerKind("raster").advanced();
    sdk::PointsParam initialLevelSeeds =
        list.points("initial_level_seeds").label("Water bodies at the start")
            .help("Points in the water bodies that start at the initial level: only ground below the level and "
                  "connected to a point is filled (not every hollow below it). Empty = every cell below the level.")
            .unit("m").advanced();

    sdk::ChoiceParam<ManningSource> manningSource =
        list.group("Roughness")
            .choice<ManningSource>("manning_source",
                                   {{ManningSource::Uniform, "uniform", "manning_n everywhere."},
                                    {ManningSource::Raster, "raster", "A raster layer of n."},
                                    {ManningSource::LandUseTable, "land_use",
                                     "A raster of land-use codes and a code:n table."},
                                    {ManningSource::Polygons, "polygons", "n inside the polygons of a layer."}})
            .label("Roughness from").help("Where Manning's n comes from.");
    sdk::RealParam manningN = list.real("manning_n").label("Manning n")
                                  .help("Uniform n, or n where the roughness layer says nothing.")
                                  .unit("s/m^(1/3)").range(limits::manningN).byDefault(0.03);
    sdk::LayerParam manningLayer = list.layer("manning_layer").label("Roughness layer")
                                       .help("Raster of n or of land-use codes, or polygon layer.");
    sdk::TextParam manningClasses = list.text("manning_classes").label("Land-use table")
                                        .help("CODE:N pairs, e.g. 1:0.015, 2:0.035, 3:0.1.").advanced();
    sdk::TextParam manningField = list.text("manning_field").label("Polygon n attribute")
                                      .help("Attribute of the polygons that holds n.");
    sdk::RealParam manningPolygonN = list.real("manning_polygon_n").label("Polygon n")
                                         .help("n inside the polygons where the attribute is missing.")
                                         .unit("s/m^(1/3)").range(limits::manningN).byDefault(0.02).advanced();

    sdk::PointsParam gaugePoints = list.group("Gauges").points("gauge_points").label("Gauges")
                                       .help("Points where depth, level and speed are recorded over time.");
    sdk::LayerParam gaugeLayer =
        list.layer("gauge_layer").label("Gauge layer").help("A point layer of gauges.").layerKind("vector");
    sdk::TextParam gaugeNameField = list.text("gauge_name_field").label("Gauge name attribute")
                                        .help("Attribute that names each gauge.").advanced();
    sdk::RealParam seriesIntervalS = list.real("series_interval_s").label("Series interval")
                                         .help("Gauges and mass balance are recorded every this.").unit("s")
                                         .range(limits::seriesIntervalS).byDefault(60.0).advanced();

    sdk::RealParam inundationThreshold =
        list.group("Hazard").real("inundation_threshold_m").label("Inundation depth")
            .help("Depth counted as inundated (first inundation, duration, hazard).").unit("m")
            .range(limits::thresholdDepthM).byDefault(0.1);
    sdk::RealParam debrisFactor = list.real("hazard_debris_factor").label("Debris factor")
                                      .help("DF of the hazard rating where deeper than 0.25 m.").unit("m2/s")
                                      .range(limits::debrisFactor).byDefault(1.0);
    sdk::RealParam buildingThreshold = list.real("building_flood_threshold_m").label("Building flooded above")
                                           .help("A building counts as flooded when water against it is deeper.")
                                           .unit("m").range(limits::thresholdDepthM).byDefault(0.1);
    sdk::RealParam roadThreshold = list.real("road_flood_threshold_m").label("Road flooded above")
                                       .help("Road length counts as flooded above this depth.").unit("m")
                                       .range(limits::thresholdDepthM).byDefault(0.3);
    sdk::TextParam extentThresholds =
        list.text("extent_thresholds_m").label("Extent depths")
            .help("Comma-separated depths [m]: the extent output holds one polygon layer feature per depth, the "
                  "area where the maximum depth reached it (for GIS and briefings). Empty = no extent polygons.")
            .byDefault(std::string("0.1, 0.5"));
    sdk::LayerParam observedLayer =
        list.group("Observed flood").layer("observed_extent_layer").label("Observed extent")
            .help("A polygon layer of an observed flood (flood traces, a surveyed extent): the modelled extent is "
                  "scored against it (hit rate, false-alarm ratio, critical success index) and depths compared "
                  "where it gives them.")
            .layerKind("vector");
    sdk::TextParam observedDepthField =
        list.text("observed_depth_field").label("Observed depth attribute")
            .help("Attribute of the observed polygons holding the observed depth [m]; 0 or empty = unknown.")
            .byDefault(std::string("depth_m"));
    sdk::RealParam observedWetThreshold =
        list.real("observed_wet_threshold_m").label("Modelled wet above")
            .help("A cell counts as modelled wet, for the comparison, where its maximum depth reaches this.")
            .unit("m").range(limits::thresholdDepthM).byDefault(0.1);

    sdk::ChoiceParam<NoDataPolicy> noDataPolicy =
        list.group("Numerics")
            .choice<NoDataPolicy>("nodata_policy",
                                  {{NoDataPolicy::Reject, "reject", "Holes where water would flow are an error."},
                                   {NoDataPolicy::Wall, "wall", "Holes are walls."},
                                   {NoDataPolicy::Fill, "fill", "Holes are filled from their neighbours."}})
            .label("Terrain holes").help("What to do with cells of the terrain that have no data.").advanced();
    sdk::ChoiceParam<Scheme> scheme =
        list.choice<Scheme>("scheme",
                            {{Scheme::LocalInertial, "local_inertial",
                              "Local inertial (Bates et al. 2010): fast, for gradually varied flow (Froude below ~0.5)."},
                             {Scheme::Fv1, "fv1",
                              "Full shallow water, first-order Godunov with HLL fluxes and hydrostatic reconstruction "
                              "(as LISFLOOD-FP 8 FV1): dam breaks, steep terrain, fast flow. About 2-3 times slower."}})
            .label("Scheme").help("Which equations are solved.");
    sdk::ChoiceParam<Friction> friction =
        list.choice<Friction>("friction",
                              {{Friction::Implicit, "implicit", "Implicit in the new discharge: stable on thin films."},
                               {Friction::SemiImplicit, "semi_implicit",
                                "Bates et al. (2010) eq. 8, as LISFLOOD-FP's ACC solver: for comparisons."}})
            .label("Friction form").help("How the local-inertial scheme takes Manning friction.").advanced();
    sdk::RealParam oscillationInterval =
        list.real("oscillation_check_interval_s").label("Oscillation check interval")
            .help("How often the solver looks for grid-scale oscillation (a checkerboard water surface, depths "
                  "jumping); 0 = never. Found oscillation is a warning naming the cell and time.")
            .unit("s").range(core::Range::atLeast(0.0)).byDefault(60.0).advanced();
    sdk::RealParam oscillationTolerance =
        list.real("oscillation_tolerance_m").label("Oscillation tolerance")
            .help("A zigzag or depth jump counts as oscillation when each step exceeds this.").unit("m")
            .range({1e-6, 10.0}).byDefault(0.05).advanced();
    sdk::ChoiceParam<OnOscillation> onOscillation =
        list.choice<OnOscillation>(
                "on_oscillation",
                {{OnOscillation::Fail, "fail",
                  "Fail the run: its depths are physically impossible where it oscillated."},
                 {OnOscillation::Warn, "warn", "Keep the results, with a warning naming where and when."}})
            .label("When oscillation is found").help("What a run that oscillated becomes.").advanced();
    sdk::RealParam theta = list.real("theta").label("Theta")
                               .help("q-centred weighting of de Almeida et al. (2012), local-inertial scheme. Above "
                                     "0.8 grid-scale oscillation is not damped (sim/flood/README.md, Stability).")
                               .range(limits::theta).byDefault(0.7).advanced();
    sdk::RealParam cfl = list.real("cfl").label("Courant number")
                             .help("Time step = cfl x cell / sqrt(g h); the engine allows up to 0.9 sqrt(theta / 2) "
                                   "(local inertial) or 0.5 (fv1).")
                             .range(limits::cfl).byDefault(0.5).advanced();
    sdk::BoolParam friction2d = list.boolean("friction_2d").label("2D friction")
                                    .help("Friction from the magnitude of the discharge vector.").byDefault(true)
                                    .advanced();
    sdk::RealParam maxDtS = list.real("max_dt_s").label("Largest step").help("Upper bound of the time step.")
                                .unit("s").range(limits::maxDtS).byDefault(10.0).advanced();
    sdk::RealParam minDtS = list.real("min_dt_s").label("Smallest step")
                                .help("A time step below this stops the run (collapse).").unit("s")
                                .range(limits::minDtS).byDefault(0.001).advanced();
    sdk::RealParam depthThreshold = list.real("depth_threshold_m").label("Flow depth threshold")
                                        .help("Faces with less water carry no flow.").unit("m")
                                        .range(limits::flowDepthThresholdM).byDefault(0.001).advanced();
};

sdk::ParamBuilder<sdk::RealParam> stretchDecl(sdk::ParamList& list, const std::string& edge,
                                                    const std::string& end, const std::string& axis) {
    auto b = list.real("boundary_" + edge + "_" + end + "_m");
    b.label(std::string(1, static_cast<char>(std::toupper(edge[0]))) + edge.substr(1) + " edge stretch " + end)
        .help("The " + edge + " edge's condition applies from " + axis + " = boundary_" + edge + "_from_m to " + axis +
              " = boundary_" + edge + "_to_m (project CRS); both 0 = the whole edge.")
        .unit("m")
        .byDefault(0.0)
        .advanced();
    return b;
}

sdk::ParamBuilder<sdk::RealParam> FloodParams::stretch(const std::string& edge, const std::string& end,
                                                      const std::string& axis) {
    return stretchDecl(list, edge, end, axis);
}

/// Every output, declared once with how it is drawn.
struct FloodOutputs {
    sdk::OutputList list;
    sdk::RasterOutput maxDepth = list.raster("max_depth").label("Maximum depth").unit("m")
                                     .description("Deepest water in each cell.")
                                     .style(sdk::Style::waterSurface("water", 0.0, 1.0)).hideBelow(0.02);
    sdk::RasterOutput maxLevel = list.raster("max_level").label("Maximum water level").unit("m")
                                     .description("Bed + maximum depth; NaN where never wet.")
                                     .style(sdk::Style::draped("viridis"));
    sdk::RasterOutput maxSpeed = list.raster("max_speed").label("Maximum speed").unit("m/s")
                                     .description("Fastest flow in each cell.")
                                     .style(sdk::Style::draped("magma", 0.0, 3.0)).hideBelow(0.05);
    sdk::RasterOutput maxHazard =
        list.raster("max_hazard").label("Hazard rating").unit("m2/s")
            .description("Maximum over time of depth x (speed + 0.5) + debris factor (Defra/EA FD2321).")
            .style(sdk::Style::draped("rdylgn_r", 0.0, 2.5)).hideBelow(0.01);
    sdk::RasterOutput hazardClass =
        list.raster("hazard_class").label("Hazard class")
            .description("0 none, 1 low (< 0.75), 2 moderate (< 1.25), 3 significant (< 2), 4 extreme.")
            .style(hazardStyle()).hideBelow(0.5);
    sdk::RasterOutput timeOfInundation =
        list.raster("time_of_inundation").label("Time of first inundation").unit("s")
            .description("When each cell first got deeper than the inundation depth; NaN = never.")
            .style(sdk::Style::draped("viridis"));
    sdk::RasterOutput durationInundated = list.raster("duration_above_threshold").label("Duration inundated")
                                              .unit("s")
                                              .description("How long each cell was deeper than the inundation depth.")
                                              .style(sdk::Style::draped("magma")).hideBelow(1.0);
    sdk::RasterOutput finalDepth = list.raster("final_depth").label("Final depth").unit("m")
                                       .description("Depth at the end of the run.")
                                       .style(sdk::Style::waterSurface("water", 0.0, 1.0)).hideBelow(0.02);
    sdk::SeriesOutput depth = list.rasterSeries("depth").label("Depth").unit("m")
                                  .description("Water depth every frame interval.")
                                  .style(sdk::Style::waterSurface("water", 0.0, 1.0)).hideBelow(0.02);
    sdk::SeriesOutput speed = list.rasterSeries("speed").label("Speed").unit("m/s")
                                  .description("Flow speed every frame interval.")
                                  .style(sdk::Style::draped("magma", 0.0, 3.0)).hideBelow(0.05);
    sdk::VectorOutput buildings =
        list.vector("buildings").label("Buildings hit").unit("m")
            .description("Every building with the deepest water against it (max_depth_m) and flooded (1/0).")
            .style(sdk::Style::extruded("max_depth_m", "rdylgn_r", 0.0, 1.0));
    sdk::VectorOutput roads =
        list.vector("roads").label("Roads hit").unit("m")
            .description("Every road with its length over water deeper than the road threshold (flooded_length_m).")
            .style(sdk::Style::lines("max_depth_m", "rdylgn_r", 0.0, 1.0));
    sdk::TableOutput gauges = list.table("gauges").label("Gauge series")
                                  .description("Depth, level and speed at each gauge over time.")
                                  .style(sdk::Style::timeSeries("time", "gauge"));
    sdk::TableOutput massBalance =
        list.table("mass_balance").label("Mass balance")
            .description("Rain, inflow, outflow, losses, drainage, stored water and the error over time [m3].")
            .style(sdk::Style::timeSeries("time"));
    // ---- design storms and drainage by design frequency (storm_adapter.h) ----
    sdk::TableOutput hyetograph =
        list.table("hyetograph").label("Hyetograph")
            .description("The rain applied: intensity [mm/h] from each time [s] to the next (steps, unless "
                         "rain_interpolation is linear) and the depth fallen by each time [mm] (gridded rain: the "
                         "domain mean).")
            .style(sdk::Style::timeSeries("time"));
    sdk::ScalarOutput rainDepth = list.scalar("rain_depth").label("Rain depth").unit("mm")
                                      .description("Total depth of the rain applied (gridded rain: domain mean).");
    sdk::ScalarOutput rainPeak = list.scalar("rain_peak_intensity").label("Peak rain intensity").unit("mm/h")
                                     .description("Largest intensity of the rain applied (gridded rain: domain mean).");
    sdk::ScalarOutput arealReductionFactor =
        list.scalar("areal_reduction_factor").label("Areal reduction factor")
            .description("Factor applied to the design storm's point rainfall (1 = none); design storms only.");
    sdk::RasterOutput drainageCapacity =
        list.raster("drainage_capacity").label("Drainage capacity").unit("mm/h")
            .description("Sewer capacity per cell derived from the design frequency; drainage by design frequency only.")
            .style(sdk::Style::draped("blues"));
    // ---- end of design storms ----
    sdk::VectorOutput extent =
        list.vector("extent").label("Flood extent").unit("m")
            .description("Polygons of the area where the maximum depth reached each depth of extent_thresholds_m "
                         "(attribute threshold_m; area_m2), traced along cell edges.")
            .style(sdk::Style::polygons("threshold_m", "blues"));
    sdk::RasterOutput observedComparison =
        list.raster("observed_comparison").label("Model vs observed")
            .description("Per cell: 1 hit (wet in both), 2 false alarm (modelled only), 3 miss (observed only); "
                         "observed_extent_layer only.")
            .style(sdk::Style::categories({"agree dry", "hit", "false alarm", "miss"})).hideBelow(0.5);
    sdk::VectorOutput observedFeatures =
        list.vector("observed").label("Observed places").unit("m")
            .description("Each observed polygon with the model's deepest water over it (model_max_depth_m), the "
                         "share of it modelled wet (wet_share) and the depth error where a depth was observed.")
            .style(sdk::Style::polygons("wet_share", "viridis", 0.0, 1.0));
    sdk::ScalarOutput hitRate = list.scalar("hit_rate").label("Hit rate")
                                    .description("Observed wet cells the model floods, A / (A + C).");
    sdk::ScalarOutput falseAlarmRatio = list.scalar("false_alarm_ratio").label("False-alarm ratio")
                                            .description("Modelled wet cells not observed, B / (A + B).");
    sdk::ScalarOutput criticalSuccess = list.scalar("critical_success_index").label("Critical success index")
                                            .description("A / (A + B + C): 1 = a perfect match of the extents.");
    sdk::ScalarOutput depthRmse = list.scalar("observed_depth_rmse").label("Depth error (RMSE)").unit("m")
                                      .description("Root mean square of modelled minus observed depth at the "
                                                   "observed places that give a depth.");
    sdk::ScalarOutput depthBias = list.scalar("observed_depth_bias").label("Depth bias").unit("m")
                                      .description("Mean of modelled minus observed depth (positive = too deep).");
    sdk::ScalarOutput floodedArea = list.scalar("flooded_area").label("Flooded area").unit("m2")
                                        .description("Area ever deeper than the inundation depth.");
    sdk::ScalarOutput floodedBuildings = list.scalar("flooded_buildings").label("Buildings flooded")
                                             .description("Buildings counted as flooded.");
    sdk::ScalarOutput floodedRoadLength = list.scalar("flooded_road_length").label("Road length flooded").unit("m")
                                              .description("Road length over water deeper than the road threshold.");
    sdk::ScalarOutput peakDepth =
        list.scalar("peak_depth").label("Deepest water").unit("m").description("Largest depth anywhere.");
    sdk::ScalarOutput rainVolume =
        list.scalar("rain_volume").label("Rain volume").unit("m3").description("Rain that fell on the domain.");
    sdk::ScalarOutput inflowVolume = list.scalar("inflow_volume").label("Inflow volume").unit("m3")
                                         .description("Water from inflows and boundaries.");
    sdk::ScalarOutput outflowVolume = list.scalar("outflow_volume").label("Outflow volume").unit("m3")
                                          .description("Water that left through open edges.");
    sdk::ScalarOutput closedEdgeVolume =
        list.scalar("closed_edge_volume").label("Water against closed edges").unit("m3")
            .description("Water in the cells along closed edges at the end: ponded by the model's border, not by "
                         "the terrain, when the terrain goes on beyond it (each such edge is also warned about).");
    sdk::ScalarOutput massBalanceError = list.scalar("mass_balance_error").label("Mass balance error")
                                             .description("Relative error of the water budget at the end.");
};

const FloodParams& P() {
    static const FloodParams p;
    return p;
}
const FloodOutputs& O() {
    static const FloodOutputs o;
    return o;
}

BoundaryKind toBoundaryKind(EdgeCondition e) {
    switch (e) {
        case EdgeCondition::FreeOutflow:
            return BoundaryKind::FreeOutflow;
        case EdgeCondition::FixedLevel:
            return BoundaryKind::FixedLevel;
        case EdgeCondition::LevelSeries:
            return BoundaryKind::LevelSeries;
        case EdgeCondition::Discharge:
            return BoundaryKind::Discharge;
        case EdgeCondition::Closed:
            break;
    }
    return BoundaryKind::Closed;
}

TimeSeries toSeries(const std::vector<sdk::TimeValue>& s, Interpolation interpolation,
                    Extrapolation extrapolation) {
    TimeSeries t;
    for (const sdk::TimeValue& tv : s) {
        t.timesS.push_back(tv.timeS);
        t.values.push_back(tv.value);
    }
    t.interpolation = interpolation;
    t.extrapolation = extrapolation;
    return t;
}

/// "1:0.03, 2:0.05" -> {1: 0.03, 2: 0.05}; problems for malformed items.
std::map<int, double> parseClasses(const std::string& text, std::vector<sdk::Problem>& problems) {
    std::map<int, double> out;
    for (const std::string& item : core::splitList(text)) {
        const auto colon = item.find(':');
        char* e1 = nullptr;
        char* e2 = nullptr;
        const long code = colon == std::string::npos ? 0 : std::strtol(item.c_str(), &e1, 10);
        const double n = colon == std::string::npos ? NAN : std::strtod(item.c_str() + colon + 1, &e2);
        if (colon == std::string::npos || !e1 || *e1 != ':' || !e2 || *e2 != '\0' || !limits::manningN.contains(n)) {
            problems.push_back({kId, P().manningClasses.id(),
                                "'" + item + "' is not CODE:N with N " + limits::manningN.text()});
            continue;
        }
        out[static_cast<int>(code)] = n;
    }
    return out;
}

/// What the run needs beside the engine set-up.
struct Plan {
    ModelGridOptions grid;
    RainPlan rain;          ///< the rain as charted and reported (storm_adapter.h)
    DrainagePlan drainage;  ///< drainage by design frequency, when used
    double buildingThresholdM = 0.1;
    double roadThresholdM = 0.3;
    double inundationThresholdM = 0.1;
    std::vector<double> extentThresholdsM;  ///< depths of the extent polygons
};

// ---- design storms and drainage by design frequency: parameters -> storm_adapter.h specs ----
RainfallTableSpec tableSpec(const sdk::ParameterSet& p) {
    const FloodParams& k = P();
    const std::string station = k.stormStation.name(p[k.stormStation]);
    return RainfallTableSpec{station == "none" ? std::string() : station, core::trim(p[k.rainfallTable]),
                             core::dataDirectory()};
}

RainSpec rainSpec(const sdk::ParameterSet& p) {
    const FloodParams& k = P();
    RainSpec r;
    r.cloudburstMmPerH = p[k.rainIntensity];
    r.cloudburstStartS = p[k.rainStartS];
    r.cloudburstDurationS = p[k.rainDurationS];
    r.hyetograph = toSeries(p[k.rainHyetograph],
                            p[k.rainInterpolation] == RainShape::Linear ? Interpolation::Linear : Interpolation::Step,
                            Extrapolation::Zero);
    r.seriesCsv = core::trim(p[k.rainSeriesCsv]);
    r.frameLayers = p[k.rainFrameLayers];
    r.frameIntervalS = p[k.rainFrameIntervalS];
    DesignStormSpec& st = r.storm;
    st.pattern = p[k.stormPattern];
    st.returnPeriodYears = p[k.stormReturnPeriod];
    st.durationMin = p[k.stormDurationMin];
    st.stepMin = p[k.stormStepMin];
    st.peakPosition = p[k.stormPeakPosition];
    st.startS = p[k.stormStartS];
    st.patternTablePath = core::trim(p[k.stormPatternTable]);
    st.arealReduction = p[k.stormArealReduction];
    st.areaKm2 = p[k.stormAreaKm2];
    r.table = tableSpec(p);
    return r;
}

DrainageDesignSpec drainageSpec(const sdk::ParameterSet& p) {
    const FloodParams& k = P();
    DrainageDesignSpec d;
    d.returnPeriodYears = p[k.drainageDesignReturnPeriod];
    d.durationMin = p[k.drainageDesignDuration];
    d.inletCapacityMmPerH = p[k.drainageInletCapacity];
    d.catchmentLayer = p[k.drainageCatchments];
    d.classLayer = p[k.drainageClassLayer];
    d.classTablePath = core::trim(p[k.drainageClassTable]);
    d.dataDir = core::dataDirectory();
    return d;
}
// ---- end of design storms ----

/// Turns parameters into an engine set-up for this model. Problems that need only the parameters or the
/// model's layers are collected; the engine's validate() checks the rest. `progress` covers the grid set-up,
/// which is long on big grids and must stay cancellable.
Setup makeSetup(const core::CityModel& model, const sdk::ParameterSet& p, Plan& plan,
                std::vector<sdk::Problem>& problems, const core::Progress& progress = {}) {
    const FloodParams& k = P();
    ModelGridOptions& g = plan.grid;
    g.resolutionM = p[k.resolutionM];
    g.buildingMode = p[k.buildingMode];
    g.manning.source = p[k.manningSource];
    g.manning.uniformN = p[k.manningN];
    g.manning.layer = p[k.manningLayer];
    g.manning.classTable = parseClasses(p[k.manningClasses], problems);
    g.manning.polygonField = p[k.manningField];
    g.manning.polygonN = p[k.manningPolygonN];
    plan.buildingThresholdM = p[k.buildingThreshold];
    plan.roadThresholdM = p[k.roadThreshold];
    plan.inundationThresholdM = p[k.inundationThreshold];
    for (const std::string& item : core::splitList(p[k.extentThresholds])) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || !end || *end != '\0' || !limits::thresholdDepthM.contains(v))
            problems.push_back({kId, k.extentThresholds.id(),
                                "'" + item + "' is not a depth in " + limits::thresholdDepthM.text() + " m"});
        else
            plan.extentThresholdsM.push_back(v);
    }
    if (const std::string& ol = p[k.observedLayer]; !ol.empty()) {
        const auto it = model.vectors.find(ol);
        if (it == model.vectors.end()) {
            problems.push_back({kId, k.observedLayer.id(), "'" + ol + "' is not a vector layer of the model"});
        } else {
            bool polygons = false;
            for (const core::VectorFeature& f : it->second.features)
                polygons = polygons || f.kind == core::GeometryKind::Polygon;
            if (!polygons)
                problems.push_back({kId, k.observedLayer.id(), "layer '" + ol + "' has no polygons to compare with"});
            const std::string& df = p[k.observedDepthField];
            if (!df.empty() && it->second.fields.indexOf(df) < 0)
                problems.push_back({kId, k.observedDepthField.id(),
                                    "layer '" + ol + "' has no attribute '" + df + "' (set observed_depth_field "
                                    "to one of its attributes, or to empty)"});
        }
    }
    if (!model.hasTerrain()) {
        problems.push_back({kId, {}, "the city model has no terrain: add \"terrain\" to the scenario"});
        return {};
    }
    for (const Problem& pr : validateModelOptions(model, g))
        problems.push_back({kId, pr.parameter, pr.message});
    if (!problems.empty()) return {};

    Setup s = setupFromModel(model, g, progress);
    s.durationS = p[k.durationS];

    // Rain: one source at a time (a cloudburst, a hyetograph, a rain series file, a design storm or gridded
    // frames), built by storm_adapter.h; two sources given are a problem naming both.
    {
        std::vector<Problem> rainProblems;
        plan.rain = planRain(rainSpec(p), model, s.grid, s.bedElevationM, rainProblems);
        for (const Problem& pr : rainProblems)
            problems.push_back({kId, pr.parameter, pr.message});
        s.rain = plan.rain.rain;
    }

    // Losses and drainage.
    s.losses.model = p[k.lossModel];
    s.losses.initialLossMm = p[k.initialLossMm];
    s.losses.continuingLossMmPerH = p[k.continuingLoss];
    s.losses.hydraulicConductivityMmPerH = p[k.gaConductivity];
    s.losses.suctionHeadMm = p[k.gaSuction];
    s.losses.moistureDeficit = p[k.gaDeficit];
    s.drainage.rateMmPerH = p[k.drainageRate];
    if (const std::string& dl = p[k.drainageLayer]; !dl.empty()) {
        auto it = model.rasters.find(dl);
        if (it == model.rasters.end())
            problems.push_back({kId, k.drainageLayer.id(), "'" + dl + "' is not a raster layer of the model"});
        else
            s.drainage.rateGridMmPerH = resampleTerrain(it->second, s.grid);
    }
    // Drainage by design frequency (storm_adapter.h): the capacity a network designed for a return period takes.
    if (const DrainageDesignSpec dd = drainageSpec(p); dd.any()) {
        std::vector<Problem> drainageProblems;
        if (dd.returnPeriodYears > 0.0 && dd.returnPeriodYears < limits::returnPeriodYears.min.value_or(1.0))
            drainageProblems.push_back({k.drainageDesignReturnPeriod.id(),
                                        core::number(dd.returnPeriodYears) + " years: give 0 (not used) or at least " +
                                            core::number(*limits::returnPeriodYears.min) + " years"});
        else if (p[k.drainageRate] > 0.0 || !p[k.drainageLayer].empty())
            drainageProblems.push_back({k.drainageDesignReturnPeriod.id(),
                                        "one drainage source at a time: drainage_mm_per_h or drainage_layer and a design "
                                        "frequency (drainage_design_return_period_years, drainage_catchment_layer or "
                                        "drainage_class_layer) are both given"});
        else if (const auto table = loadRainfallTable(tableSpec(p), model, "drainage by design frequency",
                                                      drainageProblems)) {
            plan.drainage = planDrainage(dd, table.get(), model, s.grid, drainageProblems);
            if (drainageProblems.empty()) {
                s.drainage = plan.drainage.drainage;
                for (std::size_t c = 0; c < plan.drainage.capacityGrid.size(); ++c)
                    if (std::isnan(s.bedElevationM[c])) plan.drainage.capacityGrid[c] = NAN;
            }
        }
        for (const Problem& pr : drainageProblems)
            problems.push_back({kId, pr.parameter, pr.message});
    }

    // Inflows: points sharing one hydrograph, a line with its own, and any number from a layer.
    const auto& pts = p[k.inflowPoints];
    if (!pts.empty()) {
        const auto& h = p[k.inflowHydrograph];
        if (h.empty()) problems.push_back({kId, k.inflowHydrograph.id(), "inflow points are given but no hydrograph"});
        for (std::size_t i = 0; i < pts.size(); ++i)
            s.inflows.push_back(Inflow{"point " + std::to_string(i + 1), {pts[i]},
                                       toSeries(h, Interpolation::Linear, Extrapolation::Zero)});
    }
    const auto& line = p[k.inflowLine];
    if (!line.empty()) {
        const auto& h = p[k.inflowLineHydrograph];
        if (line.size() < 2) problems.push_back({kId, k.inflowLine.id(), "a line inflow needs at least two points"});
        if (h.empty())
            problems.push_back({kId, k.inflowLineHydrograph.id(), "an inflow line is given but no hydrograph"});
        s.inflows.push_back(Inflow{"line", line, toSeries(h, Interpolation::Linear, Extrapolation::Zero)});
    }
    if (const std::string& il = p[k.inflowLayer]; !il.empty()) {
        auto it = model.vectors.find(il);
        if (it == model.vectors.end()) {
            problems.push_back({kId, k.inflowLayer.id(), "'" + il + "' is not a vector layer of the model"});
        } else {
            const core::VectorLayer& v = it->second;
            const int hf = v.fields.indexOf("hydrograph");
            const int nf = v.fields.indexOf("name");
            sdk::ParamDecl decl;
            decl.id = "hydrograph";
            decl.type = sdk::ParamType::Series;
            decl.unit = "m3/s";
            decl.range = limits::dischargeM3PerS;
            for (std::size_t f = 0; f < v.features.size(); ++f) {
                const core::VectorFeature& feat = v.features[f];
                const std::string name = nf >= 0 && !core::toText(feat.attribute(nf)).empty()
                                             ? core::toText(feat.attribute(nf))
                                             : il + " " + std::to_string(f + 1);
                std::string problem;
                const sdk::ParamValue hv =
                    hf < 0 ? sdk::ParamValue{} : sdk::parseValue(decl, core::toText(feat.attribute(hf)), problem);
                if (hf < 0 || !problem.empty()) {
                    problems.push_back({kId, k.inflowLayer.id(),
                                        "feature '" + name + "': the attribute 'hydrograph' must hold [[t_s, m3/s], ...]" +
                                            (problem.empty() ? std::string() : " (" + problem + ")")});
                    continue;
                }
                Inflow in{name, {},
                          toSeries(std::get<std::vector<sdk::TimeValue>>(hv), Interpolation::Linear, Extrapolation::Zero)};
                if (!feat.points.empty())
                    in.points = feat.points;
                else if (!feat.lines.empty())
                    in.points = feat.lines.front();
                s.inflows.push_back(std::move(in));
            }
        }
    }

    // Boundaries: one condition per edge.
    const struct {
        const sdk::ChoiceParam<EdgeCondition>* param;
        Edge edge;
        const sdk::RealParam* from;
        const sdk::RealParam* to;
    } edges[] = {{&k.boundaryNorth, Edge::North, &k.northFrom, &k.northTo},
                 {&k.boundarySouth, Edge::South, &k.southFrom, &k.southTo},
                 {&k.boundaryEast, Edge::East, &k.eastFrom, &k.eastTo},
                 {&k.boundaryWest, Edge::West, &k.westFrom, &k.westTo}};
    for (const auto& [param, edge, fromP, toP] : edges) {
        const EdgeCondition kind = p[*param];
        const double from = p[*fromP], to = p[*toP];
        if (!(from == 0.0 && to == 0.0) && !(to > from))
            problems.push_back({kId, toP->id(), "the stretch must end after it starts (" + core::number(from) + " to " +
                                                    core::number(to) + "); both 0 = the whole edge"});
        if (kind == EdgeCondition::Closed) continue;
        Boundary b;
        b.edge = edge;
        if (to > from) {
            b.fromM = from;
            b.toM = to;
        }
        b.kind = toBoundaryKind(kind);
        if (kind == EdgeCondition::FreeOutflow) {
            b.slope = p[k.boundarySlope];
        } else if (kind == EdgeCondition::FixedLevel) {
            b.levelM = p[k.boundaryLevel];
        } else if (kind == EdgeCondition::LevelSeries) {
            const auto& ls = p[k.boundaryLevelSeries];
            if (ls.empty()) problems.push_back({kId, k.boundaryLevelSeries.id(), param->id() + " needs a level series"});
            b.levelSeriesM = toSeries(ls, Interpolation::Linear, Extrapolation::Hold);
        } else if (kind == EdgeCondition::Discharge) {
            const auto& q = p[k.boundaryDischarge];
            if (q.empty()) problems.push_back({kId, k.boundaryDischarge.id(), param->id() + " needs a discharge series"});
            b.dischargeM3PerS = toSeries(q, Interpolation::Linear, Extrapolation::Zero);
        }
        s.boundaries.push_back(std::move(b));
    }

    // Initial water.
    if (const std::string& il = p[k.initialDepthLayer]; !il.empty()) {
        auto it = model.rasters.find(il);
        if (it == model.rasters.end())
            problems.push_back({kId, k.initialDepthLayer.id(), "'" + il + "' is not a raster layer of the model"});
        else
            s.initialDepthM = resampleTerrain(it->second, s.grid);
    }
    if (p[k.initialLevel] != InitialLevel::None && !s.bedElevationM.empty()) {
        std::vector<float> level;
        if (p[k.initialLevel] == InitialLevel::Uniform) {
            level.assign(s.grid.cellCount(), static_cast<float>(p[k.initialLevelM]));
        } else if (const std::string& ll = p[k.initialLevelLayer]; ll.empty()) {
            problems.push_back({kId, k.initialLevelLayer.id(), "initial_level layer needs initial_level_layer"});
        } else if (auto it = model.rasters.find(ll); it == model.rasters.end()) {
            problems.push_back({kId, k.initialLevelLayer.id(), "'" + ll + "' is not a raster layer of the model"});
        } else {
            level = resampleTerrain(it->second, s.grid);
        }
        const auto& seeds = p[k.initialLevelSeeds];
        if (!level.empty() && !seeds.empty()) {
            // Fill from the seeds through 4-connected cells whose bed lies below the level; the rest stays dry.
            const Grid& g = s.grid;
            auto wet = [&](std::size_t c) {
                return !std::isnan(level[c]) && !std::isnan(s.bedElevationM[c]) &&
                       (s.blocked.empty() || s.blocked[c] == 0) && s.bedElevationM[c] < level[c];
            };
            std::vector<char> reached(g.cellCount(), 0);
            std::vector<std::size_t> stack;
            for (std::size_t i = 0; i < seeds.size(); ++i) {
                int col = 0, row = 0;
                if (!g.cellOf(seeds[i].x, seeds[i].y, col, row)) {
                    problems.push_back({kId, k.initialLevelSeeds.id(),
                                        "point " + std::to_string(i + 1) + " lies outside the model grid"});
                    continue;
                }
                const std::size_t c = g.index(col, row);
                if (!wet(c)) {
                    problems.push_back({kId, k.initialLevelSeeds.id(),
                                        "point " + std::to_string(i + 1) +
                                            " lies on ground at or above the initial level (or in a building): "
                                            "it fills nothing"});
                    continue;
                }
                if (!reached[c]) {
                    reached[c] = 1;
                    stack.push_back(c);
                }
            }
            while (!stack.empty()) {
                const std::size_t c = stack.back();
                stack.pop_back();
                const int col = static_cast<int>(c % static_cast<std::size_t>(g.nx));
                const int row = static_cast<int>(c / static_cast<std::size_t>(g.nx));
                const int dc[4] = {1, -1, 0, 0}, dr[4] = {0, 0, 1, -1};
                for (int n = 0; n < 4; ++n) {
                    const int cc = col + dc[n], rr = row + dr[n];
                    if (cc < 0 || rr < 0 || cc >= g.nx || rr >= g.ny) continue;
                    const std::size_t nb = g.index(cc, rr);
                    if (!reached[nb] && wet(nb)) {
                        reached[nb] = 1;
                        stack.push_back(nb);
                    }
                }
            }
            for (std::size_t c = 0; c < level.size(); ++c)
                if (!reached[c]) level[c] = NAN;
        }
        if (!level.empty()) s.initialLevelM = std::move(level);
    }

    // Gauges: points, and the points of a layer.
    const auto& gauges = p[k.gaugePoints];
    for (std::size_t i = 0; i < gauges.size(); ++i)
        s.gauges.push_back(Gauge{"gauge " + std::to_string(i + 1), gauges[i]});
    if (const std::string& gl = p[k.gaugeLayer]; !gl.empty()) {
        try {
            for (Gauge& gg : gaugesFromLayer(model, gl, p[k.gaugeNameField]))
                s.gauges.push_back(std::move(gg));
        } catch (const core::Error& e) {
            problems.push_back({kId, k.gaugeLayer.id(), e.detail()});
        }
    }

    // Numerics and outputs.
    SolverOptions& o = s.options;
    o.scheme = p[k.scheme];
    o.friction = p[k.friction];
    o.oscillationCheckIntervalS = p[k.oscillationInterval];
    o.oscillationToleranceM = p[k.oscillationTolerance];
    o.theta = p[k.theta];
    o.cfl = p[k.cfl];
    o.friction2d = p[k.friction2d];
    o.maxDtS = p[k.maxDtS];
    o.minDtS = p[k.minDtS];
    o.depthThresholdM = p[k.depthThreshold];
    o.outputIntervalS = p[k.outputIntervalS];
    o.seriesIntervalS = p[k.seriesIntervalS];
    o.inundationThresholdM = p[k.inundationThreshold];
    o.debrisFactor = p[k.debrisFactor];
    o.noDataPolicy = p[k.noDataPolicy];
    for (const Problem& pr : validate(s))
        problems.push_back({kId, pr.parameter, pr.message});
    return s;
}

core::Raster toRaster(const Grid& g, const std::vector<float>& values, const core::Crs& crs, const char* unit) {
    core::Raster r(g.nx, g.ny, core::GeoTransform{g.originX, g.originY, g.cellSizeM, g.cellSizeM}, crs);
    std::copy(values.begin(), values.end(), r.data().begin());
    r.unit = unit;
    return r;
}

/// A result layer that starts with the source's id (an integer field when every id is one) and attributes.
core::VectorLayer sourceLayer(const core::Crs& crs, const std::vector<std::string>& ids, const core::FieldList& fields) {
    core::VectorLayer l;
    l.crs = crs;
    bool integers = !ids.empty();
    for (const std::string& id : ids) {
        char* end = nullptr;
        (void)std::strtoll(id.c_str(), &end, 10);
        integers = integers && !id.empty() && end && *end == '\0' && id.size() < 19;
    }
    l.fields.ensure("id", integers ? core::FieldType::Integer : core::FieldType::String);
    // Source fields keep their order (so attributes align); a name the result uses is kept as src_<name>.
    static const char* ours[] = {"id", "max_depth_m", "flooded", "class", "name", "length_m", "flooded_length_m"};
    for (core::Field f : fields) {
        for (const char* o : ours)
            if (core::lower(f.name) == o) f.name = "src_" + f.name;
        while (l.fields.indexOf(f.name) >= 0)
            f.name += "_";
        l.fields.push_back(f);
    }
    return l;
}

/// A feature of such a layer: the id and the source attributes in place, the rest NULL (to be filled).
core::VectorFeature sourceFeature(const core::VectorLayer& l, const std::string& id,
                                  const std::vector<core::AttributeValue>& attributes) {
    core::VectorFeature f;
    f.attributes.assign(l.fields.size(), core::AttributeValue{});
    if (l.fields[0].type == core::FieldType::Integer)
        f.attributes[0] = static_cast<std::int64_t>(std::strtoll(id.c_str(), nullptr, 10));
    else
        f.attributes[0] = id;
    for (std::size_t k = 0; k < attributes.size() && k + 1 < l.fields.size(); ++k)
        f.attributes[k + 1] = attributes[k];
    return f;
}

/// Which edges are closed, for the warning about water held against them.
std::vector<std::pair<std::string, bool>> setupEdges(const sdk::ParameterSet& p) {
    const FloodParams& k = P();
    return {{"north", p[k.boundaryNorth] == EdgeCondition::Closed},
            {"south", p[k.boundarySouth] == EdgeCondition::Closed},
            {"east", p[k.boundaryEast] == EdgeCondition::Closed},
            {"west", p[k.boundaryWest] == EdgeCondition::Closed}};
}

struct ClosedEdges {
    std::vector<std::tuple<std::string, double, double>> edges;  // edge, volume at the end [m3], max depth [m]
    double totalVolumeM3 = 0.0;
};

/// Water in the outermost cells of each closed edge: the final volume and the deepest water ever there.
ClosedEdges closedEdgeWater(const Grid& g, const std::vector<float>& finalDepth, const std::vector<float>& maxDepth,
                            const std::vector<std::pair<std::string, bool>>& edges) {
    ClosedEdges out;
    const double area = g.cellSizeM * g.cellSizeM;
    for (const auto& [name, closed] : edges) {
        if (!closed) continue;
        double volume = 0.0, deepest = 0.0;
        const bool row = name == "north" || name == "south";
        const int n = row ? g.nx : g.ny;
        for (int i = 0; i < n; ++i) {
            const int c = row ? i : (name == "west" ? 0 : g.nx - 1);
            const int r = row ? (name == "north" ? 0 : g.ny - 1) : i;
            const std::size_t k = g.index(c, r);
            if (!std::isnan(finalDepth[k])) volume += finalDepth[k] * area;
            if (!std::isnan(maxDepth[k])) deepest = std::max(deepest, static_cast<double>(maxDepth[k]));
        }
        out.edges.emplace_back(name, volume, deepest);
        out.totalVolumeM3 += volume;
    }
    return out;
}

class FloodSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "Urban flood (2D local inertial)";
        d.info.version = "1.1.0";
        d.info.summary =
            "Rain and river or sewer inflow over the terrain and around buildings: depth, speed, hazard and timing, "
            "and which buildings and roads are hit.";
        d.info.references = {
            "Bates, Horritt & Fewtrell (2010), A simple inertial formulation of the shallow water equations for "
            "efficient two-dimensional flood inundation modelling, J. Hydrology 387",
            "de Almeida, Bates, Freer & Souvignet (2012), Improving the stability of a simple formulation of the "
            "shallow water equations for 2-D flood modeling, Water Resources Research 48",
            "Green & Ampt (1911); Chow, Maidment & Mays (1988), Applied Hydrology, 4.3",
            "Ramsbottom, Wade et al. (2006), Flood Risks to People, Defra/EA FD2321/TR1 (hazard rating)"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model, const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> problems;
        Plan plan;
        try {
            makeSetup(model, p, plan, problems);
        } catch (const core::Error& e) {
            problems.push_back({kId, e.context().parameter, e.detail()});
        }
        return problems;
    }

    /// The rain the parameters state, as the run will apply it (storm_adapter.h's planRain on no model): a
    /// design storm from its table and pattern, a cloudburst, a hyetograph or a rain series file. Gridded frames
    /// need the model's layers and the domain's areal reduction its area: the note says so.
    std::vector<sdk::Preview> preview(const sdk::ParameterSet& p) const override {
        RainSpec spec = rainSpec(p);
        sdk::Preview pv;
        pv.title = "Rain";
        if (!core::splitList(spec.frameLayers).empty()) {
            pv.note = "Gridded rain frames: drawn after the run (the hyetograph output), as the domain mean.";
            return {pv};
        }
        std::string pending;
        if (spec.storm.pattern != StormPattern::None && spec.storm.arealReduction == ArealReductionMode::Domain) {
            spec.storm.arealReduction = ArealReductionMode::None;
            pending = " Point rainfall: the areal reduction for the domain's area is applied by the run.";
        }
        const core::CityModel none;
        std::vector<Problem> problems;
        const RainPlan plan = planRain(spec, none, Grid{}, {}, problems);
        if (!problems.empty()) {
            for (const Problem& pr : problems)
                pv.note += (pv.note.empty() ? "" : " ") + pr.parameter + ": " + pr.message;
            return {pv};
        }
        if (plan.chart.empty()) {
            pv.note = "No rain: none is stated (rain_intensity_mm_per_h, rain_hyetograph, rain_series_csv, a design "
                      "storm or rain_frame_layers).";
            return {pv};
        }
        // Blocks drawn as steps: a step hyetograph holds each intensity until the next time.
        const bool steps = plan.rain.hyetograph.interpolation == Interpolation::Step;
        pv.table.columns = {{"time", "s"}, {"intensity", "mm/h"}};
        for (std::size_t i = 0; i < plan.chart.size(); ++i) {
            if (steps && i > 0) pv.table.rows.push_back({plan.chart[i][0], plan.chart[i - 1][1]});
            pv.table.rows.push_back({plan.chart[i][0], plan.chart[i][1]});
        }
        pv.style = sdk::Style::timeSeries("time");
        pv.note = "Total " + core::number(plan.depthMm, 4) + " mm, peak " + core::number(plan.peakMmPerH, 4) + " mm/h.";
        if (plan.designStorm) {
            const DesignStormSpec& st = spec.storm;
            pv.title = "Design storm";
            pv.note += " " + spec.table.station + ", " + core::number(st.returnPeriodYears) + " years, " +
                       core::number(st.durationMin) + " min (" + core::number(plan.pointDepthMm, 4) +
                       " mm), pattern " + P().stormPattern.name(p[P().stormPattern]) + ", " + core::number(st.stepMin) +
                       "-min blocks" +
                       (plan.arealReductionFactor != 1.0
                            ? ", areal reduction " + core::number(plan.arealReductionFactor, 3)
                            : std::string()) +
                       ".";
        }
        pv.note += pending;
        for (const std::string& w : plan.warnings)
            pv.note += " Warning: " + w;
        return {pv};
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        const FloodOutputs& out = O();
        const core::Progress progress = ctx.asProgress();
        progress(0.0, "preparing the grid");
        std::vector<sdk::Problem> problems;
        Plan plan;
        Setup setup;
        try {
            setup = makeSetup(model, p, plan, problems, progress.sub(0.0, 0.02, "preparing the grid"));
        } catch (const core::Error& e) {
            if (e.code() == core::ErrorCode::Cancelled) return sdk::Outcome::Cancelled;
            throw;
        }
        if (!problems.empty()) {
            std::string all;
            for (const sdk::Problem& pr : problems)
                all += (all.empty() ? "" : "; ") + pr.parameter + ": " + pr.message;
            throw core::Error(core::ErrorCode::Validation, all, core::Error::Context{{}, {}, problems.front().parameter});
        }
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        setup.options.threads = std::max(1, ctx.threads());
        for (const std::string& n : plan.rain.notes)
            ctx.log(sdk::LogLevel::Info, n);
        for (const std::string& n : plan.drainage.notes)
            ctx.log(sdk::LogLevel::Info, n);
        for (const std::string& w : plan.rain.warnings)
            ctx.log(sdk::LogLevel::Warning, w);
        const Grid grid = setup.grid;
        ctx.log(sdk::LogLevel::Info, "grid " + std::to_string(grid.nx) + " x " + std::to_string(grid.ny) + " at " +
                                         core::number(grid.cellSizeM) + " m, " + std::to_string(setup.inflows.size()) +
                                         " inflows, " + std::to_string(setup.gauges.size()) + " gauges");

        // Frames go to the host as the solver makes them (nothing held: a 30-hour run once kept 2.4 GB).
        bool framesOk = true;
        setup.options.onFrame = [&](const Frame& fr) {
            framesOk = framesOk && ctx.output(out.depth, fr.timeS, toRaster(grid, fr.depthM, model.crs, "m")) &&
                       ctx.output(out.speed, fr.timeS, toRaster(grid, fr.speedMPerS, model.crs, "m/s"));
        };
        Solver solver(std::move(setup));
        const core::Progress solving = progress.sub(0.02, 0.9, "routing water");
        const Results r = solver.run([&](double f, const std::string& stage) { solving(f, stage); },
                                     [&] { return ctx.isCancelled(); });
        if (r.status == RunStatus::Cancelled) return sdk::Outcome::Cancelled;
        if (!framesOk) return sdk::Outcome::Completed;  // the host could not take a frame: it reports the failure
        for (const std::string& w : r.warnings)
            ctx.log(sdk::LogLevel::Warning, w);
        if (r.statistics.oscillationDetections > 0 && p[P().onOscillation] == OnOscillation::Fail)
            throw core::Error(core::ErrorCode::Simulation,
                              "the run oscillated at grid scale, so its depths are physically impossible there: " +
                                  (r.warnings.empty() ? std::string() : r.warnings.front()) +
                                  " (lower cfl or theta, or use scheme fv1; on_oscillation = warn keeps such results)");

        const core::Progress writing = progress.sub(0.9, 1.0, "handing over results");
        writing(0.0);
        const core::Crs& crs = model.crs;
        const struct {
            const sdk::RasterOutput* output;
            const std::vector<float>* values;
            const char* unit;
        } rasters[] = {{&out.maxDepth, &r.maxDepthM, "m"},
                       {&out.maxLevel, &r.maxLevelM, "m"},
                       {&out.maxSpeed, &r.maxSpeedMPerS, "m/s"},
                       {&out.maxHazard, &r.maxHazardRating, "m2/s"},
                       {&out.timeOfInundation, &r.timeOfInundationS, "s"},
                       {&out.durationInundated, &r.durationAboveThresholdS, "s"},
                       {&out.finalDepth, &r.finalDepthM, "m"}};
        for (const auto& o : rasters)
            if (!ctx.output(*o.output, toRaster(grid, *o.values, crs, o.unit))) return sdk::Outcome::Completed;
        {
            std::vector<float> classes(r.hazardClass.size());
            for (std::size_t i = 0; i < classes.size(); ++i)
                classes[i] = std::isnan(r.maxDepthM[i]) ? NAN : static_cast<float>(r.hazardClass[i]);
            if (!ctx.output(out.hazardClass, toRaster(grid, classes, crs, ""))) return sdk::Outcome::Completed;
        }

        // Flood extent polygons at the chosen depths.
        if (!plan.extentThresholdsM.empty()) {
            core::VectorLayer ext;
            ext.name = "extent";
            ext.crs = crs;
            const int eThreshold = ext.fields.ensure("threshold_m", core::FieldType::Real);
            const int eArea = ext.fields.ensure("area_m2", core::FieldType::Real);
            for (ExtentPolygons& e : floodExtents(grid, r.maxDepthM, plan.extentThresholdsM)) {
                if (e.area.empty()) continue;
                core::VectorFeature f;
                f.kind = core::GeometryKind::Polygon;
                f.polygons = std::move(e.area);
                f.attributes.resize(ext.fields.size());
                f.attributes[static_cast<std::size_t>(eThreshold)] = e.thresholdM;
                f.attributes[static_cast<std::size_t>(eArea)] = e.areaM2;
                ext.features.push_back(std::move(f));
            }
            if (!ext.features.empty() && !ctx.output(out.extent, ext)) return sdk::Outcome::Completed;
        }

        // The modelled extent against an observed one.
        if (const std::string& ol = p[P().observedLayer]; !ol.empty()) {
            const core::VectorLayer& obs = model.vectors.at(ol);
            const ObservedComparison cmp = compareWithObserved(grid, r.maxDepthM, p[P().observedWetThreshold], obs,
                                                               p[P().observedDepthField]);
            std::vector<float> classes(cmp.classes.size());
            for (std::size_t i = 0; i < classes.size(); ++i)
                classes[i] = std::isnan(r.maxDepthM[i]) ? NAN : static_cast<float>(cmp.classes[i]);
            if (!ctx.output(out.observedComparison, toRaster(grid, classes, crs, "")))
                return sdk::Outcome::Completed;
            core::VectorLayer ov;
            ov.name = "observed";
            ov.crs = crs;
            const int oId = ov.fields.ensure("id", core::FieldType::String);
            const int oName = ov.fields.ensure("name", core::FieldType::String);
            const int oObs = ov.fields.ensure("observed_depth_m", core::FieldType::Real);
            const int oMax = ov.fields.ensure("model_max_depth_m", core::FieldType::Real);
            const int oErr = ov.fields.ensure("depth_error_m", core::FieldType::Real);
            const int oWet = ov.fields.ensure("wet_share", core::FieldType::Real);
            const int oCells = ov.fields.ensure("cells", core::FieldType::Integer);
            for (const ObservedFeature& of : cmp.features) {
                core::VectorFeature f;
                f.fid = of.fid;
                f.kind = core::GeometryKind::Polygon;
                f.polygons = obs.features[of.index].polygons;
                f.attributes.resize(ov.fields.size());
                f.attributes[static_cast<std::size_t>(oId)] = of.id;
                f.attributes[static_cast<std::size_t>(oName)] = of.name;
                if (!std::isnan(of.observedDepthM)) {
                    f.attributes[static_cast<std::size_t>(oObs)] = of.observedDepthM;
                    f.attributes[static_cast<std::size_t>(oErr)] = of.modelMaxDepthM - of.observedDepthM;
                }
                f.attributes[static_cast<std::size_t>(oMax)] = of.modelMaxDepthM;
                f.attributes[static_cast<std::size_t>(oWet)] = of.wetShare;
                f.attributes[static_cast<std::size_t>(oCells)] = static_cast<std::int64_t>(of.cells);
                ov.features.push_back(std::move(f));
            }
            if (!ov.features.empty() && !ctx.output(out.observedFeatures, ov)) return sdk::Outcome::Completed;
            ctx.output(out.hitRate, cmp.hitRate);
            ctx.output(out.falseAlarmRatio, cmp.falseAlarmRatio);
            ctx.output(out.criticalSuccess, cmp.criticalSuccessIndex);
            if (cmp.depthPairs) {
                ctx.output(out.depthRmse, cmp.depthRmseM);
                ctx.output(out.depthBias, cmp.depthBiasM);
            }
            ctx.log(sdk::LogLevel::Info,
                    "observed flood '" + ol + "': " + std::to_string(cmp.featuresObserved) + " places compared (" +
                        std::to_string(cmp.featuresOutside) + " outside the model), hits " +
                        std::to_string(cmp.hits) + ", false alarms " + std::to_string(cmp.falseAlarms) +
                        ", misses " + std::to_string(cmp.misses) + " cells; CSI " +
                        core::number(cmp.criticalSuccessIndex, 3) +
                        (cmp.depthPairs ? ", depth RMSE " + core::number(cmp.depthRmseM, 3) + " m over " +
                                              std::to_string(cmp.depthPairs) + " places"
                                        : std::string()));
        }

        // Buildings and roads hit, carrying the source's attributes (ids as integers when they are, names,
        // addresses) so the layer joins back to the data it came from.
        const std::vector<BuildingImpact> hits =
            buildingImpacts(model, grid, r.maxDepthM, plan.grid.buildingMode, plan.buildingThresholdM);
        std::vector<std::string> ids;
        for (const core::Building& bld : model.buildings)
            ids.push_back(bld.id);
        core::VectorLayer b = sourceLayer(crs, ids, model.buildingFields);
        const int bDepth = b.fields.ensure("max_depth_m", core::FieldType::Real);
        const int bFlooded = b.fields.ensure("flooded", core::FieldType::Integer);
        std::size_t flooded = 0;
        for (const BuildingImpact& h : hits) {
            core::VectorFeature f = sourceFeature(b, ids[h.building], model.buildings[h.building].attributes);
            f.kind = core::GeometryKind::Polygon;
            f.polygons = model.buildings[h.building].footprint;
            f.attributes[static_cast<std::size_t>(bDepth)] = h.cellsSampled > 0 ? h.maxDepthM : NAN;
            f.attributes[static_cast<std::size_t>(bFlooded)] = static_cast<std::int64_t>(h.flooded ? 1 : 0);
            flooded += h.flooded ? 1 : 0;
            b.features.push_back(std::move(f));
        }
        if (!ctx.output(out.buildings, b)) return sdk::Outcome::Completed;
        const RoadImpacts roads = roadImpacts(model, grid, r.maxDepthM, plan.roadThresholdM);
        std::vector<std::string> roadIds;
        for (const core::Road& road : model.roads)
            roadIds.push_back(road.id);
        core::VectorLayer rl = sourceLayer(crs, roadIds, model.roadFields);
        const int rClass = rl.fields.ensure("class", core::FieldType::String);
        const int rName = rl.fields.ensure("name", core::FieldType::String);
        const int rLength = rl.fields.ensure("length_m", core::FieldType::Real);
        const int rFlooded = rl.fields.ensure("flooded_length_m", core::FieldType::Real);
        const int rDepth = rl.fields.ensure("max_depth_m", core::FieldType::Real);
        for (const RoadImpact& h : roads.roads) {
            const core::Road& road = model.roads[h.road];
            core::VectorFeature f = sourceFeature(rl, roadIds[h.road], road.attributes);
            f.kind = core::GeometryKind::Line;
            f.lines = {road.line};
            f.attributes[static_cast<std::size_t>(rClass)] = road.roadClass;
            f.attributes[static_cast<std::size_t>(rName)] = road.name;
            f.attributes[static_cast<std::size_t>(rLength)] = h.lengthM;
            f.attributes[static_cast<std::size_t>(rFlooded)] = h.floodedLengthM;
            f.attributes[static_cast<std::size_t>(rDepth)] = h.maxDepthM;
            rl.features.push_back(std::move(f));
        }
        if (!rl.features.empty() && !ctx.output(out.roads, rl)) return sdk::Outcome::Completed;

        // Water held against closed edges: ponds that a model boundary made, not the terrain. Warned about by edge
        // and reported, so that a lake along the border is never taken for a flood.
        const ClosedEdges held = closedEdgeWater(grid, r.finalDepthM, r.maxDepthM, setupEdges(p));
        for (const auto& [edge, volume, depth] : held.edges)
            if (depth > plan.inundationThresholdM)
                ctx.log(sdk::LogLevel::Warning,
                        "water is held against the closed " + edge + " edge: " + core::number(volume, 4) +
                            " m3 in the edge cells at the end, up to " + core::number(depth, 3) +
                            " m deep; if the terrain goes on beyond the model, make boundary_" + edge +
                            " free_outflow");

        // Tables.
        sdk::Table g;
        g.columns = {{"gauge", ""}, {"x", "m"}, {"y", "m"}, {"time", "s"}, {"depth", "m"}, {"level", "m"}, {"speed", "m/s"}};
        for (const GaugeSeries& gs : r.gauges)
            for (std::size_t i = 0; i < gs.timesS.size(); ++i)
                g.rows.push_back({gs.name, gs.position.x, gs.position.y, gs.timesS[i], static_cast<double>(gs.depthM[i]),
                                  static_cast<double>(gs.levelM[i]), static_cast<double>(gs.speedMPerS[i])});
        if (!ctx.output(out.gauges, g)) return sdk::Outcome::Completed;
        sdk::Table mb;
        mb.columns = {{"time", "s"},     {"rain", "m3"},     {"inflow", "m3"}, {"boundary_inflow", "m3"},
                      {"boundary_outflow", "m3"}, {"losses", "m3"}, {"drainage", "m3"}, {"initial", "m3"},
                      {"stored", "m3"},  {"error", "m3"},   {"relative_error", ""}};
        for (const MassBalanceRecord& m : r.massBalance)
            mb.rows.push_back({m.timeS, m.rainM3, m.inflowM3, m.boundaryInflowM3, m.boundaryOutflowM3, m.lossesM3,
                               m.drainageM3, m.initialM3, m.storedM3, m.errorM3, m.relativeError});
        if (!ctx.output(out.massBalance, mb)) return sdk::Outcome::Completed;
        // The rain as charted, and the design storm's and the design drainage's figures (storm_adapter.h).
        if (!plan.rain.chart.empty()) {
            sdk::Table h;
            h.columns = {{"time", "s"}, {"intensity", "mm/h"}, {"cumulative", "mm"}};
            for (const std::vector<double>& row : plan.rain.chart)
                h.rows.push_back({row[0], row[1], row[2]});
            if (!ctx.output(out.hyetograph, h)) return sdk::Outcome::Completed;
        }
        ctx.output(out.rainDepth, plan.rain.depthMm);
        ctx.output(out.rainPeak, plan.rain.peakMmPerH);
        if (plan.rain.designStorm) ctx.output(out.arealReductionFactor, plan.rain.arealReductionFactor);
        if (!plan.drainage.capacityGrid.empty() &&
            !ctx.output(out.drainageCapacity, toRaster(grid, plan.drainage.capacityGrid, crs, "mm/h")))
            return sdk::Outcome::Completed;

        // Scalars.
        double area = 0.0, peak = 0.0;
        const double cellArea = grid.cellSizeM * grid.cellSizeM;
        for (std::size_t i = 0; i < r.maxDepthM.size(); ++i) {
            const float dpt = r.maxDepthM[i];
            if (std::isnan(dpt)) continue;
            peak = std::max(peak, static_cast<double>(dpt));
            if (dpt > plan.inundationThresholdM) area += cellArea;
        }
        const MassBalanceRecord last = r.massBalance.empty() ? MassBalanceRecord{} : r.massBalance.back();
        ctx.output(out.floodedArea, area);
        ctx.output(out.floodedBuildings, static_cast<double>(flooded));
        if (!model.roads.empty()) ctx.output(out.floodedRoadLength, roads.floodedLengthM);
        ctx.output(out.peakDepth, peak);
        ctx.output(out.rainVolume, last.rainM3);
        ctx.output(out.inflowVolume, last.inflowM3 + last.boundaryInflowM3);
        ctx.output(out.outflowVolume, last.boundaryOutflowM3);
        ctx.output(out.massBalanceError, last.relativeError);
        ctx.output(out.closedEdgeVolume, held.totalVolumeM3);
        const RunStatistics& st = r.statistics;
        for (const auto& [name, value] : {std::pair<const char*, double>{"steps", static_cast<double>(st.steps)},
                                          {"simulated_s", st.simulatedS},
                                          {"min_dt_s", st.minDtS},
                                          {"max_dt_s", st.maxDtS},
                                          {"mean_dt_s", st.steps > 0 ? st.simulatedS / static_cast<double>(st.steps) : 0.0},
                                          {"positivity_corrections", static_cast<double>(st.positivityCorrections)},
                                          {"wet_cell_updates", st.wetCellUpdates},
                                          {"wall_time_s", st.wallTimeS},
                                          {"cell_updates_per_second", st.cellUpdatesPerSecond},
                                          {"threads", static_cast<double>(st.threads)},
                                          {"oscillation_checks", static_cast<double>(st.oscillationChecks)},
                                          {"oscillation_detections", static_cast<double>(st.oscillationDetections)},
                                          {"max_froude", st.maxFroude},
                                          {"frames", static_cast<double>(st.framesProduced)}})
            ctx.statistic(name, value);
        ctx.log(sdk::LogLevel::Info, std::to_string(st.steps) + " steps of " + core::number(st.minDtS, 3) + " to " +
                                         core::number(st.maxDtS, 3) + " s, " +
                                         std::to_string(st.positivityCorrections) + " positivity corrections, " +
                                         core::number(st.cellUpdatesPerSecond / 1e6, 3) + " M wet-cell updates/s");
        if (last.relativeError > 1e-6)
            ctx.log(sdk::LogLevel::Warning,
                    "the water budget does not close: relative error " + core::number(last.relativeError));
        progress(1.0, "done");
        return sdk::Outcome::Completed;
    }
};

}  // namespace
}  // namespace citytwin::flood

CITYTWIN_PLUGIN(citytwin::flood::FloodSimulator)

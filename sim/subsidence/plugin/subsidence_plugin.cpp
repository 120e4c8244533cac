// The subsidence simulator plug-in: the SDK face of the subsidence engine and its city-model adapter.
// Parameters and outputs are documented in sim/subsidence/README.md (the tables there are generated from
// describe() and a test keeps them in sync); the attributes of the source layers are listed there too.

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "citytwin/sdk/sdk.h"
#include "citytwin/subsidence/engine.h"
#include "citytwin/subsidence/limits.h"
#include "citytwin/subsidence/observations.h"
#include "model_adapter.h"

namespace citytwin::subsidence {
namespace {

constexpr const char* kId = "subsidence";
constexpr double kSecondsPerDay = 86400.0;
/// The most settlement frames one run writes (each is a raster of the whole grid).
constexpr double kMaxFrames = 500.0;
/// The most frame values (cells x frames) a run may hold: the engine keeps its frames until the end, 4 bytes
/// each, so 1e9 is 4 GB.
constexpr double kMaxFrameValues = 1.0e9;

enum class Unit { Millimetre, Centimetre, Metre };
enum class Side { Toward, Away };

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h. Parameters named like a layer attribute are its default.
struct SubsidenceParams {
    sdk::ParamList list;

    // ---- Grid and time
    sdk::RealParam cellSize =
        list.group("Grid and time")
            .real("cell_size_m")
            .label("Cell size")
            .help(
                "Side of the settlement grid's cells. Use a few metres: buildings on cells "
                "coarser than about half their size get poor differential settlement.")
            .unit("m")
            .range(limits::cellSizeM)
            .byDefault(5.0);
    sdk::ChoiceParam<GridExtent> gridExtent =
        list.choice<GridExtent>(
                "grid_extent", {{GridExtent::Model, "model",
                                 "The terrain's extent, or the model's when there is no terrain."},
                                {GridExtent::Sources, "sources",
                                 "Around the sources, observations and profiles, widened by grid_margin_m."}})
            .label("Grid covers")
            .help("What the settlement grid covers.");
    sdk::RealParam gridMargin = list.real("grid_margin_m")
                                    .label("Margin around the sources")
                                    .help("With grid_extent = sources: how far the grid reaches beyond them.")
                                    .unit("m")
                                    .range({0.0, 100000.0})
                                    .byDefault(300.0)
                                    .advanced();
    sdk::RealParam endDay = list.real("end_day")
                                .label("End")
                                .help("Days from the origin to the end of the run.")
                                .unit("day")
                                .range(limits::endDay)
                                .byDefault(365.0);
    sdk::RealParam frameInterval =
        list.real("frame_interval_days")
            .label("Frame interval")
            .help("A settlement map every this many days (and always at the end); 0 = only at the end.")
            .unit("day")
            .range(limits::durationDays)
            .byDefault(30.0);
    sdk::TextParam originDate = list.text("origin_date")
                                    .label("Date of day 0")
                                    .help(
                                        "Calendar date of day 0 (YYYY-MM-DD), to read dates in layers, "
                                        "levelling files and InSAR dates.");

    // ---- Tunnels
    sdk::LayerParam tunnelLayer =
        list.group("Tunnels")
            .layer("tunnel_layer")
            .label("Tunnel layer")
            .help(
                "Lines along tunnel axes, in drive order. Attributes (README): axis_depth_m, diameter_m, "
                "volume_loss_percent, trough_width_factor, soil_type, method, start_day, "
                "advance_rate_m_per_day.")
            .layerKind("vector");
    sdk::RealParam tunnelDepth =
        list.real("axis_depth_m")
            .label("Axis depth")
            .help("Depth of a tunnel's axis below ground, where the feature has none.")
            .unit("m")
            .range(limits::axisDepthM)
            .byDefault(20.0);
    sdk::RealParam tunnelDiameter = list.real("diameter_m")
                                        .label("Diameter")
                                        .help("Excavated diameter of a tunnel, where the feature has none.")
                                        .unit("m")
                                        .range(limits::diameterM)
                                        .byDefault(6.0);
    sdk::RealParam volumeLoss =
        list.real("volume_loss_percent")
            .label("Volume loss")
            .help(
                "Ground lost at the face as a share of the excavated area (1 % is typical of a closed-face "
                "TBM in clay; 0.5 % in good conditions; several % where the face is lost).")
            .unit("%")
            .range(limits::volumeLossPercent)
            .byDefault(1.0);
    sdk::TextParam soilType = list.text("soil_type")
                                  .label("Soil over tunnels")
                                  .help(
                                      "Row of tunnel_trough_width.csv giving the trough width: cohesive or "
                                      "granular (or a row you added).")
                                  .byDefault("cohesive");
    sdk::ChoiceParam<TroughWidthMethod> troughMethod =
        list.choice<TroughWidthMethod>("method", {{TroughWidthMethod::Factor, "factor",
                                                   "i = K z0 with the soil's K (O'Reilly & New 1982)."},
                                                  {TroughWidthMethod::Regression, "regression",
                                                   "i = a z0 + b, O'Reilly & New's (1982) regression."}})
            .label("Trough width from")
            .help("How the trough width i follows from the soil when no K is given.");
    sdk::RealParam troughFactor =
        list.real("trough_width_factor")
            .label("Trough width factor K")
            .help("K of i = K z0 for every tunnel without its own; 0 = from the soil.")
            .range({0.0, *limits::troughWidthFactor.max})
            .byDefault(0.0)
            .advanced();
    sdk::RealParam tunnelStart = list.real("tunnel_start_day")
                                     .label("Drive start")
                                     .help("Day a drive starts, where the feature has no start_day.")
                                     .unit("day")
                                     .range(limits::day)
                                     .byDefault(0.0)
                                     .advanced();
    sdk::RealParam advanceRate =
        list.real("advance_rate_m_per_day")
            .label("Advance rate")
            .help("Advance of a drive, so the trough grows along it; 0 = the whole tunnel at once.")
            .unit("m/day")
            .range({0.0, *limits::advanceRateMPerDay.max})
            .byDefault(0.0);

    // ---- Excavations
    sdk::LayerParam excavationLayer =
        list.group("Excavations")
            .layer("excavation_layer")
            .label("Excavation layer")
            .help(
                "Polygons of deep excavations. Attributes (README): depth_m, wall_type, envelope, "
                "max_settlement_ratio, start_day, construction_days, drawdown_inside_m, leakage_factor, "
                "radius_of_influence_m, hydraulic_conductivity_m_per_s, aquifer, clay_thickness_m, ...")
            .layerKind("vector");
    sdk::RealParam excavationDepth = list.real("depth_m")
                                         .label("Excavation depth")
                                         .help("Depth of an excavation, where the feature has none.")
                                         .unit("m")
                                         .range(limits::excavationDepthM)
                                         .byDefault(15.0);
    sdk::TextParam wallType = list.text("wall_type")
                                  .label("Retaining wall")
                                  .help(
                                      "Row of wall_types.csv: soldier_pile, sheet_pile, cip_grouted, "
                                      "secant_pile, diaphragm. Gives the "
                                      "share of the inside drawdown felt outside.")
                                  .byDefault("diaphragm");
    sdk::TextParam envelope =
        list.text("envelope")
            .label("Settlement envelope")
            .help(
                "Row of excavation_envelopes.csv: clough_orourke_sand, clough_orourke_stiff_clay, "
                "clough_orourke_soft_clay, peck_zone_1, peck_zone_2, peck_zone_3.")
            .byDefault("clough_orourke_stiff_clay");
    sdk::RealParam settlementRatio = list.real("max_settlement_ratio")
                                         .label("Peak settlement / depth")
                                         .help(
                                             "Settlement next to the wall as a share of the depth; 0 = the "
                                             "envelope's (0.3 % for sands and "
                                             "stiff clays).")
                                         .range({0.0, *limits::maxSettlementRatio.max})
                                         .byDefault(0.0)
                                         .advanced();
    sdk::RealParam excavationStart = list.real("excavation_start_day")
                                         .label("Excavation start")
                                         .help("Day digging starts, where the feature has no start_day.")
                                         .unit("day")
                                         .range(limits::day)
                                         .byDefault(0.0)
                                         .advanced();
    sdk::RealParam constructionDays =
        list.real("construction_days")
            .label("Construction time")
            .help("Wall settlement grows linearly to full over this time from the start.")
            .unit("day")
            .range(limits::durationDays)
            .byDefault(180.0);
    sdk::RealParam drawdownInside = list.real("drawdown_inside_m")
                                        .label("Drawdown inside")
                                        .help("Groundwater lowering inside a pit; 0 = not dewatered.")
                                        .unit("m")
                                        .range(limits::drawdownInsideM)
                                        .byDefault(0.0);
    sdk::RealParam radiusOfInfluence =
        list.real("radius_of_influence_m")
            .label("Radius of influence")
            .help("How far from the wall the drawdown reaches; 0 = Sichardt's 3000 s sqrt(k).")
            .unit("m")
            .range({0.0, *limits::radiusOfInfluenceM.max})
            .byDefault(0.0)
            .advanced();
    sdk::RealParam conductivity = list.real("hydraulic_conductivity_m_per_s")
                                      .label("Hydraulic conductivity")
                                      .help("Of the aquifer, for Sichardt's radius (1e-5 m/s: fine sand).")
                                      .unit("m/s")
                                      .range(limits::conductivityMPerS)
                                      .byDefault(1.0e-5)
                                      .advanced();
    sdk::ChoiceParam<AquiferType> aquifer =
        list.choice<AquiferType>("aquifer",
                                 {{AquiferType::Confined, "confined", "Thiem: drawdown linear in ln r."},
                                  {AquiferType::Unconfined, "unconfined",
                                   "Dupuit-Thiem: squared saturated thickness linear in ln r."}})
            .label("Aquifer")
            .help("Shape of the drawdown cone outside the wall.")
            .advanced();
    sdk::RealParam saturatedThickness = list.real("saturated_thickness_m")
                                            .label("Saturated thickness")
                                            .help("Of an unconfined aquifer before pumping.")
                                            .unit("m")
                                            .range(limits::saturatedThicknessM)
                                            .byDefault(30.0)
                                            .advanced();

    // ---- Compressible layer
    sdk::RealParam clayThickness =
        list.group("Compressible layer")
            .real("clay_thickness_m")
            .label("Clay thickness")
            .help(
                "A compressible layer that consolidates under the drawdown outside dewatered pits (where the "
                "feature has no clay_thickness_m) and under a drawdown raster; 0 = none.")
            .unit("m")
            .range({0.0, *limits::layerThicknessM.max})
            .byDefault(0.0);
    sdk::RealParam clayMv = list.real("mv_per_kpa")
                                .label("Clay m_v")
                                .help("Coefficient of volume compressibility of that layer.")
                                .unit("1/kPa")
                                .range(limits::mvPerKPa)
                                .byDefault(1.0e-4);
    sdk::RealParam clayCv = list.real("cv_m2_per_day")
                                .label("Clay c_v")
                                .help("Coefficient of consolidation of that layer.")
                                .unit("m2/day")
                                .range(limits::cvM2PerDay)
                                .byDefault(0.1);
    sdk::ChoiceParam<Drainage> clayDrainage =
        list.choice<Drainage>("drainage",
                              {{Drainage::Double, "double", "Drained at top and bottom: path H/2."},
                               {Drainage::Single, "single", "Drained at one face: path H."}})
            .label("Clay drainage")
            .help("Drainage of that layer.");
    sdk::LayerParam drawdownLayer = list.layer("drawdown_layer")
                                        .label("Drawdown raster")
                                        .help(
                                            "Groundwater head decline [m] over the area (from a groundwater "
                                            "model or monitoring), applied "
                                            "to the compressible layer at drawdown_start_day.")
                                        .layerKind("raster")
                                        .advanced();
    sdk::RealParam drawdownStart = list.real("drawdown_start_day")
                                       .label("Drawdown start")
                                       .help("Day the drawdown raster's decline happens.")
                                       .unit("day")
                                       .range(limits::day)
                                       .byDefault(0.0)
                                       .advanced();

    // ---- Soft ground
    sdk::LayerParam softLayer =
        list.group("Soft ground")
            .layer("soft_ground_layer")
            .label("Soft ground")
            .help(
                "Polygons of soft ground (attributes thickness_m, mv_per_kpa or cc/e0, cv_m2_per_day, "
                "load_kpa, "
                "drawdown_m, drain_spacing_m, ...) or a raster of its thickness [m].");
    sdk::RealParam softThickness = list.real("soft_thickness_m")
                                       .label("Thickness")
                                       .help("Of soft ground where the feature has no thickness_m.")
                                       .unit("m")
                                       .range(limits::layerThicknessM)
                                       .byDefault(5.0)
                                       .advanced();
    sdk::RealParam softMv = list.real("soft_mv_per_kpa")
                                .label("m_v")
                                .help("Of soft ground without its own.")
                                .unit("1/kPa")
                                .range(limits::mvPerKPa)
                                .byDefault(3.0e-4)
                                .advanced();
    sdk::RealParam softCv = list.real("soft_cv_m2_per_day")
                                .label("c_v")
                                .help("Of soft ground without its own.")
                                .unit("m2/day")
                                .range(limits::cvM2PerDay)
                                .byDefault(0.05)
                                .advanced();
    sdk::RealParam softLoad = list.real("load_kpa")
                                  .label("Fill load")
                                  .help("Surcharge on soft ground without its own load_kpa.")
                                  .unit("kPa")
                                  .range(limits::loadKPa)
                                  .byDefault(0.0);
    sdk::RealParam softDrawdown = list.real("drawdown_m")
                                      .label("Drawdown in soft ground")
                                      .help("Groundwater lowering in soft ground without its own drawdown_m.")
                                      .unit("m")
                                      .range(limits::drawdownM)
                                      .byDefault(0.0)
                                      .advanced();
    sdk::RealParam softStart =
        list.real("soft_start_day")
            .label("Load day")
            .help("Day the load or drawdown is applied, where the feature has no start_day.")
            .unit("day")
            .range(limits::day)
            .byDefault(0.0)
            .advanced();
    sdk::RealParam drainSpacing =
        list.real("drain_spacing_m")
            .label("Drain spacing")
            .help("Vertical drains in soft ground without its own drain_spacing_m; 0 = none.")
            .unit("m")
            .range({0.0, *limits::drainSpacingM.max})
            .byDefault(0.0)
            .advanced();
    sdk::ChoiceParam<DrainPattern> drainPattern =
        list.choice<DrainPattern>("drain_pattern",
                                  {{DrainPattern::Triangular, "triangular", "Drains on a triangular grid."},
                                   {DrainPattern::Square, "square", "Drains on a square grid."}})
            .label("Drain pattern")
            .help("How the vertical drains are laid out.")
            .advanced();

    // ---- Reservoirs
    sdk::LayerParam reservoirLayer = list.group("Reservoirs")
                                         .layer("reservoir_layer")
                                         .label("Reservoir layer")
                                         .help(
                                             "Points at the centres of producing reservoirs (Geertsma's "
                                             "disc). Attributes: depth_m, radius_m, "
                                             "thickness_m, pressure_drop_mpa, young_modulus_mpa (all "
                                             "needed), poisson_ratio, biot_coefficient, "
                                             "start_day, ramp_days.")
                                         .layerKind("vector")
                                         .advanced();
    sdk::RealParam poisson = list.real("poisson_ratio")
                                 .label("Poisson's ratio")
                                 .help("Of reservoirs without their own.")
                                 .range(limits::poissonRatio)
                                 .byDefault(0.25)
                                 .advanced();
    sdk::RealParam biot = list.real("biot_coefficient")
                              .label("Biot coefficient")
                              .help("Of reservoirs without their own.")
                              .range(limits::biotCoefficient)
                              .byDefault(1.0)
                              .advanced();
    sdk::RealParam rampDays = list.real("ramp_days")
                                  .label("Depletion time")
                                  .help("Pressure falls linearly to its drop over this time.")
                                  .unit("day")
                                  .range(limits::durationDays)
                                  .byDefault(0.0)
                                  .advanced();

    // ---- Observations
    sdk::LayerParam levellingLayer =
        list.group("Observations")
            .layer("levelling_layer")
            .label("Levelling points")
            .help(
                "Points with settlement_mm (or displacement_mm, up +) and t_days or date (and optionally "
                "reference_t_days or reference_date).")
            .layerKind("vector");
    sdk::FileParam levellingCsv = list.file("levelling_csv")
                                      .label("Levelling file")
                                      .help(
                                          "A CSV of levelling points: id, x, y, t_days or date, "
                                          "settlement_mm or displacement_mm (path as "
                                          "written, or beside the scenario's data).");
    sdk::TextParam insarLayers =
        list.text("insar_layers")
            .label("InSAR rasters")
            .help(
                "Comma-separated raster layers of line-of-sight displacement, one per date, in date order.");
    sdk::TextParam insarDates = list.text("insar_dates")
                                    .label("InSAR dates")
                                    .help("Comma-separated date (YYYY-MM-DD) or day of each InSAR raster.");
    sdk::TextParam insarReference =
        list.text("insar_reference_date")
            .label("InSAR reference")
            .help(
                "Date or day of the zero of cumulative rasters, the start of velocity ones; empty = day 0.");
    sdk::ChoiceParam<InsarKind> insarKind =
        list.choice<InsarKind>(
                "insar_kind",
                {{InsarKind::Cumulative, "cumulative", "Displacement since the reference date."},
                 {InsarKind::Velocity, "velocity", "Mean rate per year since the reference date."}})
            .label("InSAR values")
            .help("What the InSAR rasters hold.");
    sdk::ChoiceParam<Unit> insarUnit =
        list.choice<Unit>("insar_unit", {{Unit::Millimetre, "mm", "Millimetres."},
                                         {Unit::Centimetre, "cm", "Centimetres."},
                                         {Unit::Metre, "m", "Metres."}})
            .label("InSAR unit")
            .help("Unit of the InSAR values (per year for velocity).");
    sdk::ChoiceParam<Side> insarSign =
        list.choice<Side>("insar_sign",
                          {{Side::Toward, "toward_satellite", "Positive toward the satellite (uplift +)."},
                           {Side::Away, "away_from_satellite", "Positive away from it (subsidence +)."}})
            .label("InSAR sign")
            .help("Sign convention of the line-of-sight values.");
    sdk::RealParam insarIncidence = list.real("insar_incidence_deg")
                                        .label("Incidence angle")
                                        .help("Of the InSAR line of sight; 0 = from insar_incidence_layer.")
                                        .unit("deg")
                                        .range({0.0, *limits::incidenceDeg.max})
                                        .byDefault(0.0);
    sdk::LayerParam insarIncidenceLayer =
        list.layer("insar_incidence_layer")
            .label("Incidence raster")
            .help("Incidence angle [deg] of each pixel of the InSAR rasters.")
            .layerKind("raster")
            .advanced();

    // ---- Results
    sdk::TextParam contourLevels = list.group("Results")
                                       .text("contour_levels_mm")
                                       .label("Contour levels")
                                       .help("Comma-separated settlement contours.")
                                       .unit("mm")
                                       .byDefault("5, 10, 25, 50");
    sdk::PointsParam seriesPoints = list.points("series_points")
                                        .label("Time-series points")
                                        .help("Points whose settlement is followed over time.");
    sdk::IntParam seriesSteps =
        list.integer("series_steps")
            .label("Time-series steps")
            .help("The settlement-versus-time table has this many equal steps to the end.")
            .range({1.0, 1000.0})
            .byDefault(50)
            .advanced();
    sdk::IntParam worstBuildings = list.integer("worst_buildings")
                                       .label("Worst buildings followed")
                                       .help("The time table also follows this many of the worst buildings.")
                                       .range(limits::worstBuildings)
                                       .byDefault(10);
    sdk::LayerParam profileLayer = list.layer("profile_layer")
                                       .label("Cross-section lines")
                                       .help("Lines along which settlement and strain are tabulated.")
                                       .layerKind("vector");
    sdk::BoolParam tunnelSections =
        list.boolean("tunnel_cross_sections")
            .label("Sections across tunnels")
            .help("Also a cross-section across the middle of each tunnel (6 i each side).")
            .byDefault(true);
    sdk::RealParam profileSpacing = list.real("profile_spacing_m")
                                        .label("Profile spacing")
                                        .help("Sample spacing along cross-sections; 0 = half a cell.")
                                        .unit("m")
                                        .range({0.0, *limits::profileSpacingM.max})
                                        .byDefault(0.0)
                                        .advanced();
    sdk::TextParam tablesFolder =
        list.text("tables_folder")
            .label("Tables folder")
            .help(
                "A folder with edited copies of data/subsidence tables (damage categories, screening limits, "
                "envelopes, wall types, trough widths); files it lacks come from data/subsidence.")
            .advanced();
};

/// Every output, declared once with how it is drawn.
struct SubsidenceOutputs {
    sdk::OutputList list;
    sdk::SeriesOutput settlement =
        list.rasterSeries("settlement")
            .label("Settlement")
            .unit("mm")
            .description("Ground settlement (down +) every frame interval and at the end.")
            .style(sdk::Style::draped("blues", 0.0, 100.0))
            .hideBelow(1.0);
    sdk::RasterOutput endSettlement = list.raster("end_settlement")
                                          .label("Settlement at the end")
                                          .unit("mm")
                                          .description("Ground settlement (down +) at the end of the run.")
                                          .style(sdk::Style::draped("blues", 0.0, 100.0))
                                          .hideBelow(1.0);
    sdk::RasterOutput slope =
        list.raster("slope")
            .label("Ground slope")
            .unit("1")
            .description("Slope of the settlement trough |grad S| at the end (1/500 = 0.002).")
            .style(sdk::Style::draped("magma", 0.0, 0.005))
            .hideBelow(1.0e-4);
    sdk::RasterOutput tension =
        list.raster("tensile_strain")
            .label("Horizontal tension")
            .unit("1")
            .description("Largest principal horizontal strain at the end, tension positive.")
            .style(sdk::Style::draped("magma", 0.0, 1.0e-3))
            .hideBelow(1.0e-5);
    sdk::RasterOutput compression =
        list.raster("compressive_strain")
            .label("Horizontal compression")
            .unit("1")
            .description("Magnitude of the most compressive principal horizontal strain at the end.")
            .style(sdk::Style::draped("magma", 0.0, 1.0e-3))
            .hideBelow(1.0e-5);
    sdk::RasterOutput east = list.raster("displacement_east")
                                 .label("Displacement east")
                                 .unit("mm")
                                 .description("Horizontal ground movement towards the east at the end.")
                                 .style(sdk::Style::draped("rdbu", -20.0, 20.0));
    sdk::RasterOutput north = list.raster("displacement_north")
                                  .label("Displacement north")
                                  .unit("mm")
                                  .description("Horizontal ground movement towards the north at the end.")
                                  .style(sdk::Style::draped("rdbu", -20.0, 20.0));
    sdk::VectorOutput contours = list.vector("contours")
                                     .label("Contours")
                                     .unit("mm")
                                     .description("Lines of equal settlement at the end (level_mm).")
                                     .style(sdk::Style::lines("level_mm", "magma", 0.0, 100.0));
    sdk::VectorOutput buildings =
        list.vector("buildings")
            .label("Buildings")
            .description(
                "Every assessed building coloured by its damage category 0-5 (attribute damage; Burland et "
                "al. "
                "1977 from the limiting tensile strain of Boscardin & Cording 1989, after Rankin's Stage 1 "
                "screening), with the category's name, the settlement, slope, strains and the rule that "
                "decided.")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("damage", "rdylgn_r", 0.0, 5.0);
                s.heightAttribute = "height_m";
                s.classNames = {"negligible", "very slight", "slight", "moderate", "severe", "very severe"};
                return s;
            }())
            .labelBy("damage_name");
    sdk::TableOutput buildingTable =
        list.table("building_table")
            .label("Buildings by risk")
            .description(
                "Every assessed building, most at risk first (damage category, then Rankin's alert level, "
                "then "
                "limiting strain, then settlement), with where it is and what decided.");
    sdk::TableOutput series = list.table("settlement_series")
                                  .label("Settlement over time")
                                  .description(
                                      "Settlement at the chosen points and at the worst buildings' most "
                                      "settled point, over time.")
                                  .style(sdk::Style::timeSeries("time", "point"));
    sdk::TableOutput profiles = list.table("profiles")
                                    .label("Cross-sections")
                                    .description(
                                        "Settlement and horizontal strain along each cross-section line and "
                                        "across each tunnel, at the end.")
                                    .style(sdk::Style::profile("distance", "profile"));
    sdk::TableOutput contourAreas =
        list.table("contour_areas")
            .label("Area above each contour")
            .description("Area where the end settlement is at least each contour level.");
    sdk::TableOutput levelling = list.table("levelling_residuals")
                                     .label("Levelling: model - observed")
                                     .description(
                                         "Modelled and observed settlement and their difference at every "
                                         "levelling observation.");
    sdk::VectorOutput levellingPoints =
        list.vector("levelling_points")
            .label("Levelling residuals")
            .unit("mm")
            .description("Levelling points coloured by model - observed settlement.")
            .style(sdk::Style::points("circle", "residual_mm", "rdbu"));
    sdk::SeriesOutput insarResidual =
        list.rasterSeries("insar_residual")
            .label("InSAR: model - observed")
            .unit("mm")
            .description(
                "Model minus observed vertical settlement on each InSAR raster's grid, at its date (mm/yr "
                "for velocity rasters).")
            .style(sdk::Style::draped("rdbu", -20.0, 20.0));
    sdk::TableOutput insarSummary =
        list.table("insar_summary")
            .label("InSAR residual summary")
            .description("Count, mean, RMS and largest residual of each InSAR raster.");
    sdk::ScalarOutput maxSettlement = list.scalar("max_settlement")
                                          .label("Largest settlement")
                                          .unit("mm")
                                          .description("Largest settlement on the grid at the end.");
    sdk::ScalarOutput maxSettlementX = list.scalar("max_settlement_x")
                                           .label("Largest settlement at x")
                                           .unit("m")
                                           .description("Easting of the cell with the largest settlement.");
    sdk::ScalarOutput maxSettlementY = list.scalar("max_settlement_y")
                                           .label("Largest settlement at y")
                                           .unit("m")
                                           .description("Northing of the cell with the largest settlement.");
    sdk::ScalarOutput maxHeave = list.scalar("max_heave")
                                     .label("Largest heave")
                                     .unit("mm")
                                     .description("Largest upward movement on the grid at the end (>= 0).");
    sdk::ScalarOutput settledVolume =
        list.scalar("settled_volume")
            .label("Settled volume")
            .unit("m3")
            .description("Volume of the settlement trough (settling cells) at the end.");
    sdk::ScalarOutput netVolume =
        list.scalar("net_volume")
            .label("Net volume")
            .unit("m3")
            .description("Settlement minus heave integrated over the grid at the end.");
    sdk::ScalarOutput maxSlope = list.scalar("max_slope")
                                     .label("Largest slope")
                                     .unit("1")
                                     .description("Largest ground slope at the end.");
    sdk::ScalarOutput maxTension = list.scalar("max_tensile_strain")
                                       .label("Largest tension")
                                       .unit("1")
                                       .description("Largest horizontal tensile strain at the end.");
    sdk::ScalarOutput maxCompression =
        list.scalar("max_compressive_strain")
            .label("Largest compression")
            .unit("1")
            .description("Largest horizontal compressive strain (magnitude) at the end.");
    sdk::ScalarOutput assessed =
        list.scalar("buildings_assessed")
            .label("Buildings assessed")
            .description("Buildings with at least part of their footprint on the grid.");
    std::vector<sdk::ScalarOutput> perCategory = [this] {
        const char* names[] = {"negligible", "very slight", "slight", "moderate", "severe", "very severe"};
        std::vector<sdk::ScalarOutput> v;
        for (int k = 0; k < 6; ++k)
            v.push_back(list.scalar("buildings_category_" + std::to_string(k))
                            .label("Buildings in category " + std::to_string(k))
                            .description(std::string("Buildings whose damage category is ") +
                                         std::to_string(k) + " (" + names[k] + ")."));
        return v;
    }();
    std::vector<sdk::ScalarOutput> perRisk = [this] {
        std::vector<sdk::ScalarOutput> v;
        for (int k = 1; k <= 4; ++k)
            v.push_back(list.scalar("buildings_risk_" + std::to_string(k))
                            .label("Buildings at alert level " + std::to_string(k))
                            .description("Buildings in Rankin's (1988) risk category " + std::to_string(k) +
                                         " (from ground slope and settlement)."));
        return v;
    }();
};

const SubsidenceParams& P() {
    static const SubsidenceParams p;
    return p;
}
const SubsidenceOutputs& O() {
    static const SubsidenceOutputs o;
    return o;
}

/// data/subsidence as installed beside this module (<prefix>/<libdir>/citytwin/plugins ->
/// <prefix>/share/citytwin/data/subsidence), else in the source tree this module was built from.
std::string defaultTablesFolder() {
    namespace fs = std::filesystem;
    Dl_info info{};
    std::error_code ec;
    if (dladdr(reinterpret_cast<void*>(&defaultTablesFolder), &info) != 0 && info.dli_fname) {
        const fs::path installed =
            fs::path(info.dli_fname).parent_path() / CITYTWIN_SUBSIDENCE_TABLES_INSTALLED;
        if (fs::exists(installed / "damage_categories.csv", ec)) return installed.lexically_normal().string();
    }
    return CITYTWIN_SUBSIDENCE_TABLES_SOURCE;
}

/// What the run needs: the adapter's options and the tables.
struct Plan {
    AdapterOptions options;
    Tables tables;
    bool tablesLoaded = false;
};

/// A parameter where 0 means "not given" (the table's value, Sichardt's radius, ...) and anything else must
/// lie in the engine's range: the value, or unset (with a problem naming the parameter) when it does not.
double zeroOr(const sdk::ParameterSet& p, const sdk::RealParam& handle, const core::Range& range,
              const char* unit, std::vector<sdk::Problem>& problems) {
    const double v = p[handle];
    if (v == 0.0) return kUnset;
    if (!range.contains(v)) {
        problems.push_back({kId, handle.id(),
                            handle.id() + " " + core::number(v) + unit + " is out of range (" + range.text() +
                                "); 0 leaves it unset"});
        return kUnset;
    }
    return v;
}

/// Parameters -> adapter options (problems for the values the host cannot check alone), and the tables.
Plan makePlan(const core::CityModel& model, const sdk::ParameterSet& p, std::vector<sdk::Problem>& problems) {
    const SubsidenceParams& k = P();
    Plan plan;
    AdapterOptions& o = plan.options;
    o.cellSizeM = p[k.cellSize];
    o.extent = p[k.gridExtent];
    o.marginM = p[k.gridMargin];
    o.tunnels = {k.tunnelLayer.id(), p[k.tunnelLayer]};
    o.excavations = {k.excavationLayer.id(), p[k.excavationLayer]};
    o.softGround = {k.softLayer.id(), p[k.softLayer]};
    o.reservoirs = {k.reservoirLayer.id(), p[k.reservoirLayer]};
    o.drawdown = {k.drawdownLayer.id(), p[k.drawdownLayer]};
    o.levelling = {k.levellingLayer.id(), p[k.levellingLayer]};
    o.profiles = {k.profileLayer.id(), p[k.profileLayer]};

    TunnelDefaults& t = o.tunnel;
    t.axisDepthM = p[k.tunnelDepth];
    t.diameterM = p[k.tunnelDiameter];
    t.volumeLossPercent = p[k.volumeLoss];
    t.soilType = core::trim(p[k.soilType]);
    t.method = p[k.troughMethod];
    t.troughWidthFactor = zeroOr(p, k.troughFactor, limits::troughWidthFactor, "", problems);
    t.startDay = p[k.tunnelStart];
    t.advanceRateMPerDay = zeroOr(p, k.advanceRate, limits::advanceRateMPerDay, " m/day", problems);

    ExcavationDefaults& e = o.excavation;
    e.depthM = p[k.excavationDepth];
    e.wallType = core::trim(p[k.wallType]);
    e.envelope = core::trim(p[k.envelope]);
    e.maxSettlementRatio = zeroOr(p, k.settlementRatio, limits::maxSettlementRatio, "", problems);
    e.startDay = p[k.excavationStart];
    e.constructionDays = p[k.constructionDays];
    e.drawdownInsideM = p[k.drawdownInside];
    e.radiusOfInfluenceM = zeroOr(p, k.radiusOfInfluence, limits::radiusOfInfluenceM, " m", problems);
    e.conductivityMPerS = p[k.conductivity];
    e.aquifer = p[k.aquifer];
    e.saturatedThicknessM = p[k.saturatedThickness];

    const double clay = zeroOr(p, k.clayThickness, limits::layerThicknessM, " m", problems);
    o.clay = ClayDefaults{std::isnan(clay) ? 0.0 : clay, p[k.clayMv], p[k.clayCv], p[k.clayDrainage]};
    o.drawdownStartDay = p[k.drawdownStart];
    SoftGroundDefaults& s = o.soft;
    s.thicknessM = p[k.softThickness];
    s.mvPerKPa = p[k.softMv];
    s.cvM2PerDay = p[k.softCv];
    s.loadKPa = p[k.softLoad];
    s.drawdownM = p[k.softDrawdown];
    s.startDay = p[k.softStart];
    const double spacing = zeroOr(p, k.drainSpacing, limits::drainSpacingM, " m", problems);
    s.drainSpacingM = std::isnan(spacing) ? 0.0 : spacing;
    s.drainPattern = p[k.drainPattern];
    o.reservoir = ReservoirDefaults{p[k.poisson], p[k.biot], 0.0, p[k.rampDays]};

    o.originDate = core::trim(p[k.originDate]);
    o.originDateParameter = k.originDate.id();
    if (long days = 0; !o.originDate.empty() && !parseIsoDate(o.originDate, days))
        problems.push_back({kId, k.originDate.id(), "'" + o.originDate + "' is not a date YYYY-MM-DD"});
    o.levellingCsv = core::trim(p[k.levellingCsv]);
    o.levellingCsvParameter = k.levellingCsv.id();
    InsarOptions& in = o.insar;
    in.layers = core::splitList(p[k.insarLayers]);
    in.dates = core::splitList(p[k.insarDates]);
    in.referenceDate = core::trim(p[k.insarReference]);
    in.kind = p[k.insarKind];
    in.sign = p[k.insarSign] == Side::Toward ? LosSign::PositiveTowardSatellite
                                             : LosSign::PositiveAwayFromSatellite;
    const Unit unit = p[k.insarUnit];
    in.unitToMetres = unit == Unit::Millimetre ? 1e-3 : unit == Unit::Centimetre ? 1e-2 : 1.0;
    in.incidenceDeg = zeroOr(p, k.insarIncidence, limits::incidenceDeg, " deg", problems);
    in.incidenceLayer = p[k.insarIncidenceLayer];
    o.insarParameter = k.insarLayers.id();
    o.seriesPoints = p[k.seriesPoints];
    o.seriesSteps = static_cast<int>(p[k.seriesSteps]);

    Options& opt = o.options;
    opt.endDay = p[k.endDay];
    const double interval = p[k.frameInterval];
    if (interval > 0.0) {
        if (opt.endDay / interval > kMaxFrames)
            problems.push_back({kId, k.frameInterval.id(),
                                "frame_interval_days " + core::number(interval) + " gives " +
                                    core::number(std::floor(opt.endDay / interval)) + " frames over " +
                                    core::number(opt.endDay) + " days; at most " + core::number(kMaxFrames)});
        else
            for (double d = interval; d < opt.endDay - 1e-9 * opt.endDay; d += interval)
                opt.outputTimesDays.push_back(d);
    }
    opt.contourLevelsMm.clear();
    for (const std::string& item : core::splitList(p[k.contourLevels])) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (!end || *end != '\0' || !std::isfinite(v) || v == 0.0)
            problems.push_back({kId, k.contourLevels.id(),
                                "'" + item + "' is not a settlement level in mm (a number other than 0)"});
        else
            opt.contourLevelsMm.push_back(v);
    }
    std::sort(opt.contourLevelsMm.begin(), opt.contourLevelsMm.end());
    opt.contourLevelsMm.erase(std::unique(opt.contourLevelsMm.begin(), opt.contourLevelsMm.end()),
                              opt.contourLevelsMm.end());
    opt.worstBuildings = static_cast<int>(p[k.worstBuildings]);
    opt.tunnelCrossSections = p[k.tunnelSections];
    opt.profileSpacingM = zeroOr(p, k.profileSpacing, limits::profileSpacingM, " m", problems);

    // Tables: the scenario's edited copies where it has them, else the shipped ones.
    std::string folder = core::trim(p[k.tablesFolder]);
    if (!folder.empty()) {
        const std::string found = resolvePath(folder, model);
        if (found.empty())
            problems.push_back(
                {kId, k.tablesFolder.id(),
                 "tables folder '" + folder +
                     "' not found (looked in the working directory and beside the scenario's data)"});
        folder = found;
    }
    try {
        plan.tables = loadTablesWithOverrides(folder, defaultTablesFolder());
        plan.tablesLoaded = true;
    } catch (const core::Error& err) {
        problems.push_back({kId, k.tablesFolder.id(), err.what()});
    }
    return plan;
}

/// Adapts the model and checks everything; the problems of the parameters, the adapter and the engine
/// together.
Adapted prepare(const core::CityModel& model, const sdk::ParameterSet& p, Plan& plan,
                std::vector<sdk::Problem>& problems) {
    plan = makePlan(model, p, problems);
    Adapted adapted = adaptModel(model, plan.options, problems);
    // The engine keeps every frame until the end of the run (float per cell): bound what that costs.
    const double frames = static_cast<double>(plan.options.options.outputTimesDays.size() + 1);
    const double cells = static_cast<double>(adapted.scenario.grid.cellCount());
    if (frames * cells > kMaxFrameValues)
        problems.push_back(
            {kId, P().frameInterval.id(),
             core::number(frames) + " frames of " + core::number(cells) + " cells need " +
                 core::number(frames * cells * 4.0 / 1e9, 3) +
                 " GB; at most 4 GB: fewer frames (a longer frame_interval_days) or larger cells"});
    if (plan.tablesLoaded)
        for (core::Problem& pr : engineProblems(adapted, plan.tables))
            problems.push_back(std::move(pr));
    for (sdk::Problem& pr : problems)
        pr.simulator = kId;
    return adapted;
}

core::Raster scaled(const core::Raster& r, double factor, const char* unit, bool keepPositive) {
    core::Raster out = r;
    for (float& v : out.data()) {
        if (std::isnan(v)) continue;
        v = static_cast<float>(factor * v);
        if (keepPositive && v < 0.0f) v = 0.0f;
    }
    out.unit = unit;
    return out;
}

class SubsidenceSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "Ground settlement and building damage";
        d.info.version = "1.0.0";
        d.info.summary =
            "Settlement from tunnels, deep excavations with dewatering, soft ground, reservoirs and "
            "drawdown, "
            "superposed on a grid; the damage category of every building; comparison with levelling and "
            "InSAR.";
        d.info.references = {
            "Peck (1969), Deep excavations and tunneling in soft ground, 7th ICSMFE State of the Art",
            "O'Reilly & New (1982), Settlements above tunnels in the United Kingdom, Tunnelling '82",
            "Clough & O'Rourke (1990), Construction induced movements of in-situ walls, ASCE GSP 25",
            "Terzaghi (1925), Erdbaumechanik; Hansbo (1981); Carrillo (1942) (consolidation)",
            "Geertsma (1973), Land subsidence above compacting oil and gas reservoirs, JPT 25(6)",
            "Burland, Broms & de Mello (1977); Boscardin & Cording (1989); Rankin (1988) (building damage)"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> problems;
        try {
            Plan plan;
            prepare(model, p, plan, problems);
        } catch (const std::exception& e) {
            problems.push_back({kId, "", std::string("checking the inputs failed: ") + e.what()});
        }
        return problems;
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p,
                     sdk::RunContext& ctx) const override {
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        const SubsidenceOutputs& out = O();
        const core::Progress progress = ctx.asProgress();
        progress(0.0, "reading the sources");
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        std::vector<sdk::Problem> problems;
        Plan plan;
        Adapted adapted = prepare(model, p, plan, problems);
        if (!problems.empty()) {
            std::string all;
            for (const sdk::Problem& pr : problems)
                all += (all.empty() ? "" : "; ") + pr.parameter + ": " + pr.message;
            throw core::Error(core::ErrorCode::Validation, all,
                              core::Error::Context{{}, {}, problems.front().parameter});
        }
        Scenario& sc = adapted.scenario;
        sc.options.threads = std::max(1, ctx.threads());
        const Grid& g = sc.grid;
        ctx.log(sdk::LogLevel::Info, "grid " + std::to_string(g.nx) + " x " + std::to_string(g.ny) + " at " +
                                         core::number(g.transform.cellWidth) + " m; " +
                                         std::to_string(sc.tunnels.size()) + " tunnels, " +
                                         std::to_string(sc.excavations.size()) + " excavations, " +
                                         std::to_string(sc.softGround.size()) + " soft-ground areas, " +
                                         std::to_string(sc.reservoirs.size()) + " reservoirs, " +
                                         std::to_string(sc.drawdownFields.size()) + " drawdown rasters, " +
                                         std::to_string(sc.buildings.size()) + " buildings");

        const Results r = subsidence::run(sc, plan.tables, progress.sub(0.02, 0.85, "computing settlement"));
        if (r.status == RunStatus::Cancelled) return sdk::Outcome::Cancelled;
        for (const std::string& w : r.warnings)
            ctx.log(sdk::LogLevel::Warning, w);

        const core::Progress handing = progress.sub(0.85, 1.0, "handing over results");
        for (std::size_t f = 0; f < r.frames.size(); ++f) {
            if (!ctx.output(out.settlement, r.frames[f].timeDays * kSecondsPerDay, r.frames[f].settlementMm))
                return sdk::Outcome::Completed;
            handing(0.5 * static_cast<double>(f + 1) / static_cast<double>(r.frames.size()));
            if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        }
        const bool rastersOk =
            ctx.output(out.endSettlement, r.settlementMm) && ctx.output(out.slope, r.slope) &&
            ctx.output(out.tension, scaled(r.tensileStrain, 1.0, "1", true)) &&
            ctx.output(out.compression, scaled(r.compressiveStrain, -1.0, "1", true)) &&
            ctx.output(out.east, r.displacementEastMm) && ctx.output(out.north, r.displacementNorthMm);
        if (!rastersOk) return sdk::Outcome::Completed;
        handing(0.7);
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;

        if (!ctx.output(out.contours, contourLayer(r, model.crs))) return sdk::Outcome::Completed;
        if (!emitBuildings(model, r, ctx)) return sdk::Outcome::Completed;
        handing(0.85);
        if (!emitTables(r, ctx)) return sdk::Outcome::Completed;
        if (!emitObservations(sc, r, model.crs, ctx)) return sdk::Outcome::Completed;
        emitScalars(r, ctx);

        const RunStatistics& st = r.statistics;
        ctx.statistic("wall_time_s", st.wallTimeS);
        ctx.statistic("threads", st.threads);
        ctx.statistic("cells", static_cast<double>(st.cells));
        ctx.statistic("frames", static_cast<double>(st.frames));
        ctx.statistic("buildings_assessed", static_cast<double>(st.buildings));
        ctx.statistic("cells_per_second", st.wallTimeS > 0.0 ? st.cells * st.frames / st.wallTimeS : 0.0);
        ctx.statistic("tunnels", static_cast<double>(sc.tunnels.size()));
        ctx.statistic("excavations", static_cast<double>(sc.excavations.size()));
        ctx.log(sdk::LogLevel::Info, "largest settlement " + core::number(r.scalars.maxSettlementMm, 4) +
                                         " mm at (" + core::fixed(r.scalars.maxSettlementAt.x, 0) + ", " +
                                         core::fixed(r.scalars.maxSettlementAt.y, 0) + "); " +
                                         std::to_string(r.buildings.size()) + " buildings assessed in " +
                                         core::number(st.wallTimeS, 3) + " s");
        progress(1.0, "done");
        return sdk::Outcome::Completed;
    }

private:
    static core::VectorLayer contourLayer(const Results& r, const core::Crs& crs) {
        core::VectorLayer v;
        v.crs = crs;
        v.fields.ensure("level_mm", core::FieldType::Real);
        v.fields.ensure("closed", core::FieldType::Integer);
        v.fields.ensure("length_m", core::FieldType::Real);
        for (const ContourLine& c : r.contours) {
            core::VectorFeature f;
            f.kind = core::GeometryKind::Line;
            f.lines = {c.points};
            f.attributes = {c.level, static_cast<std::int64_t>(c.closed() ? 1 : 0), core::length(c.points)};
            v.features.push_back(std::move(f));
        }
        return v;
    }

    static std::vector<core::AttributeValue> buildingRow(const BuildingResult& b, std::size_t rank) {
        return {static_cast<std::int64_t>(rank),
                b.id,
                static_cast<std::int64_t>(b.damageCategory),
                b.damageName,
                std::string(toString(b.rule)),
                static_cast<std::int64_t>(b.riskCategory),
                b.riskName,
                b.maxSettlementMm,
                b.differentialSettlementMm,
                b.maxSlope,
                b.angularDistortion,
                b.deflectionRatio,
                std::string(toString(b.deflectionMode)),
                b.horizontalStrain,
                b.limitingStrain,
                b.lengthM,
                b.heightM};
    }

    static bool emitBuildings(const core::CityModel& model, const Results& r, sdk::RunContext& ctx) {
        const std::vector<sdk::TableColumn> columns = {{"rank", ""},
                                                       {"id", ""},
                                                       {"damage", ""},
                                                       {"damage_name", ""},
                                                       {"rule", ""},
                                                       {"risk_category", ""},
                                                       {"risk", ""},
                                                       {"max_settlement_mm", "mm"},
                                                       {"differential_settlement_mm", "mm"},
                                                       {"max_slope", "1"},
                                                       {"angular_distortion", "1"},
                                                       {"deflection_ratio", "1"},
                                                       {"deflection_mode", ""},
                                                       {"horizontal_strain", "1"},
                                                       {"limiting_strain", "1"},
                                                       {"length_m", "m"},
                                                       {"height_m", "m"}};
        core::VectorLayer v;
        v.crs = model.crs;
        v.fields.ensure("rank", core::FieldType::Integer);
        v.fields.ensure("id", core::FieldType::String);
        v.fields.ensure("damage", core::FieldType::Integer);
        v.fields.ensure("damage_name", core::FieldType::String);
        v.fields.ensure("rule", core::FieldType::String);
        v.fields.ensure("risk_category", core::FieldType::Integer);
        v.fields.ensure("risk", core::FieldType::String);
        for (const char* real : {"max_settlement_mm", "differential_settlement_mm", "max_slope",
                                 "angular_distortion", "deflection_ratio"})
            v.fields.ensure(real, core::FieldType::Real);
        v.fields.ensure("deflection_mode", core::FieldType::String);
        for (const char* real : {"horizontal_strain", "limiting_strain", "length_m", "height_m"})
            v.fields.ensure(real, core::FieldType::Real);
        sdk::Table t;
        t.columns = columns;
        t.columns.insert(t.columns.begin() + 2, sdk::TableColumn{"x", "m"});
        t.columns.insert(t.columns.begin() + 3, sdk::TableColumn{"y", "m"});
        for (std::size_t i = 0; i < r.buildings.size(); ++i) {
            const BuildingResult& b = r.buildings[i];
            core::VectorFeature f;
            f.kind = core::GeometryKind::Polygon;
            f.polygons = model.buildings[b.index].footprint;
            f.attributes = buildingRow(b, i + 1);
            v.features.push_back(std::move(f));
            std::vector<core::AttributeValue> row = buildingRow(b, i + 1);
            const core::Point c = core::centroid(model.buildings[b.index].footprint);
            row.insert(row.begin() + 2, c.x);
            row.insert(row.begin() + 3, c.y);
            t.rows.push_back(std::move(row));
        }
        if (!v.features.empty() && !ctx.output(O().buildings, v)) return false;
        return ctx.output(O().buildingTable, t);
    }

    static bool emitTables(const Results& r, sdk::RunContext& ctx) {
        sdk::Table s;
        s.columns = {{"point", ""}, {"x", "m"},     {"y", "m"},
                     {"time", "s"}, {"day", "day"}, {"settlement", "mm"}};
        for (const TimeSeries& ts : r.series)
            for (std::size_t i = 0; i < r.seriesTimesDays.size(); ++i)
                s.rows.push_back({ts.id, ts.position.x, ts.position.y, r.seriesTimesDays[i] * kSecondsPerDay,
                                  r.seriesTimesDays[i], ts.settlementMm[i]});
        if (!ctx.output(O().series, s)) return false;
        sdk::Table pr;
        pr.columns = {{"profile", ""}, {"distance", "m"},    {"x", "m"},
                      {"y", "m"},      {"settlement", "mm"}, {"horizontal_strain", "1"}};
        for (const Profile& p : r.profiles)
            for (std::size_t i = 0; i < p.points.size(); ++i)
                pr.rows.push_back({p.id, p.distanceM[i], p.points[i].x, p.points[i].y, p.settlementMm[i],
                                   p.horizontalStrain[i]});
        if (!ctx.output(O().profiles, pr)) return false;
        sdk::Table a;
        a.columns = {{"level", "mm"}, {"area", "m2"}};
        for (const ContourArea& c : r.scalars.areaAboveLevel)
            a.rows.push_back({c.levelMm, c.areaM2});
        return ctx.output(O().contourAreas, a);
    }

    static bool emitObservations(const Scenario& sc, const Results& r, const core::Crs& crs,
                                 sdk::RunContext& ctx) {
        if (!r.levelling.empty()) {
            sdk::Table t;
            t.columns = {{"id", ""},     {"source", ""},     {"x", "m"},      {"y", "m"},
                         {"day", "day"}, {"observed", "mm"}, {"model", "mm"}, {"residual", "mm"}};
            core::VectorLayer v;
            v.crs = crs;
            v.fields.ensure("id", core::FieldType::String);
            v.fields.ensure("day", core::FieldType::Real);
            v.fields.ensure("observed_mm", core::FieldType::Real);
            v.fields.ensure("model_mm", core::FieldType::Real);
            v.fields.ensure("residual_mm", core::FieldType::Real);
            for (const LevellingResidual& l : r.levelling) {
                t.rows.push_back({l.id, l.origin, l.position.x, l.position.y, l.timeDays, l.observedMm,
                                  l.modelMm, l.residualMm});
                core::VectorFeature f;
                f.kind = core::GeometryKind::Point;
                f.points = {l.position};
                f.attributes = {l.id, l.timeDays, l.observedMm, l.modelMm, l.residualMm};
                v.features.push_back(std::move(f));
            }
            if (!ctx.output(O().levelling, t) || !ctx.output(O().levellingPoints, v)) return false;
        }
        if (!r.insar.empty()) {
            sdk::Table t;
            t.columns = {{"layer", ""},  {"day", "day"}, {"pixels", ""},
                         {"mean", "mm"}, {"rms", "mm"},  {"max_abs", "mm"}};
            for (std::size_t i = 0; i < r.insar.size(); ++i) {
                const InsarResidual& b = r.insar[i];
                const double day = sc.insar[i].timeDays;
                if (!ctx.output(O().insarResidual, day * kSecondsPerDay, b.residualMm)) return false;
                t.rows.push_back(
                    {b.id, day, static_cast<std::int64_t>(b.count), b.meanMm, b.rmsMm, b.maxAbsMm});
            }
            if (!ctx.output(O().insarSummary, t)) return false;
        }
        return true;
    }

    static void emitScalars(const Results& r, sdk::RunContext& ctx) {
        const SubsidenceOutputs& o = O();
        const Scalars& s = r.scalars;
        ctx.output(o.maxSettlement, s.maxSettlementMm);
        ctx.output(o.maxSettlementX, s.maxSettlementAt.x);
        ctx.output(o.maxSettlementY, s.maxSettlementAt.y);
        ctx.output(o.maxHeave, s.maxHeaveMm);
        ctx.output(o.settledVolume, s.settledVolumeM3);
        ctx.output(o.netVolume, s.netVolumeM3);
        ctx.output(o.maxSlope, s.maxSlope);
        ctx.output(o.maxTension, s.maxTensileStrain);
        ctx.output(o.maxCompression, s.maxCompressiveStrain);
        ctx.output(o.assessed, static_cast<double>(r.buildings.size()));
        for (std::size_t k = 0; k < o.perCategory.size(); ++k)
            ctx.output(o.perCategory[k], k < s.buildingsPerCategory.size()
                                             ? static_cast<double>(s.buildingsPerCategory[k])
                                             : 0.0);
        for (std::size_t k = 0; k < o.perRisk.size(); ++k)
            ctx.output(o.perRisk[k], k + 1 < s.buildingsPerRisk.size()
                                         ? static_cast<double>(s.buildingsPerRisk[k + 1])
                                         : 0.0);
    }
};

}  // namespace
}  // namespace citytwin::subsidence

CITYTWIN_PLUGIN(citytwin::subsidence::SubsidenceSimulator)

// The new-town simulator plug-in: the SDK face of the new-town engine and its city-model adapter. Parameters
// and outputs are documented in sim/newtown/README.md (the table there is generated from describe() and a
// test keeps it in sync).

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "citytwin/core/text.h"
#include "citytwin/newtown/limits.h"
#include "citytwin/newtown/newtown.h"
#include "citytwin/sdk/sdk.h"
#include "model_adapter.h"

namespace citytwin::newtown {
namespace {

constexpr const char* kId = "newtown";

enum class OrdinanceChoice { Seoul, Goyang };

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h.
struct NewtownParamsDecl {
    sdk::ParamList list;

    sdk::LayerParam parcelLayer =
        list.group("Parcels")
            .layer("parcel_layer")
            .label("Parcels")
            .help(
                "Polygons of the parcels or blocks to plan (one polygon each), with the zoning class in "
                "zoning_field and optional overrides in the attributes far_pct, bcr_pct, height_limit_m, "
                "residential_share, typology, nonresidential_use, lot_line_offset_m and redevelop (README, "
                "'Parcel attributes').")
            .layerKind("vector")
            .required();
    sdk::TextParam zoningField = list.text("zoning_field")
                                     .label("Zoning attribute")
                                     .help(
                                         "Attribute with the zoning class (용도지역): an id such as "
                                         "general_residential_3 or the Korean name 제3종일반주거지역.")
                                     .byDefault("zoning");
    sdk::TextParam idField = list.text("id_field")
                                 .label("Parcel id attribute")
                                 .help(
                                     "Attribute with a unique parcel id; without it the parcels are numbered "
                                     "1, 2, ... in layer order.")
                                 .byDefault("id");
    sdk::TextParam blockField =
        list.text("block_field")
            .label("Block attribute")
            .help(
                "Attribute that groups parcels into blocks for the densities; a parcel "
                "without one is its own block.")
            .byDefault("block")
            .advanced();
    sdk::LayerParam existingBuildings = list.layer("existing_buildings")
                                            .label("Existing buildings")
                                            .help(
                                                "The buildings standing before: empty or 'buildings' = the "
                                                "city model's buildings; or a polygon "
                                                "layer with height_m. Those mostly inside a redeveloped "
                                                "parcel are replaced, the others kept; "
                                                "all cast and receive shadows.")
                                            .layerKind("vector");
    sdk::TextParam useField = list.text("building_use_field")
                                  .label("Building use attribute")
                                  .help(
                                      "Attribute of the existing buildings with an OSM-style building tag "
                                      "(apartments, house, retail, office, school, ...).")
                                  .byDefault("building")
                                  .advanced();
    sdk::ChoiceParam<LandUse> untaggedUse =
        list.choice<LandUse>(
                "untagged_building_use",
                {{LandUse::Residential, "residential", "Homes: counted as households, get windows."},
                 {LandUse::Retail, "retail", "Shops."},
                 {LandUse::Office, "office", "Offices."},
                 {LandUse::Industrial, "industrial", "Industry."},
                 {LandUse::Public, "public", "Schools, hospitals, public bodies."}})
            .label("Use of untagged buildings")
            .help(
                "Use of existing buildings whose tag says nothing (OSM building=yes), as the traffic "
                "simulator's default_building_use.");
    sdk::RealParam replaceShare = list.real("replace_share")
                                      .label("Replaced above")
                                      .help(
                                          "An existing building is replaced when at least this share of its "
                                          "footprint lies in a redeveloped parcel.")
                                      .range(limits::replaceShare)
                                      .byDefault(0.5)
                                      .advanced();

    sdk::ChoiceParam<OrdinanceChoice> ordinance =
        list.group("Zoning and massing")
            .choice<OrdinanceChoice>(
                "ordinance",
                {{OrdinanceChoice::Seoul, "seoul",
                  "Seoul Urban Planning Ordinance Art. 54/55 (2022-07; data/newtown/ordinance_seoul.csv)."},
                 {OrdinanceChoice::Goyang, "goyang",
                  "Goyang (partial, unverified; data/newtown/ordinance_goyang.csv): other classes use the "
                  "decree maxima."}})
            .label("Ordinance")
            .help(
                "The city ordinance whose BCR and FAR limits apply where a parcel has no "
                "override.");
    sdk::TextParam tablesDir = list.text("tables_dir")
                                   .label("Tables folder")
                                   .help(
                                       "Folder with the zoning, rule, typology and rate tables; empty = the "
                                       "shipped data/newtown.")
                                   .advanced();
    sdk::RealParam farBonus =
        list.real("far_bonus_factor")
            .label("FAR bonus factor")
            .help(
                "Parcel FAR overrides may reach this multiple of the decree maximum (the "
                "2024 Special Act on aging planned cities allows 1.5).")
            .range(limits::farBonusFactor)
            .byDefault(1.0);
    sdk::RealParam spacingFactor =
        list.real("spacing_factor")
            .label("Spacing factor")
            .help(
                "Facing apartment window walls at least this x the taller height "
                "apart (the building ordinance's factor; the decree's least is 0.5).")
            .range(limits::spacingFactor)
            .byDefault(0.8);
    sdk::ChoiceParam<NorthSetbackRule> northRule =
        list.choice<NorthSetbackRule>(
                "north_setback_rule",
                {{NorthSetbackRule::Current, "current",
                  "Parts up to 10 m high 1.5 m from the due-north lot line, higher parts half their height "
                  "(Enforcement Decree Art. 86(1) since 2023-09)."},
                 {NorthSetbackRule::Pre2023, "pre2023", "The same with 9 m (before the 2023 amendment)."}})
            .label("North setback rule")
            .help("Which version of the due-north lot-line setback applies.");
    sdk::RealParam lotLineOffset =
        list.real("lot_line_offset_m")
            .label("Lot-line offset")
            .help(
                "Distance from a parcel boundary to the lot line the daylight rules "
                "measure to (half the road width for blocks with roads all round); a "
                "parcel's lot_line_offset_m overrides it.")
            .unit("m")
            .range(limits::lotLineOffsetM)
            .byDefault(0.0);
    sdk::IntParam seed = list.integer("seed")
                             .label("Seed")
                             .help("Seed of the row placement: the same seed gives the same buildings.")
                             .range(limits::seed)
                             .byDefault(1)
                             .advanced();
    sdk::IntParam phases =
        list.integer("phase_candidates")
            .label("Row phases")
            .help("Row phases tried per floor count (more = closer to the target, slower).")
            .range(limits::phaseCandidates)
            .byDefault(4)
            .advanced();

    sdk::RealParam personsPerHousehold =
        list.group("Households and loads")
            .real("persons_per_household")
            .label("Persons per household")
            .help(
                "Population = households x this (Korean new-town plan practice 2.5; census mean about 2.2).")
            .unit("persons")
            .range(limits::personsPerHousehold)
            .byDefault(2.5);
    sdk::RealParam existingUnitGfa =
        list.real("existing_unit_gfa_m2")
            .label("Floor area per existing home")
            .help(
                "Gross floor area per household of existing homes (their units are "
                "unknown).")
            .unit("m2")
            .range(limits::existingUnitGrossM2)
            .byDefault(100.0);
    sdk::RealParam existingStorey = list.real("existing_storey_height_m")
                                        .label("Existing storey height")
                                        .help(
                                            "Floors of existing buildings without a floor count = height / "
                                            "this.")
                                        .unit("m")
                                        .range(limits::existingStoreyHeightM)
                                        .byDefault(3.0)
                                        .advanced();
    sdk::RealParam planningArea = list.real("planning_area_ha")
                                      .label("Planning area")
                                      .help(
                                          "Area for the gross density; 0 = the convex hull of the parcels "
                                          "(roads between them included).")
                                      .unit("ha")
                                      .range(limits::planningAreaHa)
                                      .byDefault(0.0);
    sdk::ChoiceParam<PeakPeriod> peak =
        list.choice<PeakPeriod>("peak_period", {{PeakPeriod::Morning, "am", "Homes send the trips."},
                                                {PeakPeriod::Evening, "pm", "Homes receive the trips."},
                                                {PeakPeriod::Daily, "daily", "Both ways, a whole day."}})
            .label("Peak")
            .help("Which way the peak-hour trips go (as the traffic simulator).");
    sdk::RealParam carShare = list.real("car_share")
                                  .label("Car share")
                                  .help("Share of the trip ends made by car (as the traffic simulator).")
                                  .range(limits::share)
                                  .byDefault(0.3);
    sdk::RealParam peakHourFactor = list.real("peak_hour_factor")
                                        .label("Peak-hour factor")
                                        .help("Share of the daily trips made in the peak hour.")
                                        .range(limits::share)
                                        .byDefault(0.1)
                                        .advanced();
    sdk::RealParam peakDirection = list.real("peak_direction_share")
                                       .label("Peak direction share")
                                       .help(
                                           "Share of a home's peak-hour trips leaving it in the morning "
                                           "(arriving in the evening).")
                                       .range(limits::share)
                                       .byDefault(0.7)
                                       .advanced();

    sdk::BoolParam computeSunlight = list.group("Sunlight")
                                         .boolean("compute_sunlight")
                                         .label("Sunlight")
                                         .help("Compute shadows, sunlight hours and the sunlight test.")
                                         .byDefault(true);
    sdk::TextParam date = list.text("date")
                              .label("Date")
                              .help("Day of the sunlight test, YYYY-MM-DD (the winter solstice: 2024-12-21).")
                              .byDefault("2024-12-21");
    sdk::RealParam timeStep = list.real("time_step_min")
                                  .label("Time step")
                                  .help(
                                      "Sun positions every this between 08:00 and 16:00 (each at the middle "
                                      "of its interval).")
                                  .unit("min")
                                  .range(limits::timeStepMin)
                                  .byDefault(1.0);
    sdk::RealParam minSpan =
        list.real("min_continuous_span_min")
            .label("Shortest sunlit span")
            .help("Sunlit runs shorter than this are slivers and count for neither test.")
            .unit("min")
            .range(limits::minSpanMin)
            .byDefault(5.0);
    sdk::RealParam windowHeight = list.real("window_height_m")
                                      .label("Window height")
                                      .help("Height of the measured point above each floor level.")
                                      .unit("m")
                                      .range(limits::windowHeightM)
                                      .byDefault(1.5)
                                      .advanced();
    sdk::RealParam facadeSpacing = list.real("facade_grid_spacing_m")
                                       .label("Facade grid spacing")
                                       .help(
                                           "Points along the walls of existing homes (whose windows are "
                                           "unknown), one per floor every this.")
                                       .unit("m")
                                       .range(limits::facadeGridSpacingM)
                                       .byDefault(10.0);
    sdk::RealParam groundCell = list.real("ground_cell_m")
                                    .label("Ground cell")
                                    .help("Cell of the ground sunlight map; 0 = none (else at least 0.25 m).")
                                    .unit("m")
                                    .range(limits::groundCellM)
                                    .byDefault(2.0);
    sdk::RealParam groundMargin = list.real("ground_margin_m")
                                      .label("Ground margin")
                                      .help("The ground map covers the new buildings plus this margin.")
                                      .unit("m")
                                      .range(limits::groundMarginM)
                                      .byDefault(100.0)
                                      .advanced();
    sdk::RealParam groundStep = list.real("ground_step_min")
                                    .label("Ground time step")
                                    .help("Time step of the ground map (a multiple of time_step_min).")
                                    .unit("min")
                                    .range(limits::groundStepMin)
                                    .byDefault(5.0)
                                    .advanced();
    sdk::BoolParam refraction =
        list.boolean("refraction")
            .label("Refraction")
            .help("Shadows from the apparent (refracted) sun; off = the geometric one.")
            .byDefault(true)
            .advanced();
    sdk::RealParam timezone = list.real("timezone_h")
                                  .label("Time zone")
                                  .help("Hours east of UTC of the clock times (Korean Standard Time: 9).")
                                  .unit("h")
                                  .range(limits::timezoneH)
                                  .byDefault(9.0)
                                  .advanced();
    sdk::RealParam deltaT = list.real("delta_t_s")
                                .label("Delta T")
                                .help("TT - UT1 for the SPA (IERS: 69.2 s in 2024).")
                                .unit("s")
                                .range(limits::deltaTS)
                                .byDefault(69.2)
                                .advanced();
    sdk::RealParam pressure = list.real("pressure_hpa")
                                  .label("Air pressure")
                                  .help("Annual mean pressure, for refraction.")
                                  .unit("hPa")
                                  .range(limits::pressureHPa)
                                  .byDefault(1010.0)
                                  .advanced();
    sdk::RealParam temperature = list.real("temperature_c")
                                     .label("Air temperature")
                                     .help("Annual mean temperature, for refraction.")
                                     .unit("degC")
                                     .range(limits::temperatureC)
                                     .byDefault(10.0)
                                     .advanced();
};

/// Every output, declared once with how it is drawn.
struct NewtownOutputsDecl {
    sdk::OutputList list;

    // The ground maps first: a viewer stacks draped layers in declaration order.
    sdk::RasterOutput sunHours = list.raster("sun_hours")
                                     .label("Sun hours after")
                                     .unit("h")
                                     .description(
                                         "Hours of sun on the ground between 08:00 and 16:00 on the date, "
                                         "with the new and kept buildings; NaN under buildings.")
                                     .style(sdk::Style::draped("magma", 0.0, 8.0));
    sdk::RasterOutput sunHoursBefore = list.raster("sun_hours_before")
                                           .label("Sun hours before")
                                           .unit("h")
                                           .description("The same with the buildings standing before.")
                                           .style(sdk::Style::draped("magma", 0.0, 8.0));
    sdk::RasterOutput sunHoursLost = list.raster("sun_hours_lost")
                                         .label("Sun hours lost")
                                         .unit("h")
                                         .description(
                                             "Before minus after: the ground's lost hours of sun "
                                             "(negative: gained where old buildings went).")
                                         .style(sdk::Style::draped("rdylgn_r", 0.0, 4.0))
                                         .hideBelow(0.05);
    sdk::VectorOutput buildings =
        list.vector("buildings")
            .label("New buildings")
            .unit("m")
            .description(
                "The buildings the massing placed, extruded to height_m and coloured by use; with floors, "
                "floor area (residential and not), households, population, jobs, trips and the parcel's "
                "achieved FAR (parcel_far_pct).")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("use", "categorical");
                s.heightAttribute = "height_m";
                s.classNames = {"residential", "mixed", "retail", "office", "industrial", "public"};
                return s;
            }());
    sdk::VectorOutput buildingsAfter =
        list.vector("buildings_after")
            .label("Buildings after")
            .unit("m")
            .description(
                "Every building standing after the plan, new and kept (status), with an OSM-style "
                "building tag, levels, floor area and households: the stock a traffic run generates "
                "trips from.")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("status", "categorical");
                s.heightAttribute = "height_m";
                s.classNames = {"new", "kept"};
                return s;
            }());
    sdk::VectorOutput buildingsBefore =
        list.vector("buildings_before")
            .label("Buildings before")
            .unit("m")
            .description(
                "Every existing building before the plan (status kept or replaced), described as in "
                "buildings_after: a traffic run on it and one on buildings_after differ by the plan alone.")
            .style([] {
                sdk::StyleHint s = sdk::Style::extruded("status", "categorical");
                s.heightAttribute = "height_m";
                s.classNames = {"kept", "replaced"};
                s.drawAs = sdk::DrawAs::Hidden;
                return s;
            }());
    sdk::VectorOutput parcels =
        list.vector("parcels")
            .label("Parcel compliance")
            .description(
                "Each parcel with its required and achieved BCR, FAR, height, north setback, spacing and "
                "lot-line ratio, the rule that bound it and result (0 passes every rule, 1 fails one).")
            .style([] {
                sdk::StyleHint s = sdk::Style::polygons("result", "rdylgn_r", 0.0, 1.0);
                s.classNames = {"passes", "fails"};
                return s;
            }());
    sdk::VectorOutput facadePoints =
        list.vector("facade_points")
            .label("Windows")
            .description(
                "One point per household window of the new buildings and a facade grid on existing homes, "
                "with the hours of sun (total, longest continuous), before and after, and result: 0 "
                "passes, 1 fails, 2 newly fails (passed before); blamed_building takes the sun most.")
            .style([] {
                sdk::StyleHint s = sdk::Style::points("circle", "result", "rdylgn_r");
                // 0 green, 1 orange, 2 (clipped) red: failing windows stand out on light facades.
                s.min = 0.0;
                s.max = 1.5;
                s.classNames = {"passes", "fails", "newly fails"};
                return s;
            }());
    sdk::VectorOutput failingWindows =
        list.vector("failing_windows")
            .label("Failing windows (3D)")
            .description(
                "The windows and facade points that fail the sunlight test after, as short marks along "
                "their wall at window height (z_m) for a 3D view (point layers are drawn on the ground): "
                "result 1 fails, 2 newly fails (passed before); attributes as facade_points.")
            .style([] {
                sdk::StyleHint s = sdk::Style::lines3d("result", "rdylgn_r", 1.2);
                s.min = 0.0;  // both classes at the red end
                s.max = 1.0;
                s.classNames = {"passes", "fails", "newly fails"};
                return s;
            }());
    sdk::TableOutput compliance =
        list.table("compliance")
            .label("Compliance per parcel")
            .description(
                "BCR, FAR, height, due-north setback, apartment spacing and lot-line ratio: limit or "
                "requirement, achieved value and pass (1/0) per redeveloped parcel; the binding rule.");
    sdk::TableOutput comparison =
        list.table("comparison")
            .label("Before and after")
            .description(
                "Households, population, jobs, floor area, trips, water, school-age children and homes "
                "failing the sunlight test, before and after the plan.");
    sdk::TableOutput loads = list.table("loads")
                                 .label("Loads per building")
                                 .description(
                                     "Every building (new, kept, replaced): floor area, households, "
                                     "population, jobs, trips, water and pupils, with its centroid.");
    sdk::TableOutput parcelTrips =
        list.table("parcel_trips")
            .label("Trips per parcel")
            .description(
                "Peak-hour productions and attractions and daily trip ends per parcel (the parcels as "
                "traffic zones, at their centroids): after, and added by the plan.");
    sdk::TableOutput blocks = list.table("blocks")
                                  .label("Densities per block")
                                  .description(
                                      "Area, households, population, gross and net density and FAR per "
                                      "block.");
    sdk::TableOutput referenceTowns =
        list.table("reference_towns")
            .label("Reference towns")
            .description("The plan's gross density against Ilsan's (175 /ha at FAR 169 %) and Changneung's.");
    sdk::TableOutput sunPath =
        list.table("sun_path")
            .label("Sun path")
            .description("Sun azimuth and apparent elevation at each time step (NREL SPA).")
            .style(sdk::Style::timeSeries("time"));
    sdk::TableOutput sources = list.table("sources")
                                   .label("Tables used")
                                   .description("Every data table of the run with its source and date.");
    sdk::ScalarOutput newBuildings =
        list.scalar("new_buildings").label("New buildings").description("Buildings the massing placed.");
    sdk::ScalarOutput newFloorArea = list.scalar("new_floor_area")
                                         .label("New floor area")
                                         .unit("m2")
                                         .description("Gross floor area of the new buildings.");
    sdk::ScalarOutput households = list.scalar("households")
                                       .label("Households")
                                       .unit("households")
                                       .description("Homes on the parcels after the plan (new and kept).");
    sdk::ScalarOutput population =
        list.scalar("population")
            .label("Population")
            .unit("persons")
            .description("Households x persons per household on the parcels after.");
    sdk::ScalarOutput jobs = list.scalar("jobs").label("Jobs").unit("jobs").description(
        "Jobs in the non-residential floor area on the parcels after.");
    sdk::ScalarOutput householdsAdded = list.scalar("households_added")
                                            .label("Households added")
                                            .unit("households")
                                            .description("New homes minus the homes replaced.");
    sdk::ScalarOutput populationAdded = list.scalar("population_added")
                                            .label("Population added")
                                            .unit("persons")
                                            .description("New residents minus those replaced.");
    sdk::ScalarOutput jobsAdded = list.scalar("jobs_added")
                                      .label("Jobs added")
                                      .unit("jobs")
                                      .description("New jobs minus those replaced.");
    sdk::ScalarOutput grossDensity = list.scalar("gross_density")
                                         .label("Gross density")
                                         .unit("persons/ha")
                                         .description("Population after / planning area.");
    sdk::ScalarOutput netDensity = list.scalar("net_density")
                                       .label("Net density")
                                       .unit("persons/ha")
                                       .description("Population after / residential parcel area.");
    sdk::ScalarOutput residentialFar = list.scalar("residential_far")
                                           .label("Residential FAR")
                                           .unit("%")
                                           .description("Floor area / area of the parcels with homes.");
    sdk::ScalarOutput planningAreaHa = list.scalar("planning_area")
                                           .label("Planning area")
                                           .unit("ha")
                                           .description("The area of the gross density.");
    sdk::ScalarOutput peakTripsAdded = list.scalar("peak_trips_added")
                                           .label("Peak-hour trips added")
                                           .unit("veh/h")
                                           .description(
                                               "Vehicle trips (productions + attractions) added in the "
                                               "peak hour.");
    sdk::ScalarOutput dailyTripsAdded = list.scalar("daily_trips_added")
                                            .label("Daily trip ends added")
                                            .unit("veh/day")
                                            .description("Vehicle trip ends added per day.");
    sdk::ScalarOutput waterAdded = list.scalar("water_demand_added")
                                       .label("Water demand added")
                                       .unit("m3/day")
                                       .description("Population added x per-capita demand.");
    sdk::ScalarOutput pupilsAdded = list.scalar("school_children_added")
                                        .label("School-age children added")
                                        .unit("persons")
                                        .description("Children aged 6-17 added (elementary, middle, high).");
    sdk::ScalarOutput parcelsFailing = list.scalar("parcels_failing")
                                           .label("Parcels failing a rule")
                                           .description(
                                               "Redeveloped parcels whose buildings fail a rule of the "
                                               "compliance table.");
    sdk::ScalarOutput failingBefore = list.scalar("failing_households_before")
                                          .label("Homes failing before")
                                          .unit("households")
                                          .description("Existing homes that fail the sunlight test before.");
    sdk::ScalarOutput failingAfter =
        list.scalar("failing_households_after")
            .label("Homes failing after")
            .unit("households")
            .description("Kept and new homes that fail the sunlight test after.");
    sdk::ScalarOutput failingNew =
        list.scalar("failing_new_households")
            .label("New homes failing")
            .unit("households")
            .description("New homes (one window each) that fail the sunlight test.");
    sdk::ScalarOutput newlyFailing = list.scalar("newly_failing_households")
                                         .label("Homes newly failing")
                                         .unit("households")
                                         .description("Kept homes that passed before and fail after.");
    sdk::ScalarOutput newlyFailingBlamed =
        list.scalar("newly_failing_blamed")
            .label("Newly failing, blamed")
            .unit("households")
            .description("Of the homes newly failing, those for which a new building blocks the sun.");
};

const NewtownParamsDecl& P() {
    static const NewtownParamsDecl p;
    return p;
}
const NewtownOutputsDecl& O() {
    static const NewtownOutputsDecl o;
    return o;
}

/// "YYYY-MM-DD" (a leading '-' for years BCE) into the sun options; a problem naming `date` when it is not a
/// calendar date.
void parseDate(const std::string& text, SunlightOptions& sun, std::vector<sdk::Problem>& problems) {
    const std::string t = core::trim(text);
    int y = 0, m = 0, d = 0;
    char tail = 0;
    const bool parsed = std::sscanf(t.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) == 3;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!parsed || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap)) {
        problems.push_back({kId, P().date.id(), "'" + text + "' is not a date YYYY-MM-DD"});
        return;
    }
    if (!limits::year.contains(y)) {
        problems.push_back({kId, P().date.id(),
                            "year " + std::to_string(y) + " of '" + text + "' is outside the SPA's range " +
                                limits::text(limits::year)});
        return;
    }
    sun.year = y;
    sun.month = m;
    sun.day = d;
}

/// Everything a run needs, from the parameters and the model.
struct Plan {
    NewtownTables tables;
    NewtownInputs inputs;
    NewtownParams params;
    std::vector<std::string> existingTags;
    std::string tablesDir;
    Site site;
    std::vector<core::Problem> warnings;
};

/// Builds the plan; every problem found goes to `problems` (never throws).
void makePlan(const core::CityModel& model, const sdk::ParameterSet& p, Plan& plan,
              std::vector<sdk::Problem>& problems) {
    const NewtownParamsDecl& k = P();

    // Tables.
    plan.tablesDir = core::trim(p[k.tablesDir]);
    if (plan.tablesDir.empty()) plan.tablesDir = defaultTablesDir();
    const std::string ordinance = k.ordinance.name(p[k.ordinance]);
    bool haveTables = false;
    if (plan.tablesDir.empty()) {
        problems.push_back(
            {kId, k.tablesDir.id(), "the new-town tables (data/newtown) were not found: set tables_dir"});
    } else {
        try {
            plan.tables = loadTables(plan.tablesDir, ordinance);
            haveTables = true;
        } catch (const core::Error& e) {
            problems.push_back({kId, k.tablesDir.id(), e.what()});
        }
    }

    // Parameters.
    NewtownParams& np = plan.params;
    np.massing.spacingFactor = p[k.spacingFactor];
    np.massing.northRule = p[k.northRule];
    np.massing.farBonusFactor = p[k.farBonus];
    np.massing.lotLineOffsetM = p[k.lotLineOffset];
    np.massing.seed = static_cast<unsigned>(p[k.seed]);
    np.massing.phaseCandidates = static_cast<int>(p[k.phases]);
    np.population.personsPerHousehold = p[k.personsPerHousehold];
    np.population.carShare = p[k.carShare];
    np.population.peakHourFactor = p[k.peakHourFactor];
    np.population.peak = p[k.peak];
    np.population.peakDirectionShare = p[k.peakDirection];
    np.population.existingStoreyHeightM = p[k.existingStorey];
    np.population.existingUnitGrossM2 = p[k.existingUnitGfa];
    np.population.planningAreaHa = p[k.planningArea];
    np.computeSunlight = p[k.computeSunlight];
    np.replaceShare = p[k.replaceShare];
    np.facade.windowHeightM = p[k.windowHeight];
    np.facade.gridSpacingM = p[k.facadeSpacing];
    SunlightOptions& sun = np.sun;
    parseDate(p[k.date], sun, problems);
    sun.stepMin = p[k.timeStep];
    sun.minSpanMin = p[k.minSpan];
    sun.groundCellM = p[k.groundCell];
    sun.groundMarginM = p[k.groundMargin];
    sun.groundStepMin = p[k.groundStep];
    sun.refraction = p[k.refraction];
    sun.timezoneH = p[k.timezone];
    sun.deltaTS = p[k.deltaT];
    sun.pressureHPa = p[k.pressure];
    sun.temperatureC = p[k.temperature];
    if (haveTables) sun.criteria = plan.tables.sunlight;

    // Parcels.
    const std::string& parcelName = p[k.parcelLayer];
    const auto layer = model.vectors.find(parcelName);
    ParcelFields fields;
    fields.zoning = core::trim(p[k.zoningField]);
    fields.id = core::trim(p[k.idField]);
    fields.block = core::trim(p[k.blockField]);
    if (parcelName.empty())
        problems.push_back({kId, k.parcelLayer.id(), "no parcel layer is given"});
    else if (layer == model.vectors.end())
        problems.push_back(
            {kId, k.parcelLayer.id(), "'" + parcelName + "' is not a vector layer of the city model"});
    else
        plan.inputs.parcels = parcelsFromLayer(layer->second, fields, problems);

    // Existing buildings.
    ExistingOptions eo;
    eo.useField = core::trim(p[k.useField]);
    eo.untaggedUse = p[k.untaggedUse];
    const std::string& existingName = p[k.existingBuildings];
    if (existingName.empty() || existingName == "buildings") {
        plan.inputs.existing = existingFromModel(model, eo, &plan.existingTags);
    } else if (const auto e = model.vectors.find(existingName); e != model.vectors.end()) {
        plan.inputs.existing = existingFromLayer(e->second, eo, problems, &plan.existingTags);
    } else {
        problems.push_back({kId, k.existingBuildings.id(),
                            "'" + existingName + "' is not a vector layer of the city model"});
    }
    plan.inputs.terrain = model.hasTerrain() ? &model.terrain : nullptr;

    // The site: latitude, longitude and true north from the model's CRS.
    bool siteKnown = false;
    if (!plan.inputs.parcels.empty()) {
        if (model.crs.empty()) {
            problems.push_back({kId, k.parcelLayer.id(),
                                "the city model has no CRS: the site's latitude and "
                                "longitude cannot be found"});
        } else {
            try {
                plan.site = siteOf(model.crs, parcelsCentre(plan.inputs.parcels));
                plan.inputs.latitudeDeg = plan.site.latitudeDeg;
                plan.inputs.longitudeDeg = plan.site.longitudeDeg;
                np.massing.trueNorthGridAzimuthDeg = plan.site.trueNorthGridAzimuthDeg;
                siteKnown = true;
            } catch (const core::Error& e) {
                problems.push_back({kId, k.parcelLayer.id(), e.what()});
            }
        }
    }

    // The engine's own checks, with every problem found above (all at once): parcels whose attributes could
    // not be read are checked with those attributes unset, and an unknown site is reported once, above.
    if (!haveTables || plan.inputs.parcels.empty()) return;
    NewtownParams checked = np;
    if (!siteKnown) checked.computeSunlight = false;
    const ParcelChecks checks = validate(plan.inputs, checked, plan.tables);
    auto rename = [&](core::Problem pr) {
        if (pr.parameter == "parcels") {
            pr.parameter = k.parcelLayer.id();
            if (fields.zoning != "zoning") {
                const auto at = pr.message.find("[zoning]");
                if (at != std::string::npos) pr.message.replace(at, 8, "[" + fields.zoning + "]");
            }
        } else if (pr.parameter == "buildings") {
            pr.parameter = k.existingBuildings.id();
        }
        pr.simulator = kId;
        return pr;
    };
    for (const core::Problem& e : checks.errors)
        problems.push_back(rename(e));
    for (const core::Problem& w : checks.warnings)
        plan.warnings.push_back(rename(w));
}

core::Raster onModelCrs(core::Raster r, const core::CityModel& model, const char* name) {
    r.setCrs(model.crs);
    r.name = name;
    r.unit = "h";
    return r;
}

class NewtownSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "New town: zoning to massing, households, winter sunlight and loads";
        d.info.version = "1.0.0";
        d.info.summary =
            "What the zoning lets each parcel build (massing inside the Korean envelope rules), the "
            "households, "
            "population and jobs it makes, which homes lose their winter-solstice sunlight and to which new "
            "building, and the trips, water and school places it adds.";
        d.info.references = {
            "National Land Planning and Utilization Act Enforcement Decree Art. 84, 85 (BCR, FAR by zoning "
            "class)",
            "Building Act Art. 61 and Enforcement Decree Art. 86 (due-north setback, apartment spacing; "
            "2023-09)",
            "Reda & Andreas (2004), Solar position algorithm for solar radiation applications, Solar Energy "
            "76(5)",
            "Korean case law on sunlight: 2 h continuous 09-15 h or 4 h in total 08-16 h on the winter "
            "solstice",
            "ITE (2017), Trip Generation Manual, 10th ed.; HCA (2015), Employment Density Guide, 3rd ed."};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> problems;
        try {
            Plan plan;
            makePlan(model, p, plan, problems);
        } catch (const std::exception& e) {
            problems.push_back({kId, {}, e.what()});
        }
        return problems;
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p,
                     sdk::RunContext& ctx) const override {
        const NewtownOutputsDecl& out = O();
        const core::Progress progress = ctx.asProgress();
        progress(0.0, "reading parcels, buildings and tables");
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<sdk::Problem> problems;
        Plan plan;
        makePlan(model, p, plan, problems);
        if (!problems.empty()) {
            std::string all;
            for (const sdk::Problem& pr : problems)
                all += (all.empty() ? "" : "; ") + pr.parameter + ": " + pr.message;
            throw core::Error(core::ErrorCode::Validation, all,
                              core::Error::Context{{}, {}, problems.front().parameter});
        }
        for (const core::Problem& w : plan.warnings)
            ctx.log(sdk::LogLevel::Warning, w.message);
        ctx.log(sdk::LogLevel::Info,
                std::to_string(plan.inputs.parcels.size()) + " parcels, " +
                    std::to_string(plan.inputs.existing.size()) + " existing buildings; tables from " +
                    plan.tablesDir + " (" + plan.tables.ordinance.name + " ordinance); site " +
                    core::number(plan.site.latitudeDeg, 7) + " N, " +
                    core::number(plan.site.longitudeDeg, 8) + " E, true north at " +
                    core::number(plan.site.trueNorthGridAzimuthDeg, 4) + " deg from grid north");
        ctx.statistic("site_latitude_deg", plan.site.latitudeDeg);
        ctx.statistic("site_longitude_deg", plan.site.longitudeDeg);
        ctx.statistic("true_north_grid_azimuth_deg", plan.site.trueNorthGridAzimuthDeg);
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;

        omp_set_num_threads(std::max(1, ctx.threads()));
        const auto t1 = std::chrono::steady_clock::now();
        const NewtownResult r = newtown::run(plan.inputs, plan.params, plan.tables,
                                             progress.sub(0.02, 0.95, "massing, loads and sunlight"));
        if (r.status == NewtownResult::Status::Cancelled || ctx.isCancelled()) return sdk::Outcome::Cancelled;
        const auto t2 = std::chrono::steady_clock::now();
        for (const core::Problem& w : r.warnings)
            if (std::find_if(plan.warnings.begin(), plan.warnings.end(), [&](const core::Problem& x) {
                    return x.message == w.message;
                }) == plan.warnings.end())
                ctx.log(sdk::LogLevel::Warning, w.message);

        progress(0.95, "handing over results");
        const core::Crs& crs = model.crs;
        if (!ctx.output(out.buildings, newBuildingsLayer(r, crs))) return sdk::Outcome::Completed;
        if (!ctx.output(out.buildingsAfter, buildingsAfterLayer(plan.inputs, r, crs, plan.existingTags)))
            return sdk::Outcome::Completed;
        if (!ctx.output(out.buildingsBefore, buildingsAfterLayer(plan.inputs, r, crs, plan.existingTags, true)))
            return sdk::Outcome::Completed;
        if (!ctx.output(out.parcels, parcelsLayer(plan.inputs, r, crs))) return sdk::Outcome::Completed;
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        if (!r.sunHours.empty()) {
            const core::Raster after = onModelCrs(r.sunHours, model, "sun_hours");
            const core::Raster before = onModelCrs(r.sunHoursBefore, model, "sun_hours_before");
            core::Raster lost = onModelCrs(r.sunHours, model, "sun_hours_lost");
            for (std::size_t i = 0; i < lost.data().size(); ++i)
                lost.data()[i] = before.data()[i] - after.data()[i];  // NaN where either is (under buildings)
            if (!ctx.output(out.sunHours, after) || !ctx.output(out.sunHoursBefore, before) ||
                !ctx.output(out.sunHoursLost, lost))
                return sdk::Outcome::Completed;
        }
        if (!r.facade.empty()) {
            if (!ctx.output(out.facadePoints, facadePointsLayer(r, crs))) return sdk::Outcome::Completed;
            if (!ctx.output(out.failingWindows, failingWindowsLayer(r, crs))) return sdk::Outcome::Completed;
        }
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
        if (!ctx.output(out.compliance, complianceTable(r)) ||
            !ctx.output(out.comparison, comparisonTable(r)) || !ctx.output(out.loads, loadsTable(r)) ||
            !ctx.output(out.parcelTrips, parcelTripsTable(plan.inputs, r)) ||
            !ctx.output(out.blocks, blocksTable(r)) ||
            !ctx.output(out.referenceTowns, referenceTownsTable(r)) ||
            !ctx.output(out.sources, sourcesTable(r)))
            return sdk::Outcome::Completed;
        if (!r.sunPath.empty() && !ctx.output(out.sunPath, sunPathTable(r))) return sdk::Outcome::Completed;

        const Summary& s = r.summary;
        const LoadTotals lt = loadTotals(r);
        int failingParcels = 0;
        for (const ParcelCompliance& c : r.compliance)
            failingParcels += c.pass() ? 0 : 1;
        ctx.output(out.newBuildings, static_cast<double>(s.buildings));
        ctx.output(out.newFloorArea, s.gfaM2);
        ctx.output(out.households, s.after.households);
        ctx.output(out.population, s.after.population);
        ctx.output(out.jobs, s.after.jobs);
        ctx.output(out.householdsAdded, s.added.households);
        ctx.output(out.populationAdded, s.added.population);
        ctx.output(out.jobsAdded, s.added.jobs);
        ctx.output(out.grossDensity, s.grossDensityPerHa);
        ctx.output(out.netDensity, s.netDensityPerHa);
        ctx.output(out.residentialFar, s.residentialFarPct);
        ctx.output(out.planningAreaHa, s.planningAreaHa);
        ctx.output(out.peakTripsAdded, r.comparison.peakTripsAdded);
        ctx.output(out.dailyTripsAdded, r.comparison.dailyTripsAdded);
        ctx.output(out.waterAdded, lt.added.waterM3PerDay);
        ctx.output(out.pupilsAdded, lt.added.pupilsElementary + lt.added.pupilsMiddle + lt.added.pupilsHigh);
        ctx.output(out.parcelsFailing, static_cast<double>(failingParcels));
        if (!r.facade.empty()) {
            const Comparison& c = r.comparison;
            ctx.output(out.failingBefore, c.failingHouseholdsBefore);
            ctx.output(out.failingAfter, c.failingHouseholdsAfter);
            ctx.output(out.failingNew, c.failingNewHouseholds);
            ctx.output(out.newlyFailing, c.newlyFailingExisting);
            ctx.output(out.newlyFailingBlamed, c.newlyFailingByNewBuildings);
        }

        const auto t3 = std::chrono::steady_clock::now();
        auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
        ctx.statistic("prepare_s", seconds(t0, t1));
        ctx.statistic("engine_s", seconds(t1, t2));
        ctx.statistic("emit_s", seconds(t2, t3));
        ctx.statistic("parcels", static_cast<double>(plan.inputs.parcels.size()));
        ctx.statistic("existing_buildings", static_cast<double>(plan.inputs.existing.size()));
        ctx.statistic("replaced_buildings", static_cast<double>(r.replacedExisting.size()));
        ctx.statistic("facade_points", static_cast<double>(r.facade.size()));
        ctx.statistic("sun_steps", static_cast<double>(r.sunPath.size()));
        ctx.statistic("threads", static_cast<double>(std::max(1, ctx.threads())));
        ctx.log(sdk::LogLevel::Info, std::to_string(s.buildings) + " new buildings, " +
                                         core::number(s.added.households, 6) + " households added; " +
                                         std::to_string(r.facade.size()) + " facade points x " +
                                         std::to_string(r.sunPath.size()) + " sun steps in " +
                                         core::number(seconds(t1, t2), 3) + " s");
        progress(1.0, "done");
        return sdk::Outcome::Completed;
    }
};

}  // namespace
}  // namespace citytwin::newtown

CITYTWIN_PLUGIN(citytwin::newtown::NewtownSimulator)

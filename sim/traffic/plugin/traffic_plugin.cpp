// The traffic simulator plug-in: the SDK face of the traffic study (study.h). Parameters map to StudyOptions,
// the study's results to outputs; everything else lives in the engine and the city adapter. Parameters and
// outputs are documented in sim/traffic/README.md (the tables there are generated from describe() and kept
// in sync by a test).

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "citytwin/sdk/sdk.h"
#include "citytwin/traffic/limits.h"
#include "study.h"

namespace citytwin::traffic {
namespace {

constexpr const char* kId = "traffic";

enum class JunctionModel { Delays, None };
enum class DrivingSide { Right, Left };

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h.
struct TrafficParams {
    sdk::ParamList list;

    sdk::FileParam networkFile =
        list.group("Network")
            .file("network_file")
            .label("Network file")
            .help(
                "A standard network to use instead of the city model's roads: a TNTP _net file, or a GMNS "
                "link.csv (with node_file). Relative paths are to the scenario file's folder; empty = "
                "the city.");
    sdk::FileParam nodeFile =
        list.file("node_file")
            .label("Node file")
            .help("TNTP _node file (coordinates, optional) or GMNS node.csv (required for GMNS).");
    sdk::RealParam tntpTimeUnit =
        list.real("tntp_time_unit_min")
            .label("TNTP time unit")
            .help(
                "Minutes per time unit of a TNTP network (the files do not say; 0.6 for "
                "Sioux Falls' 0.01 h).")
            .unit("min")
            .range(limits::unitFactor)
            .byDefault(1.0)
            .advanced();
    sdk::RealParam tntpLengthUnit =
        list.real("tntp_length_unit_km")
            .label("TNTP length unit")
            .help("Kilometres per length unit of a TNTP network (1.609 for miles).")
            .unit("km")
            .range(limits::unitFactor)
            .byDefault(1.0)
            .advanced();

    sdk::ChoiceParam<Objective> objective =
        list.group("Assignment")
            .choice<Objective>(
                "objective",
                {{Objective::UserEquilibrium, "ue",
                  "Every driver takes a least-cost route (Wardrop's first principle)."},
                 {Objective::SystemOptimum, "so", "The routes that minimise total travel time."}})
            .label("Objective")
            .help("Which equilibrium to compute.");
    sdk::RealParam maxGap = list.real("max_relative_gap")
                                .label("Relative gap")
                                .help("Stop once (TSTT - SPTT) / TSTT is at most this.")
                                .range(limits::relativeGap)
                                .byDefault(1e-10);
    sdk::IntParam maxIterations = list.integer("max_iterations")
                                      .label("Iteration limit")
                                      .help("Stop after this many iterations.")
                                      .range(limits::iterations)
                                      .byDefault(500)
                                      .advanced();
    sdk::RealParam maxSeconds = list.real("max_seconds")
                                    .label("Time limit")
                                    .help("Stop after this much wall-clock time; 0 = no limit.")
                                    .unit("s")
                                    .range(limits::seconds)
                                    .byDefault(0.0)
                                    .advanced();
    sdk::RealParam distanceWeight =
        list.real("distance_weight")
            .label("Distance weight")
            .help("Minutes of generalized cost per km driven, on top of the travel time.")
            .unit("min/km")
            .range(limits::costWeight)
            .byDefault(0.0)
            .advanced();
    sdk::ChoiceParam<UnreachablePolicy> unreachable =
        list.choice<UnreachablePolicy>(
                "unreachable_demand",
                {{UnreachablePolicy::Report, "report", "Assign the rest and list the pairs without a path."},
                 {UnreachablePolicy::Fail, "error", "Stop the run."}})
            .label("Unreachable demand")
            .help("What to do with demand that has no route.")
            .advanced();

    sdk::FileParam tripsFile =
        list.group("Demand")
            .file("trips_file")
            .label("Trips file")
            .help(
                "An OD matrix to assign instead of the generated one: TNTP trips, CSV long format "
                "(origin,destination,trips) or OMX; zone ids as the network names them. With time_of_day, "
                "matrices "
                "or columns named after the periods are the periods' hourly demand, else it is the daily "
                "matrix.");
    sdk::TextParam tripsMatrix =
        list.text("trips_matrix")
            .label("Matrix name")
            .help("The OMX matrix or CSV value column to read; empty = the only one.")
            .advanced();
    sdk::RealParam demandScale = list.real("demand_scale")
                                     .label("Demand scale")
                                     .help("Multiplies the demand (growth scenarios, sensitivity).")
                                     .range(limits::demandScale)
                                     .byDefault(1.0);
    sdk::ChoiceParam<PeakPeriod> peak =
        list.choice<PeakPeriod>("peak_period", {{PeakPeriod::Morning, "am", "Homes send the trips."},
                                                {PeakPeriod::Evening, "pm", "Homes receive the trips."},
                                                {PeakPeriod::Daily, "daily", "Both ways, a whole day."}})
            .label("Peak")
            .help("Which way the trips go.");
    sdk::RealParam carShare = list.real("car_share")
                                  .label("Car share")
                                  .help("Share of trips made by car.")
                                  .range(limits::share)
                                  .byDefault(0.3);
    sdk::RealParam peakHourFactor = list.real("peak_hour_factor")
                                        .label("Peak-hour factor")
                                        .help("Share of the daily trips made in the peak hour.")
                                        .range(limits::peakHourFactor)
                                        .byDefault(0.1);
    sdk::ChoiceParam<BuildingUse> defaultUse =
        list.choice<BuildingUse>("default_building_use",
                                 {{BuildingUse::Residential, "residential", "Homes."},
                                  {BuildingUse::Office, "office", "Offices."},
                                  {BuildingUse::Retail, "retail", "Shops."},
                                  {BuildingUse::Hotel, "hotel", "Hotels."},
                                  {BuildingUse::Education, "education", "Schools and universities."},
                                  {BuildingUse::Hospital, "hospital", "Hospitals."},
                                  {BuildingUse::Industrial, "industrial", "Industry."},
                                  {BuildingUse::Other, "other", "Anything else."}})
            .label("Default building use")
            .help("Use of buildings whose tag says nothing (OSM building=yes).")
            .advanced();
    sdk::LayerParam buildingsLayer =
        list.layer("buildings_layer")
            .label("Buildings")
            .help("The buildings that make the trips, instead of the city model's: a polygon layer with a use "
                  "(building or use), floors (levels, floors or building:levels) or a height (height_m or height), "
                  "e.g. newtown.buildings_after for the traffic of a new-town plan. Empty = the model's buildings.")
            .layerKind("vector");
    sdk::RealParam storeyHeight = list.real("storey_height_m")
                                      .label("Storey height")
                                      .help("Floors = height / this where the data have no floor count.")
                                      .unit("m")
                                      .range(limits::storeyHeightM)
                                      .byDefault(3.0)
                                      .advanced();
    sdk::RealParam gravityBeta = list.real("gravity_beta")
                                     .label("Gravity beta")
                                     .help("Deterrence exp(-beta x free-flow minutes) of the gravity model.")
                                     .unit("1/min")
                                     .range(limits::gravityBeta)
                                     .byDefault(0.1)
                                     .advanced();

    sdk::RealParam truckShare = list.group("Vehicle classes")
                                    .real("truck_share")
                                    .label("Truck share")
                                    .help(
                                        "Share of every OD cell made by trucks (a second class with its PCE "
                                        "and bans); 0 = cars only.")
                                    .range(limits::share)
                                    .byDefault(0.0);
    sdk::FileParam truckTripsFile = list.file("truck_trips_file")
                                        .label("Truck trips file")
                                        .help("A truck OD matrix (formats as trips_file) instead of a share.")
                                        .advanced();
    sdk::RealParam truckPce = list.real("truck_pce")
                                  .label("Truck PCE")
                                  .help(
                                      "Passenger-car equivalents of a truck (HCM 2010 ch. 11: 1.5 on level "
                                      "freeways, 2.5 in rolling terrain; 2 for urban streets).")
                                  .range(limits::pce)
                                  .byDefault(2.0);
    sdk::TextParam truckBans =
        list.text("truck_bans")
            .label("Truck bans")
            .help(
                "Comma-separated road classes (TNTP: link types) trucks may not use, e.g. "
                "residential,living_street.");

    sdk::LayerParam zoneLayer =
        list.group("Zones")
            .layer("zone_layer")
            .label("Zone layer")
            .help("A vector layer of zone polygons or centroids; empty = a square grid of zone_size_m.")
            .layerKind("vector");
    sdk::TextParam zoneIdField = list.text("zone_id_field")
                                     .label("Zone id attribute")
                                     .help("Attribute of the zone layer with the zone ids.")
                                     .advanced();
    sdk::RealParam zoneSize = list.real("zone_size_m")
                                  .label("Grid zone size")
                                  .help("Side of the square grid zones when there is no zone layer.")
                                  .unit("m")
                                  .range(limits::zoneSizeM)
                                  .byDefault(500.0);
    sdk::IntParam connectorsPerZone =
        list.integer("connectors_per_zone")
            .label("Connectors per zone")
            .help("Access links from each zone to its nearest nodes on distinct roads.")
            .range(limits::connectorsPerZone)
            .byDefault(4)
            .advanced();
    sdk::RealParam connectorSpeed = list.real("connector_speed_kmh")
                                        .label("Connector speed")
                                        .help("Speed on the access links.")
                                        .unit("km/h")
                                        .range(limits::connectorSpeedKmh)
                                        .byDefault(20.0)
                                        .advanced();

    sdk::BoolParam cordon =
        list.group("Through traffic")
            .boolean("cordon")
            .label("Cordon traffic")
            .help(
                "External zones where roads leave the model, with through and in/out traffic from counts or "
                "road-class loads (city networks).")
            .byDefault(true);
    sdk::FileParam cordonCounts =
        list.file("cordon_counts_file")
            .label("Cordon counts")
            .help(
                "CSV of counts on roads leaving the model: road_id (or x,y), direction "
                "(inbound, outbound, both), count [veh/h].");
    sdk::FileParam cordonTable = list.file("cordon_table")
                                     .label("Cordon load table")
                                     .help(
                                         "A table like data/traffic/cordon_defaults.csv (volume/capacity and "
                                         "through share by road class); empty = the shipped one.")
                                     .advanced();
    sdk::RealParam cordonScale = list.real("cordon_scale")
                                     .label("Cordon scale")
                                     .help("Multiplies every cordon flow (growth, sensitivity).")
                                     .range(limits::cordonScale)
                                     .byDefault(1.0);
    sdk::RealParam continuity = list.real("through_continuity")
                                    .label("Route continuity")
                                    .help(
                                        "Weight of through trips that leave by the road they came in on, "
                                        "against 1 for any other road.")
                                    .range(limits::continuity)
                                    .byDefault(50.0)
                                    .advanced();

    sdk::RealParam snapTolerance = list.group("Road network")
                                       .real("snap_tolerance_m")
                                       .label("Snap tolerance")
                                       .help("Road vertices closer than this become one node.")
                                       .unit("m")
                                       .range(limits::snapToleranceM)
                                       .byDefault(1.0);
    sdk::TextParam roadClasses =
        list.text("road_classes")
            .label("Road classes")
            .help(
                "Comma-separated road classes to use (e.g. primary,secondary,residential); "
                "empty = every motorised class.")
            .advanced();
    sdk::RealParam bprAlpha = list.real("bpr_alpha")
                                  .label("BPR alpha")
                                  .help("Alpha of the BPR volume-delay function.")
                                  .range(limits::bprAlpha)
                                  .byDefault(0.15)
                                  .advanced();
    sdk::RealParam bprBeta = list.real("bpr_beta")
                                 .label("BPR beta")
                                 .help("Power of the BPR volume-delay function.")
                                 .range(limits::bprBeta)
                                 .byDefault(4.0)
                                 .advanced();

    sdk::ChoiceParam<JunctionModel> junctionModel =
        list.group("Junctions")
            .choice<JunctionModel>(
                "junction_model",
                {{JunctionModel::Delays, "delays",
                  "Turns at junctions with delays by control type (signal, priority, roundabout), "
                  "U-turn bans and the turns file."},
                 {JunctionModel::None, "none", "Links only (and the turns file, if any)."}})
            .label("Junction model")
            .help("How junctions are modelled.");
    sdk::LayerParam signalLayer =
        list.layer("signal_layer")
            .label("Traffic signals")
            .help(
                "A point layer of traffic signals (OSM highway=traffic_signals); without "
                "one, signals are inferred from the classes of the roads that meet.")
            .layerKind("vector");
    sdk::FileParam turnsFile =
        list.file("turns_file")
            .label("Turns file")
            .help(
                "CSV of turn bans and penalties: from_road,to_road,penalty (city, road ids) "
                "or from_node,via_node,to_node,penalty (TNTP, GMNS); penalty in minutes or "
                "'ban'.");
    sdk::FileParam junctionDelays =
        list.file("junction_delays_table")
            .label("Junction delay table")
            .help("A table like data/traffic/junction_delays.csv; empty = the shipped one.")
            .advanced();
    sdk::ChoiceParam<DrivingSide> drivingSide =
        list.choice<DrivingSide>("driving_side",
                                 {{DrivingSide::Right, "right", "Right-hand traffic (Korea)."},
                                  {DrivingSide::Left, "left", "Left-hand traffic."}})
            .label("Driving side")
            .help("Which turns cross oncoming traffic.")
            .advanced();
    sdk::BoolParam banUTurns = list.boolean("ban_u_turns")
                                   .label("Ban U-turns")
                                   .help("No U-turns at junctions (nodes where three or more roads meet).")
                                   .byDefault(true)
                                   .advanced();

    sdk::BoolParam timeOfDay = list.group("Time of day")
                                   .boolean("time_of_day")
                                   .label("Time of day")
                                   .help(
                                       "Assign every period of the periods table (AM peak, inter-peak, PM "
                                       "peak, off-peak) and add them "
                                       "up to a day.")
                                   .byDefault(false);
    sdk::FileParam periodsTable =
        list.file("periods_table")
            .label("Periods table")
            .help(
                "A table like data/traffic/time_of_day.csv (period, hours, daily share, "
                "direction); empty = the shipped one.");

    sdk::FileParam countsFile = list.group("Counts")
                                    .file("counts_file")
                                    .label("Counts file")
                                    .help(
                                        "CSV of traffic counts: road_id (TNTP: from_node,to_node; GMNS: "
                                        "link_id), direction (forward, "
                                        "backward, both), optional period, count [veh/h].");
    sdk::BoolParam adjust =
        list.boolean("adjust_to_counts")
            .label("Adjust the matrix")
            .help(
                "Adjust the demand matrix to the counts (Spiess 1990) and report before and "
                "after.")
            .byDefault(false);
    sdk::IntParam adjustIterations =
        list.integer("adjustment_iterations")
            .label("Adjustment steps")
            .help("Gradient steps of the matrix adjustment, each after an assignment.")
            .range(limits::adjustmentIterations)
            .byDefault(10)
            .advanced();

    sdk::TextParam selectLinks = list.group("Analysis")
                                     .text("select_links")
                                     .label("Select links")
                                     .help(
                                         "Comma-separated road ids (TNTP: from-to; GMNS: link ids): who uses "
                                         "them, and where they come "
                                         "from and go.");
    sdk::TextParam selectZone = list.text("select_zone")
                                    .label("Select zone")
                                    .help("A zone id: where its trips go (and come from) on the network.");
    sdk::ChoiceParam<ZoneDirection> selectZoneDirection =
        list.choice<ZoneDirection>("select_zone_direction",
                                   {{ZoneDirection::Both, "both", "Trips from and to the zone."},
                                    {ZoneDirection::From, "from", "Trips from the zone."},
                                    {ZoneDirection::To, "to", "Trips to the zone."}})
            .label("Select zone direction")
            .help("Which trips of the selected zone.")
            .advanced();
    sdk::TextParam districtsFile = list.text("districts_file")
                                       .label("Districts file")
                                       .help("CSV zone,district: the demand matrix aggregated to districts.");
    sdk::LayerParam baselineLinks =
        list.layer("baseline_links")
            .label("Baseline run")
            .help(
                "The links of an earlier traffic run (traffic.links of a --with-results folder, scenario A): "
                "this "
                "run's flows, times and V/C are also given as differences from it (B - A).")
            .layerKind("vector");

    sdk::TextParam closedRoads =
        list.group("Scenario edits")
            .text("closed_roads")
            .label("Closed roads")
            .help("Comma-separated road ids (e.g. OSM ids; TNTP: from-to) to close.");
    sdk::LayerParam closureArea = list.layer("closure_area")
                                      .label("Closure area")
                                      .help("Close every road that crosses these polygons.")
                                      .layerKind("vector");
    sdk::LayerParam closureDepthLayer = list.layer("closure_depth_layer")
                                            .label("Flood depth layer")
                                            .help(
                                                "A water-depth raster (e.g. flood.max_depth from a flood run "
                                                "before this one); roads where it "
                                                "reaches the threshold are closed.")
                                            .layerKind("raster");
    sdk::RealParam closureDepthThreshold = list.real("closure_depth_threshold_m")
                                               .label("Impassable depth")
                                               .help(
                                                   "Water depth from which a road is closed (cars stall at "
                                                   "about 0.3 m: Pregnolato et al. 2017).")
                                               .unit("m")
                                               .range(limits::closureDepthM)
                                               .byDefault(0.3);
    sdk::TextParam capacityChanges =
        list.text("capacity_changes")
            .label("Capacity changes")
            .help("Comma-separated ROAD_ID:FACTOR, e.g. 12345:0.5 for a lane closure on road 12345.");
    sdk::LayerParam addedRoads = list.layer("added_roads")
                                     .label("New roads")
                                     .help(
                                         "A vector layer of new road lines (attributes highway, lanes, "
                                         "maxspeed, oneway as for roads).")
                                     .layerKind("vector");
};

struct TrafficOutputs {
    sdk::OutputList list;
    sdk::VectorOutput links =
        list.vector("links")
            .label("Road links")
            .description(
                "Each direction of each road: flow, capacity, volume/capacity, free-flow and congested "
                "time, speed, delay (and per class, per period, select-link flows when asked). The two "
                "directions of a two-way road are drawn side by side.")
            .style([] {
                sdk::StyleHint s = sdk::Style::lines("vc", "rdylgn_r", 0.0, 1.2);
                s.widthAttribute = "flow_veh_h";
                return s;
            }());
    sdk::VectorOutput difference =
        list.vector("difference")
            .label("Difference from the baseline")
            .description(
                "Each road link's flow, congested time and V/C in this run minus the baseline run's "
                "(baseline_links): where a scheme or a closure moves traffic.")
            .style([] {
                sdk::StyleHint s = sdk::Style::lines("flow_change", "rdbu");
                s.widthAttribute = "flow_change_abs";
                return s;
            }());
    sdk::TableOutput linkFlows =
        list.table("link_flows")
            .label("Link flows")
            .description(
                "Every link of the network (also networks without coordinates): ids, capacity, flow, V/C, "
                "times, speed, and the per-class, per-period and select-link flows when asked.");
    sdk::VectorOutput zones = list.vector("zones")
                                  .label("Traffic zones")
                                  .unit("veh/h")
                                  .description(
                                      "Zones with the trips that start (productions) and end (attractions) "
                                      "in them in the assigned hour.")
                                  .style(sdk::Style::polygons("productions", "viridis"));
    sdk::VectorOutput stations =
        list.vector("cordon_stations")
            .label("Cordon stations")
            .unit("veh/h")
            .description(
                "Where roads leave the model: inbound and outbound flow, through share, and whether they "
                "come from counts or road-class loads.")
            .style(sdk::Style::points("triangle", "inbound", "viridis"));
    sdk::VectorOutput junctionPoints =
        list.vector("junctions")
            .label("Junctions")
            .description(
                "Junction nodes with their control (signal, priority, roundabout, uncontrolled) and the "
                "flow through them.")
            .style([] {
                sdk::StyleHint s = sdk::Style::points("circle", "control_code");
                s.drawAs = sdk::DrawAs::Points;
                s.classNames = {"uncontrolled", "priority", "signal", "roundabout"};
                s.colorMap = "categorical";
                return s;
            }());
    sdk::TableOutput turns = list.table("turns")
                                 .label("Turning movements")
                                 .description("Flow and delay of every allowed turn at the junctions.");
    sdk::TableOutput convergence =
        list.table("convergence")
            .label("Convergence")
            .description(
                "Relative gap, average excess cost and objective per iteration (the solve time is a run "
                "statistic in the manifest).")
            .style(sdk::Style::profile("iteration"));
    sdk::TableOutput skim =
        list.table("travel_time_skim")
            .label("Zone-to-zone travel times")
            .description(
                "Congested travel time and distance of the least-cost route between every pair of zones "
                "(also as OMX).")
            .style(sdk::Style::matrix("origin", "destination"));
    sdk::TableOutput demandMatrix =
        list.table("demand_matrix")
            .label("Demand matrix")
            .description(
                "The assigned OD matrix in long format (origin, destination, trips per class; also as OMX).")
            .style(sdk::Style::matrix("origin", "destination"));
    sdk::TableOutput districtMatrix =
        list.table("district_matrix")
            .label("District matrix")
            .description("The demand matrix aggregated to the districts of districts_file.")
            .style(sdk::Style::matrix("origin", "destination"));
    sdk::TableOutput unreachable =
        list.table("unreachable")
            .label("Unreachable demand")
            .description(
                "Origin-destination pairs with demand but no route (closures and bans can cause them).");
    sdk::TableOutput periods = list.table("periods").label("Periods").description(
        "Per period of the day: hours, hourly demand, travel time and distance on roads and access "
        "links, gap; and the daily total.");
    sdk::TableOutput countComparison =
        list.table("count_comparison")
            .label("Counts and flows")
            .description(
                "Each count beside the assigned flow and its GEH statistic (and after the matrix "
                "adjustment).");
    sdk::TableOutput adjustment =
        list.table("matrix_adjustment")
            .label("Matrix adjustment")
            .description("Objective 1/2 sum (flow - count)^2 before and after each step.");
    sdk::TableOutput adjustedMatrix =
        list.table("adjusted_matrix")
            .label("Adjusted matrix")
            .description("The demand matrix adjusted to the counts (long format).")
            .style(sdk::Style::matrix("origin", "destination"));
    sdk::TableOutput selectLinkMatrix =
        list.table("select_link_matrix")
            .label("Select-link matrix")
            .description("Origin-destination demand that uses the selected links.")
            .style(sdk::Style::matrix("origin", "destination"));
    sdk::TableOutput selectZoneMatrix = list.table("select_zone_matrix")
                                            .label("Select-zone matrix")
                                            .description("Demand from and to the selected zone.")
                                            .style(sdk::Style::matrix("origin", "destination"));
    sdk::ScalarOutput roadTravelTime = list.scalar("road_travel_time")
                                           .label("Travel time on roads")
                                           .unit("veh h")
                                           .description(
                                               "Sum over road links of flow x congested time (junction "
                                               "delays included), in the assigned hour.");
    sdk::ScalarOutput accessTravelTime =
        list.scalar("access_travel_time")
            .label("Travel time on access links")
            .unit("veh h")
            .description("The same on the zone access links (connectors), which are not roads.");
    sdk::ScalarOutput totalTravelTime = list.scalar("total_travel_time")
                                            .label("Total travel time")
                                            .unit("veh h")
                                            .description("Roads and access links together.");
    sdk::ScalarOutput roadVehicleKm = list.scalar("road_vehicle_km")
                                          .label("Vehicle kilometres on roads")
                                          .unit("veh km")
                                          .description("Sum of flow x length on roads.");
    sdk::ScalarOutput accessVehicleKm = list.scalar("access_vehicle_km")
                                            .label("Vehicle kilometres on access links")
                                            .unit("veh km")
                                            .description("The same on the access links.");
    sdk::ScalarOutput vehicleKm = list.scalar("vehicle_km")
                                      .label("Vehicle kilometres")
                                      .unit("veh km")
                                      .description("Roads and access links together.");
    sdk::ScalarOutput demandAssigned = list.scalar("demand_assigned")
                                           .label("Demand assigned")
                                           .unit("veh/h")
                                           .description("Trips loaded on the network.");
    sdk::ScalarOutput demandIntrazonal =
        list.scalar("demand_intrazonal")
            .label("Trips within a zone")
            .unit("veh/h")
            .description(
                "Trips whose origin and destination are the same zone: not assigned to roads (they use "
                "local streets the zone stands for). Productions = assigned + unreachable + intrazonal.");
    sdk::ScalarOutput demandUnreachable =
        list.scalar("demand_unreachable")
            .label("Demand without a route")
            .unit("veh/h")
            .description("Trips whose destination cannot be reached (reported, not dropped silently).");
    sdk::ScalarOutput demandThrough = list.scalar("demand_through")
                                          .label("Through traffic")
                                          .unit("veh/h")
                                          .description("Trips that enter and leave at the cordon.");
    sdk::ScalarOutput demandInbound = list.scalar("demand_inbound")
                                          .label("Traffic into the model")
                                          .unit("veh/h")
                                          .description("Trips from the cordon to zones inside.");
    sdk::ScalarOutput demandOutbound = list.scalar("demand_outbound")
                                           .label("Traffic out of the model")
                                           .unit("veh/h")
                                           .description("Trips from zones inside to the cordon.");
    sdk::ScalarOutput congestedLinks = list.scalar("congested_links")
                                           .label("Congested links")
                                           .description("Road links with volume above capacity.");
    sdk::ScalarOutput relativeGap = list.scalar("relative_gap")
                                        .label("Relative gap reached")
                                        .description("Convergence of the equilibrium at the end.");
    sdk::ScalarOutput dailyRoadTravelTime =
        list.scalar("daily_road_travel_time")
            .label("Daily travel time on roads")
            .unit("veh h")
            .description("Sum over the periods of hours x road travel time.");
    sdk::ScalarOutput dailyRoadVehicleKm =
        list.scalar("daily_road_vehicle_km")
            .label("Daily vehicle kilometres")
            .unit("veh km")
            .description("Sum over the periods of hours x road vehicle km.");
    sdk::ScalarOutput dailyDemand = list.scalar("daily_demand")
                                        .label("Daily trips")
                                        .unit("veh")
                                        .description("Sum over the periods of hours x hourly demand.");
    sdk::ScalarOutput gehBelow5 =
        list.scalar("counts_geh_below_5")
            .label("Counts with GEH < 5")
            .description("Share of counts whose GEH is below 5 (TAG M3.1: above 0.85).");
    sdk::ScalarOutput meanGeh =
        list.scalar("counts_mean_geh").label("Mean GEH").description("Mean GEH over the counts.");
    sdk::ScalarOutput r2 = list.scalar("counts_r2")
                               .label("R2 of flows on counts")
                               .description("Squared correlation of assigned flows and counts.");
    sdk::ScalarOutput gehBelow5After = list.scalar("counts_geh_below_5_after")
                                           .label("Counts with GEH < 5, adjusted")
                                           .description("After the matrix adjustment.");
    sdk::ScalarOutput r2After =
        list.scalar("counts_r2_after").label("R2, adjusted").description("After the matrix adjustment.");
    sdk::ScalarOutput selectLinkDemand = list.scalar("select_link_demand")
                                             .label("Select-link trips")
                                             .unit("veh/h")
                                             .description("Trips that use the selected links.");
};

const TrafficParams& P() {
    static const TrafficParams p;
    return p;
}
const TrafficOutputs& O() {
    static const TrafficOutputs o;
    return o;
}

/// Everything the parameters say, in the study's terms.
/// A number attribute of a feature (numbers, or text that is a number), or NaN.
double numberAttribute(const core::VectorLayer& layer, const core::VectorFeature& f,
                       std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const int i = layer.fields.indexOf(n);
        if (i < 0) continue;
        const core::AttributeValue& v = f.attribute(i);
        if (const auto* d = std::get_if<double>(&v)) return *d;
        if (const auto* k = std::get_if<std::int64_t>(&v)) return static_cast<double>(*k);
        if (const auto* s = std::get_if<std::string>(&v)) {
            char* end = nullptr;
            const double x = std::strtod(s->c_str(), &end);
            if (!s->empty() && end && *end == '\0') return x;
        }
    }
    return NAN;
}

/// The model with its buildings replaced by the polygons of `layerName` (a scenario layer or an earlier
/// simulator's output, e.g. newtown.buildings_after): heights from height_m/height, else floors x storey height;
/// floors from levels/floors/building:levels; the layer's attributes (use among them) carried over. The terrain is
/// not copied (traffic does not read it).
core::CityModel withBuildingsFrom(const core::CityModel& model, const std::string& layerName, double storeyHeightM,
                                  std::vector<sdk::Problem>& problems) {
    const std::string param = P().buildingsLayer.id();
    core::CityModel m;
    const auto it = model.vectors.find(layerName);
    if (it == model.vectors.end()) {
        problems.push_back({kId, param, "'" + layerName + "' is not a vector layer of the model"});
        return m;
    }
    const core::VectorLayer& layer = it->second;
    m.name = model.name;
    m.crs = model.crs;
    m.crsReason = model.crsReason;
    m.extent = model.extent;
    m.roads = model.roads;
    m.roadFields = model.roadFields;
    m.vectors = model.vectors;
    m.rasters = model.rasters;
    m.buildingFields = layer.fields;
    const int idField = layer.fields.indexOf("id");
    std::size_t withoutSize = 0;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const core::VectorFeature& f = layer.features[i];
        if (f.kind != core::GeometryKind::Polygon || f.polygons.empty()) continue;
        core::Building b;
        b.footprint = f.polygons;
        b.levels = numberAttribute(layer, f, {"levels", "floors", "building:levels"});
        b.heightM = numberAttribute(layer, f, {"height_m", "height"});
        if (!(b.heightM > 0.0) && b.levels > 0.0) b.heightM = b.levels * storeyHeightM;
        if (!(b.heightM > 0.0)) {
            ++withoutSize;
            continue;
        }
        b.id = idField >= 0 ? core::toText(f.attribute(idField)) : std::to_string(f.fid >= 0 ? f.fid : static_cast<std::int64_t>(i));
        b.attributes = f.attributes;
        b.attributes.resize(m.buildingFields.size());
        m.buildings.push_back(std::move(b));
    }
    if (m.buildings.empty())
        problems.push_back({kId, param, "layer '" + layerName + "' has no polygons with a height or floor count"});
    else if (withoutSize)
        problems.push_back({kId, param,
                            "layer '" + layerName + "': " + std::to_string(withoutSize) +
                                " polygons have neither a height (height_m, height) nor floors (levels, floors)"});
    return m;
}

StudyOptions optionsFrom(const sdk::ParameterSet& p, std::vector<sdk::Problem>& problems) {
    const TrafficParams& k = P();
    StudyOptions o;
    o.networkFile = p[k.networkFile];
    o.nodeFile = p[k.nodeFile];
    const auto csv = [](const std::string& f) {
        return f.size() >= 4 &&
               (f.compare(f.size() - 4, 4, ".csv") == 0 || f.compare(f.size() - 4, 4, ".CSV") == 0);
    };
    o.source = o.networkFile.empty() ? NetworkSource::City
               : csv(o.networkFile)  ? NetworkSource::Gmns
                                     : NetworkSource::Tntp;
    o.tntpTimeUnitMin = p[k.tntpTimeUnit];
    o.tntpLengthUnitKm = p[k.tntpLengthUnit];

    CityTrafficOptions& c = o.city;
    c.roads.snapToleranceM = p[k.snapTolerance];
    c.roads.bprAlpha = p[k.bprAlpha];
    c.roads.bprBeta = p[k.bprBeta];
    c.roads.roadClasses = core::splitList(p[k.roadClasses]);
    c.connectors.connectorsPerZone = static_cast<int>(p[k.connectorsPerZone]);
    c.connectors.connectorSpeedKmh = p[k.connectorSpeed];
    c.zoneLayer = p[k.zoneLayer];
    c.zoneIdField = p[k.zoneIdField];
    c.zoneSizeM = p[k.zoneSize];
    c.trips.storeyHeightM = p[k.storeyHeight];
    c.trips.carShare = p[k.carShare];
    c.trips.peakHourFactor = p[k.peakHourFactor];
    c.trips.peak = p[k.peak];
    c.trips.defaultUse = p[k.defaultUse];
    c.gravity.beta = p[k.gravityBeta];
    c.cordon = p[k.cordon] && o.source == NetworkSource::City;
    c.cordonOptions.scale = p[k.cordonScale];
    c.cordonOptions.continuity = p[k.continuity];
    const std::string cordonTable = p[k.cordonTable];
    try {
        if (o.source == NetworkSource::City) c.trips.occupancy = core::defaultOccupancyRules();
        if (c.cordon)
            c.cordonOptions.defaults =
                cordonTable.empty() ? defaultCordonDefaults() : readCordonDefaults(cordonTable);
        const std::string cc = p[k.cordonCounts];
        if (c.cordon && !cc.empty()) c.cordonOptions.counts = readCordonCounts(cc);
    } catch (const core::Error& e) {
        problems.push_back({kId, cordonTable.empty() ? "cordon_counts_file" : "cordon_table", e.what()});
    }

    o.demandScale = p[k.demandScale];
    o.tripsFile = p[k.tripsFile];
    o.tripsMatrix = p[k.tripsMatrix];
    o.truckShare = p[k.truckShare];
    o.truckTripsFile = p[k.truckTripsFile];
    o.truckPce = p[k.truckPce];
    o.truckBannedClasses = core::splitList(p[k.truckBans]);

    o.closedLinks = core::splitList(p[k.closedRoads]);
    for (const std::string& item : core::splitList(p[k.capacityChanges])) {
        const auto colon = item.rfind(':');
        char* end = nullptr;
        const double factor = colon == std::string::npos ? NAN : std::strtod(item.c_str() + colon + 1, &end);
        if (colon == std::string::npos || colon == 0 || !end || *end != '\0' || !(factor > 0.0) ||
            factor > 100.0) {
            problems.push_back(
                {kId, k.capacityChanges.id(),
                 "'" + item +
                     "' is not ROAD_ID:FACTOR with a factor above 0 and at most 100 (close a road with "
                     "closed_roads)"});
            continue;
        }
        o.capacityChanges.push_back({item.substr(0, colon), factor});
    }
    o.closureArea = p[k.closureArea];
    o.closureDepthLayer = p[k.closureDepthLayer];
    o.closureDepthThresholdM = p[k.closureDepthThreshold];
    o.addedRoads = p[k.addedRoads];

    o.junctions = p[k.junctionModel] == JunctionModel::Delays;
    o.signalLayer = p[k.signalLayer];
    o.turnsFile = p[k.turnsFile];
    o.junctionDelaysFile = p[k.junctionDelays];
    o.rightHandTraffic = p[k.drivingSide] == DrivingSide::Right;
    o.banUTurns = p[k.banUTurns];

    o.timeOfDay = p[k.timeOfDay];
    o.periodsFile = p[k.periodsTable];
    o.countsFile = p[k.countsFile];
    o.adjustToCounts = p[k.adjust];
    o.adjustmentIterations = static_cast<int>(p[k.adjustIterations]);
    o.selectLinks = core::splitList(p[k.selectLinks]);
    o.selectZone = p[k.selectZone];
    o.selectZoneDirection = p[k.selectZoneDirection];
    o.districtsFile = p[k.districtsFile];

    AssignmentOptions& a = o.assignment;
    a.objective = p[k.objective];
    a.maxRelativeGap = p[k.maxGap];
    a.maxIterations = static_cast<int>(p[k.maxIterations]);
    a.maxSeconds = p[k.maxSeconds];
    a.distanceWeight = p[k.distanceWeight];
    a.tollWeight = 0.0;
    a.unreachable = p[k.unreachable];
    return o;
}

/// Offsets a line to its right by `d` metres (vertex normals averaged over the adjacent segments), so the two
/// directions of a two-way road draw side by side.
core::LineString offsetRight(const core::LineString& line, double d) {
    core::LineString out;
    const std::size_t n = line.size();
    for (std::size_t i = 0; i < n; ++i) {
        double nx = 0.0, ny = 0.0;
        for (std::size_t s : {i == 0 ? 0 : i - 1, std::min(i, n - 2)}) {
            const double dx = line[s + 1].x - line[s].x, dy = line[s + 1].y - line[s].y;
            const double len = std::hypot(dx, dy);
            if (len > 0.0) {
                nx += dy / len;  // right-hand normal of (dx, dy)
                ny += -dx / len;
            }
        }
        const double len = std::hypot(nx, ny);
        out.push_back(len > 0.0 ? core::Point{line[i].x + d * nx / len, line[i].y + d * ny / len} : line[i]);
    }
    return out;
}

sdk::Table matrixTable(const std::vector<std::pair<std::string, const OdMatrix*>>& matrices,
                       const std::vector<std::string>& ids) {
    sdk::Table t;
    t.columns = {{"origin", ""}, {"destination", ""}};
    for (const auto& [name, m] : matrices)
        t.columns.push_back({name, "veh/h"});
    std::map<std::pair<int, int>, std::vector<double>> cells;
    for (std::size_t k = 0; k < matrices.size(); ++k)
        for (const OdPair& c : matrices[k].second->pairs()) {
            auto& row = cells[{c.origin, c.destination}];
            row.resize(matrices.size(), 0.0);
            row[k] = c.demand;
        }
    for (const auto& [od, values] : cells) {
        std::vector<core::AttributeValue> row = {ids[static_cast<std::size_t>(od.first)],
                                                 ids[static_cast<std::size_t>(od.second)]};
        for (double v : values)
            row.emplace_back(v);
        t.rows.push_back(std::move(row));
    }
    return t;
}

class TrafficSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "Traffic assignment (static user equilibrium)";
        d.info.version = "2.0.0";
        d.info.summary =
            "Car and truck traffic on the city's roads or a standard network (TNTP, GMNS): user equilibrium "
            "or "
            "system optimum with BPR link costs and junction delays, demand from the buildings with cordon "
            "traffic or from a matrix, time of day, counts and matrix adjustment, select-link analysis.";
        d.info.references = {
            "Beckmann, McGuire & Winsten (1956), Studies in the Economics of Transportation",
            "Bureau of Public Roads (1964), Traffic Assignment Manual",
            "Dial (2006), A path-based user-equilibrium traffic assignment algorithm, Transp. Res. B 40(10)",
            "Ortuzar & Willumsen (2011), Modelling Transport, 4th ed., ch. 5 (gravity model)",
            "Spiess (1990), A gradient approach for the O-D matrix adjustment problem, CRT Montreal publ. "
            "693",
            "Transportation Research Board (2010), Highway Capacity Manual",
            "Department for Transport (2020), TAG unit M3.1 Highway Assignment Modelling"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> out;
        const StudyOptions o = optionsFrom(p, out);
        const core::CityModel* m = &model;
        core::CityModel replaced;
        if (!p[P().buildingsLayer].empty()) {
            replaced = withBuildingsFrom(model, p[P().buildingsLayer], p[P().storeyHeight], out);
            m = &replaced;
        }
        for (const Problem& pr : traffic::validate(*m, o))
            out.push_back({kId, pr.parameter, pr.message});
        return out;
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p,
                     sdk::RunContext& ctx) const override {
        std::vector<sdk::Problem> problems;
        StudyOptions o = optionsFrom(p, problems);
        if (!problems.empty())
            throw core::Error(core::ErrorCode::Validation, problems.front().message,
                              core::Error::Context{{}, {}, problems.front().parameter});
        o.assignment.threads = std::max(1, ctx.threads());
        const core::Progress progress = ctx.asProgress();
        core::CityModel replaced;
        if (!p[P().buildingsLayer].empty()) {
            replaced = withBuildingsFrom(model, p[P().buildingsLayer], p[P().storeyHeight], problems);
            if (!problems.empty())
                throw core::Error(core::ErrorCode::Validation, problems.front().message,
                                  core::Error::Context{{}, {}, problems.front().parameter});
            ctx.log(sdk::LogLevel::Info, "trips from the " + std::to_string(replaced.buildings.size()) +
                                             " buildings of layer '" + p[P().buildingsLayer] + "'");
        }
        StudyResult r = runStudy(p[P().buildingsLayer].empty() ? model : replaced, o, progress.sub(0.0, 0.92));
        for (const std::string& m : r.log)
            ctx.log(sdk::LogLevel::Info, m);
        for (const std::string& m : r.warnings)
            ctx.log(sdk::LogLevel::Warning, m);
        if (r.cancelled || ctx.isCancelled()) return sdk::Outcome::Cancelled;
        for (const std::string& m : r.main.messages)
            ctx.log(sdk::LogLevel::Info, m);
        if (r.main.status != AssignmentStatus::Converged)
            ctx.log(sdk::LogLevel::Warning, std::string("stopped by the ") + toString(r.main.status) +
                                                " at relative gap " + std::to_string(r.main.relativeGap));
        if (r.main.demandUnreachable > 0.0)
            ctx.log(sdk::LogLevel::Warning, std::to_string(r.main.unreachable.size()) +
                                                " origin-destination pairs (" +
                                                std::to_string(r.main.demandUnreachable) +
                                                " veh/h) have no route; see the 'unreachable' table");
        ctx.progress(0.93, "writing results");
        emitLinks(model, r, ctx);
        const std::string baseline = p[P().baselineLinks];
        if (!baseline.empty()) emitDifference(model, r, model.vectors.at(baseline), ctx);
        emitZones(model, r, ctx);
        emitTables(model, r, ctx);
        emitScalars(r, ctx);
        ctx.statistic("iterations", static_cast<double>(r.main.convergence.size()));
        ctx.statistic("solve_time_s", r.main.convergence.empty() ? 0.0 : r.main.convergence.back().seconds);
        ctx.progress(1.0, "done");
        return sdk::Outcome::Completed;
    }

private:
    /// Minutes per network time unit and km per length unit of the study's network.
    static double minutes(const StudyResult& r) { return r.timeUnitMinutes; }

    /// The per-link columns shared by the links layer and the link_flows table.
    struct Column {
        std::string name, unit;
        std::vector<double> values;
    };
    static std::vector<Column> extraColumns(const StudyResult& r) {
        std::vector<Column> c;
        if (r.classIds.size() > 1) {
            c.push_back({"flow_pcu_h", "PCE/h", r.mainLinks.pcuFlow});
            for (std::size_t k = 0; k < r.classIds.size(); ++k)
                c.push_back({r.classIds[k] + "_flow", "veh/h", r.mainLinks.classFlow[k]});
        }
        for (std::size_t p = 0; p < r.periods.size(); ++p)
            c.push_back({"flow_" + r.periods[p].period.id, "veh/h", r.periodLinks[p].flow});
        if (!r.dailyFlow.empty()) c.push_back({"daily_flow", "veh/day", r.dailyFlow});
        if (r.haveSelectLink) c.push_back({"select_flow", "veh/h", r.selectLink.flow});
        if (r.haveSelectZone) c.push_back({"zone_flow", "veh/h", r.selectZone.flow});
        if (r.adjusted) c.push_back({"adjusted_flow", "veh/h", r.adjustedLinks.flow});
        return c;
    }

    static void emitLinks(const core::CityModel& model, const StudyResult& r, sdk::RunContext& ctx) {
        const StudyNetwork& s = r.net;
        const Network& n = s.network;
        const LinkResults& lr = r.mainLinks;
        const std::vector<Column> extra = extraColumns(r);
        const double km = r.lengthUnitKm, mins = minutes(r);
        // The table: every link.
        sdk::Table t;
        t.columns = {{"link", ""},          {"road_id", ""},
                     {"class", ""},         {"name", ""},
                     {"from", ""},          {"to", ""},
                     {"closed", ""},        {"length", "km"},
                     {"capacity", "veh/h"}, {"free_flow_time", "min"},
                     {"flow", "veh/h"},     {"vc", ""},
                     {"time", "min"},       {"speed", "km/h"}};
        for (const Column& c : extra)
            t.columns.push_back({c.name, c.unit});
        for (std::size_t a = 0; a < n.links.size(); ++a) {
            const Link& l = n.links[a];
            std::vector<core::AttributeValue> row = {static_cast<std::int64_t>(a),
                                                     s.linkLabel[a],
                                                     s.linkClass[a],
                                                     s.linkName[a],
                                                     static_cast<std::int64_t>(l.tail + 1),
                                                     static_cast<std::int64_t>(l.head + 1),
                                                     static_cast<std::int64_t>(l.closed ? 1 : 0),
                                                     l.length * km,
                                                     l.capacity,
                                                     l.freeFlowTime * mins,
                                                     lr.flow[a],
                                                     lr.volumeCapacity[a],
                                                     lr.travelTime[a] * mins,
                                                     lr.speedKmh[a]};
            for (const Column& c : extra)
                row.emplace_back(c.values[a]);
            t.rows.push_back(std::move(row));
        }
        ctx.output(O().linkFlows, t);
        if (!s.drawable) return;

        core::VectorLayer out;
        out.crs = model.crs;
        for (const char* f : {"road_id", "class", "name"})
            out.fields.ensure(f, core::FieldType::String);
        for (const char* f : {"link", "closed"})
            out.fields.ensure(f, core::FieldType::Integer);
        for (const char* f : {"length_m", "lanes", "capacity_veh_h", "flow_veh_h", "vc", "free_flow_time_min",
                              "time_min", "delay_min", "speed_kmh", "free_speed_kmh"})
            out.fields.ensure(f, core::FieldType::Real);
        for (const Column& c : extra)
            out.fields.ensure(c.name, core::FieldType::Real);
        std::set<std::pair<int, int>> pairs;
        for (const Link& l : n.links)
            pairs.insert({l.tail, l.head});
        const bool city = s.source == NetworkSource::City;
        for (std::size_t i = 0; i < n.links.size(); ++i) {
            const Link& l = n.links[i];
            if (l.access || s.geometry[i].size() < 2) continue;  // access links are not roads
            const int road = city ? s.city.linkRoad[i] : -1;
            core::VectorFeature f;
            f.kind = core::GeometryKind::Line;
            const bool twoWay = pairs.count({l.head, l.tail}) > 0;
            f.lines.push_back(twoWay ? offsetRight(s.geometry[i], city ? 4.0 : 0.0) : s.geometry[i]);
            const core::Road* src = road >= 0 ? &model.roads[static_cast<std::size_t>(road)] : nullptr;
            const double time = lr.travelTime[i] * mins;
            // Lanes in this direction: half of a two-way road's total (at least one).
            const double lanes = !src     ? NAN
                                 : twoWay ? std::max(1.0, src->lanes / 2.0)
                                          : static_cast<double>(src->lanes);
            const double lengthKm = l.length * km;
            f.attributes = {s.linkLabel[i],
                            s.linkClass[i],
                            s.linkName[i],
                            static_cast<std::int64_t>(i),
                            static_cast<std::int64_t>(l.closed ? 1 : 0),
                            lengthKm * 1000.0,
                            lanes,
                            l.capacity,
                            lr.flow[i],
                            lr.volumeCapacity[i],
                            l.freeFlowTime * mins,
                            time,
                            std::isfinite(time) ? time - l.freeFlowTime * mins : NAN,
                            lr.speedKmh[i],
                            l.freeFlowTime > 0 ? lengthKm / (l.freeFlowTime * mins / 60.0) : NAN};
            for (const Column& c : extra)
                f.attributes.emplace_back(c.values[i]);
            out.features.push_back(std::move(f));
        }
        ctx.output(O().links, out);
    }

    /// B - A on every road link found in both runs (the same link index and road id: the same network build).
    static void emitDifference(const core::CityModel& model, const StudyResult& r,
                               const core::VectorLayer& base, sdk::RunContext& ctx) {
        const int li = base.fields.indexOf("link"), ri = base.fields.indexOf("road_id");
        const int fi = base.fields.indexOf("flow_veh_h"), ti = base.fields.indexOf("time_min"),
                  vi = base.fields.indexOf("vc");
        if (li < 0 || ri < 0 || fi < 0 || ti < 0 || vi < 0)
            throw core::Error(
                core::ErrorCode::Validation,
                "the baseline layer is not the links layer of a traffic run (it lacks link, road_id, "
                "flow_veh_h, time_min or vc)",
                core::Error::Context{{}, {}, "baseline_links"});
        std::map<std::int64_t, const core::VectorFeature*> byLink;
        for (const core::VectorFeature& f : base.features)
            byLink[static_cast<std::int64_t>(core::toNumber(f.attribute(li)))] = &f;
        const StudyNetwork& s = r.net;
        const double mins = minutes(r);
        core::VectorLayer out;
        out.crs = model.crs;
        for (const char* f : {"road_id", "class", "name"})
            out.fields.ensure(f, core::FieldType::String);
        out.fields.ensure("link", core::FieldType::Integer);
        for (const char* f :
             {"flow_base", "flow", "flow_change", "flow_change_abs", "time_change_min", "vc_change"})
            out.fields.ensure(f, core::FieldType::Real);
        std::set<std::pair<int, int>> pairs;
        for (const Link& l : s.network.links)
            pairs.insert({l.tail, l.head});
        std::size_t matched = 0;
        for (std::size_t i = 0; i < s.network.links.size(); ++i) {
            const Link& l = s.network.links[i];
            if (l.access || s.geometry[i].size() < 2) continue;
            const auto it = byLink.find(static_cast<std::int64_t>(i));
            if (it == byLink.end() || core::toText(it->second->attribute(ri)) != s.linkLabel[i]) continue;
            ++matched;
            const core::VectorFeature& b = *it->second;
            const double fb = core::toNumber(b.attribute(fi)), f = r.mainLinks.flow[i];
            core::VectorFeature feat;
            feat.kind = core::GeometryKind::Line;
            const bool twoWay = pairs.count({l.head, l.tail}) > 0;
            feat.lines.push_back(twoWay && s.source == NetworkSource::City ? offsetRight(s.geometry[i], 4.0)
                                                                           : s.geometry[i]);
            feat.attributes = {s.linkLabel[i],
                               s.linkClass[i],
                               s.linkName[i],
                               static_cast<std::int64_t>(i),
                               fb,
                               f,
                               f - fb,
                               std::abs(f - fb),
                               r.mainLinks.travelTime[i] * mins - core::toNumber(b.attribute(ti)),
                               r.mainLinks.volumeCapacity[i] - core::toNumber(b.attribute(vi))};
            out.features.push_back(std::move(feat));
        }
        ctx.log(sdk::LogLevel::Info, std::to_string(matched) + " links matched in the baseline run");
        ctx.output(O().difference, out);
    }

    static void emitZones(const core::CityModel& model, const StudyResult& r, sdk::RunContext& ctx) {
        const StudyNetwork& s = r.net;
        const int z = s.network.zoneCount;
        std::vector<double> rows(static_cast<std::size_t>(z), 0.0), cols(static_cast<std::size_t>(z), 0.0);
        for (const OdPair& c : r.demand.pairs()) {
            rows[static_cast<std::size_t>(c.origin)] += c.demand;
            cols[static_cast<std::size_t>(c.destination)] += c.demand;
        }
        const std::size_t internal = s.source == NetworkSource::City
                                         ? static_cast<std::size_t>(r.cityInputs.internalZones)
                                         : static_cast<std::size_t>(z);
        core::VectorLayer zones;
        zones.crs = model.crs;
        zones.fields.ensure("zone", core::FieldType::String);
        zones.fields.ensure("productions", core::FieldType::Real);
        zones.fields.ensure("attractions", core::FieldType::Real);
        for (std::size_t k = 0; k < internal; ++k) {
            core::VectorFeature f;
            if (s.source == NetworkSource::City && !s.city.zones[k].area.empty()) {
                f.kind = core::GeometryKind::Polygon;
                f.polygons = s.city.zones[k].area;
            } else {
                const core::Point c = s.source == NetworkSource::City
                                          ? s.city.zones[k].centroid
                                          : core::Point{s.network.nodeX.empty() ? NAN : s.network.nodeX[k],
                                                        s.network.nodeY.empty() ? NAN : s.network.nodeY[k]};
                if (!std::isfinite(c.x) || !std::isfinite(c.y)) continue;
                f.kind = core::GeometryKind::Point;
                f.points = {c};
            }
            f.attributes = {s.zoneIds[k], rows[k], cols[k]};
            zones.features.push_back(std::move(f));
        }
        if (!zones.features.empty()) ctx.output(O().zones, zones);
        if (r.cityInputs.stations.empty()) return;
        core::VectorLayer st;
        st.crs = model.crs;
        for (const char* f : {"zone", "road_id", "class", "name", "source"})
            st.fields.ensure(f, core::FieldType::String);
        for (const char* f : {"inbound", "outbound", "through_share", "capacity_in", "capacity_out",
                              "productions", "attractions"})
            st.fields.ensure(f, core::FieldType::Real);
        for (std::size_t k = 0; k < r.cityInputs.stations.size(); ++k) {
            const CordonStation& c = r.cityInputs.stations[k];
            core::VectorFeature f;
            f.kind = core::GeometryKind::Point;
            f.points = {c.point};
            f.attributes = {c.id,
                            model.roads[static_cast<std::size_t>(c.road)].id,
                            c.roadClass,
                            c.roadName,
                            c.source,
                            c.inbound,
                            c.outbound,
                            c.throughShare,
                            c.capacityIn,
                            c.capacityOut,
                            rows[internal + k],
                            cols[internal + k]};
            st.features.push_back(std::move(f));
        }
        ctx.output(O().stations, st);
    }

    static void emitTables(const core::CityModel& model, const StudyResult& r, sdk::RunContext& ctx) {
        const StudyNetwork& s = r.net;
        const std::vector<std::string>& ids = s.zoneIds;
        const double mins = minutes(r), km = r.lengthUnitKm;
        sdk::Table conv;
        // Costs in minutes whatever the network's time unit; the units also keep the three apart in charts
        // (a gap of 0.001 and an objective of 170,000 on one axis show nothing).
        conv.columns = {{"iteration", ""},
                        {"relative_gap", ""},
                        {"average_excess_cost", "min"},
                        {"objective", "veh·min"}};
        for (const ConvergencePoint& c : r.main.convergence)
            conv.rows.push_back({static_cast<std::int64_t>(c.iteration), c.relativeGap, c.averageExcessCost * mins,
                                 c.objective * mins});
        ctx.output(O().convergence, conv);

        sdk::Table skim;
        skim.columns = {{"origin", ""}, {"destination", ""}, {"time", "min"}, {"distance", "km"}};
        const std::size_t z = ids.size();
        if (r.main.skimTime.size() == z * z && z <= 2000)
            for (std::size_t o = 0; o < z; ++o)
                for (std::size_t d = 0; d < z; ++d)
                    if (o != d)
                        skim.rows.push_back({ids[o], ids[d], r.main.skimTime[o * z + d] * mins,
                                             r.main.skimLength[o * z + d] * km});
        ctx.output(O().skim, skim);

        std::vector<std::pair<std::string, const OdMatrix*>> ms;
        for (std::size_t k = 0; k < r.classIds.size(); ++k)
            ms.push_back({r.classIds[k], &r.classDemand[k]});
        ctx.output(O().demandMatrix, matrixTable(ms, ids));
        if (r.haveDistricts)
            ctx.output(O().districtMatrix, matrixTable({{"trips", &r.districtMatrix}}, r.districtNames));

        sdk::Table un;
        un.columns = {{"origin", ""}, {"destination", ""}, {"class", ""}, {"demand", "veh/h"}};
        for (const UnreachablePair& u : r.main.unreachable)
            un.rows.push_back({ids[static_cast<std::size_t>(u.origin)],
                               ids[static_cast<std::size_t>(u.destination)],
                               r.classIds[static_cast<std::size_t>(u.vehicleClass)], u.demand});
        ctx.output(O().unreachable, un);

        if (!r.turns.empty()) {
            sdk::Table t;
            t.columns = {{"node", ""},    {"from_link", ""}, {"to_link", ""}, {"from_road", ""},
                         {"to_road", ""}, {"turn", ""},      {"control", ""}, {"approach", ""},
                         {"delay", "s"},  {"flow", "veh/h"}};
            for (const TurnResult& tr : r.turns) {
                const ExpandedNetwork::Turn& u = tr.turn;
                t.rows.push_back({static_cast<std::int64_t>(u.node + 1),
                                  static_cast<std::int64_t>(u.fromLink), static_cast<std::int64_t>(u.toLink),
                                  s.linkLabel[static_cast<std::size_t>(u.fromLink)],
                                  s.linkLabel[static_cast<std::size_t>(u.toLink)],
                                  std::string(toString(u.kind)), std::string(toString(u.control)),
                                  std::string(u.major ? "major" : "minor"), u.delay * mins * 60.0, tr.flow});
            }
            ctx.output(O().turns, t);
            emitJunctions(model, r, ctx);
        }
        if (!r.periods.empty()) {
            sdk::Table t;
            t.columns = {{"period", ""},
                         {"hours", "h"},
                         {"daily_share", ""},
                         {"demand", "veh/h"},
                         {"assigned", "veh/h"},
                         {"road_travel_time", "veh h/h"},
                         {"access_travel_time", "veh h/h"},
                         {"road_vehicle_km", "veh km/h"},
                         {"access_vehicle_km", "veh km/h"},
                         {"relative_gap", ""}};
            for (const PeriodSummary& p : r.periods)
                t.rows.push_back({p.period.id, p.period.hours, p.period.dailyShare, p.demand, p.assigned,
                                  p.roadTravelTime * mins / 60.0, p.accessTravelTime * mins / 60.0,
                                  p.roadDistance * km, p.accessDistance * km, p.relativeGap});
            t.rows.push_back({std::string("day"), 0.0, 0.0, r.dailyDemand, NAN,
                              r.dailyRoadTravelTime * mins / 60.0, r.dailyAccessTravelTime * mins / 60.0,
                              r.dailyRoadDistance * km, r.dailyAccessDistance * km, NAN});
            ctx.output(O().periods, t);
        }
        if (r.haveCounts) {
            sdk::Table t;
            t.columns = {
                {"count", ""}, {"period", ""}, {"counted", "veh/h"}, {"modelled", "veh/h"}, {"geh", ""}};
            if (r.adjusted) {
                t.columns.push_back({"modelled_adjusted", "veh/h"});
                t.columns.push_back({"geh_adjusted", ""});
            }
            for (std::size_t i = 0; i < r.counts.rows.size(); ++i) {
                const CountComparison::Row& row = r.counts.rows[i];
                std::vector<core::AttributeValue> v = {row.id, r.countPeriod[i], row.count, row.modelled,
                                                       row.geh};
                if (r.adjusted) {
                    v.emplace_back(r.adjustment.after.rows[i].modelled);
                    v.emplace_back(r.adjustment.after.rows[i].geh);
                }
                t.rows.push_back(std::move(v));
            }
            ctx.output(O().countComparison, t);
        }
        if (r.adjusted) {
            sdk::Table t;
            t.columns = {{"step", ""}, {"objective", "(veh/h)^2"}};
            for (std::size_t k = 0; k < r.adjustment.objective.size(); ++k)
                t.rows.push_back({static_cast<std::int64_t>(k), r.adjustment.objective[k]});
            ctx.output(O().adjustment, t);
            ctx.output(O().adjustedMatrix, matrixTable({{"trips", &r.adjustment.adjusted}}, ids));
        }
        if (r.haveSelectLink)
            ctx.output(O().selectLinkMatrix, matrixTable({{"trips", &r.selectLink.demand}}, ids));
        if (r.haveSelectZone)
            ctx.output(O().selectZoneMatrix, matrixTable({{"trips", &r.selectZone.demand}}, ids));
    }

    static void emitJunctions(const core::CityModel& model, const StudyResult& r, sdk::RunContext& ctx) {
        const StudyNetwork& s = r.net;
        if (!s.drawable || s.network.nodeX.empty()) return;
        std::map<int, std::pair<JunctionControl, double>> nodes;
        for (const TurnResult& t : r.turns) {
            auto& n = nodes[t.turn.node];
            n.first = t.turn.control;
            n.second += t.flow;
        }
        core::VectorLayer layer;
        layer.crs = model.crs;
        layer.fields.ensure("node", core::FieldType::Integer);
        layer.fields.ensure("control", core::FieldType::String);
        layer.fields.ensure("control_code", core::FieldType::Integer);
        layer.fields.ensure("flow_veh_h", core::FieldType::Real);
        for (const auto& [v, c] : nodes) {
            const auto uv = static_cast<std::size_t>(v);
            if (!std::isfinite(s.network.nodeX[uv]) || !std::isfinite(s.network.nodeY[uv])) continue;
            core::VectorFeature f;
            f.kind = core::GeometryKind::Point;
            f.points = {{s.network.nodeX[uv], s.network.nodeY[uv]}};
            f.attributes = {static_cast<std::int64_t>(v + 1), std::string(toString(c.first)),
                            static_cast<std::int64_t>(static_cast<int>(c.first)), c.second};
            layer.features.push_back(std::move(f));
        }
        ctx.output(O().junctionPoints, layer);
    }

    static void emitScalars(const StudyResult& r, sdk::RunContext& ctx) {
        const TrafficOutputs& out = O();
        const AssignmentResult& m = r.main;
        const double hours = minutes(r) / 60.0, km = r.lengthUnitKm;
        ctx.output(out.roadTravelTime, m.roadTravelTime * hours);
        ctx.output(out.accessTravelTime, m.accessTravelTime * hours);
        ctx.output(out.totalTravelTime, m.totalTravelTime * hours);
        ctx.output(out.roadVehicleKm, m.roadDistance * km);
        ctx.output(out.accessVehicleKm, m.accessDistance * km);
        ctx.output(out.vehicleKm, m.vehicleDistance * km);
        ctx.output(out.demandAssigned, m.demandAssigned);
        ctx.output(out.demandUnreachable, m.demandUnreachable);
        ctx.output(out.demandIntrazonal, m.demandIntrazonal);
        if (!r.cityInputs.stations.empty()) {
            ctx.output(out.demandThrough, r.cityInputs.throughDemand);
            ctx.output(out.demandInbound, r.cityInputs.inboundDemand);
            ctx.output(out.demandOutbound, r.cityInputs.outboundDemand);
        }
        std::size_t congested = 0;
        for (std::size_t a = 0; a < r.mainLinks.volumeCapacity.size(); ++a)
            if (!r.net.network.links[a].access && r.mainLinks.volumeCapacity[a] > 1.0) ++congested;
        ctx.output(out.congestedLinks, static_cast<double>(congested));
        ctx.output(out.relativeGap, m.relativeGap);
        if (!r.periods.empty()) {
            ctx.output(out.dailyRoadTravelTime, r.dailyRoadTravelTime * hours);
            ctx.output(out.dailyRoadVehicleKm, r.dailyRoadDistance * km);
            ctx.output(out.dailyDemand, r.dailyDemand);
        }
        if (r.haveCounts) {
            ctx.output(out.gehBelow5, r.counts.gehBelow5Share);
            ctx.output(out.meanGeh, r.counts.meanGeh);
            if (std::isfinite(r.counts.r2)) ctx.output(out.r2, r.counts.r2);
        }
        if (r.adjusted) {
            ctx.output(out.gehBelow5After, r.adjustment.after.gehBelow5Share);
            if (std::isfinite(r.adjustment.after.r2)) ctx.output(out.r2After, r.adjustment.after.r2);
        }
        if (r.haveSelectLink) ctx.output(out.selectLinkDemand, r.selectLink.total);
    }
};

}  // namespace
}  // namespace citytwin::traffic

CITYTWIN_PLUGIN(citytwin::traffic::TrafficSimulator)

#pragma once
/// @file study.h
/// A traffic study from start to end, as the plug-in runs it (library citytwin_traffic_model): the network
/// (the city model's roads, or a TNTP or GMNS network from files), the demand (generated from the buildings
/// with cordon traffic, or read from a matrix file; cars and optionally trucks), scenario edits, junctions,
/// one period or the periods of a day, and the analyses (counts with GEH and an optional matrix adjustment,
/// select-link, select-zone, districts). Plain structs in and out: the plug-in only maps parameters to
/// StudyOptions and StudyResult to outputs.
///
/// Units: city and GMNS networks are in minutes and km; TNTP networks in the units the study is told
/// (tntpTimeUnitMin, tntpLengthUnitKm; the files do not say). Flows are veh/h (PCE/h where said).

#include <map>
#include <string>
#include <vector>

#include "city_network.h"
#include "citytwin/core/progress.h"
#include "citytwin/traffic/analysis.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/junctions.h"
#include "citytwin/traffic/periods.h"

namespace citytwin::traffic {

enum class NetworkSource {
    City,  ///< the city model's roads and buildings
    Tntp,  ///< a TNTP _net file (+ _node for coordinates)
    Gmns,  ///< GMNS node.csv + link.csv
};

/// A count to compare with: on a link found by its label (city: road id, with the direction "forward" along
/// the road as drawn, "backward", or "both"; TNTP: "from-to" node numbers; GMNS: link_id), in a period (time
/// of day: the period's id; empty = the single period or the first).
struct StudyCount {
    std::string id;
    std::string link;  ///< empty: the road nearest `point` (city networks)
    core::Point point{NAN, NAN};
    std::string direction = "both";
    std::string period;
    double value = 0.0;  ///< [veh/h]
};
/// Reads counts: CSV columns id (optional), road_id | link_id | link, or from_node and to_node, or x and y
/// (the nearest road of a city network); direction (optional: forward | backward | both); period (optional);
/// count | veh_h | value. Errors name the line.
std::vector<StudyCount> readStudyCounts(const std::string& path);
/// Reads cordon counts: CSV columns road_id (or x and y), direction (inbound | outbound | both), count.
std::vector<CordonCount> readCordonCounts(const std::string& path);

struct StudyOptions {
    NetworkSource source = NetworkSource::City;
    std::string networkFile;        ///< [network_file] TNTP _net or GMNS link.csv
    std::string nodeFile;           ///< [node_file] TNTP _node or GMNS node.csv
    double tntpTimeUnitMin = 1.0;   ///< [tntp_time_unit_min] minutes per TNTP time unit
    double tntpLengthUnitKm = 1.0;  ///< [tntp_length_unit_km] km per TNTP length unit

    CityTrafficOptions city;   ///< city networks: roads, zones, trips, gravity, cordon
    double demandScale = 1.0;  ///< [demand_scale]
    std::string tripsFile;     ///< [trips_file] TNTP trips, CSV long format or OMX; replaces the demand
    std::string tripsMatrix;   ///< [trips_matrix] OMX matrix / CSV value column

    double truckShare = 0.0;                      ///< [truck_share] of every cell, as trucks
    std::string truckTripsFile;                   ///< [truck_trips_file] a truck matrix (then truckShare = 0)
    double truckPce = 2.0;                        ///< [truck_pce]
    std::vector<std::string> truckBannedClasses;  ///< [truck_bans] road classes (city) or link types

    std::vector<std::string> closedLinks;                         ///< [closed_roads] link labels
    std::vector<std::pair<std::string, double>> capacityChanges;  ///< [capacity_changes] label, factor
    std::string closureArea;                                      ///< [closure_area] polygon layer (city)
    std::string closureDepthLayer;                                ///< [closure_depth_layer] raster (city)
    double closureDepthThresholdM = 0.3;
    std::string addedRoads;  ///< [added_roads] line layer (city)

    bool junctions = false;          ///< [junction_model] delays: expand junctions
    std::string signalLayer;         ///< [signal_layer] point layer of traffic signals (city)
    std::string turnsFile;           ///< [turns_file] turn bans and penalties
    std::string junctionDelaysFile;  ///< [junction_delays_table] empty = shipped table
    bool rightHandTraffic = true;    ///< [driving_side]
    bool banUTurns = true;           ///< [ban_u_turns]

    bool timeOfDay = false;   ///< [time_of_day]
    std::string periodsFile;  ///< [periods_table] empty = shipped table

    std::string countsFile;         ///< [counts_file]
    bool adjustToCounts = false;    ///< [adjust_to_counts]
    int adjustmentIterations = 10;  ///< [adjustment_iterations]

    std::vector<std::string> selectLinks;  ///< [select_links] link labels
    std::string selectZone;                ///< [select_zone] zone id
    ZoneDirection selectZoneDirection = ZoneDirection::Both;
    std::string districtsFile;  ///< [districts_file]

    AssignmentOptions assignment;
};

/// The network of a study, whatever its source, before junctions are expanded.
struct StudyNetwork {
    NetworkSource source = NetworkSource::City;
    CityNetwork city;  ///< city: everything (network, geometry, roads, zones)
    Network network;   ///< the assignment network (city: city.network)
    std::vector<std::string> zoneIds;
    std::vector<std::string> linkLabel;  ///< road id / "from-to" / link_id ("" for access links)
    std::vector<std::string> linkClass;  ///< road class / link type / facility ("connector" for access)
    std::vector<std::string> linkName;
    std::vector<core::LineString> geometry;  ///< per link; empty lines when the nodes have no coordinates
    std::unordered_map<std::string, int> nodeIndex;  ///< node id -> node (TNTP numbers, GMNS ids)
    std::vector<JunctionControl> control;  ///< per node when known (city: inferred; GMNS: ctrl_type)
    bool drawable = false;                 ///< links have geometry
};

/// Link results of one assignment on the study's links (junction turn links folded away).
struct LinkResults {
    std::vector<double> flow;                    ///< [veh/h] vehicles, all classes
    std::vector<double> pcuFlow;                 ///< [PCE/h]
    std::vector<std::vector<double>> classFlow;  ///< per class [veh/h]
    std::vector<double> volumeCapacity;
    std::vector<double> travelTime;  ///< congested [network time unit]
    std::vector<double> speedKmh;
};

struct TurnResult {
    ExpandedNetwork::Turn turn;
    double flow = 0.0;  ///< [veh/h]
};

struct PeriodSummary {
    Period period;
    double demand = 0.0, assigned = 0.0, unreachable = 0.0, intrazonal = 0.0;  ///< [veh/h]
    double roadTravelTime = 0.0, accessTravelTime = 0.0;                       ///< [time unit x veh/h]
    double roadDistance = 0.0, accessDistance = 0.0;                           ///< [length unit x veh/h]
    double relativeGap = 0.0;
    int iterations = 0;
};

struct StudyResult {
    StudyNetwork net;
    std::vector<std::string> classIds;  ///< "car" (and "truck")
    OdMatrix demand;                    ///< assigned matrix (all classes, vehicles) of the main period
    std::vector<OdMatrix> classDemand;  ///< per class
    CityTrafficInputs cityInputs;       ///< city source: zones, trips, cordon (network moved into net.city)
    double timeUnitMinutes = 1.0, lengthUnitKm = 1.0;

    AssignmentResult main;  ///< the single period, or the first period of the day (on the expanded network)
    LinkResults mainLinks;  ///< of `main`, per study link
    std::vector<TurnResult> turns;
    std::size_t junctions = 0, bannedTurns = 0;

    std::vector<PeriodSummary> periods;    ///< time of day
    std::vector<LinkResults> periodLinks;  ///< per period
    std::vector<double> dailyFlow;         ///< per link [veh/day]
    double dailyRoadTravelTime = 0.0, dailyAccessTravelTime = 0.0, dailyRoadDistance = 0.0,
           dailyAccessDistance = 0.0, dailyDemand = 0.0;

    bool haveCounts = false;
    CountComparison counts;  ///< of the flows (the counts' periods)
    std::vector<std::string> countPeriod;
    bool adjusted = false;
    MatrixAdjustmentResult adjustment;  ///< with adjustToCounts
    LinkResults adjustedLinks;

    bool haveSelectLink = false;
    SelectLinkResult selectLink;  ///< per study link
    bool haveSelectZone = false;
    SelectZoneResult selectZone;
    int selectZoneIndex = -1;

    bool haveDistricts = false;
    std::vector<std::string> districtNames;
    OdMatrix districtMatrix;

    std::size_t closedLinks = 0;
    bool cancelled = false;
    std::vector<std::string> log;  ///< what was read, assumed and found
    std::vector<std::string> warnings;
};

/// Every problem of the options for this model at once (never throws): files that do not exist, layers the
/// model lacks, city data needed but missing, incompatible choices.
std::vector<Problem> validate(const core::CityModel& model, const StudyOptions& options);

/// Runs the study. @throws core::Error naming the parameter, file or layer at fault. A cancel returns with
/// `cancelled` set.
StudyResult runStudy(const core::CityModel& model, const StudyOptions& options,
                     const core::Progress& progress);

}  // namespace citytwin::traffic

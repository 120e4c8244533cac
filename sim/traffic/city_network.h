#pragma once
/// @file city_network.h
/// Traffic assignment inputs from the city model (library citytwin_traffic_model): the road graph built
/// from the model's road lines, zones with connectors, peak-hour trips generated from the buildings and
/// distributed with a doubly constrained gravity model, and closures from a polygon or a depth raster.
///
/// Units of the networks built here: time in minutes, length in km, capacity in veh/h, coordinates in the
/// model's project CRS [m]. Everything here is re-entrant and reads the model through a const reference.
/// Failures throw core::Error (Validation naming the parameter, Data for unusable inputs).

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/occupancy.h"
#include "citytwin/core/raster.h"
#include "citytwin/core/vector_layer.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/demand.h"
#include "citytwin/traffic/junctions.h"
#include "citytwin/traffic/network.h"

namespace citytwin::traffic {

// ---------------------------------------------------------------------------------------------------------
// Road graph

/// Capacity per lane [veh/h/lane] by road class (OSM `highway` value), the defaults documented in
/// sim/traffic/README.md (planning values after the Highway Capacity Manual 2010). Classes not listed
/// are not motorised roads and are left out by default.
const std::map<std::string, double>& defaultCapacityPerLane();

/// How the road graph is built.
struct RoadGraphOptions {
    double snapToleranceM = 1.0;  ///< [snap_tolerance_m] vertices closer than this are one node [m], 0..50
    double bprAlpha = 0.15;       ///< [bpr_alpha] BPR alpha of every road link (BPR 1964), 0..10
    double bprBeta = 4.0;         ///< [bpr_beta] BPR power of every road link (BPR 1964), 1..10
    /// [road_classes] classes to include; empty = every class of defaultCapacityPerLane().
    std::vector<std::string> roadClasses;
    /// [capacity_per_lane] overrides of defaultCapacityPerLane() by class [veh/h/lane], each > 0.
    std::map<std::string, double> capacityPerLane;
};

/// What building the graph found: counts and connectivity.
struct RoadGraphReport {
    std::size_t roadsRead = 0;           ///< road lines in the model
    std::size_t roadsUsed = 0;           ///< lines of an included class that became links
    std::size_t roadsSkippedClass = 0;   ///< lines of a class not included (footways, cycleways, ...)
    std::size_t roadsDegenerate = 0;     ///< lines with fewer than two distinct points after snapping
    std::size_t verticesSnapped = 0;     ///< vertices merged with a vertex of another line within tolerance
    std::size_t endsSnappedToLines = 0;  ///< line ends moved onto another line's segment within tolerance
    std::size_t nodes = 0;
    std::size_t links = 0;  ///< directed links
    /// Node counts of the weakly connected components, largest first (more than one: disconnected parts).
    std::vector<std::size_t> componentNodes;
    std::size_t largestStronglyConnected = 0;  ///< nodes of the largest strongly connected component
    std::vector<core::Point> danglingEnds;     ///< nodes with a single neighbour (dead ends)
    std::vector<std::string> messages;         ///< one line each: what was found and done
};

/// A directed road link of the graph.
struct RoadLink {
    int from = -1;
    int to = -1;
    int road = -1;          ///< index into CityModel::roads
    core::LineString line;  ///< from -> to, project CRS [m]
    double lengthM = 0.0;
    double lanes = 1.0;     ///< lanes in this direction
    double capacity = 0.0;  ///< [veh/h]
    double speedKmh = 0.0;  ///< free-flow speed = the speed limit [km/h]
    double alpha = 0.15;    ///< BPR alpha
    double beta = 4.0;      ///< BPR power
    std::string roadClass;
};

/// The road graph of the city model.
struct RoadGraph {
    std::vector<core::Point> nodes;  ///< project CRS [m]
    std::vector<RoadLink> links;
    RoadGraphReport report;
};

/// Every problem of the options at once (never throws).
std::vector<Problem> validate(const RoadGraphOptions& options);

/// Builds the graph: vertices within the snap tolerance merged into one node; nodes where lines share a
/// vertex, at line ends, and where a line end lies within the tolerance of another line (that line is
/// split there); lines crossing without a shared vertex stay unconnected (bridges, tunnels: the OSM rule);
/// two links for two-way roads, one for one-way roads. Capacity = lanes per direction (half the total of a
/// two-way road, at least 1) x capacity per lane of the class; free-flow time = length / speed limit.
/// @throws core::Error(Validation) for bad options, core::Error(Data) when no road of an included class is
///         left.
RoadGraph buildRoadGraph(const core::CityModel& model, const RoadGraphOptions& options = {});

// ---------------------------------------------------------------------------------------------------------
// Zones and the assignment network

/// A traffic zone: where trips start and end.
struct ZoneDefinition {
    std::string id;
    core::MultiPolygon area;  ///< empty for a zone given by its centroid only
    core::Point centroid;     ///< project CRS [m]
    /// An external zone (cordon station): joined only to this road graph node by connectors of length 0, from
    /// the zone when `gateIn` (traffic may enter the model there) and to it when `gateOut`. -1: an ordinary
    /// zone with connectors to its nearest nodes.
    int gateNode = -1;
    bool gateIn = true;
    bool gateOut = true;
};

/// Zones from a vector layer of polygons (centroid = area centroid) or points. `idField` names the zone
/// id attribute (empty: "1", "2", ...).
/// @throws core::Error(Data) for a layer without polygons or points.
std::vector<ZoneDefinition> zonesFromLayer(const core::VectorLayer& layer, const std::string& idField = {});

/// A square grid of `cellSizeM` over the buildings' extent; cells without a building centroid are left
/// out. Zone centroids are the floor-area weighted centroids of their buildings (the centre of activity).
/// @throws core::Error(Validation) for cellSizeM outside 50..10000 m, core::Error(Data) without buildings.
std::vector<ZoneDefinition> gridZones(const core::CityModel& model, double cellSizeM);

/// How zones are connected to the road graph.
struct ConnectorOptions {
    int connectorsPerZone = 2;        ///< [connectors_per_zone] links each way to the nearest nodes, 1..8
    double connectorSpeedKmh = 20.0;  ///< [connector_speed_kmh] speed of the access links [km/h], 1..100
};

/// The assignment network of the city: zones are nodes 0..Z-1 (and carry no through traffic), road nodes
/// follow. Network units: minutes and km.
struct CityNetwork {
    Network network;
    std::vector<core::LineString> linkGeometry;  ///< per link, project CRS [m]
    std::vector<int> linkRoad;                   ///< per link: index into CityModel::roads; -1 connector
    std::vector<std::string> linkClass;          ///< per link: road class, or "connector"
    std::vector<core::Point> nodePoint;          ///< per node (zone centroids first)
    std::vector<ZoneDefinition> zones;
    RoadGraphReport report;             ///< of the road graph
    std::vector<std::string> messages;  ///< connector notes
};

/// Connects zones to the graph: each zone centroid gets two-way connectors (free-flow, uncongested) to its
/// nearest nodes of the largest strongly connected component, skipping nodes that touch only motorway
/// and trunk links (no direct access from buildings).
/// @throws core::Error(Validation) for bad options, core::Error(Data) without zones or usable nodes.
CityNetwork buildCityNetwork(const RoadGraph& graph, std::vector<ZoneDefinition> zones,
                             const ConnectorOptions& options = {});

/// A new road for a scenario (a bypass, a new town's access road): a line whose ends are joined to the
/// nearest network nodes.
struct NewRoad {
    core::LineString line;  ///< project CRS [m], at least two points
    std::string roadClass = "secondary";
    int lanes = 2;           ///< total, both directions for a two-way road
    double speedKmh = 50.0;  ///< [km/h]
    bool oneway = false;
};

/// Edits that add new roads (as added links with their geometry appended to linkGeometry etc. by
/// applyCityEdits). Ends farther than `maxSnapM` from a node are an error (Validation, "added_roads").
NetworkEdits newRoadEdits(const CityNetwork& network, const std::vector<NewRoad>& roads,
                          const RoadGraphOptions& options = {}, double maxSnapM = 50.0);

/// Applies edits to a city network, keeping the per-link geometry, road and class arrays aligned (added
/// links get a straight line between their nodes unless `newRoads` gives their lines, in the order
/// newRoadEdits made them).
CityNetwork applyCityEdits(const CityNetwork& network, const NetworkEdits& edits,
                           const std::vector<NewRoad>& newRoads = {});

// ---------------------------------------------------------------------------------------------------------
// Closures

/// Links whose geometry intersects the area (connectors only with `includeConnectors`).
std::vector<int> linksInArea(const CityNetwork& network, const core::MultiPolygon& area,
                             bool includeConnectors = false);

/// Links where the raster (e.g. a flood's maximum depth [m]) reaches `thresholdM` anywhere along the
/// link (sampled at half the cell size; NaN cells are dry). Pregnolato et al. (2017): cars cannot pass
/// water ~0.3 m deep. Rasters in another CRS than the network are an error (Data).
std::vector<int> linksFlooded(const CityNetwork& network, const core::Raster& depth, double thresholdM,
                              bool includeConnectors = false);

// ---------------------------------------------------------------------------------------------------------
// Trips from buildings

/// Building use classes for trip rates: core's (core/occupancy.h), shared with the other simulators.
using core::BuildingUse;
using core::toString;

/// The use of an OSM `building` value (core::classifyUse).
inline BuildingUse classifyBuilding(const std::string& buildingTag, BuildingUse fallback) {
    return core::classifyUse(buildingTag, fallback);
}

/// The peak the trips are for: which way the trips of each use go.
enum class PeakPeriod { Morning, Evening, Daily };

struct TripGenerationOptions {
    double storeyHeightM = 3.0;   ///< [storey_height_m] floors = height / this when levels are unknown
    double carShare = 0.3;        ///< [car_share] share of trips by car, 0..1
    double peakHourFactor = 0.1;  ///< [peak_hour_factor] share of daily trips in the peak hour, 0..1
    PeakPeriod peak = PeakPeriod::Morning;              ///< [peak_period] am | pm | daily
    BuildingUse defaultUse = BuildingUse::Residential;  ///< [default_building_use] for unknown tags
    std::map<BuildingUse, double> dailyRates;  ///< [trip_rates] overrides of the occupancy table's rates
    /// Floor area and daily trip rates by use (data/occupancy/occupancy_rules.csv); empty = the shipped
    /// table.
    core::OccupancyRules occupancy;
};

/// Every problem of the options at once (never throws).
std::vector<Problem> validate(const TripGenerationOptions& options);

/// Peak-hour vehicle trips of one building.
struct BuildingTrips {
    std::size_t building = 0;  ///< index into CityModel::buildings
    BuildingUse use = BuildingUse::Residential;
    double floors = 0.0;       ///< levels if known, else max(1, round(height / storey height))
    double floorAreaM2 = 0.0;  ///< footprint area x floors, or the floor area the building states [m2]
    double productions = 0.0;  ///< trips leaving [veh/h]
    double attractions = 0.0;  ///< trips arriving [veh/h]
};

/// Trips of every building: trip ends = floor area / 100 x daily rate x car share x peak-hour factor, split
/// into productions and attractions by the peak (morning: homes send 70%, other uses receive 70%; evening:
/// the reverse; daily: half each way). Floor area = footprint x floors, unless the buildings state it: a
/// number gfa_m2 replaces it, and gfa_residential_m2 with gfa_nonresidential_m2 make two parts, homes and
/// the use of nonresidential_use (retail when absent), each with its own rate and split
/// (newtown.buildings_after carries all of them).
/// @throws core::Error(Validation) for bad options.
std::vector<BuildingTrips> generateTrips(const core::CityModel& model, const TripGenerationOptions& options);

/// Productions and attractions per zone [veh/h]: a building belongs to the zone whose area holds its
/// footprint centroid, else (centroid zones, or outside every area) to the nearest zone centroid.
struct ZoneTrips {
    std::vector<double> productions;
    std::vector<double> attractions;
};
ZoneTrips aggregateTrips(const core::CityModel& model, const std::vector<BuildingTrips>& trips,
                         const std::vector<ZoneDefinition>& zones);

// ---------------------------------------------------------------------------------------------------------
// Gravity distribution

struct GravityOptions {
    double beta = 0.1;         ///< [gravity_beta] exponential deterrence exp(-beta * cost) [1/min], 0..5
    int maxIterations = 1000;  ///< Furness balancing iterations
    double tolerance = 1e-9;   ///< relative error of row and column sums to stop at
};

struct GravityReport {
    int iterations = 0;
    double maxRelativeError = 0.0;  ///< of the row and column sums at the end
    double attractionScale = 1.0;   ///< attractions were scaled by this to match the productions' total
    double intrazonal = 0.0;        ///< trips within a zone [veh/h] (not loaded on the network)
    double unplaced = 0.0;          ///< productions with no reachable attraction [veh/h] (reported, lost)
    std::vector<std::string> messages;
};

/// Doubly constrained gravity model (Wilson 1967; Ortúzar and Willumsen 2011, ch. 5) balanced by Furness
/// iterations: T_ij = a_i P_i b_j A_j exp(-beta c_ij), with row sums P_i and column sums A_j (attractions
/// scaled to the productions' total). `cost` is zones x zones row-major [min], NaN = unreachable; the
/// diagonal is replaced by the intrazonal cost, half the least cost to another zone (Ortúzar and
/// Willumsen 2011, 5.5), except where it is NaN (no intrazonal trips: cordon stations).
/// @throws core::Error(Validation) for bad options or sizes.
OdMatrix gravityDistribution(const std::vector<double>& productions, const std::vector<double>& attractions,
                             const std::vector<double>& cost, const GravityOptions& options,
                             GravityReport* report = nullptr);

// ---------------------------------------------------------------------------------------------------------
// Cordon: external zones where roads leave the model, with through and in/out traffic

/// Peak-hour load of the roads that cross the model's edge, by road class, when no count says otherwise:
/// volume/capacity in each direction and the share of it that only passes through the model
/// (data/traffic/cordon_defaults.csv; the file names its sources and assumptions).
struct CordonClassDefault {
    double volumeCapacity = 0.0;  ///< peak-hour flow / capacity of the road at the cordon, each direction
    double throughShare = 0.0;    ///< share of that flow passing through (entering and leaving at the cordon)
};
struct CordonDefaults {
    std::map<std::string, CordonClassDefault> byClass;  ///< road classes without an entry get no station
    std::string source;
};
/// Reads the table: columns class, volume_capacity (0..2), through_share (0..1). Errors name file, line and
/// column. @throws core::Error(FileNotFound | FileFormat).
CordonDefaults readCordonDefaults(const std::string& path);
/// <dataDirectory()>/traffic/cordon_defaults.csv
CordonDefaults defaultCordonDefaults();

/// A count on a road crossing the cordon [veh/h]: on the road with id `roadId` (or nearest to `point` within
/// 100 m when roadId is empty), entering the model (`inbound`), leaving it, or both ways together.
struct CordonCount {
    std::string roadId;
    core::Point point{NAN, NAN};
    enum class Direction { Inbound, Outbound, Both } direction = Direction::Both;
    double value = 0.0;
};

/// A cordon station: where a road leaves the model. It becomes an external zone.
struct CordonStation {
    std::string id;  ///< "X1", "X2", ... (zone id of the external zone)
    int node = -1;   ///< road graph node at the model's edge
    int road = -1;   ///< index into CityModel::roads
    std::string roadClass;
    std::string roadName;
    core::Point point;
    double capacityIn = 0.0;   ///< of the road link entering the model there [veh/h] (0: cannot enter)
    double capacityOut = 0.0;  ///< of the road link leaving it [veh/h]
    double inbound = 0.0;      ///< peak-hour flow entering [veh/h]
    double outbound = 0.0;     ///< leaving [veh/h]
    double throughShare = 0.0;
    std::string source;  ///< "count" or "class default"
};

struct CordonOptions {
    /// Road graph nodes with a single neighbour (dead ends) become stations when their road's class has a
    /// default (cordon_defaults.csv) and either the class is tertiary or higher (such roads do not end in the
    /// middle of a city: the model cuts them) or the node lies within `edgeMarginM` of the edge of the road
    /// data's extent. Only ends on the main network (its largest connected part) count.
    double edgeMarginM = 100.0;
    CordonDefaults defaults;
    std::vector<CordonCount> counts;
    /// [through_share] overrides the table's through shares when not NaN, 0..1.
    double throughShare = NAN;
    /// [cordon_scale] multiplies every station's flow (growth, sensitivity), 0..10.
    double scale = 1.0;
    /// [through_continuity] weight of through trips that stay on the road they came by (throughTrips()).
    double continuity = 20.0;
};

/// Finds the stations and sets their flows (counts first, else class defaults; counts matching no station
/// are an error naming them). Messages say what was found.
/// @throws core::Error(Validation, "cordon_counts") for counts that match no station.
std::vector<CordonStation> findCordonStations(const core::CityModel& model, const RoadGraph& graph,
                                              const CordonOptions& options,
                                              std::vector<std::string>* messages);

/// Through trips between stations [veh/h]: a doubly constrained table (Furness 1965) with row sums = the
/// stations' inbound through flows and column sums = their outbound through flows (scaled to the same
/// total), seeded with `continuity` between stations on roads of the same name (traffic on a road that
/// crosses the model mostly stays on it: the route-continuity term of Modlin's through-trip model, 1982),
/// 1 between other stations more than `minSeparationM` apart, and 0 otherwise (no U-turns at the edge).
/// Indices are station positions.
std::vector<OdPair> throughTrips(const std::vector<CordonStation>& stations, double continuity = 20.0,
                                 double minSeparationM = 300.0);

// ---------------------------------------------------------------------------------------------------------
// Junction control of the city's nodes

/// How junctions are controlled when the data do not say: traffic signals from a point layer (OSM
/// highway=traffic_signals) within `signalRadiusM` of a node; roundabouts where a road has junction =
/// roundabout; otherwise by the roads that meet (by name, or id when unnamed): two or more roads of secondary
/// class or higher (a crossing of main roads) -> signal; roads of different ranks (main, tertiary, local) ->
/// priority (the higher one has priority); roads of one rank -> uncontrolled.
struct JunctionControlOptions {
    std::string signalLayer;  ///< vector layer of the model with signal points; empty = none
    double signalRadiusM = 25.0;
};
/// Control per node of the assignment network (zones: uncontrolled).
std::vector<JunctionControl> inferJunctionControl(const core::CityModel& model, const CityNetwork& network,
                                                  const JunctionControlOptions& options,
                                                  std::vector<std::string>* messages = nullptr);
/// Bearings of every link at its start and end [radians], from its geometry (for the turn directions).
void linkBearings(const CityNetwork& network, std::vector<double>& start, std::vector<double>& end);

// ---------------------------------------------------------------------------------------------------------
// Everything together

struct CityTrafficOptions {
    RoadGraphOptions roads;
    ConnectorOptions connectors;
    bool cordon = false;  ///< [cordon] external zones with through and in/out traffic
    CordonOptions cordonOptions;
    double zoneSizeM = 500.0;  ///< [zone_size_m] grid zones when no zone layer is named, 50..10000
    std::string zoneLayer;     ///< [zone_layer] name of a vector layer of the model with the zones
    std::string zoneIdField;   ///< [zone_id_field] attribute with the zone ids
    TripGenerationOptions trips;
    GravityOptions gravity;
};

/// Every problem of the options at once (never throws), for this model (the zone layer must exist).
std::vector<Problem> validate(const core::CityModel& model, const CityTrafficOptions& options);

/// The inputs of a city traffic assignment.
struct CityTrafficInputs {
    CityNetwork network;                  ///< internal zones first, then one external zone per cordon station
    OdMatrix demand;                      ///< [veh/h]: internal, in/out (external-internal) and through trips
    std::vector<CordonStation> stations;  ///< external zone k is zone internalZones + k
    int internalZones = 0;
    double throughDemand = 0.0;   ///< [veh/h] external to external
    double inboundDemand = 0.0;   ///< external to internal
    double outboundDemand = 0.0;  ///< internal to external
    std::vector<std::string> cordonMessages;
    std::vector<BuildingTrips> buildingTrips;
    ZoneTrips zoneTrips;
    GravityReport gravity;
    std::vector<double> freeFlowSkim;  ///< zones x zones least free-flow time [min] (gravity cost)
};

/// Road graph, zones, connectors, trips and their distribution (by free-flow time) in one call.
/// @throws core::Error as the functions above.
CityTrafficInputs buildCityTrafficInputs(const core::CityModel& model, const CityTrafficOptions& options);

}  // namespace citytwin::traffic

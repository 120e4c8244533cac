// The traffic simulator plug-in: the SDK face of the assignment engine and the city-network adapter.
// Parameters and outputs are documented in sim/traffic/README.md (the tables there are generated from
// describe() and kept in sync by a test).

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "city_network.h"
#include "citytwin/core/attribute_rules.h"
#include "citytwin/sdk/sdk.h"
#include "citytwin/traffic/assignment.h"
#include "citytwin/traffic/limits.h"

namespace citytwin::traffic {
namespace {

using sdk::Choice;

constexpr const char* kId = "traffic";

/// Every parameter, declared once: the host's checks, the form, the CLI and the README table come from here,
/// and the ranges from the engine's limits.h.
struct TrafficParams {
    sdk::ParamList list;

    sdk::ChoiceParam<Objective> objective =
        list.group("Assignment")
            .choice<Objective>("objective",
                               {{Objective::UserEquilibrium, "ue",
                                 "Every driver takes a least-cost route (Wardrop's first principle)."},
                                {Objective::SystemOptimum, "so", "The routes that minimise total travel time."}})
            .label("Objective").help("Which equilibrium to compute.");
    sdk::RealParam maxGap = list.real("max_relative_gap").label("Relative gap")
                                .help("Stop once (TSTT - SPTT) / TSTT is at most this.")
                                .range(limits::relativeGap).byDefault(1e-10);
    sdk::IntParam maxIterations = list.integer("max_iterations").label("Iteration limit")
                                      .help("Stop after this many iterations.").range(limits::iterations)
                                      .byDefault(500).advanced();
    sdk::RealParam maxSeconds = list.real("max_seconds").label("Time limit")
                                    .help("Stop after this much wall-clock time; 0 = no limit.").unit("s")
                                    .range(limits::seconds).byDefault(0.0).advanced();
    sdk::RealParam distanceWeight = list.real("distance_weight").label("Distance weight")
                                        .help("Minutes of generalized cost per km driven, on top of the travel time.")
                                        .unit("min/km").range(limits::costWeight).byDefault(0.0).advanced();
    sdk::ChoiceParam<UnreachablePolicy> unreachable =
        list.choice<UnreachablePolicy>(
                "unreachable_demand",
                {{UnreachablePolicy::Report, "report", "Assign the rest and list the pairs without a path."},
                 {UnreachablePolicy::Fail, "error", "Stop the run."}})
            .label("Unreachable demand").help("What to do with demand that has no route.").advanced();

    sdk::RealParam demandScale = list.group("Demand").real("demand_scale").label("Demand scale")
                                     .help("Multiplies the generated demand (growth scenarios, sensitivity).")
                                     .range(limits::demandScale).byDefault(1.0);
    sdk::ChoiceParam<PeakPeriod> peak =
        list.choice<PeakPeriod>("peak_period", {{PeakPeriod::Morning, "am", "Homes send the trips."},
                                                {PeakPeriod::Evening, "pm", "Homes receive the trips."},
                                                {PeakPeriod::Daily, "daily", "Both ways, a whole day."}})
            .label("Peak").help("Which way the trips go.");
    sdk::RealParam carShare = list.real("car_share").label("Car share").help("Share of trips made by car.")
                                  .range(limits::share).byDefault(0.3);
    sdk::RealParam peakHourFactor = list.real("peak_hour_factor").label("Peak-hour factor")
                                        .help("Share of the daily trips made in the peak hour.")
                                        .range(limits::peakHourFactor).byDefault(0.1);
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
            .label("Default building use").help("Use of buildings whose tag says nothing (OSM building=yes).")
            .advanced();
    sdk::RealParam storeyHeight = list.real("storey_height_m").label("Storey height")
                                      .help("Floors = height / this where the data have no floor count.").unit("m")
                                      .range(limits::storeyHeightM).byDefault(3.0).advanced();
    sdk::RealParam gravityBeta = list.real("gravity_beta").label("Gravity beta")
                                     .help("Deterrence exp(-beta x free-flow minutes) of the gravity model.")
                                     .unit("1/min").range(limits::gravityBeta).byDefault(0.1).advanced();

    sdk::LayerParam zoneLayer =
        list.group("Zones").layer("zone_layer").label("Zone layer")
            .help("A vector layer of zone polygons or centroids; empty = a square grid of zone_size_m.")
            .layerKind("vector");
    sdk::TextParam zoneIdField = list.text("zone_id_field").label("Zone id attribute")
                                     .help("Attribute of the zone layer with the zone ids.").advanced();
    sdk::RealParam zoneSize = list.real("zone_size_m").label("Grid zone size")
                                  .help("Side of the square grid zones when there is no zone layer.").unit("m")
                                  .range(limits::zoneSizeM).byDefault(500.0);
    sdk::IntParam connectorsPerZone = list.integer("connectors_per_zone").label("Connectors per zone")
                                          .help("Access links from each zone to its nearest nodes.")
                                          .range(limits::connectorsPerZone).byDefault(2).advanced();
    sdk::RealParam connectorSpeed = list.real("connector_speed_kmh").label("Connector speed")
                                        .help("Speed on the access links.").unit("km/h")
                                        .range(limits::connectorSpeedKmh).byDefault(20.0).advanced();

    sdk::RealParam snapTolerance = list.group("Road network").real("snap_tolerance_m").label("Snap tolerance")
                                       .help("Road vertices closer than this become one node.").unit("m")
                                       .range(limits::snapToleranceM).byDefault(1.0);
    sdk::TextParam roadClasses = list.text("road_classes").label("Road classes")
                                     .help("Comma-separated road classes to use (e.g. primary,secondary,residential); "
                                           "empty = every motorised class.")
                                     .advanced();
    sdk::RealParam bprAlpha = list.real("bpr_alpha").label("BPR alpha").help("Alpha of the BPR volume-delay function.")
                                  .range(limits::bprAlpha).byDefault(0.15).advanced();
    sdk::RealParam bprBeta = list.real("bpr_beta").label("BPR beta").help("Power of the BPR volume-delay function.")
                                 .range(limits::bprBeta).byDefault(4.0).advanced();

    sdk::TextParam closedRoads = list.group("Scenario edits").text("closed_roads").label("Closed roads")
                                     .help("Comma-separated road ids (e.g. OSM ids) to close.");
    sdk::LayerParam closureArea = list.layer("closure_area").label("Closure area")
                                      .help("Close every road that crosses these polygons.").layerKind("vector");
    sdk::LayerParam closureDepthLayer =
        list.layer("closure_depth_layer").label("Flood depth layer")
            .help("A water-depth raster (e.g. flood.max_depth from a flood run before this one); roads where it "
                  "reaches the threshold are closed.")
            .layerKind("raster");
    sdk::RealParam closureDepthThreshold =
        list.real("closure_depth_threshold_m").label("Impassable depth")
            .help("Water depth from which a road is closed (cars stall at about 0.3 m: Pregnolato et al. 2017).")
            .unit("m").range(limits::closureDepthM).byDefault(0.3);
    sdk::TextParam capacityChanges =
        list.text("capacity_changes").label("Capacity changes")
            .help("Comma-separated ROAD_ID:FACTOR, e.g. 12345:0.5 for a lane closure on road 12345.");
    sdk::LayerParam addedRoads =
        list.layer("added_roads").label("New roads")
            .help("A vector layer of new road lines (attributes highway, lanes, maxspeed, oneway as for roads).")
            .layerKind("vector");
};

struct TrafficOutputs {
    sdk::OutputList list;
    sdk::VectorOutput links =
        list.vector("links").label("Road links")
            .description("Each direction of each road: flow, capacity, volume/capacity, free-flow and congested "
                         "time, speed, delay. The two directions of a two-way road are drawn side by side.")
            .style([] {
                sdk::StyleHint s = sdk::Style::lines("vc", "rdylgn_r", 0.0, 1.2);
                s.widthAttribute = "flow_veh_h";
                return s;
            }());
    sdk::VectorOutput zones = list.vector("zones").label("Traffic zones").unit("veh/h")
                                  .description("Zones with the trips they produce and attract in the peak hour.")
                                  .style(sdk::Style::polygons("productions", "viridis"));
    sdk::TableOutput convergence =
        list.table("convergence").label("Convergence")
            .description("Relative gap, average excess cost and objective per iteration (the solve time is a run "
                         "statistic in the manifest).")
            .style(sdk::Style::profile("iteration"));
    sdk::TableOutput skim =
        list.table("travel_time_skim").label("Zone-to-zone travel times")
            .description("Congested travel time and distance of the least-cost route between every pair of zones.");
    sdk::TableOutput unreachable =
        list.table("unreachable").label("Unreachable demand")
            .description("Origin-destination pairs with demand but no route (closures can cause them).");
    sdk::ScalarOutput totalTravelTime = list.scalar("total_travel_time").label("Total travel time").unit("veh h")
                                            .description("Sum over links of flow x congested time, in the peak hour.");
    sdk::ScalarOutput vehicleKm =
        list.scalar("vehicle_km").label("Vehicle kilometres").unit("veh km").description("Sum of flow x length.");
    sdk::ScalarOutput demandAssigned = list.scalar("demand_assigned").label("Demand assigned").unit("veh/h")
                                           .description("Trips loaded on the network.");
    sdk::ScalarOutput demandIntrazonal =
        list.scalar("demand_intrazonal").label("Trips within a zone").unit("veh/h")
            .description("Trips whose origin and destination are the same zone: not assigned to roads (they use "
                         "local streets the zone stands for). Productions = assigned + unreachable + intrazonal.");
    sdk::ScalarOutput demandUnreachable =
        list.scalar("demand_unreachable").label("Demand without a route").unit("veh/h")
            .description("Trips whose destination cannot be reached (reported, not dropped silently).");
    sdk::ScalarOutput congestedLinks = list.scalar("congested_links").label("Congested links")
                                           .description("Road links with volume above capacity.");
    sdk::ScalarOutput relativeGap = list.scalar("relative_gap").label("Relative gap reached")
                                        .description("Convergence of the equilibrium at the end.");
};

const TrafficParams& P() {
    static const TrafficParams p;
    return p;
}
const TrafficOutputs& O() {
    static const TrafficOutputs o;
    return o;
}

/// Everything the parameters say, in the engine's terms, plus what the plug-in handles itself.
struct Plan {
    CityTrafficOptions city;
    AssignmentOptions assignment;
    double demandScale = 1.0;
    std::vector<std::string> closedRoadIds;
    std::vector<std::pair<std::string, double>> capacityChanges;  // road id, factor
    std::string closureArea;                                      // vector layer
    std::string closureDepthLayer;                                // raster layer
    double closureDepthThresholdM = 0.3;
    std::string addedRoads;  // vector layer of lines
    double laneOffsetM = 4.0;
};

Plan planFrom(const sdk::ParameterSet& p, std::vector<sdk::Problem>& problems) {
    const TrafficParams& k = P();
    Plan plan;
    CityTrafficOptions& c = plan.city;
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
    try {
        c.trips.occupancy = core::defaultOccupancyRules();
    } catch (const core::Error& e) {
        problems.push_back({kId, {}, std::string("the occupancy table cannot be read: ") + e.what()});
    }

    AssignmentOptions& a = plan.assignment;
    a.objective = p[k.objective];
    a.maxRelativeGap = p[k.maxGap];
    a.maxIterations = static_cast<int>(p[k.maxIterations]);
    a.maxSeconds = p[k.maxSeconds];
    a.distanceWeight = p[k.distanceWeight];
    a.tollWeight = 0.0;
    a.unreachable = p[k.unreachable];

    plan.demandScale = p[k.demandScale];
    plan.closedRoadIds = core::splitList(p[k.closedRoads]);
    for (const std::string& item : core::splitList(p[k.capacityChanges])) {
        const auto colon = item.rfind(':');
        char* end = nullptr;
        const double factor = colon == std::string::npos ? NAN : std::strtod(item.c_str() + colon + 1, &end);
        if (colon == std::string::npos || colon == 0 || !end || *end != '\0' || !(factor > 0.0) || factor > 100.0) {
            problems.push_back({kId, k.capacityChanges.id(),
                                "'" + item +
                                    "' is not ROAD_ID:FACTOR with a factor above 0 and at most 100 (close a road with "
                                    "closed_roads)"});
            continue;
        }
        plan.capacityChanges.push_back({item.substr(0, colon), factor});
    }
    plan.closureArea = p[k.closureArea];
    plan.closureDepthLayer = p[k.closureDepthLayer];
    plan.closureDepthThresholdM = p[k.closureDepthThreshold];
    plan.addedRoads = p[k.addedRoads];
    return plan;
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

class TrafficSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "Traffic assignment (static user equilibrium)";
        d.info.version = "1.1.0";
        d.info.summary =
            "Peak-hour car traffic on the city's roads: user equilibrium or system optimum with BPR link costs, "
            "demand generated from the buildings.";
        d.info.references = {
            "Beckmann, McGuire & Winsten (1956), Studies in the Economics of Transportation",
            "Bureau of Public Roads (1964), Traffic Assignment Manual",
            "Dial (2006), A path-based user-equilibrium traffic assignment algorithm, Transp. Res. B 40(10)",
            "Ortuzar & Willumsen (2011), Modelling Transport, 4th ed., ch. 5 (gravity model)",
            "Transportation Research Board (2010), Highway Capacity Manual"};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> out;
        const Plan plan = planFrom(p, out);
        if (model.roads.empty())
            out.push_back({kId, {}, "the city model has no roads (add \"roads\" to the scenario)"});
        if (model.buildings.empty())
            out.push_back({kId, {}, "the city model has no buildings to generate the demand from"});
        for (const Problem& pr : traffic::validate(model, plan.city))
            out.push_back({kId, pr.parameter, pr.message});
        AssignmentOptions a = plan.assignment;
        return out;
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        const TrafficOutputs& out = O();
        std::vector<sdk::Problem> problems;
        Plan plan = planFrom(p, problems);
        if (!problems.empty())
            throw core::Error(core::ErrorCode::Validation, problems.front().message,
                              core::Error::Context{{}, {}, problems.front().parameter});

        ctx.progress(0.0, "building the road network and the demand");
        CityTrafficInputs in = buildCityTrafficInputs(model, plan.city);
        for (const std::string& m : in.network.report.messages)
            ctx.log(sdk::LogLevel::Info, m);
        for (const std::string& m : in.network.messages)
            ctx.log(sdk::LogLevel::Info, m);
        for (const std::string& m : in.gravity.messages)
            ctx.log(sdk::LogLevel::Info, m);
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;

        if (plan.demandScale != 1.0) {
            std::vector<OdPair> pairs = in.demand.pairs();
            for (OdPair& pr : pairs)
                pr.demand *= plan.demandScale;
            in.demand = OdMatrix::fromPairs(in.demand.zoneCount(), std::move(pairs));
        }

        CityNetwork net = applyEdits(model, plan, in.network, ctx);
        if (ctx.isCancelled()) return sdk::Outcome::Cancelled;

        plan.assignment.threads = std::max(1, ctx.threads());
        ctx.progress(0.1, "solving the equilibrium");
        const AssignmentResult r = assign(
            net.network, in.demand, plan.assignment,
            [&](double f, const std::string& stage) { ctx.progress(0.1 + 0.8 * f, stage); },
            [&] { return ctx.isCancelled(); });
        if (r.status == AssignmentStatus::Cancelled) return sdk::Outcome::Cancelled;
        for (const std::string& m : r.messages)
            ctx.log(sdk::LogLevel::Info, m);
        if (r.status != AssignmentStatus::Converged)
            ctx.log(sdk::LogLevel::Warning, std::string("stopped by the ") + toString(r.status) +
                                                " at relative gap " + std::to_string(r.relativeGap));
        if (r.demandUnreachable > 0.0)
            ctx.log(sdk::LogLevel::Warning, std::to_string(r.unreachable.size()) +
                                                " origin-destination pairs (" +
                                                std::to_string(r.demandUnreachable) +
                                                " veh/h) have no route; see the 'unreachable' table");

        ctx.progress(0.92, "writing results");
        emitLinks(model, net, r, plan, ctx);
        emitZones(model, net, in, ctx);
        emitTables(net, r, ctx);
        std::size_t congested = 0;
        for (std::size_t l = 0; l < r.volumeCapacity.size(); ++l)
            if (net.linkRoad[l] >= 0 && r.volumeCapacity[l] > 1.0) ++congested;
        // City networks are in minutes and km.
        ctx.output(out.totalTravelTime, r.totalTravelTime / 60.0);
        ctx.output(out.vehicleKm, r.vehicleDistance);
        ctx.output(out.demandAssigned, r.demandAssigned);
        ctx.output(out.demandUnreachable, r.demandUnreachable);
        {
            double intrazonal = 0.0;
            for (const OdPair& pr : in.demand.pairs())
                if (pr.origin == pr.destination) intrazonal += pr.demand;
            ctx.output(out.demandIntrazonal, intrazonal);
        }
        ctx.statistic("iterations", static_cast<double>(r.convergence.size()));
        ctx.statistic("solve_time_s", r.convergence.empty() ? 0.0 : r.convergence.back().seconds);
        ctx.output(out.congestedLinks, static_cast<double>(congested));
        ctx.output(out.relativeGap, r.relativeGap);
        ctx.progress(1.0, "done");
        return sdk::Outcome::Completed;
    }

private:
    static CityNetwork applyEdits(const core::CityModel& model, const Plan& plan, const CityNetwork& net,
                                  sdk::RunContext& ctx) {
        NetworkEdits edits;
        std::set<int> closed;
        auto linksOfRoad = [&](const std::string& id) {
            std::vector<int> links;
            for (std::size_t l = 0; l < net.linkRoad.size(); ++l) {
                const int road = net.linkRoad[l];
                if (road >= 0 && model.roads[static_cast<std::size_t>(road)].id == id)
                    links.push_back(static_cast<int>(l));
            }
            return links;
        };
        for (const std::string& id : plan.closedRoadIds) {
            const std::vector<int> links = linksOfRoad(id);
            if (links.empty())
                throw core::Error(core::ErrorCode::Validation, "no road with id '" + id + "' in the network",
                                  core::Error::Context{{}, {}, P().closedRoads.id()});
            closed.insert(links.begin(), links.end());
        }
        if (!plan.closureArea.empty()) {
            core::MultiPolygon area;
            for (const core::VectorFeature& f : model.vectors.at(plan.closureArea).features)
                for (const core::Polygon& poly : f.polygons)
                    area.push_back(poly);
            if (area.empty())
                throw core::Error(core::ErrorCode::Validation,
                                  "layer '" + plan.closureArea + "' has no polygons",
                                  core::Error::Context{{}, {}, P().closureArea.id()});
            const std::vector<int> links = linksInArea(net, area);
            ctx.log(sdk::LogLevel::Info, std::to_string(links.size()) + " links cross the closure area");
            closed.insert(links.begin(), links.end());
        }
        if (!plan.closureDepthLayer.empty()) {
            const core::Raster& depth = plan.closureDepthLayer == "terrain"
                                            ? model.terrain
                                            : model.rasters.at(plan.closureDepthLayer);
            const std::vector<int> links = linksFlooded(net, depth, plan.closureDepthThresholdM);
            ctx.log(sdk::LogLevel::Info, std::to_string(links.size()) + " links are under at least " +
                                             core::number(plan.closureDepthThresholdM) +
                                             " m of water: closed");
            closed.insert(links.begin(), links.end());
        }
        edits.closedLinks.assign(closed.begin(), closed.end());
        for (const auto& [id, factor] : plan.capacityChanges) {
            const std::vector<int> links = linksOfRoad(id);
            if (links.empty())
                throw core::Error(core::ErrorCode::Validation, "no road with id '" + id + "' in the network",
                                  core::Error::Context{{}, {}, P().capacityChanges.id()});
            for (int l : links)
                if (!closed.count(l)) edits.capacityFactors.push_back({l, factor});
        }
        std::vector<NewRoad> newRoads;
        if (!plan.addedRoads.empty()) {
            const core::VectorLayer& layer = model.vectors.at(plan.addedRoads);
            for (std::size_t i = 0; i < layer.features.size(); ++i) {
                const core::VectorFeature& f = layer.features[i];
                for (const core::LineString& line : f.lines) {
                    NewRoad road;
                    road.line = line;
                    const std::string cls = core::toText(layer.value(i, "highway"));
                    if (!cls.empty()) road.roadClass = cls;
                    const core::RoadClassDefaults& def = core::roadClassDefaults(road.roadClass);
                    road.lanes = core::parseLanes(core::toText(layer.value(i, "lanes"))).value_or(def.lanes);
                    road.speedKmh =
                        core::parseMaxspeed(core::toText(layer.value(i, "maxspeed"))).value_or(def.speedKmh);
                    const auto ow = core::parseOneway(core::toText(layer.value(i, "oneway")));
                    road.oneway = ow ? *ow != core::Oneway::No : def.oneway;
                    if (ow && *ow == core::Oneway::Backward) std::reverse(road.line.begin(), road.line.end());
                    newRoads.push_back(std::move(road));
                }
            }
            if (newRoads.empty())
                throw core::Error(core::ErrorCode::Validation, "layer '" + plan.addedRoads + "' has no lines",
                                  core::Error::Context{{}, {}, P().addedRoads.id()});
            NetworkEdits added = newRoadEdits(net, newRoads, plan.city.roads);
            edits.addedLinks = std::move(added.addedLinks);
        }
        if (edits.closedLinks.empty() && edits.capacityFactors.empty() && edits.addedLinks.empty())
            return net;
        ctx.log(sdk::LogLevel::Info, std::to_string(edits.closedLinks.size()) + " links closed, " +
                                         std::to_string(edits.capacityFactors.size()) +
                                         " capacities changed, " + std::to_string(edits.addedLinks.size()) +
                                         " links added");
        return applyCityEdits(net, edits, newRoads);
    }

    static void emitLinks(const core::CityModel& model, const CityNetwork& net, const AssignmentResult& r,
                          const Plan& plan, sdk::RunContext& ctx) {
        core::VectorLayer out;
        out.crs = model.crs;
        for (const char* f : {"road_id", "class", "name"})
            out.fields.ensure(f, core::FieldType::String);
        for (const char* f : {"link", "closed"})
            out.fields.ensure(f, core::FieldType::Integer);
        for (const char* f : {"length_m", "lanes", "capacity_veh_h", "flow_veh_h", "vc", "free_flow_time_min",
                              "time_min", "delay_min", "speed_kmh", "free_speed_kmh"})
            out.fields.ensure(f, core::FieldType::Real);
        const Network& n = net.network;
        // Two-way roads: both directions exist between the same nodes.
        std::set<std::pair<int, int>> pairs;
        for (const Link& l : n.links)
            pairs.insert({l.tail, l.head});
        for (std::size_t i = 0; i < n.links.size(); ++i) {
            const int road = net.linkRoad[i];
            if (road < 0 && net.linkClass[i] == "connector") continue;  // access links are not roads
            const Link& l = n.links[i];
            core::VectorFeature f;
            f.kind = core::GeometryKind::Line;
            const bool twoWay = pairs.count({l.head, l.tail}) > 0;
            f.lines.push_back(twoWay ? offsetRight(net.linkGeometry[i], plan.laneOffsetM)
                                     : net.linkGeometry[i]);
            const core::Road* src = road >= 0 ? &model.roads[static_cast<std::size_t>(road)] : nullptr;
            const double time = r.travelTime[i];
            // Lanes in this direction: half of a two-way road's total (at least one).
            const double lanes = !src     ? NAN
                                 : twoWay ? std::max(1.0, src->lanes / 2.0)
                                          : static_cast<double>(src->lanes);
            f.attributes = {src ? src->id : std::string("new"),
                            net.linkClass[i],
                            src ? src->name : std::string(),
                            static_cast<std::int64_t>(i),
                            static_cast<std::int64_t>(l.closed ? 1 : 0),
                            l.length * 1000.0,
                            lanes,
                            l.capacity,
                            r.flow[i],
                            r.volumeCapacity[i],
                            l.freeFlowTime,
                            time,
                            std::isfinite(time) ? time - l.freeFlowTime : NAN,
                            r.speedKmh[i],
                            l.freeFlowTime > 0 ? l.length / (l.freeFlowTime / 60.0) : NAN};
            out.features.push_back(std::move(f));
        }
        ctx.output(O().links, out);
    }

    static void emitZones(const core::CityModel& model, const CityNetwork& net, const CityTrafficInputs& in,
                          sdk::RunContext& ctx) {
        core::VectorLayer zones;
        zones.crs = model.crs;
        zones.fields.ensure("zone", core::FieldType::String);
        zones.fields.ensure("productions", core::FieldType::Real);
        zones.fields.ensure("attractions", core::FieldType::Real);
        for (std::size_t z = 0; z < net.zones.size(); ++z) {
            core::VectorFeature f;
            if (!net.zones[z].area.empty()) {
                f.kind = core::GeometryKind::Polygon;
                f.polygons = net.zones[z].area;
            } else {
                f.kind = core::GeometryKind::Point;
                f.points = {net.zones[z].centroid};
            }
            f.attributes = {net.zones[z].id, in.zoneTrips.productions[z], in.zoneTrips.attractions[z]};
            zones.features.push_back(std::move(f));
        }
        ctx.output(O().zones, zones);
    }

    static void emitTables(const CityNetwork& net, const AssignmentResult& r, sdk::RunContext& ctx) {
        sdk::Table conv;
        conv.columns = {{"iteration", ""},
                        {"relative_gap", ""},
                        {"average_excess_cost", "min"},
                        {"objective", "veh min"}};
        for (const ConvergencePoint& c : r.convergence)
            conv.rows.push_back({static_cast<std::int64_t>(c.iteration), c.relativeGap,
                                 c.averageExcessCost, c.objective});
        ctx.output(O().convergence, conv);

        sdk::Table skim;
        skim.columns = {{"origin", ""}, {"destination", ""}, {"time", "min"}, {"distance", "km"}};
        const std::size_t z = net.zones.size();
        if (r.skimTime.size() == z * z)
            for (std::size_t o = 0; o < z; ++o)
                for (std::size_t d = 0; d < z; ++d)
                    if (o != d)
                        skim.rows.push_back({net.zones[o].id, net.zones[d].id, r.skimTime[o * z + d],
                                             r.skimLength[o * z + d]});
        ctx.output(O().skim, skim);

        sdk::Table un;
        un.columns = {{"origin", ""}, {"destination", ""}, {"demand", "veh/h"}};
        for (const UnreachablePair& u : r.unreachable)
            un.rows.push_back({net.zones[static_cast<std::size_t>(u.origin)].id,
                               net.zones[static_cast<std::size_t>(u.destination)].id, u.demand});
        ctx.output(O().unreachable, un);
    }
};

}  // namespace
}  // namespace citytwin::traffic

CITYTWIN_PLUGIN(citytwin::traffic::TrafficSimulator)

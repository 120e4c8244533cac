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

namespace citytwin::traffic {
namespace {

using sdk::param;
using sdk::ParamType;
using sdk::splitList;

constexpr const char* kId = "traffic";

BuildingUse useFromName(const std::string& name) {
    for (BuildingUse u :
         {BuildingUse::Residential, BuildingUse::Office, BuildingUse::Retail, BuildingUse::Hotel,
          BuildingUse::Education, BuildingUse::Hospital, BuildingUse::Industrial, BuildingUse::Other})
        if (name == toString(u)) return u;
    return BuildingUse::Residential;
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
    Plan plan;
    CityTrafficOptions& c = plan.city;
    c.roads.snapToleranceM = p.getReal("snap_tolerance_m");
    c.roads.bprAlpha = p.getReal("bpr_alpha");
    c.roads.bprBeta = p.getReal("bpr_beta");
    c.roads.roadClasses = splitList(p.getString("road_classes"));
    c.connectors.connectorsPerZone = static_cast<int>(p.getInteger("connectors_per_zone"));
    c.connectors.connectorSpeedKmh = p.getReal("connector_speed_kmh");
    c.zoneLayer = p.getString("zone_layer");
    c.zoneIdField = p.getString("zone_id_field");
    c.zoneSizeM = p.getReal("zone_size_m");
    c.trips.storeyHeightM = p.getReal("storey_height_m");
    c.trips.carShare = p.getReal("car_share");
    c.trips.peakHourFactor = p.getReal("peak_hour_factor");
    const std::string peak = p.getString("peak_period");
    c.trips.peak = peak == "pm"      ? PeakPeriod::Evening
                   : peak == "daily" ? PeakPeriod::Daily
                                     : PeakPeriod::Morning;
    c.trips.defaultUse = useFromName(p.getString("default_building_use"));
    c.gravity.beta = p.getReal("gravity_beta");

    AssignmentOptions& a = plan.assignment;
    a.objective = p.getString("objective") == "so" ? Objective::SystemOptimum : Objective::UserEquilibrium;
    a.maxRelativeGap = p.getReal("max_relative_gap");
    a.maxIterations = static_cast<int>(p.getInteger("max_iterations"));
    a.maxSeconds = p.getReal("max_seconds");
    a.distanceWeight = p.getReal("distance_weight");
    a.tollWeight = 0.0;
    a.unreachable =
        p.getString("unreachable_demand") == "error" ? UnreachablePolicy::Fail : UnreachablePolicy::Report;

    plan.demandScale = p.getReal("demand_scale");
    plan.closedRoadIds = splitList(p.getString("closed_roads"));
    for (const std::string& item : splitList(p.getString("capacity_changes"))) {
        const auto colon = item.rfind(':');
        char* end = nullptr;
        const double factor = colon == std::string::npos ? NAN : std::strtod(item.c_str() + colon + 1, &end);
        if (colon == std::string::npos || colon == 0 || !end || *end != '\0' || !(factor > 0.0) ||
            factor > 100.0) {
            problems.push_back({kId, "capacity_changes",
                                "'" + item +
                                    "' is not ROAD_ID:FACTOR with a factor above 0 and at most 100 (close a "
                                    "road with closed_roads)"});
            continue;
        }
        plan.capacityChanges.push_back({item.substr(0, colon), factor});
    }
    plan.closureArea = p.getString("closure_area");
    plan.closureDepthLayer = p.getString("closure_depth_layer");
    plan.closureDepthThresholdM = p.getReal("closure_depth_threshold_m");
    plan.addedRoads = p.getString("added_roads");
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
        d.info.version = "1.0.0";
        d.info.summary =
            "Peak-hour car traffic on the city's roads: user equilibrium or system optimum with BPR link "
            "costs, "
            "demand generated from the buildings.";
        d.info.references = {
            "Beckmann, McGuire & Winsten (1956), Studies in the Economics of Transportation",
            "Bureau of Public Roads (1964), Traffic Assignment Manual",
            "Dial (2006), A path-based user-equilibrium traffic assignment algorithm, Transp. Res. B 40(10)",
            "Ortuzar & Willumsen (2011), Modelling Transport, 4th ed., ch. 5 (gravity model)",
            "Transportation Research Board (2010), Highway Capacity Manual"};

        d.parameters = {
            sdk::choiceParam(
                "objective", "Objective",
                "ue: every driver takes a least-cost route (Wardrop's first principle); so: the routes that "
                "minimise total travel time.",
                {"ue", "so"}, "ue", "Assignment"),
            param("max_relative_gap", "Relative gap", "Stop once (TSTT - SPTT) / TSTT is at most this.",
                  ParamType::Real, "", 1e-10, 1e-15, 1.0, "Assignment"),
            param("max_iterations", "Iteration limit", "Stop after this many iterations.", ParamType::Integer,
                  "", std::int64_t{500}, 1.0, 100000.0, "Assignment", true),
            param("max_seconds", "Time limit", "Stop after this much wall-clock time; 0 = no limit.",
                  ParamType::Real, "s", 0.0, 0.0, 1e6, "Assignment", true),
            param("distance_weight", "Distance weight",
                  "Minutes of generalized cost per km driven, on top of the travel time.", ParamType::Real,
                  "min/km", 0.0, 0.0, 100.0, "Assignment", true),
            sdk::choiceParam(
                "unreachable_demand", "Unreachable demand",
                "report: assign the rest and list the pairs without a path; error: stop the run.",
                {"report", "error"}, "report", "Assignment", true),
            param("demand_scale", "Demand scale",
                  "Multiplies the generated demand (growth scenarios, sensitivity).", ParamType::Real, "",
                  1.0, 0.0, 100.0, "Demand"),
            sdk::choiceParam("peak_period", "Peak",
                             "Which way the trips go: am (homes send), pm (homes receive), daily.",
                             {"am", "pm", "daily"}, "am", "Demand"),
            param("car_share", "Car share", "Share of trips made by car.", ParamType::Real, "", 0.3, 0.0, 1.0,
                  "Demand"),
            param("peak_hour_factor", "Peak-hour factor", "Share of the daily trips made in the peak hour.",
                  ParamType::Real, "", 0.1, 0.0, 1.0, "Demand"),
            sdk::choiceParam(
                "default_building_use", "Default building use",
                "Use of buildings whose tag says nothing (OSM building=yes).",
                {"residential", "office", "retail", "hotel", "education", "hospital", "industrial", "other"},
                "residential", "Demand", true),
            param("storey_height_m", "Storey height",
                  "Floors = height / this where the data have no floor count.", ParamType::Real, "m", 3.0,
                  2.0, 10.0, "Demand", true),
            param("gravity_beta", "Gravity beta",
                  "Deterrence exp(-beta x free-flow minutes) of the gravity model.", ParamType::Real, "1/min",
                  0.1, 0.0, 5.0, "Demand", true),
            sdk::layerParam(
                "zone_layer", "Zone layer",
                "A vector layer of zone polygons or centroids; empty = a square grid of zone_size_m.",
                "vector", "Zones"),
            param("zone_id_field", "Zone id attribute", "Attribute of the zone layer with the zone ids.",
                  ParamType::String, "", std::string(), {}, {}, "Zones", true),
            param("zone_size_m", "Grid zone size",
                  "Side of the square grid zones when there is no zone layer.", ParamType::Real, "m", 500.0,
                  50.0, 10000.0, "Zones"),
            param("connectors_per_zone", "Connectors per zone",
                  "Access links from each zone to its nearest nodes.", ParamType::Integer, "",
                  std::int64_t{2}, 1.0, 8.0, "Zones", true),
            param("connector_speed_kmh", "Connector speed", "Speed on the access links.", ParamType::Real,
                  "km/h", 20.0, 1.0, 100.0, "Zones", true),
            param("snap_tolerance_m", "Snap tolerance", "Road vertices closer than this become one node.",
                  ParamType::Real, "m", 1.0, 0.0, 50.0, "Road network"),
            param("road_classes", "Road classes",
                  "Comma-separated road classes to use (e.g. primary,secondary,residential); empty = every "
                  "motorised class.",
                  ParamType::String, "", std::string(), {}, {}, "Road network", true),
            param("bpr_alpha", "BPR alpha", "Alpha of the BPR volume-delay function.", ParamType::Real, "",
                  0.15, 0.0, 10.0, "Road network", true),
            param("bpr_beta", "BPR beta", "Power of the BPR volume-delay function.", ParamType::Real, "", 4.0,
                  1.0, 10.0, "Road network", true),
            param("closed_roads", "Closed roads", "Comma-separated road ids (e.g. OSM ids) to close.",
                  ParamType::String, "", std::string(), {}, {}, "Scenario edits"),
            sdk::layerParam("closure_area", "Closure area", "Close every road that crosses these polygons.",
                            "vector", "Scenario edits"),
            sdk::layerParam(
                "closure_depth_layer", "Flood depth layer",
                "A water-depth raster (e.g. a flood result); roads where it reaches the threshold are "
                "closed.",
                "raster", "Scenario edits"),
            param("closure_depth_threshold_m", "Impassable depth",
                  "Water depth from which a road is closed (cars stall at about 0.3 m: Pregnolato et al. "
                  "2017).",
                  ParamType::Real, "m", 0.3, 0.01, 10.0, "Scenario edits"),
            param("capacity_changes", "Capacity changes",
                  "Comma-separated ROAD_ID:FACTOR, e.g. 12345:0.5 for a lane closure on road 12345.",
                  ParamType::String, "", std::string(), {}, {}, "Scenario edits"),
            sdk::layerParam(
                "added_roads", "New roads",
                "A vector layer of new road lines (attributes highway, lanes, maxspeed, oneway as for "
                "roads).",
                "vector", "Scenario edits"),
        };

        d.outputs = {
            {"links",
             "Road links",
             sdk::OutputKind::Vector,
             "",
             "Each direction of each road: flow, capacity, volume/capacity, free-flow and congested time, "
             "speed, "
             "delay. The two directions of a two-way road are drawn side by side.",
             {"rdylgn_r", 0.0, 1.2, "vc", -1e300, "flow_veh_h"}},
            {"zones",
             "Traffic zones",
             sdk::OutputKind::Vector,
             "veh/h",
             "Zones with the trips they produce and attract in the peak hour.",
             {"viridis", 0, 0, "productions", -1e300, ""}},
            {"convergence",
             "Convergence",
             sdk::OutputKind::Table,
             "",
             "Relative gap, average excess cost and objective per iteration, with elapsed time.",
             {}},
            {"travel_time_skim",
             "Zone-to-zone travel times",
             sdk::OutputKind::Table,
             "",
             "Congested travel time and distance of the least-cost route between every pair of zones.",
             {}},
            {"unreachable",
             "Unreachable demand",
             sdk::OutputKind::Table,
             "",
             "Origin-destination pairs with demand but no route (closures can cause them).",
             {}},
            {"total_travel_time",
             "Total travel time",
             sdk::OutputKind::Scalar,
             "veh h",
             "Sum over links of flow x congested time, in the peak hour.",
             {}},
            {"vehicle_km",
             "Vehicle kilometres",
             sdk::OutputKind::Scalar,
             "veh km",
             "Sum of flow x length.",
             {}},
            {"demand_assigned",
             "Demand assigned",
             sdk::OutputKind::Scalar,
             "veh/h",
             "Trips loaded on the network.",
             {}},
            {"demand_unreachable",
             "Demand without a route",
             sdk::OutputKind::Scalar,
             "veh/h",
             "Trips whose destination cannot be reached (reported, not dropped silently).",
             {}},
            {"congested_links",
             "Congested links",
             sdk::OutputKind::Scalar,
             "",
             "Road links with volume above capacity.",
             {}},
            {"relative_gap",
             "Relative gap reached",
             sdk::OutputKind::Scalar,
             "",
             "Convergence of the equilibrium at the end.",
             {}},
        };
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
        if (!(a.maxRelativeGap > 0)) out.push_back({kId, "max_relative_gap", "must be above 0"});
        return out;
    }

    void run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
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
        if (ctx.isCancelled()) return;

        if (plan.demandScale != 1.0) {
            std::vector<OdPair> pairs = in.demand.pairs();
            for (OdPair& pr : pairs)
                pr.demand *= plan.demandScale;
            in.demand = OdMatrix::fromPairs(in.demand.zoneCount(), std::move(pairs));
        }

        CityNetwork net = applyEdits(model, plan, in.network, ctx);
        if (ctx.isCancelled()) return;

        plan.assignment.threads = std::max(1, ctx.threads());
        ctx.progress(0.1, "solving the equilibrium");
        const AssignmentResult r = assign(
            net.network, in.demand, plan.assignment,
            [&](double f, const std::string& stage) { ctx.progress(0.1 + 0.8 * f, stage); },
            [&] { return ctx.isCancelled(); });
        if (r.status == AssignmentStatus::Cancelled) return;
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
        ctx.emitScalar("total_travel_time", r.totalTravelTime / 60.0);
        ctx.emitScalar("vehicle_km", r.vehicleDistance);
        ctx.emitScalar("demand_assigned", r.demandAssigned);
        ctx.emitScalar("demand_unreachable", r.demandUnreachable);
        ctx.emitScalar("congested_links", static_cast<double>(congested));
        ctx.emitScalar("relative_gap", r.relativeGap);
        ctx.progress(1.0, "done");
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
                                  core::Error::Context{{}, {}, "closed_roads"});
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
                                  core::Error::Context{{}, {}, "closure_area"});
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
                                             std::to_string(plan.closureDepthThresholdM) +
                                             " m of water: closed");
            closed.insert(links.begin(), links.end());
        }
        edits.closedLinks.assign(closed.begin(), closed.end());
        for (const auto& [id, factor] : plan.capacityChanges) {
            const std::vector<int> links = linksOfRoad(id);
            if (links.empty())
                throw core::Error(core::ErrorCode::Validation, "no road with id '" + id + "' in the network",
                                  core::Error::Context{{}, {}, "capacity_changes"});
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
                                  core::Error::Context{{}, {}, "added_roads"});
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
        ctx.emitVector("links", out);
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
        ctx.emitVector("zones", zones);
    }

    static void emitTables(const CityNetwork& net, const AssignmentResult& r, sdk::RunContext& ctx) {
        sdk::Table conv;
        conv.columns = {{"iteration", ""},
                        {"elapsed", "s"},
                        {"relative_gap", ""},
                        {"average_excess_cost", "min"},
                        {"objective", "veh min"}};
        for (const ConvergencePoint& c : r.convergence)
            conv.rows.push_back({static_cast<std::int64_t>(c.iteration), c.seconds, c.relativeGap,
                                 c.averageExcessCost, c.objective});
        ctx.emitTable("convergence", conv);

        sdk::Table skim;
        skim.columns = {{"origin", ""}, {"destination", ""}, {"time", "min"}, {"distance", "km"}};
        const std::size_t z = net.zones.size();
        if (r.skimTime.size() == z * z)
            for (std::size_t o = 0; o < z; ++o)
                for (std::size_t d = 0; d < z; ++d)
                    if (o != d)
                        skim.rows.push_back({net.zones[o].id, net.zones[d].id, r.skimTime[o * z + d],
                                             r.skimLength[o * z + d]});
        ctx.emitTable("travel_time_skim", skim);

        sdk::Table un;
        un.columns = {{"origin", ""}, {"destination", ""}, {"demand", "veh/h"}};
        for (const UnreachablePair& u : r.unreachable)
            un.rows.push_back({net.zones[static_cast<std::size_t>(u.origin)].id,
                               net.zones[static_cast<std::size_t>(u.destination)].id, u.demand});
        ctx.emitTable("unreachable", un);
    }
};

}  // namespace
}  // namespace citytwin::traffic

CITYTWIN_PLUGIN(citytwin::traffic::TrafficSimulator)

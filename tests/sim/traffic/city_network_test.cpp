// The city model as traffic assignment input: road graph, zones, trips from buildings, gravity model,
// closures; on a small synthetic town with known answers and on the Seoul demo data (OpenStreetMap).

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "city_network.h"
#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "test_util.h"

using namespace citytwin;
using namespace citytwin::traffic;
using core::ErrorCode;
using core::Oneway;
using test::expectError;

namespace {

core::Road road(std::vector<core::Point> pts, const std::string& cls, int lanes, double speed,
                Oneway oneway = Oneway::No) {
    core::Road r;
    r.line = core::LineString(pts.begin(), pts.end());
    r.roadClass = cls;
    r.lanes = lanes;
    r.speedKmh = speed;
    r.oneway = oneway;
    return r;
}

core::Building building(double x, double y, double size, double height, double levels,
                        const std::string& tag) {
    core::Building b;
    core::Polygon p;
    p.outer = {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}};
    b.footprint.push_back(p);
    b.heightM = height;
    b.levels = levels;
    b.attributes = {tag};
    return b;
}

/// A 400 m x 400 m grid of streets (residential east-west, tertiary north-south, vertices shared at the
/// junctions), a footway, a one-way secondary road joined by a spur whose end misses it by 0.4 m, a bridge
/// crossing the grid without a shared vertex, a dead end, and a street whose end is 0.36 m off a junction.
core::CityModel town() {
    core::CityModel m;
    m.name = "test town";
    for (double y : {0.0, 200.0, 400.0})
        m.roads.push_back(road({{0, y}, {200, y}, {400, y}}, "residential", 2, 30));
    for (double x : {0.0, 200.0, 400.0})
        m.roads.push_back(road({{x, 0}, {x, 200}, {x, 400}}, "tertiary", 2, 50));
    m.roads.push_back(road({{100, 0}, {100, 400}}, "footway", 1, 5));
    m.roads.push_back(road({{0, 600}, {400, 600}}, "secondary", 2, 50, Oneway::Forward));
    m.roads.push_back(road({{200, 400}, {200, 600.4}}, "residential", 2, 30));
    m.roads.push_back(road({{300, -100}, {300, 500}}, "trunk", 4, 80));
    m.roads.push_back(road({{400, 400}, {500, 450}}, "residential", 2, 30));
    m.roads.push_back(road({{0.3, 200.2}, {-100, 200}}, "residential", 2, 30));
    m.buildingFields.ensure("building", core::FieldType::String);
    m.buildings.push_back(building(20, 20, 40, 30, 10, "apartments"));  // 1,600 m2 x 10 floors
    m.buildings.push_back(building(320, 320, 50, 12, NAN, "office"));   // 2,500 m2 x 4 floors (height)
    m.buildings.push_back(building(220, 220, 20, 6, NAN, "yes"));       // 400 m2 x 2 floors, fallback use
    m.buildings.push_back(building(30, 330, 30, 9, 3, "yes;retail"));   // 900 m2 x 3 floors
    return m;
}

bool near(const core::Point& a, double x, double y) {
    return std::abs(a.x - x) < 1e-9 && std::abs(a.y - y) < 1e-9;
}

}  // namespace

TEST(CityNetwork, RoadGraphFromLines) {
    const core::CityModel m = town();
    const RoadGraph g = buildRoadGraph(m);
    const RoadGraphReport& r = g.report;
    EXPECT_EQ(r.roadsRead, 12u);
    EXPECT_EQ(r.roadsSkippedClass, 1u);  // the footway
    EXPECT_EQ(r.roadsUsed, 11u);
    EXPECT_EQ(r.verticesSnapped, 1u);     // (0.3, 200.2) onto (0, 200)
    EXPECT_EQ(r.endsSnappedToLines, 1u);  // the spur's end onto the one-way road
    // 9 junctions, 3 on the one-way road, 2 bridge ends, the dead end, the far end of the snapped street.
    EXPECT_EQ(r.nodes, 16u);
    // 12 grid pieces x 2 ways, the one-way road split in 2 by the spur, spur, bridge, dead end, snapped
    // street both ways.
    EXPECT_EQ(r.links, 34u);
    ASSERT_EQ(r.componentNodes.size(), 2u);  // the bridge is not connected to the streets it crosses
    EXPECT_EQ(r.componentNodes[0], 14u);
    EXPECT_EQ(r.componentNodes[1], 2u);
    EXPECT_EQ(r.danglingEnds.size(), 6u);
    EXPECT_EQ(r.largestStronglyConnected,
              12u);  // the one-way road's two ends cannot be both left and reached
    bool footway = false;
    for (const std::string& s : r.messages)
        footway = footway || s.find("footway 1") != std::string::npos;
    EXPECT_TRUE(footway);

    for (const RoadLink& l : g.links) {
        EXPECT_NEAR(l.lengthM, core::length(l.line), 1e-9);
        EXPECT_TRUE(near(l.line.front(), g.nodes[static_cast<std::size_t>(l.from)].x,
                         g.nodes[static_cast<std::size_t>(l.from)].y));
        if (l.roadClass == "residential") {
            EXPECT_DOUBLE_EQ(l.capacity, 500.0);  // 1 lane each way
        } else if (l.roadClass == "tertiary") {
            EXPECT_DOUBLE_EQ(l.capacity, 700.0);
        } else if (l.roadClass == "secondary") {
            EXPECT_DOUBLE_EQ(l.capacity, 1600.0);  // one-way: both lanes
        } else {
            EXPECT_DOUBLE_EQ(l.capacity, 2 * 1800.0);  // trunk, 4 lanes
        }
    }
    int oneway = 0;
    for (const RoadLink& l : g.links)
        oneway += l.roadClass == "secondary";
    EXPECT_EQ(oneway, 2);
}

TEST(CityNetwork, SnapToleranceDecidesWhatJoins) {
    RoadGraphOptions o;
    o.snapToleranceM = 0.1;
    const RoadGraph g = buildRoadGraph(town(), o);
    EXPECT_EQ(g.report.verticesSnapped, 0u);
    EXPECT_EQ(g.report.endsSnappedToLines, 0u);
    EXPECT_EQ(g.report.nodes, 17u);  // the spur end and the near-junction end stay separate nodes
    EXPECT_EQ(g.report.componentNodes.size(), 4u);
}

TEST(CityNetwork, ClassesAndCapacitiesAreOptions) {
    RoadGraphOptions o;
    o.roadClasses = {"tertiary"};
    o.capacityPerLane = {{"tertiary", 1000.0}};
    o.bprAlpha = 0.5;
    const RoadGraph g = buildRoadGraph(town(), o);
    EXPECT_EQ(g.report.roadsUsed, 3u);
    for (const RoadLink& l : g.links) {
        EXPECT_DOUBLE_EQ(l.capacity, 1000.0);
        EXPECT_DOUBLE_EQ(l.alpha, 0.5);
    }
    o.roadClasses = {"cycleway"};
    expectError([&] { buildRoadGraph(town(), o); }, ErrorCode::Data,
                {"no road of the classes used for traffic"});
    RoadGraphOptions bad;
    bad.snapToleranceM = -1;
    bad.bprBeta = 0.5;
    bad.capacityPerLane = {{"primary", -10.0}};
    const std::vector<Problem> p = validate(bad);
    ASSERT_EQ(p.size(), 3u);
    EXPECT_EQ(p[0].parameter, "snap_tolerance_m");
    EXPECT_EQ(p[1].parameter, "bpr_beta");
    EXPECT_EQ(p[2].parameter, "capacity_per_lane");
    expectError([&] { buildRoadGraph(town(), bad); }, ErrorCode::Validation,
                {"'snap_tolerance_m'", "2 more problems"});
}

TEST(CityNetwork, ZonesAndConnectors) {
    const core::CityModel m = town();
    const RoadGraph g = buildRoadGraph(m);
    const std::vector<ZoneDefinition> zones = gridZones(m, 100);
    ASSERT_EQ(zones.size(), 4u);  // one cell per building here
    ConnectorOptions c;
    c.connectorsPerZone = 2;
    const CityNetwork cn = buildCityNetwork(g, zones, c);
    const Network& n = cn.network;
    EXPECT_EQ(n.zoneCount, 4);
    EXPECT_EQ(n.firstThroughNode, 4);  // zones carry no through traffic
    EXPECT_EQ(n.nodeCount, 4 + 16);
    EXPECT_EQ(n.links.size(), 34u + 4 * 2 * 2);
    EXPECT_TRUE(checkNetwork(n).empty());
    ASSERT_EQ(cn.linkGeometry.size(), n.links.size());
    for (std::size_t a = 34; a < n.links.size(); ++a) {
        EXPECT_EQ(cn.linkClass[a], "connector");
        const Link& l = n.links[a];
        const int roadNode = l.tail < 4 ? l.head : l.tail;
        // Never to the trunk bridge (not in the largest strongly connected part, and an expressway).
        const core::Point p = cn.nodePoint[static_cast<std::size_t>(roadNode)];
        EXPECT_NE(p.x, 300.0);
        EXPECT_NEAR(l.freeFlowTime, l.length / 20.0 * 60.0, 1e-12);
    }
    // The road links in minutes and km: 200 m at 30 km/h = 0.4 min.
    for (std::size_t a = 0; a < 34; ++a) {
        if (cn.linkClass[a] == "residential" && std::abs(n.links[a].length - 0.2) < 1e-12) {
            EXPECT_NEAR(n.links[a].freeFlowTime, 0.4, 1e-12);
        }
    }
    expectError([&] { gridZones(m, 10); }, ErrorCode::Validation, {"zone_size_m"});
}

TEST(CityNetwork, ZonesFromAPolygonOrPointLayer) {
    core::VectorLayer layer;
    layer.name = "zones";
    layer.fields.ensure("code", core::FieldType::String);
    core::VectorFeature square;
    square.kind = core::GeometryKind::Polygon;
    core::Polygon p;
    p.outer = {{0, 0}, {200, 0}, {200, 200}, {0, 200}, {0, 0}};
    square.polygons.push_back(p);
    square.attributes = {std::string("A")};
    core::VectorFeature point;
    point.kind = core::GeometryKind::Point;
    point.points = {{350, 350}};
    point.attributes = {std::string("B")};
    core::VectorFeature line;  // not a zone
    line.kind = core::GeometryKind::Line;
    line.lines = {core::LineString{{0, 0}, {1, 1}}};
    layer.features = {square, point, line};
    const std::vector<ZoneDefinition> zones = zonesFromLayer(layer, "code");
    ASSERT_EQ(zones.size(), 2u);
    EXPECT_EQ(zones[0].id, "A");
    EXPECT_TRUE(near(zones[0].centroid, 100, 100));
    EXPECT_EQ(zones[1].id, "B");
    EXPECT_TRUE(zones[1].area.empty());
    // Buildings inside the square belong to A; the others to the nearest centroid: (45, 345) is 251 m from
    // A's and 305 m from B's, (230, 230) 184 m from A's and 170 m from B's.
    const core::CityModel m = town();
    const ZoneTrips t = aggregateTrips(m, generateTrips(m, TripGenerationOptions{}), zones);
    const std::vector<BuildingTrips> b = generateTrips(m, TripGenerationOptions{});
    EXPECT_NEAR(t.productions[0], b[0].productions + b[3].productions, 1e-12);
    EXPECT_NEAR(t.productions[1], b[1].productions + b[2].productions, 1e-12);
    expectError([&] { zonesFromLayer(layer, "name"); }, ErrorCode::Data, {"no field 'name'"});
}

// Floor areas the buildings state (newtown.buildings_after) replace footprint x floors, and a stated split into
// homes and another use generates each part at its own rate and direction. By hand, morning peak, car share 0.3,
// peak-hour factor 0.1 (rates from data/occupancy/occupancy_rules.csv: homes 6.4, retail 40.6, office 10.5 trip
// ends per 100 m2 and day).
TEST(CityNetwork, TripsFromStatedFloorAreas) {
    core::CityModel m = town();
    for (const char* f : {"gfa_m2", "gfa_residential_m2", "gfa_nonresidential_m2"})
        m.buildingFields.ensure(f, core::FieldType::Real);
    m.buildingFields.ensure("nonresidential_use", core::FieldType::String);
    const auto set = [&](std::size_t b, core::AttributeValue gfa, core::AttributeValue res, core::AttributeValue non,
                         core::AttributeValue use) {
        m.buildings[b].attributes.resize(m.buildingFields.size());
        m.buildings[b].attributes[1] = gfa;
        m.buildings[b].attributes[2] = res;
        m.buildings[b].attributes[3] = non;
        m.buildings[b].attributes[4] = use;
    };
    // 0: apartments over shops: 12,000 m2 of homes and 1,500 m2 of retail (not 16,000 m2 of homes).
    set(0, 13500.0, 12000.0, 1500.0, std::string("retail"));
    // 1: the office states 9,000 m2 (not 2,500 x 4 = 10,000 m2).
    set(1, 9000.0, core::AttributeValue{}, core::AttributeValue{}, core::AttributeValue{});
    // 2: a split without the use of the non-residential part: retail assumed.
    set(2, core::AttributeValue{}, std::int64_t{600}, std::int64_t{200}, core::AttributeValue{});
    // 3: nothing stated (NULLs): estimated as before, 900 x 3 = 2,700 m2 of retail.
    set(3, core::AttributeValue{}, core::AttributeValue{}, core::AttributeValue{}, core::AttributeValue{});
    const std::vector<BuildingTrips> t = generateTrips(m, TripGenerationOptions{});
    ASSERT_EQ(t.size(), 4u);
    // Homes 120 x 6.4 x 0.03 = 23.04 (70 % out), shops 15 x 40.6 x 0.03 = 18.27 (30 % out).
    EXPECT_NEAR(t[0].floorAreaM2, 13500.0, 1e-9);
    EXPECT_EQ(t[0].use, BuildingUse::Residential);
    EXPECT_NEAR(t[0].productions, 0.7 * 23.04 + 0.3 * 18.27, 1e-9);
    EXPECT_NEAR(t[0].attractions, 0.3 * 23.04 + 0.7 * 18.27, 1e-9);
    // 90 x 10.5 x 0.03 = 28.35.
    EXPECT_NEAR(t[1].floorAreaM2, 9000.0, 1e-9);
    EXPECT_NEAR(t[1].attractions, 0.7 * 28.35, 1e-9);
    // Homes 6 x 6.4 x 0.03 = 1.152, shops 2 x 40.6 x 0.03 = 2.436.
    EXPECT_NEAR(t[2].productions, 0.7 * 1.152 + 0.3 * 2.436, 1e-9);
    EXPECT_NEAR(t[3].floorAreaM2, 2700.0, 1e-9);
    EXPECT_NEAR(t[3].attractions, 0.7 * 27 * 40.6 * 0.03, 1e-9);
}

TEST(CityNetwork, TripsFromBuildings) {
    const core::CityModel m = town();
    TripGenerationOptions o;  // car share 0.3, peak-hour factor 0.1, morning peak
    const std::vector<BuildingTrips> t = generateTrips(m, o);
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].use, BuildingUse::Residential);
    EXPECT_DOUBLE_EQ(t[0].floors, 10);
    EXPECT_NEAR(t[0].floorAreaM2, 16000, 1e-9);
    // 160 x 6.4 x 0.3 x 0.1 = 30.72 trip ends; homes send 70 % in the morning.
    EXPECT_NEAR(t[0].productions, 0.7 * 30.72, 1e-9);
    EXPECT_NEAR(t[0].attractions, 0.3 * 30.72, 1e-9);
    EXPECT_EQ(t[1].use, BuildingUse::Office);
    EXPECT_DOUBLE_EQ(t[1].floors, 4);  // 12 m / 3 m
    EXPECT_NEAR(t[1].attractions, 0.7 * 100 * 10.5 * 0.03, 1e-9);
    EXPECT_EQ(t[2].use, BuildingUse::Residential);  // "yes": the default use
    EXPECT_EQ(t[3].use, BuildingUse::Retail);       // "yes;retail"
    o.peak = PeakPeriod::Evening;
    EXPECT_NEAR(generateTrips(m, o)[0].productions, 0.3 * 30.72, 1e-9);
    o.defaultUse = BuildingUse::Office;
    EXPECT_EQ(generateTrips(m, o)[2].use, BuildingUse::Office);
    o.carShare = 2;
    o.peakHourFactor = 0;
    const std::vector<Problem> p = validate(o);
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[0].parameter, "car_share");
    EXPECT_EQ(p[1].parameter, "peak_hour_factor");
    EXPECT_EQ(classifyBuilding("Apartments", BuildingUse::Other), BuildingUse::Residential);
    EXPECT_EQ(classifyBuilding("hospital", BuildingUse::Other), BuildingUse::Hospital);
    EXPECT_EQ(classifyBuilding("yes", BuildingUse::Hotel), BuildingUse::Hotel);

    const std::vector<ZoneDefinition> zones = gridZones(m, 200);
    const ZoneTrips z = aggregateTrips(m, t, zones);
    double sum = 0.0;
    for (const BuildingTrips& b : t)
        sum += b.productions;
    EXPECT_NEAR(std::accumulate(z.productions.begin(), z.productions.end(), 0.0), sum, 1e-9);
}

TEST(CityNetwork, GravityModelIsDoublyConstrained) {
    const std::vector<double> P = {100, 50, 0};
    const std::vector<double> A = {20, 30, 200};  // scaled to the productions' 150
    const std::vector<double> cost = {0, 5, 10, 5, 0, 4, 10, 4, 0};
    GravityOptions o;
    o.beta = 0.2;
    GravityReport rep;
    const OdMatrix od = gravityDistribution(P, A, cost, o, &rep);
    EXPECT_NEAR(rep.attractionScale, 150.0 / 250.0, 1e-15);
    EXPECT_LE(rep.maxRelativeError, 1e-9);
    for (int i = 0; i < 3; ++i) {
        double row = 0, col = 0;
        for (int j = 0; j < 3; ++j) {
            row += od.at(i, j);
            col += od.at(j, i);
        }
        EXPECT_NEAR(row, P[static_cast<std::size_t>(i)], 1e-6);
        EXPECT_NEAR(col, A[static_cast<std::size_t>(i)] * rep.attractionScale, 1e-6);
    }
    // The shape: T_ij / T_ik = (A_j f_ij) / (A_k f_ik) within a row (balancing factors cancel).
    const double r = od.at(0, 1) / od.at(0, 2);
    EXPECT_NEAR(r, (od.at(1, 1) / od.at(1, 2)) * std::exp(-0.2 * (5 - 10)) / std::exp(-0.2 * (2 - 4)), 1e-9);
    // Intrazonal cost = half the least cost to another zone: zone 1 keeps exp(-0.2 * 2.5) of its weight.
    EXPECT_GT(rep.intrazonal, 0.0);
    // With beta 0 a doubly constrained model is T_ij = P_i A_j / total.
    o.beta = 0;
    const OdMatrix flat = gravityDistribution(P, A, cost, o);
    EXPECT_NEAR(flat.at(0, 2), 100 * 120.0 / 150.0, 1e-6);
    // Unreachable pairs get nothing; a zone that reaches nothing is reported.
    const double nan = NAN;
    const std::vector<double> cut = {0, nan, nan, nan, 0, 4, nan, 4, 0};
    GravityReport cutRep;
    const OdMatrix isolated = gravityDistribution({10, 10, 0}, {0, 10, 10}, cut, GravityOptions{}, &cutRep);
    EXPECT_EQ(isolated.at(0, 1), 0.0);
    EXPECT_NEAR(cutRep.unplaced, 10.0, 1e-12);
    expectError([&] { gravityDistribution(P, A, cost, GravityOptions{-1.0}); }, ErrorCode::Validation,
                {"gravity_beta"});
}

TEST(CityNetwork, ClosuresFromAnAreaAndAFloodRaster) {
    const core::CityModel m = town();
    const CityNetwork cn = buildCityNetwork(buildRoadGraph(m), gridZones(m, 200));
    // A square over the middle of the southern street (x 50..150, y -10..10).
    core::Polygon sq;
    sq.outer = {{50, -10}, {150, -10}, {150, 10}, {50, 10}, {50, -10}};
    const std::vector<int> closed = linksInArea(cn, core::MultiPolygon{sq});
    ASSERT_EQ(closed.size(), 2u);  // both ways of (0,0)-(200,0)
    for (int a : closed)
        EXPECT_EQ(cn.linkClass[static_cast<std::size_t>(a)], "residential");

    // 10 m cells over (-200..600) x (-200..800): 0.5 m of water on x 180..220 (the middle street and the
    // spur), 0.1 m elsewhere.
    core::Raster depth(80, 100, core::GeoTransform{-200, 800, 10, 10}, core::Crs(), 0.1f);
    for (int row = 0; row < depth.height(); ++row)
        for (int col = 38; col < 42; ++col)
            depth.at(col, row) = 0.5f;
    const std::vector<int> flooded = linksFlooded(cn, depth, 0.3);
    for (int a : flooded) {
        bool touches = false;
        for (const core::Point& p : cn.linkGeometry[static_cast<std::size_t>(a)])
            touches = touches || std::abs(p.x - 200) < 25;
        EXPECT_TRUE(touches) << a;
    }
    // Both ways of the eight grid pieces that run along or end at x = 200 and of the spur, and the one-way
    // road's two pieces that meet at the spur.
    EXPECT_EQ(flooded.size(), 2u * 8 + 2 + 2);
    EXPECT_TRUE(linksFlooded(cn, depth, 0.6).empty());
    expectError([&] { linksFlooded(cn, depth, -1); }, ErrorCode::Validation, {"closure_depth_threshold_m"});
}

TEST(CityNetwork, NewRoadsJoinTheNearestNodes) {
    const core::CityModel m = town();
    const CityNetwork cn = buildCityNetwork(buildRoadGraph(m), gridZones(m, 200));
    NewRoad r;
    r.line = {{0.5, 0.5}, {200, -100}, {399, 399.5}};
    r.roadClass = "primary";
    r.lanes = 4;
    r.speedKmh = 60;
    const NetworkEdits e = newRoadEdits(cn, {r});
    ASSERT_EQ(e.addedLinks.size(), 2u);
    EXPECT_DOUBLE_EQ(e.addedLinks[0].link.capacity, 2 * 900.0);
    const CityNetwork edited = applyCityEdits(cn, e, {r});
    EXPECT_EQ(edited.network.links.size(), cn.network.links.size() + 2);
    EXPECT_EQ(edited.linkGeometry.size(), edited.network.links.size());
    EXPECT_TRUE(near(edited.linkGeometry.back().front(), 400, 400));  // the way back starts at the far end
    EXPECT_EQ(edited.linkClass.back(), "primary");
    NewRoad far = r;
    far.line = {{1000, 1000}, {0, 0}};
    expectError([&] { newRoadEdits(cn, {far}); }, ErrorCode::Validation,
                {"'added_roads'", "its start is more than 50 m"});
}

TEST(CityNetwork, SeoulDemoScenario) {
    // The demo city: OSM roads and buildings of Jamsil, Songpa-gu (data/seoul_songpa).
    const core::CityModel m =
        core::buildCityModel(core::loadScenario(test::projectData("seoul_songpa/scenario.json")));
    CityTrafficOptions o;
    const CityTrafficInputs in = buildCityTrafficInputs(m, o);
    const RoadGraphReport& r = in.network.report;
    EXPECT_EQ(r.roadsRead, 356u);
    EXPECT_GE(r.roadsUsed, 350u);
    EXPECT_GT(r.nodes, 400u);
    EXPECT_GE(r.componentNodes.size(), 1u);
    EXPECT_GT(r.danglingEnds.size(), 0u);
    EXPECT_GT(in.network.network.zoneCount, 10);
    EXPECT_TRUE(checkNetwork(in.network.network).empty());
    // Every building's trips are in the zones, and every produced trip is in the matrix.
    double produced = 0.0;
    for (const BuildingTrips& b : in.buildingTrips)
        produced += b.productions;
    EXPECT_GT(produced, 1000.0);
    EXPECT_NEAR(in.demand.total(), produced, 1e-6 * produced);
    EXPECT_EQ(in.gravity.unplaced, 0.0);

    AssignmentOptions a;
    a.maxRelativeGap = 1e-10;
    const AssignmentResult res = assign(in.network.network, in.demand, a);
    EXPECT_EQ(res.status, AssignmentStatus::Converged);
    EXPECT_NEAR(res.demandAssigned + res.demandIntrazonal + res.demandUnreachable, in.demand.total(), 1e-6);
    EXPECT_GT(res.vehicleDistance, 0.0);
    double maxVc = 0.0;
    for (double v : res.volumeCapacity)
        if (std::isfinite(v)) maxVc = std::max(maxVc, v);
    EXPECT_GT(maxVc, 0.5);  // the peak hour loads some streets
    for (std::size_t l = 0; l < res.flow.size(); ++l) {
        if (in.network.linkRoad[l] < 0) continue;
        // Congested speeds in km/h never exceed the speed limit.
        EXPECT_LE(res.speedKmh[l], m.roads[static_cast<std::size_t>(in.network.linkRoad[l])].speedKmh + 1e-9);
    }

    // The Olympic-ro area floods: close every road under a band of 0.5 m water 300 m wide.
    const core::Box box = m.roadExtent();
    const double x0 = 0.5 * (box.minX + box.maxX) - 150;
    core::Raster depth(30, static_cast<int>((box.maxY - box.minY) / 10) + 1,
                       core::GeoTransform{x0, box.maxY, 10, 10}, m.crs, 0.5f);
    NetworkEdits e;
    e.closedLinks = linksFlooded(in.network, depth, 0.3);
    EXPECT_GT(e.closedLinks.size(), 10u);
    const Network flooded = applyEdits(in.network.network, e);
    const AssignmentResult wet = assign(flooded, in.demand, a);
    EXPECT_EQ(wet.status, AssignmentStatus::Converged);
    for (int l : e.closedLinks)
        EXPECT_EQ(wet.flow[static_cast<std::size_t>(l)], 0.0);
    // Nothing is lost: what cannot cross the band any more is reported.
    EXPECT_NEAR(wet.demandAssigned + wet.demandIntrazonal + wet.demandUnreachable, in.demand.total(), 1e-6);
    EXPECT_GT(wet.totalTravelTime + 1e-9, 0.0);
}

// The study from start to end: cordon stations and through traffic known by construction, junction control
// from road classes and a signal layer, time-of-day totals on a city, and the user path to standard networks
// (TNTP and GMNS files) with counts, select-link and districts.

#include <gtest/gtest.h>

#include <cmath>

#include "city_network.h"
#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/traffic/tntp.h"
#include "study.h"
#include "test_util.h"

using namespace citytwin;
using namespace citytwin::traffic;
using core::ErrorCode;
using test::expectError;
using test::sharedData;

namespace {

core::Road road(std::vector<core::Point> pts, const std::string& cls, int lanes, double speed,
                const std::string& id, const std::string& name = {}) {
    core::Road r;
    r.line = core::LineString(pts.begin(), pts.end());
    r.roadClass = cls;
    r.lanes = lanes;
    r.speedKmh = speed;
    r.id = id;
    r.name = name;
    return r;
}

core::Building building(double x, double y, double size, double levels) {
    core::Building b;
    core::Polygon p;
    p.outer = {{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}};
    b.footprint.push_back(p);
    b.heightM = 3 * levels;
    b.levels = levels;
    b.attributes = {std::string("apartments")};
    return b;
}

/// A primary road crossing the model from west (0, 0) to east (3000, 0), one lane each way (900 veh/h), with
/// a residential spur north to a block of flats at (1500, 300).
core::CityModel corridor() {
    core::CityModel m;
    m.roads.push_back(road({{0, 0}, {1500, 0}, {3000, 0}}, "primary", 2, 50, "main", "Main Road"));
    m.roads.push_back(road({{1500, 0}, {1500, 300}}, "residential", 2, 30, "spur"));
    m.buildingFields.ensure("building", core::FieldType::String);
    m.buildings.push_back(building(1480, 280, 40, 5));
    return m;
}

CityTrafficOptions corridorOptions() {
    CityTrafficOptions o;
    o.trips.occupancy = core::defaultOccupancyRules();
    o.zoneSizeM = 1000;
    o.cordon = true;
    o.cordonOptions.defaults.byClass["primary"] = {0.5, 1.0};  // half the capacity, all of it through
    return o;
}

}  // namespace

TEST(Cordon, ThroughTrafficKnownByConstruction) {
    const core::CityModel m = corridor();
    const CityTrafficInputs in = buildCityTrafficInputs(m, corridorOptions());
    // Two stations, the ends of Main Road (the spur's end is residential: no class default, no station).
    ASSERT_EQ(in.stations.size(), 2u);
    for (const CordonStation& s : in.stations) {
        EXPECT_EQ(s.roadClass, "primary");
        EXPECT_NEAR(s.capacityIn, 900, 1e-9);
        EXPECT_NEAR(s.inbound, 450, 1e-9);  // 0.5 x 900
        EXPECT_NEAR(s.outbound, 450, 1e-9);
        EXPECT_EQ(s.source, "class default");
    }
    // All of it passes through: 450 each way between the two ends, nothing into or out of the zones.
    const int zi = in.internalZones;
    EXPECT_NEAR(in.throughDemand, 900, 1e-6);
    EXPECT_NEAR(in.demand.at(zi, zi + 1), 450, 1e-6);
    EXPECT_NEAR(in.demand.at(zi + 1, zi), 450, 1e-6);
    EXPECT_NEAR(in.inboundDemand + in.outboundDemand, 0.0, 1e-9);
    // Assigned, the westernmost link of Main Road carries exactly the through flow each way (the flats'
    // trips stay in their zone: intrazonal).
    const AssignmentResult r = assign(in.network.network, in.demand, AssignmentOptions{});
    int checked = 0;
    for (std::size_t a = 0; a < in.network.network.links.size(); ++a) {
        if (in.network.linkRoad[a] != 0) continue;
        const core::LineString& g = in.network.linkGeometry[a];
        if (std::min(g.front().x, g.back().x) != 0.0) continue;
        EXPECT_NEAR(r.flow[a], 450, 1e-6);
        ++checked;
    }
    EXPECT_EQ(checked, 2);
}

TEST(Cordon, CountsReplaceTheDefaultsAndScaleWithTheCordon) {
    const core::CityModel m = corridor();
    CityTrafficOptions o = corridorOptions();
    o.cordonOptions.counts = {{"main", {NAN, NAN}, CordonCount::Direction::Both, 1000.0}};
    o.cordonOptions.scale = 1.5;
    const CityTrafficInputs in = buildCityTrafficInputs(m, o);
    ASSERT_EQ(in.stations.size(), 2u);
    // One count, both ways, on the road both stations lie on: shared by capacity, 250 in and 250 out at each
    // end; x 1.5.
    for (const CordonStation& s : in.stations) {
        EXPECT_EQ(s.source, "count");
        EXPECT_NEAR(s.inbound, 375, 1e-9);
        EXPECT_NEAR(s.outbound, 375, 1e-9);
    }
    EXPECT_NEAR(in.throughDemand, 750, 1e-6);
    o.cordonOptions.counts = {{"nowhere", {NAN, NAN}, CordonCount::Direction::Both, 10.0}};
    expectError([&] { buildCityTrafficInputs(m, o); }, ErrorCode::Validation,
                {"cordon_counts", "match no cordon station", "road nowhere"});
}

TEST(Cordon, InOutTrafficReachesTheZonesAndTotalsBalance) {
    core::CityModel m = corridor();
    CityTrafficOptions o = corridorOptions();
    o.cordonOptions.defaults.byClass["primary"] = {0.5,
                                                   0.4};  // 60 % of each station's flow starts or ends inside
    const CityTrafficInputs in = buildCityTrafficInputs(m, o);
    ASSERT_EQ(in.stations.size(), 2u);
    EXPECT_NEAR(in.throughDemand, 2 * 450 * 0.4, 1e-6);
    // Inbound trips (0.6 x 450 per station) all end inside; outbound ones are what the zones can send out.
    EXPECT_NEAR(in.inboundDemand, 2 * 450 * 0.6, 1e-6);
    double rows = 0.0;
    for (int s = in.internalZones; s < in.network.network.zoneCount; ++s)
        for (std::size_t k = in.demand.begin(s); k < in.demand.end(s); ++k)
            rows += in.demand.demands()[k];
    EXPECT_NEAR(rows, 2 * 450, 1e-6);  // every station sends its whole inbound flow somewhere
    EXPECT_GT(in.outboundDemand, 0.0);
}

TEST(JunctionControl, FromClassesAndSignals) {
    // A crossing of two secondary roads (signal), secondary x residential (priority), residential x
    // residential (uncontrolled; a signal point there makes it a signal).
    core::CityModel m;
    m.roads.push_back(road({{0, 0}, {500, 0}, {1000, 0}}, "secondary", 4, 50, "s1"));
    m.roads.push_back(road({{500, -500}, {500, 0}, {500, 500}}, "secondary", 4, 50, "s2"));
    m.roads.push_back(road({{800, 0}, {800, 300}, {800, 500}}, "residential", 2, 30, "r1"));
    m.roads.push_back(road({{800, 300}, {1000, 300}}, "residential", 2, 30, "r2"));
    m.roads.push_back(road({{600, 300}, {800, 300}}, "residential", 2, 30, "r3"));
    m.buildingFields.ensure("building", core::FieldType::String);
    m.buildings.push_back(building(100, 100, 20, 2));
    const RoadGraph g = buildRoadGraph(m);
    ZoneDefinition z;
    z.id = "1";
    z.centroid = {100, 100};
    const CityNetwork cn = buildCityNetwork(g, {z});
    const auto controlAt = [&](const std::vector<JunctionControl>& c, double x, double y) {
        for (std::size_t v = 1; v < cn.nodePoint.size(); ++v)
            if (std::hypot(cn.nodePoint[v].x - x, cn.nodePoint[v].y - y) < 1e-6) return c[v];
        ADD_FAILURE() << "no node at " << x << ", " << y;
        return JunctionControl::Roundabout;
    };
    std::vector<JunctionControl> c = inferJunctionControl(m, cn, {});
    EXPECT_EQ(controlAt(c, 500, 0), JunctionControl::Signal);
    EXPECT_EQ(controlAt(c, 800, 0), JunctionControl::Priority);
    EXPECT_EQ(controlAt(c, 800, 300), JunctionControl::Uncontrolled);
    core::VectorLayer signals;
    core::VectorFeature f;
    f.kind = core::GeometryKind::Point;
    f.points = {{805, 310}};
    signals.features.push_back(f);
    m.vectors["signals"] = signals;
    JunctionControlOptions jo;
    jo.signalLayer = "signals";
    c = inferJunctionControl(m, cn, jo);
    EXPECT_EQ(controlAt(c, 800, 300), JunctionControl::Signal);
    jo.signalLayer = "lights";
    expectError([&] { inferJunctionControl(m, cn, jo); }, ErrorCode::Validation,
                {"signal_layer", "'lights'"});
}

// ---------------------------------------------------------------------------------------------------------
// Standard networks

class StudyFiles : public test::TempDirTest {};

TEST_F(StudyFiles, TntpNetworkWithCountsSelectLinkAndDistricts) {
    const core::CityModel empty;
    StudyOptions o;
    o.source = NetworkSource::Tntp;
    o.networkFile = sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp");
    o.nodeFile = sharedData("traffic/SiouxFalls/SiouxFalls_node.tntp");
    o.tripsFile = sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp");
    o.countsFile = write("counts.csv", "id,from_node,to_node,count\nc1,1,2,4000\nc2,3,1,8000\n");
    o.selectLinks = {"1-2"};
    std::string districts = "zone,district\n";
    for (int z = 1; z <= 24; ++z)
        districts += std::to_string(z) + "," + (z <= 12 ? "north" : "south") + "\n";
    o.districtsFile = write("districts.csv", districts);
    const StudyResult r = runStudy(empty, o, {});
    // The same equilibrium as assigning the files directly.
    const Network n = readTntpNetwork(o.networkFile);
    const AssignmentResult direct = assign(n, readTntpTrips(o.tripsFile, 24), AssignmentOptions{});
    EXPECT_NEAR(r.main.objective, direct.objective, 1e-9 * direct.objective);
    EXPECT_EQ(r.net.linkLabel[0], "1-2");
    EXPECT_TRUE(r.net.drawable);
    ASSERT_TRUE(r.haveCounts);
    ASSERT_EQ(r.counts.rows.size(), 2u);
    EXPECT_NEAR(r.counts.rows[0].modelled, r.mainLinks.flow[0], 1e-9);
    EXPECT_NEAR(r.counts.rows[0].geh, geh(r.mainLinks.flow[0], 4000), 1e-12);
    ASSERT_TRUE(r.haveSelectLink);
    EXPECT_NEAR(r.selectLink.total, r.mainLinks.flow[0], 1e-6 * r.mainLinks.flow[0]);
    ASSERT_TRUE(r.haveDistricts);
    EXPECT_NEAR(r.districtMatrix.total(), 360600, 1e-6);
    o.selectLinks = {"1-99"};
    expectError([&] { runStudy(empty, o, {}); }, ErrorCode::Validation, {"select_links", "'1-99'"});
    o.selectLinks.clear();
    o.countsFile = write("bad.csv", "id,from_node,to_node,count\nc1,1,24,10\n");
    expectError([&] { runStudy(empty, o, {}); }, ErrorCode::Validation, {"counts_file", "'1-24'"});
}

TEST_F(StudyFiles, GmnsNetworkFromFiles) {
    write("config.csv", "long_length,speed\nkm,kph\n");
    const std::string nodes =
        write("node.csv", "node_id,x_coord,y_coord,zone_id\n1,0,0,A\n2,1000,0,\n3,2000,0,B\n");
    const std::string links =
        write("link.csv",
              "link_id,from_node_id,to_node_id,directed,length,lanes,capacity,free_speed\n"
              "a,1,2,false,1,1,1000,60\nb,2,3,false,1,1,1000,60\n");
    const std::string demand = write("demand.csv", "o_zone_id,d_zone_id,volume\nA,B,500\nB,A,250\n");
    StudyOptions o;
    o.source = NetworkSource::Gmns;
    o.networkFile = links;
    o.nodeFile = nodes;
    o.tripsFile = demand;
    o.countsFile = write("counts.csv", "link_id,direction,count\na,forward,450\na,backward,260\n");
    // The same count by position: the link nearest (500, 20) is a.
    const std::string byPoint = write("counts2.csv", "id,x,y,direction,count\nhere,500,20,both,700\n");
    const StudyResult r = runStudy(core::CityModel(), o, {});
    EXPECT_EQ(r.net.zoneIds, (std::vector<std::string>{"A", "B"}));
    EXPECT_NEAR(r.mainLinks.flow[0], 500, 1e-9);  // a forward
    EXPECT_NEAR(r.mainLinks.flow[1], 250, 1e-9);  // a backward
    EXPECT_NEAR(r.counts.rows[0].modelled, 500, 1e-9);
    EXPECT_NEAR(r.counts.rows[1].modelled, 250, 1e-9);
    EXPECT_NEAR(r.main.roadDistance, 750 * 2, 1e-9);
    o.countsFile = byPoint;
    const StudyResult p = runStudy(core::CityModel(), o, {});
    ASSERT_EQ(p.counts.rows.size(), 1u);
    EXPECT_NEAR(p.counts.rows[0].modelled, 750, 1e-9);  // both ways of a
    o.countsFile = write("far.csv", "id,x,y,count\nfar,500,900,10\n");
    expectError([&] { runStudy(core::CityModel(), o, {}); }, ErrorCode::Validation,
                {"counts_file", "no road within 100 m"});
}

TEST_F(StudyFiles, ProblemsAreListedBeforeAnythingRuns) {
    StudyOptions o;
    o.source = NetworkSource::Tntp;
    o.networkFile = path("missing_net.tntp");
    o.closureArea = "flood";
    o.adjustToCounts = true;
    o.truckShare = 0.1;
    o.truckTripsFile = path("t.csv");
    const std::vector<Problem> p = validate(core::CityModel(), o);
    const auto has = [&](const std::string& id, const std::string& text) {
        for (const Problem& q : p)
            if (q.parameter == id && q.message.find(text) != std::string::npos) return true;
        return false;
    };
    EXPECT_TRUE(has("network_file", "does not exist"));
    EXPECT_TRUE(has("trips_file", "needs a trips file"));
    EXPECT_TRUE(has("closure_area", "needs the city model's roads"));
    EXPECT_TRUE(has("counts_file", "needs a counts file"));
    EXPECT_TRUE(has("truck_share", "not both"));
    StudyOptions city;
    EXPECT_TRUE(!validate(core::CityModel(), city).empty());  // no roads, no buildings
}

// ---------------------------------------------------------------------------------------------------------
// The demo city

TEST(StudyJamsil, TimeOfDayAddsUpToTheDay) {
    const core::CityModel model =
        core::buildCityModel(core::loadScenario(test::projectData("seoul_songpa/scenario.json")));
    StudyOptions o;
    o.city.trips.occupancy = core::defaultOccupancyRules();
    o.city.cordon = true;
    o.city.cordonOptions.defaults = defaultCordonDefaults();
    o.city.connectors.connectorsPerZone = 4;
    o.junctions = true;
    o.timeOfDay = true;
    const StudyResult r = runStudy(model, o, {});
    ASSERT_EQ(r.periods.size(), 4u);
    double demand = 0.0, road = 0.0;
    for (const PeriodSummary& p : r.periods) {
        demand += p.period.hours * p.demand;
        road += p.period.hours * p.roadDistance;
        EXPECT_LE(p.relativeGap, 1e-10);
    }
    // Identities (rounding tolerance).
    EXPECT_NEAR(r.dailyDemand, demand, 1e-9 * demand);
    EXPECT_NEAR(r.dailyRoadDistance, road, 1e-9 * road);
    double daily = 0.0, weighted = 0.0;
    for (std::size_t a = 0; a < r.dailyFlow.size(); ++a) {
        daily += r.dailyFlow[a];
        for (std::size_t p = 0; p < 4; ++p)
            weighted += r.periods[p].period.hours * r.periodLinks[p].flow[a];
    }
    EXPECT_NEAR(daily, weighted, 1e-9 * daily);
}

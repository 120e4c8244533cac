// The traffic plug-in as the host sees it: loaded from the built-in plug-in directory, declarations, the
// README table, parameter checks, runs on the Jamsil demo with closures.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "citytwin/core/crs.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "memory_run_context.h"
#include "test_util.h"

using namespace citytwin;
using citytwin::test::MemoryRunContext;

namespace {

struct Fixture {
    core::PluginRegistry registry;
    const core::LoadedSimulator* sim = nullptr;
    core::CityModel model;
    Fixture() {
        registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true);
        sim = registry.find("traffic");
        model = core::buildCityModel(
            core::loadScenario(citytwin::test::projectData("seoul_songpa/scenario.json")));
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

sdk::ParameterSet params(const std::vector<std::pair<std::string, std::string>>& overrides = {}) {
    std::vector<sdk::Problem> problems;
    sdk::ParameterSet p = core::resolveParameters(fixture().sim->description(), "", overrides, problems);
    for (const sdk::Problem& pr : problems)
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    return p;
}

double sumFlow(const core::VectorLayer& links, const std::string& roadId) {
    double sum = 0.0;
    const int idField = links.fields.indexOf("road_id"), flowField = links.fields.indexOf("flow_veh_h");
    for (const core::VectorFeature& f : links.features)
        if (core::toText(f.attribute(idField)) == roadId) sum += core::toNumber(f.attribute(flowField));
    return sum;
}

}  // namespace

TEST(TrafficPlugin, LoadsWithSaneDeclarations) {
    ASSERT_NE(fixture().sim, nullptr) << "traffic plug-in not found in " << CITYTWIN_PLUGIN_BUILD_DIR;
    EXPECT_TRUE(fixture().registry.failures().empty());
    EXPECT_TRUE(core::checkDescription(fixture().sim->description()).empty());
}

TEST(TrafficPlugin, ReadmeParameterTableIsInSync) {
    citytwin::test::expectReadmeInSync(std::string(CITYTWIN_SOURCE_DIR) + "/sim/traffic/README.md", "traffic",
                                       core::describeMarkdown(fixture().sim->description()));
}

TEST(TrafficPlugin, BadValuesAreReportedWithTheParameter) {
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), R"({"zone_size_m": 10, "objective": "fastest", "car_share": 1.5})", {},
        problems);
    ASSERT_EQ(problems.size(), 3u);
    std::set<std::string> named;
    for (const sdk::Problem& pr : problems)
        named.insert(pr.parameter);
    EXPECT_EQ(named, (std::set<std::string>{"zone_size_m", "objective", "car_share"}));
    (void)p;
    problems.clear();
    const sdk::ParameterSet q =
        params({{"capacity_changes", "12345:0.5, oops"}, {"closure_area", "flood_zone"}});
    core::checkLayerParameters(fixture().sim->description(), q, fixture().model, problems);
    for (sdk::Problem& pr : fixture().sim->validate(fixture().model, q))
        problems.push_back(pr);
    bool layer = false, cap = false;
    for (const sdk::Problem& pr : problems) {
        layer =
            layer || (pr.parameter == "closure_area" && pr.message.find("'flood_zone'") != std::string::npos);
        cap = cap || (pr.parameter == "capacity_changes" && pr.message.find("'oops'") != std::string::npos);
    }
    EXPECT_TRUE(layer);
    EXPECT_TRUE(cap);
}

TEST(TrafficPlugin, RunsOnJamsilAndClosingARoadMovesItsFlow) {
    MemoryRunContext base;
    ASSERT_EQ(fixture().sim->run(fixture().model, params(), base), core::LoadedSimulator::Outcome::Completed);
    const core::VectorLayer& links = base.vectors.at("links");
    EXPECT_GT(links.features.size(), 1000u);
    EXPECT_LT(base.scalars.at("relative_gap"), 1e-10);
    EXPECT_GT(base.scalars.at("demand_assigned"), 5000.0);
    EXPECT_EQ(base.scalars.at("demand_unreachable"), 0.0);
    EXPECT_GT(base.tables.at("convergence").rows.size(), 1u);
    EXPECT_FALSE(base.tables.at("travel_time_skim").rows.empty());
    EXPECT_DOUBLE_EQ(base.lastProgress, 1.0);

    // The busiest arterial (not the expressway, whose cordon stations a closure would cut off), closed.
    std::string busiest;
    double most = 0.0;
    const int idField = links.fields.indexOf("road_id"), flowField = links.fields.indexOf("flow_veh_h");
    const int classField = links.fields.indexOf("class");
    for (const core::VectorFeature& f : links.features)
        if (core::toText(f.attribute(classField)) == "primary" &&
            core::toNumber(f.attribute(flowField)) > most) {
            most = core::toNumber(f.attribute(flowField));
            busiest = core::toText(f.attribute(idField));
        }
    ASSERT_GT(most, 0.0);
    MemoryRunContext closed;
    fixture().sim->run(fixture().model, params({{"closed_roads", busiest}}), closed);
    // Without the cordon (whose stations a closure may cut off: less traffic, less travel time), the demand
    // is the same before and after: the closure can only add travel time.
    MemoryRunContext inside, insideClosed;
    fixture().sim->run(fixture().model, params({{"cordon", "false"}}), inside);
    fixture().sim->run(fixture().model, params({{"cordon", "false"}, {"closed_roads", busiest}}),
                       insideClosed);
    EXPECT_EQ(sumFlow(closed.vectors.at("links"), busiest), 0.0);
    // No demand is lost: what cannot be assigned any more is reported as unreachable.
    EXPECT_NEAR(closed.scalars.at("demand_assigned") + closed.scalars.at("demand_unreachable"),
                base.scalars.at("demand_assigned"), 1e-6);
    ASSERT_EQ(insideClosed.scalars.at("demand_unreachable"), 0.0);
    EXPECT_GT(insideClosed.scalars.at("total_travel_time"), inside.scalars.at("total_travel_time"));

    MemoryRunContext missing;
    EXPECT_THROW(fixture().sim->run(fixture().model, params({{"closed_roads", "no-such-road"}}), missing),
                 core::Error);
}

TEST(TrafficPlugin, FloodDepthRasterClosesRoads) {
    core::CityModel model = fixture().model;
    // 0.5 m of water over a 300 m band across the middle of the district, nothing elsewhere.
    const core::Box e = model.extent;
    core::Raster depth(100, 100, core::GeoTransform{e.minX, e.maxY, e.width() / 100, e.height() / 100},
                       model.crs, 0.0f);
    for (int r = 0; r < 100; ++r)
        for (int c = 0; c < 100; ++c)
            if (std::abs(depth.cellCentre(c, r).y - 0.5 * (e.minY + e.maxY)) < 150.0) depth.at(c, r) = 0.5f;
    model.rasters["flood_depth"] = depth;
    MemoryRunContext ctx;
    fixture().sim->run(model, params({{"closure_depth_layer", "flood_depth"}}), ctx);
    const core::VectorLayer& links = ctx.vectors.at("links");
    const int closedField = links.fields.indexOf("closed");
    std::size_t closedLinks = 0;
    for (const core::VectorFeature& f : links.features)
        closedLinks += core::toNumber(f.attribute(closedField)) > 0;
    EXPECT_GT(closedLinks, 50u);
    EXPECT_GT(ctx.scalars.at("demand_unreachable"), 0.0);  // the band cuts the district in two: reported
    EXPECT_FALSE(ctx.tables.at("unreachable").rows.empty());
    EXPECT_FALSE(ctx.warnings.empty());
}

TEST(TrafficPlugin, CancelledBeforeStartEmitsNothing) {
    MemoryRunContext ctx;
    ctx.cancel = true;
    EXPECT_EQ(fixture().sim->run(fixture().model, params(), ctx), core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_TRUE(ctx.vectors.empty());
}

// ---------------------------------------------------------------------------------------------------------
// Through traffic, junctions, time of day, counts and the analyses on the demo city

namespace {

double column(const sdk::Table& t, const std::string& name, std::size_t row) {
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].name == name) return core::toNumber(t.rows.at(row).at(c));
    ADD_FAILURE() << "no column " << name;
    return NAN;
}

}  // namespace

TEST(TrafficPlugin, CordonTrafficReachesTheExpresswayAndIsAccountedFor) {
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(fixture().model, params(), ctx), core::LoadedSimulator::Outcome::Completed);
    const core::VectorLayer& stations = ctx.vectors.at("cordon_stations");
    ASSERT_GT(stations.features.size(), 10u);
    // Every trip starts in a zone or at a station: rows of the matrix = assigned + unreachable + intrazonal.
    double rows = 0.0;
    for (const char* layer : {"zones", "cordon_stations"}) {
        const core::VectorLayer& l = ctx.vectors.at(layer);
        const int pf = l.fields.indexOf("productions");
        for (const core::VectorFeature& f : l.features)
            rows += core::toNumber(f.attribute(pf));
    }
    EXPECT_NEAR(rows,
                ctx.scalars.at("demand_assigned") + ctx.scalars.at("demand_unreachable") +
                    ctx.scalars.at("demand_intrazonal"),
                1e-6 * rows);
    EXPECT_NEAR(ctx.scalars.at("road_travel_time") + ctx.scalars.at("access_travel_time"),
                ctx.scalars.at("total_travel_time"), 1e-9 * ctx.scalars.at("total_travel_time"));
    EXPECT_GT(ctx.scalars.at("demand_through"), 0.0);
    // Olympic-daero (올림픽대로, trunk) now carries its through traffic: thousands of veh/h, not hundreds.
    double olympic = 0.0;
    const core::VectorLayer& links = ctx.vectors.at("links");
    const int nf = links.fields.indexOf("name"), ff = links.fields.indexOf("flow_veh_h");
    for (const core::VectorFeature& f : links.features)
        if (core::toText(f.attribute(nf)) == "올림픽대로")
            olympic = std::max(olympic, core::toNumber(f.attribute(ff)));
    EXPECT_GT(olympic, 3000.0);
    // Junctions: turning movements with their delays, and the junction layer.
    EXPECT_GT(ctx.tables.at("turns").rows.size(), 500u);
    EXPECT_GT(ctx.vectors.at("junctions").features.size(), 100u);
    // The demand matrix adds up to the assigned demand and what stays in zones or has no route.
    double cells = 0.0;
    for (std::size_t r = 0; r < ctx.tables.at("demand_matrix").rows.size(); ++r)
        cells += column(ctx.tables.at("demand_matrix"), "car", r);
    EXPECT_NEAR(cells, rows, 1e-6 * rows);
}

TEST(TrafficPlugin, TimeOfDayTrucksCountsAndSelectLink) {
    // Counts on two Olympic-ro carriageways (made up: they test the plumbing, not the model).
    const std::string dir = testing::TempDir();
    const std::string counts = dir + "/jamsil_counts.csv";
    {
        std::ofstream out(counts);
        out << "id,road_id,direction,period,count\nolympic-ro a,59097459,both,am,1200\nolympic-ro "
               "b,70998326,both,pm,900\n";
    }
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(fixture().model,
                                 params({{"time_of_day", "true"},
                                         {"truck_share", "0.1"},
                                         {"truck_bans", "residential,living_street,service"},
                                         {"counts_file", counts},
                                         {"select_links", "59097459"}}),
                                 ctx),
              core::LoadedSimulator::Outcome::Completed);
    const sdk::Table& periods = ctx.tables.at("periods");
    ASSERT_EQ(periods.rows.size(), 5u);  // four periods and the day
    double day = 0.0;
    for (std::size_t r = 0; r < 4; ++r)
        day += column(periods, "hours", r) * column(periods, "demand", r);
    EXPECT_NEAR(ctx.scalars.at("daily_demand"), day, 1e-9 * day);
    EXPECT_NEAR(column(periods, "demand", 4), day, 1e-9 * day);
    const core::VectorLayer& links = ctx.vectors.at("links");
    for (const char* f : {"flow_am", "flow_ip", "flow_pm", "flow_op", "daily_flow", "truck_flow", "car_flow",
                          "flow_pcu_h", "select_flow"})
        EXPECT_GE(links.fields.indexOf(f), 0) << f;
    // Trucks keep off the residential streets.
    const int cf = links.fields.indexOf("class"), tf = links.fields.indexOf("truck_flow");
    for (const core::VectorFeature& f : links.features)
        if (core::toText(f.attribute(cf)) == "residential") {
            EXPECT_EQ(core::toNumber(f.attribute(tf)), 0.0);
        }
    const sdk::Table& cmp = ctx.tables.at("count_comparison");
    ASSERT_EQ(cmp.rows.size(), 2u);
    EXPECT_EQ(core::toText(cmp.rows[0][1]), "am");
    const double m = column(cmp, "modelled", 0);
    EXPECT_NEAR(column(cmp, "geh", 0), std::sqrt(2 * (m - 1200) * (m - 1200) / (m + 1200)), 1e-9);
    EXPECT_GT(ctx.scalars.at("select_link_demand"), 0.0);
    EXPECT_FALSE(ctx.tables.at("select_link_matrix").rows.empty());
}

TEST(TrafficPlugin, AStandardNetworkFromFilesWithoutCityData) {
    // The city model has nothing but a CRS: the network and the demand come from TNTP files.
    core::CityModel model;
    model.crs = core::Crs::fromUserInput("EPSG:5186");
    const std::string net = test::sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp");
    const sdk::ParameterSet p =
        params({{"network_file", net},
                {"node_file", test::sharedData("traffic/SiouxFalls/SiouxFalls_node.tntp")},
                {"trips_file", test::sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp")},
                {"tntp_time_unit_min", "0.6"},
                {"select_links", "1-2"}});
    EXPECT_TRUE(fixture().sim->validate(model, p).empty());
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(model, p, ctx), core::LoadedSimulator::Outcome::Completed);
    EXPECT_EQ(ctx.tables.at("link_flows").rows.size(), 76u);
    EXPECT_EQ(ctx.vectors.at("links").features.size(), 76u);
    EXPECT_EQ(ctx.vectors.at("zones").features.size(), 24u);
    // Sioux Falls' times are in 0.01 h: the objective's TSTT of 7,480,225 (PROVENANCE.md, the best-known
    // solution) is 7,480,225 x 0.6 min = 74,802 veh h.
    // Tolerance 0.01 veh h (1.3e-7 relative): flows within 1e-4 veh of the optimum at a gap of 1e-10.
    EXPECT_NEAR(ctx.scalars.at("total_travel_time"), 7480225.3449 * 0.6 / 60.0, 0.01);
    EXPECT_EQ(ctx.scalars.at("access_travel_time"), 0.0);  // FIRST THRU NODE 1: no centroids
    EXPECT_GT(ctx.scalars.at("select_link_demand"), 0.0);
    // Without the demand: a problem naming trips_file, before anything runs.
    const auto problems = fixture().sim->validate(model, params({{"network_file", net}}));
    bool named = false;
    for (const sdk::Problem& pr : problems)
        named = named || pr.parameter == "trips_file";
    EXPECT_TRUE(named);
}

TEST(TrafficPlugin, ScenarioDifferenceAgainstABaselineRun) {
    // Scenario A, then scenario B (an Olympic-ro carriageway closed) with A's links as the baseline layer (as
    // "traffic.links" of a --with-results folder reaches it).
    MemoryRunContext a;
    ASSERT_EQ(fixture().sim->run(fixture().model, params(), a), core::LoadedSimulator::Outcome::Completed);
    core::CityModel model = fixture().model;
    model.vectors["traffic.links"] = a.vectors.at("links");
    MemoryRunContext b;
    ASSERT_EQ(fixture().sim->run(
                  model, params({{"closed_roads", "59097459"}, {"baseline_links", "traffic.links"}}), b),
              core::LoadedSimulator::Outcome::Completed);
    const core::VectorLayer& d = b.vectors.at("difference");
    const core::VectorLayer& lb = b.vectors.at("links");
    ASSERT_EQ(d.features.size(), lb.features.size());
    const int dc = d.fields.indexOf("flow_change"), li = lb.fields.indexOf("flow_veh_h"),
              la = a.vectors.at("links").fields.indexOf("flow_veh_h");
    const int ri = d.fields.indexOf("road_id");
    double closedChange = 0.0;
    for (std::size_t k = 0; k < d.features.size(); ++k) {
        // B - A, link by link (the two runs build the same network).
        EXPECT_NEAR(core::toNumber(d.features[k].attribute(dc)),
                    core::toNumber(lb.features[k].attribute(li)) -
                        core::toNumber(a.vectors.at("links").features[k].attribute(la)),
                    1e-9);
        if (core::toText(d.features[k].attribute(ri)) == "59097459")
            closedChange += core::toNumber(d.features[k].attribute(dc));
    }
    EXPECT_LT(closedChange, -100.0);                         // the closed carriageway lost its traffic
    model.vectors["traffic.links"] = a.vectors.at("zones");  // not a links layer
    MemoryRunContext c;
    EXPECT_THROW(fixture().sim->run(model, params({{"baseline_links", "traffic.links"}}), c), core::Error);
}

// buildings_layer (e.g. newtown.buildings_after): trips come from the layer's buildings. The same buildings as a
// layer must give the same demand as the model's own; half of them less; a layer without sizes is refused.
TEST(TrafficPlugin, BuildingsFromALayerReplaceTheModelsBuildings) {
    const core::CityModel& base = fixture().model;
    core::VectorLayer same;
    same.name = "same";
    same.crs = base.crs;
    same.fields = base.buildingFields;
    const int h = same.fields.ensure("height_m", core::FieldType::Real);
    const int l = same.fields.ensure("levels", core::FieldType::Real);
    for (const core::Building& b : base.buildings) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = b.footprint;
        f.attributes = b.attributes;
        f.attributes.resize(same.fields.size());
        f.attributes[static_cast<std::size_t>(h)] = b.heightM;
        if (!std::isnan(b.levels)) f.attributes[static_cast<std::size_t>(l)] = b.levels;
        same.features.push_back(std::move(f));
    }
    core::CityModel m = base;
    m.vectors["same"] = same;
    core::VectorLayer half = same;
    half.name = "half";
    half.features.resize(same.features.size() / 2);
    m.vectors["half"] = half;
    core::VectorLayer sizeless = same;
    sizeless.name = "sizeless";
    for (core::VectorFeature& f : sizeless.features) {
        f.attributes[static_cast<std::size_t>(h)] = std::monostate{};
        f.attributes[static_cast<std::size_t>(l)] = std::monostate{};
    }
    m.vectors["sizeless"] = sizeless;

    auto demand = [&](const std::string& layer) {
        MemoryRunContext ctx;
        const auto p = params(layer.empty() ? std::vector<std::pair<std::string, std::string>>{}
                                            : std::vector<std::pair<std::string, std::string>>{{"buildings_layer", layer}});
        EXPECT_EQ(fixture().sim->run(m, p, ctx), core::LoadedSimulator::Outcome::Completed);
        return ctx.scalars.count("demand_assigned") ? ctx.scalars.at("demand_assigned") : NAN;
    };
    const double own = demand("");
    EXPECT_GT(own, 0.0);
    EXPECT_NEAR(demand("same"), own, 1e-9 * own);
    EXPECT_LT(demand("half"), own);
    const auto problems = fixture().sim->validate(m, params({{"buildings_layer", "sizeless"}}));
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems.front().parameter, "buildings_layer");
    EXPECT_NE(problems.front().message.find("height"), std::string::npos) << problems.front().message;
}

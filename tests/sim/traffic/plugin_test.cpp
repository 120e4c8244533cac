// The traffic plug-in as the host sees it: loaded from the built-in plug-in directory, declarations, the
// README table, parameter checks, runs on the Jamsil demo with closures.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

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

    // The busiest road, closed.
    std::string busiest;
    double most = 0.0;
    const int idField = links.fields.indexOf("road_id"), flowField = links.fields.indexOf("flow_veh_h");
    for (const core::VectorFeature& f : links.features)
        if (core::toNumber(f.attribute(flowField)) > most) {
            most = core::toNumber(f.attribute(flowField));
            busiest = core::toText(f.attribute(idField));
        }
    ASSERT_GT(most, 0.0);
    MemoryRunContext closed;
    fixture().sim->run(fixture().model, params({{"closed_roads", busiest}}), closed);
    EXPECT_EQ(sumFlow(closed.vectors.at("links"), busiest), 0.0);
    // No demand is lost: what cannot be assigned any more is reported as unreachable.
    EXPECT_NEAR(closed.scalars.at("demand_assigned") + closed.scalars.at("demand_unreachable"),
                base.scalars.at("demand_assigned"), 1e-6);
    EXPECT_GT(closed.scalars.at("total_travel_time"), base.scalars.at("total_travel_time"));

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

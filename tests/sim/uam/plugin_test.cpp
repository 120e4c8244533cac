// The UAM plug-in as the host sees it: loaded from the built-in plug-in directory, declarations, the README
// table, bad layers and parameters named (all at once), a short run over flat open ground checked against
// hand-worked figures, a blocked route, cancel.

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "citytwin/uam/limits.h"
#include "memory_run_context.h"
#include "test_util.h"

using namespace citytwin;
using citytwin::test::MemoryRunContext;

namespace {

std::string flatScenario() {
    return std::string(CITYTWIN_SOURCE_DIR) + "/tests/sim/uam/data/flat_open_ground.json";
}

struct Fixture {
    core::PluginRegistry registry;
    const core::LoadedSimulator* sim = nullptr;
    core::Scenario scenario;
    core::CityModel model;
    Fixture() {
        registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true);
        sim = registry.find("uam");
        scenario = core::loadScenario(flatScenario());
        model = core::buildCityModel(scenario);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

using Overrides = std::vector<std::pair<std::string, std::string>>;

/// The flat scenario's uam block with overrides; fails the test on any problem.
sdk::ParameterSet params(const Overrides& overrides = {}) {
    std::vector<sdk::Problem> problems;
    sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), fixture().scenario.simulators.at("uam"), overrides, problems);
    for (const sdk::Problem& pr : problems)
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    return p;
}

/// Problems from the host's checks and the simulator's own.
std::vector<sdk::Problem> problemsFor(const Overrides& overrides, const core::CityModel& model) {
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), fixture().scenario.simulators.at("uam"), overrides, problems);
    if (!problems.empty()) return problems;
    core::checkLayerParameters(fixture().sim->description(), p, model, problems);
    for (sdk::Problem& pr : fixture().sim->validate(model, p))
        problems.push_back(pr);
    return problems;
}

bool mentions(const std::vector<sdk::Problem>& problems, const std::string& parameter,
              std::initializer_list<std::string> parts) {
    for (const sdk::Problem& p : problems) {
        if (p.parameter != parameter) continue;
        bool all = true;
        for (const std::string& s : parts)
            all = all && p.message.find(s) != std::string::npos;
        if (all) return true;
    }
    return false;
}

std::string dump(const std::vector<sdk::Problem>& problems) {
    std::string s;
    for (const sdk::Problem& p : problems)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

core::VectorFeature point(double x, double y, std::vector<core::AttributeValue> attributes) {
    core::VectorFeature f;
    f.kind = core::GeometryKind::Point;
    f.points = {{x, y}};
    f.attributes = std::move(attributes);
    return f;
}

core::Polygon rect(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

core::VectorFeature polygon(const core::Polygon& p, std::vector<core::AttributeValue> attributes) {
    core::VectorFeature f;
    f.kind = core::GeometryKind::Polygon;
    f.polygons = {p};
    f.attributes = std::move(attributes);
    return f;
}

/// A no-fly layer of polygons with name, floor_m, ceiling_m, reference.
core::VectorLayer noFlyLayer(std::vector<core::VectorFeature> features) {
    core::VectorLayer l;
    l.name = "nofly";
    l.crs = fixture().model.crs;
    l.fields.ensure("name", core::FieldType::String);
    l.fields.ensure("floor_m", core::FieldType::Real);
    l.fields.ensure("ceiling_m", core::FieldType::Real);
    l.fields.ensure("reference", core::FieldType::String);
    l.features = std::move(features);
    return l;
}

const sdk::Table& table(const MemoryRunContext& ctx, const std::string& id) {
    return ctx.tables.at(id);
}

/// The value of `column` in the row whose first column is `route`.
double cell(const sdk::Table& t, const std::string& route, const std::string& column) {
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c].name == column)
            for (const auto& row : t.rows)
                if (core::toText(row[0]) == route) return core::toNumber(row[c]);
    ADD_FAILURE() << "no " << column << " for " << route;
    return NAN;
}

}  // namespace

TEST(UamPlugin, LoadsWithSaneDeclarations) {
    ASSERT_NE(fixture().sim, nullptr) << "uam plug-in not found in " << CITYTWIN_PLUGIN_BUILD_DIR;
    EXPECT_TRUE(fixture().registry.failures().empty());
    EXPECT_TRUE(core::checkDescription(fixture().sim->description()).empty());
    // Ranges the engine checks come from its limits.h (declared once).
    for (const sdk::ParamDecl& d : fixture().sim->description().parameters) {
        if (d.id == "band_min_m" || d.id == "band_max_m") {
            EXPECT_EQ(d.range.min, uam::limits::bandM.min);
            EXPECT_EQ(d.range.max, uam::limits::bandM.max);
        }
        if (d.id == "air_humidity_pct") {
            EXPECT_EQ(d.range.min, uam::limits::humidityPct.min);
        }
        EXPECT_FALSE(d.help.empty()) << d.id;
    }
    // Every output declares how it is drawn; the routes are 3D lines as wide as the default tube.
    for (const sdk::OutputDecl& o : fixture().sim->description().outputs) {
        if (o.id != "routes") continue;
        EXPECT_EQ(o.style.drawAs, sdk::DrawAs::Lines3D);
        EXPECT_DOUBLE_EQ(o.style.widthM, 100.0);
    }
}

TEST(UamPlugin, ReadmeParameterTableIsInSync) {
    citytwin::test::expectReadmeInSync(std::string(CITYTWIN_SOURCE_DIR) + "/sim/uam/README.md", "uam",
                                       core::describeMarkdown(fixture().sim->description()));
}

TEST(UamPlugin, ScenariosAreValid) {
    EXPECT_TRUE(problemsFor({}, fixture().model).empty()) << dump(problemsFor({}, fixture().model));
    // The Jamsil demo, as shipped.
    const core::Scenario demo = core::loadScenario(citytwin::test::projectData("seoul_songpa/uam.json"));
    const core::CityModel model = core::buildCityModel(demo);
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p =
        core::resolveParameters(fixture().sim->description(), demo.simulators.at("uam"), {}, problems);
    core::checkLayerParameters(fixture().sim->description(), p, model, problems);
    for (const sdk::Problem& pr : fixture().sim->validate(model, p))
        problems.push_back(pr);
    EXPECT_TRUE(problems.empty()) << dump(problems);
}

TEST(UamPlugin, BadLayersAndParametersAreNamedTogether) {
    core::CityModel model = fixture().model;
    // A vertiport layer with a point without a name, a FATO that is not a number, a line, and a pad inside a
    // building; a no-fly layer with a bad reference, a circle layer without a radius.
    core::VectorLayer vp;
    vp.name = "bad_vertiports";
    vp.crs = model.crs;
    vp.fields.ensure("name", core::FieldType::String);
    vp.fields.ensure("fato_size_m", core::FieldType::String);
    vp.features.push_back(point(200505, 501005, {std::string("West"), std::string("")}));
    vp.features.push_back(point(205505, 501005, {std::string("East"), std::string("wide")}));
    vp.features.push_back(point(203000, 501005, {std::string(""), std::string("30")}));
    core::VectorFeature line;
    line.kind = core::GeometryKind::Line;
    line.lines = {core::LineString{{201000, 501000}, {202000, 501000}}};
    line.attributes = {std::string("Runway"), std::string("")};
    vp.features.push_back(line);
    vp.features.push_back(point(204005, 500505, {std::string("Roof"), std::string("")}));
    model.vectors["bad_vertiports"] = vp;
    core::Building b;
    b.id = "way/42";
    b.footprint = {rect(203950, 500450, 204050, 500550)};
    b.heightM = 40.0;
    b.baseM = 0.0;
    model.buildings.push_back(b);
    model.vectors["nofly"] = noFlyLayer(
        {polygon(rect(201900, 500900, 202100, 501100), {std::string("P-1"), 0.0, 800.0, std::string("feet")}),
         polygon(rect(205400, 500900, 205600, 501100),
                 {std::string("Zone East"), {}, 500.0, std::string("msl")})});
    core::VectorLayer circles;
    circles.name = "circles";
    circles.crs = model.crs;
    circles.fields.ensure("name", core::FieldType::String);
    circles.features.push_back(point(203000, 501500, {std::string("C-1")}));
    model.vectors["circles"] = circles;

    const auto p = problemsFor({{"vertiport_layer", "bad_vertiports"},
                                {"nofly_layer", "nofly"},
                                {"nofly_circle_layer", "circles"},
                                {"routes", "West-East, West-Nowhere, Roof-East"},
                                {"band_min_m", "700"}},
                               model);
    EXPECT_TRUE(mentions(p, "vertiport_layer", {"layer 'bad_vertiports', feature 3", "no 'name'"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "vertiport_layer", {"feature 'East'", "fato_size_m is 'wide'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "vertiport_layer", {"feature 'Runway' is not a point"})) << dump(p);
    EXPECT_TRUE(mentions(p, "nofly_layer", {"layer 'nofly', feature 'P-1'", "reference is 'feet'"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "nofly_circle_layer", {"feature 'C-1' has no 'radius_m'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "routes", {"'West-Nowhere'", "known: East, Roof, West"})) << dump(p);
    // The engine's checks come in the same list, with the plug-in's parameter ids and the layer named.
    EXPECT_TRUE(mentions(p, "band_min_m", {"700", "not below its ceiling"})) << dump(p);
    EXPECT_TRUE(
        mentions(p, "vertiport_layer", {"layer 'bad_vertiports'", "'Roof' lies inside building 'way/42'"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "vertiport_layer", {"'East' lies inside no-fly volume 'Zone East'"})) << dump(p);
}

TEST(UamPlugin, OutOfRangeValuesAreRefusedByTheHost) {
    const auto p =
        problemsFor({{"tube_half_width_m", "-5"}, {"air_humidity_pct", "5"}, {"band_reference", "feet"}},
                    fixture().model);
    EXPECT_TRUE(mentions(p, "tube_half_width_m", {"-5 m is out of range"})) << dump(p);
    EXPECT_TRUE(mentions(p, "air_humidity_pct", {"5 % is out of range"})) << dump(p);
    EXPECT_TRUE(mentions(p, "band_reference", {"feet"})) << dump(p);
}

TEST(UamPlugin, ValidateOnAnEmptyModelNamesWhatIsMissing) {
    const core::CityModel empty;
    const auto p = fixture().sim->validate(empty, params());
    EXPECT_TRUE(mentions(p, "vertiport_layer", {"no vector layer 'flat_vertiports'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "", {"no planning area"})) << dump(p);
}

TEST(UamPlugin, StraightRouteOverFlatGroundMatchesHandFigures) {
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(fixture().model, params(), ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    // The route: one 3D line in the model's CRS, pad to pad, altitudes in lineZ.
    const core::VectorLayer& routes = ctx.vectors.at("routes");
    ASSERT_EQ(routes.features.size(), 1u);
    EXPECT_TRUE(routes.crs.isEquivalentTo(fixture().model.crs));
    const core::VectorFeature& f = routes.features[0];
    ASSERT_EQ(f.lines.size(), 1u);
    ASSERT_EQ(f.lineZ.size(), 1u);
    ASSERT_EQ(f.lineZ[0].size(), f.lines[0].size());
    EXPECT_NEAR(f.lines[0].front().x, 200505.0, 1e-9);
    EXPECT_NEAR(f.lines[0].back().x, 205505.0, 1e-9);
    // Hand figures (tests/cases/uam/flat_straight_route.json explains them): horizontal 5000 m exactly; 3D
    // length 25 + 25 m vertical, two legs of 1100 m at gradient 0.25 up to the band's first voxel centre 305
    // m, 2800 m of cruise = 5117.71 m, within 22 m for the voxel steps of the funnel floor.
    const sdk::Table& cmp = table(ctx, "route_comparison");
    EXPECT_NEAR(cell(cmp, "West-East", "horizontal_length_m"), 5000.0, 1e-6);
    EXPECT_NEAR(cell(cmp, "West-East", "length_m"), 50.0 + 2 * 1100.0 * std::sqrt(1.0 + 0.0625) + 2800.0,
                22.0);
    EXPECT_NEAR(cell(cmp, "West-East", "max_altitude_m"), 305.0, 1e-9);
    EXPECT_EQ(cell(cmp, "West-East", "within_limits"), 1.0);
    EXPECT_EQ(cell(cmp, "West-East", "nofly_length_m"), 0.0);
    // L_Amax right under the cruise (receiver 4 m above the ground, 301 m below the aircraft): 67 - 20
    // log10(301 / 76.2) - 2.7979 dB/km x (301 - 76.2) m (alpha at 501.19 Hz, 20 C, 70 %: ../shared/data/uam),
    // 0.01 dB.
    const core::Raster& lamax = ctx.rasters.at("lamax");
    EXPECT_NEAR(lamax.sampleNearest({203005.0, 501005.0}),
                67.0 - 20.0 * std::log10(301.0 / 76.2) - 2.7979 * (301.0 - 76.2) / 1000.0, 0.01);
    // L_den from the SEL at the same receiver and the schedule (100 day, 20 evening, 0 night; +5 dB evening):
    // SEL + 10 log10(100 + 20 x 10^0.5) - 10 log10(86400 s), to 0.01 dB.
    const double sel = ctx.rasters.at("sel").sampleNearest({203005.0, 501005.0});
    EXPECT_NEAR(ctx.rasters.at("lden").sampleNearest({203005.0, 501005.0}),
                sel + 10.0 * std::log10(100.0 + 20.0 * std::pow(10.0, 0.5)) - 10.0 * std::log10(86400.0),
                0.01);
    // Every declared output came, in the model's CRS, but L_night: no night flights, no value anywhere (left
    // out, and said so in the log).
    for (const sdk::OutputDecl& o : fixture().sim->description().outputs) {
        const bool got = ctx.rasters.count(o.id) || ctx.vectors.count(o.id) || ctx.tables.count(o.id) ||
                         ctx.scalars.count(o.id);
        EXPECT_EQ(got, o.id != "lnight") << o.id;
    }
    bool said = false;
    for (const std::string& m : ctx.logs)
        said = said || m.rfind("lnight: no value anywhere", 0) == 0;
    EXPECT_TRUE(said);
    // The footprints: the corridor's tube at its true width, 2 x 50 m wide round a 5000 m track with round
    // ends: 100 x 5000 + pi 50^2 m^2 (to 0.5 %: the ends and joins are polygons of 36 points per circle).
    const core::VectorLayer& fp = ctx.vectors.at("footprints");
    const int kind = fp.fields.indexOf("kind");
    double tube = 0.0;
    for (const core::VectorFeature& ft : fp.features)
        if (core::toText(ft.attribute(kind)) == "corridor") tube += core::area(ft.polygons);
    EXPECT_NEAR(tube, 100.0 * 5000.0 + 3.14159265358979 * 2500.0, 0.005 * 507854.0);
    for (const auto& [id, r] : ctx.rasters)
        EXPECT_TRUE(r.crs().isEquivalentTo(fixture().model.crs)) << id;
    EXPECT_EQ(ctx.vectors.at("vertiports").features.size(), 2u);
    EXPECT_GT(ctx.vectors.at("funnels").features.size(), 4u);
    // The profile table: one line per route along the distance.
    const sdk::Table& prof = table(ctx, "profiles");
    ASSERT_GT(prof.rows.size(), 400u);
    EXPECT_EQ(core::toText(prof.rows.front()[0]), "West-East");
    EXPECT_EQ(ctx.scalars.at("routes_found"), 1.0);
    // Statistics, not outputs.
    EXPECT_GT(ctx.statistics.at("expansions"), 0.0);
    EXPECT_GT(ctx.statistics.at("airspace_bytes"), 0.0);
    EXPECT_TRUE(ctx.statistics.count("time_routes_s"));
    EXPECT_DOUBLE_EQ(ctx.lastProgress, 1.0);
}

TEST(UamPlugin, BlockedRouteIsAWarningAndARowWhileAnotherFlies) {
    core::CityModel model = fixture().model;
    // A wall across the whole area east of x = 204000, every altitude: West-East is blocked; West-Mid is not.
    // 25 m voxels: a blocked search exhausts the free airspace and then diagnoses it over the whole grid
    // (seconds at 10 m).
    model.vectors["nofly"] = noFlyLayer(
        {polygon(rect(204000, 499000, 204200, 503000), {std::string("Wall"), {}, {}, std::string("")})});
    core::VectorLayer vp = model.vectors.at("flat_vertiports");
    vp.features.push_back(point(202505, 501005, {std::string("Mid"), 0.0, 30.0, 90.0, 270.0}));
    model.vectors["three"] = vp;
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(model,
                                            params({{"vertiport_layer", "three"},
                                                    {"nofly_layer", "nofly"},
                                                    {"routes", "West-East, West-Mid"},
                                                    {"grid_cell_m", "25"},
                                                    {"grid_dz_m", "25"},
                                                    {"funnel_vertical_m", "50"}}),
                                            ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    const sdk::Table& cmp = table(ctx, "route_comparison");
    ASSERT_EQ(cmp.rows.size(), 2u);
    EXPECT_EQ(cell(cmp, "West-East", "found"), 0.0);
    EXPECT_EQ(cell(cmp, "West-Mid", "found"), 1.0);
    bool named = false;
    for (const auto& row : cmp.rows)
        named = named || (core::toText(row[0]) == "West-East" &&
                          core::toText(row[4]).find("no-fly volume 'Wall'") != std::string::npos);
    EXPECT_TRUE(named);
    bool warned = false;
    for (const std::string& w : ctx.warnings)
        warned = warned || w.find("no route from 'West' to 'East'") != std::string::npos;
    EXPECT_TRUE(warned);
    EXPECT_EQ(ctx.scalars.at("routes_blocked"), 1.0);
    EXPECT_EQ(ctx.vectors.at("routes").features.size(), 1u);
}

TEST(UamPlugin, NothingRoutableFailsNamingTheConstraint) {
    core::CityModel model = fixture().model;
    model.vectors["nofly"] = noFlyLayer(
        {polygon(rect(204000, 499000, 204200, 503000), {std::string("Wall"), {}, {}, std::string("")})});
    MemoryRunContext ctx;
    // 25 m voxels: a blocked search exhausts the free airspace and then diagnoses it over the whole grid.
    const sdk::ParameterSet p = params(
        {{"nofly_layer", "nofly"}, {"grid_cell_m", "25"}, {"grid_dz_m", "25"}, {"funnel_vertical_m", "50"}});
    citytwin::test::expectError([&] { fixture().sim->run(model, p, ctx); }, core::ErrorCode::Validation,
                                {"no route could be planned", "no-fly volume 'Wall'", "routes"});
    EXPECT_TRUE(ctx.vectors.empty());
}

TEST(UamPlugin, CancelDuringTheSearchReturnsCancelledAndEmitsNothing) {
    struct CancelInRoutes : MemoryRunContext {
        void progress(double f, const std::string& stage) noexcept override {
            MemoryRunContext::progress(f, stage);
            if (f > 0.3) cancel = true;  // the route search runs over [0.26, 0.64] of the run
        }
    } ctx;
    const auto outcome = fixture().sim->run(fixture().model, params(), ctx);
    EXPECT_EQ(outcome, core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_TRUE(ctx.rasters.empty());
    EXPECT_TRUE(ctx.vectors.empty());
}

// The subsidence plug-in as the host sees it: loaded from the built-in plug-in directory; declarations and
// the README table; ranges from the engine's limits; bad layer features named with their values; a short run
// on a small model checked against Peck's closed form; observations; per-scenario tables; cancel.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "citytwin/subsidence/limits.h"
#include "memory_run_context.h"
#include "test_util.h"

using namespace citytwin;
using citytwin::test::MemoryRunContext;
using Outcome = core::LoadedSimulator::Outcome;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Fixture {
    core::PluginRegistry registry;
    const core::LoadedSimulator* sim = nullptr;
    core::Scenario demo;
    core::CityModel demoModel;
    Fixture() {
        registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true);
        sim = registry.find("subsidence");
        demo = core::loadScenario(citytwin::test::projectData("seoul_songpa/subsidence.json"));
        demoModel = core::buildCityModel(demo);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

using Overrides = std::vector<std::pair<std::string, std::string>>;

/// Parameters from the defaults, a scenario block and overrides; fails the test on any problem.
sdk::ParameterSet params(const Overrides& overrides, const std::string& block = "") {
    std::vector<sdk::Problem> problems;
    sdk::ParameterSet p = core::resolveParameters(fixture().sim->description(), block, overrides, problems);
    for (const sdk::Problem& pr : problems)
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    return p;
}

/// Every problem the host and the simulator find, as a run would.
std::vector<sdk::Problem> problemsFor(const core::CityModel& model, const Overrides& overrides,
                                      const std::string& block = "") {
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p =
        core::resolveParameters(fixture().sim->description(), block, overrides, problems);
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
        for (const std::string& part : parts)
            all = all && p.message.find(part) != std::string::npos;
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

// ---- a small synthetic city: no terrain, one building, layers built in memory

core::VectorLayer layer(const std::string& name, const std::vector<std::string>& fields) {
    core::VectorLayer v;
    v.name = name;
    v.crs = core::Crs::fromEpsg(5186);
    for (const std::string& f : fields)
        v.fields.ensure(f, f == "id" || f == "wall_type" || f == "soil_type" ? core::FieldType::String
                                                                             : core::FieldType::Real);
    return v;
}

core::VectorFeature line(std::vector<core::Point> pts, std::vector<core::AttributeValue> attrs) {
    core::VectorFeature f;
    f.kind = core::GeometryKind::Line;
    f.lines = {core::LineString(pts.begin(), pts.end())};
    f.attributes = std::move(attrs);
    return f;
}

core::VectorFeature polygon(core::Ring ring, std::vector<core::AttributeValue> attrs) {
    core::VectorFeature f;
    f.kind = core::GeometryKind::Polygon;
    f.polygons = {core::Polygon{std::move(ring), {}}};
    f.attributes = std::move(attrs);
    return f;
}

core::VectorFeature point(core::Point p, std::vector<core::AttributeValue> attrs) {
    core::VectorFeature f;
    f.kind = core::GeometryKind::Point;
    f.points = {p};
    f.attributes = std::move(attrs);
    return f;
}

constexpr double kX0 = 200000.0, kY0 = 500000.0;  // the tunnel axis runs along y = kY0

/// 200 m x 100 m with cell centres on the tunnel's axis at 1 m cells; a 20 m x 10 m building 3 m to 13 m
/// north of the axis; one tunnel (D 6 m, z0 20 m, V_L 1 %, K 0.5: the trough of ../shared/data/subsidence/
/// peck_trough_example.csv) running 1 km beyond the grid at both ends.
core::CityModel syntheticModel() {
    core::CityModel m;
    m.name = "synthetic";
    m.crs = core::Crs::fromEpsg(5186);
    m.extent = core::Box{kX0, kY0 - 49.5, kX0 + 200.0, kY0 + 50.5};
    core::Building b;
    b.id = "B1";
    b.footprint = {core::Polygon{{{kX0 + 90, kY0 + 3},
                                  {kX0 + 110, kY0 + 3},
                                  {kX0 + 110, kY0 + 13},
                                  {kX0 + 90, kY0 + 13},
                                  {kX0 + 90, kY0 + 3}},
                                 {}}};
    b.heightM = 10.0;
    m.buildings.push_back(b);
    core::VectorLayer t =
        layer("tunnels", {"id", "axis_depth_m", "diameter_m", "volume_loss_percent", "trough_width_factor"});
    t.features.push_back(
        line({{kX0 - 1000, kY0}, {kX0 + 1200, kY0}}, {std::string("T1"), 20.0, 6.0, 1.0, 0.5}));
    m.vectors["tunnels"] = t;
    return m;
}

const Overrides kSynthetic = {
    {"tunnel_layer", "tunnels"}, {"cell_size_m", "1"}, {"end_day", "100"}, {"frame_interval_days", "50"}};

/// S_max of the synthetic tunnel [mm]: V_s / (sqrt(2π) i), V_s = V_L π D²/4, i = K z0 (Peck 1969).
double peckMaxMm() {
    const double vs = 0.01 * kPi * 36.0 / 4.0;
    return 1000.0 * vs / (std::sqrt(2.0 * kPi) * 10.0);
}

double valueAt(const core::Raster& r, double x, double y) {
    return r.sampleNearest({x, y});
}

const sdk::Table& table(const MemoryRunContext& ctx, const std::string& id) {
    return ctx.tables.at(id);
}

int column(const sdk::Table& t, const std::string& name) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == name) return static_cast<int>(i);
    ADD_FAILURE() << "no column " << name;
    return 0;
}

}  // namespace

TEST(SubsidencePlugin, LoadsWithSaneDeclarations) {
    ASSERT_NE(fixture().sim, nullptr) << "subsidence plug-in not found in " << CITYTWIN_PLUGIN_BUILD_DIR;
    EXPECT_TRUE(core::checkDescription(fixture().sim->description()).empty());
    for (const sdk::ParamDecl& p : fixture().sim->description().parameters) {
        EXPECT_FALSE(p.group.empty()) << p.id << " has no form group";
        if (p.type == sdk::ParamType::Real && p.id.find("ratio") == std::string::npos &&
            p.id != "poisson_ratio" && p.id != "biot_coefficient" && p.id != "trough_width_factor") {
            EXPECT_FALSE(p.unit.empty()) << p.id << " has no unit";
        }
        if (p.type == sdk::ParamType::Real || p.type == sdk::ParamType::Integer) {
            EXPECT_TRUE(p.range.min && p.range.max) << p.id << " has no range";
        }
    }
    const auto& outs = fixture().sim->description().outputs;
    const auto buildings =
        std::find_if(outs.begin(), outs.end(), [](const auto& o) { return o.id == "buildings"; });
    ASSERT_NE(buildings, outs.end());
    EXPECT_EQ(buildings->style.drawAs, sdk::DrawAs::ExtrudedPolygons);
    EXPECT_EQ(buildings->style.classNames.size(), 6u);  // Burland et al. (1977) categories 0-5
    EXPECT_EQ(buildings->style.classNames[2], "slight");
}

TEST(SubsidencePlugin, RangesAreTheEngineLimits) {
    namespace l = subsidence::limits;
    const std::vector<std::pair<std::string, core::Range>> same = {
        {"cell_size_m", l::cellSizeM},
        {"end_day", l::endDay},
        {"axis_depth_m", l::axisDepthM},
        {"diameter_m", l::diameterM},
        {"volume_loss_percent", l::volumeLossPercent},
        {"depth_m", l::excavationDepthM},
        {"construction_days", l::durationDays},
        {"drawdown_inside_m", l::drawdownInsideM},
        {"hydraulic_conductivity_m_per_s", l::conductivityMPerS},
        {"mv_per_kpa", l::mvPerKPa},
        {"cv_m2_per_day", l::cvM2PerDay},
        {"poisson_ratio", l::poissonRatio},
        {"biot_coefficient", l::biotCoefficient},
        {"worst_buildings", l::worstBuildings}};
    for (const auto& entry : same) {
        const auto& id = entry.first;  // a named copy: lambdas cannot capture structured bindings in C++17 (clang)
        const auto& range = entry.second;
        const auto& ps = fixture().sim->description().parameters;
        const auto it =
            std::find_if(ps.begin(), ps.end(), [&](const sdk::ParamDecl& d) { return d.id == id; });
        ASSERT_NE(it, ps.end()) << id;
        EXPECT_EQ(it->range.min, range.min) << id;
        EXPECT_EQ(it->range.max, range.max) << id;
    }
    // The host refuses what the engine would.
    std::vector<sdk::Problem> problems;
    core::resolveParameters(fixture().sim->description(), "",
                            {{"volume_loss_percent", "120"}, {"diameter_m", "0"}}, problems);
    EXPECT_TRUE(mentions(problems, "volume_loss_percent", {"120 %", "out of range (0.001 to 100)"}))
        << dump(problems);
    EXPECT_TRUE(mentions(problems, "diameter_m", {"0 m", "out of range (0.5 to 30)"})) << dump(problems);
}

TEST(SubsidencePlugin, ReadmeParameterTableIsInSync) {
    citytwin::test::expectReadmeInSync(std::string(CITYTWIN_SOURCE_DIR) + "/sim/subsidence/README.md",
                                       "subsidence", core::describeMarkdown(fixture().sim->description()));
}

TEST(SubsidencePlugin, DemoScenarioIsValid) {
    const auto p = problemsFor(fixture().demoModel, {}, fixture().demo.simulators.at("subsidence"));
    EXPECT_TRUE(p.empty()) << dump(p);
}

TEST(SubsidencePlugin, BadFeaturesAreNamedWithTheirLayerFeatureAndValue) {
    core::CityModel m = syntheticModel();
    core::VectorLayer& t = m.vectors["tunnels"];
    t.features.push_back(
        line({{kX0, kY0 + 30}, {kX0 + 100, kY0 + 30}}, {std::string("T-zero"), 20.0, 0.0, 1.0}));
    t.features.push_back(line({{kX0, kY0 - 30}, {kX0 + 100, kY0 - 30}}, {{}, 20.0, 6.0, 120.0}));
    t.features.push_back(
        line({{kX0, kY0 - 40}, {kX0 + 100, kY0 - 40}}, {std::string("T-deep"), std::string("deep")}));
    t.features.push_back(
        polygon({{kX0, kY0}, {kX0 + 5, kY0}, {kX0 + 5, kY0 + 5}, {kX0, kY0}}, {std::string("T-poly")}));
    core::VectorLayer e = layer("pits", {"id", "depth_m", "wall_type"});
    // Not closed (a hand-made model: the importer would have closed it), and an unknown wall.
    e.features.push_back(
        polygon({{kX0 + 20, kY0 + 20}, {kX0 + 40, kY0 + 20}, {kX0 + 40, kY0 + 40}, {kX0 + 20, kY0 + 40}},
                {std::string("P1"), 12.0, std::string("swamp")}));
    m.vectors["pits"] = e;
    const auto p =
        problemsFor(m, {{"tunnel_layer", "tunnels"}, {"excavation_layer", "pits"}, {"cell_size_m", "1"}});
    EXPECT_TRUE(mentions(p, "tunnel_layer",
                         {"feature 'T-zero' (#2) of layer 'tunnels'", "diameter_m 0 m", "out of range"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "tunnel_layer", {"feature #3 of layer 'tunnels'", "volume_loss_percent 120 %"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "tunnel_layer", {"feature 'T-deep' (#4)", "axis_depth_m 'deep' is not a number"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "tunnel_layer", {"feature 'T-poly' (#5)", "is a polygon; tunnels are lines"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "excavation_layer", {"feature 'P1' (#1) of layer 'pits'", "not closed"}))
        << dump(p);
    EXPECT_TRUE(mentions(p, "excavation_layer", {"feature 'P1' (#1)", "wall_type 'swamp'", "wall_types.csv"}))
        << dump(p);
    EXPECT_EQ(p.size(), 6u) << dump(p);
    // The good tunnel alone is fine.
    EXPECT_TRUE(problemsFor(syntheticModel(), kSynthetic).empty())
        << dump(problemsFor(syntheticModel(), kSynthetic));
}

TEST(SubsidencePlugin, BadTextParametersAndMissingInputsAreProblems) {
    const core::CityModel m = syntheticModel();
    const auto p = problemsFor(m, {{"contour_levels_mm", "5, ten, 25"},
                                   {"origin_date", "2024-13-01"},
                                   {"insar_layers", "asc1, asc2"},
                                   {"insar_dates", "2024-05-01"},
                                   {"tables_folder", "/no/such/folder"},
                                   {"frame_interval_days", "0.1"},
                                   {"trough_width_factor", "0.01"}});
    EXPECT_TRUE(mentions(p, "contour_levels_mm", {"'ten'"})) << dump(p);
    EXPECT_TRUE(mentions(p, "origin_date", {"'2024-13-01'", "YYYY-MM-DD"})) << dump(p);
    EXPECT_TRUE(mentions(p, "insar_layers", {"2 InSAR layers but 1 dates"})) << dump(p);
    EXPECT_TRUE(mentions(p, "tables_folder", {"'/no/such/folder' not found"})) << dump(p);
    // A missing file is found by the host before the model is loaded (a file parameter), naming where it looked.
    const auto missing = problemsFor(m, {{"levelling_csv", "no_such_levelling.csv"}});
    EXPECT_TRUE(mentions(missing, "levelling_csv", {"file not found: ", "/no_such_levelling.csv"})) << dump(missing);
    EXPECT_TRUE(mentions(p, "frame_interval_days", {"3650 frames", "at most 500"})) << dump(p);
    // 0 leaves K to the soil; anything else must be a K the engine accepts (said once, not once per tunnel).
    EXPECT_TRUE(mentions(p, "trough_width_factor", {"0.01", "out of range (0.05 to 2)"})) << dump(p);
    // Frames are held in memory until the end: 500 frames (every 73 of 36500 days) of a 400 m x 100 m grid at
    // 0.1 m cells (4 M) would need 8 GB.
    core::CityModel wide = m;
    wide.extent.maxX = kX0 + 400.0;
    const auto f =
        problemsFor(wide, {{"end_day", "36500"}, {"frame_interval_days", "73"}, {"cell_size_m", "0.1"}});
    EXPECT_TRUE(mentions(f, "frame_interval_days", {"500 frames of 4000000 cells need 8 GB", "at most 4 GB"}))
        << dump(f);
    // A layer the model lacks is named by the host's check and by the plug-in's (which also runs without a
    // host).
    const auto q = problemsFor(m, {{"tunnel_layer", "tunnels_2019"}});
    EXPECT_TRUE(mentions(q, "tunnel_layer", {"'tunnels_2019'"})) << dump(q);
    // An empty model: problems, no exception.
    EXPECT_FALSE(fixture().sim->validate(core::CityModel{}, params({})).empty());
}

TEST(SubsidencePlugin, PeckTroughThroughThePluginMatchesTheClosedForm) {
    MemoryRunContext ctx;
    const core::CityModel m = syntheticModel();
    ASSERT_EQ(fixture().sim->run(m, params(kSynthetic), ctx), Outcome::Completed);
    const double smax = peckMaxMm();  // 11.2798 mm (peck_trough_example.csv)
    EXPECT_NEAR(smax, 11.27983, 1e-5);
    const core::Raster& s = ctx.rasters.at("end_settlement");
    EXPECT_EQ(s.width(), 200);
    EXPECT_EQ(s.height(), 100);
    EXPECT_EQ(s.crs().epsg(), 5186);
    // Tolerances: the grids are float (7 significant digits: 1e-5 mm at 11 mm); the tunnel runs 1 km past the
    // grid, so Φ(1000/i) = 1 to double precision at the ends of the longitudinal profile.
    EXPECT_NEAR(valueAt(s, kX0 + 100.5, kY0), smax, 2e-5);
    EXPECT_NEAR(valueAt(s, kX0 + 100.5, kY0 + 10.0), smax * std::exp(-0.5), 2e-5);  // x = i
    EXPECT_NEAR(ctx.scalars.at("max_settlement"), smax, 2e-5);
    EXPECT_NEAR(ctx.scalars.at("max_settlement_y"), kY0, 1e-9);
    // The trough's volume per metre is V_s (Gaussian integral): over the 200 m grid, 200 V_s. The 1 m
    // midpoint sum of a Gaussian of i = 10 m is exact to far below 1e-9; the ±49.5 m grid misses the tails
    // beyond 4.95 i, 7.4e-7 of the volume.
    EXPECT_NEAR(ctx.scalars.at("settled_volume"), 200.0 * 0.01 * kPi * 9.0, 200.0 * 0.01 * kPi * 9.0 * 2e-6);
    // Frames at 50 and 100 days; the tunnel exists from day 0 (no advance rate), so both are the full trough.
    ASSERT_EQ(ctx.frameTimes.at("settlement").size(), 2u);
    EXPECT_DOUBLE_EQ(ctx.frameTimes.at("settlement")[0], 50.0 * 86400.0);
    // Contours 5 and 10 mm: two lines each, either side of the axis (11.28 mm peak), at x = i sqrt(2
    // ln(Smax/L)).
    const core::VectorLayer& c = ctx.vectors.at("contours");
    EXPECT_EQ(c.features.size(), 4u);
    // The cross-section across the tunnel's middle (x = 200 m along a 2.2 km alignment), ±6 i.
    const sdk::Table& pr = table(ctx, "profiles");
    double peak = 0.0;
    for (const auto& row : pr.rows)
        peak = std::max(peak, core::toNumber(row[static_cast<std::size_t>(column(pr, "settlement"))]));
    EXPECT_NEAR(peak, smax, 1e-9);  // evaluated exactly at points (double)
    // The building 3 m to 13 m from the axis: its largest settlement is on its south wall (3 m): bilinear
    // interpolation between 1 m cells errs by at most h²/8 |S''| = 1.4e-3 mm here.
    const sdk::Table& bt = table(ctx, "building_table");
    ASSERT_EQ(bt.rows.size(), 1u);
    EXPECT_NEAR(core::toNumber(bt.rows[0][static_cast<std::size_t>(column(bt, "max_settlement_mm"))]),
                smax * std::exp(-9.0 / 200.0), 2e-3);
    EXPECT_EQ(ctx.vectors.at("buildings").features.size(), 1u);
    EXPECT_DOUBLE_EQ(ctx.scalars.at("buildings_assessed"), 1.0);
    EXPECT_TRUE(ctx.statistics.count("wall_time_s"));
    EXPECT_DOUBLE_EQ(ctx.statistics.at("cells"), 20000.0);
    EXPECT_DOUBLE_EQ(ctx.lastProgress, 1.0);
    for (const char* r :
         {"slope", "tensile_strain", "compressive_strain", "displacement_east", "displacement_north"})
        EXPECT_EQ(ctx.rasters.count(r), 1u) << r;
    // Peck's largest slope S_max e^{-1/2} / i (1/1462) at x = i, a cell centre; central differences on 1 m
    // cells err by h²/6 |S'''| = h² S_max 2 e^{-1/2} / (6 i³) = 2.3e-6 there.
    EXPECT_NEAR(ctx.scalars.at("max_slope"), smax * 1e-3 * std::exp(-0.5) / 10.0, 3e-6);
}

TEST(SubsidencePlugin, AttributesWinAndParametersFillTheGaps) {
    // The feature says V_L = 1 %: a parameter of 2 % does not change it ...
    Overrides o = kSynthetic;
    o.emplace_back("volume_loss_percent", "2");
    MemoryRunContext given;
    ASSERT_EQ(fixture().sim->run(syntheticModel(), params(o), given), Outcome::Completed);
    EXPECT_NEAR(given.scalars.at("max_settlement"), peckMaxMm(), 2e-5);
    // ... but where the feature has no value (NULL) the parameter is used: S_max is proportional to V_L.
    core::CityModel m = syntheticModel();
    m.vectors["tunnels"].features[0].attributes[3] = core::AttributeValue{};
    MemoryRunContext missing;
    ASSERT_EQ(fixture().sim->run(m, params(o), missing), Outcome::Completed);
    EXPECT_NEAR(missing.scalars.at("max_settlement"), 2.0 * peckMaxMm(), 4e-5);
}

TEST(SubsidencePlugin, SoftGroundFromPolygonsOrAThicknessRasterAndReservoirsNeedTheirValues) {
    // A 4 m clay under 50 kPa of fill, m_v 1e-4 1/kPa, c_v 10 m²/day: fully consolidated by day 100
    // (T_v = 10 x 100 / 2² = 250), S = m_v q H = 1e-4 x 50 x 4 = 20 mm (Terzaghi 1925), inside the polygon
    // only.
    core::CityModel m = syntheticModel();
    m.vectors.erase("tunnels");
    core::VectorLayer soft = layer("fill", {"id", "thickness_m", "mv_per_kpa", "cv_m2_per_day", "load_kpa"});
    soft.features.push_back(polygon({{kX0 + 20, kY0 - 20},
                                     {kX0 + 60, kY0 - 20},
                                     {kX0 + 60, kY0 + 20},
                                     {kX0 + 20, kY0 + 20},
                                     {kX0 + 20, kY0 - 20}},
                                    {std::string("embankment"), 4.0, 1e-4, 10.0, 50.0}));
    m.vectors["fill"] = soft;
    Overrides o = {{"soft_ground_layer", "fill"}, {"cell_size_m", "1"}, {"end_day", "100"}};
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(m, params(o), ctx), Outcome::Completed);
    const core::Raster& s = ctx.rasters.at("end_settlement");
    EXPECT_NEAR(valueAt(s, kX0 + 40.5, kY0), 20.0, 1e-4);  // float storage; U = 1 - 8/π² e^{-617} = 1
    EXPECT_NEAR(valueAt(s, kX0 + 80.5, kY0), 0.0, 1e-12);  // outside the fill
    // The same ground as a thickness raster (4 m everywhere), the rest from the parameters.
    core::CityModel r = syntheticModel();
    r.vectors.erase("tunnels");
    r.rasters["clay_thickness"] =
        core::Raster(20, 10, core::GeoTransform{kX0, kY0 + 50.5, 10.0, 10.0}, r.crs, 4.0f);
    Overrides ro = {{"soft_ground_layer", "clay_thickness"},
                    {"soft_mv_per_kpa", "1e-4"},
                    {"soft_cv_m2_per_day", "10"},
                    {"load_kpa", "50"},
                    {"cell_size_m", "1"},
                    {"end_day", "100"}};
    MemoryRunContext rc;
    ASSERT_EQ(fixture().sim->run(r, params(ro), rc), Outcome::Completed);
    EXPECT_NEAR(valueAt(rc.rasters.at("end_settlement"), kX0 + 100.5, kY0), 20.0, 1e-4);
    // A reservoir needs its geometry and depletion: no defaults are invented for them.
    core::VectorLayer res =
        layer("fields", {"id", "depth_m", "radius_m", "thickness_m", "pressure_drop_mpa"});
    res.features.push_back(point({kX0 + 100, kY0}, {std::string("gas field"), 500.0, 500.0, 10.0, 10.0}));
    r.vectors["fields"] = res;
    const auto p = problemsFor(r, {{"reservoir_layer", "fields"}});
    EXPECT_TRUE(
        mentions(p, "reservoir_layer", {"feature 'gas field' (#1) of layer 'fields'", "young_modulus_mpa"}))
        << dump(p);
}

TEST(SubsidencePlugin, LevellingAndInsarResiduals) {
    core::CityModel m = syntheticModel();
    core::VectorLayer lev = layer("levelling", {"id", "settlement_mm", "t_days"});
    lev.features.push_back(point({kX0 + 50, kY0}, {std::string("BM1"), 10.0, 100.0}));
    m.vectors["levelling"] = lev;
    // An InSAR raster far from the trough (40 m to 50 m north: S < 4e-3 mm there) that sees 5 mm of
    // settlement in line of sight at 30° incidence, positive toward the satellite: LOS = -5 cos 30°.
    core::Raster insar(10, 10, core::GeoTransform{kX0 + 50, kY0 + 50, 1.0, 1.0}, m.crs,
                       static_cast<float>(-5.0 * std::cos(kPi / 6.0)));
    m.rasters["asc"] = insar;
    // The drive happens on day 1, so the levelling's zero reading (day 0) is before it.
    Overrides o = kSynthetic;
    o.insert(o.end(), {{"tunnel_start_day", "1"},
                       {"levelling_layer", "levelling"},
                       {"insar_layers", "asc"},
                       {"insar_dates", "2024-04-10"},
                       {"origin_date", "2024-01-01"},
                       {"insar_incidence_deg", "30"}});
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(m, params(o), ctx), Outcome::Completed);
    const sdk::Table& l = table(ctx, "levelling_residuals");
    ASSERT_EQ(l.rows.size(), 1u);
    EXPECT_NEAR(core::toNumber(l.rows[0][static_cast<std::size_t>(column(l, "residual"))]),
                peckMaxMm() - 10.0, 1e-9);
    const sdk::Table& s = table(ctx, "insar_summary");
    ASSERT_EQ(s.rows.size(), 1u);
    EXPECT_NEAR(core::toNumber(s.rows[0][static_cast<std::size_t>(column(s, "day"))]), 100.0,
                0.0);  // 10 April
    EXPECT_NEAR(core::toNumber(s.rows[0][static_cast<std::size_t>(column(s, "mean"))]), -5.0, 5e-3);
    EXPECT_EQ(core::toNumber(s.rows[0][static_cast<std::size_t>(column(s, "pixels"))]), 100.0);
    EXPECT_EQ(ctx.frameTimes.at("insar_residual").size(), 1u);
}

TEST(SubsidencePlugin, ATablesFolderOverridesOnlyTheFilesItHolds) {
    const core::CityModel m = syntheticModel();
    MemoryRunContext plain;
    ASSERT_EQ(fixture().sim->run(m, params(kSynthetic), plain), Outcome::Completed);
    const sdk::Table& a = table(plain, "building_table");
    // 10.8 mm >= 10 mm: Stage 1 does not clear the building with the shipped limits.
    EXPECT_NE(core::toText(a.rows[0][static_cast<std::size_t>(column(a, "rule"))]), "stage1_screening");
    // An edited Stage 1 (20 mm) in a scenario folder clears it; the other five tables still come from data/.
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / "citytwin_subsidence_tables_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "assessment_parameters.csv") << "# edited for a test\nkey,value,unit,source\n"
                                                        "stage1_max_settlement_mm,20,mm,test\n"
                                                        "stage1_max_slope,0.002,-,test\n"
                                                        "building_e_over_g,2.6,-,test\n"
                                                        "building_poisson_ratio,0.3,-,test\n";
    Overrides o = kSynthetic;
    o.emplace_back("tables_folder", dir.string());
    MemoryRunContext edited;
    ASSERT_EQ(fixture().sim->run(m, params(o), edited), Outcome::Completed);
    const sdk::Table& b = table(edited, "building_table");
    EXPECT_EQ(core::toText(b.rows[0][static_cast<std::size_t>(column(b, "rule"))]), "stage1_screening");
    // A bad edited file is a problem naming the parameter, the file and the line.
    std::ofstream(dir / "assessment_parameters.csv")
        << "key,value,unit,source\nstage1_max_settlement_mm,lots,mm,x\n";
    const auto p = problemsFor(m, o);
    EXPECT_TRUE(mentions(p, "tables_folder", {"assessment_parameters.csv", "2"})) << dump(p);
    std::filesystem::remove_all(dir);
}

TEST(SubsidencePlugin, CancelWhileComputingFramesReportsCancelledAndEmitsNothing) {
    class CancelAtFrames : public MemoryRunContext {
    public:
        void progress(double f, const std::string& stage) noexcept override {
            MemoryRunContext::progress(f, stage);
            if (stage.find("settlement at day") != std::string::npos) cancel = true;
        }
    } ctx;
    EXPECT_EQ(fixture().sim->run(syntheticModel(), params(kSynthetic), ctx), Outcome::Cancelled);
    EXPECT_TRUE(ctx.rasters.empty());
    EXPECT_TRUE(ctx.frameTimes.empty());
    EXPECT_TRUE(ctx.scalars.empty());
}

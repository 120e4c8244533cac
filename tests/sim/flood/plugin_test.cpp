// The flood plug-in as the host sees it: loaded from the built-in plug-in directory, declarations, the README
// table, parameter checks (all problems at once, naming the parameter), a short run on the Merewether demo,
// cancel.

#include <gtest/gtest.h>
#include <map>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

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
    core::Scenario scenario;
    core::CityModel model;
    Fixture() {
        registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true);
        sim = registry.find("flood");
        scenario = core::loadScenario(citytwin::test::projectData("merewether/scenario.json"));
        model = core::buildCityModel(scenario);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

/// The demo scenario's flood block, with overrides; fails the test on any problem.
sdk::ParameterSet params(const std::vector<std::pair<std::string, std::string>>& overrides = {}) {
    std::vector<sdk::Problem> problems;
    sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), fixture().scenario.simulators.at("flood"), overrides, problems);
    for (const sdk::Problem& pr : problems)
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    return p;
}

/// Problems from the host's checks and the simulator's own, for these overrides.
std::vector<sdk::Problem> problemsFor(const std::vector<std::pair<std::string, std::string>>& overrides,
                                      const core::CityModel& model) {
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), fixture().scenario.simulators.at("flood"), overrides, problems);
    if (!problems.empty()) return problems;
    core::checkLayerParameters(fixture().sim->description(), p, model, problems);
    for (sdk::Problem& pr : fixture().sim->validate(model, p))
        problems.push_back(pr);
    return problems;
}

bool mentions(const std::vector<sdk::Problem>& problems, const std::string& parameter,
              const std::string& text) {
    for (const sdk::Problem& p : problems)
        if (p.parameter == parameter && p.message.find(text) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<sdk::Problem>& problems) {
    std::string s;
    for (const sdk::Problem& p : problems)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

}  // namespace

TEST(FloodPlugin, LoadsWithSaneDeclarations) {
    ASSERT_NE(fixture().sim, nullptr) << "flood plug-in not found in " << CITYTWIN_PLUGIN_BUILD_DIR;
    EXPECT_TRUE(fixture().registry.failures().empty());
    EXPECT_TRUE(core::checkDescription(fixture().sim->description()).empty());
}

TEST(FloodPlugin, ReadmeParameterTableIsInSync) {
    citytwin::test::expectReadmeInSync(std::string(CITYTWIN_SOURCE_DIR) + "/sim/flood/README.md", "flood",
                                       core::describeMarkdown(fixture().sim->description()));
}

TEST(FloodPlugin, DemoScenarioIsValid) {
    EXPECT_TRUE(problemsFor({}, fixture().model).empty()) << dump(problemsFor({}, fixture().model));
}

TEST(FloodPlugin, BadHydrographsAndRainAreReportedTogether) {
    const auto p = problemsFor({{"inflow_hydrograph", "[[0, 1], [600, 5], [600, 2]]"},
                                {"inflow_line_hydrograph", "[[0, 1], [600, -3]]"},
                                {"rain_intensity_mm_per_h", "5000"}},
                               fixture().model);
    EXPECT_EQ(p.size(), 3u) << dump(p);
    EXPECT_TRUE(mentions(p, "inflow_hydrograph", "increase strictly")) << dump(p);
    EXPECT_TRUE(mentions(p, "inflow_line_hydrograph", "-3 m3/s is out of range")) << dump(p);
    EXPECT_TRUE(mentions(p, "rain_intensity_mm_per_h", "5000 mm/h is out of range")) << dump(p);
}

TEST(FloodPlugin, RainInTheWrongUnitsIsCaught) {
    // 100 mm/h typed in m/s would be 2.8e-5: refused as implausible, with the likely mistake named.
    const auto p = problemsFor({{"rain_intensity_mm_per_h", "0.0000278"}}, fixture().model);
    ASSERT_FALSE(p.empty());
    EXPECT_TRUE(mentions(p, "rain_hyetograph", "mm/h")) << dump(p);
}

TEST(FloodPlugin, InflowsOutsideTheGridAndMissingLayers) {
    const auto p = problemsFor({{"inflow_points", "[[0, 0]]"},
                                {"inflow_hydrograph", "[[0, 1], [600, 2]]"},
                                {"gauge_layer", "gauges_2007"}},
                               fixture().model);
    EXPECT_TRUE(mentions(p, "inflow_points", "outside the grid")) << dump(p);
    EXPECT_TRUE(mentions(p, "gauge_layer", "'gauges_2007'")) << dump(p);
}

TEST(FloodPlugin, HolesInTheTerrainWhereWaterFlowsAreRefused) {
    core::CityModel model = fixture().model;
    // A 5 x 5 hole of no data in the middle of the streets.
    for (int r = 200; r < 205; ++r)
        for (int c = 150; c < 155; ++c)
            model.terrain.at(c, r) = NAN;
    auto p = problemsFor({}, model);
    EXPECT_TRUE(mentions(p, "terrain", "")) << dump(p);
    p = problemsFor({{"nodata_policy", "fill"}}, model);
    EXPECT_TRUE(p.empty()) << dump(p);
}

TEST(FloodPlugin, ShortRunOnMerewetherEmitsEveryOutput) {
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(
        fixture().model, params({{"duration_s", "600"}, {"resolution_m", "2"}, {"output_interval_s", "300"}}),
        ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    for (const char* r : {"max_depth", "max_level", "max_speed", "max_hazard", "hazard_class",
                          "time_of_inundation", "duration_above_threshold", "final_depth"})
        EXPECT_EQ(ctx.rasters.count(r), 1u) << r;
    const core::Raster& depth = ctx.rasters.at("max_depth");
    EXPECT_NEAR(depth.geoTransform().cellWidth, 2.0, 1e-9);
    EXPECT_EQ(depth.crs().epsg(), 32756);
    EXPECT_GT(depth.stats().max, 0.05);
    EXPECT_EQ(ctx.frameTimes.at("depth").size(), ctx.frameTimes.at("speed").size());
    EXPECT_GE(ctx.frameTimes.at("depth").size(), 2u);
    EXPECT_EQ(ctx.vectors.at("buildings").features.size(), 60u);
    EXPECT_EQ(ctx.tables.at("gauges").rows.size() % 5, 0u);  // five observation points
    EXPECT_FALSE(ctx.tables.at("mass_balance").rows.empty());
    EXPECT_LT(ctx.scalars.at("mass_balance_error"), 1e-6);
    // 100 mm/h for 600 s on the domain: rain volume = 0.1/6 m x area (to the grid's own area).
    EXPECT_GT(ctx.scalars.at("rain_volume"), 0.0);
    EXPECT_GT(ctx.scalars.at("flooded_area"), 0.0);
    EXPECT_DOUBLE_EQ(ctx.lastProgress, 1.0);
}

TEST(FloodPlugin, CancelFromAnotherThreadReturnsPromptly) {
    MemoryRunContext ctx;
    std::chrono::steady_clock::time_point cancelledAt;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        cancelledAt = std::chrono::steady_clock::now();
        ctx.cancel = true;
    });
    // Hours of simulated time: would run for minutes if the cancel were ignored.
    const auto outcome = fixture().sim->run(fixture().model, params({{"duration_s", "36000"}}), ctx);
    const auto returnedAt = std::chrono::steady_clock::now();
    canceller.join();
    EXPECT_EQ(outcome, core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_TRUE(ctx.rasters.empty());  // nothing half-done is emitted
    std::cout << "returned " << std::chrono::duration<double, std::milli>(returnedAt - cancelledAt).count()
              << " ms after cancel\n";
}

// ---- design storms, rain files and drainage by design frequency (sim/flood/storm_adapter.h) ----

TEST(FloodPluginStorms, StationChoicesComeFromTheDataFolder) {
    const auto& decls = fixture().sim->description().parameters;
    const auto it = std::find_if(decls.begin(), decls.end(),
                                 [](const sdk::ParamDecl& d) { return d.id == "storm_station"; });
    ASSERT_NE(it, decls.end());
    EXPECT_EQ(it->choices.front(), "none");
    EXPECT_EQ(it->choices.back(), "custom");
    EXPECT_NE(std::find(it->choices.begin(), it->choices.end(), "seoul"), it->choices.end());
}

TEST(FloodPluginStorms, TwoRainSourcesAreAProblemNamingBoth) {
    // The demo scenario rains 100 mm/h: a design storm on top of it is refused, naming both.
    const auto p = problemsFor({{"storm_station", "seoul"}, {"storm_pattern", "huff_q3"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "storm_pattern",
                         "one rain source at a time: a cloudburst of 100 mm/h (rain_intensity_mm_per_h)"))
        << dump(p);
    const auto q = problemsFor({{"rain_intensity_mm_per_h", "0"},
                                {"rain_hyetograph", "[[0, 10], [600, 0]]"},
                                {"rain_frame_layers", "radar_*"}},
                               fixture().model);
    EXPECT_TRUE(mentions(q, "rain_frame_layers", "a hyetograph (rain_hyetograph)")) << dump(q);
    // Without any, no rain at all: valid.
    EXPECT_TRUE(problemsFor({{"rain_intensity_mm_per_h", "0"}}, fixture().model).empty());
}

// The form's preview (sdk::Simulator::preview): the rain the parameters state, before any run and without the
// model. Alternating blocks of Seoul's 100-year table in 1-h blocks are worked by hand (design_storm_test.cpp,
// SeoulHundredYearStormByHand): 49, 110, 53 mm/h, 212 mm; drawn as steps, each block held until the next.
TEST(FloodPluginStorms, PreviewShowsTheDesignStormTheRunWillApply) {
    const core::LoadedSimulator& sim = *fixture().sim;
    std::string error;
    std::vector<sdk::Preview> v =
        sim.preview(params({{"rain_intensity_mm_per_h", "0"}, {"storm_station", "seoul"},
                            {"storm_pattern", "alternating_block"}, {"storm_return_period_years", "100"},
                            {"storm_duration_min", "180"}, {"storm_time_step_min", "60"}}),
                    &error);
    ASSERT_EQ(v.size(), 1u) << error;
    EXPECT_EQ(v[0].title, "Design storm");
    EXPECT_NE(v[0].note.find("Total 212 mm, peak 110 mm/h"), std::string::npos) << v[0].note;
    EXPECT_EQ(v[0].style.tableRole, sdk::TableRole::TimeSeries);
    std::vector<std::pair<double, double>> rows;
    for (const auto& r : v[0].table.rows)
        rows.emplace_back(std::get<double>(r[0]), std::get<double>(r[1]));
    const std::vector<std::pair<double, double>> steps = {{0, 49},     {3600, 49},  {3600, 110}, {7200, 110},
                                                          {7200, 53},  {10800, 53}, {10800, 0}};
    EXPECT_EQ(rows, steps);

    // Not drawable yet: the note says why, naming the parameter, and there is nothing to chart.
    v = sim.preview(params({{"rain_intensity_mm_per_h", "0"}, {"storm_station", "seoul"},
                            {"storm_pattern", "huff_q3"}, {"storm_return_period_years", "10"}}));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_TRUE(v[0].table.rows.empty());
    EXPECT_NE(v[0].note.find("storm_return_period_years"), std::string::npos) << v[0].note;
    v = sim.preview(params({{"storm_station", "seoul"}, {"storm_pattern", "huff_q3"}}));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_NE(v[0].note.find("one rain source at a time"), std::string::npos) << v[0].note;
    v = sim.preview(params({{"rain_intensity_mm_per_h", "0"}}));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_NE(v[0].note.find("No rain"), std::string::npos) << v[0].note;
}

// The Korean form's labels (data/report/strings.csv rows param:<sim>.<id> and group:<sim>.<group>) stay in step
// with the declarations of every loaded simulator: each row names a declared parameter or group and repeats its
// English label (a label renamed in the code without its row fails here), and a simulator with any rows has one
// for every parameter and group.
TEST(PluginTexts, KoreanFormLabelsMatchTheDeclarations) {
    std::ifstream in(citytwin::test::projectData("report/strings.csv"));
    ASSERT_TRUE(in);
    std::map<std::string, std::string> english;  // key -> en
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("param:", 0) != 0 && line.rfind("group:", 0) != 0 && line.rfind("choice:", 0) != 0)
            continue;
        const std::size_t a = line.find(','), b = line.find(',', a + 1);
        ASSERT_NE(b, std::string::npos) << line;
        ASSERT_EQ(line.find('"'), std::string::npos) << "no quoting expected: " << line;
        EXPECT_FALSE(line.substr(b + 1).empty()) << "no Korean text: " << line;
        EXPECT_TRUE(english.emplace(line.substr(0, a), line.substr(a + 1, b - a - 1)).second) << "twice: " << line;
    }
    std::set<std::string> declared, translatedSims;
    for (const auto& [key, en] : english)
        if (key.rfind("choice:", 0) != 0) translatedSims.insert(key.substr(6, key.find('.') - 6));
    EXPECT_TRUE(translatedSims.count("flood") && translatedSims.count("traffic") && translatedSims.count("newtown"));
    for (const std::string& simId : translatedSims) {
        const core::LoadedSimulator* sim = fixture().registry.find(simId);
        if (!sim) {
            ADD_FAILURE() << "rows for '" << simId << "', which is not a loaded simulator";
            continue;
        }
        for (const sdk::ParamDecl& d : sim->description().parameters) {
            // Choice values are optional (a row per value, its English the value itself).
            for (const std::string& c : d.choices) {
                const std::string key = "choice:" + simId + "." + d.id + "." + c;
                declared.insert(key);
                if (english.count(key)) EXPECT_EQ(english.at(key), c) << key;
            }
            for (const auto& [key, label] : {std::pair{"param:" + simId + "." + d.id, d.label},
                                             std::pair{"group:" + simId + "." + d.group, d.group}}) {
                declared.insert(key);
                const auto it = english.find(key);
                if (it == english.end())
                    ADD_FAILURE() << "no Korean text for " << key;
                else
                    EXPECT_EQ(it->second, label) << key;
            }
        }
    }
    for (const auto& [key, en] : english)
        EXPECT_TRUE(declared.count(key)) << key << " names nothing its simulator declares";
}

TEST(FloodPluginStorms, DesignStormProblems) {
    const std::vector<std::pair<std::string, std::string>> base = {{"rain_intensity_mm_per_h", "0"},
                                                                   {"storm_pattern", "huff_q3"}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> more) {
        more.insert(more.begin(), base.begin(), base.end());
        return problemsFor(more, fixture().model);
    };
    auto p = with({});
    EXPECT_TRUE(mentions(p, "storm_station", "needs a probability-rainfall table")) << dump(p);
    p = with({{"storm_station", "seoul"}, {"storm_duration_min", "30"}});
    EXPECT_TRUE(mentions(p, "storm_duration_min", "30 min")) << dump(p);
    p = with({{"storm_station", "seoul"}, {"storm_pattern", "alternating_block"}});
    EXPECT_TRUE(mentions(p, "storm_time_step_min", "10 min")) << dump(p);
    p = with({{"storm_station", "custom"}, {"rainfall_table", "no_such_table.csv"}});
    // A file parameter: the host resolves it and names the absolute path it looked for.
    EXPECT_TRUE(mentions(p, "rainfall_table", "file not found: ")) << dump(p);
    EXPECT_TRUE(mentions(p, "rainfall_table", "/no_such_table.csv")) << dump(p);
    p = with({{"storm_station", "gwangju"}});
    EXPECT_TRUE(mentions(p, "storm_station", "'gwangju' is not one of")) << dump(p);
}

TEST(FloodPluginInitialWater, BadInitialLevelExtentAndObservedSettingsAreNamed) {
    auto p = problemsFor({{"extent_thresholds_m", "0.1, abc, -2"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "extent_thresholds_m", "'abc' is not a depth")) << dump(p);
    EXPECT_TRUE(mentions(p, "extent_thresholds_m", "'-2' is not a depth")) << dump(p);
    p = problemsFor({{"initial_level", "layer"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "initial_level_layer", "initial_level layer needs initial_level_layer")) << dump(p);
    p = problemsFor({{"initial_level", "layer"}, {"initial_level_layer", "no_such_raster"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "initial_level_layer", "'no_such_raster' is not a raster layer")) << dump(p);
    // The demo's ground lies between 16.5 and 52 m: a seed far away, and one on ground above a 10 m level.
    p = problemsFor({{"initial_level", "uniform"}, {"initial_level_m", "10"},
                     {"initial_level_seeds", "[[0, 0], [382400, 6354450]]"}},
                    fixture().model);
    EXPECT_TRUE(mentions(p, "initial_level_seeds", "point 1 lies outside the model grid")) << dump(p);
    EXPECT_TRUE(mentions(p, "initial_level_seeds", "point 2 lies on ground at or above")) << dump(p);
    p = problemsFor({{"observed_extent_layer", "no_such_layer"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "observed_extent_layer", "'no_such_layer' is not a vector layer")) << dump(p);
    p = problemsFor({{"observed_extent_layer", "observation_points"}}, fixture().model);
    EXPECT_TRUE(mentions(p, "observed_extent_layer", "has no polygons to compare with")) << dump(p);
}

// A lake at rest stays at rest: a uniform initial level over the demo's terrain, closed edges, no rain, no
// buildings. The reference is the terrain itself (level - ground where the ground is lower, read from the city
// model, not from the solver); a well-balanced scheme keeps it to round-off, and 1 mm over 60 s allows for the
// float depths and the wet/dry margins.
TEST(FloodPluginInitialWater, AUniformLevelFillsEveryLowerCellAndStaysAtRest) {
    const double level = 25.0;
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(
        fixture().model,
        params({{"duration_s", "60"}, {"rain_intensity_mm_per_h", "0"}, {"output_interval_s", "0"},
                {"building_mode", "ignore"}, {"boundary_north", "closed"}, {"boundary_south", "closed"},
                {"boundary_east", "closed"}, {"boundary_west", "closed"}, {"nodata_policy", "wall"},
                {"initial_level", "uniform"}, {"initial_level_m", "25"}}),
        ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    ASSERT_EQ(ctx.rasters.count("final_depth"), 1u);
    const core::Raster& depth = ctx.rasters.at("final_depth");
    const core::Raster& ground = fixture().model.terrain;
    ASSERT_TRUE(depth.sameGrid(ground)) << "the demo runs at the terrain's 1 m";
    std::size_t wet = 0, wrong = 0;
    double worst = 0.0;
    for (int r = 0; r < ground.height(); ++r)
        for (int c = 0; c < ground.width(); ++c) {
            const double z = ground.at(c, r);
            if (std::isnan(z)) continue;
            const double expected = std::max(0.0, level - z);
            const double got = std::isnan(depth.at(c, r)) ? 0.0 : depth.at(c, r);
            wet += expected > 0.0;
            const double err = std::fabs(got - expected);
            worst = std::max(worst, err);
            wrong += err > 1e-3;
        }
    EXPECT_GT(wet, 1000u) << "a 25 m level should flood the valley floor";
    EXPECT_EQ(wrong, 0u) << "worst difference " << worst << " m";
}

TEST(FloodPluginStorms, OneDrainageSourceAtATime) {
    auto p = problemsFor({{"drainage_mm_per_h", "20"},
                          {"drainage_design_return_period_years", "30"},
                          {"storm_station", "seoul"}},
                         fixture().model);
    EXPECT_TRUE(mentions(p, "drainage_design_return_period_years", "one drainage source at a time"))
        << dump(p);
    p = problemsFor({{"drainage_design_return_period_years", "30"}}, fixture().model);
    EXPECT_TRUE(
        mentions(p, "storm_station", "drainage by design frequency needs a probability-rainfall table"))
        << dump(p);
    p = problemsFor({{"drainage_design_return_period_years", "0.5"}, {"storm_station", "seoul"}},
                    fixture().model);
    EXPECT_TRUE(mentions(p, "drainage_design_return_period_years", "give 0 (not used) or at least 1.01"))
        << dump(p);
}

TEST(FloodPluginStorms, SeoulHundredYearStormGivesThePublishedDepth) {
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(fixture().model,
                                            params({{"rain_intensity_mm_per_h", "0"},
                                                    {"storm_station", "seoul"},
                                                    {"storm_pattern", "huff_q3"},
                                                    {"storm_return_period_years", "100"},
                                                    {"storm_duration_min", "60"},
                                                    {"storm_time_step_min", "6"},
                                                    {"drainage_design_return_period_years", "30"},
                                                    {"duration_s", "600"},
                                                    {"resolution_m", "4"},
                                                    {"output_interval_s", "0"}}),
                                            ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    // Seoul Metropolitan Government: 110 mm in 1 h is the 100-year design rainfall
    // (data/flood/rainfall/stations/ seoul.csv). Third-quartile Huff curve in 6-min blocks: the largest block
    // is 0.535 - 0.280 of the depth (ISWS Circular 173 median curve), 28.05 mm in 6 min = 280.5 mm/h.
    // Round-off only.
    EXPECT_NEAR(ctx.scalars.at("rain_depth"), 110.0, 1e-9);
    EXPECT_NEAR(ctx.scalars.at("rain_peak_intensity"), 280.5, 1e-9);
    EXPECT_DOUBLE_EQ(ctx.scalars.at("areal_reduction_factor"), 1.0);
    const sdk::Table& h = ctx.tables.at("hyetograph");
    ASSERT_EQ(h.rows.size(), 11u);  // 10 blocks and the end
    EXPECT_NEAR(core::toNumber(h.rows.back()[2]), 110.0, 1e-9);
    // In the first 600 s: block 1 (0.04 x 110 = 4.4 mm) and 240 of the 360 s of block 2 (0.06 x 110 = 6.6
    // mm): 8.8 mm on every cell that takes rain (the cells with a maximum depth: houses and the DEM's no-data
    // corners take none). Volumes are booked in double: 1e-9 relative.
    const core::Raster& depth = ctx.rasters.at("max_depth");
    const double rained = static_cast<double>(depth.stats().validCount) * 16.0;
    EXPECT_NEAR(ctx.scalars.at("rain_volume"), 0.0088 * rained, 1e-9 * 0.0088 * rained);
    // Sewers designed for 30 years: 95 mm/h (Seoul, 1 h) on every domain cell.
    const core::Raster& cap = ctx.rasters.at("drainage_capacity");
    EXPECT_FLOAT_EQ(cap.stats().max, 95.0f);
    EXPECT_FLOAT_EQ(cap.stats().min, 95.0f);
}

TEST(FloodPluginStorms, RainSeriesFileIsReadAndBadOnesAreNamed) {
    const std::string dir =
        (std::filesystem::temp_directory_path() / ("citytwin_storm_csv_" + std::to_string(::getpid())))
            .string();
    std::filesystem::create_directories(dir);
    const std::string good = dir + "/rain.csv", bad = dir + "/bad.csv";
    std::ofstream(good) << "time_min,depth_mm\n0,0\n10,5\n20,15\n";
    std::ofstream(bad) << "time_min,depth_mm\n0,0\n10,5\n10,15\n";
    auto p = problemsFor({{"rain_intensity_mm_per_h", "0"}, {"rain_series_csv", bad}}, fixture().model);
    EXPECT_TRUE(mentions(p, "rain_series_csv", "bad.csv: line 4, column 1 ('time_min')")) << dump(p);
    MemoryRunContext ctx;
    const auto outcome = fixture().sim->run(fixture().model,
                                            params({{"rain_intensity_mm_per_h", "0"},
                                                    {"rain_series_csv", good},
                                                    {"duration_s", "1200"},
                                                    {"resolution_m", "4"},
                                                    {"output_interval_s", "0"}}),
                                            ctx);
    ASSERT_EQ(outcome, core::LoadedSimulator::Outcome::Completed);
    EXPECT_NEAR(ctx.scalars.at("rain_depth"), 20.0, 1e-9);           // 5 + 15 mm
    EXPECT_NEAR(ctx.scalars.at("rain_peak_intensity"), 90.0, 1e-9);  // 15 mm in 10 min
    std::filesystem::remove_all(dir);
}

// The modelled extent scored against Seoul's observed flood traces (침수흔적도, 2023-2025, test-only data) on the
// Seoul terrain, and every score recounted here independently: the traces read with OGR and each cell centre
// tested with OGR's (GEOS) point-in-polygon, instead of the plug-in's scanline rasteriser.
class FloodPluginObserved : public citytwin::test::TempDirTest {};

TEST_F(FloodPluginObserved, SeoulFloodTracesScoredAndRecountedIndependently) {
    const std::string traces = citytwin::test::sharedData("city/seoul_flood_traces/seoul_flood_traces_2023_2025.gpkg");
    const std::string scenarioFile = path("seoul.json");
    std::ofstream(scenarioFile) << R"({"citytwin_scenario": 1, "name": "Seoul traces", "crs": "EPSG:5186",
        "terrain": ")" << citytwin::test::sharedData("city/seoul_terrain/seoul_dem_epsg5186_nodata.tif") << R"(",
        "layers": {"traces": {"file": ")" << traces << R"(", "layer": "flood_traces"}}})";
    const core::Scenario scenario = core::loadScenario(scenarioFile);
    const core::CityModel model = core::buildCityModel(scenario);
    std::vector<sdk::Problem> problems;
    // The 2022-08-08 storm peaked near 141.5 mm/h (Sindaebang); one hour at 100 mm/h over the city, 2 h run.
    const sdk::ParameterSet p = core::resolveParameters(
        fixture().sim->description(), "",
        {{"duration_s", "7200"}, {"rain_intensity_mm_per_h", "100"}, {"rain_duration_s", "3600"},
         {"output_interval_s", "0"}, {"observed_extent_layer", "traces"}, {"observed_wet_threshold_m", "0.1"},
         {"nodata_policy", "wall"}},
        problems);
    for (const sdk::Problem& pr : problems)
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    for (const sdk::Problem& pr : fixture().sim->validate(model, p))
        ADD_FAILURE() << pr.parameter << ": " << pr.message;
    MemoryRunContext ctx;
    ASSERT_EQ(fixture().sim->run(model, p, ctx), core::LoadedSimulator::Outcome::Completed);
    ASSERT_TRUE(ctx.rasters.count("max_depth"));
    ASSERT_TRUE(ctx.scalars.count("critical_success_index"));
    const core::Raster& depth = ctx.rasters.at("max_depth");
    const core::GeoTransform gt = depth.geoTransform();

    // The recount.
    GDALAllRegister();
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(traces.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
    ASSERT_NE(ds, nullptr);
    OGRLayer* layer = ds->GetLayerByName("flood_traces");
    ASSERT_NE(layer, nullptr);
    std::vector<char> observed(static_cast<std::size_t>(depth.width()) * depth.height(), 0);
    std::size_t features = 0, comparable = 0;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        OGREnvelope env;
        g->getEnvelope(&env);
        const int c0 = std::max(0, static_cast<int>(std::floor((env.MinX - gt.originX) / gt.cellWidth)));
        const int c1 = std::min(depth.width() - 1, static_cast<int>(std::floor((env.MaxX - gt.originX) / gt.cellWidth)));
        const int r0 = std::max(0, static_cast<int>(std::floor((gt.originY - env.MaxY) / gt.cellHeight)));
        const int r1 = std::min(depth.height() - 1, static_cast<int>(std::floor((gt.originY - env.MinY) / gt.cellHeight)));
        std::vector<std::size_t> cells;
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c) {
                OGRPoint centre(gt.originX + (c + 0.5) * gt.cellWidth, gt.originY - (r + 0.5) * gt.cellHeight);
                if (g->Contains(&centre)) cells.push_back(static_cast<std::size_t>(r) * depth.width() + c);
            }
        if (cells.empty()) {
            OGRPoint centroid;
            if (g->Centroid(&centroid) != OGRERR_NONE) continue;
            const int c = static_cast<int>(std::floor((centroid.getX() - gt.originX) / gt.cellWidth));
            const int r = static_cast<int>(std::floor((gt.originY - centroid.getY()) / gt.cellHeight));
            if (c < 0 || r < 0 || c >= depth.width() || r >= depth.height()) continue;
            cells.push_back(static_cast<std::size_t>(r) * depth.width() + c);
        }
        bool onGround = false;
        for (std::size_t cell : cells) {
            observed[cell] = 1;
            onGround = onGround || !std::isnan(depth.at(static_cast<int>(cell % depth.width()),
                                                         static_cast<int>(cell / depth.width())));
        }
        ++features;
        comparable += onGround ? 1 : 0;
    }
    GDALClose(ds);
    EXPECT_EQ(features, 1536u);  // PROVENANCE.md: 1,536 polygons, all inside Seoul
    std::size_t a = 0, b = 0, c = 0;
    for (int r = 0; r < depth.height(); ++r)
        for (int col = 0; col < depth.width(); ++col) {
            const float v = depth.at(col, r);
            if (std::isnan(v)) continue;
            const bool m = v >= 0.1f, o = observed[static_cast<std::size_t>(r) * depth.width() + col] != 0;
            a += m && o;
            b += m && !o;
            c += !m && o;
        }
    ASSERT_GT(a + c, 0u);
    EXPECT_DOUBLE_EQ(ctx.scalars.at("hit_rate"), static_cast<double>(a) / static_cast<double>(a + c));
    EXPECT_DOUBLE_EQ(ctx.scalars.at("false_alarm_ratio"), static_cast<double>(b) / static_cast<double>(a + b));
    EXPECT_DOUBLE_EQ(ctx.scalars.at("critical_success_index"), static_cast<double>(a) / static_cast<double>(a + b + c));
    // 2023 and 2024 traces give depths (0.01 to 0.5 m): compared; 2025's are 0 (unknown): not.
    ASSERT_TRUE(ctx.scalars.count("observed_depth_rmse"));
    std::printf("Seoul traces, 100 mm/h for 1 h at 90 m: hits %zu, false alarms %zu, misses %zu; H %.3f, F %.3f, "
                "CSI %.3f, depth RMSE %.3f m, bias %.3f m\n",
                a, b, c, ctx.scalars.at("hit_rate"), ctx.scalars.at("false_alarm_ratio"),
                ctx.scalars.at("critical_success_index"), ctx.scalars.at("observed_depth_rmse"),
                ctx.scalars.at("observed_depth_bias"));
    ASSERT_TRUE(ctx.vectors.count("observed"));
    EXPECT_EQ(ctx.vectors.at("observed").features.size(), comparable);
}

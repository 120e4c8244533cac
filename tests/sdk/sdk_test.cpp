// The simulator SDK from the host's side: loading modules (and refusing bad ones), parameter checking,
// running, cancelling, writing results and output directories.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/atomic_file.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "citytwin/core/vector_io.h"
#include "memory_run_context.h"
#include "test_util.h"

using namespace citytwin;
using citytwin::test::expectError;

namespace {

const core::CityModel& demoModel() {
    static const core::CityModel model =
        core::buildCityModel(core::loadScenario(citytwin::test::projectData("merewether/scenario.json")));
    return model;
}

const core::LoadedSimulator& testSim(core::PluginRegistry& r) {
    r.loadDirectory(TEST_PLUGIN_GOOD_DIR, true);
    const core::LoadedSimulator* s = r.find("sdk_test");
    if (!s) throw std::runtime_error("test plug-in not loaded");
    return *s;
}

std::string failureFor(const core::PluginRegistry& r, const std::string& fileName) {
    for (const core::PluginLoadFailure& f : r.failures())
        if (std::filesystem::path(f.file).filename() == fileName) return f.message;
    return "(not refused)";
}

using MemoryContext = citytwin::test::MemoryRunContext;

sdk::ParameterSet params(const core::LoadedSimulator& s, const std::string& block = "",
                         std::vector<std::pair<std::string, std::string>> overrides = {}) {
    std::vector<sdk::Problem> problems;
    sdk::ParameterSet p = core::resolveParameters(s.description(), block, overrides, problems);
    EXPECT_TRUE(problems.empty()) << problems.front().message;
    return p;
}

class Sdk : public citytwin::test::TempDirTest {};

}  // namespace

TEST(PluginRegistry, LoadsTheTestPlugin) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    EXPECT_TRUE(r.failures().empty());
    EXPECT_EQ(s.description().info.version, "1.0.0");
    EXPECT_EQ(s.description().parameters.size(), 9u);
    EXPECT_EQ(s.description().outputs.size(), 6u);
    EXPECT_TRUE(core::checkDescription(s.description()).empty());
}

TEST(PluginRegistry, RefusesBadModulesWithReasonsAndKeepsGoing) {
    core::PluginRegistry r;
    r.loadDirectory(TEST_PLUGIN_BAD_DIR, true);
    r.loadDirectory(TEST_PLUGIN_GOOD_DIR, true);
    EXPECT_EQ(r.simulators().size(), 1u);  // the good one still loads
    EXPECT_NE(failureFor(r, "not_a_plugin.so").find("not a CityTwin plug-in"), std::string::npos);
    EXPECT_NE(failureFor(r, "wrong_sdk.so").find("SDK version 999"), std::string::npos);
    EXPECT_NE(failureFor(r, "missing_symbol.so").find("citytwin_test_function_that_does_not_exist"),
              std::string::npos);
    EXPECT_NE(failureFor(r, "throwing_entry.so").find("entry point threw"), std::string::npos);
    EXPECT_NE(failureFor(r, "throwing_entry.so").find("entry point exploded"), std::string::npos);
    EXPECT_NE(failureFor(r, "throwing_create.so").find("constructor exploded"), std::string::npos);
    EXPECT_NE(failureFor(r, "bad_declaration.so").find("'Bad Id' is not snake_case"), std::string::npos);
    EXPECT_NE(failureFor(r, "bad_declaration.so").find("out of range"), std::string::npos);
    EXPECT_NE(failureFor(r, "garbage.so").find("cannot be loaded"), std::string::npos);
    EXPECT_EQ(r.failures().size(), 7u);
}

TEST(PluginRegistry, DuplicateIdsAreRefused) {
    core::PluginRegistry r;
    r.loadDirectory(TEST_PLUGIN_DUP_DIR, true);
    ASSERT_EQ(r.simulators().size(), 1u);
    ASSERT_EQ(r.failures().size(), 1u);
    EXPECT_NE(r.failures()[0].message.find("already provided by"), std::string::npos);
    EXPECT_NE(r.failures()[0].message.find("sdk_test_copy_a.so"), std::string::npos);
}

TEST(PluginRegistry, MissingDirectoryAndSearchPath) {
    core::PluginRegistry r;
    r.loadDirectory("/nonexistent/plugins", true);
    ASSERT_EQ(r.failures().size(), 1u);
    EXPECT_NE(r.failures()[0].message.find("not found"), std::string::npos);
    ::setenv("CITYTWIN_PLUGIN_PATH", "/a:/b/c", 1);
    const auto path = core::PluginRegistry::defaultSearchPath();
    ::unsetenv("CITYTWIN_PLUGIN_PATH");
    ASSERT_EQ(path.size(), 3u);
    EXPECT_NE(path[0].find("citytwin/plugins"), std::string::npos);
    EXPECT_EQ(path[1], "/a");
    EXPECT_EQ(path[2], "/b/c");
}

TEST(Parameters, DefaultsBlockAndOverridesInThatOrder) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    const sdk::ParameterSet p =
        params(s, R"({"offset_m": 5, "label": "from scenario", "rain": [[0, 1], [60, 2]]})",
               {{"offset_m", "7.5"},
                {"double_heights", "yes"},
                {"gauges", "[[382300, 6354400]]"},
                {"mode", "normal"}});
    EXPECT_DOUBLE_EQ(p.getReal("offset_m"), 7.5);
    EXPECT_EQ(p.getString("label"), "from scenario");
    EXPECT_TRUE(p.getBool("double_heights"));
    EXPECT_EQ(p.getInteger("frames"), 3);
    ASSERT_EQ(p.getSeries("rain").size(), 2u);
    EXPECT_DOUBLE_EQ(p.getSeries("rain")[1].value, 2.0);
    ASSERT_EQ(p.getPoints("gauges").size(), 1u);
    EXPECT_EQ(p.getString("input_layer"), "terrain");
    expectError([&] { p.getInteger("offset_m"); }, core::ErrorCode::Validation, {"offset_m", "integer"});
}

TEST(Parameters, EveryProblemIsReportedAtOnce) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    std::vector<sdk::Problem> problems;
    core::resolveParameters(
        s.description(), R"({"ofset_m": 1, "frames": 2.5, "rain": [[0, 1], [0, 2]], "mode": "explode"})",
        {{"offset_m", "200"}, {"double_heights", "maybe"}, {"gauges", "[[1, 2, 3]]"}}, problems);
    auto has = [&](const std::string& param, const std::string& text) {
        for (const sdk::Problem& p : problems)
            if (p.parameter == param && p.message.find(text) != std::string::npos) return true;
        return false;
    };
    EXPECT_EQ(problems.size(), 7u);
    EXPECT_TRUE(has("ofset_m", "unknown parameter"));
    EXPECT_TRUE(has("ofset_m", "offset_m"));  // lists the known ones
    EXPECT_TRUE(has("frames", "whole number"));
    EXPECT_TRUE(has("rain", "increase strictly"));
    EXPECT_TRUE(has("mode", "'explode' is not one of"));
    EXPECT_TRUE(has("offset_m", "out of range (-100 to 100)"));
    EXPECT_TRUE(has("double_heights", "true or false"));
    EXPECT_TRUE(has("gauges", "points"));
    for (const sdk::Problem& p : problems)
        EXPECT_EQ(p.simulator, "sdk_test");

    problems.clear();
    core::resolveParameters(s.description(), R"({"rain": [[0, -5]]})", {}, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("-5 mm/h is out of range"), std::string::npos) << problems[0].message;
}

TEST(Parameters, NumbersNoDoubleHoldsAreProblemsNotCrashes) {
    // JSON numbers such as 1e309 overflow a double; the JSON reader throws another exception than for a syntax
    // error, and the value must still come back as a problem naming what was expected (found by fuzz_series).
    sdk::ParamDecl d;
    d.id = "rain_hyetograph";
    d.type = sdk::ParamType::Series;
    std::string problem;
    core::parseParamJson(d, "[[1e308, 1], [1e309, 2]]", problem);
    EXPECT_NE(problem.find("expected"), std::string::npos) << problem;
    EXPECT_NE(problem.find("1e309"), std::string::npos) << problem;
    std::vector<sdk::Problem> problems;
    core::resolveParameters(sdk::Description{}, R"({"x": 1e999})", {}, problems);  // a scenario block
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("not valid JSON"), std::string::npos) << problems[0].message;
}

TEST(Parameters, LayerParametersAreCheckedAgainstTheModel) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    std::vector<sdk::Problem> problems;
    core::checkLayerParameters(s.description(), params(s, "", {{"input_layer", "landuse"}}), demoModel(),
                               problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("'landuse' is not in the city model"), std::string::npos);
    EXPECT_NE(problems[0].message.find("road_surface"), std::string::npos);
    problems.clear();
    core::checkLayerParameters(s.description(), params(s, "", {{"input_layer", "road_surface"}}), demoModel(),
                               problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("raster is needed"), std::string::npos);
}

TEST(Simulator, RunsAndEmitsEveryKind) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    MemoryContext ctx;
    const sdk::ParameterSet p = params(s);
    EXPECT_TRUE(s.validate(demoModel(), p).empty());
    EXPECT_EQ(s.run(demoModel(), p, ctx), core::LoadedSimulator::Outcome::Completed);
    ASSERT_EQ(ctx.rasters.count("shifted"), 1u);
    EXPECT_FLOAT_EQ(ctx.rasters["shifted"].at(100, 100), demoModel().terrain.at(100, 100) + 1.0f);
    EXPECT_EQ(ctx.frameTimes["noise"].size(), 3u);
    EXPECT_EQ(ctx.vectors["buildings"].features.size(), 60u);
    EXPECT_EQ(ctx.tables["rain_table"].rows.size(), 3u);
    EXPECT_NEAR(ctx.scalars["total_volume"], 6443.0 * 4.5, 10.0);
    EXPECT_TRUE(std::isnan(ctx.scalars["gauge_mean"]));
    EXPECT_DOUBLE_EQ(ctx.lastProgress, 1.0);
    EXPECT_EQ(ctx.logs.size(), 1u);
}

TEST(Simulator, FailureComesBackAsAnErrorWithTheMessage) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    MemoryContext ctx;
    expectError(
        [&] {
            s.run(demoModel(), params(s, "", {{"mode", "fail"}}), ctx);
        },
        core::ErrorCode::Simulation, {"sdk_test", "asked to fail"});
}

TEST(Simulator, ValidateFindsModelProblems) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    const auto problems = s.validate(demoModel(), params(s, "", {{"gauges", "[[0, 0], [382300, 6354400]]"}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].parameter, "gauges");
}

TEST(Simulator, CancelFromAnotherThreadReturnsPromptly) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    MemoryContext ctx;
    std::chrono::steady_clock::time_point cancelledAt;
    // Cancel once the simulator is known to be running (its first progress call), whatever the machine's
    // speed: a fixed delay raced with plug-in start-up under AddressSanitizer.
    std::thread canceller([&] {
        for (int i = 0; i < 60000; ++i) {
            {
                std::lock_guard<std::mutex> l(ctx.m);
                if (ctx.progressCalls > 0) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        cancelledAt = std::chrono::steady_clock::now();
        ctx.cancel = true;
    });
    const auto outcome = s.run(demoModel(), params(s, "", {{"mode", "slow"}}), ctx);
    const auto returnedAt = std::chrono::steady_clock::now();
    canceller.join();
    // The outcome is the simulator's own report: a plug-in that ignored the flag would say Completed (after
    // 120 s) or fail; see Conformance.IgnoringCancelIsCaught for a plug-in that does.
    EXPECT_EQ(outcome, core::LoadedSimulator::Outcome::Cancelled);
    EXPECT_GT(ctx.progressCalls, 0);
    // Not a speed check: the simulator would run 120 s if it ignored the cancel; report how long it took.
    std::cout << "returned " << std::chrono::duration<double, std::milli>(returnedAt - cancelledAt).count()
              << " ms after cancel\n";
    EXPECT_LT(std::chrono::duration<double>(returnedAt - cancelledAt).count(), 60.0);
}

TEST(Simulator, TheSimulatorNotTheFlagSaysCancelled) {
    // A run that completes while the flag happens to be set is reported as completed: the host reads the
    // simulator's own outcome (SDK 1 reported "cancelled" whenever the flag was set).
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    struct LateCancel : MemoryContext {
        bool isCancelled() const noexcept override { return false; }
    } ctx;
    ctx.cancel = true;
    EXPECT_EQ(s.run(demoModel(), params(s), ctx), core::LoadedSimulator::Outcome::Completed);
}

TEST_F(Sdk, ResultWriterWritesGisFilesThatGdalReadsBack) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    MemoryContext mem;
    s.run(demoModel(), params(s), mem);

    core::ResultWriter w(dir_.string(), s.description());
    w.raster("shifted", mem.rasters["shifted"]);
    core::Raster f = mem.rasters["shifted"];
    w.frame("noise", 0.0, f);
    w.frame("noise", 60.0, f);
    expectError([&] { w.frame("noise", 30.0, f); }, core::ErrorCode::Simulation, {"increase"});
    w.vector("buildings", mem.vectors["buildings"]);
    w.table("rain_table", mem.tables["rain_table"]);
    w.scalar("total_volume", 12.5);
    expectError([&] { w.scalar("nope", 1); }, core::ErrorCode::Simulation, {"undeclared output 'nope'"});
    expectError([&] { w.scalar("shifted", 1); }, core::ErrorCode::Simulation, {"declared as raster"});
    w.finish();

    // The raster: a COG with CRS, geotransform and NoData, values as computed.
    const std::string tif = path("sdk_test/shifted.tif");
    GDALAllRegister();
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpen(tif.c_str(), GA_ReadOnly));
    ASSERT_NE(ds, nullptr);
    EXPECT_STREQ(ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
    double gt[6];
    ds->GetGeoTransform(gt);
    const core::GeoTransform& g = demoModel().terrain.geoTransform();
    EXPECT_DOUBLE_EQ(gt[0], g.originX);
    EXPECT_DOUBLE_EQ(gt[3], g.originY);
    EXPECT_DOUBLE_EQ(gt[1], g.cellWidth);
    EXPECT_DOUBLE_EQ(gt[5], -g.cellHeight);
    int hasNd = 0;
    EXPECT_EQ(ds->GetRasterBand(1)->GetNoDataValue(&hasNd), -9999.0);
    EXPECT_TRUE(hasNd);
    EXPECT_STREQ(ds->GetRasterBand(1)->GetUnitType(), "m");
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    ASSERT_NE(srs, nullptr);
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "32756");
    GDALClose(ds);
    const core::Raster back = core::readRaster(tif);
    EXPECT_EQ(back.at(100, 100), mem.rasters["shifted"].at(100, 100));
    EXPECT_EQ(back.stats().noDataCount, mem.rasters["shifted"].stats().noDataCount);

    // Series, vector, table, scalars.
    EXPECT_TRUE(std::filesystem::exists(path("sdk_test/noise/noise_0001.tif")));
    std::ifstream index(path("sdk_test/noise/index.csv"));
    std::string header, row0, row1;
    std::getline(index, header);
    std::getline(index, row0);
    std::getline(index, row1);
    EXPECT_EQ(header, "frame,time [s],file");
    EXPECT_EQ(row1, "1,60,noise_0001.tif");
    const core::VectorReadResult v = core::readVector(path("sdk_test/buildings.gpkg"), {});
    EXPECT_EQ(v.layer.features.size(), 60u);
    EXPECT_EQ(v.layer.crs.epsg(), 32756);
    EXPECT_GT(core::toNumber(v.layer.value(0, "volume_m3")), 0.0);
    std::ifstream table(path("sdk_test/rain_table.csv"));
    std::getline(table, header);
    // A UTF-8 byte-order mark first, so that spreadsheets read Korean text as UTF-8.
    EXPECT_EQ(header, "\xEF\xBB\xBFtime [s],intensity [mm/h],label");
    std::ifstream scalars(path("sdk_test/scalars.csv"));
    std::getline(scalars, header);
    std::getline(scalars, row0);
    EXPECT_EQ(row0, "total_volume,Total building volume,12.5,m3");
    EXPECT_EQ(w.outputs().size(), 5u);
}

namespace {
/// A minimal run folder (a manifest the reader accepts) with one file.
void fakeRun(const std::string& dir, const std::string& file, const std::string& text) {
    std::filesystem::create_directories(dir);
    core::RunRecord rec;
    core::writeManifest(dir, rec);
    core::writeFileAtomically(dir + "/" + file, text);
}
}  // namespace

TEST_F(Sdk, OutputDirectoryIsAllOrNothing) {
    const std::string out = path("run");
    {
        core::OutputDirectory d(out, false);
        core::writeFileAtomically(d.staging() + "/a.txt", "half");
        EXPECT_FALSE(std::filesystem::exists(out));
    }  // destroyed without commit: as if the run failed
    EXPECT_FALSE(std::filesystem::exists(out));
    for (const auto& e : std::filesystem::directory_iterator(dir_))
        EXPECT_EQ(e.path().filename().string().find("partial"), std::string::npos) << e.path();
    {
        core::OutputDirectory d(out, false);
        fakeRun(d.staging(), "a.txt", "first");
        d.commit();
    }
    EXPECT_TRUE(std::filesystem::exists(out + "/a.txt"));
    expectError([&] { core::OutputDirectory d(out, false); }, core::ErrorCode::Output, {"not empty", "--overwrite"});
    {
        core::OutputDirectory d(out, true);
        fakeRun(d.staging(), "b.txt", "second");
        EXPECT_TRUE(std::filesystem::exists(out + "/a.txt"));  // untouched until commit
        d.commit();
    }
    EXPECT_FALSE(std::filesystem::exists(out + "/a.txt"));
    EXPECT_TRUE(std::filesystem::exists(out + "/b.txt"));
}

TEST_F(Sdk, OverwriteReplacesOnlyARunFolderThatHoldsNoInput) {
    // A folder of the user's: never replaced, nothing deleted.
    write("mine/thesis.txt", "years of work");
    expectError([&] { core::OutputDirectory d(path("mine"), true); }, core::ErrorCode::Output,
                {"mine", "not a CityTwin run folder", "nothing was deleted"});
    EXPECT_TRUE(std::filesystem::exists(path("mine/thesis.txt")));
    // The working directory, even when it is a run folder.
    fakeRun(path("run"), "a.txt", "x");
    const auto cwd = std::filesystem::current_path();
    std::filesystem::current_path(path("run"));
    expectError([&] { core::OutputDirectory d(".", true); }, core::ErrorCode::Output, {"working directory"});
    std::filesystem::current_path(cwd);
    // A run folder that holds one of the run's inputs (a scenario kept inside its own results).
    write("run/scenario.json", "{}");
    expectError([&] { core::OutputDirectory d(path("run"), true, {path("run/scenario.json")}); },
                core::ErrorCode::Output, {"holds an input of this run", "scenario.json"});
    EXPECT_TRUE(std::filesystem::exists(path("run/scenario.json")));
    // The root.
    expectError([&] { core::OutputDirectory d("/", true); }, core::ErrorCode::Output, {"root"});
}

TEST_F(Sdk, OneRunAtATimePerTarget) {
    core::OutputDirectory first(path("out"), true);
    expectError([&] { core::OutputDirectory second(path("out"), true); }, core::ErrorCode::Output,
                {"another run", "process " + std::to_string(::getpid()), "is writing this output directory"});
    fakeRun(first.staging(), "a.txt", "x");
    first.commit();
}

TEST_F(Sdk, StagingFoldersOfKilledRunsAreRemovedAndReported) {
    // A run killed with SIGKILL leaves "<dir>.partial-<pid>"; its process is gone.
    write("out.partial-999999999/sdk_test/shifted.tif", "half a raster");
    write("out.old-999999998/x", "y");
    write("other.partial-999999997/x", "not ours: another target");
    core::OutputDirectory d(path("out"), false);
    ASSERT_EQ(d.cleaned().size(), 2u);
    EXPECT_NE(d.cleaned()[0].find("had ended"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(path("out.partial-999999999")));
    EXPECT_FALSE(std::filesystem::exists(path("out.old-999999998")));
    EXPECT_TRUE(std::filesystem::exists(path("other.partial-999999997/x")));
}

TEST_F(Sdk, RunFolderReadsBackWhatWasWritten) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    MemoryContext mem;
    s.run(demoModel(), params(s), mem);
    core::ResultWriter w(dir_.string(), s.description());
    w.raster("shifted", mem.rasters["shifted"]);
    w.frame("noise", 0.0, mem.lastFrames["noise"]);
    w.frame("noise", 60.0, mem.lastFrames["noise"]);
    w.vector("buildings", mem.vectors["buildings"]);
    w.table("rain_table", mem.tables["rain_table"]);
    w.scalar("total_volume", 12.5);
    w.finish();
    core::RunRecord rec;
    rec.scenarioName = "테스트 시나리오";  // UTF-8 kept
    core::SimulatorRecord sr;
    sr.info = s.description().info;
    sr.parameters = {{"offset_m", "1.5"}};
    sr.coupledInputs = {{"input_layer", "other.depth"}};
    sr.outputs = w.outputs();
    rec.simulators.push_back(sr);
    core::writeManifest(dir_.string(), rec);

    const core::RunFolder f = core::readRunDirectory(dir_.string());
    EXPECT_EQ(f.record.formatVersion, core::kRunFormatVersion);
    EXPECT_EQ(f.record.scenarioName, "테스트 시나리오");
    ASSERT_EQ(f.runs.size(), 1u);
    const core::RunResults& run = f.runs[0];
    EXPECT_EQ(run.simulator, "sdk_test");
    ASSERT_EQ(run.coupledInputs.size(), 1u);
    EXPECT_EQ(run.coupledInputs[0].second, "other.depth");
    const core::OutputData* shifted = run.find("shifted");
    ASSERT_NE(shifted, nullptr);
    // Declarations travel in the manifest: no plug-in is needed to draw a run.
    EXPECT_EQ(shifted->decl.label, "Shifted raster");
    EXPECT_EQ(shifted->decl.style.drawAs, sdk::DrawAs::DrapedRaster);
    EXPECT_TRUE(shifted->raster->sameGrid(mem.rasters["shifted"]));
    EXPECT_EQ(shifted->raster->at(50, 50), mem.rasters["shifted"].at(50, 50));
    const core::OutputData* noise = run.find("noise");
    ASSERT_NE(noise, nullptr);
    ASSERT_EQ(noise->frames.size(), 2u);
    EXPECT_DOUBLE_EQ(noise->frames[1].timeS, 60.0);
    const core::OutputData* table = run.find("rain_table");
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->decl.style.tableRole, sdk::TableRole::TimeSeries);
    EXPECT_EQ(table->table->rows.size(), mem.tables["rain_table"].rows.size());
    EXPECT_DOUBLE_EQ(run.find("total_volume")->scalar, 12.5);
    EXPECT_EQ(run.find("buildings")->vector->features.size(), 60u);
    EXPECT_EQ(run.find("buildings")->decl.style.drawAs, sdk::DrawAs::ExtrudedPolygons);

    // A manifest of a newer format is refused with its version named.
    write("future/manifest.json", R"({"citytwin_run": 99, "status": "completed", "simulators": []})");
    expectError([&] { core::readRunDirectory(path("future")); }, core::ErrorCode::FileFormat,
                {"format 99", "not supported"});
    write("half/manifest.json", R"({"citytwin_run": 2, "status": "running", "simulators": []})");
    expectError([&] { core::readRunDirectory(path("half")); }, core::ErrorCode::FileFormat, {"did not complete"});
    write("escape/manifest.json",
          R"({"citytwin_run": 2, "status": "completed", "simulators": [{"id": "x", "outputs": [{"id": "a", "kind": "table", "path": "../../etc/passwd"}]}]})");
    expectError([&] { core::readRunDirectory(path("escape")); }, core::ErrorCode::FileFormat, {"leaves the run folder"});
}

TEST(Describe, JsonIsStableAndComplete) {
    core::PluginRegistry r;
    const core::LoadedSimulator& s = testSim(r);
    const std::string j = core::describeJson(s.description(), s.file());
    for (const char* key :
         {"\"id\": \"sdk_test\"", "\"sdk_version\": 4", "\"type\": \"series\"", "\"unit\": \"mm/h\"",
          "\"choices\": [", "\"kind\": \"raster_series\"", "\"color_map\": \"rdbu\"",
          "\"layer_kind\": \"raster\"", "\"advanced\": true", "\"required\": false"})
        EXPECT_NE(j.find(key), std::string::npos) << key << "\n" << j;
    const std::string md = core::describeMarkdown(s.description());
    EXPECT_NE(md.find("| `offset_m` | real | m | 1 | -100 to 100 |"), std::string::npos) << md;
    const std::string text = core::describeText(s.description(), s.file());
    EXPECT_NE(text.find("[Forcing]"), std::string::npos);
}

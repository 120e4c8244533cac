// citytwin-cli sims / describe / run with the test plug-in, as a user runs them.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "citytwin/core/vector_io.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;

using Result = citytwin::test::CommandResult;

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class CliRun : public citytwin::test::TempDirTest {
protected:
    Result run(const std::string& args, const std::string& pluginPath = TEST_PLUGIN_GOOD_DIR) {
        return citytwin::test::runCommand(
            "CITYTWIN_PLUGIN_PATH='" + pluginPath + "' " + CITYTWIN_CLI + " " + args, path("stderr.txt"));
    }
    std::string scenario(const std::string& simulators = R"({"sdk_test": {"offset_m": 2.5, "frames": 2}})") {
        const std::string demo = citytwin::test::projectData("merewether");
        return write("s.json", R"({"citytwin_scenario": 1, "crs": "EPSG:32756", "terrain": ")" + demo +
                                   R"(/merewether_dem_1m.tif", "buildings": {"file": ")" + demo +
                                   R"(/merewether.gpkg", "layer": "houses"}, "simulators": )" + simulators +
                                   "}");
    }
};

}  // namespace

TEST_F(CliRun, SimsAndDescribe) {
    Result r = run("sims", std::string(TEST_PLUGIN_GOOD_DIR) + ":" + TEST_PLUGIN_BAD_DIR);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("sdk_test  1.0.0"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("refused"), std::string::npos);  // the bad modules are named, the host carries on
    EXPECT_NE(r.err.find("wrong_sdk.so"), std::string::npos);
    r = run("sims --json");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("\"id\": \"sdk_test\""), std::string::npos);
    r = run("describe sdk_test");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("offset_m  (real, m)"), std::string::npos) << r.out;
    r = run("describe sdk_test --json");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("\"outputs\""), std::string::npos);
    r = run("describe flux_capacitor");
    EXPECT_EQ(r.code, 8);
    EXPECT_NE(r.err.find("no simulator 'flux_capacitor'"), std::string::npos) << r.err;
}

TEST_F(CliRun, RunWritesResultsAndACompleteManifest) {
    const Result r =
        run("run " + scenario() + " --out " + path("out") + " --threads 1 --set sdk_test.label=hello");
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* f :
         {"out/manifest.json", "out/sdk_test/shifted.tif", "out/sdk_test/noise/noise_0000.tif",
          "out/sdk_test/noise/noise_0001.tif", "out/sdk_test/noise/index.csv", "out/sdk_test/buildings.gpkg",
          "out/sdk_test/rain_table.csv", "out/sdk_test/scalars.csv"})
        EXPECT_TRUE(fs::exists(path(f))) << f;
    EXPECT_NE(r.err.find("this is a test warning"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("sdk_test/shifted.tif"), std::string::npos) << r.out;
    const std::string m = slurp(path("out/manifest.json"));
    for (const char* key :
         {"\"status\": \"completed\"", "\"sdk_version\": 4", "\"gdal\": \"3.", "\"proj\": \"9.",
          "\"threads\": 1", "\"sha256\": \"", "\"key\": \"terrain\"", "\"module_sha256\"",
          "\"offset_m\": 2.5", "\"label\": \"hello\"", "\"frames\": 2", "\"load_model_s\"", "\"seconds\"",
          "\"crs\": \"EPSG:32756", "\"path\": \"sdk_test/buildings.gpkg\"",
          "\"value\": ", "\"warning: this is a test warning\"", "\"started\"", "\"finished\""})
        EXPECT_NE(m.find(key), std::string::npos) << key << "\n" << m;
    EXPECT_NE(slurp(path("out/sdk_test/rain_table.csv")).find("hello"), std::string::npos);
    // Nothing but the results: no staging or temporary files left beside or inside.
    for (const auto& e : fs::recursive_directory_iterator(dir_))
        EXPECT_TRUE(e.path().string().find(".partial") == std::string::npos &&
                    e.path().string().find(".tmp-") == std::string::npos)
            << e.path();
}

TEST_F(CliRun, IdenticalInputsGiveIdenticalOutputs) {
    ASSERT_EQ(run("run " + scenario() + " --out " + path("a") + " --threads 2").code, 0);
    ASSERT_EQ(run("run " + scenario() + " --out " + path("b") + " --threads 2").code, 0);
    for (const char* f : {"sdk_test/shifted.tif", "sdk_test/noise/noise_0001.tif", "sdk_test/noise/index.csv",
                          "sdk_test/rain_table.csv", "sdk_test/scalars.csv"})
        EXPECT_EQ(slurp(path(std::string("a/") + f)), slurp(path(std::string("b/") + f))) << f;
    // GeoPackages carry a write timestamp: compare their content.
    const auto va = citytwin::core::readVector(path("a/sdk_test/buildings.gpkg"), {});
    const auto vb = citytwin::core::readVector(path("b/sdk_test/buildings.gpkg"), {});
    ASSERT_EQ(va.layer.features.size(), vb.layer.features.size());
    for (std::size_t i = 0; i < va.layer.features.size(); ++i) {
        EXPECT_EQ(va.layer.features[i].attributes, vb.layer.features[i].attributes);
        EXPECT_EQ(va.layer.features[i].polygons[0].outer.size(),
                  vb.layer.features[i].polygons[0].outer.size());
    }
}

TEST_F(CliRun, AllProblemsAreReportedAtOnceAndNothingRuns) {
    const Result r =
        run("run " + scenario(R"({"sdk_test": {"offset_m": 500, "colour": "red"}, "nosuch": {}})") +
            " --out " + path("out") + " --set sdk_test.frames=many --set oops --set sdk_test.mode=fast");
    EXPECT_EQ(r.code, 9) << r.err;
    for (const char* text : {"6 problems", "sdk_test.offset_m: value 500 m is out of range (-100 to 100)",
                             "sdk_test.colour: unknown parameter",
                             "nosuch: unknown simulator (found: ", "sdk_test.frames: expected a whole number",
                             "'oops' (in --set): expected SIM.PARAM=VALUE", "sdk_test.mode: 'fast' is not one of"})
        EXPECT_NE(r.err.find(text), std::string::npos) << text << "\n" << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(CliRun, ModelDependentProblemsToo) {
    const Result r = run("run " + scenario() + " --out " + path("out") +
                         " --set sdk_test.input_layer=landuse --set sdk_test.gauges=[[0,0]]");
    EXPECT_EQ(r.code, 9) << r.err;
    EXPECT_NE(r.err.find("'landuse' is not in the city model"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("a gauge lies outside the model"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(CliRun, FailuresLeaveNothingBehind) {
    Result r = run("run " + scenario() + " --out " + path("out") + " --set sdk_test.mode=fail");
    EXPECT_EQ(r.code, 10) << r.err;
    EXPECT_NE(r.err.find("asked to fail"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
    r = run("run " + scenario() + " --out " + path("out") + " --set sdk_test.mode=undeclared");
    EXPECT_EQ(r.code, 10) << r.err;
    EXPECT_NE(r.err.find("undeclared output 'not_declared'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
    for (const auto& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(CliRun, ExistingOutputIsNeverHalfOverwritten) {
    write("out/keep.txt", "mine");
    Result r = run("run " + scenario() + " --out " + path("out"));
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_NE(r.err.find("--overwrite"), std::string::npos);
    // --overwrite replaces only a CityTwin run folder: a folder of the user's is refused, nothing deleted.
    r = run("run " + scenario() + " --out " + path("out") + " --overwrite");
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_NE(r.err.find("not a CityTwin run folder"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(path("out/keep.txt")), "mine");
    // A real run folder is replaced, but only by a run that succeeds.
    ASSERT_EQ(run("run " + scenario() + " --out " + path("run")).code, 0);
    const std::string before = slurp(path("run/manifest.json"));
    r = run("run " + scenario() + " --out " + path("run") + " --set sdk_test.mode=fail --overwrite");
    EXPECT_EQ(r.code, 10);
    EXPECT_EQ(slurp(path("run/manifest.json")), before);  // a failed run leaves the old results as they were
    r = run("run " + scenario() + " --out " + path("run") + " --overwrite --set sdk_test.label=second");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(slurp(path("run/manifest.json")).find("second"), std::string::npos);
}

TEST_F(CliRun, OverwriteNeverDeletesTheScenarioOrTheWorkingDirectory) {
    // The scenario and its data inside the output folder (the reported data loss): refused, all kept.
    const std::string demo = citytwin::test::projectData("merewether");
    std::filesystem::create_directories(path("project"));
    std::filesystem::copy_file(demo + "/merewether_dem_1m.tif", path("project/dem.tif"));
    const std::string s = write("project/scenario.json",
                                R"({"citytwin_scenario": 1, "terrain": "dem.tif", "simulators": {"sdk_test": {}}})");
    write("project/manifest.json", R"({"citytwin_run": 2, "status": "completed", "simulators": []})");
    Result r = run("run " + s + " --out " + path("project") + " --overwrite");
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_NE(r.err.find("holds an input of this run"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(path("project/dem.tif")));
    EXPECT_TRUE(fs::exists(path("project/scenario.json")));
    // "." while standing in a folder: refused.
    r = citytwin::test::runCommand("cd '" + path("project") + "' && CITYTWIN_PLUGIN_PATH='" + TEST_PLUGIN_GOOD_DIR +
                                       "' " + CITYTWIN_CLI + " run scenario.json --out . --overwrite",
                                   path("stderr.txt"));
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_TRUE(fs::exists(path("project/dem.tif")));
}

TEST_F(CliRun, TwoRunsOnOneOutputFolder) {
    // The first run holds the folder's lock while it works; the second is told so, and no staging folder is
    // mentioned that does not exist.
    const std::string errFile = path("first.txt");
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("CITYTWIN_PLUGIN_PATH", TEST_PLUGIN_GOOD_DIR, 1);
        FILE* e = std::freopen(errFile.c_str(), "w", stderr);
        (void)e;
        const std::string out = path("out");
        const std::string scen = path("s.json");
        ::execl(CITYTWIN_CLI, CITYTWIN_CLI, "run", scen.c_str(), "--out", out.c_str(), "--overwrite", "--set",
                "sdk_test.mode=slow", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    scenario();
    for (int i = 0; i < 600 && slurp(errFile).find("waiting to be cancelled") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const Result r = run("run " + path("s.json") + " --out " + path("out") + " --overwrite");
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_NE(r.err.find("another run (process " + std::to_string(pid) + ") is writing"), std::string::npos)
        << r.err;
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130);
    EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(CliRun, APluginThatCallsExitIsAFailure) {
    const Result r = run("run " + scenario() + " --out " + path("out") + " --set sdk_test.mode=exit");
    EXPECT_EQ(r.code, 8) << r.err;
    EXPECT_NE(r.err.find("simulator 'sdk_test' ended the process during its run"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
    for (const auto& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(CliRun, AKilledRunsLeftoversAreCleanedByTheNext) {
    // A plug-in that crashes kills the process (the viewer isolates it; the CLI reports the signal); what the
    // dead run left is removed by the next run on that folder, which says so.
    Result r = run("run " + scenario() + " --out " + path("out") + " --set sdk_test.mode=crash");
    EXPECT_NE(r.code, 0);
    bool leftover = false;
    for (const auto& e : fs::directory_iterator(dir_))
        leftover = leftover || e.path().string().find("out.partial-") != std::string::npos;
    EXPECT_TRUE(leftover);
    r = run("run " + scenario() + " --out " + path("out"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("removed the staging folder of an interrupted run"), std::string::npos) << r.err;
    for (const auto& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(CliRun, AWriteErrorFailsTheRunAndLeavesNothing) {
    // Files may grow to 64 KiB only (RLIMIT_FSIZE, SIGXFSZ ignored): the first raster cannot be written. Every
    // GDAL error while writing must fail the run; "completed" with damaged files is the defect this guards.
    const Result r = citytwin::test::runCommand(
        "trap '' XFSZ; ulimit -f 64; CITYTWIN_PLUGIN_PATH='" + std::string(TEST_PLUGIN_GOOD_DIR) + "' " +
            CITYTWIN_CLI + " run " + scenario() + " --out " + path("out"),
        path("stderr.txt"));
    EXPECT_EQ(r.code, 11) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out")));
}

TEST_F(CliRun, CtrlCCancelsCleanly) {
    const std::string scen = scenario();
    const std::string errFile = path("stderr.txt");
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("CITYTWIN_PLUGIN_PATH", TEST_PLUGIN_GOOD_DIR, 1);
        FILE* e = std::freopen(errFile.c_str(), "w", stderr);
        (void)e;
        const std::string out = path("out");
        ::execl(CITYTWIN_CLI, CITYTWIN_CLI, "run", scen.c_str(), "--out", out.c_str(), "--set",
                "sdk_test.mode=slow", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Wait until the simulator is running (its progress line appears), then press Ctrl-C.
    for (int i = 0; i < 600 && slurp(errFile).find("waiting to be cancelled") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_NE(slurp(errFile).find("waiting to be cancelled"), std::string::npos) << slurp(errFile);
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    const std::string err = slurp(errFile);
    EXPECT_NE(err.find("cancelled"), std::string::npos) << err;
    EXPECT_NE(err.find("nothing was written"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(path("out")));
    for (const auto& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
}

TEST_F(CliRun, NothingToRun) {
    const std::string demo = citytwin::test::projectData("merewether");
    const std::string s = write(
        "plain.json", R"({"citytwin_scenario": 1, "terrain": ")" + demo + R"(/merewether_dem_1m.tif"})");
    const Result r = run("run " + s + " --out " + path("out"));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("no \"simulators\" block"), std::string::npos) << r.err;
}

// citytwin-cli as a user runs it: output, exit codes and error messages on stderr.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "test_util.h"

namespace {

using Result = citytwin::test::CommandResult;

class Cli : public citytwin::test::TempDirTest {
protected:
    Result run(const std::string& args) {
        return citytwin::test::runCommand(std::string(CITYTWIN_CLI) + " " + args, path("stderr.txt"));
    }
};

}  // namespace

TEST_F(Cli, InfoOnTheDemoCity) {
    const Result r = run("info " + citytwin::test::projectData("merewether/scenario.json"));
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("EPSG:32756"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Buildings:   60"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Terrain:     320 x 415 cells at 1.00 m"), std::string::npos) << r.out;
    EXPECT_TRUE(r.err.empty()) << r.err;  // GDAL's warnings go into the report, not stderr
}

TEST_F(Cli, InfoOnADataFileWithOptions) {
    const Result r =
        run("info " + citytwin::test::sharedData("city/seoul_dongjak_osm/cauH.osm") + " --crs EPSG:5179");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("EPSG:5179"), std::string::npos);
    EXPECT_NE(r.out.find("set in the scenario"), std::string::npos);
    EXPECT_NE(r.out.find("levels x storey height 68"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("residential"), std::string::npos);
}

TEST_F(Cli, ExitCodesAndMessages) {
    Result r = run("info " + path("missing.json"));
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("missing.json"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not found"), std::string::npos) << r.err;

    write("dem.tif", "not really a tiff");
    r = run("info " + path("dem.tif"));
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("dem.tif"), std::string::npos) << r.err;

    write("s.json", R"({"citytwin_scenario": 1, "terrian": "dem.tif"})");
    r = run("info " + path("s.json"));
    EXPECT_EQ(r.code, 6);
    EXPECT_NE(r.err.find("'terrian'"), std::string::npos) << r.err;

    write("c.json", R"({"citytwin_scenario": 1, "crs": "EPSG:0", "buildings": ")" +
                        citytwin::test::sharedData("city/seoul_dongjak_osm/cauH.osm") + R"("})");
    r = run("info " + path("c.json"));
    EXPECT_EQ(r.code, 5);
    EXPECT_NE(r.err.find("EPSG:0"), std::string::npos) << r.err;

    write("e.geojson", R"({"type":"FeatureCollection","features":[]})");
    r = run("info " + path("e.geojson"));
    EXPECT_EQ(r.code, 7) << r.err;

    r = run("info");
    EXPECT_EQ(r.code, 2);
    r = run("frobnicate");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
    r = run("info a b");
    EXPECT_EQ(r.code, 2);
    r = run("info x --resolution -3");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--resolution"), std::string::npos);
}

TEST_F(Cli, HelpAndVersion) {
    Result r = run("help");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("exit codes"), std::string::npos);
    r = run("--version");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("citytwin-cli"), std::string::npos);
}

TEST(CliInfo, ChecksTheSimulatorsBlockAsRunDoes) {
    // info accepted 26 invalid parameter values that run refused (reliability issue): it now runs the same
    // checks and reports them the same way.
    const std::string dir = std::filesystem::temp_directory_path() / ("citytwin_info_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string demo = citytwin::test::projectData("merewether");
    const std::string scen = dir + "/s.json";
    std::ofstream(scen) << R"({"citytwin_scenario": 1, "crs": "EPSG:32756", "terrain": ")" << demo
                        << R"(/merewether_dem_1m.tif", "simulators": {"flood": {"manning_n": 7, "theta": 0.1}}})";
    const auto r = citytwin::test::runCommand(std::string(CITYTWIN_CLI) + " info " + scen, dir + "/err.txt");
    EXPECT_EQ(r.code, 9) << r.out << r.err;
    EXPECT_NE(r.out.find("flood.manning_n: value 7 s/m^(1/3) is out of range (0 to 1)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("flood.theta"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 problems (run would refuse this scenario)"), std::string::npos) << r.out;
    std::filesystem::remove_all(dir);
}

// File parameters (SDK 3): a relative path in the scenario is relative to the scenario's folder, whatever the
// current folder; the file is recorded in the manifest with its SHA-256; a missing file is refused by name.
TEST_F(Cli, FileParametersAreRelativeToTheScenarioAndRecorded) {
    namespace fs = std::filesystem;
    fs::create_directories(path("study/net"));
    for (const char* f : {"SiouxFalls_net.tntp", "SiouxFalls_trips.tntp"})
        fs::copy_file(citytwin::test::sharedData(std::string("traffic/SiouxFalls/") + f), path(std::string("study/net/") + f));
    // No city data: the network is the simulator's own, the CRS places its results.
    const std::string scenario = path("study/scenario.json");
    std::ofstream(scenario) << R"({"citytwin_scenario": 1, "name": "Sioux Falls", "crs": "EPSG:32614",
        "simulators": {"traffic": {"network_file": "net/SiouxFalls_net.tntp",
                                   "trips_file": "net/SiouxFalls_trips.tntp"}}})";
    // Run from another folder: the paths must not depend on it.
    Result r = citytwin::test::runCommand(
        "cd / && " + std::string(CITYTWIN_CLI) + " run " + scenario + " --out " + path("out"), path("stderr.txt"));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    std::ifstream in(path("out/manifest.json"));
    const std::string manifest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(manifest.find("traffic.network_file"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(path("study/net/SiouxFalls_net.tntp")), std::string::npos) << manifest;
    // The digest as sha256sum computes it (an independent implementation).
    const Result sum = citytwin::test::runCommand("sha256sum " + path("study/net/SiouxFalls_net.tntp"), path("e.txt"));
    ASSERT_EQ(sum.code, 0);
    EXPECT_NE(manifest.find(sum.out.substr(0, 64)), std::string::npos) << manifest;

    // On the command line a relative path is relative to the current folder, as for any argument.
    r = citytwin::test::runCommand("cd " + path("study") + "/.. && " + std::string(CITYTWIN_CLI) + " run " +
                                       scenario + " --set traffic.network_file=study/net/SiouxFalls_net.tntp --out " +
                                       path("out3"),
                                   path("stderr.txt"));
    EXPECT_EQ(r.code, 0) << r.err;

    // A missing file: refused before anything runs, naming the path as resolved.
    std::ofstream(path("study/missing.json")) << R"({"citytwin_scenario": 1, "name": "missing", "crs": "EPSG:32614",
        "simulators": {"traffic": {"network_file": "net/no_such_net.tntp"}}})";
    r = citytwin::test::runCommand("cd / && " + std::string(CITYTWIN_CLI) + " run " + path("study/missing.json") +
                                       " --out " + path("out2"),
                                   path("stderr.txt"));
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("network_file"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("file not found: " + path("study/net/no_such_net.tntp")), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("out2")));
}

/// The value of a scalar output in a run folder's manifest.json (NaN when absent).
double scalarOf(const std::string& runDir, const std::string& id) {
    std::ifstream in(runDir + "/manifest.json");
    const std::string m((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t at = m.find("\"id\": \"" + id + "\"");
    if (at == std::string::npos) return std::nan("");
    const std::size_t v = m.find("\"value\": ", at);
    if (v == std::string::npos) return std::nan("");
    return std::stod(m.substr(v + 9, 40));
}

// Matrices out and back in: a run writes its demand matrix and skims as OMX files beside the CSV tables (the
// manifest and the summary name them); a second run that reads the first run's OMX demand as its trips_file
// assigns the same traffic, link by link, as the first, which read a CSV matrix. The matrix is lopsided
// (trips one way only), so a transposed or shifted OMX file sends traffic the other way and fails.
TEST_F(Cli, RunMatricesAreWrittenAsOmxThatATrafficRunReadsBack) {
    namespace fs = std::filesystem;
    fs::create_directories(path("net"));
    fs::copy_file(citytwin::test::sharedData("traffic/SiouxFalls/SiouxFalls_net.tntp"), path("net/SiouxFalls_net.tntp"));
    std::ofstream(path("net/trips.csv")) << "origin,destination,trips\n1,20,5000\n13,2,3000\n7,24,2000.5\n3,18,1200\n";
    const std::string scenario = path("sf.json");
    std::ofstream(scenario) << R"({"citytwin_scenario": 1, "name": "Sioux Falls", "crs": "EPSG:32614",
        "simulators": {"traffic": {"network_file": "net/SiouxFalls_net.tntp", "trips_file": "net/trips.csv",
                                   "tntp_time_unit_min": 0.6, "max_relative_gap": 1e-12}}})";
    Result r = citytwin::test::runCommand(std::string(CITYTWIN_CLI) + " run " + scenario + " --out " + path("a"),
                                          path("stderr.txt"));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    if (r.out.find("traffic/demand_matrix.omx  (matrix, OMX)") == std::string::npos)
        GTEST_SKIP() << "this build has no HDF5 (no OMX): " << r.out;
    EXPECT_NE(r.out.find("traffic/travel_time_skim.omx  (matrix, OMX)"), std::string::npos) << r.out;
    std::ifstream in(path("a/manifest.json"));
    const std::string manifest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(manifest.find("\"omx\": \"traffic/demand_matrix.omx\""), std::string::npos) << manifest;

    r = citytwin::test::runCommand(std::string(CITYTWIN_CLI) + " run " + scenario +
                                       " --set traffic.trips_file=" + path("a/traffic/demand_matrix.omx") +
                                       " --out " + path("b"),
                                   path("stderr.txt"));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_DOUBLE_EQ(scalarOf(path("a"), "demand_assigned"), 11200.5);
    EXPECT_DOUBLE_EQ(scalarOf(path("b"), "demand_assigned"), 11200.5);
    // The same demand, cell by cell, gives the same equilibrium: identical link flow tables.
    const auto text = [](const std::string& file) {
        std::ifstream f(file);
        return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    };
    const std::string flowsA = text(path("a/traffic/link_flows.csv"));
    ASSERT_GT(flowsA.size(), 1000u);
    EXPECT_EQ(text(path("b/traffic/link_flows.csv")), flowsA);
}

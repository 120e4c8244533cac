// Ensembles (core/ensemble.h): the file format and its errors, the members' scenarios, running members
// through the run service with the real flood plug-in on a small terrain (resume, stale and half-written
// members), and collect checked cell by cell against the members' own rasters.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "citytwin/core/ensemble.h"
#include "citytwin/core/error.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/run_service.h"
#include "test_util.h"

namespace citytwin::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// A folder with a small terrain (24 x 20 cells of 5 m: a slope to the north with a hollow) and a scenario
/// whose flood block the ensembles vary.
class EnsembleTest : public TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        writeDem("dem.tif", 0.0f);
        writeDem("dem_raised.tif", 0.5f);
        write("scenario.json", R"({
  "citytwin_scenario": 1,
  "name": "slope",
  "crs": "EPSG:32756",
  "terrain": "dem.tif",
  "simulators": {"flood": {"duration_s": 240, "rain_intensity_mm_per_h": 50, "rain_duration_s": 120,
                           "output_interval_s": 0, "boundary_north": "free_outflow", "boundary_south": "closed",
                           "boundary_east": "closed", "boundary_west": "closed"}}
})");
    }
    void writeDem(const std::string& name, float raise) {
        core::Raster r(24, 20, {380000.0, 6350100.0, 5.0, 5.0}, core::Crs::fromEpsg(32756));
        for (int row = 0; row < 20; ++row)
            for (int c = 0; c < 24; ++c) {
                const double dx = c - 12.0, dy = row - 12.0;
                r.at(c, row) = static_cast<float>(10.0 + 0.05 * row -
                                                  1.2 * std::exp(-(dx * dx + dy * dy) / 12.0) + raise);
            }
        core::writeRaster(r, path(name));
    }
    std::string ensemble(const std::string& body) { return write("ens.json", body); }
    core::Ensemble load(const std::string& body) { return core::loadEnsemble(ensemble(body)); }
    /// Expects loading to fail with a Scenario (or `code`) error naming the key and containing `parts`.
    void expectBad(const std::string& body, const std::string& key, std::initializer_list<std::string> parts,
                   core::ErrorCode code = core::ErrorCode::Scenario) {
        const std::string file = ensemble(body);
        try {
            core::loadEnsemble(file);
            ADD_FAILURE() << "no error for " << body;
        } catch (const core::Error& e) {
            EXPECT_EQ(std::string(core::toString(e.code())), core::toString(code)) << e.what();
            EXPECT_EQ(e.context().parameter, key) << e.what();
            EXPECT_NE(std::string(e.what()).find("ens.json"), std::string::npos)
                << "names the file: " << e.what();
            for (const std::string& p : parts)
                EXPECT_NE(std::string(e.what()).find(p), std::string::npos)
                    << "lacks \"" << p << "\": " << e.what();
        }
    }
    static std::string grid2x2() {
        return R"({"citytwin_ensemble": 1, "name": "grid", "base": "scenario.json",
          "axes": [{"name": "intensity", "parameter": "flood.rain_intensity_mm_per_h", "values": [20, 60]},
                   {"name": "duration", "parameter": "flood.rain_duration_s", "range": {"from": 60, "to": 120, "step": 60}}],
          "collect": {"rasters": ["flood.max_depth"], "exceedance": {"flood.max_depth": [0.005, 0.02]}}})";
    }
    core::PluginRegistry& registry() {
        static core::PluginRegistry r;
        static const bool loaded = [] {
            r.loadDefault();
            return true;
        }();
        (void)loaded;
        return r;
    }
    std::vector<core::MemberOutcome> runAll(const core::Ensemble& e, core::EnsembleRunOptions o) {
        const core::RunService service(registry());
        core::EnsembleObserver quiet;
        std::vector<int> all;
        for (const core::EnsembleMember& m : e.members)
            all.push_back(m.index);
        core::SequentialQueue queue(all);
        core::prepareEnsembleFolder(e, core::EnsembleLayout(o.out));
        return core::runMembers(service, e, queue, o, quiet);
    }
};

TEST_F(EnsembleTest, AxesExpandIntoNamedMembers) {
    const core::Ensemble e = load(grid2x2());
    ASSERT_EQ(e.members.size(), 4u);
    // Product: the last axis varies fastest; names from the axes' names and labels.
    EXPECT_EQ(e.members[0].name, "intensity-20_duration-60");
    EXPECT_EQ(e.members[1].name, "intensity-20_duration-120");
    EXPECT_EQ(e.members[3].name, "intensity-60_duration-120");
    ASSERT_EQ(e.members[2].sets.size(), 2u);
    EXPECT_EQ(e.members[2].sets[0],
              std::make_pair(std::string("flood.rain_intensity_mm_per_h"), std::string("60")));
    EXPECT_EQ(e.members[2].sets[1], std::make_pair(std::string("flood.rain_duration_s"), std::string("60")));

    const core::Ensemble zip = load(R"({"citytwin_ensemble": 1, "base": "scenario.json", "combine": "zip",
      "member_name": "storm{index}-{i}",
      "set": {"flood.duration_s": 100},
      "axes": [{"name": "i", "parameter": "flood.rain_intensity_mm_per_h", "range": {"from": 10, "to": 40, "count": 4}},
               {"name": "d", "parameter": "flood.rain_duration_s", "values": [30, 40, 50, 60]}]})");
    ASSERT_EQ(zip.members.size(), 4u);
    EXPECT_EQ(zip.members[3].name, "storm003-40");
    EXPECT_EQ(zip.members[3].sets.front(),
              std::make_pair(std::string("flood.duration_s"), std::string("100")));
    EXPECT_EQ(zip.members[3].sets.back(),
              std::make_pair(std::string("flood.rain_duration_s"), std::string("60")));
    EXPECT_EQ(zip.axes[0].values, (std::vector<std::string>{"10", "20", "30", "40"}));
}

TEST_F(EnsembleTest, SampledAxesAreReproducibleAndFollowTheirDistribution) {
    auto sampled = [&](const std::string& sample) {
        return load(R"({"citytwin_ensemble": 1, "base": "scenario.json", "member_name": "m{index}",
          "axes": [{"name": "n", "parameter": "flood.manning_n", "sample": )" +
                    sample + "}]}")
            .axes[0]
            .values;
    };
    const auto a =
        sampled(R"({"distribution": "uniform", "min": 0.02, "max": 0.06, "count": 2000, "seed": 7})");
    EXPECT_EQ(a,
              sampled(R"({"distribution": "uniform", "min": 0.02, "max": 0.06, "count": 2000, "seed": 7})"))
        << "the same seed gives the same values";
    EXPECT_NE(a,
              sampled(R"({"distribution": "uniform", "min": 0.02, "max": 0.06, "count": 2000, "seed": 8})"));
    auto moments = [](const std::vector<std::string>& values, double& mean, double& sd, double& lo,
                      double& hi) {
        double s = 0, s2 = 0;
        lo = 1e300, hi = -1e300;
        for (const std::string& v : values) {
            const double x = std::stod(v);
            s += x, s2 += x * x, lo = std::min(lo, x), hi = std::max(hi, x);
        }
        mean = s / values.size();
        sd = std::sqrt(s2 / values.size() - mean * mean);
    };
    double mean, sd, lo, hi;
    moments(a, mean, sd, lo, hi);
    // Uniform on [0.02, 0.06]: mean 0.04, sd 0.04 / sqrt(12) = 0.011547; the mean of 2000 samples lies within
    // 4 standard errors (4 x 0.011547 / sqrt(2000) = 0.00103).
    EXPECT_NEAR(mean, 0.04, 0.00103);
    EXPECT_NEAR(sd, 0.011547, 0.0008);
    EXPECT_GE(lo, 0.02);
    EXPECT_LE(hi, 0.06);
    const auto n = sampled(R"({"distribution": "normal", "mean": 50, "sd": 10, "count": 2000, "seed": 3})");
    moments(n, mean, sd, lo, hi);
    EXPECT_NEAR(mean, 50.0, 4 * 10 / std::sqrt(2000.0));  // 4 standard errors
    EXPECT_NEAR(sd, 10.0, 0.6);
    const auto t =
        sampled(R"({"distribution": "triangular", "min": 0, "mode": 3, "max": 6, "count": 2000, "seed": 3})");
    moments(t, mean, sd, lo, hi);
    // Triangular (0, 3, 6): mean 3, sd sqrt((0 + 9 + 36 - 0 - 0 - 18) / 18) = 1.2247.
    EXPECT_NEAR(mean, 3.0, 4 * 1.2247 / std::sqrt(2000.0));
    EXPECT_NEAR(sd, 1.2247, 0.08);
    const auto l =
        sampled(R"({"distribution": "lognormal", "mu": 0, "sigma": 0.5, "count": 2000, "seed": 3})");
    moments(l, mean, sd, lo, hi);
    EXPECT_NEAR(mean, std::exp(0.125), 4 * 0.5 * std::exp(0.125) / std::sqrt(2000.0));  // e^(mu + sigma²/2)
    EXPECT_GT(lo, 0.0);
}

TEST_F(EnsembleTest, BadFilesAreRefusedNamingFileKeyAndValue) {
    expectBad(R"({"base": "scenario.json", "axes": []})", "citytwin_ensemble", {"is missing"});
    expectBad(R"({"citytwin_ensemble": 3, "base": "scenario.json"})", "citytwin_ensemble", {"version 3"});
    expectBad(R"({"citytwin_ensemble": 1, "axes": [{"name": "a", "parameter": "flood.x", "values": [1]}]})",
              "base", {"is missing"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "nothere.json", "axes": [{"name": "a", "parameter": "flood.x", "values": [1]}]})",
        "base", {"nothere.json"}, core::ErrorCode::FileNotFound);
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "colour": 1, "axes": [{"name": "a", "parameter": "flood.x", "values": [1]}]})",
        "colour", {"unknown key"});
    expectBad(R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": []})", "axes", {"non-empty list"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "dataset": "terrain", "values": [1]}]})",
        "axes[0].dataset", {"not both"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "rain", "values": [1]}]})",
        "axes[0].parameter", {"\"rain\""});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "values": 5}]})",
        "axes[0].values", {"non-empty list", "5"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "range": {"from": 0, "to": 10, "step": -2}}]})",
        "axes[0].range.step", {"positive", "-2"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "range": {"from": 0, "to": "ten", "step": 2}}]})",
        "axes[0].range.to", {"expected a number", "\"ten\""});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "sample": {"distribution": "uniform", "min": 0, "max": 1, "count": 3}}]})",
        "axes[0].sample.seed", {"needs a seed"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "sample": {"distribution": "gumbel", "count": 3, "seed": 1}}]})",
        "axes[0].sample.distribution", {"gumbel", "uniform, normal"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "sample": {"distribution": "uniform", "min": 2, "max": 1, "count": 3, "seed": 1}}]})",
        "axes[0].sample.max", {"above min"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "combine": "zip", "axes": [{"name": "a", "parameter": "flood.x", "values": [1, 2]}, {"name": "b", "parameter": "flood.y", "values": [1, 2, 3]}]})",
        "axes[1]", {"same length", "\"a\" has 2", "\"b\" 3"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "values": [1]}, {"name": "a", "parameter": "flood.y", "values": [1]}]})",
        "axes[1].name", {"names two axes"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "member_name": "m-{b}", "axes": [{"name": "a", "parameter": "flood.x", "values": [1, 2]}]})",
        "member_name", {"{b}", "names no axis"});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "member_name": "same", "axes": [{"name": "a", "parameter": "flood.x", "values": [1, 2]}]})",
        "member_name", {"two members would be named \"same\""});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "dem", "dataset": "terrain", "values": ["dem.tif", "gone.tif"]}]})",
        "axes[0].values[1]", {"gone.tif", "not found"}, core::ErrorCode::FileNotFound);
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "values": [1]}], "collect": {"exceedance": {"flood.max_depth": "deep"}}})",
        "collect.exceedance.flood.max_depth", {"threshold", "\"deep\""});
    expectBad(
        R"({"citytwin_ensemble": 1, "base": "scenario.json", "axes": [{"name": "a", "parameter": "flood.x", "values": [1, 2], "labels": ["one"]}]})",
        "axes[0].labels", {"2 labels"});
    expectBad("{\"citytwin_ensemble\": 1,", "", {"ens.json"});  // not JSON: names the file (and the line)
}

TEST_F(EnsembleTest, MemberScenarioCarriesItsValuesAndDatasets) {
    const core::Ensemble e = load(R"({"citytwin_ensemble": 1, "base": "scenario.json",
      "axes": [{"name": "dem", "dataset": "terrain", "values": ["dem.tif", "dem_raised.tif"], "labels": ["low", "high"]},
               {"name": "n", "parameter": "flood.manning_n", "values": [0.03]}]})");
    const core::EnsembleLayout layout(path("out"));
    const core::Scenario s = core::memberScenario(e, e.members[1], layout);
    EXPECT_EQ(e.members[1].name, "dem-high_n-0.03");
    ASSERT_TRUE(s.terrain.has_value());
    EXPECT_EQ(fs::path(s.terrain->files.at(0)).filename(), "dem_raised.tif");
    const json block = json::parse(s.simulators.at("flood"));
    EXPECT_EQ(block.at("manning_n").get<double>(), 0.03);
    EXPECT_EQ(block.at("rain_intensity_mm_per_h").get<double>(), 50.0) << "the base's values stay";
    EXPECT_EQ(s.file, layout.scenarioFile("dem-high_n-0.03"));
}

TEST_F(EnsembleTest, MembersRunIntoRunFoldersAndAResumeSkipsTheComplete) {
    const core::Ensemble e = load(grid2x2());
    core::EnsembleRunOptions o;
    o.out = path("out");
    o.threads = 1;
    const auto first = runAll(e, o);
    ASSERT_EQ(first.size(), 4u);
    for (const core::MemberOutcome& m : first)
        EXPECT_EQ(m.status, core::MemberOutcome::Status::Completed) << m.name << ": " << m.message;
    const core::EnsembleLayout layout(o.out);
    for (const core::EnsembleMember& m : e.members) {
        EXPECT_EQ(core::memberState(e, m, layout), core::MemberState::Complete) << m.name;
        const core::RunFolder f = core::readRunDirectory(layout.memberDir(m.name), {false});
        EXPECT_EQ(f.record.scenarioFile, layout.scenarioFile(m.name));
        ASSERT_EQ(f.record.simulators.size(), 1u);
        // The member's values reached the simulator.
        const auto& params = f.record.simulators[0].parameters;
        const auto it = std::find_if(params.begin(), params.end(),
                                     [](const auto& p) { return p.first == "rain_intensity_mm_per_h"; });
        ASSERT_NE(it, params.end());
        EXPECT_EQ(std::stod(it->second), std::stod(m.sets[0].second)) << m.name;
    }

    // A second run skips every member (checked by the manifests), a third after one folder was removed and
    // one member was killed half-way (a staging folder left) redoes just those two.
    for (const core::MemberOutcome& m : runAll(e, o))
        EXPECT_EQ(m.status, core::MemberOutcome::Status::Skipped) << m.name;
    fs::remove_all(layout.memberDir(e.members[1].name));
    fs::rename(layout.memberDir(e.members[2].name), layout.memberDir(e.members[2].name) + ".partial-99999");
    fs::remove(fs::path(layout.memberDir(e.members[2].name) + ".partial-99999") / "manifest.json");
    const auto third = runAll(e, o);
    EXPECT_EQ(third[0].status, core::MemberOutcome::Status::Skipped);
    EXPECT_EQ(third[1].status, core::MemberOutcome::Status::Completed);
    EXPECT_EQ(third[2].status, core::MemberOutcome::Status::Completed);
    EXPECT_EQ(third[3].status, core::MemberOutcome::Status::Skipped);
    EXPECT_FALSE(fs::exists(layout.memberDir(e.members[2].name) + ".partial-99999"))
        << "the half-written folder is cleared";

    // The ensemble changes (every member gets another duration): its members' folders are stale; refused
    // unless
    // --overwrite, then rerun.
    const core::Ensemble changed = load(R"({"citytwin_ensemble": 1, "name": "grid", "base": "scenario.json",
          "set": {"flood.duration_s": 200},
          "axes": [{"name": "intensity", "parameter": "flood.rain_intensity_mm_per_h", "values": [20, 60]},
                   {"name": "duration", "parameter": "flood.rain_duration_s", "range": {"from": 60, "to": 120, "step": 60}}]})");
    std::string detail;
    EXPECT_EQ(core::memberState(changed, changed.members[0], layout, &detail), core::MemberState::Stale);
    EXPECT_NE(detail.find("another scenario"), std::string::npos) << detail;
    const auto refused = runAll(changed, o);
    EXPECT_EQ(refused[0].status, core::MemberOutcome::Status::Failed);
    EXPECT_NE(refused[0].message.find("--overwrite"), std::string::npos) << refused[0].message;
    o.overwrite = true;
    for (const core::MemberOutcome& m : runAll(changed, o))
        EXPECT_EQ(m.status, core::MemberOutcome::Status::Completed) << m.name << ": " << m.message;

    // Something else in a member's place is never touched.
    fs::remove_all(layout.memberDir(changed.members[3].name));
    fs::create_directories(layout.memberDir(changed.members[3].name));
    write("out/members/" + changed.members[3].name + "/notes.txt", "mine");
    const auto foreign = runAll(changed, o);
    EXPECT_EQ(foreign[3].status, core::MemberOutcome::Status::Failed);
    EXPECT_NE(foreign[3].message.find("not a CityTwin run folder"), std::string::npos) << foreign[3].message;
    EXPECT_TRUE(fs::exists(path("out/members/" + changed.members[3].name + "/notes.txt")));
}

TEST_F(EnsembleTest, AMemberIsExactlyTheRunOfItsScenario) {
    const core::Ensemble e = load(grid2x2());
    core::EnsembleRunOptions o;
    o.out = path("out");
    o.threads = 1;
    runAll(e, o);
    // The same scenario file through the run service directly, as `citytwin-cli run` does.
    const core::EnsembleLayout layout(o.out);
    const core::EnsembleMember& m = e.members[3];
    core::RunOptions ro;
    ro.outDir = path("direct");
    ro.threads = 1;
    core::RunObserver quiet;
    const core::RunReport r =
        core::RunService(registry()).run(core::loadScenario(layout.scenarioFile(m.name)), ro, quiet);
    ASSERT_EQ(r.status, core::RunReport::Status::Completed) << r.message;
    for (const char* out : {"flood/max_depth.tif", "flood/max_speed.tif", "flood/final_depth.tif"}) {
        const core::Raster a = core::readRaster(path("direct/") + out);
        const core::Raster b = core::readRaster((fs::path(layout.memberDir(m.name)) / out).string());
        ASSERT_TRUE(a.sameGrid(b));
        for (std::size_t k = 0; k < a.cellCount(); ++k)
            ASSERT_TRUE(a.data()[k] == b.data()[k] || (std::isnan(a.data()[k]) && std::isnan(b.data()[k])))
                << out << " cell " << k;
    }
}

TEST_F(EnsembleTest, CollectSummarisesEveryCellAsTheMembersSay) {
    const core::Ensemble e = load(grid2x2());
    core::EnsembleRunOptions o;
    o.out = path("out");
    o.threads = 1;
    runAll(e, o);
    core::CollectOptions c;
    c.out = o.out;
    const core::CollectReport report = core::collectEnsemble(e, c);
    EXPECT_EQ(report.complete, 4);
    EXPECT_EQ(report.dir, path("out/collected"));

    // A normal run folder: readable by the results reader, members as provenance.
    const core::RunFolder folder = core::readRunDirectory(report.dir);
    ASSERT_EQ(folder.runs.size(), 1u);
    EXPECT_EQ(folder.runs[0].simulator, "ensemble");
    EXPECT_EQ(folder.record.chain.size(), 4u);
    const core::OutputData* p02 = folder.runs[0].find("flood_max_depth_exceeds_0_02");
    const core::OutputData* p005 = folder.runs[0].find("flood_max_depth_exceeds_0_005");
    const core::OutputData* mx = folder.runs[0].find("flood_max_depth_max");
    const core::OutputData* mean = folder.runs[0].find("flood_max_depth_mean");
    ASSERT_TRUE(p02 && p005 && mx && mean);
    EXPECT_EQ(mx->decl.style.drawAs, sdk::DrawAs::WaterSurface) << "drawn as the members' depth is";

    // Independently, from each member's raster: max, mean and the share above each threshold per cell.
    const core::EnsembleLayout layout(o.out);
    std::vector<core::Raster> depth;
    for (const core::EnsembleMember& m : e.members)
        depth.push_back(
            core::readRaster((fs::path(layout.memberDir(m.name)) / "flood/max_depth.tif").string()));
    std::size_t wetSomewhere = 0, partial = 0;
    for (std::size_t k = 0; k < depth[0].cellCount(); ++k) {
        double hi = -1.0, sum = 0.0;
        int n = 0, above02 = 0, above005 = 0;
        for (const core::Raster& d : depth) {
            const double v = d.data()[k];
            if (std::isnan(v)) continue;
            hi = std::max(hi, v), sum += v, ++n;
            above02 += v > 0.02, above005 += v > 0.005;
        }
        if (n == 0) {
            EXPECT_TRUE(std::isnan(mx->raster->data()[k]) && std::isnan(p02->raster->data()[k]));
            continue;
        }
        EXPECT_EQ(mx->raster->data()[k], static_cast<float>(hi)) << k;
        // Mean: float running mean against the double sum; 1e-6 relative covers float rounding of 4 members.
        EXPECT_NEAR(mean->raster->data()[k], sum / n, 1e-6 * std::max(1.0, sum / n)) << k;
        EXPECT_FLOAT_EQ(p02->raster->data()[k], static_cast<float>(above02) / n) << k;
        EXPECT_FLOAT_EQ(p005->raster->data()[k], static_cast<float>(above005) / n) << k;
        wetSomewhere += above005 > 0;
        partial += above02 > 0 && above02 < n;
    }
    EXPECT_GT(wetSomewhere, 0u) << "the case floods some cells";
    EXPECT_GT(partial, 0u) << "and some only in some members (a probability between 0 and 1)";

    // The member table: a row per member with its axis values and the scalars of its manifest.
    const core::OutputData* table = folder.runs[0].find("members");
    ASSERT_TRUE(table && table->table);
    ASSERT_EQ(table->table->rows.size(), 4u);
    int peakColumn = -1;
    for (std::size_t i = 0; i < table->table->columns.size(); ++i)
        if (table->table->columns[i].name == "flood.peak_depth") peakColumn = static_cast<int>(i);
    ASSERT_GE(peakColumn, 0);
    for (std::size_t r = 0; r < 4; ++r) {
        const core::RunFolder mf = core::readRunDirectory(layout.memberDir(e.members[r].name), {false});
        double peak = NAN;
        for (const core::WrittenOutput& w : mf.record.simulators[0].outputs)
            if (w.decl.id == "peak_depth") peak = w.value;
        EXPECT_NEAR(core::toNumber(table->table->rows[r][static_cast<std::size_t>(peakColumn)]), peak,
                    1e-9 * std::max(1.0, peak));
        EXPECT_EQ(core::toText(table->table->rows[r][0]), e.members[r].name);
        EXPECT_EQ(core::toNumber(table->table->rows[r][3]), std::stod(e.members[r].sets[0].second))
            << "intensity column";
    }

    // "Exceeds" is strictly above: a threshold equal to a member's value in a cell does not count it there.
    std::size_t probe = 0;
    while (!(depth[0].data()[probe] > 0.0f))
        ++probe;
    const double at = depth[0].data()[probe];
    c.overwrite = true;
    c.extra.exceedance = {{"flood.max_depth", at}};
    core::collectEnsemble(e, c);
    const core::RunFolder again = core::readRunDirectory(report.dir);
    const core::OutputData* pAt = nullptr;
    for (const core::OutputData& out : again.runs[0].outputs)
        if (out.decl.id.rfind("flood_max_depth_exceeds_", 0) == 0 && out.decl.id != "flood_max_depth_exceeds_0_02" &&
            out.decl.id != "flood_max_depth_exceeds_0_005")
            pAt = &out;
    ASSERT_TRUE(pAt && pAt->raster);
    int above = 0, valued = 0;
    for (const core::Raster& d : depth)
        if (!std::isnan(d.data()[probe])) ++valued, above += d.data()[probe] > at;
    EXPECT_FLOAT_EQ(pAt->raster->data()[probe], static_cast<float>(above) / valued);
    c.extra.exceedance.clear();

    // A member missing: refused, listing it; with allowMissing collected without it.
    fs::remove_all(layout.memberDir(e.members[2].name));
    c.overwrite = true;
    expectError([&] { core::collectEnsemble(e, c); }, core::ErrorCode::Data,
                {"1 of 4 members are not complete", e.members[2].name});
    c.allowMissing = true;
    const core::CollectReport partialReport = core::collectEnsemble(e, c);
    EXPECT_EQ(partialReport.complete, 3);
    EXPECT_EQ(partialReport.missing.size(), 1u);
    // Every raster output by default, including one without a valid cell in some member (time of inundation
    // where nothing reached the inundation depth).
    c.extra.rasters = {"flood.time_of_inundation", "flood.final_depth"};
    const core::CollectReport all = core::collectEnsemble(e, c);
    EXPECT_EQ(all.rasters.size(), 3u);
    // An output that is not a raster cannot be summarised per cell.
    c.extra.rasters = {"flood.peak_depth"};
    expectError([&] { core::collectEnsemble(e, c); }, core::ErrorCode::Data,
                {"no raster output flood.peak_depth", "scalar"});
}

TEST_F(EnsembleTest, MembersOnDifferentGridsAreNotSummarisedPerCell) {
    core::Raster small(10, 10, {380000.0, 6350100.0, 5.0, 5.0}, core::Crs::fromEpsg(32756), 12.0f);
    core::writeRaster(small, path("dem_small.tif"));
    const core::Ensemble e = load(R"({"citytwin_ensemble": 1, "base": "scenario.json",
      "axes": [{"name": "dem", "dataset": "terrain", "values": ["dem.tif", "dem_small.tif"]}]})");
    core::EnsembleRunOptions o;
    o.out = path("out");
    o.threads = 1;
    for (const core::MemberOutcome& m : runAll(e, o))
        ASSERT_EQ(m.status, core::MemberOutcome::Status::Completed) << m.message;
    core::CollectOptions c;
    c.out = o.out;
    expectError([&] { core::collectEnsemble(e, c); }, core::ErrorCode::Data,
                {"dem-dem_small", "another grid"});
}

TEST_F(EnsembleTest, SlurmScriptsCallTheSameCommandPerTask) {
    const core::Ensemble e = load(grid2x2());
    core::SlurmOptions so;
    so.cli = "/opt/citytwin/bin/citytwin-cli";
    so.ensembleFile = e.file;
    so.out = path("out dir");
    so.tasks = 3;
    so.maxParallel = 2;
    so.cpusPerTask = 4;
    so.time = "00:30:00";
    const std::string script = core::slurmArrayScript(e, so);
    EXPECT_NE(script.find("#SBATCH --array=0-2%2\n"), std::string::npos) << script;
    EXPECT_NE(script.find("#SBATCH --cpus-per-task=4\n"), std::string::npos);
    EXPECT_NE(script.find("#SBATCH --time=00:30:00\n"), std::string::npos);
    EXPECT_NE(script.find("exec '/opt/citytwin/bin/citytwin-cli' ensemble run '" + e.file + "' --out '" +
                          path("out dir") + "' --task \"${SLURM_ARRAY_TASK_ID}\" --tasks 3"),
              std::string::npos)
        << script;
    // Tasks share the members without overlap.
    std::set<int> seen;
    for (int t = 0; t < 3; ++t)
        for (int i : core::taskShare(e, t, 3))
            EXPECT_TRUE(seen.insert(i).second) << i;
    EXPECT_EQ(seen.size(), e.members.size());
    const std::string collect = core::slurmCollectScript(e, so);
    EXPECT_NE(collect.find("ensemble collect '" + e.file + "'"), std::string::npos) << collect;
}

}  // namespace
}  // namespace citytwin::test

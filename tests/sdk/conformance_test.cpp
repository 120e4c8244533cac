// The conformance suite: every simulator plug-in found (the built-in ones, the SDK's test plug-in and the
// out-of-tree example, built here too) must pass the checks of conformance.h. Each simulator runs on the
// configuration of its case marked "conformance": true (tests/cases/<sim>/), else on the Merewether demo with its
// defaults. A deliberately broken plug-in shows that the cancel check can fail.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>

#include "case_file.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "conformance.h"
#include "test_util.h"

namespace {

using namespace citytwin;

/// One simulator and the model and parameters it is checked with.
struct Subject {
    std::string id;
    std::string module;
    std::string scenario;
    std::vector<std::string> sets;
};

// Shown by gtest for a failing parameterised test instead of the bytes of the struct.
void PrintTo(const Subject& s, std::ostream* os) { *os << s.id << " (" << s.module << ")"; }

std::vector<std::string> pluginDirs() {
    return {CITYTWIN_PLUGIN_BUILD_DIR, TEST_PLUGIN_GOOD_DIR, TEST_PLUGIN_EXAMPLE_DIR};
}

std::vector<Subject> subjects() {
    std::vector<Subject> out;
    core::PluginRegistry r;
    for (const std::string& d : pluginDirs())
        r.loadDirectory(d, false);
    for (const auto& s : r.simulators()) {
        Subject sub{s->id(), s->file(), test::projectData("merewether/scenario.json"), {}};
        for (const std::string& f : test::caseFiles(std::string(CITYTWIN_SOURCE_DIR) + "/tests/cases/" + s->id())) {
            const test::CaseFile c = test::readCase(f);
            if (!c.conformance) continue;
            sub.scenario = c.scenario;
            sub.sets = c.sets;
            break;
        }
        out.push_back(sub);
    }
    return out;
}

/// Loads the plug-ins once, builds each scenario's model once.
struct Fixture {
    core::PluginRegistry registry;
    std::map<std::string, std::shared_ptr<core::CityModel>> models;
    Fixture() {
        for (const std::string& d : pluginDirs())
            registry.loadDirectory(d, false);
    }
    const core::CityModel& model(const std::string& scenario) {
        auto& m = models[scenario];
        if (!m) m = std::make_shared<core::CityModel>(core::buildCityModel(core::loadScenario(scenario)));
        return *m;
    }
    sdk::ParameterSet params(const Subject& s) {
        const core::Scenario sc = core::loadScenario(s.scenario);
        const core::LoadedSimulator& sim = *registry.find(s.id);
        std::vector<std::pair<std::string, std::string>> overrides;
        for (const std::string& set : s.sets) {
            const auto dot = set.find('.'), eq = set.find('=');
            if (set.substr(0, dot) == s.id) overrides.emplace_back(set.substr(dot + 1, eq - dot - 1), set.substr(eq + 1));
        }
        const auto block = sc.simulators.find(s.id);
        std::vector<sdk::Problem> problems;
        sdk::ParameterSet p = core::resolveParameters(sim.description(), block == sc.simulators.end() ? "" : block->second,
                                                      overrides, problems);
        for (const sdk::Problem& pr : problems)
            ADD_FAILURE() << s.id << "." << pr.parameter << ": " << pr.message;
        return p;
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

std::string show(const std::vector<test::Violation>& v) {
    std::string s;
    for (const test::Violation& x : v)
        s += "  [" + x.check + "] " + x.message + "\n";
    return s;
}

class Conformance : public ::testing::TestWithParam<Subject> {};

TEST_P(Conformance, DeclarationsAreSaneAndDescribeIsStable) {
    const core::LoadedSimulator* sim = fixture().registry.find(GetParam().id);
    ASSERT_NE(sim, nullptr);
    const auto v = test::checkDeclarations(*sim);
    EXPECT_TRUE(v.empty()) << GetParam().module << ":\n" << show(v);
}

TEST_P(Conformance, ValidateNeverThrows) {
    const Subject& s = GetParam();
    const auto v = test::checkValidateNeverThrows(*fixture().registry.find(s.id), fixture().model(s.scenario),
                                                  fixture().params(s));
    EXPECT_TRUE(v.empty()) << s.module << ":\n" << show(v);
}

TEST_P(Conformance, CancelIsHonouredAndReportedBySimulator) {
    const Subject& s = GetParam();
    const auto v = test::checkCancel(*fixture().registry.find(s.id), fixture().model(s.scenario), fixture().params(s));
    EXPECT_TRUE(v.empty()) << s.module << ":\n" << show(v);
}

TEST_P(Conformance, OutputsMatchDeclarationsAndRunsAreDeterministic) {
    const Subject& s = GetParam();
    const auto v = test::checkOutputsAndDeterminism(*fixture().registry.find(s.id), fixture().model(s.scenario),
                                                    fixture().params(s));
    EXPECT_TRUE(v.empty()) << s.module << ":\n" << show(v);
}

INSTANTIATE_TEST_SUITE_P(EveryPlugin, Conformance, ::testing::ValuesIn(subjects()),
                         [](const ::testing::TestParamInfo<Subject>& i) { return i.param.id; });

TEST(ConformanceSuite, CoversTheBuiltInSimulatorsAndTheExample) {
    std::vector<std::string> ids;
    for (const Subject& s : subjects())
        ids.push_back(s.id);
    std::vector<std::string> wanted = {"sdk_test", "building_volume"};
    // The simulators built in this tree (comma-separated by CMake), whatever they are.
    const std::string builtin = CITYTWIN_BUILTIN_SIMULATORS;
    for (std::size_t a = 0, b; (b = builtin.find(',', a)) != std::string::npos; a = b + 1)
        wanted.push_back(builtin.substr(a, b - a));
    EXPECT_GE(wanted.size(), 4u) << "flood and traffic are always built: " << builtin;
    for (const std::string& want : wanted)
        EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want << " is not checked";
}

TEST(ConformanceSuite, APluginThatIgnoresCancelFailsTheCancelCheck) {
    // The check above is only worth something if it can fail: this plug-in is well declared but never looks at
    // the cancel flag (tests/sdk/modules/ignores_cancel.cpp).
    core::PluginRegistry r;
    r.loadDirectory(TEST_PLUGIN_BROKEN_DIR, true);
    const core::LoadedSimulator* sim = r.find("ignores_cancel");
    ASSERT_NE(sim, nullptr);
    EXPECT_TRUE(test::checkDeclarations(*sim).empty());
    std::vector<sdk::Problem> problems;
    const sdk::ParameterSet p = core::resolveParameters(sim->description(), "", {{"seconds", "1"}}, problems);
    const auto v = test::checkCancel(*sim, fixture().model(test::projectData("merewether/scenario.json")), p);
    ASSERT_EQ(v.size(), 2u) << show(v);
    EXPECT_NE(v[0].message.find("ran to completion"), std::string::npos) << v[0].message;
    EXPECT_NE(v[1].message.find("ran to completion"), std::string::npos) << v[1].message;
}

}  // namespace

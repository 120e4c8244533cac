// citytwin-cli info: load data into a city model and describe it.

#include <cstdlib>
#include <iostream>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/model_summary.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"
#include "commands.h"

namespace citytwin::cli {

namespace {
double parsePositive(const std::string& flag, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0.0))
        usageError(flag + " expects a positive number, got '" + text + "'");
    return v;
}
}  // namespace

int cmdInfo(const Args& args) {
    std::string input, crs;
    double resolution = 0.0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--crs")
            crs = optionValue(args, i);
        else if (a == "--resolution")
            resolution = parsePositive(a, optionValue(args, i));
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for info");
        else if (input.empty())
            input = a;
        else
            usageError("info takes one input, got '" + input + "' and '" + a + "'");
    }
    if (input.empty()) usageError("info needs a scenario or data file");

    core::Scenario scenario =
        core::looksLikeScenario(input) ? core::loadScenario(input) : core::scenarioForDataFile(input);
    if (!crs.empty()) scenario.crs = crs;
    if (resolution > 0.0) scenario.resolution = resolution;
    const core::CityModel model = core::buildCityModel(scenario);
    std::cout << core::formatModelReport(model);
    if (scenario.simulators.empty() && scenario.runOrder.empty()) return 0;

    // The simulators block, checked exactly as `run` checks it (the run service's plan and model checks): a
    // scenario that info calls fine must not be refused by run.
    core::PluginRegistry registry;
    registry.loadDefault();
    const core::RunService service(registry);
    const core::RunPlan plan = service.plan(scenario, {});
    std::vector<core::Problem> problems = plan.problems;
    if (problems.empty()) problems = service.check(plan, model);
    std::cout << "Simulators:  ";
    for (std::size_t i = 0; i < plan.steps.size(); ++i)
        std::cout << (i ? " -> " : "") << plan.steps[i].simulator->id();
    std::cout << "\n";
    if (problems.empty()) {
        std::cout << "             parameters valid for this model\n";
        return 0;
    }
    std::cout << "             " << problems.size() << (problems.size() == 1 ? " problem" : " problems")
              << " (run would refuse this scenario):\n"
              << core::formatProblems(problems);
    return core::exitCode(core::ErrorCode::Validation);
}

}  // namespace citytwin::cli

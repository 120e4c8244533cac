// citytwin-cli info: load data into a city model and describe it.

#include <cstdlib>
#include <iostream>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/model_summary.h"
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
    return 0;
}

}  // namespace citytwin::cli

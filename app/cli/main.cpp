// citytwin-cli: the command-line tool of CityTwin. Exit codes are documented in docs/cli.md.

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/model_summary.h"
#include "citytwin/core/scenario.h"

namespace ct = citytwin::core;

namespace {

const char* kUsage =
    "usage: citytwin-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  info <scenario.json | data file> [--crs CRS] [--resolution M]\n"
    "        load the data into a city model and describe it: CRS, extent, terrain, buildings with height\n"
    "        statistics and how each height was obtained, road length by class, and every import warning.\n"
    "        --crs         project CRS to use instead of the one in the scenario or chosen from the data\n"
    "        --resolution  terrain cell size in metres instead of the scenario's or the native one\n"
    "  version    print the version\n"
    "  help       print this text\n"
    "\n"
    "exit codes: 0 success, 1 internal error, 2 usage, 3 file not found, 4 unreadable or corrupt file,\n"
    "            5 coordinate reference system, 6 scenario file, 7 unusable data, 130 cancelled\n";

[[noreturn]] void usageError(const std::string& what) {
    throw ct::Error(ct::ErrorCode::Usage, what + " (see 'citytwin-cli help')");
}

double parsePositive(const std::string& flag, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v > 0.0))
        usageError(flag + " expects a positive number, got '" + text + "'");
    return v;
}

int cmdInfo(const std::vector<std::string>& args) {
    std::string input, crs;
    double resolution = 0.0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) usageError(a + " needs a value");
            return args[++i];
        };
        if (a == "--crs")
            crs = value();
        else if (a == "--resolution")
            resolution = parsePositive(a, value());
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for info");
        else if (input.empty())
            input = a;
        else
            usageError("info takes one input, got '" + input + "' and '" + a + "'");
    }
    if (input.empty()) usageError("info needs a scenario or data file");

    ct::Scenario scenario =
        ct::looksLikeScenario(input) ? ct::loadScenario(input) : ct::scenarioForDataFile(input);
    if (!crs.empty()) scenario.crs = crs;
    if (resolution > 0.0) scenario.resolution = resolution;
    const ct::CityModel model = ct::buildCityModel(scenario);
    std::cout << ct::formatModelReport(model);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.empty()) {
            std::cerr << kUsage;
            return ct::exitCode(ct::ErrorCode::Usage);
        }
        const std::string cmd = args.front();
        args.erase(args.begin());
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (cmd == "version" || cmd == "--version") {
            std::cout << "citytwin-cli " << CITYTWIN_VERSION << "\n";
            return 0;
        }
        if (cmd == "info") return cmdInfo(args);
        usageError("unknown command '" + cmd + "'");
    } catch (const ct::Error& e) {
        std::cerr << "citytwin-cli: " << (e.code() == ct::ErrorCode::Cancelled ? "" : "error: ") << e.what()
                  << "\n";
        return ct::exitCode(e.code());
    } catch (const std::exception& e) {
        std::cerr << "citytwin-cli: internal error: " << e.what() << "\n";
        return ct::exitCode(ct::ErrorCode::Internal);
    }
}

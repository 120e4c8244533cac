// citytwin-cli sims / describe: the simulators found and their declarations.

#include <iostream>
#include <nlohmann/json.hpp>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/simulator_host.h"
#include "commands.h"

namespace citytwin::cli {

int cmdSims(const Args& args) {
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--json")
            json = true;
        else
            usageError("unknown option '" + a + "' for sims");
    }
    core::PluginRegistry registry;
    registry.loadDefault();
    if (json) {
        nlohmann::ordered_json out;
        out["search_path"] = core::PluginRegistry::defaultSearchPath();
        out["simulators"] = nlohmann::ordered_json::array();
        for (const auto& s : registry.simulators()) {
            const sdk::SimulatorInfo& i = s->description().info;
            out["simulators"].push_back({{"id", i.id},
                                         {"version", i.version},
                                         {"name", i.name},
                                         {"summary", i.summary},
                                         {"file", s->file()}});
        }
        out["refused"] = nlohmann::ordered_json::array();
        for (const core::PluginLoadFailure& f : registry.failures())
            out["refused"].push_back({{"file", f.file}, {"reason", f.message}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (registry.simulators().empty()) std::cout << "no simulators found\n";
    for (const auto& s : registry.simulators()) {
        const sdk::SimulatorInfo& i = s->description().info;
        std::cout << i.id << "  " << i.version << "  " << i.summary << "\n    " << s->file() << "\n";
    }
    for (const core::PluginLoadFailure& f : registry.failures())
        std::cerr << "citytwin-cli: warning: refused " << f.file << ": " << f.message << "\n";
    std::cout << "search path:";
    for (const std::string& d : core::PluginRegistry::defaultSearchPath())
        std::cout << " " << d;
    std::cout << "\n";
    return 0;
}

int cmdDescribe(const Args& args) {
    std::string id, format = "text";
    for (const std::string& a : args) {
        if (a == "--json")
            format = "json";
        else if (a == "--markdown")
            format = "markdown";
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for describe");
        else if (id.empty())
            id = a;
        else
            usageError("describe takes one simulator id");
    }
    if (id.empty()) usageError("describe needs a simulator id (see 'citytwin-cli sims')");
    core::PluginRegistry registry;
    registry.loadDefault();
    const core::LoadedSimulator* sim = registry.find(id);
    if (!sim) {
        std::string list;
        for (const auto& s : registry.simulators())
            list += (list.empty() ? "" : ", ") + s->id();
        throw core::Error(core::ErrorCode::Plugin,
                          "no simulator '" + id + "' (found: " + (list.empty() ? "none" : list) + ")");
    }
    if (format == "json")
        std::cout << core::describeJson(sim->description(), sim->file());
    else if (format == "markdown")
        std::cout << core::describeMarkdown(sim->description());
    else
        std::cout << core::describeText(sim->description(), sim->file());
    return 0;
}

}  // namespace citytwin::cli

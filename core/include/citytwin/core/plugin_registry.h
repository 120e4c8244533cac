#pragma once
/// @file plugin_registry.h
/// The host side of plug-ins: finding modules, loading them safely, and calling simulators through the
/// exception-free table of plugin.h. Built-in and third-party simulators load the same way.

#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/sdk/plugin.h"

namespace citytwin::core {

/// A module that could not be used, and why.
struct PluginLoadFailure {
    std::string file;
    std::string message;
};

/// A simulator from a loaded module. Calls go through the module's noexcept table; failures come back as
/// core::Error on this side. Thread-safe as the simulator is (run is const and re-entrant).
class CITYTWIN_CORE_API LoadedSimulator {
public:
    LoadedSimulator(const CityTwinPluginV1* table, void* instance, sdk::Description description,
                    std::string file);
    ~LoadedSimulator();
    LoadedSimulator(const LoadedSimulator&) = delete;
    LoadedSimulator& operator=(const LoadedSimulator&) = delete;

    const sdk::Description& description() const { return description_; }
    const std::string& id() const { return description_.info.id; }
    /// The module file it came from.
    const std::string& file() const { return file_; }

    /// Asks the module to describe itself again (the description above is the one read at load time); used to
    /// check that describe() is stable. @throws Error(Plugin) when the call fails.
    sdk::Description describeAgain() const;

    /// The simulator's own checks (after the host's declaration checks). A failing call becomes one Problem.
    std::vector<sdk::Problem> validate(const CityModel& model, const sdk::ParameterSet& params) const;

    /// The simulator's previews of these parameters (sdk::Simulator::preview). A failing call gives none and
    /// its message in `error` (when given); a module without the slot gives none.
    std::vector<sdk::Preview> preview(const sdk::ParameterSet& params, std::string* error = nullptr) const;

    enum class Outcome { Completed, Cancelled };
    /// Runs it. @throws Error with the failure class and message the simulator reported.
    Outcome run(const CityModel& model, const sdk::ParameterSet& params, sdk::RunContext& context) const;

private:
    const CityTwinPluginV1* table_;
    void* instance_;
    sdk::Description description_;
    std::string file_;
};

/// All simulators found. Modules stay loaded for the registry's lifetime.
class CITYTWIN_CORE_API PluginRegistry {
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    /// The built-in plug-in directory (next to the executable: <bin>/../<libdir>/citytwin/plugins), followed
    /// by the directories in CITYTWIN_PLUGIN_PATH (colon-separated), in that order.
    static std::vector<std::string> defaultSearchPath();

    /// Loads every "*.so" in a directory (sorted by name). A missing directory is recorded as a failure only
    /// when `mustExist`.
    void loadDirectory(const std::string& dir, bool mustExist = false);
    /// Loads one module. Never throws: a module that is not a plug-in, was built for another SDK version or
    /// standard library, fails to load (e.g. a missing symbol), throws in its entry point, or declares an id
    /// that is already taken is refused and recorded in failures(); the host keeps running with the others.
    void loadFile(const std::string& path);
    /// loadDirectory() for every entry of defaultSearchPath().
    void loadDefault();

    const std::vector<std::unique_ptr<LoadedSimulator>>& simulators() const { return simulators_; }
    /// The simulator with this id, or null.
    const LoadedSimulator* find(const std::string& id) const;
    const std::vector<PluginLoadFailure>& failures() const { return failures_; }

private:
    std::vector<std::unique_ptr<LoadedSimulator>> simulators_;
    std::vector<PluginLoadFailure> failures_;
    std::vector<void*> handles_;
};

}  // namespace citytwin::core

#pragma once
/// @file run_service.h
/// The one way to run simulators. It resolves a scenario's simulator blocks and overrides, checks everything
/// (every problem at once), loads the city model, runs one or several simulators in order (an earlier one's
/// outputs becoming layers "<sim>.<output>" for the next), reports progress, honours cancel and writes the
/// run folder (run_directory.h) or keeps the results in memory. The CLI, the viewer's worker process and the
/// tests are thin callers of it.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/error.h"
#include "citytwin/core/export.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/problem.h"
#include "citytwin/core/results.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/scenario.h"

namespace citytwin::core {

/// What a run is asked to do, as the CLI's options or the viewer's form give it.
struct RunOptions {
    std::vector<std::string> simulators;  ///< simulators to run besides the scenario's (--sim), in this order
    bool onlyListed = false;              ///< run only `simulators` (--only), not the scenario's "run" list
    std::vector<std::string> sets;        ///< overrides "SIM.PARAM=VALUE" as typed (--set)
    std::string setsWhere = "in --set";   ///< how problems say where an override came from ("in the form")
    std::vector<std::string> withResults;  ///< earlier run folders whose outputs become layers (--with-results)
    int threads = 0;                      ///< threads a simulator may use; 0 = every core
    std::string outDir;                   ///< the run folder to write; "" = keep the results in memory only
    bool overwrite = false;               ///< replace an existing run folder (never anything else)
    bool keepResults = false;             ///< keep every output in memory too (RunReport::results)
    std::vector<std::string> command;     ///< the command line, recorded in the manifest
};

/// One simulator of a plan, with its checked parameters.
struct PlannedStep {
    const LoadedSimulator* simulator = nullptr;
    sdk::ParameterSet params;
    /// Layer parameters fed by an earlier step or a --with-results folder: parameter id -> "<sim>.<output>".
    std::vector<std::pair<std::string, std::string>> coupledInputs;
};

/// Which simulators run, in which order, with which parameters.
struct RunPlan {
    std::vector<PlannedStep> steps;
    std::vector<RunFolder> withResults;  ///< the earlier run folders, read
    std::vector<Problem> problems;       ///< everything wrong; the plan runs only when empty
};

/// What a running service tells its caller. Steps are "model" (loading the city model) and the simulator ids.
/// progress() and log() may come from simulator worker threads; implementations must be thread-safe and cheap
/// (throttle what you print). cancelRequested() is polled often from any thread.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void stepStarted(const std::string& step, const std::string& title) {
        (void)step;
        (void)title;
    }
    virtual void progress(const std::string& step, double fraction, const std::string& stage) {
        (void)step;
        (void)fraction;
        (void)stage;
    }
    virtual void log(const std::string& step, sdk::LogLevel level, const std::string& message) {
        (void)step;
        (void)level;
        (void)message;
    }
    /// `outcome` is "done", "failed" or "cancelled"; `summary` one line ("loaded 60 buildings ...", "done").
    virtual void stepFinished(const std::string& step, const std::string& outcome, const std::string& summary) {
        (void)step;
        (void)outcome;
        (void)summary;
    }
    /// True stops the run: the running simulator is asked to cancel and nothing is written.
    virtual bool cancelRequested() { return false; }
};

/// How a run ended.
struct RunReport {
    enum class Status { Completed, Invalid, Cancelled, Failed };
    Status status = Status::Failed;
    std::vector<Problem> problems;         ///< Invalid: every problem found
    ErrorCode errorCode = ErrorCode::Internal;  ///< Failed / Cancelled: the failure class
    std::string message;                   ///< Failed / Cancelled: what happened, and that nothing was written
    std::string outDir;                    ///< the run folder written (Completed with RunOptions::outDir)
    std::vector<std::string> cleaned;      ///< staging folders of killed runs that were removed
    std::vector<std::string> warnings;     ///< host warnings for the user (e.g. a simulator ignored a cancel)
    RunRecord record;                      ///< the manifest (as written, or as it would be when in memory)
    std::vector<RunResults> results;       ///< every simulator's results when RunOptions::keepResults
};

/// Runs simulators from the plug-in registry. Thread-safe as the registry is; one service may run several
/// runs at once on different threads.
class CITYTWIN_CORE_API RunService {
public:
    explicit RunService(const PluginRegistry& registry);

    /// Which simulators run in which order with which parameters: unknown simulators and parameters, values
    /// of the wrong type or out of range, malformed overrides, "<sim>.<output>" layers no earlier step makes,
    /// unreadable --with-results folders. Needs no model; never throws for user errors (they are problems).
    RunPlan plan(const Scenario& scenario, const RunOptions& options) const;

    /// Checks that need the model: layer parameters (the model's layers and the coupled ones) and each
    /// simulator's own validate(). Coupled layers do not exist yet: those parameters are checked by
    /// declaration here and the simulator validates them again just before it runs.
    std::vector<Problem> check(const RunPlan& plan, const CityModel& model) const;

    /// The whole run: plan, load the city model (reported as step "model"), check, run each step, write the run
    /// folder atomically. Never throws for failures of the run: the report says what happened.
    RunReport run(const Scenario& scenario, const RunOptions& options, RunObserver& observer) const;

    /// As above with a model already built from `scenario` (it is copied only if a chain needs layers added).
    RunReport run(const Scenario& scenario, std::shared_ptr<const CityModel> model, const RunOptions& options,
                  RunObserver& observer) const;

private:
    RunReport runImpl(const Scenario& scenario, std::shared_ptr<const CityModel> model, const RunOptions& options,
                      RunObserver& observer) const;
    const PluginRegistry& registry_;
};

/// One line per problem ("  - flood.manning_n: value 2 is out of range (0 to 1)"), for messages.
CITYTWIN_CORE_API std::string formatProblems(const std::vector<Problem>& problems);

}  // namespace citytwin::core

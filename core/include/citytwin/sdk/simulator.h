#pragma once
/// @file simulator.h
/// The simulator contract: metadata, parameters and outputs as data, validate(), and a const, re-entrant
/// run() that reports whether it completed or honoured a cancel.

#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/progress.h"
#include "citytwin/sdk/outputs.h"
#include "citytwin/sdk/parameters.h"

namespace citytwin::sdk {

/// Metadata of a simulator.
struct SimulatorInfo {
    std::string id;                       ///< snake_case, stable ("flood"); scenario blocks and --set use it
    std::string name;                     ///< "Urban flood (2D local inertial)"
    std::string version;                  ///< the simulator's own version, e.g. "1.2.0"
    std::string summary;                  ///< one sentence
    std::vector<std::string> references;  ///< literature the model follows
};

/// Everything a simulator declares about itself.
struct Description {
    SimulatorInfo info;
    std::vector<ParamDecl> parameters;
    std::vector<OutputDecl> outputs;
};

enum class LogLevel { Debug, Info, Warning, Error };

/// How a run ended, as the simulator reports it. A simulator returns Cancelled only when it stopped early
/// because RunContext::isCancelled() became true; the host never infers it.
enum class Outcome { Completed, Cancelled };

/// What the host gives a running simulator: progress, cancel, log, thread count, and the sinks for results.
/// Every method is noexcept and thread-safe, so a simulator may call them from worker threads.
class RunContext {
public:
    virtual ~RunContext() = default;

    /// Progress of the whole run in [0, 1] and the current stage ("routing water"). Call at least every ~100
    /// ms; the call is cheap.
    virtual void progress(double fraction, const std::string& stage) noexcept = 0;
    /// True once the user asked to cancel. Check in the main loop, return Outcome::Cancelled promptly (cancel
    /// is not an error).
    virtual bool isCancelled() const noexcept = 0;
    virtual void log(LogLevel level, const std::string& message) noexcept = 0;
    /// Threads the simulator may use (>= 1). OpenMP loops should pass it in num_threads().
    virtual int threads() const noexcept = 0;
    /// A statistic of the run, not a result: solver steps, the time-step range, wall time, speed. Recorded in
    /// the run folder's manifest and the log. Anything that depends on timing belongs here, never in an
    /// output (outputs must be the same for the same inputs).
    virtual void statistic(const std::string& name, double value) noexcept = 0;

    /// Results. `id` must be a declared output of the matching kind, in the model's CRS. Each returns false
    /// when the host could not take the result (e.g. the disk is full): the run is then failing and should
    /// stop.
    virtual bool emitRaster(const std::string& id, const core::Raster& raster) noexcept = 0;
    /// One frame of a raster series; frames come in increasing time. The host may write it to disk at once
    /// and keep nothing: emit frames as they are computed, do not hoard them.
    virtual bool emitFrame(const std::string& id, double timeS, const core::Raster& frame) noexcept = 0;
    virtual bool emitVector(const std::string& id, const core::VectorLayer& layer) noexcept = 0;
    virtual bool emitTable(const std::string& id, const Table& table) noexcept = 0;
    virtual bool emitScalar(const std::string& id, double value) noexcept = 0;

    // Typed forms: a handle of the wrong kind does not compile.
    bool output(const RasterOutput& o, const core::Raster& r) noexcept { return emitRaster(o.id(), r); }
    bool output(const SeriesOutput& o, double timeS, const core::Raster& r) noexcept {
        return emitFrame(o.id(), timeS, r);
    }
    bool output(const VectorOutput& o, const core::VectorLayer& v) noexcept { return emitVector(o.id(), v); }
    bool output(const TableOutput& o, const Table& t) noexcept { return emitTable(o.id(), t); }
    bool output(const ScalarOutput& o, double v) noexcept { return emitScalar(o.id(), v); }

    /// This context as a core::Progress (progress + cancel), to hand scaled sub-steps to engines:
    /// `solve(ctx.asProgress().sub(0.1, 0.9, "routing water"))`.
    core::Progress asProgress() noexcept {
        return core::Progress([this](double f, const std::string& stage) { progress(f, stage); },
                              [this] { return isCancelled(); });
    }
};

/// A chart of what the parameters alone imply (a design storm's hyetograph), which the host's form draws
/// while the user edits them, before anything runs.
struct Preview {
    std::string title;  ///< "Rain"
    Table table;        ///< drawn by `style` (a time series or a profile); empty: only the title and note
    StyleHint style;    ///< Style::timeSeries(...) or Style::profile(...)
    std::string note;   ///< one or two sentences under the chart: totals, what the run will add, or why there
                        ///< is nothing to draw yet
};

/// A simulator. Implement this and expose it with CITYTWIN_PLUGIN(YourSimulator) (plugin.h).
/// The host has already checked every parameter against its declaration (type, range, choices, required,
/// series times increasing, layer names and kinds) and filled in defaults before validate() and run() are
/// called.
class Simulator {
public:
    virtual ~Simulator() = default;

    virtual Description describe() const = 0;

    /// Checks that need the city model or several parameters together. Returns every problem at once; does
    /// not throw. The default finds none.
    virtual std::vector<Problem> validate(const core::CityModel& model, const ParameterSet& params) const {
        (void)model;
        (void)params;
        return {};
    }

    /// Runs the simulation, emitting results through `context`. Const and re-entrant: several runs may
    /// proceed at once on different threads. Throws core::Error (or any std::exception) on failure. Returns
    /// Outcome::Cancelled when it stopped early because context.isCancelled() became true (the host then
    /// discards what was emitted), Outcome::Completed when every output was emitted.
    virtual Outcome run(const core::CityModel& model, const ParameterSet& params,
                        RunContext& context) const = 0;
    /// Previews of the parameters for the form, computed from the parameters alone (no city model), fast (the
    /// form calls it a few times a second while the user types), without side effects. Parameters have passed
    /// the host's declaration checks. Bad combinations belong in a preview's note, not in an exception. The
    /// default has none.
    virtual std::vector<Preview> preview(const ParameterSet& params) const {
        (void)params;
        return {};
    }
};

}  // namespace citytwin::sdk

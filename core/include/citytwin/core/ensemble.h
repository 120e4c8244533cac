#pragma once
/// @file ensemble.h
/// Scenario ensembles (docs/ensemble-format.md, docs/scale-out.md): a base scenario and the parameters or
/// datasets to vary (lists, ranges, distributions sampled with a seed) expand into named members. Each member
/// is a scenario file of its own and runs through the run service into its own run folder, exactly as
/// `citytwin-cli run` would: complete or absent, so a killed ensemble resumes by skipping the members whose
/// folders are complete. Members are handed out by a MemberQueue (in order on one process; dynamically over
/// MPI ranks in the CLI; by Slurm array task). `collectEnsemble` merges the members' manifests and scalars
/// into one table and summarises their rasters per cell (maximum, mean, probability of exceeding a threshold)
/// into a normal run folder, with every member's manifest recorded as provenance.
///
/// Layout under the ensemble's output folder OUT:
///   OUT/ensemble.json             the ensemble as expanded (members and their values), for people and tools
///   OUT/scenarios/<member>.json   each member's scenario (base + its values)
///   OUT/members/<member>/         each member's run folder (docs/results-format.md)
///   OUT/collected/                the collected run folder (default; `collect --out` may put it elsewhere)
///   OUT/slurm/                    the generated Slurm scripts and the tasks' logs
/// No MPI here: the CLI implements MemberQueue over MPI.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"

namespace citytwin::core {

/// Version of the ensemble file format ("citytwin_ensemble").
constexpr int kEnsembleFormatVersion = 1;

/// One varied quantity: a simulator parameter ("flood.rain_intensity_mm_per_h") or a dataset of the scenario
/// ("terrain", "buildings", "buildings[1]", "roads", "layers.<name>"), and its values in member order.
struct EnsembleAxis {
    std::string name;       ///< short name used in member names and the table ("intensity")
    std::string parameter;  ///< "<sim>.<param>", or empty for a dataset axis
    std::string dataset;    ///< dataset key, or empty for a parameter axis
    std::string kind;       ///< "values", "range" or "sample": how the file gave them
    std::vector<std::string>
        values;  ///< parameter axes: JSON text of each value; dataset axes: resolved paths
    std::vector<std::string> labels;  ///< one short, file-name-safe label per value (member names)
};

/// One member: its name and the value of every axis.
struct EnsembleMember {
    int index = 0;        ///< position in the ensemble (0-based), stable for a given file
    std::string name;     ///< unique, file-name safe
    std::vector<int> at;  ///< per axis, the index of its value
    /// Every parameter the member sets: the ensemble's fixed "set" then its axes, as "<sim>.<param>" and
    /// JSON.
    std::vector<std::pair<std::string, std::string>> sets;
    /// Every dataset the member replaces: key and resolved file.
    std::vector<std::pair<std::string, std::string>> datasets;
};

/// What `collect` summarises (the file's "collect" block; the command line may add to it).
struct EnsembleCollectSpec {
    /// Raster outputs ("<sim>.<output>") summarised per cell; empty: every raster output of the members.
    std::vector<std::string> rasters;
    /// Thresholds for the exceedance probability: output and value in the output's unit. Several per output
    /// are allowed.
    std::vector<std::pair<std::string, double>> exceedance;
};

/// A parsed and expanded ensemble file.
struct CITYTWIN_CORE_API Ensemble {
    std::string file;     ///< the ensemble file ("" when parsed from text)
    std::string baseDir;  ///< folder relative paths are resolved against
    std::string name;
    std::string description;
    std::string baseFile;                                        ///< the base scenario (resolved path)
    Scenario base;                                               ///< the base scenario, loaded
    std::vector<std::pair<std::string, std::string>> fixedSets;  ///< "set": applied to every member
    std::vector<EnsembleAxis> axes;
    std::string combine = "product";  ///< "product" (every combination) or "zip" (value k of every axis)
    std::string nameTemplate;         ///< "member_name" as written ("" = the default)
    std::vector<EnsembleMember> members;
    EnsembleCollectSpec collect;

    /// The member with this name, or null.
    const EnsembleMember* find(const std::string& memberName) const;
};

/// Reads, checks and expands an ensemble file; loads its base scenario.
/// @throws Error(ErrorCode::FileNotFound) for the file, the base scenario or a dataset value;
///         Error(ErrorCode::Scenario) naming the file, the key ("axes[1].range.step") and the bad value;
///         errors of loadScenario() for the base scenario.
CITYTWIN_CORE_API Ensemble loadEnsemble(const std::string& path);

/// As loadEnsemble, from text; `fileName` is used in messages, `baseDir` to resolve paths.
CITYTWIN_CORE_API Ensemble parseEnsemble(const std::string& text, const std::string& baseDir,
                                         const std::string& fileName = "<ensemble>");

/// The expanded ensemble as JSON (name, base, axes with their values, members with their values), as
/// written to OUT/ensemble.json and printed by `ensemble plan --json`.
CITYTWIN_CORE_API std::string ensembleToJson(const Ensemble& ensemble);

/// Where the members of an ensemble are written (see the file comment).
struct CITYTWIN_CORE_API EnsembleLayout {
    std::string root;  ///< OUT, absolute
    explicit EnsembleLayout(const std::string& out);
    std::string memberDir(const std::string& member) const;     ///< OUT/members/<member>
    std::string scenarioFile(const std::string& member) const;  ///< OUT/scenarios/<member>.json
    std::string collectedDir() const;                           ///< OUT/collected
    std::string slurmDir() const;                               ///< OUT/slurm
};

/// The member's scenario: the base with the member's datasets replaced and its parameters written into the
/// simulators' blocks (a block is added for a simulator the base does not name). Its `file` is
/// layout.scenarioFile(member) (not written here).
/// @throws Error(ErrorCode::Scenario) naming the member and key when a value does not fit (a dataset key the
///         base has no entry for, a simulator the base's "run" list leaves out).
CITYTWIN_CORE_API Scenario memberScenario(const Ensemble& ensemble, const EnsembleMember& member,
                                          const EnsembleLayout& layout);

/// The state of a member's run folder.
enum class MemberState {
    Missing,  ///< no folder (staging folders of a killed run may be beside it: they are removed when it runs)
    Complete,  ///< a completed run of exactly this member's scenario (checked by the manifest's sha256)
    Stale,     ///< a completed run of another scenario: the ensemble (or its base) changed since
    Foreign,   ///< something that is not a CityTwin run folder is in the way
};
CITYTWIN_CORE_API const char* toString(MemberState state);

/// Looks at a member's folder (reads only the manifest). `detail` receives a sentence for messages.
CITYTWIN_CORE_API MemberState memberState(const Ensemble& ensemble, const EnsembleMember& member,
                                          const EnsembleLayout& layout, std::string* detail = nullptr);

/// Hands out member indices to the workers of an ensemble run. Implementations: in order on one process
/// (SequentialQueue), dynamically among MPI ranks (the CLI), a fixed share per Slurm array task (TaskQueue).
/// next() may be called from one thread per queue; it blocks until it has an answer.
class MemberQueue {
public:
    virtual ~MemberQueue() = default;
    /// The next member index to run, or nothing when all are handed out.
    virtual std::optional<int> next() = 0;
};

/// The given member indices in order.
class CITYTWIN_CORE_API SequentialQueue : public MemberQueue {
public:
    explicit SequentialQueue(std::vector<int> indices) : indices_(std::move(indices)) {}
    std::optional<int> next() override;

private:
    std::vector<int> indices_;
    std::size_t pos_ = 0;
};

/// Slurm array task `task` of `tasks`: the members whose index modulo `tasks` is `task`, in order.
CITYTWIN_CORE_API std::vector<int> taskShare(const Ensemble& ensemble, int task, int tasks);

/// How an ensemble runs.
struct EnsembleRunOptions {
    std::string out;         ///< OUT
    int threads = 0;         ///< per member (RunOptions::threads)
    bool overwrite = false;  ///< rerun Stale members (replacing their folders); without it they fail
    std::vector<std::string> command;  ///< recorded in each member's manifest (the ensemble command line)
    std::string worker;                ///< who runs ("rank 1 of 2", "task 3"), for logs
};

/// How one member went.
struct MemberOutcome {
    int index = 0;
    std::string name;
    enum class Status { Skipped, Completed, Invalid, Failed, Cancelled } status = Status::Failed;
    std::string message;  ///< Skipped: why; Invalid/Failed/Cancelled: what happened
    double seconds = 0.0;
    std::string worker;
};
CITYTWIN_CORE_API const char* toString(MemberOutcome::Status status);

/// What an ensemble run tells its caller (thread-safe implementations; one call per event).
class EnsembleObserver {
public:
    virtual ~EnsembleObserver() = default;
    virtual void memberStarted(const EnsembleMember& member) { (void)member; }
    virtual void memberFinished(const MemberOutcome& outcome) { (void)outcome; }
    /// Polled between members and (through the run service) while one runs: true stops the run.
    virtual bool cancelRequested() { return false; }
};

/// Writes OUT/ensemble.json and the member scenario files (each only when its content changed, atomically).
/// Called once before members run (by one process: rank 0, or each Slurm task before its members).
/// @throws Error(ErrorCode::Output).
CITYTWIN_CORE_API void prepareEnsembleFolder(const Ensemble& ensemble, const EnsembleLayout& layout);

/// Runs the member with this index through `service` into its own run folder, unless it is Complete
/// (Skipped). A Stale member is rerun with options.overwrite, else Failed with a message saying so. Never
/// throws for a member's failure (the outcome says it).
CITYTWIN_CORE_API MemberOutcome runMember(const RunService& service, const Ensemble& ensemble, int index,
                                          const EnsembleRunOptions& options, EnsembleObserver& observer);

/// Runs members taken from `queue` until it is empty or a cancel is requested. Returns the outcomes in the
/// order run.
CITYTWIN_CORE_API std::vector<MemberOutcome> runMembers(const RunService& service, const Ensemble& ensemble,
                                                        MemberQueue& queue, const EnsembleRunOptions& options,
                                                        EnsembleObserver& observer);

/// Options of the generated Slurm job-array script.
struct SlurmOptions {
    std::string cli;                 ///< the citytwin-cli to call (absolute path)
    std::string ensembleFile;        ///< absolute
    std::string out;                 ///< OUT, absolute
    int tasks = 0;                   ///< array tasks; 0 = one per member
    int maxParallel = 0;             ///< %N throttle of the array; 0 = none
    int cpusPerTask = 1;             ///< --cpus-per-task, and the members' thread count
    std::string time;                ///< --time per task ("01:00:00"); "" = the partition's default
    std::string partition;           ///< --partition; "" = default
    std::string account;             ///< --account; "" = default
    std::string memory;              ///< --mem per task ("4G"); "" = default
    std::vector<std::string> extra;  ///< further "#SBATCH" lines, as "--key=value"
};

/// The job-array script: each task runs `citytwin-cli ensemble run ENSEMBLE --out OUT --task
/// $SLURM_ARRAY_TASK_ID
/// --tasks N --threads $SLURM_CPUS_PER_TASK`, so resubmitting it resumes (complete members are skipped).
CITYTWIN_CORE_API std::string slurmArrayScript(const Ensemble& ensemble, const SlurmOptions& options);
/// A one-task script that collects the ensemble (submit it with --dependency=afterany:<array job id>).
CITYTWIN_CORE_API std::string slurmCollectScript(const Ensemble& ensemble, const SlurmOptions& options);

/// How to collect.
struct CollectOptions {
    std::string out;                   ///< OUT of the run
    std::string dir;                   ///< the collected run folder; "" = OUT/collected
    bool overwrite = false;            ///< replace an earlier collected folder
    EnsembleCollectSpec extra;         ///< rasters and thresholds besides the file's
    bool allowMissing = false;         ///< collect what is complete when some members are not (else refused)
    std::vector<std::string> command;  ///< recorded in the manifest
};

/// What collect wrote.
struct CollectReport {
    std::string dir;
    int members = 0;
    int complete = 0;
    std::vector<std::string> missing;  ///< members not complete (names)
    std::vector<std::string> rasters;  ///< summarised outputs
    std::vector<std::string> files;    ///< written, relative to dir
};

/// Merges the members' manifests and scalars into the table ensemble/members.csv (one row per member: name,
/// state, each axis value, every scalar output, run time, manifest sha256) and, per summarised raster
/// output and cell, the maximum, the mean and the probability of exceeding each threshold over the complete
/// members, into a run folder (docs/results-format.md) that the viewer opens like any run: simulator
/// "ensemble", the members' manifests as "with_results". Members whose grids differ from the first's are
/// refused (naming the member).
/// @throws Error(ErrorCode::Data) when no member is complete, when members are missing (without
///         allowMissing: the message lists them), or an output to summarise is not a raster of every member;
///         Error(ErrorCode::Output) when the folder cannot be written.
CITYTWIN_CORE_API CollectReport collectEnsemble(const Ensemble& ensemble, const CollectOptions& options);

}  // namespace citytwin::core

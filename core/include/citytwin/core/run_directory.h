#pragma once
/// @file run_directory.h
/// The run folder: the one home of the results format (docs/results-format.md). Writing (per-simulator
/// outputs as GIS files, frames streamed to disk), the manifest, the folder that appears complete or not at
/// all (with what --overwrite may replace, a lock against concurrent runs, and clean-up of what killed runs
/// left), and reading it all back into the in-memory model of results.h.
///
/// Layout under a run folder: manifest.json; <sim>/<output>.tif (Cloud-Optimized GeoTIFF, CRS and NoData
/// set); <sim>/<output>/<output>_0000.tif ... plus <sim>/<output>/index.csv for raster series;
/// <sim>/<output>.gpkg for vectors; <sim>/<output>.csv for tables; <sim>/scalars.csv for all scalars.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/raster.h"
#include "citytwin/core/results.h"
#include "citytwin/sdk/simulator.h"

namespace citytwin::core {

/// Version of the run folder format, written as "citytwin_run" in the manifest. Readers accept 1 and 2.
constexpr int kRunFormatVersion = 2;

// ---- writing outputs
// ----------------------------------------------------------------------------------------

/// One output as written.
struct WrittenOutput {
    std::string simulator;
    sdk::OutputDecl decl;
    std::string path;          ///< relative to the run folder
    std::size_t frames = 0;    ///< raster series: number of frames
    double value = 0.0;        ///< scalars: the value
    std::uintmax_t bytes = 0;  ///< size of the file(s) written
    std::string omxPath;       ///< matrix tables: the OMX copy, relative to the run folder ("" if none)
};

/// Writes the results of one simulator into <runDir>/<sim>/. Checks that each result is a declared output of
/// the right kind; frames go to disk as they come (nothing is kept). Every GDAL error while writing fails the
/// write. Not thread-safe: callers serialise.
class CITYTWIN_CORE_API ResultWriter {
public:
    ResultWriter(std::string runDir, sdk::Description description);

    /// @throws Error(Simulation) for an undeclared output, a wrong kind or frames out of order; Error(Output)
    /// when writing fails.
    void raster(const std::string& id, const Raster& raster);
    void frame(const std::string& id, double timeS, const Raster& frame);
    void vector(const std::string& id, const VectorLayer& layer);
    void table(const std::string& id, const sdk::Table& table);
    void scalar(const std::string& id, double value);
    /// Writes the series indexes and scalars.csv. Call once, after the run.
    void finish();

    const std::vector<WrittenOutput>& outputs() const { return outputs_; }
    /// The declaration of an output of this simulator, checked against the kind it was emitted as.
    /// @throws Error(Simulation).
    const sdk::OutputDecl& declared(const std::string& id, sdk::OutputKind kind) const;

private:
    std::string simDir() const;

    std::string runDir_;
    sdk::Description description_;
    std::vector<WrittenOutput> outputs_;
    struct Series {
        std::vector<std::pair<double, std::string>> frames;  // time, file
        std::uintmax_t bytes = 0;
    };
    std::map<std::string, Series> series_;
    std::vector<std::pair<std::string, double>> scalars_;
};

/// Writes CSV text: a header row and rows, quoting fields that need it. Numbers with up to 10 significant
/// digits. UTF-8 without a byte-order mark.
CITYTWIN_CORE_API std::string toCsv(const sdk::Table& table);

// ---- the folder
// ---------------------------------------------------------------------------------------------

/// True when `dir` holds a CityTwin run (a manifest.json whose "citytwin_run" is a format version).
CITYTWIN_CORE_API bool isRunDirectory(const std::string& dir);

/// An output folder that appears complete or not at all. Everything is written into a staging folder beside
/// it
/// ("<dir>.partial-<pid>"), which commit() renames into place; without commit() (failure, cancel, exception)
/// the staging folder is removed and `dir` is untouched.
///
/// What it refuses (Error(Output), before anything is written):
/// - `dir` exists and is not empty, without `overwrite`;
/// - with `overwrite`, `dir` is not a CityTwin run folder (isRunDirectory), or it contains (or is) one of
///   `protectedPaths` (the run's inputs: scenario, data files, earlier run folders it reads), or the current
///   working directory;
/// - another run is writing `dir` now (a lock held for the whole run, on "<parent>/.<name>.lock").
/// Staging folders of runs that were killed ("<dir>.partial-*", "<dir>.old-*") are removed under the lock and
/// listed in cleaned().
class CITYTWIN_CORE_API OutputDirectory {
public:
    OutputDirectory(std::string dir, bool overwrite, std::vector<std::string> protectedPaths = {});
    ~OutputDirectory();
    OutputDirectory(const OutputDirectory&) = delete;
    OutputDirectory& operator=(const OutputDirectory&) = delete;

    /// Where to write now.
    const std::string& staging() const { return staging_; }
    const std::string& path() const { return dir_; }
    /// Staging folders of killed runs that were removed, for the user to be told.
    const std::vector<std::string>& cleaned() const { return cleaned_; }
    /// Puts the staging folder in place (replacing an existing run folder when overwriting).
    /// @throws Error(Output); the message says where the results are when they could not be put in place.
    void commit();
    /// Removes the staging folder now.
    void abort() noexcept;

private:
    void lock();
    void unlock() noexcept;
    std::string dir_;
    std::string staging_;
    std::string lockPath_;
    int lockFd_ = -1;
    bool overwrite_;
    bool done_ = false;
    std::vector<std::string> cleaned_;
};

// ---- the manifest
// -------------------------------------------------------------------------------------------

/// One input file of a run.
struct InputRecord {
    std::string key;  ///< scenario key ("terrain", "buildings[0]") or "with_results"
    std::string file;
    std::uintmax_t bytes = 0;
    std::string sha256;
};

/// One simulator of a run, as the manifest records it.
struct SimulatorRecord {
    sdk::SimulatorInfo info;
    std::string module;  ///< the plug-in file
    std::string moduleSha256;
    std::vector<std::pair<std::string, std::string>> parameters;     ///< id -> value as JSON text
    std::vector<std::pair<std::string, std::string>> coupledInputs;  ///< parameter -> "<sim>.<output>"
    std::string status = "completed";
    double seconds = 0.0;
    std::vector<std::string> log;                                 ///< warnings and errors
    std::vector<std::pair<std::string, std::string>> statistics;  ///< run statistics: name -> JSON value text
    std::vector<WrittenOutput> outputs;
};

/// An earlier run folder whose outputs fed this run (--with-results).
struct ChainRecord {
    std::string dir;
    std::string manifestSha256;
    std::vector<std::string> layers;  ///< "<sim>.<output>" names it provided
};

/// Everything manifest.json holds.
struct RunRecord {
    int formatVersion = kRunFormatVersion;
    std::string status = "completed";
    std::string started;   ///< ISO 8601 UTC
    std::string finished;  ///< ISO 8601 UTC
    std::vector<std::string> command;
    int threads = 1;
    std::string scenarioFile;
    std::string scenarioName;
    std::string scenarioSha256;
    std::vector<InputRecord> inputs;
    std::string modelJson = "{}";  ///< the model summary as a JSON object (CRS, extent, terrain, counts)
    std::vector<ChainRecord> chain;
    std::vector<SimulatorRecord> simulators;
    double loadModelSeconds = 0.0;
    double totalSeconds = 0.0;
};

/// Writes <dir>/manifest.json atomically. @throws Error(Output).
CITYTWIN_CORE_API void writeManifest(const std::string& dir, const RunRecord& record);

// ---- reading
// ------------------------------------------------------------------------------------------------

/// What a run folder holds: the manifest and every simulator's results.
struct RunFolder {
    std::string dir;
    RunRecord record;              ///< the manifest (outputs' declarations included)
    std::vector<RunResults> runs;  ///< one per simulator, in run order
};

struct RunReadOptions {
    bool loadData = true;  ///< false: declarations and paths only (fast; for chains and listings)
};

/// Reads a run folder written by the run service. Declarations (style, drawing, units) come from the manifest
/// itself, so no plug-in is needed to read or draw it; format 1 folders get plain draped styles.
/// @throws Error: FileNotFound (no manifest: "not a CityTwin run folder"), FileFormat (malformed manifest,
///         index or data file, naming the file).
CITYTWIN_CORE_API RunFolder readRunDirectory(const std::string& dir, const RunReadOptions& options = {});

}  // namespace citytwin::core

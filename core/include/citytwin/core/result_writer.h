#pragma once
/// @file result_writer.h
/// Writing simulator results as GIS files, and output directories that are never left half-written.
///
/// Layout under a run's directory: <sim>/<output>.tif (Cloud-Optimized GeoTIFF, CRS and NoData set),
/// <sim>/<output>/<output>_0000.tif ... plus <sim>/<output>/index.csv for raster series, <sim>/<output>.gpkg
/// for vectors, <sim>/<output>.csv for tables and <sim>/scalars.csv for all scalars.

#include <map>
#include <string>
#include <vector>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/export.h"
#include "citytwin/core/raster.h"
#include "citytwin/sdk/simulator.h"

namespace citytwin::core {

/// One output as written.
struct WrittenOutput {
    std::string simulator;
    std::string id;
    sdk::OutputKind kind = sdk::OutputKind::Raster;
    std::string unit;
    std::string path;        ///< relative to the run directory
    std::size_t frames = 0;  ///< raster series: number of frames
    double value = 0.0;      ///< scalars: the value
};

/// Writes the results of one simulator into <runDir>/<sim>/. Checks that each result is a declared output of
/// the right kind. Not thread-safe: callers serialise (the CLI's run context does).
class CITYTWIN_CORE_API ResultWriter {
public:
    ResultWriter(std::string runDir, sdk::Description description);

    /// @throws Error(Simulation) for an undeclared output or a wrong kind; Error(Output) when writing fails.
    void raster(const std::string& id, const Raster& raster);
    void frame(const std::string& id, double timeS, const Raster& frame);
    void vector(const std::string& id, const VectorLayer& layer);
    void table(const std::string& id, const sdk::Table& table);
    void scalar(const std::string& id, double value);
    /// Writes the series indexes and scalars.csv. Call once, after the run.
    void finish();

    const std::vector<WrittenOutput>& outputs() const { return outputs_; }

private:
    const sdk::OutputDecl& declared(const std::string& id, sdk::OutputKind kind) const;
    std::string simDir() const;

    std::string runDir_;
    sdk::Description description_;
    std::vector<WrittenOutput> outputs_;
    std::map<std::string, std::vector<std::pair<double, std::string>>> series_;  // id -> (time, file)
    std::vector<std::pair<std::string, double>> scalars_;
};

/// Writes CSV text: a header row and rows, quoting fields that need it. Numbers with up to 10 significant
/// digits.
CITYTWIN_CORE_API std::string toCsv(const sdk::Table& table);

/// An output directory that appears complete or not at all: everything is written into a staging directory
/// beside it ("<dir>.partial-<pid>"), which commit() renames into place. Without commit() (failure, cancel,
/// exception) the staging directory is removed and the final directory is untouched.
class CITYTWIN_CORE_API OutputDirectory {
public:
    /// @throws Error(Output) when `dir` exists and is not empty and `overwrite` is false, or when the staging
    /// directory cannot be created.
    OutputDirectory(std::string dir, bool overwrite);
    ~OutputDirectory();
    OutputDirectory(const OutputDirectory&) = delete;
    OutputDirectory& operator=(const OutputDirectory&) = delete;

    /// Where to write now.
    const std::string& staging() const { return staging_; }
    const std::string& path() const { return dir_; }
    /// Puts the staging directory in place (replacing an existing directory when overwriting).
    /// @throws Error(Output).
    void commit();
    /// Removes the staging directory now.
    void abort() noexcept;

private:
    std::string dir_;
    std::string staging_;
    bool overwrite_;
    bool done_ = false;
};

}  // namespace citytwin::core

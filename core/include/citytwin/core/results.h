#pragma once
/// @file results.h
/// Simulator results held in memory: what a run produced, as the run service keeps it, the run folder reader
/// returns it, the viewer draws it and the next simulator of a chain reads it. Plain data, no VTK or Qt.

#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/raster.h"
#include "citytwin/core/vector_layer.h"
#include "citytwin/sdk/outputs.h"

namespace citytwin::core {

/// One frame of a raster series.
struct Frame {
    double timeS = 0.0;  ///< time since the start of the run [s]
    std::shared_ptr<const Raster> raster;
};

/// One output of a run. Only the member matching decl.kind is filled. Shared, immutable data: safe to read
/// from any thread.
struct OutputData {
    std::string simulator;  ///< simulator id
    sdk::OutputDecl decl;   ///< as the simulator declared it (style hint, unit, label)
    std::shared_ptr<const Raster> raster;
    std::vector<Frame> frames;
    std::shared_ptr<const VectorLayer> vector;
    std::shared_ptr<const sdk::Table> table;
    double scalar = std::numeric_limits<double>::quiet_NaN();
    std::string path;  ///< file in the run folder, relative to it ("" when kept in memory only)
};

/// The results of one simulator run.
struct CITYTWIN_CORE_API RunResults {
    std::string simulator;         ///< simulator id
    std::string simulatorName;     ///< human name ("" when unknown)
    std::string simulatorVersion;  ///< the simulator's own version ("" when unknown)
    std::string label;             ///< "flood #2" in the viewer, the run folder's name when read from disk
    std::string runDir;            ///< the run folder it was written to or read from ("" when in memory only)
    std::vector<std::pair<std::string, std::string>> parameters;  ///< parameter id -> value as JSON text
    /// Layer parameters fed by an earlier simulator: parameter id -> "<sim>.<output>".
    std::vector<std::pair<std::string, std::string>> coupledInputs;
    std::vector<std::string> log;  ///< warnings and errors the simulator logged
    double seconds = 0.0;          ///< run time of the simulator
    std::vector<OutputData> outputs;

    /// The output with this id, or null.
    const OutputData* find(const std::string& id) const;
};

/// The model layer name under which an output feeds later simulators: "<sim>.<output>" ("flood.max_depth").
CITYTWIN_CORE_API std::string couplingLayerName(const std::string& simulator, const std::string& output);

/// True for outputs that can be drawn as layers (rasters, series, vectors not declared Hidden).
CITYTWIN_CORE_API bool isDrawable(const OutputData& output);

/// The difference B - A of two raster or raster-series outputs on the same grid, as a new output draped with
/// the diverging "rdbu" map symmetric about zero. Series are paired frame by frame when their times agree,
/// else the last frames are compared (a single raster). NaN where either is NaN.
/// @throws Error(Data) for outputs of other kinds, different kinds or different grids.
CITYTWIN_CORE_API OutputData differenceOutput(const OutputData& a, const OutputData& b, const std::string& labelA,
                                              const std::string& labelB);

}  // namespace citytwin::core

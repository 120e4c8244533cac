#pragma once
/// @file results.h
/// Simulator results held in memory (the viewer keeps a run's outputs this way) and read back from a run
/// directory written by `citytwin-cli run`; the difference of two runs. Plain C++: no VTK types.

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/raster.h"
#include "citytwin/core/vector_layer.h"
#include "citytwin/sdk/simulator.h"

namespace citytwin::core {
class PluginRegistry;
}

namespace citytwin::render {

/// One frame of a raster series.
struct Frame {
    double timeS = 0.0;  ///< time since the start of the run [s]
    std::shared_ptr<const core::Raster> raster;
};

/// One output of a run. Only the member matching decl.kind is filled. Shared, immutable data: safe to read
/// from any thread.
struct OutputData {
    std::string simulator;  ///< simulator id
    sdk::OutputDecl decl;   ///< as the simulator declared it (style hint, unit, label)
    std::shared_ptr<const core::Raster> raster;
    std::vector<Frame> frames;
    std::shared_ptr<const core::VectorLayer> vector;
    std::shared_ptr<const sdk::Table> table;
    double scalar = std::numeric_limits<double>::quiet_NaN();
};

/// The results of one simulator run.
struct RunResults {
    std::string simulator;      ///< simulator id
    std::string simulatorName;  ///< human name ("" when unknown)
    std::string label;          ///< "flood #2" in the viewer, the run directory name from disk
    std::vector<std::pair<std::string, std::string>> parameters;  ///< parameter id -> value as JSON text
    std::vector<OutputData> outputs;

    /// The output with this id, or null.
    const OutputData* find(const std::string& id) const;
};

/// Reads a run directory written by `citytwin-cli run` (manifest.json, <sim>/<output>.tif, .gpkg, raster
/// series index.csv; tables and scalars). Style hints come from the simulator's declarations when `registry`
/// knows it, else from defaultStyle().
/// @throws core::Error: FileNotFound (no manifest), FileFormat (a malformed manifest or index, unreadable
/// data,
///         naming the file).
std::vector<RunResults> readRunDirectory(const std::string& dir, const core::PluginRegistry* registry);

/// Which outputs of a run to show at first (aligned with run.outputs): the first water-like raster or series
/// and every vector layer; when there is neither, the first raster or series. Tables and scalars are never
/// layers.
std::vector<bool> defaultVisibility(const RunResults& run);

/// True for outputs that can be drawn as layers (rasters, series, vectors).
bool isDrawable(const OutputData& output);

/// A one-line data credit for images of a scenario: the copyright or "provided by" line of the ATTRIBUTION.md
/// beside the scenario file, or "" when there is none.
std::string dataAttribution(const std::string& scenarioFile);

/// A style for an output whose simulator is not loaded: "blues" for depths in m, "viridis" otherwise.
sdk::StyleHint defaultStyle(const std::string& outputId, const std::string& unit);

/// True when a raster output is best drawn as a water surface over the terrain: unit "m" and a "blues" colour
/// map or an id or label naming depth or water.
bool isWaterLike(const sdk::OutputDecl& decl);

/// The difference B - A of two raster or raster-series outputs on the same grid, as a new output styled with
/// the diverging "rdbu" map symmetric about zero. Series are paired frame by frame when their times agree,
/// else the last frames are compared (a single raster). NaN where either is NaN.
/// @throws core::Error(Data) for outputs of other kinds, different kinds or different grids.
OutputData differenceOutput(const OutputData& a, const OutputData& b, const std::string& labelA,
                            const std::string& labelB);

}  // namespace citytwin::render

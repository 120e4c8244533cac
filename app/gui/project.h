#pragma once
// Project files: what a planner's session holds — the scenario, the layer styles, the camera and the runs (as
// run folders written by core's run folder module) — in one versioned JSON file. The format is documented in
// docs/project-format.md. Plain C++ (no Qt), so that it can be tested and reused without a window.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "citytwin/render/camera.h"
#include "citytwin/render/scene.h"

namespace citytwin::gui {

/// Version of the project format written as "citytwin_project". Readers accept 1 to this.
constexpr int kProjectFormatVersion = 1;

/// A run of the project: a run folder and how the viewer shows it.
struct ProjectRun {
    std::string key;   ///< stable identity of the run in the viewer (layer ids start with it: "flood #1/...")
    std::string name;  ///< the name the user gave it ("" = the key)
    std::string folder;   ///< absolute path of the run folder (relative to the project file in the file)
    bool visible = true;  ///< its layers are shown (each layer's own style can still hide it)
};

/// Everything a project file holds. Paths are absolute in memory and relative to the project file on disk.
struct Project {
    std::string file;          ///< the project file ("" before the first save)
    std::string name;          ///< a title ("" = the scenario's name)
    std::string saved;         ///< when it was written (ISO 8601 UTC)
    std::string scenarioJson;  ///< the scenario as a JSON object text (docs/scenario-format.md), paths
                               ///< relative to the project file's folder
    std::string scenarioFile;  ///< the scenario file it was opened from, if any (absolute)
    std::optional<render::CameraState> camera;
    double verticalExaggeration = 1.0;
    std::optional<double> timeS;  ///< time shown by the time bar [s]
    std::vector<ProjectRun> runs;
    /// Layer id -> style, for every layer of the scene (model layers, added data, runs).
    std::vector<std::pair<std::string, render::LayerStyle>> styles;
    std::string panelSimulator;  ///< simulator chosen in the panel ("" = none)
    /// The panel's form values: parameter id -> value as on the command line ("900", "[[0, 0], [600, 50]]").
    std::vector<std::pair<std::string, std::string>> panelValues;
};

/// Reads and checks a project file: JSON syntax, the format version, unknown keys, types; run folders are
/// resolved against the project's folder (whether they exist is for the caller to check).
/// @throws core::Error: FileNotFound (no such file), FileFormat naming the file and the key
/// ("runs[1].folder").
Project readProject(const std::string& path);

/// The project as JSON text, paths relative to `projectFile`'s folder.
std::string projectToJson(const Project& project, const std::string& projectFile);

/// Writes a project file atomically (a temporary file renamed over the old one: a failed save leaves the
/// previous file as it was). @throws core::Error(Output).
void writeProject(const Project& project, const std::string& path);

/// The folder beside a project file where its runs are kept: "<folder>/<stem>_runs".
std::string projectRunsFolder(const std::string& projectFile);

/// Copies a run folder into `toFolder` (created when needed) unless it already lies there, and returns where
/// the run now is. The copy appears complete or not at all (copied beside, then renamed); a folder of the
/// same name that holds another run gets a "-2", "-3", ... suffix. Run folders are only ever written by
/// core's run folder module: this copies files, it does not write results. @throws core::Error(FileNotFound)
/// when `from` is not a run folder, Error(Output) when the copy fails.
std::string copyRunFolder(const std::string& from, const std::string& toFolder);

/// Current time as ISO 8601 UTC ("2025-05-01T08:30:00Z").
std::string utcNow();

}  // namespace citytwin::gui

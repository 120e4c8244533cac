#pragma once
// The viewer's main window: the 3D view in the centre, docks for layers, simulators, the inspector and the
// log, a time bar, a status bar with cursor coordinates and scale, and the File / View / Simulation menus.

#include <QFutureWatcher>
#include <QMainWindow>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/scene.h"
#include "project.h"

class QLabel;
class QUndoStack;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSlider;
class QDoubleSpinBox;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace citytwin::gui {

class AppLog;
class AttributeTableDialog;
class HelpDialog;
class LayerPanel;
class PickHighlight;
class RunList;
class TourDialog;
class SimulatorPanel;
class VtkView;

/// The viewer's main window. Owns the plug-in registry, the scene and the panels; all on the GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(AppLog* log, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts loading a scenario (the model and scene are built off the GUI thread); scenarioLoaded()
    /// follows. Problems go to a dialog naming the file and to the log.
    void openScenario(const QString& path);
    /// Adds a raster or vector file to the scene (off the GUI thread); dataAdded() follows.
    void addDataFile(const QString& path);
    /// Shows the results of a `citytwin-cli run` directory (its manifest.json and files) as run layers; needs
    /// an open scenario. Problems go to a dialog and the log. resultsAdded() follows for each simulator's
    /// run.
    void openResults(const QString& dir);
    /// Renders the current view off screen into a PNG. False with a message on failure.
    bool exportImage(const QString& path, int width, int height, QString* error);
    /// Identifies what is under a position of the 3D view (VTK display coordinates), shows it in the
    /// inspector and outlines it in the view.
    render::PickResult pickAt(const QPoint& vtkPos);

    // ---- projects (main_window_project.cpp; format: docs/project-format.md)
    /// Opens a project file: the scenario is loaded, then the runs, styles, camera and time are restored;
    /// projectOpened() follows. A bad file gets a dialog naming the file and the key; the window keeps what
    /// it had.
    void openProject(const QString& path);
    /// Saves the session as a project: the scenario, the styles, the camera, the runs (their folders copied
    /// into
    /// "<project>_runs/" beside it). Atomic. False with the reason in `error` (and a dialog) on failure.
    bool saveProject(const QString& path, QString* error = nullptr);
    /// The open project file ("" when the session has none).
    const QString& projectPath() const { return projectPath_; }
    /// Runs not yet saved in a project (quitting asks first when there are any).
    bool hasUnsavedRuns() const;
    /// The name shown for a run (its key when it has none).
    QString runName(const std::string& key) const;
    void renameRun(const std::string& key, const QString& name);
    /// Shows or hides all the layers of a run (or any layer group) together; one undoable step.
    void setGroupShown(const std::string& group, bool shown);
    /// Opens the attribute table of a vector layer; null when the layer has no attributes.
    AttributeTableDialog* openAttributeTable(const std::string& layerId);
    RunList* runList() const { return runList_; }
    QUndoStack* undoStack() const { return undo_; }
    const PickHighlight& highlight() const { return *highlight_; }
    /// Opens the help window at a page ("dock:layers", "sim:flood"; "" = the first).
    HelpDialog* showHelp(const QString& page = {});
    /// Starts the getting-started tour on the demo city.
    TourDialog* startTour();
    /// The demo scenario the tour opens (data/merewether/scenario.json of the build tree or installation).
    static QString demoScenario();
    render::Scene& scene() { return *scene_; }
    VtkView* view() const { return view_; }
    SimulatorPanel* simulatorPanel() const { return sims_; }
    LayerPanel* layerPanel() const { return layers_; }
    QTreeWidget* inspector() const { return inspector_; }
    AppLog* log() const { return log_; }
    const core::PluginRegistry& registry() const { return registry_; }
    std::shared_ptr<const core::CityModel> model() const { return model_; }
    /// The runs shown, in the order they arrived.
    const std::vector<std::shared_ptr<render::RunResults>>& runs() const { return runs_; }
    bool loading() const { return loading_; }

signals:
    void scenarioLoaded(bool ok);
    void dataAdded(bool ok);
    /// The layers of a run were added to the scene.
    void resultsAdded(const QString& runLabel);
    /// A project was opened (with its runs and styles) or failed to open.
    void projectOpened(bool ok);

public slots:
    void requestRender();

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    struct Loaded;
    void createActions();
    void createDocks();
    void applyLoaded(const QString& path, std::shared_ptr<Loaded> loaded);
    void onRunCompleted(std::shared_ptr<render::RunResults> results);
    void updateTimeBar();
    void setTimeIndex(int index);
    void updateCursor(const QPoint& vtkPos);
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void refreshLayers();
    void showError(const QString& title, const QString& text);
    void saveScenarioTo(const QString& path);
    void exportImageDialog();
    void exportAnimationDialog();
    void exportLayer(const std::string& id);
    void compareDialog();
    void saveCamera();
    void loadCamera();
    void setBusy(bool busy, const QString& what);
    void startLoading(const core::Scenario& scenario, const QString& path);
    void createProjectActions(QMenu* file, QAction* before);
    void afterRunLayersAdded(const std::string& key, const std::vector<std::string>& ids);
    void continueProjectOpen();
    void showNextProjectRun();
    void finishProjectOpen();
    void refreshRunList();
    /// Refreshes the layer tree and the run list once the event loop is back: called from the trees' own
    /// signals, which must not see their items deleted under them.
    void refreshSoon();
    void updateCoupledLayers();
    /// The scenario as the viewer holds it: the loaded one, data added in the viewer, the last run
    /// parameters.
    core::Scenario currentScenario() const;
    /// Applies a style coming from undo/redo or a project and keeps the tree, the buildings and the view in
    /// step.
    void applyStyle(const std::string& id, const render::LayerStyle& style);
    /// Result layers drawn as extruded buildings stand in for the model's buildings: when the last one shown
    /// is hidden, the model's buildings come back (and go when one is shown).
    void keepBuildingsShown(const std::string& changedId);
    void markDirty();
    void updateTitle();
    QString runKeyFor(const std::string& layerId) const;
    void showTable(const std::string& runKey);
    void setPickHighlight(const render::PickResult& pick);
    AppLog* log_;
    core::PluginRegistry registry_;
    std::unique_ptr<render::Scene> scene_;
    VtkView* view_ = nullptr;
    LayerPanel* layers_ = nullptr;
    SimulatorPanel* sims_ = nullptr;
    QTreeWidget* inspector_ = nullptr;
    QPlainTextEdit* logView_ = nullptr;
    QSlider* timeSlider_ = nullptr;
    QToolButton* playButton_ = nullptr;
    QLabel* timeLabel_ = nullptr;
    QTimer* playTimer_ = nullptr;
    QDoubleSpinBox* exaggeration_ = nullptr;
    QLabel* cursorLabel_ = nullptr;
    QLabel* scaleLabel_ = nullptr;
    QProgressBar* loadProgress_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    core::Scenario scenario_;
    QString scenarioPath_;
    std::shared_ptr<const core::CityModel> model_;
    std::vector<std::shared_ptr<render::RunResults>> runs_;
    /// The scenario file a worker runs (see SimulatorPanel::setScenarioProvider).
    QString scenarioForRun(QString& error);
    std::vector<core::DatasetSpec> addedData_;
    bool loading_ = false;
    std::optional<render::PickResult> lastPick_;
    int loadGeneration_ = 0;

    // Runs and projects
    RunList* runList_ = nullptr;
    QUndoStack* undo_ = nullptr;
    std::unique_ptr<PickHighlight> highlight_;
    QString projectPath_;
    bool scenarioFromProject_ =
        false;            ///< no scenario file stands for scenario_: the worker gets one written
    bool dirty_ = false;  ///< changes since the project was saved or opened
    bool closeConfirmed_ = false;
    bool refreshPending_ = false;
    std::map<std::string, QString> runNames_;
    std::set<std::string> savedRuns_;
    std::set<std::string> replacingLayers_;  ///< layers that stand in for the model's buildings
    std::map<std::string, std::string>
        addedLayerNames_;                    ///< layer id of added data -> its scenario layer name
    std::vector<ProjectRun> missingRuns_;    ///< runs of the project whose folders are missing
    std::optional<Project> pendingProject_;  ///< a project being opened
    std::deque<std::shared_ptr<render::RunResults>> projectQueue_;  ///< runs of a project still to show
    std::map<std::string, render::LayerStyle> pendingStyles_;
    QStringList projectProblems_;
};

}  // namespace citytwin::gui

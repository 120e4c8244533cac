#pragma once
// The viewer's main window: the 3D view in the centre, docks for layers, simulators, the inspector and the
// log, a time bar, a status bar with cursor coordinates and scale, and the File / View / Simulation menus.

#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>
#include <optional>
#include <vector>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/scene.h"

class QLabel;
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
class LayerPanel;
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
    /// Identifies what is under a position of the 3D view (VTK display coordinates) and shows it in the
    /// inspector.
    render::PickResult pickAt(const QPoint& vtkPos);

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
};

}  // namespace citytwin::gui

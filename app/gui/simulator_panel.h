#pragma once
// The simulator panel: the loaded plug-ins, a form generated from the chosen one's declarations, Run and
// Cancel, progress with stage and ETA.

#include <QElapsedTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/results.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTimer;
class QToolButton;

namespace citytwin::gui {

class AppLog;
class ChartView;
class ParamForm;
class SimulationJob;

/// An output of an earlier run that a simulator can take as a layer parameter ("flood.max_depth").
struct CoupledLayer {
    std::string name;    ///< "<sim>.<output>"
    std::string kind;    ///< "raster" or "vector"
    std::string runDir;  ///< the run folder holding it (passed to the worker as --with-results)
    std::string label;   ///< the run's name in the viewer ("flood #2")
};

/// Lists the loaded simulators, shows the generated form of the chosen one and runs it (one run at a time) in
/// a worker process, writing a run folder under the runs directory.
class SimulatorPanel : public QWidget {
    Q_OBJECT
public:
    SimulatorPanel(AppLog* log, QWidget* parent = nullptr);
    ~SimulatorPanel() override;

    /// The simulators to offer (the registry stays owned by the caller and must outlive the panel).
    void setRegistry(const core::PluginRegistry* registry);
    /// The model runs go against, and the scenario whose simulator blocks give starting values. Null: none.
    void setModel(std::shared_ptr<const core::CityModel> model, const core::Scenario* scenario);
    /// The scenario file the worker runs (written by the caller when the viewer holds unsaved additions);
    /// returns "" and sets the error text when there is none.
    void setScenarioProvider(std::function<QString(QString& error)> provider) {
        scenarioProvider_ = std::move(provider);
    }
    /// Where run folders are written (created when needed).
    void setRunsDirectory(const QString& dir) { runsDir_ = dir; }
    const QString& runsDirectory() const { return runsDir_; }
    /// Outputs of earlier runs offered to layer parameters (the latest run of each simulator).
    void setCoupledLayers(std::vector<CoupledLayer> layers);
    /// Chooses a simulator by id; false when it is not loaded.
    bool selectSimulator(const QString& id);
    QString currentSimulator() const;
    ParamForm* form() const { return form_; }
    bool running() const;
    /// Parameter values of the last successful run per simulator (id -> JSON object text), for saving.
    const std::map<std::string, std::string>& lastParameters() const { return lastParameters_; }
    /// Run labels already used (runs reopened from a project): a new run's "<sim> #n" skips them.
    void setLabelTaken(std::function<bool(const QString&)> taken) { labelTaken_ = std::move(taken); }
    /// The values the form starts from for the current simulator: its defaults overlaid with the scenario's
    /// block.
    sdk::ParameterSet scenarioValues() const;
    /// The problems of a run attempt as the dialog lists them: each once, named by the parameter's label.
    static QStringList problemLines(const std::vector<sdk::Problem>& problems, const ParamForm& form);

public slots:
    /// Back to the scenario's values for the current simulator (the defaults where its block has none).
    void resetToScenario();
    /// Back to the simulator's built-in defaults.
    void resetToDefaults();
    /// Checks the form, then starts the run (problems go to a dialog and the log).
    void run();
    void cancel();

signals:
    /// A run finished with results, on the GUI thread.
    void runCompleted(std::shared_ptr<citytwin::render::RunResults> results);
    /// A run failed (the message names the simulator and, for a crash, its plug-in).
    void runFailed(const QString& label, const QString& message);
    void runningChanged(bool running);

private:
    void rebuildForm();
    /// Redraws the simulator's preview of the form's values (sdk::Simulator::preview: e.g. a design storm's
    /// hyetograph); hidden when the simulator has none or the values are not valid yet.
    void updatePreview();
    void onFinished(int outcome, std::vector<std::shared_ptr<render::RunResults>> results,
                    const QString& message);

    AppLog* log_;
    const core::PluginRegistry* registry_ = nullptr;
    std::shared_ptr<const core::CityModel> model_;
    const core::Scenario* scenario_ = nullptr;
    QComboBox* combo_ = nullptr;
    QLabel* summary_ = nullptr;
    ParamForm* form_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* resetScenarioButton_ = nullptr;
    QPushButton* resetDefaultsButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* stage_ = nullptr;
    QWidget* previewBox_ = nullptr;
    QToolButton* previewTitle_ = nullptr;
    ChartView* previewChart_ = nullptr;
    QLabel* previewNote_ = nullptr;
    QTimer* previewTimer_ = nullptr;  ///< coalesces edits: one preview per pause in typing
    bool previewChosen_ = false;      ///< the user folded or unfolded the preview: keep their choice
    bool previewOpen_ = false;        ///< the chart was shown at the last update
    QSplitter* split_ = nullptr;      ///< form above, preview below
    SimulationJob* job_ = nullptr;
    QElapsedTimer clock_;
    /// When the progress bar and label were last redrawn [ms of clock_]: at most 4 times a second, so that a
    /// window repainting for every progress line does not take CPU from the run (the viewer's run took 130 %
    /// of the CLI's time on 2 cores, the solver itself 23.0 s against 18.0 s).
    qint64 lastProgressMs_ = -1;
    std::map<std::string, int> runCounts_;
    std::map<std::string, std::string> lastParameters_;
    std::string pendingParameters_;
    std::function<QString(QString&)> scenarioProvider_;
    std::function<bool(const QString&)> labelTaken_;
    QString runsDir_;
    std::vector<CoupledLayer> coupled_;
};

}  // namespace citytwin::gui

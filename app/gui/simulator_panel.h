#pragma once
// The simulator panel: the loaded plug-ins, a form generated from the chosen one's declarations, Run and
// Cancel, progress with stage and ETA.

#include <QElapsedTimer>
#include <QWidget>
#include <memory>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/results.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;

namespace citytwin::gui {

class AppLog;
class ParamForm;
class SimulationJob;

/// Lists the loaded simulators, shows the generated form of the chosen one and runs it (one run at a time).
class SimulatorPanel : public QWidget {
    Q_OBJECT
public:
    SimulatorPanel(AppLog* log, QWidget* parent = nullptr);
    ~SimulatorPanel() override;

    /// The simulators to offer (the registry stays owned by the caller and must outlive the panel).
    void setRegistry(const core::PluginRegistry* registry);
    /// The model runs go against, and the scenario whose simulator blocks give starting values. Null: none.
    void setModel(std::shared_ptr<const core::CityModel> model, const core::Scenario* scenario);
    /// Chooses a simulator by id; false when it is not loaded.
    bool selectSimulator(const QString& id);
    QString currentSimulator() const;
    ParamForm* form() const { return form_; }
    bool running() const;
    /// Parameter values of the last successful run per simulator (id -> JSON object text), for saving.
    const std::map<std::string, std::string>& lastParameters() const { return lastParameters_; }

public slots:
    /// Checks the form, then starts the run (problems go to a dialog and the log).
    void run();
    void cancel();

signals:
    /// A run finished with results, on the GUI thread.
    void runCompleted(std::shared_ptr<citytwin::render::RunResults> results);
    void runningChanged(bool running);

private:
    void rebuildForm();
    void onFinished(int outcome, std::shared_ptr<render::RunResults> results, const QString& message);

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
    QPushButton* resetButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* stage_ = nullptr;
    SimulationJob* job_ = nullptr;
    QElapsedTimer clock_;
    std::map<std::string, int> runCounts_;
    std::map<std::string, std::string> lastParameters_;
    std::string pendingParameters_;
};

}  // namespace citytwin::gui

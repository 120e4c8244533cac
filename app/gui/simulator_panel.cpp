// The simulator panel.

#include "simulator_panel.h"

#include <filesystem>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>
#include "dialogs.h"

#include "app_log.h"
#include "citytwin/core/simulator_host.h"
#include "param_form.h"
#include "simulation_job.h"

namespace citytwin::gui {

namespace {
QString duration(double s) {
    const int t = static_cast<int>(s + 0.5);
    return t >= 3600 ? QString("%1:%2:%3")
                           .arg(t / 3600)
                           .arg((t / 60) % 60, 2, 10, QChar('0'))
                           .arg(t % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QChar('0'));
}
}  // namespace

SimulatorPanel::SimulatorPanel(AppLog* log, QWidget* parent) : QWidget(parent), log_(log) {
    auto* v = new QVBoxLayout(this);
    combo_ = new QComboBox;
    combo_->setObjectName("simulatorCombo");
    combo_->setToolTip("Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)");
    v->addWidget(combo_);
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setStyleSheet("color: palette(mid);");
    v->addWidget(summary_);
    form_ = new ParamForm;
    scroll_ = new QScrollArea;
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setWidget(form_);
    v->addWidget(scroll_, 1);
    auto* buttons = new QHBoxLayout;
    resetButton_ = new QPushButton("Defaults");
    resetButton_->setToolTip("Reset every parameter to its declared default");
    runButton_ = new QPushButton("Run");
    runButton_->setObjectName("runButton");
    runButton_->setDefault(true);
    runButton_->setToolTip("Run the simulator on the loaded city model (F5)");
    cancelButton_ = new QPushButton("Cancel");
    cancelButton_->setObjectName("cancelButton");
    cancelButton_->setEnabled(false);
    buttons->addWidget(resetButton_);
    buttons->addStretch(1);
    buttons->addWidget(runButton_);
    buttons->addWidget(cancelButton_);
    v->addLayout(buttons);
    progress_ = new QProgressBar;
    progress_->setObjectName("runProgress");
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat("");
    v->addWidget(progress_);
    stage_ = new QLabel;
    stage_->setObjectName("runStage");
    stage_->setWordWrap(true);
    v->addWidget(stage_);

    connect(combo_, &QComboBox::currentIndexChanged, this, [this] { rebuildForm(); });
    connect(runButton_, &QPushButton::clicked, this, &SimulatorPanel::run);
    connect(cancelButton_, &QPushButton::clicked, this, &SimulatorPanel::cancel);
    connect(resetButton_, &QPushButton::clicked, form_, &ParamForm::resetToDefaults);
    setModel(nullptr, nullptr);
}

SimulatorPanel::~SimulatorPanel() {
    delete job_;  // cancels and waits
}

void SimulatorPanel::setRegistry(const core::PluginRegistry* registry) {
    registry_ = registry;
    combo_->blockSignals(true);
    combo_->clear();
    if (registry_)
        for (const auto& s : registry_->simulators())
            combo_->addItem(QString::fromStdString(s->description().info.name + "  (" + s->id() + ")"),
                            QString::fromStdString(s->id()));
    combo_->blockSignals(false);
    if (combo_->count() == 0) combo_->addItem("No simulators found");
    rebuildForm();
}

void SimulatorPanel::setModel(std::shared_ptr<const core::CityModel> model, const core::Scenario* scenario) {
    model_ = std::move(model);
    scenario_ = scenario;
    rebuildForm();
}

bool SimulatorPanel::selectSimulator(const QString& id) {
    const int i = combo_->findData(id);
    if (i < 0) return false;
    combo_->setCurrentIndex(i);
    return true;
}

QString SimulatorPanel::currentSimulator() const {
    return combo_->currentData().toString();
}

bool SimulatorPanel::running() const {
    return job_ && job_->running();
}

void SimulatorPanel::rebuildForm() {
    const core::LoadedSimulator* sim =
        registry_ ? registry_->find(currentSimulator().toStdString()) : nullptr;
    runButton_->setEnabled(sim && model_ && !running());
    resetButton_->setEnabled(sim != nullptr);
    if (!sim) {
        form_->clear();
        summary_->setText(
            registry_ && !registry_->simulators().empty() ? QString() : "No simulator plug-ins were found.");
        return;
    }
    const sdk::Description& d = sim->description();
    summary_->setText(QString::fromStdString(d.info.summary + " (version " + d.info.version + ")"));
    summary_->setToolTip(QString::fromStdString(sim->file()));
    std::string block;
    if (scenario_) {
        const auto it = scenario_->simulators.find(d.info.id);
        if (it != scenario_->simulators.end()) block = it->second;
    }
    std::vector<sdk::Problem> problems;
    // File parameters in the scenario are relative to its folder.
    const std::string scenarioDir = scenario_ && !scenario_->file.empty()
                                        ? std::filesystem::path(scenario_->file).parent_path().string()
                                        : std::string();
    const sdk::ParameterSet initial = core::resolveParameters(d, block, {}, problems, "in the form", scenarioDir);
    std::vector<std::pair<std::string, std::string>> layers;
    if (model_) {
        if (model_->hasTerrain()) layers.emplace_back("terrain", "raster");
        if (!model_->buildings.empty()) layers.emplace_back("buildings", "vector");
        if (!model_->roads.empty()) layers.emplace_back("roads", "vector");
        for (const auto& [name, r] : model_->rasters)
            layers.emplace_back(name, "raster");
        for (const auto& [name, v] : model_->vectors)
            layers.emplace_back(name, "vector");
        // Outputs of earlier runs: a simulator may feed the next one ("flood.max_depth" -> traffic), or
        // itself (a flood starting from an earlier run's final depth).
        for (const CoupledLayer& c : coupled_)
            layers.emplace_back(c.name, c.kind);
    }
    form_->build(d, initial, layers);
}

void SimulatorPanel::run() {
    try {
        if (running() || !model_ || !registry_) return;
        const core::LoadedSimulator* sim = registry_->find(currentSimulator().toStdString());
        if (!sim) return;
        std::vector<sdk::Problem> problems = form_->problems();
        const sdk::ParameterSet params =
            core::resolveParameters(sim->description(), "", form_->overrides(), problems, "in the form");
        if (!problems.empty()) {
            QStringList lines;
            for (const sdk::Problem& p : problems)
                lines << QString::fromStdString((p.parameter.empty() ? "" : p.parameter + ": ") + p.message);
            log_->add(AppLog::Level::Error, QString::fromStdString(sim->id()),
                      "not run: " + lines.join("; "));
            showMessage(this, QMessageBox::Warning, "Parameters not valid",
                        "The simulator was not run:\n\n" + lines.join("\n"));
            return;
        }
        const int n = ++runCounts_[sim->id()];
        const QString label = QString::fromStdString(sim->id()) + " #" + QString::number(n);
        nlohmann::ordered_json block = nlohmann::ordered_json::object();
        for (const auto& [id, v] : params.entries())
            if (!std::holds_alternative<std::monostate>(v))
                block[id] = nlohmann::ordered_json::parse(sdk::toJson(v));
        pendingParameters_ = block.dump();
        QString scenarioError;
        const QString scenario = scenarioProvider_ ? scenarioProvider_(scenarioError) : QString();
        if (scenario.isEmpty()) {
            showMessage(this, QMessageBox::Warning, "Cannot run",
                        scenarioError.isEmpty() ? QString("No scenario file to run.") : scenarioError);
            return;
        }
        JobRequest request;
        request.cli = QString::fromLocal8Bit(qgetenv("CITYTWIN_CLI"));
        if (request.cli.isEmpty()) request.cli = QCoreApplication::applicationDirPath() + "/citytwin-cli";
        request.scenario = scenario;
        request.simulators << QString::fromStdString(sim->id());
        for (const auto& [id, text] : form_->overrides())
            request.sets << QString::fromStdString(sim->id() + "." + id + "=" + text);
        std::string plugins = sim->file();
        for (const sdk::ParamDecl& decl : sim->description().parameters) {
            if (decl.type != sdk::ParamType::Layer || !params.has(decl.id)) continue;
            for (const CoupledLayer& c : coupled_)
                if (c.name == params.getString(decl.id) &&
                    !request.withResults.contains(QString::fromStdString(c.runDir)))
                    request.withResults << QString::fromStdString(c.runDir);
        }
        request.pluginFiles = QString::fromStdString(plugins);
        request.label = label;
        QDir().mkpath(runsDir_);
        request.outDir = QDir(runsDir_).filePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + "-" +
                                                 QString::fromStdString(sim->id()) + "-" + QString::number(n));
        delete job_;
        job_ = new SimulationJob(request, this);
        connect(job_, &SimulationJob::progressed, this, [this](double f, const QString& stage) {
            progress_->setValue(static_cast<int>(f * 1000));
            progress_->setFormat(QString::number(f * 100, 'f', 0) + " %");
            const double el = static_cast<double>(clock_.elapsed()) / 1000.0;
            QString text = stage + " — " + duration(el) + " elapsed";
            if (f > 0.02 && f < 1.0) text += ", about " + duration(el * (1.0 - f) / f) + " left";
            stage_->setText(text);
        });
        connect(job_, &SimulationJob::logged, this, [this](int level, const QString& msg) {
            log_->add(static_cast<AppLog::Level>(std::clamp(level, 0, 3)), job_ ? job_->label() : "simulator",
                      msg);
        });
        connect(job_, &SimulationJob::finished, this, &SimulatorPanel::onFinished);
        log_->add(AppLog::Level::Info, label, "started");
        clock_.start();
        progress_->setValue(0);
        progress_->setFormat("0 %");
        stage_->setText("starting");
        runButton_->setEnabled(false);
        cancelButton_->setEnabled(true);
        combo_->setEnabled(false);
        job_->start();
        emit runningChanged(true);
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", QString("could not start the run: ") + e.what());
        showMessage(this, QMessageBox::Critical, "Run failed",
                    QString("Could not start the run:\n\n") + e.what());
    }
}

void SimulatorPanel::cancel() {
    if (!running()) return;
    job_->cancel();
    stage_->setText("cancelling…");
    cancelButton_->setEnabled(false);
}

void SimulatorPanel::setCoupledLayers(std::vector<CoupledLayer> layers) {
    coupled_ = std::move(layers);
    if (!running()) rebuildForm();
}

void SimulatorPanel::onFinished(int outcome, std::vector<std::shared_ptr<render::RunResults>> results,
                                const QString& message) {
    const QString label = job_ ? job_->label() : QString();
    const QString time = duration(static_cast<double>(clock_.elapsed()) / 1000.0);
    cancelButton_->setEnabled(false);
    combo_->setEnabled(true);
    runButton_->setEnabled(model_ != nullptr);
    emit runningChanged(false);
    switch (static_cast<SimulationJob::Outcome>(outcome)) {
        case SimulationJob::Outcome::Completed:
            progress_->setValue(1000);
            progress_->setFormat("done");
            stage_->setText("done in " + time);
            log_->add(AppLog::Level::Info, label, "completed in " + time);
            for (std::shared_ptr<render::RunResults>& r : results) {
                lastParameters_[r->simulator] = pendingParameters_;
                if (results.size() == 1) r->label = label.toStdString();
                emit runCompleted(r);
            }
            break;
        case SimulationJob::Outcome::Cancelled:
            progress_->setFormat("cancelled");
            stage_->setText("cancelled after " + time);
            log_->add(AppLog::Level::Warning, label, "cancelled after " + time);
            break;
        case SimulationJob::Outcome::Failed:
            progress_->setFormat("failed");
            stage_->setText("failed");
            log_->add(AppLog::Level::Error, label, "failed: " + message);
            emit runFailed(label, message);
            showMessage(this, QMessageBox::Critical, "Simulation failed", label + " failed:\n\n" + message);
            break;
    }
}

}  // namespace citytwin::gui

// The simulator panel.

#include "simulator_panel.h"

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
#include <QSignalBlocker>
#include <QSplitter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include "dialogs.h"

#include "app_log.h"
#include "chart_dock.h"
#include "citytwin/charts/chart.h"
#include "citytwin/core/simulator_host.h"
#include "i18n.h"
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
    combo_->setToolTip(tr("Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)"));
    combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo_->setMinimumContentsLength(16);
    v->addWidget(combo_);
    summary_ = new QLabel;
    summary_->setObjectName("simulatorSummary");
    summary_->setWordWrap(true);
    summary_->setStyleSheet("color: palette(mid);");
    v->addWidget(summary_);
    form_ = new ParamForm;
    form_->setObjectName("paramForm");
    scroll_ = new QScrollArea;
    scroll_->setObjectName("formScroll");
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setWidget(form_);
    // The preview of the values (a design storm's hyetograph), redrawn after each pause in editing.
    previewBox_ = new QWidget;
    previewBox_->setObjectName("parameterPreview");
    auto* pv = new QVBoxLayout(previewBox_);
    pv->setContentsMargins(0, 0, 0, 0);
    // The title folds the preview away (a short panel then keeps its height for the form).
    previewTitle_ = new QToolButton;
    previewTitle_->setObjectName("previewTitle");
    previewTitle_->setStyleSheet("font-weight: bold;");
    previewTitle_->setCheckable(true);
    previewTitle_->setChecked(true);
    previewTitle_->setAutoRaise(true);
    previewTitle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    previewTitle_->setArrowType(Qt::DownArrow);
    previewTitle_->setToolTip(tr("Show or hide the preview of the values"));
    pv->addWidget(previewTitle_);
    // The note above the chart: when the panel is short, the chart gives way, never the text.
    previewNote_ = new QLabel;
    previewNote_->setObjectName("previewNote");
    previewNote_->setWordWrap(true);
    previewNote_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    previewNote_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    pv->addWidget(previewNote_);
    previewChart_ = new ChartView;
    previewChart_->setObjectName("previewChart");
    previewChart_->setMinimumHeight(60);
    previewChart_->setMaximumHeight(180);
    previewChart_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    pv->addWidget(previewChart_, 1);
    // Only the user toggles it (updatePreview() sets it with signals blocked): keep their choice.
    connect(previewTitle_, &QToolButton::toggled, this, [this](bool open) {
        previewChosen_ = true;
        previewTitle_->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        updatePreview();
    });
    previewBox_->hide();
    // Form above, preview below, the border between them draggable.
    auto* split = split_ = new QSplitter(Qt::Vertical);
    split->setObjectName("formPreviewSplitter");
    split->setChildrenCollapsible(false);
    split->addWidget(scroll_);
    split->addWidget(previewBox_);
    split->setStretchFactor(0, 1);  // extra height goes to the form
    split->setStretchFactor(1, 0);
    split->setSizes({100000, 1});  // the preview starts at its smallest; drag the border to enlarge it
    v->addWidget(split, 1);
    previewTimer_ = new QTimer(this);
    previewTimer_->setSingleShot(true);
    previewTimer_->setInterval(200);
    connect(previewTimer_, &QTimer::timeout, this, &SimulatorPanel::updatePreview);
    connect(form_, &ParamForm::changed, previewTimer_, qOverload<>(&QTimer::start));
    // Two rows: the resets, then Run and Cancel (one row of four buttons made the panel wider than the form).
    auto* resets = new QHBoxLayout;
    resetScenarioButton_ = new QPushButton(tr("Reset to scenario"));
    resetScenarioButton_->setObjectName("resetScenarioButton");
    resetScenarioButton_->setToolTip(tr(
        "Put back the values of the scenario's block for this simulator (the built-in defaults where it has "
        "none)"));
    resetDefaultsButton_ = new QPushButton(tr("Reset to defaults"));
    resetDefaultsButton_->setObjectName("resetDefaultsButton");
    resetDefaultsButton_->setToolTip(tr("Put back the simulator's built-in defaults, ignoring the scenario"));
    resets->addWidget(resetScenarioButton_);
    resets->addWidget(resetDefaultsButton_);
    resets->addStretch(1);
    v->addLayout(resets);
    auto* buttons = new QHBoxLayout;
    runButton_ = new QPushButton(tr("Run"));
    runButton_->setObjectName("runButton");
    runButton_->setDefault(true);
    runButton_->setToolTip(tr("Run the simulator on the loaded city model (F5)"));
    cancelButton_ = new QPushButton(tr("Cancel"));
    cancelButton_->setObjectName("cancelButton");
    cancelButton_->setEnabled(false);
    cancelButton_->setToolTip(tr("Stop the running simulator (Shift+F5); nothing of the run is kept"));
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
    progress_->setToolTip(tr("Progress of the run"));
    v->addWidget(progress_);
    stage_ = new QLabel;
    stage_->setObjectName("runStage");
    stage_->setWordWrap(true);
    v->addWidget(stage_);

    connect(combo_, &QComboBox::currentIndexChanged, this, [this] { rebuildForm(); });
    connect(runButton_, &QPushButton::clicked, this, &SimulatorPanel::run);
    connect(cancelButton_, &QPushButton::clicked, this, &SimulatorPanel::cancel);
    connect(resetScenarioButton_, &QPushButton::clicked, this, &SimulatorPanel::resetToScenario);
    connect(resetDefaultsButton_, &QPushButton::clicked, this, &SimulatorPanel::resetToDefaults);
    setModel(nullptr, nullptr);
}

sdk::ParameterSet SimulatorPanel::scenarioValues() const {
    const core::LoadedSimulator* sim =
        registry_ ? registry_->find(currentSimulator().toStdString()) : nullptr;
    if (!sim) return {};
    std::string block;
    if (scenario_) {
        const auto it = scenario_->simulators.find(sim->description().info.id);
        if (it != scenario_->simulators.end()) block = it->second;
    }
    std::vector<sdk::Problem> problems;
    return core::resolveParameters(sim->description(), block, {}, problems);
}

void SimulatorPanel::resetToScenario() {
    form_->resetTo(scenarioValues());
}

void SimulatorPanel::resetToDefaults() {
    form_->resetToDefaults();
}

QStringList SimulatorPanel::problemLines(const std::vector<sdk::Problem>& problems, const ParamForm& form) {
    // The form's own check and the resolver find the same bad text: list each problem once, by the label the
    // user sees in the form rather than the parameter's internal id.
    QStringList lines;
    for (const sdk::Problem& p : problems) {
        QString line;
        if (!p.parameter.empty()) {
            const std::string label = form.labelOf(p.parameter);
            line = QString::fromStdString(label.empty() ? p.parameter : label) + ": ";
        }
        // The resolver adds where the value came from ("in the form"): in the form's own dialog that says
        // nothing.
        QString message = QString::fromStdString(p.message);
        if (message.endsWith(" (in the form)")) message.chop(14);
        line += message;
        if (!lines.contains(line)) lines << line;
    }
    return lines;
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
    if (combo_->count() == 0) combo_->addItem(tr("No simulators found"));
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
    resetScenarioButton_->setEnabled(sim != nullptr);
    resetDefaultsButton_->setEnabled(sim != nullptr);
    if (!sim) {
        form_->clear();
        summary_->setText(registry_ && !registry_->simulators().empty()
                              ? QString()
                              : tr("No simulator plug-ins were found."));
        return;
    }
    const sdk::Description& d = sim->description();
    summary_->setText(
        tr("%1 (version %2)")
            .arg(QString::fromStdString(d.info.summary), QString::fromStdString(d.info.version)));
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
    const sdk::ParameterSet initial =
        core::resolveParameters(d, block, {}, problems, "in the form", scenarioDir);
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
    updatePreview();
}

void SimulatorPanel::updatePreview() {
    previewTimer_->stop();
    const core::LoadedSimulator* sim =
        registry_ ? registry_->find(currentSimulator().toStdString()) : nullptr;
    std::vector<sdk::Problem> problems;
    if (sim) problems = form_->problems();
    const sdk::ParameterSet params =
        sim ? core::resolveParameters(sim->description(), "", form_->overrides(), problems, "in the form")
            : sdk::ParameterSet{};
    std::string error;
    const std::vector<sdk::Preview> previews =
        sim && problems.empty() ? sim->preview(params, &error) : std::vector<sdk::Preview>{};
    if (!error.empty())
        log_->add(AppLog::Level::Warning, QString::fromStdString(sim->id()),
                  tr("preview failed: %1").arg(QString::fromStdString(error)));
    if (previews.empty()) {
        previewBox_->hide();
        previewChart_->setChart(nullptr);
        return;
    }
    const sdk::Preview& p = previews.front();
    previewTitle_->setText(
        tr("Preview: %1")
            .arg(QString::fromStdString(declaredText("preview:" + sim->id() + "." + p.title, p.title))));
    previewNote_->setText(QString::fromStdString(p.note));
    // Until the user folds or unfolds it, the chart is shown only where the panel has room for it and the
    // form.
    if (!previewChosen_) {
        const QSignalBlocker quiet(previewTitle_);
        previewTitle_->setChecked(height() >= 560);
        previewTitle_->setArrowType(previewTitle_->isChecked() ? Qt::DownArrow : Qt::RightArrow);
    }
    const bool open = previewTitle_->isChecked();
    std::vector<charts::Chart> drawn;
    if (!p.table.rows.empty()) {
        core::OutputData o;
        o.simulator = sim->id();
        o.decl.id = "preview";
        o.decl.label = p.title;
        o.decl.kind = sdk::OutputKind::Table;
        o.decl.style = p.style;
        o.table = std::make_shared<const sdk::Table>(p.table);
        try {
            drawn = charts::chartsOf(o);
        } catch (const core::Error& e) {
            previewNote_->setText(previewNote_->text() + " " + QString::fromUtf8(e.what()));
        }
    }
    if (!drawn.empty()) drawn.front().title.clear();  // the label above says what it is
    previewChart_->setChart(drawn.empty() ? nullptr : &drawn.front());
    previewChart_->setVisible(open && !drawn.empty());
    const bool wasHidden = previewBox_->isHidden();
    previewBox_->show();
    // Folded, the preview keeps only its title and note, and the form gets the rest; unfolding takes what the
    // chart needs, at most two thirds of the height (the border can still be dragged).
    // Folded: the title and the note at the box's width (a word-wrapped label's own minimum assumes a narrow
    // column, many lines high).
    const int foldedHeight = previewTitle_->sizeHint().height() + previewBox_->layout()->spacing() +
                             previewNote_->heightForWidth(std::max(120, previewBox_->width())) + 4;
    previewBox_->setMaximumHeight(open ? QWIDGETSIZE_MAX : foldedHeight);
    if (wasHidden || open != previewOpen_) {
        previewOpen_ = open;
        // After the layout has placed the box (a splitter keeps a child's old share when its size limits
        // change).
        QTimer::singleShot(0, this, [this, foldedHeight] {
            const int total = split_->height();
            const int want = previewOpen_ ? std::min(260, total * 2 / 3) : foldedHeight;
            if (total > want) split_->setSizes({total - want, want});
        });
    }
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
            const QStringList lines = problemLines(problems, *form_);
            log_->add(AppLog::Level::Error, QString::fromStdString(sim->id()),
                      tr("not run: %1").arg(lines.join("; ")));
            showMessage(this, QMessageBox::Warning, tr("Parameters not valid"),
                        tr("The simulator was not run:") + "\n\n" + lines.join("\n"));
            return;
        }
        int n = ++runCounts_[sim->id()];
        QString label = QString::fromStdString(sim->id()) + " #" + QString::number(n);
        while (labelTaken_ && labelTaken_(label)) {
            n = ++runCounts_[sim->id()];
            label = QString::fromStdString(sim->id()) + " #" + QString::number(n);
        }
        nlohmann::ordered_json block = nlohmann::ordered_json::object();
        for (const auto& [id, v] : params.entries())
            if (!std::holds_alternative<std::monostate>(v))
                block[id] = nlohmann::ordered_json::parse(sdk::toJson(v));
        pendingParameters_ = block.dump();
        QString scenarioError;
        const QString scenario = scenarioProvider_ ? scenarioProvider_(scenarioError) : QString();
        if (scenario.isEmpty()) {
            showMessage(this, QMessageBox::Warning, tr("Cannot run"),
                        scenarioError.isEmpty() ? tr("No scenario file to run.") : scenarioError);
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
        request.outDir =
            QDir(runsDir_).filePath(QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + "-" +
                                    QString::fromStdString(sim->id()) + "-" + QString::number(n));
        delete job_;
        job_ = new SimulationJob(request, this);
        lastProgressMs_ = -1;
        connect(job_, &SimulationJob::progressed, this, [this](double f, const QString& stage) {
            const qint64 now = clock_.elapsed();
            if (lastProgressMs_ >= 0 && now - lastProgressMs_ < 250 && f < 1.0) return;
            lastProgressMs_ = now;
            progress_->setValue(static_cast<int>(f * 1000));
            progress_->setFormat(QString::number(f * 100, 'f', 0) + " %");
            const double el = static_cast<double>(clock_.elapsed()) / 1000.0;
            QString text = tr("%1 — %2 elapsed").arg(stage, duration(el));
            if (f > 0.02 && f < 1.0) text += tr(", about %1 left").arg(duration(el * (1.0 - f) / f));
            stage_->setText(text);
        });
        connect(job_, &SimulationJob::logged, this, [this](int level, const QString& msg) {
            log_->add(static_cast<AppLog::Level>(std::clamp(level, 0, 3)), job_ ? job_->label() : "simulator",
                      msg);
        });
        connect(job_, &SimulationJob::finished, this, &SimulatorPanel::onFinished);
        log_->add(AppLog::Level::Info, label, tr("started"));
        clock_.start();
        progress_->setValue(0);
        progress_->setFormat("0 %");
        stage_->setText(tr("starting"));
        runButton_->setEnabled(false);
        cancelButton_->setEnabled(true);
        combo_->setEnabled(false);
        job_->start();
        emit runningChanged(true);
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer",
                  tr("could not start the run: %1").arg(QString::fromUtf8(e.what())));
        showMessage(this, QMessageBox::Critical, tr("Run failed"),
                    tr("Could not start the run:") + "\n\n" + QString::fromUtf8(e.what()));
    }
}

void SimulatorPanel::cancel() {
    if (!running()) return;
    job_->cancel();
    stage_->setText(tr("cancelling…"));
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
            progress_->setFormat(tr("done"));
            stage_->setText(tr("done in %1").arg(time));
            log_->add(AppLog::Level::Info, label, tr("completed in %1").arg(time));
            for (std::shared_ptr<render::RunResults>& r : results) {
                lastParameters_[r->simulator] = pendingParameters_;
                if (results.size() == 1) r->label = label.toStdString();
                emit runCompleted(r);
            }
            break;
        case SimulationJob::Outcome::Cancelled:
            progress_->setFormat(tr("cancelled"));
            stage_->setText(tr("cancelled after %1").arg(time));
            log_->add(AppLog::Level::Warning, label, tr("cancelled after %1").arg(time));
            break;
        case SimulationJob::Outcome::Failed:
            progress_->setFormat(tr("failed"));
            stage_->setText(tr("failed"));
            log_->add(AppLog::Level::Error, label, tr("failed: %1").arg(message));
            emit runFailed(label, message);
            showMessage(this, QMessageBox::Critical, tr("Simulation failed"),
                        tr("%1 failed:").arg(label) + "\n\n" + message);
            break;
    }
}

}  // namespace citytwin::gui

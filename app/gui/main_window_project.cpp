// The main window's runs and projects: saving and reopening projects, run names, showing a run's layers
// together, undoable styles, the buildings that result layers stand in for, attribute tables, the picked
// object's outline.

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>

#include "app_log.h"
#include "citytwin/core/error.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/render/camera.h"
#include "dialogs.h"
#include "highlight.h"
#include "inspector.h"
#include "layer_panel.h"
#include "main_window.h"
#include "param_form.h"
#include "run_list.h"
#include "settings.h"
#include "simulator_panel.h"
#include "table_view.h"
#include "undo_commands.h"
#include "vtk_view.h"

namespace citytwin::gui {

namespace fs = std::filesystem;

void MainWindow::createProjectActions(QMenu* file, QAction* before) {
    (void)before;
    file->addSeparator();
    QAction* open = file->addAction(tr("Open pro&ject…"), this, [this] {
        QSettings s;
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open project"), s.value("dirs/project").toString(),
                                         tr("CityTwin projects (*.ctproj);;All files (*)"));
        if (path.isEmpty()) return;
        s.setValue("dirs/project", QFileInfo(path).absolutePath());
        openProject(path);
    });
    open->setObjectName("openProjectAction");
    QAction* save = file->addAction(tr("Save &project"), this, [this] {
        if (!model_) return;
        QString path = projectPath_;
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(
                this, tr("Save project"),
                defaultOutputPath(
                    QString::fromStdString(model_->name.empty() ? std::string("project") : model_->name)
                        .replace(QRegularExpression("[^\\w\\-]+"), "_") +
                    ".ctproj"),
                tr("CityTwin projects (*.ctproj)"));
        if (!path.isEmpty()) saveProject(path);
    });
    save->setShortcut(QKeySequence("Ctrl+Shift+S"));
    save->setObjectName("saveProjectAction");
    QAction* saveAs = file->addAction(tr("Save project as…"), this, [this] {
        if (!model_) return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save project as"),
            projectPath_.isEmpty() ? defaultOutputPath("project.ctproj") : projectPath_,
            tr("CityTwin projects (*.ctproj)"));
        if (!path.isEmpty()) saveProject(path);
    });
    saveAs->setObjectName("saveProjectAsAction");
}

// ---- state shown
// ------------------------------------------------------------------------------------------------

void MainWindow::markDirty() {
    if (!dirty_) {
        dirty_ = true;
        updateTitle();
    }
}

void MainWindow::updateTitle() {
    QString title = model_ ? QString::fromStdString(model_->name) : QString();
    if (!projectPath_.isEmpty())
        title = QFileInfo(projectPath_).completeBaseName() + (title.isEmpty() ? "" : " — " + title);
    if (dirty_ || hasUnsavedRuns()) title += " *";
    setWindowTitle(title.isEmpty() ? QString("CityTwin") : title + " — CityTwin");
}

bool MainWindow::hasUnsavedRuns() const {
    for (const auto& r : runs_)
        if (!savedRuns_.count(r->label)) return true;
    return false;
}

QString MainWindow::runName(const std::string& key) const {
    const auto it = runNames_.find(key);
    return it != runNames_.end() && !it->second.isEmpty() ? it->second : QString::fromStdString(key);
}

QString MainWindow::runKeyFor(const std::string& layerId) const {
    const render::LayerInfo* info = scene_->layerInfo(layerId);
    if (!info) return {};
    for (const auto& r : runs_)
        if (r->label == info->group) return QString::fromStdString(r->label);
    return {};
}

void MainWindow::refreshRunList() {
    std::vector<RunRow> rows;
    const std::vector<render::LayerInfo> layers = scene_->layers();
    for (const auto& r : runs_) {
        RunRow row;
        row.key = r->label;
        row.name = runNames_.count(r->label) ? runNames_.at(r->label) : QString();
        row.simulator = QString::fromStdString(r->simulator);
        row.folder = QString::fromStdString(r->runDir);
        row.saved = savedRuns_.count(r->label) > 0;
        int shown = 0, count = 0;
        for (const render::LayerInfo& l : layers)
            if (l.group == r->label) {
                ++count;
                shown += scene_->style(l.id).visible ? 1 : 0;
            }
        row.shown = count == 0 || shown == 0 ? Qt::Unchecked
                    : shown == count         ? Qt::Checked
                                             : Qt::PartiallyChecked;
        rows.push_back(row);
    }
    runList_->setRuns(rows);
    std::map<std::string, QString> titles;
    for (const auto& [key, name] : runNames_)
        if (!name.isEmpty()) titles[key] = name;
    layers_->setGroupTitles(titles);
    updateTitle();
}

void MainWindow::refreshSoon() {
    if (refreshPending_) return;
    refreshPending_ = true;
    QTimer::singleShot(0, this, [this] {
        refreshPending_ = false;
        refreshLayers();
        refreshRunList();
    });
}

void MainWindow::renameRun(const std::string& key, const QString& name) {
    const QString n = name.trimmed();
    if (runName(key) == (n.isEmpty() ? QString::fromStdString(key) : n)) return;
    if (n.isEmpty())
        runNames_.erase(key);
    else
        runNames_[key] = n;
    // A renamed run's name is part of the project: the project changed (the run folder did not).
    markDirty();
    refreshSoon();
    log_->add(AppLog::Level::Info, "viewer",
              tr("run %1 is now called \"%2\"").arg(QString::fromStdString(key), runName(key)));
}

// ---- styles, visibility, buildings
// ----------------------------------------------------------------------------------

void MainWindow::applyStyle(const std::string& id, const render::LayerStyle& style) {
    if (!scene_->layerInfo(id)) return;
    scene_->setStyle(id, style);
    layers_->syncVisibility(id);
    keepBuildingsShown(id);
    if (layers_->currentLayer() == id) layers_->reloadEditor();
    refreshSoon();
    markDirty();
    requestRender();
}

void MainWindow::keepBuildingsShown(const std::string& changedId) {
    if (!replacingLayers_.count(changedId) || !scene_->layerInfo("buildings")) return;
    bool anyShown = false;
    for (const std::string& id : replacingLayers_)
        anyShown = anyShown || (scene_->layerInfo(id) && scene_->style(id).visible);
    render::LayerStyle b = scene_->style("buildings");
    if (b.visible == !anyShown) return;
    b.visible = !anyShown;
    scene_->setStyle("buildings", b);
    // The check box now (the next click may be on it before the tree is rebuilt).
    layers_->syncVisibility("buildings");
    refreshSoon();
}

void MainWindow::setGroupShown(const std::string& group, bool shown) {
    std::vector<std::string> ids;
    for (const render::LayerInfo& l : scene_->layers())
        if (l.group == group && scene_->style(l.id).visible != shown) ids.push_back(l.id);
    if (ids.empty()) {
        refreshSoon();
        return;
    }
    const QString name = runName(group);
    undo_->beginMacro(shown ? tr("Show %1").arg(name) : tr("Hide %1").arg(name));
    for (const std::string& id : ids) {
        const render::LayerStyle before = scene_->style(id);
        render::LayerStyle after = before;
        after.visible = shown;
        scene_->setStyle(id, after);
        layers_->syncVisibility(id);
        keepBuildingsShown(id);
        undo_->push(
            new StyleCommand([this](const std::string& l, const render::LayerStyle& s) { applyStyle(l, s); },
                             id, before, after, QString()));
    }
    undo_->endMacro();
    refreshSoon();
    markDirty();
    requestRender();
}

// ---- picking, tables
// ----------------------------------------------------------------------------------------------

void MainWindow::setPickHighlight(const render::PickResult& pick) {
    if (pick.hit)
        lastPick_ = pick;
    else
        lastPick_.reset();
    highlight_->show(*scene_, pick);
    requestRender();
}

AttributeTableDialog* MainWindow::openAttributeTable(const std::string& layerId) {
    const render::OutputData* data = layerId.empty() ? nullptr : scene_->layerData(layerId);
    const render::LayerInfo* info = layerId.empty() ? nullptr : scene_->layerInfo(layerId);
    if (!data || !info || !data->vector) {
        showError(tr("No attribute table"),
                  tr("Select a vector layer (a result or added data) in the layer tree."));
        return nullptr;
    }
    const QString group =
        runKeyFor(layerId).isEmpty() ? QString::fromStdString(info->group) : runName(info->group);
    auto* dlg = new AttributeTableDialog(QString::fromStdString(info->name) + " — " + group, layerId,
                                         new AttributeTableModel(data->vector), this);
    connect(dlg, &AttributeTableDialog::featureActivated, this, [this](const std::string& id, long feature) {
        highlight_->showFeature(*scene_, id, feature);
        render::PickResult p;
        p.hit = true;
        p.layerId = id;
        p.feature = feature;
        lastPick_ = p;
        showInspector(inspector_, inspectorContent(*scene_, p));
        requestRender();
    });
    dlg->show();
    return dlg;
}

void MainWindow::showTable(const std::string& runKey) {
    // The run's first vector layer; else its first table output (tables are not layers).
    for (const render::LayerInfo& l : scene_->layers())
        if (l.group == runKey)
            if (const render::OutputData* d = scene_->layerData(l.id); d && d->vector) {
                openAttributeTable(l.id);
                return;
            }
    for (const auto& r : runs_)
        if (r->label == runKey)
            for (const render::OutputData& o : r->outputs)
                if (o.table) {
                    auto* dlg = new AttributeTableDialog(
                        QString::fromStdString(o.decl.label.empty() ? o.decl.id : o.decl.label) + " — " +
                            runName(runKey),
                        {}, new AttributeTableModel(o.table), this);
                    dlg->show();
                    return;
                }
    showError(tr("No attribute table"), tr("This run has no vector or table output."));
}

// ---- projects
// ---------------------------------------------------------------------------------------------------

core::Scenario MainWindow::currentScenario() const {
    core::Scenario s = scenario_;
    for (const core::DatasetSpec& d : addedData_) {
        bool taken = false;
        for (const core::DatasetSpec& e : s.layers)
            taken = taken || e.name == d.name;
        if (!taken) s.layers.push_back(d);
    }
    for (const auto& [id, block] : sims_->lastParameters())
        s.simulators[id] = block;
    return s;
}

bool MainWindow::saveProject(const QString& path, QString* error) {
    auto fail = [&](const QString& why) {
        log_->add(AppLog::Level::Error, "project", path + ": " + why);
        showError(tr("Cannot save the project"),
                  "<b>" + path.toHtmlEscaped() + "</b><br><br>" + why.toHtmlEscaped());
        if (error) *error = why;
        return false;
    };
    if (!model_) return fail(tr("Open a scenario first."));
    if (loading_ || pendingProject_) return fail(tr("A scenario or project is still loading."));
    const std::string file = fs::absolute(path.toStdString()).lexically_normal().string();
    Project p;
    try {
        p.name = model_->name;
        p.scenarioJson = core::scenarioToJson(currentScenario(), fs::path(file).parent_path().string());
        // The scenario file the session came from, if there is one (it stays as it is).
        if (!scenarioPath_.isEmpty() && core::looksLikeScenario(scenarioPath_.toStdString()))
            p.scenarioFile = fs::absolute(scenarioPath_.toStdString()).lexically_normal().string();
        p.camera = scene_->cameraState();
        p.camera->verticalExaggeration.reset();
        p.verticalExaggeration = scene_->verticalExaggeration();
        if (!scene_->frameTimes().empty()) p.timeS = scene_->time();
        // Runs: their folders, copied beside the project (core's run folder module wrote them; they are
        // copied as they are, never rewritten).
        const std::string runsFolder = projectRunsFolder(file);
        for (const auto& r : runs_) {
            if (r->runDir.empty()) {
                log_->add(AppLog::Level::Warning, "project",
                          tr("%1 has no run folder (it was computed in memory) and is not saved")
                              .arg(QString::fromStdString(r->label)));
                continue;
            }
            const std::string folder = copyRunFolder(r->runDir, runsFolder);
            if (folder != r->runDir) {
                log_->add(AppLog::Level::Info, "project",
                          tr("copied the run folder of %1 to %2")
                              .arg(QString::fromStdString(r->label), QString::fromStdString(folder)));
                r->runDir = folder;
            }
            bool shown = false;
            for (const render::LayerInfo& l : scene_->layers())
                shown = shown || (l.group == r->label && scene_->style(l.id).visible);
            p.runs.push_back(
                {r->label, runNames_.count(r->label) ? runNames_.at(r->label).toStdString() : std::string(),
                 folder, shown});
        }
        for (const ProjectRun& m : missingRuns_)
            p.runs.push_back(m);
        // Styles by layer id; data added in the viewer become scenario layers, whose id is "layer:<name>".
        for (const render::LayerInfo& l : scene_->layers()) {
            std::string id = l.id;
            if (const auto it = addedLayerNames_.find(l.id); it != addedLayerNames_.end())
                id = "layer:" + it->second;
            if (l.group == "Comparisons")
                continue;  // differences are not kept: they are made again in a moment
            p.styles.emplace_back(id, scene_->style(l.id));
        }
        p.panelSimulator = sims_->currentSimulator().toStdString();
        p.panelValues = sims_->form()->snapshot();
        p.saved = utcNow();
        writeProject(p, file);
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    updateCoupledLayers();
    projectPath_ = QString::fromStdString(file);
    savedRuns_.clear();
    for (const auto& r : runs_)
        if (!r->runDir.empty()) savedRuns_.insert(r->label);
    dirty_ = false;
    addRecent(projectPath_);
    refreshRunList();
    updateTitle();
    log_->add(AppLog::Level::Info, "project", tr("saved %1").arg(projectPath_));
    statusBar()->showMessage(tr("Saved %1").arg(projectPath_), 5000);
    return true;
}

void MainWindow::openProject(const QString& path) {
    auto fail = [&](const QString& why) {
        log_->add(AppLog::Level::Error, "project", why);
        showError(tr("Cannot open the project"),
                  "<b>" + path.toHtmlEscaped() + "</b><br><br>" + why.toHtmlEscaped());
        emit projectOpened(false);
    };
    if (loading_) return fail(tr("A scenario is still loading; try again when it has loaded."));
    if (sims_->running())
        return fail(tr("A simulator is running on the current city model; cancel it first."));
    Project project;
    core::Scenario scenario;
    try {
        project = readProject(path.toStdString());
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    try {
        const std::string base = fs::path(project.file).parent_path().string();
        scenario = core::parseScenario(project.scenarioJson, base, project.file);
    } catch (const core::Error& e) {
        // Name the key inside the project file: the scenario is its "scenario" object.
        const std::string key =
            e.context().parameter.empty() ? "scenario" : "scenario." + e.context().parameter;
        const std::string where = e.context().file.empty() || e.context().file == project.file
                                      ? project.file + ": key '" + key + "'"
                                      : e.context().file + " (" + project.file + ", key '" + key + "')";
        return fail(QString::fromStdString(where + ": " + e.detail()));
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    pendingProject_ = project;
    projectProblems_.clear();
    log_->add(AppLog::Level::Info, "project", tr("opening %1").arg(path));
    startLoading(scenario, QString::fromStdString(project.file));
}

void MainWindow::continueProjectOpen() {
    // The scenario is loaded (applyLoaded): now the view, the styles of the model's layers, the panel, the
    // runs.
    Project& p = *pendingProject_;
    exaggeration_->blockSignals(true);
    exaggeration_->setValue(p.verticalExaggeration);
    exaggeration_->blockSignals(false);
    scene_->setVerticalExaggeration(p.verticalExaggeration);
    if (p.camera) scene_->setCameraState(*p.camera);
    for (const auto& [id, style] : p.styles) {
        if (scene_->layerInfo(id))
            scene_->setStyle(id, style);
        else
            pendingStyles_[id] = style;
    }
    if (!p.panelSimulator.empty() && sims_->selectSimulator(QString::fromStdString(p.panelSimulator)))
        sims_->form()->restore(p.panelValues);
    refreshLayers();
    // The run folders, read off the GUI thread in one go, then shown one after the other in the project's
    // order (each run's layers are built off the GUI thread too; the next starts when they are in the scene).
    struct Read {
        std::vector<std::pair<ProjectRun, std::vector<render::RunResults>>> runs;
        QStringList problems;
        std::vector<ProjectRun> missing;
    };
    const std::vector<ProjectRun> runs = p.runs;
    projectQueue_.clear();
    setBusy(true, tr("reading the project's runs"));
    auto* watcher = new QFutureWatcher<std::shared_ptr<Read>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Read>>::finished, this, [this, watcher] {
        std::shared_ptr<Read> read = watcher->result();
        watcher->deleteLater();
        setBusy(false, {});
        if (!pendingProject_) return;
        projectProblems_ << read->problems;
        for (ProjectRun& m : read->missing)
            missingRuns_.push_back(std::move(m));
        for (auto& [run, results] : read->runs) {
            // One simulator per run folder as the viewer writes them; a folder of several simulators (a CLI
            // run of a chain) shows each under the key followed by its simulator's id.
            const bool single = results.size() == 1;
            for (render::RunResults& r : results) {
                r.label = single ? run.key : run.key + " " + r.simulator;
                if (!run.name.empty()) runNames_[r.label] = QString::fromStdString(run.name);
                savedRuns_.insert(r.label);
                projectQueue_.push_back(std::make_shared<render::RunResults>(std::move(r)));
            }
        }
        showNextProjectRun();
    });
    watcher->setFuture(QtConcurrent::run([runs] {
        auto out = std::make_shared<Read>();
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const ProjectRun& run = runs[i];
            const QString where = QString("runs[%1] (%2)").arg(i).arg(QString::fromStdString(run.key));
            if (!core::isRunDirectory(run.folder)) {
                out->problems << where + ": " +
                                     QCoreApplication::translate(
                                         "citytwin::gui::MainWindow",
                                         "the run folder %1 is missing; it stays listed in "
                                         "the project")
                                         .arg(QString::fromStdString(run.folder));
                out->missing.push_back(run);
                continue;
            }
            try {
                std::vector<render::RunResults> results = render::readRunDirectory(run.folder);
                if (results.empty())
                    throw core::fileError(core::ErrorCode::Data, run.folder, "holds no results");
                out->runs.emplace_back(run, std::move(results));
            } catch (const std::exception& e) {
                out->problems << where + ": " + QString::fromUtf8(e.what());
                out->missing.push_back(run);
            }
        }
        return out;
    }));
}

void MainWindow::showNextProjectRun() {
    if (!pendingProject_) return;
    if (projectQueue_.empty()) {
        finishProjectOpen();
        return;
    }
    std::shared_ptr<render::RunResults> next = projectQueue_.front();
    projectQueue_.pop_front();
    onRunCompleted(next);
}

void MainWindow::afterRunLayersAdded(const std::string& key, const std::vector<std::string>& ids) {
    for (const std::string& id : ids)
        if (const auto it = pendingStyles_.find(id); it != pendingStyles_.end()) {
            scene_->setStyle(id, it->second);
            keepBuildingsShown(id);
            pendingStyles_.erase(it);
        }
    (void)key;
    refreshRunList();
    if (pendingProject_) QTimer::singleShot(0, this, &MainWindow::showNextProjectRun);
}

void MainWindow::finishProjectOpen() {
    if (!pendingProject_) return;
    const Project p = *pendingProject_;
    pendingProject_.reset();
    // The saved styles have the last word (the buildings rule may have changed the model's buildings).
    for (const auto& [id, style] : p.styles)
        if (scene_->layerInfo(id)) scene_->setStyle(id, style);
    pendingStyles_.clear();
    refreshLayers();
    if (p.timeS) {
        const std::vector<double> times = scene_->frameTimes();
        int index = 0;
        for (int i = 0; i < static_cast<int>(times.size()); ++i)
            if (times[static_cast<std::size_t>(i)] <= *p.timeS + 1e-9) index = i;
        scene_->setTime(times.empty() ? 0.0 : times[static_cast<std::size_t>(index)]);
    }
    updateTimeBar();
    if (p.camera) scene_->setCameraState(*p.camera);
    undo_->clear();
    dirty_ = false;
    refreshRunList();
    updateTitle();
    requestRender();
    if (!projectProblems_.isEmpty()) {
        log_->add(AppLog::Level::Warning, "project", projectProblems_.join("; "));
        showMessage(this, QMessageBox::Warning, tr("Project opened with problems"),
                    QString::fromStdString(p.file) + "\n\n" + projectProblems_.join("\n"));
    }
    log_->add(AppLog::Level::Info, "project",
              tr("opened %1: %n run(s)", nullptr, static_cast<int>(runs_.size()))
                  .arg(QString::fromStdString(p.file)));
    emit projectOpened(true);
}

}  // namespace citytwin::gui

// The main window.

#include "main_window.h"
#include "i18n.h"

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorObserver.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <filesystem>

#include "app_log.h"
#include "briefing_export.h"
#include "cartography_dialogs.h"
#include "chart_dock.h"
#include "citytwin/core/atomic_file.h"
#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/vector_io.h"
#include "citytwin/render/camera.h"
#include "data_import.h"
#include "dialogs.h"
#include "help.h"
#include "highlight.h"
#include "inspector.h"
#include "layer_panel.h"
#include "param_form.h"
#include "run_list.h"
#include "settings.h"
#include "simulator_panel.h"
#include "table_view.h"
#include "undo_commands.h"
#include "vtk_view.h"

namespace citytwin::gui {

namespace {

constexpr int kMaxRecent = 8;

QString timeText(double t) {
    const long s = std::lround(t);
    return QString("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QChar('0'))
        .arg(s % 60, 2, 10, QChar('0'));
}

QString groupedNumber(double v, int decimals) {
    return QLocale(QLocale::English).toString(v, 'f', decimals).replace(',', QChar(0x2009));
}

}  // namespace

/// What the loader thread hands back.
struct MainWindow::Loaded {
    std::shared_ptr<const core::CityModel> model;
    render::SceneContent content;
    QString error;
};

MainWindow::MainWindow(AppLog* log, QWidget* parent) : QMainWindow(parent), log_(log) {
    setWindowTitle("CityTwin");
    setObjectName("mainWindow");
    undo_ = new QUndoStack(this);
    highlight_ = std::make_unique<PickHighlight>();
    scene_ = std::make_unique<render::Scene>();
    view_ = new VtkView(this);
    view_->setObjectName("view3d");
    setCentralWidget(view_);
    scene_->attach(view_->renderWindow());
    vtkInteractorObserver* style = scene_->createNavigationStyle();
    view_->setInteractorStyle(style);
    style->Delete();
    QPointer<VtkView> v(view_);
    scene_->setRedrawCallback([v] {
        QMetaObject::invokeMethod(
            v.data(),
            [v] {
                if (v) v->requestRender();
            },
            Qt::QueuedConnection);
    });
    scene_->setAttribution("CityTwin");
    applyMapLocale(QLocale());  // numbers and times on the map follow the user's locale

    registry_.loadDefault();
    for (const core::PluginLoadFailure& f : registry_.failures())
        log_->add(AppLog::Level::Warning, "plug-ins",
                  "refused " + QString::fromStdString(f.file) + ": " + QString::fromStdString(f.message));
    log_->add(AppLog::Level::Info, "plug-ins",
              tr("%n simulator(s) loaded", nullptr, static_cast<int>(registry_.simulators().size())));

    createDocks();
    createActions();
    sims_->setRegistry(&registry_);
    // Runs are written by a worker process into run folders that outlive the session (CITYTWIN_RUNS_DIR
    // overrides where).
    QString runsDir = QString::fromLocal8Bit(qgetenv("CITYTWIN_RUNS_DIR"));
    if (runsDir.isEmpty())
        runsDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/runs";
    sims_->setRunsDirectory(runsDir);
    sims_->setScenarioProvider([this](QString& error) { return scenarioForRun(error); });
    sims_->setLabelTaken([this](const QString& label) {
        const std::string l = label.toStdString();
        for (const auto& r : runs_)
            if (r->label == l) return true;
        for (const ProjectRun& r : missingRuns_)
            if (r.key == l) return true;
        return false;
    });

    cursorLabel_ = new QLabel("—");
    cursorLabel_->setObjectName("cursorLabel");
    cursorLabel_->setToolTip(
        tr("The point under the cursor: easting, northing and terrain height in the project's "
           "coordinate reference system"));
    cursorLabel_->setMinimumWidth(360);
    scaleLabel_ = new QLabel;
    scaleLabel_->setObjectName("scaleLabel");
    scaleLabel_->setToolTip(
        tr("Ground metres per screen pixel at the centre of the view, and the scale it makes"));
    loadProgress_ = new QProgressBar;
    loadProgress_->setObjectName("loadProgress");
    loadProgress_->setRange(0, 1000);
    loadProgress_->setMaximumWidth(260);
    loadProgress_->setVisible(false);
    loadProgress_->setToolTip(tr("Loading the scenario"));
    statusBar()->addWidget(cursorLabel_);
    statusBar()->addWidget(scaleLabel_);
    statusBar()->addPermanentWidget(loadProgress_);

    connect(view_, &VtkView::cursorMoved, this, &MainWindow::updateCursor);
    connect(view_, &VtkView::cursorLeft, this, [this] { cursorLabel_->setText("—"); });
    view_->setToolTip(QString());  // the view explains itself in Help > Help contents (F1)
    connect(view_, &VtkView::clicked, this, [this](QPoint p) { pickAt(p); });
    connect(view_, &VtkView::frameDrawn, this, [this] {
        const double mpp = scene_->metresPerPixel();
        const double dpi = view_->logicalDpiX() > 0 ? view_->logicalDpiX() : 96.0;
        const double ratio = mpp / (0.0254 / dpi);
        scaleLabel_->setText(tr("1 px = %1 m   ≈ 1:%2").arg(mpp, 0, 'g', 3).arg(groupedNumber(ratio, 0)));
    });
    connect(layers_, &LayerPanel::styleChanged, this, &MainWindow::requestRender);
    connect(layers_, &LayerPanel::zoomToRequested, this, [this](const std::string& id) {
        scene_->flyTo(id);
        requestRender();
    });
    connect(layers_, &LayerPanel::exportRequested, this, &MainWindow::exportLayer);
    connect(layers_, &LayerPanel::removeRequested, this, [this](const std::string& id) {
        scene_->removeLayer(id);
        if (lastPick_ && lastPick_->layerId == id) setPickHighlight({});
        refreshLayers();
        requestRender();
    });
    connect(sims_, &SimulatorPanel::runCompleted, this, &MainWindow::onRunCompleted);
    // Undo and redo: style edits in the layer panel, edits of the simulator form.
    connect(
        layers_, &LayerPanel::styleEdited, this,
        [this](const std::string& id, const render::LayerStyle& before, const render::LayerStyle& after) {
            keepBuildingsShown(id);
            const render::LayerInfo* info = scene_->layerInfo(id);
            const QString name = info ? QString::fromStdString(info->name) : QString::fromStdString(id);
            undo_->push(new StyleCommand(
                [this](const std::string& l, const render::LayerStyle& st) { applyStyle(l, st); }, id, before,
                after,
                before.visible != after.visible ? (after.visible ? tr("Show %1") : tr("Hide %1")).arg(name)
                                                : tr("Style of %1").arg(name)));
            markDirty();
            refreshSoon();
        });
    connect(layers_, &LayerPanel::groupShownChanged, this, &MainWindow::setGroupShown);
    connect(layers_, &LayerPanel::tableRequested, this,
            [this](const std::string& id) { openAttributeTable(id); });
    connect(sims_->form(), &ParamForm::edited, this,
            [this](const QString& parameter, const FormValues& before, const FormValues& after) {
                const std::string sim = sims_->form()->simulator();
                const std::string label = sims_->form()->labelOf(parameter.toStdString());
                undo_->push(new FormCommand(
                    [this](const std::string& simulator, const FormValues& values) {
                        if (sims_->currentSimulator().toStdString() != simulator)
                            sims_->selectSimulator(QString::fromStdString(simulator));
                        sims_->form()->restore(values);
                    },
                    sim, parameter.toStdString(), before, after,
                    parameter.isEmpty() ? tr("Reset of the %1 form").arg(QString::fromStdString(sim))
                                        : tr("Change of %1").arg(QString::fromStdString(label))));
            });
    connect(runList_, &RunList::renamed, this,
            [this](const std::string& key, const QString& name) { renameRun(key, name); });
    connect(runList_, &RunList::shownChanged, this, &MainWindow::setGroupShown);
    connect(runList_, &RunList::tableRequested, this, &MainWindow::showTable);
    connect(runList_, &RunList::zoomToRequested, this, [this](const std::string& key) {
        for (const render::LayerInfo& l : scene_->layers())
            if (l.group == key && scene_->style(l.id).visible) {
                scene_->flyTo(l.id);
                requestRender();
                return;
            }
    });
    connect(runList_, &RunList::removeRequested, this, [this](const std::string& key) {
        for (const render::LayerInfo& l : scene_->layers())
            if (l.group == key) scene_->removeLayer(l.id);
        runs_.erase(
            std::remove_if(runs_.begin(), runs_.end(), [&](const auto& r) { return r->label == key; }),
            runs_.end());
        missingRuns_.erase(std::remove_if(missingRuns_.begin(), missingRuns_.end(),
                                          [&](const ProjectRun& r) { return r.key == key; }),
                           missingRuns_.end());
        runNames_.erase(key);
        savedRuns_.erase(key);
        if (lastPick_ && runKeyFor(lastPick_->layerId).toStdString() == key) setPickHighlight({});
        updateCoupledLayers();
        refreshLayers();
        refreshRunList();
        updateTimeBar();
        markDirty();
        requestRender();
    });

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1480, 920);
    rebuildRecentMenu();
    updateTitle();
}

MainWindow::~MainWindow() {
    scene_->setRedrawCallback({});
    delete sims_;  // waits for a running simulator before the model and registry go
    sims_ = nullptr;
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area,
                       const QString& tip) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        d->setToolTip(tip);
        d->toggleViewAction()->setToolTip(tip);
        addDockWidget(area, d);
        return d;
    };
    layers_ = new LayerPanel;
    layers_->setObjectName("layerPanel");
    layers_->setScene(scene_.get());
    auto* layersDock =
        dock(tr("Layers"), "layersDock", layers_, Qt::LeftDockWidgetArea,
             tr("The layers of the city model, of added data and of every run, and the style of "
                "the selected one (F1 for help)"));
    runList_ = new RunList;
    runList_->setObjectName("runList");
    auto* runsDock =
        dock(tr("Runs"), "runsDock", runList_, Qt::LeftDockWidgetArea,
             tr("The runs of this session or project: names, saved or not, shown or hidden together"));
    splitDockWidget(layersDock, runsDock, Qt::Vertical);
    resizeDocks({layersDock, runsDock}, {560, 180}, Qt::Vertical);
    sims_ = new SimulatorPanel(log_);
    sims_->setObjectName("simulatorPanel");
    auto* simDock = dock(tr("Simulators"), "simulatorsDock", sims_, Qt::RightDockWidgetArea,
                         tr("Choose a simulator, set its parameters and run it on the city model"));
    inspector_ = new QTreeWidget;
    inspector_->setObjectName("inspector");
    inspector_->setToolTip(tr("What the last click in the view hit, with its attributes"));
    inspector_->setHeaderLabels({tr("Attribute"), tr("Value"), tr("Unit")});
    inspector_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    inspector_->setRootIsDecorated(false);
    inspector_->setAlternatingRowColors(true);
    auto* inspDock = dock(tr("Inspector"), "inspectorDock", inspector_, Qt::RightDockWidgetArea,
                          tr("The attributes of the object last clicked in the view"));
    splitDockWidget(simDock, inspDock, Qt::Vertical);
    resizeDocks({simDock, inspDock}, {560, 220}, Qt::Vertical);
    logView_ = new QPlainTextEdit;
    logView_->setObjectName("logView");
    logView_->setReadOnly(true);
    logView_->setMaximumBlockCount(5000);
    logView_->setFont(QFont("Monospace", 9));
    logView_->setToolTip(tr("Messages of the viewer, the simulators, Qt and VTK"));
    auto* logDock = dock(tr("Log"), "logDock", logView_, Qt::BottomDockWidgetArea,
                         tr("Messages of the viewer, the simulators and the import"));
    installChartDock(this);  // charts of the runs' declared series; picks are forwarded in pickAt()
    logDock->setMaximumHeight(240);
    // Lines logged before the window existed arrive through the queued signal as well.
    connect(log_, &AppLog::added, this, [this](int level, const QString& line) {
        if (level == static_cast<int>(AppLog::Level::Debug)) return;
        logView_->appendPlainText(line);
        if (level >= static_cast<int>(AppLog::Level::Warning))
            statusBar()->showMessage(line.section("  ", 2), 8000);
    });
}

void MainWindow::createActions() {
    // ---- File
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName("fileMenu");
    QAction* open = file->addAction(tr("&Open scenario or project…"), this, [this] {
        QSettings s;
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open scenario or project"), s.value("dirs/scenario").toString(),
            tr("CityTwin scenarios and projects (*.json *.ctproj);;All files (*)"));
        if (path.isEmpty()) return;
        s.setValue("dirs/scenario", QFileInfo(path).absolutePath());
        openScenario(path);
    });
    open->setShortcut(QKeySequence::Open);
    open->setObjectName("openAction");
    QAction* add = file->addAction(tr("&Add data…"), this, [this] {
        if (!model_) {
            showError(tr("No city model"),
                      tr("Open a scenario first: added data is brought into its coordinate system."));
            return;
        }
        QSettings s;
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Add raster or vector data"), s.value("dirs/data").toString(),
            tr("GIS data") +
                " (*.tif *.tiff *.asc *.hgt *.img *.vrt *.nc *.gpkg *.shp "
                "*.geojson *.json *.fgb *.kml *.gml "
                "*.osm *.pbf *.csv);;" +
                tr("All files (*)"));
        if (path.isEmpty()) return;
        s.setValue("dirs/data", QFileInfo(path).absolutePath());
        addDataFile(path);
    });
    add->setShortcut(QKeySequence("Ctrl+D"));
    file->addAction(tr("Open res&ults…"), this, [this] {
        if (!model_) {
            showError(tr("No city model"), tr("Open the scenario the results were computed for first."));
            return;
        }
        QSettings s;
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Open results (a citytwin-cli run directory)"), s.value("dirs/results").toString());
        if (dir.isEmpty()) return;
        s.setValue("dirs/results", dir);
        openResults(dir);
    });
    recentMenu_ = file->addMenu(tr("Open &recent"));
    recentMenu_->setObjectName("recentMenu");
    file->addSeparator();
    QAction* save = file->addAction(tr("&Save scenario"), this, [this] {
        if (scenarioPath_.isEmpty() || scenarioFromProject_) {
            if (!model_) return;
            const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario as"), outputFolder(),
                                                              tr("Scenarios (*.json)"));
            if (!path.isEmpty()) saveScenarioTo(path);
            return;
        }
        saveScenarioTo(scenarioPath_);
    });
    save->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save scenario &as…"), this, [this] {
        if (!model_) return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save scenario as"), scenarioPath_.isEmpty() ? outputFolder() : scenarioPath_,
            tr("Scenarios (*.json)"));
        if (!path.isEmpty()) saveScenarioTo(path);
    });
    createProjectActions(file, nullptr);
    file->addSeparator();
    QMenu* exp = file->addMenu(tr("&Export"));
    QAction* img = exp->addAction(tr("&Image…"), this, &MainWindow::exportImageDialog);
    img->setShortcut(QKeySequence("Ctrl+E"));
    exp->addAction(tr("&Animation of the time series…"), this, &MainWindow::exportAnimationDialog);
    exp->addAction(tr("&Layer…"), this, [this] { exportLayer(layers_->currentLayer()); });
    exp->addAction(tr("&Camera…"), this, &MainWindow::saveCamera);
    exp->addAction(tr("&Briefing (PDF)…"), this, [this] { exportBriefingDialog(this); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // ---- Edit: undo and redo of style and parameter edits, settings
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName("editMenu");
    QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName("undoAction");
    QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence("Ctrl+Y")});
    redo->setObjectName("redoAction");
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Settings…"), this, [this] {
        SettingsDialog dlg(this);
        dlg.exec();
    });

    // ---- View
    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto viewAction = [&](const QString& text, const QKeySequence& key, auto fn) {
        QAction* a = view->addAction(text, this, fn);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        return a;
    };
    QAction* home = viewAction(tr("&Default view"), QKeySequence(Qt::Key_Home), [this] {
        scene_->applyCameraPreset(render::CameraPreset::Default);
        requestRender();
    });
    home->setToolTip(tr("Oblique view from the south-south-west framing everything (Home)"));
    QAction* top = viewAction(tr("&Top view"), QKeySequence(Qt::Key_T), [this] {
        scene_->applyCameraPreset(render::CameraPreset::Top);
        requestRender();
    });
    top->setToolTip(tr("Straight down, north up (T)"));
    QAction* north = viewAction(tr("&North up"), QKeySequence(Qt::Key_N), [this] {
        const double h = scene_->heading();
        scene_->orbit(h > 180 ? 360 - h : -h, 0);
        requestRender();
    });
    north->setToolTip(tr("Turn the view so that north is up, keeping tilt and distance (N)"));
    viewAction(tr("&Fly to layer"), QKeySequence(Qt::Key_F), [this] {
        scene_->flyTo(layers_->currentLayer());
        requestRender();
    });
    viewAction(tr("Fly to the &picked object"), QKeySequence(Qt::SHIFT | Qt::Key_F), [this] {
        if (!lastPick_) return;
        scene_->flyToPoint(lastPick_->point, lastPick_->layerId == "terrain" ? 120.0 : 45.0);
        requestRender();
    });
    view->addSeparator();
    viewAction(tr("Zoom &in"), QKeySequence(Qt::Key_Plus), [this] {
        scene_->zoom(1.4);
        requestRender();
    });
    viewAction(tr("Zoom &out"), QKeySequence(Qt::Key_Minus), [this] {
        scene_->zoom(1 / 1.4);
        requestRender();
    });
    viewAction(tr("Orbit left"), QKeySequence(Qt::ALT | Qt::Key_Left), [this] {
        scene_->orbit(-10, 0);
        requestRender();
    });
    viewAction(tr("Orbit right"), QKeySequence(Qt::ALT | Qt::Key_Right), [this] {
        scene_->orbit(10, 0);
        requestRender();
    });
    viewAction(tr("Tilt up"), QKeySequence(Qt::ALT | Qt::Key_Up), [this] {
        scene_->orbit(0, 8);
        requestRender();
    });
    viewAction(tr("Tilt down"), QKeySequence(Qt::ALT | Qt::Key_Down), [this] {
        scene_->orbit(0, -8);
        requestRender();
    });
    view->addSeparator();
    view->addAction(tr("Load camera…"), this, &MainWindow::loadCamera);
    view->addSeparator();
    auto decoToggle = [&](const QString& text) {
        QAction* a = view->addAction(text);
        a->setCheckable(true);
        a->setChecked(true);
        return a;
    };
    QAction* legends = decoToggle(tr("Show &legends"));
    QAction* scaleBar = decoToggle(tr("Show &scale bar"));
    QAction* northArrow = decoToggle(tr("Show north &arrow"));
    auto applyDeco = [this, legends, scaleBar, northArrow] {
        scene_->setDecorations(legends->isChecked(), scaleBar->isChecked(), northArrow->isChecked());
        requestRender();
    };
    for (QAction* a : {legends, scaleBar, northArrow})
        connect(a, &QAction::toggled, this, applyDeco);
    const QList<QAction*> mapActions = addCartographyActions(*this, view);  // 2D map, overview, labels
    view->addSeparator();
    QMenu* panels = view->addMenu(tr("&Panels"));
    for (QDockWidget* d : findChildren<QDockWidget*>())
        panels->addAction(d->toggleViewAction());

    // ---- Simulation
    QMenu* sim = menuBar()->addMenu(tr("&Simulation"));
    QAction* run = sim->addAction(tr("&Run"), this, [this] { sims_->run(); });
    run->setShortcut(QKeySequence(Qt::Key_F5));
    QAction* cancel = sim->addAction(tr("&Cancel run"), this, [this] { sims_->cancel(); });
    cancel->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    sim->addSeparator();
    QAction* compare = sim->addAction(tr("C&ompare runs (B − A)…"), this, &MainWindow::compareDialog);
    compare->setObjectName("compareAction");

    // ---- Help
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* contents = help->addAction(tr("Help &contents"), this, [this] {
        // F1 opens the page of the panel that has the focus.
        QString page;
        for (QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget())
            if (auto* d = qobject_cast<QDockWidget*>(w)) {
                const QString n = d->objectName();
                page = "dock:" + n.left(n.size() - 4);
                if (n == "simulatorsDock" && !sims_->currentSimulator().isEmpty())
                    page = "sim:" + sims_->currentSimulator();
                break;
            }
        showHelp(page);
    });
    contents->setShortcut(QKeySequence::HelpContents);
    contents->setObjectName("helpAction");
    QAction* tour = help->addAction(tr("&Getting started…"), this, [this] { startTour(); });
    tour->setObjectName("tourAction");
    help->addAction(tr("&Keyboard and mouse"), this, [this] {
        showMessage(
            this, QMessageBox::Information, tr("Keyboard and mouse"),
            tr("<b>Mouse</b>: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel "
               "zooms towards the cursor, a click identifies what is under it.<br><br>"
               "<b>Keys</b>: Home default view, T top view, N north up, F fly to the selected layer, + / − "
               "zoom, Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / "
               "pause "
               "the time series, Ctrl+O open, Ctrl+D add data, Ctrl+S save, Ctrl+Shift+S save the project, "
               "Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+E export an image, F5 run the simulator, Shift+F5 "
               "cancel, F1 help."));
    });
    help->addAction(tr("&About CityTwin"), this, [this] {
        showMessage(this, QMessageBox::Information, tr("About CityTwin"),
                    tr("CityTwin %1 — a desktop digital twin of a city.<br>Qt %2, VTK 9, GDAL and PROJ.")
                        .arg(CITYTWIN_VERSION, QT_VERSION_STR));
    });

    // ---- Tool bar: views, exaggeration, time
    QToolBar* tb = addToolBar(tr("View"));
    tb->setObjectName("viewToolBar");
    tb->addAction(home);
    tb->addAction(top);
    tb->addAction(north);
    tb->addActions(mapActions);
    tb->addSeparator();
    auto* exLabel = new QLabel(" " + tr("Vertical exaggeration") + " ");
    tb->addWidget(exLabel);
    exaggeration_ = new QDoubleSpinBox;
    exaggeration_->setObjectName("exaggeration");
    exaggeration_->setRange(0.1, 20.0);
    exaggeration_->setSingleStep(0.5);
    exaggeration_->setDecimals(1);
    exaggeration_->setValue(1.0);
    exaggeration_->setSuffix(" ×");
    exaggeration_->setToolTip(
        tr("Stretch heights of the terrain, the buildings and all layers (1 × = true scale)"));
    exLabel->setToolTip(exaggeration_->toolTip());
    connect(exaggeration_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        scene_->setVerticalExaggeration(v);
        highlight_->update(*scene_);
        requestRender();
    });
    tb->addWidget(exaggeration_);
    QToolBar* time = addToolBar(tr("Time"));
    time->setObjectName("timeToolBar");
    playButton_ = new QToolButton;
    playButton_->setObjectName("playButton");
    // Icons from the style, not glyphs: the ⏸ character is missing from common fonts and drew as an empty
    // box.
    playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    playButton_->setCheckable(true);
    playButton_->setToolTip(tr("Play / pause the time series (Space)"));
    playButton_->setShortcut(QKeySequence(Qt::Key_Space));
    time->addWidget(playButton_);
    timeSlider_ = new QSlider(Qt::Horizontal);
    timeSlider_->setObjectName("timeSlider");
    timeSlider_->setMinimumWidth(260);
    timeSlider_->setEnabled(false);
    timeSlider_->setToolTip(tr("The time shown by the layers that change over time"));
    time->addWidget(timeSlider_);
    timeLabel_ = new QLabel(" " + tr("no time series") + " ");
    timeLabel_->setObjectName("timeLabel");
    timeLabel_->setToolTip(tr("Time since the start of the run (hours:minutes:seconds), as in the view"));
    time->addWidget(timeLabel_);
    playTimer_ = new QTimer(this);
    playTimer_->setInterval(700);
    connect(playTimer_, &QTimer::timeout, this, [this] {
        if (timeSlider_->maximum() <= 0) return;
        timeSlider_->setValue(timeSlider_->value() >= timeSlider_->maximum() ? 0 : timeSlider_->value() + 1);
    });
    connect(playButton_, &QToolButton::toggled, this, [this](bool on) {
        playButton_->setIcon(style()->standardIcon(on ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
        if (on && timeSlider_->isEnabled())
            playTimer_->start();
        else
            playTimer_->stop();
    });
    connect(timeSlider_, &QSlider::valueChanged, this, &MainWindow::setTimeIndex);
}

// ---- loading ----------------------------------------------------------------------------------------------

void MainWindow::setBusy(bool busy, const QString& what) {
    loadProgress_->setVisible(busy);
    loadProgress_->setValue(0);
    loadProgress_->setFormat(what + " %p%");
    if (busy)
        QApplication::setOverrideCursor(Qt::BusyCursor);
    else
        QApplication::restoreOverrideCursor();
}

void MainWindow::openScenario(const QString& path) {
    // A project file opened through File > Open, the recent files or the command line.
    if (path.endsWith(".ctproj", Qt::CaseInsensitive)) {
        openProject(path);
        return;
    }
    if (loading_) {
        showError(tr("Busy"), tr("A scenario is still loading; try again when it has loaded."));
        emit scenarioLoaded(false);
        return;
    }
    if (sims_->running()) {
        showError(tr("Busy"), tr("A simulator is running on the current city model; cancel it first."));
        emit scenarioLoaded(false);
        return;
    }
    core::Scenario scenario;
    try {
        scenario = core::loadScenario(path.toStdString());
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", QString::fromStdString(e.what()));
        showError(tr("Cannot open the scenario"),
                  "<b>" + path.toHtmlEscaped() + "</b><br><br>" + QString(e.what()).toHtmlEscaped());
        emit scenarioLoaded(false);
        return;
    }
    pendingProject_.reset();
    startLoading(scenario, path);
}

void MainWindow::startLoading(const core::Scenario& scenario, const QString& path) {
    loading_ = true;
    const int generation = ++loadGeneration_;
    setBusy(true, tr("Loading"));
    log_->add(AppLog::Level::Info, "viewer", tr("loading %1").arg(path));
    QPointer<MainWindow> self(this);
    auto progress = [self](double f, const std::string& stage) {
        const QString s = QString::fromStdString(stage);
        QMetaObject::invokeMethod(
            self.data(),
            [self, f, s] {
                if (!self) return;
                self->loadProgress_->setValue(static_cast<int>(f * 1000));
                self->loadProgress_->setFormat(s + " %p%");
            },
            Qt::QueuedConnection);
        return true;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Loaded>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Loaded>>::finished, this,
            [this, watcher, path, generation, scenario] {
                std::shared_ptr<Loaded> loaded = watcher->result();
                watcher->deleteLater();
                loading_ = false;
                setBusy(false, {});
                if (generation != loadGeneration_) return;
                if (!loaded->error.isEmpty()) {
                    log_->add(AppLog::Level::Error, "viewer", loaded->error);
                    showError(
                        pendingProject_ ? tr("Cannot open the project") : tr("Cannot load the scenario"),
                        "<b>" + path.toHtmlEscaped() + "</b><br><br>" + loaded->error.toHtmlEscaped());
                    const bool project = pendingProject_.has_value();
                    pendingProject_.reset();
                    emit scenarioLoaded(false);
                    if (project) emit projectOpened(false);
                    return;
                }
                scenario_ = scenario;
                applyLoaded(path, loaded);
            });
    watcher->setFuture(QtConcurrent::run([scenario, progress] {
        auto out = std::make_shared<Loaded>();
        try {
            core::BuildOptions bo;
            bo.progress = [&](double f, const std::string& stage) { return progress(0.6 * f, stage); };
            out->model = std::make_shared<const core::CityModel>(core::buildCityModel(scenario, bo));
            out->content = render::buildSceneContent(out->model, [&](double f, const std::string& stage) {
                return progress(0.6 + 0.4 * f, stage);
            });
        } catch (const std::exception& e) {
            out->error = QString::fromStdString(e.what());
        } catch (...) {
            out->error = tr("unknown failure while loading");
        }
        return out;
    }));
}

void MainWindow::applyLoaded(const QString& path, std::shared_ptr<Loaded> loaded) {
    try {
        model_ = loaded->model;
        // A project stands for its scenario: the file it was opened from, if it is still there, is only kept
        // to be offered by Save scenario; the worker is given the scenario as the project holds it.
        scenarioFromProject_ = pendingProject_.has_value();
        scenarioPath_ = scenarioFromProject_ ? QString::fromStdString(pendingProject_->scenarioFile) : path;
        projectPath_ = scenarioFromProject_ ? path : QString();
        runs_.clear();
        addedData_.clear();
        addedLayerNames_.clear();
        runNames_.clear();
        savedRuns_.clear();
        replacingLayers_.clear();
        missingRuns_.clear();
        pendingStyles_.clear();
        undo_->clear();
        dirty_ = false;
        lastPick_.reset();
        highlight_->clear(*scene_);
        scene_->setContent(loaded->content);
        scene_->setVerticalExaggeration(exaggeration_->value());
        scene_->applyCameraPreset(render::CameraPreset::Default);
        scene_->setTitle(model_->name);
        const std::string credit = render::dataAttribution(
            scenarioFromProject_ ? pendingProject_->scenarioFile : path.toStdString());
        scene_->setAttribution("CityTwin · " + model_->crs.describe() +
                               (credit.empty() ? "" : " · " + credit));
        sims_->setModel(model_, &scenario_);
        layers_->setGroupTitles({});
        refreshLayers();
        refreshRunList();
        updateTimeBar();
        inspector_->clear();
        updateTitle();
        addRecent(path);
        const std::size_t warnings = model_->report.warningCount();
        log_->add(
            AppLog::Level::Info, "viewer",
            tr("loaded %1: %2 buildings, %3 roads%4%5")
                .arg(QString::fromStdString(model_->name))
                .arg(model_->buildings.size())
                .arg(model_->roads.size())
                .arg(model_->hasTerrain()
                         ? tr(", terrain %1 x %2").arg(model_->terrain.width()).arg(model_->terrain.height())
                         : tr(", no terrain"))
                .arg(warnings ? tr(", %n import warning(s)", nullptr, static_cast<int>(warnings))
                              : QString()));
        for (const core::ImportMessage& m : model_->report.messages)
            if (m.severity == core::ImportMessage::Severity::Warning)
                log_->add(AppLog::Level::Warning, "import", QString::fromStdString(m.source + ": " + m.text));
        requestRender();
        emit scenarioLoaded(true);
        if (pendingProject_) continueProjectOpen();
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", e.what());
        showError(tr("Cannot show the scenario"), e.what());
        const bool project = pendingProject_.has_value();
        pendingProject_.reset();
        emit scenarioLoaded(false);
        if (project) emit projectOpened(false);
    }
}

void MainWindow::addDataFile(const QString& path) {
    if (!model_) {
        emit dataAdded(false);
        return;
    }
    setBusy(true, tr("Adding data"));
    const auto model = model_;
    const render::SceneContent content = scene_->content();
    struct Added {
        render::LayerDataPtr layer;
        bool raster = false;
        QString error;
        std::vector<std::string> warnings;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Added>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Added>>::finished, this, [this, watcher, path] {
        auto added = watcher->result();
        watcher->deleteLater();
        setBusy(false, {});
        if (!added->error.isEmpty()) {
            log_->add(AppLog::Level::Error, "viewer", added->error);
            showError(tr("Cannot add the data"),
                      "<b>" + path.toHtmlEscaped() + "</b><br><br>" + added->error.toHtmlEscaped());
            emit dataAdded(false);
            return;
        }
        scene_->addLayer(added->layer);
        core::DatasetSpec spec;
        // A scenario layer name: the file's name without the characters a layer name may not hold, unique.
        QString name = QString::fromStdString(render::infoOf(*added->layer).name).trimmed();
        name.replace(QRegularExpression("[.,/\\\\\\x00-\\x1f]"), "_");
        if (name.isEmpty()) name = "layer";
        for (int n = 2;; ++n) {
            bool taken = false;
            for (const core::DatasetSpec& d : scenario_.layers)
                taken = taken || d.name == name.toStdString();
            for (const core::DatasetSpec& d : addedData_)
                taken = taken || d.name == name.toStdString();
            if (!taken) break;
            name = QString::fromStdString(render::infoOf(*added->layer).name) + "_" + QString::number(n);
        }
        spec.name = name.left(64).toStdString();
        spec.key = "layers." + spec.name;
        addedLayerNames_[render::infoOf(*added->layer).id] = spec.name;
        spec.files = {QFileInfo(path).absoluteFilePath().toStdString()};
        spec.written = spec.files;
        spec.kind = added->raster ? "raster" : "vector";
        addedData_.push_back(spec);
        refreshLayers();
        layers_->setCurrentLayer(render::infoOf(*added->layer).id);
        log_->add(AppLog::Level::Info, "viewer", tr("added %1").arg(path));
        for (const std::string& w : added->warnings)
            log_->add(AppLog::Level::Warning, "import", QString::fromStdString(w));
        markDirty();
        requestRender();
        emit dataAdded(true);
    });
    const int n = static_cast<int>(addedData_.size()) + 1;
    watcher->setFuture(QtConcurrent::run([path, model, content, n] {
        auto out = std::make_shared<Added>();
        try {
            bool raster = false;
            render::OutputData data = importDataFile(path.toStdString(), *model, &raster, &out->warnings);
            out->raster = raster;
            out->layer = render::buildLayer(content, "data" + std::to_string(n) + "/" + data.decl.id,
                                            QFileInfo(path).completeBaseName().toStdString(), "Data", data);
        } catch (const std::exception& e) {
            out->error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

// ---- results ----------------------------------------------------------------------------------------------

void MainWindow::openResults(const QString& dir) {
    if (!model_) {
        showError(tr("No city model"), tr("Open the scenario the results were computed for first."));
        return;
    }
    // A run directory can hold hundreds of frames: read it off the GUI thread. The registry is only read.
    struct Read {
        std::vector<render::RunResults> runs;
        QString error;
    };
    setBusy(true, tr("reading results"));
    auto* watcher = new QFutureWatcher<std::shared_ptr<Read>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Read>>::finished, this, [this, watcher, dir] {
        std::shared_ptr<Read> read = watcher->result();
        watcher->deleteLater();
        setBusy(false, {});
        if (!read->error.isEmpty()) {
            log_->add(AppLog::Level::Error, "viewer", dir + ": " + read->error);
            showError(tr("Cannot open the results"), dir + ":\n" + read->error);
            return;
        }
        for (render::RunResults& run : read->runs) {
            log_->add(AppLog::Level::Info, "viewer",
                      tr("results of %1 read from %2").arg(QString::fromStdString(run.label), dir));
            onRunCompleted(std::make_shared<render::RunResults>(std::move(run)));
        }
    });
    watcher->setFuture(QtConcurrent::run([dir] {
        auto read = std::make_shared<Read>();
        try {
            read->runs = render::readRunDirectory(dir.toStdString());
            if (read->runs.empty()) read->error = tr("holds no simulator results");
        } catch (const std::exception& e) {
            read->error = QString::fromUtf8(e.what());
        }
        return read;
    }));
}

QString MainWindow::scenarioForRun(QString& error) {
    if (!model_) {
        error = tr("Open a scenario first.");
        return {};
    }
    // The worker loads the scenario from a file: the one opened, or (with data added in the viewer, a data
    // file opened on its own, or a project) the scenario as the viewer holds it now, written beside the runs.
    if (!scenarioFromProject_ && addedData_.empty() && core::looksLikeScenario(scenarioPath_.toStdString()))
        return scenarioPath_;
    try {
        core::Scenario s = scenario_;
        for (const core::DatasetSpec& d : addedData_) {
            bool taken = false;
            for (const core::DatasetSpec& e : s.layers)
                taken = taken || e.name == d.name;
            if (!taken) s.layers.push_back(d);
        }
        QDir().mkpath(sims_->runsDirectory());
        const QString path = QDir(sims_->runsDirectory()).filePath("scenario-as-viewed.json");
        core::saveScenario(s, path.toStdString());
        return path;
    } catch (const std::exception& e) {
        error = tr("Cannot write the scenario for the run: %1").arg(QString::fromUtf8(e.what()));
        return {};
    }
}

void MainWindow::updateCoupledLayers() {
    // The latest run of each simulator offers its rasters and vectors to the next simulator as layers.
    std::map<std::string, CoupledLayer> latest;
    for (const auto& run : runs_) {
        if (run->runDir.empty()) continue;
        for (const render::OutputData& o : run->outputs) {
            const std::string kind = o.decl.kind == sdk::OutputKind::Raster   ? "raster"
                                     : o.decl.kind == sdk::OutputKind::Vector ? "vector"
                                                                              : "";
            if (kind.empty()) continue;
            const std::string name = core::couplingLayerName(run->simulator, o.decl.id);
            latest[name] = CoupledLayer{name, kind, run->runDir, run->label};
        }
    }
    std::vector<CoupledLayer> list;
    for (auto& [name, c] : latest)
        list.push_back(std::move(c));
    sims_->setCoupledLayers(std::move(list));
}

void MainWindow::onRunCompleted(std::shared_ptr<render::RunResults> results) {
    if (!results || !model_) return;
    // The run's label is its key: its layers' ids and group start with it, so it must be unique.
    {
        std::string base = results->label.empty() ? results->simulator : results->label;
        std::replace(base.begin(), base.end(), '/', '_');
        std::string key = base;
        auto taken = [&](const std::string& k) {
            for (const auto& r : runs_)
                if (r->label == k) return true;
            for (const ProjectRun& r : missingRuns_)
                if (r.key == k) return true;
            return false;
        };
        for (int n = 2; taken(key); ++n)
            key = base + " (" + std::to_string(n) + ")";
        results->label = key;
    }
    runs_.push_back(results);
    if (!pendingProject_) markDirty();
    updateCoupledLayers();
    refreshRunList();
    const QString label = QString::fromStdString(results->label);
    for (const render::OutputData& o : results->outputs) {
        if (o.decl.kind == sdk::OutputKind::Scalar)
            log_->add(AppLog::Level::Info, label,
                      QString::fromStdString(o.decl.label + " = ") + QString::number(o.scalar, 'g', 6) +
                          (o.decl.unit.empty() ? "" : " " + QString::fromStdString(o.decl.unit)));
        if (o.decl.kind == sdk::OutputKind::Table && o.table)
            log_->add(AppLog::Level::Info, label,
                      tr("%1: table of %n row(s), kept with the run (Runs > Table… shows it)", nullptr,
                         static_cast<int>(o.table->rows.size()))
                          .arg(QString::fromStdString(o.decl.label)));
    }
    const render::SceneContent content = scene_->content();
    struct Built {
        std::vector<std::pair<render::LayerDataPtr, bool>> layers;
        QString error;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Built>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Built>>::finished, this, [this, watcher, label] {
        auto built = watcher->result();
        watcher->deleteLater();
        if (!built->error.isEmpty()) {
            log_->add(AppLog::Level::Error, label, built->error);
            showError(tr("Cannot show the results"), label + ": " + built->error);
        }
        double lastTime = -1;
        std::vector<std::string> ids;
        for (const auto& [layer, visible] : built->layers) {
            const render::LayerInfo& li = render::infoOf(*layer);
            // Polygons declared as extruded buildings: find out whether the scene draws them in place of the
            // model's buildings (it hides those when such a layer is shown), to bring the buildings back when
            // the last of them is hidden.
            const bool mayReplace = li.kind == render::LayerKind::Vector;
            const bool buildingsWere = scene_->style("buildings").visible;
            if (mayReplace && !buildingsWere) {
                render::LayerStyle b = scene_->style("buildings");
                b.visible = true;
                scene_->setStyle("buildings", b);
            }
            scene_->addLayer(layer, mayReplace ? std::optional<bool>(true) : std::optional<bool>(visible));
            if (mayReplace) {
                if (!scene_->style("buildings").visible) replacingLayers_.insert(li.id);
                render::LayerStyle st = scene_->style(li.id);
                st.visible = visible;
                scene_->setStyle(li.id, st);
                render::LayerStyle b = scene_->style("buildings");
                b.visible = buildingsWere;
                scene_->setStyle("buildings", b);
                if (replacingLayers_.count(li.id)) keepBuildingsShown(li.id);
            }
            ids.push_back(li.id);
            if (visible && !li.frameTimes.empty()) lastTime = std::max(lastTime, li.frameTimes.back());
        }
        refreshLayers();
        updateTimeBar();
        if (lastTime >= 0) {
            const std::vector<double> times = scene_->frameTimes();
            for (int i = 0; i < static_cast<int>(times.size()); ++i)
                if (std::fabs(times[static_cast<std::size_t>(i)] - lastTime) < 1e-9) timeSlider_->setValue(i);
            scene_->setTime(lastTime);
            timeLabel_->setText(" " + timeText(lastTime) + " ");
        }
        requestRender();
        afterRunLayersAdded(label.toStdString(), ids);
        emit resultsAdded(label);
    });
    watcher->setFuture(QtConcurrent::run([results, content] {
        auto out = std::make_shared<Built>();
        const std::vector<bool> visible = render::defaultVisibility(*results);
        for (std::size_t i = 0; i < results->outputs.size(); ++i) {
            const render::OutputData& o = results->outputs[i];
            if (!render::isDrawable(o)) continue;
            try {
                out->layers.emplace_back(
                    render::buildLayer(
                        content, results->label + "/" + o.simulator + "." + o.decl.id,
                        o.decl.label.empty()
                            ? o.decl.id
                            : declaredText("output:" + o.simulator + "." + o.decl.id, o.decl.label),
                        results->label, o),
                    visible[i]);
            } catch (const std::exception& e) {
                out->error += QString::fromStdString(o.decl.id + ": " + e.what() + "\n");
            }
        }
        return out;
    }));
}

void MainWindow::updateTimeBar() {
    const std::vector<double> times = scene_->frameTimes();
    timeSlider_->blockSignals(true);
    timeSlider_->setRange(0, std::max(0, static_cast<int>(times.size()) - 1));
    int index = 0;
    for (int i = 0; i < static_cast<int>(times.size()); ++i)
        if (times[static_cast<std::size_t>(i)] <= scene_->time() + 1e-9) index = i;
    timeSlider_->setValue(index);
    timeSlider_->blockSignals(false);
    timeSlider_->setEnabled(!times.empty());
    // The view shows the scene's time: put it on the frame the bar shows, so that both say the same (at the
    // start the scene was at 0:00:00 while the bar showed the first frame, 0:05:00).
    if (!times.empty() && std::fabs(scene_->time() - times[static_cast<std::size_t>(index)]) > 1e-9) {
        scene_->setTime(times[static_cast<std::size_t>(index)]);
        requestRender();
    }
    timeLabel_->setText(times.empty() ? " " + tr("no time series") + " "
                                      : " " + timeText(times[static_cast<std::size_t>(index)]) + " ");
    if (times.empty()) playButton_->setChecked(false);
}

void MainWindow::setTimeIndex(int index) {
    const std::vector<double> times = scene_->frameTimes();
    if (index < 0 || index >= static_cast<int>(times.size())) return;
    scene_->setTime(times[static_cast<std::size_t>(index)]);
    timeLabel_->setText(" " + timeText(times[static_cast<std::size_t>(index)]) + " ");
    requestRender();
}

// ---- view
// ----------------------------------------------------------------------------------------------------

void MainWindow::requestRender() {
    view_->requestRender();
}

void MainWindow::refreshLayers() {
    layers_->refresh();
}

void MainWindow::updateCursor(const QPoint& p) {
    if (!model_) return;
    const auto g = scene_->groundAt(p.x(), p.y());
    if (!g) {
        cursorLabel_->setText("—");
        return;
    }
    QString text = QString("E %1   N %2").arg(groupedNumber((*g)[0], 1), groupedNumber((*g)[1], 1));
    if (model_->hasTerrain()) text += QString("   z %1 m").arg((*g)[2], 0, 'f', 2);
    const std::string crs =
        model_->crs.epsg() ? "EPSG:" + std::to_string(*model_->crs.epsg()) : model_->crs.name();
    text += "   (" + QString::fromStdString(crs) + ")";
    cursorLabel_->setText(text);
}

render::PickResult MainWindow::pickAt(const QPoint& p) {
    render::PickResult r;
    try {
        r = scene_->pick(p.x(), p.y());
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", tr("identify failed: %1").arg(QString::fromUtf8(e.what())));
        return r;
    }
    inspector_->clear();
    if (auto* charts = findChild<ChartDock*>()) charts->showPick(r);
    setPickHighlight(r);
    if (!r.hit) return r;
    showInspector(inspector_, inspectorContent(*scene_, r));
    if (!r.layerId.empty() && r.layerId != "terrain") layers_->setCurrentLayer(r.layerId);
    return r;
}

// ---- persistence
// ----------------------------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent* e) {
    // Runs that no project holds yet would be hard to find again (they stay in the runs folder): ask first.
    if (!closeConfirmed_ && (hasUnsavedRuns() || (!projectPath_.isEmpty() && dirty_))) {
        e->ignore();
        if (findChild<QMessageBox*>("unsavedPrompt")) return;
        auto* box = new QMessageBox(
            QMessageBox::Warning, tr("Unsaved runs"),
            hasUnsavedRuns() ? tr("%n run(s) of this session are not saved in a project.", nullptr,
                                  static_cast<int>(std::count_if(
                                      runs_.begin(), runs_.end(),
                                      [this](const auto& r) { return !savedRuns_.count(r->label); }))) +
                                   "\n\n" + tr("Save them in a project before quitting?")
                             : tr("The project has unsaved changes. Save them before quitting?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box->setObjectName("unsavedPrompt");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setDefaultButton(QMessageBox::Save);
        translateButtons(box);
        connect(box, &QMessageBox::finished, this, [this, box](int) {
            const auto button = box->standardButton(box->clickedButton());
            if (button == QMessageBox::Discard) {
                closeConfirmed_ = true;
                QTimer::singleShot(0, this, &QWidget::close);
            } else if (button == QMessageBox::Save) {
                QString path = projectPath_;
                if (path.isEmpty())
                    path = QFileDialog::getSaveFileName(this, tr("Save project"),
                                                        defaultOutputPath("project.ctproj"),
                                                        tr("CityTwin projects (*.ctproj)"));
                if (!path.isEmpty() && saveProject(path)) {
                    closeConfirmed_ = true;
                    QTimer::singleShot(0, this, &QWidget::close);
                }
            }
        });
        box->open();
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    playTimer_->stop();
    if (sims_ && sims_->running()) sims_->cancel();
    e->accept();
}

void MainWindow::addRecent(const QString& path) {
    QSettings s;
    QStringList list = s.value("recentFiles").toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMaxRecent)
        list.removeLast();
    s.setValue("recentFiles", list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList list = QSettings().value("recentFiles").toStringList();
    for (const QString& p : list)
        recentMenu_->addAction(QFileInfo(p).fileName() + "   —   " + QFileInfo(p).absolutePath(), this,
                               [this, p] { openScenario(p); });
    recentMenu_->setEnabled(!list.isEmpty());
}

void MainWindow::showError(const QString& title, const QString& text) {
    showMessage(this, QMessageBox::Critical, title, text);
}

void MainWindow::saveScenarioTo(const QString& path) {
    try {
        core::Scenario s = scenario_;
        for (const core::DatasetSpec& d : addedData_) {
            bool taken = false;
            for (const core::DatasetSpec& e : s.layers)
                taken = taken || e.name == d.name;
            if (!taken) s.layers.push_back(d);
        }
        for (const auto& [id, block] : sims_->lastParameters())
            s.simulators[id] = block;
        core::saveScenario(s, path.toStdString());
        log_->add(AppLog::Level::Info, "viewer", tr("saved %1").arg(path));
        statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
        scenarioFromProject_ = false;
        if (path != scenarioPath_) {
            scenarioPath_ = path;
            addRecent(path);
        }
        scenario_ = core::loadScenario(path.toStdString());
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", e.what());
        showError(tr("Cannot save the scenario"), e.what());
    }
}

// ---- exports
// ------------------------------------------------------------------------------------------------

bool MainWindow::exportImage(const QString& path, int width, int height, QString* error) {
    std::string err;
    // The off-screen render makes its own GL context current: let Qt forget its context first, so that it
    // makes it current again before the next paint instead of assuming it still is.
    view_->doneCurrent();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool ok = render::renderToPng(*scene_, path.toStdString(), width, height, &err);
    QApplication::restoreOverrideCursor();
    requestRender();
    if (!ok) {
        if (error) *error = QString::fromStdString(err);
        log_->add(AppLog::Level::Error, "export", QString::fromStdString(err));
        return false;
    }
    log_->add(AppLog::Level::Info, "export", QString("wrote %1 (%2 x %3)").arg(path).arg(width).arg(height));
    return true;
}

void MainWindow::exportImageDialog() {
    // The dialog and the render live in cartography_dialogs.cpp.
    const std::string credit = render::dataAttribution(scenarioPath_.toStdString());
    gui::exportImageDialog(
        *this, defaultOutputPath("citytwin.png"),
        QString::fromStdString("CityTwin · " + (model_ ? model_->crs.describe() : std::string()) +
                               (credit.empty() ? "" : " · " + credit)));
}

void MainWindow::exportAnimationDialog() {
    // Exports go to the output folder, never beside the inputs (an animation once landed in
    // data/merewether/).
    gui::exportAnimationDialog(*this, QFileInfo(defaultOutputPath("citytwin.ogv")).absolutePath());
}

void MainWindow::exportLayer(const std::string& id) {
    const render::OutputData* data = id.empty() ? nullptr : scene_->layerData(id);
    const render::LayerInfo* info = id.empty() ? nullptr : scene_->layerInfo(id);
    if (!data || !info) {
        showError(tr("Nothing to export"),
                  tr("Select a raster or vector layer (a result or added data) in the layer tree."));
        return;
    }
    const QString base = QDir(outputFolder()).filePath(QString::fromStdString(data->decl.id));
    try {
        if (data->decl.kind == sdk::OutputKind::Raster) {
            const QString p =
                QFileDialog::getSaveFileName(this, tr("Export raster"), base + ".tif", tr("GeoTIFF (*.tif)"));
            if (p.isEmpty()) return;
            core::Raster r = *data->raster;
            if (r.unit.empty()) r.unit = data->decl.unit;
            core::writeRaster(r, p.toStdString());
            log_->add(AppLog::Level::Info, "export", "wrote " + p);
        } else if (data->decl.kind == sdk::OutputKind::RasterSeries) {
            const QString dir = QFileDialog::getExistingDirectory(
                this, tr("Folder for the frames (GeoTIFF + index.csv)"), outputFolder());
            if (dir.isEmpty()) return;
            sdk::Table index;
            index.columns = {{"frame", ""}, {"time", "s"}, {"file", ""}};
            for (std::size_t i = 0; i < data->frames.size(); ++i) {
                char name[256];
                std::snprintf(name, sizeof name, "%s_%04zu.tif", data->decl.id.c_str(), i);
                core::Raster r = *data->frames[i].raster;
                if (r.unit.empty()) r.unit = data->decl.unit;
                core::writeRaster(r, (dir + "/" + name).toStdString());
                index.rows.push_back(
                    {static_cast<std::int64_t>(i), data->frames[i].timeS, std::string(name)});
            }
            core::writeFileAtomically((dir + "/index.csv").toStdString(), core::toCsv(index));
            log_->add(AppLog::Level::Info, "export",
                      QString("wrote %1 frames to %2").arg(data->frames.size()).arg(dir));
        } else if (data->decl.kind == sdk::OutputKind::Vector) {
            const QString p = QFileDialog::getSaveFileName(this, tr("Export vector layer"), base + ".gpkg",
                                                           tr("GeoPackage (*.gpkg)"));
            if (p.isEmpty()) return;
            core::VectorLayer l = *data->vector;
            l.name = data->decl.id;
            core::writeGeoPackage(l, p.toStdString());
            log_->add(AppLog::Level::Info, "export", "wrote " + p);
        }
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "export", e.what());
        showError(tr("Export failed"), e.what());
    }
}

void MainWindow::saveCamera() {
    const QString p = QFileDialog::getSaveFileName(this, tr("Save camera"), defaultOutputPath("camera.json"),
                                                   tr("Camera files (*.json)"));
    if (p.isEmpty()) return;
    try {
        render::writeCameraFile(scene_->cameraState(), p.toStdString());
        log_->add(AppLog::Level::Info, "export", "wrote " + p);
    } catch (const std::exception& e) {
        showError(tr("Cannot save the camera"), e.what());
    }
}

void MainWindow::loadCamera() {
    const QString p = QFileDialog::getOpenFileName(
        this, tr("Load camera"), QFileInfo(scenarioPath_).absolutePath(), tr("Camera files (*.json)"));
    if (p.isEmpty()) return;
    try {
        const render::CameraState c = render::readCameraFile(p.toStdString());
        scene_->setCameraState(c);
        if (c.verticalExaggeration) {
            exaggeration_->blockSignals(true);
            exaggeration_->setValue(*c.verticalExaggeration);
            exaggeration_->blockSignals(false);
        }
        requestRender();
    } catch (const std::exception& e) {
        showError(tr("Cannot load the camera"), e.what());
    }
}

void MainWindow::compareDialog() {
    gui::compareDialog(*this, [this](const std::string& id) {
        refreshLayers();
        layers_->setCurrentLayer(id);
        updateTimeBar();
        setTimeIndex(timeSlider_->value());
    });
}

}  // namespace citytwin::gui

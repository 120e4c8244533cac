// The main window.

#include "main_window.h"

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorObserver.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDialogButtonBox>
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
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>
#include <filesystem>

#include "app_log.h"
#include "cartography_dialogs.h"
#include "briefing_export.h"
#include "chart_dock.h"
#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/atomic_file.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/vector_io.h"
#include "citytwin/render/camera.h"
#include "data_import.h"
#include "dialogs.h"
#include "layer_panel.h"
#include "simulator_panel.h"
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
              QString::number(registry_.simulators().size()) + " simulator(s) loaded");

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

    cursorLabel_ = new QLabel("—");
    cursorLabel_->setObjectName("cursorLabel");
    cursorLabel_->setMinimumWidth(360);
    scaleLabel_ = new QLabel;
    scaleLabel_->setObjectName("scaleLabel");
    loadProgress_ = new QProgressBar;
    loadProgress_->setObjectName("loadProgress");
    loadProgress_->setRange(0, 1000);
    loadProgress_->setMaximumWidth(260);
    loadProgress_->setVisible(false);
    statusBar()->addWidget(cursorLabel_);
    statusBar()->addWidget(scaleLabel_);
    statusBar()->addPermanentWidget(loadProgress_);

    connect(view_, &VtkView::cursorMoved, this, &MainWindow::updateCursor);
    connect(view_, &VtkView::cursorLeft, this, [this] { cursorLabel_->setText("—"); });
    connect(view_, &VtkView::clicked, this, [this](QPoint p) { pickAt(p); });
    connect(view_, &VtkView::frameDrawn, this, [this] {
        const double mpp = scene_->metresPerPixel();
        const double dpi = view_->logicalDpiX() > 0 ? view_->logicalDpiX() : 96.0;
        const double ratio = mpp / (0.0254 / dpi);
        scaleLabel_->setText(
            QString("1 px = %1 m   ≈ 1:%2").arg(mpp, 0, 'g', 3).arg(groupedNumber(ratio, 0)));
    });
    connect(layers_, &LayerPanel::styleChanged, this, &MainWindow::requestRender);
    connect(layers_, &LayerPanel::zoomToRequested, this, [this](const std::string& id) {
        scene_->flyTo(id);
        requestRender();
    });
    connect(layers_, &LayerPanel::exportRequested, this, &MainWindow::exportLayer);
    connect(layers_, &LayerPanel::removeRequested, this, [this](const std::string& id) {
        scene_->removeLayer(id);
        refreshLayers();
        requestRender();
    });
    connect(sims_, &SimulatorPanel::runCompleted, this, &MainWindow::onRunCompleted);

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!settings.contains("window/geometry")) resize(1480, 920);
    rebuildRecentMenu();
}

MainWindow::~MainWindow() {
    scene_->setRedrawCallback({});
    delete sims_;  // waits for a running simulator before the model and registry go
    sims_ = nullptr;
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* w, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    layers_ = new LayerPanel;
    layers_->setScene(scene_.get());
    dock("Layers", "layersDock", layers_, Qt::LeftDockWidgetArea);
    sims_ = new SimulatorPanel(log_);
    sims_->setObjectName("simulatorPanel");
    auto* simDock = dock("Simulators", "simulatorsDock", sims_, Qt::RightDockWidgetArea);
    inspector_ = new QTreeWidget;
    inspector_->setObjectName("inspector");
    inspector_->setHeaderLabels({"Attribute", "Value", "Unit"});
    inspector_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    inspector_->setRootIsDecorated(false);
    inspector_->setAlternatingRowColors(true);
    auto* inspDock = dock("Inspector", "inspectorDock", inspector_, Qt::RightDockWidgetArea);
    splitDockWidget(simDock, inspDock, Qt::Vertical);
    resizeDocks({simDock, inspDock}, {560, 220}, Qt::Vertical);
    logView_ = new QPlainTextEdit;
    logView_->setObjectName("logView");
    logView_->setReadOnly(true);
    logView_->setMaximumBlockCount(5000);
    logView_->setFont(QFont("Monospace", 9));
    auto* logDock = dock("Log", "logDock", logView_, Qt::BottomDockWidgetArea);
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
    QMenu* file = menuBar()->addMenu("&File");
    QAction* open = file->addAction("&Open scenario…", this, [this] {
        QSettings s;
        const QString path =
            QFileDialog::getOpenFileName(this, "Open scenario", s.value("dirs/scenario").toString(),
                                         "CityTwin scenarios (*.json);;All files (*)");
        if (path.isEmpty()) return;
        s.setValue("dirs/scenario", QFileInfo(path).absolutePath());
        openScenario(path);
    });
    open->setShortcut(QKeySequence::Open);
    QAction* add = file->addAction("&Add data…", this, [this] {
        if (!model_) {
            showError("No city model",
                      "Open a scenario first: added data is brought into its coordinate system.");
            return;
        }
        QSettings s;
        const QString path =
            QFileDialog::getOpenFileName(this, "Add raster or vector data", s.value("dirs/data").toString(),
                                         "GIS data (*.tif *.tiff *.asc *.hgt *.img *.vrt *.nc *.gpkg *.shp "
                                         "*.geojson *.json *.fgb *.kml *.gml "
                                         "*.osm *.pbf *.csv);;All files (*)");
        if (path.isEmpty()) return;
        s.setValue("dirs/data", QFileInfo(path).absolutePath());
        addDataFile(path);
    });
    add->setShortcut(QKeySequence("Ctrl+D"));
    file->addAction("Open res&ults…", this, [this] {
        if (!model_) {
            showError("No city model", "Open the scenario the results were computed for first.");
            return;
        }
        QSettings s;
        const QString dir = QFileDialog::getExistingDirectory(
            this, "Open results (a citytwin-cli run directory)", s.value("dirs/results").toString());
        if (dir.isEmpty()) return;
        s.setValue("dirs/results", dir);
        openResults(dir);
    });
    recentMenu_ = file->addMenu("Open &recent");
    file->addSeparator();
    QAction* save = file->addAction("&Save scenario", this, [this] {
        if (scenarioPath_.isEmpty()) return;
        saveScenarioTo(scenarioPath_);
    });
    save->setShortcut(QKeySequence::Save);
    file->addAction("Save scenario &as…", this, [this] {
        if (!model_) return;
        const QString path =
            QFileDialog::getSaveFileName(this, "Save scenario as", scenarioPath_, "Scenarios (*.json)");
        if (!path.isEmpty()) saveScenarioTo(path);
    });
    file->addSeparator();
    QMenu* exp = file->addMenu("&Export");
    QAction* img = exp->addAction("&Image…", this, &MainWindow::exportImageDialog);
    img->setShortcut(QKeySequence("Ctrl+E"));
    exp->addAction("&Animation of the time series…", this, &MainWindow::exportAnimationDialog);
    exp->addAction("&Layer…", this, [this] { exportLayer(layers_->currentLayer()); });
    exp->addAction("&Camera…", this, &MainWindow::saveCamera);
    exp->addAction("&Briefing (PDF)…", this, [this] { exportBriefingDialog(this); });
    file->addSeparator();
    QAction* quit = file->addAction("&Quit", this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // ---- View
    QMenu* view = menuBar()->addMenu("&View");
    auto viewAction = [&](const QString& text, const QKeySequence& key, auto fn) {
        QAction* a = view->addAction(text, this, fn);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        return a;
    };
    QAction* home = viewAction("&Default view", QKeySequence(Qt::Key_Home), [this] {
        scene_->applyCameraPreset(render::CameraPreset::Default);
        requestRender();
    });
    QAction* top = viewAction("&Top view", QKeySequence(Qt::Key_T), [this] {
        scene_->applyCameraPreset(render::CameraPreset::Top);
        requestRender();
    });
    QAction* north = viewAction("&North up", QKeySequence(Qt::Key_N), [this] {
        const double h = scene_->heading();
        scene_->orbit(h > 180 ? 360 - h : -h, 0);
        requestRender();
    });
    viewAction("&Fly to layer", QKeySequence(Qt::Key_F), [this] {
        scene_->flyTo(layers_->currentLayer());
        requestRender();
    });
    viewAction("Fly to the &picked object", QKeySequence(Qt::SHIFT | Qt::Key_F), [this] {
        if (!lastPick_) return;
        scene_->flyToPoint(lastPick_->point, lastPick_->layerId == "terrain" ? 120.0 : 45.0);
        requestRender();
    });
    view->addSeparator();
    viewAction("Zoom &in", QKeySequence(Qt::Key_Plus), [this] {
        scene_->zoom(1.4);
        requestRender();
    });
    viewAction("Zoom &out", QKeySequence(Qt::Key_Minus), [this] {
        scene_->zoom(1 / 1.4);
        requestRender();
    });
    viewAction("Orbit left", QKeySequence(Qt::ALT | Qt::Key_Left), [this] {
        scene_->orbit(-10, 0);
        requestRender();
    });
    viewAction("Orbit right", QKeySequence(Qt::ALT | Qt::Key_Right), [this] {
        scene_->orbit(10, 0);
        requestRender();
    });
    viewAction("Tilt up", QKeySequence(Qt::ALT | Qt::Key_Up), [this] {
        scene_->orbit(0, 8);
        requestRender();
    });
    viewAction("Tilt down", QKeySequence(Qt::ALT | Qt::Key_Down), [this] {
        scene_->orbit(0, -8);
        requestRender();
    });
    view->addSeparator();
    view->addAction("Load camera…", this, &MainWindow::loadCamera);
    view->addSeparator();
    auto decoToggle = [&](const QString& text) {
        QAction* a = view->addAction(text);
        a->setCheckable(true);
        a->setChecked(true);
        return a;
    };
    QAction* legends = decoToggle("Show &legends");
    QAction* scaleBar = decoToggle("Show &scale bar");
    QAction* northArrow = decoToggle("Show north &arrow");
    auto applyDeco = [this, legends, scaleBar, northArrow] {
        scene_->setDecorations(legends->isChecked(), scaleBar->isChecked(), northArrow->isChecked());
        requestRender();
    };
    for (QAction* a : {legends, scaleBar, northArrow})
        connect(a, &QAction::toggled, this, applyDeco);
    const QList<QAction*> mapActions = addCartographyActions(*this, view);  // 2D map, overview, labels
    view->addSeparator();
    QMenu* panels = view->addMenu("&Panels");
    for (QDockWidget* d : findChildren<QDockWidget*>())
        panels->addAction(d->toggleViewAction());

    // ---- Simulation
    QMenu* sim = menuBar()->addMenu("&Simulation");
    QAction* run = sim->addAction("&Run", this, [this] { sims_->run(); });
    run->setShortcut(QKeySequence(Qt::Key_F5));
    QAction* cancel = sim->addAction("&Cancel run", this, [this] { sims_->cancel(); });
    cancel->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    sim->addSeparator();
    sim->addAction("C&ompare runs (B − A)…", this, &MainWindow::compareDialog);

    // ---- Help
    QMenu* help = menuBar()->addMenu("&Help");
    help->addAction("&Keyboard and mouse", this, [this] {
        showMessage(
            this, QMessageBox::Information, "Keyboard and mouse",
            "<b>Mouse</b>: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel "
            "zooms "
            "towards the cursor, a click identifies what is under it.<br><br>"
            "<b>Keys</b>: Home default view, T top view, N north up, F fly to the selected layer, + / − "
            "zoom, "
            "Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / pause the "
            "time series, Ctrl+O open, Ctrl+D add data, "
            "Ctrl+S save, Ctrl+E export an image, F5 run the simulator, Shift+F5 cancel.");
    });
    help->addAction("&About CityTwin", this, [this] {
        showMessage(this, QMessageBox::Information, "About CityTwin",
                    "CityTwin " CITYTWIN_VERSION " — a desktop digital twin of a city.<br>Qt " QT_VERSION_STR
                    ", VTK 9, GDAL and PROJ.");
    });

    // ---- Tool bar: views, exaggeration, time
    QToolBar* tb = addToolBar("View");
    tb->setObjectName("viewToolBar");
    tb->addAction(home);
    tb->addAction(top);
    tb->addAction(north);
    tb->addActions(mapActions);
    tb->addSeparator();
    tb->addWidget(new QLabel(" Vertical exaggeration "));
    exaggeration_ = new QDoubleSpinBox;
    exaggeration_->setObjectName("exaggeration");
    exaggeration_->setRange(0.1, 20.0);
    exaggeration_->setSingleStep(0.5);
    exaggeration_->setDecimals(1);
    exaggeration_->setValue(1.0);
    exaggeration_->setSuffix(" ×");
    connect(exaggeration_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        scene_->setVerticalExaggeration(v);
        requestRender();
    });
    tb->addWidget(exaggeration_);
    QToolBar* time = addToolBar("Time");
    time->setObjectName("timeToolBar");
    playButton_ = new QToolButton;
    playButton_->setObjectName("playButton");
    playButton_->setText("▶");
    playButton_->setCheckable(true);
    playButton_->setToolTip("Play / pause the time series (Space)");
    playButton_->setShortcut(QKeySequence(Qt::Key_Space));
    time->addWidget(playButton_);
    timeSlider_ = new QSlider(Qt::Horizontal);
    timeSlider_->setObjectName("timeSlider");
    timeSlider_->setMinimumWidth(260);
    timeSlider_->setEnabled(false);
    time->addWidget(timeSlider_);
    timeLabel_ = new QLabel(" no time series ");
    timeLabel_->setObjectName("timeLabel");
    time->addWidget(timeLabel_);
    playTimer_ = new QTimer(this);
    playTimer_->setInterval(700);
    connect(playTimer_, &QTimer::timeout, this, [this] {
        if (timeSlider_->maximum() <= 0) return;
        timeSlider_->setValue(timeSlider_->value() >= timeSlider_->maximum() ? 0 : timeSlider_->value() + 1);
    });
    connect(playButton_, &QToolButton::toggled, this, [this](bool on) {
        playButton_->setText(on ? "⏸" : "▶");
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
    if (loading_) {
        showError("Busy", "A scenario is still loading; try again when it has loaded.");
        emit scenarioLoaded(false);
        return;
    }
    if (sims_->running()) {
        showError("Busy", "A simulator is running on the current city model; cancel it first.");
        emit scenarioLoaded(false);
        return;
    }
    core::Scenario scenario;
    try {
        scenario = core::loadScenario(path.toStdString());
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", QString::fromStdString(e.what()));
        showError("Cannot open the scenario",
                  "<b>" + path.toHtmlEscaped() + "</b><br><br>" + QString(e.what()).toHtmlEscaped());
        emit scenarioLoaded(false);
        return;
    }
    loading_ = true;
    const int generation = ++loadGeneration_;
    setBusy(true, "Loading");
    log_->add(AppLog::Level::Info, "viewer", "loading " + path);
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
                    showError("Cannot load the scenario",
                              "<b>" + path.toHtmlEscaped() + "</b><br><br>" + loaded->error.toHtmlEscaped());
                    emit scenarioLoaded(false);
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
            out->error = "unknown failure while loading";
        }
        return out;
    }));
}

void MainWindow::applyLoaded(const QString& path, std::shared_ptr<Loaded> loaded) {
    try {
        model_ = loaded->model;
        scenarioPath_ = path;
        runs_.clear();
        addedData_.clear();
        scene_->setContent(loaded->content);
        scene_->setVerticalExaggeration(exaggeration_->value());
        scene_->applyCameraPreset(render::CameraPreset::Default);
        scene_->setTitle(model_->name);
        const std::string credit = render::dataAttribution(path.toStdString());
        scene_->setAttribution("CityTwin · " + model_->crs.describe() +
                               (credit.empty() ? "" : " · " + credit));
        sims_->setModel(model_, &scenario_);
        refreshLayers();
        updateTimeBar();
        inspector_->clear();
        setWindowTitle(QString::fromStdString(model_->name) + " — CityTwin");
        addRecent(path);
        const std::size_t warnings = model_->report.warningCount();
        log_->add(AppLog::Level::Info, "viewer",
                  QString("loaded %1: %2 buildings, %3 roads%4%5")
                      .arg(QString::fromStdString(model_->name))
                      .arg(model_->buildings.size())
                      .arg(model_->roads.size())
                      .arg(model_->hasTerrain() ? QString(", terrain %1 x %2")
                                                      .arg(model_->terrain.width())
                                                      .arg(model_->terrain.height())
                                                : QString(", no terrain"))
                      .arg(warnings ? QString(", %1 import warning(s)").arg(warnings) : QString()));
        for (const core::ImportMessage& m : model_->report.messages)
            if (m.severity == core::ImportMessage::Severity::Warning)
                log_->add(AppLog::Level::Warning, "import", QString::fromStdString(m.source + ": " + m.text));
        requestRender();
        emit scenarioLoaded(true);
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", e.what());
        showError("Cannot show the scenario", e.what());
        emit scenarioLoaded(false);
    }
}

void MainWindow::addDataFile(const QString& path) {
    if (!model_) {
        emit dataAdded(false);
        return;
    }
    setBusy(true, "Adding data");
    const auto model = model_;
    const render::SceneContent content = scene_->content();
    struct Added {
        render::LayerDataPtr layer;
        bool raster = false;
        QString error;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Added>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Added>>::finished, this, [this, watcher, path] {
        auto added = watcher->result();
        watcher->deleteLater();
        setBusy(false, {});
        if (!added->error.isEmpty()) {
            log_->add(AppLog::Level::Error, "viewer", added->error);
            showError("Cannot add the data",
                      "<b>" + path.toHtmlEscaped() + "</b><br><br>" + added->error.toHtmlEscaped());
            emit dataAdded(false);
            return;
        }
        scene_->addLayer(added->layer);
        core::DatasetSpec spec;
        spec.name = render::infoOf(*added->layer).name;
        spec.key = "layers." + spec.name;
        spec.files = {QFileInfo(path).absoluteFilePath().toStdString()};
        spec.written = spec.files;
        spec.kind = added->raster ? "raster" : "vector";
        addedData_.push_back(spec);
        refreshLayers();
        layers_->setCurrentLayer(render::infoOf(*added->layer).id);
        log_->add(AppLog::Level::Info, "viewer", "added " + path);
        requestRender();
        emit dataAdded(true);
    });
    const int n = static_cast<int>(addedData_.size()) + 1;
    watcher->setFuture(QtConcurrent::run([path, model, content, n] {
        auto out = std::make_shared<Added>();
        try {
            bool raster = false;
            render::OutputData data = importDataFile(path.toStdString(), *model, &raster);
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
        showError("No city model", "Open the scenario the results were computed for first.");
        return;
    }
    // A run directory can hold hundreds of frames: read it off the GUI thread. The registry is only read.
    struct Read {
        std::vector<render::RunResults> runs;
        QString error;
    };
    setBusy(true, "reading results");
    auto* watcher = new QFutureWatcher<std::shared_ptr<Read>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Read>>::finished, this, [this, watcher, dir] {
        std::shared_ptr<Read> read = watcher->result();
        watcher->deleteLater();
        setBusy(false, {});
        if (!read->error.isEmpty()) {
            log_->add(AppLog::Level::Error, "viewer", dir + ": " + read->error);
            showError("Cannot open the results", dir + ":\n" + read->error);
            return;
        }
        for (render::RunResults& run : read->runs) {
            log_->add(AppLog::Level::Info, "viewer",
                      "results of " + QString::fromStdString(run.label) + " read from " + dir);
            onRunCompleted(std::make_shared<render::RunResults>(std::move(run)));
        }
    });
    watcher->setFuture(QtConcurrent::run([dir] {
        auto read = std::make_shared<Read>();
        try {
            read->runs = render::readRunDirectory(dir.toStdString());
            if (read->runs.empty()) read->error = "holds no simulator results";
        } catch (const std::exception& e) {
            read->error = QString::fromUtf8(e.what());
        }
        return read;
    }));
}

QString MainWindow::scenarioForRun(QString& error) {
    if (scenarioPath_.isEmpty()) {
        error = "Open a scenario first.";
        return {};
    }
    // The worker loads the scenario from a file: the one opened, or (with data added in the viewer, or a data
    // file opened on its own) the scenario as the viewer holds it now, written beside the runs.
    if (addedData_.empty() && core::looksLikeScenario(scenarioPath_.toStdString())) return scenarioPath_;
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
        error = QString("Cannot write the scenario for the run: ") + e.what();
        return {};
    }
}

void MainWindow::onRunCompleted(std::shared_ptr<render::RunResults> results) {
    if (!results || !model_) return;
    runs_.push_back(results);
    // The latest run of each simulator offers its rasters and vectors to the next simulator as layers.
    {
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
    const QString label = QString::fromStdString(results->label);
    for (const render::OutputData& o : results->outputs) {
        if (o.decl.kind == sdk::OutputKind::Scalar)
            log_->add(AppLog::Level::Info, label,
                      QString::fromStdString(o.decl.label + " = ") + QString::number(o.scalar, 'g', 6) +
                          (o.decl.unit.empty() ? "" : " " + QString::fromStdString(o.decl.unit)));
        if (o.decl.kind == sdk::OutputKind::Table && o.table)
            log_->add(AppLog::Level::Info, label,
                      QString::fromStdString(o.decl.label) + ": table of " +
                          QString::number(o.table->rows.size()) +
                          " rows, kept with the run (tables are not drawn as layers)");
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
            showError("Cannot show the results", label + ": " + built->error);
        }
        double lastTime = -1;
        for (const auto& [layer, visible] : built->layers) {
            scene_->addLayer(layer, visible);
            const render::LayerInfo& li = render::infoOf(*layer);
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
                    render::buildLayer(content, results->label + "/" + o.simulator + "." + o.decl.id,
                                       o.decl.label.empty() ? o.decl.id : o.decl.label, results->label, o),
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
    timeLabel_->setText(times.empty() ? " no time series "
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
        log_->add(AppLog::Level::Error, "viewer", QString("identify failed: ") + e.what());
        return r;
    }
    inspector_->clear();
    if (auto* charts = findChild<ChartDock*>()) charts->showPick(r);
    if (!r.hit) return r;
    lastPick_ = r;
    auto* title = new QTreeWidgetItem(inspector_, {QString::fromStdString(r.title)});
    QFont f = title->font(0);
    f.setBold(true);
    title->setFont(0, f);
    title->setFirstColumnSpanned(true);
    const render::LayerInfo* info = scene_->layerInfo(r.layerId);
    if (info) new QTreeWidgetItem(inspector_, {"layer", QString::fromStdString(info->name), ""});
    for (const render::PickRow& row : r.rows)
        new QTreeWidgetItem(inspector_, {QString::fromStdString(row.name), QString::fromStdString(row.value),
                                         QString::fromStdString(row.unit)});
    if (!r.layerId.empty() && r.layerId != "terrain") layers_->setCurrentLayer(r.layerId);
    return r;
}

// ---- persistence
// ----------------------------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent* e) {
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
        log_->add(AppLog::Level::Info, "viewer", "saved " + path);
        statusBar()->showMessage("Saved " + path, 5000);
        if (path != scenarioPath_) {
            scenarioPath_ = path;
            addRecent(path);
        }
        scenario_ = core::loadScenario(path.toStdString());
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "viewer", e.what());
        showError("Cannot save the scenario", e.what());
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
    gui::exportImageDialog(*this, QFileInfo(scenarioPath_).absolutePath() + "/citytwin.png",
                           QString::fromStdString("CityTwin · " + (model_ ? model_->crs.describe() : std::string()) +
                                                  (credit.empty() ? "" : " · " + credit)));
}

void MainWindow::exportAnimationDialog() {
    gui::exportAnimationDialog(*this, QFileInfo(scenarioPath_).absolutePath());
}

void MainWindow::exportLayer(const std::string& id) {
    const render::OutputData* data = id.empty() ? nullptr : scene_->layerData(id);
    const render::LayerInfo* info = id.empty() ? nullptr : scene_->layerInfo(id);
    if (!data || !info) {
        showError("Nothing to export",
                  "Select a raster or vector layer (a result or added data) in the layer tree.");
        return;
    }
    const QString base =
        QFileInfo(scenarioPath_).absolutePath() + "/" + QString::fromStdString(data->decl.id);
    try {
        if (data->decl.kind == sdk::OutputKind::Raster) {
            const QString p =
                QFileDialog::getSaveFileName(this, "Export raster", base + ".tif", "GeoTIFF (*.tif)");
            if (p.isEmpty()) return;
            core::Raster r = *data->raster;
            if (r.unit.empty()) r.unit = data->decl.unit;
            core::writeRaster(r, p.toStdString());
            log_->add(AppLog::Level::Info, "export", "wrote " + p);
        } else if (data->decl.kind == sdk::OutputKind::RasterSeries) {
            const QString dir = QFileDialog::getExistingDirectory(
                this, "Folder for the frames (GeoTIFF + index.csv)", QFileInfo(scenarioPath_).absolutePath());
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
            const QString p = QFileDialog::getSaveFileName(this, "Export vector layer", base + ".gpkg",
                                                           "GeoPackage (*.gpkg)");
            if (p.isEmpty()) return;
            core::VectorLayer l = *data->vector;
            l.name = data->decl.id;
            core::writeGeoPackage(l, p.toStdString());
            log_->add(AppLog::Level::Info, "export", "wrote " + p);
        }
    } catch (const std::exception& e) {
        log_->add(AppLog::Level::Error, "export", e.what());
        showError("Export failed", e.what());
    }
}

void MainWindow::saveCamera() {
    const QString p = QFileDialog::getSaveFileName(this, "Save camera",
                                                   QFileInfo(scenarioPath_).absolutePath() + "/camera.json",
                                                   "Camera files (*.json)");
    if (p.isEmpty()) return;
    try {
        render::writeCameraFile(scene_->cameraState(), p.toStdString());
        log_->add(AppLog::Level::Info, "export", "wrote " + p);
    } catch (const std::exception& e) {
        showError("Cannot save the camera", e.what());
    }
}

void MainWindow::loadCamera() {
    const QString p = QFileDialog::getOpenFileName(
        this, "Load camera", QFileInfo(scenarioPath_).absolutePath(), "Camera files (*.json)");
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
        showError("Cannot load the camera", e.what());
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

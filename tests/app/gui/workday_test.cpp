// The viewer as a planner's daily tool (issue 18, issue 13), driven as a user drives it under Xvfb: projects
// that keep the scenario, styles, camera and runs and reopen them; the quit prompt; the two form resets and
// undo/redo; exports that default to the output folder; exact identities (integer ids, fids, Korean layer
// names, CP949 Shapefiles); the small things (play icon, a form that fits, the time bar and the view
// agreeing, one message per parameter problem, buildings that come back); the picked object's outline;
// attribute tables; help and the tour. Screenshots go to the build tree (tests/app/gui/output/).

#include <cstdio>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFontMetrics>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app_log.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/vector_io.h"
#include "citytwin/render/scene.h"
#include "help.h"
#include "highlight.h"
#include "layer_panel.h"
#include "main_window.h"
#include "param_form.h"
#include "project.h"
#include "run_list.h"
#include "settings.h"
#include "simulator_panel.h"
#include "table_view.h"
#include "viewer_setup.h"
#include "vtk_view.h"

using namespace citytwin;
namespace fs = std::filesystem;

namespace {

QString source(const QString& rel) {
    return QString(CITYTWIN_SOURCE_DIR) + "/" + rel;
}

void closeMessageBoxes(QWidget* w) {
    for (QMessageBox* b : w->findChildren<QMessageBox*>())
        if (b->isVisible()) b->close();
    QCoreApplication::processEvents();
}

/// The text of the visible message box whose text contains `needle` ("" when there is none).
QString messageWith(QWidget* w, const QString& needle) {
    for (QMessageBox* b : w->findChildren<QMessageBox*>())
        if (b->isVisible() && (b->text().contains(needle) || needle.isEmpty())) return b->text();
    return {};
}

/// Pixels of the highlight colour (magenta) in an image.
long magentaPixels(const QImage& img) {
    long n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            if (qRed(p) > 200 && qBlue(p) > 170 && qGreen(p) < 90) ++n;
        }
    return n;
}

}  // namespace

class WorkdayTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void koreanLayerNamesAndCp949Shapefiles();
    void inspectorShowsIdsExactlyAndFeaturesByFid();
    void thePickedObjectIsOutlined();
    void attributeTablesSortNumbersAndExportCsv();
    void timeBarAndViewAgreeAtTheStart();
    void playButtonDrawsAnIcon();
    void simulatorFormFitsWithoutSideScrolling();
    void parameterProblemsAreListedOnceByLabel();
    void formResetsToScenarioOrDefaultsAndUndoRedo();
    void hidingResultBuildingsBringsBackTheModelBuildings();
    void projectsKeepRunsStylesAndCamera();
    void badProjectFilesNameTheFileAndKey();
    void aFailedSaveLeavesTheProjectAsItWas();
    void quittingWithUnsavedRunsAsksFirst();
    void exportsDefaultToTheOutputFolder();
    void everyDockAndControlHasATooltip();
    void helpPagesAndTheTour();
    void cleanupTestCase();

private:
    bool open(const QString& path);
    QImage view();
    void save(const QImage& image, const QString& name);
    void prepareRun(const QString& simulator, const QStringList& fields);
    bool runAndWait();
    QString writeScenario(const QString& name, const QString& extraLayers, const QString& simulators);
    QString writeSyntheticRun(const QString& name);
    void clickOn(const std::array<double, 3>& world);

    std::unique_ptr<gui::AppLog> log_;
    std::unique_ptr<gui::MainWindow> window_;
    QString out_;
    QString gpkg_;  ///< the GeoPackage of 30 gauges with big integer ids
};

void WorkdayTest::initTestCase() {
    out_ = QString(CITYTWIN_TEST_OUTPUT_DIR) + "/workday";
    fs::remove_all(out_.toStdString());
    fs::create_directories(out_.toStdString());
    QSettings().clear();
    QSettings().setValue("paths/output", out_ + "/exports");
    log_ = std::make_unique<gui::AppLog>();
    gui::installMessageRouting(log_.get());
    window_ = std::make_unique<gui::MainWindow>(log_.get());
    window_->resize(1480, 920);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void WorkdayTest::cleanupTestCase() {
    // Discard the session's runs without a prompt.
    QTimer::singleShot(0, this, [this] {
        if (auto* box = window_->findChild<QMessageBox*>("unsavedPrompt"))
            box->button(QMessageBox::Discard)->click();
    });
    window_->close();
    QTest::qWait(50);
    window_.reset();
    QCOMPARE(log_->errorCount("vtk"), 0);
    QCOMPARE(log_->errorCount("qt"), 0);
    gui::installMessageRouting(nullptr);
}

bool WorkdayTest::open(const QString& path) {
    QSignalSpy spy(window_.get(), &gui::MainWindow::scenarioLoaded);
    window_->openScenario(path);
    if (spy.isEmpty() && !spy.wait(120000)) return false;
    return spy.first().first().toBool();
}

QImage WorkdayTest::view() {
    QCoreApplication::processEvents();
    window_->view()->requestRender();
    QCoreApplication::processEvents();
    return window_->view()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
}

void WorkdayTest::save(const QImage& image, const QString& name) {
    image.save(out_ + "/" + name);
}

void WorkdayTest::prepareRun(const QString& simulator, const QStringList& fields) {
    gui::SimulatorPanel* panel = window_->simulatorPanel();
    QVERIFY2(panel->selectSimulator(simulator), qPrintable(simulator + " is not loaded"));
    for (const QString& pair : fields) {
        std::string problem;
        QVERIFY2(panel->form()->setValue(pair.section('=', 0, 0).toStdString(),
                                         pair.section('=', 1).toStdString(), &problem),
                 problem.c_str());
    }
}

bool WorkdayTest::runAndWait() {
    QSignalSpy results(window_.get(), &gui::MainWindow::resultsAdded);
    auto* run = window_->simulatorPanel()->findChild<QPushButton*>("runButton");
    if (!run || !run->isEnabled()) return false;
    QTest::mouseClick(run, Qt::LeftButton);
    return results.wait(120000);
}

QString WorkdayTest::writeScenario(const QString& name, const QString& extraLayers,
                                   const QString& simulators) {
    // The Merewether demo with absolute paths, extra layers and simulator blocks.
    const QString dir = source("data/merewether");
    const QString text =
        QString(R"json({"citytwin_scenario": 1, "name": "Merewether (test)", "crs": "EPSG:32756",
      "terrain": "%1/merewether_dem_1m.tif",
      "buildings": {"file": "%1/merewether.gpkg", "layer": "houses", "default_height_m": 4.5},
      "layers": {"road_surface": {"file": "%1/merewether.gpkg", "layer": "road_surface"}%2},
      "simulators": {%3}})json")
            .arg(dir, extraLayers, simulators);
    const QString path = out_ + "/" + name;
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text.toUtf8());
    return path;
}

QString WorkdayTest::writeSyntheticRun(const QString& name) {
    // A run folder written by core's run folder module, as a simulator with a depth series starting at 5
    // minutes (frames at 300 and 600 s) and gauges writes it. The gauges are shown at first, the series is
    // not (as a flood run shows its maximum depth and lists its depth series): the time bar then starts at
    // the first frame.
    const core::CityModel& m = *window_->model();
    sdk::Description d;
    d.info = {"synthetic", "Synthetic", "1", "A series that starts at 5 minutes.", {}};
    sdk::OutputDecl depth;
    depth.id = "depth";
    depth.label = "Depth";
    depth.kind = sdk::OutputKind::RasterSeries;
    depth.unit = "m";
    depth.style = sdk::Style::draped("viridis", 0, 1);
    sdk::OutputDecl points;
    points.id = "gauges";
    points.label = "Gauges";
    points.kind = sdk::OutputKind::Vector;
    points.style = sdk::Style::points("circle");
    d.outputs = {depth, points};
    const QString dir = out_ + "/" + name;
    fs::create_directories(dir.toStdString());
    core::ResultWriter w(dir.toStdString(), d);
    for (double t : {300.0, 600.0}) {
        core::Raster r(m.terrain.width(), m.terrain.height(), m.terrain.geoTransform(), m.terrain.crs());
        for (float& v : r.data())
            v = static_cast<float>(t / 600.0);
        w.frame("depth", t, r);
    }
    core::VectorLayer g;
    g.crs = m.crs;
    g.fields.ensure("id", core::FieldType::Integer);
    core::VectorFeature f;
    f.kind = core::GeometryKind::Point;
    f.points = {core::centroid(m.buildings[0].footprint)};
    f.attributes = {std::int64_t{1}};
    g.features.push_back(f);
    w.vector("gauges", g);
    w.finish();
    core::RunRecord rec;
    core::SimulatorRecord sr;
    sr.info = d.info;
    sr.outputs = w.outputs();
    rec.simulators.push_back(sr);
    core::writeManifest(dir.toStdString(), rec);
    return dir;
}

void WorkdayTest::clickOn(const std::array<double, 3>& world) {
    QCoreApplication::processEvents();
    const auto d = window_->scene().worldToDisplay(world);
    gui::VtkView* v = window_->view();
    const double dpr = v->devicePixelRatioF();
    const QPoint pos(static_cast<int>(d[0] / dpr), static_cast<int>(v->height() - (d[1] + 1) / dpr));
    QTest::mouseClick(v, Qt::LeftButton, {}, pos);
}

// ---- identity and text
// ------------------------------------------------------------------------------------------

void WorkdayTest::koreanLayerNamesAndCp949Shapefiles() {
    // A CP949 Shapefile without .cpg (as Korean public data come), under a Korean layer name (우수관측점:
    // rain gauges).
    GDALAllRegister();
    const QString shp = out_ + "/gauges_cp949.shp";
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        GDALDataset* ds = drv->Create(shp.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
        QVERIFY(ds);
        OGRSpatialReference srs;
        srs.importFromEPSG(32756);
        const char* lco[] = {"ENCODING=CP949", nullptr};
        OGRLayer* l = ds->CreateLayer("gauges_cp949", &srs, wkbPoint, const_cast<char**>(lco));
        OGRFieldDefn name("이름", OFTString);
        name.SetWidth(40);
        l->CreateField(&name);
        OGRFeature* f = OGRFeature::CreateFeature(l->GetLayerDefn());
        f->SetField(0, "우수관측점 가");
        OGRPoint p(382420, 6354450);
        f->SetGeometry(&p);
        l->CreateFeature(f);
        OGRFeature::DestroyFeature(f);
        GDALClose(ds);
        QFile::remove(out_ + "/gauges_cp949.cpg");
    }
    const QString scenario =
        writeScenario("korean.json", QString(R"(, "우수관측점": {"file": "%1"})").arg(shp), "");
    QVERIFY2(open(scenario), qPrintable(messageWith(window_.get(), "")));
    const core::CityModel& m = *window_->model();
    QVERIFY2(m.vectors.count("우수관측점") == 1, "the Korean layer name did not come through");
    const core::VectorLayer& v = m.vectors.at("우수관측점");
    QVERIFY2(v.fields.indexOf("이름") >= 0, "the CP949 field name was read as mojibake");
    QCOMPARE(QString::fromStdString(core::toText(v.value(0, "이름"))), QString("우수관측점 가"));
    // The layer tree shows the name, and the log says which encoding was used.
    bool listed = false;
    for (const render::LayerInfo& l : window_->scene().layers())
        listed = listed || l.name == "우수관측점";
    QVERIFY(listed);
    bool noted = false;
    for (const QString& line : log_->lines())
        noted = noted || line.contains("CP949");
    QVERIFY2(noted, "the import warnings do not say the text was read as CP949");
    save(window_->grab().toImage(), "korean_layer_window.png");
}

void WorkdayTest::inspectorShowsIdsExactlyAndFeaturesByFid() {
    QVERIFY(open(source("data/merewether/scenario.json")));
    // 30 gauges with OSM-sized integer ids; GeoPackage fids run from 1, so feature 26 has fid 27.
    const core::CityModel& m = *window_->model();
    core::VectorLayer gauges;
    gauges.name = "gauges";
    gauges.crs = m.crs;
    gauges.fields.ensure("osm_id", core::FieldType::Integer);
    gauges.fields.ensure("name", core::FieldType::String);
    gauges.fields.ensure("depth_m", core::FieldType::Real);
    const core::Box e = m.extent;
    for (int i = 0; i < 30; ++i) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Point;
        f.points = {
            {e.minX + (e.maxX - e.minX) * (0.2 + 0.02 * i), e.minY + (e.maxY - e.minY) * (0.3 + 0.015 * i)}};
        // Depths 0.5, 1.5, ..., with 9, 10 and 100 among them: text order and number order differ.
        const double depth = i == 3 ? 9.0 : i == 4 ? 10.0 : i == 5 ? 100.0 : 0.5 + i;
        f.attributes = {std::int64_t{367771707} + i, "우수관측점 " + std::to_string(i + 1), depth};
        gauges.features.push_back(f);
    }
    gpkg_ = out_ + "/gauges.gpkg";
    core::writeGeoPackage(gauges, gpkg_.toStdString());
    QSignalSpy added(window_.get(), &gui::MainWindow::dataAdded);
    window_->addDataFile(gpkg_);
    QVERIFY(added.wait(60000));
    QVERIFY(added.first().first().toBool());
    std::string id;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == "Data") id = l.id;
    QVERIFY(!id.empty());
    window_->scene().applyCameraPreset(render::CameraPreset::Top);
    view();
    const core::Point p = gauges.features[26].points[0];
    clickOn({p.x, p.y, m.terrain.sampleBilinear(p)});
    QTreeWidget* inspector = window_->inspector();
    QTRY_VERIFY(inspector->topLevelItemCount() > 2);
    const QString title = inspector->topLevelItem(0)->text(0);
    QVERIFY2(title.contains("fid 27"), qPrintable(title));
    QVERIFY2(!title.contains("feature 26"), qPrintable(title));
    QString osm;
    for (int i = 0; i < inspector->topLevelItemCount(); ++i)
        if (inspector->topLevelItem(i)->text(0) == "osm_id") osm = inspector->topLevelItem(i)->text(1);
    QCOMPARE(osm, QString("367771733"));
    save(window_->grab().toImage(), "inspector_ids_window.png");
}

// ---- the picked object, tables
// -------------------------------------------------------------------------------------

void WorkdayTest::thePickedObjectIsOutlined() {
    window_->scene().applyCameraPreset(render::CameraPreset::Default);
    window_->inspector()->clear();
    const QImage before = view();
    const core::Building& b = window_->model()->buildings[30];
    const core::Point c = core::centroid(b.footprint);
    clickOn({c.x, c.y, b.baseM + b.heightM});
    QTRY_VERIFY(window_->inspector()->topLevelItemCount() > 2);
    QVERIFY(window_->inspector()->topLevelItem(0)->text(0).startsWith("Building"));
    QVERIFY(window_->highlight().visible());
    QVERIFY(window_->highlight().segments() >= 12);  // a box has at least 12 edges
    const QImage after = view();
    save(after, "highlight_view.png");
    const long outlined = magentaPixels(after) - magentaPixels(before);
    QVERIFY2(outlined > 40, qPrintable(QString("only %1 outline pixels").arg(outlined)));
    // The ground: a cross where it was clicked; nothing: no outline.
    window_->pickAt(QPoint(5, 5));
    QVERIFY(window_->highlight().visible() == window_->inspector()->topLevelItemCount() > 0);
}

void WorkdayTest::attributeTablesSortNumbersAndExportCsv() {
    std::string id;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == "Data") id = l.id;
    QVERIFY(!id.empty());
    gui::AttributeTableDialog* dlg = window_->openAttributeTable(id);
    QVERIFY(dlg);
    QTableView* table = dlg->view();
    QCOMPARE(table->model()->rowCount(), 30);
    // Columns: fid, osm_id, name, depth_m.
    QCOMPARE(table->model()->headerData(3, Qt::Horizontal).toString(), QString("depth_m"));
    table->sortByColumn(3, Qt::AscendingOrder);
    QStringList depths;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        depths << table->model()->index(r, 3).data().toString();
    // Numbers sort as numbers: 9 before 10 before 100 (as text, "10" < "100" < "9").
    QVERIFY2(depths.indexOf("9") < depths.indexOf("10") && depths.indexOf("10") < depths.indexOf("100"),
             qPrintable(depths.join(" ")));
    QCOMPARE(depths.last(), QString("100"));
    table->sortByColumn(1, Qt::DescendingOrder);
    QCOMPARE(table->model()->index(0, 1).data().toString(), QString("367771736"));
    // A row highlights its feature in the view.
    table->selectRow(0);
    QVERIFY(window_->highlight().visible());
    QVERIFY(window_->inspector()->topLevelItem(0)->text(0).contains("fid 30"));
    // Filter, then export what is shown.
    dlg->filter()->setText("우수관측점 1");  // 1, 10..19
    QCOMPARE(dlg->proxy()->rowCount(), 11);
    const QString csv = out_ + "/exports/gauges.csv";
    QVERIFY(dlg->exportCsv(csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));  // UTF-8 with a BOM, for spreadsheet programs
    const QStringList lines = QString::fromUtf8(bytes.mid(3)).split("\r\n", Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 12);
    QCOMPARE(lines[0], QString("fid,osm_id,name,depth_m"));
    QVERIFY2(lines[1].contains(",367771725,"), qPrintable(lines[1]));  // sorted by osm_id, descending
    QVERIFY(lines[1].contains("우수관측점 19"));
    save(dlg->grab().toImage(), "attribute_table.png");
    dlg->close();
}

// ---- small things
// ---------------------------------------------------------------------------------------------------

void WorkdayTest::timeBarAndViewAgreeAtTheStart() {
    // A depth series whose first frame is at 5 minutes: the tool bar said 0:05:00 while the view said
    // 0:00:00.
    const QString run = writeSyntheticRun("synthetic_run");
    QSignalSpy results(window_.get(), &gui::MainWindow::resultsAdded);
    window_->openResults(run);
    QVERIFY(results.wait(60000));
    auto* label = window_->findChild<QLabel*>("timeLabel");
    QVERIFY(label);
    const double t = window_->scene().time();
    const long s = std::lround(t);
    const QString shown = QString("%1:%2:%3")
                              .arg(s / 3600)
                              .arg((s / 60) % 60, 2, 10, QChar('0'))
                              .arg(s % 60, 2, 10, QChar('0'));
    QCOMPARE(label->text().trimmed(), shown);
    QVERIFY2(t >= 300.0, qPrintable(QString("the scene shows t = %1 s before the first frame").arg(t)));
}

void WorkdayTest::playButtonDrawsAnIcon() {
    auto* play = window_->findChild<QToolButton*>("playButton");
    QVERIFY(play);
    auto drawable = [play] {
        if (!play->icon().isNull()) return true;
        // A text glyph only counts when the font has it (⏸ was drawn as an empty box).
        const QFontMetrics fm(play->font());
        for (const QChar c : play->text())
            if (!fm.inFont(c)) return false;
        return !play->text().isEmpty();
    };
    QVERIFY(drawable());
    play->setChecked(true);
    QVERIFY2(drawable(), "the pause state has no drawable icon");
    QVERIFY(!play->icon().isNull());
    play->setChecked(false);
}

void WorkdayTest::simulatorFormFitsWithoutSideScrolling() {
    gui::SimulatorPanel* panel = window_->simulatorPanel();
    auto* scroll = panel->findChild<QScrollArea*>("formScroll");
    QVERIFY(scroll);
    for (const int width : {1480, 1920}) {
        window_->resize(width, width == 1480 ? 920 : 1080);
        QTest::qWait(50);
        for (const auto& sim : window_->registry().simulators()) {
            QVERIFY(panel->selectSimulator(QString::fromStdString(sim->id())));
            if (auto* adv = panel->findChild<QToolButton*>("advancedToggle")) adv->setChecked(true);
            QTest::qWait(20);
            QCoreApplication::processEvents();
            const int overflow = scroll->horizontalScrollBar()->maximum();
            QVERIFY2(overflow == 0, qPrintable(QString("%1 at %2 px: the form is %3 px too wide")
                                                   .arg(QString::fromStdString(sim->id()))
                                                   .arg(width)
                                                   .arg(overflow)));
        }
    }
    if (window_->registry().find("flood")) panel->selectSimulator("flood");
    QTest::qWait(100);
    save(window_->grab().toImage(), "simulator_form_1920.png");
    window_->resize(1480, 920);
    QTest::qWait(50);
}

void WorkdayTest::parameterProblemsAreListedOnceByLabel() {
    prepareRun("sdk_test", {"mode=normal"});
    auto* rain = window_->simulatorPanel()->findChild<QLineEdit*>("param_rain");
    QVERIFY(rain);
    rain->setText("[[0, 1], [600");
    closeMessageBoxes(window_.get());
    QTest::mouseClick(window_->simulatorPanel()->findChild<QPushButton*>("runButton"), Qt::LeftButton);
    QString text;
    QTRY_VERIFY(!(text = messageWith(window_.get(), "not run")).isEmpty());
    QVERIFY2(text.count("Rain:") == 1, qPrintable(text));
    QVERIFY2(!text.contains("rain:"), qPrintable(text));
    closeMessageBoxes(window_.get());
    window_->simulatorPanel()->resetToDefaults();
}

void WorkdayTest::formResetsToScenarioOrDefaultsAndUndoRedo() {
    const QString scenario =
        writeScenario("with_block.json", "", R"("sdk_test": {"offset_m": 5.0, "frames": 2})");
    QVERIFY(open(scenario));
    gui::SimulatorPanel* panel = window_->simulatorPanel();
    QVERIFY(panel->selectSimulator("sdk_test"));
    QTest::qWait(1);
    auto value = [panel](const char* id) {
        for (const auto& [k, v] : panel->form()->snapshot())
            if (k == id) return QString::fromStdString(v);
        return QString();
    };
    QCOMPARE(value("offset_m"), QString("5"));  // from the scenario's block
    QCOMPARE(value("frames"), QString("2"));
    QUndoStack* undo = window_->undoStack();
    undo->clear();
    // A user's edit, then each reset.
    auto* offset = panel->findChild<QDoubleSpinBox*>("param_offset_m");
    QVERIFY(offset);
    offset->setValue(7.0);
    QCOMPARE(value("offset_m"), QString("7"));
    auto* toDefaults = panel->findChild<QPushButton*>("resetDefaultsButton");
    auto* toScenario = panel->findChild<QPushButton*>("resetScenarioButton");
    QVERIFY2(toDefaults && toScenario, "the form lacks the two resets");
    QTest::mouseClick(toDefaults, Qt::LeftButton);
    QCOMPARE(value("offset_m"), QString("1"));  // the declared default
    QCOMPARE(value("frames"), QString("3"));
    QTest::mouseClick(toScenario, Qt::LeftButton);
    QCOMPARE(value("offset_m"), QString("5"));
    QCOMPARE(value("frames"), QString("2"));
    // Undo walks back through both resets and the edit; redo forward again.
    QCOMPARE(undo->count(), 3);
    undo->undo();
    QCOMPARE(value("offset_m"), QString("1"));
    undo->undo();
    QCOMPARE(value("offset_m"), QString("7"));
    QCOMPARE(value("frames"), QString("2"));
    undo->undo();
    QCOMPARE(value("offset_m"), QString("5"));
    undo->redo();
    QCOMPARE(value("offset_m"), QString("7"));
    // Style edits: the terrain's opacity, through the slider of the style editor.
    window_->layerPanel()->setCurrentLayer("terrain");
    auto* opacity = window_->layerPanel()->findChild<QSlider*>("opacitySlider");
    QVERIFY(opacity);
    const double was = window_->scene().style("terrain").opacity;
    opacity->setValue(40);
    QCOMPARE(window_->scene().style("terrain").opacity, 0.4);
    undo->undo();
    QCOMPARE(window_->scene().style("terrain").opacity, was);
    QTest::qWait(1);
    QCOMPARE(opacity->value(), static_cast<int>(was * 100 + 0.5));
    undo->redo();
    QCOMPARE(window_->scene().style("terrain").opacity, 0.4);
    undo->undo();
    // Edit > Undo is the same stack.
    bool menu = false;
    for (QAction* a : window_->findChildren<QAction*>("undoAction"))
        menu = menu || a->shortcut() == QKeySequence(QKeySequence::Undo);
    QVERIFY(menu);
}

void WorkdayTest::hidingResultBuildingsBringsBackTheModelBuildings() {
    prepareRun("sdk_test", {"frames=1"});
    QVERIFY(runAndWait());
    // The run's buildings output stands where the model's buildings stand: the scene shows one or the other.
    std::string result;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.kind == render::LayerKind::Vector && l.group == window_->runs().back()->label) result = l.id;
    QVERIFY(!result.empty());
    QVERIFY(window_->scene().style(result).visible);
    QVERIFY(!window_->scene().style("buildings").visible);
    QTreeWidgetItem* item = window_->layerPanel()->itemFor(result);
    QVERIFY(item);
    item->setCheckState(0, Qt::Unchecked);
    QVERIFY2(window_->scene().style("buildings").visible,
             "hiding the result buildings left no buildings at all");
    item = window_->layerPanel()->itemFor(result);
    item->setCheckState(0, Qt::Checked);
    QVERIFY(!window_->scene().style("buildings").visible);
    // Undo of the show brings the model's buildings back too.
    window_->undoStack()->undo();
    QVERIFY(!window_->scene().style(result).visible);
    QVERIFY(window_->scene().style("buildings").visible);
    // The run's group check box hides all its layers together.
    const std::string key = window_->runs().back()->label;
    window_->setGroupShown(key, false);
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == key) QVERIFY(!window_->scene().style(l.id).visible);
    QVERIFY(window_->scene().style("buildings").visible);
    window_->setGroupShown(key, true);
}

// ---- projects
// -------------------------------------------------------------------------------------------------------

void WorkdayTest::projectsKeepRunsStylesAndCamera() {
    QVERIFY(open(source("data/merewether/scenario.json")));
    // Two quick runs, one named, a style, a camera, data added in the viewer.
    prepareRun("sdk_test", {"frames=2", "offset_m=2.5"});
    QVERIFY(runAndWait());
    prepareRun("sdk_test", {"frames=1"});
    QVERIFY(runAndWait());
    QCOMPARE(window_->runs().size(), std::size_t{2});
    const std::string first = window_->runs()[0]->label, second = window_->runs()[1]->label;
    // Rename through the Runs panel as a user does (edit the name cell).
    QTreeWidgetItem* row = window_->runList()->itemFor(first);
    QVERIFY(row);
    row->setText(0, "폭우 100 mm/h");
    QCOMPARE(window_->runName(first), QString("폭우 100 mm/h"));
    QTest::qWait(1);
    QCOMPARE(window_->layerPanel()->groupItem(first)->text(0), QString("폭우 100 mm/h"));
    // Hide the second run's layers together, from its check box in the Runs panel.
    window_->runList()->itemFor(second)->setCheckState(0, Qt::Unchecked);
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == second) QVERIFY(!window_->scene().style(l.id).visible);
    render::LayerStyle terrain = window_->scene().style("terrain");
    terrain.opacity = 0.55;
    terrain.colorMap = "greys";
    window_->scene().setStyle("terrain", terrain);
    QSignalSpy added(window_.get(), &gui::MainWindow::dataAdded);
    window_->addDataFile(gpkg_);
    QVERIFY(added.wait(60000));
    std::string dataId;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == "Data") dataId = l.id;
    render::LayerStyle ds = window_->scene().style(dataId);
    ds.colorMap = "magma";
    ds.attribute = "depth_m";
    window_->scene().setStyle(dataId, ds);
    window_->scene().applyCameraPreset(render::CameraPreset::Top);
    window_->scene().orbit(30, 0);
    const render::CameraState camera = window_->scene().cameraState();
    QVERIFY(window_->hasUnsavedRuns());

    const QString path = out_ + "/projects/merewether.ctproj";
    QDir().mkpath(out_ + "/projects");
    QString error;
    QVERIFY2(window_->saveProject(path, &error), qPrintable(error));
    QVERIFY(!window_->hasUnsavedRuns());
    QCOMPARE(window_->runList()->itemFor(first)->text(2), QString("yes"));
    // The file: versioned JSON; the run folders copied beside it, still run folders.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(doc.value("citytwin_project").toInt(), 1);
    QVERIFY(doc.value("scenario").toObject().contains("terrain"));
    QCOMPARE(doc.value("runs").toArray().size(), 2);
    const QString folder = doc.value("runs").toArray()[0].toObject().value("folder").toString();
    QVERIFY2(folder.startsWith("merewether_runs/"), qPrintable(folder));
    QVERIFY(core::isRunDirectory((out_ + "/projects/" + folder).toStdString()));
    QCOMPARE(window_->runs()[0]->runDir, (out_ + "/projects/" + folder).toStdString());

    // Something else, then the project again.
    QVERIFY(open(source("data/seoul_songpa/scenario.json")));
    QVERIFY(window_->runs().empty());
    QSignalSpy opened(window_.get(), &gui::MainWindow::projectOpened);
    window_->openProject(path);
    QVERIFY(opened.wait(120000));
    QVERIFY2(opened.first().first().toBool(), qPrintable(messageWith(window_.get(), "")));
    QCOMPARE(window_->projectPath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(window_->model()->buildings.size(), std::size_t(60));
    QCOMPARE(window_->runs().size(), std::size_t{2});
    QCOMPARE(window_->runs()[0]->label, first);  // in the project's order
    QCOMPARE(window_->runName(first), QString("폭우 100 mm/h"));
    QVERIFY(!window_->hasUnsavedRuns());
    const render::LayerStyle t = window_->scene().style("terrain");
    QCOMPARE(t.opacity, 0.55);
    QCOMPARE(QString::fromStdString(t.colorMap), QString("greys"));
    // The added data came back as a scenario layer with its style.
    bool dataBack = false;
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.id.rfind("layer:", 0) == 0 && window_->scene().style(l.id).colorMap == "magma") dataBack = true;
    QVERIFY2(dataBack, "the added data or its style did not come back");
    for (const render::LayerInfo& l : window_->scene().layers())
        if (l.group == second) QVERIFY2(!window_->scene().style(l.id).visible, l.id.c_str());
    const render::CameraState c = window_->scene().cameraState();
    for (int i = 0; i < 3; ++i) {
        QVERIFY(std::fabs(c.position[static_cast<std::size_t>(i)] -
                          camera.position[static_cast<std::size_t>(i)]) < 0.01);
        QVERIFY(std::fabs(c.focalPoint[static_cast<std::size_t>(i)] -
                          camera.focalPoint[static_cast<std::size_t>(i)]) < 0.01);
    }
    save(window_->grab().toImage(), "project_reopened_window.png");
    // A new run after reopening gets a label of its own.
    prepareRun("sdk_test", {"frames=1"});
    QVERIFY(runAndWait());
    QCOMPARE(window_->runs().size(), std::size_t{3});
    QVERIFY(window_->runs()[2]->label != first && window_->runs()[2]->label != second);
    QVERIFY(window_->hasUnsavedRuns());
}

void WorkdayTest::badProjectFilesNameTheFileAndKey() {
    QVERIFY(window_->model());
    const std::size_t layersBefore = window_->scene().layers().size();
    auto attempt = [this](const QString& name, const QByteArray& body, const QStringList& needles) {
        const QString path = out_ + "/" + name;
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(body);
        f.close();
        closeMessageBoxes(window_.get());
        QSignalSpy opened(window_.get(), &gui::MainWindow::projectOpened);
        window_->openProject(path);
        QVERIFY(!opened.isEmpty() || opened.wait(30000));
        QCOMPARE(opened.first().first().toBool(), false);
        QString text;
        QTRY_VERIFY(!(text = messageWith(window_.get(), name)).isEmpty());
        for (const QString& n : needles)
            QVERIFY2(text.contains(n), qPrintable(text + "\n  lacks: " + n));
        closeMessageBoxes(window_.get());
    };
    attempt("unknown_key.ctproj",
            R"({"citytwin_project": 1, "scenario": {"citytwin_scenario": 1}, "camra": {}})",
            {"camra", "unknown key"});
    attempt(
        "bad_run.ctproj",
        R"({"citytwin_project": 1, "scenario": {"citytwin_scenario": 1}, "runs": [{"key": "a", "folder": 7}]})",
        {"runs[0].folder", "expected a string"});
    attempt("bad_version.ctproj", R"({"citytwin_project": 9, "scenario": {}})",
            {"citytwin_project", "version 9"});
    attempt("broken.ctproj", R"({"citytwin_project": 1, "scenario": )", {"not valid JSON"});
    attempt("bad_scenario.ctproj",
            R"({"citytwin_project": 1, "scenario": {"citytwin_scenario": 1, "resolution": "fine"}})",
            {"scenario.resolution", "expected a number"});
    // The window kept what it had.
    QCOMPARE(window_->scene().layers().size(), layersBefore);
}

void WorkdayTest::aFailedSaveLeavesTheProjectAsItWas() {
    const QString path = out_ + "/projects/merewether.ctproj";
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray before = f.readAll();
    f.close();
    // The new run cannot be copied beside the project: a file sits where its runs folder would be made.
    const QString runs = out_ + "/projects/blocked_runs";
    QFile block(runs);
    QVERIFY(block.open(QIODevice::WriteOnly));
    block.close();
    QFile::copy(path, out_ + "/projects/blocked.ctproj");
    QFile old(out_ + "/projects/blocked.ctproj");
    QVERIFY(old.open(QIODevice::ReadOnly));
    const QByteArray oldBytes = old.readAll();
    old.close();
    QString error;
    QVERIFY(!window_->saveProject(out_ + "/projects/blocked.ctproj", &error));
    QVERIFY2(error.contains("blocked_runs"), qPrintable(error));
    closeMessageBoxes(window_.get());
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), oldBytes);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    QVERIFY(window_->hasUnsavedRuns());
}

void WorkdayTest::quittingWithUnsavedRunsAsksFirst() {
    QVERIFY(window_->hasUnsavedRuns());
    closeMessageBoxes(window_.get());
    QVERIFY(!window_->close());  // refused: a prompt instead
    QVERIFY(window_->isVisible());
    auto* box = window_->findChild<QMessageBox*>("unsavedPrompt");
    QVERIFY2(box && box->isVisible(), "no question before quitting with unsaved runs");
    QVERIFY(box->text().contains("1"));
    save(box->grab().toImage(), "quit_prompt.png");
    box->button(QMessageBox::Cancel)->click();
    QTest::qWait(20);
    QVERIFY(window_->isVisible());
    // Save from the prompt: the project is saved and the window closes. A second window, not to lose this
    // one.
    auto other = std::make_unique<gui::MainWindow>(log_.get());
    other->show();
    QSignalSpy loaded(other.get(), &gui::MainWindow::scenarioLoaded);
    other->openScenario(source("data/merewether/scenario.json"));
    QVERIFY(loaded.wait(60000));
    QSignalSpy results(other.get(), &gui::MainWindow::resultsAdded);
    other->openResults(QString::fromStdString(window_->runs().back()->runDir));
    QVERIFY(results.wait(60000));
    QVERIFY(other->hasUnsavedRuns());
    QVERIFY(!other->close());
    auto* prompt = other->findChild<QMessageBox*>("unsavedPrompt");
    QVERIFY(prompt);
    prompt->button(QMessageBox::Discard)->click();
    QTRY_VERIFY(!other->isVisible());
}

void WorkdayTest::exportsDefaultToTheOutputFolder() {
    const QString dataDir = QFileInfo(source("data/merewether/scenario.json")).absolutePath();
    // The image dialog offers a file in the output folder, not beside the scenario's data.
    QString offered;
    QTimer::singleShot(300, this, [&offered] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dlg = qobject_cast<QDialog*>(w); dlg && dlg->isVisible()) {
                // Closed whatever it holds: a dialog without the field fails the test instead of hanging it.
                for (const char* name : {"exportFile", "imageFile", "animationFile"})
                    if (auto* file = dlg->findChild<QLineEdit*>(name)) offered = file->text();
                dlg->reject();
            }
    });
    QAction* image = nullptr;
    for (QAction* a : window_->findChildren<QAction*>())
        if (a->shortcut() == QKeySequence("Ctrl+E")) image = a;
    QVERIFY(image);
    QVERIFY2(window_->model(), "no city model loaded: the export dialogs need one");
    image->trigger();
    QVERIFY2(!offered.isEmpty(), qPrintable("the export dialog did not come up from " + image->text()));
    QVERIFY2(offered.startsWith(out_ + "/exports/"), qPrintable(offered));
    QVERIFY(!gui::isInsideAny(offered, {dataDir}));
    // The animation dialog too (the run has frames).
    offered.clear();
    QTimer::singleShot(300, this, [&offered] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dlg = qobject_cast<QDialog*>(w); dlg && dlg->isVisible()) {
                // Closed whatever it holds: a dialog without the field fails the test instead of hanging it.
                for (const char* name : {"exportFile", "imageFile", "animationFile"})
                    if (auto* file = dlg->findChild<QLineEdit*>(name)) offered = file->text();
                dlg->reject();
            }
    });
    for (QAction* a : window_->findChildren<QAction*>())
        if (a->text().contains("Animation")) a->trigger();
    QVERIFY2(offered.startsWith(out_ + "/exports/"), qPrintable(offered));
    // Without the setting: <Documents>/CityTwin, still not the data folder.
    QSettings().remove("paths/output");
    const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const bool existed = QFileInfo::exists(docs + "/CityTwin");
    QCOMPARE(gui::outputFolder(), QDir::cleanPath(docs + "/CityTwin"));
    QVERIFY(!gui::isInsideAny(gui::defaultOutputPath("x.png"), {dataDir}));
    if (!existed) QDir(docs + "/CityTwin").removeRecursively();
    QSettings().setValue("paths/output", out_ + "/exports");
}

// ---- help
// -------------------------------------------------------------------------------------------------------

void WorkdayTest::everyDockAndControlHasATooltip() {
    QStringList missing;
    for (QDockWidget* d : window_->findChildren<QDockWidget*>())
        if (d->toolTip().isEmpty()) missing << d->objectName();
    for (QWidget* w : window_->findChildren<QWidget*>()) {
        if (w->window() != window_.get() || !w->isVisibleTo(window_.get()) ||
            w->objectName().startsWith("qt_"))
            continue;
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QComboBox*>(w) ||
                             qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QSlider*>(w) ||
                             qobject_cast<QLineEdit*>(w) || qobject_cast<QTreeWidget*>(w);
        if (!control) continue;
        // Parts of compound widgets (the line edit of a spin box, the buttons of a dock's title bar, message
        // boxes).
        QWidget* p = w->parentWidget();
        if (qobject_cast<QAbstractSpinBox*>(p) || qobject_cast<QComboBox*>(p) ||
            qobject_cast<QMessageBox*>(w->window()) || qobject_cast<QDockWidget*>(p) ||
            (p && p->objectName() == "qt_toolbar_ext_button"))
            continue;
        if (w->toolTip().isEmpty()) missing << w->metaObject()->className() + QString(" ") + w->objectName();
    }
    QVERIFY2(missing.isEmpty(), qPrintable("no tooltip: " + missing.join(", ")));
}

void WorkdayTest::helpPagesAndTheTour() {
    gui::HelpDialog* help = window_->showHelp("dock:runs");
    QVERIFY(help);
    QCOMPARE(help->currentPage(), QString("dock:runs"));
    // A page per simulator, generated from its declarations: every parameter and output with its texts.
    for (const auto& sim : window_->registry().simulators()) {
        const QString id = "sim:" + QString::fromStdString(sim->id());
        QVERIFY2(help->showPage(id), qPrintable(id));
        const QString text = help->browser()->toPlainText();
        for (const sdk::ParamDecl& p : sim->description().parameters) {
            QVERIFY2(text.contains(QString::fromStdString(p.id)),
                     qPrintable(id + " lacks " + QString::fromStdString(p.id)));
            if (!p.help.empty())
                QVERIFY2(text.contains(QString::fromStdString(p.help).left(30)),
                         qPrintable(id + " lacks the help of " + QString::fromStdString(p.id)));
        }
        for (const sdk::OutputDecl& o : sim->description().outputs)
            QVERIFY2(text.contains(QString::fromStdString(o.description).left(30)),
                     qPrintable(id + " lacks the description of " + QString::fromStdString(o.id)));
    }
    help->showPage("sim:sdk_test");
    save(help->grab().toImage(), "help_simulator_page.png");
    help->close();
    // The tour: steps forward and back, and its first step opens the demo.
    gui::TourDialog* tour = window_->startTour();
    QVERIFY(tour);
    QVERIFY(tour->stepCount() >= 6);
    QVERIFY(!tour->backButton()->isEnabled());
    QTest::mouseClick(tour->nextButton(), Qt::LeftButton);
    QCOMPARE(tour->step(), 1);
    QTest::mouseClick(tour->backButton(), Qt::LeftButton);
    QCOMPARE(tour->step(), 0);
    QVERIFY(!gui::MainWindow::demoScenario().isEmpty());
    QVERIFY(tour->actionButton()->isVisible());
    QSignalSpy loaded(window_.get(), &gui::MainWindow::scenarioLoaded);
    QTest::mouseClick(tour->actionButton(), Qt::LeftButton);
    QVERIFY(!loaded.isEmpty() || loaded.wait(60000));
    QVERIFY(loaded.first().first().toBool());
    QCOMPARE(window_->model()->buildings.size(), std::size_t(60));
    save(tour->grab().toImage(), "tour_step1.png");
    tour->showStep(3);
    save(window_->grab().toImage(), "tour_step4_window.png");
    tour->close();
}

int main(int argc, char** argv) {
    gui::prepareEnvironment();
    QApplication app(argc, argv);
    gui::setApplicationNames();
    QCoreApplication::setApplicationName("citytwin-workday-test");
    WorkdayTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "workday_test.moc"

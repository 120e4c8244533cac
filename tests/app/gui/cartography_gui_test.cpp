// The map side of the viewer as a user drives it, under Xvfb: the image export dialog's size presets follow
// typed sizes and its title goes on the image only; the animation dialog writes an MP4; View > 2D map,
// Overview map and Label the selected layer by change the scene. Screenshots go to the build tree
// (tests/app/gui/output/).

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <filesystem>
#include <functional>
#include <memory>

#include "app_log.h"
#include "citytwin/render/scene.h"
#include "layer_panel.h"
#include "main_window.h"
#include "viewer_setup.h"
#include "vtk_view.h"

using namespace citytwin;

namespace {

/// Runs `fill` on the dialog named `name` once it is up (it is modal), then accepts it. `done` tells whether
/// it was found.
void whenDialogOpens(QObject* context, const QString& name, std::function<void(QDialog*)> fill, bool* done) {
    QTimer::singleShot(300, context, [=] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dlg = qobject_cast<QDialog*>(w); dlg && dlg->isVisible() && dlg->objectName() == name) {
                fill(dlg);
                *done = true;
                dlg->accept();
                return;
            }
    });
}

QAction* actionNamed(QWidget* window, const QString& text) {
    for (QAction* a : window->findChildren<QAction*>())
        if (a->text() == text || a->objectName() == text) return a;
    return nullptr;
}

}  // namespace

class CartographyTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void exportPresetFollowsTypedSizeAndTitleIsTheImages();
    void animationDialogWritesAnMp4();
    void mapModeOverviewAndLabels();
    void cleanupTestCase();

private:
    std::unique_ptr<gui::AppLog> log_;
    std::unique_ptr<gui::MainWindow> window_;
    QString out_;
};

void CartographyTest::initTestCase() {
    out_ = QString(CITYTWIN_TEST_OUTPUT_DIR) + "/cartography";
    std::filesystem::create_directories(out_.toStdString());
    log_ = std::make_unique<gui::AppLog>();
    gui::installMessageRouting(log_.get());
    window_ = std::make_unique<gui::MainWindow>(log_.get());
    window_->resize(1400, 860);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QSignalSpy spy(window_.get(), &gui::MainWindow::scenarioLoaded);
    window_->openScenario(QString(CITYTWIN_SOURCE_DIR) + "/data/merewether/scenario.json");
    QVERIFY(!spy.isEmpty() || spy.wait(120000));
    QVERIFY(spy.first().first().toBool());
}

void CartographyTest::cleanupTestCase() {
    window_->close();
    window_.reset();
    QCOMPARE(log_->errorCount("vtk"), 0);
    gui::installMessageRouting(nullptr);
}

void CartographyTest::exportPresetFollowsTypedSizeAndTitleIsTheImages() {
    window_->scene().setTitle("The view's title");
    QAction* image = actionNamed(window_.get(), "&Image…");
    QVERIFY(image);
    const QString file = out_ + "/export_800x600.png";
    QFile::remove(file);
    bool found = false;
    QString presetAt1600, presetAt800;
    whenDialogOpens(
        this, "exportImageDialog",
        [&](QDialog* dlg) {
            auto* preset = dlg->findChild<QComboBox*>("sizePreset");
            auto* w = dlg->findChild<QSpinBox*>("imageWidth");
            auto* h = dlg->findChild<QSpinBox*>("imageHeight");
            if (!preset || !w || !h) return;
            // Typing a preset's size selects it; another size is "Custom".
            w->setValue(1600);
            h->setValue(900);
            presetAt1600 = preset->currentText();
            w->setValue(800);
            h->setValue(600);
            presetAt800 = preset->currentText();
            dlg->findChild<QLineEdit*>("imageTitle")->setText("For the council");
            dlg->findChild<QLineEdit*>("imageFile")->setText(file);
        },
        &found);
    image->trigger();
    QVERIFY(found);
    QCOMPARE(presetAt1600, QString("1600 × 900"));
    QCOMPARE(presetAt800, QString("Custom"));
    QVERIFY(QFile::exists(file));
    const QImage written(file);
    QCOMPARE(written.width(), 800);
    QCOMPARE(written.height(), 600);
    // The title typed for the image stays off the view.
    QCOMPARE(QString::fromStdString(window_->scene().title()), QString("The view's title"));
}

void CartographyTest::animationDialogWritesAnMp4() {
    std::string error;
    if (render::findFfmpeg("", &error).empty()) QSKIP(error.c_str());
    // A series to animate: water rising in three frames.
    auto model = window_->model();
    QVERIFY(model && model->hasTerrain());
    render::OutputData d;
    d.decl.id = "depth";
    d.decl.kind = sdk::OutputKind::RasterSeries;
    d.decl.unit = "m";
    d.decl.style = sdk::Style::waterSurface("water", 0.0, 0.0);
    for (int f = 0; f < 3; ++f) {
        auto r = std::make_shared<core::Raster>(model->terrain.width(), model->terrain.height(),
                                                model->terrain.geoTransform(), model->crs);
        for (std::size_t i = 0; i < r->data().size(); ++i)
            r->data()[i] = std::max(0.0f, 20.0f + 2.0f * f - model->terrain.data()[i]);
        d.frames.push_back({600.0 * f, r});
    }
    window_->scene().addLayer(
        render::buildLayer(window_->scene().content(), "test/depth", "Depth", "test run", d), true);
    QAction* animation = actionNamed(window_.get(), "&Animation of the time series…");
    QVERIFY(animation);
    const QString file = out_ + "/flood.mp4";
    QFile::remove(file);
    bool found = false;
    whenDialogOpens(
        this, "exportAnimationDialog",
        [&](QDialog* dlg) {
            dlg->findChild<QComboBox*>("animationFormat")->setCurrentIndex(0);
            dlg->findChild<QSpinBox*>("imageWidth")->setValue(320);
            dlg->findChild<QSpinBox*>("imageHeight")->setValue(240);
            dlg->findChild<QDoubleSpinBox*>("titleCardSeconds")->setValue(1.0);
            dlg->findChild<QLineEdit*>("animationFile")->setText(file);
        },
        &found);
    animation->trigger();
    QVERIFY(found);
    QVERIFY(QFile::exists(file));
    QVERIFY(QFileInfo(file).size() > 1000);
    window_->scene().removeLayer("test/depth");
}

void CartographyTest::mapModeOverviewAndLabels() {
    QAction* map = actionNamed(window_.get(), "mapModeAction");
    QAction* inset = actionNamed(window_.get(), "insetAction");
    QVERIFY(map && inset);
    map->trigger();
    inset->trigger();
    QVERIFY(window_->scene().mapMode());
    QVERIFY(window_->scene().inset());
    // Label the buildings by their id through View > Label the selected layer by.
    window_->layerPanel()->setCurrentLayer("buildings");
    auto* labels = window_->findChild<QMenu*>("labelMenu");
    QVERIFY(labels);
    emit labels->aboutToShow();
    QAction* byId = nullptr;
    for (QAction* a : labels->actions())
        if (a->text() == "id") byId = a;
    QVERIFY(byId);
    byId->trigger();
    QCOMPARE(QString::fromStdString(window_->scene().style("buildings").labelAttribute), QString("id"));
    window_->view()->requestRender();
    QTest::qWait(500);
    QCoreApplication::processEvents();
    const QImage shot = window_->grab().toImage();
    shot.save(out_ + "/viewer_map_mode.png");
    bool labelled = false, overview = false;
    for (const render::OverlayBox& b : window_->scene().overlayLayout()) {
        labelled = labelled || b.kind == "label";
        overview = overview || b.kind == "inset";
    }
    QVERIFY2(labelled, "no building label was drawn");
    QVERIFY(overview);
    map->trigger();
    QVERIFY(!window_->scene().mapMode());
}

int main(int argc, char** argv) {
    gui::prepareEnvironment();
    QApplication app(argc, argv);
    gui::setApplicationNames();
    CartographyTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "cartography_gui_test.moc"

// Export, comparison and map-mode dialogs and actions of the viewer (see cartography_dialogs.h).

#include "cartography_dialogs.h"

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorObserver.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <filesystem>
#include <memory>

#include "app_log.h"
#include "citytwin/render/format.h"
#include "citytwin/render/scene.h"
#include "dialogs.h"
#include "layer_panel.h"
#include "main_window.h"
#include "vtk_view.h"

namespace citytwin::gui {

namespace {

// The dialogs' texts are in the interface language: QCoreApplication::translate with the context
// "Cartography" (app/gui/translations; lupdate finds the calls).

struct SizePreset {
    const char* text;
    int w, h;
};

const SizePreset kImagePresets[] = {
    {"1280 × 720", 1280, 720},
    {"1600 × 900", 1600, 900},
    {"1920 × 1080 (Full HD)", 1920, 1080},
    {"3840 × 2160 (4K)", 3840, 2160},
    {"1080 × 1920 (portrait)", 1080, 1920},
    {"3508 × 2480 (A4 landscape, 300 dpi)", 3508, 2480},
    {"2480 × 3508 (A4 portrait, 300 dpi)", 2480, 3508},
};

/// A size preset combo and two spin boxes that agree: picking a preset sets the numbers; typing numbers
/// selects the matching preset, or "Custom".
struct SizeEditor {
    QComboBox* preset = new QComboBox;
    QSpinBox* w = new QSpinBox;
    QSpinBox* h = new QSpinBox;
    QWidget* row = new QWidget;

    SizeEditor(QObject* owner, int width, int height, int maxSide) {
        preset->setObjectName("sizePreset");
        w->setObjectName("imageWidth");
        h->setObjectName("imageHeight");
        for (const SizePreset& p : kImagePresets)
            preset->addItem(p.text);
        preset->addItem(QCoreApplication::translate("Cartography", "Custom"));
        w->setRange(16, maxSide);
        h->setRange(16, maxSide);
        w->setValue(width);
        h->setValue(height);
        auto* l = new QHBoxLayout(row);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(w);
        l->addWidget(new QLabel("×"));
        l->addWidget(h);
        l->addWidget(new QLabel(QCoreApplication::translate("Cartography", "pixels")));
        matchPreset();
        QObject::connect(preset, &QComboBox::currentIndexChanged, owner, [this](int i) {
            if (i < 0 || i >= static_cast<int>(std::size(kImagePresets))) return;
            const QSignalBlocker bw(w), bh(h);
            w->setValue(kImagePresets[i].w);
            h->setValue(kImagePresets[i].h);
        });
        QObject::connect(w, &QSpinBox::valueChanged, owner, [this] { matchPreset(); });
        QObject::connect(h, &QSpinBox::valueChanged, owner, [this] { matchPreset(); });
    }
    void matchPreset() {
        const QSignalBlocker b(preset);
        int index = static_cast<int>(std::size(kImagePresets));  // Custom
        for (int i = 0; i < static_cast<int>(std::size(kImagePresets)); ++i)
            if (kImagePresets[i].w == w->value() && kImagePresets[i].h == h->value()) index = i;
        preset->setCurrentIndex(index);
    }
};

/// "Follow the image size" or a DPI, and what that makes of text and symbols.
struct ScaleEditor {
    QComboBox* mode = new QComboBox;
    QSpinBox* dpi = new QSpinBox;
    QLabel* effect = new QLabel;
    QWidget* row = new QWidget;

    ScaleEditor(QObject* owner, const SizeEditor& size) {
        mode->setObjectName("scaleMode");
        dpi->setObjectName("imageDpi");
        mode->addItems({QCoreApplication::translate("Cartography", "Follow the image size"),
                        QCoreApplication::translate("Cartography", "Print at a DPI")});
        dpi->setRange(48, 1200);
        dpi->setValue(300);
        dpi->setSuffix(" dpi");
        dpi->setEnabled(false);
        auto* l = new QHBoxLayout(row);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(mode);
        l->addWidget(dpi);
        l->addWidget(effect, 1);
        auto update = [this, &size] {
            dpi->setEnabled(mode->currentIndex() == 1);
            const render::ExportOptions o = options(size);
            effect->setText(QCoreApplication::translate("Cartography", "text and symbols × %1")
                                .arg(render::exportScale(o), 0, 'f', 2));
        };
        QObject::connect(mode, &QComboBox::currentIndexChanged, owner, update);
        QObject::connect(dpi, &QSpinBox::valueChanged, owner, update);
        QObject::connect(size.w, &QSpinBox::valueChanged, owner, update);
        QObject::connect(size.h, &QSpinBox::valueChanged, owner, update);
        update();
    }
    render::ExportOptions options(const SizeEditor& size) const {
        render::ExportOptions o;
        o.width = size.w->value();
        o.height = size.h->value();
        if (mode->currentIndex() == 1) o.dpi = dpi->value();
        return o;
    }
};

QWidget* fileRow(QLineEdit* file, QDialog* dlg, const QString& caption, const QString& filter, bool folder) {
    auto* browse = new QPushButton("…");
    auto* row = new QWidget;
    auto* l = new QHBoxLayout(row);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(file, 1);
    l->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, dlg, [=] {
        const QString p = folder ? QFileDialog::getExistingDirectory(dlg, caption, file->text())
                                 : QFileDialog::getSaveFileName(dlg, caption, file->text(), filter);
        if (!p.isEmpty()) file->setText(p);
    });
    return row;
}

/// A progress dialog with Cancel driving a core::Progress; events are processed at every report so that the
/// window keeps drawing.
struct ProgressWithCancel {
    QProgressDialog dialog;
    core::Progress progress;
    ProgressWithCancel(QWidget* parent, const QString& text)
        : dialog(text, QCoreApplication::translate("Cartography", "Cancel"), 0, 1000, parent),
          progress(
              [this](double f, const std::string& stage) {
                  dialog.setValue(static_cast<int>(f * 1000));
                  if (!stage.empty())
                      dialog.setLabelText(dialog.labelText().section('\n', 0, 0) + "\n" +
                                          QString::fromStdString(stage));
                  QApplication::processEvents();
              },
              [this] {
                  QApplication::processEvents();
                  return dialog.wasCanceled();
              }) {
        dialog.setObjectName("exportProgress");
        dialog.setWindowModality(Qt::WindowModal);
        dialog.setMinimumDuration(0);
        dialog.setValue(0);
    }
};

bool sameCamera(const render::CameraState& a, const render::CameraState& b) {
    return a.position == b.position && a.focalPoint == b.focalPoint && a.viewUp == b.viewUp &&
           a.viewAngle == b.viewAngle;
}

/// Two runs side by side in two views that share one camera.
class SideBySide : public QDialog {
public:
    SideBySide(MainWindow& window, const render::RunResults& runA, const render::RunResults& runB,
               const std::string& outputA, const std::string& outputB, const QString& labelA,
               const QString& labelB)
        : QDialog(&window), window_(window) {
        setObjectName("sideBySide");
        setWindowTitle(QCoreApplication::translate("Cartography", "Side by side: ") + labelA + " | " +
                       labelB);
        setAttribute(Qt::WA_DeleteOnClose);
        resize(1400, 700);
        auto* layout = new QVBoxLayout(this);
        auto* split = new QSplitter(Qt::Horizontal);
        layout->addWidget(split, 1);
        const struct {
            const render::RunResults* run;
            const render::RunResults* other;
            std::string output;
            QString label;
        } sides[2] = {{&runA, &runB, outputA, labelA}, {&runB, &runA, outputB, labelB}};
        for (int i = 0; i < 2; ++i) {
            auto scene = std::make_unique<render::Scene>();
            scene->copyFrom(window.scene());
            const std::string prefix = sides[i].run->label + "/";
            const std::string otherPrefix = sides[i].other->label + "/";
            for (const render::LayerInfo& l : scene->layers()) {
                render::LayerStyle st = scene->style(l.id);
                if (l.group == "Comparisons" || (l.id.rfind(otherPrefix, 0) == 0 && otherPrefix != prefix))
                    st.visible = false;
                if (l.id == prefix + sides[i].run->simulator + "." + sides[i].output) st.visible = true;
                scene->setStyle(l.id, st);
            }
            scene->setTitle(sides[i].label.toStdString());
            auto* view = new VtkView;
            view->setObjectName(i == 0 ? "sideA" : "sideB");
            split->addWidget(view);
            scene->attach(view->renderWindow());
            vtkInteractorObserver* style = scene->createNavigationStyle();
            view->setInteractorStyle(style);
            style->Delete();
            views_[i] = view;
            scenes_[i] = std::move(scene);
        }
        scenes_[0]->setAttribution("");  // one credit line, under B
        // One camera for both: moving either moves the other; each redraws when the other's camera moved.
        scenes_[0]->linkCamera(*scenes_[1]);
        for (int i = 0; i < 2; ++i)
            connect(views_[i], &VtkView::frameDrawn, this, [this, i] {
                const render::CameraState c = scenes_[i]->cameraState();
                if (sameCamera(c, last_)) return;
                last_ = c;
                views_[1 - i]->requestRender();
            });
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
        auto* exportButton = buttons->addButton(QCoreApplication::translate("Cartography", "Export image…"),
                                                QDialogButtonBox::ActionRole);
        exportButton->setObjectName("exportSideBySide");
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
        connect(exportButton, &QPushButton::clicked, this, [this] { exportImage(); });
        translateButtons(buttons);
        layout->addWidget(buttons);
    }

    render::Scene& scene(int i) { return *scenes_[i]; }

private:
    void exportImage() {
        const QString file =
            QFileDialog::getSaveFileName(this, "Side-by-side image", "side_by_side.png",
                                         QCoreApplication::translate("Cartography", "PNG images (*.png)"));
        if (file.isEmpty()) return;
        render::ExportOptions o;
        o.width = 2400;
        o.height = 1000;
        ProgressWithCancel p(this, QCoreApplication::translate("Cartography", "Rendering the image…"));
        std::string error;
        for (VtkView* v : views_)
            v->doneCurrent();
        window_.view()->doneCurrent();
        const bool ok =
            render::renderSideBySide(*scenes_[0], *scenes_[1], file.toStdString(), o, &error, p.progress);
        for (VtkView* v : views_)
            v->requestRender();
        window_.requestRender();
        if (!ok && error != "cancelled")
            showMessage(this, QMessageBox::Critical,
                        QCoreApplication::translate("Cartography", "Export failed"),
                        QString::fromStdString(error));
        if (ok) window_.log()->add(AppLog::Level::Info, "export", "wrote " + file);
    }

    MainWindow& window_;
    // Scenes go before the views (members are destroyed before the child widgets).
    std::unique_ptr<render::Scene> scenes_[2];
    VtkView* views_[2] = {nullptr, nullptr};
    render::CameraState last_;
};

}  // namespace

// ---- image ------------------------------------------------------------------------------------------------

void exportImageDialog(MainWindow& window, const QString& defaultFile, const QString& attribution) {
    if (!window.model()) return;
    QDialog dlg(&window);
    dlg.setObjectName("exportImageDialog");
    dlg.setWindowTitle(QCoreApplication::translate("Cartography", "Export image"));
    auto* form = new QFormLayout(&dlg);
    SizeEditor size(&dlg, 1920, 1080, 16384);
    ScaleEditor scale(&dlg, size);
    form->addRow(QCoreApplication::translate("Cartography", "Size"), size.preset);
    form->addRow("", size.row);
    form->addRow(QCoreApplication::translate("Cartography", "Text and symbols"), scale.row);
    const std::string viewTitle = window.scene().title();
    auto* title = new QLineEdit(QString::fromStdString(viewTitle.empty() ? window.model()->name : viewTitle));
    title->setObjectName("imageTitle");
    title->setToolTip(
        QCoreApplication::translate("Cartography", "The title of this image only: the view keeps its own."));
    form->addRow(QCoreApplication::translate("Cartography", "Title"), title);
    auto* credit = new QLineEdit(attribution);
    credit->setObjectName("imageAttribution");
    form->addRow(QCoreApplication::translate("Cartography", "Attribution"), credit);
    auto* file = new QLineEdit(defaultFile);
    file->setObjectName("imageFile");
    form->addRow(QCoreApplication::translate("Cartography", "File"),
                 fileRow(file, &dlg, QCoreApplication::translate("Cartography", "Image file"),
                         QCoreApplication::translate("Cartography", "PNG images (*.png)"), false));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    translateButtons(buttons);
    form->addRow(buttons);
    if (dlg.exec() != QDialog::Accepted) return;
    render::ExportOptions o = scale.options(size);
    o.title = title->text().toStdString();
    o.attribution = credit->text().toStdString();
    // The off-screen render makes its own GL context current: let Qt forget its context first.
    window.view()->doneCurrent();
    ProgressWithCancel p(&window, QCoreApplication::translate("Cartography", "Rendering the image…"));
    std::string error;
    const bool ok = render::renderToPng(window.scene(), file->text().toStdString(), o, &error, p.progress);
    window.requestRender();
    if (!ok) {
        if (error == "cancelled") return;
        window.log()->add(AppLog::Level::Error, "export", QString::fromStdString(error));
        showMessage(&window, QMessageBox::Critical,
                    QCoreApplication::translate("Cartography", "Export failed"),
                    QString::fromStdString(error));
        return;
    }
    window.log()->add(AppLog::Level::Info, "export",
                      QString("wrote %1 (%2 x %3)").arg(file->text()).arg(o.width).arg(o.height));
}

// ---- animation --------------------------------------------------------------------------------------------

void exportAnimationDialog(MainWindow& window, const QString& defaultDir) {
    const std::vector<double> times = window.scene().frameTimes();
    if (times.empty()) {
        showMessage(&window, QMessageBox::Critical,
                    QCoreApplication::translate("Cartography", "No time series"),
                    QCoreApplication::translate(
                        "Cartography", "Show a layer with frames (a raster series from a run) first."));
        return;
    }
    QDialog dlg(&window);
    dlg.setObjectName("exportAnimationDialog");
    dlg.setWindowTitle(QCoreApplication::translate("Cartography", "Export animation"));
    auto* form = new QFormLayout(&dlg);
    std::string ffmpegError;
    const bool haveFfmpeg = !render::findFfmpeg("", &ffmpegError).empty();
    auto* format = new QComboBox;
    format->setObjectName("animationFormat");
    format->addItems({"MP4 video, H.264 (.mp4)", "Ogg Theora video (.ogv)", "PNG frames (folder)"});
    if (!haveFfmpeg) {
        format->setItemData(0, QString::fromStdString(ffmpegError), Qt::ToolTipRole);
        format->setCurrentIndex(1);
    }
    form->addRow(QCoreApplication::translate("Cartography", "Format"), format);
    auto* note = new QLabel(haveFfmpeg ? QString() : QString::fromStdString(ffmpegError));
    note->setWordWrap(true);
    note->setVisible(!haveFfmpeg);
    form->addRow("", note);
    SizeEditor size(&dlg, 1280, 720, 8192);
    ScaleEditor scale(&dlg, size);
    form->addRow(QCoreApplication::translate("Cartography", "Size"), size.preset);
    form->addRow("", size.row);
    form->addRow(QCoreApplication::translate("Cartography", "Text and symbols"), scale.row);
    auto* fps = new QSpinBox;
    fps->setObjectName("animationRate");
    fps->setRange(1, 30);
    fps->setValue(4);
    fps->setSuffix(" frames/s");
    form->addRow(QCoreApplication::translate("Cartography", "Rate"), fps);
    auto* card = new QDoubleSpinBox;
    card->setObjectName("titleCardSeconds");
    card->setRange(0, 10);
    card->setValue(2);
    card->setSuffix(" s");
    card->setToolTip(QCoreApplication::translate(
        "Cartography", "A title card before the first frame (videos only); 0 for none."));
    form->addRow(QCoreApplication::translate("Cartography", "Title card"), card);
    const std::string viewTitle = window.scene().title();
    auto* title = new QLineEdit(QString::fromStdString(viewTitle));
    form->addRow(QCoreApplication::translate("Cartography", "Title"), title);
    auto* subtitle = new QLineEdit(
        window.runs().empty() ? QString() : QString::fromStdString(window.runs().back()->label));
    form->addRow(QCoreApplication::translate("Cartography", "Subtitle"), subtitle);
    auto* file = new QLineEdit(defaultDir + "/citytwin.mp4");
    file->setObjectName("animationFile");
    form->addRow(QCoreApplication::translate("Cartography", "File or folder"), file);
    QObject::connect(format, &QComboBox::currentIndexChanged, &dlg, [file, defaultDir](int i) {
        const QString dir = QFileInfo(file->text()).absolutePath();
        file->setText((dir.isEmpty() ? defaultDir : dir) + (i == 0   ? "/citytwin.mp4"
                                                            : i == 1 ? "/citytwin.ogv"
                                                                     : "/frames"));
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    translateButtons(buttons);
    form->addRow(buttons);
    if (dlg.exec() != QDialog::Accepted) return;
    std::string target = file->text().toStdString();
    if (format->currentIndex() == 2) {
        std::error_code ec;
        std::filesystem::create_directories(target, ec);
        target += "/frame_%04d.png";
    }
    render::AnimationOptions a;
    a.image = scale.options(size);
    a.image.title = title->text().toStdString();
    a.times = times;
    a.framesPerSecond = fps->value();
    a.titleCardSeconds = card->value();
    a.subtitle = subtitle->text().toStdString();
    window.view()->doneCurrent();
    const double keep = window.scene().time();
    ProgressWithCancel p(&window, QCoreApplication::translate("Cartography", "Rendering frames…"));
    std::string error;
    const bool ok = render::renderAnimation(window.scene(), target, a, &error, p.progress);
    window.scene().setTime(keep);
    window.requestRender();
    if (!ok) {
        window.log()->add(AppLog::Level::Error, "export", QString::fromStdString(error));
        if (error != "cancelled")
            showMessage(&window, QMessageBox::Critical,
                        QCoreApplication::translate("Cartography", "Export failed"),
                        QString::fromStdString(error));
        return;
    }
    window.log()->add(AppLog::Level::Info, "export", "wrote " + QString::fromStdString(target));
}

// ---- comparison -------------------------------------------------------------------------------------------

int mainOutputIndex(const render::RunResults& run) {
    const std::vector<bool> shown = render::defaultVisibility(run);
    auto raster = [&](std::size_t i) {
        const sdk::OutputKind k = run.outputs[i].decl.kind;
        return render::isDrawable(run.outputs[i]) &&
               (k == sdk::OutputKind::Raster || k == sdk::OutputKind::RasterSeries);
    };
    for (std::size_t i = 0; i < run.outputs.size(); ++i)
        if (shown[i] && raster(i)) return static_cast<int>(i);
    for (std::size_t i = 0; i < run.outputs.size(); ++i)
        if (raster(i)) return static_cast<int>(i);
    return -1;
}

void compareDialog(MainWindow& window, const std::function<void(const std::string&)>& layerAdded) {
    struct Choice {
        QString text;
        std::shared_ptr<render::RunResults> run;
        const render::OutputData* output;
    };
    std::vector<Choice> choices;
    int mainB = -1;
    for (const auto& run : window.runs()) {
        const int main = mainOutputIndex(*run);
        for (std::size_t k = 0; k < run->outputs.size(); ++k) {
            const render::OutputData& o = run->outputs[k];
            if (o.decl.kind != sdk::OutputKind::Raster && o.decl.kind != sdk::OutputKind::RasterSeries)
                continue;
            if (static_cast<int>(k) == main) mainB = static_cast<int>(choices.size());
            choices.push_back({QString::fromStdString(run->label + ": " +
                                                      (o.decl.label.empty() ? o.decl.id : o.decl.label)),
                               run, &o});
        }
    }
    if (choices.size() < 2) {
        showMessage(&window, QMessageBox::Critical,
                    QCoreApplication::translate("Cartography", "Compare runs"),
                    QCoreApplication::translate("Cartography",
                                                "Run a simulator twice (with different parameters) first: a "
                                                "comparison needs two raster results "
                                                "of the same kind."));
        return;
    }
    QDialog dlg(&window);
    dlg.setObjectName("compareDialog");
    dlg.setWindowTitle(QCoreApplication::translate("Cartography", "Compare runs"));
    auto* form = new QFormLayout(&dlg);
    auto* a = new QComboBox;
    auto* b = new QComboBox;
    a->setObjectName("compareA");
    b->setObjectName("compareB");
    for (const Choice& c : choices) {
        a->addItem(c.text);
        b->addItem(c.text);
    }
    // B: the main output of the last run (the one drawn first: the water depth, not the speed).
    if (mainB < 0 || choices[static_cast<std::size_t>(mainB)].run != choices.back().run)
        mainB = static_cast<int>(choices.size()) - 1;
    b->setCurrentIndex(mainB);
    // A: the same output of the run before.
    const Choice& cb0 = choices[static_cast<std::size_t>(mainB)];
    for (int i = static_cast<int>(choices.size()) - 1; i >= 0; --i)
        if (choices[static_cast<std::size_t>(i)].output->decl.id == cb0.output->decl.id &&
            choices[static_cast<std::size_t>(i)].run != cb0.run) {
            a->setCurrentIndex(i);
            break;
        }
    form->addRow(QCoreApplication::translate("Cartography", "A (reference)"), a);
    form->addRow("B", b);
    auto* show = new QComboBox;
    show->setObjectName("compareShow");
    show->addItems({QCoreApplication::translate(
                        "Cartography", "Difference B − A (a layer, diverging colours centred on zero)"),
                    QCoreApplication::translate("Cartography", "Side by side (linked cameras)"),
                    QCoreApplication::translate("Cartography", "Both")});
    form->addRow(QCoreApplication::translate("Cartography", "Show"), show);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dlg, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    translateButtons(buttons);
    form->addRow(buttons);
    if (dlg.exec() != QDialog::Accepted) return;
    const Choice& ca = choices[static_cast<std::size_t>(a->currentIndex())];
    const Choice& cb = choices[static_cast<std::size_t>(b->currentIndex())];
    if (show->currentIndex() != 1) {
        try {
            render::OutputData diff =
                render::differenceOutput(*ca.output, *cb.output, ca.run->label, cb.run->label);
            static int count = 0;
            const std::string id = "compare" + std::to_string(++count) + "/" + diff.decl.id;
            window.scene().addLayer(
                render::buildLayer(window.scene().content(), id, diff.decl.label, "Comparisons", diff), true);
            if (layerAdded) layerAdded(id);
            window.log()->add(AppLog::Level::Info, "compare",
                              QString::fromStdString("added " + diff.decl.label));
            window.requestRender();
        } catch (const std::exception& e) {
            window.log()->add(AppLog::Level::Error, "compare", e.what());
            showMessage(&window, QMessageBox::Critical,
                        QCoreApplication::translate("Cartography", "Cannot compare"), e.what());
            return;
        }
    }
    if (show->currentIndex() != 0) {
        auto* side = new SideBySide(window, *ca.run, *cb.run, ca.output->decl.id, cb.output->decl.id,
                                    a->currentText(), b->currentText());
        side->show();
    }
}

// ---- view menu --------------------------------------------------------------------------------------------

QList<QAction*> addCartographyActions(MainWindow& window, QMenu* view) {
    view->addSeparator();
    QAction* map = view->addAction(QCoreApplication::translate("Cartography", "2D &map (north up)"));
    map->setObjectName("mapModeAction");
    map->setCheckable(true);
    map->setShortcut(QKeySequence(Qt::Key_M));
    map->setShortcutContext(Qt::WindowShortcut);
    map->setToolTip(QCoreApplication::translate(
        "Cartography", "A north-up map seen straight from above, with scale bar and north arrow (M)"));
    QObject::connect(map, &QAction::toggled, &window, [&window](bool on) {
        window.scene().setMapMode(on);
        window.requestRender();
    });
    QAction* inset = view->addAction(QCoreApplication::translate("Cartography", "&Overview map"));
    inset->setObjectName("insetAction");
    inset->setCheckable(true);
    inset->setToolTip(QCoreApplication::translate(
        "Cartography", "An overview of the whole scene in a corner, with the part in view outlined"));
    QObject::connect(inset, &QAction::toggled, &window, [&window](bool on) {
        window.scene().setInset(on);
        window.requestRender();
    });
    QMenu* labels = view->addMenu(QCoreApplication::translate("Cartography", "&Label the selected layer by"));
    labels->setObjectName("labelMenu");
    QObject::connect(labels, &QMenu::aboutToShow, &window, [&window, labels] {
        labels->clear();
        const std::string id = window.layerPanel() ? window.layerPanel()->currentLayer() : std::string();
        const render::LayerInfo* info = id.empty() ? nullptr : window.scene().layerInfo(id);
        if (!info || info->labelAttributes.empty()) {
            labels->addAction(QCoreApplication::translate("Cartography", "(select a layer with features)"))
                ->setEnabled(false);
            return;
        }
        const std::string current = window.scene().style(id).labelAttribute;
        auto* group = new QActionGroup(labels);
        std::vector<std::string> names = {""};
        names.insert(names.end(), info->labelAttributes.begin(), info->labelAttributes.end());
        for (const std::string& n : names) {
            QAction* a = labels->addAction(n.empty() ? QCoreApplication::translate("Cartography", "No labels")
                                                     : QString::fromStdString(n));
            a->setCheckable(true);
            a->setChecked(n == current);
            group->addAction(a);
            QObject::connect(a, &QAction::triggered, &window, [&window, id, n] {
                render::LayerStyle s = window.scene().style(id);
                s.labelAttribute = n;
                window.scene().setStyle(id, s);
                window.requestRender();
            });
        }
    });
    return {map, inset};
}

void applyMapLocale(const QLocale& locale) {
    render::setNumberLocale(render::NumberLocale::fromName(locale.name().toStdString()));
}

}  // namespace citytwin::gui

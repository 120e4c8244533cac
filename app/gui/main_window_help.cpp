// The main window's help: the help window and the getting-started tour.

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QTimer>

#include "help.h"
#include "layer_panel.h"
#include "main_window.h"
#include "simulator_panel.h"

namespace citytwin::gui {

QString MainWindow::demoScenario() {
    // The build tree and an installation: <bin>/../share/citytwin/data, the source tree's data/ beside the
    // build.
    const QString app = QCoreApplication::applicationDirPath();
    for (const QString& candidate : {QString::fromLocal8Bit(qgetenv("CITYTWIN_DEMO_SCENARIO")),
                                     app + "/../share/citytwin/data/merewether/scenario.json",
#ifdef CITYTWIN_SOURCE_DATA_DIR
                                     QString(CITYTWIN_SOURCE_DATA_DIR) + "/merewether/scenario.json",
#endif
                                     app + "/../../data/merewether/scenario.json"})
        if (!candidate.isEmpty() && QFileInfo::exists(candidate))
            return QDir::cleanPath(QFileInfo(candidate).absoluteFilePath());
    return {};
}

HelpDialog* MainWindow::showHelp(const QString& page) {
    if (auto* open = findChild<HelpDialog*>("helpDialog")) open->close();
    std::vector<HelpPage> pages = dockHelpPages();
    for (const auto& s : registry_.simulators())
        pages.push_back(simulatorHelpPage(s->description()));
    auto* dlg = new HelpDialog(std::move(pages), this);
    if (!page.isEmpty()) dlg->showPage(page);
    dlg->show();
    return dlg;
}

TourDialog* MainWindow::startTour() {
    auto raise = [this](const char* dock) {
        return [this, dock] {
            if (auto* d = findChild<QDockWidget*>(dock)) {
                d->show();
                d->raise();
            }
        };
    };
    std::vector<TourStep> steps;
    const QString demo = demoScenario();
    steps.push_back(
        {tr("Welcome"),
         tr("CityTwin shows a city in 3D and runs simulators on it: floods, traffic, ground subsidence, new "
            "towns, air corridors. This tour walks through a day's work on the demo city, Merewether "
            "(Newcastle, Australia), where a flash flood hit 60 houses in June 2007.<br><br>Each step can "
            "be done by hand, or with the button below it."),
         demo.isEmpty() ? QString() : tr("Open the demo city"),
         [this, demo] {
             if (!demo.isEmpty()) openScenario(demo);
         },
         {}});
    steps.push_back(
        {tr("Look around"),
         tr("<b>Left drag</b> orbits, <b>right drag</b> pans, the <b>wheel</b> zooms towards the cursor. "
            "<b>Home</b> brings back the default view, <b>T</b> looks straight down.<br><br>"
            "<b>Click</b> a house: it is outlined in magenta and the <i>Inspector</i> lists its id, height "
            "and attributes."),
         tr("Top view"),
         [this] {
             scene().applyCameraPreset(render::CameraPreset::Top);
             requestRender();
         },
         raise("inspectorDock")});
    steps.push_back(
        {tr("Layers"),
         tr("The <i>Layers</i> panel lists the terrain, the houses, the road surface and the observation "
            "points. Untick a layer to hide it; select one to change its colours below the tree. Every "
            "change can be undone with Ctrl+Z."),
         {},
         {},
         raise("layersDock")});
    steps.push_back(
        {tr("Run a flood"),
         tr("In <i>Simulators</i>, choose <b>flood</b>. The form shows the scenario's storm (100 mm/h for "
            "an hour); hover over a field for its meaning. Set the duration to 900 s for a quick run and "
            "press <b>Run</b> (F5). The water appears when the run ends; the time bar plays it."),
         tr("Choose the flood simulator"), [this] { simulatorPanel()->selectSimulator("flood"); },
         raise("simulatorsDock")});
    steps.push_back(
        {tr("Name and compare runs"),
         tr("Each run is listed in <i>Runs</i>: double-click its name to call it, say, \"100 mm/h\". Run "
            "again with another rain intensity, then <i>Simulation &gt; Compare runs</i> draws the "
            "difference. The check box of a run shows or hides all its layers together."),
         {},
         {},
         raise("runsDock")});
    steps.push_back(
        {tr("Tables and exports"),
         tr("<i>Table…</i> under a run (or a vector layer) opens its attributes: sort by a column, filter, "
            "export CSV. <i>File &gt; Export</i> writes images and videos into your output folder "
            "(Edit &gt; Settings), never into the data folder."),
         {},
         {},
         {}});
    steps.push_back(
        {tr("Keep the work"),
         tr("<i>File &gt; Save project</i> (Ctrl+Shift+S) keeps the scenario, the styles, the camera and "
            "the runs in one project file; <i>File &gt; Open project</i> brings them back. Quitting with "
            "unsaved runs asks first.<br><br>F1 opens the help of the panel you are in, with a page per "
            "simulator."),
         tr("Open the help"),
         [this] { showHelp(); },
         {}});
    auto* dlg = new TourDialog(std::move(steps), this);
    dlg->show();
    return dlg;
}

}  // namespace citytwin::gui

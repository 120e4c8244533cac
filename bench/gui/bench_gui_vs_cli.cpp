// The same simulation from the CLI and from the viewer's simulator panel, timed side by side (the flood issue:
// a viewer run once took ten times the CLI's). Both go through the run service; the viewer's run is a worker
// process plus reading the run folder back and building its layers, while the window keeps drawing.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/bin/citytwin_bench_gui_vs_cli [scenario] [simulator] [repeats]
//
// Prints the wall time of each path (best of `repeats`, default 3) and the ratio. Not a test: timings vary with
// the machine's load.

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPushButton>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "app_log.h"
#include "main_window.h"
#include "simulator_panel.h"
#include "viewer_setup.h"

namespace fs = std::filesystem;
using namespace citytwin;

namespace {

double cliRun(const std::string& cli, const std::string& scenario, const std::string& sim, const fs::path& out) {
    fs::remove_all(out);
    const std::string cmd = "'" + cli + "' run '" + scenario + "' --only " + sim + " --out '" + out.string() +
                            "' >/dev/null 2>&1";
    const auto t0 = std::chrono::steady_clock::now();
    const int rc = std::system(cmd.c_str());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rc != 0) {
        std::fprintf(stderr, "the CLI run failed (%d): %s\n", rc, cmd.c_str());
        std::exit(1);
    }
    return s;
}

/// From the click on Run to the run's layers in the scene.
double viewerRun(gui::MainWindow& w, const std::string& sim) {
    gui::SimulatorPanel* panel = w.simulatorPanel();
    panel->selectSimulator(QString::fromStdString(sim));
    QEventLoop loop;
    QObject::connect(&w, &gui::MainWindow::resultsAdded, &loop, &QEventLoop::quit);
    QObject::connect(panel, &gui::SimulatorPanel::runFailed, &loop, [&loop](const QString&, const QString& m) {
        std::fprintf(stderr, "the viewer run failed: %s\n", qPrintable(m));
        loop.exit(1);
    });
    QElapsedTimer clock;
    clock.start();
    panel->run();
    if (loop.exec() != 0) std::exit(1);
    return static_cast<double>(clock.nsecsElapsed()) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
    gui::prepareEnvironment();
    QApplication app(argc, argv);
    gui::setApplicationNames();
    const std::string scenario = argc > 1 ? argv[1] : std::string(CITYTWIN_SOURCE_DIR) + "/data/merewether/scenario.json";
    const std::string sim = argc > 2 ? argv[2] : "flood";
    const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    const fs::path work = fs::temp_directory_path() / ("citytwin_bench_paths_" + std::to_string(::getpid()));
    fs::create_directories(work);
    ::setenv("CITYTWIN_RUNS_DIR", (work / "viewer-runs").c_str(), 1);
    const std::string cli = QCoreApplication::applicationDirPath().toStdString() + "/citytwin-cli";

    gui::AppLog log;
    gui::MainWindow w(&log);
    w.resize(1400, 860);
    w.show();
    {
        QEventLoop loop;
        QObject::connect(&w, &gui::MainWindow::scenarioLoaded, &loop, &QEventLoop::quit);
        w.openScenario(QString::fromStdString(scenario));
        loop.exec();
    }
    double bestCli = 1e300, bestViewer = 1e300;
    for (int i = 0; i < repeats; ++i) {
        bestCli = std::min(bestCli, cliRun(cli, scenario, sim, work / "cli"));
        bestViewer = std::min(bestViewer, viewerRun(w, sim));
        std::printf("round %d: CLI %.2f s, viewer %.2f s\n", i + 1, bestCli, bestViewer);
    }
    std::printf("%s on %s, best of %d: CLI %.2f s, viewer %.2f s (%.0f %% of the CLI's time)\n", sim.c_str(),
                fs::path(scenario).filename().c_str(), repeats, bestCli, bestViewer, 100.0 * bestViewer / bestCli);
    w.close();
    fs::remove_all(work);
    return 0;
}

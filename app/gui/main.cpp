// citytwin: the Qt 6 / VTK viewer. `citytwin [scenario.json]`.

#include <QApplication>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "app_log.h"
#include "i18n.h"
#include "main_window.h"
#include "settings.h"
#include "viewer_setup.h"

namespace {

/// Exceptions never reach Qt's event loop: slots catch what they can handle; this is the last line.
class ViewerApplication : public QApplication {
public:
    using QApplication::QApplication;
    citytwin::gui::AppLog* log = nullptr;
    bool notify(QObject* receiver, QEvent* event) override {
        try {
            return QApplication::notify(receiver, event);
        } catch (const std::exception& e) {
            if (log)
                log->add(citytwin::gui::AppLog::Level::Error, "viewer",
                         QString("unexpected error: ") + e.what());
        } catch (...) {
            if (log) log->add(citytwin::gui::AppLog::Level::Error, "viewer", "unexpected error");
        }
        return false;
    }
};

}  // namespace

int main(int argc, char** argv) {
    // Simulators use OpenMP; its threads should sleep, not spin, when they wait: the GUI thread and other
    // programs share the cores (spinning made flood runs up to 7 times slower here). Set before any plug-in
    // loads libgomp; a user's own setting wins.
    ::setenv("OMP_WAIT_POLICY", "passive", 0);
    citytwin::gui::prepareEnvironment();
    ViewerApplication app(argc, argv);
    citytwin::gui::setApplicationNames();
    // The interface language: the one chosen in Edit > Settings, else the system's (LANG, LANGUAGE).
    citytwin::gui::installTranslation(citytwin::gui::languageSetting());
    citytwin::gui::AppLog log;
    app.log = &log;
    citytwin::gui::installMessageRouting(&log);
    const QStringList args = QApplication::arguments();
    QString scenario, results;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") {
            std::printf(
                "usage: citytwin [scenario.json [--results DIR] | project.ctproj]\n\nThe CityTwin viewer. "
                "--results "
                "shows the results of a 'citytwin-cli run' directory; a project (.ctproj) reopens a saved "
                "session.\n"
                "Documentation: docs/viewer.md, docs/project-format.md\n");
            return 0;
        }
        if (args[i] == "--version") {
            std::printf("citytwin %s\n", CITYTWIN_VERSION);
            return 0;
        }
        if (args[i] == "--results" && i + 1 < args.size()) {
            results = args[++i];
        } else if (args[i].startsWith("--")) {
            std::fprintf(stderr, "citytwin: unknown option '%s' (see citytwin --help)\n",
                         qPrintable(args[i]));
            return 2;
        } else {
            scenario = args[i];
        }
    }
    if (!results.isEmpty() && scenario.isEmpty()) {
        std::fprintf(stderr, "citytwin: --results needs the scenario the results belong to\n");
        return 2;
    }
    int code = 0;
    {
        citytwin::gui::MainWindow window(&log);
        window.show();
        if (!results.isEmpty())
            QObject::connect(
                &window, &citytwin::gui::MainWindow::scenarioLoaded, &window,
                [&window, results](bool ok) {
                    if (ok) window.openResults(results);
                },
                Qt::SingleShotConnection);
        if (!scenario.isEmpty())
            QTimer::singleShot(0, &window, [&window, scenario] { window.openScenario(scenario); });
        code = app.exec();
    }
    citytwin::gui::installMessageRouting(nullptr);
    return code;
}

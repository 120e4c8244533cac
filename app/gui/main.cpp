// citytwin: the Qt 6 / VTK viewer. `citytwin [scenario.json]`.

#include <QApplication>
#include <QTimer>
#include <cstdio>
#include <exception>

#include "app_log.h"
#include "main_window.h"
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
    citytwin::gui::prepareEnvironment();
    ViewerApplication app(argc, argv);
    citytwin::gui::setApplicationNames();
    citytwin::gui::AppLog log;
    app.log = &log;
    citytwin::gui::installMessageRouting(&log);
    const QStringList args = QApplication::arguments();
    if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) {
        std::printf(
            "usage: citytwin [scenario.json]\n\nThe CityTwin viewer. Documentation: docs/viewer.md\n");
        return 0;
    }
    if (args.size() > 1 && args[1] == "--version") {
        std::printf("citytwin %s\n", CITYTWIN_VERSION);
        return 0;
    }
    int code = 0;
    {
        citytwin::gui::MainWindow window(&log);
        window.show();
        if (args.size() > 1) {
            const QString path = args[1];
            QTimer::singleShot(0, &window, [&window, path] { window.openScenario(path); });
        }
        code = app.exec();
    }
    citytwin::gui::installMessageRouting(nullptr);
    return code;
}

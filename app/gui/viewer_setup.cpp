// Process-wide set-up of the viewer (docs: ../shared/docs/qt6-vtk-debian12.md, step 1).

#include "viewer_setup.h"

#include <sys/stat.h>
#include <unistd.h>
#include <QCoreApplication>
#include <QSurfaceFormat>

#include <cstdlib>
#include <string>

namespace citytwin::gui {

void prepareEnvironment() {
    if (!std::getenv("XDG_RUNTIME_DIR")) {
        // Qt warns on the terminal without one; use the private directory it would fall back to.
        const std::string dir = "/tmp/runtime-" + std::to_string(getuid());
        mkdir(dir.c_str(), 0700);
        setenv("XDG_RUNTIME_DIR", dir.c_str(), 0);
    }
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "xcb", 0);
    if (!std::getenv("QT_XCB_GL_INTEGRATION")) setenv("QT_XCB_GL_INTEGRATION", "xcb_glx", 0);
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(3, 2);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setRedBufferSize(8);
    f.setGreenBufferSize(8);
    f.setBlueBufferSize(8);
    f.setAlphaBufferSize(8);
    f.setDepthBufferSize(24);
    f.setStencilBufferSize(0);
    f.setSamples(0);
    f.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    QSurfaceFormat::setDefaultFormat(f);
}

void setApplicationNames() {
    QCoreApplication::setOrganizationName("CityTwin");
    QCoreApplication::setOrganizationDomain("citytwin.example");
    QCoreApplication::setApplicationName("citytwin");
    QCoreApplication::setApplicationVersion(CITYTWIN_VERSION);
}

}  // namespace citytwin::gui

#pragma once
// What the viewer needs before and after QApplication exists; shared by main() and the GUI tests.

namespace citytwin::gui {

/// Before QApplication: the xcb/GLX platform unless the user chose one (Debian's VTK loads GL through a
/// GLX-only GLEW), and the default surface format VTK needs (OpenGL 3.2 core, RGBA8, depth 24).
void prepareEnvironment();

/// After QApplication: organisation and application names for QSettings.
void setApplicationNames();

}  // namespace citytwin::gui

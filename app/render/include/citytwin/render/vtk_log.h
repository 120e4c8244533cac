#pragma once
/// @file vtk_log.h
/// Routes VTK's messages (warnings, errors, text) into the application's log instead of the terminal.

#include <functional>
#include <string>

namespace citytwin::render {

enum class VtkMessageLevel { Text, Warning, Error };

/// Receives every VTK message. May be called from any thread that runs VTK code.
using VtkMessageSink = std::function<void(VtkMessageLevel level, const std::string& message)>;

/// Installs the sink as VTK's output window and silences VTK's own logging to stderr. Call once before
/// rendering; an empty sink drops the messages.
void routeVtkMessages(VtkMessageSink sink);

}  // namespace citytwin::render

// A module whose entry point throws (written by hand, without CITYTWIN_PLUGIN, which would prevent that). The
// entry has the declared type (a const CityTwinPluginV1* of no arguments): calling a function through a pointer
// of another type is undefined behaviour, which UBSan's function check reports.
#include <stdexcept>

#include "citytwin/sdk/plugin.h"

extern "C" __attribute__((visibility("default"))) const CityTwinPluginV1* citytwin_plugin_entry() {
    throw std::runtime_error("entry point exploded");
}

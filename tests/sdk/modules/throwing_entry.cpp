// A module whose entry point throws (written by hand, without CITYTWIN_PLUGIN, which would prevent that).
#include <stdexcept>
extern "C" __attribute__((visibility("default"))) const void* citytwin_plugin_entry() {
    throw std::runtime_error("entry point exploded");
}

// A plug-in table that claims another SDK version.
#include "citytwin/sdk/plugin.h"

extern "C" __attribute__((visibility("default"))) const CityTwinPluginV1* citytwin_plugin_entry() {
    static const CityTwinPluginV1 table = {
        CITYTWIN_PLUGIN_MAGIC, 999, CITYTWIN_SDK_ABI_TAG, nullptr, nullptr, nullptr, nullptr, nullptr};
    return &table;
}

// A module that needs a function no library provides: loading it with RTLD_NOW fails.
#include "citytwin/sdk/plugin.h"

extern "C" int citytwin_test_function_that_does_not_exist(int);
extern "C" __attribute__((visibility("default"))) const CityTwinPluginV1* citytwin_plugin_entry() {
    static const int x = citytwin_test_function_that_does_not_exist(1);  // the loader fails before this runs
    (void)x;
    return nullptr;
}

// A module that needs a function no library provides: loading it with RTLD_NOW fails.
extern "C" int citytwin_test_function_that_does_not_exist(int);
extern "C" __attribute__((visibility("default"))) const void* citytwin_plugin_entry() {
    static int x = citytwin_test_function_that_does_not_exist(1);
    return &x;
}

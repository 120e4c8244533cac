// A shared module that is not a CityTwin plug-in: it has no entry point.
extern "C" __attribute__((visibility("default"))) int some_function() {
    return 42;
}

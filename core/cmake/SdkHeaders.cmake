# The SDK: exactly these headers are visible to plug-ins and installed for their authors. Everything else in
# core/include is host-only (plug-in registry, run service, scenario files, results folder, model builder, ...).
# tests/sdk/check_sdk_headers.cmake keeps this list equal to what sdk.h includes and checks that a change to
# them comes with a CITYTWIN_SDK_VERSION bump.
set(CITYTWIN_SDK_HEADERS
    sdk/sdk.h sdk/outputs.h sdk/parameters.h sdk/plugin.h sdk/simulator.h sdk/version.h
    core/city_model.h core/crs.h core/data_dir.h core/error.h core/geometry.h core/geometry_boost.h core/occupancy.h core/problem.h
    core/progress.h core/range.h core/raster.h core/rasterise.h core/text.h core/vector_layer.h)

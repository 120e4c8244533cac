# citytwin_add_plugin(<target> SOURCES <files...> [LIBRARIES <libs...>] [OUTPUT_DIRECTORY <dir>])
#
# Builds a CityTwin simulator plug-in: a shared module linked against the SDK (CityTwin::core), with hidden
# symbols except the entry point that CITYTWIN_PLUGIN() exports, and no "lib" prefix (<target>.so).
# Put the module in a directory on CITYTWIN_PLUGIN_PATH (or the installed plug-in directory) and citytwin finds it.
function(citytwin_add_plugin target)
    cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
    if(NOT ARG_SOURCES)
        message(FATAL_ERROR "citytwin_add_plugin(${target}): no SOURCES")
    endif()
    add_library(${target} MODULE ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE CityTwin::core ${ARG_LIBRARIES})
    target_compile_features(${target} PRIVATE cxx_std_17)
    set_target_properties(${target} PROPERTIES
        PREFIX ""
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)
    if(ARG_OUTPUT_DIRECTORY)
        set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
        # The simulators built in this tree: the tests that run every plug-in depend on this list.
        if(DEFINED CITYTWIN_PLUGIN_BUILD_DIR AND ARG_OUTPUT_DIRECTORY STREQUAL CITYTWIN_PLUGIN_BUILD_DIR)
            set_property(GLOBAL APPEND PROPERTY CITYTWIN_BUILTIN_PLUGINS ${target})
        endif()
    endif()
endfunction()

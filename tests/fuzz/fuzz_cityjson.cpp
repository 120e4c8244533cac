// Fuzz target: the CityJSON reader (core/cityjson.h).
#include <cstdint>

#include "citytwin/core/cityjson.h"
#include "citytwin/core/error.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const citytwin::fuzz::TempInput in(data, size, ".city.json");
    try {
        (void)citytwin::core::readCityJson(in.path(), "EPSG:32734");
    } catch (const citytwin::core::Error&) {
    }
    try {
        (void)citytwin::core::readCityJson(in.path());
    } catch (const citytwin::core::Error&) {
    }
    return 0;
}

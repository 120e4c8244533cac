// Fuzz target: the scenario parser (core/scenario.h). Hostile input must end in core::Error, never a crash, a hang
// or another exception.
#include <cstdint>
#include <string>

#include "citytwin/core/error.h"
#include "citytwin/core/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const citytwin::core::Scenario s = citytwin::core::parseScenario(text, "/nonexistent", "fuzz.json");
        (void)citytwin::core::scenarioToJson(s);
    } catch (const citytwin::core::Error&) {
    }
    return 0;
}

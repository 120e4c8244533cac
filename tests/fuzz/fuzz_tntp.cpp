// Fuzz target: the TNTP readers (sim/traffic/engine/include/citytwin/traffic/tntp.h): network, trips, flows.
#include <cstdint>

#include "citytwin/core/error.h"
#include "citytwin/traffic/tntp.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const citytwin::fuzz::TempInput in(data, size, ".tntp");
    using namespace citytwin;
    try {
        traffic::Network n = traffic::readTntpNetwork(in.path());
        (void)traffic::readTntpTrips(in.path(), n.zoneCount);
    } catch (const core::Error&) {
    }
    try {
        (void)traffic::readTntpTrips(in.path());
    } catch (const core::Error&) {
    }
    try {
        (void)traffic::readTntpFlows(in.path());
    } catch (const core::Error&) {
    }
    return 0;
}

// Fuzz target: vector import of GeoJSON through GDAL (core/vector_io.h) as buildings, roads and a generic layer,
// then footprint repair.
#include <cstdint>

#include "citytwin/core/error.h"
#include "citytwin/core/polygon_repair.h"
#include "citytwin/core/vector_io.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace citytwin::core;
    const citytwin::fuzz::TempInput in(data, size, ".geojson");
    for (VectorRole role : {VectorRole::Buildings, VectorRole::Roads, VectorRole::Any}) {
        try {
            VectorReadOptions o;
            o.role = role;
            const VectorReadResult r = readVector(in.path(), o);
            if (role == VectorRole::Buildings)
                for (const VectorFeature& f : r.layer.features)
                    (void)repairFootprint(f.polygons);
        } catch (const Error&) {
        }
    }
    return 0;
}

// Fuzz target: parameter values as typed in a scenario or --set, hydrographs and hyetographs above all
// (core/simulator_host.h parseParamJson / parseParamText, checkParamValue).
#include <cstdint>
#include <string>

#include "citytwin/core/simulator_host.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace citytwin;
    const std::string text(reinterpret_cast<const char*>(data), size);
    static const sdk::ParamType types[] = {sdk::ParamType::Series, sdk::ParamType::Points, sdk::ParamType::Real,
                                           sdk::ParamType::Integer, sdk::ParamType::Bool, sdk::ParamType::Choice};
    for (sdk::ParamType t : types) {
        sdk::ParamDecl d;
        d.id = "x";
        d.type = t;
        d.range = {0.0, 1e6};
        d.choices = {"a", "b"};
        std::string problem;
        sdk::ParamValue v = core::parseParamJson(d, text, problem);
        if (problem.empty()) (void)core::checkParamValue(d, v);
        problem.clear();
        v = core::parseParamText(d, text, problem);
        if (problem.empty()) (void)core::checkParamValue(d, v);
    }
    return 0;
}

#pragma once
// Range checks shared by the engine's validation functions: one message shape, the bound from limits.h.

#include <string>
#include <vector>

#include "citytwin/core/problem.h"
#include "citytwin/core/range.h"
#include "citytwin/core/text.h"

namespace citytwin::uam::detail {

/// Adds "<what> is <value> <unit>, out of range (<range> <unit>)" for parameter `id` when `value` lies
/// outside `range` (or is not a number).
inline void checkRange(std::vector<core::Problem>& out, const std::string& id, const std::string& what,
                       double value, const core::Range& range, const std::string& unit = {}) {
    if (range.contains(value)) return;
    const std::string u = unit.empty() ? std::string() : " " + unit;
    out.push_back({"uam", id,
                   what + " is " + core::number(value, 6) + u + ", out of range (" + range.text() + u + ")"});
}

}  // namespace citytwin::uam::detail

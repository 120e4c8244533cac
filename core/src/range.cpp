#include "citytwin/core/range.h"

#include "citytwin/core/text.h"

namespace citytwin::core {

std::string Range::text() const {
    if (min && max) return number(*min) + " to " + number(*max);
    if (min) return ">= " + number(*min);
    if (max) return "<= " + number(*max);
    return {};
}

std::string Range::outOfRange(double x, const std::string& unit) const {
    return "value " + number(x) + (unit.empty() ? "" : " " + unit) + " is out of range (" + text() + ")";
}

}  // namespace citytwin::core

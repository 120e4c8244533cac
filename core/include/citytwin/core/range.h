#pragma once
/// @file range.h
/// An inclusive numeric range. Declared once (usually beside the engine that needs it) and used by the host's
/// parameter check, the engine's own check and the generated documentation, so a limit is written in one place.

#include <cmath>
#include <optional>
#include <string>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// [min, max], inclusive; either end may be open. Values that are not finite are never inside.
struct Range {
    std::optional<double> min;
    std::optional<double> max;

    constexpr Range() = default;
    constexpr Range(double lo, double hi) : min(lo), max(hi) {}
    static constexpr Range atLeast(double lo) {
        Range r;
        r.min = lo;
        return r;
    }
    static constexpr Range atMost(double hi) {
        Range r;
        r.max = hi;
        return r;
    }

    bool contains(double x) const { return std::isfinite(x) && (!min || x >= *min) && (!max || x <= *max); }
    bool bounded() const { return min.has_value() || max.has_value(); }
    /// "0.5 to 1", ">= 0", "<= 10", "" when open at both ends.
    CITYTWIN_CORE_API std::string text() const;
    /// "value 1.5 m is out of range (0.5 to 1)".
    CITYTWIN_CORE_API std::string outOfRange(double x, const std::string& unit = {}) const;
};

}  // namespace citytwin::core

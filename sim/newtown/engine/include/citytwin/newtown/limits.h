#pragma once
/// @file limits.h
/// The accepted range of every numeric new-town setting, declared once: the engine's checks (validate(),
/// sunSteps(), the SPA) test against these, the plug-in declares its parameters with them, so the host's
/// check, the form, `describe` and the README table say the same as the engine. Bounds that come from a law
/// live in the tables instead (e.g. the decree's least spacing factor, building_rules.csv), and the engine
/// checks them on top.

#include <cstdio>
#include <string>

#include "citytwin/core/range.h"

namespace citytwin::newtown::limits {

using core::Range;

// Massing
inline constexpr Range spacingFactor{0.5, 3.0};   ///< [-]; the table's spacing_factor_min is checked as well
inline constexpr Range farBonusFactor{1.0, 2.0};  ///< multiple of the decree's FAR maximum [-]
inline constexpr Range trueNorthGridAzimuthDeg{-45.0, 45.0};  ///< grid bearing of true north [deg]
inline constexpr Range phaseCandidates{1.0, 16.0};            ///< row phases tried per floor count
inline constexpr Range lotLineOffsetM{0.0, 50.0};             ///< boundary to the effective lot line [m]
inline constexpr Range seed{0.0, 4294967295.0};               ///< placement seed (unsigned 32 bit)
inline constexpr Range replaceShare{0.01, 1.0};  ///< share of a footprint inside a parcel to replace it [-]

// Population and loads
inline constexpr Range personsPerHousehold{0.5, 10.0};  ///< [persons]
inline constexpr Range share{0.0, 1.0};                 ///< car share, peak-hour factor, direction share [-]
inline constexpr Range existingStoreyHeightM{2.0, 10.0};   ///< [m]
inline constexpr Range existingUnitGrossM2{10.0, 1000.0};  ///< [m2]
inline constexpr Range planningAreaHa{0.0, 1.0e6};         ///< [ha]; 0 = the convex hull of the parcels

// Sun and facades
inline constexpr Range year{-2000.0, 6000.0};         ///< the SPA's validity (Reda and Andreas 2004)
inline constexpr Range timezoneH{-18.0, 18.0};        ///< hours east of UTC
inline constexpr Range deltaTS{-8000.0, 8000.0};      ///< TT - UT1 [s]
inline constexpr Range pressureHPa{0.0, 5000.0};      ///< annual mean pressure [hPa] (refraction)
inline constexpr Range temperatureC{-273.0, 6000.0};  ///< annual mean temperature [degC] (refraction)
inline constexpr Range timeStepMin{0.25, 60.0};       ///< [min]
inline constexpr Range minSpanMin{0.0, 120.0};        ///< [min]
inline constexpr Range groundStepMin{0.25, 60.0};     ///< [min]
/// Ground-grid cell [m]: 0 = no grid; values between 0 and groundCellMinM are refused by the engine too.
inline constexpr Range groundCellM{0.0, 1000.0};
inline constexpr double groundCellMinM = 0.25;
inline constexpr Range groundMarginM{0.0, 5000.0};      ///< [m]
inline constexpr Range windowHeightM{0.0, 5.0};         ///< above each floor level [m]
inline constexpr Range facadeGridSpacingM{1.0, 100.0};  ///< [m]

/// "lo..hi", ">= lo", "<= hi" for messages.
inline std::string text(const Range& r) {
    auto n = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return std::string(buf);
    };
    if (r.min && r.max) return n(*r.min) + ".." + n(*r.max);
    if (r.min) return ">= " + n(*r.min);
    if (r.max) return "<= " + n(*r.max);
    return "any value";
}

}  // namespace citytwin::newtown::limits

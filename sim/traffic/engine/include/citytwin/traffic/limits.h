#pragma once
/// @file limits.h
/// The accepted range of every numeric traffic setting, declared once: the engine's and the city adapter's
/// checks use these, and the plug-in declares its parameters with them (so the host's check, the form and the
/// generated README table say the same).

#include <string>
#include <vector>

#include "citytwin/core/range.h"
#include "citytwin/core/text.h"
#include "citytwin/traffic/network.h"

namespace citytwin::traffic::limits {

using core::Range;

inline constexpr Range relativeGap{1e-15, 1.0};           ///< stop at this relative gap [-]
inline constexpr Range iterations{1.0, 100000.0};         ///< outer iterations
inline constexpr Range seconds = Range::atLeast(0.0);     ///< wall-clock limit [s], 0 = none
inline constexpr Range costWeight{0.0, 100.0};            ///< distance weight [min/km]
inline constexpr Range demandScale{0.0, 100.0};           ///< demand multiplier [-]
inline constexpr Range share{0.0, 1.0};                   ///< car share [-]
inline constexpr Range peakHourFactor{1e-6, 1.0};         ///< share of daily trips in the peak hour [-]
inline constexpr Range storeyHeightM{2.0, 10.0};          ///< storey height [m]
inline constexpr Range gravityBeta{0.0, 5.0};             ///< gravity deterrence [1/min]
inline constexpr Range zoneSizeM{50.0, 10000.0};          ///< grid zone side [m]
inline constexpr Range connectorsPerZone{1.0, 8.0};       ///< access links per zone
inline constexpr Range connectorSpeedKmh{1.0, 100.0};     ///< speed on access links [km/h]
inline constexpr Range snapToleranceM{0.0, 50.0};         ///< vertex snapping [m]
inline constexpr Range bprAlpha{0.0, 10.0};               ///< BPR alpha [-]
inline constexpr Range bprBeta{1.0, 10.0};                ///< BPR power [-]
inline constexpr Range closureDepthM{0.01, 10.0};         ///< impassable water depth [m]
inline constexpr Range capacityPerLane{1e-9, 10000.0};    ///< capacity per lane [veh/h]
inline constexpr Range tripRate{0.0, 1000.0};             ///< daily trips per 100 m2 of floor area
inline constexpr Range unitFactor{1e-6, 1e6};             ///< minutes or km per unit of a network file
inline constexpr Range pce{1.0, 10.0};                    ///< passenger-car equivalents of a truck
inline constexpr Range cordonScale{0.0, 10.0};            ///< multiplier of the cordon flows [-]
inline constexpr Range continuity{1.0, 1000.0};           ///< weight of through trips staying on their road
inline constexpr Range adjustmentIterations{1.0, 100.0};  ///< matrix adjustment steps
inline constexpr Range signalRadiusM{1.0, 200.0};         ///< signal point to junction node [m]

/// Adds "<id> <value> is not within <range> <unit>" to `out` when `value` lies outside `range`.
inline void check(std::vector<Problem>& out, const std::string& id, double value, const Range& range,
                  const std::string& unit = {}) {
    if (range.contains(value)) return;
    std::string text = range.text();
    for (std::string::size_type k = text.find(" to "); k != std::string::npos; k = text.find(" to "))
        text.replace(k, 4, "..");
    out.push_back(
        {id, id + " " + core::number(value) + " is not within " + text + (unit.empty() ? "" : " " + unit)});
}

}  // namespace citytwin::traffic::limits

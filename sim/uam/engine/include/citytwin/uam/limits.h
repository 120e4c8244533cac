#pragma once
/// @file limits.h
/// The accepted range of every numeric UAM setting, declared once: the engine's validateAirspace() and
/// validateScenario() check against these, and the plug-in declares its parameters with them, so the host's
/// check, the form, `describe` and the engine say the same. Bounds are inclusive (core::Range); where the
/// physics needs a strictly positive value the lower bound is a small positive number.

#include "citytwin/core/range.h"

namespace citytwin::uam::limits {

using core::Range;

// Airspace.
inline constexpr Range bandM{0.0, 20000.0};           ///< band floor and ceiling [m] above ground or datum
inline constexpr Range gridCellM{0.01, 1000.0};       ///< horizontal voxel size [m]
inline constexpr Range gridDzM{0.01, 1000.0};         ///< vertical voxel size [m]
inline constexpr Range clearanceM{0.0, 5000.0};       ///< vertical and lateral clearances [m]
inline constexpr Range tubeHalfWidthM{0.0, 5000.0};   ///< tube half-width [m]
inline constexpr Range noFlyBufferM{0.0, 5000.0};     ///< vertical buffer round no-fly volumes [m]
inline constexpr Range funnelVerticalM{0.0, 5000.0};  ///< vertical take-off segment [m] (also >= 2 grid_dz_m)
inline constexpr Range funnelSlope{0.001, 10.0};      ///< funnel surface rise over run [-]
inline constexpr Range funnelDivergence{0.0, 10.0};   ///< funnel widening per side per metre [-]

// Vertiports.
inline constexpr Range fatoSizeM{0.1, 1000.0};          ///< side of the FATO [m]
inline constexpr Range bearingDeg{-360.0, 360.0};       ///< approach and departure bearings [deg]
inline constexpr Range padElevationM{-1000.0, 9000.0};  ///< pad elevation [m MSL]
inline constexpr Range noFlyLimitM{-1.0e6, 1.0e6};      ///< no-fly floor and ceiling [m]
inline constexpr Range noFlyRadiusM{0.001, 1.0e6};      ///< no-fly circle radius [m]

// Aircraft.
inline constexpr Range speedMps{0.1, 1000.0};             ///< cruise, terminal and maximum speeds [m/s]
inline constexpr Range gradient{0.001, 10.0};             ///< climb and descent gradients [-]
inline constexpr Range turnRadiusM{0.0, 100000.0};        ///< turn radii [m]
inline constexpr Range aircraftDimensionM{0.01, 1000.0};  ///< maximum characteristic dimension [m]
inline constexpr Range failureRatePerHour{0.0, 1.0};      ///< failures ending in a ground impact [1/h]
inline constexpr Range criticalAreaM2{0.0, 1.0e6};        ///< critical area [m²]; 0 = from the dimension

// Route cost.
inline constexpr Range costWeight{0.0, 1.0e9};      ///< every cost weight [-, m/person, m/1e-9]
inline constexpr Range levelDbA{0.0, 200.0};        ///< noise threshold, reference level, contour levels [dB]
inline constexpr Range heuristicWeight{1.0, 10.0};  ///< weight of the fine stage's heuristic [-]

// Noise.
inline constexpr Range referenceDistanceM{0.1, 10000.0};  ///< reference slant distance [m]
inline constexpr Range frequencyHz{50.0, 10000.0};        ///< absorption frequency [Hz] (ISO 9613-1 range)
inline constexpr Range temperatureC{-20.0, 50.0};         ///< air temperature [°C] (ISO 9613-1 range)
inline constexpr Range humidityPct{10.0, 100.0};          ///< relative humidity [%] (ISO 9613-1 range)
inline constexpr Range pressureKPa{50.0, 120.0};          ///< ambient pressure [kPa]
inline constexpr Range minDistanceM{0.01, 1000.0};        ///< near-field clamp of the source distance [m]
inline constexpr Range noiseCellM{0.1, 10000.0};          ///< noise grid cell [m]
inline constexpr Range receiverHeightM{0.0, 1000.0};      ///< receiver height above ground [m]
inline constexpr Range flightsPerPeriod{0.0, 1.0e6};      ///< flights of one route in one period of a day

}  // namespace citytwin::uam::limits

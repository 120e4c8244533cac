#pragma once
/// @file limits.h
/// The accepted range of every numeric flood setting, declared once: the engine's validate() checks against
/// these, the plug-in declares its parameters with them (so the host's check, the form and the generated README
/// table say the same), and nothing else repeats a bound.

#include "citytwin/core/range.h"

namespace citytwin::flood::limits {

using core::Range;

inline constexpr Range durationS{1.0, 1.0e8};                ///< simulated time [s]
inline constexpr Range resolutionM{0.0, 1000.0};             ///< run cell size [m]; 0 = the terrain's
inline constexpr Range intervalS = Range::atLeast(0.0);      ///< frame interval [s]; 0 = none
inline constexpr Range seriesIntervalS{0.1, 1.0e8};          ///< gauge / mass-balance interval [s]
inline constexpr Range rainIntensityMmPerH{0.0, 1000.0};     ///< rain intensity [mm/h]
inline constexpr Range rainTimeS{0.0, 1.0e8};                ///< rain start [s]
inline constexpr Range rainDurationS{1.0, 1.0e8};            ///< rain duration, frame length [s]
inline constexpr Range lossMm{0.0, 10000.0};                 ///< initial loss, suction head [mm]
inline constexpr Range lossRateMmPerH{0.0, 10000.0};         ///< continuing loss, drainage [mm/h]
inline constexpr Range conductivityMmPerH{1.0e-6, 10000.0};  ///< Green-Ampt Ks [mm/h]
inline constexpr Range fraction{0.0, 1.0};                   ///< moisture deficit [-]
inline constexpr Range manningN{0.0, 1.0};                   ///< Manning n [s/m^(1/3)]
inline constexpr Range outflowSlope{1.0e-6, 1.0};            ///< free-outflow water-surface slope [-]
inline constexpr Range levelM{-1000.0, 10000.0};             ///< boundary water level [m]
inline constexpr Range dischargeM3PerS{0.0, 1.0e7};          ///< inflow / boundary discharge [m3/s]
inline constexpr Range thresholdDepthM{0.001, 10.0};         ///< inundation / flooded-building thresholds [m]
inline constexpr Range debrisFactor{0.0, 10.0};              ///< hazard debris factor [m2/s]
/// de Almeida q-centring weight [-]: above 0.8 the scheme hardly damps grid-scale oscillation (README,
/// "Stability"); kMaxTheta in setup.h is this bound.
inline constexpr Range theta{0.5, 0.8};
/// Courant number [-]: up to 0.9 sqrt(theta / 2) for the local-inertial scheme (0.569 at theta 0.8, checked by
/// the engine for the theta given) and 0.5 for FV1.
inline constexpr Range cfl{0.01, 0.569};
inline constexpr Range maxDtS{1.0e-4, 3600.0};               ///< largest time step [s]
inline constexpr Range minDtS{1.0e-7, 100.0};                ///< collapse limit of the time step [s]
inline constexpr Range flowDepthThresholdM{1.0e-6, 0.1};     ///< depth below which a face carries no flow [m]

// Design storms and drainage by design frequency (design_storm.h; the engine refuses T <= 1 year and
// non-positive durations, these bounds keep values to what a table can hold).
inline constexpr Range returnPeriodYears{1.01, 1.0e4};        ///< design return period [years]
inline constexpr Range designReturnPeriodYears{0.0, 1.0e4};   ///< as above; 0 = not used (drainage)
inline constexpr Range stormDurationMin{1.0, 10080.0};        ///< design storm / design duration [min], <= 7 days
inline constexpr Range stormStepMin{0.1, 1440.0};             ///< hyetograph block length [min]
inline constexpr Range catchmentAreaKm2{0.0, 1.0e6};          ///< areal reduction area [km2]; 0 = not given

}  // namespace citytwin::flood::limits

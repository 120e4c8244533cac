#pragma once
/// @file limits.h
/// The accepted range of every numeric subsidence input that a user sets, declared once: the engine's
/// validate() checks against these, and the plug-in declares its parameters (and the defaults of layer
/// attributes) with them, so the host's check, the form, the generated README table and the engine say the
/// same. Bounds are inclusive (core::Range); where the physics needs a strict bound (a diameter > 0) the
/// lower end is a small positive value instead. The upper ends are plausibility limits that catch unit
/// mistakes (a diameter typed in millimetres), not physical laws.

#include "citytwin/core/range.h"

namespace citytwin::subsidence::limits {

using core::Range;

// Grid and run.
inline constexpr Range cellSizeM{0.1, 1000.0};  ///< grid cell size [m]
/// Largest grid [cells]: a run holds several doubles and one float frame per output time per cell, so 25 M
/// cells need a few GB. The benchmark size is 4 M.
inline constexpr double maxGridCells = 25.0e6;
inline constexpr Range endDay{0.01, 36525.0};          ///< end of the run [day] (up to 100 years)
inline constexpr Range day{-36525.0, 36525.0};         ///< any start day of a source [day] from the origin
inline constexpr Range durationDays{0.0, 36525.0};     ///< construction, ramp times [day]
inline constexpr Range worstBuildings{0.0, 10000.0};   ///< worst buildings followed in time
inline constexpr Range profileSpacingM{0.01, 1000.0};  ///< sample spacing along profiles [m]

// Tunnels (Peck 1969; O'Reilly & New 1982).
inline constexpr Range axisDepthM{1.0, 300.0};            ///< tunnel axis depth z0 [m]
inline constexpr Range diameterM{0.5, 30.0};              ///< tunnel diameter D [m]
inline constexpr Range volumeLossPercent{0.001, 100.0};   ///< volume loss V_L [%] of the excavated area
inline constexpr Range troughWidthFactor{0.05, 2.0};      ///< K in i = K z0 [-]
inline constexpr Range advanceRateMPerDay{0.01, 1000.0};  ///< drive advance rate [m/day]

// Excavations (Clough & O'Rourke 1990; Peck 1969) and dewatering (Thiem 1906; Sichardt 1928).
inline constexpr Range excavationDepthM{0.5, 200.0};     ///< excavation depth H [m]
inline constexpr Range maxSettlementRatio{1.0e-6, 0.2};  ///< δvm / H [-] (1e-6: practically no wall movement)
inline constexpr Range leakageFactor{0.0, 1.0};          ///< share of the inside drawdown felt outside [-]
inline constexpr Range drawdownInsideM{0.0, 200.0};      ///< groundwater lowering inside a pit [m]
inline constexpr Range radiusOfInfluenceM{1.0, 100000.0};  ///< R from the wall [m]
inline constexpr Range conductivityMPerS{1.0e-12, 1.0};    ///< aquifer hydraulic conductivity k [m/s]
inline constexpr Range saturatedThicknessM{0.1, 1000.0};   ///< unconfined aquifer's saturated thickness [m]

// Compressible layers (Terzaghi 1925) and soft ground.
inline constexpr Range layerThicknessM{0.01, 500.0};           ///< thickness of a compressible layer [m]
inline constexpr Range mvPerKPa{1.0e-7, 0.1};                  ///< m_v [1/kPa]
inline constexpr Range compressionIndex{1.0e-3, 10.0};         ///< Cc [-]
inline constexpr Range recompressionIndex{0.0, 10.0};          ///< Cr [-]
inline constexpr Range voidRatio{0.05, 20.0};                  ///< e0 [-]
inline constexpr Range overconsolidationRatio{1.0, 100.0};     ///< OCR [-]
inline constexpr Range effectiveStressKPa{0.1, 100000.0};      ///< σ'0 at mid-layer [kPa] (with Cc)
inline constexpr Range topEffectiveStressKPa{0.0, 100000.0};   ///< σ' at the top of soft ground [kPa]
inline constexpr Range effectiveUnitWeightKNPerM3{0.1, 30.0};  ///< γ' [kN/m³]
inline constexpr Range cvM2PerDay{1.0e-6, 10000.0};            ///< c_v, c_h [m²/day]
inline constexpr Range loadKPa{-5000.0, 5000.0};               ///< surcharge on soft ground [kPa]
inline constexpr Range drawdownM{-200.0, 200.0};               ///< drawdown under soft ground [m] (rise < 0)
inline constexpr Range drainSpacingM{0.2, 20.0};               ///< vertical drain spacing [m]
inline constexpr Range drainDiameterM{0.005, 2.0};             ///< equivalent drain diameter d_w [m]
inline constexpr Range permeabilityRatio{1.0, 100.0};          ///< k_h / k_s in the smear zone [-]

// Reservoirs (Geertsma 1973).
inline constexpr Range reservoirDepthM{1.0, 20000.0};      ///< depth of the disc's centre [m]
inline constexpr Range reservoirRadiusM{1.0, 200000.0};    ///< disc radius [m]
inline constexpr Range reservoirThicknessM{0.01, 5000.0};  ///< disc thickness [m]
inline constexpr Range pressureDropMPa{-500.0, 500.0};     ///< pressure drop [MPa] (depletion > 0)
inline constexpr Range youngModulusMPa{0.1, 1.0e6};        ///< E [MPa]
inline constexpr Range poissonRatio{0.0, 0.499};           ///< ν [-]
inline constexpr Range biotCoefficient{0.01, 1.0};         ///< α [-]

// Observations.
inline constexpr Range incidenceDeg{1.0, 89.0};  ///< InSAR incidence angle [deg]

}  // namespace citytwin::subsidence::limits

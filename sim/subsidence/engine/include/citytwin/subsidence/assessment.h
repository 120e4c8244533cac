#pragma once
/// @file assessment.h
/// Building damage assessment from ground movements (greenfield, no soil-structure interaction):
/// Stage 1 screening (Rankin 1988), then the limiting tensile strain of an equivalent deep beam (Burland &
/// Wroth 1974) with the building's average horizontal strain (Boscardin & Cording 1989; Burland 1995), mapped
/// to the damage categories of Burland et al. (1977). Pure functions; the engine samples the grids and calls
/// them.

#include <string>
#include <vector>

#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence {

/// Which rule decided a building's category.
enum class DecisionRule {
    Stage1Screening,  ///< settlement and slope below the Stage 1 limits: negligible
    BendingStrain,    ///< ε_br = ε_b + ε_h governed
    DiagonalStrain,   ///< ε_dr governed
};
const char* toString(DecisionRule rule);

/// Whether the deflection along a building is sagging (concave up) or hogging.
enum class DeflectionMode { None, Sagging, Hogging };
const char* toString(DeflectionMode mode);

/// A settlement profile along one axis of a building: positions s [m] from one end, settlements [m] (positive
/// down) and the horizontal displacement along the axis at both ends [m].
struct AxisProfile {
    std::vector<double> s;
    std::vector<double> settlementM;
    double displacementStartM = 0.0;  ///< horizontal displacement along the axis at s = 0
    double displacementEndM = 0.0;    ///< ... at s = L
};

/// What one axis gives.
struct AxisMeasures {
    double lengthM = 0.0;
    double deflectionRatio = 0.0;  ///< Δ/L >= 0: largest departure from the end-to-end chord / L
    DeflectionMode mode = DeflectionMode::None;
    double angularDistortion = 0.0;  ///< β: largest |slope between neighbours - chord slope| [-]
    double horizontalStrain = 0.0;   ///< (u_end - u_start) / L, tension positive [-]
};
/// @throws core::Error(Internal) for fewer than 2 points or non-increasing s.
AxisMeasures measureAxis(const AxisProfile& profile);

/// Burland & Wroth (1974) equivalent deep beam of length L, height H: the largest bending and diagonal
/// strains for a deflection ratio Δ/L with a central point load. Sagging: neutral axis at mid-height, t =
/// H/2, I = H³/12. Hogging: neutral axis at the bottom, t = H, I = H³/3.
///   Δ/L = (L/(12 t) + 3 I E / (2 t L H G)) ε_b       (bending)
///   Δ/L = (1 + H L² G / (18 I E)) ε_d                (shear)
struct BeamStrains {
    double bending = 0.0;
    double diagonal = 0.0;
};
BeamStrains burlandWrothStrains(double deflectionRatio, double lengthM, double heightM, DeflectionMode mode,
                                double eOverG);

/// Combined strains with the horizontal strain ε_h (Boscardin & Cording 1989; Burland 1995, eqs. as in
/// Mair, Taylor & Burland 1996): ε_br = ε_b + ε_h and
/// ε_dr = ε_h (1-ν)/2 + sqrt(ε_h² ((1+ν)/2)² + ε_d²). Compressive ε_h (< 0) is taken as 0 (it does not open
/// cracks; as in Mair et al. 1996).
struct CombinedStrains {
    double bending = 0.0;
    double diagonal = 0.0;
    double limiting = 0.0;  ///< max of the two
    DecisionRule rule = DecisionRule::BendingStrain;
};
CombinedStrains combineStrains(const BeamStrains& beam, double horizontalStrain, double poissonRatio);

/// True when Stage 1 screening passes: settlement < limit and slope < limit (strict: a value at the limit
/// fails).
bool passesStage1(const AssessmentParameters& p, double maxSettlementMm, double maxSlope);

}  // namespace citytwin::subsidence

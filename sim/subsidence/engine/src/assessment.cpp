#include "citytwin/subsidence/assessment.h"

#include <algorithm>
#include <cmath>

#include "citytwin/core/error.h"

namespace citytwin::subsidence {

const char* toString(DecisionRule rule) {
    switch (rule) {
        case DecisionRule::Stage1Screening:
            return "stage1_screening";
        case DecisionRule::BendingStrain:
            return "bending_strain";
        case DecisionRule::DiagonalStrain:
            return "diagonal_strain";
    }
    return "?";
}

const char* toString(DeflectionMode mode) {
    switch (mode) {
        case DeflectionMode::None:
            return "none";
        case DeflectionMode::Sagging:
            return "sagging";
        case DeflectionMode::Hogging:
            return "hogging";
    }
    return "?";
}

AxisMeasures measureAxis(const AxisProfile& p) {
    const std::size_t n = p.s.size();
    if (n < 2 || p.settlementM.size() != n)
        throw core::Error(core::ErrorCode::Internal, "measureAxis: a profile needs two or more points");
    for (std::size_t k = 1; k < n; ++k)
        if (!(p.s[k] > p.s[k - 1]))
            throw core::Error(core::ErrorCode::Internal, "measureAxis: positions must increase");
    AxisMeasures m;
    const double s0 = p.s.front();
    m.lengthM = p.s.back() - s0;
    const double w0 = p.settlementM.front(), wL = p.settlementM.back();
    const double chordSlope = (wL - w0) / m.lengthM;
    // Deflection Δ: the largest departure from the straight line joining the ends (Burland & Wroth 1974).
    // Settlement is positive down, so a middle settling more than the chord (departure > 0) is sagging.
    double worst = 0.0;
    for (std::size_t k = 1; k + 1 < n; ++k) {
        const double dev = p.settlementM[k] - (w0 + chordSlope * (p.s[k] - s0));
        if (std::abs(dev) > std::abs(worst)) worst = dev;
    }
    m.deflectionRatio = std::abs(worst) / m.lengthM;
    m.mode = worst > 0.0   ? DeflectionMode::Sagging
             : worst < 0.0 ? DeflectionMode::Hogging
                           : DeflectionMode::None;
    // Angular distortion β: rotation of each bay relative to the tilt (the chord) (Burland & Wroth 1974).
    for (std::size_t k = 0; k + 1 < n; ++k) {
        const double slope = (p.settlementM[k + 1] - p.settlementM[k]) / (p.s[k + 1] - p.s[k]);
        m.angularDistortion = std::max(m.angularDistortion, std::abs(slope - chordSlope));
    }
    // Average horizontal strain over the building (Boscardin & Cording 1989): extension positive.
    m.horizontalStrain = (p.displacementEndM - p.displacementStartM) / m.lengthM;
    return m;
}

BeamStrains burlandWrothStrains(double deflectionRatio, double lengthM, double heightM, DeflectionMode mode,
                                double eOverG) {
    BeamStrains b;
    if (!(deflectionRatio > 0.0) || !(lengthM > 0.0) || !(heightM > 0.0)) return b;
    const double L = lengthM, H = heightM;
    // Neutral axis at mid-height in sagging (the foundation restrains nothing), at the bottom in hogging
    // (Burland & Wroth 1974; Burland 1995).
    const bool hogging = mode == DeflectionMode::Hogging;
    const double t = hogging ? H : 0.5 * H;
    const double I = hogging ? H * H * H / 3.0 : H * H * H / 12.0;
    // Δ/L = (L/(12 t) + 3 I E / (2 t L H G)) ε_b
    const double bendingFactor = L / (12.0 * t) + 3.0 * I * eOverG / (2.0 * t * L * H);
    // Δ/L = (1 + H L² G / (18 I E)) ε_d
    const double shearFactor = 1.0 + H * L * L / (18.0 * I * eOverG);
    b.bending = deflectionRatio / bendingFactor;
    b.diagonal = deflectionRatio / shearFactor;
    return b;
}

CombinedStrains combineStrains(const BeamStrains& beam, double horizontalStrain, double poissonRatio) {
    // Compressive horizontal strain closes cracks: taken as zero (Mair, Taylor & Burland 1996).
    const double eh = std::max(horizontalStrain, 0.0);
    const double nu = poissonRatio;
    CombinedStrains c;
    c.bending = beam.bending + eh;  // Boscardin & Cording (1989)
    const double a = 0.5 * (1.0 + nu);
    c.diagonal =
        eh * 0.5 * (1.0 - nu) + std::sqrt(eh * eh * a * a + beam.diagonal * beam.diagonal);  // Burland (1995)
    c.rule = c.bending >= c.diagonal ? DecisionRule::BendingStrain : DecisionRule::DiagonalStrain;
    c.limiting = std::max(c.bending, c.diagonal);
    return c;
}

bool passesStage1(const AssessmentParameters& p, double maxSettlementMm, double maxSlope) {
    return maxSettlementMm < p.stage1MaxSettlementMm && maxSlope < p.stage1MaxSlope;
}

}  // namespace citytwin::subsidence

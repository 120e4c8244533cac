#pragma once
/// @file geertsma.h
/// Surface displacement above a compacting disc-shaped reservoir in a homogeneous elastic half-space
/// (Geertsma 1973), with the Bessel integrals of Fjaer et al. (2008, App. D.5) evaluated by numerical
/// quadrature.

#include <vector>

#include "citytwin/subsidence/scenario.h"

namespace citytwin::subsidence {

/// The six Lipschitz-Hankel integrals over k in [0, ∞) used by Fjaer et al. (2008):
/// I1 = ∫ e^{-qk} J1(kR) J1(kr) dk,   I2 = ∫ k e^{-qk} J1(kR) J1(kr) dk,  I3 = ∫ e^{-qk} J1(kR) J0(kr) dk,
/// I4 = ∫ k e^{-qk} J1(kR) J0(kr) dk, I6 = ∫ k² e^{-qk} J1(kR) J0(kr) dk, I7 = ∫ k² e^{-qk} J1(kR) J1(kr) dk.
/// Composite 16-point Gauss-Legendre over panels of at most a quarter period of the fastest oscillation,
/// summed until the exponential factor is below 1e-17 of the sum: absolute error below 1e-12 for q > 0.
struct GeertsmaIntegrals {
    double i1 = 0.0, i2 = 0.0, i3 = 0.0, i4 = 0.0, i6 = 0.0, i7 = 0.0;
};
/// @param q depth [m or any unit] > 0, r radial distance >= 0, R disc radius > 0 (all in the same unit).
GeertsmaIntegrals geertsmaIntegrals(double q, double r, double R);

/// Uniaxial compaction coefficient c_m = (1+ν)(1-2ν) / (E (1-ν)) [1/MPa] for E in MPa.
double uniaxialCompactionCoefficient(double youngModulusMPa, double poissonRatio);

/// Surface displacement of a reservoir at distance r [m] from the axis, at full depletion:
/// settlement u_z = 2(1-ν) c_m α Δp h R I3(D, r, R) and horizontal displacement towards the axis
/// u_r = 2(1-ν) c_m α Δp h R I1(D, r, R) [m], with their derivatives along r
/// (d/dr I3 = -I2, d/dr I1 = I4 - I1/r).
struct GeertsmaProfilePoint {
    double settlementM = 0.0;
    double inwardM = 0.0;
    double dSettlementDr = 0.0;
    double dInwardDr = 0.0;
};
GeertsmaProfilePoint geertsmaSurface(const Reservoir& reservoir, double r);

/// Reservoir compaction Δh = c_m α Δp h [m] and the volume of the settlement bowl 2(1-ν) π R² Δh [m³]
/// (Geertsma 1973: the bowl holds 2(1-ν) times the reservoir's volume loss).
double reservoirCompaction(const Reservoir& reservoir);
double geertsmaBowlVolume(const Reservoir& reservoir);

/// The surface profile tabulated on nodes from r = 0 to `maxRadiusM` (spacing min(D, R)/32 near the axis,
/// growing as 2.5 % of r far from it) and read back by cubic Hermite interpolation with the exact derivatives
/// (error below 1e-7 of the peak settlement: under 1e-9 m in the disc example). Thread-safe after
/// construction.
class GeertsmaProfile {
public:
    GeertsmaProfile(const Reservoir& reservoir, double maxRadiusM);
    /// Settlement and inward horizontal displacement at full depletion [m]; beyond maxRadius the last node's
    /// values decay as the far field of a centre of compression (∝ D / (r² + D²)^{3/2}, r D / (r² +
    /// D²)^{3/2}).
    void at(double r, double& settlementM, double& inwardM) const;
    double maxRadius() const { return r_.empty() ? 0.0 : r_.back(); }

private:
    std::vector<double> r_, w_, dw_, u_, du_;
    double depth_ = 0.0;
};

}  // namespace citytwin::subsidence

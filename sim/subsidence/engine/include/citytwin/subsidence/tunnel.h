#pragma once
/// @file tunnel.h
/// Greenfield ground movements above a bored tunnel: Peck's (1969) Gaussian transverse trough with
/// O'Reilly & New's (1982) trough width and horizontal movements towards the axis, and the cumulative-normal
/// longitudinal profile of Attewell & Woodman (1982) for a tunnel from a start point to its face. Pure
/// functions.

#include "citytwin/subsidence/scenario.h"
#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence {

/// Parameters of one trough.
struct Trough {
    double axisDepthM = 0.0;      ///< z0 [m]
    double widthM = 0.0;          ///< i [m]
    double volumeM3PerM = 0.0;    ///< settlement volume per metre V_s = V_L π D² / 4 [m³/m]
    double maxSettlementM = 0.0;  ///< S_max = V_s / (sqrt(2π) i) [m]
};

/// The trough of a tunnel of diameter D [m], axis depth z0 [m], volume loss V_L [%] and width i [m].
Trough makeTrough(double diameterM, double axisDepthM, double volumeLossPercent, double widthM);

/// Trough width i [m]: K z0 for a given K; else the soil's K or its O'Reilly-New regression a z0 + b.
double troughWidth(const TroughWidthSoil& soil, TroughWidthMethod method, double axisDepthM);

/// Transverse (plane-strain) profile at offset x [m] from the axis, far from the tunnel's ends.
double troughSettlement(const Trough& t, double x);  ///< S = S_max exp(-x²/2i²) [m]
double troughSlope(const Trough& t, double x);       ///< dS/dx = -x S / i² [-]
double troughHorizontalDisplacement(const Trough& t,
                                    double x);             ///< towards the axis, x S / z0 [m] (sign of x)
double troughHorizontalStrain(const Trough& t, double x);  ///< (S/z0)(x²/i² - 1), tension positive [-]

/// Settlement and horizontal displacement at a point in the frame of a straight tunnel stretch from chainage
/// 0 to `lengthM`: `x` the offset from its axis, `s` the chainage along it [m]. Longitudinal profile after
/// Attewell & Woodman (1982): S = S_max exp(-x²/2i²) [Φ(s/i) - Φ((s - L)/i)]; horizontal displacement towards
/// the sinks (O'Reilly & New 1982 extended along the axis, Attewell et al. 1986):
/// transverse u_x = -(x/z0) S, longitudinal u_s = V_s/(2π z0) exp(-x²/2i²) [exp(-s²/2i²) - exp(-(s-L)²/2i²)].
struct TunnelPointDisplacement {
    double settlementM = 0.0;
    double transverseM = 0.0;    ///< along the offset direction (negative: towards the axis for x > 0)
    double longitudinalM = 0.0;  ///< along the drive direction
};
TunnelPointDisplacement tunnelStretchDisplacement(const Trough& t, double x, double s, double lengthM);

/// Standard normal cumulative distribution Φ(z).
double normalCdf(double z);

}  // namespace citytwin::subsidence

#pragma once
/// @file excavation.h
/// Ground movements beside a deep excavation: the wall-movement settlement envelope (Peck 1969; Clough &
/// O'Rourke 1990) and the dewatering drawdown cone outside the wall (Thiem 1906 / Dupuit, radius of influence
/// after Sichardt), both functions of the distance to the pit's edge. Also the plane geometry they need:
/// distance to a ring's boundary (exact for concave rings), point in polygon. Pure functions, thread-safe.

#include "citytwin/core/geometry.h"
#include "citytwin/subsidence/scenario.h"
#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence {

/// Distance [m] from p to the nearest point of the ring's edges (min over every edge: exact for concave
/// rings), and that nearest point.
double distanceToRing(const core::Ring& ring, const core::Point& p, core::Point* nearest = nullptr);

/// Point in a closed ring by the crossing rule (a point on the boundary may go either way).
bool insideRing(const core::Ring& ring, const core::Point& p);

/// Inside the exterior ring and outside every hole.
bool insidePolygon(const core::Polygon& polygon, const core::Point& p);

/// Sichardt's radius of influence R = 3000 s sqrt(k) [m], s the drawdown [m], k the hydraulic conductivity
/// [m/s] (Sichardt 1928, as given by e.g. Powers et al. 2007).
double sichardtRadius(double drawdownM, double conductivityMPerS);

/// The drawdown cone outside a pit treated as a large well of equivalent radius r0 = sqrt(A/π) (Powers et al.
/// 2007): drawdown s_w at the wall (d = 0), zero at d = R; r = r0 + d.
struct DrawdownCone {
    double wallDrawdownM = 0.0;       ///< s_w = leakage x drawdown inside [m]
    double equivalentRadiusM = 0.0;   ///< r0 [m]
    double radiusOfInfluenceM = 0.0;  ///< R, measured from the wall [m]
    AquiferType aquifer = AquiferType::Confined;
    double saturatedThicknessM = 0.0;  ///< H0 for Dupuit [m]
    /// Drawdown at distance d >= 0 outside the wall [m]:
    /// confined (Thiem): s = s_w ln((r0+R)/(r0+d)) / ln((r0+R)/r0);
    /// unconfined (Dupuit): h² = hw² + (H0² - hw²) ln((r0+d)/r0) / ln((r0+R)/r0), hw = H0 - s_w, s = H0 - h.
    double drawdown(double d) const;
};

/// Wall-movement settlement at distance d [m] behind a wall of an excavation H [m] deep: δvm = ratio H up to
/// the plateau, then linear to 0 at extent H (Clough & O'Rourke 1990 Fig. 12; Peck 1969 zones approximated as
/// triangles). [m]
double envelopeSettlement(const ExcavationEnvelope& envelope, double maxSettlementRatio, double depthM,
                          double d);

}  // namespace citytwin::subsidence

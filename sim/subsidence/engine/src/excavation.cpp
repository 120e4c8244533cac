#include "citytwin/subsidence/excavation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::subsidence {

double distanceToRing(const core::Ring& ring, const core::Point& p, core::Point* nearest) {
    double best = std::numeric_limits<double>::infinity();
    core::Point bestPoint = ring.empty() ? p : ring.front();
    if (ring.size() == 1)
        best = (p.x - ring[0].x) * (p.x - ring[0].x) + (p.y - ring[0].y) * (p.y - ring[0].y);
    // Every edge of the closed ring (first point == last): the minimum over all edges is exact whatever the
    // ring's shape; a convex hull or a centroid distance would not be for concave pits.
    for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const core::Point& a = ring[k];
        const core::Point& b = ring[k + 1];
        const double ex = b.x - a.x, ey = b.y - a.y;
        const double len2 = ex * ex + ey * ey;
        double t = len2 > 0.0 ? ((p.x - a.x) * ex + (p.y - a.y) * ey) / len2 : 0.0;
        t = std::clamp(t, 0.0, 1.0);
        const double qx = a.x + t * ex, qy = a.y + t * ey;
        const double d2 = (p.x - qx) * (p.x - qx) + (p.y - qy) * (p.y - qy);
        if (d2 < best) {
            best = d2;
            bestPoint = {qx, qy};
        }
    }
    if (nearest) *nearest = bestPoint;
    return std::sqrt(best);
}

bool insideRing(const core::Ring& ring, const core::Point& p) {
    bool inside = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const core::Point& a = ring[i];
        const core::Point& b = ring[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x) inside = !inside;
        }
    }
    return inside;
}

bool insidePolygon(const core::Polygon& polygon, const core::Point& p) {
    if (!insideRing(polygon.outer, p)) return false;
    for (const core::Ring& hole : polygon.inners)
        if (insideRing(hole, p)) return false;
    return true;
}

double sichardtRadius(double drawdownM, double conductivityMPerS) {
    return 3000.0 * drawdownM * std::sqrt(conductivityMPerS);
}

double DrawdownCone::drawdown(double d) const {
    if (!(wallDrawdownM > 0.0) || d >= radiusOfInfluenceM) return 0.0;
    const double r0 = equivalentRadiusM, rMax = r0 + radiusOfInfluenceM;
    const double f = std::log(rMax / (r0 + std::max(d, 0.0))) / std::log(rMax / r0);  // 1 at the wall, 0 at R
    if (aquifer == AquiferType::Confined) return wallDrawdownM * f;                   // Thiem (1906)
    // Dupuit-Thiem: h² - hw² = (H0² - hw²)(1 - f)
    const double h0 = saturatedThicknessM, hw = h0 - wallDrawdownM;
    const double h = std::sqrt(hw * hw + (h0 * h0 - hw * hw) * (1.0 - f));
    return h0 - h;
}

double envelopeSettlement(const ExcavationEnvelope& e, double maxSettlementRatio, double depthM, double d) {
    const double x = d / depthM;
    if (x >= e.extentRatio || x < 0.0) return 0.0;
    const double peak = maxSettlementRatio * depthM;
    if (x <= e.plateauRatio) return peak;
    return peak * (e.extentRatio - x) / (e.extentRatio - e.plateauRatio);
}

}  // namespace citytwin::subsidence

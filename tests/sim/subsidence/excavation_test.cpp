// Excavations: distance to concave pit outlines against a brute-force search, the drawdown cone, the
// envelopes.

#include "citytwin/subsidence/excavation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

// A U-shaped pit (concave): 60 x 40 m with a 20 x 30 m notch cut from the north side.
core::Ring uShape() {
    return {{0, 0}, {60, 0}, {60, 40}, {40, 40}, {40, 10}, {20, 10}, {20, 40}, {0, 40}, {0, 0}};
}

// Distance by sampling the boundary densely (1 mm): independent of the per-edge projection.
double bruteDistance(const core::Ring& ring, const core::Point& p) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const core::Point a = ring[k], b = ring[k + 1];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        const int n = static_cast<int>(len / 0.001);
        for (int j = 0; j <= n; ++j) {
            const double x = a.x + (b.x - a.x) * j / n, y = a.y + (b.y - a.y) * j / n;
            best = std::min(best, std::hypot(p.x - x, p.y - y));
        }
    }
    return best;
}

TEST(PitGeometry, DistanceToAConcaveOutlineMatchesBruteForce) {
    const core::Ring ring = uShape();
    // Points in the notch (outside the pit, closer to the notch walls than to the hull), around, and far.
    const core::Point pts[] = {{30, 30}, {30, 12}, {25, 39}, {70, 20},
                               {-5, -5}, {30, 55}, {50, 45}, {10, 20}};
    for (const core::Point& p : pts) {
        core::Point nearest;
        const double d = distanceToRing(ring, p, &nearest);
        // Sampling at 1 mm: the brute force is within 0.5 mm of the true distance.
        EXPECT_NEAR(d, bruteDistance(ring, p), 5e-4) << p.x << ", " << p.y;
        EXPECT_NEAR(std::hypot(nearest.x - p.x, nearest.y - p.y), d, 1e-12);
    }
    // In the notch: (30, 30) is 10 m from both notch walls, not on the convex hull's edge (distance 10 from
    // y = 40 too) - and (30, 25) is 10 m from the walls while the hull would say 15.
    EXPECT_NEAR(distanceToRing(ring, {30, 25}), 10.0, 1e-12);
    EXPECT_FALSE(insideRing(ring, {30, 25}));
    EXPECT_TRUE(insideRing(ring, {10, 20}));
    EXPECT_TRUE(insideRing(ring, {30, 5}));
}

TEST(DrawdownCone, ThiemAndDupuitShapes) {
    // Sichardt: R = 3000 s sqrt(k) = 3000 x 5 x 0.01 = 150 m.
    EXPECT_NEAR(sichardtRadius(5.0, 1e-4), 150.0, 1e-9);
    DrawdownCone c;
    c.wallDrawdownM = 5.0;
    c.equivalentRadiusM = 20.0;
    c.radiusOfInfluenceM = 150.0;
    EXPECT_NEAR(c.drawdown(0.0), 5.0, 1e-12);
    EXPECT_NEAR(c.drawdown(150.0), 0.0, 1e-12);
    EXPECT_EQ(c.drawdown(300.0), 0.0);
    // Thiem: s = s_w ln(R0 / r) / ln(R0 / r0), R0 = 170, r = 20 + 30.
    EXPECT_NEAR(c.drawdown(30.0), 5.0 * std::log(170.0 / 50.0) / std::log(170.0 / 20.0), 1e-12);
    // Dupuit: H0² - h² linear in ln r; for a thick aquifer it tends to Thiem.
    c.aquifer = AquiferType::Unconfined;
    c.saturatedThicknessM = 20.0;
    const double f = std::log(170.0 / 50.0) / std::log(170.0 / 20.0);
    const double hw = 15.0;
    EXPECT_NEAR(c.drawdown(30.0), 20.0 - std::sqrt(hw * hw + (400.0 - hw * hw) * (1.0 - f)), 1e-12);
    EXPECT_NEAR(c.drawdown(0.0), 5.0, 1e-12);
    c.saturatedThicknessM = 1e5;
    c.aquifer = AquiferType::Unconfined;
    DrawdownCone thiem = c;
    thiem.aquifer = AquiferType::Confined;
    EXPECT_NEAR(c.drawdown(30.0), thiem.drawdown(30.0), 1e-3);
}

TEST(WallEnvelope, CloughORourkeShapes) {
    const Tables& t = test::shippedTables();
    const ExcavationEnvelope& sand = *t.envelope("clough_orourke_sand");
    const ExcavationEnvelope& soft = *t.envelope("clough_orourke_soft_clay");
    const double H = 10.0;
    // Sand: triangle from 0.3 % H at the wall to zero at 2H.
    EXPECT_NEAR(envelopeSettlement(sand, sand.maxSettlementRatio, H, 0.0), 0.03, 1e-15);
    EXPECT_NEAR(envelopeSettlement(sand, sand.maxSettlementRatio, H, 10.0), 0.015, 1e-15);
    EXPECT_EQ(envelopeSettlement(sand, sand.maxSettlementRatio, H, 20.0), 0.0);
    // Soft clay: flat to 0.75 H, then linear to zero at 2H; the peak as given per excavation.
    EXPECT_NEAR(envelopeSettlement(soft, 0.02, H, 7.5), 0.2, 1e-15);
    EXPECT_NEAR(envelopeSettlement(soft, 0.02, H, 13.75), 0.1, 1e-15);
    EXPECT_EQ(envelopeSettlement(soft, 0.02, H, 25.0), 0.0);
}

}  // namespace
}  // namespace citytwin::subsidence

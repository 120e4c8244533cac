// Geertsma (1973) disc reservoir: the Fjaer et al. integrals, the disc example profile, the bowl volume
// identity.

#include "citytwin/subsidence/geertsma.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using test::num;
using test::readReference;

constexpr double kPi = 3.14159265358979323846;

Reservoir discExample() {
    // ../shared/data/subsidence/geertsma_disc_example.csv: D = R = 500 m, h = 10 m, dp = 10 MPa, E = 2 GPa, ν
    // = 0.25.
    Reservoir r;
    r.id = "disc";
    r.depthM = 500.0;
    r.radiusM = 500.0;
    r.thicknessM = 10.0;
    r.pressureDropMPa = 10.0;
    r.youngModulusMPa = 2000.0;
    r.poissonRatio = 0.25;
    return r;
}

TEST(Geertsma, FjaerIntegralsMatchTheBookTo1e6) {
    const auto rows = readReference(citytwin::test::sharedData("subsidence/fjaer_geertsma_integrals.csv"));
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows) {
        const GeertsmaIntegrals in = geertsmaIntegrals(num(r, "q"), num(r, "r"), num(r, "R"));
        // 1e-6 as the issue asks; the book gives six or seven decimals.
        EXPECT_NEAR(in.i1, num(r, "book_I1"), 1e-6);
        EXPECT_NEAR(in.i2, num(r, "book_I2"), 1e-6);
        EXPECT_NEAR(in.i3, num(r, "book_I3"), 1e-6);
        EXPECT_NEAR(in.i4, num(r, "book_I4"), 1e-6);
        EXPECT_NEAR(in.i6, num(r, "book_I6"), 1e-6);
        EXPECT_NEAR(in.i7, num(r, "book_I7"), 1e-6);
        // And the independent recomputation (seven decimals: half a unit is 5e-8).
        EXPECT_NEAR(in.i1, num(r, "I1"), 6e-8);
        EXPECT_NEAR(in.i2, num(r, "I2"), 6e-8);
        EXPECT_NEAR(in.i3, num(r, "I3"), 6e-8);
        EXPECT_NEAR(in.i4, num(r, "I4"), 6e-8);
        EXPECT_NEAR(in.i6, num(r, "I6"), 6e-8);
        EXPECT_NEAR(in.i7, num(r, "I7"), 6e-8);
    }
}

TEST(Geertsma, IntegralsHaveTheirClosedFormsOnTheAxis) {
    // At r = 0: I3 = (1/R)(1 - q / sqrt(q² + R²)), I4 = R / (q² + R²)^{3/2}, I1 = I2 = I7 = 0.
    for (double q : {0.3, 1.0, 4.0}) {
        const double R = 1.3;
        const GeertsmaIntegrals in = geertsmaIntegrals(q, 0.0, R);
        EXPECT_NEAR(in.i3, (1.0 - q / std::hypot(q, R)) / R, 1e-12);
        EXPECT_NEAR(in.i4, R / std::pow(q * q + R * R, 1.5), 1e-12);
        EXPECT_NEAR(in.i1, 0.0, 1e-15);
    }
}

TEST(Geertsma, DiscExampleProfileTo1e6Metre) {
    const Reservoir res = discExample();
    const auto rows = readReference(citytwin::test::sharedData("subsidence/geertsma_disc_example.csv"));
    ASSERT_EQ(rows.size(), 13u);
    const GeertsmaProfile table(res, 6000.0);
    for (const auto& r : rows) {
        const double x = num(r, "r_m");
        const GeertsmaProfilePoint p = geertsmaSurface(res, x);
        // 1e-6 m as the issue asks (the file's eight decimals resolve 5e-9 m).
        EXPECT_NEAR(p.settlementM, num(r, "subsidence_m"), 1e-6) << "r = " << x;
        EXPECT_NEAR(p.inwardM, num(r, "horizontal_inward_m"), 1e-6) << "r = " << x;
        EXPECT_NEAR(p.settlementM, num(r, "subsidence_m"), 1e-8) << "r = " << x;
        // The tabulated profile the grids use agrees with the direct integrals.
        double w = 0.0, u = 0.0;
        table.at(x, w, u);
        EXPECT_NEAR(w, p.settlementM, 1e-9) << "r = " << x;
        EXPECT_NEAR(u, p.inwardM, 1e-9) << "r = " << x;
    }
    // Centre in closed form: 2(1-ν) Δh (1 - D / sqrt(D² + R²)) = 0.01830583 m.
    const double dh = reservoirCompaction(res);
    EXPECT_NEAR(dh, 0.0416666667, 1e-9);
    EXPECT_NEAR(geertsmaSurface(res, 0.0).settlementM,
                2.0 * 0.75 * dh * (1.0 - 500.0 / std::hypot(500.0, 500.0)), 1e-12);
    EXPECT_NEAR(geertsmaSurface(res, 0.0).settlementM, 18.306e-3, 1e-6);
}

TEST(Geertsma, DerivativesMatchFiniteDifferences) {
    const Reservoir res = discExample();
    for (double r : {100.0, 480.0, 1500.0}) {
        const double h = 1e-3;
        const GeertsmaProfilePoint p = geertsmaSurface(res, r);
        const GeertsmaProfilePoint a = geertsmaSurface(res, r - h), b = geertsmaSurface(res, r + h);
        // Central differences: truncation h² u''' / 6 ~ 1e-6 x 1e-10, round-off 1e-16 / 1e-3.
        EXPECT_NEAR(p.dSettlementDr, (b.settlementM - a.settlementM) / (2 * h), 1e-11) << r;
        EXPECT_NEAR(p.dInwardDr, (b.inwardM - a.inwardM) / (2 * h), 1e-11) << r;
    }
}

TEST(Geertsma, BowlVolumeIsTwoOneMinusNuTimesTheReservoirVolumeLoss) {
    const Reservoir res = discExample();
    const double rMax = 200000.0;
    const GeertsmaProfile table(res, rMax);
    // ∫ u_z 2π r dr over [0, rMax] by 8-point Gauss-Legendre on 0.5 D panels growing as 2 % of r, plus the
    // far field tail of a centre of compression beyond rMax: 2(1-ν) ΔV D / sqrt(rMax² + D²) (relative
    // size 2.5e-3; its own error O((R/rMax)²) of that is negligible).
    const double gx[8] = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
                          0.1834346424956498,  0.5255324099163290,  0.7966664774136267,  0.9602898564975363};
    const double gw[8] = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
                          0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
    double volume = 0.0;
    for (double a = 0.0; a < rMax;) {
        const double b = std::min(rMax, a + std::max(0.5 * res.depthM / 16.0, 0.02 * a));
        for (int k = 0; k < 8; ++k) {
            const double r = 0.5 * (a + b) + 0.5 * (b - a) * gx[k];
            double w = 0.0, u = 0.0;
            table.at(r, w, u);
            volume += 0.5 * (b - a) * gw[k] * w * 2.0 * kPi * r;
        }
        a = b;
    }
    const double dV = kPi * res.radiusM * res.radiusM * reservoirCompaction(res);
    volume += 2.0 * (1.0 - res.poissonRatio) * dV * res.depthM / std::hypot(rMax, res.depthM);
    EXPECT_NEAR(volume, geertsmaBowlVolume(res), 1e-6 * geertsmaBowlVolume(res));
    EXPECT_NEAR(geertsmaBowlVolume(res), 49087.385, 1e-3);  // the file's header
    EXPECT_NEAR(geertsmaBowlVolume(res) / dV, 1.5, 1e-12);
}

}  // namespace
}  // namespace citytwin::subsidence

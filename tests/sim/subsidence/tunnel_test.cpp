// Peck trough: the worked example of ../shared/data/subsidence/peck_trough_example.csv, the O'Reilly-New
// width, the longitudinal profile.

#include "citytwin/subsidence/tunnel.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using test::num;
using test::readReference;

constexpr double kPi = 3.14159265358979323846;

// D = 6 m, z0 = 20 m, VL = 1 %, K = 0.5 -> i = 10 m.
Trough worked() {
    return makeTrough(6.0, 20.0, 1.0, 0.5 * 20.0);
}

TEST(PeckTrough, WorkedExampleTo1e9Metre) {
    const Trough t = worked();
    // Closed forms from the file's header, written out here: V_s = V_L π D²/4, S_max = V_s / (sqrt(2π) i).
    const double vs = 0.01 * kPi * 36.0 / 4.0;
    const double smax = vs / (std::sqrt(2.0 * kPi) * 10.0);
    EXPECT_NEAR(t.volumeM3PerM, vs, 1e-12);
    EXPECT_NEAR(t.maxSettlementM, smax, 1e-12);
    EXPECT_NEAR(t.maxSettlementM, 11.2798e-3, 1e-7);  // the 11.2798 mm (four decimals of a mm)
    for (double x = -45.0; x <= 45.0; x += 0.7) {
        // 1e-9 m against the closed form, as the issue asks.
        EXPECT_NEAR(troughSettlement(t, x), smax * std::exp(-x * x / 200.0), 1e-9) << x;
    }
    const auto rows = readReference(citytwin::test::sharedData("subsidence/peck_trough_example.csv"));
    ASSERT_EQ(rows.size(), 12u);
    for (const auto& r : rows) {
        double x = num(r, "x_m");
        if (std::abs(x - 17.3205) < 1e-9)
            x = std::sqrt(3.0) * 10.0;  // the row of sqrt(3) i, its label rounded
        // The file rounds to 8 decimals (m) and 7 significant digits: half a unit in the last place.
        EXPECT_NEAR(troughSettlement(t, x), num(r, "settlement_m"), 5e-9) << x;
        EXPECT_NEAR(troughSlope(t, x), num(r, "slope"), 5e-10 + 5e-7 * std::abs(num(r, "slope"))) << x;
        EXPECT_NEAR(troughHorizontalDisplacement(t, x), num(r, "horizontal_disp_m"), 5e-9) << x;
        EXPECT_NEAR(troughHorizontalStrain(t, x), num(r, "horizontal_strain"),
                    5e-13 + 5e-7 * std::abs(num(r, "horizontal_strain")))
            << x;
    }
}

TEST(PeckTrough, MaximumSlopeAndTension) {
    const Trough t = worked();
    // Scan for the extremes with a 1 mm step.
    double maxSlope = 0.0, maxSlopeAt = 0.0, maxTension = -1.0, maxTensionAt = 0.0;
    for (double x = 0.0; x <= 40.0; x += 0.001) {
        if (std::abs(troughSlope(t, x)) > maxSlope) {
            maxSlope = std::abs(troughSlope(t, x));
            maxSlopeAt = x;
        }
        if (troughHorizontalStrain(t, x) > maxTension) {
            maxTension = troughHorizontalStrain(t, x);
            maxTensionAt = x;
        }
    }
    EXPECT_NEAR(maxSlopeAt, 10.0, 1e-3);       // at x = i
    EXPECT_NEAR(1.0 / maxSlope, 1462.0, 0.5);  // 1/1462
    EXPECT_NEAR(maxTensionAt, 17.3205, 1e-3);  // at sqrt(3) i
    EXPECT_NEAR(maxTension, 2.517e-4, 5e-8);   // 2 e^-1.5 S_max / z0
    EXPECT_NEAR(maxTension, 2.0 * std::exp(-1.5) * t.maxSettlementM / 20.0, 1e-12);
    // Compression over the axis: -S_max / z0.
    EXPECT_NEAR(troughHorizontalStrain(t, 0.0), -t.maxSettlementM / 20.0, 1e-15);
}

TEST(PeckTrough, OReillyNewWidth) {
    const Tables& tables = test::shippedTables();
    const TroughWidthSoil* clay = tables.troughWidthSoil("cohesive");
    const TroughWidthSoil* sand = tables.troughWidthSoil("granular");
    ASSERT_NE(clay, nullptr);
    ASSERT_NE(sand, nullptr);
    EXPECT_NEAR(troughWidth(*clay, TroughWidthMethod::Regression, 20.0), 0.43 * 20.0 + 1.1, 1e-12);
    EXPECT_NEAR(troughWidth(*sand, TroughWidthMethod::Regression, 8.0), 0.28 * 8.0 - 0.1, 1e-12);
    EXPECT_NEAR(troughWidth(*clay, TroughWidthMethod::Factor, 20.0), 10.0, 1e-12);
}

TEST(LongitudinalProfile, HalfAtTheFaceFullBehindItAndTheVolumeIsKept) {
    const Trough t = worked();
    const double L = 500.0;
    // Far from the start, at the face: half of S_max; far behind: all of it; far ahead: nothing.
    EXPECT_NEAR(tunnelStretchDisplacement(t, 0.0, L, L).settlementM, 0.5 * t.maxSettlementM, 1e-15);
    EXPECT_NEAR(tunnelStretchDisplacement(t, 0.0, 250.0, L).settlementM, t.maxSettlementM, 1e-15);
    EXPECT_NEAR(tunnelStretchDisplacement(t, 0.0, L + 100.0, L).settlementM, 0.0, 1e-15);
    // Across the axis far from both ends it is Peck's trough, with the transverse displacement towards the
    // axis.
    for (double x : {-20.0, -5.0, 3.0, 17.0}) {
        const TunnelPointDisplacement d = tunnelStretchDisplacement(t, x, 250.0, L);
        EXPECT_NEAR(d.settlementM, troughSettlement(t, x), 1e-15);
        EXPECT_NEAR(d.transverseM, -troughHorizontalDisplacement(t, x), 1e-15);
        EXPECT_NEAR(d.longitudinalM, 0.0, 1e-15);
    }
    // At the face the ground moves back towards the tunnel (negative along the drive), by V_s/(2π z0) on the
    // axis (Attewell et al. 1986).
    EXPECT_NEAR(tunnelStretchDisplacement(t, 0.0, L, L).longitudinalM, -t.volumeM3PerM / (2.0 * kPi * 20.0),
                1e-15);
    // Splitting a stretch in two leaves the result unchanged (the cumulative normals telescope).
    for (double s : {-30.0, 40.0, 95.0, 130.0}) {
        const auto whole = tunnelStretchDisplacement(t, 4.0, s, 200.0);
        const auto a = tunnelStretchDisplacement(t, 4.0, s, 100.0);
        const auto b = tunnelStretchDisplacement(t, 4.0, s - 100.0, 100.0);
        EXPECT_NEAR(whole.settlementM, a.settlementM + b.settlementM, 1e-16) << s;
        EXPECT_NEAR(whole.longitudinalM, a.longitudinalM + b.longitudinalM, 1e-16) << s;
    }
}

}  // namespace
}  // namespace citytwin::subsidence

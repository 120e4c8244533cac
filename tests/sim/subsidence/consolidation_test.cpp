// Consolidation: Terzaghi U(Tv) against the shared table, the delay interbed against the MODFLOW 6 csub-p02
// analytic solution, radial drains, ultimate settlement.

#include "citytwin/subsidence/consolidation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using test::num;
using test::readReference;

constexpr double kPi = 3.14159265358979323846;

TEST(Terzaghi, MatchesTheSharedTable) {
    const auto rows = readReference(citytwin::test::sharedData("subsidence/terzaghi_U_vs_Tv.csv"));
    ASSERT_EQ(rows.size(), 26u);
    for (const auto& r : rows) {
        const double u = num(r, "U"), tv = num(r, "Tv");
        // Tolerance 1e-5 as the issue asks; the table's six decimals resolve 5e-7.
        if (r.at("kind") == "U_to_Tv") {
            EXPECT_NEAR(terzaghiTimeFactor(u), tv, 1e-5) << "U = " << u;
        }
        EXPECT_NEAR(terzaghiDegree(tv), u, 1e-5) << "Tv = " << tv;
    }
    // The textbook anchors of the issue: U = 50 % at Tv 0.19673, 90 % at 0.84809.
    EXPECT_NEAR(terzaghiTimeFactor(0.5), 0.19673, 1e-5);
    EXPECT_NEAR(terzaghiTimeFactor(0.9), 0.84809, 1e-5);
}

TEST(Terzaghi, AgreesWithABruteForceFourierSeries) {
    // The plain Fourier series, summed here until its terms underflow (a few hundred terms at Tv = 0.002),
    // checks the engine's short-time form below Tv = 0.2 and its truncated series above. 1e-12: round-off of
    // the sums.
    for (double tv : {0.002, 0.01, 0.05, 0.1, 0.19, 0.21, 0.5, 1.0, 2.0}) {
        double sum = 0.0;
        for (int m = 0; m < 400000; ++m) {
            const double M = kPi * (2 * m + 1) / 2.0;
            const double e = std::exp(-M * M * tv);
            if (e == 0.0) break;
            sum += 2.0 / (M * M) * e;
        }
        EXPECT_NEAR(terzaghiDegree(tv), 1.0 - sum, 1e-12) << "Tv = " << tv;
    }
    EXPECT_EQ(terzaghiDegree(0.0), 0.0);
    EXPECT_EQ(terzaghiDegree(-1.0), 0.0);
}

TEST(Terzaghi, TableInterpolationIsWithin1e9) {
    const TerzaghiTable table;
    double worst = 0.0;
    for (double lg = -9.0; lg < 1.5; lg += 0.0137) {
        const double tv = std::pow(10.0, lg);
        worst = std::max(worst, std::abs(table(tv) - terzaghiDegree(tv)));
    }
    EXPECT_LT(worst, 1e-9);
}

DelayInterbeds csubP02() {
    // MODFLOW 6 ex-gwf-csub-p02 (MODFLOW-2000 SUB sample 1): b = 1 m, Kv = 2.5e-6 m/d, Skv = 1e-2 1/m, the
    // interbed at its preconsolidation head so that the whole 1 m decline is inelastic.
    DelayInterbeds ib;
    ib.name = "csub-p02";
    ib.count = 1.0;
    ib.thicknessM = 1.0;
    ib.kvMPerDay = 2.5e-6;
    ib.inelasticSpecificStoragePerM = 1e-2;
    ib.elasticSpecificStoragePerM = 1e-5;  // never used: the head only falls below its preconsolidation value
    ib.preconsolidationMarginM = 0.0;
    return ib;
}

TEST(DelayInterbed, ReproducesCsubP02WithinOnePercentOfUltimate) {
    const auto rows =
        readReference(citytwin::test::sharedData("subsidence/csub_p02_delay_interbed_analytic.csv"));
    ASSERT_EQ(rows.size(), 14u);
    const DelayInterbeds ib = csubP02();
    EXPECT_NEAR(delayInterbedTimeConstant(ib), 1000.0, 1e-9);
    std::vector<double> times;
    for (const auto& r : rows)
        times.push_back(num(r, "t_days"));
    const std::vector<double> c = delayInterbedCompaction(ib, 1.0, times);
    const double ultimate = 0.01;  // Skv b dh
    double worst = 0.0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // The USGS compares within 1 % of the ultimate compaction; we hold the same line.
        EXPECT_NEAR(c[i], num(rows[i], "compaction_m"), 0.01 * ultimate) << "t = " << times[i];
        worst = std::max(worst, std::abs(c[i] - num(rows[i], "compaction_m")) / ultimate);
    }
    // The two numbers of the issue.
    EXPECT_NEAR(c[3], 3.5682e-3, 0.01 * ultimate);
    EXPECT_NEAR(c[13], 9.3126e-3, 0.01 * ultimate);
    // 40 cells over the half thickness do much better than the 1 % line (reported, and held at 0.1 %).
    EXPECT_LT(worst, 1e-3) << "largest error " << worst * 100 << " % of ultimate";
}

TEST(DelayInterbed, RefiningTheGridConvergesToTheAnalyticSolution) {
    DelayInterbeds coarse = csubP02(), fine = csubP02();
    coarse.cells = 5;
    fine.cells = 80;
    const double exact = 0.01 * terzaghiDegree(0.1);  // t = 100 d, T = 0.1
    const double eCoarse = std::abs(delayInterbedCompaction(coarse, 1.0, {100.0})[0] - exact);
    const double eFine = std::abs(delayInterbedCompaction(fine, 1.0, {100.0})[0] - exact);
    EXPECT_LT(eFine, eCoarse);
    EXPECT_LT(eFine, 1e-6);  // 0.01 % of ultimate
}

TEST(DelayInterbed, ElasticThenInelasticReachesTheSteadyStateCompaction) {
    DelayInterbeds ib = csubP02();
    ib.count = 3.0;
    ib.elasticSpecificStoragePerM = 1e-3;
    ib.preconsolidationMarginM = 0.4;
    // Steady state: every point of the interbed has declined by dh; compaction n b (Ske m + Skv (dh - m)).
    const double dh = 2.0;
    const double steady = 3.0 * 1.0 * (1e-3 * 0.4 + 1e-2 * (dh - 0.4));
    const double late = delayInterbedCompaction(ib, dh, {50000.0})[0];  // 50 tau
    EXPECT_NEAR(late, steady, 1e-9 * steady);
    // A decline within the elastic range is linear, elastic diffusion: Ske b dh U(t Kv / (Ske (b/2)²)).
    const double t = 10.0;
    const double tv = t * 2.5e-6 / (1e-3 * 0.25);
    EXPECT_NEAR(delayInterbedCompaction(ib, 0.3, {t})[0], 3.0 * 1e-3 * 1.0 * 0.3 * terzaghiDegree(tv),
                0.001 * 3.0 * 1e-3 * 0.3);
    // A rise swells elastically (negative compaction) by the same law.
    EXPECT_NEAR(delayInterbedCompaction(ib, -0.3, {t})[0], -3.0 * 1e-3 * 1.0 * 0.3 * terzaghiDegree(tv),
                0.001 * 3.0 * 1e-3 * 0.3);
}

TEST(DelayInterbed, RejectsNonPhysicalInput) {
    DelayInterbeds ib = csubP02();
    ib.kvMPerDay = 0.0;
    citytwin::test::expectError([&] { delayInterbedCompaction(ib, 1.0, {1.0}); }, core::ErrorCode::Validation,
                                {"csub-p02"});
}

TEST(RadialDrains, InfluenceDiametersAndFactors) {
    // Equal-area circles of the unit cells: 1.128 s (square), 1.050 s (triangular) (Barron 1948; Hansbo
    // 1981).
    EXPECT_NEAR(drainInfluenceDiameter(1.0, DrainPattern::Square), 1.1284, 1e-4);
    EXPECT_NEAR(drainInfluenceDiameter(1.0, DrainPattern::Triangular), 1.0501, 1e-4);
    // Barron's F(n) tends to ln n - 3/4, Hansbo's μ without smear; the difference is O(ln n / n²).
    for (double n : {10.0, 20.0, 50.0}) {
        EXPECT_NEAR(barronFactor(n), hansboFactor(n, 1.0, 1.0), 2.0 * std::log(n) / (n * n)) << n;
    }
    // Smear slows consolidation: μ grows with k_h/k_s.
    EXPECT_GT(hansboFactor(20.0, 2.0, 3.0), hansboFactor(20.0, 2.0, 1.0));
    // U_h = 1 - exp(-8 T_h / μ): 90 % at T_h = μ ln 10 / 8.
    const double mu = barronFactor(20.0);
    EXPECT_NEAR(radialDegree(mu * std::log(10.0) / 8.0, mu), 0.9, 1e-12);
    EXPECT_NEAR(carrilloDegree(0.5, 0.8), 0.9, 1e-15);
}

TEST(UltimateSettlement, CoefficientOfVolumeCompressibilityAndIndices) {
    Compressibility mv;
    mv.mvPerKPa = 2e-4;
    EXPECT_NEAR(ultimateSettlement(mv, 5.0, 80.0, 50.0), 2e-4 * 50.0 * 5.0, 1e-15);
    Compressibility cc;
    cc.compressionIndex = 0.4;
    cc.initialVoidRatio = 1.2;
    // Normally consolidated: H/(1+e0) Cc log10((σ0+Δσ)/σ0) = 4/2.2 x 0.4 x log10(2) = 0.218931 m (by hand).
    EXPECT_NEAR(ultimateSettlement(cc, 4.0, 50.0, 50.0), 0.218931, 1e-6);
    cc.recompressionIndex = 0.05;
    cc.overconsolidationRatio = 1.5;
    // σp = 75: 4/2.2 (0.05 log10 1.5 + 0.4 log10(100/75)) = 0.106873 m (by hand).
    EXPECT_NEAR(ultimateSettlement(cc, 4.0, 50.0, 50.0), 0.106873, 1e-6);
    // Below σp only Cr: 4/2.2 x 0.05 x log10(70/50) = 0.013284 m (by hand).
    EXPECT_NEAR(ultimateSettlement(cc, 4.0, 50.0, 20.0), 0.013284, 1e-6);
}

}  // namespace
}  // namespace citytwin::subsidence

// Building assessment: class boundaries (half-open), Stage 1, Burland & Wroth beam strains, combined strains,
// deflection ratio and angular distortion of profiles.

#include "citytwin/subsidence/assessment.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

const Tables& tables() {
    return test::shippedTables();
}

TEST(DamageCategories, HalfOpenIntervalsAtEveryBoundary) {
    const DamageCategoryTable& d = tables().damage;
    ASSERT_EQ(d.rows.size(), 5u);
    // Boscardin & Cording (1989): 0.05, 0.075, 0.15, 0.3 % bound categories 0 | 1 | 2 | 3 | 4.
    const double bounds[] = {0.05, 0.075, 0.15, 0.3};
    for (int k = 0; k < 4; ++k) {
        const double b = bounds[k];
        EXPECT_EQ(d.classify(b).category, k + 1) << "at " << b << " %";
        EXPECT_EQ(d.classify(std::nextafter(b, 0.0)).category, k) << "just below " << b << " %";
    }
    EXPECT_EQ(d.classify(0.0).category, 0);
    EXPECT_EQ(d.classify(5.0).category, 4);
    EXPECT_EQ(d.classify(0.0).name, "negligible");
    EXPECT_EQ(d.classify(0.2).name, "moderate");
}

TEST(Stage1Screening, StrictAtBothLimits) {
    const AssessmentParameters& p = tables().assessment;
    EXPECT_EQ(p.stage1MaxSettlementMm, 10.0);
    EXPECT_EQ(p.stage1MaxSlope, 0.002);
    EXPECT_TRUE(passesStage1(p, std::nextafter(10.0, 0.0), 0.001));
    EXPECT_FALSE(passesStage1(p, 10.0, 0.001));  // settlement < 10 mm is required
    EXPECT_TRUE(passesStage1(p, 5.0, std::nextafter(0.002, 0.0)));
    EXPECT_FALSE(passesStage1(p, 5.0, 0.002));  // slope < 1/500 is required
    EXPECT_FALSE(passesStage1(p, 12.0, 0.003));
}

TEST(RankinRisk, HigherOfSlopeAndSettlementClasses) {
    const RiskCategoryTable& r = tables().risk;
    EXPECT_EQ(r.classify(0.0, 0.0).category, 1);
    EXPECT_EQ(r.classify(0.002, 0.0).category, 2);  // slope at 1/500 is "slight"
    EXPECT_EQ(r.classify(std::nextafter(0.002, 0.0), std::nextafter(10.0, 0.0)).category, 1);
    EXPECT_EQ(r.classify(0.0, 10.0).category, 2);
    EXPECT_EQ(r.classify(0.0, 50.0).category, 3);
    EXPECT_EQ(r.classify(0.005, 0.0).category, 3);
    EXPECT_EQ(r.classify(0.02, 0.0).category, 4);
    EXPECT_EQ(r.classify(0.0, 75.0).category, 4);
    EXPECT_EQ(r.classify(0.003, 60.0).category, 3);  // slope says 2, settlement 3
}

TEST(BurlandWroth, ReducedFormsForEOverG26) {
    // With I and t substituted, the general formulas reduce (by hand) to
    // sagging: Δ/(L ε_b) = (L/6H)(1 + 1.5 (E/G)(H/L)²), Δ/(L ε_d) = 1 + (2/3)(L/H)² / (E/G);
    // hogging: Δ/(L ε_b) = (L/12H)(1 + 6 (E/G)(H/L)²), Δ/(L ε_d) = 1 + (L/H)² / (6 E/G).
    const double eg = 2.6, L = 20.0, H = 8.0, dl = 4e-4;
    const BeamStrains sag = burlandWrothStrains(dl, L, H, DeflectionMode::Sagging, eg);
    EXPECT_NEAR(sag.bending, dl / ((L / (6 * H)) * (1 + 1.5 * eg * (H / L) * (H / L))), 1e-15);
    EXPECT_NEAR(sag.diagonal, dl / (1 + (2.0 / 3.0) * (L / H) * (L / H) / eg), 1e-15);
    const BeamStrains hog = burlandWrothStrains(dl, L, H, DeflectionMode::Hogging, eg);
    EXPECT_NEAR(hog.bending, dl / ((L / (12 * H)) * (1 + 6 * eg * (H / L) * (H / L))), 1e-15);
    EXPECT_NEAR(hog.diagonal, dl / (1 + (L / H) * (L / H) / (6 * eg)), 1e-15);
    // No deflection, no strain.
    const BeamStrains none = burlandWrothStrains(0.0, L, H, DeflectionMode::None, eg);
    EXPECT_EQ(none.bending, 0.0);
    EXPECT_EQ(none.diagonal, 0.0);
}

TEST(CombinedStrain, BoscardinCordingAndBurland) {
    BeamStrains beam{3e-4, 2e-4};
    const double nu = 0.3;
    // No horizontal strain: the beam strains themselves.
    CombinedStrains c = combineStrains(beam, 0.0, nu);
    EXPECT_NEAR(c.bending, 3e-4, 1e-18);
    EXPECT_NEAR(c.diagonal, 2e-4, 1e-18);
    EXPECT_EQ(c.rule, DecisionRule::BendingStrain);
    // Pure horizontal strain: both give ε_h ((1-ν)/2 + (1+ν)/2 = 1).
    c = combineStrains(BeamStrains{}, 5e-4, nu);
    EXPECT_NEAR(c.bending, 5e-4, 1e-18);
    EXPECT_NEAR(c.diagonal, 5e-4, 1e-18);
    // A worked case: ε_d = 4e-4, ε_h = 1e-4: ε_dr = 0.35e-4 + sqrt(0.4225e-8 + 16e-8) = 4.4552e-4 (hand).
    c = combineStrains(BeamStrains{1e-4, 4e-4}, 1e-4, nu);
    EXPECT_NEAR(c.diagonal, 0.35e-4 + std::sqrt(0.65 * 0.65 * 1e-8 + 16e-8), 1e-15);
    EXPECT_NEAR(c.bending, 2e-4, 1e-18);
    EXPECT_EQ(c.rule, DecisionRule::DiagonalStrain);
    EXPECT_NEAR(c.limiting, c.diagonal, 0.0);
    // Compression does not reduce the beam strains (taken as zero).
    c = combineStrains(beam, -5e-4, nu);
    EXPECT_NEAR(c.bending, 3e-4, 1e-18);
}

TEST(AxisMeasures, ParabolicSaggingWithTiltAndStretch) {
    // w(s) = a s (L - s) + tilt s: sagging, Δ = a L²/4 at mid-span, relative to the tilted chord.
    const double a = 1e-5, L = 30.0, tilt = 2e-4;
    AxisProfile p;
    const int n = 61;
    for (int k = 0; k < n; ++k) {
        const double s = L * k / (n - 1);
        p.s.push_back(s);
        p.settlementM.push_back(a * s * (L - s) + tilt * s);
    }
    p.displacementStartM = 1e-3;
    p.displacementEndM = 4e-3;
    const AxisMeasures m = measureAxis(p);
    EXPECT_NEAR(m.lengthM, L, 1e-12);
    EXPECT_EQ(m.mode, DeflectionMode::Sagging);
    EXPECT_NEAR(m.deflectionRatio, a * L * L / 4.0 / L, 1e-15);
    // β: the first bay's slope a (L - h) + tilt relative to the chord's tilt, h = 0.5 m.
    EXPECT_NEAR(m.angularDistortion, a * (L - 0.5), 1e-15);
    EXPECT_NEAR(m.horizontalStrain, 3e-3 / L, 1e-18);
    // Hogging is the mirror image.
    for (double& w : p.settlementM)
        w = -w;
    EXPECT_EQ(measureAxis(p).mode, DeflectionMode::Hogging);
    EXPECT_STREQ(toString(DeflectionMode::Hogging), "hogging");
    EXPECT_STREQ(toString(DecisionRule::Stage1Screening), "stage1_screening");
}

}  // namespace
}  // namespace citytwin::subsidence

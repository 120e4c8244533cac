// Design storms and drainage by design frequency (citytwin/flood/design_storm.h, storm_adapter.h), against
// references computed by hand from the published tables: Huff's median curves (ISWS Circular 173, shipped in
// data/flood/rainfall/huff_isws_median.csv), the Seoul Metropolitan Government's design rainfall (shipped in
// data/flood/rainfall/stations/seoul.csv), the alternating block method as Chow, Maidment & Mays (1988, 14.4)
// define it, the FEH areal reduction factor against UKFE's documented example; and every reader's bad input.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/error.h"
#include "citytwin/flood/design_storm.h"
#include "storm_adapter.h"
#include "test_util.h"

namespace citytwin::test {
namespace {

using namespace citytwin::flood;

std::string dataDir() {
    return std::string(CITYTWIN_SOURCE_DIR) + "/data";
}

RainfallTable seoul() {
    return readRainfallTable(projectData("flood/rainfall/stations/seoul.csv"));
}
HuffCurves huff() {
    return readHuffCurves(projectData("flood/rainfall/huff_isws_median.csv"));
}

/// Depth of each block [mm].
std::vector<double> blockDepths(const Hyetograph& h) {
    std::vector<double> d;
    for (double i : h.intensityMmPerH)
        d.push_back(i * h.stepS / 3600.0);
    return d;
}

const std::string kHeader = "# source: test\n# method: test\n# date: 2025\n";

// ---- probability rainfall
// ----------------------------------------------------------------------------------

TEST(RainfallTable, ShippedSeoulTableGivesThePublishedDepths) {
    const RainfallTable t = seoul();
    EXPECT_EQ(t.station, "seoul");
    EXPECT_NE(t.source.find("opengov.seoul.go.kr/research/29613888"), std::string::npos) << t.source;
    // Seoul Metropolitan Government: 95 mm (1 h, 30-year), 100 mm (1 h, 50-year), 110 / 163 / 212 mm in 1 / 2
    // / 3 h (100-year). Exact: these are the table's own points.
    EXPECT_DOUBLE_EQ(t.depthMm(30.0, 60.0), 95.0);
    EXPECT_DOUBLE_EQ(t.depthMm(50.0, 60.0), 100.0);
    EXPECT_DOUBLE_EQ(t.depthMm(100.0, 60.0), 110.0);
    EXPECT_DOUBLE_EQ(t.depthMm(100.0, 120.0), 163.0);
    EXPECT_DOUBLE_EQ(t.depthMm(100.0, 180.0), 212.0);
}

TEST(RainfallTable, ShippedBusanTableGivesThePublishedDepths) {
    const RainfallTable t = readRainfallTable(projectData("flood/rainfall/stations/busan.csv"));
    // Lim et al. (2012), abstract: 245.2 mm in 6 h for about 100 years, 280.6 mm for about 200 years.
    EXPECT_DOUBLE_EQ(t.depthMm(100.0, 360.0), 245.2);
    EXPECT_DOUBLE_EQ(t.depthMm(200.0, 360.0), 280.6);
    auto y = [](double T) { return -std::log(-std::log(1.0 - 1.0 / T)); };
    EXPECT_NEAR(t.depthMm(150.0, 360.0), 245.2 + (y(150.0) - y(100.0)) / (y(200.0) - y(100.0)) * 35.4, 1e-9);
    expectError([&] { t.depthMm(100.0, 60.0); }, core::ErrorCode::Validation, {"100 years (360 min)"});
}

TEST(RainfallTable, InterpolatesLogLogInDurationAndGumbelInReturnPeriod) {
    const RainfallTable t = seoul();
    // 90 min at 100 years: power law between (60, 110) and (120, 163): 110 (163/110)^(ln 1.5 / ln 2).
    const double expected90 = 110.0 * std::pow(163.0 / 110.0, std::log(1.5) / std::log(2.0));
    EXPECT_NEAR(t.depthMm(100.0, 90.0), expected90, 1e-9);  // round-off only
    // 40 years at 60 min: linear in y = -ln(-ln(1 - 1/T)) between 30 years (95 mm) and 50 years (100 mm).
    auto y = [](double T) { return -std::log(-std::log(1.0 - 1.0 / T)); };
    EXPECT_NEAR(t.depthMm(40.0, 60.0), 95.0 + (y(40.0) - y(30.0)) / (y(50.0) - y(30.0)) * 5.0, 1e-9);
    // 70 years at 60 min: between 50 (100 mm) and 100 years (110 mm).
    EXPECT_NEAR(t.depthMm(70.0, 60.0), 100.0 + (y(70.0) - y(50.0)) / (y(100.0) - y(50.0)) * 10.0, 1e-9);
}

TEST(RainfallTable, NeverExtrapolates) {
    const RainfallTable t = seoul();
    expectError([&] { t.depthMm(100.0, 240.0); }, core::ErrorCode::Validation,
                {"240 min", "covers", "100 years (60 to 180 min)"});
    expectError([&] { t.depthMm(30.0, 120.0); }, core::ErrorCode::Validation, {"30 years (60 min)"});
    expectError([&] { t.depthMm(200.0, 60.0); }, core::ErrorCode::Validation,
                {"200 years", "never extrapolated"});
    expectError([&] { t.depthMm(100.0, 30.0); }, core::ErrorCode::Validation, {"30 min"});
    expectError([&] { t.depthMm(1.0, 60.0); }, core::ErrorCode::Validation, {"greater than 1 year"});
}

TEST(RainfallTable, BadFilesNameFileLineAndColumn) {
    auto parse = [](const std::string& text) { parseRainfallTable(text, "bad.csv"); };
    const std::string cols = "duration_min,return_period_years,depth_mm\n";
    expectError([&] { parse("# method: m\n# date: d\n" + cols + "60,30,95\n"); }, core::ErrorCode::FileFormat,
                {"bad.csv", "# source"});
    expectError([&] { parse(kHeader + "duration_min,depth_mm\n60,95\n"); }, core::ErrorCode::FileFormat,
                {"bad.csv", "line 4", "no column 'return_period_years'"});
    expectError([&] { parse(kHeader + cols + "60,30,95\n120,30,9x\n"); }, core::ErrorCode::FileFormat,
                {"bad.csv", "line 6, column 3 ('depth_mm')", "'9x' is not a number"});
    expectError([&] { parse(kHeader + cols + "60,1,95\n"); }, core::ErrorCode::FileFormat,
                {"line 5, column 2 ('return_period_years')", "greater than 1 year"});
    expectError([&] { parse(kHeader + cols + "60,30,-5\n"); }, core::ErrorCode::FileFormat,
                {"line 5, column 3 ('depth_mm')", "greater than 0"});
    expectError([&] { parse(kHeader + cols + "60,30,95\n60,30,96\n"); }, core::ErrorCode::FileFormat,
                {"line 6", "already given on line 5"});
    expectError([&] { parse(kHeader + cols + "60,30,95\n120,30,90\n"); }, core::ErrorCode::FileFormat,
                {"line 6, column 3 ('depth_mm')", "must not fall as the duration grows"});
    expectError([&] { parse(kHeader + cols + "60,30,95\n60,50,90\n"); }, core::ErrorCode::FileFormat,
                {"line 6", "must not fall as the return period grows"});
    expectError([&] { parse(kHeader + cols + "60,30,95,extra\n"); }, core::ErrorCode::FileFormat,
                {"line 5", "4 fields", "3 columns"});
    expectError([&] { parse(kHeader + cols); }, core::ErrorCode::FileFormat, {"no data rows"});
    expectError([&] { parse(kHeader); }, core::ErrorCode::FileFormat, {"no header line"});
    expectError([&] { parse(kHeader + cols + "\"60,30,95\n"); }, core::ErrorCode::FileFormat,
                {"line 5", "quoted field is not closed"});
    expectError([&] { readRainfallTable("/nonexistent/seoul.csv"); }, core::ErrorCode::FileNotFound,
                {"/nonexistent/seoul.csv"});
}

// ---- temporal patterns
// ------------------------------------------------------------------------------------------

TEST(HuffPattern, ConservesTheDepthAndPeaksInItsQuartile) {
    const HuffCurves h = huff();
    // Hand-computed from the shipped table at 10 % steps (6-min blocks of a 60-min storm): the largest
    // increment of each median curve, and the block it falls in (0-based).
    struct Expect {
        std::size_t block;
        double fraction;
    };
    const Expect expect[4] = {{1, 0.500 - 0.178}, {3, 0.525 - 0.305}, {5, 0.535 - 0.280}, {8, 0.940 - 0.545}};
    for (std::size_t q = 0; q < 4; ++q) {
        const Hyetograph g = massCurveHyetograph(h.quartile[q], 110.0, 3600.0, 360.0);
        ASSERT_EQ(g.intensityMmPerH.size(), 10u);
        // Total depth: the block fractions telescope to 1; round-off only.
        EXPECT_NEAR(g.totalDepthMm(), 110.0, 1e-12) << "quartile " << q + 1;
        EXPECT_EQ(g.peakBlock(), expect[q].block) << "quartile " << q + 1;
        EXPECT_NEAR(g.peakMmPerH(), 110.0 * expect[q].fraction / 0.1, 1e-9) << "quartile " << q + 1;
        // The peak lies in the quarter of the storm that names the quartile.
        const double peakMid = (static_cast<double>(g.peakBlock()) + 0.5) / 10.0;
        EXPECT_EQ(static_cast<std::size_t>(peakMid * 4.0), q) << "quartile " << q + 1;
    }
    // Off the table's 5 % grid (10-min blocks of 60 min = 1/6 steps) the depth is still conserved.
    EXPECT_NEAR(massCurveHyetograph(h.quartile[2], 110.0, 3600.0, 600.0).totalDepthMm(), 110.0, 1e-12);
    // Third quartile, first block: F(1/6) = 0.072 + (1/6 - 0.15)/0.05 x (0.100 - 0.072), linear between
    // points.
    const double f16 = 0.072 + (1.0 / 6.0 - 0.15) / 0.05 * 0.028;
    EXPECT_NEAR(blockDepths(massCurveHyetograph(h.quartile[2], 110.0, 3600.0, 600.0))[0], 110.0 * f16, 1e-9);
}

TEST(HuffPattern, RefusesADurationThatIsNotAWholeNumberOfBlocks) {
    expectError([&] { massCurveHyetograph(huff().quartile[0], 50.0, 3600.0, 420.0); },
                core::ErrorCode::Validation, {"not a whole number of 7-min blocks"});
}

TEST(AlternatingBlock, SeoulHundredYearStormByHand) {
    const RainfallTable t = seoul();
    auto p100 = [&](double d) { return t.depthMm(100.0, d); };
    // 3 h in 1-h blocks: increments 110, 163 - 110 = 53, 212 - 163 = 49; the largest in the middle, the next
    // after it, the last before it.
    const Hyetograph mid = alternatingBlockHyetograph(p100, 10800.0, 3600.0, 0.5);
    EXPECT_EQ(blockDepths(mid), (std::vector<double>{49.0, 110.0, 53.0}));
    EXPECT_DOUBLE_EQ(mid.totalDepthMm(), 212.0);
    // Peak first: the rest can only go after it, in descending order; peak last: all before it.
    EXPECT_EQ(blockDepths(alternatingBlockHyetograph(p100, 10800.0, 3600.0, 0.0)),
              (std::vector<double>{110.0, 53.0, 49.0}));
    EXPECT_EQ(blockDepths(alternatingBlockHyetograph(p100, 10800.0, 3600.0, 1.0)),
              (std::vector<double>{49.0, 53.0, 110.0}));
}

TEST(AlternatingBlock, FiveBlocksOfAPowerLaw) {
    // P(d) = 20 sqrt(d): increments at 10..50 min 63.2456, 26.1971, 20.1018, 16.9466, 14.9303 mm; the largest
    // in block floor(0.5 x 5) = 2, then after, before, after, before.
    auto p = [](double d) { return 20.0 * std::sqrt(d); };
    const std::vector<double> d = blockDepths(alternatingBlockHyetograph(p, 3000.0, 600.0, 0.5));
    const double inc[5] = {p(10), p(20) - p(10), p(30) - p(20), p(40) - p(30), p(50) - p(40)};
    const std::vector<double> expected = {inc[4], inc[2], inc[0], inc[1], inc[3]};
    ASSERT_EQ(d.size(), 5u);
    for (std::size_t k = 0; k < 5; ++k)
        EXPECT_NEAR(d[k], expected[k], 1e-12) << "block " << k;
    EXPECT_NEAR(d[0] + d[1] + d[2] + d[3] + d[4], p(50), 1e-12);  // P(D), telescoping
}

TEST(AlternatingBlock, NeedsTheDepthForTheBlockLength) {
    const RainfallTable t = seoul();
    // The table starts at 60 min: 10-min blocks need P(10 min).
    expectError(
        [&] {
            alternatingBlockHyetograph([&](double d) { return t.depthMm(100.0, d); }, 3600.0, 600.0, 0.5);
        },
        core::ErrorCode::Validation, {"10 min"});
    expectError([&] { alternatingBlockHyetograph([](double d) { return 100.0 - d; }, 1800.0, 600.0, 0.5); },
                core::ErrorCode::Validation, {"falls"});
    expectError([&] { alternatingBlockHyetograph([](double d) { return d; }, 1800.0, 600.0, 1.5); },
                core::ErrorCode::Validation, {"peak position 1.5"});
}

TEST(MassCurves, BadFilesNameLineAndColumn) {
    const std::string cols = "time_fraction,q1,q2,q3,q4\n";
    auto huffText = [&](const std::string& rows) { parseHuffCurves(kHeader + cols + rows, "huff.csv"); };
    expectError([&] { huffText("0,0,0,0,0\n0.5,0.6,0.5,0.4,0.3\n0.4,0.7,0.6,0.5,0.4\n1,1,1,1,1\n"); },
                core::ErrorCode::FileFormat,
                {"huff.csv", "line 7, column 1 ('time_fraction')", "must increase"});
    expectError([&] { huffText("0,0,0,0,0\n0.5,0.6,0.5,0.4,0.3\n0.7,0.5,0.6,0.5,0.4\n1,1,1,1,1\n"); },
                core::ErrorCode::FileFormat, {"line 7, column 2 ('q1')", "falls from 0.6 to 0.5"});
    expectError([&] { huffText("0,0.1,0,0,0\n1,1,1,1,1\n"); }, core::ErrorCode::FileFormat,
                {"line 5, column 2 ('q1')", "start at 0"});
    expectError([&] { huffText("0,0,0,0,0\n1,1,1,0.9,1\n"); }, core::ErrorCode::FileFormat,
                {"line 6, column 4 ('q3')", "end at 1"});
    expectError([&] { huffText("0,0,0,0,0\n0.9,1,1,1,1\n"); }, core::ErrorCode::FileFormat,
                {"line 6, column 1 ('time_fraction')", "last time fraction must be 1"});
    expectError([&] { parseHuffCurves(kHeader + "time_fraction,q1,q2,q3\n0,0,0,0\n1,1,1,1\n", "huff.csv"); },
                core::ErrorCode::FileFormat, {"huff.csv", "line 4", "no column 'q4'"});
    expectError(
        [&] { parseMassCurve(kHeader + "time_fraction,depth_fraction\n0,0\n0.5,1.2\n1,1\n", "user.csv"); },
        core::ErrorCode::FileFormat, {"user.csv", "line 6, column 2 ('depth_fraction')", "0 to 1"});
    const MassCurve ok =
        parseMassCurve(kHeader + "time_fraction,depth_fraction\n0,0\n0.25,0.7\n1,1\n", "user.csv");
    EXPECT_DOUBLE_EQ(ok.at(0.125), 0.35);
}

// ---- areal reduction
// ----------------------------------------------------------------------------------------------

TEST(ArealReduction, MatchesUkfeDocumentedExample) {
    const ArealReduction arf = readArealReduction(projectData("flood/rainfall/arf_feh.csv"));
    // UKFE (Hammond), docs/reference/ARF.md: ARF(30 mm, 500 km2, 12 h) = 26.54054 mm. The printed value has 7
    // significant digits (+-5e-6 mm), i.e. +-1.7e-7 on the factor: 5e-7 allowed.
    EXPECT_NEAR(arf.factor(500.0, 12.0), 26.54054 / 30.0, 5e-7);
}

TEST(ArealReduction, BandsOfTheFormulaMeet) {
    const ArealReduction arf = readArealReduction(projectData("flood/rainfall/arf_feh.csv"));
    // Keers & Wescott's bands join: at 20 and 500 km2 the exponent's two forms agree to 1e-5 (by hand 0.39017
    // / 0.39017 and 0.390042 / 0.390035) with the same b; at 100 and 1000 km2 the exponent is continuous and
    // b steps by 0.41 % (0.0394 x 100^0.354 = 0.20114 against 0.0627 x 100^0.254 = 0.20196) and 0.44 %
    // (0.0627 x 1000^0.254 = 0.36248 against 0.1050 x 1000^0.180 = 0.36408). So the reduction 1 - ARF just
    // below and at each border agrees within 0.5 %.
    for (double border : {20.0, 100.0, 500.0, 1000.0})
        for (double hours : {0.25, 1.0, 6.0, 24.0}) {
            const double below = 1.0 - arf.factor(border * (1.0 - 1e-9), hours);
            const double at = 1.0 - arf.factor(border, hours);
            EXPECT_NEAR(below, at, 0.005 * at) << border << " km2, " << hours << " h";
            if (border == 20.0 || border == 500.0) {
                EXPECT_NEAR(below, at, 1e-4 * at) << border << " km2";
            }
        }
    // Larger areas and shorter storms reduce more.
    EXPECT_LT(arf.factor(100.0, 1.0), arf.factor(10.0, 1.0));
    EXPECT_LT(arf.factor(10.0, 1.0), arf.factor(10.0, 24.0));
}

TEST(ArealReduction, RefusesOrWarnsOutsideItsRange) {
    const ArealReduction arf = readArealReduction(projectData("flood/rainfall/arf_feh.csv"));
    expectError([&] { arf.factor(0.0, 1.0); }, core::ErrorCode::Validation, {"0 km2 must be positive"});
    std::string warning;
    const double small = arf.factor(0.13, 1.0, &warning);
    EXPECT_GT(small, 0.97);
    EXPECT_NE(warning.find("0.13 km2 lies outside 1 to 1000 km2"), std::string::npos) << warning;
    arf.factor(10.0, 1.0, &warning);
    EXPECT_TRUE(warning.empty()) << warning;
    expectError(
        [&] {
            parseArealReduction(kHeader +
                                    "# warn_area_km2: 1 1000\n# warn_duration_h: 1 48\n"
                                    "area_from_km2,area_to_km2,a_form,a0,a1,pivot,b_coef,b_exp\n"
                                    "0,20,cubic,0.4,0.02,4.6,0.04,0.35\n",
                                "arf.csv");
        },
        core::ErrorCode::FileFormat, {"arf.csv", "line 7, column 3 ('a_form')", "'cubic'"});
    expectError(
        [&] {
            parseArealReduction(kHeader +
                                    "# warn_area_km2: 1 1000\n# warn_duration_h: 1 48\n"
                                    "area_from_km2,area_to_km2,a_form,a0,a1,pivot,b_coef,b_exp\n"
                                    "0,20,ln_pivot_minus_lnA,0.4,0.02,4.6,0.04,0.35\n"
                                    "30,inf,ln_lnA_minus_pivot,0.4,0.02,4.6,0.1,0.18\n",
                                "arf.csv");
        },
        core::ErrorCode::FileFormat, {"line 8, column 1 ('area_from_km2')", "where the previous one ends"});
    expectError([&] { parseArealReduction(kHeader + "area_from_km2\n0\n", "arf.csv"); },
                core::ErrorCode::FileFormat, {"# warn_area_km2"});
}

// ---- rain series files
// ----------------------------------------------------------------------------------------------

TEST(RainSeries, ReadsIntensityDepthAndCumulativeColumns) {
    // 20 mm/h for 10 min then 60 mm/h for 10 min: 3.33 + 10 = 13.33 mm, in every form.
    const TimeSeries a = parseRainSeries("time_min,intensity_mm_per_h\n0,20\n10,60\n20,0\n", "a.csv");
    const TimeSeries b = parseRainSeries("time_s,depth_mm\n0,0\n600,3.3333333333333335\n1200,10\n", "b.csv");
    const TimeSeries c = parseRainSeries(
        "# gauge total since midnight\ntime,cumulative_mm\n2022-08-08 20:00,41\n"
        "2022-08-08 20:10,44.333333333333336\n2022-08-08T20:20:00,54.333333333333336\n",
        "c.csv", 300.0);
    for (const TimeSeries* s : {&a, &b}) {
        EXPECT_NEAR(s->integral(0.0, 1e9) / 3600.0, 40.0 / 3.0, 1e-9);
        EXPECT_NEAR(s->valueAt(300.0), 20.0, 1e-9);
        EXPECT_NEAR(s->valueAt(900.0), 60.0, 1e-9);
    }
    EXPECT_NEAR(c.integral(0.0, 1e9) / 3600.0, 40.0 / 3.0, 1e-9);
    EXPECT_DOUBLE_EQ(c.timesS.front(), 300.0);  // shifted by the start
    EXPECT_NEAR(c.valueAt(1000.0), 60.0, 1e-9);
}

TEST(RainSeries, BadFilesNameLineAndColumn) {
    auto parse = [](const std::string& text) { parseRainSeries(text, "rain.csv"); };
    expectError([&] { parse("minutes,intensity_mm_per_h\n0,1\n1,0\n"); }, core::ErrorCode::FileFormat,
                {"rain.csv", "line 1", "no time column", "minutes"});
    expectError([&] { parse("time_s,rain\n0,1\n1,0\n"); }, core::ErrorCode::FileFormat, {"no rain column"});
    expectError([&] { parse("time_s,time_min,depth_mm\n0,0,0\n60,1,1\n"); }, core::ErrorCode::FileFormat,
                {"two time columns"});
    expectError([&] { parse("time_s,depth_mm,cumulative_mm\n0,0,0\n60,1,1\n"); }, core::ErrorCode::FileFormat,
                {"two rain columns"});
    expectError([&] { parse("time_s,intensity_mm_per_h\n0,10\n600,20\n"); }, core::ErrorCode::FileFormat,
                {"line 3, column 2 ('intensity_mm_per_h')", "must be 0"});
    expectError([&] { parse("time_s,depth_mm\n0,3\n600,2\n"); }, core::ErrorCode::FileFormat,
                {"line 2, column 2 ('depth_mm')", "must be 0"});
    expectError([&] { parse("time_s,depth_mm\n0,0\n600,2\n600,1\n"); }, core::ErrorCode::FileFormat,
                {"line 4, column 1 ('time_s')", "must increase"});
    expectError([&] { parse("time_s,cumulative_mm\n0,5\n600,4\n"); }, core::ErrorCode::FileFormat,
                {"line 3, column 2 ('cumulative_mm')", "falls from 5 to 4"});
    expectError([&] { parse("time,depth_mm\n2022-08-08 20:00,0\n8 Aug 20:10,1\n"); },
                core::ErrorCode::FileFormat, {"line 3, column 1 ('time')", "not a date-time"});
    expectError([&] { parse("time_s,depth_mm\n0,0\n600,-1\n"); }, core::ErrorCode::FileFormat,
                {"line 3, column 2 ('depth_mm')", "negative"});
    expectError([&] { parse("time_s,depth_mm\n0,0\n"); }, core::ErrorCode::FileFormat, {"at least two rows"});
}

// ---- sewer design
// --------------------------------------------------------------------------------------------------------

TEST(SewerDesign, ShippedClassesAndDesignIntensity) {
    const SewerClassTable classes =
        readSewerClasses(projectData("flood/drainage/sewer_design_frequency.csv"));
    ASSERT_NE(classes.find("branch"), nullptr);
    ASSERT_NE(classes.find("Trunk"), nullptr);
    EXPECT_DOUBLE_EQ(classes.find("branch")->returnPeriodYears, 10.0);  // KDS 61 10 00: 10 to 30 years
    EXPECT_DOUBLE_EQ(classes.find(2)->returnPeriodYears, 30.0);
    const RainfallTable t = seoul();
    // The mean intensity of the design storm: 95 mm in 60 min = 95 mm/h; 163 mm in 120 min = 81.5 mm/h.
    EXPECT_DOUBLE_EQ(designDrainageRateMmPerH(t, 30.0, 60.0), 95.0);
    EXPECT_DOUBLE_EQ(designDrainageRateMmPerH(t, 100.0, 120.0), 81.5);
    EXPECT_DOUBLE_EQ(designDrainageRateMmPerH(t, 100.0, 120.0, 50.0), 50.0);  // inlets limit
    // The shipped Seoul table has no 10-year value: a branch sewer of Seoul cannot be sized from it.
    expectError([&] { designDrainageRateMmPerH(t, 10.0, 60.0); }, core::ErrorCode::Validation, {"10 years"});
}

TEST(SewerDesign, BadClassTablesNameLineAndColumn) {
    const std::string cols = "class,code,design_return_period_years\n";
    auto parse = [&](const std::string& rows) { parseSewerClasses(kHeader + cols + rows, "classes.csv"); };
    expectError([&] { parse("branch,1,10\nBranch,2,30\n"); }, core::ErrorCode::FileFormat,
                {"classes.csv", "line 6, column 1 ('class')", "already defined on line 5"});
    expectError([&] { parse("branch,1,10\ntrunk,1,30\n"); }, core::ErrorCode::FileFormat,
                {"line 6, column 2 ('code')", "already used"});
    expectError([&] { parse("branch,1.5,10\n"); }, core::ErrorCode::FileFormat,
                {"line 5, column 2 ('code')", "integer"});
    expectError([&] { parse("branch,1,0.5\n"); }, core::ErrorCode::FileFormat,
                {"line 5, column 3 ('design_return_period_years')", "greater than 1 year"});
}

// ---- the adapter: rain sources and drainage on a model
// ---------------------------------------------------------------

core::Polygon square(double x0, double y0, double x1, double y1) {
    core::Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

/// A flat 20 x 20 m model at 1 m, with a catchment layer of two polygons and a sewer-class raster.
core::CityModel town() {
    core::CityModel m;
    m.crs = core::Crs::fromEpsg(32652);
    m.terrain = core::Raster(20, 20, {0.0, 20.0, 1.0, 1.0}, m.crs, 10.0f);
    core::VectorLayer c;
    c.name = "catchments";
    c.fields.push_back({"design_return_period_years", core::FieldType::Real});
    c.fields.push_back({"design_duration_min", core::FieldType::Real});
    core::VectorFeature west, east;
    west.kind = east.kind = core::GeometryKind::Polygon;
    west.polygons.push_back(square(0.0, 0.0, 10.0, 20.0));
    west.attributes = {30.0, core::AttributeValue{}};
    east.polygons.push_back(square(10.0, 0.0, 20.0, 10.0));
    east.attributes = {100.0, 120.0};
    c.features = {west, east};
    m.vectors["catchments"] = c;
    core::Raster classes(20, 20, {0.0, 20.0, 1.0, 1.0}, m.crs, 2.0f);  // trunk everywhere
    m.rasters["sewer_class"] = classes;
    return m;
}

Grid gridOf(const core::CityModel&) {
    return Grid{20, 20, 1.0, 0.0, 20.0};
}

RainSpec designStorm(StormPattern pattern) {
    RainSpec r;
    r.storm.pattern = pattern;
    r.storm.returnPeriodYears = 100.0;
    r.storm.durationMin = 60.0;
    r.storm.stepMin = 6.0;
    r.table = {"seoul", "", dataDir()};
    return r;
}

bool mentions(const std::vector<Problem>& problems, const std::string& parameter, const std::string& text) {
    for (const Problem& p : problems)
        if (p.parameter == parameter && p.message.find(text) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<Problem>& problems) {
    std::string s;
    for (const Problem& p : problems)
        s += p.parameter + ": " + p.message + "\n";
    return s;
}

TEST(StormAdapter, OneRainSourceAtATime) {
    const core::CityModel m = town();
    RainSpec r = designStorm(StormPattern::HuffQ3);
    r.cloudburstMmPerH = 100.0;
    std::vector<Problem> problems;
    const RainPlan plan = planRain(r, m, gridOf(m), m.terrain.data(), problems);
    ASSERT_EQ(problems.size(), 1u) << dump(problems);
    EXPECT_TRUE(mentions(problems, "storm_pattern", "one rain source at a time: a cloudburst of 100 mm/h"))
        << dump(problems);
    EXPECT_TRUE(plan.rain.hyetograph.empty());
    r.seriesCsv = "rain.csv";
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_EQ(problems.size(), 2u) << dump(problems);
    EXPECT_TRUE(mentions(problems, "rain_series_csv", "both given")) << dump(problems);
}

TEST(StormAdapter, DesignStormFromTheShippedStation) {
    const core::CityModel m = town();
    std::vector<Problem> problems;
    const RainPlan plan =
        planRain(designStorm(StormPattern::HuffQ3), m, gridOf(m), m.terrain.data(), problems);
    ASSERT_TRUE(problems.empty()) << dump(problems);
    // Seoul, 100 years, 60 min: 110 mm (the city's published value); third quartile in 6-min blocks: peak
    // 110 x (0.535 - 0.280) / 0.1 h = 280.5 mm/h (hand, from the Huff table).
    EXPECT_NEAR(plan.depthMm, 110.0, 1e-9);
    EXPECT_NEAR(plan.peakMmPerH, 280.5, 1e-9);
    EXPECT_NEAR(plan.rain.hyetograph.integral(0.0, 1e9) / 3600.0, 110.0, 1e-9);
    ASSERT_FALSE(plan.chart.empty());
    EXPECT_NEAR(plan.chart.back()[2], 110.0, 1e-9);  // cumulative at the end
    EXPECT_DOUBLE_EQ(plan.arealReductionFactor, 1.0);
}

TEST(StormAdapter, DesignStormProblemsNameTheParameter) {
    const core::CityModel m = town();
    std::vector<Problem> problems;
    RainSpec r = designStorm(StormPattern::HuffQ3);
    r.storm.durationMin = 240.0;
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_duration_min", "covers")) << dump(problems);
    r = designStorm(StormPattern::HuffQ3);
    r.storm.returnPeriodYears = 500.0;
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_return_period_years", "500 years")) << dump(problems);
    r = designStorm(StormPattern::AlternatingBlock);
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_time_step_min", "block length")) << dump(problems);
    r = designStorm(StormPattern::HuffQ1);
    r.table = {"", "", dataDir()};
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_station", "needs a probability-rainfall table")) << dump(problems);
    r.table = {"custom", "nowhere.csv", dataDir()};
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "rainfall_table", "'nowhere.csv' not found")) << dump(problems);
    r.table = {"goyang", "", dataDir()};
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_station", "'goyang' is not a shipped station")) << dump(problems);
    r = designStorm(StormPattern::User);
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "storm_pattern_table", "names no file")) << dump(problems);
}

TEST(StormAdapter, ArealReductionFromTheDomain) {
    const core::CityModel m = town();
    RainSpec r = designStorm(StormPattern::HuffQ3);
    r.storm.arealReduction = ArealReductionMode::Domain;
    std::vector<Problem> problems;
    const RainPlan plan = planRain(r, m, gridOf(m), m.terrain.data(), problems);
    ASSERT_TRUE(problems.empty()) << dump(problems);
    // 400 m2 = 4e-4 km2, 1 h: ARF = 1 - 0.0394 A^0.354 (a irrelevant at D = 1 h), by hand 0.99748.
    const double expected = 1.0 - 0.0394 * std::pow(4e-4, 0.354);
    EXPECT_NEAR(plan.arealReductionFactor, expected, 1e-12);
    EXPECT_NEAR(plan.depthMm, 110.0 * expected, 1e-9);
    EXPECT_NEAR(plan.pointDepthMm, 110.0, 1e-12);
    ASSERT_EQ(plan.warnings.size(), 1u);  // far below 1 km2
}

TEST(StormAdapter, DrainagePerCatchmentAndClass) {
    const core::CityModel m = town();
    const RainfallTable t = seoul();
    DrainageDesignSpec d;
    d.catchmentLayer = "catchments";
    d.durationMin = 60.0;
    d.dataDir = dataDir();
    std::vector<Problem> problems;
    const DrainagePlan plan = planDrainage(d, &t, m, gridOf(m), problems);
    ASSERT_TRUE(problems.empty()) << dump(problems);
    ASSERT_EQ(plan.drainage.rateGridMmPerH.size(), 400u);
    const Grid g = gridOf(m);
    // West half: 30 years at 60 min = 95 mm/h; south-east quarter: 100 years at 120 min = 163 / 2 = 81.5
    // mm/h; north-east quarter: no catchment, no uniform design = 0.
    EXPECT_FLOAT_EQ(plan.drainage.rateGridMmPerH[g.index(2, 5)], 95.0f);
    EXPECT_FLOAT_EQ(plan.drainage.rateGridMmPerH[g.index(15, 15)], 81.5f);
    EXPECT_FLOAT_EQ(plan.drainage.rateGridMmPerH[g.index(15, 5)], 0.0f);
    // A uniform design (30 years = 95 mm/h) fills what no catchment covers, capped by 60 mm/h inlets.
    d.returnPeriodYears = 30.0;
    d.inletCapacityMmPerH = 60.0;
    const DrainagePlan capped = planDrainage(d, &t, m, g, problems);
    EXPECT_FLOAT_EQ(capped.drainage.rateGridMmPerH[g.index(15, 5)], 60.0f);
    EXPECT_FLOAT_EQ(capped.drainage.rateGridMmPerH[g.index(15, 15)], 60.0f);
    // Class raster: trunk (30 years) everywhere.
    DrainageDesignSpec byClass;
    byClass.classLayer = "sewer_class";
    byClass.dataDir = dataDir();
    const DrainagePlan classes = planDrainage(byClass, &t, m, g, problems);
    ASSERT_TRUE(problems.empty()) << dump(problems);
    EXPECT_FLOAT_EQ(classes.drainage.rateGridMmPerH[g.index(7, 7)], 95.0f);
}

TEST(StormAdapter, DrainageProblemsNameTheFeature) {
    core::CityModel m = town();
    m.vectors["catchments"].features[1].attributes = {core::AttributeValue{}, core::AttributeValue{}};
    m.rasters["sewer_class"].at(3, 3) = 7.0f;
    const RainfallTable t = seoul();
    DrainageDesignSpec d;
    d.catchmentLayer = "catchments";
    d.classLayer = "sewer_class";
    d.dataDir = dataDir();
    std::vector<Problem> problems;
    const DrainagePlan plan = planDrainage(d, &t, m, gridOf(m), problems);
    EXPECT_TRUE(mentions(problems, "drainage_catchment_layer", "feature 2: no design_return_period_years"))
        << dump(problems);
    EXPECT_TRUE(mentions(problems, "drainage_class_layer", "code 7 (first at x = 3.5, y = 16.5)"))
        << dump(problems);
    EXPECT_TRUE(plan.drainage.rateGridMmPerH.empty());
    // Branch sewers (10 years) cannot be sized from the Seoul table, which starts at 30 years.
    m = town();
    m.rasters["sewer_class"].at(0, 0) = 1.0f;
    problems.clear();
    DrainageDesignSpec c;
    c.classLayer = "sewer_class";
    c.dataDir = dataDir();
    planDrainage(c, &t, m, gridOf(m), problems);
    EXPECT_TRUE(mentions(problems, "drainage_class_layer", "class 'branch': return period 10 years"))
        << dump(problems);
}

TEST(StormAdapter, RadarFramesByPrefix) {
    core::CityModel m = town();
    m.rasters["radar_0000"] = core::Raster(20, 20, {0.0, 20.0, 1.0, 1.0}, m.crs, 12.0f);
    m.rasters["radar_0005"] = core::Raster(20, 20, {0.0, 20.0, 1.0, 1.0}, m.crs, 36.0f);
    EXPECT_EQ(expandRasterLayers("radar_*", m), (std::vector<std::string>{"radar_0000", "radar_0005"}));
    RainSpec r;
    r.frameLayers = "radar_*";
    r.frameIntervalS = 300.0;
    std::vector<Problem> problems;
    const RainPlan plan = planRain(r, m, gridOf(m), m.terrain.data(), problems);
    ASSERT_TRUE(problems.empty()) << dump(problems);
    ASSERT_EQ(plan.rain.frames.size(), 2u);
    EXPECT_DOUBLE_EQ(plan.rain.framesEndS, 600.0);
    EXPECT_NEAR(plan.depthMm, 12.0 / 12.0 + 36.0 / 12.0, 1e-9);  // 5 min each: 1 + 3 mm
    EXPECT_DOUBLE_EQ(plan.peakMmPerH, 36.0);
    r.frameLayers = "rader_*";
    problems.clear();
    planRain(r, m, gridOf(m), m.terrain.data(), problems);
    EXPECT_TRUE(mentions(problems, "rain_frame_layers", "'rader_*' is not a raster layer")) << dump(problems);
}

}  // namespace
}  // namespace citytwin::test

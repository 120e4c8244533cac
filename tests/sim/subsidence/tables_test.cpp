// The data tables: the shipped files load; every reader rejects bad files naming the file, line and column.

#include "citytwin/subsidence/tables.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using citytwin::test::expectError;
using citytwin::test::TempDirTest;
using core::ErrorCode;

TEST(ShippedTables, LoadWithTheirPublishedValues) {
    const Tables& t = test::shippedTables();
    ASSERT_EQ(t.damage.rows.size(), 5u);
    EXPECT_EQ(t.damage.rows[3].lowerPercent, 0.15);
    EXPECT_TRUE(std::isinf(t.damage.rows.back().upperPercent));
    EXPECT_EQ(t.risk.rows.size(), 4u);
    EXPECT_EQ(t.assessment.eOverG, 2.6);
    EXPECT_EQ(t.assessment.poissonRatio, 0.3);
    ASSERT_NE(t.envelope("clough_orourke_stiff_clay"), nullptr);
    EXPECT_EQ(t.envelope("clough_orourke_stiff_clay")->extentRatio, 3.0);
    EXPECT_EQ(t.envelope("clough_orourke_soft_clay")->plateauRatio, 0.75);
    ASSERT_NE(t.wallType("soldier_pile"), nullptr);
    EXPECT_EQ(t.wallType("soldier_pile")->defaultLeakageFactor, 1.0);
    ASSERT_NE(t.troughWidthSoil("cohesive"), nullptr);
    EXPECT_EQ(t.troughWidthSoil("cohesive")->k, 0.5);
    EXPECT_EQ(t.envelope("nope"), nullptr);
}

class TableFiles : public TempDirTest {};

TEST_F(TableFiles, MissingFileIsFileNotFound) {
    expectError([&] { readDamageCategories(path("absent.csv")); }, ErrorCode::FileNotFound, {"absent.csv"});
}

TEST_F(TableFiles, DamageCategoriesRejectGapsBadNumbersAndMissingColumns) {
    const std::string gap = write("gap.csv",
                                  "# comment\ncategory,name,lower_strain_percent,upper_strain_percent\n"
                                  "0,negligible,0,0.05\n1,very slight,0.06,0.075\n2,slight,0.075,\n");
    expectError([&] { readDamageCategories(gap); }, ErrorCode::FileFormat,
                {"gap.csv", "line 4", "column 3 (lower_strain_percent)", "contiguous"});
    const std::string bad =
        write("bad.csv", "category,name,lower_strain_percent,upper_strain_percent\n0,negligible,0,abc\n");
    expectError([&] { readDamageCategories(bad); }, ErrorCode::FileFormat,
                {"bad.csv", "line 2", "column 4 (upper_strain_percent)", "'abc' is not a number"});
    const std::string closed =
        write("closed.csv", "category,name,lower_strain_percent,upper_strain_percent\n0,negligible,0,0.05\n");
    expectError([&] { readDamageCategories(closed); }, ErrorCode::FileFormat,
                {"closed.csv", "line 2", "open-ended"});
    const std::string noColumn = write("nocol.csv", "category,name,lower_strain_percent\n0,negligible,0\n");
    expectError([&] { readDamageCategories(noColumn); }, ErrorCode::FileFormat,
                {"nocol.csv", "line 1", "missing column 'upper_strain_percent'"});
    const std::string notZero =
        write("notzero.csv", "category,name,lower_strain_percent,upper_strain_percent\n0,negligible,0.01,\n");
    expectError([&] { readDamageCategories(notZero); }, ErrorCode::FileFormat, {"notzero.csv", "start at 0"});
}

TEST_F(TableFiles, RiskCategoriesCheckBothDimensions) {
    const std::string f =
        write("risk.csv",
              "category,name,slope_lower,slope_upper,settlement_lower_mm,settlement_upper_mm\n"
              "1,negligible,0,0.002,0,10\n2,slight,0.002,,12,\n");
    expectError([&] { readRiskCategories(f); }, ErrorCode::FileFormat,
                {"risk.csv", "line 3", "column 5 (settlement_lower_mm)", "12"});
}

TEST_F(TableFiles, AssessmentParametersRejectUnknownMissingAndOutOfRange) {
    const std::string header = "key,value,unit,source\n";
    const std::string good =
        "stage1_max_settlement_mm,10,mm,x\nstage1_max_slope,0.002,-,x\n"
        "building_e_over_g,2.6,-,x\nbuilding_poisson_ratio,0.3,-,x\n";
    EXPECT_EQ(readAssessmentParameters(write("ok.csv", header + good)).stage1MaxSlope, 0.002);
    expectError([&] { readAssessmentParameters(write("unknown.csv", header + good + "colour,3,-,x\n")); },
                ErrorCode::FileFormat, {"unknown.csv", "line 6", "column 1 (key)", "unknown key 'colour'"});
    expectError(
        [&] { readAssessmentParameters(write("missing.csv", header + "stage1_max_slope,0.002,-,x\n")); },
        ErrorCode::FileFormat, {"missing.csv", "missing key 'stage1_max_settlement_mm'"});
    expectError(
        [&] { readAssessmentParameters(write("range.csv", header + "building_poisson_ratio,0.7,-,x\n")); },
        ErrorCode::FileFormat, {"range.csv", "line 2", "column 2 (value)", "0.7"});
    expectError(
        [&] { readAssessmentParameters(write("dup.csv", header + good + "stage1_max_slope,0.003,-,x\n")); },
        ErrorCode::FileFormat, {"dup.csv", "line 6", "duplicate id 'stage1_max_slope'"});
}

TEST_F(TableFiles, EnvelopesWallsAndTroughWidthsCheckTheirValues) {
    const std::string env =
        write("env.csv",
              "id,method,soil,max_settlement_ratio,plateau_ratio,extent_ratio,horizontal_to_vertical\n"
              "a,m,s,0.003,0,2,1\nb,m,s,0.003,1,0.5,1\n");
    expectError([&] { readExcavationEnvelopes(env); }, ErrorCode::FileFormat,
                {"env.csv", "line 3", "column 6 (extent_ratio)", "above plateau_ratio"});
    const std::string wall = write("wall.csv", "id,description,default_leakage_factor\nsheet,steel,1.5\n");
    expectError([&] { readWallTypes(wall); }, ErrorCode::FileFormat,
                {"wall.csv", "line 2", "column 3 (default_leakage_factor)", "1.5"});
    const std::string trough = write("trough.csv",
                                     "id,description,k,regression_slope,regression_intercept_m,regression_"
                                     "min_depth_m,regression_max_depth_m\n"
                                     "clay,c,0.5,0.43,1.1,3,34\nclay,d,0.4,0.43,1.1,3,34\n");
    expectError([&] { readTroughWidth(trough); }, ErrorCode::FileFormat,
                {"trough.csv", "line 3", "column 1 (id)", "duplicate id 'clay'"});
    const std::string quote =
        write("quote.csv", "id,description,default_leakage_factor\nsheet,\"steel,1.0\n");
    expectError([&] { readWallTypes(quote); }, ErrorCode::FileFormat,
                {"quote.csv", "line 2", "unterminated quote"});
    // Quoted fields with commas are fine.
    EXPECT_EQ(readWallTypes(
                  write("q.csv", "id,description,default_leakage_factor\nsheet,\"steel, interlocked\",0.3\n"))
                  .front()
                  .description,
              "steel, interlocked");
}

TEST_F(TableFiles, LoadTablesNamesTheMissingFile) {
    expectError([&] { loadTables(dir_.string()); }, ErrorCode::FileNotFound, {"damage_categories.csv"});
}

}  // namespace
}  // namespace citytwin::subsidence

// Observations: dates, the levelling CSV reader and its errors, LOS to vertical.

#include "citytwin/subsidence/observations.h"

#include <gtest/gtest.h>

#include <cmath>

#include "subsidence_test_util.h"

namespace citytwin::subsidence {
namespace {

using citytwin::test::expectError;
using citytwin::test::TempDirTest;
using core::ErrorCode;

TEST(IsoDate, DaysSinceEpoch) {
    long d = 0;
    ASSERT_TRUE(parseIsoDate("1970-01-01", d));
    EXPECT_EQ(d, 0);
    ASSERT_TRUE(parseIsoDate("2000-03-01", d));
    EXPECT_EQ(d, 11017);  // 30 years incl. 7 leap days (72..96) = 10957 + 31 + 29 (2000 is leap)
    ASSERT_TRUE(parseIsoDate("2014-08-05", d));
    long e = 0;
    ASSERT_TRUE(parseIsoDate("2015-08-05", e));
    EXPECT_EQ(e - d, 365);
    ASSERT_TRUE(parseIsoDate("2016-03-01", e));
    long f = 0;
    ASSERT_TRUE(parseIsoDate("2016-02-28", f));
    EXPECT_EQ(e - f, 2);  // 2016 is a leap year
    ASSERT_TRUE(parseIsoDate("1900-03-01", e));
    ASSERT_TRUE(parseIsoDate("1900-02-28", f));
    EXPECT_EQ(e - f, 1);  // 1900 is not
    EXPECT_FALSE(parseIsoDate("2019-02-29", d));
    EXPECT_FALSE(parseIsoDate("2019-13-01", d));
    EXPECT_FALSE(parseIsoDate("2019-1-01", d));
    EXPECT_FALSE(parseIsoDate("yesterday", d));
}

class LevellingCsv : public TempDirTest {};

TEST_F(LevellingCsv, ReadsTimesDatesAndSigns) {
    const std::string p = write("lev.csv",
                                "# levelling, Songpa\nid,x,y,date,displacement_mm,reference_date\n"
                                "BM1,100.5,200,2014-08-15,-3.5,2014-08-05\nBM2,110,205,2014-09-04,1.0,\n");
    const auto obs = readLevellingCsv(p, "2014-08-05");
    ASSERT_EQ(obs.size(), 2u);
    EXPECT_EQ(obs[0].id, "BM1");
    EXPECT_EQ(obs[0].position.x, 100.5);
    EXPECT_EQ(obs[0].timeDays, 10.0);
    EXPECT_EQ(obs[0].referenceDay, 0.0);
    EXPECT_EQ(obs[0].settlementMm, 3.5);  // displacement up -3.5 mm = settlement 3.5 mm
    EXPECT_EQ(obs[1].timeDays, 30.0);
    EXPECT_EQ(obs[1].settlementMm, -1.0);
    EXPECT_NE(obs[0].origin.find("lev.csv:3"), std::string::npos);
    const auto t = readLevellingCsv(write("t.csv", "id,x,y,t_days,settlement_mm\nP,0,0,12.5,4\n"));
    EXPECT_EQ(t[0].timeDays, 12.5);
    EXPECT_EQ(t[0].settlementMm, 4.0);
}

TEST_F(LevellingCsv, BadInputNamesFileLineAndColumn) {
    expectError(
        [&] { readLevellingCsv(write("a.csv", "id,x,y,t_days,settlement_mm\nP,0,0,1,4\nQ,0,north,1,4\n")); },
        ErrorCode::FileFormat, {"a.csv", "line 3", "column 3 (y)", "'north' is not a number"});
    expectError([&] { readLevellingCsv(write("b.csv", "id,x,y,settlement_mm\nP,0,0,4\n")); },
                ErrorCode::FileFormat, {"b.csv", "line 1", "'t_days' or 'date'"});
    expectError(
        [&] {
            readLevellingCsv(write("c.csv", "id,x,y,date,settlement_mm\nP,0,0,2014-02-30,4\n"), "2014-01-01");
        },
        ErrorCode::FileFormat, {"c.csv", "line 2", "column 4 (date)", "'2014-02-30' is not a date"});
    expectError([&] { readLevellingCsv(write("d.csv", "id,x,y,date,settlement_mm\nP,0,0,2014-02-03,4\n")); },
                ErrorCode::FileFormat, {"d.csv", "origin date"});
    expectError([&] { readLevellingCsv(write("e.csv", "id,x,y,t_days\nP,0,0,4\n")); }, ErrorCode::FileFormat,
                {"e.csv", "'settlement_mm' or 'displacement_mm'"});
    expectError([&] { readLevellingCsv(write("f.csv", "id,x,y,t_days,settlement_mm\n,0,0,1,4\n")); },
                ErrorCode::FileFormat, {"f.csv", "line 2", "column 1 (id)", "empty"});
    expectError([&] { readLevellingCsv(path("none.csv")); }, ErrorCode::FileNotFound, {"none.csv"});
}

TEST(Insar, LineOfSightToSettlement) {
    InsarBand b;
    b.unitToMetres = 1e-3;
    b.sign = LosSign::PositiveTowardSatellite;
    // -10 mm towards the satellite at 34° incidence: 10 / cos 34° = 12.062 mm of settlement.
    EXPECT_NEAR(losToSettlementM(-10.0, 34.0, b), 0.010 / std::cos(34.0 * 3.14159265358979323846 / 180.0),
                1e-15);
    b.sign = LosSign::PositiveAwayFromSatellite;
    EXPECT_NEAR(losToSettlementM(10.0, 34.0, b), 0.010 / std::cos(34.0 * 3.14159265358979323846 / 180.0),
                1e-15);
    b.unitToMetres = 1e-2;  // cm
    EXPECT_NEAR(losToSettlementM(1.0, 0.0 + 1e-12, b), 0.01, 1e-15);
}

}  // namespace
}  // namespace citytwin::subsidence

// SORA 2.5 iGRC lookup at every band and column boundary, and the table reader's errors.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/uam/ground_risk.h"
#include "test_util.h"

namespace citytwin::uam {
namespace {

using core::ErrorCode;
using test::expectError;

TEST(GroundRisk, SoraTableLookupIsExactAtEveryBoundary) {
    const SoraTable t = readSoraTable(test::projectData("uam/sora_2_5_igrc.csv"));
    ASSERT_EQ(t.columns.size(), 5u);
    ASSERT_EQ(t.bands.size(), 7u);
    // JARUS SORA 2.5 Main Body Table 3, typed here from the publication (independently of the data file):
    // rows < 5, < 50, < 500, < 5000, < 50000, > 50000; columns 1 m/25 m/s ... 40 m/200 m/s.
    const int expected[6][5] = {{2, 3, 4, 5, 6}, {3, 4, 5, 6, 7},  {4, 5, 6, 7, 8},
                                {5, 6, 7, 8, 9}, {6, 7, 8, 9, 10}, {7, 8, -1, -1, -1}};
    const double bounds[5] = {5, 50, 500, 5000, 50000};
    const double dims[5] = {1, 3, 8, 20, 40};
    const double speeds[5] = {25, 35, 75, 120, 200};
    for (int c = 0; c < 5; ++c) {
        // Column limits are inclusive: exactly the limit stays in the column, a hair more moves on.
        EXPECT_EQ(soraColumn(t, dims[c], speeds[c]), c);
        EXPECT_EQ(soraColumn(t, std::nextafter(dims[c], 1e9), 1.0), c < 4 ? c + 1 : -1);
        EXPECT_EQ(soraColumn(t, 0.5, std::nextafter(speeds[c], 1e9)), c < 4 ? c + 1 : -1);
        for (int b = 0; b < 6; ++b) {
            // Inside the band, and at its lower bound (bounds are exclusive above: 5.0 belongs to "< 50").
            const double lower = b == 0 ? 0.0 : bounds[b - 1];
            EXPECT_EQ(intrinsicGrc(t, lower, c), expected[b][c]) << "density " << lower << " column " << c;
            if (b < 5) {
                EXPECT_EQ(intrinsicGrc(t, std::nextafter(bounds[b], 0.0), c), expected[b][c]) << bounds[b];
                EXPECT_EQ(intrinsicGrc(t, bounds[b], c), expected[b + 1][c]) << bounds[b];
            }
        }
    }
    EXPECT_TRUE(t.bands[0].controlled);
    EXPECT_EQ(t.bands[0].igrc[3], 3);
    EXPECT_EQ(soraBand(t, -1.0), -1);
    EXPECT_EQ(soraBand(t, NAN), -1);
    EXPECT_EQ(intrinsicGrc(t, 100.0, -1), -1);
}

TEST(GroundRisk, CasualtyRate) {
    // λ A ρ: 1e-6 /h x 200 m² x 10000 people/km² (0.01 /m²) = 2e-6 casualties per flight hour.
    EXPECT_NEAR(casualtiesPerFlightHour(1e-6, 200.0, 10000.0), 2e-6, 1e-18);
    EXPECT_NEAR(verticalFallCriticalAreaM2(15.0), 3.14159265358979 * 7.8 * 7.8, 1e-9);
}

class GroundRiskFiles : public test::TempDirTest {};

TEST_F(GroundRiskFiles, BadTablesNameFileLineAndColumn) {
    const std::string head = "band,density_below_per_km2,igrc_1m_25mps,igrc_3m_35mps\n";
    const std::string a = write("a.csv", head + "x,5,2,3\ny,50,3,eleven\nz,inf,4,5\n");
    expectError([&] { readSoraTable(a); }, ErrorCode::FileFormat,
                {"a.csv", "line 3", "igrc_3m_35mps", "'eleven'"});
    const std::string b = write("b.csv", head + "x,50,2,3\ny,5,3,4\nz,inf,4,5\n");
    expectError([&] { readSoraTable(b); }, ErrorCode::FileFormat, {"b.csv", "line 3", "must increase"});
    const std::string c = write("c.csv", head + "x,5,2,3\ny,50,3,4\n");
    expectError([&] { readSoraTable(c); }, ErrorCode::FileFormat, {"c.csv", "end at 'inf'"});
    const std::string d = write("d.csv", "band,density_below_per_km2,igrc_1m_25mps,size_3\nx,inf,2,3\n");
    expectError([&] { readSoraTable(d); }, ErrorCode::FileFormat, {"d.csv", "'size_3'"});
    const std::string e =
        write("e.csv", "band,density_below_per_km2,igrc_3m_35mps,igrc_1m_25mps\nx,inf,2,3\n");
    expectError([&] { readSoraTable(e); }, ErrorCode::FileFormat, {"e.csv", "larger dimension"});
    const std::string f = write("f.csv", head + "x,5,2,3\ny,controlled,3,4\nz,inf,4,5\n");
    expectError([&] { readSoraTable(f); }, ErrorCode::FileFormat, {"f.csv", "line 3", "controlled"});
    const std::string g = write("g.csv", head + "x,5,0,3\nz,inf,4,5\n");
    expectError([&] { readSoraTable(g); }, ErrorCode::FileFormat, {"g.csv", "line 2", "1..10"});
}

}  // namespace
}  // namespace citytwin::uam

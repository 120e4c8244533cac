// Building occupancy (core/occupancy.h): figures worked out by hand from the rates table, and bad tables.

#include "citytwin/core/occupancy.h"

#include <gtest/gtest.h>

#include "citytwin/core/data_dir.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {

class OccupancyTable : public citytwin::test::TempDirTest {
protected:
    const std::string header_ = "use,gfa_m2_per_household,persons_per_household,gfa_m2_per_job,daily_trip_ends_per_100m2\n";
    const std::string rows_ =
        "residential,100,2.5,0,6\noffice,0,0,20,10\nretail,0,0,25,40\nhotel,0,0,50,20\neducation,0,0,40,21\n"
        "hospital,0,0,30,11\nindustrial,0,0,55,5\nother,0,0,0,2\n";
    static Building box(const std::string& id, double w, double d, double h, double levels) {
        Building b;
        b.id = id;
        b.footprint = MultiPolygon{Polygon{{{0, 0}, {w, 0}, {w, d}, {0, d}, {0, 0}}, {}}};
        b.heightM = h;
        b.levels = levels;
        return b;
    }
};

}  // namespace

TEST_F(OccupancyTable, FiguresFromTheRatesTable) {
    const OccupancyRules rules = readOccupancyRules(write("r.csv", "# a comment\n" + header_ + rows_));
    CityModel m;
    m.buildingFields.ensure("building", FieldType::String);
    m.buildingFields.ensure("amenity", FieldType::String);
    Building home = box("home", 20, 10, 15, 5);  // 200 m2 x 5 floors = 1000 m2
    home.attributes = {std::string("apartments"), std::string()};
    Building office = box("office", 10, 10, 30, NAN);  // 30 m / 3 m = 10 floors, 1000 m2
    office.attributes = {std::string("yes;office"), std::string()};
    Building school = box("school", 10, 10, 6, NAN);  // the amenity says what "yes" does not
    school.attributes = {std::string("yes"), std::string("school")};
    Building korean = box("k", 10, 10, 3, 1);
    korean.attributes = {std::string("의료시설"), std::string()};
    m.buildings = {home, office, school, korean};
    const auto occ = estimateOccupancy(m, rules);
    ASSERT_EQ(occ.size(), 4u);
    EXPECT_EQ(occ[0].use, BuildingUse::Residential);
    EXPECT_DOUBLE_EQ(occ[0].floorAreaM2, 1000.0);
    EXPECT_DOUBLE_EQ(occ[0].households, 10.0);  // 1000 / 100
    EXPECT_DOUBLE_EQ(occ[0].residents, 25.0);   // 10 x 2.5
    EXPECT_DOUBLE_EQ(occ[0].jobs, 0.0);
    EXPECT_DOUBLE_EQ(occ[0].dailyTripEnds, 60.0);  // 1000 / 100 x 6
    EXPECT_EQ(occ[1].use, BuildingUse::Office);
    EXPECT_DOUBLE_EQ(occ[1].floors, 10.0);
    EXPECT_DOUBLE_EQ(occ[1].jobs, 50.0);  // 1000 / 20
    EXPECT_DOUBLE_EQ(occ[1].residents, 0.0);
    EXPECT_EQ(occ[2].use, BuildingUse::Education);
    EXPECT_EQ(occ[3].use, BuildingUse::Hospital);
}

TEST_F(OccupancyTable, BadTablesNameTheLineAndColumn) {
    expectError([&] { readOccupancyRules(path("none.csv")); }, ErrorCode::FileNotFound, {"none.csv"});
    expectError([&] { readOccupancyRules(write("a.csv", "use,x\n")); }, ErrorCode::FileFormat, {"a.csv", "line 1", "header"});
    expectError([&] { readOccupancyRules(write("b.csv", header_ + rows_ + "castle,0,0,0,1\n")); }, ErrorCode::FileFormat,
                {"b.csv", "line 10", "unknown use 'castle'"});
    expectError([&] { readOccupancyRules(write("c.csv", header_ + "residential,100,2.5,0,-6\n")); }, ErrorCode::FileFormat,
                {"c.csv", "line 2", "column 5", "'-6'"});
    expectError([&] { readOccupancyRules(write("d.csv", header_ + "residential,100,0,0,6\n")); }, ErrorCode::FileFormat,
                {"d.csv", "line 2", "persons per household"});
    expectError([&] { readOccupancyRules(write("e.csv", header_ + "residential,100,2,0,6\n")); }, ErrorCode::FileFormat,
                {"e.csv", "no row for the use 'office'"});
    expectError([&] { readOccupancyRules(write("f.csv", header_ + rows_ + "office,0,0,20,10\n")); }, ErrorCode::FileFormat,
                {"f.csv", "'office' is given twice"});
}

TEST_F(OccupancyTable, TheShippedTableReads) {
    const OccupancyRules rules = defaultOccupancyRules();
    EXPECT_EQ(rules.rates.size(), 8u);
    EXPECT_NE(rules.file.find(dataDirectory()), std::string::npos);
    EXPECT_GT(rules.rates.at(BuildingUse::Residential).personsPerHousehold, 1.0);
}

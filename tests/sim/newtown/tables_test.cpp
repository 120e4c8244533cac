// The shipped tables load with the decree's values, and every reader refuses a bad file naming the file, the
// line and the column.
#include <gtest/gtest.h>

#include "citytwin/core/error.h"
#include "citytwin/newtown/tables.h"
#include "newtown_test_util.h"

namespace nt = citytwin::newtown;
using citytwin::core::ErrorCode;
using citytwin::test::expectError;

TEST(Tables, ShippedTablesLoad) {
    for (const char* city : {"seoul", "goyang"}) {
        const nt::NewtownTables t = nt::loadTables(nt::test::tablesDir(), city);
        EXPECT_EQ(t.decree.classes.size(), 21u);
        for (const auto& info : t.provenance()) {
            EXPECT_FALSE(info.source.empty()) << info.file;
            EXPECT_FALSE(info.date.empty()) << info.file;
        }
    }
    const auto& t = nt::test::seoulTables();
    // Decree Art. 84/85 for class 3 general residential: BCR <= 50 %, FAR 100..300 %.
    const nt::ZoningClass* c = t.decree.find("제3종일반주거지역");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->id, "general_residential_3");
    EXPECT_EQ(c->bcrMaxPct, 50.0);
    EXPECT_EQ(c->farMinPct, 100.0);
    EXPECT_EQ(c->farMaxPct, 300.0);
    EXPECT_TRUE(c->northSetback);
    EXPECT_EQ(t.decree.find("central_commercial")->farMaxPct, 1500.0);
    EXPECT_FALSE(t.decree.find("general_commercial")->apartmentDaylight);
    EXPECT_EQ(t.ordinance.find("general_residential_3")->farPct, 250.0);
    EXPECT_EQ(t.rules.northLowHeightM, 10.0);
    EXPECT_EQ(t.rules.northLowHeightPre2023M, 9.0);
    EXPECT_NEAR(t.typology("slab")->meanUnitGrossM2(), 0.4 * 78.5 + 0.5 * 111.7 + 0.1 * 151.6, 1e-9);
    EXPECT_EQ(t.sunlight.continuousStartMin, 540.0);
    EXPECT_EQ(t.sunlight.totalEndMin, 960.0);
}

class TablesBad : public citytwin::test::TempDirTest {
protected:
    const std::string head = "# source: test\n# date: 2026\n";
};

TEST_F(TablesBad, MissingFileSourceAndDate) {
    expectError([&] { nt::readZoningDecree(path("nope.csv")); }, ErrorCode::FileNotFound, {"nope.csv"});
    const std::string f = write("d.csv", "# date: 2026\nclass_id,name_ko\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat, {"d.csv", "source"});
    const std::string g = write("e.csv", "# source: x\nclass_id,name_ko\n");
    expectError([&] { nt::readZoningDecree(g); }, ErrorCode::FileFormat, {"e.csv", "date"});
}

TEST_F(TablesBad, DecreeCellsNamedByLineAndColumn) {
    const std::string hdr =
        "class_id,name_ko,name_en,bcr_max_pct,far_min_pct,far_max_pct,north_setback,"
        "apartment_daylight,lot_line_height_ratio\n";
    std::string f = write("a.csv", head + hdr + "general_residential_3,x,y,50,100,3oo,yes,yes,2\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat,
                {"a.csv", "line 4", "column 34", "far_max_pct", "3oo"});
    f = write("b.csv", head + hdr + "general_residential_3,x,y,50,300,100,yes,yes,2\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat,
                {"b.csv", "line 4", "below the minimum"});
    f = write("c.csv", head + hdr + "general_residential_3,x,y,50,100,300,maybe,yes,2\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat, {"c.csv", "north_setback", "maybe"});
    f = write("d.csv", head + hdr + "general_residential_3,x,y,50,100\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat,
                {"d.csv", "line 4", "expected 9 fields"});
    f = write("e.csv", head + "class_id,name_ko\nx,y\n");
    expectError([&] { nt::readZoningDecree(f); }, ErrorCode::FileFormat, {"e.csv", "line 3", "name_en"});
}

TEST_F(TablesBad, OrdinanceOutsideTheDecreeIsRefused) {
    const auto& decree = nt::test::seoulTables().decree;
    std::string f =
        write("o.csv", head + "class_id,bcr_pct,far_pct,verified\ngeneral_residential_3,50,320,no\n");
    expectError([&] { nt::readOrdinance(f, decree, "x"); }, ErrorCode::FileFormat,
                {"o.csv", "line 4", "far_pct", "320", "100..300"});
    f = write("p.csv", head + "class_id,bcr_pct,far_pct,verified\ngeneral_residential_3,55,250,no\n");
    expectError([&] { nt::readOrdinance(f, decree, "x"); }, ErrorCode::FileFormat,
                {"p.csv", "bcr_pct", "55"});
    f = write("q.csv", head + "class_id,bcr_pct,far_pct,verified\nresidential_9,50,250,no\n");
    expectError([&] { nt::readOrdinance(f, decree, "x"); }, ErrorCode::FileFormat,
                {"q.csv", "line 4", "unknown zoning class", "residential_9"});
    expectError([&] { nt::loadTables(nt::test::tablesDir(), "busan"); }, ErrorCode::FileNotFound,
                {"ordinance_busan.csv"});
}

TEST_F(TablesBad, TypologiesUnitMixAndKeyValues) {
    const std::string typ = write(
        "t.csv",
        head +
            "id,kind,length_m,depth_m,storey_height_m,min_floors,max_floors,side_gap_m,min_row_spacing_m,"
            "lot_setback_m,apartment,windows_all_sides\nslab,slab,60,14,2.9,5,35,10,10,3,yes,no\n");
    std::string mix =
        write("u.csv", head +
                           "typology,unit_type,exclusive_m2,gross_m2,share\nslab,59,59,78.5,0.5\n"
                           "slab,84,84,111.7,0.4\n");
    expectError([&] { nt::readTypologies(typ, mix); }, ErrorCode::FileFormat,
                {"u.csv", "slab", "sum to 0.9"});
    mix = write("v.csv", head + "typology,unit_type,exclusive_m2,gross_m2,share\nblock,59,59,78.5,1\n");
    expectError([&] { nt::readTypologies(typ, mix); }, ErrorCode::FileFormat, {"v.csv", "line 4", "block"});
    const std::string bad = write(
        "w.csv",
        head +
            "id,kind,length_m,depth_m,storey_height_m,min_floors,max_floors,side_gap_m,min_row_spacing_m,"
            "lot_setback_m,apartment,windows_all_sides\nx,pyramid,60,14,2.9,5,35,10,10,3,yes,no\n");
    expectError([&] { nt::readTypologies(bad, mix); }, ErrorCode::FileFormat, {"w.csv", "line 4", "pyramid"});
    const std::string sun = write("s.csv", head + "key,value,unit\ncontinuous_window_start,9h,KST\n");
    expectError([&] { nt::readSunlightCriteria(sun); }, ErrorCode::FileFormat, {"s.csv", "line 4", "9h"});
    const std::string sun2 = write("s2.csv", head + "key,value,unit\nsunrise,06:00,KST\n");
    expectError([&] { nt::readSunlightCriteria(sun2); }, ErrorCode::FileFormat,
                {"s2.csv", "unknown key", "sunrise"});
    const std::string rates =
        write("r.csv", head + "use,daily_trip_ends_per_100m2,gfa_m2_per_job\nresidential,6.4,0\n");
    expectError([&] { nt::readLandUseRates(rates); }, ErrorCode::FileFormat, {"r.csv", "retail"});
    const std::string rules =
        write("b.csv", head + "key,value,unit,note\nnorth_setback_low_height_m,-1,m,\n");
    expectError([&] { nt::readBuildingRules(rules); }, ErrorCode::FileFormat, {"b.csv", "line 4", "-1"});
    const std::string quote = write("q.csv", head + "key,value\n\"north,1\n");
    expectError([&] { nt::readBuildingRules(quote); }, ErrorCode::FileFormat,
                {"q.csv", "line 4", "unterminated"});
}

TEST_F(TablesBad, DefaultsRatesAndTowns) {
    const auto& t = nt::test::seoulTables();
    std::string f = write("c.csv", head +
                                       "class_id,typology,residential_share,nonresidential_use\n"
                                       "general_residential_3,skyscraper,1,retail\n");
    expectError([&] { nt::readClassDefaults(f, t.decree, t.typologies); }, ErrorCode::FileFormat,
                {"c.csv", "line 4", "typology", "skyscraper"});
    f = write("d.csv", head +
                           "class_id,typology,residential_share,nonresidential_use\n"
                           "general_residential_3,slab,1,residential\n");
    expectError([&] { nt::readClassDefaults(f, t.decree, t.typologies); }, ErrorCode::FileFormat,
                {"d.csv", "nonresidential_use", "residential"});
    f = write("p.csv", head +
                           "key,value,unit,note\nwater_l_per_person_day,300,L,\nshare_elementary,1.5,-,\n"
                           "share_middle,0.02,-,\nshare_high,0.02,-,\n");
    expectError([&] { nt::readPerCapitaRates(f); }, ErrorCode::FileFormat,
                {"p.csv", "line 5", "1.5", "0..1"});
    f = write("t.csv",
              head + "name,area_ha,homes,population,far_pct,gross_density_per_ha\nIlsan,-5,1,1,0,1\n");
    expectError([&] { nt::readReferenceTowns(f); }, ErrorCode::FileFormat,
                {"t.csv", "line 4", "area_ha", "-5"});
}

#include "citytwin/core/scenario.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "citytwin/core/error.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {
class ScenarioFile : public citytwin::test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        write("dem.tif", "x");
        write("tiles/a.hgt", "x");
        write("tiles/b.hgt", "x");
        write("city.gpkg", "x");
    }
    Scenario parse(const std::string& body) { return loadScenario(write("s.json", body)); }
};
}  // namespace

TEST_F(ScenarioFile, FullScenarioParses) {
    const Scenario s = parse(R"({
      "citytwin_scenario": 1, "name": "n", "description": "d", "crs": "EPSG:5186",
      "extent": [1, 2, 3, 4], "extent_crs": "EPSG:5186", "resolution": 2.5,
      "height_rules": {"storey_height_m": 3.3, "default_height_m": 6},
      "terrain": {"files": ["tiles/*.hgt"], "resampling": "cubic", "crs": "EPSG:4326"},
      "buildings": [{"file": "city.gpkg", "layer": "b", "where": "x > 1", "height_field": "h", "levels_field": "l",
                     "storey_height_m": 2.9, "default_height_m": 5}, "city.gpkg"],
      "roads": {"file": "city.gpkg", "layer": "r"},
      "layers": {"landuse": {"file": "dem.tif", "kind": "raster", "unit": "class"}},
      "simulators": {"flood": {"rain_mm_per_h": 100}}
    })");
    EXPECT_EQ(s.name, "n");
    EXPECT_EQ(s.crs, "EPSG:5186");
    ASSERT_TRUE(s.extent.has_value());
    EXPECT_EQ(s.extent->maxY, 4.0);
    EXPECT_EQ(s.resolution, 2.5);
    EXPECT_DOUBLE_EQ(s.heightRules.storeyHeightM, 3.3);
    ASSERT_TRUE(s.terrain.has_value());
    ASSERT_EQ(s.terrain->files.size(), 2u);  // glob expanded, sorted
    EXPECT_NE(s.terrain->files[0].find("a.hgt"), std::string::npos);
    EXPECT_TRUE(std::filesystem::path(s.terrain->files[0]).is_absolute());
    EXPECT_EQ(s.buildings.size(), 2u);
    EXPECT_EQ(s.buildings[0].heightField, "h");
    EXPECT_EQ(*s.buildings[0].storeyHeightM, 2.9);
    EXPECT_EQ(s.roads.size(), 1u);
    ASSERT_EQ(s.layers.size(), 1u);
    EXPECT_EQ(s.layers[0].name, "landuse");
    EXPECT_EQ(s.simulators.at("flood"), R"({"rain_mm_per_h":100})");
}

TEST_F(ScenarioFile, SaveAndReloadRoundTrips) {
    const Scenario s = parse(R"({"citytwin_scenario": 1, "name": "x", "terrain": "dem.tif",
                                 "buildings": {"file": "city.gpkg", "layer": "b"}})");
    std::filesystem::create_directories(path("copy"));
    saveScenario(s, path("copy/s2.json"));
    const Scenario t = loadScenario(path("copy/s2.json"));
    EXPECT_EQ(t.name, "x");
    EXPECT_EQ(std::filesystem::canonical(t.terrain->files[0]),
              std::filesystem::canonical(s.terrain->files[0]));
    EXPECT_EQ(t.buildings[0].layer, "b");
    EXPECT_EQ(t.buildings[0].written[0], "../city.gpkg");
}

TEST_F(ScenarioFile, UnknownKeysAreErrorsNamingTheKey) {
    expectError([&] { parse(R"({"citytwin_scenario": 1, "terain": "dem.tif"})"); }, ErrorCode::Scenario,
                {"s.json", "'terain'", "unknown key"});
    expectError(
        [&] {
            parse(R"({"citytwin_scenario": 1, "buildings": [{"file": "city.gpkg", "hieght_field": "h"}]})");
        },
        ErrorCode::Scenario, {"'buildings[0].hieght_field'", "unknown key"});
}

TEST_F(ScenarioFile, WrongTypesAndRangesAreErrorsNamingTheKey) {
    expectError([&] { parse(R"({"citytwin_scenario": 1, "resolution": "fine"})"); }, ErrorCode::Scenario,
                {"'resolution'", "expected a number", "a string"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "resolution": -1})"); }, ErrorCode::Scenario,
                {"'resolution'", "out of range"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "extent": [3, 2, 1, 4]})"); }, ErrorCode::Scenario,
                {"'extent'", "min_x"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "buildings": {"file": 42}})"); }, ErrorCode::Scenario,
                {"'buildings.file'", "expected a string"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "layers": {"land.use": "dem.tif"}})"); },
                ErrorCode::Scenario, {"'layers.land.use'", "not a layer name", "'.'"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "layers": {" zones": "dem.tif"}})"); },
                ErrorCode::Scenario, {"'layers. zones'", "blank"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "layers": {"a/b": "dem.tif"}})"); },
                ErrorCode::Scenario, {"'layers.a/b'", "'/'"});
    expectError(
        [&] {
            parse(
                R"({"citytwin_scenario": 1, "layers": {"z": {"file": "city.gpkg", "encoding": "KLINGON-8"}}})");
        },
        ErrorCode::Scenario, {"'layers.z.encoding'", "unknown text encoding", "KLINGON-8"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "simulators": {"flood": 3}})"); },
                ErrorCode::Scenario, {"'simulators.flood'"});
}

TEST_F(ScenarioFile, LayerNamesInAnyScriptAndEncodingsRoundTrip) {
    // Korean planners name layers in Korean (우수관측점: rainfall gauges); names with blanks and other
    // scripts are as good. The names come back byte for byte, and through a save and a reload.
    const Scenario s = parse(R"({"citytwin_scenario": 1,
      "layers": {"우수관측점": {"file": "city.gpkg", "encoding": "CP949"}, "Land Use": "dem.tif",
                 "zone_été": "dem.tif", "区域": "dem.tif"}})");
    ASSERT_EQ(s.layers.size(), 4u);
    std::vector<std::string> names;
    for (const DatasetSpec& d : s.layers)
        names.push_back(d.name);
    EXPECT_NE(std::find(names.begin(), names.end(), "우수관측점"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "Land Use"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "区域"), names.end());
    for (const DatasetSpec& d : s.layers)
        if (d.name == "우수관측점") {
            EXPECT_EQ(d.key, "layers.우수관측점");
            EXPECT_EQ(d.encoding, "CP949");
        }
    saveScenario(s, path("again.json"));
    const Scenario t = loadScenario(path("again.json"));
    ASSERT_EQ(t.layers.size(), 4u);
    bool found = false;
    for (const DatasetSpec& d : t.layers)
        if (d.name == "우수관측점") {
            found = true;
            EXPECT_EQ(d.encoding, "CP949");
        }
    EXPECT_TRUE(found);
    std::string why;
    EXPECT_TRUE(isValidLayerName("우수관측점", &why)) << why;
    EXPECT_FALSE(isValidLayerName(std::string("a\x01") + "b", &why));
    EXPECT_NE(why.find("control"), std::string::npos);
    EXPECT_FALSE(isValidLayerName(std::string("\xC0\xAF"), &why));  // an overlong '/', not UTF-8
    EXPECT_FALSE(isValidLayerName(std::string(65, 'a'), &why));
    EXPECT_TRUE(isValidLayerName(std::string(64, 'a')));
}

TEST_F(ScenarioFile, MissingFilesNameTheFileAndKey) {
    expectError([&] { parse(R"({"citytwin_scenario": 1, "terrain": "dme.tif"})"); }, ErrorCode::FileNotFound,
                {"dme.tif", "'terrain'"});
    expectError(
        [&] { parse(R"({"citytwin_scenario": 1, "terrain": {"files": ["dem.tif", "tiles/*.asc"]}})"); },
        ErrorCode::FileNotFound, {"tiles/*.asc", "terrain.files[1]", "no file matches"});
    expectError([&] { loadScenario(path("absent.json")); }, ErrorCode::FileNotFound, {"absent.json"});
}

TEST_F(ScenarioFile, MalformedJsonAndVersion) {
    expectError([&] { parse("{\"citytwin_scenario\": 1,\n \"name\": }"); }, ErrorCode::Scenario,
                {"s.json", "not valid JSON", "line 2"});
    expectError([&] { parse(R"({"name": "x"})"); }, ErrorCode::Scenario, {"'citytwin_scenario'", "missing"});
    expectError([&] { parse(R"({"citytwin_scenario": 7})"); }, ErrorCode::Scenario,
                {"version 7", "not supported"});
    expectError([&] { parse(R"([1, 2])"); }, ErrorCode::Scenario, {"expected an object"});
}

TEST_F(ScenarioFile, DataFileScenarios) {
    EXPECT_TRUE(
        scenarioForDataFile(citytwin::test::sharedData("city/seoul_terrain/seoul_dem_epsg5186_nodata.tif"))
            .terrain.has_value());
    const Scenario osm = scenarioForDataFile(citytwin::test::sharedData("city/seoul_dongjak_osm/cauH.osm"));
    EXPECT_EQ(osm.buildings.size(), 1u);
    EXPECT_EQ(osm.roads.size(), 1u);
    const Scenario gpkg =
        scenarioForDataFile(citytwin::test::sharedData("city/seoul_dongjak_osm/cauH_buildings_roads.gpkg"));
    ASSERT_EQ(gpkg.buildings.size(), 1u);
    EXPECT_EQ(gpkg.buildings[0].layer, "buildings");
    EXPECT_EQ(gpkg.roads[0].layer, "roads");
    const Scenario cj = scenarioForDataFile(
        citytwin::test::sharedData("city/capetown_walmer_estate/citjsnClean_uEstate10m.json"));
    EXPECT_TRUE(cj.terrain.has_value());
    EXPECT_EQ(cj.buildings.size(), 1u);
    expectError([&] { scenarioForDataFile(write("junk.bin", "\x01\x02 junk")); }, ErrorCode::FileFormat,
                {"junk.bin"});
}

TEST_F(ScenarioFile, HostileJsonIsRefusedCleanly) {
    // Found by fuzzing (reliability issue): each was read wrongly or crashed.
    expectError([&] { parse(R"({"citytwin_scenario": 4294967297})"); }, ErrorCode::Scenario,
                {"citytwin_scenario", "4294967297", "not supported"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "resolution": 5, "resolution": 50})"); },
                ErrorCode::Scenario, {"s.json", "\"resolution\" is given twice"});
    expectError([&] { parse(R"({"citytwin_scenario": 1, "layers": {"a": {"file": "dem.tif", "file": "x.tif"}}})"); },
                ErrorCode::Scenario, {"layers.a.file", "given twice"});
    expectError([&] { parse("{\"citytwin_scenario\": 1,\n \"resolution\": 1e999}"); }, ErrorCode::Scenario,
                {"s.json", "resolution", "out of range"});
    // 100,000 levels deep overflowed the stack.
    std::string deep = R"({"citytwin_scenario": 1, "simulators": {"flood": )";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}}";
    expectError([&] { parse(deep); }, ErrorCode::Scenario, {"s.json", "nested more than 100 levels"});
}

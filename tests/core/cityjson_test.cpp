#include "citytwin/core/cityjson.h"

#include <gtest/gtest.h>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {

// Two LoD1 boxes (one with a BuildingPart), one LoD2 building with semantics, and a two-triangle TIN.
// Vertices use "transform" (scale 0.01, translate) as CityJSON 1.1 requires.
const char* kCity = R"({
  "type": "CityJSON", "version": "1.1",
  "transform": {"scale": [0.01, 0.01, 0.01], "translate": [264000, 6241000, 50]},
  "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/32734"},
  "CityObjects": {
    "b1": {"type": "Building", "attributes": {"osm_building:levels": "2", "name": "box", "measuredHeight": 9.9},
           "geometry": [{"type": "Solid", "lod": "1",
             "boundaries": [[[[0,3,2,1]], [[4,5,6,7]], [[0,1,5,4]], [[1,2,6,5]], [[2,3,7,6]], [[3,0,4,7]]]]}]},
    "b2": {"type": "Building", "attributes": {"name": "parent", "usage": "office"}, "children": ["b2p"]},
    "b2p": {"type": "BuildingPart", "parents": ["b2"], "attributes": {"name": "part"},
            "geometry": [{"type": "MultiSurface", "lod": 1,
              "boundaries": [[[8,11,10,9]], [[12,13,14,15]]]}]},
    "b3": {"type": "Building",
           "geometry": [{"type": "MultiSurface", "lod": "2.2",
             "boundaries": [[[16,17,18,19]], [[20,21,22,23]]],
             "semantics": {"surfaces": [{"type": "GroundSurface"}, {"type": "RoofSurface"}], "values": [0, 1]}}]},
    "t": {"type": "TINRelief", "geometry": [{"type": "CompositeSurface", "lod": 1,
           "boundaries": [[[24,25,26]], [[24,26,27]]]}]},
    "tree": {"type": "SolitaryVegetationObject"}
  },
  "vertices": [
    [0,0,0],[1000,0,0],[1000,1000,0],[0,1000,0],[0,0,600],[1000,0,600],[1000,1000,600],[0,1000,600],
    [2000,0,100],[3000,0,100],[3000,500,100],[2000,500,100],[2000,0,1300],[3000,0,1300],[3000,500,1300],[2000,500,1300],
    [5000,0,0],[6000,0,0],[6000,800,0],[5000,800,0],[5000,0,900],[6000,0,900],[6000,800,1200],[5000,800,1200],
    [-1000,-1000,0],[8000,-1000,0],[8000,2000,300],[-1000,2000,300]
  ]
})";

class CityJson : public citytwin::test::TempDirTest {};

}  // namespace

TEST_F(CityJson, ReadsFootprintsHeightsAndGround) {
    const CityJsonReadResult r = readCityJson(write("c.json", kCity));
    EXPECT_EQ(r.version, "1.1");
    EXPECT_EQ(r.layer.crs.epsg(), 32734);
    EXPECT_EQ(r.cityObjects, 6u);
    ASSERT_EQ(r.layer.features.size(), 3u);
    EXPECT_EQ(r.buildingsWithoutGeometry, 0u);  // b2 has a part with geometry

    // b1: a 10 m x 10 m box, 6 m tall, on z = 50 m.
    EXPECT_EQ(toText(r.layer.value(0, "cityjson_id")), "b1");
    EXPECT_NEAR(area(r.layer.features[0].polygons), 100.0, 1e-6);
    EXPECT_NEAR(r.heightM[0], 6.0, 1e-9);
    EXPECT_NEAR(r.groundM[0], 50.0, 1e-9);
    EXPECT_EQ(toText(r.layer.value(0, "osm_building:levels")), "2");
    EXPECT_DOUBLE_EQ(toNumber(r.layer.value(0, "measuredHeight")), 9.9);
    EXPECT_EQ(toText(r.layer.value(0, "lod")), "1");

    // The part inherits its parent's attributes; its own win.
    EXPECT_EQ(toText(r.layer.value(1, "cityjson_type")), "BuildingPart");
    EXPECT_EQ(toText(r.layer.value(1, "name")), "part");
    EXPECT_EQ(toText(r.layer.value(1, "usage")), "office");
    EXPECT_NEAR(r.heightM[1], 12.0, 1e-9);
    EXPECT_NEAR(area(r.layer.features[1].polygons), 50.0, 1e-6);

    // LoD2 with semantics: the GroundSurface is the footprint; height up to the highest roof point.
    EXPECT_NEAR(area(r.layer.features[2].polygons), 80.0, 1e-6);
    EXPECT_NEAR(r.heightM[2], 12.0, 1e-9);

    ASSERT_EQ(r.terrainTriangles.size(), 2u);
    EXPECT_DOUBLE_EQ(r.terrainTriangles[0][0], 264000.0 - 10.0);
}

TEST_F(CityJson, DetectsCityJson) {
    EXPECT_TRUE(looksLikeCityJson(write("c.json", kCity)));
    EXPECT_FALSE(looksLikeCityJson(write("g.json", R"({"type": "FeatureCollection", "features": []})")));
}

TEST_F(CityJson, ErrorsNameTheFileAndObject) {
    expectError([&] { readCityJson(path("absent.json")); }, ErrorCode::FileNotFound, {"absent.json"});
    expectError([&] { readCityJson(write("bad.json", "{\"type\": \"CityJSON\", ")); }, ErrorCode::FileFormat,
                {"bad.json", "not valid JSON"});
    expectError([&] { readCityJson(write("geo.json", R"({"type": "FeatureCollection"})")); },
                ErrorCode::FileFormat, {"geo.json", "not a CityJSON"});
    std::string badIndex = kCity;
    badIndex.replace(badIndex.find("[[0,3,2,1]]"), 11, "[[0,3,2,99]]");
    expectError([&] { readCityJson(write("idx.json", badIndex)); }, ErrorCode::FileFormat,
                {"idx.json", "'b1'", "vertex index 99"});
    std::string noCrs = kCity;
    noCrs.replace(noCrs.find("\"metadata\""), 10, "\"metadata_\"");
    expectError([&] { readCityJson(write("nocrs.json", noCrs)); }, ErrorCode::Crs,
                {"nocrs.json", "referenceSystem"});
    EXPECT_EQ(readCityJson(path("nocrs.json"), "EPSG:32734").layer.features.size(), 3u);
}

TEST_F(CityJson, HostileDocumentsAreRefusedCleanly) {
    // Found by fuzzing (reliability issue): a stack overflow, "internal error: number overflow", "internal error:
    // stoi".
    std::string deep = R"({"type": "CityJSON", "version": "1.1", "CityObjects": {"a": {"attributes": {"x": )";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}}}, \"vertices\": []}";
    expectError([&] { readCityJson(write("deep.json", deep)); }, ErrorCode::FileFormat, {"deep.json", "nested"});
    std::string huge = kCity;
    huge.replace(huge.find("[0,0,0]"), 7, "[0,1e999,0]");
    expectError([&] { readCityJson(write("huge.json", huge)); }, ErrorCode::FileFormat, {"huge.json", "out of range"});
    std::string code = kCity;
    code.replace(code.find("https://www.opengis.net/def/crs/EPSG/0/32734"), 44, "EPSG:99999999999999999999");
    expectError([&] { readCityJson(write("code.json", code)); }, ErrorCode::Crs,
                {"code.json", "is not an EPSG code"});
}

TEST_F(CityJson, ATinVertexFarFromTheRestIsDroppedNotATerrain263KmWide) {
    // One TIN vertex 263 km away once built a terrain of 163 M mostly empty cells. A 10 x 10 grid of small
    // triangles plus one triangle reaching out: the terrain keeps the extent of the bulk.
    std::string verts, tris;
    for (int j = 0; j <= 10; ++j)
        for (int i = 0; i <= 10; ++i)
            verts += std::string(verts.empty() ? "" : ",") + "[" + std::to_string(i * 1000) + "," + std::to_string(j * 1000) + ",0]";
    verts += ",[26300000,0,0]";  // 263 km east (scale 0.01)
    for (int j = 0; j < 10; ++j)
        for (int i = 0; i < 10; ++i) {
            const int a = j * 11 + i;
            tris += std::string(tris.empty() ? "" : ",") + "[[" + std::to_string(a) + "," + std::to_string(a + 1) + "," +
                    std::to_string(a + 12) + "]]";
        }
    tris += ",[[10,121,21]]";
    const std::string doc = R"({"type": "CityJSON", "version": "1.1",
      "transform": {"scale": [0.01, 0.01, 0.01], "translate": [264000, 6241000, 50]},
      "metadata": {"referenceSystem": "EPSG:32734"},
      "CityObjects": {"t": {"type": "TINRelief", "geometry": [{"type": "CompositeSurface", "lod": 1,
        "boundaries": [)" + tris + R"(]}]}},
      "vertices": [)" + verts + "]}";
    const std::string file = write("tin.json", doc);
    const CityModel m = buildCityModel(loadScenario(write(
        "s.json", R"({"citytwin_scenario": 1, "resolution": 1, "terrain": "tin.json"})")));
    ASSERT_TRUE(m.hasTerrain());
    EXPECT_LT(m.terrain.width(), 200);  // 100 m of TIN at 1 m, not 263 km
    bool reported = false;
    for (const ImportMessage& msg : m.report.messages)
        reported = reported || msg.text.find("TIN triangles with vertices far outside") != std::string::npos;
    EXPECT_TRUE(reported);
}

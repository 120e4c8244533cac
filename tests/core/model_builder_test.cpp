#include "citytwin/core/model_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/core/model_summary.h"
#include "citytwin/core/raster_io.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {

constexpr double X0 = 200000.0, Y0 = 550000.0;  // south-west corner of the test DEM in EPSG:5186

class ModelBuilder : public citytwin::test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        // 200 m x 200 m at 1 m, a plane rising 1 m per 100 m eastwards from 10 m.
        Raster dem(200, 200, GeoTransform{X0, Y0 + 200.0, 1.0, 1.0}, Crs::fromEpsg(5186));
        for (int r = 0; r < 200; ++r)
            for (int c = 0; c < 200; ++c)
                dem.at(c, r) = static_cast<float>(10.0 + 0.01 * (c + 0.5));
        RasterWriteOptions o;
        o.cloudOptimized = false;
        writeRaster(dem, path("dem.tif"), o);
    }

    /// GeoJSON polygon ring in lon/lat from EPSG:5186 offsets (dx, dy) relative to (X0, Y0).
    std::string ring(std::initializer_list<std::pair<double, double>> pts) {
        CoordinateTransformer t(Crs::fromEpsg(5186), Crs::fromEpsg(4326));
        std::ostringstream o;
        o.precision(12);
        o << "[[";
        bool first = true;
        for (const auto& [dx, dy] : pts) {
            const Point p = t.transform(Point{X0 + dx, Y0 + dy});
            o << (first ? "" : ",") << "[" << p.x << "," << p.y << "]";
            first = false;
        }
        o << "]]";
        return o.str();
    }
    std::string square(double x, double y, double s) {
        return ring({{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}});
    }
    std::string feature(const std::string& props, const std::string& coords) {
        return R"({"type":"Feature","properties":{)" + props +
               R"(},"geometry":{"type":"Polygon","coordinates":)" + coords + "}}";
    }
    std::string buildings() {
        return R"({"type":"FeatureCollection","features":[)" +
               feature(R"("id":"tall","height":"20")", square(50, 50, 10)) + "," +
               feature(R"("id":"levels","building:levels":"3")", square(100, 50, 10)) + "," +
               feature(R"("id":"none")", square(150, 50, 10)) + "," +
               feature(R"("id":"dup","height":"20")", square(50, 50, 10)) + "," +
               feature(R"("id":"bowtie")", ring({{50, 100}, {60, 110}, {60, 100}, {50, 110}, {50, 100}})) +
               "," + feature(R"("id":"far")", square(5000, 5000, 10)) + "]}";
    }
    std::string roads() {
        CoordinateTransformer t(Crs::fromEpsg(5186), Crs::fromEpsg(4326));
        const Point a = t.transform(Point{X0 + 10, Y0 + 150}), b = t.transform(Point{X0 + 190, Y0 + 150});
        const Point c = t.transform(Point{X0 + 100, Y0 + 10}), d = t.transform(Point{X0 + 100, Y0 + 400});
        char buf[1024];
        std::snprintf(buf, sizeof buf,
                      R"({"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"highway":"primary","oneway":"-1","lanes":"3","maxspeed":"50"},
           "geometry":{"type":"LineString","coordinates":[[%.12f,%.12f],[%.12f,%.12f]]}},
          {"type":"Feature","properties":{"highway":"residential"},
           "geometry":{"type":"LineString","coordinates":[[%.12f,%.12f],[%.12f,%.12f]]}}]})",
                      a.x, a.y, b.x, b.y, c.x, c.y, d.x, d.y);
        return buf;
    }
    Scenario scenario(const std::string& extra = "") {
        write("b.geojson", buildings());
        write("r.geojson", roads());
        return loadScenario(write("s.json", R"({"citytwin_scenario": 1, "terrain": "dem.tif",
            "buildings": "b.geojson", "roads": "r.geojson")" +
                                                extra + "}"));
    }
};

const Building* byId(const CityModel& m, const std::string& id) {
    for (const Building& b : m.buildings)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace

TEST_F(ModelBuilder, BuildsReprojectsAndReports) {
    const CityModel m = buildCityModel(scenario());
    EXPECT_EQ(m.crs.epsg(), 5186);
    EXPECT_NE(m.crsReason.find("South Korea"), std::string::npos);
    ASSERT_TRUE(m.hasTerrain());
    EXPECT_EQ(m.terrain.width(), 200);

    // 6 read: the duplicate is dropped; 'far' is kept (no extent) but lies off the terrain.
    EXPECT_EQ(m.buildings.size(), 5u);
    EXPECT_EQ(m.report.repairs.duplicates, 1u);
    EXPECT_EQ(m.report.repairs.repaired, 1u);  // the bow-tie
    const Building* tall = byId(m, "tall");
    ASSERT_NE(tall, nullptr);
    EXPECT_EQ(tall->heightSource, HeightSource::HeightAttribute);
    EXPECT_DOUBLE_EQ(tall->heightM, 20.0);
    // Footprint back in EPSG:5186 to the millimetre, and the base is the lowest terrain under it (west side).
    EXPECT_NEAR(bounds(tall->footprint).minX, X0 + 50, 0.001);
    EXPECT_NEAR(bounds(tall->footprint).maxY, Y0 + 60, 0.001);
    EXPECT_NEAR(area(tall->footprint), 100.0, 0.01);
    EXPECT_EQ(tall->baseSource, BaseSource::Terrain);
    EXPECT_NEAR(tall->baseM, 10.0 + 0.01 * 50, 0.006);
    EXPECT_EQ(byId(m, "levels")->heightSource, HeightSource::Levels);
    EXPECT_DOUBLE_EQ(byId(m, "levels")->heightM, 9.0);
    EXPECT_EQ(byId(m, "none")->heightSource, HeightSource::Default);
    ASSERT_NE(byId(m, "bowtie"), nullptr);
    EXPECT_NEAR(area(byId(m, "bowtie")->footprint), 50.0, 0.01);
    EXPECT_EQ(byId(m, "far")->baseSource, BaseSource::None);
    EXPECT_EQ(m.report.heights.fromAttribute, 1u);
    EXPECT_EQ(m.report.heights.fromLevels, 1u);
    EXPECT_EQ(m.report.heights.fromDefault, 3u);
    EXPECT_EQ(m.report.bases.unknown, 1u);

    // Roads: oneway=-1 is stored reversed as a forward one-way; defaults fill what is missing.
    ASSERT_EQ(m.roads.size(), 2u);
    const Road& primary = m.roads[0].roadClass == "primary" ? m.roads[0] : m.roads[1];
    const Road& residential = m.roads[0].roadClass == "primary" ? m.roads[1] : m.roads[0];
    EXPECT_EQ(primary.oneway, Oneway::Forward);
    EXPECT_GT(primary.line.front().x, primary.line.back().x);
    EXPECT_EQ(primary.lanes, 3);
    EXPECT_DOUBLE_EQ(primary.speedKmh, 50.0);
    EXPECT_FALSE(primary.lanesDefaulted);
    EXPECT_EQ(residential.lanes, 2);
    EXPECT_DOUBLE_EQ(residential.speedKmh, 30.0);
    EXPECT_TRUE(residential.speedDefaulted);
    EXPECT_NEAR(length(primary.line), 180.0, 0.01);

    const std::string text = formatModelReport(m);
    EXPECT_NE(text.find("Buildings:   5"), std::string::npos) << text;
    EXPECT_NE(text.find("1 footprint self-intersecting"), std::string::npos) << text;
    EXPECT_NE(text.find("1 duplicate footprint dropped"), std::string::npos) << text;
    EXPECT_NE(text.find("lie outside the terrain"), std::string::npos) << text;
    EXPECT_NE(text.find("primary"), std::string::npos) << text;
}

TEST_F(ModelBuilder, ExtentClipsEverything) {
    const CityModel m = buildCityModel(scenario(R"(, "extent": [200040, 550040, 200120, 550200])"));
    EXPECT_EQ(m.terrain.width(), 80);
    EXPECT_EQ(m.terrain.height(), 160);
    EXPECT_EQ(m.buildings.size(), 3u);  // tall, levels, bowtie
    EXPECT_EQ(m.report.repairs.outsideExtent, 2u);
    // The residential road is cut at the extent's top edge; the primary at its west and east edges.
    for (const Road& r : m.roads)
        for (const Point& p : r.line)
            EXPECT_TRUE(m.extent.contains(p)) << p.x << "," << p.y;
    const Road& primary = m.roads[0].roadClass == "primary" ? m.roads[0] : m.roads[1];
    EXPECT_NEAR(length(primary.line), 80.0, 0.01);
}

TEST_F(ModelBuilder, ProjectCrsFromTheScenario) {
    const CityModel m = buildCityModel(scenario(R"(, "crs": "EPSG:5179", "resolution": 2)"));
    EXPECT_EQ(m.crs.epsg(), 5179);
    EXPECT_EQ(m.crsReason, "set in the scenario");
    EXPECT_NEAR(m.terrain.geoTransform().cellWidth, 2.0, 1e-12);
    EXPECT_NEAR(byId(m, "tall")->heightM, 20.0, 1e-12);
    EXPECT_NEAR(area(byId(m, "tall")->footprint), 100.0, 0.1);  // EPSG:5179 has a different scale factor
}

TEST_F(ModelBuilder, BadCrsInScenario) {
    expectError([&] { buildCityModel(scenario(R"(, "crs": "EPSG:123456789")")); }, ErrorCode::Crs,
                {"'crs'", "EPSG:123456789"});
    expectError([&] { buildCityModel(scenario(R"(, "crs": "EPSG:4326")")); }, ErrorCode::Crs,
                {"'crs'", "not a projected CRS in metres"});
}

TEST_F(ModelBuilder, TerrainThatMissesTheBuildingsIsAnError) {
    write("b.geojson", R"({"type":"FeatureCollection","features":[)" +
                           feature(R"("id":"away")", square(5000, 5000, 10)) + "]}");
    const Scenario s = loadScenario(write("s2.json", R"({"citytwin_scenario": 1, "terrain": "dem.tif",
        "buildings": "b.geojson"})"));
    expectError([&] { buildCityModel(s); }, ErrorCode::Data,
                {"s2.json", "dem.tif", "does not overlap the buildings", "terrain covers"});
}

TEST_F(ModelBuilder, EmptyLayerIsAnError) {
    write("e.geojson", R"({"type":"FeatureCollection","features":[]})");
    const Scenario s =
        loadScenario(write("s2.json", R"({"citytwin_scenario": 1, "buildings": "e.geojson"})"));
    expectError([&] { buildCityModel(s); }, ErrorCode::Data, {"e.geojson", "empty"});
    write("b.geojson", buildings());
    const Scenario f = loadScenario(write(
        "s3.json", R"({"citytwin_scenario": 1, "buildings": {"file": "b.geojson", "where": "id = 'zzz'"}})"));
    expectError([&] { buildCityModel(f); }, ErrorCode::Data, {"b.geojson", "empty", "id = 'zzz'"});
}

TEST_F(ModelBuilder, NoHeightAttributesIsAWarning) {
    write("b.geojson", R"({"type":"FeatureCollection","features":[)" +
                           feature(R"("name":"x")", square(50, 50, 10)) + "," +
                           feature(R"("name":"y")", square(80, 50, 10)) + "]}");
    const Scenario s = loadScenario(
        write("s2.json",
              R"({"citytwin_scenario": 1, "buildings": {"file": "b.geojson", "default_height_m": 6.5}})"));
    const CityModel m = buildCityModel(s);
    EXPECT_EQ(m.report.heights.fromDefault, 2u);
    bool found = false;
    for (const ImportMessage& msg : m.report.messages)
        if (msg.text.find("no height or floor-count attribute") != std::string::npos &&
            msg.text.find("all 2 buildings get the default height 6.5 m") != std::string::npos)
            found = msg.severity == ImportMessage::Severity::Warning;
    EXPECT_TRUE(found) << formatModelReport(m);
}

TEST_F(ModelBuilder, ExplicitHeightFieldThatDoesNotExist) {
    write("b.geojson", buildings());
    const Scenario s = loadScenario(
        write("s2.json",
              R"({"citytwin_scenario": 1, "buildings": {"file": "b.geojson", "height_field": "roof"}})"));
    expectError([&] { buildCityModel(s); }, ErrorCode::Data, {"b.geojson", "roof", "buildings.height_field"});
}

TEST_F(ModelBuilder, ProgressCanCancel) {
    BuildOptions o;
    int calls = 0;
    o.progress = [&](double, const std::string&) { return ++calls < 3; };
    expectError([&] { buildCityModel(scenario(), o); }, ErrorCode::Cancelled, {"cancelled"});
}

TEST_F(ModelBuilder, ScenarioWithoutDataIsAnErrorUnlessItGivesACrs) {
    const Scenario s = loadScenario(write("s2.json", R"({"citytwin_scenario": 1, "name": "empty"})"));
    expectError([&] { buildCityModel(s); }, ErrorCode::Scenario, {"no datasets", "\"crs\""});
    // With a CRS alone: an empty model there, for simulators that bring their own data (a TNTP network).
    const Scenario c = loadScenario(
        write("s3.json", R"({"citytwin_scenario": 1, "name": "network only", "crs": "EPSG:5186"})"));
    const CityModel m = buildCityModel(c);
    EXPECT_EQ(m.crs.epsg(), 5186);
    EXPECT_TRUE(m.buildings.empty());
    EXPECT_TRUE(m.roads.empty());
    EXPECT_FALSE(m.hasTerrain());
    EXPECT_EQ(m.name, "network only");
    // A geographic CRS is refused as for any model.
    const Scenario g =
        loadScenario(write("s4.json", R"({"citytwin_scenario": 1, "name": "lon/lat", "crs": "EPSG:4326"})"));
    expectError([&] { buildCityModel(g); }, ErrorCode::Crs, {"projected"});
}

TEST_F(ModelBuilder, ExtraRasterLayerIsAlignedWithTheTerrain) {
    Raster lu(20, 20, GeoTransform{X0, Y0 + 200.0, 10.0, 10.0}, Crs::fromEpsg(5186));
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 20; ++c)
            lu.at(c, r) = static_cast<float>(c < 10 ? 1 : 2);
    RasterWriteOptions o;
    o.cloudOptimized = false;
    writeRaster(lu, path("landuse.tif"), o);
    const CityModel m =
        buildCityModel(scenario(R"(, "layers": {"landuse": {"file": "landuse.tif", "unit": "class"}})"));
    const Raster& l = m.rasters.at("landuse");
    EXPECT_TRUE(l.sameGrid(m.terrain));
    EXPECT_EQ(l.at(10, 10), 1.0f);
    EXPECT_EQ(l.at(150, 10), 2.0f);  // nearest neighbour: classes stay classes
    EXPECT_EQ(l.unit, "class");
}

TEST_F(ModelBuilder, FootprintsThatMakeNoGeometricSenseAreDroppedAndCounted) {
    // Found by fuzzing (reliability issue): a vertex at x = 1.8e19 m was counted as "repaired" and kept (and
    // overflowed Boost's determinant on the way).
    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"ok"},"geometry":{"type":"Polygon","coordinates":[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}},
      {"type":"Feature","properties":{"id":"huge"},"geometry":{"type":"Polygon","coordinates":[[[%.3f,%.3f],[1.8e19,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}},
      {"type":"Feature","properties":{"id":"spread"},"geometry":{"type":"Polygon","coordinates":[[[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f],[%.3f,%.3f]]]}}]})",
                  X0 + 10, Y0 + 10, X0 + 20, Y0 + 10, X0 + 20, Y0 + 20, X0 + 10, Y0 + 10,  //
                  X0 + 30, Y0 + 30, Y0 + 30, X0 + 40, Y0 + 40, X0 + 30, Y0 + 30,           //
                  X0 + 50, Y0 + 50, X0 + 50000, Y0 + 50, X0 + 50, Y0 + 60, X0 + 50, Y0 + 50);
    write("odd.geojson", buf);
    const CityModel m = buildCityModel(loadScenario(write(
        "odd.json", R"({"citytwin_scenario": 1, "crs": "EPSG:5186", "buildings": {"file": "odd.geojson", "crs": "EPSG:5186"}})")));
    ASSERT_EQ(m.buildings.size(), 1u);
    EXPECT_EQ(m.buildings[0].id, "ok");
    EXPECT_EQ(m.report.repairs.outliers, 2u);
    EXPECT_EQ(m.report.repairs.repaired, 0u);
    bool reported = false;
    for (const ImportMessage& msg : m.report.messages)
        reported = reported || msg.text.find("2 footprints with coordinates beyond 1e8 m") != std::string::npos;
    EXPECT_TRUE(reported);
    EXPECT_LT(m.extent.width(), 100.0);
}

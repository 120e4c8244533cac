// Real-data tests on every dataset in ../shared/data/city: counts and height statistics as the files hold
// them (figures from each dataset's PROVENANCE.md, and from reading the files independently).

#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/model_summary.h"
#include "citytwin/core/raster_io.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;
using citytwin::test::sharedData;

namespace {

CityModel load(const std::string& file) {
    return buildCityModel(scenarioForDataFile(file));
}

class RealData : public citytwin::test::TempDirTest {};

}  // namespace

TEST(RealDataCity, SongpaOsmXml) {
    const CityModel m = load(sharedData("city/seoul_songpa_osm/asanH.osm"));
    EXPECT_EQ(m.crs.epsg(), 5186);
    // 1357 polygons tagged building (what GDAL's default OSM configuration reads), of which 4 are also
    // building:part; the file has 36 building:part ways, 20 of them building:part=roof (counted in the XML). The
    // parts stand for the 3 outlines that contain them; 18 roof pieces of Lotte World Tower's crown stand on other
    // parts and raise them; 6 parts lie entirely inside taller ones: 1357 - 4 - 3 + 36 - 18 - 6 = 1362.
    EXPECT_EQ(m.buildings.size(), 1362u);
    EXPECT_EQ(m.report.heights.fromAttribute, 652u);
    EXPECT_EQ(m.report.heights.fromLevels, 218u);
    EXPECT_EQ(m.report.heights.fromDefault, 492u);
    const ModelSummary s = summarise(m);
    // Lotte World Tower: its crown parts carry height=554.5 in the file (way 635073469).
    EXPECT_NEAR(s.buildingHeights.max, 554.5, 1e-9);
    EXPECT_NEAR(s.buildingHeights.min, 3.0, 1e-9);
    EXPECT_EQ(m.roads.size(), 356u);
    EXPECT_EQ(s.roadLengthByClass.count("residential"), 1u);
    EXPECT_GT(s.roadLengthByClass.at("residential"), s.roadLengthByClass.at("trunk"));
    // In EPSG:5186 the buildings span (207893.6, 545475.6)-(210505.1, 547774.1).
    const Box b = m.buildingExtent();
    EXPECT_NEAR(b.minX, 207893.6, 0.2);
    EXPECT_NEAR(b.maxY, 547774.1, 0.2);
}

TEST(RealDataCity, SongpaGeoPackageMatchesTheOsmFile) {
    // The GeoPackage was made from the OSM file with GDAL's default configuration, which reads no building:part
    // ways: it holds the 1357 building polygons, the OSM reader 1362 (see above), with the tower.
    const CityModel osm = load(sharedData("city/seoul_songpa_osm/asanH.osm"));
    const CityModel gpkg = load(sharedData("city/seoul_songpa_osm/asanH_buildings_roads.gpkg"));
    EXPECT_EQ(gpkg.buildings.size(), 1357u);
    EXPECT_EQ(osm.buildings.size(), gpkg.buildings.size() - 4 - 3 + 36 - 18 - 6);
    EXPECT_NEAR(summarise(gpkg).buildingHeights.max, 154.41, 1e-9);
    EXPECT_NEAR(summarise(osm).buildingHeights.max, 554.5, 1e-9);
    EXPECT_EQ(gpkg.roads.size(), osm.roads.size());
}

TEST(RealDataCity, DongjakHasFewHeights) {
    const CityModel m = load(sharedData("city/seoul_dongjak_osm/cauH.osm"));
    EXPECT_EQ(m.buildings.size(), 607u);
    EXPECT_EQ(m.report.heights.fromAttribute, 0u);
    EXPECT_EQ(m.report.heights.fromLevels, 68u);
    EXPECT_EQ(m.report.heights.fromDefault, 539u);
    const ModelSummary s = summarise(m);
    EXPECT_NEAR(s.buildingHeights.max, 25 * 3.0, 1e-9);  // 25 floors
    EXPECT_EQ(m.roads.size(), 136u);
    const CityModel g = load(sharedData("city/seoul_dongjak_osm/cauH_buildings_roads.gpkg"));
    EXPECT_EQ(g.buildings.size(), 607u);
    EXPECT_EQ(g.report.heights.fromLevels, 68u);
}

TEST(RealDataCity, NamyangjuNewTownFootprints) {
    const CityModel m = load(sharedData("city/namyangju_newtown_footprints/footprint-with-height.geojson"));
    EXPECT_EQ(m.crs.epsg(), 5186);
    EXPECT_EQ(m.buildings.size(), 177u);
    EXPECT_EQ(m.report.heights.fromAttribute, 140u);  // heights 8 to 100 m
    EXPECT_EQ(m.report.heights.invalidValues, 36u);   // height = 0
    EXPECT_EQ(m.report.heights.fromDefault, 37u);     // the 36 zeros and one null
    double maxAttr = 0, sum = 0;
    std::size_t n = 0;
    for (const Building& b : m.buildings)
        if (b.heightSource == HeightSource::HeightAttribute) {
            maxAttr = std::max(maxAttr, b.heightM);
            sum += b.heightM;
            ++n;
        }
    EXPECT_EQ(maxAttr, 100.0);
    EXPECT_NEAR(sum / n, 62.842857, 1e-5);
}

TEST(RealDataCity, CapeTownDemWithoutEpsgCode) {
    const Raster native = readRaster(sharedData("city/capetown_walmer_estate/LO19_050M_3318CD.tif"));
    EXPECT_EQ(native.width(), 641);
    EXPECT_EQ(native.height(), 1131);
    EXPECT_FALSE(native.crs().epsg().has_value());
    const RasterStats st = native.stats();
    EXPECT_EQ(st.noDataCount, 0u);
    EXPECT_NEAR(st.min, -15.73, 0.01);
    EXPECT_NEAR(st.max, 1106.42, 0.01);
    EXPECT_NEAR(st.mean, 60.5, 0.05);

    const CityModel m = load(sharedData("city/capetown_walmer_estate/LO19_050M_3318CD.tif"));
    EXPECT_EQ(m.crs.epsg(), 32734);
    // The sea at 18.34°E 33.95°S holds 0 m.
    CoordinateTransformer t(Crs::fromEpsg(4326), m.crs);
    EXPECT_NEAR(m.terrain.sampleBilinear(t.transform(Point{18.34, -33.95})), 0.0, 0.5);
    EXPECT_NEAR(m.terrain.stats().max, 1100.0, 15.0);  // Table Mountain, smoothed by resampling
}

TEST(RealDataCity, CapeTownCityJson) {
    const CityModel m = load(sharedData("city/capetown_walmer_estate/citjsnClean_uEstate10m.json"));
    EXPECT_EQ(m.crs.epsg(), 32734);
    EXPECT_EQ(m.buildings.size(), 305u);
    EXPECT_EQ(m.report.heights.fromGeometry, 305u);
    const ModelSummary s = summarise(m);
    EXPECT_NEAR(s.buildingHeights.min, 3.65, 1e-6);
    EXPECT_NEAR(s.buildingHeights.max, 14.34, 1e-6);
    EXPECT_NEAR(s.buildingHeights.mean, 6.6108525, 1e-6);
    EXPECT_TRUE(m.hasTerrain());  // rasterised TIN
    EXPECT_EQ(m.report.bases.fromTerrain, 305u);
}

TEST_F(RealData, CapeTownDemUnderCityJsonBuildings) {
    const std::string dir = sharedData("city/capetown_walmer_estate");
    const Scenario s = loadScenario(write("s.json", R"({"citytwin_scenario": 1,
        "terrain": ")" + dir + R"(/LO19_050M_3318CD.tif", "buildings": ")" +
                                                        dir + R"(/citjsnClean_uEstate10m.json",
        "extent": [263500, 6240800, 265600, 6242800], "resolution": 25})"));
    const CityModel m = buildCityModel(s);
    ASSERT_EQ(m.buildings.size(), 305u);
    EXPECT_EQ(m.report.bases.fromTerrain, 305u);
    // The 25 m DEM agrees with the buildings' own ground_height within a few metres (PROVENANCE: 0.2-2.6 m at
    // five corners); the base is the lowest DEM value under the footprint, so it sits a little lower on
    // slopes.
    const int gh = m.buildingFields.indexOf("ground_height");
    ASSERT_GE(gh, 0);
    double sumAbs = 0.0;
    for (const Building& b : m.buildings)
        sumAbs += std::abs(b.baseM - toNumber(b.attributes[gh]));
    EXPECT_LT(sumAbs / m.buildings.size(), 3.0);
}

TEST(RealDataCity, SeoulTerrain) {
    const Raster tagged = readRaster(sharedData("city/seoul_terrain/seoul_dem_epsg5186_nodata.tif"));
    EXPECT_EQ(tagged.width(), 385);
    EXPECT_EQ(tagged.height(), 316);
    EXPECT_EQ(tagged.stats().noDataCount, 770u);
    EXPECT_NEAR(tagged.stats().min, 1.054, 0.001);
    EXPECT_NEAR(tagged.stats().max, 745.366, 0.001);
    EXPECT_NEAR(tagged.stats().mean, 62.96, 0.01);

    // The original has no NoData tag: its -9999 fill is recognised as a sentinel. Its ESRI-style custom TM on
    // GRS80 has no EPSG code but gives the same coordinates as EPSG:5186, so the grid is kept as it is.
    const CityModel m = load(sharedData("city/seoul_terrain/seoul_dem.tif"));
    EXPECT_EQ(m.crs.epsg(), 5186);
    EXPECT_EQ(m.report.terrainSentinelCells, 770u);
    EXPECT_NEAR(m.terrain.stats().min, 1.054, 0.001);
    EXPECT_EQ(m.terrain.width(), 385);
    EXPECT_EQ(m.terrain.height(), 316);
    EXPECT_DOUBLE_EQ(m.terrain.geoTransform().originX, 180646.0);
}

TEST_F(RealData, SeoulDistrictsOnTheSeoulTerrain) {
    const std::string dem = sharedData("city/seoul_terrain/seoul_dem_epsg5186_nodata.tif");
    struct Case {
        const char* osm;
        double minBase, maxBase;
    } cases[] = {{"city/seoul_songpa_osm/asanH.osm", 3.0, 29.2},
                 {"city/seoul_dongjak_osm/cauH.osm", 11.9, 142.0}};
    for (const Case& c : cases) {
        const std::string osm = sharedData(c.osm);
        const CityModel m = buildCityModel(loadScenario(
            write("s.json", R"({"citytwin_scenario": 1, "terrain": ")" + dem + R"(", "buildings": ")" + osm +
                                R"(", "roads": ")" + osm + R"("})")));
        EXPECT_EQ(m.report.bases.fromTerrain, m.buildings.size()) << c.osm;
        for (const Building& b : m.buildings) {
            EXPECT_GE(b.baseM, c.minBase) << c.osm << " " << b.id;
            EXPECT_LE(b.baseM, c.maxBase) << c.osm << " " << b.id;
        }
    }
}

TEST_F(RealData, NamyangjuLiesOffTheSeoulTerrain) {
    // Real data that do not overlap: the Namyangju footprints are just east of the Seoul DEM.
    const std::string dem = sharedData("city/seoul_terrain/seoul_dem_epsg5186_nodata.tif");
    const std::string fp = sharedData("city/namyangju_newtown_footprints/footprint-with-height.geojson");
    const Scenario s = loadScenario(write(
        "s.json", R"({"citytwin_scenario": 1, "terrain": ")" + dem + R"(", "buildings": ")" + fp + R"("})"));
    expectError([&] { buildCityModel(s); }, ErrorCode::Data, {"does not overlap the buildings"});
}

TEST(RealDataDemo, BundledScenariosLoad) {
    const CityModel mw =
        buildCityModel(loadScenario(citytwin::test::projectData("merewether/scenario.json")));
    EXPECT_EQ(mw.crs.epsg(), 32756);
    EXPECT_EQ(mw.buildings.size(), 60u);
    EXPECT_EQ(mw.report.bases.fromTerrain, 60u);
    EXPECT_NEAR(mw.terrain.geoTransform().cellWidth, 1.0, 1e-12);
    EXPECT_NEAR(mw.terrain.stats().min, 16.47, 0.05);
    EXPECT_NEAR(mw.terrain.stats().max, 51.97, 0.05);
    EXPECT_EQ(mw.vectors.at("observation_points").features.size(), 5u);
    const CityModel so =
        buildCityModel(loadScenario(citytwin::test::projectData("seoul_songpa/scenario.json")));
    EXPECT_EQ(so.buildings.size(), 1362u);  // with the building parts (RealDataCity.SongpaOsmXml)
    EXPECT_EQ(so.roads.size(), 356u);
}

TEST_F(RealData, NamyangjuAsShapefileAndGeoPackage) {
    // The same footprints through two more drivers give the same model.
    const std::string src = sharedData("city/namyangju_newtown_footprints/footprint-with-height.geojson");
    for (const char* ext : {"shp", "gpkg"}) {
        const std::string out = path(std::string("fp.") + ext);
        GDALAllRegister();
        GDALDatasetH in = GDALOpenEx(src.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
        ASSERT_NE(in, nullptr);
        const char* args[] = {"-f", std::string(ext) == "shp" ? "ESRI Shapefile" : "GPKG", nullptr};
        GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
        GDALDatasetH res = GDALVectorTranslate(out.c_str(), nullptr, 1, &in, opts, nullptr);
        GDALVectorTranslateOptionsFree(opts);
        ASSERT_NE(res, nullptr);
        GDALClose(res);
        GDALClose(in);
        const CityModel m = load(out);
        EXPECT_EQ(m.buildings.size(), 177u) << ext;
        EXPECT_EQ(m.report.heights.fromAttribute, 140u) << ext;
        EXPECT_EQ(m.report.heights.fromDefault, 37u) << ext;
    }
}

#include "citytwin/core/vector_io.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include <cmath>
#include <fstream>
#include <map>
#include "citytwin/core/text_encoding.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {
class VectorIo : public citytwin::test::TempDirTest {};

const char* kTwoLayers = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"height": 12.5, "name": "a"},
   "geometry": {"type": "Polygon", "coordinates": [[[127.0, 37.5], [127.001, 37.5], [127.001, 37.501], [127.0, 37.5]]]}},
  {"type": "Feature", "properties": {"height": null, "name": "b"},
   "geometry": {"type": "MultiPolygon", "coordinates": [[[[127.002, 37.5], [127.003, 37.5], [127.003, 37.501], [127.002, 37.5]]],
                                                        [[[127.004, 37.5], [127.005, 37.5], [127.005, 37.501], [127.004, 37.5]]]]}},
  {"type": "Feature", "properties": {"name": "nothing"}, "geometry": null}
]})";
}  // namespace

TEST(Hstore, ParsesOsmOtherTags) {
    const auto kv = parseHstore(R"("building:levels"=>"12","height"=>"40","name:en"=>"Say \"hi\"")");
    ASSERT_EQ(kv.size(), 3u);
    EXPECT_EQ(kv[0].first, "building:levels");
    EXPECT_EQ(kv[0].second, "12");
    EXPECT_EQ(kv[2].second, "Say \"hi\"");
    EXPECT_TRUE(parseHstore("").empty());
}

TEST_F(VectorIo, ReadsGeoJsonWithTypesAndMultiParts) {
    const VectorReadResult r = readVector(write("b.geojson", kTwoLayers), {});
    EXPECT_EQ(r.layer.crs.epsg(), 4326);
    ASSERT_EQ(r.layer.features.size(), 2u);
    EXPECT_EQ(r.withoutGeometry, 1u);
    EXPECT_EQ(r.layer.features[0].kind, GeometryKind::Polygon);
    EXPECT_EQ(r.layer.features[1].polygons.size(), 2u);
    EXPECT_DOUBLE_EQ(toNumber(r.layer.value(0, "height")), 12.5);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(r.layer.value(1, "height")));
}

TEST_F(VectorIo, AttributeFilterAndBadFilter) {
    const std::string f = write("b.geojson", kTwoLayers);
    VectorReadOptions o;
    o.where = "name = 'b'";
    EXPECT_EQ(readVector(f, o).layer.features.size(), 1u);
    o.where = "name = = 'b'";
    expectError([&] { readVector(f, o); }, ErrorCode::Scenario, {"b.geojson", "filter", "'where'"});
}

TEST_F(VectorIo, LayerChoiceAndMissingLayer) {
    const std::string gpkg = citytwin::test::sharedData("city/seoul_songpa_osm/asanH_buildings_roads.gpkg");
    VectorReadOptions o;
    o.role = VectorRole::Buildings;
    EXPECT_EQ(readVector(gpkg, o).layer.name, "buildings");
    o.role = VectorRole::Roads;
    EXPECT_EQ(readVector(gpkg, o).layer.name, "roads");
    o.role = VectorRole::Any;
    expectError([&] { readVector(gpkg, o); }, ErrorCode::Data, {"several layers", "buildings", "roads"});
    o.layer = "parcels";
    expectError([&] { readVector(gpkg, o); }, ErrorCode::Data,
                {"asanH_buildings_roads.gpkg", "parcels", "layers:"});
}

TEST_F(VectorIo, ShapefileWithoutCrsNeedsOne) {
    // A GeoJSON "crs" member cannot be absent (RFC 7946 implies WGS 84), so use a CSV with WKT geometry.
    const std::string f = write("pts.csv", "id,WKT\n1,\"POINT (1 2)\"\n");
    expectError([&] { readVector(f, {}); }, ErrorCode::Crs, {"pts.csv", "no coordinate reference system"});
    VectorReadOptions o;
    o.crsOverride = "EPSG:5186";
    EXPECT_EQ(readVector(f, o).layer.features.size(), 1u);
}

TEST_F(VectorIo, NotAVectorFile) {
    expectError([&] { readVector(write("x.shp", "garbage"), {}); }, ErrorCode::FileFormat, {"x.shp"});
    expectError([&] { readVector(path("none.gpkg"), {}); }, ErrorCode::FileNotFound, {"none.gpkg"});
}

TEST_F(VectorIo, GeoPackageRoundTrip) {
    VectorLayer l;
    l.name = "zones";
    l.crs = Crs::fromEpsg(5186);
    l.fields.ensure("id", FieldType::Integer);
    l.fields.ensure("label", FieldType::String);
    VectorFeature f;
    f.kind = GeometryKind::Polygon;
    f.polygons.resize(1);
    f.polygons[0].outer = {{0, 0}, {10, 0}, {10, 10}, {0, 0}};
    f.attributes = {std::int64_t{7}, std::string("한강")};
    l.features.push_back(f);
    writeGeoPackage(l, path("z.gpkg"));
    const VectorReadResult r = readVector(path("z.gpkg"), {});
    EXPECT_EQ(r.layer.crs.epsg(), 5186);
    ASSERT_EQ(r.layer.features.size(), 1u);
    EXPECT_EQ(toText(r.layer.value(0, "label")), "한강");
    EXPECT_EQ(std::get<std::int64_t>(r.layer.value(0, "id")), 7);
    EXPECT_NEAR(area(r.layer.features[0].polygons), 50.0, 1e-9);
    expectError([&] { writeGeoPackage(l, path("no/such/dir/z.gpkg")); }, ErrorCode::Output, {"z.gpkg"});
}

TEST_F(VectorIo, OsmPbfAndXmlGiveTheSameTagsAndGeometry) {
    for (const char* name : {"synthetic_jamsil.osm", "synthetic_jamsil.osm.pbf"}) {
        const std::string f = std::string(CITYTWIN_SOURCE_DIR) + "/tests/data/" + name;
        EXPECT_TRUE(isOsmFile(f));
        VectorReadOptions o;
        o.role = VectorRole::Buildings;
        const VectorReadResult b = readVector(f, o);
        ASSERT_EQ(b.layer.features.size(), 3u) << name;
        // Tags GDAL packs into other_tags come out as attributes.
        EXPECT_EQ(toText(b.layer.value(0, "height")), "45.5") << name;
        EXPECT_EQ(toText(b.layer.value(0, "building:levels")), "15") << name;
        EXPECT_EQ(toText(b.layer.value(0, "name")), "A동") << name;
        EXPECT_EQ(b.layer.fields.indexOf("other_tags"), -1);
        o.role = VectorRole::Roads;
        const VectorReadResult r = readVector(f, o);
        ASSERT_EQ(r.layer.features.size(), 2u) << name;
        EXPECT_EQ(toText(r.layer.value(0, "maxspeed")), "60");
        EXPECT_EQ(r.layer.features[0].kind, GeometryKind::Line);
    }
}

// OSM's Simple 3D Buildings: building:part ways carry the heights; the outline that contains them is for 2D maps.
// The expected figures are worked by hand from the squares below (metres east/north of 127.1 E, 37.51 N).
TEST_F(VectorIo, OsmBuildingPartsStandForTheirOutlineWithoutCountingFloorsTwice) {
    struct Square {
        double x0, y0, x1, y1;
        std::vector<std::pair<std::string, std::string>> tags;
    };
    const std::vector<Square> squares = {
        {0, 0, 100, 100, {{"building", "retail"}, {"name", "몰"}, {"addr:street", "올림픽로"}}},  // outline
        {10, 10, 30, 30, {{"building:part", "yes"}, {"height", "300"}}},                       // tower
        {12, 12, 14, 14, {{"building:part", "roof"}, {"height", "310"}}},                      // crown on it
        {0, 0, 100, 100, {{"building:part", "yes"}, {"building:levels", "10"}}},               // podium
        {20, 40, 80, 45, {{"building:part", "yes"}, {"min_height", "50"}, {"height", "60"}}},  // sky bridge
        {200, 0, 210, 10, {{"building", "house"}, {"height", "8"}}},                           // no parts
        {300, 0, 310, 10, {{"building:part", "yes"}, {"height", "20"}}},                       // in no outline
        {400, 0, 410, 10, {{"building:part", "no"}}},                                          // not a building
    };
    // Metres per degree on the GRS80 ellipsoid at 37.51 N (meridian and prime-vertical radii of curvature).
    const double a = 6378137.0, e2 = 0.00669438002290, phi = 37.51 * M_PI / 180.0;
    const double w = 1.0 - e2 * std::sin(phi) * std::sin(phi);
    const double mPerDegLat = a * (1.0 - e2) / std::pow(w, 1.5) * M_PI / 180.0;
    const double mPerDegLon = a / std::sqrt(w) * std::cos(phi) * M_PI / 180.0;
    std::string xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n";
    std::string ways;
    long node = 1, way = 1000;
    for (const Square& s : squares) {
        const double xs[] = {s.x0, s.x1, s.x1, s.x0}, ys[] = {s.y0, s.y0, s.y1, s.y1};
        std::string refs;
        for (int c = 0; c < 4; ++c) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "<node id='%ld' version='1' lat='%.9f' lon='%.9f'/>\n", node,
                          37.51 + ys[c] / mPerDegLat, 127.1 + xs[c] / mPerDegLon);
            xml += buf;
            refs += "<nd ref='" + std::to_string(node) + "'/>";
            ++node;
        }
        refs += "<nd ref='" + std::to_string(node - 4) + "'/>";
        ways += "<way id='" + std::to_string(way++) + "' version='1'>" + refs;
        for (const auto& [k, v] : s.tags)
            ways += "<tag k='" + k + "' v='" + v + "'/>";
        ways += "</way>\n";
    }
    // scenarioForDataFile reads the roads of an OSM file too: one street south of the blocks.
    xml += "<node id='900001' version='1' lat='37.5099' lon='127.0999'/><node id='900002' version='1' "
           "lat='37.5099' lon='127.1050'/>\n";
    ways += "<way id='99' version='1'><nd ref='900001'/><nd ref='900002'/><tag k='highway' v='residential'/></way>\n";
    xml += ways + "</osm>\n";
    const std::string file = path("parts.osm");
    std::ofstream(file) << xml;

    const CityModel m = buildCityModel(scenarioForDataFile(file));
    // Outline dropped, the not-a-building dropped, the crown merged into the tower it stands on: tower, podium,
    // bridge, house, lone part.
    ASSERT_EQ(m.buildings.size(), 5u);
    double total = 0.0, maxHeight = 0.0;
    std::size_t namedMall = 0;
    const int nameField = m.buildingFields.indexOf("name");
    const int useField = m.buildingFields.indexOf("building");
    ASSERT_GE(nameField, 0);
    ASSERT_GE(useField, 0);
    std::map<long, double> areaByHeight;
    for (const Building& b : m.buildings) {
        total += area(b.footprint);
        maxHeight = std::max(maxHeight, b.heightM);
        areaByHeight[std::lround(b.heightM)] += area(b.footprint);
        if (toText(b.attributes[static_cast<std::size_t>(nameField)]) == "몰") {
            ++namedMall;
            EXPECT_EQ(toText(b.attributes[static_cast<std::size_t>(useField)]), "retail");
        }
    }
    // Tolerance: OSM stores coordinates to 1e-7 degree (GDAL rounds to it), about 1.1 cm, so an area is good to
    // its perimeter x 1.1 cm; the layout with the local radii of curvature and EPSG:5186's scale factor (1 + 1e-6
    // here) are far finer.
    const auto tol = [](double perimeterM) { return perimeterM * 0.011; };
    // Each square metre of floor plan once: 400 (the tower, raised to its crown's 310 m) + 9600 (podium around
    // the tower) + 300 (bridge, kept whole: it cuts nothing below it) + 100 + 100.
    EXPECT_NEAR(total, 10500.0, tol(400 + 80 + 480 + 130 + 40 + 40));
    EXPECT_EQ(areaByHeight.count(300), 0u);
    EXPECT_NEAR(areaByHeight[310], 400.0, tol(80));
    EXPECT_NEAR(areaByHeight[30], 9600.0, tol(480));
    EXPECT_NEAR(areaByHeight[60], 300.0, tol(130));
    EXPECT_NEAR(areaByHeight[8], 100.0, tol(40));
    EXPECT_NEAR(areaByHeight[20], 100.0, tol(40));
    EXPECT_DOUBLE_EQ(maxHeight, 310.0);
    // The three parts inside the outline take its name and use; the lone part is of use "yes".
    EXPECT_EQ(namedMall, 3u);
    bool lonePart = false;
    for (const Building& b : m.buildings)
        if (std::lround(b.heightM) == 20)
            lonePart = toText(b.attributes[static_cast<std::size_t>(useField)]) == "yes";
    EXPECT_TRUE(lonePart);
    bool noted = false;
    for (const ImportMessage& msg : m.report.messages)
        noted = noted || msg.text.find("building parts") != std::string::npos;
    EXPECT_TRUE(noted) << "the import report says what was done with the parts";
}

// ---- text encodings
// ------------------------------------------------------------------------------------------

namespace {

/// Writes a point Shapefile through GDAL with its text in `encoding` (GDAL recodes from UTF-8 on write) and
/// removes the .cpg GDAL writes beside it, as Korean public data often come: CP949 text and no .cpg.
std::string writeShapefile(const std::string& dir, const std::string& name, const std::string& encoding,
                           bool keepCpg = false) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    const std::string path = dir + "/" + name + ".shp";
    GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    EXPECT_NE(ds, nullptr);
    OGRSpatialReference srs;
    srs.importFromEPSG(5186);
    const std::string lco = "ENCODING=" + encoding;
    const char* options[] = {lco.c_str(), nullptr};
    OGRLayer* layer = ds->CreateLayer(name.c_str(), &srs, wkbPoint, const_cast<char**>(options));
    OGRFieldDefn nameField("이름", OFTString);  // "name"
    nameField.SetWidth(40);
    layer->CreateField(&nameField);
    OGRFieldDefn idField("osm_id", OFTInteger64);
    layer->CreateField(&idField);
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    f->SetField(0, "우수관측점 1");  // rainfall gauge 1
    f->SetField(1, static_cast<GIntBig>(367771707));
    OGRPoint p(210000, 550000);
    f->SetGeometry(&p);
    layer->CreateFeature(f);
    OGRFeature::DestroyFeature(f);
    GDALClose(ds);
    if (!keepCpg) std::filesystem::remove(dir + "/" + name + ".cpg");
    return path;
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(TextEncoding, Utf8ValidityAndRecoding) {
    EXPECT_TRUE(isValidUtf8("우수관측점 plain ASCII"));
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    EXPECT_FALSE(isValidUtf8("\xEC\x9A"));          // cut off in the middle of 우
    EXPECT_FALSE(isValidUtf8("\xBF\xEC\xBC\xF6"));  // 우수 in CP949
    // KS X 1001 codes of 우수관측점 (CP949 = EUC-KR here), as iconv and the standard's table give them.
    const std::optional<std::string> u = recodeToUtf8("\xBF\xEC\xBC\xF6\xB0\xFC\xC3\xF8\xC1\xA1", "CP949");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(*u, "우수관측점");
    EXPECT_FALSE(recodeToUtf8("\xBF", "CP949").has_value());  // a lead byte without its trail byte
    EXPECT_TRUE(isKnownEncoding("EUC-KR"));
    EXPECT_FALSE(isKnownEncoding("KLINGON-8"));
}

TEST_F(VectorIo, Cp949ShapefileWithoutCpgIsDetected) {
    const std::string shp = writeShapefile(dir_.string(), "gauges", "CP949");
    ASSERT_FALSE(std::filesystem::exists(path("gauges.cpg")));
    // The test is only meaningful if the .dbf really holds CP949 bytes, not UTF-8.
    const std::string dbf = fileBytes(path("gauges.dbf"));
    ASSERT_NE(dbf.find("\xBF\xEC\xBC\xF6"), std::string::npos);
    ASSERT_EQ(dbf.find("우수"), std::string::npos);

    const ShapefileEncoding e = detectShapefileEncoding(shp);
    EXPECT_EQ(e.encoding, "CP949") << e.reason;

    const VectorReadResult r = readVector(shp, {});
    ASSERT_EQ(r.layer.features.size(), 1u);
    EXPECT_GE(r.layer.fields.indexOf("이름"), 0) << "field name read as mojibake";
    EXPECT_EQ(toText(r.layer.value(0, "이름")), "우수관측점 1");
    // Integer ids stay integers.
    const AttributeValue& id = r.layer.value(0, "osm_id");
    ASSERT_TRUE(std::holds_alternative<std::int64_t>(id));
    EXPECT_EQ(std::get<std::int64_t>(id), 367771707);
    bool noted = false;
    for (const std::string& w : r.warnings)
        noted = noted || w.find("CP949") != std::string::npos;
    EXPECT_TRUE(noted) << "the detected encoding is not in the import notes";
}

TEST_F(VectorIo, DeclaredEncodingWinsAndUnknownOnesAreRefused) {
    const std::string shp = writeShapefile(dir_.string(), "gauges", "CP949");
    VectorReadOptions o;
    o.encoding = "EUC-KR";
    EXPECT_EQ(toText(readVector(shp, o).layer.value(0, "이름")), "우수관측점 1");
    // A wrong declaration is obeyed (the user said so): the text is not Korean then.
    o.encoding = "LATIN1";
    const VectorReadResult latin = readVector(shp, o);
    EXPECT_LT(latin.layer.fields.indexOf("이름"), 0);
    o.encoding = "KLINGON-8";
    expectError([&] { readVector(shp, o); }, ErrorCode::Scenario, {"KLINGON-8", "encoding", "gauges.shp"});
}

TEST_F(VectorIo, Utf8ShapefileWithoutCpgAndOneWithCpg) {
    // UTF-8 without a .cpg: GDAL alone would read it as ISO-8859-1.
    const std::string utf8 = writeShapefile(dir_.string(), "utf", "UTF-8");
    EXPECT_EQ(detectShapefileEncoding(utf8).encoding, "UTF-8");
    EXPECT_EQ(toText(readVector(utf8, {}).layer.value(0, "이름")), "우수관측점 1");
    // With its .cpg the file says what it is: nothing is detected, GDAL reads it right.
    const std::string declared = writeShapefile(dir_.string(), "declared", "CP949", true);
    const ShapefileEncoding e = detectShapefileEncoding(declared);
    EXPECT_EQ(e.encoding, "");
    EXPECT_NE(e.reason.find(".cpg"), std::string::npos);
    EXPECT_EQ(toText(readVector(declared, {}).layer.value(0, "이름")), "우수관측점 1");
}

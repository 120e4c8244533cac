#include "citytwin/core/vector_io.h"

#include <gtest/gtest.h>

#include "citytwin/core/error.h"
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

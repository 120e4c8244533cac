// The render library's parts that need no display: colour maps, camera files, shader sections, run
// directories, differences of runs, triangulation, scale-bar lengths.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "citytwin/render/camera.h"
#include "citytwin/render/color_map.h"
#include "citytwin/render/results.h"
#include "citytwin/render/shader_source.h"
#include "layers.h"
#include "overlays.h"
#include "test_util.h"

namespace citytwin::render {
namespace {

using test::TempDirTest;

TEST(ColorMap, KnowsEveryStyleHintName) {
    for (const char* name :
         {"viridis", "blues", "magma", "rdylgn_r", "rdbu", "categorical", "terrain", "greys"}) {
        bool known = false;
        const ColorMap& m = ColorMap::byName(name, &known);
        EXPECT_TRUE(known) << name;
        EXPECT_EQ(m.name(), name);
    }
    bool known = true;
    EXPECT_EQ(ColorMap::byName("no_such_map", &known).name(), "viridis");
    EXPECT_FALSE(known);
    EXPECT_EQ(ColorMap::byName("Blues").name(), "blues");
}

TEST(ColorMap, InterpolatesAndClamps) {
    const ColorMap& v = ColorMap::byName("viridis");
    const Rgb lo = v.at(0.0), hi = v.at(1.0), below = v.at(-3.0), nan = v.at(std::nan(""));
    EXPECT_NEAR(lo.r, 0x44 / 255.0, 1e-6);
    EXPECT_NEAR(hi.b, 0x25 / 255.0, 1e-6);
    EXPECT_EQ(below.r, lo.r);
    EXPECT_EQ(nan.g, lo.g);
    // Blues gets darker with depth; rdylgn_r goes from green to red.
    EXPECT_GT(ColorMap::byName("blues").at(0.0).r, ColorMap::byName("blues").at(1.0).r);
    EXPECT_GT(ColorMap::byName("rdylgn_r").at(0.0).g, ColorMap::byName("rdylgn_r").at(0.0).r);
    EXPECT_GT(ColorMap::byName("rdylgn_r").at(1.0).r, ColorMap::byName("rdylgn_r").at(1.0).g);
    EXPECT_TRUE(ColorMap::byName("rdbu").diverging());
    const Rgb mid = ColorMap::byName("rdbu").at(0.5);
    EXPECT_NEAR(mid.r, mid.b, 0.02);  // white-ish centre
}

TEST(ColorMap, CategoriesAreDistinct) {
    const ColorMap& c = ColorMap::byName("categorical");
    EXPECT_TRUE(c.categorical());
    const Rgb a = c.category(0, 3), b = c.category(1, 3);
    EXPECT_GT(std::fabs(a.r - b.r) + std::fabs(a.g - b.g) + std::fabs(a.b - b.b), 0.2);
    const Rgb wrapped = c.category(10, 12);
    EXPECT_EQ(wrapped.r, c.category(0, 12).r);
}

class CameraFile : public TempDirTest {};

TEST_F(CameraFile, RoundTrips) {
    CameraState c;
    c.position = {382300.5, 6354100.25, 650};
    c.focalPoint = {382410, 6354450, 30};
    c.viewAngle = 35;
    c.verticalExaggeration = 2.0;
    writeCameraFile(c, path("cam.json"));
    const CameraState r = readCameraFile(path("cam.json"));
    EXPECT_EQ(r.position, c.position);
    EXPECT_EQ(r.focalPoint, c.focalPoint);
    EXPECT_DOUBLE_EQ(r.viewAngle, 35);
    ASSERT_TRUE(r.verticalExaggeration);
    EXPECT_DOUBLE_EQ(*r.verticalExaggeration, 2.0);
}

TEST_F(CameraFile, BadFilesNameTheProblem) {
    test::expectError([&] { readCameraFile(path("missing.json")); }, core::ErrorCode::FileNotFound,
                      {"missing.json"});
    write("a.json", R"({"position": [1, 2, 3]})");
    test::expectError([&] { readCameraFile(path("a.json")); }, core::ErrorCode::FileFormat, {"focal_point"});
    write("b.json", R"({"position": [1, 2], "focal_point": [0, 0, 0]})");
    test::expectError([&] { readCameraFile(path("b.json")); }, core::ErrorCode::FileFormat,
                      {"position", "three"});
    write("c.json", R"({"position": [1, 2, 3], "focal_point": [0, 0, 0], "zoom": 2})");
    test::expectError([&] { readCameraFile(path("c.json")); }, core::ErrorCode::FileFormat, {"zoom"});
    write("d.json", "{not json");
    test::expectError([&] { readCameraFile(path("d.json")); }, core::ErrorCode::FileFormat, {"JSON"});
}

TEST(CameraPresets, NamesRoundTrip) {
    for (const std::string& n : cameraPresetNames()) {
        const auto p = cameraPresetFromName(n);
        ASSERT_TRUE(p) << n;
        EXPECT_EQ(toString(*p), n);
    }
    EXPECT_FALSE(cameraPresetFromName("sideways"));
}

TEST(Shaders, WaterShaderHasEverySection) {
    const ShaderSnippets& s = waterSurfaceShader();
    EXPECT_NE(s.vertexDec.find("in float waterDepth"), std::string::npos);
    EXPECT_NE(s.vertexImpl.find("waterDepthVSOutput"), std::string::npos);
    EXPECT_NE(s.fragmentDec.find("in float waterDepthVSOutput"), std::string::npos);
    EXPECT_NE(s.fragmentImpl.find("fragOutput0"), std::string::npos);
    EXPECT_NE(s.fragmentImpl.find("discard"), std::string::npos);
}

TEST(Shaders, MissingSectionsAreReported) {
    test::expectError([] { splitShaderSections("// @@ vertex-dec\nx\n", "f.glsl"); },
                      core::ErrorCode::Internal, {"f.glsl", "fragment-impl"});
    test::expectError([] { splitShaderSections("// @@ geometry-dec\n", "g.glsl"); },
                      core::ErrorCode::Internal, {"geometry-dec"});
}

TEST(Triangulate, ConcaveAndHoles) {
    // An L shape: 6 vertices, area 3.
    core::Polygon l;
    l.outer = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}};
    auto tris = triangulate(l);
    ASSERT_EQ(tris.size(), 4u);
    auto area = [](const std::vector<core::Point>& pts, const std::vector<std::array<int, 3>>& t) {
        double a = 0;
        for (const auto& k : t) {
            const core::Point &p = pts[static_cast<std::size_t>(k[0])],
                              &q = pts[static_cast<std::size_t>(k[1])],
                              &r = pts[static_cast<std::size_t>(k[2])];
            a += std::fabs((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x)) / 2;
        }
        return a;
    };
    EXPECT_NEAR(area(l.outer, tris), 3.0, 1e-9);
    // A square with a square hole: area 16 - 4.
    core::Polygon h;
    h.outer = {{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
    h.inners = {{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}};
    tris = triangulate(h);
    std::vector<core::Point> pts(h.outer.begin(), h.outer.end() - 1);
    pts.insert(pts.end(), h.inners[0].begin(), h.inners[0].end() - 1);
    EXPECT_NEAR(area(pts, tris), 12.0, 1e-9);
}

TEST(ScaleBar, RoundLengths) {
    EXPECT_DOUBLE_EQ(niceLength(173), 100);
    EXPECT_DOUBLE_EQ(niceLength(260), 200);
    EXPECT_DOUBLE_EQ(niceLength(0.7), 0.5);
    EXPECT_DOUBLE_EQ(niceLength(5300), 5000);
    EXPECT_EQ(lengthLabel(100), "100 m");
    EXPECT_EQ(lengthLabel(2500), "2.5 km");
}

TEST(Results, DefaultVisibilityFollowsTheDeclaredDrawing) {
    // The viewer draws what the simulator declares; names mean nothing ("depth" in m is not water unless
    // declared a water surface; a water surface called "noise" is).
    RunResults run;
    auto add = [&](const char* id, sdk::OutputKind k, const char* unit, sdk::DrawAs as) {
        OutputData o;
        o.decl.id = id;
        o.decl.kind = k;
        o.decl.unit = unit;
        o.decl.style.drawAs = as;
        run.outputs.push_back(o);
    };
    add("max_velocity", sdk::OutputKind::Raster, "m/s", sdk::DrawAs::DrapedRaster);
    add("noise", sdk::OutputKind::RasterSeries, "m", sdk::DrawAs::WaterSurface);
    add("max_depth", sdk::OutputKind::Raster, "m", sdk::DrawAs::DrapedRaster);
    add("buildings", sdk::OutputKind::Vector, "m", sdk::DrawAs::ExtrudedPolygons);
    add("hidden_vector", sdk::OutputKind::Vector, "", sdk::DrawAs::Hidden);
    add("volume", sdk::OutputKind::Scalar, "m3", sdk::DrawAs::Hidden);
    EXPECT_EQ(defaultVisibility(run), (std::vector<bool>{false, true, false, true, false, false}));
    run.outputs.erase(run.outputs.begin() + 1, run.outputs.end());
    EXPECT_EQ(defaultVisibility(run), (std::vector<bool>{true}));
    OutputData hidden = run.outputs[0];
    hidden.decl.style.drawAs = sdk::DrawAs::Hidden;
    EXPECT_FALSE(isDrawable(hidden));
}

TEST(Results, DifferenceOfRasters) {
    core::GeoTransform gt{0, 10, 1, 1};
    auto a = std::make_shared<core::Raster>(2, 2, gt, core::Crs{}, 1.0f);
    auto b = std::make_shared<core::Raster>(2, 2, gt, core::Crs{}, 3.0f);
    b->at(1, 1) = core::Raster::kNoData;
    b->at(0, 1) = -1.0f;
    OutputData oa, ob;
    oa.decl.id = ob.decl.id = "max_depth";
    oa.decl.kind = ob.decl.kind = sdk::OutputKind::Raster;
    oa.raster = a;
    ob.raster = b;
    const OutputData d = differenceOutput(oa, ob, "run A", "run B");
    EXPECT_EQ(d.decl.style.colorMap, "rdbu");
    // Draped with a diverging ramp centred on zero, never a water surface (it was nearly invisible as one).
    EXPECT_EQ(d.decl.style.drawAs, sdk::DrawAs::DrapedRaster);
    EXPECT_EQ(d.decl.label, "Δ max_depth (run B − run A)");
    EXPECT_FLOAT_EQ(d.raster->at(0, 0), 2.0f);
    EXPECT_FLOAT_EQ(d.raster->at(0, 1), -2.0f);
    EXPECT_TRUE(std::isnan(d.raster->at(1, 1)));
    EXPECT_DOUBLE_EQ(d.decl.style.min, -2.0);
    EXPECT_DOUBLE_EQ(d.decl.style.max, 2.0);
    // Other grids and kinds are refused.
    auto c = std::make_shared<core::Raster>(3, 2, gt, core::Crs{}, 0.0f);
    ob.raster = c;
    test::expectError([&] { differenceOutput(oa, ob, "A", "B"); }, core::ErrorCode::Data,
                      {"different grids"});
    ob.decl.kind = sdk::OutputKind::Vector;
    test::expectError([&] { differenceOutput(oa, ob, "A", "B"); }, core::ErrorCode::Data, {"same kind"});
}

class RunDirectory : public TempDirTest {};

TEST_F(RunDirectory, MissingOrBrokenManifest) {
    test::expectError([&] { readRunDirectory(path("nowhere")); }, core::ErrorCode::FileNotFound,
                      {"manifest.json"});
    write("run/manifest.json", "{\"simulators\": [");
    test::expectError([&] { readRunDirectory(path("run")); }, core::ErrorCode::FileFormat, {"manifest"});
    write("run2/manifest.json",
          R"({"citytwin_run": 1, "status": "completed", "simulators": [{"id": "x", "outputs": [{"id": "a", "kind": "blob", "path": "x"}]}]})");
    test::expectError([&] { readRunDirectory(path("run2")); }, core::ErrorCode::FileFormat, {"blob"});
    write("run3/manifest.json", R"({"simulators": []})");
    test::expectError([&] { readRunDirectory(path("run3")); }, core::ErrorCode::FileFormat, {"citytwin_run"});
}

TEST_F(RunDirectory, ReadsScalarsAndTablesWithoutPlugins) {
    // A format-1 folder (SDK 1 CLI): no declarations in it, read all the same.
    write("run/manifest.json", R"({"citytwin_run": 1, "status": "completed", "simulators": [{"id": "sim", "name": "A sim", "parameters": {"k": 2},
        "outputs": [{"id": "total", "kind": "scalar", "unit": "m3", "path": "sim/scalars.csv", "value": 12.5},
                    {"id": "gauge", "kind": "table", "unit": "", "path": "sim/gauge.csv"}]}]})");
    write("run/sim/gauge.csv", "time [s],stage [m],name\n0,1.5,a\n60,2,\"b, c\"\n");
    const auto runs = readRunDirectory(path("run"));
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].simulator, "sim");
    ASSERT_NE(runs[0].find("total"), nullptr);
    EXPECT_DOUBLE_EQ(runs[0].find("total")->scalar, 12.5);
    const OutputData* t = runs[0].find("gauge");
    ASSERT_NE(t, nullptr);
    ASSERT_TRUE(t->table);
    EXPECT_EQ(t->table->columns[1].name, "stage");
    EXPECT_EQ(t->table->columns[1].unit, "m");
    ASSERT_EQ(t->table->rows.size(), 2u);
    EXPECT_EQ(core::toText(t->table->rows[1][2]), "b, c");
    EXPECT_EQ(runs[0].parameters.front().first, "k");
}

TEST_F(RunDirectory, AttributionFromTheDataFolder) {
    write("a/ATTRIBUTION.md", "# x\n\n**© OpenStreetMap contributors.** More text.\n");
    write("a/scenario.json", "{}");
    EXPECT_EQ(dataAttribution(path("a/scenario.json")), "© OpenStreetMap contributors");
    write("b/scenario.json", "{}");
    EXPECT_EQ(dataAttribution(path("b/scenario.json")), "");
    EXPECT_NE(
        dataAttribution(test::projectData("merewether/scenario.json")).find("Water Research Laboratory"),
        std::string::npos);
}

}  // namespace
}  // namespace citytwin::render

// The render library's parts that need no display: colour maps, camera files, shader sections, run
// directories, differences of runs, triangulation, scale-bar lengths.

#include <gtest/gtest.h>
#include <vtkImageData.h>
#include <vtkSmartPointer.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "citytwin/render/camera.h"
#include "citytwin/render/color_map.h"
#include "citytwin/render/fonts.h"
#include "citytwin/render/format.h"
#include "citytwin/render/results.h"
#include "citytwin/render/scene.h"
#include "citytwin/render/shader_source.h"
#include "citytwin/render/style_file.h"
#include "layers.h"
#include "overlays.h"
#include "test_util.h"
#include "text_style.h"

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

// ---- numbers, times and ticks
// -------------------------------------------------------------------------------

const std::string kMinus = "\u2212";

TEST(Format, NumbersByMagnitude) {
    const NumberLocale en;
    // The legends printed "3303." and "1.401": grouped integers, about three significant digits.
    EXPECT_EQ(formatNumber(3303.2, 3, en), "3,303");
    EXPECT_EQ(formatNumber(1100.0, 3, en), "1,100");
    EXPECT_EQ(formatNumber(1.401, 3, en), "1.4");
    EXPECT_EQ(formatNumber(0.012345, 3, en), "0.0123");
    EXPECT_EQ(formatNumber(1234567.0, 3, en), "1,234,567");
    EXPECT_EQ(formatNumber(999.96, 3, en), "1,000");
    EXPECT_EQ(formatNumber(0.0, 3, en), "0");
    EXPECT_EQ(formatNumber(12.0, 3, en), "12");
}

TEST(Format, BadAndExtremeNumbers) {
    const NumberLocale en;
    EXPECT_EQ(formatNumber(std::nan(""), 3, en), "no data");
    EXPECT_EQ(formatNumber(std::numeric_limits<double>::infinity(), 3, en), "∞");
    EXPECT_EQ(formatNumber(-std::numeric_limits<double>::infinity(), 3, en), kMinus + "∞");
    EXPECT_EQ(formatNumber(-1234.6, 3, en), kMinus + "1,235");
    EXPECT_EQ(formatNumber(-0.00012, 2, en), kMinus + "0.00012");
    EXPECT_EQ(formatNumber(1.2e18, 3, en), "1.2e18");
    EXPECT_EQ(formatNumber(-3.0e300, 3, en), kMinus + "3e300");
    EXPECT_EQ(formatNumber(1e-9, 3, en), "1e-9");
    EXPECT_EQ(formatNumber(std::numeric_limits<double>::max(), 3, en), "1.8e308");
    // Rounding to zero never leaves a minus sign.
    EXPECT_EQ(formatFixed(-0.0001, 2, en), "0.00");
    EXPECT_EQ(formatFixed(-0.0, 0, en), "0");
    EXPECT_EQ(formatFixed(std::nan(""), 2, en), "no data");
    EXPECT_EQ(formatFixed(1250.5, 2, en), "1,250.50");
    EXPECT_EQ(formatFixed(2.5, 42, en), "2.500000000");  // decimals clamped to 9
    EXPECT_EQ(formatPlain(382300.5), "382300.5");
}

TEST(Format, Locales) {
    const NumberLocale de = NumberLocale::fromName("de_DE.UTF-8");
    EXPECT_EQ(formatNumber(3303.25, 6, de), "3.303,25");
    const NumberLocale fr = NumberLocale::fromName("fr-FR");
    EXPECT_EQ(formatNumber(3303.25, 6, fr), "3\u202F303,25");
    const NumberLocale ko = NumberLocale::fromName("ko_KR");
    EXPECT_EQ(ko.language, "ko");
    EXPECT_EQ(formatNumber(3303.25, 6, ko), "3,303.25");
    EXPECT_EQ(formatNumber(std::nan(""), 3, ko), "자료 없음");
    EXPECT_EQ(NumberLocale::fromName("C").decimalPoint, ".");
    EXPECT_EQ(NumberLocale::fromName("").groupSeparator, ",");
    EXPECT_EQ(NumberLocale::fromName("xx_YY").decimalPoint, ".");  // unknown and not installed: English
    EXPECT_EQ(NumberLocale::fromName("de_CH").groupSeparator, "\u2019");
}

TEST(Format, Durations) {
    const NumberLocale en;
    // A few minutes read h:mm:ss, up to two days h:mm, long spans in days ("8760:00:00" for a year before).
    EXPECT_EQ(formatDuration(300, 900, en), "0:05");
    EXPECT_EQ(formatDuration(45, 300, en), "0:00:45");
    EXPECT_EQ(formatDuration(5400, 7200, en), "1:30");
    EXPECT_EQ(formatDuration(30 * 3600, 40 * 3600, en), "30:00");
    EXPECT_EQ(formatDuration(8760 * 3600.0, 8760 * 3600.0, en), "365 d");
    EXPECT_EQ(formatDuration(90000, 3 * 86400, en), "1 d 01:00");
    EXPECT_EQ(formatDuration(0, 3 * 86400, en), "0 d");
    EXPECT_EQ(formatDuration(8760 * 3600.0, 0, NumberLocale::fromName("ko_KR")), "365일");
    EXPECT_EQ(formatDuration(-300, 900, en), kMinus + "0:05");
    EXPECT_EQ(formatDuration(-0.2, 300, en), "0:00:00");
    EXPECT_EQ(formatDuration(std::nan(""), 900, en), "no data");
    EXPECT_EQ(formatDuration(std::numeric_limits<double>::infinity(), 900, en), "∞");
    EXPECT_EQ(formatDuration(1e20, 0, en), "1.16e15 d");
    EXPECT_EQ(formatDuration(4e7 * 86400.0, 0, en), "40,000,000 d");
    EXPECT_EQ(formatQuantity(5400, "s"), "1:30");
    EXPECT_EQ(formatQuantity(1.401, "m"), "1.4 m");
    EXPECT_EQ(formatQuantity(35.0, "%"), "35%");
    EXPECT_EQ(unitForTitle("s", 7200), "h:mm");
    EXPECT_EQ(unitForTitle("s", 300), "h:mm:ss");
    EXPECT_EQ(unitForTitle("s", 400 * 86400.0), "days");
    EXPECT_EQ(unitForTitle("m", 1), "m");
}

TEST(Format, Ticks) {
    Ticks t = niceTicks(0, 3303, "m", 6);
    EXPECT_EQ(t.values, (std::vector<double>{0, 1000, 2000, 3000}));
    EXPECT_EQ(t.labels, (std::vector<std::string>{"0", "1,000", "2,000", "3,000"}));
    t = niceTicks(0, 1.401, "m", 5);
    EXPECT_EQ(t.labels, (std::vector<std::string>{"0.0", "0.5", "1.0"}));
    t = niceTicks(-20, 20, "mm", 5);
    EXPECT_EQ(t.labels, (std::vector<std::string>{kMinus + "20", kMinus + "10", "0", "10", "20"}));
    t = niceTicks(0, 7200, "s", 5);
    EXPECT_EQ(t.labels, (std::vector<std::string>{"0:00", "0:30", "1:00", "1:30", "2:00"}));
    t = niceTicks(0, 365 * 86400.0, "s", 5);
    ASSERT_FALSE(t.labels.empty());
    EXPECT_EQ(t.labels.front(), "0 d");
    for (const std::string& l : t.labels)
        EXPECT_NE(l.find(" d"), std::string::npos) << l;
    // Degenerate and bad ranges.
    EXPECT_EQ(niceTicks(5, 5, "m", 5).values, (std::vector<double>{5}));
    EXPECT_TRUE(niceTicks(std::nan(""), std::nan(""), "m", 5).values.empty());
    EXPECT_EQ(niceTicks(std::numeric_limits<double>::infinity(), 3, "m", 5).values, (std::vector<double>{3}));
    EXPECT_LE(niceTicks(3, -1e12, "m", 4).values.size(), 4u);
    for (int count : {2, 3, 6, 10}) {
        const Ticks k = niceTicks(0.0137, 987.6, "", count);
        EXPECT_LE(k.values.size(), static_cast<std::size_t>(count));
        EXPECT_GE(k.values.size(), count > 2 ? 2u : 1u);
        for (double v : k.values) {
            EXPECT_GE(v, 0.0137);
            EXPECT_LE(v, 987.6);
        }
    }
}

// ---- fonts with Hangul
// --------------------------------------------------------------------------------------

/// The glyph of one character as the map draws it (through the same font setting as titles and legends).
std::vector<unsigned char> glyph(const std::string& text, bool bold) {
    auto p = vtkSmartPointer<vtkTextProperty>::New();
    styleText(p, 40, bold);
    auto img = vtkSmartPointer<vtkImageData>::New();
    int dims[2] = {0, 0};
    vtkTextRenderer* tr = vtkTextRenderer::GetInstance();
    EXPECT_NE(tr, nullptr);
    if (!tr || !tr->RenderString(p, vtkStdString(text), img, dims, 72)) return {};
    int d[3];
    img->GetDimensions(d);
    const int comps = img->GetNumberOfScalarComponents();
    const auto* px = static_cast<const unsigned char*>(img->GetScalarPointer());
    std::vector<unsigned char> alpha;
    for (int i = 0; i < d[0] * d[1]; ++i)
        alpha.push_back(px[i * comps + comps - 1]);
    return alpha;
}

TEST(MapFonts, FoundWithHangul) {
    setMapFont("");
    const MapFonts f = mapFonts();
    EXPECT_TRUE(f.hangul) << "no font with Hangul for the map (" << f.warning << "): install fonts-nanum";
    EXPECT_TRUE(f.warning.empty()) << f.warning;
    EXPECT_FALSE(f.regular.empty());
    EXPECT_TRUE(fontHasHangul(f.regular)) << f.regular;
    // NanumGothic.ttf has Hangul, but behind a Mac Roman character map that VTK would use: not usable.
    const std::string gothic = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
    if (std::filesystem::exists(gothic)) {
        EXPECT_FALSE(fontHasHangul(gothic));
        EXPECT_NE(f.regular, gothic);
    }
}

TEST(MapFonts, HangulIsDrawnAsGlyphsNotBoxes) {
    setMapFont("");
    // Boxes (tofu) are one and the same picture for every missing character; real glyphs differ. Each
    // syllable of "잠실 침수 최대 수심" must have ink and differ from every other one, in regular and bold.
    const std::vector<std::string> syllables = {"잠", "실", "침", "수", "최", "대", "심"};
    for (bool bold : {false, true}) {
        std::vector<std::vector<unsigned char>> g;
        for (const std::string& s : syllables) {
            g.push_back(glyph(s, bold));
            std::size_t ink = 0;
            for (unsigned char a : g.back())
                ink += a > 128;
            EXPECT_GT(ink, 20u) << s << " has no ink";
        }
        for (std::size_t i = 0; i < g.size(); ++i)
            for (std::size_t j = i + 1; j < g.size(); ++j)
                EXPECT_NE(g[i], g[j]) << syllables[i] << " and " << syllables[j]
                                      << " are drawn alike (boxes?)" << (bold ? " in bold" : "");
    }
}

TEST(MapFonts, MissingOrWrongFontIsNamedNotSilent) {
    const std::string dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    setMapFont("/nowhere/NoSuchFont.ttf");
    MapFonts f = mapFonts();
    EXPECT_FALSE(f.hangul);
    EXPECT_NE(f.warning.find("/nowhere/NoSuchFont.ttf"), std::string::npos) << f.warning;
    EXPECT_NE(f.warning.find("boxes"), std::string::npos) << f.warning;
    if (std::filesystem::exists(dejavu)) {
        EXPECT_FALSE(fontHasHangul(dejavu));
        setMapFont(dejavu);
        f = mapFonts();
        EXPECT_EQ(f.regular, dejavu);
        EXPECT_NE(f.warning.find("has no Hangul"), std::string::npos) << f.warning;
    }
    setMapFont("");
    EXPECT_TRUE(mapFonts().warning.empty());
    EXPECT_FALSE(fontHasHangul(""));
    EXPECT_FALSE(fontHasHangul("/nowhere.ttf"));
}

TEST(TextLayout, WrapsWithoutCuttingCharacters) {
    auto p = vtkSmartPointer<vtkTextProperty>::New();
    styleText(p, 12, true);
    const std::string title = "Maximum depth of the water in every cell [m]";
    const double full = measureText(p, title).width;
    ASSERT_GT(full, 50);
    const auto lines = wrapText(p, title, full / 2.5);
    EXPECT_GE(lines.size(), 3u);
    std::string joined;
    for (const std::string& l : lines) {
        EXPECT_LE(measureText(p, l).width, full / 2.5 + 1) << l;
        joined += (joined.empty() ? "" : " ") + l;
    }
    EXPECT_EQ(joined, title);  // nothing dropped
    // A Korean word wider than the line breaks between syllables, never inside one.
    const auto ko = wrapText(p, "잠실침수최대수심", measureText(p, "잠실침").width + 1);
    std::string all;
    for (const std::string& l : ko)
        all += l;
    EXPECT_EQ(all, "잠실침수최대수심");
    EXPECT_GE(ko.size(), 3u);
}

TEST(Legend, HeadingsKeepTheirUnits) {
    LegendEntry e;
    e.title = "Maximum depth";
    e.unit = "m";
    EXPECT_EQ(e.heading(), "Maximum depth [m]");
    e.title = "Time of inundation";
    e.unit = "s";
    e.max = 7200;
    EXPECT_EQ(e.heading(), "Time of inundation [h:mm]");
    e.categories = {"a", "b"};
    EXPECT_EQ(e.heading(), "Time of inundation");
}

// ---- style files ------------------------------------------------------------------------------------------

TEST(StyleFile, RoundTripsAndAppliesKeys) {
    LayerStyle base;
    base.colorMap = "viridis";
    LayerInfo info;
    info.id = "run1/flood.gauges";
    info.attributes = {"stage_m"};
    info.labelAttributes = {"name", "stage_m"};
    const LayerStyle s = styleFromJson(
        R"({"visible": false, "opacity": 0.5, "color_map": "blues", "attribute": "stage_m", "range": [0, 2],
            "hide_below": 0.05, "water": true, "label": "name"})",
        base, &info, "styles.json: layers.flood.gauges");
    EXPECT_FALSE(s.visible);
    EXPECT_DOUBLE_EQ(s.opacity, 0.5);
    EXPECT_EQ(s.colorMap, "blues");
    EXPECT_EQ(s.attribute, "stage_m");
    EXPECT_FALSE(s.autoRange);
    EXPECT_DOUBLE_EQ(s.max, 2.0);
    EXPECT_DOUBLE_EQ(s.transparentBelow, 0.05);
    EXPECT_TRUE(s.asWater);
    EXPECT_EQ(s.labelAttribute, "name");
    const LayerStyle back = styleFromJson(styleToJson(s), LayerStyle{}, &info, "x");
    EXPECT_EQ(back.labelAttribute, "name");
    EXPECT_DOUBLE_EQ(back.transparentBelow, 0.05);
    EXPECT_EQ(back.colorMap, "blues");
    // "auto" and null undo.
    const LayerStyle undo =
        styleFromJson(R"({"range": "auto", "hide_below": null, "label": ""})", s, &info, "x");
    EXPECT_TRUE(undo.autoRange);
    EXPECT_LT(undo.transparentBelow, -1e299);
    EXPECT_EQ(undo.labelAttribute, "");
}

TEST(StyleFile, BadValuesNameTheKey) {
    LayerInfo info;
    info.id = "roads";
    info.attributes = {"class"};
    info.labelAttributes = {"name", "class"};
    const std::string where = "s.json: layers.roads";
    auto bad = [&](const std::string& json, const std::vector<std::string>& words) {
        try {
            styleFromJson(json, LayerStyle{}, &info, where);
            ADD_FAILURE() << json << ": no error";
        } catch (const core::Error& e) {
            EXPECT_EQ(e.code(), core::ErrorCode::FileFormat) << e.what();
            for (const std::string& w : words)
                EXPECT_NE(std::string(e.what()).find(w), std::string::npos)
                    << json << ": '" << w << "' not in " << e.what();
            EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
        }
    };
    bad(R"({"colour": "blues"})", {"colour", "unknown key"});
    bad(R"({"opacity": 1.5})", {"opacity", "1.5"});
    bad(R"({"color_map": "rainbow"})", {"color_map", "rainbow", "viridis"});
    bad(R"({"label": "street"})", {"label", "street", "name, class"});
    bad(R"({"attribute": 3})", {"attribute"});
    bad(R"({"range": [2, 1]})", {"range", "min < max"});
    bad(R"({"hide_below": "low"})", {"hide_below"});
    bad(R"({"visible": "yes"})", {"visible"});
    bad("[1, 2]", {"object"});
    bad("{oops", {"JSON"});
}

class StyleFileOnDisk : public TempDirTest {};

TEST_F(StyleFileOnDisk, BadFilesNameTheFile) {
    Scene scene;
    test::expectError([&] { applyStyleFile(scene, path("none.json")); }, core::ErrorCode::FileNotFound,
                      {"none.json"});
    write("a.json", R"({"layers": {}})");
    test::expectError([&] { applyStyleFile(scene, path("a.json")); }, core::ErrorCode::FileFormat,
                      {"a.json", "citytwin_styles"});
    write("b.json", R"({"citytwin_styles": 1, "layers": {}, "extra": 1})");
    test::expectError([&] { applyStyleFile(scene, path("b.json")); }, core::ErrorCode::FileFormat,
                      {"b.json", "extra"});
    write("c.json", R"({"citytwin_styles": 1, "layers": {"roads": {"label": "name"}}})");
    // No such layer in an empty scene: reported back, not an error.
    EXPECT_EQ(applyStyleFile(scene, path("c.json")), (std::vector<std::string>{"roads"}));
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
    add("extent", sdk::OutputKind::Vector, "m", sdk::DrawAs::FlatPolygons);
    // Flat polygons would cover the water surface: not shown at first beside one.
    EXPECT_EQ(defaultVisibility(run), (std::vector<bool>{false, true, false, true, false, false, false}));
    run.outputs.erase(run.outputs.begin() + 1);  // no water surface: the flat polygons are shown
    EXPECT_EQ(defaultVisibility(run), (std::vector<bool>{false, false, true, false, false, true}));
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
    write(
        "run2/manifest.json",
        R"({"citytwin_run": 1, "status": "completed", "simulators": [{"id": "x", "outputs": [{"id": "a", "kind": "blob", "path": "x"}]}]})");
    test::expectError([&] { readRunDirectory(path("run2")); }, core::ErrorCode::FileFormat, {"blob"});
    write("run3/manifest.json", R"({"simulators": []})");
    test::expectError([&] { readRunDirectory(path("run3")); }, core::ErrorCode::FileFormat, {"citytwin_run"});
}

TEST_F(RunDirectory, ReadsScalarsAndTablesWithoutPlugins) {
    // A format-1 folder (SDK 1 CLI): no declarations in it, read all the same.
    write(
        "run/manifest.json",
        R"({"citytwin_run": 1, "status": "completed", "simulators": [{"id": "sim", "name": "A sim", "parameters": {"k": 2},
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

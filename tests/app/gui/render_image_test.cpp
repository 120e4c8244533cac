// Render tests: small scenes rendered off screen and compared with baseline images within a tolerance (as F3D
// does); on failure the rendered image and an amplified difference image are saved next to the test's output.
// Set CITYTWIN_UPDATE_BASELINES=1 to write new baselines (then look at them before committing).
// Also `citytwin-cli render`, end to end. Needs an X display (Xvfb).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <vtkImageData.h>
#include <vtkPNGReader.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkSmartPointer.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/fonts.h"
#include "citytwin/render/format.h"
#include "citytwin/render/scene.h"
#include "citytwin/render/vtk_log.h"
#include "test_util.h"

namespace citytwin::render {
namespace {

namespace fs = std::filesystem;

std::mutex gVtkMutex;
std::vector<std::string> gVtkErrors;

/// Every test here fails on a VTK error.
class RenderTest : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        routeVtkMessages([](VtkMessageLevel level, const std::string& msg) {
            if (level != VtkMessageLevel::Error) return;
            std::lock_guard<std::mutex> lock(gVtkMutex);
            gVtkErrors.push_back(msg);
        });
        std::lock_guard<std::mutex> lock(gVtkMutex);
        gVtkErrors.clear();
    }
    void TearDown() override {
        std::lock_guard<std::mutex> lock(gVtkMutex);
        for (const std::string& e : gVtkErrors)
            ADD_FAILURE() << "VTK error: " << e;
        TempDirTest::TearDown();
    }

    /// Keeps a rendered file beside the test's output (always with CITYTWIN_KEEP_RENDERS=1, else when the
    /// test has failed), so that it can be looked at.
    void keep(const std::string& file) {
        if (!std::getenv("CITYTWIN_KEEP_RENDERS") && !HasFailure()) return;
        fs::create_directories(CITYTWIN_TEST_OUTPUT_DIR);
        std::error_code ec;
        fs::copy_file(file, fs::path(CITYTWIN_TEST_OUTPUT_DIR) / fs::path(file).filename(),
                      fs::copy_options::overwrite_existing, ec);
    }

    static std::shared_ptr<const core::CityModel> model(const std::string& scenario) {
        return std::make_shared<const core::CityModel>(
            core::buildCityModel(core::loadScenario(test::projectData(scenario))));
    }

    /// Renders and compares with baselines/<name>.png.
    void expectMatchesBaseline(const Scene& scene, const std::string& name, int w = 320, int h = 240) {
        ExportOptions o;
        o.width = w;
        o.height = h;
        expectMatchesBaseline(scene, name, o);
    }
    void expectMatchesBaseline(const Scene& scene, const std::string& name, const ExportOptions& options) {
        const std::string out = path(name + ".png");
        std::string error;
        ASSERT_TRUE(renderToPng(scene, out, options, &error)) << error;
        compareWithBaseline(out, name);
        keep(out);
    }
    /// Compares a rendered PNG with baselines/<name>.png: at most 1.5 % of the pixels may differ by more than
    /// 40 (of 255) in a channel and the mean difference must stay under 3 - enough for anti-aliasing and
    /// driver rounding, far too little for a moved legend or a missing label.
    void compareWithBaseline(const std::string& out, const std::string& name) {
        const fs::path baseline = fs::path(CITYTWIN_BASELINE_DIR) / (name + ".png");
        if (std::getenv("CITYTWIN_UPDATE_BASELINES")) {
            fs::create_directories(baseline.parent_path());
            fs::copy_file(out, baseline, fs::copy_options::overwrite_existing);
            GTEST_SKIP() << "wrote baseline " << baseline;
        }
        ASSERT_TRUE(fs::exists(baseline))
            << "no baseline " << baseline << " (run with CITYTWIN_UPDATE_BASELINES=1 to create it)";
        auto read = [](const std::string& p) {
            auto r = vtkSmartPointer<vtkPNGReader>::New();
            r->SetFileName(p.c_str());
            r->Update();
            auto img = vtkSmartPointer<vtkImageData>::New();
            img->DeepCopy(r->GetOutput());
            return img;
        };
        auto a = read(out), b = read(baseline.string());
        int da[3], db[3];
        a->GetDimensions(da);
        b->GetDimensions(db);
        ASSERT_EQ(da[0], db[0]);
        ASSERT_EQ(da[1], db[1]);
        const int ca = a->GetNumberOfScalarComponents(), cb = b->GetNumberOfScalarComponents();
        auto diff = vtkSmartPointer<vtkImageData>::New();
        diff->SetDimensions(da[0], da[1], 1);
        diff->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
        const auto* pa = static_cast<const unsigned char*>(a->GetScalarPointer());
        const auto* pb = static_cast<const unsigned char*>(b->GetScalarPointer());
        auto* pd = static_cast<unsigned char*>(diff->GetScalarPointer());
        const std::size_t n = static_cast<std::size_t>(da[0]) * static_cast<std::size_t>(da[1]);
        std::size_t bad = 0;
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            int worst = 0;
            for (int c = 0; c < 3; ++c) {
                const int d =
                    std::abs(int(pa[i * static_cast<std::size_t>(ca) + static_cast<std::size_t>(c)]) -
                             int(pb[i * static_cast<std::size_t>(cb) + static_cast<std::size_t>(c)]));
                worst = std::max(worst, d);
                sum += d;
                pd[i * 3 + static_cast<std::size_t>(c)] = static_cast<unsigned char>(std::min(255, d * 4));
            }
            if (worst > 40) ++bad;
        }
        const double badFraction = static_cast<double>(bad) / static_cast<double>(n);
        const double mean = sum / static_cast<double>(n * 3);
        if (badFraction > 0.015 || mean > 3.0) {
            fs::create_directories(CITYTWIN_TEST_OUTPUT_DIR);
            const std::string keep = std::string(CITYTWIN_TEST_OUTPUT_DIR) + "/" + name;
            fs::copy_file(out, keep + "_actual.png", fs::copy_options::overwrite_existing);
            auto w2 = vtkSmartPointer<vtkPNGWriter>::New();
            w2->SetFileName((keep + "_diff.png").c_str());
            w2->SetInputData(diff);
            w2->Write();
            ADD_FAILURE() << name << ": " << badFraction * 100 << " % of pixels differ by more than 40, mean "
                          << "difference " << mean << "; rendered image and difference saved as " << keep
                          << "_actual.png and " << keep << "_diff.png";
        }
    }
};

TEST_F(RenderTest, MerewetherDefaultView) {
    Scene scene;
    scene.setContent(buildSceneContent(model("merewether/scenario.json")));
    scene.applyCameraPreset(CameraPreset::Default, 320.0 / 240.0);
    scene.setTitle("Merewether");
    expectMatchesBaseline(scene, "merewether_default");
}

TEST_F(RenderTest, JamsilTopViewByHeight) {
    Scene scene;
    scene.setContent(buildSceneContent(model("seoul_songpa/scenario.json")));
    scene.applyCameraPreset(CameraPreset::Top, 320.0 / 240.0);
    scene.setDecorations(true, true, true);
    expectMatchesBaseline(scene, "jamsil_top");
}

TEST_F(RenderTest, WaterSurfaceWithShader) {
    auto m = model("merewether/scenario.json");
    SceneContent content = buildSceneContent(m);
    // Water up to 24 m in the valley: depth = 24 - ground where positive.
    auto depth = std::make_shared<core::Raster>(m->terrain.width(), m->terrain.height(),
                                                m->terrain.geoTransform(), m->crs);
    for (std::size_t i = 0; i < depth->data().size(); ++i) {
        const float z = m->terrain.data()[i];
        depth->data()[i] = std::isnan(z) ? core::Raster::kNoData : std::max(0.0f, 24.0f - z);
    }
    OutputData d;
    d.decl.id = "depth";
    d.decl.label = "Water depth";
    d.decl.kind = sdk::OutputKind::RasterSeries;
    d.decl.unit = "m";
    d.decl.style =
        sdk::Style::waterSurface("blues", 0.0, 0.0);  // declared: the viewer never guesses from names
    d.decl.style.transparentBelow = 0.01;
    d.frames = {{0.0, depth}};
    Scene scene;
    scene.setContent(content);
    scene.addLayer(buildLayer(content, "run/flood.depth", "Water depth", "run", d));
    ASSERT_TRUE(scene.style("run/flood.depth").asWater);
    scene.setTime(0);
    scene.applyCameraPreset(CameraPreset::Default, 320.0 / 240.0);
    expectMatchesBaseline(scene, "merewether_water");
}

TEST_F(RenderTest, ExportSizeIsExact) {
    Scene scene;
    scene.setContent(buildSceneContent(model("merewether/scenario.json")));
    std::string error;
    ASSERT_TRUE(renderToPng(scene, path("big.png"), 1000, 562, &error)) << error;
    auto r = vtkSmartPointer<vtkPNGReader>::New();
    r->SetFileName(path("big.png").c_str());
    r->Update();
    int dims[3];
    r->GetOutput()->GetDimensions(dims);
    EXPECT_EQ(dims[0], 1000);
    EXPECT_EQ(dims[1], 562);
    EXPECT_FALSE(renderToPng(scene, path("tiny.png"), 4, 4, &error));
    EXPECT_NE(error.find("16"), std::string::npos);
}

TEST_F(RenderTest, AnimationAsPngFramesAndOggTheora) {
    auto m = model("merewether/scenario.json");
    SceneContent content = buildSceneContent(m);
    OutputData d;
    d.decl.id = "depth";
    d.decl.kind = sdk::OutputKind::RasterSeries;
    d.decl.unit = "m";
    d.decl.style.colorMap = "blues";
    for (int f = 0; f < 3; ++f) {
        auto r = std::make_shared<core::Raster>(m->terrain.width(), m->terrain.height(),
                                                m->terrain.geoTransform(), m->crs);
        for (std::size_t i = 0; i < r->data().size(); ++i)
            r->data()[i] = std::max(0.0f, 20.0f + 2.0f * f - m->terrain.data()[i]);
        d.frames.push_back({600.0 * f, r});
    }
    Scene scene;
    scene.setContent(content);
    scene.addLayer(buildLayer(content, "run/flood.depth", "Water depth", "run", d));
    ASSERT_EQ(scene.frameTimes().size(), 3u);
    std::string error;
    int calls = 0;
    ASSERT_TRUE(renderAnimation(
        scene, path("frame_%04d.png"), 160, 120, scene.frameTimes(), 2, [&](double) { return ++calls > 0; },
        &error))
        << error;
    EXPECT_TRUE(fs::exists(path("frame_0000.png")));
    EXPECT_TRUE(fs::exists(path("frame_0002.png")));
    EXPECT_FALSE(fs::exists(path("frame_0003.png")));
    ASSERT_TRUE(renderAnimation(scene, path("flood.ogv"), 161, 121, scene.frameTimes(), 2, {}, &error))
        << error;
    EXPECT_GT(fs::file_size(path("flood.ogv")), 1000u);
    // Cancelled from the progress callback: false, no crash.
    EXPECT_FALSE(renderAnimation(
        scene, path("c_%04d.png"), 160, 120, scene.frameTimes(), 2, [](double) { return false; }, &error));
    EXPECT_FALSE(renderAnimation(scene, path("bad.avi"), 160, 120, scene.frameTimes(), 2, {}, &error));
}

// ---- cartography: legends, labels, layouts, Hangul
// ----------------------------------------------------------

/// The Jamsil demo (flat ground, OSM buildings and roads) with what a briefing shows: a depth raster on a 2.5
/// m grid, times of inundation [s], gauges with Korean names (labelled), parcels with declared damage
/// classes, buildings and roads labelled, a Korean title.
class Briefing : public RenderTest {
protected:
    static void SetUpTestSuite() {
        model_ = std::make_shared<const core::CityModel>(
            core::buildCityModel(core::loadScenario(test::projectData("seoul_songpa/scenario.json"))));
        content_ = std::make_shared<SceneContent>(buildSceneContent(model_));
    }
    static void TearDownTestSuite() {
        content_.reset();
        model_.reset();
    }

    static core::Box area() {
        const core::Box b = model_->buildingExtent();
        const double cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2;
        return core::Box{cx - 500, cy - 400, cx + 500, cy + 400};
    }

    /// A raster on a grid of `cell` metres over area(), value f(x, y).
    static std::shared_ptr<core::Raster> raster(double cell, const std::function<float(double, double)>& f) {
        const core::Box a = area();
        const int w = static_cast<int>(a.width() / cell), h = static_cast<int>(a.height() / cell);
        auto r =
            std::make_shared<core::Raster>(w, h, core::GeoTransform{a.minX, a.maxY, cell, cell}, model_->crs);
        for (int row = 0; row < h; ++row)
            for (int col = 0; col < w; ++col) {
                const core::Point p = r->cellCentre(col, row);
                r->at(col, row) = f(p.x, p.y);
            }
        return r;
    }

    static OutputData depth() {
        const core::Box a = area();
        const double cx = (a.minX + a.maxX) / 2, cy = (a.minY + a.maxY) / 2;
        OutputData d;
        d.decl.id = "max_depth";
        d.decl.label = "Maximum depth";
        d.decl.kind = sdk::OutputKind::Raster;
        d.decl.unit = "m";
        d.decl.style = sdk::Style::draped("blues");
        d.decl.style.transparentBelow = 0.05;
        d.raster = raster(2.5, [&](double x, double y) {
            const double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (250.0 * 250.0);
            return static_cast<float>(1.4 * std::exp(-r2));
        });
        return d;
    }

    static OutputData arrival() {
        const core::Box a = area();
        OutputData d;
        d.decl.id = "time_of_inundation";
        d.decl.label = "Time of inundation";
        d.decl.kind = sdk::OutputKind::Raster;
        d.decl.unit = "s";
        d.decl.style = sdk::Style::draped("magma");
        d.raster = raster(
            5.0, [&](double x, double) { return static_cast<float>(7200.0 * (x - a.minX) / a.width()); });
        return d;
    }

    static OutputData gauges() {
        const core::Box a = area();
        auto v = std::make_shared<core::VectorLayer>();
        v->crs = model_->crs;
        v->fields.ensure("name", core::FieldType::String);
        v->fields.ensure("stage_m", core::FieldType::Real);
        const char* names[] = {"잠실 우수관측점", "올림픽공원 관측점", "아산병원 앞", "성내천 합류부"};
        for (int i = 0; i < 4; ++i) {
            core::VectorFeature f;
            f.kind = core::GeometryKind::Point;
            f.points = {{a.minX + a.width() * (0.2 + 0.2 * i), a.minY + a.height() * (0.3 + 0.15 * (i % 3))}};
            f.attributes = {std::string(names[i]), 0.4 + 0.3 * i};
            v->features.push_back(f);
        }
        OutputData d;
        d.decl.id = "gauges";
        d.decl.label = "Gauges";
        d.decl.kind = sdk::OutputKind::Vector;
        d.decl.unit = "m";
        d.decl.style = sdk::Style::points("circle", "stage_m", "viridis");
        d.decl.style.labelAttribute = "name";
        d.vector = v;
        return d;
    }

    /// Parcels with a damage class 0-5 (Burland's names declared), in a feature order that is not class
    /// order.
    static OutputData damage() {
        const core::Box a = area();
        auto v = std::make_shared<core::VectorLayer>();
        v->crs = model_->crs;
        v->fields.ensure("damage", core::FieldType::Integer);
        const int classes[] = {3, 0, 5, 1};
        for (int i = 0; i < 4; ++i) {
            const double x0 = a.minX + 80 + 120 * i, y0 = a.maxY - 200;
            core::VectorFeature f;
            f.kind = core::GeometryKind::Polygon;
            core::Polygon p;
            p.outer = {{x0, y0}, {x0 + 100, y0}, {x0 + 100, y0 + 100}, {x0, y0 + 100}, {x0, y0}};
            f.polygons = {p};
            f.attributes = {static_cast<std::int64_t>(classes[i])};
            v->features.push_back(f);
        }
        OutputData d;
        d.decl.id = "damage";
        d.decl.label = "Building damage (Burland et al. 1977)";
        d.decl.kind = sdk::OutputKind::Vector;
        d.decl.style = sdk::Style::polygons("damage", "rdylgn_r", 0.0, 5.0);
        d.decl.style.classNames = {"negligible", "very slight", "slight",
                                   "moderate",   "severe",      "very severe"};
        d.vector = v;
        return d;
    }

    /// The whole briefing scene, seen from above at `aspect`.
    void build(Scene& scene, double aspect) {
        scene.setContent(*content_);
        scene.addLayer(
            buildLayer(*content_, "run1/flood.max_depth", "Maximum depth", "flood #1 (100 mm/h)", depth()),
            true);
        scene.addLayer(
            buildLayer(*content_, "run1/flood.time", "Time of inundation", "flood #1 (100 mm/h)", arrival()),
            true);
        scene.addLayer(buildLayer(*content_, "run1/flood.gauges", "Gauges", "flood #1 (100 mm/h)", gauges()),
                       true);
        scene.addLayer(buildLayer(*content_, "run2/subsidence.damage",
                                  "Building damage (Burland et al. 1977)", "subsidence #2", damage()),
                       true);
        LayerStyle t = scene.style("run1/flood.time");
        t.opacity = 0.55;
        scene.setStyle("run1/flood.time", t);
        LayerStyle r = scene.style("roads");
        r.labelAttribute = "name";
        scene.setStyle("roads", r);
        scene.setTitle("잠실 침수 최대 수심 — Jamsil flood briefing");
        scene.setAttribution(
            "CityTwin · EPSG:5186 · © OpenStreetMap contributors · 국토교통부 자료 (synthetic test rasters)");
        scene.setInset(true);
        scene.setMapMode(true);
        scene.applyCameraPreset(CameraPreset::Top, aspect);
    }

    /// Every legend is drawn, nothing leaves the image, no two decorations overlap, labels overlap nothing.
    void expectCleanLayout(const std::vector<OverlayBox>& boxes, std::size_t legendCount, int w, int h,
                           const std::string& what) {
        std::size_t legends = 0, labels = 0;
        for (const OverlayBox& b : boxes) {
            legends += b.kind == "legend";
            labels += b.kind == "label";
            EXPECT_GE(b.x0, -0.5) << what << ": " << b.kind << " '" << b.text
                                  << "' leaves the image at the left";
            EXPECT_GE(b.y0, -0.5) << what << ": " << b.kind << " '" << b.text
                                  << "' leaves the image at the bottom";
            EXPECT_LE(b.x1, w + 0.5) << what << ": " << b.kind << " '" << b.text
                                     << "' is cut at the right edge";
            EXPECT_LE(b.y1, h + 0.5) << what << ": " << b.kind << " '" << b.text << "' is cut at the top";
        }
        EXPECT_EQ(legends, legendCount) << what << ": a legend was left out";
        for (std::size_t i = 0; i < boxes.size(); ++i)
            for (std::size_t j = i + 1; j < boxes.size(); ++j)
                EXPECT_FALSE(overlapsBox(boxes[i], boxes[j]))
                    << what << ": " << boxes[i].kind << " '" << boxes[i].text << "' overlaps "
                    << boxes[j].kind << " '" << boxes[j].text << "'";
        for (const std::string kind : {"title", "attribution", "scale bar", "north arrow", "inset"}) {
            bool found = false;
            for (const OverlayBox& b : boxes)
                found = found || b.kind == kind;
            EXPECT_TRUE(found) << what << ": no " << kind;
        }
        lastLabels_ = labels;
    }
    static bool overlapsBox(const OverlayBox& a, const OverlayBox& b) {
        return a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
    }

    static std::shared_ptr<const core::CityModel> model_;
    static std::shared_ptr<SceneContent> content_;
    std::size_t lastLabels_ = 0;
};

std::shared_ptr<const core::CityModel> Briefing::model_;
std::shared_ptr<SceneContent> Briefing::content_;

TEST_F(Briefing, LegendsNameTheirRunAndUseDeclaredClasses) {
    Scene scene;
    build(scene, 16.0 / 9.0);
    const std::vector<LegendEntry> legends = scene.legends();
    ASSERT_GE(legends.size(), 5u);
    bool depthSeen = false, damageSeen = false, timeSeen = false;
    for (const LegendEntry& e : legends) {
        if (e.title == "Maximum depth") {
            depthSeen = true;
            EXPECT_EQ(e.subtitle, "flood #1 (100 mm/h)");
            EXPECT_EQ(e.heading(), "Maximum depth [m]");
        }
        if (e.title.rfind("Building damage", 0) == 0) {
            damageSeen = true;
            EXPECT_EQ(e.subtitle, "subsidence #2");
            // The declared names, in class order (not in the order the features come in), with the declared
            // ramp spread over the declared range 0-5: class 0 green, class 5 red.
            EXPECT_EQ(e.categories, (std::vector<std::string>{"negligible", "very slight", "slight",
                                                              "moderate", "severe", "very severe"}));
            ASSERT_EQ(e.categoryColors.size(), 6u);
            EXPECT_GT(e.categoryColors[0].g, e.categoryColors[0].r);
            EXPECT_GT(e.categoryColors[5].r, e.categoryColors[5].g);
        }
        if (e.title == "Time of inundation") {
            timeSeen = true;
            EXPECT_EQ(e.heading(), "Time of inundation [h:mm]");
        }
    }
    EXPECT_TRUE(depthSeen && damageSeen && timeSeen);
}

TEST_F(Briefing, ExportLayoutsAtThreeSizesAndTwoAspects) {
    Scene scene;
    // Landscape and portrait, small to large: the title stays clear, the attribution whole, every legend
    // drawn, symbols and text scale with the image.
    const int sizes[6][2] = {{480, 270}, {960, 540}, {1920, 1080}, {270, 480}, {540, 960}, {1080, 1920}};
    for (const auto& sz : sizes) {
        build(scene, static_cast<double>(sz[0]) / sz[1]);
        ExportOptions o;
        o.width = sz[0];
        o.height = sz[1];
        const std::string name = "briefing_" + std::to_string(sz[0]) + "x" + std::to_string(sz[1]);
        std::vector<OverlayBox> layout;
        o.layout = &layout;
        expectMatchesBaseline(scene, name, o);
        expectCleanLayout(layout, scene.legends().size(), o.width, o.height, name);
        if (sz[0] * sz[1] >= 500000) EXPECT_GE(lastLabels_, 5u) << name << ": road and gauge labels missing";
    }
}

TEST_F(Briefing, ExportTitleLeavesTheViewTitleAlone) {
    Scene scene;
    build(scene, 1.0);
    ExportOptions o;
    o.width = 320;
    o.height = 240;
    o.title = "For the council";
    std::string error;
    ASSERT_TRUE(renderToPng(scene, path("t.png"), o, &error)) << error;
    EXPECT_EQ(scene.title(), "잠실 침수 최대 수심 — Jamsil flood briefing");
    // The scale follows the size (portrait and landscape alike) unless given.
    ExportOptions a, b, c;
    a.width = 3840;
    a.height = 2160;
    b.width = 2160;
    b.height = 3840;
    c = a;
    c.dpi = 192;
    EXPECT_NEAR(exportScale(a), 3.0, 1e-9);
    EXPECT_NEAR(exportScale(b), 3.0, 1e-9);
    EXPECT_NEAR(exportScale(c), 2.0, 1e-9);
}

/// Pixels of a pure red-ish marker colour in an image.
std::size_t markerPixels(const std::string& file) {
    auto r = vtkSmartPointer<vtkPNGReader>::New();
    r->SetFileName(file.c_str());
    r->Update();
    vtkImageData* img = r->GetOutput();
    int d[3];
    img->GetDimensions(d);
    const int c = img->GetNumberOfScalarComponents();
    const auto* px = static_cast<const unsigned char*>(img->GetScalarPointer());
    std::size_t n = 0;
    for (int i = 0; i < d[0] * d[1]; ++i)
        if (px[i * c] > 150 && px[i * c + 1] < 90 && px[i * c + 2] < 90) ++n;
    return n;
}

TEST_F(Briefing, PointMarkersScaleWithTheExport) {
    Scene scene;
    scene.setContent(*content_);
    OutputData g = gauges();
    g.decl.style.attribute.clear();  // one colour: red
    g.decl.style.labelAttribute.clear();
    scene.addLayer(buildLayer(*content_, "g", "Gauges", "run", g), true);
    for (const char* id : {"buildings", "roads"}) {
        LayerStyle st = scene.style(id);
        st.visible = false;
        scene.setStyle(id, st);
    }
    scene.setDecorations(false, false, false);
    scene.setMapMode(true);
    scene.applyCameraPreset(CameraPreset::Top, 16.0 / 9.0);
    std::string error;
    ExportOptions small, big;
    small.width = 800;
    small.height = 450;
    big.width = 1600;
    big.height = 900;
    ASSERT_TRUE(renderToPng(scene, path("small.png"), small, &error)) << error;
    ASSERT_TRUE(renderToPng(scene, path("big.png"), big, &error)) << error;
    const double a = static_cast<double>(markerPixels(path("small.png")));
    const double b = static_cast<double>(markerPixels(path("big.png")));
    ASSERT_GT(a, 20.0);
    // Twice the size: markers twice as wide, four times the pixels (not the same few pixels: dots at 4K).
    EXPECT_NEAR(b / a, 4.0, 1.0) << a << " and " << b << " marker pixels";
    keep(path("small.png"));
    keep(path("big.png"));
}

TEST_F(Briefing, RastersKeepTheirOwnResolution) {
    // Stripes one 2.5 m cell wide: on the ground's grid (about 8 m cells here) they alias into a few
    // blotches.
    Scene scene;
    scene.setContent(*content_);
    OutputData d;
    d.decl.id = "stripes";
    d.decl.kind = sdk::OutputKind::Raster;
    d.decl.unit = "";
    d.decl.style = sdk::Style::draped("greys", 0.0, 1.0);
    const core::Box a = area();
    d.raster = raster(2.5, [&](double x, double) {
        return static_cast<float>(static_cast<long>(std::floor((x - a.minX) / 2.5)) % 2);
    });
    scene.addLayer(buildLayer(*content_, "s", "Stripes", "run", d), true);
    for (const char* id : {"buildings", "roads"}) {
        LayerStyle st = scene.style(id);
        st.visible = false;
        scene.setStyle(id, st);
    }
    scene.setDecorations(false, false, false);
    scene.setMapMode(true);
    // 50 m across 400 pixels (8 pixels a cell, 20 stripes), centred on the raster.
    vtkSmartPointer<vtkRenderWindow> win = vtkSmartPointer<vtkRenderWindow>::New();
    win->SetOffScreenRendering(1);
    win->SetSize(400, 400);
    scene.attach(win);
    scene.applyCameraPreset(CameraPreset::Top, 1.0);
    scene.zoom(scene.metresPerPixel() * 400.0 / 50.0);
    ASSERT_NEAR(scene.metresPerPixel() * 400.0, 50.0, 0.5);
    const double cx = (a.minX + a.maxX) / 2 + 1.25, cy = (a.minY + a.maxY) / 2;
    CameraState cam = scene.cameraState();
    const double dx = cx - cam.focalPoint[0], dy = cy - cam.focalPoint[1];
    for (int k = 0; k < 2; ++k) {
        cam.focalPoint[static_cast<std::size_t>(k)] += k == 0 ? dx : dy;
        cam.position[static_cast<std::size_t>(k)] += k == 0 ? dx : dy;
    }
    scene.setCameraState(cam);
    ExportOptions o;
    o.width = 400;
    o.height = 400;
    std::string error;
    ASSERT_TRUE(renderToPng(scene, path("stripes.png"), o, &error)) << error;
    auto r = vtkSmartPointer<vtkPNGReader>::New();
    r->SetFileName(path("stripes.png").c_str());
    r->Update();
    vtkImageData* img = r->GetOutput();
    const int c = img->GetNumberOfScalarComponents();
    const auto* px = static_cast<const unsigned char*>(img->GetScalarPointer());
    int transitions = 0;
    bool dark = px[(200 * 400 + 2) * c] < 128;
    for (int x = 3; x < 397; ++x) {
        const bool d2 = px[(200 * 400 + x) * c] < 128;
        if (d2 != dark) ++transitions;
        dark = d2;
    }
    // 50 m / 2.5 m = 20 stripes: 19 or 20 edges across the row. Resampled nearest onto the ground's 8 m grid
    // they alias into a handful of wide bands.
    EXPECT_GE(transitions, 17) << "the raster was resampled: " << transitions << " edges across the row";
    keep(path("stripes.png"));
}

TEST_F(Briefing, DrapedLayersStayBehindWalls) {
    // A 60 m tower, a draped raster around it and a line running under it 3 m behind its south wall, seen
    // from 420 m south at a low angle: the line is hidden by the wall (a depth offset of 40 units, as lines
    // had, pulled it about 15 m forward at that distance and drew it over the wall's lower floors).
    const core::Box a = area();
    const double cx = (a.minX + a.maxX) / 2, cy = (a.minY + a.maxY) / 2;
    auto tower = std::make_shared<core::VectorLayer>();
    tower->crs = model_->crs;
    tower->fields.ensure("height_m", core::FieldType::Real);
    core::VectorFeature t;
    t.kind = core::GeometryKind::Polygon;
    core::Polygon sq;
    sq.outer = {
        {cx - 20, cy - 20}, {cx + 20, cy - 20}, {cx + 20, cy + 20}, {cx - 20, cy + 20}, {cx - 20, cy - 20}};
    t.polygons = {sq};
    t.attributes = {60.0};
    tower->features.push_back(t);
    OutputData towerOut;
    towerOut.decl.id = "tower";
    towerOut.decl.kind = sdk::OutputKind::Vector;
    towerOut.decl.style = sdk::Style::extruded("", "greys");
    towerOut.decl.style.heightAttribute = "height_m";
    towerOut.vector = tower;
    auto line = std::make_shared<core::VectorLayer>();
    line->crs = model_->crs;
    line->fields.ensure("v", core::FieldType::Real);
    core::VectorFeature l;
    l.kind = core::GeometryKind::Line;
    l.lines = {{{cx - 60, cy - 17}, {cx + 60, cy - 17}}};  // 3 m behind the wall
    l.attributes = {1.0};
    line->features.push_back(l);
    OutputData lineOut;
    lineOut.decl.id = "line";
    lineOut.decl.kind = sdk::OutputKind::Vector;
    lineOut.decl.style = sdk::Style::lines("v", "viridis", 0.0, 1.0);  // yellow on a grey wall
    lineOut.vector = line;
    auto render = [&](bool withLine, const std::string& file, std::vector<std::array<double, 2>>* wall) {
        Scene scene;
        scene.setContent(*content_);
        for (const char* id : {"buildings", "roads"}) {
            LayerStyle st = scene.style(id);
            st.visible = false;
            scene.setStyle(id, st);
        }
        scene.addLayer(buildLayer(*content_, "r", "Depth", "run", depth()), true);
        scene.addLayer(buildLayer(*content_, "tower", "Tower", "run", towerOut), true);
        if (withLine) scene.addLayer(buildLayer(*content_, "line", "Line", "run", lineOut), true);
        scene.setDecorations(false, false, false);
        CameraState cam;
        cam.focalPoint = {cx, cy, 20};
        cam.position = {cx, cy - 420, 110};
        scene.setCameraState(cam);
        ExportOptions o;
        o.width = 640;
        o.height = 480;
        std::string error;
        ASSERT_TRUE(renderToPng(scene, file, o, &error)) << error;
        if (wall) {
            vtkSmartPointer<vtkRenderWindow> win = vtkSmartPointer<vtkRenderWindow>::New();
            win->SetOffScreenRendering(1);
            win->SetSize(o.width, o.height);
            scene.attach(win);
            win->Render();
            for (const auto& p :
                 {std::array<double, 3>{cx - 20, cy - 20, 0}, std::array<double, 3>{cx + 20, cy - 20, 0},
                  std::array<double, 3>{cx + 20, cy - 20, 60}, std::array<double, 3>{cx - 20, cy - 20, 60}})
                wall->push_back(scene.worldToDisplay(p));
        }
        keep(file);
    };
    std::vector<std::array<double, 2>> wall;
    render(true, path("with_line.png"), &wall);
    render(false, path("without_line.png"), nullptr);
    ASSERT_EQ(wall.size(), 4u);
    auto read = [](const std::string& f) {
        auto r = vtkSmartPointer<vtkPNGReader>::New();
        r->SetFileName(f.c_str());
        r->Update();
        auto img = vtkSmartPointer<vtkImageData>::New();
        img->DeepCopy(r->GetOutput());
        return img;
    };
    auto withLine = read(path("with_line.png")), without = read(path("without_line.png"));
    const int c = withLine->GetNumberOfScalarComponents();
    const auto* pa = static_cast<const unsigned char*>(withLine->GetScalarPointer());
    const auto* pb = static_cast<const unsigned char*>(without->GetScalarPointer());
    // Inside the wall's quad, three pixels above its foot and inside its sides.
    const double x0 = std::max(wall[0][0], wall[3][0]) + 3, x1 = std::min(wall[1][0], wall[2][0]) - 3;
    const double y0 = std::max(wall[0][1], wall[1][1]) + 3, y1 = std::min(wall[2][1], wall[3][1]) - 3;
    ASSERT_GT(x1 - x0, 40) << "the wall is not in view";
    ASSERT_GT(y1 - y0, 40) << "the wall is not in view";
    int differ = 0, lineSeen = 0;
    for (int y = 0; y < 480; ++y)
        for (int x = 0; x < 640; ++x) {
            const std::size_t i = static_cast<std::size_t>(y * 640 + x) * static_cast<std::size_t>(c);
            const bool changed =
                std::abs(pa[i] - pb[i]) + std::abs(pa[i + 1] - pb[i + 1]) + std::abs(pa[i + 2] - pb[i + 2]) >
                30;
            if (!changed) continue;
            ++lineSeen;
            if (x > x0 && x < x1 && y > y0 && y < y1) ++differ;
        }
    EXPECT_GT(lineSeen, 100) << "the line is not drawn at all";
    EXPECT_EQ(differ, 0) << "the line shows through the wall on " << differ << " pixels";
}

TEST_F(Briefing, SideBySideSharesTheCamera) {
    // Run A and run B in one image: each half has its own title and legends, seen from A's camera.
    Scene a, b;
    build(a, 0.9);
    b.setContent(*content_);
    OutputData deeper = depth();
    auto r = std::make_shared<core::Raster>(*deeper.raster);
    for (float& v : r->data())
        v *= 1.5f;
    deeper.raster = r;
    b.addLayer(buildLayer(*content_, "run2/flood.max_depth", "Maximum depth", "flood #2 (150 mm/h)", deeper),
               true);
    b.setTitle("flood #2");
    a.setTitle("flood #1");
    b.applyCameraPreset(CameraPreset::North, 0.9);  // a different camera: the image must use A's
    ExportOptions o;
    o.width = 1200;
    o.height = 660;
    std::vector<OverlayBox> layout;
    o.layout = &layout;
    std::string error;
    ASSERT_TRUE(renderSideBySide(a, b, path("side.png"), o, &error)) << error;
    keep(path("side.png"));
    int leftTitles = 0, rightTitles = 0, rightLegends = 0;
    for (const OverlayBox& box : layout) {
        if (box.kind == "title") (box.x1 <= 600 ? leftTitles : rightTitles) += 1;
        if (box.kind == "legend" && box.x0 >= 600) ++rightLegends;
        EXPECT_TRUE(box.x1 <= 600.5 || box.x0 >= 599.5)
            << box.kind << " '" << box.text << "' crosses the middle";
    }
    EXPECT_EQ(leftTitles, 1);
    EXPECT_EQ(rightTitles, 1);
    EXPECT_GE(rightLegends, 1);
    // The two halves show the same place: their ground looks alike where no layer differs (the top rows).
    auto rd = vtkSmartPointer<vtkPNGReader>::New();
    rd->SetFileName(path("side.png").c_str());
    rd->Update();
    int d[3];
    rd->GetOutput()->GetDimensions(d);
    EXPECT_EQ(d[0], 1200);
    EXPECT_EQ(d[1], 660);
}

TEST_F(Briefing, KoreanTitleIsDrawnAsGlyphs) {
    // Two titles of the same length in different syllables: boxes would draw both alike.
    std::vector<std::vector<unsigned char>> crops;
    for (const std::string title : {"잠실 침수 최대 수심", "가락 성내 풍납 방이"}) {
        Scene scene;
        scene.setContent(*content_);
        scene.setDecorations(false, false, false);
        scene.setTitle(title);
        scene.applyCameraPreset(CameraPreset::Top, 2.0);
        ExportOptions o;
        o.width = 640;
        o.height = 320;
        o.scale = 2.0;  // a 38-pixel title
        const std::string file = path("ko_" + std::to_string(crops.size()) + ".png");
        std::string error;
        ASSERT_TRUE(renderToPng(scene, file, o, &error)) << error;
        auto r = vtkSmartPointer<vtkPNGReader>::New();
        r->SetFileName(file.c_str());
        r->Update();
        vtkImageData* img = r->GetOutput();
        const int c = img->GetNumberOfScalarComponents();
        const auto* px = static_cast<const unsigned char*>(img->GetScalarPointer());
        // The title sits at the top left.
        std::vector<unsigned char> crop;
        std::size_t ink = 0;
        for (int y = 320 - 64; y < 320 - 24; ++y)
            for (int x = 30; x < 420; ++x) {
                const unsigned char v = px[(y * 640 + x) * c];
                crop.push_back(v);
                ink += v < 90;
            }
        EXPECT_GT(ink, 300u) << title << ": no dark text in the title panel";
        keep(file);
        crops.push_back(crop);
    }
    std::size_t differ = 0;
    for (std::size_t i = 0; i < crops[0].size(); ++i)
        differ += std::abs(int(crops[0][i]) - int(crops[1][i])) > 60;
    EXPECT_GT(differ, 400u) << "two different Korean titles look the same: Hangul drawn as boxes";
    EXPECT_TRUE(mapFonts().warning.empty()) << mapFonts().warning;
}

TEST_F(Briefing, HiddenBelowThresholdAndComparisonRamp) {
    Scene scene;
    build(scene, 16.0 / 9.0);
    // Vectors hide features below the style's threshold too: the gauges below 1 m are not labelled any more.
    LayerStyle g = scene.style("run1/flood.gauges");
    g.transparentBelow = 1.0;
    scene.setStyle("run1/flood.gauges", g);
    vtkSmartPointer<vtkRenderWindow> win = vtkSmartPointer<vtkRenderWindow>::New();
    win->SetOffScreenRendering(1);
    win->SetSize(1200, 800);
    scene.attach(win);
    win->Render();
    std::set<std::string> labels;
    for (const OverlayBox& b : scene.overlayLayout())
        if (b.kind == "label") labels.insert(b.text);
    EXPECT_EQ(labels.count("잠실 우수관측점"), 0u);    // 0.4 m
    EXPECT_EQ(labels.count("올림픽공원 관측점"), 0u);  // 0.7 m
    EXPECT_EQ(labels.count("성내천 합류부"), 1u);      // 1.3 m
    // A B - A layer is draped with a diverging ramp centred on zero.
    OutputData a = depth(), b = depth();
    auto r = std::make_shared<core::Raster>(*b.raster);
    for (float& v : r->data())
        v = v * 0.8f - 0.05f;
    b.raster = r;
    const OutputData diff = differenceOutput(a, b, "flood #1", "flood #2");
    scene.addLayer(buildLayer(*content_, "cmp/diff", diff.decl.label, "Comparisons", diff), true);
    EXPECT_FALSE(scene.style("cmp/diff").asWater);
    for (const LegendEntry& e : scene.legends())
        if (e.title == diff.decl.label) {
            EXPECT_EQ(e.colorMap, "rdbu");
            EXPECT_DOUBLE_EQ(e.min, -e.max);
        }
}

TEST_F(Briefing, HeightsJoinByIdNeverByOrder) {
    // As many polygons as buildings, in the same order, but no id and no height: drawn flat, and said why.
    auto v = std::make_shared<core::VectorLayer>();
    v->crs = model_->crs;
    v->fields.ensure("value", core::FieldType::Real);
    for (const core::Building& b : model_->buildings) {
        core::VectorFeature f;
        f.kind = core::GeometryKind::Polygon;
        f.polygons = b.footprint;
        f.attributes = {1.0};
        v->features.push_back(f);
    }
    OutputData d;
    d.decl.id = "hit";
    d.decl.kind = sdk::OutputKind::Vector;
    d.decl.style = sdk::Style::extruded("value", "viridis");
    d.vector = v;
    LayerDataPtr layer = buildLayer(*content_, "x", "Buildings hit", "run", d);
    const LayerInfo& info = infoOf(*layer);
    ASSERT_FALSE(info.notes.empty());
    EXPECT_NE(info.notes.front().find("never matched to buildings by their order"), std::string::npos)
        << info.notes.front();
    // With the ids they join.
    v->fields.ensure("id", core::FieldType::String);
    for (std::size_t i = 0; i < v->features.size(); ++i)
        v->features[i].attributes.push_back(model_->buildings[i].id);
    d.vector = v;
    EXPECT_TRUE(infoOf(*buildLayer(*content_, "y", "Buildings hit", "run", d)).notes.empty());
}

// ---- videos
// -------------------------------------------------------------------------------------------------

/// ffprobe's answer for a stream entry of a file ("" when it cannot say).
std::string probe(const std::string& file, const std::string& entry) {
    const std::string cmd = "ffprobe -v error -select_streams v:0 -show_entries " + entry +
                            " -of default=noprint_wrappers=1:nokey=1 '" + file + "' 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {};
    char buf[256] = {0};
    std::string out;
    while (fgets(buf, sizeof buf, p))
        out += buf;
    pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

TEST_F(RenderTest, Mp4WithTitleCard) {
    std::string error;
    if (findFfmpeg("", &error).empty()) GTEST_SKIP() << error;
    auto m = model("merewether/scenario.json");
    SceneContent content = buildSceneContent(m);
    OutputData d;
    d.decl.id = "depth";
    d.decl.kind = sdk::OutputKind::RasterSeries;
    d.decl.unit = "m";
    d.decl.style = sdk::Style::waterSurface("water", 0.0, 0.0);
    for (int f = 0; f < 3; ++f) {
        auto r = std::make_shared<core::Raster>(m->terrain.width(), m->terrain.height(),
                                                m->terrain.geoTransform(), m->crs);
        for (std::size_t i = 0; i < r->data().size(); ++i)
            r->data()[i] = std::max(0.0f, 20.0f + 2.0f * f - m->terrain.data()[i]);
        d.frames.push_back({1800.0 * f, r});
    }
    Scene scene;
    scene.setContent(content);
    scene.addLayer(buildLayer(content, "run/flood.depth", "Water depth", "flood #1", d));
    scene.setTitle("Merewether 침수 깊이");
    AnimationOptions o;
    o.image.width = 321;  // odd sizes are made even for H.264
    o.image.height = 240;
    o.times = scene.frameTimes();
    o.framesPerSecond = 2;
    o.titleCardSeconds = 1.0;
    o.subtitle = "flood #1";
    int reports = 0;
    core::Progress progress([&](double, const std::string&) { ++reports; }, [] { return false; });
    ASSERT_TRUE(renderAnimation(scene, path("flood.mp4"), o, &error, progress)) << error;
    EXPECT_GE(reports, 3);
    EXPECT_EQ(probe(path("flood.mp4"), "stream=codec_name"), "h264");
    EXPECT_EQ(probe(path("flood.mp4"), "stream=width"), "320");
    EXPECT_EQ(probe(path("flood.mp4"), "stream=height"), "240");
    // Two frames of title card and three of water at 2 frames a second.
    EXPECT_NEAR(std::atof(probe(path("flood.mp4"), "stream=duration").c_str()), 2.5, 0.11);
    EXPECT_EQ(probe(path("flood.mp4"), "stream=nb_frames"), "5");
    EXPECT_FALSE(fs::exists(path("flood.mp4.part.mp4")));

    // Cancelled after the first frame: false, "cancelled", no file left.
    int frames = 0;
    core::Progress cancelling([&](double, const std::string& stage) { frames += stage == "frames"; },
                              [&] { return frames >= 1; });
    EXPECT_FALSE(renderAnimation(scene, path("cancelled.mp4"), o, &error, cancelling));
    EXPECT_EQ(error, "cancelled");
    EXPECT_FALSE(fs::exists(path("cancelled.mp4")));
    EXPECT_FALSE(fs::exists(path("cancelled.mp4.part.mp4")));

    // No ffmpeg: a clear error naming the program and the package.
    o.ffmpeg = "/nowhere/ffmpeg";
    EXPECT_FALSE(renderAnimation(scene, path("none.mp4"), o, &error));
    EXPECT_NE(error.find("ffmpeg"), std::string::npos) << error;
    EXPECT_NE(error.find("apt install ffmpeg"), std::string::npos) << error;
    EXPECT_FALSE(fs::exists(path("none.mp4")));
}

// ---- citytwin-cli render ---------------------------------------------------------------------------------

int run(const std::string& cmd) {
    const int status = std::system((cmd + " > /dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class CliRender : public RenderTest {};

TEST_F(CliRender, ScenarioWithRunResults) {
    const std::string cli = CITYTWIN_CLI;
    const std::string scenario = test::projectData("merewether/scenario.json");
    const std::string env = std::string("CITYTWIN_PLUGIN_PATH=") + TEST_PLUGIN_GOOD_DIR + " ";
    ASSERT_EQ(
        run(env + cli + " run " + scenario + " --sim sdk_test --set sdk_test.frames=2 --out " + path("run")),
        0);
    ASSERT_EQ(run(env + cli + " render " + scenario + " --results " + path("run") +
                  " --show sdk_test.noise --camera top --size 480x270 --out " + path("r.png") +
                  " --save-camera " + path("cam.json")),
              0);
    auto r = vtkSmartPointer<vtkPNGReader>::New();
    r->SetFileName(path("r.png").c_str());
    r->Update();
    int dims[3];
    r->GetOutput()->GetDimensions(dims);
    EXPECT_EQ(dims[0], 480);
    EXPECT_EQ(dims[1], 270);
    // The saved camera renders again.
    EXPECT_EQ(run(cli + " render " + scenario + " --camera " + path("cam.json") + " --size 200x100 --out " +
                  path("c.png")),
              0);
    EXPECT_TRUE(fs::exists(path("c.png")));
}

TEST_F(CliRender, BadArgumentsAreUsageErrors) {
    const std::string cli = CITYTWIN_CLI;
    const std::string scenario = test::projectData("merewether/scenario.json");
    const std::string err = path("stderr.txt");
    auto expect = [&](const std::string& args, int code, const std::string& message) {
        const test::CommandResult r = test::runCommand(cli + " render " + args, err);
        EXPECT_EQ(r.code, code) << args << "\n" << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    };
    expect(scenario + " --size 10x10 --out " + path("x.png"), 2, "--size");
    expect(scenario + " --camera sideways --out " + path("x.png"), 2, "sideways");
    expect(scenario, 2, "--out");
    expect(path("missing.json") + " --out " + path("x.png"), 3, "missing.json");
    write("bad_cam.json", "{\"position\": [0, 0, 1]}");
    expect(scenario + " --camera " + path("bad_cam.json") + " --out " + path("x.png"), 4, "focal_point");
    // Cartography options.
    expect(scenario + " --label buildings=street --out " + path("x.png"), 2, "street");
    expect(scenario + " --label nolayer=id --out " + path("x.png"), 2, "nolayer");
    expect(scenario + " --label buildings --out " + path("x.png"), 2, "LAYER=ATTRIBUTE");
    expect(scenario + " --scale 99 --out " + path("x.png"), 2, "--scale");
    expect(scenario + " --dpi abc --out " + path("x.png"), 2, "--dpi");
    expect(scenario + " --animate " + path("x.mp4"), 2, "no raster series");
    expect(scenario + " --font " + path("nofont.ttf") + " --out " + path("x.png"), 2, "nofont.ttf");
    expect(scenario + " --compare " + path("b") + " --out " + path("x.png"), 2, "--results");
    write("bad_style.json", R"({"citytwin_styles": 1, "layers": {"buildings": {"color_map": "rainbow"}}})");
    expect(scenario + " --style " + path("bad_style.json") + " --out " + path("x.png"), 4, "rainbow");
    EXPECT_FALSE(fs::exists(path("x.png")));
}

TEST_F(CliRender, MapWithLabelsInsetAndStyle) {
    const std::string cli = CITYTWIN_CLI;
    const std::string scenario = test::projectData("seoul_songpa/scenario.json");
    write("style.json", R"({"citytwin_styles": 1, "layers": {"buildings": {"attribute": "height_source"}}})");
    const test::CommandResult r = test::runCommand(
        cli + " render " + scenario + " --map --inset --label roads=name --style " + path("style.json") +
            " --locale de_DE --dpi 144 --title '잠실 지도' --size 640x400 --out " + path("map.png"),
        path("err.txt"));
    ASSERT_EQ(r.code, 0) << r.err;
    auto rd = vtkSmartPointer<vtkPNGReader>::New();
    rd->SetFileName(path("map.png").c_str());
    rd->Update();
    int d[3];
    rd->GetOutput()->GetDimensions(d);
    EXPECT_EQ(d[0], 640);
    EXPECT_EQ(d[1], 400);
    keep(path("map.png"));
}

}  // namespace
}  // namespace citytwin::render

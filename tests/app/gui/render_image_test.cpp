// Render tests: small scenes rendered off screen and compared with baseline images within a tolerance (as F3D
// does); on failure the rendered image and an amplified difference image are saved next to the test's output.
// Set CITYTWIN_UPDATE_BASELINES=1 to write new baselines (then look at them before committing).
// Also `citytwin-cli render`, end to end. Needs an X display (Xvfb).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <vtkImageData.h>
#include <vtkPNGReader.h>
#include <vtkPNGWriter.h>
#include <vtkSmartPointer.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
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

    static std::shared_ptr<const core::CityModel> model(const std::string& scenario) {
        return std::make_shared<const core::CityModel>(
            core::buildCityModel(core::loadScenario(test::projectData(scenario))));
    }

    /// Renders and compares with baselines/<name>.png.
    void expectMatchesBaseline(const Scene& scene, const std::string& name, int w = 320, int h = 240) {
        const std::string out = path(name + ".png");
        std::string error;
        ASSERT_TRUE(renderToPng(scene, out, w, h, &error)) << error;
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
    d.decl.style = sdk::Style::waterSurface("blues", 0.0, 0.0);  // declared: the viewer never guesses from names
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
    EXPECT_FALSE(fs::exists(path("x.png")));
}

}  // namespace
}  // namespace citytwin::render

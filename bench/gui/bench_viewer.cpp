// Viewer benchmarks: time to first frame (scene built from a loaded city model, then the first render) and
// frame time (a render after the camera moved, terrain levels settled), in a 1280 x 720 window, for
//   - the Merewether demo (1 m DEM 320 x 415, 60 houses, a road polygon, observation points);
//   - 100,000 synthetic buildings on a synthetic 2048 x 2048 terrain at 2 m.
// Run under Xvfb where there is no display: xvfb-run -a -s "-screen 0 1920x1080x24"
// build/bin/citytwin_bench_viewer

#include <benchmark/benchmark.h>
#include <vtkRenderWindow.h>
#include <vtkSmartPointer.h>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/render/scene.h"
#include "citytwin/render/vtk_log.h"

namespace {

using namespace citytwin;
using Clock = std::chrono::steady_clock;

std::shared_ptr<const core::CityModel> merewether() {
    static auto m = std::make_shared<const core::CityModel>(core::buildCityModel(
        core::loadScenario(std::string(CITYTWIN_SOURCE_DIR) + "/data/merewether/scenario.json")));
    return m;
}

/// 2048 x 2048 cells at 2 m of rolling hills (0-80 m), 100k rectangular buildings 8-30 m wide, 3-60 m tall.
std::shared_ptr<const core::CityModel> synthetic() {
    static auto m = [] {
        auto model = std::make_shared<core::CityModel>();
        model->name = "synthetic 100k";
        model->crs = core::Crs::fromEpsg(5186);
        const int n = 2048;
        const double cell = 2.0, x0 = 200000, y0 = 550000;
        model->terrain =
            core::Raster(n, n, core::GeoTransform{x0, y0 + n * cell, cell, cell}, model->crs, 0.0f);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c)
                model->terrain.at(c, r) = static_cast<float>(
                    40 + 25 * std::sin(c * 0.004) * std::cos(r * 0.003) + 12 * std::sin((c + r) * 0.011));
        model->extent = model->terrain.extent();
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> size(8, 30), height(3, 60), jitter(-4, 4);
        const int per = 317;  // 317^2 > 100k
        const double step = (n * cell - 40) / per;
        for (int i = 0; i < per && model->buildings.size() < 100000; ++i)
            for (int j = 0; j < per && model->buildings.size() < 100000; ++j) {
                core::Building b;
                b.id = std::to_string(model->buildings.size());
                const double cx = x0 + 20 + (i + 0.5) * step + jitter(rng),
                             cy = y0 + 20 + (j + 0.5) * step + jitter(rng);
                const double w = std::min(size(rng), step * 0.8) / 2, h = std::min(size(rng), step * 0.8) / 2;
                core::Polygon p;
                p.outer = {
                    {cx - w, cy - h}, {cx + w, cy - h}, {cx + w, cy + h}, {cx - w, cy + h}, {cx - w, cy - h}};
                b.footprint.push_back(p);
                b.heightM = height(rng);
                b.baseM = model->terrain.sampleBilinear({cx, cy});
                model->buildings.push_back(std::move(b));
            }
        return std::shared_ptr<const core::CityModel>(model);
    }();
    return m;
}

struct Window {
    vtkSmartPointer<vtkRenderWindow> window = vtkSmartPointer<vtkRenderWindow>::New();
    render::Scene scene;
    Window() {
        window->SetOffScreenRendering(1);
        window->SetSize(1280, 720);
        window->SetMultiSamples(0);
        scene.attach(window);
    }
    /// Renders until the background terrain levels are built (as a user would see it settle).
    void settle() {
        for (int i = 0; i < 200; ++i) {
            window->Render();
            if (!scene.backgroundWorkPending()) break;
            while (scene.backgroundWorkPending())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        window->Render();
    }
};

void firstFrame(benchmark::State& state, std::shared_ptr<const core::CityModel> (*make)()) {
    auto model = make();
    for (auto _ : state) {
        Window w;
        const auto t0 = Clock::now();
        w.scene.setContent(render::buildSceneContent(model));
        w.window->Render();
        w.window->WaitForCompletion();  // llvmpipe draws lazily: time the finished frame
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    state.counters["buildings"] = static_cast<double>(model->buildings.size());
}

void frame(benchmark::State& state, std::shared_ptr<const core::CityModel> (*make)()) {
    auto model = make();
    Window w;
    w.scene.setContent(render::buildSceneContent(model));
    w.settle();
    int k = 0;
    for (auto _ : state) {
        // Orbit a little (as a mouse drag does), keeping the terrain levels that view needs.
        w.scene.orbit(k++ % 2 ? 2.0 : -2.0, 0.0);
        const auto t0 = Clock::now();
        w.window->Render();
        w.window->WaitForCompletion();  // llvmpipe draws lazily: time the finished frame
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
}

void frameClose(benchmark::State& state, std::shared_ptr<const core::CityModel> (*make)()) {
    // Zoomed in to street level: the terrain near the camera at full resolution, far tiles coarse.
    auto model = make();
    Window w;
    w.scene.setContent(render::buildSceneContent(model));
    const core::Box e = model->terrain.extent();
    const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
    w.scene.flyToPoint({cx, cy, model->terrain.sampleBilinear({cx, cy})}, 250.0);
    w.settle();
    int k = 0;
    for (auto _ : state) {
        w.scene.orbit(k++ % 2 ? 2.0 : -2.0, 0.0);
        const auto t0 = Clock::now();
        w.window->Render();
        w.window->WaitForCompletion();  // llvmpipe draws lazily: time the finished frame
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
}

void pick(benchmark::State& state, std::shared_ptr<const core::CityModel> (*make)()) {
    auto model = make();
    Window w;
    w.scene.setContent(render::buildSceneContent(model));
    w.settle();
    for (auto _ : state) {
        const auto t0 = Clock::now();
        benchmark::DoNotOptimize(w.scene.pick(640, 360));
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
}

void exportImage(benchmark::State& state, std::shared_ptr<const core::CityModel> (*make)(),
                 const char* file) {
    auto model = make();
    Window w;
    w.scene.setContent(render::buildSceneContent(model));
    for (auto _ : state) {
        const auto t0 = Clock::now();
        std::string error;
        if (!render::renderToPng(w.scene, file, 3840, 2160, &error)) state.SkipWithError(error.c_str());
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
}

}  // namespace

BENCHMARK_CAPTURE(firstFrame, Merewether, merewether)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(frame, Merewether, merewether)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(10);
BENCHMARK_CAPTURE(pick, Merewether, merewether)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(exportImage, Merewether4K, merewether, "/tmp/citytwin_bench_merewether_4k.png")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(firstFrame, Synthetic100k, synthetic)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(frame, Synthetic100k, synthetic)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(frameClose, Synthetic100k, synthetic)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);
BENCHMARK_CAPTURE(pick, Synthetic100k, synthetic)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(exportImage, Synthetic100k4K, synthetic, "/tmp/citytwin_bench_synthetic_4k.png")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

int main(int argc, char** argv) {
    citytwin::render::routeVtkMessages([](citytwin::render::VtkMessageLevel level, const std::string& msg) {
        if (level != citytwin::render::VtkMessageLevel::Text) std::fprintf(stderr, "VTK: %s\n", msg.c_str());
    });
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

// The subsidence plug-in as the host runs it, on the Jamsil demo (data/seoul_songpa/subsidence.json): the
// adapter (layers and attributes -> engine scenario), the engine, and the output layers and tables it hands
// over (to a context that keeps nothing: writing files is the host's cost, not the plug-in's).
//   BM_PluginDemo:      the demo as shipped (its extent, 600 x 320 cells at 2.5 m, 120 buildings, 13 frames);
//   BM_PluginWholeCity: the same sources over the whole OSM extract (4.9 km x 3.6 km, 1357 buildings) at 2.5
//   m.
//
// Run: build/bin/citytwin_bench_subsidence_plugin   (results: sim/subsidence/README.md, "Speed")

#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <string>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"

namespace {

using namespace citytwin;

/// Counts what it is handed and keeps nothing.
class NullContext : public sdk::RunContext {
public:
    explicit NullContext(int threads) : threads_(threads) {}
    void progress(double, const std::string&) noexcept override {}
    bool isCancelled() const noexcept override { return false; }
    void log(sdk::LogLevel, const std::string&) noexcept override {}
    int threads() const noexcept override { return threads_; }
    void statistic(const std::string&, double) noexcept override {}
    bool emitRaster(const std::string&, const core::Raster& r) noexcept override {
        return count(r.cellCount());
    }
    bool emitFrame(const std::string&, double, const core::Raster& r) noexcept override {
        return count(r.cellCount());
    }
    bool emitVector(const std::string&, const core::VectorLayer& v) noexcept override {
        return count(v.features.size());
    }
    bool emitTable(const std::string&, const sdk::Table& t) noexcept override { return count(t.rows.size()); }
    bool emitScalar(const std::string&, double) noexcept override { return count(1); }
    std::size_t items = 0;

private:
    bool count(std::size_t n) {
        items += n;
        return true;
    }
    int threads_;
};

struct Setup {
    core::PluginRegistry registry;
    const core::LoadedSimulator* sim = nullptr;
    core::CityModel model;
    sdk::ParameterSet params;
    Setup(bool wholeCity) {
        registry.loadDirectory(CITYTWIN_PLUGIN_BUILD_DIR, true);
        sim = registry.find("subsidence");
        core::Scenario sc =
            core::loadScenario(std::string(CITYTWIN_SOURCE_DIR) + "/data/seoul_songpa/subsidence.json");
        if (wholeCity) sc.extent.reset();
        model = core::buildCityModel(sc);
        std::vector<sdk::Problem> problems;
        params = core::resolveParameters(sim->description(), sc.simulators.at("subsidence"), {}, problems);
        for (const sdk::Problem& p : problems)
            throw std::runtime_error(p.parameter + ": " + p.message);
    }
};

void run(benchmark::State& state, bool wholeCity) {
    static std::unique_ptr<Setup> setups[2];
    std::unique_ptr<Setup>& s = setups[wholeCity ? 1 : 0];
    if (!s) s = std::make_unique<Setup>(wholeCity);
    std::size_t items = 0;
    for (auto _ : state) {
        NullContext ctx(static_cast<int>(state.range(0)));
        s->sim->run(s->model, s->params, ctx);
        items = ctx.items;
    }
    state.counters["buildings"] = static_cast<double>(s->model.buildings.size());
    state.counters["items_emitted"] = static_cast<double>(items);
}

void BM_PluginDemo(benchmark::State& state) {
    run(state, false);
}
void BM_PluginWholeCity(benchmark::State& state) {
    run(state, true);
}

BENCHMARK(BM_PluginDemo)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_PluginWholeCity)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

// A test simulator that exercises every parameter type and every output kind, and misbehaves on request
// (mode = fail / slow / undeclared / bad_kind / crash / abort / exit) so the host's handling can be tested.

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cmath>
#include <random>
#include <thread>

#include "citytwin/sdk/sdk.h"

#ifndef TEST_PLUGIN_ID
#define TEST_PLUGIN_ID "sdk_test"
#endif

namespace {

using namespace citytwin;

enum class Mode { Normal, Fail, Slow, Undeclared, BadKind, Crash, Abort, Exit };

/// Every parameter type, declared with the typed SDK.
struct TestParams {
    sdk::ParamList list;
    sdk::ChoiceParam<Mode> mode =
        list.group("Behaviour")
            .choice<Mode>("mode",
                          {{Mode::Normal, "normal", "Behave."},
                           {Mode::Fail, "fail", "Throw an error."},
                           {Mode::Slow, "slow", "Wait until cancelled (at most 120 s)."},
                           {Mode::Undeclared, "undeclared", "Emit an output that was not declared."},
                           {Mode::BadKind, "bad_kind", "Emit an output as the wrong kind."},
                           {Mode::Crash, "crash", "Crash with a segmentation fault."},
                           {Mode::Abort, "abort", "Call abort()."},
                           {Mode::Exit, "exit", "Call exit(0) in the middle of the run."}})
            .label("Mode")
            .help("What to do.");
    sdk::RealParam offset = list.group("Raster").real("offset_m").label("Offset").help("Added to the input raster.")
                                .unit("m").range({-100.0, 100.0}).byDefault(1.0);
    sdk::IntParam frames =
        list.integer("frames").label("Frames").help("Frames of the series.").range({1.0, 50.0}).byDefault(3);
    sdk::TextParam label = list.group("Other").text("label").label("Label").help("Free text copied to the table.")
                               .byDefault("test");
    sdk::BoolParam doubleHeights = list.boolean("double_heights").label("Double heights")
                                       .help("Doubles building heights in the vector output.").byDefault(false);
    sdk::SeriesParam rain = list.group("Forcing").series("rain").label("Rain").help("A hyetograph.").unit("mm/h")
                                .range({0.0, 500.0})
                                .byDefault(std::vector<sdk::TimeValue>{{0, 0}, {600, 50}, {1200, 0}});
    sdk::PointsParam gauges =
        list.points("gauges").label("Gauges").help("Points to sample the input raster at.").advanced();
    sdk::LayerParam input = list.group("Raster").layer("input_layer").label("Input raster")
                                .help("The raster to offset.").layerKind("raster").byDefault("terrain");
    sdk::IntParam seed = list.group("Other").integer("seed").label("Seed").help("Random seed of the noise frames.")
                             .range({0.0, 1e9}).byDefault(42).advanced();
};

struct TestOutputs {
    sdk::OutputList list;
    sdk::RasterOutput shifted = list.raster("shifted").label("Shifted raster").unit("m")
                                    .description("The input raster plus the offset.")
                                    .style(sdk::Style::draped("viridis"));
    sdk::SeriesOutput noise = list.rasterSeries("noise").label("Noise frames").unit("m")
                                  .description("Random frames from the seed.")
                                  .style(sdk::Style::draped("rdbu", -1, 1));
    sdk::VectorOutput buildings = list.vector("buildings").label("Buildings")
                                      .description("Footprints with height and volume.")
                                      .style(sdk::Style::extruded("volume_m3", "magma", 0, 50));
    sdk::TableOutput rainTable =
        list.table("rain_table").label("Rain table").description("The hyetograph and the label.")
            .style(sdk::Style::timeSeries("time"));
    sdk::ScalarOutput totalVolume = list.scalar("total_volume").label("Total building volume").unit("m3")
                                        .description("Footprint area x height, summed.");
    sdk::ScalarOutput gaugeMean = list.scalar("gauge_mean").label("Mean at gauges").unit("m")
                                      .description("Mean raster value at the gauges (NaN if none).");
};

const TestParams& P() {
    static const TestParams p;
    return p;
}
const TestOutputs& O() {
    static const TestOutputs o;
    return o;
}

class TestSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info = {TEST_PLUGIN_ID,
                  "SDK test simulator",
                  "1.0.0",
                  "Exercises every parameter and output kind.",
                  {"CityTwin SDK documentation, docs/sdk.md"}};
        d.parameters = P().list.declarations();
        d.outputs = O().list.declarations();
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> out;
        if (model.buildings.empty()) out.push_back({TEST_PLUGIN_ID, {}, "needs buildings"});
        for (const core::Point& g : p[P().gauges])
            if (!model.extent.contains(g))
                out.push_back({TEST_PLUGIN_ID, "gauges", "a gauge lies outside the model"});
        return out;
    }

    sdk::Outcome run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        const TestParams& k = P();
        const TestOutputs& out = O();
        const Mode mode = p[k.mode];
        if (mode == Mode::Fail) throw core::Error(core::ErrorCode::Simulation, "asked to fail (mode=fail)");
        if (mode == Mode::Crash) {
            ctx.progress(0.1, "about to crash");
            std::raise(SIGSEGV);
        }
        if (mode == Mode::Abort) {
            ctx.progress(0.1, "about to abort");
            std::abort();
        }
        if (mode == Mode::Exit) {
            ctx.progress(0.1, "about to call exit(0)");
            std::exit(0);
        }
        if (mode == Mode::Slow) {
            const auto t0 = std::chrono::steady_clock::now();
            while (!ctx.isCancelled()) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                ctx.progress(std::min(s / 120.0, 0.99), "waiting to be cancelled");
                if (s > 120) throw core::Error(core::ErrorCode::Simulation, "never cancelled");
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return sdk::Outcome::Cancelled;
        }
        if (mode == Mode::Undeclared) {
            ctx.emitScalar("not_declared", 1.0);
            return sdk::Outcome::Completed;
        }
        if (mode == Mode::BadKind) {
            ctx.emitScalar("shifted", 1.0);
            return sdk::Outcome::Completed;
        }
        const std::string layer = p[k.input];
        const core::Raster& in = layer == "terrain" ? model.terrain : model.rasters.at(layer);
        ctx.progress(0.1, "offsetting");
        core::Raster shifted = in;
        const float offset = static_cast<float>(p[k.offset]);
        for (float& v : shifted.data())
            v += offset;  // NaN stays NaN
        if (!ctx.output(out.shifted, shifted)) return sdk::Outcome::Completed;

        std::mt19937 rng(static_cast<std::uint32_t>(p[k.seed]));
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        const auto frames = p[k.frames];
        for (std::int64_t f = 0; f < frames; ++f) {
            if (ctx.isCancelled()) return sdk::Outcome::Cancelled;
            core::Raster frame(in.width(), in.height(), in.geoTransform(), in.crs());
            for (float& v : frame.data())
                v = u(rng);
            frame.at(0, 0) = core::Raster::kNoData;
            if (!ctx.output(out.noise, 60.0 * static_cast<double>(f), frame)) return sdk::Outcome::Completed;
            ctx.progress(0.1 + 0.6 * static_cast<double>(f + 1) / static_cast<double>(frames), "noise frames");
        }

        core::VectorLayer v;
        v.crs = model.crs;
        v.fields.ensure("id", core::FieldType::String);
        v.fields.ensure("height_m", core::FieldType::Real);
        v.fields.ensure("volume_m3", core::FieldType::Real);
        const double factor = p[k.doubleHeights] ? 2.0 : 1.0;
        double total = 0.0;
        for (const core::Building& b : model.buildings) {
            core::VectorFeature f;
            f.kind = core::GeometryKind::Polygon;
            f.polygons = b.footprint;
            const double volume = core::area(b.footprint) * b.heightM * factor;
            total += volume;
            f.attributes = {b.id, b.heightM * factor, volume};
            v.features.push_back(std::move(f));
        }
        if (!ctx.output(out.buildings, v)) return sdk::Outcome::Completed;

        sdk::Table t;
        t.columns = {{"time", "s"}, {"intensity", "mm/h"}, {"label", ""}};
        for (const sdk::TimeValue& tv : p[k.rain])
            t.rows.push_back({tv.timeS, tv.value, p[k.label]});
        if (!ctx.output(out.rainTable, t)) return sdk::Outcome::Completed;
        ctx.output(out.totalVolume, total);
        double sum = 0.0;
        const auto& gauges = p[k.gauges];
        for (const core::Point& g : gauges)
            sum += in.sampleBilinear(g);
        ctx.output(out.gaugeMean, gauges.empty() ? NAN : sum / static_cast<double>(gauges.size()));
        ctx.log(sdk::LogLevel::Warning, "this is a test warning");
        ctx.progress(1.0, "done");
        return sdk::Outcome::Completed;
    }
};

}  // namespace

CITYTWIN_PLUGIN(TestSimulator)

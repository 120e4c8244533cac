// A test simulator that exercises every parameter type and every output kind, and misbehaves on request
// (mode = fail / slow / undeclared / bad_kind) so the host's handling can be tested.

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "citytwin/sdk/sdk.h"

#ifndef TEST_PLUGIN_ID
#define TEST_PLUGIN_ID "sdk_test"
#endif

namespace {

using namespace citytwin;

class TestSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info = {TEST_PLUGIN_ID,
                  "SDK test simulator",
                  "1.0.0",
                  "Exercises every parameter and output kind.",
                  {"CityTwin SDK documentation, docs/sdk.md"}};
        using sdk::ParamType;
        d.parameters = {
            {"mode",
             "Mode",
             "What to do: normal, fail, slow (until cancelled), undeclared, bad_kind.",
             ParamType::Choice,
             "",
             std::string("normal"),
             {},
             {},
             {"normal", "fail", "slow", "undeclared", "bad_kind"},
             "",
             "Behaviour",
             false},
            {"offset_m",
             "Offset",
             "Added to the input raster.",
             ParamType::Real,
             "m",
             1.0,
             -100.0,
             100.0,
             {},
             "",
             "Raster",
             false},
            {"frames",
             "Frames",
             "Frames of the series.",
             ParamType::Integer,
             "",
             std::int64_t{3},
             1.0,
             50.0,
             {},
             "",
             "Raster",
             false},
            {"label",
             "Label",
             "Free text copied to the table.",
             ParamType::String,
             "",
             std::string("test"),
             {},
             {},
             {},
             "",
             "Other",
             false},
            {"double_heights",
             "Double heights",
             "Doubles building heights in the vector output.",
             ParamType::Bool,
             "",
             false,
             {},
             {},
             {},
             "",
             "Other",
             false},
            {"rain",
             "Rain",
             "A hyetograph.",
             ParamType::Series,
             "mm/h",
             std::vector<sdk::TimeValue>{{0, 0}, {600, 50}, {1200, 0}},
             0.0,
             500.0,
             {},
             "",
             "Forcing",
             false},
            {"gauges",
             "Gauges",
             "Points to sample the input raster at.",
             ParamType::Points,
             "m",
             std::vector<core::Point>{},
             {},
             {},
             {},
             "",
             "Forcing",
             true},
            {"input_layer",
             "Input raster",
             "The raster to offset.",
             ParamType::Layer,
             "",
             std::string("terrain"),
             {},
             {},
             {},
             "raster",
             "Raster",
             false},
            {"seed",
             "Seed",
             "Random seed of the noise frames.",
             ParamType::Integer,
             "",
             std::int64_t{42},
             0.0,
             1e9,
             {},
             "",
             "Other",
             true},
        };
        using sdk::OutputKind;
        d.outputs = {
            {"shifted",
             "Shifted raster",
             OutputKind::Raster,
             "m",
             "The input raster plus the offset.",
             {"viridis", 0, 0, "", -1e300, ""}},
            {"noise",
             "Noise frames",
             OutputKind::RasterSeries,
             "m",
             "Random frames from the seed.",
             {"rdbu", -1, 1, "", -1e300, ""}},
            {"buildings",
             "Buildings",
             OutputKind::Vector,
             "",
             "Footprints with height and volume.",
             {"magma", 0, 50, "volume_m3", -1e300, ""}},
            {"rain_table", "Rain table", OutputKind::Table, "", "The hyetograph and the label.", {}},
            {"total_volume",
             "Total building volume",
             OutputKind::Scalar,
             "m3",
             "Footprint area x height, summed.",
             {}},
            {"gauge_mean",
             "Mean at gauges",
             OutputKind::Scalar,
             "m",
             "Mean raster value at the gauges (NaN if none).",
             {}},
        };
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> out;
        if (model.buildings.empty()) out.push_back({TEST_PLUGIN_ID, {}, "needs buildings"});
        for (const core::Point& g : p.getPoints("gauges"))
            if (!model.extent.contains(g))
                out.push_back({TEST_PLUGIN_ID, "gauges", "a gauge lies outside the model"});
        return out;
    }

    void run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        const std::string mode = p.getString("mode");
        if (mode == "fail") throw core::Error(core::ErrorCode::Simulation, "asked to fail (mode=fail)");
        if (mode == "slow") {
            const auto t0 = std::chrono::steady_clock::now();
            while (!ctx.isCancelled()) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                ctx.progress(std::min(s / 120.0, 0.99), "waiting to be cancelled");
                if (s > 120) throw core::Error(core::ErrorCode::Simulation, "never cancelled");
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            return;
        }
        if (mode == "undeclared") {
            ctx.emitScalar("not_declared", 1.0);
            return;
        }
        if (mode == "bad_kind") {
            ctx.emitScalar("shifted", 1.0);
            return;
        }
        const std::string layer = p.getString("input_layer");
        const core::Raster& in = layer == "terrain" ? model.terrain : model.rasters.at(layer);
        ctx.progress(0.1, "offsetting");
        core::Raster shifted = in;
        const float offset = static_cast<float>(p.getReal("offset_m"));
        for (float& v : shifted.data())
            v += offset;  // NaN stays NaN
        if (!ctx.emitRaster("shifted", shifted)) return;

        std::mt19937 rng(static_cast<std::uint32_t>(p.getInteger("seed")));
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        const auto frames = p.getInteger("frames");
        for (std::int64_t f = 0; f < frames; ++f) {
            if (ctx.isCancelled()) return;
            core::Raster frame(in.width(), in.height(), in.geoTransform(), in.crs());
            for (float& v : frame.data())
                v = u(rng);
            frame.at(0, 0) = core::Raster::kNoData;
            if (!ctx.emitFrame("noise", 60.0 * static_cast<double>(f), frame)) return;
            ctx.progress(0.1 + 0.6 * static_cast<double>(f + 1) / static_cast<double>(frames),
                         "noise frames");
        }

        core::VectorLayer v;
        v.crs = model.crs;
        v.fields.ensure("id", core::FieldType::String);
        v.fields.ensure("height_m", core::FieldType::Real);
        v.fields.ensure("volume_m3", core::FieldType::Real);
        const double factor = p.getBool("double_heights") ? 2.0 : 1.0;
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
        if (!ctx.emitVector("buildings", v)) return;

        sdk::Table t;
        t.columns = {{"time", "s"}, {"intensity", "mm/h"}, {"label", ""}};
        for (const sdk::TimeValue& tv : p.getSeries("rain"))
            t.rows.push_back({tv.timeS, tv.value, p.getString("label")});
        if (!ctx.emitTable("rain_table", t)) return;
        ctx.emitScalar("total_volume", total);
        double sum = 0.0;
        const auto& gauges = p.getPoints("gauges");
        for (const core::Point& g : gauges)
            sum += in.sampleBilinear(g);
        ctx.emitScalar("gauge_mean", gauges.empty() ? NAN : sum / static_cast<double>(gauges.size()));
        ctx.log(sdk::LogLevel::Warning, "this is a test warning");
        ctx.progress(1.0, "done");
    }
};

}  // namespace

CITYTWIN_PLUGIN(TestSimulator)

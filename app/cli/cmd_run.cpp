// citytwin-cli run: check everything, load the city model, run simulators, write results and a manifest.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "citytwin/core/hash.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/result_writer.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/simulator_host.h"
#include "citytwin/core/version.h"
#include "commands.h"
#include "progress_bar.h"

namespace citytwin::cli {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

// Set by SIGINT/SIGTERM; read by the run context. A second signal ends the process at once.
std::atomic<int> gInterrupted{0};

extern "C" void onInterrupt(int sig) {
    if (gInterrupted.exchange(1) != 0) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
}

/// Installs the interrupt handler for its lifetime.
class InterruptGuard {
public:
    InterruptGuard() {
        gInterrupted = 0;
        struct sigaction sa {};
        sa.sa_handler = onInterrupt;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &oldInt_);
        sigaction(SIGTERM, &sa, &oldTerm_);
    }
    ~InterruptGuard() {
        sigaction(SIGINT, &oldInt_, nullptr);
        sigaction(SIGTERM, &oldTerm_, nullptr);
    }

private:
    struct sigaction oldInt_ {};
    struct sigaction oldTerm_ {};
};

std::string isoNow() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The run context of the CLI: progress to the bar, cancel from Ctrl-C, results straight to disk.
class CliRunContext : public sdk::RunContext {
public:
    CliRunContext(core::ResultWriter& writer, ProgressBar& bar, int threads, std::string simId)
        : writer_(writer), bar_(bar), threads_(threads), simId_(std::move(simId)) {}

    void progress(double fraction, const std::string& stage) noexcept override {
        try {
            bar_.update(fraction, stage);
        } catch (...) {
        }
    }
    bool isCancelled() const noexcept override { return gInterrupted.load() != 0 || failed_.load(); }
    void log(sdk::LogLevel level, const std::string& message) noexcept override {
        if (level == sdk::LogLevel::Debug) return;
        try {
            const char* tag = level == sdk::LogLevel::Error     ? "error"
                              : level == sdk::LogLevel::Warning ? "warning"
                                                                : "info";
            bar_.message("[" + simId_ + "] " + tag + ": " + message);
            std::lock_guard<std::mutex> lock(mutex_);
            if (level != sdk::LogLevel::Info) log_.push_back(std::string(tag) + ": " + message);
        } catch (...) {
        }
    }
    int threads() const noexcept override { return threads_; }

    bool emitRaster(const std::string& id, const core::Raster& r) noexcept override {
        return guard([&] { writer_.raster(id, r); });
    }
    bool emitFrame(const std::string& id, double t, const core::Raster& r) noexcept override {
        return guard([&] { writer_.frame(id, t, r); });
    }
    bool emitVector(const std::string& id, const core::VectorLayer& l) noexcept override {
        return guard([&] { writer_.vector(id, l); });
    }
    bool emitTable(const std::string& id, const sdk::Table& t) noexcept override {
        return guard([&] { writer_.table(id, t); });
    }
    bool emitScalar(const std::string& id, double v) noexcept override {
        return guard([&] { writer_.scalar(id, v); });
    }

    /// The first result that could not be written, if any.
    const std::optional<core::Error>& error() const { return error_; }
    const std::vector<std::string>& logLines() const { return log_; }

private:
    template <class F>
    bool guard(F&& f) noexcept {
        std::lock_guard<std::mutex> lock(mutex_);
        if (error_) return false;
        try {
            f();
            return true;
        } catch (const core::Error& e) {
            error_ = e;
        } catch (const std::exception& e) {
            error_ = core::Error(core::ErrorCode::Output, e.what());
        } catch (...) {
            error_ = core::Error(core::ErrorCode::Output, "unknown error while writing a result");
        }
        failed_ = true;
        return false;
    }

    core::ResultWriter& writer_;
    ProgressBar& bar_;
    int threads_;
    std::string simId_;
    std::mutex mutex_;
    std::optional<core::Error> error_;
    std::atomic<bool> failed_{false};
    std::vector<std::string> log_;
};

ojson paramJson(const sdk::ParameterSet& params) {
    ojson o = ojson::object();
    for (const auto& [id, v] : params.values())
        o[id] = std::holds_alternative<std::monostate>(v) ? ojson(nullptr) : ojson::parse(sdk::toJson(v));
    return o;
}

void printProblems(const std::vector<sdk::Problem>& problems) {
    std::cerr << "citytwin-cli: error: " << problems.size()
              << (problems.size() == 1 ? " problem" : " problems") << " found; nothing was run:\n";
    for (const sdk::Problem& p : problems) {
        std::string where = p.simulator;
        if (!p.parameter.empty()) where += (where.empty() ? "" : ".") + p.parameter;
        std::cerr << "  - " << (where.empty() ? "" : where + ": ") << p.message << "\n";
    }
}

}  // namespace

int cmdRun(const Args& args) {
    std::string scenarioPath, outDir;
    std::vector<std::string> setArgs, simArgs;
    bool overwrite = false;
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out")
            outDir = optionValue(args, i);
        else if (a == "--set")
            setArgs.push_back(optionValue(args, i));
        else if (a == "--sim")
            simArgs.push_back(optionValue(args, i));
        else if (a == "--overwrite")
            overwrite = true;
        else if (a == "--threads") {
            const std::string& v = optionValue(args, i);
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 1 || n > 1024)
                usageError("--threads expects a whole number from 1 to 1024, got '" + v + "'");
            threads = static_cast<int>(n);
        } else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for run");
        else if (scenarioPath.empty())
            scenarioPath = a;
        else
            usageError("run takes one scenario, got '" + scenarioPath + "' and '" + a + "'");
    }
    if (scenarioPath.empty()) usageError("run needs a scenario file");
    if (outDir.empty()) usageError("run needs --out DIR");
    const auto t0 = std::chrono::steady_clock::now();
    const std::string started = isoNow();

    core::PluginRegistry registry;
    registry.loadDefault();
    for (const core::PluginLoadFailure& f : registry.failures())
        std::cerr << "citytwin-cli: warning: refused " << f.file << ": " << f.message << "\n";

    const core::Scenario scenario = core::loadScenario(scenarioPath);

    // ---- which simulators, with which parameters: every problem at once
    // ---------------------------------------
    std::vector<sdk::Problem> problems;
    std::vector<std::string> simIds;
    auto addSim = [&](const std::string& id) {
        if (std::find(simIds.begin(), simIds.end(), id) == simIds.end()) simIds.push_back(id);
    };
    for (const auto& [id, block] : scenario.simulators)
        addSim(id);
    for (const std::string& id : simArgs)
        addSim(id);
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> overrides;
    for (const std::string& s : setArgs) {
        const auto dot = s.find('.');
        const auto eq = s.find('=');
        if (dot == std::string::npos || eq == std::string::npos || dot > eq || dot == 0 || eq == dot + 1) {
            problems.push_back(
                {{}, {}, "--set '" + s + "': expected SIM.PARAM=VALUE, e.g. flood.duration_s=3600"});
            continue;
        }
        const std::string sim = s.substr(0, dot);
        addSim(sim);
        overrides[sim].push_back({s.substr(dot + 1, eq - dot - 1), s.substr(eq + 1)});
    }
    if (simIds.empty() && problems.empty())
        usageError("nothing to run: " + scenarioPath +
                   " has no \"simulators\" block; name a simulator with --sim");

    struct Planned {
        const core::LoadedSimulator* sim = nullptr;
        sdk::ParameterSet params;
    };
    std::vector<Planned> plan;
    for (const std::string& id : simIds) {
        const core::LoadedSimulator* sim = registry.find(id);
        if (!sim) {
            std::string list;
            for (const auto& s : registry.simulators())
                list += (list.empty() ? "" : ", ") + s->id();
            problems.push_back({id, {}, "unknown simulator (found: " + (list.empty() ? "none" : list) + ")"});
            continue;
        }
        const auto block = scenario.simulators.find(id);
        Planned p;
        p.sim = sim;
        p.params = core::resolveParameters(sim->description(),
                                           block == scenario.simulators.end() ? "" : block->second,
                                           overrides[id], problems);
        plan.push_back(std::move(p));
    }
    if (!problems.empty()) {
        printProblems(problems);
        return core::exitCode(core::ErrorCode::Validation);
    }

    core::OutputDirectory out(outDir, overwrite);
    InterruptGuard interrupts;
    auto cancelled = [&](const std::string& when) {
        out.abort();
        throw core::Error(core::ErrorCode::Cancelled,
                          "run cancelled " + when + "; nothing was written to " + out.path());
    };

    // ---- the city model, then the checks that need it
    // ---------------------------------------------------------
    ProgressBar loadBar("city model");
    core::BuildOptions bo;
    bo.progress = [&](double f, const std::string& stage) {
        loadBar.update(f, stage);
        return gInterrupted.load() == 0;
    };
    core::CityModel model;
    try {
        model = core::buildCityModel(scenario, bo);
    } catch (const core::Error& e) {
        loadBar.finish(e.code() == core::ErrorCode::Cancelled ? "cancelled" : "failed");
        if (e.code() == core::ErrorCode::Cancelled) cancelled("while loading the city model");
        throw;
    }
    const double loadSeconds = secondsSince(t0);
    loadBar.finish("loaded " + std::to_string(model.buildings.size()) + " buildings, " +
                   std::to_string(model.roads.size()) + " roads" +
                   (model.hasTerrain() ? ", terrain " + std::to_string(model.terrain.width()) + " x " +
                                             std::to_string(model.terrain.height())
                                       : std::string()));
    for (Planned& p : plan) {
        core::checkLayerParameters(p.sim->description(), p.params, model, problems);
        for (sdk::Problem& pr : p.sim->validate(model, p.params))
            problems.push_back(std::move(pr));
    }
    if (!problems.empty()) {
        printProblems(problems);
        return core::exitCode(core::ErrorCode::Validation);
    }

    // ---- run
    // ----------------------------------------------------------------------------------------------------
    ojson simsJson = ojson::array();
    for (Planned& p : plan) {
        const sdk::Description& d = p.sim->description();
        core::ResultWriter writer(out.staging(), d);
        ProgressBar bar(d.info.id);
        CliRunContext ctx(writer, bar, threads, d.info.id);
        const auto ts = std::chrono::steady_clock::now();
        core::LoadedSimulator::Outcome outcome{};
        try {
            outcome = p.sim->run(model, p.params, ctx);
        } catch (const core::Error& e) {
            bar.finish("failed");
            out.abort();
            throw core::Error(ctx.error() ? ctx.error()->code() : e.code(),
                              std::string(ctx.error() ? ctx.error()->what() : e.what()) +
                                  "; nothing was written to " + out.path());
        }
        if (ctx.error()) {
            bar.finish("failed");
            out.abort();
            throw core::Error(ctx.error()->code(),
                              std::string(ctx.error()->what()) + "; nothing was written to " + out.path());
        }
        if (outcome == core::LoadedSimulator::Outcome::Cancelled || gInterrupted.load()) {
            bar.finish("cancelled");
            cancelled("during simulator '" + d.info.id + "'");
        }
        writer.finish();
        const double seconds = secondsSince(ts);
        bar.finish("done");

        ojson outs = ojson::array();
        for (const core::WrittenOutput& w : writer.outputs()) {
            ojson o;
            o["id"] = w.id;
            o["kind"] = sdk::toString(w.kind);
            o["unit"] = w.unit;
            o["path"] = w.path;
            if (w.kind == sdk::OutputKind::RasterSeries) o["frames"] = w.frames;
            if (w.kind == sdk::OutputKind::Scalar) o["value"] = w.value;
            outs.push_back(o);
        }
        ojson s;
        s["id"] = d.info.id;
        s["name"] = d.info.name;
        s["version"] = d.info.version;
        s["module"] = p.sim->file();
        s["module_sha256"] = core::sha256File(p.sim->file());
        s["parameters"] = paramJson(p.params);
        s["status"] = "completed";
        s["seconds"] = seconds;
        s["log"] = ctx.logLines();
        s["outputs"] = outs;
        simsJson.push_back(s);
    }

    // ---- manifest
    // ----------------------------------------------------------------------------------------------
    ojson m;
    m["citytwin_run"] = 1;
    m["status"] = "completed";
    m["started"] = started;
    m["finished"] = isoNow();
    m["software"] = {{"citytwin", core::citytwinVersion()},
                     {"sdk_version", CITYTWIN_SDK_VERSION},
                     {"gdal", core::gdalVersion()},
                     {"proj", core::projVersion()}};
    m["command"] = args;
    m["threads"] = threads;
    const std::string scenarioAbs = fs::absolute(scenarioPath).lexically_normal().string();
    m["scenario"] = {
        {"file", scenarioAbs}, {"name", scenario.name}, {"sha256", core::sha256File(scenarioPath)}};
    ojson inputs = ojson::array();
    auto addInputs = [&](const core::DatasetSpec& d) {
        for (const std::string& f : d.files) {
            std::error_code ec;
            const auto size = fs::file_size(f, ec);
            inputs.push_back({{"key", d.key},
                              {"file", f},
                              {"bytes", ec ? 0 : size},
                              {"sha256", f.rfind("/vsi", 0) == 0 ? "" : core::sha256File(f)}});
        }
    };
    if (scenario.terrain) addInputs(*scenario.terrain);
    for (const auto& d : scenario.buildings)
        addInputs(d);
    for (const auto& d : scenario.roads)
        addInputs(d);
    for (const auto& d : scenario.layers)
        addInputs(d);
    m["inputs"] = inputs;
    ojson modelJson;
    modelJson["crs"] = model.crs.describe();
    modelJson["crs_wkt"] = model.crs.wkt();
    modelJson["extent"] = {model.extent.minX, model.extent.minY, model.extent.maxX, model.extent.maxY};
    if (model.hasTerrain())
        modelJson["terrain"] = {{"width", model.terrain.width()},
                                {"height", model.terrain.height()},
                                {"cell_size", model.terrain.geoTransform().cellWidth}};
    modelJson["buildings"] = model.buildings.size();
    modelJson["roads"] = model.roads.size();
    modelJson["import_warnings"] = model.report.warningCount();
    m["model"] = modelJson;
    m["simulators"] = simsJson;
    m["timings"] = {{"load_model_s", loadSeconds}, {"total_s", secondsSince(t0)}};
    core::writeFileAtomically((fs::path(out.staging()) / "manifest.json").string(), m.dump(2) + "\n");
    out.commit();

    std::cout << "results in " << out.path() << ":\n";
    for (const auto& s : simsJson)
        for (const auto& o : s["outputs"]) {
            const std::string unit = o["unit"].get<std::string>();
            std::cout << "  " << o["path"].get<std::string>();
            if (o.contains("value")) {
                std::cout << ": " << o["id"].get<std::string>() << " = " << o["value"].get<double>()
                          << (unit.empty() ? "" : " " + unit) << "\n";
                continue;
            }
            std::cout << "  (" << o["kind"].get<std::string>();
            if (o.contains("frames")) std::cout << ", " << o["frames"].get<std::size_t>() << " frames";
            std::cout << (unit.empty() ? "" : ", " + unit) << ")\n";
        }
    std::cout << "  manifest.json\n";
    return 0;
}

}  // namespace citytwin::cli

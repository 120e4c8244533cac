// The run service: plan, check, load, run in order with coupling, write.

#include "citytwin/core/run_service.h"

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "citytwin/core/hash.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/simulator_host.h"
#include "text_util.h"

namespace citytwin::core {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

std::string isoNow() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// "raster" / "vector" for outputs that can be layers, "" otherwise.
std::string layerKindOf(sdk::OutputKind k) {
    if (k == sdk::OutputKind::Raster) return "raster";
    if (k == sdk::OutputKind::Vector) return "vector";
    return {};
}

/// Where a coupled layer comes from.
struct Provider {
    std::string kind;  // "raster" / "vector" / "" (not usable as a layer)
    int step = -1;     // index of the producing step, or -1
    int folder = -1;   // index into withResults, or -1
};

/// The run context the service gives a simulator: progress and log to the observer, cancel from it, results to
/// the run folder and/or memory, every emitted output checked against the declarations.
class ServiceContext final : public sdk::RunContext {
public:
    ServiceContext(std::string step, RunObserver& observer, ResultWriter& writer, bool writeFiles,
                   const sdk::Description& description, int threads, bool keepAll, std::set<std::string> keepIds)
        : step_(std::move(step)),
          observer_(observer),
          writer_(writer),
          writeFiles_(writeFiles),
          description_(description),
          threads_(threads),
          keepAll_(keepAll),
          keepIds_(std::move(keepIds)) {
        results_.simulator = description.info.id;
        results_.simulatorName = description.info.name;
        results_.simulatorVersion = description.info.version;
    }

    void progress(double fraction, const std::string& stage) noexcept override {
        try {
            observer_.progress(step_, std::clamp(fraction, 0.0, 1.0), stage);
        } catch (...) {
        }
    }
    bool isCancelled() const noexcept override {
        if (failed_.load()) return true;
        try {
            return observer_.cancelRequested();
        } catch (...) {
            return false;
        }
    }
    void log(sdk::LogLevel level, const std::string& message) noexcept override {
        try {
            observer_.log(step_, level, message);
            if (level == sdk::LogLevel::Warning || level == sdk::LogLevel::Error) {
                std::lock_guard<std::mutex> lock(mutex_);
                log_.push_back(std::string(level == sdk::LogLevel::Error ? "error: " : "warning: ") + message);
            }
        } catch (...) {
        }
    }
    int threads() const noexcept override { return threads_; }
    void statistic(const std::string& name, double value) noexcept override {
        try {
            std::lock_guard<std::mutex> lock(mutex_);
            statistics_.emplace_back(name, std::isfinite(value) ? detail::number(value, 12) : "null");
        } catch (...) {
        }
    }

    bool emitRaster(const std::string& id, const Raster& r) noexcept override {
        return guard(id, [&] {
            const sdk::OutputDecl& d = writer_.declared(id, sdk::OutputKind::Raster);
            if (writeFiles_) writer_.raster(id, r);
            if (keeps(id)) {
                OutputData& o = slot(d);
                if (o.raster) throw Error(ErrorCode::Simulation, "output '" + id + "' was emitted twice");
                o.raster = std::make_shared<const Raster>(r);
            }
        });
    }
    bool emitFrame(const std::string& id, double t, const Raster& r) noexcept override {
        return guard(id, [&] {
            const sdk::OutputDecl& d = writer_.declared(id, sdk::OutputKind::RasterSeries);
            if (writeFiles_) {
                writer_.frame(id, t, r);
            } else {
                auto& last = lastFrame_[id];
                if (last && !(t > *last))
                    throw Error(ErrorCode::Simulation, "frame times of '" + id + "' must increase (" +
                                                           detail::number(t) + " s after " + detail::number(*last) +
                                                           " s)");
                last = t;
            }
            // Frames stay on disk unless every output is kept (the viewer reads them back from there).
            if (keepAll_) slot(d).frames.push_back({t, std::make_shared<const Raster>(r)});
        });
    }
    bool emitVector(const std::string& id, const VectorLayer& l) noexcept override {
        return guard(id, [&] {
            const sdk::OutputDecl& d = writer_.declared(id, sdk::OutputKind::Vector);
            if (writeFiles_) writer_.vector(id, l);
            if (keeps(id)) {
                OutputData& o = slot(d);
                if (o.vector) throw Error(ErrorCode::Simulation, "output '" + id + "' was emitted twice");
                o.vector = std::make_shared<const VectorLayer>(l);
            }
        });
    }
    bool emitTable(const std::string& id, const sdk::Table& t) noexcept override {
        return guard(id, [&] {
            const sdk::OutputDecl& d = writer_.declared(id, sdk::OutputKind::Table);
            if (writeFiles_) writer_.table(id, t);
            for (std::size_t i = 0; i < t.rows.size(); ++i)
                if (t.rows[i].size() != t.columns.size())
                    throw Error(ErrorCode::Simulation, "table '" + id + "' row " + std::to_string(i + 1) +
                                                           " has the wrong number of values");
            if (keepAll_) slot(d).table = std::make_shared<const sdk::Table>(t);
        });
    }
    bool emitScalar(const std::string& id, double v) noexcept override {
        return guard(id, [&] {
            const sdk::OutputDecl& d = writer_.declared(id, sdk::OutputKind::Scalar);
            if (writeFiles_) writer_.scalar(id, v);
            if (keepAll_) slot(d).scalar = v;
        });
    }

    const std::optional<Error>& error() const { return error_; }
    std::vector<std::pair<std::string, std::string>> statistics() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return statistics_;
    }
    std::vector<std::string> logLines() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return log_;
    }
    RunResults& results() { return results_; }

private:
    bool keeps(const std::string& id) const { return keepAll_ || keepIds_.count(id) > 0; }
    OutputData& slot(const sdk::OutputDecl& d) {
        for (OutputData& o : results_.outputs)
            if (o.decl.id == d.id) return o;
        results_.outputs.emplace_back();
        OutputData& o = results_.outputs.back();
        o.simulator = description_.info.id;
        o.decl = d;
        return o;
    }

    template <class F>
    bool guard(const std::string& id, F&& f) noexcept {
        std::lock_guard<std::mutex> lock(mutex_);
        if (error_) return false;
        try {
            f();
            return true;
        } catch (const Error& e) {
            error_ = e;
        } catch (const std::bad_alloc&) {
            error_ = Error(ErrorCode::Output, "out of memory while taking output '" + id + "'");
        } catch (const std::exception& e) {
            error_ = Error(ErrorCode::Output, e.what());
        } catch (...) {
            error_ = Error(ErrorCode::Output, "unknown error while taking output '" + id + "'");
        }
        failed_ = true;
        return false;
    }

    std::string step_;
    RunObserver& observer_;
    ResultWriter& writer_;
    bool writeFiles_;
    const sdk::Description& description_;
    int threads_;
    bool keepAll_;
    std::set<std::string> keepIds_;
    mutable std::mutex mutex_;
    std::optional<Error> error_;
    std::atomic<bool> failed_{false};
    std::vector<std::string> log_;
    std::vector<std::pair<std::string, std::string>> statistics_;
    std::map<std::string, std::optional<double>> lastFrame_;
    RunResults results_;
};

std::string modelSummaryJson(const CityModel& model) {
    ojson j;
    j["crs"] = model.crs.describe();
    j["crs_wkt"] = model.crs.wkt();
    j["extent"] = {model.extent.minX, model.extent.minY, model.extent.maxX, model.extent.maxY};
    if (model.hasTerrain())
        j["terrain"] = {{"width", model.terrain.width()},
                        {"height", model.terrain.height()},
                        {"cell_size", model.terrain.geoTransform().cellWidth}};
    j["buildings"] = model.buildings.size();
    j["roads"] = model.roads.size();
    j["import_warnings"] = model.report.warningCount();
    return j.dump();
}

std::vector<InputRecord> inputRecords(const Scenario& scenario) {
    std::vector<InputRecord> inputs;
    auto add = [&](const DatasetSpec& d) {
        for (const std::string& f : d.files) {
            std::error_code ec;
            const auto size = fs::file_size(f, ec);
            inputs.push_back({d.key, f, ec ? 0 : size, f.rfind("/vsi", 0) == 0 ? "" : sha256File(f)});
        }
    };
    if (scenario.terrain) add(*scenario.terrain);
    for (const auto& d : scenario.buildings)
        add(d);
    for (const auto& d : scenario.roads)
        add(d);
    for (const auto& d : scenario.layers)
        add(d);
    return inputs;
}

std::vector<std::string> protectedPaths(const Scenario& scenario, const RunOptions& options) {
    std::vector<std::string> out;
    if (!scenario.file.empty()) out.push_back(scenario.file);
    for (const InputRecord& in : inputRecords(scenario))
        out.push_back(in.file);
    for (const std::string& d : options.withResults)
        out.push_back(d);
    return out;
}

RunReport failure(ErrorCode code, std::string message) {
    RunReport r;
    r.status = code == ErrorCode::Cancelled ? RunReport::Status::Cancelled : RunReport::Status::Failed;
    r.errorCode = code;
    r.message = std::move(message);
    return r;
}

}  // namespace

std::string formatProblems(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems) {
        std::string where = p.simulator;
        if (!p.parameter.empty()) where += (where.empty() ? "" : ".") + p.parameter;
        out += "  - " + (where.empty() ? "" : where + ": ") + p.message + "\n";
    }
    return out;
}

RunService::RunService(const PluginRegistry& registry) : registry_(registry) {}

RunPlan RunService::plan(const Scenario& scenario, const RunOptions& options) const {
    RunPlan plan;
    std::vector<Problem>& problems = plan.problems;

    // Order: the scenario's "run" list (else its blocks, alphabetically), then --sim, then simulators that only
    // appear in --set.
    std::vector<std::string> order;
    auto add = [&](const std::string& id) {
        if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    };
    if (options.onlyListed) {
        // Only what was named; the scenario's blocks still give starting values.
    } else if (!scenario.runOrder.empty()) {
        for (const std::string& id : scenario.runOrder)
            add(id);
    } else {
        for (const auto& [id, block] : scenario.simulators)
            add(id);
    }
    for (const std::string& id : options.simulators)
        add(id);
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> overrides;
    for (const std::string& s : options.sets) {
        const auto dot = s.find('.');
        const auto eq = s.find('=');
        if (dot == std::string::npos || eq == std::string::npos || dot > eq || dot == 0 || eq == dot + 1) {
            problems.push_back({{}, {}, "'" + s + "' (" + options.setsWhere +
                                            "): expected SIM.PARAM=VALUE, e.g. flood.duration_s=3600"});
            continue;
        }
        const std::string sim = s.substr(0, dot);
        if (!options.onlyListed) add(sim);
        overrides[sim].push_back({s.substr(dot + 1, eq - dot - 1), s.substr(eq + 1)});
    }
    if (order.empty() && problems.empty())
        problems.push_back({{}, {},
                            "nothing to run: " + (scenario.file.empty() ? std::string("the scenario") : scenario.file) +
                                " has no \"simulators\" block or \"run\" list; name a simulator with --sim"});

    // Earlier run folders (declarations only here; their data is read when the run starts).
    for (const std::string& dir : options.withResults) {
        try {
            RunReadOptions ro;
            ro.loadData = false;
            plan.withResults.push_back(readRunDirectory(dir, ro));
        } catch (const Error& e) {
            problems.push_back({{}, "with_results", e.what()});
        }
    }

    // Parameters, and which coupled layer comes from where.
    std::map<std::string, Provider> available;
    for (std::size_t f = 0; f < plan.withResults.size(); ++f)
        for (const RunResults& run : plan.withResults[f].runs)
            for (const OutputData& o : run.outputs)
                available[couplingLayerName(run.simulator, o.decl.id)] = {layerKindOf(o.decl.kind), -1,
                                                                          static_cast<int>(f)};
    for (const std::string& id : order) {
        const LoadedSimulator* sim = registry_.find(id);
        if (!sim) {
            std::string list;
            for (const auto& s : registry_.simulators())
                list += (list.empty() ? "" : ", ") + s->id();
            problems.push_back({id, {}, "unknown simulator (found: " + (list.empty() ? "none" : list) + ")"});
            continue;
        }
        const sdk::Description& d = sim->description();
        const auto block = scenario.simulators.find(id);
        PlannedStep step;
        step.simulator = sim;
        step.params = resolveParameters(d, block == scenario.simulators.end() ? "" : block->second, overrides[id],
                                        problems, options.setsWhere,
                                        scenario.file.empty() ? std::string()
                                                              : fs::path(scenario.file).parent_path().string());
        for (const sdk::ParamDecl& p : d.parameters) {
            if (p.type != sdk::ParamType::Layer || !step.params.has(p.id)) continue;
            const std::string& name = step.params.getString(p.id);
            if (name.find('.') == std::string::npos) continue;  // a model layer: checked with the model
            const auto it = available.find(name);
            if (it == available.end()) {
                const std::string producer = name.substr(0, name.find('.'));
                std::string hint;
                const auto later = std::find(order.begin(), order.end(), producer);
                const auto self = std::find(order.begin(), order.end(), id);
                if (later != order.end() && later > self)
                    hint = "; '" + producer + "' runs after '" + id + "': list it first in the scenario's \"run\"";
                else if (later != order.end())
                    hint = "; '" + producer + "' has no such output (see citytwin-cli describe " + producer + ")";
                else
                    hint = "; add '" + producer + "' to this run or pass --with-results with a folder of its run";
                problems.push_back({id, p.id, "layer '" + name +
                                                  "' is not made by an earlier simulator of this run nor by a "
                                                  "--with-results folder" +
                                                  hint});
                continue;
            }
            if (it->second.kind.empty()) {
                problems.push_back({id, p.id, "'" + name + "' is a table, scalar or series, not a layer"});
                continue;
            }
            if (!p.layerKind.empty() && p.layerKind != it->second.kind) {
                problems.push_back({id, p.id, "'" + name + "' is a " + it->second.kind + " layer; a " + p.layerKind +
                                                  " layer is needed"});
                continue;
            }
            step.coupledInputs.emplace_back(p.id, name);
        }
        const int stepIndex = static_cast<int>(plan.steps.size());
        for (const sdk::OutputDecl& o : d.outputs)
            available[couplingLayerName(id, o.id)] = {layerKindOf(o.kind), stepIndex, -1};
        plan.steps.push_back(std::move(step));
    }
    return plan;
}

namespace {

/// The coupled layers a step may name: every earlier step's outputs and the --with-results folders'.
std::map<std::string, std::string> coupledKinds(const RunPlan& plan, std::size_t upTo) {
    std::map<std::string, std::string> out;
    for (const RunFolder& f : plan.withResults)
        for (const RunResults& run : f.runs)
            for (const OutputData& o : run.outputs)
                if (!layerKindOf(o.decl.kind).empty())
                    out[couplingLayerName(run.simulator, o.decl.id)] = layerKindOf(o.decl.kind);
    for (std::size_t i = 0; i < upTo && i < plan.steps.size(); ++i)
        for (const sdk::OutputDecl& o : plan.steps[i].simulator->description().outputs)
            if (!layerKindOf(o.kind).empty())
                out[couplingLayerName(plan.steps[i].simulator->id(), o.id)] = layerKindOf(o.kind);
    return out;
}

/// The step's parameters with its coupled layers left unset, for a check before those layers exist.
sdk::ParameterSet withoutCoupled(const PlannedStep& step) {
    sdk::ParameterSet p = step.params;
    for (const auto& [param, layer] : step.coupledInputs)
        p.set(param, std::string());
    return p;
}

}  // namespace

std::vector<Problem> RunService::check(const RunPlan& plan, const CityModel& model) const {
    std::vector<Problem> problems;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const PlannedStep& step = plan.steps[i];
        const sdk::Description& d = step.simulator->description();
        checkLayerParameters(d, step.params, model, problems, coupledKinds(plan, i));
        for (Problem& p : step.simulator->validate(model, withoutCoupled(step)))
            problems.push_back(std::move(p));
    }
    return problems;
}

RunReport RunService::run(const Scenario& scenario, const RunOptions& options, RunObserver& observer) const {
    return run(scenario, nullptr, options, observer);
}

RunReport RunService::run(const Scenario& scenario, std::shared_ptr<const CityModel> given, const RunOptions& options,
                          RunObserver& observer) const {
    // Failures of the run come back in the report; only what escapes that (a bug, memory exhaustion) lands here,
    // after the output folder's destructor removed the staging folder.
    try {
        return runImpl(scenario, std::move(given), options, observer);
    } catch (const Error& e) {
        return failure(e.code(), e.what());
    } catch (const std::bad_alloc&) {
        return failure(ErrorCode::Internal, "out of memory; nothing was written");
    } catch (const std::exception& e) {
        return failure(ErrorCode::Internal, std::string("internal error: ") + e.what() + "; nothing was written");
    }
}

RunReport RunService::runImpl(const Scenario& scenario, std::shared_ptr<const CityModel> given,
                              const RunOptions& options, RunObserver& observer) const {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string started = isoNow();
    RunPlan plan = this->plan(scenario, options);
    if (!plan.problems.empty()) {
        RunReport r;
        r.status = RunReport::Status::Invalid;
        r.errorCode = ErrorCode::Validation;
        r.problems = std::move(plan.problems);
        return r;
    }

    // The target first: a bad --out fails before minutes of loading.
    std::unique_ptr<OutputDirectory> out;
    if (!options.outDir.empty()) {
        try {
            out = std::make_unique<OutputDirectory>(options.outDir, options.overwrite, protectedPaths(scenario, options));
        } catch (const Error& e) {
            return failure(e.code(), e.what());
        }
    }
    const std::string nothing = out ? "; nothing was written to " + out->path() : std::string();
    std::vector<std::string> cleaned = out ? out->cleaned() : std::vector<std::string>{};

    // The city model.
    std::shared_ptr<const CityModel> model = std::move(given);
    double loadSeconds = 0.0;
    if (!model) {
        observer.stepStarted("model", "city model");
        BuildOptions bo;
        bo.progress = [&](double f, const std::string& stage) {
            observer.progress("model", f, stage);
            return !observer.cancelRequested();
        };
        try {
            model = std::make_shared<const CityModel>(buildCityModel(scenario, bo));
        } catch (const Error& e) {
            const bool cancelled = e.code() == ErrorCode::Cancelled;
            observer.stepFinished("model", cancelled ? "cancelled" : "failed", e.what());
            if (out) out->abort();
            RunReport r = failure(e.code(), cancelled ? "run cancelled while loading the city model" + nothing
                                                      : std::string(e.what()) + nothing);
            r.cleaned = cleaned;
            return r;
        }
        loadSeconds = secondsSince(t0);
        observer.stepFinished(
            "model", "done",
            "loaded " + std::to_string(model->buildings.size()) + " buildings, " + std::to_string(model->roads.size()) +
                " roads" +
                (model->hasTerrain()
                     ? ", terrain " + std::to_string(model->terrain.width()) + " x " + std::to_string(model->terrain.height())
                     : std::string()));
    }

    {
        std::vector<Problem> problems = check(plan, *model);
        if (!problems.empty()) {
            if (out) out->abort();
            RunReport r;
            r.status = RunReport::Status::Invalid;
            r.errorCode = ErrorCode::Validation;
            r.problems = std::move(problems);
            r.cleaned = cleaned;
            return r;
        }
    }

    // Outputs that later steps read as layers stay in memory.
    std::map<std::size_t, std::set<std::string>> keepFor;
    bool chained = false;
    for (const PlannedStep& step : plan.steps)
        for (const auto& [param, layer] : step.coupledInputs) {
            chained = true;
            const std::string sim = layer.substr(0, layer.find('.'));
            for (std::size_t i = 0; i < plan.steps.size(); ++i)
                if (plan.steps[i].simulator->id() == sim) keepFor[i].insert(layer.substr(layer.find('.') + 1));
        }
    std::shared_ptr<CityModel> working;
    if (chained) working = std::make_shared<CityModel>(*model);
    const CityModel* current = working ? working.get() : model.get();

    RunRecord record;
    record.started = started;
    record.command = options.command;
    const int threads = options.threads > 0 ? options.threads
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    record.threads = threads;
    record.scenarioFile = scenario.file.empty() ? "" : fs::absolute(scenario.file).lexically_normal().string();
    record.scenarioName = scenario.name;
    record.scenarioSha256 = scenario.file.empty() ? "" : sha256File(scenario.file);
    record.inputs = inputRecords(scenario);
    // Input files named by simulator parameters (already absolute and checked), recorded like the datasets.
    for (const PlannedStep& step : plan.steps)
        for (const sdk::ParamDecl& p : step.simulator->description().parameters) {
            if (p.type != sdk::ParamType::File || !step.params.has(p.id)) continue;
            const std::string& f = step.params.getString(p.id);
            if (f.empty()) continue;
            std::error_code ec;
            const auto size = fs::file_size(f, ec);
            record.inputs.push_back({step.simulator->id() + "." + p.id, f, ec ? 0 : size, sha256File(f)});
        }
    record.modelJson = modelSummaryJson(*model);
    record.loadModelSeconds = loadSeconds;

    auto fail = [&](ErrorCode code, const std::string& message) {
        if (out) out->abort();
        RunReport r = failure(code, message + nothing);
        r.cleaned = cleaned;
        return r;
    };

    // Earlier run folders: their referenced outputs become layers.
    for (std::size_t f = 0; f < options.withResults.size(); ++f) {
        std::set<std::string> wanted;
        for (const PlannedStep& step : plan.steps)
            for (const auto& [param, layer] : step.coupledInputs)
                wanted.insert(layer);
        ChainRecord chain;
        chain.dir = plan.withResults[f].dir;
        chain.manifestSha256 = sha256File((fs::path(chain.dir) / "manifest.json").string());
        try {
            const RunFolder folder = readRunDirectory(chain.dir);
            for (const RunResults& run : folder.runs)
                for (const OutputData& o : run.outputs) {
                    const std::string name = couplingLayerName(run.simulator, o.decl.id);
                    if (layerKindOf(o.decl.kind).empty()) continue;
                    chain.layers.push_back(name);
                    if (!wanted.count(name) || !working) continue;
                    // A later step of this run that makes the same output wins (it is newer).
                    if (o.raster) working->rasters[name] = *o.raster;
                    if (o.vector) working->vectors[name] = *o.vector;
                }
        } catch (const Error& e) {
            return fail(e.code(), e.what());
        }
        record.chain.push_back(std::move(chain));
    }

    RunReport report;
    report.cleaned = cleaned;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const PlannedStep& step = plan.steps[i];
        const LoadedSimulator& sim = *step.simulator;
        const sdk::Description& d = sim.description();
        observer.stepStarted(d.info.id, d.info.name);
        if (!step.coupledInputs.empty()) {
            std::vector<Problem> problems;
            checkLayerParameters(d, step.params, *current, problems);
            for (Problem& p : sim.validate(*current, step.params))
                problems.push_back(std::move(p));
            if (!problems.empty()) {
                observer.stepFinished(d.info.id, "failed", "inputs from earlier simulators are not usable");
                return fail(ErrorCode::Validation, "'" + d.info.id + "' cannot use what the earlier simulators made:\n" +
                                                       formatProblems(problems));
            }
        }
        ResultWriter writer(out ? out->staging() : std::string(), d);
        ServiceContext ctx(d.info.id, observer, writer, out != nullptr, d, threads, options.keepResults, keepFor[i]);
        const auto ts = std::chrono::steady_clock::now();
        LoadedSimulator::Outcome outcome{};
        try {
            outcome = sim.run(*current, step.params, ctx);
        } catch (const Error& e) {
            observer.stepFinished(d.info.id, "failed", e.what());
            const Error& first = ctx.error() ? *ctx.error() : e;
            return fail(first.code(), first.what());
        }
        if (ctx.error()) {
            observer.stepFinished(d.info.id, "failed", ctx.error()->what());
            return fail(ctx.error()->code(), ctx.error()->what());
        }
        const bool cancelAsked = observer.cancelRequested();
        if (outcome == LoadedSimulator::Outcome::Cancelled || cancelAsked) {
            if (outcome == LoadedSimulator::Outcome::Completed)
                report.warnings.push_back("simulator '" + d.info.id +
                                          "' did not honour the cancel request: it ran to completion (" + sim.file() +
                                          ")");
            observer.stepFinished(d.info.id, "cancelled", "cancelled");
            RunReport r = fail(ErrorCode::Cancelled, "run cancelled during simulator '" + d.info.id + "'");
            r.warnings = report.warnings;
            return r;
        }
        if (out) {
            try {
                writer.finish();
            } catch (const Error& e) {
                observer.stepFinished(d.info.id, "failed", e.what());
                return fail(e.code(), e.what());
            }
        }
        const double seconds = secondsSince(ts);

        SimulatorRecord rec;
        rec.info = d.info;
        rec.module = sim.file();
        rec.moduleSha256 = sha256File(sim.file());
        for (const auto& [id, v] : step.params.entries())
            rec.parameters.emplace_back(id, std::holds_alternative<std::monostate>(v) ? "null" : sdk::toJson(v));
        rec.coupledInputs = step.coupledInputs;
        rec.seconds = seconds;
        rec.log = ctx.logLines();
        rec.statistics = ctx.statistics();
        rec.outputs = writer.outputs();
        if (!out) {
            // Kept in memory only: record what was emitted, without files.
            for (const OutputData& o : ctx.results().outputs)
                rec.outputs.push_back({d.info.id, o.decl, "", o.frames.size(), o.scalar, 0, {}});
        }
        record.simulators.push_back(rec);

        RunResults& results = ctx.results();
        results.label = d.info.id;
        results.parameters = rec.parameters;
        results.coupledInputs = rec.coupledInputs;
        results.log = rec.log;
        results.seconds = seconds;
        if (out)
            for (OutputData& o : results.outputs)
                for (const WrittenOutput& w : writer.outputs())
                    if (w.decl.id == o.decl.id) o.path = w.path;
        if (working)
            for (const OutputData& o : results.outputs) {
                const std::string name = couplingLayerName(d.info.id, o.decl.id);
                if (o.raster) working->rasters[name] = *o.raster;
                if (o.vector) working->vectors[name] = *o.vector;
            }
        if (options.keepResults) report.results.push_back(std::move(results));
        observer.stepFinished(d.info.id, "done", "done");
    }

    record.finished = isoNow();
    record.totalSeconds = secondsSince(t0);
    if (out) {
        try {
            writeManifest(out->staging(), record);
            out->commit();
        } catch (const Error& e) {
            RunReport r = failure(e.code(), e.what());
            r.cleaned = cleaned;
            return r;
        }
        report.outDir = out->path();
        for (RunResults& r : report.results)
            r.runDir = out->path();
    }
    report.status = RunReport::Status::Completed;
    report.record = std::move(record);
    return report;
}

}  // namespace citytwin::core

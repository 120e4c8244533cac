// citytwin-cli run: a thin caller of the run service (core/run_service.h). Two faces: progress bars for
// people, or the worker protocol (--progress jsonl, docs/worker-protocol.md) for the viewer and batch
// runners.

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/text.h"
#include "commands.h"
#include "progress_bar.h"

namespace citytwin::cli {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

// Set by SIGINT/SIGTERM (and "cancel" on stdin in worker mode); read by the observer. A second signal ends
// the process at once.
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

// ---- a simulator that ends the process
// -------------------------------------------------------------------------- A plug-in may call exit() inside
// run(). Without a guard the CLI would exit with the plug-in's code (0, say) having written nothing. While a
// simulator runs, an atexit handler turns that into a failure that says so.

std::atomic<bool> gSimulatorRunning{false};
std::mutex gGuardMutex;
std::string gGuardSimulator;  // guarded by gGuardMutex
std::string gGuardStaging;
bool gGuardJson = false;

extern "C" void onExitDuringRun() {
    if (!gSimulatorRunning.load()) return;
    std::string sim, staging;
    {
        std::lock_guard<std::mutex> lock(gGuardMutex);
        sim = gGuardSimulator;
        staging = gGuardStaging;
    }
    std::error_code ec;
    if (!staging.empty()) fs::remove_all(staging, ec);
    const int code = core::exitCode(core::ErrorCode::Plugin);
    const std::string message =
        "simulator '" + sim +
        "' ended the process during its run (it called exit()); no results were written";
    if (gGuardJson) {
        ojson j = {{"type", "result"},
                   {"status", "failed"},
                   {"error", "plugin"},
                   {"exit_code", code},
                   {"message", message}};
        std::printf("%s\n", j.dump().c_str());
        std::fflush(stdout);
    } else {
        std::fprintf(stderr, "citytwin-cli: error: %s\n", message.c_str());
    }
    std::_Exit(code);
}

// ---- observers
// ----------------------------------------------------------------------------------------------------

/// Progress bars and log lines on stderr.
class BarObserver : public core::RunObserver {
public:
    void stepStarted(const std::string& step, const std::string&) override {
        std::lock_guard<std::mutex> lock(mutex_);
        bars_[step] = std::make_unique<ProgressBar>(step == "model" ? "city model" : step);
        current_ = bars_[step].get();
    }
    void progress(const std::string& step, double f, const std::string& stage) override {
        ProgressBar* bar = find(step);
        if (bar) bar->update(f, stage);
    }
    void log(const std::string& step, sdk::LogLevel level, const std::string& message) override {
        if (level == sdk::LogLevel::Debug) return;
        const char* tag = level == sdk::LogLevel::Error     ? "error"
                          : level == sdk::LogLevel::Warning ? "warning"
                                                            : "info";
        const std::string line = "[" + step + "] " + tag + ": " + message;
        ProgressBar* bar = find(step);
        if (bar)
            bar->message(line);
        else
            std::cerr << line << "\n";
    }
    void stepFinished(const std::string& step, const std::string& outcome,
                      const std::string& summary) override {
        ProgressBar* bar = find(step);
        if (bar) bar->finish(outcome == "done" ? summary : outcome);
    }
    bool cancelRequested() override { return gInterrupted.load() != 0; }

private:
    ProgressBar* find(const std::string& step) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = bars_.find(step);
        return it == bars_.end() ? nullptr : it->second.get();
    }
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<ProgressBar>> bars_;
    ProgressBar* current_ = nullptr;
};

/// The worker protocol: one JSON object per line on stdout (docs/worker-protocol.md). Progress at most every
/// 100 ms per step; a reader that went away counts as a cancel.
class JsonObserver : public core::RunObserver {
public:
    void emit(const ojson& j) {
        std::lock_guard<std::mutex> lock(mutex_);
        const std::string line = j.dump() + "\n";
        if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
            gInterrupted = 1;  // the viewer is gone: stop
    }
    void stepStarted(const std::string& step, const std::string& title) override {
        emit({{"type", "step"}, {"step", step}, {"title", title}});
    }
    void progress(const std::string& step, double f, const std::string& stage) override {
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto& last = last_[step];
            if (f < 1.0 && now - last < std::chrono::milliseconds(100)) return;
            last = now;
        }
        emit({{"type", "progress"}, {"step", step}, {"fraction", f}, {"stage", stage}});
    }
    void log(const std::string& step, sdk::LogLevel level, const std::string& message) override {
        static const char* names[] = {"debug", "info", "warning", "error"};
        emit({{"type", "log"},
              {"step", step},
              {"level", names[static_cast<int>(level)]},
              {"message", message}});
    }
    void stepFinished(const std::string& step, const std::string& outcome,
                      const std::string& summary) override {
        emit({{"type", "step_done"}, {"step", step}, {"outcome", outcome}, {"summary", summary}});
    }
    bool cancelRequested() override { return gInterrupted.load() != 0; }

private:
    std::mutex mutex_;
    std::map<std::string, std::chrono::steady_clock::time_point> last_;
};

/// Wraps an observer to arm the exit guard while a simulator (not the model load) runs.
class GuardedObserver : public core::RunObserver {
public:
    GuardedObserver(core::RunObserver& inner, std::string staging)
        : inner_(inner), staging_(std::move(staging)) {}
    void stepStarted(const std::string& step, const std::string& title) override {
        if (step != "model") {
            std::lock_guard<std::mutex> lock(gGuardMutex);
            gGuardSimulator = step;
            gGuardStaging = staging_;
            gSimulatorRunning = true;
        }
        inner_.stepStarted(step, title);
    }
    void progress(const std::string& s, double f, const std::string& stage) override {
        inner_.progress(s, f, stage);
    }
    void log(const std::string& s, sdk::LogLevel l, const std::string& m) override { inner_.log(s, l, m); }
    void stepFinished(const std::string& step, const std::string& outcome,
                      const std::string& summary) override {
        gSimulatorRunning = false;
        inner_.stepFinished(step, outcome, summary);
    }
    bool cancelRequested() override { return inner_.cancelRequested(); }

private:
    core::RunObserver& inner_;
    std::string staging_;
};

/// Reads "cancel" lines from stdin in worker mode (EOF is not a cancel: batch runners give /dev/null).
void watchStdin() {
    std::thread([] {
        std::string line;
        while (std::getline(std::cin, line))
            if (core::trim(line) == "cancel") gInterrupted = 1;
    }).detach();
}

std::string problemsText(const std::vector<core::Problem>& problems) {
    return std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
           " found; nothing was run:\n" + core::formatProblems(problems);
}

}  // namespace

int cmdRun(const Args& args) {
    std::string scenarioPath;
    core::RunOptions options;
    std::string progressMode = "bar";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out")
            options.outDir = optionValue(args, i);
        else if (a == "--set")
            options.sets.push_back(optionValue(args, i));
        else if (a == "--sim")
            options.simulators.push_back(optionValue(args, i));
        else if (a == "--only") {
            options.simulators.push_back(optionValue(args, i));
            options.onlyListed = true;
        } else if (a == "--with-results")
            options.withResults.push_back(optionValue(args, i));
        else if (a == "--overwrite")
            options.overwrite = true;
        else if (a == "--progress") {
            progressMode = optionValue(args, i);
            if (progressMode != "bar" && progressMode != "jsonl")
                usageError("--progress expects bar or jsonl, got '" + progressMode + "'");
        } else if (a == "--threads") {
            const std::string& v = optionValue(args, i);
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < 1 || n > 1024)
                usageError("--threads expects a whole number from 1 to 1024, got '" + v + "'");
            options.threads = static_cast<int>(n);
        } else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for run");
        else if (scenarioPath.empty())
            scenarioPath = a;
        else
            usageError("run takes one scenario, got '" + scenarioPath + "' and '" + a + "'");
    }
    if (scenarioPath.empty()) usageError("run needs a scenario file");
    if (options.outDir.empty()) usageError("run needs --out DIR");
    options.command = args;
    options.command.insert(options.command.begin(), "run");
    const bool json = progressMode == "jsonl";

    JsonObserver jsonObserver;
    BarObserver barObserver;
    core::RunObserver& inner = json ? static_cast<core::RunObserver&>(jsonObserver) : barObserver;
    if (json) {
        ::signal(SIGPIPE, SIG_IGN);  // a vanished reader is seen as a failed write, then a cancel
        jsonObserver.emit({{"type", "hello"}, {"protocol", 1}, {"pid", static_cast<long>(::getpid())}});
        watchStdin();
    }
    auto finishJson = [&](const std::string& status, core::ErrorCode code, const std::string& message,
                          const std::string& out, const ojson& extra = ojson::object()) {
        ojson j = {{"type", "result"},
                   {"status", status},
                   {"exit_code", status == "completed" ? 0 : core::exitCode(code)},
                   {"message", message},
                   {"out", out}};
        if (status != "completed") j["error"] = core::toString(code);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            j[it.key()] = it.value();
        jsonObserver.emit(j);
    };

    core::PluginRegistry registry;
    registry.loadDefault();
    for (const core::PluginLoadFailure& f : registry.failures()) {
        if (json)
            jsonObserver.log("plugins", sdk::LogLevel::Warning, "refused " + f.file + ": " + f.message);
        else
            std::cerr << "citytwin-cli: warning: refused " << f.file << ": " << f.message << "\n";
    }

    core::Scenario scenario;
    try {
        scenario = core::loadScenario(scenarioPath);
    } catch (const core::Error& e) {
        if (!json) throw;
        finishJson("failed", e.code(), e.what(), "");
        return core::exitCode(e.code());
    }

    if (scenario.simulators.empty() && scenario.runOrder.empty() && options.simulators.empty() &&
        options.sets.empty())
        usageError("nothing to run: " + scenarioPath +
                   " has no \"simulators\" block; name a simulator with --sim");

    InterruptGuard interrupts;
    std::string staging;
    {
        fs::path p = fs::absolute(options.outDir).lexically_normal();
        if (p.filename().empty()) p = p.parent_path();
        std::error_code ec;
        const fs::path c = fs::weakly_canonical(p, ec);
        staging = (ec ? p : c).string() + ".partial-" + std::to_string(::getpid());
    }
    {
        std::lock_guard<std::mutex> lock(gGuardMutex);
        gGuardJson = json;
    }
    static bool registered = false;
    if (!registered) {
        std::atexit(onExitDuringRun);
        std::at_quick_exit(onExitDuringRun);
        registered = true;
    }
    GuardedObserver observer(inner, staging);
    const core::RunService service(registry);
    const core::RunReport report = service.run(scenario, options, observer);
    gSimulatorRunning = false;

    for (const std::string& c : report.cleaned) {
        const std::string text = "removed the staging folder of an interrupted run: " + c;
        if (json)
            jsonObserver.log("run", sdk::LogLevel::Info, text);
        else
            std::cerr << "citytwin-cli: " << text << "\n";
    }
    for (const std::string& w : report.warnings) {
        if (json)
            jsonObserver.log("run", sdk::LogLevel::Warning, w);
        else
            std::cerr << "citytwin-cli: warning: " << w << "\n";
    }

    switch (report.status) {
        case core::RunReport::Status::Invalid: {
            if (json) {
                ojson problems = ojson::array();
                for (const core::Problem& p : report.problems)
                    problems.push_back(
                        {{"simulator", p.simulator}, {"parameter", p.parameter}, {"message", p.message}});
                finishJson("invalid", core::ErrorCode::Validation, problemsText(report.problems), "",
                           {{"problems", problems}});
            } else {
                std::cerr << "citytwin-cli: error: " << problemsText(report.problems);
            }
            return core::exitCode(core::ErrorCode::Validation);
        }
        case core::RunReport::Status::Cancelled:
        case core::RunReport::Status::Failed:
            if (json) {
                finishJson(report.status == core::RunReport::Status::Cancelled ? "cancelled" : "failed",
                           report.errorCode, report.message, "");
                return core::exitCode(report.errorCode);
            }
            throw core::Error(report.errorCode, report.message);
        case core::RunReport::Status::Completed:
            break;
    }

    if (json) {
        finishJson("completed", core::ErrorCode::Internal, "", report.outDir);
        return 0;
    }
    std::cout << "results in " << report.outDir << ":\n";
    for (const core::SimulatorRecord& s : report.record.simulators)
        for (const core::WrittenOutput& o : s.outputs) {
            const std::string& unit = o.decl.unit;
            std::cout << "  " << o.path;
            if (o.decl.kind == sdk::OutputKind::Scalar) {
                std::cout << ": " << o.decl.id << " = " << core::number(o.value, 6)
                          << (unit.empty() ? "" : " " + unit) << "\n";
                continue;
            }
            std::cout << "  (" << sdk::toString(o.decl.kind);
            if (o.decl.kind == sdk::OutputKind::RasterSeries) std::cout << ", " << o.frames << " frames";
            std::cout << (unit.empty() ? "" : ", " + unit) << ")\n";
            if (!o.omxPath.empty()) std::cout << "  " << o.omxPath << "  (matrix, OMX)\n";
        }
    std::cout << "  manifest.json\n";
    return 0;
}

}  // namespace citytwin::cli

// citytwin-cli ensemble plan|run|collect: scenario ensembles (docs/scale-out.md, docs/ensemble-format.md), a
// thin caller of core/ensemble.h. Under an MPI launcher (`mpirun -n N citytwin-cli ensemble run ...`) the
// ranks take members dynamically from rank 0; as a Slurm array task (--task/--tasks) each task runs its
// share; alone it runs them in order. Every member goes through the run service into its own run folder, as
// `citytwin-cli run` would write it.

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/ensemble.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/text.h"
#include "commands.h"

#ifdef CITYTWIN_WITH_MPI
#include <mpi.h>
#endif

namespace citytwin::cli {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

std::atomic<int> gStop{0};

extern "C" void onEnsembleInterrupt(int sig) {
    if (gStop.exchange(1) != 0) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
}

/// Prints one line per member event (stderr), prefixed with the worker; thread-safe.
class LineObserver : public core::EnsembleObserver {
public:
    explicit LineObserver(std::string worker) : worker_(std::move(worker)) {}
    void memberStarted(const core::EnsembleMember& m) override {
        say("member " + m.name + " (" + std::to_string(m.index + 1) + "): running");
    }
    void memberFinished(const core::MemberOutcome& o) override {
        std::string line = "member " + o.name + ": " + core::toString(o.status);
        if (o.status == core::MemberOutcome::Status::Completed)
            line += " in " + core::fixed(o.seconds, 1) + " s";
        if (o.status != core::MemberOutcome::Status::Completed && !o.message.empty())
            line += " (" + o.message + ")";
        say(line);
    }
    bool cancelRequested() override { return gStop.load() != 0; }

private:
    void say(const std::string& line) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::cerr << (worker_.empty() ? "" : "[" + worker_ + "] ") << line << "\n";
    }
    std::string worker_;
    std::mutex mutex_;
};

/// True when an MPI launcher started this process (Open MPI, MPICH/Hydra, Slurm's srun with PMI/PMIx).
bool launchedByMpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}

int exitCodeOf(const std::vector<core::MemberOutcome>& outcomes) {
    int code = 0;
    for (const core::MemberOutcome& o : outcomes) {
        switch (o.status) {
            case core::MemberOutcome::Status::Cancelled:
                return core::exitCode(core::ErrorCode::Cancelled);
            case core::MemberOutcome::Status::Invalid:
                code = std::max(code, core::exitCode(core::ErrorCode::Validation));
                break;
            case core::MemberOutcome::Status::Failed:
                code = std::max(code, core::exitCode(core::ErrorCode::Simulation));
                break;
            default:
                break;
        }
    }
    return code;
}

std::string summaryText(const std::vector<core::MemberOutcome>& outcomes, std::size_t members,
                        double seconds) {
    int completed = 0, skipped = 0, failed = 0, cancelled = 0;
    for (const core::MemberOutcome& o : outcomes) {
        completed += o.status == core::MemberOutcome::Status::Completed;
        skipped += o.status == core::MemberOutcome::Status::Skipped;
        cancelled += o.status == core::MemberOutcome::Status::Cancelled;
        failed += o.status == core::MemberOutcome::Status::Failed ||
                  o.status == core::MemberOutcome::Status::Invalid;
    }
    std::ostringstream s;
    s << "ensemble: " << completed << " members run, " << skipped << " skipped (already complete), " << failed
      << " failed" << (cancelled ? ", " + std::to_string(cancelled) + " cancelled" : std::string()) << " of "
      << members << " in " << core::fixed(seconds, 1) << " s";
    return s.str();
}

ojson outcomeJson(const core::MemberOutcome& o) {
    return {{"index", o.index},     {"name", o.name},       {"status", core::toString(o.status)},
            {"message", o.message}, {"seconds", o.seconds}, {"worker", o.worker}};
}

core::MemberOutcome outcomeFrom(const ojson& j) {
    core::MemberOutcome o;
    o.index = j.at("index").get<int>();
    o.name = j.at("name").get<std::string>();
    const std::string s = j.at("status").get<std::string>();
    for (auto st : {core::MemberOutcome::Status::Skipped, core::MemberOutcome::Status::Completed,
                    core::MemberOutcome::Status::Invalid, core::MemberOutcome::Status::Failed,
                    core::MemberOutcome::Status::Cancelled})
        if (s == core::toString(st)) o.status = st;
    o.message = j.at("message").get<std::string>();
    o.seconds = j.at("seconds").get<double>();
    o.worker = j.at("worker").get<std::string>();
    return o;
}

int parseCount(const std::string& option, const std::string& v, int min, int max) {
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < min || n > max)
        usageError(option + " expects a whole number from " + std::to_string(min) + " to " +
                   std::to_string(max) + ", got '" + v + "'");
    return static_cast<int>(n);
}

std::string selfPath() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("citytwin-cli") : p.string();
}

#ifdef CITYTWIN_WITH_MPI

constexpr int kTagRequest = 301;
constexpr int kTagMember = 302;

/// Members handed out by rank 0 as ranks ask: rank 0 answers from a thread while its main thread runs members
/// too (it takes from the same list). With less than MPI_THREAD_SERIALIZED, rank 0 only hands out.
class MpiQueue : public core::MemberQueue {
public:
    MpiQueue(std::vector<int> indices, int rank, int size, bool rootWorks)
        : indices_(std::move(indices)), rank_(rank), size_(size), rootWorks_(rootWorks) {
        if (rank_ == 0 && size_ > 1) server_ = std::thread([this] { serve(); });
    }
    ~MpiQueue() override { finish(); }
    std::optional<int> next() override {
        if (rank_ == 0) {
            if (!rootWorks_) return std::nullopt;
            return take();
        }
        if (toldNone_) return std::nullopt;
        int request = kWant, index = -1;
        MPI_Send(&request, 1, MPI_INT, 0, kTagRequest, MPI_COMM_WORLD);
        MPI_Recv(&index, 1, MPI_INT, 0, kTagMember, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (index >= 0) return index;
        toldNone_ = true;
        return std::nullopt;
    }
    /// Other ranks: tell rank 0 this rank takes no more (when it stopped early, on a cancel). Rank 0: wait
    /// until every other rank has done so.
    void finish() {
        if (rank_ != 0 && !toldNone_) {
            int request = kLeaving, index = -1;
            MPI_Send(&request, 1, MPI_INT, 0, kTagRequest, MPI_COMM_WORLD);
            MPI_Recv(&index, 1, MPI_INT, 0, kTagMember, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            toldNone_ = true;
        }
        if (server_.joinable()) server_.join();
    }

private:
    std::optional<int> take() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (pos_ >= indices_.size() || gStop.load()) return std::nullopt;
        return indices_[pos_++];
    }
    void serve() {
        int done = 0;
        while (done < size_ - 1) {
            int request = 0;
            MPI_Status status;
            MPI_Recv(&request, 1, MPI_INT, MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &status);
            const std::optional<int> index = request == kWant ? take() : std::nullopt;
            const int reply = index ? *index : -1;
            if (!index) ++done;
            MPI_Send(&reply, 1, MPI_INT, status.MPI_SOURCE, kTagMember, MPI_COMM_WORLD);
        }
    }
    static constexpr int kWant = 0;     // a rank asks for a member
    static constexpr int kLeaving = 1;  // a rank stops asking (cancelled)
    std::vector<int> indices_;
    std::size_t pos_ = 0;
    bool toldNone_ = false;
    int rank_;
    int size_;
    bool rootWorks_;
    std::mutex mutex_;
    std::thread server_;
};

/// Every rank's outcomes on rank 0 (as JSON text).
std::vector<core::MemberOutcome> gatherOutcomes(const std::vector<core::MemberOutcome>& mine, int rank,
                                                int size) {
    ojson a = ojson::array();
    for (const core::MemberOutcome& o : mine)
        a.push_back(outcomeJson(o));
    const std::string text = a.dump();
    int n = static_cast<int>(text.size());
    std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
    MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string all;
    if (rank == 0) {
        int total = 0;
        for (int i = 0; i < size; ++i) {
            offsets[static_cast<std::size_t>(i)] = total;
            total += counts[static_cast<std::size_t>(i)];
        }
        all.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(text.data(), n, MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR, 0,
                MPI_COMM_WORLD);
    std::vector<core::MemberOutcome> out;
    if (rank != 0) return out;
    for (int i = 0; i < size; ++i)
        for (const ojson& j :
             ojson::parse(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(i)]),
                                     static_cast<std::size_t>(counts[static_cast<std::size_t>(i)]))))
            out.push_back(outcomeFrom(j));
    return out;
}

#endif

// ---- plan
// ---------------------------------------------------------------------------------------------------------

int ensemblePlan(const Args& args) {
    std::string file, out;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--out")
            out = optionValue(args, i);
        else if (args[i].rfind("--", 0) == 0)
            usageError("unknown option '" + args[i] + "' for ensemble plan");
        else if (file.empty())
            file = args[i];
        else
            usageError("ensemble plan takes one ensemble file");
    }
    if (file.empty()) usageError("ensemble plan needs an ensemble file");
    const core::Ensemble e = core::loadEnsemble(file);
    std::optional<core::EnsembleLayout> layout;
    if (!out.empty()) layout.emplace(out);
    if (json) {
        ojson j = ojson::parse(core::ensembleToJson(e));
        if (layout)
            for (ojson& m : j["members"]) {
                std::string detail;
                m["state"] = core::toString(
                    core::memberState(e, e.members[m["index"].get<std::size_t>()], *layout, &detail));
            }
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << "ensemble \"" << e.name << "\" (" << e.file << ")\n";
    std::cout << "base scenario: " << e.baseFile << "\n";
    for (const auto& [k, v] : e.fixedSets)
        std::cout << "every member: " << k << " = " << v << "\n";
    for (const core::EnsembleAxis& a : e.axes) {
        std::cout << "axis " << a.name << ": " << (a.parameter.empty() ? "dataset " + a.dataset : a.parameter)
                  << ", " << a.values.size() << " values (" << a.kind << "):";
        for (std::size_t k = 0; k < a.values.size() && k < 12; ++k)
            std::cout << " " << (a.dataset.empty() ? a.values[k] : fs::path(a.values[k]).filename().string());
        if (a.values.size() > 12) std::cout << " ...";
        std::cout << "\n";
    }
    std::cout << e.members.size() << " members (" << e.combine << "):\n";
    for (const core::EnsembleMember& m : e.members) {
        std::cout << "  " << m.name;
        for (std::size_t i = 0; i < e.axes.size(); ++i) {
            const core::EnsembleAxis& a = e.axes[i];
            const std::string& v = a.values[static_cast<std::size_t>(m.at[i])];
            std::cout << "  " << a.name << "=" << (a.dataset.empty() ? v : fs::path(v).filename().string());
        }
        if (layout) {
            std::string detail;
            std::cout << "  [" << core::toString(core::memberState(e, m, *layout, &detail)) << "]";
        }
        std::cout << "\n";
    }
    return 0;
}

// ---- run
// ----------------------------------------------------------------------------------------------------------

int ensembleRun(const Args& args) {
    std::string file;
    core::EnsembleRunOptions options;
    std::vector<std::string> only;
    int task = -1, tasks = 0;
    bool slurm = false;
    bool threadsGiven = false;
    core::SlurmOptions so;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out")
            options.out = optionValue(args, i);
        else if (a == "--threads") {
            options.threads = parseCount(a, optionValue(args, i), 1, 1024);
            threadsGiven = true;
        } else if (a == "--overwrite")
            options.overwrite = true;
        else if (a == "--member")
            only.push_back(optionValue(args, i));
        else if (a == "--task")
            task = parseCount(a, optionValue(args, i), 0, 1000000);
        else if (a == "--tasks")
            tasks = parseCount(a, optionValue(args, i), 1, 1000000);
        else if (a == "--slurm")
            slurm = true;
        else if (a == "--array-tasks")
            so.tasks = parseCount(a, optionValue(args, i), 1, 1000000);
        else if (a == "--max-parallel")
            so.maxParallel = parseCount(a, optionValue(args, i), 1, 1000000);
        else if (a == "--cpus-per-task")
            so.cpusPerTask = parseCount(a, optionValue(args, i), 1, 1024);
        else if (a == "--time")
            so.time = optionValue(args, i);
        else if (a == "--partition")
            so.partition = optionValue(args, i);
        else if (a == "--account")
            so.account = optionValue(args, i);
        else if (a == "--mem")
            so.memory = optionValue(args, i);
        else if (a == "--sbatch")
            so.extra.push_back(optionValue(args, i));
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for ensemble run");
        else if (file.empty())
            file = a;
        else
            usageError("ensemble run takes one ensemble file");
    }
    if (file.empty()) usageError("ensemble run needs an ensemble file");
    if (options.out.empty())
        usageError("ensemble run needs --out DIR (the members' run folders go under DIR/members)");
    if ((task >= 0) != (tasks > 0)) usageError("--task and --tasks go together (Slurm array task i of n)");
    if (task >= tasks && tasks > 0) usageError("--task must be below --tasks");

    const core::Ensemble e = core::loadEnsemble(file);
    const core::EnsembleLayout layout(options.out);
    options.command = {"ensemble", "run", e.file, "--out", layout.root};

    if (slurm) {
        core::prepareEnsembleFolder(e, layout);
        so.cli = selfPath();
        so.ensembleFile = e.file;
        so.out = layout.root;
        std::error_code ec;
        fs::create_directories(layout.slurmDir(), ec);
        const std::string array = (fs::path(layout.slurmDir()) / "ensemble.sbatch").string();
        const std::string collect = (fs::path(layout.slurmDir()) / "collect.sbatch").string();
        core::writeFileAtomically(array, core::slurmArrayScript(e, so));
        core::writeFileAtomically(collect, core::slurmCollectScript(e, so));
        fs::permissions(array, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add, ec);
        fs::permissions(collect, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add, ec);
        std::cout << "wrote " << array << "\n  and " << collect << "\nsubmit:\n  jid=$(sbatch --parsable "
                  << array << ")\n  sbatch --dependency=afterany:${jid%%;*} " << collect << "\n";
        return 0;
    }

    std::vector<int> indices;
    if (!only.empty()) {
        for (const std::string& name : only) {
            const core::EnsembleMember* m = e.find(name);
            if (!m)
                usageError("the ensemble has no member '" + name + "' (see 'citytwin-cli ensemble plan')");
            indices.push_back(m->index);
        }
    } else if (tasks > 0) {
        indices = core::taskShare(e, task, tasks);
    } else {
        for (const core::EnsembleMember& m : e.members)
            indices.push_back(m.index);
    }

    struct sigaction sa {};
    sa.sa_handler = onEnsembleInterrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    core::PluginRegistry registry;
    registry.loadDefault();
    const core::RunService service(registry);
    const auto start = std::chrono::steady_clock::now();

    if (launchedByMpi()) {
#ifdef CITYTWIN_WITH_MPI
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided);
        int rank = 0, size = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        if (!threadsGiven) {
            // The ranks on one node share its cores.
            const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
            const int perNode = local ? std::max(1, std::atoi(local)) : 1;
            options.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / perNode);
        }
        options.worker = "rank " + std::to_string(rank) + " of " + std::to_string(size);
        int prepared = 1;
        std::string error;
        if (rank == 0) {
            try {
                core::prepareEnsembleFolder(e, layout);
            } catch (const core::Error& err) {
                prepared = 0;
                error = err.what();
            }
        }
        MPI_Bcast(&prepared, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (!prepared) {
            MPI_Finalize();
            if (rank == 0) throw core::Error(core::ErrorCode::Output, error);
            return core::exitCode(core::ErrorCode::Output);
        }
        const bool rootWorks = size == 1 || provided >= MPI_THREAD_SERIALIZED;
        if (rank == 0 && !rootWorks)
            std::cerr << "[rank 0] the MPI library gives no threaded access: rank 0 only hands out members\n";
        LineObserver observer(options.worker);
        std::vector<core::MemberOutcome> mine;
        {
            MpiQueue queue(indices, rank, size, rootWorks);
            mine = core::runMembers(service, e, queue, options, observer);
            queue.finish();
        }
        const std::vector<core::MemberOutcome> all = gatherOutcomes(mine, rank, size);
        int code = 0;
        if (rank == 0) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::cout << summaryText(all, indices.size(), seconds) << " on " << size << " ranks\n";
            code = exitCodeOf(all);
        }
        MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        return code;
#else
        std::cerr
            << "citytwin-cli: warning: started by an MPI launcher, but this citytwin-cli was built without "
               "MPI (CITYTWIN_WITH_MPI=OFF): every rank would run every member; running on this process "
               "only if it is rank 0\n";
        const char* r = std::getenv("OMPI_COMM_WORLD_RANK");
        if (!r) r = std::getenv("PMI_RANK");
        if (r && std::atoi(r) != 0) return 0;
#endif
    }

    options.worker =
        tasks > 0 ? "task " + std::to_string(task) + " of " + std::to_string(tasks) : std::string();
    core::prepareEnsembleFolder(e, layout);
    LineObserver observer(options.worker);
    core::SequentialQueue queue(indices);
    const std::vector<core::MemberOutcome> outcomes = core::runMembers(service, e, queue, options, observer);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << summaryText(outcomes, indices.size(), seconds) << "\n";
    return exitCodeOf(outcomes);
}

// ---- collect
// ----------------------------------------------------------------------------------------------------------

int ensembleCollect(const Args& args) {
    std::string file;
    core::CollectOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out")
            options.out = optionValue(args, i);
        else if (a == "--dir")
            options.dir = optionValue(args, i);
        else if (a == "--raster")
            options.extra.rasters.push_back(optionValue(args, i));
        else if (a == "--threshold") {
            const std::string v = optionValue(args, i);
            const auto eq = v.find('=');
            char* end = nullptr;
            const double t = eq == std::string::npos ? 0.0 : std::strtod(v.c_str() + eq + 1, &end);
            if (eq == std::string::npos || v.find('.') > eq || end == v.c_str() + eq + 1 || *end != '\0' ||
                !std::isfinite(t))
                usageError("--threshold expects SIM.OUTPUT=VALUE (e.g. flood.max_depth=0.3), got '" + v +
                           "'");
            options.extra.exceedance.emplace_back(v.substr(0, eq), t);
        } else if (a == "--allow-missing")
            options.allowMissing = true;
        else if (a == "--overwrite")
            options.overwrite = true;
        else if (a.rfind("--", 0) == 0)
            usageError("unknown option '" + a + "' for ensemble collect");
        else if (file.empty())
            file = a;
        else
            usageError("ensemble collect takes one ensemble file");
    }
    if (file.empty()) usageError("ensemble collect needs an ensemble file");
    if (options.out.empty()) usageError("ensemble collect needs --out DIR (where the ensemble ran)");
    const core::Ensemble e = core::loadEnsemble(file);
    options.command = args;
    options.command.insert(options.command.begin(), {"ensemble", "collect"});
    const core::CollectReport r = core::collectEnsemble(e, options);
    std::cout << "collected " << r.complete << " of " << r.members << " members into " << r.dir << ":\n";
    for (const std::string& f : r.files)
        std::cout << "  " << f << "\n";
    for (const std::string& m : r.missing)
        std::cout << "  not collected: " << m << "\n";
    return 0;
}

}  // namespace

int cmdEnsemble(const Args& args) {
    if (args.empty()) usageError("ensemble needs a subcommand: plan, run or collect");
    const std::string sub = args.front();
    const Args rest(args.begin() + 1, args.end());
    if (sub == "plan") return ensemblePlan(rest);
    if (sub == "run") return ensembleRun(rest);
    if (sub == "collect") return ensembleCollect(rest);
    usageError("unknown ensemble subcommand '" + sub + "' (plan, run or collect)");
}

}  // namespace citytwin::cli

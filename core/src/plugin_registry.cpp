#include "citytwin/core/plugin_registry.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "citytwin/core/error.h"
#include "citytwin/core/simulator_host.h"

namespace citytwin::core {

namespace fs = std::filesystem;

namespace {

CtStatus freshStatus() {
    CtStatus s{};
    s.code = CT_OK;
    return s;
}

}  // namespace

LoadedSimulator::LoadedSimulator(const CityTwinPluginV1* table, void* instance, sdk::Description description,
                                 std::string file)
    : table_(table), instance_(instance), description_(std::move(description)), file_(std::move(file)) {}

LoadedSimulator::~LoadedSimulator() {
    if (table_ && instance_) table_->destroy(instance_);
}

sdk::Description LoadedSimulator::describeAgain() const {
    sdk::Description d;
    CtStatus status = freshStatus();
    if (table_->describe(instance_, &d, &status) != CT_OK)
        throw Error(ErrorCode::Plugin,
                    "simulator '" + id() + "' failed to describe itself: " + status.message);
    return d;
}

std::vector<sdk::Problem> LoadedSimulator::validate(const CityModel& model,
                                                    const sdk::ParameterSet& params) const {
    std::vector<sdk::Problem> problems;
    CtStatus status = freshStatus();
    if (table_->validate(instance_, &model, &params, &problems, &status) != CT_OK)
        problems.push_back(sdk::Problem{id(), {}, std::string("validation failed: ") + status.message});
    for (sdk::Problem& p : problems)
        if (p.simulator.empty()) p.simulator = id();
    return problems;
}

std::vector<sdk::Preview> LoadedSimulator::preview(const sdk::ParameterSet& params,
                                                   std::string* error) const {
    std::vector<sdk::Preview> out;
    if (error) error->clear();
    if (!table_->preview) return out;
    CtStatus status = freshStatus();
    if (table_->preview(instance_, &params, &out, &status) != CT_OK) {
        if (error) *error = status.message;
        return {};
    }
    return out;
}

LoadedSimulator::Outcome LoadedSimulator::run(const CityModel& model, const sdk::ParameterSet& params,
                                              sdk::RunContext& context) const {
    CtStatus status = freshStatus();
    const int code = table_->run(instance_, &model, &params, &context, &status);
    if (code == CT_OK) return Outcome::Completed;
    if (code == CT_CANCELLED) return Outcome::Cancelled;
    ErrorCode ec = ErrorCode::Simulation;
    if (status.errorCode >= 0 && status.errorCode <= static_cast<int>(ErrorCode::Cancelled))
        ec = static_cast<ErrorCode>(status.errorCode);
    // Errors about inputs keep their class; everything else is a failure of the simulation.
    if (ec == ErrorCode::Internal || ec == ErrorCode::Usage || ec == ErrorCode::Plugin)
        ec = ErrorCode::Simulation;
    throw Error(ec, std::string("simulator '") + id() + "' failed: " + status.message);
}

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() {
    simulators_.clear();  // destroy instances before their code is unloaded
    for (void* h : handles_)
        dlclose(h);
}

std::vector<std::string> PluginRegistry::defaultSearchPath() {
    std::vector<std::string> dirs;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path() / CITYTWIN_PLUGIN_DIR_FROM_BIN).lexically_normal().string());
    if (const char* env = std::getenv("CITYTWIN_PLUGIN_PATH")) {
        std::string s = env;
        std::size_t start = 0;
        while (start <= s.size()) {
            const std::size_t colon = s.find(':', start);
            const std::string part =
                s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!part.empty()) dirs.push_back(part);
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
    }
    return dirs;
}

void PluginRegistry::loadDefault() {
    const std::vector<std::string> dirs = defaultSearchPath();
    for (std::size_t i = 0; i < dirs.size(); ++i)
        loadDirectory(dirs[i], /*mustExist=*/i > 0);
}

void PluginRegistry::loadDirectory(const std::string& dir, bool mustExist) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        if (mustExist) failures_.push_back({dir, "plug-in directory not found"});
        return;
    }
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".so") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files)
        loadFile(f);
}

void PluginRegistry::loadFile(const std::string& path) {
    auto fail = [&](const std::string& message) { failures_.push_back({path, message}); };
    dlerror();
    // RTLD_NODELETE: a module is never unmapped, even by dlclose. Simulators run on OpenMP; unmapping a
    // module at exit would unmap libgomp under its idle worker threads, which then crash the ending process
    // (exit 139 after every test had passed, about one run in six, before this flag).
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
        const char* why = dlerror();
        fail(std::string("cannot be loaded: ") + (why ? why : "unknown reason"));
        return;
    }
    auto reject = [&](const std::string& message) {
        fail(message);
        dlclose(handle);
    };
    void* sym = dlsym(handle, CITYTWIN_PLUGIN_ENTRY_NAME);
    if (!sym) {
        reject("not a CityTwin plug-in: it has no '" CITYTWIN_PLUGIN_ENTRY_NAME "' entry point");
        return;
    }
    const CityTwinPluginV1* table = nullptr;
    try {
        // The entry point of a well-formed plug-in cannot throw (CITYTWIN_PLUGIN); guard against ones that
        // do.
        table = reinterpret_cast<CityTwinPluginEntry>(sym)();
    } catch (const std::exception& e) {
        reject(std::string("its entry point threw an exception: ") + e.what());
        return;
    } catch (...) {
        reject("its entry point threw an exception");
        return;
    }
    if (!table || table->magic != CITYTWIN_PLUGIN_MAGIC) {
        reject("not a CityTwin plug-in: its entry point returned no plug-in table");
        return;
    }
    if (table->sdkVersion != CITYTWIN_SDK_VERSION) {
        reject("built for CityTwin SDK version " + std::to_string(table->sdkVersion) +
               ", but this CityTwin provides " + "version " + std::to_string(CITYTWIN_SDK_VERSION) +
               "; rebuild the plug-in against this SDK");
        return;
    }
    if (!table->abiTag || std::strcmp(table->abiTag, CITYTWIN_SDK_ABI_TAG) != 0) {
        reject(std::string("built with another C++ standard library ABI (") +
               (table->abiTag ? table->abiTag : "?") + ", this CityTwin uses " CITYTWIN_SDK_ABI_TAG ")");
        return;
    }
    CtStatus status = freshStatus();
    void* instance = table->create(&status);
    if (!instance) {
        reject(std::string("creating its simulator failed: ") + status.message);
        return;
    }
    sdk::Description description;
    if (table->describe(instance, &description, &status) != CT_OK) {
        table->destroy(instance);
        reject(std::string("describing its simulator failed: ") + status.message);
        return;
    }
    const std::string& id = description.info.id;
    if (const std::vector<std::string> bad = checkDescription(description); !bad.empty()) {
        table->destroy(instance);
        std::string all;
        for (const std::string& b : bad)
            all += (all.empty() ? "" : "; ") + b;
        reject("declares its simulator wrongly: " + all);
        return;
    }
    if (const LoadedSimulator* other = find(id)) {
        table->destroy(instance);
        reject("declares simulator id '" + id + "', already provided by " + other->file());
        return;
    }
    handles_.push_back(handle);
    simulators_.push_back(std::make_unique<LoadedSimulator>(table, instance, std::move(description), path));
}

const LoadedSimulator* PluginRegistry::find(const std::string& id) const {
    for (const auto& s : simulators_)
        if (s->id() == id) return s.get();
    return nullptr;
}

}  // namespace citytwin::core

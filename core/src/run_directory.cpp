// The run folder: writing outputs, the manifest, the all-or-nothing folder, and reading it back.

#include "citytwin/core/run_directory.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <variant>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/error.h"
#include "citytwin/core/hash.h"
#include "citytwin/core/omx.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/vector_io.h"
#include "citytwin/core/version.h"
#include "citytwin/sdk/version.h"
#include "decl_json.h"
#include "text_util.h"

namespace citytwin::core {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace {

using detail::number;

/// Tables start with a UTF-8 byte-order mark: spreadsheet programs then read Korean text as UTF-8 instead of the
/// system code page (CP949 on Korean Windows). GDAL, QGIS, pandas ("utf-8-sig") and this reader skip it.
const std::string kUtf8Bom = "\xEF\xBB\xBF";

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvValue(const AttributeValue& v) {
    if (std::holds_alternative<double>(v)) return number(std::get<double>(v));
    return csvField(toText(v));
}

void ensureDir(const fs::path& p) {
    std::error_code ec;
    fs::create_directories(p, ec);
    if (ec) throw fileError(ErrorCode::Output, p.string(), "cannot create directory: " + ec.message());
}

std::uintmax_t sizeOf(const fs::path& p) {
    std::error_code ec;
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
}

/// Canonical form of a path that may not exist yet (its existing ancestors resolved).
fs::path canonicalish(const fs::path& p) {
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec).lexically_normal();
    const fs::path c = fs::weakly_canonical(abs, ec);
    return ec ? abs : c;
}

/// True when `inner` is `outer` or lies inside it (both canonical).
bool within(const fs::path& inner, const fs::path& outer) {
    auto o = outer.begin();
    auto i = inner.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

bool processAlive(long pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

// ---- CSV ------------------------------------------------------------------------------------------------------

/// Cells of a matrix table beyond this many zones are not written as OMX (a dense file of n x n doubles per
/// value column; 5000 zones = 200 MB each): the CSV table holds them.
constexpr std::size_t kMaxOmxZones = 5000;

/// Writes a TableRole::Matrix table as an OMX file: zones are the ids found in the origin and destination
/// columns (numerically sorted when all are integers, else in order of first appearance), one matrix per
/// numeric value column (named after the column), cells not in the table 0. Returns false (and writes
/// nothing) for more than kMaxOmxZones zones or a table without numeric value columns.
/// @throws Error(Simulation) for a table that does not hold what its declaration says.
bool writeMatrixOmx(const sdk::Table& t, const sdk::OutputDecl& d, const std::string& file, const std::string& sim) {
    const Error::Context where{{}, {}, sim + "." + d.id};
    const auto column = [&](const std::string& name) {
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].name == name) return i;
        throw Error(ErrorCode::Simulation, "matrix table '" + d.id + "' has no column '" + name + "'", where);
    };
    const std::size_t oc = column(d.style.xColumn);
    const std::size_t dc = column(d.style.groupColumn);
    std::vector<std::size_t> valueColumns;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c == oc || c == dc) continue;
        bool numeric = true;
        for (const auto& row : t.rows)
            numeric = numeric && (std::holds_alternative<double>(row[c]) ||
                                  std::holds_alternative<std::int64_t>(row[c]) ||
                                  std::holds_alternative<std::monostate>(row[c]));
        if (numeric) valueColumns.push_back(c);
    }
    if (valueColumns.empty()) return false;
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& row : t.rows)
        for (std::size_t c : {oc, dc}) {
            const std::string id = toText(row[c]);
            if (id.empty())
                throw Error(ErrorCode::Simulation, "matrix table '" + d.id + "' has a row without its " +
                                                       t.columns[c].name,
                            where);
            if (index.emplace(id, ids.size()).second) ids.push_back(id);
            if (ids.size() > kMaxOmxZones) return false;
        }
    bool integers = !ids.empty();
    std::vector<long long> numbers;
    for (const std::string& id : ids) {
        std::size_t used = 0;
        try {
            numbers.push_back(std::stoll(id, &used, 10));
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != id.size() || std::to_string(numbers.back()) != id) {
            integers = false;
            break;
        }
    }
    if (integers) {
        std::vector<std::size_t> order(ids.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return numbers[a] < numbers[b]; });
        std::vector<std::string> sorted;
        for (std::size_t i : order)
            sorted.push_back(ids[i]);
        ids = std::move(sorted);
        for (std::size_t i = 0; i < ids.size(); ++i)
            index[ids[i]] = i;
    }
    const std::size_t n = ids.size();
    std::vector<omx::Matrix> matrices;
    for (std::size_t c : valueColumns)
        matrices.push_back({t.columns[c].name, std::vector<double>(n * n, 0.0)});
    std::vector<bool> seen(n * n, false);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        const std::size_t cell = index.at(toText(row[oc])) * n + index.at(toText(row[dc]));
        if (seen[cell])
            throw Error(ErrorCode::Simulation,
                        "matrix table '" + d.id + "' row " + std::to_string(r + 1) + ": the cell " + toText(row[oc]) +
                            " -> " + toText(row[dc]) + " is given twice",
                        where);
        seen[cell] = true;
        for (std::size_t k = 0; k < valueColumns.size(); ++k) {
            const AttributeValue& v = row[valueColumns[k]];
            matrices[k].values[cell] = std::holds_alternative<double>(v)         ? std::get<double>(v)
                                       : std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v))
                                                                                 : std::nan("");
        }
    }
    omx::write(file, matrices, ids);
    return true;
}

std::string toCsv(const sdk::Table& table) {
    std::string out;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        if (i) out += ',';
        const sdk::TableColumn& c = table.columns[i];
        out += csvField(c.unit.empty() ? c.name : c.name + " [" + c.unit + "]");
    }
    out += '\n';
    for (const auto& row : table.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            out += csvValue(row[i]);
        }
        out += '\n';
    }
    return out;
}

// ---- ResultWriter ---------------------------------------------------------------------------------------------

ResultWriter::ResultWriter(std::string runDir, sdk::Description description)
    : runDir_(std::move(runDir)), description_(std::move(description)) {}

std::string ResultWriter::simDir() const {
    return (fs::path(runDir_) / description_.info.id).string();
}

const sdk::OutputDecl& ResultWriter::declared(const std::string& id, sdk::OutputKind kind) const {
    for (const sdk::OutputDecl& o : description_.outputs) {
        if (o.id != id) continue;
        if (o.kind != kind)
            throw Error(ErrorCode::Simulation,
                        "output '" + id + "' is declared as " + sdk::toString(o.kind) + " but was emitted as " +
                            sdk::toString(kind),
                        Error::Context{{}, {}, description_.info.id + "." + id});
        return o;
    }
    throw Error(ErrorCode::Simulation, "emitted an undeclared output '" + id + "'",
                Error::Context{{}, {}, description_.info.id});
}

namespace {
void checkOnce(const std::vector<WrittenOutput>& done, const std::string& sim, const std::string& id) {
    for (const WrittenOutput& w : done)
        if (w.decl.id == id)
            throw Error(ErrorCode::Simulation, "output '" + id + "' was emitted twice", Error::Context{{}, {}, sim + "." + id});
}
}  // namespace

void ResultWriter::raster(const std::string& id, const Raster& r) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Raster);
    checkOnce(outputs_, description_.info.id, id);
    ensureDir(simDir());
    Raster copy = r;
    if (copy.unit.empty()) copy.unit = d.unit;
    if (copy.name.empty()) copy.name = d.label;
    const std::string rel = description_.info.id + "/" + id + ".tif";
    const fs::path file = fs::path(runDir_) / rel;
    writeRaster(copy, file.string());
    outputs_.push_back({description_.info.id, d, rel, 0, 0.0, sizeOf(file), {}});
}

void ResultWriter::frame(const std::string& id, double timeS, const Raster& r) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::RasterSeries);
    Series& s = series_[id];
    if (!std::isfinite(timeS))
        throw Error(ErrorCode::Simulation, "frame time of '" + id + "' is not a number",
                    Error::Context{{}, {}, description_.info.id + "." + id});
    if (!s.frames.empty() && !(timeS > s.frames.back().first))
        throw Error(ErrorCode::Simulation,
                    "frame times of '" + id + "' must increase (" + number(timeS) + " s after " +
                        number(s.frames.back().first) + " s)",
                    Error::Context{{}, {}, description_.info.id + "." + id});
    const fs::path dir = fs::path(simDir()) / id;
    ensureDir(dir);
    char name[160];
    std::snprintf(name, sizeof name, "%s_%04zu.tif", id.c_str(), s.frames.size());
    Raster copy = r;
    if (copy.unit.empty()) copy.unit = d.unit;
    if (copy.name.empty()) copy.name = d.label + " at " + number(timeS) + " s";
    writeRaster(copy, (dir / name).string());
    s.bytes += sizeOf(dir / name);
    s.frames.push_back({timeS, name});
}

void ResultWriter::vector(const std::string& id, const VectorLayer& layer) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Vector);
    checkOnce(outputs_, description_.info.id, id);
    ensureDir(simDir());
    VectorLayer copy = layer;
    copy.name = id;
    const std::string rel = description_.info.id + "/" + id + ".gpkg";
    const fs::path file = fs::path(runDir_) / rel;
    writeGeoPackage(copy, file.string());
    outputs_.push_back({description_.info.id, d, rel, 0, 0.0, sizeOf(file), {}});
}

void ResultWriter::table(const std::string& id, const sdk::Table& t) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Table);
    checkOnce(outputs_, description_.info.id, id);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.rows[i].size() != t.columns.size())
            throw Error(ErrorCode::Simulation,
                        "table '" + id + "' row " + std::to_string(i + 1) + " has " + std::to_string(t.rows[i].size()) +
                            " values for " + std::to_string(t.columns.size()) + " columns",
                        Error::Context{{}, {}, description_.info.id + "." + id});
    ensureDir(simDir());
    const std::string rel = description_.info.id + "/" + id + ".csv";
    const fs::path file = fs::path(runDir_) / rel;
    writeFileAtomically(file.string(), kUtf8Bom + toCsv(t));
    WrittenOutput w{description_.info.id, d, rel, 0, 0.0, sizeOf(file), {}};
    if (d.style.tableRole == sdk::TableRole::Matrix && omx::available()) {
        const std::string omxRel = description_.info.id + "/" + id + ".omx";
        if (writeMatrixOmx(t, d, (fs::path(runDir_) / omxRel).string(), description_.info.id)) {
            w.omxPath = omxRel;
            w.bytes += sizeOf(fs::path(runDir_) / omxRel);
        }
    }
    outputs_.push_back(std::move(w));
}

void ResultWriter::scalar(const std::string& id, double value) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Scalar);
    checkOnce(outputs_, description_.info.id, id);
    scalars_.push_back({id, value});
    outputs_.push_back({description_.info.id, d, description_.info.id + "/scalars.csv", 0, value, 0, {}});
}

void ResultWriter::finish() {
    for (const auto& [id, s] : series_) {
        sdk::Table index;
        index.columns = {{"frame", ""}, {"time", "s"}, {"file", ""}};
        for (std::size_t i = 0; i < s.frames.size(); ++i)
            index.rows.push_back({static_cast<std::int64_t>(i), s.frames[i].first, s.frames[i].second});
        const std::string rel = description_.info.id + "/" + id + "/index.csv";
        writeFileAtomically((fs::path(runDir_) / rel).string(), toCsv(index));
        const sdk::OutputDecl& d = declared(id, sdk::OutputKind::RasterSeries);
        outputs_.push_back({description_.info.id, d, rel, s.frames.size(), 0.0, s.bytes, {}});
    }
    if (!scalars_.empty()) {
        sdk::Table t;
        t.columns = {{"output", ""}, {"label", ""}, {"value", ""}, {"unit", ""}};
        for (const auto& [id, value] : scalars_) {
            const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Scalar);
            t.rows.push_back({id, d.label, value, d.unit});
        }
        ensureDir(simDir());
        writeFileAtomically((fs::path(simDir()) / "scalars.csv").string(), kUtf8Bom + toCsv(t));
    }
}

// ---- the folder -------------------------------------------------------------------------------------------------

bool isRunDirectory(const std::string& dir) {
    std::ifstream in(fs::path(dir) / "manifest.json");
    if (!in) return false;
    try {
        json m = json::parse(in);
        return m.is_object() && m.contains("citytwin_run") && m.at("citytwin_run").is_number_integer() &&
               m.at("citytwin_run").get<long long>() >= 1 && m.at("citytwin_run").get<long long>() <= kRunFormatVersion;
    } catch (const std::exception&) {
        return false;
    }
}

OutputDirectory::OutputDirectory(std::string dir, bool overwrite, std::vector<std::string> protectedPaths)
    : overwrite_(overwrite) {
    if (dir.empty()) throw Error(ErrorCode::Output, "no output directory was given");
    fs::path p = canonicalish(dir);
    if (p.filename().empty()) p = p.parent_path();  // "out/" -> "out"
    dir_ = p.string();
    if (p == p.root_path()) throw fileError(ErrorCode::Output, dir_, "the file system root cannot be an output directory");
    std::error_code ec;
    const fs::path parent = p.parent_path();
    if (!fs::exists(parent, ec)) {
        fs::create_directories(parent, ec);
        if (ec) throw fileError(ErrorCode::Output, parent.string(), "cannot create the parent directory: " + ec.message());
    }
    lockPath_ = (parent / ("." + p.filename().string() + ".lock")).string();
    lock();
    try {
        if (fs::exists(p, ec)) {
            if (!fs::is_directory(p, ec)) throw fileError(ErrorCode::Output, dir_, "exists and is not a directory");
            if (!fs::is_empty(p, ec)) {
                if (!overwrite)
                    throw fileError(ErrorCode::Output, dir_,
                                    "output directory exists and is not empty; choose another or pass --overwrite "
                                    "(which replaces only a CityTwin run folder)");
                if (!isRunDirectory(dir_))
                    throw fileError(ErrorCode::Output, dir_,
                                    "is not a CityTwin run folder (it has no manifest.json written by a run), so "
                                    "--overwrite will not replace it; nothing was deleted. Choose a new or empty "
                                    "folder for --out");
                const fs::path cwd = canonicalish(fs::current_path(ec));
                if (!ec && within(cwd, p))
                    throw fileError(ErrorCode::Output, dir_,
                                    "is (or contains) the current working directory; --overwrite will not replace "
                                    "it. Run from elsewhere or choose another --out");
                for (const std::string& in : protectedPaths) {
                    if (in.empty() || in.rfind("/vsi", 0) == 0) continue;
                    if (within(canonicalish(in), p))
                        throw fileError(ErrorCode::Output, dir_,
                                        "holds an input of this run (" + in +
                                            "); --overwrite will not replace it. Choose another --out");
                }
            }
        }
        // Protected inputs may not lie inside a new folder either (a later --overwrite would delete them).
        for (const std::string& in : protectedPaths) {
            if (in.empty() || in.rfind("/vsi", 0) == 0) continue;
            if (within(canonicalish(in), p) && !fs::exists(p, ec))
                throw fileError(ErrorCode::Output, dir_, "would contain an input of this run (" + in + ")");
        }
        // Under the lock nobody else writes this target: every staging folder of it is a killed run's.
        const std::string stem = p.filename().string();
        for (const auto& entry : fs::directory_iterator(parent, ec)) {
            const std::string name = entry.path().filename().string();
            for (const char* tag : {".partial-", ".old-"}) {
                const std::string prefix = stem + tag;
                if (name.rfind(prefix, 0) != 0) continue;
                const std::string pidText = name.substr(prefix.size());
                if (pidText.empty() || pidText.find_first_not_of("0123456789") != std::string::npos) continue;
                const long pid = std::strtol(pidText.c_str(), nullptr, 10);
                if (pid == ::getpid()) continue;
                // A ".old-" folder of a live process is a run that is replacing this folder right now; but the lock
                // says no run is. Either way it is left over.
                std::error_code rec;
                fs::remove_all(entry.path(), rec);
                if (!rec)
                    cleaned_.push_back(entry.path().string() + (processAlive(pid) ? "" : " (its run, process " +
                                                                                           pidText + ", had ended)"));
            }
        }
        staging_ = dir_ + ".partial-" + std::to_string(::getpid());
        fs::remove_all(staging_, ec);
        fs::create_directories(staging_, ec);
        if (ec) throw fileError(ErrorCode::Output, staging_, "cannot create the output directory: " + ec.message());
    } catch (...) {
        unlock();
        throw;
    }
}

OutputDirectory::~OutputDirectory() {
    if (!done_) abort();
    unlock();
}

void OutputDirectory::lock() {
    // flock on a lock file beside the target; retried when the file was replaced between open and lock, so two
    // runs can never both believe they hold it.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int fd = ::open(lockPath_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            throw fileError(ErrorCode::Output, lockPath_, std::string("cannot create the lock file: ") + std::strerror(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            std::string holder;
            char buf[64] = {};
            if (::pread(fd, buf, sizeof buf - 1, 0) > 0) holder = detail::trim(buf);
            ::close(fd);
            throw fileError(ErrorCode::Output, dir_,
                            "another run" + (holder.empty() ? std::string() : " (process " + holder + ")") +
                                " is writing this output directory now; wait for it or choose another --out");
        }
        struct stat a {}, b {};
        if (::fstat(fd, &a) == 0 && ::stat(lockPath_.c_str(), &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
            const std::string pid = std::to_string(::getpid()) + "\n";
            if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
            lockFd_ = fd;
            return;
        }
        ::close(fd);
    }
    throw fileError(ErrorCode::Output, lockPath_, "cannot take the lock (it keeps being replaced)");
}

void OutputDirectory::unlock() noexcept {
    if (lockFd_ < 0) return;
    ::unlink(lockPath_.c_str());  // while still holding it: a waiting run re-checks the inode (see lock())
    ::close(lockFd_);
    lockFd_ = -1;
}

void OutputDirectory::abort() noexcept {
    std::error_code ec;
    if (!staging_.empty()) fs::remove_all(staging_, ec);
    done_ = true;
}

void OutputDirectory::commit() {
    std::error_code ec;
    std::string old;
    if (fs::exists(dir_, ec)) {
        const bool empty = fs::is_directory(dir_, ec) && fs::is_empty(dir_, ec);
        if (!empty && !(overwrite_ && isRunDirectory(dir_))) {
            done_ = true;  // keep the staging folder: the results are there and the user is told so
            throw fileError(ErrorCode::Output, dir_,
                            "something other than a CityTwin run appeared in the output directory while running; it "
                            "was left alone and the results are in " + staging_);
        }
        old = dir_ + ".old-" + std::to_string(::getpid());
        fs::rename(dir_, old, ec);
        if (ec) {
            done_ = true;
            throw fileError(ErrorCode::Output, dir_,
                            "cannot move the old results aside (" + ec.message() + "); the new results are in " + staging_);
        }
    }
    fs::rename(staging_, dir_, ec);
    if (ec) {
        std::error_code ec2;
        if (!old.empty()) fs::rename(old, dir_, ec2);
        done_ = true;
        throw fileError(ErrorCode::Output, dir_, "cannot move the results into place (" + ec.message() + "); they are in " + staging_);
    }
    if (!old.empty()) fs::remove_all(old, ec);
    done_ = true;
}

// ---- manifest ---------------------------------------------------------------------------------------------------

namespace {

ojson pairsJson(const std::vector<std::pair<std::string, std::string>>& pairs, bool valuesAreJson) {
    ojson o = ojson::object();
    for (const auto& [k, v] : pairs) {
        if (!valuesAreJson) {
            o[k] = v;
            continue;
        }
        try {
            o[k] = ojson::parse(v);
        } catch (const std::exception&) {
            o[k] = v;
        }
    }
    return o;
}

ojson outputJson(const WrittenOutput& w) {
    ojson o = detail::outputDeclJson(w.decl);
    o["path"] = w.path;
    if (w.decl.kind == sdk::OutputKind::RasterSeries) o["frames"] = w.frames;
    if (w.decl.kind == sdk::OutputKind::Scalar) o["value"] = std::isfinite(w.value) ? ojson(w.value) : ojson(nullptr);
    if (w.decl.kind != sdk::OutputKind::Scalar) o["bytes"] = w.bytes;
    if (!w.omxPath.empty()) o["omx"] = w.omxPath;
    return o;
}

}  // namespace

void writeManifest(const std::string& dir, const RunRecord& r) {
    ojson m;
    m["citytwin_run"] = r.formatVersion;
    m["status"] = r.status;
    m["started"] = r.started;
    m["finished"] = r.finished;
    m["software"] = {{"citytwin", citytwinVersion()},
                     {"sdk_version", CITYTWIN_SDK_VERSION},
                     {"gdal", gdalVersion()},
                     {"proj", projVersion()}};
    m["command"] = r.command;
    m["threads"] = r.threads;
    m["scenario"] = {{"file", r.scenarioFile}, {"name", r.scenarioName}, {"sha256", r.scenarioSha256}};
    ojson inputs = ojson::array();
    for (const InputRecord& in : r.inputs)
        inputs.push_back({{"key", in.key}, {"file", in.file}, {"bytes", in.bytes}, {"sha256", in.sha256}});
    m["inputs"] = inputs;
    try {
        m["model"] = ojson::parse(r.modelJson);
    } catch (const std::exception&) {
        m["model"] = ojson::object();
    }
    ojson chain = ojson::array();
    for (const ChainRecord& c : r.chain)
        chain.push_back({{"from", c.dir}, {"manifest_sha256", c.manifestSha256}, {"layers", c.layers}});
    m["with_results"] = chain;
    ojson sims = ojson::array();
    for (const SimulatorRecord& s : r.simulators) {
        ojson j;
        j["id"] = s.info.id;
        j["name"] = s.info.name;
        j["version"] = s.info.version;
        j["module"] = s.module;
        j["module_sha256"] = s.moduleSha256;
        j["parameters"] = pairsJson(s.parameters, true);
        j["coupled_inputs"] = pairsJson(s.coupledInputs, false);
        j["status"] = s.status;
        j["seconds"] = s.seconds;
        j["log"] = s.log;
        j["statistics"] = pairsJson(s.statistics, true);
        ojson outs = ojson::array();
        for (const WrittenOutput& w : s.outputs)
            outs.push_back(outputJson(w));
        j["outputs"] = outs;
        sims.push_back(j);
    }
    m["simulators"] = sims;
    m["timings"] = {{"load_model_s", r.loadModelSeconds}, {"total_s", r.totalSeconds}};
    writeFileAtomically((fs::path(dir) / "manifest.json").string(), m.dump(2) + "\n");
}

// ---- reading ----------------------------------------------------------------------------------------------------

namespace {

std::vector<std::string> splitCsvLine(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cur += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<Frame> readSeries(const fs::path& index, bool loadData) {
    std::ifstream in(index);
    if (!in) throw fileError(ErrorCode::FileNotFound, index.string(), "cannot open the series index");
    std::vector<Frame> frames;
    std::string line;
    std::getline(in, line);  // header: frame,time [s],file
    int lineNo = 1;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line == "\r") continue;
        const auto cols = splitCsvLine(line);
        if (cols.size() < 3)
            throw fileError(ErrorCode::FileFormat, index.string(), "line " + std::to_string(lineNo) + ": expected frame,time,file");
        Frame f;
        char* end = nullptr;
        f.timeS = std::strtod(cols[1].c_str(), &end);
        if (cols[1].empty() || !end || *end != '\0' || !std::isfinite(f.timeS))
            throw fileError(ErrorCode::FileFormat, index.string(), "line " + std::to_string(lineNo) + ": bad time '" + cols[1] + "'");
        if (cols[2].find('/') != std::string::npos || cols[2].find("..") != std::string::npos)
            throw fileError(ErrorCode::FileFormat, index.string(),
                            "line " + std::to_string(lineNo) + ": frame file '" + cols[2] + "' is not in the series folder");
        if (loadData) f.raster = std::make_shared<const Raster>(readRaster((index.parent_path() / cols[2]).string()));
        frames.push_back(std::move(f));
    }
    return frames;
}

std::shared_ptr<const sdk::Table> readTable(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw fileError(ErrorCode::FileNotFound, file.string(), "cannot open the table");
    auto table = std::make_shared<sdk::Table>();
    std::string line;
    if (std::getline(in, line) && line.rfind(kUtf8Bom, 0) == 0) line.erase(0, kUtf8Bom.size());
    if (!line.empty())
        for (const std::string& h : splitCsvLine(line)) {
            sdk::TableColumn c;
            const auto open = h.rfind(" [");
            if (open != std::string::npos && !h.empty() && h.back() == ']') {
                c.name = h.substr(0, open);
                c.unit = h.substr(open + 2, h.size() - open - 3);
            } else {
                c.name = h;
            }
            table->columns.push_back(c);
        }
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<AttributeValue> row;
        for (const std::string& v : splitCsvLine(line)) {
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (!v.empty() && end && *end == '\0')
                row.emplace_back(d);
            else if (v.empty())
                row.emplace_back(std::monostate{});
            else
                row.emplace_back(v);
        }
        row.resize(table->columns.size());
        table->rows.push_back(std::move(row));
    }
    return table;
}

std::vector<std::pair<std::string, std::string>> pairsFrom(const json& o) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!o.is_object()) return out;
    for (const auto& [k, v] : o.items())
        out.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

}  // namespace

RunFolder readRunDirectory(const std::string& dirText, const RunReadOptions& options) {
    const fs::path dir(dirText);
    const fs::path manifestPath = dir / "manifest.json";
    const std::string where = manifestPath.string();
    std::ifstream in(manifestPath);
    if (!in) throw fileError(ErrorCode::FileNotFound, where, "not a CityTwin run folder (no manifest.json)");
    json m;
    try {
        m = json::parse(in);
    } catch (const std::exception& e) {
        throw fileError(ErrorCode::FileFormat, where, std::string("malformed manifest: ") + e.what());
    }
    RunFolder folder;
    folder.dir = fs::absolute(dir).lexically_normal().string();
    RunRecord& r = folder.record;
    try {
        if (!m.is_object() || !m.contains("citytwin_run") || !m.at("citytwin_run").is_number_integer())
            throw fileError(ErrorCode::FileFormat, where, "not a CityTwin run manifest (no \"citytwin_run\" version)");
        const long long version = m.at("citytwin_run").get<long long>();
        if (version < 1 || version > kRunFormatVersion)
            throw fileError(ErrorCode::FileFormat, where,
                            "run folder format " + std::to_string(version) + " is not supported (this CityTwin reads 1 to " +
                                std::to_string(kRunFormatVersion) + ")");
        r.formatVersion = static_cast<int>(version);
        r.status = m.value("status", std::string());
        if (r.status != "completed")
            throw fileError(ErrorCode::FileFormat, where, "the run did not complete (status '" + r.status + "')");
        r.started = m.value("started", std::string());
        r.finished = m.value("finished", std::string());
        if (m.contains("command")) r.command = m.at("command").get<std::vector<std::string>>();
        r.threads = m.value("threads", 1);
        if (m.contains("scenario")) {
            r.scenarioFile = m.at("scenario").value("file", std::string());
            r.scenarioName = m.at("scenario").value("name", std::string());
            r.scenarioSha256 = m.at("scenario").value("sha256", std::string());
        }
        if (m.contains("model")) r.modelJson = m.at("model").dump();
        if (m.contains("with_results"))
            for (const json& c : m.at("with_results"))
                r.chain.push_back({c.value("from", std::string()), c.value("manifest_sha256", std::string()),
                                   c.value("layers", std::vector<std::string>{})});
        const std::string label = fs::path(folder.dir).filename().string();
        for (const json& s : m.at("simulators")) {
            SimulatorRecord rec;
            RunResults run;
            rec.info.id = run.simulator = s.at("id").get<std::string>();
            rec.info.name = run.simulatorName = s.value("name", std::string());
            rec.info.version = run.simulatorVersion = s.value("version", std::string());
            rec.module = s.value("module", std::string());
            rec.moduleSha256 = s.value("module_sha256", std::string());
            rec.status = s.value("status", std::string("completed"));
            rec.seconds = run.seconds = s.value("seconds", 0.0);
            if (s.contains("log")) rec.log = run.log = s.at("log").get<std::vector<std::string>>();
            if (s.contains("parameters")) {
                for (const auto& [k, v] : s.at("parameters").items())
                    run.parameters.emplace_back(k, v.dump());
                rec.parameters = run.parameters;
            }
            if (s.contains("coupled_inputs")) rec.coupledInputs = run.coupledInputs = pairsFrom(s.at("coupled_inputs"));
            if (s.contains("statistics"))
                for (const auto& [k, v] : s.at("statistics").items())
                    rec.statistics.emplace_back(k, v.dump());
            run.label = label;
            run.runDir = folder.dir;
            for (const json& o : s.at("outputs")) {
                OutputData out;
                out.simulator = run.simulator;
                out.decl = detail::outputDeclFromJson(o, where);
                if (version < 2 || !o.contains("style")) {
                    // Format 1 carried no declarations: draw plainly, never guess from the name.
                    out.decl.label = out.decl.id;
                    out.decl.style = out.decl.kind == sdk::OutputKind::Table || out.decl.kind == sdk::OutputKind::Scalar
                                         ? sdk::StyleHint{}
                                         : sdk::Style::draped("viridis");
                    if (out.decl.kind == sdk::OutputKind::Table || out.decl.kind == sdk::OutputKind::Scalar)
                        out.decl.style.drawAs = sdk::DrawAs::Hidden;
                    if (out.decl.kind == sdk::OutputKind::Vector) out.decl.style.drawAs = sdk::DrawAs::Default;
                }
                out.path = o.at("path").get<std::string>();
                if (out.path.find("..") != std::string::npos || (!out.path.empty() && out.path.front() == '/'))
                    throw fileError(ErrorCode::FileFormat, where, "output path '" + out.path + "' leaves the run folder");
                const fs::path path = dir / out.path;
                WrittenOutput w{run.simulator, out.decl,        out.path, 0, 0.0, o.value("bytes", std::uintmax_t{0}),
                                o.value("omx", std::string())};
                if (w.omxPath.find("..") != std::string::npos || (!w.omxPath.empty() && w.omxPath.front() == '/'))
                    throw fileError(ErrorCode::FileFormat, where, "output path '" + w.omxPath + "' leaves the run folder");
                switch (out.decl.kind) {
                    case sdk::OutputKind::Raster:
                        if (options.loadData) out.raster = std::make_shared<const Raster>(readRaster(path.string()));
                        break;
                    case sdk::OutputKind::RasterSeries:
                        out.frames = readSeries(path, options.loadData);
                        w.frames = out.frames.size();
                        break;
                    case sdk::OutputKind::Vector:
                        if (options.loadData) {
                            VectorReadOptions opt;
                            out.vector = std::make_shared<const VectorLayer>(readVector(path.string(), opt).layer);
                        }
                        break;
                    case sdk::OutputKind::Table:
                        if (options.loadData) out.table = readTable(path);
                        break;
                    case sdk::OutputKind::Scalar:
                        out.scalar = o.contains("value") && o.at("value").is_number() ? o.at("value").get<double>() : std::nan("");
                        w.value = out.scalar;
                        break;
                }
                rec.outputs.push_back(w);
                run.outputs.push_back(std::move(out));
            }
            r.simulators.push_back(std::move(rec));
            folder.runs.push_back(std::move(run));
        }
        if (m.contains("timings")) {
            r.loadModelSeconds = m.at("timings").value("load_model_s", 0.0);
            r.totalSeconds = m.at("timings").value("total_s", 0.0);
        }
    } catch (const json::exception& e) {
        throw fileError(ErrorCode::FileFormat, where, std::string("unexpected manifest content: ") + e.what());
    }
    return folder;
}

}  // namespace citytwin::core

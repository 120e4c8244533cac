#include "citytwin/core/result_writer.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "citytwin/core/error.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/vector_io.h"
#include "text_util.h"

namespace citytwin::core {

namespace fs = std::filesystem;

namespace {

using detail::number;

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

}  // namespace

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
                        "output '" + id + "' is declared as " + sdk::toString(o.kind) +
                            " but was emitted as " + sdk::toString(kind),
                        Error::Context{{}, {}, description_.info.id + "." + id});
        return o;
    }
    throw Error(ErrorCode::Simulation, "emitted an undeclared output '" + id + "'",
                Error::Context{{}, {}, description_.info.id});
}

void ResultWriter::raster(const std::string& id, const Raster& r) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Raster);
    ensureDir(simDir());
    Raster copy = r;
    if (copy.unit.empty()) copy.unit = d.unit;
    if (copy.name.empty()) copy.name = d.label;
    const std::string rel = description_.info.id + "/" + id + ".tif";
    writeRaster(copy, (fs::path(runDir_) / rel).string());
    outputs_.push_back({description_.info.id, id, d.kind, d.unit, rel, 0, 0.0});
}

void ResultWriter::frame(const std::string& id, double timeS, const Raster& r) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::RasterSeries);
    auto& frames = series_[id];
    if (!frames.empty() && !(timeS > frames.back().first))
        throw Error(ErrorCode::Simulation,
                    "frame times of '" + id + "' must increase (" + number(timeS) + " s after " +
                        number(frames.back().first) + " s)",
                    Error::Context{{}, {}, description_.info.id + "." + id});
    const fs::path dir = fs::path(simDir()) / id;
    ensureDir(dir);
    char name[64];
    std::snprintf(name, sizeof name, "%s_%04zu.tif", id.c_str(), frames.size());
    Raster copy = r;
    if (copy.unit.empty()) copy.unit = d.unit;
    if (copy.name.empty()) copy.name = d.label + " at " + number(timeS) + " s";
    writeRaster(copy, (dir / name).string());
    frames.push_back({timeS, name});
}

void ResultWriter::vector(const std::string& id, const VectorLayer& layer) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Vector);
    ensureDir(simDir());
    VectorLayer copy = layer;
    copy.name = id;
    const std::string rel = description_.info.id + "/" + id + ".gpkg";
    writeGeoPackage(copy, (fs::path(runDir_) / rel).string());
    outputs_.push_back({description_.info.id, id, d.kind, d.unit, rel, 0, 0.0});
}

void ResultWriter::table(const std::string& id, const sdk::Table& t) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Table);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.rows[i].size() != t.columns.size())
            throw Error(ErrorCode::Simulation,
                        "table '" + id + "' row " + std::to_string(i + 1) + " has " +
                            std::to_string(t.rows[i].size()) + " values for " +
                            std::to_string(t.columns.size()) + " columns",
                        Error::Context{{}, {}, description_.info.id + "." + id});
    ensureDir(simDir());
    const std::string rel = description_.info.id + "/" + id + ".csv";
    writeFileAtomically((fs::path(runDir_) / rel).string(), toCsv(t));
    outputs_.push_back({description_.info.id, id, d.kind, d.unit, rel, 0, 0.0});
}

void ResultWriter::scalar(const std::string& id, double value) {
    const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Scalar);
    scalars_.push_back({id, value});
    outputs_.push_back(
        {description_.info.id, id, d.kind, d.unit, description_.info.id + "/scalars.csv", 0, value});
}

void ResultWriter::finish() {
    for (const auto& [id, frames] : series_) {
        sdk::Table index;
        index.columns = {{"frame", ""}, {"time", "s"}, {"file", ""}};
        for (std::size_t i = 0; i < frames.size(); ++i)
            index.rows.push_back({static_cast<std::int64_t>(i), frames[i].first, frames[i].second});
        const std::string rel = description_.info.id + "/" + id + "/index.csv";
        writeFileAtomically((fs::path(runDir_) / rel).string(), toCsv(index));
        const sdk::OutputDecl& d = declared(id, sdk::OutputKind::RasterSeries);
        outputs_.push_back({description_.info.id, id, d.kind, d.unit, rel, frames.size(), 0.0});
    }
    if (!scalars_.empty()) {
        sdk::Table t;
        t.columns = {{"output", ""}, {"label", ""}, {"value", ""}, {"unit", ""}};
        for (const auto& [id, value] : scalars_) {
            const sdk::OutputDecl& d = declared(id, sdk::OutputKind::Scalar);
            t.rows.push_back({id, d.label, value, d.unit});
        }
        ensureDir(simDir());
        writeFileAtomically((fs::path(simDir()) / "scalars.csv").string(), toCsv(t));
    }
}

// ---------------------------------------------------------------------------------------------------------------

OutputDirectory::OutputDirectory(std::string dir, bool overwrite) : overwrite_(overwrite) {
    fs::path p = fs::absolute(dir).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();  // "out/" -> "out"
    dir_ = p.string();
    std::error_code ec;
    if (fs::exists(p, ec)) {
        if (!fs::is_directory(p, ec))
            throw fileError(ErrorCode::Output, dir_, "exists and is not a directory");
        if (!fs::is_empty(p, ec) && !overwrite)
            throw fileError(ErrorCode::Output, dir_,
                            "output directory exists and is not empty; choose another or pass --overwrite");
    }
    staging_ = dir_ + ".partial-" + std::to_string(::getpid());
    fs::remove_all(staging_, ec);
    fs::create_directories(staging_, ec);
    if (ec)
        throw fileError(ErrorCode::Output, staging_, "cannot create the output directory: " + ec.message());
}

OutputDirectory::~OutputDirectory() {
    if (!done_) abort();
}

void OutputDirectory::abort() noexcept {
    std::error_code ec;
    fs::remove_all(staging_, ec);
    done_ = true;
}

void OutputDirectory::commit() {
    std::error_code ec;
    std::string old;
    if (fs::exists(dir_, ec)) {
        if (!overwrite_ && !fs::is_empty(dir_, ec))
            throw fileError(ErrorCode::Output, dir_,
                            "output directory appeared while running; results left in " + staging_);
        old = dir_ + ".old-" + std::to_string(::getpid());
        fs::rename(dir_, old, ec);
        if (ec)
            throw fileError(ErrorCode::Output, dir_, "cannot move the old results aside: " + ec.message());
    }
    fs::rename(staging_, dir_, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, dir_, ec);
        throw fileError(ErrorCode::Output, dir_, "cannot move the results into place: " + ec.message());
    }
    if (!old.empty()) fs::remove_all(old, ec);
    done_ = true;
}

}  // namespace citytwin::core

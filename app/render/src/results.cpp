// Run results: reading citytwin-cli run directories, and differences between runs.

#include "citytwin/render/results.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/vector_io.h"

namespace citytwin::render {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;

const OutputData* RunResults::find(const std::string& id) const {
    for (const OutputData& o : outputs)
        if (o.decl.id == id) return &o;
    return nullptr;
}

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

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

sdk::OutputKind kindFromString(const std::string& s, const std::string& file) {
    if (s == "raster") return sdk::OutputKind::Raster;
    if (s == "raster_series") return sdk::OutputKind::RasterSeries;
    if (s == "vector") return sdk::OutputKind::Vector;
    if (s == "table") return sdk::OutputKind::Table;
    if (s == "scalar") return sdk::OutputKind::Scalar;
    throw core::fileError(ErrorCode::FileFormat, file, "unknown output kind '" + s + "'");
}

std::vector<Frame> readSeries(const fs::path& index) {
    std::ifstream in(index);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, index.string(), "cannot open the series index");
    std::vector<Frame> frames;
    std::string line;
    std::getline(in, line);  // header: frame,time [s],file
    int lineNo = 1;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line == "\r") continue;
        const auto cols = splitCsvLine(line);
        if (cols.size() < 3)
            throw core::fileError(ErrorCode::FileFormat, index.string(),
                                  "line " + std::to_string(lineNo) + ": expected frame,time,file");
        Frame f;
        try {
            f.timeS = std::stod(cols[1]);
        } catch (const std::exception&) {
            throw core::fileError(ErrorCode::FileFormat, index.string(),
                                  "line " + std::to_string(lineNo) + ": bad time '" + cols[1] + "'");
        }
        f.raster =
            std::make_shared<const core::Raster>(core::readRaster((index.parent_path() / cols[2]).string()));
        frames.push_back(std::move(f));
    }
    return frames;
}

std::shared_ptr<const sdk::Table> readTable(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, file.string(), "cannot open the table");
    auto table = std::make_shared<sdk::Table>();
    std::string line;
    if (std::getline(in, line))
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
        std::vector<core::AttributeValue> row;
        for (const std::string& v : splitCsvLine(line)) {
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (!v.empty() && end && *end == '\0')
                row.emplace_back(d);
            else
                row.emplace_back(v);
        }
        row.resize(table->columns.size());
        table->rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace

std::string dataAttribution(const std::string& scenarioFile) {
    const fs::path file = fs::path(scenarioFile).parent_path() / "ATTRIBUTION.md";
    std::ifstream in(file);
    if (!in) return {};
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto clean = [](std::string s) {
        std::string out;
        for (char c : s)
            if (c != '*' && c != '`' && c != '\n') out += c;
        while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
            out.pop_back();
        return out;
    };
    const auto copy = text.find("©");
    if (copy != std::string::npos) {
        const auto end = text.find_first_of(".\n", copy);
        return clean(text.substr(copy, end == std::string::npos ? std::string::npos : end - copy));
    }
    const auto by = text.find("provided by the ");
    if (by != std::string::npos) {
        const auto start = by + 16;
        auto end = text.find(',', start);
        if (end != std::string::npos) end = text.find(',', end + 1);
        return "Data: " + clean(text.substr(start, end == std::string::npos ? 80 : end - start));
    }
    return {};
}

sdk::StyleHint defaultStyle(const std::string& outputId, const std::string& unit) {
    sdk::StyleHint s;
    const std::string id = lower(outputId);
    if (unit == "m" && (id.find("depth") != std::string::npos || id.find("water") != std::string::npos)) {
        s.colorMap = "water";
        s.transparentBelow = 0.01;
    } else if (id.find("hazard") != std::string::npos) {
        s.colorMap = "rdylgn_r";
    } else {
        s.colorMap = "viridis";
    }
    return s;
}

bool isDrawable(const OutputData& o) {
    return o.decl.kind == sdk::OutputKind::Raster || o.decl.kind == sdk::OutputKind::RasterSeries ||
           o.decl.kind == sdk::OutputKind::Vector;
}

std::vector<bool> defaultVisibility(const RunResults& run) {
    std::vector<bool> show(run.outputs.size(), false);
    bool water = false, any = false;
    for (std::size_t i = 0; i < run.outputs.size(); ++i) {
        const OutputData& o = run.outputs[i];
        if (o.decl.kind == sdk::OutputKind::Vector) {
            show[i] = true;
            any = true;
        } else if (!water && isWaterLike(o.decl)) {
            show[i] = true;
            water = any = true;
        }
    }
    if (!any)
        for (std::size_t i = 0; i < run.outputs.size(); ++i)
            if (isDrawable(run.outputs[i])) {
                show[i] = true;
                break;
            }
    return show;
}

bool isWaterLike(const sdk::OutputDecl& decl) {
    if (decl.kind != sdk::OutputKind::Raster && decl.kind != sdk::OutputKind::RasterSeries) return false;
    if (decl.unit != "m") return false;
    if (lower(decl.style.colorMap) == "blues" || lower(decl.style.colorMap) == "water") return true;
    const std::string text = lower(decl.id + " " + decl.label);
    return text.find("depth") != std::string::npos || text.find("water") != std::string::npos;
}

std::vector<RunResults> readRunDirectory(const std::string& dirText, const core::PluginRegistry* registry) {
    const fs::path dir(dirText);
    const fs::path manifestPath = dir / "manifest.json";
    std::ifstream in(manifestPath);
    if (!in)
        throw core::fileError(ErrorCode::FileNotFound, manifestPath.string(),
                              "not a run directory of citytwin-cli run (no manifest.json)");
    nlohmann::json manifest;
    try {
        in >> manifest;
    } catch (const std::exception& e) {
        throw core::fileError(ErrorCode::FileFormat, manifestPath.string(),
                              std::string("malformed manifest: ") + e.what());
    }
    std::vector<RunResults> runs;
    try {
        for (const auto& s : manifest.at("simulators")) {
            RunResults run;
            run.simulator = s.at("id").get<std::string>();
            run.simulatorName = s.value("name", std::string());
            run.label = fs::absolute(dir).lexically_normal().filename().string();
            if (run.label.empty()) run.label = dir.parent_path().filename().string();
            if (s.contains("parameters"))
                for (const auto& [k, v] : s.at("parameters").items())
                    run.parameters.emplace_back(k, v.dump());
            const core::LoadedSimulator* sim = registry ? registry->find(run.simulator) : nullptr;
            for (const auto& o : s.at("outputs")) {
                OutputData out;
                out.simulator = run.simulator;
                out.decl.id = o.at("id").get<std::string>();
                out.decl.kind = kindFromString(o.at("kind").get<std::string>(), manifestPath.string());
                out.decl.unit = o.value("unit", std::string());
                out.decl.label = out.decl.id;
                out.decl.style = defaultStyle(out.decl.id, out.decl.unit);
                if (sim)
                    for (const sdk::OutputDecl& d : sim->description().outputs)
                        if (d.id == out.decl.id) out.decl = d;
                const fs::path path = dir / o.at("path").get<std::string>();
                switch (out.decl.kind) {
                    case sdk::OutputKind::Raster:
                        out.raster = std::make_shared<const core::Raster>(core::readRaster(path.string()));
                        break;
                    case sdk::OutputKind::RasterSeries:
                        out.frames = readSeries(path);
                        break;
                    case sdk::OutputKind::Vector: {
                        core::VectorReadOptions opt;
                        out.vector = std::make_shared<const core::VectorLayer>(
                            core::readVector(path.string(), opt).layer);
                        break;
                    }
                    case sdk::OutputKind::Table:
                        out.table = readTable(path);
                        break;
                    case sdk::OutputKind::Scalar:
                        out.scalar = o.contains("value") && o.at("value").is_number()
                                         ? o.at("value").get<double>()
                                         : std::nan("");
                        break;
                }
                run.outputs.push_back(std::move(out));
            }
            runs.push_back(std::move(run));
        }
    } catch (const nlohmann::json::exception& e) {
        throw core::fileError(ErrorCode::FileFormat, manifestPath.string(),
                              std::string("unexpected manifest content: ") + e.what());
    }
    return runs;
}

namespace {

std::shared_ptr<const core::Raster> difference(const core::Raster& a, const core::Raster& b, double& maxAbs) {
    if (!a.sameGrid(b))
        throw Error(ErrorCode::Data, "the two runs' rasters are on different grids (" +
                                         std::to_string(a.width()) + " x " + std::to_string(a.height()) +
                                         " and " + std::to_string(b.width()) + " x " +
                                         std::to_string(b.height()) + ")");
    auto d = std::make_shared<core::Raster>(a.width(), a.height(), a.geoTransform(), a.crs());
    auto& out = d->data();
    for (std::size_t i = 0; i < out.size(); ++i) {
        const float va = a.data()[i];
        const float vb = b.data()[i];
        out[i] = (std::isnan(va) || std::isnan(vb)) ? core::Raster::kNoData : vb - va;
        if (!std::isnan(out[i])) maxAbs = std::max(maxAbs, static_cast<double>(std::fabs(out[i])));
    }
    d->unit = a.unit;
    return d;
}

}  // namespace

OutputData differenceOutput(const OutputData& a, const OutputData& b, const std::string& labelA,
                            const std::string& labelB) {
    const auto isGrid = [](const OutputData& o) {
        return o.decl.kind == sdk::OutputKind::Raster || o.decl.kind == sdk::OutputKind::RasterSeries;
    };
    if (!isGrid(a) || !isGrid(b) || a.decl.kind != b.decl.kind)
        throw Error(ErrorCode::Data,
                    "only raster and raster-series outputs of the same kind can be compared ('" + a.decl.id +
                        "' and '" + b.decl.id + "')");
    OutputData d;
    d.simulator = a.simulator;
    d.decl = a.decl;
    d.decl.id = a.decl.id + "_difference";
    d.decl.label =
        "Δ " + (a.decl.label.empty() ? a.decl.id : a.decl.label) + " (" + labelB + " − " + labelA + ")";
    d.decl.description =
        "Difference B − A of '" + a.decl.label + "' between " + labelB + " and " + labelA + ".";
    d.decl.style = sdk::StyleHint{};
    d.decl.style.colorMap = "rdbu";
    double maxAbs = 0.0;
    if (a.decl.kind == sdk::OutputKind::Raster) {
        d.raster = difference(*a.raster, *b.raster, maxAbs);
    } else {
        bool sameTimes = a.frames.size() == b.frames.size() && !a.frames.empty();
        for (std::size_t i = 0; sameTimes && i < a.frames.size(); ++i)
            sameTimes = std::fabs(a.frames[i].timeS - b.frames[i].timeS) < 1e-6;
        if (sameTimes) {
            for (std::size_t i = 0; i < a.frames.size(); ++i)
                d.frames.push_back(
                    {a.frames[i].timeS, difference(*a.frames[i].raster, *b.frames[i].raster, maxAbs)});
        } else {
            if (a.frames.empty() || b.frames.empty())
                throw Error(ErrorCode::Data, "a series to compare has no frames");
            d.decl.kind = sdk::OutputKind::Raster;
            d.decl.label += " (last frames)";
            d.raster = difference(*a.frames.back().raster, *b.frames.back().raster, maxAbs);
        }
    }
    if (maxAbs <= 0.0) maxAbs = 1.0;
    d.decl.style.min = -maxAbs;
    d.decl.style.max = maxAbs;
    return d;
}

}  // namespace citytwin::render

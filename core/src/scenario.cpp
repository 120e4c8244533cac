#include "citytwin/core/scenario.h"

#include "json_util.h"

#include <glob.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/cityjson.h"
#include "citytwin/core/error.h"
#include "citytwin/core/text_encoding.h"
#include "citytwin/core/vector_io.h"
#include "gdal_util.h"

namespace citytwin::core {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const char* typeName(const json& v) {
    switch (v.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::object:
            return "an object";
        case json::value_t::array:
            return "an array";
        case json::value_t::string:
            return "a string";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return "a number";
        default:
            return "an unsupported value";
    }
}

/// Reads the keys of one JSON object, checking types, and reports unknown keys when finished.
class ObjectReader {
public:
    ObjectReader(const json& obj, std::string keyPath, const std::string& file)
        : obj_(obj), path_(std::move(keyPath)), file_(file) {
        if (!obj.is_object()) fail(path_, std::string("expected an object, got ") + typeName(obj));
    }

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw Error(ErrorCode::Scenario, message, Error::Context{file_, {}, key});
    }
    std::string keyPath(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

    const json* raw(const std::string& key) {
        known_.insert(key);
        auto it = obj_.find(key);
        return it == obj_.end() ? nullptr : &*it;
    }
    std::optional<std::string> string(const std::string& key) {
        const json* v = raw(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) fail(keyPath(key), std::string("expected a string, got ") + typeName(*v));
        return v->get<std::string>();
    }
    std::optional<double> number(const std::string& key, double min, double max, bool exclusiveMin = false) {
        const json* v = raw(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) fail(keyPath(key), std::string("expected a number, got ") + typeName(*v));
        const double d = v->get<double>();
        if (!std::isfinite(d) || d < min || d > max || (exclusiveMin && d == min)) {
            std::ostringstream os;
            os << "value " << d << " is out of range (" << (exclusiveMin ? "> " : ">= ") << min
               << " and <= " << max << ")";
            fail(keyPath(key), os.str());
        }
        return d;
    }
    std::optional<bool> boolean(const std::string& key) {
        const json* v = raw(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) fail(keyPath(key), std::string("expected true or false, got ") + typeName(*v));
        return v->get<bool>();
    }
    /// Throws for the first key that was never asked for, listing the known ones.
    void finish() const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            if (known_.count(it.key())) continue;
            std::string list;
            for (const std::string& k : known_)
                list += (list.empty() ? "" : ", ") + k;
            fail(keyPath(it.key()), "unknown key (known keys here: " + list + ")");
        }
    }

private:
    const json& obj_;
    std::string path_;
    const std::string& file_;
    std::set<std::string> known_;
};

bool hasGlob(const std::string& s) {
    return s.find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> resolveFiles(const std::string& written, const std::string& baseDir,
                                      const std::string& key, const std::string& scenarioFile) {
    if (written.empty())
        throw Error(ErrorCode::Scenario, "empty file name", Error::Context{scenarioFile, {}, key});
    if (written.rfind("/vsi", 0) == 0) return {written};
    fs::path p(written);
    if (p.is_relative() && !baseDir.empty()) p = fs::path(baseDir) / p;
    p = p.lexically_normal();
    if (hasGlob(written)) {
        glob_t g{};
        const int rc = ::glob(p.c_str(), 0, nullptr, &g);
        std::vector<std::string> out;
        if (rc == 0)
            for (std::size_t i = 0; i < g.gl_pathc; ++i)
                out.emplace_back(g.gl_pathv[i]);
        ::globfree(&g);
        if (out.empty())
            throw Error(ErrorCode::FileNotFound, "no file matches this pattern (scenario key '" + key + "')",
                        Error::Context{p.string(), {}, {}});
        std::sort(out.begin(), out.end());
        return out;
    }
    std::error_code ec;
    if (!fs::exists(p, ec))
        throw Error(ErrorCode::FileNotFound, "file not found (scenario key '" + key + "')",
                    Error::Context{p.string(), {}, {}});
    return {p.string()};
}

enum class SpecRole { Terrain, Buildings, Roads, Layer };

DatasetSpec parseDataset(const json& v, const std::string& key, SpecRole role, const std::string& baseDir,
                         const std::string& file) {
    DatasetSpec spec;
    spec.key = key;
    auto addFiles = [&](const std::string& written, const std::string& fileKey) {
        spec.written.push_back(written);
        for (std::string& f : resolveFiles(written, baseDir, fileKey, file))
            spec.files.push_back(std::move(f));
    };
    if (v.is_string()) {
        addFiles(v.get<std::string>(), key);
        return spec;
    }
    if (v.is_array() && role == SpecRole::Terrain) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string k = key + "[" + std::to_string(i) + "]";
            if (!v[i].is_string())
                throw Error(ErrorCode::Scenario, std::string("expected a file name, got ") + typeName(v[i]),
                            Error::Context{file, {}, k});
            addFiles(v[i].get<std::string>(), k);
        }
        if (spec.files.empty())
            throw Error(ErrorCode::Scenario, "empty list of files", Error::Context{file, {}, key});
        return spec;
    }
    ObjectReader r(v, key, file);
    if (auto f = r.string("file")) addFiles(*f, r.keyPath("file"));
    if (const json* fl = r.raw("files")) {
        if (!fl->is_array())
            throw Error(ErrorCode::Scenario,
                        std::string("expected an array of file names, got ") + typeName(*fl),
                        Error::Context{file, {}, r.keyPath("files")});
        for (std::size_t i = 0; i < fl->size(); ++i) {
            const std::string k = r.keyPath("files") + "[" + std::to_string(i) + "]";
            if (!(*fl)[i].is_string())
                throw Error(ErrorCode::Scenario,
                            std::string("expected a file name, got ") + typeName((*fl)[i]),
                            Error::Context{file, {}, k});
            addFiles((*fl)[i].get<std::string>(), k);
        }
    }
    if (spec.written.empty())
        throw Error(ErrorCode::Scenario, "needs \"file\" or \"files\"", Error::Context{file, {}, key});
    spec.crs = r.string("crs").value_or("");
    if (role != SpecRole::Terrain) {
        spec.layer = r.string("layer").value_or("");
        spec.where = r.string("where").value_or("");
        spec.encoding = r.string("encoding").value_or("");
        if (r.raw("encoding") && !isKnownEncoding(spec.encoding))
            r.fail(r.keyPath("encoding"),
                   "unknown text encoding \"" + spec.encoding + "\" (e.g. \"CP949\", \"EUC-KR\", \"UTF-8\")");
    }
    if (role == SpecRole::Buildings) {
        spec.heightField = r.string("height_field").value_or("");
        spec.levelsField = r.string("levels_field").value_or("");
        spec.storeyHeightM = r.number("storey_height_m", 0.0, 100.0, true);
        spec.defaultHeightM = r.number("default_height_m", 0.0, 1000.0, true);
    }
    if (role == SpecRole::Terrain || role == SpecRole::Layer) {
        spec.resampling = r.string("resampling").value_or("");
        spec.nodataSentinels = r.boolean("nodata_sentinels");
    }
    if (role == SpecRole::Layer) {
        spec.kind = r.string("kind").value_or("");
        if (!spec.kind.empty() && spec.kind != "raster" && spec.kind != "vector")
            r.fail(r.keyPath("kind"), "expected \"raster\" or \"vector\", got \"" + spec.kind + "\"");
        spec.unit = r.string("unit").value_or("");
    }
    r.finish();
    return spec;
}

std::vector<DatasetSpec> parseDatasetList(const json& v, const std::string& key, SpecRole role,
                                          const std::string& baseDir, const std::string& file) {
    std::vector<DatasetSpec> out;
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            out.push_back(parseDataset(v[i], key + "[" + std::to_string(i) + "]", role, baseDir, file));
    } else {
        out.push_back(parseDataset(v, key, role, baseDir, file));
    }
    return out;
}

bool isSnakeCaseId(const std::string& s) {
    if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
               c == '_';
    });
}

}  // namespace

bool isValidLayerName(const std::string& name, std::string* why) {
    auto no = [why](const std::string& reason) {
        if (why) *why = reason;
        return false;
    };
    if (name.empty()) return no("empty");
    if (!isValidUtf8(name)) return no("not valid UTF-8 text");
    std::size_t characters = 0;
    for (unsigned char c : name) {
        if ((c & 0xC0u) != 0x80u) ++characters;
        if (c < 0x20 || c == 0x7F) return no("contains a control character");
        if (c == '.' || c == ',' || c == '/' || c == '\\')
            return no(std::string("contains '") + static_cast<char>(c) +
                      "' (it separates <sim>.<output> names, lists and paths)");
    }
    if (characters > 64) return no("longer than 64 characters");
    if (name.front() == ' ' || name.back() == ' ') return no("starts or ends with a blank");
    return true;
}

Scenario parseScenario(const std::string& text, const std::string& baseDir, const std::string& fileName) {
    // Depth-limited, duplicate keys refused, numbers out of range named by their key (json_util.h).
    const json doc = detail::parseJson(text, fileName, ErrorCode::Scenario);
    Scenario s;
    s.file = fileName;
    s.baseDir = baseDir;
    ObjectReader r(doc, "", fileName);

    const json* version = r.raw("citytwin_scenario");
    if (!version)
        r.fail("citytwin_scenario", "missing; a scenario file starts with \"citytwin_scenario\": " +
                                        std::to_string(Scenario::kFormatVersion));
    if (!version->is_number_integer())
        r.fail("citytwin_scenario",
               std::string("expected the format version as an integer, got ") + typeName(*version));
    // Read wide: 4294967297 must not wrap to 1.
    const long long v = version->is_number_unsigned() && version->get<unsigned long long>() > 9223372036854775807ULL
                            ? -1
                            : version->get<long long>();
    if (v < 1 || v > Scenario::kFormatVersion)
        r.fail("citytwin_scenario", "format version " + (v < 0 ? version->dump() : std::to_string(v)) +
                                        " is not supported (this CityTwin reads " + "version 1 to " +
                                        std::to_string(Scenario::kFormatVersion) + ")");

    s.name = r.string("name").value_or("");
    s.description = r.string("description").value_or("");
    s.crs = r.string("crs").value_or("");
    if (const json* e = r.raw("extent")) {
        if (!e->is_array() || e->size() != 4 ||
            !std::all_of(e->begin(), e->end(), [](const json& x) { return x.is_number(); }))
            r.fail("extent", "expected [min_x, min_y, max_x, max_y]");
        Box b{(*e)[0].get<double>(), (*e)[1].get<double>(), (*e)[2].get<double>(), (*e)[3].get<double>()};
        if (!(b.minX < b.maxX) || !(b.minY < b.maxY))
            r.fail("extent", "min_x must be less than max_x and min_y less than max_y");
        s.extent = b;
    }
    s.extentCrs = r.string("extent_crs").value_or("");
    if (!s.extentCrs.empty() && !s.extent) r.fail("extent_crs", "given without \"extent\"");
    s.resolution = r.number("resolution", 0.0, 100000.0, true).value_or(0.0);

    if (const json* hr = r.raw("height_rules")) {
        ObjectReader h(*hr, "height_rules", fileName);
        s.heightRules.storeyHeightM = h.number("storey_height_m", 0.0, 100.0, true).value_or(3.0);
        s.heightRules.defaultHeightM = h.number("default_height_m", 0.0, 1000.0, true).value_or(9.0);
        h.finish();
    }
    if (const json* t = r.raw("terrain"))
        s.terrain = parseDataset(*t, "terrain", SpecRole::Terrain, baseDir, fileName);
    if (const json* b = r.raw("buildings"))
        s.buildings = parseDatasetList(*b, "buildings", SpecRole::Buildings, baseDir, fileName);
    if (const json* rd = r.raw("roads"))
        s.roads = parseDatasetList(*rd, "roads", SpecRole::Roads, baseDir, fileName);
    if (const json* l = r.raw("layers")) {
        if (!l->is_object())
            r.fail("layers", std::string("expected an object of named layers, got ") + typeName(*l));
        for (auto it = l->begin(); it != l->end(); ++it) {
            std::string why;
            if (!isValidLayerName(it.key(), &why)) r.fail("layers." + it.key(), "not a layer name: " + why);
            DatasetSpec spec =
                parseDataset(it.value(), "layers." + it.key(), SpecRole::Layer, baseDir, fileName);
            spec.name = it.key();
            s.layers.push_back(std::move(spec));
        }
    }
    if (const json* sims = r.raw("simulators")) {
        if (!sims->is_object())
            r.fail("simulators",
                   std::string("expected an object keyed by simulator id, got ") + typeName(*sims));
        for (auto it = sims->begin(); it != sims->end(); ++it) {
            if (!it.value().is_object())
                r.fail("simulators." + it.key(),
                       std::string("expected an object of parameter values, got ") + typeName(it.value()));
            s.simulators[it.key()] = it.value().dump();
        }
    }
    if (const json* run = r.raw("run")) {
        if (!run->is_array())
            r.fail("run", std::string("expected the simulators to run, in order, as a list of ids, got ") +
                              typeName(*run));
        for (std::size_t i = 0; i < run->size(); ++i) {
            const json& id = (*run)[i];
            const std::string key = "run[" + std::to_string(i) + "]";
            if (!id.is_string()) r.fail(key, std::string("expected a simulator id, got ") + typeName(id));
            const std::string simId = id.get<std::string>();
            if (!isSnakeCaseId(simId)) r.fail(key, "'" + simId + "' is not a simulator id (snake_case)");
            if (std::find(s.runOrder.begin(), s.runOrder.end(), simId) != s.runOrder.end())
                r.fail(key, "'" + simId + "' is listed twice; a simulator runs once per run");
            s.runOrder.push_back(simId);
        }
        for (const auto& [id, block] : s.simulators)
            if (std::find(s.runOrder.begin(), s.runOrder.end(), id) == s.runOrder.end())
                r.fail("simulators." + id, "has parameters but is not in \"run\"; add '" + id +
                                               "' to \"run\" or remove its block");
    }
    r.finish();
    return s;
}

Scenario loadScenario(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw fileError(ErrorCode::FileNotFound, path, "scenario file not found");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(ErrorCode::FileNotFound, path, "cannot open the scenario file");
    std::ostringstream os;
    os << in.rdbuf();
    const fs::path abs = fs::absolute(path).lexically_normal();
    return parseScenario(os.str(), abs.parent_path().string(), path);
}

namespace {
ojson datasetToJson(const DatasetSpec& d, const std::string& relativeTo, bool terrain) {
    std::vector<std::string> paths;
    if (relativeTo.empty()) {
        paths = d.written;
    } else {
        for (const std::string& f : d.files) {
            if (f.rfind("/vsi", 0) == 0) {
                paths.push_back(f);
                continue;
            }
            paths.push_back(
                fs::path(f).lexically_relative(fs::absolute(relativeTo).lexically_normal()).string());
        }
    }
    ojson o = ojson::object();
    if (paths.size() == 1)
        o["file"] = paths.front();
    else
        o["files"] = paths;
    if (!d.crs.empty()) o["crs"] = d.crs;
    if (!terrain) {
        if (!d.layer.empty()) o["layer"] = d.layer;
        if (!d.where.empty()) o["where"] = d.where;
        if (!d.encoding.empty()) o["encoding"] = d.encoding;
    }
    if (!d.heightField.empty()) o["height_field"] = d.heightField;
    if (!d.levelsField.empty()) o["levels_field"] = d.levelsField;
    if (d.storeyHeightM) o["storey_height_m"] = *d.storeyHeightM;
    if (d.defaultHeightM) o["default_height_m"] = *d.defaultHeightM;
    if (!d.resampling.empty()) o["resampling"] = d.resampling;
    if (d.nodataSentinels) o["nodata_sentinels"] = *d.nodataSentinels;
    if (!d.kind.empty()) o["kind"] = d.kind;
    if (!d.unit.empty()) o["unit"] = d.unit;
    return o;
}
}  // namespace

std::string scenarioToJson(const Scenario& s, const std::string& relativeTo) {
    ojson o = ojson::object();
    o["citytwin_scenario"] = Scenario::kFormatVersion;
    if (!s.name.empty()) o["name"] = s.name;
    if (!s.description.empty()) o["description"] = s.description;
    if (!s.crs.empty()) o["crs"] = s.crs;
    if (s.extent) o["extent"] = {s.extent->minX, s.extent->minY, s.extent->maxX, s.extent->maxY};
    if (!s.extentCrs.empty()) o["extent_crs"] = s.extentCrs;
    if (s.resolution > 0) o["resolution"] = s.resolution;
    const HeightRules defaults;
    if (s.heightRules.storeyHeightM != defaults.storeyHeightM ||
        s.heightRules.defaultHeightM != defaults.defaultHeightM)
        o["height_rules"] = {{"storey_height_m", s.heightRules.storeyHeightM},
                             {"default_height_m", s.heightRules.defaultHeightM}};
    if (s.terrain) o["terrain"] = datasetToJson(*s.terrain, relativeTo, true);
    auto list = [&](const std::vector<DatasetSpec>& v) {
        if (v.size() == 1) return datasetToJson(v.front(), relativeTo, false);
        ojson a = ojson::array();
        for (const DatasetSpec& d : v)
            a.push_back(datasetToJson(d, relativeTo, false));
        return a;
    };
    if (!s.buildings.empty()) o["buildings"] = list(s.buildings);
    if (!s.roads.empty()) o["roads"] = list(s.roads);
    if (!s.layers.empty()) {
        ojson l = ojson::object();
        for (const DatasetSpec& d : s.layers)
            l[d.name] = datasetToJson(d, relativeTo, false);
        o["layers"] = l;
    }
    if (!s.simulators.empty()) {
        ojson sims = ojson::object();
        for (const auto& [id, text] : s.simulators)
            sims[id] = ojson::parse(text);
        o["simulators"] = sims;
    }
    if (!s.runOrder.empty()) o["run"] = s.runOrder;
    return o.dump(2) + "\n";
}

void saveScenario(const Scenario& scenario, const std::string& path) {
    const fs::path final = fs::absolute(path).lexically_normal();
    writeFileAtomically(final.string(), scenarioToJson(scenario, final.parent_path().string()));
}

bool looksLikeScenario(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head.find("\"citytwin_scenario\"") != std::string::npos;
}

Scenario scenarioForDataFile(const std::string& path) {
    std::error_code ec;
    if (path.rfind("/vsi", 0) != 0 && !fs::exists(path, ec))
        throw fileError(ErrorCode::FileNotFound, path, "file not found");
    Scenario s;
    s.name = fs::path(path).filename().string();
    auto spec = [&](const std::string& key) {
        DatasetSpec d;
        d.key = key;
        d.files = {path};
        d.written = {path};
        return d;
    };
    if (looksLikeCityJson(path)) {
        s.buildings.push_back(spec("buildings"));
        // Use the TIN relief as terrain when the file has one.
        std::ifstream in(path, std::ios::binary);
        std::ostringstream os;
        os << in.rdbuf();
        if (os.str().find("\"TINRelief\"") != std::string::npos) s.terrain = spec("terrain");
        return s;
    }
    if (isOsmFile(path)) {
        s.buildings.push_back(spec("buildings"));
        s.roads.push_back(spec("roads"));
        return s;
    }
    detail::ensureGdal();
    detail::DatasetPtr ds;
    std::string why;
    {
        detail::ErrorCapture capture;
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY));
        why = capture.lastError();
    }
    if (!ds)
        throw fileError(
            ErrorCode::FileFormat, path,
            "not a raster, vector or CityJSON file CityTwin can read" + (why.empty() ? "" : ": " + why));
    if (ds->GetRasterCount() > 0) {
        s.terrain = spec("terrain");
        return s;
    }
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer* l = ds->GetLayer(i);
        const std::string name = l->GetName();
        const auto t = wkbFlatten(l->GetGeomType());
        std::string lname = name;
        std::transform(lname.begin(), lname.end(), lname.begin(), ::tolower);
        const bool polygons =
            t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
        const bool lines =
            t == wkbLineString || t == wkbMultiLineString || t == wkbCompoundCurve || t == wkbMultiCurve;
        DatasetSpec d = spec("");
        d.layer = ds->GetLayerCount() > 1 ? name : std::string{};
        if (polygons || (t == wkbUnknown && lname.find("build") != std::string::npos)) {
            d.key = "buildings[" + std::to_string(s.buildings.size()) + "]";
            s.buildings.push_back(d);
        } else if (lines || (t == wkbUnknown && lname.find("road") != std::string::npos)) {
            d.key = "roads[" + std::to_string(s.roads.size()) + "]";
            s.roads.push_back(d);
        } else {
            std::string id;
            for (char c : lname)
                id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
            if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) id = "layer_" + id;
            d.key = "layers." + id;
            d.name = id;
            d.kind = "vector";
            s.layers.push_back(d);
        }
    }
    if (!s.hasData()) throw fileError(ErrorCode::Data, path, "has no raster bands and no vector layers");
    return s;
}

}  // namespace citytwin::core

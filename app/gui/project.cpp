// Project files (docs/project-format.md).

#include "project.h"

#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/error.h"
#include "citytwin/core/run_directory.h"

namespace citytwin::gui {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using core::Error;
using core::ErrorCode;

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

/// Reads one object's keys with their types, naming the file and the key path in every error; keys never
/// asked for are errors (a misspelt key is not silently ignored).
class Reader {
public:
    Reader(const json& obj, std::string path, const std::string& file)
        : obj_(obj), path_(std::move(path)), file_(file) {
        if (!obj.is_object()) fail(path_, std::string("expected an object, got ") + typeName(obj));
    }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw Error(ErrorCode::FileFormat, message, Error::Context{file_, {}, key});
    }
    std::string key(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
    const json* raw(const std::string& k) {
        known_.insert(k);
        const auto it = obj_.find(k);
        return it == obj_.end() ? nullptr : &*it;
    }
    std::optional<std::string> string(const std::string& k) {
        const json* v = raw(k);
        if (!v) return std::nullopt;
        if (!v->is_string()) fail(key(k), std::string("expected a string, got ") + typeName(*v));
        return v->get<std::string>();
    }
    std::optional<double> number(const std::string& k) {
        const json* v = raw(k);
        if (!v) return std::nullopt;
        if (!v->is_number() || !std::isfinite(v->get<double>()))
            fail(key(k), std::string("expected a number, got ") + typeName(*v));
        return v->get<double>();
    }
    std::optional<bool> boolean(const std::string& k) {
        const json* v = raw(k);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) fail(key(k), std::string("expected true or false, got ") + typeName(*v));
        return v->get<bool>();
    }
    std::array<double, 3> triple(const std::string& k) {
        const json* v = raw(k);
        if (!v) fail(key(k), "missing");
        if (!v->is_array() || v->size() != 3 ||
            !std::all_of(v->begin(), v->end(), [](const json& x) { return x.is_number(); }))
            fail(key(k), "expected three numbers [x, y, z]");
        return {(*v)[0].get<double>(), (*v)[1].get<double>(), (*v)[2].get<double>()};
    }
    void finish() const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it)
            if (!known_.count(it.key())) {
                std::string list;
                for (const std::string& k : known_)
                    list += (list.empty() ? "" : ", ") + k;
                fail(key(it.key()), "unknown key (known keys here: " + list + ")");
            }
    }

private:
    const json& obj_;
    std::string path_;
    const std::string& file_;
    std::set<std::string> known_;
};

std::string relativeTo(const std::string& path, const fs::path& base) {
    if (path.empty()) return path;
    const fs::path p = fs::absolute(path).lexically_normal();
    const fs::path r = p.lexically_relative(base);
    return r.empty() ? p.string() : r.string();
}

std::string resolve(const std::string& written, const fs::path& base) {
    fs::path p(written);
    if (p.is_relative()) p = base / p;
    return p.lexically_normal().string();
}

ojson styleToJson(const render::LayerStyle& s) {
    ojson o = ojson::object();
    o["visible"] = s.visible;
    o["opacity"] = s.opacity;
    if (!s.colorMap.empty()) o["color_map"] = s.colorMap;
    if (!s.attribute.empty()) o["attribute"] = s.attribute;
    o["auto_range"] = s.autoRange;
    if (!s.autoRange) {
        o["min"] = s.min;
        o["max"] = s.max;
    }
    if (s.transparentBelow > -1e299) o["transparent_below"] = s.transparentBelow;
    if (s.asWater) o["as_water"] = true;
    return o;
}

render::LayerStyle styleFromJson(const json& v, const std::string& key, const std::string& file) {
    Reader r(v, key, file);
    render::LayerStyle s;
    s.visible = r.boolean("visible").value_or(true);
    s.opacity = r.number("opacity").value_or(1.0);
    if (s.opacity < 0 || s.opacity > 1) r.fail(r.key("opacity"), "expected a number from 0 to 1");
    s.colorMap = r.string("color_map").value_or("");
    s.attribute = r.string("attribute").value_or("");
    s.autoRange = r.boolean("auto_range").value_or(true);
    s.min = r.number("min").value_or(0.0);
    s.max = r.number("max").value_or(1.0);
    s.transparentBelow = r.number("transparent_below").value_or(-1e300);
    s.asWater = r.boolean("as_water").value_or(false);
    r.finish();
    return s;
}

}  // namespace

std::string utcNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string projectRunsFolder(const std::string& projectFile) {
    const fs::path p = fs::absolute(projectFile).lexically_normal();
    return (p.parent_path() / (p.stem().string() + "_runs")).string();
}

Project readProject(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw core::fileError(ErrorCode::FileNotFound, path, "project file not found");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::fileError(ErrorCode::FileNotFound, path, "cannot open the project file");
    std::ostringstream os;
    os << in.rdbuf();
    json doc;
    try {
        doc = json::parse(os.str());
    } catch (const json::parse_error& e) {
        throw core::fileError(ErrorCode::FileFormat, path, std::string("not valid JSON: ") + e.what());
    }
    const fs::path base = fs::absolute(path).lexically_normal().parent_path();
    Project p;
    p.file = fs::absolute(path).lexically_normal().string();
    Reader r(doc, "", path);
    const json* version = r.raw("citytwin_project");
    if (!version)
        r.fail("citytwin_project", "missing; a project file starts with \"citytwin_project\": " +
                                       std::to_string(kProjectFormatVersion));
    if (!version->is_number_integer() || version->get<long long>() < 1 ||
        version->get<long long>() > kProjectFormatVersion)
        r.fail("citytwin_project", "format version " + version->dump() +
                                       " is not supported (this CityTwin reads 1 to " +
                                       std::to_string(kProjectFormatVersion) + ")");
    p.name = r.string("name").value_or("");
    p.saved = r.string("saved").value_or("");
    const json* scenario = r.raw("scenario");
    if (!scenario) r.fail("scenario", "missing: a project holds the scenario it works on");
    if (!scenario->is_object())
        r.fail("scenario", std::string("expected a scenario object, got ") + typeName(*scenario));
    p.scenarioJson = scenario->dump();
    if (auto f = r.string("scenario_file")) p.scenarioFile = resolve(*f, base);
    if (const json* cam = r.raw("camera")) {
        Reader c(*cam, "camera", path);
        render::CameraState s;
        s.position = c.triple("position");
        s.focalPoint = c.triple("focal_point");
        if (c.raw("view_up")) s.viewUp = c.triple("view_up");
        s.viewAngle = c.number("view_angle").value_or(30.0);
        if (s.viewAngle <= 0 || s.viewAngle >= 180)
            c.fail("camera.view_angle", "expected degrees between 0 and 180");
        c.finish();
        p.camera = s;
    }
    p.verticalExaggeration = r.number("vertical_exaggeration").value_or(1.0);
    if (p.verticalExaggeration <= 0 || p.verticalExaggeration > 100)
        r.fail("vertical_exaggeration", "expected a factor above 0 and at most 100");
    p.timeS = r.number("time_s");
    if (const json* runs = r.raw("runs")) {
        if (!runs->is_array()) r.fail("runs", std::string("expected a list of runs, got ") + typeName(*runs));
        std::set<std::string> keys;
        for (std::size_t i = 0; i < runs->size(); ++i) {
            const std::string k = "runs[" + std::to_string(i) + "]";
            Reader rr((*runs)[i], k, path);
            ProjectRun run;
            const auto folder = rr.string("folder");
            if (!folder || folder->empty()) rr.fail(k + ".folder", "missing: the run folder");
            run.folder = resolve(*folder, base);
            run.key = rr.string("key").value_or(fs::path(run.folder).filename().string());
            if (run.key.empty() || run.key.find('/') != std::string::npos)
                rr.fail(k + ".key", "expected a non-empty key without '/'");
            if (!keys.insert(run.key).second) rr.fail(k + ".key", "'" + run.key + "' names two runs");
            run.name = rr.string("name").value_or("");
            run.visible = rr.boolean("visible").value_or(true);
            rr.finish();
            p.runs.push_back(std::move(run));
        }
    }
    if (const json* layers = r.raw("layers")) {
        if (!layers->is_object())
            r.fail("layers", std::string("expected an object of layer styles keyed by layer id, got ") +
                                 typeName(*layers));
        for (auto it = layers->begin(); it != layers->end(); ++it)
            p.styles.emplace_back(it.key(), styleFromJson(it.value(), "layers." + it.key(), path));
    }
    if (const json* panel = r.raw("panel")) {
        Reader pr(*panel, "panel", path);
        p.panelSimulator = pr.string("simulator").value_or("");
        if (const json* values = pr.raw("values")) {
            if (!values->is_object())
                pr.fail("panel.values",
                        std::string("expected an object of parameter values, got ") + typeName(*values));
            for (auto it = values->begin(); it != values->end(); ++it) {
                if (!it.value().is_string())
                    pr.fail("panel.values." + it.key(),
                            std::string("expected the value as text (as on the command line), got ") +
                                typeName(it.value()));
                p.panelValues.emplace_back(it.key(), it.value().get<std::string>());
            }
        }
        pr.finish();
    }
    r.finish();
    return p;
}

std::string projectToJson(const Project& p, const std::string& projectFile) {
    const fs::path base = fs::absolute(projectFile).lexically_normal().parent_path();
    ojson o = ojson::object();
    o["citytwin_project"] = kProjectFormatVersion;
    if (!p.name.empty()) o["name"] = p.name;
    o["saved"] = p.saved.empty() ? utcNow() : p.saved;
    o["scenario"] = p.scenarioJson.empty() ? ojson::object() : ojson::parse(p.scenarioJson);
    if (!p.scenarioFile.empty()) o["scenario_file"] = relativeTo(p.scenarioFile, base);
    if (p.camera) {
        o["camera"] = {{"position", p.camera->position},
                       {"focal_point", p.camera->focalPoint},
                       {"view_up", p.camera->viewUp},
                       {"view_angle", p.camera->viewAngle}};
    }
    o["vertical_exaggeration"] = p.verticalExaggeration;
    if (p.timeS) o["time_s"] = *p.timeS;
    ojson runs = ojson::array();
    for (const ProjectRun& r : p.runs) {
        ojson j = ojson::object();
        j["key"] = r.key;
        if (!r.name.empty()) j["name"] = r.name;
        j["folder"] = relativeTo(r.folder, base);
        j["visible"] = r.visible;
        runs.push_back(std::move(j));
    }
    o["runs"] = runs;
    ojson layers = ojson::object();
    for (const auto& [id, style] : p.styles)
        layers[id] = styleToJson(style);
    o["layers"] = layers;
    if (!p.panelSimulator.empty()) {
        ojson values = ojson::object();
        for (const auto& [id, text] : p.panelValues)
            values[id] = text;
        o["panel"] = {{"simulator", p.panelSimulator}, {"values", values}};
    }
    return o.dump(2) + "\n";
}

void writeProject(const Project& project, const std::string& path) {
    const std::string abs = fs::absolute(path).lexically_normal().string();
    core::writeFileAtomically(abs, projectToJson(project, abs));
}

std::string copyRunFolder(const std::string& from, const std::string& toFolder) {
    const fs::path src = fs::absolute(from).lexically_normal();
    const fs::path dir = fs::absolute(toFolder).lexically_normal();
    if (!core::isRunDirectory(src.string()))
        throw core::fileError(ErrorCode::FileNotFound, src.string(),
                              "not a CityTwin run folder (no manifest.json)");
    if (src.parent_path() == dir) return src.string();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw core::fileError(ErrorCode::Output, dir.string(), "cannot create the folder: " + ec.message());
    fs::path target = dir / src.filename();
    for (int n = 2; fs::exists(target, ec); ++n)
        target = dir / (src.filename().string() + "-" + std::to_string(n));
    const fs::path staging =
        dir / ("." + target.filename().string() + ".partial-copy-" + std::to_string(::getpid()));
    fs::remove_all(staging, ec);
    fs::copy(src, staging, fs::copy_options::recursive, ec);
    if (!ec) fs::rename(staging, target, ec);
    if (ec) {
        std::error_code ignore;
        fs::remove_all(staging, ignore);
        throw core::fileError(ErrorCode::Output, target.string(),
                              "cannot copy the run folder here: " + ec.message());
    }
    return target.string();
}

}  // namespace citytwin::gui

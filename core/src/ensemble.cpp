// Ensemble files (docs/ensemble-format.md): reading, checking and expanding them into members; the members'
// scenarios and folders; running members through the run service; the Slurm scripts.

#include "citytwin/core/ensemble.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "citytwin/core/atomic_file.h"
#include "citytwin/core/error.h"
#include "citytwin/core/hash.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/text.h"
#include "json_util.h"

namespace citytwin::core {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

/// Most members an ensemble may expand to (a typo in a range should not fill a disk).
constexpr std::size_t kMaxMembers = 100000;

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

/// The value as written, short, for messages.
std::string shown(const json& v) {
    std::string t = v.dump();
    if (t.size() > 60) t = t.substr(0, 57) + "...";
    return t;
}

/// Reads one object's keys with their types; refuses unknown keys at finish(). Every error names the file,
/// the key path and the value.
class Reader {
public:
    Reader(const json& obj, std::string path, const std::string& file)
        : obj_(obj), path_(std::move(path)), file_(file) {
        if (!obj.is_object())
            fail(path_, std::string("expected an object, got ") + typeName(obj) + " " + shown(obj));
    }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw Error(ErrorCode::Scenario, message, Error::Context{file_, {}, key});
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
        if (!v->is_string())
            fail(key(k), std::string("expected a string, got ") + typeName(*v) + " " + shown(*v));
        return v->get<std::string>();
    }
    std::optional<double> number(const std::string& k) {
        const json* v = raw(k);
        if (!v) return std::nullopt;
        if (!v->is_number() || !std::isfinite(v->get<double>()))
            fail(key(k), std::string("expected a number, got ") + typeName(*v) + " " + shown(*v));
        return v->get<double>();
    }
    double required(const std::string& k) {
        const std::optional<double> v = number(k);
        if (!v) fail(key(k), "is missing (a number is needed here)");
        return *v;
    }
    std::optional<long long> integer(const std::string& k, long long min, long long max) {
        const json* v = raw(k);
        if (!v) return std::nullopt;
        if (!v->is_number_integer())
            fail(key(k), std::string("expected a whole number, got ") + typeName(*v) + " " + shown(*v));
        const long long n = v->get<long long>();
        if (n < min || n > max)
            fail(key(k), "value " + std::to_string(n) + " is out of range (" + std::to_string(min) + " to " +
                             std::to_string(max) + ")");
        return n;
    }
    void finish() const {
        for (auto it = obj_.begin(); it != obj_.end(); ++it) {
            if (known_.count(it.key())) continue;
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

bool safeName(const std::string& s) {
    if (s.empty() || s == "." || s == ".." || s.size() > 120) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '+';
    });
}

/// A short file-name-safe label for a value.
std::string labelOf(const json& v, std::size_t index) {
    std::string t;
    if (v.is_number()) {
        t = number(v.get<double>(), 6);
    } else if (v.is_string()) {
        t = v.get<std::string>();
    } else if (v.is_boolean()) {
        t = v.get<bool>() ? "true" : "false";
    } else {
        return "v" + std::to_string(index);
    }
    for (char& c : t)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '+')) c = '_';
    if (t.size() > 40) t = t.substr(0, 40);
    return t.empty() ? "v" + std::to_string(index) : t;
}

/// A number rounded to `digits` significant digits, as the JSON it becomes.
double roundSignificant(double v, int digits) {
    if (v == 0.0 || !std::isfinite(v)) return v;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return std::strtod(buf, nullptr);
}

/// Samples of a distribution from a seeded Mersenne Twister (std::mt19937_64: the same sequence on every
/// platform) through explicit transforms (the standard library's distributions are not portable).
std::vector<double> sampleDistribution(Reader& r, const std::string& file) {
    (void)file;
    const std::string distribution = r.string("distribution").value_or("");
    const long long count = r.integer("count", 1, static_cast<long long>(kMaxMembers)).value_or(-1);
    if (count < 0) r.fail(r.key("count"), "is missing (how many samples)");
    const std::optional<long long> seed = r.integer("seed", 0, 9007199254740991LL);
    if (!seed)
        r.fail(r.key("seed"), "is missing: a sampled axis needs a seed, so that the ensemble can be rerun");
    const int digits = static_cast<int>(r.integer("digits", 1, 17).value_or(6));
    std::mt19937_64 engine(static_cast<std::uint64_t>(*seed));
    auto uniform01 = [&] { return static_cast<double>(engine() >> 11) * 0x1.0p-53; };  // [0, 1)
    auto normal01 = [&] {
        // Box & Muller (1958): two uniforms give one standard normal (the second is dropped so that each
        // sample costs the same draws).
        double u1 = uniform01();
        while (u1 <= 0.0)
            u1 = uniform01();
        const double u2 = uniform01();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    };
    std::vector<double> out;
    if (distribution == "uniform") {
        const double lo = r.required("min"), hi = r.required("max");
        if (!(lo < hi)) r.fail(r.key("max"), "must be above min (" + number(lo) + "), got " + number(hi));
        for (long long i = 0; i < count; ++i)
            out.push_back(lo + (hi - lo) * uniform01());
    } else if (distribution == "normal") {
        const double mean = r.required("mean"), sd = r.required("sd");
        if (!(sd > 0.0)) r.fail(r.key("sd"), "must be positive, got " + number(sd));
        for (long long i = 0; i < count; ++i)
            out.push_back(mean + sd * normal01());
    } else if (distribution == "lognormal") {
        const double mu = r.required("mu"), sigma = r.required("sigma");
        if (!(sigma > 0.0)) r.fail(r.key("sigma"), "must be positive, got " + number(sigma));
        for (long long i = 0; i < count; ++i)
            out.push_back(std::exp(mu + sigma * normal01()));
    } else if (distribution == "triangular") {
        const double lo = r.required("min"), mode = r.required("mode"), hi = r.required("max");
        if (!(lo <= mode && mode <= hi && lo < hi))
            r.fail(r.key("mode"), "needs min <= mode <= max and min < max, got " + number(lo) + ", " +
                                      number(mode) + ", " + number(hi));
        const double f = (mode - lo) / (hi - lo);
        for (long long i = 0; i < count; ++i) {
            // Inverse of the triangular distribution's CDF.
            const double u = uniform01();
            out.push_back(u < f ? lo + std::sqrt(u * (hi - lo) * (mode - lo))
                                : hi - std::sqrt((1.0 - u) * (hi - lo) * (hi - mode)));
        }
    } else {
        r.fail(r.key("distribution"), "unknown distribution \"" + distribution +
                                          "\" (known: uniform, normal, lognormal, triangular)");
    }
    for (double& v : out)
        v = roundSignificant(v, digits);
    r.finish();
    return out;
}

std::vector<double> rangeValues(Reader& r) {
    const double from = r.required("from"), to = r.required("to");
    const std::optional<double> step = r.number("step");
    const std::optional<long long> count = r.integer("count", 2, static_cast<long long>(kMaxMembers));
    if (step.has_value() == count.has_value())
        r.fail(r.key(step ? "count" : "step"), "give either step or count, not both or neither");
    std::vector<double> out;
    if (count) {
        for (long long i = 0; i < *count; ++i)
            out.push_back(i + 1 == *count ? to
                                          : from + (to - from) * static_cast<double>(i) /
                                                       static_cast<double>(*count - 1));
    } else {
        if (!(*step > 0.0)) r.fail(r.key("step"), "must be a positive number, got " + number(*step));
        const double dir = to >= from ? 1.0 : -1.0;
        const double n = std::floor(std::fabs(to - from) / *step + 1e-9);
        if (n + 1 > static_cast<double>(kMaxMembers))
            r.fail(r.key("step"),
                   "gives " + number(n + 1) + " values, more than " + std::to_string(kMaxMembers));
        for (long long i = 0; i <= static_cast<long long>(n); ++i)
            out.push_back(roundSignificant(from + dir * static_cast<double>(i) * *step, 15));
    }
    r.finish();
    return out;
}

/// JSON text of a number (whole numbers without a decimal point).
std::string numberJson(double v) {
    if (std::fabs(v) < 9e15 && v == std::floor(v)) return json(static_cast<long long>(v)).dump();
    return json(v).dump();
}

bool isParameterKey(const std::string& p) {
    const auto dot = p.find('.');
    return dot != std::string::npos && dot > 0 && dot + 1 < p.size() &&
           p.find('.', dot + 1) == std::string::npos;
}

}  // namespace

const EnsembleMember* Ensemble::find(const std::string& memberName) const {
    for (const EnsembleMember& m : members)
        if (m.name == memberName) return &m;
    return nullptr;
}

Ensemble parseEnsemble(const std::string& text, const std::string& baseDir, const std::string& fileName) {
    const json root = detail::parseJson(text, fileName, ErrorCode::Scenario);
    Reader r(root, "", fileName);
    Ensemble e;
    e.file = fileName;
    e.baseDir = baseDir;
    const json* version = r.raw("citytwin_ensemble");
    if (!version)
        r.fail("citytwin_ensemble", "is missing: an ensemble file starts with \"citytwin_ensemble\": " +
                                        std::to_string(kEnsembleFormatVersion));
    if (!version->is_number_integer() || version->get<long long>() != kEnsembleFormatVersion)
        r.fail("citytwin_ensemble", "version " + shown(*version) + " is not supported (this CityTwin reads " +
                                        std::to_string(kEnsembleFormatVersion) + ")");
    e.name = r.string("name").value_or("");
    e.description = r.string("description").value_or("");
    auto resolve = [&](const std::string& written) {
        fs::path p(written);
        if (p.is_relative()) p = fs::path(baseDir) / p;
        return p.lexically_normal().string();
    };
    const std::optional<std::string> base = r.string("base");
    if (!base || base->empty()) r.fail("base", "is missing: the scenario every member starts from");
    e.baseFile = resolve(*base);
    std::error_code ec;
    if (!fs::exists(e.baseFile, ec))
        throw Error(ErrorCode::FileNotFound, "base scenario " + e.baseFile + " not found",
                    {fileName, {}, "base"});
    e.base = loadScenario(e.baseFile);

    if (const json* set = r.raw("set")) {
        if (!set->is_object())
            r.fail("set",
                   std::string("expected an object of \"<sim>.<param>\": value, got ") + typeName(*set));
        for (auto it = set->begin(); it != set->end(); ++it) {
            if (!isParameterKey(it.key()))
                r.fail("set." + it.key(),
                       "expected a parameter as \"<simulator>.<parameter>\", got \"" + it.key() + "\"");
            e.fixedSets.emplace_back(it.key(), it.value().dump());
        }
    }

    const json* axes = r.raw("axes");
    if (!axes || !axes->is_array() || axes->empty())
        r.fail("axes", axes ? std::string("expected a non-empty list of axes, got ") + typeName(*axes) + " " +
                                  shown(*axes)
                            : "is missing: the list of what varies between members");
    std::set<std::string> axisNames;
    for (std::size_t i = 0; i < axes->size(); ++i) {
        const std::string where = "axes[" + std::to_string(i) + "]";
        Reader a((*axes)[i], where, fileName);
        EnsembleAxis axis;
        axis.name = a.string("name").value_or("");
        if (!safeName(axis.name) || axis.name.find('.') != std::string::npos)
            a.fail(a.key("name"), axis.name.empty()
                                      ? "is missing (a short name for member names and the table)"
                                      : "\"" + axis.name + "\" must be letters, digits, - or _");
        if (!axisNames.insert(axis.name).second)
            a.fail(a.key("name"), "\"" + axis.name + "\" names two axes");
        axis.parameter = a.string("parameter").value_or("");
        axis.dataset = a.string("dataset").value_or("");
        if (axis.parameter.empty() == axis.dataset.empty())
            a.fail(a.key(axis.parameter.empty() ? "parameter" : "dataset"),
                   "give either a parameter (\"<sim>.<param>\") or a dataset (\"terrain\", \"buildings\", "
                   "\"layers.<name>\"), not both or neither");
        if (!axis.parameter.empty() && !isParameterKey(axis.parameter))
            a.fail(a.key("parameter"),
                   "expected \"<simulator>.<parameter>\", got \"" + axis.parameter + "\"");
        const json* values = a.raw("values");
        const json* range = a.raw("range");
        const json* sample = a.raw("sample");
        if ((values != nullptr) + (range != nullptr) + (sample != nullptr) != 1)
            a.fail(where, "give exactly one of values, range or sample");
        std::vector<json> vals;
        if (values) {
            axis.kind = "values";
            if (!values->is_array() || values->empty())
                a.fail(a.key("values"), std::string("expected a non-empty list, got ") + typeName(*values) +
                                            " " + shown(*values));
            for (const json& v : *values)
                vals.push_back(v);
        } else if (range) {
            axis.kind = "range";
            Reader rr(*range, a.key("range"), fileName);
            for (double v : rangeValues(rr))
                vals.emplace_back(v);
        } else {
            axis.kind = "sample";
            Reader sr(*sample, a.key("sample"), fileName);
            for (double v : sampleDistribution(sr, fileName))
                vals.emplace_back(v);
        }
        std::vector<std::string> labels;
        if (const json* l = a.raw("labels")) {
            if (!values) a.fail(a.key("labels"), "labels go with a list of values");
            if (!l->is_array() || l->size() != vals.size())
                a.fail(a.key("labels"), "expected a list of " + std::to_string(vals.size()) +
                                            " labels (one per value), got " + shown(*l));
            for (std::size_t k = 0; k < l->size(); ++k) {
                if (!(*l)[k].is_string() || !safeName((*l)[k].get<std::string>()))
                    a.fail(a.key("labels[" + std::to_string(k) + "]"),
                           "expected a label of letters, digits, '.', '-', '_', got " + shown((*l)[k]));
                labels.push_back((*l)[k].get<std::string>());
            }
        }
        for (std::size_t k = 0; k < vals.size(); ++k) {
            const json& v = vals[k];
            if (!axis.dataset.empty()) {
                if (!v.is_string() || v.get<std::string>().empty())
                    a.fail(a.key("values[" + std::to_string(k) + "]"),
                           "expected a file name, got " + shown(v));
                const std::string f = resolve(v.get<std::string>());
                if (f.rfind("/vsi", 0) != 0 && !fs::exists(f, ec))
                    throw Error(ErrorCode::FileNotFound, "file " + f + " not found",
                                {fileName, {}, a.key("values[" + std::to_string(k) + "]")});
                axis.values.push_back(f);
                axis.labels.push_back(labels.empty() ? labelOf(json(fs::path(f).stem().string()), k)
                                                     : labels[k]);
            } else {
                axis.values.push_back(v.is_number() ? numberJson(v.get<double>()) : v.dump());
                axis.labels.push_back(labels.empty() ? labelOf(v, k) : labels[k]);
            }
        }
        a.finish();
        e.axes.push_back(std::move(axis));
    }

    e.combine = r.string("combine").value_or("product");
    if (e.combine != "product" && e.combine != "zip")
        r.fail("combine", "\"" + e.combine + "\" is not a way to combine axes (product or zip)");
    e.nameTemplate = r.string("member_name").value_or("");

    if (const json* c = r.raw("collect")) {
        Reader cr(*c, "collect", fileName);
        if (const json* rasters = cr.raw("rasters")) {
            if (!rasters->is_array())
                cr.fail(cr.key("rasters"), std::string("expected a list, got ") + typeName(*rasters));
            for (std::size_t k = 0; k < rasters->size(); ++k) {
                const json& v = (*rasters)[k];
                if (!v.is_string() || !isParameterKey(v.get<std::string>()))
                    cr.fail(cr.key("rasters[" + std::to_string(k) + "]"),
                            "expected \"<simulator>.<output>\", got " + shown(v));
                e.collect.rasters.push_back(v.get<std::string>());
            }
        }
        if (const json* ex = cr.raw("exceedance")) {
            if (!ex->is_object())
                cr.fail(
                    cr.key("exceedance"),
                    std::string("expected an object of \"<sim>.<output>\": threshold, got ") + typeName(*ex));
            for (auto it = ex->begin(); it != ex->end(); ++it) {
                if (!isParameterKey(it.key()))
                    cr.fail(cr.key("exceedance." + it.key()), "expected \"<simulator>.<output>\"");
                const json& t = it.value();
                std::vector<json> list =
                    t.is_array() ? std::vector<json>(t.begin(), t.end()) : std::vector<json>{t};
                for (const json& v : list) {
                    if (!v.is_number() || !std::isfinite(v.get<double>()))
                        cr.fail(cr.key("exceedance." + it.key()),
                                "expected a threshold number (or a list of them), got " + shown(t));
                    e.collect.exceedance.emplace_back(it.key(), v.get<double>());
                }
            }
        }
        cr.finish();
    }
    r.finish();

    // --- members
    // ---------------------------------------------------------------------------------------------
    std::size_t count = 1;
    if (e.combine == "zip") {
        count = e.axes.front().values.size();
        for (std::size_t i = 1; i < e.axes.size(); ++i)
            if (e.axes[i].values.size() != count)
                r.fail("axes[" + std::to_string(i) + "]",
                       "combine \"zip\" needs axes of the same length: \"" + e.axes.front().name + "\" has " +
                           std::to_string(count) + " values, \"" + e.axes[i].name + "\" " +
                           std::to_string(e.axes[i].values.size()));
    } else {
        for (const EnsembleAxis& a : e.axes) {
            count *= a.values.size();
            if (count > kMaxMembers)
                r.fail("axes",
                       "the product of the axes gives more than " + std::to_string(kMaxMembers) + " members");
        }
    }
    const int indexDigits = std::max(3, static_cast<int>(std::to_string(count - 1).size()));
    std::set<std::string> names;
    for (std::size_t m = 0; m < count; ++m) {
        EnsembleMember member;
        member.index = static_cast<int>(m);
        member.at.resize(e.axes.size());
        std::size_t rest = m;
        for (std::size_t i = e.axes.size(); i-- > 0;) {
            // Product: the last axis varies fastest.
            const std::size_t n = e.axes[i].values.size();
            member.at[i] = static_cast<int>(e.combine == "zip" ? m : rest % n);
            rest /= n;
        }
        member.sets = e.fixedSets;
        for (std::size_t i = 0; i < e.axes.size(); ++i) {
            const EnsembleAxis& a = e.axes[i];
            const std::string& v = a.values[static_cast<std::size_t>(member.at[i])];
            if (!a.parameter.empty())
                member.sets.emplace_back(a.parameter, v);
            else
                member.datasets.emplace_back(a.dataset, v);
        }
        std::string indexText = std::to_string(m);
        indexText.insert(
            0, static_cast<std::size_t>(std::max(0, indexDigits - static_cast<int>(indexText.size()))), '0');
        if (e.nameTemplate.empty()) {
            for (std::size_t i = 0; i < e.axes.size(); ++i)
                member.name += (i ? "_" : "") + e.axes[i].name + "-" +
                               e.axes[i].labels[static_cast<std::size_t>(member.at[i])];
        } else {
            std::string t = e.nameTemplate;
            std::string out;
            for (std::size_t p = 0; p < t.size();) {
                if (t[p] != '{') {
                    out += t[p++];
                    continue;
                }
                const auto close = t.find('}', p);
                if (close == std::string::npos) r.fail("member_name", "unclosed '{' in \"" + t + "\"");
                const std::string field = t.substr(p + 1, close - p - 1);
                if (field == "index") {
                    out += indexText;
                } else {
                    const auto it = std::find_if(e.axes.begin(), e.axes.end(),
                                                 [&](const EnsembleAxis& a) { return a.name == field; });
                    if (it == e.axes.end())
                        r.fail("member_name",
                               "\"{" + field + "}\" names no axis (use {index} or an axis name)");
                    out += it->labels[static_cast<std::size_t>(
                        member.at[static_cast<std::size_t>(it - e.axes.begin())])];
                }
                p = close + 1;
            }
            member.name = out;
        }
        if (!safeName(member.name))
            r.fail("member_name",
                   "member " + std::to_string(m) + " would be named \"" + member.name +
                       "\", which is not a safe folder name (letters, digits, '.', '-', '_', '+')");
        if (!names.insert(member.name).second)
            r.fail(e.nameTemplate.empty() ? "axes" : "member_name",
                   "two members would be named \"" + member.name +
                       "\"; give \"member_name\" with {index}, or labels");
        e.members.push_back(std::move(member));
    }
    return e;
}

Ensemble loadEnsemble(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw fileError(ErrorCode::FileNotFound, path, "ensemble file not found");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw fileError(ErrorCode::FileNotFound, path, "cannot open the ensemble file");
    std::ostringstream os;
    os << in.rdbuf();
    const fs::path abs = fs::absolute(path).lexically_normal();
    Ensemble e = parseEnsemble(os.str(), abs.parent_path().string(), path);
    e.file = abs.string();
    return e;
}

std::string ensembleToJson(const Ensemble& e) {
    ojson o;
    o["citytwin_ensemble"] = kEnsembleFormatVersion;
    o["name"] = e.name;
    o["file"] = e.file;
    o["base"] = e.baseFile;
    o["combine"] = e.combine;
    ojson axes = ojson::array();
    for (const EnsembleAxis& a : e.axes) {
        ojson j;
        j["name"] = a.name;
        if (!a.parameter.empty()) j["parameter"] = a.parameter;
        if (!a.dataset.empty()) j["dataset"] = a.dataset;
        j["kind"] = a.kind;
        ojson values = ojson::array();
        for (const std::string& v : a.values)
            values.push_back(a.dataset.empty() ? ojson::parse(v) : ojson(v));
        j["values"] = values;
        j["labels"] = a.labels;
        axes.push_back(j);
    }
    o["axes"] = axes;
    ojson members = ojson::array();
    for (const EnsembleMember& m : e.members) {
        ojson j;
        j["index"] = m.index;
        j["name"] = m.name;
        ojson sets = ojson::object();
        for (const auto& [k, v] : m.sets)
            sets[k] = ojson::parse(v);
        j["set"] = sets;
        if (!m.datasets.empty()) {
            ojson d = ojson::object();
            for (const auto& [k, v] : m.datasets)
                d[k] = v;
            j["datasets"] = d;
        }
        members.push_back(j);
    }
    o["members"] = members;
    return o.dump(2) + "\n";
}

// --- layout and member scenarios
// -----------------------------------------------------------------------------

EnsembleLayout::EnsembleLayout(const std::string& out) {
    if (out.empty()) throw Error(ErrorCode::Usage, "no output folder was given for the ensemble (--out)");
    root = fs::absolute(out).lexically_normal().string();
    while (root.size() > 1 && root.back() == '/')
        root.pop_back();
}
std::string EnsembleLayout::memberDir(const std::string& member) const {
    return (fs::path(root) / "members" / member).string();
}
std::string EnsembleLayout::scenarioFile(const std::string& member) const {
    return (fs::path(root) / "scenarios" / (member + ".json")).string();
}
std::string EnsembleLayout::collectedDir() const {
    return (fs::path(root) / "collected").string();
}
std::string EnsembleLayout::slurmDir() const {
    return (fs::path(root) / "slurm").string();
}

Scenario memberScenario(const Ensemble& e, const EnsembleMember& member, const EnsembleLayout& layout) {
    Scenario s = e.base;
    s.file = layout.scenarioFile(member.name);
    s.name = (e.base.name.empty() ? e.name : e.base.name) + " [" + member.name + "]";
    auto fail = [&](const std::string& key, const std::string& message) {
        throw Error(ErrorCode::Scenario, "member \"" + member.name + "\": " + message, {e.file, {}, key});
    };
    for (const auto& [key, file] : member.datasets) {
        DatasetSpec* spec = nullptr;
        if (key == "terrain") {
            if (s.terrain) spec = &*s.terrain;
        } else if (key.rfind("buildings", 0) == 0 || key.rfind("roads", 0) == 0) {
            std::vector<DatasetSpec>& list = key.rfind("buildings", 0) == 0 ? s.buildings : s.roads;
            const std::string head = key.rfind("buildings", 0) == 0 ? "buildings" : "roads";
            std::size_t index = 0;
            if (key.size() > head.size()) {
                if (key[head.size()] != '[' || key.back() != ']')
                    fail(key, "unknown dataset key \"" + key + "\"");
                index = std::strtoul(key.substr(head.size() + 1).c_str(), nullptr, 10);
            }
            if (index < list.size()) spec = &list[index];
        } else if (key.rfind("layers.", 0) == 0) {
            for (DatasetSpec& d : s.layers)
                if (d.name == key.substr(7)) spec = &d;
        } else {
            fail(key, "unknown dataset key \"" + key +
                          "\" (terrain, buildings, buildings[i], roads, roads[i], layers.<name>)");
        }
        if (!spec)
            fail(key, "the base scenario " + e.baseFile + " has no dataset \"" + key + "\" to replace");
        spec->files = {file};
        spec->written = {file};
    }
    for (const auto& [param, value] : member.sets) {
        const std::string sim = param.substr(0, param.find('.'));
        const std::string id = param.substr(param.find('.') + 1);
        if (!s.runOrder.empty() && std::find(s.runOrder.begin(), s.runOrder.end(), sim) == s.runOrder.end())
            fail(param, "the base scenario's \"run\" list does not run simulator \"" + sim + "\"");
        ojson block = s.simulators.count(sim) ? ojson::parse(s.simulators[sim]) : ojson::object();
        block[id] = ojson::parse(value);
        s.simulators[sim] = block.dump();
    }
    return s;
}

const char* toString(MemberState state) {
    switch (state) {
        case MemberState::Missing:
            return "missing";
        case MemberState::Complete:
            return "complete";
        case MemberState::Stale:
            return "stale";
        case MemberState::Foreign:
            return "foreign";
    }
    return "?";
}

const char* toString(MemberOutcome::Status status) {
    switch (status) {
        case MemberOutcome::Status::Skipped:
            return "skipped";
        case MemberOutcome::Status::Completed:
            return "completed";
        case MemberOutcome::Status::Invalid:
            return "invalid";
        case MemberOutcome::Status::Failed:
            return "failed";
        case MemberOutcome::Status::Cancelled:
            return "cancelled";
    }
    return "?";
}

namespace {

/// The text the member's scenario file holds (what saveScenario writes), and its sha256.
std::string memberScenarioText(const Ensemble& e, const EnsembleMember& m, const EnsembleLayout& layout) {
    const Scenario s = memberScenario(e, m, layout);
    return scenarioToJson(s, fs::path(layout.scenarioFile(m.name)).parent_path().string());
}

/// Writes a file atomically unless it already holds exactly this text.
void writeIfChanged(const std::string& path, const std::string& text) {
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::ostringstream os;
        os << in.rdbuf();
        if (os.str() == text) return;
    }
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    writeFileAtomically(path, text);
}

}  // namespace

MemberState memberState(const Ensemble& e, const EnsembleMember& member, const EnsembleLayout& layout,
                        std::string* detail) {
    const std::string dir = layout.memberDir(member.name);
    auto say = [&](const std::string& text) {
        if (detail) *detail = text;
    };
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        say("not run yet");
        return MemberState::Missing;
    }
    if (!isRunDirectory(dir)) {
        say(dir + " exists but is not a CityTwin run folder");
        return MemberState::Foreign;
    }
    RunFolder folder;
    try {
        folder = readRunDirectory(dir, RunReadOptions{false});
    } catch (const Error& err) {
        say(std::string("its manifest cannot be read: ") + err.what());
        return MemberState::Foreign;
    }
    const std::string expected = sha256Hex(memberScenarioText(e, member, layout));
    if (folder.record.scenarioSha256 != expected ||
        fs::path(folder.record.scenarioFile).lexically_normal() !=
            fs::path(layout.scenarioFile(member.name)).lexically_normal()) {
        say("its folder holds a run of another scenario (" + folder.record.scenarioFile + ", sha256 " +
            folder.record.scenarioSha256.substr(0, 12) +
            "...): the ensemble or its base changed since it ran");
        return MemberState::Stale;
    }
    say("complete (" + folder.record.finished + ")");
    return MemberState::Complete;
}

std::optional<int> SequentialQueue::next() {
    if (pos_ >= indices_.size()) return std::nullopt;
    return indices_[pos_++];
}

std::vector<int> taskShare(const Ensemble& e, int task, int tasks) {
    if (tasks < 1 || task < 0 || task >= tasks)
        throw Error(ErrorCode::Usage, "task " + std::to_string(task) + " of " + std::to_string(tasks) +
                                          ": the task must lie in 0 to tasks - 1");
    std::vector<int> out;
    for (const EnsembleMember& m : e.members)
        if (m.index % tasks == task) out.push_back(m.index);
    return out;
}

void prepareEnsembleFolder(const Ensemble& e, const EnsembleLayout& layout) {
    std::error_code ec;
    fs::create_directories(fs::path(layout.root) / "members", ec);
    if (ec)
        throw fileError(ErrorCode::Output, layout.root, "cannot create the ensemble folder: " + ec.message());
    writeIfChanged((fs::path(layout.root) / "ensemble.json").string(), ensembleToJson(e));
    for (const EnsembleMember& m : e.members)
        writeIfChanged(layout.scenarioFile(m.name), memberScenarioText(e, m, layout));
}

namespace {

/// The run service's observer for one member: quiet, forwards cancel.
class MemberObserver : public RunObserver {
public:
    explicit MemberObserver(EnsembleObserver& outer) : outer_(outer) {}
    bool cancelRequested() override { return outer_.cancelRequested(); }

private:
    EnsembleObserver& outer_;
};

}  // namespace

MemberOutcome runMember(const RunService& service, const Ensemble& e, int index,
                        const EnsembleRunOptions& options, EnsembleObserver& observer) {
    MemberOutcome outcome;
    outcome.index = index;
    outcome.worker = options.worker;
    const auto start = std::chrono::steady_clock::now();
    try {
        const EnsembleMember& member = e.members.at(static_cast<std::size_t>(index));
        outcome.name = member.name;
        const EnsembleLayout layout(options.out);
        std::string detail;
        const MemberState state = memberState(e, member, layout, &detail);
        if (state == MemberState::Complete) {
            outcome.status = MemberOutcome::Status::Skipped;
            outcome.message = detail;
            observer.memberFinished(outcome);
            return outcome;
        }
        if (state == MemberState::Foreign || (state == MemberState::Stale && !options.overwrite)) {
            outcome.status = MemberOutcome::Status::Failed;
            outcome.message = detail + (state == MemberState::Stale ? "; rerun with --overwrite to replace it"
                                                                    : "; move it away");
            observer.memberFinished(outcome);
            return outcome;
        }
        observer.memberStarted(member);
        const std::string scenarioFile = layout.scenarioFile(member.name);
        writeIfChanged(scenarioFile, memberScenarioText(e, member, layout));
        RunOptions ro;
        ro.outDir = layout.memberDir(member.name);
        ro.overwrite = state == MemberState::Stale;
        ro.threads = options.threads;
        ro.command = options.command;
        ro.command.insert(ro.command.end(), {"--member", member.name});
        MemberObserver inner(observer);
        const RunReport report = service.run(loadScenario(scenarioFile), ro, inner);
        switch (report.status) {
            case RunReport::Status::Completed:
                outcome.status = MemberOutcome::Status::Completed;
                outcome.message = report.outDir;
                break;
            case RunReport::Status::Invalid:
                outcome.status = MemberOutcome::Status::Invalid;
                outcome.message = std::to_string(report.problems.size()) + " problem(s):\n" +
                                  formatProblems(report.problems);
                break;
            case RunReport::Status::Cancelled:
                outcome.status = MemberOutcome::Status::Cancelled;
                outcome.message = report.message;
                break;
            case RunReport::Status::Failed:
                outcome.status = MemberOutcome::Status::Failed;
                outcome.message = report.message;
                break;
        }
    } catch (const std::exception& err) {
        outcome.status = MemberOutcome::Status::Failed;
        outcome.message = err.what();
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    observer.memberFinished(outcome);
    return outcome;
}

std::vector<MemberOutcome> runMembers(const RunService& service, const Ensemble& e, MemberQueue& queue,
                                      const EnsembleRunOptions& options, EnsembleObserver& observer) {
    std::vector<MemberOutcome> out;
    while (!observer.cancelRequested()) {
        const std::optional<int> index = queue.next();
        if (!index) break;
        out.push_back(runMember(service, e, *index, options, observer));
        if (out.back().status == MemberOutcome::Status::Cancelled) break;
    }
    return out;
}

// --- Slurm
// ---------------------------------------------------------------------------------------------------

namespace {

/// A word for a POSIX shell, single-quoted.
std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string sbatchHeader(const Ensemble& e, const SlurmOptions& o, const std::string& jobSuffix) {
    std::string name = e.name.empty() ? "ensemble" : e.name;
    for (char& c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) c = '_';
    std::ostringstream s;
    s << "#SBATCH --job-name=citytwin-" << name.substr(0, 40) << jobSuffix << "\n";
    s << "#SBATCH --cpus-per-task=" << std::max(1, o.cpusPerTask) << "\n";
    if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
    if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
    if (!o.memory.empty()) s << "#SBATCH --mem=" << o.memory << "\n";
    for (const std::string& x : o.extra)
        s << "#SBATCH " << x << "\n";
    return s.str();
}

}  // namespace

std::string slurmArrayScript(const Ensemble& e, const SlurmOptions& o) {
    const int members = static_cast<int>(e.members.size());
    const int tasks = o.tasks > 0 ? std::min(o.tasks, members) : members;
    const EnsembleLayout layout(o.out);
    std::ostringstream s;
    s << "#!/bin/bash\n";
    s << "# CityTwin ensemble \"" << e.name << "\": " << members << " members in " << tasks
      << " Slurm array tasks. Generated by `citytwin-cli ensemble run --slurm`.\n";
    s << "# Submit: sbatch " << (fs::path(layout.slurmDir()) / "ensemble.sbatch").string() << "\n";
    s << "# Task i runs the members whose index modulo " << tasks
      << " is i, each into OUT/members/<name> exactly as `citytwin-cli run`\n";
    s << "# would. Resubmitting resumes: members whose folders are complete are skipped.\n";
    s << sbatchHeader(e, o, "");
    s << "#SBATCH --array=0-" << tasks - 1;
    if (o.maxParallel > 0) s << "%" << o.maxParallel;
    s << "\n";
    s << "#SBATCH --output=" << (fs::path(layout.slurmDir()) / "task-%A_%a.out").string() << "\n";
    s << "set -euo pipefail\n";
    s << "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-" << std::max(1, o.cpusPerTask) << "}\"\n";
    s << "exec " << shellQuote(o.cli) << " ensemble run " << shellQuote(o.ensembleFile) << " --out "
      << shellQuote(layout.root) << " --task \"${SLURM_ARRAY_TASK_ID}\" --tasks " << tasks
      << " --threads \"${SLURM_CPUS_PER_TASK:-" << std::max(1, o.cpusPerTask) << "}\"\n";
    return s.str();
}

std::string slurmCollectScript(const Ensemble& e, const SlurmOptions& o) {
    const EnsembleLayout layout(o.out);
    SlurmOptions one = o;
    one.cpusPerTask = 1;
    std::ostringstream s;
    s << "#!/bin/bash\n";
    s << "# Collects the ensemble \"" << e.name << "\" once its array job has ended. Submit with\n";
    s << "#   sbatch --dependency=afterany:<array job id> "
      << (fs::path(layout.slurmDir()) / "collect.sbatch").string() << "\n";
    s << sbatchHeader(e, one, "-collect");
    s << "#SBATCH --output=" << (fs::path(layout.slurmDir()) / "collect-%j.out").string() << "\n";
    s << "set -euo pipefail\n";
    s << "exec " << shellQuote(o.cli) << " ensemble collect " << shellQuote(o.ensembleFile) << " --out "
      << shellQuote(layout.root) << " --overwrite\n";
    return s.str();
}

}  // namespace citytwin::core

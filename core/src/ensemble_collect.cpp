// `ensemble collect`: the members' manifests and scalars into one table, their rasters summarised per cell
// (maximum, mean, exceedance probability), written as a normal run folder (docs/results-format.md) with the
// members as provenance ("with_results").

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "citytwin/core/ensemble.h"
#include "citytwin/core/error.h"
#include "citytwin/core/hash.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/text.h"
#include "citytwin/core/version.h"

namespace citytwin::core {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// "0.3" -> "0_3", "-1.5" -> "m1_5": a threshold as part of an output id.
std::string idPart(double v) {
    std::string t = number(v, 6);
    std::string out;
    for (char c : t)
        out += c == '.' ? '_' : c == '-' ? 'm' : c == '+' ? 'p' : c;
    return out;
}

/// Per-cell running summary of one raster output over the members.
struct Summary {
    std::string output;  // "<sim>.<id>"
    sdk::OutputDecl decl;
    Raster max, sum;
    std::vector<int> count;
    std::vector<double> thresholds;
    std::vector<std::vector<int>> exceed;  // per threshold, per cell
};

/// A member's raster output. A raster without any valid cell (time of inundation where nothing was inundated)
/// is a valid output: readRaster() returns it as a NaN raster on the file's grid.
Raster readOutput(const std::string& path) {
    return readRaster(path);
}

const WrittenOutput* findOutput(const RunFolder& f, const std::string& output) {
    const std::string sim = output.substr(0, output.find('.'));
    const std::string id = output.substr(output.find('.') + 1);
    for (const SimulatorRecord& s : f.record.simulators)
        if (s.info.id == sim)
            for (const WrittenOutput& o : s.outputs)
                if (o.decl.id == id) return &o;
    return nullptr;
}

}  // namespace

CollectReport collectEnsemble(const Ensemble& e, const CollectOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const std::string started = utcNow();
    const EnsembleLayout layout(options.out);
    CollectReport report;
    report.dir =
        options.dir.empty() ? layout.collectedDir() : fs::absolute(options.dir).lexically_normal().string();
    report.members = static_cast<int>(e.members.size());

    // --- the members' states and manifests
    // --------------------------------------------------------------------
    std::vector<std::optional<RunFolder>> folders(e.members.size());
    std::vector<std::string> states(e.members.size());
    for (const EnsembleMember& m : e.members) {
        std::string detail;
        const MemberState st = memberState(e, m, layout, &detail);
        states[static_cast<std::size_t>(m.index)] = toString(st);
        if (st != MemberState::Complete) {
            report.missing.push_back(m.name + " (" + detail + ")");
            continue;
        }
        folders[static_cast<std::size_t>(m.index)] =
            readRunDirectory(layout.memberDir(m.name), RunReadOptions{false});
        ++report.complete;
    }
    if (report.complete == 0)
        throw Error(ErrorCode::Data,
                    "no member of the ensemble is complete under " + layout.root +
                        " (run `citytwin-cli ensemble run` first)",
                    {e.file, {}, {}});
    if (!report.missing.empty() && !options.allowMissing) {
        std::string list;
        for (std::size_t i = 0; i < report.missing.size() && i < 10; ++i)
            list += "\n  - " + report.missing[i];
        if (report.missing.size() > 10)
            list += "\n  - ... and " + std::to_string(report.missing.size() - 10) + " more";
        throw Error(
            ErrorCode::Data,
            std::to_string(report.missing.size()) + " of " + std::to_string(report.members) +
                " members are not complete (run the ensemble again to finish them, or collect what is "
                "there with --allow-missing):" +
                list,
            {e.file, {}, {}});
    }
    const RunFolder* first = nullptr;
    for (const auto& f : folders)
        if (f && !first) first = &*f;

    // --- what to summarise
    // ---------------------------------------------------------------------------------------
    std::vector<std::string> rasters = e.collect.rasters;
    rasters.insert(rasters.end(), options.extra.rasters.begin(), options.extra.rasters.end());
    std::vector<std::pair<std::string, double>> exceedance = e.collect.exceedance;
    exceedance.insert(exceedance.end(), options.extra.exceedance.begin(), options.extra.exceedance.end());
    if (rasters.empty())
        for (const SimulatorRecord& s : first->record.simulators)
            for (const WrittenOutput& o : s.outputs)
                if (o.decl.kind == sdk::OutputKind::Raster) rasters.push_back(s.info.id + "." + o.decl.id);
    for (const auto& [output, threshold] : exceedance)
        if (std::find(rasters.begin(), rasters.end(), output) == rasters.end()) rasters.push_back(output);
    std::vector<Summary> summaries;
    for (const std::string& r : rasters) {
        if (std::any_of(summaries.begin(), summaries.end(), [&](const Summary& s) { return s.output == r; }))
            continue;
        Summary s;
        s.output = r;
        for (const auto& [output, threshold] : exceedance)
            if (output == r &&
                std::find(s.thresholds.begin(), s.thresholds.end(), threshold) == s.thresholds.end())
                s.thresholds.push_back(threshold);
        summaries.push_back(std::move(s));
    }

    // --- per cell, member by member (one member's raster in memory at a time)
    // -----------------------------------
    for (Summary& s : summaries) {
        bool begun = false;
        for (const EnsembleMember& m : e.members) {
            const auto& f = folders[static_cast<std::size_t>(m.index)];
            if (!f) continue;
            const WrittenOutput* o = findOutput(*f, s.output);
            if (!o || o->decl.kind != sdk::OutputKind::Raster)
                throw Error(ErrorCode::Data,
                            "member \"" + m.name + "\" has no raster output " + s.output + " to summarise" +
                                (o ? " (it is a " + std::string(sdk::toString(o->decl.kind)) + ")" : ""),
                            {layout.memberDir(m.name), {}, s.output});
            const Raster r = readOutput((fs::path(layout.memberDir(m.name)) / o->path).string());
            if (!begun) {
                s.decl = o->decl;
                s.max = Raster(r.width(), r.height(), r.geoTransform(), r.crs());
                s.sum = Raster(r.width(), r.height(), r.geoTransform(), r.crs(), 0.0f);
                s.count.assign(r.cellCount(), 0);
                s.exceed.assign(s.thresholds.size(), std::vector<int>(r.cellCount(), 0));
                begun = true;
            } else if (!r.sameGrid(s.max)) {
                throw Error(ErrorCode::Data,
                            "member \"" + m.name + "\": " + s.output + " is on another grid (" +
                                std::to_string(r.width()) + " x " + std::to_string(r.height()) +
                                ") than the first member's (" + std::to_string(s.max.width()) + " x " +
                                std::to_string(s.max.height()) +
                                "); members with different terrain cannot be summarised per cell",
                            {layout.memberDir(m.name), {}, s.output});
            }
            // The sum in double per cell would need 8 B/cell more; float sums of a few hundred members of
            // depths keep 7 digits, plenty for a mean drawn on a map. Kept as a double running mean instead:
            // exact enough and the same memory.
            const std::vector<float>& v = r.data();
            std::vector<float>& mx = s.max.data();
            std::vector<float>& mean = s.sum.data();
            for (std::size_t k = 0; k < v.size(); ++k) {
                if (std::isnan(v[k])) continue;
                if (std::isnan(mx[k]) || v[k] > mx[k]) mx[k] = v[k];
                const int n = ++s.count[k];
                mean[k] = static_cast<float>(static_cast<double>(mean[k]) +
                                             (static_cast<double>(v[k]) - mean[k]) / n);
                for (std::size_t t = 0; t < s.thresholds.size(); ++t)
                    if (static_cast<double>(v[k]) > s.thresholds[t]) ++s.exceed[t][k];
            }
        }
    }

    // --- declarations of the collected outputs
    // ------------------------------------------------------------------
    sdk::Description d;
    d.info = {
        "ensemble",
        "Ensemble summary",
        citytwinVersion(),
        "Per-cell maximum, mean and exceedance probability of the members' rasters, and the member table.",
        {}};
    struct Planned {
        std::string id;
        Raster raster;
    };
    std::vector<Planned> planned;
    for (Summary& s : summaries) {
        const std::string base =
            s.output.substr(0, s.output.find('.')) + "_" + s.output.substr(s.output.find('.') + 1);
        const std::string label = s.decl.label.empty() ? s.output : s.decl.label;
        const std::string unit = s.decl.unit;
        sdk::OutputDecl mx = s.decl;
        mx.id = base + "_max";
        mx.label = label + ", maximum over members";
        mx.description = "Largest value of " + s.output + " over the " + std::to_string(report.complete) +
                         " complete members, per cell.";
        d.outputs.push_back(mx);
        planned.push_back({mx.id, s.max});
        sdk::OutputDecl mean = s.decl;
        mean.id = base + "_mean";
        mean.label = label + ", mean over members";
        mean.description = "Mean of " + s.output + " over the members that have a value there, per cell.";
        d.outputs.push_back(mean);
        Raster meanRaster = s.sum;
        for (std::size_t k = 0; k < meanRaster.cellCount(); ++k)
            if (s.count[k] == 0) meanRaster.data()[k] = Raster::kNoData;
        planned.push_back({mean.id, std::move(meanRaster)});
        for (std::size_t t = 0; t < s.thresholds.size(); ++t) {
            sdk::OutputDecl p;
            p.id = base + "_exceeds_" + idPart(s.thresholds[t]);
            p.kind = sdk::OutputKind::Raster;
            p.label =
                "P(" + label + " > " + number(s.thresholds[t], 6) + (unit.empty() ? "" : " " + unit) + ")";
            p.unit = "";
            p.description = "Share of the members (with a value in the cell) whose " + s.output +
                            " exceeds " + number(s.thresholds[t], 6) + (unit.empty() ? "" : " " + unit) +
                            ": the exceedance probability, each member weighted equally.";
            p.style = sdk::Style::draped("magma", 0.0, 1.0);
            p.style.transparentBelow = 1e-9;  // cells no member floods are not drawn
            d.outputs.push_back(p);
            Raster prob(s.max.width(), s.max.height(), s.max.geoTransform(), s.max.crs());
            for (std::size_t k = 0; k < prob.cellCount(); ++k)
                if (s.count[k] > 0)
                    prob.data()[k] = static_cast<float>(static_cast<double>(s.exceed[t][k]) / s.count[k]);
            planned.push_back({p.id, std::move(prob)});
        }
        report.rasters.push_back(s.output);
    }
    sdk::OutputDecl tableDecl;
    tableDecl.id = "members";
    tableDecl.kind = sdk::OutputKind::Table;
    tableDecl.label = "Ensemble members";
    tableDecl.description =
        "One row per member: its values of the axes, every scalar output, its run time and "
        "the sha256 of its manifest.";
    tableDecl.style.drawAs = sdk::DrawAs::Hidden;
    d.outputs.push_back(tableDecl);
    for (const char* id : {"members_total", "members_complete"}) {
        sdk::OutputDecl s;
        s.id = id;
        s.kind = sdk::OutputKind::Scalar;
        s.label = std::string(id) == "members_total" ? "Members" : "Members complete";
        s.description = std::string(id) == "members_total" ? "Members of the ensemble."
                                                           : "Members whose run folder is complete.";
        s.style.drawAs = sdk::DrawAs::Hidden;
        d.outputs.push_back(s);
    }

    // --- the member table
    // ------------------------------------------------------------------------------------------
    sdk::Table table;
    table.columns = {{"member", ""}, {"index", ""}, {"state", ""}};
    for (const EnsembleAxis& a : e.axes)
        table.columns.push_back({a.name, ""});
    std::vector<std::pair<std::string, std::string>> scalarColumns;  // "<sim>.<id>", unit
    for (const auto& f : folders)
        if (f)
            for (const SimulatorRecord& s : f->record.simulators)
                for (const WrittenOutput& o : s.outputs)
                    if (o.decl.kind == sdk::OutputKind::Scalar) {
                        const std::string name = s.info.id + "." + o.decl.id;
                        if (std::none_of(scalarColumns.begin(), scalarColumns.end(),
                                         [&](const auto& c) { return c.first == name; }))
                            scalarColumns.emplace_back(name, o.decl.unit);
                    }
    for (const auto& [name, unit] : scalarColumns)
        table.columns.push_back({name, unit});
    table.columns.push_back({"seconds", "s"});
    table.columns.push_back({"manifest_sha256", ""});
    table.columns.push_back({"folder", ""});
    std::vector<ChainRecord> chain;
    for (const EnsembleMember& m : e.members) {
        const auto& f = folders[static_cast<std::size_t>(m.index)];
        std::vector<AttributeValue> row = {m.name, static_cast<std::int64_t>(m.index),
                                           states[static_cast<std::size_t>(m.index)]};
        for (std::size_t i = 0; i < e.axes.size(); ++i) {
            const EnsembleAxis& a = e.axes[i];
            const std::string& v = a.values[static_cast<std::size_t>(m.at[i])];
            if (!a.dataset.empty()) {
                row.emplace_back(v);
                continue;
            }
            const ojson j = ojson::parse(v);
            if (j.is_number_integer())
                row.emplace_back(static_cast<std::int64_t>(j.get<long long>()));
            else if (j.is_number())
                row.emplace_back(j.get<double>());
            else if (j.is_string())
                row.emplace_back(j.get<std::string>());
            else
                row.emplace_back(v);
        }
        for (const auto& [name, unit] : scalarColumns) {
            const WrittenOutput* o = f ? findOutput(*f, name) : nullptr;
            if (o && o->decl.kind == sdk::OutputKind::Scalar)
                row.emplace_back(o->value);
            else
                row.emplace_back(std::monostate{});
        }
        std::string sha;
        if (f) {
            double seconds = 0.0;
            for (const SimulatorRecord& s : f->record.simulators)
                seconds += s.seconds;
            row.emplace_back(seconds);
            sha = sha256File((fs::path(layout.memberDir(m.name)) / "manifest.json").string());
            ChainRecord c;
            c.dir = layout.memberDir(m.name);
            c.manifestSha256 = sha;
            c.layers = report.rasters;
            chain.push_back(std::move(c));
        } else {
            row.emplace_back(std::monostate{});
        }
        row.emplace_back(sha);
        row.emplace_back(f ? fs::path(layout.memberDir(m.name)).lexically_relative(report.dir).string()
                           : std::string());
        table.rows.push_back(std::move(row));
    }

    // --- the run folder
    // ---------------------------------------------------------------------------------------------
    std::vector<std::string> protectedPaths = {layout.root + "/members", layout.root + "/scenarios", e.file,
                                               e.baseFile};
    OutputDirectory out(report.dir, options.overwrite, protectedPaths);
    ResultWriter writer(out.staging(), d);
    for (const Planned& p : planned)
        writer.raster(p.id, p.raster);
    writer.table("members", table);
    writer.scalar("members_total", report.members);
    writer.scalar("members_complete", report.complete);
    writer.finish();

    RunRecord rec;
    rec.started = started;
    rec.command = options.command;
    rec.threads = 1;
    rec.scenarioFile = e.baseFile;
    rec.scenarioName = e.base.name;
    rec.scenarioSha256 = sha256File(e.baseFile);
    if (!e.file.empty() && fs::exists(e.file)) {
        InputRecord in;
        in.key = "ensemble";
        in.file = e.file;
        in.bytes = fs::file_size(e.file);
        in.sha256 = sha256File(e.file);
        rec.inputs.push_back(in);
    }
    rec.modelJson = first->record.modelJson;
    rec.chain = chain;
    SimulatorRecord sim;
    sim.info = d.info;
    sim.parameters = {{"ensemble", ojson(e.name).dump()},
                      {"members", std::to_string(report.members)},
                      {"complete", std::to_string(report.complete)},
                      {"summarised", ojson(report.rasters).dump()}};
    ojson thresholds = ojson::object();
    for (const Summary& s : summaries)
        if (!s.thresholds.empty()) thresholds[s.output] = s.thresholds;
    sim.parameters.emplace_back("exceedance", thresholds.dump());
    for (const std::string& m : report.missing)
        sim.log.push_back("warning: member not collected: " + m);
    sim.outputs = writer.outputs();
    sim.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rec.simulators.push_back(sim);
    rec.finished = utcNow();
    rec.totalSeconds = sim.seconds;
    writeManifest(out.staging(), rec);
    out.commit();
    for (const WrittenOutput& o : sim.outputs)
        if (std::find(report.files.begin(), report.files.end(), o.path) == report.files.end())
            report.files.push_back(o.path);
    report.files.push_back("manifest.json");
    return report;
}

}  // namespace citytwin::core

// Rain and drainage of a flood run: design storms, rain files, radar frames, sewer capacity by design
// frequency. See storm_adapter.h; sources in sim/flood/README.md ("Design storms and drainage") and
// data/flood/README.md.

#include "storm_adapter.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>

#include "citytwin/core/error.h"
#include "citytwin/core/text.h"
#include "model_adapter.h"

namespace citytwin::flood {

namespace fs = std::filesystem;

namespace {

const char* patternName(StormPattern p) {
    switch (p) {
        case StormPattern::HuffQ1:
            return "huff_q1";
        case StormPattern::HuffQ2:
            return "huff_q2";
        case StormPattern::HuffQ3:
            return "huff_q3";
        case StormPattern::HuffQ4:
            return "huff_q4";
        case StormPattern::AlternatingBlock:
            return "alternating_block";
        case StormPattern::User:
            return "user";
        case StormPattern::None:
            break;
    }
    return "none";
}

/// The chart of a uniform series: its points with the depth fallen by each.
std::vector<std::vector<double>> chartOf(const TimeSeries& s) {
    std::vector<std::vector<double>> rows;
    if (s.empty()) return rows;
    const double t0 = s.timesS.front();
    for (std::size_t k = 0; k < s.timesS.size(); ++k)
        rows.push_back({s.timesS[k], s.values[k], s.integral(t0, s.timesS[k]) / 3600.0});
    return rows;
}

double domainAreaKm2(const Grid& grid, const std::vector<float>& bed) {
    std::size_t n = 0;
    for (float z : bed)
        n += std::isnan(z) ? 0 : 1;
    return static_cast<double>(n) * grid.cellSizeM * grid.cellSizeM / 1.0e6;
}

std::string describeFile(const std::string& path) {
    return "'" + path + "'";
}

}  // namespace

std::vector<std::string> shippedStations(const std::string& dataDir) {
    std::vector<std::string> out;
    std::error_code ec;
    const fs::path dir = fs::path(dataDir) / "flood" / "rainfall" / "stations";
    if (!fs::is_directory(dir, ec)) return out;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".csv") out.push_back(it->path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string shippedStationFile(const std::string& dataDir, const std::string& station) {
    for (const std::string& s : shippedStations(dataDir))
        if (s == station)
            return (fs::path(dataDir) / "flood" / "rainfall" / "stations" / (s + ".csv")).string();
    return {};
}

std::string resolveInputFile(const std::string& path, const core::CityModel& model) {
    std::error_code ec;
    if (path.empty()) return {};
    if (fs::is_regular_file(path, ec)) return path;
    if (fs::path(path).is_absolute()) return {};
    for (const core::DataSource& s : model.sources) {
        if (s.file.empty()) continue;
        const fs::path candidate = fs::path(s.file).parent_path() / path;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

std::vector<std::string> expandRasterLayers(const std::string& list, const core::CityModel& model) {
    std::vector<std::string> out;
    for (const std::string& item : core::splitList(list)) {
        if (item.back() != '*') {
            out.push_back(item);
            continue;
        }
        const std::string prefix = item.substr(0, item.size() - 1);
        bool any = false;
        for (const auto& [name, raster] : model.rasters)  // std::map: name order
            if (name.compare(0, prefix.size(), prefix) == 0) {
                out.push_back(name);
                any = true;
            }
        if (!any) out.push_back(item);
    }
    return out;
}

std::unique_ptr<RainfallTable> loadRainfallTable(const RainfallTableSpec& spec, const core::CityModel& model,
                                                 const std::string& why, std::vector<Problem>& problems) {
    const std::vector<std::string> shipped = shippedStations(spec.dataDir);
    std::string list;
    for (const std::string& s : shipped)
        list += (list.empty() ? "" : ", ") + s;
    if (spec.station.empty()) {
        problems.push_back({"storm_station", why + " needs a probability-rainfall table: choose a station (" +
                                                 (list.empty() ? std::string("none shipped") : list) +
                                                 ") or custom with rainfall_table"});
        return nullptr;
    }
    std::string file;
    std::string parameter = "storm_station";
    if (spec.station == "custom") {
        parameter = "rainfall_table";
        if (core::trim(spec.tablePath).empty()) {
            problems.push_back({parameter, "storm_station is custom but rainfall_table names no file"});
            return nullptr;
        }
        file = resolveInputFile(core::trim(spec.tablePath), model);
        if (file.empty()) {
            problems.push_back(
                {parameter, describeFile(spec.tablePath) +
                                " not found (looked as written and beside the scenario's data)"});
            return nullptr;
        }
    } else {
        if (!core::trim(spec.tablePath).empty()) {
            problems.push_back({"rainfall_table", "rainfall_table is given but storm_station is '" +
                                                      spec.station +
                                                      "': set storm_station to custom to use the file"});
            return nullptr;
        }
        file = shippedStationFile(spec.dataDir, spec.station);
        if (file.empty()) {
            problems.push_back({parameter, "'" + spec.station + "' is not a shipped station (" +
                                               spec.dataDir + "/flood/rainfall/stations has: " + list + ")"});
            return nullptr;
        }
    }
    try {
        return std::make_unique<RainfallTable>(readRainfallTable(file));
    } catch (const core::Error& e) {
        problems.push_back({parameter, e.what()});
        return nullptr;
    }
}

namespace {

/// The design storm's hyetograph; false (with problems) when it cannot be built.
bool buildDesignStorm(const RainSpec& spec, const core::CityModel& model, const Grid& grid,
                      const std::vector<float>& bed, RainPlan& plan, std::vector<Problem>& problems) {
    const DesignStormSpec& st = spec.storm;
    const std::string pattern = patternName(st.pattern);
    std::unique_ptr<RainfallTable> table =
        loadRainfallTable(spec.table, model, "a design storm (storm_pattern " + pattern + ")", problems);
    if (!table) return false;
    double depth = 0.0;
    try {
        depth = table->depthMm(st.returnPeriodYears, st.durationMin);
    } catch (const core::Error& e) {
        const std::vector<double> periods = table->returnPeriods();
        const bool periodOutside =
            st.returnPeriodYears < periods.front() || st.returnPeriodYears > periods.back();
        problems.push_back({periodOutside ? "storm_return_period_years" : "storm_duration_min", e.detail()});
        return false;
    }
    const double durationS = st.durationMin * 60.0, stepS = st.stepMin * 60.0;
    Hyetograph h;
    try {
        if (st.pattern == StormPattern::AlternatingBlock) {
            h = alternatingBlockHyetograph([&](double d) { return table->depthMm(st.returnPeriodYears, d); },
                                           durationS, stepS, st.peakPosition);
        } else {
            MassCurve curve;
            if (st.pattern == StormPattern::User) {
                const std::string file = resolveInputFile(core::trim(st.patternTablePath), model);
                if (core::trim(st.patternTablePath).empty() || file.empty()) {
                    problems.push_back(
                        {"storm_pattern_table",
                         st.patternTablePath.empty()
                             ? std::string("storm_pattern is user but storm_pattern_table names no file")
                             : describeFile(st.patternTablePath) +
                                   " not found (looked as written and beside the scenario's data)"});
                    return false;
                }
                try {
                    curve = readMassCurve(file);
                } catch (const core::Error& e) {
                    problems.push_back({"storm_pattern_table", e.what()});
                    return false;
                }
            } else {
                const std::string file =
                    (fs::path(spec.table.dataDir) / "flood" / "rainfall" / "huff_isws_median.csv").string();
                try {
                    const HuffCurves huff = readHuffCurves(file);
                    curve = huff.quartile[static_cast<std::size_t>(st.pattern) -
                                          static_cast<std::size_t>(StormPattern::HuffQ1)];
                } catch (const core::Error& e) {
                    problems.push_back({"storm_pattern", e.what()});
                    return false;
                }
            }
            h = massCurveHyetograph(curve, depth, durationS, stepS);
        }
    } catch (const core::Error& e) {
        problems.push_back(
            {"storm_time_step_min",
             e.detail() + (st.pattern == StormPattern::AlternatingBlock
                               ? " (the alternating block method needs the table's depth for the block "
                                 "length and each multiple of it up to the duration)"
                               : std::string())});
        return false;
    }
    plan.pointDepthMm = depth;
    plan.designStorm = true;
    std::string arfNote;
    if (st.arealReduction != ArealReductionMode::None) {
        const double area =
            st.arealReduction == ArealReductionMode::Area ? st.areaKm2 : domainAreaKm2(grid, bed);
        const std::string parameter =
            st.arealReduction == ArealReductionMode::Area ? "storm_area_km2" : "storm_areal_reduction";
        try {
            const ArealReduction arf = readArealReduction(
                (fs::path(spec.table.dataDir) / "flood" / "rainfall" / "arf_feh.csv").string());
            std::string warning;
            plan.arealReductionFactor = arf.factor(area, st.durationMin / 60.0, &warning);
            if (!warning.empty()) plan.warnings.push_back(warning);
            arfNote = ", areal reduction " + core::number(plan.arealReductionFactor, 4) + " for " +
                      core::number(area, 4) + " km2";
        } catch (const core::Error& e) {
            problems.push_back({parameter, st.arealReduction == ArealReductionMode::Area
                                               ? e.detail()
                                               : e.detail() + " (the domain's area)"});
            return false;
        }
        h.scale(plan.arealReductionFactor);
    }
    plan.rain.hyetograph = h.toSeries(st.startS);
    plan.notes.push_back("design storm from " + table->station + " (" + table->name +
                         "): " + core::number(st.returnPeriodYears) + " years, " +
                         core::number(st.durationMin) + " min, " + core::number(depth, 5) +
                         " mm point depth, pattern " + pattern + " in " + core::number(st.stepMin) +
                         "-min blocks" + arfNote + "; " + core::number(h.totalDepthMm(), 5) + " mm, peak " +
                         core::number(h.peakMmPerH(), 5) + " mm/h. Source: " + table->source);
    return true;
}

}  // namespace

RainPlan planRain(const RainSpec& spec, const core::CityModel& model, const Grid& grid,
                  const std::vector<float>& bed, std::vector<Problem>& problems) {
    RainPlan plan;
    struct Given {
        const char* parameter;
        std::string what;
    };
    std::vector<Given> given;
    if (spec.cloudburstMmPerH > 0.0)
        given.push_back(
            {"rain_intensity_mm_per_h", "a cloudburst of " + core::number(spec.cloudburstMmPerH) + " mm/h"});
    if (!spec.hyetograph.empty()) given.push_back({"rain_hyetograph", "a hyetograph"});
    if (!core::trim(spec.seriesCsv).empty())
        given.push_back({"rain_series_csv", "the rain series " + describeFile(spec.seriesCsv)});
    if (spec.storm.pattern != StormPattern::None)
        given.push_back(
            {"storm_pattern", std::string("a design storm (") + patternName(spec.storm.pattern) + ")"});
    if (!core::splitList(spec.frameLayers).empty())
        given.push_back({"rain_frame_layers", "gridded rain frames"});
    for (std::size_t k = 1; k < given.size(); ++k)
        problems.push_back(
            {given[k].parameter, "one rain source at a time: " + given[0].what + " (" + given[0].parameter +
                                     ") and " + given[k].what + " (" + given[k].parameter +
                                     ") are both given; keep one and set the others to 0 or empty"});
    if (given.size() != 1) return plan;  // no rain (stated by giving none), or a conflict reported above

    const std::string source = given[0].parameter;
    if (source == "rain_intensity_mm_per_h") {
        const double t0 = spec.cloudburstStartS, t1 = t0 + spec.cloudburstDurationS,
                     i = spec.cloudburstMmPerH;
        plan.rain.hyetograph =
            TimeSeries{t0 > 0 ? std::vector<double>{0.0, t0, t1} : std::vector<double>{t0, t1},
                       t0 > 0 ? std::vector<double>{0.0, i, 0.0} : std::vector<double>{i, 0.0},
                       Interpolation::Step, Extrapolation::Zero};
    } else if (source == "rain_hyetograph") {
        plan.rain.hyetograph = spec.hyetograph;
    } else if (source == "rain_series_csv") {
        const std::string file = resolveInputFile(core::trim(spec.seriesCsv), model);
        if (file.empty()) {
            problems.push_back({source, describeFile(spec.seriesCsv) +
                                            " not found (looked as written and beside the scenario's data)"});
            return plan;
        }
        try {
            plan.rain.hyetograph = readRainSeries(file);
            plan.notes.push_back("rain series from " + file + ": " +
                                 std::to_string(plan.rain.hyetograph.timesS.size()) + " rows");
        } catch (const core::Error& e) {
            problems.push_back({source, e.what()});
            return plan;
        }
    } else if (source == "storm_pattern") {
        if (!buildDesignStorm(spec, model, grid, bed, plan, problems)) return plan;
    } else {
        // Gridded frames (radar): one raster layer per frame, each lasting frameIntervalS.
        const std::vector<std::string> layers = expandRasterLayers(spec.frameLayers, model);
        double t = 0.0, total = 0.0;
        for (const std::string& name : layers) {
            const auto it = model.rasters.find(name);
            if (it == model.rasters.end()) {
                problems.push_back({source, "'" + name + "' is not a raster layer of the model"});
                continue;
            }
            RainFrame frame;
            frame.startS = t;
            frame.intensityMmPerH = resampleTerrain(it->second, grid);
            double sum = 0.0;
            std::size_t n = 0;
            for (std::size_t c = 0; c < frame.intensityMmPerH.size(); ++c)
                if (!std::isnan(frame.intensityMmPerH[c]) && (bed.empty() || !std::isnan(bed[c]))) {
                    sum += frame.intensityMmPerH[c];
                    ++n;
                }
            const double mean = n > 0 ? sum / static_cast<double>(n) : 0.0;
            plan.chart.push_back({t, mean, total});
            total += mean * spec.frameIntervalS / 3600.0;
            plan.peakMmPerH = std::max(plan.peakMmPerH, mean);
            plan.rain.frames.push_back(std::move(frame));
            t += spec.frameIntervalS;
        }
        plan.rain.framesEndS = t;
        if (!plan.chart.empty()) plan.chart.push_back({t, 0.0, total});
        plan.depthMm = total;
        plan.notes.push_back(std::to_string(plan.rain.frames.size()) + " rain frames of " +
                             core::number(spec.frameIntervalS) + " s, domain mean " + core::number(total, 5) +
                             " mm");
        return plan;
    }
    const TimeSeries& h = plan.rain.hyetograph;
    plan.chart = chartOf(h);
    plan.depthMm = h.empty() ? 0.0 : h.integral(h.timesS.front(), h.timesS.back()) / 3600.0;
    plan.peakMmPerH = h.maxValue();
    return plan;
}

// ---- drainage by design frequency
// --------------------------------------------------------------------------------

DrainagePlan planDrainage(const DrainageDesignSpec& spec, const RainfallTable* table,
                          const core::CityModel& model, const Grid& grid, std::vector<Problem>& problems) {
    DrainagePlan plan;
    if (!spec.any() || !table) return plan;
    const std::size_t before = problems.size();
    // P(T, d) / d, capped by the inlet limit; problems name `parameter` and `what`.
    auto rateOf = [&](double T, double d, double inlet, const std::string& parameter, const std::string& what,
                      double& rate) {
        try {
            rate = designDrainageRateMmPerH(*table, T, d, inlet);
            return true;
        } catch (const core::Error& e) {
            problems.push_back({parameter, what + e.detail()});
            return false;
        }
    };
    double uniform = 0.0;
    if (spec.returnPeriodYears > 0.0) {
        if (!rateOf(spec.returnPeriodYears, spec.durationMin, spec.inletCapacityMmPerH,
                    "drainage_design_return_period_years", "", uniform))
            return plan;
        plan.notes.push_back("drainage designed for " + core::number(spec.returnPeriodYears) + " years, " +
                             core::number(spec.durationMin) + " min (" + table->station +
                             "): " + core::number(uniform, 4) + " mm/h" +
                             (spec.inletCapacityMmPerH > 0.0
                                  ? " (inlets limit " + core::number(spec.inletCapacityMmPerH) + " mm/h)"
                                  : std::string()));
    }
    const bool perCell = !spec.catchmentLayer.empty() || !spec.classLayer.empty();
    if (!perCell) {
        plan.drainage.rateMmPerH = uniform;
        plan.capacityGrid.assign(grid.cellCount(), static_cast<float>(uniform));
        return plan;
    }
    std::vector<float> rate(grid.cellCount(), static_cast<float>(uniform));

    // The sewer-class table, when something refers to classes.
    SewerClassTable classes;
    bool classesLoaded = false;
    auto loadClasses = [&]() -> bool {
        if (classesLoaded) return true;
        std::string file =
            spec.classTablePath.empty()
                ? (fs::path(spec.dataDir) / "flood" / "drainage" / "sewer_design_frequency.csv").string()
                : resolveInputFile(core::trim(spec.classTablePath), model);
        if (file.empty()) {
            problems.push_back({"drainage_class_table",
                                describeFile(spec.classTablePath) +
                                    " not found (looked as written and beside the scenario's data)"});
            return false;
        }
        try {
            classes = readSewerClasses(file);
        } catch (const core::Error& e) {
            problems.push_back({"drainage_class_table", e.what()});
            return false;
        }
        classesLoaded = true;
        return true;
    };
    auto classRate = [&](const SewerClass& c, const std::string& parameter, const std::string& what,
                         double& r) {
        return rateOf(c.returnPeriodYears, c.durationMin > 0.0 ? c.durationMin : spec.durationMin,
                      c.inletCapacityMmPerH > 0.0 ? c.inletCapacityMmPerH : spec.inletCapacityMmPerH,
                      parameter, what, r);
    };

    if (!spec.classLayer.empty()) {
        const auto it = model.rasters.find(spec.classLayer);
        if (it == model.rasters.end()) {
            problems.push_back(
                {"drainage_class_layer", "'" + spec.classLayer + "' is not a raster layer of the model"});
        } else if (loadClasses()) {
            std::map<int, double> byCode;
            std::map<int, std::size_t> cellsOfCode;
            for (int r = 0; r < grid.ny; ++r)
                for (int c = 0; c < grid.nx; ++c) {
                    const float v = it->second.sampleNearest(core::Point{grid.centreX(c), grid.centreY(r)});
                    if (std::isnan(v)) continue;
                    const int code = static_cast<int>(std::lround(v));
                    auto found = byCode.find(code);
                    if (found == byCode.end()) {
                        const SewerClass* sc = classes.find(code);
                        double rr = -1.0;
                        if (!sc) {
                            std::string have;
                            for (const SewerClass& k : classes.classes)
                                have += (have.empty() ? "" : ", ") + std::to_string(k.code) + " " + k.name;
                            problems.push_back({"drainage_class_layer",
                                                "code " + std::to_string(code) +
                                                    " (first at x = " + core::number(grid.centreX(c)) +
                                                    ", y = " + core::number(grid.centreY(r)) +
                                                    ") is not in the sewer class table (it has " + have +
                                                    ")"});
                        } else if (!classRate(*sc, "drainage_class_layer",
                                              "class '" + sc->name + "': ", rr)) {
                            rr = -1.0;
                        }
                        found = byCode.emplace(code, rr).first;
                    }
                    if (found->second >= 0.0) {
                        rate[grid.index(c, r)] = static_cast<float>(found->second);
                        ++cellsOfCode[code];
                    }
                }
            for (const auto& [code, n] : cellsOfCode)
                plan.notes.push_back("sewer class " + classes.find(code)->name + " (code " +
                                     std::to_string(code) + "): " + core::number(byCode[code], 4) +
                                     " mm/h on " + std::to_string(n) + " cells");
        }
    }

    if (!spec.catchmentLayer.empty()) {
        const auto it = model.vectors.find(spec.catchmentLayer);
        if (it == model.vectors.end()) {
            problems.push_back({"drainage_catchment_layer",
                                "'" + spec.catchmentLayer + "' is not a vector layer of the model"});
        } else {
            const core::VectorLayer& layer = it->second;
            const int fT = layer.fields.indexOf("design_return_period_years");
            const int fClass = layer.fields.indexOf("sewer_class");
            const int fD = layer.fields.indexOf("design_duration_min");
            const int fI = layer.fields.indexOf("inlet_capacity_mm_per_h");
            if (fT < 0 && fClass < 0)
                problems.push_back(
                    {"drainage_catchment_layer",
                     "'" + spec.catchmentLayer +
                         "' has neither a design_return_period_years nor a sewer_class attribute"});
            for (std::size_t f = 0; f < layer.features.size() && (fT >= 0 || fClass >= 0); ++f) {
                const core::VectorFeature& feat = layer.features[f];
                const std::string who =
                    "feature " + std::to_string(f + 1) +
                    (feat.fid >= 0 ? " (fid " + std::to_string(feat.fid) + ")" : std::string()) + ": ";
                if (feat.polygons.empty()) {
                    problems.push_back({"drainage_catchment_layer", who + "not a polygon"});
                    continue;
                }
                double T = fT >= 0 ? core::toNumber(feat.attribute(fT)) : NAN;
                double d = fD >= 0 ? core::toNumber(feat.attribute(fD)) : NAN;
                double inlet = fI >= 0 ? core::toNumber(feat.attribute(fI)) : NAN;
                const std::string className =
                    fClass >= 0 ? core::trim(core::toText(feat.attribute(fClass))) : "";
                if (std::isnan(T) && !className.empty()) {
                    if (!loadClasses()) break;
                    const SewerClass* sc = classes.find(className);
                    if (!sc) {
                        problems.push_back(
                            {"drainage_catchment_layer",
                             who + "sewer_class '" + className + "' is not in the sewer class table"});
                        continue;
                    }
                    T = sc->returnPeriodYears;
                    if (std::isnan(d) && sc->durationMin > 0.0) d = sc->durationMin;
                    if (std::isnan(inlet) && sc->inletCapacityMmPerH > 0.0) inlet = sc->inletCapacityMmPerH;
                }
                if (std::isnan(T)) {
                    problems.push_back({"drainage_catchment_layer",
                                        who + "no design_return_period_years (nor a sewer_class) is given"});
                    continue;
                }
                if (!std::isnan(inlet) && inlet < 0.0) {
                    problems.push_back(
                        {"drainage_catchment_layer",
                         who + "inlet_capacity_mm_per_h " + core::number(inlet) + " is negative"});
                    continue;
                }
                if (!std::isnan(d) && !(d > 0.0)) {
                    problems.push_back(
                        {"drainage_catchment_layer",
                         who + "design_duration_min " + core::number(d) + " must be positive"});
                    continue;
                }
                double r = 0.0;
                if (!rateOf(T, std::isnan(d) ? spec.durationMin : d,
                            std::isnan(inlet) ? spec.inletCapacityMmPerH : inlet, "drainage_catchment_layer",
                            who, r))
                    continue;
                const std::vector<std::size_t> cells = cellsInside(grid, feat.polygons);
                for (std::size_t k : cells)
                    rate[k] = static_cast<float>(r);  // later catchments win where polygons overlap
                plan.notes.push_back("catchment " + std::to_string(f + 1) + ": " + core::number(T) +
                                     " years, " + core::number(std::isnan(d) ? spec.durationMin : d) +
                                     " min -> " + core::number(r, 4) + " mm/h on " +
                                     std::to_string(cells.size()) + " cells");
            }
        }
    }
    if (problems.size() > before) return plan;
    plan.drainage.rateGridMmPerH = rate;
    plan.capacityGrid = std::move(rate);
    return plan;
}

}  // namespace citytwin::flood

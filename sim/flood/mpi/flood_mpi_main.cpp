// citytwin-flood-mpi: a city-scale flood across MPI ranks (docs/scale-out.md).
//
//   mpirun -n N citytwin-flood-mpi SCENARIO --out DIR [--set flood.PARAM=VALUE ...] [--threads T]
//   [--overwrite]
//
// The same scenario file, flood parameters and results format as `citytwin-cli run SCENARIO --only flood`:
// the parameters are resolved and checked by the run service against the flood plug-in's declarations
// (defaults, ranges, choices), the set-up is built by the flood model adapter, the run folder is written
// through core's results module. What differs is who holds what: the grid is cut into strips of rows, one per
// rank, and each rank builds a city model of its window only (the terrain read through GDAL for those rows,
// plus a halo), so that no rank holds the whole grid while the solver runs. Rank 0 writes the outputs,
// receiving each raster strip by strip (it holds one output raster of the whole grid at a time while writing:
// 4 bytes a cell).
//
// Supported: the terrain of one raster file in the scenario's CRS (resampled to the scenario's resolution by
// GDAL, window by window), buildings, Manning from a value, raster, land-use raster or polygons, rain as a
// cloudburst or a hyetograph, losses, uniform drainage, point and line inflows, every boundary condition,
// gauges, and every numerical option of the local-inertial scheme. Not yet: frames (output_interval_s is
// ignored), the building and road impacts (vector outputs), gridded rain, drainage and initial-depth layers,
// inflow layers, fv1 (refused by the engine across ranks). A parameter left at its default is never refused.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/hash.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/plugin_registry.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/core/run_service.h"
#include "citytwin/core/scenario.h"
#include "citytwin/core/text.h"
#include "citytwin/flood/distributed.h"
#include "citytwin/flood/mpi_communicator.h"
#include "citytwin/flood/solver.h"
#include "model_adapter.h"

namespace {

using namespace citytwin;
namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

[[noreturn]] void usage(const std::string& what) {
    throw core::Error(
        core::ErrorCode::Usage,
        what +
            " (usage: mpirun -n N citytwin-flood-mpi SCENARIO --out DIR [--set flood.PARAM=VALUE ...] "
            "[--threads T] [--overwrite])");
}

/// The parameters the runner maps onto the engine; any other parameter must keep its default.
const std::set<std::string> kSupported = {"duration_s",
                                          "resolution_m",
                                          "building_mode",
                                          "output_interval_s",
                                          "rain_intensity_mm_per_h",
                                          "rain_start_s",
                                          "rain_duration_s",
                                          "rain_hyetograph",
                                          "rain_interpolation",
                                          "rain_frame_interval_s",
                                          "loss_model",
                                          "initial_loss_mm",
                                          "continuing_loss_mm_per_h",
                                          "ga_conductivity_mm_per_h",
                                          "ga_suction_mm",
                                          "ga_moisture_deficit",
                                          "drainage_mm_per_h",
                                          "inflow_points",
                                          "inflow_hydrograph",
                                          "inflow_line",
                                          "inflow_line_hydrograph",
                                          "boundary_north",
                                          "boundary_south",
                                          "boundary_east",
                                          "boundary_west",
                                          "boundary_north_from_m",
                                          "boundary_north_to_m",
                                          "boundary_south_from_m",
                                          "boundary_south_to_m",
                                          "boundary_east_from_m",
                                          "boundary_east_to_m",
                                          "boundary_west_from_m",
                                          "boundary_west_to_m",
                                          "boundary_slope",
                                          "boundary_level_m",
                                          "boundary_level_series",
                                          "boundary_discharge",
                                          "manning_source",
                                          "manning_n",
                                          "manning_layer",
                                          "manning_field",
                                          "manning_polygon_n",
                                          "manning_classes",
                                          "gauge_points",
                                          "gauge_layer",
                                          "gauge_name_field",
                                          "scheme",
                                          "friction",
                                          "theta",
                                          "cfl",
                                          "friction_2d",
                                          "max_dt_s",
                                          "min_dt_s",
                                          "depth_threshold_m",
                                          "series_interval_s",
                                          "inundation_threshold_m",
                                          "hazard_debris_factor",
                                          "nodata_policy",
                                          "oscillation_check_interval_s",
                                          "oscillation_tolerance_m",
                                          "building_flood_threshold_m",
                                          "road_flood_threshold_m"};

flood::TimeSeries series(const std::vector<sdk::TimeValue>& s, flood::Interpolation i,
                         flood::Extrapolation e) {
    flood::TimeSeries t;
    for (const sdk::TimeValue& tv : s) {
        t.timesS.push_back(tv.timeS);
        t.values.push_back(tv.value);
    }
    t.interpolation = i;
    t.extrapolation = e;
    return t;
}

/// The grid core's raster import gives the scenario's terrain (raster_io.cpp: the file's own grid when it is
/// native and at its resolution, else the file's extent snapped inwards to whole cells counted from 0), from
/// the file's header alone.
flood::Grid wholeGrid(const core::Scenario& s, const core::Crs& target) {
    if (!s.terrain || s.terrain->files.size() != 1)
        throw core::Error(core::ErrorCode::Scenario,
                          "the MPI runner needs a terrain of exactly one raster file",
                          {s.file, {}, "terrain"});
    if (s.extent)
        throw core::Error(
            core::ErrorCode::Scenario,
            "the MPI runner does not clip to an extent yet: cut the DEM to the extent beforehand "
            "(gdal_translate -projwin)",
            {s.file, {}, "extent"});
    const core::RasterInfo info = core::inspectRaster(s.terrain->files.front(), s.terrain->crs);
    if (info.rotated || !info.crs.isEquivalentTo(target))
        throw core::Error(core::ErrorCode::Crs,
                          "the MPI runner needs the DEM north-up in the scenario's CRS (" +
                              target.describe() + "); reproject it first (gdalwarp -t_srs)",
                          {info.file, {}, "terrain"});
    const double native = info.geoTransform[1];
    const double cell = s.resolution > 0.0 ? s.resolution : native;
    double ax = 0.0, ay = 0.0;
    if (std::abs(native - cell) <= 1e-9 * cell && std::abs(-info.geoTransform[5] - cell) <= 1e-9 * cell) {
        ax = info.geoTransform[0];
        ay = info.geoTransform[3];
    }
    auto down = [](double v, double origin, double c) {
        return origin + std::floor((v - origin) / c + 1e-9) * c;
    };
    auto up = [](double v, double origin, double c) {
        return origin + std::ceil((v - origin) / c - 1e-9) * c;
    };
    const double minX = up(info.extent.minX, ax, cell), maxX = down(info.extent.maxX, ax, cell);
    const double minY = up(info.extent.minY, ay, cell), maxY = down(info.extent.maxY, ay, cell);
    flood::Grid g;
    g.nx = static_cast<int>(std::round((maxX - minX) / cell));
    g.ny = static_cast<int>(std::round((maxY - minY) / cell));
    g.cellSizeM = cell;
    g.originX = minX;
    g.originY = maxY;
    return g;
}

struct Run {
    int rank = 0;
    int ranks = 1;
    flood::Communicator* comm = nullptr;
    void say(const std::string& line) const {
        if (rank == 0) std::cerr << "[citytwin-flood-mpi] " << line << "\n";
    }
};

int run(int argc, char** argv, Run& ctx) {
    std::string scenarioPath, out;
    std::vector<std::string> sets;
    int threads = 1;
    bool overwrite = false;
    std::vector<std::string> command = {"citytwin-flood-mpi"};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        command.push_back(a);
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(a + " needs a value");
            command.push_back(argv[i + 1]);
            return argv[++i];
        };
        if (a == "--out")
            out = value();
        else if (a == "--set")
            sets.push_back(value());
        else if (a == "--threads")
            threads = std::max(1, std::atoi(value().c_str()));
        else if (a == "--overwrite")
            overwrite = true;
        else if (a.rfind("--", 0) == 0)
            usage("unknown option '" + a + "'");
        else if (scenarioPath.empty())
            scenarioPath = a;
        else
            usage("one scenario only");
    }
    if (scenarioPath.empty() || out.empty()) usage("a scenario and --out DIR are needed");
    const std::string started = utcNow();
    const auto t0 = std::chrono::steady_clock::now();

    // --- parameters: as the run service resolves them for `citytwin-cli run --only flood`
    // --------------------
    core::PluginRegistry registry;
    registry.loadDefault();
    const core::RunService service(registry);
    const core::Scenario scenario = core::loadScenario(scenarioPath);
    core::RunOptions ro;
    ro.simulators = {"flood"};
    ro.onlyListed = true;
    ro.sets = sets;
    const core::RunPlan plan = service.plan(scenario, ro);
    if (!plan.problems.empty())
        throw core::Error(
            core::ErrorCode::Validation,
            std::to_string(plan.problems.size()) + " problem(s):\n" + core::formatProblems(plan.problems));
    const core::PlannedStep& step = plan.steps.front();
    const sdk::Description description = step.simulator->description();
    const sdk::ParameterSet& p = step.params;
    for (const sdk::ParamDecl& d : description.parameters) {
        if (kSupported.count(d.id) || !p.has(d.id)) continue;
        if (sdk::toJson(p.get(d.id)) != sdk::toJson(d.defaultValue))
            throw core::Error(
                core::ErrorCode::Validation,
                "flood." + d.id + " = " + sdk::toJson(p.get(d.id)) +
                    ": the MPI runner does not support this parameter yet (docs/scale-out.md); run it "
                    "with citytwin-cli run on one process",
                {{}, {}, "flood." + d.id});
    }
    if (p.getReal("output_interval_s") > 0.0)
        ctx.say("warning: frames are not written by the MPI runner; output_interval_s is ignored");

    // --- the grid, its strips and this rank's window -------------------------------------------------------
    if (scenario.crs.empty())
        throw core::Error(core::ErrorCode::Scenario, "the MPI runner needs the scenario's \"crs\"",
                          {scenario.file, {}, "crs"});
    const core::Crs crs = core::Crs::fromUserInput(scenario.crs);
    const flood::Grid whole = wholeGrid(scenario, crs);
    const double resolution = p.getReal("resolution_m");
    if (resolution > 0.0 && std::abs(resolution - whole.cellSizeM) > 1e-3 * whole.cellSizeM)
        throw core::Error(core::ErrorCode::Validation,
                          "flood.resolution_m = " + core::number(resolution) +
                              ": the MPI runner runs at the scenario's terrain resolution (" +
                              core::number(whole.cellSizeM) +
                              " m); set the scenario's \"resolution\" instead",
                          {{}, {}, "flood.resolution_m"});
    std::vector<double> weights(static_cast<std::size_t>(whole.ny), 1.0);
    const std::vector<int> bounds = flood::balanceRows(weights, ctx.ranks);
    const flood::Partition part = flood::partitionOf(bounds, ctx.rank, whole.ny, ctx.comm);
    ctx.say("grid " + std::to_string(whole.nx) + " x " + std::to_string(whole.ny) + " cells of " +
            core::number(whole.cellSizeM) + " m in " + std::to_string(ctx.ranks) + " strips of about " +
            std::to_string(whole.ny / ctx.ranks) + " rows");

    // This rank's city model: the terrain of its window (GDAL reads only those rows of the file), every
    // building (a footprint whose centre lies outside the window may still cover its cells) and the layers.
    core::Scenario window = scenario;
    const double cw = whole.cellSizeM;
    window.extent = core::Box{whole.originX, whole.originY - part.windowEnd * cw,
                              whole.originX + whole.nx * cw, whole.originY - part.windowBegin * cw};
    window.extentCrs.clear();
    window.buildings.clear();
    window.roads.clear();
    core::CityModel model = core::buildCityModel(window);
    if (model.terrain.width() != whole.nx || model.terrain.height() != part.windowRows() ||
        std::abs(model.terrain.geoTransform().originY - (whole.originY - part.windowBegin * cw)) > 1e-6 * cw)
        throw core::Error(core::ErrorCode::Internal,
                          "rank " + std::to_string(ctx.rank) + ": the terrain of rows " +
                              std::to_string(part.windowBegin) + " to " + std::to_string(part.windowEnd) +
                              " came out as " + std::to_string(model.terrain.width()) + " x " +
                              std::to_string(model.terrain.height()) +
                              " cells, not on the grid of the whole terrain");
    if (!scenario.buildings.empty()) {
        core::Scenario b = scenario;
        b.terrain.reset();
        b.layers.clear();
        b.roads.clear();
        core::CityModel bm = core::buildCityModel(b);
        model.buildingFields = bm.buildingFields;
        model.buildings = std::move(bm.buildings);
    }

    flood::ModelGridOptions g;
    g.resolutionM = 0.0;
    g.buildingMode = flood::parseBuildingMode(p.getString("building_mode"));
    g.manning.source = flood::parseManningSource(p.getString("manning_source"));
    g.manning.uniformN = p.getReal("manning_n");
    g.manning.layer = p.getString("manning_layer");
    g.manning.polygonField = p.getString("manning_field");
    g.manning.polygonN = p.getReal("manning_polygon_n");
    for (const std::string& item : core::splitList(p.getString("manning_classes"))) {
        const auto colon = item.find(':');
        if (colon == std::string::npos)
            throw core::Error(core::ErrorCode::Validation, "'" + item + "' is not CODE:N",
                              {{}, {}, "flood.manning_classes"});
        g.manning.classTable[std::atoi(item.substr(0, colon).c_str())] =
            std::atof(item.substr(colon + 1).c_str());
    }
    flood::Setup s = flood::setupFromModel(model, g);
    s.grid = whole;  // the arrays hold the window; the grid is the whole one (distributed.h)

    // --- forcing, boundaries, gauges, options: as the flood plug-in maps its parameters
    // ------------------------
    using flood::Extrapolation;
    using flood::Interpolation;
    s.durationS = p.getReal("duration_s");
    const auto& hyeto = p.getSeries("rain_hyetograph");
    if (!hyeto.empty()) {
        s.rain.hyetograph = series(
            hyeto,
            p.getString("rain_interpolation") == "linear" ? Interpolation::Linear : Interpolation::Step,
            Extrapolation::Zero);
    } else if (p.getReal("rain_intensity_mm_per_h") > 0.0) {
        const double t0r = p.getReal("rain_start_s"), t1r = t0r + p.getReal("rain_duration_s");
        const double i = p.getReal("rain_intensity_mm_per_h");
        s.rain.hyetograph =
            flood::TimeSeries{t0r > 0 ? std::vector<double>{0.0, t0r, t1r} : std::vector<double>{t0r, t1r},
                              t0r > 0 ? std::vector<double>{0.0, i, 0.0} : std::vector<double>{i, 0.0},
                              Interpolation::Step, Extrapolation::Zero};
    }
    const std::string loss = p.getString("loss_model");
    s.losses.model = loss == "initial_continuing" ? flood::LossModel::InitialContinuing
                     : loss == "green_ampt"       ? flood::LossModel::GreenAmpt
                                                  : flood::LossModel::None;
    s.losses.initialLossMm = p.getReal("initial_loss_mm");
    s.losses.continuingLossMmPerH = p.getReal("continuing_loss_mm_per_h");
    s.losses.hydraulicConductivityMmPerH = p.getReal("ga_conductivity_mm_per_h");
    s.losses.suctionHeadMm = p.getReal("ga_suction_mm");
    s.losses.moistureDeficit = p.getReal("ga_moisture_deficit");
    s.drainage.rateMmPerH = p.getReal("drainage_mm_per_h");
    const auto& pts = p.getPoints("inflow_points");
    for (std::size_t i = 0; i < pts.size(); ++i)
        s.inflows.push_back(flood::Inflow{
            "point " + std::to_string(i + 1),
            {pts[i]},
            series(p.getSeries("inflow_hydrograph"), Interpolation::Linear, Extrapolation::Zero)});
    if (!p.getPoints("inflow_line").empty())
        s.inflows.push_back(flood::Inflow{
            "line", p.getPoints("inflow_line"),
            series(p.getSeries("inflow_line_hydrograph"), Interpolation::Linear, Extrapolation::Zero)});
    const struct {
        const char* id;
        flood::Edge edge;
    } edges[] = {{"north", flood::Edge::North},
                 {"south", flood::Edge::South},
                 {"east", flood::Edge::East},
                 {"west", flood::Edge::West}};
    for (const auto& [name, edge] : edges) {
        const std::string kind = p.getString(std::string("boundary_") + name);
        const double from = p.getReal(std::string("boundary_") + name + "_from_m");
        const double to = p.getReal(std::string("boundary_") + name + "_to_m");
        if (kind == "closed") continue;
        flood::Boundary b;
        b.edge = edge;
        if (to > from) b.fromM = from, b.toM = to;
        if (kind == "free_outflow") {
            b.kind = flood::BoundaryKind::FreeOutflow;
            b.slope = p.getReal("boundary_slope");
        } else if (kind == "fixed_level") {
            b.kind = flood::BoundaryKind::FixedLevel;
            b.levelM = p.getReal("boundary_level_m");
        } else if (kind == "level_series") {
            b.kind = flood::BoundaryKind::LevelSeries;
            b.levelSeriesM =
                series(p.getSeries("boundary_level_series"), Interpolation::Linear, Extrapolation::Hold);
        } else {
            b.kind = flood::BoundaryKind::Discharge;
            b.dischargeM3PerS =
                series(p.getSeries("boundary_discharge"), Interpolation::Linear, Extrapolation::Zero);
        }
        s.boundaries.push_back(std::move(b));
    }
    const auto& gp = p.getPoints("gauge_points");
    for (std::size_t i = 0; i < gp.size(); ++i)
        s.gauges.push_back(flood::Gauge{"gauge " + std::to_string(i + 1), gp[i]});
    if (!p.getString("gauge_layer").empty())
        for (flood::Gauge& ga :
             flood::gaugesFromLayer(model, p.getString("gauge_layer"), p.getString("gauge_name_field")))
            s.gauges.push_back(std::move(ga));
    flood::SolverOptions& o = s.options;
    o.scheme = p.getString("scheme") == "fv1" ? flood::Scheme::Fv1 : flood::Scheme::LocalInertial;
    o.friction = p.getString("friction") == "semi_implicit" ? flood::Friction::SemiImplicit
                                                            : flood::Friction::Implicit;
    o.oscillationCheckIntervalS = p.getReal("oscillation_check_interval_s");
    o.oscillationToleranceM = p.getReal("oscillation_tolerance_m");
    o.theta = p.getReal("theta");
    o.cfl = p.getReal("cfl");
    o.friction2d = p.getBool("friction_2d");
    o.maxDtS = p.getReal("max_dt_s");
    o.minDtS = p.getReal("min_dt_s");
    o.depthThresholdM = p.getReal("depth_threshold_m");
    o.outputIntervalS = 0.0;
    o.seriesIntervalS = p.getReal("series_interval_s");
    o.inundationThresholdM = p.getReal("inundation_threshold_m");
    o.debrisFactor = p.getReal("hazard_debris_factor");
    const std::string nodata = p.getString("nodata_policy");
    o.noDataPolicy = nodata == "wall"   ? flood::NoDataPolicy::Wall
                     : nodata == "fill" ? flood::NoDataPolicy::Fill
                                        : flood::NoDataPolicy::Reject;
    o.threads = threads;
    model = core::CityModel{};  // the set-up holds what the solver needs

    // --- the run
    // -----------------------------------------------------------------------------------------------
    flood::Solver solver(std::move(s), part);
    auto lastReport = std::chrono::steady_clock::now();
    const double duration = p.getReal("duration_s");
    flood::Results strip = solver.run(
        [&](double fraction, const std::string&) {
            if (std::chrono::steady_clock::now() - lastReport < std::chrono::seconds(5) && fraction < 1.0)
                return;
            lastReport = std::chrono::steady_clock::now();
            ctx.say(core::fixed(100.0 * fraction, 0) + " % (t = " + core::fixed(fraction * duration, 0) +
                    " s)");
        },
        {});

    // --- the outputs, on rank 0
    // -------------------------------------------------------------------------------
    std::unique_ptr<core::OutputDirectory> dir;
    std::unique_ptr<core::ResultWriter> writer;
    int ok = 1;
    std::string error;
    if (ctx.rank == 0) {
        try {
            dir = std::make_unique<core::OutputDirectory>(out, overwrite,
                                                          std::vector<std::string>{scenario.file});
            writer = std::make_unique<core::ResultWriter>(dir->staging(), description);
        } catch (const core::Error& e) {
            ok = 0;
            error = e.what();
        }
    }
    double failed = ok ? 0.0 : 1.0;
    ctx.comm->maxAll(&failed, 1);
    if (failed > 0.0) {
        if (ctx.rank == 0) throw core::Error(core::ErrorCode::Output, error);
        return core::exitCode(core::ErrorCode::Output);
    }
    const struct {
        const char* id;
        const std::vector<float>* values;
        const char* unit;
    } rasters[] = {{"max_depth", &strip.maxDepthM, "m"},
                   {"max_level", &strip.maxLevelM, "m"},
                   {"max_speed", &strip.maxSpeedMPerS, "m/s"},
                   {"max_hazard", &strip.maxHazardRating, "m2/s"},
                   {"time_of_inundation", &strip.timeOfInundationS, "s"},
                   {"duration_above_threshold", &strip.durationAboveThresholdS, "s"},
                   {"final_depth", &strip.finalDepthM, "m"}};
    const core::GeoTransform gt{whole.originX, whole.originY, whole.cellSizeM, whole.cellSizeM};
    auto stream = [&](const char* id, const std::vector<float>& values, const char* unit) {
        core::Raster r;
        if (ctx.rank == 0) r = core::Raster(whole.nx, whole.ny, gt, crs);
        flood::streamToRoot(values, part, [&](int rowBegin, int rows, const float* v) {
            std::copy(v, v + static_cast<std::size_t>(rows) * whole.nx,
                      r.data().begin() + static_cast<long>(rowBegin) * whole.nx);
        });
        if (ctx.rank != 0) return;
        r.unit = unit;
        writer->raster(id, r);
    };
    for (const auto& [id, values, unit] : rasters)
        stream(id, *values, unit);
    // Classes as the plug-in writes them: NaN outside the domain.
    std::vector<float> hazard(strip.hazardClass.size());
    for (std::size_t i = 0; i < hazard.size(); ++i)
        hazard[i] = std::isnan(strip.maxDepthM[i]) ? NAN : static_cast<float>(strip.hazardClass[i]);
    stream("hazard_class", hazard, "");

    // Scalars of the whole grid.
    double peak = 0.0, flooded = 0.0;
    for (float d : strip.maxDepthM)
        if (!std::isnan(d)) {
            peak = std::max(peak, static_cast<double>(d));
            flooded += d > p.getReal("inundation_threshold_m") ? 1.0 : 0.0;
        }
    ctx.comm->maxAll(&peak, 1);
    ctx.comm->sumAll(&flooded, 1);
    strip.maxDepthM.clear();
    // Peak memory of each rank while it solved (its window, not the grid), for the manifest.
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const std::vector<double> rss = ctx.comm->gatherAll({static_cast<double>(usage.ru_maxrss) / 1024.0});
    flood::Results gathered = flood::gatherResults(std::move(strip), part);
    if (ctx.rank != 0) return 0;

    const flood::MassBalanceRecord& m = gathered.massBalance.back();
    sdk::Table mb;
    mb.columns = {{"time", "s"},
                  {"rain", "m3"},
                  {"inflow", "m3"},
                  {"boundary_inflow", "m3"},
                  {"boundary_outflow", "m3"},
                  {"losses", "m3"},
                  {"drainage", "m3"},
                  {"initial", "m3"},
                  {"stored", "m3"},
                  {"error", "m3"},
                  {"relative_error", ""}};
    for (const flood::MassBalanceRecord& r : gathered.massBalance)
        mb.rows.push_back({r.timeS, r.rainM3, r.inflowM3, r.boundaryInflowM3, r.boundaryOutflowM3, r.lossesM3,
                           r.drainageM3, r.initialM3, r.storedM3, r.errorM3, r.relativeError});
    writer->table("mass_balance", mb);
    if (!gathered.gauges.empty()) {
        sdk::Table gauges;
        gauges.columns = {{"gauge", ""},  {"x", "m"},     {"y", "m"},      {"time", "s"},
                          {"depth", "m"}, {"level", "m"}, {"speed", "m/s"}};
        for (const flood::GaugeSeries& gs : gathered.gauges)
            for (std::size_t i = 0; i < gs.timesS.size(); ++i)
                gauges.rows.push_back({gs.name, gs.position.x, gs.position.y, gs.timesS[i],
                                       static_cast<double>(gs.depthM[i]), static_cast<double>(gs.levelM[i]),
                                       static_cast<double>(gs.speedMPerS[i])});
        writer->table("gauges", gauges);
    }
    writer->scalar("peak_depth", peak);
    writer->scalar("flooded_area", flooded * whole.cellSizeM * whole.cellSizeM);
    writer->scalar("rain_volume", m.rainM3);
    writer->scalar("inflow_volume", m.inflowM3 + m.boundaryInflowM3);
    writer->scalar("outflow_volume", m.boundaryOutflowM3);
    writer->scalar("mass_balance_error", m.relativeError);
    writer->finish();

    core::RunRecord rec;
    rec.started = started;
    rec.command = command;
    rec.threads = threads;
    rec.scenarioFile = fs::absolute(scenario.file).lexically_normal().string();
    rec.scenarioName = scenario.name;
    rec.scenarioSha256 = core::sha256File(scenario.file);
    ojson model0 = {{"crs", crs.describe()},
                    {"crs_wkt", crs.wkt()},
                    {"extent",
                     {whole.originX, whole.originY - whole.ny * whole.cellSizeM,
                      whole.originX + whole.nx * whole.cellSizeM, whole.originY}},
                    {"terrain", {{"width", whole.nx}, {"height", whole.ny}, {"cell_size", whole.cellSizeM}}}};
    rec.modelJson = model0.dump();
    core::SimulatorRecord sim;
    sim.info = description.info;
    sim.module = step.simulator->file();
    sim.moduleSha256 = core::sha256File(sim.module);
    for (const auto& [id, v] : p.entries())
        sim.parameters.emplace_back(id, sdk::toJson(v));
    const flood::RunStatistics& st = gathered.statistics;
    sim.statistics = {{"mpi_ranks", std::to_string(ctx.ranks)},
                      {"mpi_library", ojson(flood::mpiLibraryVersion()).dump()},
                      {"steps", std::to_string(st.steps)},
                      {"dt_min_s", core::number(st.minDtS)},
                      {"dt_max_s", core::number(st.maxDtS)},
                      {"wet_cell_updates", core::number(st.wetCellUpdates)},
                      {"solver_wall_s", core::number(st.wallTimeS)},
                      {"positivity_corrections", std::to_string(st.positivityCorrections)},
                      {"load_balance", ojson(flood::loadBalanceText(gathered.ranks)).dump()}};
    ojson loads = ojson::array();
    for (const flood::RankLoad& l : gathered.ranks)
        loads.push_back({{"rank", l.rank},
                         {"rows", l.rows},
                         {"domain_cells", l.domainCells},
                         {"max_rss_mb", rss.at(static_cast<std::size_t>(l.rank))},
                         {"cell_updates", l.cellUpdates},
                         {"compute_s", l.computeS},
                         {"communication_s", l.communicationS},
                         {"halo_bytes", l.haloBytes}});
    sim.statistics.emplace_back("ranks", loads.dump());
    for (const std::string& w : gathered.warnings)
        sim.log.push_back("warning: " + w);
    sim.outputs = writer->outputs();
    sim.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rec.simulators.push_back(sim);
    rec.finished = utcNow();
    rec.totalSeconds = sim.seconds;
    core::writeManifest(dir->staging(), rec);
    dir->commit();
    std::cout << "results in " << dir->path() << " (" << ctx.ranks << " ranks, " << st.steps << " steps, "
              << flood::loadBalanceText(gathered.ranks) << ")\n";
    for (const std::string& w : gathered.warnings)
        std::cerr << "[citytwin-flood-mpi] warning: " << w << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    ::setenv("OMP_WAIT_POLICY", "passive", 0);
    flood::MpiSession mpi(&argc, &argv);
    auto comm = flood::worldCommunicator();
    Run ctx;
    ctx.rank = mpi.rank();
    ctx.ranks = mpi.size();
    ctx.comm = comm.get();
    int code = 0;
    try {
        code = run(argc, argv, ctx);
    } catch (const core::Error& e) {
        // Errors of the parameters and of the solver's checks come alike on every rank (rank 0 says it); an
        // error on one rank alone (its window unreadable) must end the others, which wait for it.
        code = core::exitCode(e.code());
        std::cerr << "citytwin-flood-mpi: "
                  << (ctx.ranks > 1 ? "rank " + std::to_string(ctx.rank) + ": " : "") << "error: " << e.what()
                  << "\n";
        if (ctx.ranks > 1) flood::MpiSession::abortAll(code);
    } catch (const std::exception& e) {
        code = core::exitCode(core::ErrorCode::Internal);
        std::cerr << "citytwin-flood-mpi: internal error: " << e.what() << "\n";
        if (ctx.ranks > 1) flood::MpiSession::abortAll(code);
    }
    comm.reset();
    return code;
}

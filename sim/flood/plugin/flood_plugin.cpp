// The flood simulator plug-in: the SDK face of the local-inertial engine and its city-model adapter.
// Parameters and outputs are documented in sim/flood/README.md (the table there is generated from describe()
// and a test keeps it in sync).

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "citytwin/core/simulator_host.h"
#include "citytwin/flood/solver.h"
#include "citytwin/sdk/sdk.h"
#include "model_adapter.h"

namespace citytwin::flood {
namespace {

using sdk::param;
using sdk::ParamType;
using sdk::splitList;

constexpr const char* kId = "flood";
constexpr double kHuge = 1e8;

const std::vector<std::string> kEdgeChoices = {"closed", "free_outflow", "fixed_level", "level_series",
                                               "discharge"};

TimeSeries toSeries(const std::vector<sdk::TimeValue>& s, Interpolation interpolation,
                    Extrapolation extrapolation) {
    TimeSeries t;
    for (const sdk::TimeValue& tv : s) {
        t.timesS.push_back(tv.timeS);
        t.values.push_back(tv.value);
    }
    t.interpolation = interpolation;
    t.extrapolation = extrapolation;
    return t;
}

/// "1:0.03, 2:0.05" -> {1: 0.03, 2: 0.05}; problems for malformed items.
std::map<int, double> parseClasses(const std::string& text, std::vector<sdk::Problem>& problems) {
    std::map<int, double> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        item = item.substr(b, item.find_last_not_of(" \t") - b + 1);
        const auto colon = item.find(':');
        char* e1 = nullptr;
        char* e2 = nullptr;
        const long code = colon == std::string::npos ? 0 : std::strtol(item.c_str(), &e1, 10);
        const double n = colon == std::string::npos ? NAN : std::strtod(item.c_str() + colon + 1, &e2);
        if (colon == std::string::npos || !e1 || *e1 != ':' || !e2 || *e2 != '\0' ||
            !(n >= 0.0 && n <= 1.0)) {
            problems.push_back({kId, "manning_classes", "'" + item + "' is not CODE:N with 0 <= N <= 1"});
            continue;
        }
        out[static_cast<int>(code)] = n;
    }
    return out;
}

/// What the run needs beside the engine set-up.
struct Plan {
    ModelGridOptions grid;
    double buildingThresholdM = 0.1;
    double roadThresholdM = 0.3;
};

/// Turns parameters into an engine set-up for this model. Problems that need only the parameters or the
/// model's layers are collected; the engine's validate() checks the rest.
Setup makeSetup(const core::CityModel& model, const sdk::ParameterSet& p, Plan& plan,
                std::vector<sdk::Problem>& problems) {
    ModelGridOptions& g = plan.grid;
    g.resolutionM = p.getReal("resolution_m");
    g.buildingMode = parseBuildingMode(p.getString("building_mode"));
    g.manning.source = parseManningSource(p.getString("manning_source"));
    g.manning.uniformN = p.getReal("manning_n");
    g.manning.layer = p.getString("manning_layer");
    g.manning.classTable = parseClasses(p.getString("manning_classes"), problems);
    g.manning.polygonField = p.getString("manning_field");
    g.manning.polygonN = p.getReal("manning_polygon_n");
    plan.buildingThresholdM = p.getReal("building_flood_threshold_m");
    plan.roadThresholdM = p.getReal("road_flood_threshold_m");
    if (!model.hasTerrain()) {
        problems.push_back({kId, {}, "the city model has no terrain: add \"terrain\" to the scenario"});
        return {};
    }
    for (const Problem& pr : validateModelOptions(model, g))
        problems.push_back({kId, pr.parameter, pr.message});
    if (!problems.empty()) return {};

    Setup s = setupFromModel(model, g);
    s.durationS = p.getReal("duration_s");

    // Rain: a general hyetograph, or a single cloudburst of an intensity and a duration; or gridded frames.
    const auto& hyeto = p.getSeries("rain_hyetograph");
    const Interpolation interp =
        p.getString("rain_interpolation") == "linear" ? Interpolation::Linear : Interpolation::Step;
    if (!hyeto.empty()) {
        s.rain.hyetograph = toSeries(hyeto, interp, Extrapolation::Zero);
    } else if (p.getReal("rain_intensity_mm_per_h") > 0.0) {
        const double t0 = p.getReal("rain_start_s");
        const double t1 = t0 + p.getReal("rain_duration_s");
        const double i = p.getReal("rain_intensity_mm_per_h");
        s.rain.hyetograph =
            TimeSeries{t0 > 0 ? std::vector<double>{0.0, t0, t1} : std::vector<double>{t0, t1},
                       t0 > 0 ? std::vector<double>{0.0, i, 0.0} : std::vector<double>{i, 0.0},
                       Interpolation::Step, Extrapolation::Zero};
    }
    const std::vector<std::string> frames = splitList(p.getString("rain_frame_layers"));
    if (!frames.empty()) {
        if (!s.rain.hyetograph.empty())
            problems.push_back(
                {kId, "rain_frame_layers",
                 "gridded rain and a hyetograph cannot both be given: set rain_intensity_mm_per_h "
                 "to 0 and leave rain_hyetograph empty"});
        s.rain.hyetograph = {};
        const double step = p.getReal("rain_frame_interval_s");
        for (std::size_t k = 0; k < frames.size(); ++k) {
            auto it = model.rasters.find(frames[k]);
            if (it == model.rasters.end()) {
                problems.push_back(
                    {kId, "rain_frame_layers", "'" + frames[k] + "' is not a raster layer of the model"});
                continue;
            }
            RainFrame f;
            f.startS = static_cast<double>(k) * step;
            f.intensityMmPerH = resampleTerrain(it->second, s.grid);
            s.rain.frames.push_back(std::move(f));
        }
        s.rain.framesEndS = static_cast<double>(frames.size()) * step;
    }

    // Losses and drainage.
    const std::string loss = p.getString("loss_model");
    s.losses.model = loss == "initial_continuing" ? LossModel::InitialContinuing
                     : loss == "green_ampt"       ? LossModel::GreenAmpt
                                                  : LossModel::None;
    s.losses.initialLossMm = p.getReal("initial_loss_mm");
    s.losses.continuingLossMmPerH = p.getReal("continuing_loss_mm_per_h");
    s.losses.hydraulicConductivityMmPerH = p.getReal("ga_conductivity_mm_per_h");
    s.losses.suctionHeadMm = p.getReal("ga_suction_mm");
    s.losses.moistureDeficit = p.getReal("ga_moisture_deficit");
    s.drainage.rateMmPerH = p.getReal("drainage_mm_per_h");
    if (const std::string& dl = p.getString("drainage_layer"); !dl.empty()) {
        auto it = model.rasters.find(dl);
        if (it == model.rasters.end())
            problems.push_back({kId, "drainage_layer", "'" + dl + "' is not a raster layer of the model"});
        else
            s.drainage.rateGridMmPerH = resampleTerrain(it->second, s.grid);
    }

    // Inflows: points sharing one hydrograph, a line with its own, and any number from a layer.
    const auto& pts = p.getPoints("inflow_points");
    if (!pts.empty()) {
        const auto& h = p.getSeries("inflow_hydrograph");
        if (h.empty())
            problems.push_back({kId, "inflow_hydrograph", "inflow points are given but no hydrograph"});
        for (std::size_t k = 0; k < pts.size(); ++k)
            s.inflows.push_back(Inflow{"point " + std::to_string(k + 1),
                                       {pts[k]},
                                       toSeries(h, Interpolation::Linear, Extrapolation::Zero)});
    }
    const auto& line = p.getPoints("inflow_line");
    if (!line.empty()) {
        const auto& h = p.getSeries("inflow_line_hydrograph");
        if (line.size() < 2)
            problems.push_back({kId, "inflow_line", "a line inflow needs at least two points"});
        if (h.empty())
            problems.push_back({kId, "inflow_line_hydrograph", "an inflow line is given but no hydrograph"});
        s.inflows.push_back(Inflow{"line", line, toSeries(h, Interpolation::Linear, Extrapolation::Zero)});
    }
    if (const std::string& il = p.getString("inflow_layer"); !il.empty()) {
        auto it = model.vectors.find(il);
        if (it == model.vectors.end()) {
            problems.push_back({kId, "inflow_layer", "'" + il + "' is not a vector layer of the model"});
        } else {
            const core::VectorLayer& v = it->second;
            const int hf = v.fields.indexOf("hydrograph");
            const int nf = v.fields.indexOf("name");
            sdk::ParamDecl decl = sdk::seriesParam("hydrograph", "Hydrograph", "", "m3/s", "");
            for (std::size_t k = 0; k < v.features.size(); ++k) {
                const core::VectorFeature& f = v.features[k];
                const std::string name = nf >= 0 && !core::toText(f.attribute(nf)).empty()
                                             ? core::toText(f.attribute(nf))
                                             : il + " " + std::to_string(k + 1);
                std::string problem;
                const sdk::ParamValue hv =
                    hf < 0 ? sdk::ParamValue{}
                           : core::parseParamJson(decl, core::toText(f.attribute(hf)), problem);
                if (problem.empty()) problem = core::checkParamValue(decl, hv);
                if (hf < 0 || !problem.empty()) {
                    problems.push_back({kId, "inflow_layer",
                                        "feature '" + name +
                                            "': the attribute 'hydrograph' must hold [[t_s, m3/s], ...]" +
                                            (problem.empty() ? std::string() : " (" + problem + ")")});
                    continue;
                }
                Inflow in{name,
                          {},
                          toSeries(std::get<std::vector<sdk::TimeValue>>(hv), Interpolation::Linear,
                                   Extrapolation::Zero)};
                if (!f.points.empty())
                    in.points = f.points;
                else if (!f.lines.empty())
                    in.points = f.lines.front();
                s.inflows.push_back(std::move(in));
            }
        }
    }

    // Boundaries: one condition per edge.
    const std::pair<const char*, Edge> edges[] = {{"boundary_north", Edge::North},
                                                  {"boundary_south", Edge::South},
                                                  {"boundary_east", Edge::East},
                                                  {"boundary_west", Edge::West}};
    for (const auto& [id, edge] : edges) {
        const std::string kind = p.getString(id);
        if (kind == "closed") continue;
        Boundary b;
        b.edge = edge;
        if (kind == "free_outflow") {
            b.kind = BoundaryKind::FreeOutflow;
            b.slope = p.getReal("boundary_slope");
        } else if (kind == "fixed_level") {
            b.kind = BoundaryKind::FixedLevel;
            b.levelM = p.getReal("boundary_level_m");
        } else if (kind == "level_series") {
            b.kind = BoundaryKind::LevelSeries;
            const auto& ls = p.getSeries("boundary_level_series");
            if (ls.empty())
                problems.push_back({kId, "boundary_level_series", std::string(id) + " needs a level series"});
            b.levelSeriesM = toSeries(ls, Interpolation::Linear, Extrapolation::Hold);
        } else if (kind == "discharge") {
            b.kind = BoundaryKind::Discharge;
            const auto& q = p.getSeries("boundary_discharge");
            if (q.empty())
                problems.push_back(
                    {kId, "boundary_discharge", std::string(id) + " needs a discharge series"});
            b.dischargeM3PerS = toSeries(q, Interpolation::Linear, Extrapolation::Zero);
        }
        s.boundaries.push_back(std::move(b));
    }

    // Initial water.
    if (const std::string& il = p.getString("initial_depth_layer"); !il.empty()) {
        auto it = model.rasters.find(il);
        if (it == model.rasters.end())
            problems.push_back(
                {kId, "initial_depth_layer", "'" + il + "' is not a raster layer of the model"});
        else
            s.initialDepthM = resampleTerrain(it->second, s.grid);
    }

    // Gauges: points, and the points of a layer.
    const auto& gauges = p.getPoints("gauge_points");
    for (std::size_t k = 0; k < gauges.size(); ++k)
        s.gauges.push_back(Gauge{"gauge " + std::to_string(k + 1), gauges[k]});
    if (const std::string& gl = p.getString("gauge_layer"); !gl.empty()) {
        try {
            for (Gauge& gg : gaugesFromLayer(model, gl, p.getString("gauge_name_field")))
                s.gauges.push_back(std::move(gg));
        } catch (const core::Error& e) {
            problems.push_back({kId, "gauge_layer", e.detail()});
        }
    }

    // Numerics and outputs.
    SolverOptions& o = s.options;
    o.theta = p.getReal("theta");
    o.cfl = p.getReal("cfl");
    o.friction2d = p.getBool("friction_2d");
    o.maxDtS = p.getReal("max_dt_s");
    o.minDtS = p.getReal("min_dt_s");
    o.depthThresholdM = p.getReal("depth_threshold_m");
    o.outputIntervalS = p.getReal("output_interval_s");
    o.seriesIntervalS = p.getReal("series_interval_s");
    o.inundationThresholdM = p.getReal("inundation_threshold_m");
    o.debrisFactor = p.getReal("hazard_debris_factor");
    const std::string nd = p.getString("nodata_policy");
    o.noDataPolicy = nd == "wall"   ? NoDataPolicy::Wall
                     : nd == "fill" ? NoDataPolicy::Fill
                                    : NoDataPolicy::Reject;
    for (const Problem& pr : validate(s))
        problems.push_back({kId, pr.parameter, pr.message});
    return s;
}

core::Raster toRaster(const Grid& g, const std::vector<float>& values, const core::Crs& crs,
                      const char* unit) {
    core::Raster r(g.nx, g.ny, core::GeoTransform{g.originX, g.originY, g.cellSizeM, g.cellSizeM}, crs);
    std::copy(values.begin(), values.end(), r.data().begin());
    r.unit = unit;
    return r;
}

class FloodSimulator : public sdk::Simulator {
public:
    sdk::Description describe() const override {
        sdk::Description d;
        d.info.id = kId;
        d.info.name = "Urban flood (2D local inertial)";
        d.info.version = "1.0.0";
        d.info.summary =
            "Rain and river or sewer inflow over the terrain and around buildings: depth, speed, hazard and "
            "timing, "
            "and which buildings and roads are hit.";
        d.info.references = {
            "Bates, Horritt & Fewtrell (2010), A simple inertial formulation of the shallow water equations "
            "for "
            "efficient two-dimensional flood inundation modelling, J. Hydrology 387",
            "de Almeida, Bates, Freer & Souvignet (2012), Improving the stability of a simple formulation of "
            "the "
            "shallow water equations for 2-D flood modeling, Water Resources Research 48",
            "Green & Ampt (1911); Chow, Maidment & Mays (1988), Applied Hydrology, 4.3",
            "Ramsbottom, Wade et al. (2006), Flood Risks to People, Defra/EA FD2321/TR1 (hazard rating)"};
        const std::optional<double> none;
        d.parameters = {
            param("duration_s", "Duration", "Simulated time.", ParamType::Real, "s", 3600.0, 1.0, kHuge,
                  "Run"),
            param("resolution_m", "Resolution", "Cell size of the run; 0 = the terrain's own.",
                  ParamType::Real, "m", 0.0, 0.0, 1000.0, "Run"),
            sdk::choiceParam(
                "building_mode", "Buildings",
                "block: buildings are walls; raise: raised by their height, deep water overtops them; "
                "ignore: "
                "bare terrain.",
                {"block", "raise", "ignore"}, "block", "Run"),
            param("output_interval_s", "Frame interval",
                  "Depth and speed maps every this; 0 = none (maxima and timing are always kept).",
                  ParamType::Real, "s", 600.0, 0.0, kHuge, "Run"),
            param("rain_intensity_mm_per_h", "Rain intensity",
                  "A uniform cloudburst of this intensity (ignored when a hyetograph is given).",
                  ParamType::Real, "mm/h", 100.0, 0.0, 1000.0, "Rain"),
            param("rain_start_s", "Rain start", "When the cloudburst begins.", ParamType::Real, "s", 0.0, 0.0,
                  kHuge, "Rain"),
            param("rain_duration_s", "Rain duration", "How long the cloudburst lasts.", ParamType::Real, "s",
                  3600.0, 1.0, kHuge, "Rain"),
            sdk::seriesParam("rain_hyetograph", "Hyetograph",
                             "Rain intensity over time; replaces the cloudburst when given.", "mm/h", "Rain"),
            sdk::choiceParam(
                "rain_interpolation", "Hyetograph steps",
                "step: each value holds until the next time; linear: straight lines between the points.",
                {"step", "linear"}, "step", "Rain", true),
            param(
                "rain_frame_layers", "Gridded rain layers",
                "Comma-separated raster layers of intensity [mm/h], one per frame, instead of uniform rain.",
                ParamType::String, "", std::string(), none, none, "Rain", true),
            param("rain_frame_interval_s", "Gridded rain interval", "Time each rain frame lasts.",
                  ParamType::Real, "s", 300.0, 1.0, kHuge, "Rain", true),
            sdk::choiceParam("loss_model", "Losses",
                             "Water that soaks away: none, initial + continuing loss, or Green-Ampt.",
                             {"none", "initial_continuing", "green_ampt"}, "none", "Losses"),
            param("initial_loss_mm", "Initial loss", "Rain absorbed before any runs off.", ParamType::Real,
                  "mm", 0.0, 0.0, 10000.0, "Losses"),
            param("continuing_loss_mm_per_h", "Continuing loss", "Constant loss rate after the initial loss.",
                  ParamType::Real, "mm/h", 0.0, 0.0, 10000.0, "Losses"),
            param("ga_conductivity_mm_per_h", "Green-Ampt conductivity",
                  "Saturated hydraulic conductivity Ks.", ParamType::Real, "mm/h", 10.9, 1e-6, 10000.0,
                  "Losses", true),
            param("ga_suction_mm", "Green-Ampt suction", "Wetting-front suction head.", ParamType::Real, "mm",
                  110.1, 0.0, 10000.0, "Losses", true),
            param("ga_moisture_deficit", "Green-Ampt moisture deficit", "Porosity minus initial moisture.",
                  ParamType::Real, "", 0.3, 0.0, 1.0, "Losses", true),
            param("drainage_mm_per_h", "Drainage capacity",
                  "The sewer network as a sink: water removed from every wet cell up to this rate.",
                  ParamType::Real, "mm/h", 0.0, 0.0, 10000.0, "Drainage"),
            sdk::layerParam("drainage_layer", "Drainage capacity layer",
                            "A raster of capacity [mm/h]; replaces the uniform rate.", "raster", "Drainage",
                            true),
            sdk::pointsParam(
                "inflow_points", "Inflow points",
                "Points where water enters (surcharging manholes, culverts), each with the inflow "
                "hydrograph.",
                "Inflows"),
            sdk::seriesParam("inflow_hydrograph", "Inflow hydrograph",
                             "Discharge at each inflow point over time.", "m3/s", "Inflows"),
            sdk::pointsParam("inflow_line", "Inflow line", "A line along which a river or an inlet enters.",
                             "Inflows"),
            sdk::seriesParam("inflow_line_hydrograph", "Line hydrograph",
                             "Total discharge along the inflow line over time.", "m3/s", "Inflows"),
            sdk::layerParam(
                "inflow_layer", "Inflow layer",
                "Points or lines, each with an attribute 'hydrograph' = [[t_s, m3/s], ...] (and optionally "
                "'name').",
                "vector", "Inflows", true),
            sdk::choiceParam("boundary_north", "North edge", "Condition on the north edge.", kEdgeChoices,
                             "closed", "Boundaries"),
            sdk::choiceParam("boundary_south", "South edge", "Condition on the south edge.", kEdgeChoices,
                             "closed", "Boundaries"),
            sdk::choiceParam("boundary_east", "East edge", "Condition on the east edge.", kEdgeChoices,
                             "closed", "Boundaries"),
            sdk::choiceParam("boundary_west", "West edge", "Condition on the west edge.", kEdgeChoices,
                             "closed", "Boundaries"),
            param("boundary_slope", "Outflow slope",
                  "Water-surface slope at free-outflow edges (normal depth).", ParamType::Real, "", 0.001,
                  1e-6, 1.0, "Boundaries"),
            param("boundary_level_m", "Boundary level", "Water level outside fixed-level edges.",
                  ParamType::Real, "m", 0.0, -1000.0, 10000.0, "Boundaries"),
            sdk::seriesParam("boundary_level_series", "Boundary level series",
                             "Water level over time at level-series edges.", "m", "Boundaries", true),
            sdk::seriesParam("boundary_discharge", "Boundary discharge",
                             "Discharge entering through each discharge edge.", "m3/s", "Boundaries", true),
            sdk::layerParam("initial_depth_layer", "Initial depth",
                            "A raster of water depth [m] at the start.", "raster", "Boundaries", true),
            sdk::choiceParam(
                "manning_source", "Roughness from",
                "uniform: manning_n everywhere; raster: a layer of n; land_use: class codes + a table; "
                "polygons: n "
                "inside polygons.",
                {"uniform", "raster", "land_use", "polygons"}, "uniform", "Roughness"),
            param("manning_n", "Manning n", "Uniform n, or n where the roughness layer says nothing.",
                  ParamType::Real, "s/m^(1/3)", 0.03, 0.0, 1.0, "Roughness"),
            sdk::layerParam("manning_layer", "Roughness layer",
                            "Raster of n or of land-use codes, or polygon layer.", "", "Roughness"),
            param("manning_classes", "Land-use table", "CODE:N pairs, e.g. 1:0.015, 2:0.035, 3:0.1.",
                  ParamType::String, "", std::string(), none, none, "Roughness", true),
            param("manning_field", "Polygon n attribute", "Attribute of the polygons that holds n.",
                  ParamType::String, "", std::string(), none, none, "Roughness"),
            param("manning_polygon_n", "Polygon n", "n inside the polygons where the attribute is missing.",
                  ParamType::Real, "s/m^(1/3)", 0.02, 0.0, 1.0, "Roughness", true),
            sdk::pointsParam("gauge_points", "Gauges",
                             "Points where depth, level and speed are recorded over time.", "Gauges"),
            sdk::layerParam("gauge_layer", "Gauge layer", "A point layer of gauges.", "vector", "Gauges"),
            param("gauge_name_field", "Gauge name attribute", "Attribute that names each gauge.",
                  ParamType::String, "", std::string(), none, none, "Gauges", true),
            param("series_interval_s", "Series interval", "Gauges and mass balance are recorded every this.",
                  ParamType::Real, "s", 60.0, 0.1, kHuge, "Gauges", true),
            param("inundation_threshold_m", "Inundation depth",
                  "Depth counted as inundated (first inundation, duration, hazard).", ParamType::Real, "m",
                  0.1, 0.001, 10.0, "Hazard"),
            param("hazard_debris_factor", "Debris factor",
                  "DF of the hazard rating where deeper than 0.25 m.", ParamType::Real, "m2/s", 1.0, 0.0,
                  10.0, "Hazard"),
            param("building_flood_threshold_m", "Building flooded above",
                  "A building counts as flooded when water against it is deeper.", ParamType::Real, "m", 0.1,
                  0.001, 10.0, "Hazard"),
            param("road_flood_threshold_m", "Road flooded above",
                  "Road length counts as flooded above this depth.", ParamType::Real, "m", 0.3, 0.001, 10.0,
                  "Hazard"),
            sdk::choiceParam(
                "nodata_policy", "Terrain holes",
                "reject: holes in the terrain where water would flow are an error; wall: holes are walls; "
                "fill: "
                "holes are filled from their neighbours.",
                {"reject", "wall", "fill"}, "reject", "Numerics", true),
            param("theta", "Theta",
                  "q-centred weighting of de Almeida et al. (2012); 1 = Bates et al. (2010).",
                  ParamType::Real, "", 0.7, 0.5, 1.0, "Numerics", true),
            param("cfl", "Courant number", "Time step = cfl x cell / sqrt(g h).", ParamType::Real, "", 0.5,
                  0.01, 1.0, "Numerics", true),
            param("friction_2d", "2D friction", "Friction from the magnitude of the discharge vector.",
                  ParamType::Bool, "", true, none, none, "Numerics", true),
            param("max_dt_s", "Largest step", "Upper bound of the time step.", ParamType::Real, "s", 10.0,
                  1e-4, 3600.0, "Numerics", true),
            param("min_dt_s", "Smallest step", "A time step below this stops the run (collapse).",
                  ParamType::Real, "s", 0.001, 1e-7, 100.0, "Numerics", true),
            param("depth_threshold_m", "Flow depth threshold", "Faces with less water carry no flow.",
                  ParamType::Real, "m", 0.001, 1e-6, 0.1, "Numerics", true),
        };

        using sdk::OutputKind;
        const double noLow = -1e300;
        d.outputs = {
            {"max_depth",
             "Maximum depth",
             OutputKind::Raster,
             "m",
             "Deepest water in each cell.",
             {"water", 0, 1.0, "", 0.02, ""}},
            {"max_level",
             "Maximum water level",
             OutputKind::Raster,
             "m",
             "Bed + maximum depth; NaN where never wet.",
             {"viridis", 0, 0, "", noLow, ""}},
            {"max_speed",
             "Maximum speed",
             OutputKind::Raster,
             "m/s",
             "Fastest flow in each cell.",
             {"magma", 0, 3, "", 0.05, ""}},
            {"max_hazard",
             "Hazard rating",
             OutputKind::Raster,
             "m2/s",
             "Maximum over time of depth x (speed + 0.5) + debris factor (Defra/EA FD2321).",
             {"rdylgn_r", 0, 2.5, "", 0.01, ""}},
            {"hazard_class",
             "Hazard class",
             OutputKind::Raster,
             "",
             "0 none, 1 low (< 0.75), 2 moderate (< 1.25), 3 significant (< 2), 4 extreme.",
             {"categorical", 0, 4, "", 0.5, ""}},
            {"time_of_inundation",
             "Time of first inundation",
             OutputKind::Raster,
             "s",
             "When each cell first got deeper than the inundation depth; NaN = never.",
             {"viridis", 0, 0, "", noLow, ""}},
            {"duration_above_threshold",
             "Duration inundated",
             OutputKind::Raster,
             "s",
             "How long each cell was deeper than the inundation depth.",
             {"magma", 0, 0, "", 1, ""}},
            {"final_depth",
             "Final depth",
             OutputKind::Raster,
             "m",
             "Depth at the end of the run.",
             {"water", 0, 1.0, "", 0.02, ""}},
            {"depth",
             "Depth",
             OutputKind::RasterSeries,
             "m",
             "Water depth every frame interval.",
             {"water", 0, 1.0, "", 0.02, ""}},
            {"speed",
             "Speed",
             OutputKind::RasterSeries,
             "m/s",
             "Flow speed every frame interval.",
             {"magma", 0, 3, "", 0.05, ""}},
            {"buildings",
             "Buildings hit",
             OutputKind::Vector,
             "m",
             "Every building with the deepest water against it (max_depth_m) and flooded (1/0).",
             {"rdylgn_r", 0, 1, "max_depth_m", noLow, ""}},
            {"roads",
             "Roads hit",
             OutputKind::Vector,
             "m",
             "Every road with its length over water deeper than the road threshold (flooded_length_m).",
             {"rdylgn_r", 0, 1, "max_depth_m", noLow, ""}},
            {"gauges",
             "Gauge series",
             OutputKind::Table,
             "",
             "Depth, level and speed at each gauge over time.",
             {}},
            {"mass_balance",
             "Mass balance",
             OutputKind::Table,
             "",
             "Rain, inflow, outflow, losses, drainage, stored water and the error over time [m3].",
             {}},
            {"flooded_area",
             "Flooded area",
             OutputKind::Scalar,
             "m2",
             "Area ever deeper than the inundation depth.",
             {}},
            {"flooded_buildings",
             "Buildings flooded",
             OutputKind::Scalar,
             "",
             "Buildings counted as flooded.",
             {}},
            {"flooded_road_length",
             "Road length flooded",
             OutputKind::Scalar,
             "m",
             "Road length over water deeper than the road threshold.",
             {}},
            {"peak_depth", "Deepest water", OutputKind::Scalar, "m", "Largest depth anywhere.", {}},
            {"rain_volume", "Rain volume", OutputKind::Scalar, "m3", "Rain that fell on the domain.", {}},
            {"inflow_volume",
             "Inflow volume",
             OutputKind::Scalar,
             "m3",
             "Water from inflows and boundaries.",
             {}},
            {"outflow_volume",
             "Outflow volume",
             OutputKind::Scalar,
             "m3",
             "Water that left through open edges.",
             {}},
            {"mass_balance_error",
             "Mass balance error",
             OutputKind::Scalar,
             "",
             "Relative error of the water budget at the end.",
             {}},
            {"cell_updates_per_second",
             "Solver speed",
             OutputKind::Scalar,
             "1/s",
             "Wet-cell updates per second.",
             {}},
        };
        return d;
    }

    std::vector<sdk::Problem> validate(const core::CityModel& model,
                                       const sdk::ParameterSet& p) const override {
        std::vector<sdk::Problem> problems;
        Plan plan;
        try {
            makeSetup(model, p, plan, problems);
        } catch (const core::Error& e) {
            problems.push_back({kId, e.context().parameter, e.detail()});
        }
        return problems;
    }

    void run(const core::CityModel& model, const sdk::ParameterSet& p, sdk::RunContext& ctx) const override {
        ctx.progress(0.0, "preparing the grid");
        std::vector<sdk::Problem> problems;
        Plan plan;
        Setup setup = makeSetup(model, p, plan, problems);
        if (!problems.empty()) {
            std::string all;
            for (const sdk::Problem& pr : problems)
                all += (all.empty() ? "" : "; ") + pr.parameter + ": " + pr.message;
            throw core::Error(core::ErrorCode::Validation, all,
                              core::Error::Context{{}, {}, problems.front().parameter});
        }
        setup.options.threads = std::max(1, ctx.threads());
        const Grid grid = setup.grid;
        ctx.log(sdk::LogLevel::Info, "grid " + std::to_string(grid.nx) + " x " + std::to_string(grid.ny) +
                                         " at " + core::toText(core::AttributeValue{grid.cellSizeM}) +
                                         " m, " + std::to_string(setup.inflows.size()) + " inflows, " +
                                         std::to_string(setup.gauges.size()) + " gauges");

        Solver solver(std::move(setup));
        const Results r =
            solver.run([&](double f, const std::string& stage) { ctx.progress(0.02 + 0.88 * f, stage); },
                       [&] { return ctx.isCancelled(); });
        if (r.status == RunStatus::Cancelled) return;

        ctx.progress(0.9, "writing results");
        const core::Crs& crs = model.crs;
        const struct {
            const char* id;
            const std::vector<float>* values;
            const char* unit;
        } rasters[] = {{"max_depth", &r.maxDepthM, "m"},
                       {"max_level", &r.maxLevelM, "m"},
                       {"max_speed", &r.maxSpeedMPerS, "m/s"},
                       {"max_hazard", &r.maxHazardRating, "m2/s"},
                       {"time_of_inundation", &r.timeOfInundationS, "s"},
                       {"duration_above_threshold", &r.durationAboveThresholdS, "s"},
                       {"final_depth", &r.finalDepthM, "m"}};
        for (const auto& out : rasters)
            if (!ctx.emitRaster(out.id, toRaster(grid, *out.values, crs, out.unit))) return;
        {
            std::vector<float> classes(r.hazardClass.size());
            for (std::size_t i = 0; i < classes.size(); ++i)
                classes[i] = std::isnan(r.maxDepthM[i]) ? NAN : static_cast<float>(r.hazardClass[i]);
            if (!ctx.emitRaster("hazard_class", toRaster(grid, classes, crs, ""))) return;
        }
        for (const Frame& f : r.frames) {
            if (!ctx.emitFrame("depth", f.timeS, toRaster(grid, f.depthM, crs, "m"))) return;
            if (!ctx.emitFrame("speed", f.timeS, toRaster(grid, f.speedMPerS, crs, "m/s"))) return;
        }

        // Buildings and roads hit.
        const std::vector<BuildingImpact> hits =
            buildingImpacts(model, grid, r.maxDepthM, plan.grid.buildingMode, plan.buildingThresholdM);
        core::VectorLayer b;
        b.crs = crs;
        b.fields.ensure("id", core::FieldType::String);
        b.fields.ensure("max_depth_m", core::FieldType::Real);
        b.fields.ensure("flooded", core::FieldType::Integer);
        std::size_t flooded = 0;
        for (const BuildingImpact& h : hits) {
            core::VectorFeature f;
            f.kind = core::GeometryKind::Polygon;
            f.polygons = model.buildings[h.building].footprint;
            f.attributes = {h.id, h.cellsSampled > 0 ? h.maxDepthM : NAN,
                            static_cast<std::int64_t>(h.flooded ? 1 : 0)};
            flooded += h.flooded ? 1 : 0;
            b.features.push_back(std::move(f));
        }
        if (!ctx.emitVector("buildings", b)) return;
        const RoadImpacts roads = roadImpacts(model, grid, r.maxDepthM, plan.roadThresholdM);
        core::VectorLayer rl;
        rl.crs = crs;
        rl.fields.ensure("id", core::FieldType::String);
        rl.fields.ensure("class", core::FieldType::String);
        rl.fields.ensure("length_m", core::FieldType::Real);
        rl.fields.ensure("flooded_length_m", core::FieldType::Real);
        rl.fields.ensure("max_depth_m", core::FieldType::Real);
        for (const RoadImpact& h : roads.roads) {
            core::VectorFeature f;
            f.kind = core::GeometryKind::Line;
            f.lines = {model.roads[h.road].line};
            f.attributes = {h.id, model.roads[h.road].roadClass, h.lengthM, h.floodedLengthM, h.maxDepthM};
            rl.features.push_back(std::move(f));
        }
        if (!rl.features.empty() && !ctx.emitVector("roads", rl)) return;

        // Tables.
        sdk::Table g;
        g.columns = {{"gauge", ""},  {"x", "m"},     {"y", "m"},      {"time", "s"},
                     {"depth", "m"}, {"level", "m"}, {"speed", "m/s"}};
        for (const GaugeSeries& gs : r.gauges)
            for (std::size_t k = 0; k < gs.timesS.size(); ++k)
                g.rows.push_back({gs.name, gs.position.x, gs.position.y, gs.timesS[k],
                                  static_cast<double>(gs.depthM[k]), static_cast<double>(gs.levelM[k]),
                                  static_cast<double>(gs.speedMPerS[k])});
        if (!ctx.emitTable("gauges", g)) return;
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
        for (const MassBalanceRecord& m : r.massBalance)
            mb.rows.push_back({m.timeS, m.rainM3, m.inflowM3, m.boundaryInflowM3, m.boundaryOutflowM3,
                               m.lossesM3, m.drainageM3, m.initialM3, m.storedM3, m.errorM3,
                               m.relativeError});
        if (!ctx.emitTable("mass_balance", mb)) return;

        // Scalars.
        double area = 0.0, peak = 0.0;
        const double cellArea = grid.cellSizeM * grid.cellSizeM;
        for (std::size_t i = 0; i < r.maxDepthM.size(); ++i) {
            const float d = r.maxDepthM[i];
            if (std::isnan(d)) continue;
            peak = std::max(peak, static_cast<double>(d));
            if (d > p.getReal("inundation_threshold_m")) area += cellArea;
        }
        const MassBalanceRecord last = r.massBalance.empty() ? MassBalanceRecord{} : r.massBalance.back();
        ctx.emitScalar("flooded_area", area);
        ctx.emitScalar("flooded_buildings", static_cast<double>(flooded));
        if (!model.roads.empty()) ctx.emitScalar("flooded_road_length", roads.floodedLengthM);
        ctx.emitScalar("peak_depth", peak);
        ctx.emitScalar("rain_volume", last.rainM3);
        ctx.emitScalar("inflow_volume", last.inflowM3 + last.boundaryInflowM3);
        ctx.emitScalar("outflow_volume", last.boundaryOutflowM3);
        ctx.emitScalar("mass_balance_error", last.relativeError);
        ctx.emitScalar("cell_updates_per_second", r.statistics.cellUpdatesPerSecond);
        if (last.relativeError > 1e-6)
            ctx.log(sdk::LogLevel::Warning,
                    "the water budget does not close: relative error " + std::to_string(last.relativeError));
        ctx.progress(1.0, "done");
    }
};

}  // namespace
}  // namespace citytwin::flood

CITYTWIN_PLUGIN(citytwin::flood::FloodSimulator)

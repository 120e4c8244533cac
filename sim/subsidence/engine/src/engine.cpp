#include "citytwin/subsidence/engine.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "citytwin/core/error.h"
#include "citytwin/subsidence/excavation.h"
#include "citytwin/subsidence/observations.h"
#include "citytwin/subsidence/tunnel.h"
#include "field.h"

namespace citytwin::subsidence {

Grid Grid::of(const core::Raster& raster) {
    Grid g;
    g.transform = raster.geoTransform();
    g.nx = raster.width();
    g.ny = raster.height();
    g.crs = raster.crs();
    return g;
}

namespace {

using detail::Field;
using detail::Model;
using detail::Reporter;
using detail::TimeAxis;

constexpr double kDaysPerYear = 365.25;

// Bilinear interpolation of a row-major array between cell centres, clamped to the edge values within half a
// cell of the border (as core::Raster::sampleBilinear). False outside the grid.
class Sampler {
public:
    explicit Sampler(const Grid& g) : g_(g) {}
    bool inside(const core::Point& p) const {
        const double fx = (p.x - g_.transform.originX) / g_.transform.cellWidth;
        const double fy = (g_.transform.originY - p.y) / g_.transform.cellHeight;
        return fx >= 0.0 && fy >= 0.0 && fx <= g_.nx && fy <= g_.ny;
    }
    double operator()(const std::vector<double>& v, const core::Point& p) const {
        double fx = (p.x - g_.transform.originX) / g_.transform.cellWidth - 0.5;
        double fy = (g_.transform.originY - p.y) / g_.transform.cellHeight - 0.5;
        fx = std::clamp(fx, 0.0, static_cast<double>(g_.nx - 1));
        fy = std::clamp(fy, 0.0, static_cast<double>(g_.ny - 1));
        const int c0 = std::min(static_cast<int>(fx), std::max(g_.nx - 2, 0));
        const int r0 = std::min(static_cast<int>(fy), std::max(g_.ny - 2, 0));
        const int c1 = std::min(c0 + 1, g_.nx - 1), r1 = std::min(r0 + 1, g_.ny - 1);
        const double tx = fx - c0, ty = fy - r0;
        return (1 - tx) * (1 - ty) * v[g_.index(c0, r0)] + tx * (1 - ty) * v[g_.index(c1, r0)] +
               (1 - tx) * ty * v[g_.index(c0, r1)] + tx * ty * v[g_.index(c1, r1)];
    }

private:
    Grid g_;
};

core::Raster makeRaster(const Grid& g, const std::string& name, const std::string& unit, float fill = 0.0f) {
    core::Raster r(g.nx, g.ny, g.transform, g.crs, fill);
    r.name = name;
    r.unit = unit;
    return r;
}

std::vector<double> sortedUnique(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

void throwProblems(const std::vector<core::Problem>& problems) {
    std::string msg = std::to_string(problems.size()) + " problem(s) with the subsidence inputs: ";
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i)
        msg += (i ? "; " : "") + problems[i].message;
    if (problems.size() > 20) msg += "; ...";
    throw core::Error(core::ErrorCode::Validation, msg,
                      core::Error::Context{{}, {}, problems.front().parameter});
}

// Restores the OpenMP thread count of the calling thread.
class ThreadScope {
public:
    explicit ThreadScope(int threads) : saved_(omp_get_max_threads()) {
        if (threads > 0) omp_set_num_threads(threads);
    }
    ~ThreadScope() { omp_set_num_threads(saved_); }

private:
    int saved_;
};

// Slope |∇S| and principal horizontal strains of the end field by central differences (one-sided at the
// border and beside excavations: the ground inside a pit is gone, and differencing across its wall would turn
// the wall's step into a slope and a strain that no ground has). NaN inside pits. Row index grows southward,
// so d/dy uses the row above minus the row below.
void derivatives(const Grid& g, const Field& f, const std::vector<std::uint8_t>& pit, Results& res) {
    const double cw = g.transform.cellWidth, ch = g.transform.cellHeight;
    res.slope = makeRaster(g, "slope", "1");
    res.tensileStrain = makeRaster(g, "tensile_strain", "1");
    res.compressiveStrain = makeRaster(g, "compressive_strain", "1");
    auto ground = [&](int c, int r) { return pit.empty() || !pit[g.index(c, r)]; };
    auto ddx = [&](const std::vector<double>& v, int c, int r) {
        int a = std::max(c - 1, 0), b = std::min(c + 1, g.nx - 1);
        if (!ground(a, r)) a = c;
        if (!ground(b, r)) b = c;
        if (a == b) return 0.0;
        return (v[g.index(b, r)] - v[g.index(a, r)]) / ((b - a) * cw);
    };
    auto ddy = [&](const std::vector<double>& v, int c, int r) {
        int north = std::max(r - 1, 0), south = std::min(r + 1, g.ny - 1);
        if (!ground(c, north)) north = r;
        if (!ground(c, south)) south = r;
        if (north == south) return 0.0;
        return (v[g.index(c, north)] - v[g.index(c, south)]) / ((south - north) * ch);
    };
#pragma omp parallel for schedule(static)
    for (int r = 0; r < g.ny; ++r)
        for (int c = 0; c < g.nx; ++c) {
            const std::size_t i = g.index(c, r);
            if (!ground(c, r)) {
                res.slope.data()[i] = res.tensileStrain.data()[i] = res.compressiveStrain.data()[i] =
                    core::Raster::kNoData;
                continue;
            }
            const double sx = ddx(f.s, c, r), sy = ddy(f.s, c, r);
            res.slope.data()[i] = static_cast<float>(std::hypot(sx, sy));
            const double exx = ddx(f.ux, c, r), eyy = ddy(f.uy, c, r);
            const double exy = 0.5 * (ddy(f.ux, c, r) + ddx(f.uy, c, r));
            const double mean = 0.5 * (exx + eyy);
            const double rad = std::hypot(0.5 * (exx - eyy), exy);
            res.tensileStrain.data()[i] = static_cast<float>(mean + rad);
            res.compressiveStrain.data()[i] = static_cast<float>(mean - rad);
        }
}

// The trough width of a tunnel (as the source computes it), for the automatic cross-sections.
double tunnelWidth(const Tunnel& t, const Tables& tables) {
    if (!std::isnan(t.troughWidthFactor)) return t.troughWidthFactor * t.axisDepthM;
    return troughWidth(*tables.troughWidthSoil(t.soilType), t.method, t.axisDepthM);
}

// Points every `spacing` along a polyline (both ends included), with the unit tangent at each.
void samplePolyline(const core::LineString& line, double spacing, std::vector<core::Point>& pts,
                    std::vector<core::Point>& tangents, std::vector<double>& dist) {
    double run = 0.0;
    for (std::size_t k = 0; k + 1 < line.size(); ++k) {
        const core::Point a = line[k], b = line[k + 1];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        if (!(len > 0.0)) continue;
        const core::Point t{(b.x - a.x) / len, (b.y - a.y) / len};
        const int n = std::max(1, static_cast<int>(std::ceil(len / spacing)));
        for (int j = (pts.empty() ? 0 : 1); j <= n; ++j) {
            const double s = len * j / n;
            pts.push_back({a.x + t.x * s, a.y + t.y * s});
            tangents.push_back(t);
            dist.push_back(run + s);
        }
        run += len;
    }
}

Profile makeProfile(const Model& model, int k, const std::string& id, const core::LineString& line,
                    double spacing) {
    Profile p;
    p.id = id;
    std::vector<core::Point> tangents;
    samplePolyline(line, spacing, p.points, tangents, p.distanceM);
    p.settlementMm.resize(p.points.size());
    p.horizontalStrain.resize(p.points.size());
    const double h = 0.5 * spacing;
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        const core::Point q = p.points[i], t = tangents[i];
        p.settlementMm[i] = 1000.0 * model.at(q, k).settlementM;
        // Strain along the line: derivative of the along-line displacement, central difference over ±h.
        const PointDisplacement a = model.at({q.x - h * t.x, q.y - h * t.y}, k);
        const PointDisplacement b = model.at({q.x + h * t.x, q.y + h * t.y}, k);
        p.horizontalStrain[i] = ((b.eastM - a.eastM) * t.x + (b.northM - a.northM) * t.y) / (2.0 * h);
    }
    return p;
}

// Building assessment on the end field.
struct BuildingWork {
    bool assessed = false;
    BuildingResult result;
};

BuildingWork assessBuilding(const Building& b, std::size_t index, const Grid& g, const Sampler& sample,
                            const Field& f, const std::vector<double>& slope, const Tables& tables,
                            double defaultHeight) {
    BuildingWork w;
    BuildingResult& out = w.result;
    out.index = index;
    out.id = b.id;
    out.heightM = std::isnan(b.heightM) ? defaultHeight : b.heightM;
    const double cell = std::min(g.transform.cellWidth, g.transform.cellHeight);
    const double spacing = 0.5 * cell;

    // Samples: along every outer ring at half-cell spacing, and the cell centres inside the footprint.
    double maxS = -HUGE_VAL, minS = HUGE_VAL, maxSlope = 0.0;
    std::size_t count = 0;
    auto visit = [&](const core::Point& p) {
        if (!sample.inside(p)) return;
        const double s = sample(f.s, p);
        ++count;
        if (s > maxS) {
            maxS = s;
            out.worstPoint = p;
        }
        minS = std::min(minS, s);
        maxSlope = std::max(maxSlope, sample(slope, p));
    };
    core::Box box;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    std::size_t nv = 0;
    for (const core::Polygon& part : b.footprint) {
        const core::Ring& ring = part.outer;
        for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
            const core::Point a = ring[k], c = ring[k + 1];
            box.expand(a);
            sx += a.x;
            sy += a.y;
            ++nv;
            const double len = std::hypot(c.x - a.x, c.y - a.y);
            const int n = std::max(1, static_cast<int>(std::ceil(len / spacing)));
            for (int j = 0; j < n; ++j)
                visit({a.x + (c.x - a.x) * j / n, a.y + (c.y - a.y) * j / n});
        }
    }
    if (nv == 0) return w;
    const int c0 =
        std::max(0, static_cast<int>(std::floor((box.minX - g.transform.originX) / g.transform.cellWidth)));
    const int c1 = std::min(
        g.nx - 1, static_cast<int>(std::floor((box.maxX - g.transform.originX) / g.transform.cellWidth)));
    const int r0 =
        std::max(0, static_cast<int>(std::floor((g.transform.originY - box.maxY) / g.transform.cellHeight)));
    const int r1 = std::min(
        g.ny - 1, static_cast<int>(std::floor((g.transform.originY - box.minY) / g.transform.cellHeight)));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const core::Point p{g.centreX(c), g.centreY(r)};
            for (const core::Polygon& part : b.footprint)
                if (insidePolygon(part, p)) {
                    visit(p);
                    break;
                }
        }
    if (count == 0) return w;  // wholly outside the grid
    w.assessed = true;
    out.maxSettlementMm = 1000.0 * maxS;
    out.minSettlementMm = 1000.0 * minS;
    out.differentialSettlementMm = 1000.0 * (maxS - minS);
    out.maxSlope = maxSlope;

    // The two principal axes of the footprint's vertices (Burland's "walls" taken along the building's length
    // and width through its centroid).
    const double mx = sx / nv, my = sy / nv;
    for (const core::Polygon& part : b.footprint)
        for (std::size_t k = 0; k + 1 < part.outer.size(); ++k) {
            const double dx = part.outer[k].x - mx, dy = part.outer[k].y - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
    const double theta = 0.5 * std::atan2(2.0 * sxy, sxx - syy);
    const AssessmentParameters& ap = tables.assessment;
    bool haveAxis = false;
    CombinedStrains best;
    for (int axis = 0; axis < 2; ++axis) {
        const double ang = theta + axis * 0.5 * 3.14159265358979323846;
        const core::Point dir{std::cos(ang), std::sin(ang)};
        double smin = HUGE_VAL, smax = -HUGE_VAL;
        for (const core::Polygon& part : b.footprint)
            for (const core::Point& q : part.outer) {
                const double s = (q.x - mx) * dir.x + (q.y - my) * dir.y;
                smin = std::min(smin, s);
                smax = std::max(smax, s);
            }
        const double len = smax - smin;
        if (!(len > 1e-6)) continue;
        const int n = std::clamp(static_cast<int>(std::ceil(len / spacing)) + 1, 5, 101);
        AxisProfile prof;
        for (int j = 0; j < n; ++j) {
            const double s = smin + len * j / (n - 1);
            const core::Point q{mx + s * dir.x, my + s * dir.y};
            prof.s.push_back(s - smin);
            prof.settlementM.push_back(sample(f.s, q));
        }
        const core::Point qa{mx + smin * dir.x, my + smin * dir.y}, qb{mx + smax * dir.x, my + smax * dir.y};
        prof.displacementStartM = sample(f.ux, qa) * dir.x + sample(f.uy, qa) * dir.y;
        prof.displacementEndM = sample(f.ux, qb) * dir.x + sample(f.uy, qb) * dir.y;
        const AxisMeasures m = measureAxis(prof);
        const BeamStrains beam =
            burlandWrothStrains(m.deflectionRatio, m.lengthM, out.heightM, m.mode, ap.eOverG);
        const CombinedStrains comb = combineStrains(beam, m.horizontalStrain, ap.poissonRatio);
        out.angularDistortion = std::max(out.angularDistortion, m.angularDistortion);
        if (!haveAxis || comb.limiting > best.limiting) {
            haveAxis = true;
            best = comb;
            out.deflectionRatio = m.deflectionRatio;
            out.deflectionMode = m.mode;
            out.horizontalStrain = m.horizontalStrain;
            out.lengthM = m.lengthM;
        }
    }
    out.bendingStrain = best.bending;
    out.diagonalStrain = best.diagonal;
    out.limitingStrain = best.limiting;
    // Stage 1 (Rankin 1988) first; otherwise the limiting tensile strain decides (Boscardin & Cording 1989).
    if (passesStage1(ap, out.maxSettlementMm, out.maxSlope)) {
        const DamageCategory& d = tables.damage.classify(0.0);
        out.damageCategory = d.category;
        out.damageName = d.name;
        out.rule = DecisionRule::Stage1Screening;
    } else {
        const DamageCategory& d = tables.damage.classify(100.0 * out.limitingStrain);
        out.damageCategory = d.category;
        out.damageName = d.name;
        out.rule = best.rule;
    }
    const RiskCategory& risk = tables.risk.classify(out.maxSlope, out.maxSettlementMm);
    out.riskCategory = risk.category;
    out.riskName = risk.name;
    return w;
}

}  // namespace

Results run(const Scenario& sc, const Tables& tables, const core::Progress& progress) {
    const auto wallStart = std::chrono::steady_clock::now();
    const std::vector<core::Problem> problems = validate(sc, tables);
    if (!problems.empty()) throwProblems(problems);
    ThreadScope threads(sc.options.threads);
    Results res;
    Reporter rep(progress);
    rep.set(0.0, "preparing sources");
    const Grid& grid = sc.grid;
    const Options& opt = sc.options;

    // Every time the run needs, on one axis.
    std::vector<double> frameTimes = opt.outputTimesDays;
    frameTimes.push_back(opt.endDay);
    frameTimes = sortedUnique(frameTimes);
    res.seriesTimesDays = opt.seriesTimesDays.empty() ? frameTimes : sortedUnique(opt.seriesTimesDays);
    std::vector<double> all = frameTimes;
    all.insert(all.end(), res.seriesTimesDays.begin(), res.seriesTimesDays.end());
    for (const LevellingObservation& l : sc.levelling) {
        all.push_back(l.timeDays);
        all.push_back(l.referenceDay);
    }
    for (const InsarBand& b : sc.insar) {
        all.push_back(b.timeDays);
        all.push_back(b.referenceDay);
    }
    TimeAxis axis;
    axis.days = sortedUnique(all);

    // Everywhere the model will be evaluated (for the Geertsma tables).
    core::Box extent;
    extent.expand(core::Point{grid.transform.originX, grid.transform.originY});
    extent.expand(core::Point{grid.transform.originX + grid.nx * grid.transform.cellWidth,
                              grid.transform.originY - grid.ny * grid.transform.cellHeight});
    for (const NamedPoint& p : opt.seriesPoints)
        extent.expand(p.position);
    for (const ProfileLine& p : opt.profiles)
        extent.expand(core::bounds(p.line));
    for (const LevellingObservation& l : sc.levelling)
        extent.expand(l.position);
    for (const InsarBand& b : sc.insar)
        extent.expand(b.los->extent());
    for (const Tunnel& t : sc.tunnels)
        extent.expand(core::bounds(t.alignment));
    extent =
        core::Box{extent.minX - 1000.0, extent.minY - 1000.0, extent.maxX + 1000.0, extent.maxY + 1000.0};

    const Model model(sc, tables, axis, extent, res.warnings, &rep);
    if (rep.cancelled()) {
        res.status = RunStatus::Cancelled;
        return res;
    }
    rep.set(0.03, "binding sources to the grid");
    const auto bound = model.bind(grid, rep);
    if (rep.cancelled()) {
        res.status = RunStatus::Cancelled;
        return res;
    }
    const std::vector<std::uint8_t> pit = model.pitMask(grid);
    res.pitMask = makeRaster(grid, "pit_mask", "1", core::Raster::kNoData);
    for (std::size_t i = 0; i < pit.size(); ++i)
        if (pit[i]) res.pitMask.data()[i] = 1.0f;

    // Frames.
    Field field;
    for (std::size_t fi = 0; fi < frameTimes.size(); ++fi) {
        rep.set(0.05 + 0.6 * fi / frameTimes.size(), "settlement at day " + std::to_string(frameTimes[fi]));
        field.reset(grid.cellCount(), fi + 1 == frameTimes.size());
        model.evaluate(bound, axis.index(frameTimes[fi]), field, rep);
        if (rep.cancelled()) {
            res.status = RunStatus::Cancelled;
            return res;
        }
        SettlementFrame frame;
        frame.timeDays = frameTimes[fi];
        frame.settlementMm = makeRaster(grid, "settlement", "mm");
        float* out = frame.settlementMm.data().data();
#pragma omp parallel for schedule(static)
        for (long long i = 0; i < static_cast<long long>(field.s.size()); ++i)
            out[i] = static_cast<float>(1000.0 * field.s[static_cast<std::size_t>(i)]);
        res.frames.push_back(std::move(frame));
    }
    // `field` now holds the end time.
    res.settlementMm = res.frames.back().settlementMm;
    res.displacementEastMm = makeRaster(grid, "displacement_east", "mm");
    res.displacementNorthMm = makeRaster(grid, "displacement_north", "mm");
    for (std::size_t i = 0; i < field.s.size(); ++i) {
        res.displacementEastMm.data()[i] = static_cast<float>(1000.0 * field.ux[i]);
        res.displacementNorthMm.data()[i] = static_cast<float>(1000.0 * field.uy[i]);
    }
    rep.set(0.66, "slope and strain");
    derivatives(grid, field, pit, res);
    if (rep.cancelled()) {
        res.status = RunStatus::Cancelled;
        return res;
    }

    // Contours and scalars.
    rep.set(0.7, "contours");
    // Inside a pit there is no ground: contours would otherwise run along every wall (0 inside, the wall's
    // settlement outside), one line per level on top of each other.
    std::vector<float> ground = res.settlementMm.data();
    for (std::size_t i = 0; i < ground.size(); ++i)
        if (pit[i]) ground[i] = core::Raster::kNoData;
    res.contours = traceContours(grid, ground, opt.contourLevelsMm);
    Scalars& scalars = res.scalars;
    const double cellArea = grid.cellArea();
    scalars.maxSettlementMm = -HUGE_VAL;
    for (int r = 0; r < grid.ny; ++r)
        for (int c = 0; c < grid.nx; ++c) {
            const std::size_t i = grid.index(c, r);
            const double s = 1000.0 * field.s[i];
            if (s > scalars.maxSettlementMm) {
                scalars.maxSettlementMm = s;
                scalars.maxSettlementAt = {grid.centreX(c), grid.centreY(r)};
            }
            scalars.maxHeaveMm = std::max(scalars.maxHeaveMm, -s);
            scalars.settledVolumeM3 += std::max(field.s[i], 0.0) * cellArea;
            scalars.netVolumeM3 += field.s[i] * cellArea;
            scalars.maxSlope = std::max(scalars.maxSlope, static_cast<double>(res.slope.data()[i]));
            scalars.maxTensileStrain =
                std::max(scalars.maxTensileStrain, static_cast<double>(res.tensileStrain.data()[i]));
            scalars.maxCompressiveStrain =
                std::max(scalars.maxCompressiveStrain, -static_cast<double>(res.compressiveStrain.data()[i]));
        }
    for (double level : opt.contourLevelsMm) {
        std::size_t n = 0;
        for (float v : res.settlementMm.data())
            n += v >= level ? 1 : 0;
        scalars.areaAboveLevel.push_back(ContourArea{level, n * cellArea});
    }

    // Buildings.
    rep.set(0.75, "assessing buildings");
    const Sampler sample(grid);
    std::vector<double> slope(res.slope.data().begin(), res.slope.data().end());
    std::vector<BuildingWork> work(sc.buildings.size());
    const long long nb = static_cast<long long>(sc.buildings.size());
    for (long long a = 0; a < nb; a += 4096) {
        if (rep.cancelled()) {
            res.status = RunStatus::Cancelled;
            return res;
        }
        const long long b = std::min(nb, a + 4096);
#pragma omp parallel for schedule(dynamic, 64)
        for (long long i = a; i < b; ++i)
            work[static_cast<std::size_t>(i)] =
                assessBuilding(sc.buildings[static_cast<std::size_t>(i)], static_cast<std::size_t>(i), grid,
                               sample, field, slope, tables, opt.defaultBuildingHeightM);
        rep.set(0.75 + 0.15 * static_cast<double>(b) / static_cast<double>(nb));
    }
    std::size_t outside = 0;
    scalars.buildingsPerCategory.assign(
        static_cast<std::size_t>(std::max(5, tables.damage.maxCategory()) + 1), 0);
    int maxRisk = 0;
    for (const RiskCategory& r : tables.risk.rows)
        maxRisk = std::max(maxRisk, r.category);
    scalars.buildingsPerRisk.assign(static_cast<std::size_t>(maxRisk + 1), 0);
    for (BuildingWork& w : work) {
        if (!w.assessed) {
            ++outside;
            continue;
        }
        ++scalars.buildingsPerCategory[static_cast<std::size_t>(w.result.damageCategory)];
        if (w.result.riskCategory >= 0)
            ++scalars.buildingsPerRisk[static_cast<std::size_t>(w.result.riskCategory)];
        res.buildings.push_back(std::move(w.result));
    }
    if (outside)
        res.warnings.push_back(std::to_string(outside) +
                               " building(s) lie wholly outside the grid and were not assessed");
    std::sort(res.buildings.begin(), res.buildings.end(),
              [](const BuildingResult& x, const BuildingResult& y) {
                  if (x.damageCategory != y.damageCategory) return x.damageCategory > y.damageCategory;
                  if (x.riskCategory != y.riskCategory) return x.riskCategory > y.riskCategory;
                  if (x.limitingStrain != y.limitingStrain) return x.limitingStrain > y.limitingStrain;
                  if (x.maxSettlementMm != y.maxSettlementMm) return x.maxSettlementMm > y.maxSettlementMm;
                  return x.index < y.index;
              });

    // Settlement versus time.
    rep.set(0.9, "time series and profiles");
    auto series = [&](const std::string& id, const core::Point& p) {
        TimeSeries ts;
        ts.id = id;
        ts.position = p;
        for (double t : res.seriesTimesDays)
            ts.settlementMm.push_back(1000.0 * model.at(p, axis.index(t)).settlementM);
        res.series.push_back(std::move(ts));
    };
    for (const NamedPoint& p : opt.seriesPoints)
        series(p.id, p.position);
    for (std::size_t i = 0; i < res.buildings.size() && static_cast<int>(i) < opt.worstBuildings; ++i)
        series("building:" + res.buildings[i].id, res.buildings[i].worstPoint);

    // Profiles.
    const int kEnd = axis.index(opt.endDay);
    const double spacing = std::isnan(opt.profileSpacingM)
                               ? 0.5 * std::min(grid.transform.cellWidth, grid.transform.cellHeight)
                               : opt.profileSpacingM;
    for (const ProfileLine& p : opt.profiles) {
        res.profiles.push_back(makeProfile(model, kEnd, p.id, p.line, spacing));
        if (rep.cancelled()) {
            res.status = RunStatus::Cancelled;
            return res;
        }
        rep.tick();
    }
    if (opt.tunnelCrossSections)
        for (const Tunnel& t : sc.tunnels) {
            // Across the middle of the alignment, 6 trough widths each side.
            const double total = core::length(t.alignment);
            double run = 0.0;
            for (std::size_t k = 0; k + 1 < t.alignment.size(); ++k) {
                const core::Point a = t.alignment[k], b = t.alignment[k + 1];
                const double len = std::hypot(b.x - a.x, b.y - a.y);
                if (run + len >= 0.5 * total && len > 0.0) {
                    const double s = 0.5 * total - run;
                    const core::Point d{(b.x - a.x) / len, (b.y - a.y) / len};
                    const core::Point m{a.x + d.x * s, a.y + d.y * s};
                    const double half = 6.0 * tunnelWidth(t, tables);
                    core::LineString line{{m.x + d.y * half, m.y - d.x * half},
                                          {m.x - d.y * half, m.y + d.x * half}};
                    res.profiles.push_back(
                        makeProfile(model, kEnd, "tunnel:" + t.id, line, std::min(spacing, half / 50.0)));
                    break;
                }
                run += len;
            }
        }

    // Observations.
    rep.set(0.95, "comparing with observations");
    for (const LevellingObservation& l : sc.levelling) {
        LevellingResidual r;
        r.id = l.id;
        r.origin = l.origin;
        r.position = l.position;
        r.timeDays = l.timeDays;
        r.observedMm = l.settlementMm;
        r.modelMm = 1000.0 * (model.at(l.position, axis.index(l.timeDays)).settlementM -
                              model.at(l.position, axis.index(l.referenceDay)).settlementM);
        r.residualMm = r.modelMm - r.observedMm;
        res.levelling.push_back(r);
    }
    for (const InsarBand& b : sc.insar) {
        if (rep.cancelled()) {
            res.status = RunStatus::Cancelled;
            return res;
        }
        const Grid ig = Grid::of(*b.los);
        const auto ibound = model.bind(ig, rep);
        Field now, ref;
        now.reset(ig.cellCount());
        ref.reset(ig.cellCount());
        model.evaluate(ibound, axis.index(b.timeDays), now, rep);
        model.evaluate(ibound, axis.index(b.referenceDay), ref, rep);
        InsarResidual out;
        out.id = b.id;
        out.residualMm = makeRaster(ig, "insar_residual", b.kind == InsarKind::Velocity ? "mm/yr" : "mm",
                                    core::Raster::kNoData);
        const double years = (b.timeDays - b.referenceDay) / kDaysPerYear;
        double sum = 0.0, sum2 = 0.0;
        for (std::size_t i = 0; i < ig.cellCount(); ++i) {
            const float los = b.los->data()[i];
            const double inc = b.incidence ? b.incidence->data()[i] : b.incidenceDeg;
            if (std::isnan(los) || std::isnan(inc)) continue;
            const double observed = 1000.0 * losToSettlementM(los, inc, b);
            double modelled = 1000.0 * (now.s[i] - ref.s[i]);
            if (b.kind == InsarKind::Velocity) modelled /= years;
            const double d = modelled - observed;
            out.residualMm.data()[i] = static_cast<float>(d);
            ++out.count;
            sum += d;
            sum2 += d * d;
            out.maxAbsMm = std::max(out.maxAbsMm, std::abs(d));
        }
        if (out.count) {
            out.meanMm = sum / out.count;
            out.rmsMm = std::sqrt(sum2 / out.count);
        }
        res.insar.push_back(std::move(out));
    }

    res.statistics.cells = grid.cellCount();
    res.statistics.frames = res.frames.size();
    res.statistics.buildings = res.buildings.size();
    res.statistics.threads = omp_get_max_threads();
    res.statistics.wallTimeS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    rep.set(1.0, "done");
    return res;
}

std::vector<std::vector<PointDisplacement>> evaluatePoints(const Scenario& sc, const Tables& tables,
                                                           const std::vector<core::Point>& points,
                                                           const std::vector<double>& timesDays) {
    const std::vector<core::Problem> problems = validate(sc, tables);
    if (!problems.empty()) throwProblems(problems);
    TimeAxis axis;
    axis.days = sortedUnique(timesDays);
    core::Box extent;
    for (const core::Point& p : points)
        extent.expand(p);
    extent.expand(core::Point{sc.grid.transform.originX, sc.grid.transform.originY});
    std::vector<std::string> warnings;
    const Model model(sc, tables, axis, extent, warnings);
    std::vector<std::vector<PointDisplacement>> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        for (double t : timesDays)
            out[i].push_back(model.at(points[i], axis.index(t)));
    return out;
}

}  // namespace citytwin::subsidence

// Sun, shadows and the case-law sunlight test. See sim/newtown/README.md, "Sun and shadow".
#include "citytwin/newtown/sunlight.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "citytwin/core/error.h"
#include "citytwin/newtown/limits.h"
#include "citytwin/newtown/spa.h"
#include "prism_index.h"

namespace citytwin::newtown {

namespace {

constexpr double kPi = 3.14159265358979323846;

double rad(double d) {
    return d * kPi / 180.0;
}

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

double angleDiff(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d > 180.0) d -= 360.0;
    if (d < -180.0) d += 360.0;
    return d;
}

void checkOptions(const SunlightOptions& o) {
    auto fail = [](const std::string& parameter, const std::string& message) {
        throw core::Error(core::ErrorCode::Validation, message, {{}, {}, parameter});
    };
    if (!limits::timeStepMin.contains(o.stepMin))
        fail("time_step_min",
             "time step " + num(o.stepMin) + " min is outside " + limits::text(limits::timeStepMin));
    if (!(o.startMin >= 0.0 && o.endMin <= 1440.0 && o.endMin > o.startMin))
        fail("sun_window",
             "the sun window " + num(o.startMin) + ".." + num(o.endMin) + " min is not within one day");
    const SunlightCriteria& c = o.criteria;
    if (c.totalStartMin < o.startMin - 1e-9 || c.totalEndMin > o.endMin + 1e-9 ||
        c.continuousStartMin < o.startMin - 1e-9 || c.continuousEndMin > o.endMin + 1e-9)
        fail("sun_window", "the sunlight test's windows are not inside the computed window " +
                               num(o.startMin) + ".." + num(o.endMin) + " min");
    if (!limits::minSpanMin.contains(o.minSpanMin))
        fail("min_continuous_span_min",
             "minimum span " + num(o.minSpanMin) + " min is outside " + limits::text(limits::minSpanMin));
    if (!limits::groundStepMin.contains(o.groundStepMin))
        fail("ground_step_min", "ground time step " + num(o.groundStepMin) + " min is outside " +
                                    limits::text(limits::groundStepMin));
    if (!(limits::groundCellM.contains(o.groundCellM) &&
          (o.groundCellM == 0.0 || o.groundCellM >= limits::groundCellMinM)))
        fail("ground_cell_m", "ground cell " + num(o.groundCellM) + " m is outside " +
                                  num(limits::groundCellMinM) + ".." + num(*limits::groundCellM.max) +
                                  " (0 = no grid)");
    if (!limits::groundMarginM.contains(o.groundMarginM))
        fail("ground_margin_m", "ground margin " + num(o.groundMarginM) + " m is outside " +
                                    limits::text(limits::groundMarginM));
}

/// Outward unit normals of a polygon's walls, the ring's edges in order.
struct Wall {
    core::Point a, b;
    double nx, ny, length;
};

std::vector<Wall> walls(const core::Polygon& poly) {
    std::vector<Wall> out;
    auto add = [&](const core::Ring& r, bool hole) {
        const double sign = (core::signedArea(r) >= 0) == !hole ? 1.0 : -1.0;  // right-hand side = outward
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const double dx = r[i + 1].x - r[i].x, dy = r[i + 1].y - r[i].y;
            const double len = std::hypot(dx, dy);
            if (len < 1e-6) continue;
            out.push_back({r[i], r[i + 1], sign * dy / len, -sign * dx / len, len});
        }
    };
    add(poly.outer, false);
    for (const core::Ring& h : poly.inners)
        add(h, true);
    return out;
}

/// True azimuth of a grid direction (east, north).
double trueAzimuth(double ex, double ny, double trueNorthGridAzimuthDeg) {
    return std::fmod(std::atan2(ex, ny) * 180.0 / kPi - trueNorthGridAzimuthDeg + 720.0, 360.0);
}

/// Scanline fill: every cell whose centre lies inside `poly` gets `value` (max) and is marked.
void rasterize(const core::Polygon& poly, const core::GeoTransform& g, int w, int h, float value,
               std::vector<float>& dsm, std::vector<std::uint8_t>& mark) {
    core::Box b;
    for (const core::Point& p : poly.outer)
        b.expand(p);
    const int r0 = std::max(0, static_cast<int>(std::floor((g.originY - b.maxY) / g.cellHeight - 0.5)));
    const int r1 = std::min(h - 1, static_cast<int>(std::ceil((g.originY - b.minY) / g.cellHeight - 0.5)));
    std::vector<double> xs;
    for (int r = r0; r <= r1; ++r) {
        const double y = g.originY - (r + 0.5) * g.cellHeight;
        xs.clear();
        auto ring = [&](const core::Ring& rg) {
            for (std::size_t i = 0; i + 1 < rg.size(); ++i) {
                const core::Point& p = rg[i];
                const core::Point& q = rg[i + 1];
                if ((p.y > y) != (q.y > y)) xs.push_back(p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x));
            }
        };
        ring(poly.outer);
        for (const core::Ring& hr : poly.inners)
            ring(hr);
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            const int c0 = std::max(0, static_cast<int>(std::ceil((xs[k] - g.originX) / g.cellWidth - 0.5)));
            const int c1 =
                std::min(w - 1, static_cast<int>(std::floor((xs[k + 1] - g.originX) / g.cellWidth - 0.5)));
            for (int c = c0; c <= c1; ++c) {
                const std::size_t i = static_cast<std::size_t>(r) * w + c;
                dsm[i] = std::max(dsm[i], value);
                mark[i] = 1;
            }
        }
    }
}

}  // namespace

std::vector<SunStep> sunSteps(const SunlightOptions& o) {
    checkOptions(o);
    {
        // The SPA's own checks, named by the parameters they come from.
        SpaInput in;
        in.year = o.year;
        in.month = o.month;
        in.day = o.day;
        in.hour = static_cast<int>(std::floor(o.startMin / 60.0));
        in.timezoneH = o.timezoneH;
        in.deltaTS = o.deltaTS;
        in.latitudeDeg = o.latitudeDeg;
        in.longitudeDeg = o.longitudeDeg;
        in.elevationM = o.siteElevationM;
        in.pressureHPa = o.pressureHPa;
        in.temperatureC = o.temperatureC;
        static const std::map<std::string, std::string> names = {{"spa.year", "date"},
                                                                 {"spa.month", "date"},
                                                                 {"spa.day", "date"},
                                                                 {"spa.delta_t", "delta_t_s"},
                                                                 {"spa.pressure", "pressure_hpa"},
                                                                 {"spa.temperature", "temperature_c"},
                                                                 {"spa.timezone", "timezone_h"},
                                                                 {"spa.latitude", "site"},
                                                                 {"spa.longitude", "site"},
                                                                 {"spa.elevation", "site"}};
        const std::vector<core::Problem> problems = validate(in);
        if (!problems.empty()) {
            const auto it = names.find(problems.front().parameter);
            throw core::Error(core::ErrorCode::Validation, problems.front().message,
                              {{}, {}, it != names.end() ? it->second : problems.front().parameter});
        }
    }
    std::vector<SunStep> steps;
    const int n = static_cast<int>(std::llround((o.endMin - o.startMin) / o.stepMin));
    for (int k = 0; k < n; ++k) {
        SunStep s;
        s.startMin = o.startMin + k * o.stepMin;
        s.durationMin = o.stepMin;
        const double mid = s.startMin + 0.5 * o.stepMin;  // the sun at the middle of the interval
        SpaInput in;
        in.year = o.year;
        in.month = o.month;
        in.day = o.day;
        in.hour = static_cast<int>(std::floor(mid / 60.0));
        in.minute = static_cast<int>(std::floor(mid - 60.0 * in.hour));
        in.second = (mid - 60.0 * in.hour - in.minute) * 60.0;
        in.timezoneH = o.timezoneH;
        in.deltaTS = o.deltaTS;
        in.latitudeDeg = o.latitudeDeg;
        in.longitudeDeg = o.longitudeDeg;
        in.elevationM = o.siteElevationM;
        in.pressureHPa = o.pressureHPa;
        in.temperatureC = o.temperatureC;
        const SpaResult r = solarPosition(in);
        s.azimuthDeg = r.azimuthDeg;
        s.gridAzimuthDeg = std::fmod(r.azimuthDeg + o.trueNorthGridAzimuthDeg + 720.0, 360.0);
        s.elevationDeg = o.refraction ? r.elevationDeg : r.geometricElevationDeg;
        s.up = s.elevationDeg > 0.0;
        steps.push_back(s);
    }
    return steps;
}

CaseLaw evaluateCaseLaw(const std::vector<std::uint8_t>& lit, const std::vector<SunStep>& steps,
                        const SunlightCriteria& c, double minSpanMin) {
    CaseLaw out;
    double total = 0.0, longest = 0.0;
    std::size_t i = 0;
    const std::size_t n = std::min(lit.size(), steps.size());
    while (i < n) {
        if (!lit[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < n && lit[j + 1])
            ++j;
        const double a = steps[i].startMin, b = steps[j].startMin + steps[j].durationMin;
        if (b - a >= minSpanMin - 1e-9) {  // slivers shorter than the minimum span do not count
            total += overlap(a, b, c.totalStartMin, c.totalEndMin);
            longest = std::max(longest, overlap(a, b, c.continuousStartMin, c.continuousEndMin));
        }
        i = j + 1;
    }
    out.totalH = total / 60.0;
    out.continuousH = longest / 60.0;
    out.pass = out.continuousH >= c.continuousMinH - 1e-9 || out.totalH >= c.totalMinH - 1e-9;
    return out;
}

SunlightResult computeSunlight(const std::vector<Obstacle>& obstacles, const std::vector<FacadePoint>& points,
                               const core::Raster* terrain, const SunlightOptions& o,
                               const core::Progress& progress) {
    SunlightResult res;
    res.steps = sunSteps(o);
    const auto& steps = res.steps;
    const std::size_t nSteps = steps.size();
    const std::size_t nPts = points.size();
    const detail::PrismIndex index(obstacles);

    // Ground grid.
    int gw = 0, gh = 0;
    core::GeoTransform gt;
    std::vector<float> groundZ, dsmAfter, dsmBefore;
    std::vector<std::uint8_t> underAfter, underBefore;
    if (o.groundCellM > 0.0) {
        core::Box ext = o.groundExtent;
        if (ext.empty()) {
            for (const Obstacle& ob : obstacles)
                if (ob.kind == Obstacle::Kind::New)
                    for (const core::Point& p : ob.footprint.outer)
                        ext.expand(p);
            if (ext.empty())
                for (const Obstacle& ob : obstacles)
                    for (const core::Point& p : ob.footprint.outer)
                        ext.expand(p);
            if (!ext.empty()) {
                ext.minX -= o.groundMarginM;
                ext.minY -= o.groundMarginM;
                ext.maxX += o.groundMarginM;
                ext.maxY += o.groundMarginM;
            }
        }
        if (!ext.empty()) {
            const double cell = o.groundCellM;
            gw = std::max(1, static_cast<int>(std::ceil(ext.width() / cell)));
            gh = std::max(1, static_cast<int>(std::ceil(ext.height() / cell)));
            if (static_cast<double>(gw) * gh > static_cast<double>(o.maxGroundCells))
                throw core::Error(core::ErrorCode::Validation,
                                  "the ground grid would have " + num(static_cast<double>(gw) * gh) +
                                      " cells (more than " + num(static_cast<double>(o.maxGroundCells)) +
                                      "): use a larger ground cell",
                                  {{}, {}, "ground_cell_m"});
            gt = {ext.minX, ext.minY + gh * cell, cell, cell};
            const std::size_t cells = static_cast<std::size_t>(gw) * gh;
            groundZ.assign(cells, 0.0f);
            if (terrain && !terrain->empty())
                for (int r = 0; r < gh; ++r)
                    for (int c = 0; c < gw; ++c) {
                        const double v = terrain->sampleBilinear(
                            {gt.originX + (c + 0.5) * cell, gt.originY - (r + 0.5) * cell});
                        groundZ[static_cast<std::size_t>(r) * gw + c] =
                            std::isnan(v) ? 0.0f : static_cast<float>(v);
                    }
            dsmAfter = groundZ;
            dsmBefore = groundZ;
            underAfter.assign(cells, 0);
            underBefore.assign(cells, 0);
            for (const Obstacle& ob : obstacles) {
                if (ob.kind != Obstacle::Kind::Removed)
                    rasterize(ob.footprint, gt, gw, gh, static_cast<float>(ob.topM), dsmAfter, underAfter);
                if (ob.kind != Obstacle::Kind::New)
                    rasterize(ob.footprint, gt, gw, gh, static_cast<float>(ob.topM), dsmBefore, underBefore);
            }
            const core::Crs crs = terrain ? terrain->crs() : core::Crs();
            res.groundHoursAfter = core::Raster(gw, gh, gt, crs, 0.0f);
            res.groundHoursBefore = core::Raster(gw, gh, gt, crs, 0.0f);
            res.groundHoursAfter.name = "sun_hours";
            res.groundHoursAfter.unit = "h";
            res.groundHoursBefore.name = "sun_hours_before";
            res.groundHoursBefore.unit = "h";
        }
    }

    // Terrain as a height field.
    std::vector<float> dem;
    int dw = 0, dh = 0;
    if (terrain && !terrain->empty()) {
        dem = terrain->data();
        dw = terrain->width();
        dh = terrain->height();
    }

    std::vector<std::uint8_t> litAfter(nPts * nSteps, 0), litBefore(nPts * nSteps, 0);
    std::vector<std::vector<std::pair<int, int>>> blockedBy(nPts);  // new obstacle, steps it alone blocks
    const int threads = std::max(1, omp_get_max_threads());
    std::vector<detail::TraceScratch> scratch(static_cast<std::size_t>(threads));
    for (auto& s : scratch)
        index.prepare(s);
    detail::SunAlignedField fieldDem, fieldAfter, fieldBefore;
    const std::size_t groundEvery =
        static_cast<std::size_t>(std::max(1L, std::lround(o.groundStepMin / o.stepMin)));
    const SunlightCriteria& crit = o.criteria;

    for (std::size_t k = 0; k < nSteps; ++k) {
        if (progress.cancelled()) {
            res.cancelled = true;
            return res;
        }
        progress(static_cast<double>(k) / static_cast<double>(nSteps), "tracing sunlight");
        const SunStep& st = steps[k];
        if (!st.up) continue;
        const double az = rad(st.gridAzimuthDeg);
        const double ux = std::sin(az), uy = std::cos(az);
        const double tanAlt = std::tan(rad(st.elevationDeg));
        if (!dem.empty()) fieldDem.compute(dem, dw, dh, terrain->geoTransform(), ux, uy, tanAlt, true);
        const long long np = static_cast<long long>(nPts);
#pragma omp parallel for schedule(dynamic, 32)
        for (long long i = 0; i < np; ++i) {
            const FacadePoint& p = points[static_cast<std::size_t>(i)];
            const std::size_t at = static_cast<std::size_t>(i) * nSteps + k;
            if (p.normalX * ux + p.normalY * uy <= 0.0) continue;  // the sun is behind the wall
            if (!dem.empty() && p.zM < fieldDem.at(p.position.x, p.position.y) - 0.01)
                continue;  // behind the terrain
            detail::TraceScratch& s = scratch[static_cast<std::size_t>(omp_get_thread_num())];
            const detail::TraceHit hit = index.trace(p.position.x, p.position.y, p.zM, ux, uy, tanAlt, s);
            if (hit.kept) continue;
            litBefore[at] = hit.removed ? 0 : 1;
            litAfter[at] = hit.firstNew >= 0 ? 0 : 1;
            if (hit.firstNew >= 0) {
                auto& list = blockedBy[static_cast<std::size_t>(i)];
                auto it = std::find_if(list.begin(), list.end(),
                                       [&](const auto& e) { return e.first == hit.firstNew; });
                if (it == list.end())
                    list.push_back({hit.firstNew, 1});
                else
                    ++it->second;
            }
        }
        // The ground grid is evaluated once per group of `groundEvery` steps, with the sun of the group's
        // middle step standing for the whole group.
        const std::size_t group = k / groundEvery, first = group * groundEvery;
        const std::size_t last = std::min(nSteps, first + groundEvery) - 1;
        if (gw > 0 && k == first + (last - first) / 2) {
            const double inWindow =
                overlap(steps[first].startMin, steps[last].startMin + steps[last].durationMin,
                        crit.totalStartMin, crit.totalEndMin) /
                60.0;
            if (inWindow > 0.0) {
                fieldAfter.compute(dsmAfter, gw, gh, gt, ux, uy, tanAlt, false);
                fieldBefore.compute(dsmBefore, gw, gh, gt, ux, uy, tanAlt, false);
                auto& ha = res.groundHoursAfter.data();
                auto& hb = res.groundHoursBefore.data();
#pragma omp parallel for schedule(static)
                for (int r = 0; r < gh; ++r)
                    for (int c = 0; c < gw; ++c) {
                        const std::size_t i = static_cast<std::size_t>(r) * gw + c;
                        const float z = groundZ[i];
                        const double x = gt.originX + (c + 0.5) * gt.cellWidth,
                                     y = gt.originY - (r + 0.5) * gt.cellHeight;
                        if (!dem.empty() && z < fieldDem.at(x, y) - 0.01) continue;
                        if (z >= fieldAfter.at(x, y, true) - 1e-3) ha[i] += static_cast<float>(inWindow);
                        if (z >= fieldBefore.at(x, y, true) - 1e-3) hb[i] += static_cast<float>(inWindow);
                    }
            }
        }
    }
    if (gw > 0) {
        auto& ha = res.groundHoursAfter.data();
        auto& hb = res.groundHoursBefore.data();
        for (std::size_t i = 0; i < ha.size(); ++i) {
            if (underAfter[i]) ha[i] = core::Raster::kNoData;
            if (underBefore[i]) hb[i] = core::Raster::kNoData;
        }
    }
    progress(1.0, "tracing sunlight");

    res.points.resize(nPts);
    const long long np = static_cast<long long>(nPts);
#pragma omp parallel for schedule(static)
    for (long long i = 0; i < np; ++i) {
        const std::size_t ii = static_cast<std::size_t>(i);
        std::vector<std::uint8_t> a(litAfter.begin() + ii * nSteps, litAfter.begin() + (ii + 1) * nSteps);
        std::vector<std::uint8_t> b(litBefore.begin() + ii * nSteps, litBefore.begin() + (ii + 1) * nSteps);
        PointSunlight& r = res.points[ii];
        r.after = evaluateCaseLaw(a, steps, crit, o.minSpanMin);
        r.before = evaluateCaseLaw(b, steps, crit, o.minSpanMin);
        int best = -1, most = 0;
        for (const auto& [ob, count] : blockedBy[ii])
            if (count > most || (count == most && ob < best)) {
                best = ob;
                most = count;
            }
        r.cause = best;
        r.causeMin = most * o.stepMin;
    }
    return res;
}

std::vector<FacadePoint> windowPoints(const core::Polygon& footprint, double baseM, double storeyHeightM,
                                      int floors, int nonResidentialFloors, double households, int obstacle,
                                      double trueNorthGridAzimuthDeg, const FacadeSampling& sampling) {
    std::vector<FacadePoint> out;
    const long units = std::lround(households);
    const int resFloors = floors - std::clamp(nonResidentialFloors, 0, floors);
    if (units <= 0 || resFloors <= 0) return out;
    // Walls facing south of east-west (true), where Korean homes put their main windows.
    const double t = rad(trueNorthGridAzimuthDeg);
    const double sx = -std::sin(t), sy = -std::cos(t);  // true south in grid coordinates
    std::vector<Wall> ws;
    for (const Wall& w : walls(footprint))
        if (w.nx * sx + w.ny * sy > 1e-3) ws.push_back(w);
    if (ws.empty()) ws = walls(footprint);
    double total = 0.0;
    for (const Wall& w : ws)
        total += w.length;
    for (int f = 0; f < resFloors; ++f) {
        const long m = units / resFloors + (f < units % resFloors ? 1 : 0);
        const int floorIndex = nonResidentialFloors + f;
        for (long j = 0; j < m; ++j) {
            double s = (j + 0.5) / static_cast<double>(m) * total;
            std::size_t e = 0;
            while (e + 1 < ws.size() && s > ws[e].length) {
                s -= ws[e].length;
                ++e;
            }
            const Wall& w = ws[e];
            const double u = std::clamp(s / w.length, 0.0, 1.0);
            FacadePoint p;
            p.position = {w.a.x + u * (w.b.x - w.a.x) + w.nx * sampling.offsetM,
                          w.a.y + u * (w.b.y - w.a.y) + w.ny * sampling.offsetM};
            p.zM = baseM + floorIndex * storeyHeightM + sampling.windowHeightM;
            p.normalX = w.nx;
            p.normalY = w.ny;
            p.obstacle = obstacle;
            p.floor = floorIndex + 1;
            p.households = 1.0;
            p.window = true;
            out.push_back(p);
        }
    }
    return out;
}

std::vector<FacadePoint> facadeGridPoints(const core::Polygon& footprint, double baseM, double storeyHeightM,
                                          int floors, double households, int obstacle,
                                          double trueNorthGridAzimuthDeg, double minSunAzimuthDeg,
                                          double maxSunAzimuthDeg, const FacadeSampling& sampling) {
    std::vector<FacadePoint> out;
    if (floors <= 0) return out;
    const double mid = 0.5 * (minSunAzimuthDeg + maxSunAzimuthDeg);
    const double half = 0.5 * std::fabs(maxSunAzimuthDeg - minSunAzimuthDeg) + 90.0;
    for (const Wall& w : walls(footprint)) {
        if (std::fabs(angleDiff(trueAzimuth(w.nx, w.ny, trueNorthGridAzimuthDeg), mid)) >= half) continue;
        const int n = std::max(1, static_cast<int>(std::lround(w.length / sampling.gridSpacingM)));
        for (int f = 0; f < floors; ++f)
            for (int j = 0; j < n; ++j) {
                const double u = (j + 0.5) / n;
                FacadePoint p;
                p.position = {w.a.x + u * (w.b.x - w.a.x) + w.nx * sampling.offsetM,
                              w.a.y + u * (w.b.y - w.a.y) + w.ny * sampling.offsetM};
                p.zM = baseM + f * storeyHeightM + sampling.windowHeightM;
                p.normalX = w.nx;
                p.normalY = w.ny;
                p.obstacle = obstacle;
                p.floor = f + 1;
                p.window = false;
                out.push_back(p);
            }
    }
    for (FacadePoint& p : out)
        p.households = households / static_cast<double>(out.size());
    return out;
}

std::vector<FacadePoint> dropEnclosedPoints(const std::vector<FacadePoint>& points,
                                            const std::vector<Obstacle>& obstacles) {
    const detail::PrismIndex index(obstacles);
    std::vector<FacadePoint> out;
    for (const FacadePoint& p : points)
        if (!index.inside(p.position.x, p.position.y, p.zM, p.obstacle)) out.push_back(p);
    return out;
}

}  // namespace citytwin::newtown

// Building the voxel airspace from terrain, buildings, no-fly volumes, the band and the vertiports.

#include "citytwin/uam/airspace.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "checks.h"
#include "citytwin/core/error.h"
#include "citytwin/uam/limits.h"
#include "geometry2d.h"

namespace citytwin::uam {

namespace {

using core::Problem;
using detail::ColumnGrid;

constexpr double kPi = 3.14159265358979323846;
/// Tolerance when converting elevations to level indices: a voxel whose face lies within this of a limit is
/// taken as touching it, not as crossing it (elevations are sums of a few doubles).
constexpr double kLevelEps = 1e-7;

std::string num(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

bool finite(double v) {
    return std::isfinite(v);
}

/// Bilinear terrain at (x, y); NaN outside or without terrain.
double terrainAt(const core::Raster* t, double x, double y) {
    if (!t || t->empty()) return 0.0;
    return t->sampleBilinear({x, y});
}

bool insideNoFly(const NoFlyVolume& n, double x, double y) {
    if (n.circle) return std::hypot(x - n.centre.x, y - n.centre.y) <= n.radiusM;
    return detail::pointInPolygon(n.polygon, x, y);
}

/// Extent the grid covers.
core::Box gridExtent(const AirspaceInputs& in, const AirspaceSpec& spec) {
    if (!spec.extent.empty()) return spec.extent;
    if (in.terrain && !in.terrain->empty()) return in.terrain->extent();
    return {};
}

/// Free levels [lo, hi) of an elevation range [zLo, zHi] [m]: voxels lying entirely inside it.
void levelsInside(double zLo, double zHi, double z0, double dz, int nz, int& lo, int& hi) {
    lo = static_cast<int>(std::ceil((zLo - z0) / dz - kLevelEps));
    hi = static_cast<int>(std::floor((zHi - z0) / dz + kLevelEps));
    lo = std::max(lo, 0);
    hi = std::min(hi, nz);
}

/// Levels [lo, hi) of the voxels that overlap the open elevation range (zLo, zHi).
void levelsOverlapping(double zLo, double zHi, double z0, double dz, int nz, int& lo, int& hi) {
    lo = static_cast<int>(std::floor((zLo - z0) / dz + kLevelEps));
    hi = static_cast<int>(std::ceil((zHi - z0) / dz - kLevelEps));
    lo = std::max(lo, 0);
    hi = std::min(hi, nz);
}

/// Appends to `runs` (for the column starting at `start`) the levels [lo, hi) minus the blocked intervals.
void appendFree(std::vector<LevelRun>& runs, std::size_t start, int lo, int hi,
                std::vector<std::pair<int, int>>& blocked) {
    if (hi <= lo) return;
    std::sort(blocked.begin(), blocked.end());
    int k = lo;
    for (const auto& b : blocked) {
        if (b.second <= k) continue;
        if (b.first >= hi) break;
        appendRun(runs, start, k, std::min(b.first, hi));
        k = std::max(k, b.second);
        if (k >= hi) return;
    }
    appendRun(runs, start, k, hi);
}

}  // namespace

const char* toString(AltitudeReference r) {
    return r == AltitudeReference::AboveGround ? "AGL" : "MSL";
}

const char* toString(BlockCause c) {
    switch (c) {
        case BlockCause::None:
            return "free";
        case BlockCause::Outside:
            return "outside the planning area";
        case BlockCause::Terrain:
            return "terrain and its clearance";
        case BlockCause::Building:
            return "building and its clearance";
        case BlockCause::NoFly:
            return "no-fly volume";
        case BlockCause::BandFloor:
            return "below the altitude band";
        case BlockCause::BandCeiling:
            return "above the altitude band";
    }
    return "?";
}

std::vector<Problem> validateAirspace(const AirspaceInputs& in, const AirspaceSpec& s) {
    std::vector<Problem> out;
    auto add = [&](const std::string& parameter, const std::string& message) {
        out.push_back({"uam", parameter, message});
    };
    using detail::checkRange;
    checkRange(out, "grid_cell_m", "the horizontal voxel size", s.cellM, limits::gridCellM, "m");
    checkRange(out, "grid_dz_m", "the vertical voxel size", s.dzM, limits::gridDzM, "m");
    checkRange(out, "band_min_m", "the band floor", s.band.minM, limits::bandM, "m");
    checkRange(out, "band_max_m", "the band ceiling", s.band.maxM, limits::bandM, "m");
    if (finite(s.band.minM) && finite(s.band.maxM) && s.band.minM >= s.band.maxM)
        add("band_min_m", "the altitude band's floor " + num(s.band.minM) + " m " +
                              toString(s.band.reference) + " is not below its ceiling band_max_m " +
                              num(s.band.maxM) + " m: the band is empty");
    if (finite(s.band.minM) && finite(s.band.maxM) && finite(s.dzM) && s.dzM > 0 &&
        s.band.maxM - s.band.minM < s.dzM && s.band.minM < s.band.maxM)
        add("band_max_m", "the band is " + num(s.band.maxM - s.band.minM) +
                              " m thick, less than one voxel (grid_dz_m " + num(s.dzM) + " m)");
    checkRange(out, "clearance_vertical_m", "the vertical clearance", s.verticalClearanceM,
               limits::clearanceM, "m");
    checkRange(out, "clearance_lateral_m", "the lateral clearance", s.lateralClearanceM, limits::clearanceM,
               "m");
    checkRange(out, "tube_half_width_m", "the tube half-width", s.tubeHalfWidthM, limits::tubeHalfWidthM,
               "m");
    checkRange(out, "nofly_vertical_buffer_m", "the no-fly vertical buffer", s.noFlyVerticalBufferM,
               limits::noFlyBufferM, "m");
    checkRange(out, "funnel_vertical_m", "the funnel's vertical segment", s.funnel.verticalSegmentM,
               limits::funnelVerticalM, "m");
    if (finite(s.funnel.verticalSegmentM) && finite(s.dzM) && s.funnel.verticalSegmentM < 2.0 * s.dzM)
        add("funnel_vertical_m", "the funnel's vertical segment is " + num(s.funnel.verticalSegmentM) +
                                     " m, must be at least two voxels (2 x grid_dz_m = " + num(2 * s.dzM) +
                                     " m)");
    checkRange(out, "funnel_slope", "the funnel slope", s.funnel.slope, limits::funnelSlope);
    checkRange(out, "funnel_divergence", "the funnel divergence", s.funnel.divergence,
               limits::funnelDivergence);

    const core::Box extent = gridExtent(in, s);
    if (extent.empty()) {
        add("extent", "no planning area: give an extent or a terrain raster");
    } else if (finite(s.cellM) && s.cellM > 0) {
        const double nx = std::ceil(extent.width() / s.cellM), ny = std::ceil(extent.height() / s.cellM);
        if (nx >= (1 << 21) || ny >= (1 << 21) || nx * ny > 4e8)
            add("grid_cell_m", "the planning area of " + num(extent.width() / 1000) + " x " +
                                   num(extent.height() / 1000) + " km at " + num(s.cellM) + " m makes " +
                                   num(nx) + " x " + num(ny) +
                                   " columns, more than the 400 million supported");
    }

    if (in.buildings) {
        int bad = 0;
        for (const BuildingInput& b : *in.buildings) {
            if (finite(b.heightM) && b.heightM > 0 && !b.footprint.empty() && finite(b.population) &&
                b.population >= 0)
                continue;
            if (++bad <= 5)
                add("buildings", "building '" + b.id + "' has height " + num(b.heightM) + " m, population " +
                                     num(b.population) + " and " + std::to_string(b.footprint.size()) +
                                     " footprint parts: needs height > 0, population >= 0 and a footprint");
        }
        if (bad > 5) add("buildings", std::to_string(bad - 5) + " more buildings with the same problem");
    }
    if (in.noFly) {
        for (const NoFlyVolume& n : *in.noFly) {
            const std::string who = "no-fly volume '" + n.name + "'";
            if (n.circle && !limits::noFlyRadiusM.contains(n.radiusM))
                add("nofly_volumes", who + ": the radius is " + num(n.radiusM) + " m, out of range (" +
                                         limits::noFlyRadiusM.text() + " m)");
            if (!limits::noFlyLimitM.contains(n.floorM) || !limits::noFlyLimitM.contains(n.ceilingM))
                add("nofly_volumes", who + ": the floor " + num(n.floorM) + " m or the ceiling " +
                                         num(n.ceilingM) + " m is out of range (" +
                                         limits::noFlyLimitM.text() + " m)");
            if (!n.circle && n.polygon.outer.size() < 4)
                add("nofly_volumes", who + ": the polygon needs at least 3 distinct points in a closed ring");
            if (!(n.floorM < n.ceilingM))
                add("nofly_volumes", who + ": the floor " + num(n.floorM) + " m is not below the ceiling " +
                                         num(n.ceilingM) + " m");
        }
    }
    if (in.vertiports) {
        const auto& vs = *in.vertiports;
        for (std::size_t a = 0; a < vs.size(); ++a) {
            const Vertiport& v = vs[a];
            const std::string who = "vertiport '" + v.name + "'";
            for (std::size_t b = 0; b < a; ++b)
                if (vs[b].name == v.name) add("vertiports", who + " is given twice");
            if (v.name.empty()) add("vertiports", "a vertiport has no name");
            if (!limits::fatoSizeM.contains(v.fatoSizeM))
                add("vertiports", who + ": the FATO size is " + num(v.fatoSizeM) + " m, out of range (" +
                                      limits::fatoSizeM.text() + " m)");
            if (!limits::padElevationM.contains(v.padElevationM))
                add("vertiports", who + ": the pad elevation is " + num(v.padElevationM) +
                                      " m, out of range (" + limits::padElevationM.text() + " m)");
            if (!limits::bearingDeg.contains(v.approachBearingDeg) ||
                !limits::bearingDeg.contains(v.departureBearingDeg))
                add("vertiports", who + ": the approach bearing " + num(v.approachBearingDeg) +
                                      " and the departure bearing " + num(v.departureBearingDeg) +
                                      " deg must lie in " + limits::bearingDeg.text() + " deg");
            if (!extent.empty() && !extent.contains(v.position)) {
                add("vertiports", who + " at (" + num(v.position.x) + ", " + num(v.position.y) +
                                      ") lies outside the planning area");
                continue;
            }
            const double ground = terrainAt(in.terrain, v.position.x, v.position.y);
            if (finite(ground) && finite(v.padElevationM) && v.padElevationM < ground - 1.0)
                add("vertiports", who + ": the pad elevation " + num(v.padElevationM) +
                                      " m lies below the terrain (" + num(ground) + " m)");
            const double ceiling =
                s.band.reference == AltitudeReference::AboveGround ? ground + s.band.maxM : s.band.maxM;
            if (finite(ceiling) && v.padElevationM + s.funnel.verticalSegmentM > ceiling)
                add("vertiports", who + ": the pad and its vertical segment (" + num(v.padElevationM) +
                                      " + " + num(s.funnel.verticalSegmentM) +
                                      " m) reach above the band ceiling (" + num(ceiling) + " m)");
            if (in.buildings)
                for (const BuildingInput& b : *in.buildings) {
                    bool inside = false;
                    for (const core::Polygon& p : b.footprint)
                        inside = inside || detail::pointInPolygon(p, v.position.x, v.position.y);
                    if (!inside) continue;
                    const double base = finite(b.baseM) ? b.baseM : ground;
                    const double top = base + b.heightM;
                    // A pad on the roof (within 1 m of the top or above) is a rooftop vertiport.
                    if (v.padElevationM < top - 1.0)
                        add("vertiports",
                            who + " lies inside building '" + b.id + "': the pad at " + num(v.padElevationM) +
                                " m is below the roof at " + num(top) +
                                " m (set the pad elevation to the roof for a rooftop vertiport, or move it)");
                }
            if (in.noFly)
                for (const NoFlyVolume& n : *in.noFly) {
                    if (!insideNoFly(n, v.position.x, v.position.y)) continue;
                    const double off =
                        n.reference == AltitudeReference::AboveGround ? (finite(ground) ? ground : 0.0) : 0.0;
                    const double lo = v.padElevationM, hi = v.padElevationM + s.funnel.verticalSegmentM;
                    if (lo < n.ceilingM + off && hi > n.floorM + off)
                        add("vertiports", who + " lies inside no-fly volume '" + n.name + "' (" +
                                              num(n.floorM) + "-" + num(n.ceilingM) + " m " +
                                              toString(n.reference) + ")");
                }
        }
    }
    return out;
}

double Airspace::bandFloorM(int i, int j) const {
    return spec_.band.reference == AltitudeReference::AboveGround ? groundM(i, j) + spec_.band.minM
                                                                  : spec_.band.minM;
}

double Airspace::bandCeilingM(int i, int j) const {
    return spec_.band.reference == AltitudeReference::AboveGround ? groundM(i, j) + spec_.band.maxM
                                                                  : spec_.band.maxM;
}

Airspace Airspace::build(const AirspaceInputs& in, const AirspaceSpec& spec, const core::Progress& progress) {
    Airspace a;
    a.inputs_ = in;
    a.spec_ = spec;
    const core::Box extent = gridExtent(in, spec);
    if (extent.empty())
        throw core::Error(core::ErrorCode::Data, "no planning area: give an extent or a terrain raster");
    ColumnGrid cg;
    cg.h = spec.cellM;
    cg.nx = std::max(1, static_cast<int>(std::ceil(extent.width() / spec.cellM - 1e-9)));
    cg.ny = std::max(1, static_cast<int>(std::ceil(extent.height() / spec.cellM - 1e-9)));
    cg.x0 = extent.minX;
    cg.y0 = extent.maxY;
    const std::size_t columns = static_cast<std::size_t>(cg.nx) * cg.ny;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    progress(0.0, "terrain");

    // --- Terrain: ground (bilinear at the centre) and the highest terrain over each column (the centre, the
    // four corners and every raster cell centred inside the column).
    a.ground_.assign(columns, 0.0f);
    std::vector<float> rawTop(columns, 0.0f);
    const core::Raster* t = in.terrain;
    if (t && !t->empty()) {
        const core::RasterStats st = t->stats();
        const float fill = st.validCount > 0 ? static_cast<float>(st.min) : 0.0f;
        std::size_t filled = 0;
        std::vector<float> corners(static_cast<std::size_t>(cg.nx + 1) * (cg.ny + 1));
        for (int j = 0; j <= cg.ny; ++j)
            for (int i = 0; i <= cg.nx; ++i) {
                const double v = t->sampleBilinear({cg.x0 + i * cg.h, cg.y0 - j * cg.h});
                corners[static_cast<std::size_t>(j) * (cg.nx + 1) + i] =
                    std::isnan(v) ? fill : static_cast<float>(v);
            }
        for (int j = 0; j < cg.ny; ++j)
            for (int i = 0; i < cg.nx; ++i) {
                const std::size_t c = cg.index(i, j);
                double v = t->sampleBilinear({cg.centreX(i), cg.centreY(j)});
                if (std::isnan(v)) {
                    v = fill;
                    ++filled;
                }
                a.ground_[c] = static_cast<float>(v);
                float m = static_cast<float>(v);
                for (int dj = 0; dj <= 1; ++dj)
                    for (int di = 0; di <= 1; ++di)
                        m = std::max(m, corners[static_cast<std::size_t>(j + dj) * (cg.nx + 1) + i + di]);
                rawTop[c] = m;
            }
        const core::GeoTransform& gt = t->geoTransform();
        for (int r = 0; r < t->height(); ++r)
            for (int q = 0; q < t->width(); ++q) {
                const float v = t->at(q, r);
                if (std::isnan(v)) continue;
                int i, j;
                if (cg.columnOf(gt.originX + (q + 0.5) * gt.cellWidth, gt.originY - (r + 0.5) * gt.cellHeight,
                                i, j))
                    rawTop[cg.index(i, j)] = std::max(rawTop[cg.index(i, j)], v);
            }
        if (filled > 0)
            a.notes_.push_back({"uam", "terrain",
                                std::to_string(filled) +
                                    " columns had no terrain value (NoData or outside the raster); "
                                    "they were given the lowest terrain elevation " +
                                    num(fill) + " m"});
    } else {
        a.notes_.push_back({"uam", "terrain", "no terrain: the ground is taken as flat at 0 m"});
    }
    if (progress.cancelled()) {
        a.cancelled_ = true;
        return a;
    }
    progress(0.1, "buildings");

    // --- Buildings: the highest top over each column (conservative footprint rasterization).
    a.buildingTop_.assign(columns, nan);
    const int tile = 64;
    a.bucketsX_ = (cg.nx + tile - 1) / tile;
    a.buildingBuckets_.assign(static_cast<std::size_t>(a.bucketsX_) * ((cg.ny + tile - 1) / tile), {});
    const double reach = spec.lateralClearanceM + spec.tubeHalfWidthM;
    if (in.buildings) {
        a.buildingTopAll_.reserve(in.buildings->size());
        for (std::size_t b = 0; b < in.buildings->size(); ++b) {
            const BuildingInput& bi = (*in.buildings)[b];
            double base = bi.baseM;
            if (!finite(base)) {
                const core::Point c = core::centroid(bi.footprint);
                base = terrainAt(t, c.x, c.y);
                if (!finite(base)) base = 0.0;
            }
            const float top = static_cast<float>(base + bi.heightM);
            a.buildingTopAll_.push_back(top);
            for (const core::Polygon& p : bi.footprint)
                detail::rasterizePolygon(cg, p, [&](int i, int j) {
                    float& v = a.buildingTop_[cg.index(i, j)];
                    if (std::isnan(v) || v < top) v = top;
                });
            const core::Box bb = core::bounds(bi.footprint);
            const int i0 = std::max(0, static_cast<int>(std::floor((bb.minX - reach - cg.x0) / cg.h)) / tile);
            const int i1 =
                std::min(cg.nx - 1, static_cast<int>(std::floor((bb.maxX + reach - cg.x0) / cg.h))) / tile;
            const int j0 = std::max(0, static_cast<int>(std::floor((cg.y0 - bb.maxY - reach) / cg.h)) / tile);
            const int j1 =
                std::min(cg.ny - 1, static_cast<int>(std::floor((cg.y0 - bb.minY + reach) / cg.h))) / tile;
            for (int tj = j0; tj <= j1; ++tj)
                for (int ti = i0; ti <= i1; ++ti)
                    a.buildingBuckets_[static_cast<std::size_t>(tj) * a.bucketsX_ + ti].push_back(
                        static_cast<int>(b));
            if ((b & 1023u) == 0) {
                progress(0.1 + 0.2 * double(b) / in.buildings->size(), "buildings");
                if (progress.cancelled()) {
                    a.cancelled_ = true;
                    return a;
                }
            }
        }
    }
    for (std::size_t c = 0; c < columns; ++c)
        if (!std::isnan(a.buildingTop_[c])) rawTop[c] = std::max(rawTop[c], a.buildingTop_[c]);
    progress(0.3, "clearances");
    // Obstacles grown by the lateral clearance plus the tube's half-width.
    const std::vector<float> grown = detail::dilate(cg, rawTop, reach);
    if (progress.cancelled()) {
        a.cancelled_ = true;
        return a;
    }
    progress(0.5, "no-fly volumes");

    // --- No-fly volumes: a mask of the columns within the tube's half-width of each volume.
    if (in.noFly)
        for (const NoFlyVolume& n : *in.noFly) {
            core::Box bb;
            if (n.circle) {
                bb = {n.centre.x - n.radiusM, n.centre.y - n.radiusM, n.centre.x + n.radiusM,
                      n.centre.y + n.radiusM};
            } else {
                for (const core::Point& p : n.polygon.outer)
                    bb.expand(p);
            }
            const double grow = spec.tubeHalfWidthM + 2 * cg.h;
            NoFlyMask m;
            m.i0 = std::max(0, static_cast<int>(std::floor((bb.minX - grow - cg.x0) / cg.h)));
            m.j0 = std::max(0, static_cast<int>(std::floor((cg.y0 - bb.maxY - grow) / cg.h)));
            const int i1 = std::min(cg.nx - 1, static_cast<int>(std::floor((bb.maxX + grow - cg.x0) / cg.h)));
            const int j1 = std::min(cg.ny - 1, static_cast<int>(std::floor((cg.y0 - bb.minY + grow) / cg.h)));
            if (i1 < m.i0 || j1 < m.j0) {
                a.noFly_.push_back(m);
                continue;
            }
            m.w = i1 - m.i0 + 1;
            m.h = j1 - m.j0 + 1;
            ColumnGrid local{m.w, m.h, cg.x0 + m.i0 * cg.h, cg.y0 - m.j0 * cg.h, cg.h};
            std::vector<std::uint8_t> cells(static_cast<std::size_t>(m.w) * m.h, 0);
            if (n.circle) {
                for (int j = 0; j < m.h; ++j)
                    for (int i = 0; i < m.w; ++i) {
                        // Distance from the centre to the column's square.
                        const double x0 = local.x0 + i * cg.h, y1 = local.y0 - j * cg.h;
                        const double dx = std::max({x0 - n.centre.x, 0.0, n.centre.x - (x0 + cg.h)});
                        const double dy = std::max({(y1 - cg.h) - n.centre.y, 0.0, n.centre.y - y1});
                        if (std::hypot(dx, dy) <= n.radiusM) cells[local.index(i, j)] = 1;
                    }
            } else {
                detail::rasterizePolygon(local, n.polygon,
                                         [&](int i, int j) { cells[local.index(i, j)] = 1; });
            }
            m.cells = spec.tubeHalfWidthM > 0 ? detail::dilateMask(local, cells, spec.tubeHalfWidthM) : cells;
            a.noFly_.push_back(std::move(m));
        }

    // --- Vertical extent of the grid.
    double zMin = std::numeric_limits<double>::infinity();
    double zMax = -zMin;
    for (std::size_t c = 0; c < columns; ++c) {
        zMin = std::min(zMin, static_cast<double>(a.ground_[c]));
        const double ceil = spec.band.reference == AltitudeReference::AboveGround
                                ? a.ground_[c] + spec.band.maxM
                                : spec.band.maxM;
        zMax = std::max(zMax, ceil);
    }
    if (in.vertiports)
        for (const Vertiport& v : *in.vertiports)
            zMin = std::min(zMin, v.padElevationM);
    const double dz = spec.dzM;
    const double z0 = std::floor(zMin / dz) * dz - dz;
    const int nz = static_cast<int>(std::ceil((zMax - z0) / dz - 1e-9));
    if (!(zMax > z0) || nz > 65535)
        throw core::Error(core::ErrorCode::Data,
                          "the airspace from " + num(z0) + " m to " + num(zMax) + " m at " + num(dz) +
                              " m makes " + num(nz) + " levels; at most 65535 are supported",
                          {{}, {}, "grid_dz_m"});
    VoxelGeometry geo;
    geo.originX = cg.x0;
    geo.originY = cg.y0;
    geo.cellM = cg.h;
    geo.z0M = z0;
    geo.dzM = dz;
    progress(0.6, "voxels");

    // --- Free runs of every column: between max(band floor, obstacle + clearance) and the band ceiling,
    // minus the no-fly volumes grown by the vertical buffer.
    std::vector<std::uint32_t> offsets;
    offsets.reserve(columns + 1);
    offsets.push_back(0);
    std::vector<LevelRun> runs;
    runs.reserve(columns + columns / 4);
    std::vector<std::pair<int, int>> blocked;
    std::vector<std::size_t> rowVolumes;
    auto noFlyLevels = [&](std::size_t volume, std::size_t c) {
        const NoFlyVolume& n = (*in.noFly)[volume];
        const double off = n.reference == AltitudeReference::AboveGround ? a.ground_[c] : 0.0;
        int lo, hi;
        levelsOverlapping(n.floorM + off - spec.noFlyVerticalBufferM,
                          n.ceilingM + off + spec.noFlyVerticalBufferM, z0, dz, nz, lo, hi);
        return std::make_pair(lo, hi);
    };
    for (int j = 0; j < cg.ny; ++j) {
        rowVolumes.clear();
        for (std::size_t v = 0; v < a.noFly_.size(); ++v)
            if (j >= a.noFly_[v].j0 && j < a.noFly_[v].j0 + a.noFly_[v].h) rowVolumes.push_back(v);
        for (int i = 0; i < cg.nx; ++i) {
            const std::size_t c = cg.index(i, j);
            const std::size_t start = runs.size();
            const double floorZ = spec.band.reference == AltitudeReference::AboveGround
                                      ? a.ground_[c] + spec.band.minM
                                      : spec.band.minM;
            const double ceilZ = spec.band.reference == AltitudeReference::AboveGround
                                     ? a.ground_[c] + spec.band.maxM
                                     : spec.band.maxM;
            const double obstacle = std::isnan(grown[c]) ? -1e30 : grown[c] + spec.verticalClearanceM;
            int lo, hi;
            levelsInside(std::max(floorZ, obstacle), ceilZ, z0, dz, nz, lo, hi);
            blocked.clear();
            for (std::size_t v : rowVolumes)
                if (a.noFly_[v].covers(i, j)) blocked.push_back(noFlyLevels(v, c));
            appendFree(runs, start, lo, hi, blocked);
            offsets.push_back(static_cast<std::uint32_t>(runs.size()));
        }
        if ((j & 63) == 0) {
            progress(0.6 + 0.3 * double(j) / cg.ny, "voxels");
            if (progress.cancelled()) {
                a.cancelled_ = true;
                return a;
            }
        }
    }
    runs.shrink_to_fit();
    a.grid_ = VoxelGrid(cg.nx, cg.ny, nz, geo, ColumnRuns(cg.nx, cg.ny, std::move(offsets), std::move(runs)));
    progress(0.9, "funnels");

    // --- Funnels.
    if (in.vertiports) {
        for (std::size_t vi = 0; vi < in.vertiports->size(); ++vi) {
            const Vertiport& vp = (*in.vertiports)[vi];
            int pi = 0, pj = 0;
            const bool padInside = cg.columnOf(vp.position.x, vp.position.y, pi, pj);
            const int padLevel = static_cast<int>(std::ceil((vp.padElevationM - z0) / dz - kLevelEps));
            a.pads_.push_back({pi, pj, padLevel});
            for (int which = 0; which < 2; ++which) {
                const double bearing =
                    (which == 0 ? vp.departureBearingDeg : vp.approachBearingDeg) * kPi / 180.0;
                const double ux = std::sin(bearing), uy = std::cos(bearing);  // along
                const double vx = uy, vy = -ux;                               // across
                const FunnelShape& f = spec.funnel;
                const double half = 0.5 * vp.fatoSizeM;
                double length = f.maxLengthM;
                length = std::min(length, (zMax - vp.padElevationM - f.verticalSegmentM) / f.slope + half);
                length = std::max(length, half);
                const double farHalf = half + f.divergence * std::max(0.0, length - half);
                // Bounding box of the funnel's footprint (trapezoid from -half to length along).
                core::Box bb;
                for (double s : {-half, length})
                    for (double w : {-(s > half ? farHalf : half), (s > half ? farHalf : half)})
                        bb.expand(
                            core::Point{vp.position.x + s * ux + w * vx, vp.position.y + s * uy + w * vy});
                VoxelPatch patch;
                patch.i0 =
                    std::clamp(static_cast<int>(std::floor((bb.minX - cg.x0) / cg.h)) - 1, 0, cg.nx - 1);
                patch.j0 =
                    std::clamp(static_cast<int>(std::floor((cg.y0 - bb.maxY) / cg.h)) - 1, 0, cg.ny - 1);
                const int i1 =
                    std::clamp(static_cast<int>(std::floor((bb.maxX - cg.x0) / cg.h)) + 1, 0, cg.nx - 1);
                const int j1 =
                    std::clamp(static_cast<int>(std::floor((cg.y0 - bb.minY) / cg.h)) + 1, 0, cg.ny - 1);
                const int w = i1 - patch.i0 + 1, h = j1 - patch.j0 + 1;
                std::vector<std::uint32_t> po{0};
                std::vector<LevelRun> pr;
                // The surface at the column's far edge: the column's corners reach this far along the
                // bearing.
                const double reachAlong = 0.5 * cg.h * (std::fabs(ux) + std::fabs(uy));
                double worst = 0.0;
                std::size_t worstColumn = 0;
                for (int j = patch.j0; j < patch.j0 + h; ++j)
                    for (int i = patch.i0; i < patch.i0 + w; ++i) {
                        const std::size_t start = pr.size();
                        const std::size_t c = cg.index(i, j);
                        const double dx = cg.centreX(i) - vp.position.x, dy = cg.centreY(j) - vp.position.y;
                        const double s = dx * ux + dy * uy, q = dx * vx + dy * vy;
                        const bool fato = (std::fabs(s) <= half && std::fabs(q) <= half) ||
                                          (padInside && i == pi && j == pj);
                        const bool wedge = s >= -half && s <= length &&
                                           std::fabs(q) <= half + f.divergence * std::max(0.0, s - half);
                        if (fato || wedge) {
                            double surface, obstacle;
                            if (fato) {
                                surface = vp.padElevationM;  // the shaft from the pad up
                                obstacle = vp.padElevationM;
                            } else {
                                surface = vp.padElevationM + f.verticalSegmentM +
                                          f.slope * std::max(0.0, s + reachAlong - half);
                                obstacle = rawTop[c];
                                if (obstacle > surface + 0.5 && obstacle - surface > worst) {
                                    worst = obstacle - surface;
                                    worstColumn = c;
                                }
                            }
                            const double ceilZ = spec.band.reference == AltitudeReference::AboveGround
                                                     ? a.ground_[c] + spec.band.maxM
                                                     : spec.band.maxM;
                            int lo, hi;
                            levelsInside(std::max(surface, obstacle), ceilZ, z0, dz, nz, lo, hi);
                            blocked.clear();
                            for (std::size_t v = 0; v < a.noFly_.size(); ++v)
                                if (a.noFly_[v].covers(i, j)) blocked.push_back(noFlyLevels(v, c));
                            appendFree(pr, start, lo, hi, blocked);
                        }
                        po.push_back(static_cast<std::uint32_t>(pr.size()));
                    }
                patch.runs = ColumnRuns(w, h, std::move(po), std::move(pr));
                if (worst > 0.0) {
                    const int wi = static_cast<int>(worstColumn % cg.nx),
                              wj = static_cast<int>(worstColumn / cg.nx);
                    const Blocker b = a.blockerOf({wi, wj, 0});
                    a.notes_.push_back(
                        {"uam", "vertiports",
                         std::string("obstacles rise through the ") +
                             (which == 0 ? "departure" : "approach") + " funnel of vertiport '" + vp.name +
                             "' by up to " + num(worst) + " m at (" + num(cg.centreX(wi)) + ", " +
                             num(cg.centreY(wj)) + ")" +
                             (b.cause == BlockCause::Building ? " (building '" + b.name + "')" : "") +
                             "; the funnel is closed there"});
                }
                (which == 0 ? a.departure_ : a.approach_).push_back(std::move(patch));
            }
        }
    }
    progress(1.0, "airspace");
    return a;
}

Blocker Airspace::blockerOf(const Voxel& v) const {
    if (v.i < 0 || v.j < 0 || v.i >= grid_.nx() || v.j >= grid_.ny() || v.k < 0 || v.k >= grid_.nz())
        return {BlockCause::Outside, {}};
    if (grid_.isFree(v)) return {BlockCause::None, {}};
    const VoxelGeometry& g = grid_.geometry();
    const double zb = g.z0M + v.k * g.dzM;
    const double zt = zb + g.dzM;
    const std::size_t c = grid_.columnIndex(v.i, v.j);
    if (zt > bandCeilingM(v.i, v.j) + 1e-6) return {BlockCause::BandCeiling, {}};
    if (inputs_.noFly)
        for (std::size_t n = 0; n < noFly_.size(); ++n) {
            if (!noFly_[n].covers(v.i, v.j)) continue;
            const NoFlyVolume& nf = (*inputs_.noFly)[n];
            const double off = nf.reference == AltitudeReference::AboveGround ? ground_[c] : 0.0;
            if (zt > nf.floorM + off - spec_.noFlyVerticalBufferM &&
                zb < nf.ceilingM + off + spec_.noFlyVerticalBufferM)
                return {BlockCause::NoFly, nf.name};
        }
    // The tallest building within reach whose top plus the vertical clearance rises above the voxel's bottom.
    const double reach = spec_.lateralClearanceM + spec_.tubeHalfWidthM + g.cellM;
    const double x = g.originX + (v.i + 0.5) * g.cellM, y = g.originY - (v.j + 0.5) * g.cellM;
    if (inputs_.buildings && !buildingBuckets_.empty()) {
        const auto& bucket = buildingBuckets_[static_cast<std::size_t>(v.j / 64) * bucketsX_ + v.i / 64];
        int best = -1;
        for (int b : bucket) {
            if (buildingTopAll_[b] + spec_.verticalClearanceM <= zb) continue;
            const BuildingInput& bi = (*inputs_.buildings)[b];
            bool near = false;
            for (const core::Polygon& p : bi.footprint)
                near = near || detail::pointInPolygon(p, x, y) ||
                       detail::pointPolygonBoundaryDistance(p, x, y) <= reach;
            if (near && (best < 0 || buildingTopAll_[b] > buildingTopAll_[best])) best = b;
        }
        if (best >= 0) return {BlockCause::Building, (*inputs_.buildings)[best].id};
    }
    if (zb < bandFloorM(v.i, v.j) - 1e-6) {
        if (zb < ground_[c] + spec_.verticalClearanceM) return {BlockCause::Terrain, {}};
        return {BlockCause::BandFloor, {}};
    }
    return {BlockCause::Terrain, {}};
}

std::size_t Airspace::memoryBytes() const {
    std::size_t n =
        grid_.memoryBytes() + ground_.capacity() * sizeof(float) + buildingTop_.capacity() * sizeof(float);
    for (const auto& p : departure_)
        n += p.runs.memoryBytes();
    for (const auto& p : approach_)
        n += p.runs.memoryBytes();
    for (const auto& m : noFly_)
        n += m.cells.capacity();
    for (const auto& b : buildingBuckets_)
        n += b.capacity() * sizeof(int);
    return n + buildingTopAll_.capacity() * sizeof(float);
}

}  // namespace citytwin::uam

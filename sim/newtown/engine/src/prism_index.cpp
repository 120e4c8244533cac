#include "prism_index.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::newtown::detail {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kLow = -1e30f;

inline double cross(double ax, double ay, double bx, double by) {
    return ax * by - ay * bx;
}
}  // namespace

PrismIndex::PrismIndex(const std::vector<Obstacle>& obstacles) {
    double x0 = kInf, y0 = kInf, x1 = -kInf, y1 = -kInf;
    double areaSum = 0.0;
    for (std::size_t i = 0; i < obstacles.size(); ++i) {
        const Obstacle& o = obstacles[i];
        if (!(o.topM > o.baseM) || o.footprint.outer.size() < 4) continue;
        Prism p{kInf,
                kInf,
                -kInf,
                -kInf,
                o.baseM,
                o.topM,
                static_cast<std::uint32_t>(edges_.size() / 4),
                0,
                static_cast<int>(i),
                o.kind};
        auto addRing = [&](const core::Ring& r) {
            for (std::size_t k = 0; k + 1 < r.size(); ++k) {
                edges_.insert(edges_.end(), {r[k].x, r[k].y, r[k + 1].x, r[k + 1].y});
                ++p.edgeCount;
                p.minX = std::min(p.minX, r[k].x);
                p.maxX = std::max(p.maxX, r[k].x);
                p.minY = std::min(p.minY, r[k].y);
                p.maxY = std::max(p.maxY, r[k].y);
            }
        };
        addRing(o.footprint.outer);
        for (const core::Ring& h : o.footprint.inners)
            addRing(h);
        x0 = std::min(x0, p.minX);
        y0 = std::min(y0, p.minY);
        x1 = std::max(x1, p.maxX);
        y1 = std::max(y1, p.maxY);
        areaSum += (p.maxX - p.minX) * (p.maxY - p.minY);
        switch (o.kind) {
            case Obstacle::Kind::Kept:
                maxKept_ = std::max(maxKept_, o.topM);
                break;
            case Obstacle::Kind::Removed:
                maxRemoved_ = std::max(maxRemoved_, o.topM);
                break;
            case Obstacle::Kind::New:
                maxNew_ = std::max(maxNew_, o.topM);
                break;
        }
        prisms_.push_back(p);
    }
    if (prisms_.empty()) return;
    // Cells about twice the mean footprint box, so that a cell holds a few prisms.
    const double mean = std::sqrt(areaSum / static_cast<double>(prisms_.size()));
    cell_ = std::clamp(2.0 * mean, 2.0, 500.0);
    const double span = std::max(x1 - x0, y1 - y0);
    cell_ = std::max(cell_, span / 2048.0);  // at most 2048 cells a side
    gx0_ = x0 - 1e-6;
    gy0_ = y0 - 1e-6;
    nx_ = std::max(1, static_cast<int>(std::ceil((x1 - gx0_) / cell_ + 1e-9)));
    ny_ = std::max(1, static_cast<int>(std::ceil((y1 - gy0_) / cell_ + 1e-9)));
    const std::size_t cells = static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_);
    std::vector<std::uint32_t> count(cells + 1, 0);
    auto range = [&](const Prism& p, int& cx0, int& cy0, int& cx1, int& cy1) {
        cx0 = std::clamp(static_cast<int>(std::floor((p.minX - gx0_) / cell_)), 0, nx_ - 1);
        cx1 = std::clamp(static_cast<int>(std::floor((p.maxX - gx0_) / cell_)), 0, nx_ - 1);
        cy0 = std::clamp(static_cast<int>(std::floor((p.minY - gy0_) / cell_)), 0, ny_ - 1);
        cy1 = std::clamp(static_cast<int>(std::floor((p.maxY - gy0_) / cell_)), 0, ny_ - 1);
    };
    keptTop_.assign(cells, kLow);
    removedTop_.assign(cells, kLow);
    newTop_.assign(cells, kLow);
    for (const Prism& p : prisms_) {
        int cx0, cy0, cx1, cy1;
        range(p, cx0, cy0, cx1, cy1);
        for (int cy = cy0; cy <= cy1; ++cy)
            for (int cx = cx0; cx <= cx1; ++cx) {
                const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
                ++count[c + 1];
                std::vector<float>& top = p.kind == Obstacle::Kind::Kept
                                              ? keptTop_
                                              : (p.kind == Obstacle::Kind::Removed ? removedTop_ : newTop_);
                top[c] = std::max(top[c], static_cast<float>(p.top) + 1e-3f);
            }
    }
    for (std::size_t c = 0; c < cells; ++c)
        count[c + 1] += count[c];
    cellStart_ = count;
    cellItems_.resize(count[cells]);
    std::vector<std::uint32_t> fill(count.begin(), count.end() - 1);
    for (std::uint32_t i = 0; i < prisms_.size(); ++i) {
        int cx0, cy0, cx1, cy1;
        range(prisms_[i], cx0, cy0, cx1, cy1);
        for (int cy = cy0; cy <= cy1; ++cy)
            for (int cx = cx0; cx <= cx1; ++cx)
                cellItems_[fill[static_cast<std::size_t>(cy) * nx_ + cx]++] = i;
    }
}

bool PrismIndex::hits(const Prism& p, double x, double y, double z, double ux, double uy,
                      double tanAlt) const {
    // Bounding box first (slab test), then the height at entry and exit.
    double tmin = 0.0, tmax = kInf;
    if (std::fabs(ux) < 1e-15) {
        if (x < p.minX || x > p.maxX) return false;
    } else {
        double a = (p.minX - x) / ux, b = (p.maxX - x) / ux;
        if (a > b) std::swap(a, b);
        tmin = std::max(tmin, a);
        tmax = std::min(tmax, b);
    }
    if (std::fabs(uy) < 1e-15) {
        if (y < p.minY || y > p.maxY) return false;
    } else {
        double a = (p.minY - y) / uy, b = (p.maxY - y) / uy;
        if (a > b) std::swap(a, b);
        tmin = std::max(tmin, a);
        tmax = std::min(tmax, b);
    }
    if (tmin > tmax) return false;
    if (z + tmin * tanAlt > p.top || z + tmax * tanAlt < p.base) return false;
    // Exact: crossings of the ray with the footprint's edges; the ray is inside between pairs of crossings
    // (and from its start when it starts inside, an odd count).
    double ts[128];
    std::vector<double> many;
    int n = 0;
    const double* e = edges_.data() + 4 * static_cast<std::size_t>(p.edgeBegin);
    for (std::uint32_t k = 0; k < p.edgeCount; ++k, e += 4) {
        const double ex = e[2] - e[0], ey = e[3] - e[1];
        const double den = cross(ux, uy, ex, ey);
        if (std::fabs(den) < 1e-15) continue;
        const double wx = e[0] - x, wy = e[1] - y;
        const double t = cross(wx, wy, ex, ey) / den;
        const double s = cross(wx, wy, ux, uy) / den;
        if (s < 0.0 || s >= 1.0 || t <= 0.0) continue;  // half-open on the edge: a vertex counts once
        if (n < 128)
            ts[n] = t;
        else
            many.push_back(t);
        ++n;
    }
    if (n == 0) return false;
    double* list = ts;
    if (n > 128) {
        many.insert(many.begin(), ts, ts + 128);
        list = many.data();
    }
    std::sort(list, list + n);
    int i = 0;
    double start = 0.0;
    if (n % 2 == 1) {  // starts inside: [0, t0]
        if (z <= p.top && z + list[0] * tanAlt >= p.base) return true;
        i = 1;
    }
    for (; i + 1 < n; i += 2) {
        start = list[i];
        if (z + start * tanAlt <= p.top && z + list[i + 1] * tanAlt >= p.base) return true;
    }
    return false;
}

TraceHit PrismIndex::trace(double x, double y, double z, double ux, double uy, double tanAlt,
                           TraceScratch& s) const {
    TraceHit r;
    if (prisms_.empty()) return r;
    if (++s.current == 0) {
        std::fill(s.stamp.begin(), s.stamp.end(), 0u);
        s.current = 1;
    }
    const double gx1 = gx0_ + nx_ * cell_, gy1 = gy0_ + ny_ * cell_;
    // Clip to the grid.
    double t0 = 0.0, t1 = kInf;
    if (std::fabs(ux) < 1e-15) {
        if (x < gx0_ || x > gx1) return r;
    } else {
        double a = (gx0_ - x) / ux, b = (gx1 - x) / ux;
        if (a > b) std::swap(a, b);
        t0 = std::max(t0, a);
        t1 = std::min(t1, b);
    }
    if (std::fabs(uy) < 1e-15) {
        if (y < gy0_ || y > gy1) return r;
    } else {
        double a = (gy0_ - y) / uy, b = (gy1 - y) / uy;
        if (a > b) std::swap(a, b);
        t0 = std::max(t0, a);
        t1 = std::min(t1, b);
    }
    if (t0 > t1) return r;
    const double px = x + ux * t0, py = y + uy * t0;
    int cx = std::clamp(static_cast<int>(std::floor((px - gx0_) / cell_)), 0, nx_ - 1);
    int cy = std::clamp(static_cast<int>(std::floor((py - gy0_) / cell_)), 0, ny_ - 1);
    const int stepX = ux > 0 ? 1 : -1, stepY = uy > 0 ? 1 : -1;
    double tMaxX = std::fabs(ux) < 1e-15 ? kInf : (gx0_ + (cx + (ux > 0 ? 1 : 0)) * cell_ - x) / ux;
    double tMaxY = std::fabs(uy) < 1e-15 ? kInf : (gy0_ + (cy + (uy > 0 ? 1 : 0)) * cell_ - y) / uy;
    const double tDeltaX = std::fabs(ux) < 1e-15 ? kInf : cell_ / std::fabs(ux);
    const double tDeltaY = std::fabs(uy) < 1e-15 ? kInf : cell_ / std::fabs(uy);
    double tEnter = t0;
    while (true) {
        const double zEnter = z + tEnter * tanAlt;
        double needed = maxKept_;
        if (r.firstNew < 0) needed = std::max(needed, maxNew_);
        if (!r.removed) needed = std::max(needed, maxRemoved_);
        if (zEnter > needed) break;  // the ray is above every building that could still matter
        const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
        double top = keptTop_[c];
        if (r.firstNew < 0) top = std::max(top, static_cast<double>(newTop_[c]));
        if (!r.removed) top = std::max(top, static_cast<double>(removedTop_[c]));
        if (zEnter <= top) {
            for (std::uint32_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
                const std::uint32_t pi = cellItems_[k];
                if (s.stamp[pi] == s.current) continue;
                const Prism& p = prisms_[pi];
                if (p.kind == Obstacle::Kind::New && r.firstNew >= 0) continue;
                if (p.kind == Obstacle::Kind::Removed && r.removed) continue;
                s.stamp[pi] = s.current;
                if (!hits(p, x, y, z, ux, uy, tanAlt)) continue;
                if (p.kind == Obstacle::Kind::Kept) {
                    r.kept = true;
                    return r;
                }
                if (p.kind == Obstacle::Kind::Removed)
                    r.removed = true;
                else
                    r.firstNew = p.obstacle;
            }
        }
        if (tMaxX < tMaxY) {
            tEnter = tMaxX;
            tMaxX += tDeltaX;
            cx += stepX;
            if (cx < 0 || cx >= nx_) break;
        } else {
            tEnter = tMaxY;
            tMaxY += tDeltaY;
            cy += stepY;
            if (cy < 0 || cy >= ny_) break;
        }
        if (tEnter > t1) break;
    }
    return r;
}

bool PrismIndex::inside(double x, double y, double z, int exclude) const {
    if (prisms_.empty()) return false;
    const int cx = static_cast<int>(std::floor((x - gx0_) / cell_));
    const int cy = static_cast<int>(std::floor((y - gy0_) / cell_));
    if (cx < 0 || cy < 0 || cx >= nx_ || cy >= ny_) return false;
    const std::size_t c = static_cast<std::size_t>(cy) * nx_ + cx;
    for (std::uint32_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k) {
        const Prism& p = prisms_[cellItems_[k]];
        if (p.obstacle == exclude || z < p.base || z > p.top) continue;
        if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) continue;
        bool in = false;
        const double* e = edges_.data() + 4 * static_cast<std::size_t>(p.edgeBegin);
        for (std::uint32_t i = 0; i < p.edgeCount; ++i, e += 4)
            if ((e[1] > y) != (e[3] > y) && x < (e[2] - e[0]) * (y - e[1]) / (e[3] - e[1]) + e[0]) in = !in;
        if (in) return true;
    }
    return false;
}

void SunAlignedField::compute(const std::vector<float>& z, int w, int h, const core::GeoTransform& g,
                              double ux, double uy, double tanAlt, bool bilinear) {
    cell_ = std::min(g.cellWidth, g.cellHeight);
    ax_ = -ux;
    ay_ = -uy;
    bx_ = -ay_;
    by_ = ax_;
    ox_ = g.originX;
    oy_ = g.originY;
    // Extent of the grid in the aligned axes.
    double amin = kInf, amax = -kInf, bmin = kInf, bmax = -kInf;
    const double xs[2] = {g.originX, g.originX + w * g.cellWidth};
    const double ys[2] = {g.originY, g.originY - h * g.cellHeight};
    for (double x : xs)
        for (double y : ys) {
            const double a = (x - ox_) * ax_ + (y - oy_) * ay_, b = (x - ox_) * bx_ + (y - oy_) * by_;
            amin = std::min(amin, a);
            amax = std::max(amax, a);
            bmin = std::min(bmin, b);
            bmax = std::max(bmax, b);
        }
    a0_ = amin;
    b0_ = bmin;
    na_ = std::max(1, static_cast<int>(std::ceil((amax - amin) / cell_)));
    nb_ = std::max(1, static_cast<int>(std::ceil((bmax - bmin) / cell_)));
    up_.assign(static_cast<std::size_t>(na_) * nb_, kLow);
    const double drop = cell_ * tanAlt;
    auto source = [&](double x, double y) -> float {
        const double fc = (x - g.originX) / g.cellWidth, fr = (g.originY - y) / g.cellHeight;
        if (fc < 0 || fr < 0 || fc >= w || fr >= h) return kLow;
        if (!bilinear) {
            const float v = z[static_cast<std::size_t>(fr) * w + static_cast<std::size_t>(fc)];
            return std::isnan(v) ? kLow : v;
        }
        const double cc = fc - 0.5, rr = fr - 0.5;
        const int c0 = std::clamp(static_cast<int>(std::floor(cc)), 0, std::max(0, w - 2));
        const int r0 = std::clamp(static_cast<int>(std::floor(rr)), 0, std::max(0, h - 2));
        const int c1 = std::min(c0 + 1, w - 1), r1 = std::min(r0 + 1, h - 1);
        const double tx = std::clamp(cc - c0, 0.0, 1.0), ty = std::clamp(rr - r0, 0.0, 1.0);
        const float v00 = z[static_cast<std::size_t>(r0) * w + c0],
                    v10 = z[static_cast<std::size_t>(r0) * w + c1];
        const float v01 = z[static_cast<std::size_t>(r1) * w + c0],
                    v11 = z[static_cast<std::size_t>(r1) * w + c1];
        if (std::isnan(v00) || std::isnan(v10) || std::isnan(v01) || std::isnan(v11)) {
            const float v = z[static_cast<std::size_t>(fr) * w + static_cast<std::size_t>(fc)];
            return std::isnan(v) ? kLow : v;
        }
        return static_cast<float>((1 - ty) * ((1 - tx) * v00 + tx * v10) + ty * ((1 - tx) * v01 + tx * v11));
    };
#pragma omp parallel for schedule(static)
    for (int j = 0; j < nb_; ++j) {
        const double b = b0_ + (j + 0.5) * cell_;
        float s = kLow;
        float* row = up_.data() + static_cast<std::size_t>(j) * na_;
        for (int i = 0; i < na_; ++i) {
            const double a = a0_ + (i + 0.5) * cell_;
            const double x = ox_ + a * ax_ + b * bx_, y = oy_ + a * ay_ + b * by_;
            const float u = s > kLow ? static_cast<float>(s - drop) : kLow;
            row[i] = u;
            s = std::max(source(x, y), u);
        }
    }
}

double SunAlignedField::at(double x, double y, bool nearest) const {
    const double a = (x - ox_) * ax_ + (y - oy_) * ay_, b = (x - ox_) * bx_ + (y - oy_) * by_;
    const double fi = (a - a0_) / cell_ - 0.5, fj = (b - b0_) / cell_ - 0.5;
    if (fi < -0.5 || fj < -0.5 || fi > na_ - 0.5 || fj > nb_ - 0.5) return kLow;
    if (nearest) {
        const int i = std::clamp(static_cast<int>(std::lround(fi)), 0, na_ - 1);
        const int j = std::clamp(static_cast<int>(std::lround(fj)), 0, nb_ - 1);
        return up_[static_cast<std::size_t>(j) * na_ + i];
    }
    const int i0 = std::clamp(static_cast<int>(std::floor(fi)), 0, std::max(0, na_ - 2));
    const int j0 = std::clamp(static_cast<int>(std::floor(fj)), 0, std::max(0, nb_ - 2));
    const int i1 = std::min(i0 + 1, na_ - 1), j1 = std::min(j0 + 1, nb_ - 1);
    const double tx = std::clamp(fi - i0, 0.0, 1.0), ty = std::clamp(fj - j0, 0.0, 1.0);
    const double v00 = up_[static_cast<std::size_t>(j0) * na_ + i0],
                 v10 = up_[static_cast<std::size_t>(j0) * na_ + i1];
    const double v01 = up_[static_cast<std::size_t>(j1) * na_ + i0],
                 v11 = up_[static_cast<std::size_t>(j1) * na_ + i1];
    if (v00 <= kLow || v10 <= kLow || v01 <= kLow || v11 <= kLow) {
        // Next to a row with nothing upstream: the nearest cell decides.
        const int i = std::clamp(static_cast<int>(std::lround(fi)), 0, na_ - 1);
        const int j = std::clamp(static_cast<int>(std::lround(fj)), 0, nb_ - 1);
        return up_[static_cast<std::size_t>(j) * na_ + i];
    }
    return (1 - ty) * ((1 - tx) * v00 + tx * v10) + ty * ((1 - tx) * v01 + tx * v11);
}

}  // namespace citytwin::newtown::detail

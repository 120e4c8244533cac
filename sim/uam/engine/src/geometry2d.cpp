#include "geometry2d.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace citytwin::uam::detail {

bool ColumnGrid::columnOf(double x, double y, int& i, int& j) const {
    const double u = (x - x0) / h;
    const double v = (y0 - y) / h;
    if (!(u >= 0.0) || !(v >= 0.0)) return false;
    i = static_cast<int>(u);
    j = static_cast<int>(v);
    if (i == nx && u == nx) --i;  // the east and south edges belong to the last column
    if (j == ny && v == ny) --j;
    return inside(i, j);
}

bool pointInPolygon(const core::Polygon& polygon, double x, double y) {
    bool inside = false;
    auto ring = [&](const core::Ring& r) {
        const std::size_t n = r.size();
        for (std::size_t a = 0, b = n - 1; a < n; b = a++) {
            const core::Point& p = r[a];
            const core::Point& q = r[b];
            if ((p.y > y) != (q.y > y)) {
                const double xc = p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y);
                if (x < xc) inside = !inside;
            }
        }
    };
    ring(polygon.outer);
    for (const core::Ring& h : polygon.inners)
        ring(h);
    return inside;
}

void rasterizePolygon(const ColumnGrid& g, const core::Polygon& polygon,
                      const std::function<void(int, int)>& visit) {
    double minX = std::numeric_limits<double>::infinity(), maxX = -minX, minY = minX, maxY = -minX;
    for (const core::Point& p : polygon.outer) {
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    if (!(minX <= maxX)) return;
    const int j0 = std::max(0, static_cast<int>(std::floor((g.y0 - maxY) / g.h)));
    const int j1 = std::min(g.ny - 1, static_cast<int>(std::floor((g.y0 - minY) / g.h)));
    std::vector<const core::Ring*> rings{&polygon.outer};
    for (const core::Ring& r : polygon.inners)
        rings.push_back(&r);
    std::vector<std::uint8_t> row;
    std::vector<double> crossings;
    for (int j = j0; j <= j1; ++j) {
        const double yTop = g.y0 - j * g.h;
        const double yBot = yTop - g.h;
        const double yc = 0.5 * (yTop + yBot);
        int iMin = g.nx, iMax = -1;
        row.assign(static_cast<std::size_t>(g.nx), 0);
        auto mark = [&](int a, int b) {
            a = std::max(a, 0);
            b = std::min(b, g.nx - 1);
            for (int i = a; i <= b; ++i)
                row[static_cast<std::size_t>(i)] = 1;
            if (a <= b) {
                iMin = std::min(iMin, a);
                iMax = std::max(iMax, b);
            }
        };
        crossings.clear();
        for (const core::Ring* r : rings) {
            const std::size_t n = r->size();
            if (n < 2) continue;
            for (std::size_t a = 0; a + 1 < n; ++a) {
                const core::Point& p = (*r)[a];
                const core::Point& q = (*r)[a + 1];
                // The part of the edge inside the open strip (yBot, yTop) covers a continuous x range: every
                // column whose open x range meets it holds boundary, hence part of the interior.
                const double lo = std::min(p.y, q.y), hi = std::max(p.y, q.y);
                if (hi > yBot && lo < yTop) {
                    double xa = std::min(p.x, q.x), xb = std::max(p.x, q.x);
                    if (p.y != q.y) {
                        const double ta = std::clamp((yBot - p.y) / (q.y - p.y), 0.0, 1.0);
                        const double tb = std::clamp((yTop - p.y) / (q.y - p.y), 0.0, 1.0);
                        xa = p.x + ta * (q.x - p.x);
                        xb = p.x + tb * (q.x - p.x);
                        if (xa > xb) std::swap(xa, xb);
                    }
                    const double ua = (xa - g.x0) / g.h, ub = (xb - g.x0) / g.h;
                    mark(static_cast<int>(std::floor(ua)), static_cast<int>(std::ceil(ub)) - 1);
                }
                // Even-odd crossings of the strip's centre line, for the columns whose centre is inside.
                if ((p.y > yc) != (q.y > yc))
                    crossings.push_back(p.x + (yc - p.y) * (q.x - p.x) / (q.y - p.y));
            }
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t c = 0; c + 1 < crossings.size(); c += 2) {
            // Columns with centre x in [crossings[c], crossings[c+1]].
            const int a = static_cast<int>(std::ceil((crossings[c] - g.x0) / g.h - 0.5));
            const int b = static_cast<int>(std::floor((crossings[c + 1] - g.x0) / g.h - 0.5));
            mark(a, b);
        }
        for (int i = std::max(iMin, 0); i <= iMax; ++i)
            if (row[static_cast<std::size_t>(i)]) visit(i, j);
    }
}

namespace {

/// Half-widths (in columns) of the structuring element's rows, for row offsets 0..R.
std::vector<int> elementRows(double radiusM, double h) {
    const double r = radiusM / h;
    std::vector<int> w;
    for (int dj = 0;; ++dj) {
        const double ey = std::max(0, dj - 1);
        if (ey > r) break;
        // largest di with max(0, di - 1)^2 + ey^2 <= r^2
        w.push_back(1 + static_cast<int>(std::floor(std::sqrt(std::max(0.0, r * r - ey * ey)))));
    }
    return w;
}

/// Sliding maximum of width 2w+1 over one row (van Herk / Gil-Werman): out[i] = max in[i-w .. i+w].
template <class T>
void rowMax(const T* in, T* out, int n, int w, std::vector<T>& g, std::vector<T>& hbuf, T lowest) {
    const int k = 2 * w + 1;
    const int padded = n + 2 * w;
    const int blocks = (padded + k - 1) / k;
    const int m = blocks * k;
    g.assign(static_cast<std::size_t>(m), lowest);
    hbuf.assign(static_cast<std::size_t>(m), lowest);
    auto at = [&](int p) {
        const int i = p - w;
        return (i >= 0 && i < n) ? in[i] : lowest;
    };
    for (int b = 0; b < blocks; ++b) {
        const int s = b * k;
        g[s] = at(s);
        for (int p = s + 1; p < s + k; ++p)
            g[p] = std::max(g[p - 1], at(p));
        hbuf[s + k - 1] = at(s + k - 1);
        for (int p = s + k - 2; p >= s; --p)
            hbuf[p] = std::max(hbuf[p + 1], at(p));
    }
    // Window [p, p + k - 1] in padded coordinates, p = i.
    for (int i = 0; i < n; ++i)
        out[i] = std::max(hbuf[i], g[i + k - 1]);
}

template <class T>
std::vector<T> dilateImpl(const ColumnGrid& grid, const std::vector<T>& in, double radiusM, T lowest) {
    const std::vector<int> widths = elementRows(radiusM, grid.h);
    const int R = static_cast<int>(widths.size()) - 1;
    std::vector<T> out(in.size(), lowest);
    std::vector<T> tmp(static_cast<std::size_t>(grid.nx));
    std::vector<T> g, hb;
    // Row offsets with equal half-width share one sliding-max pass per source row.
    for (int dj = -R; dj <= R; ++dj) {
        const int w = widths[static_cast<std::size_t>(std::abs(dj))];
        for (int j = 0; j < grid.ny; ++j) {
            const int src = j + dj;
            if (src < 0 || src >= grid.ny) continue;
            rowMax(in.data() + grid.index(0, src), tmp.data(), grid.nx, w, g, hb, lowest);
            T* o = out.data() + grid.index(0, j);
            for (int i = 0; i < grid.nx; ++i)
                o[i] = std::max(o[i], tmp[static_cast<std::size_t>(i)]);
        }
    }
    return out;
}

}  // namespace

std::vector<float> dilate(const ColumnGrid& grid, const std::vector<float>& in, double radiusM) {
    const float lowest = -std::numeric_limits<float>::infinity();
    std::vector<float> clean(in);
    for (float& v : clean)
        if (std::isnan(v)) v = lowest;
    std::vector<float> out = dilateImpl(grid, clean, radiusM, lowest);
    for (float& v : out)
        if (v == lowest) v = std::numeric_limits<float>::quiet_NaN();
    return out;
}

std::vector<std::uint8_t> dilateMask(const ColumnGrid& grid, const std::vector<std::uint8_t>& in,
                                     double radiusM) {
    return dilateImpl<std::uint8_t>(grid, in, radiusM, 0);
}

double pointSegmentDistance(double x, double y, const core::Point& a, const core::Point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / l2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(a.x + t * dx - x, a.y + t * dy - y);
}

double pointPolygonBoundaryDistance(const core::Polygon& polygon, double x, double y) {
    double d = std::numeric_limits<double>::infinity();
    auto ring = [&](const core::Ring& r) {
        for (std::size_t a = 0; a + 1 < r.size(); ++a)
            d = std::min(d, pointSegmentDistance(x, y, r[a], r[a + 1]));
    };
    ring(polygon.outer);
    for (const core::Ring& h : polygon.inners)
        ring(h);
    return d;
}

}  // namespace citytwin::uam::detail

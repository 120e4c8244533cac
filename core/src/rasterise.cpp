#include "citytwin/core/rasterise.h"

#include <algorithm>
#include <cmath>

namespace citytwin::core {

void forEachCellRun(const GeoTransform& t, int width, int height, const MultiPolygon& polygon,
                    const std::function<void(int, int, int)>& visit) {
    if (width <= 0 || height <= 0 || polygon.empty()) return;
    const Box b = bounds(polygon);
    if (!(b.maxY >= b.minY) || !std::isfinite(b.minX) || !std::isfinite(b.maxX) || !std::isfinite(b.minY) ||
        !std::isfinite(b.maxY))
        return;
    // Rows whose centre y may lie in [minY, maxY]; one spare row each side, checked exactly below.
    const double rTop = std::floor((t.originY - b.maxY) / t.cellHeight - 0.5);
    const double rBottom = std::floor((t.originY - b.minY) / t.cellHeight - 0.5) + 1.0;
    const int row0 = static_cast<int>(std::clamp(rTop, 0.0, static_cast<double>(height - 1)));
    const int row1 = static_cast<int>(std::clamp(rBottom, 0.0, static_cast<double>(height - 1)));
    if (rBottom < 0.0 || rTop > static_cast<double>(height - 1)) return;
    std::vector<std::vector<double>> crossings(static_cast<std::size_t>(row1 - row0 + 1));

    auto addRing = [&](const Ring& ring) {
        const std::size_t n = ring.size();
        if (n < 3) return;
        for (std::size_t i = 0; i < n; ++i) {
            const Point& p = ring[i];
            const Point& q = ring[(i + 1) % n];
            if (p.y == q.y) continue;  // horizontal edges never cross a scanline under the half-open rule
            const double lo = std::min(p.y, q.y), hi = std::max(p.y, q.y);
            const int ra = std::max(row0, static_cast<int>(std::floor((t.originY - hi) / t.cellHeight - 0.5)));
            const int rb =
                std::min(row1, static_cast<int>(std::floor((t.originY - lo) / t.cellHeight - 0.5)) + 1);
            for (int r = ra; r <= rb; ++r) {
                const double y = t.originY - (r + 0.5) * t.cellHeight;
                // Half-open in y: a vertex on the scanline is counted for exactly one of its two edges.
                if ((p.y > y) == (q.y > y)) continue;
                const double x = p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y);
                crossings[static_cast<std::size_t>(r - row0)].push_back(x);
            }
        }
    };
    for (const Polygon& part : polygon) {
        addRing(part.outer);
        for (const Ring& hole : part.inners)
            addRing(hole);
    }
    for (int r = row0; r <= row1; ++r) {
        std::vector<double>& xs = crossings[static_cast<std::size_t>(r - row0)];
        if (xs.size() < 2) continue;
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            // Cells whose centre x lies in [xs[k], xs[k+1]).
            const double a = std::ceil((xs[k] - t.originX) / t.cellWidth - 0.5);
            const double e = std::ceil((xs[k + 1] - t.originX) / t.cellWidth - 0.5);
            const int c0 = static_cast<int>(std::clamp(a, 0.0, static_cast<double>(width)));
            const int c1 = static_cast<int>(std::clamp(e, 0.0, static_cast<double>(width)));
            if (c1 > c0) visit(r, c0, c1);
        }
    }
}

std::vector<std::size_t> cellsInside(const GeoTransform& t, int width, int height, const MultiPolygon& polygon) {
    std::vector<std::size_t> cells;
    forEachCellRun(t, width, height, polygon, [&](int row, int c0, int c1) {
        const std::size_t base = static_cast<std::size_t>(row) * static_cast<std::size_t>(width);
        for (int c = c0; c < c1; ++c)
            cells.push_back(base + static_cast<std::size_t>(c));
    });
    return cells;
}

}  // namespace citytwin::core

#include "citytwin/core/geometry.h"

#include <algorithm>
#include <cmath>

namespace citytwin::core {

void Box::expand(const Point& p) {
    if (empty()) {
        minX = maxX = p.x;
        minY = maxY = p.y;
        return;
    }
    minX = std::min(minX, p.x);
    minY = std::min(minY, p.y);
    maxX = std::max(maxX, p.x);
    maxY = std::max(maxY, p.y);
}

void Box::expand(const Box& b) {
    if (b.empty()) return;
    expand(Point{b.minX, b.minY});
    expand(Point{b.maxX, b.maxY});
}

bool Box::intersects(const Box& b) const {
    if (empty() || b.empty()) return false;
    return minX <= b.maxX && b.minX <= maxX && minY <= b.maxY && b.minY <= maxY;
}

Box Box::intersection(const Box& b) const {
    if (!intersects(b)) return Box{};
    return Box{std::max(minX, b.minX), std::max(minY, b.minY), std::min(maxX, b.maxX),
               std::min(maxY, b.maxY)};
}

double signedArea(const Ring& ring) {
    if (ring.size() < 3) return 0.0;
    // Shoelace formula relative to the first vertex, which keeps precision with large projected coordinates.
    const Point o = ring.front();
    double twice = 0.0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x0 = ring[i].x - o.x, y0 = ring[i].y - o.y;
        const double x1 = ring[i + 1].x - o.x, y1 = ring[i + 1].y - o.y;
        twice += x0 * y1 - x1 * y0;
    }
    return 0.5 * twice;
}

double area(const Polygon& polygon) {
    double a = std::abs(signedArea(polygon.outer));
    for (const Ring& hole : polygon.inners)
        a -= std::abs(signedArea(hole));
    return std::max(a, 0.0);
}

double area(const MultiPolygon& polygon) {
    double a = 0.0;
    for (const Polygon& part : polygon)
        a += area(part);
    return a;
}

double length(const LineString& line) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
        sum += std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
    return sum;
}

namespace {
// Adds the first moments of a ring (relative to origin o) to sx, sy and its signed area to sa.
void accumulateRing(const Ring& ring, const Point& o, double sign, double& sx, double& sy, double& sa) {
    if (ring.size() < 3) return;
    double a = 0.0, cx = 0.0, cy = 0.0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x0 = ring[i].x - o.x, y0 = ring[i].y - o.y;
        const double x1 = ring[i + 1].x - o.x, y1 = ring[i + 1].y - o.y;
        const double cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    // Orientation-independent: exterior counts positive, holes negative.
    const double s = (a >= 0.0 ? 1.0 : -1.0) * sign;
    sa += s * a / 2.0;
    sx += s * cx / 6.0;
    sy += s * cy / 6.0;
}
}  // namespace

Point centroid(const MultiPolygon& polygon) {
    Point o;
    bool haveOrigin = false;
    double sx = 0.0, sy = 0.0, sa = 0.0;
    double mx = 0.0, my = 0.0;
    std::size_t n = 0;
    for (const Polygon& part : polygon) {
        if (!part.outer.empty() && !haveOrigin) {
            o = part.outer.front();
            haveOrigin = true;
        }
        accumulateRing(part.outer, o, 1.0, sx, sy, sa);
        for (const Ring& hole : part.inners)
            accumulateRing(hole, o, -1.0, sx, sy, sa);
        for (const Point& p : part.outer) {
            mx += p.x - o.x;
            my += p.y - o.y;
            ++n;
        }
    }
    if (!haveOrigin) return Point{std::nan(""), std::nan("")};
    if (std::abs(sa) > 0.0) return Point{o.x + sx / sa, o.y + sy / sa};
    return Point{o.x + mx / static_cast<double>(n), o.y + my / static_cast<double>(n)};
}

Box bounds(const MultiPolygon& polygon) {
    Box b;
    for (const Polygon& part : polygon)
        for (const Point& p : part.outer)
            b.expand(p);
    return b;
}

Box bounds(const LineString& line) {
    Box b;
    for (const Point& p : line)
        b.expand(p);
    return b;
}

std::size_t vertexCount(const MultiPolygon& polygon) {
    std::size_t n = 0;
    for (const Polygon& part : polygon) {
        n += part.outer.size();
        for (const Ring& hole : part.inners)
            n += hole.size();
    }
    return n;
}

}  // namespace citytwin::core

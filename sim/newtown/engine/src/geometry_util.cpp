#include "geometry_util.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "citytwin/core/geometry_boost.h"

namespace citytwin::newtown::detail {

namespace bg = boost::geometry;

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Maps a point so that `dir` becomes +y (a rotation, so distances are kept).
Point toNorth(const Point& p, Dir dir) {
    switch (dir) {
        case Dir::North:
            return p;
        case Dir::South:
            return {-p.x, -p.y};
        case Dir::East:
            return {-p.y, p.x};
        case Dir::West:
            return {p.y, -p.x};
    }
    return p;
}

void appendRingEdges(const Ring& r, std::vector<Segment>& out) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i)
        out.push_back({r[i], r[i + 1]});
    if (r.size() > 2 && r.front() != r.back()) out.push_back({r.back(), r.front()});
}

/// Largest y of the segments crossing the vertical line x (NaN if none).
void crossings(const std::vector<Segment>& segs, double x, std::vector<double>& ys) {
    ys.clear();
    for (const Segment& s : segs) {
        const double x0 = std::min(s.a.x, s.b.x), x1 = std::max(s.a.x, s.b.x);
        if (x < x0 || x > x1) continue;
        if (x1 - x0 < 1e-12) {  // vertical edge on the line: both ends count
            ys.push_back(s.a.y);
            ys.push_back(s.b.y);
            continue;
        }
        const double t = (x - s.a.x) / (s.b.x - s.a.x);
        ys.push_back(s.a.y + t * (s.b.y - s.a.y));
    }
}
}  // namespace

Point rotate(const Point& p, double angleDeg, const Point& o) {
    const double a = angleDeg * kPi / 180.0;
    const double c = std::cos(a), s = std::sin(a);
    const double dx = p.x - o.x, dy = p.y - o.y;
    return {o.x + dx * c - dy * s, o.y + dx * s + dy * c};
}

Polygon rotate(const Polygon& poly, double angleDeg, const Point& o) {
    Polygon out;
    out.outer.reserve(poly.outer.size());
    for (const Point& p : poly.outer)
        out.outer.push_back(rotate(p, angleDeg, o));
    for (const Ring& r : poly.inners) {
        Ring rr;
        for (const Point& p : r)
            rr.push_back(rotate(p, angleDeg, o));
        out.inners.push_back(rr);
    }
    return out;
}

Polygon rectangle(double x0, double y0, double x1, double y1) {
    Polygon p;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return p;
}

namespace {
bool insideRing(const Ring& r, const Point& p) {
    bool in = false;
    const std::size_t n = r.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Point& a = r[i];
        const Point& b = r[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}
}  // namespace

bool inside(const Polygon& poly, const Point& p) {
    if (!insideRing(poly.outer, p)) return false;
    for (const Ring& h : poly.inners)
        if (insideRing(h, p)) return false;
    return true;
}

bool inside(const MultiPolygon& poly, const Point& p) {
    for (const Polygon& q : poly)
        if (inside(q, p)) return true;
    return false;
}

core::Box bounds(const Polygon& poly) {
    core::Box b;
    for (const Point& p : poly.outer)
        b.expand(p);
    return b;
}

std::vector<Segment> edges(const Polygon& poly) {
    std::vector<Segment> out;
    appendRingEdges(poly.outer, out);
    for (const Ring& r : poly.inners)
        appendRingEdges(r, out);
    return out;
}

std::vector<Segment> edges(const MultiPolygon& poly) {
    std::vector<Segment> out;
    for (const Polygon& p : poly) {
        appendRingEdges(p.outer, out);
        for (const Ring& r : p.inners)
            appendRingEdges(r, out);
    }
    return out;
}

double clearance(const Polygon& footprint, const Polygon& parcel, Dir dir) {
    std::vector<Segment> fp = edges(footprint), pe = edges(parcel);
    for (Segment& s : fp) {
        s.a = toNorth(s.a, dir);
        s.b = toNorth(s.b, dir);
    }
    for (Segment& s : pe) {
        s.a = toNorth(s.a, dir);
        s.b = toNorth(s.b, dir);
    }
    double x0 = kInf, x1 = -kInf;
    for (const Segment& s : fp) {
        x0 = std::min({x0, s.a.x, s.b.x});
        x1 = std::max({x1, s.a.x, s.b.x});
    }
    // Sample abscissae: the footprint's ends (nudged inside, where a vertical edge would be ambiguous) and
    // every vertex of either polygon in between; the gap is linear between consecutive samples.
    const double nudge = std::max(1e-7, 1e-9 * (x1 - x0));
    std::vector<double> xs = {x0 + nudge, x1 - nudge};
    for (const Segment& s : fp)
        if (s.a.x > x0 + nudge && s.a.x < x1 - nudge) xs.push_back(s.a.x);
    for (const Segment& s : pe)
        if (s.a.x > x0 + nudge && s.a.x < x1 - nudge) xs.push_back(s.a.x);
    double best = kInf;
    std::vector<double> ys;
    for (double x : xs) {
        crossings(fp, x, ys);
        if (ys.empty()) continue;
        const double top = *std::max_element(ys.begin(), ys.end());
        crossings(pe, x, ys);
        double ceiling = kInf;
        for (double y : ys)
            if (y >= top - 1e-9) ceiling = std::min(ceiling, y);
        best = std::min(best, ceiling - top);
    }
    return std::max(0.0, best);
}

std::vector<std::pair<double, double>> freeIntervals(const std::vector<Segment>& segs,
                                                     const MultiPolygon& region, double y0, double y1) {
    std::vector<std::pair<double, double>> blocked;
    double minX = kInf, maxX = -kInf;
    for (const Segment& s : segs) {
        minX = std::min({minX, s.a.x, s.b.x});
        maxX = std::max({maxX, s.a.x, s.b.x});
        const double sy0 = std::min(s.a.y, s.b.y), sy1 = std::max(s.a.y, s.b.y);
        if (sy1 < y0 || sy0 > y1) continue;
        // Clip the segment to the strip and take its x-range.
        double xa, xb;
        if (sy1 - sy0 < 1e-12) {
            xa = std::min(s.a.x, s.b.x);
            xb = std::max(s.a.x, s.b.x);
        } else {
            const double ta = (std::max(y0, sy0) - s.a.y) / (s.b.y - s.a.y);
            const double tb = (std::min(y1, sy1) - s.a.y) / (s.b.y - s.a.y);
            const double pa = s.a.x + ta * (s.b.x - s.a.x), pb = s.a.x + tb * (s.b.x - s.a.x);
            xa = std::min(pa, pb);
            xb = std::max(pa, pb);
        }
        blocked.push_back({xa - 1e-9, xb + 1e-9});
    }
    std::sort(blocked.begin(), blocked.end());
    std::vector<std::pair<double, double>> out;
    double cursor = minX;
    const double ym = 0.5 * (y0 + y1);
    auto consider = [&](double a, double b) {
        if (b - a <= 1e-9) return;
        if (inside(region, {0.5 * (a + b), ym})) out.push_back({a, b});
    };
    for (const auto& [a, b] : blocked) {
        if (a > cursor) consider(cursor, a);
        cursor = std::max(cursor, b);
    }
    if (maxX > cursor) consider(cursor, maxX);
    return out;
}

MultiPolygon inset(const Polygon& poly, double d) {
    MultiPolygon out;
    if (d <= 0.0) {
        out.push_back(poly);
        return out;
    }
    bg::strategy::buffer::distance_symmetric<double> distance(-d);
    bg::strategy::buffer::side_straight side;
    bg::strategy::buffer::join_miter join;
    bg::strategy::buffer::end_flat end;
    bg::strategy::buffer::point_square point;
    MultiPolygon in;
    in.push_back(poly);
    bg::buffer(in, out, distance, side, join, end, point);
    MultiPolygon kept;
    for (Polygon& p : out)
        if (core::area(p) > 1e-6) kept.push_back(std::move(p));
    return kept;
}

double intersectionArea(const Polygon& a, const Polygon& b) {
    MultiPolygon out;
    bg::intersection(a, b, out);
    return core::area(out);
}

double intersectionArea(const MultiPolygon& a, const Polygon& b) {
    MultiPolygon out;
    bg::intersection(a, b, out);
    return core::area(out);
}

MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b) {
    MultiPolygon out;
    bg::difference(a, b, out);
    return out;
}

bool isValid(const Polygon& poly, std::string& reason) {
    if (poly.outer.size() < 4) {
        reason = "fewer than 3 distinct points";
        return false;
    }
    for (const Point& p : poly.outer)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            reason = "non-finite coordinates";
            return false;
        }
    std::string message;
    if (bg::is_valid(poly, message)) return true;
    reason = message;
    return false;
}

}  // namespace citytwin::newtown::detail

#pragma once
/// @file geometry.h
/// Plain 2D geometry types of the city model, in double precision, in the project CRS [m].
///
/// Conventions (OGC simple features): rings are closed (first point == last point), exterior rings are
/// counter-clockwise, holes clockwise. Axis order is always easting, northing.
/// These types are registered with Boost.Geometry in "citytwin/core/geometry_boost.h"; include that header
/// only in .cpp files that run Boost.Geometry algorithms (it is slow to compile).

#include <vector>

#include "citytwin/core/export.h"

namespace citytwin::core {

/// A position [m] (or degrees before reprojection).
struct Point {
    double x = 0.0;
    double y = 0.0;
};

inline bool operator==(const Point& a, const Point& b) {
    return a.x == b.x && a.y == b.y;
}
inline bool operator!=(const Point& a, const Point& b) {
    return !(a == b);
}

/// A closed ring of points.
using Ring = std::vector<Point>;

/// A polygon: one exterior ring and zero or more holes.
struct Polygon {
    Ring outer;
    std::vector<Ring> inners;
};

/// A polygon made of several parts (e.g. a building in two blocks).
struct MultiPolygon : std::vector<Polygon> {
    using std::vector<Polygon>::vector;
};

/// A polyline.
struct LineString : std::vector<Point> {
    using std::vector<Point>::vector;
};

/// An axis-aligned rectangle [m]. Empty when minX > maxX.
struct CITYTWIN_CORE_API Box {
    double minX = 1.0;
    double minY = 1.0;
    double maxX = -1.0;
    double maxY = -1.0;

    bool empty() const { return minX > maxX || minY > maxY; }
    double width() const { return empty() ? 0.0 : maxX - minX; }
    double height() const { return empty() ? 0.0 : maxY - minY; }
    void expand(const Point& p);
    void expand(const Box& b);
    bool contains(const Point& p) const { return p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY; }
    bool intersects(const Box& b) const;
    Box intersection(const Box& b) const;
};

/// Signed area of a ring [m²]: positive when counter-clockwise.
CITYTWIN_CORE_API double signedArea(const Ring& ring);
/// Area of a polygon (exterior minus holes) [m²].
CITYTWIN_CORE_API double area(const Polygon& polygon);
/// Area of all parts [m²].
CITYTWIN_CORE_API double area(const MultiPolygon& polygon);
/// Length of a polyline [m].
CITYTWIN_CORE_API double length(const LineString& line);
/// Area-weighted centroid of the parts; the mean of the vertices for degenerate input.
CITYTWIN_CORE_API Point centroid(const MultiPolygon& polygon);
/// Bounding boxes.
CITYTWIN_CORE_API Box bounds(const MultiPolygon& polygon);
CITYTWIN_CORE_API Box bounds(const LineString& line);
/// Number of vertices over all rings.
CITYTWIN_CORE_API std::size_t vertexCount(const MultiPolygon& polygon);

}  // namespace citytwin::core

#pragma once
// Private geometry helpers of the new-town engine: rotations into the true-north frame, point-in-polygon,
// directional clearances, insets and overlays (the Boost.Geometry parts live in geometry_util.cpp).

#include <string>
#include <utility>
#include <vector>

#include "citytwin/core/geometry.h"

namespace citytwin::newtown::detail {

using core::MultiPolygon;
using core::Point;
using core::Polygon;
using core::Ring;

/// Rotates counter-clockwise by `angleDeg` about `origin`.
Point rotate(const Point& p, double angleDeg, const Point& origin);
Polygon rotate(const Polygon& poly, double angleDeg, const Point& origin);

/// An axis-aligned rectangle as a closed counter-clockwise polygon.
Polygon rectangle(double x0, double y0, double x1, double y1);

/// Even-odd point-in-polygon over the outer ring and the holes (boundary points count as either).
bool inside(const Polygon& poly, const Point& p);
bool inside(const MultiPolygon& poly, const Point& p);

/// Bounding box of the outer ring.
core::Box bounds(const Polygon& poly);

/// Directions in the frame (+y is north).
enum class Dir { North, South, East, West };

/// The least clear distance from `footprint`, travelling in `dir`, to the boundary of `parcel` (outer ring
/// and holes) [m]: for every line parallel to `dir` through the footprint, the gap between the footprint's
/// farthest point in that direction and the next parcel boundary beyond it. Exact for polygons (the gap is
/// piecewise linear along the footprint, so its minimum lies at a vertex abscissa). +infinity when no
/// boundary lies beyond (cannot happen for a footprint inside the parcel).
double clearance(const Polygon& footprint, const Polygon& parcel, Dir dir);

/// Edges of every ring.
struct Segment {
    Point a, b;
};
std::vector<Segment> edges(const Polygon& poly);
std::vector<Segment> edges(const MultiPolygon& poly);

/// x-intervals [a, b] such that the rectangle [x, x+len] x [y0, y1] lies inside `region` for all
/// a <= x <= b - len (region edges touching the strip block it). Sorted, disjoint.
std::vector<std::pair<double, double>> freeIntervals(const std::vector<Segment>& regionEdges,
                                                     const MultiPolygon& region, double y0, double y1);

/// The region `inset` metres inside `poly` (negative buffer, mitred corners); empty when nothing is left.
MultiPolygon inset(const Polygon& poly, double inset);
/// Area of the intersection [m2].
double intersectionArea(const Polygon& a, const Polygon& b);
double intersectionArea(const MultiPolygon& a, const Polygon& b);
/// a minus b.
MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b);
/// True when the polygon is valid (OGC); `reason` says why not.
bool isValid(const Polygon& poly, std::string& reason);

}  // namespace citytwin::newtown::detail

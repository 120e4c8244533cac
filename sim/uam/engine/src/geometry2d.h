#pragma once
// Plane geometry on the column grid: conservative polygon rasterization, morphological dilation of column
// rasters, point-in-polygon and distances. Internal to the engine.

#include <cstdint>
#include <functional>
#include <vector>

#include "citytwin/core/geometry.h"

namespace citytwin::uam::detail {

/// A north-up grid of square columns: column (i, j) spans x in [x0 + i h, x0 + (i+1) h], y in
/// [y0 - (j+1) h, y0 - j h].
struct ColumnGrid {
    int nx = 0;
    int ny = 0;
    double x0 = 0.0;  ///< west edge [m]
    double y0 = 0.0;  ///< north edge [m]
    double h = 1.0;   ///< column size [m]

    double centreX(int i) const { return x0 + (i + 0.5) * h; }
    double centreY(int j) const { return y0 - (j + 0.5) * h; }
    std::size_t index(int i, int j) const { return static_cast<std::size_t>(j) * nx + i; }
    bool inside(int i, int j) const { return i >= 0 && j >= 0 && i < nx && j < ny; }
    /// Column containing (x, y); false outside.
    bool columnOf(double x, double y, int& i, int& j) const;
};

/// Even-odd point-in-polygon over all rings (outer and holes).
bool pointInPolygon(const core::Polygon& polygon, double x, double y);

/// Calls visit(i, j) once for every column the polygon covers with positive area: its boundary passes through
/// the column's open square, or the square's centre is inside. A wall lying exactly on a column boundary
/// marks only the column on the polygon's side. The union of the closed squares of the visited columns
/// contains the polygon, so distances measured to them never exceed distances to the polygon.
void rasterizePolygon(const ColumnGrid& grid, const core::Polygon& polygon,
                      const std::function<void(int i, int j)>& visit);

/// Grey-scale dilation of a column raster by "every column whose square lies within distance r of this
/// column's square": out(c) = max over c' with dist(square(c), square(c')) <= r of in(c'). Squares at offsets
/// (di, dj) are max(0, |di|-1) h and max(0, |dj|-1) h apart along the axes. NaN cells are ignored. O(cells x
/// rows of the structuring element) with a sliding-window maximum per row (van Herk 1992 / Gil & Werman
/// 1993).
std::vector<float> dilate(const ColumnGrid& grid, const std::vector<float>& in, double radiusM);

/// Binary version over a byte mask (non-zero = set).
std::vector<std::uint8_t> dilateMask(const ColumnGrid& grid, const std::vector<std::uint8_t>& in,
                                     double radiusM);

/// Distance from (x, y) to the segment a-b.
double pointSegmentDistance(double x, double y, const core::Point& a, const core::Point& b);
/// Distance from (x, y) to the polygon's boundary (all rings).
double pointPolygonBoundaryDistance(const core::Polygon& polygon, double x, double y);

}  // namespace citytwin::uam::detail

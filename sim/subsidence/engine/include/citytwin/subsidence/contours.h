#pragma once
/// @file contours.h
/// Contour lines of a grid by marching squares over the cell centres, joined into polylines.

#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/subsidence/scenario.h"

namespace citytwin::subsidence {

/// One contour polyline; closed when its first point equals its last.
struct ContourLine {
    double level = 0.0;
    core::LineString points;
    bool closed() const { return points.size() > 2 && points.front() == points.back(); }
};

/// Contours of `values` (row-major over `grid`, NaN = no data) at each level. Each 2 x 2 block of cell
/// centres with no NaN gives 0, 1 or 2 segments with end points interpolated linearly along the block's
/// sides; a saddle is split by the block's mean value. Segments are joined through their shared side
/// crossings, so a contour crosses each side of a block at most once and lines are continuous. Lines end at
/// the grid's border or at no-data blocks.
std::vector<ContourLine> traceContours(const Grid& grid, const std::vector<float>& values,
                                       const std::vector<double>& levels);

}  // namespace citytwin::subsidence

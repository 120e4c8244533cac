#pragma once
/// @file contours.h
/// Contour lines of a raster by marching squares (Lorensen & Cline 1987 in 2D): iso-lines between cell
/// centres, linear interpolation along cell edges, saddles resolved by the mean of the four corners, segments
/// joined into polylines.

#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/raster.h"

namespace citytwin::uam {

/// The contour lines of one level.
struct ContourLevel {
    double level = 0.0;
    std::vector<core::LineString> lines;  ///< open or closed (first == last) polylines, project CRS [m]
};

/// Contours of `raster` at each level. Squares with a NaN corner are skipped (lines end at NoData). A value
/// exactly at the level counts as above it. Thread-safe.
std::vector<ContourLevel> contourLines(const core::Raster& raster, const std::vector<double>& levels);

}  // namespace citytwin::uam

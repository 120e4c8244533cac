#pragma once
/// @file rasterise.h
/// Polygon rasterisation on a north-up grid by scanlines: O(edges + covered cells), so a polygon over a
/// 200-million-cell grid costs what its rows and cells cost, not a point-in-polygon test per cell.
/// One rule everywhere: a cell belongs to a polygon when its centre lies inside (holes excluded). A centre
/// exactly on an edge belongs to the cell run on its right/below side, so two polygons sharing an edge never
/// both take a cell.

#include <cstddef>
#include <functional>
#include <vector>

#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"
#include "citytwin/core/raster.h"

namespace citytwin::core {

/// Calls visit(row, colBegin, colEnd) for every run of cells [colBegin, colEnd) of a width x height grid
/// placed by `transform` whose centres lie inside `polygon` (rings by even-odd, so holes are excluded). Runs
/// come row by row, north to south, west to east; runs of one row never overlap.
CITYTWIN_CORE_API void forEachCellRun(const GeoTransform& transform, int width, int height,
                                      const MultiPolygon& polygon,
                                      const std::function<void(int row, int colBegin, int colEnd)>& visit);

/// Indices (row * width + col) of the cells whose centres lie inside `polygon`, in increasing order.
CITYTWIN_CORE_API std::vector<std::size_t> cellsInside(const GeoTransform& transform, int width, int height,
                                                       const MultiPolygon& polygon);

/// As above, on a raster's grid.
inline std::vector<std::size_t> cellsInside(const Raster& grid, const MultiPolygon& polygon) {
    return cellsInside(grid.geoTransform(), grid.width(), grid.height(), polygon);
}

}  // namespace citytwin::core

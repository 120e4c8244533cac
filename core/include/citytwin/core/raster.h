#pragma once
/// @file raster.h
/// North-up grids of float values; NoData is NaN.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "citytwin/core/crs.h"
#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"

namespace citytwin::core {

/// Placement of a north-up grid: the top-left corner of cell (0,0) and the cell size [m, or CRS units].
/// Row index grows southward: cell (col,row) spans x in [originX + col*cellWidth, ... + cellWidth) and
/// y in (originY - (row+1)*cellHeight, originY - row*cellHeight].
struct GeoTransform {
    double originX = 0.0;
    double originY = 0.0;
    double cellWidth = 1.0;   ///< > 0
    double cellHeight = 1.0;  ///< > 0 (the size, not GDAL's negative coefficient)
};

/// Summary of the valid (non-NaN) values of a raster.
struct RasterStats {
    std::size_t validCount = 0;
    std::size_t noDataCount = 0;
    double min = 0.0;
    double max = 0.0;
    double mean = 0.0;
};

/// A single-band float grid in a CRS. NoData cells hold NaN. Row-major, row 0 at the north.
/// Thread safety: concurrent const access is safe.
class CITYTWIN_CORE_API Raster {
public:
    Raster() = default;
    /// A width x height grid filled with `fill` (NaN by default).
    /// @throws Error(ErrorCode::Data) for non-positive sizes or cell sizes.
    Raster(int width, int height, const GeoTransform& transform, Crs crs, float fill = kNoData);

    static constexpr float kNoData = std::numeric_limits<float>::quiet_NaN();

    bool empty() const { return width_ == 0 || height_ == 0; }
    int width() const { return width_; }
    int height() const { return height_; }
    std::size_t cellCount() const { return data_.size(); }
    const GeoTransform& geoTransform() const { return transform_; }
    const Crs& crs() const { return crs_; }
    void setCrs(Crs crs) { crs_ = std::move(crs); }

    float at(int col, int row) const { return data_[index(col, row)]; }
    float& at(int col, int row) { return data_[index(col, row)]; }
    std::size_t index(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) +
               static_cast<std::size_t>(col);
    }
    const std::vector<float>& data() const { return data_; }
    std::vector<float>& data() { return data_; }

    /// Outer boundary of the grid.
    Box extent() const;
    /// Centre of a cell.
    Point cellCentre(int col, int row) const;
    /// The cell containing p; false when p lies outside the grid.
    bool cellOf(const Point& p, int& col, int& row) const;
    /// Value of the cell containing p; NaN outside.
    float sampleNearest(const Point& p) const;
    /// Bilinear interpolation between cell centres. NaN neighbours are left out and the weights renormalised;
    /// within half a cell of the border the nearest edge values are used. NaN outside the grid or when all
    /// four neighbours are NaN.
    double sampleBilinear(const Point& p) const;
    /// Statistics of the valid cells (O(cells)).
    RasterStats stats() const;
    /// True when both grids have the same size and placement (to 1e-9 of a cell).
    bool sameGrid(const Raster& other) const;

    /// Free-form name and unit, e.g. "terrain" and "m".
    std::string name;
    std::string unit;

private:
    int width_ = 0;
    int height_ = 0;
    GeoTransform transform_;
    Crs crs_;
    std::vector<float> data_;
};

}  // namespace citytwin::core

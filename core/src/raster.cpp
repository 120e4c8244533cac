#include "citytwin/core/raster.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "citytwin/core/error.h"

namespace citytwin::core {

Raster::Raster(int width, int height, const GeoTransform& transform, Crs crs, float fill)
    : width_(width), height_(height), transform_(transform), crs_(std::move(crs)) {
    if (width <= 0 || height <= 0)
        throw Error(ErrorCode::Data, "raster size must be positive, got " + std::to_string(width) + " x " +
                                         std::to_string(height));
    if (!(transform.cellWidth > 0.0) || !(transform.cellHeight > 0.0))
        throw Error(ErrorCode::Data, "raster cell size must be positive");
    data_.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill);
}

Box Raster::extent() const {
    if (empty()) return Box{};
    return Box{transform_.originX, transform_.originY - height_ * transform_.cellHeight,
               transform_.originX + width_ * transform_.cellWidth, transform_.originY};
}

Point Raster::cellCentre(int col, int row) const {
    return Point{transform_.originX + (col + 0.5) * transform_.cellWidth,
                 transform_.originY - (row + 0.5) * transform_.cellHeight};
}

bool Raster::cellOf(const Point& p, int& col, int& row) const {
    if (empty() || !std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    const double fc = (p.x - transform_.originX) / transform_.cellWidth;
    const double fr = (transform_.originY - p.y) / transform_.cellHeight;
    if (fc < 0.0 || fr < 0.0 || fc >= width_ || fr >= height_) return false;
    col = static_cast<int>(fc);
    row = static_cast<int>(fr);
    return true;
}

float Raster::sampleNearest(const Point& p) const {
    int c = 0, r = 0;
    return cellOf(p, c, r) ? at(c, r) : kNoData;
}

double Raster::sampleBilinear(const Point& p) const {
    int cc = 0, rr = 0;
    if (!cellOf(p, cc, rr)) return std::numeric_limits<double>::quiet_NaN();
    // Position in "cell-centre" coordinates, clamped so that the border half-cells use edge values.
    double fx = (p.x - transform_.originX) / transform_.cellWidth - 0.5;
    double fy = (transform_.originY - p.y) / transform_.cellHeight - 0.5;
    fx = std::clamp(fx, 0.0, static_cast<double>(width_ - 1));
    fy = std::clamp(fy, 0.0, static_cast<double>(height_ - 1));
    const int c0 = static_cast<int>(std::floor(fx));
    const int r0 = static_cast<int>(std::floor(fy));
    const int c1 = std::min(c0 + 1, width_ - 1);
    const int r1 = std::min(r0 + 1, height_ - 1);
    const double tx = fx - c0, ty = fy - r0;
    const double w[4] = {(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty};
    const float v[4] = {at(c0, r0), at(c1, r0), at(c0, r1), at(c1, r1)};
    double sum = 0.0, wsum = 0.0;
    for (int i = 0; i < 4; ++i) {
        if (std::isnan(v[i]) || w[i] <= 0.0) continue;
        sum += w[i] * v[i];
        wsum += w[i];
    }
    if (wsum <= 0.0) {
        // Exactly on a valid cell centre whose other weights are zero, or all neighbours NaN.
        const float nearest = at(cc, rr);
        return std::isnan(nearest) ? std::numeric_limits<double>::quiet_NaN() : nearest;
    }
    return sum / wsum;
}

RasterStats Raster::stats() const {
    RasterStats s;
    double sum = 0.0;
    double mn = std::numeric_limits<double>::infinity();
    double mx = -std::numeric_limits<double>::infinity();
    for (float v : data_) {
        if (std::isnan(v)) {
            ++s.noDataCount;
            continue;
        }
        ++s.validCount;
        sum += v;
        mn = std::min(mn, static_cast<double>(v));
        mx = std::max(mx, static_cast<double>(v));
    }
    if (s.validCount > 0) {
        s.min = mn;
        s.max = mx;
        s.mean = sum / static_cast<double>(s.validCount);
    }
    return s;
}

bool Raster::sameGrid(const Raster& o) const {
    if (width_ != o.width_ || height_ != o.height_) return false;
    const double tol = 1e-9 * std::max(transform_.cellWidth, transform_.cellHeight);
    return std::abs(transform_.originX - o.transform_.originX) <= tol &&
           std::abs(transform_.originY - o.transform_.originY) <= tol &&
           std::abs(transform_.cellWidth - o.transform_.cellWidth) <= tol &&
           std::abs(transform_.cellHeight - o.transform_.cellHeight) <= tol;
}

}  // namespace citytwin::core

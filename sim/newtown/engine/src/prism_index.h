#pragma once
// Private: a uniform-grid index of building prisms for tracing rays toward the sun, and the shadow-height
// sweep used for terrain and the ground grid.

#include <cstdint>
#include <vector>

#include "citytwin/newtown/sunlight.h"

namespace citytwin::newtown::detail {

/// Per-thread scratch of PrismIndex::trace (a mailbox so that a prism in several cells is tested once).
struct TraceScratch {
    std::vector<std::uint32_t> stamp;
    std::uint32_t current = 0;
};

/// What a ray toward the sun meets.
struct TraceHit {
    bool kept = false;     ///< a kept building (or both scenes blocked)
    bool removed = false;  ///< a removed building (blocks the scene before)
    int firstNew = -1;     ///< obstacle index of a new building it meets (blocks the scene after)
};

class PrismIndex {
public:
    explicit PrismIndex(const std::vector<Obstacle>& obstacles);

    /// Traces the ray from (x, y, z) along the horizontal unit vector (ux, uy) rising tanAlt per metre.
    /// Stops at the first kept building; otherwise records whether a removed one and which new one is met
    /// where the kept ones do not block (exact for each scene).
    TraceHit trace(double x, double y, double z, double ux, double uy, double tanAlt, TraceScratch& s) const;

    /// True when (x, y, z) lies inside a prism other than `exclude`.
    bool inside(double x, double y, double z, int exclude) const;

    std::size_t prismCount() const { return prisms_.size(); }
    void prepare(TraceScratch& s) const {
        s.stamp.assign(prisms_.size(), 0);
        s.current = 0;
    }

private:
    struct Prism {
        double minX, minY, maxX, maxY;
        double base, top;
        std::uint32_t edgeBegin, edgeCount;
        int obstacle;
        Obstacle::Kind kind;
    };
    bool hits(const Prism& p, double x, double y, double z, double ux, double uy, double tanAlt) const;

    std::vector<Prism> prisms_;
    std::vector<double> edges_;  ///< x0, y0, x1, y1 per edge
    double gx0_ = 0, gy0_ = 0, cell_ = 1;
    int nx_ = 0, ny_ = 0;
    std::vector<std::uint32_t> cellStart_, cellItems_;
    std::vector<float> keptTop_, removedTop_, newTop_;  ///< per cell
    double maxKept_ = -1e30, maxRemoved_ = -1e30, maxNew_ = -1e30;
};

/// Shadow heights over a north-up grid for one sun direction, on a grid aligned with the sun: for every point
/// the least height it must have to see the sun over the surface upstream (toward the sun), excluding the
/// point's own cell. The surface is resampled onto rows running along the sun's direction (nearest cell for
/// buildings, bilinear for terrain), swept along each row exactly (S = max(z, S_prev - cell tan e)), and
/// sampled back; edges are placed to about one cell, with no smearing along the shadow.
class SunAlignedField {
public:
    /// `z`: width x height values (NaN = nothing) on `transform`; (ux, uy) the horizontal unit vector toward
    /// the sun; tanAlt the tangent of its elevation.
    void compute(const std::vector<float>& z, int width, int height, const core::GeoTransform& transform,
                 double ux, double uy, double tanAlt, bool bilinear);
    /// The shadow height at (x, y): bilinear between aligned cells (smooth terrain), or the nearest aligned
    /// cell (`nearest`, for building edges: interpolating across a shadow edge would widen every shadow by a
    /// cell); -1e30 where nothing is upstream.
    double at(double x, double y, bool nearest = false) const;

private:
    double ox_ = 0, oy_ = 0;  ///< origin
    double ax_ = 0, ay_ = 0;  ///< unit vector away from the sun (along rows)
    double bx_ = 0, by_ = 0;  ///< across
    double a0_ = 0, b0_ = 0, cell_ = 1;
    int na_ = 0, nb_ = 0;
    std::vector<float> up_;  ///< nb rows of na cells
};

}  // namespace citytwin::newtown::detail

#pragma once
// Voxel traversals of straight segments, as templates so that the search kernels inline them.

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam::detail {

/// Exact traversal of the segment between the centres of voxels a and b, in integer arithmetic.
/// The segment runs from (a + 0.5) to (b + 0.5); it crosses the faces normal to axis x at the parameters
/// t = (2m + 1) / (2 |dx|), m = 0 .. |dx|-1 (and likewise for y and z), so two crossings are compared exactly
/// by cross-multiplying. Where crossings of two or three axes coincide the segment passes through an edge or
/// a corner of the current voxel: with `supercover` every voxel sharing that edge or corner is visited (they
/// touch the closed segment); without, only the diagonal successor is (the segment enters no other voxel's
/// interior).
///
/// visit(i, j, k, t0, t1) is called for each voxel in order; t0 < t1 is the span of the segment inside the
/// voxel (fractions of its length); t0 == t1 for voxels the segment only touches. Stops and returns false as
/// soon as visit returns false.
template <class Visit>
bool traverseCentres(const Voxel& a, const Voxel& b, bool supercover, Visit&& visit) {
    const int d[3] = {b.i - a.i, b.j - a.j, b.k - a.k};
    std::int64_t n[3];
    int s[3];
    for (int ax = 0; ax < 3; ++ax) {
        n[ax] = std::abs(d[ax]);
        s[ax] = d[ax] > 0 ? 1 : (d[ax] < 0 ? -1 : 0);
    }
    int cur[3] = {a.i, a.j, a.k};
    std::int64_t m[3] = {0, 0, 0};  // face crossings done per axis
    double tPrev = 0.0;
    for (;;) {
        int tie[3] = {0, 0, 0};
        int ties = 0;
        int best = -1;
        for (int ax = 0; ax < 3; ++ax) {
            if (m[ax] >= n[ax]) continue;
            if (best < 0) {
                best = ax;
                tie[0] = ax;
                ties = 1;
                continue;
            }
            const std::int64_t lhs = (2 * m[ax] + 1) * n[best];
            const std::int64_t rhs = (2 * m[best] + 1) * n[ax];
            if (lhs < rhs) {
                best = ax;
                tie[0] = ax;
                ties = 1;
            } else if (lhs == rhs) {
                tie[ties++] = ax;
            }
        }
        if (best < 0) return visit(cur[0], cur[1], cur[2], tPrev, 1.0);
        const double t = static_cast<double>(2 * m[best] + 1) / static_cast<double>(2 * n[best]);
        if (!visit(cur[0], cur[1], cur[2], tPrev, t)) return false;
        if (ties >= 2 && supercover) {
            const int full = (1 << ties) - 1;
            for (int mask = 1; mask < full; ++mask) {
                int c[3] = {cur[0], cur[1], cur[2]};
                for (int q = 0; q < ties; ++q)
                    if (mask & (1 << q)) c[tie[q]] += s[tie[q]];
                if (!visit(c[0], c[1], c[2], t, t)) return false;
            }
        }
        for (int q = 0; q < ties; ++q) {
            cur[tie[q]] += s[tie[q]];
            ++m[tie[q]];
        }
        tPrev = t;
    }
}

/// True when the closed box [lo, hi] (continuous voxel coordinates) intersects the closed segment p0-p1
/// (slab method).
inline bool segmentHitsBox(const double p0[3], const double p1[3], const double lo[3], const double hi[3]) {
    double t0 = 0.0;
    double t1 = 1.0;
    for (int ax = 0; ax < 3; ++ax) {
        const double d = p1[ax] - p0[ax];
        if (d == 0.0) {
            if (p0[ax] < lo[ax] || p0[ax] > hi[ax]) return false;
            continue;
        }
        double ta = (lo[ax] - p0[ax]) / d;
        double tb = (hi[ax] - p0[ax]) / d;
        if (ta > tb) std::swap(ta, tb);
        if (ta > t0) t0 = ta;
        if (tb < t1) t1 = tb;
        if (t0 > t1) return false;
    }
    return true;
}

/// Conservative traversal of an arbitrary segment p0-p1 in continuous voxel coordinates: visits (possibly
/// more than once) every voxel whose closed cube lies within `eps` voxel of the segment, and a few more
/// nearby ones never. It walks the voxels the segment passes through (Amanatides & Woo 1987) and tests each
/// of their 26 neighbours against the segment with the neighbour's cube grown by eps, which also catches the
/// voxels the segment only touches at a face, an edge or a corner, whatever the rounding. visit(i, j, k)
/// returns false to stop; the function then returns false.
template <class Visit>
bool traverseSegmentConservative(const double p0[3], const double p1[3], double eps, Visit&& visit) {
    int cur[3];
    int step[3];
    double tMax[3];
    double tDelta[3];
    int last[3];
    for (int ax = 0; ax < 3; ++ax) {
        cur[ax] = static_cast<int>(std::floor(p0[ax]));
        last[ax] = static_cast<int>(std::floor(p1[ax]));
        const double d = p1[ax] - p0[ax];
        if (d > 0) {
            step[ax] = 1;
            tMax[ax] = (cur[ax] + 1 - p0[ax]) / d;
            tDelta[ax] = 1.0 / d;
        } else if (d < 0) {
            step[ax] = -1;
            tMax[ax] = (cur[ax] - p0[ax]) / d;
            tDelta[ax] = -1.0 / d;
        } else {
            step[ax] = 0;
            tMax[ax] = INFINITY;
            tDelta[ax] = INFINITY;
        }
    }
    auto visitAround = [&](const int c[3]) {
        for (int dk = -1; dk <= 1; ++dk)
            for (int dj = -1; dj <= 1; ++dj)
                for (int di = -1; di <= 1; ++di) {
                    const int v[3] = {c[0] + di, c[1] + dj, c[2] + dk};
                    const double lo[3] = {v[0] - eps, v[1] - eps, v[2] - eps};
                    const double hi[3] = {v[0] + 1 + eps, v[1] + 1 + eps, v[2] + 1 + eps};
                    if ((di | dj | dk) == 0 || segmentHitsBox(p0, p1, lo, hi))
                        if (!visit(v[0], v[1], v[2])) return false;
                }
        return true;
    };
    // Each step crosses one face; the number of steps is bounded by the voxel distance between the ends.
    const long maxSteps = std::labs(static_cast<long>(last[0]) - cur[0]) +
                          std::labs(static_cast<long>(last[1]) - cur[1]) +
                          std::labs(static_cast<long>(last[2]) - cur[2]) + 3;
    for (long n = 0; n <= maxSteps; ++n) {
        if (!visitAround(cur)) return false;
        int ax = 0;
        if (tMax[1] < tMax[ax]) ax = 1;
        if (tMax[2] < tMax[ax]) ax = 2;
        if (tMax[ax] > 1.0) break;
        cur[ax] += step[ax];
        tMax[ax] += tDelta[ax];
    }
    return true;
}

}  // namespace citytwin::uam::detail

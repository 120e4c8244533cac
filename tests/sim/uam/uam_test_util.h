#pragma once
// Independent reference algorithms for the UAM tests: a plain Dijkstra on a dense voxel array and an exact
// (rational) segment-cube intersection test. Written separately from the engine's search and traversal code,
// with different data structures, so that agreement means something.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam::test {

/// A dense voxel map with optional per-voxel extra cost.
struct DenseMap {
    int nx = 0, ny = 0, nz = 0;
    double cellM = 1.0, dzM = 1.0;
    std::vector<std::uint8_t> blocked;  // i + nx*(j + ny*k)
    std::vector<double> extra;          // per metre, empty = 0

    std::size_t index(int i, int j, int k) const {
        return static_cast<std::size_t>(i) +
               static_cast<std::size_t>(nx) * (j + static_cast<std::size_t>(ny) * k);
    }
    bool free(int i, int j, int k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && !blocked[index(i, j, k)];
    }
    double q(int i, int j, int k) const { return extra.empty() ? 0.0 : extra[index(i, j, k)]; }
    VoxelGrid grid() const {
        VoxelGeometry g;
        g.cellM = cellM;
        g.dzM = dzM;
        return VoxelGrid::fromBlockedMask(nx, ny, nz, blocked, g);
    }
};

inline DenseMap randomMap(std::mt19937& rng, int nx, int ny, int nz, double blockedShare) {
    DenseMap m;
    m.nx = nx;
    m.ny = ny;
    m.nz = nz;
    m.blocked.resize(static_cast<std::size_t>(nx) * ny * nz);
    std::bernoulli_distribution b(blockedShare);
    for (auto& v : m.blocked)
        v = b(rng) ? 1 : 0;
    return m;
}

/// Whether the move (di, dj, dk) from (i, j, k) is allowed: with `strict`, every voxel v + e with e_a in
/// {0, d_a} (e != 0) must be free; otherwise only the target.
inline bool moveAllowed(const DenseMap& m, int i, int j, int k, int di, int dj, int dk, bool strict) {
    if (!strict) return m.free(i + di, j + dj, k + dk);
    for (int a = 0; a <= 1; ++a)
        for (int b = 0; b <= 1; ++b)
            for (int c = 0; c <= 1; ++c) {
                if (a + b + c == 0) continue;
                if ((a && !di) || (b && !dj) || (c && !dk)) continue;
                if (!m.free(i + a * di, j + b * dj, k + c * dk)) return false;
            }
    return true;
}

/// Minimum cost from s to every voxel (Dijkstra, binary heap, no heuristic), with move cost
/// len * (w + (q(a) + q(b)) / 2). +inf where unreachable.
inline std::vector<double> dijkstra(const DenseMap& m, const Voxel& s, bool strict, double w) {
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> dist(m.blocked.size(), inf);
    using Item = std::pair<double, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
    dist[m.index(s.i, s.j, s.k)] = 0.0;
    pq.push({0.0, m.index(s.i, s.j, s.k)});
    while (!pq.empty()) {
        const auto [d, idx] = pq.top();
        pq.pop();
        if (d > dist[idx]) continue;
        const int i = static_cast<int>(idx % m.nx);
        const int j = static_cast<int>((idx / m.nx) % m.ny);
        const int k = static_cast<int>(idx / (static_cast<std::size_t>(m.nx) * m.ny));
        for (int dk = -1; dk <= 1; ++dk)
            for (int dj = -1; dj <= 1; ++dj)
                for (int di = -1; di <= 1; ++di) {
                    if (di == 0 && dj == 0 && dk == 0) continue;
                    if (!moveAllowed(m, i, j, k, di, dj, dk, strict)) continue;
                    const double len =
                        std::sqrt((di * di + dj * dj) * m.cellM * m.cellM + dk * dk * m.dzM * m.dzM);
                    const double c = len * (w + 0.5 * (m.q(i, j, k) + m.q(i + di, j + dj, k + dk)));
                    const std::size_t n = m.index(i + di, j + dj, k + dk);
                    if (d + c < dist[n]) {
                        dist[n] = d + c;
                        pq.push({d + c, n});
                    }
                }
    }
    return dist;
}

/// Exact test: does the closed segment between the centres of voxels a and b meet the closed cube of voxel c?
/// In doubled coordinates the segment is P0 + t D with P0 = 2a + 1 and D = 2(b - a), the cube [2c, 2c + 2];
/// all bounds are fractions compared by cross-multiplication.
inline bool segmentMeetsCube(const Voxel& a, const Voxel& b, const Voxel& c) {
    const long long p0[3] = {2LL * a.i + 1, 2LL * a.j + 1, 2LL * a.k + 1};
    const long long d[3] = {2LL * (b.i - a.i), 2LL * (b.j - a.j), 2LL * (b.k - a.k)};
    const long long lo[3] = {2LL * c.i, 2LL * c.j, 2LL * c.k};
    // The feasible t range [ln/ld, un/ud], starting at [0, 1].
    long long ln = 0, ld = 1, un = 1, ud = 1;
    for (int ax = 0; ax < 3; ++ax) {
        if (d[ax] == 0) {
            if (p0[ax] < lo[ax] || p0[ax] > lo[ax] + 2) return false;
            continue;
        }
        long long n1 = lo[ax] - p0[ax];
        long long n2 = lo[ax] + 2 - p0[ax];
        long long den = d[ax];
        if (den < 0) {
            n1 = -n1;
            n2 = -n2;
            den = -den;
            std::swap(n1, n2);
        }
        // t in [n1/den, n2/den]
        if (n1 * ld > ln * den) {
            ln = n1;
            ld = den;
        }
        if (n2 * ud < un * den) {
            un = n2;
            ud = den;
        }
    }
    return ln * ud <= un * ld;
}

/// Every voxel in the bounding box of the segment whose closed cube it meets (brute force).
inline std::vector<Voxel> bruteSupercover(const Voxel& a, const Voxel& b) {
    std::vector<Voxel> out;
    for (int k = std::min(a.k, b.k) - 1; k <= std::max(a.k, b.k) + 1; ++k)
        for (int j = std::min(a.j, b.j) - 1; j <= std::max(a.j, b.j) + 1; ++j)
            for (int i = std::min(a.i, b.i) - 1; i <= std::max(a.i, b.i) + 1; ++i)
                if (segmentMeetsCube(a, b, {i, j, k})) out.push_back({i, j, k});
    return out;
}

/// Independent collision check of a world polyline: every voxel whose closed cube the segment meets (slab
/// test on the voxels of the segment's bounding box, grown by 1e-9 voxel) must be free in `space`.
inline bool polylineFree(const SearchSpace& space, const std::vector<Point3>& pts, std::string& why) {
    const VoxelGeometry& g = space.geometry();
    for (std::size_t n = 1; n < pts.size(); ++n) {
        double a[3], b[3];
        g.toVoxel(pts[n - 1], a[0], a[1], a[2]);
        g.toVoxel(pts[n], b[0], b[1], b[2]);
        for (int k = static_cast<int>(std::floor(std::min(a[2], b[2]))) - 1; k <= std::max(a[2], b[2]) + 1;
             ++k)
            for (int j = static_cast<int>(std::floor(std::min(a[1], b[1]))) - 1;
                 j <= std::max(a[1], b[1]) + 1; ++j)
                for (int i = static_cast<int>(std::floor(std::min(a[0], b[0]))) - 1;
                     i <= std::max(a[0], b[0]) + 1; ++i) {
                    double t0 = 0, t1 = 1;
                    bool hit = true;
                    const double lo[3] = {i - 1e-9, j - 1e-9, k - 1e-9},
                                 hi[3] = {i + 1 + 1e-9, j + 1 + 1e-9, k + 1 + 1e-9};
                    for (int ax = 0; ax < 3 && hit; ++ax) {
                        const double d = b[ax] - a[ax];
                        if (d == 0) {
                            hit = a[ax] >= lo[ax] && a[ax] <= hi[ax];
                            continue;
                        }
                        double ta = (lo[ax] - a[ax]) / d, tb = (hi[ax] - a[ax]) / d;
                        if (ta > tb) std::swap(ta, tb);
                        t0 = std::max(t0, ta);
                        t1 = std::min(t1, tb);
                        hit = t0 <= t1;
                    }
                    if (hit && !space.isFree(i, j, k)) {
                        why = "segment " + std::to_string(n) + " meets blocked voxel (" + std::to_string(i) +
                              "," + std::to_string(j) + "," + std::to_string(k) + ")";
                        return false;
                    }
                }
    }
    return true;
}

}  // namespace citytwin::uam::test

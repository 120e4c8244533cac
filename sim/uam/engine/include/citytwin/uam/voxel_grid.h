#pragma once
/// @file voxel_grid.h
/// The sparse voxel airspace: per column, the sorted runs of free levels (a compressed-sparse-row layout), so
/// memory grows with the number of free runs, not with the number of levels. A 30 km x 30 km area at
/// 10 m x 10 m columns is 9 M columns; with one or two runs per column it takes 8-12 bytes per column
/// (80-120 kB per km², about 72-108 MB), whatever the vertical resolution (README, "Memory").
///
/// Coordinates: voxel (i, j, k) is column i (west to east), row j (north to south, as core::Raster) and level
/// k (upwards). Continuous voxel coordinates (u, v, w) put the centre of voxel (i, j, k) at (i+0.5, j+0.5,
/// k+0.5).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace citytwin::uam {

/// Integer voxel coordinates.
struct Voxel {
    int i = 0;  ///< column, west to east
    int j = 0;  ///< row, north to south
    int k = 0;  ///< level, upwards
};
inline bool operator==(const Voxel& a, const Voxel& b) {
    return a.i == b.i && a.j == b.j && a.k == b.k;
}
inline bool operator!=(const Voxel& a, const Voxel& b) {
    return !(a == b);
}

/// A 3D point [m] in the project CRS (z: elevation above the datum of the terrain).
struct Point3 {
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
};

/// Placement of a voxel grid in the project CRS.
struct VoxelGeometry {
    double originX = 0.0;  ///< x of the west edge of column 0 [m]
    double originY = 0.0;  ///< y of the north edge of row 0 [m]
    double cellM = 1.0;    ///< horizontal size of a voxel [m], > 0
    double z0M = 0.0;      ///< elevation of the bottom of level 0 [m]
    double dzM = 1.0;      ///< vertical size of a voxel [m], > 0

    /// World position of continuous voxel coordinates (u, v, w).
    Point3 toWorld(double u, double v, double w) const {
        return {originX + u * cellM, originY - v * cellM, z0M + w * dzM};
    }
    /// World position of the centre of a voxel.
    Point3 centre(const Voxel& v) const { return toWorld(v.i + 0.5, v.j + 0.5, v.k + 0.5); }
    /// Continuous voxel coordinates of a world position.
    void toVoxel(const Point3& p, double& u, double& v, double& w) const {
        u = (p.x - originX) / cellM;
        v = (originY - p.y) / cellM;
        w = (p.z - z0M) / dzM;
    }
};

/// Free levels [lo, hi) of one column.
struct LevelRun {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
};

/// Per-column runs of free levels over a rectangle of columns, in row-major column order. Used by VoxelGrid
/// and by VoxelPatch. Runs of a column are sorted, disjoint and non-adjacent.
class ColumnRuns {
public:
    ColumnRuns() = default;
    /// `offsets` has width*height+1 entries; column c owns runs[offsets[c] .. offsets[c+1]).
    /// @throws core::Error(Internal) when the arrays are inconsistent.
    ColumnRuns(int width, int height, std::vector<std::uint32_t> offsets, std::vector<LevelRun> runs);

    int width() const { return width_; }
    int height() const { return height_; }
    const LevelRun* begin(std::size_t column) const { return runs_.data() + offsets_[column]; }
    const LevelRun* end(std::size_t column) const { return runs_.data() + offsets_[column + 1]; }
    std::size_t runCount() const { return runs_.size(); }
    /// Bytes held by the two arrays.
    std::size_t memoryBytes() const {
        return offsets_.capacity() * sizeof(std::uint32_t) + runs_.capacity() * sizeof(LevelRun);
    }

private:
    int width_ = 0;
    int height_ = 0;
    std::vector<std::uint32_t> offsets_;
    std::vector<LevelRun> runs_;
};

/// First run of [b, e) that ends above level k (binary search, for columns with many runs).
const LevelRun* firstRunEndingAbove(const LevelRun* b, const LevelRun* e, int k);

/// True when level k lies in one of the runs [b, e).
inline bool levelFree(const LevelRun* b, const LevelRun* e, int k) {
    if (e - b > 8) {
        const LevelRun* p = firstRunEndingAbove(b, e, k);
        return p != e && p->lo <= k;
    }
    for (const LevelRun* p = b; p != e; ++p) {
        if (k < p->lo) return false;
        if (k < p->hi) return true;
    }
    return false;
}

/// Bits of levels k-1, k, k+1 (bit 0 = level k-1) that lie in the runs [b, e).
inline std::uint32_t levelBits3(const LevelRun* b, const LevelRun* e, int k) {
    const int lo = k - 1;
    const int hi = k + 2;
    if (e - b > 8) b = firstRunEndingAbove(b, e, lo);
    std::uint32_t bits = 0;
    for (const LevelRun* p = b; p != e; ++p) {
        if (p->lo >= hi) break;
        if (p->hi <= lo) continue;
        const int a = lo > p->lo ? lo : p->lo;
        const int c = hi < p->hi ? hi : p->hi;
        bits |= ((1u << (c - a)) - 1u) << (a - lo);
    }
    return bits;
}

/// Appends the free levels [lo, hi) of the column whose runs start at runs[columnStart] (levels clamped to
/// [0, 65535]; empty ranges ignored). Ranges must come in increasing order; a range that touches or overlaps
/// the column's last run is merged into it.
void appendRun(std::vector<LevelRun>& runs, std::size_t columnStart, int lo, int hi);

/// The free airspace as a sparse voxel grid. Voxels outside the grid are blocked. Immutable once built;
/// concurrent const access is safe.
class VoxelGrid {
public:
    VoxelGrid() = default;
    /// A grid of nx x ny columns and nz levels with the given runs (ColumnRuns of nx x ny).
    /// @throws core::Error(Internal) for sizes that do not match or nz > 65535.
    VoxelGrid(int nx, int ny, int nz, const VoxelGeometry& geometry, ColumnRuns runs);
    /// From a dense mask, index i + nx*(j + ny*k), non-zero = blocked (tests, small maps).
    static VoxelGrid fromBlockedMask(int nx, int ny, int nz, const std::vector<std::uint8_t>& blocked,
                                     const VoxelGeometry& geometry = {});

    int nx() const { return nx_; }
    int ny() const { return ny_; }
    int nz() const { return nz_; }
    const VoxelGeometry& geometry() const { return geometry_; }
    const ColumnRuns& runs() const { return runs_; }

    bool inside(int i, int j, int k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < nx_ && j < ny_ && k < nz_;
    }
    bool insideColumns(int i, int j) const { return i >= 0 && j >= 0 && i < nx_ && j < ny_; }
    std::size_t columnIndex(int i, int j) const {
        return static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(i);
    }
    bool isFree(int i, int j, int k) const {
        if (!inside(i, j, k)) return false;
        const std::size_t c = columnIndex(i, j);
        return levelFree(runs_.begin(c), runs_.end(c), k);
    }
    bool isFree(const Voxel& v) const { return isFree(v.i, v.j, v.k); }
    /// Bits of levels k-1, k, k+1 of column (i, j); 0 outside the grid.
    std::uint32_t bits3(int i, int j, int k) const {
        if (!insideColumns(i, j)) return 0;
        const std::size_t c = columnIndex(i, j);
        if (!bitCache_.empty()) return cachedBits3(c, k);
        return levelBits3(runs_.begin(c), runs_.end(c), k);
    }
    /// Builds a dense bit copy of the grid (one bit per voxel, 64-bit words per column) when it takes at most
    /// `maxBytes`; the search then reads neighbourhoods from it instead of the runs. Worth it for maps with
    /// many runs per column (game maps, random mazes); the city airspace has one or two runs per column and
    /// is fast without. Returns whether the cache exists. Not thread-safe against concurrent readers (call it
    /// right after building the grid).
    bool buildBitCache(std::size_t maxBytes);
    bool hasBitCache() const { return !bitCache_.empty(); }
    /// Number of free voxels (O(runs)).
    std::size_t freeVoxelCount() const;
    /// Bytes held by the grid (the runs, plus the bit cache when built).
    std::size_t memoryBytes() const {
        return runs_.memoryBytes() + bitCache_.capacity() * sizeof(std::uint64_t) + sizeof(*this);
    }

private:
    std::uint32_t cachedBits3(std::size_t column, int k) const {
        const std::uint64_t* w = bitCache_.data() + column * static_cast<std::size_t>(wordsPerColumn_);
        const int pos = k - 1;
        if (pos < 0) return static_cast<std::uint32_t>((w[0] << 1) & 7u);
        const int word = pos >> 6;
        const int bit = pos & 63;
        std::uint64_t v = w[word] >> bit;
        if (bit > 61 && word + 1 < wordsPerColumn_) v |= w[word + 1] << (64 - bit);
        return static_cast<std::uint32_t>(v & 7u);
    }

    int nx_ = 0;
    int ny_ = 0;
    int nz_ = 0;
    VoxelGeometry geometry_;
    ColumnRuns runs_;
    std::vector<std::uint64_t> bitCache_;
    int wordsPerColumn_ = 0;
};

/// Extra free voxels over a rectangle of columns (a vertiport's approach/departure funnel), OR-ed with the
/// grid by a SearchSpace. Column (i, j) of the grid is column (i - i0, j - j0) of `runs`.
struct VoxelPatch {
    int i0 = 0;
    int j0 = 0;
    ColumnRuns runs;

    bool contains(int i, int j) const {
        return i >= i0 && j >= j0 && i < i0 + runs.width() && j < j0 + runs.height();
    }
    std::size_t localIndex(int i, int j) const {
        return static_cast<std::size_t>(j - j0) * static_cast<std::size_t>(runs.width()) +
               static_cast<std::size_t>(i - i0);
    }
    bool isFree(int i, int j, int k) const {
        if (!contains(i, j)) return false;
        const std::size_t c = localIndex(i, j);
        return levelFree(runs.begin(c), runs.end(c), k);
    }
    std::uint32_t bits3(int i, int j, int k) const {
        if (!contains(i, j)) return 0;
        const std::size_t c = localIndex(i, j);
        return levelBits3(runs.begin(c), runs.end(c), k);
    }
};

/// The free space one search sees: the grid plus up to two patches (the funnels of the route's two
/// vertiports; other vertiports' funnels stay closed to it). Holds pointers: the grid and patches must
/// outlive it.
class SearchSpace {
public:
    explicit SearchSpace(const VoxelGrid& grid) : grid_(&grid) {}
    /// Adds a patch (at most two; further ones are ignored and return false).
    bool addPatch(const VoxelPatch* patch);
    /// Restricts the space to the columns whose byte is non-zero in `mask` (nx * ny, row-major; not owned;
    /// null lifts the restriction): a search corridor.
    void restrictColumns(const std::vector<std::uint8_t>* mask) { mask_ = mask; }

    const VoxelGrid& grid() const { return *grid_; }
    const VoxelGeometry& geometry() const { return grid_->geometry(); }
    bool inside(int i, int j, int k) const { return grid_->inside(i, j, k); }
    bool isFree(int i, int j, int k) const {
        if (!grid_->inside(i, j, k)) return false;
        if (mask_ && !(*mask_)[grid_->columnIndex(i, j)]) return false;
        if (grid_->isFree(i, j, k)) return true;
        for (int p = 0; p < patchCount_; ++p)
            if (patches_[p]->isFree(i, j, k)) return true;
        return false;
    }
    bool isFree(const Voxel& v) const { return isFree(v.i, v.j, v.k); }
    std::uint32_t bits3(int i, int j, int k) const {
        if (mask_ && (!grid_->insideColumns(i, j) || !(*mask_)[grid_->columnIndex(i, j)])) return 0;
        std::uint32_t b = grid_->bits3(i, j, k);
        for (int p = 0; p < patchCount_; ++p)
            b |= patches_[p]->bits3(i, j, k);
        return b;
    }
    /// The free runs of column (i, j): the grid's and the patches' merged (sorted, disjoint). Empty outside
    /// the grid or the corridor.
    void columnRuns(int i, int j, std::vector<LevelRun>& out) const;

private:
    const VoxelGrid* grid_;
    const std::vector<std::uint8_t>* mask_ = nullptr;
    const VoxelPatch* patches_[2] = {nullptr, nullptr};
    int patchCount_ = 0;
};

}  // namespace citytwin::uam

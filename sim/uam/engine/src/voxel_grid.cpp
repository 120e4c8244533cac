#include "citytwin/uam/voxel_grid.h"

#include <algorithm>
#include <string>

#include "citytwin/core/error.h"

namespace citytwin::uam {

using core::Error;
using core::ErrorCode;

ColumnRuns::ColumnRuns(int width, int height, std::vector<std::uint32_t> offsets, std::vector<LevelRun> runs)
    : width_(width), height_(height), offsets_(std::move(offsets)), runs_(std::move(runs)) {
    const std::size_t columns = static_cast<std::size_t>(std::max(width, 0)) * std::max(height, 0);
    if (width < 0 || height < 0 || offsets_.size() != columns + 1 || offsets_.front() != 0 ||
        offsets_.back() != runs_.size())
        throw Error(ErrorCode::Internal, "voxel columns: offsets do not match " + std::to_string(width) +
                                             " x " + std::to_string(height) + " columns and " +
                                             std::to_string(runs_.size()) + " runs");
}

const LevelRun* firstRunEndingAbove(const LevelRun* b, const LevelRun* e, int k) {
    return std::upper_bound(b, e, k, [](int level, const LevelRun& r) { return level < r.hi; });
}

void appendRun(std::vector<LevelRun>& runs, std::size_t columnStart, int lo, int hi) {
    lo = std::clamp(lo, 0, 65535);
    hi = std::clamp(hi, 0, 65535);
    if (hi <= lo) return;
    if (runs.size() > columnStart && runs.back().hi >= lo) {
        runs.back().hi = static_cast<std::uint16_t>(std::max<int>(runs.back().hi, hi));
        return;
    }
    runs.push_back({static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)});
}

VoxelGrid::VoxelGrid(int nx, int ny, int nz, const VoxelGeometry& geometry, ColumnRuns runs)
    : nx_(nx), ny_(ny), nz_(nz), geometry_(geometry), runs_(std::move(runs)) {
    if (nx <= 0 || ny <= 0 || nz <= 0 || nz > 65535 || runs_.width() != nx || runs_.height() != ny)
        throw Error(ErrorCode::Internal, "voxel grid " + std::to_string(nx) + " x " + std::to_string(ny) +
                                             " x " + std::to_string(nz) +
                                             ": sizes out of range or runs do not match");
}

VoxelGrid VoxelGrid::fromBlockedMask(int nx, int ny, int nz, const std::vector<std::uint8_t>& blocked,
                                     const VoxelGeometry& geometry) {
    if (nx <= 0 || ny <= 0 || nz <= 0 || nz > 65535 ||
        blocked.size() != static_cast<std::size_t>(nx) * ny * nz)
        throw Error(ErrorCode::Internal, "voxel mask: size does not match the grid");
    std::vector<std::uint32_t> offsets;
    offsets.reserve(static_cast<std::size_t>(nx) * ny + 1);
    std::vector<LevelRun> runs;
    offsets.push_back(0);
    const std::size_t plane = static_cast<std::size_t>(nx) * ny;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const std::size_t start = runs.size();
            const std::size_t c = static_cast<std::size_t>(j) * nx + i;
            int k = 0;
            while (k < nz) {
                while (k < nz && blocked[c + plane * k])
                    ++k;
                const int a = k;
                while (k < nz && !blocked[c + plane * k])
                    ++k;
                appendRun(runs, start, a, k);
            }
            offsets.push_back(static_cast<std::uint32_t>(runs.size()));
        }
    return VoxelGrid(nx, ny, nz, geometry, ColumnRuns(nx, ny, std::move(offsets), std::move(runs)));
}

std::size_t VoxelGrid::freeVoxelCount() const {
    std::size_t n = 0;
    for (std::size_t c = 0, end = static_cast<std::size_t>(nx_) * ny_; c < end; ++c)
        for (const LevelRun* p = runs_.begin(c); p != runs_.end(c); ++p)
            n += static_cast<std::size_t>(p->hi - p->lo);
    return n;
}

bool VoxelGrid::buildBitCache(std::size_t maxBytes) {
    const int words = (nz_ + 63) / 64;
    const std::size_t columns = static_cast<std::size_t>(nx_) * ny_;
    if (columns * words * sizeof(std::uint64_t) > maxBytes) return !bitCache_.empty();
    std::vector<std::uint64_t> bits(columns * words, 0);
    for (std::size_t c = 0; c < columns; ++c) {
        std::uint64_t* w = bits.data() + c * words;
        for (const LevelRun* p = runs_.begin(c); p != runs_.end(c); ++p)
            for (int k = p->lo; k < p->hi; ++k)
                w[k >> 6] |= std::uint64_t{1} << (k & 63);
    }
    bitCache_ = std::move(bits);
    wordsPerColumn_ = words;
    return true;
}

bool SearchSpace::addPatch(const VoxelPatch* patch) {
    if (!patch || patchCount_ >= 2) return false;
    patches_[patchCount_++] = patch;
    return true;
}

void SearchSpace::columnRuns(int i, int j, std::vector<LevelRun>& out) const {
    out.clear();
    if (!grid_->insideColumns(i, j)) return;
    if (mask_ && !(*mask_)[grid_->columnIndex(i, j)]) return;
    const std::size_t c = grid_->columnIndex(i, j);
    out.assign(grid_->runs().begin(c), grid_->runs().end(c));
    bool patched = false;
    for (int p = 0; p < patchCount_; ++p) {
        const VoxelPatch& patch = *patches_[p];
        if (!patch.contains(i, j)) continue;
        const std::size_t l = patch.localIndex(i, j);
        out.insert(out.end(), patch.runs.begin(l), patch.runs.end(l));
        patched = true;
    }
    if (!patched) return;
    std::sort(out.begin(), out.end(), [](const LevelRun& a, const LevelRun& b) { return a.lo < b.lo; });
    std::vector<LevelRun> merged;
    for (const LevelRun& r : out)
        appendRun(merged, 0, r.lo, r.hi);
    out.swap(merged);
}

}  // namespace citytwin::uam

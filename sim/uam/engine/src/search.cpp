// A* and Theta* on the sparse voxel grid. Both share one kernel: a binary heap with lazy deletion, node records
// in 8x8x8 blocks allocated on first touch (memory grows with the searched region, not the grid), and the
// 27-voxel neighbourhood of the expanded node read once as a bit mask so that the no-corner-cutting rule of each
// of the 26 moves is a single mask test.

#include "citytwin/uam/search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>

#include "traversal.h"

namespace citytwin::uam {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSqrt2 = 1.4142135623730951;
constexpr double kSqrt3 = 1.7320508075688772;

std::uint64_t packKey(int i, int j, int k) {
    return static_cast<std::uint64_t>(i) | (static_cast<std::uint64_t>(j) << 21) |
           (static_cast<std::uint64_t>(k) << 42);
}
Voxel unpackKey(std::uint64_t key) {
    return {static_cast<int>(key & 0x1FFFFF), static_cast<int>((key >> 21) & 0x1FFFFF),
            static_cast<int>(key >> 42)};
}

/// Bit of voxel (i+di, j+dj, k+dk) in the 27-voxel neighbourhood mask.
constexpr int nbit(int di, int dj, int dk) {
    return (di + 1) + 3 * (dj + 1) + 9 * (dk + 1);
}

struct Move {
    int di, dj, dk;
    std::uint32_t needNoCut;  ///< voxels that must be free without corner cutting
    std::uint32_t needCut;    ///< voxels that must be free with corner cutting (the target)
    double lengthM;
};

struct MoveTable {
    Move moves[26];
    MoveTable(double cellM, double dzM) {
        int n = 0;
        for (int dk = -1; dk <= 1; ++dk)
            for (int dj = -1; dj <= 1; ++dj)
                for (int di = -1; di <= 1; ++di) {
                    if ((di | dj | dk) == 0) continue;
                    Move m{di, dj, dk, 0u, 1u << nbit(di, dj, dk), 0.0};
                    // The box spanned by the voxel and its target, the voxel itself excluded.
                    for (int ek = 0; ek <= std::abs(dk); ++ek)
                        for (int ej = 0; ej <= std::abs(dj); ++ej)
                            for (int ei = 0; ei <= std::abs(di); ++ei)
                                if (ei | ej | ek) m.needNoCut |= 1u << nbit(ei * di, ej * dj, ek * dk);
                    const double h2 = (di * di + dj * dj) * cellM * cellM;
                    m.lengthM = std::sqrt(h2 + dk * dk * dzM * dzM);
                    moves[n++] = m;
                }
    }
};

/// Search records of one 8x8x8 block of voxels.
struct NodeBlock {
    double g[512];
    std::uint64_t parent[512];
    std::uint8_t state[512];  // 0 unseen, 1 open, 2 closed
};
enum : std::uint8_t { kUnseen = 0, kOpen = 1, kClosed = 2 };

class NodeTable {
public:
    NodeTable(int nx, int ny, int nz)
        : bx_((nx + 7) >> 3), by_((ny + 7) >> 3), table_(static_cast<std::size_t>(bx_) * by_ * ((nz + 7) >> 3), 0) {
        blocks_.emplace_back();  // slot 0 means "not allocated"
    }
    NodeBlock* block(int i, int j, int k) {
        std::uint32_t& slot = table_[(static_cast<std::size_t>(k >> 3) * by_ + (j >> 3)) * bx_ + (i >> 3)];
        if (slot == 0) {
            auto b = std::unique_ptr<NodeBlock>(new NodeBlock);
            std::memset(b->state, 0, sizeof(b->state));
            slot = static_cast<std::uint32_t>(blocks_.size());
            blocks_.push_back(std::move(b));
        }
        return blocks_[slot].get();
    }
    static int local(int i, int j, int k) { return (i & 7) | ((j & 7) << 3) | ((k & 7) << 6); }

private:
    int bx_, by_;
    std::vector<std::uint32_t> table_;
    std::vector<std::unique_ptr<NodeBlock>> blocks_;
};

struct HeapEntry {
    double key;  ///< f rounded to a fixed quantum, so that exact ties stay ties despite rounding noise in g
    double g;
    std::uint64_t node;
};
/// Smallest key first; among equal keys the deepest node (largest g), which makes A* run straight at the goal
/// across the many equal-cost lattice paths of open space instead of widening.
inline bool before(const HeapEntry& a, const HeapEntry& b) {
    return a.key < b.key || (a.key == b.key && a.g > b.g);
}

class OpenList {
public:
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    void push(const HeapEntry& e) {
        std::size_t hole = heap_.size();
        heap_.push_back(e);
        while (hole > 0) {
            const std::size_t parent = (hole - 1) >> 1;
            if (!before(e, heap_[parent])) break;
            heap_[hole] = heap_[parent];
            hole = parent;
        }
        heap_[hole] = e;
    }
    HeapEntry pop() {
        const HeapEntry top = heap_.front();
        const HeapEntry last = heap_.back();
        heap_.pop_back();
        const std::size_t n = heap_.size();
        if (n > 0) {
            std::size_t hole = 0;
            for (;;) {
                std::size_t child = 2 * hole + 1;
                if (child >= n) break;
                if (child + 1 < n && before(heap_[child + 1], heap_[child])) ++child;
                if (!before(heap_[child], last)) break;
                heap_[hole] = heap_[child];
                hole = child;
            }
            heap_[hole] = last;
        }
        return top;
    }

private:
    std::vector<HeapEntry> heap_;
};

class Heuristic {
public:
    Heuristic(const VoxelGeometry& g, const Voxel& goal, double weight)
        : goal_(goal), cubic_(g.cellM == g.dzM), h_(g.cellM), v_(g.dzM), w_(weight) {}
    double operator()(int i, int j, int k) const {
        const int di = std::abs(i - goal_.i);
        const int dj = std::abs(j - goal_.j);
        const int dk = std::abs(k - goal_.k);
        if (cubic_) return w_ * h_ * octileDistance(di, dj, dk);
        const double x = di * h_;
        const double y = dj * h_;
        const double z = dk * v_;
        return w_ * std::sqrt(x * x + y * y + z * z);
    }

private:
    Voxel goal_;
    bool cubic_;
    double h_, v_, w_;
};

/// Reports progress and polls cancel at most every 50 ms of wall time (checked every 256 expansions).
class Pacer {
public:
    explicit Pacer(const core::Progress& p) : progress_(p), last_(std::chrono::steady_clock::now()) {}
    /// False when cancelled.
    bool tick(double fraction) {
        if ((++count_ & 255u) != 0) return true;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(50)) return true;
        last_ = now;
        progress_(fraction, "searching");
        return !progress_.cancelled();
    }

private:
    const core::Progress& progress_;
    std::chrono::steady_clock::time_point last_;
    std::uint32_t count_ = 0;
};

/// The 27-voxel free mask around (i, j, k): bit nbit(di, dj, dk) set when that voxel is free.
inline std::uint32_t neighbourhood(const SearchSpace& space, int i, int j, int k) {
    std::uint32_t mask = 0;
    for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
            const std::uint32_t b = space.bits3(i + di, j + dj, k);
            const std::uint32_t spread = (b & 1u) | ((b & 2u) << 8) | ((b & 4u) << 16);
            mask |= spread << nbit(di, dj, -1);
        }
    return mask;
}

double straightLengthM(const VoxelGeometry& g, const Voxel& a, const Voxel& b) {
    const double x = (b.i - a.i) * g.cellM;
    const double y = (b.j - a.j) * g.cellM;
    const double z = (b.k - a.k) * g.dzM;
    return std::sqrt(x * x + y * y + z * z);
}

/// Cost of the straight segment a-b by exact traversal; +inf when a voxel on it is blocked.
double traverseCost(const SearchSpace& space, const Voxel& a, const Voxel& b, bool supercover, double weight,
                    const VoxelCostField* extra) {
    const double len = straightLengthM(space.geometry(), a, b);
    if (!extra) {
        const bool free = detail::traverseCentres(
            a, b, supercover, [&](int i, int j, int k, double, double) { return space.isFree(i, j, k); });
        return free ? weight * len : kInf;
    }
    double integral = 0.0;
    const bool free = detail::traverseCentres(a, b, supercover, [&](int i, int j, int k, double t0, double t1) {
        if (!space.isFree(i, j, k)) return false;
        if (t1 > t0) integral += (t1 - t0) * extra->perMetre(i, j, k);
        return true;
    });
    return free ? len * (weight + integral) : kInf;
}

template <bool kTheta, bool kWeighted>
SearchResult runSearch(const SearchSpace& space, const Voxel& start, const Voxel& goal, const SearchOptions& o,
                       const core::Progress& progress) {
    SearchResult result;
    if (!space.isFree(start) || !space.isFree(goal)) {
        result.status = SearchStatus::InvalidEndpoint;
        return result;
    }
    const VoxelGrid& grid = space.grid();
    const VoxelGeometry& geo = grid.geometry();
    const MoveTable table(geo.cellM, geo.dzM);
    const bool noCut = o.cornerRule == CornerRule::NoCornerCutting;
    const double w = o.lengthWeight;
    const VoxelCostField* extra = o.extraCost;
    const Heuristic h(geo, goal, w);
    // Keys are f rounded to a power-of-two quantum about 2^-32 of the smaller voxel side: far below any real
    // cost difference, far above the rounding noise of g (a sum of at most a few million terms).
    const double quantum = std::ldexp(1.0, std::ilogb(std::min(geo.cellM, geo.dzM)) - 32);
    const double invQuantum = 1.0 / quantum;
    auto keyOf = [&](double f) { return std::nearbyint(f * invQuantum); };

    NodeTable nodes(grid.nx(), grid.ny(), grid.nz());
    OpenList open;
    const std::uint64_t startKey = packKey(start.i, start.j, start.k);
    const std::uint64_t goalKey = packKey(goal.i, goal.j, goal.k);
    {
        NodeBlock* b = nodes.block(start.i, start.j, start.k);
        const int l = NodeTable::local(start.i, start.j, start.k);
        b->g[l] = 0.0;
        b->parent[l] = startKey;
        b->state[l] = kOpen;
    }
    const double h0 = h(start.i, start.j, start.k);
    open.push({keyOf(h0), 0.0, startKey});
    result.generated = 1;
    double hBest = h0;
    Pacer pacer(progress);

    while (!open.empty()) {
        const HeapEntry e = open.pop();
        const Voxel v = unpackKey(e.node);
        NodeBlock* vb = nodes.block(v.i, v.j, v.k);
        const int vl = NodeTable::local(v.i, v.j, v.k);
        if (vb->state[vl] == kClosed || e.g > vb->g[vl]) continue;  // stale entry
        vb->state[vl] = kClosed;
        ++result.expansions;
        if (e.node == goalKey) {
            result.status = SearchStatus::Found;
            result.cost = e.g;
            break;
        }
        if (o.maxExpansions != 0 && result.expansions >= o.maxExpansions) {
            result.status = SearchStatus::LimitReached;
            return result;
        }
        const double gv = e.g;
        if (!pacer.tick(h0 > 0 ? 1.0 - hBest / h0 : 0.0)) {
            result.status = SearchStatus::Cancelled;
            return result;
        }
        hBest = std::min(hBest, h(v.i, v.j, v.k));
        const std::uint64_t parentKey = vb->parent[vl];
        const Voxel p = unpackKey(parentKey);
        double gp = 0.0;
        if constexpr (kTheta) {
            if (parentKey != e.node) {
                NodeBlock* pb = nodes.block(p.i, p.j, p.k);
                gp = pb->g[NodeTable::local(p.i, p.j, p.k)];
            }
        }
        double qv = 0.0;
        if constexpr (kWeighted) qv = extra ? extra->perMetre(v.i, v.j, v.k) : 0.0;
        const std::uint32_t mask = neighbourhood(space, v.i, v.j, v.k);
        for (const Move& m : table.moves) {
            const std::uint32_t need = noCut ? m.needNoCut : m.needCut;
            if ((mask & need) != need) continue;
            const int ni = v.i + m.di;
            const int nj = v.j + m.dj;
            const int nk = v.k + m.dk;
            NodeBlock* nb = nodes.block(ni, nj, nk);
            const int nl = NodeTable::local(ni, nj, nk);
            const std::uint8_t st = nb->state[nl];
            if (st == kClosed) continue;
            const double gOld = st == kUnseen ? kInf : nb->g[nl];
            double best;
            if constexpr (kWeighted) {
                const double qn = extra ? extra->perMetre(ni, nj, nk) : 0.0;
                best = gv + m.lengthM * (w + 0.5 * (qv + qn));
            } else {
                best = gv + m.lengthM * w;
            }
            std::uint64_t bestParent = e.node;
            if constexpr (kTheta) {
                if (parentKey != e.node) {
                    const Voxel n{ni, nj, nk};
                    const double lower = gp + w * straightLengthM(geo, p, n);
                    if (lower < std::min(best, gOld)) {
                        const double c = gp + traverseCost(space, p, n, noCut, w, kWeighted ? extra : nullptr);
                        if (c < best) {
                            best = c;
                            bestParent = parentKey;
                        }
                    }
                }
            }
            if (best < gOld) {
                nb->g[nl] = best;
                nb->parent[nl] = bestParent;
                nb->state[nl] = kOpen;
                open.push({keyOf(best + h(ni, nj, nk)), best, packKey(ni, nj, nk)});
                ++result.generated;
            }
        }
    }
    if (result.status != SearchStatus::Found) {
        result.status = SearchStatus::NoPath;
        return result;
    }
    // Walk the parents back from the goal.
    std::uint64_t key = goalKey;
    for (;;) {
        const Voxel v = unpackKey(key);
        result.path.push_back(v);
        if (key == startKey) break;
        NodeBlock* b = nodes.block(v.i, v.j, v.k);
        key = b->parent[NodeTable::local(v.i, v.j, v.k)];
    }
    std::reverse(result.path.begin(), result.path.end());
    result.lengthM = pathLengthM(geo, result.path);
    progress(1.0, "searching");
    return result;
}

}  // namespace

const char* toString(SearchStatus status) {
    switch (status) {
        case SearchStatus::Found: return "found";
        case SearchStatus::NoPath: return "no path";
        case SearchStatus::Cancelled: return "cancelled";
        case SearchStatus::LimitReached: return "expansion limit reached";
        case SearchStatus::InvalidEndpoint: return "start or goal blocked";
    }
    return "?";
}

double octileDistance(int di, int dj, int dk) {
    int a = std::abs(di);
    int b = std::abs(dj);
    int c = std::abs(dk);
    // Sort a >= b >= c: c body diagonals, (b - c) face diagonals, (a - b) straight moves.
    if (a < b) std::swap(a, b);
    if (b < c) std::swap(b, c);
    if (a < b) std::swap(a, b);
    return kSqrt3 * c + kSqrt2 * (b - c) + (a - b);
}

SearchResult aStar(const SearchSpace& space, const Voxel& start, const Voxel& goal, const SearchOptions& options,
                   const core::Progress& progress) {
    if (options.extraCost) return runSearch<false, true>(space, start, goal, options, progress);
    return runSearch<false, false>(space, start, goal, options, progress);
}

SearchResult thetaStar(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                       const SearchOptions& options, const core::Progress& progress) {
    if (options.extraCost) return runSearch<true, true>(space, start, goal, options, progress);
    return runSearch<true, false>(space, start, goal, options, progress);
}

double segmentCost(const SearchSpace& space, const Voxel& a, const Voxel& b, const SearchOptions& options) {
    return traverseCost(space, a, b, options.cornerRule == CornerRule::NoCornerCutting, options.lengthWeight,
                        options.extraCost);
}

double pathLengthM(const VoxelGeometry& geometry, const std::vector<Voxel>& path) {
    double len = 0.0;
    for (std::size_t n = 1; n < path.size(); ++n)
        len += straightLengthM(geometry, path[n - 1], path[n]);
    return len;
}

}  // namespace citytwin::uam

// A* and Theta* on the sparse voxel grid. Both share one kernel: a binary heap with lazy deletion, node
// records in 8x8x8 blocks allocated on first touch (memory grows with the searched region, not the grid), and
// the 27-voxel neighbourhood of the expanded node read once as a bit mask so that the no-corner-cutting rule
// of each of the 26 moves is a single mask test.

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

/// Bit of voxel (i+di, j+dj, k+dk) in the 27-voxel neighbourhood mask.
constexpr int nbit(int di, int dj, int dk) {
    return (di + 1) + 3 * (dj + 1) + 9 * (dk + 1);
}

struct Move {
    int di, dj, dk;
    int localOffset;          ///< change of the index inside an 8x8x8 node block
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
                    Move m{di, dj, dk, di + 8 * dj + 64 * dk, 0u, 1u << nbit(di, dj, dk), 0.0};
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

/// Search records of one 8x8x8 block of voxels. A node is named by a 32-bit handle: block slot << 9 | index
/// inside the block (up to 8 M blocks, 4 G voxels).
/// The state is folded into g so that one load tells all: +inf unseen, g >= 0 open, -1 - g closed.
struct NodeBlock {
    double g[512];
    std::uint32_t parent[512];  // handle of the parent node
    int i0, j0, k0;             // voxel coordinates of the block's first voxel
};
inline bool isClosed(double g) {
    return g < 0.0;
}
inline double closedG(double stored) {
    return -1.0 - stored;
}

/// Node blocks kept for the next search of the same thread: fresh allocations of a few kB each would cost a
/// page fault apiece on the first touch.
class BlockPool {
public:
    std::unique_ptr<NodeBlock> take() {
        if (free_.empty()) return std::unique_ptr<NodeBlock>(new NodeBlock);
        auto b = std::move(free_.back());
        free_.pop_back();
        return b;
    }
    void give(std::vector<std::unique_ptr<NodeBlock>>& blocks) {
        for (auto& b : blocks)
            if (b && free_.size() < kMaxKept) free_.push_back(std::move(b));
        blocks.clear();
    }

private:
    static constexpr std::size_t kMaxKept = 8192;  // about 54 MB
    std::vector<std::unique_ptr<NodeBlock>> free_;
};

BlockPool& threadPool() {
    thread_local BlockPool pool;
    return pool;
}

class NodeTable {
public:
    NodeTable(int nx, int ny, int nz)
        : bx_((nx + 7) >> 3),
          by_((ny + 7) >> 3),
          table_(static_cast<std::size_t>(bx_) * by_ * ((nz + 7) >> 3), 0) {
        blocks_.emplace_back();  // slot 0 means "not allocated"
    }
    ~NodeTable() { threadPool().give(blocks_); }
    NodeTable(const NodeTable&) = delete;
    NodeTable& operator=(const NodeTable&) = delete;
    /// Slot of the block holding voxel (i, j, k), allocated on first use.
    std::uint32_t slot(int i, int j, int k) {
        std::uint32_t& s = table_[(static_cast<std::size_t>(k >> 3) * by_ + (j >> 3)) * bx_ + (i >> 3)];
        if (s == 0) {
            auto b = threadPool().take();
            std::fill(std::begin(b->g), std::end(b->g), kInf);
            b->i0 = i & ~7;
            b->j0 = j & ~7;
            b->k0 = k & ~7;
            s = static_cast<std::uint32_t>(blocks_.size());
            blocks_.push_back(std::move(b));
        }
        return s;
    }
    NodeBlock* block(std::uint32_t slot) const { return blocks_[slot].get(); }
    static int local(int i, int j, int k) { return (i & 7) | ((j & 7) << 3) | ((k & 7) << 6); }
    std::uint32_t handle(int i, int j, int k) {
        return (slot(i, j, k) << 9) | static_cast<std::uint32_t>(local(i, j, k));
    }
    Voxel voxel(std::uint32_t handle) const {
        const NodeBlock* b = blocks_[handle >> 9].get();
        const int l = static_cast<int>(handle & 511u);
        return {b->i0 + (l & 7), b->j0 + ((l >> 3) & 7), b->k0 + (l >> 6)};
    }

private:
    int bx_, by_;
    std::vector<std::uint32_t> table_;
    std::vector<std::unique_ptr<NodeBlock>> blocks_;
};

struct HeapEntry {
    double key;  ///< f rounded to a fixed quantum, so that exact ties stay ties despite rounding noise in g
    std::uint32_t tie;   ///< g in 1/1024 voxel (saturating): among equal keys the deepest node first
    std::uint32_t node;  ///< node handle
};
/// Smallest key first; among equal keys the deepest node (largest g), which makes A* run straight at the goal
/// across the many equal-cost lattice paths of open space instead of widening.
inline bool before(const HeapEntry& a, const HeapEntry& b) {
    return a.key < b.key || (a.key == b.key && a.tie > b.tie);
}

/// A 4-ary min-heap of 16-byte entries (half the depth of a binary heap; a node's four children share one
/// cache line).
class OpenList {
public:
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    void push(const HeapEntry& e) {
        std::size_t hole = heap_.size();
        heap_.push_back(e);
        while (hole > 0) {
            const std::size_t parent = (hole - 1) >> 2;
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
                const std::size_t first = 4 * hole + 1;
                if (first >= n) break;
                std::size_t best = first;
                const std::size_t stop = std::min(first + 4, n);
                for (std::size_t c = first + 1; c < stop; ++c)
                    if (before(heap_[c], heap_[best])) best = c;
                if (!before(heap_[best], last)) break;
                heap_[hole] = heap_[best];
                hole = best;
            }
            heap_[hole] = last;
        }
        return top;
    }

private:
    std::vector<HeapEntry> heap_;
};

/// A radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over 64-bit keys for searches whose popped keys never
/// decrease (A* with a consistent heuristic). Keys are the bit patterns of non-negative doubles, which order
/// as the doubles do. Entries equal to the last popped key sit in bucket 0 and leave it last-in first-out, so
/// that among equal f the node generated last, the deepest, is expanded first.
class RadixOpenList {
public:
    bool empty() const { return size_ == 0; }
    void push(double key, std::uint32_t node) {
        std::uint64_t k;
        std::memcpy(&k, &key, sizeof k);
        if (k < last_) k = last_;  // rounding noise of a consistent heuristic: treat as equal
        buckets_[bucketOf(k)].push_back({k, node});
        ++size_;
    }
    std::uint32_t pop() {
        if (buckets_[0].empty()) {
            int i = 1;
            while (buckets_[i].empty())
                ++i;
            std::uint64_t m = buckets_[i].front().key;
            for (const Item& e : buckets_[i]) {
                const std::uint64_t key = e.key;  // a copy: a reference to a packed member is misaligned (UBSan)
                if (key < m) m = key;
            }
            last_ = m;
            // Every entry of bucket i differs from the new minimum below bit i-1: they all move down.
            for (const Item& e : buckets_[i])
                buckets_[bucketOf(e.key)].push_back(e);
            buckets_[i].clear();
        }
        const std::uint32_t node = buckets_[0].back().node;
        buckets_[0].pop_back();
        --size_;
        return node;
    }

private:
#pragma pack(push, 4)
    struct Item {  // 12 bytes
        std::uint64_t key;
        std::uint32_t node;
    };
#pragma pack(pop)
    int bucketOf(std::uint64_t k) const {
        return k == last_ ? 0 : 64 - __builtin_clzll(k ^ last_);
    }
    std::vector<Item> buckets_[65];
    std::uint64_t last_ = 0;
    std::size_t size_ = 0;
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
    const bool free =
        detail::traverseCentres(a, b, supercover, [&](int i, int j, int k, double t0, double t1) {
            if (!space.isFree(i, j, k)) return false;
            if (t1 > t0) integral += (t1 - t0) * extra->perMetre(i, j, k);
            return true;
        });
    return free ? len * (weight + integral) : kInf;
}

template <bool kTheta, bool kWeighted>
SearchResult runSearch(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                       const SearchOptions& o, const core::Progress& progress) {
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
    // A weighted heuristic (weighted A*, Pohl 1970) trades optimality for speed: cost <= weight x optimal.
    const double hw = std::max(1.0, o.heuristicWeight);
    const Heuristic h(geo, goal, w * hw);
    // Keys are f rounded to a power-of-two quantum about 2^-32 of the smaller voxel side: far below any real
    // cost difference, far above the rounding noise of g (a sum of at most a few million terms).
    const double minSide = std::min(geo.cellM, geo.dzM);
    const double invQuantum = 1.0 / std::ldexp(1.0, std::ilogb(minSide) - 32);
    const double tieScale = 1024.0 / minSide;
    auto entry = [&](double g, double f, std::uint32_t node) {
        const double t = std::min(g * tieScale, 4294967295.0);
        return HeapEntry{std::nearbyint(f * invQuantum), static_cast<std::uint32_t>(t), node};
    };

    NodeTable nodes(grid.nx(), grid.ny(), grid.nz());
    // Theta*'s f may decrease along an expansion (its g takes shortcuts the grid heuristic does not see), so
    // it keeps the general heap; A*'s f never decreases and uses the faster radix heap. A weighted heuristic
    // is not consistent either: both use the general heap then.
    OpenList open;
    RadixOpenList radix;
    const bool useRadix = !kTheta && hw == 1.0;
    auto pushOpen = [&](double g, double f, std::uint32_t node) {
        if (useRadix)
            radix.push(std::nearbyint(f * invQuantum), node);
        else
            open.push(entry(g, f, node));
    };
    auto openEmpty = [&] { return useRadix ? radix.empty() : open.empty(); };
    const std::uint32_t startNode = nodes.handle(start.i, start.j, start.k);
    const std::uint32_t goalNode = nodes.handle(goal.i, goal.j, goal.k);
    {
        NodeBlock* b = nodes.block(startNode >> 9);
        const int l = static_cast<int>(startNode & 511u);
        b->g[l] = 0.0;
        b->parent[l] = startNode;
    }
    const double h0 = h(start.i, start.j, start.k);
    pushOpen(0.0, h0, startNode);
    result.generated = 1;
    double hBest = h0;
    Pacer pacer(progress);

    while (!openEmpty()) {
        const std::uint32_t eNode = useRadix ? radix.pop() : open.pop().node;
        NodeBlock* vb = nodes.block(eNode >> 9);
        const int vl = static_cast<int>(eNode & 511u);
        // Lazy deletion: a node improved after an entry was pushed got a new entry with a smaller key, which
        // closed it first.
        const double gv = vb->g[vl];
        if (isClosed(gv)) continue;
        vb->g[vl] = -1.0 - gv;
        ++result.expansions;
        if (eNode == goalNode) {
            result.status = SearchStatus::Found;
            result.cost = gv;
            break;
        }
        if (o.maxExpansions != 0 && result.expansions >= o.maxExpansions) {
            result.status = SearchStatus::LimitReached;
            return result;
        }
        const Voxel v{vb->i0 + (vl & 7), vb->j0 + ((vl >> 3) & 7), vb->k0 + (vl >> 6)};
        if (!pacer.tick(h0 > 0 ? 1.0 - hBest / h0 : 0.0)) {
            result.status = SearchStatus::Cancelled;
            return result;
        }
        if ((result.expansions & 63u) == 0) hBest = std::min(hBest, h(v.i, v.j, v.k));
        const std::uint32_t parentNode = vb->parent[vl];
        Voxel p = v;
        double gp = 0.0;
        if constexpr (kTheta) {
            if (parentNode != eNode) {
                p = nodes.voxel(parentNode);
                gp = closedG(nodes.block(parentNode >> 9)->g[parentNode & 511u]);
            }
        }
        double qv = 0.0;
        if constexpr (kWeighted) qv = extra ? extra->perMetre(v.i, v.j, v.k) : 0.0;
        const std::uint32_t mask = neighbourhood(space, v.i, v.j, v.k);
        // Neighbours of a voxel away from its block's faces lie in the same block.
        const bool interior = static_cast<unsigned>((v.i & 7) - 1) < 6u &&
                              static_cast<unsigned>((v.j & 7) - 1) < 6u &&
                              static_cast<unsigned>((v.k & 7) - 1) < 6u;
        const std::uint32_t vSlot = eNode >> 9;
        std::uint32_t slotCache[27];
        if (!interior) std::fill(std::begin(slotCache), std::end(slotCache), 0u);
        for (const Move& m : table.moves) {
            const std::uint32_t need = noCut ? m.needNoCut : m.needCut;
            if ((mask & need) != need) continue;
            const int ni = v.i + m.di;
            const int nj = v.j + m.dj;
            const int nk = v.k + m.dk;
            std::uint32_t nSlot;
            int nl;
            if (interior) {
                nSlot = vSlot;
                nl = vl + m.localOffset;
            } else {
                // At most 8 blocks around a voxel on a block face: look each up once per expansion.
                const int c = (((ni >> 3) - (v.i >> 3) + 1) * 3 + ((nj >> 3) - (v.j >> 3) + 1)) * 3 +
                              ((nk >> 3) - (v.k >> 3) + 1);
                if (slotCache[c] == 0) slotCache[c] = nodes.slot(ni, nj, nk);
                nSlot = slotCache[c];
                nl = NodeTable::local(ni, nj, nk);
            }
            NodeBlock* nb = nodes.block(nSlot);
            const double gOld = nb->g[nl];  // +inf when unseen
            if (isClosed(gOld)) continue;
            double best;
            if constexpr (kWeighted) {
                const double qn = extra ? extra->perMetre(ni, nj, nk) : 0.0;
                best = gv + m.lengthM * (w + 0.5 * (qv + qn));
            } else {
                best = gv + m.lengthM * w;
            }
            std::uint32_t bestParent = eNode;
            if constexpr (kTheta) {
                if (parentNode != eNode) {
                    const Voxel n{ni, nj, nk};
                    const double lower = gp + w * straightLengthM(geo, p, n);
                    if (lower < std::min(best, gOld)) {
                        const double c =
                            gp + traverseCost(space, p, n, noCut, w, kWeighted ? extra : nullptr);
                        if (c < best) {
                            best = c;
                            bestParent = parentNode;
                        }
                    }
                }
            }
            if (best < gOld) {
                nb->g[nl] = best;
                nb->parent[nl] = bestParent;
                pushOpen(best, best + h(ni, nj, nk), (nSlot << 9) | static_cast<std::uint32_t>(nl));
                ++result.generated;
            }
        }
    }
    if (result.status != SearchStatus::Found) {
        result.status = SearchStatus::NoPath;
        return result;
    }
    // Walk the parents back from the goal.
    std::uint32_t node = goalNode;
    for (;;) {
        result.path.push_back(nodes.voxel(node));
        if (node == startNode) break;
        node = nodes.block(node >> 9)->parent[node & 511u];
    }
    std::reverse(result.path.begin(), result.path.end());
    if constexpr (kTheta) {
        // Where the grandparent's segment only ties with the grid move, Theta* keeps the grid move: drop the
        // points that merely continue a straight line (exact integer test). The polyline, its cost and its
        // line of sight are unchanged: the supercover of a segment is the union of the supercovers of its
        // pieces.
        std::vector<Voxel> kept;
        for (const Voxel& v : result.path) {
            while (kept.size() >= 2) {
                const Voxel& a = kept[kept.size() - 2];
                const Voxel& b = kept.back();
                const long ux = b.i - a.i, uy = b.j - a.j, uz = b.k - a.k;
                const long wx = v.i - b.i, wy = v.j - b.j, wz = v.k - b.k;
                const bool collinear =
                    uy * wz - uz * wy == 0 && uz * wx - ux * wz == 0 && ux * wy - uy * wx == 0;
                if (!collinear || ux * wx + uy * wy + uz * wz <= 0) break;
                kept.pop_back();
            }
            kept.push_back(v);
        }
        result.path.swap(kept);
    }
    result.lengthM = pathLengthM(geo, result.path);
    progress(1.0, "searching");
    return result;
}

}  // namespace

const char* toString(SearchStatus status) {
    switch (status) {
        case SearchStatus::Found:
            return "found";
        case SearchStatus::NoPath:
            return "no path";
        case SearchStatus::Cancelled:
            return "cancelled";
        case SearchStatus::LimitReached:
            return "expansion limit reached";
        case SearchStatus::InvalidEndpoint:
            return "start or goal blocked";
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

SearchResult aStar(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                   const SearchOptions& options, const core::Progress& progress) {
    if (options.extraCost) return runSearch<false, true>(space, start, goal, options, progress);
    return runSearch<false, false>(space, start, goal, options, progress);
}

SearchResult thetaStar(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                       const SearchOptions& options, const core::Progress& progress) {
    if (options.extraCost) return runSearch<true, true>(space, start, goal, options, progress);
    return runSearch<true, false>(space, start, goal, options, progress);
}

namespace {

/// The fine extra cost at the centre of a coarse voxel.
class CoarseCost : public VoxelCostField {
public:
    CoarseCost(const VoxelCostField* fine, const VoxelGrid& grid, int f, int fz)
        : fine_(fine), nx_(grid.nx()), ny_(grid.ny()), nz_(grid.nz()), f_(f), fz_(fz) {}
    double perMetre(int i, int j, int k) const override {
        return fine_->perMetre(std::min(i * f_ + f_ / 2, nx_ - 1), std::min(j * f_ + f_ / 2, ny_ - 1),
                               std::min(k * fz_ + fz_ / 2, nz_ - 1));
    }

private:
    const VoxelCostField* fine_;
    int nx_, ny_, nz_, f_, fz_;
};

}  // namespace

SearchResult corridorSearch(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                            const SearchOptions& options, const CorridorSearchOptions& c,
                            const core::Progress& progress) {
    const VoxelGrid& fine = space.grid();
    const int f = std::max(1, c.coarseFactor), fz = std::max(1, c.coarseLevels);
    auto full = [&](const core::Progress& p) {
        return c.anyAngle ? thetaStar(space, start, goal, options, p) : aStar(space, start, goal, options, p);
    };
    if (!space.isFree(start) || !space.isFree(goal)) return full(progress);
    // (1) The optimistic coarse grid: a coarse voxel is free when any fine voxel in it is.
    const int ncx = (fine.nx() + f - 1) / f, ncy = (fine.ny() + f - 1) / f, ncz = (fine.nz() + fz - 1) / fz;
    std::vector<std::uint32_t> offsets{0};
    offsets.reserve(static_cast<std::size_t>(ncx) * ncy + 1);
    std::vector<LevelRun> runs, fineRuns, all;
    for (int cj = 0; cj < ncy; ++cj)
        for (int ci = 0; ci < ncx; ++ci) {
            all.clear();
            for (int j = cj * f; j < std::min(fine.ny(), (cj + 1) * f); ++j)
                for (int i = ci * f; i < std::min(fine.nx(), (ci + 1) * f); ++i) {
                    space.columnRuns(i, j, fineRuns);
                    all.insert(all.end(), fineRuns.begin(), fineRuns.end());
                }
            std::sort(all.begin(), all.end(),
                      [](const LevelRun& a, const LevelRun& b) { return a.lo < b.lo; });
            const std::size_t startRun = runs.size();
            for (const LevelRun& r : all)
                appendRun(runs, startRun, r.lo / fz, (r.hi + fz - 1) / fz);
            offsets.push_back(static_cast<std::uint32_t>(runs.size()));
        }
    VoxelGeometry cg = fine.geometry();
    cg.cellM *= f;
    cg.dzM *= fz;
    const VoxelGrid coarse(ncx, ncy, ncz, cg, ColumnRuns(ncx, ncy, std::move(offsets), std::move(runs)));
    SearchSpace coarseSpace(coarse);
    SearchOptions co = options;
    const CoarseCost coarseCost(options.extraCost, fine, f, fz);
    if (options.extraCost) co.extraCost = &coarseCost;
    const Voxel cs{start.i / f, start.j / f, start.k / fz}, cgoal{goal.i / f, goal.j / f, goal.k / fz};
    const SearchResult coarsePath =
        aStar(coarseSpace, cs, cgoal, co, progress.sub(0.0, 0.3, "coarse search"));
    if (coarsePath.status == SearchStatus::Cancelled) return coarsePath;
    std::size_t spent = coarsePath.expansions;
    if (coarsePath.status != SearchStatus::Found) {
        SearchResult r = full(progress.sub(0.3, 1.0));
        r.expansions += spent;
        return r;
    }
    // (2) The corridor: fine columns within the half-width of the coarse path's horizontal track.
    std::vector<std::uint8_t> mask;
    auto corridor = [&](int halfWidth) {
        mask.assign(static_cast<std::size_t>(fine.nx()) * fine.ny(), 0);
        std::vector<std::pair<double, double>> pts;  // fine column coordinates of the coarse centres
        pts.push_back({start.i + 0.5, start.j + 0.5});
        for (const Voxel& v : coarsePath.path)
            pts.push_back({(v.i + 0.5) * f, (v.j + 0.5) * f});
        pts.push_back({goal.i + 0.5, goal.j + 0.5});
        const double w = halfWidth;
        for (std::size_t n = 1; n < pts.size(); ++n) {
            const auto [ax, ay] = pts[n - 1];
            const auto [bx, by] = pts[n];
            const int i0 = std::max(0, static_cast<int>(std::floor(std::min(ax, bx) - w)));
            const int i1 = std::min(fine.nx() - 1, static_cast<int>(std::ceil(std::max(ax, bx) + w)));
            const int j0 = std::max(0, static_cast<int>(std::floor(std::min(ay, by) - w)));
            const int j1 = std::min(fine.ny() - 1, static_cast<int>(std::ceil(std::max(ay, by) + w)));
            const double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
            for (int j = j0; j <= j1; ++j)
                for (int i = i0; i <= i1; ++i) {
                    const double px = i + 0.5 - ax, py = j + 0.5 - ay;
                    const double t = l2 > 0 ? std::clamp((px * dx + py * dy) / l2, 0.0, 1.0) : 0.0;
                    if (std::hypot(px - t * dx, py - t * dy) <= w) mask[fine.columnIndex(i, j)] = 1;
                }
        }
    };
    SearchSpace restricted = space;
    SearchOptions fo = options;
    fo.heuristicWeight = std::max(options.heuristicWeight, c.fineHeuristicWeight);
    for (int round = 0; round < 2; ++round) {
        corridor(c.corridorHalfWidth * (round == 0 ? 1 : 3));
        restricted.restrictColumns(&mask);
        const core::Progress p = progress.sub(0.3 + 0.3 * round, 0.6 + 0.3 * round, "corridor search");
        SearchResult r =
            c.anyAngle ? thetaStar(restricted, start, goal, fo, p) : aStar(restricted, start, goal, fo, p);
        spent += r.expansions;
        if (r.status == SearchStatus::Found || r.status == SearchStatus::Cancelled) {
            r.expansions = spent;
            return r;
        }
    }
    // (3) The whole grid.
    SearchResult r = full(progress.sub(0.9, 1.0));
    r.expansions += spent;
    return r;
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

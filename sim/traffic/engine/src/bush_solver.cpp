// Algorithm B (Dial 2006) with exact Newton flow shifts, on "support" bushes.
//
// A bush is an acyclic subgraph rooted at one origin that carries all of that origin's flow. Here a bush
// holds exactly the links and nodes its origin's flow uses (plus the links added at the last update), so a
// bush is as small as its origin's trips, not as large as the network.
//
// Each outer iteration:
//   A. (per origin, parallel) With the link costs frozen at the start of the iteration: a least-cost tree
//      over the whole network (its costs give the convergence gap); drop links without flow and nodes
//      nothing passes; rescale the bush flows so that they conserve the demand exactly; then add shortcut
//      links (Nie 2010's "strong" rule: cheaper by the least-cost bush labels and safe for acyclicity by the
//      longest-used-path labels) and the off-bush pieces of least-cost paths that are cheaper than the bush's
//      best path between their end nodes.
//   B. (serial, Gauss-Seidel over origins) Sweeps of Algorithm B passes: longest-used and least-cost labels
//      in topological order, then for every node where the two paths end on different links, the two path
//      segments back to where they diverge get an exact Newton shift (Dial 2006, section 4), with link costs
//      and derivatives updated at once.
// Step A of origin o only reads the frozen costs and o's own bush, so it may run on another thread while
// step B works through earlier origins: the result does not depend on the thread count.

#include "bush_solver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "citytwin/core/error.h"

namespace citytwin::traffic::detail {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kInf = std::numeric_limits<double>::infinity();

// A label improvement smaller than this (relative to the label) is not a shortcut: it would be below the
// rounding error of summed path costs, and relative gaps of 1e-12 need nothing finer.
constexpr double kShortcutTolerance = 1e-14;

/// Per-thread work arrays. Arrays by node or link are kept in their reset state between uses.
struct Scratch {
    // by node
    std::vector<double> dist;
    std::vector<std::int32_t> pred;
    std::vector<std::int32_t> posOf;  ///< position in the bush being worked on, -1 otherwise
    std::vector<std::uint8_t> state;  ///< Dijkstra: 0 untouched, 1 labelled, 2 settled; bit 4 = destination
    std::vector<std::int32_t> settleOrder;
    std::vector<std::int32_t> touched;
    std::vector<std::int32_t> settled;  ///< nodes in the order Dijkstra settled them
    std::vector<std::int32_t> heapNode, heapPos;
    std::vector<double> heapKey;
    // by link
    std::vector<std::uint8_t> linkMark;
    // by bush position
    std::vector<double> s, u, t;
    std::vector<std::int32_t> minEdge, maxEdge;
    std::vector<std::uint8_t> live;
    // temporaries
    std::vector<std::int32_t> segMin, segMax, walk, newNodes;
    std::vector<BushEdge> newEdges;
    std::vector<std::int32_t> newHead;
    std::vector<std::int32_t> outStart, outEdge, indeg, order, newPos, queue;
    // skim attributes by node
    std::vector<double> attrA, attrB;

    void init(int nodes, int links) {
        const auto n = static_cast<std::size_t>(nodes);
        dist.assign(n, kInf);
        pred.assign(n, -1);
        posOf.assign(n, -1);
        state.assign(n, 0);
        settleOrder.assign(n, 0);
        heapPos.assign(n, -1);
        linkMark.assign(static_cast<std::size_t>(links), 0);
    }
    void ensurePositions(std::size_t k) {
        if (s.size() >= k) return;
        const std::size_t c = std::max(k, 2 * s.size());
        s.resize(c);
        u.resize(c);
        t.resize(c);
        minEdge.resize(c);
        maxEdge.resize(c);
        live.resize(c);
    }
};

/// Least-cost tree from `origin`: Dijkstra (1959) with an indexed 4-ary heap (decrease-key, no stale
/// entries). Nodes that may not carry through traffic are settled but not expanded. Stops once every
/// destination flagged in state (bit 4) is settled, when `stopAtDestinations`. Returns the number of
/// flagged destinations settled.
template <bool kMasked>
int dijkstraImpl(const SolverGraph& g, int origin, const double* cost, Scratch& sc, int destinations,
                 bool stopAtDestinations, const std::uint8_t* banned) {
    double* dist = sc.dist.data();
    std::int32_t* pred = sc.pred.data();
    std::uint8_t* state = sc.state.data();
    std::int32_t* where = sc.heapPos.data();
    for (std::int32_t v : sc.touched) {
        dist[v] = kInf;
        pred[v] = -1;
        state[v] &= 4;
    }
    sc.touched.clear();
    sc.settled.clear();
    std::vector<std::int32_t>& heapNode = sc.heapNode;
    std::vector<double>& heapKey = sc.heapKey;
    heapNode.clear();
    heapKey.clear();
    const auto siftUp = [&](std::size_t i, std::int32_t v, double key) {
        while (i > 0) {
            const std::size_t parent = (i - 1) >> 2;
            if (!(key < heapKey[parent])) break;
            heapKey[i] = heapKey[parent];
            heapNode[i] = heapNode[parent];
            where[heapNode[i]] = static_cast<std::int32_t>(i);
            i = parent;
        }
        heapKey[i] = key;
        heapNode[i] = v;
        where[v] = static_cast<std::int32_t>(i);
    };
    const auto popMin = [&]() {
        const std::int32_t top = heapNode[0];
        const std::int32_t v = heapNode.back();
        const double key = heapKey.back();
        heapNode.pop_back();
        heapKey.pop_back();
        const std::size_t n = heapNode.size();
        if (n > 0) {
            std::size_t i = 0;
            for (;;) {
                const std::size_t c = 4 * i + 1;
                if (c >= n) break;
                std::size_t best = c;
                const std::size_t last = std::min(c + 4, n);
                for (std::size_t k = c + 1; k < last; ++k)
                    if (heapKey[k] < heapKey[best]) best = k;
                if (!(heapKey[best] < key)) break;
                heapKey[i] = heapKey[best];
                heapNode[i] = heapNode[best];
                where[heapNode[i]] = static_cast<std::int32_t>(i);
                i = best;
            }
            heapKey[i] = key;
            heapNode[i] = v;
            where[v] = static_cast<std::int32_t>(i);
        }
        return top;
    };
    const std::int32_t* outStart = g.outStart.data();
    const std::int32_t* outLink = g.outLink.data();
    const std::int32_t* head = g.head.data();
    dist[origin] = 0.0;
    state[origin] |= 1;
    sc.touched.push_back(origin);
    heapNode.push_back(origin);
    heapKey.push_back(0.0);
    where[origin] = 0;
    int settled = 0, order = 0;
    while (!heapNode.empty()) {
        const std::int32_t v = popMin();
        const double d = dist[v];
        state[v] = static_cast<std::uint8_t>((state[v] & 4) | 2);
        sc.settleOrder[static_cast<std::size_t>(v)] = order++;
        sc.settled.push_back(v);
        if (state[v] & 4) {
            ++settled;
            if (stopAtDestinations && settled == destinations) break;
        }
        if (!g.passable(v, origin)) continue;
        for (std::int32_t k = outStart[v]; k < outStart[v + 1]; ++k) {
            const std::int32_t l = outLink[k];
            if constexpr (kMasked) {
                if (banned[l]) continue;
            }
            const std::int32_t w = head[l];
            const double nd = d + cost[l];
            if (nd < dist[w]) {
                const std::uint8_t st = state[w] & 3;
                if (st == 2) continue;  // settled (only with zero-cost ties rounding; cannot improve)
                dist[w] = nd;
                pred[w] = l;
                if (st == 0) {
                    state[w] |= 1;
                    sc.touched.push_back(w);
                    heapNode.push_back(w);
                    heapKey.push_back(nd);
                    siftUp(heapNode.size() - 1, w, nd);
                } else {
                    siftUp(static_cast<std::size_t>(where[w]), w, nd);
                }
            }
        }
    }
    return settled;
}

/// Dijkstra over the links a class may use (`banned` = nullptr: every link).
int dijkstra(const SolverGraph& g, int origin, const double* cost, Scratch& sc, int destinations,
             bool stopAtDestinations, const std::uint8_t* banned = nullptr) {
    return banned ? dijkstraImpl<true>(g, origin, cost, sc, destinations, stopAtDestinations, banned)
                  : dijkstraImpl<false>(g, origin, cost, sc, destinations, stopAtDestinations, nullptr);
}

// Tuning, measured on the TNTP networks (docs/benchmarks.md): at most this many equilibration sweeps per
// bush update, stopping earlier once a sweep gains less than kSweepGainRatio of the first sweep's gain.
constexpr int kMaxSweeps = 32;
constexpr double kSweepGainRatio = 1e-4;
// Newton steps at one node per pass: repeated while a step still moves more than kNewtonRepeat of the flow
// that could move.
constexpr int kNewtonSteps = 4;
constexpr double kNewtonRepeat = 0.01;
// A bush link counts as used (for the longest-used-path labels) above this flow [veh/h].
constexpr double kUsed = 0.0;
// Origins loaded per batch in the initial all-or-nothing loading (costs are updated between batches; a
// fixed batch keeps the result independent of the thread count).
constexpr std::size_t kLoadBatch = 8;

/// Worker threads that run indexed tasks: every index of a job is run exactly once, by whichever thread
/// claims it; the calling thread takes part. Results must not depend on which thread runs an index.
class Workers {
public:
    using Task = std::function<void(std::size_t, Scratch&)>;

    Workers(int threads, int nodes, int links) {
        const auto extra = static_cast<std::size_t>(std::max(0, threads - 1));
        scratch_.resize(extra);
        for (std::size_t w = 0; w < extra; ++w) {
            scratch_[w].init(nodes, links);
            threads_.emplace_back([this, w] { loop(scratch_[w]); });
        }
    }
    ~Workers() { stop(); }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    bool parallel() const { return !threads_.empty(); }

    /// Starts a job of `count` indices (after the previous one is completely finished).
    void start(std::size_t count, Task task) {
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [&] { return busy_ == 0; });
        task_ = std::move(task);
        count_ = count;
        next_ = 0;
        done_ = 0;
        abort_ = false;
        if (flags_.size() < count) flags_ = std::vector<std::atomic<std::uint8_t>>(count);
        for (std::size_t i = 0; i < count; ++i)
            flags_[i].store(0, std::memory_order_relaxed);
        ++generation_;
        lock.unlock();
        wake_.notify_all();
    }
    /// Runs one unclaimed index on this thread; false when none is left.
    bool claim(Scratch& sc) { return work(sc, true); }
    /// Returns once index i is done, running unclaimed indices meanwhile.
    void waitFor(std::size_t i, Scratch& sc) {
        while (!flags_[i].load(std::memory_order_acquire)) {
            rethrow();
            if (!claim(sc)) std::this_thread::yield();
        }
        rethrow();
    }
    /// Returns once every index is done.
    void finish(Scratch& sc) {
        while (claim(sc)) {
        }
        while (done_.load(std::memory_order_acquire) < count_ && !abort_)
            std::this_thread::yield();
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [&] { return busy_ == 0; });
        lock.unlock();
        rethrow();
    }
    /// Stops handing out indices and waits for running ones (cancel).
    void abandon() {
        abort_ = true;
        std::unique_lock<std::mutex> lock(mutex_);
        idle_.wait(lock, [&] { return busy_ == 0; });
    }
    void stop() {
        abandon();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            shutdown_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_)
            t.join();
        threads_.clear();
    }
    void rethrow() {
        if (failed_.load(std::memory_order_acquire)) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
        }
    }

private:
    bool work(Scratch& sc, bool once) {
        bool any = false;
        while (!abort_.load(std::memory_order_relaxed)) {
            const std::size_t i = next_.fetch_add(1);
            if (i >= count_) break;
            try {
                task_(i, sc);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!error_) error_ = std::current_exception();
                failed_ = true;
                abort_ = true;
            }
            flags_[i].store(1, std::memory_order_release);
            done_.fetch_add(1, std::memory_order_release);
            any = true;
            if (once) break;
        }
        return any;
    }
    void loop(Scratch& sc) {
        std::unique_lock<std::mutex> lock(mutex_);
        int seen = 0;
        for (;;) {
            wake_.wait(lock, [&] { return shutdown_ || generation_ != seen; });
            if (shutdown_) return;
            seen = generation_;
            ++busy_;
            lock.unlock();
            work(sc, false);
            lock.lock();
            if (--busy_ == 0) idle_.notify_all();
        }
    }

    std::vector<Scratch> scratch_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, idle_;
    int generation_ = 0;
    int busy_ = 0;
    bool shutdown_ = false;
    Task task_;
    std::size_t count_ = 0;
    std::atomic<std::size_t> next_{0};
    std::atomic<std::size_t> done_{0};
    std::atomic<bool> abort_{false};
    std::atomic<bool> failed_{false};
    std::vector<std::atomic<std::uint8_t>> flags_;
    std::exception_ptr error_;
};

class BushSolver {
public:
    BushSolver(const SolverGraph& g, const std::vector<SolverClass>& classes, const SolverSettings& settings,
               const ProgressFunction& progress, const CancelFunction& cancel)
        : g_(g), classes_(classes), settings_(settings), progress_(progress), cancel_(cancel) {
        const auto m = static_cast<std::size_t>(g.linkCount());
        flow_.assign(m, 0.0);
        cost_.resize(m);
        deriv_.resize(m);
        frozen_.resize(m);
        for (std::size_t l = 0; l < m; ++l)
            evalCost(g.cost[l], 0.0, cost_[l], deriv_[l]);
        // Origins of each class and their destinations (intrazonal cells are never loaded), demand in PCE.
        destStart_.push_back(0);
        for (std::size_t c = 0; c < classes.size(); ++c) {
            const OdMatrix& od = *classes[c].demand;
            for (int o = 0; o < od.zoneCount(); ++o) {
                std::size_t count = 0;
                for (std::size_t k = od.begin(o); k < od.end(o); ++k) {
                    if (od.destinations()[k] == o) continue;
                    destNode_.push_back(od.destinations()[k]);
                    destDemand_.push_back(od.demands()[k] * classes[c].pce);
                    ++count;
                }
                if (count == 0) continue;
                origins_.push_back(o);
                originClass_.push_back(static_cast<int>(c));
                destStart_.push_back(destNode_.size());
            }
        }
        bushes_.resize(origins_.size());
        sptt_.assign(origins_.size(), 0.0);
    }

    SolverOutcome run();

private:
    // --- step 0: all-or-nothing loading in batches of origins, costs updated after each batch.
    bool initialLoad(Workers& workers, Scratch& sc);
    void buildTreeBush(std::size_t oi, Scratch& sc);
    /// Loads origin oi's demand on its warm bush in the proportions the bush carried before; false when the
    /// bush cannot carry it (a destination outside the bush, or at a node that had no flow).
    bool warmBush(std::size_t oi, const Bush& old, Scratch& sc);
    const std::uint8_t* banned(std::size_t oi) const {
        const auto& b = classes_[static_cast<std::size_t>(originClass_[oi])].banned;
        return b.empty() ? nullptr : b.data();
    }
    // --- step A
    double updateBush(std::size_t oi, Scratch& sc);
    // --- step B
    /// Returns the sum over shifts of shift x cost difference (twice the Newton estimate of the objective
    /// decrease).
    double equilibrate(std::size_t oi, Scratch& sc);
    // --- between iterations
    double synchronise();
    double objectiveValue() const;

    void markDestinations(std::size_t oi, Scratch& sc, bool on) const {
        for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
            auto& st = sc.state[static_cast<std::size_t>(destNode_[k])];
            st = static_cast<std::uint8_t>(on ? (st | 4) : (st & ~4));
        }
    }
    double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
    bool cancelled() {
        if (!cancelledFlag_ && cancel_ && cancel_()) cancelledFlag_ = true;
        return cancelledFlag_;
    }
    void report(const std::string& stage, bool force = false) {
        if (!progress_) return;
        const auto now = Clock::now();
        if (!force && now - lastReport_ < std::chrono::milliseconds(50)) return;
        lastReport_ = now;
        progress_(fraction_, stage);
    }
    void updateFraction(double gap) {
        // Progress on a log scale of the gap, from the first gap measured to the target.
        if (!(gap > 0) || !std::isfinite(gap)) return;
        if (firstGap_ <= 0) firstGap_ = std::max(gap, settings_.targetGap * 10);
        const double f = std::log(firstGap_ / gap) / std::log(firstGap_ / settings_.targetGap);
        fraction_ = std::max(fraction_, std::clamp(0.05 + 0.93 * f, 0.0, 0.98));
    }

    const SolverGraph& g_;
    const std::vector<SolverClass>& classes_;
    SolverSettings settings_;
    const ProgressFunction& progress_;
    const CancelFunction& cancel_;

    std::vector<double> flow_, cost_, deriv_;  // live link state (step B)
    std::vector<double> frozen_;               // costs at the start of the iteration (step A)
    std::vector<int> origins_;
    std::vector<int> originClass_;
    std::size_t warmOrigins_ = 0;
    std::vector<std::size_t> destStart_;
    std::vector<std::int32_t> destNode_;
    std::vector<double> destDemand_;
    std::vector<Bush> bushes_;
    std::vector<double> sptt_;
    std::vector<UnreachablePair> unreachable_;

    Clock::time_point start_ = Clock::now();
    Clock::time_point lastReport_ = Clock::now();
    double fraction_ = 0.0;
    double firstGap_ = -1.0;
    bool cancelledFlag_ = false;
};

void BushSolver::buildTreeBush(std::size_t oi, Scratch& sc) {
    // The union of the least-cost paths to the (reachable) destinations, in settle order (a topological
    // order of the tree), with the demand loaded all-or-nothing.
    const int o = origins_[oi];
    auto& nodes = sc.newNodes;
    nodes.clear();
    nodes.push_back(o);
    sc.posOf[static_cast<std::size_t>(o)] = 0;
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
        std::int32_t v = destNode_[k];
        if (sc.dist[static_cast<std::size_t>(v)] == kInf) continue;
        while (sc.posOf[static_cast<std::size_t>(v)] < 0) {
            sc.posOf[static_cast<std::size_t>(v)] = 0;
            nodes.push_back(v);
            v = g_.tail[static_cast<std::size_t>(sc.pred[static_cast<std::size_t>(v)])];
        }
    }
    std::sort(nodes.begin() + 1, nodes.end(), [&](std::int32_t a, std::int32_t b) {
        return sc.settleOrder[static_cast<std::size_t>(a)] < sc.settleOrder[static_cast<std::size_t>(b)];
    });
    for (std::size_t k = 0; k < nodes.size(); ++k)
        sc.posOf[static_cast<std::size_t>(nodes[k])] = static_cast<std::int32_t>(k);
    Bush& b = bushes_[oi];
    const std::size_t nb = nodes.size();
    b.node.assign(nodes.begin(), nodes.end());
    b.inStart.resize(nb + 1);
    b.edge.resize(nb - 1);
    b.inStart[0] = 0;
    sc.ensurePositions(nb);
    for (std::size_t k = 0; k < nb; ++k)
        sc.t[k] = 0.0;
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
        const std::int32_t p = sc.posOf[static_cast<std::size_t>(destNode_[k])];
        if (p >= 0) sc.t[static_cast<std::size_t>(p)] += destDemand_[k];
    }
    for (std::size_t k = 1; k < nb; ++k) {
        const std::int32_t l = sc.pred[static_cast<std::size_t>(nodes[k])];
        b.inStart[k] = static_cast<std::int32_t>(k - 1);
        b.edge[k - 1] = {l, sc.posOf[static_cast<std::size_t>(g_.tail[static_cast<std::size_t>(l)])], 0.0};
    }
    b.inStart[nb] = static_cast<std::int32_t>(nb - 1);
    for (std::size_t k = nb - 1; k >= 1; --k) {
        BushEdge& e = b.edge[k - 1];
        e.flow = sc.t[k];
        sc.t[static_cast<std::size_t>(e.tail)] += sc.t[k];
    }
    for (std::int32_t v : nodes)
        sc.posOf[static_cast<std::size_t>(v)] = -1;
}

bool BushSolver::warmBush(std::size_t oi, const Bush& old, Scratch& sc) {
    const std::size_t nb = old.node.size();
    if (nb == 0 || old.node[0] != origins_[oi]) return false;
    const std::uint8_t* ban = banned(oi);
    if (ban)
        for (const BushEdge& e : old.edge)
            if (ban[e.link]) return false;
    sc.ensurePositions(nb);
    double* t = sc.t.data();
    for (std::size_t k = 0; k < nb; ++k) {
        sc.posOf[static_cast<std::size_t>(old.node[k])] = static_cast<std::int32_t>(k);
        t[k] = 0.0;
    }
    bool ok = true;
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1] && ok; ++k) {
        const std::int32_t p = sc.posOf[static_cast<std::size_t>(destNode_[k])];
        if (p < 0)
            ok = false;
        else
            t[p] += destDemand_[k];
    }
    Bush b;
    if (ok) {
        b = old;
        // Backwards in topological order: what arrives at node k (its demand and what passes on) comes in on
        // its links in the shares they had.
        for (std::size_t k = nb - 1; k >= 1 && ok; --k) {
            const std::int32_t e0 = b.inStart[k], e1 = b.inStart[k + 1];
            double total = 0.0;
            for (std::int32_t e = e0; e < e1; ++e)
                total += old.edge[static_cast<std::size_t>(e)].flow;
            if (!(t[k] > 0)) {
                for (std::int32_t e = e0; e < e1; ++e)
                    b.edge[static_cast<std::size_t>(e)].flow = 0.0;
                continue;
            }
            if (!(total > 0)) {
                ok = false;
                break;
            }
            for (std::int32_t e = e0; e < e1; ++e) {
                BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                be.flow = old.edge[static_cast<std::size_t>(e)].flow * (t[k] / total);
                t[be.tail] += be.flow;
            }
        }
    }
    for (std::int32_t v : old.node)
        sc.posOf[static_cast<std::size_t>(v)] = -1;
    if (ok) bushes_[oi] = std::move(b);
    return ok;
}

bool BushSolver::initialLoad(Workers& workers, Scratch& main) {
    // Least-cost trees at the costs left by the previous batches (Dijkstra's trees, loaded all-or-nothing):
    // an incremental loading, which starts the equilibration far closer than loading everything at
    // free-flow costs.
    const std::size_t zones = origins_.size();
    std::vector<std::uint8_t> reachable(destNode_.size(), 1);
    // Warm start: origins whose previous bush can carry the new demand keep it, in the proportions it had
    // (the bushes of a solution for other demand levels or another period); the others are loaded below.
    std::vector<std::size_t> cold;
    std::vector<std::uint8_t> warm(zones, 0);
    const BushSet* w = settings_.warm;
    if (w && w->linkCount == g_.linkCount() && w->nodeCount == g_.nodeCount && w->tail == g_.tail &&
        w->head == g_.head) {
        std::map<std::pair<int, int>, std::size_t> previous;
        for (std::size_t i = 0; i < w->bushes.size(); ++i)
            previous[{w->cls[i], w->origin[i]}] = i;
        std::vector<std::size_t> match(zones, SIZE_MAX);
        for (std::size_t oi = 0; oi < zones; ++oi) {
            const auto it = previous.find({originClass_[oi], origins_[oi]});
            if (it != previous.end()) match[oi] = it->second;
        }
        workers.start(zones, [&](std::size_t oi, Scratch& sc) {
            if (match[oi] != SIZE_MAX) warm[oi] = warmBush(oi, w->bushes[match[oi]], sc);
        });
        workers.finish(main);
        for (std::size_t oi = 0; oi < zones; ++oi) {
            if (!warm[oi]) continue;
            ++warmOrigins_;
            for (const BushEdge& e : bushes_[oi].edge)
                flow_[static_cast<std::size_t>(e.link)] += e.flow;
        }
        for (std::size_t l = 0; l < flow_.size(); ++l)
            evalCost(g_.cost[l], flow_[l], cost_[l], deriv_[l]);
        if (cancelled()) return false;
    }
    for (std::size_t oi = 0; oi < zones; ++oi)
        if (!warm[oi]) cold.push_back(oi);
    for (std::size_t b0 = 0; b0 < cold.size(); b0 += kLoadBatch) {
        const std::size_t b1 = std::min(cold.size(), b0 + kLoadBatch);
        workers.start(b1 - b0, [&, b0](std::size_t j, Scratch& sc) {
            const std::size_t oi = cold[b0 + j];
            markDestinations(oi, sc, true);
            dijkstra(g_, origins_[oi], cost_.data(), sc,
                     static_cast<int>(destStart_[oi + 1] - destStart_[oi]), true, banned(oi));
            markDestinations(oi, sc, false);
            for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k)
                reachable[k] = sc.dist[static_cast<std::size_t>(destNode_[k])] < kInf;
            buildTreeBush(oi, sc);
        });
        workers.finish(main);
        for (std::size_t j = b0; j < b1; ++j)
            for (const BushEdge& e : bushes_[cold[j]].edge) {
                const auto l = static_cast<std::size_t>(e.link);
                flow_[l] += e.flow;
                evalCost(g_.cost[l], flow_[l], cost_[l], deriv_[l]);
            }
        if (cancelled()) return false;
        fraction_ = 0.05 * static_cast<double>(b1) / static_cast<double>(cold.size());
        report("loading the initial paths");
    }
    // Unreachable destinations are listed and dropped; so are origins left without destinations.
    std::vector<std::size_t> keptStart = {0};
    std::vector<std::int32_t> keptNode;
    std::vector<double> keptDemand;
    std::vector<int> keptOrigins, keptClasses;
    std::vector<Bush> keptBushes;
    for (std::size_t oi = 0; oi < zones; ++oi) {
        for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
            if (reachable[k]) {
                keptNode.push_back(destNode_[k]);
                keptDemand.push_back(destDemand_[k]);
            } else {
                const int c = originClass_[oi];
                unreachable_.push_back({origins_[oi], destNode_[k],
                                        destDemand_[k] / classes_[static_cast<std::size_t>(c)].pce, c});
            }
        }
        if (keptNode.size() == keptStart.back()) continue;
        keptOrigins.push_back(origins_[oi]);
        keptClasses.push_back(originClass_[oi]);
        keptStart.push_back(keptNode.size());
        keptBushes.push_back(std::move(bushes_[oi]));
    }
    origins_.swap(keptOrigins);
    originClass_.swap(keptClasses);
    destStart_.swap(keptStart);
    destNode_.swap(keptNode);
    destDemand_.swap(keptDemand);
    bushes_.swap(keptBushes);
    sptt_.assign(origins_.size(), 0.0);
    return true;
}

double BushSolver::updateBush(std::size_t oi, Scratch& sc) {
    const int o = origins_[oi];
    Bush& b = bushes_[oi];
    const double* cost = frozen_.data();

    const std::uint8_t* ban = banned(oi);
    markDestinations(oi, sc, true);
    dijkstra(g_, o, cost, sc, static_cast<int>(destStart_[oi + 1] - destStart_[oi]), true, ban);
    markDestinations(oi, sc, false);
    double sptt = 0.0;
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k)
        sptt += destDemand_[k] * sc.dist[static_cast<std::size_t>(destNode_[k])];

    const std::size_t nb = b.node.size();
    sc.ensurePositions(nb + 1);
    double* s = sc.s.data();
    double* u = sc.u.data();
    double* t = sc.t.data();
    std::uint8_t* live = sc.live.data();
    BushEdge* E = b.edge.data();
    const std::int32_t* in = b.inStart.data();
    for (std::size_t k = 0; k < nb; ++k) {
        sc.posOf[static_cast<std::size_t>(b.node[k])] = static_cast<std::int32_t>(k);
        t[k] = 0.0;
    }
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k)
        t[sc.posOf[static_cast<std::size_t>(destNode_[k])]] += destDemand_[k];

    // 1. Rescale the flows so that they carry the demand exactly, in proportion to what they carry now
    //    (rounding in step B leaves tiny imbalances), and drop links and nodes without flow.
    live[0] = 1;
    std::size_t dropped = 0;
    for (std::size_t k = nb - 1; k >= 1; --k) {
        const std::int32_t e0 = in[k], e1 = in[k + 1];
        if (!(t[k] > 0)) {
            live[k] = 0;
            dropped += static_cast<std::size_t>(e1 - e0);
            sc.posOf[static_cast<std::size_t>(b.node[k])] = -1;
            for (std::int32_t e = e0; e < e1; ++e)
                E[e].flow = 0.0;
            continue;
        }
        live[k] = 1;
        double total = 0.0;
        for (std::int32_t e = e0; e < e1; ++e)
            total += E[e].flow;
        // Shares below 1e-15 are rounding residue of shifts that emptied a link.
        const double floor = total * 1e-15;
        double kept = 0.0;
        for (std::int32_t e = e0; e < e1; ++e) {
            if (E[e].flow > floor) {
                kept += E[e].flow;
            } else {
                E[e].flow = 0.0;
                ++dropped;
            }
        }
        if (!(kept > 0)) {  // cannot happen with conserved flows; keep the node on its first link
            E[e0].flow = t[k];
            t[E[e0].tail] += t[k];
            continue;
        }
        const double scale = t[k] / kept;
        for (std::int32_t e = e0; e < e1; ++e) {
            if (E[e].flow == 0.0) continue;
            E[e].flow *= scale;
            t[E[e].tail] += E[e].flow;
        }
    }

    // 2. Least-cost (s) and longest-used (u) labels on what is left, at the frozen costs.
    s[0] = 0.0;
    u[0] = 0.0;
    for (std::size_t k = 1; k < nb; ++k) {
        if (!live[k]) continue;
        double sm = kInf, um = -kInf;
        for (std::int32_t e = in[k]; e < in[k + 1]; ++e) {
            if (E[e].flow == 0.0) continue;
            sc.linkMark[static_cast<std::size_t>(E[e].link)] = 1;
            const double c = cost[E[e].link];
            sm = std::min(sm, s[E[e].tail] + c);
            um = std::max(um, u[E[e].tail] + c);
        }
        s[k] = sm;
        u[k] = um;
    }

    // 3. Candidate links. (a) Links between bush nodes that are shortcuts by the least-cost labels and
    //    keep the bush acyclic (tail's longest-used label below the head's: Nie 2010, "strong" criterion).
    auto& newEdges = sc.newEdges;
    auto& newHead = sc.newHead;
    auto& newNodes = sc.newNodes;
    newEdges.clear();
    newHead.clear();
    newNodes.clear();
    const auto tol = [](double label) { return kShortcutTolerance * std::abs(label); };
    for (std::size_t p = 0; p < nb; ++p) {
        if (!live[p]) continue;
        const std::int32_t i = b.node[p];
        if (!g_.passable(i, o)) continue;
        for (std::int32_t k = g_.outStart[static_cast<std::size_t>(i)];
             k < g_.outStart[static_cast<std::size_t>(i) + 1]; ++k) {
            const std::int32_t l = g_.outLink[static_cast<std::size_t>(k)];
            if (ban && ban[l]) continue;
            const std::int32_t q = sc.posOf[static_cast<std::size_t>(g_.head[static_cast<std::size_t>(l)])];
            if (q < 0 || sc.linkMark[static_cast<std::size_t>(l)]) continue;
            if (s[p] + cost[l] < s[q] - tol(s[q]) && u[p] < u[q]) {
                sc.linkMark[static_cast<std::size_t>(l)] = 1;
                newEdges.push_back({l, static_cast<std::int32_t>(p), 0.0});
                newHead.push_back(q);
            }
        }
    }
    // (b) Least-cost paths that leave the bush: each piece between two bush nodes a and b that is cheaper
    //     than the bush's best a..b path, with u[a] < u[b], is added with its new nodes. Such pieces keep the
    //     bush acyclic (every added path climbs in u), and at a bush equilibrium one exists whenever the
    //     origin is not at equilibrium (the least-cost path must leave the bush somewhere profitably).
    auto& walk = sc.walk;
    for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
        const std::int32_t d = destNode_[k];
        const std::int32_t pd = sc.posOf[static_cast<std::size_t>(d)];
        if (!(sc.dist[static_cast<std::size_t>(d)] < s[pd] - tol(s[pd]))) continue;
        std::int32_t end = d, cur = d;
        walk.clear();
        while (cur != o) {
            const std::int32_t l = sc.pred[static_cast<std::size_t>(cur)];
            const std::int32_t w = g_.tail[static_cast<std::size_t>(l)];
            walk.push_back(l);
            const std::int32_t pw = sc.posOf[static_cast<std::size_t>(w)];
            if (pw >= 0 && static_cast<std::size_t>(pw) < nb) {
                const std::int32_t pe = sc.posOf[static_cast<std::size_t>(end)];
                const bool off = walk.size() > 1 || !sc.linkMark[static_cast<std::size_t>(l)];
                const double pieceCost =
                    sc.dist[static_cast<std::size_t>(end)] - sc.dist[static_cast<std::size_t>(w)];
                if (off && s[pw] + pieceCost < s[pe] - tol(s[pe]) && u[pw] < u[pe]) {
                    // walk holds the piece from `end` back to w; add it tail first.
                    std::int32_t tailPos = pw;
                    for (std::size_t j = walk.size(); j-- > 0;) {
                        const std::int32_t lj = walk[j];
                        const std::int32_t hj = g_.head[static_cast<std::size_t>(lj)];
                        std::int32_t hp = sc.posOf[static_cast<std::size_t>(hj)];
                        if (hp < 0) {
                            hp = static_cast<std::int32_t>(nb + newNodes.size());
                            sc.posOf[static_cast<std::size_t>(hj)] = hp;
                            newNodes.push_back(hj);
                        }
                        if (!sc.linkMark[static_cast<std::size_t>(lj)]) {
                            sc.linkMark[static_cast<std::size_t>(lj)] = 1;
                            newEdges.push_back({lj, tailPos, 0.0});
                            newHead.push_back(hp);
                        }
                        tailPos = hp;
                    }
                }
                end = w;
                walk.clear();
            }
            cur = w;
        }
    }

    const auto resetScratch = [&] {
        for (std::size_t k = 0; k < nb; ++k) {
            sc.posOf[static_cast<std::size_t>(b.node[k])] = -1;
            for (std::int32_t e = in[k]; e < in[k + 1]; ++e)
                sc.linkMark[static_cast<std::size_t>(E[e].link)] = 0;
        }
        for (std::int32_t v : newNodes)
            sc.posOf[static_cast<std::size_t>(v)] = -1;
        for (const BushEdge& e : newEdges)
            sc.linkMark[static_cast<std::size_t>(e.link)] = 0;
    };
    if (dropped == 0 && newEdges.empty()) {  // same links as before: keep the order
        resetScratch();
        return sptt;
    }

    // 4. New topological order (Kahn) of the live nodes, the kept links and the new ones.
    const std::size_t total = nb + newNodes.size();
    auto& indeg = sc.indeg;
    auto& outStart = sc.outStart;
    auto& outEdge = sc.outEdge;
    indeg.assign(total, 0);
    outStart.assign(total + 1, 0);
    for (std::size_t k = 1; k < nb; ++k) {
        if (!live[k]) continue;
        for (std::int32_t e = in[k]; e < in[k + 1]; ++e)
            if (E[e].flow != 0.0) {
                ++indeg[k];
                ++outStart[static_cast<std::size_t>(E[e].tail) + 1];
            }
    }
    for (std::size_t j = 0; j < newEdges.size(); ++j) {
        ++indeg[static_cast<std::size_t>(newHead[j])];
        ++outStart[static_cast<std::size_t>(newEdges[j].tail) + 1];
    }
    for (std::size_t k = 0; k < total; ++k)
        outStart[k + 1] += outStart[k];
    outEdge.resize(static_cast<std::size_t>(outStart[total]));  // head positions
    {
        auto& fill = sc.queue;
        fill.assign(outStart.begin(), outStart.end() - 1);
        for (std::size_t k = 1; k < nb; ++k) {
            if (!live[k]) continue;
            for (std::int32_t e = in[k]; e < in[k + 1]; ++e)
                if (E[e].flow != 0.0)
                    outEdge[static_cast<std::size_t>(fill[static_cast<std::size_t>(E[e].tail)]++)] =
                        static_cast<std::int32_t>(k);
        }
        for (std::size_t j = 0; j < newEdges.size(); ++j)
            outEdge[static_cast<std::size_t>(fill[static_cast<std::size_t>(newEdges[j].tail)]++)] =
                newHead[j];
    }
    auto& order = sc.order;
    order.clear();
    order.push_back(0);
    for (std::size_t qi = 0; qi < order.size(); ++qi) {
        const std::int32_t v = order[qi];
        for (std::int32_t k = outStart[static_cast<std::size_t>(v)];
             k < outStart[static_cast<std::size_t>(v) + 1]; ++k) {
            const std::int32_t h = outEdge[static_cast<std::size_t>(k)];
            if (--indeg[static_cast<std::size_t>(h)] == 0) order.push_back(h);
        }
    }
    std::size_t liveCount = newNodes.size();
    for (std::size_t k = 0; k < nb; ++k)
        liveCount += live[k];
    if (order.size() != liveCount)
        throw core::Error(core::ErrorCode::Internal,
                          "traffic assignment: bush of origin " + std::to_string(o + 1) + " lost its order");

    // 5. Rebuild the bush in the new order.
    auto& newPos = sc.newPos;
    newPos.assign(total, -1);
    for (std::size_t k = 0; k < order.size(); ++k)
        newPos[static_cast<std::size_t>(order[k])] = static_cast<std::int32_t>(k);
    Bush nbush;
    nbush.node.resize(order.size());
    nbush.inStart.assign(order.size() + 1, 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto v = static_cast<std::size_t>(order[k]);
        nbush.node[k] = v < nb ? b.node[v] : newNodes[v - nb];
    }
    for (std::size_t k = 1; k < nb; ++k) {
        if (!live[k]) continue;
        for (std::int32_t e = in[k]; e < in[k + 1]; ++e)
            if (E[e].flow != 0.0) ++nbush.inStart[static_cast<std::size_t>(newPos[k]) + 1];
    }
    for (std::size_t j = 0; j < newEdges.size(); ++j)
        ++nbush.inStart[static_cast<std::size_t>(newPos[static_cast<std::size_t>(newHead[j])]) + 1];
    for (std::size_t k = 0; k < order.size(); ++k)
        nbush.inStart[k + 1] += nbush.inStart[k];
    nbush.edge.resize(static_cast<std::size_t>(nbush.inStart[order.size()]));
    {
        auto& fill = sc.queue;
        fill.assign(nbush.inStart.begin(), nbush.inStart.end() - 1);
        for (std::size_t k = 1; k < nb; ++k) {
            if (!live[k]) continue;
            for (std::int32_t e = in[k]; e < in[k + 1]; ++e)
                if (E[e].flow != 0.0)
                    nbush.edge[static_cast<std::size_t>(fill[static_cast<std::size_t>(newPos[k])]++)] = {
                        E[e].link, newPos[static_cast<std::size_t>(E[e].tail)], E[e].flow};
        }
        for (std::size_t j = 0; j < newEdges.size(); ++j)
            nbush.edge[static_cast<std::size_t>(
                fill[static_cast<std::size_t>(newPos[static_cast<std::size_t>(newHead[j])])]++)] = {
                newEdges[j].link, newPos[static_cast<std::size_t>(newEdges[j].tail)], 0.0};
    }

    resetScratch();
    b = std::move(nbush);
    return sptt;
}

double BushSolver::equilibrate(std::size_t oi, Scratch& sc) {
    double gain = 0.0;
    Bush& b = bushes_[oi];
    const std::size_t nb = b.node.size();
    sc.ensurePositions(nb);
    double* s = sc.s.data();
    double* u = sc.u.data();
    std::int32_t* minE = sc.minEdge.data();
    std::int32_t* maxE = sc.maxEdge.data();
    BushEdge* E = b.edge.data();
    const std::int32_t* in = b.inStart.data();
    double* cost = cost_.data();
    double* deriv = deriv_.data();
    double* flow = flow_.data();
    const LinkCost* param = g_.cost.data();
    auto& segMin = sc.segMin;
    auto& segMax = sc.segMax;

    for (int pass = 0; pass < settings_.passes; ++pass) {
        // Labels in topological order: least cost over all bush links, longest over used ones.
        s[0] = 0.0;
        u[0] = 0.0;
        bool any = false;
        for (std::size_t k = 1; k < nb; ++k) {
            const std::int32_t e0 = in[k], e1 = in[k + 1];
            if (e1 - e0 == 1) {
                const double c = cost[E[e0].link];
                s[k] = s[E[e0].tail] + c;
                u[k] = u[E[e0].tail] + c;
                minE[k] = maxE[k] = e0;
                continue;
            }
            double sm = kInf, um = -kInf;
            std::int32_t em = e0, eM = -1;
            for (std::int32_t e = e0; e < e1; ++e) {
                const double c = cost[E[e].link];
                const double vs = s[E[e].tail] + c;
                if (vs < sm) {
                    sm = vs;
                    em = e;
                }
                if (E[e].flow > kUsed) {
                    const double vu = u[E[e].tail] + c;
                    if (vu > um) {
                        um = vu;
                        eM = e;
                    }
                }
            }
            if (eM < 0) {
                um = sm;
                eM = em;
            }
            s[k] = sm;
            u[k] = um;
            minE[k] = em;
            maxE[k] = eM;
            any = any || em != eM;
        }
        if (!any) return gain;

        // Flow shifts in descending topological order.
        for (std::size_t k = nb - 1; k >= 1; --k) {
            const std::int32_t em = minE[k], eM = maxE[k];
            if (em == eM) continue;
            // Walk both paths back to their last common node (positions decrease along each path, so
            // advancing the one at the higher position finds it).
            segMin.clear();
            segMax.clear();
            segMin.push_back(em);
            segMax.push_back(eM);
            std::int32_t p = E[em].tail, q = E[eM].tail;
            double cMin = cost[E[em].link], dMin = deriv[E[em].link];
            double cMax = cost[E[eM].link], dMax = deriv[E[eM].link];
            double room = E[eM].flow;
            while (p != q) {
                if (p > q) {
                    const std::int32_t e = minE[p];
                    segMin.push_back(e);
                    cMin += cost[E[e].link];
                    dMin += deriv[E[e].link];
                    p = E[e].tail;
                } else {
                    const std::int32_t e = maxE[q];
                    segMax.push_back(e);
                    cMax += cost[E[e].link];
                    dMax += deriv[E[e].link];
                    room = std::min(room, E[e].flow);
                    q = E[e].tail;
                }
            }
            if (!(cMax > cMin) || !(room > 0)) continue;
            // Newton steps on the cost difference of the two segments (Dial 2006, eq. 12), kept feasible;
            // repeated while a step still moves a noticeable share of the flow (one step removes only a
            // quarter of an overload of a quartic BPR link).
            for (int newton = 0; newton < kNewtonSteps; ++newton) {
                const double d = dMax + dMin;
                double shift = d > 0 ? (cMax - cMin) / d : room;
                bool empties = false;
                if (!(shift < room)) {
                    shift = room;
                    empties = true;
                }
                gain += shift * (cMax - cMin);
                cMax = dMax = cMin = dMin = 0.0;
                for (std::int32_t e : segMax) {
                    E[e].flow = empties && E[e].flow == room ? 0.0 : E[e].flow - shift;
                    const std::int32_t l = E[e].link;
                    flow[l] -= shift;
                    evalCost(param[l], flow[l], cost[l], deriv[l]);
                    cMax += cost[l];
                    dMax += deriv[l];
                }
                for (std::int32_t e : segMin) {
                    E[e].flow += shift;
                    const std::int32_t l = E[e].link;
                    flow[l] += shift;
                    evalCost(param[l], flow[l], cost[l], deriv[l]);
                    cMin += cost[l];
                    dMin += deriv[l];
                }
                room -= shift;
                if (empties || !(cMax > cMin) || shift < kNewtonRepeat * room) break;
            }
        }
    }
    return gain;
}

double BushSolver::synchronise() {
    // Link flows as the exact sum of the bush flows (in origin order, so the result is reproducible), and
    // the costs that step A of this iteration sees. Returns TSTT.
    std::fill(flow_.begin(), flow_.end(), 0.0);
    for (const Bush& b : bushes_)
        for (const BushEdge& e : b.edge)
            flow_[static_cast<std::size_t>(e.link)] += e.flow;
    double tstt = 0.0;
    for (std::size_t l = 0; l < flow_.size(); ++l) {
        evalCost(g_.cost[l], flow_[l], cost_[l], deriv_[l]);
        frozen_[l] = cost_[l];
        tstt += flow_[l] * cost_[l];
    }
    return tstt;
}

double BushSolver::objectiveValue() const {
    // sum_a integral_0^x (fixed + coef s^beta) ds: the Beckmann objective for UE, the total cost for SO.
    double z = 0.0;
    for (std::size_t l = 0; l < flow_.size(); ++l) {
        const LinkCost& p = g_.cost[l];
        const double x = std::max(flow_[l], 0.0);
        double c, d;
        evalCost(p, x, c, d);
        z += p.fixed * x + (c - p.fixed) * x / (p.beta + 1.0);
    }
    return z;
}

SolverOutcome BushSolver::run() {
    SolverOutcome out;
    Scratch main;
    main.init(g_.nodeCount, g_.linkCount());
    Workers workers(settings_.threads, g_.nodeCount, g_.linkCount());
    report("loading the initial paths", true);
    if (!initialLoad(workers, main)) {
        workers.stop();
        out.status = AssignmentStatus::Cancelled;
        out.flow = flow_;
        out.seconds = elapsed();
        return out;
    }
    out.unreachable = unreachable_;
    out.warmOrigins = warmOrigins_;
    double assigned = 0.0;
    out.assignedByClass.assign(classes_.size(), 0.0);
    for (std::size_t oi = 0; oi < origins_.size(); ++oi) {
        const auto c = static_cast<std::size_t>(originClass_[oi]);
        for (std::size_t k = destStart_[oi]; k < destStart_[oi + 1]; ++k) {
            assigned += destDemand_[k];
            out.assignedByClass[c] += destDemand_[k] / classes_[c].pce;
        }
    }
    out.assignedDemand = assigned;

    const std::size_t zones = origins_.size();
    const int maxSweeps = settings_.sweeps > 0 ? settings_.sweeps : kMaxSweeps;
    const bool pipelined = workers.parallel();
    std::vector<double> measuredFlow;

    // Records the gap of the flows at the start of the iteration (known once step A is done everywhere);
    // true when the run stops here.
    const auto measure = [&](int iteration, double tstt, double objective) {
        double sptt = 0.0;
        for (double v : sptt_)
            sptt += v;
        // Nothing to assign, or nothing costs anything: at equilibrium by definition.
        const double gap = tstt > 0 ? (tstt - sptt) / tstt : 0.0;
        const double aec = assigned > 0 ? (tstt - sptt) / assigned : 0.0;
        out.curve.push_back({iteration, elapsed(), gap, aec, objective});
        out.relativeGap = gap;
        out.averageExcessCost = aec;
        out.tstt = tstt;
        out.sptt = sptt;
        out.iterations = iteration;
        updateFraction(gap);
        report("iteration " + std::to_string(iteration) + ": relative gap " + std::to_string(gap), true);
        if (gap <= settings_.targetGap) {
            out.status = AssignmentStatus::Converged;
        } else if (iteration >= settings_.maxIterations) {
            out.status = AssignmentStatus::IterationLimit;
        } else if (settings_.maxSeconds > 0 && elapsed() >= settings_.maxSeconds) {
            out.status = AssignmentStatus::TimeLimit;
        } else {
            return false;
        }
        return true;
    };
    // One sweep of step B over all origins; with `withStepA`, each origin first waits for its step A.
    double sweepGain = 0.0;
    const auto sweep = [&](bool withStepA, const std::string& stage) {
        sweepGain = 0.0;
        for (std::size_t i = 0; i < zones; ++i) {
            if (withStepA) workers.waitFor(i, main);
            if (cancelled()) return false;
            sweepGain += equilibrate(i, main);
            report(stage);
        }
        return true;
    };
    const auto stepA = [this](std::size_t i, Scratch& sc) { sptt_[i] = updateBush(i, sc); };
    // Flows from the bushes themselves (not the measured ones, one sweep behind) when the bushes are an
    // output or several classes must add up.
    const bool bushState = settings_.keepBushes || classes_.size() > 1;

    try {
        for (int iteration = 0;; ++iteration) {
            const double tstt = synchronise();
            const double objective = objectiveValue();
            const std::string stage = "iteration " + std::to_string(iteration + 1);
            workers.start(zones, stepA);
            if (pipelined) {
                // Step A runs on the workers (and here, while waiting); this thread follows with the first
                // sweep of step B, origin by origin, and keeps the flows step A measures in case they are
                // the answer.
                measuredFlow = flow_;
                if (!sweep(true, stage)) break;
                if (measure(iteration, tstt, objective)) {
                    flow_.swap(measuredFlow);
                    break;
                }
            } else {
                bool go = true;
                for (std::size_t i = 0; i < zones && go; ++i) {
                    workers.waitFor(i, main);
                    go = !cancelled();
                    report(stage + ": updating bushes");
                }
                if (!go) break;
                if (measure(iteration, tstt, objective)) {
                    // The bushes are kept (or add up to several classes): give them the sweep the
                    // pipelined order gives them, so that they do not depend on the thread count.
                    if (bushState) sweep(false, stage);
                    break;
                }
                if (!sweep(false, stage)) break;
            }
            // Further sweeps while they pay: stop once one gains less than a fraction of the first.
            const double firstGain = sweepGain;
            for (int k = 1; k < maxSweeps && sweepGain > kSweepGainRatio * firstGain && !cancelledFlag_; ++k)
                if (!sweep(false, stage)) break;
            if (cancelledFlag_) break;
        }
        if (cancelledFlag_) out.status = AssignmentStatus::Cancelled;
        workers.abandon();
    } catch (...) {
        workers.stop();
        throw;
    }
    workers.stop();
    if (bushState && !cancelledFlag_) {
        std::fill(flow_.begin(), flow_.end(), 0.0);
        for (const Bush& b : bushes_)
            for (const BushEdge& e : b.edge)
                flow_[static_cast<std::size_t>(e.link)] += e.flow;
    }
    out.flow = flow_;
    out.classFlow.assign(classes_.size(), std::vector<double>(flow_.size(), 0.0));
    for (std::size_t oi = 0; oi < bushes_.size(); ++oi) {
        std::vector<double>& cf = out.classFlow[static_cast<std::size_t>(originClass_[oi])];
        for (const BushEdge& e : bushes_[oi].edge)
            cf[static_cast<std::size_t>(e.link)] += e.flow;
        out.bushLinks += bushes_[oi].edge.size();
    }
    if (classes_.size() == 1) out.classFlow[0] = flow_;  // the same sums, as the solver kept them
    if (settings_.keepBushes) {
        out.bushes.linkCount = g_.linkCount();
        out.bushes.nodeCount = g_.nodeCount;
        out.bushes.tail = g_.tail;
        out.bushes.head = g_.head;
        out.bushes.bushes = std::move(bushes_);
        out.bushes.origin = origins_;
        out.bushes.cls = originClass_;
    }
    out.seconds = elapsed();
    return out;
}

}  // namespace

SkimOutput shortestPathSkim(const SolverGraph& g, const OdMatrix& demand, const std::vector<double>& cost,
                            const std::vector<double>* attrA, const std::vector<double>* attrB, bool fullSkim,
                            int threads, const ProgressFunction& progress, const CancelFunction& cancel,
                            const std::uint8_t* banned) {
    SkimOutput out;
    const int zones = g.zoneCount;
    const auto z = static_cast<std::size_t>(zones);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (fullSkim) {
        out.cost.assign(z * z, nan);
        if (attrA) out.attrA.assign(z * z, nan);
        if (attrB) out.attrB.assign(z * z, nan);
    }
    std::vector<double> sptt(z, 0.0), assigned(z, 0.0);
    std::vector<std::vector<UnreachablePair>> unreachable(z);
    std::atomic<int> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto lastReport = Clock::now();
    auto work = [&](bool caller) {
        Scratch sc;
        sc.init(g.nodeCount, g.linkCount());
        sc.attrA.assign(static_cast<std::size_t>(g.nodeCount), 0.0);
        sc.attrB.assign(static_cast<std::size_t>(g.nodeCount), 0.0);
        for (;;) {
            if (caller && (progress || cancel) && Clock::now() - lastReport > std::chrono::milliseconds(50)) {
                // Only the calling thread talks to the callbacks.
                lastReport = Clock::now();
                if (cancel && cancel()) {
                    out.cancelled = true;
                    next = zones;
                }
                if (progress) progress(0.99, "skim");
            }
            const int o = next.fetch_add(1);
            if (o >= zones) return;
            try {
                const auto oz = static_cast<std::size_t>(o);
                const bool hasDemand = demand.end(o) > demand.begin(o);
                if (!fullSkim && !hasDemand) continue;
                int targets = 0;
                if (fullSkim) {
                    for (int d = 0; d < zones; ++d)
                        sc.state[static_cast<std::size_t>(d)] |= 4;
                    targets = zones;
                } else {
                    for (std::size_t k = demand.begin(o); k < demand.end(o); ++k) {
                        sc.state[static_cast<std::size_t>(demand.destinations()[k])] |= 4;
                        ++targets;
                    }
                }
                dijkstra(g, o, cost.data(), sc, targets, true, banned);
                for (int d = 0; d < zones; ++d)
                    sc.state[static_cast<std::size_t>(d)] &= static_cast<std::uint8_t>(~4);
                for (std::size_t k = demand.begin(o); k < demand.end(o); ++k) {
                    const int d = demand.destinations()[k];
                    const double q = demand.demands()[k];
                    if (d == o) continue;
                    const double dist = sc.dist[static_cast<std::size_t>(d)];
                    if (dist == kInf) {
                        unreachable[oz].push_back({o, d, q});
                    } else {
                        sptt[oz] += q * dist;
                        assigned[oz] += q;
                    }
                }
                if (!fullSkim) continue;
                for (std::int32_t v : sc.settled) {
                    if (v == o) {
                        sc.attrA[static_cast<std::size_t>(v)] = 0.0;
                        sc.attrB[static_cast<std::size_t>(v)] = 0.0;
                        continue;
                    }
                    const auto l = static_cast<std::size_t>(sc.pred[static_cast<std::size_t>(v)]);
                    const auto t = static_cast<std::size_t>(g.tail[l]);
                    sc.attrA[static_cast<std::size_t>(v)] = sc.attrA[t] + (attrA ? (*attrA)[l] : 0.0);
                    sc.attrB[static_cast<std::size_t>(v)] = sc.attrB[t] + (attrB ? (*attrB)[l] : 0.0);
                }
                for (int d = 0; d < zones; ++d) {
                    const auto dz = static_cast<std::size_t>(d);
                    const double dist = sc.dist[dz];
                    if (d == o) {
                        out.cost[oz * z + dz] = 0.0;
                        if (attrA) out.attrA[oz * z + dz] = 0.0;
                        if (attrB) out.attrB[oz * z + dz] = 0.0;
                    } else if (dist < kInf) {
                        out.cost[oz * z + dz] = dist;
                        if (attrA) out.attrA[oz * z + dz] = sc.attrA[dz];
                        if (attrB) out.attrB[oz * z + dz] = sc.attrB[dz];
                    }
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error) error = std::current_exception();
                next = zones;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::max(1, threads); ++t)
        pool.emplace_back(work, false);
    work(true);
    for (std::thread& t : pool)
        t.join();
    if (error) std::rethrow_exception(error);
    for (std::size_t o = 0; o < z; ++o) {
        out.sptt += sptt[o];
        out.assignedDemand += assigned[o];
        out.unreachable.insert(out.unreachable.end(), unreachable[o].begin(), unreachable[o].end());
    }
    return out;
}

SolverOutcome solveEquilibrium(const SolverGraph& graph, const std::vector<SolverClass>& classes,
                               const SolverSettings& settings, const ProgressFunction& progress,
                               const CancelFunction& cancel) {
    BushSolver solver(graph, classes, settings, progress, cancel);
    return solver.run();
}

}  // namespace citytwin::traffic::detail

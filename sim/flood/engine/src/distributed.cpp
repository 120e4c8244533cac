// The flood solver across ranks (distributed.h): validation of a strip, the halo exchanges, the positivity
// correction across strips, the end-of-step reduction, and the helpers that cut the grid and gather results.
//
// What crosses a cut between rank A (rows above) and rank B (rows below), and why each is exact:
//   - after the momentum update (exchangeFaces): B's new discharges on the face row between them go up: A's
//     continuity, accumulators and correction read them. That face row is computed by B alone, from the same
//     inputs as on one process.
//   - at the end of a step (exchangeDepth): the depth of the first/last owned row and its wet column range
//     both ways (the momentum update of the cut and the active region of a row read them); and down, A's
//     x-faces of its last row and the face row north of it, which B's momentum update of the cut reads next
//     step (cross faces, theta neighbour). They go after the positivity correction, which may change them.
//   - the positivity correction runs pass by pass as on one process, the ranks in row order within a pass:
//     what A's cells take back from B's row and the face values A changes on the cut reach B before B's
//     cells are processed; what B does to A's row reaches A before the next pass (correctDistributed).
//   - reductions: the deepest water (max, exact), the stored volume (row sums gathered and added in row
//     order), the oscillation findings (combined in rank order = row order).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/flood/distributed.h"
#include "solver_impl.h"
#include "validate_rows.h"

namespace citytwin::flood {

namespace {

/// Adds the wall time of its scope to an accumulator (time spent communicating).
class CommTimer {
public:
    explicit CommTimer(double& total) : total_(total), start_(std::chrono::steady_clock::now()) {}
    ~CommTimer() {
        total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    CommTimer(const CommTimer&) = delete;
    CommTimer& operator=(const CommTimer&) = delete;

private:
    double& total_;
    std::chrono::steady_clock::time_point start_;
};

/// A byte buffer written and read in order (messages of the correction and the gathers).
class Packer {
public:
    template <class T>
    void put(const T& v) {
        const auto* p = reinterpret_cast<const unsigned char*>(&v);
        bytes.insert(bytes.end(), p, p + sizeof(T));
    }
    std::vector<unsigned char> bytes;
};

class Unpacker {
public:
    explicit Unpacker(const std::vector<unsigned char>& bytes) : bytes_(bytes) {}
    template <class T>
    T get() {
        if (pos_ + sizeof(T) > bytes_.size())
            throw core::Error(core::ErrorCode::Simulation, "flood: a message between ranks was truncated");
        T v;
        std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

private:
    const std::vector<unsigned char>& bytes_;
    std::size_t pos_ = 0;
};

constexpr int kTagForward = 101;  // correction: to the rank below, within a pass
constexpr int kTagBack = 102;     // correction: to the rank above, before the next pass
constexpr int kTagGather = 103;   // gatherResults / streamToRoot

/// Changes the correction makes across a cut: face values set (column, value) and depth taken back from
/// cells of the other side (column, depth), in the order made.
struct CutChanges {
    std::vector<std::pair<int, float>> faces;
    std::vector<std::pair<int, double>> taken;
    std::vector<unsigned char> pack() const {
        Packer p;
        p.put(static_cast<std::uint32_t>(faces.size()));
        for (const auto& f : faces) {
            p.put(static_cast<std::int32_t>(f.first));
            p.put(f.second);
        }
        p.put(static_cast<std::uint32_t>(taken.size()));
        for (const auto& c : taken) {
            p.put(static_cast<std::int32_t>(c.first));
            p.put(c.second);
        }
        return p.bytes;
    }
    static CutChanges unpack(const std::vector<unsigned char>& bytes) {
        CutChanges c;
        Unpacker u(bytes);
        const auto nf = u.get<std::uint32_t>();
        for (std::uint32_t i = 0; i < nf; ++i) {
            const auto col = u.get<std::int32_t>();
            c.faces.emplace_back(col, u.get<float>());
        }
        const auto nc = u.get<std::uint32_t>();
        for (std::uint32_t i = 0; i < nc; ++i) {
            const auto col = u.get<std::int32_t>();
            c.taken.emplace_back(col, u.get<double>());
        }
        return c;
    }
};

}  // namespace

// --- validation
// ------------------------------------------------------------------------------------------------

void Solver::Impl::validateDistributed(const Partition& p) {
    std::vector<Problem> problems;
    const Grid& whole = s.grid;
    auto add = [&](const std::string& parameter, const std::string& message) {
        problems.push_back({parameter, message});
    };
    if (!p.comm)
        throw core::Error(core::ErrorCode::Internal, "flood: a distributed run needs a communicator");
    const int ranks = p.comm->size();
    if (whole.ny < 1 || !(p.rowBegin >= 0 && p.rowBegin < p.rowEnd && p.rowEnd <= whole.ny) ||
        p.windowBegin != std::max(0, p.rowBegin - kHaloRows) ||
        p.windowEnd != std::min(whole.ny, p.rowEnd + kHaloRows)) {
        add("terrain", "rank " + std::to_string(p.comm->rank()) + " was given rows [" +
                           std::to_string(p.rowBegin) + ", " + std::to_string(p.rowEnd) + ") with window [" +
                           std::to_string(p.windowBegin) + ", " + std::to_string(p.windowEnd) +
                           ") of a grid of " + std::to_string(whole.ny) + " rows; use partitionOf()");
    } else if (ranks > 1 && p.rows() < kHaloRows) {
        add("terrain", "rank " + std::to_string(p.comm->rank()) + " owns " + std::to_string(p.rows()) +
                           " rows; every rank needs at least " + std::to_string(kHaloRows) +
                           " (the halo): run on fewer ranks (" + std::to_string(whole.ny / kHaloRows) +
                           " at most for " + std::to_string(whole.ny) + " rows)");
    } else {
        for (const Problem& q : detail::validateRows(s, {p.windowBegin, p.windowEnd, p.rowBegin, p.rowEnd}))
            problems.push_back(q);
    }
    if (s.options.scheme == Scheme::Fv1)
        add("scheme",
            "the fv1 scheme does not run across MPI ranks yet (only local_inertial does); run it on one "
            "process "
            "(without mpirun) or choose local_inertial");
    if (s.options.noDataPolicy == NoDataPolicy::Fill)
        add("nodata_policy",
            "nodata_policy fill needs the whole grid on one process; fill the DEM's holes beforehand (e.g. "
            "gdal_fillnodata.py) or use nodata_policy wall");

    // Every rank must throw the same error: the problems of all ranks, in rank order, duplicates dropped.
    Packer mine;
    for (const Problem& q : problems) {
        mine.put(static_cast<std::uint32_t>(q.parameter.size()));
        mine.bytes.insert(mine.bytes.end(), q.parameter.begin(), q.parameter.end());
        mine.put(static_cast<std::uint32_t>(q.message.size()));
        mine.bytes.insert(mine.bytes.end(), q.message.begin(), q.message.end());
    }
    std::vector<double> asDoubles((mine.bytes.size() + 7) / 8 + 1, 0.0);
    asDoubles[0] = static_cast<double>(mine.bytes.size());
    if (!mine.bytes.empty()) std::memcpy(asDoubles.data() + 1, mine.bytes.data(), mine.bytes.size());
    // gatherAll carries doubles: each rank's block is its byte count followed by the bytes.
    const std::vector<double> all = p.comm->gatherAll(asDoubles);
    std::vector<Problem> merged;
    std::size_t pos = 0;
    while (pos < all.size()) {
        const auto n = static_cast<std::size_t>(all[pos]);
        std::vector<unsigned char> bytes(n);
        if (n > 0) std::memcpy(bytes.data(), all.data() + pos + 1, n);
        pos += (n + 7) / 8 + 1;
        std::size_t at = 0;
        auto text = [&]() {
            std::uint32_t len = 0;
            std::memcpy(&len, bytes.data() + at, sizeof len);
            at += sizeof len;
            std::string t(bytes.begin() + static_cast<long>(at), bytes.begin() + static_cast<long>(at + len));
            at += len;
            return t;
        };
        while (at < bytes.size()) {
            Problem q;
            q.parameter = text();
            q.message = text();
            const bool seen = std::any_of(merged.begin(), merged.end(), [&](const Problem& o) {
                return o.parameter == q.parameter && o.message == q.message;
            });
            if (!seen) merged.push_back(std::move(q));
        }
    }
    if (merged.empty()) return;
    std::string message = merged.front().message;
    if (merged.size() > 1) {
        message += " (and " + std::to_string(merged.size() - 1) + " more:";
        for (std::size_t i = 1; i < merged.size(); ++i)
            message += (i > 1 ? "; " : " ") + merged[i].parameter + ": " + merged[i].message;
        message += ")";
    }
    throw core::Error(core::ErrorCode::Validation, message, {{}, {}, merged.front().parameter});
}

// --- halo exchanges ----------------------------------------------------------------------------------------

void Solver::Impl::exchangeFaces() {
    // Up: the face row north of my first row, which I compute and the rank above reads as its southern face
    // row (continuity, accumulators, the correction). Nothing goes down here: what the rank below needs of my
    // faces goes with the depths at the end of the step, after the correction may have changed them.
    CommTimer timer(commS);
    const bool up = rowOffset + own0 > 0;
    const bool down = rowOffset + own1 < gg.ny;
    const std::size_t n = static_cast<std::size_t>(nx);
    float* north = qy.data() + qyIndex(0, own0);
    float* south = qy.data() + qyIndex(0, own1);
    std::vector<float> toUp, fromDown;
    if (up) toUp.assign(north, north + n);
    if (down) fromDown.resize(n);
    comm->exchangeNeighbours(toUp.data(), toUp.size() * sizeof(float), nullptr, 0, nullptr, 0,
                             fromDown.data(), fromDown.size() * sizeof(float));
    haloBytes += static_cast<double>(toUp.size() * sizeof(float));
    if (down) std::copy(fromDown.begin(), fromDown.end(), south);
}

void Solver::Impl::exchangeDepth(int rowsToSend, bool endOfStep) {
    // Depth of `rowsToSend` rows each way. At the end of a step also the wet column range of the row sent,
    // and downwards the discharges the rank below reads next step across the cut: the x-faces of my last row
    // and the face row north of it (cross faces and the theta neighbour of the face row it computes).
    CommTimer timer(commS);
    const bool up = rowOffset + own0 > 0;
    const bool down = rowOffset + own1 < gg.ny;
    const std::size_t n = static_cast<std::size_t>(nx) * static_cast<std::size_t>(rowsToSend);
    const std::size_t faces = static_cast<std::size_t>(2 * nx + 1);
    auto put = [](std::vector<unsigned char>& out, const void* p, std::size_t bytes) {
        const auto* b = static_cast<const unsigned char*>(p);
        out.insert(out.end(), b, b + bytes);
    };
    auto packRows = [&](int r0, std::vector<unsigned char>& out) {
        put(out, h.data() + g.index(0, r0), n * sizeof(double));
        if (endOfStep)
            for (int r = r0; r < r0 + rowsToSend; ++r) {
                const std::int32_t range[2] = {wetNow[r].lo, wetNow[r].hi};
                put(out, range, sizeof range);
            }
    };
    const std::size_t rowBytes =
        n * sizeof(double) + (endOfStep ? 8 * static_cast<std::size_t>(rowsToSend) : 0);
    std::vector<unsigned char> toUp, fromUp, toDown, fromDown;
    if (up) {
        packRows(own0, toUp);
        fromUp.resize(rowBytes + (endOfStep ? faces * sizeof(float) : 0));
    }
    if (down) {
        packRows(own1 - rowsToSend, toDown);
        if (endOfStep) {
            put(toDown, qx.data() + qxIndex(0, own1 - 1),
                (faces - static_cast<std::size_t>(nx)) * sizeof(float));
            put(toDown, qy.data() + qyIndex(0, own1 - 1), static_cast<std::size_t>(nx) * sizeof(float));
        }
        fromDown.resize(rowBytes);
    }
    comm->exchangeNeighbours(toUp.data(), toUp.size(), fromUp.data(), fromUp.size(), toDown.data(),
                             toDown.size(), fromDown.data(), fromDown.size());
    haloBytes += static_cast<double>(toUp.size() + toDown.size());
    auto unpackRows = [&](int r0, const std::vector<unsigned char>& in) {
        std::memcpy(h.data() + g.index(0, r0), in.data(), n * sizeof(double));
        if (endOfStep)
            for (int i = 0; i < rowsToSend; ++i) {
                std::int32_t range[2];
                std::memcpy(range, in.data() + n * sizeof(double) + 8 * static_cast<std::size_t>(i),
                            sizeof range);
                wetNow[r0 + i] = {range[0], range[1]};
            }
    };
    if (up) {
        unpackRows(own0 - rowsToSend, fromUp);
        if (endOfStep) {
            const unsigned char* f = fromUp.data() + rowBytes;
            std::memcpy(qx.data() + qxIndex(0, own0 - 1), f,
                        (faces - static_cast<std::size_t>(nx)) * sizeof(float));
            std::memcpy(qy.data() + qyIndex(0, own0 - 1),
                        f + (faces - static_cast<std::size_t>(nx)) * sizeof(float),
                        static_cast<std::size_t>(nx) * sizeof(float));
        }
    }
    if (down) unpackRows(own1, fromDown);
}

void Solver::Impl::reduceStepEnd(bool nonFiniteHere) {
    exchangeDepth(1, true);
    CommTimer timer(commS);
    const bool stop = cancelFn && *cancelFn && (*cancelFn)();
    double v[3] = {hMax, nonFiniteHere ? 1.0 : 0.0, stop ? 1.0 : 0.0};
    comm->maxAll(v, 3);
    hMax = v[0];
    cancelAll = v[2] > 0.0;
    if (v[1] > 0.0) nonFinite();
}

// --- the positivity correction across strips
// ------------------------------------------------------------------

void Solver::Impl::correctDistributed(double dt) {
    // Solver::Impl::correctOn, pass by pass in the same cell order over the whole grid: within a pass the
    // ranks go in row order, so each cell sees the same state as on one process (file comment).
    std::vector<std::size_t> todo;
    for (int r : rows)
        if (summaries[r].negatives > 0)
            for (int c = region[r].lo; c <= region[r].hi; ++c)
                if (h[g.index(c, r)] < 0.0) todo.push_back(g.index(c, r));
    {
        CommTimer timer(commS);
        double any = todo.empty() ? 0.0 : 1.0;
        comm->maxAll(&any, 1);
        if (any == 0.0) return;
    }
    const int rank = comm->rank();
    const bool up = rowOffset + own0 > 0;
    const bool down = rowOffset + own1 < gg.ny;
    const double dtOverDx = dt / dx;
    float* fx = qx.data();
    float* fy = qy.data();
    for (int pass = 0;; ++pass) {
        if (pass > 1000)
            throw core::Error(core::ErrorCode::Simulation,
                              "positivity correction did not settle at t = " + num(t) + " s (across " +
                                  std::to_string(comm->size()) + " ranks)",
                              {{}, {}, "cfl"});
        std::vector<std::size_t> next;
        CutChanges forward, back;  // to the rank below / above
        if (up) {
            CommTimer timer(commS);
            const CutChanges in = CutChanges::unpack(comm->receive(rank - 1, kTagForward));
            for (const auto& f : in.faces)
                fy[qyIndex(f.first, own0)] = f.second;
            for (const auto& c : in.taken) {
                const std::size_t o = g.index(c.first, own0);
                h[o] -= c.second;
                if (h[o] < 0.0) next.push_back(o);
            }
        }
        for (std::size_t k : todo) {
            if (!(h[k] < 0.0)) continue;
            const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
            struct Face {
                float* q;
                double sign;  // +1: positive q leaves k
                long other;   // neighbour cell or -1 (the grid's border)
                int otherRow;
                int faceRow;  // y-faces: the face row; x-faces: -1
            } faces[4] = {
                {&fx[qxIndex(c, r)], -1.0, c > 0 ? static_cast<long>(k - 1) : -1, r, -1},
                {&fx[qxIndex(c + 1, r)], 1.0, c + 1 < nx ? static_cast<long>(k + 1) : -1, r, -1},
                {&fy[qyIndex(c, r)], -1.0, r > 0 ? static_cast<long>(k - static_cast<std::size_t>(nx)) : -1,
                 r - 1, r},
                {&fy[qyIndex(c, r + 1)], 1.0,
                 r + 1 < ny ? static_cast<long>(k + static_cast<std::size_t>(nx)) : -1, r + 1, r + 1},
            };
            double out = 0.0;
            for (const Face& f : faces)
                out += std::max(0.0, f.sign * static_cast<double>(*f.q)) * dtOverDx;
            const double deficit = -h[k];
            const double cut = out > 0.0 ? std::min(1.0, deficit / out + 1.0e-6) : 0.0;
            for (const Face& f : faces) {
                const double leaving = f.sign * static_cast<double>(*f.q);
                if (!(leaving > 0.0)) continue;
                const float kept = static_cast<float>(static_cast<double>(*f.q) * (1.0 - cut));
                const double taken =
                    (static_cast<double>(*f.q) - static_cast<double>(kept)) * f.sign * dtOverDx;
                *f.q = kept;
                if (f.faceRow == own0 && up) back.faces.emplace_back(c, kept);
                if (f.faceRow == own1 && down) forward.faces.emplace_back(c, kept);
                h[k] += taken;
                if (f.other < 0) continue;
                if (f.otherRow < own0) {
                    back.taken.emplace_back(c, taken);  // the rank above's cell
                } else if (f.otherRow >= own1) {
                    forward.taken.emplace_back(c, taken);  // the rank below's cell
                } else {
                    const std::size_t o = static_cast<std::size_t>(f.other);
                    h[o] -= taken;
                    if (h[o] < 0.0) next.push_back(o);
                }
            }
            if (h[k] < 0.0) h[k] = 0.0;
            ++corrections;
        }
        {
            CommTimer timer(commS);
            if (down) comm->send(rank + 1, kTagForward, forward.pack());
            if (up) comm->send(rank - 1, kTagBack, back.pack());
            if (down) {
                const CutChanges in = CutChanges::unpack(comm->receive(rank + 1, kTagBack));
                for (const auto& f : in.faces)
                    fy[qyIndex(f.first, own1)] = f.second;
                for (const auto& c : in.taken) {
                    const std::size_t o = g.index(c.first, own1 - 1);
                    h[o] -= c.second;
                    if (h[o] < 0.0) next.push_back(o);
                }
            }
        }
        std::sort(next.begin(), next.end());
        next.erase(std::unique(next.begin(), next.end()), next.end());
        todo.swap(next);
        CommTimer timer(commS);
        double more = todo.empty() ? 0.0 : 1.0;
        comm->maxAll(&more, 1);
        if (more == 0.0) break;
    }
}

// --- cutting the grid, gathering results
// ---------------------------------------------------------------------

std::vector<int> balanceRows(const std::vector<double>& rowWeight, int parts) {
    const int ny = static_cast<int>(rowWeight.size());
    if (parts < 1 || ny < parts)
        throw core::Error(
            core::ErrorCode::Validation,
            "cannot cut a grid of " + std::to_string(ny) + " rows into " + std::to_string(parts) + " strips",
            {{}, {}, "ranks"});
    // Each strip gets at least kHaloRows rows when the grid has enough of them (the halo needs them).
    const int minRows = ny >= parts * kHaloRows ? kHaloRows : 1;
    std::vector<double> cumulative(static_cast<std::size_t>(ny) + 1, 0.0);
    for (int r = 0; r < ny; ++r)
        cumulative[static_cast<std::size_t>(r) + 1] =
            cumulative[static_cast<std::size_t>(r)] + std::max(0.0, rowWeight[static_cast<std::size_t>(r)]);
    const double total = cumulative.back();
    std::vector<int> bounds(static_cast<std::size_t>(parts) + 1, 0);
    bounds.back() = ny;
    for (int i = 1; i < parts; ++i) {
        int b = 0;
        if (total > 0.0) {
            const double target = total * i / parts;
            b = static_cast<int>(std::lower_bound(cumulative.begin(), cumulative.end(), target) -
                                 cumulative.begin());
        } else {
            b = static_cast<int>(static_cast<long long>(ny) * i / parts);
        }
        b = std::max(b, bounds[static_cast<std::size_t>(i) - 1] + minRows);
        b = std::min(b, ny - (parts - i) * minRows);
        bounds[static_cast<std::size_t>(i)] = b;
    }
    return bounds;
}

Partition partitionOf(const std::vector<int>& bounds, int rank, int ny, Communicator* comm) {
    Partition p;
    p.comm = comm;
    p.rowBegin = bounds.at(static_cast<std::size_t>(rank));
    p.rowEnd = bounds.at(static_cast<std::size_t>(rank) + 1);
    p.windowBegin = std::max(0, p.rowBegin - kHaloRows);
    p.windowEnd = std::min(ny, p.rowEnd + kHaloRows);
    return p;
}

Setup windowOf(const Setup& whole, const Partition& p) {
    Setup s;
    s.grid = whole.grid;
    const std::size_t first =
        static_cast<std::size_t>(p.windowBegin) * static_cast<std::size_t>(whole.grid.nx);
    const std::size_t last = static_cast<std::size_t>(p.windowEnd) * static_cast<std::size_t>(whole.grid.nx);
    auto cut = [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if (v.size() != whole.grid.cellCount()) return V(v);  // empty (or wrong: validation says so)
        return V(v.begin() + static_cast<long>(first), v.begin() + static_cast<long>(last));
    };
    s.bedElevationM = cut(whole.bedElevationM);
    s.blocked = cut(whole.blocked);
    s.manningN = whole.manningN;
    s.manningGridN = cut(whole.manningGridN);
    s.initialDepthM = cut(whole.initialDepthM);
    s.initialLevelM = cut(whole.initialLevelM);
    s.initialVelocityXMPerS = cut(whole.initialVelocityXMPerS);
    s.initialVelocityYMPerS = cut(whole.initialVelocityYMPerS);
    s.rain.hyetograph = whole.rain.hyetograph;
    s.rain.framesEndS = whole.rain.framesEndS;
    s.rain.maxPlausibleMmPerH = whole.rain.maxPlausibleMmPerH;
    for (const RainFrame& f : whole.rain.frames)
        s.rain.frames.push_back({f.startS, cut(f.intensityMmPerH)});
    s.losses = whole.losses;
    s.losses.perviousMask = cut(whole.losses.perviousMask);
    s.drainage.rateMmPerH = whole.drainage.rateMmPerH;
    s.drainage.rateGridMmPerH = cut(whole.drainage.rateGridMmPerH);
    s.inflows = whole.inflows;
    s.boundaries = whole.boundaries;
    s.gauges = whole.gauges;
    s.options = whole.options;
    s.durationS = whole.durationS;
    return s;
}

namespace {

template <class T>
void appendArray(Packer& p, const std::vector<T>& v) {
    p.put(static_cast<std::uint64_t>(v.size()));
    const auto* b = reinterpret_cast<const unsigned char*>(v.data());
    p.bytes.insert(p.bytes.end(), b, b + v.size() * sizeof(T));
}

template <class T>
std::vector<T> takeArray(Unpacker& u) {
    const auto n = u.get<std::uint64_t>();
    std::vector<T> v(n);
    for (std::uint64_t i = 0; i < n; ++i)
        v[i] = u.get<T>();
    return v;
}

}  // namespace

void streamToRoot(const std::vector<float>& mine, const Partition& partition,
                  const std::function<void(int rowBegin, int rows, const float* values)>& sink) {
    Communicator& comm = *partition.comm;
    if (comm.rank() != 0) {
        Packer p;
        p.put(static_cast<std::int32_t>(partition.rowBegin));
        p.put(static_cast<std::int32_t>(partition.rows()));
        appendArray(p, mine);
        comm.send(0, kTagGather, p.bytes);
        return;
    }
    sink(partition.rowBegin, partition.rows(), mine.data());
    for (int from = 1; from < comm.size(); ++from) {
        const std::vector<unsigned char> bytes = comm.receive(from, kTagGather);
        Unpacker u(bytes);
        const int rowBegin = u.get<std::int32_t>();
        const int rows = u.get<std::int32_t>();
        const std::vector<float> values = takeArray<float>(u);
        sink(rowBegin, rows, values.data());
    }
}

Results gatherResults(Results strip, const Partition& partition) {
    Communicator& comm = *partition.comm;
    const int rank = comm.rank();
    // Each rank packs its rows, frames, owned gauges and load; rank 0 appends them in rank (= row) order.
    auto packStrip = [&](const Results& r) {
        Packer p;
        appendArray(p, r.maxDepthM);
        appendArray(p, r.maxLevelM);
        appendArray(p, r.maxSpeedMPerS);
        appendArray(p, r.maxHazardRating);
        appendArray(p, r.hazardClass);
        appendArray(p, r.timeOfInundationS);
        appendArray(p, r.durationAboveThresholdS);
        appendArray(p, r.finalDepthM);
        p.put(static_cast<std::uint64_t>(r.frames.size()));
        for (const Frame& f : r.frames) {
            appendArray(p, f.depthM);
            appendArray(p, f.speedMPerS);
        }
        p.put(static_cast<std::uint64_t>(r.gauges.size()));
        for (const GaugeSeries& g : r.gauges) {
            appendArray(p, g.timesS);
            appendArray(p, g.depthM);
            appendArray(p, g.levelM);
            appendArray(p, g.speedMPerS);
            p.put(g.peakDepthM);
        }
        p.put(static_cast<std::uint64_t>(r.ranks.size()));
        for (const RankLoad& l : r.ranks)
            p.put(l);
        return p.bytes;
    };
    if (rank != 0) {
        comm.send(0, kTagGather, packStrip(strip));
        return strip;
    }
    Results whole = std::move(strip);
    whole.grid.ny = partition.rowEnd;  // grows below; the origin is rank 0's, which starts at row 0
    for (int from = 1; from < comm.size(); ++from) {
        const std::vector<unsigned char> bytes = comm.receive(from, kTagGather);
        Unpacker u(bytes);
        auto append = [&](auto& target) {
            using T = typename std::decay_t<decltype(target)>::value_type;
            const std::vector<T> part = takeArray<T>(u);
            target.insert(target.end(), part.begin(), part.end());
        };
        append(whole.maxDepthM);
        append(whole.maxLevelM);
        append(whole.maxSpeedMPerS);
        append(whole.maxHazardRating);
        append(whole.hazardClass);
        append(whole.timeOfInundationS);
        append(whole.durationAboveThresholdS);
        append(whole.finalDepthM);
        const auto frames = u.get<std::uint64_t>();
        for (std::uint64_t i = 0; i < frames; ++i) {
            if (i >= whole.frames.size())
                throw core::Error(core::ErrorCode::Simulation,
                                  "flood: ranks produced different frame counts");
            append(whole.frames[i].depthM);
            append(whole.frames[i].speedMPerS);
        }
        const auto gauges = u.get<std::uint64_t>();
        for (std::uint64_t i = 0; i < gauges; ++i) {
            std::vector<double> times = takeArray<double>(u);
            std::vector<float> depth = takeArray<float>(u);
            std::vector<float> level = takeArray<float>(u);
            std::vector<float> speed = takeArray<float>(u);
            const double peak = u.get<double>();
            if (i < whole.gauges.size() && !times.empty()) {
                GaugeSeries& g = whole.gauges[i];
                g.timesS = std::move(times);
                g.depthM = std::move(depth);
                g.levelM = std::move(level);
                g.speedMPerS = std::move(speed);
                g.peakDepthM = peak;
            }
        }
        const auto loads = u.get<std::uint64_t>();
        for (std::uint64_t i = 0; i < loads; ++i)
            whole.ranks.push_back(u.get<RankLoad>());
        whole.grid.ny =
            whole.ranks.empty() ? whole.grid.ny : whole.ranks.back().rowBegin + whole.ranks.back().rows;
    }
    return whole;
}

std::string loadBalanceText(const std::vector<RankLoad>& loads) {
    if (loads.empty()) return "one process";
    double most = 0.0, sum = 0.0, comm = 0.0, wall = 0.0;
    for (const RankLoad& l : loads) {
        most = std::max(most, l.cellUpdates);
        sum += l.cellUpdates;
        comm += l.communicationS;
        wall += l.communicationS + l.computeS;
    }
    const double mean = sum / static_cast<double>(loads.size());
    return std::to_string(loads.size()) + " ranks: the busiest updated " +
           detail::num(mean > 0.0 ? most / mean : 1.0, 3) +
           " x the mean of the active-region cells (1 = balanced); " +
           detail::num(wall > 0.0 ? 100.0 * comm / wall : 0.0, 3) +
           " % of the ranks' time was spent communicating or waiting";
}

}  // namespace citytwin::flood

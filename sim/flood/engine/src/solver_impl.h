#pragma once
// The flood solver's state and driver (Solver::Impl), shared by the driver (solver.cpp), the local-inertial
// passes and the FV1 passes (fv1.cpp). Internal to the engine.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/flood/solver.h"
#include "fv1_kernels.h"
#include "kernels.h"

namespace citytwin::flood {
namespace detail {

/// Bed elevation given to wall cells: far above any terrain, so that the flow depth max(eta) - max(z) across
/// a face next to a wall is exactly 0 and the face closes without a mask in the hot loop.
constexpr float kWallElevation = 1.0e7f;
/// Below this many cells a loop runs on one thread (OpenMP start-up would cost more than it saves).
constexpr long kParallelMinCells = 16384;

inline std::string num(double v, int precision = 6) {
    std::ostringstream s;
    s.precision(precision);
    s << v;
    return s.str();
}

/// A face of the grid's border under a non-closed boundary condition.
struct BoundaryFace {
    std::size_t cell = 0;
    std::size_t face = 0;  ///< index into qx (West/East) or qy (North/South)
    bool xFace = false;
    float outward = 1.0f;  ///< +1 when positive discharge leaves the domain (East, South), -1 otherwise
    int segment = 0;       ///< index into Setup::boundaries
    int row = 0;
    int col = 0;
};

struct InflowCells {
    std::vector<std::size_t> cells;
    std::vector<double> weights;  ///< sum to 1 (over all ranks' cells)
    /// Distributed runs: cells of the halo rows next to the owned ones, which the neighbour feeds. The same
    /// water is added to this rank's copy (not booked), since the momentum update of the cut reads them.
    std::vector<std::size_t> haloCells;
    std::vector<double> haloWeights;
};

struct RowRange {
    int lo = 1;
    int hi = 0;
    bool empty() const { return lo > hi; }
    void include(int a, int b) {
        if (a > b) return;
        if (empty()) {
            lo = a;
            hi = b;
        } else {
            lo = std::min(lo, a);
            hi = std::max(hi, b);
        }
    }
};

}  // namespace detail

using detail::BoundaryFace;
using detail::InflowCells;
using detail::kParallelMinCells;
using detail::kWallElevation;
using detail::num;
using detail::RowRange;

struct Solver::Impl {
    Setup s;
    Grid g;  // the rows the arrays hold (the whole grid, or a rank's window in a distributed run)
    int nx = 0;
    int ny = 0;
    double dx = 1.0;
    double area = 1.0;
    int threads = 1;
    float threshold = 1.0e-3f;

    std::vector<float> z;
    std::vector<std::uint8_t> active;
    std::vector<double> h;
    std::vector<float> qx, qy;        // qx: ny rows of nx+1 faces; qy: ny+1 rows of nx faces
    std::vector<float> qxAlt, qyAlt;  // previous step's discharges when theta < 1 (double buffering)
    std::vector<float> manning;       // per cell, or empty
    std::size_t activeCells = 0;

    // Result accumulators.
    std::vector<float> maxDepth, maxSpeed, maxHazard, firstInundation;
    std::vector<double> duration;            // inundated periods that have ended [s]
    std::vector<double> since;               // start of the current inundated period [s]
    std::vector<std::uint8_t> inundatedNow;  // deeper than the inundation depth at the end of the last step
    detail::StatsRow statsOf(int row) {
        const std::size_t k = g.index(0, row);
        return {maxDepth.data() + k, maxSpeed.data() + k, maxHazard.data() + k,   firstInundation.data() + k,
                duration.data() + k, since.data() + k,    inundatedNow.data() + k};
    }

    // Forcing state.
    std::vector<InflowCells> inflowCells;
    std::vector<double> frameActiveSum;  // per rain frame: sum of intensity over active cells [mm/h]
    std::vector<float> initialLossLeft, infiltrated;
    std::vector<BoundaryFace> boundaryFaces;
    std::vector<int> segmentFaces;  // faces per boundary segment
    std::vector<std::size_t> gaugeCells;

    // Active region.
    std::vector<RowRange> wetNow, wetPrev, wetPrev2, region;
    std::vector<int> rows;
    std::vector<detail::RowSummary> summaries;
    std::vector<std::uint8_t> statsPending;  // per index into rows: accumulators not yet updated this step
    detail::ContinuityConstants cc_;         // of the current step, for the accumulators
    double hMax = 0.0;

    // Time and bookkeeping.
    double t = 0.0;
    long long steps = 0;
    double minDt = std::numeric_limits<double>::infinity();
    double maxDt = 0.0;
    double wetCellUpdates = 0.0;
    long long corrections = 0;
    double wallS = 0.0;
    double nextFrame = std::numeric_limits<double>::infinity();
    double nextSeries = 0.0;
    MassBalanceRecord budget;  // running totals (timeS, stored, error filled at records)

    std::vector<Frame> frames;
    std::size_t framesProduced = 0;
    double dtSum = 0.0;
    // Oscillation checks.
    double nextCheck = std::numeric_limits<double>::infinity();
    std::vector<float> checkDepth;             // depth at the previous check (NaN: not wet then)
    std::vector<float> checkChange;            // change between the two previous checks
    std::vector<std::uint8_t> checkReversals;  // checks running whose change reversed the one before
    OscillationReport oscillation;
    double maxFroude = 0.0;
    std::vector<GaugeSeries> gauges;
    std::vector<MassBalanceRecord> massBalance;

    // FV1 state (Scheme::Fv1): cell discharges hu (east) and hv (south) [m²/s], the new state written by the
    // cell pass (double buffering, swapped after it), and the face fluxes (x: ny rows of nx+1, y: ny+1 rows
    // of nx, as qx/qy).
    bool fv1 = false;
    std::vector<double> hu, hv, h1, hu1, hv1;
    std::vector<float> uCell, vCell, u1, v1;  // velocities hu / h, hv / h (0 where dry): current and new
    std::vector<double> sinkScratch;          // depths before losses and drainage
    std::vector<double> fxMass, fyMass;
    std::vector<float> fxNormalL, fxNormalR, fxTangential, fyNormalL, fyNormalR, fyTangential;
    double waveSpeed = 0.0;  // max(|u|, |v|) + sqrt(g h) over the cells, for the next step's dt [m/s]

    // Distribution (distributed.h). A single-process run holds the whole grid: gg == g, rowOffset 0, owned
    // rows [0, ny), no communicator, and none of the distributed code runs.
    Grid gg;            // the whole grid: all geometry (cell centres, cellOf, messages) uses it
    int rowOffset = 0;  // row of the whole grid held as local row 0
    int own0 = 0;       // owned local rows [own0, own1)
    int own1 = 0;
    Communicator* comm = nullptr;   // distributed run: this rank's communicator
    double rainCells = 0.0;         // cells whose uniform rain this rank books (rank 0: every domain cell)
    bool hasLevelBoundary = false;  // some edge holds a water level (the CFL depth includes it)
    std::vector<std::uint8_t> gaugeOwned;  // per gauge: its cell lies in an owned row
    const CancelFn* cancelFn = nullptr;    // distributed: polled at the end of each step, reduced over ranks
    bool cancelAll = false;                // distributed: some rank asked to cancel
    mutable double commS = 0.0;            // time in exchanges and reductions [s]
    mutable double haloBytes = 0.0;        // bytes sent to neighbours
    std::size_t nanCells = 0;              // no-data bed cells in the owned rows
    std::vector<std::string> distributedNotes;  // warnings that only a distributed run gives

    Impl(Setup setup, const Partition* partition);
    void validateDistributed(const Partition& partition);
    void exchangeFaces();
    void exchangeDepth(int rows, bool endOfStep);
    void correctDistributed(double dt);
    void reduceStepEnd(bool nonFiniteHere);
    std::string cellTextAt(int col, int globalRow) const {
        return "cell (" + std::to_string(col) + ", " + std::to_string(globalRow) +
               ") at x = " + num(gg.centreX(col), 10) + ", y = " + num(gg.centreY(globalRow), 10);
    }
    void fv1Prepare();
    void fv1Step(double dt, double rainDepth, const RainFrame* frame, double rainFactor, bool sinks);
    void fv1BoundaryFaces(double dt);
    void fv1FacePass();
    void fv1CellPass(double dt, double rainDepth, const RainFrame* frame, double rainFactor);
    void fv1Stats(double dt);
    void fv1Velocity(std::size_t k);  // recompute uCell, vCell of one cell from h, hu, hv
    detail::Fv1Faces fv1X(std::size_t offset) {
        return {fxMass.data() + offset, fxNormalL.data() + offset, fxNormalR.data() + offset,
                fxTangential.data() + offset};
    }
    detail::Fv1Faces fv1Y(std::size_t offset) {
        return {fyMass.data() + offset, fyNormalL.data() + offset, fyNormalR.data() + offset,
                fyTangential.data() + offset};
    }
    /// The positivity correction on face fluxes of type T (local-inertial: float discharges; FV1: double
    /// mass fluxes). Appends the corrected cells to `corrected` when given.
    template <class T>
    void correctOn(T* fx, T* fy, double dt, std::vector<std::size_t>* corrected);
    void prepare();
    bool step();
    double computeDt() const;
    double nextEventAfter(double time) const;
    void addInflows(double t0, double t1);
    void buildRegion(bool everything);
    void fluxPass(double dt);
    void boundaryPass(double dt);
    void continuityPass(double dt, double rainDepth, const RainFrame* frame, double rainFactor, bool sinks);
    void correctNegatives(double dt);
    void finishRowStats(int i, bool force);
    void finishStats();
    void sinkPass(double dt);
    void bookBoundaries(double dt);
    void record();
    void recordFrame();
    void checkOscillation();
    double storedVolume() const;
    float speed(std::size_t k) const;
    [[noreturn]] void collapse(double dtCfl) const;
    [[noreturn]] void nonFinite() const;
    Results results() const;
    /// A cell of the arrays (local index), named by its column and row of the whole grid.
    std::string cellText(std::size_t k) const {
        const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
        const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
        return cellTextAt(c, r + rowOffset);
    }
    std::size_t qxIndex(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(nx + 1) +
               static_cast<std::size_t>(col);
    }
    std::size_t qyIndex(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(col);
    }
};

}  // namespace citytwin::flood

#pragma once
/// @file solver.h
/// The flood solver: 2D local-inertial shallow water on a regular grid (Bates et al. 2010; de Almeida et al.
/// 2012), explicit, CFL-adaptive, positivity-preserving and mass-conservative. See sim/flood/README.md.

#include <functional>
#include <memory>
#include <string>

#include "citytwin/core/progress.h"
#include "citytwin/flood/distributed.h"
#include "citytwin/flood/results.h"
#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// Progress: fraction of the simulated duration in [0, 1] and a short stage text. Called from the thread
/// that calls run(), at least every ~100 ms while running.
using ProgressFn = std::function<void(double fraction, const std::string& stage)>;
/// Cancel: polled once per time step from the thread that calls run(); return true to stop.
using CancelFn = std::function<bool()>;

/// One flood run. Construct, then run() once (or step() for fine control, as tests and benchmarks do).
/// Not thread-safe itself: one thread drives it; it parallelises internally with OpenMP (static schedule,
/// reductions in a fixed order, so the same inputs and thread count give bit-identical results; the depth
/// field does not depend on the thread count at all).
class Solver {
public:
    /// Validates the set-up and allocates the state.
    /// @throws core::Error(ErrorCode::Validation) naming the first invalid parameter (all in the message).
    explicit Solver(Setup setup);
    /// One rank's strip of a distributed run (distributed.h). `setup.grid` is the whole grid; the per-cell
    /// arrays (bed, blocked, Manning, initial water and velocity, pervious mask, drainage grid, rain frames)
    /// hold only the rows [partition.windowBegin, partition.windowEnd). Every rank of the communicator
    /// constructs its solver and runs it together (the calls are collective). Results hold the rank's own
    /// rows (Results::grid is its strip) and the gauges in them; mass balance, statistics and oscillation
    /// report are those of the whole grid on every rank. Local-inertial only; no-data policy `fill` is
    /// refused (fill the DEM beforehand) and `reject` does not trace holes across strips (no-data cells are
    /// walls).
    /// @throws core::Error(ErrorCode::Validation) as above (on every rank alike).
    Solver(Setup setup, const Partition& partition);
    ~Solver();
    Solver(const Solver&) = delete;
    Solver& operator=(const Solver&) = delete;

    /// Runs to the end of the set-up's duration, or until cancel returns true (status Cancelled).
    /// @throws core::Error(ErrorCode::Simulation) when the time step collapses or the state becomes
    ///         non-finite, naming the cell, its coordinates and the time.
    Results run(const ProgressFn& progress = {}, const CancelFn& cancel = {});
    /// The same with the SDK's progress (fraction of the simulated duration; cancel polled every step).
    Results run(const core::Progress& progress);

    /// Advances one time step. Returns false (and does nothing) once the duration is reached.
    /// @throws as run().
    bool step();
    /// Simulated time reached [s].
    double timeS() const;
    /// Current water depth of a cell [m] (0 outside the domain; in a distributed run, rows are the whole
    /// grid's and 0 is returned for rows the rank does not own).
    double depthAt(int col, int row) const;
    /// Current cell-centre speed [m/s].
    double speedAt(int col, int row) const;
    /// Results up to now (copies the rasters; cheap enough between steps of tests, not inside a loop).
    Results results() const;
    /// The set-up as prepared (NaN holes filled if asked, walls set).
    const Setup& setup() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Convenience: Solver(setup).run(progress, cancel).
Results simulate(const Setup& setup, const ProgressFn& progress = {}, const CancelFn& cancel = {});
/// Convenience: Solver(setup).run(progress).
Results simulate(const Setup& setup, const core::Progress& progress);

}  // namespace citytwin::flood

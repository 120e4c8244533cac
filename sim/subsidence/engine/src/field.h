#pragma once
// The superposed displacement field: each source prepared once for the run's times (trough parameters,
// drawdown cones, consolidation degrees, delay-interbed responses, Geertsma profiles), then bound to a grid
// (windows and per-cell static fields) and evaluated at any of the run's times, or at single points.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/progress.h"
#include "citytwin/subsidence/engine.h"
#include "citytwin/subsidence/scenario.h"
#include "citytwin/subsidence/tables.h"

namespace citytwin::subsidence::detail {

/// Progress throttled to one report per ~100 ms, and a sticky cancel flag. Used from the calling thread only.
class Reporter {
public:
    explicit Reporter(const core::Progress& progress);
    /// Moves to `fraction` of the whole job (reported at once when the stage text changes).
    void set(double fraction, const std::string& stage = {});
    /// Reports the current fraction if ~100 ms have passed since the last report.
    void tick();
    bool cancelled();

private:
    const core::Progress& progress_;
    double fraction_ = 0.0;
    std::string stage_;
    std::chrono::steady_clock::time_point last_;
    bool cancelled_ = false;
};

/// The run's times [day], sorted and unique; sources precompute their time factors for each.
struct TimeAxis {
    std::vector<double> days;
    /// Index of a time that was put on the axis (exact match). @throws core::Error(Internal) otherwise.
    int index(double t) const;
};

/// Displacement over a grid at one time [m]: settlement (down +), and east and north when `horizontal`
/// (the frames before the end need settlement only: a third of the memory traffic).
struct Field {
    std::vector<double> s, ux, uy;
    bool horizontal = true;
    void reset(std::size_t n, bool withHorizontal = true);
};

/// A source bound to one grid.
class BoundSource {
public:
    virtual ~BoundSource() = default;
    /// Adds the source's displacement at time index k over its window. Returns early when cancelled.
    virtual void add(int k, Field& field, Reporter& reporter) const = 0;
};

/// A source prepared for the run's times.
class PreparedSource {
public:
    virtual ~PreparedSource() = default;
    /// Precomputes the per-cell static fields over the source's window (in parallel, ticking `reporter`).
    virtual std::unique_ptr<BoundSource> bind(const Grid& grid, Reporter& reporter) const = 0;
    /// Adds the displacement at a point and time index k.
    virtual void addAt(const core::Point& p, int k, PointDisplacement& d) const = 0;
    /// Sets mask cells inside an excavation to 1.
    virtual void markPit(const Grid&, std::vector<std::uint8_t>&) const {}
};

/// All sources of a scenario.
class Model {
public:
    /// @param extent every place the model will be evaluated (grid, points, observation rasters): the
    /// Geertsma profiles are tabulated out to it. Appends notes on stretched assumptions to `warnings`.
    Model(const Scenario& scenario, const Tables& tables, const TimeAxis& times, const core::Box& extent,
          std::vector<std::string>& warnings, Reporter* reporter = nullptr);
    ~Model();

    /// Binds every source to a grid; stops early (fewer sources) when cancelled.
    std::vector<std::unique_ptr<BoundSource>> bind(const Grid& grid, Reporter& reporter) const;
    /// Sums every bound source at time index k into `field` (reset first).
    void evaluate(const std::vector<std::unique_ptr<BoundSource>>& bound, int k, Field& field,
                  Reporter& reporter) const;
    PointDisplacement at(const core::Point& p, int k) const;
    std::vector<std::uint8_t> pitMask(const Grid& grid) const;
    const TimeAxis& times() const { return times_; }

private:
    TimeAxis times_;
    std::vector<std::unique_ptr<PreparedSource>> sources_;
};

/// Runs fn(row) for rows [r0, r1) in parallel, in chunks between which progress is ticked and cancel polled.
template <class F>
void forRows(int r0, int r1, Reporter& reporter, F&& fn) {
    constexpr int kChunk = 64;
    for (int a = r0; a < r1; a += kChunk) {
        if (reporter.cancelled()) return;
        const int b = a + kChunk < r1 ? a + kChunk : r1;
#pragma omp parallel for schedule(dynamic, 2)
        for (int r = a; r < b; ++r)
            fn(r);
        reporter.tick();
    }
}

}  // namespace citytwin::subsidence::detail

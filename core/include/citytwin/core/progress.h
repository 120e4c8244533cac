#pragma once
/// @file progress.h
/// Progress reporting with cancel, and scaled sub-steps (as GDAL's GDALCreateScaledProgress): a long job hands
/// each stage a child Progress covering its share of the whole, so stages never need to know where they sit.
///
///     void run(const core::Progress& progress) {
///         load(progress.sub(0.0, 0.1, "loading"));        // reports 0..1, seen as 0..0.1 of the whole
///         solve(progress.sub(0.1, 0.9, "solving"));
///         if (progress.cancelled()) return;               // cancel is polled, never thrown
///     }

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

namespace citytwin::core {

/// Receives the fraction of the whole job in [0, 1] and a short stage text ("routing water").
using ProgressFn = std::function<void(double fraction, const std::string& stage)>;
/// Returns true once the user asked to stop.
using CancelFn = std::function<bool()>;

/// A progress sink for one span [from, to] of a job, with the job's cancel flag. Cheap to copy; both callbacks
/// may be empty (then reporting does nothing and cancelled() is false). Thread-safe as the callbacks are.
class Progress {
public:
    Progress() = default;
    Progress(ProgressFn report, CancelFn cancel) : report_(std::move(report)), cancel_(std::move(cancel)) {}

    /// Reports `fraction` in [0, 1] of this span (clamped), under `stage` (or this span's stage when empty).
    void operator()(double fraction, const std::string& stage = {}) const {
        if (!report_) return;
        const double f = std::clamp(fraction, 0.0, 1.0);
        report_(from_ + (to_ - from_) * f, stage.empty() ? stage_ : stage);
    }
    /// True once cancel was asked for.
    bool cancelled() const { return cancel_ && cancel_(); }

    /// A child covering [from, to] of this span (each in [0, 1] of this span), with its own stage text (this
    /// span's when empty).
    Progress sub(double from, double to, std::string stage = {}) const {
        Progress p = *this;
        from = std::clamp(from, 0.0, 1.0);
        to = std::clamp(to, from, 1.0);
        p.from_ = from_ + (to_ - from_) * from;
        p.to_ = from_ + (to_ - from_) * to;
        if (!stage.empty()) p.stage_ = std::move(stage);
        return p;
    }

    /// The span of the whole job this one covers.
    double from() const { return from_; }
    double to() const { return to_; }

private:
    ProgressFn report_;
    CancelFn cancel_;
    double from_ = 0.0;
    double to_ = 1.0;
    std::string stage_;
};

}  // namespace citytwin::core

#pragma once
/// @file trajectory.h
/// From an any-angle path to a flyable trajectory: horizontal turns filleted with the minimum turn radius, a
/// vertical profile within the climb and descent gradient limits that stays inside the free airspace, and an
/// independent check of the result (README, "Smoothing").

#include <string>
#include <vector>

#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// The aircraft's limits on the trajectory.
struct TrajectoryLimits {
    double maxClimbGradient = 0.25;    ///< rise over horizontal run [-] (`max_climb_gradient`)
    double maxDescentGradient = 0.25;  ///< drop over horizontal run [-] (`max_descent_gradient`)
    double minTurnRadiusM = 500.0;     ///< horizontal turn radius [m] (`min_turn_radius_m`)
};

/// What checkTrajectory found.
struct TrajectoryCheck {
    bool collisionFree = true;      ///< every segment free under the conservative supercover test
    bool withinGradients = true;    ///< every non-vertical segment within the climb/descent limits
    bool withinTurnRadius = true;   ///< every horizontal turn within the radius limit
    double maxClimbGradient = 0.0;  ///< steepest climb found (vertical segments over the pads excluded)
    double maxDescentGradient = 0.0;
    double minTurnRadiusM = 0.0;    ///< tightest discrete turn radius found (+inf when straight)
    std::vector<std::string> issues;  ///< one line per violation, with its position
    bool ok() const { return collisionFree && withinGradients && withinTurnRadius; }
};

/// Checks a trajectory: (1) collision: segmentFree() on every segment; (2) gradients: |dz| / horizontal
/// length per segment, vertical segments allowed only as the first and last segments (take-off and landing
/// over the pads); (3) turns: at each interior vertex of the horizontal track (vertical segments removed, the
/// first and last vertices over the pads excluded: hover turns) the discrete radius L / (2 sin(θ/2)), θ the
/// heading change and L the shorter of the two adjacent horizontal legs: for a polyline of chords of a circle of
/// radius R this is exactly R, and it is never larger than the radius of the tightest circle through the
/// vertex and the points at distance L along both legs. Tolerances: 1e-9 relative.
TrajectoryCheck checkTrajectory(const SearchSpace& space, const std::vector<Point3>& points,
                                const TrajectoryLimits& limits);

/// The result of smoothing.
struct Trajectory {
    std::vector<Point3> points;       ///< the smoothed trajectory (pad to pad) [m]
    TrajectoryCheck check;            ///< checkTrajectory() of `points`
    double appliedTurnRadiusM = 0.0;  ///< fillet radius finally used (less than the limit when it had to shrink)
    std::vector<std::string> notes;   ///< what the smoother had to give up, if anything
};

/// Smooths an any-angle path whose first and last points are voxel centres over the two pads (the method is in
/// the README): fillets every interior horizontal corner with an arc of the minimum turn radius (chords every
/// 5 degrees), then fits a vertical profile through the free runs of every column the track crosses, within
/// the gradient limits (forward reachable altitude intervals, then a backward pass that follows the any-angle
/// path's altitude where it can), with vertical segments only over the two pads. When the profile cannot be
/// fitted with the full radius the fillets are shrunk (halving, down to none) and the note says so; when it
/// cannot be fitted at all the any-angle path is returned with the check's findings.
Trajectory smoothTrajectory(const SearchSpace& space, const std::vector<Point3>& anyAngle,
                            const TrajectoryLimits& limits);

}  // namespace citytwin::uam

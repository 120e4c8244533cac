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
    double minTurnRadiusM = 500.0;     ///< horizontal turn radius at cruise speed [m] (`min_turn_radius_m`)
    /// Turn radius where the aircraft flies at terminal speed, near the pads [m] (`terminal_turn_radius_m`):
    /// 15 m/s at 25 degrees of bank turns on 49 m.
    double terminalTurnRadiusM = 50.0;
};

/// Where the terminal turn radius applies instead of the cruise one (the corridor engine: within the funnels'
/// horizontal length of the route's two pads). Implementations must be safe to call concurrently.
class TerminalZone {
public:
    virtual ~TerminalZone() = default;
    virtual bool contains(const Point3& p) const = 0;
};

/// What checkTrajectory found.
struct TrajectoryCheck {
    bool collisionFree = true;      ///< every segment free under the conservative supercover test
    bool withinGradients = true;    ///< every non-vertical segment within the climb/descent limits
    bool withinTurnRadius = true;   ///< every horizontal turn within the radius limit
    double maxClimbGradient = 0.0;  ///< steepest climb found (vertical segments over the pads excluded)
    double maxDescentGradient = 0.0;
    double minTurnRadiusM = 0.0;      ///< tightest discrete turn radius found (+inf when straight)
    std::vector<std::string> issues;  ///< one line per violation, with its position
    bool ok() const { return collisionFree && withinGradients && withinTurnRadius; }
};

/// Checks a trajectory: (1) collision: segmentFree() on every segment; (2) gradients: |dz| / horizontal
/// length per segment, vertical segments allowed only as the first and last segments (take-off and landing
/// over the pads); (3) turns: at each interior vertex of the horizontal track (vertical segments removed,
/// points that only split a straight stretch removed, the first and last vertices over the pads excluded:
/// hover turns) the heading change θ must be at most 10 degrees and the discrete radius (L1 + L2) / (4
/// sin(θ/2)), L1 and L2 the two adjacent horizontal legs, at least the limit: on the chords of a circle of
/// radius R this is R exactly; at the ends of a filleted arc, where a chord meets a straight leg, it is at
/// least R cos(θ/2), hence the 0.1 % tolerance on the radius (chords every 5 degrees). A short straight piece
/// between two arcs does not read as a tight turn. The radius limit at a vertex is the terminal one when
/// `terminal` contains the vertex (at its altitude), the cruise one otherwise. Other tolerances: 1e-9
/// relative.
TrajectoryCheck checkTrajectory(const SearchSpace& space, const std::vector<Point3>& points,
                                const TrajectoryLimits& limits, const TerminalZone* terminal = nullptr);

/// The result of smoothing.
struct Trajectory {
    std::vector<Point3> points;  ///< the smoothed trajectory (pad to pad) [m]
    TrajectoryCheck check;       ///< checkTrajectory() of `points`
    double appliedTurnRadiusM =
        0.0;  ///< smallest fillet radius used (below the limit where a turn was tightened)
    std::vector<std::string> notes;  ///< what the smoother had to give up, if anything
};

/// Smooths an any-angle path whose first and last points are voxel centres over the two pads (the method is
/// in the README): fillets every interior horizontal corner with an arc of the turn radius that applies there
/// (chords every 5 degrees), then fits a vertical profile through the free runs of every column the track
/// crosses, within the gradient limits (forward reachable altitude intervals, then a backward pass that
/// follows the any-angle path's altitude where it can), with vertical segments only over the two pads. Where
/// the profile cannot be fitted, the fillet nearest the failure is halved (down to none), one at a time, and
/// the notes say which turns were tightened; when nothing helps the any-angle path is returned with the
/// check's findings.
Trajectory smoothTrajectory(const SearchSpace& space, const std::vector<Point3>& anyAngle,
                            const TrajectoryLimits& limits, const TerminalZone* terminal = nullptr);

}  // namespace citytwin::uam

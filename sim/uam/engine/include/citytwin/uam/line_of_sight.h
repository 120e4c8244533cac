#pragma once
/// @file line_of_sight.h
/// Line of sight through the voxel grid by exact traversal of the voxels a straight segment passes through
/// (never by sampling points along it).

#include <vector>

#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// Which voxels a segment must find free.
enum class LosRule {
    /// Every voxel whose closed cube the segment touches, including voxels met only at an edge or a corner
    /// (the
    /// "supercover"). The any-angle counterpart of the grid search's no-corner-cutting rule: for a single
    /// grid
    /// move it is exactly the 2x2(x2) box of voxels the move sweeps past.
    Supercover,
    /// Only the voxels whose interior the segment crosses (edge and corner contacts allowed): the counterpart
    /// of
    /// a grid search that allows corner cutting.
    Interior,
};

/// The voxels met by the segment between the centres of a and b, in order along it (exact integer
/// traversal; see README "Line of sight").
std::vector<Voxel> centreTraversal(const Voxel& a, const Voxel& b, LosRule rule);

/// True when every voxel of centreTraversal(a, b, rule) is free in `space`.
bool lineOfSight(const SearchSpace& space, const Voxel& a, const Voxel& b, LosRule rule);

/// Conservative collision check of an arbitrary segment between two world points [m]: true when every voxel
/// whose closed cube comes within 1e-9 voxel of the segment is free (inside the grid). Used to verify
/// smoothed trajectories, whose vertices are not voxel centres.
bool segmentFree(const SearchSpace& space, const Point3& a, const Point3& b);

/// Like segmentFree; on failure `blocked` names the first blocked (or outside) voxel met.
bool segmentFree(const SearchSpace& space, const Point3& a, const Point3& b, Voxel& blocked);

}  // namespace citytwin::uam

#pragma once
/// @file search.h
/// Shortest paths on the 26-neighbour voxel graph: exact A* and the any-angle Theta*.
///
/// Moves and costs. From voxel v a move goes to v + (di, dj, dk), each in {-1, 0, 1}, not all 0. Its length
/// is the distance between the two voxel centres: with cubic voxels of size h that is h, h√2 or h√3. Its cost
/// is the integral along the centre-to-centre segment of (lengthWeight + extra(voxel)): the segment runs half
/// in v and half in the target (a diagonal passes the voxels between them only at an edge or a corner, over
/// zero length), so a move costs ℓ (w + (q(v) + q(v'))/2). With no extra cost the cost is w times the length.
///
/// No corner cutting (the default rule): a move is allowed when every voxel of the axis-aligned box spanned
/// by v and its target is free, i.e. v + (ei, ej, ek) for every ei in {0, di}, ej in {0, dj}, ek in {0, dk}:
/// the target, for a face diagonal also the two voxels beside it, for a body diagonal all seven other voxels
/// of the 2x2x2 cube. These are exactly the voxels whose closed cubes the centre-to-centre segment touches
/// (its supercover), so grid moves and any-angle line of sight agree. CornerRule::CornerCutting checks the
/// target only (the successor rule the Moving AI voxel benchmarks were generated with, see moving_ai.h).
///
/// Heuristic: lengthWeight times the octile distance (the exact obstacle-free lattice distance, consistent)
/// when the voxels are cubes; lengthWeight times the Euclidean distance otherwise (admissible and consistent,
/// weaker). With a consistent heuristic A* returns a minimum-cost path.

#include <cstddef>
#include <vector>

#include "citytwin/core/progress.h"
#include "citytwin/uam/line_of_sight.h"
#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// Whether a diagonal move may pass blocked voxels beside it.
enum class CornerRule {
    NoCornerCutting,  ///< every voxel the move sweeps past must be free (default)
    CornerCutting,    ///< only the target voxel must be free
};

/// An extra cost per metre flown through a voxel, on top of the length weight (people overflown, noise,
/// ground risk). Implementations must return finite values >= 0 and be safe to call concurrently.
class VoxelCostField {
public:
    virtual ~VoxelCostField() = default;
    /// Extra cost per metre inside voxel (i, j, k) [cost units / m].
    virtual double perMetre(int i, int j, int k) const = 0;
};

/// Options of a search.
struct SearchOptions {
    CornerRule cornerRule = CornerRule::NoCornerCutting;
    double lengthWeight = 1.0;                  ///< cost per metre of length [cost units / m], >= 0
    const VoxelCostField* extraCost = nullptr;  ///< optional extra cost per metre (not owned)
    std::size_t maxExpansions = 0;              ///< stop with LimitReached after this many (0: no limit)
    /// Heuristic weight >= 1 (weighted A*, Pohl 1970): 1 keeps A* exact; w > 1 expands far fewer nodes and
    /// returns a cost at most w times the optimum (A*). The bound of thetaStar() against A* holds for w = 1
    /// only.
    double heuristicWeight = 1.0;
};

/// How a search ended.
enum class SearchStatus {
    Found,            ///< a path was found
    NoPath,           ///< the goal cannot be reached: the free space of the start does not contain it
    Cancelled,        ///< the progress' cancel flag was raised
    LimitReached,     ///< maxExpansions was reached
    InvalidEndpoint,  ///< the start or the goal voxel is blocked or outside the grid
};
const char* toString(SearchStatus status);

/// The result of a search.
struct SearchResult {
    SearchStatus status = SearchStatus::NoPath;
    /// Start to goal: every voxel of the grid path (aStar) or the turning points of the any-angle path
    /// (thetaStar). Empty unless Found.
    std::vector<Voxel> path;
    double cost = 0.0;           ///< total cost [cost units]; with the default options the length [m]
    double lengthM = 0.0;        ///< length of the polyline through the voxel centres [m]
    std::size_t expansions = 0;  ///< nodes taken off the open list and expanded
    std::size_t generated = 0;   ///< open-list insertions
};

/// Exact A*: a minimum-cost path from the centre of `start` to the centre of `goal` on the 26-neighbour
/// graph. Reports progress at least every 100 ms and polls cancel; never throws for a blocked or unreachable
/// goal (see the status).
SearchResult aStar(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                   const SearchOptions& options = {}, const core::Progress& progress = {});

/// Any-angle Theta* (Nash, Daniel, Koenig & Felner 2007): as A*, but a node may take its parent's parent as
/// its own parent when the straight segment between them has line of sight (LosRule::Supercover with
/// NoCornerCutting, Interior with CornerCutting). Each update takes the cheaper of the grid move and the
/// straight segment, and the heuristic is the grid one (octile), which is consistent for grid moves; hence
/// the path's cost never exceeds the optimal grid path's cost (README, "Any-angle paths") and the search
/// stays as focused as A* on large open grids.
SearchResult thetaStar(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                       const SearchOptions& options = {}, const core::Progress& progress = {});

/// Options of the two-level search.
struct CorridorSearchOptions {
    int coarseFactor = 8;              ///< fine columns per coarse column side
    int coarseLevels = 2;              ///< fine levels per coarse level
    int corridorHalfWidth = 24;        ///< fine columns kept each side of the coarse path
    bool anyAngle = true;              ///< Theta* for the fine stage (A* otherwise)
    double fineHeuristicWeight = 1.0;  ///< heuristic weight of the fine stage (the coarse stage is exact)
};

/// Two-level search for large grids (README, "Two-level search"): (1) A* on a coarse grid whose voxel is free
/// when any of its fine voxels is (optimistic, so that narrow passages and the pads' shafts stay open); (2)
/// Theta* (or A*) on the fine grid restricted to the columns within corridorHalfWidth of the coarse path; (3)
/// if the corridor holds no path, again with a corridor three times as wide, then on the whole grid. The fine
/// stage is exact within its corridor, so the result is collision-free by the same rules as thetaStar(); its
/// cost bound applies to the best path inside the corridor, not the whole grid. `expansions` counts all
/// stages.
SearchResult corridorSearch(const SearchSpace& space, const Voxel& start, const Voxel& goal,
                            const SearchOptions& options, const CorridorSearchOptions& corridor,
                            const core::Progress& progress = {});

/// Cost of the straight segment between the centres of a and b (integral of lengthWeight + extra along it,
/// the voxels' shares from the exact traversal), or +infinity when the segment is not free under the rule
/// that matches options.cornerRule.
double segmentCost(const SearchSpace& space, const Voxel& a, const Voxel& b, const SearchOptions& options);

/// Length of the polyline through the centres of the voxels [m].
double pathLengthM(const VoxelGeometry& geometry, const std::vector<Voxel>& path);

/// Octile distance between voxel centres in voxel units: the exact obstacle-free distance on the 26-neighbour
/// lattice with move lengths 1, √2, √3.
double octileDistance(int di, int dj, int dk);

}  // namespace citytwin::uam

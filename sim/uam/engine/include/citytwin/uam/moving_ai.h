#pragma once
/// @file moving_ai.h
/// The Moving AI Lab 3D voxel benchmark format (Brewer & Sturtevant 2018, "Benchmarks for Pathfinding in 3D
/// Voxel Space", SoCS; maps from the game Warframe, movingai.com/benchmarks/voxels.html), and a solver that
/// runs every query with the exact A* and the any-angle Theta*.
///
/// `.3dmap` (text): the first line is `voxel X Y Z` (the map size, positive integers); every further
/// non-blank line is `x y z`, the integer coordinates of one BLOCKED voxel, 0 <= x < X, 0 <= y < Y, 0 <= z <
/// Z. All other voxels are free. Map voxel (x, y, z) is engine voxel (i, j, k) = (x, y, z), of unit size.
///
/// `.3dscen` (text): line 1 `version <n>`; line 2 the map file name; then one query per non-blank line:
/// `sx sy sz gx gy gz length ratio`: start and goal voxels, the optimal path length the benchmark publishes,
/// and the ratio of that length to the octile heuristic of the pair. The published lengths were computed on
/// the 26-neighbour grid with moves of length 1, √2, √3 using the HOG2 VoxelGrid successor rule, which checks
/// only the target voxel; compare them with CornerRule::CornerCutting. With the stricter default rule of this
/// engine the lengths can only be equal or longer.
///
/// Both readers throw core::Error(FileNotFound) when the file cannot be opened and core::Error(FileFormat)
/// naming the file and the line for anything malformed.

#include <cstddef>
#include <string>
#include <vector>

#include "citytwin/core/progress.h"
#include "citytwin/uam/search.h"
#include "citytwin/uam/voxel_grid.h"

namespace citytwin::uam {

/// Reads a `.3dmap` file into a grid of unit voxels (origin 0, cell 1, dz 1).
VoxelGrid readVoxelMap(const std::string& path);

/// One query of a `.3dscen` file.
struct VoxelQuery {
    Voxel start;
    Voxel goal;
    double expectedLength = 0.0;  ///< the published optimal length [voxels]
    double ratio = 0.0;           ///< the published length / octile heuristic ratio
    std::size_t line = 0;         ///< line in the file
};

/// A `.3dscen` file.
struct VoxelScenario {
    std::string version;  ///< text after `version`
    std::string mapName;  ///< line 2
    std::vector<VoxelQuery> queries;
};

/// Reads a `.3dscen` file.
VoxelScenario readVoxelScenario(const std::string& path);

/// The answer to one query.
struct VoxelQueryResult {
    VoxelQuery query;
    SearchResult exact;         ///< A*
    SearchResult anyAngle;      ///< Theta*
    double exactSeconds = 0.0;  ///< wall time of A* [s]
    double anyAngleSeconds = 0.0;
};

/// Solves every query (A* then Theta*), in file order. Queries whose start or goal lies outside the map or is
/// blocked get SearchStatus::InvalidEndpoint. Stops early (returning what it has) when cancelled.
std::vector<VoxelQueryResult> solveVoxelScenario(const VoxelGrid& grid, const VoxelScenario& scenario,
                                                 CornerRule rule, const core::Progress& progress = {});

}  // namespace citytwin::uam

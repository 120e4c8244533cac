#pragma once
/// @file polygon_repair.h
/// Making footprints valid (OGC rules) with Boost.Geometry.

#include "citytwin/core/export.h"
#include "citytwin/core/geometry.h"

namespace citytwin::core {

enum class RepairOutcome {
    Valid,         ///< valid as given (repeated consecutive points may have been dropped)
    Reoriented,    ///< made valid by closing rings, fixing orientation or removing spikes
    Repaired,      ///< self-intersections split into simple rings, overlapping parts merged
    Degenerate,    ///< nothing left with an area: fewer than 3 distinct points, or zero area
    Unrepairable,  ///< could not be made valid (non-finite coordinates, overlay failure)
};

struct RepairResult {
    MultiPolygon geometry;  ///< valid when the outcome is Valid, Reoriented or Repaired; empty otherwise
    RepairOutcome outcome = RepairOutcome::Valid;
};

/// Returns a valid version of `input`: closed counter-clockwise exterior rings, clockwise holes, no
/// self-intersections, parts that do not overlap. A self-intersecting ring (e.g. a bow-tie) is cut at its
/// crossings into simple rings whose union is kept. Thread-safe.
CITYTWIN_CORE_API RepairResult repairFootprint(const MultiPolygon& input);

}  // namespace citytwin::core

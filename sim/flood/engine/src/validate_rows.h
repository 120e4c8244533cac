#pragma once
// Validation of the rows one process holds (a rank of a distributed run). Internal to the engine.

#include <vector>

#include "citytwin/flood/setup.h"

namespace citytwin::flood::detail {

/// Rows of the grid: the per-cell arrays of the set-up hold [windowBegin, windowEnd); per-cell checks look at
/// [ownBegin, ownEnd).
struct RowScope {
    int windowBegin = 0;
    int windowEnd = 0;
    int ownBegin = 0;
    int ownEnd = 0;
};

/// validate() for the rows in `scope`; the checks that need the whole grid (a bed without any data, no-data
/// holes) run only when the window is the whole grid. validate(s) is validateRows(s, {0, ny, 0, ny}).
std::vector<Problem> validateRows(const Setup& setup, const RowScope& scope);

}  // namespace citytwin::flood::detail

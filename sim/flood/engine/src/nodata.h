#pragma once
// No-data (NaN) regions of the bed: which lie outside the domain (connected to the grid's border) and which
// are holes inside it. Internal to the engine.

#include <cstdint>
#include <vector>

#include "citytwin/flood/setup.h"

namespace citytwin::flood::detail {

/// 1 for NaN cells that are 4-connected to the grid's border through NaN cells, else 0.
std::vector<std::uint8_t> borderConnectedNoData(const Grid& grid, const std::vector<float>& bed);

}  // namespace citytwin::flood::detail

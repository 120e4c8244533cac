#pragma once
// Private text helpers of core's sources: the public ones (citytwin/core/text.h) under their old names.

#include "citytwin/core/text.h"

namespace citytwin::core::detail {
using core::fixed;
using core::lower;
using core::number;
using core::trim;
}  // namespace citytwin::core::detail

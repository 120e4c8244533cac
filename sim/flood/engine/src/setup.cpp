// Grid helpers and the no-data (hole) tracing used by validation and by NoDataPolicy::Fill.

#include <cmath>
#include <cstddef>
#include <vector>

#include "citytwin/flood/setup.h"
#include "nodata.h"

namespace citytwin::flood {

bool Grid::cellOf(double x, double y, int& col, int& row) const {
    const double c = std::floor((x - originX) / cellSizeM);
    const double r = std::floor((originY - y) / cellSizeM);
    if (!(c >= 0.0 && r >= 0.0 && c < nx && r < ny)) return false;
    col = static_cast<int>(c);
    row = static_cast<int>(r);
    return true;
}

namespace detail {

std::vector<std::uint8_t> borderConnectedNoData(const Grid& grid, const std::vector<float>& bed) {
    const int nx = grid.nx;
    const int ny = grid.ny;
    std::vector<std::uint8_t> outside(grid.cellCount(), 0);
    std::vector<std::size_t> stack;
    auto seed = [&](int c, int r) {
        const std::size_t k = grid.index(c, r);
        if (std::isnan(bed[k]) && !outside[k]) {
            outside[k] = 1;
            stack.push_back(k);
        }
    };
    for (int c = 0; c < nx; ++c) {
        seed(c, 0);
        seed(c, ny - 1);
    }
    for (int r = 0; r < ny; ++r) {
        seed(0, r);
        seed(nx - 1, r);
    }
    while (!stack.empty()) {
        const std::size_t k = stack.back();
        stack.pop_back();
        const int c = static_cast<int>(k % static_cast<std::size_t>(nx));
        const int r = static_cast<int>(k / static_cast<std::size_t>(nx));
        if (c > 0) seed(c - 1, r);
        if (c + 1 < nx) seed(c + 1, r);
        if (r > 0) seed(c, r - 1);
        if (r + 1 < ny) seed(c, r + 1);
    }
    return outside;
}

}  // namespace detail

std::size_t fillEnclosedNoData(const Grid& grid, std::vector<float>& bed) {
    if (bed.size() != grid.cellCount()) return 0;
    const std::vector<std::uint8_t> outside = detail::borderConnectedNoData(grid, bed);
    std::vector<std::size_t> holes;
    for (std::size_t k = 0; k < bed.size(); ++k)
        if (std::isnan(bed[k]) && !outside[k]) holes.push_back(k);
    const std::size_t total = holes.size();
    // Layer by layer (Jacobi: each layer sees only the values before it), so the result does not depend on
    // the order the cells are visited in.
    std::vector<std::pair<std::size_t, float>> layer;
    while (!holes.empty()) {
        layer.clear();
        std::vector<std::size_t> rest;
        for (std::size_t k : holes) {
            const int c = static_cast<int>(k % static_cast<std::size_t>(grid.nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(grid.nx));
            double sum = 0.0;
            int n = 0;
            auto take = [&](int cc, int rr) {
                const float v = bed[grid.index(cc, rr)];
                if (!std::isnan(v)) {
                    sum += v;
                    ++n;
                }
            };
            if (c > 0) take(c - 1, r);
            if (c + 1 < grid.nx) take(c + 1, r);
            if (r > 0) take(c, r - 1);
            if (r + 1 < grid.ny) take(c, r + 1);
            if (n > 0)
                layer.emplace_back(k, static_cast<float>(sum / n));
            else
                rest.push_back(k);
        }
        if (layer.empty()) break;  // cannot happen for enclosed holes; guards against a malformed grid
        for (const auto& [k, v] : layer)
            bed[k] = v;
        holes.swap(rest);
    }
    return total - holes.size();
}

}  // namespace citytwin::flood

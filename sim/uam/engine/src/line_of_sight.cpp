#include "citytwin/uam/line_of_sight.h"

#include "traversal.h"

namespace citytwin::uam {

std::vector<Voxel> centreTraversal(const Voxel& a, const Voxel& b, LosRule rule) {
    std::vector<Voxel> out;
    detail::traverseCentres(a, b, rule == LosRule::Supercover, [&](int i, int j, int k, double, double) {
        out.push_back({i, j, k});
        return true;
    });
    return out;
}

bool lineOfSight(const SearchSpace& space, const Voxel& a, const Voxel& b, LosRule rule) {
    return detail::traverseCentres(
        a, b, rule == LosRule::Supercover,
        [&](int i, int j, int k, double, double) { return space.isFree(i, j, k); });
}

bool segmentFree(const SearchSpace& space, const Point3& a, const Point3& b, Voxel& blocked) {
    double p0[3];
    double p1[3];
    space.geometry().toVoxel(a, p0[0], p0[1], p0[2]);
    space.geometry().toVoxel(b, p1[0], p1[1], p1[2]);
    return detail::traverseSegmentConservative(p0, p1, 1e-9, [&](int i, int j, int k) {
        if (space.isFree(i, j, k)) return true;
        blocked = {i, j, k};
        return false;
    });
}

bool segmentFree(const SearchSpace& space, const Point3& a, const Point3& b) {
    Voxel unused;
    return segmentFree(space, a, b, unused);
}

}  // namespace citytwin::uam

// Marching squares against analytic contours.

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/uam/contours.h"

namespace citytwin::uam {
namespace {

TEST(Contours, ConeGivesCircles) {
    // f = 100 - r on 1 m cells around (50.5, 50.5): the contour at 80 is the circle r = 20. Linear
    // interpolation between cell centres along an edge misplaces the crossing of a cone by at most
    // r (1/cos(θ) - 1) for the half-cell angle θ ≈ 0.5 / 20: below 0.01 m; tolerance 0.02 m.
    core::Raster r(101, 101, core::GeoTransform{0.0, 101.0, 1.0, 1.0}, core::Crs{}, 0.0f);
    for (int j = 0; j < 101; ++j)
        for (int i = 0; i < 101; ++i) {
            const core::Point c = r.cellCentre(i, j);
            r.at(i, j) = static_cast<float>(100.0 - std::hypot(c.x - 50.5, c.y - 50.5));
        }
    const auto levels = contourLines(r, {80.0, 60.0});
    ASSERT_EQ(levels.size(), 2u);
    for (std::size_t l = 0; l < 2; ++l) {
        const double radius = 100.0 - levels[l].level;
        ASSERT_EQ(levels[l].lines.size(), 1u);
        const core::LineString& line = levels[l].lines[0];
        EXPECT_GT(line.size(), 50u);
        EXPECT_EQ(line.front(), line.back()) << "the circle is closed";
        for (const core::Point& p : line)
            EXPECT_NEAR(std::hypot(p.x - 50.5, p.y - 50.5), radius, 0.02);
    }
}

TEST(Contours, SaddlesAndNoData) {
    core::Raster r(2, 2, core::GeoTransform{0.0, 2.0, 1.0, 1.0}, core::Crs{}, 0.0f);
    r.at(0, 0) = 1.0f;
    r.at(1, 1) = 1.0f;  // a checkerboard: a saddle, two separate segments
    EXPECT_EQ(contourLines(r, {0.5})[0].lines.size(), 2u);
    // Values exactly at the level count as above: no line through a flat field at the level.
    core::Raster flat(3, 3, core::GeoTransform{0.0, 3.0, 1.0, 1.0}, core::Crs{}, 5.0f);
    EXPECT_TRUE(contourLines(flat, {5.0})[0].lines.empty());
    r.at(1, 0) = core::Raster::kNoData;
    EXPECT_TRUE(contourLines(r, {0.5})[0].lines.empty());
}

}  // namespace
}  // namespace citytwin::uam

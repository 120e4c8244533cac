// Cutting the grid for the distributed solver (distributed.h), without MPI: strips balanced on row weights,
// windows with their halo, a set-up cut to a window. The solver across ranks itself is tested under mpirun
// (mpi_test.cpp).

#include <gtest/gtest.h>

#include <numeric>

#include "citytwin/core/error.h"
#include "citytwin/flood/distributed.h"
#include "citytwin/flood/solver.h"
#include "test_util.h"

namespace citytwin::test {
namespace {

TEST(FloodPartition, StripsCarryAboutEqualWeight) {
    // 100 rows: the first 40 weigh nothing (no-data above the city), the rest 1 each: 60 units in 3 strips of 20.
    std::vector<double> w(100, 1.0);
    std::fill(w.begin(), w.begin() + 40, 0.0);
    const std::vector<int> b = flood::balanceRows(w, 3);
    ASSERT_EQ(b.size(), 4u);
    EXPECT_EQ(b.front(), 0);
    EXPECT_EQ(b.back(), 100);
    // Row boundaries where the cumulative weight first reaches 20 and 40: after row 59 and row 79.
    EXPECT_EQ(b[1], 60);
    EXPECT_EQ(b[2], 80);
    // Equal weights: 10 rows in 3 strips, each at least the halo's 4 rows when the grid allows (it does not
    // here: 3 x 4 > 10, so at least one row each).
    const std::vector<int> e = flood::balanceRows(std::vector<double>(10, 1.0), 3);
    EXPECT_EQ(e, (std::vector<int>{0, 4, 7, 10}));
    // A heavy last row cannot squeeze the strips below the halo's rows.
    std::vector<double> heavy(20, 1.0);
    heavy.back() = 1000.0;
    const std::vector<int> h = flood::balanceRows(heavy, 4);
    for (std::size_t i = 1; i < h.size(); ++i)
        EXPECT_GE(h[i] - h[i - 1], flood::kHaloRows) << "strip " << i - 1;
    expectError([] { flood::balanceRows(std::vector<double>(2, 1.0), 3); }, core::ErrorCode::Validation,
                {"2 rows into 3 strips"});
}

TEST(FloodPartition, WindowsHoldTheHaloClippedAtTheEdges) {
    const std::vector<int> b = {0, 30, 61};
    const flood::Partition top = flood::partitionOf(b, 0, 61, nullptr);
    EXPECT_EQ(top.rowBegin, 0);
    EXPECT_EQ(top.rowEnd, 30);
    EXPECT_EQ(top.windowBegin, 0);
    EXPECT_EQ(top.windowEnd, 30 + flood::kHaloRows);
    const flood::Partition bottom = flood::partitionOf(b, 1, 61, nullptr);
    EXPECT_EQ(bottom.windowBegin, 30 - flood::kHaloRows);
    EXPECT_EQ(bottom.windowEnd, 61);
    EXPECT_EQ(bottom.rows(), 31);
    EXPECT_EQ(bottom.windowRows(), 31 + flood::kHaloRows);
}

TEST(FloodPartition, WindowOfCutsEveryPerCellArray) {
    flood::Setup s;
    s.grid = {3, 10, 1.0, 0.0, 10.0};
    const std::size_t cells = s.grid.cellCount();
    s.bedElevationM.resize(cells);
    std::iota(s.bedElevationM.begin(), s.bedElevationM.end(), 0.0f);
    s.manningGridN.assign(cells, 0.03f);
    s.losses.perviousMask.assign(cells, 1);
    s.rain.frames.push_back({0.0, std::vector<float>(cells, 5.0f)});
    s.gauges.push_back({"g", {1.5, 2.5}});
    const flood::Partition p = flood::partitionOf({0, 5, 10}, 1, 10, nullptr);
    const flood::Setup w = flood::windowOf(s, p);
    EXPECT_EQ(w.grid.ny, 10) << "the grid stays the whole one";
    ASSERT_EQ(w.bedElevationM.size(), 3u * p.windowRows());
    EXPECT_EQ(w.bedElevationM.front(), static_cast<float>(3 * p.windowBegin)) << "first cell of the window's first row";
    EXPECT_EQ(w.manningGridN.size(), w.bedElevationM.size());
    EXPECT_EQ(w.losses.perviousMask.size(), w.bedElevationM.size());
    EXPECT_EQ(w.rain.frames.at(0).intensityMmPerH.size(), w.bedElevationM.size());
    EXPECT_TRUE(w.blocked.empty()) << "absent arrays stay absent";
    EXPECT_EQ(w.gauges.size(), 1u);
}

TEST(FloodPartition, AStripNeedsACommunicator) {
    flood::Setup s;
    s.grid = {3, 10, 1.0, 0.0, 10.0};
    s.bedElevationM.assign(s.grid.cellCount(), 1.0f);
    const flood::Partition p = flood::partitionOf({0, 5, 10}, 0, 10, nullptr);
    expectError([&] { flood::Solver(flood::windowOf(s, p), p); }, core::ErrorCode::Internal, {"communicator"});
}

}  // namespace
}  // namespace citytwin::test

// The flood solver across MPI ranks (distributed.h), run by CTest under `mpirun -n 1|2|3` (label mpi).
//
// Every rank builds the whole set-up (the cases are small; a city-scale run reads only its window, see
// docs/scale-out.md), solves its strip with the others, and rank 0 compares the gathered results with the
// single-process solver (flood::Solver on the whole grid, the unmodified path): the per-cell results, frames
// and gauges must be the same bits; the mass balance terms agree to 1e-12 relative (each rank sums what
// crossed its own cells before the ranks' sums are added, a different order of additions) and the stored
// volume exactly (row sums added in row order, as on one process).

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/core/scenario.h"
#include "citytwin/flood/distributed.h"
#include "citytwin/flood/mpi_communicator.h"
#include "citytwin/flood/solver.h"
#include "model_adapter.h"
#include "test_util.h"

namespace citytwin::test {
namespace {

flood::Communicator* gComm = nullptr;

/// Equal bit patterns (NaN where NaN): the solver on one process and across ranks must do the same
/// operations on every cell.
template <class T>
void expectSameBits(const std::vector<T>& a, const std::vector<T>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    std::size_t differ = 0, first = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (std::memcmp(&a[k], &b[k], sizeof(T)) != 0) {
            if (differ++ == 0) first = k;
        }
    EXPECT_EQ(differ, 0u) << what << ": " << differ << " cells differ, first at index " << first << " ("
                          << +a[first] << " vs " << +b[first] << ")";
}

/// Runs `whole` on one process (every rank, the same) and across the ranks; on rank 0 compares.
struct Pair {
    flood::Results single;
    flood::Results distributed;  // gathered (rank 0)
};

Pair runBoth(const flood::Setup& whole) {
    Pair p;
    p.single = flood::Solver(whole).run();
    std::vector<double> weights(static_cast<std::size_t>(whole.grid.ny), 0.0);
    for (int r = 0; r < whole.grid.ny; ++r)
        for (int c = 0; c < whole.grid.nx; ++c) {
            const std::size_t k = whole.grid.index(c, r);
            const bool wall =
                std::isnan(whole.bedElevationM[k]) || (!whole.blocked.empty() && whole.blocked[k]);
            weights[static_cast<std::size_t>(r)] += wall ? 0.0 : 1.0;
        }
    const std::vector<int> bounds = flood::balanceRows(weights, gComm->size());
    const flood::Partition part = flood::partitionOf(bounds, gComm->rank(), whole.grid.ny, gComm);
    flood::Solver solver(flood::windowOf(whole, part), part);
    p.distributed = flood::gatherResults(solver.run(), part);
    return p;
}

void expectSameResults(const Pair& p) {
    if (gComm->rank() != 0) return;
    const flood::Results& a = p.single;
    const flood::Results& b = p.distributed;
    EXPECT_EQ(b.grid.nx, a.grid.nx);
    EXPECT_EQ(b.grid.ny, a.grid.ny);
    EXPECT_EQ(b.grid.originY, a.grid.originY);
    EXPECT_EQ(b.statistics.steps, a.statistics.steps);
    EXPECT_EQ(b.statistics.simulatedS, a.statistics.simulatedS);
    EXPECT_EQ(b.statistics.minDtS, a.statistics.minDtS);
    EXPECT_EQ(b.statistics.positivityCorrections, a.statistics.positivityCorrections);
    EXPECT_EQ(b.statistics.wetCellUpdates, a.statistics.wetCellUpdates);
    expectSameBits(a.maxDepthM, b.maxDepthM, "max depth");
    expectSameBits(a.maxLevelM, b.maxLevelM, "max level");
    expectSameBits(a.maxSpeedMPerS, b.maxSpeedMPerS, "max speed");
    expectSameBits(a.maxHazardRating, b.maxHazardRating, "max hazard");
    expectSameBits(a.hazardClass, b.hazardClass, "hazard class");
    expectSameBits(a.timeOfInundationS, b.timeOfInundationS, "time of inundation");
    expectSameBits(a.durationAboveThresholdS, b.durationAboveThresholdS, "duration");
    expectSameBits(a.finalDepthM, b.finalDepthM, "final depth");
    ASSERT_EQ(a.frames.size(), b.frames.size());
    for (std::size_t f = 0; f < a.frames.size(); ++f) {
        EXPECT_EQ(a.frames[f].timeS, b.frames[f].timeS);
        expectSameBits(a.frames[f].depthM, b.frames[f].depthM, "frame " + std::to_string(f) + " depth");
        expectSameBits(a.frames[f].speedMPerS, b.frames[f].speedMPerS,
                       "frame " + std::to_string(f) + " speed");
    }
    ASSERT_EQ(a.gauges.size(), b.gauges.size());
    for (std::size_t i = 0; i < a.gauges.size(); ++i) {
        EXPECT_EQ(a.gauges[i].row, b.gauges[i].row);
        expectSameBits(a.gauges[i].timesS, b.gauges[i].timesS, "gauge " + a.gauges[i].name + " times");
        expectSameBits(a.gauges[i].depthM, b.gauges[i].depthM, "gauge " + a.gauges[i].name + " depth");
        expectSameBits(a.gauges[i].speedMPerS, b.gauges[i].speedMPerS,
                       "gauge " + a.gauges[i].name + " speed");
        EXPECT_EQ(a.gauges[i].peakDepthM, b.gauges[i].peakDepthM) << a.gauges[i].name;
    }
    EXPECT_EQ(a.oscillation.checks, b.oscillation.checks);
    EXPECT_EQ(a.oscillation.checksWithOscillation, b.oscillation.checksWithOscillation);
    EXPECT_EQ(a.statistics.maxFroude, b.statistics.maxFroude);
    // Mass balance: each term to 1e-12 of the record's scale (the ranks' partial sums are added in another
    // order than one process adds the cells); the stored volume and the initial water exactly.
    ASSERT_EQ(a.massBalance.size(), b.massBalance.size());
    for (std::size_t i = 0; i < a.massBalance.size(); ++i) {
        const flood::MassBalanceRecord& x = a.massBalance[i];
        const flood::MassBalanceRecord& y = b.massBalance[i];
        const double scale =
            std::max({x.initialM3 + x.rainM3 + x.inflowM3 + x.boundaryInflowM3, x.storedM3, 1.0});
        EXPECT_EQ(x.timeS, y.timeS);
        EXPECT_EQ(x.storedM3, y.storedM3) << "record " << i;
        EXPECT_EQ(x.initialM3, y.initialM3);
        EXPECT_EQ(x.rainM3, y.rainM3) << "uniform rain is booked by rank 0 alone";
        EXPECT_NEAR(x.inflowM3, y.inflowM3, 1e-12 * scale);
        EXPECT_NEAR(x.boundaryInflowM3, y.boundaryInflowM3, 1e-12 * scale);
        EXPECT_NEAR(x.boundaryOutflowM3, y.boundaryOutflowM3, 1e-12 * scale);
        EXPECT_NEAR(x.lossesM3, y.lossesM3, 1e-12 * scale);
        EXPECT_NEAR(x.drainageM3, y.drainageM3, 1e-12 * scale);
        EXPECT_NEAR(x.relativeError, y.relativeError, 1e-12);
    }
    ASSERT_EQ(b.ranks.size(), static_cast<std::size_t>(gComm->size()));
    double updates = 0.0;
    for (const flood::RankLoad& l : b.ranks)
        updates += l.cellUpdates;
    EXPECT_EQ(updates, a.statistics.wetCellUpdates) << "the ranks' updates add up to the single run's";
}

/// A valley falling south with a reservoir at its head that breaks (flow across every cut), rain, point and
/// line inflows, losses and drainage, a level boundary, a discharge boundary and free outflow, no-data on a
/// margin and a block of buildings, gauges on different strips, frames and oscillation checks.
flood::Setup valley() {
    flood::Setup s;
    const int nx = 48, ny = 61;
    const double dx = 2.0;
    s.grid = {nx, ny, dx, 1000.0, 5000.0};
    const std::size_t cells = s.grid.cellCount();
    s.bedElevationM.resize(cells);
    s.blocked.assign(cells, 0);
    s.initialLevelM.assign(cells, std::numeric_limits<float>::quiet_NaN());
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c) {
            const std::size_t k = s.grid.index(c, r);
            s.bedElevationM[k] =
                static_cast<float>(10.0 - 0.05 * r + 0.03 * std::abs(c - 24) + 0.004 * ((c * 7 + r * 3) % 5));
            if (c < 3 && r > 25 && r < 45) s.bedElevationM[k] = std::numeric_limits<float>::quiet_NaN();
            if (c >= 20 && c < 26 && r >= 27 && r < 33) s.blocked[k] = 1;  // across the 2-rank cut
            if (r < 10 && c > 10 && c < 38) s.initialLevelM[k] = 11.2f;
        }
    s.manningN = 0.03;
    s.manningGridN.assign(cells, 0.03f);
    for (std::size_t k = 0; k < cells; k += 3)
        s.manningGridN[k] = 0.05f;
    s.rain.hyetograph = {{0.0, 60.0, 120.0}, {0.0, 80.0, 0.0}, flood::Interpolation::Linear};
    s.losses.model = flood::LossModel::InitialContinuing;
    s.losses.initialLossMm = 2.0;
    s.losses.continuingLossMmPerH = 5.0;
    s.losses.perviousMask.assign(cells, 1);
    for (std::size_t k = 0; k < cells; k += 2)
        s.losses.perviousMask[k] = 0;
    s.drainage.rateGridMmPerH.assign(cells, 3.0f);
    flood::Inflow manhole;
    manhole.name = "manhole";
    manhole.points = {{1000.0 + 30.5 * dx, 5000.0 - 38.5 * dx}};
    manhole.dischargeM3PerS = {{0.0, 50.0, 150.0}, {0.0, 0.8, 0.0}, flood::Interpolation::Linear};
    s.inflows.push_back(manhole);
    flood::Inflow culvert;
    culvert.name = "culvert";  // a line down across the strips
    culvert.points = {{1000.0 + 40.2 * dx, 5000.0 - 12.3 * dx}, {1000.0 + 41.7 * dx, 5000.0 - 50.6 * dx}};
    culvert.dischargeM3PerS = {{0.0, 200.0}, {0.5, 0.5}, flood::Interpolation::Linear};
    s.inflows.push_back(culvert);
    flood::Boundary south;
    south.edge = flood::Edge::South;
    south.kind = flood::BoundaryKind::FreeOutflow;
    south.slope = 0.02;
    s.boundaries.push_back(south);
    flood::Boundary east;
    east.edge = flood::Edge::East;
    east.kind = flood::BoundaryKind::FixedLevel;
    east.levelM = 9.2;
    east.fromM = 5000.0 - 56 * dx;
    east.toM = 5000.0 - 30 * dx;
    s.boundaries.push_back(east);
    flood::Boundary west;
    west.edge = flood::Edge::West;
    west.kind = flood::BoundaryKind::Discharge;
    west.dischargeM3PerS = {{0.0, 200.0}, {0.3, 0.3}, flood::Interpolation::Linear};
    west.fromM = 5000.0 - 20 * dx;
    west.toM = 5000.0 - 12 * dx;
    s.boundaries.push_back(west);
    s.gauges = {{"head", {1000.0 + 24.5 * dx, 5000.0 - 5.5 * dx}},
                {"middle", {1000.0 + 24.5 * dx, 5000.0 - 30.5 * dx}},
                {"tail", {1000.0 + 30.5 * dx, 5000.0 - 58.5 * dx}}};
    s.options.threads = 1;
    s.options.outputIntervalS = 50.0;
    s.options.seriesIntervalS = 10.0;
    s.options.oscillationCheckIntervalS = 20.0;
    s.durationS = 200.0;
    return s;
}

TEST(FloodMpi, SyntheticValleyEqualsTheSingleProcessRun) {
    const flood::Setup whole = valley();
    const Pair p = runBoth(whole);
    // The case must exercise the positivity correction (the dam-break front drives cells below zero), or the
    // correction across strips would go untested.
    EXPECT_GT(p.single.statistics.positivityCorrections, 0);
    expectSameResults(p);
    if (gComm->rank() == 0)
        std::printf("[figures] valley: %lld steps, %lld positivity corrections, %s\n",
                    p.single.statistics.steps, p.single.statistics.positivityCorrections,
                    flood::loadBalanceText(p.distributed.ranks).c_str());
}

TEST(FloodMpi, MerewetherDemoEqualsTheSingleProcessRun) {
    // The demo's set-up as the flood plug-in builds it from data/merewether/scenario.json (1 m, 60 houses
    // blocked, Manning from the road-surface polygons, gauges at the observation points, free outflow north
    // and east), the cloudburst of 100 mm/h for a shorter time.
    const core::CityModel model =
        core::buildCityModel(core::loadScenario(projectData("merewether/scenario.json")));
    flood::ModelGridOptions grid;
    grid.manning.source = flood::ManningSource::Polygons;
    grid.manning.layer = "road_surface";
    grid.manning.polygonField = "manning_n";
    grid.manning.uniformN = 0.04;
    flood::Setup s = flood::setupFromModel(model, grid);
    s.rain.hyetograph = {{0.0, 3600.0}, {100.0, 0.0}, flood::Interpolation::Step};
    for (flood::Edge edge : {flood::Edge::North, flood::Edge::East}) {
        flood::Boundary b;
        b.edge = edge;
        b.kind = flood::BoundaryKind::FreeOutflow;
        s.boundaries.push_back(b);
    }
    s.gauges = flood::gaugesFromLayer(model, "observation_points", "point_id");
    s.durationS = 240.0;
    s.options.threads = 1;
    s.options.outputIntervalS = 120.0;
    const Pair p = runBoth(s);
    expectSameResults(p);
    if (gComm->rank() == 0) {
        const flood::MassBalanceRecord& m = p.distributed.massBalance.back();
        std::printf("[figures] merewether %d x %d, 240 s: %lld steps, mass error %.3g, %s\n", s.grid.nx,
                    s.grid.ny, p.single.statistics.steps, m.relativeError,
                    flood::loadBalanceText(p.distributed.ranks).c_str());
    }
}

TEST(FloodMpi, CancelOnOneRankStopsEveryRankAtTheSameStep) {
    flood::Setup whole = valley();
    std::vector<double> weights(static_cast<std::size_t>(whole.grid.ny), 1.0);
    const flood::Partition part =
        flood::partitionOf(flood::balanceRows(weights, gComm->size()), gComm->rank(), whole.grid.ny, gComm);
    flood::Solver solver(flood::windowOf(whole, part), part);
    int polls = 0;
    const bool lastRank = gComm->rank() == gComm->size() - 1;
    const flood::Results r = solver.run({}, [&] { return lastRank && ++polls > 25; });
    EXPECT_EQ(r.status, flood::RunStatus::Cancelled);
    std::vector<double> reached = gComm->gatherAll({solver.timeS(), static_cast<double>(r.statistics.steps)});
    for (std::size_t i = 2; i < reached.size(); i += 2) {
        EXPECT_EQ(reached[i], reached[0]) << "rank " << i / 2 << " stopped at another time";
        EXPECT_EQ(reached[i + 1], reached[1]);
    }
    EXPECT_LT(solver.timeS(), whole.durationS);
    EXPECT_EQ(r.massBalance.back().timeS, solver.timeS()) << "the books are closed where the run stopped";
}

TEST(FloodMpi, EveryRankRefusesTheSameWay) {
    flood::Setup whole = valley();
    whole.options.scheme = flood::Scheme::Fv1;
    std::vector<double> weights(static_cast<std::size_t>(whole.grid.ny), 1.0);
    const flood::Partition part =
        flood::partitionOf(flood::balanceRows(weights, gComm->size()), gComm->rank(), whole.grid.ny, gComm);
    expectError([&] { flood::Solver(flood::windowOf(whole, part), part); }, core::ErrorCode::Validation,
                {"fv1 scheme does not run across MPI ranks"});
    // A bad value in the last rank's rows only: every rank names it (the problems are gathered).
    flood::Setup bad = valley();
    bad.initialDepthM.assign(bad.grid.cellCount(), 0.0f);
    bad.initialDepthM[bad.grid.index(7, bad.grid.ny - 2)] = -1.0f;
    expectError([&] { flood::Solver(flood::windowOf(bad, part), part); }, core::ErrorCode::Validation,
                {"initial depth -1 m at cell (7, 59)"});
    if (gComm->size() > 1) {
        // More ranks than the rows allow (each needs the halo's rows).
        flood::Setup thin = valley();
        thin.grid.ny = 4 * gComm->size() - 1;
        thin.bedElevationM.resize(thin.grid.cellCount());
        thin.blocked.clear();
        thin.initialLevelM.clear();
        thin.manningGridN.clear();
        thin.losses.perviousMask.clear();
        thin.drainage.rateGridMmPerH.clear();
        thin.inflows.clear();
        thin.boundaries.clear();
        thin.gauges.clear();
        std::vector<int> bounds;
        for (int i = 0; i <= gComm->size(); ++i)
            bounds.push_back(i == gComm->size() ? thin.grid.ny : 3 * i);
        const flood::Partition p3 = flood::partitionOf(bounds, gComm->rank(), thin.grid.ny, gComm);
        expectError([&] { flood::Solver(flood::windowOf(thin, p3), p3); }, core::ErrorCode::Validation,
                    {"every rank needs at least 4"});
    }
}

TEST(FloodMpi, StreamToRootHandsOverEveryStripInRowOrder) {
    const int ny = 23, nx = 5;
    std::vector<double> weights(ny, 1.0);
    const flood::Partition part =
        flood::partitionOf(flood::balanceRows(weights, gComm->size()), gComm->rank(), ny, gComm);
    std::vector<float> mine;
    for (int r = part.rowBegin; r < part.rowEnd; ++r)
        for (int c = 0; c < nx; ++c)
            mine.push_back(static_cast<float>(r * 100 + c));
    std::vector<float> whole;
    int expectRow = 0;
    flood::streamToRoot(mine, part, [&](int rowBegin, int rows, const float* v) {
        EXPECT_EQ(rowBegin, expectRow);
        expectRow += rows;
        whole.insert(whole.end(), v, v + static_cast<std::size_t>(rows) * nx);
    });
    if (gComm->rank() != 0) return;
    ASSERT_EQ(whole.size(), static_cast<std::size_t>(nx * ny));
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c)
            EXPECT_EQ(whole[static_cast<std::size_t>(r * nx + c)], static_cast<float>(r * 100 + c));
}

TEST(FloodMpi, ValleyDepthsAgreeAfterEveryStep) {
    // Step by step beside the single-process solver: the first step and cell where the depths part says where
    // a cut lets the wrong data through (this is how two exchanges were found to be missing).
    const flood::Setup whole = valley();
    flood::Solver single(whole);
    std::vector<double> weights(static_cast<std::size_t>(whole.grid.ny), 1.0);
    const flood::Partition part =
        flood::partitionOf(flood::balanceRows(weights, gComm->size()), gComm->rank(), whole.grid.ny, gComm);
    flood::Solver strip(flood::windowOf(whole, part), part);
    int steps = 0;
    while (single.step()) {
        ASSERT_TRUE(strip.step());
        ++steps;
        double firstRow = -1.0, firstCol = -1.0;
        for (int r = part.rowBegin; r < part.rowEnd && firstRow < 0.0; ++r)
            for (int c = 0; c < whole.grid.nx; ++c)
                if (single.depthAt(c, r) != strip.depthAt(c, r)) {
                    firstRow = r;
                    firstCol = c;
                    break;
                }
        const std::vector<double> all = gComm->gatherAll({firstRow, firstCol});
        for (std::size_t i = 0; i < all.size(); i += 2)
            ASSERT_LT(all[i], 0.0) << "step " << steps << " (t = " << single.timeS()
                                   << " s): depth differs first at row " << all[i] << ", column "
                                   << all[i + 1] << " (rank " << i / 2 << ")";
    }
    EXPECT_FALSE(strip.step());
    EXPECT_EQ(strip.timeS(), single.timeS());
}

}  // namespace
}  // namespace citytwin::test

int main(int argc, char** argv) {
    citytwin::flood::MpiSession mpi(&argc, &argv);
    ::testing::InitGoogleTest(&argc, argv);
    auto comm = citytwin::flood::worldCommunicator();
    citytwin::test::gComm = comm.get();
    // Only rank 0 prints; every rank's failures still fail the job (mpirun returns the worst exit code).
    if (mpi.rank() != 0) {
        auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
        delete listeners.Release(listeners.default_result_printer());
    }
    const int failed = RUN_ALL_TESTS();
    comm.reset();
    return failed;
}

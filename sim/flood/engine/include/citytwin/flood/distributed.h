#pragma once
/// @file distributed.h
/// The flood solver across processes (MPI ranks, docs/scale-out.md). The grid is cut into strips of whole
/// rows, one per rank; a rank holds only its strip plus a halo of kHaloRows rows above and below it (clipped
/// at the grid's edges), so its memory is proportional to its part. Each time step exchanges one row of water
/// depth and one row of face discharges with the two neighbouring ranks and reduces the deepest water over
/// all ranks (the global time step); the positivity correction, the oscillation check and the mass balance
/// are done so that every cell sees exactly the operations of the single-process run, in the same order: the
/// depth field and every per-cell result are bit-for-bit those of Solver(setup) on the whole grid. The mass
/// balance terms are summed per rank first and then over the ranks, another order of additions (equal to
/// 1e-12 relative; measured below 1e-15), except the stored volume, summed row by row in grid order as there,
/// and uniform rain, booked by rank 0 alone.
///
/// This header has no MPI in it: the solver talks to a Communicator, implemented over MPI by
/// citytwin/flood/mpi_communicator.h (built only with CITYTWIN_WITH_MPI). The local-inertial scheme only:
/// FV1 across ranks is refused (Error(Validation), parameter `scheme`).

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "citytwin/flood/results.h"
#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// Rows of halo a rank holds above and below its strip: one is exchanged every step (depth and the face
/// discharges the momentum update reads across the cut); four are needed by the oscillation check, whose
/// zigzag test looks four cells down a column (exchanged only at the checks).
constexpr int kHaloRows = 4;

/// The collective operations the distributed solver needs, between the ranks of one run. Every rank calls
/// the collective functions in the same order (as MPI requires). Implementations throw core::Error
/// (ErrorCode::Simulation) when communication fails.
class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// Element-wise maximum over all ranks, in place (exact: the maximum does not depend on the order).
    virtual void maxAll(double* values, int count) = 0;
    /// Element-wise sum over all ranks, in place (the order of the additions is the implementation's).
    virtual void sumAll(double* values, int count) = 0;
    /// Every rank's values concatenated in rank order, on every rank (counts may differ between ranks).
    virtual std::vector<double> gatherAll(const std::vector<double>& mine) = 0;
    /// A message of bytes to one rank / from one rank, matched by tag.
    virtual void send(int to, int tag, const std::vector<unsigned char>& bytes) = 0;
    virtual std::vector<unsigned char> receive(int from, int tag) = 0;
    /// Sends `toUp` to rank - 1 and `toDown` to rank + 1 (where they exist) and receives `fromUp` from rank -
    /// 1 and `fromDown` from rank + 1, all at once (no ordering deadlock). Sizes in bytes must match the
    /// neighbour's.
    virtual void exchangeNeighbours(const void* toUp, std::size_t toUpBytes, void* fromUp,
                                    std::size_t fromUpBytes, const void* toDown, std::size_t toDownBytes,
                                    void* fromDown, std::size_t fromDownBytes) = 0;
};

/// Which rows of the grid a rank owns and which rows its Setup's per-cell arrays hold.
struct Partition {
    Communicator* comm = nullptr;  ///< not owned; must outlive the solver
    int rowBegin = 0;              ///< first owned row of the whole grid
    int rowEnd = 0;                ///< one past the last owned row
    int windowBegin = 0;           ///< first row held (rowBegin - kHaloRows, clipped at 0)
    int windowEnd = 0;             ///< one past the last row held (rowEnd + kHaloRows, clipped at ny)
    int rows() const { return rowEnd - rowBegin; }
    int windowRows() const { return windowEnd - windowBegin; }
};

/// Cuts `rowWeight.size()` rows into `parts` contiguous strips of about equal total weight (e.g. the number
/// of domain cells per row, so that no-data margins and blocked buildings do not count), each at least one
/// row. Returns parts + 1 row boundaries, the first 0 and the last the row count. Deterministic: every rank
/// computes the same cut from the same weights.
/// @throws core::Error(ErrorCode::Validation) when there are fewer rows than parts.
std::vector<int> balanceRows(const std::vector<double>& rowWeight, int parts);

/// The partition of rank `rank` for the boundaries of balanceRows() on a grid of `ny` rows.
Partition partitionOf(const std::vector<int>& bounds, int rank, int ny, Communicator* comm);

/// The set-up of one rank cut from the set-up of the whole grid: every per-cell array reduced to the rows
/// [windowBegin, windowEnd) (gauges, inflows, boundaries and options unchanged). For tests and for runs small
/// enough that each rank may build the whole set-up; city-scale runs build the window directly (reading only
/// their window of the terrain).
Setup windowOf(const Setup& whole, const Partition& partition);

/// Assembles the strips' results on rank 0 (for runs small enough that one process may hold the whole grid):
/// rasters in grid order, gauges in the set-up's order, each rank's load (RankLoad) in
/// Results::ranks (rank order). Collective. Other ranks get their own strip's results back. The mass balance,
/// statistics and oscillation report are the same on every rank already.
Results gatherResults(Results strip, const Partition& partition);

/// Streams a per-cell array of every rank's owned rows to rank 0, one strip at a time in rank order, without
/// rank 0 ever holding more than one strip: `sink(rowBegin, rows, values)` is called on rank 0 for each strip
/// (its own included). Collective.
void streamToRoot(const std::vector<float>& mine, const Partition& partition,
                  const std::function<void(int rowBegin, int rows, const float* values)>& sink);

/// One sentence about the load balance of a run: the ranks' share of the active-region updates (largest /
/// mean) and of the time spent communicating.
std::string loadBalanceText(const std::vector<RankLoad>& loads);

}  // namespace citytwin::flood

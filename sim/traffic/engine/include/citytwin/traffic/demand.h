#pragma once
/// @file demand.h
/// Origin-destination demand between zones.

#include <cstddef>
#include <string>
#include <vector>

#include "citytwin/traffic/network.h"

namespace citytwin::traffic {

/// One cell of an OD matrix.
struct OdPair {
    int origin = 0;       ///< zone (0-based)
    int destination = 0;  ///< zone (0-based)
    double demand = 0.0;  ///< [veh/h] (or the unit of the source matrix), >= 0
};

/// A sparse origin-destination matrix, rows sorted by origin then destination, no duplicates, no zeros.
/// Build it with OdMatrix::fromPairs().
class OdMatrix {
public:
    OdMatrix() = default;

    /// Builds a matrix for `zoneCount` zones from cells in any order. Cells of the same pair are added up;
    /// zero cells are dropped. Intrazonal cells (origin == destination) are kept: the assignment does not
    /// load them on the network but reports them.
    /// @throws core::Error(ErrorCode::Data) for a zone outside 0..zoneCount-1 or a negative or non-finite
    ///         demand, naming the pair.
    static OdMatrix fromPairs(int zoneCount, std::vector<OdPair> pairs);

    int zoneCount() const { return zoneCount_; }
    /// Cells of origin o: [begin(o), end(o)) into destinations()/demands().
    std::size_t begin(int origin) const { return start_[static_cast<std::size_t>(origin)]; }
    std::size_t end(int origin) const { return start_[static_cast<std::size_t>(origin) + 1]; }
    const std::vector<int>& destinations() const { return destination_; }
    const std::vector<double>& demands() const { return demand_; }
    std::size_t cellCount() const { return demand_.size(); }
    /// Sum of all cells, intrazonal ones included [veh/h].
    double total() const;
    /// Demand of one cell (0 when absent).
    double at(int origin, int destination) const;
    /// All cells as pairs.
    std::vector<OdPair> pairs() const;

private:
    int zoneCount_ = 0;
    std::vector<std::size_t> start_ = {0};
    std::vector<int> destination_;
    std::vector<double> demand_;
};

/// Every problem of a demand matrix for a network (never throws): zone count mismatch.
std::vector<Problem> checkDemand(const Network& network, const OdMatrix& demand);

}  // namespace citytwin::traffic

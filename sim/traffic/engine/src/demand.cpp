#include "citytwin/traffic/demand.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "citytwin/core/error.h"

namespace citytwin::traffic {

OdMatrix OdMatrix::fromPairs(int zoneCount, std::vector<OdPair> pairs) {
    if (zoneCount < 0) throw core::Error(core::ErrorCode::Data, "negative zone count");
    for (const OdPair& p : pairs) {
        if (p.origin < 0 || p.origin >= zoneCount || p.destination < 0 || p.destination >= zoneCount) {
            std::ostringstream s;
            s << "demand from zone " << p.origin + 1 << " to zone " << p.destination + 1
              << ": the network has zones 1.." << zoneCount;
            throw core::Error(core::ErrorCode::Data, s.str());
        }
        if (!(std::isfinite(p.demand) && p.demand >= 0)) {
            std::ostringstream s;
            s << "demand from zone " << p.origin + 1 << " to zone " << p.destination + 1 << " is " << p.demand
              << ", not a number >= 0";
            throw core::Error(core::ErrorCode::Data, s.str());
        }
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const OdPair& a, const OdPair& b) {
        return a.origin != b.origin ? a.origin < b.origin : a.destination < b.destination;
    });
    OdMatrix m;
    m.zoneCount_ = zoneCount;
    m.start_.assign(static_cast<std::size_t>(zoneCount) + 1, 0);
    for (std::size_t i = 0; i < pairs.size();) {
        std::size_t j = i;
        double q = 0.0;
        while (j < pairs.size() && pairs[j].origin == pairs[i].origin &&
               pairs[j].destination == pairs[i].destination)
            q += pairs[j++].demand;
        if (q > 0) {
            m.destination_.push_back(pairs[i].destination);
            m.demand_.push_back(q);
            ++m.start_[static_cast<std::size_t>(pairs[i].origin) + 1];
        }
        i = j;
    }
    for (std::size_t o = 0; o < static_cast<std::size_t>(zoneCount); ++o)
        m.start_[o + 1] += m.start_[o];
    return m;
}

double OdMatrix::total() const {
    double t = 0.0;
    for (double q : demand_)
        t += q;
    return t;
}

double OdMatrix::at(int origin, int destination) const {
    if (origin < 0 || origin >= zoneCount_) return 0.0;
    const auto first = destination_.begin() + static_cast<std::ptrdiff_t>(begin(origin));
    const auto last = destination_.begin() + static_cast<std::ptrdiff_t>(end(origin));
    const auto it = std::lower_bound(first, last, destination);
    return it != last && *it == destination ? demand_[static_cast<std::size_t>(it - destination_.begin())]
                                            : 0.0;
}

std::vector<OdPair> OdMatrix::pairs() const {
    std::vector<OdPair> out;
    out.reserve(demand_.size());
    for (int o = 0; o < zoneCount_; ++o)
        for (std::size_t k = begin(o); k < end(o); ++k)
            out.push_back({o, destination_[k], demand_[k]});
    return out;
}

std::vector<Problem> checkDemand(const Network& network, const OdMatrix& demand) {
    std::vector<Problem> problems;
    if (demand.zoneCount() != network.zoneCount)
        problems.push_back({"demand", "the demand matrix has " + std::to_string(demand.zoneCount()) +
                                          " zones, the network " + std::to_string(network.zoneCount)});
    return problems;
}

}  // namespace citytwin::traffic

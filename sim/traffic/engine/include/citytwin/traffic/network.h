#pragma once
/// @file network.h
/// The road network of a static traffic assignment: nodes, directed links with BPR volume-delay parameters,
/// and the scenario edits (closures, capacity changes, new links) applied to it.
///
/// Conventions (those of the TNTP research networks, Bar-Gera's format):
/// - Nodes are numbered 0..nodeCount-1 here (TNTP files number them from 1).
/// - Zones are the first zoneCount nodes: zone z is node z. Demand goes from zone to zone.
/// - Nodes below firstThroughNode may start or end trips but never carry through traffic (TNTP
///   "FIRST THRU NODE", made 0-based); firstThroughNode = 0 lets every node carry through traffic.
/// - Units are those of the network: time in its time unit (minutes for networks built from the city model,
///   0.01 h for Sioux Falls, minutes for Anaheim and Chicago), length in its length unit (km for city
///   networks). `timeUnitMinutes` and `lengthUnitKm` say what they are when known, for speeds.

#include <cstddef>
#include <string>
#include <vector>

namespace citytwin::traffic {

/// One directed link with its Bureau of Public Roads (1964) volume-delay function
///   t(x) = freeFlowTime * (1 + alpha * (x / capacity)^beta)
/// and generalized cost  c(x) = t(x) + tollWeight * toll + distanceWeight * length.
struct Link {
    int tail = -1;  ///< from node (0-based)
    int head = -1;  ///< to node (0-based)
    /// Practical capacity [veh/h], >= 0. A link with capacity 0 and a flow-dependent cost (alpha > 0, beta
    /// > 0) is impassable and carries no flow (reported by inspectNetwork()); with alpha = 0 or beta = 0 its
    /// cost does not depend on the flow and the capacity plays no part.
    double capacity = 1.0;
    double length = 0.0;        ///< [network length unit], >= 0
    double freeFlowTime = 0.0;  ///< [network time unit], >= 0
    double alpha = 0.15;        ///< BPR "B", >= 0 (BPR 1964: 0.15)
    double beta = 4.0;          ///< BPR power, 0 or >= 1 (BPR 1964: 4); large powers are legal (reported)
    double speedLimit = 0.0;    ///< as given by the source (informative only)
    double toll = 0.0;          ///< [network cost unit, e.g. cents], >= 0
    int type = 0;               ///< link type as given by the source (informative only)
    bool closed = false;        ///< closed by a scenario edit: carries no flow
    /// A zone access link (centroid connector): not a road. Its travel time and distance are reported apart
    /// from the road totals (AssignmentResult::accessTravelTime, accessDistance).
    bool access = false;
};

/// True when a link can carry no flow: closed, a self-loop (never on a least-cost path with non-negative
/// costs), or capacity 0 with a flow-dependent cost (its time would be infinite at any flow).
bool carriesNoFlow(const Link& link);

/// Travel time of a link at flow x [network time unit] (BPR 1964). x < 0 is treated as 0.
double bprTime(const Link& link, double flow);
/// d t / d x at flow x [time unit per veh/h].
double bprTimeDerivative(const Link& link, double flow);
/// Integral of the BPR travel time from 0 to x [time unit x veh/h] (the link's Beckmann term without
/// the constant cost terms).
double bprTimeIntegral(const Link& link, double flow);

/// A road network. Plain data; checkNetwork() lists what is wrong with one.
struct Network {
    int nodeCount = 0;         ///< nodes, numbered 0..nodeCount-1
    int zoneCount = 0;         ///< zones = nodes 0..zoneCount-1
    int firstThroughNode = 0;  ///< nodes below this carry no through traffic (0-based)
    std::vector<Link> links;

    /// Node coordinates (optional: empty, or one per node) [CRS units of the source].
    std::vector<double> nodeX;
    std::vector<double> nodeY;

    /// Generalized-cost weights given by the source (TNTP metadata <TOLL FACTOR>, <DISTANCE FACTOR>, or a
    /// network README) [time unit per cost unit] and [time unit per length unit].
    double tollWeight = 0.0;
    double distanceWeight = 0.0;

    double timeUnitMinutes = 0.0;  ///< minutes per network time unit (0 = unknown, as for TNTP files)
    double lengthUnitKm = 0.0;     ///< km per network length unit (0 = unknown, as for TNTP files)

    std::string name;    ///< for messages
    std::string source;  ///< file it came from, for messages

    std::size_t linkCount() const { return links.size(); }
};

/// A problem found in input data or parameters: the parameter id (or data item) and a message.
struct Problem {
    std::string parameter;  ///< snake_case parameter id, or "network" / "demand" for input data
    std::string message;    ///< one sentence, naming the item (e.g. "link 12 (3->7): capacity -5 is not > 0")
};

/// Every problem of a network (never throws): node ids out of range, negative capacities, free-flow times,
/// lengths, tolls or BPR alpha, a BPR power between 0 and 1 (its derivative is infinite at zero flow) or
/// negative, non-finite values, inconsistent zone counts. Odd but legal inputs are not problems: see
/// inspectNetwork().
std::vector<Problem> checkNetwork(const Network& network);

/// Odd but legal features of a network, counted and described (found in public networks): they are handled,
/// not refused.
struct NetworkNotes {
    std::size_t selfLoops = 0;     ///< links from a node to itself: carry no flow
    std::size_t duplicates = 0;    ///< links repeating the (tail, head) of an earlier link: parallel links
    std::size_t zeroCapacity = 0;  ///< capacity 0 with a flow-dependent cost: impassable, carry no flow
    std::size_t highPowers = 0;    ///< BPR powers above 16: legal, the cost rises steeply above capacity
    double largestPower = 0.0;     ///< the largest BPR power
    std::vector<std::string> messages;  ///< one line per kind found, naming the first links
};
NetworkNotes inspectNetwork(const Network& network);

/// A new link added by a scenario (a bypass, a new town's access road).
struct AddedLink {
    Link link;
    std::string label;  ///< for messages and outputs
};

/// Scenario edits of a network. Link indices refer to the network the edits are applied to.
struct NetworkEdits {
    std::vector<int> closedLinks;  ///< links to close (0-based)
    /// Capacity changes: link index and the factor its capacity is multiplied by (0 < factor; a factor
    /// of 0 is a closure and must be listed in closedLinks instead).
    std::vector<std::pair<int, double>> capacityFactors;
    std::vector<AddedLink> addedLinks;  ///< appended after the existing links, in this order
};

/// Every problem of a set of edits for this network (never throws).
std::vector<Problem> checkEdits(const Network& network, const NetworkEdits& edits);

/// The network with the edits applied: closed links are kept (so link indices stay the same) with
/// `closed = true`; added links come after the existing ones.
/// @throws core::Error(ErrorCode::Validation) naming the parameter for the first problem checkEdits finds.
Network applyEdits(const Network& network, const NetworkEdits& edits);

/// Index of the first open link from `tail` to `head` (0-based nodes), or -1.
int findLink(const Network& network, int tail, int head);

}  // namespace citytwin::traffic

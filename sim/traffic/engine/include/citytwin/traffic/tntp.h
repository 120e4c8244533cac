#pragma once
/// @file tntp.h
/// Readers for the TNTP text format of the research networks (Bar-Gera; github.com/bstabler/
/// TransportationNetworks): `_net`, `_trips`, `_node` and `_flow` files.
///
/// Format: metadata lines `<KEY> value` up to `<END OF METADATA>`; lines starting with `~` are comments;
/// records end with `;` (optional here). `_net` records are 10 numbers: init node, term node, capacity,
/// length, free-flow time, B, power, speed, toll, link type. `_trips` holds `Origin k` blocks of
/// `d : q;` cells. `_node` holds `node x y ;`, `_flow` holds `from to volume cost`.
///
/// Every reader throws core::Error(ErrorCode::FileNotFound) when the file cannot be opened and
/// core::Error(ErrorCode::FileFormat) naming the file and line ("line 57: expected 10 numbers, got 7") for
/// anything malformed. Readers are re-entrant.

#include <string>
#include <vector>

#include "citytwin/traffic/demand.h"
#include "citytwin/traffic/network.h"

namespace citytwin::traffic {

/// Reads a `_net` file. Metadata used: NUMBER OF ZONES, NUMBER OF NODES, FIRST THRU NODE, NUMBER OF LINKS
/// (checked against the records), and the optional TOLL FACTOR and DISTANCE FACTOR (spartalab/tap-b's
/// extension) into Network::tollWeight / distanceWeight. Unknown metadata keys are ignored.
/// Besides the format, values are checked: node ids within 1..NUMBER OF NODES, capacity, free-flow time,
/// length, B and toll >= 0 and finite, power 0 or >= 1. Odd but legal records are kept (inspectNetwork()
/// lists them): self-loops, repeated links, capacity 0, powers above 16 (16.83 occurs in a public network).
/// Links to or from a zone below FIRST THRU NODE (a centroid) are access links (Link::access).
Network readTntpNetwork(const std::string& path);

/// Reads a `_trips` file for a network with `zoneCount` zones (pass -1 to take the file's NUMBER OF ZONES).
/// Checks: origins and destinations within 1..zones ("demand to a zone that does not exist" names the
/// line), demands >= 0 and finite, no cell given twice, and the TOTAL OD FLOW metadata against the sum (to
/// 1e-6 relative).
OdMatrix readTntpTrips(const std::string& path, int zoneCount = -1);

/// Reads a `_node` file into network.nodeX / nodeY (nodes not listed get NaN).
/// Checks: node ids within 1..nodeCount, two finite coordinates per record.
void readTntpNodes(const std::string& path, Network& network);

/// One record of a `_flow` file (a published best-known solution).
struct TntpFlow {
    int tail = -1;  ///< 0-based
    int head = -1;  ///< 0-based
    double volume = 0.0;
    double cost = 0.0;
};

/// Reads a `_flow` file (header line `From To Volume Cost`, then one record per line).
std::vector<TntpFlow> readTntpFlows(const std::string& path);

/// Link flows from a `_flow` file in the network's link order: records are matched to links by
/// (from, to), parallel links in file order.
/// @throws core::Error(ErrorCode::Data) when a record matches no link or a link gets no record.
std::vector<double> flowsByLink(const Network& network, const std::vector<TntpFlow>& flows,
                                const std::string& path = {});

}  // namespace citytwin::traffic

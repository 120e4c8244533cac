#pragma once
/// @file junctions.h
/// Junctions: turn bans, turn penalties and a node delay model by junction control, by expanding junction
/// nodes into turn links (each allowed movement from an approach to an exit becomes a link of its own whose
/// time is the movement's delay; banned movements get no link). The expanded network is an ordinary Network,
/// so the equilibrium, its uniqueness and the solver are unchanged; link results map back to the original
/// links and the turn links give turning volumes.
///
/// Node delay model (documented in sim/traffic/README.md): every movement at a junction of control type k
/// (uncontrolled, priority, signal, roundabout) gets a fixed mean control delay d(k, approach, turn) [s] from
/// the table data/traffic/junction_delays.csv, by approach (major: the approaches with the largest capacity
/// at the node; minor: the others) and turn (through, right, left, U-turn, in right-hand traffic terms: the
/// near-side and far-side turns swap for left-hand traffic). Delays that grow with the flow stay in the link
/// volume-delay functions, whose capacities already stand for the junctions' saturation flows and green
/// shares. Delays and penalties add up; a ban removes the movement.

#include <string>
#include <unordered_map>
#include <vector>

#include "citytwin/traffic/network.h"

namespace citytwin::traffic {

enum class JunctionControl { Uncontrolled, Priority, Signal, Roundabout };
const char* toString(JunctionControl control);
/// Accepts the names of toString and the GMNS ctrl_type / OSM values: none, uncontrolled; priority, yield,
/// stop, 4_stop, give_way; signal, traffic_signals; roundabout, mini_roundabout.
bool parseJunctionControl(const std::string& text, JunctionControl& control);

enum class TurnKind { Through, Right, Left, UTurn };
const char* toString(TurnKind kind);

/// Mean control delay [s] by control, approach (0 major, 1 minor) and turn.
struct JunctionDelayTable {
    double seconds[4][2][4] = {};  ///< [control][approach][turn]
    std::string source;            ///< file it was read from
};

/// Reads the delay table: columns control, approach (major | minor | any), through_s, right_s, left_s,
/// uturn_s; every control and approach must be given (once, "any" standing for both), delays >= 0 and below
/// 3600 s. Errors name the file, line and column.
/// @throws core::Error(FileNotFound | FileFormat).
JunctionDelayTable readJunctionDelays(const std::string& path);
/// The shipped table, <dataDirectory()>/traffic/junction_delays.csv.
JunctionDelayTable defaultJunctionDelays();

/// A turn restriction or penalty for the movement from link (fromNode -> viaNode) to link (viaNode -> toNode)
/// (0-based nodes; every parallel link between those nodes).
struct TurnRule {
    int fromNode = -1;
    int viaNode = -1;
    int toNode = -1;
    bool banned = false;
    double penalty = 0.0;  ///< added time [network time unit], >= 0
};

/// Reads turn rules: CSV columns from_node, via_node, to_node and penalty (a time in the network's unit, or
/// "ban" / "banned" / "prohibited"). Node ids as the network names them (`nodeIndex`: id -> 0-based node).
/// @throws core::Error(FileNotFound | FileFormat) naming the line, for unknown nodes and bad penalties.
std::vector<TurnRule> readTurnRules(const std::string& path,
                                    const std::unordered_map<std::string, int>& nodeIndex);

struct JunctionOptions {
    /// Control of each node (nodeCount entries), or empty: no node delays (only rules and U-turn bans).
    std::vector<JunctionControl> control;
    JunctionDelayTable delays;
    bool rightHandTraffic = true;  ///< right-hand traffic (Korea, most countries): left turns cross traffic
    bool banUTurns = true;         ///< no U-turns at junctions (nodes with 3 or more neighbours)
    std::vector<TurnRule> rules;
    /// Direction of each link where it leaves its tail and where it reaches its head [radians, counter-
    /// clockwise from the x axis] (e.g. from its geometry); empty: from the node coordinates.
    std::vector<double> startBearing, endBearing;
};

/// The network with its junctions expanded.
struct ExpandedNetwork {
    Network network;
    std::vector<int> originalLink;  ///< per expanded link: the original link, or -1 for a turn link
    std::vector<int> expandedLink;  ///< per original link: its expanded link
    struct Turn {
        int link = -1;      ///< the turn link in the expanded network
        int fromLink = -1;  ///< original links
        int toLink = -1;
        int node = -1;  ///< the junction (original node)
        TurnKind kind = TurnKind::Through;
        JunctionControl control = JunctionControl::Uncontrolled;
        bool major = true;   ///< from a major approach
        double delay = 0.0;  ///< delay + penalty [network time unit]
    };
    std::vector<Turn> turns;
    std::size_t junctions = 0;    ///< nodes expanded
    std::size_t bannedTurns = 0;  ///< movements left out (rules and U-turn bans)
    std::vector<std::string> messages;
};

/// Expands the junctions: nodes with 3 or more distinct neighbours, and nodes named by a rule (zones and
/// nodes below the first through node never). Node delays need the network's time unit
/// (Network::timeUnitMinutes > 0) when `control` is given.
/// @throws core::Error(Validation, "junctions") for rules naming links that do not exist, a control list of
///         the wrong size, or node delays on a network of unknown time unit.
ExpandedNetwork expandJunctions(const Network& network, const JunctionOptions& options);

/// Flows per original link from flows per expanded link.
std::vector<double> originalFlows(const ExpandedNetwork& expanded, const std::vector<double>& expandedFlow);

}  // namespace citytwin::traffic

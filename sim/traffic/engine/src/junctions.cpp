#include "citytwin/traffic/junctions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

constexpr double kPi = 3.14159265358979323846;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

int controlIndex(JunctionControl c) {
    return static_cast<int>(c);
}

}  // namespace

const char* toString(JunctionControl c) {
    switch (c) {
        case JunctionControl::Uncontrolled:
            return "uncontrolled";
        case JunctionControl::Priority:
            return "priority";
        case JunctionControl::Signal:
            return "signal";
        case JunctionControl::Roundabout:
            return "roundabout";
    }
    return "uncontrolled";
}

bool parseJunctionControl(const std::string& text, JunctionControl& c) {
    const std::string t = lower(text);
    if (t == "none" || t == "uncontrolled")
        c = JunctionControl::Uncontrolled;
    else if (t == "priority" || t == "yield" || t == "stop" || t == "4_stop" || t == "give_way")
        c = JunctionControl::Priority;
    else if (t == "signal" || t == "traffic_signals" || t == "signals")
        c = JunctionControl::Signal;
    else if (t == "roundabout" || t == "mini_roundabout")
        c = JunctionControl::Roundabout;
    else
        return false;
    return true;
}

const char* toString(TurnKind k) {
    switch (k) {
        case TurnKind::Through:
            return "through";
        case TurnKind::Right:
            return "right";
        case TurnKind::Left:
            return "left";
        case TurnKind::UTurn:
            return "u_turn";
    }
    return "through";
}

JunctionDelayTable readJunctionDelays(const std::string& path) {
    const CsvTable t = readCsvTable(path);
    const int cc = t.require({"control"}), ac = t.require({"approach"});
    const int tc[4] = {t.require({"through_s"}), t.require({"right_s"}), t.require({"left_s"}),
                       t.require({"uturn_s"})};
    JunctionDelayTable out;
    out.source = path;
    bool given[4][2] = {};
    for (const CsvRow& row : t.rows) {
        JunctionControl control;
        if (!parseJunctionControl(t.cell(row, cc), control))
            throw t.error(row, cc,
                          "'" + t.cell(row, cc) + "' is not uncontrolled, priority, signal or roundabout");
        const std::string a = lower(t.cell(row, ac));
        std::vector<int> approaches;
        if (a == "major")
            approaches = {0};
        else if (a == "minor")
            approaches = {1};
        else if (a == "any")
            approaches = {0, 1};
        else
            throw t.error(row, ac, "'" + t.cell(row, ac) + "' is not major, minor or any");
        double s[4];
        for (int k = 0; k < 4; ++k) {
            s[k] = t.number(row, tc[k]);
            if (s[k] < 0 || s[k] >= 3600)
                throw t.error(row, tc[k], "delay " + t.cell(row, tc[k]) + " s is not within 0..3600");
        }
        for (int ap : approaches) {
            const int ci = controlIndex(control);
            if (given[ci][ap])
                throw t.error(row, ac,
                              std::string(toString(control)) + " (" + (ap ? "minor" : "major") +
                                  " approach) is given a second time");
            given[ci][ap] = true;
            for (int k = 0; k < 4; ++k)
                out.seconds[ci][ap][k] = s[k];
        }
    }
    for (int c = 0; c < 4; ++c)
        for (int ap = 0; ap < 2; ++ap)
            if (!given[c][ap])
                throw Error(ErrorCode::FileFormat,
                            std::string("no delays for ") + toString(static_cast<JunctionControl>(c)) +
                                " junctions (" + (ap ? "minor" : "major") + " approach)",
                            {path, {}, {}});
    return out;
}

JunctionDelayTable defaultJunctionDelays() {
    return readJunctionDelays(core::dataDirectory() + "/traffic/junction_delays.csv");
}

std::vector<TurnRule> readTurnRules(const std::string& path,
                                    const std::unordered_map<std::string, int>& nodeIndex) {
    const CsvTable t = readCsvTable(path);
    const int cols[3] = {t.require({"from_node", "from_node_id", "from"}),
                         t.require({"via_node", "via_node_id", "via", "node"}),
                         t.require({"to_node", "to_node_id", "to"})};
    const int pc = t.require({"penalty", "penalty_min", "time", "ban"});
    std::vector<TurnRule> rules;
    for (const CsvRow& row : t.rows) {
        TurnRule r;
        int* ends[3] = {&r.fromNode, &r.viaNode, &r.toNode};
        for (int k = 0; k < 3; ++k) {
            const auto it = nodeIndex.find(t.cell(row, cols[k]));
            if (it == nodeIndex.end())
                throw t.error(row, cols[k], "node '" + t.cell(row, cols[k]) + "' is not in the network");
            *ends[k] = it->second;
        }
        const std::string p = lower(t.cell(row, pc));
        if (p == "ban" || p == "banned" || p == "prohibited" || p == "no") {
            r.banned = true;
        } else {
            r.penalty = t.number(row, pc);
            if (r.penalty < 0)
                throw t.error(row, pc,
                              "penalty " + t.cell(row, pc) + " is negative (write 'ban' to ban a turn)");
        }
        rules.push_back(r);
    }
    return rules;
}

ExpandedNetwork expandJunctions(const Network& net, const JunctionOptions& o) {
    const auto n = static_cast<std::size_t>(net.nodeCount);
    const std::size_t m = net.links.size();
    if (!o.control.empty() && o.control.size() != n)
        throw Error(ErrorCode::Validation,
                    "junction controls are given for " + std::to_string(o.control.size()) +
                        " nodes, the network has " + std::to_string(n),
                    {{}, {}, "junctions"});
    if (!o.control.empty() && !(net.timeUnitMinutes > 0))
        throw Error(ErrorCode::Validation,
                    "node delays need the network's time unit (minutes per unit), which is not known for "
                    "this network",
                    {{}, {}, "junctions"});
    if ((!o.startBearing.empty() && o.startBearing.size() != m) ||
        (!o.endBearing.empty() && o.endBearing.size() != m))
        throw Error(ErrorCode::Validation, "link bearings are not given for every link",
                    {{}, {}, "junctions"});
    std::vector<std::vector<int>> in(n), out(n);
    for (std::size_t a = 0; a < m; ++a) {
        const Link& l = net.links[a];
        if (l.tail == l.head) continue;
        out[static_cast<std::size_t>(l.tail)].push_back(static_cast<int>(a));
        in[static_cast<std::size_t>(l.head)].push_back(static_cast<int>(a));
    }
    // Rules by movement (from node, via, to node).
    std::map<std::tuple<int, int, int>, std::pair<bool, double>> rule;
    std::set<int> ruled;
    for (const TurnRule& r : o.rules) {
        for (int v : {r.fromNode, r.viaNode, r.toNode})
            if (v < 0 || static_cast<std::size_t>(v) >= n)
                throw Error(ErrorCode::Validation,
                            "a turn rule names node " + std::to_string(v + 1) + ", which does not exist",
                            {{}, {}, "turns"});
        bool exists = false;
        for (int a : in[static_cast<std::size_t>(r.viaNode)])
            exists = exists || net.links[static_cast<std::size_t>(a)].tail == r.fromNode;
        bool exists2 = false;
        for (int b : out[static_cast<std::size_t>(r.viaNode)])
            exists2 = exists2 || net.links[static_cast<std::size_t>(b)].head == r.toNode;
        if (!exists || !exists2)
            throw Error(ErrorCode::Validation,
                        "turn rule " + std::to_string(r.fromNode + 1) + " -> " +
                            std::to_string(r.viaNode + 1) + " -> " + std::to_string(r.toNode + 1) +
                            ": the network has no such links",
                        {{}, {}, "turns"});
        auto& slot = rule[{r.fromNode, r.viaNode, r.toNode}];
        slot.first = slot.first || r.banned;
        slot.second += r.penalty;
        ruled.insert(r.viaNode);
    }
    ExpandedNetwork x;
    std::vector<char> expand(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
        if (static_cast<int>(v) < net.zoneCount || static_cast<int>(v) < net.firstThroughNode) continue;
        std::set<int> neighbours;
        for (int a : in[v])
            neighbours.insert(net.links[static_cast<std::size_t>(a)].tail);
        for (int b : out[v])
            neighbours.insert(net.links[static_cast<std::size_t>(b)].head);
        expand[v] = neighbours.size() >= 3 || ruled.count(static_cast<int>(v));
    }
    for (int v : ruled)
        if (!expand[static_cast<std::size_t>(v)])
            throw Error(ErrorCode::Validation,
                        "turn rules at node " + std::to_string(v + 1) + ", a zone (zones are not junctions)",
                        {{}, {}, "turns"});
    Network& e = x.network;
    e = net;
    e.links.clear();
    std::vector<int> inPort(m, -1), outPort(m, -1);
    const bool coords = net.nodeX.size() == n;
    for (std::size_t v = 0; v < n; ++v) {
        if (!expand[v]) continue;
        ++x.junctions;
        for (int a : in[v]) {
            inPort[static_cast<std::size_t>(a)] = e.nodeCount++;
            if (coords) {
                e.nodeX.push_back(net.nodeX[v]);
                e.nodeY.push_back(net.nodeY[v]);
            }
        }
        for (int b : out[v]) {
            outPort[static_cast<std::size_t>(b)] = e.nodeCount++;
            if (coords) {
                e.nodeX.push_back(net.nodeX[v]);
                e.nodeY.push_back(net.nodeY[v]);
            }
        }
    }
    x.expandedLink.assign(m, -1);
    for (std::size_t a = 0; a < m; ++a) {
        Link l = net.links[a];
        if (outPort[a] >= 0) l.tail = outPort[a];
        if (inPort[a] >= 0) l.head = inPort[a];
        x.expandedLink[a] = static_cast<int>(e.links.size());
        x.originalLink.push_back(static_cast<int>(a));
        e.links.push_back(l);
    }
    const auto bearing = [&](int a, bool atEnd) {
        const std::vector<double>& given = atEnd ? o.endBearing : o.startBearing;
        if (!given.empty()) return given[static_cast<std::size_t>(a)];
        if (!coords) return std::numeric_limits<double>::quiet_NaN();
        const Link& l = net.links[static_cast<std::size_t>(a)];
        const auto t = static_cast<std::size_t>(l.tail), h = static_cast<std::size_t>(l.head);
        return std::atan2(net.nodeY[h] - net.nodeY[t], net.nodeX[h] - net.nodeX[t]);
    };
    const double toUnits = net.timeUnitMinutes > 0 ? 1.0 / (60.0 * net.timeUnitMinutes) : 0.0;  // s -> unit
    for (std::size_t v = 0; v < n; ++v) {
        if (!expand[v]) continue;
        const JunctionControl control = o.control.empty() ? JunctionControl::Uncontrolled : o.control[v];
        double topCapacity = 0.0;
        for (int a : in[v])
            if (!net.links[static_cast<std::size_t>(a)].access)
                topCapacity = std::max(topCapacity, net.links[static_cast<std::size_t>(a)].capacity);
        for (int a : in[v]) {
            const Link& la = net.links[static_cast<std::size_t>(a)];
            const bool major = la.access || la.capacity >= topCapacity * (1.0 - 1e-9);
            for (int b : out[v]) {
                const Link& lb = net.links[static_cast<std::size_t>(b)];
                TurnKind kind = TurnKind::Through;
                if (lb.head == la.tail) {
                    kind = TurnKind::UTurn;
                } else {
                    const double b0 = bearing(a, true), b1 = bearing(b, false);
                    if (std::isfinite(b0) && std::isfinite(b1)) {
                        double d = (b1 - b0) * 180.0 / kPi;
                        while (d > 180.0)
                            d -= 360.0;
                        while (d <= -180.0)
                            d += 360.0;
                        if (!o.rightHandTraffic) d = -d;  // the near-side turn is the left one
                        if (std::abs(d) > 160.0)
                            kind = TurnKind::UTurn;
                        else if (d >= 45.0)
                            kind = TurnKind::Left;
                        else if (d <= -45.0)
                            kind = TurnKind::Right;
                    }
                }
                const bool access = la.access || lb.access;
                if (access && la.tail == lb.head) {  // back into the zone it came from: never useful
                    ++x.bannedTurns;
                    continue;
                }
                double delay = 0.0;
                bool banned = false;
                if (const auto it = rule.find({la.tail, static_cast<int>(v), lb.head}); it != rule.end()) {
                    banned = it->second.first;
                    delay += it->second.second;
                }
                if (!access && kind == TurnKind::UTurn && o.banUTurns) banned = true;
                if (banned) {
                    ++x.bannedTurns;
                    continue;
                }
                if (!access && !o.control.empty())
                    delay += o.delays.seconds[controlIndex(control)][major ? 0 : 1][static_cast<int>(kind)] *
                             toUnits;
                Link t;
                t.tail = inPort[static_cast<std::size_t>(a)];
                t.head = outPort[static_cast<std::size_t>(b)];
                t.capacity = 0.0;
                t.alpha = 0.0;
                t.freeFlowTime = delay;
                t.length = 0.0;
                t.type = -1;
                x.turns.push_back({static_cast<int>(e.links.size()), a, b, static_cast<int>(v), kind, control,
                                   major, delay});
                x.originalLink.push_back(-1);
                e.links.push_back(t);
            }
        }
    }
    x.messages.push_back(std::to_string(x.junctions) + " junctions expanded into " +
                         std::to_string(x.turns.size()) + " turning movements (" +
                         std::to_string(x.bannedTurns) + " banned)");
    return x;
}

std::vector<double> originalFlows(const ExpandedNetwork& x, const std::vector<double>& flow) {
    std::vector<double> out(x.expandedLink.size(), 0.0);
    for (std::size_t a = 0; a < out.size(); ++a)
        out[a] = flow[static_cast<std::size_t>(x.expandedLink[a])];
    return out;
}

}  // namespace citytwin::traffic

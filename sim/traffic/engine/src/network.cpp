#include "citytwin/traffic/network.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "citytwin/core/error.h"

namespace citytwin::traffic {

namespace {

std::string linkName(const Network& network, std::size_t index) {
    const Link& l = network.links[index];
    std::ostringstream s;
    // 1-based node numbers, as in the TNTP files and most sources.
    s << "link " << index << " (" << l.tail + 1 << "->" << l.head + 1 << ")";
    return s.str();
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

// x^beta for x >= 0, with the common powers exact and fast.
double power(double x, double beta) {
    if (beta == 4.0) {
        const double x2 = x * x;
        return x2 * x2;
    }
    if (beta == 1.0) return x;
    if (beta == 0.0) return 1.0;
    return std::pow(x, beta);
}

}  // namespace

// BPR (Bureau of Public Roads 1964, Traffic Assignment Manual): t = t0 (1 + alpha (x/c)^beta).
// A flow of 0 has ratio 0 whatever the capacity (a capacity of 0 then gives the free-flow time).
static double ratio(const Link& link, double flow) {
    return flow > 0 ? flow / link.capacity : 0.0;
}

double bprTime(const Link& link, double flow) {
    if (link.alpha == 0.0) return link.freeFlowTime;
    const double r = ratio(link, flow);
    return link.freeFlowTime * (1.0 + link.alpha * power(r, link.beta));
}

double bprTimeDerivative(const Link& link, double flow) {
    if (link.beta == 0.0 || link.alpha == 0.0) return 0.0;
    const double r = ratio(link, flow);
    return link.freeFlowTime * link.alpha * link.beta * power(r, link.beta - 1.0) / link.capacity;
}

// integral_0^x t0 (1 + alpha (s/c)^beta) ds = t0 (x + alpha x^(beta+1) / ((beta+1) c^beta)).
double bprTimeIntegral(const Link& link, double flow) {
    const double x = std::max(flow, 0.0);
    if (link.alpha == 0.0) return link.freeFlowTime * x;
    const double r = ratio(link, x);
    return link.freeFlowTime * x * (1.0 + link.alpha * power(r, link.beta) / (link.beta + 1.0));
}

std::vector<Problem> checkNetwork(const Network& network) {
    std::vector<Problem> problems;
    auto add = [&](const std::string& message) { problems.push_back({"network", message}); };
    if (network.nodeCount <= 0) add("the network has no nodes");
    if (network.zoneCount < 0 || network.zoneCount > network.nodeCount)
        add("zone count " + std::to_string(network.zoneCount) + " is not within 0.." +
            std::to_string(network.nodeCount) + " (the node count)");
    if (network.firstThroughNode < 0 || network.firstThroughNode > network.nodeCount)
        add("first through node " + std::to_string(network.firstThroughNode + 1) + " is not a node");
    if (!network.nodeX.empty() && (network.nodeX.size() != static_cast<std::size_t>(network.nodeCount) ||
                                   network.nodeY.size() != network.nodeX.size()))
        add("node coordinates are given for " + std::to_string(network.nodeX.size()) + " of " +
            std::to_string(network.nodeCount) + " nodes");
    if (!std::isfinite(network.tollWeight) || network.tollWeight < 0)
        problems.push_back({"toll_weight", "toll weight " + number(network.tollWeight) + " is not >= 0"});
    if (!std::isfinite(network.distanceWeight) || network.distanceWeight < 0)
        problems.push_back(
            {"distance_weight", "distance weight " + number(network.distanceWeight) + " is not >= 0"});
    const std::size_t limit = 50;  // a broken file would otherwise give one problem per link
    std::size_t linkProblems = 0;
    for (std::size_t i = 0; i < network.links.size(); ++i) {
        const Link& l = network.links[i];
        std::vector<std::string> bad;
        if (l.tail < 0 || l.tail >= network.nodeCount || l.head < 0 || l.head >= network.nodeCount) {
            bad.push_back("a node is not within 1.." + std::to_string(network.nodeCount));
        }
        if (!(std::isfinite(l.capacity) && l.capacity >= 0))
            bad.push_back("capacity " + number(l.capacity) + " is not >= 0");
        if (!(std::isfinite(l.freeFlowTime) && l.freeFlowTime >= 0))
            bad.push_back("free-flow time " + number(l.freeFlowTime) + " is not >= 0");
        if (!(std::isfinite(l.length) && l.length >= 0))
            bad.push_back("length " + number(l.length) + " is not >= 0");
        if (!(std::isfinite(l.alpha) && l.alpha >= 0))
            bad.push_back("BPR alpha " + number(l.alpha) + " is not >= 0");
        // 0 < beta < 1 would have an infinite derivative at zero flow (no Newton step).
        if (!(std::isfinite(l.beta) && (l.beta == 0 || l.beta >= 1)))
            bad.push_back("BPR beta " + number(l.beta) + " is not 0 or >= 1");
        if (!(std::isfinite(l.toll) && l.toll >= 0)) bad.push_back("toll " + number(l.toll) + " is not >= 0");
        if (bad.empty()) continue;
        if (++linkProblems > limit) continue;
        std::string message = linkName(network, i) + ": ";
        for (std::size_t k = 0; k < bad.size(); ++k)
            message += (k ? "; " : "") + bad[k];
        add(message);
    }
    if (linkProblems > limit)
        add(std::to_string(linkProblems - limit) + " more links have problems (first " +
            std::to_string(limit) + " listed)");
    if (network.links.empty() && network.nodeCount > 0) add("the network has no links");
    return problems;
}

bool carriesNoFlow(const Link& l) {
    return l.closed || l.tail == l.head ||
           (l.capacity == 0.0 && l.alpha > 0 && l.beta > 0 && l.freeFlowTime > 0);
}

NetworkNotes inspectNetwork(const Network& network) {
    NetworkNotes notes;
    std::vector<std::size_t> loops, dups, zero, high;
    std::map<std::pair<int, int>, std::size_t> seen;
    for (std::size_t i = 0; i < network.links.size(); ++i) {
        const Link& l = network.links[i];
        if (l.tail == l.head) loops.push_back(i);
        if (!seen.emplace(std::make_pair(l.tail, l.head), i).second) dups.push_back(i);
        if (l.capacity == 0.0 && l.alpha > 0 && l.beta > 0 && l.freeFlowTime > 0 && l.tail != l.head)
            zero.push_back(i);
        if (l.beta > 16) high.push_back(i);
        notes.largestPower = std::max(notes.largestPower, l.beta);
    }
    notes.selfLoops = loops.size();
    notes.duplicates = dups.size();
    notes.zeroCapacity = zero.size();
    notes.highPowers = high.size();
    const auto some = [&](const std::vector<std::size_t>& ids) {
        std::string s;
        for (std::size_t k = 0; k < ids.size() && k < 3; ++k)
            s += (k ? ", " : "") + linkName(network, ids[k]);
        if (ids.size() > 3) s += ", ...";
        return s;
    };
    if (!loops.empty())
        notes.messages.push_back(std::to_string(loops.size()) +
                                 " self-loop links (from a node to itself) carry no flow: " + some(loops));
    if (!dups.empty())
        notes.messages.push_back(
            std::to_string(dups.size()) +
            " links repeat the nodes of an earlier link and are kept as parallel links: " + some(dups));
    if (!zero.empty())
        notes.messages.push_back(
            std::to_string(zero.size()) +
            " links with capacity 0 and a flow-dependent cost are impassable and carry no "
            "flow: " +
            some(zero));
    if (!high.empty())
        notes.messages.push_back(std::to_string(high.size()) + " links have BPR powers above 16 (up to " +
                                 number(notes.largestPower) +
                                 "): legal, their cost rises steeply above capacity: " + some(high));
    return notes;
}

std::vector<Problem> checkEdits(const Network& network, const NetworkEdits& edits) {
    std::vector<Problem> problems;
    const int n = static_cast<int>(network.links.size());
    for (int id : edits.closedLinks)
        if (id < 0 || id >= n)
            problems.push_back({"closed_links", "closed link " + std::to_string(id) +
                                                    " does not exist (links are 0.." + std::to_string(n - 1) +
                                                    ")"});
    for (const auto& [id, factor] : edits.capacityFactors) {
        if (id < 0 || id >= n)
            problems.push_back({"capacity_changes", "link " + std::to_string(id) + " does not exist"});
        if (!(std::isfinite(factor) && factor > 0))
            problems.push_back({"capacity_changes", "capacity factor " + number(factor) + " of link " +
                                                        std::to_string(id) +
                                                        " is not > 0 (close the link instead)"});
    }
    for (std::size_t i = 0; i < edits.addedLinks.size(); ++i) {
        Network probe;
        probe.nodeCount = network.nodeCount;
        probe.zoneCount = network.zoneCount;
        probe.firstThroughNode = network.firstThroughNode;
        probe.links = {edits.addedLinks[i].link};
        for (const Problem& p : checkNetwork(probe)) {
            std::string message = p.message;
            const std::string prefix = "link 0 ";
            if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
            const std::string& label = edits.addedLinks[i].label;
            problems.push_back({"added_links", "added link " + std::to_string(i) +
                                                   (label.empty() ? "" : " '" + label + "'") + " " +
                                                   message});
        }
    }
    return problems;
}

Network applyEdits(const Network& network, const NetworkEdits& edits) {
    const std::vector<Problem> problems = checkEdits(network, edits);
    if (!problems.empty())
        throw core::Error(core::ErrorCode::Validation, problems.front().message,
                          {{}, {}, problems.front().parameter});
    Network out = network;
    for (const auto& [id, factor] : edits.capacityFactors)
        out.links[static_cast<std::size_t>(id)].capacity *= factor;
    for (int id : edits.closedLinks)
        out.links[static_cast<std::size_t>(id)].closed = true;
    for (const AddedLink& a : edits.addedLinks)
        out.links.push_back(a.link);
    return out;
}

int findLink(const Network& network, int tail, int head) {
    for (std::size_t i = 0; i < network.links.size(); ++i) {
        const Link& l = network.links[i];
        if (l.tail == tail && l.head == head && !l.closed) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace citytwin::traffic

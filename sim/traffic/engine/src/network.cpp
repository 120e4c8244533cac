#include "citytwin/traffic/network.h"

#include <cmath>
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
double bprTime(const Link& link, double flow) {
    const double r = std::max(flow, 0.0) / link.capacity;
    return link.freeFlowTime * (1.0 + link.alpha * power(r, link.beta));
}

double bprTimeDerivative(const Link& link, double flow) {
    if (link.beta == 0.0) return 0.0;
    const double r = std::max(flow, 0.0) / link.capacity;
    return link.freeFlowTime * link.alpha * link.beta * power(r, link.beta - 1.0) / link.capacity;
}

// integral_0^x t0 (1 + alpha (s/c)^beta) ds = t0 (x + alpha x^(beta+1) / ((beta+1) c^beta)).
double bprTimeIntegral(const Link& link, double flow) {
    const double x = std::max(flow, 0.0);
    const double r = x / link.capacity;
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
        } else if (l.tail == l.head) {
            bad.push_back("it starts and ends at the same node");
        }
        if (!(std::isfinite(l.capacity) && l.capacity > 0))
            bad.push_back("capacity " + number(l.capacity) + " is not > 0");
        if (!(std::isfinite(l.freeFlowTime) && l.freeFlowTime >= 0))
            bad.push_back("free-flow time " + number(l.freeFlowTime) + " is not >= 0");
        if (!(std::isfinite(l.length) && l.length >= 0))
            bad.push_back("length " + number(l.length) + " is not >= 0");
        if (!(std::isfinite(l.alpha) && l.alpha >= 0))
            bad.push_back("BPR alpha " + number(l.alpha) + " is not >= 0");
        // 0 < beta < 1 would have an infinite derivative at zero flow (no Newton step).
        if (!(std::isfinite(l.beta) && (l.beta == 0 || (l.beta >= 1 && l.beta <= 16))))
            bad.push_back("BPR beta " + number(l.beta) + " is not 0 or within 1..16");
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

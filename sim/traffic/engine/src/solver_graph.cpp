#include "solver_graph.h"

#include <algorithm>

namespace citytwin::traffic::detail {

namespace {

/// Compressed adjacency of the original links (open ones only).
struct Adjacency {
    std::vector<std::int32_t> outStart, outLink, inStart, inLink;
};

Adjacency adjacency(const Network& net, const std::vector<char>& alive) {
    Adjacency a;
    const auto n = static_cast<std::size_t>(net.nodeCount);
    a.outStart.assign(n + 1, 0);
    a.inStart.assign(n + 1, 0);
    for (std::size_t l = 0; l < net.links.size(); ++l) {
        if (!alive[l]) continue;
        ++a.outStart[static_cast<std::size_t>(net.links[l].tail) + 1];
        ++a.inStart[static_cast<std::size_t>(net.links[l].head) + 1];
    }
    for (std::size_t v = 0; v < n; ++v) {
        a.outStart[v + 1] += a.outStart[v];
        a.inStart[v + 1] += a.inStart[v];
    }
    a.outLink.resize(static_cast<std::size_t>(a.outStart[n]));
    a.inLink.resize(static_cast<std::size_t>(a.inStart[n]));
    std::vector<std::int32_t> o(a.outStart.begin(), a.outStart.end() - 1);
    std::vector<std::int32_t> i(a.inStart.begin(), a.inStart.end() - 1);
    for (std::size_t l = 0; l < net.links.size(); ++l) {
        if (!alive[l]) continue;
        a.outLink[static_cast<std::size_t>(o[static_cast<std::size_t>(net.links[l].tail)]++)] =
            static_cast<std::int32_t>(l);
        a.inLink[static_cast<std::size_t>(i[static_cast<std::size_t>(net.links[l].head)]++)] =
            static_cast<std::int32_t>(l);
    }
    return a;
}

}  // namespace

SolverGraph buildSolverGraph(const Network& net, double tollWeight, double distanceWeight, bool systemOptimum,
                             bool contract) {
    SolverGraph g;
    g.nodeCount = net.nodeCount;
    g.zoneCount = net.zoneCount;
    g.firstThroughNode = net.firstThroughNode;
    const auto n = static_cast<std::size_t>(net.nodeCount);
    const std::size_t m = net.links.size();

    std::vector<char> alive(m, 0);
    for (std::size_t l = 0; l < m; ++l)
        alive[l] = !carriesNoFlow(net.links[l]);
    Adjacency adj = adjacency(net, alive);
    std::vector<int> indeg(n, 0), outdeg(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
        outdeg[v] = adj.outStart[v + 1] - adj.outStart[v];
        indeg[v] = adj.inStart[v + 1] - adj.inStart[v];
    }

    // Remove links no trip can use: into a non-zone node with no way out, out of a non-zone node with no way
    // in, and through non-zone nodes below the first through node. Repeated until nothing changes.
    const auto useless = [&](std::size_t v) {
        return static_cast<int>(v) >= net.zoneCount && (indeg[v] + outdeg[v] > 0) &&
               (indeg[v] == 0 || outdeg[v] == 0 || static_cast<int>(v) < net.firstThroughNode);
    };
    std::vector<std::size_t> queue;
    for (std::size_t v = 0; v < n; ++v)
        if (useless(v)) queue.push_back(v);
    while (!queue.empty()) {
        const std::size_t v = queue.back();
        queue.pop_back();
        if (!useless(v)) continue;
        const auto kill = [&](std::int32_t l) {
            if (!alive[static_cast<std::size_t>(l)]) return;
            alive[static_cast<std::size_t>(l)] = 0;
            ++g.prunedLinks;
            const auto t = static_cast<std::size_t>(net.links[static_cast<std::size_t>(l)].tail);
            const auto h = static_cast<std::size_t>(net.links[static_cast<std::size_t>(l)].head);
            --outdeg[t];
            --indeg[h];
            if (useless(t)) queue.push_back(t);
            if (useless(h)) queue.push_back(h);
        };
        for (std::int32_t k = adj.outStart[v]; k < adj.outStart[v + 1]; ++k)
            kill(adj.outLink[static_cast<std::size_t>(k)]);
        for (std::int32_t k = adj.inStart[v]; k < adj.inStart[v + 1]; ++k)
            kill(adj.inLink[static_cast<std::size_t>(k)]);
    }
    adj = adjacency(net, alive);

    // Chain nodes: passable non-zone nodes with one link in and one out (to another node), or a two-way
    // street node whose two links in come from the two nodes its two links out go to. All links of a chain
    // must share one BPR power so that the chain keeps the form fixed + coef * x^beta.
    std::vector<char> chain(n, 0);
    if (contract) {
        for (std::size_t v = 0; v < n; ++v) {
            if (static_cast<int>(v) < net.zoneCount || static_cast<int>(v) < net.firstThroughNode) continue;
            const int in = adj.inStart[v + 1] - adj.inStart[v];
            const int out = adj.outStart[v + 1] - adj.outStart[v];
            if (in != out || (in != 1 && in != 2)) continue;
            const Link* ins[2];
            const Link* outs[2];
            for (int k = 0; k < in; ++k) {
                ins[k] = &net.links[static_cast<std::size_t>(
                    adj.inLink[static_cast<std::size_t>(adj.inStart[v] + k)])];
                outs[k] = &net.links[static_cast<std::size_t>(
                    adj.outLink[static_cast<std::size_t>(adj.outStart[v] + k)])];
            }
            bool ok = true;
            for (int k = 0; k < in; ++k)
                ok = ok && ins[k]->beta == ins[0]->beta && outs[k]->beta == ins[0]->beta;
            if (!ok) continue;
            if (in == 1) {
                chain[v] = ins[0]->tail != outs[0]->head;
            } else {
                const int a = ins[0]->tail, b = ins[1]->tail;
                chain[v] = a != b && ((outs[0]->head == a && outs[1]->head == b) ||
                                      (outs[0]->head == b && outs[1]->head == a));
            }
        }
    }

    g.solverLinkOf.assign(m, -1);
    g.memberStart.push_back(0);
    std::vector<std::int32_t> members;
    for (std::size_t l0 = 0; l0 < m; ++l0) {
        if (!alive[l0] || chain[static_cast<std::size_t>(net.links[l0].tail)]) continue;
        members.clear();
        auto l = static_cast<std::int32_t>(l0);
        members.push_back(l);
        int prev = net.links[l0].tail;
        int v = net.links[l0].head;
        while (chain[static_cast<std::size_t>(v)] && members.size() <= m) {
            std::int32_t next = -1;
            for (std::int32_t k = adj.outStart[static_cast<std::size_t>(v)];
                 k < adj.outStart[static_cast<std::size_t>(v) + 1]; ++k) {
                const std::int32_t c = adj.outLink[static_cast<std::size_t>(k)];
                if (net.links[static_cast<std::size_t>(c)].head != prev ||
                    adj.outStart[static_cast<std::size_t>(v) + 1] -
                            adj.outStart[static_cast<std::size_t>(v)] ==
                        1) {
                    next = c;
                    break;
                }
            }
            members.push_back(next);
            prev = v;
            v = net.links[static_cast<std::size_t>(next)].head;
        }
        if (v == net.links[l0].tail) continue;  // a loop back to where it started: never on a least-cost path
        const auto s = static_cast<std::int32_t>(g.tail.size());
        g.tail.push_back(net.links[l0].tail);
        g.head.push_back(v);
        LinkCost c;
        c.beta = net.links[l0].beta;
        c.quartic = c.beta == 4.0;
        for (std::int32_t a : members) {
            const Link& k = net.links[static_cast<std::size_t>(a)];
            g.member.push_back(a);
            g.solverLinkOf[static_cast<std::size_t>(a)] = s;
            c.fixed += k.freeFlowTime + tollWeight * k.toll + distanceWeight * k.length;
            // BPR: t0 alpha (x/cap)^beta = (t0 alpha / cap^beta) x^beta.
            if (k.freeFlowTime > 0 && k.alpha > 0)
                c.coef += k.freeFlowTime * k.alpha / std::pow(k.capacity, k.beta);
        }
        // System optimum: the marginal cost d(x t(x))/dx = t0 + (beta+1) coef x^beta (Beckmann et al. 1956).
        if (systemOptimum) c.coef *= c.beta + 1.0;
        g.cost.push_back(c);
        g.memberStart.push_back(static_cast<std::int32_t>(g.member.size()));
    }
    for (std::size_t v = 0; v < n; ++v)
        g.contractedNodes += chain[v];
    for (std::size_t l = 0; l < m; ++l)
        if (alive[l] && g.solverLinkOf[l] < 0) ++g.prunedLinks;  // isolated loops of chain nodes

    g.outStart.assign(n + 1, 0);
    for (std::int32_t t : g.tail)
        ++g.outStart[static_cast<std::size_t>(t) + 1];
    for (std::size_t v = 0; v < n; ++v)
        g.outStart[v + 1] += g.outStart[v];
    g.outLink.resize(g.tail.size());
    std::vector<std::int32_t> pos(g.outStart.begin(), g.outStart.end() - 1);
    for (std::size_t l = 0; l < g.tail.size(); ++l)
        g.outLink[static_cast<std::size_t>(pos[static_cast<std::size_t>(g.tail[l])]++)] =
            static_cast<std::int32_t>(l);
    return g;
}

}  // namespace citytwin::traffic::detail

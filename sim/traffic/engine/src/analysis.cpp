#include "citytwin/traffic/analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "citytwin/core/error.h"
#include "origin_flows.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;
using detail::Bush;
using detail::BushEdge;

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

const OriginFlows& originsOf(const AssignmentResult& r, const std::string& parameter) {
    if (!r.origins)
        throw Error(ErrorCode::Validation,
                    "the assignment kept no flows by origin (assign with keepOriginFlows)",
                    {{}, {}, parameter});
    return *r.origins;
}

/// Per bush position: flow arriving (in), leaving (out) and ending there (in - out, the demand).
struct NodeFlows {
    std::vector<double> in, out, ending;
    void compute(const Bush& b) {
        const std::size_t nb = b.node.size();
        in.assign(nb, 0.0);
        out.assign(nb, 0.0);
        ending.assign(nb, 0.0);
        for (std::size_t k = 1; k < nb; ++k)
            for (std::int32_t e = b.inStart[k]; e < b.inStart[k + 1]; ++e) {
                const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                in[k] += be.flow;
                out[static_cast<std::size_t>(be.tail)] += be.flow;
            }
        // Flows conserve to rounding: a difference below 1e-12 of the inflow is that, not a trip end.
        for (std::size_t k = 1; k < nb; ++k)
            ending[k] = in[k] - out[k] > 1e-12 * in[k] ? in[k] - out[k] : 0.0;
    }
    /// Only zones end trips: what is left at other nodes is rounding.
    void keepZones(const Bush& b, int zoneCount) {
        for (std::size_t k = 1; k < ending.size(); ++k)
            if (b.node[k] >= zoneCount) ending[k] = 0.0;
    }
};

/// Loads `ending` demand (per bush position) backwards on the bush in its flow shares: the flow of those
/// trips on each bush edge (added to `edgeFlow`, by solver link, times `scale`).
void loadBackwards(const Bush& b, const NodeFlows& nf, std::vector<double>& ending,
                   std::vector<double>& edgeFlow, double scale) {
    const std::size_t nb = b.node.size();
    for (std::size_t k = nb; k-- > 1;) {
        if (!(ending[k] > 0) || !(nf.in[k] > 0)) continue;
        const double share = ending[k] / nf.in[k];
        for (std::int32_t e = b.inStart[k]; e < b.inStart[k + 1]; ++e) {
            const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
            const double f = be.flow * share;
            edgeFlow[static_cast<std::size_t>(be.link)] += f * scale;
            ending[static_cast<std::size_t>(be.tail)] += f;
        }
    }
}

/// Solver-link values to the network's links (every member of a chain carries its solver link's flow).
std::vector<double> toLinks(const OriginFlows& of, const std::vector<double>& solverValue) {
    std::vector<double> out(of.linkCount, 0.0);
    for (std::size_t a = 0; a < of.linkCount; ++a) {
        const std::int32_t l = of.graph.solverLinkOf[a];
        if (l >= 0) out[a] = solverValue[static_cast<std::size_t>(l)];
    }
    return out;
}

}  // namespace

SelectLinkResult selectLink(const AssignmentResult& result, const std::vector<int>& links) {
    const OriginFlows& of = originsOf(result, "select_links");
    const detail::SolverGraph& g = of.graph;
    std::vector<std::uint8_t> selected(static_cast<std::size_t>(g.linkCount()), 0);
    for (int a : links) {
        if (a < 0 || static_cast<std::size_t>(a) >= of.linkCount)
            throw Error(ErrorCode::Validation,
                        "selected link " + std::to_string(a) + " does not exist (links are 0.." +
                            std::to_string(of.linkCount - 1) + ")",
                        {{}, {}, "select_links"});
        const std::int32_t l = g.solverLinkOf[static_cast<std::size_t>(a)];
        if (l >= 0) selected[static_cast<std::size_t>(l)] = 1;  // a link no trip can use selects nothing
    }
    SelectLinkResult out;
    std::vector<double> solverFlow(static_cast<std::size_t>(g.linkCount()), 0.0);
    std::vector<OdPair> cells;
    NodeFlows nf;
    std::vector<double> before, after;
    for (std::size_t i = 0; i < of.bushes.bushes.size(); ++i) {
        const Bush& b = of.bushes.bushes[i];
        const double pce = of.pce[static_cast<std::size_t>(of.bushes.cls[i])];
        const std::size_t nb = b.node.size();
        nf.compute(b);
        nf.keepZones(b, of.zoneCount);
        // before[k]: share of the flow arriving at k that has passed a selected link;
        // after[k]: share of the flow at k (not ending there) that will pass one.
        before.assign(nb, 0.0);
        after.assign(nb, 0.0);
        for (std::size_t k = 1; k < nb; ++k) {
            if (!(nf.in[k] > 0)) continue;
            double s = 0.0;
            for (std::int32_t e = b.inStart[k]; e < b.inStart[k + 1]; ++e) {
                const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                s += be.flow * (selected[static_cast<std::size_t>(be.link)]
                                    ? 1.0
                                    : before[static_cast<std::size_t>(be.tail)]);
            }
            before[k] = s / nf.in[k];
        }
        // after: by the share of the flow present at the tail that takes each edge.
        std::vector<double> willPass(nb, 0.0);  // sum over out-edges of flow x (selected or after[head])
        for (std::size_t k = nb; k-- > 1;) {
            const double present = nf.in[k];
            after[k] = present > 0 ? willPass[k] / present : 0.0;
            for (std::int32_t e = b.inStart[k]; e < b.inStart[k + 1]; ++e) {
                const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                willPass[static_cast<std::size_t>(be.tail)] +=
                    be.flow * (selected[static_cast<std::size_t>(be.link)] ? 1.0 : after[k]);
            }
        }
        for (std::size_t k = 1; k < nb; ++k)
            for (std::int32_t e = b.inStart[k]; e < b.inStart[k + 1]; ++e) {
                const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                const double p = before[static_cast<std::size_t>(be.tail)];
                const double w = selected[static_cast<std::size_t>(be.link)] ? 1.0 : after[k];
                solverFlow[static_cast<std::size_t>(be.link)] +=
                    be.flow * (1.0 - (1.0 - p) * (1.0 - w)) / pce;
            }
        for (std::size_t k = 1; k < nb; ++k) {
            const double q = nf.ending[k] * before[k] / pce;
            if (q > 0) cells.push_back({b.node[0], b.node[k], q});
        }
    }
    out.flow = toLinks(of, solverFlow);
    out.demand = OdMatrix::fromPairs(of.zoneCount, std::move(cells));
    out.total = out.demand.total();
    return out;
}

SelectZoneResult selectZone(const AssignmentResult& result, int zone, ZoneDirection direction) {
    const OriginFlows& of = originsOf(result, "select_zone");
    if (zone < 0 || zone >= of.zoneCount)
        throw Error(ErrorCode::Validation,
                    "zone " + std::to_string(zone + 1) + " does not exist (zones are 1.." +
                        std::to_string(of.zoneCount) + ")",
                    {{}, {}, "select_zone"});
    const detail::SolverGraph& g = of.graph;
    std::vector<double> solverFlow(static_cast<std::size_t>(g.linkCount()), 0.0);
    std::vector<OdPair> cells;
    NodeFlows nf;
    std::vector<double> ending;
    const bool from = direction != ZoneDirection::To, to = direction != ZoneDirection::From;
    for (std::size_t i = 0; i < of.bushes.bushes.size(); ++i) {
        const Bush& b = of.bushes.bushes[i];
        const double pce = of.pce[static_cast<std::size_t>(of.bushes.cls[i])];
        const std::size_t nb = b.node.size();
        nf.compute(b);
        nf.keepZones(b, of.zoneCount);
        if (from && b.node[0] == zone) {  // every trip of this bush
            for (const BushEdge& e : b.edge)
                solverFlow[static_cast<std::size_t>(e.link)] += e.flow / pce;
            for (std::size_t k = 1; k < nb; ++k)
                if (nf.ending[k] > 0) cells.push_back({zone, b.node[k], nf.ending[k] / pce});
            continue;
        }
        if (!to) continue;
        ending.assign(nb, 0.0);
        for (std::size_t k = 1; k < nb; ++k)
            if (b.node[k] == zone) {
                ending[k] = nf.ending[k];
                if (ending[k] > 0) cells.push_back({b.node[0], zone, ending[k] / pce});
            }
        loadBackwards(b, nf, ending, solverFlow, 1.0 / pce);
    }
    SelectZoneResult out;
    out.flow = toLinks(of, solverFlow);
    out.demand = OdMatrix::fromPairs(of.zoneCount, std::move(cells));
    return out;
}

double geh(double m, double c) {
    const double s = m + c;
    return s > 0 ? std::sqrt(2.0 * (m - c) * (m - c) / s) : 0.0;
}

CountComparison compareCounts(const std::vector<double>& flow, const std::vector<CountObservation>& counts) {
    CountComparison out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const CountObservation& c : counts) {
        const std::string name = "count '" + c.id + "'";
        if (c.links.empty()) throw Error(ErrorCode::Validation, name + " is on no link", {{}, {}, "counts"});
        double m = 0.0;
        for (int a : c.links) {
            if (a < 0 || static_cast<std::size_t>(a) >= flow.size())
                throw Error(ErrorCode::Validation,
                            name + " is on link " + std::to_string(a) + ", which does not exist",
                            {{}, {}, "counts"});
            m += flow[static_cast<std::size_t>(a)];
        }
        if (!(std::isfinite(c.count) && c.count >= 0))
            throw Error(ErrorCode::Validation, name + ": " + number(c.count) + " is not a count >= 0",
                        {{}, {}, "counts"});
        out.rows.push_back({c.id, c.links, c.count, m, geh(m, c.count)});
    }
    const auto n = static_cast<double>(out.rows.size());
    if (out.rows.empty()) {
        out.gehBelow5Share = out.meanGeh = out.slope = out.intercept = out.r2 = out.rmsePercent = nan;
        return out;
    }
    double below = 0.0, sumGeh = 0.0, sc = 0.0, sm = 0.0;
    for (const CountComparison::Row& r : out.rows) {
        below += r.geh < 5.0 ? 1.0 : 0.0;
        sumGeh += r.geh;
        sc += r.count;
        sm += r.modelled;
    }
    out.gehBelow5Share = below / n;
    out.meanGeh = sumGeh / n;
    const double mc = sc / n, mm = sm / n;
    double sxx = 0.0, sxy = 0.0, syy = 0.0, sse = 0.0;
    for (const CountComparison::Row& r : out.rows) {
        sxx += (r.count - mc) * (r.count - mc);
        sxy += (r.count - mc) * (r.modelled - mm);
        syy += (r.modelled - mm) * (r.modelled - mm);
        sse += (r.modelled - r.count) * (r.modelled - r.count);
    }
    if (out.rows.size() >= 2 && sxx > 0) {
        out.slope = sxy / sxx;
        out.intercept = mm - out.slope * mc;
        out.r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
    } else {
        out.slope = out.intercept = out.r2 = nan;
    }
    out.rmsePercent = mc > 0 ? 100.0 * std::sqrt(sse / n) / mc : nan;
    return out;
}

MatrixAdjustmentResult adjustToCounts(const Network& network, const OdMatrix& prior,
                                      const std::vector<CountObservation>& counts,
                                      const AssignmentOptions& options,
                                      const MatrixAdjustmentOptions& adjustment,
                                      const ProgressFunction& progress, const CancelFunction& cancel) {
    if (adjustment.iterations < 1 || adjustment.iterations > 1000)
        throw Error(
            ErrorCode::Validation,
            "adjustment iterations " + std::to_string(adjustment.iterations) + " is not within 1..1000",
            {{}, {}, "adjustment_iterations"});
    if (counts.empty())
        throw Error(ErrorCode::Validation, "no counts to adjust the matrix to", {{}, {}, "counts"});
    MatrixAdjustmentResult out;
    std::vector<OdPair> cells = prior.pairs();
    AssignmentOptions o = options;
    o.keepOriginFlows = true;
    const int steps = adjustment.iterations;
    const auto stage = [&](int k) {
        return [&, k](double f, const std::string& s) {
            if (progress)
                progress((k + f) / (steps + 1), "matrix adjustment step " + std::to_string(k + 1) + ": " + s);
        };
    };
    const auto objective = [](const CountComparison& c) {
        double z = 0.0;
        for (const CountComparison::Row& r : c.rows)
            z += 0.5 * (r.modelled - r.count) * (r.modelled - r.count);
        return z;
    };
    AssignmentResult r = assign(network, prior, o, stage(0), cancel);
    out.before = compareCounts(r.flow, counts);
    out.objective.push_back(objective(out.before));
    for (int k = 0; k < steps; ++k) {
        if (r.status == AssignmentStatus::Cancelled) {
            out.cancelled = true;
            break;
        }
        const OriginFlows& of = *r.origins;
        const detail::SolverGraph& g = of.graph;
        const auto ls = static_cast<std::size_t>(g.linkCount());
        // Residuals v_a - c_a on the counted links, summed per solver link (a chain counts each member).
        std::vector<double> eps(ls, 0.0);
        const CountComparison now = compareCounts(r.flow, counts);
        for (std::size_t i = 0; i < counts.size(); ++i)
            for (int a : counts[i].links) {
                const std::int32_t l = g.solverLinkOf[static_cast<std::size_t>(a)];
                if (l >= 0) eps[static_cast<std::size_t>(l)] += now.rows[i].modelled - counts[i].count;
            }
        // Gradient per OD cell: the mean residual sum along the origin's routes to the destination.
        const OdMatrix current = OdMatrix::fromPairs(prior.zoneCount(), cells);
        std::vector<double> grad(current.cellCount(), 0.0);
        std::vector<std::int32_t> posOf(static_cast<std::size_t>(g.nodeCount), -1);
        std::vector<double> mean, ending, dflow(ls, 0.0);
        NodeFlows nf;
        std::vector<std::size_t> bushOf(static_cast<std::size_t>(current.zoneCount()), SIZE_MAX);
        for (std::size_t i = 0; i < of.bushes.bushes.size(); ++i)
            bushOf[static_cast<std::size_t>(of.bushes.origin[i])] = i;
        double gmax = 0.0;
        for (int oz = 0; oz < current.zoneCount(); ++oz) {
            const std::size_t bi = bushOf[static_cast<std::size_t>(oz)];
            if (bi == SIZE_MAX) continue;
            const Bush& b = of.bushes.bushes[bi];
            const std::size_t nb = b.node.size();
            nf.compute(b);
            mean.assign(nb, 0.0);
            for (std::size_t p = 1; p < nb; ++p) {
                if (!(nf.in[p] > 0)) continue;
                double s = 0.0;
                for (std::int32_t e = b.inStart[p]; e < b.inStart[p + 1]; ++e) {
                    const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                    s += be.flow *
                         (mean[static_cast<std::size_t>(be.tail)] + eps[static_cast<std::size_t>(be.link)]);
                }
                mean[p] = s / nf.in[p];
            }
            for (std::size_t p = 0; p < nb; ++p)
                posOf[static_cast<std::size_t>(b.node[p])] = static_cast<std::int32_t>(p);
            ending.assign(nb, 0.0);
            for (std::size_t c = current.begin(oz); c < current.end(oz); ++c) {
                const std::int32_t p = posOf[static_cast<std::size_t>(current.destinations()[c])];
                if (p <= 0) continue;  // intrazonal or unreachable: not assigned, not adjusted
                grad[c] = mean[static_cast<std::size_t>(p)];
                if (grad[c] > 0) gmax = std::max(gmax, grad[c]);
                // Direction of the cells: -g dZ/dg, loaded on the bush for the link flow derivative v'.
                ending[static_cast<std::size_t>(p)] += -current.demands()[c] * grad[c];
            }
            // Backwards loading in the bush's shares (negative loads are fine: it is linear).
            for (std::size_t p = nb; p-- > 1;) {
                if (ending[p] == 0.0 || !(nf.in[p] > 0)) continue;
                const double share = ending[p] / nf.in[p];
                for (std::int32_t e = b.inStart[p]; e < b.inStart[p + 1]; ++e) {
                    const BushEdge& be = b.edge[static_cast<std::size_t>(e)];
                    const double f = be.flow * share;
                    dflow[static_cast<std::size_t>(be.link)] += f;
                    ending[static_cast<std::size_t>(be.tail)] += f;
                }
            }
            for (std::int32_t v : b.node)
                posOf[static_cast<std::size_t>(v)] = -1;
        }
        // Optimal step along the direction on the counted links, bounded so that no cell turns negative.
        double num = 0.0, den = 0.0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            double vp = 0.0;
            for (int a : counts[i].links) {
                const std::int32_t l = g.solverLinkOf[static_cast<std::size_t>(a)];
                if (l >= 0) vp += dflow[static_cast<std::size_t>(l)];
            }
            num += vp * (counts[i].count - now.rows[i].modelled);
            den += vp * vp;
        }
        if (!(den > 0)) break;  // the counted links carry none of the adjustable demand
        double lambda = num / den;
        if (gmax > 0) lambda = std::min(lambda, 1.0 / gmax);
        if (!(lambda > 0)) break;  // already at the least squares optimum for these routes
        cells.clear();
        for (int oz = 0; oz < current.zoneCount(); ++oz)
            for (std::size_t c = current.begin(oz); c < current.end(oz); ++c)
                cells.push_back({oz, current.destinations()[c],
                                 std::max(0.0, current.demands()[c] * (1.0 - lambda * grad[c]))});
        o.warmStart = r.origins;
        r = assign(network, OdMatrix::fromPairs(prior.zoneCount(), cells), o, stage(k + 1), cancel);
        o.warmStart.reset();
        out.iterations = k + 1;
        out.objective.push_back(objective(compareCounts(r.flow, counts)));
        if (cancel && cancel()) {
            out.cancelled = true;
            break;
        }
    }
    out.adjusted = OdMatrix::fromPairs(prior.zoneCount(), std::move(cells));
    out.after = compareCounts(r.flow, counts);
    r.origins.reset();
    out.assignment = std::move(r);
    return out;
}

}  // namespace citytwin::traffic

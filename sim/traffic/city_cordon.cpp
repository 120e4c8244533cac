// The cordon of the city model (external zones where roads leave it, their flows and the through trips)
// and the control of its junctions.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "city_network.h"
#include "citytwin/core/data_dir.h"
#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;
using core::Point;

std::string number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

double distance(const Point& a, const Point& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

/// Classes that do not end in the middle of a town: a dead end of one is where the model cuts it.
bool isThroughClass(const std::string& c) {
    static const std::set<std::string> classes = {"motorway", "motorway_link", "trunk",     "trunk_link",
                                                  "primary",  "primary_link",  "secondary", "secondary_link",
                                                  "tertiary", "tertiary_link"};
    return classes.count(c) > 0;
}

}  // namespace

CordonDefaults readCordonDefaults(const std::string& path) {
    const CsvTable t = readCsvTable(path);
    const int cc = t.require({"class"}), vc = t.require({"volume_capacity"}),
              sc = t.require({"through_share"});
    CordonDefaults out;
    out.source = path;
    for (const CsvRow& row : t.rows) {
        const std::string& c = t.cell(row, cc);
        if (c.empty()) throw t.error(row, cc, "the class is empty");
        CordonClassDefault d;
        d.volumeCapacity = t.number(row, vc);
        d.throughShare = t.number(row, sc);
        if (d.volumeCapacity < 0 || d.volumeCapacity > 2)
            throw t.error(row, vc, "volume/capacity " + t.cell(row, vc) + " is not within 0..2");
        if (d.throughShare < 0 || d.throughShare > 1)
            throw t.error(row, sc, "through share " + t.cell(row, sc) + " is not within 0..1");
        if (!out.byClass.emplace(c, d).second)
            throw t.error(row, cc, "class '" + c + "' is given a second time");
    }
    return out;
}

CordonDefaults defaultCordonDefaults() {
    return readCordonDefaults(core::dataDirectory() + "/traffic/cordon_defaults.csv");
}

std::vector<CordonStation> findCordonStations(const core::CityModel& model, const RoadGraph& graph,
                                              const CordonOptions& o, std::vector<std::string>* messages) {
    if (!std::isnan(o.throughShare) && !(o.throughShare >= 0 && o.throughShare <= 1))
        throw Error(ErrorCode::Validation, "through share " + number(o.throughShare) + " is not within 0..1",
                    {{}, {}, "through_share"});
    if (!(o.scale >= 0 && o.scale <= 10))
        throw Error(ErrorCode::Validation, "cordon scale " + number(o.scale) + " is not within 0..10",
                    {{}, {}, "cordon_scale"});
    const std::size_t n = graph.nodes.size();
    std::vector<std::set<int>> neighbours(n);
    std::vector<int> inLink(n, -1), outLink(n, -1);
    for (std::size_t k = 0; k < graph.links.size(); ++k) {
        const RoadLink& l = graph.links[k];
        neighbours[static_cast<std::size_t>(l.from)].insert(l.to);
        neighbours[static_cast<std::size_t>(l.to)].insert(l.from);
        outLink[static_cast<std::size_t>(l.from)] = static_cast<int>(k);
        inLink[static_cast<std::size_t>(l.to)] = static_cast<int>(k);
    }
    core::Box extent;
    for (const RoadLink& l : graph.links)
        extent.expand(core::bounds(l.line));
    const auto nearEdge = [&](const Point& p) {
        const double d =
            std::min({p.x - extent.minX, extent.maxX - p.x, p.y - extent.minY, extent.maxY - p.y});
        return d <= o.edgeMarginM;
    };
    // Stations only on the main network: a road end in a part of its own (a piece of road cut off by the
    // data's edge) would send traffic nowhere.
    std::vector<int> part(n, -1);
    std::vector<std::size_t> partSize;
    for (std::size_t v0 = 0; v0 < n; ++v0) {
        if (part[v0] >= 0) continue;
        const int id = static_cast<int>(partSize.size());
        std::vector<std::size_t> stack = {v0};
        part[v0] = id;
        std::size_t size = 0;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            ++size;
            for (int w : neighbours[v])
                if (part[static_cast<std::size_t>(w)] < 0) {
                    part[static_cast<std::size_t>(w)] = id;
                    stack.push_back(static_cast<std::size_t>(w));
                }
        }
        partSize.push_back(size);
    }
    const int mainPart =
        static_cast<int>(std::max_element(partSize.begin(), partSize.end()) - partSize.begin());
    std::vector<CordonStation> stations;
    for (std::size_t v = 0; v < n; ++v) {
        if (neighbours[v].size() != 1 || part[v] != mainPart) continue;
        const int any = outLink[v] >= 0 ? outLink[v] : inLink[v];
        const RoadLink& l = graph.links[static_cast<std::size_t>(any)];
        const auto def = o.defaults.byClass.find(l.roadClass);
        if (def == o.defaults.byClass.end() || !(def->second.volumeCapacity > 0)) continue;
        if (!isThroughClass(l.roadClass) && !nearEdge(graph.nodes[v])) continue;
        CordonStation s;
        s.node = static_cast<int>(v);
        s.road = l.road;
        s.roadClass = l.roadClass;
        s.roadName = model.roads[static_cast<std::size_t>(l.road)].name;
        s.point = graph.nodes[v];
        // Entering the model = leaving this end node; leaving it = arriving here.
        s.capacityIn = outLink[v] >= 0 ? graph.links[static_cast<std::size_t>(outLink[v])].capacity : 0.0;
        s.capacityOut = inLink[v] >= 0 ? graph.links[static_cast<std::size_t>(inLink[v])].capacity : 0.0;
        s.throughShare = std::isnan(o.throughShare) ? def->second.throughShare : o.throughShare;
        s.inbound = s.capacityIn * def->second.volumeCapacity;
        s.outbound = s.capacityOut * def->second.volumeCapacity;
        s.source = "class default";
        stations.push_back(s);
    }
    // Counts replace the defaults of the stations they name.
    std::vector<std::string> unmatched;
    std::vector<char> counted(stations.size(), 0);
    for (const CordonCount& c : o.counts) {
        std::vector<std::size_t> hit;
        if (!c.roadId.empty()) {
            for (std::size_t k = 0; k < stations.size(); ++k)
                if (model.roads[static_cast<std::size_t>(stations[k].road)].id == c.roadId) hit.push_back(k);
        } else if (std::isfinite(c.point.x) && std::isfinite(c.point.y)) {
            double best = 100.0;
            std::size_t bestK = stations.size();
            for (std::size_t k = 0; k < stations.size(); ++k)
                if (distance(stations[k].point, c.point) <= best) {
                    best = distance(stations[k].point, c.point);
                    bestK = k;
                }
            if (bestK < stations.size()) hit.push_back(bestK);
        }
        // A carriageway of a dual road is a station of its own: a count "both ways" on a road id with two
        // one-way stations is shared by their capacities.
        double capacity = 0.0;
        for (std::size_t k : hit)
            capacity += c.direction == CordonCount::Direction::Inbound ? stations[k].capacityIn
                        : c.direction == CordonCount::Direction::Outbound
                            ? stations[k].capacityOut
                            : stations[k].capacityIn + stations[k].capacityOut;
        if (hit.empty() || !(capacity > 0)) {
            unmatched.push_back(c.roadId.empty() ? "(" + number(c.point.x) + ", " + number(c.point.y) + ")"
                                                 : "road " + c.roadId);
            continue;
        }
        for (std::size_t k : hit) {
            CordonStation& s = stations[k];
            if (!counted[k]) {  // a first count replaces the defaults in the directions it covers
                if (c.direction != CordonCount::Direction::Outbound) s.inbound = 0.0;
                if (c.direction != CordonCount::Direction::Inbound) s.outbound = 0.0;
            }
            if (c.direction != CordonCount::Direction::Outbound)
                s.inbound += c.value * s.capacityIn / capacity;
            if (c.direction != CordonCount::Direction::Inbound)
                s.outbound += c.value * s.capacityOut / capacity;
            s.source = "count";
            counted[k] = 1;
        }
    }
    if (!unmatched.empty()) {
        std::string list;
        for (std::size_t k = 0; k < unmatched.size() && k < 5; ++k)
            list += (k ? ", " : "") + unmatched[k];
        throw Error(ErrorCode::Validation,
                    std::to_string(unmatched.size()) +
                        " cordon counts match no cordon station (a road leaving the "
                        "model in the counted direction): " +
                        list,
                    {{}, {}, "cordon_counts"});
    }
    std::size_t fromCounts = 0;
    double in = 0.0, out = 0.0;
    for (std::size_t k = 0; k < stations.size(); ++k) {
        stations[k].id = "X" + std::to_string(k + 1);
        stations[k].inbound *= o.scale;
        stations[k].outbound *= o.scale;
        fromCounts += counted[k];
        in += stations[k].inbound;
        out += stations[k].outbound;
    }
    if (messages)
        messages->push_back(std::to_string(stations.size()) + " roads leave the model (cordon stations; " +
                            std::to_string(fromCounts) +
                            " with counts, the others at their class's load from " + o.defaults.source +
                            "): " + number(in) + " veh/h entering, " + number(out) + " veh/h leaving");
    return stations;
}

std::vector<OdPair> throughTrips(const std::vector<CordonStation>& stations, double continuity,
                                 double minSeparationM) {
    const std::size_t s = stations.size();
    std::vector<double> rowT(s), colT(s);
    double totalIn = 0.0, totalOut = 0.0;
    for (std::size_t k = 0; k < s; ++k) {
        rowT[k] = stations[k].inbound * stations[k].throughShare;
        colT[k] = stations[k].outbound * stations[k].throughShare;
        totalIn += rowT[k];
        totalOut += colT[k];
    }
    if (!(totalIn > 0) || !(totalOut > 0)) return {};
    // Through trips enter and leave: the two totals are one number, their mean.
    const double total = 0.5 * (totalIn + totalOut);
    for (std::size_t k = 0; k < s; ++k) {
        rowT[k] *= total / totalIn;
        colT[k] *= total / totalOut;
    }
    std::vector<double> seed(s * s, 0.0);
    for (std::size_t a = 0; a < s; ++a)
        for (std::size_t b = 0; b < s; ++b)
            if (a != b && distance(stations[a].point, stations[b].point) > minSeparationM)
                seed[a * s + b] =
                    !stations[a].roadName.empty() && stations[a].roadName == stations[b].roadName ? continuity
                                                                                                  : 1.0;
    // Furness (1965): alternate row and column factors until both sums hold.
    std::vector<double> r(s, 1.0), c(s, 1.0);
    for (int it = 0; it < 1000; ++it) {
        for (std::size_t a = 0; a < s; ++a) {
            double sum = 0.0;
            for (std::size_t b = 0; b < s; ++b)
                sum += seed[a * s + b] * c[b];
            r[a] = sum > 0 ? rowT[a] / sum : 0.0;
        }
        double err = 0.0;
        for (std::size_t b = 0; b < s; ++b) {
            double sum = 0.0;
            for (std::size_t a = 0; a < s; ++a)
                sum += seed[a * s + b] * r[a];
            c[b] = sum > 0 ? colT[b] / sum : 0.0;
        }
        for (std::size_t a = 0; a < s; ++a) {
            double sum = 0.0;
            for (std::size_t b = 0; b < s; ++b)
                sum += seed[a * s + b] * r[a] * c[b];
            if (rowT[a] > 0) err = std::max(err, std::abs(sum - rowT[a]) / rowT[a]);
        }
        if (err < 1e-10) break;
    }
    std::vector<OdPair> out;
    for (std::size_t a = 0; a < s; ++a)
        for (std::size_t b = 0; b < s; ++b) {
            const double q = seed[a * s + b] * r[a] * c[b];
            if (q > 0) out.push_back({static_cast<int>(a), static_cast<int>(b), q});
        }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Junction control

namespace {

/// Rank of a road class for the junction rules: 3 main roads (secondary and up), 2 tertiary, 1 local.
int classRank(const std::string& c) {
    static const std::set<std::string> main = {"motorway", "motorway_link", "trunk",     "trunk_link",
                                               "primary",  "primary_link",  "secondary", "secondary_link"};
    if (main.count(c)) return 3;
    if (c == "tertiary" || c == "tertiary_link") return 2;
    return 1;
}

}  // namespace

std::vector<JunctionControl> inferJunctionControl(const core::CityModel& model, const CityNetwork& cn,
                                                  const JunctionControlOptions& o,
                                                  std::vector<std::string>* messages) {
    const Network& net = cn.network;
    const auto n = static_cast<std::size_t>(net.nodeCount);
    std::vector<JunctionControl> control(n, JunctionControl::Uncontrolled);
    std::vector<std::set<int>> neighbours(n);
    // The roads that meet at each node, by name (or id when unnamed: one road split into several lines is
    // one road), with their rank.
    std::vector<std::map<std::string, int>> roads(n);
    std::vector<char> roundabout(n, 0);
    const int junctionField = model.roadFields.indexOf("junction");
    for (std::size_t a = 0; a < net.links.size(); ++a) {
        const Link& l = net.links[a];
        if (l.access) continue;
        neighbours[static_cast<std::size_t>(l.tail)].insert(l.head);
        neighbours[static_cast<std::size_t>(l.head)].insert(l.tail);
        const int road = cn.linkRoad[a];
        const core::Road* r = road >= 0 ? &model.roads[static_cast<std::size_t>(road)] : nullptr;
        const std::string key = !r                ? "link " + std::to_string(a)
                                : r->name.empty() ? "id " + r->id
                                                  : "name " + r->name;
        for (int v : {l.tail, l.head}) {
            int& rank = roads[static_cast<std::size_t>(v)][key];
            rank = std::max(rank, classRank(cn.linkClass[a]));
        }
        if (junctionField >= 0 && r) {
            if (static_cast<std::size_t>(junctionField) < r->attributes.size()) {
                const std::string j = core::toText(r->attributes[static_cast<std::size_t>(junctionField)]);
                if (j == "roundabout" || j == "circular")
                    roundabout[static_cast<std::size_t>(l.tail)] =
                        roundabout[static_cast<std::size_t>(l.head)] = 1;
            }
        }
    }
    std::vector<char> signal(n, 0);
    std::size_t signalPoints = 0, signalsMatched = 0;
    if (!o.signalLayer.empty()) {
        const auto it = model.vectors.find(o.signalLayer);
        if (it == model.vectors.end())
            throw Error(ErrorCode::Validation, "the model has no vector layer '" + o.signalLayer + "'",
                        {{}, {}, "signal_layer"});
        for (const core::VectorFeature& f : it->second.features)
            for (const Point& p : f.points) {
                ++signalPoints;
                double best = o.signalRadiusM;
                std::size_t bestV = n;
                for (std::size_t v = static_cast<std::size_t>(net.zoneCount); v < n; ++v) {
                    const double d = distance(p, cn.nodePoint[v]);
                    if (d <= best && neighbours[v].size() >= 3) {
                        best = d;
                        bestV = v;
                    }
                }
                if (bestV < n) {
                    signalsMatched += !signal[bestV];
                    signal[bestV] = 1;
                }
            }
    }
    std::size_t counts[4] = {};
    for (std::size_t v = static_cast<std::size_t>(net.zoneCount); v < n; ++v) {
        if (neighbours[v].size() < 3) continue;
        std::vector<int> r;
        for (const auto& [key, rank] : roads[v])
            r.push_back(rank);
        std::sort(r.rbegin(), r.rend());
        if (signal[v])
            control[v] = JunctionControl::Signal;
        else if (roundabout[v])
            control[v] = JunctionControl::Roundabout;
        else if (r.size() >= 2 && r[1] == 3)
            control[v] = JunctionControl::Signal;
        else if (!r.empty() && r.front() > r.back())
            control[v] = JunctionControl::Priority;
        else
            control[v] = JunctionControl::Uncontrolled;
        ++counts[static_cast<int>(control[v])];
    }
    if (messages) {
        std::ostringstream s;
        s << "junction control: " << counts[2] << " signalised, " << counts[1] << " priority, " << counts[3]
          << " roundabout, " << counts[0] << " uncontrolled junctions";
        if (!o.signalLayer.empty())
            s << " (" << signalPoints << " signal points in '" << o.signalLayer << "', " << signalsMatched
              << " junctions within " << number(o.signalRadiusM) << " m of one)";
        messages->push_back(s.str());
    }
    return control;
}

void linkBearings(const CityNetwork& cn, std::vector<double>& start, std::vector<double>& end) {
    const std::size_t m = cn.network.links.size();
    start.assign(m, std::numeric_limits<double>::quiet_NaN());
    end.assign(m, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t a = 0; a < m; ++a) {
        const core::LineString& g = cn.linkGeometry[a];
        if (g.size() < 2) continue;
        // The direction over the first and last 15 m (or the whole segment when shorter): curves drawn with
        // short segments near the node do not turn a straight road into a turn.
        const auto along = [&](bool fromStart) {
            const Point p0 = fromStart ? g.front() : g.back();
            Point q = fromStart ? g[1] : g[g.size() - 2];
            for (std::size_t k = 1; k < g.size(); ++k) {
                q = fromStart ? g[k] : g[g.size() - 1 - k];
                if (distance(p0, q) >= 15.0) break;
            }
            return fromStart ? std::atan2(q.y - p0.y, q.x - p0.x) : std::atan2(p0.y - q.y, p0.x - q.x);
        };
        start[a] = along(true);
        end[a] = along(false);
    }
}

}  // namespace citytwin::traffic

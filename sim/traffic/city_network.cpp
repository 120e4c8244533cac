#include "city_network.h"

#include "citytwin/traffic/limits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

#include "citytwin/core/error.h"
#include "citytwin/core/geometry_boost.h"

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

void throwFirst(const std::vector<Problem>& problems) {
    if (problems.empty()) return;
    std::string message = problems.front().message;
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more problems)";
    throw Error(ErrorCode::Validation, message, {{}, {}, problems.front().parameter});
}

double distance(const Point& a, const Point& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

/// Union-find over indices.
struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t a) {
        while (parent[a] != a)
            a = parent[a] = parent[parent[a]];
        return a;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the lowest index represents: deterministic
    }
};

/// Square cells of a uniform grid, for neighbour searches.
struct CellKey {
    long long x, y;
    bool operator==(const CellKey& o) const { return x == o.x && y == o.y; }
};
struct CellHash {
    std::size_t operator()(const CellKey& k) const {
        return std::hash<long long>()(k.x * 73856093LL) ^ std::hash<long long>()(k.y * 19349663LL);
    }
};

/// Strongly connected components (Tarjan 1972, iterative). Returns the component of every node.
std::vector<int> stronglyConnected(std::size_t n, const std::vector<std::pair<int, int>>& arcs) {
    std::vector<int> start(n + 1, 0), next(arcs.size());
    for (const auto& a : arcs)
        ++start[static_cast<std::size_t>(a.first) + 1];
    for (std::size_t v = 0; v < n; ++v)
        start[v + 1] += start[v];
    std::vector<int> fill(start.begin(), start.end() - 1);
    for (const auto& a : arcs)
        next[static_cast<std::size_t>(fill[static_cast<std::size_t>(a.first)]++)] = a.second;
    std::vector<int> index(n, -1), low(n, 0), comp(n, -1), stack, callNode, callEdge;
    std::vector<char> onStack(n, 0);
    int counter = 0, comps = 0;
    for (std::size_t s = 0; s < n; ++s) {
        if (index[s] >= 0) continue;
        callNode.push_back(static_cast<int>(s));
        callEdge.push_back(start[s]);
        index[s] = low[s] = counter++;
        stack.push_back(static_cast<int>(s));
        onStack[s] = 1;
        while (!callNode.empty()) {
            const auto v = static_cast<std::size_t>(callNode.back());
            int& e = callEdge.back();
            if (e < start[v + 1]) {
                const auto w = static_cast<std::size_t>(next[static_cast<std::size_t>(e++)]);
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    stack.push_back(static_cast<int>(w));
                    onStack[w] = 1;
                    callNode.push_back(static_cast<int>(w));
                    callEdge.push_back(start[w]);
                } else if (onStack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                for (;;) {
                    const auto w = static_cast<std::size_t>(stack.back());
                    stack.pop_back();
                    onStack[w] = 0;
                    comp[w] = comps;
                    if (w == v) break;
                }
                ++comps;
            }
            callNode.pop_back();
            callEdge.pop_back();
            if (!callNode.empty()) {
                const auto u = static_cast<std::size_t>(callNode.back());
                low[u] = std::min(low[u], low[v]);
            }
        }
    }
    return comp;
}

/// Capacity per lane of a class: override, default table, else the "any other class" value.
double capacityOf(const RoadGraphOptions& options, const std::string& roadClass) {
    const auto o = options.capacityPerLane.find(roadClass);
    if (o != options.capacityPerLane.end()) return o->second;
    const auto& table = defaultCapacityPerLane();
    const auto d = table.find(roadClass);
    return d != table.end() ? d->second : 600.0;
}

bool isExpressway(const std::string& c) {
    return c == "motorway" || c == "motorway_link" || c == "trunk" || c == "trunk_link";
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Road graph

const std::map<std::string, double>& defaultCapacityPerLane() {
    // Planning capacities [veh/h/lane]. Freeways: HCM 2010 (TRB), ch. 11, base capacity 2,250-2,400
    // pc/h/ln, taken lower (2,000) for urban expressways with frequent ramps. Signalised streets: HCM 2010,
    // ch. 18, base saturation flow 1,900 pc/h/ln times a green ratio g/C of about 0.45 (arterials) to 0.3
    // (local streets); links between them scale down with the class. Assumed values, not measured in Seoul.
    static const std::map<std::string, double> table = {
        {"motorway", 2000.0},   {"motorway_link", 1500.0}, {"trunk", 1800.0},       {"trunk_link", 1400.0},
        {"primary", 900.0},     {"primary_link", 800.0},   {"secondary", 800.0},    {"secondary_link", 700.0},
        {"tertiary", 700.0},    {"tertiary_link", 600.0},  {"unclassified", 600.0}, {"road", 600.0},
        {"residential", 500.0}, {"living_street", 300.0},  {"service", 300.0},
    };
    return table;
}

std::vector<Problem> validate(const RoadGraphOptions& o) {
    std::vector<Problem> p;
    limits::check(p, "snap_tolerance_m", o.snapToleranceM, limits::snapToleranceM, "m");
    limits::check(p, "bpr_alpha", o.bprAlpha, limits::bprAlpha);
    limits::check(p, "bpr_beta", o.bprBeta, limits::bprBeta);
    for (const auto& [c, v] : o.capacityPerLane)
        if (!limits::capacityPerLane.contains(v))
            p.push_back({"capacity_per_lane", "capacity per lane " + number(v) + " of class '" + c +
                                                  "' is not within 0..10000 veh/h"});
    for (const std::string& c : o.roadClasses)
        if (c.empty()) p.push_back({"road_classes", "an empty road class name"});
    return p;
}

RoadGraph buildRoadGraph(const core::CityModel& model, const RoadGraphOptions& options) {
    throwFirst(validate(options));
    RoadGraph g;
    RoadGraphReport& rep = g.report;
    rep.roadsRead = model.roads.size();
    std::set<std::string> classes(options.roadClasses.begin(), options.roadClasses.end());
    if (classes.empty())
        for (const auto& [c, v] : defaultCapacityPerLane())
            classes.insert(c);

    // 1. Road lines of the included classes, and all their vertices.
    std::vector<std::size_t> used;
    std::map<std::string, std::size_t> skipped;
    for (std::size_t r = 0; r < model.roads.size(); ++r) {
        if (!classes.count(model.roads[r].roadClass)) {
            ++skipped[model.roads[r].roadClass.empty() ? "(no class)" : model.roads[r].roadClass];
            ++rep.roadsSkippedClass;
            continue;
        }
        if (model.roads[r].line.size() < 2) {
            ++rep.roadsDegenerate;
            continue;
        }
        used.push_back(r);
    }
    struct Vertex {
        std::size_t road;  // position in `used`
        Point p;
    };
    std::vector<Vertex> vertices;
    std::vector<std::size_t> firstVertex;  // per used road
    for (std::size_t u = 0; u < used.size(); ++u) {
        firstVertex.push_back(vertices.size());
        for (const Point& p : model.roads[used[u]].line)
            vertices.push_back({u, p});
    }
    firstVertex.push_back(vertices.size());

    // 2. Vertices within the tolerance are one point (the lowest-numbered represents the cluster).
    const double tol = options.snapToleranceM;
    const double cell = std::max(tol, 1e-6);
    UnionFind uf(vertices.size());
    {
        std::unordered_map<CellKey, std::vector<std::size_t>, CellHash> grid;
        for (std::size_t i = 0; i < vertices.size(); ++i)
            grid[{static_cast<long long>(std::floor(vertices[i].p.x / cell)),
                  static_cast<long long>(std::floor(vertices[i].p.y / cell))}]
                .push_back(i);
        for (std::size_t i = 0; i < vertices.size(); ++i) {
            const long long cx = static_cast<long long>(std::floor(vertices[i].p.x / cell));
            const long long cy = static_cast<long long>(std::floor(vertices[i].p.y / cell));
            for (long long dx = -1; dx <= 1; ++dx)
                for (long long dy = -1; dy <= 1; ++dy) {
                    const auto it = grid.find({cx + dx, cy + dy});
                    if (it == grid.end()) continue;
                    for (std::size_t j : it->second)
                        if (j > i && distance(vertices[i].p, vertices[j].p) <= tol) uf.unite(i, j);
                }
        }
    }
    std::vector<std::size_t> cluster(vertices.size());
    for (std::size_t i = 0; i < vertices.size(); ++i) {
        cluster[i] = uf.find(i);
        if (cluster[i] != i &&
            (vertices[cluster[i]].p.x != vertices[i].p.x || vertices[cluster[i]].p.y != vertices[i].p.y))
            ++rep.verticesSnapped;
    }
    const auto pointOf = [&](std::size_t c) { return vertices[c].p; };

    // Each road as a list of clusters, repeated neighbours merged.
    std::vector<std::vector<std::size_t>> roadClusters(used.size());
    for (std::size_t u = 0; u < used.size(); ++u)
        for (std::size_t i = firstVertex[u]; i < firstVertex[u + 1]; ++i)
            if (roadClusters[u].empty() || roadClusters[u].back() != cluster[i])
                roadClusters[u].push_back(cluster[i]);

    // 3. Line ends that touch no other line but lie within the tolerance of another line's segment: that
    //    line gets a vertex there (a T junction drawn without a shared vertex).
    std::vector<std::size_t> uses(vertices.size(), 0);
    for (const auto& rc : roadClusters)
        for (std::size_t c : rc)
            ++uses[c];
    if (tol > 0) {
        struct Insert {
            std::size_t segment;
            double t;
            std::size_t cluster;
        };
        std::vector<std::vector<Insert>> inserts(used.size());
        // Segments indexed on a coarser grid (a cell of the tolerance would put a long segment in
        // thousands of cells).
        const double segCell = std::max(25.0, 4.0 * tol);
        const auto segKey = [&](double x, double y) {
            return CellKey{static_cast<long long>(std::floor(x / segCell)),
                           static_cast<long long>(std::floor(y / segCell))};
        };
        std::unordered_map<CellKey, std::vector<std::pair<std::size_t, std::size_t>>, CellHash> segGrid;
        for (std::size_t u = 0; u < used.size(); ++u)
            for (std::size_t s = 0; s + 1 < roadClusters[u].size(); ++s) {
                const Point a = pointOf(roadClusters[u][s]), b = pointOf(roadClusters[u][s + 1]);
                const CellKey k0 = segKey(std::min(a.x, b.x) - tol, std::min(a.y, b.y) - tol);
                const CellKey k1 = segKey(std::max(a.x, b.x) + tol, std::max(a.y, b.y) + tol);
                for (long long x = k0.x; x <= k1.x; ++x)
                    for (long long y = k0.y; y <= k1.y; ++y)
                        segGrid[{x, y}].emplace_back(u, s);
            }
        for (std::size_t u = 0; u < used.size(); ++u) {
            if (roadClusters[u].size() < 2) continue;
            for (std::size_t c : {roadClusters[u].front(), roadClusters[u].back()}) {
                if (uses[c] != 1) continue;
                const Point p = pointOf(c);
                const auto it = segGrid.find(segKey(p.x, p.y));
                if (it == segGrid.end()) continue;
                double best = tol;
                std::size_t bestRoad = 0, bestSeg = 0;
                double bestT = -1;
                for (const auto& [v, s] : it->second) {
                    if (v == u) continue;
                    const Point a = pointOf(roadClusters[v][s]), b = pointOf(roadClusters[v][s + 1]);
                    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
                    if (len2 <= 0) continue;
                    const double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
                    if (t <= 0 || t >= 1) continue;
                    const double d = std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
                    if (d <= best && distance(p, a) > tol && distance(p, b) > tol) {
                        best = d;
                        bestRoad = v;
                        bestSeg = s;
                        bestT = t;
                    }
                }
                if (bestT < 0) continue;
                inserts[bestRoad].push_back({bestSeg, bestT, c});
                ++rep.endsSnappedToLines;
            }
        }
        for (std::size_t u = 0; u < used.size(); ++u) {
            if (inserts[u].empty()) continue;
            std::sort(inserts[u].begin(), inserts[u].end(), [](const Insert& a, const Insert& b) {
                return a.segment != b.segment ? a.segment < b.segment : a.t < b.t;
            });
            std::vector<std::size_t> merged;
            std::size_t k = 0;
            for (std::size_t s = 0; s < roadClusters[u].size(); ++s) {
                merged.push_back(roadClusters[u][s]);
                for (; k < inserts[u].size() && inserts[u][k].segment == s; ++k)
                    if (merged.back() != inserts[u][k].cluster) merged.push_back(inserts[u][k].cluster);
            }
            roadClusters[u].swap(merged);
        }
        std::fill(uses.begin(), uses.end(), 0);
        for (const auto& rc : roadClusters)
            for (std::size_t c : rc)
                ++uses[c];
    }

    // 4. Nodes: line ends and points shared by lines (or visited twice by one line); split lines there.
    std::vector<int> nodeOf(vertices.size(), -1);
    const auto node = [&](std::size_t c) {
        if (nodeOf[c] < 0) {
            nodeOf[c] = static_cast<int>(g.nodes.size());
            g.nodes.push_back(pointOf(c));
        }
        return nodeOf[c];
    };
    std::size_t selfLoops = 0, speedsFixed = 0;
    for (std::size_t u = 0; u < used.size(); ++u) {
        const auto& rc = roadClusters[u];
        if (rc.size() < 2) {
            ++rep.roadsDegenerate;
            continue;
        }
        const core::Road& road = model.roads[used[u]];
        const double perLane = capacityOf(options, road.roadClass);
        // core gives every road a speed (its class default when untagged); guard against unusable values.
        const bool speedOk = std::isfinite(road.speedKmh) && road.speedKmh > 0;
        if (!speedOk) ++speedsFixed;
        const double speed = speedOk ? road.speedKmh : 30.0;
        const bool oneway = road.oneway != core::Oneway::No;
        const double lanes = oneway ? std::max(1, road.lanes) : std::max(1.0, road.lanes / 2.0);
        bool any = false;
        std::size_t start = 0;
        for (std::size_t i = 1; i < rc.size(); ++i) {
            if (i + 1 < rc.size() && uses[rc[i]] < 2) continue;  // a shape point
            if (rc[start] == rc[i]) {  // a loop back to the same node: of no use to any trip
                ++selfLoops;
                start = i;
                continue;
            }
            core::LineString line;
            for (std::size_t k = start; k <= i; ++k)
                line.push_back(pointOf(rc[k]));
            RoadLink link;
            link.from = node(rc[start]);
            link.to = node(rc[i]);
            link.road = static_cast<int>(used[u]);
            link.lengthM = core::length(line);
            link.lanes = lanes;
            link.capacity = lanes * perLane;
            link.speedKmh = speed;
            link.alpha = options.bprAlpha;
            link.beta = options.bprBeta;
            link.roadClass = road.roadClass;
            link.line = line;
            if (road.oneway == core::Oneway::Backward) {
                std::swap(link.from, link.to);
                std::reverse(link.line.begin(), link.line.end());
            }
            g.links.push_back(link);
            if (!oneway) {
                std::swap(link.from, link.to);
                std::reverse(link.line.begin(), link.line.end());
                g.links.push_back(link);
            }
            any = true;
            start = i;
        }
        if (any) {
            ++rep.roadsUsed;
        } else {
            ++rep.roadsDegenerate;
        }
    }
    rep.nodes = g.nodes.size();
    rep.links = g.links.size();
    if (g.links.empty())
        throw Error(ErrorCode::Data,
                    "the model has no road of the classes used for traffic (" +
                        std::to_string(rep.roadsRead) + " road lines read)",
                    {{}, {}, "road_classes"});

    // 5. Connectivity: weak components, the largest strong component, dead ends.
    UnionFind weak(g.nodes.size());
    std::vector<std::pair<int, int>> arcs;
    std::vector<std::set<int>> neighbours(g.nodes.size());
    for (const RoadLink& l : g.links) {
        weak.unite(static_cast<std::size_t>(l.from), static_cast<std::size_t>(l.to));
        arcs.emplace_back(l.from, l.to);
        neighbours[static_cast<std::size_t>(l.from)].insert(l.to);
        neighbours[static_cast<std::size_t>(l.to)].insert(l.from);
    }
    std::map<std::size_t, std::size_t> weakSize;
    for (std::size_t v = 0; v < g.nodes.size(); ++v)
        ++weakSize[weak.find(v)];
    for (const auto& [root, n] : weakSize)
        rep.componentNodes.push_back(n);
    std::sort(rep.componentNodes.rbegin(), rep.componentNodes.rend());
    const std::vector<int> scc = stronglyConnected(g.nodes.size(), arcs);
    std::map<int, std::size_t> sccSize;
    for (int c : scc)
        ++sccSize[c];
    for (const auto& [c, n] : sccSize)
        rep.largestStronglyConnected = std::max(rep.largestStronglyConnected, n);
    for (std::size_t v = 0; v < g.nodes.size(); ++v)
        if (neighbours[v].size() == 1) rep.danglingEnds.push_back(g.nodes[v]);

    // 6. Report.
    std::ostringstream s;
    s << rep.roadsUsed << " of " << rep.roadsRead << " road lines make " << rep.nodes << " nodes and "
      << rep.links << " directed links (snap tolerance " << number(tol) << " m)";
    rep.messages.push_back(s.str());
    if (rep.roadsSkippedClass > 0) {
        std::ostringstream t;
        t << rep.roadsSkippedClass << " lines of classes not used for traffic left out:";
        for (const auto& [c, n] : skipped)
            t << " " << c << " " << n;
        rep.messages.push_back(t.str());
    }
    if (rep.roadsDegenerate > 0)
        rep.messages.push_back(std::to_string(rep.roadsDegenerate) +
                               " lines shorter than the snap tolerance left out");
    if (rep.verticesSnapped + rep.endsSnappedToLines > 0)
        rep.messages.push_back(std::to_string(rep.verticesSnapped) +
                               " vertices merged with a nearby vertex, " +
                               std::to_string(rep.endsSnappedToLines) + " line ends joined to a nearby line");
    if (speedsFixed > 0)
        rep.messages.push_back(std::to_string(speedsFixed) +
                               " lines without a usable speed limit run at 30 km/h");
    if (selfLoops > 0)
        rep.messages.push_back(std::to_string(selfLoops) + " loops that return to their start node left out");
    if (rep.componentNodes.size() > 1) {
        std::ostringstream t;
        t << rep.componentNodes.size() << " disconnected parts; nodes per part:";
        for (std::size_t k = 0; k < rep.componentNodes.size() && k < 8; ++k)
            t << " " << rep.componentNodes[k];
        if (rep.componentNodes.size() > 8) t << " ...";
        rep.messages.push_back(t.str());
    }
    rep.messages.push_back("the largest part where every node reaches every other has " +
                           std::to_string(rep.largestStronglyConnected) + " of " + std::to_string(rep.nodes) +
                           " nodes; " + std::to_string(rep.danglingEnds.size()) + " dead ends");
    return g;
}

// ---------------------------------------------------------------------------------------------------------
// Zones and the network

std::vector<ZoneDefinition> zonesFromLayer(const core::VectorLayer& layer, const std::string& idField) {
    std::vector<ZoneDefinition> zones;
    const int idIndex = idField.empty() ? -1 : layer.fields.indexOf(idField);
    if (!idField.empty() && idIndex < 0)
        throw Error(ErrorCode::Data, "zone layer '" + layer.name + "' has no field '" + idField + "'",
                    {{}, layer.name, "zone_id_field"});
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        const core::VectorFeature& f = layer.features[i];
        ZoneDefinition z;
        z.id = idIndex >= 0 ? core::toText(f.attribute(idIndex)) : std::to_string(zones.size() + 1);
        if (f.kind == core::GeometryKind::Polygon && !f.polygons.empty()) {
            z.area = f.polygons;
            z.centroid = core::centroid(f.polygons);
        } else if (f.kind == core::GeometryKind::Point && !f.points.empty()) {
            z.centroid = f.points.front();
        } else {
            continue;
        }
        zones.push_back(std::move(z));
    }
    if (zones.empty())
        throw Error(ErrorCode::Data, "zone layer '" + layer.name + "' has no polygons or points",
                    {{}, layer.name, {}});
    return zones;
}

std::vector<ZoneDefinition> gridZones(const core::CityModel& model, double cellSizeM) {
    {
        std::vector<Problem> p;
        limits::check(p, "zone_size_m", cellSizeM, limits::zoneSizeM, "m");
        if (!p.empty()) throw Error(ErrorCode::Validation, p.front().message, {{}, {}, "zone_size_m"});
    }
    if (model.buildings.empty())
        throw Error(ErrorCode::Data, "the model has no buildings to make zones from");
    core::Box box;
    std::vector<Point> centres(model.buildings.size());
    for (std::size_t b = 0; b < model.buildings.size(); ++b) {
        centres[b] = core::centroid(model.buildings[b].footprint);
        box.expand(centres[b]);
    }
    struct Acc {
        double w = 0, x = 0, y = 0;
    };
    std::map<std::pair<long long, long long>, Acc> cells;  // (row, col)
    for (std::size_t b = 0; b < model.buildings.size(); ++b) {
        const long long col = static_cast<long long>(std::floor((centres[b].x - box.minX) / cellSizeM));
        const long long row = static_cast<long long>(std::floor((box.maxY - centres[b].y) / cellSizeM));
        // Weight: floor area ~ footprint x height.
        const double w =
            std::max(1e-6, core::area(model.buildings[b].footprint) * model.buildings[b].heightM);
        Acc& a = cells[{row, col}];
        a.w += w;
        a.x += w * centres[b].x;
        a.y += w * centres[b].y;
    }
    std::vector<ZoneDefinition> zones;
    for (const auto& [rc, a] : cells) {
        ZoneDefinition z;
        z.id = "r" + std::to_string(rc.first) + "c" + std::to_string(rc.second);
        const double x0 = box.minX + static_cast<double>(rc.second) * cellSizeM;
        const double y1 = box.maxY - static_cast<double>(rc.first) * cellSizeM;
        core::Polygon square;
        square.outer = {{x0, y1 - cellSizeM},
                        {x0 + cellSizeM, y1 - cellSizeM},
                        {x0 + cellSizeM, y1},
                        {x0, y1},
                        {x0, y1 - cellSizeM}};
        z.area.push_back(square);
        z.centroid = {a.x / a.w, a.y / a.w};
        zones.push_back(std::move(z));
    }
    return zones;
}

CityNetwork buildCityNetwork(const RoadGraph& graph, std::vector<ZoneDefinition> zones,
                             const ConnectorOptions& options) {
    std::vector<Problem> problems;
    limits::check(problems, "connectors_per_zone", options.connectorsPerZone, limits::connectorsPerZone);
    limits::check(problems, "connector_speed_kmh", options.connectorSpeedKmh, limits::connectorSpeedKmh,
                  "km/h");
    throwFirst(problems);
    if (zones.empty()) throw Error(ErrorCode::Data, "no zones to connect to the road network");

    // Nodes that may take connectors: in the largest strongly connected part, touching a street that
    // buildings can be reached from.
    const std::size_t n = graph.nodes.size();
    std::vector<std::pair<int, int>> arcs;
    std::vector<char> street(n, 0);
    for (const RoadLink& l : graph.links) {
        arcs.emplace_back(l.from, l.to);
        if (!isExpressway(l.roadClass))
            street[static_cast<std::size_t>(l.from)] = street[static_cast<std::size_t>(l.to)] = 1;
    }
    const std::vector<int> scc = stronglyConnected(n, arcs);
    std::map<int, std::size_t> sccSize;
    for (int c : scc)
        ++sccSize[c];
    int largest = -1;
    std::size_t largestSize = 0;
    for (const auto& [c, k] : sccSize)
        if (k > largestSize) {
            largest = c;
            largestSize = k;
        }
    std::vector<std::size_t> eligible;
    for (std::size_t v = 0; v < n; ++v)
        if (scc[v] == largest && street[v]) eligible.push_back(v);
    std::vector<std::set<int>> nodeRoads(n);
    for (const RoadLink& l : graph.links) {
        nodeRoads[static_cast<std::size_t>(l.from)].insert(l.road);
        nodeRoads[static_cast<std::size_t>(l.to)].insert(l.road);
    }
    if (eligible.empty())
        throw Error(ErrorCode::Data, "the road network has no node that zones can connect to");

    CityNetwork cn;
    const int z = static_cast<int>(zones.size());
    Network& net = cn.network;
    net.name = "city road network";
    net.zoneCount = z;
    net.firstThroughNode = z;
    net.nodeCount = z + static_cast<int>(n);
    net.timeUnitMinutes = 1.0;
    net.lengthUnitKm = 1.0;
    for (const ZoneDefinition& zone : zones)
        cn.nodePoint.push_back(zone.centroid);
    for (const Point& p : graph.nodes)
        cn.nodePoint.push_back(p);
    for (const Point& p : cn.nodePoint) {
        net.nodeX.push_back(p.x);
        net.nodeY.push_back(p.y);
    }
    for (const RoadLink& l : graph.links) {
        Link k;
        k.tail = l.from + z;
        k.head = l.to + z;
        k.capacity = l.capacity;
        k.length = l.lengthM / 1000.0;
        k.freeFlowTime = k.length / l.speedKmh * 60.0;
        k.speedLimit = l.speedKmh;
        k.alpha = l.alpha;
        k.beta = l.beta;
        net.links.push_back(k);
        cn.linkGeometry.push_back(l.line);
        cn.linkRoad.push_back(l.road);
        cn.linkClass.push_back(l.roadClass);
    }
    const auto connectorLink = [&](int tail, int head, double lengthM) {
        Link k;
        k.tail = tail;
        k.head = head;
        k.capacity = 1e6;  // access links do not congest
        k.alpha = 0.0;
        k.length = lengthM / 1000.0;
        k.freeFlowTime = k.length / options.connectorSpeedKmh * 60.0;
        k.speedLimit = options.connectorSpeedKmh;
        k.access = true;
        net.links.push_back(k);
        cn.linkGeometry.push_back(
            {cn.nodePoint[static_cast<std::size_t>(tail)], cn.nodePoint[static_cast<std::size_t>(head)]});
        cn.linkRoad.push_back(-1);
        cn.linkClass.push_back("connector");
    };
    std::size_t longConnectors = 0;
    for (int i = 0; i < z; ++i) {
        const ZoneDefinition& zone = zones[static_cast<std::size_t>(i)];
        if (zone.gateNode >= 0) {  // a cordon station: at its road's end
            if (static_cast<std::size_t>(zone.gateNode) >= n)
                throw Error(ErrorCode::Validation,
                            "zone " + zone.id + " is joined to a node that does not exist",
                            {{}, {}, "cordon"});
            if (zone.gateIn) connectorLink(i, zone.gateNode + z, 0.0);
            if (zone.gateOut) connectorLink(zone.gateNode + z, i, 0.0);
            continue;
        }
        const Point c = zone.centroid;
        std::vector<std::pair<double, std::size_t>> near;
        for (std::size_t v : eligible)
            near.emplace_back(distance(c, graph.nodes[v]), v);
        std::sort(near.begin(), near.end());
        // The nearest nodes on distinct roads: a zone loads its trips onto several streets, not onto two
        // nodes of one road (a closure of that road would otherwise cut the zone off but for a side street).
        // Nodes sharing a road with a chosen one are taken only when no other node lies within twice the
        // distance of the first choice.
        const auto k =
            std::min<std::size_t>(static_cast<std::size_t>(options.connectorsPerZone), near.size());
        std::vector<std::size_t> chosen;
        std::set<int> usedRoads;
        const double reach = near.empty() ? 0.0 : 2.0 * std::max(near.front().first, 100.0);
        for (const auto& [d, v] : near) {
            if (chosen.size() == k || d > reach) break;
            bool shares = false;
            for (int r : nodeRoads[v])
                shares = shares || usedRoads.count(r);
            if (shares) continue;
            chosen.push_back(v);
            usedRoads.insert(nodeRoads[v].begin(), nodeRoads[v].end());
        }
        for (const auto& [d, v] : near) {
            if (chosen.size() == k) break;
            if (std::find(chosen.begin(), chosen.end(), v) == chosen.end()) chosen.push_back(v);
        }
        for (std::size_t v : chosen) {
            const double d = distance(c, graph.nodes[v]);
            const int node = static_cast<int>(v) + z;
            connectorLink(i, node, d);
            connectorLink(node, i, d);
            if (d > 1000) ++longConnectors;
        }
    }
    if (longConnectors > 0)
        cn.messages.push_back(std::to_string(longConnectors) +
                              " connectors are longer than 1 km (zones far from any usable road)");
    cn.zones = std::move(zones);
    cn.report = graph.report;
    return cn;
}

NetworkEdits newRoadEdits(const CityNetwork& cn, const std::vector<NewRoad>& roads,
                          const RoadGraphOptions& options, double maxSnapM) {
    throwFirst(validate(options));
    NetworkEdits edits;
    const int z = cn.network.zoneCount;
    for (std::size_t i = 0; i < roads.size(); ++i) {
        const NewRoad& r = roads[i];
        const std::string name = "added road " + std::to_string(i + 1);
        if (r.line.size() < 2)
            throw Error(ErrorCode::Validation, name + " has fewer than two points", {{}, {}, "added_roads"});
        if (!(r.speedKmh > 0) || r.lanes < 1)
            throw Error(ErrorCode::Validation, name + ": speed and lanes must be > 0",
                        {{}, {}, "added_roads"});
        int ends[2];
        for (int e = 0; e < 2; ++e) {
            const Point p = e == 0 ? r.line.front() : r.line.back();
            double best = maxSnapM;
            ends[e] = -1;
            for (std::size_t v = static_cast<std::size_t>(z); v < cn.nodePoint.size(); ++v) {
                const double d = distance(p, cn.nodePoint[v]);
                if (d <= best) {
                    best = d;
                    ends[e] = static_cast<int>(v);
                }
            }
            if (ends[e] < 0)
                throw Error(ErrorCode::Validation,
                            name + ": its " + (e == 0 ? "start" : "end") + " is more than " +
                                number(maxSnapM) + " m from any road node",
                            {{}, {}, "added_roads"});
        }
        if (ends[0] == ends[1])
            throw Error(ErrorCode::Validation, name + " starts and ends at the same node",
                        {{}, {}, "added_roads"});
        const double lanes = r.oneway ? r.lanes : std::max(1.0, r.lanes / 2.0);
        Link k;
        k.tail = ends[0];
        k.head = ends[1];
        k.length = core::length(r.line) / 1000.0;
        k.freeFlowTime = k.length / r.speedKmh * 60.0;
        k.capacity = lanes * capacityOf(options, r.roadClass);
        k.alpha = options.bprAlpha;
        k.beta = options.bprBeta;
        k.speedLimit = r.speedKmh;
        edits.addedLinks.push_back({k, name});
        if (!r.oneway) {
            std::swap(k.tail, k.head);
            edits.addedLinks.push_back({k, name + " (back)"});
        }
    }
    return edits;
}

CityNetwork applyCityEdits(const CityNetwork& cn, const NetworkEdits& edits,
                           const std::vector<NewRoad>& newRoads) {
    CityNetwork out = cn;
    out.network = applyEdits(cn.network, edits);
    std::size_t road = 0;
    bool back = false;
    for (const AddedLink& a : edits.addedLinks) {
        core::LineString line;
        if (road < newRoads.size()) {
            line = newRoads[road].line;
            line.front() = cn.nodePoint[static_cast<std::size_t>(back ? a.link.head : a.link.tail)];
            line.back() = cn.nodePoint[static_cast<std::size_t>(back ? a.link.tail : a.link.head)];
            if (back) std::reverse(line.begin(), line.end());
            out.linkClass.push_back(newRoads[road].roadClass);
            if (!newRoads[road].oneway && !back) {
                back = true;
            } else {
                back = false;
                ++road;
            }
        } else {
            line = {cn.nodePoint[static_cast<std::size_t>(a.link.tail)],
                    cn.nodePoint[static_cast<std::size_t>(a.link.head)]};
            out.linkClass.push_back("added");
        }
        out.linkGeometry.push_back(line);
        out.linkRoad.push_back(-1);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Closures

std::vector<int> linksInArea(const CityNetwork& cn, const core::MultiPolygon& area, bool includeConnectors) {
    std::vector<int> out;
    const core::Box box = core::bounds(area);
    for (std::size_t l = 0; l < cn.linkGeometry.size(); ++l) {
        if (!includeConnectors && cn.linkRoad[l] < 0 && cn.linkClass[l] == "connector") continue;
        const core::LineString& line = cn.linkGeometry[l];
        if (line.size() < 2 || !box.intersects(core::bounds(line))) continue;
        if (boost::geometry::intersects(line, area)) out.push_back(static_cast<int>(l));
    }
    return out;
}

std::vector<int> linksFlooded(const CityNetwork& cn, const core::Raster& depth, double thresholdM,
                              bool includeConnectors) {
    if (!(std::isfinite(thresholdM) && thresholdM > 0))
        throw Error(ErrorCode::Validation, "closure_depth_threshold_m " + number(thresholdM) + " is not > 0",
                    {{}, {}, "closure_depth_threshold_m"});
    if (depth.empty())
        throw Error(ErrorCode::Data, "the depth raster is empty", {{}, {}, "closure_depth_raster"});
    const double step = 0.5 * std::min(depth.geoTransform().cellWidth, depth.geoTransform().cellHeight);
    const core::Box extent = depth.extent();
    std::vector<int> out;
    for (std::size_t l = 0; l < cn.linkGeometry.size(); ++l) {
        if (!includeConnectors && cn.linkClass[l] == "connector") continue;
        const core::LineString& line = cn.linkGeometry[l];
        if (line.size() < 2 || !extent.intersects(core::bounds(line))) continue;
        double deepest = -1.0;
        for (std::size_t s = 0; s + 1 < line.size() && deepest < thresholdM; ++s) {
            const Point a = line[s], b = line[s + 1];
            const auto samples = static_cast<std::size_t>(std::ceil(distance(a, b) / step)) + 1;
            for (std::size_t k = 0; k <= samples; ++k) {
                const double t = static_cast<double>(k) / static_cast<double>(samples);
                const float v = depth.sampleNearest({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
                if (!std::isnan(v)) deepest = std::max(deepest, static_cast<double>(v));
            }
        }
        if (deepest >= thresholdM) out.push_back(static_cast<int>(l));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// Trips

std::vector<Problem> validate(const TripGenerationOptions& o) {
    std::vector<Problem> p;
    limits::check(p, "storey_height_m", o.storeyHeightM, limits::storeyHeightM, "m");
    limits::check(p, "car_share", o.carShare, limits::share);
    limits::check(p, "peak_hour_factor", o.peakHourFactor, limits::peakHourFactor);
    for (const auto& [use, rate] : o.dailyRates)
        if (!limits::tripRate.contains(rate))
            p.push_back({"trip_rates", std::string("trip rate of ") + toString(use) + " " + number(rate) +
                                           " is not within 0..1000 per 100 m2 and day"});
    return p;
}

std::vector<BuildingTrips> generateTrips(const core::CityModel& model, const TripGenerationOptions& o) {
    throwFirst(validate(o));
    // Use, floors and floor area as every simulator estimates them (core/occupancy.h), rates from the table.
    const core::OccupancyRules rules =
        o.occupancy.rates.empty() ? core::defaultOccupancyRules() : o.occupancy;
    core::OccupancyOptions oo;
    oo.storeyHeightM = o.storeyHeightM;
    oo.defaultUse = o.defaultUse;
    const std::vector<core::Occupancy> occ = core::estimateOccupancy(model, rules, oo);
    const auto rateOf = [&](BuildingUse use) {
        const auto r = o.dailyRates.find(use);
        return r != o.dailyRates.end() ? r->second : rules.rates.at(use).dailyTripEndsPer100M2;
    };
    // Directional split of the peak hour (assumed 70/30: homes empty in the morning and fill in the evening;
    // workplaces and services the other way round).
    const auto outShare = [&](BuildingUse use) {
        if (o.peak == PeakPeriod::Daily) return 0.5;
        const bool home = use == BuildingUse::Residential;
        return (home == (o.peak == PeakPeriod::Morning)) ? 0.7 : 0.3;
    };
    // Floor areas a layer states (newtown.buildings_after, a building register) replace the estimate
    // footprint x floors; a stated split into residential and non-residential floor area is generated as two
    // uses (a mixed building's ground-floor shops are not homes).
    const core::FieldList& fields = model.buildingFields;
    const int gfaField = fields.indexOf("gfa_m2");
    const int resField = fields.indexOf("gfa_residential_m2");
    const int nonResField = fields.indexOf("gfa_nonresidential_m2");
    const int nonResUseField = fields.indexOf("nonresidential_use");
    const auto attributeNumber = [](const core::Building& bd, int f) {
        if (f < 0 || static_cast<std::size_t>(f) >= bd.attributes.size()) return std::nan("");
        const core::AttributeValue& v = bd.attributes[static_cast<std::size_t>(f)];
        if (const auto* d = std::get_if<double>(&v)) return *d;
        if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
        return std::nan("");
    };
    std::vector<BuildingTrips> out;
    out.reserve(model.buildings.size());
    for (std::size_t b = 0; b < model.buildings.size(); ++b) {
        const core::Building& bd = model.buildings[b];
        BuildingTrips t;
        t.building = b;
        t.use = occ[b].use;
        t.floors = occ[b].floors;
        t.floorAreaM2 = occ[b].floorAreaM2;
        // (floor area, use) parts of the building
        std::vector<std::pair<double, BuildingUse>> parts;
        const double res = attributeNumber(bd, resField), nonRes = attributeNumber(bd, nonResField);
        if (std::isfinite(res) && std::isfinite(nonRes) && res >= 0.0 && nonRes >= 0.0 && res + nonRes > 0.0) {
            BuildingUse other = BuildingUse::Retail;  // a stated share of unstated use: neighbourhood shops
            if (nonResUseField >= 0 && static_cast<std::size_t>(nonResUseField) < bd.attributes.size())
                other = core::classifyUse(core::toText(bd.attributes[static_cast<std::size_t>(nonResUseField)]),
                                          BuildingUse::Retail);
            if (other == BuildingUse::Residential) other = BuildingUse::Retail;
            parts = {{res, BuildingUse::Residential}, {nonRes, other}};
            t.floorAreaM2 = res + nonRes;
            t.use = res >= nonRes ? BuildingUse::Residential : other;
        } else {
            const double gfa = attributeNumber(bd, gfaField);
            if (std::isfinite(gfa) && gfa > 0.0) t.floorAreaM2 = gfa;
            parts = {{t.floorAreaM2, t.use}};
        }
        for (const auto& [area, use] : parts) {
            const double ends = area / 100.0 * rateOf(use) * o.carShare * o.peakHourFactor;
            t.productions += ends * outShare(use);
            t.attractions += ends * (1.0 - outShare(use));
        }
        out.push_back(t);
    }
    return out;
}

ZoneTrips aggregateTrips(const core::CityModel& model, const std::vector<BuildingTrips>& trips,
                         const std::vector<ZoneDefinition>& zones) {
    ZoneTrips z;
    z.productions.assign(zones.size(), 0.0);
    z.attractions.assign(zones.size(), 0.0);
    if (zones.empty()) return z;
    std::vector<core::Box> boxes;
    for (const ZoneDefinition& zone : zones)
        boxes.push_back(core::bounds(zone.area));
    for (const BuildingTrips& t : trips) {
        const Point c = core::centroid(model.buildings[t.building].footprint);
        std::size_t best = zones.size();
        for (std::size_t i = 0; i < zones.size() && best == zones.size(); ++i)
            if (!zones[i].area.empty() && boxes[i].contains(c) &&
                boost::geometry::covered_by(c, zones[i].area))
                best = i;
        if (best == zones.size()) {
            double d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < zones.size(); ++i)
                if (distance(c, zones[i].centroid) < d) {
                    d = distance(c, zones[i].centroid);
                    best = i;
                }
        }
        z.productions[best] += t.productions;
        z.attractions[best] += t.attractions;
    }
    return z;
}

// ---------------------------------------------------------------------------------------------------------
// Gravity

OdMatrix gravityDistribution(const std::vector<double>& P, const std::vector<double>& A0,
                             const std::vector<double>& cost, const GravityOptions& o,
                             GravityReport* report) {
    std::vector<Problem> problems;
    limits::check(problems, "gravity_beta", o.beta, limits::gravityBeta, "per minute");
    if (o.maxIterations < 1)
        problems.push_back({"gravity_iterations", "at least one balancing iteration is needed"});
    const std::size_t z = P.size();
    if (A0.size() != z || cost.size() != z * z)
        problems.push_back({"demand", "productions, attractions and costs do not have matching sizes"});
    for (std::size_t i = 0; i < z && i < A0.size(); ++i)
        if (!(std::isfinite(P[i]) && P[i] >= 0 && std::isfinite(A0[i]) && A0[i] >= 0)) {
            problems.push_back(
                {"demand", "zone " + std::to_string(i + 1) + " has a negative or non-finite trip total"});
            break;
        }
    throwFirst(problems);
    GravityReport rep;
    const double totalP = std::accumulate(P.begin(), P.end(), 0.0);
    const double totalA = std::accumulate(A0.begin(), A0.end(), 0.0);
    std::vector<double> A = A0;
    if (totalA > 0 && totalP > 0) {
        rep.attractionScale = totalP / totalA;
        for (double& a : A)
            a *= rep.attractionScale;
    }
    // Deterrence, with intrazonal costs half the least cost to another zone (Ortuzar and Willumsen 2011).
    std::vector<double> f(z * z, 0.0);
    for (std::size_t i = 0; i < z; ++i) {
        double nearest = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < z; ++j)
            if (j != i && std::isfinite(cost[i * z + j])) nearest = std::min(nearest, cost[i * z + j]);
        for (std::size_t j = 0; j < z; ++j) {
            // A NaN diagonal (a cordon station) stays without intrazonal trips.
            const double c =
                i == j ? (std::isfinite(nearest) && !std::isnan(cost[i * z + i]) ? 0.5 * nearest : NAN)
                       : cost[i * z + j];
            f[i * z + j] = std::isfinite(c) ? std::exp(-o.beta * c) : 0.0;  // Wilson 1967: exp(-beta c)
        }
    }
    // Furness (1965) balancing: a_i = 1 / sum_j b_j A_j f_ij, b_j = 1 / sum_i a_i P_i f_ij.
    std::vector<double> a(z, 1.0), b(z, 1.0);
    for (int it = 1; it <= o.maxIterations; ++it) {
        rep.iterations = it;
        for (std::size_t i = 0; i < z; ++i) {
            double s = 0.0;
            for (std::size_t j = 0; j < z; ++j)
                s += b[j] * A[j] * f[i * z + j];
            a[i] = s > 0 ? 1.0 / s : 0.0;
        }
        for (std::size_t j = 0; j < z; ++j) {
            double s = 0.0;
            for (std::size_t i = 0; i < z; ++i)
                s += a[i] * P[i] * f[i * z + j];
            b[j] = s > 0 ? 1.0 / s : 0.0;
        }
        // Errors of the row sums (the column sums are exact after the b update).
        double err = 0.0;
        for (std::size_t i = 0; i < z; ++i) {
            if (!(P[i] > 0) || a[i] == 0.0) continue;
            double s = 0.0;
            for (std::size_t j = 0; j < z; ++j)
                s += a[i] * P[i] * b[j] * A[j] * f[i * z + j];
            err = std::max(err, std::abs(s - P[i]) / P[i]);
        }
        rep.maxRelativeError = err;
        if (err <= o.tolerance) break;
    }
    std::vector<OdPair> cells;
    for (std::size_t i = 0; i < z; ++i) {
        if (!(P[i] > 0)) continue;
        double placed = 0.0;
        for (std::size_t j = 0; j < z; ++j) {
            const double t = a[i] * P[i] * b[j] * A[j] * f[i * z + j];
            if (!(t > 0)) continue;
            placed += t;
            if (i == j) rep.intrazonal += t;
            cells.push_back({static_cast<int>(i), static_cast<int>(j), t});
        }
        if (placed == 0.0) rep.unplaced += P[i];
    }
    if (rep.maxRelativeError > o.tolerance)
        rep.messages.push_back("gravity balancing stopped after " + std::to_string(rep.iterations) +
                               " iterations with a relative error of " + number(rep.maxRelativeError));
    if (rep.unplaced > 0)
        rep.messages.push_back(number(rep.unplaced) +
                               " veh/h of trips start in zones that reach no attraction");
    if (std::abs(rep.attractionScale - 1.0) > 1e-12)
        rep.messages.push_back("attractions scaled by " + number(rep.attractionScale) +
                               " to match the productions");
    if (report) *report = rep;
    return OdMatrix::fromPairs(static_cast<int>(z), std::move(cells));
}

// ---------------------------------------------------------------------------------------------------------

std::vector<Problem> validate(const core::CityModel& model, const CityTrafficOptions& o) {
    std::vector<Problem> p = validate(o.roads);
    limits::check(p, "connectors_per_zone", o.connectors.connectorsPerZone, limits::connectorsPerZone);
    limits::check(p, "connector_speed_kmh", o.connectors.connectorSpeedKmh, limits::connectorSpeedKmh,
                  "km/h");
    if (o.zoneLayer.empty()) {
        limits::check(p, "zone_size_m", o.zoneSizeM, limits::zoneSizeM, "m");
    } else if (!model.vectors.count(o.zoneLayer)) {
        p.push_back({"zone_layer", "the model has no vector layer '" + o.zoneLayer + "'"});
    }
    for (const Problem& q : validate(o.trips))
        p.push_back(q);
    limits::check(p, "gravity_beta", o.gravity.beta, limits::gravityBeta, "per minute");
    return p;
}

CityTrafficInputs buildCityTrafficInputs(const core::CityModel& model, const CityTrafficOptions& o) {
    throwFirst(validate(model, o));
    CityTrafficInputs in;
    const RoadGraph graph = buildRoadGraph(model, o.roads);
    std::vector<ZoneDefinition> zones = o.zoneLayer.empty()
                                            ? gridZones(model, o.zoneSizeM)
                                            : zonesFromLayer(model.vectors.at(o.zoneLayer), o.zoneIdField);
    in.internalZones = static_cast<int>(zones.size());
    const std::vector<ZoneDefinition> internal = zones;
    if (o.cordon) {
        in.stations = findCordonStations(model, graph, o.cordonOptions, &in.cordonMessages);
        for (const CordonStation& st : in.stations) {
            ZoneDefinition x;
            x.id = st.id;
            x.centroid = st.point;
            x.gateNode = st.node;
            x.gateIn = st.capacityIn > 0;
            x.gateOut = st.capacityOut > 0;
            zones.push_back(std::move(x));
        }
    }
    in.network = buildCityNetwork(graph, std::move(zones), o.connectors);
    const int z = in.network.network.zoneCount;
    const int zi = in.internalZones;
    in.buildingTrips = generateTrips(model, o.trips);
    in.zoneTrips = aggregateTrips(model, in.buildingTrips, internal);
    // Free-flow least times between zones for the gravity model.
    const OdMatrix none = OdMatrix::fromPairs(z, {});
    AssignmentOptions skimOptions;
    skimOptions.computeSkim = true;
    const AssignmentResult freeFlow = evaluate(
        in.network.network, none, std::vector<double>(in.network.network.links.size(), 0.0), skimOptions);
    in.freeFlowSkim = freeFlow.skimTime;
    if (in.stations.empty()) {
        in.demand = gravityDistribution(in.zoneTrips.productions, in.zoneTrips.attractions, in.freeFlowSkim,
                                        o.gravity, &in.gravity);
        return in;
    }
    // With a cordon: stations produce their inbound flow that does not pass through (trips into the model)
    // and attract their outbound flow that does not (trips out of it); internal zones produce and attract
    // what the buildings generate. The stations' flows are counts or road-class loads: they stay as they
    // are, and the internal attractions are scaled so that the totals match (trips leaving the model cannot
    // outnumber what the zones produce: then the stations' outbound flows are scaled down, and said).
    const std::size_t zs = static_cast<std::size_t>(z);
    std::vector<double> P(zs, 0.0), A(zs, 0.0);
    double sumPi = 0.0, sumAi = 0.0, sumIn = 0.0, sumOut = 0.0;
    for (int i = 0; i < zi; ++i) {
        P[static_cast<std::size_t>(i)] = in.zoneTrips.productions[static_cast<std::size_t>(i)];
        A[static_cast<std::size_t>(i)] = in.zoneTrips.attractions[static_cast<std::size_t>(i)];
        sumPi += P[static_cast<std::size_t>(i)];
        sumAi += A[static_cast<std::size_t>(i)];
    }
    for (std::size_t k = 0; k < in.stations.size(); ++k) {
        const CordonStation& st = in.stations[k];
        P[static_cast<std::size_t>(zi) + k] = st.inbound * (1.0 - st.throughShare);
        A[static_cast<std::size_t>(zi) + k] = st.outbound * (1.0 - st.throughShare);
        sumIn += P[static_cast<std::size_t>(zi) + k];
        sumOut += A[static_cast<std::size_t>(zi) + k];
    }
    if (sumOut > 0.95 * sumPi + 1e-12 && sumOut > 0) {
        const double f = 0.95 * sumPi / sumOut;
        for (std::size_t k = 0; k < in.stations.size(); ++k)
            A[static_cast<std::size_t>(zi) + k] *= f;
        in.cordonMessages.push_back("trips leaving the model at the cordon (" + number(sumOut) +
                                    " veh/h) would outnumber the trips the zones produce (" + number(sumPi) +
                                    " veh/h): scaled down by " + number(f));
        sumOut *= f;
    }
    const double targetAi = sumPi + sumIn - sumOut;
    if (sumAi > 0)
        for (int i = 0; i < zi; ++i)
            A[static_cast<std::size_t>(i)] *= targetAi / sumAi;
    // No external-to-external cell in the gravity model: those are the through trips.
    std::vector<double> cost = in.freeFlowSkim;
    for (std::size_t a = static_cast<std::size_t>(zi); a < zs; ++a)
        for (std::size_t b = static_cast<std::size_t>(zi); b < zs; ++b)
            cost[a * zs + b] = std::numeric_limits<double>::quiet_NaN();
    const OdMatrix local = gravityDistribution(P, A, cost, o.gravity, &in.gravity);
    std::vector<OdPair> cells = local.pairs();
    for (const OdPair& c : cells) {
        if (c.origin >= zi && c.destination < zi) in.inboundDemand += c.demand;
        if (c.origin < zi && c.destination >= zi) in.outboundDemand += c.demand;
    }
    for (OdPair t : throughTrips(in.stations, o.cordonOptions.continuity)) {
        t.origin += zi;
        t.destination += zi;
        in.throughDemand += t.demand;
        cells.push_back(t);
    }
    in.demand = OdMatrix::fromPairs(z, std::move(cells));
    in.cordonMessages.push_back(std::to_string(in.stations.size()) + " cordon stations: " +
                                number(in.throughDemand) + " veh/h through, " + number(in.inboundDemand) +
                                " veh/h into and " + number(in.outboundDemand) + " veh/h out of the model");
    return in;
}

}  // namespace citytwin::traffic

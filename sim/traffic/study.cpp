#include "study.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "citytwin/core/attribute_rules.h"
#include "citytwin/core/error.h"
#include "citytwin/core/text.h"
#include "citytwin/traffic/csv_table.h"
#include "citytwin/traffic/gmns.h"
#include "citytwin/traffic/limits.h"
#include "citytwin/traffic/matrix_io.h"
#include "citytwin/traffic/tntp.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;
namespace fs = std::filesystem;

std::string number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool endsWith(const std::string& s, const std::string& tail) {
    const std::string l = lower(s);
    return l.size() >= tail.size() && l.compare(l.size() - tail.size(), tail.size(), tail) == 0;
}

Error paramError(const std::string& parameter, const std::string& message) {
    return Error(ErrorCode::Validation, message, {{}, {}, parameter});
}

/// Reads a matrix file by its kind: .omx, .csv (long format), else TNTP trips.
OdMatrix readMatrixFile(const std::string& path, const std::string& matrix,
                        const std::vector<std::string>& zoneIds) {
    if (endsWith(path, ".omx")) return readOmxMatrix(path, matrix, zoneIds);
    if (endsWith(path, ".csv")) return readMatrixCsv(path, zoneIds, matrix);
    const OdMatrix m = readTntpTrips(path, static_cast<int>(zoneIds.size()));
    return m;
}

/// The names of the matrices a file holds (OMX matrices, CSV value columns), for period matrices.
std::vector<std::string> matrixNames(const std::string& path) {
    if (endsWith(path, ".omx")) return inspectOmx(path).matrices;
    if (endsWith(path, ".csv")) return readCsvTable(path).header;
    return {};
}

OdMatrix scaled(const OdMatrix& m, double f) {
    std::vector<OdPair> cells = m.pairs();
    for (OdPair& c : cells)
        c.demand *= f;
    return OdMatrix::fromPairs(m.zoneCount(), std::move(cells));
}

OdMatrix sum(const std::vector<OdMatrix>& ms, int zones) {
    std::vector<OdPair> cells;
    for (const OdMatrix& m : ms)
        for (const OdPair& c : m.pairs())
            cells.push_back(c);
    return OdMatrix::fromPairs(zones, std::move(cells));
}

/// Offsets nothing: a straight line between two node coordinates (or an empty line without coordinates).
core::LineString straight(const Network& n, int a, int b) {
    if (n.nodeX.size() != static_cast<std::size_t>(n.nodeCount)) return {};
    const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
    if (!std::isfinite(n.nodeX[ua]) || !std::isfinite(n.nodeX[ub])) return {};
    return {{n.nodeX[ua], n.nodeY[ua]}, {n.nodeX[ub], n.nodeY[ub]}};
}

// ---------------------------------------------------------------------------------------------------------
// Networks

StudyNetwork fromCity(CityNetwork city, const core::CityModel& model) {
    StudyNetwork s;
    s.source = NetworkSource::City;
    s.network = city.network;
    for (const ZoneDefinition& z : city.zones)
        s.zoneIds.push_back(z.id);
    for (std::size_t a = 0; a < city.network.links.size(); ++a) {
        const int road = city.linkRoad[a];
        const core::Road* r = road >= 0 ? &model.roads[static_cast<std::size_t>(road)] : nullptr;
        s.linkLabel.push_back(r ? r->id : (city.linkClass[a] == "connector" ? std::string() : "new"));
        s.linkClass.push_back(city.linkClass[a]);
        s.linkName.push_back(r ? r->name : std::string());
    }
    s.geometry = city.linkGeometry;
    s.drawable = true;
    s.city = std::move(city);
    return s;
}

StudyNetwork fromTntp(const StudyOptions& o) {
    StudyNetwork s;
    s.source = NetworkSource::Tntp;
    s.network = readTntpNetwork(o.networkFile);
    if (!o.nodeFile.empty()) readTntpNodes(o.nodeFile, s.network);
    s.network.timeUnitMinutes = o.tntpTimeUnitMin;
    s.network.lengthUnitKm = o.tntpLengthUnitKm;
    s.zoneIds = numberedZoneIds(s.network.zoneCount);
    for (int v = 0; v < s.network.nodeCount; ++v)
        s.nodeIndex[std::to_string(v + 1)] = v;
    for (const Link& l : s.network.links) {
        s.linkLabel.push_back(std::to_string(l.tail + 1) + "-" + std::to_string(l.head + 1));
        s.linkClass.push_back(l.access ? "connector" : std::to_string(l.type));
        s.linkName.emplace_back();
        s.geometry.push_back(straight(s.network, l.tail, l.head));
    }
    s.drawable = !s.network.nodeX.empty();
    return s;
}

StudyNetwork fromGmns(const StudyOptions& o) {
    GmnsNetwork g = readGmns(o.nodeFile, o.networkFile);
    StudyNetwork s;
    s.source = NetworkSource::Gmns;
    s.network = std::move(g.network);
    s.zoneIds = g.zoneIds;
    for (std::size_t v = 0; v < g.nodeIds.size(); ++v)
        if (!g.nodeIds[v].empty()) s.nodeIndex[g.nodeIds[v]] = static_cast<int>(v);
    for (std::size_t a = 0; a < s.network.links.size(); ++a) {
        const Link& l = s.network.links[a];
        s.linkLabel.push_back(g.linkIds[a]);
        s.linkClass.push_back(l.access ? "connector" : "link");
        s.linkName.emplace_back();
        s.geometry.push_back(straight(s.network, l.tail, l.head));
    }
    bool anyControl = false;
    s.control.assign(static_cast<std::size_t>(s.network.nodeCount), JunctionControl::Uncontrolled);
    for (std::size_t v = 0; v < g.ctrlType.size(); ++v) {
        JunctionControl c;
        if (!g.ctrlType[v].empty() && parseJunctionControl(g.ctrlType[v], c)) {
            s.control[v] = c;
            anyControl = true;
        }
    }
    if (!anyControl) s.control.clear();
    s.drawable = true;
    return s;
}

/// Links with a label (all directions), in link order.
std::vector<int> linksLabelled(const StudyNetwork& s, const std::string& label) {
    std::vector<int> out;
    for (std::size_t a = 0; a < s.linkLabel.size(); ++a)
        if (!label.empty() && s.linkLabel[a] == label) out.push_back(static_cast<int>(a));
    return out;
}

/// The city edits of the old plug-in: road ids, areas, flood depths, capacity changes, new roads.
void applyStudyEdits(const core::CityModel& model, const StudyOptions& o, StudyNetwork& s, StudyResult& out) {
    NetworkEdits edits;
    std::set<int> closed;
    for (const std::string& id : o.closedLinks) {
        const std::vector<int> links = linksLabelled(s, id);
        if (links.empty()) throw paramError("closed_roads", "no road or link '" + id + "' in the network");
        closed.insert(links.begin(), links.end());
    }
    if (s.source == NetworkSource::City) {
        if (!o.closureArea.empty()) {
            core::MultiPolygon area;
            for (const core::VectorFeature& f : model.vectors.at(o.closureArea).features)
                for (const core::Polygon& poly : f.polygons)
                    area.push_back(poly);
            if (area.empty())
                throw paramError("closure_area", "layer '" + o.closureArea + "' has no polygons");
            const std::vector<int> links = linksInArea(s.city, area);
            out.log.push_back(std::to_string(links.size()) + " links cross the closure area");
            closed.insert(links.begin(), links.end());
        }
        if (!o.closureDepthLayer.empty()) {
            const core::Raster& depth =
                o.closureDepthLayer == "terrain" ? model.terrain : model.rasters.at(o.closureDepthLayer);
            const std::vector<int> links = linksFlooded(s.city, depth, o.closureDepthThresholdM);
            out.log.push_back(std::to_string(links.size()) + " links are under at least " +
                              core::number(o.closureDepthThresholdM) + " m of water: closed");
            closed.insert(links.begin(), links.end());
        }
    }
    edits.closedLinks.assign(closed.begin(), closed.end());
    for (const auto& [id, factor] : o.capacityChanges) {
        const std::vector<int> links = linksLabelled(s, id);
        if (links.empty())
            throw paramError("capacity_changes", "no road or link '" + id + "' in the network");
        for (int l : links)
            if (!closed.count(l)) edits.capacityFactors.push_back({l, factor});
    }
    std::vector<NewRoad> newRoads;
    if (s.source == NetworkSource::City && !o.addedRoads.empty()) {
        const core::VectorLayer& layer = model.vectors.at(o.addedRoads);
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const core::VectorFeature& f = layer.features[i];
            for (const core::LineString& line : f.lines) {
                NewRoad road;
                road.line = line;
                const std::string cls = core::toText(layer.value(i, "highway"));
                if (!cls.empty()) road.roadClass = cls;
                const core::RoadClassDefaults& def = core::roadClassDefaults(road.roadClass);
                road.lanes = core::parseLanes(core::toText(layer.value(i, "lanes"))).value_or(def.lanes);
                road.speedKmh =
                    core::parseMaxspeed(core::toText(layer.value(i, "maxspeed"))).value_or(def.speedKmh);
                const auto ow = core::parseOneway(core::toText(layer.value(i, "oneway")));
                road.oneway = ow ? *ow != core::Oneway::No : def.oneway;
                if (ow && *ow == core::Oneway::Backward) std::reverse(road.line.begin(), road.line.end());
                newRoads.push_back(std::move(road));
            }
        }
        if (newRoads.empty()) throw paramError("added_roads", "layer '" + o.addedRoads + "' has no lines");
        NetworkEdits added = newRoadEdits(s.city, newRoads, o.city.roads);
        edits.addedLinks = std::move(added.addedLinks);
    }
    out.closedLinks = edits.closedLinks.size();
    if (edits.closedLinks.empty() && edits.capacityFactors.empty() && edits.addedLinks.empty()) return;
    out.log.push_back(std::to_string(edits.closedLinks.size()) + " links closed, " +
                      std::to_string(edits.capacityFactors.size()) + " capacities changed, " +
                      std::to_string(edits.addedLinks.size()) + " links added");
    if (s.source == NetworkSource::City) {
        s.city = applyCityEdits(s.city, edits, newRoads);
        s.network = s.city.network;
        for (std::size_t a = s.linkLabel.size(); a < s.network.links.size(); ++a) {
            s.linkLabel.push_back("new");
            s.linkClass.push_back(s.city.linkClass[a]);
            s.linkName.emplace_back();
        }
        s.geometry = s.city.linkGeometry;
    } else {
        s.network = applyEdits(s.network, edits);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Demand

/// Cars and trucks from one matrix (a share of every cell as trucks) or two.
std::vector<ClassDemand> classesOf(const OdMatrix& all, const OdMatrix* trucks, const StudyOptions& o,
                                   const std::vector<int>& truckBans) {
    std::vector<ClassDemand> out(1);
    out[0].vehicleClass.id = "car";
    const bool withTrucks = trucks || o.truckShare > 0;
    out[0].demand = trucks || o.truckShare <= 0 ? all : scaled(all, 1.0 - o.truckShare);
    if (!withTrucks) return out;
    ClassDemand t;
    t.vehicleClass.id = "truck";
    t.vehicleClass.pce = o.truckPce;
    t.vehicleClass.bannedLinks = truckBans;
    t.demand = trucks ? *trucks : scaled(all, o.truckShare);
    out.push_back(std::move(t));
    return out;
}

LinkResults linkResults(const AssignmentResult& r, const ExpandedNetwork* x, std::size_t links) {
    LinkResults out;
    const auto pick = [&](const std::vector<double>& v) {
        if (!x) return v;
        std::vector<double> o(links, 0.0);
        for (std::size_t a = 0; a < links; ++a)
            o[a] = v[static_cast<std::size_t>(x->expandedLink[a])];
        return o;
    };
    out.pcuFlow = pick(r.flow);
    out.volumeCapacity = pick(r.volumeCapacity);
    out.travelTime = pick(r.travelTime);
    out.speedKmh = pick(r.speedKmh);
    out.flow.assign(links, 0.0);
    for (const std::vector<double>& c : r.classFlow) {
        out.classFlow.push_back(pick(c));
        for (std::size_t a = 0; a < links; ++a)
            out.flow[a] += out.classFlow.back()[a];
    }
    return out;
}

/// Study counts on links of the (expanded) network.
std::vector<CountObservation> countLinks(const StudyNetwork& s, const core::CityModel& model,
                                         const std::vector<StudyCount>& counts, const ExpandedNetwork* x) {
    std::vector<CountObservation> out;
    for (StudyCount c : counts) {
        if (c.link.empty() && std::isfinite(c.point.x)) {  // the nearest road at the point
            double best = 100.0;
            for (std::size_t a = 0; a < s.geometry.size(); ++a) {
                if (s.network.links[a].access || s.linkLabel[a].empty()) continue;
                const core::LineString& g = s.geometry[a];
                for (std::size_t k = 0; k + 1 < g.size(); ++k) {
                    const double dx = g[k + 1].x - g[k].x, dy = g[k + 1].y - g[k].y, len2 = dx * dx + dy * dy;
                    const double u =
                        len2 > 0 ? std::clamp(((c.point.x - g[k].x) * dx + (c.point.y - g[k].y) * dy) / len2,
                                              0.0, 1.0)
                                 : 0.0;
                    const double d = std::hypot(g[k].x + u * dx - c.point.x, g[k].y + u * dy - c.point.y);
                    if (d < best) {
                        best = d;
                        c.link = s.linkLabel[a];
                    }
                }
            }
            if (c.link.empty())
                throw paramError("counts_file", "count '" + c.id + "': no road within 100 m of (" +
                                                    number(c.point.x) + ", " + number(c.point.y) + ")");
        }
        std::vector<int> links = linksLabelled(s, c.link);
        if (links.empty() && s.source != NetworkSource::City) {  // "from to" written with another separator
            std::string t = c.link;
            for (char& ch : t)
                if (ch == ' ' || ch == '>' || ch == ':' || ch == ',') ch = '-';
            links = linksLabelled(s, t);
        }
        if (links.empty())
            throw paramError("counts_file", "count '" + c.id + "': no road or link '" + c.link + "'");
        const std::string dir = lower(c.direction);
        if (dir != "both" && dir != "forward" && dir != "backward")
            throw paramError("counts_file", "count '" + c.id + "': direction '" + c.direction +
                                                "' is not forward, backward or both");
        std::vector<int> chosen;
        if (dir == "both") {
            chosen = links;
        } else if (s.source == NetworkSource::City) {
            // Along the road as drawn: the link whose geometry runs the way the road's vertices do.
            for (int a : links) {
                const int road = s.city.linkRoad[static_cast<std::size_t>(a)];
                const core::LineString& rl = model.roads[static_cast<std::size_t>(road)].line;
                const core::LineString& g = s.geometry[static_cast<std::size_t>(a)];
                const auto nearest = [&](const core::Point& p) {
                    std::size_t best = 0;
                    double bd = 1e300;
                    for (std::size_t k = 0; k < rl.size(); ++k) {
                        const double d = std::hypot(rl[k].x - p.x, rl[k].y - p.y);
                        if (d < bd) {
                            bd = d;
                            best = k;
                        }
                    }
                    return best;
                };
                const bool forward = g.size() >= 2 && nearest(g.front()) < nearest(g.back());
                if (forward == (dir == "forward")) chosen.push_back(a);
            }
        } else {  // GMNS undirected links: the first of the pair is forward
            chosen.push_back(dir == "forward" ? links.front() : links.back());
        }
        if (chosen.empty())
            throw paramError("counts_file", "count '" + c.id + "': road '" + c.link + "' has no link " + dir);
        // A road split into several links in that direction: the count is taken on its middle one.
        if (dir != "both" && chosen.size() > 1) chosen = {chosen[chosen.size() / 2]};
        CountObservation ob;
        ob.id = c.id.empty() ? c.link + (dir == "both" ? "" : ":" + dir) : c.id;
        ob.count = c.value;
        for (int a : chosen)
            ob.links.push_back(x ? x->expandedLink[static_cast<std::size_t>(a)] : a);
        out.push_back(std::move(ob));
    }
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------

std::vector<StudyCount> readStudyCounts(const std::string& path) {
    const CsvTable t = readCsvTable(path);
    const int ic = t.column({"id", "station", "count_id"});
    const int lc = t.column({"road_id", "link_id", "link", "road"});
    const int fc = t.column({"from_node", "from_node_id", "from"}),
              tc = t.column({"to_node", "to_node_id", "to"});
    const int dc = t.column({"direction"}), pc = t.column({"period"});
    const int xc = t.column({"x"}), yc = t.column({"y"});
    const int vc = t.require({"count", "veh_h", "value", "volume"});
    if (lc < 0 && (fc < 0 || tc < 0) && (xc < 0 || yc < 0))
        t.require({"road_id", "link_id", "link", "from_node", "x"});
    std::vector<StudyCount> out;
    for (const CsvRow& row : t.rows) {
        StudyCount c;
        c.id = t.cell(row, ic);
        c.link = lc >= 0              ? t.cell(row, lc)
                 : fc >= 0 && tc >= 0 ? t.cell(row, fc) + "-" + t.cell(row, tc)
                                      : "";
        if (c.link == "-") c.link.clear();
        if (c.link.empty() && xc >= 0 && yc >= 0) c.point = {t.number(row, xc), t.number(row, yc)};
        if (c.link.empty() && !std::isfinite(c.point.x))
            throw t.error(row, lc >= 0 ? lc : fc >= 0 ? fc : xc, "the count names no road, link or point");
        if (dc >= 0 && !t.cell(row, dc).empty()) c.direction = t.cell(row, dc);
        c.period = t.cell(row, pc);
        c.value = t.number(row, vc);
        if (c.value < 0) throw t.error(row, vc, "negative count");
        out.push_back(c);
    }
    return out;
}

std::vector<CordonCount> readCordonCounts(const std::string& path) {
    const CsvTable t = readCsvTable(path);
    const int rc = t.column({"road_id", "road"});
    const int xc = t.column({"x"}), yc = t.column({"y"});
    if (rc < 0 && (xc < 0 || yc < 0)) t.require({"road_id", "x"});
    const int dc = t.column({"direction"});
    const int vc = t.require({"count", "veh_h", "value", "volume"});
    std::vector<CordonCount> out;
    for (const CsvRow& row : t.rows) {
        CordonCount c;
        c.roadId = t.cell(row, rc);
        if (c.roadId.empty()) c.point = {t.number(row, xc), t.number(row, yc)};
        const std::string d = lower(t.cell(row, dc));
        if (d == "inbound" || d == "in")
            c.direction = CordonCount::Direction::Inbound;
        else if (d == "outbound" || d == "out")
            c.direction = CordonCount::Direction::Outbound;
        else if (d.empty() || d == "both")
            c.direction = CordonCount::Direction::Both;
        else
            throw t.error(row, dc, "'" + t.cell(row, dc) + "' is not inbound, outbound or both");
        c.value = t.number(row, vc);
        if (c.value < 0) throw t.error(row, vc, "negative count");
        out.push_back(c);
    }
    return out;
}

std::vector<Problem> validate(const core::CityModel& model, const StudyOptions& o) {
    std::vector<Problem> p;
    const auto file = [&](const std::string& id, const std::string& path) {
        if (!path.empty() && !fs::exists(path)) p.push_back({id, "file '" + path + "' does not exist"});
    };
    file("network_file", o.networkFile);
    file("node_file", o.nodeFile);
    file("trips_file", o.tripsFile);
    file("truck_trips_file", o.truckTripsFile);
    file("turns_file", o.turnsFile);
    file("junction_delays_table", o.junctionDelaysFile);
    file("periods_table", o.periodsFile);
    file("counts_file", o.countsFile);
    file("districts_file", o.districtsFile);
    const bool city = o.source == NetworkSource::City;
    if (city) {
        if (model.roads.empty())
            p.push_back(
                {"network_file",
                 "the city model has no roads (add \"roads\" to the scenario, or name a network_file)"});
        if (model.buildings.empty() && o.tripsFile.empty())
            p.push_back({"trips_file",
                         "the city model has no buildings to generate the demand from (add buildings, or "
                         "name a trips_file)"});
        for (const Problem& q : traffic::validate(model, o.city))
            p.push_back(q);
        for (const auto& [id, layer] : {std::pair<std::string, std::string>{"signal_layer", o.signalLayer}})
            if (!layer.empty() && !model.vectors.count(layer))
                p.push_back({id, "the model has no vector layer '" + layer + "'"});
    } else {
        if (o.networkFile.empty()) p.push_back({"network_file", "no network file"});
        if (o.source == NetworkSource::Gmns && o.nodeFile.empty())
            p.push_back({"node_file", "a GMNS network needs its node.csv"});
        if (o.tripsFile.empty())
            p.push_back({"trips_file", "a network from files needs a trips file (the demand)"});
        for (const auto& [id, v] : {std::pair<std::string, std::string>{"closure_area", o.closureArea},
                                    {"closure_depth_layer", o.closureDepthLayer},
                                    {"added_roads", o.addedRoads},
                                    {"signal_layer", o.signalLayer}})
            if (!v.empty())
                p.push_back({id, id + " needs the city model's roads; this study reads its network from " +
                                     o.networkFile});
        limits::check(p, "tntp_time_unit_min", o.tntpTimeUnitMin, limits::unitFactor);
        limits::check(p, "tntp_length_unit_km", o.tntpLengthUnitKm, limits::unitFactor);
    }
    if (o.truckShare > 0 && !o.truckTripsFile.empty())
        p.push_back({"truck_share", "give a truck share or a truck trips file, not both"});
    if (o.adjustToCounts && o.countsFile.empty())
        p.push_back({"counts_file", "adjusting the matrix to counts needs a counts file"});
    if (o.adjustToCounts && (o.truckShare > 0 || !o.truckTripsFile.empty()))
        p.push_back({"adjust_to_counts", "the matrix adjustment works on one vehicle class: set no trucks"});
    if (o.adjustToCounts && o.timeOfDay)
        p.push_back({"adjust_to_counts", "the matrix adjustment works on one period: turn time_of_day off"});
    return p;
}

StudyResult runStudy(const core::CityModel& model, const StudyOptions& o, const core::Progress& progress) {
    {
        const std::vector<Problem> p = validate(model, o);
        if (!p.empty()) throw paramError(p.front().parameter, p.front().message);
    }
    StudyResult out;
    progress(0.0, "building the network and the demand");

    // 1. Network and base demand.
    OdMatrix base;
    if (o.source == NetworkSource::City) {
        out.cityInputs = buildCityTrafficInputs(model, o.city);
        for (const std::string& m : out.cityInputs.network.report.messages)
            out.log.push_back(m);
        for (const std::string& m : out.cityInputs.network.messages)
            out.log.push_back(m);
        for (const std::string& m : out.cityInputs.gravity.messages)
            out.log.push_back(m);
        for (const std::string& m : out.cityInputs.cordonMessages)
            out.log.push_back(m);
        base = out.cityInputs.demand;
        out.net = fromCity(std::move(out.cityInputs.network), model);
        out.cityInputs.network = CityNetwork();
    } else if (o.source == NetworkSource::Tntp) {
        out.net = fromTntp(o);
        out.timeUnitMinutes = o.tntpTimeUnitMin;
        out.lengthUnitKm = o.tntpLengthUnitKm;
    } else {
        out.net = fromGmns(o);
    }
    StudyNetwork& s = out.net;
    out.log.push_back("network: " + std::to_string(s.network.nodeCount) + " nodes, " +
                      std::to_string(s.network.links.size()) + " links, " +
                      std::to_string(s.network.zoneCount) + " zones");
    for (const std::string& m : inspectNetwork(s.network).messages)  // odd but legal: handled, said
        out.log.push_back(m);
    if (!o.tripsFile.empty()) {
        base = readMatrixFile(o.tripsFile, o.tripsMatrix, s.zoneIds);
        out.log.push_back("demand read from " + o.tripsFile + ": " + number(base.total()) + " trips");
    }
    if (o.demandScale != 1.0) base = scaled(base, o.demandScale);
    std::unique_ptr<OdMatrix> trucks;
    if (!o.truckTripsFile.empty()) {
        trucks = std::make_unique<OdMatrix>(readMatrixFile(o.truckTripsFile, o.tripsMatrix, s.zoneIds));
        if (o.demandScale != 1.0) *trucks = scaled(*trucks, o.demandScale);
    }
    if (progress.cancelled()) {
        out.cancelled = true;
        return out;
    }

    // 2. Scenario edits.
    applyStudyEdits(model, o, s, out);

    // 3. Junctions.
    std::unique_ptr<ExpandedNetwork> x;
    if (o.junctions || !o.turnsFile.empty()) {
        JunctionOptions jo;
        jo.rightHandTraffic = o.rightHandTraffic;
        jo.banUTurns = o.banUTurns;
        if (s.source == NetworkSource::City) {
            JunctionControlOptions co;
            co.signalLayer = o.signalLayer;
            std::vector<std::string> msgs;
            s.control = inferJunctionControl(model, s.city, co, &msgs);
            for (const std::string& m : msgs)
                out.log.push_back(m);
            linkBearings(s.city, jo.startBearing, jo.endBearing);
        }
        if (o.junctions && !s.control.empty()) {
            jo.control = s.control;
            jo.delays = o.junctionDelaysFile.empty() ? defaultJunctionDelays()
                                                     : readJunctionDelays(o.junctionDelaysFile);
            if (s.network.timeUnitMinutes <= 0) jo.control.clear();
        } else if (o.junctions) {
            out.log.push_back("no junction control known for this network: turn rules and U-turn bans only");
        }
        if (!o.turnsFile.empty()) {
            if (s.source == NetworkSource::City) {
                // Turns by road ids: from_road, to_road, penalty (minutes) or ban, at the nodes where they
                // meet.
                const CsvTable t = readCsvTable(o.turnsFile);
                const int fc = t.require({"from_road", "from_road_id"}),
                          tc = t.require({"to_road", "to_road_id"});
                const int pc = t.require({"penalty", "penalty_min", "ban"});
                for (const CsvRow& row : t.rows) {
                    const std::vector<int> from = linksLabelled(s, t.cell(row, fc)),
                                           to = linksLabelled(s, t.cell(row, tc));
                    if (from.empty())
                        throw t.error(row, fc, "no road '" + t.cell(row, fc) + "' in the network");
                    if (to.empty())
                        throw t.error(row, tc, "no road '" + t.cell(row, tc) + "' in the network");
                    const std::string pen = lower(t.cell(row, pc));
                    const bool ban = pen == "ban" || pen == "banned" || pen == "prohibited" || pen == "no";
                    const double minutes = ban ? 0.0 : t.number(row, pc);
                    if (minutes < 0) throw t.error(row, pc, "negative penalty");
                    std::size_t found = 0;
                    for (int a : from)
                        for (int b : to) {
                            const Link& la = s.network.links[static_cast<std::size_t>(a)];
                            const Link& lb = s.network.links[static_cast<std::size_t>(b)];
                            if (la.head != lb.tail || la.tail == lb.head) continue;
                            jo.rules.push_back({la.tail, la.head, lb.head, ban, minutes});
                            ++found;
                        }
                    if (!found)
                        throw t.error(row, -1,
                                      "roads '" + t.cell(row, fc) + "' and '" + t.cell(row, tc) +
                                          "' do not meet at a node of the network");
                }
            } else {
                jo.rules = readTurnRules(o.turnsFile, s.nodeIndex);
            }
            out.log.push_back(std::to_string(jo.rules.size()) + " turn rules from " + o.turnsFile);
        }
        x = std::make_unique<ExpandedNetwork>(expandJunctions(s.network, jo));
        for (const std::string& m : x->messages)
            out.log.push_back(m);
        out.junctions = x->junctions;
        out.bannedTurns = x->bannedTurns;
    }
    const Network& assigned = x ? x->network : s.network;
    const std::size_t links = s.network.links.size();

    // Trucks: banned from the links of the listed classes (and their turns).
    std::vector<int> truckBans;
    if (!o.truckBannedClasses.empty()) {
        const std::set<std::string> banned(o.truckBannedClasses.begin(), o.truckBannedClasses.end());
        for (std::size_t a = 0; a < links; ++a)
            if (banned.count(s.linkClass[a]))
                truckBans.push_back(x ? x->expandedLink[a] : static_cast<int>(a));
        out.log.push_back("trucks may not use " + std::to_string(truckBans.size()) + " links");
    }

    AssignmentOptions ao = o.assignment;
    const bool analyses = !o.selectLinks.empty() || !o.selectZone.empty();
    ao.keepOriginFlows = analyses;
    std::vector<StudyCount> counts;
    if (!o.countsFile.empty()) counts = readStudyCounts(o.countsFile);

    // 4. Assignment: one period, or the periods of a day.
    if (!o.timeOfDay) {
        std::vector<ClassDemand> cls = classesOf(base, trucks.get(), o, truckBans);
        for (const ClassDemand& c : cls) {
            out.classIds.push_back(c.vehicleClass.id);
            out.classDemand.push_back(c.demand);
        }
        out.demand = sum(out.classDemand, base.zoneCount());
        out.main = assign(assigned, cls, ao, progress.sub(0.05, 0.85, "solving the equilibrium"),
                          [&] { return progress.cancelled(); });
        if (out.main.status == AssignmentStatus::Cancelled) {
            out.cancelled = true;
            return out;
        }
        out.mainLinks = linkResults(out.main, x.get(), links);
    } else {
        const std::vector<Period> periods =
            o.periodsFile.empty() ? defaultPeriods() : readPeriods(o.periodsFile);
        std::vector<std::vector<ClassDemand>> hourly;
        std::vector<std::string> names =
            o.tripsFile.empty() ? std::vector<std::string>() : matrixNames(o.tripsFile);
        for (const Period& per : periods) {
            OdMatrix m;
            if (!o.tripsFile.empty() && std::find(names.begin(), names.end(), per.id) != names.end()) {
                m = scaled(readMatrixFile(o.tripsFile, per.id, s.zoneIds),
                           o.demandScale);  // the period's own
            } else if (!o.tripsFile.empty() || s.source != NetworkSource::City) {
                m = scaled(base, per.hourlyFactor());  // a daily matrix, factored
            } else {
                // The city's demand for the period: its direction, its share of the day, and the cordon flows
                // (peak-hour figures) scaled the same way.
                CityTrafficOptions c = o.city;
                c.trips.peak = per.direction == "am"   ? PeakPeriod::Morning
                               : per.direction == "pm" ? PeakPeriod::Evening
                                                       : PeakPeriod::Daily;
                c.trips.peakHourFactor = std::max(per.hourlyFactor(), 1e-6);
                c.cordonOptions.scale *= per.hourlyFactor() / o.city.trips.peakHourFactor;
                m = scaled(buildCityTrafficInputs(model, c).demand, o.demandScale);
            }
            hourly.push_back(classesOf(m, trucks.get(), o, truckBans));
            if (trucks) hourly.back()[1].demand = scaled(*trucks, per.hourlyFactor());
        }
        AssignmentOptions po = ao;
        PeriodResults pr = assignPeriods(assigned, hourly, periods, po, progress.sub(0.05, 0.85, "periods"),
                                         [&] { return progress.cancelled(); });
        if (pr.cancelled) {
            out.cancelled = true;
            return out;
        }
        for (const ClassDemand& c : hourly.front()) {
            out.classIds.push_back(c.vehicleClass.id);
            out.classDemand.push_back(c.demand);
        }
        out.demand = sum(out.classDemand, base.zoneCount() > 0 ? base.zoneCount() : s.network.zoneCount);
        for (std::size_t p = 0; p < periods.size(); ++p) {
            const AssignmentResult& r = pr.results[p];
            PeriodSummary ps;
            ps.period = periods[p];
            ps.demand = r.demandTotal;
            ps.assigned = r.demandAssigned;
            ps.unreachable = r.demandUnreachable;
            ps.intrazonal = r.demandIntrazonal;
            ps.roadTravelTime = r.roadTravelTime;
            ps.accessTravelTime = r.accessTravelTime;
            ps.roadDistance = r.roadDistance;
            ps.accessDistance = r.accessDistance;
            ps.relativeGap = r.relativeGap;
            ps.iterations = r.iterations;
            out.periods.push_back(ps);
            out.periodLinks.push_back(linkResults(r, x.get(), links));
        }
        out.dailyFlow.assign(links, 0.0);
        for (std::size_t a = 0; a < links; ++a)
            out.dailyFlow[a] =
                pr.dailyFlow[static_cast<std::size_t>(x ? x->expandedLink[a] : static_cast<int>(a))];
        out.dailyRoadTravelTime = pr.dailyRoadTravelTime;
        out.dailyAccessTravelTime = pr.dailyAccessTravelTime;
        out.dailyRoadDistance = pr.dailyRoadDistance;
        out.dailyAccessDistance = pr.dailyAccessDistance;
        out.dailyDemand = pr.dailyDemand;
        out.main = std::move(pr.results.front());
        out.mainLinks = out.periodLinks.front();
    }
    if (x)
        for (const ExpandedNetwork::Turn& t : x->turns)
            out.turns.push_back({t, out.main.flow[static_cast<std::size_t>(t.link)]});
    progress(0.86, "analysis");

    // 5. Counts (on the flows of their period), and the matrix adjustment.
    if (!counts.empty()) {
        std::vector<CountObservation> obs = countLinks(s, model, counts, x.get());
        std::vector<double> modelled;
        CountComparison cmp;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            std::size_t p = 0;
            if (!counts[i].period.empty() && !out.periods.empty()) {
                p = out.periods.size();
                for (std::size_t k = 0; k < out.periods.size(); ++k)
                    if (out.periods[k].period.id == counts[i].period) p = k;
                if (p == out.periods.size())
                    throw paramError("counts_file",
                                     "count '" + obs[i].id + "': no period '" + counts[i].period + "'");
            }
            const LinkResults& lr = out.periods.empty() ? out.mainLinks : out.periodLinks[p];
            // Counts are on study links: compare with vehicle flows there.
            std::vector<double> flows(assigned.links.size(), 0.0);
            for (std::size_t a = 0; a < links; ++a)
                flows[static_cast<std::size_t>(x ? x->expandedLink[a] : static_cast<int>(a))] = lr.flow[a];
            const CountComparison one = compareCounts(flows, {obs[i]});
            cmp.rows.push_back(one.rows.front());
            out.countPeriod.push_back(out.periods.empty() ? std::string() : out.periods[p].period.id);
        }
        // Summary statistics over all rows.
        std::vector<double> flat(cmp.rows.size());
        std::vector<CountObservation> pseudo;
        for (std::size_t i = 0; i < cmp.rows.size(); ++i) {
            flat[i] = cmp.rows[i].modelled;
            pseudo.push_back({cmp.rows[i].id, {static_cast<int>(i)}, cmp.rows[i].count});
        }
        out.counts = compareCounts(flat, pseudo);
        for (std::size_t i = 0; i < cmp.rows.size(); ++i)
            out.counts.rows[i].links = obs[i].links;
        out.haveCounts = true;
        if (o.adjustToCounts) {
            MatrixAdjustmentOptions ma;
            ma.iterations = o.adjustmentIterations;
            out.adjustment =
                adjustToCounts(assigned, base, obs, ao, ma, progress.sub(0.86, 0.95, "matrix adjustment"),
                               [&] { return progress.cancelled(); });
            if (out.adjustment.cancelled) {
                out.cancelled = true;
                return out;
            }
            out.adjustedLinks = linkResults(out.adjustment.assignment, x.get(), links);
            out.adjusted = true;
        }
    }

    // 6. Select link, select zone, districts.
    if (!o.selectLinks.empty()) {
        std::vector<int> sel;
        for (const std::string& id : o.selectLinks) {
            const std::vector<int> l = linksLabelled(s, id);
            if (l.empty()) throw paramError("select_links", "no road or link '" + id + "' in the network");
            for (int a : l)
                sel.push_back(x ? x->expandedLink[static_cast<std::size_t>(a)] : a);
        }
        SelectLinkResult r = selectLink(out.main, sel);
        out.selectLink.demand = std::move(r.demand);
        out.selectLink.total = r.total;
        out.selectLink.flow.assign(links, 0.0);
        for (std::size_t a = 0; a < links; ++a)
            out.selectLink.flow[a] =
                r.flow[static_cast<std::size_t>(x ? x->expandedLink[a] : static_cast<int>(a))];
        out.haveSelectLink = true;
    }
    if (!o.selectZone.empty()) {
        const auto it = std::find(s.zoneIds.begin(), s.zoneIds.end(), o.selectZone);
        if (it == s.zoneIds.end())
            throw paramError("select_zone", "no zone '" + o.selectZone + "' in the network");
        out.selectZoneIndex = static_cast<int>(it - s.zoneIds.begin());
        SelectZoneResult r = selectZone(out.main, out.selectZoneIndex, o.selectZoneDirection);
        out.selectZone.demand = std::move(r.demand);
        out.selectZone.flow.assign(links, 0.0);
        for (std::size_t a = 0; a < links; ++a)
            out.selectZone.flow[a] =
                r.flow[static_cast<std::size_t>(x ? x->expandedLink[a] : static_cast<int>(a))];
        out.haveSelectZone = true;
    }
    out.main.origins.reset();  // not needed any more (and large)
    if (!o.districtsFile.empty()) {
        auto [districtOf, names] = readDistricts(o.districtsFile, s.zoneIds);
        out.districtNames = names;
        out.districtMatrix = aggregateToDistricts(out.demand, districtOf, static_cast<int>(names.size()));
        out.haveDistricts = true;
    }
    progress(0.9, "analysis done");
    return out;
}

}  // namespace citytwin::traffic

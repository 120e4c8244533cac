#include "citytwin/traffic/gmns.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

/// km per unit of a length unit name, 0 when unknown.
double lengthUnit(const std::string& name) {
    const std::string n = lower(name);
    if (n == "km" || n == "kilometer" || n == "kilometers" || n == "kilometre" || n == "kilometres")
        return 1.0;
    if (n == "mi" || n == "mile" || n == "miles") return 1.609344;
    if (n == "m" || n == "meter" || n == "meters" || n == "metre" || n == "metres") return 0.001;
    if (n == "ft" || n == "feet" || n == "foot") return 0.0003048;
    return 0.0;
}

double speedUnit(const std::string& name) {
    const std::string n = lower(name);
    if (n == "kph" || n == "km/h" || n == "kmh" || n == "km/hr") return 1.0;
    if (n == "mph" || n == "mi/h" || n == "mi/hr") return 1.609344;
    return 0.0;
}

bool isFalse(const std::string& v) {
    const std::string n = lower(v);
    return n == "false" || n == "0" || n == "no" || n == "f";
}

}  // namespace

GmnsNetwork readGmns(const std::string& nodePath, const std::string& linkPath, const GmnsOptions& options) {
    GmnsNetwork out;
    double lengthKm = options.lengthUnitKm, speedKmh = options.speedUnitKmh;
    const std::filesystem::path config = std::filesystem::path(linkPath).parent_path() / "config.csv";
    if ((lengthKm <= 0 || speedKmh <= 0) && std::filesystem::exists(config)) {
        const CsvTable c = readCsvTable(config.string());
        if (!c.rows.empty()) {
            const int lc = c.column({"long_length"}), sc = c.column({"speed"});
            if (lengthKm <= 0 && lc >= 0 && !c.cell(c.rows[0], lc).empty()) {
                lengthKm = lengthUnit(c.cell(c.rows[0], lc));
                if (lengthKm <= 0)
                    throw c.error(c.rows[0], lc, "unknown length unit '" + c.cell(c.rows[0], lc) + "'");
            }
            if (speedKmh <= 0 && sc >= 0 && !c.cell(c.rows[0], sc).empty()) {
                speedKmh = speedUnit(c.cell(c.rows[0], sc));
                if (speedKmh <= 0)
                    throw c.error(c.rows[0], sc, "unknown speed unit '" + c.cell(c.rows[0], sc) + "'");
            }
        }
    }
    if (lengthKm <= 0) {
        lengthKm = 1.0;
        out.messages.push_back("link lengths taken in km (no config.csv long_length)");
    }
    if (speedKmh <= 0) {
        speedKmh = 1.0;
        out.messages.push_back("free speeds taken in km/h (no config.csv speed)");
    }

    const CsvTable nodes = readCsvTable(nodePath);
    const int nid = nodes.require({"node_id"});
    const int nx = nodes.require({"x_coord"}), ny = nodes.require({"y_coord"});
    const int nz = nodes.column({"zone_id"}), nc = nodes.column({"ctrl_type"});
    std::unordered_map<std::string, int> nodeIndex, zoneIndex;
    std::vector<std::string> physicalIds, physicalCtrl;
    std::vector<double> px, py;
    std::vector<std::vector<int>> zoneNodes;
    for (const CsvRow& row : nodes.rows) {
        const std::string& id = nodes.cell(row, nid);
        if (id.empty()) throw nodes.error(row, nid, "the node id is empty");
        if (!nodeIndex.emplace(id, static_cast<int>(physicalIds.size())).second)
            throw nodes.error(row, nid, "node '" + id + "' is given a second time");
        physicalIds.push_back(id);
        px.push_back(nodes.number(row, nx));
        py.push_back(nodes.number(row, ny));
        physicalCtrl.push_back(nc >= 0 ? lower(nodes.cell(row, nc)) : std::string());
        const std::string zone = nz >= 0 ? nodes.cell(row, nz) : std::string();
        if (zone.empty()) continue;
        const auto [it, fresh] = zoneIndex.emplace(zone, static_cast<int>(out.zoneIds.size()));
        if (fresh) {
            out.zoneIds.push_back(zone);
            zoneNodes.emplace_back();
        }
        zoneNodes[static_cast<std::size_t>(it->second)].push_back(static_cast<int>(physicalIds.size()) - 1);
    }
    if (out.zoneIds.empty())
        throw Error(ErrorCode::FileFormat,
                    "no node has a zone_id: the network has no zones to start trips from",
                    {nodePath, {}, {}});

    Network& net = out.network;
    const int z = static_cast<int>(out.zoneIds.size());
    net.zoneCount = z;
    net.firstThroughNode = z;
    net.nodeCount = z + static_cast<int>(physicalIds.size());
    net.timeUnitMinutes = 1.0;
    net.lengthUnitKm = 1.0;
    net.name = linkPath;
    net.source = linkPath;
    out.nodeIds.assign(static_cast<std::size_t>(z), std::string());
    out.ctrlType.assign(static_cast<std::size_t>(z), std::string());
    for (int k = 0; k < z; ++k) {  // centroid: mean of its nodes
        double sx = 0.0, sy = 0.0;
        for (int v : zoneNodes[static_cast<std::size_t>(k)]) {
            sx += px[static_cast<std::size_t>(v)];
            sy += py[static_cast<std::size_t>(v)];
        }
        const auto count = static_cast<double>(zoneNodes[static_cast<std::size_t>(k)].size());
        net.nodeX.push_back(sx / count);
        net.nodeY.push_back(sy / count);
    }
    for (std::size_t v = 0; v < physicalIds.size(); ++v) {
        net.nodeX.push_back(px[v]);
        net.nodeY.push_back(py[v]);
        out.nodeIds.push_back(physicalIds[v]);
        out.ctrlType.push_back(physicalCtrl[v]);
    }

    const CsvTable links = readCsvTable(linkPath);
    const int lid = links.column({"link_id"});
    const int lf = links.require({"from_node_id"}), lt = links.require({"to_node_id"});
    const int ld = links.column({"directed"}), llen = links.column({"length"}),
              llanes = links.column({"lanes"});
    const int lcap = links.column({"capacity"}), lspeed = links.column({"free_speed"}),
              ltoll = links.column({"toll"});
    const int lfft = links.column({"vdf_fftt", "fftt", "free_flow_time"});
    const int la = links.column({"vdf_alpha", "alpha"}), lb = links.column({"vdf_beta", "beta"});
    if (lcap < 0) links.require({"capacity"});
    if (lfft < 0 && (llen < 0 || lspeed < 0))
        throw Error(ErrorCode::FileFormat,
                    "link.csv needs vdf_fftt (free-flow time, minutes) or both length and free_speed",
                    {linkPath, {}, {}});
    std::unordered_map<std::string, std::size_t> linkSeen;
    const auto optional = [&](const CsvRow& row, int col, double fallback) {
        if (col < 0 || links.cell(row, col).empty()) return fallback;
        return links.number(row, col);
    };
    for (const CsvRow& row : links.rows) {
        const std::string id = lid >= 0 ? links.cell(row, lid) : std::to_string(row.line);
        if (lid >= 0 && !linkSeen.emplace(id, row.line).second)
            throw links.error(row, lid, "link '" + id + "' is given a second time");
        int ends[2];
        const int cols[2] = {lf, lt};
        for (int k = 0; k < 2; ++k) {
            const auto it = nodeIndex.find(links.cell(row, cols[k]));
            if (it == nodeIndex.end())
                throw links.error(row, cols[k],
                                  "node '" + links.cell(row, cols[k]) + "' is not in " + nodePath);
            ends[k] = z + it->second;
        }
        Link l;
        const double lanes = optional(row, llanes, 1.0);
        if (lanes < 0) throw links.error(row, llanes, "negative lane count");
        const double capPerLane = links.number(row, lcap);
        if (capPerLane < 0) throw links.error(row, lcap, "negative capacity");
        l.capacity = capPerLane * (lanes > 0 ? lanes : 1.0);
        l.length = optional(row, llen, 0.0) * lengthKm;
        if (l.length < 0) throw links.error(row, llen, "negative length");
        if (lfft >= 0 && !links.cell(row, lfft).empty()) {
            l.freeFlowTime = links.number(row, lfft);
        } else {
            const double speed = links.number(row, lspeed) * speedKmh;
            if (!(speed > 0))
                throw links.error(row, lspeed, "free speed " + links.cell(row, lspeed) + " is not > 0");
            l.freeFlowTime = l.length / speed * 60.0;
        }
        if (l.freeFlowTime < 0) throw links.error(row, lfft, "negative free-flow time");
        if (lspeed >= 0 && !links.cell(row, lspeed).empty())
            l.speedLimit = links.number(row, lspeed) * speedKmh;
        l.alpha = optional(row, la, options.defaultAlpha);
        l.beta = optional(row, lb, options.defaultBeta);
        if (l.alpha < 0) throw links.error(row, la, "negative BPR alpha");
        if (!(l.beta == 0 || l.beta >= 1))
            throw links.error(row, lb, "BPR power " + links.cell(row, lb) + " is not 0 or >= 1");
        l.toll = optional(row, ltoll, 0.0);
        if (l.toll < 0) throw links.error(row, ltoll, "negative toll");
        l.tail = ends[0];
        l.head = ends[1];
        net.links.push_back(l);
        out.linkIds.push_back(id);
        if (ld >= 0 && isFalse(links.cell(row, ld))) {
            std::swap(l.tail, l.head);
            net.links.push_back(l);
            out.linkIds.push_back(id);
        }
    }
    if (net.links.empty()) throw Error(ErrorCode::FileFormat, "the file has no links", {linkPath, {}, {}});
    for (int k = 0; k < z; ++k)
        for (int v : zoneNodes[static_cast<std::size_t>(k)]) {
            Link a;
            a.capacity = 0.0;
            a.alpha = 0.0;
            a.access = true;
            a.tail = k;
            a.head = z + v;
            net.links.push_back(a);
            out.linkIds.emplace_back();
            std::swap(a.tail, a.head);
            net.links.push_back(a);
            out.linkIds.emplace_back();
        }
    return out;
}

}  // namespace citytwin::traffic

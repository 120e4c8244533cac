#include "citytwin/traffic/matrix_io.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_map>

#include "citytwin/core/error.h"
#include "citytwin/core/omx.h"
#include "citytwin/traffic/csv_table.h"


namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

Error omxError(const std::string& path, const std::string& message) {
    return Error(ErrorCode::FileFormat, message, {path, {}, {}});
}

std::string fmt(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

std::unordered_map<std::string, int> indexOf(const std::vector<std::string>& zoneIds) {
    std::unordered_map<std::string, int> m;
    for (std::size_t i = 0; i < zoneIds.size(); ++i)
        m.emplace(zoneIds[i], static_cast<int>(i));
    return m;
}

/// The id as written, or an integer written as a real ("12.0" -> "12").
std::string canonicalId(const std::string& id) {
    double v = 0.0;
    if (parseCsvNumber(id, v) && v == std::floor(v) && std::abs(v) < 1e15) {
        std::ostringstream s;
        s << static_cast<long long>(v);
        return s.str();
    }
    return id;
}

std::ofstream openOut(const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw core::fileError(ErrorCode::Output, path, "cannot write the file");
    return out;
}

void closeOut(std::ofstream& out, const std::string& path) {
    out.flush();
    if (!out) throw core::fileError(ErrorCode::Output, path, "writing failed");
}

}  // namespace

std::vector<std::string> numberedZoneIds(int zoneCount) {
    std::vector<std::string> ids;
    for (int z = 1; z <= zoneCount; ++z)
        ids.push_back(std::to_string(z));
    return ids;
}

OdMatrix readMatrixCsv(const std::string& path, const std::vector<std::string>& zoneIds,
                       const std::string& valueColumn) {
    const CsvTable t = readCsvTable(path);
    int oc = t.column({"origin", "o", "from", "orig", "o_zone_id", "o_zone", "from_zone"});
    int dc = t.column({"destination", "d", "to", "dest", "d_zone_id", "d_zone", "to_zone"});
    int vc = -1;
    if (!valueColumn.empty()) {
        for (std::size_t c = 0; c < t.header.size(); ++c)
            if (t.header[c] == valueColumn) vc = static_cast<int>(c);
        if (vc < 0)
            throw Error(ErrorCode::FileFormat, "no column '" + valueColumn + "' in the header",
                        {path, {}, {}});
    } else {
        vc = t.column({"trips", "demand", "volume", "flow", "value", "veh_h"});
    }
    if ((oc < 0 || dc < 0 || vc < 0) && t.header.size() == 3 && valueColumn.empty()) {
        oc = 0;
        dc = 1;
        vc = 2;
    }
    if (oc < 0) t.require({"origin", "o", "from", "orig", "o_zone_id", "o_zone", "from_zone"});
    if (dc < 0) t.require({"destination", "d", "to", "dest", "d_zone_id", "d_zone", "to_zone"});
    if (vc < 0) t.require({"trips", "demand", "volume", "flow", "value", "veh_h"});
    const auto zones = indexOf(zoneIds);
    std::map<std::pair<int, int>, std::size_t> seen;
    std::vector<OdPair> cells;
    for (const CsvRow& row : t.rows) {
        int od[2];
        const int cols[2] = {oc, dc};
        for (int k = 0; k < 2; ++k) {
            const std::string id = canonicalId(t.cell(row, cols[k]));
            const auto it = zones.find(id);
            if (it == zones.end())
                throw t.error(row, cols[k],
                              "zone '" + t.cell(row, cols[k]) + "' is not a zone of the network (" +
                                  std::to_string(zoneIds.size()) + " zones)");
            od[k] = it->second;
        }
        const double q = t.number(row, vc);
        if (q < 0) throw t.error(row, vc, "negative demand " + fmt(q));
        const auto [it, fresh] = seen.emplace(std::make_pair(od[0], od[1]), row.line);
        if (!fresh)
            throw t.error(row, -1,
                          "the cell " + zoneIds[static_cast<std::size_t>(od[0])] + " -> " +
                              zoneIds[static_cast<std::size_t>(od[1])] +
                              " is given a second time (first on line " + std::to_string(it->second) + ")");
        if (q > 0) cells.push_back({od[0], od[1], q});
    }
    return OdMatrix::fromPairs(static_cast<int>(zoneIds.size()), std::move(cells));
}

void writeMatrixCsv(const std::string& path, const OdMatrix& m, const std::vector<std::string>& zoneIds,
                    const std::string& valueName) {
    if (static_cast<int>(zoneIds.size()) != m.zoneCount())
        throw Error(ErrorCode::Validation,
                    "the matrix has " + std::to_string(m.zoneCount()) + " zones, " +
                        std::to_string(zoneIds.size()) + " zone ids were given",
                    {path, {}, {}});
    std::ofstream out = openOut(path);
    out << "origin,destination," << valueName << "\n";
    for (int o = 0; o < m.zoneCount(); ++o)
        for (std::size_t k = m.begin(o); k < m.end(o); ++k)
            out << zoneIds[static_cast<std::size_t>(o)] << ','
                << zoneIds[static_cast<std::size_t>(m.destinations()[k])] << ',' << fmt(m.demands()[k])
                << '\n';
    closeOut(out, path);
}

void writeTntpTrips(const std::string& path, const OdMatrix& m) {
    std::ofstream out = openOut(path);
    // The total with the precision the cells are written with, so that the reader's check holds.
    double total = 0.0;
    for (double q : m.demands())
        total += std::stod(fmt(q));
    out << "<NUMBER OF ZONES> " << m.zoneCount() << "\n<TOTAL OD FLOW> " << fmt(total)
        << "\n<END OF METADATA>\n\n";
    for (int o = 0; o < m.zoneCount(); ++o) {
        if (m.end(o) == m.begin(o)) continue;
        out << "\nOrigin " << o + 1 << "\n";
        int onLine = 0;
        for (std::size_t k = m.begin(o); k < m.end(o); ++k) {
            out << "    " << m.destinations()[k] + 1 << " : " << fmt(m.demands()[k]) << ";";
            if (++onLine == 5) {
                out << "\n";
                onLine = 0;
            }
        }
        if (onLine) out << "\n";
    }
    closeOut(out, path);
}

OdMatrix aggregateToDistricts(const OdMatrix& m, const std::vector<int>& districtOf, int districtCount) {
    if (static_cast<int>(districtOf.size()) != m.zoneCount())
        throw Error(ErrorCode::Validation,
                    "districts are given for " + std::to_string(districtOf.size()) +
                        " zones, the matrix has " + std::to_string(m.zoneCount()),
                    {{}, {}, "districts"});
    for (std::size_t z = 0; z < districtOf.size(); ++z)
        if (districtOf[z] < -1 || districtOf[z] >= districtCount)
            throw Error(ErrorCode::Validation,
                        "zone " + std::to_string(z + 1) + " has district " + std::to_string(districtOf[z]) +
                            ", not within 0.." + std::to_string(districtCount - 1),
                        {{}, {}, "districts"});
    std::vector<OdPair> cells;
    for (const OdPair& p : m.pairs()) {
        const int a = districtOf[static_cast<std::size_t>(p.origin)];
        const int b = districtOf[static_cast<std::size_t>(p.destination)];
        if (a >= 0 && b >= 0) cells.push_back({a, b, p.demand});
    }
    return OdMatrix::fromPairs(districtCount, std::move(cells));
}

std::pair<std::vector<int>, std::vector<std::string>> readDistricts(const std::string& path,
                                                                    const std::vector<std::string>& zoneIds) {
    const CsvTable t = readCsvTable(path);
    const int zc = t.require({"zone", "zone_id"});
    const int dc = t.require({"district", "district_id"});
    const auto zones = indexOf(zoneIds);
    std::vector<int> districtOf(zoneIds.size(), -1);
    std::vector<std::string> names;
    std::map<std::string, int> byName;
    for (const CsvRow& row : t.rows) {
        const auto it = zones.find(canonicalId(t.cell(row, zc)));
        if (it == zones.end())
            throw t.error(row, zc, "zone '" + t.cell(row, zc) + "' is not a zone of the network");
        const std::string& d = t.cell(row, dc);
        if (d.empty()) throw t.error(row, dc, "the district is empty");
        if (districtOf[static_cast<std::size_t>(it->second)] >= 0)
            throw t.error(row, zc, "zone '" + t.cell(row, zc) + "' is given a second time");
        const auto [bi, fresh] = byName.emplace(d, static_cast<int>(names.size()));
        if (fresh) names.push_back(d);
        districtOf[static_cast<std::size_t>(it->second)] = bi->second;
    }
    return {districtOf, names};
}

// ---------------------------------------------------------------------------------------------------------
// OMX (the HDF5 layer is core::omx, shared with the host that writes matrix tables of runs as OMX)

bool omxAvailable() {
    return core::omx::available();
}

OmxInfo inspectOmx(const std::string& path) {
    const core::omx::Info i = core::omx::inspect(path);
    return {i.zones, i.version, i.matrices, i.lookups};
}

OdMatrix readOmxMatrix(const std::string& path, const std::string& matrix,
                       const std::vector<std::string>& zoneIds, const std::string& lookup) {
    const OmxInfo info = inspectOmx(path);
    std::string name = matrix;
    if (name.empty()) {
        if (info.matrices.size() != 1)
            throw omxError(path, "the file holds " + std::to_string(info.matrices.size()) +
                                     " matrices: name the one to read");
        name = info.matrices.front();
    }
    double na = 0.0;
    const std::vector<double> values = core::omx::readMatrix(path, name, na);
    const auto n = static_cast<std::size_t>(info.zones);
    // Rows to the network's zones.
    std::vector<int> zoneOf(n, -1);
    std::string lk = lookup;
    if (lk.empty() && info.lookups.size() == 1) lk = info.lookups.front();
    if (!lk.empty()) {
        const std::vector<std::string> ids = core::omx::readLookup(path, lk);
        const auto zones = indexOf(zoneIds);
        std::vector<bool> used(zoneIds.size(), false);
        for (std::size_t i = 0; i < n; ++i) {
            const auto it = zones.find(canonicalId(ids[i]));
            if (it == zones.end())
                throw omxError(path, "lookup '" + lk + "': zone " + ids[i] + " (row " + std::to_string(i + 1) +
                                         ") is not a zone of the network");
            if (used[static_cast<std::size_t>(it->second)])
                throw omxError(path, "lookup '" + lk + "': zone " + ids[i] + " (row " + std::to_string(i + 1) +
                                         ") appears twice");
            used[static_cast<std::size_t>(it->second)] = true;
            zoneOf[i] = it->second;
        }
    } else {
        if (n != zoneIds.size())
            throw omxError(path, "the file has " + std::to_string(n) +
                                     " zones and no lookup; the network has " +
                                     std::to_string(zoneIds.size()));
        for (std::size_t i = 0; i < n; ++i)
            zoneOf[i] = static_cast<int>(i);
    }
    std::vector<OdPair> cells;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const double q = values[i * n + j];
            if (std::isnan(q) || q == na || q == 0.0) continue;
            if (!(std::isfinite(q) && q >= 0))
                throw omxError(path, "matrix '" + name + "' row " + std::to_string(i + 1) + ", column " +
                                         std::to_string(j + 1) + ": " + fmt(q) + " is not a demand >= 0");
            cells.push_back({zoneOf[i], zoneOf[j], q});
        }
    return OdMatrix::fromPairs(static_cast<int>(zoneIds.size()), std::move(cells));
}

void writeOmx(const std::string& path, const std::vector<std::pair<std::string, const OdMatrix*>>& matrices,
              const std::vector<DenseMatrix>& dense, const std::vector<std::string>& zoneIds) {
    const std::size_t n = zoneIds.size();
    std::vector<core::omx::Matrix> all;
    for (const auto& [name, m] : matrices) {
        if (!m || static_cast<std::size_t>(m->zoneCount()) != n)
            throw Error(ErrorCode::Validation,
                        "matrix '" + name + "' does not have " + std::to_string(n) + " zones",
                        {path, {}, {}});
        std::vector<double> values(n * n, 0.0);
        for (const OdPair& p : m->pairs())
            values[static_cast<std::size_t>(p.origin) * n + static_cast<std::size_t>(p.destination)] = p.demand;
        all.push_back({name, std::move(values)});
    }
    for (const DenseMatrix& d : dense)
        all.push_back({d.name, d.values});
    core::omx::write(path, all, zoneIds);
}

}  // namespace citytwin::traffic

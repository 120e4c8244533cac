#include "citytwin/traffic/matrix_io.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <unordered_map>

#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"

#ifdef CITYTWIN_TRAFFIC_HAVE_HDF5
#include <hdf5.h>
#endif

namespace citytwin::traffic {

namespace {

using core::Error;
using core::ErrorCode;

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
// OMX

#ifdef CITYTWIN_TRAFFIC_HAVE_HDF5

namespace {

/// Closes an HDF5 handle when it goes out of scope.
class H5Handle {
public:
    H5Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~H5Handle() {
        if (id_ >= 0) close_(id_);
    }
    H5Handle(H5Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

/// HDF5 prints its error stack to stderr by default; engines print nothing. Silenced for the process while
/// an OMX function runs (HDF5 has one error stack setting per thread in thread-safe builds, global
/// otherwise).
class QuietHdf5 {
public:
    QuietHdf5() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

Error omxError(const std::string& path, const std::string& message) {
    return Error(ErrorCode::FileFormat, message, {path, {}, {}});
}

herr_t collectName(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
}

std::vector<std::string> groupMembers(hid_t file, const char* group) {
    std::vector<std::string> names;
    if (H5Lexists(file, group, H5P_DEFAULT) <= 0) return names;
    H5Handle g(H5Gopen2(file, group, H5P_DEFAULT), H5Gclose);
    if (!g.ok()) return names;
    hsize_t idx = 0;
    H5Literate(g.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collectName, &names);
    return names;
}

H5Handle openOmx(const std::string& path) {
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) throw core::fileError(ErrorCode::FileNotFound, path, "cannot open the file");
    }
    if (H5Fis_hdf5(path.c_str()) <= 0) throw omxError(path, "not an HDF5 file (OMX files are HDF5)");
    H5Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f.ok()) throw omxError(path, "HDF5 cannot open the file");
    return f;
}

/// Reads a 1-D or 2-D dataset as doubles; `dims` gets its shape.
std::vector<double> readDoubles(hid_t file, const std::string& name, std::vector<hsize_t>& dims,
                                const std::string& path) {
    H5Handle d(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!d.ok()) throw omxError(path, "cannot open dataset '" + name + "'");
    H5Handle space(H5Dget_space(d.get()), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 1 || rank > 2) throw omxError(path, "dataset '" + name + "' is not 1- or 2-dimensional");
    dims.assign(static_cast<std::size_t>(rank), 0);
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    H5Handle type(H5Dget_type(d.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_FLOAT && cls != H5T_INTEGER) throw omxError(path, "dataset '" + name + "' is not numeric");
    std::size_t n = 1;
    for (hsize_t k : dims)
        n *= static_cast<std::size_t>(k);
    std::vector<double> values(n);
    if (n > 0 && H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw omxError(path, "cannot read dataset '" + name + "'");
    return values;
}

}  // namespace

bool omxAvailable() {
    return true;
}

OmxInfo inspectOmx(const std::string& path) {
    QuietHdf5 quiet;
    H5Handle f = openOmx(path);
    OmxInfo info;
    if (H5Aexists(f.get(), "SHAPE") <= 0) throw omxError(path, "no SHAPE attribute: not an OMX file");
    {
        H5Handle a(H5Aopen(f.get(), "SHAPE", H5P_DEFAULT), H5Aclose);
        H5Handle space(H5Aget_space(a.get()), H5Sclose);
        if (H5Sget_simple_extent_npoints(space.get()) != 2)
            throw omxError(path, "SHAPE does not hold two numbers");
        long long shape[2] = {0, 0};
        if (H5Aread(a.get(), H5T_NATIVE_LLONG, shape) < 0) throw omxError(path, "cannot read SHAPE");
        if (shape[0] != shape[1] || shape[0] < 0 || shape[0] > 1000000)
            throw omxError(path, "SHAPE " + std::to_string(shape[0]) + " x " + std::to_string(shape[1]) +
                                     " is not a square zone matrix");
        info.zones = static_cast<int>(shape[0]);
    }
    if (H5Aexists(f.get(), "OMX_VERSION") > 0) {
        H5Handle a(H5Aopen(f.get(), "OMX_VERSION", H5P_DEFAULT), H5Aclose);
        H5Handle type(H5Aget_type(a.get()), H5Tclose);
        if (H5Tget_class(type.get()) == H5T_STRING) {
            if (H5Tis_variable_str(type.get()) > 0) {
                H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
                H5Tset_size(mem.get(), H5T_VARIABLE);
                char* s = nullptr;
                if (H5Aread(a.get(), mem.get(), &s) >= 0 && s) {
                    info.version = s;
                    H5free_memory(s);
                }
            } else {
                std::string s(H5Tget_size(type.get()), '\0');
                if (H5Aread(a.get(), type.get(), s.data()) >= 0) info.version = s.c_str();
            }
        }
    }
    info.matrices = groupMembers(f.get(), "/data");
    info.lookups = groupMembers(f.get(), "/lookup");
    return info;
}

OdMatrix readOmxMatrix(const std::string& path, const std::string& matrix,
                       const std::vector<std::string>& zoneIds, const std::string& lookup) {
    const OmxInfo info = inspectOmx(path);
    QuietHdf5 quiet;
    H5Handle f = openOmx(path);
    std::string name = matrix;
    if (name.empty()) {
        if (info.matrices.size() != 1)
            throw omxError(path, "the file holds " + std::to_string(info.matrices.size()) +
                                     " matrices: name the one to read");
        name = info.matrices.front();
    }
    bool found = false;
    for (const std::string& m : info.matrices)
        found = found || m == name;
    if (!found) throw omxError(path, "no matrix '" + name + "' under /data");
    std::vector<hsize_t> dims;
    std::vector<double> values = readDoubles(f.get(), "/data/" + name, dims, path);
    const auto n = static_cast<std::size_t>(info.zones);
    if (dims.size() != 2 || dims[0] != n || dims[1] != n)
        throw omxError(path, "matrix '" + name + "' is not " + std::to_string(n) + " x " + std::to_string(n));
    double na = std::numeric_limits<double>::quiet_NaN();
    {
        H5Handle d(H5Dopen2(f.get(), ("/data/" + name).c_str(), H5P_DEFAULT), H5Dclose);
        if (H5Aexists(d.get(), "NA") > 0) {
            H5Handle a(H5Aopen(d.get(), "NA", H5P_DEFAULT), H5Aclose);
            double v = 0.0;
            if (H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) >= 0) na = v;
        }
    }
    // Rows to the network's zones.
    std::vector<int> zoneOf(n, -1);
    std::string lk = lookup;
    if (lk.empty() && info.lookups.size() == 1) lk = info.lookups.front();
    if (!lk.empty()) {
        bool has = false;
        for (const std::string& l : info.lookups)
            has = has || l == lk;
        if (!has) throw omxError(path, "no lookup '" + lk + "' under /lookup");
        std::vector<hsize_t> ld;
        const std::vector<double> ids = readDoubles(f.get(), "/lookup/" + lk, ld, path);
        if (ld.size() != 1 || ld[0] != n)
            throw omxError(path, "lookup '" + lk + "' does not have " + std::to_string(n) + " entries");
        const auto zones = indexOf(zoneIds);
        for (std::size_t i = 0; i < n; ++i) {
            const auto it = zones.find(canonicalId(fmt(ids[i])));
            if (it == zones.end())
                throw omxError(path, "lookup '" + lk + "': zone " + fmt(ids[i]) + " (row " +
                                         std::to_string(i + 1) + ") is not a zone of the network");
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
    QuietHdf5 quiet;
    const std::size_t n = zoneIds.size();
    const auto fail = [&](const std::string& what) {
        return core::fileError(ErrorCode::Output, path, "cannot write the OMX file: " + what);
    };
    for (const auto& [name, m] : matrices)
        if (!m || static_cast<std::size_t>(m->zoneCount()) != n)
            throw Error(ErrorCode::Validation,
                        "matrix '" + name + "' does not have " + std::to_string(n) + " zones",
                        {path, {}, {}});
    for (const DenseMatrix& d : dense)
        if (d.values.size() != n * n)
            throw Error(ErrorCode::Validation,
                        "matrix '" + d.name + "' does not have " + std::to_string(n) + " x " +
                            std::to_string(n) + " values",
                        {path, {}, {}});
    H5Handle f(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (!f.ok()) throw fail("HDF5 cannot create it");
    {  // OMX_VERSION "0.2" (fixed-length string) and SHAPE (int32[2]) on the root group
        H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), 3);
        H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        H5Handle a(H5Acreate2(f.get(), "OMX_VERSION", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                   H5Aclose);
        if (!a.ok() || H5Awrite(a.get(), type.get(), "0.2") < 0) throw fail("OMX_VERSION");
        const hsize_t two = 2;
        H5Handle s2(H5Screate_simple(1, &two, nullptr), H5Sclose);
        H5Handle shape(H5Acreate2(f.get(), "SHAPE", H5T_STD_I32LE, s2.get(), H5P_DEFAULT, H5P_DEFAULT),
                       H5Aclose);
        const int dims[2] = {static_cast<int>(n), static_cast<int>(n)};
        if (!shape.ok() || H5Awrite(shape.get(), H5T_NATIVE_INT, dims) < 0) throw fail("SHAPE");
    }
    H5Handle data(H5Gcreate2(f.get(), "/data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    H5Handle look(H5Gcreate2(f.get(), "/lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!data.ok() || !look.ok()) throw fail("groups /data and /lookup");
    const hsize_t dims[2] = {n, n};
    const auto writeDataset = [&](const std::string& name, const std::vector<double>& values) {
        H5Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
        H5Handle d(H5Dcreate2(data.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   H5Dclose);
        if (!d.ok() ||
            (n > 0 && H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0))
            throw fail("matrix '" + name + "'");
    };
    for (const auto& [name, m] : matrices) {
        std::vector<double> values(n * n, 0.0);
        for (const OdPair& p : m->pairs())
            values[static_cast<std::size_t>(p.origin) * n + static_cast<std::size_t>(p.destination)] =
                p.demand;
        writeDataset(name, values);
    }
    for (const DenseMatrix& d : dense)
        writeDataset(d.name, d.values);
    std::vector<int> numbers;
    for (const std::string& id : zoneIds) {
        double v = 0.0;
        if (!parseCsvNumber(id, v) || v != std::floor(v) || std::abs(v) > 2147483647.0) break;
        numbers.push_back(static_cast<int>(v));
    }
    if (numbers.size() == n && n > 0) {
        const hsize_t len = n;
        H5Handle space(H5Screate_simple(1, &len, nullptr), H5Sclose);
        H5Handle d(H5Dcreate2(look.get(), "zone_number", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT),
                   H5Dclose);
        if (!d.ok() || H5Dwrite(d.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()) < 0)
            throw fail("lookup zone_number");
    }
    if (H5Fflush(f.get(), H5F_SCOPE_GLOBAL) < 0) throw fail("flush");
}

#else

namespace {
[[noreturn]] void noHdf5() {
    throw Error(ErrorCode::Internal,
                "this build of CityTwin has no HDF5: OMX files cannot be read or written");
}
}  // namespace

bool omxAvailable() {
    return false;
}
OmxInfo inspectOmx(const std::string&) {
    noHdf5();
}
OdMatrix readOmxMatrix(const std::string&, const std::string&, const std::vector<std::string>&,
                       const std::string&) {
    noHdf5();
}
void writeOmx(const std::string&, const std::vector<std::pair<std::string, const OdMatrix*>>&,
              const std::vector<DenseMatrix>&, const std::vector<std::string>&) {
    noHdf5();
}

#endif

}  // namespace citytwin::traffic

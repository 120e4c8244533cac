// Open Matrix (OMX 0.2) files on HDF5's C library. Every HDF5 call is checked; HDF5's own error printing is
// silenced while these functions run (the errors become core::Error with the file's name).

#include "citytwin/core/omx.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "citytwin/core/error.h"

#ifdef CITYTWIN_HAVE_HDF5
#include <hdf5.h>
#endif

namespace citytwin::core::omx {

#ifdef CITYTWIN_HAVE_HDF5

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

/// HDF5 prints its error stack to stderr by default; the library prints nothing. Silenced while an OMX
/// function runs (one setting per thread in thread-safe HDF5 builds, global otherwise).
class QuietHdf5 {
public:
    QuietHdf5() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
    QuietHdf5(const QuietHdf5&) = delete;
    QuietHdf5& operator=(const QuietHdf5&) = delete;

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

Error formatError(const std::string& path, const std::string& message) {
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

H5Handle openFile(const std::string& path) {
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) throw fileError(ErrorCode::FileNotFound, path, "cannot open the file");
    }
    if (H5Fis_hdf5(path.c_str()) <= 0) throw formatError(path, "not an HDF5 file (OMX files are HDF5)");
    H5Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f.ok()) throw formatError(path, "HDF5 cannot open the file");
    return f;
}

bool isMember(const std::vector<std::string>& names, const std::string& name) {
    for (const std::string& n : names)
        if (n == name) return true;
    return false;
}

/// Opens a dataset and checks its rank (1 or 2) and that it is not absurdly large; `dims` gets its shape.
H5Handle openDataset(hid_t file, const std::string& name, int rank, std::vector<hsize_t>& dims,
                     const std::string& path) {
    H5Handle d(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!d.ok()) throw formatError(path, "cannot open dataset '" + name + "'");
    H5Handle space(H5Dget_space(d.get()), H5Sclose);
    if (!space.ok() || H5Sget_simple_extent_ndims(space.get()) != rank)
        throw formatError(path, "dataset '" + name + "' is not " + std::to_string(rank) + "-dimensional");
    dims.assign(static_cast<std::size_t>(rank), 0);
    if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        throw formatError(path, "cannot read the shape of dataset '" + name + "'");
    return d;
}

std::string numberText(double v) {
    char buf[40];
    if (v == std::floor(v) && std::abs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else
        std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// Whether every id is an integer that fits an int32; `out` gets them.
bool integerIds(const std::vector<std::string>& ids, std::vector<int>& out) {
    out.clear();
    for (const std::string& id : ids) {
        if (id.empty() || id.size() > 11) return false;
        std::size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(id, &used, 10);
        } catch (const std::exception&) {
            return false;
        }
        if (used != id.size() || v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max() ||
            std::to_string(v) != id)
            return false;
        out.push_back(static_cast<int>(v));
    }
    return true;
}

}  // namespace

bool available() {
    return true;
}

namespace {

/// The OMX header of an open file.
Info inspectOpen(const H5Handle& f, const std::string& path) {
    Info info;
    if (H5Aexists(f.get(), "SHAPE") <= 0) throw formatError(path, "no SHAPE attribute: not an OMX file");
    {
        H5Handle a(H5Aopen(f.get(), "SHAPE", H5P_DEFAULT), H5Aclose);
        H5Handle space(H5Aget_space(a.get()), H5Sclose);
        H5Handle type(H5Aget_type(a.get()), H5Tclose);
        if (!a.ok() || !space.ok() || H5Sget_simple_extent_npoints(space.get()) != 2)
            throw formatError(path, "SHAPE does not hold two numbers");
        if (H5Tget_class(type.get()) != H5T_INTEGER) throw formatError(path, "SHAPE is not two integers");
        long long shape[2] = {0, 0};
        if (H5Aread(a.get(), H5T_NATIVE_LLONG, shape) < 0) throw formatError(path, "cannot read SHAPE");
        if (shape[0] != shape[1] || shape[0] < 0 || shape[0] > 1000000)
            throw formatError(path, "SHAPE " + std::to_string(shape[0]) + " x " + std::to_string(shape[1]) +
                                        " is not a square zone matrix");
        info.zones = static_cast<int>(shape[0]);
    }
    if (H5Aexists(f.get(), "OMX_VERSION") > 0) {
        H5Handle a(H5Aopen(f.get(), "OMX_VERSION", H5P_DEFAULT), H5Aclose);
        H5Handle type(H5Aget_type(a.get()), H5Tclose);
        H5Handle space(H5Aget_space(a.get()), H5Sclose);
        if (a.ok() && type.ok() && space.ok() && H5Tget_class(type.get()) == H5T_STRING &&
            H5Sget_simple_extent_npoints(space.get()) == 1) {
            if (H5Tis_variable_str(type.get()) > 0) {
                H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
                H5Tset_size(mem.get(), H5T_VARIABLE);
                H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
                char* s = nullptr;
                if (H5Aread(a.get(), mem.get(), &s) >= 0 && s) {
                    info.version = s;
                    H5free_memory(s);
                }
            } else {
                const std::size_t size = H5Tget_size(type.get());
                if (size > 0 && size < 4096) {
                    std::string s(size, '\0');
                    if (H5Aread(a.get(), type.get(), s.data()) >= 0) info.version = s.c_str();
                }
            }
        }
    }
    info.matrices = groupMembers(f.get(), "/data");
    info.lookups = groupMembers(f.get(), "/lookup");
    return info;
}

/// A dataset of an OMX file, opened once with the file's header: `what` ("matrix" or "lookup") under `group`.
struct Member {
    H5Handle file;
    Info info;
    H5Handle dataset;
    std::vector<hsize_t> dims;
};
Member openMember(const std::string& path, const char* what, const char* group, const std::string& name,
                  int rank) {
    H5Handle f = openFile(path);
    Info info = inspectOpen(f, path);
    if (!isMember(std::string(what) == "matrix" ? info.matrices : info.lookups, name))
        throw formatError(path, std::string("no ") + what + " '" + name + "' under " + group);
    std::vector<hsize_t> dims;
    H5Handle d = openDataset(f.get(), std::string(group) + "/" + name, rank, dims, path);
    return {std::move(f), std::move(info), std::move(d), std::move(dims)};
}

}  // namespace

Info inspect(const std::string& path) {
    QuietHdf5 quiet;
    return inspectOpen(openFile(path), path);
}

std::vector<double> readMatrix(const std::string& path, const std::string& name, double& na) {
    QuietHdf5 quiet;
    const Member m = openMember(path, "matrix", "/data", name, 2);
    const std::vector<hsize_t>& dims = m.dims;
    const H5Handle& d = m.dataset;
    const auto n = static_cast<hsize_t>(m.info.zones);
    if (dims[0] != n || dims[1] != n)
        throw formatError(path, "matrix '" + name + "' is " + std::to_string(dims[0]) + " x " +
                                    std::to_string(dims[1]) + ", SHAPE says " + std::to_string(n) + " x " +
                                    std::to_string(n));
    H5Handle type(H5Dget_type(d.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
        throw formatError(path, "matrix '" + name + "' is not numeric");
    std::vector<double> values(static_cast<std::size_t>(n * n));
    if (n > 0 && H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw formatError(path, "cannot read matrix '" + name + "'");
    na = std::numeric_limits<double>::quiet_NaN();
    if (H5Aexists(d.get(), "NA") > 0) {
        H5Handle a(H5Aopen(d.get(), "NA", H5P_DEFAULT), H5Aclose);
        H5Handle space(H5Aget_space(a.get()), H5Sclose);
        H5Handle at(H5Aget_type(a.get()), H5Tclose);
        const H5T_class_t ac = H5Tget_class(at.get());
        double v = 0.0;
        if (a.ok() && space.ok() && H5Sget_simple_extent_npoints(space.get()) == 1 &&
            (ac == H5T_FLOAT || ac == H5T_INTEGER) && H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v) >= 0)
            na = v;
    }
    return values;
}

std::vector<std::string> readLookup(const std::string& path, const std::string& name) {
    QuietHdf5 quiet;
    const Member m = openMember(path, "lookup", "/lookup", name, 1);
    const H5Handle& d = m.dataset;
    const Info& info = m.info;
    const auto n = static_cast<std::size_t>(m.dims[0]);
    if (n != static_cast<std::size_t>(info.zones))
        throw formatError(path, "lookup '" + name + "' has " + std::to_string(n) + " entries, SHAPE says " +
                                    std::to_string(info.zones) + " zones");
    H5Handle type(H5Dget_type(d.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    std::vector<std::string> out;
    out.reserve(n);
    if (cls == H5T_FLOAT || cls == H5T_INTEGER) {
        std::vector<double> v(n);
        if (n > 0 && H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
            throw formatError(path, "cannot read lookup '" + name + "'");
        for (double x : v) {
            if (!std::isfinite(x))
                throw formatError(path, "lookup '" + name + "' holds a value that is not a number");
            out.push_back(numberText(x));
        }
    } else if (cls == H5T_STRING && H5Tis_variable_str(type.get()) > 0) {
        H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), H5T_VARIABLE);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));  // HDF5 does not convert between ASCII and UTF-8
        std::vector<char*> s(n, nullptr);
        if (n > 0 && H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, s.data()) < 0)
            throw formatError(path, "cannot read lookup '" + name + "'");
        for (char* p : s) {
            out.emplace_back(p ? p : "");
            if (p) H5free_memory(p);
        }
    } else if (cls == H5T_STRING) {
        const std::size_t size = H5Tget_size(type.get());
        if (size == 0 || size > 4096)
            throw formatError(path, "lookup '" + name + "' has strings of odd size");
        H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), size);
        H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
        std::vector<char> buf(n * size, '\0');
        if (n > 0 && H5Dread(d.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
            throw formatError(path, "cannot read lookup '" + name + "'");
        for (std::size_t i = 0; i < n; ++i) {
            const char* p = buf.data() + i * size;
            std::size_t len = 0;
            while (len < size && p[len] != '\0')
                ++len;
            std::string id(p, len);
            while (!id.empty() && id.back() == ' ')
                id.pop_back();
            out.push_back(std::move(id));
        }
    } else {
        throw formatError(path, "lookup '" + name + "' holds neither numbers nor text");
    }
    return out;
}

void write(const std::string& path, const std::vector<Matrix>& matrices,
           const std::vector<std::string>& zoneIds) {
    QuietHdf5 quiet;
    const std::size_t n = zoneIds.size();
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw Error(ErrorCode::Validation, "too many zones for an OMX file", {path, {}, {}});
    std::set<std::string> names;
    for (const Matrix& m : matrices) {
        if (m.values.size() != n * n)
            throw Error(ErrorCode::Validation,
                        "matrix '" + m.name + "' does not have " + std::to_string(n) + " x " +
                            std::to_string(n) + " values",
                        {path, {}, {}});
        if (m.name.empty() || m.name.find('/') != std::string::npos || m.name == "." || m.name == "..")
            throw Error(ErrorCode::Validation, "matrix name '" + m.name + "' cannot name an HDF5 dataset",
                        {path, {}, {}});
        if (!names.insert(m.name).second)
            throw Error(ErrorCode::Validation, "matrix '" + m.name + "' is given twice", {path, {}, {}});
    }
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const auto fail = [&](const std::string& what) {
        std::remove(tmp.c_str());
        return fileError(ErrorCode::Output, path, "cannot write the OMX file: " + what);
    };
    {
        H5Handle f(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
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
        for (const Matrix& m : matrices) {
            H5Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
            H5Handle d(H5Dcreate2(data.get(), m.name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                  H5P_DEFAULT, H5P_DEFAULT),
                       H5Dclose);
            if (!d.ok() || (n > 0 && H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                              m.values.data()) < 0))
                throw fail("matrix '" + m.name + "'");
        }
        if (n > 0) {
            const hsize_t len = n;
            H5Handle space(H5Screate_simple(1, &len, nullptr), H5Sclose);
            std::vector<int> numbers;
            if (integerIds(zoneIds, numbers)) {
                H5Handle d(H5Dcreate2(look.get(), "zone_number", H5T_STD_I32LE, space.get(), H5P_DEFAULT,
                                      H5P_DEFAULT, H5P_DEFAULT),
                           H5Dclose);
                if (!d.ok() ||
                    H5Dwrite(d.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data()) < 0)
                    throw fail("lookup zone_number");
            } else {
                std::size_t width = 1;
                for (const std::string& id : zoneIds)
                    width = std::max(width, id.size());
                H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
                H5Tset_size(type.get(), width);
                H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
                H5Tset_cset(type.get(), H5T_CSET_UTF8);
                std::vector<char> buf(n * width, '\0');
                for (std::size_t i = 0; i < n; ++i)
                    zoneIds[i].copy(buf.data() + i * width, zoneIds[i].size());
                H5Handle d(H5Dcreate2(look.get(), "zone_id", type.get(), space.get(), H5P_DEFAULT,
                                      H5P_DEFAULT, H5P_DEFAULT),
                           H5Dclose);
                if (!d.ok() || H5Dwrite(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
                    throw fail("lookup zone_id");
            }
        }
        if (H5Fflush(f.get(), H5F_SCOPE_GLOBAL) < 0) throw fail("flush");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw fail("cannot move it in place (" + ec.message() + ")");
}

#else

namespace {
[[noreturn]] void noHdf5() {
    throw Error(ErrorCode::Internal,
                "this build of CityTwin has no HDF5: OMX files cannot be read or written");
}
}  // namespace

bool available() {
    return false;
}
Info inspect(const std::string&) {
    noHdf5();
}
std::vector<double> readMatrix(const std::string&, const std::string&, double&) {
    noHdf5();
}
std::vector<std::string> readLookup(const std::string&, const std::string&) {
    noHdf5();
}
void write(const std::string&, const std::vector<Matrix>&, const std::vector<std::string>&) {
    noHdf5();
}

#endif

}  // namespace citytwin::core::omx

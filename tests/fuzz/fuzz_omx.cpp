// Fuzz target: the OMX readers (core/omx.h and traffic's readOmxMatrix). Structure-aware: the input is not
// the file's bytes but a recipe for an HDF5 file with hostile OMX content, written with the HDF5 library:
// SHAPE of any type and length, matrices of any rank, size and numeric or text type, NA attributes, lookups
// that are short, long, repeated, text or non-finite. The readers must refuse what does not fit with a
// core::Error. HDF5's own parser of corrupt bytes is not fuzzed here: that is the HDF5 project's (see
// sim/traffic/README.md).
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/omx.h"
#include "citytwin/traffic/matrix_io.h"
#include "fuzz_util.h"

namespace {

/// Reads the recipe byte by byte; 0 when it runs out.
class Recipe {
public:
    Recipe(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
    std::uint8_t byte() { return i_ < n_ ? d_[i_++] : 0; }
    int small(int max) { return byte() % (max + 1); }
    double value() {
        switch (byte() % 8) {
            case 0:
                return std::numeric_limits<double>::quiet_NaN();
            case 1:
                return std::numeric_limits<double>::infinity();
            case 2:
                return -1.0;
            case 3:
                return 1e300;
            default: {
                const std::uint8_t a = byte(), b = byte();
                const auto v = static_cast<std::int16_t>(static_cast<std::uint16_t>(a | (b << 8)));
                return v / 4.0;
            }
        }
    }

private:
    const std::uint8_t* d_;
    std::size_t n_;
    std::size_t i_ = 0;
};

/// One of the types a careless writer might use.
hid_t pickType(Recipe& r, bool& text) {
    text = false;
    switch (r.small(5)) {
        case 0:
            return H5Tcopy(H5T_IEEE_F32LE);
        case 1:
            return H5Tcopy(H5T_STD_I8LE);
        case 2:
            return H5Tcopy(H5T_STD_I64BE);
        case 3: {
            text = true;
            const hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, static_cast<std::size_t>(1 + r.small(7)));
            return t;
        }
        case 4: {
            text = true;
            const hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            return t;
        }
        default:
            return H5Tcopy(H5T_IEEE_F64LE);
    }
}

/// Writes a dataset or attribute of `count` elements from the recipe in `type`.
herr_t fill(Recipe& r, hid_t obj, bool attribute, hid_t type, bool text, std::size_t count) {
    if (text) {
        const bool variable = H5Tis_variable_str(type) > 0;
        const std::size_t width = variable ? 0 : H5Tget_size(type);
        std::vector<std::string> words(count);
        for (auto& w : words) {
            const int len = r.small(6);
            for (int k = 0; k < len; ++k)
                w.push_back(static_cast<char>('0' + r.small(42)));
        }
        if (variable) {
            std::vector<const char*> p;
            for (const auto& w : words)
                p.push_back(w.c_str());
            return attribute ? H5Awrite(obj, type, p.data())
                             : H5Dwrite(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data());
        }
        std::vector<char> buf(count * width, '\0');
        for (std::size_t i = 0; i < count; ++i)
            std::memcpy(buf.data() + i * width, words[i].data(), std::min(width, words[i].size()));
        return attribute ? H5Awrite(obj, type, buf.data())
                         : H5Dwrite(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    }
    std::vector<double> v(count);
    for (double& x : v)
        x = r.value();
    // HDF5 converts doubles to the file type (clipping what an integer cannot hold).
    return attribute ? H5Awrite(obj, H5T_NATIVE_DOUBLE, v.data())
                     : H5Dwrite(obj, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
}

void dataset(Recipe& r, hid_t group, const char* name, int rank, int zones) {
    bool text = false;
    const hid_t type = pickType(r, text);
    hsize_t dims[3];
    std::size_t count = 1;
    for (int k = 0; k < rank; ++k) {
        dims[k] = static_cast<hsize_t>(r.byte() % 4 == 0 ? r.small(6) : zones);
        count *= dims[k];
    }
    const hid_t space = H5Screate_simple(rank, dims, nullptr);
    const hid_t d = H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0) {
        fill(r, d, false, type, text, count);
        if (r.byte() % 3 == 0) {  // an NA attribute, scalar or not, of any type
            bool atext = false;
            const hid_t at = pickType(r, atext);
            const hsize_t an = static_cast<hsize_t>(1 + r.small(2));
            const hid_t as = H5Screate_simple(1, &an, nullptr);
            const hid_t a = H5Acreate2(d, "NA", at, as, H5P_DEFAULT, H5P_DEFAULT);
            if (a >= 0) {
                fill(r, a, true, at, atext, an);
                H5Aclose(a);
            }
            H5Sclose(as);
            H5Tclose(at);
        }
        H5Dclose(d);
    }
    H5Sclose(space);
    H5Tclose(type);
}

void writeRecipe(Recipe& r, const std::string& path) {
    const hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return;
    const int zones = r.small(6);
    if (r.byte() % 8 != 0) {  // SHAPE, usually right, sometimes not
        bool text = false;
        const hid_t type = r.byte() % 4 == 0 ? pickType(r, text) : H5Tcopy(H5T_STD_I32LE);
        const hsize_t n = r.byte() % 5 == 0 ? static_cast<hsize_t>(r.small(3)) : 2;
        const hid_t s = H5Screate_simple(1, &n, nullptr);
        const hid_t a = H5Acreate2(f, "SHAPE", type, s, H5P_DEFAULT, H5P_DEFAULT);
        if (a >= 0) {
            if (text || r.byte() % 4 == 0) {
                fill(r, a, true, type, text, n);
            } else {
                std::vector<int> v(n, zones);
                H5Awrite(a, H5T_NATIVE_INT, v.data());
            }
            H5Aclose(a);
        }
        H5Sclose(s);
        H5Tclose(type);
    }
    if (r.byte() % 2 == 0) {  // OMX_VERSION as text or as a number
        bool text = false;
        const hid_t type = pickType(r, text);
        const hid_t s = H5Screate(H5S_SCALAR);
        const hid_t a = H5Acreate2(f, "OMX_VERSION", type, s, H5P_DEFAULT, H5P_DEFAULT);
        if (a >= 0) {
            fill(r, a, true, type, text, 1);
            H5Aclose(a);
        }
        H5Sclose(s);
        H5Tclose(type);
    }
    const char* groups[2] = {"data", "lookup"};
    for (int g = 0; g < 2; ++g) {
        if (r.byte() % 8 == 0) continue;
        const hid_t grp = H5Gcreate2(f, groups[g], H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (grp < 0) continue;
        const int count = r.small(3);
        for (int k = 0; k < count; ++k) {
            const std::string name = std::string(g == 0 ? "m" : "z") + std::to_string(k);
            const int rank = g == 0 ? (r.byte() % 4 == 0 ? 1 + r.small(2) : 2) : (r.byte() % 4 == 0 ? 2 : 1);
            dataset(r, grp, name.c_str(), rank, zones);
        }
        H5Gclose(grp);
    }
    H5Fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // the recipe's own HDF5 calls may fail quietly
    const std::string path = "/tmp/citytwin_fuzz_" + std::to_string(::getpid()) + ".omx";
    Recipe r(data, size);
    writeRecipe(r, path);
    using namespace citytwin;
    const std::vector<std::string> zones = {"0", "1", "2", "3", "4", "5", "6"};
    citytwin::fuzz::guarded([&] { (void)core::omx::inspect(path); });
    double na = 0.0;
    for (const char* m : {"m0", "m1", "m2"})
        citytwin::fuzz::guarded([&] { (void)core::omx::readMatrix(path, m, na); });
    for (const char* l : {"z0", "z1", "z2"})
        citytwin::fuzz::guarded([&] { (void)core::omx::readLookup(path, l); });
    citytwin::fuzz::guarded([&] { (void)traffic::readOmxMatrix(path, "", zones); });
    citytwin::fuzz::guarded([&] { (void)traffic::readOmxMatrix(path, "m0", zones, "z0"); });
    citytwin::fuzz::guarded([&] { (void)traffic::readOmxMatrix(path, "m1", {"1", "2"}); });
    std::remove(path.c_str());
    return 0;
}

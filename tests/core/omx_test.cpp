// OMX (Open Matrix) files: core::omx, and matrix tables of a run written as OMX by the host's ResultWriter.
// The files are read back with the HDF5 C API directly (not with core::omx), so a writer that misplaces a
// cell or mislabels the zones is caught by code that shares nothing with it.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "citytwin/core/error.h"
#include "citytwin/core/omx.h"
#include "citytwin/core/run_directory.h"
#include "citytwin/sdk/simulator.h"
#include "test_util.h"

#ifdef CITYTWIN_TEST_HAVE_HDF5
#include <hdf5.h>
#endif

namespace citytwin {
namespace {

using core::ErrorCode;
using test::expectError;
namespace fs = std::filesystem;

class Omx : public test::TempDirTest {
protected:
    void SetUp() override {
        test::TempDirTest::SetUp();
        if (!core::omx::available()) GTEST_SKIP() << "this build has no HDF5";
    }
};

sdk::Description matrixSim() {
    sdk::Description d;
    d.info.id = "od_sim";
    sdk::OutputDecl o;
    o.id = "demand";
    o.label = "Demand";
    o.kind = sdk::OutputKind::Table;
    o.description = "An OD matrix.";
    o.style = sdk::Style::matrix("from_zone", "to_zone");
    d.outputs.push_back(o);
    sdk::OutputDecl plain = o;
    plain.id = "plain";
    plain.style = sdk::StyleHint{};
    plain.style.drawAs = sdk::DrawAs::Hidden;
    d.outputs.push_back(plain);
    return d;
}

#ifdef CITYTWIN_TEST_HAVE_HDF5
/// A dataset read with the HDF5 C API: values as doubles and its dimensions.
std::vector<double> h5Doubles(const std::string& file, const std::string& name, std::vector<hsize_t>& dims) {
    std::vector<double> v;
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return v;
    const hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
    if (d >= 0) {
        const hid_t s = H5Dget_space(d);
        dims.assign(static_cast<std::size_t>(H5Sget_simple_extent_ndims(s)), 0);
        H5Sget_simple_extent_dims(s, dims.data(), nullptr);
        std::size_t n = 1;
        for (hsize_t k : dims)
            n *= k;
        v.resize(n);
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        H5Sclose(s);
        H5Dclose(d);
    }
    H5Fclose(f);
    return v;
}

std::vector<int> h5Shape(const std::string& file) {
    int shape[2] = {-1, -1};
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t a = H5Aopen(f, "SHAPE", H5P_DEFAULT);
    H5Aread(a, H5T_NATIVE_INT, shape);
    H5Aclose(a);
    H5Fclose(f);
    return {shape[0], shape[1]};
}
#endif

TEST_F(Omx, RunMatrixTableIsWrittenAsOmxBesideTheCsv) {
#ifndef CITYTWIN_TEST_HAVE_HDF5
    GTEST_SKIP() << "the test needs HDF5's headers";
#else
    core::ResultWriter w(dir_.string(), matrixSim());
    sdk::Table t;
    t.columns = {{"from_zone", ""}, {"to_zone", ""}, {"car", "veh/h"}, {"note", ""}, {"truck", "veh/h"}};
    // Zones 30, 7 and 120 as text and as integers, out of order: the file must sort them numerically.
    t.rows = {{std::string("30"), std::int64_t{7}, 12.5, std::string("a"), 1.0},
              {std::int64_t{120}, std::string("30"), 3.0, std::string("b"), std::monostate{}},
              {std::string("7"), std::string("7"), 0.25, std::string("c"), 2.0}};
    w.table("demand", t);
    w.table("plain", t);
    w.finish();
    const std::string file = path("od_sim/demand.omx");
    ASSERT_TRUE(fs::exists(file));
    EXPECT_FALSE(fs::exists(path("od_sim/plain.omx"))) << "a plain table is not a matrix";
    EXPECT_EQ(w.outputs()[0].omxPath, "od_sim/demand.omx");
    EXPECT_TRUE(w.outputs()[1].omxPath.empty());

    EXPECT_EQ(h5Shape(file), (std::vector<int>{3, 3}));
    std::vector<hsize_t> dims;
    EXPECT_EQ(h5Doubles(file, "/lookup/zone_number", dims), (std::vector<double>{7, 30, 120}));
    const std::vector<double> car = h5Doubles(file, "/data/car", dims);
    ASSERT_EQ(dims, (std::vector<hsize_t>{3, 3}));
    // rows 7, 30, 120; columns 7, 30, 120
    EXPECT_EQ(car, (std::vector<double>{0.25, 0, 0, 12.5, 0, 0, 0, 3.0, 0}));
    const std::vector<double> truck = h5Doubles(file, "/data/truck", dims);
    EXPECT_EQ(truck[0], 2.0);
    EXPECT_EQ(truck[3], 1.0);
    EXPECT_TRUE(std::isnan(truck[7])) << "an empty value is undefined, not 0";
    EXPECT_TRUE(h5Doubles(file, "/data/note", dims).empty()) << "a text column is not a matrix";
    EXPECT_EQ(core::omx::inspect(file).version, "0.2");
#endif
}

TEST_F(Omx, TextZoneIdsGoToAStringLookupIntact) {
    core::ResultWriter w(dir_.string(), matrixSim());
    sdk::Table t;
    t.columns = {{"from_zone", ""}, {"to_zone", ""}, {"trips", ""}};
    t.rows = {{std::string("잠실동"), std::string("Z-2"), 4.0},
              {std::string("Z-2"), std::string("잠실동"), 6.0}};
    w.table("demand", t);
    const std::string file = path("od_sim/demand.omx");
    const core::omx::Info info = core::omx::inspect(file);
    EXPECT_EQ(info.zones, 2);
    EXPECT_EQ(info.lookups, (std::vector<std::string>{"zone_id"}));
    // In order of first appearance.
    EXPECT_EQ(core::omx::readLookup(file, "zone_id"), (std::vector<std::string>{"잠실동", "Z-2"}));
    double na = 0.0;
    EXPECT_EQ(core::omx::readMatrix(file, "trips", na), (std::vector<double>{0, 4, 6, 0}));
    EXPECT_TRUE(std::isnan(na));
}

TEST_F(Omx, MatrixTableThatDoesNotHoldAMatrixIsAnError) {
    core::ResultWriter w(dir_.string(), matrixSim());
    sdk::Table t;
    t.columns = {{"from_zone", ""}, {"to_zone", ""}, {"trips", ""}};
    t.rows = {{std::string("1"), std::string("2"), 4.0}, {std::string("1"), std::string("2"), 5.0}};
    expectError([&] { w.table("demand", t); }, ErrorCode::Simulation,
                {"od_sim.demand", "row 2", "1 -> 2", "twice"});
    EXPECT_FALSE(fs::exists(path("od_sim/demand.omx")));

    core::ResultWriter w2(dir_.string(), matrixSim());
    t.columns = {{"origin", ""}, {"to_zone", ""}, {"trips", ""}};
    expectError([&] { w2.table("demand", t); }, ErrorCode::Simulation, {"no column 'from_zone'"});

    core::ResultWriter w3(dir_.string(), matrixSim());
    t.columns = {{"from_zone", ""}, {"to_zone", ""}, {"trips", ""}};
    t.rows = {{std::monostate{}, std::string("2"), 4.0}};
    expectError([&] { w3.table("demand", t); }, ErrorCode::Simulation, {"without its from_zone"});
}

TEST_F(Omx, WriteChecksItsInputsAndLeavesNothingHalfWritten) {
    const std::string file = path("m.omx");
    expectError(
        [&] {
            core::omx::write(file, {{"a", {1, 2, 3}}}, {"1", "2"});
        },
        ErrorCode::Validation, {"'a'", "2 x 2"});
    expectError(
        [&] {
            core::omx::write(file, {{"a/b", {1, 2, 3, 4}}}, {"1", "2"});
        },
        ErrorCode::Validation, {"'a/b'"});
    expectError(
        [&] {
            core::omx::write(file, {{"a", {1, 2, 3, 4}}, {"a", {1, 2, 3, 4}}}, {"1", "2"});
        },
        ErrorCode::Validation, {"'a' is given twice"});
    EXPECT_FALSE(fs::exists(file));
    const std::string bad = path("no/such/folder/m.omx");
    expectError([&] { core::omx::write(bad, {{"a", {1, 2, 3, 4}}}, {"1", "2"}); }, ErrorCode::Output, {bad});
    for (const auto& e : fs::directory_iterator(dir_))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

    // An existing file is replaced whole.
    core::omx::write(file, {{"a", {1, 2, 3, 4}}}, {"1", "2"});
    core::omx::write(file, {{"b", {9}}}, {"5"});
    const core::omx::Info info = core::omx::inspect(file);
    EXPECT_EQ(info.zones, 1);
    EXPECT_EQ(info.matrices, (std::vector<std::string>{"b"}));
}

TEST_F(Omx, BadFilesAreNamedErrors) {
    const std::string text = write("t.omx", "origin,destination,trips\n1,2,3\n");
    expectError([&] { core::omx::inspect(text); }, ErrorCode::FileFormat, {text, "not an HDF5 file"});
    expectError([&] { core::omx::inspect(path("missing.omx")); }, ErrorCode::FileNotFound, {"missing.omx"});
    const std::string ok = path("ok.omx");
    core::omx::write(ok, {{"a", {1, 2, 3, 4}}}, {"1", "2"});
    double na = 0;
    expectError([&] { core::omx::readMatrix(ok, "b", na); }, ErrorCode::FileFormat, {ok, "no matrix 'b'"});
    expectError([&] { core::omx::readLookup(ok, "taz"); }, ErrorCode::FileFormat, {ok, "no lookup 'taz'"});
#ifdef CITYTWIN_TEST_HAVE_HDF5
    {  // SHAPE 2 x 2 but a 3 x 2 matrix and a lookup of 3 entries, written with HDF5 directly
        const std::string p = path("odd.omx");
        const hid_t f = H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t two = 2;
        const hid_t s2 = H5Screate_simple(1, &two, nullptr);
        const hid_t as = H5Acreate2(f, "SHAPE", H5T_STD_I32LE, s2, H5P_DEFAULT, H5P_DEFAULT);
        const int shape[2] = {2, 2};
        H5Awrite(as, H5T_NATIVE_INT, shape);
        const hid_t data = H5Gcreate2(f, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t look = H5Gcreate2(f, "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t dims[2] = {3, 2};
        const hid_t sm = H5Screate_simple(2, dims, nullptr);
        const hid_t dm = H5Dcreate2(data, "m", H5T_IEEE_F64LE, sm, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const double cells[6] = {1, 2, 3, 4, 5, 6};
        H5Dwrite(dm, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells);
        const hsize_t three = 3;
        const hid_t sl = H5Screate_simple(1, &three, nullptr);
        const hid_t dl = H5Dcreate2(look, "taz", H5T_STD_I32LE, sl, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const int taz[3] = {1, 2, 3};
        H5Dwrite(dl, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, taz);
        H5Dclose(dm);
        H5Dclose(dl);
        H5Aclose(as);
        for (hid_t s : {s2, sm, sl})
            H5Sclose(s);
        H5Gclose(data);
        H5Gclose(look);
        H5Fclose(f);
        expectError([&] { core::omx::readMatrix(p, "m", na); }, ErrorCode::FileFormat,
                    {p, "matrix 'm' is 3 x 2, SHAPE says 2 x 2"});
        expectError([&] { core::omx::readLookup(p, "taz"); }, ErrorCode::FileFormat,
                    {p, "lookup 'taz' has 3 entries, SHAPE says 2 zones"});
    }
#endif
}

}  // namespace
}  // namespace citytwin

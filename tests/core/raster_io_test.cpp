#include "citytwin/core/raster_io.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <fstream>

#include "citytwin/core/error.h"
#include "test_util.h"

using namespace citytwin::core;
using citytwin::test::expectError;

namespace {

class RasterIo : public citytwin::test::TempDirTest {
protected:
    /// A w x h EPSG:5186 raster at (x0, y0) top-left with cell size c and values f(col, row).
    template <class F>
    std::string makeTiff(const std::string& name, int w, int h, double x0, double y0, double c, F f,
                         const std::string& crs = "EPSG:5186") {
        Raster r(w, h, GeoTransform{x0, y0, c, c}, crs.empty() ? Crs{} : Crs::fromUserInput(crs));
        for (int row = 0; row < h; ++row)
            for (int col = 0; col < w; ++col)
                r.at(col, row) = f(col, row);
        RasterWriteOptions o;
        o.cloudOptimized = false;
        writeRaster(r, path(name), o);
        return path(name);
    }

    /// Writes a GeoTIFF with GDAL directly: any data type, optional NoData, optional CRS.
    std::string rawTiff(const std::string& name, GDALDataType type, int w, int h, const double gt[6],
                        const std::vector<double>& values, const char* crs, const double* noData) {
        GDALAllRegister();
        GDALDriver* d = GetGDALDriverManager()->GetDriverByName("GTiff");
        GDALDataset* ds = d->Create(path(name).c_str(), w, h, 1, type, nullptr);
        double g[6];
        std::copy(gt, gt + 6, g);
        ds->SetGeoTransform(g);
        if (crs) {
            OGRSpatialReference srs;
            srs.SetFromUserInput(crs);
            ds->SetSpatialRef(&srs);
        }
        if (noData) ds->GetRasterBand(1)->SetNoDataValue(*noData);
        std::vector<double> v = values;
        EXPECT_EQ(
            ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, w, h, v.data(), w, h, GDT_Float64, 0, 0, nullptr),
            CE_None);
        GDALClose(ds);
        return path(name);
    }
};

}  // namespace

TEST_F(RasterIo, GeoTiffRoundTripKeepsGeotransformValuesAndNaN) {
    const std::string f = makeTiff("a.tif", 5, 4, 200000.0, 550000.0, 2.0, [](int c, int r) {
        return (c == 2 && r == 1) ? Raster::kNoData : static_cast<float>(10 * r + c);
    });
    const RasterInfo info = inspectRaster(f);
    EXPECT_EQ(info.width, 5);
    EXPECT_EQ(info.height, 4);
    EXPECT_DOUBLE_EQ(info.geoTransform[0], 200000.0);
    EXPECT_DOUBLE_EQ(info.geoTransform[3], 550000.0);
    EXPECT_DOUBLE_EQ(info.geoTransform[1], 2.0);
    EXPECT_DOUBLE_EQ(info.geoTransform[5], -2.0);
    ASSERT_TRUE(info.noData.has_value());
    EXPECT_EQ(*info.noData, -9999.0);
    EXPECT_EQ(info.crs.epsg(), 5186);

    const Raster r = readRaster(f);
    EXPECT_EQ(r.width(), 5);
    EXPECT_EQ(r.height(), 4);
    EXPECT_DOUBLE_EQ(r.geoTransform().originX, 200000.0);
    EXPECT_DOUBLE_EQ(r.geoTransform().originY, 550000.0);
    EXPECT_TRUE(std::isnan(r.at(2, 1)));
    EXPECT_EQ(r.at(4, 3), 34.0f);
    EXPECT_EQ(r.at(0, 0), 0.0f);
    EXPECT_EQ(r.stats().noDataCount, 1u);
}

TEST_F(RasterIo, SameGridImportCopiesExactly) {
    const std::string f =
        makeTiff("a.tif", 50, 40, 200000.0, 550000.0, 5.0, [](int c, int r) { return 0.1f * c + 7.3f * r; });
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    const ImportedRaster r = importRaster({f}, o);
    ASSERT_EQ(r.raster.width(), 50);
    for (int row = 0; row < 40; row += 7)
        for (int col = 0; col < 50; col += 9)
            EXPECT_EQ(r.raster.at(col, row), 0.1f * col + 7.3f * row);
}

TEST_F(RasterIo, DeclaredAndUndeclaredNoDataBecomeNaN) {
    const double gt[6] = {200000, 1, 0, 550000, 0, -1};
    const double nd = -32767.0;
    // Declared NoData plus the 3.4e38 and -32768 sentinels found in real files.
    const std::string f = rawTiff("s.tif", GDT_Float32, 4, 1, gt, {1.0, -32767.0, 3.4028234663852886e38, 4.0},
                                  "EPSG:5186", &nd);
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    o.elevationSentinels = true;
    ImportedRaster r = importRaster({f}, o);
    EXPECT_EQ(r.raster.at(0, 0), 1.0f);
    EXPECT_TRUE(std::isnan(r.raster.at(1, 0)));
    EXPECT_TRUE(std::isnan(r.raster.at(2, 0)));
    EXPECT_EQ(r.raster.at(3, 0), 4.0f);
    EXPECT_EQ(r.sentinelCells, 1u);

    const std::string g = rawTiff("i.tif", GDT_Int16, 3, 1, gt, {12, -32768, 14}, "EPSG:5186", nullptr);
    r = importRaster({g}, o);
    EXPECT_TRUE(std::isnan(r.raster.at(1, 0)));
    EXPECT_EQ(r.raster.at(2, 0), 14.0f);

    // Categorical layers keep sentinel-looking values unless declared.
    o.elevationSentinels = false;
    r = importRaster({g}, o);
    EXPECT_EQ(r.raster.at(1, 0), -32768.0f);
}

TEST_F(RasterIo, TilesAreMosaickedWithoutSeams) {
    auto f = [](int c, int r) { return static_cast<float>(c + 100 * r); };
    const std::string west = makeTiff("w.tif", 10, 10, 200000.0, 550000.0, 1.0, f);
    const std::string east =
        makeTiff("e.tif", 10, 10, 200010.0, 550000.0, 1.0, [&](int c, int r) { return f(c + 10, r); });
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    const ImportedRaster r = importRaster({west, east}, o);
    ASSERT_EQ(r.raster.width(), 20);
    ASSERT_EQ(r.raster.height(), 10);
    EXPECT_EQ(r.raster.stats().noDataCount, 0u);
    for (int c = 0; c < 20; ++c)
        EXPECT_EQ(r.raster.at(c, 5), f(c, 5));
    EXPECT_EQ(r.filesUsed, 2u);
}

TEST_F(RasterIo, TilesInAnotherCrsAreMosaickedThenWarped) {
    // Two lon/lat tiles of a plane z = 1000*lon + 100*lat, warped to EPSG:5186 at 30 m.
    auto plane = [](double lon, double lat) {
        return static_cast<float>(1000.0 * (lon - 127.0) + 100.0 * (lat - 37.0));
    };
    const double c = 0.001;
    auto tile = [&](const std::string& name, double lon0) {
        Raster r(100, 100, GeoTransform{lon0, 37.6, c, c}, Crs::fromEpsg(4326));
        for (int row = 0; row < 100; ++row)
            for (int col = 0; col < 100; ++col) {
                const Point p = r.cellCentre(col, row);
                r.at(col, row) = plane(p.x, p.y);
            }
        RasterWriteOptions o;
        o.cloudOptimized = false;
        writeRaster(r, path(name), o);
        return path(name);
    };
    const std::string a = tile("a.tif", 127.0), b = tile("b.tif", 127.1);
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    o.resolution = 30.0;
    const ImportedRaster r = importRaster({a, b}, o);
    EXPECT_NEAR(r.raster.geoTransform().cellWidth, 30.0, 1e-12);
    CoordinateTransformer back(Crs::fromEpsg(5186), Crs::fromEpsg(4326));
    // Across the seam at 127.1°E the plane is reproduced (bilinear is exact on a plane).
    int checked = 0;
    for (int row = 10; row < r.raster.height() - 10; row += 17)
        for (int col = 10; col < r.raster.width() - 10; col += 13) {
            const Point ll = back.transform(r.raster.cellCentre(col, row));
            EXPECT_NEAR(r.raster.at(col, row), plane(ll.x, ll.y), 0.02) << col << "," << row;
            ++checked;
        }
    EXPECT_GT(checked, 20);
}

TEST_F(RasterIo, ClipExtentReadsOnlyTheWindowAndCoversTheExtent) {
    const std::string f = makeTiff("a.tif", 100, 100, 200000.0, 550000.0, 1.0,
                                   [](int c, int r) { return static_cast<float>(c * 1000 + r); });
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    o.extent = Box{200010.5, 549950.0, 200020.0, 549960.2};
    const ImportedRaster r = importRaster({f}, o);
    const Box e = r.raster.extent();
    EXPECT_LE(e.minX, 200010.5);
    EXPECT_GE(e.maxY, 549960.2);
    EXPECT_DOUBLE_EQ(e.minX, 200010.0);
    EXPECT_DOUBLE_EQ(e.maxY, 549961.0);
    EXPECT_EQ(r.raster.width(), 10);
    EXPECT_EQ(r.raster.at(0, 0), 10.0f * 1000 + 39);
}

TEST_F(RasterIo, EsriAsciiGridAndSrtmHgtAreRead) {
    const std::string asc = write("dem.asc",
                                  "ncols 3\nnrows 2\nxllcorner 382000\nyllcorner 6354000\ncellsize 2\n"
                                  "NODATA_value -9999\n1 2 3\n4 -9999 6\n");
    // The old Arc/Info style .prj that real grids (e.g. Merewether's) come with.
    write("dem.prj",
          "Projection    UTM\nZone          56\nDatum         WGS84\nZunits        NO\nUnits         METERS\n"
          "Spheroid      WGS84\nXshift        500000\nYshift        10000000\nParameters\n");
    const Raster a = readRaster(asc);
    EXPECT_EQ(a.crs().epsg(), 32756);
    EXPECT_EQ(a.width(), 3);
    EXPECT_EQ(a.at(0, 0), 1.0f);
    EXPECT_TRUE(std::isnan(a.at(1, 1)));
    EXPECT_DOUBLE_EQ(a.geoTransform().originY, 6354004.0);

    // SRTM 3" tile: 1201 x 1201 big-endian Int16, named after its south-west corner.
    std::vector<unsigned char> bytes(1201 * 1201 * 2);
    for (int i = 0; i < 1201 * 1201; ++i) {
        const int16_t v = (i == 5) ? int16_t(-32768) : static_cast<int16_t>(i % 700);
        bytes[2 * i] = static_cast<unsigned char>((static_cast<uint16_t>(v) >> 8) & 0xff);
        bytes[2 * i + 1] = static_cast<unsigned char>(static_cast<uint16_t>(v) & 0xff);
    }
    std::ofstream(path("N37E127.hgt"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    RasterImportOptions o;
    o.target = Crs::fromEpsg(4326);
    o.elevationSentinels = true;
    const ImportedRaster h = importRaster({path("N37E127.hgt")}, o);
    EXPECT_EQ(h.raster.width(), 1201);
    EXPECT_EQ(h.raster.at(4, 0), 4.0f);
    EXPECT_TRUE(std::isnan(h.raster.at(5, 0)));
}

// A result in which nothing happened (the maximum water level of a dry run) is all NoData: reading it back gives
// that raster on its grid, so that a run folder still loads and renders; as input data it is refused.
TEST_F(RasterIo, AllNoDataFileIsReadAsItIsButRefusedAsInput) {
    const std::string f = makeTiff("dry.tif", 7, 5, 200000.0, 550000.0, 2.0,
                                   [](int, int) { return std::numeric_limits<float>::quiet_NaN(); });
    const Raster r = readRaster(f);
    EXPECT_EQ(r.width(), 7);
    EXPECT_EQ(r.height(), 5);
    EXPECT_EQ(r.stats().validCount, 0u);
    EXPECT_DOUBLE_EQ(r.geoTransform().cellWidth, 2.0);
    expectError(
        [&] {
            RasterImportOptions o;
            o.target = Crs::fromEpsg(5186);
            importRaster({f}, o);
        },
        ErrorCode::Data, {"no valid cells"});
}

TEST_F(RasterIo, MissingFileIsNotFound) {
    expectError([&] { inspectRaster(path("nope.tif")); }, ErrorCode::FileNotFound, {"nope.tif", "not found"});
}

TEST_F(RasterIo, TruncatedGeoTiffIsAFormatError) {
    const std::string f = makeTiff("big.tif", 300, 300, 200000.0, 550000.0, 1.0,
                                   [](int c, int r) { return static_cast<float>(std::sin(c * 0.1) * r); });
    const auto size = std::filesystem::file_size(f);
    std::filesystem::resize_file(f, size / 2);
    expectError(
        [&] {
            RasterImportOptions o;
            o.target = Crs::fromEpsg(5186);
            importRaster({f}, o);
        },
        ErrorCode::FileFormat, {"big.tif"});
    // A file cut inside its header is not even recognised.
    std::filesystem::resize_file(f, 100);
    expectError([&] { inspectRaster(f); }, ErrorCode::FileFormat, {"big.tif", "cannot be read as a raster"});
}

TEST_F(RasterIo, NotARasterIsAFormatError) {
    const std::string f = write("notes.tif", "this is not an image\n");
    expectError([&] { inspectRaster(f); }, ErrorCode::FileFormat, {"notes.tif"});
}

TEST_F(RasterIo, RasterWithoutCrsIsAnError) {
    const double gt[6] = {1000, 1, 0, 2000, 0, -1};
    const std::string f = rawTiff("nocrs.tif", GDT_Float32, 2, 2, gt, {1, 2, 3, 4}, nullptr, nullptr);
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    expectError([&] { importRaster({f}, o); }, ErrorCode::Crs,
                {"nocrs.tif", "no coordinate reference system"});
    // ...unless the scenario supplies one.
    o.crsOverride = "EPSG:5186";
    EXPECT_EQ(importRaster({f}, o).raster.at(1, 1), 4.0f);
}

TEST_F(RasterIo, ResolutionAndResamplingAreChecked) {
    const std::string f = makeTiff("a.tif", 10, 10, 200000.0, 550000.0, 1.0, [](int, int) { return 1.0f; });
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    o.resolution = 1e-5;
    expectError([&] { importRaster({f}, o); }, ErrorCode::Data, {"resolution", "cells"});
    o.resolution = 1.0;
    o.resampling = "bicubic-please";
    expectError([&] { importRaster({f}, o); }, ErrorCode::Scenario, {"bicubic-please", "resampling"});
}

TEST_F(RasterIo, NoOverlapWithTheExtentIsAnError) {
    const std::string f = makeTiff("a.tif", 10, 10, 200000.0, 550000.0, 1.0, [](int, int) { return 1.0f; });
    RasterImportOptions o;
    o.target = Crs::fromEpsg(5186);
    o.extent = Box{300000, 650000, 300100, 650100};
    expectError([&] { importRaster({f}, o); }, ErrorCode::Data, {"overlap"});
}

TEST_F(RasterIo, WriteIsAtomicAndFailsCleanly) {
    Raster r(3, 3, GeoTransform{0, 3, 1, 1}, Crs::fromEpsg(32756), 1.0f);
    expectError([&] { writeRaster(r, path("missing_dir/out.tif")); }, ErrorCode::Output, {"out.tif"});
    EXPECT_FALSE(std::filesystem::exists(path("missing_dir/out.tif")));
    writeRaster(r, path("cog.tif"));
    const RasterInfo info = inspectRaster(path("cog.tif"));
    EXPECT_EQ(info.crs.epsg(), 32756);
    EXPECT_EQ(*info.noData, -9999.0);
    for (const auto& entry : std::filesystem::directory_iterator(dir_))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
}

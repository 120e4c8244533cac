// Import throughput of the city model: 100k building footprints and a 4096 x 4096 DEM.
// Run: build/bench/citytwin_bench_import [--benchmark_filter=...]. Results go in docs/benchmarks.md.

#include <benchmark/benchmark.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "citytwin/core/model_builder.h"
#include "citytwin/core/raster_io.h"

namespace ct = citytwin::core;
namespace fs = std::filesystem;

namespace {

constexpr int kBuildings = 100000;
constexpr int kDem = 4096;

/// Test data, generated once per process in a temporary folder.
struct Data {
    fs::path dir;
    std::string buildings5186, buildings4326, dem;

    Data() {
        GDALAllRegister();
        dir = fs::temp_directory_path() / ("citytwin_bench_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        buildings5186 = makeBuildings("b5186.gpkg", 5186);
        buildings4326 = makeBuildings("b4326.gpkg", 4326);
        dem = makeDem("dem.tif");
    }
    ~Data() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    /// A 316 x 316 grid of 100k quadrilateral footprints (8-20 m across, 25 m apart) south-east of Seoul;
    /// a third carry a height, a third a floor count, a third nothing; every 50th is clockwise.
    std::string makeBuildings(const std::string& name, int epsg) {
        const std::string path = (dir / name).string();
        GDALDriver* d = GetGDALDriverManager()->GetDriverByName("GPKG");
        GDALDataset* ds = d->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
        OGRSpatialReference srs;
        srs.importFromEPSG(epsg);
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRLayer* l = ds->CreateLayer("buildings", &srs, wkbPolygon, nullptr);
        OGRFieldDefn h("height", OFTReal), lv("building:levels", OFTInteger);
        l->CreateField(&h);
        l->CreateField(&lv);
        ct::CoordinateTransformer toLonLat(ct::Crs::fromEpsg(5186), ct::Crs::fromEpsg(4326));
        std::mt19937 rng(42);
        std::uniform_real_distribution<double> size(8.0, 20.0), jitter(-1.5, 1.5);
        ds->StartTransaction();
        const int side = static_cast<int>(std::ceil(std::sqrt(kBuildings)));
        for (int i = 0; i < kBuildings; ++i) {
            const double x0 = 200000.0 + (i % side) * 25.0, y0 = 540000.0 + (i / side) * 25.0;
            const double w = size(rng), hgt = size(rng);
            ct::Point pts[4] = {{x0 + jitter(rng), y0 + jitter(rng)},
                                {x0 + w, y0 + jitter(rng)},
                                {x0 + w + jitter(rng), y0 + hgt},
                                {x0, y0 + hgt + jitter(rng)}};
            if (i % 50 == 0) std::swap(pts[1], pts[3]);
            auto* ring = new OGRLinearRing();
            for (ct::Point p : pts) {
                if (epsg == 4326) p = toLonLat.transform(p);
                ring->addPoint(p.x, p.y);
            }
            ring->closeRings();
            auto* poly = new OGRPolygon();
            poly->addRingDirectly(ring);
            OGRFeature* f = OGRFeature::CreateFeature(l->GetLayerDefn());
            f->SetGeometryDirectly(poly);
            if (i % 3 == 0) f->SetField(0, 3.0 + (i % 40));
            if (i % 3 == 1) f->SetField(1, 1 + (i % 25));
            if (l->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write a test footprint");
            OGRFeature::DestroyFeature(f);
        }
        ds->CommitTransaction();
        GDALClose(ds);
        return path;
    }

    /// 4096 x 4096 Float32 DEM at 2 m, smooth hills, DEFLATE-compressed and tiled like real DEM products.
    std::string makeDem(const std::string& name) {
        ct::Raster r(kDem, kDem, ct::GeoTransform{195000.0, 548000.0, 2.0, 2.0}, ct::Crs::fromEpsg(5186));
        for (int row = 0; row < kDem; ++row)
            for (int col = 0; col < kDem; ++col)
                r.at(col, row) =
                    static_cast<float>(50.0 + 30.0 * std::sin(col * 0.003) * std::cos(row * 0.002) +
                                       0.5 * std::sin(col * 0.9 + row * 0.7));
        ct::RasterWriteOptions o;
        o.cloudOptimized = false;
        const std::string path = (dir / name).string();
        ct::writeRaster(r, path, o);
        return path;
    }
};

Data& data() {
    static Data d;
    return d;
}

ct::Scenario buildingsOnly(const std::string& file) {
    ct::Scenario s;
    ct::DatasetSpec b;
    b.key = "buildings";
    b.files = {file};
    b.written = b.files;
    s.buildings.push_back(b);
    return s;
}

void BM_ImportBuildings100k(benchmark::State& state) {
    const ct::Scenario s = buildingsOnly(data().buildings5186);
    for (auto _ : state) {
        ct::CityModel m = ct::buildCityModel(s);
        benchmark::DoNotOptimize(m.buildings.data());
        if (m.buildings.size() != kBuildings) state.SkipWithError("wrong building count");
    }
    state.SetItemsProcessed(state.iterations() * kBuildings);
}
BENCHMARK(BM_ImportBuildings100k)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportBuildings100kReprojected(benchmark::State& state) {
    ct::Scenario s = buildingsOnly(data().buildings4326);
    s.crs = "EPSG:5186";
    for (auto _ : state) {
        ct::CityModel m = ct::buildCityModel(s);
        benchmark::DoNotOptimize(m.buildings.data());
    }
    state.SetItemsProcessed(state.iterations() * kBuildings);
}
BENCHMARK(BM_ImportBuildings100kReprojected)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportDem4096Native(benchmark::State& state) {
    ct::RasterImportOptions o;
    o.target = ct::Crs::fromEpsg(5186);
    o.elevationSentinels = true;
    for (auto _ : state) {
        ct::ImportedRaster r = ct::importRaster({data().dem}, o);
        benchmark::DoNotOptimize(r.raster.data().data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kDem) * kDem);
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kDem) * kDem * 4);
}
BENCHMARK(BM_ImportDem4096Native)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportDem4096Warped(benchmark::State& state) {
    ct::RasterImportOptions o;
    o.target = ct::Crs::fromEpsg(5179);  // Korea 2000 / Unified CS: a real reprojection, bilinear, same 2 m
    o.resolution = 2.0;
    o.elevationSentinels = true;
    for (auto _ : state) {
        ct::ImportedRaster r = ct::importRaster({data().dem}, o);
        benchmark::DoNotOptimize(r.raster.data().data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kDem) * kDem);
}
BENCHMARK(BM_ImportDem4096Warped)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

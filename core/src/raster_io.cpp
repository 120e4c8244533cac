#include "citytwin/core/raster_io.h"

#include <gdal_alg.h>
#include <gdal_utils.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "citytwin/core/error.h"
#include "gdal_util.h"
#include "text_util.h"

namespace citytwin::core {

using detail::DatasetPtr;
using detail::ErrorCapture;

namespace {

std::string fmt(double v) {
    return detail::number(v, 17);
}

constexpr std::size_t kMaxCells = 400'000'000;  // 1.6 GB of float: beyond this a resolution is a mistake

const char* checkedResampling(const std::string& name) {
    static const char* const names[] = {"nearest", "bilinear", "cubic", "cubicspline", "lanczos",
                                        "average", "mode",     "min",   "max",         "med"};
    for (const char* n : names)
        if (name == n) return n;
    throw Error(ErrorCode::Scenario,
                "unknown resampling '" + name +
                    "' (use nearest, bilinear, cubic, cubicspline, lanczos, average, mode, min, max or med)",
                Error::Context{{}, {}, "resampling"});
}

/// A window of one band read into memory in its own CRS, NoData already NaN.
struct Loaded {
    std::string file;
    Crs crs;
    double gt[6] = {0, 1, 0, 0, 0, -1};
    int width = 0;
    int height = 0;
    std::vector<float> data;
};

bool northUp(const double gt[6]) {
    return gt[2] == 0.0 && gt[4] == 0.0 && gt[1] > 0.0 && gt[5] < 0.0;
}

RasterInfo inspectOpen(GDALDataset& ds, const std::string& path, const std::string& crsOverride) {
    RasterInfo info;
    info.file = path;
    info.driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    info.width = ds.GetRasterXSize();
    info.height = ds.GetRasterYSize();
    info.bands = ds.GetRasterCount();
    if (info.bands < 1 || info.width < 1 || info.height < 1)
        throw fileError(ErrorCode::FileFormat, path, "raster has no bands or no cells");
    GDALRasterBand* band = ds.GetRasterBand(1);
    info.dataType = GDALGetDataTypeName(band->GetRasterDataType());
    int hasNoData = 0;
    const double nd = band->GetNoDataValue(&hasNoData);
    if (hasNoData) info.noData = nd;
    if (ds.GetGeoTransform(info.geoTransform) != CE_None)
        throw fileError(ErrorCode::Crs, path, "raster has no georeferencing (no geotransform)");
    info.rotated = !northUp(info.geoTransform);
    if (!crsOverride.empty()) {
        try {
            info.crs = Crs::fromUserInput(crsOverride);
        } catch (const Error& e) {
            throw Error(ErrorCode::Crs, e.detail(), Error::Context{path, {}, "crs"});
        }
    } else {
        info.crs = detail::crsFromSrs(ds.GetSpatialRef());
    }
    const double* g = info.geoTransform;
    for (int cy = 0; cy <= 1; ++cy)
        for (int cx = 0; cx <= 1; ++cx) {
            const double px = cx * info.width, py = cy * info.height;
            info.extent.expand(Point{g[0] + px * g[1] + py * g[2], g[3] + px * g[4] + py * g[5]});
        }
    return info;
}

/// Converts declared NoData and (optionally) elevation sentinels to NaN. Returns the number of sentinel
/// cells.
std::size_t toNaN(std::vector<float>& data, const std::optional<double>& noData, bool sentinels) {
    const bool haveNd = noData.has_value();
    const bool ndIsNan = haveNd && std::isnan(*noData);
    const float nd = haveNd ? static_cast<float>(*noData) : 0.0f;
    std::size_t count = 0;
    for (float& v : data) {
        if (haveNd && (ndIsNan ? std::isnan(v) : v == nd)) {
            v = Raster::kNoData;
            continue;
        }
        if (std::isnan(v)) continue;
        if (sentinels && (v == -9999.0f || v == -32768.0f || !(std::abs(v) < 1e30f))) {
            v = Raster::kNoData;
            ++count;
        } else if (!std::isfinite(v)) {
            v = Raster::kNoData;  // infinities are never data
        }
    }
    return count;
}

DatasetPtr memDataset(int width, int height, const double gt[6], const Crs& crs, const float* data) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    if (!mem) throw Error(ErrorCode::Internal, "GDAL has no MEM driver");
    DatasetPtr ds(mem->Create("", width, height, 1, GDT_Float32, nullptr));
    if (!ds) throw Error(ErrorCode::Internal, "cannot create an in-memory raster");
    double g[6];
    std::copy(gt, gt + 6, g);
    ds->SetGeoTransform(g);
    ds->SetProjection(crs.wkt().c_str());
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetNoDataValue(std::numeric_limits<double>::quiet_NaN());
    if (data && band->RasterIO(GF_Write, 0, 0, width, height, const_cast<float*>(data), width, height,
                               GDT_Float32, 0, 0, nullptr) != CE_None)
        throw Error(ErrorCode::Internal, "cannot fill an in-memory raster");
    return ds;
}

/// Reads the part of `info`'s raster that may contribute to `targetExtent` (in `target` CRS), padded by two
/// cells. Returns false when the file does not overlap.
bool loadWindow(GDALDataset& ds, const RasterInfo& info, const Crs& target,
                const std::optional<Box>& targetExtent, bool sentinels, Loaded& out,
                std::size_t& sentinelCells) {
    int x0 = 0, y0 = 0, x1 = info.width, y1 = info.height;
    if (targetExtent && !info.rotated) {
        CoordinateTransformer back(target, info.crs);
        const Box srcBox = back.transformBox(*targetExtent);
        if (srcBox.empty()) return false;
        const double* g = info.geoTransform;
        const double cx0 = (srcBox.minX - g[0]) / g[1], cx1 = (srcBox.maxX - g[0]) / g[1];
        const double cy0 = (srcBox.maxY - g[3]) / g[5], cy1 = (srcBox.minY - g[3]) / g[5];
        x0 = std::max(0, static_cast<int>(std::floor(cx0)) - 2);
        y0 = std::max(0, static_cast<int>(std::floor(cy0)) - 2);
        x1 = std::min(info.width, static_cast<int>(std::ceil(cx1)) + 2);
        y1 = std::min(info.height, static_cast<int>(std::ceil(cy1)) + 2);
        if (x0 >= x1 || y0 >= y1) return false;
    }
    out.file = info.file;
    out.crs = info.crs;
    out.width = x1 - x0;
    out.height = y1 - y0;
    const double* g = info.geoTransform;
    out.gt[0] = g[0] + x0 * g[1] + y0 * g[2];
    out.gt[1] = g[1];
    out.gt[2] = g[2];
    out.gt[3] = g[3] + x0 * g[4] + y0 * g[5];
    out.gt[4] = g[4];
    out.gt[5] = g[5];
    out.data.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    ErrorCapture capture;
    if (ds.GetRasterBand(1)->RasterIO(GF_Read, x0, y0, out.width, out.height, out.data.data(), out.width,
                                      out.height, GDT_Float32, 0, 0, nullptr) != CE_None) {
        std::string why = capture.lastError().empty() ? "read error" : capture.lastError();
        throw fileError(ErrorCode::FileFormat, info.file,
                        "cannot read pixel data (corrupt or truncated file?): " + why);
    }
    sentinelCells += toNaN(out.data, info.noData, sentinels);
    return true;
}

bool sameCellSize(const double a[6], double w, double h) {
    return std::abs(a[1] - w) <= 1e-9 * w && std::abs(-a[5] - h) <= 1e-9 * h;
}

/// Offset of `gt`'s origin from the grid (originX, originY, w, h) in cells, if it is a whole number of cells.
bool alignedOffset(const double gt[6], double originX, double originY, double w, double h, long& dx,
                   long& dy) {
    const double fx = (gt[0] - originX) / w;
    const double fy = (originY - gt[3]) / h;
    const double rx = std::round(fx), ry = std::round(fy);
    if (std::abs(fx - rx) > 1e-6 || std::abs(fy - ry) > 1e-6) return false;
    dx = static_cast<long>(rx);
    dy = static_cast<long>(ry);
    return true;
}

/// Copies valid cells of `src` (aligned with `dst`, offset dx, dy cells) over `dst`.
void overlay(const float* src, int sw, int sh, long dx, long dy, Raster& dst) {
    for (int r = 0; r < sh; ++r) {
        const long tr = dy + r;
        if (tr < 0 || tr >= dst.height()) continue;
        for (int c = 0; c < sw; ++c) {
            const long tc = dx + c;
            if (tc < 0 || tc >= dst.width()) continue;
            const float v = src[static_cast<std::size_t>(r) * static_cast<std::size_t>(sw) + c];
            if (!std::isnan(v)) dst.at(static_cast<int>(tc), static_cast<int>(tr)) = v;
        }
    }
}

/// Mosaics same-CRS, same-resolution, aligned windows into one (later windows win where valid).
Loaded mosaic(const std::vector<Loaded*>& parts) {
    const Loaded& first = *parts.front();
    if (parts.size() == 1) return first;
    const double w = first.gt[1], h = -first.gt[5];
    Box box;
    for (const Loaded* p : parts) {
        box.expand(Point{p->gt[0], p->gt[3]});
        box.expand(Point{p->gt[0] + p->width * w, p->gt[3] - p->height * h});
    }
    Loaded out;
    out.file = first.file;
    out.crs = first.crs;
    out.width = static_cast<int>(std::lround(box.width() / w));
    out.height = static_cast<int>(std::lround(box.height() / h));
    out.gt[0] = box.minX;
    out.gt[1] = w;
    out.gt[3] = box.maxY;
    out.gt[5] = -h;
    Raster canvas(out.width, out.height, GeoTransform{box.minX, box.maxY, w, h}, out.crs);
    for (const Loaded* p : parts) {
        long dx = 0, dy = 0;
        alignedOffset(p->gt, box.minX, box.maxY, w, h, dx, dy);
        overlay(p->data.data(), p->width, p->height, dx, dy, canvas);
    }
    out.data = std::move(canvas.data());
    return out;
}

void warpInto(const Loaded& src, const std::string& resampling, Raster& dst) {
    DatasetPtr srcDs = memDataset(src.width, src.height, src.gt, src.crs, src.data.data());
    const Box e = dst.extent();
    std::vector<std::string> args = {"-of",
                                     "MEM",
                                     "-t_srs",
                                     dst.crs().wkt(),
                                     "-te",
                                     fmt(e.minX),
                                     fmt(e.minY),
                                     fmt(e.maxX),
                                     fmt(e.maxY),
                                     "-ts",
                                     std::to_string(dst.width()),
                                     std::to_string(dst.height()),
                                     "-r",
                                     resampling,
                                     "-srcnodata",
                                     "nan",
                                     "-dstnodata",
                                     "nan",
                                     "-ot",
                                     "Float32",
                                     "-multi",
                                     "-wo",
                                     "NUM_THREADS=ALL_CPUS",
                                     "-wo",
                                     "INIT_DEST=NO_DATA"};
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    ErrorCapture capture;
    GDALWarpAppOptions* opts = GDALWarpAppOptionsNew(argv.data(), nullptr);
    if (!opts) throw Error(ErrorCode::Internal, "GDAL warp options rejected: " + capture.lastError());
    GDALDatasetH srcH = GDALDataset::ToHandle(srcDs.get());
    int usageError = 0;
    DatasetPtr out(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &srcH, opts, &usageError)));
    GDALWarpAppOptionsFree(opts);
    if (!out)
        throw fileError(ErrorCode::Crs, src.file,
                        "cannot warp to " + dst.crs().describe() + ": " + capture.lastError());
    std::vector<float> buf(dst.cellCount());
    if (out->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, dst.width(), dst.height(), buf.data(), dst.width(),
                                        dst.height(), GDT_Float32, 0, 0, nullptr) != CE_None)
        throw Error(ErrorCode::Internal, "cannot read the warped raster: " + capture.lastError());
    overlay(buf.data(), dst.width(), dst.height(), 0, 0, dst);
}

}  // namespace

RasterInfo inspectRaster(const std::string& path, const std::string& crsOverride) {
    ErrorCapture capture;
    DatasetPtr ds = detail::openDataset(path, GDAL_OF_RASTER, "a raster");
    RasterInfo info = inspectOpen(*ds, path, crsOverride);
    if (capture.isOutermost()) info.warnings = capture.takeWarnings();
    return info;
}

ImportedRaster importRaster(const std::vector<std::string>& files, const RasterImportOptions& options) {
    if (files.empty()) throw Error(ErrorCode::Scenario, "no raster files given");
    if (options.target.empty())
        throw Error(ErrorCode::Crs, "no target coordinate reference system for rasters");
    const char* resampling = checkedResampling(options.resampling);
    if (options.resolution < 0.0 || !std::isfinite(options.resolution))
        throw Error(ErrorCode::Scenario,
                    "resolution must be a positive number of metres, got " + fmt(options.resolution),
                    Error::Context{{}, {}, "resolution"});

    ErrorCapture capture;  // GDAL warnings of every step below
    ImportedRaster result;
    std::vector<DatasetPtr> datasets;
    std::vector<RasterInfo> infos;
    for (const std::string& f : files) {
        datasets.push_back(detail::openDataset(f, GDAL_OF_RASTER, "a raster"));
        infos.push_back(inspectOpen(*datasets.back(), f, options.crsOverride));
        if (infos.back().crs.empty())
            throw fileError(
                ErrorCode::Crs, f,
                "raster has no coordinate reference system; give one with \"crs\" for this dataset "
                "in the scenario");
        if (infos.back().bands > 1)
            result.warnings.push_back(f + ": has " + std::to_string(infos.back().bands) +
                                      " bands; only band 1 is used");
    }
    // A file whose CRS gives the same coordinates as the target (even if defined differently) is "native":
    // its grid can be kept and its values copied without resampling.
    for (RasterInfo& info : infos)
        if (!info.crs.isEquivalentTo(options.target) &&
            coordinatesCoincide(info.crs, options.target, info.extent))
            info.crs = options.target;
    const RasterInfo& first = infos.front();
    const bool firstNative = first.crs.isEquivalentTo(options.target) && !first.rotated;

    // --- the target grid
    // ---------------------------------------------------------------------------------------
    GeoTransform grid;
    int width = 0, height = 0;
    if (options.alignWith) {
        grid = options.alignWith->geoTransform();
        width = options.alignWith->width();
        height = options.alignWith->height();
    } else {
        double cw = options.resolution, ch = options.resolution;
        if (cw == 0.0) {
            if (firstNative) {
                cw = first.geoTransform[1];
                ch = -first.geoTransform[5];
            } else {
                // GDAL's suggestion keeps about the same number of cells across the source extent.
                const std::string src = "SRC_SRS=" + first.crs.wkt();
                const std::string dst = "DST_SRS=" + options.target.wkt();
                const char* trOptions[] = {src.c_str(), dst.c_str(), nullptr};
                GDALDatasetH h = GDALDataset::ToHandle(datasets.front().get());
                void* tr = GDALCreateGenImgProjTransformer2(h, nullptr, const_cast<char**>(trOptions));
                double sgt[6];
                int sx = 0, sy = 0;
                double ext[4];
                const bool ok = tr && GDALSuggestedWarpOutput2(h, GDALGenImgProjTransform, tr, sgt, &sx, &sy,
                                                               ext, 0) == CE_None;
                if (tr) GDALDestroyGenImgProjTransformer(tr);
                if (!ok)
                    throw fileError(ErrorCode::Crs, first.file,
                                    "cannot work out a resolution in " + options.target.describe());
                // Round to 1 mm so that the grid reads cleanly.
                cw = ch = std::max(0.001, std::round(sgt[1] * 1000.0) / 1000.0);
            }
        }
        Box extent;
        if (options.extent) {
            extent = *options.extent;
        } else {
            for (const RasterInfo& info : infos) {
                CoordinateTransformer t(info.crs, options.target);
                extent.expand(t.transformBox(info.extent));
            }
        }
        if (extent.empty())
            throw Error(ErrorCode::Data,
                        "the raster extent cannot be expressed in " + options.target.describe());
        // Align with the first file's grid when it is native, else with whole multiples of the cell size.
        double ax = 0.0, ay = 0.0;
        if (firstNative && sameCellSize(first.geoTransform, cw, ch)) {
            ax = first.geoTransform[0];
            ay = first.geoTransform[3];
        }
        // A clip extent is covered completely (snap outward); the data's own extent is snapped inward, so
        // that no rim of partly covered, NoData cells appears around the data.
        auto down = [](double v, double origin, double cell) {
            return origin + std::floor((v - origin) / cell + 1e-9) * cell;
        };
        auto up = [](double v, double origin, double cell) {
            return origin + std::ceil((v - origin) / cell - 1e-9) * cell;
        };
        const bool outward = options.extent.has_value();
        const double minX = outward ? down(extent.minX, ax, cw) : up(extent.minX, ax, cw);
        const double maxX = outward ? up(extent.maxX, ax, cw) : down(extent.maxX, ax, cw);
        const double minY = outward ? down(extent.minY, ay, ch) : up(extent.minY, ay, ch);
        const double maxY = outward ? up(extent.maxY, ay, ch) : down(extent.maxY, ay, ch);
        const double cellsX = std::round((maxX - minX) / cw), cellsY = std::round((maxY - minY) / ch);
        if (cellsX < 1 || cellsY < 1 || cellsX * cellsY > static_cast<double>(kMaxCells))
            throw Error(ErrorCode::Data,
                        "a grid of " + fmt(cellsX) + " x " + fmt(cellsY) + " cells at " + fmt(cw) +
                            " m is outside the supported range (1 to " + std::to_string(kMaxCells) +
                            " cells)",
                        Error::Context{{}, {}, "resolution"});
        width = static_cast<int>(cellsX);
        height = static_cast<int>(cellsY);
        grid = GeoTransform{minX, maxY, cw, ch};
    }
    Raster target(width, height, grid, options.target);
    const Box targetBox = target.extent();

    // --- read, then copy or warp
    // -------------------------------------------------------------------------------
    std::vector<Loaded> loaded;
    loaded.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        Loaded l;
        if (!loadWindow(*datasets[i], infos[i], options.target, targetBox, options.elevationSentinels, l,
                        result.sentinelCells)) {
            result.warnings.push_back(files[i] + ": does not overlap the model extent; not used");
            continue;
        }
        datasets[i].reset();  // the window is in memory now
        loaded.push_back(std::move(l));
    }
    result.filesUsed = loaded.size();
    if (loaded.empty())
        throw Error(ErrorCode::Data,
                    "no raster file overlaps the model extent (" + fmt(targetBox.minX) + ", " +
                        fmt(targetBox.minY) + ") - (" + fmt(targetBox.maxX) + ", " + fmt(targetBox.maxY) +
                        ")",
                    Error::Context{files.size() == 1 ? files.front() : std::string{}, {}, {}});

    // Windows already on the target grid are copied exactly; the rest are grouped into same-grid mosaics
    // (tiles) and warped once per group, so bilinear resampling sees across tile seams.
    std::vector<std::vector<Loaded*>> groups;
    for (Loaded& l : loaded) {
        long dx = 0, dy = 0;
        if (l.crs.isEquivalentTo(options.target) && northUp(l.gt) &&
            sameCellSize(l.gt, grid.cellWidth, grid.cellHeight) &&
            alignedOffset(l.gt, grid.originX, grid.originY, grid.cellWidth, grid.cellHeight, dx, dy)) {
            overlay(l.data.data(), l.width, l.height, dx, dy, target);
            continue;
        }
        bool placed = false;
        for (auto& g : groups) {
            const Loaded& ref = *g.front();
            long ox = 0, oy = 0;
            if (northUp(l.gt) && northUp(ref.gt) && l.crs.isEquivalentTo(ref.crs) &&
                sameCellSize(l.gt, ref.gt[1], -ref.gt[5]) &&
                alignedOffset(l.gt, ref.gt[0], ref.gt[3], ref.gt[1], -ref.gt[5], ox, oy)) {
                g.push_back(&l);
                placed = true;
                break;
            }
        }
        if (!placed) groups.push_back({&l});
    }
    if (groups.size() > 1)
        result.warnings.push_back(
            "raster files on different grids are warped separately; expect seams of "
            "about one cell where they meet");
    for (const auto& g : groups)
        warpInto(mosaic(g), resampling, target);

    if (!options.allowEmpty && target.stats().validCount == 0)
        throw Error(ErrorCode::Data, "the raster has no valid cells inside the model extent",
                    Error::Context{files.size() == 1 ? files.front() : std::string{}, {}, {}});
    result.raster = std::move(target);
    if (capture.isOutermost())
        for (std::string& w : capture.takeWarnings())
            result.warnings.push_back(files.size() == 1 ? files.front() + ": " + w : w);
    return result;
}

Raster readRaster(const std::string& path, const std::string& crsOverride) {
    const RasterInfo info = inspectRaster(path, crsOverride);
    if (info.crs.empty()) throw fileError(ErrorCode::Crs, path, "raster has no coordinate reference system");
    if (info.rotated) throw fileError(ErrorCode::Data, path, "rotated rasters are not supported here");
    RasterImportOptions opts;
    opts.target = info.crs;
    opts.crsOverride = crsOverride;
    opts.resampling = "nearest";
    opts.allowEmpty = true;  // a file is read as it is: an all-NoData result is a result
    return importRaster({path}, opts).raster;
}

void writeRaster(const Raster& raster, const std::string& path, const RasterWriteOptions& options) {
    detail::ensureGdal();
    if (raster.empty())
        throw Error(ErrorCode::Output, "cannot write an empty raster", Error::Context{path, {}, {}});
    namespace fs = std::filesystem;
    const fs::path final(path);
    const fs::path tmp =
        final.parent_path() / (final.filename().string() + ".tmp-" + std::to_string(::getpid()));
    ErrorCapture capture;
    std::vector<float> data = raster.data();
    const float nd = static_cast<float>(options.noDataValue);
    for (float& v : data)
        if (std::isnan(v)) v = nd;
    const GeoTransform& g = raster.geoTransform();
    const double gt[6] = {g.originX, g.cellWidth, 0.0, g.originY, 0.0, -g.cellHeight};
    DatasetPtr mem = memDataset(raster.width(), raster.height(), gt, raster.crs(), data.data());
    mem->GetRasterBand(1)->SetNoDataValue(options.noDataValue);
    if (!raster.unit.empty()) mem->GetRasterBand(1)->SetUnitType(raster.unit.c_str());
    if (!raster.name.empty()) mem->GetRasterBand(1)->SetDescription(raster.name.c_str());

    std::vector<std::string> co;
    GDALDriver* driver = nullptr;
    if (options.cloudOptimized) {
        driver = GetGDALDriverManager()->GetDriverByName("COG");
        // One thread: GDAL's error handlers are per thread, so an error raised in a compression worker (out
        // of memory, a full disk) would be printed and lost instead of failing the write.
        co = {"COMPRESS=" + options.compression, "PREDICTOR=YES", "BLOCKSIZE=256", "OVERVIEWS=AUTO",
              "NUM_THREADS=1"};
    } else {
        driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        co = {"COMPRESS=" + options.compression, "PREDICTOR=3", "TILED=YES"};
    }
    if (!driver) throw Error(ErrorCode::Internal, "GDAL lacks the GeoTIFF/COG driver");
    std::vector<char*> cargv;
    for (std::string& s : co)
        cargv.push_back(s.data());
    cargv.push_back(nullptr);
    bool ok = false;
    {
        DatasetPtr out(driver->CreateCopy(tmp.c_str(), mem.get(), FALSE, cargv.data(), nullptr, nullptr));
        ok = out != nullptr;
        if (out) out->FlushCache();
    }
    // Closing writes too (the last blocks, the directory): every error until then fails the write.
    ok = ok && capture.lastError().empty() && capture.errorCount() == 0;
    std::error_code ec;
    if (!ok) {
        fs::remove(tmp, ec);
        throw Error(ErrorCode::Output, "cannot write GeoTIFF: " + capture.lastError(),
                    Error::Context{path, {}, {}});
    }
    fs::rename(tmp, final, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error(ErrorCode::Output, "cannot move the written file into place: " + ec.message(),
                    Error::Context{path, {}, {}});
    }
}

}  // namespace citytwin::core

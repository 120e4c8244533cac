#pragma once
/// @file raster_io.h
/// Reading rasters through GDAL (any format it reads), warping them onto the project grid, writing GeoTIFF.

#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/crs.h"
#include "citytwin/core/export.h"
#include "citytwin/core/raster.h"

namespace citytwin::core {

/// What a raster file holds, read from its header only.
struct RasterInfo {
    std::string file;
    std::string driver;  ///< GDAL driver short name ("GTiff", "AAIGrid", "SRTMHGT", ...)
    int width = 0;
    int height = 0;
    int bands = 0;
    std::string dataType;                          ///< "Float32", "Int16", ...
    double geoTransform[6] = {0, 1, 0, 0, 0, -1};  ///< GDAL's affine coefficients
    bool rotated = false;                          ///< the grid is not north-up
    Crs crs;                                       ///< empty when the file has none and no override was given
    std::optional<double> noData;
    Box extent;                         ///< in the raster's own CRS
    std::vector<std::string> warnings;  ///< GDAL's warnings while reading the header
};

/// Reads the header. `crsOverride` (any Crs::fromUserInput text) replaces the file's CRS.
/// @throws Error: FileNotFound, FileFormat (not a raster / corrupt header), Crs (bad override).
CITYTWIN_CORE_API RasterInfo inspectRaster(const std::string& path, const std::string& crsOverride = {});

/// How to bring one or more raster files onto a grid of the project CRS.
struct RasterImportOptions {
    Crs target;                 ///< the project CRS (required)
    std::optional<Box> extent;  ///< clip extent in the target CRS; default: the union of the inputs
    double resolution = 0.0;    ///< cell size [m]; 0 = the native resolution of the first file
    std::string resampling =
        "bilinear";           ///< nearest, bilinear, cubic, cubicspline, lanczos, average, mode, min, max
    std::string crsOverride;  ///< CRS to assume for files that declare none (or a wrong one)
    /// Treat undeclared sentinels as NoData: -9999 and -32768 exactly, and |v| >= 1e30 (e.g. ±3.4e38).
    /// For elevation data; leave off for categorical layers.
    bool elevationSentinels = false;
    /// Align the grid with this raster instead of computing one (same size, origin and cell size).
    const Raster* alignWith = nullptr;
    /// A raster without a single valid cell is returned as it is instead of refused (a result in which
    /// nothing happened: the maximum water level of a dry run). Input data leave it off.
    bool allowEmpty = false;
};

struct ImportedRaster {
    Raster raster;
    std::size_t sentinelCells = 0;      ///< undeclared sentinel cells made NaN
    std::size_t filesUsed = 0;          ///< files that overlapped the target extent
    std::vector<std::string> warnings;  ///< GDAL warnings and notes, each naming its file
};

/// Reads `files` (a mosaic when several; later files win where both have data), converts NoData to NaN and
/// warps onto a north-up grid of the target CRS. When the files are already on the target grid (same CRS,
/// resolution and alignment) values are copied exactly, without resampling.
/// @throws Error: FileNotFound, FileFormat (corrupt/truncated data, not a raster), Crs (no CRS),
///         Data (no overlap with the extent, grid too large; parameter "resolution"), Scenario (bad
///         resampling).
CITYTWIN_CORE_API ImportedRaster importRaster(const std::vector<std::string>& files,
                                              const RasterImportOptions& options);

/// Reads band 1 of a file in its own CRS and grid (north-up only), NoData as NaN; a file of NoData only is
/// returned as such (results; inputs go through importRaster, which refuses it).
/// @throws as importRaster; Data for a rotated grid.
CITYTWIN_CORE_API Raster readRaster(const std::string& path, const std::string& crsOverride = {});

/// Options for writing a raster.
struct RasterWriteOptions {
    bool cloudOptimized = true;  ///< COG layout (tiled, overviews) instead of a plain tiled GeoTIFF
    std::string compression = "DEFLATE";
    double noDataValue = -9999.0;  ///< NaN cells are written as this value and declared as NoData
};

/// Writes a single-band Float32 GeoTIFF with CRS and NoData. Writes to "<path>.tmp-XXXX" first and renames,
/// so a failure never leaves a truncated file at `path`.
/// @throws Error(ErrorCode::Output) naming the path.
CITYTWIN_CORE_API void writeRaster(const Raster& raster, const std::string& path,
                                   const RasterWriteOptions& options = {});

}  // namespace citytwin::core

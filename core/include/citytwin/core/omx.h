#pragma once
/// @file omx.h
/// Open Matrix files (OMX 0.2, https://github.com/osPlanning/omx): zone-by-zone matrices in HDF5, the format
/// transport planners exchange. Available when CityTwin was built with HDF5's C library (Debian libhdf5-dev);
/// otherwise every function but available() throws Error(Internal) saying so. No HDF5 header is included
/// here.

#include <string>
#include <vector>

#include "citytwin/core/export.h"

namespace citytwin::core::omx {

/// Whether this build reads and writes OMX files.
CITYTWIN_CORE_API bool available();

/// What an OMX file holds.
struct Info {
    int zones = 0;                      ///< SHAPE (rows = columns)
    std::string version;                ///< OMX_VERSION
    std::vector<std::string> matrices;  ///< datasets under /data
    std::vector<std::string> lookups;   ///< datasets under /lookup
};

/// @throws Error(FileNotFound | FileFormat) naming the file; Error(Internal) without HDF5.
CITYTWIN_CORE_API Info inspect(const std::string& path);

/// Reads /data/<name>: zones x zones values, row-major, as doubles (any numeric type). `na` gets the
/// dataset's NA attribute, or NaN when it has none. @throws Error(FileFormat) naming the file and the matrix.
CITYTWIN_CORE_API std::vector<double> readMatrix(const std::string& path, const std::string& name,
                                                 double& na);

/// Reads /lookup/<name> (one entry per zone): integers as decimal text ("12"), other numbers with 17
/// significant digits, strings as they are. @throws Error(FileFormat).
CITYTWIN_CORE_API std::vector<std::string> readLookup(const std::string& path, const std::string& name);

/// A dense matrix to write: zones x zones values, row-major; NaN where undefined.
struct Matrix {
    std::string name;
    std::vector<double> values;
};

/// Writes an OMX 0.2 file: OMX_VERSION "0.2" and SHAPE (int32[2]) on the root, each matrix as a float64
/// dataset under /data, the zone ids under /lookup/zone_number (int32) when they are all integers, else under
/// /lookup/zone_id (fixed-length UTF-8 strings). The file appears complete or not at all (written beside and
/// renamed). @throws Error(Validation) for sizes or names that do not fit; Error(Output) naming the file.
CITYTWIN_CORE_API void write(const std::string& path, const std::vector<Matrix>& matrices,
                             const std::vector<std::string>& zoneIds);

}  // namespace citytwin::core::omx

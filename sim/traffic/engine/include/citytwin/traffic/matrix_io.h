#pragma once
/// @file matrix_io.h
/// Origin-destination matrices in and out: CSV long format, the TNTP trips format, OMX (the Open Matrix
/// format on HDF5 that transport planners exchange: https://github.com/osPlanning/omx, version 0.2), and
/// aggregation of zones to districts.
///
/// Zones are named by zone ids (strings): "1".."Z" for TNTP networks, the GMNS zone_id, the city zone ids.
/// Readers map the ids in a file to the network's zones and refuse ids the network does not have, naming
/// the file, the line (or matrix) and the id. Writers never write zeros in long formats.

#include <string>
#include <utility>
#include <vector>

#include "citytwin/traffic/demand.h"

namespace citytwin::traffic {

/// "1", "2", ..., "Z": the zone ids of a TNTP network.
std::vector<std::string> numberedZoneIds(int zoneCount);

/// Reads a matrix in long format: a header and one row per cell with the origin id, the destination id and
/// the value. Columns are found by name (case-insensitive): origin = origin | o | from | orig | o_zone_id |
/// o_zone | from_zone; destination = destination | d | to | dest | d_zone_id | d_zone | to_zone; value =
/// `valueColumn` when given, else trips | demand | volume | flow | value | veh_h. A file of exactly three
/// columns with other names is read in that order. A cell given twice, an unknown zone id, a negative or
/// non-numeric value is an error naming the line.
/// @throws core::Error(FileNotFound | FileFormat).
OdMatrix readMatrixCsv(const std::string& path, const std::vector<std::string>& zoneIds,
                       const std::string& valueColumn = {});

/// Writes a matrix in long format: header "origin,destination,<valueName>", cells with demand > 0, values
/// with 12 significant digits. @throws core::Error(Output) when the file cannot be written.
void writeMatrixCsv(const std::string& path, const OdMatrix& matrix, const std::vector<std::string>& zoneIds,
                    const std::string& valueName = "trips");

/// Writes a matrix in the TNTP trips format (zones 1..Z, TOTAL OD FLOW in the metadata), which
/// readTntpTrips() reads back. @throws core::Error(Output).
void writeTntpTrips(const std::string& path, const OdMatrix& matrix);

/// Whether OMX files can be read and written (the engine was built with HDF5).
bool omxAvailable();

/// What an OMX file holds.
struct OmxInfo {
    int zones = 0;                      ///< SHAPE (rows = columns)
    std::string version;                ///< OMX_VERSION
    std::vector<std::string> matrices;  ///< datasets under /data
    std::vector<std::string> lookups;   ///< datasets under /lookup
};
/// @throws core::Error(FileNotFound | FileFormat), core::Error(Internal) without HDF5.
OmxInfo inspectOmx(const std::string& path);

/// Reads one matrix of an OMX file (any numeric type; NaN and values equal to the dataset's NA attribute
/// count as 0). Rows and columns are mapped to the network's zones through the lookup `lookup` (or the only
/// lookup when there is one; integer zone numbers compared with the zone ids as text); without a lookup
/// the file must have as many zones as `zoneIds`, in the same order. Empty `matrix`: the only matrix.
/// @throws core::Error(FileNotFound | FileFormat) naming the file and the matrix.
OdMatrix readOmxMatrix(const std::string& path, const std::string& matrix,
                       const std::vector<std::string>& zoneIds, const std::string& lookup = {});

/// A dense zone-by-zone table to write (a skim): row-major, NaN where undefined.
struct DenseMatrix {
    std::string name;
    std::vector<double> values;
};

/// Writes an OMX 0.2 file: SHAPE and OMX_VERSION, each matrix as a float64 dataset under /data, and the
/// zone ids under /lookup/zone_number (int32) when they are all integers. Sparse matrices are written dense.
/// @throws core::Error(Output), core::Error(Internal) without HDF5.
void writeOmx(const std::string& path, const std::vector<std::pair<std::string, const OdMatrix*>>& matrices,
              const std::vector<DenseMatrix>& dense, const std::vector<std::string>& zoneIds);

/// Aggregates a matrix to districts: district d gets every cell whose zones map to it. `districtOf` has one
/// entry per zone (0-based district, or -1 to leave the zone out).
/// @throws core::Error(Validation, "districts") for sizes that do not match or districts out of range.
OdMatrix aggregateToDistricts(const OdMatrix& matrix, const std::vector<int>& districtOf, int districtCount);

/// Reads a zone-to-district table (CSV columns zone | zone_id and district | district_id): the district
/// index of every zone (districts numbered in order of first appearance) and their names.
/// @throws core::Error(FileFormat) for an unknown zone, a zone given twice; zones not listed get -1.
std::pair<std::vector<int>, std::vector<std::string>> readDistricts(const std::string& path,
                                                                    const std::vector<std::string>& zoneIds);

}  // namespace citytwin::traffic

#pragma once
// Helpers of the flood tests: reading the reference grids and tables of ../shared/data/flood, building
// set-ups.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "citytwin/core/raster.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/flood/setup.h"
#include "test_util.h"

namespace citytwin::test {

/// An ESRI ASCII grid of the shared flood data (gzipped ones read through GDAL's /vsigzip/). The files carry
/// no CRS; a metric one is assumed (the engine does not use it).
inline core::Raster readFloodGrid(const std::string& rel) {
    std::string path = sharedData("flood/" + rel);
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) path = "/vsigzip/" + path;
    return core::readRaster(path, "EPSG:32630");
}

/// A set-up on the raster's grid with its values as the bed.
inline flood::Setup setupOn(const core::Raster& bed) {
    flood::Setup s;
    const core::GeoTransform& t = bed.geoTransform();
    s.grid = {bed.width(), bed.height(), t.cellWidth, t.originX, t.originY};
    s.bedElevationM = bed.data();
    return s;
}

/// A set-up on a synthetic grid (origin at (0, ny*dx) so that y runs from 0 at the south edge).
inline flood::Setup setupOn(int nx, int ny, double dx, float bed = 0.0f) {
    flood::Setup s;
    s.grid = {nx, ny, dx, 0.0, ny * dx};
    s.bedElevationM.assign(s.grid.cellCount(), bed);
    return s;
}

/// Rows of a CSV file split on commas; lines starting with '#' and the header (first non-comment line)
/// skipped.
inline std::vector<std::vector<double>> readCsv(const std::string& path, bool skipHeader = true) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::vector<std::vector<double>> rows;
    std::string line;
    bool header = skipHeader;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {
            header = false;
            continue;
        }
        std::vector<double> row;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
            row.push_back(std::stod(cell));
        rows.push_back(row);
    }
    return rows;
}

/// Linear interpolation in a table of (x, y) sorted by x.
inline double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
    if (x <= xs.front()) return ys.front();
    if (x >= xs.back()) return ys.back();
    std::size_t k = 1;
    while (xs[k] < x)
        ++k;
    const double w = (x - xs[k - 1]) / (xs[k] - xs[k - 1]);
    return ys[k - 1] + w * (ys[k] - ys[k - 1]);
}

}  // namespace citytwin::test

#pragma once
/// @file extent_compare.h
/// Flood extents as polygons, and a modelled extent checked against an observed one (hit rate, false-alarm
/// ratio, critical success index, depth errors at observed places).
///
/// The contingency table follows the usual binary verification of flood extents (Wing et al. 2017, Water
/// Resources Research 53, doi:10.1002/2017WR020917; Bates & De Roo 2000, J. Hydrology 236: the F statistic, which
/// is the CSI): over the cells of the model grid that can hold water,
///   hit rate H = A / (A + C), false-alarm ratio F = B / (A + B), critical success index CSI = A / (A + B + C),
/// with A = wet in both, B = modelled wet but not observed, C = observed but modelled dry.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "citytwin/core/geometry.h"
#include "citytwin/core/vector_layer.h"
#include "citytwin/flood/setup.h"

namespace citytwin::flood {

/// The area deeper than one threshold, as polygons along cell edges.
struct ExtentPolygons {
    double thresholdM = 0.0;
    core::MultiPolygon area;  ///< one polygon per connected wet region (4-connected), holes kept
    double areaM2 = 0.0;
};

/// One ExtentPolygons per threshold (in the order given): cells whose maximum depth reaches the threshold.
/// NaN depths (walls, no data) are dry. @throws core::Error(Simulation) when GDAL cannot trace the polygons.
std::vector<ExtentPolygons> floodExtents(const Grid& grid, const std::vector<float>& maxDepthM,
                                         const std::vector<double>& thresholdsM);

/// One observed feature (a trace polygon) against the model.
struct ObservedFeature {
    std::size_t index = 0;  ///< index of the feature in the observed layer
    std::int64_t fid = -1;
    std::string id;            ///< the feature's id attribute ("id", "fid", "osm_id"...) or "#k"
    std::string name;          ///< a name or address attribute when there is one
    double observedDepthM = 0;  ///< NaN when the feature gives none (or 0: unknown)
    std::size_t cells = 0;      ///< model cells the feature covers (at least the cell of its centroid)
    double wetShare = 0;        ///< share of those cells the model floods
    double modelMaxDepthM = 0;  ///< deepest modelled water over its cells [m]
};

/// A modelled extent against an observed one.
struct ObservedComparison {
    std::size_t hits = 0;          ///< A: wet in model and observation [cells]
    std::size_t falseAlarms = 0;   ///< B: modelled wet, not observed
    std::size_t misses = 0;        ///< C: observed, modelled dry
    std::size_t correctNegatives = 0;
    double hitRate = NAN;          ///< A / (A + C); NaN without observed cells
    double falseAlarmRatio = NAN;  ///< B / (A + B); NaN when the model floods nothing
    double criticalSuccessIndex = NAN;  ///< A / (A + B + C)
    std::size_t depthPairs = 0;    ///< features with an observed depth > 0
    double depthBiasM = NAN;       ///< mean of modelled max depth - observed depth over those features
    double depthMaeM = NAN;        ///< mean absolute error
    double depthRmseM = NAN;       ///< root mean square error
    std::size_t featuresOutside = 0;   ///< observed features entirely outside the grid (left out)
    std::size_t featuresObserved = 0;  ///< features that took part
    std::vector<ObservedFeature> features;
    /// Per cell: 0 correct negative or not comparable, 1 hit, 2 false alarm, 3 miss.
    std::vector<std::uint8_t> classes;
};

/// Compares where the model floods (maximum depth >= wetThresholdM) with the observed polygons of `observed`
/// (in the grid's CRS). A polygon covers the cells whose centres lie inside it, and at least the cell of its
/// centroid (a trace smaller than a cell still counts). Cells with NaN depth (walls, no data) take no part.
/// `depthField` names the observed depth attribute [m] ("" = none); values <= 0 mean unknown.
ObservedComparison compareWithObserved(const Grid& grid, const std::vector<float>& maxDepthM, double wetThresholdM,
                                       const core::VectorLayer& observed, const std::string& depthField);

}  // namespace citytwin::flood

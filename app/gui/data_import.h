#pragma once
// Adding a GIS file to a loaded city model: any raster or vector GDAL reads, brought into the model's CRS.

#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/render/results.h"

namespace citytwin::gui {

/// Reads a raster (warped onto the terrain grid, or onto a grid of its own in the model's CRS when the model
/// has no terrain) or a vector layer (reprojected to the model's CRS). `isRaster` says which it was;
/// `warnings` (when given) gets the reader's notes, such as the text encoding a Shapefile without a .cpg was
/// read with.
/// @throws core::Error naming the file: FileNotFound, FileFormat (neither a raster nor a vector file), Crs.
render::OutputData importDataFile(const std::string& path, const core::CityModel& model, bool* isRaster,
                                  std::vector<std::string>* warnings = nullptr);

}  // namespace citytwin::gui

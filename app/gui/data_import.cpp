// Importing extra raster and vector files into the viewer.

#include "data_import.h"

#include <gdal.h>

#include <filesystem>

#include "citytwin/core/crs.h"
#include "citytwin/core/error.h"
#include "citytwin/core/raster_io.h"
#include "citytwin/core/vector_io.h"

namespace citytwin::gui {

render::OutputData importDataFile(const std::string& path, const core::CityModel& model, bool* isRaster,
                                  std::vector<std::string>* warnings) {
    if (!std::filesystem::exists(path) && path.rfind("/vsi", 0) != 0)
        throw core::fileError(core::ErrorCode::FileNotFound, path, "the file does not exist");
    const std::string stem = std::filesystem::path(path).stem().string();
    render::OutputData out;
    out.decl.id = stem;
    out.decl.label = std::filesystem::path(path).filename().string();
    std::string rasterProblem;
    bool raster = false;
    try {
        const core::RasterInfo info = core::inspectRaster(path);
        raster = info.bands > 0 && info.width > 0;
    } catch (const core::Error& e) {
        rasterProblem = e.what();
    }
    if (raster) {
        core::RasterImportOptions opt;
        opt.target = model.crs;
        opt.resampling = "bilinear";
        if (model.hasTerrain()) opt.alignWith = &model.terrain;
        core::ImportedRaster imported = core::importRaster({path}, opt);
        if (imported.raster.unit.empty()) {
            // The band's unit ("m"), which decides whether the layer can be a water surface.
            if (GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly)) {
                if (GDALGetRasterCount(ds) > 0)
                    if (const char* u = GDALGetRasterUnitType(GDALGetRasterBand(ds, 1)); u && *u)
                        imported.raster.unit = u;
                GDALClose(ds);
            }
        }
        out.decl.kind = sdk::OutputKind::Raster;
        out.decl.unit = imported.raster.unit;
        // Added data declare nothing: draped by value; the layer panel can make a depth layer a water
        // surface.
        out.decl.style = sdk::Style::draped("viridis");
        out.decl.description = "Added from " + path + ".";
        out.raster = std::make_shared<const core::Raster>(std::move(imported.raster));
        if (isRaster) *isRaster = true;
        return out;
    }
    core::VectorReadResult read;
    try {
        read = core::readVector(path, core::VectorReadOptions{});
    } catch (const core::Error& e) {
        if (e.code() == core::ErrorCode::FileFormat)
            throw core::fileError(
                core::ErrorCode::FileFormat, path,
                "neither a raster nor a vector file that GDAL can read (" + std::string(e.detail()) + ")");
        throw;
    }
    if (warnings)
        for (const std::string& w : read.warnings)
            warnings->push_back(path + ": " + w);
    core::VectorLayer layer = std::move(read.layer);
    if (layer.crs.empty())
        throw core::fileError(core::ErrorCode::Crs, path, "the layer has no coordinate reference system");
    if (!layer.crs.isEquivalentTo(model.crs)) {
        core::CoordinateTransformer t(layer.crs, model.crs);
        for (core::VectorFeature& f : layer.features) {
            t.transform(f.points);
            for (core::LineString& l : f.lines)
                t.transform(l.data(), l.size());
            for (core::Polygon& p : f.polygons) {
                t.transform(p.outer.data(), p.outer.size());
                for (core::Ring& r : p.inners)
                    t.transform(r.data(), r.size());
            }
        }
        layer.crs = model.crs;
    }
    out.decl.kind = sdk::OutputKind::Vector;
    out.decl.style.colorMap = "categorical";
    out.decl.description =
        "Added from " + path + " (" + std::to_string(layer.features.size()) + " features).";
    out.vector = std::make_shared<const core::VectorLayer>(std::move(layer));
    if (isRaster) *isRaster = false;
    return out;
}

}  // namespace citytwin::gui

#include "extent_compare.h"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "citytwin/core/error.h"
#include "citytwin/core/rasterise.h"
#include "citytwin/core/text.h"

namespace citytwin::flood {
namespace {

core::Ring toRing(const OGRLinearRing& r, bool wantCounterClockwise) {
    core::Ring out;
    out.reserve(static_cast<std::size_t>(r.getNumPoints()));
    for (int i = 0; i < r.getNumPoints(); ++i)
        out.push_back({r.getX(i), r.getY(i)});
    if (!out.empty() && out.front() != out.back()) out.push_back(out.front());
    if ((core::signedArea(out) > 0.0) != wantCounterClockwise) std::reverse(out.begin(), out.end());
    return out;
}

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

/// Traces the 1-cells of `mask` into polygons (GDALPolygonize, 4-connected), in the grid's coordinates.
core::MultiPolygon tracePolygons(const Grid& grid, std::vector<std::uint8_t>& mask) {
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* vmem = GetGDALDriverManager()->GetDriverByName("Memory");
    if (!mem || !vmem) throw core::Error(core::ErrorCode::Simulation, "GDAL's in-memory drivers are missing");
    Dataset raster(mem->Create("", grid.nx, grid.ny, 1, GDT_Byte, nullptr));
    Dataset vector(vmem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!raster || !vector) throw core::Error(core::ErrorCode::Simulation, "cannot create in-memory datasets");
    double gt[6] = {grid.originX, grid.cellSizeM, 0.0, grid.originY, 0.0, -grid.cellSizeM};
    raster->SetGeoTransform(gt);
    GDALRasterBand* band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, grid.nx, grid.ny, mask.data(), grid.nx, grid.ny, GDT_Byte, 0, 0, nullptr) !=
        CE_None)
        throw core::Error(core::ErrorCode::Simulation, "cannot write the extent mask");
    OGRLayer* layer = vector->CreateLayer("extent", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn field("value", OFTInteger);
    if (!layer || layer->CreateField(&field) != OGRERR_NONE)
        throw core::Error(core::ErrorCode::Simulation, "cannot create the extent layer");
    // The band is its own mask: 0 cells are left out, so only the wet regions come back.
    if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
        throw core::Error(core::ErrorCode::Simulation, "GDAL could not trace the flood extent");
    core::MultiPolygon out;
    layer->ResetReading();
    while (OGRFeature* f = layer->GetNextFeature()) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (g && wkbFlatten(g->getGeometryType()) == wkbPolygon) {
            const auto* poly = g->toPolygon();
            core::Polygon p;
            p.outer = toRing(*poly->getExteriorRing(), true);
            for (int i = 0; i < poly->getNumInteriorRings(); ++i)
                p.inners.push_back(toRing(*poly->getInteriorRing(i), false));
            out.push_back(std::move(p));
        }
        OGRFeature::DestroyFeature(f);
    }
    return out;
}

std::string textOf(const core::AttributeValue& v) {
    return std::holds_alternative<std::monostate>(v) ? std::string() : core::toText(v);
}

}  // namespace

std::vector<ExtentPolygons> floodExtents(const Grid& grid, const std::vector<float>& maxDepthM,
                                         const std::vector<double>& thresholdsM) {
    std::vector<ExtentPolygons> out;
    std::vector<std::uint8_t> mask(grid.cellCount());
    for (double t : thresholdsM) {
        std::size_t wet = 0;
        for (std::size_t c = 0; c < mask.size(); ++c) {
            const float d = maxDepthM[c];
            mask[c] = !std::isnan(d) && d >= t ? 1 : 0;
            wet += mask[c];
        }
        ExtentPolygons e;
        e.thresholdM = t;
        if (wet) e.area = tracePolygons(grid, mask);
        e.areaM2 = static_cast<double>(wet) * grid.cellSizeM * grid.cellSizeM;
        out.push_back(std::move(e));
    }
    return out;
}

ObservedComparison compareWithObserved(const Grid& grid, const std::vector<float>& maxDepthM, double wetThresholdM,
                                       const core::VectorLayer& observed, const std::string& depthField) {
    ObservedComparison r;
    const std::size_t cells = grid.cellCount();
    std::vector<std::uint8_t> seen(cells, 0);
    const core::GeoTransform gt{grid.originX, grid.originY, grid.cellSizeM, grid.cellSizeM};
    const int idField = [&] {
        for (const char* n : {"id", "fid", "osm_id", "objectid", "ID", "OBJECTID"})
            if (int i = observed.fields.indexOf(n); i >= 0) return i;
        return -1;
    }();
    const int nameField = [&] {
        for (const char* n : {"name", "zone_name", "address", "addr", "NAME"})
            if (int i = observed.fields.indexOf(n); i >= 0) return i;
        return -1;
    }();
    const int depthIndex = depthField.empty() ? -1 : observed.fields.indexOf(depthField);
    auto wet = [&](std::size_t c) { return !std::isnan(maxDepthM[c]) && maxDepthM[c] >= wetThresholdM; };

    double sumErr = 0.0, sumAbs = 0.0, sumSq = 0.0;
    for (std::size_t k = 0; k < observed.features.size(); ++k) {
        const core::VectorFeature& f = observed.features[k];
        if (f.polygons.empty()) continue;
        std::vector<std::size_t> inside = core::cellsInside(gt, grid.nx, grid.ny, f.polygons);
        if (inside.empty()) {
            // Smaller than a cell: the cell of its centroid.
            const core::Point c = core::centroid(f.polygons);
            int col = 0, row = 0;
            if (grid.cellOf(c.x, c.y, col, row)) inside.push_back(grid.index(col, row));
        }
        // Walls and no data take no part.
        inside.erase(std::remove_if(inside.begin(), inside.end(),
                                    [&](std::size_t c) { return std::isnan(maxDepthM[c]); }),
                     inside.end());
        if (inside.empty()) {
            ++r.featuresOutside;
            continue;
        }
        ++r.featuresObserved;
        ObservedFeature of;
        of.index = k;
        of.fid = f.fid;
        of.id = idField >= 0 ? textOf(f.attribute(idField)) : std::string();
        if (of.id.empty()) of.id = "#" + std::to_string(k + 1);
        of.name = nameField >= 0 ? textOf(f.attribute(nameField)) : std::string();
        of.cells = inside.size();
        std::size_t wetCells = 0;
        for (std::size_t c : inside) {
            seen[c] = 1;
            wetCells += wet(c) ? 1 : 0;
            of.modelMaxDepthM = std::max(of.modelMaxDepthM, static_cast<double>(maxDepthM[c]));
        }
        of.wetShare = static_cast<double>(wetCells) / static_cast<double>(inside.size());
        of.observedDepthM = NAN;
        if (depthIndex >= 0) {
            const core::AttributeValue& v = f.attribute(depthIndex);
            double d = NAN;
            if (const auto* x = std::get_if<double>(&v)) d = *x;
            if (const auto* i = std::get_if<std::int64_t>(&v)) d = static_cast<double>(*i);
            if (const auto* s = std::get_if<std::string>(&v)) {
                char* end = nullptr;
                const std::string t = core::trim(*s);
                const double x = std::strtod(t.c_str(), &end);
                if (!t.empty() && end && *end == '\0') d = x;
            }
            if (d > 0.0) {
                of.observedDepthM = d;
                const double e = of.modelMaxDepthM - d;
                sumErr += e;
                sumAbs += std::fabs(e);
                sumSq += e * e;
                ++r.depthPairs;
            }
        }
        r.features.push_back(std::move(of));
    }

    r.classes.assign(cells, 0);
    for (std::size_t c = 0; c < cells; ++c) {
        if (std::isnan(maxDepthM[c])) continue;
        const bool m = wet(c), o = seen[c] != 0;
        if (m && o) {
            ++r.hits;
            r.classes[c] = 1;
        } else if (m) {
            ++r.falseAlarms;
            r.classes[c] = 2;
        } else if (o) {
            ++r.misses;
            r.classes[c] = 3;
        } else {
            ++r.correctNegatives;
        }
    }
    const auto ratio = [](std::size_t a, std::size_t b) {
        return b == 0 ? NAN : static_cast<double>(a) / static_cast<double>(b);
    };
    r.hitRate = ratio(r.hits, r.hits + r.misses);
    r.falseAlarmRatio = ratio(r.falseAlarms, r.hits + r.falseAlarms);
    r.criticalSuccessIndex = ratio(r.hits, r.hits + r.falseAlarms + r.misses);
    if (r.depthPairs) {
        const double n = static_cast<double>(r.depthPairs);
        r.depthBiasM = sumErr / n;
        r.depthMaeM = sumAbs / n;
        r.depthRmseM = std::sqrt(sumSq / n);
    }
    return r;
}

}  // namespace citytwin::flood

// City model <-> flood engine: grid, terrain, buildings, roughness; impacts on buildings and roads.

#include "model_adapter.h"

#include "citytwin/core/rasterise.h"
#include "citytwin/flood/limits.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "citytwin/core/error.h"
#include "citytwin/core/geometry_boost.h"

namespace citytwin::flood {
namespace {

namespace bg = boost::geometry;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::string num(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

[[noreturn]] void throwFirst(const std::vector<Problem>& problems) {
    std::string message = problems.front().message;
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
    throw core::Error(core::ErrorCode::Validation, message, {{}, {}, problems.front().parameter});
}

}  // namespace

const char* toString(BuildingMode mode) {
    switch (mode) {
        case BuildingMode::Ignore:
            return "ignore";
        case BuildingMode::Block:
            return "block";
        case BuildingMode::Raise:
            return "raise";
    }
    return "block";
}

BuildingMode parseBuildingMode(const std::string& text) {
    for (BuildingMode m : {BuildingMode::Ignore, BuildingMode::Block, BuildingMode::Raise})
        if (text == toString(m)) return m;
    throw core::Error(core::ErrorCode::Validation,
                      "unknown building mode \"" + text + "\" (choose ignore, block or raise)",
                      {{}, {}, "building_mode"});
}

const char* toString(ManningSource source) {
    switch (source) {
        case ManningSource::Uniform:
            return "uniform";
        case ManningSource::Raster:
            return "raster";
        case ManningSource::LandUseTable:
            return "land_use";
        case ManningSource::Polygons:
            return "polygons";
    }
    return "uniform";
}

ManningSource parseManningSource(const std::string& text) {
    for (ManningSource m : {ManningSource::Uniform, ManningSource::Raster, ManningSource::LandUseTable,
                            ManningSource::Polygons})
        if (text == toString(m)) return m;
    throw core::Error(
        core::ErrorCode::Validation,
        "unknown Manning source \"" + text + "\" (choose uniform, raster, land_use or polygons)",
        {{}, {}, "manning_source"});
}

std::vector<Problem> validateModelOptions(const core::CityModel& model, const ModelGridOptions& options) {
    std::vector<Problem> problems;
    if (!model.hasTerrain()) {
        problems.push_back({"terrain", "the city model has no terrain; the flood simulator needs a DEM"});
        return problems;
    }
    const core::Raster& dem = model.terrain;
    const double r = options.resolutionM;
    if (!(r >= 0.0) || !std::isfinite(r)) {
        problems.push_back(
            {"resolution_m", "resolution is " + num(r) + " m, must be >= 0 (0: the terrain's)"});
    } else if (r > 0.0) {
        const core::Box e = dem.extent();
        if (r > std::min(e.width(), e.height()))
            problems.push_back({"resolution_m", "resolution of " + num(r) +
                                                    " m is coarser than the terrain's extent (" +
                                                    num(e.width()) + " m x " + num(e.height()) + " m)"});
        else if ((e.width() / r) * (e.height() / r) > 4.0e8)
            problems.push_back(
                {"resolution_m", "resolution of " + num(r) + " m gives more than 400 million cells"});
    }
    const ManningSpec& m = options.manning;
    if (!limits::manningN.contains(m.uniformN))
        problems.push_back(
            {"manning_n", "Manning n is " + num(m.uniformN) + ", must lie in " + limits::manningN.text() + " s/m^(1/3)"});
    switch (m.source) {
        case ManningSource::Uniform:
            break;
        case ManningSource::Raster:
        case ManningSource::LandUseTable: {
            const auto it = model.rasters.find(m.layer);
            if (it == model.rasters.end()) {
                problems.push_back({"manning_layer", "the city model has no raster layer \"" + m.layer +
                                                         "\" for Manning's n"});
                break;
            }
            if (m.source == ManningSource::LandUseTable) {
                if (m.classTable.empty()) {
                    problems.push_back(
                        {"manning_classes", "a land-use Manning table needs at least one class"});
                    break;
                }
                for (const auto& [code, n] : m.classTable)
                    if (!limits::manningN.contains(n))
                        problems.push_back({"manning_classes", "class " + std::to_string(code) +
                                                                   " has Manning n " + num(n) +
                                                                   ", must lie in " + limits::manningN.text()});
                std::set<long> missing;
                for (float v : it->second.data())
                    if (!std::isnan(v) && m.classTable.count(static_cast<int>(std::lround(v))) == 0)
                        missing.insert(std::lround(v));
                if (!missing.empty()) {
                    std::string list;
                    for (long c : missing)
                        list += (list.empty() ? "" : ", ") + std::to_string(c);
                    problems.push_back(
                        {"manning_classes",
                         "land-use classes without a Manning n in layer \"" + m.layer + "\": " + list});
                }
            } else {
                for (float v : it->second.data())
                    if (!std::isnan(v) && !limits::manningN.contains(v)) {
                        problems.push_back(
                            {"manning_layer", "raster layer \"" + m.layer + "\" holds n = " + num(v) +
                                                  ", outside " + limits::manningN.text() + " (is it a land-use code layer?)"});
                        break;
                    }
            }
            break;
        }
        case ManningSource::Polygons: {
            const auto it = model.vectors.find(m.layer);
            if (it == model.vectors.end()) {
                problems.push_back({"manning_layer", "the city model has no vector layer \"" + m.layer +
                                                         "\" for Manning's n"});
                break;
            }
            bool anyPolygon = false;
            for (const auto& f : it->second.features)
                anyPolygon |= f.kind == core::GeometryKind::Polygon;
            if (!anyPolygon)
                problems.push_back({"manning_layer", "vector layer \"" + m.layer + "\" has no polygons"});
            if (!m.polygonField.empty() && it->second.fields.indexOf(m.polygonField) < 0)
                problems.push_back({"manning_field", "vector layer \"" + m.layer + "\" has no field \"" +
                                                         m.polygonField + "\""});
            if (!limits::manningN.contains(m.polygonN))
                problems.push_back({"manning_n", "Manning n inside the polygons is " + num(m.polygonN) +
                                                     ", must lie in " + limits::manningN.text()});
            break;
        }
    }
    return problems;
}

Grid runGrid(const core::Raster& terrain, double resolutionM) {
    const core::GeoTransform& t = terrain.geoTransform();
    Grid g;
    g.originX = t.originX;
    g.originY = t.originY;
    if (resolutionM <= 0.0 || std::fabs(resolutionM - t.cellWidth) <= 1.0e-3 * t.cellWidth) {
        g.nx = terrain.width();
        g.ny = terrain.height();
        g.cellSizeM = t.cellWidth;
        return g;
    }
    const core::Box e = terrain.extent();
    g.cellSizeM = resolutionM;
    g.nx = std::max(1, static_cast<int>(std::floor(e.width() / resolutionM + 1.0e-9)));
    g.ny = std::max(1, static_cast<int>(std::floor(e.height() / resolutionM + 1.0e-9)));
    return g;
}

std::vector<float> resampleTerrain(const core::Raster& terrain, const Grid& grid) {
    const core::GeoTransform& t = terrain.geoTransform();
    if (grid.nx == terrain.width() && grid.ny == terrain.height() && grid.cellSizeM == t.cellWidth &&
        grid.originX == t.originX && grid.originY == t.originY)
        return terrain.data();
    std::vector<float> out(grid.cellCount(), kNaN);
    if (grid.cellSizeM > t.cellWidth) {
        // Coarser: mean of the source cells whose centres fall inside the target cell.
        for (int r = 0; r < grid.ny; ++r)
            for (int c = 0; c < grid.nx; ++c) {
                const double x0 = grid.originX + c * grid.cellSizeM, y1 = grid.originY - r * grid.cellSizeM;
                const int sc0 = static_cast<int>(std::ceil((x0 - t.originX) / t.cellWidth - 0.5));
                const int sc1 =
                    static_cast<int>(std::ceil((x0 + grid.cellSizeM - t.originX) / t.cellWidth - 0.5)) - 1;
                const int sr0 = static_cast<int>(std::ceil((t.originY - y1) / t.cellHeight - 0.5));
                const int sr1 =
                    static_cast<int>(std::ceil((t.originY - y1 + grid.cellSizeM) / t.cellHeight - 0.5)) - 1;
                double sum = 0.0;
                int valid = 0, total = 0;
                for (int sr = std::max(0, sr0); sr <= std::min(terrain.height() - 1, sr1); ++sr)
                    for (int sc = std::max(0, sc0); sc <= std::min(terrain.width() - 1, sc1); ++sc) {
                        ++total;
                        const float v = terrain.at(sc, sr);
                        if (!std::isnan(v)) {
                            sum += v;
                            ++valid;
                        }
                    }
                if (total > 0 && 2 * valid >= total) out[grid.index(c, r)] = static_cast<float>(sum / valid);
            }
    } else {
        // Finer: bilinear between source cell centres, no data where the source cell itself has none.
        for (int r = 0; r < grid.ny; ++r)
            for (int c = 0; c < grid.nx; ++c) {
                const core::Point p{grid.centreX(c), grid.centreY(r)};
                if (std::isnan(terrain.sampleNearest(p))) continue;
                out[grid.index(c, r)] = static_cast<float>(terrain.sampleBilinear(p));
            }
    }
    return out;
}

std::vector<std::size_t> cellsInside(const Grid& grid, const core::MultiPolygon& polygon) {
    // Scanlines (core/rasterise.h): the cost of the rows and cells covered, not a point test per cell.
    return core::cellsInside(core::GeoTransform{grid.originX, grid.originY, grid.cellSizeM, grid.cellSizeM}, grid.nx,
                             grid.ny, polygon);
}

Setup setupFromModel(const core::CityModel& model, const ModelGridOptions& options, const core::Progress& progress) {
    const std::vector<Problem> problems = validateModelOptions(model, options);
    if (!problems.empty()) throwFirst(problems);
    // Cancel reaches every long part of the set-up (a 2e8-cell grid takes seconds): checked between stages and
    // every few hundred features.
    auto stop = [&](double f, const char* stage) {
        progress(f, stage);
        if (progress.cancelled())
            throw core::Error(core::ErrorCode::Cancelled, "cancelled while preparing the grid");
    };
    Setup s;
    s.grid = runGrid(model.terrain, options.resolutionM);
    stop(0.0, "resampling the terrain");
    s.bedElevationM = resampleTerrain(model.terrain, s.grid);
    const std::size_t cells = s.grid.cellCount();

    if (options.buildingMode != BuildingMode::Ignore) {
        if (options.buildingMode == BuildingMode::Block) s.blocked.assign(cells, 0);
        std::size_t count = 0;
        for (const core::Building& b : model.buildings) {
            if ((++count & 255) == 0)
                stop(0.4 + 0.3 * static_cast<double>(count) / static_cast<double>(model.buildings.size()),
                     "placing the buildings");
            for (std::size_t k : cellsInside(s.grid, b.footprint)) {
                if (options.buildingMode == BuildingMode::Block)
                    s.blocked[k] = 1;
                else if (!std::isnan(s.bedElevationM[k]))
                    s.bedElevationM[k] += static_cast<float>(b.heightM);
            }
        }
    }

    stop(0.7, "roughness");
    const ManningSpec& m = options.manning;
    s.manningN = m.uniformN;
    if (m.source == ManningSource::Raster || m.source == ManningSource::LandUseTable) {
        const core::Raster& layer = model.rasters.at(m.layer);
        s.manningGridN.assign(cells, static_cast<float>(m.uniformN));
        for (int r = 0; r < s.grid.ny; ++r) {
            if ((r & 63) == 0) stop(0.7 + 0.3 * r / std::max(1, s.grid.ny), "roughness");
            for (int c = 0; c < s.grid.nx; ++c) {
                const float v = layer.sampleNearest({s.grid.centreX(c), s.grid.centreY(r)});
                if (std::isnan(v)) continue;
                s.manningGridN[s.grid.index(c, r)] =
                    m.source == ManningSource::Raster
                        ? v
                        : static_cast<float>(m.classTable.at(static_cast<int>(std::lround(v))));
            }
        }
    } else if (m.source == ManningSource::Polygons) {
        const core::VectorLayer& layer = model.vectors.at(m.layer);
        s.manningGridN.assign(cells, static_cast<float>(m.uniformN));
        const int field = m.polygonField.empty() ? -1 : layer.fields.indexOf(m.polygonField);
        std::size_t count = 0;
        for (const core::VectorFeature& f : layer.features) {
            if ((++count & 255) == 0) stop(0.7 + 0.3 * static_cast<double>(count) / layer.features.size(), "roughness");
            if (f.kind != core::GeometryKind::Polygon) continue;
            double n = m.polygonN;
            if (field >= 0) {
                const double v = core::toNumber(f.attribute(field));
                if (limits::manningN.contains(v)) n = v;
            }
            for (std::size_t k : cellsInside(s.grid, f.polygons))
                s.manningGridN[k] = static_cast<float>(n);
        }
    }
    return s;
}

std::vector<Gauge> gaugesFromLayer(const core::CityModel& model, const std::string& layer,
                                   const std::string& nameField) {
    const auto it = model.vectors.find(layer);
    if (it == model.vectors.end())
        throw core::Error(core::ErrorCode::Validation,
                          "the city model has no vector layer \"" + layer + "\" for gauges",
                          {{}, {}, "gauge_layer"});
    std::vector<Gauge> gauges;
    for (std::size_t i = 0; i < it->second.features.size(); ++i) {
        const core::VectorFeature& f = it->second.features[i];
        if (f.kind != core::GeometryKind::Point) continue;
        std::string name = nameField.empty() ? "" : core::toText(it->second.value(i, nameField));
        if (name.empty()) name = layer + " " + std::to_string(i);
        for (const core::Point& p : f.points)
            gauges.push_back({name, p});
    }
    if (gauges.empty())
        throw core::Error(core::ErrorCode::Validation,
                          "vector layer \"" + layer + "\" has no points for gauges", {{}, {}, "gauge_layer"});
    return gauges;
}

std::vector<BuildingImpact> buildingImpacts(const core::CityModel& model, const Grid& grid,
                                            const std::vector<float>& maxDepthM, BuildingMode mode,
                                            double thresholdM) {
    std::vector<BuildingImpact> impacts;
    impacts.reserve(model.buildings.size());
    for (std::size_t b = 0; b < model.buildings.size(); ++b) {
        const core::Building& building = model.buildings[b];
        BuildingImpact im;
        im.building = b;
        im.id = building.id;
        std::vector<std::size_t> own = cellsInside(grid, building.footprint);
        if (own.empty()) {  // smaller than a cell: the cell under its centroid
            const core::Point c = core::centroid(building.footprint);
            int col, row;
            if (grid.cellOf(c.x, c.y, col, row)) own.push_back(grid.index(col, row));
        }
        // The footprint's cells and their 8 neighbours; the footprint itself only when buildings are ignored.
        std::set<std::size_t> ring;
        for (std::size_t k : own) {
            const int c = static_cast<int>(k % static_cast<std::size_t>(grid.nx));
            const int r = static_cast<int>(k / static_cast<std::size_t>(grid.nx));
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    const int cc = c + dc, rr = r + dr;
                    if (cc >= 0 && rr >= 0 && cc < grid.nx && rr < grid.ny) ring.insert(grid.index(cc, rr));
                }
        }
        if (mode != BuildingMode::Ignore)
            for (std::size_t k : own)
                ring.erase(k);
        for (std::size_t k : ring) {
            const float d = maxDepthM[k];
            if (std::isnan(d)) continue;
            ++im.cellsSampled;
            im.maxDepthM = std::max(im.maxDepthM, static_cast<double>(d));
        }
        im.flooded = im.maxDepthM > thresholdM;
        impacts.push_back(im);
    }
    return impacts;
}

RoadImpacts roadImpacts(const core::CityModel& model, const Grid& grid, const std::vector<float>& maxDepthM,
                        double thresholdM) {
    RoadImpacts out;
    const double step = 0.25 * grid.cellSizeM;
    for (std::size_t i = 0; i < model.roads.size(); ++i) {
        const core::Road& road = model.roads[i];
        RoadImpact im;
        im.road = i;
        im.id = road.id;
        for (std::size_t p = 0; p + 1 < road.line.size(); ++p) {
            const core::Point a = road.line[p], b = road.line[p + 1];
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            im.lengthM += len;
            const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
            for (int k = 0; k < n; ++k) {
                // Each piece of the segment counts by the cell under its midpoint.
                const double f = (k + 0.5) / n;
                int c, r;
                if (!grid.cellOf(a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), c, r)) continue;
                const float d = maxDepthM[grid.index(c, r)];
                if (std::isnan(d)) continue;
                im.maxDepthM = std::max(im.maxDepthM, static_cast<double>(d));
                if (d > thresholdM) im.floodedLengthM += len / n;
            }
        }
        out.totalLengthM += im.lengthM;
        out.floodedLengthM += im.floodedLengthM;
        out.roads.push_back(im);
    }
    return out;
}

}  // namespace citytwin::flood

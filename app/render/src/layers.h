#pragma once
// Built layers: geometry (VTK poly data) and per-feature attribute columns, made off the render thread.
// Internal to citytwin_render.

#include <vtkSmartPointer.h>

#include <memory>
#include <string>
#include <vector>

#include "citytwin/render/scene.h"

class vtkPolyData;

namespace citytwin::render {

/// Values of one attribute for every feature of a layer, for colouring and legends.
struct AttributeColumn {
    std::string name;
    std::string unit;
    bool categorical = false;
    std::vector<double> values;           ///< per feature; class index for categorical columns; NaN = none
    std::vector<std::string> categories;  ///< class names, by index
};

/// How a layer reaches the screen.
enum class DrawKind {
    Terrain,  ///< the ground tiles themselves
    Mesh,     ///< its own poly data (buildings, road ribbons, vector lines and points, extruded polygons)
    Overlay,  ///< a texture on the ground tiles (rasters, series, vector polygon fills), maybe with a mesh
              ///< too
};

class LayerData {
public:
    LayerInfo info;
    LayerStyle defaultStyle;
    DrawKind draw = DrawKind::Mesh;
    bool extruded = false;  ///< prisms (buildings): drawn lit, picked by cell

    /// Data it came from (rasters, frames, vector layer); empty for model layers.
    OutputData data;
    std::shared_ptr<const core::CityModel> model;

    /// Mesh layers: triangles/lines with a cell array "feature" (feature index). Points go in `points`.
    vtkSmartPointer<vtkPolyData> mesh;
    vtkSmartPointer<vtkPolyData> points;
    std::size_t featureCount = 0;
    std::vector<AttributeColumn> columns;

    /// Overlays: one grid per frame (one for a raster), on the ground's grid.
    std::vector<std::shared_ptr<const core::Raster>> grids;
    /// Overlays of vector polygons: feature index per ground cell (-1 = none).
    std::vector<int> polygonMask;

    const AttributeColumn* column(const std::string& name) const;
    /// Attributes of feature i as rows (name, value, unit).
    std::vector<PickRow> featureRows(long feature) const;
    std::string featureTitle(long feature) const;
};

/// The layers of a model (terrain, buildings, roads, model rasters and vectors). Any thread.
std::vector<LayerDataPtr> buildModelLayers(const std::shared_ptr<const core::CityModel>& model,
                                           const Ground& ground, const core::ProgressCallback& progress);

/// A layer from data (see buildLayer in scene.h).
LayerDataPtr buildDataLayer(const SceneContent& content, const std::string& id, const std::string& name,
                            const std::string& group, const OutputData& data);

/// Triangulates a polygon (exterior ring and holes) into triangles of its vertices, indexed in ring order
/// (exterior first, then each hole, closing points excluded).
std::vector<std::array<int, 3>> triangulate(const core::Polygon& polygon);

/// Text of a number with up to `digits` significant digits.
std::string formatNumber(double value, int digits = 6);

}  // namespace citytwin::render

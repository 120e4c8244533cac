#pragma once
// Built layers: geometry (VTK poly data) and per-feature attribute columns, made off the render thread.
// Internal to citytwin_render.

#include <vtkSmartPointer.h>

#include <array>
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
    std::vector<std::string> categories;  ///< class names, by index (declared order, else sorted by name)
    bool declared = false;  ///< the classes are the ones the simulator declared (StyleHint::classNames)
};

/// A grid in the project CRS that an overlay texture covers (a raster's own grid, or the grid polygons are
/// filled on).
struct TextureGrid {
    core::GeoTransform transform;
    int width = 0;
    int height = 0;
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

    /// Overlays: one grid per frame (one for a raster), each on its own grid (never resampled).
    std::vector<std::shared_ptr<const core::Raster>> grids;
    /// Overlays of vector polygons: feature index per cell of `maskGrid` (-1 = none).
    std::vector<int> polygonMask;
    TextureGrid maskGrid;
    /// The declared value range of the style (StyleHint min/max) for classes drawn on a continuous map.
    double declaredMin = 0.0, declaredMax = 0.0;

    /// Label anchors per feature (local coordinates, elevation unexaggerated; NaN = none), and how much each
    /// feature deserves a label (larger first).
    std::vector<std::array<double, 3>> anchors;
    std::vector<double> labelPriority;
    bool pointLabels = false;  ///< anchors are markers: labels go above them

    const AttributeColumn* column(const std::string& name) const;
    /// The text of an attribute of feature i for a label ("" when it has none): numbers formatted with the
    /// map's locale, ids exactly.
    std::string labelText(long feature, const std::string& attribute) const;
    /// The colours of a categorical column's classes on a colour map: the map's palette in class order for
    /// categorical maps (and for undeclared classes), else spread over the declared range (or evenly).
    std::vector<Rgb> classColours(const AttributeColumn& column, const std::string& colorMap) const;
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

/// Fills the cells of `grid` whose centres lie inside a polygon (even-odd over all rings) with `value`.
void rasterizePolygon(const core::Polygon& polygon, const TextureGrid& grid, std::vector<int>& mask,
                      int value);

/// Triangulates a polygon (exterior ring and holes) into triangles of its vertices, indexed in ring order
/// (exterior first, then each hole, closing points excluded).
std::vector<std::array<int, 3>> triangulate(const core::Polygon& polygon);

}  // namespace citytwin::render

#pragma once
/// @file scene.h
/// The 3D scene of a city model: terrain tiles with levels of detail, batched building meshes, draped roads,
/// raster and vector layers, result layers (water surfaces for depth series), legends, scale bar, north
/// arrow, title and attribution, camera presets, picking. VTK types appear only as forward-declared pointers.
///
/// Threads: buildSceneContent() and buildLayer() may run on any thread (they make geometry, no OpenGL); a
/// Scene is used from the thread that renders its window.

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "citytwin/core/city_model.h"
#include "citytwin/core/model_builder.h"
#include "citytwin/render/camera.h"
#include "citytwin/render/results.h"

class vtkRenderWindow;
class vtkRenderer;
class vtkInteractorObserver;

namespace citytwin::render {

/// What a layer shows.
enum class LayerKind {
    Terrain,       ///< the elevation model (or a flat ground plane), hillshaded with a hypsometric ramp
    Buildings,     ///< footprints extruded to their heights, one batched mesh
    Roads,         ///< road ribbons draped on the terrain
    Raster,        ///< a grid draped on the terrain (or a water surface)
    RasterSeries,  ///< grids over time (a time slider picks the frame)
    Vector,  ///< points, lines and polygons draped on the terrain (polygons joined to buildings: extruded)
};
const char* toString(LayerKind kind);

/// How a layer is drawn. Colour map names as in color_map.h.
struct LayerStyle {
    bool visible = true;
    double opacity = 1.0;   ///< 0..1
    std::string colorMap;   ///< colour map name
    std::string attribute;  ///< vectors, buildings, roads: attribute to colour by ("" = one colour)
    bool autoRange = true;  ///< range from the data (min/max of the attribute or raster)
    double min = 0.0;       ///< value at the low end of the map when !autoRange
    double max = 1.0;
    double transparentBelow = -1e300;  ///< values below are not drawn (rasters)
    bool asWater = false;              ///< rasters in metres: draw as a water surface at terrain + value
};

/// Read-only facts about a layer.
struct LayerInfo {
    std::string id;     ///< unique in the scene ("terrain", "buildings", "run1/flood.depth", ...)
    std::string name;   ///< shown in the layer tree and legends
    std::string group;  ///< "City model", "Data", or a run label ("flood #1")
    LayerKind kind = LayerKind::Raster;
    std::string unit;  ///< unit of the values ("m"); for vectors the unit of the style attribute if known
    std::string description;
    std::vector<std::string> attributes;  ///< attributes one can colour by (vectors, buildings, roads)
    std::vector<std::string> categoricalAttributes;  ///< those among them that hold classes, not numbers
    std::vector<double> frameTimes;                  ///< raster series: time of each frame [s]
    bool waterCapable = false;            ///< a raster in metres that can be drawn as a water surface
    double dataMin = 0.0, dataMax = 0.0;  ///< value range of rasters (all frames)
    core::Box extent;                     ///< in the project CRS
};

/// One line of an identify result: a name, a value as text, a unit.
struct PickRow {
    std::string name;
    std::string value;
    std::string unit;
};

/// What is under a screen position.
struct PickResult {
    bool hit = false;
    std::string layerId;                   ///< the layer hit ("terrain" when only the ground was hit)
    std::string title;                     ///< "Building 123", "Road: Olympic-ro", "Terrain"
    long feature = -1;                     ///< feature index within the layer, -1 for grids
    std::array<double, 3> point{0, 0, 0};  ///< in the project CRS [m] (elevation without exaggeration)
    std::vector<PickRow> rows;             ///< attributes and values with units
};

class Ground;
class LayerData;
/// Geometry and data of one layer, built off the render thread; immutable and shareable between scenes.
using LayerDataPtr = std::shared_ptr<const LayerData>;

/// The facts of a built layer (id, name, kind, frames, ...).
const LayerInfo& infoOf(const LayerData& layer);

/// Everything built from a city model: the ground and the model's layers (terrain, buildings, roads, extra
/// rasters and vectors).
struct SceneContent {
    std::shared_ptr<const core::CityModel> model;
    std::shared_ptr<Ground> ground;
    std::vector<LayerDataPtr> layers;
};

/// Builds the content of a model: terrain tiles (coarsest level), one building mesh, road ribbons, layers.
/// Any thread. @throws core::Error(Cancelled) when progress returns false.
SceneContent buildSceneContent(std::shared_ptr<const core::CityModel> model,
                               const core::ProgressCallback& progress = {});

/// Builds a layer from data (a simulator output, a raster or vector file) against built content.
/// Rasters on another grid than the ground are resampled (nearest) onto it. Any thread.
/// @throws core::Error(Data) for data that cannot be shown (a table, a scalar, a raster outside the scene).
LayerDataPtr buildLayer(const SceneContent& content, const std::string& id, const std::string& name,
                        const std::string& group, const OutputData& data);

/// A legend entry as drawn.
struct LegendEntry {
    std::string title;  ///< "Maximum depth [m]"
    std::string colorMap;
    double min = 0.0;
    double max = 1.0;
    std::vector<std::string> categories;  ///< for categorical styles
    double mapStart = 0.0;  ///< part of the colour map used: from mapStart to 1 (water surfaces)
};

/// The scene: a VTK renderer with the layers' actors and the decorations.
class Scene {
public:
    Scene();
    ~Scene();
    Scene(const Scene&) = delete;
    Scene& operator=(const Scene&) = delete;

    /// Adds the scene's renderer to a window (on-screen or off-screen). The scene does not own the window.
    void attach(vtkRenderWindow* window);
    vtkRenderer* renderer() const;

    /// Replaces everything with new content; styles start from the layers' defaults; the camera is reset.
    void setContent(SceneContent content);
    const SceneContent& content() const;
    /// Adds a layer (replacing one with the same id). `visible` overrides the layer's default.
    void addLayer(LayerDataPtr layer, std::optional<bool> visible = std::nullopt);
    bool removeLayer(const std::string& id);
    std::vector<LayerInfo> layers() const;
    /// Null when there is no such layer.
    const LayerInfo* layerInfo(const std::string& id) const;
    /// The data a layer was built from (rasters, frames, vector), or null for model layers.
    const OutputData* layerData(const std::string& id) const;
    LayerStyle style(const std::string& id) const;
    void setStyle(const std::string& id, const LayerStyle& style);
    /// Legends of the visible styled layers, top to bottom.
    std::vector<LegendEntry> legends() const;

    /// Sorted union of the frame times of all series layers [s].
    std::vector<double> frameTimes() const;
    /// Shows, in every series layer, the last frame at or before t [s] (the first frame before it starts).
    void setTime(double timeS);
    double time() const;

    /// Vertical exaggeration of terrain, buildings and all layers (1 = true scale).
    void setVerticalExaggeration(double factor);
    double verticalExaggeration() const;

    /// Frames the whole scene from a preset direction; `aspect` (width / height) defaults to the window's.
    void applyCameraPreset(CameraPreset preset, double aspect = 0.0);
    /// Frames a layer (or, for "" the whole scene) keeping the view direction.
    void flyTo(const std::string& layerId);
    /// Frames a point [project CRS, m] at `radius` metres keeping the view direction.
    void flyToPoint(const std::array<double, 3>& point, double radius);
    CameraState cameraState() const;
    void setCameraState(const CameraState& camera);
    /// Camera moves for keys and the mouse: orbit about the focal point [degrees], pan [pixels], zoom (factor
    /// > 1 goes closer) towards a screen position (-1,-1 = the centre).
    void orbit(double azimuthDeg, double elevationDeg);
    void pan(double dxPixels, double dyPixels);
    void zoom(double factor, int x = -1, int y = -1);

    void setTitle(const std::string& title);
    void setAttribution(const std::string& text);
    /// Shows or hides the legends, the scale bar and the north arrow.
    void setDecorations(bool legends, bool scaleBar, bool northArrow);
    /// Scale of text and lines of the decorations (1 = sized for a screen; exports raise it with the height).
    void setDecorationScale(double scale);

    /// The ground point under a display position (pixels, origin bottom-left) in the project CRS, elevation
    /// without exaggeration.
    std::optional<std::array<double, 3>> groundAt(int x, int y) const;
    /// Identifies what is under a display position (pixels, origin bottom-left).
    PickResult pick(int x, int y);
    /// Display position (pixels, origin bottom-left) of a point in the project CRS (elevation unexaggerated).
    std::array<double, 2> worldToDisplay(const std::array<double, 3>& point) const;
    /// Ground metres per screen pixel at the focal point.
    double metresPerPixel() const;
    /// Heading of the view [degrees clockwise from north].
    double heading() const;

    /// Detail of the terrain: screen pixels per terrain cell edge below which a coarser level is used. Lower
    /// is sharper and slower (default 3 on screen).
    void setTerrainPixelError(double pixels);
    /// Before a final render (export): builds the terrain levels the view needs now instead of in the
    /// background.
    void prepareFinalRender();
    /// True while terrain levels are still being built in the background.
    bool backgroundWorkPending() const;
    /// Called from any thread when background work (terrain levels) finished and a redraw would show more.
    void setRedrawCallback(std::function<void()> callback);

    /// Copies layers, styles, time, exaggeration, camera and decorations from another scene (for exports:
    /// both share the built geometry).
    void copyFrom(const Scene& other);

    /// A navigation style for an interactor of this scene's window: left drag orbits, right or middle drag
    /// (or shift + left) pans, the wheel zooms towards the cursor. The caller owns the returned object
    /// (Delete()).
    vtkInteractorObserver* createNavigationStyle();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Renders a scene off screen at width x height pixels into a PNG (decorations scaled to the size). Needs an
/// X display (Xvfb will do). Returns false with a message in `error` on failure.
bool renderToPng(const Scene& scene, const std::string& path, int width, int height, std::string* error);

/// Renders frames of the scene's series at the given times into an Ogg Theora video (`path` ending in .ogv)
/// or numbered PNG files (`path` a pattern containing "%04d"). `progress` may cancel (return false).
bool renderAnimation(const Scene& scene, const std::string& path, int width, int height,
                     const std::vector<double>& times, int framesPerSecond,
                     const std::function<bool(double)>& progress, std::string* error);

}  // namespace citytwin::render

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
#include "citytwin/core/progress.h"
#include "citytwin/render/camera.h"
#include "citytwin/render/color_map.h"
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
    double transparentBelow = -1e300;  ///< values below are not drawn (rasters; vectors: of `attribute`)
    bool asWater = false;              ///< rasters in metres: draw as a water surface at terrain + value
    std::string labelAttribute;        ///< features are labelled with this attribute's value ("" = no labels;
                                       ///< one of LayerInfo::labelAttributes)
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
    std::vector<std::string> labelAttributes;        ///< attributes features can be labelled with
    std::vector<std::string>
        notes;  ///< how the layer is drawn when it is not as declared ("drawn flat: ...")
    std::vector<double> frameTimes;       ///< raster series: time of each frame [s]
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
    std::string title;     ///< "Maximum depth" (the layer's name, with " — attribute" for vectors)
    std::string unit;      ///< "m"; "s" for times (labels then read h:mm or days)
    std::string subtitle;  ///< the run it belongs to ("flood #2"); "" for the city model
    std::string colorMap;
    double min = 0.0;
    double max = 1.0;
    std::vector<std::string> categories;  ///< for categorical styles: every class, in class order
    std::vector<Rgb> categoryColors;      ///< the colour of each class as drawn
    double mapStart = 0.0;  ///< part of the colour map used: from mapStart to 1 (water surfaces)

    /// The title with its unit: "Maximum depth [m]", "Time of inundation [h:mm]".
    std::string heading() const;
};

/// Where a decoration or label was drawn in the last frame (display pixels, origin bottom-left).
struct OverlayBox {
    std::string
        kind;  ///< "title", "time", "attribution", "legend", "scale bar", "north arrow", "inset", "label"
    std::string text;  ///< the legend's heading, the label's text, ...
    double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
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
    std::string title() const;
    /// A video's title card: a veil over the whole view with a large title and a subtitle (lines separated by
    /// '\n'), and nothing else but the attribution. An empty title removes it.
    void setTitleCard(const std::string& title, const std::string& subtitle);
    void setAttribution(const std::string& text);
    /// Shows or hides the legends, the scale bar and the north arrow.
    void setDecorations(bool legends, bool scaleBar, bool northArrow);
    /// Scale of text, lines and point markers (1 = sized for a screen at 96 dpi; exports set it from their
    /// size or DPI).
    void setDecorationScale(double scale);
    double decorationScale() const;
    /// An overview map in a corner: the whole scene from above with the part in view outlined.
    void setInset(bool on);
    bool inset() const;
    /// North-up 2D map: a parallel projection looking straight down, north up; orbiting keeps it so. Turning
    /// it off goes back to the oblique default view.
    void setMapMode(bool on);
    bool mapMode() const;
    /// Shares this scene's camera with another scene (side-by-side views): moving one moves both. The other
    /// scene keeps a reference to the camera; call before rendering either.
    void linkCamera(Scene& other);
    /// The decorations and labels as last drawn.
    std::vector<OverlayBox> overlayLayout() const;

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
    /// background. Reports per terrain tile and stops early when cancelled (the render then uses coarser
    /// levels).
    void prepareFinalRender(const core::Progress& progress = {});
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

/// Size and look of an exported image. Text, lines and point markers scale with the image: by `scale` when
/// given, else by `dpi` / 96 when given, else from the image's size (sqrt(width * height) / sqrt(1280 * 720),
/// so a 4K image gets 3x the screen sizes and portrait and landscape images of the same area get the same).
struct ExportOptions {
    int width = 1920;
    int height = 1080;
    double scale = 0.0;  ///< text and symbol size factor (1 = screen at 96 dpi); 0 = from dpi or size
    double dpi = 0.0;    ///< dots per inch the image will be shown at (print: 300); 0 = from the size
    std::optional<std::string> title;        ///< this image's title (the scene's title is left as it is)
    std::optional<std::string> attribution;  ///< this image's attribution line
    std::vector<OverlayBox>* layout =
        nullptr;  ///< when set, receives where decorations and labels were drawn
};
/// The text and symbol size factor an export uses.
double exportScale(const ExportOptions& options);

/// Renders a scene off screen into a PNG. Needs an X display (Xvfb will do). Returns false with a message in
/// `error` on failure or when cancelled (then the message is "cancelled" and no file is left).
bool renderToPng(const Scene& scene, const std::string& path, const ExportOptions& options,
                 std::string* error, const core::Progress& progress = {});
/// As above at width x height with the scale from the size.
bool renderToPng(const Scene& scene, const std::string& path, int width, int height, std::string* error);

/// Two scenes side by side in one PNG (A left, B right), each with its own title and legends, seen from the
/// camera of `a`. The width is split in two.
bool renderSideBySide(const Scene& a, const Scene& b, const std::string& path, const ExportOptions& options,
                      std::string* error, const core::Progress& progress = {});

/// An animation of the scene's series.
struct AnimationOptions {
    ExportOptions image;
    std::vector<double> times;  ///< frame times [s]
    int framesPerSecond = 4;    ///< 1..60
    /// Videos (MP4, Ogg): seconds of a title card before the first frame (title, subtitle, the time span);
    /// 0 = none.
    double titleCardSeconds = 2.0;
    std::string subtitle;  ///< second line of the title card (e.g. the run and the scenario)
    /// MP4: the ffmpeg program ("" = $CITYTWIN_FFMPEG, else `ffmpeg` on the PATH).
    std::string ffmpeg;
};

/// The ffmpeg program to use: `requested` when it is given (and can be run), else $CITYTWIN_FFMPEG, else
/// `ffmpeg` on the PATH. "" with a message in `error` (naming what was tried and the package to install)
/// when there is none.
std::string findFfmpeg(const std::string& requested, std::string* error);

/// Renders frames of the scene's series into an MP4 (H.264, yuv420p, through the ffmpeg program; `path`
/// ending in .mp4), an Ogg Theora video (.ogv) or numbered PNG files (`path` containing "%04d"). Videos
/// start with a title card; every frame has the time stamp and the legends. Sizes are made even for videos.
/// Returns false with a message in `error` on failure or cancel ("cancelled"; a partial video is removed).
/// `progress` is reported at least once per frame and polled for cancel between frames.
bool renderAnimation(const Scene& scene, const std::string& path, const AnimationOptions& options,
                     std::string* error, const core::Progress& progress = {});
/// As above with the default options at width x height; `progress` may cancel (return false).
bool renderAnimation(const Scene& scene, const std::string& path, int width, int height,
                     const std::vector<double>& times, int framesPerSecond,
                     const std::function<bool(double)>& progress, std::string* error);

}  // namespace citytwin::render

// The scene: actors for every layer, styles, levels of detail of the terrain, water surfaces, time, camera,
// picking and decorations.

#include "citytwin/render/scene.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCellPicker.h>
#include <vtkFloatArray.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkIntArray.h>
#include <vtkLight.h>
#include <vtkLookupTable.h>
#include <vtkMapper.h>
#include <vtkMatrix4x4.h>
#include <vtkOpenGLPolyDataMapper.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkShaderProperty.h>
#include <vtkTexture.h>
#include <vtkUniforms.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>

#include "citytwin/core/error.h"
#include "citytwin/render/color_map.h"
#include "citytwin/render/format.h"
#include "citytwin/render/shader_source.h"
#include "ground.h"
#include "layers.h"
#include "navigation.h"
#include "overlays.h"

namespace citytwin::render {

namespace {

/// Where the water shader starts in a colour map: sequential maps lose their palest quarter, so that shallow
/// water reads as water over the terrain; "water" is saturated from its start, and diverging maps are used
/// whole.
double waterRampStart(const ColorMap& map) {
    return map.diverging() || map.name() == "water" ? 0.0 : 0.25;
}

constexpr double kPi = 3.14159265358979323846;

struct Range {
    double lo = 0.0, hi = 1.0;
};

vtkSmartPointer<vtkLookupTable> makeLut(const ColorMap& map, int categories, Range r) {
    auto lut = vtkSmartPointer<vtkLookupTable>::New();
    if (categories > 0) {
        lut->SetNumberOfTableValues(categories);
        for (int i = 0; i < categories; ++i) {
            const Rgb c = map.category(i, categories);
            lut->SetTableValue(i, c.r, c.g, c.b, 1.0);
        }
        lut->SetTableRange(-0.5, categories - 0.5);
    } else {
        lut->SetNumberOfTableValues(256);
        for (int i = 0; i < 256; ++i) {
            const Rgb c = map.at(i / 255.0);
            lut->SetTableValue(i, c.r, c.g, c.b, 1.0);
        }
        lut->SetTableRange(r.lo, r.hi > r.lo ? r.hi : r.lo + 1e-6);
    }
    lut->SetNanColor(0.75, 0.75, 0.75, 1.0);
    lut->UseBelowRangeColorOff();
    lut->UseAboveRangeColorOff();
    lut->Build();
    return lut;
}

/// "t = 1:30", "t = 365 d": the form is picked by the longest time of the series (`span`).
std::string timeLabel(double t, double span) {
    return "t = " + formatDuration(t, span);
}

/// A copy of a ground tile's mesh with texture coordinates for an overlay grid (sharing the points and
/// cells).
vtkSmartPointer<vtkPolyData> withTextureCoordinates(vtkPolyData* mesh, const TextureGrid& grid, double ox,
                                                    double oy) {
    auto pd = vtkSmartPointer<vtkPolyData>::New();
    pd->ShallowCopy(mesh);
    auto tc = vtkSmartPointer<vtkFloatArray>::New();
    tc->SetName("tcoords");
    tc->SetNumberOfComponents(2);
    const vtkIdType n = mesh->GetNumberOfPoints();
    tc->SetNumberOfTuples(n);
    const double x0 = grid.transform.originX, y1 = grid.transform.originY;
    const double wM = grid.width * grid.transform.cellWidth, hM = grid.height * grid.transform.cellHeight;
    for (vtkIdType i = 0; i < n; ++i) {
        double p[3];
        mesh->GetPoint(i, p);
        const float uv[2] = {static_cast<float>((p[0] + ox - x0) / wM),
                             static_cast<float>((p[1] + oy - (y1 - hM)) / hM)};
        tc->SetTypedTuple(i, uv);
    }
    // The shallow copy has its own point data (sharing the arrays): replacing its coordinates leaves the
    // tile's.
    pd->GetPointData()->SetTCoords(tc);
    return pd;
}

/// The grid an overlay image covers: the data's grid with one transparent cell around it (so that clamping
/// at the texture's edge repeats nothing), halved as often as needed to stay within `maxSize` texels a side.
TextureGrid imageGrid(const TextureGrid& data, int& step, int maxSize = 8192) {
    step = 1;
    while ((data.width + step - 1) / step + 2 > maxSize || (data.height + step - 1) / step + 2 > maxSize)
        step *= 2;
    TextureGrid t;
    const double cw = data.transform.cellWidth * step, ch = data.transform.cellHeight * step;
    t.width = (data.width + step - 1) / step + 2;
    t.height = (data.height + step - 1) / step + 2;
    t.transform = core::GeoTransform{data.transform.originX - cw, data.transform.originY + ch, cw, ch};
    return t;
}

TextureGrid gridOf(const core::Raster& r) {
    TextureGrid t;
    t.transform = r.geoTransform();
    t.width = r.width();
    t.height = r.height();
    return t;
}

}  // namespace

/// Actors and state of one layer in this scene.
struct LayerView {
    LayerDataPtr data;
    LayerStyle style;
    std::vector<vtkSmartPointer<vtkActor>> tiles;  // terrain or overlay, one per ground tile
    vtkSmartPointer<vtkImageData> image;           // overlay texture, on `imageGrid`
    vtkSmartPointer<vtkTexture> texture;
    TextureGrid dataGrid;   // overlay: the grid of the data (raster or polygon mask)
    TextureGrid imageGrid;  // overlay: the grid of the image (dataGrid, maybe coarser, with a border)
    int imageStep = 1;
    std::vector<vtkSmartPointer<vtkPolyData>>
        tileInputs;                        // overlay: tile meshes with their texture coordinates
    vtkSmartPointer<vtkPolyData> meshAll;  // shallow copy of the layer's mesh, with our own "value" array
    vtkSmartPointer<vtkPolyData> mesh;     // what is drawn and picked: meshAll, or the cells not hidden
    vtkSmartPointer<vtkActor> meshActor;
    vtkSmartPointer<vtkPolyData> pointsAll;
    vtkSmartPointer<vtkPolyData> points;
    vtkSmartPointer<vtkActor> pointsActor;
    std::string labelsFor;                // the attribute `labels` holds
    std::vector<std::string> labels;      // label text per feature
    std::vector<std::size_t> labelOrder;  // features by label priority
    vtkSmartPointer<vtkActor> water;
    vtkSmartPointer<vtkPolyData> waterMesh;
    int frame = 0;
    int builtWaterFrame = -1;
    int builtImageFrame = -2;
    Range range;
    int rank = 0;  // overlay drawing rank, for polygon offsets
};

struct Scene::Impl {
    Scene* owner = nullptr;
    vtkSmartPointer<vtkRenderer> renderer;
    vtkRenderWindow* window = nullptr;
    SceneContent content;
    std::vector<LayerView> views;
    std::vector<vtkPolyData*> tileMesh;  // mesh currently drawn per tile
    double time = 0.0;
    double exaggeration = 1.0;
    double pixelError = 3.0;
    bool finalRender = false;  // exports: full detail, built synchronously
    bool mapMode = false;
    Decorations deco;
    std::vector<OverlayBox> lastBoxes;
    std::function<void()> redraw;
    std::shared_ptr<std::mutex> redrawMutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::function<void()>> redrawShared = std::make_shared<std::function<void()>>();
    vtkSmartPointer<vtkCallbackCommand> startObserver;
    vtkSmartPointer<vtkCellPicker> picker;

    LayerView* find(const std::string& id) {
        for (LayerView& v : views)
            if (v.data->info.id == id) return &v;
        return nullptr;
    }
    const LayerView* find(const std::string& id) const {
        for (const LayerView& v : views)
            if (v.data->info.id == id) return &v;
        return nullptr;
    }

    // ---- geometry in local coordinates
    // ---------------------------------------------------------------------
    double ox() const { return content.ground ? content.ground->originX() : 0.0; }
    double oy() const { return content.ground ? content.ground->originY() : 0.0; }

    /// Bounds (local, z exaggerated) of a box in the project CRS with an elevation range.
    std::array<double, 6> localBounds(const core::Box& b, double z0, double z1) const {
        return {b.minX - ox(), b.maxX - ox(),     b.minY - oy(),
                b.maxY - oy(), z0 * exaggeration, z1 * exaggeration};
    }
    std::array<double, 6> sceneBounds() const {
        if (!content.ground) return {-100, 100, -100, 100, 0, 10};
        double zTop = content.ground->zMax();
        if (content.model)
            for (const core::Building& b : content.model->buildings)
                zTop = std::max(zTop, (std::isnan(b.baseM) ? 0.0 : b.baseM) + b.heightM);
        core::Box e = content.ground->dem().extent();
        if (content.ground->flat() && content.model) {
            core::Box d = content.model->buildingExtent();
            d.expand(content.model->roadExtent());
            if (!d.empty()) e = d;
        }
        return localBounds(e, content.ground->zMin(), zTop);
    }

    // ---- actors
    // ------------------------------------------------------------------------------------------------
    /// A sky for 3D views; a plain paper tone for 2D maps (a sky around a map reads as water).
    void applyBackground() {
        if (mapMode) {
            renderer->GradientBackgroundOff();
            renderer->SetBackground(0.96, 0.96, 0.95);
        } else {
            renderer->GradientBackgroundOn();
            renderer->SetBackground(0.90, 0.92, 0.94);   // bottom
            renderer->SetBackground2(0.56, 0.67, 0.80);  // top
        }
    }

    void setupRenderer() {
        renderer = vtkSmartPointer<vtkRenderer>::New();
        applyBackground();
        renderer->AutomaticLightCreationOff();
        auto head = vtkSmartPointer<vtkLight>::New();
        head->SetLightTypeToHeadlight();
        head->SetIntensity(0.42);
        renderer->AddLight(head);
        auto sun = vtkSmartPointer<vtkLight>::New();
        sun->SetLightTypeToSceneLight();
        sun->SetPositional(false);
        sun->SetPosition(-0.45, -0.75, 1.0);  // from the south-west, high
        sun->SetFocalPoint(0, 0, 0);
        sun->SetIntensity(0.72);
        renderer->AddLight(sun);
        renderer->GetActiveCamera()->SetViewAngle(30.0);
        picker = vtkSmartPointer<vtkCellPicker>::New();
        picker->SetTolerance(0.004);
        picker->PickFromListOn();
        startObserver = vtkSmartPointer<vtkCallbackCommand>::New();
        startObserver->SetClientData(this);
        startObserver->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
            try {
                static_cast<Impl*>(self)->beforeRender(static_cast<Impl*>(self)->finalRender);
            } catch (...) {
                // Nothing may escape into VTK; a failed update draws the previous state.
            }
        });
        renderer->AddObserver(vtkCommand::StartEvent, startObserver);
        deco.attach(renderer);
    }

    void removeActors(LayerView& v) {
        for (auto& a : v.tiles)
            renderer->RemoveActor(a);
        if (v.meshActor) renderer->RemoveActor(v.meshActor);
        if (v.pointsActor) renderer->RemoveActor(v.pointsActor);
        if (v.water) renderer->RemoveActor(v.water);
    }

    vtkSmartPointer<vtkActor> tileActor(int tile, bool overlay, int rank) {
        auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
        mapper->SetInputData(tileMesh[static_cast<std::size_t>(tile)]);
        if (overlay) {
            mapper->ScalarVisibilityOff();
            // The same slope factor as the terrain (so a draped layer is never pulled in front of a building
            // wall when the ground is seen at a grazing angle), only a small constant step in front of it.
            // VTK 9 applies offsets in the fragment shader at 1.6e-5 of the depth range a unit (not the depth
            // buffer's resolution): a unit is about a metre at 400 m, so steps stay fractional.
            mapper->SetRelativeCoincidentTopologyPolygonOffsetParameters(0.0, -2.2 - 0.2 * rank);
        } else {
            mapper->ScalarVisibilityOn();
            mapper->SetColorModeToDirectScalars();
            mapper->SetScalarModeToUsePointData();
        }
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        actor->GetProperty()->LightingOff();
        actor->GetProperty()->SetAmbient(1.0);
        actor->GetProperty()->SetDiffuse(0.0);
        actor->PickableOff();
        return actor;
    }

    void createActors(LayerView& v) {
        const LayerData& d = *v.data;
        const Ground& g = *content.ground;
        if (d.draw == DrawKind::Terrain || d.draw == DrawKind::Overlay) {
            const bool overlay = d.draw == DrawKind::Overlay;
            if (overlay) {
                v.dataGrid = !d.grids.empty() ? gridOf(*d.grids.front()) : d.maskGrid;
                v.imageGrid = imageGrid(v.dataGrid, v.imageStep);
                v.image = vtkSmartPointer<vtkImageData>::New();
                v.image->SetDimensions(v.imageGrid.width, v.imageGrid.height, 1);
                v.image->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
                v.texture = vtkSmartPointer<vtkTexture>::New();
                v.texture->SetInputData(v.image);
                v.texture->SetWrap(vtkTexture::ClampToEdge);
                // Continuous values are smoothed between cell centres; classes and polygons keep sharp edges.
                // No mipmaps: VTK 9.1's on Mesa drew a fine grid with a moire of diamonds and wrong bands.
                const bool smooth = d.info.kind != LayerKind::Vector && d.columns.empty();
                v.texture->SetInterpolate(smooth ? 1 : 0);
            }
            for (int t = 0; t < g.tileCount(); ++t) {
                auto a = tileActor(t, overlay, v.rank);
                if (overlay) {
                    a->SetTexture(v.texture);
                    v.tileInputs.push_back(withTextureCoordinates(tileMesh[static_cast<std::size_t>(t)],
                                                                  v.imageGrid, g.originX(), g.originY()));
                    vtkPolyDataMapper::SafeDownCast(a->GetMapper())->SetInputData(v.tileInputs.back());
                }
                renderer->AddActor(a);
                v.tiles.push_back(a);
            }
        }
        if (d.mesh) {
            v.meshAll = vtkSmartPointer<vtkPolyData>::New();
            v.meshAll->ShallowCopy(d.mesh);
            v.mesh = v.meshAll;
            auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
            mapper->SetInputData(v.mesh);
            // Draped lines and outlines: a constant step in front of every draped raster (they are lifted a
            // little too), never a slope factor that would pull them through walls.
            if (!d.extruded)
                mapper->SetRelativeCoincidentTopologyPolygonOffsetParameters(0.0, -3.0 - 0.2 * v.rank);
            v.meshActor = vtkSmartPointer<vtkActor>::New();
            v.meshActor->SetMapper(mapper);
            vtkProperty* p = v.meshActor->GetProperty();
            if (d.extruded) {
                p->SetAmbient(0.28);
                p->SetDiffuse(0.78);
                p->SetSpecular(0.0);
            } else {
                p->SetAmbient(0.55);
                p->SetDiffuse(0.45);
            }
            renderer->AddActor(v.meshActor);
        }
        if (d.points) {
            v.pointsAll = vtkSmartPointer<vtkPolyData>::New();
            v.pointsAll->ShallowCopy(d.points);
            v.points = v.pointsAll;
            auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
            mapper->SetInputData(v.points);
            v.pointsActor = vtkSmartPointer<vtkActor>::New();
            v.pointsActor->SetMapper(mapper);
            v.pointsActor->GetProperty()->SetRenderPointsAsSpheres(true);
            // Markers are sized in screen points, scaled with the decorations (exports: with their DPI).
            v.pointsActor->GetProperty()->SetPointSize(static_cast<float>(11.0 * deco.scale));
            renderer->AddActor(v.pointsActor);
        }
        if (d.info.waterCapable) {
            v.waterMesh = vtkSmartPointer<vtkPolyData>::New();
            auto mapper = vtkSmartPointer<vtkOpenGLPolyDataMapper>::New();
            mapper->SetInputData(v.waterMesh);
            mapper->ScalarVisibilityOff();
            mapper->MapDataArrayToVertexAttribute("waterDepth", "depth",
                                                  vtkDataObject::FIELD_ASSOCIATION_POINTS, -1);
            // The surface lies above the ground already; a slope factor would pull it through walls.
            mapper->SetRelativeCoincidentTopologyPolygonOffsetParameters(0.0, -0.5);
            v.water = vtkSmartPointer<vtkActor>::New();
            v.water->SetMapper(mapper);
            v.water->ForceTranslucentOn();
            v.water->PickableOff();
            vtkProperty* p = v.water->GetProperty();
            p->SetColor(0.2, 0.45, 0.8);
            p->SetAmbient(0.3);
            p->SetDiffuse(0.7);
            const ShaderSnippets& sh = waterSurfaceShader();
            vtkShaderProperty* sp = v.water->GetShaderProperty();
            sp->AddVertexShaderReplacement("//VTK::PositionVC::Dec", true,
                                           "//VTK::PositionVC::Dec\n" + sh.vertexDec, false);
            sp->AddVertexShaderReplacement("//VTK::PositionVC::Impl", true,
                                           "//VTK::PositionVC::Impl\n" + sh.vertexImpl, false);
            sp->AddFragmentShaderReplacement("//VTK::Color::Dec", true,
                                             "//VTK::Color::Dec\n" + sh.fragmentDec, false);
            sp->AddFragmentShaderReplacement("//VTK::Light::Impl", true,
                                             "//VTK::Light::Impl\n" + sh.fragmentImpl, false);
            v.water->SetVisibility(false);
            renderer->AddActor(v.water);
        }
        applyTransform(v);
    }

    void applyTransform(LayerView& v) {
        auto set = [&](vtkActor* a) {
            if (a) a->SetScale(1.0, 1.0, exaggeration);
        };
        for (auto& a : v.tiles)
            set(a);
        set(v.meshActor);
        set(v.pointsActor);
        set(v.water);
    }

    // ---- styles
    // ------------------------------------------------------------------------------------------------
    Range effectiveRange(const LayerView& v, const AttributeColumn* col) const {
        const LayerStyle& s = v.style;
        const LayerData& d = *v.data;
        Range r;
        if (!s.autoRange && s.max > s.min) return {s.min, s.max};
        if (col) {
            double lo = 1e300, hi = -1e300;
            for (double x : col->values)
                if (!std::isnan(x)) {
                    lo = std::min(lo, x);
                    hi = std::max(hi, x);
                }
            if (lo > hi) lo = hi = 0;
            r = {lo, hi};
        } else {
            r = {d.info.dataMin, d.info.dataMax};
            if (s.asWater || ColorMap::byName(s.colorMap).name() == "blues" ||
                ColorMap::byName(s.colorMap).name() == "water")
                r.lo = std::min(0.0, r.lo);
        }
        if (ColorMap::byName(s.colorMap).diverging()) {
            const double m = std::max(std::fabs(r.lo), std::fabs(r.hi));
            r = {-m, m};
        }
        if (!(r.hi > r.lo)) {
            r.lo -= 0.5;
            r.hi += 0.5;
        }
        return r;
    }

    /// Features hidden by the style's threshold (values of its attribute below it); empty when none are.
    std::vector<char> hiddenFeatures(const LayerView& v) const {
        const LayerData& d = *v.data;
        const AttributeColumn* col = d.column(v.style.attribute);
        if (!col || col->categorical || !(v.style.transparentBelow > -1e299)) return {};
        std::vector<char> hidden(col->values.size(), 0);
        bool any = false;
        for (std::size_t i = 0; i < col->values.size(); ++i)
            if (!std::isnan(col->values[i]) && col->values[i] < v.style.transparentBelow)
                hidden[i] = any = true;
        if (!any) hidden.clear();
        return hidden;
    }

    /// The cells of `full` whose feature is not hidden (a new poly data sharing the points).
    static vtkSmartPointer<vtkPolyData> visibleCells(vtkPolyData* full, const std::vector<char>& hidden) {
        auto* feature = vtkIntArray::SafeDownCast(full->GetCellData()->GetArray("feature"));
        auto out = vtkSmartPointer<vtkPolyData>::New();
        out->SetPoints(full->GetPoints());
        auto verts = vtkSmartPointer<vtkCellArray>::New();
        auto polys = vtkSmartPointer<vtkCellArray>::New();
        auto keptFeature = vtkSmartPointer<vtkIntArray>::New();
        keptFeature->SetName("feature");
        // Cell data order in poly data: vertices first, then polygons (these meshes have no lines or strips).
        vtkIdType cell = 0;
        auto copy = [&](vtkCellArray* from, vtkCellArray* to) {
            if (!from) return;
            auto ids = vtkSmartPointer<vtkIdList>::New();
            from->InitTraversal();
            while (from->GetNextCell(ids)) {
                const int f = feature ? feature->GetValue(cell) : -1;
                ++cell;
                if (f >= 0 && static_cast<std::size_t>(f) < hidden.size() &&
                    hidden[static_cast<std::size_t>(f)])
                    continue;
                to->InsertNextCell(ids);
                keptFeature->InsertNextValue(f);
            }
        };
        copy(full->GetVerts(), verts);
        copy(full->GetPolys(), polys);
        if (verts->GetNumberOfCells() > 0) out->SetVerts(verts);
        if (polys->GetNumberOfCells() > 0) out->SetPolys(polys);
        out->GetCellData()->AddArray(keptFeature);
        return out;
    }

    /// Colours a mesh by the style's attribute (or one colour); hides the features below the threshold.
    /// `full` is the layer's whole mesh; `shown` receives what is drawn (and picked).
    void colourMesh(LayerView& v, vtkPolyData* full, vtkSmartPointer<vtkPolyData>& shown, vtkActor* actor,
                    const Rgb& single) {
        if (!full || !actor) return;
        const LayerData& d = *v.data;
        const AttributeColumn* col = d.column(v.style.attribute);
        auto* mapper = vtkPolyDataMapper::SafeDownCast(actor->GetMapper());
        const std::vector<char> hidden = hiddenFeatures(v);
        vtkSmartPointer<vtkPolyData> pd = full;
        if (!hidden.empty()) pd = visibleCells(full, hidden);
        if (pd != shown) {
            shown = pd;
            mapper->SetInputData(pd);
        }
        if (!col) {
            mapper->ScalarVisibilityOff();
            actor->GetProperty()->SetColor(single.r, single.g, single.b);
            return;
        }
        auto* feature = vtkIntArray::SafeDownCast(pd->GetCellData()->GetArray("feature"));
        auto values = vtkSmartPointer<vtkFloatArray>::New();
        values->SetName("value");
        values->SetNumberOfTuples(feature ? feature->GetNumberOfTuples() : 0);
        for (vtkIdType i = 0; feature && i < feature->GetNumberOfTuples(); ++i) {
            const int f = feature->GetValue(i);
            values->SetValue(i, f >= 0 && static_cast<std::size_t>(f) < col->values.size()
                                    ? static_cast<float>(col->values[static_cast<std::size_t>(f)])
                                    : std::nanf(""));
        }
        pd->GetCellData()->AddArray(values);
        vtkSmartPointer<vtkLookupTable> lut;
        if (col->categorical) {
            const std::vector<Rgb> colours = d.classColours(*col, v.style.colorMap);
            const int n = std::max(1, static_cast<int>(colours.size()));
            lut = vtkSmartPointer<vtkLookupTable>::New();
            lut->SetNumberOfTableValues(n);
            for (int i = 0; i < static_cast<int>(colours.size()); ++i)
                lut->SetTableValue(i, colours[static_cast<std::size_t>(i)].r,
                                   colours[static_cast<std::size_t>(i)].g,
                                   colours[static_cast<std::size_t>(i)].b, 1.0);
            lut->SetTableRange(-0.5, n - 0.5);
            lut->SetNanColor(0.75, 0.75, 0.75, 1.0);
            lut->Build();
            v.range = {-0.5, n - 0.5};
        } else {
            const Range r = effectiveRange(v, col);
            v.range = r;
            lut = makeLut(ColorMap::byName(v.style.colorMap), 0, r);
        }
        mapper->SetLookupTable(lut);
        mapper->SetScalarModeToUseCellFieldData();
        mapper->SelectColorArray("value");
        mapper->SetScalarRange(lut->GetTableRange());
        mapper->UseLookupTableScalarRangeOn();
        mapper->SetColorModeToMapScalars();
        mapper->ScalarVisibilityOn();
        pd->Modified();
    }

    /// Writes RGBA of data cell (col, row) into the overlay image (rows flipped: image row 0 is the south).
    static unsigned char* texel(LayerView& v, unsigned char* px, int col, int row) {
        const int w = v.imageGrid.width, h = v.imageGrid.height;
        return px + (static_cast<std::size_t>(h - 2 - row) * static_cast<std::size_t>(w) +
                     static_cast<std::size_t>(col + 1)) *
                        4;
    }

    void updateImage(LayerView& v) {
        const LayerData& d = *v.data;
        if (!v.image) return;
        const int W = v.imageGrid.width, H = v.imageGrid.height, step = v.imageStep;
        const int cols = W - 2, rows = H - 2;
        auto* px = static_cast<unsigned char*>(v.image->GetScalarPointer());
        std::fill(px, px + static_cast<std::size_t>(W) * static_cast<std::size_t>(H) * 4,
                  static_cast<unsigned char>(0));
        if (!d.polygonMask.empty()) {
            const AttributeColumn* col = d.column(v.style.attribute);
            const ColorMap& map =
                ColorMap::byName(v.style.colorMap.empty() ? "categorical" : v.style.colorMap);
            const Range r = col && !col->categorical ? effectiveRange(v, col) : Range{};
            v.range = r;
            const std::vector<Rgb> classes =
                col && col->categorical ? d.classColours(*col, v.style.colorMap) : std::vector<Rgb>{};
            const std::vector<char> hidden = hiddenFeatures(v);
            std::vector<std::array<unsigned char, 4>> colours(d.featureCount);
            for (std::size_t i = 0; i < d.featureCount; ++i) {
                Rgb c{0.45f, 0.45f, 0.48f};
                if (col && i < col->values.size() && !std::isnan(col->values[i]))
                    c = col->categorical
                            ? classes[std::min(classes.size() - 1, static_cast<std::size_t>(col->values[i]))]
                            : map.at((col->values[i] - r.lo) / (r.hi - r.lo));
                const bool off = i < hidden.size() && hidden[i];
                colours[i] = {static_cast<unsigned char>(c.r * 255), static_cast<unsigned char>(c.g * 255),
                              static_cast<unsigned char>(c.b * 255),
                              static_cast<unsigned char>(off ? 0 : 150)};
            }
            const int mw = d.maskGrid.width;
            for (int row = 0; row < rows; ++row)
                for (int c = 0; c < cols; ++c) {
                    const int sr = std::min(d.maskGrid.height - 1, row * step + step / 2);
                    const int sc = std::min(mw - 1, c * step + step / 2);
                    const int f = d.polygonMask[static_cast<std::size_t>(sr) * static_cast<std::size_t>(mw) +
                                                static_cast<std::size_t>(sc)];
                    if (f < 0) continue;
                    const auto& col4 = colours[static_cast<std::size_t>(f)];
                    std::copy(col4.begin(), col4.end(), texel(v, px, c, row));
                }
        } else if (!d.grids.empty()) {
            const core::Raster& grid = *d.grids[static_cast<std::size_t>(
                std::clamp(v.frame, 0, static_cast<int>(d.grids.size()) - 1))];
            const ColorMap& map = ColorMap::byName(v.style.colorMap);
            const Range r = effectiveRange(v, nullptr);
            v.range = r;
            const AttributeColumn* classes = d.column("value");
            std::vector<Rgb> classColours;
            if (classes && classes->categorical) classColours = d.classColours(*classes, v.style.colorMap);
            unsigned char table[256][3];
            for (int i = 0; i < 256; ++i) {
                const Rgb c = map.at(i / 255.0);
                table[i][0] = static_cast<unsigned char>(c.r * 255);
                table[i][1] = static_cast<unsigned char>(c.g * 255);
                table[i][2] = static_cast<unsigned char>(c.b * 255);
            }
            const double scale = 255.0 / (r.hi - r.lo);
            const bool sameGrid = grid.width() == v.dataGrid.width && grid.height() == v.dataGrid.height;
            for (int row = 0; row < rows; ++row)
                for (int c = 0; c < cols; ++c) {
                    const int sr = row * step + step / 2, sc = c * step + step / 2;
                    const float val =
                        sameGrid
                            ? grid.at(std::min(sc, grid.width() - 1), std::min(sr, grid.height() - 1))
                            : grid.sampleNearest(core::Point{
                                  v.dataGrid.transform.originX + (sc + 0.5) * v.dataGrid.transform.cellWidth,
                                  v.dataGrid.transform.originY -
                                      (sr + 0.5) * v.dataGrid.transform.cellHeight});
                    if (std::isnan(val) || val < v.style.transparentBelow) continue;
                    unsigned char* p = texel(v, px, c, row);
                    if (!classColours.empty()) {
                        const long k = std::lround(val);
                        if (k < 0 || k >= static_cast<long>(classColours.size())) continue;
                        const Rgb& cc = classColours[static_cast<std::size_t>(k)];
                        p[0] = static_cast<unsigned char>(cc.r * 255);
                        p[1] = static_cast<unsigned char>(cc.g * 255);
                        p[2] = static_cast<unsigned char>(cc.b * 255);
                        p[3] = 255;
                        continue;
                    }
                    const int k = std::clamp(static_cast<int>((val - r.lo) * scale + 0.5), 0, 255);
                    p[0] = table[k][0];
                    p[1] = table[k][1];
                    p[2] = table[k][2];
                    p[3] = 255;
                }
        }
        // Transparent texels take the colour of an opaque neighbour, so that smoothing between them fades the
        // edge instead of darkening it.
        std::vector<unsigned char> copy(px,
                                        px + static_cast<std::size_t>(W) * static_cast<std::size_t>(H) * 4);
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                unsigned char* p = px + (static_cast<std::size_t>(y) * static_cast<std::size_t>(W) +
                                         static_cast<std::size_t>(x)) *
                                            4;
                if (p[3] != 0) continue;
                const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (const auto& q : nb) {
                    if (q[0] < 0 || q[1] < 0 || q[0] >= W || q[1] >= H) continue;
                    const unsigned char* o =
                        copy.data() + (static_cast<std::size_t>(q[1]) * static_cast<std::size_t>(W) +
                                       static_cast<std::size_t>(q[0])) *
                                          4;
                    if (o[3] == 0) continue;
                    p[0] = o[0];
                    p[1] = o[1];
                    p[2] = o[2];
                    break;
                }
            }
        v.image->Modified();
        v.builtImageFrame = v.frame;
    }

    void updateWater(LayerView& v) {
        const LayerData& d = *v.data;
        const Ground& g = *content.ground;
        const core::Raster& grid =
            *d.grids[static_cast<std::size_t>(std::clamp(v.frame, 0, static_cast<int>(d.grids.size()) - 1))];
        const core::Raster& dem = g.dem();
        const int w = dem.width(), h = dem.height();
        const double cells = static_cast<double>(w) * h;
        const int s = std::max(1, static_cast<int>(std::ceil(std::sqrt(cells / 300000.0))));
        std::vector<int> cols, rows;
        for (int c = 0; c < w; c += s)
            cols.push_back(c);
        for (int r = 0; r < h; r += s)
            rows.push_back(r);
        const int nx = static_cast<int>(cols.size()), ny = static_cast<int>(rows.size());
        const double threshold = std::max(v.style.transparentBelow, 0.001);
        // The depth grid is usually the terrain's own; another grid is sampled at the terrain's cells.
        const bool sameGrid = grid.sameGrid(dem);
        auto points = vtkSmartPointer<vtkPoints>::New();
        points->SetDataTypeToFloat();
        points->SetNumberOfPoints(static_cast<vtkIdType>(nx) * ny);
        auto depth = vtkSmartPointer<vtkFloatArray>::New();
        depth->SetName("depth");
        depth->SetNumberOfTuples(static_cast<vtkIdType>(nx) * ny);
        std::vector<char> wet(static_cast<std::size_t>(nx * ny)), ground(static_cast<std::size_t>(nx * ny));
        const auto& gt = dem.geoTransform();
        for (int j = 0; j < ny; ++j)
            for (int i = 0; i < nx; ++i) {
                const int c = cols[static_cast<std::size_t>(i)], r = rows[static_cast<std::size_t>(j)];
                const float z = dem.at(c, r);
                float dd = sameGrid ? grid.at(c, r) : grid.sampleNearest(dem.cellCentre(c, r));
                if (std::isnan(dd)) dd = 0.0f;
                const vtkIdType id = static_cast<vtkIdType>(j) * nx + i;
                ground[static_cast<std::size_t>(id)] = !std::isnan(z);
                wet[static_cast<std::size_t>(id)] = dd >= threshold;
                points->SetPoint(id, gt.originX + (c + 0.5) * gt.cellWidth - g.originX(),
                                 gt.originY - (r + 0.5) * gt.cellHeight - g.originY(),
                                 (std::isnan(z) ? g.zMin() : z) + std::max(0.0f, dd) + 0.03);
                depth->SetValue(id, dd);
            }
        auto polys = vtkSmartPointer<vtkCellArray>::New();
        for (int j = 0; j + 1 < ny; ++j)
            for (int i = 0; i + 1 < nx; ++i) {
                const vtkIdType a = static_cast<vtkIdType>(j) * nx + i, b = a + 1, c = a + nx, e = c + 1;
                if (!(ground[static_cast<std::size_t>(a)] && ground[static_cast<std::size_t>(b)] &&
                      ground[static_cast<std::size_t>(c)] && ground[static_cast<std::size_t>(e)]))
                    continue;
                if (!(wet[static_cast<std::size_t>(a)] || wet[static_cast<std::size_t>(b)] ||
                      wet[static_cast<std::size_t>(c)] || wet[static_cast<std::size_t>(e)]))
                    continue;
                const vtkIdType t0[3] = {a, c, e}, t1[3] = {a, e, b};
                polys->InsertNextCell(3, t0);
                polys->InsertNextCell(3, t1);
            }
        v.waterMesh->SetPoints(points);
        v.waterMesh->SetPolys(polys);
        v.waterMesh->GetPointData()->Initialize();
        v.waterMesh->GetPointData()->AddArray(depth);
        v.waterMesh->Modified();
        v.builtWaterFrame = v.frame;
    }

    void setWaterUniforms(LayerView& v) {
        const Range r = effectiveRange(v, nullptr);
        v.range = r;
        const ColorMap& map = ColorMap::byName(v.style.colorMap.empty() ? "water" : v.style.colorMap);
        float ramp[8][3];
        const double start = waterRampStart(map);
        for (int i = 0; i < 8; ++i) {
            const double t = start + (1.0 - start) * i / 7.0;
            const Rgb c = map.at(t);
            ramp[i][0] = c.r;
            ramp[i][1] = c.g;
            ramp[i][2] = c.b;
        }
        vtkUniforms* u = v.water->GetShaderProperty()->GetFragmentCustomUniforms();
        u->SetUniformf("depthThreshold", static_cast<float>(std::max(v.style.transparentBelow, 0.001)));
        u->SetUniformf("depthMin", static_cast<float>(std::max(0.0, r.lo)));
        u->SetUniformf("depthMax", static_cast<float>(r.hi));
        u->SetUniform3fv("rampColors", 8, ramp);
        u->SetUniformf("alphaShallow", 0.72f);
        u->SetUniformf("alphaDeep", 0.92f);
        u->SetUniformf("layerOpacity", static_cast<float>(v.style.opacity));
    }

    void applyStyle(LayerView& v) {
        const LayerData& d = *v.data;
        const LayerStyle& s = v.style;
        const bool water = s.asWater && d.info.waterCapable && !d.grids.empty();
        for (auto& a : v.tiles) {
            a->SetVisibility(s.visible && !water);
            a->GetProperty()->SetOpacity(s.opacity);
        }
        if (d.draw == DrawKind::Overlay && !water && s.visible) updateImage(v);
        if (v.water) {
            v.water->SetVisibility(s.visible && water);
            if (water && s.visible) {
                if (v.builtWaterFrame != v.frame) updateWater(v);
                setWaterUniforms(v);
            }
        }
        const ColorMap& map = ColorMap::byName(s.colorMap.empty() ? "categorical" : s.colorMap);
        (void)map;
        const Rgb single = d.info.kind == LayerKind::Buildings ? Rgb{0.93f, 0.90f, 0.84f}
                           : d.info.kind == LayerKind::Roads   ? Rgb{0.32f, 0.32f, 0.34f}
                                                               : Rgb{0.42f, 0.42f, 0.45f};
        if (v.meshActor) {
            v.meshActor->SetVisibility(s.visible);
            v.meshActor->GetProperty()->SetOpacity(s.opacity);
            colourMesh(v, v.meshAll, v.mesh, v.meshActor, single);
        }
        if (v.pointsActor) {
            v.pointsActor->SetVisibility(s.visible);
            v.pointsActor->GetProperty()->SetOpacity(s.opacity);
            v.pointsActor->GetProperty()->SetPointSize(static_cast<float>(11.0 * deco.scale));
            colourMesh(v, v.pointsAll, v.points, v.pointsActor, Rgb{0.85f, 0.15f, 0.15f});
        }
        if (d.info.kind == LayerKind::Terrain) v.range = {d.info.dataMin, d.info.dataMax};
    }

    void setFrameForTime(LayerView& v) {
        const auto& times = v.data->info.frameTimes;
        if (times.empty()) return;
        int f = 0;
        for (std::size_t i = 0; i < times.size(); ++i)
            if (times[i] <= time + 1e-9) f = static_cast<int>(i);
        if (f != v.frame) {
            v.frame = f;
            applyStyle(v);
        }
    }

    // ---- levels of detail
    // ----------------------------------------------------------------------------------
    void updateLod(bool final, const core::Progress* progress = nullptr) {
        if (!content.ground || !renderer->GetRenderWindow()) return;
        Ground& g = *content.ground;
        vtkCamera* cam = renderer->GetActiveCamera();
        const int* size = renderer->GetSize();
        const double hpx = std::max(1, size[1]);
        double aspect = size[1] > 0 ? static_cast<double>(size[0]) / size[1] : 1.0;
        double planes[24];
        cam->GetFrustumPlanes(aspect, planes);
        double pos[3];
        cam->GetPosition(pos);
        const double tanHalf = std::tan(cam->GetViewAngle() * kPi / 360.0);
        const double cell = std::min(g.dem().geoTransform().cellWidth, g.dem().geoTransform().cellHeight);
        const double err = final ? std::min(pixelError, 1.5) : pixelError;
        bool changed = false;
        for (int t = 0; t < g.tileCount(); ++t) {
            if (progress) (*progress)(static_cast<double>(t) / g.tileCount(), "terrain detail");
            auto b = g.tileBounds(t);
            b[4] *= exaggeration;
            b[5] *= exaggeration;
            // Outside the view: keep what is there, build nothing.
            bool outside = false;
            for (int p = 0; p < 6 && !outside; ++p) {
                const double* pl = planes + 4 * p;
                const double x = pl[0] >= 0 ? b[1] : b[0];
                const double y = pl[1] >= 0 ? b[3] : b[2];
                const double z = pl[2] >= 0 ? b[5] : b[4];
                if (pl[0] * x + pl[1] * y + pl[2] * z + pl[3] < 0) outside = true;
            }
            int level = g.levelCount() - 1;
            if (!outside) {
                const double dx = std::max({b[0] - pos[0], 0.0, pos[0] - b[1]});
                const double dy = std::max({b[2] - pos[1], 0.0, pos[1] - b[3]});
                const double dz = std::max({b[4] - pos[2], 0.0, pos[2] - b[5]});
                const double dist = std::max(1e-3, std::sqrt(dx * dx + dy * dy + dz * dz));
                const double cellPx = cell * hpx / (2.0 * dist * tanHalf);
                const double stride = err / std::max(cellPx, 1e-9);
                level = stride <= 1.0 ? 0 : static_cast<int>(std::ceil(std::log2(stride)));
                level = std::clamp(level, 0, g.levelCount() - 1);
                if (final && !(progress && progress->cancelled()))
                    g.buildNow(t, level);
                else if (!final)
                    g.request(t, level);
            }
            vtkSmartPointer<vtkPolyData> m = g.bestMesh(t, level, nullptr);
            if (m.GetPointer() != tileMesh[static_cast<std::size_t>(t)]) {
                tileMesh[static_cast<std::size_t>(t)] = m;
                changed = true;
                for (LayerView& v : views)
                    if (static_cast<std::size_t>(t) < v.tiles.size()) {
                        vtkPolyData* input = m;
                        if (static_cast<std::size_t>(t) < v.tileInputs.size()) {
                            v.tileInputs[static_cast<std::size_t>(t)] =
                                withTextureCoordinates(m, v.imageGrid, g.originX(), g.originY());
                            input = v.tileInputs[static_cast<std::size_t>(t)];
                        }
                        vtkPolyDataMapper::SafeDownCast(v.tiles[static_cast<std::size_t>(t)]->GetMapper())
                            ->SetInputData(input);
                    }
            }
        }
        (void)changed;
    }

    void beforeRender(bool final) {
        updateLod(final);
        renderer->ResetCameraClippingRange();
        // Near plane: not too close, or depth precision is lost on large scenes.
        vtkCamera* cam = renderer->GetActiveCamera();
        double range[2];
        cam->GetClippingRange(range);
        range[0] = std::max(range[0], range[1] / 5000.0);
        cam->SetClippingRange(range);
        deco.timeText.clear();
        double span = 0.0;
        bool series = false;
        for (const LayerView& v : views)
            if (v.style.visible && !v.data->info.frameTimes.empty()) {
                series = true;
                span = std::max(span, v.data->info.frameTimes.back());
            }
        if (series) deco.timeText = timeLabel(time, span);
        for (LayerView& v : views)
            if (v.pointsActor)
                v.pointsActor->GetProperty()->SetPointSize(static_cast<float>(11.0 * deco.scale));
        Decorations::Frame frame;
        frame.legends = owner->legends();
        frame.metresPerPixel = owner->metresPerPixel();
        frame.northAngle = northAngle();
        if (deco.showInset) frame.footprint = viewFootprint();
        frame.labels = labelCandidates();
        deco.update(renderer, frame);
        lastBoxes = deco.boxes();
    }

    /// World point (local, z exaggerated) -> viewport pixels; false behind the camera or far outside.
    struct Projector {
        double m[16];
        double w, h;
        bool project(double x, double y, double z, double& px, double& py) const {
            const double cx = m[0] * x + m[1] * y + m[2] * z + m[3];
            const double cy = m[4] * x + m[5] * y + m[6] * z + m[7];
            const double cz = m[8] * x + m[9] * y + m[10] * z + m[11];
            const double cw = m[12] * x + m[13] * y + m[14] * z + m[15];
            if (!(cw > 1e-9)) return false;
            const double nx = cx / cw, ny = cy / cw, nz = cz / cw;
            if (nx < -1.1 || nx > 1.1 || ny < -1.1 || ny > 1.1 || nz < -1.0 || nz > 1.0) return false;
            px = (nx + 1.0) / 2.0 * w;
            py = (ny + 1.0) / 2.0 * h;
            return true;
        }
    };
    Projector projector() const {
        Projector p;
        const int* size = renderer->GetSize();
        p.w = std::max(1, size[0]);
        p.h = std::max(1, size[1]);
        vtkMatrix4x4* m =
            renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(p.w / p.h, -1, 1);
        for (int i = 0; i < 16; ++i)
            p.m[i] = m->GetElement(i / 4, i % 4);
        return p;
    }

    /// Label texts of a view for its style's attribute, cached.
    void ensureLabels(LayerView& v) {
        if (v.labelsFor == v.style.labelAttribute && v.labels.size() == v.data->anchors.size()) return;
        const LayerData& d = *v.data;
        v.labels.assign(d.anchors.size(), std::string());
        for (std::size_t i = 0; i < d.anchors.size(); ++i)
            v.labels[i] = d.labelText(static_cast<long>(i), v.style.labelAttribute);
        v.labelOrder.resize(d.anchors.size());
        for (std::size_t i = 0; i < v.labelOrder.size(); ++i)
            v.labelOrder[i] = i;
        std::stable_sort(v.labelOrder.begin(), v.labelOrder.end(), [&](std::size_t a, std::size_t b) {
            const double pa = a < d.labelPriority.size() ? d.labelPriority[a] : 0.0;
            const double pb = b < d.labelPriority.size() ? d.labelPriority[b] : 0.0;
            return pa > pb;
        });
        v.labelsFor = v.style.labelAttribute;
    }

    /// Labels of every visible labelled layer, in order of priority: point layers (gauges, vertiports) first,
    /// then other data, roads, buildings; within a layer the larger features first.
    std::vector<LabelCandidate> labelCandidates() {
        std::vector<LabelCandidate> out;
        std::vector<LayerView*> order;
        for (LayerView& v : views)
            if (v.style.visible && !v.style.labelAttribute.empty() && !v.data->anchors.empty())
                order.push_back(&v);
        if (order.empty()) return out;
        auto rank = [](const LayerView* v) {
            if (v->data->pointLabels) return 0;
            if (v->data->info.kind == LayerKind::Vector) return 1;
            if (v->data->info.kind == LayerKind::Roads) return 2;
            return 3;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](const LayerView* a, const LayerView* b) { return rank(a) < rank(b); });
        const Projector pr = projector();
        for (LayerView* v : order) {
            ensureLabels(*v);
            const std::vector<char> hidden = hiddenFeatures(*v);
            const LayerData& d = *v->data;
            for (std::size_t i : v->labelOrder) {
                if (out.size() >= 4000) return out;
                if (v->labels[i].empty() || (i < hidden.size() && hidden[i])) continue;
                const auto& a = d.anchors[i];
                if (!std::isfinite(a[0]) || !std::isfinite(a[2])) continue;
                LabelCandidate c;
                if (!pr.project(a[0], a[1], a[2] * exaggeration, c.x, c.y)) continue;
                c.text = v->labels[i];
                c.lift = d.pointLabels ? 9.0 : 0.0;
                out.push_back(std::move(c));
            }
        }
        return out;
    }

    /// The ground in view, as a polygon in the project CRS: rays through the border of the view met with the
    /// ground (or, above the horizon, cut at three scene diagonals).
    std::vector<core::Point> viewFootprint() const {
        std::vector<core::Point> out;
        if (!content.ground) return out;
        vtkCamera* cam = renderer->GetActiveCamera();
        const int* size = renderer->GetSize();
        const double aspect = size[1] > 0 ? static_cast<double>(size[0]) / size[1] : 1.0;
        auto inv = vtkSmartPointer<vtkMatrix4x4>::New();
        inv->DeepCopy(cam->GetCompositeProjectionTransformMatrix(aspect, -1, 1));
        inv->Invert();
        const auto b = sceneBounds();
        const double reach = 3.0 * std::hypot(b[1] - b[0], b[3] - b[2]);
        const double z0 = content.ground->zMin() * exaggeration;
        auto unproject = [&](double nx, double ny, double nz, double out3[3]) {
            const double in[4] = {nx, ny, nz, 1.0};
            double o[4];
            inv->MultiplyPoint(in, o);
            for (int k = 0; k < 3; ++k)
                out3[k] = o[k] / o[3];
        };
        const int n = 8;
        std::vector<std::array<double, 2>> border;
        for (int k = 0; k < n; ++k)
            border.push_back({-1.0 + 2.0 * k / n, -1.0});
        for (int k = 0; k < n; ++k)
            border.push_back({1.0, -1.0 + 2.0 * k / n});
        for (int k = 0; k < n; ++k)
            border.push_back({1.0 - 2.0 * k / n, 1.0});
        for (int k = 0; k < n; ++k)
            border.push_back({-1.0, 1.0 - 2.0 * k / n});
        double eye[3];
        cam->GetPosition(eye);
        for (const auto& q : border) {
            double nearP[3], farP[3];
            unproject(q[0], q[1], -1.0, nearP);
            unproject(q[0], q[1], 1.0, farP);
            std::array<double, 3> o{nearP[0], nearP[1], nearP[2]};
            std::array<double, 3> d{farP[0] - nearP[0], farP[1] - nearP[1], farP[2] - nearP[2]};
            double hx, hy;
            if (const auto hit = content.ground->raycast(o, d, exaggeration)) {
                hx = (*hit)[0];
                hy = (*hit)[1];
            } else if (d[2] < -1e-9) {
                const double t = (z0 - o[2]) / d[2];
                hx = o[0] + d[0] * t;
                hy = o[1] + d[1] * t;
            } else {
                const double l = std::max(1e-9, std::hypot(d[0], d[1]));
                hx = o[0] + d[0] / l * reach;
                hy = o[1] + d[1] / l * reach;
            }
            // Not further than the reach from the eye (rays that graze the ground).
            const double dx = hx - eye[0], dy = hy - eye[1], l = std::hypot(dx, dy);
            if (l > reach) {
                hx = eye[0] + dx / l * reach;
                hy = eye[1] + dy / l * reach;
            }
            out.push_back({hx + ox(), hy + oy()});
        }
        return out;
    }

    /// The overview picture: the ground's colours, buildings dark, roads grey; at most 512 pixels a side.
    void makeInsetImage() {
        InsetImage img;
        if (!content.ground) {
            deco.inset = img;
            return;
        }
        const Ground& g = *content.ground;
        core::Box e = g.dem().extent();
        if (g.flat() && content.model) {
            core::Box m = content.model->buildingExtent();
            m.expand(content.model->roadExtent());
            if (!m.empty()) {
                const double pad = 0.04 * std::max(m.width(), m.height());
                e = core::Box{m.minX - pad, m.minY - pad, m.maxX + pad, m.maxY + pad};
            }
        }
        const double cell = std::max(e.width(), e.height()) / 512.0;
        img.width = std::max(2, static_cast<int>(std::ceil(e.width() / cell)));
        img.height = std::max(2, static_cast<int>(std::ceil(e.height() / cell)));
        img.extent = core::Box{e.minX, e.maxY - img.height * cell, e.minX + img.width * cell, e.maxY};
        img.rgb.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 3, 0);
        const auto& colours = g.colours();
        const core::Raster& dem = g.dem();
        for (int r = 0; r < img.height; ++r)
            for (int c = 0; c < img.width; ++c) {
                const core::Point p{img.extent.minX + (c + 0.5) * cell, img.extent.maxY - (r + 0.5) * cell};
                int dc = 0, dr = 0;
                unsigned char* px =
                    &img.rgb[(static_cast<std::size_t>(r) * static_cast<std::size_t>(img.width) +
                              static_cast<std::size_t>(c)) *
                             3];
                if (!g.flat() && dem.cellOf(p, dc, dr) && !std::isnan(dem.at(dc, dr))) {
                    const std::size_t k =
                        (static_cast<std::size_t>(dr) * static_cast<std::size_t>(dem.width()) +
                         static_cast<std::size_t>(dc)) *
                        3;
                    px[0] = colours[k];
                    px[1] = colours[k + 1];
                    px[2] = colours[k + 2];
                } else {
                    px[0] = 232;
                    px[1] = 230;
                    px[2] = 222;
                }
            }
        if (content.model) {
            TextureGrid grid;
            grid.transform = core::GeoTransform{img.extent.minX, img.extent.maxY, cell, cell};
            grid.width = img.width;
            grid.height = img.height;
            // Roads: one pixel wide, grey.
            for (const core::Road& road : content.model->roads)
                for (std::size_t i = 0; i + 1 < road.line.size(); ++i) {
                    const core::Point& a = road.line[i];
                    const core::Point& b = road.line[i + 1];
                    const int steps =
                        std::max(1, static_cast<int>(std::ceil(std::hypot(b.x - a.x, b.y - a.y) / cell)));
                    for (int k = 0; k <= steps; ++k) {
                        const double t = static_cast<double>(k) / steps;
                        const int c = static_cast<int>((a.x + (b.x - a.x) * t - img.extent.minX) / cell);
                        const int r = static_cast<int>((img.extent.maxY - (a.y + (b.y - a.y) * t)) / cell);
                        if (c < 0 || r < 0 || c >= img.width || r >= img.height) continue;
                        unsigned char* px =
                            &img.rgb[(static_cast<std::size_t>(r) * static_cast<std::size_t>(img.width) +
                                      static_cast<std::size_t>(c)) *
                                     3];
                        px[0] = px[1] = px[2] = 150;
                    }
                }
            std::vector<int> mask(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height),
                                  -1);
            for (const core::Building& b : content.model->buildings)
                for (const core::Polygon& p : b.footprint)
                    rasterizePolygon(p, grid, mask, 1);
            for (std::size_t k = 0; k < mask.size(); ++k)
                if (mask[k] >= 0) {
                    img.rgb[k * 3] = 96;
                    img.rgb[k * 3 + 1] = 90;
                    img.rgb[k * 3 + 2] = 84;
                }
        }
        deco.inset = std::move(img);
    }

    double northAngle() const {
        vtkCamera* cam = renderer->GetActiveCamera();
        double fp[3];
        cam->GetFocalPoint(fp);
        const double d = std::max(1.0, cam->GetDistance() * 0.05);
        auto toDisplay = [&](double x, double y, double z, double out[2]) {
            renderer->SetWorldPoint(x, y, z, 1.0);
            renderer->WorldToDisplay();
            double p[3];
            renderer->GetDisplayPoint(p);
            out[0] = p[0];
            out[1] = p[1];
        };
        double a[2], b[2];
        toDisplay(fp[0], fp[1], fp[2], a);
        toDisplay(fp[0], fp[1] + d, fp[2], b);
        const double dx = b[0] - a[0], dy = b[1] - a[1];
        if (std::hypot(dx, dy) < 1e-9) return 0.0;
        return std::atan2(-dx, dy);
    }

    void displayRay(int x, int y, std::array<double, 3>& origin, std::array<double, 3>& dir) const {
        double p0[4], p1[4];
        renderer->SetDisplayPoint(x, y, 0.0);
        renderer->DisplayToWorld();
        renderer->GetWorldPoint(p0);
        renderer->SetDisplayPoint(x, y, 1.0);
        renderer->DisplayToWorld();
        renderer->GetWorldPoint(p1);
        for (int k = 0; k < 3; ++k) {
            p0[k] /= p0[3];
            p1[k] /= p1[3];
        }
        double camPos[3];
        renderer->GetActiveCamera()->GetPosition(camPos);
        origin = {camPos[0], camPos[1], camPos[2]};
        dir = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
    }
};

// ---- Scene
// --------------------------------------------------------------------------------------------------

Scene::Scene() : impl_(std::make_unique<Impl>()) {
    impl_->owner = this;
    vtkMapper::SetResolveCoincidentTopologyToPolygonOffset();
    impl_->setupRenderer();
}

Scene::~Scene() {
    if (impl_->content.ground) impl_->content.ground->setOnBuilt({});
    {
        std::lock_guard<std::mutex> lock(*impl_->redrawMutex);
        *impl_->redrawShared = nullptr;
    }
    impl_->renderer->RemoveObserver(impl_->startObserver);
}

void Scene::attach(vtkRenderWindow* window) {
    impl_->window = window;
    window->AddRenderer(impl_->renderer);
}

vtkRenderer* Scene::renderer() const {
    return impl_->renderer;
}

void Scene::setContent(SceneContent content) {
    Impl& d = *impl_;
    for (LayerView& v : d.views)
        d.removeActors(v);
    d.views.clear();
    if (d.content.ground) d.content.ground->setOnBuilt({});
    d.content = std::move(content);
    d.tileMesh.clear();
    d.time = 0.0;
    if (!d.content.ground) return;
    Ground& g = *d.content.ground;
    for (int t = 0; t < g.tileCount(); ++t)
        d.tileMesh.push_back(g.bestMesh(t, g.levelCount() - 1, nullptr));
    // Redraw requests come from the ground's worker thread; they go through a shared, locked slot so that a
    // scene being destroyed is never called.
    auto mutex = d.redrawMutex;
    auto slot = d.redrawShared;
    g.setOnBuilt([mutex, slot] {
        std::function<void()> f;
        {
            std::lock_guard<std::mutex> lock(*mutex);
            f = *slot;
        }
        if (f) f();
    });
    for (const LayerDataPtr& l : d.content.layers)
        addLayer(l);
    d.deco.inset = InsetImage{};
    if (d.deco.showInset) d.makeInsetImage();
    applyCameraPreset(CameraPreset::Default);
}

const SceneContent& Scene::content() const {
    return impl_->content;
}

void Scene::addLayer(LayerDataPtr layer, std::optional<bool> visible) {
    Impl& d = *impl_;
    if (!d.content.ground || !layer) return;
    removeLayer(layer->info.id);
    LayerView v;
    v.data = layer;
    v.style = layer->defaultStyle;
    if (visible) v.style.visible = *visible;
    int rank = 0;
    for (const LayerView& o : d.views)
        if (o.data->draw == DrawKind::Overlay || (o.data->mesh && !o.data->extruded)) ++rank;
    v.rank = rank;
    d.views.push_back(std::move(v));
    LayerView& added = d.views.back();
    d.createActors(added);
    d.setFrameForTime(added);
    d.applyStyle(added);
    // Extruded result polygons stand where the buildings stand: show one or the other.
    if (layer->extruded && layer->info.kind == LayerKind::Vector && added.style.visible)
        if (LayerView* b = d.find("buildings")) {
            b->style.visible = false;
            d.applyStyle(*b);
        }
}

bool Scene::removeLayer(const std::string& id) {
    Impl& d = *impl_;
    for (auto it = d.views.begin(); it != d.views.end(); ++it)
        if (it->data->info.id == id) {
            d.removeActors(*it);
            d.views.erase(it);
            return true;
        }
    return false;
}

std::vector<LayerInfo> Scene::layers() const {
    std::vector<LayerInfo> out;
    for (const LayerView& v : impl_->views)
        out.push_back(v.data->info);
    return out;
}

const LayerInfo* Scene::layerInfo(const std::string& id) const {
    const LayerView* v = impl_->find(id);
    return v ? &v->data->info : nullptr;
}

const OutputData* Scene::layerData(const std::string& id) const {
    const LayerView* v = impl_->find(id);
    if (!v || (!v->data->data.raster && v->data->data.frames.empty() && !v->data->data.vector))
        return nullptr;
    return &v->data->data;
}

LayerStyle Scene::style(const std::string& id) const {
    const LayerView* v = impl_->find(id);
    return v ? v->style : LayerStyle{};
}

void Scene::setStyle(const std::string& id, const LayerStyle& style) {
    LayerView* v = impl_->find(id);
    if (!v) return;
    v->style = style;
    v->style.opacity = std::clamp(style.opacity, 0.0, 1.0);
    impl_->applyStyle(*v);
}

std::string LegendEntry::heading() const {
    const std::string u = unitForTitle(unit, std::max(std::fabs(min), std::fabs(max)));
    return title + (u.empty() || !categories.empty() ? "" : " [" + u + "]");
}

std::vector<LegendEntry> Scene::legends() const {
    std::vector<LegendEntry> out;
    // Results and data first (they are what a briefing is about), the model's own layers after.
    std::vector<const LayerView*> order;
    for (auto it = impl_->views.rbegin(); it != impl_->views.rend(); ++it)
        order.push_back(&*it);
    std::stable_sort(order.begin(), order.end(), [](const LayerView* a, const LayerView* b) {
        return (a->data->info.group != "City model") > (b->data->info.group != "City model");
    });
    for (const LayerView* v : order) {
        const LayerData& d = *v->data;
        const LayerStyle& s = v->style;
        if (!s.visible) continue;
        LegendEntry e;
        if (d.info.group != "City model") e.subtitle = d.info.group;
        if (d.info.kind == LayerKind::Terrain) {
            if (impl_->content.ground && impl_->content.ground->flat()) continue;
            e.title = "Elevation";
            e.unit = "m";
            e.colorMap = "terrain";
            e.min = d.info.dataMin;
            e.max = d.info.dataMax;
            out.push_back(e);
            continue;
        }
        const AttributeColumn* col = d.column(s.attribute);
        const bool grid = !d.grids.empty();
        if (!grid && !col) continue;
        std::string unit = grid ? d.info.unit : col->unit;
        if (!grid && unit.empty() && s.attribute == d.defaultStyle.attribute &&
            d.info.kind == LayerKind::Vector)
            unit = d.info.unit;
        static const std::map<std::string, std::string> pretty = {
            {"height_m", "height"},           {"base_m", "base elevation"}, {"levels", "floors"},
            {"height_source", "height from"}, {"speed_kmh", "speed limit"}, {"oneway", "one-way"}};
        const auto p = pretty.find(s.attribute);
        const std::string attr = p == pretty.end() ? s.attribute : p->second;
        // The whole name: the legend wraps long titles instead of cutting them.
        // The attribute is named unless it is the layer's own declared classes (their names say it all).
        const bool ownClasses = col && col->declared && s.attribute == d.defaultStyle.attribute;
        e.title = d.info.name + (grid || ownClasses ? "" : " — " + attr);
        e.unit = unit;
        e.colorMap = s.colorMap.empty() ? "categorical" : s.colorMap;
        const AttributeColumn* classes = col ? col : (grid ? d.column("value") : nullptr);
        if (classes && classes->categorical) {
            e.categories = classes->categories;
            e.categoryColors = d.classColours(*classes, s.colorMap);
            // Only the classes present (declared ones are all kept: "none" is worth showing too).
            if (!classes->declared && col) {
                std::vector<char> used(e.categories.size(), 0);
                for (double x : col->values)
                    if (!std::isnan(x) && static_cast<std::size_t>(x) < used.size())
                        used[static_cast<std::size_t>(x)] = 1;
                std::vector<std::string> names;
                std::vector<Rgb> colours;
                for (std::size_t k = 0; k < used.size(); ++k)
                    if (used[k]) {
                        names.push_back(e.categories[k]);
                        colours.push_back(e.categoryColors[k]);
                    }
                e.categories = std::move(names);
                e.categoryColors = std::move(colours);
            }
        } else {
            e.min = v->range.lo;
            e.max = v->range.hi;
            if (s.asWater && grid) {
                // The legend shows the part of the map the water shader uses.
                e.colorMap = s.colorMap.empty() ? "water" : s.colorMap;
                e.mapStart = waterRampStart(ColorMap::byName(e.colorMap));
            }
        }
        out.push_back(e);
    }
    return out;
}

std::vector<double> Scene::frameTimes() const {
    std::vector<double> t;
    for (const LayerView& v : impl_->views)
        t.insert(t.end(), v.data->info.frameTimes.begin(), v.data->info.frameTimes.end());
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end(), [](double a, double b) { return std::fabs(a - b) < 1e-9; }),
            t.end());
    return t;
}

void Scene::setTime(double timeS) {
    impl_->time = timeS;
    for (LayerView& v : impl_->views)
        impl_->setFrameForTime(v);
}

double Scene::time() const {
    return impl_->time;
}

void Scene::setVerticalExaggeration(double factor) {
    if (!(factor > 0)) return;
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    // Keep the focal point on the same ground point.
    double fp[3], pos[3];
    cam->GetFocalPoint(fp);
    cam->GetPosition(pos);
    const double k = factor / impl_->exaggeration;
    const double newFz = fp[2] * k;
    cam->SetFocalPoint(fp[0], fp[1], newFz);
    cam->SetPosition(pos[0], pos[1], pos[2] + (newFz - fp[2]));
    impl_->exaggeration = factor;
    for (LayerView& v : impl_->views)
        impl_->applyTransform(v);
}

double Scene::verticalExaggeration() const {
    return impl_->exaggeration;
}

void Scene::applyCameraPreset(CameraPreset preset, double aspectHint) {
    const auto b = impl_->sceneBounds();
    const double c[3] = {(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, b[4] + (b[5] - b[4]) * 0.25};
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    const int* size = impl_->renderer->GetSize();
    const double aspect = aspectHint > 0               ? aspectHint
                          : size[1] > 0 && size[0] > 0 ? static_cast<double>(size[0]) / size[1]
                                                       : 16.0 / 9.0;
    const double tanHalf = std::tan(cam->GetViewAngle() * kPi / 360.0);
    double bearing = 195.0, elevation = 38.0;
    if (impl_->mapMode) preset = CameraPreset::Top;  // a 2D map is always seen from above, north up
    switch (preset) {
        case CameraPreset::Default:
            break;
        case CameraPreset::Top:
            bearing = 180.0;
            elevation = 89.9;
            break;
        case CameraPreset::North:
            bearing = 0.0;
            break;
        case CameraPreset::South:
            bearing = 180.0;
            break;
        case CameraPreset::East:
            bearing = 90.0;
            break;
        case CameraPreset::West:
            bearing = 270.0;
            break;
    }
    const double az = bearing * kPi / 180.0, el = elevation * kPi / 180.0;
    // Camera frame: f from the camera to the target, r to the right, u up on screen.
    const double f[3] = {-std::cos(el) * std::sin(az), -std::cos(el) * std::cos(az), -std::sin(el)};
    double r[3] = {f[1], -f[0], 0.0};  // f x z
    double rl = std::hypot(r[0], r[1]);
    if (rl < 1e-9) {
        r[0] = 1;
        r[1] = 0;
        rl = 1;
    }
    r[0] /= rl;
    r[1] /= rl;
    const double u[3] = {r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]};
    // The nearest distance at which every corner of the scene's box lies inside the view (with a margin).
    const double margin = 0.92;
    double dist = 1.0;
    for (int k = 0; k < 8; ++k) {
        const double p[3] = {(k & 1 ? b[1] : b[0]) - c[0], (k & 2 ? b[3] : b[2]) - c[1],
                             (k & 4 ? b[5] : b[4]) - c[2]};
        const double pf = p[0] * f[0] + p[1] * f[1] + p[2] * f[2];
        const double pr = std::fabs(p[0] * r[0] + p[1] * r[1] + p[2] * r[2]);
        const double pu = std::fabs(p[0] * u[0] + p[1] * u[1] + p[2] * u[2]);
        dist = std::max({dist, pr / (tanHalf * aspect * margin) - pf, pu / (tanHalf * margin) - pf});
    }
    cam->SetFocalPoint(c);
    cam->SetPosition(c[0] - f[0] * dist, c[1] - f[1] * dist, c[2] - f[2] * dist);
    cam->SetViewUp(0, 0, 1);
    if (preset == CameraPreset::Top || impl_->mapMode) cam->SetViewUp(0, 1, 0);
    cam->OrthogonalizeViewUp();
    if (impl_->mapMode) {
        // The whole scene in the parallel view, with a margin.
        cam->SetParallelScale(std::max((b[3] - b[2]) / 2.0, (b[1] - b[0]) / (2.0 * aspect)) / margin);
    }
    impl_->renderer->ResetCameraClippingRange();
}

void Scene::flyTo(const std::string& layerId) {
    const LayerView* v = impl_->find(layerId);
    if (layerId.empty() || !v || v->data->info.kind == LayerKind::Terrain) {
        applyCameraPreset(CameraPreset::Default);
        return;
    }
    const core::Box e = v->data->info.extent;
    if (e.empty()) return;
    const double cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
    const double z = impl_->content.ground
                         ? impl_->content.ground->elevationOr(cx, cy, impl_->content.ground->zMin())
                         : 0.0;
    flyToPoint({cx, cy, z}, 0.5 * std::hypot(e.width(), e.height()) + 20.0);
}

void Scene::flyToPoint(const std::array<double, 3>& p, double radius) {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    double pos[3], fp[3];
    cam->GetPosition(pos);
    cam->GetFocalPoint(fp);
    double dir[3] = {pos[0] - fp[0], pos[1] - fp[1], pos[2] - fp[2]};
    const double len = std::sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (double& x : dir)
        x /= len;
    const double tanHalf = std::tan(cam->GetViewAngle() * kPi / 360.0);
    const double dist = radius / tanHalf * 1.1;
    const double f[3] = {p[0] - impl_->ox(), p[1] - impl_->oy(), p[2] * impl_->exaggeration};
    cam->SetFocalPoint(f);
    cam->SetPosition(f[0] + dir[0] * dist, f[1] + dir[1] * dist, f[2] + dir[2] * dist);
    impl_->renderer->ResetCameraClippingRange();
}

CameraState Scene::cameraState() const {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    CameraState c;
    double p[3], f[3], u[3];
    cam->GetPosition(p);
    cam->GetFocalPoint(f);
    cam->GetViewUp(u);
    c.position = {p[0] + impl_->ox(), p[1] + impl_->oy(), p[2]};
    c.focalPoint = {f[0] + impl_->ox(), f[1] + impl_->oy(), f[2]};
    c.viewUp = {u[0], u[1], u[2]};
    c.viewAngle = cam->GetViewAngle();
    c.verticalExaggeration = impl_->exaggeration;
    return c;
}

void Scene::setCameraState(const CameraState& c) {
    if (c.verticalExaggeration) setVerticalExaggeration(*c.verticalExaggeration);
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    cam->SetPosition(c.position[0] - impl_->ox(), c.position[1] - impl_->oy(), c.position[2]);
    cam->SetFocalPoint(c.focalPoint[0] - impl_->ox(), c.focalPoint[1] - impl_->oy(), c.focalPoint[2]);
    cam->SetViewUp(c.viewUp[0], c.viewUp[1], c.viewUp[2]);
    cam->SetViewAngle(c.viewAngle);
    cam->OrthogonalizeViewUp();
    impl_->renderer->ResetCameraClippingRange();
}

void Scene::orbit(double azimuthDeg, double elevationDeg) {
    if (impl_->mapMode) return;  // north up, straight down
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    double pos[3], fp[3];
    cam->GetPosition(pos);
    cam->GetFocalPoint(fp);
    const double v[3] = {pos[0] - fp[0], pos[1] - fp[1], pos[2] - fp[2]};
    const double r = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    double az = std::atan2(v[0], v[1]) + azimuthDeg * kPi / 180.0;
    double el = std::asin(std::clamp(v[2] / r, -1.0, 1.0)) + elevationDeg * kPi / 180.0;
    el = std::clamp(el, 2.0 * kPi / 180.0, 89.9 * kPi / 180.0);
    cam->SetPosition(fp[0] + r * std::cos(el) * std::sin(az), fp[1] + r * std::cos(el) * std::cos(az),
                     fp[2] + r * std::sin(el));
    const double hx = -std::sin(az), hy = -std::cos(az);  // horizontal view direction
    if (el > 89.0 * kPi / 180.0)
        cam->SetViewUp(hx, hy, 0.0);
    else
        cam->SetViewUp(0, 0, 1);
    cam->OrthogonalizeViewUp();
}

void Scene::pan(double dx, double dy) {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    double pos[3], fp[3];
    cam->GetPosition(pos);
    cam->GetFocalPoint(fp);
    const double mpp = metresPerPixel();
    const double az = std::atan2(pos[0] - fp[0], pos[1] - fp[1]);
    // Screen right and screen up projected on the ground.
    const double right[2] = {std::cos(az), -std::sin(az)};
    const double fwd[2] = {-std::sin(az), -std::cos(az)};
    double el = std::asin(std::clamp((pos[2] - fp[2]) / cam->GetDistance(), -1.0, 1.0));
    const double upScale = 1.0 / std::max(0.25, std::sin(el));
    const double mx = -(dx * right[0] + dy * upScale * fwd[0]) * mpp;
    const double my = -(dx * right[1] + dy * upScale * fwd[1]) * mpp;
    cam->SetPosition(pos[0] + mx, pos[1] + my, pos[2]);
    cam->SetFocalPoint(fp[0] + mx, fp[1] + my, fp[2]);
}

void Scene::zoom(double factor, int x, int y) {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    double pos[3], fp[3];
    cam->GetPosition(pos);
    cam->GetFocalPoint(fp);
    double target[3] = {fp[0], fp[1], fp[2]};
    if (x >= 0 && y >= 0 && impl_->content.ground) {
        std::array<double, 3> o, d;
        impl_->displayRay(x, y, o, d);
        if (auto hit = impl_->content.ground->raycast(o, d, impl_->exaggeration)) {
            target[0] = (*hit)[0];
            target[1] = (*hit)[1];
            target[2] = (*hit)[2];
        }
    }
    const double dist =
        std::sqrt((pos[0] - target[0]) * (pos[0] - target[0]) + (pos[1] - target[1]) * (pos[1] - target[1]) +
                  (pos[2] - target[2]) * (pos[2] - target[2]));
    if (cam->GetParallelProjection()) {
        // 2D map: the scale changes, the point under the cursor stays put.
        const double scale = cam->GetParallelScale();
        if (factor > 1.0 && scale / factor < 2.0) return;
        cam->SetParallelScale(scale / factor);
        for (int k = 0; k < 2; ++k) {
            const double shift = (target[k] - fp[k]) * (1.0 - 1.0 / factor);
            pos[k] += shift;
            fp[k] += shift;
        }
        cam->SetPosition(pos);
        cam->SetFocalPoint(fp);
        return;
    }
    if (factor > 1.0 && dist / factor < 3.0) return;  // close enough
    for (int k = 0; k < 3; ++k) {
        pos[k] = target[k] + (pos[k] - target[k]) / factor;
        fp[k] = target[k] + (fp[k] - target[k]) / factor;
    }
    cam->SetPosition(pos);
    cam->SetFocalPoint(fp);
}

void Scene::setTitle(const std::string& title) {
    impl_->deco.title = title;
}

std::string Scene::title() const {
    return impl_->deco.title;
}

void Scene::setTitleCard(const std::string& title, const std::string& subtitle) {
    impl_->deco.cardTitle = title;
    impl_->deco.cardSubtitle = subtitle;
}

void Scene::setAttribution(const std::string& text) {
    impl_->deco.attribution = text;
}

void Scene::setDecorations(bool legends, bool scaleBar, bool northArrow) {
    impl_->deco.showLegends = legends;
    impl_->deco.showScaleBar = scaleBar;
    impl_->deco.showNorthArrow = northArrow;
}

void Scene::setDecorationScale(double scale) {
    impl_->deco.scale = std::clamp(std::isfinite(scale) ? scale : 1.0, 0.25, 20.0);
}

double Scene::decorationScale() const {
    return impl_->deco.scale;
}

void Scene::setInset(bool on) {
    impl_->deco.showInset = on;
    if (on && impl_->deco.inset.rgb.empty()) impl_->makeInsetImage();
}

bool Scene::inset() const {
    return impl_->deco.showInset;
}

void Scene::setMapMode(bool on) {
    if (on == impl_->mapMode) return;
    impl_->mapMode = on;
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    if (!on) {
        cam->ParallelProjectionOff();
        impl_->applyBackground();
        applyCameraPreset(CameraPreset::Default);
        return;
    }
    // Keep the ground in view at about the same scale: looking straight down on the focal point, north up.
    const double visible = metresPerPixel() * std::max(1, impl_->renderer->GetSize()[1]);
    double fp[3];
    cam->GetFocalPoint(fp);
    const double dist = std::max(10.0, cam->GetDistance());
    const double tilt =
        0.1 * kPi / 180.0;  // a hair south of vertical, as the Top preset: "north" stays defined
    cam->SetPosition(fp[0], fp[1] - dist * std::sin(tilt), fp[2] + dist * std::cos(tilt));
    cam->SetViewUp(0, 1, 0);
    cam->OrthogonalizeViewUp();
    cam->ParallelProjectionOn();
    cam->SetParallelScale(std::max(1.0, visible / 2.0));
    impl_->applyBackground();
    impl_->renderer->ResetCameraClippingRange();
}

bool Scene::mapMode() const {
    return impl_->mapMode;
}

void Scene::linkCamera(Scene& other) {
    other.impl_->renderer->SetActiveCamera(impl_->renderer->GetActiveCamera());
    other.impl_->mapMode = impl_->mapMode;
    other.impl_->applyBackground();
}

std::vector<OverlayBox> Scene::overlayLayout() const {
    return impl_->lastBoxes;
}

std::optional<std::array<double, 3>> Scene::groundAt(int x, int y) const {
    if (!impl_->content.ground) return std::nullopt;
    std::array<double, 3> o, d;
    impl_->displayRay(x, y, o, d);
    const auto hit = impl_->content.ground->raycast(o, d, impl_->exaggeration);
    if (!hit) return std::nullopt;
    return std::array<double, 3>{(*hit)[0] + impl_->ox(), (*hit)[1] + impl_->oy(),
                                 (*hit)[2] / impl_->exaggeration};
}

PickResult Scene::pick(int x, int y) {
    Impl& d = *impl_;
    PickResult r;
    if (!d.content.ground) return r;
    std::array<double, 3> o, dir;
    d.displayRay(x, y, o, dir);
    const auto groundHit = d.content.ground->raycast(o, dir, d.exaggeration);
    d.picker->InitializePickList();
    std::vector<std::pair<vtkActor*, const LayerView*>> pickable;
    for (const LayerView& v : d.views) {
        if (!v.style.visible) continue;
        for (vtkActor* a : {v.meshActor.GetPointer(), v.pointsActor.GetPointer()})
            if (a) {
                d.picker->AddPickList(a);
                pickable.emplace_back(a, &v);
            }
    }
    const LayerView* hitView = nullptr;
    long feature = -1;
    double hitPos[3] = {0, 0, 0};
    if (!pickable.empty() && d.picker->Pick(x, y, 0.0, d.renderer)) {
        vtkActor* a = d.picker->GetActor();
        for (const auto& [actor, view] : pickable)
            if (actor == a) hitView = view;
        d.picker->GetPickPosition(hitPos);
        if (hitView) {
            vtkPolyData* pd = a == hitView->pointsActor.GetPointer() ? hitView->points.GetPointer()
                                                                     : hitView->mesh.GetPointer();
            auto* f = vtkIntArray::SafeDownCast(pd->GetCellData()->GetArray("feature"));
            const vtkIdType cell = d.picker->GetCellId();
            if (f && cell >= 0 && cell < f->GetNumberOfTuples()) feature = f->GetValue(cell);
        }
        if (groundHit) {
            const double dm =
                std::sqrt((hitPos[0] - o[0]) * (hitPos[0] - o[0]) + (hitPos[1] - o[1]) * (hitPos[1] - o[1]) +
                          (hitPos[2] - o[2]) * (hitPos[2] - o[2]));
            const double len = std::sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
            (void)len;
            // A draped ribbon sits a little above the ground: accept it when it is not behind the ground.
            if (dm > (*groundHit)[3] + 2.0 * d.exaggeration && hitView && hitView->data->extruded == false)
                hitView = nullptr;
        }
    }
    if (hitView && feature >= 0) {
        r.hit = true;
        r.layerId = hitView->data->info.id;
        r.feature = feature;
        r.title = hitView->data->featureTitle(feature);
        r.point = {hitPos[0] + d.ox(), hitPos[1] + d.oy(), hitPos[2] / d.exaggeration};
        r.rows = hitView->data->featureRows(feature);
        return r;
    }
    if (!groundHit) return r;
    const double wx = (*groundHit)[0] + d.ox(), wy = (*groundHit)[1] + d.oy();
    r.hit = true;
    r.layerId = "terrain";
    r.title = d.content.ground->flat() ? "Ground" : "Terrain";
    r.point = {wx, wy, (*groundHit)[2] / d.exaggeration};
    r.rows.push_back({"easting", formatFixed(wx, 1), "m"});
    r.rows.push_back({"northing", formatFixed(wy, 1), "m"});
    if (!d.content.ground->flat())
        r.rows.push_back({"elevation", formatNumber(d.content.ground->elevation(wx, wy), 4), "m"});
    for (auto it = d.views.rbegin(); it != d.views.rend(); ++it) {
        const LayerView& v = *it;
        if (!v.style.visible) continue;
        const LayerData& ld = *v.data;
        if (!ld.grids.empty()) {
            const auto& g = *ld.grids[static_cast<std::size_t>(
                std::clamp(v.frame, 0, static_cast<int>(ld.grids.size()) - 1))];
            const double value = g.sampleNearest({wx, wy});
            if (std::isnan(value) && !g.extent().contains({wx, wy})) continue;
            std::string name = ld.info.name;
            if (!ld.info.frameTimes.empty())
                name += " (" +
                        timeLabel(ld.info.frameTimes[static_cast<std::size_t>(v.frame)],
                                  ld.info.frameTimes.back()) +
                        ")";
            std::string text = ld.info.unit == "s" ? formatDuration(value) : formatNumber(value, 4);
            if (const AttributeColumn* classes = ld.column("value"); classes && std::isfinite(value)) {
                const long k = std::lround(value);
                if (k >= 0 && k < static_cast<long>(classes->categories.size()))
                    text += " (" + classes->categories[static_cast<std::size_t>(k)] + ")";
            }
            r.rows.push_back({name, text, ld.info.unit == "s" ? std::string() : ld.info.unit});
        } else if (!ld.polygonMask.empty()) {
            const auto& gt = ld.maskGrid.transform;
            const int c = static_cast<int>(std::floor((wx - gt.originX) / gt.cellWidth));
            const int rr = static_cast<int>(std::floor((gt.originY - wy) / gt.cellHeight));
            if (c < 0 || rr < 0 || c >= ld.maskGrid.width || rr >= ld.maskGrid.height) continue;
            const int f =
                ld.polygonMask[static_cast<std::size_t>(rr) * static_cast<std::size_t>(ld.maskGrid.width) +
                               static_cast<std::size_t>(c)];
            if (f >= 0) {
                r.rows.push_back({ld.info.name, ld.featureTitle(f), ""});
                for (PickRow& pr : ld.featureRows(f)) {
                    pr.name = "  " + pr.name;
                    r.rows.push_back(pr);
                }
            }
        }
    }
    return r;
}

std::array<double, 2> Scene::worldToDisplay(const std::array<double, 3>& p) const {
    vtkRenderer* r = impl_->renderer;
    r->SetWorldPoint(p[0] - impl_->ox(), p[1] - impl_->oy(), p[2] * impl_->exaggeration, 1.0);
    r->WorldToDisplay();
    double d[3];
    r->GetDisplayPoint(d);
    return {d[0], d[1]};
}

double Scene::metresPerPixel() const {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    const int* size = impl_->renderer->GetSize();
    const double h = std::max(1, size[1]);
    if (cam->GetParallelProjection()) return 2.0 * cam->GetParallelScale() / h;
    return 2.0 * cam->GetDistance() * std::tan(cam->GetViewAngle() * kPi / 360.0) / h;
}

double Scene::heading() const {
    vtkCamera* cam = impl_->renderer->GetActiveCamera();
    double pos[3], fp[3];
    cam->GetPosition(pos);
    cam->GetFocalPoint(fp);
    double h = std::atan2(fp[0] - pos[0], fp[1] - pos[1]) * 180.0 / kPi;
    if (h < 0) h += 360.0;
    return h;
}

void Scene::setTerrainPixelError(double pixels) {
    impl_->pixelError = std::max(0.5, pixels);
}

void Scene::prepareFinalRender(const core::Progress& progress) {
    impl_->finalRender = true;
    impl_->updateLod(true, &progress);
}

bool Scene::backgroundWorkPending() const {
    return impl_->content.ground && impl_->content.ground->pending() > 0;
}

void Scene::setRedrawCallback(std::function<void()> callback) {
    std::lock_guard<std::mutex> lock(*impl_->redrawMutex);
    *impl_->redrawShared = std::move(callback);
}

void Scene::copyFrom(const Scene& other) {
    Impl& d = *impl_;
    for (LayerView& v : d.views)
        d.removeActors(v);
    d.views.clear();
    d.content = other.impl_->content;
    d.tileMesh.clear();
    if (!d.content.ground) return;
    Ground& g = *d.content.ground;
    for (int t = 0; t < g.tileCount(); ++t)
        d.tileMesh.push_back(g.bestMesh(t, g.levelCount() - 1, nullptr));
    d.exaggeration = other.impl_->exaggeration;
    d.time = other.impl_->time;
    d.pixelError = other.impl_->pixelError;
    for (const LayerView& ov : other.impl_->views) {
        LayerView v;
        v.data = ov.data;
        v.style = ov.style;
        v.rank = ov.rank;
        v.frame = ov.frame;
        d.views.push_back(std::move(v));
        d.createActors(d.views.back());
        d.applyStyle(d.views.back());
    }
    d.deco.title = other.impl_->deco.title;
    d.deco.attribution = other.impl_->deco.attribution;
    d.deco.showLegends = other.impl_->deco.showLegends;
    d.deco.showScaleBar = other.impl_->deco.showScaleBar;
    d.deco.showNorthArrow = other.impl_->deco.showNorthArrow;
    d.deco.showInset = other.impl_->deco.showInset;
    d.deco.inset = other.impl_->deco.inset;
    d.deco.scale = other.impl_->deco.scale;
    d.mapMode = other.impl_->mapMode;
    d.applyBackground();
    d.renderer->GetActiveCamera()->DeepCopy(other.impl_->renderer->GetActiveCamera());
}

vtkInteractorObserver* Scene::createNavigationStyle() {
    return newNavigationStyle(this);
}

}  // namespace citytwin::render

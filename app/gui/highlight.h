#pragma once
// The picked object, outlined in the view: a building's or extruded feature's edges, a line traced along the
// ground, a point marked with a pole and a ring, a ground pick with a cross. Drawn into the scene's renderer
// with an actor of its own (the render library draws the layers; this draws only the outline, on screen, not
// in exports).

#include <array>
#include <string>

#include "citytwin/render/scene.h"

class vtkActor;
class vtkPolyData;

namespace citytwin::gui {

class PickHighlight {
public:
    PickHighlight();
    ~PickHighlight();
    PickHighlight(const PickHighlight&) = delete;
    PickHighlight& operator=(const PickHighlight&) = delete;

    /// Outlines what `pick` hit in `scene` (nothing when it hit nothing). Call with the scene's renderer
    /// attached.
    void show(render::Scene& scene, const render::PickResult& pick);
    /// Outlines feature `feature` of layer `layerId` (from an attribute table row).
    void showFeature(render::Scene& scene, const std::string& layerId, long feature);
    /// Removes the outline.
    void clear(render::Scene& scene);
    /// Follows a change of vertical exaggeration (the outline is kept in true elevations).
    void update(render::Scene& scene);
    bool visible() const { return visible_; }
    /// Number of line segments drawn (0 when hidden).
    long segments() const;
    /// The colour of the outline (RGB 0..1).
    static std::array<double, 3> color();

private:
    void attach(render::Scene& scene);
    void place(render::Scene& scene);
    vtkActor* actor_ = nullptr;
    vtkPolyData* lines_ = nullptr;
    bool visible_ = false;
    /// Project CRS of the origin the geometry is relative to.
    double ox_ = 0.0, oy_ = 0.0;
};

}  // namespace citytwin::gui

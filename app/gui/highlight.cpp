// The picked object's outline.

#include "highlight.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <cmath>
#include <limits>

#include "citytwin/core/geometry.h"

namespace citytwin::gui {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Builds polylines in coordinates relative to an origin, elevations true (the actor scales them).
class Lines {
public:
    Lines(vtkPoints* pts, vtkCellArray* cells, double ox, double oy)
        : pts_(pts), cells_(cells), ox_(ox), oy_(oy) {}
    void line(const std::vector<std::array<double, 3>>& p) {
        if (p.size() < 2) return;
        cells_->InsertNextCell(static_cast<vtkIdType>(p.size()));
        for (const auto& q : p)
            cells_->InsertCellPoint(pts_->InsertNextPoint(q[0] - ox_, q[1] - oy_, q[2]));
    }

private:
    vtkPoints* pts_;
    vtkCellArray* cells_;
    double ox_, oy_;
};

}  // namespace

PickHighlight::PickHighlight() {
    lines_ = vtkPolyData::New();
    auto* mapper = vtkPolyDataMapper::New();
    mapper->SetInputData(lines_);
    actor_ = vtkActor::New();
    actor_->SetMapper(mapper);
    mapper->Delete();
    const auto c = color();
    actor_->GetProperty()->SetColor(c[0], c[1], c[2]);
    actor_->GetProperty()->SetLineWidth(4.0);
    actor_->GetProperty()->SetLighting(false);
    actor_->GetProperty()->SetRenderLinesAsTubes(true);
    actor_->PickableOff();
    actor_->VisibilityOff();
}

PickHighlight::~PickHighlight() {
    actor_->Delete();
    lines_->Delete();
}

std::array<double, 3> PickHighlight::color() {
    return {1.0, 0.1, 0.85};  // magenta: apart from every colour map the layers use
}

long PickHighlight::segments() const {
    if (!visible_) return 0;
    long n = 0;
    vtkCellArray* cells = lines_->GetLines();
    if (!cells) return 0;
    for (vtkIdType i = 0; i < cells->GetNumberOfCells(); ++i)
        n += std::max<vtkIdType>(0, cells->GetCellSize(i) - 1);
    return n;
}

void PickHighlight::attach(render::Scene& scene) {
    // Checked each time: whatever clears the renderer's props (a new scene) must not leave the outline out.
    if (!scene.renderer() || scene.renderer()->HasViewProp(actor_)) return;
    scene.renderer()->AddActor(actor_);
}

void PickHighlight::place(render::Scene& scene) {
    actor_->SetScale(1.0, 1.0, scene.verticalExaggeration());
}

void PickHighlight::update(render::Scene& scene) {
    if (visible_) place(scene);
}

void PickHighlight::clear(render::Scene& scene) {
    (void)scene;
    visible_ = false;
    actor_->VisibilityOff();
}

void PickHighlight::showFeature(render::Scene& scene, const std::string& layerId, long feature) {
    render::PickResult p;
    p.hit = true;
    p.layerId = layerId;
    p.feature = feature;
    p.point = {0, 0, -std::numeric_limits<double>::infinity()};
    show(scene, p);
}

void PickHighlight::show(render::Scene& scene, const render::PickResult& pick) {
    attach(scene);
    if (!pick.hit || !scene.renderer()) {
        clear(scene);
        return;
    }
    // The scene draws in coordinates relative to a local origin; the camera state is in the project CRS:
    // their difference is the origin.
    vtkCamera* cam = scene.renderer()->GetActiveCamera();
    double f[3];
    cam->GetFocalPoint(f);
    const render::CameraState state = scene.cameraState();
    ox_ = state.focalPoint[0] - f[0];
    oy_ = state.focalPoint[1] - f[1];

    const core::CityModel* model = scene.content().model.get();
    auto ground = [&](double x, double y) {
        if (model && model->hasTerrain()) {
            const double z = model->terrain.sampleBilinear({x, y});
            if (!std::isnan(z)) return z;
        }
        return std::isfinite(pick.point[2]) ? std::min(pick.point[2], 0.0) : 0.0;
    };
    vtkNew<vtkPoints> pts;
    vtkNew<vtkCellArray> cells;
    Lines out(pts, cells, ox_, oy_);
    // Lines sit a little above what they outline so that the surfaces do not hide them.
    constexpr double lift = 0.4;
    auto ring = [&](const core::Ring& r, const std::function<double(const core::Point&)>& z) {
        std::vector<std::array<double, 3>> p;
        for (const core::Point& q : r)
            p.push_back({q.x, q.y, z(q)});
        if (!r.empty() && !(r.front().x == r.back().x && r.front().y == r.back().y))
            p.push_back({r.front().x, r.front().y, z(r.front())});
        out.line(p);
    };
    auto prism = [&](const core::MultiPolygon& mp, double z0, double z1) {
        for (const core::Polygon& poly : mp) {
            std::vector<const core::Ring*> rings{&poly.outer};
            for (const core::Ring& h : poly.inners)
                rings.push_back(&h);
            for (const core::Ring* r : rings) {
                ring(*r, [&](const core::Point&) { return z0; });
                ring(*r, [&](const core::Point&) { return z1 + lift; });
                for (const core::Point& q : *r)
                    out.line({{q.x, q.y, z0}, {q.x, q.y, z1 + lift}});
            }
        }
    };
    // A line following the ground: segments split every few metres so it does not cut through hills.
    auto draped = [&](const core::LineString& l, const std::vector<double>* z) {
        std::vector<std::array<double, 3>> p;
        for (std::size_t k = 0; k + 1 < l.size(); ++k) {
            const double len = std::hypot(l[k + 1].x - l[k].x, l[k + 1].y - l[k].y);
            const int n = z ? 1 : std::clamp(static_cast<int>(len / 3.0), 1, 200);
            for (int s = 0; s < n; ++s) {
                const double t = static_cast<double>(s) / n;
                const double x = l[k].x + t * (l[k + 1].x - l[k].x), y = l[k].y + t * (l[k + 1].y - l[k].y);
                p.push_back({x, y, z ? (*z)[k] + lift : ground(x, y) + 1.0});
            }
        }
        if (!l.empty())
            p.push_back(
                {l.back().x, l.back().y, z ? z->back() + lift : ground(l.back().x, l.back().y) + 1.0});
        out.line(p);
    };
    auto marker = [&](double x, double y, double z, double radius) {
        out.line({{x, y, z}, {x, y, z + 3 * radius}});
        std::vector<std::array<double, 3>> c;
        for (int k = 0; k <= 32; ++k)
            c.push_back(
                {x + radius * std::cos(2 * kPi * k / 32), y + radius * std::sin(2 * kPi * k / 32), z + lift});
        out.line(c);
    };

    const render::LayerInfo* info = scene.layerInfo(pick.layerId);
    const auto i = static_cast<std::size_t>(std::max(0L, pick.feature));
    const double scale = std::max(2.0, scene.metresPerPixel() * 12.0);  // markers about 12 px across
    const render::OutputData* data = info ? scene.layerData(pick.layerId) : nullptr;
    if (info && pick.feature >= 0 && info->kind == render::LayerKind::Buildings && model &&
        i < model->buildings.size()) {
        const core::Building& b = model->buildings[i];
        prism(b.footprint, b.baseM, b.baseM + b.heightM);
    } else if (info && pick.feature >= 0 && info->kind == render::LayerKind::Roads && model &&
               i < model->roads.size()) {
        draped(model->roads[i].line, nullptr);
    } else if (data && data->vector && pick.feature >= 0 && i < data->vector->features.size()) {
        const core::VectorFeature& feat = data->vector->features[i];
        if (feat.kind == core::GeometryKind::Polygon) {
            const core::Point c = core::centroid(feat.polygons);
            const double base = ground(c.x, c.y);
            double top = base;
            // Extruded features: up to the roof that was hit, or to a height attribute when chosen from a
            // table.
            if (std::isfinite(pick.point[2]) && pick.point[2] > base + 1.0) top = pick.point[2];
            const int h = data->vector->fields.indexOf("height_m");
            if (!std::isfinite(pick.point[2]) && h >= 0) {
                const double hv = core::toNumber(feat.attribute(h));
                if (std::isfinite(hv) && hv > 0) top = base + hv;
            }
            if (top > base + 1.0) {
                prism(feat.polygons, base, top);
            } else {
                for (const core::Polygon& poly : feat.polygons) {
                    core::LineString outer(poly.outer.begin(), poly.outer.end());
                    draped(outer, nullptr);
                }
            }
        } else if (feat.kind == core::GeometryKind::Line) {
            for (std::size_t k = 0; k < feat.lines.size(); ++k)
                draped(feat.lines[k], k < feat.lineZ.size() && feat.lineZ[k].size() == feat.lines[k].size()
                                          ? &feat.lineZ[k]
                                          : nullptr);
        } else {
            for (const core::Point& q : feat.points)
                marker(q.x, q.y, ground(q.x, q.y), scale);
        }
    } else {
        const double x = pick.point[0], y = pick.point[1];
        const double z = std::isfinite(pick.point[2]) ? pick.point[2] : ground(x, y);
        out.line({{x - scale, y, z + lift}, {x + scale, y, z + lift}});
        out.line({{x, y - scale, z + lift}, {x, y + scale, z + lift}});
        out.line({{x, y, z}, {x, y, z + 2 * scale}});
    }
    lines_->SetPoints(pts);
    lines_->SetLines(cells);
    lines_->Modified();
    place(scene);
    visible_ = cells->GetNumberOfCells() > 0;
    actor_->SetVisibility(visible_);
}

}  // namespace citytwin::gui

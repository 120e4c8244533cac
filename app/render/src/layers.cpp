// Building layers: batched building prisms, draped road ribbons, vector features and raster overlays.

#include "layers.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkContourTriangulator.h>
#include <vtkIdList.h>
#include <vtkIntArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "citytwin/core/error.h"
#include "citytwin/render/color_map.h"
#include "citytwin/render/format.h"
#include "ground.h"

namespace citytwin::render {

using core::Error;
using core::ErrorCode;

const char* toString(LayerKind kind) {
    switch (kind) {
        case LayerKind::Terrain:
            return "terrain";
        case LayerKind::Buildings:
            return "buildings";
        case LayerKind::Roads:
            return "roads";
        case LayerKind::Raster:
            return "raster";
        case LayerKind::RasterSeries:
            return "raster series";
        case LayerKind::Vector:
            return "vector";
    }
    return "layer";
}

const LayerInfo& infoOf(const LayerData& layer) {
    return layer.info;
}

const AttributeColumn* LayerData::column(const std::string& name) const {
    for (const AttributeColumn& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// ---- triangulation
// ------------------------------------------------------------------------------------------

struct P2 {
    double x, y;
};

double cross(const P2& a, const P2& b, const P2& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool inTriangle(const P2& p, const P2& a, const P2& b, const P2& c) {
    return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

std::vector<P2> ringPoints(const core::Ring& ring, double ox, double oy) {
    std::vector<P2> out;
    for (const core::Point& p : ring)
        out.push_back({p.x - ox, p.y - oy});
    if (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y) out.pop_back();
    return out;
}

// Ear clipping of a simple ring (any orientation), O(n^2).
std::vector<std::array<int, 3>> earClip(const std::vector<P2>& pts) {
    std::vector<std::array<int, 3>> out;
    const int n = static_cast<int>(pts.size());
    if (n < 3) return out;
    std::vector<int> idx(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        idx[static_cast<std::size_t>(i)] = i;
    double area = 0;
    for (int i = 0; i < n; ++i) {
        const P2& a = pts[static_cast<std::size_t>(i)];
        const P2& b = pts[static_cast<std::size_t>((i + 1) % n)];
        area += a.x * b.y - b.x * a.y;
    }
    if (area < 0) std::reverse(idx.begin(), idx.end());
    std::size_t i = 0;
    std::size_t sinceClip = 0;
    while (idx.size() > 3) {
        const std::size_t m = idx.size();
        if (sinceClip > m) {  // no ear found (degenerate ring): fan the rest
            for (std::size_t k = 1; k + 1 < m; ++k)
                out.push_back({idx[0], idx[k], idx[k + 1]});
            return out;
        }
        i %= m;
        const int ia = idx[(i + m - 1) % m], ib = idx[i], ic = idx[(i + 1) % m];
        const P2 &a = pts[static_cast<std::size_t>(ia)], &b = pts[static_cast<std::size_t>(ib)],
                 &c = pts[static_cast<std::size_t>(ic)];
        bool ear = cross(a, b, c) > 1e-12;
        for (std::size_t k = 0; ear && k < m; ++k) {
            const int ik = idx[k];
            if (ik == ia || ik == ib || ik == ic) continue;
            const P2& p = pts[static_cast<std::size_t>(ik)];
            if ((p.x == a.x && p.y == a.y) || (p.x == b.x && p.y == b.y) || (p.x == c.x && p.y == c.y))
                continue;
            if (inTriangle(p, a, b, c)) ear = false;
        }
        if (ear) {
            out.push_back({ia, ib, ic});
            idx.erase(idx.begin() + static_cast<std::ptrdiff_t>(i));
            sinceClip = 0;
        } else {
            ++i;
            ++sinceClip;
        }
    }
    out.push_back({idx[0], idx[1], idx[2]});
    return out;
}

}  // namespace

std::vector<std::array<int, 3>> triangulate(const core::Polygon& polygon) {
    if (polygon.outer.empty()) return {};
    const double ox = polygon.outer.front().x, oy = polygon.outer.front().y;
    const std::vector<P2> outer = ringPoints(polygon.outer, ox, oy);
    if (polygon.inners.empty()) return earClip(outer);
    // Holes: VTK's contour triangulator fills closed contours (exterior and holes) correctly.
    auto points = vtkSmartPointer<vtkPoints>::New();
    auto lines = vtkSmartPointer<vtkCellArray>::New();
    auto addRing = [&](const std::vector<P2>& ring) {
        const vtkIdType base = points->GetNumberOfPoints();
        for (const P2& p : ring)
            points->InsertNextPoint(p.x, p.y, 0.0);
        const vtkIdType n = static_cast<vtkIdType>(ring.size());
        for (vtkIdType k = 0; k < n; ++k) {
            const vtkIdType seg[2] = {base + k, base + (k + 1) % n};
            lines->InsertNextCell(2, seg);
        }
    };
    addRing(outer);
    for (const core::Ring& r : polygon.inners)
        addRing(ringPoints(r, ox, oy));
    auto pd = vtkSmartPointer<vtkPolyData>::New();
    pd->SetPoints(points);
    pd->SetLines(lines);
    auto tris = vtkSmartPointer<vtkCellArray>::New();
    const double normal[3] = {0, 0, 1};
    vtkContourTriangulator::TriangulateContours(pd, 0, lines->GetNumberOfCells(), tris, normal);
    std::vector<std::array<int, 3>> out;
    auto ids = vtkSmartPointer<vtkIdList>::New();
    tris->InitTraversal();
    while (tris->GetNextCell(ids))
        if (ids->GetNumberOfIds() == 3)
            out.push_back({static_cast<int>(ids->GetId(0)), static_cast<int>(ids->GetId(1)),
                           static_cast<int>(ids->GetId(2))});
    if (out.empty()) return earClip(outer);  // the triangulator gave up: at least fill the exterior
    return out;
}

namespace {

// ---- mesh helpers
// -------------------------------------------------------------------------------------------

/// Accumulates triangles/quads/lines/verts with a per-cell feature index.
struct MeshBuilder {
    vtkSmartPointer<vtkPoints> points = vtkSmartPointer<vtkPoints>::New();
    vtkSmartPointer<vtkCellArray> polys = vtkSmartPointer<vtkCellArray>::New();
    vtkSmartPointer<vtkCellArray> verts = vtkSmartPointer<vtkCellArray>::New();
    vtkSmartPointer<vtkIntArray> feature = vtkSmartPointer<vtkIntArray>::New();
    MeshBuilder() {
        points->SetDataTypeToFloat();
        feature->SetName("feature");
    }
    vtkIdType point(double x, double y, double z) { return points->InsertNextPoint(x, y, z); }
    void cell(std::initializer_list<vtkIdType> ids, int f) {
        polys->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.begin());
        feature->InsertNextValue(f);
    }
    void vert(vtkIdType id, int f) {
        verts->InsertNextCell(1, &id);
        feature->InsertNextValue(f);
    }
    vtkSmartPointer<vtkPolyData> polyData() {
        auto pd = vtkSmartPointer<vtkPolyData>::New();
        pd->SetPoints(points);
        if (verts->GetNumberOfCells() > 0) pd->SetVerts(verts);
        if (polys->GetNumberOfCells() > 0) pd->SetPolys(polys);
        pd->GetCellData()->AddArray(feature);
        return pd;
    }
    bool empty() const { return polys->GetNumberOfCells() == 0 && verts->GetNumberOfCells() == 0; }
};

/// A prism from a footprint part between two elevations (local coordinates).
void addPrism(MeshBuilder& mb, const core::Polygon& poly, double ox, double oy, double base, double top,
              int f) {
    std::vector<std::vector<vtkIdType>> topIds;
    std::vector<const core::Ring*> rings{&poly.outer};
    for (const core::Ring& r : poly.inners)
        rings.push_back(&r);
    for (const core::Ring* ring : rings) {
        const std::vector<P2> pts = ringPoints(*ring, ox, oy);
        const vtkIdType n = static_cast<vtkIdType>(pts.size());
        if (n < 3) {
            topIds.emplace_back();
            continue;
        }
        std::vector<vtkIdType> bottom(static_cast<std::size_t>(n)), up(static_cast<std::size_t>(n));
        for (vtkIdType k = 0; k < n; ++k) {
            bottom[static_cast<std::size_t>(k)] =
                mb.point(pts[static_cast<std::size_t>(k)].x, pts[static_cast<std::size_t>(k)].y, base);
            up[static_cast<std::size_t>(k)] =
                mb.point(pts[static_cast<std::size_t>(k)].x, pts[static_cast<std::size_t>(k)].y, top);
        }
        for (vtkIdType k = 0; k < n; ++k) {
            const std::size_t a = static_cast<std::size_t>(k), b = static_cast<std::size_t>((k + 1) % n);
            mb.cell({bottom[a], bottom[b], up[b], up[a]}, f);
        }
        topIds.push_back(std::move(up));
    }
    // Roof: triangle indices count through the rings in order.
    std::vector<vtkIdType> flat;
    for (const auto& ids : topIds)
        flat.insert(flat.end(), ids.begin(), ids.end());
    for (const auto& t : triangulate(poly)) {
        if (t[0] >= static_cast<int>(flat.size()) || t[1] >= static_cast<int>(flat.size()) ||
            t[2] >= static_cast<int>(flat.size()))
            continue;
        mb.cell({flat[static_cast<std::size_t>(t[0])], flat[static_cast<std::size_t>(t[1])],
                 flat[static_cast<std::size_t>(t[2])]},
                f);
    }
}

/// A ribbon of a given width along a polyline, draped on the ground (local coordinates), densified so that it
/// follows the terrain.
void addRibbon(MeshBuilder& mb, const Ground& g, const core::LineString& line, double width, double lift,
               int f) {
    if (line.size() < 2) return;
    const double step = g.flat() ? 1e300
                                 : std::max(1.0, 1.5 * std::min(g.dem().geoTransform().cellWidth,
                                                                g.dem().geoTransform().cellHeight));
    std::vector<P2> pts;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const P2 a{line[i].x, line[i].y}, b{line[i + 1].x, line[i + 1].y};
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        const int n = std::max(1, static_cast<int>(std::ceil(len / step)));
        for (int k = 0; k < n; ++k) {
            const double t = static_cast<double>(k) / n;
            pts.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
        }
    }
    pts.push_back({line.back().x, line.back().y});
    std::vector<P2> clean;
    for (const P2& p : pts)
        if (clean.empty() || std::hypot(p.x - clean.back().x, p.y - clean.back().y) > 1e-6)
            clean.push_back(p);
    if (clean.size() < 2) return;
    const double half = width / 2.0;
    const double fallback = g.zMin();
    vtkIdType prevL = -1, prevR = -1;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        // Miter direction: the mean of the adjacent segments' normals, limited at sharp corners.
        P2 n0{0, 0}, n1{0, 0};
        if (i > 0) {
            const double dx = clean[i].x - clean[i - 1].x, dy = clean[i].y - clean[i - 1].y,
                         l = std::hypot(dx, dy);
            n0 = {-dy / l, dx / l};
        }
        if (i + 1 < clean.size()) {
            const double dx = clean[i + 1].x - clean[i].x, dy = clean[i + 1].y - clean[i].y,
                         l = std::hypot(dx, dy);
            n1 = {-dy / l, dx / l};
        }
        if (i == 0) n0 = n1;
        if (i + 1 == clean.size()) n1 = n0;
        P2 m{n0.x + n1.x, n0.y + n1.y};
        double ml = std::hypot(m.x, m.y);
        if (ml < 1e-9) {
            m = n1;
            ml = 1;
        }
        m = {m.x / ml, m.y / ml};
        const double cosHalf = std::max(0.35, m.x * n1.x + m.y * n1.y);
        const double off = half / cosHalf;
        if (!g.flat() &&
            std::isnan(g.elevation(clean[i].x, clean[i].y))) {  // off the terrain: break the ribbon
            prevL = prevR = -1;
            continue;
        }
        const P2 l{clean[i].x + m.x * off, clean[i].y + m.y * off};
        const P2 r{clean[i].x - m.x * off, clean[i].y - m.y * off};
        const double zl = g.elevationOr(l.x, l.y, g.elevationOr(clean[i].x, clean[i].y, fallback)) + lift;
        const double zr = g.elevationOr(r.x, r.y, g.elevationOr(clean[i].x, clean[i].y, fallback)) + lift;
        const vtkIdType il = mb.point(l.x - g.originX(), l.y - g.originY(), zl);
        const vtkIdType ir = mb.point(r.x - g.originX(), r.y - g.originY(), zr);
        if (prevL >= 0) mb.cell({prevL, prevR, ir, il}, f);
        prevL = il;
        prevR = ir;
    }
}

/// A square tube of side `width` along a 3D line (altitudes `z` [m] per vertex): routes in the air.
void addTube(MeshBuilder& mb, const Ground& g, const core::LineString& line, const std::vector<double>& z,
             double width, int f) {
    if (line.size() < 2 || z.size() != line.size()) return;
    const double r = width / 2.0;
    std::array<vtkIdType, 4> prev{-1, -1, -1, -1};
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (!std::isfinite(z[i])) {
            prev = {-1, -1, -1, -1};
            continue;
        }
        const std::size_t a = i == 0 ? 0 : i - 1, b = i + 1 < line.size() ? i + 1 : i;
        double dx = line[b].x - line[a].x, dy = line[b].y - line[a].y;
        const double l = std::hypot(dx, dy);
        if (l < 1e-9) {
            dx = 1.0;
            dy = 0.0;
        } else {
            dx /= l;
            dy /= l;
        }
        const double nx = -dy, ny = dx;  // horizontal normal
        const double x = line[i].x - g.originX(), y = line[i].y - g.originY();
        std::array<vtkIdType, 4> cur{
            mb.point(x + nx * r, y + ny * r, z[i] + r), mb.point(x - nx * r, y - ny * r, z[i] + r),
            mb.point(x - nx * r, y - ny * r, z[i] - r), mb.point(x + nx * r, y + ny * r, z[i] - r)};
        if (prev[0] >= 0)
            for (int k = 0; k < 4; ++k)
                mb.cell({prev[k], prev[(k + 1) % 4], cur[(k + 1) % 4], cur[k]}, f);
        prev = cur;
    }
}

}  // namespace

void rasterizePolygon(const core::Polygon& poly, const TextureGrid& grid, std::vector<int>& mask, int value) {
    const auto& gt = grid.transform;
    const int w = grid.width, h = grid.height;
    core::Box b;
    for (const core::Point& p : poly.outer)
        b.expand(p);
    if (b.empty()) return;
    const int r0 = std::max(0, static_cast<int>(std::floor((gt.originY - b.maxY) / gt.cellHeight - 0.5)));
    const int r1 = std::min(h - 1, static_cast<int>(std::ceil((gt.originY - b.minY) / gt.cellHeight - 0.5)));
    std::vector<const core::Ring*> rings{&poly.outer};
    for (const core::Ring& r : poly.inners)
        rings.push_back(&r);
    std::vector<double> xs;
    for (int r = r0; r <= r1; ++r) {
        const double y = gt.originY - (r + 0.5) * gt.cellHeight;
        xs.clear();
        for (const core::Ring* ring : rings)
            for (std::size_t i = 0; i + 1 < ring->size(); ++i) {
                const core::Point& a = (*ring)[i];
                const core::Point& c = (*ring)[i + 1];
                if ((a.y <= y && c.y > y) || (c.y <= y && a.y > y))
                    xs.push_back(a.x + (y - a.y) / (c.y - a.y) * (c.x - a.x));
            }
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            const int c0 =
                std::max(0, static_cast<int>(std::ceil((xs[k] - gt.originX) / gt.cellWidth - 0.5)));
            const int c1 =
                std::min(w - 1, static_cast<int>(std::floor((xs[k + 1] - gt.originX) / gt.cellWidth - 0.5)));
            for (int c = c0; c <= c1; ++c)
                mask[static_cast<std::size_t>(r) * static_cast<std::size_t>(w) +
                     static_cast<std::size_t>(c)] = value;
        }
    }
}

namespace {

/// Puts undeclared classes in the order of their names, so that a class keeps its colour whatever order the
/// features come in.
void sortClasses(AttributeColumn& col) {
    std::vector<std::size_t> order(col.categories.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return col.categories[a] < col.categories[b]; });
    std::vector<double> newIndex(order.size());
    std::vector<std::string> sorted;
    for (std::size_t k = 0; k < order.size(); ++k) {
        newIndex[order[k]] = static_cast<double>(k);
        sorted.push_back(col.categories[order[k]]);
    }
    for (double& v : col.values)
        if (!std::isnan(v)) v = newIndex[static_cast<std::size_t>(v)];
    col.categories = std::move(sorted);
}

/// Columns from a field list: numbers as they are, text as classes when there are few distinct values.
void addFieldColumns(std::vector<AttributeColumn>& columns, const core::FieldList& fields, std::size_t count,
                     const std::function<const core::AttributeValue&(std::size_t, int)>& value) {
    for (int fi = 0; fi < static_cast<int>(fields.size()); ++fi) {
        const core::Field& field = fields[static_cast<std::size_t>(fi)];
        AttributeColumn col;
        col.name = field.name;
        if (field.type != core::FieldType::String) {
            col.values.resize(count);
            for (std::size_t i = 0; i < count; ++i)
                col.values[i] = core::toNumber(value(i, fi));
        } else {
            std::map<std::string, int> classes;
            col.categorical = true;
            col.values.resize(count, std::nan(""));
            bool tooMany = false;
            for (std::size_t i = 0; i < count && !tooMany; ++i) {
                const std::string text = core::toText(value(i, fi));
                if (text.empty()) continue;
                auto it = classes.find(text);
                if (it == classes.end()) {
                    if (classes.size() >= 40) {
                        tooMany = true;
                        break;
                    }
                    it = classes.emplace(text, static_cast<int>(classes.size())).first;
                    col.categories.push_back(text);
                }
                col.values[i] = it->second;
            }
            if (tooMany || classes.empty()) continue;
            sortClasses(col);
        }
        columns.push_back(std::move(col));
    }
}

AttributeColumn categorical(const std::string& name, std::size_t count,
                            const std::function<std::string(std::size_t)>& text) {
    AttributeColumn col;
    col.name = name;
    col.categorical = true;
    col.values.resize(count, std::nan(""));
    std::map<std::string, int> classes;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string t = text(i);
        if (t.empty()) continue;
        auto it = classes.find(t);
        if (it == classes.end()) {
            it = classes.emplace(t, static_cast<int>(classes.size())).first;
            col.categories.push_back(t);
        }
        col.values[i] = it->second;
    }
    sortClasses(col);
    return col;
}

void fillAttributeNames(LayerData& d) {
    for (const AttributeColumn& c : d.columns) {
        d.info.attributes.push_back(c.name);
        if (c.categorical) d.info.categoricalAttributes.push_back(c.name);
    }
}

double sceneDiagonal(const Ground& g) {
    const core::Box e = g.dem().extent();
    return std::hypot(e.width(), e.height());
}

}  // namespace

std::vector<PickRow> LayerData::featureRows(long feature) const {
    std::vector<PickRow> rows;
    if (feature < 0) return rows;
    const auto i = static_cast<std::size_t>(feature);
    // Text attributes as they are, integers exactly (ids), reals with six significant digits.
    auto text = [](const core::AttributeValue& v) -> std::string {
        if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
        if (const auto* d = std::get_if<double>(&v)) return formatNumber(*d, 6);
        return core::toText(v);
    };
    if (info.kind == LayerKind::Buildings && model && i < model->buildings.size()) {
        const core::Building& b = model->buildings[i];
        rows.push_back({"id", b.id, ""});
        rows.push_back({"height", formatNumber(b.heightM, 4), "m"});
        rows.push_back({"height from", core::toString(b.heightSource), ""});
        if (!std::isnan(b.levels)) rows.push_back({"floors", formatNumber(b.levels, 4), ""});
        rows.push_back({"base elevation", formatNumber(b.baseM, 6), "m"});
        rows.push_back({"footprint area", formatNumber(core::area(b.footprint), 5), "m²"});
        for (std::size_t k = 0; k < model->buildingFields.size() && k < b.attributes.size(); ++k) {
            const std::string v = text(b.attributes[k]);
            if (!v.empty()) rows.push_back({model->buildingFields[k].name, v, ""});
        }
        return rows;
    }
    if (info.kind == LayerKind::Roads && model && i < model->roads.size()) {
        const core::Road& r = model->roads[i];
        rows.push_back({"id", r.id, ""});
        if (!r.name.empty()) rows.push_back({"name", r.name, ""});
        rows.push_back({"class", r.roadClass, ""});
        rows.push_back({"lanes", std::to_string(r.lanes), ""});
        rows.push_back({"speed limit", formatNumber(r.speedKmh, 4), "km/h"});
        rows.push_back({"one-way", core::toString(r.oneway), ""});
        rows.push_back({"length", formatNumber(core::length(r.line), 5), "m"});
        for (std::size_t k = 0; k < model->roadFields.size() && k < r.attributes.size(); ++k) {
            const std::string v = text(r.attributes[k]);
            if (!v.empty()) rows.push_back({model->roadFields[k].name, v, ""});
        }
        return rows;
    }
    if (data.vector && i < data.vector->features.size()) {
        const core::VectorFeature& f = data.vector->features[i];
        if (f.fid >= 0) rows.push_back({"fid", std::to_string(f.fid), ""});
        for (std::size_t k = 0; k < data.vector->fields.size(); ++k) {
            const std::string& name = data.vector->fields[k].name;
            const core::AttributeValue& v = f.attribute(static_cast<int>(k));
            const bool styled = name == defaultStyle.attribute;
            std::string value = text(v);
            // A class the simulator named: the name beside the value.
            if (const AttributeColumn* c = column(name); c && c->declared && c->categorical &&
                                                         i < c->values.size() && !std::isnan(c->values[i]) &&
                                                         !std::holds_alternative<std::string>(v)) {
                const auto k2 = static_cast<std::size_t>(c->values[i]);
                if (k2 < c->categories.size()) value += " (" + c->categories[k2] + ")";
            }
            rows.push_back({name, value, styled ? info.unit : std::string()});
        }
        if (f.kind == core::GeometryKind::Polygon)
            rows.push_back({"area", formatNumber(core::area(f.polygons), 5), "m²"});
        return rows;
    }
    return rows;
}

std::string LayerData::featureTitle(long feature) const {
    if (info.kind == LayerKind::Buildings && model && feature >= 0 &&
        static_cast<std::size_t>(feature) < model->buildings.size())
        return "Building " + model->buildings[static_cast<std::size_t>(feature)].id;
    if (info.kind == LayerKind::Roads && model && feature >= 0 &&
        static_cast<std::size_t>(feature) < model->roads.size()) {
        const core::Road& r = model->roads[static_cast<std::size_t>(feature)];
        return "Road " + (r.name.empty() ? r.id : r.name);
    }
    if (data.vector && feature >= 0 && static_cast<std::size_t>(feature) < data.vector->features.size() &&
        data.vector->features[static_cast<std::size_t>(feature)].fid >= 0)
        return info.name + ", feature " +
               std::to_string(data.vector->features[static_cast<std::size_t>(feature)].fid);
    return info.name + ", feature " + std::to_string(feature);
}

std::string LayerData::labelText(long feature, const std::string& attribute) const {
    if (attribute.empty() || feature < 0) return {};
    // A categorical column gives its class name (declared or the text itself).
    if (const AttributeColumn* c = column(attribute); c && c->categorical) {
        const auto i = static_cast<std::size_t>(feature);
        if (i < c->values.size() && !std::isnan(c->values[i])) {
            const auto k = static_cast<std::size_t>(c->values[i]);
            if (k < c->categories.size()) return c->categories[k];
        }
        if (c->declared) return {};
    }
    for (const PickRow& r : featureRows(feature))
        if (r.name == attribute) {
            if (r.value.empty() || r.value == "no data") return {};
            return r.unit.empty() ? r.value : r.value + " " + r.unit;
        }
    return {};
}

std::vector<Rgb> LayerData::classColours(const AttributeColumn& col, const std::string& colorMap) const {
    std::vector<Rgb> out;
    const int n = static_cast<int>(col.categories.size());
    const ColorMap& chosen = ColorMap::byName(colorMap);
    // Undeclared classes (a name field) always get distinct colours: a continuous ramp would make
    // neighbouring classes look alike.
    const ColorMap& map = col.declared ? chosen : ColorMap::byName("categorical");
    for (int k = 0; k < n; ++k) {
        if (map.categorical()) {
            out.push_back(map.category(k, n));
        } else if (declaredMax > declaredMin) {
            out.push_back(map.at((k - declaredMin) / (declaredMax - declaredMin)));
        } else {
            out.push_back(map.category(k, n));
        }
    }
    return out;
}

namespace {

/// The point halfway along a line.
core::Point midpoint(const core::LineString& line) {
    const double half = core::length(line) / 2.0;
    double run = 0.0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const double d = std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
        if (run + d >= half && d > 0) {
            const double t = (half - run) / d;
            return {line[i].x + (line[i + 1].x - line[i].x) * t, line[i].y + (line[i + 1].y - line[i].y) * t};
        }
        run += d;
    }
    return line.empty() ? core::Point{} : line.front();
}

/// What a feature can be labelled with: the rows the inspector shows, and the categorical columns.
void fillLabelAttributes(LayerData& d) {
    if (d.featureCount == 0) return;
    for (const PickRow& r : d.featureRows(0))
        if (r.name != "fid" && r.name != "area" && r.name != "length" && r.name != "footprint area")
            d.info.labelAttributes.push_back(r.name);
    for (const AttributeColumn& c : d.columns)
        if (c.categorical && std::find(d.info.labelAttributes.begin(), d.info.labelAttributes.end(),
                                       c.name) == d.info.labelAttributes.end())
            d.info.labelAttributes.push_back(c.name);
}

/// A rank of road classes for labels: main roads first.
double roadRank(const std::string& roadClass) {
    static const char* order[] = {"motorway", "trunk",        "primary",    "secondary",
                                  "tertiary", "unclassified", "residential"};
    const std::string c = lower(roadClass);
    for (std::size_t k = 0; k < sizeof order / sizeof order[0]; ++k)
        if (c.rfind(order[k], 0) == 0) return static_cast<double>(sizeof order / sizeof order[0] - k);
    return 0.0;
}

}  // namespace

// ---- the model's layers
// ---------------------------------------------------------------------------------------

std::vector<LayerDataPtr> buildModelLayers(const std::shared_ptr<const core::CityModel>& model,
                                           const Ground& g, const core::ProgressCallback& progress) {
    std::vector<LayerDataPtr> out;
    const auto check = [&](double f, const std::string& stage) {
        if (progress && !progress(f, stage))
            throw Error(ErrorCode::Cancelled, "cancelled while building the scene");
    };
    {
        auto t = std::make_shared<LayerData>();
        t->info.id = "terrain";
        t->info.name = g.flat() ? "Ground (no terrain in the scenario)" : "Terrain";
        t->info.group = "City model";
        t->info.kind = LayerKind::Terrain;
        t->info.unit = "m";
        t->info.description = g.flat() ? "A flat plane at 0 m under the data."
                                       : "Elevation model, hillshaded, with a hypsometric colour ramp.";
        t->info.extent = g.dem().extent();
        t->info.dataMin = g.zMin();
        t->info.dataMax = g.zMax();
        t->draw = DrawKind::Terrain;
        t->model = model;
        t->defaultStyle.colorMap = "terrain";
        t->defaultStyle.min = g.zMin();
        t->defaultStyle.max = g.zMax();
        out.push_back(t);
    }
    check(0.2, "buildings");
    if (!model->buildings.empty()) {
        auto b = std::make_shared<LayerData>();
        b->info.id = "buildings";
        b->info.name = "Buildings";
        b->info.group = "City model";
        b->info.kind = LayerKind::Buildings;
        b->info.description =
            std::to_string(model->buildings.size()) + " buildings extruded to their heights.";
        b->info.extent = model->buildingExtent();
        b->draw = DrawKind::Mesh;
        b->extruded = true;
        b->model = model;
        b->featureCount = model->buildings.size();
        MeshBuilder mb;
        double zmax = -1e300, zmin = 1e300;
        for (std::size_t i = 0; i < model->buildings.size(); ++i) {
            const core::Building& bd = model->buildings[i];
            double base = bd.baseM;
            if (std::isnan(base)) {
                const core::Point c = core::centroid(bd.footprint);
                base = g.elevationOr(c.x, c.y, 0.0);
            }
            for (const core::Polygon& p : bd.footprint)
                addPrism(mb, p, g.originX(), g.originY(), base, base + bd.heightM, static_cast<int>(i));
            zmax = std::max(zmax, base + bd.heightM);
            zmin = std::min(zmin, base);
            const core::Point c = core::centroid(bd.footprint);
            b->anchors.push_back({c.x - g.originX(), c.y - g.originY(), base + bd.heightM});
            b->labelPriority.push_back(core::area(bd.footprint));
            if (i % 2000 == 0)
                check(0.2 + 0.5 * static_cast<double>(i) / model->buildings.size(), "buildings");
        }
        b->mesh = mb.polyData();
        const std::size_t n = model->buildings.size();
        AttributeColumn h{"height_m", "m", false, {}, {}};
        AttributeColumn base{"base_m", "m", false, {}, {}};
        AttributeColumn lv{"levels", "", false, {}, {}};
        for (const core::Building& bd : model->buildings) {
            h.values.push_back(bd.heightM);
            base.values.push_back(bd.baseM);
            lv.values.push_back(bd.levels);
        }
        b->columns.push_back(h);
        b->columns.push_back(base);
        b->columns.push_back(lv);
        b->columns.push_back(categorical("height_source", n, [&](std::size_t i) {
            return std::string(core::toString(model->buildings[i].heightSource));
        }));
        addFieldColumns(
            b->columns, model->buildingFields, n, [&](std::size_t i, int k) -> const core::AttributeValue& {
                static const core::AttributeValue null;
                const auto& a = model->buildings[i].attributes;
                return static_cast<std::size_t>(k) < a.size() ? a[static_cast<std::size_t>(k)] : null;
            });
        fillAttributeNames(*b);
        fillLabelAttributes(*b);
        b->defaultStyle.attribute = "height_m";
        b->defaultStyle.colorMap = "buildings";
        b->info.unit = "m";
        out.push_back(b);
    }
    check(0.75, "roads");
    if (!model->roads.empty()) {
        auto r = std::make_shared<LayerData>();
        r->info.id = "roads";
        r->info.name = "Roads";
        r->info.group = "City model";
        r->info.kind = LayerKind::Roads;
        r->info.description = std::to_string(model->roads.size()) + " road segments draped on the terrain.";
        r->info.extent = model->roadExtent();
        r->draw = DrawKind::Mesh;
        r->model = model;
        r->featureCount = model->roads.size();
        MeshBuilder mb;
        const double minWidth = sceneDiagonal(g) / 900.0;
        for (std::size_t i = 0; i < model->roads.size(); ++i) {
            const core::Road& road = model->roads[i];
            const std::string c = lower(road.roadClass);
            const bool slow = c == "footway" || c == "path" || c == "pedestrian" || c == "cycleway" ||
                              c == "steps" || c == "track" || c == "service";
            const double width =
                std::max(slow ? 2.0 : 3.0 * std::max(1, road.lanes), minWidth * (slow ? 0.5 : 1.0));
            addRibbon(mb, g, road.line, width, 0.35, static_cast<int>(i));
            const core::Point mid = midpoint(road.line);
            r->anchors.push_back(
                {mid.x - g.originX(), mid.y - g.originY(), g.elevationOr(mid.x, mid.y, 0.0) + 1.0});
            r->labelPriority.push_back(roadRank(road.roadClass) * 1e6 + core::length(road.line));
        }
        r->mesh = mb.polyData();
        const std::size_t n = model->roads.size();
        r->columns.push_back(
            categorical("class", n, [&](std::size_t i) { return model->roads[i].roadClass; }));
        AttributeColumn lanes{"lanes", "", false, {}, {}};
        AttributeColumn speed{"speed_kmh", "km/h", false, {}, {}};
        for (const core::Road& road : model->roads) {
            lanes.values.push_back(road.lanes);
            speed.values.push_back(road.speedKmh);
        }
        r->columns.push_back(lanes);
        r->columns.push_back(speed);
        r->columns.push_back(categorical(
            "oneway", n, [&](std::size_t i) { return std::string(core::toString(model->roads[i].oneway)); }));
        fillAttributeNames(*r);
        fillLabelAttributes(*r);
        r->defaultStyle.attribute = "class";
        r->defaultStyle.colorMap = "categorical";
        out.push_back(r);
    }
    check(0.85, "layers");
    SceneContent tmp;
    tmp.model = model;
    // buildDataLayer only needs the ground and the model; share the ground without owning it.
    tmp.ground = std::shared_ptr<Ground>(const_cast<Ground*>(&g), [](Ground*) {});
    for (const auto& [name, raster] : model->rasters) {
        OutputData d;
        d.decl.id = name;
        d.decl.label = name;
        d.decl.kind = sdk::OutputKind::Raster;
        d.decl.unit = raster.unit;
        // A scenario layer declares nothing about itself: draped, coloured by value (the user may switch a
        // depth layer to a water surface in the layer panel).
        d.decl.style = sdk::Style::draped("viridis");
        d.raster = std::make_shared<const core::Raster>(raster);
        auto layer = buildDataLayer(tmp, "layer:" + name, name, "City model", d);
        out.push_back(layer);
    }
    for (const auto& [name, vector] : model->vectors) {
        OutputData d;
        d.decl.id = name;
        d.decl.label = name;
        d.decl.kind = sdk::OutputKind::Vector;
        d.decl.style.colorMap = "categorical";
        d.vector = std::make_shared<const core::VectorLayer>(vector);
        out.push_back(buildDataLayer(tmp, "layer:" + name, name, "City model", d));
    }
    check(1.0, "scene built");
    return out;
}

// ---- layers from data
// ---------------------------------------------------------------------------------------

namespace {

/// Joins polygon features to the model's buildings by id (an attribute "id", "building_id", "bldg_id" or
/// "osm_id" matching a building's id) for their base and height, and reads the declared height attribute.
/// Never by order: a layer whose features merely number the same as the buildings is not assumed to be them.
/// Returns false when fewer than half the polygons get a height; `note` says why.
bool joinHeights(const core::VectorLayer& v, const core::CityModel* model, const Ground& g,
                 const std::string& heightAttribute, std::vector<double>& base, std::vector<double>& height,
                 std::string& note) {
    const std::size_t n = v.features.size();
    base.assign(n, std::nan(""));
    height.assign(n, std::nan(""));
    const int hField = !heightAttribute.empty()
                           ? v.fields.indexOf(heightAttribute)
                           : std::max(v.fields.indexOf("height_m"), v.fields.indexOf("height"));
    std::vector<long> match(n, -1);
    std::size_t matched = 0;
    int idField = -1;
    if (model && !model->buildings.empty()) {
        for (const char* name : {"id", "building_id", "bldg_id", "osm_id"})
            if ((idField = v.fields.indexOf(name)) >= 0) break;
        if (idField >= 0) {
            std::map<std::string, long> byId;
            for (std::size_t i = 0; i < model->buildings.size(); ++i)
                byId.emplace(model->buildings[i].id, static_cast<long>(i));
            for (std::size_t i = 0; i < n; ++i) {
                const auto it = byId.find(core::toText(v.features[i].attribute(idField)));
                if (it != byId.end()) {
                    match[i] = it->second;
                    ++matched;
                }
            }
        }
    }
    std::size_t usable = 0, polygons = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const core::VectorFeature& f = v.features[i];
        if (f.kind != core::GeometryKind::Polygon) continue;
        ++polygons;
        if (match[i] >= 0) {
            const core::Building& b = model->buildings[static_cast<std::size_t>(match[i])];
            height[i] = b.heightM;
            base[i] = b.baseM;
        }
        if (hField >= 0) {
            const double h = core::toNumber(f.attribute(hField));
            if (h > 0) height[i] = h;
        }
        if (std::isnan(base[i])) {
            double lowest = 1e300;
            for (const core::Polygon& p : f.polygons)
                for (const core::Point& q : p.outer) {
                    const double z = g.elevation(q.x, q.y);
                    if (!std::isnan(z)) lowest = std::min(lowest, z);
                }
            base[i] = lowest < 1e299 ? lowest : 0.0;
        }
        if (height[i] > 0) ++usable;
    }
    const bool ok = usable > 0 && usable * 2 >= polygons;
    if (!ok) {
        if (hField < 0 && idField < 0)
            note = "drawn flat: it has no height attribute" +
                   (heightAttribute.empty() ? std::string() : " ('" + heightAttribute + "')") +
                   " and no id attribute (id, building_id, bldg_id, osm_id) to join it with the buildings; "
                   "features "
                   "are never matched to buildings by their order";
        else if (hField < 0)
            note = "drawn flat: only " + std::to_string(matched) + " of " + std::to_string(polygons) +
                   " features have an id of a building, and there is no height attribute";
        else
            note = "drawn flat: only " + std::to_string(usable) + " of " + std::to_string(polygons) +
                   " features have a height";
    } else if (usable < polygons) {
        note = std::to_string(polygons - usable) + " of " + std::to_string(polygons) +
               " features have no height (no matching building id and no height value) and are not drawn";
    }
    return ok;
}

/// Applies the declared classes of the style's attribute to its column: numbers become class indices (values
/// that are not a class index: no class), texts are matched to the declared names (other texts become extra
/// classes after them, by name).
void applyDeclaredClasses(AttributeColumn& col, const std::vector<std::string>& names,
                          const core::VectorLayer& v) {
    const int field = v.fields.indexOf(col.name);
    if (field < 0 || names.empty()) return;
    const bool text = v.fields[static_cast<std::size_t>(field)].type == core::FieldType::String;
    std::vector<std::string> categories = names;
    std::vector<double> values(v.features.size(), std::nan(""));
    std::map<std::string, int> extra;
    for (std::size_t i = 0; i < v.features.size(); ++i) {
        const core::AttributeValue& a = v.features[i].attribute(field);
        if (text) {
            const std::string t = core::toText(a);
            if (t.empty()) continue;
            const auto it = std::find(names.begin(), names.end(), t);
            if (it != names.end())
                values[i] = static_cast<double>(it - names.begin());
            else
                extra.emplace(t, 0);
        } else {
            const double x = core::toNumber(a);
            if (std::isfinite(x) && x >= 0 && std::fabs(x - std::round(x)) < 1e-9 &&
                x < static_cast<double>(names.size()))
                values[i] = std::round(x);
        }
    }
    for (auto& [t, k] : extra) {
        k = static_cast<int>(categories.size());
        categories.push_back(t);
    }
    if (!extra.empty())
        for (std::size_t i = 0; i < v.features.size(); ++i)
            if (std::isnan(values[i])) {
                const auto it = extra.find(core::toText(v.features[i].attribute(field)));
                if (it != extra.end()) values[i] = it->second;
            }
    col.categorical = true;
    col.declared = true;
    col.categories = std::move(categories);
    col.values = std::move(values);
}

/// The grid polygons are filled on: fine enough for parcel edges (at most 2048 cells across the layer, at
/// least 0.25 m), covering the layer's extent.
TextureGrid polygonGrid(const core::Box& extent) {
    TextureGrid t;
    const double span = std::max(extent.width(), extent.height());
    const double cell = std::max(0.25, span / 2048.0);
    t.width = std::max(1, static_cast<int>(std::ceil(extent.width() / cell)) + 2);
    t.height = std::max(1, static_cast<int>(std::ceil(extent.height() / cell)) + 2);
    t.transform = core::GeoTransform{extent.minX - cell, extent.maxY + cell, cell, cell};
    return t;
}

}  // namespace

LayerDataPtr buildDataLayer(const SceneContent& content, const std::string& id, const std::string& name,
                            const std::string& group, const OutputData& data) {
    const Ground& g = *content.ground;
    auto d = std::make_shared<LayerData>();
    d->info.id = id;
    d->info.name = name;
    d->info.group = group;
    d->info.unit = data.decl.unit;
    d->info.description = data.decl.description;
    d->data = data;
    d->model = content.model;
    const sdk::StyleHint& hint = data.decl.style;
    bool knownMap = false;
    ColorMap::byName(hint.colorMap, &knownMap);
    d->defaultStyle.colorMap = knownMap ? hint.colorMap : std::string("viridis");
    d->defaultStyle.transparentBelow = hint.transparentBelow;
    d->declaredMin = hint.min;
    d->declaredMax = hint.max;
    if (hint.min < hint.max) {
        d->defaultStyle.autoRange = false;
        d->defaultStyle.min = hint.min;
        d->defaultStyle.max = hint.max;
    }
    switch (data.decl.kind) {
        case sdk::OutputKind::Raster:
        case sdk::OutputKind::RasterSeries: {
            d->draw = DrawKind::Overlay;
            std::vector<std::shared_ptr<const core::Raster>> sources;
            if (data.decl.kind == sdk::OutputKind::Raster) {
                if (!data.raster) throw Error(ErrorCode::Data, "output '" + data.decl.id + "' has no raster");
                d->info.kind = LayerKind::Raster;
                sources.push_back(data.raster);
            } else {
                if (data.frames.empty())
                    throw Error(ErrorCode::Data, "series '" + data.decl.id + "' has no frames");
                d->info.kind = LayerKind::RasterSeries;
                for (const Frame& f : data.frames) {
                    sources.push_back(f.raster);
                    d->info.frameTimes.push_back(f.timeS);
                }
            }
            double lo = 1e300, hi = -1e300;
            for (const auto& s : sources) {
                if (!s)
                    throw Error(ErrorCode::Data,
                                "output '" + data.decl.id + "' has a frame without a raster");
                if (!s->extent().intersects(g.dem().extent()))
                    throw Error(ErrorCode::Data, "the raster '" + (s->name.empty() ? data.decl.id : s->name) +
                                                     "' does not overlap the scene");
                for (float v : s->data())
                    if (!std::isnan(v) && v >= hint.transparentBelow) {
                        lo = std::min(lo, static_cast<double>(v));
                        hi = std::max(hi, static_cast<double>(v));
                    }
                // Drawn on its own grid (a texture of its cells on the ground): never resampled.
                d->grids.push_back(s);
            }
            if (lo > hi) lo = hi = 0.0;
            d->info.dataMin = lo;
            d->info.dataMax = hi;
            d->info.extent = sources.front()->extent();
            // Metres, or no unit given (the user decides).
            d->info.waterCapable = data.decl.unit == "m" || data.decl.unit.empty();
            d->defaultStyle.asWater = hint.drawAs == sdk::DrawAs::WaterSurface;
            if (d->defaultStyle.asWater && d->defaultStyle.transparentBelow < 0.0)
                d->defaultStyle.transparentBelow = 0.01;
            if (!hint.classNames.empty()) {
                // A categorical raster: one class per integer value.
                AttributeColumn c;
                c.name = "value";
                c.categorical = true;
                c.declared = true;
                c.categories = hint.classNames;
                d->columns.push_back(c);
            }
            break;
        }
        case sdk::OutputKind::Vector: {
            if (!data.vector)
                throw Error(ErrorCode::Data, "output '" + data.decl.id + "' has no vector layer");
            const core::VectorLayer& v = *data.vector;
            d->info.kind = LayerKind::Vector;
            d->info.extent = v.extent();
            d->featureCount = v.features.size();
            addFieldColumns(d->columns, v.fields, v.features.size(),
                            [&](std::size_t i, int k) -> const core::AttributeValue& {
                                return v.features[i].attribute(k);
                            });
            if (!hint.classNames.empty() && !hint.attribute.empty()) {
                bool found = false;
                for (AttributeColumn& c : d->columns)
                    if (c.name == hint.attribute) {
                        applyDeclaredClasses(c, hint.classNames, v);
                        found = true;
                    }
                if (!found && v.fields.indexOf(hint.attribute) >= 0) {
                    // A text attribute with too many values for automatic classes, but declared classes.
                    AttributeColumn c;
                    c.name = v.fields[static_cast<std::size_t>(v.fields.indexOf(hint.attribute))].name;
                    applyDeclaredClasses(c, hint.classNames, v);
                    d->columns.push_back(c);
                }
            }
            fillAttributeNames(*d);
            d->defaultStyle.attribute = hint.attribute;
            if (d->defaultStyle.attribute.empty() || !d->column(d->defaultStyle.attribute)) {
                d->defaultStyle.attribute.clear();
                if (!knownMap) d->defaultStyle.colorMap = "categorical";
            }
            bool hasPolygons = false;
            for (const core::VectorFeature& f : v.features)
                hasPolygons = hasPolygons || f.kind == core::GeometryKind::Polygon;
            std::vector<double> base, height;
            MeshBuilder mesh;
            MeshBuilder pts;
            const double diag = sceneDiagonal(g);
            std::string note;
            // Extruded only when declared so (and heights are known); otherwise polygons are draped.
            if (hasPolygons && hint.drawAs == sdk::DrawAs::ExtrudedPolygons &&
                joinHeights(v, content.model.get(), g, hint.heightAttribute, base, height, note)) {
                d->extruded = true;
                d->draw = DrawKind::Mesh;
                for (std::size_t i = 0; i < v.features.size(); ++i)
                    if (v.features[i].kind == core::GeometryKind::Polygon && height[i] > 0)
                        for (const core::Polygon& p : v.features[i].polygons)
                            addPrism(mesh, p, g.originX(), g.originY(), base[i], base[i] + height[i],
                                     static_cast<int>(i));
            } else if (hasPolygons) {
                d->draw = DrawKind::Overlay;
                d->maskGrid = polygonGrid(v.extent());
                d->polygonMask.assign(static_cast<std::size_t>(d->maskGrid.width) *
                                          static_cast<std::size_t>(d->maskGrid.height),
                                      -1);
                for (std::size_t i = 0; i < v.features.size(); ++i)
                    if (v.features[i].kind == core::GeometryKind::Polygon)
                        for (const core::Polygon& p : v.features[i].polygons) {
                            rasterizePolygon(p, d->maskGrid, d->polygonMask, static_cast<int>(i));
                            core::LineString ring(p.outer.begin(), p.outer.end());
                            addRibbon(mesh, g, ring, std::max(0.4, diag / 1800.0), 0.3, static_cast<int>(i));
                        }
            }
            if (!note.empty()) d->info.notes.push_back(note);
            // Lines may be widened by an attribute (the style hint's widthAttribute, e.g. traffic flow): from
            // 0.4 to 3 times the base width with the square root of the value, so that the ribbon's area
            // follows it.
            std::vector<double> widthScale(v.features.size(), 1.0);
            if (const int wf = v.fields.indexOf(hint.widthAttribute);
                !hint.widthAttribute.empty() && wf >= 0) {
                double top = 0.0;
                for (const core::VectorFeature& f : v.features) {
                    const double x = core::toNumber(f.attribute(wf));
                    if (std::isfinite(x)) top = std::max(top, x);
                }
                for (std::size_t i = 0; top > 0.0 && i < v.features.size(); ++i) {
                    const double x = core::toNumber(v.features[i].attribute(wf));
                    widthScale[i] = std::isfinite(x) && x > 0.0 ? 0.4 + 2.6 * std::sqrt(x / top) : 0.4;
                }
            }
            // Points at their altitude: the declared height attribute, or a "z" / "z_m" attribute (the
            // altitude above the datum [m], as for 3D lines); on the ground otherwise.
            int zField = -1;
            if (!hint.heightAttribute.empty()) zField = v.fields.indexOf(hint.heightAttribute);
            if (zField < 0) zField = std::max(v.fields.indexOf("z"), v.fields.indexOf("z_m"));
            d->anchors.assign(v.features.size(), {std::nan(""), std::nan(""), std::nan("")});
            d->labelPriority.assign(v.features.size(), 0.0);
            for (std::size_t i = 0; i < v.features.size(); ++i) {
                const core::VectorFeature& f = v.features[i];
                if (f.kind == core::GeometryKind::Line && hint.drawAs == sdk::DrawAs::Lines3D &&
                    !f.lineZ.empty()) {
                    const double w = hint.widthM > 0.0 ? hint.widthM : std::max(4.0, diag / 400.0);
                    for (std::size_t k = 0; k < f.lines.size() && k < f.lineZ.size(); ++k)
                        addTube(mesh, g, f.lines[k], f.lineZ[k], w * widthScale[i], static_cast<int>(i));
                } else if (f.kind == core::GeometryKind::Line) {
                    for (const core::LineString& l : f.lines)
                        addRibbon(mesh, g, l, std::max(1.5, diag / 1000.0) * widthScale[i], 0.4,
                                  static_cast<int>(i));
                }
                if (f.kind == core::GeometryKind::Point)
                    for (const core::Point& p : f.points) {
                        const double ground = g.elevationOr(p.x, p.y, 0.0);
                        const double z = zField >= 0 ? core::toNumber(f.attribute(zField)) : std::nan("");
                        pts.vert(pts.point(p.x - g.originX(), p.y - g.originY(),
                                           std::isfinite(z) ? z : ground + 1.0),
                                 static_cast<int>(i));
                    }
                // Label anchors.
                if (f.kind == core::GeometryKind::Point && !f.points.empty()) {
                    const core::Point& p = f.points.front();
                    const double z = zField >= 0 ? core::toNumber(f.attribute(zField)) : std::nan("");
                    d->anchors[i] = {p.x - g.originX(), p.y - g.originY(),
                                     std::isfinite(z) ? z : g.elevationOr(p.x, p.y, 0.0) + 1.0};
                    d->labelPriority[i] = 1.0;
                    d->pointLabels = true;
                } else if (f.kind == core::GeometryKind::Line && !f.lines.empty()) {
                    std::size_t longest = 0;
                    double best = -1.0;
                    for (std::size_t k = 0; k < f.lines.size(); ++k)
                        if (core::length(f.lines[k]) > best) {
                            best = core::length(f.lines[k]);
                            longest = k;
                        }
                    const core::Point mid = midpoint(f.lines[longest]);
                    double z = g.elevationOr(mid.x, mid.y, 0.0) + 1.0;
                    if (longest < f.lineZ.size() && !f.lineZ[longest].empty()) {
                        // A 3D line: the altitude of its middle vertex.
                        z = f.lineZ[longest][f.lineZ[longest].size() / 2];
                    }
                    d->anchors[i] = {mid.x - g.originX(), mid.y - g.originY(), z};
                    d->labelPriority[i] = best;
                } else if (f.kind == core::GeometryKind::Polygon && !f.polygons.empty()) {
                    const core::Point c = core::centroid(f.polygons);
                    double z = g.elevationOr(c.x, c.y, 0.0) + 1.0;
                    if (d->extruded && height[i] > 0) z = base[i] + height[i];
                    d->anchors[i] = {c.x - g.originX(), c.y - g.originY(), z};
                    d->labelPriority[i] = core::area(f.polygons);
                }
            }
            if (!mesh.empty()) d->mesh = mesh.polyData();
            if (!pts.empty()) d->points = pts.polyData();
            if (d->draw != DrawKind::Overlay) d->draw = DrawKind::Mesh;
            if (!d->mesh && !d->points && d->polygonMask.empty())
                throw Error(ErrorCode::Data, "the vector layer '" + name + "' has no features to draw");
            if (const AttributeColumn* c = d->column(d->defaultStyle.attribute);
                c && !c->categorical && hint.min >= hint.max) {
                d->defaultStyle.autoRange = true;
            }
            fillLabelAttributes(*d);
            if (!hint.labelAttribute.empty()) {
                const auto& la = d->info.labelAttributes;
                if (std::find(la.begin(), la.end(), hint.labelAttribute) != la.end())
                    d->defaultStyle.labelAttribute = hint.labelAttribute;
                else
                    d->info.notes.push_back("no labels: the declared label attribute '" +
                                            hint.labelAttribute + "' is not in the layer");
            }
            break;
        }
        case sdk::OutputKind::Table:
        case sdk::OutputKind::Scalar:
            throw Error(ErrorCode::Data, "output '" + data.decl.id + "' is a " +
                                             sdk::toString(data.decl.kind) +
                                             ", not a layer that can be drawn");
    }
    for (const std::string& n : d->info.notes)
        d->info.description += (d->info.description.empty() ? "" : " ") + std::string("Note: ") + n + ".";
    return d;
}

SceneContent buildSceneContent(std::shared_ptr<const core::CityModel> model,
                               const core::ProgressCallback& progress) {
    SceneContent c;
    c.model = model;
    auto scaled = [&](double from, double to) -> core::ProgressCallback {
        if (!progress) return {};
        return [=](double f, const std::string& stage) { return progress(from + (to - from) * f, stage); };
    };
    c.ground = std::make_shared<Ground>(*model, scaled(0.0, 0.4));
    c.layers = buildModelLayers(model, *c.ground, scaled(0.4, 1.0));
    return c;
}

LayerDataPtr buildLayer(const SceneContent& content, const std::string& id, const std::string& name,
                        const std::string& group, const OutputData& data) {
    if (!content.ground) throw Error(ErrorCode::Data, "no city model is loaded");
    return buildDataLayer(content, id, name, group, data);
}

}  // namespace citytwin::render

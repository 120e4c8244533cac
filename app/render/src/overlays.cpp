// Title, time stamp, legends, scale bar, north arrow, inset, attribution, labels and the title card.

#include "overlays.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCoordinate.h>
#include <vtkImageData.h>
#include <vtkImageMapper.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "citytwin/render/color_map.h"
#include "citytwin/render/format.h"
#include "text_style.h"

namespace citytwin::render {

namespace {

constexpr double kPi = 3.14159265358979323846;
const Rgb kInk{0.10f, 0.10f, 0.12f};
const Rgb kGrey{0.33f, 0.33f, 0.36f};
const Rgb kWhite{1.0f, 1.0f, 1.0f};

vtkSmartPointer<vtkActor2D> displayActor(vtkPolyData* data) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
    mapper->SetInputData(data);
    mapper->SetColorModeToDirectScalars();
    mapper->SetScalarModeToUseCellData();
    auto coord = vtkSmartPointer<vtkCoordinate>::New();
    coord->SetCoordinateSystemToViewport();  // pixels of this renderer (side-by-side views)
    mapper->SetTransformCoordinate(coord);
    auto actor = vtkSmartPointer<vtkActor2D>::New();
    actor->SetMapper(mapper);
    return actor;
}

OverlayBox box(const std::string& kind, const std::string& text, double x0, double y0, double x1, double y1) {
    OverlayBox b;
    b.kind = kind;
    b.text = text;
    b.x0 = std::min(x0, x1);
    b.x1 = std::max(x0, x1);
    b.y0 = std::min(y0, y1);
    b.y1 = std::max(y0, y1);
    return b;
}

}  // namespace

bool overlaps(const OverlayBox& a, const OverlayBox& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

double niceLength(double target) {
    if (!(target > 0)) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= target) return m * p;
    return p;
}

std::string lengthLabel(double metres) {
    if (metres >= 1000.0) return formatNumber(metres / 1000.0, 3) + " km";
    if (metres >= 1.0) return formatNumber(metres, 3) + " m";
    return formatNumber(metres * 100.0, 3) + " cm";
}

/// Filled shapes with a colour and opacity each, in display pixels.
struct Decorations::Painter {
    vtkSmartPointer<vtkPoints> pts = vtkSmartPointer<vtkPoints>::New();
    vtkSmartPointer<vtkCellArray> polys = vtkSmartPointer<vtkCellArray>::New();
    vtkSmartPointer<vtkUnsignedCharArray> colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
    Painter() { colours->SetNumberOfComponents(4); }
    void colour(const Rgb& c, double alpha) {
        const unsigned char v[4] = {
            static_cast<unsigned char>(std::lround(std::clamp(c.r, 0.0f, 1.0f) * 255)),
            static_cast<unsigned char>(std::lround(std::clamp(c.g, 0.0f, 1.0f) * 255)),
            static_cast<unsigned char>(std::lround(std::clamp(c.b, 0.0f, 1.0f) * 255)),
            static_cast<unsigned char>(std::lround(std::clamp(alpha, 0.0, 1.0) * 255))};
        colours->InsertNextTypedTuple(v);
    }
    void rect(double x0, double y0, double x1, double y1, const Rgb& c, double alpha = 1.0) {
        const vtkIdType b = pts->GetNumberOfPoints();
        pts->InsertNextPoint(x0, y0, 0);
        pts->InsertNextPoint(x1, y0, 0);
        pts->InsertNextPoint(x1, y1, 0);
        pts->InsertNextPoint(x0, y1, 0);
        const vtkIdType ids[4] = {b, b + 1, b + 2, b + 3};
        polys->InsertNextCell(4, ids);
        colour(c, alpha);
    }
    void tri(double ax, double ay, double bx, double by, double cx, double cy, const Rgb& c,
             double alpha = 1.0) {
        const vtkIdType b = pts->GetNumberOfPoints();
        pts->InsertNextPoint(ax, ay, 0);
        pts->InsertNextPoint(bx, by, 0);
        pts->InsertNextPoint(cx, cy, 0);
        const vtkIdType ids[3] = {b, b + 1, b + 2};
        polys->InsertNextCell(3, ids);
        colour(c, alpha);
    }
    /// A line of width `w` as a quad.
    void line(double ax, double ay, double bx, double by, double w, const Rgb& c, double alpha = 1.0) {
        const double dx = bx - ax, dy = by - ay, l = std::hypot(dx, dy);
        if (l < 1e-9) return;
        const double nx = -dy / l * w / 2, ny = dx / l * w / 2;
        const vtkIdType b = pts->GetNumberOfPoints();
        pts->InsertNextPoint(ax + nx, ay + ny, 0);
        pts->InsertNextPoint(bx + nx, by + ny, 0);
        pts->InsertNextPoint(bx - nx, by - ny, 0);
        pts->InsertNextPoint(ax - nx, ay - ny, 0);
        const vtkIdType ids[4] = {b, b + 1, b + 2, b + 3};
        polys->InsertNextCell(4, ids);
        colour(c, alpha);
    }
    void frame(double x0, double y0, double x1, double y1, double w, const Rgb& c, double alpha = 1.0) {
        rect(x0, y0, x1, y0 + w, c, alpha);
        rect(x0, y1 - w, x1, y1, c, alpha);
        rect(x0, y0 + w, x0 + w, y1 - w, c, alpha);
        rect(x1 - w, y0 + w, x1, y1 - w, c, alpha);
    }
    void commit(vtkPolyData* pd) {
        pd->Initialize();
        pd->SetPoints(pts);
        pd->SetPolys(polys);
        pd->GetCellData()->SetScalars(colours);
        pd->Modified();
    }
};

/// A legend measured for drawing.
struct Decorations::LegendBox {
    double width = 0.0, height = 0.0;
    double fs = 1.0;  // font scale
    std::vector<std::string> heading;
    std::vector<std::string> subtitle;
    bool categorical = false;
    double barHeight = 0.0;
    Ticks ticks;
    std::vector<std::vector<std::string>> classLines;  // wrapped class names
    double headingHeight = 0.0, subtitleHeight = 0.0, labelHeight = 0.0;
};

Decorations::Decorations() {
    backData_ = vtkSmartPointer<vtkPolyData>::New();
    back_ = displayActor(backData_);
    frontData_ = vtkSmartPointer<vtkPolyData>::New();
    front_ = displayActor(frontData_);
    insetPixels_ = vtkSmartPointer<vtkImageData>::New();
    auto im = vtkSmartPointer<vtkImageMapper>::New();
    im->SetInputData(insetPixels_);
    im->SetColorWindow(255.0);
    im->SetColorLevel(127.5);
    insetActor_ = vtkSmartPointer<vtkActor2D>::New();
    insetActor_->SetMapper(im);
    insetActor_->SetVisibility(false);
    probe_ = vtkSmartPointer<vtkTextProperty>::New();
}

Decorations::~Decorations() = default;

void Decorations::attach(vtkRenderer* renderer) {
    renderer_ = renderer;
    // Drawn in the order added: panels, then the inset picture, then what goes over it, then text.
    renderer->AddViewProp(back_);
    renderer->AddViewProp(insetActor_);
    renderer->AddViewProp(front_);
}

vtkTextProperty* Decorations::probe(double size, bool bold) {
    styleText(probe_, size, bold);
    return probe_;
}

vtkTextActor* Decorations::text(const std::string& s, double size, bool bold, const Rgb& colour, double x,
                                double y, int hJustify, int vJustify) {
    if (usedTexts_ == texts_.size()) {
        auto t = vtkSmartPointer<vtkTextActor>::New();
        t->GetPositionCoordinate()->SetCoordinateSystemToViewport();
        if (renderer_) renderer_->AddViewProp(t);
        texts_.push_back(t);
    }
    vtkTextActor* t = texts_[usedTexts_++];
    t->SetInput(s.c_str());
    vtkTextProperty* p = t->GetTextProperty();
    styleText(p, size, bold, colour);
    if (hJustify == 0)
        p->SetJustificationToLeft();
    else if (hJustify == 1)
        p->SetJustificationToCentered();
    else
        p->SetJustificationToRight();
    if (vJustify == 0)
        p->SetVerticalJustificationToBottom();
    else if (vJustify == 1)
        p->SetVerticalJustificationToCentered();
    else
        p->SetVerticalJustificationToTop();
    t->GetPositionCoordinate()->SetValue(std::round(x), std::round(y));
    t->SetVisibility(true);
    return t;
}

// ---- legends ----------------------------------------------------------------------------------------------

Decorations::LegendBox Decorations::measureLegend(const LegendEntry& e, double fs, double maxWidth,
                                                  double barHeight) {
    LegendBox b;
    b.fs = fs;
    const double pad = 7 * fs;
    const double inner = std::max(40.0 * fs, maxWidth - 2 * pad);
    b.heading = wrapText(probe(12.5 * fs, true), e.heading(), inner, dpi_);
    b.headingHeight = measureText(probe(12.5 * fs, true), joinLines(b.heading), dpi_).height;
    double width = 0.0;
    for (const std::string& l : b.heading)
        width = std::max(width, measureText(probe(12.5 * fs, true), l, dpi_).width);
    if (!e.subtitle.empty()) {
        b.subtitle = wrapText(probe(11 * fs, false), e.subtitle, inner, dpi_);
        b.subtitleHeight = measureText(probe(11 * fs, false), joinLines(b.subtitle), dpi_).height;
        for (const std::string& l : b.subtitle)
            width = std::max(width, measureText(probe(11 * fs, false), l, dpi_).width);
    }
    b.labelHeight = measureText(probe(11 * fs, false), "0.9", dpi_).height;
    double bodyW = 0.0, bodyH = 0.0;
    if (!e.categories.empty()) {
        b.categorical = true;
        const double swatch = 13 * fs, gap = 6 * fs;
        for (const std::string& c : e.categories) {
            b.classLines.push_back(wrapText(probe(11 * fs, false), c, inner - swatch - gap, dpi_));
            double lw = 0.0;
            for (const std::string& l : b.classLines.back())
                lw = std::max(lw, measureText(probe(11 * fs, false), l, dpi_).width);
            bodyW = std::max(bodyW, swatch + gap + lw);
            bodyH +=
                std::max(swatch, b.labelHeight * static_cast<double>(b.classLines.back().size())) + 4 * fs;
        }
    } else {
        b.barHeight = barHeight;
        const int count = std::clamp(static_cast<int>(barHeight / (b.labelHeight * 1.7)), 2, 7);
        b.ticks = niceTicks(e.min, e.max, e.unit, count);
        double lw = 0.0;
        for (const std::string& l : b.ticks.labels)
            lw = std::max(lw, measureText(probe(11 * fs, false), l, dpi_).width);
        bodyW = 16 * fs + 5 * fs + 4 * fs + lw;
        bodyH = barHeight + b.labelHeight;  // half a label over each end
    }
    width = std::max(width, bodyW);
    b.width = std::min(width, inner) + 2 * pad;
    if (bodyW > inner) b.width = bodyW + 2 * pad;  // never cut the body
    b.height =
        pad + b.headingHeight + (b.subtitle.empty() ? 0.0 : 2 * fs + b.subtitleHeight) + 6 * fs + bodyH + pad;
    return b;
}

void Decorations::drawLegend(const LegendEntry& e, const LegendBox& b, double x0, double yTop,
                             Painter& paint) {
    const double fs = b.fs, pad = 7 * fs;
    paint.rect(x0, yTop - b.height, x0 + b.width, yTop, kWhite, 0.86);
    double y = yTop - pad;
    text(joinLines(b.heading), 12.5 * fs, true, kInk, x0 + pad, y, 0, 2);
    y -= b.headingHeight;
    if (!b.subtitle.empty()) {
        y -= 2 * fs;
        text(joinLines(b.subtitle), 11 * fs, false, kGrey, x0 + pad, y, 0, 2);
        y -= b.subtitleHeight;
    }
    y -= 6 * fs;
    if (b.categorical) {
        const double swatch = 13 * fs, gap = 6 * fs;
        const ColorMap& map = ColorMap::byName(e.colorMap);
        for (std::size_t k = 0; k < e.categories.size(); ++k) {
            const double rowH = std::max(swatch, b.labelHeight * static_cast<double>(b.classLines[k].size()));
            const Rgb c = k < e.categoryColors.size()
                              ? e.categoryColors[k]
                              : map.category(static_cast<int>(k), static_cast<int>(e.categories.size()));
            const double sy = y - (rowH - swatch) / 2;
            paint.rect(x0 + pad, sy - swatch, x0 + pad + swatch, sy, c, 1.0);
            paint.frame(x0 + pad, sy - swatch, x0 + pad + swatch, sy, std::max(1.0, 0.8 * fs), kGrey, 0.9);
            text(joinLines(b.classLines[k]), 11 * fs, false, kInk, x0 + pad + swatch + gap, y - rowH / 2, 0,
                 1);
            y -= rowH + 4 * fs;
        }
        return;
    }
    // Colour bar: low values at the bottom.
    const double barW = 16 * fs;
    const double top = y - b.labelHeight / 2, bottom = top - b.barHeight;
    const double bx = x0 + pad;
    const ColorMap& map = ColorMap::byName(e.colorMap);
    const int segments = 64;
    for (int i = 0; i < segments; ++i) {
        const double t = (i + 0.5) / segments;
        const Rgb c = map.at(e.mapStart + (1.0 - e.mapStart) * t);
        paint.rect(bx, bottom + b.barHeight * i / segments, bx + barW,
                   bottom + b.barHeight * (i + 1) / segments, c);
    }
    paint.frame(bx, bottom, bx + barW, top, std::max(1.0, 0.8 * fs), kGrey, 0.9);
    const double span = e.max - e.min;
    for (std::size_t k = 0; k < b.ticks.values.size(); ++k) {
        const double v = b.ticks.values[k];
        const double f = span > 0 ? (v - e.min) / span : 0.5;
        const double ty = bottom + std::clamp(f, 0.0, 1.0) * b.barHeight;
        paint.rect(bx + barW, ty - 0.5 * std::max(1.0, fs), bx + barW + 5 * fs, ty + 0.5 * std::max(1.0, fs),
                   kInk);
        text(b.ticks.labels[k], 11 * fs, false, kInk, bx + barW + 9 * fs, ty, 0, 1);
    }
}

// ---- labels -----------------------------------------------------------------------------------------------

void Decorations::placeLabels(const std::vector<LabelCandidate>& labels, double w, double h) {
    const double s = scale;
    const double size = 11 * s;
    if (labelSizeScale_ != s) {
        labelSizes_.clear();
        labelSizeScale_ = s;
    }
    const double padX = 3 * s, padY = 1.5 * s;
    const std::size_t maxLabels = 250;
    std::vector<OverlayBox> placed;
    std::vector<std::pair<std::string, std::array<double, 2>>> placedText;
    const double repeat = 160 * s;  // the same text again only this far away (road segments of one street)
    for (const LabelCandidate& c : labels) {
        if (placed.size() >= maxLabels) break;
        if (c.text.empty() || !std::isfinite(c.x) || !std::isfinite(c.y)) continue;
        auto it = labelSizes_.find(c.text);
        if (it == labelSizes_.end()) {
            const TextExtent e = measureText(probe(size, false), c.text, dpi_);
            it = labelSizes_.emplace(c.text, std::array<double, 2>{e.width, e.height}).first;
        }
        const double tw = it->second[0] + 2 * padX, th = it->second[1] + 2 * padY;
        const double lift = c.lift * s;
        const double x0 = c.x - tw / 2, y0 = lift > 0 ? c.y + lift : c.y - th / 2;
        const OverlayBox b = box("label", c.text, x0, y0, x0 + tw, y0 + th);
        if (b.x0 < 2 || b.y0 < 2 || b.x1 > w - 2 || b.y1 > h - 2) continue;
        bool free = true;
        for (const OverlayBox& o : boxes_)
            if (overlaps(o, b)) {
                free = false;
                break;
            }
        for (std::size_t k = 0; free && k < placed.size(); ++k)
            if (overlaps(placed[k], b)) free = false;
        for (std::size_t k = 0; free && k < placedText.size(); ++k)
            if (placedText[k].first == c.text &&
                std::hypot(placedText[k].second[0] - c.x, placedText[k].second[1] - c.y) < repeat)
                free = false;
        if (!free) continue;
        placed.push_back(b);
        placedText.push_back({c.text, {c.x, c.y}});
        vtkTextActor* t = text(c.text, size, false, kInk, c.x, b.y0 + th / 2, 1, 1);
        vtkTextProperty* p = t->GetTextProperty();
        p->SetBackgroundColor(1.0, 1.0, 1.0);
        p->SetBackgroundOpacity(0.78);
    }
    boxes_.insert(boxes_.end(), placed.begin(), placed.end());
}

// ---- inset ------------------------------------------------------------------------------------------------

void Decorations::drawInset(const Frame& frame, double x0, double y0, double w, double h, Painter& front) {
    const int iw = std::max(2, static_cast<int>(std::lround(w))),
              ih = std::max(2, static_cast<int>(std::lround(h)));
    int dims[3] = {0, 0, 0};
    insetPixels_->GetDimensions(dims);
    if (dims[0] != iw || dims[1] != ih) {
        insetPixels_->SetDimensions(iw, ih, 1);
        insetPixels_->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
    }
    // Nearest sampling of the scene picture; image rows go up from the bottom.
    auto* px = static_cast<unsigned char*>(insetPixels_->GetScalarPointer());
    for (int r = 0; r < ih; ++r)
        for (int c = 0; c < iw; ++c) {
            const int sc = std::min(inset.width - 1, c * inset.width / iw);
            const int sr = std::min(inset.height - 1, (ih - 1 - r) * inset.height / ih);
            const unsigned char* src =
                &inset.rgb[(static_cast<std::size_t>(sr) * static_cast<std::size_t>(inset.width) +
                            static_cast<std::size_t>(sc)) *
                           3];
            unsigned char* dst = px + (static_cast<std::size_t>(r) * static_cast<std::size_t>(iw) +
                                       static_cast<std::size_t>(c)) *
                                          3;
            dst[0] = src[0];
            dst[1] = src[1];
            dst[2] = src[2];
        }
    insetPixels_->Modified();
    insetActor_->SetPosition(std::round(x0), std::round(y0));
    insetActor_->SetVisibility(true);
    const double s = scale;
    front.frame(x0 - 1, y0 - 1, x0 + iw + 1, y0 + ih + 1, std::max(1.0, s), kInk, 0.9);
    // The part in view, clipped to the inset (Sutherland-Hodgman against its four edges).
    if (frame.footprint.size() < 3 || inset.extent.empty()) return;
    std::vector<std::array<double, 2>> poly;
    for (const core::Point& p : frame.footprint)
        poly.push_back({x0 + (p.x - inset.extent.minX) / inset.extent.width() * iw,
                        y0 + (p.y - inset.extent.minY) / inset.extent.height() * ih});
    const double lim[4] = {x0, x0 + iw, y0, y0 + ih};
    for (int edge = 0; edge < 4 && !poly.empty(); ++edge) {
        const int axis = edge / 2;
        const bool keepAbove = edge % 2 == 0;
        auto inside = [&](const std::array<double, 2>& p) {
            return keepAbove ? p[static_cast<std::size_t>(axis)] >= lim[edge]
                             : p[static_cast<std::size_t>(axis)] <= lim[edge];
        };
        std::vector<std::array<double, 2>> out;
        for (std::size_t i = 0; i < poly.size(); ++i) {
            const auto& a = poly[i];
            const auto& b = poly[(i + 1) % poly.size()];
            const bool ia = inside(a), ib = inside(b);
            if (ia) out.push_back(a);
            if (ia != ib) {
                const double t = (lim[edge] - a[static_cast<std::size_t>(axis)]) /
                                 (b[static_cast<std::size_t>(axis)] - a[static_cast<std::size_t>(axis)]);
                out.push_back({a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t});
            }
        }
        poly = out;
    }
    const Rgb red{0.85f, 0.1f, 0.1f};
    for (std::size_t i = 0; i < poly.size(); ++i) {
        const auto& a = poly[i];
        const auto& b = poly[(i + 1) % poly.size()];
        front.line(a[0], a[1], b[0], b[1], std::max(1.5, 2.0 * s), red, 1.0);
    }
}

// ---- layout -----------------------------------------------------------------------------------------------

void Decorations::update(vtkRenderer* renderer, const Frame& frame) {
    const int* size = renderer->GetSize();
    const double w = size[0], h = size[1];
    for (auto& t : texts_)
        t->SetVisibility(false);
    usedTexts_ = 0;
    boxes_.clear();
    insetActor_->SetVisibility(false);
    Painter back, front;
    if (w < 2 || h < 2) {
        back.commit(backData_);
        front.commit(frontData_);
        return;
    }
    dpi_ = renderer->GetRenderWindow() ? renderer->GetRenderWindow()->GetDPI() : 72;
    const double s = scale;
    const double m = 12 * s;
    const double gap = 8 * s;

    // The title card of a video: over everything, nothing else but the attribution.
    if (!cardTitle.empty()) {
        back.rect(0, 0, w, h, kWhite, 0.9);
        const auto t = wrapText(probe(30 * s, true), cardTitle, w - 4 * m, dpi_);
        const double th = measureText(probe(30 * s, true), joinLines(t), dpi_).height;
        text(joinLines(t), 30 * s, true, kInk, w / 2, h / 2 + 6 * s, 1, 0);
        boxes_.push_back(box("title", cardTitle, m, h / 2, w - m, h / 2 + th));
        if (!cardSubtitle.empty()) {
            const auto st = wrapText(probe(17 * s, false), cardSubtitle, w - 4 * m, dpi_);
            text(joinLines(st), 17 * s, false, kGrey, w / 2, h / 2 - 6 * s, 1, 2);
        }
    }

    // Bottom row: the attribution at the right, the scale bar at the left; the attribution wraps to the
    // width, and gets a row of its own when both do not fit side by side.
    double attrTop = m / 2;
    double attrLeft = w;
    if (!attribution.empty()) {
        const double fsA = 10.5 * s;
        const auto lines = wrapText(probe(fsA, false), attribution, w - 2 * m, dpi_);
        const TextExtent e = measureText(probe(fsA, false), joinLines(lines), dpi_);
        const double x1 = w - m / 2, y0 = m / 2;
        back.rect(x1 - e.width - 8 * s, y0, x1, y0 + e.height + 4 * s, kWhite, 0.72);
        text(joinLines(lines), fsA, false, Rgb{0.2f, 0.2f, 0.22f}, x1 - 4 * s, y0 + 2 * s, 2, 0);
        boxes_.push_back(
            box("attribution", attribution, x1 - e.width - 8 * s, y0, x1, y0 + e.height + 4 * s));
        attrTop = y0 + e.height + 4 * s;
        attrLeft = x1 - e.width - 8 * s;
    }
    const bool card = !cardTitle.empty();
    double leftBottom = m / 2;  // where the bottom-left stack (scale bar, inset) starts
    const bool scaleOk =
        !card && showScaleBar && frame.metresPerPixel > 0 && std::isfinite(frame.metresPerPixel);
    if (scaleOk) {
        const double length = niceLength(std::min(170 * s, 0.4 * w) * frame.metresPerPixel);
        const double px = length / frame.metresPerPixel;
        const double fsS = 10.5 * s;
        const std::string endLabel = lengthLabel(length);
        const double endW = measureText(probe(fsS, false), endLabel, dpi_).width;
        const double panelW = px + 12 * s + endW / 2 + 8 * s;
        const double labelH = measureText(probe(fsS, false), "0", dpi_).height;
        const double panelH = 7 * s + 6 * s + labelH + 10 * s;
        double y0 = m / 2;
        if (m + panelW + gap > attrLeft) y0 = attrTop + gap / 2;  // its own row above the attribution
        const double x0 = m;
        back.rect(x0, y0, x0 + panelW, y0 + panelH, kWhite, 0.72);
        const double bx = x0 + 6 * s, by = y0 + 5 * s, bh = 7 * s;
        back.rect(bx - 1, by - 1, bx + px + 1, by + bh + 1, Rgb{0.12f, 0.12f, 0.12f});
        for (int k = 0; k < 4; ++k)
            back.rect(bx + px * k / 4.0, by, bx + px * (k + 1) / 4.0, by + bh,
                      k % 2 ? kWhite : Rgb{0.16f, 0.16f, 0.16f});
        const std::string half = lengthLabel(length / 2);
        text("0", fsS, false, kInk, bx, by + bh + 3 * s, 1, 0);
        text(half.substr(0, half.find(' ')), fsS, false, kInk, bx + px / 2, by + bh + 3 * s, 1, 0);
        text(endLabel, fsS, false, kInk, bx + px, by + bh + 3 * s, 1, 0);
        boxes_.push_back(box("scale bar", endLabel, x0, y0, x0 + panelW, y0 + panelH));
        leftBottom = y0 + panelH + gap / 2;
    }
    // North arrow: bottom right, above the attribution.
    double rightBottom = attrTop + gap / 2;
    if (!card && showNorthArrow) {
        const double r = 20 * s, R = 1.35 * r;
        const double cx = w - m - R, cy = rightBottom + R;
        const double ux = -std::sin(frame.northAngle), uy = std::cos(frame.northAngle);
        const double vx = uy, vy = -ux;
        const int seg = 32;
        for (int k = 0; k < seg; ++k) {
            const double a0 = 2 * kPi * k / seg, a1 = 2 * kPi * (k + 1) / seg;
            back.tri(cx, cy, cx + R * std::cos(a0), cy + R * std::sin(a0), cx + R * std::cos(a1),
                     cy + R * std::sin(a1), kWhite, 0.72);
        }
        const double tipX = cx + ux * r * 0.75, tipY = cy + uy * r * 0.75;
        const double notchX = cx - ux * r * 0.3, notchY = cy - uy * r * 0.3;
        const double baseX = cx - ux * r * 0.7, baseY = cy - uy * r * 0.7;
        const double wx = vx * r * 0.55, wy = vy * r * 0.55;
        back.tri(tipX, tipY, baseX - wx, baseY - wy, notchX, notchY, Rgb{0.12f, 0.12f, 0.12f});
        back.tri(tipX, tipY, notchX, notchY, baseX + wx, baseY + wy, Rgb{0.36f, 0.36f, 0.36f});
        const double lx = cx + ux * (R + 8 * s), ly = cy + uy * (R + 8 * s);
        vtkTextActor* n = text("N", 12 * s, true, kInk, lx, ly, 1, 1);
        n->GetTextProperty()->SetBackgroundColor(1.0, 1.0, 1.0);  // readable over buildings and dark rasters
        n->GetTextProperty()->SetBackgroundOpacity(0.72);
        const double top = std::max(cy + R, ly + 8 * s);
        boxes_.push_back(box("north arrow", "N", cx - R, cy - R, cx + R, top));
        rightBottom = top + gap / 2;
    }
    // Inset: bottom left, above the scale bar.
    if (!card && showInset && inset.width > 1 && inset.height > 1 && !inset.extent.empty()) {
        const double maxSide = std::min({170 * s, 0.3 * w, 0.3 * h});
        const double aspect = inset.extent.width() / inset.extent.height();
        const double iw = aspect >= 1 ? maxSide : maxSide * aspect,
                     ih = aspect >= 1 ? maxSide / aspect : maxSide;
        const double x0 = m, y0 = leftBottom + 2 * s;
        back.rect(x0 - 4 * s, y0 - 4 * s, x0 + iw + 4 * s, y0 + ih + 4 * s, kWhite, 0.85);
        drawInset(frame, x0, y0, iw, ih, front);
        boxes_.push_back(box("inset", "overview", x0 - 4 * s, y0 - 4 * s, x0 + iw + 4 * s, y0 + ih + 4 * s));
    }

    // Legends, measured first so that the title knows how much room they need.
    const std::vector<LegendEntry>& legends =
        card || !showLegends ? std::vector<LegendEntry>{} : frame.legends;
    const double maxLegendW = std::max(90.0 * s, std::min(0.42 * w, 330.0 * s));
    double naturalLegendW = 0.0;
    for (const LegendEntry& e : legends)
        naturalLegendW = std::max(naturalLegendW, measureLegend(e, s, maxLegendW, 150 * s).width);

    // Title and time, top left. The title wraps; beside the legends when there is room, else above them.
    double titleBottom = h - m, titleRight = m;
    if (!card && (!title.empty() || !timeText.empty())) {
        double maxTitleW = w - 2 * m;
        if (naturalLegendW > 0 && w - 2 * m - naturalLegendW - gap >= 0.5 * w)
            maxTitleW = w - 2 * m - naturalLegendW - gap;
        double y = h - m;
        if (!title.empty()) {
            const auto lines = wrapText(probe(19 * s, true), title, maxTitleW - 12 * s, dpi_);
            const TextExtent e = measureText(probe(19 * s, true), joinLines(lines), dpi_);
            back.rect(m, y - e.height - 8 * s, m + e.width + 12 * s, y, kWhite, 0.75);
            text(joinLines(lines), 19 * s, true, kInk, m + 6 * s, y - 4 * s, 0, 2);
            boxes_.push_back(box("title", title, m, y - e.height - 8 * s, m + e.width + 12 * s, y));
            titleRight = std::max(titleRight, m + e.width + 12 * s);
            y -= e.height + 8 * s + 3 * s;
        }
        if (!timeText.empty()) {
            const TextExtent e = measureText(probe(15 * s, false), timeText, dpi_);
            back.rect(m, y - e.height - 6 * s, m + e.width + 10 * s, y, kWhite, 0.75);
            text(timeText, 15 * s, false, kInk, m + 5 * s, y - 3 * s, 0, 2);
            boxes_.push_back(box("time", timeText, m, y - e.height - 6 * s, m + e.width + 10 * s, y));
            titleRight = std::max(titleRight, m + e.width + 10 * s);
            y -= e.height + 6 * s;
        }
        titleBottom = y;
    }

    // Legends in columns from the right edge, top down; a column that would reach the title starts below it.
    // When they do not fit, bars get shorter and then text smaller: a legend is never left out.
    if (!legends.empty()) {
        const double bottomLimit = rightBottom;
        struct Placed {
            LegendBox b;
            double x0, yTop;
        };
        std::vector<Placed> result;
        bool fitted = false;
        for (double fsFactor : {1.0, 0.85, 0.72, 0.62, 0.54, 0.47}) {
            for (double barFactor : {1.0, 0.7, 0.45}) {
                const double fs = s * fsFactor;
                result.clear();
                double right = w - m, colW = 0.0;
                const double colTopFor = h - m;
                double y = colTopFor;
                bool ok = true;
                bool columnStart = true;
                for (const LegendEntry& e : legends) {
                    LegendBox b = measureLegend(e, fs, maxLegendW * std::max(fsFactor, 0.75),
                                                150 * s * fsFactor * barFactor);
                    for (int attempt = 0; attempt < 2; ++attempt) {
                        const double x0 = right - b.width;
                        const bool underTitle = x0 < titleRight + gap;
                        double top = columnStart
                                         ? (underTitle ? std::min(colTopFor, titleBottom - gap) : colTopFor)
                                         : y;
                        if (!columnStart && underTitle) top = std::min(top, titleBottom - gap);
                        if (top - b.height >= bottomLimit || columnStart) {
                            if (top - b.height < bottomLimit)
                                ok = false;  // alone in its column and still too tall
                            result.push_back({b, x0, top});
                            y = top - b.height - gap;
                            colW = std::max(colW, b.width);
                            columnStart = false;
                            break;
                        }
                        // Next column, to the left.
                        right -= colW + gap;
                        colW = 0.0;
                        columnStart = true;
                        if (right - b.width < m) ok = false;
                    }
                    if (!ok) break;
                }
                // Columns must not run into the inset or the scale bar at the bottom left.
                for (const Placed& p : result)
                    for (const OverlayBox& o : boxes_)
                        if ((o.kind == "inset" || o.kind == "scale bar") &&
                            overlaps(o,
                                     box("legend", "", p.x0, p.yTop - p.b.height, p.x0 + p.b.width, p.yTop)))
                            ok = false;
                if (ok && result.size() == legends.size()) {
                    fitted = true;
                    break;
                }
            }
            if (fitted) break;
        }
        if (!fitted) {
            // Even the smallest does not fit: stack them anyway in one column from the top (over the map).
            result.clear();
            double y = std::min(h - m, titleBottom - gap);
            for (const LegendEntry& e : legends) {
                LegendBox b = measureLegend(e, 0.47 * s, maxLegendW, 150 * s * 0.45 * 0.47);
                result.push_back({b, w - m - b.width, y});
                y -= b.height + gap * 0.5;
            }
        }
        for (std::size_t i = 0; i < result.size(); ++i) {
            drawLegend(legends[i], result[i].b, result[i].x0, result[i].yTop, back);
            boxes_.push_back(box("legend", legends[i].heading(), result[i].x0,
                                 result[i].yTop - result[i].b.height, result[i].x0 + result[i].b.width,
                                 result[i].yTop));
        }
    }

    if (!card) placeLabels(frame.labels, w, h);
    back.commit(backData_);
    front.commit(frontData_);
}

}  // namespace citytwin::render

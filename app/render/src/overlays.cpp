// Legends, scale bar, north arrow, title, time and attribution.

#include "overlays.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCoordinate.h>
#include <vtkImageData.h>
#include <vtkLegendBoxActor.h>
#include <vtkLookupTable.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>
#include <vtkVariant.h>

#include <cmath>
#include <cstdio>

#include "citytwin/render/color_map.h"
#include "layers.h"

namespace citytwin::render {

double niceLength(double target) {
    if (!(target > 0)) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= target) return m * p;
    return p;
}

std::string lengthLabel(double metres) {
    char buf[32];
    if (metres >= 1000.0)
        std::snprintf(buf, sizeof buf, "%g km", metres / 1000.0);
    else if (metres >= 1.0)
        std::snprintf(buf, sizeof buf, "%g m", metres);
    else
        std::snprintf(buf, sizeof buf, "%g cm", metres * 100.0);
    return buf;
}

namespace {

void styleText(vtkTextProperty* p, double size, bool bold, double r = 0.1, double g = 0.1, double b = 0.12) {
    p->SetFontFamilyToArial();
    p->SetFontSize(static_cast<int>(std::lround(size)));
    p->SetBold(bold);
    p->SetItalic(false);
    p->SetShadow(false);
    p->SetColor(r, g, b);
}

vtkSmartPointer<vtkActor2D> displayActor(vtkPolyData* data) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper2D>::New();
    mapper->SetInputData(data);
    mapper->SetColorModeToDirectScalars();
    mapper->SetScalarModeToUseCellData();
    auto coord = vtkSmartPointer<vtkCoordinate>::New();
    coord->SetCoordinateSystemToDisplay();
    mapper->SetTransformCoordinate(coord);
    auto actor = vtkSmartPointer<vtkActor2D>::New();
    actor->SetMapper(mapper);
    return actor;
}

vtkSmartPointer<vtkLookupTable> legendTable(const LegendEntry& e) {
    const ColorMap& map = ColorMap::byName(e.colorMap);
    auto lut = vtkSmartPointer<vtkLookupTable>::New();
    if (!e.categories.empty()) {
        const int n = static_cast<int>(e.categories.size());
        lut->SetNumberOfTableValues(n);
        for (int i = 0; i < n; ++i) {
            const Rgb c = map.category(i, n);
            lut->SetTableValue(i, c.r, c.g, c.b, 1.0);
            lut->SetAnnotation(vtkVariant(i), e.categories[static_cast<std::size_t>(i)]);
        }
        lut->IndexedLookupOn();
        lut->SetRange(0, n - 1);
    } else {
        lut->SetNumberOfTableValues(256);
        for (int i = 0; i < 256; ++i) {
            const Rgb c = map.at(e.mapStart + (1.0 - e.mapStart) * i / 255.0);
            lut->SetTableValue(i, c.r, c.g, c.b, 1.0);
        }
        lut->SetRange(e.min, e.max > e.min ? e.max : e.min + 1.0);
    }
    lut->Build();
    return lut;
}

}  // namespace

Decorations::Decorations() {
    titleActor_ = vtkSmartPointer<vtkTextActor>::New();
    timeActor_ = vtkSmartPointer<vtkTextActor>::New();
    attributionActor_ = vtkSmartPointer<vtkTextActor>::New();
    scaleBarData_ = vtkSmartPointer<vtkPolyData>::New();
    scaleBar_ = displayActor(scaleBarData_);
    northData_ = vtkSmartPointer<vtkPolyData>::New();
    north_ = displayActor(northData_);
    northLabel_ = vtkSmartPointer<vtkTextActor>::New();
    emptySymbol_ = vtkSmartPointer<vtkPolyData>::New();
    emptySymbol_->SetPoints(vtkSmartPointer<vtkPoints>::New());
    for (int i = 0; i < 3; ++i)
        scaleLabels_.push_back(vtkSmartPointer<vtkTextActor>::New());
}

Decorations::~Decorations() = default;

void Decorations::attach(vtkRenderer* renderer) {
    renderer_ = renderer;
    renderer->AddViewProp(titleActor_);
    renderer->AddViewProp(timeActor_);
    renderer->AddViewProp(attributionActor_);
    renderer->AddViewProp(scaleBar_);
    renderer->AddViewProp(north_);
    renderer->AddViewProp(northLabel_);
    for (auto& l : scaleLabels_)
        renderer->AddViewProp(l);
}

void Decorations::update(vtkRenderer* renderer, const std::vector<LegendEntry>& legends, double mpp,
                         double northAngle) {
    const int* size = renderer->GetSize();
    const double w = size[0], h = size[1];
    if (w < 2 || h < 2) return;
    const double s = scale;
    const double margin = 14 * s;

    // Title and time, top left, on a translucent panel.
    titleActor_->SetInput(title.c_str());
    titleActor_->SetVisibility(!title.empty());
    styleText(titleActor_->GetTextProperty(), 19 * s, true);
    titleActor_->GetTextProperty()->SetBackgroundColor(1, 1, 1);
    titleActor_->GetTextProperty()->SetBackgroundOpacity(0.72);
    titleActor_->GetTextProperty()->SetFrame(false);
    titleActor_->GetTextProperty()->SetJustificationToLeft();
    titleActor_->GetTextProperty()->SetVerticalJustificationToTop();
    titleActor_->SetDisplayPosition(static_cast<int>(margin), static_cast<int>(h - margin));
    timeActor_->SetInput(timeText.c_str());
    timeActor_->SetVisibility(!timeText.empty());
    styleText(timeActor_->GetTextProperty(), 15 * s, false);
    timeActor_->GetTextProperty()->SetBackgroundColor(1, 1, 1);
    timeActor_->GetTextProperty()->SetBackgroundOpacity(0.72);
    timeActor_->GetTextProperty()->SetVerticalJustificationToTop();
    timeActor_->SetDisplayPosition(static_cast<int>(margin),
                                   static_cast<int>(h - margin - (title.empty() ? 0 : 30 * s)));

    // Attribution, bottom right.
    attributionActor_->SetInput(attribution.c_str());
    attributionActor_->SetVisibility(!attribution.empty());
    styleText(attributionActor_->GetTextProperty(), 11 * s, false, 0.2, 0.2, 0.22);
    attributionActor_->GetTextProperty()->SetBackgroundColor(1, 1, 1);
    attributionActor_->GetTextProperty()->SetBackgroundOpacity(0.6);
    attributionActor_->GetTextProperty()->SetJustificationToRight();
    attributionActor_->GetTextProperty()->SetVerticalJustificationToBottom();
    attributionActor_->SetDisplayPosition(static_cast<int>(w - margin / 2), static_cast<int>(margin / 2));

    // Legends, right, stacked from the top: colour bars for ranges, swatches for classes.
    const std::size_t shown = showLegends ? std::min<std::size_t>(legends.size(), 4) : 0;
    while (bars_.size() < shown) {
        auto bar = vtkSmartPointer<vtkScalarBarActor>::New();
        renderer->AddViewProp(bar);
        bars_.push_back(bar);
        auto box = vtkSmartPointer<vtkLegendBoxActor>::New();
        renderer->AddViewProp(box);
        boxes_.push_back(box);
        auto title = vtkSmartPointer<vtkTextActor>::New();
        renderer->AddViewProp(title);
        boxTitles_.push_back(title);
    }
    const double barW = 118 * s, gap = 10 * s;
    // Legends stay above the north arrow (bottom right).
    const double floor = showNorthArrow ? margin + 120 * s : margin + 24 * s;
    const double avail = std::max(40.0 * s, h - margin - floor - gap * (shown > 0 ? shown - 1 : 0));
    double top = h - margin;
    for (std::size_t i = 0; i < bars_.size(); ++i) {
        vtkScalarBarActor* bar = bars_[i];
        vtkLegendBoxActor* box = boxes_[i];
        vtkTextActor* boxTitle = boxTitles_[i];
        bar->SetVisibility(false);
        box->SetVisibility(false);
        boxTitle->SetVisibility(false);
        if (i >= shown) continue;
        const LegendEntry& e = legends[i];
        if (!e.categories.empty()) {
            const int n = static_cast<int>(e.categories.size());
            const double rowH = 16 * s;
            const double boxH = std::min(avail / shown - 20 * s, n * rowH + 8 * s);
            const double boxW = barW * 1.35;
            const ColorMap& map = ColorMap::byName(e.colorMap);
            box->SetNumberOfEntries(n);
            for (int k = 0; k < n; ++k) {
                // A swatch image per class; the label keeps the text colour (a colour given to the entry
                // would tint the label too).
                const Rgb c = map.category(k, n);
                auto icon = vtkSmartPointer<vtkImageData>::New();
                icon->SetDimensions(12, 12, 1);
                icon->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
                auto* px = static_cast<unsigned char*>(icon->GetScalarPointer());
                for (int p = 0; p < 144; ++p) {
                    px[p * 3] = static_cast<unsigned char>(c.r * 255);
                    px[p * 3 + 1] = static_cast<unsigned char>(c.g * 255);
                    px[p * 3 + 2] = static_cast<unsigned char>(c.b * 255);
                }
                double none[3] = {-1, -1, -1};
                // An empty symbol beside the icon: without one VTK prints "Symbol is not defined" on stdout.
                box->SetEntry(k, emptySymbol_, icon, e.categories[static_cast<std::size_t>(k)].c_str(), none);
            }
            box->BorderOff();
            box->UseBackgroundOn();
            box->SetBackgroundColor(1, 1, 1);
            box->SetBackgroundOpacity(0.78);
            box->SetPadding(static_cast<int>(3 * s));
            styleText(box->GetEntryTextProperty(), 11.5 * s, false);
            box->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
            const double titleH = 20 * s;
            box->GetPositionCoordinate()->SetValue((w - margin - boxW) / w, (top - titleH - boxH) / h);
            box->SetPosition2(boxW / w, boxH / h);
            box->SetVisibility(true);
            boxTitle->SetInput(e.title.c_str());
            styleText(boxTitle->GetTextProperty(), 12.5 * s, true);
            boxTitle->GetTextProperty()->SetBackgroundColor(1, 1, 1);
            boxTitle->GetTextProperty()->SetBackgroundOpacity(0.78);
            boxTitle->GetTextProperty()->SetJustificationToLeft();
            boxTitle->GetTextProperty()->SetVerticalJustificationToTop();
            boxTitle->SetDisplayPosition(static_cast<int>(w - margin - boxW), static_cast<int>(top));
            boxTitle->SetVisibility(true);
            top -= titleH + boxH + gap;
            continue;
        }
        const double barH = std::min(230 * s, avail / shown);
        if (top - barH < floor - 1) continue;
        bar->SetVisibility(true);
        bar->SetLookupTable(legendTable(e));
        bar->SetTitle(e.title.c_str());
        bar->SetOrientationToVertical();
        bar->SetNumberOfLabels(5);
        bar->SetDrawAnnotations(false);
        bar->SetDrawTickLabels(true);
        bar->SetLabelFormat(std::fabs(e.max - e.min) < 10 ? "%-#6.3g" : "%-#6.4g");
        bar->SetUnconstrainedFontSize(true);
        bar->SetTextPositionToSucceedScalarBar();
        bar->SetDrawBackground(true);
        bar->GetBackgroundProperty()->SetColor(1, 1, 1);
        bar->GetBackgroundProperty()->SetOpacity(0.78);
        bar->SetDrawFrame(false);
        bar->SetBarRatio(0.22);
        bar->SetTextPad(static_cast<int>(3 * s));
        bar->SetVerticalTitleSeparation(static_cast<int>(4 * s));
        bar->SetMaximumWidthInPixels(static_cast<int>(barW * 1.6));
        styleText(bar->GetTitleTextProperty(), 12.5 * s, true);
        bar->GetTitleTextProperty()->SetJustificationToLeft();
        styleText(bar->GetLabelTextProperty(), 11.5 * s, false);
        bar->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
        bar->GetPositionCoordinate()->SetValue((w - margin - barW * 1.25) / w, (top - barH) / h);
        bar->SetPosition2(barW * 1.25 / w, barH / h);
        top -= barH + gap;
    }

    // Scale bar, bottom left: four alternating segments of a round length.
    const bool scaleOk = showScaleBar && mpp > 0 && std::isfinite(mpp);
    scaleBar_->SetVisibility(scaleOk);
    for (auto& l : scaleLabels_)
        l->SetVisibility(scaleOk);
    if (scaleOk) {
        const double length = niceLength(170 * s * mpp);
        const double px = length / mpp;
        const double x0 = margin + 6 * s, y0 = margin + 8 * s, bh = 7 * s;
        auto pts = vtkSmartPointer<vtkPoints>::New();
        auto polys = vtkSmartPointer<vtkCellArray>::New();
        auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
        colours->SetNumberOfComponents(4);
        auto rect = [&](double xa, double ya, double xb, double yb, unsigned char v, unsigned char a) {
            const vtkIdType base = pts->GetNumberOfPoints();
            pts->InsertNextPoint(xa, ya, 0);
            pts->InsertNextPoint(xb, ya, 0);
            pts->InsertNextPoint(xb, yb, 0);
            pts->InsertNextPoint(xa, yb, 0);
            const vtkIdType ids[4] = {base, base + 1, base + 2, base + 3};
            polys->InsertNextCell(4, ids);
            const unsigned char c[4] = {v, v, v, a};
            colours->InsertNextTypedTuple(c);
        };
        rect(x0 - 6 * s, y0 - 6 * s, x0 + px + 34 * s, y0 + bh + 22 * s, 255, 185);  // panel
        rect(x0 - 1, y0 - 1, x0 + px + 1, y0 + bh + 1, 30, 255);                     // outline
        for (int k = 0; k < 4; ++k)
            rect(x0 + px * k / 4.0, y0, x0 + px * (k + 1) / 4.0, y0 + bh, k % 2 ? 255 : 40, 255);
        scaleBarData_->SetPoints(pts);
        scaleBarData_->SetPolys(polys);
        scaleBarData_->GetCellData()->SetScalars(colours);
        const std::string texts[3] = {
            "0", lengthLabel(length / 2).substr(0, lengthLabel(length / 2).find(' ')), lengthLabel(length)};
        const double xs[3] = {x0, x0 + px / 2, x0 + px};
        for (int k = 0; k < 3; ++k) {
            vtkTextActor* t = scaleLabels_[static_cast<std::size_t>(k)];
            t->SetInput(texts[k].c_str());
            styleText(t->GetTextProperty(), 11 * s, false);
            t->GetTextProperty()->SetJustificationToCentered();
            t->GetTextProperty()->SetVerticalJustificationToBottom();
            t->SetDisplayPosition(static_cast<int>(xs[k] + (k == 2 ? 10 * s : 0)),
                                  static_cast<int>(y0 + bh + 3 * s));
        }
    }

    // North arrow, bottom right above the attribution: a two-tone needle turned with the view.
    north_->SetVisibility(showNorthArrow);
    northLabel_->SetVisibility(showNorthArrow);
    if (showNorthArrow) {
        const double cx = w - margin - 30 * s, cy = margin + 62 * s, r = 24 * s;
        const double ux = -std::sin(northAngle), uy = std::cos(northAngle);  // screen direction of north
        const double vx = uy, vy = -ux;                                      // to the right of it
        auto pts = vtkSmartPointer<vtkPoints>::New();
        auto polys = vtkSmartPointer<vtkCellArray>::New();
        auto colours = vtkSmartPointer<vtkUnsignedCharArray>::New();
        colours->SetNumberOfComponents(4);
        auto tri = [&](double ax, double ay, double bx, double by, double cx2, double cy2, unsigned char v,
                       unsigned char a) {
            const vtkIdType base = pts->GetNumberOfPoints();
            pts->InsertNextPoint(ax, ay, 0);
            pts->InsertNextPoint(bx, by, 0);
            pts->InsertNextPoint(cx2, cy2, 0);
            const vtkIdType ids[3] = {base, base + 1, base + 2};
            polys->InsertNextCell(3, ids);
            const unsigned char c[4] = {v, v, v, a};
            colours->InsertNextTypedTuple(c);
        };
        // A round backdrop.
        const int seg = 32;
        for (int k = 0; k < seg; ++k) {
            const double a0 = 2 * M_PI * k / seg, a1 = 2 * M_PI * (k + 1) / seg;
            tri(cx, cy, cx + 1.35 * r * std::cos(a0), cy + 1.35 * r * std::sin(a0),
                cx + 1.35 * r * std::cos(a1), cy + 1.35 * r * std::sin(a1), 255, 185);
        }
        // A chevron arrow head pointing north: the left half dark, the right half a shade lighter.
        const double tipX = cx + ux * r, tipY = cy + uy * r;
        const double notchX = cx - ux * r * 0.35, notchY = cy - uy * r * 0.35;
        const double baseX = cx - ux * r * 0.8, baseY = cy - uy * r * 0.8;
        const double wx = vx * r * 0.62, wy = vy * r * 0.62;
        tri(tipX, tipY, baseX - wx, baseY - wy, notchX, notchY, 30, 255);
        tri(tipX, tipY, notchX, notchY, baseX + wx, baseY + wy, 85, 255);
        northData_->SetPoints(pts);
        northData_->SetPolys(polys);
        northData_->GetCellData()->SetScalars(colours);
        northLabel_->SetInput("N");
        styleText(northLabel_->GetTextProperty(), 12 * s, true);
        northLabel_->GetTextProperty()->SetJustificationToCentered();
        northLabel_->GetTextProperty()->SetVerticalJustificationToCentered();
        northLabel_->SetDisplayPosition(static_cast<int>(cx + ux * r * 1.75),
                                        static_cast<int>(cy + uy * r * 1.75));
    }
}

}  // namespace citytwin::render

#include "citytwin/charts/chart_painter.h"

#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <cmath>

#include <vtkAxis.h>
#include <vtkBrush.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContext2D.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkPlotPoints.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include "citytwin/render/color_map.h"
#include "qt_context_device.h"

namespace citytwin::charts {

namespace {

void setFont(vtkTextProperty* p, double size, bool bold) {
    p->SetFontSize(std::max(1, static_cast<int>(std::lround(size))));
    p->SetBold(bold ? 1 : 0);
    p->SetItalic(0);
    p->SetColor(0.12, 0.12, 0.12);
}

int penType(int dash) {
    switch (dash % 4) {
        case 1:
            return vtkPen::DASH_LINE;
        case 2:
            return vtkPen::DOT_LINE;
        case 3:
            return vtkPen::DASH_DOT_LINE;
        default:
            return vtkPen::SOLID_LINE;
    }
}

}  // namespace

QColor seriesColour(int index) {
    const render::ColorMap& map = render::ColorMap::byName("categorical");
    const int n = static_cast<int>(map.stops().size());
    const render::Rgb c = map.category(index < 0 ? 0 : index % std::max(1, n), std::max(1, n));
    return QColor::fromRgbF(c.r, c.g, c.b);
}

void paintChart(const Chart& chart, QPainter& painter, const QRectF& rect, double scale,
                const ChartStyle& style, const QString& noData) {
    if (rect.width() <= 0 || rect.height() <= 0) return;
    const QString family = style.fontFamily.isEmpty() ? QGuiApplication::font().family() : style.fontFamily;
    if (style.background.isValid()) painter.fillRect(rect, style.background);

    vtkNew<vtkChartXY> xy;
    xy->SetAutoSize(true);
    if (style.title && !chart.title.empty()) {
        xy->SetTitle(chart.title);
        setFont(xy->GetTitleProperties(), style.fontSize * 1.15, true);
    }
    for (int a : {vtkAxis::BOTTOM, vtkAxis::LEFT}) {
        vtkAxis* axis = xy->GetAxis(a);
        axis->SetTitle(a == vtkAxis::BOTTOM ? chart.xTitle : chart.yTitle);
        setFont(axis->GetTitleProperties(), style.fontSize, false);
        setFont(axis->GetLabelProperties(), style.fontSize * 0.9, false);
        axis->GetGridPen()->SetColor(225, 225, 225);
        axis->GetPen()->SetColor(90, 90, 90);
    }
    if (chart.logY) xy->GetAxis(vtkAxis::LEFT)->SetLogScale(true);

    int drawn = 0;
    for (const Series& s : chart.series) {
        vtkNew<vtkTable> table;
        vtkNew<vtkDoubleArray> xs, ys;
        xs->SetName("x");
        ys->SetName(s.name.empty() ? "value" : s.name.c_str());
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            // Gaps (NoData) are left out; a log axis cannot show values <= 0.
            if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (chart.logY && s.y[i] <= 0)) continue;
            xs->InsertNextValue(s.x[i]);
            ys->InsertNextValue(s.y[i]);
        }
        if (xs->GetNumberOfTuples() == 0) continue;
        table->AddColumn(xs);
        table->AddColumn(ys);
        vtkPlot* plot = xy->AddPlot(s.markers ? vtkChart::POINTS : vtkChart::LINE);
        plot->SetInputData(table, 0, 1);
        const QColor c = seriesColour(s.colour);
        plot->SetColor(static_cast<unsigned char>(c.red()), static_cast<unsigned char>(c.green()),
                       static_cast<unsigned char>(c.blue()), 255);
        plot->SetWidth(static_cast<float>(s.markers ? style.markerSize : style.lineWidth));
        plot->GetPen()->SetLineType(penType(s.dash));
        plot->SetLabel(s.name);
        if (auto* pts = vtkPlotPoints::SafeDownCast(plot); pts && !s.markers)
            pts->SetMarkerStyle(vtkPlotPoints::NONE);
        else if (pts) {
            pts->SetMarkerStyle(vtkPlotPoints::CIRCLE);
            pts->SetMarkerSize(static_cast<float>(style.markerSize));
        }
        ++drawn;
    }
    const bool legend = style.legend && drawn > 1;
    xy->SetShowLegend(legend);
    if (legend) {
        vtkChartLegend* l = xy->GetLegend();
        // A few lines: the legend inside the plot's top right corner; more: beside the plot, where it does
        // not hide the lines.
        l->SetInline(drawn <= 4);
        l->SetHorizontalAlignment(vtkChartLegend::RIGHT);
        l->SetVerticalAlignment(vtkChartLegend::TOP);
        l->SetLabelSize(static_cast<int>(std::lround(style.fontSize * 0.9)));
        l->GetBrush()->SetColor(255, 255, 255, 220);
        l->GetPen()->SetColor(180, 180, 180);
    }
    xy->SetRenderEmpty(true);

    // VTK lays the chart out to the very edge of its scene: keep a margin of about a character on the right
    // and top so that the last tick label and the title are not cut.
    const double m = style.fontSize * scale;
    const QRectF inner = rect.adjusted(m * 0.3, m * 0.6, -m * 1.2, -m * 0.3);
    vtkNew<charts::detail::QtContextDevice> device;
    device->setTarget(&painter, inner, scale, family);
    vtkNew<vtkContextScene> scene;
    scene->SetGeometry(device->GetWidth(), device->GetHeight());
    scene->AddItem(xy);
    vtkNew<vtkContext2D> context;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setClipRect(rect, Qt::IntersectClip);
    // VTK updates the plots' data before the axes: on the first paint a log axis or a shifted range is not
    // yet applied to the points (VTK's own views simply render again). A layout pass that draws nothing
    // settles axes and plots; the second pass draws.
    context->Begin(device);
    device->setDryRun(true);
    scene->Paint(context);
    device->setDryRun(false);
    scene->Paint(context);
    context->End();
    if (drawn == 0) {
        QFont f(family);
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(style.fontSize * scale))));
        painter.setFont(f);
        painter.setPen(QColor(110, 110, 110));
        painter.drawText(rect, Qt::AlignCenter, noData);
    }
    painter.restore();
}

QImage chartImage(const Chart& chart, int width, int height, double scale, const ChartStyle& style) {
    QImage img(std::max(1, width), std::max(1, height), QImage::Format_ARGB32_Premultiplied);
    img.fill(style.background.isValid() ? style.background : QColor(Qt::transparent));
    QPainter p(&img);
    paintChart(chart, p, QRectF(0, 0, img.width(), img.height()), scale, style);
    p.end();
    return img;
}

}  // namespace citytwin::charts
